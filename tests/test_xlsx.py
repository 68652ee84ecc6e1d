"""Bilingual XLSX out and back in: layout (colours, wrapping, frozen header, autofilter), a reviewer's edits and
statuses applied on reading, a workbook re-written by LibreOffice (another program than ours) read back,
`aligner export edited.xlsx -o pair.tmx`."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

import aligner
from aligner import InputError
from aligner.cli import main
from aligner.types import Finding

from .conftest import TMX_DTD
from .export_helpers import mixed_alignment

SOFFICE = Path("/usr/bin/soffice")


def _write(tmp_path, findings=()) -> Path:
    path = tmp_path / "beads.xlsx"
    mixed_alignment().to_xlsx(path, findings=findings)
    return path


def test_one_row_per_bead_numbered_from_1_with_layout(tmp_path):
    findings = (Finding("numbers", "error", 3, "744 <> 774"), Finding("length", "warning", 6, "short"))
    sheet = load_workbook(_write(tmp_path, findings))["beads"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == (
        "bead",
        "source units",
        "target units",
        "source (ru)",
        "target (en)",
        "confidence",
        "type",
        "findings",
        "status",
    )
    assert [row[:3] for row in rows[1:]] == [
        (1, "1", "1"),
        (2, "2", "2"),
        (3, "3", None),
        (4, "4", "3"),
        (5, "5", "4"),
        (6, None, "5"),
        (7, "6", "6"),
    ]
    assert rows[4][3] == "Строка\nс переносом" and rows[4][7].endswith("error: numbers: 744 <> 774")
    assert rows[4][7].startswith(
        "left out of a translation-memory export"
    )  # an error finding keeps the pair out of a TM
    assert [row[8] for row in rows[1:]] == ["auto"] * 7
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J8"
    assert sheet["D2"].alignment.wrap_text
    assert sheet["F2"].fill.start_color.rgb.endswith("C8EFC8")  # 0.95: green
    assert sheet["F4"].fill.start_color.rgb.endswith("C8EFC8") and sheet["F6"].fill.start_color.rgb.endswith("F4B6B6")
    assert sheet["A5"].fill.start_color.rgb.endswith("EE8888")  # worst finding: error
    assert sheet["A8"].fill.start_color.rgb.endswith("F6D58A")  # warning


def test_the_same_alignment_gives_the_same_bytes(tmp_path):
    first = _write(tmp_path).read_bytes()
    assert _write(tmp_path).read_bytes() == first


def test_an_unedited_workbook_reads_back_as_the_alignment(tmp_path):
    alignment = mixed_alignment()
    loaded = aligner.load(_write(tmp_path))
    assert [(b.source, b.target, b.confidence, b.status) for b in loaded.beads] == [
        (b.source, b.target, b.confidence, b.status) for b in alignment.beads
    ]
    assert loaded.signature == alignment.signature and loaded.confidence == alignment.confidence
    assert loaded.beads[3].source_text == "Строка\nс переносом"


def _edit(path: Path) -> None:
    """A reviewer's changes: reject bead 2, merge bead 4 up into the omission above it, fix a text, confirm bead 7."""
    workbook = load_workbook(path)
    sheet = workbook["beads"]
    sheet["I3"] = "reject"
    sheet["I5"] = "merge-up"
    sheet["E6"] = "Backslash fixed"
    sheet["I8"] = "OK"
    workbook.save(path)


def _check_edits(loaded) -> None:
    assert [(b.source, b.target, b.status) for b in loaded.beads] == [
        ((0,), (0,), "auto"),
        ((1,), (), "edited"),
        ((), (1,), "edited"),
        ((2, 3), (2,), "edited"),
        ((4,), (3,), "edited"),
        ((), (4,), "auto"),
        ((5,), (5,), "confirmed"),
    ]
    assert loaded.beads[3].source_text == "Пропущенный абзац\nСтрока\nс переносом"
    # a text fix keeps the pair's computed confidence (0.05, from mixed_alignment); the merge was never scored
    assert loaded.beads[4].target_text == "Backslash fixed" and loaded.beads[4].confidence == 0.05
    assert loaded.beads[4].scored and (loaded.beads[3].confidence, loaded.beads[3].scored) == (0.0, False)


def test_statuses_and_text_edits_are_applied_on_reading(tmp_path):
    path = _write(tmp_path)
    _edit(path)
    _check_edits(aligner.load(path))


