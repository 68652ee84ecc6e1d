"""The role of a unit that is a note or a text box (`Unit.role`) in every export and in the notebook's views (records,
DataFrame, repr, HTML table), kept when an alignment is read back; an alignment without any writes and shows what it
did before units had roles (no role column, prop or record)."""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree, html
from openpyxl import load_workbook

import aligner
from aligner import Alignment, Bead, Document, InputError, Unit
from aligner.export.tsv import COLUMNS as TSV_COLUMNS
from aligner.export.xlsx import COLUMNS as XLSX_COLUMNS
from aligner.segment import build_document
from aligner.types import UNIT_JOINERS, Level

from .test_export_tmx import TMX_DTD, _props, _tree, _valid
from .test_read_notes import LIBREOFFICE_FILES, paragraph, run, word_file
from .test_types import RECORD_COLUMNS

SOURCE = ["Первый абзац со сноской.", "Текст сноски.", "Второй абзац.", "Надпись в рамке."]
TARGET = ["The first paragraph with a note.", "The note's text.", "The second paragraph.", "The caption in the box."]
ROLES = [None, "footnote", None, "text box"]
BEADS = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2, 3))]  # the last joins body text and a text box on each side


def noted_alignment(
    level: Level = "paragraph", roles: list | None = ROLES, target_roles: list | None = None
) -> Alignment:
    """A 1-1 of body text, a 1-1 of footnotes, a 2-2 of a paragraph and a text box (a sentence alignment: a
    sentence a paragraph); the target's units of `target_roles` if given, else of `roles` too."""
    source = build_document(SOURCE, "src.docx", "ru", roles=roles or ())
    target = build_document(TARGET, "tgt.docx", "en", roles=target_roles or roles or ())
    joiner = UNIT_JOINERS[level]
    beads = tuple(
        Bead(s, t, joiner.join(SOURCE[i] for i in s), joiner.join(TARGET[j] for j in t), 0.9, 0.8) for s, t in BEADS
    )
    return Alignment(source, target, level, beads, 0.9, f"aligner test|level:{level}")


def test_a_note_and_a_text_box_say_what_they_are_in_the_tmx_tsv_and_xlsx(tmp_path):
    alignment = noted_alignment()
    expected = [None, "footnote", "body text, text box"]
    alignment.to_tmx(tmp_path / "pair.tmx", findings=())
    tree = _tree(tmp_path / "pair.tmx")
    assert _valid(etree.DTD(str(TMX_DTD)), tree)
    assert [_props(tu).get("x-role") for tu in tree.iter("tu")] == expected

    alignment.to_tsv(tmp_path / "pair.tsv", findings=())
    header, *rows = [line.split("\t") for line in (tmp_path / "pair.tsv").read_text(encoding="utf-8").splitlines()]
    assert header == [*TSV_COLUMNS, "role"]
    assert [row[-1] for row in rows] == ["", "footnote", "body text, text box"]

    alignment.to_xlsx(tmp_path / "pair.xlsx", findings=())
    sheet = load_workbook(tmp_path / "pair.xlsx")["beads"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][-1] == "role" and len(values[0]) == len(XLSX_COLUMNS) + 1
    assert [row[-1] for row in values[1:]] == expected
    assert sheet.auto_filter.ref == f"A1:K{len(BEADS) + 1}"


