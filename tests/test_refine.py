"""The search's second look (aligner/refine.py): windows around many-unit beads re-decided on encoded groups.

Toy sides whose summed states make a 2-1 bead perfect, and an encoder of groups that
says the joined text is something else: the window must follow the encoded group, encode
only the groups of its competitive many-unit beads, and leave a window with no near
alternative, or every window when turned off, as it was.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aligner
from aligner import refine, search
from aligner.costs import CostParams, Side, bead_types, make_sides, typical_pair_distance
from aligner.dp import Band, path_totals
from aligner.embed import normalise
from aligner.errors import SettingsError
from aligner.refine import refine_beads
from aligner.search import SearchParams, scored_beads, search_beads
from tests.test_dp import all_paths, dp_problems, path_cost

TYPES = bead_types(4)
COSTS = CostParams()
BASIS = np.eye(8, dtype=np.float32)


def toy_sides() -> tuple[Side, Side]:
    """Source units e0, e1, e2, e3 and target units e0, e1 + e2, e3: summed, source 1 + 2 is target 1 exactly."""
    source = BASIS[[0, 1, 2, 3]]
    target = np.stack([BASIS[0], BASIS[1] + BASIS[2], BASIS[3]])
    texts = ["x" * 60] * 4, ["x" * 60, "x" * 120, "x" * 60]
    return make_sides(np.concatenate([source, target]), normalise, *texts, COSTS)


class GroupSpy:
    """Encodes every group as unit vector e7 (unrelated to every unit) and records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple[int, list[tuple[int, int]]]] = []

    def __call__(self, side: int, groups: Sequence[tuple[int, int]]) -> np.ndarray:
        self.calls.append((side, list(groups)))
        return np.tile(BASIS[7], (len(groups), 1))


def first_look(source: Side, target: Side) -> tuple[list, float]:
    typical = typical_pair_distance(source, target, COSTS)
    return search_beads(source, target, TYPES, COSTS, SearchParams(), typical), typical


def test_a_window_follows_the_encoded_groups_of_its_competitive_beads():
    source, target = toy_sides()
    spans, typical = first_look(source, target)
    assert (range(1, 3), range(1, 2)) in spans  # the summed states make source 1 + 2 one bead with target 1
    spy = GroupSpy()
    search = SearchParams(refine_margin=10.0)  # every bead of the window is competitive
    refined = refine_beads(source, target, spans, TYPES, COSTS, search, typical, spy)
    # encoded, source 1 + 2 is unrelated to target 1: the window pairs one of them (a tie here, source 2 taken
    # first) and leaves the other out
    assert refined == [
        (range(1), range(1)),
        (range(1, 2), range(1, 1)),
        (range(2, 3), range(1, 2)),
        (range(3, 4), range(2, 3)),
    ]
    # each side's groups of two units or more inside the window (source 0..3, target 0..2), in one call each
    assert spy.calls == [(0, [(0, 2), (0, 3), (0, 4), (1, 3), (1, 4), (2, 4)]), (1, [(0, 2), (0, 3), (1, 3)])]


def test_a_window_without_a_near_alternative_is_left_alone_and_nothing_is_encoded():
    source, target = toy_sides()
    spans, typical = first_look(source, target)
    spy = GroupSpy()
    refined = refine_beads(source, target, spans, TYPES, COSTS, SearchParams(refine_margin=0.0), typical, spy)
    assert refined == spans and spy.calls == []


def test_the_second_look_turned_off_changes_nothing():
    source, target = toy_sides()
    spans, typical = first_look(source, target)
    spy = GroupSpy()
    search = SearchParams(refine_units=0, refine_margin=10.0)
    assert refine_beads(source, target, spans, TYPES, COSTS, search, typical, spy) == spans and spy.calls == []


def test_a_window_larger_than_refine_units_is_left_alone():
    source, target = toy_sides()
    spans, typical = first_look(source, target)
    spy = GroupSpy()
    search = SearchParams(refine_units=2, refine_margin=10.0)  # the window holds 3 source units
    assert refine_beads(source, target, spans, TYPES, COSTS, search, typical, spy) == spans and spy.calls == []


def test_encoded_groups_replace_the_summed_embedding_of_their_group_only():
    source, _ = toy_sides()
    encoded = Side(**{**{f: getattr(source, f) for f in Side.__slots__}, "encoded_groups": {(1, 3): BASIS[7]}})
    groups = encoded.group_embeddings(4, 0, 4)
    assert np.allclose(groups[1, 1], BASIS[7])  # units 1 .. 2
    assert np.allclose(groups[1, 0], source.group_embeddings(4, 0, 4)[1, 0])  # units 0 .. 1: summed
    part = encoded.part(1, 4)
    assert set(part.encoded_groups) == {(0, 2)} and not encoded.part(2, 4).encoded_groups


