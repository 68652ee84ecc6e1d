"""Footnotes and endnotes of HTML pages and EPUB books, as the tools that write them mark them: each note after the
paragraph that references it, in the order of the references, from whichever file of the book it is in; no mark,
back-link or note number left in the text; `notes=False` leaves the notes out. Files written as Pandoc, Word and
Calibre write them (by hand, in their documented forms) and by LibreOffice (tests/data/notes, made by its make.sh)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import aligner
from aligner.cli import main
from aligner.readers import read_paragraphs, read_paragraphs_with_roles

from .conftest import REPO_ROOT
from .test_read_notes import EN_NOTES, RU_NOTES, tmx_pairs

LIBREOFFICE_FILES = Path(__file__).parent / "data" / "notes"


def html_file(path: Path, body: str) -> Path:
    path.write_text(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" /></head><body>{body}</body></html>')
    return path


# Pandoc 3's HTML5 (`pandoc -s -t html5`): the notes in a section at the end, each ending with a back-link (↩︎).
PANDOC = """
<p>Here is a footnote reference,<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a>
and another.<a href="#fn2" class="footnote-ref" id="fnref2" role="doc-noteref"><sup>2</sup></a></p>
<p>The second paragraph.</p>
<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">
<hr />
<ol>
<li id="fn1"><p>Here is the footnote.<a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
<li id="fn2"><p>Here’s the long note.</p>
<p>It has two blocks.<a href="#fnref2" class="footnote-back" role="doc-backlink">↩︎</a></p></li>
</ol>
</section>"""
# Pandoc 1's HTML: no roles; the section a <div class="footnotes">, the back-link a bare ↩.
OLD_PANDOC = """
<p>Here is a footnote reference,<a href="#fn1" class="footnoteRef" id="fnref1"><sup>1</sup></a> and more.</p>
<p>The second paragraph.</p>
<div class="footnotes"><hr /><ol><li id="fn1"><p>Here is the footnote.<a href="#fnref1">↩</a></p></li></ol></div>"""


@pytest.mark.parametrize(
    "body, expected, without_notes",
    [
        (
            PANDOC,
            [
                "Here is a footnote reference, and another.",
                "Here is the footnote.",
                "Here’s the long note.",
                "It has two blocks.",
                "The second paragraph.",
            ],
            ["Here is a footnote reference, and another.", "The second paragraph."],
        ),
        (
            OLD_PANDOC,
            ["Here is a footnote reference, and more.", "Here is the footnote.", "The second paragraph."],
            ["Here is a footnote reference, and more.", "The second paragraph."],
        ),
    ],
    ids=["pandoc-3", "pandoc-1"],
)
def test_pandoc_html_notes_follow_their_paragraph_without_their_back_links(tmp_path, body, expected, without_notes):
    path = html_file(tmp_path / "pandoc.html", body)
    assert read_paragraphs(path) == expected
    assert read_paragraphs(path, notes=False) == without_notes


# Word's "Web Page, Filtered": [1] marks linking to <div id=ftn1>, each note opening with its number, a link back.
WORD = """<div class=WordSection1>
<p class=MsoNormal>The first paragraph holds a note.<a href="#_ftn1" name="_ftnref1" title=""><span
class=MsoFootnoteReference><span class=MsoFootnoteReference><span style='font-size:11.0pt'>[1]</span></span></span></a>
It goes on.</p>
<p class=MsoNormal>And an endnote<a href="#_edn1" name="_ednref1" title=""><span
class=MsoEndnoteReference>[i]</span></a>.</p>
</div>
<div><br clear=all><hr align=left size=1 width="33%">
<div id=edn1><p class=MsoEndnoteText><a href="#_ednref1" name="_edn1" title=""><span
class=MsoEndnoteReference>[i]</span></a> The endnote's text.</p></div></div>
<div><br clear=all><hr align=left size=1 width="33%">
<div id=ftn1><p class=MsoFootnoteText><a href="#_ftnref1" name="_ftn1" title=""><span
class=MsoFootnoteReference>[1]</span></a> The footnote's text.</p>
<p class=MsoFootnoteText>Its second paragraph.</p></div></div>"""


def test_word_html_notes_follow_their_paragraph_without_their_numbers(tmp_path):
    path = html_file(tmp_path / "word.htm", WORD)
    assert read_paragraphs(path) == [
        "The first paragraph holds a note. It goes on.",
        "The footnote's text.",
        "Its second paragraph.",  # the whole <div id=ftn1>, not only the paragraph the mark links to
        "And an endnote.",
        "The endnote's text.",
    ]
    assert read_paragraphs(path, notes=False) == ["The first paragraph holds a note. It goes on.", "And an endnote."]


def test_libreoffice_html_and_epub_read_their_notes_as_its_odt_does():
    """Writer's HTML (sdfootnote anchors, the notes at the end) and EPUB 3 (noteref links, <aside> notes) of
    notes.fodt. Writer writes the text box before its paragraph's text in both (the .odt reader reads it after)."""
    html, epub = LIBREOFFICE_FILES / "notes.html", LIBREOFFICE_FILES / "notes.epub"
    assert b'class="sdfootnoteanc"' in html.read_bytes()
    with zipfile.ZipFile(epub) as book:
        assert b'<aside epub:type="footnote"' in book.read("OEBPS/sections/section0001.xhtml")
    expected = [
        "The first paragraph holds a note. It goes on.",
        "The footnote's text.",
        "Text in the box.",
        "A box is anchored here. And an endnote.",
        "The endnote's text.",
        "The last paragraph.",
        "A starred note.",  # its mark (*), which opens the note as a link back, left out as a number is
    ]
    notes = {"The footnote's text.", "The endnote's text.", "A starred note."}
    for path in (html, epub):
        assert (path.name, read_paragraphs(path)) == (path.name, expected)
        assert (path.name, read_paragraphs(path, notes=False)) == (path.name, [t for t in expected if t not in notes])


