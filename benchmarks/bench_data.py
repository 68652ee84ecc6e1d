"""The gold-aligned benchmark sets in ../shared/bench (Vecalign/Bertalign layout), and the dev/test split.

Tuning sees only dev data: Text+Berg `dev/`, the WMT22 documents listed in
`wmt22_dev_docs.txt` (every fourth document in name order, fixed once), MAC-Dev,
TransRead and UDHR-multi. Text+Berg test and the other WMT22 documents are test sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aligner.evaluate import BeadIds, parse_beads

HERE = Path(__file__).parent
WMT22_DEV_DOCS = frozenset((HERE / "wmt22_dev_docs.txt").read_text(encoding="utf-8").split())
SUBSTITUTIONS = 4  # replaced units per document, at most (`substituted`)
SHORT_PAIRS = 24  # short documents of each kind per family, at most (`short_documents`)


@dataclass(frozen=True)
class GoldDocument:
    name: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    gold: tuple[BeadIds, ...]


def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def textberg(data: Path, split: str) -> list[GoldDocument]:
    """Text+Berg de-fr: split "test" (7 documents) or "dev" (one document)."""
    root = data / "textberg_defr"
    if split == "dev":
        d = root / "dev"
        return [
            GoldDocument("dev", _lines(d / "dev.de"), _lines(d / "dev.fr"), tuple(parse_beads(_lines(d / "dev.defr"))))
        ]
    return [
        GoldDocument(p.name, _lines(root / "de" / p.name), _lines(root / "fr" / p.name), tuple(parse_beads(_lines(p))))
        for p in sorted((root / "gold").iterdir())
    ]


def wmt22(data: Path, split: str, perturbed: bool = True) -> list[GoldDocument]:
    """WMT22 ru-en, perturbed or clean: split "dev", "test" (the rest) or "all"."""
    root = data / "wmt22_ruen" / ("perturbed" if perturbed else "")
    docs = []
    for p in sorted((root / "gold").iterdir()):
        if split != "all" and (p.name in WMT22_DEV_DOCS) != (split == "dev"):
            continue
        docs.append(
            GoldDocument(
                p.name, _lines(root / "ru" / p.name), _lines(root / "en" / p.name), tuple(parse_beads(_lines(p)))
            )
        )
    return docs


def folder(root: Path, source: str, target: str) -> list[GoldDocument]:
    """A set laid out as `<source>/<doc>`, `<target>/<doc>` and `gold/<doc>` under `root` (MAC-Dev, TransRead)."""
    return [
        GoldDocument(
            p.name, _lines(root / source / p.name), _lines(root / target / p.name), tuple(parse_beads(_lines(p)))
        )
        for p in sorted((root / "gold").iterdir())
    ]


def udhr(data: Path, language: str) -> list[GoldDocument]:
    """The perturbed UDHR, English against `language` (one document; joins and drops as for WMT22)."""
    root = data / "udhr_multi" / language / "perturbed"
    return [
        GoldDocument(
            f"udhr-{language}", _lines(root / "en"), _lines(root / language), tuple(parse_beads(_lines(root / "gold")))
        )
    ]


def first_beads(doc: GoldDocument, beads: int) -> GoldDocument:
    """The document cut after its first `beads` gold beads (beads are monotone and cover every line, so they cover
    the first lines of each side)."""
    gold = doc.gold[:beads]
    source = max((i for bead in gold for i in bead[0]), default=-1) + 1
    target = max((j for bead in gold for j in bead[1]), default=-1) + 1
    return GoldDocument(doc.name, doc.source[:source], doc.target[:target], gold)


def wmt22_paragraphs(data: Path, split: str) -> list[GoldDocument]:
    """The clean WMT22 documents with their segments joined into paragraphs (`para/<doc>`), gold 1-1 by paragraph."""
    root = data / "wmt22_ruen"
    docs = []
    for doc in wmt22(data, split, perturbed=False):
        numbers = [int(x) for x in _lines(root / "para" / doc.name)]
        count = max(numbers) + 1
        source = tuple(" ".join(s for s, p in zip(doc.source, numbers) if p == k) for k in range(count))
        target = tuple(" ".join(t for t, p in zip(doc.target, numbers) if p == k) for k in range(count))
        docs.append(GoldDocument(doc.name, source, target, tuple(((k,), (k,)) for k in range(count))))
    return docs


def grouped(doc: GoldDocument, beads_per_unit: int) -> GoldDocument:
    """The same text with every `beads_per_unit` consecutive gold beads merged into one unit per side
    (paragraph-sized units whose gold alignment is known)."""
    source, target, gold = [], [], []
    for start in range(0, len(doc.gold), beads_per_unit):
        chunk = doc.gold[start : start + beads_per_unit]
        src = " ".join(doc.source[i] for bead in chunk for i in bead[0])
        tgt = " ".join(doc.target[j] for bead in chunk for j in bead[1])
        gold.append(((len(source),) if src else (), (len(target),) if tgt else ()))
        source += [src] if src else []
        target += [tgt] if tgt else []
    return GoldDocument(f"{doc.name}/{beads_per_unit}", tuple(source), tuple(target), tuple(gold))


def substituted(docs: list[GoldDocument], one_text: bool = False) -> list[tuple[GoldDocument, frozenset[int]]]:
    """Each document with up to SUBSTITUTIONS target units of 1-1 gold beads replaced by the unit of a donor
    closest in length (the next document; with `one_text`, or where the next one is the same text, a unit half
    this document away), the gold updated (both units unpaired), and the replaced target units."""
    out = []
    for k, doc in enumerate(docs):
        donor = docs[(k + 1) % len(docs)]
        same_text = one_text or len(docs) == 1 or donor.name.split("/")[0] == doc.name.split("/")[0]
        ones = [(s[0], t[0]) for s, t in doc.gold if len(s) == 1 and len(t) == 1]
        ones = ones[2:-2]  # away from the ends, where a missing translation looks like a cut document
        if not ones:
            continue
        picks = sorted({ones[int(x)] for x in np.linspace(0, len(ones) - 1, min(SUBSTITUTIONS, len(ones)) + 2)[1:-1]})
        target = list(doc.target)
        for _, j in picks:
            if same_text:
                far = [u for u in range(len(doc.target)) if abs(u - j) >= len(doc.target) // 3]
                pool = [doc.target[u] for u in far]
            else:
                pool = list(donor.target)
            if not pool:
                continue
            target[j] = min(pool, key=lambda text: (abs(len(text) - len(doc.target[j])), text))
        replaced = {j for _, j in picks if target[j] != doc.target[j]}
        gold = []
        for s, t in doc.gold:
            if len(t) == 1 and t[0] in replaced:
                gold += [(s, ()), ((), t)]
            else:
                gold.append((s, t))
        out.append((GoldDocument(f"{doc.name}+sub", doc.source, tuple(target), tuple(gold)), frozenset(replaced)))
    return out


def short_documents(docs: list[GoldDocument], units: int) -> list[tuple[GoldDocument, bool]]:
    """Documents of `units` units a side cut from `docs` (their gold 1-1 runs), right and with the wrong
    partner (the target `units` + 1 places on), up to SHORT_PAIRS of each, spread over the documents."""
    runs = []
    for doc in docs:
        ones = [(s[0], t[0]) for s, t in doc.gold if len(s) == 1 and len(t) == 1]
        for a in range(0, len(ones) - 2 * units - 1, units):
            chunk = ones[a : a + units]
            if all(ones[a + m] == (chunk[0][0] + m, chunk[0][1] + m) for m in range(units)):
                runs.append((doc, chunk[0][0], chunk[0][1]))
    picks = [runs[int(x)] for x in np.linspace(0, len(runs) - 1, min(SHORT_PAIRS, len(runs)))] if runs else []
    out = []
    for doc, i, j in picks:
        source = doc.source[i : i + units]
        wrong = j + units + 1
        gold = tuple(((m,), (m,)) for m in range(units))
        out.append((GoldDocument(f"{doc.name}@{i}", source, doc.target[j : j + units], gold), True))
        if wrong + units <= len(doc.target):
            out.append((GoldDocument(f"{doc.name}@{i}~", source, doc.target[wrong : wrong + units], ()), False))
    return out


def paragraph_sized(docs: list[GoldDocument]) -> list[GoldDocument]:
    """The paragraph-sized documents of a family (names ending in "/3", or WMT22's paragraphs); MAC-Dev and
    TransRead have none, their sentences stand for short units."""
    grouped = [d for d in docs if "/" in d.name]
    return grouped or docs
