"""Sentence-split accuracy against gold sentence boundaries, per set and language.

    python benchmarks/segmentation.py --data ../shared/bench [--json out.json] [--turkish DIR]

The gold sentences of each paragraph are joined with spaces and split again by
`aligner.RuleSegmenter`; the split is compared with the gold boundaries.
Paragraphs: TransRead's `para/<lang>/<doc>` where the book has them (Alice,
Voyage); MAC-Dev's six novel chapters (zh-en) also count; elsewhere a run of gold lines, broken after a
line that does not end like a sentence (a title, a caption, "Mit 3 Bildern") or that is a chapter number
alone ("IV.", as "IV" is), since a document gives such a line as a paragraph of its own and no splitter can find
its end in running text.

Columns: paragraphs, gold sentences, boundary precision, recall and F1 (the
boundaries inside paragraphs; a paragraph's end is given), and sentence accuracy
(the share of gold sentences that come back exactly). Text+Berg is tokenised (a
space before punctuation, `Wand .`); TransRead is detokenised text.

--turkish DIR adds a Turkish row: the 4,851 sentences of the Turkish Web Treebank (the `data/` folder of the
`turkish-treebanks` wheel, Apache-2.0: web.conllu and wiki.conllu), each page's sentences in their order as one
paragraph. The treebank keeps some sentences of a page, not all, but two real sentences joined still meet at a
real boundary.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import format_table, write_json_report

from aligner import RuleSegmenter

_SENTENCE_END = re.compile(r"[.!?…:;。！？；：][\"'»”’)\]」』]*\s*$")
# A chapter or list number on a line of its own ("IV." over "Impopularité"): a heading, as "IV" is.
_NUMBER_LINE = re.compile(r"(?:\d{1,3}|[IVXLCDM]+)\s*\.$")


@dataclass(frozen=True)
class SegmentationSet:
    name: str
    language: str
    paragraphs: tuple[tuple[str, ...], ...]  # the gold sentences of each paragraph
    joiner: str = " "  # how sentences follow each other in running text ("" in Chinese)


def _lines(path: Path) -> list[str]:
    return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines()]


def _runs(sentences: list[str]) -> Iterator[tuple[str, ...]]:
    """Gold lines -> paragraphs, broken after every line that does not end like a sentence."""
    run: list[str] = []
    for sentence in sentences:
        if sentence:
            run.append(sentence)
        if run and (not sentence or not _SENTENCE_END.search(sentence) or _NUMBER_LINE.match(sentence)):
            yield tuple(run)
            run = []
    if run:
        yield tuple(run)


def _by_paragraph(sentences: list[str], numbers: list[str]) -> Iterator[tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for sentence, number in zip(sentences, numbers):
        groups.setdefault(number, []).append(sentence)
    for group in groups.values():
        yield from _runs(group)


def load_sets(data: Path) -> list[SegmentationSet]:
    sets = []
    textberg = data / "textberg_defr"
    for language in ("de", "fr"):
        test = [p for doc in sorted((textberg / language).iterdir()) for p in _runs(_lines(doc))]
        sets.append(SegmentationSet(f"Text+Berg test {language}", language, tuple(test)))
        sets.append(
            SegmentationSet(
                f"Text+Berg dev {language}", language, tuple(_runs(_lines(textberg / "dev" / f"dev.{language}")))
            )
        )
    transread = data / "transread_enfr"
    for language in ("en", "fr"):
        paragraphs = []
        for doc in sorted((transread / language).iterdir()):
            numbers = transread / "para" / language / doc.name
            sentences = _lines(doc)
            paragraphs += _by_paragraph(sentences, _lines(numbers)) if numbers.exists() else _runs(sentences)
        sets.append(SegmentationSet(f"TransRead {language}", language, tuple(paragraphs)))
    mac = data / "mac_zhen" / "dev"
    for language, joiner in (("zh", ""), ("en", " ")):
        paragraphs = [p for doc in sorted((mac / language).iterdir()) for p in _runs(_lines(doc))]
        sets.append(SegmentationSet(f"MAC dev {language}", language, tuple(paragraphs), joiner))
    return sets


def load_turkish(folder: Path) -> SegmentationSet:
    """The Turkish Web Treebank's sentences, grouped by the page their `sent_id` names (`<url>:S057`), in order."""
    pages: dict[str, dict[int, str]] = {}
    sentence_id = ""
    for name in ("web.conllu", "wiki.conllu"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("# sent_id = "):
                sentence_id = line.removeprefix("# sent_id = ")
            elif line.startswith("# text = "):
                page, _, number = sentence_id.rpartition(":")
                pages.setdefault(page, {})[int(number.lstrip("S"))] = " ".join(line.removeprefix("# text = ").split())
    paragraphs = tuple(tuple(page[number] for number in sorted(page)) for _, page in sorted(pages.items()))
    return SegmentationSet("Turkish Web Treebank", "tr", paragraphs)


def _ends(pieces: list[str], text: str) -> set[int]:
    """Character offsets in `text` where each piece but the last ends."""
    ends, position = set(), 0
    for piece in pieces:
        position = text.index(piece, position) + len(piece)
        ends.add(position)
    ends.discard(len(text))
    return ends


def score(segment_set: SegmentationSet, segmenter: RuleSegmenter) -> dict[str, float]:
    true_positive = predicted = gold = exact = sentences = 0
    for paragraph in segment_set.paragraphs:
        text = segment_set.joiner.join(paragraph)
        gold_ends = _ends(list(paragraph), text)
        split_ends = _ends(segmenter.split(text, segment_set.language), text)
        true_positive += len(gold_ends & split_ends)
        predicted += len(split_ends)
        gold += len(gold_ends)
        starts = [0, *sorted(gold_ends)]
        stops = [*sorted(gold_ends), len(text)]
        exact += sum(
            (start in split_ends or start == 0)
            and (stop in split_ends or stop == len(text))
            and not any(start < end < stop for end in split_ends)
            for start, stop in zip(starts, stops)
        )
        sentences += len(paragraph)
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / gold if gold else 1.0
    return {
        "paragraphs": len(segment_set.paragraphs),
        "sentences": sentences,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "sentence_accuracy": exact / sentences,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the benchmark folder (../shared/bench)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--turkish", type=Path, default=None, help="the turkish-treebanks wheel's data/ folder")
    args = parser.parse_args()
    segmenter = RuleSegmenter()
    figures, table = {}, []
    turkish = [load_turkish(args.turkish)] if args.turkish is not None else []
    for segment_set in [*load_sets(args.data), *turkish]:
        start = time.perf_counter()
        row = score(segment_set, segmenter)
        seconds = round(time.perf_counter() - start, 1)
        figures[segment_set.name] = {"language": segment_set.language, **row, "seconds": seconds}
        table.append(
            [
                segment_set.name,
                segment_set.language,
                row["paragraphs"],
                row["sentences"],
                row["precision"],
                row["recall"],
                row["f1"],
                row["sentence_accuracy"],
                seconds,
            ]
        )
    print(format_table(["set", "lang", "paragraphs", "sentences", "P", "R", "F1", "sentence acc", "s"], table))
    write_json_report(args.json, figures)


if __name__ == "__main__":
    main()
