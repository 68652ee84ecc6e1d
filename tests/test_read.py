"""Read stage: encodings, newlines, paragraph blocks, hard wraps, Markdown."""

from __future__ import annotations

import codecs
import os
from pathlib import Path, PurePosixPath

import pytest

import aligner
from aligner.readers import decode, split_paragraphs

from .conftest import BENCH_DIR

RU_HEADER_LINES = [
    "Заявление Министерства иностранных дел Азербайджанской Республики по",
    "случаю 20 января – Дня всенародной скорби",
    "20 января 2025 г.",
]


def paragraph_texts(source) -> list[str]:
    return [unit.text for unit in aligner.read(source).paragraphs]


@pytest.fixture(scope="module")
def ru_seed_text(seed_paths) -> str:
    return seed_paths["ru"].read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ru_seed_paragraphs(seed_paths) -> list[str]:
    return paragraph_texts(seed_paths["ru"])


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("cp1251", b""),
    ],
)
def test_russian_seed_reads_the_same_in_every_encoding(tmp_path, ru_seed_text, ru_seed_paragraphs, encoding, bom):
    path = tmp_path / "statement.md"
    path.write_bytes(bom + ru_seed_text.encode(encoding))
    assert paragraph_texts(path) == ru_seed_paragraphs
    assert not paragraph_texts(path)[0].startswith("\ufeff")


@pytest.mark.parametrize(
    "language, encoding",
    [("es", "cp1252"), ("es", "latin-1"), ("et", "cp1257"), ("et", "iso8859-15"), ("tr", "cp1254"), ("hr", "cp1250")],
)
def test_a_legacy_code_page_reads_as_its_text(tmp_path, language, encoding):
    """Code pages that read a file about as well by charset_normalizer's measures differ in a letter or two: the
    Spanish UDHR in Windows-1252 read as Windows-1250 (its ñ an ń: "enseńanza"), the Estonian one as cp1250 too."""
    text = (BENCH_DIR / "udhr_multi" / language / language).read_text(encoding="utf-8")
    for size in (400, 3000, len(text)):
        data = text[:size].encode(encoding, errors="ignore")
        assert not data.isascii()
        assert decode(data, "udhr.txt") == data.decode(encoding), size


def test_a_short_line_of_windows_1252_is_not_read_as_korean():
    """charset_normalizer's one proposal for a line with one Ü was Korean johab ("㎾ersetzung")."""
    text = "Die Übersetzung ist fertig."
    assert decode(text.encode("cp1252"), "short.txt") == text


def test_an_english_text_in_windows_1252_keeps_its_dashes(tmp_path, seed_paths):
    """The English seed's one non-ASCII character, an en dash, in Windows-1252: it read as cp850's û."""
    text = seed_paths["en"].read_text(encoding="utf-8")
    assert decode(text.encode("cp1252"), "en.txt") == text.replace("\r\n", "\n")


def test_short_cp1251_text_is_detected(tmp_path):
    text = "Сегодня в Баку почтили память жертв трагедии 20 января.\n\nЛюди несли цветы к Аллее шехидов."
    path = tmp_path / "short.txt"
    path.write_bytes(text.encode("cp1251"))
    assert paragraph_texts(path) == [
        "Сегодня в Баку почтили память жертв трагедии 20 января.",
        "Люди несли цветы к Аллее шехидов.",
    ]


def test_utf8_bom_is_not_part_of_the_text(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + b"Hello there.\n\nSecond.")
    assert paragraph_texts(path) == ["Hello there.", "Second."]


def test_decode_normalises_newlines():
    assert decode(b"one\r\ntwo\rthree\nfour", "x.txt") == "one\ntwo\nthree\nfour"