@pytest.mark.model
def test_an_edited_pair_goes_through_the_confidence_filter_unless_confirmed(tmp_path, capsys):
    """An edit is not an approval (fresh-clone 8, finding 4): the text-fixed pair at 0.05 and the merged pair the
    aligner never scored stay out of a TM export with --min-confidence, and the export says why for the merge."""
    path = _write(tmp_path)
    _edit(path)
    tmx = tmp_path / "gated.tmx"
    assert main(["export", str(path), "-o", str(tmx), "--min-confidence", "0.5", "-q"]) == 0
    ids = [tu.find("prop[@type='x-source-ids']").text for tu in etree.parse(str(tmx)).iter("tu")]
    assert ids == ["0", "5"]  # the 0.95 pair and the confirmed one
    err = capsys.readouterr().err
    assert f"left 1 of 4 pairs with confidence below 0.5 out of {tmx} (tmx)" in err
    assert f"left 1 edited pair out of {tmx} (tmx): pairs a reviewer made are not scored" in err
    assert "confirm them to include" in err
    assert main(["export", str(path), "-o", str(tmx), "--keep-errors", "-q"]) == 0  # no --min-confidence: both in
    assert len(list(etree.parse(str(tmx)).iter("tu"))) == 4


@pytest.mark.office
def test_a_workbook_written_by_libreoffice_reads_back(tmp_path):
    if not SOFFICE.exists():
        pytest.fail(f"{SOFFICE} is missing: install Debian's libreoffice-calc (.ci/run does)")
    path = _write(tmp_path)
    _edit(path)
    converted = tmp_path / "libreoffice"
    completed = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(converted),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    written = converted / path.name
    assert completed.returncode == 0 and written.exists(), completed.stderr
    with zipfile.ZipFile(written) as workbook:
        assert b"LibreOffice" in workbook.read("docProps/app.xml")  # really written by another program
    _check_edits(aligner.load(written))


# the moved check embeds the omission and addition of an alignment read back from a file: the real encoder
@pytest.mark.model
def test_export_applies_the_edits_to_a_tmx(tmp_path, capsys):
    path = _write(tmp_path)
    _edit(path)
    tmx = tmp_path / "pair.tmx"
    assert main(["export", str(path), "-o", str(tmx), "-q"]) == 0
    root = etree.parse(str(tmx))
    assert etree.DTD(str(TMX_DTD)).validate(root)
    units = {
        tu.find("prop[@type='x-source-ids']").text: (
            tu.find("prop[@type='x-status']").text,
            [seg.text for seg in tu.iter("seg")],
        )
        for tu in root.iter("tu")
    }
    # bead 2 rejected, its units out; the pair at 0.05 (a low-confidence error) out, its text fix too (it keeps its
    # confidence: an edit is not an approval); the merge and the confirmed pair in
    assert units == {
        "0": ("auto", ["Один & два <три>", "One & two <three>"]),
        "2,3": ("edited", ["Пропущенный абзац\nСтрока\nс переносом", "Line\nwith a break"]),
        "5": ("confirmed", ["Низкая", "Low"]),
    }


@pytest.mark.parametrize(
    "cell, value, message",
    [
        ("I3", "maybe", "row 3: unknown status 'maybe'"),
        ("B3", "two", "row 3: unit numbers must look like 4 or 4-6"),
        ("I2", "merge-up", "the first bead cannot be merged up"),
        ("B3", "3", "bead 2 starts at source unit 3, expected unit 2"),
        ("I8", "merge-down", "the last bead cannot be merged down"),
    ],
)
def test_bad_edits_are_one_line_errors_naming_the_file(tmp_path, cell, value, message):
    path = _write(tmp_path)
    workbook = load_workbook(path)
    workbook["beads"][cell] = value
    workbook.save(path)
    with pytest.raises(InputError, match=message) as error:
        aligner.load(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_not_a_workbook_of_ours(tmp_path):
    other = tmp_path / "other.xlsx"
    shutil.copy(_write(tmp_path), other)
    workbook = load_workbook(other)
    del workbook["units"]
    workbook.save(other)
    with pytest.raises(InputError, match="not an aligner workbook"):
        aligner.load(other)
    wrong_level = tmp_path / "wrong-level.xlsx"
    shutil.copy(_write(tmp_path), wrong_level)
    workbook = load_workbook(wrong_level)
    level_row = next(row for row in workbook["alignment"].iter_rows() if row[0].value == "level")
    level_row[1].value = "word"
    workbook.save(wrong_level)
    with pytest.raises(InputError, match=r"wrong-level.xlsx: not an aligner workbook \(level 'word'"):
        aligner.load(wrong_level)
    (tmp_path / "junk.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"junk.xlsx: not an XLSX workbook"):
        aligner.load(tmp_path / "junk.xlsx")


def test_merge_down_joins_a_bead_with_the_next_row(tmp_path):
    path = _write(tmp_path)
    workbook = load_workbook(path)
    workbook["beads"]["I3"] = "merge-down"  # bead 2 with the omission below it
    workbook.save(path)
    loaded = aligner.load(path)
    assert [(b.source, b.target, b.status) for b in loaded.beads[1:3]] == [
        ((1, 2), (1,), "edited"),
        ((3,), (2,), "auto"),
    ]