@pytest.mark.parametrize(
    "field, value",
    [
        ("refine_units", -1),
        ("refine_margin", -0.1),
        ("refine_margin", float("nan")),
        ("attach_margin", -0.1),
        ("attach_margin", float("nan")),
    ],
)
def test_refine_settings_are_checked(field, value):
    with pytest.raises(SettingsError, match="refine_units, refine_margin and attach_margin"):
        SearchParams(**{field: value})


@pytest.mark.parametrize(("level", "joiner"), [("paragraph", "\n"), ("sentence", " ")])
def test_the_pipeline_encodes_a_group_from_its_units_joined_as_a_bead_text_is(fake_encoder, level, joiner):
    """A paragraph group is its paragraphs joined by a line break, a sentence group its sentences by a space:
    the text the encoder sees is the text the bead exports."""
    source = [f"Paragraph {k} of the source tells its own short story about number {k}." for k in range(6)]
    target = [*source[:2], source[2] + " " + source[3], *source[4:]]
    settings = aligner.Settings(level=level, search=SearchParams(refine_margin=10.0))
    alignment = aligner.align(source, target, model=fake_encoder, settings=settings)
    units = {unit.text for unit in alignment.source.units(level)} | {
        unit.text for unit in alignment.target.units(level)
    }
    groups = [text for text in fake_encoder.encoded if text not in units]
    assert groups  # the second look encoded at least one group
    assert all(joiner in text for text in groups)
    assert not any(("\n" if joiner == " " else "  ") in text for text in groups)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(dp_problems(max_side=3))
def test_backward_totals_are_the_cheapest_path_from_every_node_to_the_last(problem):
    costs, types, n, m = problem
    for t, (a, b) in enumerate(types):  # as a window's costs are: no bead starts before the first node
        costs[t, :a], costs[t, :, :b] = np.inf, np.inf
    totals = refine._window_totals([costs.astype(np.float32)], types)[0][1]
    for i in range(n + 1):
        for j in range(m + 1):
            shifted = [[(x - i, y - j) for x, y in p] for p in all_paths(n, m, tuple(types)) if (i, j) in p]
            brute = min(
                (path_cost(p[p.index((0, 0)) :], costs.astype(np.float32)[:, i:, j:], types) for p in shifted),
                default=math.inf,
            )
            assert totals[i, j] == pytest.approx(brute, rel=1e-6, abs=1e-6)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.lists(dp_problems(max_side=5), min_size=2, max_size=5))
def test_windows_of_any_sizes_stacked_get_the_same_totals_as_each_alone(problems):
    """The stacked DP of `_window_totals` pads smaller windows to the largest: bit for bit what each gets alone."""
    types = bead_types(4)
    windows = []
    for costs, problem_types, n, m in problems:
        if problem_types != types:  # every window of a run has the run's bead types
            costs = np.random.default_rng(n * 7 + m).random((len(types), n + 1, m + 1))
        for t, (a, b) in enumerate(types):
            costs[t, :a], costs[t, :, :b] = np.inf, np.inf
        windows.append(costs.astype(np.float32))
    stacked = refine._window_totals(windows, types)
    for costs, (forward, backward) in zip(windows, stacked):
        alone_forward, alone_backward = refine._window_totals([costs], types)[0]
        assert forward.shape == backward.shape == costs.shape[1:]
        assert forward.tobytes() == alone_forward.tobytes() and backward.tobytes() == alone_backward.tobytes()
        band = Band.full(costs.shape[1] - 1, costs.shape[2] - 1)
        alone = path_totals(costs.reshape(len(types), -1), types, band)
        assert forward.tobytes() == alone.tobytes()


