"""Language identification (py3langid) and language tags (langcodes, BCP 47).

The detector is py3langid's bundled naive Bayes model (97 languages, offline). Its probabilities
are pooled over languages so close that a short text cannot tell them apart (Croatian and
Bosnian, Indonesian and Malay: `langcodes.tag_distance` of at most 14), and a language is only
named when that pooled probability reaches `MIN_CONFIDENCE`: a text too short or too mixed to tell
("20 January 2025") is unknown rather than a confident wrong code. A unit's language, when its own
text says too little, is its document's (see `checks.py`); a document of unknown language is checked
for the numbers and months of every language the checks know, and must be given a language for the
exports that write one (TMX, Moses).

Tags given by a user are checked against BCP 47 and the IANA registry and kept verbatim (they go
into the TMX as written); detected ones are standardised ("en", "zh"). Messages name languages
("Estonian"), not codes.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import langcodes
import numpy as np

from .display import confidence_text, counted
from .errors import InputError, SettingsError
from .prepared import package_stamp, prepared_folder

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

    from .types import Document, Level

# Below this pooled probability the detector's best guess is not trusted. On the benchmark
# documents the lowest one is 0.98 (all right); on their units, guesses at or above 0.8 were right
# in more than 99% of cases, the few "wrong" ones mostly German text inside French documents
# (benchmarks/language_id.py, over every set, test sets included: this threshold is the only setting).
# A ten-word English sentence scores about 0.85, a ten-word Russian one 0.75 (unknown).
MIN_CONFIDENCE = 0.8
# A given language the detector puts below this probability contradicts the text.
CONTRADICTION_PROBABILITY = 0.001
# Languages at most this far apart (langcodes' CLDR-based distance) share one probability.
CLOSE_LANGUAGES = 14
# Enough text for a stable guess; more only costs time.
DOCUMENT_SAMPLE_CHARACTERS = 10_000
READING_SAMPLE_CHARACTERS = 100_000  # of a legacy file's readings, by `reading_likelihood`
ODDITY_SAMPLE_CHARACTERS = 10_000  # of a legacy file's readings, by `reading_oddities`
# What the model says for text without language (digits, symbols).
_NO_LANGUAGE = {"zxx", "und"}
# The languages an undetected text may be in, as its error names them: those at least this likely, at most so many,
# and only when together they are at least CANDIDATES_SHARE likely (else the text says too little for a short list).
CANDIDATE_PROBABILITY = 0.05
MAX_CANDIDATES = 5
CANDIDATES_SHARE = 0.8
# A letter of any script: a word character that is neither a digit nor "_".
LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """What the detector makes of a text.

    `language` is a standardised tag ("et"), or None when the text does not say clearly enough;
    `confidence` is the probability of `best` (pooled with its close languages); `best` is the
    most likely language even when it is not trusted (None for text without letters).
    """

    language: str | None
    confidence: float
    best: str | None

    def describe(self) -> str:
        """For messages: "Estonian (0.99)", or "unknown (best guess English, 0.21)"."""
        if self.language:
            return f"{language_name(self.language)} ({self.confidence:.2f})"
        if self.best:
            return f"unknown (best guess {language_name(self.best)}, {self.confidence:.2f})"
        return "unknown (no words)"


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's identifier, with its byte walk done by `feature_arrays` (the same features in the same order,
    so the same scores) and its table's rows read as float32 (`WidenedRows`); its model read from a prepared copy
    (`_prepared_model`), or inflated from the package's file where there can be none."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    class Identifier(LanguageIdentifier):
        widened: WidenedRows
        names: np.ndarray  # every language once (str), in the order of its first column of scores
        label_columns: np.ndarray  # that column

        def _raw_score(self, text: bytes) -> np.ndarray:  # as py3langid's, with the features counted at once
            features, counts = feature_arrays(self, text)
            if len(features):  # py3langid's _sparse_score
                return np.log1p(counts) @ self.widened[features] + self.nb_pc
            return np.zeros(len(self.nb_classes), dtype=np.float32)  # no features: uniform under norm_probs

        def ranked(self, text: str) -> tuple[np.ndarray, np.ndarray]:
            """py3langid's `rank` as arrays: the label numbers, most likely first (ties in label order, as its
            stable sort leaves them), and each label's probability, by label number."""
            probabilities = self._decide(text)[self.label_columns].astype(np.float64)
            return np.argsort(-probabilities, kind="stable"), probabilities

        def rank(self, text: str) -> list[tuple[str, float]]:
            order, probabilities = self.ranked(text)
            return list(zip(self.names[order].tolist(), probabilities[order].tolist()))

    folder = _prepared_model(MODEL_DIR / MODEL_FILE)
    if folder is None:
        identifier = Identifier.from_model_file(MODEL_FILE, norm_probs=True)
    else:  # as from_model_file builds it, from the same arrays
        ptc, pc, nextmove, row, output = (np.load(folder / f"{name}.npy", mmap_mode="r") for name in _MODEL_ARRAYS)
        classes = json.loads((folder / _MODEL_CLASSES).read_text(encoding="utf-8"))
        identifier = Identifier(
            ptc,
            np.asarray(pc),
            classes,
            _stdlib_array(nextmove),
            output.tolist(),
            norm_probs=True,
            tk_row=_stdlib_array(row),
        )
    identifier.widened = WidenedRows(identifier.nb_ptc)
    columns: dict[str, int] = {}
    for column, label in enumerate(identifier.nb_classes):
        columns.setdefault(label, column)
    identifier.names = np.array(list(columns), dtype=object)
    identifier.label_columns = np.array(list(columns.values()), dtype=np.int64)
    return identifier


