"""Reading PDF: paragraphs rebuilt from the layout of PDFs printed by a real browser (Debian's chromium).

The test documents are laid out line by line in a monospaced font, so every line break, hyphen and
indent is where the test puts it; the expected paragraphs are written out by hand.
"""

from __future__ import annotations

import html
import itertools
import json
import textwrap
from pathlib import Path

import pytest

import aligner
from aligner import InputError
from aligner.cli import main
from aligner.readers import read_paragraphs

from .handmade_pdf import COPYING_FORBIDDEN, encrypted_pdf, pdf_with_operator
from .test_seed_alignment import EXPECTED_PARAGRAPH_BEADS, bead_ids

HEADER = "Ministry of Foreign A\ufb00airs \u00b7 Statement"  # a ligature in the running header too
FOOTER = "Page <span class=pageNumber></span> of <span class=totalPages></span>"

# Paragraphs as printed: (lines, style). "indent": first line indented, no space above; "gap": space above.
PRINTED = [
    (["Statement on the visit"], "title"),
    (
        [
            "The Minister of Foreign A\ufb00airs",
            "received the delegation on 20 January.",
            "The talks covered the present inter-",
            "national situation and the two well-",
            "known positions of the two sides at",
            "length.",
        ],
        "indent",
    ),
    (
        [
            "The o\ufb03cial communiqu\u00e9 was published",
            "the same day. It is the \ufb01rst joint text",
            "of the two ministries since 2019.",
        ],
        "indent",
    ),
]
FILLER = [
    (
        [
            f"Paragraph {n} repeats the well-known posi-",
            "tions of both sides on the settlement of",
            "the conflict in the region and on secu-",
            "rity.",
        ],
        "gap",
    )
    for n in range(1, 10)
]
CLOSING = [
    (["The talks will continue in March in", "Baku, where the delegations will meet", "again."], "indent"),
    (["Press Service", "Baku, 20 January 2025"], "gap"),
]
# Every wrapped line above is full: its next word would not have fitted in the 40 columns (37 after an indent).
EXPECTED = [
    "Statement on the visit",
    "The Minister of Foreign Affairs received the delegation on 20 January. The talks covered the present "
    "international situation and the two well-known positions of the two sides at length.",
    "The official communiqué was published the same day. It is the first joint text of the two ministries since 2019.",
    *[
        f"Paragraph {n} repeats the well-known positions of both sides on the settlement of the conflict "
        "in the region and on security."
        for n in range(1, 10)
    ],
    "The talks will continue in March in Baku, where the delegations will meet again.",
    "Press Service Baku, 20 January 2025",  # a short line: a line break, read as a space
]

STYLE = """
body { font-family: 'DejaVu Sans Mono', monospace; font-size: 11pt; line-height: 1.3; margin: 0; }
div.p { width: 40ch; white-space: pre; }
.title { font-size: 16pt; font-weight: bold; margin-bottom: 1em; }
.indent > span:first-child { padding-left: 3ch; width: 37ch; }
.gap { margin-top: 0.9em; }
span { display: block; }
"""


def print_pdf(browser, body: str, path: Path, style: str, header: str = HEADER, footer: str = FOOTER) -> Path:
    """Print an HTML body to an A5 PDF with a running header and footer, as a browser's "Save as PDF" does."""
    page = browser.new_page()
    page.set_content(
        f"<!doctype html><html><head><meta charset=utf-8><style>{style}</style></head><body>{body}</body></html>"
    )
    template = "<div style='font-size:9pt;width:100%;text-align:center;font-family:serif'>{}</div>"
    page.pdf(
        path=str(path),
        format="A5",
        display_header_footer=True,
        header_template=template.format(header),
        footer_template=template.format(footer),
        margin={"top": "2cm", "bottom": "2cm", "left": "1.8cm", "right": "1.8cm"},
    )
    page.close()
    return path


