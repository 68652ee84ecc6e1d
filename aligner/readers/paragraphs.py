"""Read stage: a file -> a list of paragraph texts (`aligner.read` makes a Document of them).

Files may be UTF-8 (with or without BOM), UTF-16/32 with BOM, or a legacy
single-byte encoding (detected). Paragraphs are blank-line separated blocks;
hard-wrapped lines inside a block are joined with a space (a plain-text file with
no blank line whose lines are not wrapped, as word processors save text, is a
paragraph a line). In Markdown, markup
is removed and a hard line break (two trailing spaces or a backslash) is a space
too: a paragraph's text holds no line break of its source's layout, which would
otherwise reach a translation memory's segments (a CAT tool's segment is one line).

Word .docx files give their body paragraphs and table cells in reading order, each paragraph followed by its
footnotes, endnotes and text boxes (a translator translates them too, in segments of their own), then, after the
body, its page headers and footers, each text once. A line
break inside a .docx paragraph is a space, as in Markdown; so are the HTML, PDF and ODT readers' line breaks.
HTML, PDF, EPUB and ODT have readers in modules of their own in this package, imported when
first used. The format is
taken from the file's first bytes when they show one (a .docx or HTML file named
.txt is read as what it is), else from its extension.
"""

from __future__ import annotations

import codecs
import importlib
import itertools
import re
import stat
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import EncodingGuessWarning, InputError, SettingsError
from ..limits import MAX_FILE_BYTES
from ..paths import file_on_the_path
from ..types import Role
from .sniff import COMPOUND_FILE, sniff_format
from .wrapping import SENTENCE_END, Hyphenation


class Paragraph(NamedTuple):
    """A paragraph as read: its text, and its role when it is a note, a text box, a header... (None: body text)."""

    text: str
    role: Role | None = None


# The roles of the paragraphs a page repeats, read after the body. Their fields (a page number, the page count, a
# date) give no text, so "Page 2 of 3" reads "Page of", and a paragraph with no letter or digit besides ("- 1 -",
# "1 / 3", a date alone) gives nothing (`read_odt`, `_read_docx`).
PAGE_ROLES: tuple[Role, ...] = ("header", "footer")


def distinct(paragraphs: Iterable[Paragraph]) -> list[Paragraph]:
    """The paragraphs that have a text, each (text, role) once: a header repeated by several sections or page styles
    gives one unit."""
    return list(dict.fromkeys(paragraph for paragraph in paragraphs if paragraph.text))


ParagraphReader = Callable[[Path], list[Paragraph]]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 controls other than tab/newline/line tabulation/form feed/carriage return: text files do not contain them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLANK_LINE = re.compile(r"\n[ \t\f\v\u00a0\u3000]*\n")


class TextHints(NamedTuple):
    """What the user said of the text files being read: their language (a BCP 47 tag) and their encoding."""

    language: str | None = None
    encoding: str | None = None


# The hints of the document `aligner.read` is reading (`text_hints`), for `decode` under whichever reader of a format.
_NO_HINTS = TextHints()
_TEXT_HINTS: ContextVar[TextHints] = ContextVar("aligner_text_hints", default=_NO_HINTS)


