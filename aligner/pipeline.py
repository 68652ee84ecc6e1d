"""align(): the one place that runs the stages in order.

read -> segment -> embed -> search (costs + DP) -> score. Sentence-level
alignment is hierarchical: paragraphs are aligned first, then the sentences
inside each paragraph bead, so no sentence bead crosses a paragraph bead. A
document of one sentence per paragraph (one unit per line) has no paragraphs to
go by: with one, the sentences of the two whole documents are aligned directly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from . import __version__
from .confidence import PAIR_FEATURES, SKIP_FEATURES, ConfidenceModel, default_model, document_confidence
from .costs import CostParams, Side, bead_features, bead_types, make_sides
from .embed import Encoder, StateEncoder, chunks, embed_states, one_blas_thread, resolve_encoder
from .errors import InputError, SettingsError
from .language import check_language_tag, document_sample, identify_language, language_warnings
from .limits import ENCODER_CHUNK_CHARS, MAX_UNIT_CHARS, MAX_UNITS
from .read import READERS, read_paragraphs, split_paragraphs
from .search import search_path
from .segment import RuleSegmenter, Segmenter, build_document, document_of_sentences
from .types import LEVELS, UNIT_JOINERS, Alignment, Bead, Document, Level, Unit

Source = Path | str | Sequence[str] | Sequence[Sequence[str]] | Document
Units = Literal["paragraphs", "lines"]
UNITS: tuple[Units, ...] = ("paragraphs", "lines")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything besides the two documents that decides an alignment."""

    level: Level = "paragraph"
    max_units: int = 4  # the most units one side of a bead may have
    costs: CostParams = CostParams()

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise SettingsError(f"level must be one of {', '.join(LEVELS)}, got {self.level!r}")
        if not 1 <= self.max_units <= 8:
            raise SettingsError(f"max_units must be between 1 and 8, got {self.max_units}")


def read(source: Source, language: str | None = None, segmenter: Segmenter | None = None,
         units: Units = "paragraphs") -> Document:
    """A path, a text, a list of pre-split units or a Document -> Document.

    A `str` is the text itself (Markdown allowed), a `pathlib.Path` a file to
    read; a list of str holds units that are already split (one paragraph each,
    not segmented further); a list of lists of str, paragraphs of sentences that
    are already split (kept as given at level="sentence"). `units="lines"` reads a
    text or a plain-text file as one unit per line, blank lines ignored. The
    language is detected when not given (see `Document.language`).
    InputError for text that is not valid Unicode (lone surrogates), a str that
    is a file name, an empty unit in a list, and documents past `aligner.limits`.
    """
    if units not in UNITS:
        raise SettingsError(f"units must be one of {', '.join(UNITS)}, got {units!r}")
    if isinstance(source, Document):
        return source
    check_language_tag(language, "language")
    if _is_paragraphs_of_sentences(source):
        return _read_sentence_lists(source, language)
    paragraphs, name, segmenter = _units_of(source, segmenter, units)
    _check_size(paragraphs, name, "paragraphs")
    language, language_confidence = _language(language, paragraphs)
    document = build_document(paragraphs, name, language, segmenter, language_confidence)
    _check_size(document.sentences, name, "sentences")
    return document


