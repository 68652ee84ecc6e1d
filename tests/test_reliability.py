"""Regression tests for the defects of the reliability audit (issue #10), one or more per defect, by number."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import aligner
from aligner import cli
from aligner.embed import chunks
from aligner.limits import ENCODER_CHUNK_CHARS
from aligner.numbers import extract_quantities
from aligner.types import Alignment, Bead, Document, Unit

ALIGNER = [str(Path(sys.executable).with_name("aligner"))]  # the console script of this environment


def run_cli(argv: list[str], capsys) -> tuple[int, str, str]:
    status = cli.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def tiny_alignment(source_text: str = "Первый абзац.", target_text: str = "First paragraph.") -> Alignment:
    def document(name: str, language: str, text: str) -> Document:
        return Document(name, language, (Unit(0, text, 0),), (Unit(0, text, 0),))

    return Alignment(
        document("ru.txt", "ru", source_text),
        document("en.txt", "en", target_text),
        "paragraph",
        (Bead((0,), (0,), source_text, target_text, 0.9),),
        0.9,
    )


# --- 1. check crashed on a decade facing a plain number -----------------------------------------------


def test_decade_facing_a_small_number_does_not_crash_check(fake_encoder):
    # the pair is given: whether the aligner pairs two units whose numbers all differ is the cost's business
    result = tiny_alignment("80-е годы", "4")
    findings = result.check(model=fake_encoder, checks=("numbers",))
    assert [finding.check for finding in findings] == ["numbers"]  # the decade has no counterpart


def test_decade_matches_the_number_it_names():
    (decade,) = extract_quantities("in their 40s", "en")
    number = next(q for q in extract_quantities("в возрасте от 40 лет", "ru") if q.kind == "number")
    assert decade.matches(number) and number.matches(decade)
    four = next(q for q in extract_quantities("4 people", "en") if q.kind == "number")
    assert not decade.matches(four)


@pytest.mark.model
def test_check_cli_on_the_2026_statement_reports_instead_of_crashing(seed_paths, capsys):
    status, _out, err = run_cli(["check", seed_paths["ru"], seed_paths["en-2026"]], capsys)
    assert status in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err


# --- 2. -o onto a device or FIFO ---------------------------------------------------------------------


def test_output_onto_a_device_is_refused(seed_paths, tmp_path, capsys):
    device = tmp_path / "null"  # made here: a test gone wrong must not replace the machine's /dev/null
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    status, _, err = run_cli(["align", seed_paths["ru"], seed_paths["en"], "-o", device, "--format", "tsv"], capsys)
    assert status == 2
    assert "not a regular file" in err
    assert stat.S_ISCHR(device.stat().st_mode)


@pytest.mark.model
def test_output_through_a_symlink_keeps_the_link(seed_paths, tmp_path, capsys):
    real = tmp_path / "real.tsv"
    real.write_text("earlier\n", encoding="utf-8")
    link = tmp_path / "link.tsv"
    link.symlink_to(real)
    status, _, err = run_cli(["align", seed_paths["ru"], seed_paths["en"], "-o", link, "-q"], capsys)
    assert status == 0, err
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("source\ttarget")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.tsv", "real.tsv"]


def test_output_onto_a_fifo_is_refused(seed_paths, tmp_path, capsys):
    fifo = tmp_path / "pipe.tsv"
    os.mkfifo(fifo)
    status, _, err = run_cli(["align", seed_paths["ru"], seed_paths["en"], "-o", fifo], capsys)
    assert status == 2 and "not a regular file" in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_output_onto_an_input_is_refused(seed_paths, tmp_path, capsys):
    source = tmp_path / "ru.txt"
    source.write_bytes(seed_paths["ru"].read_bytes())
    status, _, err = run_cli(["align", source, seed_paths["en"], "-o", source, "--format", "tsv"], capsys)
    assert status == 2 and "is an input, cannot also be the tsv output" in err
    assert source.read_bytes() == seed_paths["ru"].read_bytes()


# --- 3. HTML silently truncated at libxml2's limits -------------------------------------------------


def _html(body: str) -> str:
    return f"<html><body>{body}</body></html>"


def test_html_nested_300_levels_is_read_to_the_end(tmp_path):
    path = tmp_path / "deep.html"
    paragraphs = "".join(f"<p>Paragraph {i}.</p>" for i in range(12))
    path.write_text(_html("<p>Start.</p>" + "<div>" * 300 + "Deep." + "</div>" * 300 + paragraphs), encoding="utf-8")
    texts = [unit.text for unit in aligner.read(path).paragraphs]
    assert texts[0] == "Start." and texts[-1] == "Paragraph 11." and len(texts) == 14


def test_html_with_an_attribute_over_10_mb_is_read_to_the_end(tmp_path):
    path = tmp_path / "big.html"
    path.write_text(_html("<p>Start.</p><p title='" + "a" * 11_000_000 + "'>Titled.</p><p>End.</p>"), encoding="utf-8")
    assert [unit.text for unit in aligner.read(path, "en").paragraphs] == ["Start.", "Titled.", "End."]


def test_html_text_node_over_10_mb_is_read_whole_and_meets_the_unit_limit(tmp_path):
    path = tmp_path / "big.html"
    path.write_text(_html("<p>Start.</p><p>" + "word " * 2_200_000 + "</p><p>End.</p>"), encoding="utf-8")
    with pytest.raises(
        aligner.InputError,
        match=r"big.html: paragraph 1 has 10,999,999 characters, more than the "
        r"2,000,000 a unit may have",
    ):
        aligner.read(path, "en")


def test_html_nested_past_what_libxml2_reads_is_an_error(tmp_path):
    path = tmp_path / "deeper.html"
    path.write_text(_html("<p>Start.</p>" + "<div>" * 3000 + "x" + "</div>" * 3000 + "<p>End.</p>"), encoding="utf-8")
    with pytest.raises(aligner.InputError, match=r"deep.*\.html: HTML that cannot be read to the end.*depth"):
        aligner.read(path)


# --- 4. a stray byte in a UTF-8 file ----------------------------------------------------------------


def test_stray_byte_in_utf8_is_an_error_with_its_position(tmp_path):
    path = tmp_path / "stray.txt"
    path.write_bytes(b"On 20 January \xe2\x80\x93 Day.\nStray: \xff\n")
    with pytest.raises(aligner.InputError) as caught:
        aligner.read(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not valid UTF-8 at line 2, column 8 (byte offset 30): byte 0xff")
    # the column counts characters, as an editor does: the dash before it is three bytes (fresh-clone 9)
    path.write_bytes(b"On 20 January \xe2\x80\x93 Day \xff.\n")
    with pytest.raises(aligner.InputError, match=r"at line 1, column 21 \(byte offset 22\): byte 0xff"):
        aligner.read(path)


def test_two_stray_bytes_in_the_russian_seed_name_the_first(tmp_path, seed_paths):
    data = bytearray(seed_paths["ru"].read_bytes())
    data[1000:1000] = b"\xc3"
    data[2000:2000] = b"\xff"
    path = tmp_path / "ru.md"
    path.write_bytes(bytes(data))
    with pytest.raises(
        aligner.InputError, match=r"not valid UTF-8 at line \d+, column \d+ \(byte offset \d+\).*2 invalid"
    ):
        aligner.read(path)


# --- 5. outputs depended on the core count: see test_determinism.py ------------------------------------

# --- 6. write errors on stdout -----------------------------------------------------------------------


@pytest.mark.model
def test_stdout_full_is_one_line_exit_2(seed_paths):
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*ALIGNER, "align", seed_paths["ru"], seed_paths["en"]],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == "aligner: error: -: cannot write to stdout (No space left on device)"
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_stdout_closed_is_one_line_exit_2(seed_paths):
    done = subprocess.run(
        f"{ALIGNER[0]} align {seed_paths['ru']} {seed_paths['en']} >&-",
        shell=True,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "aligner: error: -: stdout is closed"


# --- 7. a non-UTF-8 file name ------------------------------------------------------------------------


def test_non_utf8_file_name_is_exported(tmp_path, seed_paths, fake_encoder):
    source = Path(os.fsdecode(bytes(tmp_path) + b"/\xff-ru.md"))
    source.write_bytes(seed_paths["ru"].read_bytes())
    result = aligner.align(source, seed_paths["en"], model=fake_encoder)
    result.to_jsonl(tmp_path / "out.jsonl")
    result.to_tmx(tmp_path / "out.tmx", findings=(), force=True)
    metadata = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert metadata["source"]["name"] == "\ufffd-ru.md"


# --- 8. lone surrogates ------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["\ud800", "Text \udcff here.", ["Fine.", "bad \ud83d"]])
def test_lone_surrogate_in_python_input_is_an_input_error(source, fake_encoder):
    with pytest.raises(aligner.InputError, match=r"lone surrogate U\+D[89A-F][0-9A-F]{2}"):
        aligner.align(source, ["Target."], model=fake_encoder)


@pytest.mark.parametrize("format", ["tsv", "jsonl", "moses", "tmx", "html"])
def test_lone_surrogate_in_a_bead_is_an_input_error_and_writes_nothing(tmp_path, format):
    alignment = tiny_alignment(target_text="bad \ud800 text")
    with pytest.raises(aligner.InputError, match=r"en.txt: bead 0 \(target\) has a lone surrogate U\+D800"):
        aligner.export.export(alignment, tmp_path / "out", format)
    assert list(tmp_path.iterdir()) == []


# --- 9. non-regular input files ----------------------------------------------------------------------


def test_dev_zero_is_refused_without_reading_it():
    with pytest.raises(aligner.InputError, match=r"/dev/zero: not a regular file"):
        aligner.read(Path("/dev/zero"))


def test_fifo_input_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(aligner.InputError, match=r"pipe.txt: not a regular file"):
        aligner.read(fifo)


# --- 10. long units: the encoder sees bounded chunks, the bead says so ---------------------------------


def test_encoder_never_sees_more_than_a_chunk_and_the_bead_says_so(fake_encoder):
    long_unit = " ".join(f"word{i}" for i in range(6000))  # ~ 50,000 characters
    result = aligner.align(["Short one.", long_unit], ["Short one.", long_unit], model=fake_encoder)
    assert max(map(len, fake_encoder.encoded)) <= ENCODER_CHUNK_CHARS
    long_bead = next(bead for bead in result.beads if 1 in bead.source)
    assert long_bead.notes == (
        f"source paragraph 1 ({len(long_unit):,} characters) was embedded in {len(chunks(long_unit))} chunks "
        f"of at most {ENCODER_CHUNK_CHARS:,} characters",
        f"target paragraph 1 ({len(long_unit):,} characters) was embedded in {len(chunks(long_unit))} chunks "
        f"of at most {ENCODER_CHUNK_CHARS:,} characters",
    )
    assert result.beads[0].notes == ()


@pytest.mark.parametrize("text", ["", "short", "a" * 25_000, ("word " * 5000).strip(), "x " * 12_000])
def test_chunks_cover_the_text_and_are_bounded(text):
    pieces = chunks(text)
    assert all(len(piece) <= ENCODER_CHUNK_CHARS for piece in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert (len(pieces) == 1) == (len(text) <= ENCODER_CHUNK_CHARS)


def test_long_unit_is_a_sum_of_chunk_states(fake_encoder):
    encoder = aligner.embed.resolve_encoder(fake_encoder)
    long_unit = " ".join(f"word{i}" for i in range(3000))
    states = aligner.embed.embed_states(encoder, [long_unit])
    assert np.allclose(states[0], encoder.encode_states(chunks(long_unit)).sum(axis=0))


# --- 11. an unknown --model -------------------------------------------------------------------------


@pytest.mark.model
def test_unknown_model_is_a_settings_error_without_hub_retries(capsys, monkeypatch):
    import sentence_transformers

    def no_loading(*args, **kwargs):
        raise AssertionError("the model loader should not be reached for an unknown name")

    monkeypatch.setattr(sentence_transformers, "SentenceTransformer", no_loading)
    encoder = aligner.embed.resolve_encoder("no-such-owner/no-such-model-xyz")
    with pytest.raises(
        aligner.SettingsError,
        match=r"no-such-model-xyz: no such folder, not in the Hugging Face "
        r"cache, and not to be had from the hub",
    ):
        encoder.encode(["text"])


@pytest.mark.model
def test_model_name_that_is_no_hub_name_is_a_settings_error():
    with pytest.raises(aligner.SettingsError, match=r"^model a--b: no such folder, and not a Hugging Face model name$"):
        aligner.embed.resolve_encoder("a--b").encode(["text"])


@pytest.mark.model
@pytest.mark.parametrize("path", ["./no/such/dir/model", "../no-such-dir", "/no/such/dir", "~/no-such-dir", "a/b/c"])
def test_model_path_that_does_not_exist_says_the_folder_does_not_exist(path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with pytest.raises(aligner.SettingsError) as raised:
        aligner.embed.resolve_encoder(path).encode(["text"])
    folder = tmp_path / "home" / path[2:] if path.startswith("~") else tmp_path / path  # an absolute path as it is
    assert str(raised.value) == f"model {path}: the folder {folder} does not exist"


@pytest.mark.model
def test_model_name_offline_keeps_the_hub_cache_message(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(aligner.SettingsError) as raised:
        aligner.embed.resolve_encoder("no-such-owner/no-such-model-xyz").encode(["text"])
    assert str(raised.value) == (
        "model no-such-owner/no-such-model-xyz: no such folder, and not in the Hugging Face cache "
        "(HF_HUB_OFFLINE is set)"
    )


# --- 12. late errors: reported before the alignment runs -----------------------------------------------


@pytest.fixture
def no_alignment(monkeypatch):
    """Makes the CLI's alignment step fail the test: the error must come before it."""

    def must_not_align(*args, **kwargs):
        raise AssertionError("aligned before reporting the error")

    monkeypatch.setattr(cli, "align", must_not_align)


