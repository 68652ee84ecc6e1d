"""Confident wrong pairs the dev pool does not show by itself: a unit replaced by a related non-translation,
and documents of one or two units paired with the wrong partner; prints a table.

    python benchmarks/substitutions.py --data ../shared/bench [--json out.json]

1. **Substituted units.** In each dev document, up to SUBSTITUTIONS target units of 1-1 gold beads (spread
   over the document, away from its ends) are replaced by a unit of another document of the same family
   (the next one; in a family of one text per target language, Text+Berg dev and UDHR-multi, a unit half the
   document away, on the same subject), the one closest in length, so that neither the length nor the
   position gives it away. The source unit then has no translation: the gold leaves both units unpaired. A
   predicted pair that holds a replaced unit is wrong; the table counts how many get confidence >= 0.5.
2. **Short documents.** From the paragraph-sized dev documents, documents of one unit a side (a gold 1-1
   pair, and the same source unit with the target unit two places on, another paragraph of the same text)
   and of two units a side (two consecutive 1-1 gold pairs, and the same source with the target pair three
   places on). The right ones should be sure, the wrong ones not.

Dev data only (`fit_confidence.dev_families`); `fit_confidence.py` fits on the same generated documents.
Confidences are an alignment's (`in_document`), as the CLI and the TMX give them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_data import GoldDocument, paragraph_sized, short_documents, substituted
from fit_confidence import ONE_TEXT_FAMILIES, dev_families

from aligner import read
from aligner.checks import check
from aligner.embed import CachedEncoder, USEEncoder
from aligner.pipeline import Settings, align_documents
from aligner.types import Alignment

CONFIDENT = 0.5


def align(doc: GoldDocument, encoder: CachedEncoder) -> Alignment:
    return align_documents(read(list(doc.source)), read(list(doc.target)), encoder, Settings())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    encoder = CachedEncoder(USEEncoder())
    results: dict[str, dict[str, object]] = {}
    header = (
        f"{'family':<14} | replaced pairs >= 0.5 | left unpaired | weak: replaced, right pairs | weak errors | "
        f"1 unit: right >= 0.5, wrong >= 0.5 | 2 units: right >= 0.5, wrong >= 0.5"
    )
    print(header)
    for name, docs in dev_families(args.data).items():
        confident = paired = replaced_units = unpaired = flagged = right_total = right_flagged = 0
        flagged_errors = right_errors = 0
        for doc, replaced in substituted(docs, name in ONE_TEXT_FAMILIES):
            alignment = align(doc, encoder)
            replaced_units += len(replaced)
            bead_of = {j: k for k, bead in enumerate(alignment.beads) for j in bead.target}
            findings = check(alignment, checks=("weak",))
            weak = {finding.bead for finding in findings}
            errors = {finding.bead for finding in findings if finding.severity == "error"}
            for j in replaced:
                bead = alignment.beads[bead_of[j]]
                if bead.source:
                    paired += 1
                    confident += bead.confidence >= CONFIDENT
                    flagged += bead_of[j] in weak
                    flagged_errors += bead_of[j] in errors
                else:
                    unpaired += 1
            gold = set(doc.gold)
            right_pairs = [
                k for k, b in enumerate(alignment.beads) if b.source and b.target and (b.source, b.target) in gold
            ]
            right_total += len(right_pairs)
            right_flagged += len(weak.intersection(right_pairs))
            right_errors += len(errors.intersection(right_pairs))
        row: dict[str, object] = {
            "replaced_units": replaced_units,
            "replaced_pairs": paired,
            "replaced_pairs_confident": confident,
            "replaced_units_unpaired": unpaired,
            "replaced_pairs_weak": flagged,
            "right_pairs": right_total,
            "right_pairs_weak": right_flagged,
            "replaced_pairs_weak_error": flagged_errors,
            "right_pairs_weak_error": right_errors,
        }
        cells = [
            f"{confident:3d}/{paired:<3d} of {replaced_units:3d} units",
            f"{unpaired:3d}",
            f"{flagged:3d}/{paired:<3d}, {right_flagged}/{right_total}",
            f"{flagged_errors:3d}, {right_errors}",
        ]
        for units in (1, 2):
            right, wrong = [], []
            for doc, ok in short_documents(paragraph_sized(docs), units):
                alignment = align(doc, encoder)
                lowest = min((b.confidence for b in alignment.beads if b.source and b.target), default=0.0)
                highest = max((b.confidence for b in alignment.beads if b.source and b.target), default=0.0)
                # a right document is right when its pairs are the gold and all sure; a wrong one when any is
                exact = ok and [(b.source, b.target) for b in alignment.beads] == list(doc.gold)
                (right if ok else wrong).append(lowest if exact else (0.0 if ok else highest))
            row[f"short_{units}"] = {"right": right, "wrong": wrong}
            cells.append(
                f"{sum(p >= CONFIDENT for p in right):2d}/{len(right):<2d}, {sum(p >= CONFIDENT for p in wrong):2d}/"
                f"{len(wrong):<2d}"
            )
        results[name] = row
        print(f"{name:<14} | " + " | ".join(cells), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
