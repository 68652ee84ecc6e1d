"""Accuracy, calibration and time of the aligner on the gold sets; prints a table, optionally writes JSON.

    python benchmarks/accuracy.py --data ../shared/bench [--json out.json] [--plots DIR] [--no-bertalign]
                                  [--model NAME_OR_PATH] [--seeds N ...] [--update-floor]

Every document is read as pre-split lines (one unit per line) and aligned with the
embedded USE encoder. Encode time: encoding each distinct unit of both documents
once into a fresh cache; align time: `align_documents` with that cache (everything
but encoding); both as wall time and as this process's CPU time (steadier when
other work shares the machine). Strict/lax P/R/F1 follow /work/shared/bench/README.md
(aligner/evaluate.py); Brier and ECE (10 equal-width bins) compare each predicted
bead's confidence with whether it is strictly correct; a second table gives them for
pair beads and for 1-0/0-1 beads separately, and --plots DIR writes a reliability
diagram per set (DIR/<set>.png; matplotlib, the `bench` extra), each bin's point with
its bead count and 95% Wilson interval. Where Bertalign is installed (see
benchmarks/README.md) it aligns the same documents with the same encoder in the same
run, and its strict and lax F1 get their own columns.

--model NAME_OR_PATH aligns with that sentence-transformers model instead of USE (the
shipped confidence model was fitted on USE: with another model its confidences, and
so Brier and ECE, are not calibrated by it). --seeds N ... aligns every set again
with each background-sample seed (`CostParams.seed`; the shipped one is 0) and prints
strict and lax F1 per set at the shipped seed and their mean, min and max over the
seeds given.

--update-floor rewrites benchmarks/regression_floor.json with the strict F1 of the
regression slice (the dev documents listed in that file), aligned as
tests/test_accuracy_regression.py aligns them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from bench_data import GoldDocument, first_beads
from bertalign_compat import bertalign_encoder, bertalign_version, load_bertalign, run_bertalign
from harness import (
    BENCH_SETS,
    SETTINGS,
    DocumentRun,
    format_table,
    run_document,
    scores,
    strict_f1,
    summarise,
    warmed_up,
    warmed_up_encoder,
    write_json_atomically,
    write_json_report,
)

from aligner.embed import CachedEncoder, StateEncoder, resolve_encoder
from aligner.evaluate import Counts, count
from aligner.pipeline import Settings, signature

REGRESSION_FLOOR = Path(__file__).resolve().parent / "regression_floor.json"
# dev documents only: the floor gates every change in CI, so a test document in it would be a choice made on test
DEFAULT_REGRESSION_SLICE = {
    "tolerance": 0.02,
    "slices": {
        "textberg_dev": {"documents": ["dev"], "first_beads": 200},
        "wmt22_perturbed_dev": {"first_documents": 20},
        "udhr_et": {"documents": ["udhr-et"]},
    },
}
SLICE_KEYS = ("documents", "first_documents", "first_beads")
WILSON_Z = 1.96  # the reliability diagrams' intervals: 95%

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
    data: Path, set_names: list[str], encoder: StateEncoder, bertalign=None, settings: Settings = SETTINGS
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
                done[key] = run_document(doc, bench.languages, encoder, settings)[0]
                if bertalign:
                    _, beads = run_bertalign(bertalign, doc.source, doc.target, window_encoder)
                    theirs[key] = count([(tuple(map(int, s)), tuple(map(int, t))) for s, t in beads], doc.gold)
            runs[name].append(done[key])
            if bertalign:
                bertalign_counts[name] += theirs[key]
        print(f"  {bench.label}: {len(runs[name])} documents", file=sys.stderr, flush=True)
    return runs, (bertalign_counts if bertalign else {})


def seed_settings(seed: int) -> Settings:
    return dataclasses.replace(SETTINGS, costs=dataclasses.replace(SETTINGS.costs, seed=seed))


def seed_spread(
    data: Path, encoder: StateEncoder, seeds: list[int], shipped: dict[str, list[DocumentRun]]
) -> dict[str, dict[str, dict]]:
    """Per set and for strict and lax F1: the value at the shipped seed, and the mean, min, max and each value
    over `seeds` (every set aligned again with each seed but the shipped one, whose runs are `shipped`)."""
    per_seed = {
        seed: shipped
        if seed == SETTINGS.costs.seed
        else run_sets(data, list(shipped), encoder, None, seed_settings(seed))[0]
        for seed in seeds
    }
    spread: dict[str, dict[str, dict]] = {}
    for name, runs in shipped.items():
        spread[name] = {}
        for key in ("strict_f1", "lax_f1"):
            values = [scores(per_seed[seed][name])[key] for seed in seeds]
            spread[name][key] = {
                "shipped": scores(runs)[key],
                "mean": float(np.mean(values)),
                "min": min(values),
                "max": max(values),
                "by_seed": dict(zip(map(str, seeds), values)),
            }
    return spread


def format_seed_table(spread: dict[str, dict[str, dict]], seeds: list[int]) -> str:
    shipped = SETTINGS.costs.seed
    header = ["set"] + [
        f"{kind} F1 {stat}"
        for kind in ("strict", "lax")
        for stat in (f"seed {shipped} (shipped)", "mean", "min", "max")
    ]
    rows = [
        [BENCH_SETS[name].label]
        + [
            f"{spread[name][key][stat]:.4f}"
            for key in ("strict_f1", "lax_f1")
            for stat in ("shipped", "mean", "min", "max")
        ]
        for name in spread
    ]
    title = f"strict/lax F1 over CostParams.seed (the background sample's seed) = {' '.join(map(str, seeds))}"
    return title + "\n" + format_table(header, rows)


def wilson_interval(correct: int, total: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a share `correct` / `total` (total > 0)."""
    share, z2 = correct / total, WILSON_Z**2
    centre = (share + z2 / (2 * total)) / (1 + z2 / total)
    half = WILSON_Z * np.sqrt(share * (1 - share) / total + z2 / (4 * total**2)) / (1 + z2 / total)
    return centre - half, centre + half


