"""Strict F1 on a small slice of the gold bench data must not drop below the recorded floor.

The slice and the floors are in benchmarks/regression_floor.json; after tuning,
`python benchmarks/accuracy.py --data ../shared/bench --update-floor` records the
current strict F1 of the same documents, computed the same way (benchmarks/harness.py).
The bench data is read from ../shared/bench next to the repository (ALIGNER_BENCH overrides).
"""

from __future__ import annotations

import sys

import pytest

from aligner.embed import USEEncoder

from .conftest import BENCH_DIR, REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from accuracy import load_floor, select_documents
from harness import BENCH_SETS, run_document, strict_f1

pytestmark = pytest.mark.model

FLOOR = load_floor()


@pytest.fixture(scope="module")
def encoder() -> USEEncoder:
    return USEEncoder()


@pytest.mark.parametrize("set_name", sorted(FLOOR["slices"]))
def test_strict_f1_on_the_regression_slice_stays_above_the_floor(set_name, encoder):
    if not BENCH_DIR.is_dir():
        pytest.fail(f"bench data not found at {BENCH_DIR} (set ALIGNER_BENCH)")
    spec = FLOOR["slices"][set_name]
    assert "strict_f1" in spec, "no floor recorded yet: run benchmarks/accuracy.py --update-floor"
    bench = BENCH_SETS[set_name]
    docs = select_documents(spec, bench.load(BENCH_DIR))
    assert docs, f"{set_name}: the regression slice names no document of the set"
    runs = [run_document(doc, bench.languages, encoder)[0] for doc in docs]
    measured = strict_f1(runs)
    assert measured >= spec["strict_f1"] - FLOOR["tolerance"], (
        f"{set_name}: strict F1 {measured:.4f} < floor {spec['strict_f1']} - tolerance {FLOOR['tolerance']}"
    )
