"""Numbers written as words, read back as values: `one hundred and fifty` = 150, `forty-four-day` has 44,
`тридцать пятую` = 35th, `fünfunddreißigste` = 35th, `quatre-vingt-dix` = 90, `ciento cincuenta` = 150.

The words are not listed here: num2words writes them. For each language the vocabulary is what it
writes for 0-99 and the hundreds (whole, as they are written: `forty-four`, `quatre-vingt-un`,
`vierundvierzig`), and the words for a thousand, a million and a billion, as cardinals and ordinals;
for Russian in every case, gender and number (`ста пятидесяти`, `тридцать пятой`). A run of such
words, joined by spaces, hyphens or `and`, is read as one number the way it is written: a hundreds
word, then at most one word below a hundred, per group; groups are multiplied by the power of a
thousand that ends them (`two thousand three hundred and five` = 2305). German words are split into
such pieces (`zweitausenddreihundert`), and so is the number inside a German or Russian compound word
(`vierundvierzigtägig`, `сорокачетырёхдневный`, `тридцатипятилетие`). A number word that is also an
ordinary word (`one`, `un`, `ein`, `second`) is read too: the numbers check only uses spelled numbers as
counterparts of digits, never reports them missing.

>>> [(n.value, n.ordinal, n.text) for n in read_number_words("one hundred and fifty, the forty-four-day war", "en")]
[(150, False, 'one hundred and fifty'), (44, False, 'forty-four')]
>>> [(n.value, n.ordinal) for n in read_number_words("в тридцать пятую годовщину", "ru")]
[(35, True)]
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .prepared import prepared_folder

LANGUAGES = ("en", "ru", "de", "fr", "es")
_SCALES = (1000, 10**6, 10**9)
_RUSSIAN_FORMS = [
    {"case": case, "gender": gender, "plural": plural}
    for case in ("nominative", "genitive", "dative", "accusative", "instrumental", "prepositional")
    for gender in ("m", "f", "n")
    for plural in (False, True)
]
# Words that join the parts of one number but are no number themselves.
_JOINERS = {"en": {"and"}, "fr": {"et"}, "es": {"y"}, "de": {"und"}, "ru": set()}
# 'a thousand', 'a million': one, before a scale word only ('a hundred' is in the vocabulary).
_ARTICLE_ONE = {"en": "a"}


@dataclass(frozen=True, slots=True)
class NumberWords:
    """A number written in words: its value, whether it is an ordinal, and where it is in the text."""

    value: int
    ordinal: bool
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Entry:
    value: int
    ordinal: bool
    scale: bool  # a thousand, a million, a billion: multiplies what comes before it


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    phrases: dict[tuple[str, ...], _Entry]  # the words of one written number below a thousand, or a scale word
    longest: int  # the most words in a phrase
    pieces: tuple[str, ...]  # single-word forms, longest first, to split compound words
    single_words: frozenset[str]


def _normalise(word: str) -> str:
    return word.lower().replace("ё", "е")


_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> list[str]:
    return [_normalise(w) for w in _WORD.findall(text)]


def _forms(language: str, number: int, ordinal: bool) -> set[str]:
    """Everything num2words writes for `number` in `language`, with the inflections it leaves out."""
    from num2words import num2words

    kind = "ordinal" if ordinal else "cardinal"
    if language == "ru":
        forms = {num2words(number, lang="ru", to=kind, **form) for form in _RUSSIAN_FORMS}
    else:
        forms = {num2words(number, lang=language, to=kind)}
    return {variant for form in forms for variant in _inflections(language, _normalise(form), ordinal)}


def _inflections(language: str, form: str, ordinal: bool) -> set[str]:
    """`form` and its forms num2words does not write: gender and number of ordinals, 'ein' for 'eins'."""
    forms = {form}
    if language == "de":
        if ordinal and form.endswith("e"):
            forms |= {form + ending for ending in "rnsm"}
        if form.startswith("ein") and ("hundert" in form or "tausend" in form):
            forms.add(form[3:])  # 'hundertfünfzig' as well as 'einhundertfünfzig'
        if form == "eins":
            forms |= {"ein", "eine", "einen", "einem", "einer", "eines"}
    elif language == "fr":
        # num2words 0.5 writes 'quatre-vingtsième', 'deux centsième' for 'quatre-vingtième', 'deux centième'
        forms = {re.sub(r"(vingt|cent)sième", r"\1ième", f) for f in forms}
        if ordinal:
            forms |= {f + "s" for f in forms} | {f.replace("premier", "première") for f in forms}
            if form == "premier":
                forms.add("unième")  # 'cent unième'
        elif form.endswith("un"):
            forms.add(form + "e")
        elif form.endswith(("cents", "vingts")):
            forms.add(form[:-1])  # 'deux cent cinquante', 'quatre-vingt mille'
    elif language == "es":
        if ordinal:
            words = form.split()
            for ending in ("a", "os", "as"):
                forms.add(" ".join(w[:-1] + ending if w.endswith("o") else w for w in words))
            forms |= {re.sub(r"\b(prim|terc)ero$", r"\1er", f) for f in forms}
        elif form.endswith("uno"):
            forms |= {form[:-1], form[:-1] + "a"}  # 'un', 'una', 'veintiun(a)'
            if form != "uno":
                forms.add(form[:-3] + "ún")  # 'veintiún'
        elif form == "cien":
            forms.add("ciento")  # 'ciento cincuenta'
        elif form.endswith("ientos"):
            forms.add(form[:-2] + "as")  # 'doscientas personas'

    elif language == "en" and not ordinal and form.startswith("one "):
        forms.add("a " + form[4:])
    return forms


@cache
def _vocabulary(language: str) -> _Vocabulary:
    phrases = _prepared_phrases(language)
    if phrases is None:
        phrases = _phrases(language)
    single_words = frozenset(words[0] for words in phrases if len(words) == 1)
    pieces = tuple(sorted(single_words | _JOINERS[language], key=lambda piece: (-len(piece), piece)))
    return _Vocabulary(phrases, max(map(len, phrases)), pieces, single_words)


def _phrases(language: str) -> dict[tuple[str, ...], _Entry]:
    """The vocabulary's phrases, from what num2words writes (some ten thousand calls for Russian)."""
    phrases: dict[tuple[str, ...], _Entry] = {}
    below_thousand = list(range(100)) + list(range(100, 1000, 100))
    for ordinal in (False, True):
        for number in below_thousand:
            for form in _forms(language, number, ordinal):
                phrases.setdefault(tuple(_words(form)), _Entry(number, ordinal, scale=False))
        for scale in _SCALES:
            # the last word of 'one thousand', 'пять тысяч', 'dos millones' names the scale (but a
            # one-word 'zweitausend' is two thousand: split, it gives 'tausend' from 'eintausend')
            for multiple in (1, 2, 5):
                for form in _forms(language, scale * multiple, ordinal):
                    words = _words(form)
                    if len(words) > 1 or multiple == 1:
                        phrases.setdefault((words[-1],), _Entry(scale, ordinal, scale=True))
    return {words: entry for words, entry in phrases.items() if words}


