"""Batch throughput: the same corpus through every engine, side by side, each in a fresh process.

    python benchmarks/batch.py --data ../shared/bench [--workers N] [--limit K] [--json out.json]

The corpus: every WMT22 ru-en document (227, about 9 segments a side), the five TransRead en-fr novels
and the six MAC-Dev zh-en chapters, one unit per line (pre-split, languages given). Rows, each run in a
new Python process (so every row pays its own model loads):

- `plain loop`: `aligner.align` called on each pair in turn, one process: the baseline;
- `align_many, 1 process`, `N processes`, `Dask, N workers` (a local cluster, its start included);
- `aligner batch, 1 process`: the CLI's path, with the checks and the jsonl+tmx files written;
- `--cache, first run` and `--cache, second run`: `align_many` with N processes and an embedding cache,
  empty and then filled.

Columns: wall seconds, pairs/s, units/s (units of both sides), the overhead against the plain loop, the
parallel efficiency (throughput / (workers x 1-process throughput)), the CPU seconds of all the row's
processes (steadier than wall time on a shared machine) and their overhead against the loop, and the
peak RSS of the largest worker process. The load average of the machine is printed before and after:
other work on it skews every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_data import _lines, wmt22  # noqa: E402
from harness import write_json_report  # noqa: E402

ROWS = ("loop", "many-1", "many-N", "dask-N", "cli-1", "cache-cold", "cache-warm")
LABELS = {
    "loop": "plain loop of align()",
    "many-1": "align_many, 1 process",
    "many-N": "align_many, N processes",
    "dask-N": "Dask local cluster, N workers",
    "cli-1": "aligner batch, 1 process (checks, jsonl+tmx)",
    "cache-cold": "--cache, first run, N processes",
    "cache-warm": "--cache, second run, N processes",
}


def corpus(data: Path, limit: int | None):
    """PairInputs of the benchmark corpus, WMT22 first, then the books."""
    from aligner import PairInput

    pairs = [
        PairInput(f"wmt22-{doc.name}", list(doc.source), list(doc.target), "ru", "en")
        for doc in wmt22(data, "all", perturbed=False)
    ]
    for folder, source, target in (("transread_enfr", "en", "fr"), ("mac_zhen/dev", "zh", "en")):
        root = data / folder
        for path in sorted((root / source).iterdir()):
            pairs.append(
                PairInput(
                    f"{folder.split('_')[0]}-{path.name}",
                    list(_lines(path)),
                    list(_lines(root / target / path.name)),
                    source,
                    target,
                )
            )
    if limit:  # a quick look: a few WMT22 documents and the first book of each set
        pairs = [*pairs[:limit], pairs[227], pairs[232]]
    return pairs


def run_row(row: str, data: Path, workers: int, limit: int | None, cache: str) -> dict:
    """One row, in this (fresh) process: seconds, pairs, units, failures, peak RSS of the largest worker."""
    import aligner
    from aligner.batch import local_dask_client
    from aligner.batch_run import RenderJob, run_batch

    pairs = corpus(data, limit)
    units = sum(len(pair.source) + len(pair.target) for pair in pairs)
    worker_rss = None
    start = time.perf_counter()
    if row == "loop":
        for p in pairs:
            aligner.align(p.source, p.target, source_language=p.source_language, target_language=p.target_language)
        failed = 0
    elif row == "cli-1":
        with tempfile.TemporaryDirectory() as out_dir:
            summary = run_batch(pairs, Path(out_dir), RenderJob(), workers=1)
        failed = summary.failed
    elif row == "dask-N":
        with local_dask_client(workers) as client:
            failed = sum(not r.ok for r in aligner.align_many(pairs, client=client))
            worker_rss = max(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).values())
    else:
        count = 1 if row == "many-1" else workers
        results = aligner.align_many(pairs, workers=count, cache=cache if row.startswith("cache") else None)
        failed = sum(not result.ok for result in results)
    seconds = time.perf_counter() - start
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    if worker_rss is None:
        worker_rss = (own if row in ("loop", "many-1", "cli-1") else children).ru_maxrss
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime  # Dask's workers: via their nannies
    return {
        "row": row,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "pairs": len(pairs),
        "units": units,
        "failed": failed,
        "peak_rss_mib": worker_rss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=None, help="only the first K WMT22 documents and two books")
    parser.add_argument("--rows", nargs="+", choices=ROWS, default=list(ROWS))
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--row", choices=ROWS, help=argparse.SUPPRESS)  # internal: run one row, print JSON
    parser.add_argument("--cache", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.row:
        print(json.dumps(run_row(args.row, args.data, args.workers, args.limit, args.cache)))
        return
    print(
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores; "
        f"N = {args.workers}"
    )
    figures = {}
    with tempfile.TemporaryDirectory() as cache:
        for row in args.rows:
            command = [
                sys.executable,
                __file__,
                "--data",
                str(args.data),
                "--workers",
                str(args.workers),
                "--row",
                row,
                "--cache",
                cache,
            ] + (["--limit", str(args.limit)] if args.limit else [])
            figures[row] = json.loads(
                subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()[-1]
            )
            print(f"  {LABELS[row]}: {figures[row]['seconds']:.1f} s", file=sys.stderr)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    table(figures, args.workers)
    write_json_report(args.json, figures)


def table(figures: dict, workers: int) -> None:
    first = next(iter(figures.values()))
    print(f"{first['pairs']} pairs, {first['units']} units")
    print(
        f"{'row':<48} {'seconds':>8} {'pairs/s':>8} {'units/s':>8} {'vs loop':>8} {'efficiency':>10} "
        f"{'CPU s':>7} {'CPU vs loop':>11} {'peak RSS/worker':>16} {'failed':>6}"
    )
    loop, single = figures.get("loop"), figures.get("many-1")
    for row, f in figures.items():
        rate = f["pairs"] / f["seconds"]
        overhead = f"{f['seconds'] / loop['seconds'] - 1:+.1%}" if loop else ""
        cpu_overhead = f"{f['cpu_seconds'] / loop['cpu_seconds'] - 1:+.1%}" if loop else ""
        count = workers if row.endswith("N") or row.startswith("cache") else 1
        efficiency = f"{single['seconds'] / (count * f['seconds']):.2f}" if single and count > 1 else ""
        print(
            f"{LABELS[row].replace('N ', f'{workers} '):<48} {f['seconds']:>8.1f} {rate:>8.2f} "
            f"{f['units'] / f['seconds']:>8.0f} {overhead:>8} {efficiency:>10} "
            f"{f['cpu_seconds']:>7.1f} {cpu_overhead:>11} {f['peak_rss_mib']:>12.0f} MiB "
            f"{f['failed']:>6}"
        )


if __name__ == "__main__":
    main()
