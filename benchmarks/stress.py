"""How the aligner holds up on documents that are not a clean translation: time, memory, accuracy, honesty.

    python benchmarks/stress.py --data ../shared/bench [--size 8000] [--seeds ../shared/seeds] [--json out.json]

Each case starts from the long document of scaling.py (bench documents concatenated,
`--size` source units, gold beads shifted) and changes it:
- intact: as it is;
- source gap / target gap: 1,000 consecutive units cut from the middle of one side
  (their counterparts become 1-0/0-1 gold beads);
- shuffled blocks: the target side's beads in blocks of 10, the blocks in a seeded random
  order (the gold is no longer monotone, so no monotone aligner can get most of it right:
  what matters is that its confidence says so);
- repeated block: one stretch of 500 beads appears three times in a row on both sides.
Per case: align wall and CPU seconds (states looked up, as in scaling.py), tracemalloc
peak, strict F1, document confidence, how many predicted pairs and how many 1-0/0-1 beads are
wrong with confidence >= 0.5, and how many `order`, `moved` and omission/addition findings the
checks give.
With --seeds, the seed pair with its English paragraphs shuffled is also aligned with the
real encoder, and its document confidence and findings are printed.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

from harness import SETTINGS, Stopwatch, format_table, write_json_report
from scaling import LookupEncoder, concatenated, encode_pool, pool, with_gap

import aligner
from aligner import Document, read
from aligner.evaluate import BeadIds, bead_correctness, count

Case = tuple[Document, Document, list[BeadIds]]


def units(document: Document) -> list[str]:
    return [unit.text for unit in document.paragraphs]


def shuffled_blocks(source: Document, target: Document, gold: list[BeadIds], block: int = 10, seed: int = 0) -> Case:
    """The target side cut where every `block`-th gold bead starts, the pieces put in a seeded random order."""
    texts = units(target)
    firsts = [min(t) for _, t in gold if t]
    cuts = sorted({0, *firsts[block::block], len(texts)})
    pieces = [range(a, b) for a, b in itertools.pairwise(cuts)]
    order = np.random.default_rng(seed).permutation(len(pieces))
    moved = [j for k in order for j in pieces[k]]
    new_position = {old: new for new, old in enumerate(moved)}
    new_gold = [(src, tuple(sorted(new_position[j] for j in tgt))) for src, tgt in gold]
    return source, read([texts[j] for j in moved], language="mul"), new_gold


def repeated_block(source: Document, target: Document, gold: list[BeadIds], beads: int = 500, times: int = 3) -> Case:
    """Beads [start, start + beads) of the middle of the document repeated `times` times in a row on both sides."""
    start = len(gold) // 2 - beads // 2
    stretch = gold[start : start + beads]
    src_texts, tgt_texts = units(source), units(target)
    src_at = min((i for s, _ in stretch for i in s), default=0)
    tgt_at = min((j for _, t in stretch for j in t), default=0)
    src_len = sum(len(s) for s, _ in stretch)
    tgt_len = sum(len(t) for _, t in stretch)
    extra = times - 1
    new_src = src_texts[:src_at] + src_texts[src_at : src_at + src_len] * extra + src_texts[src_at:]
    new_tgt = tgt_texts[:tgt_at] + tgt_texts[tgt_at : tgt_at + tgt_len] * extra + tgt_texts[tgt_at:]

    def shifted(bead: BeadIds, ds: int, dt: int) -> BeadIds:
        return tuple(i + ds for i in bead[0]), tuple(j + dt for j in bead[1])

    copies = [shifted(b, r * src_len, r * tgt_len) for r in range(extra) for b in stretch]
    new_gold = gold[:start] + copies + [shifted(b, extra * src_len, extra * tgt_len) for b in gold[start:]]
    return read(new_src, language="mul"), read(new_tgt, language="mul"), new_gold


def measure(case: Case, encoder: LookupEncoder) -> dict[str, float]:
    from aligner.pipeline import align_documents

    source, target, gold = case
    with Stopwatch() as aligning:
        alignment = align_documents(source, target, encoder, SETTINGS)
    predicted = [(bead.source, bead.target) for bead in alignment.beads]
    correct = bead_correctness(predicted, gold)
    confident_wrong = [bead for bead, ok in zip(alignment.beads, correct) if not ok and bead.confidence >= 0.5]
    tracemalloc.start()
    align_documents(source, target, encoder, SETTINGS)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    findings = _finding_counts(alignment)
    return {
        "source_units": len(source.paragraphs),
        "target_units": len(target.paragraphs),
        "seconds": aligning.wall,
        "cpu_seconds": aligning.cpu,
        "tracemalloc_peak_mib": peak / 2**20,
        "strict_f1": count(predicted, gold).scores()["strict_f1"],
        "document_confidence": alignment.confidence,
        "beads": len(predicted),
        "wrong_pairs_at_0.5": sum(bead.is_pair for bead in confident_wrong),
        "wrong_unpaired_at_0.5": sum(not bead.is_pair for bead in confident_wrong),
        **findings,
    }


def _finding_counts(alignment) -> dict[str, int]:
    """How many `order`, `moved` and omission/addition findings the checks give."""
    findings = alignment.check()
    return {
        "order_findings": sum(1 for f in findings if f.check == "order"),
        "moved_findings": sum(1 for f in findings if f.check == "moved"),
        "omission_or_addition_findings": sum(1 for f in findings if f.check in ("omission", "addition")),
    }


def shuffled_seed_pair(seeds: Path) -> dict[str, object]:
    """The seed statement pair with the English paragraphs in a seeded random order, real encoder and checks."""
    english = read(seeds / "en-2025-statement.txt")
    paragraphs = [unit.text for unit in english.paragraphs]
    random.Random(0).shuffle(paragraphs)
    alignment = aligner.align(seeds / "ru-2025-statement.md", paragraphs, target_language="en")
    return {"document_confidence": alignment.confidence, **_finding_counts(alignment)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--size", type=int, default=8000, help="source units of the long document")
    parser.add_argument("--seeds", type=Path, help="the seeds folder: also align the shuffled seed pair")
    parser.add_argument("--embeddings", type=Path, help="reuse (or fill) scaling.py's embeddings folder")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="aligner-stress-") as temporary:
        folder = args.embeddings or Path(temporary)
        if not (folder / "states.npy").is_file():
            folder.mkdir(parents=True, exist_ok=True)
            encode_pool(args.data, folder)
        texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
        encoder = LookupEncoder(texts, np.load(folder / "states.npy"))
    intact = concatenated(pool(args.data), args.size)
    cases = {
        "intact": intact,
        "source gap 1000": with_gap(*intact, "source", 1000),
        "target gap 1000": with_gap(*intact, "target", 1000),
        "shuffled blocks of 10": shuffled_blocks(*intact),
        "repeated block x3": repeated_block(*intact),
    }
    results = {}
    for name, case in cases.items():
        results[name] = measure(case, encoder)
        print(f"  {name}: {results[name]['seconds']:.1f} s", file=sys.stderr, flush=True)

    header = [
        "case",
        "src units",
        "tgt units",
        "align s",
        "align cpu s",
        "cpu / intact",
        "tracemalloc peak MiB",
        "F1 strict",
        "doc confidence",
        "beads",
        "wrong pairs >= 0.5",
        "wrong 1-0/0-1 >= 0.5",
        "order findings",
        "moved findings",
        "omission/addition",
    ]
    base = results["intact"]["cpu_seconds"]
    print(
        format_table(
            header,
            [
                [
                    name,
                    r["source_units"],
                    r["target_units"],
                    r["seconds"],
                    r["cpu_seconds"],
                    r["cpu_seconds"] / base,
                    r["tracemalloc_peak_mib"],
                    r["strict_f1"],
                    r["document_confidence"],
                    r["beads"],
                    r["wrong_pairs_at_0.5"],
                    r["wrong_unpaired_at_0.5"],
                    r["order_findings"],
                    r["moved_findings"],
                    r["omission_or_addition_findings"],
                ]
                for name, r in results.items()
            ],
        )
    )
    if args.seeds:
        seed = shuffled_seed_pair(args.seeds)
        results["seed pair, English paragraphs shuffled"] = seed
        print(
            f"seed pair, English paragraphs shuffled: document confidence {seed['document_confidence']:.3f}, "
            f"order findings {seed['order_findings']}, moved findings {seed['moved_findings']}, "
            f"omission/addition findings {seed['omission_or_addition_findings']}"
        )
    write_json_report(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
