"""Bead costs: how unlikely it is that a group of source units translates a group of target units.

Every unit carries an additive *state*: the state of a group of consecutive
units is the sum of its units' states, and `Side.finish` turns summed states
into an embedding. For the embedded USE encoder the state is the encoder's own
pooled token sum, so a group's embedding is nearly what encoding the
concatenated text would give, without encoding it; for other encoders it is the
length-weighted sum of unit embeddings. Only single units are ever encoded.

A pair bead's cost is its cosine distance, normalised by how distant its units
are from random units of the other side (as Vecalign does, so that generic or
short units do not win by default), minus a bonus for pairing (so the DP prefers
more, smaller correct beads over a few merged ones), plus a penalty per unit
beyond 1-1 and a length-ratio term. The length term weighs more on long beads
(`length_scale`): as in Gale-Church, a mismatch of 40% says little about two short
sentences and a lot about two long paragraphs, so a paragraph with no translation
is not absorbed into its neighbour's pair merely because the cosine barely moves.
A bead of several units also pays when one of its units is far from the other side
of the bead (`_unit_distance`): that unit is probably an omission absorbed into a
neighbouring pair. A unit with no counterpart (1-0, 0-1) costs a fixed `skip`.

Numbers written in digits do not depend on the encoder knowing the languages: a pair pays
`number_weight` times how little its two sides' numbers overlap, and on a document whose
embeddings tell a translation from unrelated text less well than usual (its own
`typical_pair_distance`, see `embedding_contrast_gain`) a pair whose two sides both carry
numbers and share none pays more (`number_conflict_weight`), and so does a bead of several units
whose sides share a number but one of whose units carries numbers, none of them on the other side,
which carries some: a heading "Article 2" whose translation was dropped, at the end of article 1's pair.

Where a unit ends with a closing quotation mark (the end of a speaker's turn), its translation usually
does too: a pair whose last source unit ends a quotation and whose last target unit does not (or the
reverse) pays, in proportion to how much more often the document's near-diagonal matches agree on it
than random units do (`quote_evidence`; nothing where the translation marks speech otherwise, as French
dialogue dashes do).
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np

from .dp import Band, BeadType
from .errors import SettingsError, check_number_fields
from .progress import progress

Finish = Callable[[np.ndarray], np.ndarray]
ArrayOrFloat = np.ndarray | float  # the formulas below serve whole cost blocks and single beads (features.py)

# A block of rows grows while its dense group product stays under DENSE_PER_CELL times its band cells plus
# DENSE_SLACK (see `row_blocks`): small blocks cost Python overhead, tall ones products nobody needs.
MAX_ROWS_PER_BLOCK = 512
# `make_sides` holds the embeddings of every group of a side (`Side.groups`) up to this many rows (units times
# units a group): 32 MB of 512-dimensional rows; a longer side's groups are made a block at a time by the search.
HELD_GROUP_ROWS = 16_384
DENSE_PER_CELL = 2
DENSE_SLACK = 4096
# `_BlockScorer` scores a block this many cells times bead types at a time (its float64 temporaries: 1 MB each).
SCORED_CELLS = 1 << 17
# Numbers written in digits are counted per unit in NUMBER_BUCKETS hashed buckets (a collision only makes two
# different numbers look alike, so the number term can only miss a mismatch, never invent one).
NUMBER_BUCKETS = 64
_DIGITS = re.compile(r"\d+")
# Closing quotation marks of the scripts the encoders know: "...", '...', “...”, ‘...’, «...», „...“, 「...」, 『...』.
CLOSING_QUOTES = frozenset("\"'’”“»«›」』")
# `length_gap` smooths lengths by this many characters of the side whose script writes more of them (see
# `length_smoothing`), so that a few characters more or less do not count against two short units.
LENGTH_SMOOTHING_CHARS = 20.0
# The number conflict's weight grows with the embeddings' lost contrast up to this multiple of number_weight, so
# that on a document whose embeddings say next to nothing the numbers alone cannot overrule every other signal.
MAX_CONTRAST_GAIN = 2.0


@dataclass(frozen=True, slots=True)
class CostParams:
    """The knobs of the cost function (tuned on dev data only; see benchmarks/tune.py).

    skip: cost of one unit with no counterpart.
    pair_bonus: subtracted from every pair bead's cost: pairing beats leaving units out.
    many_penalty: extra cost per unit beyond 1-1.
    paragraph_many_penalty: the same when the units are paragraphs that hold sentences: translators often split or
        join sentences, rarely paragraphs, so a paragraph left untranslated is not merged into its neighbour's pair.
    length_weight: weight of the length-ratio term.
    length_scale_chars: mean bead side length from which the length term grows (see `length_scale`).
    coverage_weight: weight of the penalty for a unit of a merged bead that the other side lacks.
    coverage_threshold: normalised distance of a unit to the other side above which it pays.
    coverage_length: characters from which a unit's distance counts in full (see `_unit_distance`).
    number_weight: weight of the mismatch between the numbers written in digits on the two sides.
    quote_weight: weight of a pair's two sides disagreeing on ending a quotation, per unit of the documents'
        `quote_evidence`.
    informative_distance: the normalised distance of a unit to its translation above which the embeddings are taken
        to know the languages poorly: beyond it, the pair bonus grows by the excess (see `document_pair_bonus`).
    background_samples: random units of the other side used for normalisation.
    seed: of the random sample of background units.
    """

    skip: float = 0.1
    pair_bonus: float = 1.0
    many_penalty: float = 0.0
    paragraph_many_penalty: float = 0.06
    length_weight: float = 0.25
    length_scale_chars: float = 200.0
    coverage_weight: float = 0.5
    coverage_threshold: float = 0.85
    coverage_length: float = 200.0
    number_weight: float = 0.2
    quote_weight: float = 0.05
    informative_distance: float = 0.55
    background_samples: int = 64
    seed: int = 0

    def __post_init__(self) -> None:
        check_number_fields(self)
        # a negative skip or bonus does not make another alignment but a degenerate one (every unit an omission)
        for spec in fields(self):
            value = getattr(self, spec.name)
            if not (math.isfinite(value) and value >= 0):
                raise SettingsError(f"CostParams.{spec.name} must be a number >= 0, got {value!r}")
        for name in ("coverage_length", "length_scale_chars", "background_samples"):
            if getattr(self, name) <= 0:
                raise SettingsError(f"CostParams.{name} must be positive, got {getattr(self, name)!r}")


@dataclass(frozen=True, slots=True)
class Side:
    """One document's units as the cost function sees them.

    states: float32[n, k], additive (a group's state is the sum of its units' states);
    finish: summed states float32[g, k] -> L2-normalised embeddings float32[g, dim];
    embeddings: float32[n, dim], finish(states), the units' own embeddings;
    lengths: float64[n] in characters; background: float64[n], each unit's mean
    cosine to random units of the other document (sampled from the whole document, also
    for a part of it: see `part`); numbers: float32[n + 1, NUMBER_BUCKETS], running totals
    of the units' `number_counts` (row s: the units before s, offset by the units before a
    part), so a group's numbers are the difference of two rows; document_length: the
    characters of the whole document (None when these units are the whole document), for
    its length ratio (`length_ratio`); encoded_groups: embeddings of some groups of these units
    encoded from their joined text, {(start, stop): float32[dim]}, used instead of the embedding
    of their summed states (see `refine.refine_beads`); closing_quotes: float32[n], the documents'
    `quote_evidence` where the unit ends with a closing quotation mark, else 0 (None: no quotation term);
    groups: None, or the embeddings of every group of up to len(groups) units made once for the whole side
    (float32[len(groups), n, dim], as `group_embeddings` gives them; `make_sides` holds them for short documents).
    """

    states: np.ndarray
    finish: Finish
    embeddings: np.ndarray
    lengths: np.ndarray
    background: np.ndarray
    numbers: np.ndarray
    document_length: float | None = None
    encoded_groups: Mapping[tuple[int, int], np.ndarray] = field(default_factory=dict)
    closing_quotes: np.ndarray | None = None
    groups: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.lengths)

    def group_embeddings(self, max_units: int, start: int, stop: int) -> np.ndarray:
        """float32[max_units, stop - start, dim]: [k-1, s - start] embeds units s .. s+k-1, for start <= s < stop
        (zeros where the group runs off either end)."""
        start, stop = max(start, 0), min(stop, len(self))
        count = max(stop - start, 0)
        if self.groups is not None and max_units <= len(self.groups):
            groups = self.groups[:max_units, start : start + count].copy()
            for k in range(2, max_units + 1):  # the groups that run past these units (the end of a part)
                groups[k - 1, max(len(self) - k + 1 - start, 0) :] = 0.0
        else:
            groups = np.zeros((max_units, count, self.embeddings.shape[1]), dtype=np.float32)
            groups[0] = self.embeddings[start:stop]
            sums = group_states(self.states, max_units, start, stop)  # finished in one pass: fewer, larger products
            if sums:
                finished = self.finish(np.concatenate(sums))
                for k, rows in enumerate(np.split(finished, np.cumsum([len(part) for part in sums[:-1]])), start=2):
                    groups[k - 1, : len(rows)] = rows
        for (first, last), embedding in self.encoded_groups.items():
            if start <= first < stop and last - first <= max_units:
                groups[last - first - 1, first - start] = embedding
        return groups

    def part(self, start: int, stop: int) -> Side:
        """Units start .. stop-1 with their statistics as computed for the whole document (views, no copies)."""
        return Side(
            self.states[start:stop],
            self.finish,
            self.embeddings[start:stop],
            self.lengths[start:stop],
            self.background[start:stop],
            self.numbers[start : stop + 1],
            self.total_length,
            {
                (first - start, last - start): embedding
                for (first, last), embedding in self.encoded_groups.items()
                if start <= first and last <= stop
            },
            None if self.closing_quotes is None else self.closing_quotes[start:stop],
            None if self.groups is None else self.groups[:, start:stop],
        )

    @property
    def total_length(self) -> float:
        """The characters of the whole document these units belong to."""
        return float(self.lengths.sum()) if self.document_length is None else self.document_length

    def group_numbers(self, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
        """float32[len(start), NUMBER_BUCKETS]: the number counts of units start .. stop-1, for each pair."""
        return self.numbers[stop] - self.numbers[start]

    @property
    def has_numbers(self) -> bool:
        return bool((self.numbers[-1] - self.numbers[0]).any())


def group_states(states: np.ndarray, max_units: int, start: int, stop: int) -> list[np.ndarray]:
    """The summed states of the groups of 2, 3, .. max_units consecutive rows of `states` that start at
    start .. stop-1 and end inside `states`: for k = 2, .., float32[groups of k that fit, k] (summed in float64),
    up to the first k for which none fits."""
    count = max(stop - start, 0)
    running = states[start:stop].astype(np.float64)
    sums = []
    for k in range(2, max_units + 1):
        valid = min(count, len(states) - start - k + 1)
        if valid <= 0:
            break
        running = running[:valid] + states[start + k - 1 : start + k - 1 + valid]
        sums.append(running.astype(np.float32))
    return sums


def bead_types(max_units: int) -> list[BeadType]:
    """1-0, 0-1 and every (a, b) with 1 <= a, b and a + b <= max_units + 1 (so at most max_units on one side)."""
    pairs = [(a, total - a) for total in range(2, max_units + 2) for a in range(1, total)]
    return [*pairs, (1, 0), (0, 1)]


def number_counts(texts: Sequence[str]) -> np.ndarray:
    """float32[len(texts) + 1, NUMBER_BUCKETS]: running totals of each text's numbers written in digits (any
    script's decimal digits read as their values, so १२ in Hindi is the 12 of the English; leading zeros dropped),
    counted in hashed buckets."""
    counts = np.zeros((len(texts) + 1, NUMBER_BUCKETS), dtype=np.float32)
    for row, text in enumerate(texts, start=1):
        for digits in _DIGITS.findall(text):
            value = digits if digits.isascii() else "".join(str(unicodedata.decimal(c)) for c in digits)  # ١٢, १२, １２
            counts[row, zlib.crc32((value.lstrip("0") or "0").encode()) % NUMBER_BUCKETS] += 1
    return np.cumsum(counts, axis=0, out=counts)


def make_sides(
    states: np.ndarray,
    finish: Finish,
    source_texts: Sequence[str],
    target_texts: Sequence[str],
    params: CostParams,
    group_units: int = 1,
) -> tuple[Side, Side]:
    """Build both sides from the states of both documents' units (float32[len(source_texts) + len(target_texts),
    k]: the source's rows, then the target's; the sides keep views of it), `finish` and the units' texts, with
    background similarity against a seeded sample. One pass of `finish` embeds the units of both sides and, for
    a side of at most HELD_GROUP_ROWS / group_units units, all its groups of up to `group_units` units
    (`Side.groups`): the search, its second look and the features then make no pass of their own."""
    rng = np.random.default_rng(params.seed)
    n = len(source_texts)
    own = (states[:n], states[n:])
    # per side: the summed states of its groups of 2, 3, ... units, where they are held
    sums = [
        group_states(rows, group_units, 0, len(rows))
        if group_units > 1 and group_units * len(rows) <= HELD_GROUP_ROWS
        else []
        for rows in own
    ]
    if not sums[0] and not sums[1]:
        embeddings = finish(states) if len(states) else np.zeros((0, 1), np.float32)
        src_emb, tgt_emb = embeddings[:n], embeddings[n:]
        groups: list[list[np.ndarray]] = [[], []]
    else:
        finished = np.split(
            finish(np.concatenate([states, *sums[0], *sums[1]])),
            np.cumsum([len(states), *(len(part) for part in sums[0] + sums[1])])[:-1],
        )
        # the units' embeddings outlive the sides (Alignment.embeddings): copied out of the pass that made groups
        src_emb, tgt_emb = finished[0][:n].copy(), finished[0][n:].copy()
        groups = [finished[1 : 1 + len(sums[0])], finished[1 + len(sums[0]) :]]

    def background(own: np.ndarray, other: np.ndarray) -> np.ndarray:
        if len(other) == 0 or len(own) == 0:
            return np.zeros(len(own))
        sample = np.sort(rng.choice(len(other), size=min(params.background_samples, len(other)), replace=False))
        return (own @ other[sample].T).mean(axis=1).astype(np.float64)

    def side(
        own: np.ndarray, embeddings: np.ndarray, group_rows: list[np.ndarray], texts: Sequence[str], bg: np.ndarray
    ) -> Side:
        lengths = np.array([len(t) for t in texts], dtype=np.float64)
        held = None
        if group_rows:  # [k - 1, s]: the group of k units from s, zeros where it runs past the end
            held = np.zeros((group_units, *embeddings.shape), dtype=np.float32)
            for k, rows in enumerate([embeddings, *group_rows], start=1):
                held[k - 1, : len(rows)] = rows
        return Side(own, finish, embeddings, lengths, bg, number_counts(texts), groups=held)

    src_bg = background(src_emb, tgt_emb)  # in this order: both draw from `rng`
    tgt_bg = background(tgt_emb, src_emb)
    sides = (
        side(own[0], src_emb, groups[0], source_texts, src_bg),
        side(own[1], tgt_emb, groups[1], target_texts, tgt_bg),
    )
    marks = ends_quotation(source_texts), ends_quotation(target_texts)
    evidence = np.float32(quote_evidence(*sides, *marks))
    return replace(sides[0], closing_quotes=marks[0] * evidence), replace(sides[1], closing_quotes=marks[1] * evidence)


def ends_quotation(texts: Sequence[str]) -> np.ndarray:
    """float32[len(texts)]: 1 where a text ends with a closing quotation mark (`CLOSING_QUOTES`), else 0."""
    return np.array([bool(text) and text.rstrip()[-1:] in CLOSING_QUOTES for text in texts], dtype=np.float32)


def quote_evidence(
    source: Side, target: Side, source_marks: np.ndarray, target_marks: np.ndarray, prior_units: float = 10.0
) -> float:
    """How much a disagreement on ending a quotation (`ends_quotation`: source_marks, target_marks) says against a
    pair on these documents: the log of how much less often the documents' near-diagonal matches
    (`diagonal_matches`) disagree than random units do, shrunk towards no evidence as if `prior_units` more matches
    disagreed as often as random units (short documents say little); 0 where matches disagree no less often than
    random units (a translation that marks speech another way) or no unit ends a quotation."""
    if not len(source_marks) or not len(target_marks):
        return 0.0
    source_share, target_share = float(source_marks.mean()), float(target_marks.mean())
    random = source_share * (1.0 - target_share) + (1.0 - source_share) * target_share
    if random <= 0.0:
        return 0.0
    units, _, matches = diagonal_matches(source, target)
    disagreeing = float((source_marks[units] != target_marks[matches]).sum())
    matched = (disagreeing + prior_units * random) / (len(units) + prior_units)
    return max(float(np.log(random / matched)), 0.0)


def band_costs(
    source: Side, target: Side, types: Sequence[BeadType], band: Band, params: CostParams, typical: float
) -> Iterator[np.ndarray]:
    """The cost of each bead type ending at each band cell, a block of whole rows at a time:
    float32[len(types), cells of the block's rows], for the blocks of `row_blocks` in order.
    `typical` is the two sides' `typical_pair_distance` (it sets `document_pair_bonus`).

    Group embeddings are made for the part of each side a block can reach (and kept
    for the next block where the two overlap), and the DP consumes each block before
    the next is made, so memory stays bounded on long documents.
    """
    params = replace(params, pair_bonus=document_pair_bonus(typical, params))
    conflict = number_conflict_weight(typical, params)
    n = len(source)
    max_a = max(a for a, _ in types)
    max_b = max(b for _, b in types)
    ratio = length_ratio(source, target)
    smoothing = length_smoothing(ratio)
    src_sums, tgt_sums = _group_sums(source, max_a), _group_sums(target, max_b)
    tgt_sums = (tgt_sums[0], tgt_sums[1] * ratio)
    src_window, tgt_window = _GroupWindow(source, max_a), _GroupWindow(target, max_b)
    with progress(total=n + 1, description="scoring beads", unit="row") as bar:
        for rows in row_blocks(band, max_a, max_b):
            first_column = int(band.lo[rows.start : rows.stop].min())
            last_column = int(band.hi[rows.start : rows.stop].max())
            src_block = (max(rows.start - max_a, 0), src_window.get(rows.start - max_a, rows.stop))
            tgt_block = (max(first_column - max_b, 0), tgt_window.get(first_column - max_b, last_column))
            scorer = _BlockScorer(
                source, target, types, params, conflict, smoothing, src_block, tgt_block, src_sums, tgt_sums
            )
            yield scorer.block(band, rows)
            bar.update(len(rows))


def document_pair_bonus(typical: float, params: CostParams) -> float:
    """The pair bonus for this document: `pair_bonus`, plus how far the document's `typical_pair_distance`
    (`typical`) lies beyond `informative_distance`.

    With an encoder that hardly knows a language, a unit and its translation are
    nearly as distant as unrelated units, so every pair looks almost as bad as
    two skips and merged beads (whose longer texts have higher cosines) win; the
    bonus counted from the document's own typical distance keeps pairs and
    merges in the balance they have on the languages the encoder knows.
    """
    return params.pair_bonus + max(typical - params.informative_distance, 0.0)


def embedding_contrast_gain(typical: float, params: CostParams) -> float:
    """How many times less the embeddings tell a translation from unrelated text on this document than on one
    whose `typical_pair_distance` (`typical`) is `informative_distance`: (1 - informative_distance) / (1 - typical)
    beyond it, 1 up to it, at most MAX_CONTRAST_GAIN.

    A pair's embedding distance runs from about `typical` for a translation to about 1
    for unrelated text, so a signal that does not depend on the encoder has to count
    this many times more to keep the weight it has next to the embeddings on the
    languages the encoder knows.
    """
    if typical <= params.informative_distance:
        return 1.0
    return min((1.0 - params.informative_distance) / max(1.0 - typical, 1e-6), MAX_CONTRAST_GAIN)


def number_conflict_weight(typical: float, params: CostParams) -> float:
    """What a pair whose two sides both carry numbers in digits, none of them shared, pays on top of its
    `number_weight` mismatch on this document: number_weight x (embedding_contrast_gain - 1), so 0 where the
    embeddings are informative.

    Only the conflict grows, not the mismatch in general: a number present on one
    side only may be written in words on the other or sit in the neighbouring
    sentence (a larger weight there makes beads merge to collect their numbers), but
    two sides whose numbers all differ ("Article 12" against "Artikkel 13") are
    evidence against the pair in any language. So is a unit of a many-unit bead whose
    numbers all differ from those of the bead's other side (`_BlockScorer`): the
    bead's shared numbers belong to its other units.
    """
    return params.number_weight * (embedding_contrast_gain(typical, params) - 1.0)


def typical_pair_distance(
    source: Side, target: Side, params: CostParams, samples: int = 200, reach: int = 10, prior_units: float = 10.0
) -> float:
    """The normalised distance of a unit to its translation, estimated from the document itself: the mean, over
    up to `samples` evenly spaced source units, of the distance to the nearest target unit within `reach` (plus the
    difference in length of the two sides) of the unit's place on the diagonal, shrunk towards
    `informative_distance` as if `prior_units` more units had that distance (short documents say little)."""
    if not len(source) or not len(target):
        return params.informative_distance
    units, best, _ = diagonal_matches(source, target, samples, reach)
    nearest = np.asarray(normalised_distance(best, source.background[units]))
    return float((nearest.sum() + prior_units * params.informative_distance) / (len(units) + prior_units))


def diagonal_matches(
    source: Side, target: Side, samples: int = 200, reach: int = 10
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(units, similarity, match): up to `samples` evenly spaced source units (int64), the cosine of each to its
    nearest target unit within `reach` (plus the difference in length of the two sides) of the unit's place on the
    diagonal (float64), and that target unit (int64). Both sides must have units."""
    n, m = len(source), len(target)
    reach += abs(n - m)
    units = distinct_sorted(np.linspace(0, n - 1, min(samples, n)).astype(np.int64))
    centres = np.rint(units * (m - 1) / max(n - 1, 1)).astype(np.int64)
    best = np.empty(len(units))
    match = np.empty(len(units), dtype=np.int64)
    offsets = np.arange(-reach, reach + 1)
    step = max(1, (1 << 22) // (len(offsets) * source.embeddings.shape[1]))  # about 16 MB of gathered rows at once
    for first in range(0, len(units), step):
        near = np.clip(centres[first : first + step, None] + offsets, 0, m - 1)  # clipped: repeats, never new units
        similarity = np.einsum("ud,uwd->uw", source.embeddings[units[first : first + step]], target.embeddings[near])
        nearest = similarity.argmax(axis=1)
        best[first : first + step] = similarity[np.arange(len(nearest)), nearest]
        match[first : first + step] = near[np.arange(len(nearest)), nearest]
    return units, best, match


def distinct_sorted(values: np.ndarray) -> np.ndarray:
    """np.unique of values already sorted (evenly spaced sample places), without its sort and overhead."""
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def row_blocks(band: Band, max_a: int, max_b: int) -> Iterator[range]:
    """Consecutive runs of the band's rows, each scored with one dense product of its rows' source groups by
    its columns' target groups: a run grows while that product stays within a small multiple of the cells the
    band needs there, so a diagonal band gets blocks about as tall as it is wide and a wide row a block of its
    own, and the work stays proportional to the band's cells."""
    widths = band.widths
    start, n_rows = 0, len(band.lo)
    while start < n_rows:
        stop, cells = start + 1, int(widths[start])
        low, high = int(band.lo[start]), int(band.hi[start])
        while stop < n_rows and stop - start < MAX_ROWS_PER_BLOCK:
            new_low, new_high = min(low, int(band.lo[stop])), max(high, int(band.hi[stop]))
            new_cells = cells + int(widths[stop])
            dense = (stop + 1 - start + max_a) * (new_high - new_low + 1 + max_b)
            if dense > DENSE_PER_CELL * new_cells + DENSE_SLACK:
                break
            stop, cells, low, high = stop + 1, new_cells, new_low, new_high
        yield range(start, stop)
        start = stop


class _GroupWindow:
    """Group embeddings of one side over a moving window of start units, so that the units two
    consecutive blocks share are run through `finish` once."""

    def __init__(self, side: Side, max_units: int) -> None:
        self._side, self._max_units = side, max_units
        self._start, self._groups = 0, side.group_embeddings(max_units, 0, 0)

    def get(self, start: int, stop: int) -> np.ndarray:
        """`Side.group_embeddings(max_units, start, stop)`, reusing the previous call's overlap."""
        start, stop = max(start, 0), max(min(stop, len(self._side)), max(start, 0))
        cached_stop = self._start + self._groups.shape[1]
        if not self._start <= start <= cached_stop:
            self._start, self._groups = start, self._side.group_embeddings(self._max_units, start, start)
            cached_stop = start
        kept = self._groups[:, start - self._start : min(stop, cached_stop) - self._start]
        new = self._side.group_embeddings(self._max_units, max(cached_stop, start), stop)
        self._start, self._groups = start, np.concatenate([kept, new], axis=1)
        return self._groups


class _BlockScorer:
    """The costs of a block of `band_costs` (`block`), scored a few rows at a time (`costs`) from the block's group
    products, which are made once.

    `conflict` is the `number_conflict_weight`, `smoothing` the `length_smoothing` of the documents;
    src_block/tgt_block are (first unit, group embeddings float32[max units, units, dim]) for the groups the
    block's beads can use; src_sums/tgt_sums are `_group_sums` of each side.
    """

    def __init__(
        self,
        source: Side,
        target: Side,
        types: Sequence[BeadType],
        params: CostParams,
        conflict: float,
        smoothing: float,
        src_block: tuple[int, np.ndarray],
        tgt_block: tuple[int, np.ndarray],
        src_sums: tuple[np.ndarray, np.ndarray],
        tgt_sums: tuple[np.ndarray, np.ndarray],
    ) -> None:
        (self._src_from, src_groups), (self._tgt_from, tgt_groups) = src_block, tgt_block
        (self._src_bg, self._src_len), (self._tgt_bg, self._tgt_len) = src_sums, tgt_sums
        self._types, self._params, self._conflict, self._smoothing = types, params, conflict, smoothing
        self._similarity = _GroupSimilarity(src_groups, tgt_groups, types)
        self._worst = _CoverageWindows(self._similarity, source, target, self._src_from, self._tgt_from, types, params)
        self._numbers = bool(params.number_weight) and (source.has_numbers or target.has_numbers)
        if self._numbers:  # the same group products on the number counts: shared numbers, and each group's total
            src_numbers = _group_number_counts(source, src_groups.shape[0], self._src_from, src_groups.shape[1])
            tgt_numbers = _group_number_counts(target, tgt_groups.shape[0], self._tgt_from, tgt_groups.shape[1])
            # single units against groups too, for the unit conflicts of many-unit beads (`_unit_conflicts`)
            singles = {(1, b) for a, b in types if a and b} | {(a, 1) for a, b in types if a and b}
            self._shared = _GroupSimilarity(src_numbers, tgt_numbers, sorted(set(types) | singles))
            self._src_totals, self._tgt_totals = src_numbers.sum(axis=2), tgt_numbers.sum(axis=2)
        self._quotes = _closing_quotes(source, target) if params.quote_weight else None

    def block(self, band: Band, rows: range) -> np.ndarray:
        """float32[len(types), cells of rows]: the block's costs, scored as many rows at a time as keep every bead
        type's costs within SCORED_CELLS, so that the float64 temporaries stay in cache."""
        parts, start = [], rows.start
        while start < rows.stop:
            stop, low, high = start + 1, int(band.lo[start]), int(band.hi[start])
            while stop < rows.stop:
                new_low, new_high = min(low, int(band.lo[stop])), max(high, int(band.hi[stop]))
                if (stop + 1 - start) * (new_high - new_low + 1) * len(self._types) > SCORED_CELLS:
                    break
                stop, low, high = stop + 1, new_low, new_high
            parts.append(self.costs(band, range(start, stop)))
            start = stop
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)

    def costs(self, band: Band, rows: range) -> np.ndarray:
        """float32[len(types), cells of rows]: as `band_costs` gives them.

        Every pair bead type is scored at once on the dense box of the rows' nodes (rows x their columns), one
        layer a type: the work per type is slicing its group products into its layer, and the band's cells are
        read out of the box at the end.
        """
        params, src_from, tgt_from = self._params, self._src_from, self._tgt_from
        i, j = band.nodes(rows)
        first_column, last_column = int(j.min()), int(j.max())
        box = (len(rows), last_column - first_column + 1)
        costs = np.full((len(self._types), *box), np.inf, dtype=np.float32)
        pairs = []  # (type, a, b, the nodes of the box where a bead of the type fits: ends >= a, columns >= b)
        for t, (a, b) in enumerate(self._types):
            top, left = max(rows.start, a), max(first_column, b)
            if top >= rows.stop or left > last_column:
                continue
            fits = (slice(top - rows.start, None), slice(left - first_column, None))
            if a == 0 or b == 0:
                costs[t][fits] = params.skip
            else:
                pairs.append((t, a, b, fits))
        if not pairs:
            return self._band_cells(costs, i, j, rows.start, first_column)
        layers = (len(pairs), *box)
        cosine = np.zeros(layers, dtype=np.float32)
        worst = np.full(layers, -np.inf, dtype=np.float32) if self._worst else None
        shared = np.zeros(layers, dtype=np.float32) if self._numbers else None
        starts = []
        for p, (_, a, b, fits) in enumerate(pairs):
            # the groups of the beads at those nodes: source units from end - a, target units from column - b
            x = slice(fits[0].start + rows.start - a - src_from, rows.stop - a - src_from)
            y = slice(fits[1].start + first_column - b - tgt_from, last_column + 1 - b - tgt_from)
            starts.append((x, y))
            cosine[p][fits] = self._similarity(a, b)[x, y]
            if worst is not None and a + b > 2:
                worst[p][fits] = self._worst(a, b, x, y)
            if shared is not None:
                shared[p][fits] = self._shared(a, b)[x, y]
        # per layer and node, the first unit of each side's group (clipped where the type does not fit: never read)
        sizes_a, sizes_b = (np.array([pair[k] for pair in pairs])[:, None] for k in (1, 2))
        src_first = np.maximum(np.arange(rows.start, rows.stop) - sizes_a, 0)
        tgt_first = np.maximum(np.arange(first_column, last_column + 1) - sizes_b, 0)
        background = (
            self._src_bg[sizes_a - 1, src_first][:, :, None] + self._tgt_bg[sizes_b - 1, tgt_first][:, None, :]
        ) / 2
        cost = np.asarray(
            pair_cost(
                cosine,
                background,
                self._src_len[sizes_a - 1, src_first][:, :, None],
                self._tgt_len[sizes_b - 1, tgt_first][:, None, :],
                sizes_a[:, :, None],
                sizes_b[:, :, None],
                params,
                self._smoothing,
            )
        )
        if worst is not None:  # -inf, so no penalty, in the layers of 1-1 beads
            cost += params.coverage_weight * np.maximum(worst - params.coverage_threshold, 0.0)
        if self._quotes is not None:  # one side's last unit ends a quotation, the other's does not
            last_source = self._quotes[0][np.maximum(np.arange(rows.start, rows.stop) - 1, 0)]
            last_target = self._quotes[1][np.maximum(np.arange(first_column, last_column + 1) - 1, 0)]
            cost += params.quote_weight * np.abs(last_source[:, None] - last_target[None, :])
        if shared is not None:
            src_total = self._src_totals[sizes_a - 1, np.maximum(src_first - src_from, 0)][:, :, None]
            tgt_total = self._tgt_totals[sizes_b - 1, np.maximum(tgt_first - tgt_from, 0)][:, None, :]
            mismatch = dice_mismatch(shared, src_total, tgt_total)
            cost += params.number_weight * mismatch
            if self._conflict:  # numbers on both sides, none shared; else a unit's numbers, none on the other side
                conflict = (mismatch >= 1.0) & (np.minimum(src_total, tgt_total) > 0)
                cost += self._conflict * (conflict | ((mismatch < 1.0) & self._unit_conflicts(pairs, starts, layers)))
        for p, (t, _, _, fits) in enumerate(pairs):
            costs[t][fits] = cost[p][fits]
        return self._band_cells(costs, i, j, rows.start, first_column)

    def _unit_conflicts(
        self,
        pairs: Sequence[tuple[int, int, int, tuple[slice, slice]]],
        starts: Sequence[tuple[slice, slice]],
        layers: tuple[int, ...],
    ) -> np.ndarray:
        """bool[layers]: where a bead of several units has a unit with numbers, none of them on the bead's other
        side, which has numbers (`pairs`, `layers` as in `costs`; `starts`: per layer, the slices of group starts,
        source and target, of the box's nodes where the type fits)."""
        conflicts = np.zeros(layers, dtype=bool)
        for p, (_, a, b, fits) in enumerate(pairs):
            if a + b <= 2:
                continue
            x, y = starts[p]
            units = np.zeros((x.stop - x.start, y.stop - y.start), dtype=bool)
            if a > 1:  # each source unit of the group against the target group
                other = self._tgt_totals[b - 1, y][None, :] > 0
                for k in range(a):
                    unit = slice(x.start + k, x.stop + k)
                    units |= (self._src_totals[0, unit][:, None] > 0) & other & (self._shared(1, b)[unit, y] == 0)
            if b > 1:  # each target unit of the group against the source group
                other = self._src_totals[a - 1, x][:, None] > 0
                for k in range(b):
                    unit = slice(y.start + k, y.stop + k)
                    units |= (self._tgt_totals[0, unit][None, :] > 0) & other & (self._shared(a, 1)[x, unit] == 0)
            conflicts[p][fits] = units
        return conflicts

    @staticmethod
    def _band_cells(box: np.ndarray, i: np.ndarray, j: np.ndarray, first_row: int, first_column: int) -> np.ndarray:
        """float32[len(types), len(i)]: the band's cells (nodes i, j) of a dense box of costs whose first node is
        (first_row, first_column); the box itself, reshaped, when the band holds every node of it (a full grid)."""
        if len(i) == box.shape[1] * box.shape[2]:
            return box.reshape(len(box), -1)
        return box[:, i - first_row, j - first_column]


def _closing_quotes(source: Side, target: Side) -> tuple[np.ndarray, np.ndarray] | None:
    """Both sides' `closing_quotes`, or None when either has none or neither has a quotation that counts."""
    if source.closing_quotes is None or target.closing_quotes is None:
        return None
    if not (source.closing_quotes.any() or target.closing_quotes.any()):
        return None
    return source.closing_quotes, target.closing_quotes


class _GroupSimilarity:
    """Cosines of every source group with every target group of a block: one matrix product per source size.

    similarity(a, b)[x, y] is the cosine of the a units from src_from + x with the b units from tgt_from + y;
    `sizes(a, count)` holds those of b = 1 .. count side by side ([x, (b - 1) * columns + y]).
    """

    def __init__(self, src_groups: np.ndarray, tgt_groups: np.ndarray, types: Sequence[BeadType]) -> None:
        self.columns = tgt_groups.shape[1]
        dim = tgt_groups.shape[2]
        self._products = {}
        for a in sorted({a for a, b in types if a and b}):
            sizes = max(b for a2, b in types if a2 == a)  # target sizes 1 .. sizes, for this source size
            self._products[a] = src_groups[a - 1] @ tgt_groups[:sizes].reshape(-1, dim).T

    def __call__(self, a: int, b: int) -> np.ndarray:
        return self._products[a][:, (b - 1) * self.columns : b * self.columns]

    def sizes(self, a: int, count: int) -> np.ndarray:
        return self._products[a][:, : count * self.columns]


def pair_cost(
    similarity: ArrayOrFloat,
    background: ArrayOrFloat,
    source_length: ArrayOrFloat,
    target_length: ArrayOrFloat,
    a: int | np.ndarray,
    b: int | np.ndarray,
    params: CostParams,
    smoothing: float = LENGTH_SMOOTHING_CHARS,
) -> ArrayOrFloat:
    """Cost of an a-b bead from its cosine, its background cosine and its (ratio-adjusted) lengths; `smoothing`
    is the documents' `length_smoothing` (a, b: the bead's sizes, or arrays of them broadcast with the rest)."""
    return (
        normalised_distance(similarity, background)
        - params.pair_bonus
        + params.many_penalty * (a + b - 2)
        + params.length_weight
        * length_scale(source_length, target_length, params)
        * length_gap(source_length, target_length, smoothing)
    )


# The length term stops growing at this multiple of its weight (beads from 9 times length_scale_chars on),
# so that one very long paragraph pair cannot be outweighed by nothing but its length.
MAX_LENGTH_SCALE = 3.0


def length_scale(
    source_length: np.ndarray | float, target_length: np.ndarray | float, params: CostParams
) -> np.ndarray:
    """How much the length term counts for a bead of these lengths: 1 up to `length_scale_chars` characters a
    side on average, then growing with the square root of the length (the spread of a translation's length
    grows like the square root of the text's, as Gale and Church measured), up to MAX_LENGTH_SCALE."""
    mean = (np.asarray(source_length) + np.asarray(target_length)) / 2
    return np.clip(np.sqrt(mean / params.length_scale_chars), 1.0, MAX_LENGTH_SCALE)


class _CoverageWindows:
    """The worst unit of every many-unit bead of a block, for its coverage penalty: the largest `_unit_distance` of
    the bead's units to the other side's group, from running maxima over the units' distances (a pass per group
    size, shared by the bead types of that size).

    worst(a, b, x, y) is float32[len(x), len(y)] for the beads of the a source units from src_first + x and the b
    target units from tgt_first + y (x, y: slices of group starts); false when no bead pays a coverage penalty.
    """

    def __init__(
        self,
        similarity: _GroupSimilarity,
        source: Side,
        target: Side,
        src_first: int,
        tgt_first: int,
        types: Sequence[BeadType],
        params: CostParams,
    ) -> None:
        many = [(a, b) for a, b in types if a and b and a + b > 2] if params.coverage_weight else []
        self._columns = similarity.columns
        self._source: dict[int, np.ndarray] = {}
        self._target: dict[int, np.ndarray] = {}
        if not many:
            return
        # source unit x against the target group of b units from y: [x, (b - 1) * columns + y]
        sizes = max((b for a, b in many if a > 1), default=0)
        if sizes:
            units = _unit_distance(source, src_first, similarity.sizes(1, sizes), params)
            self._source[1] = units
            for a in range(2, max(a for a, _ in many) + 1):  # [x, ..]: the worst of source units x .. x+a-1
                self._source[a] = np.maximum(self._source[a - 1][:-1], units[a - 1 :])
        # target unit y against the source group of a units from x: [a - 1, x, y]
        sizes = max((a for a, b in many if b > 1), default=0)
        if sizes:
            stacked = np.stack([similarity(a, 1) for a in range(1, sizes + 1)])
            units = _unit_distance(target, tgt_first, stacked, params, axis=-1)
            self._target[1] = units
            for b in range(2, max(b for _, b in many) + 1):  # [.., y]: the worst of target units y .. y+b-1
                self._target[b] = np.maximum(self._target[b - 1][..., :-1], units[..., b - 1 :])

    def __bool__(self) -> bool:
        return bool(self._source or self._target)

    def __call__(self, a: int, b: int, x: slice, y: slice) -> np.ndarray:
        if b == 1:
            return self._source[a][x, y]
        target = self._target[b][a - 1, x, y]
        if a == 1:
            return target
        return np.maximum(
            self._source[a][x, y.start + (b - 1) * self._columns : y.stop + (b - 1) * self._columns], target
        )


def _unit_distance(side: Side, first: int, similarity: np.ndarray, params: CostParams, axis: int = 0) -> np.ndarray:
    """Normalised distances of units first, first+1, ... (along `axis` of `similarity`) to groups of the other side,
    pulled towards the coverage threshold for short units (headings, OCR fragments, references), whose embeddings
    say little about what they hold."""
    units = slice(first, first + similarity.shape[axis])
    shape = (-1, 1) if axis == 0 else (1, -1)
    distance = normalised_distance(similarity, side.background[units].reshape(shape))
    weight = np.minimum(side.lengths[units] / params.coverage_length, 1.0).reshape(shape)
    return (params.coverage_threshold + weight * (distance - params.coverage_threshold)).astype(np.float32)


def number_mismatch(source_numbers: np.ndarray, target_numbers: np.ndarray) -> np.ndarray:
    """float32[g]: `dice_mismatch` of the numbers of g pairs of groups (rows of `Side.group_numbers`)."""
    shared = (source_numbers * target_numbers).sum(axis=1)
    return dice_mismatch(shared, source_numbers.sum(axis=1), target_numbers.sum(axis=1))


def dice_mismatch(shared: np.ndarray, source_total: np.ndarray, target_total: np.ndarray) -> np.ndarray:
    """1 - the Dice overlap of two groups' numbers, from the dot product of their bucket counts (`shared`, which
    counts a number once per pair of occurrences, so it is capped at the smaller total) and their totals;
    0 where neither group has a number."""
    total = source_total + target_total
    overlap = np.minimum(shared, np.minimum(source_total, target_total))
    return np.where(total > 0, 1.0 - 2.0 * overlap / np.maximum(total, 1.0), 0.0).astype(np.float32)


def _group_number_counts(side: Side, max_units: int, start: int, count: int) -> np.ndarray:
    """float32[max_units, count, NUMBER_BUCKETS]: [k-1, s - start] counts the numbers of units s .. s+k-1
    (cut at the end of the document), for start <= s < start + count."""
    first = np.arange(start, start + count)
    return np.stack([side.group_numbers(first, np.minimum(first + k, len(side))) for k in range(1, max_units + 1)])


def normalised_distance(similarity: ArrayOrFloat, background: ArrayOrFloat) -> ArrayOrFloat:
    """Cosine distance relative to the distance between random units: about 1 for unrelated text."""
    return (1.0 - similarity) / np.maximum(1.0 - background, 0.05)


def length_gap(
    source_length: ArrayOrFloat, target_length: ArrayOrFloat, smoothing: float = LENGTH_SMOOTHING_CHARS
) -> ArrayOrFloat:
    """|log| of the length ratio, smoothed by `smoothing` characters (see `length_smoothing`) so that short units
    are not punished for a few characters."""
    return np.abs(np.log((source_length + smoothing) / (target_length + smoothing)))


def length_smoothing(ratio: float) -> float:
    """The smoothing of `length_gap`, in source characters (the unit the target's lengths are converted to), for
    documents whose `length_ratio` is `ratio`: LENGTH_SMOOTHING_CHARS characters of the side whose script writes
    more of them. A Chinese source writes about a third as many characters as its English translation, so 20 of
    its characters would smooth away some 60 English ones and the length term would hardly speak."""
    return LENGTH_SMOOTHING_CHARS * min(ratio, 1.0)


def span_background(side: Side, span: range) -> float:
    """The length-weighted background of a group of units (as `_group_sums` computes for every group)."""
    lengths = side.lengths[span.start : span.stop]
    return float(lengths @ side.background[span.start : span.stop] / max(float(lengths.sum()), 1.0))


def _group_sums(side: Side, max_units: int) -> tuple[np.ndarray, np.ndarray]:
    """For every group of k = 1..max_units units starting at s: length-weighted background and total length.
    Each is float64[max_units, n] (0 where the group runs off the end)."""
    n = len(side)
    background = np.zeros((max_units, n))
    length = np.zeros((max_units, n))
    weighted_bg = side.lengths * side.background
    for k in range(1, max_units + 1):
        count = n - k + 1
        if count <= 0:
            break
        length[k - 1, :count] = sum(side.lengths[p : p + count] for p in range(k))
        background[k - 1, :count] = sum(weighted_bg[p : p + count] for p in range(k)) / np.maximum(
            length[k - 1, :count], 1.0
        )
    return background, length


def length_ratio(source: Side, target: Side) -> float:
    """Source characters per target character over the whole documents (smoothed), to compare bead lengths: a
    part of the documents (the sentences of one paragraph bead) is compared at the documents' ratio, so a sentence
    missing from it still shows in the lengths."""
    return (source.total_length + 1.0) / (target.total_length + 1.0)
