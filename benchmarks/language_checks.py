"""The untranslated and language checks on made cases: a sentence of a gold translation left in the source language
or replaced by a sentence of a third language, found or not, and their false alarms on the unchanged gold pairs.

    python benchmarks/language_checks.py [--data ../shared/bench] [--json out.json]

Each document's gold beads are checked twice: as sentences (the gold beads, as `checks_gold.py` builds them) and as
paragraphs (every 3 consecutive gold beads one unit a side, `bench_data.grouped`). In
every third paragraph one target line of a 1-1 gold bead (the middle one) is replaced, in one run by its source line
(a sentence left untranslated) and in another by a line of a third language (the dev sets' lines of the languages
neither side is in, taken in turn, each the closest in length to the replaced line). A made case is found when the
bead holding the replaced line gets an error of its check (`untranslated`, `language`); every finding on another
bead, and on the unchanged documents, is a false alarm (the gold pairs are real translations), counted per check and
severity. Prints one row per set and level, and the CPU seconds of the two checks on the unchanged documents.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_data import GoldDocument, folder, grouped, textberg, udhr, wmt22
from checks_gold import gold_alignment
from harness import format_table, write_json_report

from aligner.checks import check
from aligner.language import identify_language
from aligner.types import Alignment, Level

CHECKS = ("untranslated", "language")
UDHR_LANGUAGES = ("es", "tr", "et", "hr", "id", "sk")
EVERY = 3  # one paragraph in so many gets a made case
CHECKED_LEVELS: tuple[Level, ...] = ("sentence", "paragraph")


def made_lines(document: GoldDocument) -> list[tuple[int, int]]:
    """(source line, target line) of the middle 1-1 gold bead of every EVERY-th run of 3 gold beads."""
    picks = []
    for start in range(0, len(document.gold), 3 * EVERY):
        chunk = document.gold[start : start + 3]
        ones = [(s[0], t[0]) for s, t in chunk if len(s) == 1 and len(t) == 1]
        if len(chunk) == 3 and ones:
            picks.append(ones[len(ones) // 2])
    return picks


def pools(data: Path) -> dict[str, list[str]]:
    """Lines of each language of the dev sets, with enough words to be read as a sentence."""
    out: dict[str, list[str]] = {
        "en": [line for d in folder(data / "transread_enfr", "en", "fr") for line in d.source],
        "fr": [line for d in folder(data / "transread_enfr", "en", "fr") for line in d.target],
        "de": list(textberg(data, "dev")[0].source),
        "ru": [line for d in wmt22(data, "dev", perturbed=False) for line in d.source],
        "zh": [line for d in folder(data / "mac_zhen" / "dev", "zh", "en") for line in d.source],
    }
    for language in UDHR_LANGUAGES:
        out[language] = list(udhr(data, language)[0].target)
    return {
        language: [line for line in lines if len(line.split()) >= 4 or language == "zh"]
        for language, lines in out.items()
    }


def mutated(document: GoldDocument, picks: list[tuple[int, int]], replacement: list[str]) -> GoldDocument:
    target = list(document.target)
    for (_, j), text in zip(picks, replacement):
        target[j] = text
    return GoldDocument(document.name, document.source, tuple(target), document.gold)


def bead_of(alignment: Alignment, target_line: int) -> int:
    return next(k for k, bead in enumerate(alignment.beads) if target_line in bead.target)


def run(
    documents: list[GoldDocument], source_language: str, target_language: str, level: Level, pool: dict[str, list[str]]
) -> dict[str, object]:
    thirds = [language for language in pool if language not in (source_language, target_language)]
    made = Counter()
    found = Counter()
    false_alarms: Counter[str] = Counter()
    clean_alarms: Counter[str] = Counter()
    cpu = 0.0
    by_language: Counter[str] = Counter()
    by_language_found: Counter[str] = Counter()
    for document in documents:
        base = grouped(document, 3) if level == "paragraph" else document
        started = time.process_time()
        clean_alarms.update(
            f"{f.check} {f.severity}"
            for f in check(gold_alignment(base, source_language, target_language, level), checks=CHECKS)
        )
        cpu += time.process_time() - started
        picks = made_lines(document)
        if not picks:
            continue
        untranslated = [document.source[i] for i, _ in picks]
        chosen = []
        for number, (_, j) in enumerate(picks):
            language = thirds[(number + made["untranslated"]) % len(thirds)]
            length = len(document.target[j])
            chosen.append((language, min(pool[language], key=lambda text: (abs(len(text) - length), text))))
        for kind, replacement in (("untranslated", untranslated), ("language", [text for _, text in chosen])):
            changed = mutated(document, picks, replacement)
            alignment = gold_alignment(
                grouped(changed, 3) if level == "paragraph" else changed, source_language, target_language, level
            )
            findings = check(alignment, checks=CHECKS)
            lines = (
                [bead_of_group(document, j) for _, j in picks]
                if level == "paragraph"
                else [bead_of(alignment, j) for _, j in picks]
            )
            made[kind] += len(picks)
            hits = {f.bead for f in findings if f.check == kind and f.severity == "error"}
            found[kind] += len(hits & set(lines))
            if kind == "language":
                for (language, _), bead in zip(chosen, lines):
                    by_language[language] += 1
                    by_language_found[language] += bead in hits
            false_alarms.update(f"{f.check} {f.severity}" for f in findings if f.bead not in lines)
    return {
        "made untranslated": made["untranslated"],
        "found untranslated": found["untranslated"],
        "made third language": made["language"],
        "found third language": found["language"],
        "found by third language": {k: f"{by_language_found[k]}/{v}" for k, v in sorted(by_language.items())},
        "findings on unchanged gold": dict(sorted(clean_alarms.items())),
        "findings on unchanged beads of the made cases": dict(sorted(false_alarms.items())),
        "check cpu s": round(cpu, 3),
    }


def bead_of_group(document: GoldDocument, target_line: int) -> int:
    """The paragraph (`grouped(document, 3)` unit, and bead) that holds the gold bead of `target_line`."""
    number = next(k for k, (_, t) in enumerate(document.gold) if target_line in t)
    return number // 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    identify_language("warm up the language identifier")
    pool = pools(args.data)
    sets = {
        "wmt22 ru-en (dev)": (wmt22(args.data, "dev", perturbed=False), "ru", "en"),
        "textberg de-fr (dev)": (textberg(args.data, "dev"), "de", "fr"),
        "transread en-fr (dev)": (folder(args.data / "transread_enfr", "en", "fr"), "en", "fr"),
        "mac zh-en (dev)": (folder(args.data / "mac_zhen" / "dev", "zh", "en"), "zh", "en"),
        **{f"udhr en-{x} (dev)": (udhr(args.data, x), "en", x) for x in UDHR_LANGUAGES},
        "wmt22 ru-en (test)": (wmt22(args.data, "test", perturbed=False), "ru", "en"),
        "textberg de-fr (test)": (textberg(args.data, "test"), "de", "fr"),
    }
    rows, report = [], {}
    for name, (documents, source_language, target_language) in sets.items():
        for level in CHECKED_LEVELS:
            result = run(documents, source_language, target_language, level, pool)
            report[f"{name} {level}"] = result
            rows.append(
                (
                    name,
                    level,
                    f"{result['found untranslated']}/{result['made untranslated']}",
                    f"{result['found third language']}/{result['made third language']}",
                    " ".join(f"{k}:{v}" for k, v in result["found by third language"].items()),  # type: ignore[union-attr]
                    " ".join(f"{k}:{v}" for k, v in result["findings on unchanged gold"].items()) or "-",  # type: ignore[union-attr]
                    " ".join(f"{k}:{v}" for k, v in result["findings on unchanged beads of the made cases"].items())  # type: ignore[union-attr]
                    or "-",
                    result["check cpu s"],
                )
            )
    print(
        format_table(
            (
                "set",
                "level",
                "untranslated found",
                "third found",
                "third found, by language",
                "findings on gold",
                "findings on other beads",
                "check CPU s",
            ),
            rows,
        )
    )
    write_json_report(args.json, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
