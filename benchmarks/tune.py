"""Tune the cost parameters on dev data only (Text+Berg dev, WMT22 dev documents); prints a table.

    python benchmarks/tune.py --data ../shared/bench

The defaults in CostParams are the row with the best mean strict F1 of the two dev
sets. This grid is the coverage search (pair_bonus 1.0 and many_penalty 0 were
chosen by an earlier grid over pair_bonus 0.8-1.2 and many_penalty 0-0.03, and
checked again with the coverage term: -0.1 to 0 and 0.9 to 1.1 did no better).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_data import textberg, wmt22

from aligner import read
from aligner.costs import CostParams
from aligner.embed import CachedEncoder, USEEncoder
from aligner.evaluate import Counts, count
from aligner.pipeline import Settings, align_documents


def evaluate(docs, encoder, settings) -> dict[str, float]:
    total = Counts()
    for doc in docs:
        result = align_documents(read(list(doc.source)), read(list(doc.target)), encoder, settings)
        total += count([(b.source, b.target) for b in result.beads], doc.gold)
    return total.scores()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    sets = {"textberg_dev": textberg(args.data, "dev"), "wmt22_dev": wmt22(args.data, "dev")}
    encoder = CachedEncoder(USEEncoder())
    grid = {
        "coverage_weight": [0.0, 0.5, 1.0, 2.0],
        "coverage_threshold": [0.85, 0.9, 1.0],
        "coverage_length": [1.0, 100.0, 200.0],  # 1.0: no damping for short units
        "skip": [0.05, 0.1, 0.15],
        "length_weight": [0.25, 0.4],
    }
    combos = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    # with the coverage term off, its threshold and length change nothing: one row of those is enough
    combos = [c for c in combos if c["coverage_weight"] or (c["coverage_threshold"], c["coverage_length"])
              == (grid["coverage_threshold"][0], grid["coverage_length"][0])]
    print(" ".join(grid) + " | " + " | ".join(f"{name} strict/lax" for name in sets) + " | mean strict")
    for combo in combos:
        params = replace(CostParams(), **combo)
        scores = {name: evaluate(docs, encoder, Settings(level="paragraph", costs=params)) for name, docs in sets.items()}
        cells = " | ".join(f"{s['strict_f1']:.4f}/{s['lax_f1']:.4f}" for s in scores.values())
        mean = sum(s["strict_f1"] for s in scores.values()) / len(scores)
        print(" ".join(str(v) for v in combo.values()), "|", cells, f"| {mean:.4f}", flush=True)


if __name__ == "__main__":
    main()
