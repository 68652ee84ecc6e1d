"""Invisible characters that only guide line breaking (soft hyphen, zero width space, word joiner, a BOM inside a text)
are left out of every unit, whatever the format or the kind of source read; the characters that are visible spacing
or change how letters join stay."""

from __future__ import annotations

import html
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

import aligner
from aligner import InputError

from .test_read_pdf import FILLER, STYLE, laid_out, print_pdf
from .test_readers_books import XHTML, write_epub
from .test_readers_formats import WORD_NAMESPACE

# Each paragraph as a document holds it, and as it must be read, written out by hand.
READ_AS = {
    "The con\u00adtract was signed in Vienna.": "The contract was signed in Vienna.",
    "Die Un\u00adter\u00adzeich\u00adnung fand statt.": "Die Unterzeichnung fand statt.",
    "See example.org/\u200bnews/\u200b2025 now.": "See example.org/news/2025 now.",
    "The 20\u2060th century ended.": "The 20th century ended.",
    "\ufeffA line pasted from a file.": "A line pasted from a file.",
    "ฉัน\u200bรัก\u200bภาษา\u200bไทย": "ฉันรักภาษาไทย",  # Thai marks its word boundaries with zero width spaces
    "Persian می\u200cخواهم, a 👩\u200d💻.": "Persian می\u200cخواهم, a 👩\u200d💻.",  # joiners change the letters: kept
}
PARAGRAPHS = [*READ_AS, "\u200b"]  # a paragraph of nothing visible (a CMS's spacer) is no unit
# No-break spaces are visible spacing a CAT tool's segment keeps (French before : ; ! ? and inside « », a number's
# thousands): kept as they are, so that the translation memory's units match the segments of the same file.
NO_BREAK = "Il a dit\u00a0: «\u202foui\u202f», le 20\u00a0janvier, pour 10\u2007000\u00a0euros\u00a0!"


def _html_entities(text: str) -> str:
    """`text` escaped, its invisible characters written as character references, as a web page has them."""
    return "".join(f"&#{ord(char)};" if char in "\u00ad\u200b\u2060\ufeff" else char for char in html.escape(text))


def _docx(path: Path, paragraphs: list[str], soft_hyphen: str = "\u00ad") -> Path:
    """A .docx of these paragraphs; `soft_hyphen` the markup a soft hyphen is written as (Word's is an element)."""
    document = docx.Document()
    body = document.element.body
    for text in paragraphs:
        runs = html.escape(text).replace("\u00ad", soft_hyphen)
        body.insert(len(body) - 1, parse_xml(f'<w:p xmlns:w="{WORD_NAMESPACE}"><w:r><w:t>{runs}</w:t></w:r></w:p>'))
    document.save(str(path))
    return path


def _odt(path: Path, paragraphs: list[str]) -> Path:
    """An .odt of these paragraphs (LibreOffice writes a soft hyphen as the character)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text>'
        + "".join(f"<text:p>{html.escape(text)}</text:p>" for text in paragraphs)
        + "</office:text></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return path


def _epub(path: Path, paragraphs: list[str]) -> Path:
    package = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier></metadata>
  <manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>
  <spine><itemref idref="c1"/></spine>
</package>"""
    chapter = XHTML.format("".join(f"<p>{_html_entities(text)}</p>" for text in paragraphs))
    return write_epub(path, {"c1.xhtml": chapter}, package)


WRITERS: dict[str, Callable[[Path, list[str]], Path]] = {
    "text.txt": lambda path, paragraphs: _written(path, "\n\n".join(paragraphs)),
    "text.md": lambda path, paragraphs: _written(path, "\n\n".join(paragraphs)),
    "literal.docx": _docx,
    "word.docx": lambda path, paragraphs: _docx(path, paragraphs, "</w:t><w:softHyphen/><w:t>"),
    "document.odt": _odt,
    "page.html": lambda path, paragraphs: _written(
        path, "<html><body>" + "".join(f"<p>{_html_entities(text)}</p>" for text in paragraphs) + "</body></html>"
    ),
    "book.epub": _epub,
}


