"""Features of a whole alignment: how many units have their translation elsewhere than the path put them, and how
much nearer their best match anywhere is than their best match near their place (`path_order`)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from aligner import Bead
from aligner.costs import CostParams, Side, bead_types, number_counts
from aligner.dp import Band
from aligner.embed import normalise
from aligner.errors import SettingsError
from aligner.features import (
    DISPLACED_REACH,
    NUMBER_AGREEMENT_FLOOR,
    NUMBER_AGREEMENT_PRIOR,
    ORDER_TOLERANCE,
    background_prior,
    bead_features,
    displaced_share,
    number_agreement,
    number_support,
    path_order,
    path_posteriors,
)
from aligner.search import ScoredBand, SearchParams


def unit_vectors(count: int, seed: int = 0, dim: int = 64) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def one_to_one(count: int) -> list[Bead]:
    return [Bead((k,), (k,), "s", "t", 0.9) for k in range(count)]


def blocks_shuffled(count: int, block: int, seed: int = 1) -> np.ndarray:
    """The order of `count` units cut into blocks of `block`, the blocks in a seeded random order."""
    blocks = [list(range(k, min(k + block, count))) for k in range(0, count, block)]
    return np.array([unit for k in np.random.default_rng(seed).permutation(len(blocks)) for unit in blocks[k]])


def test_a_translation_in_order_has_no_displaced_units():
    source = unit_vectors(300)
    target = source + 0.3 * unit_vectors(300, seed=5)  # translations: close to their source, not equal
    target /= np.linalg.norm(target, axis=1, keepdims=True)
    assert displaced_share(one_to_one(300), source, target) == 0.0


def test_blocks_in_another_order_are_displaced():
    source = unit_vectors(300)
    target = source[blocks_shuffled(300, 10)]  # the path still pairs unit k with unit k
    assert displaced_share(one_to_one(300), source, target) > 0.8


def test_text_repeated_elsewhere_is_not_displaced():
    """A unit with an identical twin far away is no better matched there than where it is."""
    half = unit_vectors(50)
    source = target = np.concatenate([half, half, half])
    assert displaced_share(one_to_one(150), source, target) == 0.0


def test_a_unit_left_out_whose_translation_was_left_out_elsewhere_is_displaced():
    """A moved unit: left unpaired where it is, and its translation left unpaired far away."""
    source = unit_vectors(40)
    moved = source[5]
    target = np.concatenate([source[:5], source[6:35], moved[None], source[35:]])
    beads = (
        [Bead((k,), (k,), "s", "t", 0.9) for k in range(5)]
        + [Bead((5,), (), "s", "", 0.9)]
        + [Bead((k,), (k - 1,), "s", "t", 0.9) for k in range(6, 35)]
        + [Bead((), (34,), "", "t", 0.9)]
        + [Bead((k,), (k,), "s", "t", 0.9) for k in range(35, 40)]
    )
    share = displaced_share(beads, source, target)
    assert share == pytest.approx((1 / 40 + 1 / 40) / 2)


def test_a_document_too_short_to_move_anything_far_has_none():
    source = unit_vectors(2 * DISPLACED_REACH + 1)
    assert displaced_share(one_to_one(len(source)), source, source[::-1].copy()) == 0.0


def side(vectors: np.ndarray) -> Side:
    """A Side whose units' embeddings are `vectors` (background 0: distance = 1 - cosine)."""
    n = len(vectors)
    return Side(vectors, normalise, normalise(vectors), np.full(n, 80.0), np.zeros(n), number_counts([""] * n))


def one_to_one_spans(count: int) -> list[tuple[range, range]]:
    return [(range(k, k + 1), range(k, k + 1)) for k in range(count)]


def translations(source: np.ndarray, noise: float = 0.3, seed: int = 5) -> np.ndarray:
    target = source + noise * unit_vectors(len(source), seed=seed)
    return target / np.linalg.norm(target, axis=1, keepdims=True)


def test_a_path_that_follows_the_translation_is_in_order():
    source = unit_vectors(300)
    assert path_order(side(source), side(translations(source)), one_to_one_spans(300)) == pytest.approx(1.0)


def test_a_translation_in_shuffled_blocks_is_out_of_order_for_every_bead():
    source = unit_vectors(300)
    target = translations(source)[blocks_shuffled(300, 10)]  # the path still pairs unit k with unit k
    spans = one_to_one_spans(300)
    order = path_order(side(source), side(target), spans)
    assert order > ORDER_TOLERANCE
    features = bead_features(side(source), side(target), spans, typical=0.5, order=order)
    assert [feats["out_of_order"] for feats in features] == pytest.approx([order - ORDER_TOLERANCE] * len(spans))


