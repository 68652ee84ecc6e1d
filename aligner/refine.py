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
2. Inside a window every bead's cost is read from the search's (`ScoredBand`; scored
   again where the search did not keep them), and the cheapest path through each bead
   is found (forward and backward totals). A bead is *competitive* when that path costs at most
   `SearchParams.refine_margin` more than the window's best.
3. A window where every competitive bead is on the path already is left alone.
   Elsewhere the groups of the competitive many-unit beads are encoded from their
   joined text (all windows of a run in one batch), the window's beads are scored
   with them, and the window's path is replaced by the best one.

So the units encoded a second time are those of near-ties between splits (1-8% of
a document's characters on the dev pool, `benchmarks/accuracy.py` prints the time; with
USE, only the tokens near each joint, see `USEEncoder.join_states`), and the result is
still the exact optimum of one cost function inside each window.

Then `attach_unpaired` looks at each unit the path leaves unpaired: when the encoded
group of the pair bead beside it comes nearer the pair's other side with the unit than
without it (by more than `SearchParams.attach_margin`), the unit holds some of what that
side says, so it is no omission, and it joins the pair (as SentAlign re-attaches units).
This test reads the embeddings alone: the cost function's length and skip terms, which
left the unit out, do not weigh in it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .costs import CostParams, Side, band_costs, normalised_distance, span_background
from .dp import Band, BeadType, best_path, path_totals, shifted
from .search import ScoredBand, SearchParams, Span

Group = tuple[int, int]  # units start .. stop-1 of one side
# The most windows whose forward and backward totals are found by one stacked DP (`_window_totals`): for windows of
# 8 units a side, 1.4 MB of costs and 0.3 MB of float64 temporaries a row.
WINDOWS_AT_ONCE = 256
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
    scored: ScoredBand | None = None,
) -> list[Span]:
    """`spans` (the search's beads, in order) with each window around a many-unit bead re-decided on encoded
    groups (see the module's docstring); `encode_groups` embeds groups of units of either side; `scored` is the
    search's band and costs, when it kept them (`search.scored_beads`)."""
    if not search.refine_units:
        return list(spans)
    windows = _windows(spans, search.refine_units)
    if not windows:
        return list(spans)
    needed: list[tuple[_Window, set[Group], set[Group]]] = []
    first_costs = _first_costs(source, target, windows, types, costs, typical, scored)
    for window, cost, totals in zip(windows, first_costs, _window_totals(first_costs, types)):
        groups = _competitive_groups(spans, window, cost, totals, types, search.refine_margin)
        if groups is not None:
            needed.append((window, *groups))
    if not needed:
        return list(spans)
    wanted: tuple[set[Group], set[Group]] = (set(), set())
    for _, source_groups, target_groups in needed:
        wanted[0].update(source_groups)
        wanted[1].update(target_groups)
    encoded = [_encoded(side, sorted(wanted[side]), encode_groups) for side in (0, 1)]
    redecided = [window for window, _, _ in needed]
    refined = list(spans)
    # from the end, so that the positions of the beads before each window stay valid
    for window, cost in reversed(
        list(zip(redecided, _window_costs(source, target, redecided, types, costs, typical, encoded)))
    ):
        band = Band.full(len(window.source), len(window.target))
        path = best_path(cost.reshape(len(types), -1), types, band)
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
    spans: Sequence[Span],
    window: _Window,
    cost: np.ndarray,
    totals: tuple[np.ndarray, np.ndarray],
    types: Sequence[BeadType],
    margin: float,
) -> tuple[set[Group], set[Group]] | None:
    """The groups of units (source, target; positions in the whole sides) of the many-unit beads whose cheapest
    path through the window costs at most `margin` more than its best path, or None when every such bead is on
    the path already (nothing to re-decide). cost[t, i, j]: the window's beads (see `_window_costs`); totals: its
    forward and backward totals (`_window_totals`)."""
    forward, backward = totals
    # through[t, i, j]: the cheapest path through the window that takes the bead of type t ending at (i, j)
    through = shifted(forward, types) + cost + backward
    on_path = {
        (s.stop - window.source.start, t.stop - window.target.start, len(s), len(t))
        for s, t in spans[window.first_bead : window.last_bead + 1]
    }
    source_groups: set[Group] = set()
    target_groups: set[Group] = set()
    elsewhere = False
    for k, i, j in zip(*np.nonzero(through <= forward[-1, -1] + margin)):
        a, b = types[k]
        elsewhere = elsewhere or (int(i), int(j), a, b) not in on_path
        if a and b and a + b > 2:
            if a > 1:
                source_groups.add((window.source.start + int(i) - a, window.source.start + int(i)))
            if b > 1:
                target_groups.add((window.target.start + int(j) - b, window.target.start + int(j)))
    return (source_groups, target_groups) if elsewhere else None


