"""The data objects: frozen, validated, and shown as tables (DataFrame, text, HTML)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import unicodedata
from html.parser import HTMLParser

import pandas
import pytest

import aligner
from aligner import Alignment, Bead, Document, Unit
from aligner.display import _colour

SOURCE_TEXTS = ["Заголовок <b>жирный</b> & прочее", "Второй абзац.", "Лишний абзац."]
TARGET_TEXTS = ["Title <b>bold</b> & more", "Date line", "Second paragraph."]


def make_document(name: str, language: str, texts: list[str]) -> Document:
    units = tuple(Unit(index, text, index) for index, text in enumerate(texts))
    return Document(name=name, language=language, paragraphs=units, sentences=units)


@pytest.fixture
def alignment() -> Alignment:
    beads = (
        Bead((0,), (0, 1), SOURCE_TEXTS[0], "\n".join(TARGET_TEXTS[:2]), confidence=0.95, similarity=0.8),
        Bead((1,), (2,), SOURCE_TEXTS[1], TARGET_TEXTS[2], confidence=0.5, similarity=0.7),
        Bead((2,), (), SOURCE_TEXTS[2], "", confidence=0.25),
    )
    return Alignment(
        source=make_document("ru.md", "ru", SOURCE_TEXTS),
        target=make_document("en.txt", "en", TARGET_TEXTS),
        level="paragraph",
        beads=beads,
        confidence=0.75,
        signature="aligner test",
    )


# --- frozen -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, field, value",
    [
        (lambda a: a.beads[0], "confidence", 0.1),
        (lambda a: a.beads[0], "source", (1,)),
        (lambda a: a, "confidence", 0.0),
        (lambda a: a, "beads", ()),
        (lambda a: a.source, "name", "other"),
        (lambda a: a.source.paragraphs[0], "text", "changed"),
        (lambda a: aligner.Settings(), "level", "sentence"),
    ],
)
def test_data_objects_are_frozen(alignment, make, field, value):
    obj = make(alignment)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(obj, field, value)


def test_results_hold_tuples_all_the_way_down_even_from_lists(fake_encoder, tmp_path):
    """What align and load return cannot be changed in place: lists given in come out as tuples, and it hashes."""
    source, target = ["One apple here.", "Two trains there."], ["One apple here.", "Two trains there."]
    aligned = aligner.align(source, target, model=fake_encoder, level="sentence")
    aligned.to_jsonl(tmp_path / "a.jsonl")
    for result in (aligned, aligner.load(tmp_path / "a.jsonl")):
        for document in (result.source, result.target):
            assert isinstance(document.paragraphs, tuple) and isinstance(document.sentences, tuple)
            hash(document)
        assert isinstance(result.beads, tuple)
        assert all(isinstance(bead.source, tuple) and isinstance(bead.target, tuple) for bead in result.beads)
        hash(result.beads)


# --- validation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, complaint",
    [
        (dict(source=(), target=()), "at least one unit"),
        (dict(source=(0, 2), target=(0,)), "consecutive"),
        (dict(source=(1, 0), target=(0,)), "consecutive"),
        (dict(source=(0,), target=(3, 5)), "consecutive"),
        (dict(source=(0,), target=(0,), confidence=1.5), "confidence"),
        (dict(source=(0,), target=(0,), confidence=-0.1), "confidence"),
    ],
)
def test_bead_rejects_invalid_values(kwargs, complaint):
    values = dict(source_text="a", target_text="b", confidence=0.5) | kwargs
    with pytest.raises(ValueError, match=complaint):
        Bead(**values)


def test_bead_kind_and_pair():
    assert Bead((0, 1), (4,), "a", "b", 0.5).kind == "2-1"
    assert Bead((), (3,), "", "b", 0.5).kind == "0-1"
    assert Bead((0,), (0,), "a", "b", 0.5).is_pair
    assert not Bead((2,), (), "a", "", 0.5).is_pair


def test_unit_and_document_validation():
    with pytest.raises(ValueError):
        Unit(-1, "x", 0)
    with pytest.raises(ValueError):
        Document("d", "en", paragraphs=(Unit(1, "x", 1),), sentences=())
    with pytest.raises(ValueError):
        Document("d", "en", paragraphs=(Unit(0, "x", 0),), sentences=(Unit(0, "x", 3),))


def test_alignment_rejects_confidence_out_of_range(alignment):
    with pytest.raises(ValueError, match="confidence"):
        dataclasses.replace(alignment, confidence=1.01)


def test_settings_reject_bad_values():
    with pytest.raises(aligner.SettingsError, match="level"):
        aligner.Settings(level="word")
    with pytest.raises(aligner.SettingsError, match="max_units"):
        aligner.Settings(max_units=0)


@pytest.mark.parametrize(
    "field, value, kind",
    [("costs", {"skip": 0.2}, "CostParams"), ("search", {"margin": 3}, "SearchParams"), ("costs", None, "CostParams")],
)
def test_settings_refuse_costs_or_search_that_are_no_params_object(field, value, kind):
    """`Settings(costs={"skip": 0.2})` was accepted, and align failed inside with "'dict' object has no attribute
    'seed'"."""
    with pytest.raises(aligner.SettingsError, match=rf"^{field} must be an aligner\.{kind}, .* got "):
        aligner.Settings(**{field: value})


