"""Pre-segmented input: one unit per line (--units lines), and paragraphs of sentences split by the caller."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import docx
import numpy
import pandas
import pytest
from lxml import etree

import aligner
from aligner import InputError, SettingsError
from aligner.cli import main
from aligner.export import ExportOptions, export
from aligner.export.review import summary_text

from .export_helpers import mixed_alignment, review_data

RU_SENTENCES = [
    ["Заявление министерства иностранных дел.", "20 января 2025 г."],
    ["Годовщина трагедии отмечается ежегодно.", "Мы чтим память погибших.", "Они отдали жизнь за свободу."],
    ["Да здравствует Азербайджан!"],
]
EN_SENTENCES = [
    ["Statement of the Ministry of Foreign Affairs.", "20 January 2025."],
    [
        "The anniversary of the tragedy is marked every year.",
        "We honour the memory of the victims.",
        "They gave their lives for freedom.",
    ],
    ["Long live Azerbaijan!"],
]


def write_lines(path: Path, paragraphs: list[list[str]]) -> Path:
    """One sentence per line, a blank line (ignored by --units lines) between paragraphs, stray spaces."""
    path.write_text(
        "\n\n".join("\n".join(f"  {sentence}  " for sentence in paragraph) for paragraph in paragraphs) + "\n",
        encoding="utf-8",
    )
    return path


def beads_of(out: Path) -> list[dict]:
    return [
        record for record in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if record["record"] == "bead"
    ]


@pytest.mark.model
def test_units_lines_keeps_every_line_as_one_unit(tmp_path, capsys):
    source = write_lines(tmp_path / "ru.txt", RU_SENTENCES)
    target = write_lines(tmp_path / "en.txt", EN_SENTENCES)
    out = tmp_path / "pairs.jsonl"
    assert main(["align", str(source), str(target), "--units", "lines", "-o", str(out)]) == 0
    assert "ru.txt (ru, 6 lines) -> en.txt (en, 6 lines)" in capsys.readouterr().err  # not "paragraphs"
    beads = beads_of(out)
    assert [(b["source"], b["target"]) for b in beads] == [([k], [k]) for k in range(6)]
    assert [b["source_text"] for b in beads] == [s for paragraph in RU_SENTENCES for s in paragraph]
    assert [b["target_text"] for b in beads] == [s for paragraph in EN_SENTENCES for s in paragraph]


@pytest.mark.model
def test_units_lines_for_one_side_aligns_its_lines_with_the_other_sides_sentences(tmp_path):
    source = write_lines(tmp_path / "ru.txt", RU_SENTENCES)
    target = tmp_path / "en.md"
    target.write_text("\n\n".join(" ".join(paragraph) for paragraph in EN_SENTENCES), encoding="utf-8")
    out = tmp_path / "pairs.jsonl"
    assert (
        main(["align", str(source), str(target), "--src-units", "lines", "--level", "sentence", "-o", str(out), "-q"])
        == 0
    )
    beads = beads_of(out)
    assert [b["source_text"] for b in beads] == [s for paragraph in RU_SENTENCES for s in paragraph]
    assert [b["target_text"] for b in beads] == [s for paragraph in EN_SENTENCES for s in paragraph]


def test_lines_are_called_lines_in_messages_summaries_and_exports(tmp_path):
    """A document read one unit per line has no paragraphs: every view and export names its units lines."""
    alignment = mixed_alignment()  # a 1-0 at source unit 3, a 0-1 at target unit 5
    source, target = (replace(document, lines=True) for document in (alignment.source, alignment.target))
    alignment = replace(alignment, source=source, target=target)
    messages = [finding.message for finding in alignment.check(checks=("omission", "addition"))]
    assert messages[0].startswith("Source line 3 has no translation") and messages[1].startswith("Target line 5 ")
    options = ExportOptions(findings=alignment.check(checks=("omission",)))
    assert summary_text(alignment, options).startswith("src.md (ru, 6 lines) -> tgt.txt (en, 6 lines)")
    assert repr(source).startswith("Document('src.md', 'ru', 6 lines: ")
    assert str(alignment).startswith("Alignment(line: ")
    alignment.to_tmx(tmp_path / "pairs.tmx", findings=())
    assert etree.parse(str(tmp_path / "pairs.tmx")).find("header").get("segtype") == "block"  # not "paragraph"
    alignment.to_html(tmp_path / "review.html", findings=())
    page = (tmp_path / "review.html").read_text(encoding="utf-8")
    assert "aligned by line." in page and "<dt>ru lines</dt>" in page and "paragraphs</dt>" not in page
    assert review_data(tmp_path / "review.html")["lines"] == {"source": True, "target": True}
    for saved in (tmp_path / "pairs.jsonl", tmp_path / "pairs.xlsx"):  # still lines when read back
        export(alignment, saved, saved.suffix[1:])
        loaded = aligner.load(saved)
        assert (loaded.source.lines, loaded.target.lines) == (True, True)
        assert [(b.source, b.target) for b in loaded.beads] == [(b.source, b.target) for b in alignment.beads]
    assert not aligner.read("one\ntwo").lines and aligner.read("one\ntwo", units="lines").lines


def test_units_lines_refuses_a_document_format(tmp_path, capsys):
    document = docx.Document()
    document.add_paragraph("Один абзац.")
    path = tmp_path / "ru.docx"
    document.save(str(path))
    other = write_lines(tmp_path / "en.txt", EN_SENTENCES)
    assert main(["align", str(path), str(other), "--units", "lines"]) == 2
    assert capsys.readouterr().err.strip() == f"aligner: error: {path}: units 'lines' reads plain-text files, not DOCX"


def test_read_lines_from_python_drops_blank_lines(tmp_path):
    document = aligner.read(write_lines(tmp_path / "en.txt", EN_SENTENCES), units="lines")
    assert [unit.text for unit in document.paragraphs] == [s for paragraph in EN_SENTENCES for s in paragraph]
    assert [unit.text for unit in document.sentences] == [unit.text for unit in document.paragraphs]
    assert aligner.read("one. two.\n\n  three  \n", units="lines").sentences[1].text == "three"
    with pytest.raises(SettingsError, match="units must be one of paragraphs, lines, got 'words'"):
        aligner.read("text", units="words")


def test_paragraphs_of_presplit_sentences_keep_the_callers_segmentation(fake_encoder):
    # The segmenter would split the first sentence of each side in two; the caller's split is kept as given.
    source = [["Первое предложение. Со вторым внутри.", "Третье."], ["Четвёртое."]]
    target = [["First sentence. With a second inside.", "Third."], ["Fourth."]]
    result = aligner.align(
        source, target, level="sentence", model=fake_encoder, source_language="ru", target_language="en"
    )
    assert [unit.text for unit in result.source.sentences] == [
        "Первое предложение. Со вторым внутри.",
        "Третье.",
        "Четвёртое.",
    ]
    assert [unit.paragraph for unit in result.source.sentences] == [0, 0, 1]
    assert [unit.text for unit in result.source.paragraphs] == [
        "Первое предложение. Со вторым внутри. Третье.",
        "Четвёртое.",
    ]
    assert sorted(i for bead in result.beads for i in bead.source) == [0, 1, 2]


@pytest.mark.model
def test_presplit_paragraphs_are_aligned_hierarchically_with_the_real_encoder():
    result = aligner.align(RU_SENTENCES, EN_SENTENCES, level="sentence")
    assert [(bead.source, bead.target) for bead in result.beads] == [((k,), (k,)) for k in range(6)]
    paragraphs = aligner.align(RU_SENTENCES, EN_SENTENCES)
    assert [(bead.source, bead.target) for bead in paragraphs.beads] == [((k,), (k,)) for k in range(3)]


@pytest.mark.parametrize(
    "as_given",
    [
        lambda units: pandas.Series(units),  # df["ru"]
        lambda units: pandas.Series(units, dtype="string").array,
        lambda units: numpy.array(units),
        lambda units: (unit for unit in units),
    ],
    ids=["Series", "StringArray", "ndarray", "generator"],
)
def test_units_in_a_dataframe_column_or_an_array_are_read_as_a_list_of_them(fake_encoder, as_given):
    """`aligner.align(df["ru"], df["en"])` was "cannot read a Series: give ... a list of str"."""
    source, target = ["Один день.", "Два дня.", "Три дня."], ["One day.", "Two days.", "Three days."]
    expected = aligner.align(source, target, model=fake_encoder, source_language="ru", target_language="en")
    given = aligner.align(
        as_given(source), as_given(target), model=fake_encoder, source_language="ru", target_language="en"
    )
    assert given == expected


@pytest.mark.parametrize(
    "units, complaint",
    [
        (pandas.Series(["Один.", None, "Три."]), r"source: unit 1 is float nan, not a str \(a missing value\?\)"),
        (["Один.", None], r"source: unit 1 is NoneType None, not a str \(a missing value\?\): leave missing units"),
        (pandas.Series(["Один.", pandas.NA], dtype=object), r"unit 1 is NAType <NA>, not a str \(a missing value\?\)"),
        # trial7 D7: "(a missing value?)" was said of every value that is no str
        (["Один.", 2], r"source: unit 1 is int 2, not a str: convert it with str\(\.\.\.\) or leave it out$"),
        (
            [[["Один."]]],
            r"source: sentence 0 of paragraph 0 is list \['Один\.'\], not a str \(one level of lists too many\?\)",
        ),
        # trial10 #3: a paragraph's sentence that is no str was "unit 0 is list [...] (one level of lists too many?)"
        ([["Первое.", 3]], r"^source: sentence 1 of paragraph 0 is int 3, not a str: convert it with str"),
        ([["Первое."], ["Второе.", None]], r"^source: sentence 1 of paragraph 1 is NoneType None, not a str \(a"),
        (["Один.", b"2"], r"unit 1 is bytes b'2', not a str: decode the bytes to text first, with their encoding$"),
        (["Один.", ["Два."]], r"source: the list mixes units \(str\) and paragraphs of sentences"),
        ({"Один.", "Два."}, r"^source: cannot read a set"),  # trial10 #10: the side was not named
        (b"bytes", r"cannot read a bytes"),
    ],
)
def test_units_that_are_not_all_text_are_an_input_error_naming_the_first(fake_encoder, units, complaint):
    """A missing value of a DataFrame's column (NaN) was "cannot read a list: give ... a list of str"."""
    with pytest.raises(InputError, match=complaint):
        aligner.align(units, ["One.", "Two.", "Three."], model=fake_encoder)


