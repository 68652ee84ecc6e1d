"""Features stage: what the confidence model reads about each bead of a path.

For a pair bead: its normalised distance, its margin over the best neighbouring
unit and the distance of the pair beads around it, each relative to the
document's `typical_pair_distance` (so that a language the encoder hardly knows,
where every distance is large, is judged against its own scale rather than
against the languages the model was fitted on); its length gap, size and length,
and how far the numbers written in digits differ on its two sides. For a unit left
unpaired: how similar it is to the other side's units nearby (a high similarity
suggests it should have been paired), also relative to the typical distance.
All are computed from the `Side`s the cost stage built, so nothing is embedded again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from .costs import (
    CostParams,
    Side,
    length_gap,
    length_ratio,
    normalised_distance,
    number_mismatch,
    typical_pair_distance,
)


def bead_features(source: Side, target: Side, spans: Sequence[tuple[range, range]], params: CostParams,
                  reach: int = 3) -> list[dict[str, float]]:
    """The features the confidence model reads, for every bead of a path (spans of source and target units).

    Pair beads: similarity, relative distance, length gap, size, relative margin over the
    best neighbouring unit, length, number mismatch, relative context. Unpaired units:
    how similar the unit is to the other side's units nearby, absolutely and relative
    to the document's typical pair distance.
    """
    typical = max(typical_pair_distance(source, target, params), 0.05)  # identical texts: distances near 0
    ratio = length_ratio(source, target)
    units_s, units_t = source.embeddings, target.embeddings
    pairs = [(s, t) for s, t in spans if s and t]
    pair_groups = iter(zip(_span_embeddings(source, [s for s, _ in pairs]),
                           _span_embeddings(target, [t for _, t in pairs]),
                           _number_mismatches(source, target, pairs)))
    features = []
    for span_s, span_t in spans:
        if span_s and span_t:
            vs, vt, numbers = next(pair_groups)
            features.append(_pair_features(source, target, span_s, span_t, vs, vt, units_s, units_t, ratio, reach,
                                           typical, float(numbers)))
        elif span_s:
            features.append(_skip_features(source, units_s[span_s.start], units_t, span_s.start, span_t.start,
                                           typical))
        else:
            features.append(_skip_features(target, units_t[span_t.start], units_s, span_t.start, span_s.start,
                                           typical))
    _add_context(features)
    return features


def _span_embeddings(side: Side, spans: Sequence[range], chunk: int = 4096) -> Iterator[np.ndarray]:
    """The embedding (float32[dim]) of each group of units in turn, `chunk` groups to a pass of `finish`,
    so that a long document's group embeddings are never all held at once."""
    for first in range(0, len(spans), chunk):
        sums = np.stack([side.states[span.start:span.stop].sum(axis=0) for span in spans[first:first + chunk]])
        yield from side.finish(sums)


def _number_mismatches(source: Side, target: Side, pairs: Sequence[tuple[range, range]]) -> np.ndarray:
    """float32[len(pairs)]: the `number_mismatch` of each pair bead's two groups."""
    bounds = np.array([(s.start, s.stop, t.start, t.stop) for s, t in pairs], dtype=np.int64).reshape(-1, 4)
    return number_mismatch(source.group_numbers(bounds[:, 0], bounds[:, 1]),
                           target.group_numbers(bounds[:, 2], bounds[:, 3]))


def _span_background(side: Side, span: range) -> float:
    """The length-weighted background of a group of units (as `_group_sums` computes for every group)."""
    lengths = side.lengths[span.start:span.stop]
    return float(lengths @ side.background[span.start:span.stop] / max(float(lengths.sum()), 1.0))


def _add_context(features: list[dict[str, float]]) -> None:
    """Give each pair bead the mean relative distance of the nearest pair beads before and after it.

    A bead between two good pairs is pinned in place by them; in a text that is
    not a translation, the neighbours are as weak as the bead itself.
    """
    pairs = [f for f in features if "similarity" in f]
    distances = [f["relative_distance"] for f in pairs]
    for k, feats in enumerate(pairs):
        neighbours = distances[max(0, k - 1):k] + distances[k + 1:k + 2]
        feats["relative_context"] = float(np.mean(neighbours)) if neighbours else feats["relative_distance"]


def _pair_features(source: Side, target: Side, span_s: range, span_t: range, vs: np.ndarray, vt: np.ndarray,
                   units_s: np.ndarray, units_t: np.ndarray, ratio: float, reach: int,
                   typical: float, numbers: float) -> dict[str, float]:
    similarity = float(vs @ vt)
    src_length = float(source.lengths[span_s.start:span_s.stop].sum())
    tgt_length = float(target.lengths[span_t.start:span_t.stop].sum())
    background = (_span_background(source, span_s) + _span_background(target, span_t)) / 2
    near_t = _neighbours(span_t, len(target), reach)
    near_s = _neighbours(span_s, len(source), reach)
    rivals = [-1.0]
    if near_t:
        rivals.append(float((units_t[near_t] @ vs).max()))
    if near_s:
        rivals.append(float((units_s[near_s] @ vt).max()))
    return {
        "similarity": similarity,
        "relative_distance": float(normalised_distance(similarity, background)) / typical,
        "length_gap": float(length_gap(src_length, tgt_length * ratio)),
        "units": float(len(span_s) + len(span_t)),
        "relative_margin": (similarity - max(rivals)) / max(1.0 - typical, 0.05),
        "log_length": float(np.log1p((src_length + tgt_length) / 2)),
        "number_mismatch": numbers,
    }


def _skip_features(own: Side, vector: np.ndarray, other_units: np.ndarray, unit: int, other_position: int,
                   typical: float, reach: int = 5) -> dict[str, float]:
    near = slice(max(0, other_position - reach), min(len(other_units), other_position + reach))
    best = float((other_units[near] @ vector).max()) if near.stop > near.start else -1.0
    return {
        "best_similarity": best,
        "relative_best_distance": float(normalised_distance(best, float(own.background[unit]))) / typical,
        "length": float(np.log1p(own.lengths[unit])),
    }


def _neighbours(span: range, size: int, reach: int) -> list[int]:
    before = range(max(0, span.start - reach), span.start)
    after = range(span.stop, min(size, span.stop + reach))
    return [*before, *after]
