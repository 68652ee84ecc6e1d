"""benchmarks/fit_confidence.py: the non-translations the confidence model learns from are never translations, and a
feature fitted last leaves the rest of the model as it was."""

from __future__ import annotations

import sys

from .conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import numpy as np
from bench_data import GoldDocument, grouped
from fit_confidence import fit, non_translations


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


def test_a_feature_fitted_last_leaves_the_other_weights_and_the_rescaling_as_without_it():
    """The last feature is nonzero on a few rows only (as `number_support` on one family), which are under-confident
    without it: it takes their shortfall, and the rows where it is 0 keep exactly the probabilities they had."""
    rng = np.random.default_rng(0)
    signal = rng.standard_normal(2000)
    support = np.where(np.arange(2000) < 200, 1.0, 0.0)
    y = rng.random(2000) < 1.0 / (1.0 + np.exp(-(1.5 * signal + 2.0 * support)))
    names = ("signal", "support")
    x = np.column_stack([signal, support])
    without = fit(x[:, :1], y, names[:1], x[:, :1], y)
    last = fit(x, y, names, x, y, last="support")
    plain = x[200:]
    assert np.allclose(last.probability(plain), without.probability(plain[:, :1]))
    weighed = x[:200]
    assert last.probability(weighed).mean() > without.probability(weighed[:, :1]).mean() + 0.1
    assert abs(last.probability(weighed).mean() - y[:200].mean()) < 0.02
