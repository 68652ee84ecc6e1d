"""The dynamic program over beads: arrays in, path out, no I/O.

Nodes (i, j) sit between units: node (i, j) means "the first i source units and
the first j target units are aligned". A bead of type (a, b) goes from node
(i - a, j - b) to node (i, j) and pairs source units i-a .. i-1 with target
units j-b .. j-1. The recurrence is

    D[0, 0] = 0
    D[i, j] = min over bead types t = (a, b) of  D[i - a, j - b] + cost[t, i, j]

and the alignment is the path of beads from (0, 0) to (n, m) that reaches
D[n, m]. Only nodes inside a band are computed: row i covers the columns
lo[i] .. lo[i] + width - 1, and costs come on the same band, so
`costs[t, i, k]` is the cost of the bead of type t that ends at node
(i, lo[i] + k). A cost of +inf forbids a bead. With a full band this is the
exact optimum; coarse-to-fine search (see `search.py`) narrows the band.

Rows are computed one at a time, vectorised over the band. Beads that stay in
the row (0-1, a target unit with no source) chain along it; they are solved
with a running minimum instead of a loop:
D[i, k] = P[k] + min_{k' <= k} (X[k'] - P[k']), where X is the row before
0-1 beads and P the running sum of their costs.

>>> import numpy as np
>>> types = [(1, 1), (1, 0), (0, 1)]
>>> band = Band.full(3, 3)
>>> costs = np.full((3, 4, 4), 1.0)     # every 1-0 and 0-1 bead costs 1.0
>>> costs[0] = 0.2                       # every 1-1 bead costs 0.2 ...
>>> costs[0, 1, 2] = costs[0, 2, 2] = costs[0, 3, 3] = 5.0  # ... but source 1 matches only target 2
>>> best_path(costs, types, band)           # so target 1 and source 2 stay unpaired
[(0, 0), (1, 1), (1, 2), (2, 3), (3, 3)]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

BeadType = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Band:
    """Which nodes the DP computes: row i holds columns lo[i] .. lo[i] + width - 1, clipped to n_cols.

    lo: int64[n_rows + 1], non-decreasing, lo[0] == 0, and the last row holds n_cols.
    """

    lo: np.ndarray
    width: int
    n_cols: int

    def __post_init__(self) -> None:
        if self.lo[0] != 0 or not self.lo[-1] <= self.n_cols < self.lo[-1] + self.width:
            raise ValueError("the band must hold node (0, 0) and node (n_rows, n_cols)")

    @classmethod
    def full(cls, n_rows: int, n_cols: int) -> "Band":
        return cls(lo=np.zeros(n_rows + 1, dtype=np.int64), width=n_cols + 1, n_cols=n_cols)

    @property
    def columns(self) -> np.ndarray:
        """int64[n_rows + 1, width]: the node column of every band cell."""
        return self.lo[:, None] + np.arange(self.width)


def best_path(costs: np.ndarray | Iterable[np.ndarray], bead_types: Sequence[BeadType],
              band: Band) -> list[tuple[int, int]]:
    """The nodes (i, j) of the cheapest path from (0, 0) to (n, m), both included.

    costs: float[len(bead_types), n + 1, band.width], +inf where a bead is not allowed;
    or the same array as consecutive blocks of rows (float[len(bead_types), rows, band.width]),
    so that a long document's costs never need to be held at once.
    bead_types: (a, b) pairs; (0, 1) and (1, 0) are the 0-1 and 1-0 beads.
    """
    blocks = [costs] if isinstance(costs, np.ndarray) else costs
    n_rows, width, lo = len(band.lo), band.width, band.lo
    offsets = np.arange(width)
    reach = max(a for a, _ in bead_types) + 1
    recent = np.full((reach, width), np.inf)  # the totals of the last rows: row i is recent[i % reach]
    back = np.full((n_rows, width), -1, dtype=np.int8)
    insertion = bead_types.index((0, 1)) if (0, 1) in bead_types else None

    i = 0
    for block in blocks:
        for row_costs in np.moveaxis(block, 1, 0):  # float[len(bead_types), width] for row i
            row = np.full(width, np.inf)
            choice = np.full(width, -1, dtype=np.int8)
            if i == 0:
                row[0] = 0.0
            for t, (a, b) in enumerate(bead_types):
                if a == 0 or a > i:
                    continue
                candidate = _shifted(recent[(i - a) % reach], int(lo[i] - b - lo[i - a])) + row_costs[t]
                better = candidate < row
                row[better] = candidate[better]
                choice[better] = t
            if insertion is not None:
                row, choice = _chain_insertions(row, choice, row_costs[insertion], insertion)
            row[lo[i] + offsets > band.n_cols] = np.inf  # cells right of the last column
            recent[i % reach] = row
            back[i] = choice
            i += 1
    if i != n_rows:
        raise ValueError(f"costs cover {i} rows, the band has {n_rows}")

    if not np.isfinite(recent[(n_rows - 1) % reach, band.n_cols - int(lo[-1])]):
        raise ValueError("no path through the band reaches the last node")
    return _trace_back(back, bead_types, lo, n_rows - 1, band.n_cols)


def _shifted(row: np.ndarray, shift: int) -> np.ndarray:
    """out[k] = row[k + shift], +inf where k + shift falls outside the row."""
    out = np.full_like(row, np.inf)
    width = len(row)
    if 0 <= shift < width:
        out[: width - shift] = row[shift:]
    elif -width < shift < 0:
        out[-shift:] = row[: width + shift]
    return out


def _chain_insertions(row: np.ndarray, choice: np.ndarray, cost: np.ndarray, insertion: int):
    """Let 0-1 beads chain along the row: D[k] = min(D[k], D[k - 1] + cost[k]) for every k, at once."""
    step = np.where(np.isfinite(cost), cost, 1e18)
    step[0] = 0.0
    running = np.cumsum(step)
    offset = row - running
    best_before = np.minimum.accumulate(np.concatenate(([np.inf], offset[:-1])))
    use = best_before < offset
    row = np.where(use, running + best_before, row)
    choice = np.where(use, np.int8(insertion), choice)
    return row, choice


def _trace_back(back: np.ndarray, bead_types: Sequence[BeadType], lo: np.ndarray, i: int, j: int):
    nodes = [(i, j)]
    while i > 0 or j > 0:
        t = back[i, j - lo[i]]
        if t < 0:
            raise ValueError(f"broken back-pointer at node ({i}, {j})")
        a, b = bead_types[t]
        i, j = i - a, j - b
        nodes.append((i, j))
    return nodes[::-1]
