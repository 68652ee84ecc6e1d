"""align(): the one place that runs the stages in order (see ARCHITECTURE.md).

read -> segment (`read`) -> embed (`embed_documents`) -> costs (`make_sides`) ->
search (`scored_beads`, `refine_beads`) -> features (`bead_features`) -> score (`bead_confidences`,
`document_confidence`, `in_document`). `find_runs` does everything before scoring, so the
confidence model can be fitted on its features (benchmarks/fit_confidence.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, fields, is_dataclass, replace
from pathlib import Path
from typing import TypeGuard, TypeVar

import numpy as np

from . import __version__
from .confidence import ConfidenceModel, bead_confidences, default_model, document_confidence, in_document
from .costs import CostParams, Side, bead_types, make_sides, typical_pair_distance
from .embed import (
    Encoder,
    Model,
    StateEncoder,
    chunks,
    embed_documents,
    embed_states,
    embed_texts,
    one_blas_thread,
    resolve_encoder,
    state_joiner,
)
from .errors import InputError, SettingsError, shown
from .features import bead_features, number_support, path_order, path_posteriors
from .language import (
    check_given_languages,
    check_language_tag,
    contrast_warnings,
    document_sample,
    identify_language,
    language_warnings,
    one_language_warning,
    short_document_warning,
)
from .limits import ENCODER_CHUNK_CHARS, check_size
from .paths import expand_home
from .progress import tracked
from .readers import (
    READERS,
    read_paragraphs_with_roles,
    split_lines,
    split_paragraphs,
    text_hints,
    visible_text,
)
from .refine import GroupEncoder, attach_unpaired, refine_beads
from .search import SearchParams, Span, scored_beads
from .segment import RuleSegmenter, Segmenter, build_document, document_of_sentences
from .types import (
    DEFAULT_MAX_UNITS,
    LEVELS,
    UNIT_JOINERS,
    UNITS,
    UNNAMED,
    Alignment,
    Bead,
    Document,
    Level,
    Role,
    Unit,
    UnitEmbeddings,
    Units,
)

# What `align`, `read` and `align_many` take for one side: a file's path, a text (a str), a list of units, a list of
# paragraphs each a list of its sentences, a `Document`; Iterable[str]: units in an ordered collection that is no
# Sequence (a pandas Series, a numpy array), read as a list.
Source = Path | str | Sequence[str] | Sequence[Sequence[str]] | Document | Iterable[str]
_Any = TypeVar("_Any")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything besides the two documents that decides an alignment."""

    level: Level = "paragraph"
    max_units: int = DEFAULT_MAX_UNITS  # the most units one side of a bead may have
    costs: CostParams = CostParams()
    search: SearchParams = SearchParams()

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            # align(src, tgt, model) gives the model as the level, align's third argument
            given_a_model = hasattr(self.level, "encode") and not isinstance(self.level, str)
            model = " (a model goes as model=, align's fourth argument)" if given_a_model else ""
            raise SettingsError(f"level must be one of {', '.join(LEVELS)}, got {shown(self.level)}{model}")
        for name, kind in (("costs", CostParams), ("search", SearchParams)):
            value = getattr(self, name)
            if not isinstance(value, kind):  # a dict of a few fields failed inside align with an AttributeError
                raise SettingsError(
                    f"{name} must be an aligner.{kind.__name__}, such as aligner.{kind.__name__}(...) with the fields "
                    f"to change, got {type(value).__name__} {shown(value)}"
                )
        if not isinstance(self.max_units, int) or isinstance(self.max_units, bool):
            raise SettingsError(f"max_units must be a whole number between 1 and 8, got {shown(self.max_units)}")
        if not 1 <= self.max_units <= 8:
            raise SettingsError(f"max_units must be between 1 and 8, got {self.max_units}")


