"""Progress bars on stderr: shown only on a terminal, and only for work that lasts."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")

# Seconds before a bar appears, so quick steps print nothing.
DELAY = 2.0

_SILENCED: ContextVar[bool] = ContextVar("aligner_progress_silenced", default=False)


def progress(total: int, description: str, unit: str = "text", scaled: bool = False) -> tqdm:
    """A tqdm bar for `total` items, silent when stderr is not a terminal; `scaled` shows large counts as 1.5M."""
    return tqdm(
        total=total,
        desc=description,
        unit=unit,
        unit_scale=scaled,
        delay=DELAY,
        leave=False,
        file=sys.stderr,
        disable=_SILENCED.get() or not sys.stderr.isatty(),
    )


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
