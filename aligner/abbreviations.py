"""Abbreviations the SRX rules end a sentence at, though they go with the name or number after them.

LanguageTool's rules know many abbreviations, but not, in lower case or at all, the titles and references of Italian,
French, English and other legal and business texts: "il sig. Rossi", "il dott. Bianchi", "l'art. 5", "See Art. 5",
"approx. EUR 1,250", "Viz čl. 5". Two kinds are told apart:

- words that never end a sentence, whatever comes after them: titles before a name ("sig.", "Ing.") and words that
  introduce what follows ("cf.", "vs.", "p. ex.");
- words that are also ordinary words, or may end one ("art.", English "no.", French "vol."): they go on only before
  a number ("art. 5", "No. 5", "chap. IV", "approx. EUR 1,250", "pagg. 12-14"). "I love art. It ..." still ends.

Both are matched in any case ("Sig." opening a sentence, "sig." inside one), after a space, an elision or a bracket
("l'art. 5"). Apart from these, the splitter also cuts inside a dotted abbreviation written without spaces before a
capital ("S.p." | "A.", "D." | "Lgs."): a piece that follows with no space between, after single letters with their
dots, is the rest of that word.
"""

from __future__ import annotations

import re

# Titles before a name, and words that introduce what follows: no sentence ends with them.
_NEVER_LAST = {
    "it": "sig. sigg. dott. avv. ing. prof. geom. rag. arch. on. sen. cav. comm. mons. egr. spett. cfr. cf. vs.",
    "fr": "cf. vs. p.ex.",
    "en": "cf. vs. e.g. i.e. viz.",
    "pt": "cf. vs.",
    "nl": "cf. vgl. vs.",
    "ca": "cf. vs.",
    "ro": "dr. prof. ing. dl. cf. vs.",
    "pl": "prof. inż. por. cf. vs.",
    "cs": "ing. mudr. judr. mgr. phdr. rndr. doc. prof. srov. zák. cf. vs.",
}

# References and approximations that go on before a number only ("art. 5", "p. 12", "approx. EUR 1,250").
_BEFORE_A_NUMBER = {
    "it": "art. artt. pag. pagg. p. pp. n. nn. nr. cap. capp. par. vol. voll. fig. figg. tab. all. co. ca. "
    "d.lgs. d.l. d.p.r. d.m. l.",
    "fr": "art. p. pp. chap. ch. vol. fig. n. no. al. env. approx. t.",
    "en": "art. arts. p. pp. no. nos. ch. chap. vol. vols. fig. figs. para. paras. sec. secs. sect. approx. ca. c.",
    "pt": "art. arts. pág. págs. p. pp. nº. n. cap. vol. fig. aprox.",
    "nl": "art. blz. p. pp. nr. hfdst. hst. vol. fig. ca. sub.",
    "ca": "art. pàg. p. núm. cap. vol. fig. aprox.",
    "ro": "art. alin. pag. p. nr. cap. vol. fig. pct. cca. aprox.",
    "pl": "art. ust. pkt. s. str. rozdz. t. poz. ok.",
    "cs": "čl. odst. s. str. č. kap. sv. odd. cca.",
    "ru": "прибл.",
}


def _ending_with(words: str) -> re.Pattern[str]:
    """A piece that ends with one of `words` (space-separated), after a space, an elision or a bracket, in any case;
    a dot inside a word may have a space after it ("p.ex." is also "p. ex.", "e.g." "e. g.")."""
    entries = [
        re.escape(word[:-1]).replace(r"\.", r"\.\s?") + r"\." for word in sorted(words.split(), key=len, reverse=True)
    ]
    return re.compile(rf"(?:^|[\s'’(\[«“\"„])(?:{'|'.join(entries)})$", re.IGNORECASE)


_NEVER_LAST_ENDING = {language: _ending_with(words) for language, words in _NEVER_LAST.items()}
_BEFORE_A_NUMBER_ENDING = {language: _ending_with(words) for language, words in _BEFORE_A_NUMBER.items()}
# A number, maybe after a currency ("EUR 1,250", "€ 5"), or a Roman numeral of two letters or more ("chap. IV").
_NUMBER_START = re.compile(r"^(?:(?:[€$£¥]|[A-Z]{3}\s)\s?)?\d|^[IVXLCDM]{2,}\b")
# Single letters with their dots ending a piece ("S.p.", "D."), and letters with a dot opening the next ("A.", "Lgs.").
_DOTTED_LETTERS_END = re.compile(r"(?<!\w)(?:[^\W\d_]\.)+$")
_LETTERS_AND_DOT_START = re.compile(r"^[^\W\d_]+\.")


def goes_on_after_abbreviation(language: str, before: str, piece: str) -> bool:
    """`before` ends with an abbreviation of `language` that goes with `piece` ("il sig." + "Rossi ...", "See Art." +
    "5, p. 12.")."""
    never_last = _NEVER_LAST_ENDING.get(language)
    before_a_number = _BEFORE_A_NUMBER_ENDING.get(language)
    return bool(
        (never_last is not None and never_last.search(before))
        or (before_a_number is not None and before_a_number.search(before) and _NUMBER_START.match(piece))
    )


def cut_inside_abbreviation(before: str, piece: str) -> bool:
    """`piece`, which follows `before` with no space between, is the rest of a dotted abbreviation: "S.p." + "A. il 3
    marzo.", "Il D." + "Lgs. 196"."""
    return bool(_DOTTED_LETTERS_END.search(before) and _LETTERS_AND_DOT_START.match(piece))
