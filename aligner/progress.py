"""Progress bars on stderr: shown only on a terminal, and only for work that lasts."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TextIO, TypeVar

from tqdm import tqdm

T = TypeVar("T")

# Seconds before a bar appears, so quick steps print nothing.
DELAY = 2.0

_SILENCED: ContextVar[bool] = ContextVar("aligner_progress_silenced", default=False)


def progress(
    total: int, description: str, unit: str = "text", scaled: bool = False, bar_format: str | None = None
) -> tqdm:
    """A tqdm bar for `total` items, silent when stderr is not a terminal; `scaled` shows large counts as 1.5M;
    `bar_format` is tqdm's (None: its default)."""
    disable = _SILENCED.get() or not sys.stderr.isatty()
    columns, rows = (None, None) if disable else _size_unreported(sys.stderr)
    return tqdm(
        total=total,
        desc=description,
        unit=unit,
        unit_scale=scaled,
        delay=DELAY,
        leave=False,
        file=sys.stderr,
        disable=disable,
        ncols=columns,
        nrows=rows,
        bar_format=bar_format,
    )


def _size_unreported(stream: TextIO) -> tuple[int | None, int | None]:
    """The width and height to draw a bar in on a terminal that reports a size of 0 (as the ptys of some CI runners
    and ssh sessions do; tqdm drew nothing there, its rows counted as -1): $COLUMNS and $LINES, else 80 x 24, less
    the last column and row, as tqdm leaves them. (None, None), tqdm's own reading, where the terminal says its size
    or `stream` is no terminal's file."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError):
        return None, None
    if size.columns > 0 and size.lines > 0:
        return None, None
    columns, lines = shutil.get_terminal_size()
    return columns - 1, lines - 1


@contextmanager
def silenced() -> Iterator[None]:
    """No bars within: a batch's pairs, which the batch's own bar counts. A pool worker's stderr is the same
    terminal, and its bars, drawn from another process, wrote over the batch's and over each other's."""
    token = _SILENCED.set(True)
    try:
        yield
    finally:
        _SILENCED.reset(token)


def tracked(items: Sequence[T], description: str, unit: str = "text") -> Iterator[T]:
    """`items` one by one, counted on a `progress` bar."""
    with progress(len(items), description, unit) as bar:
        for item in items:
            yield item
            bar.update()
