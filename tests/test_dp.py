"""The dynamic program (aligner/dp.py) and the coarse-to-fine search (aligner/search.py).

Property tests: on random cost arrays the path is monotone, starts at (0, 0), ends at (n, m),
covers every unit once, and on tiny inputs equals a brute-force enumeration of all bead sequences.
"""

from __future__ import annotations

import itertools
import math
import random
import weakref
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aligner
from aligner import search
from aligner.costs import bead_types
from aligner.dp import Band, _mirrored_costs, bead_posteriors, best_path, path_totals
from aligner.embed import resolve_encoder
from aligner.pipeline import Settings
from aligner.search import SearchParams

Path = list[tuple[int, int]]
SMALL_FULL_DP = Settings(search=SearchParams(full_dp_nodes=100))  # the banded search from 10 x 10 units on


def path_cost(path: Path, costs: np.ndarray, types: list[tuple[int, int]]) -> float:
    """Sum of bead costs along `path`, with costs for every node (costs[t, i, j])."""
    total = 0.0
    for (i0, j0), (i1, j1) in itertools.pairwise(path):
        total += float(costs[types.index((i1 - i0, j1 - j0)), i1, j1])
    return total


def all_paths(n: int, m: int, types: tuple[tuple[int, int], ...]) -> list[Path]:
    """Every bead sequence from (0, 0) to (n, m), by brute force."""

    @cache
    def paths_from(i: int, j: int) -> tuple[tuple[tuple[int, int], ...], ...]:
        if (i, j) == (n, m):
            return (((n, m),),)
        found = []
        for a, b in types:
            if i + a <= n and j + b <= m:
                found.extend(((i, j), *rest) for rest in paths_from(i + a, j + b))
        return tuple(found)

    return [list(path) for path in paths_from(0, 0)]


@st.composite
def dp_problems(draw, max_side: int = 4):
    """(costs float[T, n+1, m+1], bead types, n, m): random finite costs, some pair beads forbidden (+inf)."""
    n = draw(st.integers(0, max_side))
    m = draw(st.integers(0, max_side))
    max_units = draw(st.integers(1, 4))
    types = bead_types(max_units)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    scale = draw(st.sampled_from([0.01, 1.0, 100.0]))
    costs = rng.random((len(types), n + 1, m + 1)) * scale
    forbidden = rng.random(costs.shape) < draw(st.sampled_from([0.0, 0.3]))
    skips = [types.index((1, 0)), types.index((0, 1))]
    forbidden[skips] = False  # 1-0 and 0-1 always allowed, so a path always exists
    costs[forbidden] = np.inf
    if draw(st.booleans()):  # coarse integer costs make ties likely
        costs = np.where(np.isfinite(costs), np.round(costs * 3 / scale), np.inf)
    return costs, types, n, m


def check_path_shape(path: Path, types: list[tuple[int, int]], n: int, m: int) -> None:
    assert path[0] == (0, 0)
    assert path[-1] == (n, m)
    steps = [(i1 - i0, j1 - j0) for (i0, j0), (i1, j1) in itertools.pairwise(path)]
    assert all(step in types for step in steps), steps
    assert all(a >= 0 and b >= 0 and a + b > 0 for a, b in steps), "the path must be monotone"
    source_units = [i for (i0, _), (i1, _) in itertools.pairwise(path) for i in range(i0, i1)]
    target_units = [j for (_, j0), (_, j1) in itertools.pairwise(path) for j in range(j0, j1)]
    assert source_units == list(range(n)), "every source unit exactly once, in order"
    assert target_units == list(range(m)), "every target unit exactly once, in order"


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(dp_problems())
def test_best_path_is_a_monotone_cover_and_the_brute_force_optimum(problem):
    costs, types, n, m = problem
    path = best_path(on_band(costs, Band.full(n, m)), types, Band.full(n, m))
    check_path_shape(path, types, n, m)

    candidates = sorted((path_cost(p, costs, types), p) for p in all_paths(n, m, tuple(types)))
    candidates = [(cost, p) for cost, p in candidates if math.isfinite(cost)]
    best_cost = candidates[0][0]
    assert path_cost(path, costs, types) == pytest.approx(best_cost, rel=1e-9, abs=1e-9)
    optimal = [p for cost, p in candidates if cost <= best_cost + 1e-9 * max(1.0, abs(best_cost))]
    if len(optimal) == 1:
        assert path == optimal[0]


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(dp_problems(max_side=12))
def test_best_path_on_larger_inputs_is_a_monotone_cover(problem):
    costs, types, n, m = problem
    path = best_path(on_band(costs, Band.full(n, m)), types, Band.full(n, m))
    check_path_shape(path, types, n, m)


