"""Bead costs (aligner/costs.py): the coverage penalty of many-unit beads.

The penalty is computed a block of rows at a time with whole-matrix operations;
here it is checked against a direct computation, bead by bead, from the definition.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aligner
from aligner import costs
from aligner.costs import CostParams, Side, band_costs, bead_types, normalised_distance
from aligner.dp import Band
from aligner.embed import normalise, resolve_encoder
from aligner.pipeline import Settings, align_documents
from aligner.search import band_around


def random_side(rng: np.random.Generator, n: int, dim: int = 6) -> Side:
    states = rng.normal(size=(n, dim)).astype(np.float32)
    lengths = rng.integers(1, 400, size=n).astype(np.float64)  # short units too, whose distance is damped
    return Side(states, normalise, normalise(states), lengths, rng.uniform(-0.2, 0.4, size=n))


def expected_penalty(source: Side, target: Side, a: int, b: int, i: int, j: int, params: CostParams) -> float:
    """The coverage penalty of the a-b bead ending at node (i, j), straight from the definition."""
    src_units, tgt_units = range(i - a, i), range(j - b, j)
    src_group = normalise(source.states[i - a:i].sum(axis=0, keepdims=True))[0]
    tgt_group = normalise(target.states[j - b:j].sum(axis=0, keepdims=True))[0]

    def distance(side: Side, unit: int, group: np.ndarray) -> float:
        raw = normalised_distance(float(side.embeddings[unit] @ group), side.background[unit])
        weight = min(side.lengths[unit] / params.coverage_length, 1.0)
        return params.coverage_threshold + weight * (raw - params.coverage_threshold)

    worst = max([distance(source, u, tgt_group) for u in src_units if a > 1]
                + [distance(target, u, src_group) for u in tgt_units if b > 1])
    return params.coverage_weight * max(worst - params.coverage_threshold, 0.0)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 14), m=st.integers(1, 14), seed=st.integers(0, 2**32 - 1),
       rows_per_block=st.sampled_from([3, 5, 512]), banded=st.booleans())
def test_coverage_penalty_matches_its_definition_bead_by_bead(n, m, seed, rows_per_block, banded):
    rng = np.random.default_rng(seed)
    source, target = random_side(rng, n), random_side(rng, m)
    types = bead_types(4)
    band = Band.full(n, m)
    if banded:  # a narrow band around the diagonal of the halved sides, as the coarse-to-fine search makes
        half_n, half_m = (n + 1) // 2, (m + 1) // 2
        band = band_around([(k, round(k * half_m / half_n)) for k in range(half_n + 1)], n, m, margin=1)
    params = CostParams(coverage_weight=0.7)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(costs, "ROWS_PER_BLOCK", rows_per_block)  # several blocks: their offsets must line up
        with_coverage = np.concatenate(list(band_costs(source, target, types, band, params)), axis=1)
        without = np.concatenate(list(band_costs(source, target, types, band, CostParams(coverage_weight=0.0))), axis=1)
    for t, (a, b) in enumerate(types):
        for i in range(n + 1):
            for k, j in enumerate(band.columns[i]):
                if not np.isfinite(without[t, i, k]):
                    assert not np.isfinite(with_coverage[t, i, k])
                    continue
                penalty = expected_penalty(source, target, a, b, i, j, params) if a and b and a + b > 2 else 0.0
                assert with_coverage[t, i, k] - without[t, i, k] == pytest.approx(penalty, abs=1e-4), (a, b, i, j)


def test_a_sentence_without_translation_is_left_unpaired_not_merged_into_its_neighbour():
    # WMT22 ru-en document social_ru_98 with a sentence added on the English side (the perturbed bench set)
    source = [
        "Не увидел ни одного красивого человека на фотках в статье.",
        "Возможно, если такие персонажи и уверены в своей красоте настолько, что решают показать это на весь вагон, "
        "то к таким и не подсядут, скорее всего.",
        "Но лишь по причине психического расстройства и невежества таких \"красавцев (-иц)\", "
        "но точно не из-за их внешности.",
    ]
    target = [
        "He did not see one single good-looking person in the photos from the article.",
        "Just the sort of mediocrity within the statistical average for passengers.",
        "Possibly if such characters are so confident in their good looks that they decide to show it to the whole "
        "carriage, then it is likely that nobody is going to take the seats next to them.",
        "But that is entirely because of the psychological imbalance and ignorance of these \"beauties\", "
        "and certainly not because of their appearance.",
    ]
    source_doc, target_doc = aligner.read(source, language="ru"), aligner.read(target, language="en")

    def beads(params: CostParams) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
        result = align_documents(source_doc, target_doc, resolve_encoder(None), Settings(costs=params))
        return [(bead.source, bead.target) for bead in result.beads]

    assert beads(CostParams()) == [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))]
    # the coverage term is what keeps it out: without it the sentence is absorbed into the next pair
    assert beads(CostParams(coverage_weight=0.0))[1] == ((1,), (1, 2))