_PHRASES_FILE = "phrases.json"


def _prepared_phrases(language: str) -> dict[tuple[str, ...], _Entry] | None:
    """`_phrases(language)` from a prepared copy (`aligner.prepared`), written on first use; None where none can be.
    The copy is keyed by num2words' version and this module's source, which decide what the phrases are."""
    from importlib.metadata import version

    def build(folder: Path) -> None:
        rows = [[list(words), entry.value, entry.ordinal, entry.scale] for words, entry in _phrases(language).items()]
        (folder / _PHRASES_FILE).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    folder = prepared_folder(f"number-words-{language}", [version("num2words"), source], build, _PHRASES_FILE)
    if folder is None:
        return None
    rows = json.loads((folder / _PHRASES_FILE).read_text(encoding="utf-8"))
    return {tuple(words): _Entry(value, ordinal, scale) for words, value, ordinal, scale in rows}


# What follows a number inside a compound word: 'vierundvierzigtägig', 'dreimal', 'сорокачетырехдневный',
# 'тридцатипятилетие' (35th anniversary), 'пятиэтажный'.
_COMPOUND_HEADS = {
    "de": (
        "tägig",
        "jährig",
        "stündig",
        "wöchig",
        "monatig",
        "fach",
        "mal",
        "teilig",
        "köpfig",
        "stöckig",
        "prozentig",
    ),
    "ru": ("дневн", "летн", "лети", "месячн", "недельн", "часов", "минутн", "этажн", "процентн", "тонн", "метров"),
}


def _compound_parts(word: str, language: str, pieces: Sequence[str]) -> tuple[list[str], bool] | None:
    """The number words inside one word, and whether the word is all number: German 'zweitausenddreihundert'
    -> ([zwei, tausend, drei, hundert], True); 'vierundvierzigtägige' -> ([vierundvierzig], False)."""
    if language == "de" and len(word) > 4:
        parts = _split_compound(word, pieces)
        if parts and len(parts) > 1:
            return parts, True
    for head in _COMPOUND_HEADS.get(language, ()):
        at = word.find(head, 1)
        parts = _split_compound(word[:at], pieces) if at > 0 else None
        if parts:
            return parts, False
    return None


def _split_compound(word: str, pieces: Sequence[str]) -> list[str] | None:
    """`word` as a sequence of `pieces` ('zweitausenddreihundert' -> zwei, tausend, drei, hundert), or None."""
    if not word:
        return []
    for piece in pieces:
        if word.startswith(piece):
            rest = _split_compound(word[len(piece) :], pieces)
            if rest is not None:
                return [piece, *rest]
    return None


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    start: int
    end: int
    joined_to_next: bool  # only spaces or a hyphen between it and the next word
    comma_to_next: bool = False  # a comma between them ('one thousand, nine hundred')