def _units_of(source: Source, segmenter: Segmenter | None, units: Units) -> tuple[list[str], str, Segmenter | None]:
    """The units of a source, its name, and the segmenter for them (None: pre-split, each unit one sentence)."""
    if isinstance(source, Path):
        if units == "lines":
            from .readers.lines import read_lines

            return read_lines(source), _display_name(source), None
        return read_paragraphs(source), _display_name(source), segmenter or RuleSegmenter()
    if isinstance(source, str):
        _check_unicode(source, "<text>")
        if _looks_like_a_file_name(source):
            raise InputError(f"<text>: {source.strip()!r} looks like a file name; pass "
                             f"pathlib.Path({source.strip()!r}) to read the file (a str is the text itself)")
        if units == "lines":
            paragraphs = [line for line in (" ".join(raw.split()) for raw in source.split("\n")) if line]
            segmenter = None
        else:
            paragraphs, segmenter = split_paragraphs(source, markdown=True), segmenter or RuleSegmenter()
        if not paragraphs:
            raise InputError("<text>: the document has no text")
        return paragraphs, "<text>", segmenter
    if isinstance(source, Sequence) and all(isinstance(unit, str) for unit in source):
        for number, unit in enumerate(source):
            _check_unicode(unit, f"<units>: unit {number}")
        paragraphs = [" ".join(unit.split()) for unit in source]
        if "" in paragraphs:
            raise InputError(f"<units>: unit {paragraphs.index('')} is empty or only spaces; "
                             "leave empty units out (they have nothing to align)")
        return paragraphs, "<units>", None
    raise InputError(f"cannot read a {type(source).__name__}: give a pathlib.Path, a str, a list of str "
                     "or a list of lists of str")


def _is_paragraphs_of_sentences(source: object) -> bool:
    return (isinstance(source, Sequence) and not isinstance(source, str) and len(source) > 0
            and all(isinstance(paragraph, Sequence) and not isinstance(paragraph, str)
                    and all(isinstance(sentence, str) for sentence in paragraph) for paragraph in source))


def _read_sentence_lists(source: Sequence[Sequence[str]], language: str | None) -> Document:
    for number, paragraph in enumerate(source):
        for sentence in paragraph:
            _check_unicode(sentence, f"<sentences>: paragraph {number}")
    paragraphs = [[text for text in (" ".join(sentence.split()) for sentence in paragraph) if text]
                  for paragraph in source]
    empty = next((index for index, paragraph in enumerate(paragraphs) if not paragraph), None)
    if empty is not None:
        raise InputError(f"<sentences>: paragraph {empty} has no text")
    language, language_confidence = _language(language, [" ".join(paragraph) for paragraph in paragraphs])
    return document_of_sentences(paragraphs, "<sentences>", language, language_confidence)


def _language(given: str | None, paragraphs: Sequence[str]) -> tuple[str | None, float | None]:
    """The given language, or the one identified from the paragraphs with its confidence."""
    if given is not None:
        return given, None
    guess = identify_language(document_sample(paragraphs))
    return guess.language, guess.confidence


def _display_name(path: Path) -> str:
    """The path as text a person can read and any file can hold: undecodable bytes of a name become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _check_unicode(text: str, name: str) -> None:
    surrogate = re.search("[\ud800-\udfff]", text)
    if surrogate:
        raise InputError(f"{name}: lone surrogate U+{ord(surrogate.group()):04X} at character {surrogate.start()}, "
                         "not valid Unicode (decode the source with errors='replace')")


def _looks_like_a_file_name(text: str) -> bool:
    """One line ending in a readable file's extension, without spaces or naming a file that exists."""
    text = text.strip()
    if "\n" in text or len(text) > 4096 or Path(text).suffix.lower() not in READERS:
        return False
    if not any(ch.isspace() for ch in text):
        return True
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # a NUL character, a name too long: no file of that name
        return False


def _check_size(units: Sequence[str | Unit], name: str, what: str) -> None:
    """InputError for a document with more than MAX_UNITS units or a unit over MAX_UNIT_CHARS characters."""
    if len(units) > MAX_UNITS:
        raise InputError(f"{name}: {len(units):,} {what}, more than the {MAX_UNITS:,} a document may have; "
                         "split the document")
    lengths = [len(unit if isinstance(unit, str) else unit.text) for unit in units]
    longest = max(lengths, default=0)
    if longest > MAX_UNIT_CHARS:
        raise InputError(f"{name}: {what[:-1]} {lengths.index(longest)} has {longest:,} characters, more than the "
                         f"{MAX_UNIT_CHARS:,} a unit may have")


