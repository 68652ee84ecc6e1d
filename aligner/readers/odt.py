"""OpenDocument text (.odt) -> paragraphs: headings, paragraphs, list items and table cells in reading order, each
paragraph followed by the paragraphs of its footnotes and endnotes, in the order of their citations (the citation,
the note's number, is left out of the text), then of the text boxes, captions and shapes anchored in it; after the
body, the page headers and footers (they live in styles.xml, in the master pages), each text once.

Left out: notes too when asked (`notes=False`), comments, tracked deletions, ruby
text (the reading set above Japanese or Chinese characters), the number of a
numbered heading as last laid out (`text:number`: numbering is no text, as in
.docx), a header's or footer's fields (a page number, a date), and its paragraph
that only shows fields.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Role
from .paragraphs import PAGE_ROLES, Paragraph, archive_errors, clean_text, distinct, without_custom_mark

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
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
# The fields a header or footer shows (its page number, the page count, a date, the chapter's or document's title,
# the sender's name or company of a letter template), which are not the header's own text: they give none ("Page 2
# of 3" reads "Page of"), and a paragraph of fields alone gives nothing.
_FIELDS = frozenset(
    f"{_TEXT}{name}"
    for name in (
        *("page-number", "page-count", "page-continuation", "page-variable-get", "date", "time", "chapter", "title"),
        *("subject", "description", "keywords", "file-name", "template-name", "author-name", "author-initials"),
        *("creator", "initial-creator", "creation-date", "creation-time", "modification-date", "modification-time"),
        *("print-date", "print-time", "printed-by", "user-defined", "variable-get", "user-field-get", "sequence"),
        *(f"sender-{part}" for part in ("firstname", "lastname", "initials", "title", "position", "company", "email")),
        *(f"sender-{part}" for part in ("phone-private", "phone-work", "fax", "street", "city", "postal-code")),
        *(f"sender-{part}" for part in ("country", "state-or-province")),
    )
)


def read_odt(path: Path, notes: bool = True) -> list[Paragraph]:
    """An .odt file -> its body paragraphs in reading order; `notes=False` leaves footnotes and endnotes out."""
    try:
        from lxml import etree
    except ImportError as error:
        raise InputError(f"{path}: reading .odt needs lxml: pip install 'aligner[formats]'") from error
    with archive_errors(path, "an OpenDocument text", (etree.XMLSyntaxError,)), zipfile.ZipFile(path) as archive:
        if _password_protected(archive, etree):
            raise InputError(
                f"{path}: an OpenDocument text protected by a password: open it with its password and save a copy "
                "without one (Save As, Save with password unchecked)"
            )
        root = etree.fromstring(archive.read("content.xml"))
        styles = etree.fromstring(archive.read("styles.xml")) if "styles.xml" in archive.namelist() else None
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise InputError(f"{path}: not an OpenDocument text (no office:text body)")
    pages = [] if styles is None else _headers_and_footers(body, root, styles)
    return [paragraph for paragraph in _blocks(body, notes) if paragraph.text] + distinct(
        paragraph for part, role in pages for paragraph in _blocks(part, notes, role)
    )


def _password_protected(archive: zipfile.ZipFile, etree: Any) -> bool:
    """Whether the manifest says content.xml is encrypted, as LibreOffice saves a document with a password (its
    bytes are no XML: it read as a damaged file)."""
    if "META-INF/manifest.xml" not in archive.namelist():
        return False
    manifest = etree.fromstring(archive.read("META-INF/manifest.xml"))
    return any(
        entry.get(f"{_MANIFEST}full-path") == "content.xml" and entry.find(f"{_MANIFEST}encryption-data") is not None
        for entry in manifest.iter(f"{_MANIFEST}file-entry")
    )


def _headers_and_footers(body: Any, content: Any, styles: Any) -> list[tuple[Any, Role]]:
    """The headers and footers the pages show (a style:display="false" one is hidden), and their roles: the headers,
    then the footers, each master page by master page (`_master_pages_shown`), in a master page its first page's,
    its own and its left pages'."""
    masters = {
        master.get(f"{_STYLE}name"): master for master in styles.iterfind(f"{_OFFICE}master-styles/{_STYLE}master-page")
    }
    parts = (
        (master.find(f"{_STYLE}{role}{variant}"), role)
        for role in PAGE_ROLES
        for master in _master_pages_shown(body, content, styles, masters)
        for variant in ("-first", "", "-left")
    )
    return [(part, role) for part, role in parts if part is not None and part.get(f"{_STYLE}display") != "false"]