def laid_out(paragraphs: list[tuple[list[str], str]]) -> str:
    return "".join(
        f"<div class='p {style}'>" + "".join(f"<span>{html.escape(line)}</span>" for line in lines) + "</div>"
        for lines, style in paragraphs
    )


@pytest.fixture(scope="module")
def statement_pdf(browser, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "statement.pdf"
    return print_pdf(browser, laid_out(PRINTED + FILLER + CLOSING), path, STYLE)


def test_the_test_pdf_has_what_the_reader_must_undo(statement_pdf):
    from pdfminer.high_level import extract_text

    raw = extract_text(str(statement_pdf))
    assert raw.count("\f") == 2  # two pages
    assert raw.count("Ministry of Foreign A\ufb00airs") == 2 and "Page 2 of 2" in raw  # header and footer, twice
    assert "\ufb03" in raw and "inter-\n" in raw  # a ligature and an end-of-line hyphen in the text layer


def test_pdf_paragraphs_come_back_exactly(statement_pdf):
    assert read_paragraphs(statement_pdf) == EXPECTED


def test_a_paragraph_continued_on_the_next_page_is_one_paragraph(browser, tmp_path):
    words = ["".join(letters) for letters in itertools.product("bdfkmpt", "aeiou", "lnrs", "aeo")]
    text = " ".join(words) + "."
    lines = textwrap.wrap(text, width=40, initial_indent="   ")
    path = print_pdf(browser, laid_out([([lines[0].lstrip(), *lines[1:]], "indent")]), tmp_path / "long.pdf", STYLE)
    assert read_paragraphs(path) == [text]


def test_list_items_after_a_short_line_are_paragraphs(browser, tmp_path):
    """An item of a printed list is a short line without a full stop, as a line break inside a paragraph is: a
    short line followed by an item's number or bullet ends a paragraph (the whole list was read as one)."""
    items = [
        (["The figures of the ministry"], "gap"),
        (["1. 150 civilians were killed"], ""),
        (["2. 744 were seriously wounded and the", "others were taken to hospital"], ""),  # wrapped: a full line
        (["\u2022 4 went missing"], ""),
        (["b) the rest came home"], ""),
    ]
    path = print_pdf(browser, laid_out(items), tmp_path / "list.pdf", STYLE, header="", footer="")
    assert read_paragraphs(path) == [
        "The figures of the ministry",
        "1. 150 civilians were killed",
        "2. 744 were seriously wounded and the others were taken to hospital",
        "\u2022 4 went missing",
        "b) the rest came home",
    ]


def test_note_markers_are_dropped_and_exponents_kept(browser, tmp_path):
    """A note marker is set small and raised: after punctuation, or first on a line (the note itself), it is dropped as
    the HTML reader drops <sup>1</sup> (it was read into the text: 'measured.1'); after a letter it is an exponent."""
    body = laid_out(FILLER[:2]) + (
        "<div class='p gap'><span>The area is 20 km<sup>2</sup>, as measured.<sup>1</sup></span></div>"
        "<div class='p gap'><span><sup>1</sup> Measured in 1990.</span></div>"
    )
    path = print_pdf(browser, body, tmp_path / "notes.pdf", STYLE, header="", footer="")
    assert read_paragraphs(path)[2:] == ["The area is 20 km2, as measured.", "Measured in 1990."]


def test_a_pdf_without_a_text_layer_is_refused_as_a_scan(browser, tmp_path):
    square = "<svg width='300' height='300'><rect width='300' height='300' fill='black'/></svg>"
    path = print_pdf(browser, square, tmp_path / "scan.pdf", "", header="", footer="")
    with pytest.raises(InputError, match=r"scan\.pdf: the PDF has no text layer \(a scanned image\?\)"):
        read_paragraphs(path)


def test_a_scanned_pdf_is_one_line_from_the_command_line_and_writes_nothing(browser, tmp_path, seed_paths, capsys):
    square = "<svg width='300' height='300'><rect width='300' height='300' fill='black'/></svg>"
    path = print_pdf(browser, square, tmp_path / "scan.pdf", "", header="", footer="")
    output = tmp_path / "out" / "pair.tmx"
    output.parent.mkdir()
    assert main(["align", str(path), str(seed_paths["en"]), "-o", str(output)]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"aligner: error: {path}: the PDF has no text layer (a scanned image?): run OCR on it first, e.g. with ocrmypdf"
    ]
    assert captured.out == "" and list(output.parent.iterdir()) == []


@pytest.mark.parametrize("data", [b"%PDF-1.7\n garbage", b"%PDF-"])
def test_a_broken_pdf_is_a_one_line_input_error(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"broken\.pdf: ") as error:
        read_paragraphs(path)
    assert "\n" not in str(error.value)


def test_the_encrypted_test_pdfs_are_encrypted(tmp_path):
    """The PDFs of `handmade_pdf.encrypted_pdf` are what a PDF reader opens with the password, and not without it."""
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf("Statement on the visit.", "secret", "owner"))
    assert extract_text(str(path), password="secret").strip() == "Statement on the visit."
    assert extract_text(str(path), password="owner").strip() == "Statement on the visit."
    with pytest.raises(PDFPasswordIncorrect):
        extract_text(str(path))
    assert b"Statement" not in path.read_bytes()


