"""Score stage (aligner/confidence.py): the logistic models, their JSON, and the bead and document scores."""

from __future__ import annotations

import dataclasses
import json
import math
import warnings

import numpy as np
import pytest

from aligner import confidence
from aligner.confidence import ConfidenceModel, LogisticModel
from aligner.types import Bead, UnitEmbeddings


def constant(probability: float, features: tuple[str, ...]) -> LogisticModel:
    """A model that ignores its features and always says `probability`."""
    n = len(features)
    return LogisticModel(features, (0.0,) * n, math.log(probability / (1 - probability)), (0.0,) * n, (1.0,) * n)


def test_probability_is_the_sigmoid_of_the_standardised_features():
    model = LogisticModel(("x",), (1.0,), 0.0, (2.0,), (2.0,))
    rows = np.array([[2.0], [2.0 + 2 * math.log(3)], [2.0 - 2 * math.log(3)]])
    assert model.probability(rows) == pytest.approx([0.5, 0.75, 0.25])


def test_a_negative_coefficient_turns_the_probability_around():
    rising = LogisticModel(("x",), (1.5,), 0.2, (0.0,), (1.0,))
    falling = dataclasses.replace(rising, coef=(-1.5,))
    rows = np.array([[-2.0], [0.0], [3.0]])
    assert np.all(np.diff(rising.probability(rows)) > 0) and np.all(np.diff(falling.probability(rows)) < 0)


def test_extreme_inputs_stay_probabilities_without_overflow():
    model = LogisticModel(("x",), (1.0,), 0.0, (0.0,), (1.0,))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow in exp
        p = model.probability(np.array([[-1e9], [1e9]]))
    assert 0.0 < p[0] < 1e-15 and 1.0 - 1e-15 < p[1] <= 1.0


def test_no_rows_give_no_probabilities():
    assert confidence.default_model().pair.probability(np.zeros((0, len(confidence.PAIR_FEATURES)))).shape == (0,)


def test_json_round_trip_keeps_the_model():
    model = LogisticModel(("a", "b"), (0.5, -1.25), 0.1, (1.0, 2.0), (3.0, 4.0))
    assert LogisticModel.from_json(json.loads(json.dumps(model.to_json()))) == model


def test_the_shipped_parameters_fit_the_features_the_code_computes():
    model = confidence.default_model()
    assert (model.pair.features, model.skip.features, model.document.features) == (
        confidence.PAIR_FEATURES,
        confidence.SKIP_FEATURES,
        confidence.DOCUMENT_FEATURES,
    )
    for part in (model.pair, model.skip, model.document):
        assert len(part.coef) == len(part.mean) == len(part.scale) == len(part.features)
        assert all(scale > 0 for scale in part.scale)
    assert json.loads(confidence.PARAMETERS_FILE.read_text(encoding="utf-8"))["pair"] == model.pair.to_json()


def test_identity_names_the_parameters():
    model = confidence.default_model()
    assert (
        len(model.identity) == 12
        and model.identity == ConfidenceModel(model.pair, model.skip, model.document, model.prior_shift).identity
    )
    assert dataclasses.replace(model, prior_shift=model.prior_shift + 1e-9).identity != model.identity
    nudged = dataclasses.replace(model.skip, intercept=model.skip.intercept + 1e-9)
    assert dataclasses.replace(model, skip=nudged).identity != model.identity


def test_pairs_are_scored_by_the_pair_model_and_skipped_units_by_the_skip_model():
    model = ConfidenceModel(
        constant(0.9, confidence.PAIR_FEATURES),
        constant(0.2, confidence.SKIP_FEATURES),
        confidence.default_model().document,
    )
    spans = [(range(1), range(1)), (range(1, 2), range(1, 1)), (range(2, 4), range(1, 2)), (range(4, 4), range(2, 3))]
    features = [dict.fromkeys(confidence.PAIR_FEATURES + confidence.SKIP_FEATURES, 0.0) for _ in spans]
    assert confidence.bead_confidences(model, spans, features) == pytest.approx([0.9, 0.2, 0.9, 0.2])


