"""Search stage: the beads of the best path, by the exact DP on small inputs and a narrow band around a
coarse path on large ones.

Above `SearchParams.full_dp_nodes` nodes, both sides are downsampled by merging neighbouring
units in pairs, aligned recursively, and the coarse path, scaled back up,
defines a band of `SearchParams.margin` units on each side within which the fine DP runs.
Each row of the band is as wide as the coarse path needs there, so time and
memory are linear in the document length, gaps on either side included. A halved
level's embeddings exist only while that level is searched (`_search_band`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .costs import CostParams, Finish, Side, band_costs, typical_pair_distance
from .dp import Band, BeadType, best_path
from .errors import SettingsError, check_number_fields

Span = tuple[range, range]  # the source and target units of one bead, as ranges of unit positions
# The search keeps its costs for the second look up to this many cells times bead types (16 MB of float32: every
# grid the full DP searches, or a band around a path of some 5,000 units a side).
KEPT_COSTS = 1 << 22


@dataclass(frozen=True, slots=True)
class SearchParams:
    """How much of the DP grid the search looks at, and its second look.

    full_dp_nodes: up to this many nodes ((n + 1) * (m + 1)) the whole grid is searched.
    margin: units on each side of the scaled-up coarse path that the fine search may use.
    refine_units: the second look at many-unit beads (refine.py): the largest window re-decided, in units a side
        (0: none).
    refine_margin: how much more than the window's best path a bead's path may cost for its groups to be encoded.
    attach_margin: after the second look, how much nearer the other side a pair's encoded group must come with an
        unpaired unit beside it for the unit to join the pair (`refine.attach_unpaired`).
    posterior_temperature: the temperature, in cost units, of the distribution over paths whose bead posteriors the
        confidence reads (`dp.bead_posteriors`, `features.path_posteriors`).
    """

    full_dp_nodes: int = 250_000
    margin: int = 10
    refine_units: int = 8
    refine_margin: float = 0.05
    attach_margin: float = 0.03
    posterior_temperature: float = 0.03

    def __post_init__(self) -> None:
        check_number_fields(self)
        if self.full_dp_nodes < 1 or self.margin < 0:
            raise SettingsError(
                f"full_dp_nodes and margin must be at least 1 and 0, got {self.full_dp_nodes}, {self.margin}"
            )
        if self.refine_units < 0 or not self.refine_margin >= 0 or not self.attach_margin >= 0:
            raise SettingsError(
                "refine_units, refine_margin and attach_margin must be at least 0, got "
                f"{self.refine_units}, {self.refine_margin}, {self.attach_margin}"
            )
        if not self.posterior_temperature > 0:
            raise SettingsError(f"posterior_temperature must be above 0, got {self.posterior_temperature}")


def search_beads(
    source: Side, target: Side, types: Sequence[BeadType], costs: CostParams, search: SearchParams, typical: float
) -> list[Span]:
    """The beads of the best (or, on large inputs, near-best) path through the two sides, in order. `typical` is
    the documents' `typical_pair_distance`, measured once by the caller."""
    return scored_beads(source, target, types, costs, search, typical)[0]


@dataclass(frozen=True, slots=True)
class ScoredBand:
    """The band the search's DP ran on and the costs it read: float32[len(types), band.n_cells] (see `best_path`)."""

    band: Band
    costs: np.ndarray


def scored_beads(
    source: Side, target: Side, types: Sequence[BeadType], costs: CostParams, search: SearchParams, typical: float
) -> tuple[list[Span], ScoredBand | None]:
    """`search_beads`, and its band with the costs of every cell when there are at most KEPT_COSTS of them (else
    None), for the second look (`refine.refine_beads`) to read instead of scoring the beads again."""
    band = _search_band(source, target, types, costs, search)
    blocks = band_costs(source, target, types, band, costs, typical)
    scored = None
    if band.n_cells * len(types) <= KEPT_COSTS:
        scored = ScoredBand(band, np.concatenate(list(blocks), axis=1))
    nodes = best_path(blocks if scored is None else scored.costs, types, band)
    return [(range(i0, i1), range(j0, j1)) for (i0, j0), (i1, j1) in itertools.pairwise(nodes)], scored


