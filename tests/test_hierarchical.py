"""Sentence alignment inside paragraph beads: every run is normalised against the whole documents, not itself."""

from __future__ import annotations

import numpy as np
import pytest

import aligner
from aligner.costs import length_ratio, make_sides, normalised_distance
from aligner.embed import embed_documents, resolve_encoder
from aligner.pipeline import find_runs

pytestmark = pytest.mark.model  # the embedded encoder, for real


@pytest.fixture(scope="module")
def sentence_runs(seed_paths):
    encoder = resolve_encoder(None)
    source, target = aligner.read(seed_paths["ru"]), aligner.read(seed_paths["en"])
    runs = find_runs(source, target, encoder, aligner.Settings(level="sentence"))
    states = embed_documents(encoder, source, target, ["sentence"])
    whole = make_sides(
        states.level_rows("sentence", len(source.sentences) + len(target.sentences)),
        encoder.finish,
        [u.text for u in source.sentences],
        [u.text for u in target.sentences],
        aligner.Settings().costs,
    )
    return runs, whole


def test_every_sentence_run_has_the_background_of_the_whole_documents(sentence_runs):
    runs, (whole_source, whole_target) = sentence_runs
    assert len(runs) == 10  # one run per paragraph bead of the seed pair
    for run in runs:
        for side, whole, units in (
            (run.sides[0], whole_source, run.source_units),
            (run.sides[1], whole_target, run.target_units),
        ):
            rows = [unit.index for unit in units]
            np.testing.assert_allclose(side.background, whole.background[rows], rtol=1e-6)
        assert length_ratio(*run.sides) == pytest.approx(length_ratio(whole_source, whole_target))


def test_a_one_sentence_paragraph_is_not_its_own_background(sentence_runs):
    """The issue's finding: sampling the background inside a 1-1 paragraph bead gave the pair's own cosine,
    so a correct pair looked like unrelated text."""
    runs, _ = sentence_runs
    one_to_one = [run for run in runs if len(run.source_units) == len(run.target_units) == 1]
    assert len(one_to_one) >= 5
    for run in one_to_one:
        source, target = run.sides
        own = float(source.embeddings[0] @ target.embeddings[0])
        assert own > 0.7 and source.background[0] < own - 0.2
        background = (source.background[0] + target.background[0]) / 2
        assert normalised_distance(own, background) < 0.5  # what the cost and the features see: well below 1


def test_every_sentence_run_is_searched_with_the_whole_documents_typical_distance(seed_paths, monkeypatch):
    from aligner import pipeline
    from aligner.costs import typical_pair_distance

    seen: list[float] = []

    def recording(source, target, types, costs, search, typical):
        seen.append(typical)
        return scored_beads(source, target, types, costs, search, typical)

    scored_beads = pipeline.scored_beads
    monkeypatch.setattr(pipeline, "scored_beads", recording)
    encoder = resolve_encoder(None)
    source, target = aligner.read(seed_paths["ru"]), aligner.read(seed_paths["en"])
    runs = find_runs(source, target, encoder, aligner.Settings(level="sentence"))
    states = embed_documents(encoder, source, target, ["paragraph", "sentence"])
    whole = make_sides(
        states.level_rows("sentence", len(source.sentences) + len(target.sentences)),
        encoder.finish,
        [u.text for u in source.sentences],
        [u.text for u in target.sentences],
        aligner.Settings().costs,
    )
    sentence_runs = [run for run in runs if run.source_units and run.target_units]
    assert len(seen) == 1 + len(sentence_runs)  # the paragraph search, then one per sentence run
    assert seen[1:] == [pytest.approx(typical_pair_distance(*whole, aligner.Settings().costs))] * len(sentence_runs)


def test_a_sentence_moved_across_a_paragraph_break_twice_is_paired_with_its_translation(seed_paths):
    """A translator re-breaks paragraphs: the last sentence of English paragraphs 5 and 6 of the seed pair opens
    the next one. The paragraph beads then hold one sentence on one side whose translation is in the next bead
    (trial7 D1); it was a 0-1 at the end of one bead and a 1-0 at the start of the next, never paired."""
    source, target = aligner.read(seed_paths["ru"]), aligner.read(seed_paths["en"])
    ru, en = (
        [[u.text for u in doc.sentences if u.paragraph == k] for k in range(len(doc.paragraphs))]
        for doc in (source, target)
    )
    for k in (5, 6):
        en[k + 1].insert(0, en[k].pop())
    moved = "Notwithstanding the complexity of the particular period"
    translation = "Несмотря на сложность эпохи"
    paragraph_beads = aligner.align(ru, en).beads
    ru_bead = next(k for k, b in enumerate(paragraph_beads) if translation in b.source_text)
    en_bead = next(k for k, b in enumerate(paragraph_beads) if moved in b.target_text)
    assert ru_bead != en_bead  # the paragraph beads part the sentence from its translation
    sentences = aligner.align(ru, en, level="sentence")
    [bead] = [b for b in sentences.beads if moved in b.target_text]
    assert bead.source_text.startswith(translation) and bead.target_text.startswith(moved)
    assert all(b.source and b.target for b in sentences.beads)
