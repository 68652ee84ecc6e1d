"""The checks on made cases of the gold bench data (../shared/bench next to the repository; ALIGNER_BENCH overrides)."""

from __future__ import annotations

import sys

import pytest

import aligner

from .conftest import BENCH_DIR, REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

from bench_data import grouped, textberg

pytestmark = pytest.mark.model


def test_a_replaced_paragraph_nearer_another_source_paragraph_is_a_weak_error_in_a_short_document(tmp_path):
    """Four paragraphs of the Text+Berg dev yearbook (de-fr, runs of 3 gold beads: German units 24-27, French
    36-39), the third French one replaced by another of the same text ("Le nom d'« Austria Peak » ...", unit 110), as
    benchmarks/short_weak.py makes its cases: a pair at 0.62, 2.4 times the median pair's distance, under the error's
    3 times. The replacement is nearer another German paragraph than its own, so it is an error, left out of a TMX,
    read back from a file too."""
    if not BENCH_DIR.is_dir():
        pytest.fail(f"bench data not found at {BENCH_DIR} (set ALIGNER_BENCH)")
    [document] = textberg(BENCH_DIR, "dev")
    paragraphs = grouped(document, 3)
    source, target = list(paragraphs.source[24:28]), list(paragraphs.target[36:40])  # gold 1-1
    target[2] = paragraphs.target[110]
    assert target[2].startswith("Le nom d'« Austria Peak »")
    alignment = aligner.align(source, target, source_language="de", target_language="fr")
    assert [bead.target for bead in alignment.beads] == [(0,), (1,), (2,), (3,)]
    assert alignment.beads[2].confidence > 0.5
    findings = alignment.check(checks=("weak",))  # the yearbook's OCR gives numbers errors of its own
    assert [(f.check, f.severity, f.bead) for f in findings] == [("weak", "error", 2)]
    evidence = dict(findings[0].evidence)
    assert 2 < float(evidence["distance_ratio"]) < 3
    assert float(evidence["rival_similarity"]) >= float(evidence["similarity"])
    report = alignment.to_tmx(tmp_path / "short.tmx", findings=findings)
    assert (report.pairs_written, report.errors_left_out) == (3, 1)
    # read back from a file, with no embeddings: the check encodes the units itself, and finds the same
    alignment.to_jsonl(tmp_path / "short.jsonl")
    assert aligner.load(tmp_path / "short.jsonl").check(checks=("weak",)) == findings