def test_an_html_note_is_a_footnote_or_an_endnote_as_its_markup_says(tmp_path):
    word = [paragraph.role for paragraph in read_paragraphs_with_roles(html_file(tmp_path / "word.htm", WORD))]
    assert word == [None, "footnote", "footnote", None, "endnote"]
    # Writer's EPUB writes its endnote as an <aside epub:type="footnote">, as its HTML does not
    libreoffice = {
        name: [paragraph.role for paragraph in read_paragraphs_with_roles(LIBREOFFICE_FILES / name)]
        for name in ("notes.html", "notes.epub")
    }
    assert libreoffice == {
        "notes.html": [None, "footnote", None, None, "endnote", None, "footnote"],
        "notes.epub": [None, "footnote", None, None, "footnote", None, "footnote"],
    }
    notes = {0: "The aside.", 2: "The endnote."}
    standard_ebooks = seed_book_with_endnotes(tmp_path / "se" / "book.epub", ["One.", "Two.", "Three."], notes, "en")
    assert read_paragraphs_with_roles(standard_ebooks) == [
        ("One.", None),
        ("The aside.", "footnote"),
        ("Two.", None),
        ("Three.", None),
        ("The endnote.", "endnote"),
    ]
    calibre = calibre_book(tmp_path / "calibre" / "book.epub", ["One.", "Two."], {1: "The note."}, "en")
    assert read_paragraphs_with_roles(calibre) == [("One.", None), ("Two.", None), ("The note.", "footnote")]


CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
    "</container>"
)


def xhtml(body: str, language: str) -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
        f'xmlns:epub="http://www.idpf.org/2007/ops" lang="{language}"><head><title>-</title></head>'
        f"<body>{body}</body></html>"
    )


def epub_book(path: Path, documents: dict[str, str], language: str = "en", non_linear: frozenset[str] = frozenset()):
    """An EPUB 3 of these XHTML bodies by file name, in this reading order, with a navigation document: the
    mimetype first and stored, container.xml, the package document."""
    names = list(documents)
    items = "".join(
        f'<item id="d{number}" href="{name}" media-type="application/xhtml+xml"/>' for number, name in enumerate(names)
    )
    linear = {name: ' linear="no"' if name in non_linear else "" for name in names}
    spine = "".join(f'<itemref idref="d{number}"{linear[name]}/>' for number, name in enumerate(names))
    package = (
        '<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        'unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:identifier id="id">urn:uuid:{path.stem}</dc:identifier><dc:title>{path.stem}</dc:title>'
        f"<dc:language>{language}</dc:language></metadata><manifest>"
        f'<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>{items}</manifest>'
        f'<spine><itemref idref="nav"/>{spine}</spine></package>'
    )
    navigation = "".join(f'<li><a href="{name}">{name}</a></li>' for name in names if name not in non_linear)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", package)
        book.writestr("OEBPS/nav.xhtml", xhtml(f'<nav epub:type="toc"><ol>{navigation}</ol></nav>', language))
        for name, body in documents.items():
            book.writestr(f"OEBPS/{name}", xhtml(body, language))
    return path


