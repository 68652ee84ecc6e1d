"""benchmarks/fit_confidence.py: the non-translations the confidence model learns from are never translations."""

from __future__ import annotations

import sys

from .conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from bench_data import GoldDocument, grouped
from fit_confidence import non_translations


def document(name: str, units: int) -> GoldDocument:
    source = tuple(f"{name} source {k}" for k in range(units))
    target = tuple(f"{name} target {k}" for k in range(units))
    return GoldDocument(name, source, target, tuple(((k,), (k,)) for k in range(units)))


def test_another_document_s_target_is_taken_as_it_is():
    first, second = document("a", 5), document("b", 5)
    assert (first.source, second.target, ()) in non_translations([first, second])


def test_the_same_text_grouped_differently_is_reversed():
    """Text+Berg dev and its paragraph-sized version are one text: the one's source translates the other's target."""
    text = document("dev", 9)
    pairs = non_translations([text, grouped(text, 3)])
    regrouped = grouped(text, 3).target
    assert (text.source, regrouped, ()) not in pairs and (text.source, regrouped[::-1], ()) in pairs


def test_every_document_of_a_family_of_one_text_is_reversed():
    """UDHR-multi: the declaration in six languages, so every target translates every source."""
    documents = [document(f"udhr-{language}", 6) for language in ("es", "et", "sk")]
    pairs = non_translations(documents, one_text=True)
    assert all(target != other.target for _, target, _ in pairs for other in documents)
    assert len(pairs) == 2 * len(documents)