def test_a_password_protected_pdf_says_so_in_a_user_s_words(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf("Statement on the visit.", "secret", "secret"))
    with pytest.raises(InputError) as error:
        read_paragraphs(path)
    assert str(error.value) == (
        f"{path}: the PDF is password-protected: open it with its password, save a copy without one "
        "(or print it to PDF) and give that copy"
    )


def test_a_pdf_that_forbids_copying_its_text_is_read_without_pdfminer_s_warning(tmp_path, caplog, capsys):
    """Official publications often forbid copying; pdfminer reads them as a PDF reader shows them, and logged, on
    every opening, a warning about its own option that Python printed on stderr before aligner's output."""
    path = tmp_path / "publication.pdf"
    path.write_bytes(encrypted_pdf("Statement on the visit.", "", "owner", COPYING_FORBIDDEN))
    with caplog.at_level("DEBUG"):
        assert read_paragraphs(path) == ["Statement on the visit."]
    assert [record.getMessage() for record in caplog.records if record.levelname == "WARNING"] == []
    assert capsys.readouterr().err == ""


def test_what_pdfminer_works_around_in_a_pdf_it_does_not_print_on_stderr(tmp_path, caplog, capsys):
    """pdfminer logs a warning for each content operator it cannot apply (a colour given as a name, a matrix of
    strings), in its own words ("Cannot set gray non-stroke color because /'P0' is an invalid float value"), which
    Python printed on stderr with no logging set up; they say nothing a user can act on, and the text is read."""
    path = tmp_path / "producer.pdf"
    path.write_bytes(pdf_with_operator("Statement on the visit.", "/P0 g /P0 G 1 0 0 x 0 0 cm"))
    with caplog.at_level("DEBUG"):
        assert read_paragraphs(path) == ["Statement on the visit."]
    assert [record.getMessage() for record in caplog.records if record.levelname == "WARNING"] == []
    assert capsys.readouterr().err == ""


SEED_STYLE = """
body { font-family: 'DejaVu Serif', serif; font-size: 11pt; line-height: 1.35; margin: 0; }
p { margin: 0 0 0.8em 0; text-align: justify; }
"""


def seed_pdf(browser, paragraphs: list[str], path: Path) -> Path:
    """A seed document as its publisher might print it: one <p> a paragraph, line breaks kept."""
    body = "".join("<p>" + "<br>".join(html.escape(line) for line in text.split("\n")) + "</p>" for text in paragraphs)
    return print_pdf(browser, body, path, SEED_STYLE, header="20 January", footer="<span class=pageNumber></span>")


