"""The `weak` check on short documents (3 to 6 units a side): its false alarms on right pairs and what it catches
of a unit replaced by another text; prints a table per family, dev and test apart.

    python benchmarks/short_weak.py --data ../shared/bench [--seeds ../shared/seeds] [--json out.json]

A short document is a window of WIDTHS consecutive gold beads of a bench document, each bead one unit a side (its
sentences joined): the paragraph-sized documents of Text+Berg and WMT22 (`fit_confidence.dev_families`' runs of 3
gold beads, WMT22's paragraphs), the sentences of MAC-Dev and TransRead, the articles of UDHR-multi, and the seed
pair's paragraphs (each family's windows evenly spread, up to WINDOWS per width). Each window is aligned twice:
as it is, and with its middle target unit replaced by a unit of another text closest in length (the next document
of the family; one text per family or language: a unit a third of the document away; the seed pair: a paragraph of
12 words or more of the other English statements, the same events). Columns: the right pairs (a gold bead, as
aligned) given a `weak` finding, and an error; the replaced pairs (a pair holding the replaced unit) given one, and
an error; and of the replaced pairs at confidence >= 0.5 (those no low-confidence error holds back), how many are
weak errors. Test families are reported, never tuned on. About a minute of CPU.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_data import GoldDocument, grouped, textberg, wmt22, wmt22_paragraphs
from checks_mutations import EN_FILE, RU_FILE, seed_source_of
from fit_confidence import ONE_TEXT_FAMILIES, dev_families
from harness import write_json_report
from weak_threshold import MIN_WORDS, SEED_OTHERS, parse_arguments

from aligner import read
from aligner.checks import check
from aligner.embed import CachedEncoder, USEEncoder
from aligner.pipeline import Settings, align_documents

WIDTHS = (3, 4, 5, 6)
WINDOWS = 30  # per family and width, at most
SEED_REPLACEMENTS = 4  # cases per seed window: its few windows, each with several paragraphs of the other statements
CONFIDENT = 0.5


@dataclass(frozen=True)
class Window:
    family: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    donors: tuple[str, ...]  # texts the middle target unit may be replaced by
    replacements: int = 1  # how many of them, the closest in length, make a case each


def as_units(doc: GoldDocument) -> list[tuple[str, str]]:
    """`doc`'s gold beads as (source, target) texts, None for a bead with an empty side (no window crosses it)."""
    return [
        (" ".join(doc.source[i] for i in s), " ".join(doc.target[j] for j in t)) if s and t else None
        for s, t in doc.gold
    ]


