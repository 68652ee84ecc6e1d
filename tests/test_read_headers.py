"""Page headers and footers of .docx and .odt files: paragraphs of their own (role "header", "footer") after the body
and its notes, the headers first, each distinct text once; a paragraph of fields alone (a page number) and a header
no page shows give nothing. Files written as Word writes them (by hand) and by LibreOffice."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import aligner
from aligner.cli import main
from aligner.readers import read_paragraphs, read_paragraphs_with_roles

from .test_read_notes import NAMESPACES, PACKAGE_RELATIONSHIPS, RELATIONSHIPS, paragraph, run, text_box, tmx_pairs

WORDPROCESSING = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def simple_field(instruction: str, result: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} ">{run(result)}</w:fldSimple>'


def complex_field(instruction: str, result: str) -> str:
    """A field as Word writes most of them: begin, its code, separate, its result as last updated, end."""
    return (
        f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {instruction} '
        f'</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{run(result)}'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def section(references: dict[str, str], title_page: bool = False) -> str:
    """A w:sectPr naming header and footer parts by ("header default", "footer first"...) -> relationship id."""
    named = "".join(
        f'<w:{kind}Reference w:type="{type_}" r:id="{id_}"/>'
        for kind_and_type, id_ in references.items()
        for kind, type_ in [kind_and_type.split()]
    )
    return f"<w:sectPr>{named}{'<w:titlePg/>' if title_page else ''}</w:sectPr>"


def word_file_with_pages(
    path: Path, body: list[str], parts: dict[str, list[str]], even_pages: bool = False, settings: bool = True
) -> Path:
    """A .docx of these body blocks (w:p, w:sectPr XML) and header and footer parts: relationship id ('h1', 'f2'; h a
    header, f a footer) -> the part's blocks; its settings turn headers of even pages on when `even_pages`."""
    kinds = {id_: "header" if id_.startswith("h") else "footer" for id_ in parts}
    overrides = "".join(
        f'<Override PartName="/word/{id_}.xml" ContentType="{WORDPROCESSING}.{kind}+xml"/>'
        for id_, kind in kinds.items()
    )
    content_types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{WORDPROCESSING}.document.main+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{WORDPROCESSING}.settings+xml"/>{overrides}</Types>'
    )
    relationships = "".join(
        f'<Relationship Id="{id_}" Type="{RELATIONSHIPS}/{kind}" Target="{id_}.xml"/>' for id_, kind in kinds.items()
    )
    if settings:
        relationships += f'<Relationship Id="settings" Type="{RELATIONSHIPS}/settings" Target="settings.xml"/>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", PACKAGE_RELATIONSHIPS)
        archive.writestr(
            "word/_rels/document.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}'
            "</Relationships>",
        )
        archive.writestr("word/document.xml", f"<w:document {NAMESPACES}><w:body>{''.join(body)}</w:body></w:document>")
        if settings:
            even = "<w:evenAndOddHeaders/>" if even_pages else ""
            archive.writestr("word/settings.xml", f"<w:settings {NAMESPACES}>{even}</w:settings>")
        for id_, blocks in parts.items():
            root = "w:hdr" if kinds[id_] == "header" else "w:ftr"
            archive.writestr(f"word/{id_}.xml", f"<{root} {NAMESPACES}>{''.join(blocks)}</{root}>")
    return path