def align(
    source: Source,
    target: Source,
    level: Level = "paragraph",
    model: str | Path | Encoder | Any | None = None,
    *,
    source_language: str | None = None,
    target_language: str | None = None,
    max_units: int = 4,
    segmenter: Segmenter | None = None,
) -> Alignment:
    """Align `target` to `source` at `level` and say how sure we are of every bead.

    `model` is None for the embedded multilingual USE encoder, or a
    sentence-transformers model name, path or instance (anything with `.encode`).
    """
    settings = Settings(level=level, max_units=max_units)
    check_language_tag(source_language, "source_language")
    check_language_tag(target_language, "target_language")
    encoder = resolve_encoder(model)
    source_doc = read(source, source_language, segmenter)
    target_doc = read(target, target_language, segmenter)
    return align_documents(source_doc, target_doc, encoder, settings)


def align_documents(source: Document, target: Document, encoder: StateEncoder, settings: Settings,
                    confidence: ConfidenceModel | None = None) -> Alignment:
    """Align two read documents; the stages after reading (BLAS on one thread, so every machine agrees)."""
    with one_blas_thread():
        return _align_documents(source, target, encoder, settings, confidence or default_model())


def _align_documents(source: Document, target: Document, encoder: StateEncoder, settings: Settings,
                     confidence: ConfidenceModel) -> Alignment:
    # A side of one sentence per paragraph (one unit per line) has no paragraphs to align first.
    flat = settings.level == "sentence" and any(len(doc.sentences) == len(doc.paragraphs) for doc in (source, target))
    levels: list[Level] = ["sentence"] if flat else ["paragraph"] if settings.level == "paragraph" else [
        "paragraph", "sentence"]
    runs = [(lvl, side, doc) for lvl in levels for side, doc in (("source", source), ("target", target))]
    first_row = {(lvl, side): int(row) for (lvl, side, _), row in
                 zip(runs, np.cumsum([0] + [len(doc.units(lvl)) for lvl, _, doc in runs]))}
    table = StateTable(embed_states(encoder, [unit.text for lvl, _, doc in runs for unit in doc.units(lvl)]),
                       first_row)

    def side_pair(src_units: Sequence[Unit], tgt_units: Sequence[Unit], level: Level) -> tuple[Side, Side]:
        return make_sides((table.rows(level, "source", src_units), encoder.finish),
                          (table.rows(level, "target", tgt_units), encoder.finish),
                          [len(u.text) for u in src_units], [len(u.text) for u in tgt_units], settings.costs)

    if flat:
        beads = _align_units(source.sentences, target.sentences, side_pair, settings, confidence, "sentence")
    elif settings.level == "paragraph":
        beads = _align_units(source.paragraphs, target.paragraphs, side_pair, settings, confidence, "paragraph")
    else:
        paragraph_beads = _align_units(source.paragraphs, target.paragraphs, side_pair, settings, confidence,
                                       "paragraph")
        src_sentences, tgt_sentences = _sentences_by_paragraph(source), _sentences_by_paragraph(target)
        beads = []
        for outer in paragraph_beads:
            src_units = [u for p in outer.source for u in src_sentences[p]]
            tgt_units = [u for p in outer.target for u in tgt_sentences[p]]
            beads.extend(_align_units(src_units, tgt_units, side_pair, settings, confidence, "sentence"))
    sources = np.array([len(b.source) for b in beads])
    targets = np.array([len(b.target) for b in beads])
    return Alignment(
        source=source,
        target=target,
        level=settings.level,
        beads=tuple(beads),
        confidence=round(document_confidence(confidence, sources, targets,
                                             np.array([b.confidence for b in beads])), 6),
        signature=signature(encoder, settings),
        warnings=language_warnings(encoder, (source, target)),
    )


