"""Reading EPUB and ODT, and choosing the reader by content: a file's name may lie about its format."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from aligner import InputError
from aligner.readers import read_paragraphs

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""
# The manifest lists the chapters out of order: the spine decides.
PACKAGE = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>
    <dc:title>Заявление</dc:title><dc:language>ru</dc:language></metadata>
  <manifest>
    <item id="notes" href="Text/notes.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="Text/chapter%202.xhtml" media-type="application/xhtml+xml"/>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c1" href="Text/chapter1.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine><itemref idref="nav"/><itemref idref="c1"/><itemref idref="c2"/><itemref idref="notes" linear="no"/></spine>
</package>"""
XHTML = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title>
<style>p {{ margin: 0 }}</style></head><body>{}</body></html>"""
NAV = XHTML.format('<nav epub:type="toc"><ol><li><a href="Text/chapter1.xhtml">Глава первая</a></li></ol></nav>')
CHAPTER_1 = XHTML.format("""
<section epub:type="chapter"><h1>Глава первая</h1>
<p>Первый абзац<a epub:type="noteref" href="#fn1">1</a> главы,
   перенесённый на две строки.</p>
<blockquote><p>Цитата в <em>главе</em>.</p></blockquote>
<ul><li>Пункт один</li><li>Пункт два</li></ul>
<aside epub:type="footnote" id="fn1"><p>Сноска, которой нет в тексте.</p></aside>
</section>""")
CHAPTER_2 = XHTML.format("""
<div class="chapter"><h2>Глава вторая</h2>
<p>Абзац со старой сноской<sup><a href="notes.xhtml#n2" id="r2">[2]</a></sup> и строкой<br/>второй.</p>
<p>Ссылка <a href="https://example.org/">на сайт</a> остаётся.</p>
<section role="doc-endnotes"><ol><li id="n3">Концевая сноска.</li></ol></section></div>""")
NOTES = XHTML.format('<p id="n2">Сноска в отдельном файле.</p>')


def write_epub(path: Path, chapters: dict[str, str], package: str = PACKAGE) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")  # first and stored, as the spec says
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", package)
        for name, text in chapters.items():
            book.writestr(f"OEBPS/{name}", text, compress_type=zipfile.ZIP_DEFLATED)
    return path


@pytest.fixture
def epub_file(tmp_path) -> Path:
    return write_epub(
        tmp_path / "book.epub",
        {
            "nav.xhtml": NAV,
            "Text/chapter1.xhtml": CHAPTER_1,
            "Text/chapter 2.xhtml": CHAPTER_2,
            "Text/notes.xhtml": NOTES,
            "style.css": "p { color: black }",
        },
    )


def test_epub_chapters_in_spine_order_their_notes_after_their_paragraphs_without_navigation(epub_file):
    body = [
        "Глава первая",
        "Первый абзац главы, перенесённый на две строки.",
        "Цитата в главе.",
        "Пункт один",
        "Пункт два",
        "Глава вторая",
        "Абзац со старой сноской и строкой второй.",
        "Ссылка на сайт остаётся.",
    ]
    assert read_paragraphs(epub_file, notes=False) == body
    # the notes after the paragraph referencing them, the one in the non-linear file too; the endnote no link
    # references stays where it is
    assert read_paragraphs(epub_file) == [
        *body[:2],
        "Сноска, которой нет в тексте.",
        *body[2:7],
        "Сноска в отдельном файле.",
        body[7],
        "Концевая сноска.",
    ]


def test_an_epub_whose_fonts_only_are_obfuscated_reads_as_without(tmp_path, epub_file):
    """A publisher's font obfuscation is listed in META-INF/encryption.xml as DRM'd chapters are: it leaves the text
    readable, and the book is read (a chapter listed there is refused: see the bad-input suite)."""
    encryption = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod '
        'Algorithm="http://www.idpf.org/2008/embedding"/><enc:CipherData><enc:CipherReference '
        'URI="OEBPS/Fonts/serif.otf"/></enc:CipherData></enc:EncryptedData></encryption>'
    )
    with_fonts = tmp_path / "fonts.epub"
    with zipfile.ZipFile(epub_file) as source, zipfile.ZipFile(with_fonts, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("META-INF/encryption.xml", encryption)
        target.writestr("OEBPS/Fonts/serif.otf", bytes(range(256)))
    assert read_paragraphs(with_fonts) == read_paragraphs(epub_file)


@pytest.mark.parametrize(
    "name, mimetype, message",
    [
        (
            "broken.epub",
            "application/epub+zip",
            r"broken\.epub: not an EPUB book: a ZIP archive without the parts of an EPUB book$",
        ),  # no package document
        (
            "empty.odt",
            "application/vnd.oasis.opendocument.text",
            r"empty\.odt: not an OpenDocument text: a ZIP archive without the parts of an OpenDocument text$",
        ),  # no content.xml
    ],
)
def test_a_book_archive_with_only_its_mimetype_is_a_one_line_error(tmp_path, name, mimetype, message):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype)
    with pytest.raises(InputError, match=message) as error:
        read_paragraphs(path)
    assert "\n" not in str(error.value)


CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">
<office:body><office:text>
  <text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>
  <text:h text:outline-level="1">Statement of the Ministry</text:h>
  <text:p>The first<text:s text:c="3"/>paragraph<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>
    <text:note-body><text:p>A footnote.</text:p></text:note-body></text:note>, in <text:span>two</text:span>
    parts.<office:annotation><dc:creator>R</dc:creator><text:p>A comment left out.</text:p></office:annotation></text:p>
  <text:p/>
  <text:h text:outline-level="2"><text:number>2.1.</text:number>A numbered heading</text:h>
  <text:list><text:list-item><text:number>1.</text:number><text:p>Item one</text:p></text:list-item>
    <text:list-item><text:p>Item<text:tab/>two</text:p></text:list-item></text:list>
  <table:table><table:table-row><table:table-cell><text:p>Cell A1</text:p></table:table-cell>
    <table:covered-table-cell/><table:table-cell><text:p>Cell C1</text:p></table:table-cell></table:table-row></table:table>
  <text:p>彼は<text:ruby><text:ruby-base>漢字</text:ruby-base><text:ruby-text>かんじ</text:ruby-text></text:ruby>を読んだ。</text:p>
  <text:section><text:p>Address line<text:line-break/>Baku<draw:frame><draw:text-box><text:p>A caption</text:p>
    </draw:text-box></draw:frame></text:p></text:section>
</office:text></office:body></office:document-content>"""