def _written(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _texts(source: object, **options: object) -> list[str]:
    return [unit.text for unit in aligner.read(source, language="en", **options).paragraphs]


@pytest.mark.parametrize("name", WRITERS)
def test_every_reader_leaves_the_layout_hints_out(tmp_path, name):
    path = WRITERS[name](tmp_path / name, [*PARAGRAPHS, NO_BREAK])
    *texts, no_break = _texts(path)
    assert texts == list(READ_AS.values())
    assert no_break == NO_BREAK


def test_lines_a_str_and_lists_of_units_or_sentences_leave_them_out_too(tmp_path):
    visible = list(READ_AS.values())
    lines = _written(tmp_path / "lines.txt", "\n".join(PARAGRAPHS))
    assert _texts(lines, units="lines") == visible
    assert _texts("\n\n".join(PARAGRAPHS)) == visible
    assert _texts(list(READ_AS)) == visible
    sentences = aligner.read([list(READ_AS)], language="en").sentences
    assert [unit.text for unit in sentences] == visible


def test_no_break_spaces_stay_in_lines_a_str_and_lists_of_units_or_sentences(tmp_path):
    lines = _written(tmp_path / "lines.txt", NO_BREAK)
    assert _texts(lines, units="lines") == [NO_BREAK]
    assert _texts(NO_BREAK) == _texts([NO_BREAK]) == [NO_BREAK]
    assert [unit.text for unit in aligner.read([[NO_BREAK]], language="fr").sentences] == [NO_BREAK]


def test_a_run_of_spaces_keeps_its_no_break_spaces_only_and_none_at_either_end():
    assert _texts("\u00a0Il a dit \u00a0 :  oui\t\u202f!\u00a0") == ["Il a dit\u00a0: oui\u202f!"]


@pytest.mark.model
def test_no_break_spaces_do_not_change_the_sentences_or_the_embeddings():
    """The sentence splitter reads a no-break space as a space, and so does the encoder (its normaliser)."""
    spaced = "Il a dit\u00a0: «\u202foui\u202f». M.\u00a0Dupont est parti\u00a0! Il pleuvait."
    plain = spaced.replace("\u00a0", " ").replace("\u202f", " ")
    split = [unit.text for unit in aligner.read(spaced, language="fr").sentences]
    assert [text.replace("\u00a0", " ").replace("\u202f", " ") for text in split] == [
        unit.text for unit in aligner.read(plain, language="fr").sentences
    ]
    assert len(split) == 3
    embeddings = aligner.embed.USEEncoder().encode([spaced, plain])
    assert float(embeddings[0] @ embeddings[1]) > 0.9999


def test_a_soft_hyphen_that_ends_a_wrapped_line_still_joins_the_word():
    assert _texts("An unbe\u00ad\nlievable day.\n\nThe end.") == ["An unbelievable day.", "The end."]


@pytest.mark.parametrize(
    "source, message",
    [("\u200b\n\n\u00ad", r"<text>: the document has no text"), (["A unit.", "\u2060"], r"<units>: unit 1 is empty")],
)
def test_a_document_or_unit_of_nothing_else_is_refused_as_an_empty_one(source, message):
    with pytest.raises(InputError, match=message):
        aligner.read(source, language="en")


def test_a_browsers_pdf_reads_as_the_page_it_was_printed_from(browser, tmp_path):
    """Chromium draws a hint that breaks no line as a space of no width: it split the word ("con tract")."""
    printed = list(READ_AS)[:5]  # in Latin letters: the PDF's monospaced font has no Thai, Persian or emoji
    # wrapped paragraphs first, so that the space between paragraphs is wider than the usual line spacing
    body = laid_out(FILLER[:2]) + "".join(
        f"<div class='p gap'><span>{_html_entities(text)}</span></div>" for text in printed
    )
    path = print_pdf(browser, body, tmp_path / "printed.pdf", STYLE, header="", footer="")
    assert _texts(path)[2:] == [READ_AS[text] for text in printed]