@dataclass(frozen=True, slots=True)
class StateTable:
    """The additive states of every unit of both documents at the levels aligned, one row per unit:
    the units of (level, side) are the rows from first_row[level, side] on, in document order."""

    states: np.ndarray
    first_row: dict[tuple[Level, str], int]

    def rows(self, level: Level, side: str, units: Sequence[Unit]) -> np.ndarray:
        """The states of a run of consecutive units of the "source" or "target" side, as a view (no copy)."""
        first = self.first_row[level, side] + units[0].index
        return self.states[first:first + len(units)]


def _align_units(src_units: Sequence[Unit], tgt_units: Sequence[Unit], side_pair, settings: Settings,
                 confidence: ConfidenceModel, level: Level) -> list[Bead]:
    """Align two runs of units (a whole document, or the inside of one paragraph bead)."""
    if not src_units or not tgt_units:  # one side empty: every unit is certainly unpaired
        return [_bead([u], [], level, 1.0) for u in src_units] + [_bead([], [u], level, 1.0) for u in tgt_units]
    source, target = side_pair(src_units, tgt_units, level)
    nodes = search_path(source, target, bead_types(settings.max_units), settings.costs)
    spans = [(range(i0, i1), range(j0, j1)) for (i0, j0), (i1, j1) in zip(nodes, nodes[1:])]
    features = bead_features(source, target, spans)
    is_pair = np.array([bool(s) and bool(t) for s, t in spans])
    probability = np.zeros(len(spans))
    probability[is_pair] = confidence.pair.probability(_matrix(features, is_pair, PAIR_FEATURES))
    probability[~is_pair] = confidence.skip.probability(_matrix(features, ~is_pair, SKIP_FEATURES))
    return [
        _bead([src_units[k] for k in span_s], [tgt_units[k] for k in span_t], level,
              float(p), feats.get("similarity", 0.0))
        for (span_s, span_t), p, feats in zip(spans, probability, features)
    ]


def _sentences_by_paragraph(document: Document) -> list[list[Unit]]:
    grouped: list[list[Unit]] = [[] for _ in document.paragraphs]
    for sentence in document.sentences:
        grouped[sentence.paragraph].append(sentence)
    return grouped


def _matrix(features: list[dict[str, float]], mask: np.ndarray, names: Sequence[str]) -> np.ndarray:
    rows = [[feats[name] for name in names] for feats, keep in zip(features, mask) if keep]
    return np.array(rows, dtype=float).reshape(-1, len(names))


def _bead(src: Sequence[Unit], tgt: Sequence[Unit], level: Level, confidence: float, similarity: float = 0.0) -> Bead:
    joiner = UNIT_JOINERS[level]
    return Bead(
        source=tuple(u.index for u in src),
        target=tuple(u.index for u in tgt),
        source_text=joiner.join(u.text for u in src),
        target_text=joiner.join(u.text for u in tgt),
        confidence=round(min(max(confidence, 0.0), 1.0), 6),
        similarity=round(similarity, 6),
        notes=tuple(_chunked_note(side, unit, level) for side, units in (("source", src), ("target", tgt))
                    for unit in units if len(unit.text) > ENCODER_CHUNK_CHARS),
    )


def _chunked_note(side: str, unit: Unit, level: Level) -> str:
    return (f"{side} {level} {unit.index} ({len(unit.text):,} characters) was embedded in {len(chunks(unit.text))} "
            f"chunks of at most {ENCODER_CHUNK_CHARS:,} characters")


def signature(encoder: Encoder, settings: Settings) -> str:
    """The settings, model and version that produced a result, in one line (like sacrebleu's)."""
    c = settings.costs
    return (f"aligner {__version__}|model:{encoder.name}|level:{settings.level}|max:{settings.max_units}"
            f"|skip:{c.skip}|bonus:{c.pair_bonus}|many:{c.many_penalty}|len:{c.length_weight}"
            f"|cover:{c.coverage_weight},{c.coverage_threshold},{c.coverage_length}|seed:{c.seed}")
