"""Strict F1 on a small slice of the gold bench data's dev documents must not drop below the recorded floor.

The slice and the floors are in benchmarks/regression_floor.json; after tuning,
`python benchmarks/accuracy.py --data ../shared/bench --update-floor` records the
current strict F1 of the same documents, computed the same way (`accuracy.slice_runs`).
The slice holds dev documents only: the floor gates every change, so a test document
in it would be a choice made on test data. The bench data is read from ../shared/bench
next to the repository (ALIGNER_BENCH overrides).
"""

from __future__ import annotations

import sys

import pytest

from aligner.embed import USEEncoder

from .conftest import BENCH_DIR, REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from accuracy import load_floor, select_documents, slice_runs
from harness import BENCH_SETS, TEST_SETS, strict_f1

FLOOR = load_floor()


@pytest.fixture(scope="module")
def encoder() -> USEEncoder:
    return USEEncoder()


def bench_dir():
    if not BENCH_DIR.is_dir():
        pytest.fail(f"bench data not found at {BENCH_DIR} (set ALIGNER_BENCH)")
    return BENCH_DIR


@pytest.mark.parametrize("set_name", sorted(FLOOR["slices"]))
def test_the_regression_slice_holds_no_test_document(set_name):
    assert set_name not in TEST_SETS, f"{set_name} holds test documents: the floor takes dev documents only"
    docs = select_documents(FLOOR["slices"][set_name], BENCH_SETS[set_name].load(bench_dir()))
    assert docs, f"{set_name}: the regression slice names no document of the set"
    # by document too, whatever the set's name: none is a document of the two test splits (../shared/bench/README.md)
    test_documents = {
        (BENCH_SETS[name].family, doc.name)
        for name in ("textberg_test", "wmt22_perturbed_test")
        for doc in BENCH_SETS[name].load(BENCH_DIR)
    }
    assert not {(BENCH_SETS[set_name].family, doc.name) for doc in docs} & test_documents


@pytest.mark.model
@pytest.mark.parametrize("set_name", sorted(FLOOR["slices"]))
def test_strict_f1_on_the_regression_slice_stays_above_the_floor(set_name, encoder):
    spec = FLOOR["slices"][set_name]
    assert "strict_f1" in spec, "no floor recorded yet: run benchmarks/accuracy.py --update-floor"
    measured = strict_f1(slice_runs(set_name, spec, bench_dir(), encoder))
    assert measured >= spec["strict_f1"] - FLOOR["tolerance"], (
        f"{set_name}: strict F1 {measured:.4f} < floor {spec['strict_f1']} - tolerance {FLOOR['tolerance']}"
    )
