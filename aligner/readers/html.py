"""HTML pages -> paragraphs: the text of their block elements, a web page's or the documents of an EPUB, each
footnote or endnote read after the paragraph that references it (unless `notes` is False: then left out).

A reference is a link into the pages typed as one (EPUB 3 `epub:type="noteref"`, DPUB-ARIA `role="doc-noteref"`,
Pandoc's `footnote-ref`, LibreOffice's `sdfootnoteanc` classes) or whose text is a note marker ('1', '[2]', '*',
'iv'). What it points to is a note when it is, or lies in:
- an element typed as a note (`footnote`, `endnote`, `rearnote`, `note`, `doc-footnote`, `doc-endnote`), or an item
  of a notes section (`footnotes`, `endnotes`, `doc-endnotes`..., Pandoc's `class="footnotes"`);
- LibreOffice's and Word's note divisions (`<div id="sdfootnote1">`, `sdendnote1`, `ftn1`, `edn1`);
- a block that links back to the reference (Calibre's `<dl class="footnote">`; a `<dt>` with its `<dd>`), or a block
  of a non-linear document of the book (notes a reading system shows as pop-ups), when text comes before the
  reference in its paragraph: a back-link opens its note, a reference seldom opens a paragraph.
A note is read once, at its first reference, in the order of the references, wherever in the book it is; the
reference leaves nothing in the text, nor do the note's back-links ('↩', '[←1]') and its own number. A note no
reference names stays where it is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..errors import InputError
from ..types import Role
from .paragraphs import BEFORE_A_NOTE, NOTE_MARKER, Paragraph, _read_bytes, clean_text, decode

_BLOCKS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul".split()
)
# rt, rp: ruby text, the reading of Japanese or Chinese characters set above them, and its fallback brackets
_DROPPED = frozenset("head script style noscript template svg math iframe object select rt rp".split())
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")

# EPUB 3 `epub:type` and ARIA `role` values: navigation, note marks, and notes and their sections.
_NAVIGATION = re.compile(r"\b(?:doc-)?(?:toc|landmarks|page-list|pagebreak)\b")
_REFERENCE = re.compile(r"\b(?:doc-)?noteref\b")
_BACKLINK = re.compile(r"\b(?:doc-)?backlink\b")
_NOTE = re.compile(r"\b(?:doc-)?(?:footnotes?|endnotes?|rearnotes?|notes?)\b")
_A_NOTE = re.compile(r"\b(?:doc-)?(?:footnote|endnote|rearnote|note)\b")
_NOTE_DIVISION = re.compile(r"(?:sdfootnote|sdendnote|ftn|edn)\d+")  # LibreOffice's and Word's HTML
_NOTE_KIND = re.compile(r"\b(?:doc-)?(foot|end|rear)notes?\b")  # a rear note is an endnote (EPUB 3's older word)
_NOTE_ID_KIND = re.compile(r"^(?:sd)?(foot|end|ft|ed)n")  # sdfootnote1, sdendnote1, ftn1, edn1
_REFERENCE_CLASSES = frozenset({"footnote-ref", "footnoteref", "sdfootnoteanc", "sdendnoteanc"})
_BACKLINK_CLASSES = frozenset({"footnote-back", "footnoteback", "footnote-backref", "data-footnote-backref"})
_NOTES_CLASSES = frozenset({"footnotes"})  # Pandoc's notes section
_NO_NOTE = frozenset("html body main article section nav header footer h1 h2 h3 h4 h5 h6".split())

Note = tuple[Any, ...]  # the elements of a note, in document order (a <dt> and its <dd>: two)


@dataclass(frozen=True)
class Page:
    """An HTML document: its name (its path in an EPUB, its file name for a web page) and its lxml tree; a
    non-linear one (an EPUB's notes or pop-ups) is read only for the notes referenced from the others."""

    name: str
    root: Any
    linear: bool = True


def read_html(path: Path, notes: bool = True) -> list[Paragraph]:
    """An HTML file -> the text of its block elements (p, li, td, h1...), one paragraph each; script/style dropped;
    its notes after the paragraphs that reference them (`notes=False`: left out)."""
    try:
        from lxml import etree
        from lxml import html as lxml_html
    except ImportError as error:
        raise InputError(f"{path}: reading HTML needs lxml: pip install 'aligner[formats]'") from error
    data = _read_bytes(path)
    declared = _DECLARED_CHARSET.search(data[:4096])
    text = decode(data, str(path), declared.group(1).decode("ascii") if declared else None)
    # huge_tree lifts libxml2's limits of 256 levels of nesting and 10 MB per text node or attribute, past
    # which it would silently stop reading; what it still cannot read (2,048 levels) it logs as fatal.
    parser = lxml_html.HTMLParser(huge_tree=True)
    try:
        root = lxml_html.document_fromstring(_XML_DECLARATION.sub("", text), parser=parser)
    except etree.ParserError as error:  # "Document is empty": only comments, a doctype or a processing instruction
        raise InputError(f"{path}: the document has no text") from error
    fatal = next((entry for entry in parser.error_log if entry.level_name == "FATAL"), None)
    if fatal is not None:
        message = fatal.message.split(", use XML_PARSE_HUGE")[0]
        raise InputError(f"{path}: HTML that cannot be read to the end: line {fatal.line}: {message}")
    return read_pages([Page(Path(path).name, root)], notes, etree)


def read_pages(pages: Sequence[Page], notes: bool, etree: Any) -> list[Paragraph]:
    """The paragraphs of the linear pages in order, each followed by those of the notes it references (`notes`
    False: notes left out); `etree` is lxml's."""
    for page in pages:
        _drop_navigation(page.root)
    references = _find_notes(pages)
    roles = {note[0]: _note_role(note[0]) for note in references.values()}  # while the notes are in their pages
    for note in references.values():
        for element in note:
            element.drop_tree()  # its tail stays where it was
            element.tail = None
    if not notes:
        for reference in references:
            reference.drop_tree()
        references = {}
    read = [page.root for page in pages if page.linear]
    for root in chain(read, (element for note in references.values() for element in note)):
        _drop_note_marks(root, notes, references)
    paragraphs: list[Paragraph] = []
    for root in read:
        paragraphs.extend(_blocks(root, etree, references, roles))
    return paragraphs


def _note_role(note: Any) -> Role:
    """Whether a note is a footnote or an endnote, as the note, or else the nearest element around it that names a
    kind, says (EPUB 3 and ARIA types, LibreOffice's and Word's ids, Pandoc's and Calibre's classes); "note" when
    none does."""
    for element in chain([note], note.iterancestors()):
        kinds = _NOTE_KIND.findall(_types(element)) + _NOTE_ID_KIND.findall(element.get("id", ""))
        kinds += ["foot" for name in _classes(element) if name in ("footnote", "footnotes")]
        if kinds:
            return "footnote" if kinds[0] in ("foot", "ft") else "endnote"
    return "note"


def _drop_navigation(root: Any) -> None:
    """Remove <nav>, the page's own header, footer and sidebars (`_page_furniture`), and the table of contents,
    landmarks and page breaks EPUB 3 `epub:type` or ARIA `doc-*` roles mark."""
    furniture = _page_furniture(root)
    doomed = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (element.tag == "nav" or element in furniture or _NAVIGATION.search(_types(element)))
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _drop_note_marks(root: Any, notes: bool, references: dict[Any, Note]) -> None:
    """Remove note markers, the text after them kept, and with `notes` False the notes left (typed by EPUB 3
    `epub:type` or ARIA `doc-*` roles). A marker is typed as a reference or back-link, a link into the page ('[1]',
    '*') or a superscript one: bracketed, or after punctuation or a space ('events.<sup>1</sup>'); 'km<sup>2</sup>'
    stays. The `references` kept are moved out of a marker dropped around them: the reader skips them."""
    doomed = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and element not in references
        and (
            _REFERENCE.search(_types(element))
            or _BACKLINK.search(_types(element))
            or (not notes and _NOTE.search(_types(element)))
            or (element.tag == "a" and "#" in element.get("href", "") and NOTE_MARKER.match(element.text_content()))
            or (element.tag == "sup" and _is_note_marker(element))
        )
    ]
    for element in doomed:
        if element.getparent() is None:
            continue  # inside one dropped already
        for reference in [inner for inner in element.iterdescendants() if inner in references]:
            reference.tail = None
            element.addprevious(reference)
        element.drop_tree()


