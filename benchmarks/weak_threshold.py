"""Where the `weak` check's error tier lies: its statistics on the right pairs the aligner finds in the dev pool and
on made wrong pairs (a unit replaced by a related text that does not translate it); prints the trade-off table.

    python benchmarks/weak_threshold.py --data ../shared/bench [--seeds ../shared/seeds] [--json out.json]

Right pairs: the aligner's pairs that are a gold bead exactly, in the dev documents (`fit_confidence.dev_families`
and WMT22 dev clean) and in their substituted versions. Wrong pairs: those holding a replaced unit of
`bench_data.substituted`; and the seed pair with one English body paragraph (3 to 10) replaced by each paragraph
of 12 words or more of the three other English statements (the same events, not translations). A weak pair (a
`weak` finding) has a robust z and a distance ratio (its cosine distance over the document's median pair's, the
finding's evidence); each rule of the table makes some of them errors. Columns: per family, the right pairs a rule
makes errors; then the replaced pairs it catches, of all in a pair and of those at confidence >= 0.5 (the ones no
low-confidence error holds back). Dev data only. About 2 minutes of CPU.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_data import GoldDocument, substituted, wmt22
from checks_mutations import DEFAULT_SEEDS, EN_FILE, RU_FILE, seed_source_of
from fit_confidence import ONE_TEXT_FAMILIES, dev_families
from harness import write_json_report

from aligner import read
from aligner.checks import check
from aligner.embed import CachedEncoder, USEEncoder
from aligner.pipeline import Settings, align_documents
from aligner.types import Alignment

SEED_OTHERS = ("en-2021-press-release.txt", "en-2023-statement.txt", "en-2026-statement.md")
MIN_WORDS = 12  # a seed replacement is a paragraph, not a date line
CONFIDENT = 0.5

Rule = Callable[[float, float], bool]  # (robust z, distance ratio) of a weak pair -> an error?
RULES: dict[str, Rule] = {
    "every weak pair (z >= 4, 2x)": lambda z, ratio: True,
    "z >= 5": lambda z, ratio: z >= 5,
    "z >= 6": lambda z, ratio: z >= 6,
    "z >= 7 (before)": lambda z, ratio: z >= 7,
    "3x": lambda z, ratio: ratio >= 3,
    "z >= 7 or 2.5x": lambda z, ratio: z >= 7 or ratio >= 2.5,
    "z >= 7 or 3x (now)": lambda z, ratio: z >= 7 or ratio >= 3,
    "z >= 7 or 3.5x": lambda z, ratio: z >= 7 or ratio >= 3.5,
}


def weak_pairs(alignment: Alignment, gold: set, replaced: frozenset[int]) -> Iterator[tuple[str, float, float, float]]:
    """(label, confidence, robust z, distance ratio) of every pair of `alignment`, the label "right" (a gold bead),
    "wrong" (it holds a replaced unit) or ""; z and ratio are 0 for a pair the weak check does not report."""
    flagged = {
        f.bead: (float(dict(f.evidence)["robust_z"]), float(dict(f.evidence)["distance_ratio"]))
        for f in check(alignment, checks=("weak",))
    }
    for index, bead in enumerate(alignment.beads):
        if bead.source and bead.target:
            label = "wrong" if set(bead.target) & replaced else "right" if (bead.source, bead.target) in gold else ""
            yield (label, bead.confidence, *flagged.get(index, (0.0, 0.0)))


def dev_cases(data: Path) -> Iterator[tuple[str, GoldDocument, frozenset[int]]]:
    """(family, document, replaced target units) for the dev documents and their substituted versions."""
    families = dev_families(data)
    for name, docs in families.items():
        yield from ((name, doc, frozenset()) for doc in docs)
        yield from ((name, doc, replaced) for doc, replaced in substituted(docs, name in ONE_TEXT_FAMILIES))
    yield from (("WMT22 dev clean", doc, frozenset()) for doc in wmt22(data, "dev", perturbed=False))


def seed_cases(seeds: Path) -> Iterator[tuple[list[str], list[str], set, frozenset[int]]]:
    """(source, target, gold, replaced) for the seed pair and its versions with a body paragraph replaced."""
    source = [unit.text for unit in read(seeds / RU_FILE).paragraphs]
    target = [unit.text for unit in read(seeds / EN_FILE).paragraphs]
    gold = {((seed_source_of(0),), (0, 1))} | {((seed_source_of(k),), (k,)) for k in range(2, len(target))}
    others = [
        unit.text
        for name in SEED_OTHERS
        for unit in read(seeds / name).paragraphs
        if len(unit.text.split()) >= MIN_WORDS
    ]
    yield source, target, gold, frozenset()
    for k in range(2, len(target) - 1):  # not the title and date, nor "Long Live Azerbaijan!"
        for other in others:
            yield source, [*target[:k], other, *target[k + 1 :]], gold, frozenset({k})


def parse_arguments(argv: list[str] | None, doc: str) -> argparse.Namespace:
    """--data, --seeds and --json, as the benchmarks of the weak check take them; `doc` is the script's docstring."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--json", type=Path, help="also write the table here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv, __doc__)
    encoder = CachedEncoder(USEEncoder())
    pairs: list[tuple[str, str, float, float, float]] = []  # (family, label, confidence, z, ratio)
    for family, doc, replaced in dev_cases(args.data):
        alignment = align_documents(read(list(doc.source)), read(list(doc.target)), encoder, Settings())
        pairs += [(family, *pair) for pair in weak_pairs(alignment, set(doc.gold), replaced)]
    for source, target, gold, replaced in seed_cases(args.seeds):
        alignment = align_documents(read(source), read(target), encoder, Settings())
        pairs += [("seed", *pair) for pair in weak_pairs(alignment, gold, replaced)]
    families = list(dict.fromkeys(family for family, *_ in pairs))
    right = Counter(family for family, label, *_ in pairs if label == "right")
    wrong = {
        "dev": [(c, z, r) for family, label, c, z, r in pairs if label == "wrong" and family != "seed"],
        "seed": [(c, z, r) for family, label, c, z, r in pairs if label == "wrong" and family == "seed"],
    }
    print("right pairs made errors, per family (of the right pairs); replaced pairs caught: all, at confidence >= 0.5")
    columns = [*families, "dev replaced", "dev >= 0.5", "seed replaced", "seed >= 0.5"]
    print(f"{'rule':<30}" + "".join(f"{column:>16}" for column in columns))
    table = {}
    for name, rule in RULES.items():
        cells = [
            f"{sum(1 for f, label, _, z, r in pairs if f == family and label == 'right' and z and rule(z, r))}"
            f"/{right[family]}"
            for family in families
        ]
        for group in ("dev", "seed"):
            for least in (0.0, CONFIDENT):
                chosen = [(z, r) for c, z, r in wrong[group] if c >= least]
                cells.append(f"{sum(1 for z, r in chosen if z and rule(z, r))}/{len(chosen)}")
        print(f"{name:<30}" + "".join(f"{cell:>16}" for cell in cells), flush=True)
        table[name] = dict(zip(columns, cells, strict=True))
    write_json_report(args.json, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
