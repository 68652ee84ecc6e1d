"""TSV, JSONL and Moses exports, the exporter registry, and atomic writing."""

from __future__ import annotations

import csv
import dataclasses
import json
import os

import pytest

from aligner import Alignment, SettingsError
from aligner.export import EXPORTERS, ExportOptions, export, export_all, exporter_for

from .export_helpers import mixed_alignment


def _unescape(field: str) -> str:
    escapes = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
    out, chars = [], iter(field)
    for char in chars:
        out.append(escapes[next(chars)] if char == "\\" else char)
    return "".join(out)


def test_tsv_has_a_header_and_one_line_per_pair_with_text_escaped(tmp_path):
    alignment = mixed_alignment()
    path = tmp_path / "pairs.tsv"
    alignment.to_tsv(path, findings=())
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # ends with a newline
    assert lines[0] == "source\ttarget\tconfidence\tsource_ids\ttarget_ids\tstatus"
    rows = [line.split("\t") for line in lines[1:-1]]
    assert all(len(row) == 6 for row in rows)  # tabs and newlines inside text are escaped
    expected = [
        (b.source_text, b.target_text, b.confidence, ",".join(map(str, b.source)), ",".join(map(str, b.target)), "auto")
        for b in alignment.pairs
    ]
    assert [(_unescape(s), _unescape(t), float(c), si, ti, st) for s, t, c, si, ti, st in rows] == expected
    assert rows[3][0] == "Back\\\\slash ]]> \x01ctl"


def test_tsv_reads_back_with_the_csv_module(tmp_path):
    path = tmp_path / "pairs.tsv"
    mixed_alignment().to_tsv(path, min_confidence=0.5, findings=())
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert [row["confidence"] for row in rows] == ["0.95", "0.7", "0.88"]
    assert [row["source_ids"] for row in rows] == ["0", "3", "5"]


def test_jsonl_has_a_metadata_record_then_every_bead(tmp_path):
    alignment = mixed_alignment()
    path = tmp_path / "beads.jsonl"
    alignment.to_jsonl(path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    metadata, beads = records[0], records[1:]
    assert metadata["record"] == "alignment"
    assert metadata["signature"] == alignment.signature
    assert metadata["source"] == {"name": "src.md", "language": "ru", "units": 6}
    assert metadata["level"] == "paragraph" and metadata["confidence"] == alignment.confidence
    assert [b["index"] for b in beads] == list(range(len(alignment.beads)))
    assert all(b["record"] == "bead" for b in beads)
    assert [
        {k: v for k, v in b.items() if k not in ("record", "index", "source_units", "target_units")} for b in beads
    ] == [{k: v for k, v in record.items() if k != "role"} for record in alignment.to_records()]
    assert [b["source_units"] for b in beads][3] == ["Строка\nс переносом"]  # each unit's own text
    assert all(b["status"] == "auto" for b in beads)


def test_moses_writes_two_line_aligned_files_of_pairs(tmp_path):
    alignment = mixed_alignment()
    report = alignment.to_moses(tmp_path / "corpus", min_confidence=0.1, findings=())
    assert report.paths == (tmp_path / "corpus.ru", tmp_path / "corpus.en")
    source = (tmp_path / "corpus.ru").read_text(encoding="utf-8").split("\n")
    target = (tmp_path / "corpus.en").read_text(encoding="utf-8").split("\n")
    kept = [b for b in alignment.pairs if b.confidence >= 0.1]
    assert len(source) == len(target) == len(kept) + 1
    assert source[2] == "Строка с переносом" and target[2] == "Line with a break"
    assert target[0] == "One & two <three>"


def test_moses_needs_two_languages_and_a_path():
    alignment = mixed_alignment()
    same = Alignment(alignment.source, alignment.source, "paragraph", alignment.beads[:1], 0.5)
    with pytest.raises(SettingsError, match="written twice"):
        EXPORTERS["moses"].render(same, ExportOptions())
    with pytest.raises(SettingsError, match="give an output path prefix"):
        export(alignment, "-", "moses")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("out.tmx", "tmx"),
        ("OUT.TMX", "tmx"),
        ("a.tsv", "tsv"),
        ("a.tab", "tsv"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("review.html", "html"),
        ("review.htm", "html"),
        ("a.XLSX", "xlsx"),
    ],
)
def test_the_format_follows_the_extension(name, expected):
    assert exporter_for(name).name == expected


@pytest.mark.parametrize("name", ["out.xls", "corpus", "-"])
def test_an_unknown_extension_asks_for_a_format(name):
    with pytest.raises(SettingsError, match="give a format: tmx, tsv, jsonl, moses, html, xlsx"):
        exporter_for(name)


def test_every_registered_format_has_an_alignment_method_and_renders():
    alignment = mixed_alignment()
    for name, exporter in EXPORTERS.items():
        assert callable(getattr(Alignment, f"to_{name}")), name
        files = exporter.render(alignment, ExportOptions())
        assert files and all(
            isinstance(content, bytes if exporter.binary else str) and content for content in files.values()
        )