def test_a_line_tabulation_is_a_line_break_not_a_glue_or_binary(tmp_path):
    # Word's line break inside a paragraph (Shift+Enter) is U+000B in text copied or exported from it: it was deleted,
    # gluing the words either side together, and a few of them made the file "binary"
    text = "\n\n".join(f"Line one of verse {n}\vline two of verse {n}." for n in range(20))
    path = tmp_path / "verses.txt"
    path.write_text(text, encoding="utf-8")
    assert paragraph_texts(path) == [f"Line one of verse {n} line two of verse {n}." for n in range(20)]
    assert [unit.text for unit in aligner.read(path, units="lines").paragraphs][:2] == [
        "Line one of verse 0",
        "line two of verse 0.",
    ]


# --- paragraphs and wrapped lines -------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_paragraph_blocks_with_any_newline(tmp_path, newline):
    text = newline.join(["First line", "continues here.", "", "Second paragraph.", "", "", "Third."]) + newline
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode("utf-8"))
    assert paragraph_texts(path) == ["First line continues here.", "Second paragraph.", "Third."]


def test_blank_lines_with_spaces_or_tabs_separate_paragraphs():
    text = "\n\n  One.\n \t \nTwo.\n   \n\n\nThree.\n\n \n"
    assert split_paragraphs(text) == ["One.", "Two.", "Three."]


