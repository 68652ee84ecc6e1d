"""EPUB -> paragraphs: the chapters in spine order, the text of their block elements.

Each footnote or endnote after the paragraph that references it, from whichever document of the book it is in
(`html.read_pages` says which links are references, which elements notes); `notes=False` leaves them out.

Left out: the navigation document and the NCX table of contents, what spine items marked non-linear (notes, pop-ups)
hold besides the notes referenced from the text, and note references (the superscript markers in the text).
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import InputError
from .html import Page, read_pages
from .paragraphs import Paragraph, archive_errors

_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_XHTML_TYPES = frozenset({"application/xhtml+xml", "text/html"})
_XMLENC = "{http://www.w3.org/2001/04/xmlenc#}"


def read_epub(path: Path, notes: bool = True) -> list[Paragraph]:
    """An EPUB 2 or 3 book -> its paragraphs, chapter by chapter in reading order, its notes after the paragraphs
    that reference them (`notes=False`: left out)."""
    try:
        from lxml import etree
        from lxml import html as lxml_html
    except ImportError as error:
        raise InputError(f"{path}: reading EPUB needs lxml: pip install 'aligner[formats]'") from error
    with archive_errors(path, "an EPUB book", (etree.XMLSyntaxError,)), zipfile.ZipFile(path) as book:
        # a non-linear document the archive lacks was never read: it makes no book unreadable
        present = set(book.namelist())
        spine = [(name, linear) for name, linear in _spine(book, etree) if linear or name in present]
        if _encrypted(book, etree) & {name for name, linear in spine if linear}:
            raise InputError(
                f"{path}: an EPUB book with DRM: its chapters are encrypted, so their text cannot be read; "
                "give a copy without DRM"
            )
        chapters = [(name, linear, book.read(name)) for name, linear in spine]
    pages = [Page(name, lxml_html.document_fromstring(data), linear) for name, linear, data in chapters if data.strip()]
    return read_pages(pages, notes, etree)


def _encrypted(book: zipfile.ZipFile, etree: Any) -> set[str]:
    """The archive names META-INF/encryption.xml says are encrypted: a chapter under DRM (read, its bytes gave
    nonsense text), or a font a publisher obfuscated, which leaves the book readable."""
    if "META-INF/encryption.xml" not in book.namelist():
        return set()
    root = etree.fromstring(book.read("META-INF/encryption.xml"))
    return {posixpath.normpath(unquote(ref.get("URI", ""))) for ref in root.iter(f"{_XMLENC}CipherReference")}


def _spine(book: zipfile.ZipFile, etree: Any) -> list[tuple[str, bool]]:
    """The archive names of the spine's XHTML documents in reading order (navigation left out), each with whether
    it is linear."""
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
            or item.get("media-type") not in _XHTML_TYPES
            or "nav" in (item.get("properties") or "").split()
        ):
            continue
        name = posixpath.normpath(posixpath.join(posixpath.dirname(opf_name), unquote(item.get("href", ""))))
        names.append((name, itemref.get("linear") != "no"))
    return names