def test_a_translation_in_order_has_no_out_of_order_feature():
    source = unit_vectors(100)
    spans = one_to_one_spans(100)
    order = path_order(side(source), side(translations(source)), spans)
    assert all(feats["out_of_order"] == 0.0 for feats in bead_features(side(source), side(source), spans, 0.5, order))


def test_order_of_a_document_too_short_to_move_anything_far_is_one():
    source = unit_vectors(2 * DISPLACED_REACH + 1)
    assert path_order(side(source), side(source[::-1].copy()), one_to_one_spans(len(source))) == 1.0


def test_an_unpaired_unit_reads_the_distance_of_the_pairs_around_it():
    """A dropped unit between good pairs has the context of good pairs; one beside a weak pair a weaker one."""
    source = unit_vectors(12)
    target = translations(np.concatenate([source[:4], source[5:]]))  # unit 4 has no translation
    target[8] = unit_vectors(1, seed=9)[0]  # the pair of source unit 9 is wrong
    spans = (
        [(range(k, k + 1), range(k, k + 1)) for k in range(4)]
        + [(range(4, 5), range(4, 4))]
        + [(range(k, k + 1), range(k - 1, k)) for k in range(5, 10)]
        + [(range(10, 11), range(9, 9))]
        + [(range(11, 12), range(10, 11))]
    )
    features = bead_features(side(source), side(target), spans, typical=0.5)
    distance = [feats.get("relative_distance") for feats in features]
    assert features[4]["relative_context"] == pytest.approx((distance[3] + distance[5]) / 2)
    assert features[10]["relative_context"] == pytest.approx((distance[9] + distance[11]) / 2)
    assert features[10]["relative_context"] > features[4]["relative_context"]
    assert features[3]["relative_context"] == pytest.approx((distance[2] + distance[5]) / 2)  # pairs: as before


def test_an_unpaired_unit_with_no_pair_beside_it_has_the_context_of_unrelated_text():
    source = unit_vectors(3)
    spans = [(range(k, k + 1), range(0)) for k in range(3)] + [(range(3, 3), range(k, k + 1)) for k in range(2)]
    features = bead_features(side(source), side(unit_vectors(2, seed=3)), spans, typical=0.4)
    assert [feats["relative_context"] for feats in features] == pytest.approx([1 / 0.4] * 5)


def test_one_unit_a_side_tells_a_right_pair_from_a_wrong_one_by_the_background_prior():
    """With one unit a side the measured background is the pair's own similarity, so every pair has distance 1;
    shrunk towards the encoder's usual background, a close pair is near and a distant one far."""
    source = unit_vectors(1)
    right, wrong = translations(source, noise=1.0), unit_vectors(1, seed=7)
    spans = one_to_one_spans(1)

    def measured(target: np.ndarray, units: tuple[int, int] | None) -> float:
        own = float(source[0] @ target[0])
        sides = [replace(side(vectors), background=np.full(1, own)) for vectors in (source, target)]
        return bead_features(*sides, spans, typical=0.5, background_units=units)[0]["relative_distance"]

    assert measured(right, None) == measured(wrong, None) == pytest.approx(2.0)  # (1 - s) / (1 - s) / typical
    assert measured(right, (1, 1)) < 1.0 < measured(wrong, (1, 1))
    assert background_prior(np.full(1, 0.3), 1000)[0] == pytest.approx(0.3, abs=1e-3)  # long: as measured


def test_a_pair_much_weaker_than_its_neighbours_has_a_relative_excess():
    source = unit_vectors(9)
    target = translations(source, noise=0.2)
    target[4] = unit_vectors(1, seed=11)[0]  # the unit replaced by one that does not translate it
    features = bead_features(side(source), side(target), one_to_one_spans(9), typical=0.5)
    excess = [feats["relative_excess"] for feats in features]
    assert excess[4] == pytest.approx(features[4]["relative_distance"] - features[4]["relative_context"])
    assert excess[4] > 1.0
    assert max(excess[:3] + excess[6:]) < 0.2


