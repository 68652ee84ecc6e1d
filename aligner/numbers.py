"""Numbers, months and decades in a text, normalised so that a text and its translation can be compared.

What is normalised:

- digit grouping with spaces (also no-break, narrow no-break and thin spaces), commas, points or
  apostrophes: `1 000`, `1,000`, `1.000`, `1'000` are all 1000;
- decimal comma or point: `3,5` and `3.5` are both 3.5. A single group of exactly three digits after
  a comma or point (`1,000`, `1.000`) could be either, so it keeps both readings;
- a number before `тыс.`, `млн`, `thousand`, `million`, `Mio`, ... may also be read multiplied out
  (`5 тыс.` = `5,000`, `1,5 млн` = `1.5 million` = `1 500 000`);
- ranges are two numbers (`19-20`, `19–20`, `с 19 на 20`); a shortened year range `1990-94` is
  read as 1990 and 1994;
- ordinal endings are dropped (`35-ю`, `35th`, `1994-го`, `1er`, `35.`);
- month names (and usual abbreviations in Russian, English, German and French) in those four and Spanish, Italian,
  Portuguese, Catalan, Dutch, Swedish, Danish, Norwegian, Romanian, Polish, Czech, Slovak, Finnish, Hungarian and
  Turkish, inflected too (`marca`, `w marcu`, `března`, `maaliskuuta`, `15 de marzo`), become the month's
  number where they are used as a date: next to a day number or a year (`1 March`, `марте 1994`), after a
  word of time (`in March`, `в начале марта`, `im März`, `en mars`), or joined to such a month (`in March and
  April`). Elsewhere a month word is often a name (`the March Hare`, `June Carter`, `Марта пришла`, `Avenue du
  Mars`, `May I`) and is only a counterpart, as number words are: it may stand for a month on the other side but
  is never reported missing. A month name that is capitalised in the middle of a sentence of a language whose
  months are lower-case (all but English, German and Turkish), or followed by a capitalised word, is a name unless a
  number is next to it (`8 Марта` is a date). A month in digits, as Chinese, Japanese and Korean write it (`1月`,
  `1월`), is a month too. The other languages' month names are not read (Arabic `يناير`), so the check reports no
  month missing from a text in one of them (`reads_months`);
- numeric dates: `20.01.1990` (day first), ISO `1990-01-20`, and `20/01/1990`, `20-01-1990`, day first or, in
  English of the United States, month first (`01/20/1990`); one whose day cannot be a month is read the one way it
  can, one whose both can (`05/06/1990`) either way, as the other side agrees (`unmatched_quantities`);
- phone numbers (`+34 912 345 678`, `01 23 45 67 89`) as their digits, however grouped, and their number inside
  their country (without the international prefix and the trunk 0), which may differ from the other side's;
- times of day, as hours and minutes on the 24-hour clock: `9:00`, `18.30 Uhr`, `15 h 30`, `15h30`, `20 часов`,
  `20 Uhr`, `20 heures`, `20h`, and in a range the hour before (`с 8 до 20 часов`, `von 9 bis 18.30 Uhr`); on the
  12-hour clock with a part of the day (`3:30 pm`, `8 a.m.`, `8 вечера`, `3 часа дня`, `2 часа ночи`, `8 Uhr abends`,
  `8 heures du soir`), so that `20:00` = `8 pm` = `20 Uhr`. An hour with a word for hours but neither minutes nor a
  part of the day (`8 часов`, `8 Uhr`, `8 o'clock`) may be either half of the day. A time faces a number of its hours
  on the other side too (`в 20 часов` / `at 20`, `в течение 2 часов` / `for 2 hours`), and a number written as a
  time may be one (`в 15.30` / `at 3:30 pm`); `noon` and `midnight` (`полдень`, `Mitternacht`, `midi`) are
  counterparts, as number words are. A score or a ratio (`3:1`, `1:100`) and a time with seconds are numbers;
- a rate as French writes it, `8 heures sur 24`, `8 h/24`, `5 jours sur 7`, `5 j/7`, is its count (`8 hours a day`),
  its period a counterpart; around the clock, `24/7`, is also `24 hours a day`, `24 h/24, 7 j/7`, `24 Stunden am
  Tag`, `24 часа в сутки`, and the words `around the clock`, `rund um die Uhr`, `круглосуточно`, which are
  counterparts of 24 and 7 (and `24 hours a day` of 7);
- decades: `80-е годы`, `1980-х`, `1980s`, `'80s`, `80er Jahre`, `années 80`; a two-digit decade
  matches the same decade of any century;
- Roman numerals of two or more letters made of I, V and X (`XX век`, `World War II`), or a single
  one before a word for century, after a label (`Chapter I`, `numéro I`, `глава V`) or alone (a
  heading's `I`).

- numbers written as words, in Russian, English, German, French and Spanish (`one hundred and fifty`,
  `forty-four-day`, `тридцать пятую`, `fünfunddreißigste`: see `number_words`), and a few counting
  words (`twice`, `сутки`, `dozen`, `Achttausender`): they are counterparts for a digit on the other side, never
  reported missing themselves (`one`, `un`, `ein` are also ordinary words);
- Chinese, Japanese and Sino-Korean numerals (`一百三十`, `两万`, `十七八`, `十二月`, `八十年代`, `삼백 명`: see
  `cjk_numerals`), in a text of any language: counterparts too, as number words are, but for a percentage
  (`百分之五十`, `오십 퍼센트`), a decimal (`零点五`) and a year written digit by digit (`一九九〇年`), which are
  compared as digits are. Digits against Chinese or Japanese characters are a number, not part of a code (`有130人`);
  full-width digits are read (`１２３`, `１．５`, `１，０００`), and the units after digits multiply them as `тыс.`
  does (`5万` = 5 or 50 000, `1.5亿`, Korean `5천만`), several groups of them one number (`2万5千` = 25 000,
  `3億5000万`, `3만 5천`).

Signs and units (`-5 °C`, `50 %`) are not compared.

>>> [q.values for q in extract_quantities("в ночь с 19 на 20 января 1990 года", "ru")]
[('19',), ('20',), ('1',), ('1990',)]
>>> [q.kind for q in extract_quantities("in the 1980s, 1 000 people", "en")]
['decade', 'number']
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Literal, NamedTuple

from .cjk_numerals import read_cjk_numerals, units_after
from .language import base_language
from .number_words import LANGUAGES as NUMBER_WORD_LANGUAGES
from .number_words import read_number_words

QuantityKind = Literal["number", "month", "decade", "time", "spelled", "phone"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number, month, decade or time of day found in a text.

    `values` are the normalised readings (usually one; two for an ambiguous `1,000`), `text` is what
    was written and `start` its character offset in the text. `uncertain` marks readings that may
    not be meant as a number: digits inside a code or name (`G7`, which a translation may spell
    'Большая семёрка'), Roman numerals (`II` may be an OCR-garbled 'Il') and a note's mark (`[1]`).
    `parts` is another reading as several numbers: `16 100` may be 16 and 100, `4.45` a time, 4 and 45.
    A time's values are hours and minutes on the 24-hour clock (`20:00`; `8 Uhr` is `8:00` or `20:00`). `across` is
    what a number or a time may be against one of the other kind: a time written without minutes, its hour as either
    clock says it (`8 pm`, `20 часов`: 20 or 8); a number written as a time, that time (`18.30`: `18:30`).
    A "spelled" quantity is a number word (`four`, `четыре`): it may stand for a digit on the other
    side but is never reported missing itself. So is a `silent` month, a month word not used as a date
    (`the March Hare`), and a silent time, `noon` or `midnight`.
    The day and the month of a numeric date that may be read in either order (`05/06/2026`) each have `swapped`:
    their value when it is read the other way, the day's as the month and the month's as the day.
    A phone number's values are its digits (`+34 91 234 56 78`: 34912345678, however grouped); `national`, its
    number inside its country, without the international prefix or the trunk 0 (912345678). It is `uncertain`
    when it differs from its counterpart by that prefix only (`unmatched_quantities`).
    `scale` is the word after a number that multiplies it, as written (`тыс.` of `450 тыс.`, `million`): the second
    half of its values are the first half multiplied out (`450`, `450000`), and `text` is the number alone.
    `note` marks a note's mark (`[2]`; `text` is the digits alone).
    """

    kind: QuantityKind
    values: tuple[str, ...]
    text: str
    start: int
    uncertain: bool = False
    parts: tuple[str, ...] = ()
    silent: bool = False
    across: tuple[str, ...] = ()
    swapped: tuple[str, ...] = ()
    national: tuple[str, ...] = ()
    scale: str = ""
    note: bool = False

    @property
    def readings(self) -> tuple[str, ...]:
        """The values, and what the quantity may be against one of the other kind (`across`)."""
        return self.values + self.across

    @property
    def counterpart_only(self) -> bool:
        """True for a quantity that may pair with one on the other side but is never reported missing."""
        return self.kind == "spelled" or self.silent

    def __str__(self) -> str:
        return self.text

    def matches(self, other: Quantity) -> bool:
        """True when the two can be the same quantity (compatible kinds, a reading in common)."""
        kinds = {self.kind, other.kind}
        if kinds == {"decade"}:
            return any(_same_decade(a, b) for a in self.values for b in other.values)
        if kinds == {"decade", "number"}:  # 'в возрасте от 40 лет' / 'in their 40s'
            decade, number = (self, other) if self.kind == "decade" else (other, self)
            return any(
                _same_decade(d, f"{n}s") for d in decade.values for n in number.values if n.isascii() and n.isdigit()
            )
        if len(kinds) == 1 or kinds == {"number", "spelled"}:
            return not set(self.values).isdisjoint(other.values)
        # 'в 20 часов' / 'at 20', 'в 15.30' / 'at 3:30 pm', '030 1234567' / '0301234567'
        if kinds in ({"time", "number"}, {"time", "spelled"}, {"phone", "number"}):
            return not set(self.readings).isdisjoint(other.readings)
        return False