def _master_pages_shown(body: Any, content: Any, styles: Any, masters: dict[str, Any]) -> list[Any]:
    """The master pages the body's pages show, in the order it first shows them: the first page's (the one the style
    of the first paragraph or table names, else the default, "Standard", as LibreOffice takes it), then each that a
    later one's names, each followed by the one its first page leads to (style:next-style-name: LibreOffice's "First
    Page" leads to the default). One no page shows is none: LibreOffice keeps them in styles.xml, and leaves them out
    of the .docx it saves."""
    declared = {  # the styles a body's block may have: the common ones, and the body's automatic ones
        (style.get(f"{_STYLE}family"), style.get(f"{_STYLE}name")): style
        for style in (
            *styles.iterfind(f"{_OFFICE}styles/{_STYLE}style"),
            *content.iterfind(f"{_OFFICE}automatic-styles/{_STYLE}style"),
        )
    }
    named = [
        _master_page_of(declared, "table", block.get(f"{_TABLE}style-name"))
        if block.tag == f"{_TABLE}table"
        else _master_page_of(declared, "paragraph", block.get(f"{_TEXT}style-name"))
        for block in body.iter(f"{_TEXT}p", f"{_TEXT}h", f"{_TABLE}table")
    ]
    default = "Standard" if "Standard" in masters else next(iter(masters), None)
    order: dict[str, None] = {}
    for name in [*([default] if not named or named[0] is None else []), *named]:
        while name in masters and name not in order:
            order[name] = None
            name = masters[name].get(f"{_STYLE}next-style-name")
    return [masters[name] for name in order]


def _master_page_of(declared: dict[tuple[str | None, str | None], Any], family: str, name: str | None) -> str | None:
    """The master page a block's style starts a page of (style:master-page-name), its parent style's when it names
    none, as LibreOffice inherits it; None for none."""
    seen = set()
    while (style := declared.get((family, name))) is not None and name not in seen:
        seen.add(name)
        if style.get(f"{_STYLE}master-page-name") is not None:
            return style.get(f"{_STYLE}master-page-name") or None
        name = style.get(f"{_STYLE}parent-style-name")
    return None


def _blocks(container: Any, notes: bool, role: Role | None = None) -> Iterator[Paragraph]:
    """The paragraphs of a body, a list, a table, a section, a note body, a drawing (a frame's text box, a shape), a
    header or a footer, each followed by those of the notes and drawings in it; `role`: the container's, or None for
    body text."""
    for child in container.iterchildren():
        if child.tag in _PARAGRAPHS:
            asides: list[tuple[Any, str]] = []
            page = role in PAGE_ROLES
            text = "".join(_inline_text(child, notes, asides, _FIELDS if page else frozenset()))
            if page and not any(map(str.isalnum, text)):
                text = ""  # "- 1 -", "1 / 2": nothing of the header's own
            yield Paragraph(clean_text(text), role)
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


def _inline_text(
    element: Any, notes: bool, asides: list[tuple[Any, str]], left_out: frozenset[str] = frozenset()
) -> Iterator[str]:
    """The text of a paragraph; newlines in the XML and <text:line-break/> are spaces, as in HTML. Its notes (unless
    `notes` is False), with their custom marks ('*', "" for a number), and drawings go to `asides`, read after it: a
    frame or shape anchored in it holds paragraphs of its own (a text box, a caption), which read inline would land
    mid-sentence. The elements of `left_out` (`_FIELDS`) give nothing, as those of `_SKIPPED` do."""
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
        elif isinstance(child.tag, str) and child.tag not in _SKIPPED and child.tag not in left_out:
            yield from _inline_text(child, notes, asides, left_out)
        yield child.tail or ""