def read(
    source: Source,
    language: str | None = None,
    segmenter: Segmenter | None = None,
    units: Units = "paragraphs",
    notes: bool = True,
    encoding: str | None = None,
) -> Document:
    """A path, a text, a list of pre-split units (or a pandas Series, a numpy array of them) or a Document -> Document.

    A `str` is the text itself (Markdown allowed), a `pathlib.Path` a file to
    read; a list of str holds units that are already split (one paragraph each,
    not segmented further); a list of lists of str, paragraphs of sentences that
    are already split (kept as given at level="sentence"). `units="lines"` reads a
    text or a plain-text or Markdown file as one unit per line, blank lines ignored
    (Markdown markup removed, as in paragraphs: a text is read as Markdown). The footnotes and
    endnotes of a .docx, .odt, .html or .epub file are paragraphs of their own after the paragraph that
    references them, and the headers and footers of a .docx or .odt after the body; `notes=False` leaves the notes
    out (text boxes, headers and footers are read either way). The
    language is detected when not given (see `Document.language`); a Document is returned as it is, with the
    given language when there is one. A text file in a legacy encoding is read in `encoding` when given ("cp1251",
    "latin-9"); else it is guessed, preferring the reading in `language` when given. A guess on weak evidence, and an
    encoding given that reads a valid UTF-8 file as mojibake, warn (`aligner.EncodingGuessWarning`). Whatever the
    source, soft hyphens, zero width spaces, word joiners and a BOM inside the text are left out
    (`readers.without_layout_hints`).
    InputError for text that is not valid Unicode (lone surrogates), a str that
    is a file name, an empty unit in a list, and documents past `aligner.limits`.
    """
    if units not in UNITS:
        raise SettingsError(f"units must be one of {', '.join(UNITS)}, got {shown(units)}")
    if not isinstance(notes, bool):
        raise SettingsError(f"notes must be True or False, got {shown(notes)}")
    source = _as_list(as_path(source))
    if isinstance(source, Document):
        check_language_tag(language, "language")
        if language is None or (language == source.language and source.language_confidence is None):
            return source
        # the given language, as for any other source: it goes into the exports, and a contradiction is refused
        return replace(source, language=language, language_confidence=None)
    _check_segmenter(segmenter)
    _check_not_empty(source, "<text>" if isinstance(source, str) else "<units>")
    check_language_tag(language, "language")
    if _is_paragraphs_of_sentences(source):
        return _read_sentence_lists(source, language)
    with text_hints(language, encoding):
        paragraphs, roles, name, segmenter = _units_of(source, segmenter, units, notes)
    check_size(paragraphs, name, "paragraphs")
    language, language_confidence = _language(language, paragraphs)
    return build_document(
        paragraphs, name, language, segmenter, language_confidence, lines=units == "lines", roles=roles
    )


def as_path(source: _Any) -> _Any | Path:
    """A path-like (a `Path`, an `os.DirEntry` from `os.scandir`, a `PurePath`) as a `Path`, `~` the home folder as
    for a model or a cache folder (a notebook or a script has no shell to expand it: `Path("~/ru.md")` was "no such
    file"); anything else as it is."""
    if isinstance(source, os.PathLike):
        return expand_home(source)
    return source


def _as_list(source: Source) -> Source:
    """Units in an ordered collection that is no `Sequence` (a pandas Series, `df["ru"]`; a numpy array; a generator)
    as a list of them; anything else as it is (a set or a mapping has no order of a document's: refused below)."""
    if isinstance(source, (str, bytes, os.PathLike, Document, Sequence, Set, Mapping)) or not isinstance(
        source, Iterable
    ):
        return source
    return list(source)


def _units_of(
    source: Source, segmenter: Segmenter | None, units: Units, notes: bool
) -> tuple[list[str], list[Role | None], str, Segmenter | None]:
    """The units of a source, their roles (none: body text), its name, and the segmenter for them (None: pre-split,
    each unit one sentence). Whatever the source, a unit's text has no layout hints (`visible_text`)."""
    if isinstance(source, Path):
        if units == "lines":
            from .readers.lines import read_lines

            lines = read_lines(source)
            return *_visible(lines, [None] * len(lines), _display_name(source)), None
        read = read_paragraphs_with_roles(source, notes)
        texts, roles = [paragraph.text for paragraph in read], [paragraph.role for paragraph in read]
        return *_visible(texts, roles, _display_name(source)), segmenter or RuleSegmenter()
    if isinstance(source, str):
        _check_unicode(source, "<text>")
        if _looks_like_a_file_name(source):
            raise InputError(
                f"<text>: {source.strip()!r} looks like a file name; pass "
                f"pathlib.Path({source.strip()!r}) to read the file (a str is the text itself)"
            )
        if units == "lines":
            paragraphs, segmenter = split_lines(source, markdown=True), None
        else:
            paragraphs, segmenter = split_paragraphs(source, markdown=True), segmenter or RuleSegmenter()
        return *_visible(paragraphs, [None] * len(paragraphs), "<text>"), segmenter
    if _is_units(source):
        for number, unit in enumerate(source):
            _check_unicode(unit, f"<units>: unit {number}")
        paragraphs = [visible_text(unit) for unit in source]
        if "" in paragraphs:
            raise InputError(
                f"<units>: unit {paragraphs.index('')} is empty or only spaces; "
                "leave empty units out (they have nothing to align)"
            )
        return paragraphs, [], "<units>", None
    if isinstance(source, Sequence) and not isinstance(source, (bytes, bytearray)):
        _check_unit_types(source)
    raise InputError(
        f"<units>: cannot read a {type(source).__name__}: give a pathlib.Path, a str, a list of str or a list of lists "
        "of str"
    )