def test_a_text_file_of_one_paragraph_a_line_reads_a_paragraph_a_line(tmp_path, seed_paths):
    """LibreOffice's and Word's "save as text" (and Notepad) write one paragraph a line with no blank line between
    them (LibreOffice: a BOM; Word: CRLF): each line is a paragraph, not one paragraph of the whole file."""
    paragraphs = paragraph_texts(seed_paths["en"])
    for name, data in (
        ("libreoffice.txt", codecs.BOM_UTF8 + "\n".join(paragraphs).encode("utf-8") + b"\n"),
        ("word.txt", "\r\n".join(paragraphs).encode("utf-8") + b"\r\n"),
        ("notepad.txt", "\r\n".join(paragraphs).encode("utf-16")),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert paragraph_texts(path) == paragraphs, name


def test_a_text_file_of_headings_table_cells_and_list_items_reads_a_paragraph_a_line():
    """LibreOffice's text of a report: a title, table cells and list items end no sentence, but a wrapped line
    is full (its next word would not have fitted), and these leave room for it."""
    lines = [
        "\ufeffAnnual report 2025",
        "The company grew by 15% in 2025.",
        "Revenue",
        "1,200,000 roubles",
        "Employees",
        "45",
        "    \u2022 The first list item.",
        "    \u2022 The second list item.",
        "More on our website.",
        "Thank you for your attention.",
    ]
    assert split_paragraphs(decode(("\n".join(lines) + "\n").encode("utf-8"), "report.txt")) == [
        " ".join(line.replace("\ufeff", "").split()) for line in lines
    ]


def test_a_text_file_of_short_lines_ending_sentences_reads_a_paragraph_a_line():
    lines = ["Title", "First paragraph.", "Second one!", "A third?", "«A quote.»", "End:"]
    assert split_paragraphs("\n".join(lines)) == lines


def test_a_hard_wrapped_text_with_no_blank_line_stays_one_paragraph(seed_paths):
    """Wrapped lines (short, mostly ending inside a sentence) are one paragraph, blank lines or not."""
    wrapped = [line for line in seed_paths["en-2023"].read_text(encoding="utf-8").split("\n") if line.strip()]
    assert split_paragraphs("\n".join(wrapped)) == [" ".join(" ".join(wrapped).split())]
    assert split_paragraphs("one line\nwrapped here\nand here.") == ["one line wrapped here and here."]


WRAPPED_WITH_HYPHENS = (
    "The Ministry express-\nes its condolences to the fami-\nlies of the victims of the well-\nknown tragedy of "
    "19-\n20 January.\n\nSecond para-\ngraph.\n"
)


@pytest.mark.parametrize("as_", ["txt", "md", "str"])
def test_a_word_broken_at_a_line_end_hyphen_is_one_word_again(tmp_path, as_):
    # text extracted from a PDF (pdftotext, OCR) keeps the layout's hyphenation; a compound keeps its hyphen, as in
    # the PDF reader
    source = WRAPPED_WITH_HYPHENS
    if as_ != "str":
        source = tmp_path / f"doc.{as_}"
        source.write_text(WRAPPED_WITH_HYPHENS, encoding="utf-8")
    assert paragraph_texts(source) == [
        "The Ministry expresses its condolences to the families of the victims of the well-known tragedy of "
        "19-20 January.",
        "Second paragraph.",
    ]


def test_hard_wrapped_pdf_text_is_joined(seed_paths):
    paragraphs = paragraph_texts(seed_paths["en-2023"])
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith(
        "On the night of January 19-20, 1990, as a result of military aggression of the units of the Soviet Army "
        "and special forces, as well as contingents of internal troops against Azerbaijan, civilians, including "
        "children, women and elderly were massacred"
    )
    assert paragraphs[-1] == (
        "We once again commemorate with deep sadness the dearest memory of our compatriots who sacrificed their "
        "lives for the territorial integrity of our country, the freedom of our people and the independence of "
        "our state."
    )
    assert "in March 1994 a decision" in paragraphs[3]
    for paragraph in paragraphs:
        assert "\n" not in paragraph
        assert "  " not in paragraph
        assert paragraph == paragraph.strip()


def test_plain_text_paragraphs_of_the_english_seed(seed_paths):
    paragraphs = paragraph_texts(seed_paths["en"])
    assert len(paragraphs) == 11
    assert paragraphs[1] == "20 January 2025"
    assert paragraphs[10] == "Long Live Azerbaijan!"


def test_a_plain_text_list_is_a_paragraph_an_item(tmp_path):
    """A list in a text file was one paragraph ('- item one - item two'); a block that starts with a bullet or a number,
    as half its lines do, is a list, an item a paragraph with the lines that continue it. A wrapped line that starts
    with a number ('1990. ') or a dialogue dash in a paragraph is no list."""
    path = tmp_path / "list.txt"
    path.write_text(
        "Intro paragraph of the text.\n\n- item one\n- item two, wrapped\n  onto a second line\n\n"
        "1. First step\n2) Second step\n\nThe events of the year\n1990. They were\n2. not forgotten.\n\n"
        "— Да, — сказал он.\n— Нет.\n",
        encoding="utf-8",
    )
    assert paragraph_texts(path) == [
        "Intro paragraph of the text.",
        "- item one",
        "- item two, wrapped onto a second line",
        "1. First step",
        "2) Second step",
        "The events of the year 1990. They were 2. not forgotten.",
        "— Да, — сказал он. — Нет.",  # dialogue dashes: a wrapped line of a paragraph may start with one too
    ]


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_header_of_russian_seed_loses_markup_and_reads_hard_breaks_as_spaces(ru_seed_paragraphs):
    # a hard break is source layout: as a newline it would reach the TMX segment a CAT tool imports
    assert ru_seed_paragraphs[0] == " ".join(RU_HEADER_LINES)


def test_markdown_has_no_markup_anywhere_in_russian_seed(ru_seed_paragraphs):
    assert len(ru_seed_paragraphs) == 10
    for paragraph in ru_seed_paragraphs:
        assert "**" not in paragraph
        assert paragraph == " ".join(paragraph.split())  # no line break, no run of spaces
    assert ru_seed_paragraphs[-1] == "Да здравствует Азербайджан!"


def test_lines_of_markdown_lose_their_markup_as_paragraphs_do(seed_paths, tmp_path):
    lines = [unit.text for unit in aligner.read(seed_paths["ru"], units="lines").paragraphs]
    assert lines[:3] == RU_HEADER_LINES  # the bold block spans three lines: its markers go all the same
    assert not any("**" in line for line in lines) and len(lines) == 12
    assert aligner.read("# Title\n\n- *one* [two](x.html)\\\n`three`  \n", units="lines").paragraphs == (
        aligner.Unit(0, "Title", 0),
        aligner.Unit(1, "one two", 1),
        aligner.Unit(2, "three", 2),
    )
    plain = tmp_path / "plain.txt"
    plain.write_text("**not Markdown**\n", encoding="utf-8")  # a .txt file is read as it is
    assert aligner.read(plain, units="lines").paragraphs[0].text == "**not Markdown**"


def test_unit_text_keeps_the_documents_own_characters(ru_seed_paragraphs):
    assert "являющимся днём глубокой печали" in ru_seed_paragraphs[2]
    assert "В День всенародной скорби – 20 января" in ru_seed_paragraphs[2]
    assert "«Сумгаитские события»" in ru_seed_paragraphs[3]


def test_markdown_string_input():
    text = (
        "# Heading\n\nSome **bold** and *italic* text with [a link](https://example.org).\n\nLast line  \nafter break."
    )
    assert paragraph_texts(text) == [
        "Heading",
        "Some bold and italic text with a link.",
        "Last line after break.",
    ]


MARKDOWN_PAGE = """---
title: The statement
weight: 2
---

Statement
=========

<!-- translator: keep the date -->
The text with a note.[^1] And a [link](http://example.com).

1. First item
2. Second item
   continued here
- A bullet
# A heading
| Event | Date |
|:------|-----:|
| Tragedy | 19-20 January 1990 |

[^1]: The note.
"""


def test_markdown_list_items_headings_and_table_cells_are_paragraphs():
    """A static site's page: its front matter and comments are no text, a list item, heading or table cell is a
    paragraph as in HTML (a list or a table was one paragraph, pipes and all), a note marker goes as in HTML."""
    assert paragraph_texts(MARKDOWN_PAGE) == [
        "Statement",
        "The text with a note. And a link.",
        "First item",
        "Second item continued here",
        "A bullet",
        "A heading",
        "Event",
        "Date",
        "Tragedy",
        "19-20 January 1990",
        "The note.",
    ]
    # as CommonMark has it, only a bullet or the number 1 starts a list inside a paragraph: this is a wrapped line
    assert paragraph_texts("The events of\n1990. They were not\n2. forgotten.\n") == [
        "The events of 1990. They were not 2. forgotten."
    ]
    assert [unit.text for unit in aligner.read(MARKDOWN_PAGE, units="lines").paragraphs][6:9] == [
        "A heading",
        "Event",
        "Date",
    ]


def test_markdown_file_drops_heading_marks(tmp_path):
    path = tmp_path / "doc.md"
    path.write_text("## Title ##\n\nBody text.\n", encoding="utf-8")
    assert paragraph_texts(path) == ["Title", "Body text."]


# --- what a source can be ------------------------------------------------------------------------


def test_a_path_under_home_written_with_a_tilde_is_read_written_and_loaded_there(tmp_path, monkeypatch, fake_encoder):
    """`Path("~/ru.md")` in a notebook (no shell to expand it) was "no such file", and the InputError of the str
    "~/ru.md" told the user to write exactly that; `to_jsonl("~/pair.jsonl")` was "the directory ~ does not exist"
    and `aligner.load("~/pair.jsonl")` "no such file"."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "ru.md").write_text("Первый абзац.\n\nВторой абзац.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("First paragraph.\n\nSecond paragraph.\n", encoding="utf-8")
    with pytest.raises(aligner.InputError, match=r"pass pathlib.Path\('~/ru.md'\)"):
        aligner.read("~/ru.md")
    document = aligner.read(Path("~/ru.md"))
    assert document == aligner.read(tmp_path / "ru.md") and document.name == str(tmp_path / "ru.md")
    result = aligner.align(Path("~/ru.md"), Path("~/en.txt"), model=fake_encoder)
    assert [(bead.source, bead.target) for bead in result.beads] == [((0,), (0,)), ((1,), (1,))]
    report = result.to_jsonl("~/pair.jsonl")
    assert report.paths == (tmp_path / "pair.jsonl",) and (tmp_path / "pair.jsonl").is_file()
    assert aligner.load("~/pair.jsonl") == aligner.load(tmp_path / "pair.jsonl")


def test_a_file_whose_name_starts_with_a_tilde_is_read_as_named(tmp_path, monkeypatch):
    """ "~draft.txt" is no home folder: `Path.expanduser` raised RuntimeError "Could not determine home directory" for
    it (no user "draft"), where the file in the working folder is meant."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "~draft.txt").write_text("A draft of the statement.\n", encoding="utf-8")
    assert [unit.text for unit in aligner.read(Path("~draft.txt")).paragraphs] == ["A draft of the statement."]
    with pytest.raises(aligner.InputError, match=r"^~draft\.jsonl: no such file$"):
        aligner.load("~draft.jsonl")


def test_a_str_is_text_not_a_path():
    document = aligner.read("Statement on the anniversary.")
    assert document.name == "<text>"
    assert [unit.text for unit in document.paragraphs] == ["Statement on the anniversary."]


@pytest.mark.parametrize("text", ["statement.md", " ru-2025.docx\n", "../shared/seeds/en-2025-statement.txt"])
def test_a_str_that_is_a_file_name_is_an_error_not_a_text(text):
    # A str is the text itself: aligning two file names as if they were the texts was silent and wrong.
    with pytest.raises(aligner.InputError, match=r"looks like a file name; pass pathlib.Path"):
        aligner.read(text)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ([], ["Hello there, this is a long English sentence."], r"^source: the list of units is empty"),
        ([], [], r"^source: the list of units is empty"),
        ("", "Hello.", r"^source: the text is empty"),
        ("   \n", "Hello.", r"^source: the text is only whitespace"),
        ("Hello.", "\t", r"^target: the text is only whitespace"),
        (["Hello."], [], r"^target: the list of units is empty"),
    ],
)
def test_an_empty_source_or_target_is_an_input_error_naming_the_side(source, target, message):
    # an empty list was aligned (confidence 0.000), an empty str taken for a file name; the encoder is not loaded
    with pytest.raises(aligner.InputError, match=message):
        aligner.align(source, target)


