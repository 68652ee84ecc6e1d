"""Number words read back as values: num2words writes every number, the reader must read it again."""

from __future__ import annotations

import pytest
from num2words import num2words

from aligner.number_words import LANGUAGES, read_number_words

NUMBERS = [*range(1000), *range(1000, 100_000, 997), 1990, 2025, 2305, 10**6, 2_345_678, 10**9]


def _read(text: str, language: str) -> list[tuple[int, bool]]:
    return [(number.value, number.ordinal) for number in read_number_words(text, language)]


def _written_correctly(language: str, number: int, ordinal: bool, text: str) -> bool:
    """num2words 0.5 writes a few forms no one else does: Russian ordinals of ten thousand and more
    ('десятый тысяч ...'), French '-vingtsième'/'centsième', Spanish 'dosmilésimo'."""
    return not (
        ordinal
        and ((language == "ru" and number >= 10_000) or "sième" in text or (language == "es" and number >= 2000))
    )


@pytest.mark.parametrize("ordinal", [False, True], ids=["cardinal", "ordinal"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_number_num2words_writes_is_read_back(language, ordinal):
    wrong = []
    for number in NUMBERS[1:] if ordinal else NUMBERS:
        text = num2words(number, lang=language, to="ordinal" if ordinal else "cardinal")
        if _written_correctly(language, number, ordinal, text) and _read(text, language) != [(number, ordinal)]:
            wrong.append((number, text, _read(text, language)))
    assert wrong == []


@pytest.mark.parametrize("case", ["nominative", "genitive", "dative", "accusative", "instrumental", "prepositional"])
@pytest.mark.parametrize("gender", ["m", "f", "n"])
def test_russian_numbers_are_read_in_every_case(case, gender):
    for number in (2, 35, 44, 150, 1994, 2025):
        for kind in ("cardinal", "ordinal"):
            text = num2words(number, lang="ru", to=kind, case=case, gender=gender)
            assert _read(text, "ru") == [(number, kind == "ordinal")], text


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("one hundred and fifty civilians", "en", [(150, False)]),
        ("the forty-four-day war", "en", [(44, False)]),
        ("the thirty-fifth anniversary", "en", [(35, True)]),
        ("a thousand people, a hundred years", "en", [(1000, False), (100, False)]),
        ("one or two", "en", [(1, False), (2, False)]),  # two numbers, not three
        ("twenty, thirty", "en", [(20, False), (30, False)]),  # a comma ends a number below a thousand
        ("one thousand, nine hundred and ninety", "en", [(1990, False)]),
        ("В тридцать пятую годовщину", "ru", [(35, True)]),
        ("сорока четырёх дней", "ru", [(44, False)]),
        ("ста пятидесяти мирных жителей", "ru", [(150, False)]),
        ("в две тысячи двадцать пятом году", "ru", [(2025, True)]),
        ("einhundertfünfzig Zivilisten, hundertfünfzig Jahre", "de", [(150, False), (150, False)]),
        ("zum fünfunddreißigsten Jahrestag", "de", [(35, True)]),
        ("vierundvierzig Tage", "de", [(44, False)]),
        ("der vierundvierzigtägige Krieg, dreimal", "de", [(44, False), (3, False)]),
        ("в сорокачетырёхдневной войне, к тридцатипятилетию, летний день", "ru", [(44, False), (35, False)]),
        ("quatre-vingt-dix-neuf ans, soixante et onze", "fr", [(99, False), (71, False)]),
        ("le trente-cinquième anniversaire", "fr", [(35, True)]),
        ("deux cent cinquante", "fr", [(250, False)]),
        ("la trigésima quinta edición, doscientas personas", "es", [(35, True), (200, False)]),
        ("mil novecientos noventa", "es", [(1990, False)]),
    ],
)
def test_number_words_in_running_text(text, language, expected):
    assert _read(text, language) == expected


def test_only_the_given_languages_are_read():
    assert _read("cuarenta y cuatro", "en") == []
    assert [n.text for n in read_number_words("forty-four et quarante-quatre", ["en-US", "fr"])] == [
        "forty-four",
        "quarante-quatre",
    ]