def _tokens(text: str, language: str, vocabulary: _Vocabulary) -> list[_Token]:
    matches = list(_WORD.finditer(text))
    tokens: list[_Token] = []
    for k, match in enumerate(matches):
        following = text[match.end() : matches[k + 1].start()] if k + 1 < len(matches) else "."
        joined = re.fullmatch(r"[\s\u00a0\u202f]*-?[\s\u00a0\u202f]*", following) is not None
        comma = re.fullmatch(r",[\s\u00a0\u202f]+", following) is not None
        word = _normalise(match.group())
        compound = None if word in vocabulary.single_words else _compound_parts(word, language, vocabulary.pieces)
        if compound:
            parts, whole = compound
            for n, part in enumerate(parts):  # the pieces of one word share its span
                last = n == len(parts) - 1
                tokens.append(
                    _Token(part, match.start(), match.end(), not last or (whole and joined), whole and comma and last)
                )
        else:
            tokens.append(_Token(word, match.start(), match.end(), joined, comma))
    return tokens


def read_number_words(text: str, languages: str | Iterable[str]) -> tuple[NumberWords, ...]:
    """The numbers written in words in `text`, in text order, for each of `languages` that is known
    ("ru", "en-US", ...; see LANGUAGES); spans found in an earlier language are not read again."""
    from .language import base_language

    found: list[NumberWords] = []
    for language in dict.fromkeys(
        base_language(tag) for tag in ([languages] if isinstance(languages, str) else languages)
    ):
        if language in LANGUAGES:
            for number in _read(text, language):
                if all(number.end <= other.start or number.start >= other.end for other in found):
                    found.append(number)
    return tuple(sorted(found, key=lambda number: number.start))


def _read(text: str, language: str) -> Iterable[NumberWords]:
    vocabulary = _vocabulary(language)
    tokens = _tokens(text, language, vocabulary)
    k = 0
    while k < len(tokens):
        parsed = _parse_number(tokens, k, language, vocabulary)
        if parsed is None:
            k += 1
            continue
        value, ordinal, end = parsed
        yield NumberWords(
            value, ordinal, tokens[k].start, tokens[end - 1].end, text[tokens[k].start : tokens[end - 1].end]
        )
        k = end


def _phrase_at(tokens: Sequence[_Token], k: int, vocabulary: _Vocabulary) -> tuple[_Entry, int] | None:
    """The longest phrase of the vocabulary starting at token k, with the index after it."""
    for length in range(min(vocabulary.longest, len(tokens) - k), 0, -1):
        if length > 1 and not all(t.joined_to_next for t in tokens[k : k + length - 1]):
            continue
        entry = vocabulary.phrases.get(tuple(t.word for t in tokens[k : k + length]))
        if entry is not None:
            return entry, k + length
    return None


def _parse_number(
    tokens: Sequence[_Token], k: int, language: str, vocabulary: _Vocabulary
) -> tuple[int, bool, int] | None:
    """(value, ordinal, index after the number) for the number starting at token k, or None."""
    total, group, end = 0, 0, k
    room = 999  # the largest value the current group can still take
    last_scale = 10**12
    ordinal, after_scale = False, False
    position = k
    while position < len(tokens):
        before = tokens[position - 1] if position > k else None
        if before is not None and not (before.joined_to_next or (after_scale and before.comma_to_next)):
            break
        word = tokens[position].word
        phrase = _phrase_at(tokens, position, vocabulary)
        if phrase is None and word in _JOINERS[language] and position > k:
            position += 1  # 'and' counts only when a number word follows
            continue
        if phrase is None and word == _ARTICLE_ONE.get(language) and position == k:
            following = _phrase_at(tokens, position + 1, vocabulary)
            if following is None or not following[0].scale:
                return None
            group, room, position = 1, 0, position + 1  # 'a thousand'
            continue
        if phrase is None:
            break
        entry, after = phrase
        if ordinal and not entry.ordinal:
            break  # only Spanish writes every part of an ordinal as one ('centésimo primero')
        if entry.scale and entry.value < last_scale:
            total += (group or 1) * entry.value
            group, room, last_scale = 0, 999, entry.value
        elif entry.scale and group == 0 and total < entry.value:
            total, last_scale = total * entry.value, entry.value  # 'mil millones'
        elif not entry.scale and entry.value <= room and (entry.value or position == k):
            group += entry.value
            room = (
                99
                if entry.value % 100 == 0 and entry.value
                else 9
                if entry.value % 10 == 0 and entry.value >= 20
                else 0
            )
        else:
            break
        ordinal, after_scale = entry.ordinal, entry.scale
        position = end = after
    if end == k:
        return None
    return total + group, ordinal, end
