"""Accuracy, calibration and time of the aligner on the gold sets; prints a table, optionally writes JSON.

    python benchmarks/accuracy.py --data ../shared/bench [--json out.json] [--plots DIR] [--no-bertalign]
                                  [--update-floor]

Every document is read as pre-split lines (one unit per line) and aligned with the
embedded USE encoder. Encode time: encoding each distinct unit of both documents
once into a fresh cache; align time: `align_documents` with that cache (everything
but encoding); both as wall time and as this process's CPU time (steadier when
other work shares the machine). Strict/lax P/R/F1 follow /work/shared/bench/README.md
(aligner/evaluate.py); Brier and ECE (10 equal-width bins) compare each predicted
bead's confidence with whether it is strictly correct; a second table gives them for
pair beads and for 1-0/0-1 beads separately, and --plots DIR writes a reliability
diagram per set (DIR/<set>.png; matplotlib, the `bench` extra). Where Bertalign is
installed (see benchmarks/README.md) it aligns the same documents with the same USE
encoder in the same run, and its strict and lax F1 get their own columns.

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

import numpy as np
from bertalign_compat import bertalign_encoder, bertalign_version, load_bertalign, run_bertalign
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

from aligner.embed import CachedEncoder, USEEncoder
from aligner.evaluate import Counts, count
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
    ("set", None),
    ("docs", "documents"),
    ("gold", "gold_beads"),
    ("P strict", "strict_precision"),
    ("R strict", "strict_recall"),
    ("F1 strict", "strict_f1"),
    ("P lax", "lax_precision"),
    ("R lax", "lax_recall"),
    ("F1 lax", "lax_f1"),
    ("Bertalign F1 strict", "bertalign_strict_f1"),
    ("Bertalign F1 lax", "bertalign_lax_f1"),
    ("Brier", "brier"),
    ("ECE", "ece"),
    ("encode s", "encode_seconds"),
    ("align s", "align_seconds"),
    ("e2e s", "end_to_end_seconds"),
    ("e2e/enc", "end_to_end_over_encode"),
    ("enc cpu s", "encode_cpu_seconds"),
    ("align cpu s", "align_cpu_seconds"),
    ("e2e/enc cpu", "end_to_end_over_encode_cpu"),
]


CALIBRATION_COLUMNS = [
    ("set", None),
    ("pairs", "beads_pairs"),
    ("correct", "correct_pairs"),
    ("Brier", "brier_pairs"),
    ("ECE", "ece_pairs"),
    ("1-0/0-1", "beads_unpaired"),
    ("correct ", "correct_unpaired"),
    ("Brier ", "brier_unpaired"),
    ("ECE ", "ece_unpaired"),
]


def run_sets(
    data: Path, set_names: list[str], encoder: USEEncoder, bertalign=None
) -> tuple[dict[str, list[DocumentRun]], dict[str, Counts]]:
    """Runs per set, and Bertalign's counts per set when it is given; a document shared by several sets (WMT22
    test/dev/all) is aligned once. Bertalign's windows go through one cache for the whole run (its scores do not
    depend on it; our timings are taken with a fresh cache per document, in `run_document`)."""
    done: dict[tuple[str, str], DocumentRun] = {}
    theirs: dict[tuple[str, str], Counts] = {}
    window_encoder = bertalign_encoder(CachedEncoder(encoder)) if bertalign else None
    runs, bertalign_counts = {}, {}
    for name in set_names:
        bench = BENCH_SETS[name]
        runs[name] = []
        bertalign_counts[name] = Counts()
        for doc in bench.load(data):
            key = (bench.family, doc.name)
            if key not in done:
                done[key] = run_document(doc, bench.languages, encoder)[0]
                if bertalign:
                    _, beads = run_bertalign(bertalign, doc.source, doc.target, window_encoder)
                    theirs[key] = count([(tuple(map(int, s)), tuple(map(int, t))) for s, t in beads], doc.gold)
            runs[name].append(done[key])
            if bertalign:
                bertalign_counts[name] += theirs[key]
        print(f"  {bench.label}: {len(runs[name])} documents", file=sys.stderr, flush=True)
    return runs, (bertalign_counts if bertalign else {})


def write_reliability_diagrams(directory: Path, runs: dict[str, list[DocumentRun]]) -> None:
    """One PNG per set: accuracy against confidence in 10 equal-width bins, for pair beads and for 1-0/0-1 beads,
    over the share of beads in each bin."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    directory.mkdir(parents=True, exist_ok=True)
    edges = np.linspace(0.0, 1.0, 11)
    for name, set_runs in runs.items():
        confidence = np.array([p for run in set_runs for p in run.confidences])
        correct = np.array([y for run in set_runs for y in run.correct], dtype=float)
        paired = np.array([x for run in set_runs for x in run.paired], dtype=bool)
        figure, (curve, counts) = plt.subplots(2, 1, figsize=(5, 6), sharex=True, height_ratios=[3, 1])
        curve.plot([0, 1], [0, 1], color="grey", linestyle=":", label="perfect calibration")
        for kind, beads, marker in (("pair beads", paired, "o"), ("1-0/0-1 beads", ~paired, "s")):
            bins = np.minimum((confidence[beads] * 10).astype(int), 9)
            shown = [k for k in range(10) if (bins == k).any()]
            curve.plot(
                [confidence[beads][bins == k].mean() for k in shown],
                [correct[beads][bins == k].mean() for k in shown],
                marker=marker,
                label=f"{kind} ({beads.sum()})",
            )
            counts.hist(confidence[beads], bins=edges, alpha=0.6, label=kind)
        curve.set(ylabel="share strictly correct", xlim=(0, 1), ylim=(0, 1), title=BENCH_SETS[name].label)
        curve.legend(loc="upper left", fontsize="small")
        counts.set(xlabel="confidence", ylabel="beads", yscale="log")
        figure.tight_layout()
        path = directory / f"{name}.png"
        figure.savefig(path.with_suffix(".tmp.png"), dpi=100)
        plt.close(figure)
        path.with_suffix(".tmp.png").replace(path)  # atomically: the old diagram or the whole new one