def require_matplotlib(parser: argparse.ArgumentParser) -> None:
    """--plots needs matplotlib: said at once, before hours of aligning (and the JSON) are lost to the import."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        parser.error("--plots needs matplotlib, which the bench extra installs: pip install -e '.[bench]'")


def write_reliability_diagrams(directory: Path, runs: dict[str, list[DocumentRun]]) -> None:
    """One PNG per set: accuracy against confidence in 10 equal-width bins, for pair beads and for 1-0/0-1 beads,
    each bin's point with its bead count and 95% Wilson interval, over the share of beads in each bin."""
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
            x = np.array([confidence[beads][bins == k].mean() for k in shown])
            n = np.array([(bins == k).sum() for k in shown])
            hits = [int(correct[beads][bins == k].sum()) for k in shown]
            y = np.array(hits) / n
            low, high = np.array([wilson_interval(c, int(size)) for c, size in zip(hits, n)]).reshape(-1, 2).T
            error = np.clip([y - low, high - y], 0.0, None)  # rounding can put an end a hair past the share
            line = curve.errorbar(x, y, yerr=error, marker=marker, capsize=3, label=f"{kind} ({beads.sum()})")
            for xk, yk, nk in zip(x, y, n):
                curve.annotate(
                    str(nk),
                    (xk, yk),
                    xytext=(4, -10),
                    textcoords="offset points",
                    fontsize=7,
                    color=line[0].get_color(),
                )
            counts.hist(confidence[beads], bins=edges, alpha=0.6, label=kind)
        curve.set(
            ylabel="share strictly correct (95% Wilson interval)",
            xlim=(0, 1.05),
            ylim=(-0.05, 1.05),
            title=BENCH_SETS[name].label,
        )
        curve.legend(loc="upper left", fontsize="small")
        counts.set(xlabel="confidence", ylabel="beads", yscale="log")
        figure.tight_layout()
        path = directory / f"{name}.png"
        figure.savefig(path.with_suffix(".tmp.png"), dpi=100)
        plt.close(figure)
        path.with_suffix(".tmp.png").replace(path)  # atomically: the old diagram or the whole new one


def select_documents(spec: dict, docs: list[GoldDocument]) -> list[GoldDocument]:
    """The gold documents (in set order) that a slice spec names: by name or the first N, each cut after its first
    `first_beads` gold beads where the spec says so."""
    if "documents" in spec:
        wanted = set(spec["documents"])
        docs = [doc for doc in docs if doc.name in wanted]
    else:
        docs = docs[: spec["first_documents"]]
    return [first_beads(doc, spec["first_beads"]) for doc in docs] if "first_beads" in spec else docs


