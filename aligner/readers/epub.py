"""EPUB -> paragraphs: the chapters in spine order, the text of their block elements.

Left out: the navigation document and the NCX table of contents, spine items
marked non-linear (notes, pop-ups), footnotes and endnotes (EPUB 3 `epub:type`
or ARIA `doc-*` roles), and note references (the superscript markers in the text).
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import InputError
from .paragraphs import _html_blocks, archive_errors, drop_notes_and_navigation

_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_XHTML_TYPES = frozenset({"application/xhtml+xml", "text/html"})


def read_epub(path: Path) -> list[str]:
    """An EPUB 2 or 3 book -> its paragraphs, chapter by chapter in reading order."""
    try:
        from lxml import etree
        from lxml import html as lxml_html
    except ImportError as error:
        raise InputError(f"{path}: reading EPUB needs lxml: pip install 'aligner[formats]'") from error
    with archive_errors(path, "EPUB", etree), zipfile.ZipFile(path) as book:
        chapters = [book.read(name) for name in _spine(book, etree)]
    paragraphs: list[str] = []
    for data in chapters:
        if not data.strip():
            continue
        root = lxml_html.document_fromstring(data)
        drop_notes_and_navigation(root)
        paragraphs.extend(_html_blocks(root, etree))
    return paragraphs


def _spine(book: zipfile.ZipFile, etree: Any) -> list[str]:
    """The archive names of the spine's linear XHTML documents, in reading order (navigation left out)."""
    container = etree.fromstring(book.read("META-INF/container.xml"))
    rootfile = container.find(f".//{_CONTAINER}rootfile")
    if rootfile is None:
        raise KeyError("META-INF/container.xml names no package document")
    opf_name = rootfile.get("full-path", "")
    package = etree.fromstring(book.read(opf_name))
    manifest = {item.get("id"): item for item in package.iter(f"{_OPF}item")}
    names = []
    for itemref in package.iter(f"{_OPF}itemref"):
        item = manifest.get(itemref.get("idref"))
        if (
            item is None
            or itemref.get("linear") == "no"
            or item.get("media-type") not in _XHTML_TYPES
            or "nav" in (item.get("properties") or "").split()
        ):
            continue
        names.append(posixpath.normpath(posixpath.join(posixpath.dirname(opf_name), unquote(item.get("href", "")))))
    return names