def _types(element: Any) -> str:
    return f"{element.get('epub:type', '')} {element.get('role', '')}"


def _classes(element: Any) -> set[str]:
    return set(element.get("class", "").lower().split())


_CONTENT_TAGS = frozenset({"main", "article"})
# A <header> or <footer> inside one of these is its section's (a title, a byline), not the page's.
_SECTIONING_TAGS = _CONTENT_TAGS | {"section", "aside"}


def _is_content(element: Any) -> bool:
    return element.tag in _CONTENT_TAGS or element.get("role") == "main"


def _page_furniture(root: Any) -> list[Any]:
    """The page's own header, footer and sidebars (a site's logo, '© 2025 Ministry. All rights reserved.', share
    links, "Related news"): <header>, <footer> or an element of role banner or contentinfo outside every <main>,
    <article>, <section> and <aside>, and <aside> or role complementary outside every <main> and <article>, holding
    no <main> or <article>; only in a page that marks its content with <main> or <article> (role main), since a page
    without has its title in a header as often as not (and an <aside> inside the content is the text's own). A
    note's <aside> is no sidebar."""
    elements = [element for element in root.iter() if isinstance(element.tag, str)]
    if not any(_is_content(element) for element in elements):
        return []

    def furniture(element: Any) -> bool:
        if element.tag in ("header", "footer") or element.get("role") in ("banner", "contentinfo"):
            around = _SECTIONING_TAGS  # a section's own header or footer: its title, its byline
        elif (element.tag == "aside" or element.get("role") == "complementary") and not _NOTE.search(_types(element)):
            around = _CONTENT_TAGS  # an aside inside the content is the text's own
        else:
            return False
        return not any(
            ancestor.tag in around or _is_content(ancestor) for ancestor in element.iterancestors()
        ) and not any(_is_content(inner) for inner in element.iterdescendants() if isinstance(inner.tag, str))

    return [element for element in elements if furniture(element)]