@pytest.fixture
def odt_file(tmp_path) -> Path:
    path = tmp_path / "statement.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", CONTENT)
    return path


def test_odt_paragraphs_lists_cells_notes_and_frames_without_comments(odt_file):
    assert read_paragraphs(odt_file) == [
        "Statement of the Ministry",
        "The first paragraph, in two parts.",  # the note's citation (1) left out
        "A footnote.",  # after the paragraph that cites it
        "A numbered heading",  # its number as laid out (text:number) left out, as a .docx has none in its text
        "Item one",
        "Item two",
        "Cell A1",
        "Cell C1",
        "彼は漢字を読んだ。",  # without the ruby text, the reading set above 漢字
        "Address line Baku",  # <text:line-break/>: a space
        "A caption",  # a frame's text box: after the paragraph it is anchored in, not inside it
    ]
    without_notes = read_paragraphs(odt_file, notes=False)
    assert without_notes == [text for text in read_paragraphs(odt_file) if text != "A footnote."]


def test_a_docx_named_txt_is_read_as_a_docx(tmp_path):
    document = docx.Document()
    document.add_paragraph("Первый абзац.")
    document.add_paragraph("Второй абзац.")
    path = tmp_path / "statement.txt"
    document.save(str(path))
    assert read_paragraphs(path) == ["Первый абзац.", "Второй абзац."]


@pytest.mark.parametrize("start", ["<!DOCTYPE html>\n<html>", "\ufeff<html lang=ru>", "<?xml version='1.0'?>\n<html>"])
def test_html_named_txt_is_read_as_html(tmp_path, start):
    path = tmp_path / "page.txt"
    path.write_text(
        f"{start}<head><title>T</title><style>p {{}}</style></head>"
        "<body><p>Один абзац.</p><p>Другой <b>абзац</b>.</p></body></html>",
        encoding="utf-8",
    )
    assert read_paragraphs(path) == ["Один абзац.", "Другой абзац."]


@pytest.mark.parametrize("name", ["memory.txt", "memory.md", "memory.tmx", "memory.xlf"])
@pytest.mark.parametrize(
    "start",
    [
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n<tmx version="1.4">',
        '<tmx version="1.4">',
        '<?xml version="1.0"?>\n<xliff version="1.2">',
    ],
)
def test_a_translation_memory_is_refused_whatever_its_name(tmp_path, name, start):
    """fresh-clone 9: a TMX renamed .txt was read as one paragraph of XML and aligned (to confidence 0)."""
    path = tmp_path / name
    path.write_text(f"{start}<body><tu><tuv><seg>Один.</seg></tuv></tu></body></tmx>", encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{path}: a translation memory or XLIFF file, not a document"):
        read_paragraphs(path)


def test_an_epub_named_md_is_read_as_an_epub(tmp_path, epub_file):
    renamed = tmp_path / "book.md"
    renamed.write_bytes(epub_file.read_bytes())
    assert read_paragraphs(renamed) == read_paragraphs(epub_file)


def test_plain_text_that_mentions_html_stays_text(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Write <html> at the top.\n\nThen <body>.", encoding="utf-8")
    assert read_paragraphs(path) == ["Write <html> at the top.", "Then <body>."]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), r"data\.txt: a Word 97-2003 \(\.doc\).*save it as \.docx"),
        (b"{\\rtf1\\ansi Hello}", r"data\.txt: an RTF file: save it as"),
        (None, r"data\.txt: a spreadsheet, not a document: save its text as \.docx, \.odt or plain text"),
    ],
)
def test_recognised_formats_that_are_not_read_are_refused_clearly(tmp_path, data, message):
    path = tmp_path / "data.txt"
    if data is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
    else:
        path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_paragraphs(path)
