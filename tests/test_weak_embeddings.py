"""A translation into a language the encoder knows poorly (UDHR en-et of the dev pool: typical pair distance 0.73,
where the languages it knows have 0.3-0.5): its right pairs have the distances and margins of wrong pairs elsewhere,
and what tells it from two texts that do not translate each other is the numbers its pairs keep
(`features.number_support`)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import aligner
from aligner.evaluate import bead_correctness

from .conftest import BENCH_DIR, REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from bench_data import udhr

pytestmark = pytest.mark.model

LANGUAGES = {"source_language": "en", "target_language": "et"}


@pytest.fixture(scope="module")
def estonian():
    if not BENCH_DIR.is_dir():
        pytest.fail(f"bench data not found at {BENCH_DIR} (set ALIGNER_BENCH)")
    [document] = udhr(BENCH_DIR, "et")
    return document


def pairs(alignment: aligner.Alignment) -> list[aligner.Bead]:
    return [bead for bead in alignment.beads if bead.source and bead.target]


def test_the_pairs_of_a_translation_the_encoder_hardly_knows_are_as_confident_as_they_are_right(estonian):
    beads = pairs(aligner.align(list(estonian.source), list(estonian.target), **LANGUAGES))
    right = bead_correctness([(bead.source, bead.target) for bead in beads], estonian.gold)
    confidence = np.mean([bead.confidence for bead in beads])
    assert np.mean(right) > 0.9 and confidence == pytest.approx(np.mean(right), abs=0.05)


def test_the_same_target_in_reverse_order_keeps_no_pair_confident(estonian):
    beads = pairs(aligner.align(list(estonian.source), list(estonian.target[::-1]), **LANGUAGES))
    assert beads and max(bead.confidence for bead in beads) < 0.5, [bead.confidence for bead in beads]