# Chinese and Japanese write a number against the words around it ('有130人', '温度为2.726K'): their characters do
# not make the digits part of a code as letters do ('G7'). Their full-width digits and decimal point
# ('１２３', '１．５') are read as ASCII ones, and a full-width comma between digits grouped by three
# ('１，０００'; elsewhere it is the comma of a sentence).
_CJK_CHARACTERS = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_NOT_AFTER_LETTER = rf"(?<![^\W{_CJK_CHARACTERS}])"
_NOT_BEFORE_LETTER = rf"(?![^\W{_CJK_CHARACTERS}])"
_HALF_WIDTH_DIGITS = str.maketrans({chr(ord("０") + digit): str(digit) for digit in range(10)})
_FULL_WIDTH_SEPARATOR = re.compile(r"(?<=\d)(?:．(?=\d)|，(?=\d{3}(?!\d)))")

_SPACES = " \u00a0\u202f\u2007\u2009"
_GROUP = rf"[{_SPACES},.'’]"
_DIGITS = (
    rf"(?:(?P<grouped>\d{{1,3}}(?P<sep>{_GROUP})\d{{3}}(?:(?P=sep)\d{{3}})*(?![\d]))(?:(?P<frac>[.,])(?P<fracdigits>\d+))?"
    rf"|(?P<plain>\d+(?:[.,]\d+)?))"
    r"(?!\d)"
)
# not inside a word or a longer number (but 'COVID-19', 'G20' are read)
_NUMBER = re.compile(rf"{_NOT_AFTER_LETTER}{_DIGITS}")
# Units after which a number in digits goes on ('2万5000', '3만 5천'; in Korean a space after them)
_LARGE_UNITS = "万萬亿億만억조"
_DIGITS_AFTER_UNITS = re.compile(_DIGITS)
_DATE_MARK = re.compile(r"\s?[年月日년월일]")
# '5 тыс.', '1,5 млн', '2 million': the number may also be read multiplied out ('5,000', '1 500 000')
_MULTIPLIERS = (
    (re.compile(r"\s*(?:тыс\b|тысяч|thousand|Tausend|Tsd\b|mille\b)", re.I), 1000),
    (re.compile(r"\s*(?:млн\b|миллион|million|Mio\b|mln\b)", re.I), 10**6),
    (re.compile(r"\s*(?:млрд\b|миллиард|billion|Milliard|Mrd\b|bn\b)", re.I), 10**9),
)
# the rest of a multiplying word ('тысяч' of 'тысячи') and its point ('тыс.'), for the messages (`_multiplying_word`)
_WORD_END = re.compile(r"\w*\.?")
# '1 ½ m': a vulgar fraction after a whole number is read with it ('1,50 m' on the other side)
_FRACTION = re.compile(r"[ \u00a0]?([½¼¾])")
_FRACTION_VALUES = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}
_NUMBER_IN_WORD = re.compile(r"(?<=[^\W\d_])\d+|\d+(?=[^\W\d_])")  # 'G20', 'COVID19', '35th'
# 20.01.1990 (day first, as in Russian, German and French; also spaced, '12. 3. 1950', as German and Czech write it),
# ISO 1990-01-20, and 20/01/1990, 20-01-1990 (day or month first: `_slashed_date`)
_NUMERIC_DATE = re.compile(
    rf"{_NOT_AFTER_LETTER}(?<![./-])(?:(?P<day>\d{{1,2}})\.[ \u00a0]?(?P<month>\d{{1,2}})\.[ \u00a0]?(?P<year>\d{{4}})"
    rf"|(?P<iyear>\d{{4}})-(?P<imonth>\d{{2}})-(?P<iday>\d{{2}})"
    rf"|(?P<first>\d{{1,2}})(?P<separator>[/-])(?P<second>\d{{1,2}})(?P=separator)(?P<syear>\d{{4}}))"
    rf"{_NOT_BEFORE_LETTER}(?![.,/-]\d)"
)
# A phone number: international, '+34 912 345 678', '+7 (495) 123-45-67', or national with a trunk 0 or an area code
# in brackets, '01 23 45 67 89', '030 1234567', '(030) 123 45 67' (`_phone`); not the groups of '1 000 000 000'
_PHONE = re.compile(
    r"(?<![\w+.,/-])(?<!\d[ \u00a0])"
    r"(?:\+\d{1,3}(?:[ \u00a0.-]?\(?\d{1,5}\)?)+|(?:\(0?\d{1,5}\)|0\d{1,4})(?:[ \u00a0./-]\d{2,})+)"
    r"(?![\w.,/-]?\d)"
)
_AREA_CODE = re.compile(r"\(0?\d{1,5}\)|0\d{1,4}")
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[ \u00a0./-](?=\d)")
# 1月, 1990年1月20日 (Chinese, Japanese), 1월 (Korean): a month written in digits
_CJK_MONTH = re.compile(r"(?<!\d)(?P<month>\d{1,2})\s?[月월]")
# U+2011, the non-breaking hyphen, is Word's Ctrl+Shift+- as a .docx or .odt is read
_YEAR_RANGE = re.compile(
    rf"{_NOT_AFTER_LETTER}(1\d|20)(\d\d)\s*[-\u2010\u2011–—]\s*(\d\d){_NOT_BEFORE_LETTER}(?![-\u2010\u2011–—.,]?\d)"
)

_ROMAN = re.compile(r"\b(?:[IVX]{2,}|[IVX](?=\s+(?:век|века|веке|веков|century|centuries|siècle|Jahrhundert|Jh\.)))\b")
_ROMAN_VALID = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")
# A single-letter Roman numeral after a label of a part or a number (`Chapter I`, `numéro I`, `глава V`). English
# labels only capitalised: "the part I played", "the book I read".
_ROMAN_AFTER_LABEL = re.compile(
    r"(?:\b(?i:chapitre|kapitel|capítulo|capitolo|глава|часть|partie|teil|parte|livre|buch|libro|книга|tome|том"
    r"|acte|akt|scène|szene|artikel|artículo|статья|numéro|nummer|número|номер)|\bnr\.|\bn°|№"
    r"|\b(?:Chapter|Part|Book|Act|Scene|Volume|Vol\.|Article|Number|No\.|CHAPTER|PART|BOOK|ACT|SCENE|VOLUME|ARTICLE))"
    r"\s*([IVX])\b(?!['’])"
)
# ... or one that is the whole text: a heading's number (`I`, `V.`; not `V. K. Arsenyeva`, initials).
_ROMAN_ALONE = re.compile(r"^\s*([IVX])(?=\.?\s*$)")