# py3langid's model as `_prepared_model` keeps it: the arrays `load_model` returns, each as an .npy file, then the
# language labels (written last: a complete copy)
_MODEL_LAYOUT = 1
_MODEL_ARRAYS = ("ptc", "pc", "nextmove", "row", "output")
_MODEL_CLASSES = "classes.json"


def _prepared_model(model_file: Path) -> Path | None:
    """The folder of py3langid's model uncompressed (`aligner.prepared`), built now if missing: its LZMA file takes
    over a second to inflate, and every process identifies the languages of its documents."""

    def build(folder: Path) -> None:
        from py3langid.modelio import load_model

        ptc, pc, classes, nextmove, row, output = load_model(model_file)
        for name, values in zip(_MODEL_ARRAYS, (ptc, pc, nextmove, row, np.asarray(output, dtype=np.int64))):
            np.save(folder / f"{name}.npy", np.asarray(values))
        (folder / _MODEL_CLASSES).write_text(json.dumps(classes), encoding="utf-8")

    stamp = package_stamp("py3langid", "py3langid/data/", [model_file], _MODEL_LAYOUT)
    return prepared_folder("langid", stamp, build, _MODEL_CLASSES)


def _stdlib_array(values: np.ndarray) -> array:
    """An unsigned integer array as the stdlib array py3langid keeps its automaton in."""
    out = array({2: "H", 4: "I", 8: "L"}[values.itemsize])
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out


class WidenedRows:
    """A float16 table's rows as float32, each converted when it is first read and kept.

    py3langid multiplies the rows of its float16 table directly, and numpy's float16
    conversion inside that product costs more than the rest of a text's score. The
    conversion is exact, so the float32 product is the same. The float32 copy is
    allocated whole but its memory is only backed as rows are written: a document's
    sample reads about a thousand of the model's 100,000 features.
    """

    def __init__(self, table: np.ndarray) -> None:
        self._table = table
        self._rows = np.empty(table.shape, dtype=np.float32)
        self._converted = np.zeros(len(table), dtype=bool)

    def __getitem__(self, rows: np.ndarray) -> np.ndarray:
        """float32[len(rows), columns] for distinct row numbers `rows`."""
        new = rows[~self._converted[rows]]
        if len(new):
            self._rows[new] = self._table[new]
            self._converted[new] = True  # after the rows: another thread reads only rows already written
        return self._rows[rows]


# py3langid's tokenizer is an automaton over a text's UTF-8 bytes whose state after any FEATURE_BYTES bytes no
# longer depends on the state it started from (tests/test_language.py proves it on the model): the state at each
# byte is the automaton run from its start over the FEATURE_BYTES bytes that end there, for all bytes at once.
FEATURE_BYTES = 6