def regression_slice(floor: dict, runs: dict[str, list[DocumentRun]]) -> dict[str, list[DocumentRun]]:
    """The runs of the documents named by the regression-floor file, per set."""
    return {name: select_documents(spec, runs[name]) for name, spec in floor["slices"].items()}


def select_documents(spec: dict, runs_or_docs: list):
    """The items (runs or gold documents, in set order) that a slice spec names."""
    if "documents" in spec:
        wanted = set(spec["documents"])
        return [item for item in runs_or_docs if item.name in wanted]
    return runs_or_docs[: spec["first_documents"]]


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
    parser.add_argument("--plots", type=Path, metavar="DIR", help="write a reliability diagram per set here")
    parser.add_argument("--no-bertalign", action="store_true", help="leave Bertalign out even where it is installed")
    parser.add_argument(
        "--update-floor",
        action="store_true",
        help=f"rewrite {REGRESSION_FLOOR.name} from this run's strict F1 on the regression slice",
    )
    args = parser.parse_args(argv)
    floor = load_floor()
    set_names = list(dict.fromkeys(args.sets + (list(floor["slices"]) if args.update_floor else [])))

    encoder = warmed_up_encoder()
    bertalign = None if args.no_bertalign else load_bertalign()
    runs, bertalign_counts = run_sets(args.data, set_names, encoder, bertalign)
    summaries = {name: summarise(runs[name]) for name in args.sets}
    for name, counts in bertalign_counts.items():
        if name in summaries:
            summaries[name].update({f"bertalign_{key}": value for key, value in counts.scores().items()})
    run_signature = signature(encoder, SETTINGS)

    print(run_signature)
    print(
        f"Bertalign {bertalign_version()}, default settings, the same USE encoder"
        if bertalign
        else "Bertalign: not run (" + ("--no-bertalign" if args.no_bertalign else "not installed") + ")"
    )
    columns = [column for column in COLUMNS if bertalign or not column[1] or not column[1].startswith("bertalign")]
    for table in (columns, CALIBRATION_COLUMNS):
        rows = [
            [BENCH_SETS[name].label] + [summary[key] for _, key in table[1:]] for name, summary in summaries.items()
        ]
        print(format_table([title.strip() for title, _ in table], rows))
    if args.plots:
        write_reliability_diagrams(args.plots, {name: runs[name] for name in args.sets})
        print(f"wrote {len(args.sets)} reliability diagrams to {args.plots}")
    write_json_report(args.json, {"signature": run_signature, "sets": summaries})
    if args.update_floor:
        write_json_atomically(REGRESSION_FLOOR, updated_floor(floor, runs, run_signature))
        print(f"wrote {REGRESSION_FLOOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
