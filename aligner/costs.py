"""Bead costs: how unlikely it is that a group of source units translates a group of target units.

The embedding of a group of consecutive units is the weighted sum of its units'
embeddings (weights grow with unit length), so only single units are ever
encoded. A pair bead's cost is its cosine distance, normalised by how distant
its units are from random units of the other side (as Vecalign does, so that
generic or very short units do not win by default), scaled by the number of
units it covers, plus a length-ratio term. A unit left without counterpart
(1-0, 0-1) costs a fixed `skip` per unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .dp import Band, BeadType


@dataclass(frozen=True, slots=True)
class CostParams:
    """The knobs of the cost function (tuned on dev data only; see benchmarks/tune.py)."""

    skip: float = 0.75  # cost of one unit with no counterpart
    many_penalty: float = 0.10  # extra cost per unit beyond 1-1, relative
    length_weight: float = 0.25  # weight of the length-ratio term
    length_power: float = 0.5  # unit weight in a group embedding: length ** length_power
    background_samples: int = 64  # random units of the other side used for normalisation
    seed: int = 0


@dataclass(frozen=True, slots=True)
class Side:
    """One document's units as the cost function sees them.

    embeddings: float32[n, dim], L2-normalised; lengths: float64[n] (characters);
    background: float64[n], each unit's mean cosine to random units of the other side.
    """

    embeddings: np.ndarray
    lengths: np.ndarray
    background: np.ndarray

    def __len__(self) -> int:
        return len(self.lengths)


def bead_types(max_units: int) -> list[BeadType]:
    """1-0, 0-1 and every (a, b) with 1 <= a, b and a + b <= max_units + 1 (so at most max_units on one side)."""
    pairs = [(a, b) for total in range(2, max_units + 2) for a in range(1, total) for b in [total - a]]
    return pairs + [(1, 0), (0, 1)]


def make_sides(
    source_embeddings: np.ndarray,
    target_embeddings: np.ndarray,
    source_lengths: Sequence[float],
    target_lengths: Sequence[float],
    params: CostParams,
) -> tuple[Side, Side]:
    """Attach lengths and background similarity (against a seeded random sample) to both sides."""
    rng = np.random.default_rng(params.seed)

    def background(own: np.ndarray, other: np.ndarray) -> np.ndarray:
        if len(other) == 0 or len(own) == 0:
            return np.zeros(len(own))
        sample = rng.choice(len(other), size=min(params.background_samples, len(other)), replace=False)
        return (own @ other[np.sort(sample)].T).mean(axis=1).astype(np.float64)

    source = Side(source_embeddings, np.asarray(source_lengths, dtype=np.float64),
                  background(source_embeddings, target_embeddings))
    target = Side(target_embeddings, np.asarray(target_lengths, dtype=np.float64),
                  background(target_embeddings, source_embeddings))
    return source, target


def band_costs(source: Side, target: Side, types: Sequence[BeadType], band: Band, params: CostParams) -> np.ndarray:
    """float32[len(types), n + 1, band.width]: the cost of each bead type ending at each band node."""
    n, m = len(source), len(target)
    max_a = max(a for a, _ in types)
    max_b = max(b for _, b in types)
    ratio = (source.lengths.sum() + 1.0) / (target.lengths.sum() + 1.0)
    src_weighted = _weighted(source, params)
    tgt_weighted = _weighted(target, params)
    src_group = _group_stats(source, params, max_a)
    tgt_group = _group_stats(target, params, max_b)

    costs = np.full((len(types), n + 1, band.width), np.inf, dtype=np.float32)
    columns = np.arange(band.width)
    for i in range(n + 1):
        lo = int(band.lo[i])
        j = lo + columns  # node columns of this row
        in_doc = j <= m
        # similarities of the last max_a source units (rows, nearest first) with target units lo-max_b .. lo+width-1
        first_col = lo - max_b
        col_ids = np.arange(first_col, lo + band.width)
        col_ok = (col_ids >= 0) & (col_ids < m)
        rows = [i - 1 - p for p in range(max_a)]
        block = np.zeros((max_a, len(col_ids)))
        for p, r in enumerate(rows):
            if r >= 0:
                block[p, col_ok] = tgt_weighted[col_ids[col_ok]] @ src_weighted[r]
        down = np.cumsum(block, axis=0)  # down[a-1] sums a source units
        across = np.cumsum(down, axis=1)
        for t, (a, b) in enumerate(types):
            if a == 0 or b == 0:
                ok = in_doc & ((j >= 1) if a == 0 else np.full(band.width, i >= 1))
                costs[t, i, ok] = params.skip
                continue
            ok = in_doc & (j >= b) & (i >= a)
            if not ok.any():
                continue
            end = columns + max_b - 1  # block column of target unit j-1
            start = end - b  # block column before target unit j-b
            dot = across[a - 1, end] - np.where(start >= 0, across[a - 1, np.maximum(start, 0)], 0.0)
            jj = j[ok]
            src_norm, src_bg, src_len = (s[a - 1, i - a] for s in src_group)
            tgt_norm = tgt_group[0][b - 1, jj - b]
            tgt_bg = tgt_group[1][b - 1, jj - b]
            tgt_len = tgt_group[2][b - 1, jj - b]
            similarity = dot[ok] / np.maximum(src_norm * tgt_norm, 1e-12)
            costs[t, i, ok] = pair_cost(similarity, (src_bg + tgt_bg) / 2, src_len, tgt_len * ratio, a, b, params)
    return costs


def pair_cost(similarity, background, source_length, target_length, a: int, b: int, params: CostParams):
    """Cost of an a-b bead from its cosine, its background cosine and its (ratio-adjusted) lengths."""
    distance = (1.0 - similarity) / np.maximum(1.0 - background, 0.05)
    length_gap = np.abs(np.log((source_length + 20.0) / (target_length + 20.0)))
    size = (a + b) / 2.0
    return size * (distance * (1.0 + params.many_penalty * (a + b - 2)) + params.length_weight * length_gap)


def _weighted(side: Side, params: CostParams) -> np.ndarray:
    return side.embeddings.astype(np.float64) * (side.lengths[:, None] + 1.0) ** params.length_power


def _group_stats(side: Side, params: CostParams, max_units: int):
    """For every group of k = 1..max_units consecutive units starting at s: norm of the weighted sum,
    weighted mean background, total length. Each is float64[max_units, n] (inf/0 past the end)."""
    n = len(side)
    weights = (side.lengths + 1.0) ** params.length_power
    weighted = _weighted(side, params)
    norm = np.full((max_units, n), np.inf)
    background = np.zeros((max_units, n))
    length = np.zeros((max_units, n))
    for k in range(1, max_units + 1):
        count = n - k + 1
        if count <= 0:
            continue
        sums = sum(weighted[p:p + count] for p in range(k))
        w = sum(weights[p:p + count] for p in range(k))
        norm[k - 1, :count] = np.linalg.norm(sums, axis=1)
        background[k - 1, :count] = sum(weights[p:p + count] * side.background[p:p + count] for p in range(k)) / w
        length[k - 1, :count] = sum(side.lengths[p:p + count] for p in range(k))
    return norm, background, length


def group_embedding(side: Side, start: int, stop: int, params: CostParams) -> np.ndarray:
    """The normalised weighted sum of units start .. stop-1."""
    weights = (side.lengths[start:stop] + 1.0) ** params.length_power
    total = (side.embeddings[start:stop].astype(np.float64) * weights[:, None]).sum(axis=0)
    return total / max(float(np.linalg.norm(total)), 1e-12)


def pair_features(source: Side, target: Side, span_s: range, span_t: range, params: CostParams,
                  ratio: float, reach: int = 3) -> dict[str, float]:
    """The features of the pair bead (span_s, span_t) that the confidence model reads."""
    vs = group_embedding(source, span_s.start, span_s.stop, params)
    vt = group_embedding(target, span_t.start, span_t.stop, params)
    similarity = float(vs @ vt)
    weights_s = (source.lengths[span_s.start:span_s.stop] + 1.0) ** params.length_power
    weights_t = (target.lengths[span_t.start:span_t.stop] + 1.0) ** params.length_power
    background = float((weights_s @ source.background[span_s.start:span_s.stop] / weights_s.sum()
                        + weights_t @ target.background[span_t.start:span_t.stop] / weights_t.sum()) / 2)
    near_t = _neighbours(span_t, len(target), reach)
    near_s = _neighbours(span_s, len(source), reach)
    rivals = [float((target.embeddings[near_t] @ vs).max()) if near_t else -1.0,
              float((source.embeddings[near_s] @ vt).max()) if near_s else -1.0]
    source_length = float(source.lengths[span_s.start:span_s.stop].sum())
    target_length = float(target.lengths[span_t.start:span_t.stop].sum()) * ratio
    return {
        "similarity": similarity,
        "distance": (1.0 - similarity) / max(1.0 - background, 0.05),
        "length_gap": float(abs(np.log((source_length + 20.0) / (target_length + 20.0)))),
        "units": float(len(span_s) + len(span_t)),
        "margin": similarity - max(rivals),
        "background": background,
    }


def skip_features(own: Side, other: Side, unit: int, other_position: int, params: CostParams,
                  reach: int = 5) -> dict[str, float]:
    """The features of a unit left without counterpart, near position `other_position` of the other side."""
    near = list(range(max(0, other_position - reach), min(len(other), other_position + reach)))
    best = float((other.embeddings[near] @ own.embeddings[unit]).max()) if near else -1.0
    return {
        "best_similarity": best,
        "best_distance": (1.0 - best) / max(1.0 - float(own.background[unit]), 0.05),
        "length": float(np.log1p(own.lengths[unit])),
    }


def _neighbours(span: range, size: int, reach: int) -> list[int]:
    before = range(max(0, span.start - reach), span.start)
    after = range(span.stop, min(size, span.stop + reach))
    return [*before, *after]