def test_pairs_leave_out_unpaired_units(alignment):
    assert [(b.source, b.target) for b in alignment.pairs] == [((0,), (0, 1)), ((1,), (2,))]


# --- tables ----------------------------------------------------------------------------------------------

RECORD_COLUMNS = [
    "source",
    "target",
    "kind",
    "confidence",
    "similarity",
    "source_text",
    "target_text",
    "status",
    "notes",
]


def test_to_records_has_one_plain_row_per_bead(alignment):
    records = alignment.to_records()
    assert len(records) == 3
    assert list(records[0]) == [*RECORD_COLUMNS, "role"]
    assert {record["role"] for record in records} == {"body text"}
    assert records[0]["source"] == [0] and records[0]["target"] == [0, 1]
    assert records[2]["target"] == [] and records[2]["kind"] == "1-0"


def test_to_dataframe_columns_and_rows(alignment):
    frame = alignment.to_dataframe()
    assert list(frame.columns) == [*RECORD_COLUMNS, "role"]
    assert len(frame) == len(alignment.beads)
    assert frame["confidence"].tolist() == [0.95, 0.5, 0.25]
    assert frame["kind"].tolist() == ["1-2", "1-1", "1-0"]
    assert frame.loc[1, "target_text"] == "Second paragraph."


def test_the_dataframe_ids_are_the_beads_tuples_which_pandas_can_hash(alignment):
    """They were lists: `drop_duplicates`, `merge` and `groupby` on them raised "unhashable type: 'list'", and
    `frame.source[k] == bead.source` was False."""
    frame = alignment.to_dataframe()
    assert frame["source"].tolist() == [bead.source for bead in alignment.beads]
    assert frame["target"].tolist() == [bead.target for bead in alignment.beads]
    assert frame["notes"].tolist() == [bead.notes for bead in alignment.beads]
    assert len(pandas.concat([frame, frame]).drop_duplicates()) == len(frame)
    merged = frame.merge(frame, on=["source", "target"], suffixes=("", "_again"))
    assert merged["confidence"].tolist() == merged["confidence_again"].tolist() == frame["confidence"].tolist()
    assert frame.groupby("target").size().to_dict() == {(): 1, (0, 1): 1, (2,): 1}
    assert alignment.to_records()[0]["source"] == [0]  # the records stay plain JSON values


def test_repr_is_a_text_table_with_the_texts(alignment):
    text = repr(alignment)
    assert "Второй абзац." in text
    assert "Second paragraph." in text
    assert "0.95" in text
    assert "1-2" in text


