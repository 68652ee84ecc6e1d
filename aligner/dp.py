"""The dynamic program over beads: arrays in, path out, no I/O.

Nodes (i, j) sit between units: node (i, j) means "the first i source units and
the first j target units are aligned". A bead of type (a, b) goes from node
(i - a, j - b) to node (i, j) and pairs source units i-a .. i-1 with target
units j-b .. j-1. The recurrence is

    D[0, 0] = 0
    D[i, j] = min over bead types t = (a, b) of  D[i - a, j - b] + cost[t, i, j]

and the alignment is the path of beads from (0, 0) to (n, m) that reaches
D[n, m] (`path_totals` gives D itself). Only nodes inside a band are computed: row i covers the columns
lo[i] .. hi[i], a width of its own, so one wide stretch (a long passage present
on one side only) widens only the rows it spans. The band's cells are numbered
row by row (`Band.cell`), and costs come on the same cells: `costs[t, c]` is
the cost of the bead of type t that ends at the node of cell c. A cost of +inf
forbids a bead. With a full band this is the exact optimum; coarse-to-fine
search (see `search.py`) narrows the band.

Rows are computed one at a time, vectorised over the row and the bead types (one
gather of every type's start nodes from the rows above). Beads that stay in
the row (0-1, a target unit with no source) chain along it; they are solved
with a running minimum instead of a loop:
D[i, k] = P[k] + min_{k' <= k} (X[k'] - P[k']), where X is the row before
0-1 beads and P the running sum of their costs.

`bead_posteriors` runs the same recurrence with the min replaced by a soft-min at a
temperature tau, -tau log sum exp(-total / tau) (so the 0-1 chain's running minimum
becomes a running log-sum-exp), forward from (0, 0) and, on the grid reversed, backward
from (n, m): with every path through the band weighted by exp(-its cost / tau), the
forward and backward totals around a bead give the probability that the path uses it.
Where the cheapest path has a rival within a few tau of its cost, its beads there get
about a half; where it has none, about 1. Everything stays in log space (totals, not
probabilities), so a document's total cost of thousands of units does not underflow.

>>> import numpy as np
>>> types = [(1, 1), (1, 0), (0, 1)]
>>> band = Band.full(3, 3)
>>> costs = np.full((3, band.n_cells), 1.0)   # every 1-0 and 0-1 bead costs 1.0
>>> costs[0] = 0.2                             # every 1-1 bead costs 0.2 ...
>>> for node in [(1, 2), (2, 2), (3, 3)]:      # ... but source 1 matches only target 2
...     costs[0, band.cell(*node)] = 5.0
>>> best_path(costs, types, band)              # so target 1 and source 2 stay unpaired
[(0, 0), (1, 1), (1, 2), (2, 3), (3, 3)]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

BeadType = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Band:
    """Which nodes the DP computes: row i holds the columns lo[i] .. hi[i], both included.

    lo, hi: int64[n_rows + 1] with 0 <= lo[i] <= hi[i] <= n_cols; row 0 holds column 0
    and the last row holds n_cols. offsets: int64[n_rows + 2], derived: row i's cells are
    offsets[i] .. offsets[i + 1] - 1, in column order.
    """

    lo: np.ndarray
    hi: np.ndarray
    n_cols: int
    offsets: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.lo) != len(self.hi) or not len(self.lo):
            raise ValueError("lo and hi must both have one entry per row")
        if self.lo[0] != 0 or self.hi[-1] != self.n_cols:
            raise ValueError("the band must hold node (0, 0) and node (n_rows, n_cols)")
        if (self.lo < 0).any() or (self.hi > self.n_cols).any() or (self.lo > self.hi).any():
            raise ValueError("every row of the band must hold columns between 0 and n_cols")
        object.__setattr__(self, "offsets", np.concatenate(([0], np.cumsum(self.widths))))

    @classmethod
    def full(cls, n_rows: int, n_cols: int) -> Band:
        return cls(
            lo=np.zeros(n_rows + 1, dtype=np.int64), hi=np.full(n_rows + 1, n_cols, dtype=np.int64), n_cols=n_cols
        )

    @property
    def widths(self) -> np.ndarray:
        """int64[n_rows + 1]: the number of cells in each row."""
        return self.hi - self.lo + 1

    @property
    def n_cells(self) -> int:
        return int(self.offsets[-1])

    def cell(self, i: int, j: int) -> int:
        """The cell number of node (i, j), which must lie inside the band."""
        if not self.lo[i] <= j <= self.hi[i]:
            raise ValueError(f"node ({i}, {j}) is outside the band")
        return int(self.offsets[i] + j - self.lo[i])

    def nodes_of(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(i, j), each int64[len(cells)]: the node of each cell."""
        i = np.searchsorted(self.offsets, cells, side="right") - 1
        return i, self.lo[i] + cells - self.offsets[i]

    def nodes(self, rows: range) -> tuple[np.ndarray, np.ndarray]:
        """(i, j), each int64[cells of rows]: the node of every cell of a run of rows, in cell order."""
        widths = self.widths[rows.start : rows.stop]
        i = np.repeat(np.arange(rows.start, rows.stop), widths)
        first_cell = self.offsets[rows.start]
        j = self.lo[i] + np.arange(first_cell, self.offsets[rows.stop]) - self.offsets[i]
        return i, j