def assert_bead_roles_in_every_format(alignment: Alignment, expected: list, tmp_path) -> None:
    """The beads' roles are `expected` in the TMX (valid against the DTD), the TSV, the XLSX, the records and the
    notebook table."""
    alignment.to_tmx(tmp_path / "pair.tmx", findings=())
    tree = _tree(tmp_path / "pair.tmx")
    assert _valid(etree.DTD(str(TMX_DTD)), tree)
    assert [_props(tu).get("x-role") for tu in tree.iter("tu")] == expected
    alignment.to_tsv(tmp_path / "pair.tsv", findings=())
    rows = [line.split("\t") for line in (tmp_path / "pair.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    assert [row[-1] for row in rows] == [role or "" for role in expected]
    alignment.to_xlsx(tmp_path / "pair.xlsx", findings=())
    sheet = load_workbook(tmp_path / "pair.xlsx")["beads"]
    assert [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True)] == expected
    assert [record["role"] for record in alignment.to_records()] == [role or "body text" for role in expected]
    assert [row[-1] for row in _notebook_table(alignment)[1]] == [role or "" for role in expected]


def test_a_bead_whose_sides_differ_in_role_says_which_side_holds_what_in_every_format(tmp_path):
    """ "footnote, body text" did not say which side held the note: a footnote translated as body text, or body text
    paired with a note of the other side, read alike."""
    alignment = noted_alignment(target_roles=[None, None, "footnote", "text box"])
    expected = [
        None,
        "source: footnote; target: body text",
        "source: body text, text box; target: footnote, text box",
    ]
    assert_bead_roles_in_every_format(alignment, expected, tmp_path)


def test_a_bead_of_one_side_or_of_the_same_roles_on_both_says_them_once():
    source = build_document(["Body.", "Note.", "Box."], "src.docx", "ru", roles=[None, "footnote", "text box"])
    target = build_document(["Body.", "Note."], "tgt.docx", "en", roles=[None, "footnote"])
    beads = (
        Bead((0, 1), (0, 1), "Body.\nNote.", "Body.\nNote.", 0.9),  # a paragraph joined with its note on each side
        Bead((2,), (), "Box.", "", 0.9),  # a text box without a translation
    )
    alignment = Alignment(source, target, "paragraph", beads, 0.9, "aligner test")
    assert [record["role"] for record in alignment.to_records()] == ["body text, footnote", "text box"]


def test_a_header_and_a_footer_say_so_in_every_export_and_are_kept_when_read_back(tmp_path):
    roles = [None, "header", None, "footer"]
    alignment = noted_alignment(roles=roles)
    assert_bead_roles_in_every_format(alignment, [None, "header", "body text, footer"], tmp_path)
    alignment.to_jsonl(tmp_path / "pair.jsonl")
    header = json.loads((tmp_path / "pair.jsonl").read_text(encoding="utf-8").split("\n")[0])
    assert header["source"]["roles"] == header["target"]["roles"] == {"header": [1], "footer": [3]}
    alignment.to_html(tmp_path / "pair.html", findings=())
    page = (tmp_path / "pair.html").read_text(encoding="utf-8")
    labels = {side: f'.unit[data-side="{side}"][data-id="{{}}"] .uid::after' for side in "st"}
    for unit, role in ((1, "header"), (3, "footer")):
        assert f'{labels["s"].format(unit)}, {labels["t"].format(unit)} {{ content: "{role}"; }}' in page
    for path in (tmp_path / "pair.jsonl", tmp_path / "pair.xlsx"):
        loaded = aligner.load(path)
        assert [unit.role for unit in loaded.target.paragraphs] == roles, path.name


def test_an_alignment_without_notes_writes_no_role_anywhere(tmp_path):
    alignment = noted_alignment(roles=None)
    alignment.to_jsonl(tmp_path / "pair.jsonl")
    for name in ("pair.tmx", "pair.tsv", "pair.html"):
        getattr(alignment, f"to_{name.split('.')[1]}")(tmp_path / name, findings=())
    assert "x-role" not in (tmp_path / "pair.tmx").read_text(encoding="utf-8")
    assert (tmp_path / "pair.tsv").read_text(encoding="utf-8").split("\n")[0] == "\t".join(TSV_COLUMNS)
    assert "roles" not in json.loads((tmp_path / "pair.jsonl").read_text(encoding="utf-8").split("\n")[0])["source"]
    assert "::after" not in (tmp_path / "pair.html").read_text(encoding="utf-8")
    alignment.to_xlsx(tmp_path / "pair.xlsx", findings=())
    workbook = load_workbook(tmp_path / "pair.xlsx")
    assert [cell.value for cell in workbook["beads"][1]] == [
        "bead",
        *XLSX_COLUMNS[1:3],
        "source (ru)",
        "target (en)",
        *XLSX_COLUMNS[5:],
    ]
    assert [cell.value for cell in workbook["units"][1]] == ["side", "unit", "paragraph", "text"]


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_the_roles_are_kept_when_the_jsonl_or_the_xlsx_is_read_back(tmp_path, level):
    alignment = noted_alignment(level)
    alignment.to_jsonl(tmp_path / "pair.jsonl")
    alignment.to_xlsx(tmp_path / "pair.xlsx", findings=())
    header = json.loads((tmp_path / "pair.jsonl").read_text(encoding="utf-8").split("\n")[0])
    assert header["source"]["roles"] == {"footnote": [1], "text box": [3]}
    for path in (tmp_path / "pair.jsonl", tmp_path / "pair.xlsx"):
        loaded = aligner.load(path)
        for document in (loaded.source, loaded.target):
            assert [unit.role for unit in document.paragraphs] == ROLES, path.name
            assert [unit.role for unit in document.sentences] == ROLES, path.name
    alignment.to_tmx(tmp_path / "pair.tmx", findings=())
    aligner.load(tmp_path / "pair.jsonl").to_tmx(tmp_path / "again.tmx", findings=())
    assert (tmp_path / "again.tmx").read_bytes() == (tmp_path / "pair.tmx").read_bytes()


def test_a_role_that_is_none_of_the_roles_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "pair.jsonl"
    noted_alignment().to_jsonl(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    header = json.loads(lines[0])
    header["target"]["roles"] = {"sidebar": [2]}
    path.write_text("\n".join([json.dumps(header, ensure_ascii=False), *lines[1:]]), encoding="utf-8")
    with pytest.raises(
        InputError, match=r'pair\.jsonl: line 1: "roles" of "target" has the role "sidebar", not one of '
    ):
        aligner.load(path)


def _notebook_table(alignment: Alignment) -> tuple[list[str], list[list[str]]]:
    """The headers and the rows' cells of the notebook's HTML table, as text."""
    table = html.fromstring(alignment._repr_html_())
    return [th.text_content() for th in table.iter("th")], [
        [td.text_content() for td in tr.iter("td")] for tr in table.find("tbody").iter("tr")
    ]


def test_the_records_dataframe_and_notebook_tables_of_libreoffice_files_with_notes_say_the_roles(fake_encoder):
    """`to_records`, `to_dataframe`, `repr` and the notebook's HTML table had no role, which the TSV has."""
    alignment = aligner.align(
        LIBREOFFICE_FILES / "notes.odt",
        LIBREOFFICE_FILES / "notes.docx",
        model=fake_encoder,
        source_language="en",
        target_language="en",
    )
    assert [bead.kind for bead in alignment.beads] == ["1-1"] * 7  # the same paragraphs: each with its own
    roles = [None, "footnote", None, "endnote", "text box", None, "footnote"]

    records = alignment.to_records()
    assert [list(record) for record in records] == [[*RECORD_COLUMNS, "role"]] * 7
    assert [record["role"] for record in records] == [role or "body text" for role in roles]
    frame = alignment.to_dataframe()
    assert list(frame.columns) == [*RECORD_COLUMNS, "role"]
    assert frame["role"].tolist() == [role or "body text" for role in roles]
    assert frame[frame.role == "body text"].index.tolist() == [0, 2, 5]  # NaN for body text: this found none

    header, *rows = repr(alignment).splitlines()[1 : len(roles) + 2]  # the warnings follow: both are English
    assert header.split()[-1] == "role"
    column = header.index("role")
    assert [row[column:] if len(row) > column else None for row in rows] == roles
    assert all(len(row) < column for row, role in zip(rows, roles) if role is None)  # no spaces after the text

    headers, cells = _notebook_table(alignment)
    assert headers[-1] == "role" and len(headers) == 7
    assert [row[-1] for row in cells] == [role or "" for role in roles]


def test_the_notebook_tables_of_a_docx_without_notes_are_as_before_its_records_say_body_text(fake_encoder, tmp_path):
    """The records and the DataFrame have a `role` column whatever the documents hold (trial10 #1: the README's
    `to_dataframe().query("role in ['footnote', 'endnote']")` failed on a document without notes, and the frames of
    several documents concatenated had NaN roles); the printed tables keep theirs for documents with notes."""
    texts = ["The first paragraph.", "The second paragraph."]
    paths = [word_file(tmp_path / f"{name}.docx", [paragraph(run(text)) for text in texts]) for name in "ab"]
    alignment = aligner.align(*paths, model=fake_encoder, source_language="en", target_language="en")
    assert [list(record) for record in alignment.to_records()] == [[*RECORD_COLUMNS, "role"]] * 2
    frame = alignment.to_dataframe()
    assert list(frame.columns) == [*RECORD_COLUMNS, "role"]
    assert frame.query("role in ['footnote', 'endnote']").empty and len(frame.query("role == 'body text'")) == 2
    header, *rows = repr(alignment).splitlines()[1:]
    assert header.split()[-2:] == ["target", "text"]
    assert [row.endswith(text) for row, text in zip(rows, texts)] == [True, True]
    headers, cells = _notebook_table(alignment)
    assert headers[-1] == "target text" and len(headers) == 6
    assert [row[-1] for row in cells] == texts


def _aligned(level: Level, source: list, target: list, beads: list) -> Alignment:
    """An alignment of two documents of (text, role) paragraphs, a sentence ending with each full stop, with `beads`
    of (source ids, target ids) at `level`."""
    documents = []
    for side, name, language in ((source, "src.docx", "ru"), (target, "tgt.docx", "en")):
        split = [(text.replace(". ", ".\n").split("\n"), role) for text, role in side]
        in_paragraphs = [(sentence, p, role) for p, (sentences, role) in enumerate(split) for sentence in sentences]
        documents.append(
            Document(
                name,
                language,
                tuple(Unit(p, text, p, role) for p, (text, role) in enumerate(side)),
                tuple(Unit(i, text, p, role) for i, (text, p, role) in enumerate(in_paragraphs)),
            )
        )
    units = [document.units(level) for document in documents]
    joiner = UNIT_JOINERS[level]
    return Alignment(
        documents[0],
        documents[1],
        level,
        tuple(
            Bead(s, t, joiner.join(units[0][i].text for i in s), joiner.join(units[1][j].text for j in t), 0.9, 0.8)
            for s, t in beads
        ),
        0.9,
        "aligner test",
    )


def _typed_into(path, cells: dict[str, str]) -> Alignment:
    """The alignment of the workbook at `path` once a reviewer (openpyxl here) wrote `cells` into its beads sheet."""
    workbook = load_workbook(path)
    for cell, value in cells.items():
        workbook["beads"][cell] = value
    workbook.save(path)
    return aligner.load(path)


def test_a_unit_typed_into_an_empty_row_is_body_text_unless_the_row_says_a_role(tmp_path):
    """A unit typed into the empty side of a row took the role of the unit before it: the body text typed after a
    footnote was a footnote."""
    source = [("Body one.", None), ("Note one.", "footnote"), ("Body two.", None), ("Note two.", "footnote")]
    source.append(("Box.", None))
    alignment = _aligned(
        "paragraph", source, source[:2], [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), ())]
    )
    path = tmp_path / "beads.xlsx"
    alignment.to_xlsx(path, findings=())
    assert [cell.value for cell in load_workbook(path)["beads"]["K"][3:6]] == [None, "footnote", None]
    # row 4 is body text, row 5 says footnote (its source is one), row 6 the reviewer says is a text box
    loaded = _typed_into(path, {"E4": "Body two.", "E5": "Note two.", "E6": "Box.", "K6": "target: text box"})
    assert [(unit.text, unit.role) for unit in loaded.target.paragraphs] == [
        ("Body one.", None),
        ("Note one.", "footnote"),
        ("Body two.", None),
        ("Note two.", "footnote"),
        ("Box.", "text box"),
    ]
    assert [bead.status for bead in loaded.beads] == ["auto", "auto", "edited", "edited", "edited"]


