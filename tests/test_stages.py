"""The pipeline as stages: settings, the signature generated from them, the stage functions, and the
embeddings an alignment hands on to the checks."""

from __future__ import annotations

import dataclasses
from dataclasses import fields, is_dataclass, replace

import numpy as np
import pytest

import aligner
from aligner import checks
from aligner.confidence import bead_confidences, default_model
from aligner.costs import CostParams
from aligner.pipeline import Settings, find_runs, score_run, signature
from aligner.search import SearchParams
from aligner.segment import RuleSegmenter

SOURCE = ["The cat sat on the mat.", "Trains leave the station at noon.", "Apples grow on old trees."]


def _leaf_fields(obj: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    return [
        leaf
        for field in fields(obj)
        for leaf in (
            _leaf_fields(getattr(obj, field.name), (*path, field.name))
            if is_dataclass(getattr(obj, field.name))
            else [(*path, field.name)]
        )
    ]


def _changed(obj: object, path: tuple[str, ...]) -> object:
    """`obj` with the field at `path` set to another valid value."""
    head, *rest = path
    value = getattr(obj, head)
    if rest:
        return replace(obj, **{head: _changed(value, tuple(rest))})
    other = (
        {"level": "sentence"}.get(head)
        if isinstance(value, str)
        else (value + 1 if isinstance(value, int) else value * 0.5 + 0.01)
    )
    return replace(obj, **{head: other})


def test_the_signature_has_every_settings_field_and_changing_any_one_changes_it(fake_encoder):
    settings = Settings()
    leaves = _leaf_fields(settings)
    assert {
        "level",
        "max_units",
        "costs.background_samples",
        "costs.seed",
        "search.margin",
        "search.full_dp_nodes",
    } <= {".".join(leaf) for leaf in leaves}
    base = signature(fake_encoder, settings)
    for leaf in leaves:
        changed = signature(fake_encoder, _changed(settings, leaf))
        assert changed != base, f"changing {'.'.join(leaf)} left the signature as it was"


def test_the_signature_names_the_model_the_confidence_model_and_the_segmentation(fake_encoder):
    settings = Settings()
    base = signature(fake_encoder, settings)
    assert base.startswith(f"aligner {aligner.__version__}|model:{fake_encoder.name}|")
    model = default_model()
    other_model = dataclasses.replace(model, pair=dataclasses.replace(model.pair, intercept=model.pair.intercept + 1))
    assert signature(fake_encoder, settings, other_model) != base
    rules = aligner.read("One sentence. Another one.", "en")
    abbreviated = aligner.read("One sentence. Another one.", "en", RuleSegmenter(abbreviations=["Bd."]))
    given = aligner.read([["One sentence.", "Another one."]], "en")
    segmented = {signature(fake_encoder, settings, None, (doc, doc)) for doc in (rules, abbreviated, given)}
    assert len(segmented) == 3
    assert signature(fake_encoder, settings, None, (rules, given)).endswith("|segmenter:rules/given")


def test_align_takes_settings_and_level_or_max_units_override_them(fake_encoder):
    text = "The cat sat. It was happy.\n\nTrains leave at noon."
    by_settings = aligner.align(text, text, model=fake_encoder, settings=Settings(level="sentence"))
    assert by_settings.level == "sentence" and len(by_settings.beads) == 3
    overridden = aligner.align(text, text, "paragraph", model=fake_encoder, settings=Settings(level="sentence"))
    assert overridden.level == "paragraph" and len(overridden.beads) == 2
    costly = Settings(costs=CostParams(skip=5.0), search=SearchParams(margin=3))
    assert "costs.skip:5.0" in aligner.align(text, text, model=fake_encoder, settings=costly).signature


def test_find_runs_gives_each_bead_its_features_and_score_run_turns_them_into_beads(fake_encoder):
    source, target = aligner.read(SOURCE, "en"), aligner.read(SOURCE[:1] + SOURCE[2:], "en")
    encoder = aligner.embed.resolve_encoder(fake_encoder)
    [run] = find_runs(source, target, encoder, Settings())
    assert [(list(s), list(t)) for s, t in run.spans] == [([0], [0]), ([1], []), ([2], [1])]
    assert len(run.features) == len(run.spans) and "similarity" in run.features[0]
    assert "best_similarity" in run.features[1]  # the unpaired unit has the skip model's features
    beads = score_run(run, default_model())
    assert [b.confidence for b in beads] == [
        round(p, 6) for p in bead_confidences(default_model(), run.spans, run.features)
    ]
    assert [(b.source, b.target) for b in beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,))]


