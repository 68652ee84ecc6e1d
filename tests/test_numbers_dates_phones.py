"""The numbers check on month names of more languages, numeric dates with slashes and hyphens, and phone numbers
(trial5 T3, W1, W3): a correct localisation is no finding, a changed date or number still is."""

from __future__ import annotations

import pytest

from aligner.checks import check
from aligner.numbers import extract_quantities, reads_months

from .test_checks import build

ENGLISH_DATE = "The contract was signed on 15 March 2026."
ENGLISH_WRONG_MONTH = "The contract was signed on 15 May 2026."


def numbers(source: str, source_language: str, target: str, target_language: str) -> list[tuple[str, str]]:
    """(severity, message) of the numbers findings on the pair."""
    findings = check(build([([source], [target])], source_language, target_language), checks=("numbers",))
    return [(finding.severity, finding.message) for finding in findings]


@pytest.mark.parametrize(
    "language, dated",
    [
        ("es", "El contrato se firma en Madrid el 15 de marzo de 2026."),
        ("it", "Il contratto è stato firmato a Roma il 15 marzo 2026."),
        ("pt", "O contrato foi assinado em Lisboa a 15 de março de 2026."),
        ("nl", "Het contract is op 15 maart 2026 ondertekend."),
        ("pl", "Umowa została podpisana 15 marca 2026 roku."),
        ("ca", "El contracte es va signar el 15 de març de 2026."),
        ("ro", "Contractul a fost semnat la 15 martie 2026."),
        ("cs", "Smlouva byla podepsána 15. března 2026."),
        ("sk", "Zmluva bola podpísaná 15. marca 2026."),
        ("sv", "Avtalet undertecknades den 15 mars 2026."),
        ("da", "Aftalen blev underskrevet den 15. marts 2026."),
        ("nb", "Avtalen ble signert 15. mars 2026."),
        ("fi", "Sopimus allekirjoitettiin 15. maaliskuuta 2026."),
        ("hu", "A szerződést 2026. március 15-én írták alá."),
        ("tr", "Sözleşme 15 Mart 2026 tarihinde imzalandı."),
    ],
)
def test_a_month_name_of_more_languages_is_read_and_a_changed_one_is_an_error(language, dated):
    """'15 de marzo de 2026' / '15 May 2026' went into a TMX at 0.99 with no finding: only Russian, English, German
    and French month names were read."""
    assert reads_months(language)
    assert numbers(dated, language, ENGLISH_DATE, "en") == []
    [(severity, message)] = numbers(dated, language, ENGLISH_WRONG_MONTH, "en")
    assert severity == "error" and message.startswith("Months differ: the source has") and "(March)" in message
    assert numbers(ENGLISH_WRONG_MONTH, "en", dated, language)[0][0] == "error"


@pytest.mark.parametrize(
    "language, text, month",
    [
        ("es", "Nos vemos en marzo de 2026.", "3"),
        ("it", "Ci vediamo a marzo 2026.", "3"),
        ("pl", "w marcu 2026", "3"),
        ("pl", "od stycznia do grudnia 2026", "1"),
        ("cs", "v březnu 2026", "3"),
        ("fi", "maaliskuussa 2026", "3"),
        ("ca", "el 3 d'abril", "4"),
        ("cs", "1. července 2026", "7"),
        ("cs", "1. června 2026", "6"),
    ],
)
def test_inflected_month_names_are_months(language, text, month):
    months = [q.values[0] for q in extract_quantities(text, language) if q.kind == "month" and not q.silent]
    assert months[0] == month


def test_an_english_word_that_abbreviates_a_month_of_the_other_language_is_no_month():
    """'version 3 may be wrong', '3 out of 5', '3 years ago': Spanish 'may', Portuguese 'out', Spanish 'ago' are
    month abbreviations; read on the English side of an en-es pair, they were months missing from the translation."""
    for english, other in (("Version 3 may be wrong.", "es"), ("3 out of 5", "pt"), ("It ended 3 ago.", "es")):
        assert [q for q in extract_quantities(english, ("en", other)) if q.kind == "month"] == []


def test_a_capitalised_month_word_inside_a_sentence_is_a_name():
    """Spanish, Italian, Polish... write months in lower case: 'Mayo', 'Marzo' inside a sentence are surnames."""
    quantities = extract_quantities("Lo dijo el señor Mayo ayer.", "es")
    assert [q.silent for q in quantities if q.kind == "month"] == [True]


def test_the_french_month_has_its_english_gloss_as_the_german_one_has():
    [(_, message)] = numbers("Le contrat a été signé le 15 mars 2026.", "fr", ENGLISH_WRONG_MONTH, "en")
    assert "mars (March)" in message and "May" in message and "May (" not in message
    [(_, german)] = numbers("Der Vertrag wurde am 15. Mai 2026 unterzeichnet.", "de", ENGLISH_DATE, "en")
    assert "Mai (May)" in german and "March (" not in german


