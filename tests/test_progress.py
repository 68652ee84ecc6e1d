"""Progress bars: on stderr when it is a terminal, silent otherwise (pipes, CI logs, notebooks' captured stderr)."""

from __future__ import annotations

import io

from aligner import progress as progress_module
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