def test_a_paragraph_left_unpaired_is_searched_again_with_the_bead_beside_it(fake_encoder):
    """Its sentences were certain (1.0) when their run had an empty side: now the sentence search, in one run with
    the paragraph bead next to it, decides them and the confidence model scores them."""
    trains = "Trains leave the station at noon. They are very fast."
    source, target = aligner.read(f"Cats purr softly. Dogs bark loudly.\n\n{trains}", "en"), aligner.read(trains, "en")
    encoder = aligner.embed.resolve_encoder(fake_encoder)
    [run] = find_runs(source, target, encoder, Settings(level="sentence"))
    assert len(run.features) == len(run.spans)
    beads = score_run(run, default_model())
    assert [(b.source, b.target) for b in beads] == [((0,), ()), ((1,), ()), ((2,), (0,)), ((3,), (1,))]
    assert all(b.confidence < 1.0 for b in beads[:2])


def test_no_sentence_bead_takes_sentences_of_two_paragraph_beads_on_a_side(fake_encoder):
    """The cat sentence closes the first paragraph bead unpaired, so both beads are searched again as one, where
    it would join the dog sentence in a 2-1 across the break: that search is not kept."""
    source = [
        ["Apples grow on old trees in the garden.", "Cats purr softly on the warm mat."],
        ["Dogs bark loudly at the mailman.", "Trains leave the station at noon."],
    ]
    target = [
        ["Apples grow on old trees in the garden."],
        ["Cats purr softly on the warm mat and dogs bark loudly at the mailman.", "Trains leave the station at noon."],
    ]
    result = aligner.align(source, target, "sentence", model=fake_encoder)
    assert [(b.source, b.target) for b in result.beads] == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]


def test_an_alignment_carries_the_embeddings_it_was_made_with_at_its_level(fake_encoder):
    text = "The cat sat. It was happy.\n\nTrains leave at noon."
    result = aligner.align(text, text, "sentence", model=fake_encoder)
    embeddings = result.embeddings
    assert embeddings is not None and f"model:{embeddings.model}|" in result.signature
    assert embeddings.source.shape == (3, fake_encoder.dim) == embeddings.target.shape
    expected = fake_encoder.encode([unit.text for unit in result.source.sentences])
    np.testing.assert_allclose(embeddings.source, expected, atol=1e-6)
    assert result == replace(result, embeddings=None)  # no part of equality


def test_the_order_check_uses_the_alignments_embeddings_and_loads_no_model(fake_encoder, monkeypatch):
    first, second = "The first paragraph talks about apples.", "The second paragraph is about trains and rails."
    two = aligner.align([first, second], [second, first], model=fake_encoder)
    merged = aligner.Bead((0, 1), (0, 1), f"{first}\n{second}", f"{second}\n{first}", 0.9, 0.5)
    two = replace(two, beads=(merged,))

    def no_model(model):
        raise AssertionError(f"the order check loaded a model ({model!r}) instead of reusing the embeddings")

    monkeypatch.setattr(checks, "resolve_encoder", no_model)
    [finding] = two.check(checks=("order",))
    assert finding.check == "order"
    with pytest.raises(AssertionError, match="loaded a model"):  # read back from a file: no embeddings
        replace(two, embeddings=None).check(checks=("order",))


def test_at_sentence_level_paragraphs_are_not_encoded_but_summed_from_their_sentences(fake_encoder):
    text = "The cat sat on the mat. It was happy there.\n\nTrains leave at noon. They are fast. Very fast."
    document = aligner.read(text, "en")
    encoder = aligner.embed.resolve_encoder(fake_encoder)
    table = aligner.embed.embed_documents(encoder, document, document, ["paragraph", "sentence"])
    assert not {paragraph.text for paragraph in document.paragraphs} & set(fake_encoder.encoded)
    sentences = table.rows("sentence", "source", document.sentences)
    np.testing.assert_allclose(
        table.rows("paragraph", "target", document.paragraphs),
        [sentences[:2].sum(axis=0), sentences[2:].sum(axis=0)],
        rtol=1e-6,
    )
    alone = aligner.embed.embed_documents(encoder, document, document, ["paragraph"])
    assert alone.rows("paragraph", "source", document.paragraphs).shape == (2, sentences.shape[1])
    assert {paragraph.text for paragraph in document.paragraphs} <= set(fake_encoder.encoded)  # encoded alone


def test_a_chain_of_paragraph_beads_with_unpaired_edges_is_rejoined_in_bounded_groups():
    """In a document that is no translation every edge of its paragraph beads can leave a sentence unpaired: one
    rejoined search of them all, parted again at each break its beads cross, made the sentence level quadratic."""
    from types import SimpleNamespace

    from aligner.pipeline import REJOINED_RUNS, _rejoined

    unpaired_edges = SimpleNamespace(spans=[(range(1), range(0)), (range(1, 2), range(1))])
    groups = _rejoined([unpaired_edges] * (3 * REJOINED_RUNS + 2))
    assert [k for first, last in groups for k in range(first, last + 1)] == list(range(3 * REJOINED_RUNS + 2))
    assert max(last - first + 1 for first, last in groups) == REJOINED_RUNS