_DECADES = (
    # Russian: 80-е годы, 1980-х годов, в 80-х гг.
    re.compile(r"\b(?P<d>\d{1,3}0)-(?:е|х|м|ми)\s+(?:годы|годов|годах|годам|годами|гг\.?)", re.I),
    re.compile(r"\b(?P<d>1\d\d0|20\d0)-(?:е|х|ми)\b", re.I),  # not '-м': 'в 1990-м году' is a year
    # English: 1980s, 1980's, '80s, 80s
    re.compile(r"(?:\b|(?<=['’]))(?P<d>\d{1,3}0)['’]?s\b"),
    # German: 80er Jahre, 1980er
    re.compile(r"\b(?P<d>\d{1,3}0)er\b"),
    # French: les années 80, années 1980
    re.compile(r"\bann[ée]es\s+(?P<d>\d{1,3}0)\b", re.I),
    # Chinese, Japanese: 80年代, 1980年代
    re.compile(rf"{_NOT_AFTER_LETTER}(?P<d>\d{{1,3}}0)\s?年代"),
)

ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Month-name patterns by language, numbered from 1.
_MONTHS: dict[str, tuple[tuple[int, str], ...]] = {
    "ru": tuple(
        enumerate(
            (
                r"январ[ьяею]\w*",
                r"феврал[ьяею]\w*",
                r"март(?:а|е|у|ом)?",
                r"апрел[ьяею]\w*",
                r"ма[йяею]",
                r"июн[ьяею]\w*",
                r"июл[ьяею]\w*",
                r"август(?:а|е|у|ом)?",
                r"сентябр[ьяею]\w*",
                r"октябр[ьяею]\w*",
                r"ноябр[ьяею]\w*",
                r"декабр[ьяею]\w*",
            ),
            start=1,
        )
    ),
    "en": tuple(enumerate(ENGLISH_MONTHS, start=1)),
    "de": tuple(
        enumerate(
            (
                "Januar|Jänner",
                "Februar",
                "März",
                "April",
                "Mai",
                "Juni",
                "Juli",
                "August",
                "September",
                "Oktober",
                "November",
                "Dezember",
            ),
            start=1,
        )
    ),
    "fr": tuple(
        enumerate(
            (
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ),
            start=1,
        )
    ),
    **{
        language: tuple(enumerate(names.split(), start=1))
        for language, names in {
            # with the inflected forms a date takes: Polish 'marca', 'w marcu', Czech 'března', Finnish 'maaliskuuta'
            "es": "enero febrero marzo abril mayo junio julio agosto septiembre|setiembre octubre noviembre diciembre",
            "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
            "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
            "ca": "gener febrer març abril maig juny juliol agost setembre octubre novembre desembre",
            "nl": "januari februari maart april mei juni juli augustus september oktober november december",
            "sv": "januari februari mars april maj juni juli augusti september oktober november december",
            "da": "januar februar marts april maj juni juli august september oktober november december",
            **dict.fromkeys(
                ("nb", "nn", "no"), "januar februar mars april mai juni juli august september oktober november desember"
            ),
            # 'mai' is also 'more': May only before a year ('15 mai 2026', 'în mai 2026')
            "ro": "ianuarie februarie martie aprilie mai(?=[\\s\\u00a0]\\d{4}(?!\\d)) iunie iulie august septembrie "
            "octombrie noiembrie decembrie",
            "pl": "stycz(?:eń|nia|niu|niem) lut(?:y|ego|ym) mar(?:zec|ca|cu|cem) kwie(?:cień|tnia|tniu|tniem) "
            "maj(?:a|u|em)? czerw(?:iec|ca|cu|cem) lip(?:iec|ca|cu|cem) sierp(?:ień|nia|niu|niem) "
            "wrze(?:sień|śnia|śniu|śniem) październik(?:a|u|iem)? listopad(?:a|zie|em)? grud(?:zień|nia|niu|niem)",
            "cs": "led(?:en|na|nu|nem) únor(?:a|u|em)? břez(?:en|na|nu|nem) dub(?:en|na|nu|nem) květ(?:en|na|nu|nem) "
            "červ(?:en|na|nu|nem) červen(?:ec|ce|ci|cem) srp(?:en|na|nu|nem) září říj(?:en|na|nu|nem) "
            "listopad(?:u|em)? prosin(?:ec|ce|ci|cem)",
            "sk": "januá?r\\w* februá?r\\w* mar(?:ec|ca|ci|com) aprí?l\\w* máj\\w* jún\\w* júl\\w* august\\w* "
            "septemb(?:er|ra|ri|rom) októb(?:er|ra|ri|rom) novemb(?:er|ra|ri|rom) decemb(?:er|ra|ri|rom)",
            "fi": " ".join(
                f"{stem}kuu\\w*"
                for stem in "tammi helmi maalis huhti touko kesä heinä elo syys loka marras joulu".split()
            ),
            "hu": " ".join(
                f"{stem}\\w*"
                for stem in "január február március április május június július augusztus szeptember október "
                "november december".split()
            ),
            # capitalised in a date ('15 Mart 2026'); 'aralık' is also an interval, 'ekim' a sowing
            "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
        }.items()
    },
}
# Languages whose months are read in digits ('1月', '1월'), the way they are mostly written.
_DIGIT_MONTH_LANGUAGES = frozenset({"zh", "ja", "ko"})


def reads_months(language: str | None) -> bool:
    """Whether a text in `language` shows its months to `extract_quantities`: by name in Russian, English, German
    and French (`_MONTHS`), in digits in Chinese, Japanese and Korean, and in every one of them when the language
    is not known (None). A month of the other side has no counterpart to be found in any other language ('enero',
    'يناير'), so it is not to be reported missing there."""
    return language is None or base_language(language) in _MONTHS.keys() | _DIGIT_MONTH_LANGUAGES


_MONTH_ABBREVIATIONS: dict[str, tuple[tuple[int, str], ...]] = {
    "ru": (
        (1, "янв"),
        (2, "февр?"),
        (3, "мар"),
        (4, "апр"),
        (8, "авг"),
        (9, "сент?"),
        (10, "окт"),
        (11, "нояб?"),
        (12, "дек"),
    ),
    "en": (
        (1, "Jan"),
        (2, "Feb"),
        (3, "Mar"),
        (4, "Apr"),
        (6, "Jun"),
        (7, "Jul"),
        (8, "Aug"),
        (9, "Sept?"),
        (10, "Oct"),
        (11, "Nov"),
        (12, "Dec"),
    ),
}
# Words after which a month name is a date ('in March', 'в конце марта', 'Anfang Mai', 'mi-mars', 'mois d'août').
# Not 'before', 'after', 'to', 'with': 'after June left' is a name.
_TIME_WORDS = (
    r"in|of|since|until|till|from|by|early|late|mid|last|next|this|every|during|through|throughout|between|month"
    r"|в|во|с|со|до|к|ко|по|на|после|между|начал[аеоу]|конц[аеу]|середин[аеуы]|месяц[аеу]?"
    r"|im|seit|bis|ab|vom|zum|anfang|ende|mitte|monat|monats"
    r"|en|de|depuis|dès|début|fin|mi|mois|courant|jusqu'en"
)
# ... and those of the other languages, read before their own months only ('a marzo', 'w marcu', 'do grudnia')
_TIME_WORDS_BY_LANGUAGE = {
    "es": "desde|hasta|durante|entre|principios|mediados|finales|mes",
    "it": "a|da|di|dal|al|nel|fino|entro|inizio|fine|metà|mese",
    "pt": "em|desde|até|durante|entre|início|meados|fim|final|mês|a",
    "ca": "a|des|fins|durant|entre|principis|mitjans|finals|mes",
    "nl": "van|sinds|tot|vanaf|begin|eind|half|medio|maand",
    "sv": "i|sedan|till|från|början|slutet|mitten|månad",
    "da": "i|siden|til|fra|begyndelsen|slutningen|midten|måned",
    "nb": "i|siden|til|fra|begynnelsen|slutten|midten|måned",
    "ro": "în|din|până|la|începutul|sfârșitul|mijlocul|luna|lunii",
    "pl": "w|we|od|do|z|ze|na|początku|końcu|połowie|miesiąc|miesiąca|miesiącu",
    "cs": "v|ve|od|do|z|ze|na|začátku|konci|polovině|měsíc|měsíce|měsíci",
    "sk": "v|vo|od|do|z|zo|na|začiatku|konci|polovici|mesiac|mesiaca|mesiaci",
}
_TIME_WORDS_BY_LANGUAGE["nn"] = _TIME_WORDS_BY_LANGUAGE["no"] = _TIME_WORDS_BY_LANGUAGE["nb"]