def test_pdf_versions_of_the_seed_pair_give_the_seed_beads(browser, seed_paths, seed_alignment, tmp_path):
    ru_pdf = seed_pdf(browser, read_paragraphs(seed_paths["ru"]), tmp_path / "ru.pdf")
    en_pdf = seed_pdf(browser, read_paragraphs(seed_paths["en"]), tmp_path / "en.pdf")
    assert read_paragraphs(ru_pdf) == [unit.text for unit in seed_alignment.source.paragraphs]
    assert read_paragraphs(en_pdf) == [unit.text for unit in seed_alignment.target.paragraphs]
    out = tmp_path / "pair.jsonl"
    assert main(["align", str(ru_pdf), str(en_pdf), "-o", str(out), "-q"]) == 0
    beads = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()][1:]
    assert [(tuple(b["source"]), tuple(b["target"])) for b in beads] == EXPECTED_PARAGRAPH_BEADS
    assert bead_ids(aligner.align(ru_pdf, en_pdf)) == bead_ids(seed_alignment)


# Paragraphs a line each, set one under the other with no space between them (one <p>, lines broken with <br>), in a
# proportional font: a programme, a dialogue. None ends where the next one's first word would not have fitted on it.
PROGRAMME = [
    "Programme of the commemoration",
    "09:00 Laying of wreaths at the Alley of Martyrs",
    "10:30 Minute of silence across the country",
    "11:00 Meeting at the Ministry of Foreign Affairs",
    "Opening remarks by the Minister",
    "Statements by the heads of diplomatic missions",
    "14:00 Exhibition of photographs of January 1990",
    "Press Service of the Ministry",
]
DIALOGUE = [
    "— Вы были там в ту ночь?",
    "— Да, был. Мы стояли у здания ЦК до утра.",
    "— Танки вошли в город около полуночи, — сказал он. — Стреляли по всему, что двигалось.",  # wraps after a dash
    "— А потом?",
    "— Потом была тишина. Утром мы пошли искать своих.",
    "Он замолчал.",
]
PROPORTIONAL = "body { font-family: 'DejaVu Serif', serif; font-size: 11pt; line-height: 1.35; margin: 0; }"


@pytest.mark.parametrize("lines", [PROGRAMME, DIALOGUE], ids=["programme", "dialogue"])
def test_one_line_paragraphs_with_nothing_between_them_are_paragraphs(browser, tmp_path, lines):
    """A document whose lines never wrap in the middle of a sentence and that sets no space or indent before a
    paragraph is a list, a programme, a dialogue: a line that opens a sentence is a paragraph (it was read as one
    paragraph of the whole list: its lines end short, but not one ends a sentence)."""
    body = "<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>"
    path = print_pdf(browser, body, tmp_path / "lines.pdf", PROPORTIONAL, header="", footer="")
    assert read_paragraphs(path) == lines


def seed_pdf_in(browser, paragraphs: list[str], path: Path, style: str) -> Path:
    body = "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
    return print_pdf(
        browser, body, path, PROPORTIONAL + style, header="20 January", footer="<span class=pageNumber></span>"
    )


@pytest.mark.parametrize(
    "style",
    [
        "p { margin: 0; text-align: justify; }",  # a last line's next word may not have fitted: it is not justified
        "p { margin: 0; text-align: justify; text-indent: 1.5em; }",  # the title and the date are indented too
        "p { margin: 0 0 0.25em 0; }",  # a space of a quarter line after each paragraph
    ],
    ids=["justified", "indented", "quarter-line"],
)
def test_seed_paragraphs_set_close_together_come_back(browser, seed_paths, tmp_path, style):
    """The seed pair printed with no space between paragraphs, each paragraph's first line indented, or a small
    space after each: the title, the date and the paragraphs come back as the seed's (the English title, date and
    first paragraph were one; paragraphs whose last line ended near the margin ran on into the next one)."""
    for side in ("ru", "en"):
        paragraphs = read_paragraphs(seed_paths[side])
        assert read_paragraphs(seed_pdf_in(browser, paragraphs, tmp_path / f"{side}.pdf", style)) == paragraphs