def test_stdout_gets_the_same_bytes_as_the_file(tmp_path, capsysbinary):
    alignment = mixed_alignment()
    export(alignment, "-", "tsv")
    alignment.to_tsv(tmp_path / "pairs.tsv", findings=())
    assert capsysbinary.readouterr().out == (tmp_path / "pairs.tsv").read_bytes()


def test_a_failed_write_leaves_neither_a_partial_file_nor_a_temporary(tmp_path, monkeypatch):
    destination = tmp_path / "pairs.tmx"
    destination.write_text("the previous version", encoding="utf-8")

    def fail_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail_replace)
    with pytest.raises(SettingsError, match=r"pairs.tmx: cannot write \(No space left on device\)"):
        mixed_alignment().to_tmx(destination, findings=())
    assert [p.name for p in tmp_path.iterdir()] == ["pairs.tmx"]
    assert destination.read_text(encoding="utf-8") == "the previous version"


@pytest.mark.parametrize(
    "destination, message",
    [
        ("{tmp}/missing/out.tmx", "does not exist"),
        ("{tmp}", "is a directory"),
    ],
)
def test_unwritable_destinations_are_refused_before_writing(tmp_path, destination, message):
    with pytest.raises(SettingsError, match=message):
        mixed_alignment().to_tmx(destination.format(tmp=tmp_path), findings=())
    assert list(tmp_path.iterdir()) == []


def test_an_output_written_again_keeps_its_permissions(tmp_path):
    """A TM made private (chmod 600) stays private when it is written again (it became 644, the umask's mode)."""
    destination = tmp_path / "client.tmx"
    mixed_alignment().to_tmx(destination, findings=())
    umask = os.umask(0)
    os.umask(umask)
    assert destination.stat().st_mode & 0o777 == 0o666 & ~umask  # a new file: an ordinary file's mode
    destination.chmod(0o600)
    mixed_alignment().to_tmx(destination, findings=())
    assert destination.stat().st_mode & 0o777 == 0o600


def test_a_read_only_output_is_refused_before_writing(tmp_path):
    """A file made read-only (chmod a-w) is not replaced behind its back (os.replace ignores the file's mode)."""
    destination = tmp_path / "approved.tmx"
    destination.write_text("the approved version", encoding="utf-8")
    destination.chmod(0o444)
    with pytest.raises(SettingsError, match=r"approved\.tmx: the file is read-only: make it writable"):
        mixed_alignment().to_tmx(destination, findings=())
    assert destination.read_text(encoding="utf-8") == "the approved version"
    assert [path.name for path in tmp_path.iterdir()] == ["approved.tmx"]


@pytest.mark.parametrize("name", ["p" * 246 + ".tmx", "п" * 125 + ".tmx"])
def test_a_long_file_name_that_the_folder_takes_is_written(tmp_path, name):
    """A name of up to 255 bytes (125 Cyrillic letters) is a valid file name: its temporary sibling's name, the name
    with a dot before it and a random part and ".part" after it, was too long ("cannot write (File name too long)",
    after the whole alignment)."""
    assert len(os.fsencode(name)) <= 255
    mixed_alignment().to_tmx(tmp_path / name, findings=())
    assert [path.name for path in tmp_path.iterdir()] == [name]


def test_a_file_name_too_long_for_the_folder_is_refused_before_writing(tmp_path):
    name = "п" * 130 + ".tmx"  # 264 bytes
    with pytest.raises(SettingsError, match=r"\.tmx: the file name is 264 bytes long, more than the 255 its folder"):
        mixed_alignment().to_tmx(tmp_path / name, findings=())
    assert list(tmp_path.iterdir()) == []


def test_min_confidence_out_of_range_is_a_settings_error():
    with pytest.raises(SettingsError, match=r"^min_confidence must be between 0 and 1, got 1.5"):
        ExportOptions(min_confidence=1.5)


def test_an_export_onto_a_file_the_alignment_was_read_from_is_refused(tmp_path, monkeypatch):
    """From Python, `alignment.to_html(source.with_suffix(".html"))` of an HTML page replaced the page with the review
    (the CLI refuses an output that is an input); nothing is written, the input is intact."""
    monkeypatch.chdir(tmp_path)
    page = tmp_path / "ru.html"
    page.write_text("<p>Годовщина.</p>", encoding="utf-8")
    alignment = mixed_alignment()
    for name in ("ru.html", str(page)):
        read = dataclasses.replace(alignment, source=dataclasses.replace(alignment.source, name=name))
        with pytest.raises(SettingsError, match=r"ru.html: is an input, cannot also be the html output$"):
            read.to_html(page, findings=())
        with pytest.raises(SettingsError, match=r"is an input"):
            export_all(read, [(tmp_path / "pairs.tsv", EXPORTERS["tsv"]), ("ru.html", EXPORTERS["html"])])
        assert page.read_text(encoding="utf-8") == "<p>Годовщина.</p>" and not (tmp_path / "pairs.tsv").exists()
    mixed_alignment().to_html(tmp_path / "review.html", findings=())  # "src.md" names no file here: nothing to refuse
