"""The gold-aligned benchmark sets in ../shared/bench (Vecalign/Bertalign layout), and the dev/test split.

Tuning sees only dev data: Text+Berg `dev/` and the WMT22 documents listed in
`wmt22_dev_docs.txt` (every fourth document in name order, fixed once).
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
        return [GoldDocument("dev", _lines(d / "dev.de"), _lines(d / "dev.fr"), tuple(parse_beads(_lines(d / "dev.defr"))))]
    return [GoldDocument(p.name, _lines(root / "de" / p.name), _lines(root / "fr" / p.name),
                         tuple(parse_beads(_lines(p)))) for p in sorted((root / "gold").iterdir())]


def wmt22(data: Path, split: str, perturbed: bool = True) -> list[GoldDocument]:
    """WMT22 ru-en, perturbed or clean: split "dev", "test" (the rest) or "all"."""
    root = data / "wmt22_ruen" / ("perturbed" if perturbed else "")
    docs = []
    for p in sorted((root / "gold").iterdir()):
        if split != "all" and (p.name in WMT22_DEV_DOCS) != (split == "dev"):
            continue
        docs.append(GoldDocument(p.name, _lines(root / "ru" / p.name), _lines(root / "en" / p.name),
                                 tuple(parse_beads(_lines(p)))))
    return docs


SETS = {
    "textberg_defr": textberg,
    "wmt22_ruen_perturbed": wmt22,
}