def test_repr_says_one_unit_and_an_unknown_language_in_words(alignment):
    """It said "1 ? units" of a document whose language was not detected."""
    unknown = dataclasses.replace(make_document("x.txt", "ru", SOURCE_TEXTS[:1]), language=None)
    one = dataclasses.replace(alignment, source=unknown, beads=alignment.beads[:1])
    first_line = repr(one).splitlines()[0]
    assert first_line.startswith("Alignment(paragraph: 1 unit in an unknown language, 3 en units, 1 bead,")


def _terminal_columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(character) in "WF" else 1 for character in text)


def test_repr_keeps_the_target_column_straight_beside_chinese_text(alignment):
    """A Chinese character takes two columns of a terminal and the table padded by characters: each row of Chinese
    pushed the target text further right, by as many columns as it had characters."""
    chinese = ["那天晚上我没走掉。陈清扬把我拽住，以伟大友谊的名义叫我留下来。她承认打我不对。", "我说。"]
    beads = tuple(
        dataclasses.replace(bead, source_text=text) for bead, text in zip(alignment.beads, [*chinese, "Latin text"])
    )
    rows = repr(dataclasses.replace(alignment, beads=beads)).splitlines()[1:4]
    starts = [
        _terminal_columns(row[: row.index(marker)]) for row, marker in zip(rows, ["target text", "Title", "Second"])
    ]
    assert len(set(starts)) == 1, rows
    assert "那天晚上" in rows[1] and rows[1].count("…") == 1 and "我说。" in rows[2]


def test_repr_and_the_notebook_table_show_a_confidence_alike_cut_not_rounded(alignment):
    """The notebook table cut 0.8997 to 0.89, as every view does, while the rows of `repr` rounded it to 0.90."""
    beads = (dataclasses.replace(alignment.beads[0], confidence=0.8997), *alignment.beads[1:])
    shown = dataclasses.replace(alignment, beads=beads)
    assert repr(shown).splitlines()[2].split()[3] == "0.89"
    assert ">0.89</td>" in shown._repr_html_() and ">0.90</td>" not in shown._repr_html_()


def test_repr_html_escapes_every_text(alignment):
    page = alignment._repr_html_()
    assert "<table" in page
    assert "&lt;b&gt;жирный&lt;/b&gt; &amp; прочее" in page
    assert "Title &lt;b&gt;bold&lt;/b&gt; &amp; more" in page
    assert "<b>bold</b>" not in page and "<b>жирный</b>" not in page
    assert "Second paragraph." in page
    assert page.count("<tr>") >= len(alignment.beads)


class _TextCells(HTMLParser):
    """The attributes of the text cells (those with a lang) and of the header cells of a table."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str | None]] = []
        self.headers: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td" and "lang" in dict(attrs):
            self.cells.append(dict(attrs))
        elif tag == "th":
            self.headers.append(dict(attrs))


@pytest.mark.parametrize(
    "source_language, source_direction", [("ar", "rtl"), ("he-IL", "rtl"), ("fa", "rtl"), ("ru", "ltr"), (None, "auto")]
)
def test_repr_html_sets_the_direction_and_start_alignment_of_each_text(alignment, source_language, source_direction):
    """Jupyter right-aligned every text (its CSS right-aligns table cells), and an Arabic sentence, with no `dir`,
    was drawn with its full stop and closing bracket on the side where it starts."""
    source = dataclasses.replace(alignment.source, language=source_language)
    parser = _TextCells()
    parser.feed(dataclasses.replace(alignment, source=source)._repr_html_())
    assert len(parser.cells) == 2 * len(alignment.beads)
    assert [cell["dir"] for cell in parser.cells[0::2]] == [source_direction] * len(alignment.beads)
    assert [cell["dir"] for cell in parser.cells[1::2]] == ["ltr"] * len(alignment.beads)
    assert all("text-align:start" in (cell["style"] or "") for cell in parser.cells)
    assert ["text-align:start" in (header.get("style") or "") for header in parser.headers[-2:]] == [True, True]


def test_repr_html_shows_an_omission_as_the_probability_of_no_counterpart_not_a_pair_confidence(alignment):
    """The 1-0 bead's 0.25 was a red cell like an uncertain pair's, and a 0.9 green like a sure pair's; the review page
    shows it in grey as "no counterpart 0.25"."""
    rows = alignment._repr_html_().split("<tr>")[2:]
    omission = rows[2]
    assert ">no&nbsp;counterpart 0.25</td>" in omission and "really has no counterpart" in omission
    assert _colour(0.25) not in omission and _colour(0.95) in rows[0]


def test_repr_html_shows_the_start_of_a_very_long_text_and_says_how_much_more_there_is(alignment):
    """A paragraph of 100,000 characters (a PDF read without breaks) went whole into the notebook's output, twice."""
    long_text = "Слово " * 20_000
    beads = list(alignment.beads)
    beads[1] = dataclasses.replace(beads[1], source_text=long_text)
    page = dataclasses.replace(alignment, beads=tuple(beads))._repr_html_()
    assert len(page) < 10_000 and long_text not in page
    assert f"({len(long_text) - 2_000:,} more characters)" in page and long_text[:2_000] in page
    assert "Second paragraph." in page and "Title &lt;b&gt;bold&lt;/b&gt;" in page  # the short ones whole


