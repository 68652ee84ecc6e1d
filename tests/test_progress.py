"""Progress bars: on stderr when it is a terminal, silent otherwise (pipes, CI logs, notebooks' captured stderr)."""

from __future__ import annotations

import io
import re

import aligner
from aligner import progress as progress_module
from aligner.batch import Job, PairInput, run_tasks
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