def _window_totals(costs: Sequence[np.ndarray], types: Sequence[BeadType]) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each window's costs (cost[t, i, j], the cost of the bead of type t that ends at node (i, j)), float64[rows,
    columns] twice: the cost of the cheapest path from node (0, 0) to every node (+inf where none reaches), and from
    every node to the last one, as the first of the window reversed (a bead that ends at (i, j) ends at
    (rows-1-i+a, columns-1-j+b) reversed).

    Both DPs of up to WINDOWS_AT_ONCE windows run as one stack (`path_totals`), each window's costs padded with
    forbidden beads to the largest one's rows and columns: the nodes of a window's own grid are reached from
    (0, 0) by the same beads, in the same order, as without the padding, which lies below and right of them."""
    result: list[tuple[np.ndarray, np.ndarray]] = []
    for first in range(0, len(costs), WINDOWS_AT_ONCE):
        chunk = costs[first : first + WINDOWS_AT_ONCE]
        shape = (max(cost.shape[1] for cost in chunk), max(cost.shape[2] for cost in chunk))
        both = _stacked_totals([*chunk, *(shifted(cost[:, ::-1, ::-1], types) for cost in chunk)], types, shape)
        forward, backward = both[: len(chunk)], both[len(chunk) :]
        for k, cost in enumerate(chunk):
            rows, columns = cost.shape[1:]
            result.append((forward[k, :rows, :columns], backward[k, :rows, :columns][::-1, ::-1]))
    return result


def _stacked_totals(costs: Sequence[np.ndarray], types: Sequence[BeadType], shape: tuple[int, int]) -> np.ndarray:
    """float64[len(costs), *shape]: the forward totals of each window's costs padded to `shape` (`_window_totals`)."""
    stacked = np.full((len(costs), len(types), *shape), np.inf, dtype=costs[0].dtype)
    for k, cost in enumerate(costs):
        stacked[k, :, : cost.shape[1], : cost.shape[2]] = cost
    band = Band.full(shape[0] - 1, shape[1] - 1)
    return path_totals(stacked.reshape(len(costs), len(types), -1), types, band).reshape(-1, *shape)


def _encoded(side: int, groups: Sequence[Group], encode_groups: GroupEncoder) -> dict[Group, np.ndarray]:
    return dict(zip(groups, encode_groups(side, groups))) if groups else {}


def _first_costs(
    source: Side,
    target: Side,
    windows: Sequence[_Window],
    types: Sequence[BeadType],
    costs: CostParams,
    typical: float,
    scored: ScoredBand | None,
) -> list[np.ndarray]:
    """`_window_costs` before any group is encoded: read from the search's costs for the windows inside its band,
    scored for the others."""
    inside = [scored is not None and _covers(scored.band, window) for window in windows]
    outside = [window for window, kept in zip(windows, inside) if not kept]
    scored_again = iter(_window_costs(source, target, outside, types, costs, typical) if outside else [])
    return [
        _window_block(scored.costs, scored.band, window.source, window.target, types)  # type: ignore[union-attr]
        if kept
        else next(scored_again)
        for window, kept in zip(windows, inside)
    ]


def _covers(band: Band, window: _Window) -> bool:
    """Whether every node of the window lies inside the band."""
    rows = slice(window.source.start, window.source.stop + 1)
    return bool((band.lo[rows] <= window.target.start).all() and (band.hi[rows] >= window.target.stop).all())


