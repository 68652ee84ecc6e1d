"""Features stage: what the confidence model reads about each bead of a path.

For a pair bead: its normalised distance, its margin over the best neighbouring
unit and the distance of the pair beads around it, each relative to the
document's `typical_pair_distance` (so that a language the encoder hardly knows,
where every distance is large, is judged against its own scale rather than
against the languages the model was fitted on); its length gap, size and length,
and how far the numbers written in digits differ on its two sides. For a unit left
unpaired: how similar it is to the other side's units nearby (a high similarity
suggests it should have been paired), also relative to the typical distance, and
the distance of the pair beads around it (a real omission sits between good pairs).
All are computed from the `Side`s the cost stage built, so nothing is embedded again.
A pair bead also reads its posterior among all the paths through the search's band
(`path_posteriors`, `dp.bead_posteriors`): a pair that wins a near-tie of the cost
function by a hair is about 0.5 there, however good it looks alone.

For the whole alignment, `displaced_share` says how many units have their translation elsewhere than
where the path put them (blocks in another order), for the document model, and every pair bead reads
`number_support`: how far the numbers of all the alignment's pairs agree, where the embeddings tell little.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

import numpy as np

from .costs import (
    CostParams,
    Side,
    distinct_sorted,
    embedding_contrast_gain,
    length_gap,
    length_ratio,
    length_smoothing,
    normalised_distance,
    number_mismatch,
    span_background,
)
from .dp import BeadType, bead_posteriors
from .search import ScoredBand
from .types import Bead


def bead_features(
    source: Side,
    target: Side,
    spans: Sequence[tuple[range, range]],
    typical: float,
    order: float = 1.0,
    reach: int = 3,
    background_units: tuple[int, int] | None = None,
) -> list[dict[str, float]]:
    """The features the confidence model reads, for every bead of a path (spans of source and target units).

    Pair beads: similarity, relative distance, length gap, size, relative margin over the
    best neighbouring unit, length, number mismatch, relative context, relative excess. Unpaired
    units: how similar the unit is to the other side's units nearby, absolutely and relative
    to the documents' typical pair distance (`typical`: `costs.typical_pair_distance`),
    relative context.
    Every bead: `out_of_order`, how far the documents' `path_order` (`order`) lies beyond
    what translations in order show.
    `background_units`: how many units of the other document each side's background was sampled from
    (`background_prior`); None: enough that it needs no prior.
    """
    typical = max(typical, 0.05)  # identical texts: distances near 0
    if background_units is not None:
        source, target = (
            replace(side, background=background_prior(side.background, units))
            for side, units in zip((source, target), background_units)
        )
    ratio = length_ratio(source, target)
    units_s, units_t = source.embeddings, target.embeddings
    pairs = [(s, t) for s, t in spans if s and t]
    pair_groups = iter(
        zip(
            _span_embeddings(source, [s for s, _ in pairs]),
            _span_embeddings(target, [t for _, t in pairs]),
            _number_mismatches(source, target, pairs),
        )
    )
    features = []
    for span_s, span_t in spans:
        if span_s and span_t:
            vs, vt, numbers = next(pair_groups)
            features.append(
                _pair_features(
                    source, target, span_s, span_t, vs, vt, units_s, units_t, ratio, reach, typical, float(numbers)
                )
            )
        elif span_s:
            features.append(_skip_features(source, units_s[span_s.start], units_t, span_s.start, span_t.start, typical))
        else:
            features.append(_skip_features(target, units_t[span_t.start], units_s, span_t.start, span_s.start, typical))
    _add_context(features, typical)
    out_of_order = max(order - ORDER_TOLERANCE, 0.0)
    for feats in features:
        feats["out_of_order"] = out_of_order
    return features


# The posterior of a bead the search's lattice has no say on (its end node outside the band, or a search whose
# costs were too many to keep, `search.KEPT_COSTS`): as unsure as a tie, neither for nor against it.
POSTERIOR_FALLBACK = 0.5


def path_posteriors(
    spans: Sequence[tuple[range, range]], scored: ScoredBand | None, types: Sequence[BeadType], tau: float
) -> list[float]:
    """The posterior (`dp.bead_posteriors` at temperature `tau`, on the search's band and costs `scored`) of each
    bead of `spans`, the final path, POSTERIOR_FALLBACK where the lattice has none. A bead the second look put in
    place of the search's has its own posterior in the lattice of summed-state costs: the second look re-decides
    only near-ties (within `SearchParams.refine_margin`), and such a bead's lattice posterior says how near."""
    if scored is None:
        return [POSTERIOR_FALLBACK] * len(spans)
    band = scored.band
    known = np.array(
        [
            (len(s), len(t)) in types
            and band.lo[s.start] <= t.start <= band.hi[s.start]
            and band.lo[s.stop] <= t.stop <= band.hi[s.stop]
            for s, t in spans
        ],
        dtype=bool,
    )
    posteriors = np.full(len(spans), POSTERIOR_FALLBACK)
    if known.any():
        asked = [(types.index((len(s), len(t))), band.cell(s.stop, t.stop)) for (s, t), ok in zip(spans, known) if ok]
        kinds, ends = np.array(asked, dtype=np.int64).T
        posteriors[known] = bead_posteriors(scored.costs, types, band, tau, kinds, ends)
    return posteriors.tolist()


# The mean cosine of a unit to unrelated units of the other language, for the embedded encoder (the median of the
# dev pool's families' mean backgrounds: 0.087-0.164), and how many sampled units it counts as. A unit's background
# is sampled from the other document, whose few units include its translation: one unit a side makes the
# background the pair's own similarity, and every pair's distance 1, right or wrong.
BACKGROUND_PRIOR = 0.1
BACKGROUND_PRIOR_UNITS = 4.0


def background_prior(background: np.ndarray, units: int) -> np.ndarray:
    """float64[n]: backgrounds sampled from `units` units of the other document, shrunk towards BACKGROUND_PRIOR as
    if BACKGROUND_PRIOR_UNITS more had it (for another encoder a guess, which only short documents lean on)."""
    return (background * units + BACKGROUND_PRIOR * BACKGROUND_PRIOR_UNITS) / (units + BACKGROUND_PRIOR_UNITS)


def _span_embeddings(side: Side, spans: Sequence[range], chunk: int = 4096) -> Iterator[np.ndarray]:
    """The embedding (float32[dim]) of each group of units in turn: a single unit's is its own, a group's its
    summed states' (the one `Side.groups` holds, or through `finish`, `chunk` spans at a time, so that a long
    document's group embeddings are never all held at once)."""
    held = 0 if side.groups is None else len(side.groups)
    for first in range(0, len(spans), chunk):
        block = spans[first : first + chunk]
        if all(len(span) <= held for span in block):
            yield from (side.groups[len(span) - 1, span.start] for span in block)  # type: ignore[index]
            continue
        groups = [span for span in block if len(span) > 1]
        finished = iter(
            side.finish(np.stack([side.states[span.start : span.stop].sum(axis=0) for span in groups]))
            if groups
            else ()
        )
        for span in block:
            yield next(finished) if len(span) > 1 else side.embeddings[span.start]


def _number_mismatches(source: Side, target: Side, pairs: Sequence[tuple[range, range]]) -> np.ndarray:
    """float32[len(pairs)]: the `number_mismatch` of each pair bead's two groups."""
    return number_mismatch(*_pair_numbers(source, target, pairs))


def _pair_numbers(source: Side, target: Side, pairs: Sequence[tuple[range, range]]) -> tuple[np.ndarray, np.ndarray]:
    """The number counts (`Side.group_numbers`) of each pair bead's source and target groups."""
    bounds = np.array([(s.start, s.stop, t.start, t.stop) for s, t in pairs], dtype=np.int64).reshape(-1, 4)
    return source.group_numbers(bounds[:, 0], bounds[:, 1]), target.group_numbers(bounds[:, 2], bounds[:, 3])


# `number_agreement` counts a document's numbers as if it had this many more, neither matched nor unmatched: a few
# numbers say little about the whole path.
NUMBER_AGREEMENT_PRIOR = 10.0


def number_agreement(paths: Iterable[tuple[Side, Side, Sequence[tuple[range, range]]]]) -> float:
    """How far the numbers written in digits agree across the two sides of the pair beads of `paths` (the runs of
    one alignment: their sides and spans): (numbers matched - numbers unmatched) / (all numbers +
    NUMBER_AGREEMENT_PRIOR), in (-1, 1), 0 with no numbers. A translation's pairs keep their numbers (UDHR's
    article numbers: 0.79-0.85), the pairs a path finds between texts that do not translate each other mostly
    do not (UDHR's: -0.82 to -0.49); unlike every distance, this does not depend on the encoder knowing the
    languages."""
    balance = total = 0.0
    for source, target, spans in paths:
        pairs = [(s, t) for s, t in spans if s and t]
        if pairs:
            source_numbers, target_numbers = _pair_numbers(source, target, pairs)
            numbers = source_numbers.sum(axis=1) + target_numbers.sum(axis=1)
            balance += float(((1.0 - 2.0 * number_mismatch(source_numbers, target_numbers)) * numbers).sum())
            total += float(numbers.sum())
    return balance / (total + NUMBER_AGREEMENT_PRIOR)


# `number_support` reads only the `number_agreement` beyond this: three numbers in four matched. Texts on the same
# events that do not translate each other share their dates and figures wherever a path pairs them (the seeds'
# other statements: 0.37-0.42; the dev pool's non-translations where the embeddings lose contrast: at most 0.29), a
# translation keeps nearly all of its numbers (UDHR's: 0.79-0.85), so agreement below it is no evidence of a
# translation, and none against one.
NUMBER_AGREEMENT_FLOOR = 0.5


def number_support(
    paths: Iterable[tuple[Side, Side, Sequence[tuple[range, range]]]], typical: float, params: CostParams
) -> float:
    """The pair feature `number_support`: how far the alignment's `number_agreement` exceeds
    NUMBER_AGREEMENT_FLOOR (0 below it), times the contrast the embeddings lose on the documents
    (`costs.embedding_contrast_gain` - 1, as the cost's number conflict), so 0 wherever the embeddings are
    informative. Where they are not, a right pair's distance and margin are those of wrong pairs elsewhere (UDHR
    et/hr/sk: relative distance 1.05-1.1, margin 0.05-0.12), and what tells a translation from texts that do not
    translate each other is whether the signals the encoder has no part in agree along the path; `typical` is the
    documents' `typical_pair_distance` at the aligned level. Never negative, so it can only raise a pair."""
    excess = max(number_agreement(paths) - NUMBER_AGREEMENT_FLOOR, 0.0)
    return excess * (embedding_contrast_gain(typical, params) - 1.0)


def _add_context(features: list[dict[str, float]], typical: float) -> None:
    """Give each bead the mean relative distance of the nearest pair beads before and after it (not itself).

    A bead between two good pairs is pinned in place by them; in a text that is
    not a translation, the neighbours are as weak as the bead itself. A unit left
    unpaired between two good pairs is a real omission more often than one among
    weak beads, where the path is unsure (a unit split off a many-unit bead). With
    no pair bead beside it, a pair bead has its own distance, an unpaired unit that
    of unrelated text (1 / typical). A pair bead's `relative_excess` is how far its own
    relative distance lies beyond its neighbours' (0 when it is no weaker): a unit replaced
    by a related text that does not translate it sits among good pairs with a distance of
    its own far beyond theirs.
    """
    pairs = [k for k, feats in enumerate(features) if "similarity" in feats]
    distances = [features[k]["relative_distance"] for k in pairs]
    for k, feats in enumerate(features):
        first_after = bisect.bisect_right(pairs, k)  # the nearest pair bead after k
        last_before = bisect.bisect_left(pairs, k)  # one past the nearest pair bead before k
        neighbours = distances[max(0, last_before - 1) : last_before] + distances[first_after : first_after + 1]
        fallback = feats["relative_distance"] if "similarity" in feats else 1.0 / typical
        feats["relative_context"] = sum(neighbours) / len(neighbours) if neighbours else fallback
        if "similarity" in feats:
            feats["relative_excess"] = max(feats["relative_distance"] - feats["relative_context"], 0.0)


def _pair_features(
    source: Side,
    target: Side,
    span_s: range,
    span_t: range,
    vs: np.ndarray,
    vt: np.ndarray,
    units_s: np.ndarray,
    units_t: np.ndarray,
    ratio: float,
    reach: int,
    typical: float,
    numbers: float,
) -> dict[str, float]:
    similarity = float(vs @ vt)
    src_length = float(source.lengths[span_s.start : span_s.stop].sum())
    tgt_length = float(target.lengths[span_t.start : span_t.stop].sum())
    background = (span_background(source, span_s) + span_background(target, span_t)) / 2
    near_t = _neighbours(span_t, len(target), reach)
    near_s = _neighbours(span_s, len(source), reach)
    rivals = []
    if near_t:
        rivals.append(float((units_t[near_t] @ vs).max()))
    if near_s:
        rivals.append(float((units_s[near_s] @ vt).max()))
    return {
        "similarity": similarity,
        "relative_distance": float(normalised_distance(similarity, background)) / typical,
        "length_gap": float(length_gap(src_length, tgt_length * ratio, length_smoothing(ratio))),
        "units": float(len(span_s) + len(span_t)),
        # with no unit nearby (one unit a side) there is nothing to beat: no margin, not a margin over nothing
        "relative_margin": (similarity - max(rivals)) / max(1.0 - typical, 0.05) if rivals else 0.0,
        "log_length": float(np.log1p((src_length + tgt_length) / 2)),
        "number_mismatch": numbers,
    }


def _skip_features(
    own: Side,
    vector: np.ndarray,
    other_units: np.ndarray,
    unit: int,
    other_position: int,
    typical: float,
    reach: int = 5,
) -> dict[str, float]:
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


# Displaced units (`displaced_share`): how many units are sampled, how far from its place on the path (in
# units of the other side) a unit's match must lie, and by how much (cosine) it must beat the unit's best
# match near its place.
DISPLACED_SAMPLES = 256
DISPLACED_REACH = 3
DISPLACED_MARGIN = 0.15
_SAMPLE_BLOCK = 64  # sampled units compared with a whole side at a time: memory stays linear


def displaced_share(beads: Sequence[Bead], source: np.ndarray, target: np.ndarray) -> float:
    """The share of units whose translation lies elsewhere: far from where the path put the unit, a unit of
    the other side is a clearly better match than anything near its place, and that unit's own best match is
    back near the first one (mutual, so that the best of many unrelated units does not count).

    beads: an alignment's beads in document order; source, target: float32[units, dim], the units' embeddings
    (rows L2-normalised). A monotone translation gives about 0, its blocks in another order most of their
    units, and so do unrelated texts. Averaged over both sides, on up to DISPLACED_SAMPLES units of each
    (evenly spaced), so the cost is linear in the document length.
    """
    places = _places([(bead.source, bead.target) for bead in beads])
    shares = [
        _displaced(own, other, side_places)
        for side_places, (own, other) in zip(places, ((source, target), (target, source)))
    ]
    return float(np.mean(shares))


def _places(
    beads: Sequence[tuple[Sequence[int], Sequence[int]]],
) -> tuple[list[tuple[int, range]], list[tuple[int, range]]]:
    """For every unit of each side, the units of the other side the path puts it with (an empty range at the
    position it was left out at, for a unit with no counterpart); beads as (source units, target units)."""
    source_places, target_places = [], []
    next_source = next_target = 0
    for source, target in beads:
        source_span = range(source[0], source[-1] + 1) if source else range(next_source, next_source)
        target_span = range(target[0], target[-1] + 1) if target else range(next_target, next_target)
        source_places += [(unit, target_span) for unit in source]
        target_places += [(unit, source_span) for unit in target]
        next_source, next_target = source_span.stop, target_span.stop
    return source_places, target_places


def _sampled_similarities(
    own: np.ndarray, other: np.ndarray, places: list[tuple[int, range]], samples: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Up to `samples` evenly spaced units of `places`, _SAMPLE_BLOCK at a time: (their indices, their cosines
    with every unit of the other side, which of those lie within DISPLACED_REACH of their place)."""
    picks = distinct_sorted(np.linspace(0, len(places) - 1, min(samples, len(places))).round().astype(int))
    for first in range(0, len(picks), _SAMPLE_BLOCK):
        block = [places[k] for k in picks[first : first + _SAMPLE_BLOCK]]
        units = np.array([unit for unit, _ in block])
        similarity = own[units] @ other.T  # float32[block, other units]
        near = np.zeros(similarity.shape, dtype=bool)
        for row, (_, span) in enumerate(block):
            near[row, max(span.start - DISPLACED_REACH, 0) : span.stop + DISPLACED_REACH] = True
        yield units, similarity, near


def _displaced(own: np.ndarray, other: np.ndarray, places: list[tuple[int, range]]) -> float:
    if not places or len(other) <= 2 * DISPLACED_REACH + 1:  # nowhere far enough to be displaced to
        return 0.0
    displaced = sampled = 0
    for units, similarity, near in _sampled_similarities(own, other, places, DISPLACED_SAMPLES):
        best_near = np.where(near, similarity, -2.0).max(axis=1)
        far = np.where(near, -2.0, similarity)
        best_far = far.argmax(axis=1)
        clearly_better = far[np.arange(len(units)), best_far] > best_near + DISPLACED_MARGIN
        back = (other[best_far] @ own.T).argmax(axis=1)  # the far unit's own best match
        displaced += int((clearly_better & (np.abs(back - units) <= DISPLACED_REACH)).sum())
        sampled += len(units)
    return displaced / sampled


# `path_order`: units sampled per side (a quarter of `displaced_share`'s: the mean of a ratio needs fewer than a
# count of rare events), and the ratio up to which a document counts as in order: translations of the dev pool
# reach 1.11 (free literary ones), documents in shuffled blocks or not translations at all 1.2 to 2.9.
ORDER_SAMPLES = 64
ORDER_TOLERANCE = 1.3
_ORDER_SMOOTHING = 0.05  # added to both distances: near-identical texts (distances about 0) give 1, not 0/0


def path_order(source: Side, target: Side, spans: Sequence[tuple[range, range]]) -> float:
    """How much nearer the best match anywhere on the other side is than the best match near where the path put
    a unit, for up to ORDER_SAMPLES evenly spaced units of each side: the ratio of their mean normalised
    distances (>= 1). About 1 for a translation the path follows; well above 1 when the translation is in another
    order, or when the texts do not translate each other (the best of all units is nearer than the best of a
    few). The pair features are relative to `typical_pair_distance`, which on such documents is the distance
    of unrelated units: this is what says so. Linear in the document length, like `displaced_share`."""
    ratios = []
    for own, other, places in zip((source, target), (target, source), _places([(s, t) for s, t in spans])):
        if not places or len(other) <= 2 * DISPLACED_REACH + 1:
            continue
        near_distance, any_distance = [], []
        for units, similarity, near in _sampled_similarities(own.embeddings, other.embeddings, places, ORDER_SAMPLES):
            background = own.background[units]
            near_distance.append(normalised_distance(np.where(near, similarity, -2.0).max(axis=1), background))
            any_distance.append(normalised_distance(similarity.max(axis=1), background))
        near_mean, any_mean = (float(np.concatenate(distances).mean()) for distances in (near_distance, any_distance))
        ratios.append((near_mean + _ORDER_SMOOTHING) / (any_mean + _ORDER_SMOOTHING))
    return float(np.mean(ratios)) if ratios else 1.0
