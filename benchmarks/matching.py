"""Counterpart search on WMT22 ru-en: pair 227 Russian documents with their shuffled English
translations, then again with some English documents removed; prints a table, writes JSON.

    python benchmarks/matching.py --data ../shared/bench --json matching.json

Pairing accuracy: share of the sources whose translation is present that are paired with it.
No-match accuracy: share of the sources whose translation was removed that are left unmatched.
Each run starts with an empty embedding cache, so its time includes encoding every text once.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_data import wmt22
from harness import write_json_report

from aligner import Document, match_corpus, read
from aligner.counterparts import DEFAULT_THRESHOLD, DEFAULT_TOP_K
from aligner.embed import CachedEncoder, USEEncoder


def run(
    sources: list[Document],
    targets: list[Document],
    truth: dict[str, str],
    encoder: USEEncoder,
    top_k: int,
    threshold: float,
) -> dict[str, float | int | None]:
    """Pair `sources` with `targets`; `truth` maps a source name to its target's name (absent: removed)."""
    start = time.perf_counter()
    pairing = match_corpus(sources, targets, CachedEncoder(encoder), top_k=top_k, threshold=threshold)
    seconds = time.perf_counter() - start
    paired = {pair.source_name: pair.target_name for pair in pairing.pairs}
    present = [s.name for s in sources if s.name in truth]
    absent = [s.name for s in sources if s.name not in truth]
    correct = sum(paired.get(name) == truth[name] for name in present)
    left_unmatched = sum(name not in paired for name in absent)
    return {
        "sources": len(sources),
        "targets": len(targets),
        "pairing_accuracy": correct / len(present) if present else None,
        "no_match_accuracy": left_unmatched / len(absent) if absent else None,
        "accuracy": (correct + left_unmatched) / len(sources),
        "wrong_pairs": len(paired) - correct,
        "seconds": round(seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared bench directory (holds wmt22_ruen/)")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--seed", type=int, default=0, help="seed of the shuffle and of the removed documents")
    parser.add_argument("--remove", type=int, default=50, help="English documents removed in the second run")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N documents (in name order)")
    parser.add_argument("--top-k", type=int, default=DEFAULT_TOP_K)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()

    docs = wmt22(args.data, "all", perturbed=False)[: args.limit]
    sources = [replace(read(list(doc.source)), name=doc.name) for doc in docs]
    english = [replace(read(list(doc.target)), name=f"en/{doc.name}") for doc in docs]
    rng = np.random.default_rng(args.seed)
    shuffled = [english[k] for k in rng.permutation(len(english))]
    removed = {english[k].name for k in rng.choice(len(english), size=args.remove, replace=False)}
    truth = {doc.name: f"en/{doc.name}" for doc in docs}

    encoder = USEEncoder()
    encoder.encode(["warm-up"])  # load the model outside the timed runs
    results = {
        "all": run(sources, shuffled, truth, encoder, args.top_k, args.threshold),
        f"{args.remove}_removed": run(
            sources,
            [d for d in shuffled if d.name not in removed],
            {s: t for s, t in truth.items() if t not in removed},
            encoder,
            args.top_k,
            args.threshold,
        ),
    }

    columns = ("sources", "targets", "pairing_accuracy", "no_match_accuracy", "accuracy", "wrong_pairs", "seconds")
    print(f"WMT22 ru-en counterpart search (seed {args.seed}, top_k {args.top_k}, threshold {args.threshold})")
    print(f"{'run':<12} " + " ".join(f"{c:>17}" for c in columns))
    for name, row in results.items():
        print(f"{name:<12} " + " ".join(f"{_cell(row[c], c):>17}" for c in columns))
    write_json_report(args.json, {"seed": args.seed, "top_k": args.top_k, "threshold": args.threshold, "runs": results})


def _cell(value: float | int | None, column: str) -> str:
    if value is None:  # e.g. no-match accuracy when no translation was removed
        return "-"
    return f"{value:.4f}" if isinstance(value, float) and column != "seconds" else str(value)


if __name__ == "__main__":
    main()
