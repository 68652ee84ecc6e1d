"""The consistency checks on a mutation suite built from the seed pair: one defect per case.

    python benchmarks/checks_mutations.py [--seeds ../shared/seeds] [--level paragraph] [--json out.json]

Each case changes the English seed text in one place (a number, a month, a deleted, duplicated,
swapped, moved or untranslated paragraph, a sentence cut out), aligns it with the Russian original using
the embedded encoder, and runs `aligner.checks.check`. A defect is found when an error lands on a
bead that holds an affected unit: the mutated target paragraphs, or for a deleted, moved or swapped paragraph
the source paragraph whose translation is gone from its place. Recall: the share of cases whose defect is found.
Precision: the share of all reported errors (the unchanged seed pair included) that land on an
affected bead of their case.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import aligner
from aligner.embed import CachedEncoder, resolve_encoder
from aligner.readers import read_paragraphs

DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
RU_FILE, EN_FILE = "ru-2025-statement.md", "en-2025-statement.txt"


def seed_source_of(en_paragraph: int) -> int:
    """The Russian paragraph an English seed paragraph translates (seeds/README.md: [0]:[0, 1], then [k]:[k+1])."""
    return max(en_paragraph - 1, 0)


@dataclass(frozen=True)
class Mutation:
    """One defect: how it changes the English paragraphs, and which units it affects afterwards.

    `affected_target`: paragraph ids, in the mutated English text, holding changed text;
    `affected_source`: Russian paragraph ids whose translation was removed from its place, in whole or in part.
    """

    name: str
    kind: str
    mutate: Callable[[list[str]], list[str]]
    affected_target: tuple[int, ...] = ()
    affected_source: tuple[int, ...] = ()


def _replace(paragraph: int, old: str, new: str) -> Callable[[list[str]], list[str]]:
    def mutate(paragraphs: list[str]) -> list[str]:
        if paragraphs[paragraph].count(old) != 1:
            raise ValueError(f"mutation: {old!r} is not once in English paragraph {paragraph + 1}")
        return [*paragraphs[:paragraph], paragraphs[paragraph].replace(old, new), *paragraphs[paragraph + 1 :]]

    return mutate


def _edit(paragraph: int, old: str, new: str, kind: str) -> Mutation:
    return Mutation(f"{old!r} -> {new!r} (en {paragraph + 1})", kind, _replace(paragraph, old, new), (paragraph,))


def _delete(paragraph: int) -> Mutation:
    return Mutation(
        f"delete en {paragraph + 1}",
        "paragraph deleted",
        lambda ps: ps[:paragraph] + ps[paragraph + 1 :],
        (),
        (seed_source_of(paragraph),),
    )


def _duplicate(paragraph: int) -> Mutation:
    return Mutation(
        f"duplicate en {paragraph + 1}",
        "paragraph duplicated",
        lambda ps: ps[: paragraph + 1] + ps[paragraph:],
        (paragraph, paragraph + 1),
    )


def _swap(first: int, second: int) -> Mutation:
    def mutate(paragraphs: list[str]) -> list[str]:
        swapped = list(paragraphs)
        swapped[first], swapped[second] = paragraphs[second], paragraphs[first]
        return swapped

    return Mutation(
        f"swap en {first + 1} and {second + 1}",
        "paragraphs swapped",
        mutate,
        (first, second),
        (seed_source_of(first), seed_source_of(second)),
    )


def _move(paragraph: int, places: int) -> Mutation:
    """Move English paragraph `paragraph` `places` paragraphs on: its source's translation is gone from its place."""

    def mutate(paragraphs: list[str]) -> list[str]:
        rest = paragraphs[:paragraph] + paragraphs[paragraph + 1 :]
        return [*rest[: paragraph + places], paragraphs[paragraph], *rest[paragraph + places :]]

    return Mutation(
        f"move en {paragraph + 1} {places} places on",
        "paragraph moved",
        mutate,
        (paragraph + places,),
        (seed_source_of(paragraph),),
    )


def _untranslated(paragraph: int, russian: list[str]) -> Mutation:
    return Mutation(
        f"en {paragraph + 1} left in Russian",
        "left untranslated",
        lambda ps: [*ps[:paragraph], russian[seed_source_of(paragraph)], *ps[paragraph + 1 :]],
        (paragraph,),
    )


def _cut(paragraph: int, first_words: str) -> Mutation:
    """Cut out the sentence of English paragraph `paragraph` that starts with `first_words`."""

    def mutate(paragraphs: list[str]) -> list[str]:
        text = paragraphs[paragraph]
        start = text.index(first_words)
        end = text.find(". ", start)
        text = (text[:start] + text[end + 2 :] if end >= 0 else text[:start]).strip()
        return [*paragraphs[:paragraph], text, *paragraphs[paragraph + 1 :]]

    # the cut sentence's source has lost its translation: at sentence level it is a 1-0 bead of its own
    name = f"cut '{first_words}...' (en {paragraph + 1})"
    return Mutation(name, "sentence cut", mutate, (paragraph,), (seed_source_of(paragraph),))