def _is_note_marker(sup: Any) -> bool:
    """Whether a <sup> is a note marker: '[2]' anywhere, '1' or '*' after punctuation or a space."""
    text = sup.text_content()
    if not NOTE_MARKER.match(text):
        return False
    previous = sup.getprevious()
    before = (previous.tail if previous is not None else sup.getparent().text) or ""
    return text.strip()[0] in "[(" or bool(BEFORE_A_NOTE.search(before))


class _Anchors:
    """The elements of the pages by (page name, id or <a name>), to follow a link to what it points to."""

    def __init__(self, pages: Sequence[Page]) -> None:
        self.targets: dict[tuple[str, str], tuple[Any, Page]] = {}
        for page in pages:
            for element in page.root.iter():
                if not isinstance(element.tag, str):
                    continue
                for key in (element.get("id"), element.get("name") if element.tag == "a" else None):
                    if key:
                        self.targets.setdefault((page.name, key), (element, page))

    def target(self, link: Any, page: Page) -> tuple[Any, Page] | None:
        """What a link in `page` points to in the pages, and its page; None for a link elsewhere."""
        href = urlsplit(link.get("href", "").strip())
        if href.scheme or href.netloc or not href.fragment:
            return None
        name = posixpath.normpath(posixpath.join(posixpath.dirname(page.name), unquote(href.path)))
        return self.targets.get((name if href.path else page.name, unquote(href.fragment)))


def _find_notes(pages: Sequence[Page]) -> dict[Any, Note]:
    """The note references of the linear pages and of the notes they reference, in reading order -> the note each
    is the first reference of; the notes' back-links removed."""
    anchors = _Anchors(pages)
    found: dict[Any, Note] = {}  # a reference -> its note
    page_of: dict[Any, Page] = {}  # a reference -> the page of its note
    taken: set[Any] = set()  # the notes' elements
    regions: dict[Any, set[Any]] = {}  # a note's first element -> what its back-links may point to, every reference's
    queue = [(link, page) for page in pages if page.linear for link in page.root.iter("a")]
    while queue:
        later: list[tuple[Any, Page]] = []
        for link, page in queue:
            pointed = anchors.target(link, page) if link not in found and _looks_like_reference(link) else None
            if pointed is None:
                continue
            target, note_page = pointed
            note = _note_at(target, note_page, link, anchors)
            if note is not None and note[0] in regions:
                regions[note[0]] |= _region(link)  # a later reference: the note was read at the first
            if note is None or any(element in taken or _holds(element, link) for element in note):
                continue
            regions[note[0]] = _region(link)
            found[link] = note
            page_of[link] = note_page
            taken.update(note)
            if not note_page.linear:  # its own references are read from it, not from its page
                later.extend((inner, note_page) for element in note for inner in element.iter("a"))
        queue = later
    for reference, note in found.items():
        for element in note:
            _drop_backlinks(element, regions[note[0]], page_of[reference], anchors)
    return found


def _looks_like_reference(link: Any) -> bool:
    types = _types(link)
    if _BACKLINK.search(types) or _classes(link) & _BACKLINK_CLASSES:
        return False
    typed = _REFERENCE.search(types) or _classes(link) & _REFERENCE_CLASSES
    return bool(typed or NOTE_MARKER.match(link.text_content()))


def _holds(element: Any, inner: Any) -> bool:
    return element is inner or any(ancestor is element for ancestor in inner.iterancestors())


