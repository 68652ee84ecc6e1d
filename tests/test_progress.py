"""Progress bars: on stderr when it is a terminal, silent otherwise (pipes, CI logs, notebooks' captured stderr)."""

from __future__ import annotations

import io
import os
import pty
import re
import select

import aligner
from aligner import embed
from aligner import progress as progress_module
from aligner.batch import Job, PairInput, run_tasks
from aligner.embed import BATCH_SIZE, embed_states, resolve_encoder
from aligner.progress import DELAY, progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr(progress_module.sys, "stderr", io.StringIO())
    with progress(3, "embedding") as bar:
        bar.update(3)
    assert bar.disable and progress_module.sys.stderr.getvalue() == ""


def test_shown_on_a_terminal_after_the_delay_and_gone_when_done(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(progress_module.sys, "stderr", terminal)
    with progress(3, "embedding", unit="pair") as bar:
        assert not bar.disable and bar.delay == DELAY > 0  # quick steps print nothing
        bar.delay = 0  # show it now
        bar.update(1)
        bar.refresh()
        shown = terminal.getvalue()
    assert "embedding" in shown and "1/3" in shown and "pair" in shown
    assert not bar.leave


def test_a_terminal_that_reports_no_size_gets_a_bar_of_its_columns(monkeypatch):
    """Some CI runners' and ssh sessions' ptys report 0 columns and 0 rows (a new pty does): tqdm drew nothing there.
    The bar takes $COLUMNS (else 80), less the last column, as tqdm leaves it."""
    controller, terminal = pty.openpty()
    assert os.get_terminal_size(terminal) == (0, 0)
    monkeypatch.setenv("COLUMNS", "60")
    with os.fdopen(terminal, "w") as stream:
        monkeypatch.setattr(progress_module.sys, "stderr", stream)
        with progress(10, "embedding") as bar:
            bar.delay = 0  # show it now
            bar.update(4)
            bar.refresh()
            stream.flush()
            shown = b""
            while select.select([controller], [], [], 0.2)[0]:
                shown += os.read(controller, 4096)
    os.close(controller)
    line = shown.decode().split("\r")[-1]
    assert re.fullmatch(r"embedding: +40%\|█+[^|]* +\| 4/10 .*", line) and len(line) == 59


def test_the_sentences_of_each_paragraph_bead_and_the_numbers_check_show_bars_on_a_terminal(monkeypatch, fake_encoder):
    """fresh-clone trial: a book aligned at sentence level was silent for seconds after embedding, while the sentences
    of each of its 2,457 paragraph beads were aligned (7 s), and then while its pairs' numbers were checked (4.5 s)."""
    terminal = Terminal()
    monkeypatch.setattr(progress_module.sys, "stderr", terminal)
    monkeypatch.setattr(progress_module, "DELAY", 0)  # show the bars at once
    paragraphs = [[f"Sentence {k} of paragraph {p}, with {k + p} words." for k in range(3)] for p in range(4)]
    result = aligner.align(paragraphs, paragraphs, level="sentence", model=fake_encoder)
    assert re.search(r"\raligning sentences: +0%\|.*\| 0/4 ", terminal.getvalue())  # one step per paragraph bead
    result.check(checks=("numbers",))
    assert re.search(rf"\rchecking numbers: +0%\|.*\| 0/{len(result.beads)} ", terminal.getvalue())


class RecordedBar:
    """A stand-in for a `progress` bar: what it was given."""

    def __init__(self, total: int, description: str, unit: str = "text", scaled: bool = False) -> None:
        self.total, self.unit, self.updates = total, unit, []

    def __enter__(self) -> RecordedBar:
        return self

    def __exit__(self, *exception: object) -> None:
        return None

    def update(self, n: int = 1) -> None:
        self.updates.append(n)


def test_the_embedding_bar_counts_characters_so_its_time_left_holds_though_short_texts_go_first(
    monkeypatch, fake_encoder
):
    """fc9 L12: texts are encoded shortest first, and a bar counting texts read "28% 1536/5471 [00:02<00:05]" with
    15 s to go: a text's share of the work is its length."""
    made: list[RecordedBar] = []
    monkeypatch.setattr(
        embed, "progress", lambda *args, **kwargs: made.append(RecordedBar(*args, **kwargs)) or made[-1]
    )
    texts = [f"short {k}" for k in range(BATCH_SIZE)] + [f"a long paragraph {k} " + "word " * 200 for k in range(3)]
    embed_states(resolve_encoder(fake_encoder), texts)
    [bar] = made
    assert bar.total == sum(map(len, texts)) == sum(bar.updates) and bar.unit == "char"
    assert bar.updates[0] < 0.5 * bar.total  # the first batch, every short text: not 256 of 259 parts of the work


def _a_bar_is_drawn(pair: PairInput, job: Job) -> bool:
    with progress(1, f"embedding {pair.name}") as bar:
        return not bar.disable


def test_a_batchs_pairs_draw_no_bars_of_their_own(monkeypatch):
    """fresh-clone trial: on a terminal, each pool worker's embedding and checking bars, drawn from another process,
    wrote over the batch's own "aligning pairs" bar and over each other's."""
    monkeypatch.setattr(progress_module.sys, "stderr", Terminal())
    outcomes = run_tasks(_a_bar_is_drawn, [PairInput("one", "a", "b"), PairInput("two", "c", "d")], Job(), workers=1)
    assert [(pair.name, drawn) for pair, drawn, _ in outcomes] == [("one", False), ("two", False)]
    assert _a_bar_is_drawn(PairInput("alone", "a", "b"), Job())  # outside a batch, as before


def test_the_batch_bar_says_how_many_pairs_were_not_aligned_on_an_80_column_terminal():
    """trial6 #8: on 80 columns the batch bar's text ended "3 units/s, 0 not aligne": tqdm's default format, with the
    seconds a pair, left no room."""
    from tqdm import tqdm

    from aligner.batch_run import BAR_FORMAT, bar_postfix

    # bytes of input files (a million pairs: 2 GB, 800 hours to go)
    for done, total, seconds, units, not_aligned in ((1, 40, 4.4, 13, 0), (30_000, 2 * 10**9, 44.4, 52_000, 12)):
        line = tqdm.format_meter(
            done,
            total,
            seconds,
            ncols=79,  # what tqdm draws in on 80 columns
            prefix="aligning pairs",
            unit="B",
            postfix=bar_postfix(units, seconds, not_aligned),
            bar_format=BAR_FORMAT,
        )
        assert len(line) <= 79 and line.endswith(f"{units / seconds:.0f} units/s, {not_aligned} not aligned]")


class RecordedBatchBar(RecordedBar):
    def __init__(self, total: int, description: str, unit: str = "text", **options: object) -> None:
        super().__init__(total, description, unit)
        self.postfixes: list[str] = []

    def set_postfix_str(self, text: str, refresh: bool = True) -> None:
        self.postfixes.append(text)


def test_the_batch_bar_weighs_each_pair_by_its_files_bytes_not_one_pair_each(monkeypatch, tmp_path):
    """trial10 #9: the bar read "30/32 [00:02<00:00, ...]" and then stood still for 6 s on a book, the last pair: it
    counted pairs whatever their size."""
    from aligner.batch_run import RenderJob, read_manifest, run_batch

    made: list[RecordedBatchBar] = []
    monkeypatch.setattr(
        progress_module, "progress", lambda *args, **kwargs: made.append(RecordedBatchBar(*args, **kwargs)) or made[-1]
    )
    (tmp_path / "en.txt").write_text("One.\n", encoding="utf-8")
    for name, size in (("short", 10), ("book", 50_000)):  # binary: failed before any model is loaded
        (tmp_path / f"{name}.txt").write_bytes(b"\x00" * size)
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("short.txt\ten.txt\nmissing.txt\tnone.txt\nbook.txt\ten.txt\n", encoding="utf-8")
    summary = run_batch(read_manifest(manifest)[0], tmp_path / "out", RenderJob(), workers=1)
    [bar] = made
    assert summary.failed == 3
    assert bar.updates == [10 + 5, 1, 50_000 + 5] and bar.total == sum(bar.updates)  # a missing pair: at once
    assert bar.unit == "B" and bar.postfixes[-1].endswith(", 3 not aligned")