@pytest.mark.parametrize(
    "source, source_language, target, target_language",
    [
        ("Le délai expire le 15/03/2026.", "fr", "The deadline is 15 March 2026.", "en"),
        ("La scadenza è il 15/03/2026.", "it", "The deadline is 15 March 2026.", "en"),
        ("El plazo vence el 15/03/2026.", "es", "The deadline is 15 March 2026.", "en"),
        ("El plazo vence el 15-03-2026.", "es", "The deadline is 15 March 2026.", "en"),
        ("El plazo vence el 15/03/2026.", "es", "The deadline is 2026-03-15.", "en"),
        ("El plazo vence el 15/03/2026 a las 12:00.", "es", "The deadline is March 15, 2026 at noon.", "en"),
        ("El plazo vence el 15 de marzo de 2026.", "es", "The deadline is 03/15/2026.", "en-US"),
        ("El plazo vence el 31/12/2026.", "es", "The deadline is 12/31/2026.", "en-US"),
        ("La reunión es el 5/6/2026 a las 12:00.", "es", "The meeting is on 5 June 2026 at noon.", "en"),
        ("The meeting is on 6/5/2026.", "en-US", "La reunión es el 5 de junio de 2026.", "es"),
        ("La reunión es el 5/6/2026.", "es", "The meeting is on 6/5/2026.", "en-US"),
        ("The deadline is 15/03/2026.", "en-GB", "Die Frist endet am 15.03.2026.", "de"),
    ],
)
def test_a_numeric_date_with_slashes_or_hyphens_is_the_date_on_the_other_side(
    source, source_language, target, target_language
):
    """These correct localisations were numbers errors ('the source has 03 with no counterpart'), one of them saying
    "the source has 03 but the translation has 03 (March) instead"."""
    assert numbers(source, source_language, target, target_language) == []


@pytest.mark.parametrize(
    "source, source_language, target, target_language, message",
    [
        (
            "El plazo vence el 15/03/2026.",
            "es",
            "The deadline is 15 April 2026.",
            "en",
            "Months differ: the source has 03 (March) but the translation has April instead",
        ),
        (
            "El plazo vence el 15/03/2026.",
            "es",
            "The deadline is 16 March 2026.",
            "en",
            "Numbers differ: the source has 15 but the translation has 16 instead",
        ),
        (
            "El plazo vence el 31/12/2026.",
            "es",
            "The deadline is 12/13/2026.",
            "en-US",
            "Numbers differ: the source has 31 but the translation has 13 instead",
        ),
        (
            "La reunión es el 5/6/2026.",
            "es",
            "The meeting is on 8 July 2026.",
            "en",
            "the source has 5, 6 (June) but the translation has 8, July instead",
        ),
        (
            "The meeting is on 6/5/2026.",
            "en-US",
            "La reunión es el 6 de junio de 2026.",
            "es",
            "Numbers differ: the source has 5 but the translation has 6 instead",
        ),
    ],
)
def test_a_numeric_date_that_differs_is_still_an_error(source, source_language, target, target_language, message):
    [(severity, said)] = numbers(source, source_language, target, target_language)
    assert severity == "error" and message in said


def test_a_slash_between_numbers_without_a_year_is_no_date():
    assert [q.kind for q in extract_quantities("3/4 of them, 24/7", "en")] == ["number"] * 4


@pytest.mark.parametrize(
    "source, source_language, target, target_language",
    [
        ("Llame al +34 912 345 678.", "es", "Call +34 91 234 56 78.", "en"),
        ("Llame al +34 912 345 678 para más información.", "es", "Call +34 91 234 5678 for more information.", "en"),
        ("Звоните: +7 495 123-45-67.", "ru", "Call +7 (495) 123 4567.", "en"),
        ("Llame al 912 345 678 para más información.", "es", "Call 912-345-678 for more information.", "en"),
        ("Appelez le 01 23 45 67 89.", "fr", "Call 01.23.45.67.89.", "en"),
        ("Rufen Sie 0049 30 1234567 an.", "de", "Call +49 30 1234567.", "en"),
        ("Les lots 02 03 04 05 06 sont vendus.", "fr", "Lots 02, 03, 04, 05 and 06 are sold.", "en"),
        # no phone inside a number grouped by spaces (coreutils' Norwegian catalogue: 'GB (1 000 000 000)')
        ("GB 1,000,000,000, G 1,073,741,824", "en", "GB (1 000 000 000), G (1 073 741 824)", "nb"),
    ],
)
def test_a_phone_number_regrouped_is_the_same_number(source, source_language, target, target_language):
    assert numbers(source, source_language, target, target_language) == []


@pytest.mark.parametrize(
    "source, source_language, target",
    [
        ("Llame al 912 345 678.", "es", "Call +34 912 345 678."),
        ("Appelez le 01 23 45 67 89.", "fr", "Call +33 1 23 45 67 89."),
        ("Rufen Sie 030 1234567 an.", "de", "Call +49 30 1234567."),
    ],
)
def test_a_phone_number_that_gains_its_international_prefix_is_only_a_warning(source, source_language, target):
    [(severity, message)] = numbers(source, source_language, target, "en")
    assert severity == "warning" and "international prefix" in message


@pytest.mark.parametrize(
    "source, target",
    [
        ("Rufen Sie uns an: 030 1234567.", "Appelez-nous au 030 1234576."),
        ("Rufen Sie uns an: +49 30 1234567.", "Appelez-nous au +49 30 1234576."),
    ],
)
def test_a_phone_number_with_other_digits_is_an_error(source, target):
    [(severity, message)] = numbers(source, "de", target, "fr")
    assert severity == "error" and message.startswith("Phone numbers differ")