@cache
def _time_word(language: str) -> re.Pattern[str]:
    """The words after which a month of `language` is a date: the shared ones and the language's own."""
    own = _TIME_WORDS_BY_LANGUAGE.get(language)
    words = f"{_TIME_WORDS}|{own}" if own else _TIME_WORDS
    return re.compile(rf"(?<!\w)(?:{words})(?:\s+|-)$|(?<!\w)d['’]$|(?<!\w)(?:mid|mi)-$", re.I)


# Between two months of one date or range: 'March and April', 'с марта по май', 'janvier à mars', 'Juni/Juli'
_MONTH_JOINER = re.compile(r"\s*(?:,|/|-|–|—|and|or|to|through|и|или|по|und|oder|bis|et|ou|à|au)\s*", re.I)
_SENTENCE_END = re.compile(r"(?:^|[.!?…:;\n])[\s\u00a0«»\"'“”„‘’(\[—–-]*$")
_CASE_SENSITIVE = {"en", "de", "tr"}  # month names are capitalised; lower-case 'march', 'august', 'aralık' are words
# the other languages write months in lower case: 'Марте', 'Mars', 'Mayo' inside a sentence are names
_LOWER_CASE_MONTHS = _MONTHS.keys() - _CASE_SENSITIVE


# Words for a number that are not number words (num2words does not write them); a digit facing one
# is not reported missing. Number words themselves are read by `number_words`.
# A peak over 3000 ... 8000 metres, a mountaineering word ('Achttausender', 'восьмитысячник'; "les 8000" in French).
_THOUSANDERS_RU = ("тр[её]х", "четыр[её]х", "пяти", "шести", "семи", "восьми")
_THOUSANDERS_DE = ("drei", "vier", "fünf", "sechs", "sieben", "acht")
_COUNTING_WORDS: dict[str, dict[int, str]] = {
    "en": {1: "once", 2: "twice|both", 3: "thrice", 12: "dozen"},
    "ru": {
        1: "единожды",
        2: r"дважды|обе?|обоих|обеих",
        3: "трижды",
        7: r"сем[её]рк\w*",
        10: r"десят(?:ок|ка|ки)",
        12: r"дюжин\w*",
        24: r"сут(?:ки|ок|кам|ками|ках)",
        **{1000 * n: rf"{stem}тысячник\w*" for n, stem in enumerate(_THOUSANDERS_RU, 3)},
    },
    "de": {
        2: "beide[mnrs]?",
        12: "Dutzend",
        **{1000 * n: rf"{word}tausender\w*" for n, word in enumerate(_THOUSANDERS_DE, 3)},
    },
    "fr": {12: "douzaine"},
    "es": {2: "ambos|ambas", 12: "docena"},
}
# Noon and midnight: counterparts of a time on the other side ('в 12 часов дня' / 'at noon'), never reported missing
# (`midi` is also the south, `Mittag` lunch).
_CLOCK_WORDS: dict[str, dict[str, str]] = {
    "en": {"12:00": "noon|midday", "0:00": "midnight"},
    "ru": {"12:00": "полдень|полудн[яюе]", "0:00": "полночь|полуночи"},
    "de": {"12:00": "Mittag", "0:00": "Mitternacht"},
    "fr": {"12:00": "midi", "0:00": "minuit"},
}
# A rate as French writes it, with its period: '8 heures sur 24', '8 h/24' (8 hours a day), '5 jours sur 7', '5 j/7'
# (5 days a week). The count is its number; the period is a counterpart, which may face a number on the other side ('3
# of the 7 days') but is no number of its own: '24 heures sur 24' is one 24 against '24 hours a day', not two.
_RATE_PER = r"[ \u00a0]?(?:sur|/)[ \u00a0]?"
_RATES = {
    "fr": (
        re.compile(rf"(?<![\d.,:])(?P<count>\d{{1,2}})[ \u00a0]?(?:heures?|h){_RATE_PER}(?P<period>24)(?!\d|[.,:]\d)"),
        re.compile(rf"(?<![\d.,:])(?P<count>\d)[ \u00a0]?(?:jours?|j){_RATE_PER}(?P<period>7)(?!\d|[.,:]\d)"),
    )
}
# Around the clock, which English also writes '24/7' (24 hours a day, 7 days a week). A word for it is a counterpart
# of 24 and of 7, and 24 hours a day written out is one of 7 (the days of the week it leaves unsaid), so that every way
# of saying it agrees with '24/7' and '24 h/24, 7 j/7'; a 25 or a 6 on the other side is still without one.
_AROUND_THE_CLOCK: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "en": (("a?round[- ]the[- ]clock", ("24", "7")), (r"24[- ]hours?[- ](?:a|per|each|every)[- ]day", ("7",))),
    "de": (("rund um die Uhr", ("24", "7")), (r"24[ -]Stunden (?:am|pro|jeden) Tag|24[ -]Stunden täglich", ("7",))),
    "ru": (
        (r"круглосуточн\w*|кругл(?:ые|ых) сут(?:ки|ок)", ("24", "7")),
        (r"24[ -]час(?:а|ов)? в (?:сутки|день)", ("7",)),
    ),
    "fr": ((rf"24[ \u00a0]?h(?:eures)?{_RATE_PER}24(?!\d)|24 heures par jour", ("7",)),),
}
_WORDS_BY_KIND: dict[QuantityKind, Mapping[str, Mapping[int, str]] | Mapping[str, Mapping[str, str]]] = {
    "spelled": _COUNTING_WORDS,
    "time": _CLOCK_WORDS,
}