def test_a_superscript_does_not_start_a_paragraph(browser, tmp_path):
    """A raised note marker widens the distance between its line's baseline and the one above as much as a space
    of a quarter line after a paragraph does; the space between the lines stays as it is."""
    words = "the talks covered the present international situation and the positions of the two sides".split()
    text = " ".join(words * 3)
    marked = text.replace("situation and", "situation.<sup>1</sup> And", 2)
    body = f"<p>{marked}</p><p>Next paragraph.</p>"
    path = print_pdf(browser, body, tmp_path / "sup.pdf", PROPORTIONAL + "p { margin: 0 0 0.25em 0; }", "", "")
    assert read_paragraphs(path) == [text.replace("situation and", "situation. And", 2), "Next paragraph."]


@pytest.mark.parametrize("side", ["ru", "en"])
def test_a_centred_title_over_several_lines_is_one_paragraph(browser, seed_paths, tmp_path, side):
    """A centred line starts left of the one above or right of it; under a centred line it goes on with the title
    (each line of it was a paragraph: read as an indent)."""
    title, *paragraphs = read_paragraphs(seed_paths[side])[:3]
    body = f"<h1 style='text-align: center; font-size: 15pt'>{html.escape(title)}</h1>" + "".join(
        f"<p>{html.escape(text)}</p>" for text in paragraphs
    )
    path = print_pdf(browser, body, tmp_path / "title.pdf", PROPORTIONAL + "p { margin: 0; }", "", "")
    assert read_paragraphs(path) == [title, *paragraphs]


def test_list_items_that_wrap_are_one_paragraph_each(browser, tmp_path):
    """A numbered list's item wraps to where its text starts, right of its number (each line after its first was a
    paragraph of its own); a bulleted list's discs are drawn, not characters: an item starts at its disc, also after
    an item whose last line is full (it ran on into the next item)."""
    items = [
        "150 civilians were killed, including children, women and elderly people in Baku, Sumgayit, Lankaran and "
        "Neftchala",
        "744 were seriously wounded",
        "a great deal of property was destroyed, and the city was left in mourning for many days and nights",  # full
        "4 went missing",
    ]
    for tag in ("ol", "ul"):
        body = f"<p>As a result:</p><{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}><p>Next.</p>"
        path = print_pdf(browser, body, tmp_path / f"{tag}.pdf", PROPORTIONAL + "p { margin: 0; }", "", "")
        numbered = [f"{n}. {item}" for n, item in enumerate(items, 1)] if tag == "ol" else items
        assert read_paragraphs(path) == ["As a result:", *numbered, "Next."]


def letter_pdf(browser, paragraphs: list[str], path: Path, points: int, edges: tuple[str, str] | None = None) -> Path:
    """Paragraphs set close together on a Letter page with a browser's default margins, in DejaVu Sans; `edges`,
    the HTML of a header and a footer in the margins, small and as wide as the page, as a browser's own are."""
    page = browser.new_page()
    page.set_content(
        "<!doctype html><html><head><meta charset=utf-8><style>body { font-family: 'DejaVu Sans'; "
        f"font-size: {points}pt; margin: 0; }} p {{ margin: 0; }}</style></head><body>"
        + "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)
        + "</body></html>"
    )
    edge = "<div style='font-size:8px;width:100%;display:flex;justify-content:space-between;margin:0 0.3in'>{}</div>"
    page.pdf(
        path=str(path),
        format="Letter",
        display_header_footer=edges is not None,
        header_template=edge.format(edges[0]) if edges else "",
        footer_template=edge.format(edges[1]) if edges else "",
        margin=dict.fromkeys(("top", "bottom", "left", "right"), "0.4in"),
    )
    page.close()
    return path