def best_path(
    costs: np.ndarray | Iterable[np.ndarray], bead_types: Sequence[BeadType], band: Band
) -> list[tuple[int, int]]:
    """The nodes (i, j) of the cheapest path from (0, 0) to (n, m), both included.

    costs: float[len(bead_types), band.n_cells], +inf where a bead is not allowed;
    or the same array as consecutive blocks of whole rows (float[len(bead_types), cells of those rows]),
    so that a long document's costs never need to be filled at once.
    bead_types: (a, b) pairs; (0, 1) and (1, 0) are the 0-1 and 1-0 beads.
    """
    back = np.full(band.n_cells, -1, dtype=np.int8)
    last = np.full(1, np.inf)
    for cells, row, choice in _rows(costs, bead_types, band):
        back[cells] = choice
        last = row
    if not np.isfinite(last[-1]):  # the last row ends at node (n, m)
        raise ValueError("no path through the band reaches the last node")
    return _trace_back(back, bead_types, band, len(band.lo) - 1, band.n_cols)


def path_totals(
    costs: np.ndarray | Iterable[np.ndarray], bead_types: Sequence[BeadType], band: Band, tau: float | None = None
) -> np.ndarray:
    """float64[band.n_cells]: D of every cell's node, the cost of the cheapest path from (0, 0) to it inside the
    band (+inf where none reaches); with a temperature `tau`, the soft-min over those paths (`bead_posteriors`).
    Arguments as for `best_path`, whose DP this is; costs may also hold a stack of problems on the same band
    (float[..., len(bead_types), band.n_cells], each solved as if alone), whose totals come stacked the same way
    (float64[..., band.n_cells])."""
    totals = None
    for cells, row, _ in _rows(costs, bead_types, band, tau, choose=False):
        if totals is None:
            totals = np.empty((*row.shape[:-1], band.n_cells))
        totals[..., cells] = row
    assert totals is not None  # every band has a row
    return totals