@cache
def _word_patterns(languages: tuple[str, ...], kind: QuantityKind) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The words of `kind` (`_WORDS_BY_KIND`) of `languages`, each with its value."""
    table = _WORDS_BY_KIND[kind]
    return tuple(
        (str(value), re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I))
        for lang in _known(languages, table)
        for value, words in table[lang].items()
    )


@cache
def _around_the_clock_patterns(languages: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]:
    """The ways of saying around the clock (`_AROUND_THE_CLOCK`) of `languages`, each with what it stands for."""
    return tuple(
        (values, re.compile(rf"(?<![\w/])(?:{words})(?![\w/])", re.I))
        for lang in _known(languages, _AROUND_THE_CLOCK)
        for words, values in _AROUND_THE_CLOCK[lang]
    )


# A time of day: digits for the hour, and minutes after a colon (`9:00`; a point, `18.30`, or a space after the word
# for hours, `15 h 30`, only with that word or a part of the day), a word for hours, a part of the day; the hour
# before it in a range (`с 8 до 20 часов`) is read on the same clock.
_HOUR_WORDS = {"en": "o['’]clock", "ru": r"час(?:а|ов|ам|ами|ах)?|ч\.?", "de": "Uhr", "fr": r"heures?|h\.?"}
# The parts of the day after a time, with the half of the day they put it in ('night': the evening's from 6, '11
# часов ночи' 23:00, the morning's before, '2 часа ночи'), and whether they are read after a bare hour ('8 утра';
# '3 дня' is three days, '2 ночи' two nights: only '3 часа дня', '2 часа ночи').
_DAY_PARTS: dict[str, tuple[tuple[str, Literal["am", "pm", "night"], bool], ...]] = {
    "en": (
        # the point after 'a.m' is the abbreviation's, after 'am' the sentence's full stop
        (r"a\.m\b\.?|am\b", "am", True),
        (r"p\.m\b\.?|pm\b", "pm", True),
        ("in the morning", "am", True),
        ("in the (?:afternoon|evening)", "pm", True),
        ("at night", "night", True),
    ),
    "ru": (("утра", "am", True), ("вечера", "pm", True), ("дня", "pm", False), ("ночи", "night", False)),
    "de": (("morgens|früh|vormittags", "am", False), ("nachmittags|abends", "pm", False), ("nachts", "night", False)),
    "fr": (("du matin", "am", False), ("de l['’]après-midi|du soir", "pm", False), ("de la nuit", "night", False)),
}
_RANGE_JOINERS = r"-|‐|‑|–|—|to|till|until|and|до|по|и|bis|und|à|et"


@cache
def _time_pattern(languages: tuple[str, ...]) -> re.Pattern[str]:
    hour_words = "|".join(_HOUR_WORDS[lang] for lang in _known(languages, _HOUR_WORDS))
    day_parts = "|".join(part for lang in _known(languages, _DAY_PARTS) for part, _, _ in _DAY_PARTS[lang])
    return re.compile(
        rf"{_NOT_AFTER_LETTER}(?<![\d.,:])"
        rf"(?:(?P<first>\d{{1,2}})(?!\d)(?:[:.](?P<first_minute>\d\d))?\s*(?:{_RANGE_JOINERS})\s*)?"
        r"(?P<hour>\d{1,2})(?!\d)(?:(?P<separator>[:.])(?P<minute>\d\d)(?![\d:]|[.,]\d))?"
        rf"(?:[ \u00a0]?(?P<hour_word>{hour_words})(?![^\W\d_])(?:[ \u00a0]?(?P<minutes_after>\d\d)(?![\d:]|[.,]\d))?)?"
        rf"(?:[ \u00a0]?(?P<day_part>{day_parts})(?!\w))?",
        re.I,
    )


def _day_part(languages: tuple[str, ...], words: str) -> tuple[Literal["am", "pm", "night"], bool]:
    """The half of the day `words` put a time in, and whether they are read after a bare hour (`_DAY_PARTS`)."""
    return next(
        (half, alone)
        for lang in _known(languages, _DAY_PARTS)
        for part, half, alone in _DAY_PARTS[lang]
        if re.fullmatch(part, words, re.I)
    )


def _clock_readings(
    hour: int, minute: int | None, half: Literal["am", "pm", "night"] | None, either_half: bool
) -> tuple[str, ...]:
    """The time on the 24-hour clock ('8 pm' 20:00, '2 часа ночи' 2:00; `either_half`, '8 Uhr': 8:00 or 20:00), or
    () for no time ('13 pm', '25 Uhr', '15:75')."""
    if minute is not None and minute > 59:
        return ()
    if half is not None:
        if not 1 <= hour <= 12:
            return ()
        hours: tuple[int, ...] = (hour % 12 + (12 if half == "pm" or (half == "night" and 6 <= hour < 12) else 0),)
    elif hour > 24 or (hour == 24 and minute):
        return ()
    else:
        hours = (hour, (hour + 12) % 24) if either_half and 1 <= hour <= 12 else (hour,)
    return tuple(f"{h}:{minute or 0:02d}" for h in hours)


class _TimeOfDay(NamedTuple):
    readings: tuple[str, ...]  # `_clock_readings`
    start: int
    end: int
    parts: tuple[str, ...]  # its hour and minutes as numbers, when it has minutes
    hours: tuple[str, ...]  # without minutes, its hour as either clock says it: 20 or 8


def _times_of_day(text: str, languages: tuple[str, ...]) -> Iterator[_TimeOfDay]:
    """Each time of day in `text`."""
    for match in _time_pattern(languages).finditer(text):
        hour_word, minutes_after = match["hour_word"], match["minutes_after"]
        if minutes_after and _month_follows(text, match.end("minutes_after"), languages):
            minutes_after = None  # 'в 20 часов 15 мая' is 20:00 on 15 May
        half, alone = _day_part(languages, match["day_part"]) if match["day_part"] else (None, True)
        if not (alone or hour_word):
            half = None  # '3 дня' is three days
        if not (match["separator"] == ":" or hour_word or half):
            continue
        minute = match["minute"] or minutes_after
        readings = _clock_readings(int(match["hour"]), _minute(minute), half, bool(hour_word) and not (minute or half))
        if not readings:
            continue
        if match["first"]:
            first_minute = match["first_minute"]
            either_half = half is not None or (bool(hour_word) and first_minute is None)
            first = _clock_readings(int(match["first"]), _minute(first_minute), None, either_half)
            if first:
                first_end = match.end("first_minute" if first_minute else "first")
                yield _time_of_day(first, match.start("first"), first_end, match["first"], first_minute)
        last = "day_part" if half else "minutes_after" if minutes_after else "hour_word" if hour_word else "minute"
        yield _time_of_day(readings, match.start("hour"), match.end(last), match["hour"], minute)


def _minute(minute: str | None) -> int | None:
    return None if minute is None else int(minute)


def _time_of_day(readings: tuple[str, ...], start: int, end: int, hour: str, minute: str | None) -> _TimeOfDay:
    """The time, with its hour and minutes as numbers when it has minutes, else its hour on either clock."""
    if minute is not None:
        return _TimeOfDay(readings, start, end, (str(int(hour)), str(int(minute))), ())
    return _TimeOfDay(readings, start, end, (), _on_either_clock(readings))


def _on_either_clock(readings: Sequence[str]) -> tuple[str, ...]:
    """The hours of times at a full hour as the 24-hour and the 12-hour clock say them: 20:00 is 20 or 8."""
    hours = [int(reading.partition(":")[0]) for reading in readings]
    return tuple(dict.fromkeys(str(h) for h24 in hours for h in (h24, h24 % 12 or 12)))


def _month_follows(text: str, position: int, languages: tuple[str, ...]) -> bool:
    after = position + len(text[position:]) - len(text[position:].lstrip())
    return any(pattern.match(text, after) for _, _, pattern in _month_patterns(languages))


def _known(languages: tuple[str, ...], table: Mapping[str, object]) -> list[str]:
    """The languages (tags like "ru", "en-US") that `table` knows, as its keys; all of them if none."""
    known = [base for base in dict.fromkeys(base_language(tag) for tag in languages) if base in table]
    return known or list(table)


@cache
def _month_patterns(languages: tuple[str, ...]) -> tuple[tuple[int, str, re.Pattern[str]], ...]:
    patterns = []
    for lang in _known(languages, _MONTHS):
        flags = 0 if lang in _CASE_SENSITIVE else re.I
        for month, name in _MONTHS[lang]:
            patterns.append((month, lang, re.compile(rf"(?<!\w)(?:{name})(?!\w)", flags)))
        for month, name in _MONTH_ABBREVIATIONS.get(lang, ()):
            # abbreviations only next to a day number: '5 Jan', 'Jan. 5', '5 янв.'
            patterns.append(
                (
                    month,
                    lang,
                    re.compile(rf"(?:(?<=\d\s)|(?<=\d\u00a0))(?:{name})\.?(?!\w)|(?<!\w)(?:{name})\.?(?=\s\d)", flags),
                )
            )
    return tuple(patterns)


def extract_quantities(
    text: str, language: str | Sequence[str] | None = None, *, month_first: bool = False
) -> tuple[Quantity, ...]:
    """The numbers, months and decades of `text`, in text order.

    `language` (ISO 639-1, e.g. "ru", or several) chooses the month names and number words to look
    for; with None or unknown languages, all known ones. `month_first`: the text writes `03/04/2026` as 4 March,
    as English of the United States does (`writes_month_first`); else as 3 April.
    """
    languages = (language,) if isinstance(language, str) else tuple(language or ())
    written, text = text, _FULL_WIDTH_SEPARATOR.sub(lambda m: "." if m.group() == "．" else ",", text)
    text = text.translate(_HALF_WIDTH_DIGITS)  # one character for one: the offsets are those of what was written
    found: list[Quantity] = []
    taken: list[range] = []

    def add(
        kind: QuantityKind,
        values: Sequence[str],
        start: int,
        end: int,
        uncertain: bool = False,
        parts: tuple[str, ...] = (),
        silent: bool = False,
        across: tuple[str, ...] = (),
        swapped: tuple[str, ...] = (),
        national: tuple[str, ...] = (),
        scale: str = "",
        note: bool = False,
    ) -> None:
        text_written = written[start:end]
        found.append(
            Quantity(
                kind,
                tuple(values),
                text_written,
                start,
                uncertain,
                parts,
                silent,
                across,
                swapped,
                national,
                scale,
                note,
            )
        )
        taken.append(range(start, end))

    def free(start: int, end: int) -> bool:
        return all(end <= span.start or start >= span.stop for span in taken)

    for pattern in _DECADES:
        for match in pattern.finditer(text):
            if free(*match.span()):
                add("decade", [f"{int(match['d'])}s"], *match.span())
    for match in _NUMERIC_DATE.finditer(text):
        if match["first"]:
            (day, month_group), year, swappable = _slashed_date(match, month_first), "syear", True
        else:
            day, month_group, year = ("day", "month", "year") if match["day"] else ("iday", "imonth", "iyear")
            swappable = False
        if free(*match.span()) and 1 <= int(match[day]) <= 31 and 1 <= int(match[month_group]) <= 12:
            swappable = swappable and int(match[day]) <= 12
            day_value, month_value = str(int(match[day])), str(int(match[month_group]))
            add("number", [day_value], *match.span(day), swapped=(month_value,) * swappable)
            add("month", [month_value], *match.span(month_group), swapped=(day_value,) * swappable)
            add("number", [match[year]], *match.span(year))
    for match in _PHONE.finditer(text):
        if free(*match.span()) and (phone := _phone(match.group())):
            digits, national = phone
            across = (digits.lstrip("0"),) if digits.startswith("0") else ()  # '0301234567' on the other side
            parts = tuple(_canonical(group) for group in re.findall(r"\d+", match.group()))  # '02, 03, 04, 05, 06'
            add("phone", [digits], *match.span(), parts=parts, across=across, national=national)
    for match in _CJK_MONTH.finditer(text):
        if free(*match.span()) and 1 <= int(match["month"]) <= 12:
            add("month", [str(int(match["month"]))], *match.span())
    for match in _YEAR_RANGE.finditer(text):
        if free(*match.span()):
            century, first, last = match.group(1), match.group(2), match.group(3)
            if int(last) > int(first):
                add("number", [century + first], match.start(1), match.end(2))
                add("number", [century + last], match.start(3), match.end(3))
    for pattern in (pattern for lang in _known(languages, _RATES) for pattern in _RATES[lang]):
        for match in pattern.finditer(text):
            if free(*match.span()):
                add("number", [match["count"]], *match.span("count"))
                add("spelled", [match["period"]], *match.span("period"))
                taken.append(range(*match.span()))
    for time in _times_of_day(text, languages):
        if free(time.start, time.end):
            add("time", time.readings, time.start, time.end, parts=time.parts, across=time.hours)
    for match in _NUMBER.finditer(text):
        if free(*match.span()):
            values = _number_values(match)
            if match.group().isdigit() and (fraction := _FRACTION.match(text, match.end())):
                values = [_canonical(str(Decimal(value) + _FRACTION_VALUES[fraction.group(1)])) for value in values]
            multipliers, scale = _multiplying_word(text, written, match.end())
            end = match.end()
            if grouped := _digits_and_units(text, match):  # '2万5千' is 25 000
                values, end = [grouped[0]], grouped[1]
            elif units := units_after(text, end):  # '5万', '1.5亿': the units are part of the number
                multipliers.append(units[0])
                end = units[1]
            for multiplier in multipliers:
                values += [_canonical(str(Decimal(value) * multiplier)) for value in values]
            add(
                "number",
                values,
                match.start(),
                end,
                parts=_parts(match),
                uncertain=(note := _is_note_mark(text, match)),
                across=_clock_written(match),
                scale=scale,
                note=note,
            )
    for match in _NUMBER_IN_WORD.finditer(text):
        if free(*match.span()):
            add("number", [str(int(match.group()))], *match.span(), uncertain=not _is_ordinal_suffix(text, match))
    for match in _ROMAN.finditer(text):
        if _ROMAN_VALID.match(match.group()) and free(*match.span()):
            add("number", [str(_roman_value(match.group()))], *match.span(), uncertain=True)
    for match in itertools.chain(_ROMAN_AFTER_LABEL.finditer(text), _ROMAN_ALONE.finditer(text)):
        if free(*match.span(1)):
            add("number", [str(_roman_value(match.group(1)))], *match.span(1), uncertain=True)
    # which are free is seen first: the two numerals of an approximation ('十七八', 17 or 18) share their span
    for numeral in [numeral for numeral in read_cjk_numerals(text) if free(numeral.start, numeral.end)]:
        spelled = numeral.kind == "number" and numeral.counterpart_only
        kind: QuantityKind = "spelled" if spelled else numeral.kind
        add(kind, numeral.values, numeral.start, numeral.end, silent=numeral.counterpart_only and not spelled)
    months = {
        match.span(): (month, lang)
        for month, lang, pattern in _month_patterns(languages)
        for match in pattern.finditer(text)
        if free(*match.span())
    }
    dated = _dated_months(text, {span: lang for span, (_, lang) in months.items()})
    for (start, end), (month, _) in sorted(months.items()):
        if free(start, end):
            add("month", [str(month)], start, end, silent=(start, end) not in dated)
    for number in read_number_words(text, _known(languages, dict.fromkeys(NUMBER_WORD_LANGUAGES))):
        if free(number.start, number.end):
            add("spelled", [str(number.value)], number.start, number.end)
    for word_kind in _WORDS_BY_KIND:
        for value, pattern in _word_patterns(languages, word_kind):
            for match in pattern.finditer(text):
                if free(*match.span()):
                    if word_kind == "time":  # noon and midnight, counterparts of '12 часов дня', 'at 12'
                        add("time", [value], *match.span(), silent=True, across=_on_either_clock([value]))
                    else:
                        add(word_kind, [value], *match.span())
    # read whether free or not: '24 hours a day' has its 24 read as a number already
    for stands_for, pattern in _around_the_clock_patterns(languages):
        for match in pattern.finditer(text):
            for value in stands_for:
                add("spelled", [value], *match.span())
    return tuple(sorted(found, key=lambda q: q.start))


def _slashed_date(match: re.Match[str], month_first: bool) -> tuple[str, str]:
    """The groups of a `20/01/1990` or `01-20-1990` date that are its day and its month: day first (`20/01`) or
    month first (`01/20`) when one of them cannot be a month; when both can (`05/06`), as the text's language writes
    it (`month_first`), though the other side may read it the other way (`unmatched_quantities`)."""
    first, second = int(match["first"]), int(match["second"])
    if first > 12 or second > 12:
        month_first = first <= 12
    return ("second", "first") if month_first else ("first", "second")


def _phone(written: str) -> tuple[str, tuple[str, ...]] | None:
    """The digits of a phone number `_PHONE` found (without the 00 of an international prefix written so), and its
    numbers inside its country: without the international prefix ('+34 912 345 678', '0034 912 345 678': 912345678;
    '+34912345678', whose prefix may have one to three digits: 4912345678, 912345678 or 12345678) and the trunk 0
    ('01 23 45 67 89': 0123456789 or 123456789). None for no phone: an international one has 8 to 15 digits, a
    national one 9 to 15 and one separator between the groups after the one after its area code ('031/43 36 11';
    '07.30 08.30' is no phone)."""
    digits = re.sub(r"\D", "", written)
    international = re.match(r"\+(\d+)|00([1-9]\d{0,2})(?=[ \u00a0.-])", written)
    if international:
        prefix = international[1] or international[2]
        digits = digits.removeprefix("00")
        if not 8 <= len(digits) <= 15:
            return None
        inside = [digits[length:] for length in ((len(prefix),) if len(prefix) <= 3 else (1, 2, 3))]
    else:
        area = _AREA_CODE.match(written)
        assert area is not None
        if not 9 <= len(digits) <= 15 or len(set(_BETWEEN_DIGITS.findall(written, area.end() + 1))) > 1:
            return None
        inside = [digits]
    return digits, tuple(dict.fromkeys(reading for number in inside for reading in (number, number.removeprefix("0"))))


def _multiplying_word(text: str, written: str, at: int) -> tuple[list[int], str]:
    """The multiplier of a word at `at` that multiplies the number before it (`тыс.`: 1000), as a list of none or
    one, and that word as written, to its end, with an abbreviation's point ('тыс.', 'тысячи', 'million' of
    'million.' ending a sentence), for the messages."""
    for pattern, multiplier in _MULTIPLIERS:
        if word := pattern.match(text, at):
            end = _WORD_END.match(text, word.end())
            shown = written[word.start() : end.end() if end else word.end()].strip()
            # the abbreviations (тыс, млн, млрд, Tsd, Mio, Mrd, mln, bn) have 4 letters at most, the words 5 or more
            return [multiplier], shown if len(shown.rstrip(".")) <= 4 else shown.rstrip(".")
    return [], ""


def _digits_and_units(text: str, match: re.Match[str]) -> tuple[str, int] | None:
    """The number in digits of `match` with the units after it and the groups of digits and units that follow, as
    one number, and where it ends: '2万5千' 25 000, '1万2千3百' 12 300, '3億5000万' 350 000 000, '2万5000' 25 000,
    '3만 5천' 35 000, '12억 3456만' 1 234 560 000. None for a single group ('5万' is 5 or 50 000) or no units.

    Each group is below the place of the one before (not '2万15千'); a group without units ends the number, after
    a large unit only, and not before a date's mark ('3만 2025년').
    """
    whole = _whole_number(match)
    units = units_after(text, match.end())
    if whole is None or units is None:
        return None
    (place, end), total, groups = units, whole * units[0], 1
    while place > 1:
        after_large = text[end - 1] in _LARGE_UNITS
        following = _DIGITS_AFTER_UNITS.match(text, end + 1 if after_large and text.startswith(" ", end) else end)
        number = _whole_number(following) if following else None
        if following is None or number is None:
            break
        units = units_after(text, following.end())
        if units is None and (not after_large or _DATE_MARK.match(text, following.end())):
            break
        group_place, group_end = units or (1, following.end())
        if group_place >= place or number * group_place >= place:
            break
        total, place, end, groups = total + number * group_place, group_place, group_end, groups + 1
    return (str(total), end) if groups > 1 else None


def _whole_number(match: re.Match[str]) -> int | None:
    """The whole number `match` reads ('1,000' as a thousand), None for a decimal."""
    if match["plain"] is not None:
        return int(match["plain"]) if match["plain"].isdigit() else None
    return None if match["frac"] is not None else int(re.sub(r"\D", "", match["grouped"]))


def _is_note_mark(text: str, match: re.Match[str]) -> bool:
    """'pau [1].': a note's mark, which a translation may leave out or add (a translator's note), not a number
    of the text."""
    return (
        len(match.group()) <= 3
        and text[match.start() - 1 : match.start()] == "["
        and text[match.end() : match.end() + 1] == "]"
    )


def _is_ordinal_suffix(text: str, match: re.Match[str]) -> bool:
    """'35th', '1er', '2nd': digits followed by an ordinal ending are a number, not a code."""
    return bool(re.match(r"(?:st|nd|rd|th|er|re|e|ème|eme)(?!\w)", text[match.end() :], re.I)) and (
        match.start() == 0 or not text[match.start() - 1].isalpha()
    )


def unmatched_quantities(
    source: Sequence[Quantity], target: Sequence[Quantity]
) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """The source quantities with no counterpart in `target`, and the target ones with none in `source`.

    The two are compared as multisets: each quantity pairs with at most one on the other side
    (a maximum bipartite matching, so ambiguous readings like `1,000` cannot steal a partner).
    Written quantities are paired first; what is left may pair with a `16 100` read as 16 and 100,
    or with a number word or a month word not used as a date on the other side, which are never reported.
    A numeric date that may be read either way (`05/06/2026`) is read the other way when that leaves fewer unmatched.
    """
    sides = [list(source), list(target)]
    missing, extra = _unmatched(*sides)
    for side in sides:
        for first in _swappable_dates(side):
            unmatched = missing + extra
            if not any(q is side[first] or q is side[first + 1] for q in unmatched):
                continue
            read_as_written = side[first : first + 2]
            side[first : first + 2] = [replace(q, values=q.swapped, swapped=q.values) for q in read_as_written]
            swapped_missing, swapped_extra = _unmatched(*sides)
            if len(swapped_missing) + len(swapped_extra) < len(unmatched):
                missing, extra = swapped_missing, swapped_extra
            else:
                side[first : first + 2] = read_as_written
    return _prefix_only_marked(missing, extra)


def _prefix_only_marked(
    missing: tuple[Quantity, ...], extra: tuple[Quantity, ...]
) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:
    """`missing` and `extra` with each phone number that has a counterpart on the other side but for the
    international prefix or the trunk 0 ('912 345 678' / '+34 912 345 678', '01 23 45 67 89' / '+33 1 23 45 67 89')
    marked uncertain, and that counterpart too, as a phone: a localisation adds or drops the country's prefix."""
    unmatched = list(missing), list(extra)
    for one, other in (unmatched, unmatched[::-1]):
        for i, phone in enumerate(one):
            if phone.kind != "phone" or phone.uncertain:
                continue
            j = next((j for j, q in enumerate(other) if not q.uncertain and _same_inside(phone, q)), None)
            if j is not None:
                one[i], other[j] = replace(phone, uncertain=True), replace(other[j], kind="phone", uncertain=True)
    return tuple(unmatched[0]), tuple(unmatched[1])