PAGE_NUMBER_CONTROL = (  # Word's "Page Numbers (Top of Page)" building block: a content control around a PAGE field
    '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Page Numbers (Top of Page)"/></w:docPartObj></w:sdtPr>'
    f"<w:sdtContent>{paragraph(simple_field('PAGE', '1'))}</w:sdtContent></w:sdt>"
)
WORD_PARTS = {
    "h1": [paragraph(run("Running head."), text_box("The logo's caption.")), PAGE_NUMBER_CONTROL],
    "h2": [paragraph(run("A first page's header, no title page: no page shows it."))],
    "h3": [paragraph(run("The even pages' header."))],
    "f1": [
        paragraph(simple_field("PAGE", "1")),
        paragraph(run("- "), complex_field("PAGE", "1"), run(" -")),
        paragraph(complex_field("DATE \\@ dd.MM.yyyy", "03.12.2026")),
        "<w:p/>",
    ],
    "h4": [paragraph(run("The title page of the second section."))],
    "h5": [paragraph(run("Running head."))],  # the second section's own copy of the first's header
    "f2": [paragraph(run("Page "), complex_field("PAGE", "2"), run(" of "), simple_field("NUMPAGES", "3"))],
    "h6": [paragraph(run("The header before a tracked change."))],
}
WORD_BODY = [
    "<w:p><w:pPr>{}</w:pPr><w:r><w:t>The first section.</w:t></w:r></w:p>".format(
        section({"header default": "h1", "header first": "h2", "header even": "h3", "footer default": "f1"})
    ),
    paragraph(run("The second section.")),
    section({"header first": "h4", "header default": "h5", "footer default": "f2"}, title_page=True).replace(
        "</w:sectPr>", f"<w:sectPrChange>{section({'header default': 'h6'})}</w:sectPrChange></w:sectPr>"
    ),
]


def test_docx_headers_and_footers_come_after_the_body_each_text_once_fields_alone_giving_nothing(tmp_path):
    path = word_file_with_pages(tmp_path / "pages.docx", WORD_BODY, WORD_PARTS)
    expected = [
        ("The first section.", None),
        ("The second section.", None),
        ("Running head.", "header"),  # the first section's default header
        ("The logo's caption.", "text box"),  # its page number, in a content control, gives nothing
        ("The title page of the second section.", "header"),  # then the second section's first page's; its default
        # header says "Running head." again
        ("Page of", "footer"),  # its fields give nothing; the first section's footer is fields, an empty paragraph
        # and dashes
    ]
    assert read_paragraphs_with_roles(path) == expected
    assert read_paragraphs_with_roles(path, notes=False) == expected  # headers and footers are no notes

    with_even_pages = word_file_with_pages(tmp_path / "even.docx", WORD_BODY, WORD_PARTS, even_pages=True)
    assert (
        read_paragraphs_with_roles(with_even_pages)
        == [
            *expected[:4],
            ("The even pages' header.", "header"),  # the second section shows it again (it names no even header)
            *expected[4:],
        ]
    )


def test_a_section_shows_the_headers_of_the_section_before_unless_it_names_its_own(tmp_path):
    body = [
        f"<w:p><w:pPr>{section({'footer default': 'f1'})}</w:pPr>{run('One.')}</w:p>",
        f"<w:p><w:pPr>{section({}, title_page=True)}</w:pPr>{run('Two.')}</w:p>",  # the footer of section one again
        paragraph(run("Three.")),
        section({"footer first": "f2"}, title_page=True),
    ]
    parts = {"f1": [paragraph(run("The footer."))], "f2": [paragraph(run("The last title page's footer."))]}
    assert read_paragraphs_with_roles(word_file_with_pages(tmp_path / "sections.docx", body, parts)) == [
        ("One.", None),
        ("Two.", None),
        ("Three.", None),
        ("The footer.", "footer"),
        ("The last title page's footer.", "footer"),
    ]


def test_a_docx_whose_headers_are_empty_or_fields_reads_as_one_without_any(tmp_path):
    body = [paragraph(run("The only paragraph.")), section({"header default": "h1", "footer default": "f1"})]
    parts = {"h1": ["<w:p/>", paragraph(run(" "))], "f1": WORD_PARTS["f1"]}
    with_pages = word_file_with_pages(tmp_path / "pages.docx", body, parts)
    without = word_file_with_pages(tmp_path / "plain.docx", [paragraph(run("The only paragraph.")), "<w:sectPr/>"], {})
    no_settings = word_file_with_pages(tmp_path / "bare.docx", body, parts, settings=False)
    assert (
        read_paragraphs_with_roles(with_pages) == read_paragraphs_with_roles(without) == [("The only paragraph.", None)]
    )
    assert read_paragraphs_with_roles(no_settings) == [("The only paragraph.", None)]