def test_a_bead_a_reviewer_rewrote_reads_not_scored_in_repr_and_notebook_not_a_red_zero(alignment):
    """Its confidence is 0.0 in the data (`Bead.scored`); the tables a person reads said 0.00, as if the aligner
    were sure it is wrong."""
    beads = list(alignment.beads)
    beads[1] = dataclasses.replace(beads[1], target_text="Second paragraph, fixed.", confidence=0.0, status="edited")
    edited = dataclasses.replace(alignment, beads=tuple(beads))
    rows = repr(edited).splitlines()
    assert [row.split()[3] for row in rows[2:5]] == ["0.95", "n/s", "0.25"]
    assert rows[-1].startswith("n/s: not scored")
    assert "n/s" not in repr(alignment)  # every bead scored: no legend
    page = edited._repr_html_()
    assert page.count(">not scored</td>") == 1 and ">0.00</td>" not in page


def test_a_bead_a_reviewer_rewrote_is_nan_in_the_dataframe_not_zero(alignment):
    """The DataFrame said 0.0 for it: `frame[frame.confidence < 0.5]` listed it as a weak pair and the mean fell."""
    beads = list(alignment.beads)
    beads[1] = dataclasses.replace(beads[1], target_text="Second paragraph, fixed.", confidence=0.0, status="edited")
    edited = dataclasses.replace(alignment, beads=tuple(beads))
    frame = edited.to_dataframe()
    assert frame["confidence"].dtype == "float64" and frame["similarity"].dtype == "float64"
    assert frame["confidence"].isna().tolist() == [False, True, False]
    assert frame["similarity"].isna().tolist() == [False, True, False]
    assert frame.loc[frame["confidence"] < 0.5, "kind"].tolist() == ["1-0"]
    assert frame.loc[1, "status"] == "edited"
    assert edited.to_records()[1]["confidence"] == 0.0  # the data, as the JSONL writes it
    assert not alignment.to_dataframe()["confidence"].isna().any()


def test_a_finding_prints_as_one_line_naming_its_bead_as_python_indexes_it():
    """`print(finding)` in a notebook printed the dataclass with its evidence tuples."""
    finding = aligner.Finding("numbers", "error", 3, "Numbers differ: the source has 150", (("source", ("150",)),))
    assert str(finding) == "error numbers at beads[3]: Numbers differ: the source has 150"
    assert repr(finding).startswith("Finding(check='numbers'") and "evidence=" in repr(finding)


def test_the_embeddings_of_an_alignment_are_read_only(alignment):
    """A frozen Alignment's embeddings could be changed in place (`x -= x.mean(0)` in a notebook), and with them
    what its checks found; the arrays given stay the caller's."""
    import numpy as np

    given = np.ones((3, 4), dtype=np.float32)
    embeddings = aligner.UnitEmbeddings("test", given, given.copy())
    with pytest.raises(ValueError, match="read-only"):
        embeddings.source[0, 0] = 5.0
    with pytest.raises(ValueError, match="read-only"):
        embeddings.target -= 1.0
    given[0, 0] = 2.0  # the caller's array is not frozen by being handed over
    assert embeddings.source[0, 0] == 2.0 and embeddings.target[0, 0] == 1.0