@contextmanager
def text_hints(language: str | None, encoding: str | None) -> Iterator[None]:
    """While reading one document: a legacy-encoded text is read in `encoding` when given, else the reading in
    `language` is preferred (`decode`)."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise SettingsError(f"encoding: unknown encoding {encoding!r} (such as cp1251, koi8-r, latin-9)") from None
    token = _TEXT_HINTS.set(TextHints(language, encoding))
    try:
        yield
    finally:
        _TEXT_HINTS.reset(token)


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """Bytes of a text file -> str with "\\n" newlines; InputError if it is not text.

    `declared` is the encoding the file says it has (an HTML <meta charset>): tried
    when the bytes are not UTF-8, before guessing. The encoding given to `text_hints` overrides both; its language
    picks the reading of a legacy file in that language. A guess on weak evidence warns (EncodingGuessWarning).
    """
    if not data.strip():
        raise InputError(f"{name}: the file is empty" if not data else f"{name}: the file holds only whitespace")
    hints = _TEXT_HINTS.get()
    if hints.encoding is not None:
        text = _decoded(data, name, hints.encoding)
        _warn_of_mojibake(data, text, name, hints.encoding)
        return _as_text(text, name)
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    if encoding is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            if _mostly_utf8(data):
                raise InputError(
                    f"{name}: not valid UTF-8 at {text_position(data, error.start)}: "
                    f"byte 0x{data[error.start]:02x} ({_invalid_utf8_bytes(data)[1]} invalid byte(s) "
                    "in all); fix them or save the file as UTF-8 again"
                ) from error
            text = _decode_legacy(data, name, declared, hints.language)
    else:
        text = _decoded(data, name, encoding)
    return _as_text(text, name)


def _decoded(data: bytes, name: str, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: undecodable bytes for {encoding} at byte {error.start}") from error


def _warn_of_mojibake(data: bytes, text: str, name: str, encoding: str) -> None:
    """EncodingGuessWarning when `text`, `data` read in the encoding given, has the oddities of a wrong code page
    (`reading_oddities`) the UTF-8 reading of this valid UTF-8 file has not: it is kept (the encoding given
    overrides the reader's judgement), but said."""
    from ..language import reading_oddities

    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    oddities = reading_oddities(text)
    if text == utf8 or oddities <= max(_ODDITY_SHARE * _non_ascii(text), reading_oddities(utf8)):
        return
    start = next(index for index, (given, right) in enumerate(zip(text, utf8)) if given != right)
    word = text[start:].split(maxsplit=1)[0]
    sample = word if len(word) <= _MOJIBAKE_SAMPLE else word[:_MOJIBAKE_SAMPLE] + "…"
    warnings.warn(
        f"{name}: read as {encoding}, as given, the text is mojibake ({sample!r}), and the file is valid UTF-8: "
        "drop the encoding given (--src-encoding or --tgt-encoding; encoding= in aligner.read) to read it as UTF-8",
        EncodingGuessWarning,
        stacklevel=3,
    )


def _non_ascii(text: str) -> int:
    """How many characters of the sample `reading_oddities` reads are not ASCII."""
    from ..language import ODDITY_SAMPLE_CHARACTERS

    sample = text[:ODDITY_SAMPLE_CHARACTERS]
    return len(sample) - len(sample.encode("ascii", "ignore"))


def _as_text(text: str, name: str) -> str:
    """A decoded file's text with "\\n" newlines and no controls; InputError when it holds many (binary)."""
    # a line tabulation is a line break inside a paragraph (Word's Shift+Enter, in text copied or exported from it)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n")
    if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise InputError(f"{name}: binary file (control characters), not text")
    return _CONTROL.sub("", text)


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when NUL bytes sit in one byte position only, as UTF-16 text in a Latin or Cyrillic
    script puts them, or when the bytes read as text in one byte order (Chinese or Japanese: few NULs, in both
    positions, as in U+4E00)."""
    if len(data) % 2:
        return None
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    enough = len(data) // 20  # a text has spaces, digits or Latin letters (high byte 0) in 1 of 10 characters
    if even_nuls == 0 and odd_nuls > enough:
        return "utf-16-le"
    if odd_nuls == 0 and even_nuls > enough:
        return "utf-16-be"
    return next((encoding for encoding in ("utf-16-le", "utf-16-be") if _reads_as_text(data, encoding)), None)


# What a Chinese, Japanese, Korean or Thai text is written in: ASCII and Latin-1's punctuation, general punctuation,
# CJK symbols, kana and ideographs (extension A, the unified ones, and those beyond U+FFFF), Hangul, Thai, and the
# compatibility, vertical and full-width forms.
_CJK_TEXT = re.compile(
    "[\x00-\xff\u0e00-\u0e7f\u2000-\u206f\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0003ffff]"
)


def _reads_as_text(data: bytes, encoding: str) -> bool:
    """Whether `data` decodes in `encoding` to a Chinese, Japanese, Korean or Thai text (UTF-16 in the other scripts
    puts its NUL bytes in one position, as `_utf16_without_bom` looks for first): nearly all its characters of those
    scripts, punctuation and ASCII, and hardly any control, unassigned or private-use character. Binary data, or a
    text read in the other byte order (where "\n" is U+0A00), is neither."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return False
    if len(_CJK_TEXT.findall(text)) < 0.95 * len(text):
        return False
    odd = (char for char in text if unicodedata.category(char) in ("Cc", "Cn", "Co") and char not in "\t\n\r\f\v")
    return next(itertools.islice(odd, len(text) // 1000, None), None) is None  # binary stops at the first few


# A well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlongs, no surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ASCII = bytes(range(0x80))


def _invalid_utf8_bytes(data: bytes) -> tuple[int, int]:
    """(non-ASCII bytes, those of them that are not part of a well-formed UTF-8 sequence)."""
    non_ascii = len(data.translate(None, _ASCII))
    return non_ascii, non_ascii - sum(map(len, _UTF8_MULTIBYTE.findall(data)))


def _mostly_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8: a UTF-8 file with stray bytes, not a legacy one."""
    non_ascii, invalid = _invalid_utf8_bytes(data)
    return invalid <= non_ascii / 2


def text_position(data: bytes, offset: int) -> str:
    """ "line 5, column 17 (byte offset 1234)" of the first invalid byte at `offset`: line and column 1-based, the
    column in characters, as an editor shows it (the bytes before it on its line are valid UTF-8)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return f"line {line}, column {column} (byte offset {offset})"


def _decode_legacy(data: bytes, name: str, declared: str | None = None, language: str | None = None) -> str:
    if declared:
        try:
            # bytes without NULs are no markup in UTF-16 or UTF-32, whatever they say (the HTML standard reads such
            # a declaration as UTF-8): taken at its word, a page of an even length decoded to CJK nonsense
            if not codecs.lookup(declared).name.startswith(("utf-16", "utf-32")):
                return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: guess instead, as browsers do
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(f"{name}: undecodable bytes: not UTF-8 and no known encoding fits")
    return _likeliest_reading(data, matches, best, name, language)


# charset_normalizer's measures (mess, then coherence) tie or nearly tie between code pages that differ in a letter or
# two, and its first is then often the wrong one: the Spanish ñ of Windows-1252 read as Windows-1250's ń, an English
# dash as cp850's û. Of the encodings within this much mess of its best, the reader takes the most plausible reading
# (`Reading`).
_MESS_MARGIN = 0.02
# Read too, whatever charset_normalizer proposes: on a short text it may propose only a far-fetched one (a line of
# Windows-1252 with one Ü read as Korean johab, a Russian notice in Windows-1251 as Greek); the readings decide.
_COMMON_CODE_PAGES = ("cp1252", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2")
# The encodings files were commonly saved in: Windows' code pages, ISO 8859's, and the Chinese, Japanese and Korean
# standards. Of readings the language identifier finds about as likely (within _LIKELIHOOD_MARGIN), one in these is
# taken over one in a rarer encoding (a short French text is Windows-1252 or Latin-9 sooner than DOS cp852 or Mac
# Roman, an English dash Windows-1252's sooner than KOI8-R's ≈).
_COMMON_ENCODINGS = frozenset(
    {*(f"cp{page}" for page in range(1250, 1258)), *(f"iso8859_{part}" for part in (2, 5, 7, 9, 13, 15))}
    | {"iso8859_1", "gb18030", "gbk", "gb2312", "big5", "cp950", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949"}
)
_LIKELIHOOD_MARGIN = 0.15
# Readings whose probability of being in the given language (`language_probability`) is within this much of the
# highest are kept; of a language the identifier does not know, every reading is.
_LANGUAGE_MARGIN = 0.1
# Two readings whose log-likelihoods (per feature times the features' weight) differ by less than this are about as
# likely: the guess between them is said (`_warn_of_a_guess`). Readings of a page differ by 5-150; the misreadings of
# benchmarks/encodings.py that have a rival, by 0.6 and 1.5.
_WEAK_EVIDENCE = 3.0
# A reading with more oddities than this share of its non-ASCII characters is no plausible text (a correct page of
# Chinese has one or two in 2,000: a Latin letter against an ideograph).
_ODDITY_SHARE = 0.01
# How many characters of a mojibake word a warning shows.
_MOJIBAKE_SAMPLE = 12
# Encodings read as the one that extends them: GB18030 reads every GB2312 and GBK text, and reads their dash as a dash.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030"}


class Reading(NamedTuple):
    """One encoding's reading of a file and what makes it plausible."""

    encoding: str
    text: str
    oddities: int  # words and symbols a wrong code page makes (`reading_oddities`)
    likelihood: float  # per feature, and the features' weight: `reading_likelihood`
    weight: float
    language_probability: float  # of the given language; 0.0 when none is given

    @property
    def rare(self) -> bool:
        """Whether the encoding is none of `_COMMON_ENCODINGS`."""
        return codecs.lookup(self.encoding).name.replace("-", "_") not in _COMMON_ENCODINGS


def _likeliest_reading(data: bytes, matches: Any, best: Any, name: str, language: str | None) -> str:
    from ..language import language_probability, reading_likelihood, reading_oddities

    encodings = dict.fromkeys(
        [
            *(
                _SUPERSETS.get(encoding, encoding)
                for match in matches
                if match.chaos <= best.chaos + _MESS_MARGIN
                for encoding in match.could_be_from_charset
            ),
            *_COMMON_CODE_PAGES,
        ]
    )
    readings = []
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
        readings.append(
            Reading(
                encoding,
                text,
                reading_oddities(text),
                *reading_likelihood(text),
                language_probability(text, language) if language else 0.0,
            )
        )
    if not readings:
        return str(best)
    chosen, rival = _most_plausible(readings)
    if chosen.oddities > _ODDITY_SHARE * _non_ascii(chosen.text) or rival is not None:
        _warn_of_a_guess(name, _commonest_name(chosen, readings), rival)
    return chosen.text


def _most_plausible(readings: list[Reading]) -> tuple[Reading, Reading | None]:
    """The reading to take, and another about as plausible on weak evidence (None: none is).

    The given language's readings first (those it is likeliest in, within _LANGUAGE_MARGIN), then those with the
    fewest oddities (a rare encoding counting as one more: Mac Greek's reading of a Russian notice has none), then
    of those the language identifier finds about as likely as the likeliest (within _LIKELIHOOD_MARGIN), the
    likeliest in a common encoding. A rival is a reading of another text among those, in a common encoding (unless
    the chosen one is rare), that is less likely by less than _WEAK_EVIDENCE in all."""
    top_language = max(reading.language_probability for reading in readings)
    kept = [reading for reading in readings if reading.language_probability >= top_language - _LANGUAGE_MARGIN]
    fewest = min(reading.oddities + reading.rare for reading in kept)
    kept = [reading for reading in kept if reading.oddities + reading.rare == fewest]
    likeliest = max(reading.likelihood for reading in kept)
    close = [reading for reading in kept if reading.likelihood >= likeliest - _LIKELIHOOD_MARGIN]
    common = [reading for reading in close if not reading.rare] or close
    chosen = max(common, key=lambda reading: reading.likelihood)  # the first of equals: charset_normalizer's order
    rivals = (
        reading
        for reading in close
        if reading.text != chosen.text
        and (chosen.rare or not reading.rare)
        and (chosen.likelihood - reading.likelihood) * chosen.weight < _WEAK_EVIDENCE
    )
    return chosen, next(rivals, None)


def _commonest_name(chosen: Reading, readings: list[Reading]) -> Reading:
    """`chosen` named by the commonest encoding that reads the same text (Windows-1252 for a Spanish text that
    Windows-1250 reads alike), for a message."""
    alike = {reading.encoding for reading in readings if reading.text == chosen.text}
    return chosen._replace(encoding=next((name for name in _COMMON_CODE_PAGES if name in alike), chosen.encoding))


def _warn_of_a_guess(name: str, chosen: Reading, rival: Reading | None) -> None:
    if rival is None:
        doubt = "no encoding reads it as plausible text"
    else:
        difference = next(
            (pair for pair in zip(chosen.text, rival.text) if pair[0] != pair[1]), (chosen.text[:1], rival.text[:1])
        )
        doubt = f"{rival.encoding} reads it about as well ({difference[0]!r} would be {difference[1]!r})"
    warnings.warn(
        f"{name}: the encoding is a guess: read as {chosen.encoding}, but {doubt}; if its text looks wrong, give the "
        "file's encoding (--src-encoding or --tgt-encoding; encoding= in aligner.read) or save it as UTF-8",
        EncodingGuessWarning,
        stacklevel=2,
    )


def split_paragraphs(text: str, markdown: bool = False) -> list[str]:
    """Text -> paragraphs: blank-line separated blocks, wrapped lines joined, empty blocks dropped.

    Plain text with no blank line at all whose lines are not wrapped (`_unwrapped`) is a paragraph a line: that is
    how LibreOffice, Word and Notepad save a document as text. A block that is a list is a paragraph an item
    (`_list_items`). Markdown keeps its own rule (lines of a block join; a list item, a heading and a table cell are
    blocks of their own: `_markdown_blocks`).
    A word broken at the end of a line is joined again where it is one word (`wrapping.Hyphenation`).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [block.split("\n") for block in _BLANK_LINE.split(_markdown_source(text) if markdown else text)]
    if markdown:
        blocks = [inner for block in blocks for inner in _markdown_blocks(block)]
    blocks_lines = [
        [line for line in (markdown_lines(lines) if markdown else (clean_text(raw) for raw in lines)) if line]
        for lines in blocks
    ]
    blocks_lines = [lines for lines in blocks_lines if lines]
    if not markdown:
        blocks_lines = [item for lines in blocks_lines for item in _list_items(lines)]
    if not markdown and len(blocks_lines) == 1 and len(blocks_lines[0]) > 1 and _unwrapped(blocks_lines[0]):
        return blocks_lines[0]
    hyphenation = Hyphenation(text, (pair for lines in blocks_lines for pair in itertools.pairwise(lines)))
    return [hyphenation.join_all(lines) for lines in blocks_lines]


_BULLETS = "•◦▪▫‣⁃∙●○■□➢✓*-"  # '-' last: no range in a character class
_NUMBERING = r"\d{1,3}[.)]|[a-z]\)"  # "2.", "2)", "b)"
# The start of a list item: a bullet or dash, or a number or letter numbering it.
LIST_ITEM_START = re.compile(rf"^(?:[–—{_BULLETS}]|{_NUMBERING})\s")
# The same less the dashes that open a line of dialogue (— Да, — сказал он), which a wrapped line of the same
# paragraph can start with too: what starts a list item in a text file, and a numbered or bulleted one in a PDF.
NUMBERED_ITEM_START = re.compile(rf"^(?:[{_BULLETS}]|{_NUMBERING})\s")


def _list_items(lines: list[str]) -> list[list[str]]:
    """A block that is a list (its first line and at least half of all, two or more, start with a bullet or number)
    -> its items, each with the lines that continue it; any other block as it is (a wrapped line may start with
    '- ' or '1990. ' by chance)."""
    starts = [bool(NUMBERED_ITEM_START.match(line)) for line in lines]
    if not starts[0] or sum(starts) < max(2, len(lines) / 2):
        return [lines]
    items: list[list[str]] = []
    for line, starts_item in zip(lines, starts, strict=True):
        if starts_item:
            items.append([line])
        else:
            items[-1].append(line)
    return items


def split_lines(text: str, markdown: bool = False) -> list[str]:
    """Text -> its non-blank lines, whitespace runs collapsed; in Markdown, markup removed as `split_paragraphs`
    removes it (one unit per line: `units="lines"`)."""
    if not markdown:
        return [line for line in (clean_text(raw) for raw in text.split("\n")) if line]
    blocks = (
        inner for block in _BLANK_LINE.split(_markdown_source(text)) for inner in _markdown_blocks(block.split("\n"))
    )
    return [line for block in blocks for line in markdown_lines(block)]


# Longer than any line of text wrapped for reading (72-80 columns; 100-120 as a PDF's text extracts).
_WRAPPED_WIDTH = 150


# A line this much shorter than the longest one, with room left for its next line's first word, was not wrapped
# (the width of a line of text in a proportional font, as a PDF's extracts, varies less).
_SHORT_LINE = 0.75


def _unwrapped(lines: list[str]) -> bool:
    """Whether `lines` (a text's only block) are paragraphs, not one paragraph wrapped: a line longer than any
    wrapped one; or, of the lines before the last, at least half ending a sentence (a wrapped line ends one only
    where the wrap happens to fall after it) or a third short (a title, a table cell, a list item: a wrapped line
    is full, its next word would not have fitted)."""
    width = max(len(line) for line in lines)
    if width > _WRAPPED_WIDTH:
        return True
    inner = len(lines) - 1
    ending = sum(bool(SENTENCE_END.search(line)) for line in lines[:-1])
    short = sum(
        len(line) + 1 + len(following.split()[0]) <= _SHORT_LINE * width
        for line, following in itertools.pairwise(lines)
    )
    return 2 * ending >= inner or 3 * short >= inner


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+")
# what starts a list inside a paragraph (CommonMark): a bullet, or the number 1; a wrapped line can start "1990. "
_INTERRUPTS = re.compile(r"^\s{0,3}(?:[-*+]|1[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"`([^`]*)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s|$)")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_TABLE_ROW = re.compile(r"^\s{0,3}\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^[\s|:-]*-[\s|:-]*$")
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\](?!:)")
_FOOTNOTE_LABEL = re.compile(r"^\s{0,3}\[\^[^\]\s]+\]:\s*")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# YAML (or TOML) front matter: metadata of a static site's page, first in the file
_FRONT_MATTER = re.compile(r"\A(---|\+\+\+)\n[A-Za-z_][\w-]*\s*[:=].*?\n(?:\1|\.\.\.)\n", re.S)


def _markdown_source(text: str) -> str:
    """A Markdown text without what is not its text: front matter and comments."""
    return _COMMENT.sub("", _FRONT_MATTER.sub("", text))


def _markdown_blocks(lines: list[str]) -> list[list[str]]:
    """The lines of a blank-line block -> its blocks as Markdown reads them: each list item and heading a block of
    its own, each table cell too (the rule under a table's header none), a setext heading ended by its underline;
    the other lines join the block they follow (a list item's lazy continuation, a paragraph's wrapped lines, one
    that starts with a number other than 1 inside a paragraph)."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if _TABLE_ROW.match(line):
            if not _TABLE_RULE.match(line):
                blocks.extend([cell] for cell in line.strip().strip("|").split("|"))
            blocks.append([])
        elif _ATX_HEADING.match(line):
            blocks.extend([[line], []])
        elif _LIST_ITEM.match(line) and (not blocks[-1] or _LIST_ITEM.match(blocks[-1][0]) or _INTERRUPTS.match(line)):
            blocks.append([line])
        elif _SETEXT_UNDERLINE.match(line) and blocks[-1]:
            blocks.append([])
        else:
            blocks[-1].append(line)
    return [block for block in blocks if block]


def markdown_lines(lines: list[str]) -> list[str]:
    """One Markdown block -> the text of each of its non-blank lines, markup removed (also when it spans lines,
    as `**bold**` over a hard break does); none for a block of rules."""
    if all(_RULE.match(line) or not line.strip() for line in lines):
        return []
    # a list marker starts the block (`_markdown_blocks`), or a line of a quoted list; a number other than 1 further
    # down is a wrapped line's text ('1990. ')
    bare = (
        _HEADING.sub(
            "", (_INTERRUPTS if i else _LIST_ITEM).sub("", _FOOTNOTE_LABEL.sub("", _QUOTE.sub("", line)))
        ).rstrip("\\ \t")
        for i, line in enumerate(lines)
    )
    text = _FOOTNOTE_REFERENCE.sub("", "\n".join(clean_text(line) for line in bare if line.strip()))
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    return [line for line in (clean_text(raw) for raw in _ESCAPE.sub(r"\1", text).split("\n")) if line]


def _read_text_file(path: Path, markdown: bool) -> list[Paragraph]:
    return [Paragraph(text) for text in split_paragraphs(decode(_read_bytes(path), str(path)), markdown=markdown)]


def check_is_file(path: Path) -> None:
    """InputError unless `path` is a regular file, not empty, within MAX_FILE_BYTES (a device or FIFO would never
    end); for every file a user gives to be read, a document or not."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if str(path) == "-":  # as for -o: standard input is no document
            raise InputError("-: no such file: a document is read from its file, not from standard input") from None
        raise InputError(f"{path}: no such file") from None
    except NotADirectoryError as error:  # 'en.docx/x': the OS says only "Not a directory"
        if file := file_on_the_path(path):
            raise InputError(f"{path}: no such file: {file} is a file, not a folder") from None
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file (a device, FIFO or socket), cannot be read as a document")
    if info.st_size == 0:  # before a format's reader, which would call it damaged
        raise InputError(f"{path}: the file is empty")
    if info.st_size > MAX_FILE_BYTES:
        raise InputError(
            f"{path}: the file is {info.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} an input may have; split it"
        )


def _read_bytes(path: Path) -> bytes:
    check_is_file(path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error


@contextmanager
def archive_errors(
    path: Path, document: str, xml_errors: tuple[type[Exception], ...], wrong_contents: tuple[type[Exception], ...] = ()
) -> Iterator[None]:
    """InputError naming the file and saying in a user's words what is wrong with a ZIP-based document (`document`:
    "a Word document") that cannot be read: no ZIP archive, a damaged one, a part missing (KeyError, or
    `wrong_contents`: what the reading library raises for an archive that is not this document), malformed XML
    (`xml_errors`), a file that cannot be read. The libraries' own messages name their internals ("Package not
    found" for a file that is there)."""
    unpacking: tuple[type[Exception], ...] = (zipfile.BadZipFile, zlib.error, EOFError)
    caught: tuple[type[Exception], ...] = (OSError, KeyError, *unpacking, *xml_errors, *wrong_contents)
    try:
        yield
    except caught as error:
        # openpyxl raises an OSError without errno for a ZIP archive with no workbook in it
        if isinstance(error, OSError) and error.errno is not None:
            raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error
        if not zipfile.is_zipfile(path):
            problem = _not_an_archive(path, document)
        elif isinstance(error, unpacking):
            problem = f"{document}, damaged: a part of its ZIP archive cannot be unpacked (truncated or corrupted)"
        elif isinstance(error, xml_errors):
            problem = f"{document}, damaged: a part of it is not well-formed XML"
        else:
            problem = f"not {document}: a ZIP archive without the parts of {document}"
        raise InputError(f"{path}: {problem}") from error


def _not_an_archive(path: Path, document: str) -> str:
    """What a file said to be a ZIP-based `document` is when it is no ZIP archive."""
    # Office keeps a password-protected .docx or .xlsx in a Compound File, as Office 97-2003 kept every document
    if _read_head(path, len(COMPOUND_FILE)) == COMPOUND_FILE:
        return (
            f"{document} protected by a password, or an Office 97-2003 file named {path.suffix}: "
            f"save it without a password, as {path.suffix}"
        )
    return f"not {document}: not a ZIP archive (damaged, truncated, or another format renamed {path.suffix})"


def _read_head(path: Path, size: int = 1024) -> bytes:
    try:
        with path.open("rb") as file:
            return file.read(size)
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error


# No-break spaces (U+00A0; U+202F narrow, U+2007 figure) are kept: French sets one before : ; ! ? and inside « »,
# German and Russian in "10 000" and "S. 12", and a CAT tool's segment holds them, so a translation memory unit with
# a plain space there is no 100% match. The encoder reads them as spaces.
NO_BREAK_SPACES = "\u00a0\u202f\u2007"
_WHITESPACE_RUN = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """Whitespace runs, line breaks included, -> one space, or the no-break spaces of the run (`NO_BREAK_SPACES`)
    where it has any; no space at either end."""
    return _WHITESPACE_RUN.sub(_collapsed, text).strip()


def _collapsed(run: re.Match[str]) -> str:
    return "".join(space for space in run.group() if space in NO_BREAK_SPACES) or " "


# Characters with no glyph and no width that only tell a layout where a line may break (U+00AD soft hyphen, U+200B
# zero width space) or may not (U+2060 word joiner; U+FEFF, a byte order mark inside a text, the old way to write
# one). Their places are one edition's (a hyphenation program, a CMS or calibre puts a soft hyphen in every long
# word); the encoder reads a word broken by one as other word pieces, and a CAT tool matches segments by text. The
# joiners that change how letters join (U+200C, U+200D: Persian, Indic scripts, emoji) and the direction marks stay.
_LAYOUT_HINTS = re.compile("[\u00ad\u200b\u2060\ufeff]")


def without_layout_hints(text: str) -> str:
    """`text` without the invisible characters that only guide line breaking (`_LAYOUT_HINTS`)."""
    return _LAYOUT_HINTS.sub("", text)


def visible_text(text: str) -> str:
    """`text` as a unit holds it: without layout hints, then its whitespace collapsed (`clean_text`: a hint between
    two spaces leaves them a run)."""
    return clean_text(without_layout_hints(text))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Not reading-order text: properties (their w:tab are tab stops), deleted text and the old place of text moved
# with changes tracked (its new place is w:moveTo: read both and the text is there twice), field codes, the
# fallback copy of alternate content (Word writes a text box twice: as a DrawingML shape, and in the fallback as
# VML) and ruby text (the reading of Japanese or Chinese characters set above them: 漢字 is no 漢字かんじ).
_DOCX_SKIPPED = frozenset(
    {
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}instrText",
        f"{_W}rt",
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    }
)
# A note's reference mark in the text -> the relationship of the part that holds the notes of its kind.
_DOCX_NOTE_PARTS = {
    f"{_W}footnoteReference": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes",
    f"{_W}endnoteReference": "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes",
}

# The footnotes and endnotes of a document not read yet: each w:footnote or w:endnote by (its reference's tag, id).
_DocxNotes = dict[tuple[str, str | None], Any]


def _read_docx(path: Path, notes: bool = True) -> list[Paragraph]:
    """Word .docx -> its body paragraphs in reading order, table cells included (row by row); after a paragraph,
    the paragraphs of the footnotes and endnotes it references (unless `notes` is False), in the order of their
    reference marks, then of its text boxes; after the body, the paragraphs of the headers and footers its pages
    show (`_docx_headers_and_footers`), each once."""
    check_is_file(path)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml.etree import XMLSyntaxError
    except ImportError as error:
        raise InputError(f"{path}: reading .docx needs python-docx: pip install 'aligner[formats]'") from error
    # ValueError: python-docx's for a main part that is no Word document's (a workbook renamed .docx)
    with archive_errors(path, "a Word document", (XMLSyntaxError,), (PackageNotFoundError, ValueError)):
        document = docx.Document(str(path))
        found = _docx_notes(document.part) if notes else {}
        pages = _docx_headers_and_footers(document)
    body = [paragraph for paragraph in _docx_blocks(document.element.body, found) if paragraph.text]
    return body + distinct(paragraph for part, role in pages for paragraph in _docx_blocks(part, {}, role))


def _docx_notes(document_part: Any) -> _DocxNotes:
    """The footnotes and endnotes of a document (separators too: no reference names them)."""
    from docx.oxml import parse_xml

    found: _DocxNotes = {}
    for relationship in document_part.rels.values():
        reference = next((tag for tag, kind in _DOCX_NOTE_PARTS.items() if relationship.reltype == kind), None)
        if reference is None or relationship.is_external:
            continue
        for note in parse_xml(relationship.target_part.blob).iterchildren():
            found[reference, note.get(f"{_W}id")] = note
    return found


def _docx_blocks(container: Any, notes: _DocxNotes, role: Role | None = None) -> Iterator[Paragraph]:
    """The paragraphs of a body, table cell, content control, text box, note, header or footer (of `role`), in
    document order, each paragraph followed by those of its notes and text boxes (`notes`: the ones not read yet;
    each is read once, at its first reference). A paragraph whose mark was deleted with changes tracked runs on into
    the next one, as it does once the change is accepted."""
    run_on = ""
    asides: list[_Aside] = []  # the notes and text boxes of the paragraph being read, in the order of their anchors
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            page = role in PAGE_ROLES
            own = "".join(_docx_text(child, notes, asides, _docx_field_results(child) if page else frozenset()))
            text = run_on + ("" if page and not any(map(str.isalnum, own)) else own)  # "- 1 -" of a page: nothing
            run_on = text if _mark_deleted(child) else ""
            if not run_on:
                yield Paragraph(clean_text(text), role)
                yield from _docx_asides(asides, notes)
            continue
        if child.tag not in (f"{_W}tbl", f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            continue  # bookmarks, section properties: no text
        if run_on:
            yield Paragraph(clean_text(run_on), role)  # what it ran on into is another block: a table, a control
            yield from _docx_asides(asides, notes)
            run_on = ""
        if child.tag == f"{_W}tbl":
            for row in child.iterchildren(f"{_W}tr"):
                for cell in row.iterchildren(f"{_W}tc"):
                    yield from _docx_blocks(cell, notes, role)
        else:
            yield from _docx_blocks(child, notes, role)
    if run_on:
        yield Paragraph(clean_text(run_on), role)
        yield from _docx_asides(asides, notes)


# A note or a text box read after its paragraph, and the custom mark ('*') its note starts with ("": none, a box).
_Aside = tuple[Any, str]
_DOCX_ROLES: dict[str, Role] = {f"{_W}footnote": "footnote", f"{_W}endnote": "endnote", f"{_W}txbxContent": "text box"}


def _docx_asides(asides: list[_Aside], notes: _DocxNotes) -> Iterator[Paragraph]:
    """The paragraphs of a paragraph's notes, in the order of their marks, then of its text boxes (where a box's
    anchor sits in the paragraph says nothing: LibreOffice writes it at the end, Word where it was inserted), a
    note's custom mark left out as its number is; `asides` emptied for the next paragraph."""
    for aside, mark in sorted(asides, key=lambda aside: aside[0].tag == f"{_W}txbxContent"):
        yield from without_custom_mark(_docx_blocks(aside, notes, _DOCX_ROLES[aside.tag]), mark)
    asides.clear()


def without_custom_mark(paragraphs: Iterable[Paragraph], mark: str) -> Iterator[Paragraph]:
    """A note's paragraphs, the custom mark ('*') its first one starts with left out: a note's number is no text in
    .docx or .odt, but a custom mark is (Word's; LibreOffice's own in a .docx it saved as .odt)."""
    for number, (text, role) in enumerate(paragraphs):
        yield Paragraph(text[len(mark) :].lstrip() if number == 0 and mark and text.startswith(mark) else text, role)


def _mark_deleted(paragraph: Any) -> bool:
    """Whether a paragraph's mark (its end) was deleted, or moved away, with changes tracked."""
    marks = paragraph.find(f"{_W}pPr/{_W}rPr")
    return marks is not None and (marks.find(f"{_W}del") is not None or marks.find(f"{_W}moveFrom") is not None)


def _docx_text(
    element: Any, notes: _DocxNotes, asides: list[_Aside], left_out: frozenset[Any] = frozenset()
) -> Iterator[str]:
    """The text of a paragraph, but for its w:t in `left_out` (a header's field results); its text boxes
    (w:txbxContent) and the notes its reference marks name go to `asides`, read after it. A mark leaves nothing in
    the text, as a note marker of the other formats does; nor does the symbol of a custom mark
    (`w:customMarkFollows`: the run's next w:t is the mark, '*', which the note's text starts with too)."""
    custom_mark = None  # the w:t of the last reference's custom mark
    for child in element.iterchildren():
        if child.tag == f"{_W}t":
            if child is not custom_mark and child not in left_out:
                yield child.text or ""
        elif child.tag in _DOCX_NOTE_PARTS:
            custom_mark = _custom_mark(child)
            note = notes.pop((child.tag, child.get(f"{_W}id")), None)
            if note is not None:
                asides.append((note, "" if custom_mark is None else (custom_mark.text or "").strip()))
        elif child.tag == f"{_W}txbxContent":
            asides.append((child, ""))
        elif child.tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            yield " "
        elif child.tag == f"{_W}noBreakHyphen":  # Ctrl+Shift+-, as in '19-20 January': the character, as .odt has it
            yield "\u2011"
        elif child.tag not in _DOCX_SKIPPED:
            yield from _docx_text(child, notes, asides, left_out)


def _custom_mark(reference: Any) -> Any:
    """The w:t that holds a note reference's custom mark ('*'), or None for a numbered note."""
    following = reference.getnext()
    if _docx_on(reference.get(f"{_W}customMarkFollows")) and following is not None:
        return following if following.tag == f"{_W}t" else None
    return None


def _docx_on(value: str | None) -> bool:
    """Whether a WordprocessingML on/off value is on."""
    return value in ("1", "true", "on")


_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DOCX_PAGE_REFERENCES: dict[str, Role] = {f"{_W}headerReference": "header", f"{_W}footerReference": "footer"}


def _docx_headers_and_footers(document: Any) -> list[tuple[Any, Role]]:
    """The headers and footers (w:hdr, w:ftr) a document's pages show, and their roles: the headers, then the
    footers, each section by section (its w:sectPr, in document order), in a section its first page's (when the
    section has a title page, w:titlePg), its default and its even pages' (when the settings turn them on); a section
    that names none of a type shows the previous section's."""
    from docx.oxml import parse_xml

    kinds = ["first", "default", *(["even"] if document.settings.odd_and_even_pages_header_footer else [])]
    shown: dict[tuple[str, str], str] = {}  # (reference tag, type) -> the relationship id of the part shown
    in_order: dict[str, list[str]] = {tag: [] for tag in _DOCX_PAGE_REFERENCES}
    for section in document.element.body.iter(f"{_W}sectPr"):
        if section.getparent().tag == f"{_W}sectPrChange":
            continue  # the section's properties before a tracked change
        for reference in section.iterchildren(*_DOCX_PAGE_REFERENCES):
            shown[reference.tag, reference.get(f"{_W}type") or "default"] = reference.get(f"{_R}id")
        title_page = section.find(f"{_W}titlePg")
        first = title_page is not None and _docx_on(title_page.get(f"{_W}val", "true"))
        for tag, ids in in_order.items():
            ids.extend(shown[tag, kind] for kind in kinds if (tag, kind) in shown and (first or kind != "first"))
    parts = document.part.related_parts
    return [
        (parse_xml(parts[id_].blob), _DOCX_PAGE_REFERENCES[tag])
        for tag, ids in in_order.items()
        for id_ in dict.fromkeys(ids)
        if id_ in parts
    ]


def _docx_field_results(paragraph: Any) -> frozenset[Any]:
    """The w:t of a paragraph's field results: a simple field's (w:fldSimple), and a complex one's, between its
    w:fldChar begin and end. A header's field shows the page number, the page count or a date, which differ from
    page to page and from the values last laid out: they are none of its text ("Страница 1" would be a wrong
    translation unit for page 2)."""
    results = []
    fields = 0  # how deep in complex fields the text is
    for element in paragraph.iter(f"{_W}fldChar", f"{_W}t"):
        if element.tag == f"{_W}fldChar":
            fields = max(0, fields + {"begin": 1, "end": -1}.get(element.get(f"{_W}fldCharType"), 0))
        elif fields or any(ancestor.tag == f"{_W}fldSimple" for ancestor in element.iterancestors()):
            results.append(element)
    return frozenset(results)


NOTE_MARKER = re.compile(r"^\s*[\[(]?(?:\d{1,3}|[*†‡§]+|[ivxlc]{1,5})[\])]?\s*$")
BEFORE_A_NOTE = re.compile(r"(?:^|[\s.,;:!?\"'»”’)\]])$")  # a marker after a word's letter or digit is an exponent


def _reader_in(module: str, function: str, **options: Any) -> ParagraphReader:
    """A reader from `aligner.readers.<module>`, imported when first used, called with `options`."""

    def reader(path: Path) -> list[Paragraph]:
        return getattr(importlib.import_module(f".{module}", __package__), function)(path, **options)

    return reader


MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
READERS: dict[str, ParagraphReader] = {
    "": lambda path: _read_text_file(path, markdown=False),
    ".txt": lambda path: _read_text_file(path, markdown=False),
    ".text": lambda path: _read_text_file(path, markdown=False),
    ".md": lambda path: _read_text_file(path, markdown=True),
    ".markdown": lambda path: _read_text_file(path, markdown=True),
    ".docx": _read_docx,
    ".html": _reader_in("html", "read_html"),
    ".htm": _reader_in("html", "read_html"),
    ".xhtml": _reader_in("html", "read_html"),
    ".pdf": _reader_in("pdf", "read_pdf"),
    ".epub": _reader_in("epub", "read_epub"),
    ".odt": _reader_in("odt", "read_odt"),
}
# The readers of the formats that have footnotes and endnotes, leaving them out.
_READERS_WITHOUT_NOTES: dict[str, ParagraphReader] = {
    ".docx": lambda path: _read_docx(path, notes=False),
    ".html": _reader_in("html", "read_html", notes=False),
    ".htm": _reader_in("html", "read_html", notes=False),
    ".xhtml": _reader_in("html", "read_html", notes=False),
    ".epub": _reader_in("epub", "read_epub", notes=False),
    ".odt": _reader_in("odt", "read_odt", notes=False),
}


def read_paragraphs(path: Path, notes: bool = True) -> list[str]:
    """The texts of a file's paragraphs (`read_paragraphs_with_roles`)."""
    return [paragraph.text for paragraph in read_paragraphs_with_roles(path, notes)]


def read_paragraphs_with_roles(path: Path, notes: bool = True) -> list[Paragraph]:
    """A file -> its paragraphs, by the file's content or else its extension; InputError for anything unreadable.

    A file whose extension is none of READERS' and whose content shows no format is read as plain text
    when it is text (`aif.49918`), and refused when it is not (binary) or is markup (XML such as a TMX).
    The footnotes and endnotes of a .docx, .odt, HTML page or EPUB follow the paragraph that references them,
    their role saying so (and a text box's of a .docx or .odt); `notes=False` leaves them out. The headers and
    footers of a .docx or .odt come after the body, each text once.
    """
    path = Path(path)
    check_is_file(path)
    suffix = path.suffix.lower()
    found = sniff_format(path, _read_head(path), suffix)
    readers = READERS if notes else READERS | _READERS_WITHOUT_NOTES
    paragraphs = _read_other_file(path) if found is None and suffix not in READERS else readers[found or suffix](path)
    if not paragraphs:
        raise InputError(f"{path}: the document has no text")
    return paragraphs


def _read_other_file(path: Path) -> list[Paragraph]:
    """A file of an extension no reader has, and no format by content: plain text if it is text."""
    data = _read_bytes(path)
    supported = ", ".join(sorted(ext for ext in READERS if ext))
    unsupported = f"{path}: unsupported file type {path.suffix!r} (supported: {supported}; any name for plain text)"
    try:
        text = decode(data, str(path))
    except InputError as error:
        if not data.strip():  # empty: say so, whatever the name
            raise
        raise InputError(f"{unsupported}: {str(error).removeprefix(f'{path}: ')}") from error
    if text.lstrip().startswith("<"):
        raise InputError(f"{unsupported}: markup, not plain text (name a web page .html)")
    return [Paragraph(text) for text in split_paragraphs(text, markdown=False)]