def _window_block(cells: np.ndarray, band: Band, rows: range, columns: range, types: Sequence[BeadType]) -> np.ndarray:
    """float32[len(types), len(rows) + 1, len(columns) + 1]: the costs (`cells`, on the band's cells) of every bead
    type ending at every node of the window of those source and target units, +inf for a bead that would start
    before its first node."""
    i = np.arange(rows.start, rows.stop + 1)[:, None]
    j = np.arange(columns.start, columns.stop + 1)[None, :]
    cost = cells[:, band.offsets[i] + j - band.lo[i]]
    for t, (a, b) in enumerate(types):
        cost[t, :a] = np.inf
        cost[t, :, :b] = np.inf
    return cost


def _window_costs(
    source: Side,
    target: Side,
    windows: Sequence[_Window],
    types: Sequence[BeadType],
    costs: CostParams,
    typical: float,
    encoded: Sequence[dict[Group, np.ndarray]] = ({}, {}),
) -> list[np.ndarray]:
    """float32[len(types), rows, columns] for each window: the cost of every bead type ending at every node of
    the window (+inf for a bead that would start outside it), with the `encoded` groups (source, target; keyed
    by positions in the whole sides) in place of summed states. The windows' units are laid end to end into one
    pair of sides and scored in one pass (`band_costs` over the windows' blocks), not a pass per window."""
    source_side = _stitched(source, [window.source for window in windows], encoded[0])
    target_side = _stitched(target, [window.target for window in windows], encoded[1])
    rows = np.cumsum([0] + [len(window.source) for window in windows])
    columns = np.cumsum([0] + [len(window.target) for window in windows])
    low = np.empty(rows[-1] + 1, dtype=np.int64)
    high = np.empty(rows[-1] + 1, dtype=np.int64)
    for k in range(len(windows)):  # a row shared by two windows holds the columns of both
        high[rows[k] : rows[k + 1] + 1] = columns[k + 1]
    for k in reversed(range(len(windows))):
        low[rows[k] : rows[k + 1] + 1] = columns[k]
    band = Band(lo=low, hi=high, n_cols=int(columns[-1]))
    cells = np.concatenate(list(band_costs(source_side, target_side, types, band, costs, typical)), axis=1)
    return [
        _window_block(cells, band, range(rows[k], rows[k + 1]), range(columns[k], columns[k + 1]), types)
        for k in range(len(windows))
    ]


def _stitched(side: Side, parts: Sequence[range], encoded: dict[Group, np.ndarray]) -> Side:
    """The units of `parts` of `side` laid end to end, with their statistics from the whole side and the encoded
    groups that fall inside a part (groups across two parts are never read: see `_window_costs`)."""
    units = np.concatenate([np.arange(part.start, part.stop) for part in parts])
    counts = side.numbers[units + 1] - side.numbers[units]
    numbers = np.concatenate([np.zeros((1, counts.shape[1]), counts.dtype), np.cumsum(counts, axis=0)])
    first = np.cumsum([0] + [len(part) for part in parts])
    groups = {
        (int(offset + start - part.start), int(offset + stop - part.start)): embedding
        for part, offset in zip(parts, first)
        for (start, stop), embedding in encoded.items()
        if part.start <= start and stop <= part.stop
    }
    held = None
    if side.groups is not None:  # each part's groups, those that run past its end zeroed (as a part's are)
        held = np.concatenate(
            [side.part(part.start, part.stop).group_embeddings(len(side.groups), 0, len(part)) for part in parts],
            axis=1,
        )
    return Side(
        side.states[units],
        side.finish,
        side.embeddings[units],
        side.lengths[units],
        side.background[units],
        numbers,
        side.total_length,
        groups,
        None if side.closing_quotes is None else side.closing_quotes[units],
        held,
    )