@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(dp_problems(max_side=10), st.lists(st.integers(1, 11), min_size=1, max_size=4))
def test_costs_given_in_blocks_of_rows_give_the_same_path(problem, cuts):
    costs, types, n, m = problem
    band = Band.full(n, m)
    cells = on_band(costs, band)
    bounds = [band.offsets[row] for row in sorted({0, n + 1, *(c for c in cuts if c < n + 1)})]
    blocks = (cells[:, start:stop] for start, stop in itertools.pairwise(bounds))  # consumed once, as band_costs yields
    assert best_path(blocks, types, band) == best_path(cells, types, band)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(dp_problems(max_side=3))
def test_path_totals_are_the_cheapest_path_to_every_node(problem):
    costs, types, n, m = problem
    band = Band.full(n, m)
    totals = path_totals(on_band(costs, band), types, band)
    for i in range(n + 1):
        for j in range(m + 1):
            brute = min((path_cost(p, costs, types) for p in all_paths(i, j, tuple(types))), default=math.inf)
            assert totals[band.cell(i, j)] == pytest.approx(brute, rel=1e-9, abs=1e-9)


def test_costs_that_stop_short_of_the_last_row_are_an_error():
    types = bead_types(2)
    band = Band.full(3, 3)
    costs = np.ones((len(types), band.n_cells))
    with pytest.raises(ValueError, match="cover 3 rows, the band has 4"):
        best_path([costs[:, : band.offsets[3]]], types, band)


def test_a_block_that_ends_inside_a_row_is_an_error():
    types = bead_types(2)
    band = Band.full(3, 3)
    costs = np.ones((len(types), band.n_cells))
    with pytest.raises(ValueError, match="ends inside row 1"):
        best_path([costs[:, :6], costs[:, 6:]], types, band)


def test_cells_are_numbered_row_by_row_within_each_rows_own_columns():
    band = Band(lo=np.array([0, 0, 2, 5]), hi=np.array([1, 4, 3, 6]), n_cols=6)
    assert band.widths.tolist() == [2, 5, 2, 2]
    assert band.n_cells == 11
    i, j = band.nodes(range(4))
    assert list(zip(i.tolist(), j.tolist())) == [
        (0, 0),
        (0, 1),
        (1, 0),
        (1, 1),
        (1, 2),
        (1, 3),
        (1, 4),
        (2, 2),
        (2, 3),
        (3, 5),
        (3, 6),
    ]
    assert [band.cell(int(a), int(b)) for a, b in zip(i, j)] == list(range(11))
    i, j = band.nodes(range(2, 4))
    assert list(zip(i.tolist(), j.tolist())) == [(2, 2), (2, 3), (3, 5), (3, 6)]
    with pytest.raises(ValueError, match="outside the band"):
        band.cell(2, 4)


def on_band(costs: np.ndarray, band: Band) -> np.ndarray:
    """Costs for every node (costs[t, i, j]) restricted to the band's cells (float[T, band.n_cells])."""
    i, j = band.nodes(range(len(band.lo)))
    return costs[:, i, j]


