"""The sizes the aligner accepts, in one place: README's "Limits" table quotes them.

Past a limit the reader raises InputError naming the file and the limit, before any
model is loaded (the number of sentences: when the document is first split into
sentences, which a paragraph alignment never does); below them memory stays bounded
(see `benchmarks/limits.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .types import Unit

MAX_FILE_BYTES = 64 * 2**20  # one input file, before decoding
MAX_UNIT_CHARS = 2_000_000  # one paragraph (or pre-split unit)
MAX_UNITS = 200_000  # paragraphs, and sentences, of one document
# What the encoder sees of one text at a time: a longer unit is embedded in chunks of at most this many
# characters, cut at spaces, whose additive states are summed, so memory stays bounded (the bead says so).
ENCODER_CHUNK_CHARS = 10_000


def check_size(units: Sequence[str | Unit], name: str, what: str) -> None:
    """InputError for a document with more than MAX_UNITS units or a unit over MAX_UNIT_CHARS characters."""
    if len(units) > MAX_UNITS:
        raise InputError(
            f"{name}: {len(units):,} {what}, more than the {MAX_UNITS:,} a document may have; split the document"
        )
    lengths = [len(unit if isinstance(unit, str) else unit.text) for unit in units]
    longest = max(lengths, default=0)
    if longest > MAX_UNIT_CHARS:
        raise InputError(
            f"{name}: {what[:-1]} {lengths.index(longest)} has {longest:,} characters, more than the "
            f"{MAX_UNIT_CHARS:,} a unit may have"
        )
