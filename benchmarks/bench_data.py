"""The gold-aligned benchmark sets in ../shared/bench (Vecalign/Bertalign layout), and the dev/test split.

Tuning sees only dev data: Text+Berg `dev/`, the WMT22 documents listed in
`wmt22_dev_docs.txt` (every fourth document in name order, fixed once), MAC-Dev,
TransRead and UDHR-multi. Text+Berg test and the other WMT22 documents are test sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aligner.evaluate import BeadIds, parse_beads

HERE = Path(__file__).parent
WMT22_DEV_DOCS = frozenset((HERE / "wmt22_dev_docs.txt").read_text(encoding="utf-8").split())


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
