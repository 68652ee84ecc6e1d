"""Omissions absorbed into pairs: how often, and how sure the aligner is of such a pair; prints a table.

    python benchmarks/absorption.py --data ../shared/bench [--sets ...] [--json out.json]

A unit the gold leaves without a counterpart (a gold 1-0/0-1 bead: a sentence dropped from the
translation, or added to it) should come out alone. When the aligner puts it into a pair
instead, that pair is wrong, and a translator relies on its confidence to find it: a pair
that absorbed a unit should not get confidence >= 0.5 (target: under 2% of such pairs).
Per set: the gold units without a counterpart, how many of them were absorbed, the pairs
that absorbed one (aligner/evaluate.py `absorbing_beads`), how many of those have confidence
>= 0.5, and the highest such confidence. The perturbed sets (WMT22, UDHR) are where units
were dropped on purpose; the others have the translators' own omissions and additions.
Documents are aligned as accuracy.py aligns them (harness.run_document).

A translator sees such a pair through the `absorbed` check (aligner/checks.py) instead: per set, the
absorbing pairs with more than one unit on a side (the only ones it looks at), how many of them it
flags naming a unit the gold leaves unpaired, and its false alarms: right many-unit pairs (strictly
correct by the gold) that it flags. Then the CPU seconds, over the set's documents, of the check
stage without the absorbed check (every other check) and of the absorbed check alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import BENCH_SETS, Stopwatch, format_table, run_document, write_json_report

from aligner.checks import CHECKS, check
from aligner.embed import CachedEncoder, USEEncoder
from aligner.evaluate import absorbing_beads, bead_correctness

CONFIDENT = 0.5
UDHR_SETS = [name for name in BENCH_SETS if name.startswith("udhr_")]
PERTURBED_SETS = ["wmt22_perturbed_dev", "wmt22_perturbed_test", *UDHR_SETS]
OTHER_CHECKS = tuple(name for name in CHECKS if name != "absorbed")  # the check stage before the absorbed check
DEFAULT_SETS = [*PERTURBED_SETS, "textberg_dev", "textberg_test", "mac_zhen_dev", "transread_enfr"]


def absorption(data: Path, name: str, encoder: CachedEncoder) -> dict[str, float | int]:
    bench = BENCH_SETS[name]
    unpaired = absorbed_units = 0
    confidences: list[float] = []
    many_absorbing = flagged_absorbing = right_many = false_alarms = 0
    check_cpu = absorbed_cpu = 0.0
    documents = bench.load(data)
    for doc in documents:
        _, alignment = run_document(doc, bench.languages, encoder)
        with Stopwatch() as checking:
            check(alignment, checks=OTHER_CHECKS)
        with Stopwatch() as absorbed_check:
            findings = check(alignment, checks=("absorbed",))
        check_cpu, absorbed_cpu = check_cpu + checking.cpu, absorbed_cpu + absorbed_check.cpu
        flagged: dict[int, set[tuple[str, int]]] = {}
        for finding in findings:
            evidence = dict(finding.evidence)
            side = "source" if "source_units" in evidence else "target"
            flagged.setdefault(finding.bead, set()).add((side, int(evidence[f"{side}_units"][0])))
        predicted = [(bead.source, bead.target) for bead in alignment.beads]
        gold_unpaired = {
            (side, i) for s, t in doc.gold if not (s and t) for side, ids in (("source", s), ("target", t)) for i in ids
        }
        unpaired += len(gold_unpaired)
        for k in absorbing_beads(predicted, doc.gold):
            bead = alignment.beads[k]
            absorbed_units += sum(
                (side, i) in gold_unpaired
                for side, ids in (("source", bead.source), ("target", bead.target))
                for i in ids
            )
            confidences.append(bead.confidence)
            many_absorbing += max(len(bead.source), len(bead.target)) > 1
            flagged_absorbing += bool(flagged.get(k, set()) & gold_unpaired)
        for k, correct in enumerate(bead_correctness(predicted, doc.gold)):
            bead = alignment.beads[k]
            if correct and bead.is_pair and max(len(bead.source), len(bead.target)) > 1:
                right_many += 1
                false_alarms += k in flagged
    confident = sum(p >= CONFIDENT for p in confidences)
    return {
        "documents": len(documents),
        "gold_unpaired_units": unpaired,
        "absorbed_units": absorbed_units,
        "absorbing_pairs": len(confidences),
        "confident_absorbing_pairs": confident,
        "confident_share": confident / len(confidences) if confidences else 0.0,
        "highest_confidence": max(confidences, default=0.0),
        "many_unit_absorbing_pairs": many_absorbing,
        "flagged_absorbing_pairs": flagged_absorbing,
        "right_many_unit_pairs": right_many,
        "flagged_right_pairs": false_alarms,
        "other_checks_cpu_seconds": check_cpu,
        "absorbed_check_cpu_seconds": absorbed_cpu,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--sets", nargs="+", choices=list(BENCH_SETS), default=DEFAULT_SETS)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    encoder = CachedEncoder(USEEncoder())  # a document shared by two sets is encoded once
    results = {name: absorption(args.data, name, encoder) for name in args.sets}
    header = [
        "set",
        "docs",
        "gold unpaired units",
        "absorbed units",
        "absorbing pairs",
        f"of them conf >= {CONFIDENT}",
        "share",
        "highest conf",
        "many-unit",
        "flagged",
        "right many-unit pairs",
        "flagged",
        "other checks CPU s",
        "absorbed CPU s",
    ]
    rows = [
        [
            BENCH_SETS[name].label,
            r["documents"],
            r["gold_unpaired_units"],
            r["absorbed_units"],
            r["absorbing_pairs"],
            r["confident_absorbing_pairs"],
            r["confident_share"],
            r["highest_confidence"],
            r["many_unit_absorbing_pairs"],
            r["flagged_absorbing_pairs"],
            r["right_many_unit_pairs"],
            r["flagged_right_pairs"],
            r["other_checks_cpu_seconds"],
            r["absorbed_check_cpu_seconds"],
        ]
        for name, r in results.items()
    ]
    print(format_table(header, rows))
    write_json_report(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