ODT_CONTENT = """<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
<office:automatic-styles><style:style style:name="P1" style:family="paragraph" style:parent-style-name="New page"/>
</office:automatic-styles>
<office:body><office:text><text:p>One.</text:p><text:p text:style-name="P1">Two.</text:p></office:text></office:body>
</office:document-content>"""
ODT_STYLES = """<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
<office:styles><style:style style:name="New page" style:family="paragraph" style:master-page-name="Second"/>
</office:styles>
<office:master-styles>
 <style:master-page style:name="Unused"><style:header><text:p>No page has this style.</text:p></style:header>
 </style:master-page>
 <style:master-page style:name="Second"><style:header><text:p>The second page style's header.</text:p></style:header>
 </style:master-page>
 <style:master-page style:name="Standard">
  <style:header><text:p>The header.</text:p></style:header>
  <style:header-left style:display="false"><text:p>A left pages' header turned off.</text:p></style:header-left>
  <style:footer><text:p><text:page-number>1</text:page-number> / <text:page-count>2</text:page-count></text:p>
   <text:p>Chapter <text:chapter text:display="number">1</text:chapter></text:p>
   <text:p><text:sender-firstname>Ann</text:sender-firstname> <text:sender-lastname>Lee</text:sender-lastname></text:p>
  </style:footer>
 </style:master-page>
</office:master-styles></office:document-styles>"""


def test_odt_headers_follow_the_page_styles_the_body_shows_in_the_order_it_shows_them(tmp_path):
    path = tmp_path / "pages.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", ODT_CONTENT)
        archive.writestr("styles.xml", ODT_STYLES)
    assert read_paragraphs_with_roles(path) == [
        ("One.", None),
        ("Two.", None),
        ("The header.", "header"),  # the first page's style: the default, "Standard", as the first paragraph names none
        ("The second page style's header.", "header"),  # the page style of the second paragraph's style's parent
        ("Chapter", "footer"),  # its field gives nothing; "1 / 2" is fields and a slash, the sender's name fields;
        # the page style no paragraph names is not read
    ]


FOOTER_TEXT = "Конфиденциально — только для внутреннего использования. Страница"


def test_a_page_number_in_a_footer_gives_no_text_and_one_in_the_body_is_kept(tmp_path):
    """A footer's fields (the page number as last laid out) are no text of its own: "Страница 1" would be a wrong
    unit for page 2. In the body, a field's result is text the translator sees."""
    dated = "Signed on "
    word = word_file_with_pages(
        tmp_path / "footer.docx",
        [paragraph(run(dated), complex_field("DATE", "3 December 2026")), section({"footer default": "f1"})],
        {
            "f1": [
                paragraph(run(f"{FOOTER_TEXT} "), complex_field("PAGE", "1")),
                paragraph(run(f"{FOOTER_TEXT} "), simple_field("PAGE", "1")),
            ]
        },
    )
    odt = tmp_path / "footer.odt"
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml",
            ODT_CONTENT.replace(
                '<text:p>One.</text:p><text:p text:style-name="P1">Two.</text:p>',
                f"<text:p>{dated}<text:date>3 December 2026</text:date></text:p>",
            ),
        )
        archive.writestr(
            "styles.xml",
            ODT_STYLES.split("<office:master-styles>")[0]
            + '<office:master-styles><style:master-page style:name="Standard"><style:footer><text:p>'
            + f"{FOOTER_TEXT} <text:page-number>1</text:page-number>  из <text:page-count>2</text:page-count>"
            + "</text:p></style:footer></style:master-page></office:master-styles></office:document-styles>",
        )
    expected_body = ("Signed on 3 December 2026", None)
    assert read_paragraphs_with_roles(word) == [expected_body, (FOOTER_TEXT, "footer")]
    assert read_paragraphs_with_roles(odt) == [expected_body, (f"{FOOTER_TEXT} из", "footer")]


# Files LibreOffice Writer made of one flat-XML document (tests/data/headers: headers.fodt, and make.sh, which made
# them): a default page style with headers of its own on the first, the other and the left pages, and a footer; a
# landscape page style with the same header, a text box in it, and a footer of its own.
LIBREOFFICE_FILES = Path(__file__).parent / "data" / "headers"


