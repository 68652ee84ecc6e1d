"""`aligner align` on the command line: the seed TMX, formats and stdout, bad input, exit codes."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

import aligner
import aligner.cli
from aligner.cli import main
from tests.conftest import REPO_ROOT, TMX_DTD

from .export_helpers import mixed_alignment, review_data

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALIGNER = Path(sys.executable).with_name("aligner")  # the console script installed next to this Python


def _units(path: Path) -> list[tuple[float, str, str]]:
    """(confidence, source seg, target seg) of every <tu>."""
    units = []
    for tu in etree.parse(str(path)).getroot().iter("tu"):
        confidence = float(tu.find("prop[@type='x-confidence']").text)
        source, target = (tuv.find("seg").text for tuv in tu.findall("tuv"))
        units.append((confidence, source, target))
    return units


def _api_units(alignment) -> list[tuple[float, str, str]]:
    return [(bead.confidence, bead.source_text, bead.target_text) for bead in alignment.pairs]


@pytest.fixture(scope="module")
def seed_tmx(seed_paths, tmp_path_factory) -> tuple[Path, int, str]:
    """The seed pair aligned by the CLI into a TMX: (path, exit code, stderr)."""
    path = tmp_path_factory.mktemp("cli") / "seed.tmx"
    completed = subprocess.run(
        [str(ALIGNER), "align", str(seed_paths["ru"]), str(seed_paths["en"]), "-o", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return path, completed.returncode, completed.stderr


def test_seed_tmx_from_the_cli_matches_the_api(seed_tmx, seed_alignment):
    path, code, stderr = seed_tmx
    assert code == 0, stderr
    assert etree.DTD(str(TMX_DTD)).validate(etree.parse(str(path)))
    units = _units(path)
    assert len(units) == len(seed_alignment.pairs)
    assert units == _api_units(seed_alignment)
    assert not any("**" in text for _, source, target in units for text in (source, target))  # Markdown removed


@pytest.mark.model
def test_the_python_writers_run_the_checks_and_write_the_bytes_of_the_cli(seed_paths, tmp_path, capsys):
    """trial3 #3: `result.to_tmx(path)` wrote the pair whose number the translation changed, which `aligner align -o
    pair.tmx` leaves out: with no findings given, the writers run the checks, as the CLI does; `findings=()` checks
    nothing."""
    wrong = tmp_path / "en.txt"
    wrong.write_text(seed_paths["en"].read_text("utf-8").replace("744 were", "774 were"), "utf-8")
    result = aligner.align(seed_paths["ru"], wrong)
    [numbers] = [finding for finding in result.check() if finding.severity == "error"]
    assert numbers.check == "numbers" and "774" in result.beads[numbers.bead].target_text
    python, cli = ({kind: tmp_path / f"{who}.{kind}" for kind in ("tmx", "tsv", "xlsx", "html")} for who in "pc")
    assert result.to_tmx(python["tmx"]).errors_left_out == 1
    assert result.to_tsv(python["tsv"]).errors_left_out == 1
    result.to_xlsx(python["xlsx"])
    result.to_html(python["html"])
    assert result.to_moses(tmp_path / "p").errors_left_out == 1
    assert "774" not in python["tmx"].read_text("utf-8") and "774" not in (tmp_path / "p.en").read_text("utf-8")
    outputs = [argument for path in cli.values() for argument in ("-o", str(path))]
    assert main(["align", str(seed_paths["ru"]), str(wrong), *outputs]) == 0
    assert "aligner: left 1 of 10 pairs with an error finding out of" in capsys.readouterr().err
    assert {kind: path.read_bytes() for kind, path in python.items()} == {
        kind: path.read_bytes() for kind, path in cli.items()
    }
    assert result.to_tmx(tmp_path / "unchecked.tmx", findings=()).errors_left_out == 0
    assert "774" in (tmp_path / "unchecked.tmx").read_text("utf-8")


@pytest.mark.model
def test_the_cli_says_where_it_wrote_and_summarises(seed_tmx):
    path, _, stderr = seed_tmx
    assert f"wrote {path} (tmx)" in stderr
    assert "document confidence" in stderr and "omissions (source with no translation):" in stderr


def test_stdout_gets_tsv_by_default(seed_paths, seed_alignment, capsys):
    assert main(["align", str(seed_paths["ru"]), str(seed_paths["en"])]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "source\ttarget\tconfidence\tsource_ids\ttarget_ids\tstatus"
    assert len(lines) == len(seed_alignment.pairs) + 1
    assert captured.err == ""  # no summary when the data goes to stdout


@pytest.mark.model
def test_format_option_overrides_the_extension_and_locales_reach_the_tmx(seed_paths, tmp_path, capsys):
    out = tmp_path / "pairs.txt"
    assert (
        main(
            [
                "align",
                str(seed_paths["ru"]),
                str(seed_paths["en"]),
                "-o",
                str(out),
                "--format",
                "tmx",
                "--src-lang",
                "ru-RU",
                "--tgt-lang",
                "en-US",
                "--level",
                "sentence",
                "-q",
            ]
        )
        == 0
    )
    root = etree.parse(str(out)).getroot()
    assert root.find("header").get("srclang") == "ru-RU"
    assert root.find("header").get("segtype") == "sentence"
    assert {tuv.get(XML_LANG) for tuv in root.iter("tuv")} == {"ru-RU", "en-US"}
    assert capsys.readouterr().err == ""  # -q


@pytest.fixture
def mixed_result(monkeypatch, tmp_path):
    """Stand the hand-made alignment (known confidences) in for the aligner; returns two small input files."""
    monkeypatch.setattr(aligner.cli, "align", lambda *args, **kwargs: mixed_alignment())
    source, target = tmp_path / "ru.txt", tmp_path / "en.txt"
    source.write_text("Это текст на русском языке, и он не очень длинный.", encoding="utf-8")
    target.write_text("This is the text in English, and it is not long.", encoding="utf-8")
    return source, target


@pytest.mark.model  # the moved check embeds the omission and the addition
def test_checks_review_page_marks_pairs_below_its_own_threshold(mixed_result, tmp_path, capsys):
    """check -o review.html showed "< 0.50" and marked pairs by 0.5 whatever --low-confidence-below said."""
    review = tmp_path / "review.html"
    assert main(["check", *map(str, mixed_result), "--low-confidence-below", "0.725", "-o", str(review)]) == 1
    assert review_data(review)["threshold"] == 0.725
    assert '<span class="chip conf-low">&lt; 0.725</span>' in review.read_text(encoding="utf-8")


# the moved check embeds the omission and addition of an alignment read back from a file: the real encoder
@pytest.mark.model
def test_min_confidence_leaves_pairs_out_says_how_many_and_the_review_keeps_them(mixed_result, tmp_path, capsys):
    source, target = mixed_result
    tsv, review, jsonl = tmp_path / "pairs.tsv", tmp_path / "review.html", tmp_path / "beads.jsonl"
    assert (
        main(
            [
                "align",
                str(source),
                str(target),
                "--min-confidence",
                "0.5",
                "-o",
                str(tsv),
                "-o",
                str(review),
                "-o",
                str(jsonl),
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert f"left 2 of 5 pairs with confidence below 0.5 out of {tsv} (tsv)" in err
    assert err.count("aligner: left ") == 1  # neither the review nor the JSONL leave anything out
    assert len(tsv.read_text(encoding="utf-8").splitlines()) == 1 + 3
    beads = review_data(review)["beads"]
    assert [index for index, bead in enumerate(beads) if "x" in bead] == [1, 4]  # marked, not left out
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 1 + 7
    assert "low-confidence pairs (< 0.5): 2" in err
    assert "holds no pair" not in err
    # every pair left out: the TM is written, empty, and said to be (fresh-clone 9)
    assert main(["align", str(source), str(target), "--min-confidence", "1", "-o", str(tsv), "-q"]) == 0
    assert f"aligner: warning: {tsv} (tsv) holds no pair" in capsys.readouterr().err.splitlines()


@pytest.mark.model  # the moved check embeds the omission and the addition
def test_the_line_of_pairs_below_min_confidence_says_how_many_have_an_error_finding_too(mixed_result, tmp_path, capsys):
    """The line of unedited pairs below --min-confidence did not say that some of them have an error finding too,
    which a lower --min-confidence alone would not let in; the edited pairs' line said it."""
    tsv, review = tmp_path / "pairs.tsv", tmp_path / "review.html"
    args = ["align", *map(str, mixed_result), "--min-confidence", "0.75", "-o", str(tsv), "-o", str(review)]
    assert main(args) == 0
    lines = capsys.readouterr().err.splitlines()
    reasons = [bead["x"] for bead in review_data(review)["beads"] if "x" in bead]
    below = [reason for reason in reasons if "confidence < 0.75" in reason]
    with_errors = [reason for reason in below if reason.startswith("an error finding")]
    assert (len(below), len(with_errors)) == (3, 2)  # 0.3 and 0.05 are low-confidence errors, 0.7 has none
    assert (
        f"aligner: left 3 of 5 pairs with confidence below 0.75 out of {tsv} (tsv); 2 of them have an error finding "
        f"too: see the review ({review})"
    ) in lines
    assert main([*args, "--keep-errors"]) == 0
    assert f"aligner: left 3 of 5 pairs with confidence below 0.75 out of {tsv} (tsv)" in (
        capsys.readouterr().err.splitlines()
    )


@pytest.mark.model  # the moved check embeds the omission and the addition
def test_the_line_of_pairs_left_out_names_the_review_written(mixed_result, tmp_path, capsys):
    """The line of pairs left out for an error finding said "see them in the review (-o review.html)" even when the
    run had just written one, under another name (fresh-clone trial 3, nit 10): it names the page written, or the
    spreadsheet when it is the only review, and the option only when there is neither."""
    tsv, page, sheet = tmp_path / "pairs.tsv", tmp_path / "p.html", tmp_path / "p.xlsx"
    left_out = f"aligner: left 2 of 5 pairs with an error finding out of {tsv} (tsv); see them in"
    for outputs, review in (
        ([page, sheet], f"the review ({page})"),
        ([sheet], f"the review ({sheet})"),
        ([], "a review page (add -o review.html)"),  # trial9 8c: "the review (-o review.html)" read as a file name
    ):
        assert main(["align", *map(str, mixed_result), "-o", str(tsv), *(f"-o{out}" for out in outputs), "-q"]) == 0
        assert f"{left_out} {review}, or --keep-errors" in capsys.readouterr().err.splitlines()


# the moved check embeds the omission and addition of an alignment read back from a file: the real encoder
@pytest.mark.model
def test_moses_writes_prefix_dot_language_without_the_pairs_in_error(mixed_result, tmp_path, capsys):
    source, target = mixed_result
    prefix = tmp_path / "corpus"
    assert main(["align", str(source), str(target), "--format", "moses", "-o", str(prefix), "-q"]) == 0
    # the pairs at 0.3 and 0.05 have a low-confidence error: left out and counted
    assert len((tmp_path / "corpus.ru").read_text(encoding="utf-8").splitlines()) == 3
    assert f"left 2 of 5 pairs with an error finding out of {prefix} (moses)" in capsys.readouterr().err
    assert main(["align", str(source), str(target), "--format", "moses", "-o", str(prefix), "--keep-errors"]) == 0
    assert len((tmp_path / "corpus.ru").read_text(encoding="utf-8").splitlines()) == 5
    assert len((tmp_path / "corpus.en").read_text(encoding="utf-8").splitlines()) == 5
    assert "error finding" not in capsys.readouterr().err


@pytest.mark.model  # the moved check embeds the omission and the addition
def test_python_pair_exports_given_the_findings_write_what_the_cli_writes(mixed_result, tmp_path):
    """From Python, `to_tmx`, `to_tsv` and `to_moses` took no findings: a script's TMX kept the pairs with an error
    finding that `aligner align -o pair.tmx` leaves out, and named no finding on the others."""
    source, target = mixed_result
    alignment = mixed_alignment()
    findings = alignment.check()
    for name, write in (
        ("pair.tmx", alignment.to_tmx),
        ("pair.tsv", alignment.to_tsv),
        ("corpus", alignment.to_moses),
    ):
        cli, python = tmp_path / name / "cli", tmp_path / name / "python"
        cli.mkdir(parents=True), python.mkdir()
        options = ["--format", "moses"] if name == "corpus" else []
        assert main(["align", str(source), str(target), *options, "-o", str(cli / name), "-q"]) == 0
        report = write(python / name, findings=findings)
        assert report.errors_left_out == 2  # the two pairs with a low-confidence error
        for written in sorted(cli.iterdir()):
            assert (python / written.name).read_bytes() == written.read_bytes(), written.name
        kept = write(python / name, findings=findings, keep_errors=True)
        assert (kept.errors_left_out, kept.pairs_written) == (0, report.pairs_written + 2)


def test_help_explains_every_option_and_exits_0(capsys):
    assert main(["align", "--help"]) == 0
    out = capsys.readouterr().out
    for word in (
        "--output",
        "--format",
        "--level",
        "--src-lang",
        "--tgt-lang",
        "--force",
        "--model",
        "--min-confidence",
        "tmx",
        "tsv",
        "jsonl",
        "moses",
        "html",
        ".docx",
        "exit status",
    ):
        assert word in out, word


def _seed_text(seed_paths, key: str) -> str:
    return seed_paths[key].read_text(encoding="utf-8")


# (case id, how to make SRC and TGT in a directory, extra arguments, expected exit code, message on stderr)
BAD_INPUT = [
    ("missing file", lambda d, s: (d / "nope.txt", s["en"]), [], 2, "nope.txt: no such file"),
    ("directory", lambda d, s: (d, s["en"]), [], 2, "is a directory, not a file"),
    (
        "empty file",
        lambda d, s: (_write(d / "empty.txt", b"  \n"), s["en"]),
        [],
        2,
        "empty.txt: the file holds only whitespace",
    ),
    (
        "binary file",
        lambda d, s: (_write(d / "blob.txt", bytes(range(256)) * 4), s["en"]),
        [],
        2,
        "blob.txt: binary file",
    ),
    ("cp1251 file", lambda d, s: (_write(d / "ru.md", _seed_text(s, "ru").encode("cp1251")), s["en"]), [], 0, ""),
    ("UTF-16 file", lambda d, s: (s["ru"], _write(d / "en.txt", _seed_text(s, "en").encode("utf-16"))), [], 0, ""),
    (
        "unknown extension",
        lambda d, s: (_write(d / "ru.pages", bytes(range(256)) * 4), s["en"]),
        [],
        2,
        "ru.pages: unsupported file type '.pages'",
    ),
    (
        "broken pdf",
        lambda d, s: (_write(d / "ru.pdf", b"%PDF-1.4 text"), s["en"]),
        [],
        2,
        "ru.pdf: a damaged PDF: its structure cannot be read",
    ),
    (
        "corrupt docx",
        lambda d, s: (_write(d / "ru.docx", b"PK\x03\x04 broken zip"), s["en"]),
        [],
        2,
        "ru.docx: not a Word document: not a ZIP archive",
    ),
    ("same language", lambda d, s: (s["en-2026"], s["en"]), [], 2, "are both in English (en)"),
    ("same language forced", lambda d, s: (s["en-2026"], s["en"]), ["--force"], 0, ""),
    ("output directory missing", lambda d, s: (s["ru"], s["en"]), ["-o", "{dir}/missing/out.tmx"], 2, "does not exist"),
    (
        "output is a directory",
        lambda d, s: (s["ru"], s["en"]),
        ["-o", "{dir}", "--format", "tmx"],
        2,
        "is a directory, give a file name",
    ),
    (
        "output extension unknown",
        lambda d, s: (s["ru"], s["en"]),
        ["-o", "{dir}/out.xls"],
        2,
        "cannot tell the output format",
    ),
    ("bad language tag", lambda d, s: (s["ru"], s["en"]), ["--src-lang", "Russian!"], 2, "is not a language tag"),
    (
        "unregistered language",
        lambda d, s: (s["ru"], s["en"]),
        ["--src-lang", "xx"],
        2,
        "--src-lang 'xx' is not a registered language tag",
    ),
    ("underscore locale", lambda d, s: (s["ru"], s["en"]), ["--tgt-lang", "en_US"], 2, "did you mean 'en-US'?"),
    (
        "languages swapped",
        lambda d, s: (s["ru"], s["en"]),
        ["--src-lang", "en", "--tgt-lang", "ru"],
        2,
        "ru-2025-statement.md: the language is given as English (en), but the text is in Russian",
    ),
    (
        "languages swapped, forced",
        lambda d, s: (s["ru"], s["en"]),
        ["--src-lang", "en", "--tgt-lang", "ru", "--force"],
        0,
        "",
    ),
    ("a close variant is no contradiction", lambda d, s: (s["ru"], s["en"]), ["--tgt-lang", "en-AU"], 0, ""),
    (
        "language of a tiny file unknown for TMX",
        lambda d, s: (
            _write(d / "az.txt", "Да здравствует Азербайджан!".encode()),
            _write(d / "en.txt", b"Long live Azerbaijan!"),
        ),
        [],
        2,
        "az.txt: the language could not be detected (too little or too mixed text; Cyrillic script, most likely "
        "Russian (0.34), Bulgarian (0.19), Ukrainian (0.16), Belarusian (0.11) or Kazakh (0.06)): give --src-lang",
    ),
    (
        "confidence out of range",
        lambda d, s: (s["ru"], s["en"]),
        ["--min-confidence", "2"],
        2,
        "argument --min-confidence: must be between 0 and 1",
    ),
    ("moses to stdout", lambda d, s: (s["ru"], s["en"]), ["--format", "moses"], 2, "give an output path prefix"),
    ("unknown option", lambda d, s: (s["ru"], s["en"]), ["--colour"], 2, "unrecognized arguments: --colour"),
]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# The cases that get as far as aligning, with the real encoder; the others stop before any model is loaded.
ALIGNING = {
    "cp1251 file",
    "UTF-16 file",
    "same language forced",
    "languages swapped, forced",
    "a close variant is no contradiction",
}


@pytest.mark.parametrize(
    "make_inputs, extra, code, message",
    [
        pytest.param(*case[1:], id=case[0], marks=[pytest.mark.model] if case[0] in ALIGNING else [])
        for case in BAD_INPUT
    ],
)
def test_bad_input_gives_one_line_and_exit_2_or_works(make_inputs, extra, code, message, tmp_path, seed_paths, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    outputs = tmp_path / "out"
    outputs.mkdir()
    source, target = make_inputs(inputs, seed_paths)
    extra = [arg.format(dir=outputs) for arg in extra]
    out_args = extra if "-o" in extra or "--format" in extra else [*extra, "-o", str(outputs / "result.tmx")]
    assert main(["align", str(source), str(target), *out_args]) == code
    err = capsys.readouterr().err
    if code == 0:
        assert [p.name for p in outputs.iterdir()] == ["result.tmx"]
        assert etree.parse(str(outputs / "result.tmx")).getroot().find("body") is not None
    else:
        assert message in err
        assert err.count("\n") <= 2 and err.strip().splitlines()[-1].startswith(("aligner: error:", "aligner align:"))
        assert "Traceback" not in err
        assert list(outputs.iterdir()) == []  # nothing written, not even a temporary file


@pytest.mark.parametrize("side, encoding", [("ru", "cp1251"), ("en", "utf-16")])
def test_legacy_and_utf16_inputs_give_the_same_pairs_as_utf8(seed_paths, seed_alignment, tmp_path, side, encoding):
    inputs = dict(seed_paths)
    inputs[side] = _write(tmp_path / seed_paths[side].name, _seed_text(seed_paths, side).encode(encoding))
    out = tmp_path / "pairs.tmx"
    assert main(["align", str(inputs["ru"]), str(inputs["en"]), "-o", str(out), "-q"]) == 0
    assert _units(out) == _api_units(seed_alignment)


@pytest.mark.model
def test_a_closed_stdout_pipe_is_not_an_error(seed_paths):
    process = subprocess.Popen(
        [str(ALIGNER), "align", str(seed_paths["ru"]), str(seed_paths["en"]), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # like `| head` exiting before the aligner writes
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=600) == 0, stderr
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr


def test_jsonl_to_stdout_is_one_record_per_line(seed_paths, seed_alignment, capsys):
    assert main(["align", str(seed_paths["ru"]), str(seed_paths["en"]), "-o", "-", "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records[0]["signature"] == seed_alignment.signature
    assert len(records) == 1 + len(seed_alignment.beads)


@pytest.mark.model
def test_given_locales_reach_the_tmx_verbatim_even_forced(seed_paths, tmp_path):
    out = tmp_path / "pair.tmx"
    assert (
        main(
            [
                "align",
                str(seed_paths["ru"]),
                str(seed_paths["en"]),
                "--src-lang",
                "ru-Cyrl-RU",
                "--tgt-lang",
                "en-GB",
                "-o",
                str(out),
                "-q",
            ]
        )
        == 0
    )
    root = etree.parse(str(out)).getroot()
    assert root.find("header").get("srclang") == "ru-Cyrl-RU"
    assert {tuv.get(XML_LANG) for tuv in root.iter("tuv")} == {"ru-Cyrl-RU", "en-GB"}


@pytest.mark.model
def test_tiny_documents_of_unknown_language_still_align_to_tsv(tmp_path, capsys):
    source = _write(tmp_path / "az.txt", "Да здравствует Азербайджан!".encode())
    target = _write(tmp_path / "en.txt", b"Long live Azerbaijan!")
    assert main(["align", str(source), str(target)]) == 0
    assert "Long live Azerbaijan!" in capsys.readouterr().out


@pytest.mark.model
def test_a_language_outside_the_encoder_is_a_warning_on_stderr(tmp_path, capsys):
    estonian = (
        "Kõik inimesed sünnivad vabadena ja võrdsetena oma väärikuselt ja õigustelt. Neile on antud mõistus "
        "ja südametunnistus ja nende suhtumist üksteisesse peab kandma vendluse vaim."
    )
    english = (
        "All human beings are born free and equal in dignity and rights. They are endowed with reason and "
        "conscience and should act towards one another in a spirit of brotherhood."
    )
    source, target = _write(tmp_path / "et.txt", estonian.encode()), _write(tmp_path / "en.txt", english.encode())
    assert main(["align", str(source), str(target), "-o", str(tmp_path / "pair.html"), "-q"]) == 0
    err = capsys.readouterr().err
    assert "aligner: warning: Estonian is not among the languages of the encoder use-multilingual-v3" in err
    assert "sentence-transformers/LaBSE" in err
    page = (tmp_path / "pair.html").read_text(encoding="utf-8")
    assert '<section id="warnings"><h2>Warnings</h2><ul><li>Estonian is not among' in page


@pytest.mark.parametrize(
    "command, synopsis",
    [
        ("align", "aligner align SRC TGT ["),
        ("check", "aligner check SRC TGT ["),
        ("match", "aligner match SRC CANDIDATE..."),
        ("batch", "aligner batch pairs.tsv -o out/"),
        ("export", "aligner export ALIGNMENT.jsonl|.xlsx ["),
    ],
)
def test_the_readmes_synopsis_of_a_command_names_every_option_of_its_help(command, synopsis):
    """fc9 L6: the README's `check` synopsis left out --model, --min-confidence, the --units options, --srx and
    --abbreviations, which `check --help` has; `match`'s left out --threshold, --top-k and --model."""
    blocks = (REPO_ROOT / "README.md").read_text(encoding="utf-8").split("```")
    [block] = [block for block in blocks if synopsis in block]
    subcommands = next(action for action in aligner.cli.build_parser()._actions if action.dest == "command")
    missing = [
        action.option_strings[-1]
        for action in subcommands.choices[command]._actions
        if action.option_strings and action.dest != "help" and action.help != argparse.SUPPRESS
        if not any(f"{option}{after}" in block for option in action.option_strings for after in " ]")
    ]
    assert missing == []


