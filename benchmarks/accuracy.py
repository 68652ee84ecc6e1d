"""Accuracy, calibration and time of the aligner on the gold sets; prints a table, optionally writes JSON.

    python benchmarks/accuracy.py --data ../shared/bench [--json out.json] [--update-floor]

Every document is read as pre-split lines (one unit per line) and aligned with the
embedded USE encoder. Encode time: encoding each distinct unit of both documents
once into a fresh cache; align time: `align_documents` with that cache (everything
but encoding); both as wall time and as this process's CPU time (steadier when
other work shares the machine). Strict/lax P/R/F1 follow /work/shared/bench/README.md
(aligner/evaluate.py); Brier and ECE (10 equal-width bins) compare each predicted
bead's confidence with whether it is strictly correct.

--update-floor rewrites benchmarks/regression_floor.json with the strict F1 of this
run on the regression slice (the documents listed in that file), which
tests/test_accuracy_regression.py checks.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    BENCH_SETS,
    SETTINGS,
    DocumentRun,
    format_table,
    run_document,
    strict_f1,
    summarise,
    warmed_up_encoder,
    write_json_atomically,
    write_json_report,
)

from aligner.embed import USEEncoder
from aligner.pipeline import signature

REGRESSION_FLOOR = Path(__file__).resolve().parent / "regression_floor.json"
DEFAULT_REGRESSION_SLICE = {
    "tolerance": 0.02,
    "slices": {
        "textberg_test": {"documents": ["001", "004"]},
        "wmt22_perturbed_test": {"first_documents": 20},
    },
}

COLUMNS = [
    ("set", None), ("docs", "documents"), ("gold", "gold_beads"),
    ("P strict", "strict_precision"), ("R strict", "strict_recall"), ("F1 strict", "strict_f1"),
    ("P lax", "lax_precision"), ("R lax", "lax_recall"), ("F1 lax", "lax_f1"),
    ("Brier", "brier"), ("ECE", "ece"),
    ("encode s", "encode_seconds"), ("align s", "align_seconds"), ("e2e s", "end_to_end_seconds"),
    ("e2e/enc", "end_to_end_over_encode"), ("enc cpu s", "encode_cpu_seconds"),
    ("align cpu s", "align_cpu_seconds"), ("e2e/enc cpu", "end_to_end_over_encode_cpu"),
]


def run_sets(data: Path, set_names: list[str], encoder: USEEncoder) -> dict[str, list[DocumentRun]]:
    """Runs per set; a document shared by several sets (WMT22 test/dev/all) is aligned once."""
    done: dict[tuple[str, str], DocumentRun] = {}
    runs = {}
    for name in set_names:
        bench = BENCH_SETS[name]
        runs[name] = []
        for doc in bench.load(data):
            key = (bench.family, doc.name)
            if key not in done:
                done[key] = run_document(doc, bench.languages, encoder)[0]
            runs[name].append(done[key])
        print(f"  {bench.label}: {len(runs[name])} documents", file=sys.stderr, flush=True)
    return runs


def regression_slice(floor: dict, runs: dict[str, list[DocumentRun]]) -> dict[str, list[DocumentRun]]:
    """The runs of the documents named by the regression-floor file, per set."""
    return {name: select_documents(spec, runs[name]) for name, spec in floor["slices"].items()}


def select_documents(spec: dict, runs_or_docs: list):
    """The items (runs or gold documents, in set order) that a slice spec names."""
    if "documents" in spec:
        wanted = set(spec["documents"])
        return [item for item in runs_or_docs if item.name in wanted]
    return runs_or_docs[:spec["first_documents"]]


def load_floor() -> dict:
    """The regression-floor file, or the default slice (no floors yet) when it does not exist."""
    if REGRESSION_FLOOR.is_file():
        return json.loads(REGRESSION_FLOOR.read_text(encoding="utf-8"))
    return DEFAULT_REGRESSION_SLICE


def updated_floor(floor: dict, runs: dict[str, list[DocumentRun]], run_signature: str) -> dict:
    slices = {}
    for name, slice_runs in regression_slice(floor, runs).items():
        spec = {k: v for k, v in floor["slices"][name].items() if k in ("documents", "first_documents")}
        slices[name] = {**spec, "strict_f1": round(strict_f1(slice_runs), 4)}
    return {"tolerance": floor["tolerance"], "signature": run_signature, "slices": slices}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--sets", nargs="+", choices=list(BENCH_SETS), default=list(BENCH_SETS))
    parser.add_argument("--update-floor", action="store_true",
                        help=f"rewrite {REGRESSION_FLOOR.name} from this run's strict F1 on the regression slice")
    args = parser.parse_args(argv)
    floor = load_floor()
    set_names = list(dict.fromkeys(args.sets + (list(floor["slices"]) if args.update_floor else [])))

    encoder = warmed_up_encoder()
    runs = run_sets(args.data, set_names, encoder)
    summaries = {name: summarise(runs[name]) for name in args.sets}
    run_signature = signature(encoder, SETTINGS)

    print(run_signature)
    header = [title for title, _ in COLUMNS]
    rows = [[BENCH_SETS[name].label] + [summary[key] for _, key in COLUMNS[1:]] for name, summary in summaries.items()]
    print(format_table(header, rows))
    write_json_report(args.json, {"signature": run_signature, "sets": summaries})
    if args.update_floor:
        write_json_atomically(REGRESSION_FLOOR, updated_floor(floor, runs, run_signature))
        print(f"wrote {REGRESSION_FLOOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
