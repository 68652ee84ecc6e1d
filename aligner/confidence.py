"""Score stage: calibrated probabilities for beads and for the whole alignment.

A bead's features (`features.bead_features`) go through a logistic model fitted on the
dev data by `benchmarks/fit_confidence.py`; its parameters ship in
`confidence.json`. Pair beads and skipped units (1-0/0-1) have one model each:
for a pair, the probability that it is a correct bead; for a skipped unit, that
the unit really has no counterpart. A third model says whether the two documents
translate each other at all, and a bead's confidence is then weighed by it
(`in_document`): a pair of texts that do not translate each other has no right pair.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import displaced_share
from .search import Span
from .types import Bead, UnitEmbeddings

PARAMETERS_FILE = Path(__file__).with_name("confidence.json")

PAIR_FEATURES = (
    "relative_distance",
    "length_gap",
    "units",
    "relative_margin",
    "log_length",
    "relative_context",
    "number_mismatch",
    "out_of_order",
    "relative_excess",
    "posterior",
    "number_support",
)
SKIP_FEATURES = ("best_similarity", "relative_best_distance", "length", "relative_context", "out_of_order")
DOCUMENT_FEATURES = ("paired_confidence", "paired_share", "one_to_one_share", "log_units", "displaced_share")


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """p = sigmoid(intercept + coef . (x - mean) / scale), on named features."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def logit(self, rows: np.ndarray) -> np.ndarray:
        """rows: float[n, len(features)] -> float[n], the log odds."""
        z = (rows - np.asarray(self.mean)) / np.asarray(self.scale)
        return self.intercept + z @ np.asarray(self.coef)

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """rows: float[n, len(features)] -> float[n] in [0, 1]."""
        if len(rows) == 0:
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-np.clip(self.logit(rows), -40, 40)))

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "mean": list(self.mean),
            "scale": list(self.scale),
        }

    @classmethod
    def from_json(cls, data: dict) -> LogisticModel:
        return cls(
            features=tuple(data["features"]),
            coef=tuple(float(x) for x in data["coef"]),
            intercept=float(data["intercept"]),
            mean=tuple(float(x) for x in data["mean"]),
            scale=tuple(float(x) for x in data["scale"]),
        )


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    """One logistic model for pair beads, one for unpaired units, one for the whole document.

    prior_shift: the log odds that `in_document` adds to the document model's probability: that model is
    fitted on more non-translations than translations, made for the purpose, and the share of translations in
    its fitting set is not their share among the documents people align (benchmarks/fit_confidence.py).
    """

    pair: LogisticModel
    skip: LogisticModel
    document: LogisticModel
    prior_shift: float = 0.0

    @property
    def identity(self) -> str:
        """A short hash of the parameters, for the signature of the results the model scored."""
        return _identity(self)


@lru_cache(maxsize=8)  # asked for by every alignment's signature
def _identity(model: ConfidenceModel) -> str:
    parameters: dict[str, object] = {part: getattr(model, part).to_json() for part in ("pair", "skip", "document")}
    parameters["prior_shift"] = model.prior_shift
    return hashlib.sha256(json.dumps(parameters, sort_keys=True).encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def default_model() -> ConfidenceModel:
    data = json.loads(PARAMETERS_FILE.read_text(encoding="utf-8"))
    parts = {part: LogisticModel.from_json(data[part]) for part in ("pair", "skip", "document")}
    return ConfidenceModel(**parts, prior_shift=float(data["prior_shift"]))


def bead_confidences(model: ConfidenceModel, spans: Sequence[Span], features: Sequence[dict[str, float]]) -> np.ndarray:
    """float[len(spans)]: for a pair bead, the probability that it is right; for a unit left unpaired, that it
    really has no counterpart; both given that the documents translate each other (`in_document` then weighs
    them by how likely that is). `features` are `features.bead_features` of the same beads."""
    is_pair = np.array([bool(s) and bool(t) for s, t in spans], dtype=bool)
    probability = np.zeros(len(spans))
    probability[is_pair] = model.pair.probability(_matrix(features, is_pair, PAIR_FEATURES))
    probability[~is_pair] = model.skip.probability(_matrix(features, ~is_pair, SKIP_FEATURES))
    return probability


def _matrix(features: Sequence[dict[str, float]], mask: np.ndarray, names: Sequence[str]) -> np.ndarray:
    rows = [[feats[name] for name in names] for feats, keep in zip(features, mask) if keep]
    return np.array(rows, dtype=float).reshape(-1, len(names))


def document_features(beads: Sequence[Bead], embeddings: UnitEmbeddings) -> np.ndarray:
    """float[len(DOCUMENT_FEATURES)]: what the document model reads from an alignment's beads and the units'
    embeddings.

    paired_confidence: the share of all units that sit in pairs, weighted by the pairs' confidence;
    paired_share: the share of units in pairs at all; one_to_one_share: the share of pairs that are 1-1;
    displaced_share: the share of units whose translation lies far from where the path put them
    (`features.displaced_share`: blocks in another order, or texts that do not translate each other).
    """
    sources = np.array([len(bead.source) for bead in beads])
    targets = np.array([len(bead.target) for bead in beads])
    confidences = np.array([bead.confidence for bead in beads])
    sizes = sources + targets
    paired = (sources > 0) & (targets > 0)
    total = max(float(sizes.sum()), 1.0)
    return np.array(
        [
            float((sizes * confidences * paired).sum()) / total,
            float(sizes[paired].sum()) / total,
            float(((sources == 1) & (targets == 1)).sum()) / max(int(paired.sum()), 1),
            float(np.log1p(sizes.sum())),
            displaced_share(beads, embeddings.source, embeddings.target),
        ]
    )


def document_confidence(model: ConfidenceModel, beads: Sequence[Bead], embeddings: UnitEmbeddings) -> float:
    """Probability that the two documents translate each other; `beads` carry their `bead_confidences`."""
    return float(model.document.probability(document_features(beads, embeddings)[None, :])[0])


def in_document(model: ConfidenceModel, beads: Sequence[Bead], document: float) -> tuple[Bead, ...]:
    """The beads with their confidence no longer given that the documents translate each other: with t the
    probability that they do, a pair is right with probability p x t (no pair of two texts that do not translate
    each other is right) and a unit rightly unpaired with 1 - (1 - p) x t (in such texts every unit is).

    t is the document confidence with `model.prior_shift` added to its log odds, the share of translations
    among the documents people align in place of the document model's fitting set's. Without this a short
    text on the same subject kept pairs at 0.6-0.9 while its document confidence was 0.04.
    """
    odds = math.log(max(document, 1e-12) / max(1.0 - document, 1e-12)) + model.prior_shift
    translation = 1.0 / (1.0 + math.exp(-min(max(odds, -40.0), 40.0)))
    return tuple(
        replace(
            bead,
            confidence=round(
                bead.confidence * translation
                if bead.source and bead.target
                else 1.0 - (1.0 - bead.confidence) * translation,
                6,
            ),
        )
        for bead in beads
    )