@pytest.mark.parametrize("command", ["align", "check", "match", "batch", "export"])
def test_every_commands_help_gives_the_exit_statuses_of_the_readme(command):
    """The README's CLI section gives 3 on an internal error, 130 on Ctrl-C and 143 on SIGTERM, which `main` returns for
    every command; `--help` stopped at 2 (batch's at 130)."""
    subcommands = next(action for action in aligner.cli.build_parser()._actions if action.dest == "command")
    epilog = " ".join(subcommands.choices[command].epilog.split())
    assert "3 on an internal error" in epilog and "130 on Ctrl-C" in epilog and "143 on SIGTERM" in epilog


@pytest.mark.parametrize(
    ("signal_raised", "code", "line"),
    [(KeyboardInterrupt, 130, "interrupted"), (aligner.cli.Terminated, 143, "terminated")],
)
def test_a_signal_while_the_parser_is_built_is_one_line_and_its_exit_status(
    signal_raised, code, line, monkeypatch, capsys
):
    """A signal to a process group (`timeout`, Ctrl-C) can land before the command runs: SIGTERM while the parser was
    built gave Python's traceback and exit 1."""

    def stopped() -> argparse.ArgumentParser:
        raise signal_raised

    monkeypatch.setattr(aligner.cli, "build_parser", stopped)
    assert main(["align", "a.txt", "b.txt"]) == code
    assert capsys.readouterr().err == f"aligner: {line}\n"


