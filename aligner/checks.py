"""Consistency checks for translators: what looks wrong in an alignment, pointed at the bead.

Each check reads an `Alignment` and yields `Finding`s (check id, severity, bead index, message,
evidence). Errors are things a reviewer must fix or confirm; warnings are worth a look. The checks
are tuned not to cry wolf: the seed statement and its translation give no finding at all.

| check | what it reports | severity |
|---|---|---|
| omission | a source unit with no translation (1-0 bead) | error (warning if it has no words) |
| addition | a target unit with no source (0-1 bead) | error (warning if it has no words) |
| moved | a unit translated by one of another bead, out of order: unpaired, or in wrong pairs (swapped) | error |
| low-confidence | a pair whose confidence is below `low_confidence_below` (not one a reviewer made or edited) | error |
| numbers | numbers, months, decades or times of day on one side with no counterpart on the other | error (below) |
| untranslated | a target (or a sentence of it) in the source language, the same as its source, in its script | error |
| language | a target (or a sentence of it) in a language that is neither the target's nor the source's | error |
| length | a pair whose length ratio is far from the document's typical ratio | warning; error: extreme, weaker match |
| weak | a pair much less similar than the document's pairs (another text on the subject) | warning, error if extreme |
| absorbed | an end unit of a many-unit pair that the pair's other side does not seem to translate | warning |
| order | units of a many-to-many bead translated in another order (swapped paragraphs) | error (below) |
| inconsistent | the same source text translated differently elsewhere | warning |

A moved pair is one finding, on the source unit's bead, in place of that omission and that addition (when the
moved check runs): the aligner is monotone, so a unit moved elsewhere in the translation comes out as both, or, when
the units around it are alike enough, as pairs of the wrong units (two paragraphs swapped far apart), or as a unit
unpaired on each side and one pair of the two others (a swap too: each unpaired unit's finding is moved), or as a unit
unpaired whose counterpart the aligner joined to the pair beside it (a swap beside a deletion: that pair is wrong).
The finding is on the translation's bead too (`export.finding_beads`): a translation memory leaves out both pairs,
and the review, the XLSX and the TMX's `x-findings` (with --keep-errors) show it on the translation's row from there
(`export.findings_by_bead`, `moved_at_translation`) unless that row's own moved finding names the first (a swap).

A decade only one side names, digits in a code (`G7`), Roman numerals and a phone number that gains or drops the
international prefix are numbers warnings; sentences of one paragraph in another order are an order warning.
Numbers are compared as a multiset per pair: two swapped in one pair pass; weekdays and negation are not checked.

Numbers written as words are not compared: a digit facing the same number spelled out on the other
side ('4' / 'четыре') is not reported, and a number written only in words on both sides is not seen
(see `aligner.numbers`). Chinese, Japanese and Sino-Korean numerals are read as words are ('130' / '一百三十',
'300' / '삼백 명'), except percentages, decimals and years written digit by digit, which are compared
(`aligner.cjk_numerals`).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import lru_cache
from statistics import median
from typing import Any

import numpy as np

from .corrections import reworded
from .display import NUMBERING_NOTE, confidence_text, counted, unit_numbers
from .embed import Model, StateEncoder, embed_states, embed_texts, one_blas_thread, resolve_encoder, same_model
from .errors import SettingsError, shown
from .export import BODY_TEXT, BeadFinding, count_findings, finding_beads, gate_reason, translation_bead
from .language import (
    LETTER,
    base_language,
    close_languages,
    contradicting_language,
    detect_language,
    language_name,
    locale_variants,
    main_script,
    same_language,
    script_counts,
    units_language,
    writes_month_first,
)
from .numbers import ENGLISH_MONTHS, Quantity, extract_quantities, reads_months, unmatched_quantities
from .progress import tracked
from .segment import RuleSegmenter
from .types import UNIT_JOINERS, Alignment, Bead, Document, Finding, Severity

_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """The thresholds of the checks.

    `low_confidence_below`: a pair below it is a low-confidence error. The confidence is a calibrated probability
    that the pair is right, so 0.5 is where a pair becomes more likely wrong than right.
    `length_warning` / `length_error`: how far (in robust z-scores: distance from the median
    log length ratio, in units of 1.4826 MAD) a pair's ratio must be from the document's typical
    ratio to be reported; an error also needs the ratio to be off by at least `length_error_factor`, and the
    pair to match less well than the document's pairs (LENGTH_ERROR_DISTANCE_FACTOR).
    `min_identical_words`: a translation identical to its source counts as untranslated only with
    at least this many lower-case words (others are names, numbers, codes that stay the same), one between documents
    in the same language (an untranslated copy); a translation of fewer words is too short to tell its language.
    `weak_z`: how far (robust z-scores of cosine distance) a pair must be beyond the document's median pair, and
    at least WEAK_FACTOR times its distance, to be a `weak` match; it is an error (held back from a translation
    memory until a reviewer confirms it) when it is `weak_error_z` robust z-scores out or its distance is at least
    `weak_error_factor` times the median pair's. In a document of fewer than MIN_PAIRS_FOR_LENGTH pairs (at least
    MIN_PAIRS_FOR_WEAK) the z-scores are not used, the spread of so few pairs being no measure; a weak 1-1 pair
    there is an error too when another unit of the document is as similar to one of its units.
    `order_margin`: in a bead with several units on both sides, two units count as crossed when
    each is more similar (cosine) to the other's counterpart by at least this much.
    `model`: the encoder for the order check of an alignment that carries no embeddings (one read back from
    a file), as in `aligner.align` (None: the embedded one); otherwise the alignment's own embeddings are used.
    The absorbed check encodes groups of units with it in any case, and reads the alignment's embeddings only when
    this model made them.
    `checks`: the checks to run (default: all of `CHECKS`).
    """

    low_confidence_below: float = 0.5
    length_warning: float = 4.0
    length_error: float = 6.0
    length_error_factor: float = 1.6
    min_identical_words: int = 3
    order_margin: float = 0.1
    weak_z: float = 4.0
    weak_error_z: float = 7.0
    weak_error_factor: float = 3.0
    model: Model = None
    checks: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        for option in fields(self):
            value = getattr(self, option.name)
            if option.name not in ("model", "checks") and (
                not isinstance(value, (int, float)) or isinstance(value, bool)
            ):  # "0.5" failed inside with '<=' not supported between instances of 'float' and 'str'
                raise SettingsError(f"{option.name} must be a number, got {type(value).__name__} {shown(value)}")
        if not 0.0 <= self.low_confidence_below <= 1.0:
            raise SettingsError(f"low_confidence_below must be between 0 and 1, got {self.low_confidence_below}")
        if not 0 < self.length_warning <= self.length_error:
            raise SettingsError(
                f"need 0 < length_warning <= length_error, got {self.length_warning}, {self.length_error}"
            )
        if self.length_error_factor < 1.0:
            raise SettingsError(f"length_error_factor must be >= 1, got {self.length_error_factor}")
        if self.min_identical_words < 1:
            raise SettingsError(f"min_identical_words must be >= 1, got {self.min_identical_words}")
        if not 0 < self.weak_z <= self.weak_error_z:
            raise SettingsError(f"need 0 < weak_z <= weak_error_z, got {self.weak_z}, {self.weak_error_z}")
        if self.weak_error_factor < 1.0:
            raise SettingsError(f"weak_error_factor must be >= 1, got {self.weak_error_factor}")
        unknown = sorted(set(self.checks or ()) - set(CHECKS))
        if unknown:
            raise SettingsError(f"unknown check(s) {', '.join(unknown)} (choose from {', '.join(CHECKS)})")


def check_options(**options: Any) -> CheckOptions:
    """The `CheckOptions` that `check(alignment, **options)` would use; SettingsError for a bad one.
    Call it before aligning, so a bad option is reported before the long work."""
    valid = [field.name for field in fields(CheckOptions)]
    unknown = sorted(set(options) - set(valid))
    if unknown:
        raise SettingsError(f"unknown check option(s) {', '.join(unknown)} (valid: {', '.join(valid)})")
    if isinstance(options.get("checks"), str):  # it was read letter by letter: "unknown check(s) b, e, m, n, ..."
        raise SettingsError(f"checks must be a list of check names, got the str {options['checks']!r}")
    if options.get("checks") is not None:
        options["checks"] = tuple(options["checks"])
    return CheckOptions(**options)


def check(alignment: Alignment, **options: Any) -> tuple[Finding, ...]:
    """Run the consistency checks on `alignment`; findings sorted by bead, errors first.

    Options are the fields of `CheckOptions` (e.g. `low_confidence_below=0.5`, `checks=("numbers",)`).
    """
    settings = check_options(**options)
    with one_blas_thread():
        names = tracked(settings.checks or tuple(CHECKS), "checking", unit="check")
        findings = [finding for name in names for finding in CHECKS[name](alignment, settings)]
    findings = _moved_in_place_of_unpaired(findings)
    order = {name: rank for rank, name in enumerate(CHECKS)}
    return tuple(sorted(findings, key=lambda f: (f.bead, f.severity != "error", order[f.check], f.message)))


def _moved_in_place_of_unpaired(findings: list[Finding]) -> list[Finding]:
    """`findings` without the omission and the addition of a moved pair's beads: its moved finding reports both."""
    moved = [finding for finding in findings if finding.check == "moved"]
    reported: set[tuple[str, int | None]] = {("omission", finding.bead) for finding in moved}
    reported |= {("addition", translation_bead(finding)) for finding in moved}
    return [finding for finding in findings if (finding.check, finding.bead) not in reported]


