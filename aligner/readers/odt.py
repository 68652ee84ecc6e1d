"""OpenDocument text (.odt) -> paragraphs: headings, paragraphs, list items and table cells in reading order, each
paragraph followed by the paragraphs of its footnotes and endnotes, in the order of their citations (the citation,
the note's number, is left out of the text), then of the text boxes, captions and shapes anchored in it.

Left out: notes too when asked (`notes=False`), comments, tracked deletions, ruby
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
from ..types import Role
from .paragraphs import Paragraph, archive_errors, clean_text, without_custom_mark

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_PARAGRAPHS = frozenset({f"{_TEXT}p", f"{_TEXT}h"})
_SKIPPED = frozenset(
    {
        f"{_TEXT}note-citation",
        f"{_TEXT}ruby-text",
        f"{_TEXT}number",  # a heading's or list item's number as last laid out: numbering, as in .docx, is no text
        f"{_OFFICE}annotation",
        f"{_OFFICE}annotation-end",
        f"{_TEXT}tracked-changes",
        f"{_TEXT}sequence-decls",
        f"{_TEXT}variable-decls",
        f"{_TABLE}covered-table-cell",
    }
)


def read_odt(path: Path, notes: bool = True) -> list[Paragraph]:
    """An .odt file -> its body paragraphs in reading order; `notes=False` leaves footnotes and endnotes out."""
    try:
        from lxml import etree
    except ImportError as error:
        raise InputError(f"{path}: reading .odt needs lxml: pip install 'aligner[formats]'") from error
    with archive_errors(path, ".odt", etree), zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise InputError(f"{path}: not an OpenDocument text (no office:text body)")
    return [paragraph for paragraph in _blocks(body, notes) if paragraph.text]


def _blocks(container: Any, notes: bool, role: Role | None = None) -> Iterator[Paragraph]:
    """The paragraphs of a body, a list, a table, a section, a note body or a drawing (a frame's text box, a shape),
    each followed by those of the notes and drawings in it; `role`: the container's, or None for body text."""
    for child in container.iterchildren():
        if child.tag in _PARAGRAPHS:
            asides: list[tuple[Any, str]] = []
            yield Paragraph(clean_text("".join(_inline_text(child, notes, asides))), role)
            # notes first, in the order of their citations: where a drawing's anchor sits in the paragraph says
            # nothing (LibreOffice writes a .docx's text box at the paragraph's end), as in the .docx reader
            for aside, mark in sorted(asides, key=lambda aside: aside[0].tag != f"{_TEXT}note-body"):
                yield from without_custom_mark(_blocks(aside, notes, _aside_role(aside)), mark)
        elif isinstance(child.tag, str) and child.tag.startswith(_DRAW):
            yield from _blocks(child, notes, "text box")  # a page-anchored frame
        elif isinstance(child.tag, str) and child.tag not in _SKIPPED:
            yield from _blocks(child, notes, role)  # lists, list items, tables, rows, cells, sections


def _aside_role(aside: Any) -> Role:
    """What a paragraph's aside is: its note's class (footnote, endnote) for a note body, else a text box."""
    if aside.tag != f"{_TEXT}note-body":
        return "text box"
    return "endnote" if aside.getparent().get(f"{_TEXT}note-class") == "endnote" else "footnote"


def _inline_text(element: Any, notes: bool, asides: list[tuple[Any, str]]) -> Iterator[str]:
    """The text of a paragraph; newlines in the XML and <text:line-break/> are spaces, as in HTML. Its notes (unless
    `notes` is False), with their custom marks ('*', "" for a number), and drawings go to `asides`, read after it: a
    frame or shape anchored in it holds paragraphs of its own (a text box, a caption), which read inline would land
    mid-sentence."""
    yield element.text or ""
    for child in element.iterchildren():
        if child.tag in (f"{_TEXT}s", f"{_TEXT}tab", f"{_TEXT}line-break"):
            yield " "
        elif child.tag == f"{_TEXT}note":
            if notes:
                citation = child.find(f"{_TEXT}note-citation")  # its text:label: a custom mark, not a number
                mark = "" if citation is None else (citation.get(f"{_TEXT}label") or "").strip()
                asides.extend((body, mark) for body in child.iterchildren(f"{_TEXT}note-body"))
        elif isinstance(child.tag, str) and child.tag.startswith(_DRAW):
            asides.append((child, ""))
        elif isinstance(child.tag, str) and child.tag not in _SKIPPED:
            yield from _inline_text(child, notes, asides)
        yield child.tail or ""