# The `aligner` script as pip writes it for the console script of pyproject.toml, started with a signal sent to it
# while it imports numpy, the first of its heavy imports (the first ~1.6 s of every command)
_SCRIPT_SIGNALLED_WHILE_IMPORTING = """
import os, signal, sys

class SignalOnNumpy:
    def find_spec(self, name, path=None, target=None):
        if name == "numpy":
            os.kill(os.getpid(), signal.{signal})
        return None

sys.meta_path.insert(0, SignalOnNumpy())
sys.argv = ["aligner", "--version"]
from {module} import {function}
sys.exit({function}())
"""


@pytest.mark.parametrize(
    ("signal_name", "code", "line"), [("SIGINT", 130, "interrupted"), ("SIGTERM", 143, "terminated")]
)
def test_a_signal_while_the_command_imports_is_one_line_and_its_exit_status(signal_name, code, line):
    """Ctrl-C in the first second and a half of `aligner ...` printed Python's traceback of the import it stopped
    (SIGTERM ended it without a word): the console script imported the whole package before `main_entry` could say
    it in one line."""
    import os
    import signal
    import tomllib

    script = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["aligner"]
    module, function = script.split(":")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _SCRIPT_SIGNALLED_WHILE_IMPORTING.format(signal=signal_name, module=module, function=function),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        # a shell's background job starts with SIGINT ignored, and Python keeps that: give the child the default
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert (done.returncode, done.stderr, done.stdout) == (code, f"aligner: {line}\n", "")