def feature_arrays(identifier: LanguageIdentifier, text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The model's byte n-gram features in `text` in order of first occurrence (int64) and how often each occurs
    (float32): what py3langid's `visit_counts` walks byte by byte in Python, in a few array operations."""
    moves, row_starts, outputs = _automaton(identifier)
    codes = np.frombuffer(text, dtype=np.uint8).astype(np.int64)
    states = np.zeros(len(codes), dtype=np.int64)
    for back in range(min(FEATURE_BYTES, len(codes)) - 1, -1, -1):  # the byte `back` places before, oldest first
        states[back:] = moves[row_starts[states[back:]] + codes[: len(codes) - back]]
    features = outputs[states]
    features = features[features >= 0]
    if not len(features):
        return features, np.zeros(0, dtype=np.float32)
    # each feature's occurrences together, in text order: a sort of (feature, place), whose keys are all distinct
    ordered, by_feature = np.divmod(np.sort(features * len(features) + np.arange(len(features))), len(features))
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    counts = np.diff(np.append(starts, len(ordered))).astype(np.float32)
    by_first = np.argsort(by_feature[starts])  # the features by their first occurrence
    return ordered[starts][by_first], counts[by_first]


@lru_cache(maxsize=1)
def _automaton(identifier: LanguageIdentifier) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tokenizer's transitions, each state's first transition and each state's feature (-1: none), as arrays."""
    moves = np.frombuffer(identifier.tk_nextmove, dtype=f"u{identifier.tk_nextmove.itemsize}")
    return moves, np.array(identifier._rowbase, dtype=np.int64), np.array(identifier.tk_output, dtype=np.int64)


@lru_cache(maxsize=64)  # the untranslated check identifies a pair's target, then its sentences: often the same text
def _ranking(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Every language the model knows by number, most likely first, and each one's probability for `text` (by
    number: `_identifier().names` names them)."""
    return _identifier().ranked(text)


def reading_likelihood(text: str) -> tuple[float, float]:
    """How much `text` reads as some language: the detector's log-likelihood of its likeliest language per feature
    (so readings of one file's bytes, of a few more or fewer UTF-8 bytes each, compare; the higher, the likelier),
    and the weight of the features (a difference per feature times it is the evidence between two readings).
    The reader takes, of the legacy encodings that decode a file about as well, the reading that scores best."""
    identifier = _identifier()
    data = text[:READING_SAMPLE_CHARACTERS].encode("utf-8", "surrogatepass")
    _, counts = feature_arrays(identifier, data)
    if not len(counts):
        return 0.0, 0.0
    weight = float(np.log1p(counts).sum())
    return float(identifier._raw_score(data).max()) / weight, weight


def language_probability(text: str, language: str) -> float:
    """The probability the detector gives `language` (with its close languages) for `text`: of a file's readings in
    several encodings, how much each is in the language the user gave."""
    order, probabilities = _ranking(text[:DOCUMENT_SAMPLE_CHARACTERS])
    return _close_probability(order, probabilities, language)


# The scripts a word is written in, by the first word of its letters' Unicode names; Chinese, Japanese and Korean
# words mix ideographs, kana and Hangul, so these are one.
_SCRIPT_OF_NAME = {
    **{script: script for script in ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "HEBREW", "ARABIC", "THAI")},
    **dict.fromkeys(("CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "HALFWIDTH", "FULLWIDTH"), "CJK"),
}
_WORD = re.compile(r"[^\W\d_]+")
_BETWEEN_LETTERS = re.compile(r"(?<=[^\W\d_])[^\w\s\x00-\x7f](?=[^\W\d_])")
# A currency sign no text writes (what Windows-1252 makes of Latin-9's €), controls, private use, and the Greek ΰ and
# ΐ, which hardly any Greek word has and Windows-1253 makes of the commonest Russian letter (а, А in Windows-1251).
_ODD_CHARACTER = re.compile("[¤\x80-\x9f\ue000-\uf8ffΰΐ]")


def reading_oddities(text: str) -> int:
    """How many words of the first ODDITY_SAMPLE_CHARACTERS of `text` a wrong code page would have made: a word of
    letters of two scripts ("jëte" read "j雪e", "ČLANAK" read "ИLANAK"), a lower-case letter before a capital inside
    a word ("Сколько" in KOI8-R read as Windows-1251, "уЛПМШЛП"), non-ASCII ones only (the bytes of ASCII read
    alike in every reading); and how many symbols stand between letters ("V©OBECN" for VŠOBECN) or are odd anywhere
    (`_ODD_CHARACTER`)."""
    sample = text[:ODDITY_SAMPLE_CHARACTERS]
    oddities = len(_ODD_CHARACTER.findall(sample)) + sum(
        unicodedata.category(symbol).startswith("S") for symbol in _BETWEEN_LETTERS.findall(sample)
    )
    for word in _WORD.findall(sample):
        if word.isascii():
            continue
        scripts = {_SCRIPT_OF_NAME.get(unicodedata.name(letter, "").split(" ", 1)[0]) for letter in word} - {None}
        oddities += len(scripts) > 1 or any(
            first.islower() and second.isupper() and not (first + second).isascii()
            for first, second in itertools.pairwise(word)
        )
    return oddities


@cache
def _close_labels(language: str) -> np.ndarray:
    """bool, by label number: the languages of the model that are `close_languages` of `language`."""
    return np.array([close_languages(label, language) for label in _identifier().names.tolist()], dtype=bool)


def _close_probability(order: np.ndarray, probabilities: np.ndarray, language: str) -> float:
    """The probability of `language` and its close languages, summed in the ranking's order (`_ranking`)."""
    return sum(probabilities[order[_close_labels(language)[order]]].tolist())


@cache
def close_languages(first: str, second: str) -> bool:
    """True for the same language or two a short text cannot tell apart ("hr" and "bs", "id" and "ms")."""
    return (
        first == second
        or min(langcodes.tag_distance(first, second), langcodes.tag_distance(second, first)) <= CLOSE_LANGUAGES
    )


def identify_language(text: str) -> LanguageGuess:
    """The language `text` is in, with the detector's confidence; unknown when it is not sure."""
    if not any(ch.isalpha() for ch in text):
        return LanguageGuess(None, 0.0, None)
    return _guess(*_ranking(text[:DOCUMENT_SAMPLE_CHARACTERS]))


def _guess(order: np.ndarray, probabilities: np.ndarray) -> LanguageGuess:
    """What a ranking (`_ranking`) of a text with letters says of its language."""
    best = _identifier().names[order[0]]
    if best in _NO_LANGUAGE:
        return LanguageGuess(None, 0.0, None)
    confidence = round(_close_probability(order, probabilities, best), 6)
    best = langcodes.standardize_tag(best)
    return LanguageGuess(best if confidence >= MIN_CONFIDENCE else None, confidence, best)


def detect_language(text: str) -> str | None:
    """The standardised tag of the language `text` is in ("ru", "en"), or None when not sure."""
    return identify_language(text).language


def units_language(texts: Iterable[str]) -> str | None:
    """The language most of `texts` are confidently in, when it is more than half of those that tell theirs: the
    language of a document too mixed to tell as a whole (a paragraph pasted in German, another half left in
    Spanish, in an English translation of five paragraphs). None when no language has that majority."""
    found = Counter(guess for guess in map(detect_language, texts) if guess is not None)
    if not found:
        return None
    language, units = found.most_common(1)[0]
    return language if units > sum(found.values()) / 2 else None


def language_name(tag: str) -> str:
    """The English name of a tag's language: "et" -> "Estonian", "en-US" -> "English (United States)"."""
    try:
        language = langcodes.Language.get(tag)
    except (langcodes.LanguageTagError, ValueError):
        return tag
    return language.display_name() if language.is_valid() and language.language else tag


# BCP 47's shape: subtags of letters and digits joined by hyphens (langcodes also reads "en_US").
_TAG_SHAPE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def check_language_tag(tag: str | None, option: str) -> str | None:
    """`tag` unchanged when it is a valid BCP 47 tag ("ru", "en-US", "zh-Hant-TW"); SettingsError naming
    `option` if not."""
    if tag is None:
        return None
    if not isinstance(tag, str):
        raise SettingsError(
            f"{option} must be a language tag such as 'ru' or 'en-US' (a str), got {type(tag).__name__}"
        )
    try:
        parsed = langcodes.Language.get(tag)
    except (langcodes.LanguageTagError, ValueError):
        parsed = None
    if parsed is None or not _TAG_SHAPE.fullmatch(tag):
        hint = (
            f"did you mean {parsed.to_tag()!r}?"
            if parsed is not None and parsed.is_valid()
            else "e.g. ru, en, en-US, pt-BR"
        )
        raise SettingsError(f"{option} {tag!r} is not a language tag ({hint})")
    if not (langcodes.tag_is_valid(tag) and parsed.is_valid()):
        raise SettingsError(f"{option} {tag!r} is not a registered language tag (e.g. ru, en, en-US, pt-BR)")
    region = langcodes.Language.get(tag, normalize=False).territory
    if region is not None and region != parsed.territory:  # en-UK: a translator's slip for en-GB, written as such
        raise SettingsError(f"{option} {tag!r}: {region} is not a region code (did you mean {parsed.to_tag()!r}?)")
    if region is not None and _PRIVATE_USE_REGION.fullmatch(region):
        raise SettingsError(
            f"{option} {tag!r}: {region} is a private-use code, not a country or area (e.g. en-US, en-GB, es-419)"
        )
    return tag


# BCP 47's private-use region subtags (AA, QM-QZ, XA-XZ, ZZ), which a CAT tool reads as no region it knows.
_PRIVATE_USE_REGION = re.compile(r"AA|Q[M-Z]|X[A-Z]|ZZ")


def base_language(tag: str) -> str:
    """The language part of a tag, standardised and lower-cased: "en-US" -> "en", "eng" -> "en", "iw" -> "he"."""
    try:
        return langcodes.Language.get(tag).language or tag.lower()
    except (langcodes.LanguageTagError, ValueError):
        return tag.replace("_", "-").split("-")[0].lower()


def writes_month_first(tag: str | None) -> bool:
    """Whether a text in the language `tag` writes a numeric date month first, `03/15/2026`: English of the United
    States (en-US); others, and English with no region given, day first."""
    if not tag or base_language(tag) != "en":
        return False
    try:
        return langcodes.Language.get(tag).territory == "US"
    except (langcodes.LanguageTagError, ValueError):
        return False


def same_language(first: str | None, second: str | None) -> bool:
    """True when both tags are known and name the same language ("en" and "en-GB" do)."""
    if not first or not second:
        return False
    return base_language(first) == base_language(second)


def locale_variants(first: str | None, second: str | None) -> bool:
    """True when two tags name two variants of one language ("en-GB" and "en-US", "pt-PT" and "pt-BR"): a
    localisation, which keeps much of its text as it is. "en" and "en-GB" are no two variants: one says none."""
    if not (first and second and same_language(first, second)):
        return False
    variants = {_standard_tag(first), _standard_tag(second)}
    return len(variants) == 2 and all("-" in tag for tag in variants)


def _standard_tag(tag: str) -> str:
    try:
        return langcodes.standardize_tag(tag, macro=True)
    except (langcodes.LanguageTagError, ValueError):
        return tag.lower()


def document_sample(paragraphs: Sequence[str]) -> str:
    """The text a document's language is detected from: its first paragraphs, up to the sample size."""
    return " ".join(paragraphs[:50])[:DOCUMENT_SAMPLE_CHARACTERS]


@lru_cache(maxsize=16)  # the CLI asks before aligning, and the alignment's warnings ask again
def contradiction(given: str, text: str) -> str | None:
    """Why the given language cannot be the language of `text` (in words), or None when it can be.

    Only a confident detection contradicts, and only a language the detector knows: a given
    language it gives (nearly) no probability while it is sure of another.
    """
    guess = contradicting_language(given, text)
    return f"given as {language_name(given)} ({given}), but the text is in {guess.describe()}" if guess else None


def contradicting_language(expected: str, text: str) -> LanguageGuess | None:
    """The language `text` is in when it cannot be in `expected`, else None: a confident detection of another
    language (not a close one) that leaves `expected`, a language the detector knows, (nearly) no probability."""
    if not any(ch.isalpha() for ch in text):
        return None
    order, probabilities = _ranking(text[:DOCUMENT_SAMPLE_CHARACTERS])
    guess = _guess(order, probabilities)
    if guess.language is None or close_languages(base_language(expected), guess.language):
        return None
    known = _close_labels(base_language(expected))
    if (
        not known.any()
        or _close_probability(order, probabilities, base_language(expected)) >= CONTRADICTION_PROBABILITY
    ):
        return None
    return guess


def check_given_languages(source: Document, target: Document, *, force: bool = False) -> None:
    """InputError when the text of a document contradicts its given language, unless `force`: `aligner.align`
    refuses it (`force=True` aligns anyway, with a warning), as `aligner align` does (`--force`)."""
    if force:
        return
    for document, side, option in ((source, "source", "--src-lang"), (target, "target", "--tgt-lang")):
        reason = given_language_contradiction(document, side)
        if reason:
            raise InputError(
                f"{reason}: correct {option} ({side}_language= in Python), or give --force (force=True in Python) "
                "to use it anyway"
            )


SAME_LANGUAGE_ADVICE = "give --src-lang/--tgt-lang if detection is wrong, or --force to align them anyway"
# What two documents in the same language most often are, in a batch's error and in an alignment's warning.
UNTRANSLATED_COPY = "the target may be an untranslated copy of the source"


def one_language(source: Document, target: Document) -> str | None:
    """ "ru.txt and copy.txt are both in Russian (ru)" when the two documents are in the same language, else None (also
    for two variants of it, `locale_variants`: en-GB and en-US)."""
    if not (source.language and same_language(source.language, target.language)):
        return None
    if locale_variants(source.language, target.language):
        return None
    names = f"{source.message_name('source')} and {target.message_name('target')}"
    return f"{names} are both in {language_name(source.language)} ({source.language})"


def check_document_languages(
    source: Document, target: Document, *, force: bool = False, advice: str = SAME_LANGUAGE_ADVICE
) -> None:
    """InputError before any alignment when the two documents' languages cannot be right: the CLI's check.

    A given language that the text contradicts (`check_given_languages`, which `aligner.align` applies too),
    and two documents in the same language (`one_language`, which `aligner.align` warns of), are errors unless
    `force`; `advice` ends the second's message.
    """
    check_given_languages(source, target, force=force)
    both = one_language(source, target)
    if both and not force:
        raise InputError(f"{both}: {advice}")


def one_language_warning(source: Document, target: Document) -> tuple[str, ...]:
    """The warning of an alignment of two documents in the same language, which the CLI refuses without --force and
    Python aligns (two versions of a text): its pairs of a target that is the source text are untranslated errors."""
    both = one_language(source, target)
    if both is None:
        return ()
    return (f"{both}: {UNTRANSLATED_COPY} (a pair whose target is its source text is an untranslated error)",)


def given_language_contradiction(document: Document, side: str) -> str | None:
    """ "ru.txt: the language is given as English (en), but the text is in Russian (0.99)", or None; a document
    given in memory is named by its `side` ("the source")."""
    if not document.language or document.language_confidence is not None:  # unknown, or detected
        return None
    reason = contradiction(document.language, document_sample([u.text for u in document.paragraphs]))
    return f"{document.message_name(side)}: the language is {reason}" if reason else None


def unknown_language_message(document: Document, side: str, option: str) -> str:
    """Why the `side` document has no language, and what to do: for errors of the exports that need one. A text
    with letters is named by its script and the languages it is likeliest in (`candidate_languages`), not given one
    of them: a script does not tell a language (Cyrillic is Russian, Ukrainian, Bulgarian, Serbian, Kazakh ...)."""
    name = document.message_name(side)
    sample = document_sample([u.text for u in document.paragraphs])
    script = main_script([sample])
    if script is None:
        return (
            f"{name}: the language could not be detected ({identify_language(sample).describe()}, too "
            f"little or too mixed text): give {option}"
        )
    candidates = candidate_languages(sample)
    named = [f"{language_name(language)} ({probability:.2f})" for language, probability in candidates]
    if sum(probability for _, probability in candidates) < CANDIDATES_SHARE:
        which = f"best guess {named[0]}"
    else:
        which = "most likely " + (named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}")
    return (
        f"{name}: the language could not be detected (too little or too mixed text; {script_name(script)} "
        f"script, {which}): give {option}"
    )


def candidate_languages(text: str) -> list[tuple[str, float]]:
    """The languages `text` is likeliest in, with their probabilities: the detector's best and the next ones at least
    CANDIDATE_PROBABILITY likely, at most MAX_CANDIDATES (standardised tags)."""
    order, probabilities = _ranking(text[:DOCUMENT_SAMPLE_CHARACTERS])
    names = _identifier().names
    ranked = [(names[k], float(probabilities[k])) for k in order if names[k] not in _NO_LANGUAGE][:MAX_CANDIDATES]
    return [
        (langcodes.standardize_tag(label), probability)
        for rank, (label, probability) in enumerate(ranked)
        if rank == 0 or probability >= CANDIDATE_PROBABILITY
    ]


def script_counts(texts: Iterable[str], letters: int = 20_000) -> Counter[str]:
    """How many of the first `letters` letters of `texts` each script has ("LATIN", "CYRILLIC", "CJK", ...: the
    first word of a letter's Unicode name)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(unicodedata.name(letter, "UNKNOWN").split(" ", 1)[0] for letter in LETTER.findall(text))
        if counts.total() >= letters:
            break
    return counts


def main_script(texts: Iterable[str]) -> str | None:
    """The script most letters of `texts` are in (as `script_counts` names it), None for text without letters."""
    counts = script_counts(texts)
    return counts.most_common(1)[0][0] if counts else None


def script_name(script: str) -> str:
    """A `script_counts` name as prose: "CYRILLIC" -> "Cyrillic"; an abbreviation ("CJK") as it is."""
    return script if len(script) <= 3 else script.capitalize()


# The 109 languages of LaBSE (Feng et al., "Language-agnostic BERT Sentence Embedding", ACL 2022, the table of
# languages), the model suggested for a language outside the encoder's; tags as `base_language` gives them.
LABSE = "sentence-transformers/LaBSE"
LABSE_LANGUAGES = frozenset(
    map(
        base_language,
        """
af am ar as az be bg bn bo bs ca ceb co cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha haw he hi hmn hr ht
hu hy id ig is it ja jv ka kk km kn ko ku ky la lb lo lt lv mg mi mk ml mn mr ms mt my ne nl no ny or pa pl pt ro ru
rw si sk sl sm sn so sq sr st su sv sw ta te tg th tk tl tr tt ug uk ur uz vi wo xh yi yo zh zu""".split(),
    )
)
# Suggested, with a caveat, for a language LaBSE does not list: trained on over 100 languages.
BROAD_MODEL = "BAAI/bge-m3"
# Tags of one language that a model's list may hold under its macrolanguage.
_MACROLANGUAGES = {"nb": "no", "nn": "no"}


def model_languages(name: str) -> frozenset[str] | None:
    """The languages of a sentence-transformers model known here by name ("sentence-transformers/LaBSE", or a
    local copy in a folder named LaBSE), or None when its languages are not known."""
    return LABSE_LANGUAGES if name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1].lower() == "labse" else None


def covers(languages: frozenset[str] | tuple[str, ...], language: str) -> bool:
    """Whether a model trained on `languages` knows `language` (a base language, as `base_language` gives)."""
    return language in languages or _MACROLANGUAGES.get(language) in languages


def language_warnings(encoder: object, documents: tuple[Document, ...]) -> tuple[str, ...]:
    """The warnings of an alignment about its languages: a given language its text contradicts (aligned only
    with force=True, --force), and each language outside the encoder's `languages` (when it lists them),
    naming a model that covers it."""
    contradictions = tuple(filter(None, map(given_language_contradiction, documents, ("source", "target"))))
    languages = getattr(encoder, "languages", None)
    if not languages:
        return contradictions
    outside = dict.fromkeys(
        base_language(d.language) for d in documents if d.language and not covers(languages, base_language(d.language))
    )
    name = getattr(encoder, "name", "the encoder")
    return contradictions + tuple(
        f"{language_name(language)} is not among the languages of the encoder {name}: pairs may be less accurate "
        f"and less sure; {_model_suggestion(language, name)}"
        for language in outside
    )


def _model_suggestion(language: str, current: str) -> str:
    if covers(LABSE_LANGUAGES, language) and model_languages(current) is None:
        return f"{LABSE}, trained on {language_name(language)}, may align it better (--model {LABSE}; model= in Python)"
    return (
        f"{BROAD_MODEL}, trained on over 100 languages, may align it better if its model card lists "
        f"{language_name(language)} (--model {BROAD_MODEL}; model= in Python)"
    )


# A document's typical pair distance (`costs.typical_pair_distance`) above which the embeddings tell its units'
# translations little apart from unrelated text. With the embedded encoder, which knows their languages, the dev
# pool's documents reach 0.60 (MAC-Dev zh-en, free literary translation); an English-only model on the seed pair
# (ru-en) has 0.70, as have the languages USE does not know (UDHR et/hr/sk: 0.73-0.75). Below LOW_CONTRAST_UNITS
# units a side the distance is mostly its prior (see `short_document_warning`).
LOW_CONTRAST_DISTANCE = 0.65
LOW_CONTRAST_UNITS = 5
LOW_CONTRAST = "gives little contrast between translations and unrelated text"


def contrast_warnings(
    encoder: object, documents: tuple[Document, Document], typical: float, units: int, confidence: float
) -> tuple[str, ...]:
    """The warning that the embeddings say little on these documents, when the encoder's languages are not known
    here (a model that lists them has `language_warnings` instead) and the documents' `typical` pair distance is
    beyond LOW_CONTRAST_DISTANCE with `units` (the fewer of the two documents' units) enough to measure it.

    Below the gate it says the two causes it cannot tell apart; at or above it, the document `confidence` says the
    documents translate each other, so only the model's reading of their languages is in doubt."""
    from .export import DOCUMENT_GATE  # the export module imports this one

    if getattr(encoder, "languages", None) or typical <= LOW_CONTRAST_DISTANCE or units < LOW_CONTRAST_UNITS:
        return ()
    name = getattr(encoder, "name", "the encoder")
    languages = (
        " and ".join(dict.fromkeys(language_name(base_language(d.language)) for d in documents if d.language))
        or "their languages"
    )
    multilingual = f"a multilingual model ({LABSE}, --model {LABSE}; model= in Python)"
    if confidence >= DOCUMENT_GATE:
        cause = (
            f"the document confidence ({confidence_text(confidence, 3)}) says they translate each other, but the "
            f"model may not read {languages} well: {multilingual} may align them better"
        )
    else:
        cause = (
            f"either they do not translate each other, or the model does not read {languages} well; "
            f"{multilingual} may tell"
        )
    return (
        f"the encoder {name} {LOW_CONTRAST} on these documents (typical pair distance {typical:.2f}; about 0.4 "
        f"where a model knows the languages): {cause}",
    )


def is_contrast_warning(warning: str) -> bool:
    """Whether `warning` is one of `contrast_warnings` (an alignment read back from a file keeps its text)."""
    return LOW_CONTRAST in warning


# A document with fewer units a side than this cannot show from itself what its encoder's distances mean: a
# unit's background (its similarity to unrelated units of the other side) is mostly its own pair's.
SHORT_DOCUMENT_UNITS = 3


def short_document_warning(documents: tuple[Document, Document], level: Level) -> tuple[str, ...]:
    """The warning that the documents are too short (fewer than SHORT_DOCUMENT_UNITS units at `level` on a side) to
    tell from themselves whether they translate each other, naming the units as the documents do (lines of a file
    read one unit per line; "units" when the two sides' differ) and how many each side has."""
    source, target = (len(document.units(level)) for document in documents)
    if min(source, target) >= SHORT_DOCUMENT_UNITS:
        return ()
    names = {document.unit_name(level) for document in documents}
    name = names.pop() if len(names) == 1 else "unit"
    size = (
        f"{counted(source, name)} a side"
        if source == target
        else f"{counted(source, 'source ' + name)} against {target}"
    )
    return (
        f"the documents are too short ({size}) to tell from "
        "themselves whether they translate each other: the confidence rests on how similar the units are, "
        "against what is usual for the embedded encoder; check the pair",
    )
