"""Alignments built by hand, with known beads and confidences, for the exporter tests."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from aligner import Alignment, Bead
from aligner.segment import build_document
from aligner.types import UNIT_JOINERS

SIGNATURE = "aligner test|model:handmade|level:paragraph"


def handmade_alignment(
    source: Sequence[str],
    target: Sequence[str],
    beads: Sequence[tuple[Sequence[int], Sequence[int], float]],
    languages: tuple[str | None, str | None] = ("ru", "en"),
    confidence: float = 0.8,
) -> Alignment:
    """Paragraph-level Alignment of `source`/`target` paragraphs with `beads` = (source ids, target ids, confidence)."""
    src_doc = build_document(list(source), "src.md", languages[0])
    tgt_doc = build_document(list(target), "tgt.txt", languages[1])
    joiner = UNIT_JOINERS["paragraph"]
    return Alignment(
        source=src_doc,
        target=tgt_doc,
        level="paragraph",
        beads=tuple(
            Bead(
                tuple(s),
                tuple(t),
                joiner.join(source[i] for i in s),
                joiner.join(target[j] for j in t),
                conf,
                similarity=0.5 if s and t else 0.0,
            )
            for s, t, conf in beads
        ),
        confidence=confidence,
        signature=SIGNATURE,
    )


def mixed_alignment() -> Alignment:
    """Seven beads: five pairs (confidences 0.95, 0.3, 0.7, 0.05, 0.88), a 1-0 and a 0-1, and awkward text
    (XML specials, tabs, line breaks, backslashes, control characters)."""
    source = [
        "Один & два <три>",
        "Второй абзац\tс табуляцией",
        "Пропущенный абзац",
        "Строка\nс переносом",
        "Back\\slash ]]> \x01ctl",
        "Низкая",
    ]
    target = [
        "One & two <three>",
        "Second paragraph\twith a tab",
        "Line\nwith a break",
        "Back\\slash ]]> \x0bctl",
        "Added paragraph",
        "Low",
    ]
    return handmade_alignment(
        source,
        target,
        [
            ([0], [0], 0.95),
            ([1], [1], 0.3),
            ([2], [], 0.9),
            ([3], [2], 0.7),
            ([4], [3], 0.05),
            ([], [4], 0.6),
            ([5], [5], 0.88),
        ],
    )


def review_data(path: Path) -> dict:
    """The data a review page's script reads (units, beads, findings), from the page's JSON element."""
    page = path.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="alignment-data">(.*?)</script>', page, re.S)
    assert found, f"{path} has no alignment data"
    return json.loads(found.group(1))
