"""The headline case: the Russian 2025 statement against its English counterpart, with the embedded encoder.

The expected beads come from /work/shared/seeds/README.md, not from the code.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import aligner

from .conftest import NON_TRANSLATIONS, REPO_ROOT

# [ru paragraph ids]:[en paragraph ids], 0-based, as listed in the seeds README.
EXPECTED_PARAGRAPH_BEADS = [((0,), (0, 1))] + [((k,), (k + 1,)) for k in range(1, 10)]


def bead_ids(alignment: aligner.Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(bead.source, bead.target) for bead in alignment.beads]


def test_seed_documents_have_the_paragraph_counts_of_the_readme(seed_alignment):
    assert len(seed_alignment.source.paragraphs) == 10
    assert len(seed_alignment.target.paragraphs) == 11
    assert seed_alignment.source.language == "ru"
    assert seed_alignment.target.language == "en"


def test_seed_pair_gives_the_readme_paragraph_beads(seed_alignment):
    assert bead_ids(seed_alignment) == EXPECTED_PARAGRAPH_BEADS


@pytest.mark.model
def test_the_translation_saved_as_text_by_word_gives_the_readme_paragraph_beads(seed_paths, seed_alignment, tmp_path):
    """Word's "save as plain text" writes a paragraph a line, CRLF, no blank line: it aligns as the seed does
    (it was one paragraph of the whole file: a single 1-1 bead)."""
    english = tmp_path / "en-2025-statement.txt"
    english.write_bytes("\r\n".join(unit.text for unit in seed_alignment.target.paragraphs).encode() + b"\r\n")
    result = aligner.align(seed_paths["ru"], english)
    assert bead_ids(result) == EXPECTED_PARAGRAPH_BEADS
    assert [bead.target_text for bead in result.beads] == [bead.target_text for bead in seed_alignment.beads]


def test_every_expected_seed_bead_is_confident(seed_alignment):
    confidence = {(bead.source, bead.target): bead.confidence for bead in seed_alignment.beads}
    doubtful = {
        f"{list(s)}:{list(t)}": confidence.get((s, t), "missing")
        for s, t in EXPECTED_PARAGRAPH_BEADS
        if confidence.get((s, t), 0.0) < 0.9
    }
    assert not doubtful, f"expected beads with confidence < 0.9 or missing: {doubtful}"


def test_true_pair_has_high_document_confidence(seed_alignment):
    assert seed_alignment.confidence > 0.9


@pytest.fixture(scope="module")
def non_translation_alignments(seed_paths) -> dict[str, aligner.Alignment]:
    return {key: aligner.align(seed_paths["ru"], seed_paths[key]) for key in NON_TRANSLATIONS}


@pytest.mark.model
@pytest.mark.parametrize("other", NON_TRANSLATIONS)
def test_non_translation_has_low_document_confidence(non_translation_alignments, other):
    confidence = non_translation_alignments[other].confidence
    assert confidence < 0.3, f"ru-2025 vs {other}: document confidence {confidence:.3f}"


@pytest.mark.model
@pytest.mark.parametrize("other", NON_TRANSLATIONS)
def test_a_non_translation_has_no_confident_pair(non_translation_alignments, other):
    """Its pairs reach JSONL, TSV and the DataFrame with their confidence: none may say it is probably right."""
    pairs = [bead for bead in non_translation_alignments[other].beads if bead.source and bead.target]
    assert pairs and max(bead.confidence for bead in pairs) < 0.5, [bead.confidence for bead in pairs]


def test_true_pair_is_more_confident_than_every_non_translation(seed_alignment, non_translation_alignments):
    assert all(seed_alignment.confidence > other.confidence for other in non_translation_alignments.values())


def test_same_inputs_give_the_same_alignment_twice(seed_paths, seed_alignment):
    again = aligner.align(seed_paths["ru"], seed_paths["en"])
    assert again.beads == seed_alignment.beads  # ids, texts, confidences and similarities
    assert again.confidence == seed_alignment.confidence
    assert again.signature == seed_alignment.signature


_SUBPROCESS_ALIGN = """
import json, sys
from pathlib import Path
import aligner
out = {}
for level in ("paragraph", "sentence"):
    result = aligner.align(Path(sys.argv[1]), Path(sys.argv[2]), level=level)
    out[level] = {
        "confidence": result.confidence,
        "beads": [[list(b.source), list(b.target), b.confidence, b.similarity] for b in result.beads],
    }
print(json.dumps(out))
"""


def _as_json(alignment: aligner.Alignment) -> dict:
    return {
        "confidence": alignment.confidence,
        "beads": [[list(b.source), list(b.target), b.confidence, b.similarity] for b in alignment.beads],
    }


def test_a_fresh_process_gives_the_same_alignment(seed_paths, seed_alignment, seed_sentence_alignment):
    completed = subprocess.run(
        [sys.executable, "-c", _SUBPROCESS_ALIGN, str(seed_paths["ru"]), str(seed_paths["en"])],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    fresh = json.loads(completed.stdout)
    assert fresh["paragraph"] == _as_json(seed_alignment)
    assert fresh["sentence"] == _as_json(seed_sentence_alignment)


def test_sentence_level_result_is_labelled(seed_sentence_alignment):
    assert seed_sentence_alignment.level == "sentence"
    assert 0.0 <= seed_sentence_alignment.confidence <= 1.0


def test_sentence_beads_cover_every_sentence_once_in_order(seed_sentence_alignment):
    result = seed_sentence_alignment
    source_ids = [i for bead in result.beads for i in bead.source]
    target_ids = [j for bead in result.beads for j in bead.target]
    assert source_ids == list(range(len(result.source.sentences)))
    assert target_ids == list(range(len(result.target.sentences)))
    assert len(result.source.sentences) > len(result.source.paragraphs)


def test_sentence_beads_never_cross_a_paragraph_bead(seed_alignment, seed_sentence_alignment):
    sentences = seed_sentence_alignment
    crossing = []
    for bead in sentences.beads:
        source_paragraphs = {sentences.source.sentences[i].paragraph for i in bead.source}
        target_paragraphs = {sentences.target.sentences[j].paragraph for j in bead.target}
        holders = [
            outer
            for outer in seed_alignment.beads
            if source_paragraphs <= set(outer.source) and target_paragraphs <= set(outer.target)
        ]
        if len(holders) != 1:
            crossing.append((bead.source, bead.target, sorted(source_paragraphs), sorted(target_paragraphs)))
    assert not crossing, f"sentence beads not inside exactly one paragraph bead: {crossing}"


def test_sentence_bead_texts_are_the_sentences(seed_sentence_alignment):
    result = seed_sentence_alignment
    for bead in result.beads:
        assert bead.source_text == " ".join(result.source.sentences[i].text for i in bead.source)
        assert bead.target_text == " ".join(result.target.sentences[j].text for j in bead.target)


@pytest.mark.model
def test_paragraphs_in_another_order_are_not_a_confident_translation(seed_paths):
    """The English paragraphs shuffled: the document confidence says so, and the checks point at it."""
    import random

    paragraphs = [unit.text for unit in aligner.read(seed_paths["en"]).paragraphs]
    random.Random(0).shuffle(paragraphs)
    alignment = aligner.align(seed_paths["ru"], paragraphs, target_language="en")
    assert alignment.confidence < 0.3
    assert {finding.check for finding in alignment.check()} & {"order", "omission", "addition"}