def windows(family: str, docs: list[GoldDocument], one_text: bool, step: int = 0) -> Iterator[Window]:
    """The family's windows of each width, starting every `step` beads (0: the width, windows apart), evenly spread
    over all its documents; the donors of a window are the next document's target units, or with `one_text` (or a
    family of one document) those of its own document a third of it away."""
    beads = [as_units(doc) for doc in docs]
    for width in WIDTHS:
        starts = [
            (k, a)
            for k, units in enumerate(beads)
            for a in range(0, len(units) - width + 1, step or width)
            if all(units[a : a + width])
        ]
        for x in np.linspace(0, len(starts) - 1, min(WINDOWS, len(starts))) if starts else ():
            k, a = starts[int(x)]
            chunk = beads[k][a : a + width]
            middle = a + width // 2
            if one_text or len(docs) == 1:
                far = [u for u, unit in enumerate(beads[k]) if unit and abs(u - middle) >= len(beads[k]) // 3]
                donors = tuple(beads[k][u][1] for u in far)
            else:
                donors = tuple(docs[(k + 1) % len(docs)].target)
            yield Window(family, tuple(s for s, _ in chunk), tuple(t for _, t in chunk), donors)


def seed_document(seeds: Path) -> GoldDocument:
    """The seed pair by paragraph, gold as seeds/README.md gives it."""
    source = tuple(unit.text for unit in read(seeds / RU_FILE).paragraphs)
    target = tuple(unit.text for unit in read(seeds / EN_FILE).paragraphs)
    gold = (((0,), (0, 1)), *(((seed_source_of(k),), (k,)) for k in range(2, len(target))))
    return GoldDocument("seed", source, target, gold)


def seed_windows(seeds: Path) -> Iterator[Window]:
    others = tuple(
        unit.text
        for name in SEED_OTHERS
        for unit in read(seeds / name).paragraphs
        if len(unit.text.split()) >= MIN_WORDS
    )
    for window in windows("seed", [seed_document(seeds)], one_text=True, step=1):
        yield Window(window.family, window.source, window.target, others, SEED_REPLACEMENTS)


def families(data: Path, seeds: Path) -> dict[str, tuple[str, list[Window]]]:
    """family -> ("dev" or "test", its windows)."""
    out: dict[str, tuple[str, list[Window]]] = {}
    for name, docs in dev_families(data).items():
        sized = [d for d in docs if "/" in d.name or name not in ("Text+Berg dev", "WMT22 dev")]
        if name == "WMT22 dev":
            sized = wmt22_paragraphs(data, "dev") + [d for d in sized if "/" in d.name]
        out[name] = ("dev", list(windows(name, sized, name in ONE_TEXT_FAMILIES)))
    out["seed"] = ("dev", list(seed_windows(seeds)))
    tests = {
        "Text+Berg test": [grouped(d, 3) for d in textberg(data, "test")],
        "WMT22 test": wmt22_paragraphs(data, "test") + [grouped(d, 3) for d in wmt22(data, "test")],
    }
    for name, docs in tests.items():
        out[name] = ("test", list(windows(name, docs, one_text=False)))
    return out


def replaced(window: Window) -> list[tuple[str, ...]]:
    """`window`'s target with its middle unit replaced by each of the `replacements` donors closest to it in length."""
    middle = len(window.target) // 2
    own = window.target[middle]
    donors = sorted((d for d in window.donors if d != own), key=lambda text: (abs(len(text) - len(own)), text))
    return [(*window.target[:middle], donor, *window.target[middle + 1 :]) for donor in donors[: window.replacements]]


def measure(window: Window, target: tuple[str, ...], encoder: CachedEncoder) -> list[tuple[str, float, str]]:
    """(label, confidence, weak severity or "") of each pair of `window` aligned with `target`; the label "right"
    (a gold bead), "replaced" (it holds the replaced unit) or "" (another wrong pair)."""
    alignment = align_documents(read(list(window.source)), read(list(target)), encoder, Settings())
    weak = {finding.bead: finding.severity for finding in check(alignment, checks=("weak",))}
    middle = len(window.target) // 2
    swapped = target != window.target
    rows = []
    for index, bead in enumerate(alignment.beads):
        if bead.source and bead.target:
            gold = len(bead.source) == len(bead.target) == 1 and bead.source == bead.target
            label = "replaced" if swapped and middle in bead.target else "right" if gold else ""
            if label == "right" and swapped and bead.target[0] == middle:
                label = ""
            rows.append((label, bead.confidence, weak.get(index, "")))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv, __doc__)
    encoder = CachedEncoder(USEEncoder())
    header = (
        f"{'family':<15} {'split':<5} {'windows':>7} | {'right weak':>10} {'errors':>6} {'of':>5} | "
        f"{'replaced weak':>13} {'errors':>6} {'of':>4} | {'>= 0.5: errors':>14} {'of':>4}"
    )
    print(header)
    table = {}
    for name, (split, found) in families(args.data, args.seeds).items():
        rows = [
            row
            for window in found
            for target in (window.target, *replaced(window))
            for row in measure(window, target, encoder)
        ]
        right = [weak for label, _, weak in rows if label == "right"]
        wrong = [(confidence, weak) for label, confidence, weak in rows if label == "replaced"]
        confident = [weak for confidence, weak in wrong if confidence >= CONFIDENT]
        cells = {
            "windows": len(found),
            "right weak": sum(1 for weak in right if weak),
            "right errors": right.count("error"),
            "right pairs": len(right),
            "replaced weak": sum(1 for _, weak in wrong if weak),
            "replaced errors": sum(1 for _, weak in wrong if weak == "error"),
            "replaced pairs": len(wrong),
            "confident errors": confident.count("error"),
            "confident replaced": len(confident),
        }
        values = list(cells.values())
        print(
            f"{name:<15} {split:<5} {values[0]:>7} | {values[1]:>10} {values[2]:>6} {values[3]:>5} | "
            f"{values[4]:>13} {values[5]:>6} {values[6]:>4} | {values[7]:>14} {values[8]:>4}",
            flush=True,
        )
        table[name] = {"split": split, **cells}
    write_json_report(args.json, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