def _visible(texts: list[str], roles: list[Role | None], name: str) -> tuple[list[str], list[Role | None], str]:
    """A read document's paragraphs (and their roles) without layout hints, those that had nothing else left out;
    InputError when none is left."""
    kept = [(visible, role) for text, role in zip(texts, roles) if (visible := visible_text(text))]
    if not kept:
        raise InputError(f"{name}: the document has no text")
    return [text for text, _ in kept], [role for _, role in kept], name


def _check_unit_types(items: Sequence[object]) -> None:
    """InputError naming the first item of a list that is neither a unit (str) nor a paragraph of sentences (a list of
    str), as a missing value of a DataFrame's column (NaN) is; or the first sentence that is no str in a list of
    paragraphs (every item a list); or saying that the list mixes the two."""
    texts = (str, bytes, bytearray)
    paragraphs = [item for item in items if isinstance(item, Sequence) and not isinstance(item, texts)]
    if len(paragraphs) == len(items):
        for number, paragraph in enumerate(paragraphs):
            for k, sentence in enumerate(paragraph):
                if not isinstance(sentence, str):
                    raise InputError(
                        f"<sentences>: sentence {k} of paragraph {number} is {type(sentence).__name__} "
                        f"{sentence!r}, not a str{_unit_hint(sentence)}"
                    )
    for number, item in enumerate(items):
        if isinstance(item, str):
            continue
        if isinstance(item, Sequence) and all(isinstance(sentence, str) for sentence in item):
            continue
        raise InputError(f"<units>: unit {number} is {type(item).__name__} {item!r}, not a str{_unit_hint(item)}")
    raise InputError(
        "<units>: the list mixes units (str) and paragraphs of sentences (lists of str): give one or the other"
    )


def _unit_hint(item: object) -> str:
    """What to do about a unit that is no str, for `_check_unit_types`'s message: a missing value is to be left out,
    a list in a list of paragraphs of sentences is one level of nesting too many, another value is to be made text."""
    if item is None or (isinstance(item, float) and np.isnan(item)) or type(item).__name__ == "NAType":  # pandas.NA
        return " (a missing value?): leave missing units out, give every unit as text"
    if isinstance(item, (bytes, bytearray)):
        return ": decode the bytes to text first, with their encoding"
    if isinstance(item, Sequence):
        return (
            " (one level of lists too many?): give units as a list of str, or paragraphs as a list of lists of str "
            '(their sentences, for level="sentence")'
        )
    return ": convert it with str(...) or leave it out"


def _check_segmenter(segmenter: object) -> None:
    """SettingsError for a segmenter that is no object with `split(text, language)` (a str such as "rules" has a
    `split` of its own, which failed deep inside with a TypeError)."""
    if segmenter is not None and (isinstance(segmenter, str) or not callable(getattr(segmenter, "split", None))):
        raise SettingsError(
            "segmenter must be an object with split(text, language), such as aligner.RuleSegmenter(), "
            f"got {type(segmenter).__name__} {shown(segmenter)}"
        )


def _check_not_empty(source: Source, name: str) -> None:
    """InputError for an empty or blank str and an empty list: nothing to align (before a str is taken for a file
    name, or an empty document aligned)."""
    if isinstance(source, str) and not source.strip():
        raise InputError(f"{name}: the text is {'only whitespace' if source else 'empty'}: there is nothing to align")
    if isinstance(source, Sequence) and not isinstance(source, str) and len(source) == 0:
        raise InputError(f"{name}: the list of units is empty: there is nothing to align")


def _is_units(source: object) -> TypeGuard[Sequence[str]]:
    return isinstance(source, Sequence) and all(isinstance(unit, str) for unit in source)


