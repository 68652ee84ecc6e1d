"""`aligner check`: findings on stdout and exit codes 0 (no error), 1 (errors), 2 (bad input)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

import aligner
from aligner.cli import build_parser, main


@pytest.fixture(scope="module")
def mutated_english(seed_paths, tmp_path_factory):
    text = seed_paths["en"].read_text(encoding="utf-8")
    assert text.count("744 were") == 1
    path = tmp_path_factory.mktemp("check") / "en-mutated.txt"
    path.write_text(text.replace("744 were", "774 were"), encoding="utf-8")
    return path


@pytest.mark.model
def test_clean_pair_exits_0(seed_paths, capsys):
    assert main(["check", str(seed_paths["ru"]), str(seed_paths["en"])]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 error(s), 0 warning(s) in 10 beads")


@pytest.mark.model
def test_changed_number_exits_1_and_names_it(seed_paths, mutated_english, capsys):
    assert main(["check", str(seed_paths["ru"]), str(mutated_english)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("error   numbers")
    assert "744" in lines[0] and "774" in lines[0]


@pytest.mark.model
def test_the_low_confidence_threshold_has_a_name_of_its_own(seed_paths, capsys):
    """fc9 L6: `--min-confidence` was check's low-confidence threshold (default 0.5) and align's filter of the TM
    (default 0): one name, two meanings. check's is `--low-confidence-below`; align's keeps its name."""
    pair = [str(seed_paths["ru"]), str(seed_paths["en"])]
    assert main(["check", *pair, "--low-confidence-below", "0.999"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("10 error(s), 0 warning(s) in 10 beads")
    assert all(line.startswith("error   low-confidence") for line in lines[:-1])
    assert main(["check", *pair, "--min-confidence", "0.999"]) == 2
    error = capsys.readouterr().err  # fresh-clone 11: the old name says the new one
    assert "--min-confidence is --low-confidence-below in check" in error and error.count("\n") == 1
    commands = next(action for action in build_parser()._actions if action.dest == "command")
    check_parser = commands.choices["check"]  # type: ignore[index]
    assert "--min-confidence" not in check_parser.format_help()


@pytest.mark.model
def test_quiet_prints_no_report_and_keeps_the_exit_status(seed_paths, mutated_english, tmp_path, capsys):
    assert main(["check", "-q", str(seed_paths["ru"]), str(mutated_english)]) == 1
    assert capsys.readouterr() == ("", "")
    report = tmp_path / "report.json"
    assert main(["check", "--quiet", str(seed_paths["ru"]), str(mutated_english), "-o", str(report)]) == 1
    assert capsys.readouterr().out == "" and json.loads(report.read_text(encoding="utf-8"))["errors"] == 1


def test_an_unknown_option_names_the_command_once_and_its_help(capsys):
    """fc6: 'aligner: error: aligner: unrecognized arguments: -q (see aligner --help)'."""
    assert main(["check", "a.txt", "b.txt", "--colour"]) == 2
    assert capsys.readouterr().err == (
        "aligner: error: check: unrecognized arguments: --colour (see aligner check --help)\n"
    )
    assert main([]) == 2
    assert capsys.readouterr().err == (
        "aligner: error: the following arguments are required: command (see aligner --help)\n"
    )


@pytest.mark.model
def test_a_finding_on_a_confirmed_bead_is_marked_and_not_counted_one_on_an_edited_bead_is(
    seed_paths, mutated_english, tmp_path, capsys
):
    """fc6: a reviewed document whose reviewer confirmed the pair (which `export` writes) never passed the gate."""
    result = aligner.align(seed_paths["ru"], mutated_english)
    [finding] = result.check()

    def saved(status: str):
        beads = list(result.beads)
        beads[finding.bead] = replace(beads[finding.bead], status=status)
        path = tmp_path / f"{status}.jsonl"
        replace(result, beads=tuple(beads)).to_jsonl(path)
        return path

    confirmed, edited = saved("confirmed"), saved("edited")
    assert main(["check", "--alignment", str(confirmed)]) == 0
    line, summary = capsys.readouterr().out.splitlines()
    assert line.startswith(f"(error) numbers        bead {finding.bead + 1} ") and "774" in line
    assert line.endswith(" (confirmed by a reviewer: not counted)")
    assert summary.startswith("0 error(s), 0 warning(s), 1 more on beads a reviewer confirmed in 10 beads")
    assert main(["check", "--alignment", str(confirmed), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["errors"], report["warnings"], report["on_confirmed_beads"]) == (0, 0, 1)
    assert report["findings"][0]["confirmed"] is True
    assert main(["export", str(confirmed), "-o", str(tmp_path / "confirmed.tmx")]) == 0
    err = capsys.readouterr().err
    assert "findings: 0 error(s), 0 warning(s), 1 more on beads a reviewer confirmed" in err
    assert f"bead {finding.bead + 1}: error numbers (confirmed): " in err

    assert main(["check", "--alignment", str(edited), "--format", "json"]) == 1  # an edit is not an approval
    report = json.loads(capsys.readouterr().out)
    assert (report["errors"], report["on_confirmed_beads"]) == (1, 0) and report["findings"][0]["confirmed"] is False


@pytest.mark.model
def test_json_format(seed_paths, mutated_english, capsys):
    assert main(["check", str(seed_paths["ru"]), str(mutated_english), "--format", "json", "--level", "sentence"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["level"] == "sentence" and document["errors"] == 1
    # the documents by their file names, as the TMX and the review page name them: no local path in a report
    assert (document["source"], document["target"]) == (seed_paths["ru"].name, mutated_english.name)
    [finding] = document["findings"]
    assert finding["check"] == "numbers" and finding["evidence"]["extra_in_target"] == ["774"]


@pytest.mark.model
def test_html_format_badges_the_finding(seed_paths, mutated_english, capsys):
    assert main(["check", str(seed_paths["ru"]), str(mutated_english), "--format", "html"]) == 1
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and "the translation has 774 instead" in page


def test_bad_input_exits_2(seed_paths, tmp_path, capsys):
    assert main(["check", str(seed_paths["ru"]), str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err
    assert main(["check", str(seed_paths["ru"]), str(seed_paths["en"]), "--low-confidence-below", "2"]) == 2
    assert "argument --low-confidence-below: must be between 0 and 1" in capsys.readouterr().err
    assert main(["check", str(seed_paths["ru"]), str(seed_paths["en"]), "--src-lang", "not a tag"]) == 2
    assert "not a tag" in capsys.readouterr().err


@pytest.mark.model
def test_same_language_pair_is_refused_like_align_unless_forced(seed_paths, capsys):
    assert main(["check", str(seed_paths["en-2026"]), str(seed_paths["en"])]) == 2
    assert "are both in English (en)" in capsys.readouterr().err
    assert main(["check", str(seed_paths["en-2026"]), str(seed_paths["en"]), "--force"]) in (0, 1)
    assert "beads" in capsys.readouterr().out


@pytest.mark.model
def test_a_given_language_the_text_contradicts_is_refused_unless_forced(seed_paths, capsys):
    args = ["check", str(seed_paths["ru"]), str(seed_paths["en"]), "--tgt-lang", "de"]
    assert main(args) == 2
    assert "given as German (de), but the text is in English" in capsys.readouterr().err
    assert main([*args, "--force"]) == 1  # checked as asked: German month names are looked for, English ones missed
    assert "in 10 beads" in capsys.readouterr().out


@pytest.mark.model
def test_a_document_warning_is_printed_once_in_the_report_on_stdout_or_on_stderr_beside_a_file(tmp_path, capsys):
    source, target = tmp_path / "ru.txt", tmp_path / "en.txt"
    source.write_text("Министерство иностранных дел Азербайджанской Республики выступило с заявлением.\n", "utf-8")
    target.write_text("The Ministry of Foreign Affairs of the Republic of Azerbaijan made a statement.\n", "utf-8")
    main(["check", str(source), str(target)])
    out, err = capsys.readouterr()
    assert "too short" in out and "too short" not in err
    report = tmp_path / "report.json"
    main(["check", str(source), str(target), "-o", str(report)])
    assert "too short" in capsys.readouterr().err
    assert any("too short" in warning for warning in json.loads(report.read_text("utf-8"))["document_warnings"])