@pytest.mark.parametrize("side", ["ru", "en"])
def test_a_browser_s_own_header_and_footer_do_not_widen_the_column(browser, seed_paths, tmp_path, side):
    """A browser's "Save as PDF" puts the date above the page and the address and "1/1" below it, small, in the
    page's margins, wider than the text. On a page of paragraphs set close together the footer's width was taken
    for the column's: every line of the text ended short, and one wrapped before a capital ended a paragraph
    ("... on 12" | "March.")."""
    paragraphs = read_paragraphs(seed_paths[side])
    edges = (
        "<span>12/4/26, 2:56 AM</span><span></span>",
        "<span>file:///home/user/statement.html</span><span>1/1</span>",
    )
    read = read_paragraphs(letter_pdf(browser, paragraphs, tmp_path / "page.pdf", 11, edges))
    assert [text for text in read if text in paragraphs] == paragraphs


LETTER_DE = [
    "Wie Sie wissen, haben wir im vergangenen Jahr über 4.500 Anfragen von Kunden aus Berlin, Hamburg und München "
    "bearbeitet. Die Wartezeit am Telefon betrug im Durchschnitt 12 Minuten, was wir deutlich verkürzen möchten. "
    "Deshalb stellen wir ab Mai drei neue Mitarbeiterinnen ein.",
    "Montag bis Freitag sind wir von 8 Uhr bis 18.30 Uhr für Sie da, am Samstag von 9 bis 13 Uhr.",
    "Die Sprechstunde findet jeden Mittwoch um 20 Uhr online statt.",
    "Bitte beachten Sie, dass die Gebühr für eine Ersatzkarte künftig 15 Euro beträgt.",
]


def test_a_short_german_page_whose_lines_all_wrap_before_a_noun_keeps_its_paragraphs(browser, tmp_path):
    """A page of paragraphs set close together, each of its wrapped lines followed by a capital (German nouns and
    names: "... Berlin," | "Hamburg", "... 12" | "Minuten"): with no wrapped sentence going on in lower case it was
    taken for a list, and every line was a paragraph. Most of its lines run to the margin without ending a sentence."""
    assert read_paragraphs(letter_pdf(browser, LETTER_DE, tmp_path / "brief.pdf", 12)) == LETTER_DE


def lines_of(*rows: str) -> list:
    """Justified lines of one page, 12 pt apart, as pdfminer would give them (no indents, no gaps)."""
    from aligner.readers.pdf import _Line

    def first_word(text: str) -> float:
        return 200.0 * len(text.split(" ", 1)[0]) / len(text)

    return [
        _Line(0, text, 50.0, 250.0, 700.0 - 12 * k + 10, 700.0 - 12 * k, 10.0, first_word(text), 50.0, 300.0)
        for k, text in enumerate(rows)
    ]


@pytest.mark.parametrize(
    "rows, expected",
    [
        # The dictionary knows "international"; a compound written whole elsewhere keeps its hyphen.
        (
            ["The talks covered the inter-", "national situation and the well-", "known well-known positions."],
            "The talks covered the international situation and the well-known well-known positions.",
        ),
        # No evidence for "zorblat" or "frimp": the document's other broken words show that its lines were
        # hyphenated (inter-national, posi-tions), so unknown ones are joined too.
        (
            ["The inter-", "national zor-", "blat talks on posi-", "tions of the frimp-", "ing sides."],
            "The international zorblat talks on positions of the frimping sides.",
        ),
        # A layout that breaks only at compounds' hyphens (a browser's): the unknown compound keeps its hyphen.
        (["Эта политико-", "правовая оценка дана."], "Эта политико-правовая оценка дана."),
        # A hyphen between digits stays, with no space: a range broken over two lines.
        (["The night of 19-", "20 January."], "The night of 19-20 January."),
        # A soft hyphen is always a hyphenation.
        (["An unbe\u00ad", "lievable day."], "An unbelievable day."),
    ],
)
def test_end_of_line_hyphens(rows, expected):
    from aligner.readers.pdf import _paragraphs

    assert _paragraphs(lines_of(*rows)) == [expected]