def seed_mutations(russian: list[str]) -> list[Mutation]:
    """The suite: single defects in the English seed text (`russian`: the Russian seed paragraphs)."""
    return [
        _edit(5, "744 were", "774 were", "number changed"),
        _edit(6, "March 1994", "March 1995", "number changed"),
        _edit(5, "150 civilians", "105 civilians", "number changed"),
        _edit(2, "35 years ago", "36 years ago", "number changed"),
        _edit(8, "September, 2023", "September, 2022", "number changed"),
        _edit(8, "44-day", "45-day", "number changed"),
        _edit(5, "4 went missing", "14 went missing", "number changed"),
        _edit(9, "35th anniversary", "25th anniversary", "number changed"),
        _edit(5, "19-20 January 1990", "19-21 January 1990", "number changed"),
        _edit(6, "Baku on 20 January 1990", "Baku on 20 January 1991", "number changed"),
        _edit(7, "the 20 January tragedy", "the 21 January tragedy", "number changed"),
        _edit(4, "in 1980s", "in 1970s", "decade changed"),
        _edit(8, "19-20 September", "19-20 October", "month changed"),
        _edit(6, "March 1994", "May 1994", "month changed"),
        _edit(1, "20 January 2025", "20 February 2025", "month changed"),
        _edit(3, "On 20 January", "On 20 June", "month changed"),
        _delete(7),
        _delete(4),
        _delete(10),
        _duplicate(5),
        _duplicate(8),
        _untranslated(7, russian),
        _untranslated(3, russian),
        _untranslated(10, russian),  # 'Да здравствует Азербайджан!': too short to tell its language
        _cut(5, "As a result of the 20 January"),
        _cut(6, "Notwithstanding the complexity"),
        _swap(7, 8),
        _swap(3, 4),
        _swap(3, 7),
        _swap(2, 6),  # left as an unpaired paragraph on each side and a wrong pair
        _move(3, 4),
    ]


@dataclass(frozen=True)
class CaseResult:
    name: str
    kind: str
    errors: int  # errors reported
    errors_on_defect: int  # errors on a bead holding an affected unit
    found: bool
    messages: tuple[str, ...]


def affected_beads(result: aligner.Alignment, mutation: Mutation) -> set[int]:
    """Indices of the beads holding an affected unit of `mutation`."""
    return {
        index
        for index, bead in enumerate(result.beads)
        if set(bead.target) & set(mutation.affected_target) or set(bead.source) & set(mutation.affected_source)
    }


def run_case(
    russian_path: Path, english: list[str], mutation: Mutation | None, level: str, encoder: CachedEncoder
) -> CaseResult:
    """Align the (mutated) English text with the Russian seed and check it; None runs the unchanged pair."""
    paragraphs = mutation.mutate(list(english)) if mutation else english
    result = aligner.align(russian_path, "\n\n".join(paragraphs), level=level, model=encoder)
    errors = [f for f in result.check(model=encoder) if f.severity == "error"]
    targets = (
        affected_beads(result, mutation)
        if mutation and level == "paragraph"
        else (_affected_sentence_beads(result, mutation) if mutation else set())
    )
    on_defect = sum(f.bead in targets for f in errors)
    return CaseResult(
        mutation.name if mutation else "unchanged seed pair",
        mutation.kind if mutation else "none",
        len(errors),
        on_defect,
        on_defect > 0,
        tuple(f"bead {f.bead + 1} {f.check}: {f.message}" for f in errors),
    )


def _affected_sentence_beads(result: aligner.Alignment, mutation: Mutation) -> set[int]:
    """At sentence level, the beads holding a sentence of an affected paragraph."""
    source_units, target_units = result.source.sentences, result.target.sentences
    return {
        index
        for index, bead in enumerate(result.beads)
        if any(target_units[i].paragraph in mutation.affected_target for i in bead.target)
        or any(source_units[i].paragraph in mutation.affected_source for i in bead.source)
    }


def run_suite(seeds: Path, level: str = "paragraph") -> list[CaseResult]:
    """The unchanged seed pair first, then every mutation."""
    russian = read_paragraphs(seeds / RU_FILE)
    english = read_paragraphs(seeds / EN_FILE)
    encoder = CachedEncoder(resolve_encoder(None))  # the cases share most of their paragraphs
    return [
        run_case(seeds / RU_FILE, english, mutation, level, encoder) for mutation in [None, *seed_mutations(russian)]
    ]


def precision_recall(results: list[CaseResult]) -> tuple[float, float]:
    """Precision over reported errors, recall over mutated cases (see the module docstring)."""
    errors = sum(r.errors for r in results)
    precision = sum(r.errors_on_defect for r in results) / errors if errors else 1.0
    cases = [r for r in results if r.kind != "none"]
    return precision, sum(r.found for r in cases) / len(cases)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=Path(os.environ.get("ALIGNER_SEEDS", DEFAULT_SEEDS)))
    parser.add_argument("--level", choices=("paragraph", "sentence"), default="paragraph")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = run_suite(args.seeds, args.level)
    print("cases, beads and paragraphs are numbered from 1, as in every view of aligner")
    print(f"{'case':<52} {'kind':<22} {'errors':>6} {'on defect':>9}  found")
    for r in results:
        found = "-" if r.kind == "none" else "yes" if r.found else "NO"
        print(f"{r.name[:52]:<52} {r.kind:<22} {r.errors:>6} {r.errors_on_defect:>9}  {found}")
        for message in r.messages:
            print(f"    {message[:150]}")
    precision, recall = precision_recall(results)
    print(f"\n{len(results) - 1} mutations, level {args.level}: precision {precision:.3f}, recall {recall:.3f}")
    from harness import write_json_report  # benchmarks/ is the script's folder (tests import this module alone)

    write_json_report(
        args.json,
        {
            "level": args.level,
            "precision": precision,
            "recall": recall,
            "cases": [r.__dict__ | {"messages": list(r.messages)} for r in results],
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