def _is_paragraphs_of_sentences(source: object) -> TypeGuard[Sequence[Sequence[str]]]:
    return (
        isinstance(source, Sequence)
        and not isinstance(source, str)
        and len(source) > 0
        and all(
            isinstance(paragraph, Sequence)
            and not isinstance(paragraph, str)
            and all(isinstance(sentence, str) for sentence in paragraph)
            for paragraph in source
        )
    )


def _read_sentence_lists(source: Sequence[Sequence[str]], language: str | None) -> Document:
    for number, paragraph in enumerate(source):
        for sentence in paragraph:
            _check_unicode(sentence, f"<sentences>: paragraph {number}")
    paragraphs = [[visible_text(sentence) for sentence in paragraph] for paragraph in source]
    empty = next((index for index, paragraph in enumerate(paragraphs) if not any(paragraph)), None)
    if empty is not None:
        raise InputError(f"<sentences>: paragraph {empty} has no text")
    for number, paragraph in enumerate(paragraphs):
        if "" in paragraph:  # as for a list of units: an empty one is a mistake, not something to drop unseen
            raise InputError(
                f"<sentences>: sentence {paragraph.index('')} of paragraph {number} is empty or only spaces; "
                "leave empty sentences out (they have nothing to align)"
            )
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
        raise InputError(
            f"{name}: lone surrogate U+{ord(surrogate.group()):04X} at character {surrogate.start()}, "
            "not valid Unicode (decode the source with errors='replace')"
        )


def _looks_like_a_file_name(text: str) -> bool:
    """One line that is a file name: ending in a document extension without spaces (`ru.md`), naming a file that
    exists whatever its extension (`aif.49918`, a corpus file without one), or a path without spaces into a folder
    that exists (`ru/doc` mistyped). A word is no file name (`Hello`, `and/or`): a one-word text is aligned."""
    text = text.strip()
    if "\n" in text or len(text) > 4096:
        return False
    spaced = any(ch.isspace() for ch in text)
    if not spaced and Path(text).suffix.lower() in READERS.keys() - {""}:
        return True
    try:
        path = Path(text)
        return path.is_file() or (not spaced and os.sep in text and path.parent.is_dir())
    except (OSError, ValueError):  # a NUL character, a name too long: no file of that name
        return False


def align(
    source: Source,
    target: Source,
    level: Level | None = None,
    model: Model = None,
    *,
    settings: Settings | None = None,
    source_language: str | None = None,
    target_language: str | None = None,
    max_units: int | None = None,
    segmenter: Segmenter | None = None,
    force: bool = False,
) -> Alignment:
    """Align `target` to `source` at `level` and say how sure we are of every bead.

    `source` and `target` are each a `Path` (a file to read; any path-like), a `str` (the text itself), a list
    of str (units already split; also a pandas Series, `df["ru"]`, or a numpy array of them), a list of lists of str
    (paragraphs of sentences) or a `Document` from `aligner.read` (e.g. `aligner.read(path, units="lines")`).
    `level` is "paragraph" (the default) or "sentence".
    `model` is None for the embedded multilingual USE encoder, or a
    sentence-transformers model name, path or instance (anything with `.encode`).
    `source_language` and `target_language` are BCP 47 tags ("ru", "en-US"), written
    verbatim into the exports; None detects them. A given language that the text
    contradicts ("en" for Russian text) is an InputError unless `force` is True, which
    aligns anyway and keeps the contradiction in `Alignment.warnings` (the CLI's --force).
    `settings` holds every knob of the alignment (`Settings`); `level` and
    `max_units`, when given, override its fields of the same name.
    `segmenter` splits paragraphs into sentences (default: `RuleSegmenter()`).

    Returns an `Alignment`: `.beads` in document order (unit ids count from 0), `.confidence` (that the documents
    translate each other), `.warnings`, `.check()` for the consistency checks, `.to_dataframe()` and the exports
    (`.to_tmx(path)`, `.to_html(path)`, ...). Raises `InputError` for input that cannot be aligned (an empty text, a
    str that names a file, a given language the text contradicts) and `SettingsError` for a bad option or model,
    both before anything is encoded.
    """
    if settings is not None and not isinstance(settings, Settings):
        raise SettingsError(f"settings must be an aligner.Settings, got {type(settings).__name__} {shown(settings)}")
    settings = settings or Settings()
    settings = replace(
        settings,
        level=settings.level if level is None else level,
        max_units=settings.max_units if max_units is None else max_units,
    )
    check_language_tag(source_language, "source_language")
    check_language_tag(target_language, "target_language")
    _check_segmenter(segmenter)
    _check_not_empty(source, "source")
    _check_not_empty(target, "target")
    encoder = resolve_encoder(model)
    source_doc = _read_side(source, source_language, segmenter, "source")
    target_doc = _read_side(target, target_language, segmenter, "target")
    check_given_languages(source_doc, target_doc, force=force)
    return align_documents(source_doc, target_doc, encoder, settings)