@pytest.mark.parametrize("command", ["align", "check", "batch"])
def test_no_notes_help_names_every_format_whose_notes_are_read(command):
    """README: the notes of .docx, .odt, .html and .epub files are read and --no-notes leaves them out; the help named
    .docx and .odt only once HTML and EPUB notes were read too."""
    subcommands = next(action for action in aligner.cli.build_parser()._actions if action.dest == "command")
    [no_notes] = [action for action in subcommands.choices[command]._actions if "--no-notes" in action.option_strings]
    assert all(extension in no_notes.help for extension in (".docx", ".odt", ".html", ".epub"))


def test_exports_help_says_model_encodes_for_every_check_that_compares_units():
    """README: the checks of a saved alignment encode units with --model (weak, moved, absorbed, order), not only the
    order check, and a model other than the alignment's own gives an edited pair no weak check."""
    subcommands = next(action for action in aligner.cli.build_parser()._actions if action.dest == "command")
    [model] = [action for action in subcommands.choices["export"]._actions if "--model" in action.option_strings]
    assert (
        "order check" not in model.help
        and "weak" in model.help
        and "the model the alignment was made with" in (model.help)
    )


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbfZtg.\r\nAbb.\r\n",  # Notepad: UTF-8 with a BOM, CRLF
        "Ztg.\r\nAbb.\r\n".encode("utf-16"),  # Notepad's "Unicode"
        "Ztg.\nAbb.\n".encode("cp1252"),
    ],
)
def test_an_abbreviations_file_saved_on_windows_gives_its_abbreviations(tmp_path, data):
    """A BOM made the first abbreviation '\\ufeffZtg.', which never matched (Ztg. still ended a sentence); UTF-16 was
    refused as not UTF-8."""
    path = tmp_path / "abbreviations.txt"
    path.write_bytes(data)
    assert aligner.cli._read_abbreviations(path) == ["Ztg.", "Abb."]
    text = "Sie las es in der Ztg. Haussmann. Mehr dazu."
    split = aligner.RuleSegmenter(aligner.cli._read_abbreviations(path)).split(text, "de")
    assert split == ["Sie las es in der Ztg. Haussmann.", "Mehr dazu."]


