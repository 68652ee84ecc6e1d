"""Pre-split text: one unit per line (the Vecalign / Bertalign / hunalign convention), blank lines ignored; a
Markdown file's markup is removed as in its paragraphs."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .paragraphs import MARKDOWN_SUFFIXES, _read_bytes, decode, split_lines
from .sniff import sniff_format

_DOCUMENT_SUFFIXES = frozenset({".docx", ".pdf", ".epub", ".odt", ".html", ".htm", ".xhtml"})


def read_lines(path: Path) -> list[str]:
    """A plain-text or Markdown file -> its non-blank lines, whitespace runs collapsed (Markdown: markup removed);
    InputError for any other format."""
    path = Path(path)
    data = _read_bytes(path)
    found = sniff_format(path, data[:1024], path.suffix.lower()) or (
        path.suffix.lower() if path.suffix.lower() in _DOCUMENT_SUFFIXES else None
    )
    if found is not None:
        raise InputError(f"{path}: units 'lines' reads plain-text files, not {found[1:].upper()}")
    units = split_lines(decode(data, str(path)), markdown=path.suffix.lower() in MARKDOWN_SUFFIXES)
    if not units:
        raise InputError(f"{path}: the document has no text")
    return units