def _read_side(source: Source, language: str | None, segmenter: Segmenter | None, side: str) -> Document:
    """`read`, its messages about a text or a list naming the side ("source: unit 0 is empty ..."): both sides of
    two lists were "<units>". The Document's own name stays as it is (the exports write it)."""
    try:
        return read(source, language, segmenter)
    except InputError as error:
        message = str(error)
        unnamed = next((name for name in UNNAMED if message.startswith(f"{name}:")), None)
        if unnamed is None:
            raise
        raise InputError(side + message[len(unnamed) :]) from error


def align_documents(
    source: Document,
    target: Document,
    encoder: StateEncoder,
    settings: Settings,
    confidence: ConfidenceModel | None = None,
) -> Alignment:
    """Align two read documents: the stages after reading, BLAS on one thread so that the core count changes nothing."""
    confidence = confidence or default_model()
    with one_blas_thread():
        runs = find_runs(source, target, encoder, settings)  # embed -> costs -> search -> features
        beads = tuple(bead for run in runs for bead in score_run(run, confidence))  # score, given a translation
        embeddings = unit_embeddings(encoder, runs)
        document = document_confidence(confidence, beads, embeddings)
        beads = in_document(confidence, beads, document)
    kept = round(document, 6)  # as the alignment keeps it, which the gate compares
    return Alignment(
        source=source,
        target=target,
        level=settings.level,
        beads=beads,
        confidence=kept,
        signature=signature(encoder, settings, confidence, (source, target)),
        warnings=alignment_warnings(encoder, (source, target), settings.level, runs, kept),
        embeddings=embeddings,
    )


def alignment_warnings(
    encoder: StateEncoder, documents: tuple[Document, Document], level: Level, runs: Sequence[Run], confidence: float
) -> tuple[str, ...]:
    """The warnings of an alignment of document `confidence`: its languages (`language_warnings`), both documents in
    one language (the CLI refuses them, Python aligns them), documents too short to tell whether they translate each
    other, and embeddings that give little contrast on them (`contrast_warnings`)."""
    units = min(len(doc.units(level)) for doc in documents)
    typical = runs[-1].typical if runs else 0.0  # every run of the aligned level has the documents' figure
    return (
        language_warnings(encoder, documents)
        + one_language_warning(*documents)
        + short_document_warning(documents, level)
        + contrast_warnings(encoder, documents, typical, units, confidence)
    )


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive units of both documents aligned by one search (the whole documents, or the sentences of
    one paragraph bead or of consecutive ones, `find_runs`): the cost stage's sides, the beads found (spans of
    positions in the run's units) and the beads' confidence features (empty when a side has no units: nothing
    was searched), and the documents' `typical_pair_distance` at this level."""

    level: Level
    source_units: Sequence[Unit]
    target_units: Sequence[Unit]
    sides: tuple[Side, Side]
    spans: list[Span]
    features: list[dict[str, float]]
    typical: float