def test_reading_an_empty_text_or_list_says_it_is_empty():
    with pytest.raises(aligner.InputError, match=r"^<text>: the text is empty: there is nothing to align"):
        aligner.read("")
    with pytest.raises(aligner.InputError, match=r"^<units>: the list of units is empty"):
        aligner.read([])


def test_a_str_naming_an_existing_file_with_spaces_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "my statement.txt").write_text("Text.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(aligner.InputError, match=r"looks like a file name"):
        aligner.read("my statement.txt")
    assert aligner.read("my statement.pdf is not here").paragraphs[0].text == "my statement.pdf is not here"


def test_a_str_naming_a_file_without_a_known_extension_is_an_error(tmp_path, monkeypatch):
    # WMT22's documents have no extension (`aif.49918`): align_many((str, str)) aligned the two path strings
    # as one-unit texts, "ok" at confidence 0.94, without a word; and a one-word text ("Hello") was refused as one
    corpus = tmp_path / "ru"
    corpus.mkdir()
    (corpus / "aif.49918").write_text("Текст.", encoding="utf-8")
    (corpus / "doc").write_text("Текст.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for text in (str(corpus / "aif.49918"), "ru/doc", "ru/missing-doc", str(corpus / "doc") + "\n"):
        with pytest.raises(aligner.InputError, match=r"looks like a file name; pass pathlib.Path"):
            aligner.read(text)
    for text in ("Hello", "Привет!", "and/or", "1/2", "see ru/doc for the text", "https://example.com/page"):
        assert aligner.read(text).paragraphs[0].text == text


def test_a_path_like_from_os_scandir_is_read_as_a_path(tmp_path):
    """`os.scandir` gives `os.DirEntry`s, path-likes as `open` takes them: `read` said it "cannot read a DirEntry"."""
    (tmp_path / "ru.md").write_text("Годовщина трагедии.", encoding="utf-8")
    [entry] = os.scandir(tmp_path)
    document = aligner.read(entry)
    assert document.name == str(tmp_path / "ru.md")
    assert [unit.text for unit in document.paragraphs] == ["Годовщина трагедии."]
    assert aligner.read(PurePosixPath(tmp_path / "ru.md")).name == str(tmp_path / "ru.md")


def test_a_path_names_the_document(seed_paths):
    assert aligner.read(seed_paths["en"]).name == str(seed_paths["en"])


def test_pre_split_units_are_taken_as_given():
    units = ["First unit. It has two sentences.", "Second unit"]
    document = aligner.read(units)
    assert [unit.text for unit in document.paragraphs] == units
    assert [unit.text for unit in document.sentences] == units
    assert [unit.paragraph for unit in document.sentences] == [0, 1]


def test_a_document_passes_through_unchanged():
    document = aligner.read(["a", "b"])
    assert aligner.read(document) is document


def test_a_language_given_with_a_document_is_its_language(seed_paths, fake_encoder):
    """align(read(ru), read(en), source_language="ru-RU") wrote "ru" into the TMX, and "en" for Russian went through,
    without a word: a Document's own detected language won over the given one."""
    russian, english = aligner.read(seed_paths["ru"]), aligner.read(seed_paths["en"])
    assert (russian.language, english.language) == ("ru", "en")
    assert aligner.read(russian, language="ru-RU").language == "ru-RU"
    result = aligner.align(russian, english, source_language="ru-RU", target_language="en-US", model=fake_encoder)
    assert (result.source.language, result.target.language) == ("ru-RU", "en-US")
    assert result.source.language_confidence is None  # given, not detected
    with pytest.raises(
        aligner.InputError, match=r"the language is given as English \(en\), but the text is in Russian"
    ):
        aligner.align(russian, english, source_language="en", model=fake_encoder)
    given = aligner.read(russian, language="ru-RU")
    assert aligner.read(given, language="ru-RU") is given


def test_language_is_detected_or_taken_from_the_caller(seed_paths):
    assert aligner.read(seed_paths["ru"]).language == "ru"
    assert aligner.read(seed_paths["en-2023"]).language == "en"
    assert aligner.read(seed_paths["en"], language="en-GB").language == "en-GB"


def test_reading_does_not_change_the_file(tmp_path):
    path = Path(tmp_path / "doc.txt")
    data = b"A  line\r\n\r\nB\r\n"
    path.write_bytes(data)
    aligner.read(path)
    assert path.read_bytes() == data


def test_a_str_with_spaces_and_a_nul_is_text_even_if_it_ends_like_a_file_name():
    assert aligner.read("a b\x00.md").paragraphs[0].text == "a b\x00.md"


# --- a legacy encoding read with the language or the encoding given (trial5 T2) ---------------------------------

RUSSIAN_NOTICE = "Уважаемые жильцы!\n\nЗавтра не будет воды.\n"
FRENCH_RENT = (
    "Le loyer est de 1 250 € par mois.\n\nLa caution correspond à deux mois de loyer, soit 2 500 €.\n\n"
    "Toute modification doit être faite par écrit.\n"
)


def _texts(path, **options) -> list[str]:
    return [unit.text for unit in aligner.read(path, **options).paragraphs]


@pytest.mark.parametrize("language", ["ru-RU", None])
def test_a_short_russian_notice_in_windows_1251_reads_as_russian_not_greek(tmp_path, language):
    """Read as Windows-1253 ("Σβΰζΰεμϋε ζθλόφϋ!") even with --src-lang ru-RU, and exported so into the TMX."""
    path = tmp_path / "ru-short-cp1251.txt"
    path.write_bytes(RUSSIAN_NOTICE.encode("cp1251"))
    assert _texts(path, language=language) == ["Уважаемые жильцы!", "Завтра не будет воды."]


def test_a_french_text_in_latin_9_keeps_its_euro_signs(tmp_path):
    """Read as DOS cp852: "1 250 Ą", "Ó deux"."""
    path = tmp_path / "fr-latin9.txt"
    path.write_bytes(FRENCH_RENT.encode("iso8859_15"))
    assert _texts(path) == FRENCH_RENT.strip().split("\n\n")


def test_a_given_encoding_is_the_one_read(tmp_path):
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN_NOTICE.encode("koi8_r"))
    assert _texts(path, encoding="koi8-r") == ["Уважаемые жильцы!", "Завтра не будет воды."]
    assert _texts(path, encoding="cp1251")[0] == RUSSIAN_NOTICE.encode("koi8_r").decode("cp1251").split("\n")[0]
    with pytest.raises(aligner.SettingsError, match="unknown encoding 'cp9999'"):
        aligner.read(path, encoding="cp9999")
    with pytest.raises(aligner.InputError, match="undecodable bytes for utf-8"):
        aligner.read(path, encoding="utf-8")


def test_a_given_encoding_that_makes_mojibake_of_utf_8_is_warned_of(tmp_path, recwarn):
    """A valid UTF-8 file read in the wrong encoding given is read so (the encoding given decides), with a warning
    that names the file and the encoding, shows the mojibake and says the file is UTF-8 (trial7 D2)."""
    path = tmp_path / "ru.md"
    path.write_bytes(RUSSIAN_NOTICE.encode("utf-8"))
    with pytest.warns(aligner.EncodingGuessWarning) as caught:
        texts = _texts(path, encoding="cp1251")
    assert texts[0] == RUSSIAN_NOTICE.encode("utf-8").decode("cp1251").split("\n")[0]
    (message,) = [str(warning.message) for warning in caught]
    mojibake = "Уважаемые".encode().decode("cp1251")
    assert message.startswith(f"{path}: read as cp1251, as given, the text is mojibake ('{mojibake[:12]}…')")
    assert "the file is valid UTF-8: drop the encoding given (--src-encoding or --tgt-encoding" in message
    assert "\n" not in message
    # no warning: UTF-8 given, a file that is not UTF-8 in its own encoding, ASCII in any encoding
    assert _texts(path, encoding="utf-8")[0] == "Уважаемые жильцы!"
    path.write_bytes(RUSSIAN_NOTICE.encode("koi8_r"))
    assert _texts(path, encoding="koi8-r")[0] == "Уважаемые жильцы!"
    path.write_bytes(b"Dear residents,\n\nno water tomorrow.\n")
    assert _texts(path, encoding="cp1251")[0] == "Dear residents,"
    assert not [warning for warning in recwarn if warning.category is aligner.EncodingGuessWarning]


def test_a_guess_between_close_readings_is_warned_of(tmp_path):
    """Two lines of a Swiss Alpine Club yearbook in French, Windows-1252, with one ë: Windows-1257 (ė) and
    Windows-1250 (ë) read them about as well; no reading is sure, and the user is told how to say which."""
    path = tmp_path / "fr.txt"
    path.write_bytes("jëte nord du Selbsanft\n\nAlbert Schmidt , Engi ( GL )\n".encode("cp1252"))
    with pytest.warns(
        aligner.EncodingGuessWarning, match=r"fr\.txt: the encoding is a guess: read as .*--src-encoding"
    ):
        aligner.read(path)
    assert _texts(path, encoding="cp1252")[0] == "jëte nord du Selbsanft"