def _same_inside(phone: Quantity, other: Quantity) -> bool:
    """Whether `other`, a phone number or a number in digits, is `phone` inside its country (`Quantity.national`)."""
    if other.kind == "phone":
        inside = set(other.national)
    elif other.kind == "number":
        digits = re.sub(r"\D", "", other.text)
        inside = {digits, digits.removeprefix("0")}
    else:
        return False
    return not inside.isdisjoint(phone.national)


def _swappable_dates(quantities: Sequence[Quantity]) -> list[int]:
    """Where the day and month of each date that may be read either way begin (the two are next to each other)."""
    starts, position = [], 0
    while position < len(quantities) - 1:
        if quantities[position].swapped:
            starts.append(position)
            position += 1
        position += 1
    return starts


def _unmatched(
    source: Sequence[Quantity], target: Sequence[Quantity]
) -> tuple[tuple[Quantity, ...], tuple[Quantity, ...]]:

    def written(quantities: Sequence[Quantity]) -> list[Quantity]:
        return [q for q in quantities if not q.counterpart_only]

    def counterparts(quantities: Sequence[Quantity]) -> list[Quantity]:
        return [q for q in quantities if q.counterpart_only]

    missing, extra = _maximum_matching(written(source), written(target))
    missing, extra = _split_space_grouped(missing, extra)
    extra, missing = _split_space_grouped(extra, missing)
    missing = _maximum_matching(missing, counterparts(target))[0]
    extra = _maximum_matching(extra, counterparts(source))[0]
    return tuple(missing), tuple(extra)