def test_undetectable_language_is_reported_before_aligning(tmp_path, seed_paths, capsys, no_alignment):
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("2025\n\n2026 – 2027\n", encoding="utf-8")
    status, _, err = run_cli(["align", seed_paths["ru"], numbers, "-o", tmp_path / "out.tmx"], capsys)
    assert status == 2
    assert err.startswith(f"aligner: error: {numbers}: the language could not be detected (")
    assert err.endswith("): give --tgt-lang\n") and err.count("\n") == 1


def test_bad_source_date_epoch_is_reported_before_aligning(tmp_path, seed_paths, capsys, no_alignment, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    status, _, err = run_cli(["align", seed_paths["ru"], seed_paths["en"], "-o", tmp_path / "out.tmx"], capsys)
    assert status == 2 and "SOURCE_DATE_EPOCH must be a Unix time" in err


def test_check_low_confidence_below_out_of_range_is_reported_before_aligning(seed_paths, capsys, no_alignment):
    status, _, err = run_cli(["check", seed_paths["ru"], seed_paths["en"], "--low-confidence-below", "5"], capsys)
    assert status == 2 and err == (
        "aligner: error: check: argument --low-confidence-below: must be between 0 and 1, got 5.0 "
        "(see aligner check --help)\n"
    )


def test_moses_with_one_language_twice_is_reported_before_aligning(tmp_path, seed_paths, capsys, no_alignment):
    status, _, err = run_cli(
        ["align", seed_paths["en"], seed_paths["en-2023"], "--force", "--format", "moses", "-o", tmp_path / "corpus"],
        capsys,
    )
    assert status == 2 and "written twice" in err


# --- 13. signals: SIGTERM while writing, Ctrl-C -------------------------------------------------------

_SIGNAL_WHILE_WRITING = textwrap.dedent("""
    import os, signal, sys
    import aligner.export as export
    from aligner import cli
    real_chmod = os.chmod
    def chmod_then_signal(path, mode):  # the temporary file is written: the signal comes before the rename
        real_chmod(path, mode)
        os.kill(os.getpid(), signal.{signal})
    export.os.chmod = chmod_then_signal
    sys.argv = ["aligner", *sys.argv[1:]]
    cli.main_entry()
""")


@pytest.mark.model
@pytest.mark.parametrize(
    "signal_name, status, message", [("SIGTERM", 143, "aligner: terminated"), ("SIGINT", 130, "aligner: interrupted")]
)
def test_signal_while_writing_leaves_no_temporary_file(tmp_path, seed_paths, signal_name, status, message):
    earlier = tmp_path / "pair.tmx"
    earlier.write_text("earlier output\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _SIGNAL_WHILE_WRITING.format(signal=signal_name),
            "align",
            str(seed_paths["ru"]),
            str(seed_paths["en"]),
            "-o",
            str(earlier),
            "-o",
            str(tmp_path / "pair.jsonl"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        # a shell's background job starts with SIGINT ignored, and Python keeps that: give the child the default
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert done.returncode == status
    assert done.stderr.strip().splitlines()[-1] == message and "Traceback" not in done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pair.tmx"]
    assert earlier.read_text(encoding="utf-8") == "earlier output\n"


# --- 14. several -o are all or nothing ---------------------------------------------------------------


@pytest.mark.model
def test_a_failing_second_output_leaves_the_first_unwritten(tmp_path, seed_paths, capsys, monkeypatch):
    import tempfile

    earlier = tmp_path / "pair.tmx"
    earlier.write_text("earlier output\n", encoding="utf-8")
    real_mkstemp = tempfile.mkstemp

    def disk_full_for_jsonl(*args, prefix="", **kwargs):
        if ".jsonl" in prefix:
            raise OSError(28, "No space left on device")
        return real_mkstemp(*args, prefix=prefix, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", disk_full_for_jsonl)
    status, _, err = run_cli(
        ["align", seed_paths["ru"], seed_paths["en"], "-o", earlier, "-o", tmp_path / "pair.jsonl"], capsys
    )
    assert status == 2 and err == f"aligner: error: {tmp_path / 'pair.jsonl'}: cannot write (No space left on device)\n"
    assert earlier.read_text(encoding="utf-8") == "earlier output\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pair.tmx"]


# --- 15. UTF-16 without a BOM --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("seed", ["ru", "en"])
def test_utf16_without_bom_reads_like_utf8(tmp_path, seed_paths, encoding, seed):
    path = tmp_path / f"{seed}.md"
    path.write_bytes(seed_paths[seed].read_text(encoding="utf-8").encode(encoding))
    assert aligner.read(path).paragraphs == aligner.read(seed_paths[seed]).paragraphs


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_bom_is_text(tmp_path, encoding):
    """Chinese in UTF-16 has few NUL bytes, in both positions ("一" is U+4E00): it was refused as binary."""
    paragraphs = ["那天晚上我没走掉。", "陈清扬把我拽住，以伟大友谊的名义叫我留下来。", "一二三，她承认打我不对。"]
    path = tmp_path / "zh.txt"
    path.write_bytes(("\n\n".join(paragraphs) + "\n").encode(encoding))
    assert [unit.text for unit in aligner.read(path).paragraphs] == paragraphs


def test_random_bytes_are_binary_in_either_byte_order(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(0).randbytes(4000))
    with pytest.raises(aligner.InputError, match="binary"):
        aligner.read(path)


# the second reads as UTF-16 without a control character ("Ā\u2002楢慮祲 "), but in no one script
@pytest.mark.parametrize("data", [b"text\x00\x00 more\x00 te\x00xt" * 10, b"\x00\x01\x02 binary \x00" * 50])
def test_nul_bytes_that_are_not_utf16_are_still_binary(tmp_path, data):
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    with pytest.raises(aligner.InputError, match="binary"):
        aligner.read(path)


# --- 16. a faulty custom encoder ---------------------------------------------------------------------


class FaultyEncoder:
    name = "faulty"

    def __init__(self, fault: str) -> None:
        self.fault = fault

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.ones((len(texts), 8), dtype=np.float32)
        if self.fault == "nan":
            vectors[-1, 3] = np.nan
        elif self.fault == "inf":
            vectors[0, 0] = np.inf
        elif self.fault == "too-few":
            vectors = vectors[:-1]
        elif self.fault == "strings":
            return [["a"] * 8 for _ in texts]
        return vectors


@pytest.mark.parametrize(
    "fault, message",
    [
        ("nan", r"encoder FaultyEncoder: returned NaN or infinite values for 'Second\.'"),
        ("inf", r"encoder FaultyEncoder: returned NaN or infinite values for 'First\.'"),
        ("too-few", r"encoder FaultyEncoder: returned an array of shape \(1, 8\) for 2 texts, expected \(2, dim\)"),
        ("strings", r"encoder FaultyEncoder: did not return an array of numbers"),
    ],
)
def test_faulty_encoder_is_a_settings_error(fault, message):
    with pytest.raises(aligner.SettingsError, match=message):
        aligner.align(["First."], ["Second."], model=FaultyEncoder(fault))


class WidthChangingEncoder:
    name = "changing"

    def __init__(self) -> None:
        self.widths = iter([8, 9])

    def encode_states(self, texts):
        return np.ones((len(texts), next(self.widths)), dtype=np.float32)

    def encode(self, texts):
        return self.encode_states(texts)

    def finish(self, states):
        return states


def test_encoder_changing_its_width_between_batches_is_a_settings_error():
    with pytest.raises(aligner.SettingsError, match=r"shape \(\d+, 9\) for \d+ texts, expected \(\d+, 8\)"):
        aligner.embed.embed_states(WidthChangingEncoder(), [f"text {i}" for i in range(300)])


# --- 17. empty units in a list ----------------------------------------------------------------------


@pytest.mark.parametrize("units, index", [(["", "   "], 0), (["One.", "\t\n"], 1)])
def test_empty_unit_in_a_list_is_an_input_error(units, index, fake_encoder):
    # the message named neither side ("<units>: unit 0 ..." for either of two lists); `read` alone keeps "<units>"
    with pytest.raises(aligner.InputError, match=rf"^source: unit {index} is empty or only spaces"):
        aligner.align(units, ["One."], model=fake_encoder)
    with pytest.raises(aligner.InputError, match=rf"^target: unit {index} is empty or only spaces"):
        aligner.align(["Один."], units, model=fake_encoder)
    with pytest.raises(aligner.InputError, match=r"^target: sentence 1 of paragraph 0 is empty"):
        aligner.align([["Один."]], [["One.", " "]], model=fake_encoder)
    with pytest.raises(aligner.InputError, match=rf"^<units>: unit {index} is empty or only spaces"):
        aligner.read(units)


# --- errors stay one line, internal errors no traceback ---------------------------------------------


def test_usage_error_is_one_line(capsys):
    status, _, err = run_cli(["align", "a.md", "b.md", "--level", "word"], capsys)
    assert status == 2
    assert err == (
        "aligner: error: align: argument --level: invalid choice: 'word' (choose from 'paragraph', "
        "'sentence') (see aligner align --help)\n"
    )


def test_internal_error_is_one_line_exit_3(seed_paths, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "align", broken)
    status, _, err = run_cli(["align", seed_paths["ru"], seed_paths["en"]], capsys)
    assert status == 3
    assert err == (
        "aligner: internal error: ZeroDivisionError: division by zero (please report it; "
        "ALIGNER_DEBUG=1 shows the traceback)\n"
    )


def test_file_name_with_a_newline_stays_one_line(tmp_path, capsys):
    status, _, err = run_cli(["align", tmp_path / "two\nlines.md", tmp_path / "b.md"], capsys)
    assert status == 2 and err.count("\n") == 1 and "two\\nlines.md: no such file" in err