def embeddings(source_units: int, target_units: int, seed: int = 0) -> UnitEmbeddings:
    """Random unit vectors; unit k of the target is unit k of the source (a translation in order)."""
    vectors = np.random.default_rng(seed).standard_normal((max(source_units, target_units), 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return UnitEmbeddings("test", vectors[:source_units], vectors[:target_units])


def test_document_features_from_the_beads():
    beads = [Bead((0,), (0,), "a", "a", 1.0), Bead((1, 2), (1,), "b c", "b", 0.5), Bead((3,), (), "d", "", 0.9)]
    values = dict(zip(confidence.DOCUMENT_FEATURES, confidence.document_features(beads, embeddings(4, 2))))
    # units 2 + 3 + 1 = 6; the pairs hold 5 of them, weighted by confidence 2 * 1.0 + 3 * 0.5; one of two pairs is
    # 1-1; two target units are too few for any unit to lie far from its place (features.displaced_share)
    assert values == pytest.approx(
        {
            "paired_confidence": 3.5 / 6,
            "paired_share": 5 / 6,
            "one_to_one_share": 0.5,
            "log_units": math.log1p(6),
            "displaced_share": 0.0,
        }
    )


def test_a_document_whose_units_pair_with_confidence_scores_above_one_left_mostly_unpaired():
    translated = [Bead((k,), (k,), "s", "t", 0.95) for k in range(40)]
    unrelated = [Bead((k,), (), "s", "", 0.9) for k in range(40)] + [Bead((), (k,), "", "t", 0.9) for k in range(40)]
    model = confidence.default_model()
    assert (
        confidence.document_confidence(model, translated, embeddings(40, 40))
        > 0.5
        > confidence.document_confidence(model, unrelated, embeddings(40, 40, seed=1))
    )


def test_the_same_beads_score_lower_when_the_translation_is_in_shuffled_blocks():
    order = np.random.default_rng(2).permutation(20)
    units = embeddings(200, 200)
    shuffled = UnitEmbeddings("test", units.source, np.concatenate([units.target[10 * k : 10 * k + 10] for k in order]))
    # pairs at 0.8, not 0.95: there the document model is saturated by the pairs alone (0.997 against 0.969 since the
    # pair posterior, which lowers the pairs of non-translations; real documents in shuffled blocks get 0.000, their
    # pairs' confidence falling with `out_of_order`)
    beads = [Bead((k,), (k,), "s", "t", 0.8) for k in range(200)]
    model = confidence.default_model()
    in_order, out_of_order = (confidence.document_confidence(model, beads, e) for e in (units, shuffled))
    assert out_of_order < in_order - 0.05


@pytest.mark.parametrize("part", ["pair", "skip"])
def test_a_bead_of_a_document_out_of_order_is_less_sure(part):
    """The same bead features, once in a document in order and once in one whose units match better elsewhere
    (`features.path_order` beyond its tolerance): a pair is less likely right, a unit less likely truly unpaired."""
    model = getattr(confidence.default_model(), part)
    row = np.array(model.mean)[None, :].repeat(2, axis=0)
    column = model.features.index("out_of_order")
    row[:, column] = [0.0, 1.0]
    in_order, out_of_order = model.probability(row)
    assert out_of_order < in_order - 0.2


def bead(source: tuple[int, ...], target: tuple[int, ...], probability: float) -> Bead:
    return Bead(source=source, target=target, source_text="", target_text="", confidence=probability)


def test_in_document_weighs_pairs_and_unpaired_units_by_the_probability_of_a_translation():
    """A pair is right only in a translation (p x t); in a non-translation every unit is rightly unpaired."""
    model = dataclasses.replace(confidence.default_model(), prior_shift=math.log(3))  # odds 1:1 -> 3:1, t = 0.75
    pair, unpaired = bead((0,), (0,), 0.8), bead((1,), (), 0.6)
    assert [b.confidence for b in confidence.in_document(model, [pair, unpaired], 0.5)] == pytest.approx(
        [0.8 * 0.75, 1 - 0.4 * 0.75]
    )


def test_in_document_leaves_a_certain_translation_alone_and_empties_a_certain_non_translation():
    model = dataclasses.replace(confidence.default_model(), prior_shift=0.0)
    beads = [bead((0,), (0,), 0.9), bead((), (1,), 0.3)]
    assert [b.confidence for b in confidence.in_document(model, beads, 1.0)] == pytest.approx([0.9, 0.3])
    assert [b.confidence for b in confidence.in_document(model, beads, 0.0)] == pytest.approx([0.0, 1.0])


def test_the_shipped_prior_shift_raises_the_document_probability_for_the_beads():
    """The document model is fitted on more non-translations than translations; people mostly align translations."""
    model = confidence.default_model()
    assert model.prior_shift > 0
    lifted = confidence.in_document(model, [bead((0,), (0,), 1.0)], 0.5)[0].confidence
    assert 0.5 < lifted < 1.0