def test_an_empty_abbreviations_file_gives_none(tmp_path):
    path = tmp_path / "abbreviations.txt"
    path.write_bytes(b"")
    assert aligner.cli._read_abbreviations(path) == []


@pytest.mark.model
def test_src_encoding_reads_a_file_in_the_encoding_given(tmp_path, capsys):
    """--src-encoding: the way out of a guess the reader warns of."""
    source, target = tmp_path / "ru.txt", tmp_path / "en.txt"
    source.write_bytes("Уважаемые жильцы!\n\nЗавтра не будет воды.\n".encode("koi8_r"))
    target.write_text("Dear residents,\n\nThere will be no water tomorrow.\n", encoding="utf-8")
    assert (
        aligner.cli.main(["align", str(source), str(target), "--src-encoding", "koi8-r", "-o", "-", "--format", "tsv"])
        == 0
    )
    assert "Уважаемые жильцы!\tDear residents," in capsys.readouterr().out


@pytest.mark.model  # the moved check embeds the omission and the addition
def test_align_says_the_pairs_left_out_last(mixed_result, tmp_path, capsys):
    """The line of pairs left out of the TM was the first on stderr, above the summary, and scrolled away (trial8
    #8; README's batch section says it is the last line, as align does)."""
    tsv = tmp_path / "pairs.tsv"
    assert main(["align", *map(str, mixed_result), "-o", str(tsv)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1].startswith(f"aligner: left 2 of 5 pairs with an error finding out of {tsv} (tsv)")
    assert lines.index("findings: 5 error(s), 0 warning(s)") < len(lines) - 1
    assert sum(line.startswith("aligner: left ") for line in lines) == 1


def test_the_align_summary_prints_a_finding_s_message_whole():
    """It cut them at 110 characters, often before their point: "... out of order: paragraphs swapped or moved in…"
    (trial8 #7); check prints them whole."""
    from aligner.export import ExportOptions
    from aligner.export.review import summary_text

    message = "Source paragraph 4 is translated by target paragraph 5, out of order: " * 3 + "the point at the end"
    finding = aligner.Finding("order", "error", 3, message)
    lines = summary_text(mixed_alignment(), ExportOptions(findings=(finding,))).splitlines()
    assert f"  bead 4: error order: {message}" in lines


@pytest.mark.parametrize("command", [["-m", "aligner"], [str(REPO_ROOT / "aligner_entry.py")]])
def test_the_command_runs_as_python_dash_m_and_as_the_entry_script(command, tmp_path):
    """Both ran nothing and exited 0: no `aligner/__main__.py`, and the entry script only defined `main`."""
    missing = tmp_path / "missing.txt"
    done = subprocess.run(
        [sys.executable, *command, "align", str(missing), str(missing)], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stderr, done.stdout) == (2, f"aligner: error: {missing}: no such file\n", "")
