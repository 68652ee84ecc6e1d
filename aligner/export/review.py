"""What a reviewer should look at: the numbers of the HTML review's summary, and the same as text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..display import (
    NOT_SCORED,
    NUMBERING_NOTE,
    _short,
    confidence_text,
    counted,
    decimals_keeping_sides,
    unit_numbers,
)
from . import ExportOptions, count_findings, gate_reason, translation_bead

if TYPE_CHECKING:
    from ..types import Alignment, Bead

MAX_LISTED = 10  # beads listed per category in the text summary


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    """Counts over one alignment; bead lists are indices into `Alignment.beads`."""

    source_units: int
    target_units: int
    beads_by_kind: tuple[tuple[str, int], ...]  # ("1-1", 8), ... most frequent first
    low_confidence: tuple[int, ...]  # pairs below `threshold` that no reviewer confirmed or made (`Bead.scored`)
    omissions: tuple[int, ...]  # 1-0 beads: source text with no translation
    additions: tuple[int, ...]  # 0-1 beads: target text with no source
    threshold: float


def summarise(alignment: Alignment, options: ExportOptions) -> ReviewSummary:
    """The review summary of `alignment`; a "low confidence" pair is below `options.low_confidence` (as in the
    low-confidence check: the confidence of a 1-0/0-1 bead is the probability that it has no counterpart)."""
    beads = alignment.beads
    kinds = Counter(bead.kind for bead in beads)
    return ReviewSummary(
        source_units=len(alignment.source.units(alignment.level)),
        target_units=len(alignment.target.units(alignment.level)),
        beads_by_kind=tuple(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
        low_confidence=tuple(
            i
            for i, bead in enumerate(beads)
            if bead.is_pair and not bead.confirmed and bead.scored and bead.confidence < options.low_confidence
        ),
        omissions=tuple(i for i, bead in enumerate(beads) if not bead.target),
        additions=tuple(i for i, bead in enumerate(beads) if not bead.source),
        threshold=options.low_confidence,
    )


def summary_text(alignment: Alignment, options: ExportOptions) -> str:
    """The review summary as a few lines for a terminal, listing the beads to look at."""
    summary = summarise(alignment, options)
    src, tgt, level = alignment.source, alignment.target, alignment.level
    kinds = ", ".join(f"{kind} x{count}" for kind, count in summary.beads_by_kind)
    lines = [
        f"{src.file_name} ({src.language or '?'}, {counted(summary.source_units, src.unit_name(level))}) -> "
        f"{tgt.file_name} ({tgt.language or '?'}, {counted(summary.target_units, tgt.unit_name(level))})",
        f"{counted(len(alignment.beads), 'bead')} ({kinds}); "
        f"document confidence {confidence_text(alignment.confidence, 3)} ({NUMBERING_NOTE})",
    ]
    reason = gate_reason(alignment)
    if reason:
        lines.append(f"not for a translation memory: {reason}")
    # a unit the moved check paired with its translation elsewhere is listed as moved, not as an omission and an
    # addition
    moved = [finding for finding in options.findings if finding.check == "moved"]
    moved_beads = {finding.bead for finding in moved} | {translation_bead(finding) for finding in moved}
    sections = [(f"low-confidence pairs (< {summary.threshold})", summary.low_confidence)]
    # a weak pair can be confident (a paragraph replaced by another on the subject): listed, so that "none" above
    # does not read as all is well
    weak = tuple(sorted({finding.bead for finding in options.findings if finding.check == "weak"}))
    if weak:
        sections.append(("pairs that may be of another text (weak)", weak))
    if moved:
        sections.append(("moved (translated out of order)", tuple(sorted(finding.bead for finding in moved))))
    sections += [
        ("omissions (source with no translation)", tuple(i for i in summary.omissions if i not in moved_beads)),
        ("additions (target with no source)", tuple(i for i in summary.additions if i not in moved_beads)),
    ]
    thresholds = (summary.threshold, options.min_confidence)
    for title, indices in sections:
        lines.append(f"{title}: {len(indices) or 'none'}")
        lines.extend(_bead_line(i, alignment.beads[i], thresholds) for i in indices[:MAX_LISTED])
        if len(indices) > MAX_LISTED:
            lines.append(f"  ... {len(indices) - MAX_LISTED} more")
    if options.findings:
        counts = count_findings(alignment, options.findings)
        lines.append(f"findings: {counts.errors} error(s), {counts.warnings} warning(s){counts.confirmed_note()}")
        lines.extend(
            f"  bead {finding.bead + 1}: {finding.severity} {finding.check}"
            f"{' (confirmed)' if alignment.beads[finding.bead].confirmed else ''}: "
            f"{finding.message}"  # whole, as check prints it: cut, it lost its point (trial8 #7)
            for finding in options.findings[:MAX_LISTED]
        )
        if len(options.findings) > MAX_LISTED:
            lines.append(f"  ... {len(options.findings) - MAX_LISTED} more")
    return "\n".join(lines)


def _bead_line(index: int, bead: Bead, thresholds: tuple[float, ...]) -> str:
    """A bead listed in the summary; its confidence with two decimals, more where two would put it on the other side
    of a threshold (the summary's low-confidence one, --min-confidence)."""
    ids = f"src {unit_numbers(bead.source)} / tgt {unit_numbers(bead.target)}"
    decimals = decimals_keeping_sides(bead.confidence, thresholds, 2)
    confidence = confidence_text(bead.confidence, decimals) if bead.scored else NOT_SCORED
    texts = f"{_short(bead.source_text)} | {_short(bead.target_text)}"
    return f"  bead {index + 1} ({ids}, {bead.kind}, {confidence}): {texts}"
