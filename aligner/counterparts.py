"""Counterpart search: which document is the translation of which.

Two stages, so it scales to tens of thousands of documents:

1. candidates: every document gets one embedding, the length-weighted mean of
   its paragraph embeddings (L2-normalised); each source keeps its `top_k`
   nearest targets by cosine, and each target its `top_k` nearest sources
   (both directions, so a target that is a hub for many sources still reaches
   its own source).
2. re-scoring: every candidate pair is aligned (`align_documents`) and scored
   with the alignment's document-level confidence. Paragraph embeddings go
   through one `CachedEncoder`, so each text is encoded once for stage 1 and
   every alignment of stage 2.

A document in the same language as the other (both languages known: `same_language`) is never a candidate, as
`aligner align` refuses such a pair: a copy of the source among the candidates is no translation of it.

`match_corpus` then pairs the collections one-to-one, greedily by confidence
(highest first, ties by position); a pair below `threshold` is never made.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .embed import CachedEncoder, Model, StateEncoder, embed_texts, normalise, one_blas_thread, resolve_encoder
from .errors import InputError, SettingsError
from .language import same_language
from .pipeline import Settings, Source, align_documents, read, signature
from .progress import progress
from .types import DEFAULT_MAX_UNITS, Alignment, Document, Level

# A candidate whose confidence is below this is not a translation of the source.
DEFAULT_THRESHOLD = 0.5
# Nearest neighbours re-scored per document (in each direction, for corpora).
DEFAULT_TOP_K = 5


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate that translates the source: its position in the candidate list, its name,
    the confidence that it is a translation, and the alignment that confidence comes from."""

    index: int
    name: str
    confidence: float
    alignment: Alignment = field(repr=False)


@dataclass(frozen=True, slots=True)
class DocumentPair:
    """A source paired with its translation by `match_corpus` (positions in the two collections)."""

    source: int
    target: int
    source_name: str
    target_name: str
    confidence: float
    alignment: Alignment = field(repr=False)


@dataclass(frozen=True, slots=True)
class Pairing:
    """The one-to-one pairing of two collections; documents with no counterpart stay unmatched.

    `pairs` are in source order; unmatched documents are given by position;
    `source_names`/`target_names` name every document of the two collections;
    `signature` names the version, model and settings.
    """

    pairs: tuple[DocumentPair, ...]
    unmatched_sources: tuple[int, ...]
    unmatched_targets: tuple[int, ...]
    source_names: tuple[str, ...]
    target_names: tuple[str, ...]
    signature: str

    def to_tsv(self) -> str:
        """Tab-separated `source, target, confidence`: a `#` line with the signature, a header, one
        row per pair in source order, then unmatched sources and targets with the other side empty."""
        rows = [f"# {self.signature}", "source\ttarget\tconfidence"]
        rows += [f"{p.source_name}\t{p.target_name}\t{p.confidence:.4f}" for p in self.pairs]
        rows += [f"{self.source_names[i]}\t\t" for i in self.unmatched_sources]
        rows += [f"\t{self.target_names[j]}\t" for j in self.unmatched_targets]
        return "\n".join(rows) + "\n"


def match(
    source: Source,
    candidates: Sequence[Source],
    model: Model = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    top_k: int = DEFAULT_TOP_K,
    level: Level = "paragraph",
    max_units: int = DEFAULT_MAX_UNITS,
) -> tuple[Match, ...]:
    """The candidates that translate `source`, most confident first; empty when none does.

    `source` and each candidate are anything `aligner.read` accepts. Only the
    `top_k` candidates nearest to the source by document embedding are aligned
    and scored; a candidate is returned when its confidence (the document-level
    confidence of its alignment with the source) is at least `threshold`.
    `model` is as for `aligner.align`; pass a `CachedEncoder` to share
    embeddings across calls. A candidate in the source's language (the source itself among them) is left out.
    """
    settings = _settings(threshold, top_k, level, max_units)
    encoder = _cached(model)
    source_doc = read(source)
    candidate_docs = [read(candidate) for candidate in candidates]
    eligible = [j for j, doc in enumerate(candidate_docs) if _may_translate(source_doc, doc)]
    if not eligible:
        return ()
    vectors = document_embeddings([source_doc, *(candidate_docs[j] for j in eligible)], encoder)
    nearest = [eligible[k] for k in _nearest(vectors[:1], vectors[1:], top_k)[0]]
    scored = _rescore([source_doc], candidate_docs, [(0, j) for j in nearest], encoder, settings)
    matches = [
        Match(j, candidate_docs[j].name, alignment.confidence, alignment)
        for (_, j), alignment in scored.items()
        if alignment.confidence >= threshold
    ]
    return tuple(sorted(matches, key=lambda m: (-m.confidence, m.index)))