def band_containing(path: Path, n: int, m: int, margin: int) -> Band:
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (i0, j0), (i1, j1) in itertools.pairwise(path):  # a bead may jump over rows: they get its columns
        rows = slice(i0, i1 + 1)
        lo[rows] = np.minimum(lo[rows], max(0, j0 - margin))
        hi[rows] = np.maximum(hi[rows], min(m, j1 + margin))
    if len(path) == 1:
        hi[0] = 0
    lo[0] = 0
    return Band(lo=lo, hi=hi, n_cols=m)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(dp_problems(max_side=10), st.integers(0, 3))
def test_a_band_around_the_optimal_path_finds_the_same_cost(problem, margin):
    costs, types, n, m = problem
    full = best_path(on_band(costs, Band.full(n, m)), types, Band.full(n, m))
    band = band_containing(full, n, m, margin)
    banded = best_path(on_band(costs, band), types, band)
    check_path_shape(banded, types, n, m)
    assert path_cost(banded, costs, types) == pytest.approx(path_cost(full, costs, types), rel=1e-9, abs=1e-9)
    # the band's totals: its best path's cost at the last node, and nowhere less than the whole grid's (fewer paths)
    totals = path_totals(on_band(costs, band), types, band)
    assert totals[-1] == pytest.approx(path_cost(banded, costs, types), rel=1e-9, abs=1e-9)
    whole = path_totals(on_band(costs, Band.full(n, m)), types, Band.full(n, m))
    i, j = band.nodes(range(n + 1))
    assert (totals >= whole[[Band.full(n, m).cell(a, b) for a, b in zip(i, j)]] - 1e-9).all()


def test_default_bead_types_cover_the_issue_list():
    types = bead_types(4)
    assert {(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2)} <= set(types)
    assert max(a for a, _ in types) == 4 and max(b for _, b in types) == 4
    assert len(set(types)) == len(types)


@pytest.mark.parametrize("max_units", [1, 2, 3, 5])
def test_bead_types_respect_the_size_limit(max_units):
    types = bead_types(max_units)
    assert all(a <= max_units and b <= max_units for a, b in types)
    assert (1, 1) in types and (1, 0) in types and (0, 1) in types


# --- coarse-to-fine search, through the pipeline --------------------------------------------------

WORDS = (
    "river mountain letter window garden silver market doctor thunder pencil harbour candle "
    "forest engine bridge winter orange blanket castle mirror violin ladder rocket saddle"
).split()


