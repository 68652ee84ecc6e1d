"""Scoring alignments against gold beads, as the field does (Vecalign's scorer).

A bead is a pair (source ids, target ids). Precision runs over the predicted
beads (1-0 and 0-1 included); recall over the gold beads with both sides
non-empty, matched against the predicted beads with both sides non-empty.
strict: the same bead is in the other set. lax: one of the bead's target ids is
aligned, in the other set, to one of its source ids (so a 1-0/0-1 bead is
lax-correct only when it is strict-correct). Counts are summed over documents
(micro average) and F1 = 2PR / (P + R).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


def parse_beads(lines: Iterable[str]) -> list[BeadIds]:
    """Lines like "[3]:[3]", "[9, 10]:[9]", "[4]:[]" -> beads of id tuples."""
    beads = []
    for line in lines:
        if not line.strip():
            continue
        src, tgt = line.strip().split(":")
        beads.append((tuple(ast.literal_eval(src)), tuple(ast.literal_eval(tgt))))
    return beads


def format_bead(bead: BeadIds) -> str:
    return f"[{', '.join(map(str, bead[0]))}]:[{', '.join(map(str, bead[1]))}]"


@dataclass(frozen=True, slots=True)
class Counts:
    """Correct and total beads, for precision (predicted side) and recall (gold side)."""

    strict_precision_hits: int = 0
    lax_precision_hits: int = 0
    predicted: int = 0
    strict_recall_hits: int = 0
    lax_recall_hits: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(_fields(self), _fields(other))))

    def scores(self) -> dict[str, float]:
        """strict/lax precision, recall and F1."""
        out = {}
        for mode, p_hits, r_hits in (
            ("strict", self.strict_precision_hits, self.strict_recall_hits),
            ("lax", self.lax_precision_hits, self.lax_recall_hits),
        ):
            precision = p_hits / self.predicted if self.predicted else 0.0
            recall = r_hits / self.gold if self.gold else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            out.update({f"{mode}_precision": precision, f"{mode}_recall": recall, f"{mode}_f1": f1})
        return out


def _fields(counts: Counts) -> tuple[int, ...]:
    return (
        counts.strict_precision_hits,
        counts.lax_precision_hits,
        counts.predicted,
        counts.strict_recall_hits,
        counts.lax_recall_hits,
        counts.gold,
    )


def count(predicted: Sequence[BeadIds], gold: Sequence[BeadIds]) -> Counts:
    """Counts for one document."""
    predicted = [bead for bead in predicted if bead[0] or bead[1]]
    gold = [bead for bead in gold if bead[0] or bead[1]]
    strict_p, lax_p = _hits(predicted, gold)
    predicted_pairs = [bead for bead in predicted if bead[0] and bead[1]]
    gold_pairs = [bead for bead in gold if bead[0] and bead[1]]
    strict_r, lax_r = _hits(gold_pairs, predicted_pairs)
    return Counts(strict_p, lax_p, len(predicted), strict_r, lax_r, len(gold_pairs))


def _hits(beads: Sequence[BeadIds], reference: Sequence[BeadIds]) -> tuple[int, int]:
    """How many of `beads` are strictly / laxly correct with respect to `reference`."""
    exact = {(tuple(s), tuple(t)) for s, t in reference}
    linked = {(s, t) for src, tgt in reference for s in src for t in tgt}
    strict = lax = 0
    for src, tgt in beads:
        if (tuple(src), tuple(tgt)) in exact:
            strict += 1
            lax += 1
        elif any((s, t) in linked for s in src for t in tgt):
            lax += 1
    return strict, lax


def bead_correctness(predicted: Sequence[BeadIds], gold: Sequence[BeadIds]) -> list[bool]:
    """For each predicted bead, whether it is strictly correct (what a bead's confidence should predict)."""
    exact = {(tuple(s), tuple(t)) for s, t in gold}
    return [(tuple(s), tuple(t)) in exact for s, t in predicted]


def absorbing_beads(predicted: Sequence[BeadIds], gold: Sequence[BeadIds]) -> list[int]:
    """The predicted pair beads that wrongly absorbed a unit: indices of the pairs holding a unit that the gold
    leaves without a counterpart (in a gold 1-0/0-1 bead). Such a bead is never right, whatever its other units.

    >>> absorbing_beads([((0,), (0,)), ((1, 2), (1,))], [((0,), (0,)), ((1,), (1,)), ((2,), ())])
    [1]
    """
    unpaired_source = {i for s, t in gold if not t for i in s}
    unpaired_target = {j for s, t in gold if not s for j in t}
    return [
        k
        for k, (s, t) in enumerate(predicted)
        if s and t and (not unpaired_source.isdisjoint(s) or not unpaired_target.isdisjoint(t))
    ]


def brier_score(probabilities: Sequence[float], outcomes: Sequence[bool]) -> float:
    """Mean squared difference between predicted probabilities and 0/1 outcomes (lower is better).

    >>> brier_score([1.0, 0.5], [True, False])
    0.125
    """
    p, y = _calibration_arrays(probabilities, outcomes)
    return float(np.mean((p - y) ** 2)) if len(p) else 0.0


def expected_calibration_error(probabilities: Sequence[float], outcomes: Sequence[bool], bins: int = 10) -> float:
    """Expected calibration error over `bins` equal-width bins of [0, 1].

    Bin k holds the probabilities p with k/bins <= p < (k+1)/bins (p = 1 falls
    in the last bin); ECE = sum over bins of (share of items in the bin) *
    |mean probability - fraction of true outcomes in the bin|.

    >>> round(expected_calibration_error([0.05, 0.15, 0.95, 0.95], [False, True, True, False]), 6)
    0.45
    """
    if bins < 1:
        raise ValueError(f"bins must be >= 1, got {bins}")
    p, y = _calibration_arrays(probabilities, outcomes)
    if not len(p):
        return 0.0
    bin_of = np.minimum((p * bins).astype(int), bins - 1)
    error = 0.0
    for k in np.unique(bin_of):
        in_bin = bin_of == k
        error += in_bin.sum() * abs(p[in_bin].mean() - y[in_bin].mean())
    return float(error / len(p))


def _calibration_arrays(probabilities: Sequence[float], outcomes: Sequence[bool]) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(probabilities, dtype=float)
    y = np.asarray(outcomes, dtype=float)
    if p.shape != y.shape or p.ndim != 1:
        raise ValueError(f"probabilities and outcomes must be two lists of one length, got {p.shape} and {y.shape}")
    if ((p < 0) | (p > 1)).any():
        raise ValueError("probabilities must lie in [0, 1]")
    return p, y