def match_corpus(
    sources: Sequence[Source],
    targets: Sequence[Source],
    model: Model = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    top_k: int = DEFAULT_TOP_K,
    level: Level = "paragraph",
    max_units: int = DEFAULT_MAX_UNITS,
) -> Pairing:
    """Pair each source with its translation among `targets`, one-to-one.

    Candidate pairs are each document's `top_k` nearest neighbours on the other
    side; they are aligned and scored, then taken greedily by confidence, each
    document at most once, and never below `threshold`. Documents left over
    are reported as unmatched. Documents in the same language are never paired.
    """
    settings = _settings(threshold, top_k, level, max_units)
    encoder = _cached(model)
    source_docs = [read(source) for source in sources]
    target_docs = [read(target) for target in targets]
    run_signature = f"{signature(encoder, settings)}|top_k:{top_k}|threshold:{threshold}"
    names = tuple(doc.name for doc in source_docs), tuple(doc.name for doc in target_docs)
    if not source_docs or not target_docs:
        return Pairing((), tuple(range(len(source_docs))), tuple(range(len(target_docs))), *names, run_signature)
    vectors = document_embeddings(source_docs + target_docs, encoder)
    source_vectors, target_vectors = vectors[: len(source_docs)], vectors[len(source_docs) :]
    candidates = {(i, int(j)) for i, row in enumerate(_nearest(source_vectors, target_vectors, top_k)) for j in row}
    candidates |= {(int(i), j) for j, row in enumerate(_nearest(target_vectors, source_vectors, top_k)) for i in row}
    candidates = {(i, j) for i, j in candidates if _may_translate(source_docs[i], target_docs[j])}
    scored = _rescore(source_docs, target_docs, sorted(candidates), encoder, settings)
    pairs = _assign_greedily(scored, threshold)
    matched_sources = {i for i, _ in pairs}
    matched_targets = {j for _, j in pairs}
    return Pairing(
        pairs=tuple(
            DocumentPair(i, j, source_docs[i].name, target_docs[j].name, scored[i, j].confidence, scored[i, j])
            for i, j in sorted(pairs)
        ),
        unmatched_sources=tuple(i for i in range(len(source_docs)) if i not in matched_sources),
        unmatched_targets=tuple(j for j in range(len(target_docs)) if j not in matched_targets),
        source_names=names[0],
        target_names=names[1],
        signature=run_signature,
    )


def document_embeddings(documents: Sequence[Document], encoder: StateEncoder) -> np.ndarray:
    """One vector per document: float32[len(documents), dim], the paragraph embeddings
    averaged with weights proportional to paragraph length, then L2-normalised."""
    empty = [doc.name for doc in documents if not doc.paragraphs]
    if empty:
        raise InputError(f"{empty[0]}: the document has no text")
    texts = [unit.text for doc in documents for unit in doc.paragraphs]
    with one_blas_thread():
        paragraph_vectors = embed_texts(encoder, texts, "embedding documents")
    weights = np.array([len(text) for text in texts], dtype=np.float32)[:, None]
    owner = np.repeat(np.arange(len(documents)), [len(doc.paragraphs) for doc in documents])
    sums = np.zeros((len(documents), paragraph_vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, owner, paragraph_vectors * weights)
    return normalise(sums)


def _settings(threshold: float, top_k: int, level: Level, max_units: int) -> Settings:
    if not 0.0 <= threshold <= 1.0:
        raise SettingsError(f"threshold must be between 0 and 1, got {threshold}")
    if top_k < 1:
        raise SettingsError(f"top_k must be at least 1, got {top_k}")
    return Settings(level=level, max_units=max_units)


def _may_translate(source: Document, target: Document) -> bool:
    """False for two documents known to be in the same language (a copy, or an untranslated file)."""
    return not same_language(source.language, target.language)


def _cached(model: Model) -> CachedEncoder:
    return model if isinstance(model, CachedEncoder) else CachedEncoder(resolve_encoder(model))


def _nearest(queries: np.ndarray, items: np.ndarray, k: int) -> np.ndarray:
    """int[len(queries), min(k, len(items))]: the items nearest to each query by cosine, nearest first."""
    from sklearn.neighbors import NearestNeighbors

    index = NearestNeighbors(n_neighbors=min(k, len(items)), metric="cosine", algorithm="brute").fit(items)
    with one_blas_thread():
        return index.kneighbors(queries, return_distance=False)


def _rescore(
    sources: Sequence[Document],
    targets: Sequence[Document],
    pairs: Iterable[tuple[int, int]],
    encoder: StateEncoder,
    settings: Settings,
) -> dict[tuple[int, int], Alignment]:
    """Align every (source, target) position pair; the alignments by pair, in the order given."""
    pairs = list(pairs)
    scored = {}
    with progress(total=len(pairs), description="re-scoring candidates", unit="pair") as bar:
        for i, j in pairs:
            scored[i, j] = align_documents(sources[i], targets[j], encoder, settings)
            bar.update(1)
    return scored


def _assign_greedily(scored: dict[tuple[int, int], Alignment], threshold: float) -> list[tuple[int, int]]:
    """Most confident pair first, each document used once; pairs below threshold are never taken."""
    used_sources: set[int] = set()
    used_targets: set[int] = set()
    pairs = []
    for (i, j), alignment in sorted(scored.items(), key=lambda item: (-item[1].confidence, item[0])):
        if alignment.confidence < threshold:
            break
        if i not in used_sources and j not in used_targets:
            pairs.append((i, j))
            used_sources.add(i)
            used_targets.add(j)
    return pairs


def documents_in(directory: Path) -> list[Path]:
    """The documents of a collection: the regular, non-hidden files directly in `directory`, by name."""
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise InputError(f"{directory}: the directory has no documents")
    return files