def test_the_first_look_reads_the_searchs_costs_and_they_are_what_scoring_again_gives(monkeypatch):
    source, target = toy_sides()
    typical = typical_pair_distance(source, target, COSTS)
    spans, scored = scored_beads(source, target, TYPES, COSTS, SearchParams(), typical)
    assert scored is not None and scored.costs.shape == (len(TYPES), scored.band.n_cells)
    windows = refine._windows(spans, 8)
    kept = refine._first_costs(source, target, windows, TYPES, COSTS, typical, scored)
    again = refine._window_costs(source, target, windows, TYPES, COSTS, typical)
    assert all(
        np.allclose(a, b, rtol=1e-6, atol=1e-6) and (np.isinf(a) == np.isinf(b)).all() for a, b in zip(kept, again)
    )
    monkeypatch.setattr(search, "KEPT_COSTS", 0)  # a search too large to keep its costs
    assert scored_beads(source, target, TYPES, COSTS, SearchParams(), typical) == (spans, None)
    first, second = GroupSpy(), GroupSpy()
    wide = SearchParams(refine_margin=10.0)
    assert refine_beads(source, target, spans, TYPES, COSTS, wide, typical, first, scored) == refine_beads(
        source, target, spans, TYPES, COSTS, wide, typical, second
    )
    assert first.calls == second.calls


# `toy_sides` aligned with source unit 2 left out: the pair of source 1 (e1) and target 1 (e1 + e2) lacks it
UNIT_VECTORS = (BASIS[[0, 1, 2, 3]], np.stack([BASIS[0], BASIS[1] + BASIS[2], BASIS[3]]))
LEFT_OUT = [
    (range(1), range(1)),
    (range(1, 2), range(1, 2)),
    (range(2, 3), range(2, 2)),
    (range(3, 4), range(2, 3)),
]
ATTACHED = [(range(1), range(1)), (range(1, 3), range(1, 2)), (range(3, 4), range(2, 3))]


class JoinedGroups:
    """Encodes a group as the sum of its units' vectors (what the joined text says), or as `given` says; records
    what it was asked."""

    def __init__(self, given: dict[tuple[int, int, int], np.ndarray] | None = None) -> None:
        self.given = given or {}
        self.calls: list[tuple[int, list[tuple[int, int]]]] = []

    def __call__(self, side: int, groups: Sequence[tuple[int, int]]) -> np.ndarray:
        self.calls.append((side, list(groups)))
        rows = [self.given.get((side, *group), UNIT_VECTORS[side][group[0] : group[1]].sum(axis=0)) for group in groups]
        return normalise(np.stack(rows))


def test_an_unpaired_unit_that_brings_its_neighbours_group_nearer_the_other_side_joins_it():
    source, target = toy_sides()
    encoder = JoinedGroups()
    assert refine.attach_unpaired(source, target, LEFT_OUT, 4, 0.03, encoder) == ATTACHED
    # only the group with the unit of the pair before it is encoded: with the pair after it (e2 + e3 against e3) the
    # summed states say it is farther already; single units are never encoded
    assert encoder.calls == [(0, [(1, 3)])]


def test_an_unpaired_unit_whose_joined_group_is_not_nearer_by_the_margin_stays_alone():
    source, target = toy_sides()
    elsewhere = JoinedGroups({(0, 1, 3): BASIS[7]})  # with the unit, the group says something else
    assert refine.attach_unpaired(source, target, LEFT_OUT, 4, 0.03, elsewhere) == LEFT_OUT
    assert refine.attach_unpaired(source, target, LEFT_OUT, 4, 10.0, JoinedGroups()) == LEFT_OUT


def test_attaching_keeps_every_bead_within_max_units():
    source, target = toy_sides()
    assert refine.attach_unpaired(source, target, LEFT_OUT, 1, 0.0, JoinedGroups()) == LEFT_OUT


def test_a_pair_takes_the_one_unpaired_unit_it_gains_most_from():
    source, target = toy_sides()
    # source unit 0 is left out too, and with it the pair's group comes nearer target 1 as well, but less
    spans = [(range(0), range(1)), (range(1), range(0)), *LEFT_OUT[1:]]
    encoder = JoinedGroups({(0, 0, 2): BASIS[1] + 0.5 * BASIS[2]})
    assert refine.attach_unpaired(source, target, spans, 4, 0.0, encoder) == [*spans[:2], *ATTACHED[1:]]


def test_the_pipeline_attaches_with_the_second_look_only(monkeypatch, fake_encoder):
    calls = []

    def spy(source, target, spans, max_units, margin, encode_groups):
        calls.append((max_units, margin))
        return list(spans)

    monkeypatch.setattr(aligner.pipeline, "attach_unpaired", spy)
    text = [f"Paragraph {k} of the source tells its own short story about number {k}." for k in range(4)]
    aligner.align(text, text, model=fake_encoder, settings=aligner.Settings(search=SearchParams(attach_margin=0.2)))
    assert calls == [(aligner.Settings().max_units, 0.2)]
    aligner.align(text, text, model=fake_encoder, settings=aligner.Settings(search=SearchParams(refine_units=0)))
    assert len(calls) == 1