def find_runs(source: Document, target: Document, encoder: StateEncoder, settings: Settings) -> list[Run]:
    """Every stage before scoring: embed both documents once, build each level's sides once (embeddings and
    background statistics of the whole documents, so a short run is normalised against the documents, not
    against itself), then for each run of units find the beads (search) and compute their features. At
    level="sentence" the paragraphs are aligned first and then the sentences inside each paragraph bead; where a
    sentence at the edge two paragraph beads share is left unpaired (`_rejoined`), their sentences are aligned
    again as one run, kept when none of its beads takes sentences of two paragraph beads on a side (else parted
    again at the first break a bead crosses, `_crossed_break`): a sentence a translator moved across a paragraph break
    pairs with its translation in the neighbouring bead. A side of one sentence per paragraph (one unit per line)
    has no paragraphs to go by, and the sentences of the whole documents are aligned directly."""
    flat = settings.level == "sentence" and not all(
        len(doc.sentences) > len(doc.paragraphs) for doc in (source, target)
    )
    levels: list[Level] = (
        ["sentence"] if flat else ["paragraph"] if settings.level == "paragraph" else ["paragraph", "sentence"]
    )
    states = embed_documents(encoder, source, target, levels)
    document_sides = {
        level: make_sides(
            states.level_rows(level, len(source.units(level)) + len(target.units(level))),
            encoder.finish,
            [u.text for u in source.units(level)],
            [u.text for u in target.units(level)],
            settings.costs,
            group_units=settings.max_units,
        )
        for level in levels
    }
    # how far a unit typically is from its translation, per level, over the whole documents
    typical = {level: typical_pair_distance(*document_sides[level], settings.costs) for level in levels}
    # how many units of the other document each side's background was sampled from
    samples = settings.costs.background_samples
    sampled = {
        level: (min(samples, len(target.units(level))), min(samples, len(source.units(level)))) for level in levels
    }
    costs = dict.fromkeys(levels, settings.costs)
    if "paragraph" in costs and all(_units_are_paragraphs(doc) for doc in (source, target)):
        costs["paragraph"] = replace(settings.costs, many_penalty=settings.costs.paragraph_many_penalty)
    types = bead_types(settings.max_units)

    def run(
        src_units: Sequence[Unit],
        tgt_units: Sequence[Unit],
        level: Level,
        with_features: bool = True,
        order: float | None = None,
    ) -> Run:
        """One search and its beads' features; `order` is `path_order` over the whole documents (measured on
        this run's path when None: the run is the whole documents)."""
        source_side, target_side = (
            side.part(units[0].index, units[0].index + len(units)) if units else side.part(0, 0)
            for side, units in zip(document_sides[level], (src_units, tgt_units))
        )
        sides = (source_side, target_side)
        if not src_units or not tgt_units:  # one side empty: every unit is unpaired, nothing to search
            spans = [(range(k, k + 1), range(0)) for k in range(len(src_units))] + [
                (range(0), range(k, k + 1)) for k in range(len(tgt_units))
            ]
            return Run(level, src_units, tgt_units, sides, spans, [], typical[level])
        spans, scored = scored_beads(source_side, target_side, types, costs[level], settings.search, typical[level])
        encode_groups = _group_encoder(
            encoder,
            (src_units, tgt_units),
            UNIT_JOINERS[level],
            (source_side.states, target_side.states) if level in states.encoded else None,
        )
        spans = refine_beads(
            source_side, target_side, spans, types, costs[level], settings.search, typical[level], encode_groups, scored
        )
        if settings.search.refine_units:  # the second look's last step (refine.py)
            spans = attach_unpaired(
                source_side, target_side, spans, settings.max_units, settings.search.attach_margin, encode_groups
            )
        if not with_features:
            return Run(level, src_units, tgt_units, sides, spans, [], typical[level])
        order = path_order(source_side, target_side, spans) if order is None else order
        features = bead_features(*sides, spans, typical[level], order, background_units=sampled[level])
        posteriors = path_posteriors(spans, scored, types, settings.search.posterior_temperature)
        for feats, posterior in zip(features, posteriors):
            feats["posterior"] = posterior
        return Run(level, src_units, tgt_units, sides, spans, features, typical[level])

    if flat:
        return _with_number_support([run(source.sentences, target.sentences, "sentence")], settings.costs)
    if settings.level == "paragraph":
        return _with_number_support([run(source.paragraphs, target.paragraphs, "paragraph")], settings.costs)
    paragraphs = run(source.paragraphs, target.paragraphs, "paragraph", with_features=False)
    order = path_order(*paragraphs.sides, paragraphs.spans)  # whether the paragraphs are in order
    src_sentences, tgt_sentences = _sentences_by_paragraph(source), _sentences_by_paragraph(target)

    def sentence_run(beads: Sequence[Span]) -> Run:
        """The sentences of consecutive paragraph beads, aligned by one search."""
        return run(
            [u for span_s, _ in beads for p in span_s for u in src_sentences[p]],
            [u for _, span_t in beads for p in span_t for u in tgt_sentences[p]],
            "sentence",
            order=order,
        )

    runs = [sentence_run([bead]) for bead in tracked(paragraphs.spans, "aligning sentences", unit="bead")]

    def rejoined(first: int, last: int) -> list[Run]:
        """Runs first..last searched as one; where a bead of that search takes sentences across the break after
        run k, runs first..k and k+1..last in the same way, each on its own."""
        result: list[Run] = []
        pending = [(first, last)]  # the leftmost part last
        while pending:
            first, last = pending.pop()
            joined = sentence_run(paragraphs.spans[first : last + 1]) if last > first else runs[first]
            crossed = _crossed_break(joined, runs[first : last + 1])
            if crossed is None:
                result.append(joined)
            else:
                pending += [(first + crossed + 1, last), (first, first + crossed)]
        return result

    return _with_number_support(
        [run for first, last in _rejoined(runs) for run in rejoined(first, last)], settings.costs
    )


