"""Sentence alignment with the documents' own paragraphs (hierarchical) against one flat pass over sentences.

    python benchmarks/sentence_level.py --data ../shared/bench [--json out.json]

The gold sets whose sentences carry paragraph numbers: the TransRead books with `para/`
(Alice, Voyage au centre de la Terre: real m-n sentence beads, paragraphs that differ
between the original and the translation) and the clean WMT22 documents (`para/`; 1-1).
Each document is given as paragraphs of its gold sentences (`aligner.read(list[list[str]])`,
the caller's segmentation kept) and aligned at level="sentence": paragraphs first, then the
sentences inside each paragraph bead. The flat run gives the same sentences as one list of
units (level="paragraph" on one-sentence units). Strict/lax F1 are scored on sentence ids
(aligner/evaluate.py); times are this process's CPU seconds for `align_documents` with
every unit's state already cached (so they compare the alignment work alone).

A third row aligns the same paragraphs at level="paragraph" and scores them against the
paragraph gold the sentence gold implies (`paragraph_gold`: paragraphs linked by a gold
sentence bead form one paragraph bead), the stage the hierarchical alignment starts from.
A fourth (`re-broken`) is the hierarchical alignment with the source paragraphs re-broken
(`rebroken`: the last sentence of every 5th paragraph opens the next one), against the same
sentence gold.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_data import GoldDocument, folder, wmt22
from harness import format_table, write_json_report

import aligner
from aligner.embed import CachedEncoder, USEEncoder
from aligner.evaluate import BeadIds, Counts, count
from aligner.pipeline import Settings, align_documents


def paragraphs(sentences: tuple[str, ...], numbers: list[int]) -> list[list[str]]:
    """Consecutive sentences with the same paragraph number, as one paragraph each."""
    grouped: list[list[str]] = []
    previous = None
    for sentence, number in zip(sentences, numbers):
        if number != previous:
            grouped.append([])
            previous = number
        grouped[-1].append(sentence)
    return grouped


def rebroken(grouped: list[list[str]], every: int = 5) -> list[list[str]]:
    """The paragraphs with the last sentence of every `every`-th one (of two sentences or more) moved to the start
    of the next, as a translator re-breaking paragraphs does (trial7 D1); the sentences keep their order, so the
    sentence gold holds."""
    moved = [list(paragraph) for paragraph in grouped]
    for k in range(every - 1, len(moved) - 1, every):
        if len(moved[k]) >= 2:
            moved[k + 1].insert(0, moved[k].pop())
    return moved


def _numbers(path: Path) -> list[int]:
    return [int(line) for line in path.read_text(encoding="utf-8").split()]


def transread_documents(data: Path) -> list[tuple[GoldDocument, list[int], list[int]]]:
    root = data / "transread_enfr"
    books = {p.name for p in (root / "para" / "en").iterdir()}
    return [
        (doc, _numbers(root / "para" / "en" / doc.name), _numbers(root / "para" / "fr" / doc.name))
        for doc in folder(root, "en", "fr")
        if doc.name in books
    ]


def wmt22_documents(data: Path) -> list[tuple[GoldDocument, list[int], list[int]]]:
    root = data / "wmt22_ruen" / "para"
    return [(doc, _numbers(root / doc.name), _numbers(root / doc.name)) for doc in wmt22(data, "all", perturbed=False)]


SETS = {
    "TransRead en-fr (Alice, Voyage)": (transread_documents, ("en", "fr")),
    "WMT22 ru-en clean, all": (wmt22_documents, ("ru", "en")),
}


def paragraph_gold(doc: GoldDocument, src_numbers: list[int], tgt_numbers: list[int]) -> list[BeadIds]:
    """The paragraph beads the sentence gold implies: the paragraphs (0-based, in the order of `paragraphs`)
    linked through gold sentence beads, each connected group one bead; a paragraph of unpaired sentences alone."""
    src_of = _paragraph_ordinals(src_numbers)
    tgt_of = _paragraph_ordinals(tgt_numbers)
    group: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while group.setdefault(node, node) != node:
            node = group[node]
        return node

    for src, tgt in doc.gold:
        nodes = [("source", src_of[i]) for i in src] + [("target", tgt_of[j]) for j in tgt]
        for node in nodes[1:]:
            group[root(node)] = root(nodes[0])
        root(nodes[0])
    members: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for node in list(group):
        members.setdefault(root(node), []).append(node)
    beads = [
        (
            tuple(sorted(k for side, k in nodes if side == "source")),
            tuple(sorted(k for side, k in nodes if side == "target")),
        )
        for nodes in members.values()
    ]
    return sorted(beads, key=lambda bead: (min(bead[0], default=-1), min(bead[1], default=-1)))


def _paragraph_ordinals(numbers: list[int]) -> list[int]:
    """Each sentence's paragraph as a 0-based position among the runs of equal numbers (as `paragraphs` groups)."""
    ordinals, previous, current = [], None, -1
    for number in numbers:
        if number != previous:
            current, previous = current + 1, number
        ordinals.append(current)
    return ordinals


def run_set(documents, languages: tuple[str, str], encoder: CachedEncoder) -> dict[str, dict[str, float]]:
    totals = {mode: [Counts(), 0.0] for mode in ("hierarchical", "flat", "paragraphs", "re-broken")}
    for doc, src_numbers, tgt_numbers in documents:
        source_paragraphs, target_paragraphs = paragraphs(doc.source, src_numbers), paragraphs(doc.target, tgt_numbers)
        inputs = {
            "hierarchical": (source_paragraphs, target_paragraphs, "sentence", list(doc.gold)),
            "flat": (list(doc.source), list(doc.target), "paragraph", list(doc.gold)),
            "paragraphs": (
                source_paragraphs,
                target_paragraphs,
                "paragraph",
                paragraph_gold(doc, src_numbers, tgt_numbers),
            ),
            "re-broken": (rebroken(source_paragraphs), target_paragraphs, "sentence", list(doc.gold)),
        }
        for mode, (source, target, level, gold) in inputs.items():
            source_doc = aligner.read(source, language=languages[0])
            target_doc = aligner.read(target, language=languages[1])
            settings = Settings(level=level)
            align_documents(source_doc, target_doc, encoder, settings)  # fills the cache: not timed
            started = time.process_time()
            result = align_documents(source_doc, target_doc, encoder, settings)
            totals[mode][1] += time.process_time() - started
            totals[mode][0] += count([(b.source, b.target) for b in result.beads], gold)
    return {mode: {**counts.scores(), "align_cpu_seconds": seconds} for mode, (counts, seconds) in totals.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    encoder = CachedEncoder(USEEncoder())
    results = {}
    rows = []
    for label, (load, languages) in SETS.items():
        documents = load(args.data)
        results[label] = run_set(documents, languages, encoder)
        for mode, scores in results[label].items():
            rows.append(
                [
                    label,
                    len(documents),
                    mode,
                    scores["strict_precision"],
                    scores["strict_recall"],
                    scores["strict_f1"],
                    scores["lax_f1"],
                    scores["align_cpu_seconds"],
                ]
            )
    print(
        format_table(["set", "docs", "alignment", "P strict", "R strict", "F1 strict", "F1 lax", "align cpu s"], rows)
    )
    write_json_report(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