def test_a_bead_gets_its_posterior_in_the_search_lattice_and_a_tie_where_the_lattice_has_none():
    types = bead_types(2)
    band = Band(lo=np.array([0, 0, 1]), hi=np.array([1, 2, 2]), n_cols=2)  # node (2, 0) is outside
    costs = np.full((len(types), band.n_cells), 0.5, dtype=np.float32)
    costs[types.index((1, 1))] = 0.1  # the diagonal 1-1 beads are cheap
    costs[types.index((1, 1)), band.cell(2, 2)] = 0.2  # the second one a little less so
    scored = ScoredBand(band, costs)
    diagonal = [(range(1), range(1)), (range(1, 2), range(1, 2))]
    first, second = path_posteriors(diagonal, scored, types, tau=0.03)
    assert 0.9 < second < first < 1.0  # nearly every path's weight is on the diagonal, a little less at the end
    skips = [(range(1), range(0)), (range(1, 2), range(0)), (range(2, 2), range(1))]
    assert path_posteriors(skips, scored, types, tau=0.03)[1:] == [0.5, 0.5]  # they end / start at node (2, 0)
    assert path_posteriors(diagonal, None, types, tau=0.03) == [0.5, 0.5]  # costs not kept


@pytest.mark.parametrize("tau", [0.0, -0.03, float("nan")])
def test_the_posterior_temperature_must_be_positive(tau):
    with pytest.raises(SettingsError, match="posterior_temperature must be above 0"):
        SearchParams(posterior_temperature=tau)


def numbered_side(texts: list[str]) -> Side:
    """A Side of these texts' numbers (embeddings that play no part)."""
    return replace(side(unit_vectors(len(texts))), numbers=number_counts(texts))


ARTICLES = ["Article 1", "Article 2. Everyone", "Article 3", "in 1948 and 1949"]


def test_number_agreement_weighs_the_pairs_numbers_matched_against_those_unmatched():
    source = numbered_side(ARTICLES)
    spans = one_to_one_spans(4)
    translation = numbered_side(["Artikkel 1", "Artikkel 2. Igaühel", "Artikkel 3", "1948 ja 1949"])
    assert number_agreement([(source, translation, spans)]) == pytest.approx(10 / (10 + NUMBER_AGREEMENT_PRIOR))
    shifted = numbered_side(["Artikkel 2", "Artikkel 3. Igaühel", "Artikkel 4", "1950 ja 1951"])
    assert number_agreement([(source, shifted, spans)]) == pytest.approx(-10 / (10 + NUMBER_AGREEMENT_PRIOR))
    words = numbered_side(["one", "two", "three", "four"])
    assert number_agreement([(words, words, spans)]) == 0.0  # no numbers: no evidence either way


def test_number_agreement_counts_only_pairs_over_every_run_of_the_alignment():
    source, target = numbered_side(ARTICLES[:2]), numbered_side(["Artikkel 1", "Artikkel 2. Igaühel"])
    unpaired = [(range(1), range(0)), (range(1, 1), range(1)), (range(1, 2), range(1, 2))]
    assert number_agreement([(source, target, unpaired)]) == pytest.approx(2 / (2 + NUMBER_AGREEMENT_PRIOR))
    halves = [(source.part(k, k + 1), target.part(k, k + 1), one_to_one_spans(1)) for k in (0, 1)]
    assert number_agreement(halves) == pytest.approx(number_agreement([(source, target, one_to_one_spans(2))]))


def test_number_support_speaks_only_where_the_embeddings_lose_contrast():
    paths = [(numbered_side(ARTICLES), numbered_side(ARTICLES), one_to_one_spans(4))]
    params = CostParams()
    assert number_support(paths, params.informative_distance, params) == 0.0
    weak = 1.0 - (1.0 - params.informative_distance) / 1.5  # embedding_contrast_gain 1.5
    expected = 0.5 * (number_agreement(paths) - NUMBER_AGREEMENT_FLOOR)
    assert number_support(paths, weak, params) == pytest.approx(expected)


def test_number_support_is_never_against_a_translation_nor_for_numbers_that_agree_only_in_part():
    """Texts on the same events share some numbers wherever a path pairs them: agreement below the floor (here the
    year on both sides, the article numbers not) speaks neither way, and disagreement never lowers a pair."""
    params = CostParams()
    weak = 1.0 - (1.0 - params.informative_distance) / 1.5
    source = numbered_side(["Article 1", "in 1948 and 1949"] * 3)
    same_year = numbered_side(["Artikkel 2", "1948 ja 1949"] * 3)
    paths = [(source, same_year, one_to_one_spans(6))]
    assert 0.0 < number_agreement(paths) < NUMBER_AGREEMENT_FLOOR
    assert number_support(paths, weak, params) == 0.0
    shifted = numbered_side(["Artikkel 2", "1950 ja 1951"] * 3)
    assert number_support([(source, shifted, one_to_one_spans(6))], weak, params) == 0.0