def _with_number_support(runs: list[Run], costs: CostParams) -> list[Run]:
    """The runs of one alignment, every bead's features given the alignment's `features.number_support` (its
    pairs' numbers over the whole documents, not one run's)."""
    typical = runs[-1].typical if runs else 0.0  # every run of the aligned level has the documents' figure
    support = number_support([(*run.sides, run.spans) for run in runs if run.features], typical, costs)
    for run in runs:
        for feats in run.features:
            feats["number_support"] = support
    return runs


REJOINED_RUNS = 8  # the most paragraph beads whose sentences one search aligns again (`_rejoined`)


def _rejoined(runs: Sequence[Run]) -> list[tuple[int, int]]:
    """The sentence runs of consecutive paragraph beads to align again as one (first and last run, included), where
    a sentence at the edge two runs share is left unpaired: a translator who moves a sentence across a paragraph
    break leaves the paragraph beads 1-1, the moved sentence unpaired at the start of one bead and its translation
    at the end of the one before. A paragraph bead with an empty side (every sentence unpaired, certain in a run of
    its own) is searched again with its neighbours too. A group holds at most REJOINED_RUNS runs: in a document that
    is no translation every edge can leave a sentence unpaired, and one group of them all, parted again and again at
    the breaks its beads cross, would make the sentence search quadratic."""
    groups = [[0, 0]]
    for k in range(1, len(runs)):
        if (all(runs[k - 1].spans[-1]) and all(runs[k].spans[0])) or k - groups[-1][0] == REJOINED_RUNS:
            groups.append([k, k])
        else:
            groups[-1][1] = k
    return [(first, last) for first, last in groups]


def _crossed_break(joined: Run, runs: Sequence[Run]) -> int | None:
    """The first k such that a bead of `joined` (the sentences of `runs` aligned again as one) takes sentences of
    both runs[k] and runs[k + 1] on one side, None when none does (a sentence may pair with one of the neighbouring
    run, no bead take sentences of both)."""
    crossed = [
        k
        for side in (0, 1)
        for k, edge in enumerate(np.cumsum([len((run.source_units, run.target_units)[side]) for run in runs])[:-1])
        for span in joined.spans
        if span[side].start < edge < span[side].stop
    ]
    return min(crossed, default=None)


def _group_encoder(
    encoder: StateEncoder,
    units: tuple[Sequence[Unit], Sequence[Unit]],
    joiner: str,
    states: tuple[np.ndarray, np.ndarray] | None,
) -> GroupEncoder:
    """Embeds groups of consecutive units of a run's source (0) or target (1) side from their text joined as a
    bead's text is, for the search's second look (`refine_beads`). With the units' own `states` (not sums of
    their sentences') and the USE encoder, a group's state is made from its units' states and the tokens at the
    joints (`USEEncoder.join_states`), except for a group too long to encode in one piece. The joints and ends
    worked out for one call are kept for the next (`attach_unpaired` joins groups next to the second look's)."""
    join = state_joiner(encoder) if states is not None else None
    computed: dict[object, np.ndarray] = {}

    def encode(side: int, groups: Sequence[tuple[int, int]]) -> np.ndarray:
        texts = [joiner.join(unit.text for unit in units[side][start:stop]) for start, stop in groups]
        if join is None or states is None:
            return embed_texts(encoder, texts, "encoding merged units")
        joined = [k for k, text in enumerate(texts) if len(text) <= ENCODER_CHUNK_CHARS]
        encoded = [k for k, text in enumerate(texts) if len(text) > ENCODER_CHUNK_CHARS]
        rows = np.empty((len(groups), states[side].shape[1]), dtype=np.float32)
        if joined:
            rows[joined] = join(
                [[unit.text for unit in units[side][groups[k][0] : groups[k][1]]] for k in joined],
                [states[side][groups[k][0] : groups[k][1]] for k in joined],
                computed,
            )
        if encoded:
            rows[encoded] = embed_states(encoder, [texts[k] for k in encoded], "encoding merged units")
        return encoder.finish(rows)

    return encode


