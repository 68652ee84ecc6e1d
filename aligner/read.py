"""Read stage: a file or a string -> a list of paragraph texts.

Files may be UTF-8 (with or without BOM), UTF-16/32 with BOM, or a legacy
single-byte encoding (detected). Paragraphs are blank-line separated blocks;
hard-wrapped lines inside a block are joined with a space. In Markdown, markup
is removed and a hard line break (two trailing spaces or a backslash) is kept
as "\\n", so the segmenter can treat it as a line of its own.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path

from .errors import InputError

ParagraphReader = Callable[[Path], list[str]]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab/newline/carriage return/form feed: text files do not contain them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0\u3000]*\n")


def decode(data: bytes, name: str) -> str:
    """Bytes of a text file -> str with "\\n" newlines; InputError if it is not text."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    if encoding is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, name)
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise InputError(f"{name}: undecodable bytes for {encoding} at byte {error.start}") from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise InputError(f"{name}: binary file (control characters), not text")
    return _CONTROL.sub("", text)


def _decode_legacy(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(f"{name}: undecodable bytes: not UTF-8 and no known encoding fits")
    return str(best)


def split_paragraphs(text: str, markdown: bool = False) -> list[str]:
    """Text -> paragraphs: blank-line separated blocks, wrapped lines joined, empty blocks dropped."""
    paragraphs = []
    for block in _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = block.split("\n")
        paragraph = _join_markdown_lines(lines) if markdown else _join_lines(lines)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def _join_lines(lines: list[str]) -> str:
    return " ".join(" ".join(line.split()) for line in lines if line.strip())


_HARD_BREAK = re.compile(r"(?:  +|\\)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"`([^`]*)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")


def _join_markdown_lines(lines: list[str]) -> str:
    """One Markdown block -> its text: markup removed, hard breaks and list items kept as lines."""
    if all(_RULE.match(line) or not line.strip() for line in lines):
        return ""
    out_lines: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        starts_item = bool(_LIST_ITEM.match(line))
        if starts_item and current:
            out_lines.append(" ".join(current))
            current = []
        hard_break = bool(_HARD_BREAK.search(line))
        line = _LIST_ITEM.sub("", _QUOTE.sub("", line))
        line = _HEADING.sub("", line.rstrip("\\ \t"))
        current.append(" ".join(line.split()))
        if hard_break:
            out_lines.append(" ".join(current))
            current = []
    if current:
        out_lines.append(" ".join(current))
    text = "\n".join(line for line in out_lines if line)
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _ESCAPE.sub(r"\1", text).strip()


def _read_text_file(path: Path, markdown: bool) -> list[str]:
    return split_paragraphs(decode(_read_bytes(path), str(path)), markdown=markdown)


def _check_is_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")


def _read_bytes(path: Path) -> bytes:
    _check_is_file(path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error


READERS: dict[str, ParagraphReader] = {
    "": lambda path: _read_text_file(path, markdown=False),
    ".txt": lambda path: _read_text_file(path, markdown=False),
    ".text": lambda path: _read_text_file(path, markdown=False),
    ".md": lambda path: _read_text_file(path, markdown=True),
    ".markdown": lambda path: _read_text_file(path, markdown=True),
}


def read_paragraphs(path: Path) -> list[str]:
    """A file -> its paragraphs, by the file's extension; InputError for anything unreadable."""
    path = Path(path)
    _check_is_file(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        supported = ", ".join(sorted(ext for ext in READERS if ext))
        raise InputError(f"{path}: unsupported file type {path.suffix!r} (supported: {supported})")
    paragraphs = reader(path)
    if not paragraphs:
        raise InputError(f"{path}: the document has no text")
    return paragraphs