def bead_posteriors(
    costs: np.ndarray, bead_types: Sequence[BeadType], band: Band, tau: float, kinds: np.ndarray, ends: np.ndarray
) -> np.ndarray:
    """float64[len(kinds)]: the posterior probability of each bead asked for (type bead_types[kinds[k]] ending at
    cell ends[k]) when every path through the band has probability proportional to exp(-its cost / tau): the
    share of that weight on the paths that use the bead, by forward-backward over the same band and bead types
    as `best_path`, in log space. Two paths of equal cost that share nothing give their beads 0.5 each; as tau
    falls to 0 the cheapest path's beads go to 1 (`tau` is in the cost's own units). costs as for `best_path`,
    whole (the backward pass reads them from the last row up); 0 for a bead that is forbidden or that no path
    through the band can use."""
    n_rows, n_cols = len(band.lo) - 1, band.n_cols
    # the backward totals are the forward ones of the grid reversed: node (i, j) there is node (n - i, m - j) here,
    # and a bead (a, b) ending at node (i, j) there is the one that starts at (n - i, m - j) here
    mirrored = Band(lo=n_cols - band.hi[::-1], hi=n_cols - band.lo[::-1], n_cols=n_cols)
    mirrored_costs = _mirrored_costs(costs, bead_types, band, mirrored)
    if np.array_equal(mirrored.lo, band.lo) and np.array_equal(mirrored.hi, band.hi):  # a full grid, say: one DP
        forward, backward = path_totals(np.stack([costs, mirrored_costs]), bead_types, band, tau)
    else:
        forward = path_totals(costs, bead_types, band, tau)
        backward = path_totals(mirrored_costs, bead_types, mirrored, tau)
    total = forward[-1]
    if not np.isfinite(total):
        raise ValueError("no path through the band reaches the last node")
    i, j = band.nodes_of(ends)
    size = np.array(bead_types, dtype=np.int64).reshape(-1, 2)[kinds]
    starts = _cells(band, i - size[:, 0], j - size[:, 1])
    after = backward[_cells(mirrored, n_rows - i, n_cols - j)]
    through = np.append(forward, np.inf)[starts] + costs[kinds, ends] + after  # soft-min total of the paths through it
    finite = np.isfinite(through)
    return np.where(finite, np.minimum(np.exp(-(np.where(finite, through, total) - total) / tau), 1.0), 0.0)


def _mirrored_costs(costs: np.ndarray, bead_types: Sequence[BeadType], band: Band, mirrored: Band) -> np.ndarray:
    """costs[len(bead_types), mirrored.n_cells]: `costs` (on `band`'s cells) on the cells of the grid reversed, where
    the bead (a, b) ending at node (i, j) is the one here from (n - i, m - j) to (n - i + a, m - j + b), +inf where
    that bead ends outside the band.

    The costs are laid out with `pad` + 1 cells of +inf either side of each row and after the last, so that the
    bead (a, b) of every mirrored cell is one gather from the column of (a, 0) shifted by b: a column beyond a row's
    band is clipped to the padding next to it, where every shift up to `pad` still reads +inf. A full grid is the
    costs' grid reversed, each type's moved by its own size (`shifted`): slices, no gather."""
    n_rows, n_cols = len(band.lo) - 1, band.n_cols
    if not band.lo.any() and (band.hi == n_cols).all():
        grid = costs.reshape(len(bead_types), n_rows + 1, n_cols + 1)[:, ::-1, ::-1]
        return shifted(grid, bead_types).reshape(len(bead_types), -1)
    pad = max(b for _, b in bead_types) + 1
    # row i's cells start at offsets[i] + pad * (2 i + 1) of the layout; rows past the last read its tail of +inf
    starts = band.offsets[:-1] + pad * (2 * np.arange(n_rows + 1) + 1)
    layout = np.full((len(bead_types), band.n_cells + pad * (2 * n_rows + 3)), np.inf, costs.dtype)
    layout[:, np.repeat(starts - band.offsets[:-1], band.widths) + np.arange(band.n_cells)] = costs
    tail = layout.shape[1] - pad
    mi, mj = mirrored.nodes(range(n_rows + 1))
    result = np.empty((len(bead_types), mirrored.n_cells), costs.dtype)
    for a in sorted({a for a, _ in bead_types}):  # the beads of a source units start at row n - mi here, end a rows on
        rows = n_rows - mi + a
        inside = np.minimum(rows, n_rows)
        low = band.lo[inside]
        column = np.clip(n_cols - mj, low - pad, band.hi[inside] + 1)
        first = np.where(rows > n_rows, tail, starts[inside] + column - low)
        for t in (t for t, (a_t, _) in enumerate(bead_types) if a_t == a):
            result[t] = layout[t, bead_types[t][1] :].take(first)
    return result