def test_the_headers_and_footers_of_files_libreoffice_writes_read_alike():
    """LibreOffice's .odt, its .docx (a section a page style, even pages on, the page numbers complex fields) and that
    .docx saved as .odt again (the first page a page style of its own) read alike."""
    odt, docx, odt_again = (LIBREOFFICE_FILES / name for name in ("headers.odt", "headers.docx", "headers-again.odt"))
    with zipfile.ZipFile(docx) as archive:
        assert b"<w:evenAndOddHeaders/>" in archive.read("word/settings.xml")
        assert b'w:fldCharType="begin"' in archive.read("word/footer1.xml") + archive.read("word/footer2.xml")
    with zipfile.ZipFile(odt_again) as archive:
        assert b'style:next-style-name="Standard"' in archive.read("styles.xml")  # "First Page" leads to the default
    expected = [
        ("The first paragraph.", None),
        ("The second paragraph.", None),
        ("The landscape page.", None),
        ("The ministry of culture.", "header"),  # the first page's
        ("The annual report.", "header"),  # a table cell; the cell with the page number gives nothing
        ("The even pages' header.", "header"),
        ("The box in the header.", "text box"),  # the landscape pages' header is "The annual report." again
        ("Page of", "footer"),  # not the page number as LibreOffice last laid it out; the date alone gives nothing
        ("The annex.", "footer"),  # its comment left out
    ]
    for path in (odt, docx, odt_again):
        assert (path.name, read_paragraphs_with_roles(path)) == (path.name, expected)
        assert (path.name, read_paragraphs_with_roles(path, notes=False)) == (path.name, expected)
    assert [(unit.text, unit.role) for unit in aligner.read(odt, "en").sentences][-2:] == [
        ("Page of", "footer"),
        ("The annex.", "footer"),
    ]


# The seed statement's and its translation's header and footer (translated here).
RU_PAGES = {"h1": "Министерство иностранных дел Азербайджанской Республики", "f1": "Пресс-служба министерства"}
EN_PAGES = {"h1": "Ministry of Foreign Affairs of the Republic of Azerbaijan", "f1": "The Ministry's press service"}


def seed_word_file_with_pages(path: Path, paragraphs: list[str], pages: dict[str, str]) -> Path:
    """A .docx of a seed's paragraphs, with a default header and footer of these texts, each followed by a page
    number."""
    parts = {id_: [paragraph(run(text)), paragraph(simple_field("PAGE", "1"))] for id_, text in pages.items()}
    references = {f"{'header' if id_.startswith('h') else 'footer'} default": id_ for id_ in pages}
    path.parent.mkdir(exist_ok=True)
    return word_file_with_pages(path, [*(paragraph(run(text)) for text in paragraphs), section(references)], parts)


@pytest.mark.model
def test_a_docx_and_its_translation_align_their_headers_and_footers_with_each_other(seed_paths, tmp_path):
    russian, english = read_paragraphs(seed_paths["ru"]), read_paragraphs(seed_paths["en"])
    source = seed_word_file_with_pages(tmp_path / "pages" / "ru.docx", russian, RU_PAGES)
    target = seed_word_file_with_pages(tmp_path / "pages" / "en.docx", english, EN_PAGES)
    plain_source = seed_word_file_with_pages(tmp_path / "plain" / "ru.docx", russian, {})
    plain_target = seed_word_file_with_pages(tmp_path / "plain" / "en.docx", english, {})
    tmx, plain_tmx = tmp_path / "pages.tmx", tmp_path / "plain.tmx"
    assert main(["align", str(source), str(target), "-o", str(tmx), "-q"]) == 0
    assert main(["align", str(plain_source), str(plain_target), "-o", str(plain_tmx), "-q"]) == 0
    pages = [(RU_PAGES["h1"], EN_PAGES["h1"]), (RU_PAGES["f1"], EN_PAGES["f1"])]
    assert tmx_pairs(tmx) == [*tmx_pairs(plain_tmx), *pages]  # the body's pairs as without them, then each its own
    assert tmx.read_text(encoding="utf-8").count('<prop type="x-role">') == 2