# One book, the notes of several tools: EPUB 3 and DPUB-ARIA asides (one before the paragraph that references it,
# one referenced twice), Standard Ebooks' endnotes file, Calibre's notes file of a split book (its '[←1]' back-links),
# a pop-up note in a non-linear file, which references a note of its own.
BOOK = {
    "chapter-1.xhtml": (
        '<section epub:type="chapter"><h1>Chapter one</h1>'
        '<aside epub:type="footnote" id="fn2"><p><a href="#r2">2</a> The aside before its paragraph.</p></aside>'
        '<p>The first paragraph<a epub:type="noteref" href="#fn1" id="r1">1</a> holds two notes.'
        '<a epub:type="noteref" href="#fn2" id="r2">2</a></p>'
        '<aside epub:type="footnote" id="fn1"><p>The first note.</p><p>Its second paragraph.</p></aside>'
        '<p>An ARIA note<a role="doc-noteref" href="#an1">*</a>, named again'
        '<a role="doc-noteref" href="#an1">*</a>.</p>'
        '<aside role="doc-footnote" id="an1"><p>The ARIA note.</p></aside>'
        '<p>An endnote.<a href="endnotes.xhtml#note-1" id="noteref-1" epub:type="noteref">3</a></p></section>'
    ),
    "index_split_000.html": (
        '<h2>Chapter two</h2><p>Calibre’s note.<sup class="noteref" id="back_id1"><a href="index_split_001.html#id1" '
        'title="1">1</a></sup> The paragraph goes on.</p>'
        '<p>A pop-up<sup><a href="popup.xhtml#p1">[4]</a></sup> note.</p>'
    ),
    "index_split_001.html": (
        '<h1 class="notes-header">Notes</h1><dl class="footnote" id="id1"><dt>[<a href="index_split_000.html#back_id1" '
        'title="1">←1</a>]</dt><dd><p>The Calibre note.</p></dd></dl>'
    ),
    "endnotes.xhtml": (
        '<section id="endnotes" epub:type="backmatter endnotes" role="doc-endnotes"><h2 epub:type="title">Endnotes'
        '</h2><ol><li id="note-1" epub:type="endnote" role="doc-endnote"><p>The endnote. <a href="chapter-1.xhtml#'
        'noteref-1" epub:type="backlink" role="doc-backlink">↩</a></p></li>'
        '<li id="note-9" epub:type="endnote" role="doc-endnote"><p>An endnote nothing references.</p></li></ol>'
        "</section>"
    ),
    "popup.xhtml": (
        '<p>A pop-up page of its own.</p><div id="p1"><p>The pop-up note<sup><a href="#p2">[5]</a></sup>.</p></div>'
        '<div id="p2"><p>The note of the pop-up note.</p></div>'
    ),
}


def test_epub_notes_follow_the_paragraph_referencing_them_from_any_file_of_the_book(tmp_path):
    path = epub_book(tmp_path / "book.epub", BOOK, non_linear=frozenset({"popup.xhtml"}))
    body = [
        "Chapter one",
        "The first paragraph holds two notes.",
        "An ARIA note, named again.",
        "An endnote.",
        "Chapter two",
        "Calibre’s note. The paragraph goes on.",
        "A pop-up note.",
        "Notes",  # Calibre's heading of its notes: a title of the book
    ]
    assert read_paragraphs(path) == [
        body[0],
        body[1],
        "The first note.",
        "Its second paragraph.",
        "The aside before its paragraph.",  # after the paragraph, without its number linking back
        body[2],
        "The ARIA note.",  # once
        body[3],
        "The endnote.",  # from endnotes.xhtml
        body[4],
        body[5],
        "The Calibre note.",  # from index_split_001.html, without '[←1]'
        body[6],
        "The pop-up note.",  # from the non-linear file, the rest of which is not read
        "The note of the pop-up note.",
        body[7],
        "Endnotes",
        "An endnote nothing references.",  # where it is
    ]
    assert read_paragraphs(path, notes=False) == body  # the typed notes sections, with their titles, left out too


