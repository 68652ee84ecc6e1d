"""End-to-end speed against Bertalign with the same USE encoder, on the same documents, in one run.

    python benchmarks/speed.py --data ../shared/bench [--sets textberg_test wmt22_perturbed_test]
                               [--limit N] [--json out.json]

For each document: our encode-once time (each distinct unit of both sides encoded
once) and alignment time with those encodings cached, then Bertalign 2.0.1 with
its default settings (max_align=5: every window of 1..4 consecutive sentences of
both sides encoded) with the same encoder object. Times are wall and process CPU
seconds; CPU time is the steadier number when other work shares the machine.
Without Bertalign installed (see benchmarks/README.md) the comparison column is
the time of its encoding workload only, re-implemented, and labelled so.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bertalign_compat import (
    bertalign_encoder,
    bertalign_encoding_workload,
    bertalign_version,
    load_bertalign,
    run_bertalign,
)
from harness import (
    BENCH_SETS,
    SETTINGS,
    Stopwatch,
    format_table,
    load_average,
    run_document,
    summarise,
    warmed_up_encoder,
    write_json_report,
)

from aligner.embed import USEEncoder
from aligner.evaluate import Counts, count
from aligner.pipeline import signature


def measure_set(name: str, data: Path, encoder: USEEncoder, bertalign, limit: int | None) -> dict:
    bench = BENCH_SETS[name]
    docs = bench.load(data)[:limit]
    runs = []
    other_wall = other_cpu = 0.0
    other_counts = Counts()
    for doc in docs:
        runs.append(run_document(doc, bench.languages, encoder)[0])
        with Stopwatch() as other:
            if bertalign is None:
                bertalign_encoding_workload(doc.source, doc.target, encoder)
            else:
                _, beads = run_bertalign(bertalign, doc.source, doc.target, bertalign_encoder(encoder))
        other_wall += other.wall
        other_cpu += other.cpu
        if bertalign is not None:
            other_counts += count([(tuple(map(int, s)), tuple(map(int, t))) for s, t in beads], doc.gold)
    ours = summarise(runs)
    return {
        "documents": len(docs),
        "ours": ours,
        "bertalign_seconds": other_wall,
        "bertalign_cpu_seconds": other_cpu,
        "bertalign_scores": other_counts.scores() if bertalign is not None else None,
    }


def machine_state(start: str, end: str) -> str:
    """Whether the machine was quiet: next to nothing running before the run, and at its end no more load
    than this run's own threads (the encoder's, at most one a core) can make."""
    cores = os.cpu_count() or 1
    if float(start.split()[0]) <= 1.0 and float(end.split()[0]) <= cores + 0.5:
        return "the machine was quiet"
    return "the machine was busy (other work shared the CPU): wall times are inflated, read the CPU columns"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument(
        "--sets", nargs="+", choices=list(BENCH_SETS), default=["textberg_test", "wmt22_perturbed_test"]
    )
    parser.add_argument("--limit", type=int, help="only the first N documents of each set")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    started_load = load_average()
    encoder = warmed_up_encoder()
    bertalign = load_bertalign()
    if bertalign is None:
        other_label = "Bertalign encoding workload only (re-implemented; Bertalign not installed)"
    else:
        other_label = f"Bertalign {bertalign_version()} end-to-end, USE encoder"
        warm_up = BENCH_SETS["textberg_test"].load(args.data)[0]  # compiles its numba kernels, loads lingua
        run_bertalign(bertalign, warm_up.source[:10], warm_up.target[:10], bertalign_encoder(encoder))
    results = {name: measure_set(name, args.data, encoder, bertalign, args.limit) for name in args.sets}
    ended_load = load_average()

    print(signature(encoder, SETTINGS))
    print(f"comparison: {other_label}")
    print(
        f"load average (1, 5, 15 min) at start: {started_load}; at end: {ended_load}: "
        f"{machine_state(started_load, ended_load)}"
    )
    header = [
        "set",
        "docs",
        "enc s",
        "align s",
        "e2e s",
        "e2e/enc",
        "Bertalign s",
        "Bertalign/e2e",
        "enc cpu",
        "e2e cpu",
        "e2e/enc cpu",
        "Bertalign cpu",
        "Bertalign/e2e cpu",
        "F1 ours",
        "F1 Bertalign",
    ]
    rows = []
    for name, result in results.items():
        ours = result["ours"]
        e2e_cpu = ours["end_to_end_cpu_seconds"]
        bertalign_f1 = result["bertalign_scores"]["strict_f1"] if result["bertalign_scores"] else "-"
        rows.append(
            [
                BENCH_SETS[name].label,
                result["documents"],
                ours["encode_seconds"],
                ours["align_seconds"],
                ours["end_to_end_seconds"],
                ours["end_to_end_over_encode"],
                result["bertalign_seconds"],
                result["bertalign_seconds"] / ours["end_to_end_seconds"],
                ours["encode_cpu_seconds"],
                e2e_cpu,
                ours["end_to_end_over_encode_cpu"],
                result["bertalign_cpu_seconds"],
                result["bertalign_cpu_seconds"] / e2e_cpu,
                ours["strict_f1"],
                bertalign_f1,
            ]
        )
    print(format_table(header, rows))
    write_json_report(
        args.json, {"signature": signature(encoder, SETTINGS), "comparison": other_label, "sets": results}
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