def _omission(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    return _unpaired(alignment, "source")


def _addition(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    return _unpaired(alignment, "target")


def _unpaired(alignment: Alignment, side: str) -> Iterator[Finding]:
    for index, bead in enumerate(alignment.beads):
        if bead.is_pair or not (bead.source if side == "source" else bead.target):
            continue
        if side == "source":
            where = _where(alignment, "source", bead.source)
            message = f"Source {where} has no translation: «{_snippet(bead.source_text)}»"
            name, text = "omission", bead.source_text
        else:
            where = _where(alignment, "target", bead.target)
            message = f"Target {where} has no source text (added or duplicated?): «{_snippet(bead.target_text)}»"
            name, text = "addition", bead.target_text
        # a unit without words (a page number, '* * *') is often left out on purpose
        severity: Severity = "error" if _WORD.search(text) else "warning"
        yield Finding(name, severity, index, message, (("text", text), ("where", where)))


@dataclass(frozen=True, slots=True)
class _Moved:
    """A source unit and a target unit of two beads that translate each other out of order: their beads, their
    cosine, and the highest of the alternatives (each unit's next best cosine with any other unit of the other
    document, and with its own bead's other side when that bead is a pair)."""

    source: int
    target: int
    source_bead: int
    target_bead: int
    similarity: float
    next_best: float


def _moved_pairs(alignment: Alignment, options: CheckOptions) -> list[_Moved]:
    """The units that translate each other out of order, in unpaired beads (a unit moved, left out where it was and
    added where it went), in pairs (paragraphs swapped or moved, each paired with the wrong neighbour), or one in each
    (a swap left as a unit unpaired on each side and a pair of the wrong units: `_may_be_moved`). The
    evidence is the order check's: the cosine of the units' embeddings, a pair being clear when it beats the
    alternatives by `order_margin`; the alternatives are taken from the document itself: each unit's similarity with
    every other unit of the other document, and, for a unit of a pair, with its counterpart there (the normalised
    sum of the other side's unit embeddings). So a source unit and a target unit are moved when each is the other's
    most similar unit in the whole document, by at least `order_margin` over its next best and over its own
    counterpart, and a pair of the alignment lies between their beads (pairing them would cross it)."""
    beads = alignment.beads
    if not any(bead.is_pair for bead in beads[1:-1]):
        return []  # no pair can lie between two beads: nothing to embed
    # unit -> its bead, by side; -1 for a unit in no bead (an alignment of part of a document: not checked)
    bead_of = {side: np.full(len(document.units(alignment.level)), -1) for side, document in _documents(alignment)}
    for index, bead in enumerate(beads):
        for side, ids in _sides(bead):
            bead_of[side][list(ids)] = index
    for side, ids in _reworded(alignment):  # their units' text is no longer what the pair says: no evidence
        bead_of[side][list(ids)] = -1
    searched = _searched_units(beads, bead_of)
    if not len(searched["source"]) or not len(searched["target"]):
        return []
    vectors = _all_unit_vectors(alignment, options, "checking moved units")
    # each searched unit's best and second best match among every unit of the other side
    target_of, similarity, source_second = _best_two(vectors["source"][searched["source"]], vectors["target"])
    source_of, _, target_second = _best_two(vectors["target"][searched["target"]], vectors["source"])
    row_of_target = np.full(len(bead_of["target"]), -1)  # a target unit's row in source_of, -1 if not searched
    row_of_target[searched["target"]] = np.arange(len(searched["target"]))
    target_row = row_of_target[target_of]
    mutual = (target_row >= 0) & (source_of[np.maximum(target_row, 0)] == searched["source"])
    picked = np.flatnonzero(mutual & (bead_of["source"][searched["source"]] >= 0) & (bead_of["target"][target_of] >= 0))
    sources, targets = searched["source"][picked], target_of[picked]
    first = np.minimum(bead_of["source"][sources], bead_of["target"][targets])
    last = np.maximum(bead_of["source"][sources], bead_of["target"][targets])
    pairs_before = np.concatenate([[0], np.cumsum([bead.is_pair for bead in beads])])  # pairs among beads[:k]
    # with no pair between them the two are in order (left unpaired side by side, or in one bead): not moved, unless
    # one is at the end of a pair's side away from the other's bead, the rest of that side between them
    crossed = (pairs_before[last] - pairs_before[first + 1] > 0) | np.array(
        [
            _crosses_its_pair(beads, int(bead_of["source"][source]), int(bead_of["target"][target]), source, target)
            for source, target in zip(sources.tolist(), targets.tolist())
        ],
        dtype=bool,
    )
    next_best = np.maximum(source_second[picked], target_second[target_row[picked]])
    beaten = similarity[picked] - next_best >= options.order_margin
    wrong_pairs = _wrong_pairs(beads, bead_of, sources[beaten], targets[beaten])
    clear = crossed & beaten
    moved = []
    for source, target, alternative, best in zip(
        sources[clear], targets[clear], next_best[clear], similarity[picked][clear]
    ):
        source_bead, target_bead = int(bead_of["source"][source]), int(bead_of["target"][target])
        wrong_pair = bool({source_bead, target_bead} & wrong_pairs)
        if not _may_be_moved(beads[source_bead], beads[target_bead], int(source), int(target), wrong_pair):
            continue
        counterparts = (
            _counterpart_similarity(vectors["source"][source], vectors["target"], beads[source_bead].target),
            _counterpart_similarity(vectors["target"][target], vectors["source"], beads[target_bead].source),
        )
        alternative = max(float(alternative), *counterparts)
        if best - alternative >= options.order_margin:
            moved.append(_Moved(int(source), int(target), source_bead, target_bead, float(best), alternative))
    return moved


# Past this many unit pairs (source units x target units, some 10k a side at sentence level; 1.5 s of CPU) only the
# units of unpaired beads are searched for a match out of order, so that the check stays linear in a long document:
# paragraphs swapped into wrong pairs are then not looked for.
MOVED_PAIR_CELLS = 100_000_000


def _searched_units(beads: Sequence[Bead], bead_of: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The units of each side whose best match `_moved_pairs` looks for, int64 ids: every unit, or, past
    MOVED_PAIR_CELLS, the units of unpaired beads."""
    if len(bead_of["source"]) * len(bead_of["target"]) <= MOVED_PAIR_CELLS:
        return {side: np.arange(len(units)) for side, units in bead_of.items()}
    unpaired = np.array([not bead.is_pair for bead in beads] + [False])  # [-1]: a unit in no bead
    return {side: np.flatnonzero(unpaired[units]) for side, units in bead_of.items()}


def _wrong_pairs(
    beads: Sequence[Bead], bead_of: dict[str, np.ndarray], sources: np.ndarray, targets: np.ndarray
) -> set[int]:
    """The 1-1 pairs whose source unit and target unit each clearly translate a unit of another bead (`sources[k]`
    and `targets[k]`: units that are each other's best match by `order_margin` over their next best): pairs of the
    wrong units, such as the one a swap leaves when the aligner pairs one of the two paragraphs with the other's
    source and leaves the other two units unpaired."""
    elsewhere = bead_of["source"][sources] != bead_of["target"][targets]
    claimed = set(bead_of["source"][sources[elsewhere]].tolist()) & set(bead_of["target"][targets[elsewhere]].tolist())
    return {index for index in claimed if beads[index].kind == "1-1"}


def _crosses_its_pair(beads: Sequence[Bead], source_bead: int, target_bead: int, source: int, target: int) -> bool:
    """Whether unit `source` of `source_bead` and unit `target` of `target_bead`, one of them of a pair's side of
    several units and the other unpaired, would cross the rest of that pair if paired: the unit is the first of its
    side and the other bead comes after the pair, or the last and the other comes before (a swap beside a deletion:
    the aligner put the unpaired unit's counterpart into the pair beside it, before the unit that pair translates)."""
    if beads[source_bead].is_pair == beads[target_bead].is_pair:
        return False
    side, unit = _paired_side(beads[source_bead], beads[target_bead], source, target)
    after = target_bead > source_bead if beads[source_bead].is_pair else source_bead > target_bead
    return len(side) > 1 and unit == (side[0] if after else side[-1])


def _paired_side(source_bead: Bead, target_bead: Bead, source: int, target: int) -> tuple[tuple[int, ...], int]:
    """Of a unit of `source_bead` and one of `target_bead`, one bead a pair and the other not: the pair's side that
    holds its unit of the two, and that unit."""
    return (source_bead.source, source) if source_bead.is_pair else (target_bead.target, target)


def _may_be_moved(source_bead: Bead, target_bead: Bead, source: int, target: int, wrong_pair: bool) -> bool:
    """Whether unit `source` of `source_bead` and unit `target` of `target_bead` can be a moved pair: both beads
    unpaired, both pairs with the unit the whole of its side, or one unpaired and the other a pair of the wrong units
    (`wrong_pair`: `_wrong_pairs` holds it) or a pair of which the unit is an end unit among several of its side (a
    swap and a deletion nearby: the aligner joined the moved unit to its neighbour's pair, the absorbed check's case,
    and left its translation unpaired). A unit in the middle of others of its side is often a fragment of a free
    translation that a short sentence elsewhere matches better than its long counterpart, and a unit left unpaired
    facing the whole side of a pair is often a short title or reply repeated ('No.' / 'Non.', 'COMBRAY'), unless the
    pair's other unit belongs elsewhere too: on the TransRead gold (dev) those were the 9 false alarms of units in
    pairs, 6 fragments and 3 facing an unpaired unit, none of them in a wrong pair (`benchmarks/checks_gold.py`)."""
    if source_bead.is_pair != target_bead.is_pair:
        side, unit = _paired_side(source_bead, target_bead, source, target)
        return wrong_pair or (len(side) > 1 and unit in (side[0], side[-1]))
    if not source_bead.is_pair:
        return True
    return len(source_bead.source) == len(target_bead.target) == 1


# Rows of a similarity matrix computed at a time: a book at sentence level (5k units a side) in blocks of ~20 MB.
MOVED_CHUNK = 1024


def _best_two(rows: np.ndarray, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of `rows` (float32[n, dim], L2-normalised), the index of its most similar row of `columns`
    (float32[m, dim]), that cosine and the second highest (-1, the lowest cosine, when m is 1): int64[n],
    float32[n], float32[n]. The n x m similarities are computed MOVED_CHUNK rows at a time."""
    best = np.empty(len(rows), dtype=np.int64)
    top = np.empty(len(rows), dtype=np.float32)
    second = np.full(len(rows), -1.0, dtype=np.float32)
    for start in range(0, len(rows), MOVED_CHUNK):
        block = rows[start : start + MOVED_CHUNK] @ columns.T
        chunk = slice(start, start + len(block))
        best[chunk] = block.argmax(axis=1)
        top[chunk] = block[np.arange(len(block)), best[chunk]]
        if block.shape[1] > 1:
            second[chunk] = np.partition(block, -2, axis=1)[:, -2]
    return best, top, second


def _counterpart_similarity(vector: np.ndarray, others: np.ndarray, ids: tuple[int, ...]) -> float:
    """The cosine of a unit's `vector` with its counterpart in its bead: the normalised sum of the embeddings
    `others[ids]` of the bead's other side (a group of units can match a unit better than any one of them);
    -1 for an unpaired unit."""
    if not ids:
        return -1.0
    group = others[list(ids)].sum(axis=0)
    norm = float(np.linalg.norm(group))
    return float(vector @ group) / norm if norm else -1.0


def _moved(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    units = {side: document.units(alignment.level) for side, document in _documents(alignment)}
    for pair in _moved_pairs(alignment, options):
        source_where = _where(alignment, "source", (pair.source,))
        target_where = _where(alignment, "target", (pair.target,))
        yield Finding(
            "moved",
            "error",
            pair.source_bead,
            f"Source {source_where} is translated by target {target_where} (bead {pair.target_bead + 1}), out of "
            f"order: {_moved_how(alignment, (pair.source_bead, pair.target_bead), 'left out')}",
            (
                ("text", units["source"][pair.source].text),
                ("translation", units["target"][pair.target].text),
                ("source_units", (str(pair.source),)),
                ("target_units", (str(pair.target),)),
                ("other_bead", str(pair.target_bead)),
                ("similarity", f"{pair.similarity:.3f}"),
                ("next_best_similarity", f"{pair.next_best:.3f}"),
                ("margin", f"{options.order_margin:g}"),
            ),
        )


def _moved_how(alignment: Alignment, beads: tuple[int, ...], not_what: str) -> str:
    """How a moved pair's units came apart: swapped or moved into wrong pairs when one of their `beads` (the source
    unit's, the translation's) is a pair, else moved and left unpaired in both places."""
    what = alignment.target.unit_name(alignment.level)
    if any(alignment.beads[index].is_pair for index in beads):
        return f"{what}s swapped or moved in the translation"
    return f"the {what} was moved in the translation, not {not_what}"


def moved_at_translation(alignment: Alignment, finding: BeadFinding) -> str:
    """A moved finding's message as the row of its translation says it (the review): that row's target unit
    translates a source unit of another bead."""
    evidence = dict(finding.evidence)
    source, target = (int(evidence[name][0]) for name in ("source_units", "target_units"))
    return (
        f"Target {_where(alignment, 'target', (target,))} translates source {_where(alignment, 'source', (source,))} "
        f"(bead {finding.bead + 1}), out of order: "
        f"{_moved_how(alignment, finding_beads(finding), 'added')}"
    )


def _low_confidence(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    for index, bead in enumerate(alignment.beads):
        # a bead a reviewer made or whose text a reviewer changed has no computed confidence (0.0, `Bead.scored`):
        # nothing to report as uncertain. A confirmed bead's finding is listed and marked, not counted, as its other
        # findings are (`counted_findings`)
        if bead.is_pair and bead.scored and bead.confidence < options.low_confidence_below:
            yield Finding(
                "low-confidence",
                "error",
                index,
                f"Uncertain pair (confidence {confidence_text(bead.confidence)}): the texts may not translate each "
                "other, or the alignment is off here",
                (("confidence", f"{bead.confidence:.6f}"), ("threshold", str(options.low_confidence_below))),
            )


def _weak(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    """Pairs much less similar than the document's own pairs: a text on the subject that does not translate its
    source (a paragraph replaced by another) sits among good pairs with a distance several times theirs. The
    document's median and spread are those of its pairs as aligned (`pair_similarity`). A bead a reviewer edited has
    no similarity of the aligner's (it is saved as 0): it is measured here (`_remeasured`), so that an edit can
    itself be found weak (a wrong merge); when it cannot be measured on the scale of the others, it is not checked.
    """
    similarities = {
        index: bead.similarity
        for index, bead in enumerate(alignment.beads)
        if _has_length(bead) and not bead.reviewer_changed
    }
    edited = [index for index, bead in enumerate(alignment.beads) if _has_length(bead) and bead.reviewer_changed]
    similarities.update(_remeasured(alignment, options, edited) if edited else {})
    baseline = alignment.pair_similarity or _baseline(list(similarities.values()))
    if baseline is None:
        return  # too few pairs to know what is typical for this document
    usual, spread = baseline
    typical = 1.0 - usual
    # the spread of a short document's pairs is that of the two or three others, not a measure: the distance ratio
    # alone tells, above the floor of the spread
    few = len(similarities) < MIN_PAIRS_FOR_LENGTH
    weak_from = max(WEAK_FACTOR * typical, typical + options.weak_z * (MIN_WEAK_SPREAD if few else spread))
    vectors: dict[str, np.ndarray] = {}  # every unit's, when a weak pair of a short document needs them (`_rival`)
    for index, similarity in sorted(similarities.items()):
        distance = 1.0 - similarity
        if distance < weak_from:
            continue
        measured = " measured after the edit" if alignment.beads[index].reviewer_changed else ""
        message = (
            f"A much weaker match than the rest of the document (similarity {similarity:.2f}{measured}, its pairs' "
            f"median {usual:.2f}): the translation may be of another text"
        )
        score = (distance - typical) / spread
        ratio = distance / typical if typical > 0 else math.inf  # every other pair identical to its source
        evidence = {"similarity": similarity, "typical_similarity": usual, "robust_z": score, "distance_ratio": ratio}
        extreme = ratio >= options.weak_error_factor or (score >= options.weak_error_z and not few)
        if few and not extreme and (rival := _rival(alignment, options, index, vectors)) is not None:
            extreme = True
            message += f"; another unit of the document matches it as well (similarity {rival:.2f})"
            evidence["rival_similarity"] = rival
        severity: Severity = "error" if extreme else "warning"
        yield Finding("weak", severity, index, message, tuple((k, f"{v:.3f}") for k, v in evidence.items()))


def _rival(alignment: Alignment, options: CheckOptions, index: int, vectors: dict[str, np.ndarray]) -> float | None:
    """For a 1-1 bead the aligner made: the highest cosine of one of its units with another unit of the other
    document when that is at least its units' own (the pair is not their best match: a text on the subject in place
    of the translation is often closer to the paragraphs around its source), else None. `vectors` is filled with
    every unit's embedding (`_all_unit_vectors`) when first needed."""
    bead = alignment.beads[index]
    if bead.kind != "1-1" or bead.reviewer_changed:
        return None
    if not vectors:
        vectors.update(_all_unit_vectors(alignment, options, "checking weak pairs"))
    (source,), (target,) = bead.source, bead.target
    facing_source = np.delete(vectors["target"], target, axis=0) @ vectors["source"][source]
    facing_target = np.delete(vectors["source"], source, axis=0) @ vectors["target"][target]
    rival = float(max(facing_source.max(initial=-1.0), facing_target.max(initial=-1.0)))
    return rival if rival >= float(vectors["source"][source] @ vectors["target"][target]) else None


def _remeasured(alignment: Alignment, options: CheckOptions, indices: list[int]) -> dict[int, float]:
    """The similarities of the beads at `indices` (edited ones) as the aligner measures a bead's: the cosine of its
    sides' summed unit states (a side whose text a reviewer changed: the states of its text), with the check's
    encoder, when that is the model the alignment's other similarities were made with (its embeddings' or its
    signature's); {} when it is another model, whose cosines are on another scale."""
    encoder = resolve_encoder(options.model)
    if not same_model(encoder.name, alignment_model(alignment)):
        return {}
    units = {side: document.units(alignment.level) for side, document in _documents(alignment)}
    reworded = set(_reworded(alignment))
    pieces = []  # per bead, then per side: the texts whose states are summed
    for index in indices:
        bead = alignment.beads[index]
        for side, ids in _sides(bead):
            pieces.append(
                [getattr(bead, f"{side}_text")] if (side, ids) in reworded else [units[side][i].text for i in ids]
            )
    states = embed_states(encoder, [text for texts in pieces for text in texts], "checking edited pairs")
    starts = np.cumsum([0] + [len(texts) for texts in pieces[:-1]])
    vectors = encoder.finish(np.add.reduceat(states, starts, axis=0))
    return {index: round(float(vectors[2 * k] @ vectors[2 * k + 1]), 6) for k, index in enumerate(indices)}


def pair_similarity(alignment: Alignment) -> tuple[float, float] | None:
    """The median and spread of `alignment`'s pair similarities as aligned, which the weak check measures against
    and the files keep (JSONL, XLSX, the review page's corrections): the alignment's own `pair_similarity` (read
    back from a file), else, for an alignment no reviewer edited, its pairs'; None when it has too few pairs to
    tell, or edited beads and none kept."""
    if alignment.pair_similarity is not None:
        return alignment.pair_similarity
    if any(bead.reviewer_changed for bead in alignment.beads):
        return None
    return _baseline([bead.similarity for bead in alignment.beads if _has_length(bead)])


def _baseline(similarities: list[float]) -> tuple[float, float] | None:
    """The median of `similarities` and the spread of their distances (`_median_and_spread`, at least
    MIN_WEAK_SPREAD), rounded as the files keep them; None for fewer than MIN_PAIRS_FOR_WEAK."""
    if len(similarities) < MIN_PAIRS_FOR_WEAK:
        return None
    typical, spread = _median_and_spread([1.0 - similarity for similarity in similarities], MIN_WEAK_SPREAD)
    return round(1.0 - typical, 6), round(spread, 6)


def alignment_model(alignment: Alignment) -> str | None:
    """The name of the encoder `alignment` was made with: its embeddings' model, else the `model:` field of its
    signature (an alignment read back from a file); None when neither says."""
    if alignment.embeddings is not None:
        return alignment.embeddings.model
    fields_ = (part.partition(":") for part in alignment.signature.split("|"))
    return next((value for key, _, value in fields_ if key == "model"), None)


def _absorbed(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    """End units of many-unit pairs that the pair's other side does not seem to translate: a unit dropped from the
    translation (or added to it) that the aligner put into the pair beside it. The first or last unit of a side
    with several units is reported when both hold:

    - it is at background level against the other side: its cosine with the other side lies less than
      ABSORBED_LEVEL of the way from its background (its mean cosine with up to ABSORBED_BACKGROUND_UNITS units of
      the other document, evenly spaced) to the document's typical pair (the median cosine of as many of its 1-1
      pairs, evenly spaced, or of its pairs when it has no 1-1 pair);
    - leaving it out does not make the match worse: the group without it is at least as similar to the other side
      as the whole group.

    Groups are encoded from their joined text, the whole group and the rest only for the units that pass the first
    test (a bead's own similarity is that of its summed unit states: with it the same rule had 60% more false alarms
    on the dev pool, benchmarks/README.md). Every cosine is the check's encoder's, not the alignment's stored
    similarities, which another model may have made. A bead a reviewer edited is not checked."""
    beads = [
        (index, bead)
        for index, bead in enumerate(alignment.beads)
        if bead.is_pair and not bead.reviewer_changed and max(len(bead.source), len(bead.target)) > 1
    ]
    if not beads:
        return
    pairs = [bead for bead in alignment.beads if bead.is_pair and not bead.reviewer_changed]
    usual = [bead for bead in pairs if bead.kind == "1-1"] or pairs
    typical_pairs = [usual[k] for k in _evenly_spaced(len(usual), ABSORBED_BACKGROUND_UNITS)]
    encoder = resolve_encoder(options.model)
    units = {side: document.units(alignment.level) for side, document in _documents(alignment)}
    sample = {side: _evenly_spaced(len(units[side]), ABSORBED_BACKGROUND_UNITS) for side in units}
    vectors = _vectors_of(alignment, encoder, [bead for _, bead in beads] + typical_pairs, sample)
    joiner = UNIT_JOINERS[alignment.level]
    groups: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}

    def encode(wanted: Iterable[tuple[str, tuple[int, ...]]]) -> None:
        new = sorted({group for group in wanted if len(group[1]) > 1 and group not in groups})
        texts = [joiner.join(units[side][i].text for i in ids) for side, ids in new]
        groups.update(zip(new, embed_texts(encoder, texts, "checking absorbed units")) if new else ())

    def vector(side: str, ids: tuple[int, ...]) -> np.ndarray:
        return vectors[side][ids[0]] if len(ids) == 1 else groups[(side, ids)]

    encode(group for bead in typical_pairs for group in _sides(bead))
    typical = median(float(vector("source", bead.source) @ vector("target", bead.target)) for bead in typical_pairs)
    ends = [
        (index, side, ids, other, unit)
        for index, bead in beads
        for (side, ids), (other, _) in zip(_sides(bead), reversed(_sides(bead)))
        if len(ids) > 1
        for unit in (ids[0], ids[-1])
    ]
    encode((other, getattr(alignment.beads[index], other)) for index, _, _, other, _ in ends)
    near_background = []
    for index, side, ids, other, unit in ends:
        facing = vector(other, getattr(alignment.beads[index], other))
        similarity = float(vectors[side][unit] @ facing)
        background = float((vectors[other][sample[other]] @ vectors[side][unit]).mean())
        if similarity - background <= ABSORBED_LEVEL * (typical - background):
            rest = tuple(i for i in ids if i != unit)
            near_background.append((index, side, ids, rest, unit, facing, similarity, background))
    encode(group for entry in near_background for group in ((entry[1], entry[2]), (entry[1], entry[3])))
    for index, side, ids, rest, unit, facing, similarity, background in near_background:
        whole, without = float(vector(side, ids) @ facing), float(vector(side, rest) @ facing)
        if without < whole:
            continue
        where = _where(alignment, side, (unit,))
        lacks, facing_side = ("no translation", "translation") if side == "source" else ("no source text", "source")
        message = (
            f"{side.capitalize()} {where} may have {lacks} in this pair: it is hardly closer to the {facing_side} "
            f"than unrelated text is (similarity {similarity:.2f}, background {background:.2f}), and the pair matches "
            f"as well without it ({without:.2f} without it, {whole:.2f} with it); split it off if so"
        )
        evidence = (
            (f"{side}_units", (str(unit),)),
            ("similarity_with", f"{whole:.3f}"),
            ("similarity_without", f"{without:.3f}"),
            ("unit_similarity", f"{similarity:.3f}"),
            ("unit_background", f"{background:.3f}"),
            ("typical_similarity", f"{typical:.3f}"),
        )
        yield Finding("absorbed", "warning", index, message, evidence)


# How many units of the other document, evenly spaced, a unit's background is measured against by the absorbed
# check (as many as the cost function samples: costs.CostParams.background_samples), and how far from it towards
# a typical pair a unit may lie and still be at background level (chosen on the dev pool: benchmarks/README.md).
ABSORBED_BACKGROUND_UNITS = 64
ABSORBED_LEVEL = 0.1


def _evenly_spaced(count: int, most: int) -> np.ndarray:
    """Up to `most` indices spread evenly over range(count), first and last included."""
    return np.unique(np.linspace(0, count - 1, min(count, most)).round().astype(np.int64))


def _vectors_of(
    alignment: Alignment, encoder: StateEncoder, beads: list[Bead], sample: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """Unit embeddings by side, row k for unit k: the alignment's own when `encoder` made them, else `encoder`'s for
    the units of `beads` and `sample` (the other rows zero: they are not read)."""
    own = alignment.embeddings
    if own is not None and same_model(own.model, encoder.name):
        return {"source": own.source, "target": own.target}
    wanted = {side: {*sample[side].tolist(), *(i for bead in beads for i in getattr(bead, side))} for side in sample}
    return _encoded_units(alignment, encoder, wanted, "checking absorbed units")


def _documents(alignment: Alignment) -> tuple[tuple[str, Document], ...]:
    return (("source", alignment.source), ("target", alignment.target))


def _reworded(alignment: Alignment) -> Iterator[tuple[str, tuple[int, ...]]]:
    """The sides (side, unit ids) of beads whose text a reviewer changed (`Bead.reviewer_changed`, confirmed since or
    not): their documents' units keep the text as read (an XLSX's units sheet), the bead the reviewer's."""
    for bead in alignment.beads:
        if bead.reviewer_changed:
            yield from (side_ids for side_ids, changed in zip(_sides(bead), reworded(alignment, bead)) if changed)


# A weak pair's cosine distance is at least this many times the median of the document's pairs (as well as
# `weak_z` robust z-scores beyond it), and distances spread by at least MIN_WEAK_SPREAD (a floor as for lengths).
# An error is extreme on either scale: `weak_error_z` (7) where the spread is well measured; `weak_error_factor` (3)
# in a short document, whose few pairs' spread the replaced pair itself widens (a notice of 5 pairs: 3.7 times the
# distance, 5.1 z). The right pairs of the dev pool reach 2.4 times the distance, but for one at 3.1 that is a
# low-confidence error anyway, and z 7.6 (one): benchmarks/README.md (weak_threshold.py).
WEAK_FACTOR = 2.0
MIN_WEAK_SPREAD = 0.03
# A document of this many pairs (of MIN_LENGTH_CHARS) has a median that one replaced pair does not move: a notice
# of 3 body paragraphs between a salutation and a signature. Below MIN_PAIRS_FOR_LENGTH a pair is weak at WEAK_FACTOR
# times the median pair's distance and an error at `weak_error_factor` times, whatever the spread, or when it is not
# its units' best match (`_rival`): windows of 3-6 gold beads of the dev pool, benchmarks/README.md (short_weak.py).
MIN_PAIRS_FOR_WEAK = 3


def _numbers(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    # month names and number words of both languages on both sides: a target left in the source language still
    # has its dates; when a document's language is unknown, those of every language the check knows
    source_language, target_language = alignment.source.language, alignment.target.language
    languages: tuple[str, ...] = ()
    if source_language is not None and target_language is not None:
        languages = (source_language, target_language)
    source_month_first, target_month_first = writes_month_first(source_language), writes_month_first(target_language)
    for index, bead in enumerate(tracked(alignment.beads, "checking numbers", unit="bead")):
        if not bead.is_pair:
            continue
        source = extract_quantities(bead.source_text, languages, month_first=source_month_first)
        target = extract_quantities(bead.target_text, languages, month_first=target_month_first)
        missing, extra = unmatched_quantities(source, target)
        # a month is missing only from a side whose months can be seen ('20 January' against '20 de enero')
        missing = tuple(q for q in missing if q.kind != "month" or reads_months(target_language))
        extra = tuple(q for q in extra if q.kind != "month" or reads_months(source_language))
        if not missing and not extra:
            continue
        evidence = (
            ("source", _written(_compared(source))),  # as the text has them ("января", "1 000"), for the reader
            ("target", _written(_compared(target))),
            ("missing_in_target", _written(missing)),
            ("extra_in_target", _written(extra)),
        )
        # A decade only one side names ('in those years'), digits in a code ('G7' for 'Большая семёрка')
        # and Roman numerals are often legitimate: warnings. Two different decades are an error.
        decades_differ = any(q.kind == "decade" for q in missing) and any(q.kind == "decade" for q in extra)
        certain = any(q.kind != "decade" and not q.uncertain for q in missing + extra) or decades_differ
        message = _numbers_message(missing, extra, source, target)
        yield Finding("numbers", "error" if certain else "warning", index, message, evidence)


def _numbers_message(
    missing: tuple[Quantity, ...],
    extra: tuple[Quantity, ...],
    source: tuple[Quantity, ...],
    target: tuple[Quantity, ...],
) -> str:
    kinds = {q.kind for q in missing + extra}
    only = next(iter(kinds)) if len(kinds) == 1 else ""
    what = {"number": "Numbers", "month": "Months", "time": "Times", "phone": "Phone numbers"}.get(
        only, "Numbers or dates"
    )
    parts = []
    if missing:
        parts.append(f"the source has {_listed(missing, source, target, 'translation')}")
    if extra:
        parts.append(f"the translation has {_listed(extra, target, source, 'source')}")
    side = " with no counterpart on the other side" if len(parts) == 1 else " instead"
    if only == "phone" and all(q.uncertain for q in missing + extra):  # `Quantity.national`
        side += " (only the international prefix or the trunk 0 differs)"
    return f"{what} differ: {' but '.join(parts)}{side}"


def _listed(unmatched: tuple[Quantity, ...], side: tuple[Quantity, ...], other: tuple[Quantity, ...], name: str) -> str:
    """The unmatched quantities as `_described`; one the other side has too (a date repeated in the source, written
    once in the translation) once, with how often each side has it."""

    def times(quantity: Quantity, quantities: tuple[Quantity, ...]) -> int:
        return sum(
            q.kind == quantity.kind and not q.silent and bool(set(q.values) & set(quantity.values)) for q in quantities
        )

    described = []
    for quantity in unmatched:
        there = times(quantity, other)
        if not there:
            described.append(_described(quantity))
            continue
        counted = f"{_described(quantity)} ({_times(times(quantity, side))}, the {name} {_times(there)})"
        if counted not in described:
            described.append(counted)
    return ", ".join(described)


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _untranslated(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    if locale_variants(alignment.source.language, alignment.target.language):
        return  # a localisation (en-GB -> en-US) keeps what needs no change as it is: nothing is untranslated
    source_language, target_language = _languages(alignment)
    # two versions in one language: only a target that is its source text itself says anything (an untranslated copy)
    one_language = same_language(alignment.source.language, alignment.target.language)
    source_script, target_script = (
        main_script(unit.text for unit in document.paragraphs) for document in (alignment.source, alignment.target)
    )
    two_scripts = bool(source_script and target_script and source_script != target_script)
    for index, bead in enumerate(alignment.beads):
        if not bead.target:
            continue
        words = _WORD.findall(bead.target_text)
        if two_scripts and bead.source and _in_script(bead.target_text, source_script or ""):
            # a short text ('Да здравствует Азербайджан!') is too short to tell its language, not its script
            yield Finding(
                "untranslated",
                "error",
                index,
                f"The translation is written in the source's script ({(source_script or '?').lower()}), not the "
                f"translation's ({(target_script or '?').lower()}): was it left untranslated?",
                (("script", source_script or "?"), ("expected_script", target_script or "?")),
            )
            continue
        if bead.source and _normalised(bead.source_text) == _normalised(bead.target_text):
            if _is_running_text(bead.target_text, two_scripts, one_language, options):
                yield Finding(
                    "untranslated",
                    "error",
                    index,
                    "The translation is identical to the source: was it left untranslated?",
                    (("text", bead.target_text),),
                )
            continue
        if one_language or source_language is None or len(words) < options.min_identical_words:
            continue  # nothing is expected to change, or too little text to tell its language
        left = (
            tuple(
                sentence
                for sentence in _foreign_sentences(bead.target_text, target_language, options.min_identical_words)
                if close_languages(sentence.language, source_language)
            )
            if target_language is not None
            else ()
        )
        # a text whose sentences are only partly in the source language may read as the source language whole (its
        # longer sentences decide: one left in Russian, longer than the English one before it): the sentences say it
        partly = bool(left) and len(left) < left[0].sentences
        detected = None if partly else detect_language(bead.target_text)
        if detected == source_language and detected != target_language:
            yield Finding(
                "untranslated",
                "error",
                index,
                f"The translation is in {language_name(detected)}, the source language: was it left untranslated?",
                (("detected_language", detected), ("expected_language", target_language or "?")),
            )
        elif left and target_language is not None:
            yield _sentences_finding(
                "untranslated",
                alignment,
                index,
                left,
                f"the source language, not {language_name(target_language)}",
                "was it left untranslated?",
            )


@dataclass(frozen=True, slots=True)
class _ForeignSentence:
    """A sentence of a unit's text confidently in another language than the unit's (`_foreign_sentences`)."""

    number: int  # from 1, in the text
    sentences: int  # how many the text has
    text: str
    language: str  # standardised tag, as detected


# The built-in rules split a unit's text into sentences for the language checks, whatever split the documents: a
# paragraph aligned whole, or a unit given pre-split, may hold a sentence in another language.
_SENTENCE_RULES = RuleSegmenter()
# Letters of a script without case to a word, about a Chinese word's.
CASELESS_WORD_LETTERS = 2
# A sentence's end with text after it: a text without one is one sentence, not worth the rules' time.
_INNER_SENTENCE_END = re.compile(r"[.!?。！？]\W*\s\W*\w|[。！？]\W*\w")


@lru_cache(maxsize=65_536)  # the untranslated and the language checks ask for each pair's target in turn
def _foreign_sentences(text: str, language: str, min_words: int) -> tuple[_ForeignSentence, ...]:
    """The sentences of `text` (a unit in `language`) that are in another language (`contradicting_language`):
    those with at least `min_words` words in lower case, which names, titles and short units have not."""
    sentences = (_SENTENCE_RULES.split(text, language) if _INNER_SENTENCE_END.search(text) else None) or [text]
    found = []
    for number, sentence in enumerate(sentences, 1):
        guess = contradicting_language(language, sentence) if _tells_its_language(sentence, min_words) else None
        if guess is not None and guess.language is not None:
            found.append(_ForeignSentence(number, len(sentences), sentence, guess.language))
    return tuple(found)


def _tells_its_language(text: str, min_words: int) -> bool:
    """Whether `text` has `min_words` words in lower case, web and mail addresses left out: enough text to tell its
    language, which names and titles are not. A run of letters of a script without case (Chinese, Japanese, Thai:
    no spaces between words) counts a word every CASELESS_WORD_LETTERS letters."""
    words = 0.0
    for word in _WORD.findall(_ADDRESS.sub(" ", text)):
        if word.lower() == word.upper():
            words += len(word) / CASELESS_WORD_LETTERS
        else:
            words += word.islower()
    return words >= min_words


def _language(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    source_language, target_language = _languages(alignment)
    if source_language is None or target_language is None:
        return  # which language is a third one is not known
    for index, bead in enumerate(alignment.beads):
        if not (bead.source and bead.target):
            continue
        third: dict[str, list[_ForeignSentence]] = defaultdict(list)
        for sentence in _foreign_sentences(bead.target_text, target_language, options.min_identical_words):
            if not close_languages(sentence.language, source_language):
                third[sentence.language].append(sentence)
        for language, sentences in third.items():
            if not _quoted_in(bead.source_text, source_language, language):
                yield _sentences_finding(
                    "language", alignment, index, tuple(sentences), f"not {language_name(target_language)}"
                )


def _quoted_in(text: str, language: str, quoted: str) -> bool:
    """Whether a sentence of `text` (in `language`) is in `quoted` too: a quotation kept in its language (a Latin
    motto), which its translation keeps."""
    return any(close_languages(sentence.language, quoted) for sentence in _foreign_sentences(text, language, 1))


def _sentences_finding(
    check: str, alignment: Alignment, index: int, sentences: tuple[_ForeignSentence, ...], not_what: str, ask: str = ""
) -> Finding:
    """The finding on the sentences of a pair's target in another language, all in the first one's: "Sentence 2 of
    target paragraph 3 looks German (de), not English: «...»", or "Target paragraph 3 ..." when they are all of it."""
    first = sentences[0]
    where = _where(alignment, "target", alignment.beads[index].target)
    if len(sentences) == first.sentences:
        subject = f"Target {where} looks"
    else:
        numbers = _listed_numbers([sentence.number for sentence in sentences])
        subject = f"{'Sentence' if len(sentences) == 1 else 'Sentences'} {numbers} of target {where} look"
        subject += "s" if len(sentences) == 1 else ""
    message = f"{subject} {language_name(first.language)} ({first.language}), {not_what}: «{_snippet(first.text)}»"
    return Finding(
        check,
        "error",
        index,
        message + (f": {ask}" if ask else ""),
        (
            ("detected_language", first.language),
            ("expected_language", _languages(alignment)[1] or "?"),
            ("sentences", tuple(str(sentence.number) for sentence in sentences)),
            ("text", tuple(sentence.text for sentence in sentences)),
        ),
    )


def _listed_numbers(numbers: list[int]) -> str:
    """ "2", "2 and 4", "2, 3 and 5"."""
    written = [str(number) for number in numbers]
    return written[0] if len(written) == 1 else f"{', '.join(written[:-1])} and {written[-1]}"


# A web or mail address, which stays the same in a translation: its parts are no words of a text ('www.gov.ru/news',
# 'info@mfa.gov.az', 'https://example.com').
_ADDRESS = re.compile(r"\S*(?:://|@|www\.)\S*|\S*[\w-]\.[a-z]{2,}\b\S*")


def _is_running_text(text: str, two_scripts: bool, one_language: bool, options: CheckOptions) -> bool:
    """Whether `text`, the same on both sides of a pair, is running text left untranslated, not what a translation
    keeps as it is: a name ('Nanga Parbat, Cho Oyu', 'MFA', 'Teach-In'), a number, a code ('COVID-19'), an address.
    Running text has words in lower case (`_no_name`), names have none; between documents in two languages a short
    text may be a name with a particle ('Willy Auf der Maur'), a motto or a cry kept in its language ('Vivant amici
    montium!'), so `min_identical_words` of them; between documents in one language, any. Between documents of two
    scripts the text is in the script of one at most: any text of two words (a site's header or footer, '© 2025
    Ministry. All rights reserved.')."""
    text = _ADDRESS.sub(" ", text)
    spaced_words = sum(bool(LETTER.search(token)) for token in text.split())
    if two_scripts and spaced_words >= 2:
        return True
    common = sum(map(_no_name, _WORD.findall(text)))
    return common >= (1 if one_language else options.min_identical_words)


def _in_script(text: str, script: str) -> bool:
    """Whether `text` is running text in `script`: nearly all its letters (80%) in it, and a word all in lower case
    or, in a script without case, any word (a name kept in the source's script, 'Microsoft', 'iPhone', has no
    word in lower case)."""
    counts = script_counts([text])
    if counts[script] < 0.8 * counts.total():
        return False
    return any(map(_no_name, _WORD.findall(text)))


def _no_name(word: str) -> bool:
    """Whether `word` is no name's: all in lower case, or in a script without case (which cannot tell)."""
    return word.islower() or word.lower() == word.upper()


def _length(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    ratios = {index: _log_ratio(bead) for index, bead in enumerate(alignment.beads) if _has_length(bead)}
    if len(ratios) < MIN_PAIRS_FOR_LENGTH:
        return  # too few pairs to know what is typical for this document
    typical, spread = _median_and_spread(list(ratios.values()), MIN_LENGTH_SPREAD)
    # cosine distances of the pairs the aligner measured (not one a reviewer edited), against the document's typical
    # pair as aligned, as for `weak`
    distances = {index: 1.0 - alignment.beads[index].similarity for index in ratios}
    distances = {index: d for index, d in distances.items() if not alignment.beads[index].reviewer_changed}
    baseline = pair_similarity(alignment) or _baseline([1.0 - distance for distance in distances.values()])
    typical_distance = None if baseline is None else 1.0 - baseline[0]
    for index, ratio in ratios.items():
        deviation = ratio - typical
        score = abs(deviation) / spread
        if score < options.length_warning:
            continue
        extreme = score >= options.length_error and abs(deviation) >= math.log(options.length_error_factor)
        # A headline expanded or a sentence condensed keeps the document's usual similarity; a cut or padded
        # translation loses it. Unmeasured (edited) pairs have only their length to go on.
        weaker = (
            typical_distance is None
            or index not in distances
            or distances[index] >= LENGTH_ERROR_DISTANCE_FACTOR * typical_distance
        )
        factor = math.exp(abs(deviation))
        how = "shorter" if deviation < 0 else "longer"
        hint = "text may be missing" if deviation < 0 else "text may have been added"
        evidence = [
            ("length_ratio", f"{math.exp(ratio):.3f}"),
            ("typical_ratio", f"{math.exp(typical):.3f}"),
            ("robust_z", f"{deviation / spread:.1f}"),
        ]
        if typical_distance is not None and index in distances:
            evidence += [
                ("similarity", f"{alignment.beads[index].similarity:.3f}"),
                ("typical_similarity", f"{1.0 - typical_distance:.3f}"),
            ]
        yield Finding(
            "length",
            "error" if extreme and weaker else "warning",
            index,
            f"The translation is {factor:.1f} times {how} than usual in this document: {hint}",
            tuple(evidence),
        )


def _median_and_spread(values: list[float], floor: float) -> tuple[float, float]:
    """The median of `values` and their spread, 1.4826 MAD (a standard deviation for normal data), at least
    `floor`."""
    middle = median(values)
    return middle, max(1.4826 * median(abs(value - middle) for value in values), floor)


# Below this many pairs, the median and MAD say nothing about the document.
MIN_PAIRS_FOR_LENGTH = 5
# Ratios of real translations vary by at least this much (log scale, about 8%) even when a short
# document's pairs happen to agree closely; without a floor a tiny MAD would flag ordinary pairs.
MIN_LENGTH_SPREAD = 0.08
# An extreme length ratio is an error only on a pair at least this many times as distant (cosine) as the document's
# median pair. Dev pool, units aligned one per line: each of the 15 translations cut in half that had an extreme
# ratio was 1.83-3.3 times as distant, the seed pair with a sentence cut from a paragraph 1.45 times; the right
# WMT22 pairs with one (a headline expanded 1.65 times, a sentence condensed 1.7 times) 0.99 and 1.04 times.
LENGTH_ERROR_DISTANCE_FACTOR = 1.25
# Short texts (titles, names) have erratic length ratios.
MIN_LENGTH_CHARS = 30


def _has_length(bead: Bead) -> bool:
    return bead.is_pair and min(_letters(bead.source_text), _letters(bead.target_text)) >= MIN_LENGTH_CHARS


def _log_ratio(bead: Bead) -> float:
    return math.log(_letters(bead.target_text) / _letters(bead.source_text))


def _letters(text: str) -> int:
    return len(LETTER.findall(text))


def _order(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    many_to_many = [
        index for index, bead in enumerate(alignment.beads) if len(bead.source) > 1 and len(bead.target) > 1
    ]
    if not many_to_many:
        return
    units = {"source": alignment.source.units(alignment.level), "target": alignment.target.units(alignment.level)}
    vectors = _unit_vectors(alignment, options, [alignment.beads[index] for index in many_to_many])
    for index in many_to_many:
        bead = alignment.beads[index]
        crossing = _crossing(
            vectors["source"][list(bead.source)] @ vectors["target"][list(bead.target)].T, options.order_margin
        )
        if crossing is None:
            continue
        (i, k), (j, m) = crossing  # source units i < k translated by target units j > m
        first, second = bead.source[i], bead.source[k]
        moved_paragraphs = units["source"][first].paragraph != units["source"][second].paragraph
        severity: Severity = "error" if alignment.level == "paragraph" or moved_paragraphs else "warning"
        what = alignment.source.unit_name(alignment.level)
        yield Finding(
            "order",
            severity,
            index,
            f"The translation has these {what}s in another order: source {what} {first + 1} is "
            f"translated after source {what} {second + 1}",
            (("source_units", (str(first), str(second))), ("target_units", (str(bead.target[j]), str(bead.target[m])))),
        )


def _unit_vectors(alignment: Alignment, options: CheckOptions, beads: list[Bead]) -> dict[str, np.ndarray]:
    """Unit embeddings by side, row k for unit k: the alignment's own, or, for an alignment read back from a
    file, those of `options.model` for the units of `beads` (the other rows zero: they are not read)."""
    if alignment.embeddings is not None:
        return {"source": alignment.embeddings.source, "target": alignment.embeddings.target}
    wanted = {side: {i for bead in beads for i in getattr(bead, side)} for side in ("source", "target")}
    return _encoded_units(alignment, resolve_encoder(options.model), wanted, "checking order")


def _encoded_units(
    alignment: Alignment, encoder: StateEncoder, wanted: dict[str, set[int]], description: str
) -> dict[str, np.ndarray]:
    """`encoder`'s embeddings of the `wanted` units of each side, row k for unit k (the other rows zero)."""
    vectors = {}
    for side, document in _documents(alignment):
        units = document.units(alignment.level)
        ids = sorted(wanted[side])
        embedded = embed_texts(encoder, [units[i].text for i in ids], description)
        vectors[side] = np.zeros((len(units), embedded.shape[1]), dtype=np.float32)
        vectors[side][ids] = embedded
    return vectors


def _all_unit_vectors(alignment: Alignment, options: CheckOptions, description: str) -> dict[str, np.ndarray]:
    """Every unit's embedding by side: the alignment's own, or `options.model`'s for one read back from a file."""
    if alignment.embeddings is not None:
        return {"source": alignment.embeddings.source, "target": alignment.embeddings.target}
    encoder = resolve_encoder(options.model)
    return {
        side: embed_texts(encoder, [unit.text for unit in document.units(alignment.level)], description)
        for side, document in (("source", alignment.source), ("target", alignment.target))
    }


def _sides(bead: Bead) -> tuple[tuple[str, tuple[int, ...]], ...]:
    return (("source", bead.source), ("target", bead.target))


def _crossing(similarity: np.ndarray, margin: float) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Source units (i, k), i < k, and their clear counterparts (j, m) with j > m, or None.

    similarity: float[n_source, n_target]. A counterpart is clear when it beats the crossed
    alternative by `margin` on both units.
    """
    n_source = similarity.shape[0]
    best = similarity.argmax(axis=1)
    for i in range(n_source):
        for k in range(i + 1, n_source):
            j, m = best[i], best[k]
            if j > m and (
                similarity[i, j] - similarity[i, m] >= margin and similarity[k, m] - similarity[k, j] >= margin
            ):
                return (i, k), (int(j), int(m))
    return None


def _inconsistent(alignment: Alignment, options: CheckOptions) -> Iterator[Finding]:
    by_source: dict[str, list[int]] = defaultdict(list)
    for index, bead in enumerate(alignment.beads):
        if bead.is_pair and len(_WORD.findall(bead.source_text)) >= 2:
            by_source[_normalised(bead.source_text)].append(index)
    for indices in by_source.values():
        first = alignment.beads[indices[0]]
        for index in indices[1:]:
            bead = alignment.beads[index]
            if _normalised(bead.target_text) != _normalised(first.target_text):
                yield Finding(
                    "inconsistent",
                    "warning",
                    index,
                    f"The same source text is translated differently in bead {indices[0] + 1}",
                    (
                        ("source", bead.source_text),
                        ("translation", bead.target_text),
                        ("other_bead", str(indices[0])),
                        ("other_translation", first.target_text),
                    ),
                )


CheckFunction = Callable[[Alignment, CheckOptions], Iterator[Finding]]
# The checks by id, in the order their findings are listed for a bead; read by `check` and the CLI.
CHECKS: dict[str, CheckFunction] = {
    "omission": _omission,
    "addition": _addition,
    "moved": _moved,
    "low-confidence": _low_confidence,
    "numbers": _numbers,
    "untranslated": _untranslated,
    "language": _language,
    "length": _length,
    "weak": _weak,
    "absorbed": _absorbed,
    "order": _order,
    "inconsistent": _inconsistent,
}


def _where(alignment: Alignment, side: str, ids: tuple[int, ...]) -> str:
    document = alignment.source if side == "source" else alignment.target
    units = document.units(alignment.level)
    paragraph = units[ids[0]].paragraph + 1
    roles = tuple(dict.fromkeys(units[i].role for i in ids))
    # a note, a text box, a header... is said so ("footnote (paragraph 6)"); body text alone as it always was
    said = None if roles == (None,) else ", ".join(role or BODY_TEXT for role in roles)
    if alignment.level == "paragraph" or document.lines:  # a line is its own paragraph: none to name
        name = document.unit_name(alignment.level)
        place = f"{name} {ids[0] + 1}" if len(ids) == 1 else f"{name}s {ids[0] + 1}-{ids[-1] + 1}"
        return place if said is None else f"{said} ({place})"
    numbers = f"sentence {ids[0] + 1}" if len(ids) == 1 else f"sentences {ids[0] + 1}-{ids[-1] + 1}"
    return f"{numbers} (in paragraph {paragraph})" if said is None else f"{said} {numbers} (in paragraph {paragraph})"


def _snippet(text: str, width: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _compared(quantities: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """The quantities the check compares: not number words, nor month words not used as dates."""
    return tuple(q for q in quantities if not q.counterpart_only)


def _written(quantities: tuple[Quantity, ...]) -> tuple[str, ...]:
    return tuple(q.text for q in quantities)


def _described(quantity: Quantity) -> str:
    """As written, with the English month name when it is not that name or its abbreviation, 'марте (March)', 'mars
    (March)', a number with the word that multiplies it, multiplied out, '450 тыс. (450,000)', and a time as the
    24-hour clock reads it when it is not written so: '8 pm (20:00)', '8 Uhr (8:00 or 20:00)'."""
    if quantity.note:  # '[2]' of 'Humphry Davy, [2] Humboldt' facing nothing: a translator may drop or add notes
        return f"[{quantity.text}] (a note's mark?)"
    if quantity.kind == "time":
        clock = " or ".join(quantity.values)
        return quantity.text if quantity.text == clock else f"{quantity.text} ({clock})"
    if quantity.scale:  # '450 тыс. (450,000)': '450' alone read as if the check had missed the word
        multiplied = quantity.values[len(quantity.values) // 2 :]
        return f"{quantity.text} {quantity.scale} ({' or '.join(f'{Decimal(value):,}' for value in multiplied)})"
    if quantity.kind != "month":
        return quantity.text
    name = ENGLISH_MONTHS[int(quantity.values[0]) - 1]
    written = quantity.text.rstrip(".").lower()
    return quantity.text if len(written) >= 3 and name.lower().startswith(written) else f"{quantity.text} ({name})"


def _base(language: str | None) -> str | None:
    return base_language(language) if language else None


def _languages(alignment: Alignment) -> tuple[str | None, str | None]:
    """The base languages of the source and the target for the language checks (`_document_language`)."""
    return _document_language(alignment.source), _document_language(alignment.target)


def _document_language(document: Document) -> str | None:
    """Given or detected, else the language most of the document's paragraphs are in (`units_language`): a
    translation with a paragraph pasted in German and another half left in Spanish is too mixed to tell as a whole,
    and the checks that would find both were off."""
    return _base(document.language) or units_language(unit.text for unit in document.paragraphs)


def _gate_reason(alignment: Alignment, findings: tuple[Finding, ...]) -> str | None:
    """The gate's reason, which says how many units were moved when some were: moved units lower the document
    confidence, and a translation in another order is not 'not a translation'."""
    reason = gate_reason(alignment)
    moved = sum(finding.check == "moved" for finding in findings)
    if reason is None or not moved:
        return reason
    what = alignment.source.unit_name(alignment.level)
    return (
        f"{reason}, or translations in another order: {moved} {what}{'s are' if moved > 1 else ' is'} translated "
        "out of order (moved)"
    )


CONFIRMED_MARK = "(confirmed by a reviewer: not counted)"


def findings_text(alignment: Alignment, findings: tuple[Finding, ...]) -> str:
    """One line per finding (severity, check, bead, the units it covers, message; a finding on a confirmed bead
    marked so, its severity in brackets), after a `document` error when the alignment is below the translation-memory
    gate, then a summary line with the counts (not of the findings on confirmed beads; the `document` error said apart
    from those on beads, which are all that align's summary and the review page count) and the document confidence.
    The alignment's own warnings (`Alignment.warnings`: documents too short to tell, little contrast, a language the
    encoder does not know) come first, one `warning document` line each; they are notes on the whole alignment, not
    findings, and are not counted."""
    reason = _gate_reason(alignment, findings)
    lines = [f"{'warning':<7} {'document':<14} {warning}" for warning in alignment.warnings]
    lines += [f"{'error':<7} {'document':<14} {reason}"] if reason else []
    for finding in findings:
        bead = alignment.beads[finding.bead]
        # a confirmed bead's finding, not counted, says its severity in brackets: no `error` line above "0 error(s)"
        severity, mark = (f"({finding.severity})", f" {CONFIRMED_MARK}") if bead.confirmed else (finding.severity, "")
        lines.append(
            f"{severity:<7} {finding.check:<14} bead {finding.bead + 1} "
            f"[{unit_numbers(bead.source)}:{unit_numbers(bead.target)}]  {finding.message}{mark}"
        )
    counts = count_findings(alignment, findings)
    # align's summary and the review page count the findings on beads: the document's own error is said apart
    errors = f"{counts.errors} error(s)"
    if reason:
        errors = f"{counts.errors + 1} error(s) ({counts.errors} on beads, 1 on the document: below the gate)"
    lines.append(
        f"{errors}, {counts.warnings} warning(s){counts.confirmed_note()} in "
        f"{counted(len(alignment.beads), 'bead')}, document confidence {confidence_text(alignment.confidence, 3)}; "
        f"{NUMBERING_NOTE}"
    )
    return "\n".join(lines) + "\n"


# The JSON report says how it counts: the data counts from 0 as Python and JSONL do, people from 1.
JSON_NUMBERING = (
    "bead_index, source_ids and target_ids count from 0 (Alignment.beads, the JSONL, the TMX ids); "
    "bead_number and the messages count from 1, as the text report does"
)


def findings_json(alignment: Alignment, findings: tuple[Finding, ...]) -> str:
    """A JSON document: the signature, the document confidence and why it is below the translation-memory gate
    (`gate`, null when it is not), how it numbers (`numbering`), counts of the findings (`errors` with the
    document's own error when `gate` is set, as in the text report; `errors` and `warnings` leave out the
    findings on beads a reviewer confirmed, counted in `on_confirmed_beads`), the alignment's own warnings
    (`document_warnings`: `Alignment.warnings`, not counted in `warnings`), and every finding with its bead's unit
    ids and whether a reviewer confirmed that bead (`confirmed`)."""
    records = []
    for finding in findings:
        bead = alignment.beads[finding.bead]
        records.append(
            {
                **finding.to_dict(),
                "source_ids": list(bead.source),
                "target_ids": list(bead.target),
                "confirmed": bead.confirmed,
            }
        )
    counts = count_findings(alignment, findings)
    reason = _gate_reason(alignment, findings)
    document = {
        "signature": alignment.signature,
        "source": alignment.source.file_name,
        "target": alignment.target.file_name,
        "level": alignment.level,
        "confidence": alignment.confidence,
        "gate": reason,
        "numbering": JSON_NUMBERING,
        "errors": counts.errors + bool(reason),
        "warnings": counts.warnings,
        "on_confirmed_beads": counts.on_confirmed,
        "document_warnings": list(alignment.warnings),
        "findings": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