def _search_band(
    source: Side | _Halved, target: Side | _Halved, types: Sequence[BeadType], costs: CostParams, search: SearchParams
) -> Band:
    """The band of the DP grid of these sides that is searched: the whole grid when it is small, else the band
    around the path through the sides halved (found the same way, recursively).

    A halved level's embeddings are made when that level is searched, after every coarser level is done, and
    dropped when its path is found: the levels below hold only their summed states, so a long document never
    holds every level's embeddings at once."""
    n, m = len(source), len(target)
    if (n + 1) * (m + 1) <= search.full_dp_nodes or min(n, m) < 4:
        return Band.full(n, m)
    halved_source, halved_target = _Halved.of(source), _Halved.of(target)  # merged units: distances of their own
    band = _search_band(halved_source, halved_target, types, costs, search)
    coarse_source, coarse_target = halved_source.side(), halved_target.side()
    coarse_typical = typical_pair_distance(coarse_source, coarse_target, costs)
    coarse = best_path(band_costs(coarse_source, coarse_target, types, band, costs, coarse_typical), types, band)
    return band_around(coarse, n, m, search.margin)


@dataclass(frozen=True, slots=True)
class _Halved:
    """A side's units merged in pairs (2k and 2k+1; the last stays alone when the count is odd): the fields of
    `Side` a coarser level is made from, without embeddings, which `side()` makes."""

    states: np.ndarray
    finish: Finish
    lengths: np.ndarray
    background: np.ndarray
    numbers: np.ndarray
    document_length: float | None
    closing_quotes: np.ndarray | None

    @classmethod
    def of(cls, side: Side | _Halved) -> _Halved:
        starts = np.arange(0, len(side), 2)
        lengths = np.add.reduceat(side.lengths, starts)
        background = np.add.reduceat(side.lengths * side.background, starts) / np.maximum(lengths, 1.0)
        states = np.add.reduceat(side.states, starts, axis=0)
        numbers = side.numbers[np.append(starts, len(side))]
        # a merged unit ends where its second unit (or a last unit left alone) ends
        quotes = None if side.closing_quotes is None else side.closing_quotes[np.minimum(starts + 1, len(side) - 1)]
        return cls(states, side.finish, lengths, background, numbers, side.document_length, quotes)

    def __len__(self) -> int:
        return len(self.lengths)

    def side(self) -> Side:
        """The side of these merged units, their embeddings made now (`finish` over all of them in one call)."""
        return Side(
            self.states,
            self.finish,
            self.finish(self.states),
            self.lengths,
            self.background,
            self.numbers,
            self.document_length,
            closing_quotes=self.closing_quotes,
        )


def band_around(coarse_path: Sequence[tuple[int, int]], n: int, m: int, margin: int) -> Band:
    """A band of +-margin units around a path found on inputs halved in length, scaled back up."""
    low = np.full(n + 1, m, dtype=np.int64)
    high = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in itertools.pairwise(coarse_path):
        rows = slice(min(2 * i0, n), min(2 * i1, n) + 1)
        low[rows] = np.minimum(low[rows], min(2 * j0, m))
        high[rows] = np.maximum(high[rows], min(2 * j1, m))
    # widen by `margin` rows up and down, then by `margin` columns left and right
    padded_low = np.concatenate([np.full(margin, m), low, np.full(margin, m)])
    padded_high = np.concatenate([np.zeros(margin, np.int64), high, np.zeros(margin, np.int64)])
    windows = np.lib.stride_tricks.sliding_window_view
    low = np.maximum(windows(padded_low, 2 * margin + 1).min(axis=1) - margin, 0)
    high = np.minimum(windows(padded_high, 2 * margin + 1).max(axis=1) + margin, m)
    low[0] = 0
    return Band(lo=low, hi=high, n_cols=m)
