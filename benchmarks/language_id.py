"""How well the language detector names the language of every benchmark document, and of short units.

    python benchmarks/language_id.py [--data ../shared/bench] [--json results.json]

Every text file of every set in the data folder counts: both sides, clean and perturbed, dev and
test (a file's language is its name, its extension or its folder: `udhr_multi/et/et`,
`dev/dev.de`, `wmt22_ruen/ru/<doc>`). Document level: the text the aligner detects from (its first
50 lines, up to 10,000 characters). Unit level: every distinct line of 1-5 words, as a unit that the
checks might ask about; for Chinese, lines of at most 10 characters. A unit counts as named when the
detector is sure enough (`aligner.language.MIN_CONFIDENCE`), right when it names the file's language
or one close to it (Croatian for Bosnian); an unsure unit is "unknown", never a wrong code.
If `lingua-language-detector` is installed, it is measured the same way, for comparison.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import write_json_report

from aligner.language import MIN_CONFIDENCE, close_languages, document_sample, identify_language

LANGUAGES = ("de", "fr", "ru", "en", "zh", "es", "tr", "et", "hr", "id", "sk")
SHORT_WORDS = 5
SHORT_CHINESE_CHARACTERS = 10

Detector = Callable[[str], tuple[str | None, float]]  # text -> (language or None when unsure, confidence)


def benchmark_files(data: Path) -> list[tuple[str, str, list[str]]]:
    """(path relative to data, language, lines) for every text file of a known language."""
    files = []
    for path in sorted(data.rglob("*")):
        if not path.is_file() or {"gold", "para"} & set(path.relative_to(data).parts):
            continue
        language = next((name for name in (path.name, path.suffix[1:], path.parent.name) if name in LANGUAGES), None)
        if language:
            files.append((str(path.relative_to(data)), language, path.read_text(encoding="utf-8").splitlines()))
    return files


def is_short(line: str, language: str) -> bool:
    if language == "zh":
        return 0 < len(line.strip()) <= SHORT_CHINESE_CHARACTERS
    return 1 <= len(line.split()) <= SHORT_WORDS


def aligner_detector(text: str) -> tuple[str | None, float]:
    guess = identify_language(text)
    return guess.language, guess.confidence


def lingua_detector() -> Detector | None:
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        return None
    detector = LanguageDetectorBuilder.from_all_languages().build()

    def detect(text: str) -> tuple[str | None, float]:
        values = detector.compute_language_confidence_values(text)
        if not values or values[0].value < MIN_CONFIDENCE:
            return None, values[0].value if values else 0.0
        return values[0].language.iso_code_639_1.name.lower(), values[0].value

    return detect


def measure(detect: Detector, files: list[tuple[str, str, list[str]]]) -> dict:
    started = time.perf_counter()
    documents: dict[str, Counter[str]] = defaultdict(Counter)
    wrong_documents = []
    for path, language, lines in files:
        found, confidence = detect(document_sample(lines))
        outcome = _outcome(found, language)
        documents[language][outcome] += 1
        if outcome != "right":
            wrong_documents.append(f"{path}: {found or 'unknown'} ({confidence:.2f})")
    document_seconds = time.perf_counter() - started
    units: dict[str, Counter[str]] = defaultdict(Counter)
    wrong_units = []
    for language, line in sorted(
        {(language, line) for _, language, lines in files for line in lines if is_short(line, language)}
    ):
        found, confidence = detect(line)
        outcome = _outcome(found, language)
        units[language][outcome] += 1
        if outcome == "wrong":
            wrong_units.append(f"{language}: {line!r} -> {found} ({confidence:.2f})")
    return {
        "documents": documents,
        "units": units,
        "wrong_documents": wrong_documents,
        "wrong_units": wrong_units,
        "document_seconds": round(document_seconds, 2),
    }


def _outcome(found: str | None, language: str) -> str:
    return "unknown" if found is None else "right" if close_languages(found, language) else "wrong"


def print_table(name: str, result: dict) -> None:
    print(f"\n{name}: documents detected in {result['document_seconds']} s")
    print(
        f"{'language':<9} {'documents':>9} {'right':>7}   {'units 1-5 words':>15} {'right':>7} {'unknown':>8} "
        f"{'wrong':>6}"
    )
    totals: dict[str, Counter[str]] = {"documents": Counter(), "units": Counter()}
    for language in LANGUAGES:
        docs, units = result["documents"][language], result["units"][language]
        totals["documents"].update(docs)
        totals["units"].update(units)
        print(_row(language, docs, units))
    print(_row("all", totals["documents"], totals["units"]))
    for line in result["wrong_documents"]:
        print(f"  document not right: {line}")
    for line in result["wrong_units"][:15]:
        print(f"  unit named wrongly: {line}")
    if len(result["wrong_units"]) > 15:
        print(f"  ... {len(result['wrong_units']) - 15} more")


def _row(language: str, docs: Counter[str], units: Counter[str]) -> str:
    n_docs, n_units = sum(docs.values()), sum(units.values())

    def share(count: int, total: int) -> str:
        return f"{count / total:.1%}" if total else "-"

    return (
        f"{language:<9} {n_docs:>9} {share(docs['right'], n_docs):>7}   {n_units:>15} "
        f"{share(units['right'], n_units):>7} {share(units['unknown'], n_units):>8} "
        f"{share(units['wrong'], n_units):>6}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "bench")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    files = benchmark_files(args.data)
    print(f"{len(files)} documents; sure enough from confidence {MIN_CONFIDENCE}")
    results = {"aligner (py3langid)": measure(aligner_detector, files)}
    lingua = lingua_detector()
    if lingua is not None:
        results["lingua-language-detector"] = measure(lingua, files)
    for name, result in results.items():
        print_table(name, result)
    write_json_report(args.json, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