# The exact search's budget of steps (neighbours looked at): past it (thousands of numbers in one bead, each many
# times), a greedy start finds a matching as large in far fewer, though not always leaving the same copies unmatched.
_MATCHING_STEPS = 1_000_000


class _OverBudget(Exception):
    pass


def _maximum_matching(left: Sequence[Quantity], right: Sequence[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Kuhn's augmenting paths: each left quantity in order, its path searched depth first over the right ones in
    order; returns the unmatched of each side, in their order.

    Iterative (a recursive search overflowed Python's stack on a bead of some thousand numbers), over neighbour
    lists built once from an index of the right side's readings (it called `matches` at every step: cubic time).
    """
    neighbours = _neighbours(left, right)
    try:
        partner_of_right = _augment(neighbours, {}, _MATCHING_STEPS)
    except _OverBudget:
        partner_of_right = _augment(neighbours, _greedy(neighbours), None)
    paired_left = set(partner_of_right.values())
    return (
        [q for i, q in enumerate(left) if i not in paired_left],
        [q for j, q in enumerate(right) if j not in partner_of_right],
    )


def _neighbours(left: Sequence[Quantity], right: Sequence[Quantity]) -> list[list[int]]:
    """For each left quantity, the right ones it `matches`, in order. Two quantities match only through one of their
    `readings` in common, except a decade (against a decade or a number): those are compared with every candidate."""
    by_value: dict[str, list[int]] = {}
    decades = []
    for j, quantity in enumerate(right):
        if quantity.kind == "decade":
            decades.append(j)
        for value in dict.fromkeys(quantity.readings):
            by_value.setdefault(value, []).append(j)
    everything = range(len(right))
    rows: dict[tuple[str, tuple[str, ...]], list[int]] = {}  # `matches` reads only the kind and the readings
    for quantity in left:
        key = (quantity.kind, quantity.readings)
        if key in rows:
            continue
        if quantity.kind == "decade":
            candidates: Sequence[int] = everything
        else:
            candidates = sorted({j for value in quantity.readings for j in by_value.get(value, ())}.union(decades))
        rows[key] = [j for j in candidates if quantity.matches(right[j])]
    return [rows[quantity.kind, quantity.readings] for quantity in left]  # one list for the copies of a quantity


def _augment(neighbours: list[list[int]], partner_of_right: dict[int, int], budget: int | None) -> dict[int, int]:
    """Kuhn's search from each left node not yet paired, in order, as the recursive one: a right node is taken when
    free, else its partner looks for another, depth first. _OverBudget past `budget` steps."""
    paired = set(partner_of_right.values())
    steps = 0
    for root in range(len(neighbours)):
        if root in paired:
            continue
        seen: set[int] = set()
        stack = [(root, iter(neighbours[root]))]
        path: list[int] = []  # the right node taken at each level of the stack
        while stack:
            candidates = stack[-1][1]
            for j in candidates:
                steps += 1
                if j in seen:
                    continue
                seen.add(j)
                path.append(j)
                if j not in partner_of_right:  # a free right node: the path flips
                    for (left_node, _), right_node in zip(stack, path, strict=True):
                        partner_of_right[right_node] = left_node
                    stack = []
                else:
                    stack.append((partner_of_right[j], iter(neighbours[partner_of_right[j]])))
                break
            else:  # no path through this node
                stack.pop()
                if path:
                    path.pop()
            if budget is not None and steps > budget:
                raise _OverBudget
    return partner_of_right


def _greedy(neighbours: list[list[int]]) -> dict[int, int]:
    """Each left node in order takes its first free right node (a taken one stays taken: each shared list is read
    from where it was left)."""
    partner_of_right: dict[int, int] = {}
    read: dict[int, int] = {}  # by the list's id: how far it was read
    for i, row in enumerate(neighbours):
        position = read.get(id(row), 0)
        while position < len(row) and row[position] in partner_of_right:
            position += 1
        read[id(row)] = position
        if position < len(row):
            partner_of_right[row[position]] = i
    return partner_of_right


def _split_space_grouped(missing: list[Quantity], extra: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """Read an unmatched `16 100` (or `4.45`) in `missing` as its parts when `extra` has them all unmatched;
    and an unmatched run of digits (`433611`) as the digits of consecutive unmatched numbers (`43 36 11`)."""
    for quantity in [q for q in missing if q.parts]:
        available = Counter(v for q in extra if q.kind == "number" for v in q.values[:1])
        if all(available[part] >= count for part, count in Counter(quantity.parts).items()):
            missing = [q for q in missing if q is not quantity]
            for part in quantity.parts:
                used = next(q for q in extra if q.kind == "number" and q.values[0] == part)
                extra = [q for q in extra if q is not used]
    for quantity in [q for q in missing if q.kind == "number" and q.text.isdigit() and len(q.text) >= 4]:
        run = _digit_run(quantity.text, [q for q in extra if q.kind == "number" and q.text.isdigit()])
        if run:
            missing = [q for q in missing if q is not quantity]
            extra = [q for q in extra if all(q is not used for used in run)]
    return missing, extra


def _digit_run(digits: str, numbers: list[Quantity]) -> list[Quantity]:
    """Two or more of `numbers`, consecutive in text order, whose digits joined are `digits`; or []."""
    ordered = sorted(numbers, key=lambda q: q.start)
    for first in range(len(ordered)):
        joined = ""
        for last in range(first, len(ordered)):
            joined += ordered[last].text
            if not digits.startswith(joined):
                break
            if joined == digits and last > first:
                return ordered[first : last + 1]
    return []


def _number_values(match: re.Match[str]) -> list[str]:
    if match["plain"] is not None:
        return [_canonical(match["plain"].replace(",", "."))]
    digits = re.sub(r"\D", "", match["grouped"])
    if match["frac"] is not None:
        return [_canonical(f"{digits}.{match['fracdigits']}")]
    groups = match["grouped"].split(match["sep"])
    if match["sep"] in ",." and len(groups) == 2:  # '1,000': a thousand, or one with three decimals
        return [_canonical(digits), _canonical(".".join(groups))]
    return [_canonical(digits)]


def _parts(match: re.Match[str]) -> tuple[str, ...]:
    """The reading as separate numbers: '16 100' (plain space) -> 16, 100; '4.45' -> 4, 45 (a time)."""
    if match["sep"] == " " and not match["frac"]:
        return tuple(_canonical(part) for part in match["grouped"].split(" "))
    if match["plain"] and re.fullmatch(r"\d{1,2}[.,]\d\d", match["plain"]):
        return tuple(str(int(part)) for part in re.split(r"[.,]", match["plain"]))
    return ()


def _clock_written(match: re.Match[str]) -> tuple[str, ...]:
    """'18.30' as the time it may be, '18:30' (a point between hours and minutes, as Russian and German write them)."""
    written = re.fullmatch(r"(\d{1,2})\.(\d\d)", match.group())
    return _clock_readings(int(written[1]), int(written[2]), None, False) if written else ()


def _canonical(number: str) -> str:
    value = Decimal(number).normalize()
    return f"{value:f}"


def _roman_value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for letter, following in zip(numeral, numeral[1:] + " "):
        value = values[letter]
        total += -value if following != " " and values[following] > value else value
    return total


def _same_decade(a: str, b: str) -> bool:
    x, y = int(a[:-1]), int(b[:-1])
    if x == y:
        return True
    # a two-digit decade ('80-е', "'80s") names the same decade in any century
    return (x < 100 or y < 100) and x % 100 == y % 100


def _dated_months(text: str, months: Mapping[tuple[int, int], str]) -> set[tuple[int, int]]:
    """The spans of `months` (span: language) used as a date: next to a number, after a word of time (unless the
    month looks like a name), or joined ('and', 'по', ',') to a month that is."""
    dated = set()
    for (start, end), lang in months.items():
        word = text[start:end]
        if _next_to_number(text, start, end):
            dated.add((start, end))
            continue
        capitalised = word[0].isupper()
        name_like = capitalised and (
            _capitalised_word_follows(text, end) or (lang in _LOWER_CASE_MONTHS and not _sentence_initial(text, start))
        )
        if not name_like and _time_word(lang).search(text[max(0, start - 16) : start]):
            dated.add((start, end))
    spans = sorted(months)
    grown = True
    while grown:
        grown = False
        for first, second in itertools.pairwise(spans):
            if (first in dated) != (second in dated) and _MONTH_JOINER.fullmatch(text, first[1], second[0]):
                dated |= {first, second}
                grown = True
    return dated


def _next_to_number(text: str, start: int, end: int) -> bool:
    """A day number or year before or after the month: '1 March', '1. März', '20-го января', 'March 1990', and with
    'de' between: '15 de marzo de 2026', '3 d'abril'."""
    before, after = text[max(0, start - 16) : start], text[end : end + 10]
    return bool(
        re.search(r"\d(?:er|re|e|st|nd|rd|th|-?го|\.?º)?[\s\u00a0.,]*(?:(?:de|del|di)[\s\u00a0]+|d['’])?$", before)
        or re.match(r"[\s\u00a0.,]*(?:(?:de|del|di)[\s\u00a0]+)?\d", after)
    )


def _capitalised_word_follows(text: str, end: int) -> bool:
    """'March Hare', 'June Carter', 'August Strindberg': the month word is followed by a capitalised word."""
    match = re.match(r"[ \u00a0]+([^\W\d_])([^\W\d_])", text[end:])
    return match is not None and match[1].isupper() and match[2].islower()


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text, 0, start))