def _note_at(target: Any, page: Page, reference: Any, anchors: _Anchors) -> Note | None:
    """The note a reference points to (`target`, in `page`), or None when it points to no note."""
    outermost_item: Any = None
    below: Any = None
    for element in chain([target], target.iterancestors()):
        if element.tag in ("body", "html"):
            break
        if _A_NOTE.search(_types(element)) or (
            element.tag == "div" and _NOTE_DIVISION.fullmatch(element.get("id", ""))
        ):
            return (element,)
        if _NOTE.search(_types(element)) or _classes(element) & _NOTES_CLASSES:
            item = outermost_item if outermost_item is not None else below
            return None if item is None else (item,)
        if element.tag == "li":
            outermost_item = element
        below = element
    block = next((element for element in chain([target], target.iterancestors()) if element.tag in _BLOCKS), None)
    if block is None or block.tag in _NO_NOTE or _opens_its_block(reference):
        return None
    note: Note = (block,)
    if block.tag == "dt":
        definitions = [following for following in block.itersiblings() if isinstance(following.tag, str)]
        end = next((index for index, following in enumerate(definitions) if following.tag != "dd"), len(definitions))
        note = (block, *definitions[:end])
    region = _region(reference)
    links_back = any(
        (anchors.target(link, page) or (None,))[0] in region for element in note for link in element.iter("a")
    )
    return note if links_back or not page.linear else None


def _region(reference: Any) -> set[Any]:
    """What a back-link to a reference may point to: the reference, what is inside it, and the inline elements
    around it (Calibre's `<sup id="back_1"><a href="#1">`)."""
    around = []
    for ancestor in reference.iterancestors():
        if ancestor.tag in _BLOCKS:
            break
        around.append(ancestor)
    return {reference, *reference.iterdescendants(), *around}


def _opens_its_block(link: Any) -> bool:
    """Whether nothing but spaces comes before a link in its block, as before a note's back-link."""
    element = link
    while (parent := element.getparent()) is not None:
        for previous in element.itersiblings(preceding=True):
            if (previous.tail or "").strip() or (isinstance(previous.tag, str) and previous.text_content().strip()):
                return False
        if (parent.text or "").strip():
            return False
        if parent.tag in _BLOCKS:
            return True
        element = parent
    return True


def _drop_backlinks(note: Any, region: set[Any], page: Page, anchors: _Anchors) -> None:
    """Remove the links back to its references from a note, the brackets around one with it ('[←1]' is
    Calibre's)."""
    for link in list(note.iter("a")):
        pointed = anchors.target(link, page)
        if not (
            (pointed is not None and pointed[0] in region)
            or _BACKLINK.search(_types(link))
            or _classes(link) & _BACKLINK_CLASSES
        ):
            continue
        previous = link.getprevious()
        before_owner, attribute = (previous, "tail") if previous is not None else (link.getparent(), "text")
        before = getattr(before_owner, attribute) or ""
        after = link.tail or ""
        if before.rstrip().endswith(("[", "(")) and after.lstrip().startswith(("]", ")")):
            setattr(before_owner, attribute, before.rstrip()[:-1])
            link.tail = after.lstrip()[1:]
        link.drop_tree()


def _blocks(
    root: Any, etree: Any, references: dict[Any, Note], roles: dict[Any, Role], role: Role | None = None
) -> list[Paragraph]:
    """The text of the block elements under `root` (paragraphs of `role`), each paragraph followed by the notes whose
    `references` it holds (each note read at its first reference, its paragraphs of its `roles`)."""
    paragraphs: list[Paragraph] = []
    pieces: list[str] = []  # text of the block being read
    line_start = -1  # where in `pieces` the block's last <br> ended a line; -1: none yet
    referenced: list[Note] = []  # the notes the block being read references

    def flush() -> None:
        nonlocal line_start
        paragraph = clean_text("".join(pieces))
        if paragraph:
            paragraphs.append(Paragraph(paragraph, role))
        pieces.clear()
        line_start = -1
        notes = list(referenced)
        referenced.clear()
        for note in notes:
            for element in note:
                paragraphs.extend(_blocks(element, etree, references, roles, roles[note[0]]))

    # comments come as events of their own, or not at all (and the text after one with them): a CMS's or
    # LibreOffice's <!-- --> (a Writer comment) at the start of a paragraph lost the whole paragraph
    walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walker:
        if event in ("comment", "pi"):
            pieces.append(element.tail or "")
            continue
        tag = element.tag.lower() if isinstance(element.tag, str) else None  # None: an entity an XML parser kept
        if event == "start":
            if tag is None or tag in _DROPPED:
                walker.skip_subtree()
                continue
            if element in references:
                walker.skip_subtree()  # the mark leaves nothing; its note follows the paragraph
                referenced.append(references.pop(element))
                continue
            if tag in _BLOCKS:
                flush()
            if tag == "br":
                if line_start >= 0 and not "".join(pieces[line_start:]).strip():
                    flush()  # <br><br>: a blank line, which ends a paragraph as in a text file
                pieces.append(" ")
                line_start = len(pieces)
            pieces.append(element.text or "")
        else:
            if tag in _BLOCKS:
                flush()
            pieces.append(element.tail or "")
    flush()
    return paragraphs