def numbered_sentences(count: int, seed: int = 7) -> list[str]:
    """Distinct, unrelated sentences: random words, so the fake encoder tells them apart."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(8)) + f" number {k}." for k in range(count)]


@pytest.fixture
def spy_band_around(monkeypatch):
    calls = []
    original = search.band_around

    def counting(*args, **kwargs):
        calls.append(args[1:3])
        return original(*args, **kwargs)

    monkeypatch.setattr(search, "band_around", counting)
    return calls


def test_banded_search_equals_full_dp_on_a_clean_diagonal(spy_band_around, fake_encoder):
    sentences = numbered_sentences(80)
    full = aligner.align(sentences, sentences, model=fake_encoder)
    assert not spy_band_around, "80 x 80 is small enough for the full DP"
    assert [(b.source, b.target) for b in full.beads] == [((k,), (k,)) for k in range(80)]

    banded = aligner.align(sentences, sentences, model=fake_encoder, settings=SMALL_FULL_DP)
    assert spy_band_around, "the banded search was not used"
    assert (80, 80) in spy_band_around
    assert [(b.source, b.target) for b in banded.beads] == [(b.source, b.target) for b in full.beads]


def test_banded_search_equals_full_dp_with_omissions_and_merges(spy_band_around, fake_encoder):
    source = numbered_sentences(90, seed=11)
    target = list(source)
    target[40:42] = [source[40] + " " + source[41]]  # a 2-1 bead
    del target[70]  # a 1-0 bead
    target.insert(10, "an extra sentence that has no counterpart anywhere at all.")  # a 0-1 bead
    full = aligner.align(source, target, model=fake_encoder)
    banded = aligner.align(source, target, model=fake_encoder, settings=SMALL_FULL_DP)
    assert spy_band_around
    assert [(b.source, b.target) for b in banded.beads] == [(b.source, b.target) for b in full.beads]
    assert ((40, 41), (41,)) in [(b.source, b.target) for b in full.beads]


class FinishSpy:
    """The fake encoder as a StateEncoder whose `finish` counts, each time it is called, how many of the
    embeddings it made before are still held by someone."""

    def __init__(self, fake_encoder) -> None:
        self._inner = resolve_encoder(fake_encoder)
        self.name = self._inner.name
        self._made: list[weakref.ref] = []
        self.held: list[int] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.finish(self.encode_states(texts))

    def encode_states(self, texts: list[str]) -> np.ndarray:
        return self._inner.encode_states(texts)

    def finish(self, states: np.ndarray) -> np.ndarray:
        self.held.append(sum(made() is not None for made in self._made))
        embeddings = self._inner.finish(states)
        self._made.append(weakref.ref(embeddings))
        return embeddings


def test_the_banded_search_holds_the_embeddings_of_one_coarser_level_at_a_time(spy_band_around, fake_encoder):
    """A long document's memory: each halved level's embeddings are made when that level is searched and let go
    with its path, so besides the units' own embeddings at most one level's are held."""
    sentences = numbered_sentences(80)
    spy = FinishSpy(fake_encoder)
    banded = aligner.align(sentences, sentences, model=spy, settings=SMALL_FULL_DP)
    assert len(spy_band_around) >= 4, "80 units halved 4 times before the full DP"
    # at most the units' (both sides in one pass; here copied out of the pass that made their groups too) and the
    # two sides' of the level searched
    assert max(spy.held) <= 3
    assert [(b.source, b.target) for b in banded.beads] == [((k,), (k,)) for k in range(80)]


def test_search_on_tiny_sides_uses_the_full_dp(spy_band_around, fake_encoder):
    result = aligner.align(
        ["alpha beta gamma.", "delta epsilon."],
        ["alpha beta gamma.", "delta epsilon."],
        model=fake_encoder,
        settings=Settings(search=SearchParams(full_dp_nodes=1)),
    )
    assert not spy_band_around
    assert [(b.source, b.target) for b in result.beads] == [((0,), (0,)), ((1,), (1,))]


def test_a_band_that_misses_the_first_or_last_node_or_leaves_the_grid_is_rejected():
    with pytest.raises(ValueError, match="node"):
        Band(lo=np.array([0, 1]), hi=np.array([1, 2]), n_cols=3)  # (1, 3) is not in the band
    with pytest.raises(ValueError, match="node"):
        Band(lo=np.array([1, 1]), hi=np.array([2, 3]), n_cols=3)  # (0, 0) is not in the band
    with pytest.raises(ValueError, match="between 0 and n_cols"):
        Band(lo=np.array([0, 4, 2]), hi=np.array([1, 3, 3]), n_cols=3)  # row 1 is empty


def test_band_around_gives_each_row_only_the_width_the_coarse_path_needs_there():
    # a coarse path with a long run of 0-1 beads in one row (a passage present on the target side only)
    coarse = [(0, 0), (1, 1)] + [(2, j) for j in range(2, 21)] + [(i, 18 + i) for i in range(3, 11)]
    band = search.band_around(coarse, 20, 56, margin=1)
    assert band.lo[0] == 0 and band.hi[-1] == 56
    for (i0, j0), (i1, j1) in itertools.pairwise(coarse):  # every fine node of the scaled path is inside the band
        for i in range(2 * i0, 2 * i1 + 1):
            assert band.lo[i] <= 2 * j0 and 2 * j1 <= band.hi[i]
    assert band.widths.max() >= 36  # the rows around the gap are as wide as the gap ...
    assert band.widths[-8:].max() <= 10  # ... the rows far from it are not widened by it


# --- bead sizes through the pipeline ----------------------------------------------------------------


def merged_target(source: list[str], start: int, stop: int) -> list[str]:
    """The source with units start .. stop-1 joined into one unit."""
    return [*source[:start], " ".join(source[start:stop]), *source[stop:]]


def test_three_units_merged_into_one_give_a_3_1_bead(fake_encoder):
    source = numbered_sentences(12, seed=3)
    result = aligner.align(source, merged_target(source, 4, 7), model=fake_encoder)
    expected = [((k,), (k,)) for k in range(4)] + [((4, 5, 6), (4,))] + [((k,), (k - 2,)) for k in range(7, 12)]
    assert [(b.source, b.target) for b in result.beads] == expected


def test_the_same_merge_seen_from_the_other_side_gives_a_1_3_bead(fake_encoder):
    target = numbered_sentences(12, seed=3)
    result = aligner.align(merged_target(target, 4, 7), target, model=fake_encoder)
    assert ((4,), (4, 5, 6)) in [(b.source, b.target) for b in result.beads]


@pytest.mark.parametrize("max_units", [1, 2, 3])
def test_max_units_caps_the_bead_size(fake_encoder, max_units):
    source = numbered_sentences(12, seed=3)
    result = aligner.align(source, merged_target(source, 3, 8), model=fake_encoder, max_units=max_units)
    assert all(len(b.source) <= max_units and len(b.target) <= max_units for b in result.beads)
    assert [i for b in result.beads for i in b.source] == list(range(12))


def every_posterior(costs: np.ndarray, types: list[tuple[int, int]], band: Band, tau: float) -> np.ndarray:
    """float[len(types), band.n_cells]: `bead_posteriors` of every bead of the band."""
    kinds, ends = np.divmod(np.arange(len(types) * band.n_cells), band.n_cells)
    return bead_posteriors(costs, types, band, tau, kinds, ends).reshape(len(types), band.n_cells)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(dp_problems(max_side=3), st.sampled_from([0.03, 0.3, 3.0]), st.integers(0, 1))
def test_bead_posteriors_are_the_brute_force_sums_over_the_paths_through_each_bead(problem, tau, margin):
    costs, types, n, m = problem
    paths = [p for p in all_paths(n, m, tuple(types)) if math.isfinite(path_cost(p, costs, types))]
    band = band_containing(min(paths, key=lambda p: path_cost(p, costs, types)), n, m, margin)
    inside = [p for p in paths if all(band.lo[i] <= j <= band.hi[i] for i, j in p)]
    lowest = min(path_cost(p, costs, types) for p in inside)
    weights = [math.exp(-(path_cost(p, costs, types) - lowest) / tau) for p in inside]
    expected = np.zeros((len(types), band.n_cells))
    for path, weight in zip(inside, weights):
        for (i0, j0), (i1, j1) in itertools.pairwise(path):
            expected[types.index((i1 - i0, j1 - j0)), band.cell(i1, j1)] += weight / sum(weights)
    np.testing.assert_allclose(every_posterior(on_band(costs, band), types, band, tau), expected, rtol=1e-7, atol=1e-9)


def test_two_equal_paths_give_their_beads_one_half_each():
    types = [(1, 1), (1, 0), (0, 1)]
    band = Band.full(1, 1)
    costs = np.full((len(types), band.n_cells), np.inf)
    costs[1:] = 0.4  # 1-0 then 0-1, or 0-1 then 1-0; no 1-1
    posteriors = every_posterior(costs, types, band, tau=0.05)
    np.testing.assert_allclose(posteriors[1:], [[0, 0, 0.5, 0.5], [0, 0.5, 0, 0.5]])
    assert not posteriors[0].any()


def test_the_cheapest_path_gets_more_of_the_posterior_as_tau_falls():
    types = [(1, 1), (1, 0), (0, 1)]
    band = Band.full(1, 1)
    costs = np.full((len(types), band.n_cells), np.inf)
    costs[0, band.cell(1, 1)] = 0.3  # the 1-1 bead, against 1-0 + 0-1 (or 0-1 + 1-0) at 0.2 + 0.2
    costs[1:] = 0.2
    taus = (1.0, 0.1, 0.03, 0.01)
    one_to_one = [every_posterior(costs, types, band, tau)[0, band.cell(1, 1)] for tau in taus]
    np.testing.assert_allclose(one_to_one, [1 / (1 + 2 * math.exp(-0.1 / tau)) for tau in taus])
    assert one_to_one == sorted(one_to_one) and one_to_one[-1] > 0.9999


def test_bead_posteriors_stay_finite_on_a_long_document():
    types = bead_types(2)
    band = search.band_around([(k, k) for k in range(2001)], 4000, 4000, margin=5)
    costs = np.random.default_rng(0).random((len(types), band.n_cells)) + 1.0  # totals about 4,000 cost units
    posteriors = every_posterior(costs, types, band, tau=0.03)
    assert np.isfinite(posteriors).all()
    # every path covers each source unit once and ends at the last node
    source_units = np.array([a for a, _ in types], dtype=float)
    assert float(source_units @ posteriors.sum(axis=1)) == pytest.approx(4000.0)
    assert posteriors[:, -1].sum() == pytest.approx(1.0)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(dp_problems(max_side=6), st.integers(1, 4), st.integers(0, 3))
def test_a_stack_of_problems_on_one_band_gets_each_ones_own_totals(problem, count, margin):
    """path_totals on costs with a leading axis solves each problem as if alone, bit for bit (bead_posteriors runs
    its forward and backward passes of a full grid so)."""
    costs, types, n, m = problem
    band = band_containing(best_path(on_band(costs, Band.full(n, m)), types, Band.full(n, m)), n, m, margin)
    rng = np.random.default_rng(n * 31 + m)
    stack = np.stack([on_band(np.where(np.isfinite(costs), costs * rng.random(), np.inf), band) for _ in range(count)])
    for tau in (None, 0.03):  # the cheapest path's totals, and the soft-min's of bead_posteriors
        totals = path_totals(stack, types, band, tau)
        assert totals.shape == (count, band.n_cells)
        for k in range(count):
            assert totals[k].tobytes() == path_totals(stack[k], types, band, tau).tobytes()


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(dp_problems(max_side=6), st.integers(0, 2))
def test_the_backward_pass_reads_each_beads_cost_from_the_far_corner(problem, margin):
    """bead_posteriors' mirrored costs, on a full grid (taken whole, reversed) and on a band: the bead (a, b) ending at
    node (i, j) of the grid reversed costs what the bead from (n - i, m - j) to (n - i + a, m - j + b) costs here."""
    costs, types, n, m = problem
    full = Band.full(n, m)
    for band in (full, band_containing(best_path(on_band(costs, full), types, full), n, m, margin)):
        mirrored = Band(lo=m - band.hi[::-1], hi=m - band.lo[::-1], n_cols=m)
        result = _mirrored_costs(on_band(costs, band), types, band, mirrored)
        assert result.dtype == on_band(costs, band).dtype
        for t, (a, b) in enumerate(types):
            for i in range(n + 1):
                for j in range(int(mirrored.lo[i]), int(mirrored.hi[i]) + 1):
                    end_i, end_j = n - i + a, m - j + b
                    inside = end_i <= n and band.lo[end_i] <= end_j <= band.hi[end_i]
                    expected = on_band(costs, band)[t, band.cell(end_i, end_j)] if inside else np.inf
                    assert result[t, mirrored.cell(i, j)] == expected
