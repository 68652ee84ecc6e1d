"""The consistency checks on the seed pair (no false alarm) and on single-defect mutations of it.

The mutations are built from the real English seed text and aligned with the embedded encoder
(benchmarks/checks_mutations.py defines them and prints the same table).
"""

from __future__ import annotations

import pytest

from aligner.readers import read_paragraphs
from benchmarks.checks_mutations import CaseResult, precision_recall, run_suite, seed_mutations
from tests.conftest import SEEDS_DIR


@pytest.fixture(scope="module")
def results() -> list[CaseResult]:
    return run_suite(SEEDS_DIR, "paragraph")


def test_seed_pair_has_no_finding_at_paragraph_or_sentence_level(seed_alignment, seed_sentence_alignment):
    assert seed_alignment.check() == ()
    assert seed_sentence_alignment.check() == ()


def test_suite_covers_every_defect_class_with_at_least_twenty_cases():
    mutations = seed_mutations(read_paragraphs(SEEDS_DIR / "ru-2025-statement.md"))
    assert len(mutations) >= 20
    assert {m.kind for m in mutations} >= {
        "number changed",
        "month changed",
        "paragraph deleted",
        "paragraph duplicated",
        "left untranslated",
        "sentence cut",
        "paragraphs swapped",
    }


@pytest.mark.model
def test_every_defect_is_reported_as_an_error_on_its_bead(results):
    missed = [r.name for r in results if r.kind != "none" and not r.found]
    assert missed == []


@pytest.mark.model
def test_no_error_lands_anywhere_else(results):
    stray = [(r.name, r.messages) for r in results if r.errors != r.errors_on_defect]
    assert stray == []


@pytest.mark.model
def test_precision_and_recall_are_perfect(results):
    assert precision_recall(results) == (1.0, 1.0)
