"""Search stage, second look: the beads around every many-unit bead of the path, re-decided with groups encoded.

The search scores a group of units by the embedding of its summed unit states
(costs.py), which is close to what encoding the group's joined text gives but not
the same (their cosine is about 0.92 on Text+Berg and TransRead), and the
difference decides between near-equal splits: 2-1 against 1-1 + 1-0, 1-2 + 1-1
against 1-1 + 1-2. Bertalign encodes every window of units for that reason, at
many times the cost of encoding each unit once. Here only the few groups that can
change the path are encoded:

1. Each pair bead with more than one unit on a side, with the bead before and the
   bead after it, is a *window* (overlapping windows are merged; a window of more
   than `SearchParams.refine_units` units on a side is left as it is). The path
   enters and leaves it at its corners.
2. Inside a window every bead is scored again (the same cost function, summed
   states), and the cheapest path through each bead is found (forward and backward
   totals). A bead is *competitive* when that path costs at most
   `SearchParams.refine_margin` more than the window's best.
3. A window where every competitive bead is on the path already is left alone.
   Elsewhere the groups of the competitive many-unit beads are encoded from their
   joined text (all windows of a run in one batch), the window's beads are scored
   with them, and the window's path is replaced by the best one.

So the units encoded a second time are those of near-ties between splits (1-8% of
a document's characters on the dev pool, `benchmarks/accuracy.py` prints the time),
and the result is still the exact optimum of one cost function inside each window.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .costs import CostParams, Side, band_costs
from .dp import Band, BeadType, best_path
from .search import SearchParams, Span

Group = tuple[int, int]  # units start .. stop-1 of one side
# The embeddings of groups of one side (0: source, 1: target) encoded from their joined text, float32[len, dim].
GroupEncoder = Callable[[int, Sequence[Group]], np.ndarray]


@dataclass(frozen=True, slots=True)
class _Window:
    first_bead: int
    last_bead: int  # included
    source: range
    target: range


def refine_beads(
    source: Side,
    target: Side,
    spans: Sequence[Span],
    types: Sequence[BeadType],
    costs: CostParams,
    search: SearchParams,
    typical: float,
    encode_groups: GroupEncoder,
) -> list[Span]:
    """`spans` (the search's beads, in order) with each window around a many-unit bead re-decided on encoded
    groups (see the module's docstring); `encode_groups` embeds groups of units of either side."""
    if not search.refine_units:
        return list(spans)
    windows = _windows(spans, search.refine_units)
    needed: list[tuple[_Window, set[Group], set[Group]]] = []
    for window in windows:
        groups = _competitive_groups(source, target, spans, window, types, costs, search.refine_margin, typical)
        if groups is not None:
            needed.append((window, *groups))
    if not needed:
        return list(spans)
    wanted: tuple[set[Group], set[Group]] = (set(), set())
    for _, source_groups, target_groups in needed:
        wanted[0].update(source_groups)
        wanted[1].update(target_groups)
    encoded = [_encoded(side, sorted(wanted[side]), encode_groups) for side in (0, 1)]
    refined = list(spans)
    for window, source_groups, target_groups in reversed(needed):  # from the end, so earlier positions stay valid
        window_source = _with_groups(source, window.source, {g: encoded[0][g] for g in source_groups})
        window_target = _with_groups(target, window.target, {g: encoded[1][g] for g in target_groups})
        band = Band.full(len(window.source), len(window.target))
        path = best_path(band_costs(window_source, window_target, types, band, costs, typical), types, band)
        refined[window.first_bead : window.last_bead + 1] = [
            (
                range(window.source.start + i0, window.source.start + i1),
                range(window.target.start + j0, window.target.start + j1),
            )
            for (i0, j0), (i1, j1) in itertools.pairwise(path)
        ]
    return refined


def _windows(spans: Sequence[Span], max_units: int) -> list[_Window]:
    """The windows around the many-unit pair beads: each such bead with its neighbours, overlapping ones merged,
    those with more than `max_units` units on a side left out."""
    merged: list[list[int]] = []
    for k, (s, t) in enumerate(spans):
        if not (s and t and len(s) + len(t) > 2):
            continue
        first, last = max(k - 1, 0), min(k + 1, len(spans) - 1)
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    windows = []
    for first, last in merged:
        source = range(spans[first][0].start, spans[last][0].stop)
        target = range(spans[first][1].start, spans[last][1].stop)
        if len(source) <= max_units and len(target) <= max_units:
            windows.append(_Window(first, last, source, target))
    return windows


def _competitive_groups(
    source: Side,
    target: Side,
    spans: Sequence[Span],
    window: _Window,
    types: Sequence[BeadType],
    costs: CostParams,
    margin: float,
    typical: float,
) -> tuple[set[Group], set[Group]] | None:
    """The groups of units (source, target; positions in the whole sides) of the many-unit beads whose cheapest
    path through the window costs at most `margin` more than its best path, or None when every such bead is on
    the path already (nothing to re-decide)."""
    rows, columns = len(window.source) + 1, len(window.target) + 1
    band = Band.full(rows - 1, columns - 1)
    parts = (source.part(window.source.start, window.source.stop), target.part(window.target.start, window.target.stop))
    cost = np.concatenate(list(band_costs(*parts, types, band, costs, typical)), axis=1).reshape(-1, rows, columns)
    forward = path_totals(cost, types)
    backward = _backward_totals(cost, types)
    best = forward[-1, -1]
    on_path = {
        (s.stop - window.source.start, t.stop - window.target.start, len(s), len(t))
        for s, t in spans[window.first_bead : window.last_bead + 1]
    }
    source_groups: set[Group] = set()
    target_groups: set[Group] = set()
    elsewhere = False
    for k, (a, b) in enumerate(types):
        if a >= rows or b >= columns:
            continue
        through = np.full((rows, columns), np.inf)
        through[a:, b:] = forward[: rows - a, : columns - b] + cost[k, a:, b:] + backward[a:, b:]
        for i, j in zip(*np.nonzero(through <= best + margin)):
            elsewhere = elsewhere or (int(i), int(j), a, b) not in on_path
            if a and b and a + b > 2:
                if a > 1:
                    source_groups.add((window.source.start + int(i) - a, window.source.start + int(i)))
                if b > 1:
                    target_groups.add((window.target.start + int(j) - b, window.target.start + int(j)))
    return (source_groups, target_groups) if elsewhere else None


def path_totals(cost: np.ndarray, types: Sequence[BeadType]) -> np.ndarray:
    """float64[rows, columns]: the cost of the cheapest path from node (0, 0) to every node of a full window
    (+inf where none reaches), from cost[t, i, j], the cost of the bead of type t that ends at node (i, j)."""
    _, rows, columns = cost.shape
    totals = np.full((rows, columns), np.inf)
    totals[0, 0] = 0.0
    for i in range(rows):
        for t, (a, b) in enumerate(types):
            if 0 < a <= i and b < columns:
                totals[i, b:] = np.minimum(totals[i, b:], totals[i - a, : columns - b] + cost[t, i, b:])
        if (0, 1) in types:  # 0-1 beads chain along the row
            insertion = cost[types.index((0, 1)), i]
            for j in range(1, columns):
                totals[i, j] = min(totals[i, j], totals[i, j - 1] + insertion[j])
    return totals


def _backward_totals(cost: np.ndarray, types: Sequence[BeadType]) -> np.ndarray:
    """float64[rows, columns]: the cheapest path from every node of a full window to its last node, as the forward
    totals of the window reversed (a bead that ends at (i, j) ends at (rows-1-i+a, columns-1-j+b) reversed)."""
    _, rows, columns = cost.shape
    reversed_cost = np.full_like(cost, np.inf)
    flipped = cost[:, ::-1, ::-1]
    for k, (a, b) in enumerate(types):
        if a >= rows or b >= columns:
            continue
        reversed_cost[k, a:, b:] = flipped[k, : rows - a, : columns - b]
    return path_totals(reversed_cost, types)[::-1, ::-1]


def _encoded(side: int, groups: Sequence[Group], encode_groups: GroupEncoder) -> dict[Group, np.ndarray]:
    return dict(zip(groups, encode_groups(side, groups))) if groups else {}


def _with_groups(side: Side, units: range, groups: dict[Group, np.ndarray]) -> Side:
    """The window's units of `side` with the given encoded groups (positions in the whole side)."""
    part = side.part(units.start, units.stop)
    return replace(part, encoded_groups={(s - units.start, e - units.start): v for (s, e), v in groups.items()})