def score_run(run: Run, confidence: ConfidenceModel) -> list[Bead]:
    """The beads of a run with their confidence (score stage); a run with an empty side is certain."""
    if run.features:
        probabilities = bead_confidences(confidence, run.spans, run.features)
        similarities = [feats.get("similarity", 0.0) for feats in run.features]
    else:
        probabilities, similarities = np.ones(len(run.spans)), [0.0] * len(run.spans)
    return [
        _bead([run.source_units[k] for k in s], [run.target_units[k] for k in t], run.level, float(p), similarity)
        for (s, t), p, similarity in zip(run.spans, probabilities, similarities)
    ]


def unit_embeddings(encoder: StateEncoder, runs: Sequence[Run]) -> UnitEmbeddings:
    """The embeddings of every unit at the aligned level, from the runs' sides (the runs cover each document
    in order; a side with no units at all gets zero rows). A single run's embeddings are used as they are: a
    whole document's, which a copy would double."""
    parts = [[run.sides[k].embeddings for run in runs if len(run.sides[k])] for k in (0, 1)]
    dim = next((part[0].shape[1] for part in parts if part), 0)
    source, target = (
        (part[0] if len(part) == 1 else np.concatenate(part)) if part else np.zeros((0, dim), np.float32)
        for part in parts
    )
    return UnitEmbeddings(encoder.name, source, target)


def _units_are_paragraphs(document: Document) -> bool:
    """Whether a document's units are paragraphs (which translators rarely join), not one pre-split sentence
    each: read with a segmenter (told without splitting them, which a paragraph alignment never needs), or given
    as paragraphs of their sentences with more sentences than paragraphs."""
    return document.segmentation != "given" or len(document.sentences) > len(document.paragraphs)


def _sentences_by_paragraph(document: Document) -> list[list[Unit]]:
    grouped: list[list[Unit]] = [[] for _ in document.paragraphs]
    for sentence in document.sentences:
        grouped[sentence.paragraph].append(sentence)
    return grouped


def _bead(src: Sequence[Unit], tgt: Sequence[Unit], level: Level, confidence: float, similarity: float = 0.0) -> Bead:
    joiner = UNIT_JOINERS[level]
    return Bead(
        source=tuple(u.index for u in src),
        target=tuple(u.index for u in tgt),
        source_text=joiner.join(u.text for u in src),
        target_text=joiner.join(u.text for u in tgt),
        confidence=round(min(max(confidence, 0.0), 1.0), 6),
        similarity=round(similarity, 6),
        notes=tuple(
            _chunked_note(side, unit, level)
            for side, units in (("source", src), ("target", tgt))
            for unit in units
            if len(unit.text) > ENCODER_CHUNK_CHARS
        ),
    )


def _chunked_note(side: str, unit: Unit, level: Level) -> str:
    return (
        f"{side} {level} {unit.index} ({len(unit.text):,} characters) was embedded in {len(chunks(unit.text))} "
        f"chunks of at most {ENCODER_CHUNK_CHARS:,} characters"
    )


def signature(
    encoder: Encoder, settings: Settings, confidence: ConfidenceModel | None = None, documents: Sequence[Document] = ()
) -> str:
    """Everything that produced a result, in one line (like sacrebleu's): the version, the model, every field
    of `settings` (nested dataclasses as `costs.skip`), the confidence model's parameters (hashed) and how
    the documents were split into sentences."""
    parts = [
        f"aligner {__version__}",
        f"model:{encoder.name}",
        *_field_values(settings),
        f"confidence:{(confidence or default_model()).identity}",
    ]
    if documents:
        parts.append("segmenter:" + "/".join(dict.fromkeys(doc.segmentation for doc in documents)))
    return "|".join(parts)


def _field_values(settings: object, prefix: str = "") -> Iterator[str]:
    for field in fields(settings):  # type: ignore[arg-type]
        value = getattr(settings, field.name)
        if is_dataclass(value):
            yield from _field_values(value, f"{prefix}{field.name}.")
        else:
            yield f"{prefix}{field.name}:{value}"
