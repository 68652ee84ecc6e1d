"""Offline language identification from scripts and function words.

Good enough to choose a sentence splitter and to label a TMX: the script settles
most languages; for Latin and Cyrillic script, letters only one language uses
and the most frequent function words of each candidate language decide.
Returns None when nothing fits.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .errors import SettingsError

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# A few dozen of each language's most frequent words; shared words cancel out.
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to in is that for it as was with be by on not he this are or his from at which but have an they you were her she all their has been had its also who would there more can",
        "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur bis mehr durch",
        "fr": "de la le et les des en un du une que est pour qui dans par plus pas au sur ne se il sont ce avec son sa aux nous ou été cette mais elle ses leur comme fait",
        "es": "de la que el en y los del se las por un para con no una su al es lo como más pero sus le ya o este fue ha sí porque esta entre cuando muy sin sobre",
        "it": "di e il la che in un a per è del non una le si da sono con i gli al della come più ma nel anche ha dei questo alla lo se delle suo",
        "pt": "de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua ou ser quando muito nos já está",
        "nl": "de en van het een in is dat op te zijn met voor niet aan er die maar om ook als dan bij nog uit wordt door werd naar kan hij",
        "pl": "i w nie na się z do to że jest o jak co ale po tak za od przez jego które był być już może tylko są dla jej",
        "tr": "ve bir bu da de için ile çok daha gibi olarak en ama ne o kadar var olan sonra göre her şey ben",
        "ru": "и в не на что с по как это он к из о за от так но же все для у был бы она ли то его было или мы они только при уже год",
        "uk": "і в не на що з та до як це він у за від але так вже був для її ми вони або ще які від",
        "az": "və bu bir ilə də ki üçün olan onun isə görə kimi daha çox ən həm amma sonra",
    }.items()
}

# Letters that, among the languages above, (nearly) only one writes (Azerbaijani shares three with Turkish
# and adds "ə"); each occurrence counts as a function word.
_DISTINCT_LETTERS: dict[str, str] = {"az": "əğış", "tr": "ğış", "de": "ßä", "es": "ñ¿¡", "pt": "ãõ",
                                     "pl": "łąęśźżń", "fr": "œêëîû"}
_CYRILLIC_LETTERS: dict[str, str] = {"kk": "әғқңөұүһ", "be": "ў", "uk": "їєґі"}

# Scripts that (nearly) settle the language on their own.
_SCRIPT_LANGUAGE = {"GREEK": "el", "ARABIC": "ar", "HEBREW": "he", "HANGUL": "ko", "THAI": "th"}


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is most likely in, or None."""
    scripts = Counter(_script(ch) for ch in text if ch.isalpha())
    if not scripts:
        return None
    script, _ = scripts.most_common(1)[0]
    if script in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[script]
    if script in ("HIRAGANA", "KATAKANA") or (script == "CJK" and (scripts["HIRAGANA"] + scripts["KATAKANA"])):
        return "ja"
    if script == "CJK":
        return "zh"
    letters = Counter(text.lower())
    if script == "CYRILLIC":
        # ordered: Kazakh also writes "і", which would otherwise say Ukrainian
        return next((lang for lang, chars in _CYRILLIC_LETTERS.items() if any(letters[c] for c in chars)), "ru")
    if script != "LATIN":
        return None
    words = Counter(word.lower() for word in _WORD.findall(text))
    scores = {lang: sum(words[w] for w in vocabulary) for lang, vocabulary in _FUNCTION_WORDS.items()}
    for lang, chars in _DISTINCT_LETTERS.items():
        scores[lang] += sum(letters[c] for c in chars)
    best = max(scores, key=lambda lang: (scores[lang], lang))
    return best if scores[best] > 0 else None


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith("CJK"):
        return "CJK"
    return name.split(" ", 1)[0]


# BCP 47 in the shape translation tools use: a 2-3 letter language, then subtags ("en", "en-US", "zh-Hant-TW").
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def check_language_tag(tag: str | None, option: str) -> str | None:
    """`tag` unchanged if it looks like a language tag ("ru", "en-US"); SettingsError naming `option` if not."""
    if tag is not None and not _LANGUAGE_TAG.fullmatch(tag):
        raise SettingsError(f"{option} {tag!r} is not a language tag (e.g. ru, en, en-US, pt-BR)")
    return tag


def base_language(tag: str) -> str:
    """The language part of a tag, lower-cased: "en-US" -> "en"."""
    return tag.replace("_", "-").split("-")[0].lower()


def same_language(first: str | None, second: str | None) -> bool:
    """True when both tags are known and name the same language ("en" and "en-GB" do)."""
    return bool(first) and bool(second) and base_language(first) == base_language(second)