def test_a_presplit_paragraph_without_text_is_an_input_error():
    with pytest.raises(InputError, match="<sentences>: paragraph 1 has no text"):
        aligner.read([["Одно."], ["  ", ""]], language="ru")


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_presplit_sentence_is_an_input_error_as_a_blank_unit_is(blank):
    """fc8 #13: it was dropped unseen, while a blank unit of a list of str raises."""
    with pytest.raises(InputError, match=r"^<sentences>: sentence 1 of paragraph 0 is empty or only spaces; leave"):
        aligner.read([["Привет.", blank]], language="ru")


@pytest.mark.model
def test_abbreviations_and_srx_files_from_the_command_line(tmp_path):
    source = tmp_path / "de.txt"
    source.write_text("Siehe Abb. 3 im Bd. 2. Das ist alles.", encoding="utf-8")
    target = tmp_path / "fr.txt"
    target.write_text("Voir la fig. 3 du vol. 2. C'est tout.", encoding="utf-8")
    abbreviations = tmp_path / "abbreviations.txt"
    abbreviations.write_text("Abb.\nBd.\nfig.\nvol.\n", encoding="utf-8")
    out = tmp_path / "pairs.jsonl"
    assert (
        main(
            [
                "align",
                str(source),
                str(target),
                "--level",
                "sentence",
                "--abbreviations",
                str(abbreviations),
                "--src-lang",
                "de",
                "--tgt-lang",
                "fr",
                "-o",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    assert [b["source_text"] for b in beads_of(out)] == ["Siehe Abb. 3 im Bd. 2.", "Das ist alles."]
    assert main(["align", str(source), str(target), "--srx", str(tmp_path / "missing.srx")]) == 2