def test_a_sentence_typed_into_an_empty_row_joins_a_paragraph_of_its_role_or_is_one_of_its_own(tmp_path):
    """A sentence has its paragraph's role: one typed after a footnote's sentence joins the paragraph after it when
    that is of its role, and a typed footnote between two of body text is a paragraph of its own."""
    source = [
        ("Body one.", None),
        ("Note one.", "footnote"),
        ("Body two. It goes on.", None),
        ("Note two.", "footnote"),
    ]
    source.append(("Body three.", None))
    target = [("Body one.", None), ("Note one.", "footnote"), ("It goes on.", None), ("Body three.", None)]
    beads = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), ()), ((5,), (3,))]
    path = tmp_path / "beads.xlsx"
    _aligned("sentence", source, target, beads).to_xlsx(path, findings=())
    loaded = _typed_into(path, {"E4": "Body two.", "E6": "Note two."})
    assert [(unit.text, unit.paragraph, unit.role) for unit in loaded.target.sentences] == [
        ("Body one.", 0, None),
        ("Note one.", 1, "footnote"),
        ("Body two.", 2, None),
        ("It goes on.", 2, None),
        ("Note two.", 3, "footnote"),
        ("Body three.", 4, None),
    ]
    assert [unit.text for unit in loaded.target.paragraphs] == [text for text, _ in source]


@pytest.mark.parametrize(
    "role, message",
    [
        ("sidebar", "the role 'sidebar' is not one for the target unit typed in: write one of footnote, "),
        ("body text, footnote", "the role 'body text, footnote' is not one for the target unit typed in"),
        ("tgt: footnote", "the role 'tgt: footnote' names no side in 'tgt: footnote'"),
    ],
)
def test_a_role_cell_that_gives_a_typed_unit_no_one_role_is_a_one_line_error_naming_the_row(tmp_path, role, message):
    source = [("Body one.", None), ("Note one.", "footnote")]
    path = tmp_path / "beads.xlsx"
    _aligned("paragraph", source, source[:1], [((0,), (0,)), ((1,), ())]).to_xlsx(path, findings=())
    with pytest.raises(InputError, match=f"^{re.escape(f'{path}: row 3: {message}')}") as error:
        _typed_into(path, {"E3": "Note one.", "K3": role})
    assert "\n" not in str(error.value)