def seed_book_with_endnotes(path: Path, paragraphs: list[str], notes: dict[int, str], language: str) -> Path:
    """The seed's paragraphs as an EPUB 3 chapter, the first of `notes` an aside after its paragraph, the others in
    an endnotes file (Standard Ebooks' markup: a back-link ends each)."""
    chapter, endnotes = [], []
    for number, index in enumerate(sorted(notes), start=1):
        if number > 1:
            endnotes.append(
                f'<li id="n{index}" epub:type="endnote"><p>{escape(notes[index])} <a href="chapter.xhtml#r{index}" '
                'epub:type="backlink">↩</a></p></li>'
            )
    for index, text in enumerate(paragraphs):
        number = sorted(notes).index(index) + 1 if index in notes else 0
        file = "" if number == 1 else "endnotes.xhtml"
        mark = f'<a href="{file}#n{index}" epub:type="noteref" id="r{index}">{number}</a>' if number else ""
        chapter.append(f"<p>{escape(text)}{mark}</p>")
        if number == 1:
            chapter.append(f'<aside epub:type="footnote" id="n{index}"><p>{escape(notes[index])}</p></aside>')
    documents = {"chapter.xhtml": "".join(chapter)}
    if endnotes:
        documents["endnotes.xhtml"] = f'<section epub:type="endnotes"><ol>{"".join(endnotes)}</ol></section>'
    path.parent.mkdir(exist_ok=True)
    return epub_book(path, documents, language)


def calibre_book(path: Path, paragraphs: list[str], notes: dict[int, str], language: str) -> Path:
    """The seed's paragraphs as Calibre splits a converted .docx: the text, then its notes in a file of their own
    ('[←1]' back-links)."""
    text, notes_file = [], []
    for index, paragraph in enumerate(paragraphs):
        mark = ""
        if index in notes:
            number = len(notes_file) + 1
            link = f'<a href="index_split_001.html#id{number}">{number}</a>'
            mark = f'<sup class="noteref" id="back_id{number}">{link}</sup>'
            notes_file.append(
                f'<dl class="footnote" id="id{number}"><dt>[<a href="index_split_000.html#back_id{number}">←{number}'
                f"</a>]</dt><dd><p>{escape(notes[index])}</p></dd></dl>"
            )
        text.append(f"<p>{escape(paragraph)}{mark}</p>")
    documents = {"index_split_000.html": "".join(text)}
    if notes_file:
        documents["index_split_001.html"] = "".join(notes_file)
    path.parent.mkdir(exist_ok=True)
    return epub_book(path, documents, language)


@pytest.mark.model
def test_an_epub_and_its_translation_align_their_notes_with_each_other(seed_paths, tmp_path):
    """The seed statement as an EPUB 3 (an aside, an endnote in another file), its translation as Calibre writes a
    book (the notes in a file of their own): each note a translation unit of its own, paired with its translation."""
    russian, english = read_paragraphs(seed_paths["ru"]), read_paragraphs(seed_paths["en"])
    source = seed_book_with_endnotes(tmp_path / "notes" / "ru.epub", russian, RU_NOTES, "ru")
    target = calibre_book(tmp_path / "notes" / "en.epub", english, EN_NOTES, "en")
    tmx = tmp_path / "notes.tmx"
    assert main(["align", str(source), str(target), "-o", str(tmx), "-q"]) == 0
    pairs = tmx_pairs(tmx)
    notes = [(RU_NOTES[2], EN_NOTES[3]), (RU_NOTES[8], EN_NOTES[9])]
    assert [pair for pair in pairs if pair in notes] == notes
    body = [pair for pair in pairs if pair not in notes]
    assert body == [(russian[0], f"{english[0]}\n{english[1]}"), *zip(russian[1:], english[2:], strict=True)]

    # left out, the notes leave the books as books that never had them: the same TMX, byte for byte
    plain_source = seed_book_with_endnotes(tmp_path / "plain" / "ru.epub", russian, {}, "ru")
    plain_target = calibre_book(tmp_path / "plain" / "en.epub", english, {}, "en")
    plain_tmx, without_notes_tmx = tmp_path / "plain.tmx", tmp_path / "without-notes.tmx"
    assert main(["align", str(plain_source), str(plain_target), "-o", str(plain_tmx), "-q"]) == 0
    assert main(["align", "--no-notes", str(source), str(target), "-o", str(without_notes_tmx), "-q"]) == 0
    assert without_notes_tmx.read_bytes() == plain_tmx.read_bytes()


def test_the_readme_query_of_notes_finds_pandoc_html_notes(tmp_path, fake_encoder):
    """README's `query("role == 'footnote'")` gave an empty frame on Pandoc's notes, which are endnotes
    (role="doc-endnotes"; trial7 D9): its query, as written there, finds them."""
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    query = re.search(r'result\.to_dataframe\(\)\.query\("(.+?)"\)', readme)
    assert query is not None
    path = html_file(tmp_path / "pandoc.html", PANDOC)
    result = aligner.align(path, path, model=fake_encoder, force=True)
    notes = result.to_dataframe().query(query.group(1))
    assert sorted(notes.source_text) == ["Here is the footnote.", "Here’s the long note.", "It has two blocks."]
