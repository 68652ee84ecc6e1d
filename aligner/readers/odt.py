"""OpenDocument text (.odt) -> paragraphs: headings, paragraphs, list items and table cells in reading order.

Left out: footnotes and endnotes, comments, tracked deletions, text in frames
(text boxes, captions: read from their anchor they would land mid-sentence), ruby
text (the reading set above Japanese or Chinese characters), the number of a
numbered heading as last laid out (`text:number`: numbering is no text, as in
.docx), and page headers and footers (they live in styles.xml, not in the body).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .paragraphs import archive_errors, clean_text

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_PARAGRAPHS = frozenset({f"{_TEXT}p", f"{_TEXT}h"})
_SKIPPED = frozenset(
    {
        f"{_TEXT}note",
        f"{_TEXT}ruby-text",
        f"{_TEXT}number",  # a heading's or list item's number as last laid out: numbering, as in .docx, is no text
        f"{_OFFICE}annotation",
        f"{_OFFICE}annotation-end",
        f"{_TEXT}tracked-changes",
        f"{_DRAW}frame",
        f"{_TEXT}sequence-decls",
        f"{_TEXT}variable-decls",
        f"{_TABLE}covered-table-cell",
    }
)


def read_odt(path: Path) -> list[str]:
    """An .odt file -> its body paragraphs in reading order."""
    try:
        from lxml import etree
    except ImportError as error:
        raise InputError(f"{path}: reading .odt needs lxml: pip install 'aligner[formats]'") from error
    with archive_errors(path, ".odt", etree), zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise InputError(f"{path}: not an OpenDocument text (no office:text body)")
    return [text for text in _blocks(body) if text]


def _blocks(container: Any) -> Iterator[str]:
    for child in container.iterchildren():
        if child.tag in _PARAGRAPHS:
            yield clean_text("".join(_inline_text(child)))
        elif isinstance(child.tag, str) and child.tag not in _SKIPPED:
            yield from _blocks(child)  # lists, list items, tables, rows, cells, sections


def _inline_text(element: Any) -> Iterator[str]:
    """The text of a paragraph; newlines in the XML and <text:line-break/> are spaces, as in HTML."""
    yield element.text or ""
    for child in element.iterchildren():
        if child.tag in (f"{_TEXT}s", f"{_TEXT}tab", f"{_TEXT}line-break"):
            yield " "
        elif isinstance(child.tag, str) and child.tag not in _SKIPPED:
            yield from _inline_text(child)
        yield child.tail or ""