@pytest.mark.parametrize("duplicate", [lambda value: pickle.loads(pickle.dumps(value)), copy.deepcopy, copy.copy])
def test_the_embeddings_of_a_pickled_or_copied_alignment_are_read_only(alignment, duplicate):
    """pickle gives numpy arrays back writeable: an unpickled alignment's embeddings could be changed in place."""
    import numpy as np

    embeddings = aligner.UnitEmbeddings("test", np.ones((3, 4), dtype=np.float32), np.zeros((3, 4), dtype=np.float32))
    copied = duplicate(dataclasses.replace(alignment, embeddings=embeddings)).embeddings
    assert copied.model == "test" and copied.source.tolist() == embeddings.source.tolist()
    assert copied.target.tolist() == embeddings.target.tolist()
    for array in (copied.source, copied.target):
        with pytest.raises(ValueError, match="read-only"):
            array[0, 0] = 5.0


def test_a_document_prints_as_one_line_not_its_whole_text():
    """Printing a book's Document dumped all of it (about 50 KB for Emma)."""
    paragraphs = [f"Paragraph {k} of a long book, with enough words to make it long." for k in range(2000)]
    document = aligner.read(paragraphs, "en")
    shown = repr(document)
    assert "\n" not in shown and len(shown) < 160
    assert "2000 paragraphs" in shown and "'Paragraph 0 of a long book" in shown
    _ = document.sentences
    assert "2000 sentences" in repr(document)


def test_a_document_of_one_paragraph_or_line_says_it_in_the_singular():
    shown = repr(aligner.read(["One sentence."], "en"))
    assert shown == "Document('<units>', 'en', 1 paragraph, 1 sentence: 'One sentence.')"
    assert "1 line: " in repr(aligner.read(["One line."], "en", units="lines"))


def test_the_writers_check_an_alignment_once_and_a_changed_copy_again(alignment, monkeypatch, tmp_path):
    """`to_tmx`, `to_xlsx` and `to_html` of one result each ran every check again (about 2 s each on a book)."""
    calls = []
    monkeypatch.setattr("aligner.checks.check", lambda alignment, **options: calls.append(alignment) or ())
    alignment.to_tmx(tmp_path / "pair.tmx")
    alignment.to_tsv(tmp_path / "pair.tsv")
    alignment.to_xlsx(tmp_path / "pair.xlsx")
    alignment.to_html(tmp_path / "pair.html")
    assert calls == [alignment]
    alignment.to_tmx(tmp_path / "unchecked.tmx", findings=())
    assert len(calls) == 1
    changed = dataclasses.replace(alignment, beads=alignment.beads[:2])
    changed.to_tmx(tmp_path / "changed.tmx")
    assert calls == [alignment, changed]
    assert pickle.loads(pickle.dumps(alignment)) == alignment and copy.deepcopy(alignment) == alignment


def test_the_bead_kind_column_has_one_name_in_every_table(alignment, tmp_path):
    """repr, the notebook table, the review page and the XLSX headed it "type", the DataFrame (and JSONL, and
    `Bead.kind`) "kind" (trial7 D9): the display side follows the public API."""
    import re

    import openpyxl

    assert "kind" in alignment.to_dataframe().columns
    assert alignment.__repr__().splitlines()[1].split()[:3] == ["source", "target", "kind"]
    assert "<th>target</th><th>kind</th>" in alignment._repr_html_()
    alignment.to_html(tmp_path / "review.html", findings=())
    assert re.search(r"<th>#</th><th>kind</th>", (tmp_path / "review.html").read_text("utf-8"))
    alignment.to_xlsx(tmp_path / "review.xlsx", findings=())
    header = next(openpyxl.load_workbook(tmp_path / "review.xlsx").active.iter_rows(values_only=True))
    assert "kind" in header and "type" not in header
