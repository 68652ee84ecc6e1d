"""Omissions are never absorbed: the seed pair with one body paragraph, or one body sentence, deleted from either
side, aligned with the embedded encoder, every case.

The deleted unit's counterpart must come out alone (a 1-0 or 0-1 bead, reported by the omission/addition check)
and every other bead as in the full pair: the paragraph beads of /work/shared/seeds/README.md, and the sentence
beads below, read off the two texts (each Russian sentence and its English translation; only the header, one
Russian sentence, is two English ones, the title and the date).
"""

from __future__ import annotations

import pytest

import aligner
from aligner.embed import CachedEncoder, resolve_encoder
from aligner.pipeline import align_documents

from .test_seed_alignment import EXPECTED_PARAGRAPH_BEADS

pytestmark = pytest.mark.model  # the embedded encoder, for real

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]

# [ru sentence ids]:[en sentence ids], 0-based: ru 0 is the header (title and date), en 0 the title, en 1 the date.
EXPECTED_SENTENCE_BEADS: list[BeadIds] = [((0,), (0, 1))] + [((k,), (k + 1,)) for k in range(1, 12)]

BODY_PARAGRAPHS = {"ru": range(1, 10), "en": range(2, 11)}  # all but the header (ru 0; en 0 and 1)
BODY_SENTENCES = {"ru": range(1, 12), "en": range(2, 13)}
PARAGRAPH_CASES = [(side, k) for side, ids in BODY_PARAGRAPHS.items() for k in ids]
SENTENCE_CASES = [(side, k) for side, ids in BODY_SENTENCES.items() for k in ids]


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    """The embedded encoder, remembering every text's state: the variants share all but a few texts."""
    return CachedEncoder(resolve_encoder(None))


@pytest.fixture(scope="module")
def seed_sentences(seed_paths) -> dict[str, list[list[str]]]:
    """Each seed document as its paragraphs' sentences, as the reader and segmenter split them."""
    documents = {side: aligner.read(seed_paths[side]) for side in ("ru", "en")}
    return {
        side: [[" ".join(s.text.split()) for s in doc.sentences if s.paragraph == p.index] for p in doc.paragraphs]
        for side, doc in documents.items()
    }


def as_text(paragraphs: list[list[str]]) -> str:
    """A plain text of blank-line separated paragraphs (read and segmented again, as a file would be)."""
    return "\n\n".join(" ".join(sentences) for sentences in paragraphs if sentences)


def without_paragraph(paragraphs: list[list[str]], deleted: int) -> list[list[str]]:
    return [sentences for k, sentences in enumerate(paragraphs) if k != deleted]


def without_sentence(paragraphs: list[list[str]], deleted: int) -> list[list[str]]:
    ids = iter(range(sum(map(len, paragraphs))))
    return [[s for s in sentences if next(ids) != deleted] for sentences in paragraphs]


def expected_after_deletion(beads: list[BeadIds], side: str, deleted: int) -> list[BeadIds]:
    """The beads of the full pair once unit `deleted` of `side` is gone: its counterpart alone, the ids after it
    one lower."""

    def renumbered(ids: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(i - (i > deleted) for i in ids if i != deleted)

    if side == "ru":
        return [(renumbered(s), t) for s, t in beads]
    return [(s, renumbered(t)) for s, t in beads]


def align_variant(encoder, source: list[list[str]], target: list[list[str]], level: str) -> aligner.Alignment:
    settings = aligner.Settings(level=level)
    return align_documents(aligner.read(as_text(source), "ru"), aligner.read(as_text(target), "en"), encoder, settings)


def bead_ids(alignment: aligner.Alignment) -> list[BeadIds]:
    return [(bead.source, bead.target) for bead in alignment.beads]


def test_the_cases_cover_every_body_unit(seed_sentences):
    assert (len(PARAGRAPH_CASES), len(SENTENCE_CASES)) == (18, 22)
    assert [len(seed_sentences[side]) for side in ("ru", "en")] == [10, 11]
    assert [sum(map(len, seed_sentences[side])) for side in ("ru", "en")] == [12, 13]


def assert_counterpart_alone(encoder, seed_sentences, side: str, delete, level: str, expected: list[BeadIds]) -> None:
    """Align the seed pair with `delete(paragraphs)` applied to `side`; its beads must be `expected`, with the one
    unpaired unit reported as an addition (a Russian unit deleted) or an omission (an English one)."""
    source, target = seed_sentences["ru"], seed_sentences["en"]
    if side == "ru":
        source = delete(source)
    else:
        target = delete(target)
    result = align_variant(encoder, source, target, level)
    assert bead_ids(result) == expected
    [alone] = [k for k, bead in enumerate(result.beads) if not bead.is_pair]
    check = "addition" if side == "ru" else "omission"
    assert any(f.check == check and f.bead == alone for f in result.check()), result.check()


@pytest.mark.parametrize(("side", "deleted"), PARAGRAPH_CASES, ids=[f"{s}-{k}" for s, k in PARAGRAPH_CASES])
def test_a_deleted_paragraph_leaves_its_counterpart_alone(encoder, seed_sentences, side, deleted):
    assert_counterpart_alone(
        encoder,
        seed_sentences,
        side,
        lambda paragraphs: without_paragraph(paragraphs, deleted),
        "paragraph",
        expected_after_deletion(EXPECTED_PARAGRAPH_BEADS, side, deleted),
    )


@pytest.mark.parametrize(("side", "deleted"), SENTENCE_CASES, ids=[f"{s}-{k}" for s, k in SENTENCE_CASES])
def test_a_deleted_sentence_is_found_at_sentence_level(encoder, seed_sentences, side, deleted):
    assert_counterpart_alone(
        encoder,
        seed_sentences,
        side,
        lambda paragraphs: without_sentence(paragraphs, deleted),
        "sentence",
        expected_after_deletion(EXPECTED_SENTENCE_BEADS, side, deleted),
    )
