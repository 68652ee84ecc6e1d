"""Score stage: calibrated probabilities for beads and for the whole alignment.

A bead's features (`bead_features`) go through a logistic model fitted on the
dev data by `benchmarks/fit_confidence.py`; its parameters ship in
`confidence.json`. Pair beads and skipped units (1-0/0-1) have one model each:
for a pair, the probability that it is a correct bead; for a skipped unit, that
the unit really has no counterpart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

PARAMETERS_FILE = Path(__file__).with_name("confidence.json")

PAIR_FEATURES = ("similarity", "distance", "length_gap", "units", "margin", "background", "log_length", "context")
SKIP_FEATURES = ("best_similarity", "best_distance", "length")


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """p = sigmoid(intercept + coef . (x - mean) / scale), on named features."""

    features: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """rows: float[n, len(features)] -> float[n] in [0, 1]."""
        if len(rows) == 0:
            return np.zeros(0)
        z = (rows - np.asarray(self.mean)) / np.asarray(self.scale)
        logit = self.intercept + z @ np.asarray(self.coef)
        return 1.0 / (1.0 + np.exp(-np.clip(logit, -40, 40)))

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "mean": list(self.mean),
            "scale": list(self.scale),
        }

    @classmethod
    def from_json(cls, data: dict) -> "LogisticModel":
        return cls(
            features=tuple(data["features"]),
            coef=tuple(float(x) for x in data["coef"]),
            intercept=float(data["intercept"]),
            mean=tuple(float(x) for x in data["mean"]),
            scale=tuple(float(x) for x in data["scale"]),
        )


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    pair: LogisticModel
    skip: LogisticModel


@lru_cache(maxsize=1)
def default_model() -> ConfidenceModel:
    data = json.loads(PARAMETERS_FILE.read_text(encoding="utf-8"))
    return ConfidenceModel(pair=LogisticModel.from_json(data["pair"]), skip=LogisticModel.from_json(data["skip"]))


def document_confidence(bead_sizes: np.ndarray, pair_confidences: np.ndarray) -> float:
    """Probability-like share of the text that sits in correct translation pairs.

    bead_sizes: float[n_beads], units covered by each bead; pair_confidences:
    float[n_beads], each bead's confidence for pairs and 0 for skipped units.
    """
    total = float(bead_sizes.sum())
    return float(np.clip((bead_sizes * pair_confidences).sum() / total, 0.0, 1.0)) if total else 0.0