def attach_unpaired(
    source: Side,
    target: Side,
    spans: Sequence[Span],
    max_units: int,
    margin: float,
    encode_groups: GroupEncoder,
) -> list[Span]:
    """`spans` with each unpaired unit (1-0/0-1 bead) put into the pair bead before or after it when that pair's
    group on the unit's side, encoded with the unit (`encode_groups`), is nearer the pair's other side by more than
    `margin` (normalised distance) than without it; the nearer of the two when both are. A pair takes at most one
    unit, the one it gains most from, and no bead grows beyond `max_units` on a side (`costs.bead_types`). Only
    where the groups' summed states already say the unit brings the group nearer is anything encoded."""
    sides = (source, target)
    candidates: list[_Attachment] = []
    for k, span in enumerate(spans):
        if span[0] and span[1]:
            continue
        side = 0 if span[0] else 1
        unit = span[side].start
        for neighbour in (k - 1, k + 1):
            if not 0 <= neighbour < len(spans) or not (spans[neighbour][0] and spans[neighbour][1]):
                continue
            own, other = spans[neighbour][side], spans[neighbour][1 - side]
            if len(own) + 1 > max_units or len(own) + 1 + len(other) > max_units + 1:
                continue
            joined = (min(own.start, unit), max(own.stop, unit + 1))
            candidates.append(_Attachment(k, neighbour, side, (own.start, own.stop), joined, (other.start, other.stop)))

    def summed(side: int, groups: Sequence[Group]) -> np.ndarray:
        return sides[side].finish(np.stack([sides[side].states[start:stop].sum(axis=0) for start, stop in groups]))

    # what the summed states say pushes the group away is not encoded
    candidates = [c for c, gain in zip(candidates, _attachment_gains(sides, candidates, summed)) if gain > 0.0]
    gains = _attachment_gains(sides, candidates, encode_groups) if candidates else []
    result: list[Span | None] = list(spans)  # None: an unpaired unit that joined a pair
    taken: set[int] = set()
    for gain, candidate in sorted(zip(gains, candidates), key=lambda entry: -entry[0]):
        if gain <= margin or candidate.unpaired in taken or candidate.pair in taken:
            continue
        taken.update((candidate.unpaired, candidate.pair))
        pair = spans[candidate.pair]
        grown = range(*candidate.joined)
        result[candidate.pair] = (grown, pair[1]) if candidate.side == 0 else (pair[0], grown)
        result[candidate.unpaired] = None
    return [span for span in result if span is not None]


@dataclass(frozen=True, slots=True)
class _Attachment:
    """Unpaired bead `unpaired` (its unit on side `side`) joining pair bead `pair`: the pair's group on that side
    without (`own`) and with the unit (`joined`), and its group on the other side (`other`)."""

    unpaired: int
    pair: int
    side: int
    own: Group
    joined: Group
    other: Group


def _attachment_gains(
    sides: tuple[Side, Side], candidates: Sequence[_Attachment], embed: Callable[[int, Sequence[Group]], np.ndarray]
) -> list[float]:
    """How much nearer the other side (normalised distance) each pair's group comes with the unit than without it,
    the groups of several units embedded by `embed` (side, groups), a unit by its own embedding."""
    wanted: tuple[set[Group], set[Group]] = (set(), set())
    for candidate in candidates:
        wanted[candidate.side].update((candidate.own, candidate.joined))
        wanted[1 - candidate.side].add(candidate.other)
    embeddings: list[dict[Group, np.ndarray]] = []
    for side in (0, 1):
        many = sorted(group for group in wanted[side] if group[1] - group[0] > 1)
        table = dict(zip(many, embed(side, many))) if many else {}
        table.update({group: sides[side].embeddings[group[0]] for group in wanted[side] if group[1] - group[0] == 1})
        embeddings.append(table)

    def distance(side: int, group: Group, other: Group) -> float:
        similarity = float(embeddings[side][group] @ embeddings[1 - side][other])
        background = (span_background(sides[side], range(*group)) + span_background(sides[1 - side], range(*other))) / 2
        return float(normalised_distance(similarity, background))

    return [distance(c.side, c.own, c.other) - distance(c.side, c.joined, c.other) for c in candidates]