def shifted(values: np.ndarray, types: Sequence[BeadType]) -> np.ndarray:
    """[t, i, j]: values[..., i - a, j - b] for the bead type t = (a, b), +inf where that lies outside: the value
    at the node each bead starts from, for every bead type and end node. values: [rows, columns], or
    [len(types), rows, columns] with each type's own."""
    rows, columns = values.shape[-2:]
    up, left = max(a for a, _ in types), max(b for _, b in types)
    padded = np.full((*values.shape[:-2], rows + up, columns + left), np.inf, dtype=values.dtype)
    padded[..., up:, left:] = values
    windows = np.lib.stride_tricks.sliding_window_view(padded, (rows, columns), axis=(-2, -1))
    a, b = np.array(types).T
    if values.ndim == 2:
        return windows[up - a, left - b]
    return windows[np.arange(len(types)), up - a, left - b]


def _cells(band: Band, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """int64[len(i)]: the cell number of each node (i, j); band.n_cells (one past the last) where the node lies
    outside the band."""
    rows = np.clip(i, 0, len(band.lo) - 1)
    inside = (i >= 0) & (i < len(band.lo)) & (j >= band.lo[rows]) & (j <= band.hi[rows])
    return np.where(inside, band.offsets[rows] + j - band.lo[rows], band.n_cells)


def _rows(
    costs: np.ndarray | Iterable[np.ndarray],
    bead_types: Sequence[BeadType],
    band: Band,
    tau: float | None = None,
    choose: bool = True,
) -> Iterator[tuple[slice, np.ndarray, np.ndarray]]:
    """The DP, a row at a time: (row i's cells, their D float64[width], the bead type that reaches each
    int8[width], -1 where none does), for every row of the band in order. With a temperature `tau`, the min over
    the paths into a node is the soft-min -tau log sum exp(-total / tau) (`bead_posteriors`), and no bead type
    is chosen (an empty array), nor with `choose` False (for the totals alone). Costs with leading axes
    (float[..., len(bead_types), cells]) are a stack of problems on the same band, solved at once, each as if
    alone: D and the bead types come with the same axes."""
    blocks = [costs] if isinstance(costs, np.ndarray) else costs
    n_rows, lo, hi, offsets = len(band.lo), band.lo.tolist(), band.hi.tolist(), band.offsets.tolist()
    reach = max(a for a, _ in bead_types) + 1
    pad = max(b for _, b in bead_types)
    # The totals of the last `reach` rows end to end, row i in slot i % reach, by column: column j at index
    # slot * span + j + pad, and +inf outside the row's band (and in the padding), so the start nodes of every bead
    # type are one slice away.
    span = band.n_cols + 1 + pad
    recent: np.ndarray | None = None  # float64[..., reach * span], made with the first block's leading axes
    filled = [range(0)] * reach  # the indices of `recent` each slot's row fills
    insertion = bead_types.index((0, 1)) if (0, 1) in bead_types else None
    types_key = tuple(bead_types)
    stages: dict[tuple[int, int], tuple[np.ndarray, slice | list[int], np.ndarray]] = {}  # see `_stage`

    windows: dict[int, np.ndarray] = {}  # by width: every run of `width` consecutive entries of `recent`

    i = 0
    for block in blocks:
        used = 0
        if recent is None:
            recent = np.full((*block.shape[:-2], reach * span), np.inf)
            lead = (slice(None),) * (recent.ndim - 1)  # every problem of a stack (indexing with `...` costs more)
        first_row = i
        running = None if insertion is None else _running_insertions(block, insertion, band, i, tau)
        while used < block.shape[-1]:
            if i == n_rows:
                raise ValueError(f"costs cover more than the {n_rows} rows of the band")
            width = offsets[i + 1] - offsets[i]
            row_costs = block[..., used : used + width]  # float[..., len(bead_types), width] for row i
            if row_costs.shape[-1] != width:
                raise ValueError(f"a block of costs ends inside row {i}: blocks must hold whole rows")
            used += width
            key = (min(i, reach - 1), i % reach)
            if key not in stages:
                types, picks, slots, shifts = _stage(types_key, *key)
                stages[key] = types, picks, slots * span + shifts
            types, picks, starts = stages[key]
            if not len(types):  # row 0: no bead arrives from a row above
                row = np.full((*recent.shape[:-1], width), np.inf)
                row[..., 0] = 0.0 if i == 0 else np.inf
                choice = np.full(row.shape, -1, dtype=np.int8)
            else:  # candidates[t, k]: D[i - a, lo[i] + k - b] + cost of type t ending at (i, lo[i] + k)
                if width not in windows:
                    windows[width] = np.lib.stride_tricks.as_strided(
                        recent,
                        (*recent.shape[:-1], recent.shape[-1] - width + 1, width),
                        (*recent.strides[:-1], recent.itemsize, recent.itemsize),
                        writeable=False,
                    )
                candidates = windows[width][(*lead, starts + lo[i] if lo[i] else starts)]
                candidates += row_costs[(*lead, picks)]
                if tau is None:
                    row = candidates.min(axis=-2)
                    # the first of equal totals, as bead_types orders them (a node no path reaches is never traced
                    # back from, whatever its choice)
                    choice = types[candidates.argmin(axis=-2)] if choose else _NO_CHOICE
                else:
                    row, choice = _soft_min(candidates, tau), _NO_CHOICE
            if insertion is not None and running is not None:
                sums = running[..., i - first_row, :width]
                if tau is None:
                    row, choice = _chain_insertions(row, choice, sums, insertion)
                else:
                    row = _soft_chain_insertions(row, sums, tau)
            slot = i % reach
            fills = range(slot * span + lo[i] + pad, slot * span + hi[i] + pad + 1)
            if filled[slot].start < fills.start or filled[slot].stop > fills.stop:  # row i - reach's totals
                recent[..., filled[slot].start : filled[slot].stop] = np.inf
            filled[slot] = fills
            recent[..., fills.start : fills.stop] = row
            yield slice(offsets[i], offsets[i + 1]), row, choice
            i += 1
    if i != n_rows:
        raise ValueError(f"costs cover {i} rows, the band has {n_rows}")


# The soft DP's stand-in for a forbidden 0-1 bead in its running sums (1e18 there would swamp every finite total's
# digits): exp(-_FORBIDDEN / tau) is 0 at any temperature in the cost's units.
_FORBIDDEN = 1e4
_NO_CHOICE = np.zeros(0, dtype=np.int8)


@lru_cache(maxsize=256)
def _stage(
    bead_types: tuple[BeadType, ...], first_rows: int, residue: int
) -> tuple[np.ndarray, slice | list[int], np.ndarray, np.ndarray]:
    """For a row i of `_rows` with min(i, reach - 1) = first_rows and i % reach = residue: the bead types arriving
    from a row above whose start row exists (int8), the same as an index of a row's costs (a slice when they
    follow each other), and where in `recent` each one's start nodes begin, less lo[i], as the slot of its start
    row and a shift (start = slot * span + shift: the same for every band of these bead types)."""
    reach = max(a for a, _ in bead_types) + 1
    pad = max(b for _, b in bead_types)
    usable = [t for t, (a, _) in enumerate(bead_types) if 0 < a <= first_rows]
    slots = [(residue - bead_types[t][0]) % reach for t in usable]
    shifts = [pad - bead_types[t][1] for t in usable]
    picks = slice(usable[0], usable[-1] + 1) if usable and usable[-1] - usable[0] == len(usable) - 1 else usable
    arrays = np.array(usable, np.int8), np.array(slots, np.int64), np.array(shifts, np.int64)
    for array in arrays:  # shared by every call: never written
        array.flags.writeable = False
    return arrays[0], picks, arrays[1], arrays[2]


def _running_insertions(block: np.ndarray, insertion: int, band: Band, first_row: int, tau: float | None) -> np.ndarray:
    """float32[..., rows, width]: for each row of a block of costs (from `first_row` on) the running sum of its 0-1
    beads' costs along it, from 0 at its first cell (+inf as 1e18 in the DP, as _FORBIDDEN in the soft DP: a step no
    sum comes back from), in columns from the row's first (the widest row's width, 0 past a row's end)."""
    costs = block[..., insertion, :]
    steps = np.where(np.isfinite(costs), costs, 1e18 if tau is None else _FORBIDDEN)
    starts = band.offsets[first_row:] - band.offsets[first_row]
    rows = int(np.searchsorted(starts[1:], steps.shape[-1], side="right"))  # whole rows (`_rows` checks the rest)
    widths = starts[1 : rows + 1] - starts[:rows]
    steps = steps[..., : starts[rows]]
    steps[..., starts[:rows]] = 0.0
    if rows and (widths == widths[0]).all():  # a full grid, say: the rows end to end
        return np.add.accumulate(steps.reshape(*steps.shape[:-1], rows, int(widths[0])), axis=-1)
    row = np.repeat(np.arange(rows), widths)
    padded = np.zeros((*steps.shape[:-1], rows, int(widths.max(initial=0))), dtype=steps.dtype)
    padded[..., row, np.arange(len(row)) - starts[row]] = steps
    return np.add.accumulate(padded, axis=-1)


def _chain_insertions(
    row: np.ndarray, choice: np.ndarray, running: np.ndarray, insertion: int
) -> tuple[np.ndarray, np.ndarray]:
    """Let 0-1 beads chain along the row: D[k] = min(D[k], D[k - 1] + cost[k]) for every k, at once. `running` is
    the running sum of the row's 0-1 costs (`_running_insertions`; along the last axis, for each problem of a stack).
    An empty `choice` (no bead types chosen) stays empty. Both are the row's own arrays, written in place."""
    offset = row - running
    best = np.minimum.accumulate(offset, axis=-1)  # best[k] < offset[k] exactly where some k' < k does better
    use = best < offset
    np.add(running, best, out=row, where=use)
    if choice.size:
        np.copyto(choice, np.int8(insertion), where=use)
    return row, choice


def _soft_min(candidates: np.ndarray, tau: float) -> np.ndarray:
    """float64[..., width]: -tau log sum_t exp(-candidates[..., t, :] / tau), column by column, +inf where every one
    is. The candidates are overwritten."""
    low = candidates.min(axis=-2)
    finite = np.isfinite(low)
    everywhere = finite.all()
    shift = low if everywhere else np.where(finite, low, 0.0)
    # in place: the candidates are this row's own array
    exponents = np.divide(np.subtract(shift[..., None, :], candidates, out=candidates), tau, out=candidates)
    summed = np.exp(exponents, out=exponents).sum(axis=-2)  # >= 1 where some candidate is finite
    total = shift - tau * np.log(np.maximum(summed, 1.0, out=summed), out=summed)
    return total if everywhere else np.where(finite, total, np.inf)


def _soft_chain_insertions(row: np.ndarray, running: np.ndarray, tau: float) -> np.ndarray:
    """`_chain_insertions` with the soft-min: D[k] = softmin(D[k], D[k - 1] + cost[k]) for every k, at once, as
    P[k] + softmin_{k' <= k} (X[k'] - P[k']) with a running log-sum-exp. `running` as there, +inf as _FORBIDDEN."""
    # -inf until the first node any path reaches, where the total is +inf (running sums and totals are never -inf)
    accumulated = np.logaddexp.accumulate((running - row) / tau, axis=-1)
    return running - tau * accumulated


def _trace_back(back: np.ndarray, bead_types: Sequence[BeadType], band: Band, i: int, j: int) -> list[tuple[int, int]]:
    nodes = [(i, j)]
    while i > 0 or j > 0:
        t = back[band.cell(i, j)]
        if t < 0:
            raise ValueError(f"broken back-pointer at node ({i}, {j})")
        a, b = bead_types[t]
        i, j = i - a, j - b
        nodes.append((i, j))
    return nodes[::-1]
