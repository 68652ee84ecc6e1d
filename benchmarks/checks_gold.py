"""How often the consistency checks speak up on real translations aligned by hand (the gold beads).

    python benchmarks/checks_gold.py [--data ../shared/bench]

Every gold pair is a real translation pair, so a finding on it is either a real difference between
source and translation (OCR noise, a number the translator changed or spelled out) or a false alarm.
The moved check runs too (with the embedded encoder): its findings are false alarms when the gold is right, on its
pairs and on its own 1-0/0-1 beads. Checks that need the aligner (low confidence, order) and the unpaired units
themselves (omission, addition) are left out. Prints, per set, the beads checked and the findings per check and
severity (every check's errors, the warnings of those that give any).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

from bench_data import GoldDocument, folder, textberg, udhr, wmt22

from aligner.checks import check
from aligner.segment import build_document
from aligner.types import Alignment, Bead, Level

UDHR_LANGUAGES = ("es", "tr", "et", "hr", "id", "sk")
CHECKS = ("moved", "numbers", "untranslated", "language", "length", "inconsistent")


def gold_alignment(
    document: GoldDocument, source_language: str, target_language: str, level: Level = "sentence"
) -> Alignment:
    """The gold beads as an Alignment of sentences (beads with non-consecutive ids are left out), or of paragraphs
    (`level`: a document whose units are paragraphs, such as `bench_data.grouped` makes)."""
    beads = tuple(
        Bead(src, tgt, " ".join(document.source[i] for i in src), " ".join(document.target[j] for j in tgt), 1.0)
        for src, tgt in document.gold
        if all(b == a + 1 for side in (src, tgt) for a, b in itertools.pairwise(side))
    )
    return Alignment(
        build_document(document.source, document.name, source_language),
        build_document(document.target, document.name, target_language),
        level,
        beads,
        1.0,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    args = parser.parse_args(argv)
    sets = {
        "wmt22 ru-en (clean, dev)": (wmt22(args.data, "dev", perturbed=False), "ru", "en"),
        "textberg de-fr (dev)": (textberg(args.data, "dev"), "de", "fr"),
        "transread en-fr (dev)": (folder(args.data / "transread_enfr", "en", "fr"), "en", "fr"),
        "wmt22 ru-en (clean, test)": (wmt22(args.data, "test", perturbed=False), "ru", "en"),
        "textberg de-fr (test)": (textberg(args.data, "test"), "de", "fr"),
        "mac zh-en (dev)": (folder(args.data / "mac_zhen" / "dev", "zh", "en"), "zh", "en"),
        **{f"udhr en-{language} (dev)": (udhr(args.data, language), "en", language) for language in UDHR_LANGUAGES},
    }
    rows = []
    for name, (documents, source_language, target_language) in sets.items():
        counts: Counter[str] = Counter()
        pairs = 0
        for document in documents:
            alignment = gold_alignment(document, source_language, target_language)
            pairs += len(alignment.pairs)
            counts.update(f"{f.check} {f.severity}" for f in check(alignment, checks=CHECKS))
        rows.append((name, pairs, counts))
    columns = [
        f"{name} {severity}"
        for name in CHECKS
        for severity in ("error", "warning")
        if severity == "error" or any(counts[f"{name} {severity}"] for _, _, counts in rows)  # every check's errors
    ]
    print(f"{'set':<26} {'pairs':>6}  " + "  ".join(f"{c:>20}" for c in columns))
    for name, pairs, counts in rows:
        print(f"{name:<26} {pairs:>6}  " + "  ".join(f"{counts[c]:>20}" for c in columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
