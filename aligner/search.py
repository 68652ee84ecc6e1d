"""Coarse-to-fine search: the exact DP on small inputs, a narrow band around a coarse path on large ones.

Above `FULL_DP_NODES` nodes, both sides are downsampled by merging neighbouring
units in pairs, aligned recursively, and the coarse path, scaled back up,
defines a band of `margin` units on each side within which the fine DP runs.
Each row of the band is as wide as the coarse path needs there, so time and
memory are linear in the document length, gaps on either side included.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .costs import CostParams, Side, band_costs
from .dp import Band, BeadType, best_path

FULL_DP_NODES = 250_000


def search_path(
    source: Side,
    target: Side,
    types: Sequence[BeadType],
    params: CostParams,
    margin: int = 10,
) -> list[tuple[int, int]]:
    """The nodes of the best (or, on large inputs, near-best) path from (0, 0) to (n, m)."""
    n, m = len(source), len(target)
    if (n + 1) * (m + 1) <= FULL_DP_NODES or min(n, m) < 4:
        band = Band.full(n, m)
    else:
        coarse = search_path(source.halved(), target.halved(), types, params, margin)
        band = band_around(coarse, n, m, margin)
    return best_path(band_costs(source, target, types, band, params), types, band)


def band_around(coarse_path: Sequence[tuple[int, int]], n: int, m: int, margin: int) -> Band:
    """A band of +-margin units around a path found on inputs halved in length, scaled back up."""
    low = np.full(n + 1, m, dtype=np.int64)
    high = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in zip(coarse_path, coarse_path[1:]):
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