def slice_runs(set_name: str, spec: dict, data: Path, encoder: StateEncoder) -> list[DocumentRun]:
    """The regression slice of one set aligned and scored, as the floor is recorded and checked."""
    bench = BENCH_SETS[set_name]
    return [run_document(doc, bench.languages, encoder)[0] for doc in select_documents(spec, bench.load(data))]


def load_floor() -> dict:
    """The regression-floor file, or the default slice (no floors yet) when it does not exist."""
    if REGRESSION_FLOOR.is_file():
        return json.loads(REGRESSION_FLOOR.read_text(encoding="utf-8"))
    return DEFAULT_REGRESSION_SLICE


def updated_floor(floor: dict, data: Path, encoder: StateEncoder, run_signature: str) -> dict:
    slices = {}
    for name, spec in floor["slices"].items():
        kept = {k: v for k, v in spec.items() if k in SLICE_KEYS}
        slices[name] = {**kept, "strict_f1": round(strict_f1(slice_runs(name, kept, data, encoder)), 4)}
    return {"tolerance": floor["tolerance"], "signature": run_signature, "slices": slices}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--sets", nargs="+", choices=list(BENCH_SETS), default=list(BENCH_SETS))
    parser.add_argument("--plots", type=Path, metavar="DIR", help="write a reliability diagram per set here")
    parser.add_argument("--no-bertalign", action="store_true", help="leave Bertalign out even where it is installed")
    parser.add_argument(
        "--model",
        metavar="NAME_OR_PATH",
        help="align with this sentence-transformers model (a folder or a cached name) instead of USE",
    )
    parser.add_argument(
        "--seeds",
        nargs="+",
        type=int,
        metavar="N",
        help="also align every set with each of these background-sample seeds and print the F1 spread",
    )
    parser.add_argument(
        "--update-floor",
        action="store_true",
        help=f"rewrite {REGRESSION_FLOOR.name} from this run's strict F1 on the regression slice",
    )
    args = parser.parse_args(argv)
    if args.plots:
        require_matplotlib(parser)
    if args.update_floor and args.model:
        parser.error("--update-floor records the floor of the embedded USE encoder: leave --model out")
    floor = load_floor()

    encoder = warmed_up(resolve_encoder(args.model)) if args.model else warmed_up_encoder()
    bertalign = None if args.no_bertalign else load_bertalign()
    runs, bertalign_counts = run_sets(args.data, args.sets, encoder, bertalign)
    summaries = {name: summarise(runs[name]) for name in args.sets}
    for name, counts in bertalign_counts.items():
        summaries[name].update({f"bertalign_{key}": value for key, value in counts.scores().items()})
    spread = seed_spread(args.data, encoder, args.seeds, runs) if args.seeds else None
    run_signature = signature(encoder, SETTINGS)

    print(run_signature)
    if args.model:
        print(
            f"model: {encoder.name}; the confidence model was fitted on USE's distances, so these confidences "
            "(and Brier, ECE) are not calibrated by it"
        )
    encoder_label = "the same encoder, " + encoder.name if args.model else "the same USE encoder"
    print(
        f"Bertalign {bertalign_version()}, default settings, {encoder_label}"
        if bertalign
        else "Bertalign: not run (" + ("--no-bertalign" if args.no_bertalign else "not installed") + ")"
    )
    columns = [column for column in COLUMNS if bertalign or not column[1] or not column[1].startswith("bertalign")]
    for table in (columns, CALIBRATION_COLUMNS):
        rows = [
            [BENCH_SETS[name].label] + [summary[key] for _, key in table[1:]] for name, summary in summaries.items()
        ]
        print(format_table([title.strip() for title, _ in table], rows))
    if spread is not None:
        print(format_seed_table(spread, args.seeds))
    write_json_report(
        args.json, {"signature": run_signature, "sets": summaries, **({"seeds": spread} if spread is not None else {})}
    )
    if args.plots:
        write_reliability_diagrams(args.plots, runs)
        print(f"wrote {len(args.sets)} reliability diagrams to {args.plots}")
    if args.update_floor:
        write_json_atomically(REGRESSION_FLOOR, updated_floor(floor, args.data, encoder, run_signature))
        print(f"wrote {REGRESSION_FLOOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
