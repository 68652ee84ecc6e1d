"""Each consistency check on small hand-built alignments."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence

import numpy as np
import pytest
from lxml import etree

import aligner
from aligner.checks import CHECKS, check, findings_json, findings_text
from aligner.display import confidence_text
from aligner.export import EXPORTERS, ExportOptions
from aligner.readers import read_paragraphs
from aligner.types import Alignment, Bead, Document, Finding, Unit, UnitEmbeddings

from .conftest import SEEDS_DIR
from .export_helpers import review_data

RU_PARAGRAPH = (
    "Единство и воля нашего народа, пережившие самые трудные дни и прошедшие через самые сложные "
    "испытания истории, легли в основу блестящей победы."
)
EN_PARAGRAPH = (
    "Unity and determination of our people, which overcame the most challenging days and the most "
    "complex struggles of history, became the basis of the brilliant victory."
)


def build(
    beads: Sequence[tuple[Sequence[str], Sequence[str]] | tuple[Sequence[str], Sequence[str], float]],
    source_language: str | None = "ru",
    target_language: str | None = "en",
    level: str = "paragraph",
    paragraph_of: Sequence[int] | None = None,
) -> Alignment:
    """An Alignment from beads given as (source texts, target texts[, confidence]); one unit per text.

    At sentence level `paragraph_of` gives each source and target sentence's paragraph (default: its own).
    """
    source_texts = [text for bead in beads for text in bead[0]]
    target_texts = [text for bead in beads for text in bead[1]]

    def document(texts: list[str], language: str | None, name: str) -> Document:
        paragraphs = tuple(Unit(i, text, i) for i, text in enumerate(texts))
        if level == "paragraph":
            return Document(name, language, paragraphs, paragraphs)
        owners = paragraph_of or range(len(texts))
        merged = tuple(Unit(p, " ".join(t for t, o in zip(texts, owners) if o == p), p) for p in sorted(set(owners)))
        return Document(name, language, merged, tuple(Unit(i, t, o) for i, (t, o) in enumerate(zip(texts, owners))))

    made, s, t = [], 0, 0
    for bead in beads:
        src, tgt = bead[0], bead[1]
        confidence = bead[2] if len(bead) > 2 else 0.99
        made.append(
            Bead(
                tuple(range(s, s + len(src))),
                tuple(range(t, t + len(tgt))),
                "\n".join(src),
                "\n".join(tgt),
                confidence,
                0.8 if src and tgt else 0.0,
            )
        )
        s, t = s + len(src), t + len(tgt)
    return Alignment(
        document(source_texts, source_language, "ru.txt"),
        document(target_texts, target_language, "en.txt"),
        level,
        tuple(made),
        0.9,
        "test-signature",
    )


def by_check(findings: Sequence[Finding], name: str) -> list[Finding]:
    return [f for f in findings if f.check == name]


# -- omission / addition


def test_omission_and_addition_are_errors_with_their_paragraph(fake_encoder):
    alignment = build(
        [
            ([RU_PARAGRAPH], [EN_PARAGRAPH]),
            (["Да здравствует Азербайджан!"], []),
            ([], ["This sentence was added by the translator."]),
        ]
    )
    findings = check(alignment, model=fake_encoder)
    assert [(f.check, f.severity, f.bead) for f in findings] == [("omission", "error", 1), ("addition", "error", 2)]
    assert "paragraph 2" in findings[0].message and "Да здравствует" in findings[0].message
    assert "paragraph 2" in findings[1].message


def test_unpaired_unit_without_words_is_only_a_warning():
    findings = check(build([([RU_PARAGRAPH], [EN_PARAGRAPH]), (["* * *"], [])]))
    assert [(f.check, f.severity) for f in findings] == [("omission", "warning")]


def test_sentence_level_omission_names_sentence_and_paragraph():
    alignment = build(
        [
            (["Первое предложение текста."], ["The first sentence of the text."]),
            (["Второе предложение без перевода."], []),
        ],
        level="sentence",
        paragraph_of=[0, 0],
    )
    [finding] = check(alignment)
    assert finding.check == "omission" and "sentence 2 (in paragraph 1)" in finding.message


# -- low confidence


def test_low_confidence_pair_is_an_error_below_the_threshold():
    alignment = build(
        [([RU_PARAGRAPH], [EN_PARAGRAPH], 0.3), (["Да здравствует Азербайджан!"], ["Long Live Azerbaijan!"], 0.7)]
    )
    assert [(f.check, f.severity, f.bead) for f in check(alignment)] == [("low-confidence", "error", 0)]
    assert [f.bead for f in check(alignment, low_confidence_below=0.8)] == [0, 1]
    assert check(alignment, low_confidence_below=0.2) == ()


def test_the_alignments_own_warnings_head_the_text_report_and_are_listed_in_the_json_one():
    """Too short to tell, little contrast, an unknown language: not only on stderr (fresh-clone 7, finding 5)."""
    alignment = dataclasses.replace(
        build([([RU_PARAGRAPH], [EN_PARAGRAPH])]), warnings=("the documents are too short (1 paragraph a side)",)
    )
    warning, summary = findings_text(alignment, ()).splitlines()
    assert warning == "warning document       the documents are too short (1 paragraph a side)"
    assert summary.startswith("0 error(s), 0 warning(s) in 1 bead,")  # a note on the alignment, not a finding
    document = json.loads(findings_json(alignment, ()))
    assert document["document_warnings"] == list(alignment.warnings) and document["warnings"] == 0
    assert json.loads(findings_json(build([([RU_PARAGRAPH], [EN_PARAGRAPH])]), ()))["document_warnings"] == []


def test_a_confirmed_uncertain_pair_is_listed_marked_not_counted_one_a_reviewer_made_not_at_all():
    """As the other findings on a confirmed bead (fresh-clone 7, finding 7): not dropped. A pair marked edited that
    keeps its computed confidence (`edited` written in a status cell, no text changed) is reported as the others."""
    alignment = build([([RU_PARAGRAPH], [EN_PARAGRAPH], 0.3)])
    confirmed = dataclasses.replace(alignment, beads=(dataclasses.replace(alignment.beads[0], status="confirmed"),))
    [finding] = check(confirmed)
    assert finding.check == "low-confidence"
    line, summary = findings_text(confirmed, (finding,)).splitlines()
    assert line.endswith("(confirmed by a reviewer: not counted)")
    assert summary.startswith("0 error(s), 0 warning(s), 1 more on beads a reviewer confirmed")
    edited = dataclasses.replace(alignment, beads=(dataclasses.replace(alignment.beads[0], status="edited"),))
    assert [f.check for f in check(edited)] == ["low-confidence"]
    made = dataclasses.replace(edited, beads=(dataclasses.replace(edited.beads[0], confidence=0.0),))
    assert not made.beads[0].scored and check(made) == ()  # not scored: no confidence to doubt


# -- numbers and dates


def test_changed_number_is_an_error_with_the_numbers_as_evidence():
    alignment = build(
        [
            (
                ["150 мирных жителей были убиты, 744 получили тяжелые ранения."],
                ["150 civilians were killed, 774 were seriously wounded."],
            )
        ]
    )
    [finding] = check(alignment)
    assert (finding.check, finding.severity) == ("numbers", "error")
    assert "744" in finding.message and "774" in finding.message
    evidence = dict(finding.evidence)
    assert evidence["missing_in_target"] == ("744",) and evidence["extra_in_target"] == ("774",)
    assert evidence["source"] == ("150", "744") and evidence["target"] == ("150", "774")


def test_changed_month_is_an_error():
    [finding] = check(build([(["в марте 1994 года"], ["in May 1994"])]))
    assert (finding.check, finding.severity) == ("numbers", "error")
    assert "марте (March)" in finding.message and "May" in finding.message


def test_numbers_evidence_is_what_each_side_writes_in_the_json_report_and_the_review_page(tmp_path):
    """The evidence said `month:1` and `1000|1`, keys of the check, not what the reader sees in the text."""
    alignment = build(
        [(["Встреча 20 января 2025 года, 1,000 гостей."], ["A meeting on 20 February 2025, 1,500 guests."])]
    )
    [finding] = check(alignment)
    expected = {
        "source": ["20", "января", "2025", "1,000"],
        "target": ["20", "February", "2025", "1,500"],
        "missing_in_target": ["января", "1,000"],
        "extra_in_target": ["February", "1,500"],
    }
    assert {name: list(value) for name, value in finding.evidence} == expected
    assert json.loads(findings_json(alignment, (finding,)))["findings"][0]["evidence"] == expected
    review = tmp_path / "review.html"
    alignment.to_html(review, findings=(finding,))
    shown = dict(review_data(review)["findings"][0]["evidence"])
    assert shown["source"] == "20, января, 2025, 1,000" and shown["target"] == "20, February, 2025, 1,500"


def test_a_month_word_in_a_name_is_no_numbers_finding_but_a_changed_date_beside_it_is():
    names = [
        (["The March Hare and the Hatter were having tea."], ["Le Lièvre et le Chapelier prenaient le thé."]),
        (["May I come in, please?"], ["Puis-je entrer, s'il vous plaît?"]),
        (["She lived on Avenue du Mars with August, her cousin."], ["Elle vivait avenue du Mars avec son cousin."]),
        (["The March Hare came in March 1865."], ["Le Lièvre vint en avril 1865."]),
    ]
    findings = check(build(names, "en", "fr"), checks=("numbers",))
    assert [(f.bead, f.severity) for f in findings] == [(3, "error")]
    assert dict(findings[0].evidence)["missing_in_target"] == ("March",)


@pytest.mark.parametrize(
    "language, dated, misdated",
    [
        ("es", "El 20 de enero de 1990 murieron 150 personas.", None),
        ("it", "Il 20 gennaio 1990 morirono 150 persone.", None),
        ("ar", "في 20 يناير 1990 قتل 150 شخصا.", None),
        ("zh", "1990年1月20日，150人遇难。", "1990年2月20日，150人遇难。"),
        ("ja", "1990年1月20日、150人が死亡した。", "1990年2月20日、150人が死亡した。"),
        ("ko", "1990년 1월 20일 150명이 사망했다.", "1990년 2월 20일 150명이 사망했다."),
    ],
)
def test_a_month_the_other_language_writes_in_words_the_check_does_not_read_is_not_missing(language, dated, misdated):
    """'20 January' against Spanish, Italian or Arabic was an error "Months differ: the translation has January with no
    counterpart" (the check reads month names in Russian, English, German and French only), and against Chinese,
    Japanese or Korean '1月', '1월' "the source has 1 but the translation has January": every dated pair of those
    languages was held back from a TMX. A changed number is still found, and a month written in digits compared."""
    english = "On 20 January 1990, 150 people were killed."
    assert check(build([([dated], [english])], language, "en"), checks=("numbers",)) == ()
    assert check(build([([english], [dated])], "en", language), checks=("numbers",)) == ()
    [changed] = check(build([([dated.replace("150", "160")], [english])], language, "en"), checks=("numbers",))
    assert (changed.severity, dict(changed.evidence)["missing_in_target"]) == ("error", ("160",))
    if misdated:
        [month] = check(build([([misdated], [english])], language, "en"), checks=("numbers",))
        assert month.severity == "error" and month.message.startswith("Months differ: the source has 2")
        assert dict(month.evidence)["extra_in_target"] == ("January",)


def test_chinese_numerals_face_the_translations_digits_and_a_digit_beside_characters_is_a_number():
    """A Chinese text writes its numbers in numerals, its translation in digits: "the translation has 130 with no
    counterpart" was an error. A digit against Chinese characters ('共150人') was read as one in a code ('G7'): a
    warning, where a changed number is an error."""
    source = "他们村有一百三十户人家，两万人聚集在广场上。"
    target = "The village had 130 households; 20,000 people gathered in the square."
    assert check(build([([source], [target])], "zh", "en"), checks=("numbers",)) == ()
    [changed] = check(build([(["共150人遇难。"], ["160 people were killed."])], "zh", "en"), checks=("numbers",))
    assert (changed.severity, dict(changed.evidence)["missing_in_target"]) == ("error", ("150",))


@pytest.mark.parametrize(
    "language, source, changed",
    [
        ("ja", "参加者は2万5千人だった。", "参加者は2万6千人だった。"),
        ("ko", "관중은 2만 5천 명이었다.", "관중은 2만 6천 명이었다."),
        ("ko", "관중은 이만 오천 명이었다.", None),
    ],
)
def test_digits_and_numerals_with_units_face_the_translations_number(language, source, changed):
    """'2万5千' (25 000) was read as two numbers, 2 or 20 000 and 5 or 5 000: "the translation has 25,000 with no
    counterpart" was an error; Korean '2만 5천' was 2 and 5, and '이만 오천' nothing. A changed number is found."""
    english = "25,000 people came."
    assert check(build([([source], [english])], language, "en"), checks=("numbers",)) == ()
    if changed:
        [finding] = check(build([([changed], [english])], language, "en"), checks=("numbers",))
        assert finding.severity == "error" and dict(finding.evidence)["extra_in_target"] == ("25,000",)


def test_decades_two_and_four_digit_agree():
    assert check(build([(["в 80-е годы прошлого века"], ["in the 1980s"])])) == ()


def test_decade_named_on_one_side_only_is_a_warning_but_a_different_decade_is_an_error():
    [one_side] = check(build([(["в 80-е годы прошлого века случилось многое"], ["much happened in those years"])]))
    assert (one_side.check, one_side.severity) == ("numbers", "warning")
    [different] = check(build([(["в 80-е годы прошлого века"], ["in the 1970s"])]))
    assert (different.check, different.severity) == ("numbers", "error")


def test_digits_in_a_code_are_only_a_warning():
    [finding] = check(build([(["Лидеры группы предупредили Россию"], ["The G7 leaders warned Russia"])]))
    assert (finding.check, finding.severity) == ("numbers", "warning")


def test_a_date_repeated_in_the_source_and_written_once_in_the_translation_says_so():
    alignment = build([(["20 января погибли люди. 20 января - день скорби."], ["On 20 January people were killed."])])
    [finding] = check(alignment, checks=("numbers",))
    assert finding.message == (
        "Numbers or dates differ: the source has 20 (twice, the translation once), января (January) (twice, "
        "the translation once) with no counterpart on the other side"
    )


def test_numbers_are_not_compared_on_unpaired_beads():
    findings = check(build([([RU_PARAGRAPH], [EN_PARAGRAPH]), (["744 раненых"], [])]))
    assert [f.check for f in findings] == ["omission"]


# -- untranslated


def test_target_identical_to_source_is_untranslated():
    findings = check(build([([RU_PARAGRAPH], [RU_PARAGRAPH])]))
    assert [(f.check, f.severity) for f in findings] == [("untranslated", "error")]
    assert "identical" in findings[0].message


def test_short_identical_names_are_not_untranslated():
    assert check(build([(["Heydar Aliyev"], ["Heydar Aliyev"]), (["NATO, 2024"], ["NATO, 2024"])])) == ()


def test_identical_text_of_two_words_or_more_between_documents_of_two_scripts_is_untranslated(fake_encoder):
    """fc6: a site's English footer, left in English on the Russian page, was paired with itself at 0.99."""
    footer, share = "© 2025 Ministry. All rights reserved.", "Share: Facebook Twitter"
    findings = check(
        build(
            [
                ([RU_PARAGRAPH], [EN_PARAGRAPH]),
                ([footer], [footer]),
                ([share], [share]),
                (["MFA"], ["MFA"]),
                (["Teach-In."], ["Teach-In."]),  # one word, a name: as 'MFA'
            ]
        ),
        model=fake_encoder,
    )
    assert [(f.check, f.severity, f.bead) for f in findings] == [
        ("untranslated", "error", 1),
        ("untranslated", "error", 2),
    ]
    assert findings[0].message == "The translation is identical to the source: was it left untranslated?"
    german = "Das Ministerium für Auswärtige Angelegenheiten hat eine Erklärung zur Tragödie abgegeben."
    same_script = build([([EN_PARAGRAPH], [german]), ([footer], [footer])], source_language="en", target_language="de")
    # in one script, three words, two in lower case: a name or a title as often
    assert check(same_script, model=fake_encoder) == ()


def test_target_in_the_source_language_is_untranslated():
    other_russian = "Несмотря на то, что трагедия была спланирована и осуществлена, она стала поворотным моментом."
    findings = check(build([([RU_PARAGRAPH], [other_russian])]))
    assert [(f.check, f.severity) for f in findings] == [("untranslated", "error")]
    assert dict(findings[0].evidence)["detected_language"] == "ru"


ES_CONTRACT = "El contrato tiene una duración de cinco años. Se prorrogará automáticamente por periodos anuales."
LEFT_IN_SPANISH = "Se prorrogará automáticamente por periodos anuales salvo que una de las partes lo denuncie."
GERMAN_PASTED = "Der Mieter kann nach Ablauf der ersten sechs Monate mit einer Frist von dreißig Tagen zurücktreten."


def test_a_paragraph_whose_second_sentence_is_left_in_the_source_language_is_untranslated():
    """trial5 T1: "The agreement runs for five years. Se prorrogará ..." went into the TMX at 0.99 with no finding."""
    findings = check(
        build([([ES_CONTRACT], [f"The agreement runs for five years. {LEFT_IN_SPANISH}"])], "es", "en-US"),
        checks=("untranslated",),
    )
    assert [(f.check, f.severity, f.bead) for f in findings] == [("untranslated", "error", 0)]
    assert findings[0].message.startswith(
        "Sentence 2 of target paragraph 1 looks Spanish (es), the source language, not English: «Se prorrogará"
    )
    assert dict(findings[0].evidence)["sentences"] == ("2",)


def test_a_sentence_left_in_the_source_language_is_named_when_it_is_the_longer_one():
    """trial8 #5: the seed's English paragraph 6 with its second, longer sentence left in Russian was called "The
    translation is in Russian" as a whole (the whole text reads as Russian), where a French sentence left untranslated
    was named; the first sentence is English, so the finding names sentence 2."""
    russian = read_paragraphs(SEEDS_DIR / "ru-2025-statement.md")[4]
    english = read_paragraphs(SEEDS_DIR / "en-2025-statement.txt")[5]
    left = russian[russian.index("В результате") :]
    target = f"{english[: english.index(' As a result')]} {left}"
    findings = check(build([([russian], [target])], "ru", "en"), checks=("untranslated",))
    assert [(f.check, f.severity) for f in findings] == [("untranslated", "error")]
    assert findings[0].message.startswith(
        "Sentence 2 of target paragraph 1 looks Russian (ru), the source language, not English: «В результате"
    )
    assert dict(findings[0].evidence)["sentences"] == ("2",)
    # the whole paragraph left in Russian is still said of the whole pair
    [whole] = check(build([([russian], [russian.replace("20 января", "20-го января")])], "ru", "en"))
    assert whole.message == "The translation is in Russian, the source language: was it left untranslated?"


def test_a_target_paragraph_in_a_third_language_is_a_language_error():
    """trial5 T1: a German paragraph pasted into the English translation was written as xml:lang="en-US" at 0.99."""
    findings = check(build([([ES_CONTRACT], [GERMAN_PASTED])], "es-ES", "en-US"), checks=("language",))
    assert [(f.check, f.severity) for f in findings] == [("language", "error")]
    assert findings[0].message.startswith("Target paragraph 1 looks German (de), not English: «Der Mieter")


def test_a_sentence_in_a_third_language_inside_a_target_paragraph_is_named():
    findings = check(
        build(
            [([ES_CONTRACT], [f"The agreement runs for five years, renewed every year. {GERMAN_PASTED}"])], "es", "en"
        ),
        checks=("untranslated", "language"),
    )
    assert [(f.check, f.message.split(":")[0]) for f in findings] == [
        ("language", "Sentence 2 of target paragraph 1 looks German (de), not English")
    ]


def test_the_language_checks_take_a_mixed_translation_for_the_language_most_of_its_paragraphs_are_in():
    """trial5 T1 without --src-lang/--tgt-lang: the English file with a paragraph in German and another half in
    Spanish is too mixed to be detected as a whole (its language None), and both checks were off: 0 errors."""
    beads = [
        ([ES_CONTRACT], [f"The agreement runs for five years. {LEFT_IN_SPANISH}"]),
        (["El inquilino puede rescindir el contrato."], [GERMAN_PASTED]),
        (["El precio se paga cada mes por adelantado."], ["The rent is paid every month in advance."]),
        (["La fianza se devuelve al final del contrato."], ["The deposit is returned when the agreement ends."]),
    ]
    findings = check(build(beads, source_language="es", target_language=None), checks=("untranslated", "language"))
    assert [(f.check, f.bead) for f in findings] == [("untranslated", 0), ("language", 1)]
    assert dict(findings[1].evidence)["expected_language"] == "en"
    split = [([ES_CONTRACT], [GERMAN_PASTED]), (["El precio."], ["Le prix est payé chaque mois par avance."])]
    # no language has most of the paragraphs that tell theirs: no language to hold the others to
    assert check(build(split, source_language="es", target_language=None), checks=("language",)) == ()


def test_a_quotation_kept_in_a_third_language_on_both_sides_is_no_language_finding():
    """Jules Verne's Latin inscription stands in Latin in the French original and in the English translation
    (TransRead); the same Latin in the translation alone is a language error."""
    latin = (
        "In Sneffels Yoculis craterem kem delibat umbra Scartaris Julii intra calendas descende, audas viator, "
        "et terrestre centrum attinges."
    )
    quoted = build([([f"Il lut ceci. {latin}"], [f"He read this. {latin}"])], "fr", "en")
    assert check(quoted, checks=("language",)) == ()
    pasted = check(build([(["Il lut ceci."], [f"He read this. {latin}"])], "fr", "en"), checks=("language",))
    assert [f.message.split(":")[0] for f in pasted] == [
        "Sentence 2 of target paragraph 1 looks Latin (la), not English"
    ]


def test_names_titles_and_close_languages_are_no_language_finding():
    pairs = [
        (["Vertrag mit der Firma Müller & Söhne, Zürich."], ["Contrat avec la société Müller & Söhne, Zürich."]),
        (["Siehe www.example.com/vertrag-und-bedingungen."], ["Voir www.example.com/vertrag-und-bedingungen."]),
        # Croatian for Serbian, Slovak for Czech: languages the identifier confuses
        (["Every person has the right to education."], ["Svaka osoba ima pravo na obrazovanje i na rad."]),
    ]
    assert check(build(pairs[:2], "de", "fr"), checks=("language", "untranslated")) == ()
    assert check(build(pairs[2:], "en", "sr-Latn"), checks=("language",)) == ()


def test_a_short_target_in_the_source_script_is_untranslated():
    """Three words are too few to tell a language, not a script: Cyrillic running text in an English translation."""
    findings = check(
        build([([RU_PARAGRAPH], [EN_PARAGRAPH]), (["Да здравствует Азербайджан!"], ["Да здравствует Азербайджан!"])])
    )
    assert [(f.check, f.severity, f.bead) for f in findings] == [("untranslated", "error", 1)]
    assert dict(findings[0].evidence) == {"script": "CYRILLIC", "expected_script": "LATIN"}


def test_names_kept_in_the_source_script_are_not_untranslated():
    findings = check(
        build(
            [([EN_PARAGRAPH], [RU_PARAGRAPH]), (["Microsoft Windows and the iPhone"], ["Microsoft Windows и iPhone"])],
            source_language="en",
            target_language="ru",
        )
    )
    assert by_check(findings, "untranslated") == []


def test_a_target_that_is_its_source_text_is_untranslated_between_documents_in_one_language(fake_encoder):
    """trial3 #1: an English document aligned with an untranslated copy of itself got no finding (the check returned
    early for documents in one language), and its pairs went into a TMX at 0.98. A short text of running words counts
    there (one in lower case); names, numbers, codes and addresses do not, nor does a pair of two versions."""
    adopted = "A decision on the tragic events was adopted by the Milli Majlis (Parliament) in March 1994."
    kept = [
        "Heydar Aliyev",
        "COVID-19",
        "20 January 2025",
        "https://www.gov.az/en/news",
        "info@mfa.gov.az",
        "www.example.com/about-us/contact-form",
    ]
    beads = [([EN_PARAGRAPH], [EN_PARAGRAPH]), (["Dear residents,"], ["dear  residents"])]
    beads.append(([adopted], [adopted.replace("adopted", "passed")]))  # two versions of a sentence
    findings = check(
        build(beads + [([text], [text]) for text in kept], source_language="en", target_language="en-GB"),
        model=fake_encoder,
    )
    assert [(f.check, f.severity, f.bead) for f in findings] == [
        ("untranslated", "error", 0),
        ("untranslated", "error", 1),
    ]
    assert findings[0].message == "The translation is identical to the source: was it left untranslated?"


def test_a_localisation_into_another_variant_of_the_language_keeps_what_needs_no_change(fake_encoder):
    """trial4 #3: en-GB -> en-US keeps most sentences as they are, and they belong in its translation memory; the
    pairs a localisation leaves the same were untranslated errors, left out of it."""
    kept = "Thank you for your understanding and your patience during the works."
    beads = [([kept], [kept]), (["The colour of the programme was grey."], ["The color of the program was gray."])]
    findings = check(build(beads, source_language="en-GB", target_language="en-US"), model=fake_encoder)
    assert by_check(findings, "untranslated") == []


def test_a_short_paragraph_left_verbatim_in_a_real_translation_is_untranslated(fake_encoder):
    """Between documents in two languages, three words in lower case are running text (fewer may be a name with a
    particle, 'Willy Auf der Maur', or a motto kept in its language, 'Vivant amici montium!': gold Text+Berg pairs);
    an address is none, however many words it has."""
    french = "L'unité et la détermination de notre peuple sont devenues la base de la brillante victoire de l'armée."
    beads = [
        ([EN_PARAGRAPH], [french]),
        (["But everything's curious today."], ["But everything's curious today."]),
        (["Willy Auf der Maur, Seewen (sz)"], ["Willy Auf der Maur, Seewen (sz)"]),
        (["Vivant amici montium!"], ["Vivant amici montium!"]),
        (["www.example.com/about-us/contact-form"], ["www.example.com/about-us/contact-form"]),
    ]
    findings = check(build(beads, source_language="en", target_language="fr"), model=fake_encoder)
    assert [(f.check, f.severity, f.bead) for f in findings] == [("untranslated", "error", 1)]


# -- length outliers


def _words(count: int) -> str:
    return " ".join(["слово"] * count)


def _english(count: int) -> str:
    return " ".join(["words"] * count)


def test_length_outlier_is_judged_against_the_documents_own_ratio(fake_encoder):
    # the translation is typically 1.5 times longer here; a pair at that ratio is normal
    normal = [([_words(10 + k)], [_english(15 + k + k // 2)]) for k in range(8)]
    shorter = ([_words(20)], [_english(12)])  # 2.5 times shorter than usual
    somewhat = ([_words(22)], [_english(22)])  # 1.5 times shorter than usual
    alignment = build([*normal, shorter, somewhat], target_language="en")  # every pair at similarity 0.8
    findings = check(alignment, model=fake_encoder)
    # the extreme ratio alone, on a pair as similar as the others (a sentence condensed): a warning
    assert [(f.check, f.severity, f.bead) for f in findings] == [("length", "warning", 8), ("length", "warning", 9)]
    assert "shorter" in findings[0].message
    evidence = dict(findings[0].evidence)
    assert float(evidence["typical_ratio"]) == pytest.approx(1.5, abs=0.05)
    assert (evidence["similarity"], evidence["typical_similarity"]) == ("0.800", "0.800")
    # with a weaker match too (distance 0.5, 2.5 times the document's 0.2: half of it cut): an error
    beads = list(alignment.beads)
    beads[8] = dataclasses.replace(beads[8], similarity=0.5)
    findings = check(dataclasses.replace(alignment, beads=tuple(beads)), checks=("length",))
    assert [(f.check, f.severity, f.bead) for f in findings] == [("length", "error", 8), ("length", "warning", 9)]
    # a pair a reviewer edited has no measured similarity: its length alone decides
    beads[8] = dataclasses.replace(beads[8], similarity=0.0, status="edited")
    findings = check(dataclasses.replace(alignment, beads=tuple(beads)), model=fake_encoder)
    assert [(f.check, f.severity, f.bead) for f in findings] == [("length", "error", 8), ("length", "warning", 9)]


def test_edits_elsewhere_do_not_move_the_length_checks_typical_pair(fake_encoder):
    """The length check weighs a pair's similarity against the document's pairs as aligned (kept in the files), as
    the weak check does: a reviewer editing the document's weaker pairs does not make a condensed sentence an error."""
    from aligner.checks import pair_similarity

    normal = [([_words(10 + k)], [_english(15 + k + k // 2)]) for k in range(8)]
    alignment = build([*normal, ([_words(20)], [_english(12)])], target_language="en")
    similarities = [0.9, 0.7] * 4 + [0.75]  # the condensed pair (bead 8) at the median
    beads = tuple(dataclasses.replace(b, similarity=s) for b, s in zip(alignment.beads, similarities, strict=True))
    alignment = dataclasses.replace(alignment, beads=beads)
    assert [(f.check, f.severity, f.bead) for f in check(alignment, model=fake_encoder)] == [("length", "warning", 8)]
    # the four pairs at 0.7 edited: the others' median would be 0.9, against which bead 8 is much weaker
    edited = tuple(
        dataclasses.replace(b, similarity=0.0, status="edited") if s == 0.7 else b
        for b, s in zip(beads, similarities, strict=True)
    )
    kept = dataclasses.replace(alignment, beads=edited, pair_similarity=pair_similarity(alignment))
    assert [(f.check, f.severity, f.bead) for f in check(kept, checks=("length",))] == [("length", "warning", 8)]
    evidence = dict(check(kept, checks=("length",))[0].evidence)
    assert evidence["typical_similarity"] == "0.750"


def test_length_needs_enough_pairs_to_know_what_is_typical():
    assert check(build([([_words(10)], [_english(10)]), ([_words(11)], [_english(3)])])) == ()


def weak_alignment() -> Alignment:
    """Eight pairs at similarity 0.8 (distance 0.2), bead 3 at 0.5 (2.5 times the distance, 10 robust z-scores
    beyond the median with the spread's floor of 0.03), bead 5 at 0.65."""
    alignment = build([([_words(10 + k)], [_english(15 + k)]) for k in range(8)], target_language="en")
    beads = list(alignment.beads)
    beads[3] = dataclasses.replace(beads[3], similarity=0.5)
    beads[5] = dataclasses.replace(beads[5], similarity=0.65)
    return dataclasses.replace(alignment, beads=tuple(beads))


def test_a_pair_much_weaker_than_the_documents_own_pairs_is_a_weak_match(fake_encoder):
    alignment = weak_alignment()
    beads = alignment.beads
    [finding] = check(alignment, model=fake_encoder)
    assert (finding.check, finding.severity, finding.bead) == ("weak", "error", 3)  # 10 >= weak_error_z
    assert dict(finding.evidence)["robust_z"] == "10.000"
    assert "much weaker match than the rest of the document (similarity 0.50, its pairs' median 0.80)" in (
        finding.message
    )
    [milder] = check(alignment, weak_error_z=10.5, model=fake_encoder)
    assert (milder.check, milder.severity, milder.bead) == ("weak", "warning", 3)
    too_few = dataclasses.replace(alignment, beads=(beads[2], beads[3]))  # two pairs: the median is their mean
    assert check(too_few, model=fake_encoder) == ()
    with pytest.raises(aligner.SettingsError, match="weak_z <= weak_error_z"):
        check(alignment, weak_z=8.0, weak_error_z=7.0)


def test_a_pair_three_times_as_distant_as_the_documents_pairs_is_a_weak_error_in_a_short_document(fake_encoder):
    """A short notice's five pairs (trial3 #2: one English paragraph replaced by another on the subject): the
    replaced pair's distance 0.727 is 3.7 times the median's, but with five pairs the spread is wide (the replaced
    pair and a freer one widen it) and it is only 5.1 robust z-scores out. Three times the typical distance
    (`weak_error_factor`) is an error too, so it is held back from a translation memory."""
    alignment = build([([_words(10 + k)], [_english(15 + k)]) for k in range(5)], target_language="en")
    similarities = (0.806, 0.876, 0.273, 0.664, 0.807)
    beads = tuple(dataclasses.replace(b, similarity=s) for b, s in zip(alignment.beads, similarities, strict=True))
    alignment = dataclasses.replace(alignment, beads=beads)
    [finding] = check(alignment, model=fake_encoder)
    assert (finding.check, finding.severity, finding.bead) == ("weak", "error", 2)
    evidence = dict(finding.evidence)
    assert (evidence["robust_z"], evidence["distance_ratio"]) == ("5.136", "3.747")
    [milder] = check(alignment, weak_error_factor=4.0, model=fake_encoder)
    assert (milder.check, milder.severity, milder.bead) == ("weak", "warning", 2)
    with pytest.raises(aligner.SettingsError, match="weak_error_factor must be >= 1"):
        check(alignment, weak_error_factor=0.5)


def notice(similarities: Sequence[float]) -> Alignment:
    """A notice of a salutation, body paragraphs and a signature (short pairs, which the weak check does not
    count), its pairs at `similarities`."""
    body = [([_words(10 + k)], [_english(15 + k)]) for k in range(len(similarities) - 2)]
    salutation, signature = (["Уважаемые родители!"], ["Dear parents,"]), (["Администрация"], ["The administration"])
    alignment = build([salutation, *body, signature])
    beads = tuple(dataclasses.replace(b, similarity=s) for b, s in zip(alignment.beads, similarities, strict=True))
    return dataclasses.replace(alignment, beads=beads)


def test_a_paragraph_replaced_in_a_notice_of_three_body_paragraphs_is_a_weak_error(fake_encoder):
    """A school notice (trial4 #1): the second of its three body paragraphs replaced by another on the subject, as
    the embedded encoder measured it (similarity 0.297 against 0.818 and 0.902). Salutation and signature do not
    count, so the document had too few pairs for the check: the pair went into the TMX at 0.85. Their median 0.818
    is not moved by the replaced one, whose distance is 3.9 times it: an error. With a fourth body paragraph it is
    one too (3.2 times the median of four)."""
    [finding] = check(notice((0.65, 0.818, 0.297, 0.902, 0.919)), model=fake_encoder)
    assert (finding.check, finding.severity, finding.bead) == ("weak", "error", 2)
    evidence = dict(finding.evidence)
    assert (evidence["typical_similarity"], evidence["distance_ratio"]) == ("0.818", "3.863")
    [finding] = check(notice((0.65, 0.818, 0.297, 0.902, 0.74, 0.919)), model=fake_encoder)
    assert (finding.severity, finding.bead, dict(finding.evidence)["distance_ratio"]) == ("error", 2, "3.181")


def short_document(similarities: Sequence[float], rival: tuple[int, int, float] | None = None) -> Alignment:
    """A document of 1-1 pairs at `similarities`, with embeddings in which each pair's units have that cosine and
    no other unit is near them; `rival` (target unit, source unit, cosine) puts one target unit that close to
    another source unit too."""
    alignment = build([([_words(10 + k)], [_english(15 + k)]) for k in range(len(similarities))])
    count = len(similarities)
    source = np.eye(count, 3 * count, dtype=np.float32)
    target = np.zeros_like(source)
    for k, similarity in enumerate(similarities):
        target[k, k], target[k, count + k] = similarity, (1 - similarity**2) ** 0.5
    if rival is not None:
        unit, other, cosine = rival
        target[unit, other] = cosine
        target[unit, 2 * count + unit] = (1 - similarities[unit] ** 2 - cosine**2) ** 0.5
        target[unit, count + unit] = 0.0
    beads = tuple(dataclasses.replace(b, similarity=s) for b, s in zip(alignment.beads, similarities, strict=True))
    return dataclasses.replace(alignment, beads=beads, embeddings=UnitEmbeddings("fake", source, target))


def test_a_right_pair_of_a_short_document_is_no_weak_error_for_its_few_pairs_narrow_spread():
    """Three paragraphs of a WMT22 document (dev), all translations: the weakest pair (0.61) is 2.2 times as distant
    as the median pair (0.825), and 7.1 robust z-scores out with the spread of the two others at its floor. A spread
    of two pairs says nothing, so it is a warning (at twice the distance), not an error, and the TMX keeps it."""
    [finding] = check(short_document((0.84, 0.825, 0.611)))
    assert (finding.check, finding.severity, finding.bead) == ("weak", "warning", 2)
    assert dict(finding.evidence)["distance_ratio"] == "2.223"
    assert "rival_similarity" not in dict(finding.evidence)


def test_a_weak_pair_of_a_short_document_that_is_not_its_units_best_match_is_an_error():
    """A paragraph replaced by another on the subject in a short document (the trial4 notice's replacement is closer
    to the source paragraph before it, 0.34, than to its own, 0.30): a weak pair under 3 times the distance is an
    error when one of its units is at least as similar to another unit of the other document; a right pair as weak
    but its units' best match stays a warning."""
    [finding] = check(short_document((0.84, 0.85, 0.55, 0.83), rival=(2, 1, 0.58)))
    assert (finding.check, finding.severity, finding.bead) == ("weak", "error", 2)
    evidence = dict(finding.evidence)
    assert (evidence["distance_ratio"], evidence["rival_similarity"]) == ("2.727", "0.580")
    assert finding.message.endswith("another unit of the document matches it as well (similarity 0.58)")
    [finding] = check(short_document((0.84, 0.85, 0.55, 0.83), rival=(2, 1, 0.5)))
    assert finding.severity == "warning"


def test_the_terminal_summary_lists_weak_pairs_whatever_their_confidence(fake_encoder):
    """A weak pair can be confident: the summary lists it, so that "low-confidence pairs: none" does not read as
    all is well (fresh-clone 8, finding 2)."""
    from aligner.export import ExportOptions
    from aligner.export.review import summary_text

    alignment = weak_alignment()
    lines = summary_text(alignment, ExportOptions(findings=check(alignment, model=fake_encoder))).splitlines()
    at = lines.index("pairs that may be of another text (weak): 1")
    assert lines[at - 1] == "low-confidence pairs (< 0.5): none" and lines[at + 1].startswith("  bead 4 (")
    assert not any("weak" in line for line in summary_text(alignment, ExportOptions()).splitlines())


def test_an_edited_bead_has_no_measured_similarity_for_the_weak_check(fake_encoder):
    """A bead merged or edited by a reviewer is saved with similarity 0 (not measured) and, with no model to
    measure it on the scale of the others (this alignment's signature names none), it is not a weak match, and
    the replaced pair among the others still is (fresh-clone 7, finding 1)."""
    alignment = weak_alignment()
    beads = list(alignment.beads)
    beads[6] = dataclasses.replace(beads[6], confidence=1.0, similarity=0.0, status="edited")
    assert [
        (f.check, f.bead) for f in check(dataclasses.replace(alignment, beads=tuple(beads)), model=fake_encoder)
    ] == [("weak", 3)]


def substituted_seed(seed_paths: dict) -> tuple[list[str], list[str], int]:
    """The seed pair with target paragraph 8 ("Notwithstanding the fact that ...") replaced by the first 60 words of
    the 2023 statement's "20 January tragedy had a decisive influence ..." paragraph, its digits after the first
    "20" removed: a substitution no number check sees (fresh-clone 8, finding 3); and that paragraph's index."""
    source = [unit.text for unit in aligner.read(seed_paths["ru"]).paragraphs]
    target = [unit.text for unit in aligner.read(seed_paths["en"]).paragraphs]
    other = next(u.text for u in aligner.read(seed_paths["en-2023"]).paragraphs if "tragedy had a decisive" in u.text)
    words = other.split()[:60]
    replacement = " ".join([words[0], *(re.sub(r"[0-9]+", "", word) for word in words[1:])])
    unit = next(k for k, text in enumerate(target) if text.startswith("Notwithstanding the fact that"))
    target[unit] = " ".join(replacement.split())
    return source, target, unit


@pytest.mark.model
def test_a_weak_match_stays_when_a_reviewer_merges_other_beads(seed_paths, tmp_path):
    """The document's median and spread are kept in the file as aligned, so merging two right pairs elsewhere
    (as the review page's merge saves them: edited, similarity 0) does not take the weak finding away; and the
    merged bead, measured with the encoder, is no weak match."""
    from aligner.corrections import edited_bead

    source, target, unit = substituted_seed(seed_paths)
    alignment = aligner.align(source, target)
    replaced = next(k for k, bead in enumerate(alignment.beads) if bead.target == (unit,))
    # robust z 7.5, beyond weak_error_z: held back from a TM (at 0.91 it passed --min-confidence 0.9 as a warning)
    assert [(f.check, f.severity, f.bead) for f in alignment.check()] == [("weak", "error", replaced)]
    alignment.to_jsonl(tmp_path / "aligned.jsonl")
    loaded = aligner.load(tmp_path / "aligned.jsonl")
    first, second = loaded.beads[replaced + 1], loaded.beads[replaced + 2]
    merged = edited_bead(loaded, first.source + second.source, first.target + second.target)
    beads = (*loaded.beads[: replaced + 1], merged, *loaded.beads[replaced + 3 :])
    edited = dataclasses.replace(loaded, beads=beads)
    [finding] = edited.check()
    assert (finding.check, finding.bead, dict(finding.evidence)["robust_z"]) == (
        "weak",
        replaced,
        dict(alignment.check()[0].evidence)["robust_z"],
    )
    # without the kept statistics (a file from before), the merged bead's own similarity, measured, still counts
    # in the median: the finding depends on the edit, as it did when edited beads were left out
    assert [f.check for f in dataclasses.replace(edited, pair_similarity=None).check()] == []


@pytest.mark.model
def test_a_wrong_pair_a_reviewer_made_is_a_weak_match(seed_paths):
    """An edited bead is measured with the check's encoder, the model the alignment was made with: a reviewer's
    wrong pairing (source paragraph k+1 with target paragraph k) is weak, said to be measured after the edit;
    measured with another model, on another scale, it is not checked."""
    from aligner.corrections import edited_bead

    source = [unit.text for unit in aligner.read(seed_paths["ru"]).paragraphs]
    target = [unit.text for unit in aligner.read(seed_paths["en"]).paragraphs]
    alignment = aligner.align(source, target)
    k = next(k for k, bead in enumerate(alignment.beads) if k > 2 and bead.kind == "1-1")
    (s,), (t,) = alignment.beads[k].source, alignment.beads[k].target
    wrong = [
        edited_bead(alignment, (s,), ()),
        edited_bead(alignment, (s + 1,), (t,)),
        edited_bead(alignment, (), (t + 1,)),
    ]
    edited = dataclasses.replace(alignment, beads=(*alignment.beads[:k], *wrong, *alignment.beads[k + 2 :]))
    weak = [f for f in edited.check() if f.check == "weak"]
    assert [f.bead for f in weak] == [k + 1] and "measured after the edit" in weak[0].message
    other = dataclasses.replace(edited, embeddings=dataclasses.replace(edited.embeddings, model="another-model"))
    assert [f for f in other.check() if f.check == "weak"] == []


# -- absorbed

# The fake encoder pairs a text with itself: the alignments of one language below stand for translations, so their
# pairs of a text with itself are not checked as untranslated.
TRANSLATION_CHECKS = tuple(name for name in CHECKS if name != "untranslated")


def absorbed_alignment() -> Alignment:
    """A pair of one unit and a 1-2 pair whose second target unit shares nothing with its source (one language,
    for the fake encoder's character 3-grams)."""
    return build(
        [
            (["Apples grow on the trees of the old orchard."], ["Apples grow on the trees of the old orchard."]),
            (
                ["Trains run on steel rails across the country."],
                ["Trains run on steel rails across the country.", "Zebu quiz: vexing knights jump."],
            ),
        ],
        "en",
        "en",
    )


def test_an_end_unit_the_other_side_does_not_translate_is_an_absorbed_unit_one_split_off_it_is_not(fake_encoder):
    [finding] = check(absorbed_alignment(), model=fake_encoder, checks=TRANSLATION_CHECKS)
    assert (finding.check, finding.severity, finding.bead) == ("absorbed", "warning", 1)
    assert finding.message.startswith("Target paragraph 3 may have no source text in this pair: it is hardly closer")
    assert dict(finding.evidence)["target_units"] == ("2",)
    split = build(
        [
            (["Apples grow on the trees of the old orchard."], ["Apples grow on the trees of the old orchard."]),
            (["Trains run on steel rails across the country."], ["Trains run on steel rails", "across the country."]),
        ],
        "en",
        "en",
    )
    assert check(split, model=fake_encoder, checks=TRANSLATION_CHECKS) == ()


def test_the_absorbed_check_reads_no_embeddings_of_another_encoder(fake_encoder):
    """Embeddings the alignment was made with by another model are not compared with groups the check's encoder
    embeds: the check embeds the units itself. Here the other model's make every unit the same, which would hide
    the absorbed unit."""
    alignment = absorbed_alignment()
    same = np.ones((3, fake_encoder.dim), dtype=np.float32) / np.sqrt(fake_encoder.dim)
    other = dataclasses.replace(alignment, embeddings=UnitEmbeddings("another-model", same[:2], same))
    assert check(other, model=fake_encoder) == check(alignment, model=fake_encoder) != ()


def test_the_absorbed_check_measures_a_typical_pair_with_its_own_encoder(fake_encoder):
    """The similarities stored in the beads may be another model's, on another scale (here 0.1 for every pair, as
    if the 1-1 pair were hardly a match): the check's typical pair is its own encoder's cosine."""
    alignment = absorbed_alignment()
    rescaled = tuple(dataclasses.replace(bead, similarity=0.1) for bead in alignment.beads)
    assert (
        check(dataclasses.replace(alignment, beads=rescaled), model=fake_encoder)
        == check(alignment, model=fake_encoder)
        != ()
    )


def test_an_edited_bead_is_not_checked_for_absorbed_units(fake_encoder):
    alignment = absorbed_alignment()
    beads = list(alignment.beads)
    beads[1] = dataclasses.replace(beads[1], confidence=1.0, similarity=0.0, status="edited")
    assert (
        check(dataclasses.replace(alignment, beads=tuple(beads)), model=fake_encoder, checks=TRANSLATION_CHECKS) == ()
    )


# -- order


def test_swapped_paragraphs_inside_a_bead_are_reported(fake_encoder):
    first, second = "The first paragraph talks about apples.", "The second paragraph is about trains and rails."
    alignment = build([([first, second], [second, first])], "en", "en")
    [finding] = check(alignment, model=fake_encoder, checks=TRANSLATION_CHECKS)
    assert (finding.check, finding.severity) == ("order", "error")
    assert "paragraph 1 is translated after source paragraph 2" in finding.message
    assert (
        check(build([([first, second], [first, second])], "en", "en"), model=fake_encoder, checks=TRANSLATION_CHECKS)
        == ()
    )


def test_reordered_sentences_of_one_paragraph_are_a_warning(fake_encoder):
    first, second = "The first sentence talks about apples.", "The second sentence is about trains and rails."
    alignment = build([([first, second], [second, first])], "en", "en", level="sentence", paragraph_of=[0, 0])
    [finding] = check(alignment, model=fake_encoder)
    assert (finding.check, finding.severity) == ("order", "warning")


# -- moved

MOVED = "The fourth paragraph was moved to the end of the translation."


def moved_alignment() -> Alignment:
    first, second = "The first paragraph talks about apples.", "The second paragraph is about trains and rails."
    return build([([MOVED], []), ([first], [first]), ([second], [second]), ([], [MOVED])], "en", "en")


def test_an_omission_translated_by_an_addition_is_one_moved_finding(fake_encoder):
    [finding] = check(moved_alignment(), model=fake_encoder, checks=TRANSLATION_CHECKS)
    assert (finding.check, finding.severity, finding.bead) == ("moved", "error", 0)
    assert finding.message.startswith("Source paragraph 1 is translated by target paragraph 3 (bead 4), out of order")
    evidence = dict(finding.evidence)
    assert (evidence["source_units"], evidence["target_units"], evidence["other_bead"]) == (("0",), ("2",), "3")
    assert float(evidence["similarity"]) == pytest.approx(1.0)


def test_the_moved_check_embeds_each_unit_of_an_alignment_without_embeddings_once(fake_encoder):
    check(moved_alignment(), model=fake_encoder)
    units = ["The first paragraph talks about apples.", "The second paragraph is about trains and rails.", MOVED]
    assert sorted(fake_encoder.encoded) == sorted(units * 2)  # each side's three units, once


def test_translations_left_unpaired_side_by_side_are_not_moved(fake_encoder):
    first = "The first paragraph talks about apples."
    alignment = build([([first], [first]), ([MOVED], []), ([], [MOVED])], "en", "en")
    assert [(f.check, f.bead) for f in check(alignment, model=fake_encoder, checks=TRANSLATION_CHECKS)] == [
        ("omission", 1),
        ("addition", 2),
    ]


def test_without_the_moved_check_a_moved_unit_is_an_omission_and_an_addition(fake_encoder):
    findings = check(moved_alignment(), checks=("omission", "addition"), model=fake_encoder)
    assert [(f.check, f.bead) for f in findings] == [("omission", 0), ("addition", 3)]


def test_a_moved_unit_shows_on_both_rows_of_the_review_and_in_the_summary(fake_encoder, tmp_path):
    from aligner.export import ExportOptions
    from aligner.export.review import summary_text
    from tests.export_helpers import review_data

    alignment = moved_alignment()
    findings = check(alignment, model=fake_encoder, checks=TRANSLATION_CHECKS)
    alignment.to_html(tmp_path / "review.html", findings=findings)
    data = review_data(tmp_path / "review.html")
    assert [bead.get("f") for bead in data["beads"]] == [[0], None, None, [1]]  # the translation's row: said from there
    assert [(f["check"], f["message"].split(" (bead")[0]) for f in data["findings"]] == [
        ("moved", "Source paragraph 1 is translated by target paragraph 3"),
        ("moved", "Target paragraph 3 translates source paragraph 1"),
    ]
    summary = summary_text(alignment, ExportOptions(findings=findings))
    assert "moved (translated out of order): 1" in summary and "omissions (source with no translation): none" in summary


APPLES, TRAINS = "The first paragraph talks about apples.", "The second paragraph is about trains and rails."
WEATHER, BOOKS = "The third paragraph describes the weather.", "The last paragraph lists some old books."
THREE = " ".join((APPLES, TRAINS, WEATHER))


def swapped_alignment() -> Alignment:
    """The first and last paragraphs swapped in the translation, each paired with the other's source."""
    return build([([APPLES], [BOOKS]), ([TRAINS], [TRAINS]), ([WEATHER], [WEATHER]), ([BOOKS], [APPLES])], "en", "en")


def test_paragraphs_swapped_far_apart_are_a_moved_error_on_each_pair(fake_encoder):
    findings = by_check(check(swapped_alignment(), model=fake_encoder), "moved")
    assert [(f.severity, f.bead, dict(f.evidence)["other_bead"]) for f in findings] == [
        ("error", 0, "3"),
        ("error", 3, "0"),
    ]
    assert findings[0].message == (
        "Source paragraph 1 is translated by target paragraph 4 (bead 4), out of order: paragraphs swapped or moved "
        "in the translation"
    )
    evidence = dict(findings[0].evidence)
    assert (evidence["text"], evidence["translation"]) == (APPLES, APPLES)
    assert float(evidence["similarity"]) == pytest.approx(1.0)


def test_each_swapped_row_of_the_spreadsheet_notes_its_own_moved_finding_only(fake_encoder, tmp_path):
    """As in the review page: the two findings of a swap name each other's bead, so each row says its own."""
    from openpyxl import load_workbook

    alignment = swapped_alignment()
    alignment.to_xlsx(tmp_path / "review.xlsx", findings=check(alignment, model=fake_encoder), force=True)
    notes = [
        row[7] or "" for row in load_workbook(tmp_path / "review.xlsx")["beads"].iter_rows(min_row=2, values_only=True)
    ]
    assert [note.count("error: moved:") for note in notes] == [1, 0, 0, 1]
    assert "Source paragraph 1 is translated by target paragraph 4 (bead 4)" in notes[0]
    assert "Source paragraph 4 is translated by target paragraph 1 (bead 1)" in notes[3]


def test_each_swapped_pair_of_the_tmx_names_its_moved_finding_and_a_finding_elsewhere_is_an_error(fake_encoder):
    """The TMX reads the findings of each row as the review page and the XLSX do (`export.findings_by_bead`)."""
    alignment, findings = swapped_alignment(), check(swapped_alignment(), model=fake_encoder, checks=TRANSLATION_CHECKS)
    options = {"findings": findings, "keep_errors": True, "force": True}
    tmx = etree.fromstring(EXPORTERS["tmx"].render(alignment, ExportOptions(**options))[""].encode())
    named = [tu.findtext("prop[@type='x-findings']") for tu in tmx.iter("tu")]
    assert named == ["moved", None, None, "moved"]
    elsewhere = Finding("numbers", "error", 4, "nowhere")
    with pytest.raises(aligner.SettingsError, match="points at bead 4, but the alignment has 4 beads"):
        EXPORTERS["tmx"].render(alignment, ExportOptions(**options | {"findings": (elsewhere,)}))


def test_a_swap_a_reviewer_fixed_by_exchanging_the_texts_is_no_longer_moved_and_one_side_fixed_still_is(fake_encoder):
    """The documents keep their units' text as read (an XLSX's units sheet); an edited bead's text is the
    reviewer's. A unit whose bead's text was changed is not evidence of a move, so exchanging the two target texts
    clears the swap, and a text fixed on one side only leaves the other side's move found."""
    swapped = swapped_alignment()
    beads = list(swapped.beads)
    beads[0] = dataclasses.replace(beads[0], target_text=APPLES, status="edited")
    beads[3] = dataclasses.replace(beads[3], target_text=BOOKS, status="edited")
    assert check(dataclasses.replace(swapped, beads=tuple(beads)), model=fake_encoder, checks=TRANSLATION_CHECKS) == ()
    one_fixed = dataclasses.replace(swapped, beads=(beads[0], *swapped.beads[1:]))
    moved = by_check(check(one_fixed, model=fake_encoder, checks=TRANSLATION_CHECKS), "moved")
    # bead 4 still pairs the last source paragraph with the first one's translation
    assert [(f.bead, dict(f.evidence)["source_units"], dict(f.evidence)["target_units"]) for f in moved] == [
        (0, ("0",), ("3",))
    ]


def test_a_swap_left_as_an_unpaired_unit_on_each_side_and_a_wrong_pair_is_two_moved_errors(fake_encoder):
    """The other form of a swap: the last paragraph's translation left unpaired at the top, the first source
    paragraph unpaired, and the last source paragraph paired with the first one's translation. Both units of that
    pair belong elsewhere, so each unpaired unit facing it is moved, and the three beads stay out of a TM."""
    from aligner.export import ExportOptions, exported_indices

    alignment = build([([], [BOOKS]), ([APPLES], []), ([TRAINS], [TRAINS]), ([BOOKS], [APPLES])], "en", "en")
    findings = check(alignment, model=fake_encoder, checks=TRANSLATION_CHECKS)
    assert [(f.check, f.bead, dict(f.evidence)["other_bead"]) for f in findings] == [
        ("moved", 1, "3"),
        ("moved", 3, "0"),
    ]
    assert findings[0].message == (
        "Source paragraph 1 is translated by target paragraph 3 (bead 4), out of order: paragraphs swapped or moved "
        "in the translation"
    )
    assert exported_indices(alignment, ExportOptions(findings=findings)) == {2}


def test_in_a_long_document_only_unpaired_units_are_searched_for_a_moved_match(fake_encoder, monkeypatch):
    """Every unit against every unit is quadratic (20k sentences a side: 8 s of CPU); past MOVED_PAIR_CELLS the
    check searches only the units of unpaired beads, as it did before it looked at pairs."""
    from aligner import checks as checks_module

    monkeypatch.setattr(checks_module, "MOVED_PAIR_CELLS", 15)  # the 4 x 4 units below are past it
    assert by_check(check(swapped_alignment(), model=fake_encoder, checks=TRANSLATION_CHECKS), "moved") == []
    assert [f.check for f in check(swapped_alignment(), model=fake_encoder, checks=TRANSLATION_CHECKS)] == []
    assert fake_encoder.encoded == []  # nothing unpaired: nothing embedded
    monkeypatch.setattr(checks_module, "MOVED_PAIR_CELLS", 8)  # the 3 x 3 units of a moved unit: past it
    [finding] = check(moved_alignment(), model=fake_encoder, checks=TRANSLATION_CHECKS)
    assert (finding.check, finding.bead, dict(finding.evidence)["other_bead"]) == ("moved", 0, "3")


def test_a_pair_holding_a_moved_units_translation_stays_out_of_a_translation_memory(fake_encoder, tmp_path):
    from aligner.export import ExportOptions, exported_indices
    from tests.export_helpers import review_data

    # every target paragraph one place on: only the first source paragraph's translation is across a pair (the
    # others are in the next bead); its bead, whose source is translated elsewhere, has no finding of its own
    alignment = build(
        [([APPLES], [TRAINS]), ([TRAINS], [WEATHER]), ([WEATHER], [BOOKS]), ([BOOKS], [APPLES])], "en", "en"
    )
    [finding] = by_check(check(alignment, model=fake_encoder), "moved")
    assert (finding.bead, dict(finding.evidence)["other_bead"]) == (0, "3")
    assert exported_indices(alignment, ExportOptions(findings=(finding,))) == {1, 2}
    alignment.to_html(tmp_path / "review.html", findings=(finding,))
    data = review_data(tmp_path / "review.html")
    assert [(bead.get("f"), bead.get("x")) for bead in data["beads"]] == [
        ([0], "an error finding"),
        (None, None),
        (None, None),
        ([1], "an error finding"),  # the finding said from the translation's row
    ]


@pytest.mark.parametrize(
    "beads",
    [
        # a unit among others of its pair (often a fragment of a free translation)
        [([APPLES, TRAINS], [WEATHER]), ([BOOKS], [BOOKS]), (["A note on the text."], [APPLES])],
        # a unit of a pair facing an unpaired one (a short title or reply said twice)
        [([APPLES], [WEATHER]), ([BOOKS], [BOOKS]), ([], [APPLES])],
        # a unit whose pair's other side, three units together, matches it as well as its best single unit elsewhere
        [
            ([THREE], [APPLES, TRAINS, WEATHER]),
            ([BOOKS], [BOOKS]),
            (["A note on the text."], [THREE.replace("apples", "pears")]),
        ],
    ],
    ids=["fragment", "facing-unpaired", "own-group-as-good"],
)
def test_units_of_pairs_are_not_moved_when_their_pair_may_be_right(beads, fake_encoder):
    assert by_check(check(build(beads, "en", "en"), model=fake_encoder), "moved") == []


# -- inconsistent repetitions


def test_same_source_translated_differently_is_a_warning(fake_encoder):
    alignment = build(
        [
            (["Да здравствует Азербайджан!"], ["Long Live Azerbaijan!"]),
            ([RU_PARAGRAPH], [EN_PARAGRAPH]),
            (["Да здравствует Азербайджан!"], ["Glory to Azerbaijan!"]),
            (["Да здравствует Азербайджан!"], ["Long live Azerbaijan"]),
        ]
    )
    findings = check(alignment, model=fake_encoder)
    assert [(f.check, f.severity, f.bead) for f in findings] == [("inconsistent", "warning", 2)]
    assert dict(findings[0].evidence)["other_bead"] == "0"


# -- options, ordering, API


def test_unknown_options_and_checks_are_rejected_with_the_valid_ones():
    alignment = build([([RU_PARAGRAPH], [EN_PARAGRAPH])])
    with pytest.raises(aligner.SettingsError, match="low_confidence_below"):
        check(alignment, min_confidence=0.5)  # an export's option (to_tmx), not a check's
    with pytest.raises(aligner.SettingsError, match="numbers"):
        check(alignment, checks=["number"])
    with pytest.raises(aligner.SettingsError, match="low_confidence_below"):
        check(alignment, low_confidence_below=1.5)


def test_check_options_of_the_wrong_type_are_settings_errors():
    """checks="numbers" was read letter by letter ("unknown check(s) b, e, m, n, r, s, u"); a threshold given as
    a str failed inside with TypeError '<=' not supported between instances of 'float' and 'str'."""
    alignment = build([([RU_PARAGRAPH], [EN_PARAGRAPH])])
    with pytest.raises(aligner.SettingsError, match=r"^checks must be a list of check names, got the str 'numbers'$"):
        check(alignment, checks="numbers")
    with pytest.raises(aligner.SettingsError, match=r"^low_confidence_below must be a number, got str '0.5'$"):
        check(alignment, low_confidence_below="0.5")
    with pytest.raises(aligner.SettingsError, match=r"^weak_z must be a number, got NoneType None$"):
        alignment.check(weak_z=None)


def test_checks_option_selects_checks():
    alignment = build([(["744 раненых"], ["774 wounded"], 0.1)])
    assert {f.check for f in check(alignment)} == {"numbers", "low-confidence"}
    assert {f.check for f in check(alignment, checks=["numbers"])} == {"numbers"}


def test_findings_are_sorted_by_bead_errors_first(fake_encoder):
    alignment = build(
        [
            (["Да здравствует Азербайджан!"], ["Long Live Azerbaijan!"]),
            (["в 80-е годы прошлого века случилось многое, 744"], ["much happened in those years, 774"], 0.2),
            (["Да здравствует Азербайджан!"], ["Glory to Azerbaijan!"]),
            ([RU_PARAGRAPH], []),
        ]
    )
    findings = check(alignment, model=fake_encoder)
    assert [(f.bead, f.severity) for f in findings] == [(1, "error"), (1, "error"), (2, "warning"), (3, "error")]


def test_alignment_check_method_and_public_function_agree():
    alignment = build([(["744 раненых"], ["774 wounded"]), ([RU_PARAGRAPH], [])])
    assert alignment.check() == aligner.check(alignment) == check(alignment)
    assert aligner.Finding is Finding


def test_finding_is_frozen_and_validated():
    finding = Finding("numbers", "error", 0, "Numbers differ", (("source", ("1",)),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.severity = "warning"  # type: ignore[misc]
    with pytest.raises(ValueError, match="severity"):
        Finding("numbers", "info", 0, "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bead"):
        Finding("numbers", "error", -1, "x")
    assert finding.to_dict()["evidence"] == {"source": ["1"]}
    assert hash(finding) == hash(Finding("numbers", "error", 0, "Numbers differ", (("source", ("1",)),)))


def test_a_finding_read_back_from_its_json_is_the_finding():
    alignment = build([(["744 раненых"], ["774 wounded"]), ([RU_PARAGRAPH], [])])
    findings = check(alignment)
    assert any(isinstance(value, tuple) for finding in findings for _, value in finding.evidence)
    assert tuple(Finding.from_dict(json.loads(json.dumps(finding.to_dict()))) for finding in findings) == findings


def test_text_and_json_reports():
    alignment = build([(["744 раненых"], ["774 wounded"]), ([RU_PARAGRAPH], [])])
    findings = check(alignment)
    text = findings_text(alignment, findings)
    # the text report is for people: beads and units from 1, said once; the JSON is data: from 0, and says so
    assert text.splitlines()[0].startswith("error   numbers        bead 1 [1:1]")
    assert text.splitlines()[1].startswith("error   omission       bead 2 [2:-]")
    assert text.splitlines()[-1] == (
        f"2 error(s), 0 warning(s) in 2 beads, document confidence {confidence_text(alignment.confidence, 3)}; "
        "beads and units are numbered from 1"
    )
    document = json.loads(findings_json(alignment, findings))
    assert document["errors"] == 2 and document["signature"] == "test-signature"
    assert document["numbering"].startswith("bead_index, source_ids and target_ids count from 0")
    assert document["confidence"] == alignment.confidence and document["gate"] is None
    assert document["findings"][1] | {"evidence": None} == {
        "check": "omission",
        "severity": "error",
        "bead_index": 1,  # bead 2 of the text report: the JSON names both counts
        "bead_number": 2,
        "message": document["findings"][1]["message"],
        "evidence": None,
        "source_ids": [1],
        "target_ids": [],
        "confirmed": False,
    }
    assert document["on_confirmed_beads"] == 0


# One defect per registered check: a check added without a case here fails the test below.
DEFECTS = {
    "omission": lambda: build([([RU_PARAGRAPH], [EN_PARAGRAPH]), (["Да здравствует Азербайджан!"], [])]),
    "addition": lambda: build([([RU_PARAGRAPH], [EN_PARAGRAPH]), ([], ["This sentence was added."])]),
    "moved": moved_alignment,
    "low-confidence": lambda: build([([RU_PARAGRAPH], [EN_PARAGRAPH], 0.3)]),
    "numbers": lambda: build([(["Убиты 150 человек."], ["151 people were killed."])]),
    "untranslated": lambda: build([([RU_PARAGRAPH], [RU_PARAGRAPH])]),
    "language": lambda: build([([ES_CONTRACT], [GERMAN_PASTED])], "es", "en"),
    "length": lambda: build(
        [*[([_words(10 + k)], [_english(15 + k + k // 2)]) for k in range(8)], ([_words(20)], [_english(12)])],
        target_language="en",
    ),
    "weak": weak_alignment,
    "absorbed": absorbed_alignment,
    "order": lambda: build(
        [
            (
                ["The first paragraph talks about apples.", "The second one is about trains and rails."],
                ["The second one is about trains and rails.", "The first paragraph talks about apples."],
            )
        ],
        "en",
        "en",
    ),
    "inconsistent": lambda: build(
        [
            (["Да здравствует Азербайджан!"], ["Long Live Azerbaijan!"]),
            (["Да здравствует Азербайджан!"], ["Glory to Azerbaijan!"]),
        ]
    ),
}


@pytest.mark.parametrize("name", CHECKS)
def test_every_registered_check_reports_its_defect_and_only_its_own(name, fake_encoder):
    findings = check(DEFECTS[name](), checks=(name,), model=fake_encoder)
    assert findings and {finding.check for finding in findings} == {name}
    clean = build([([RU_PARAGRAPH], [EN_PARAGRAPH]), (["Да здравствует Азербайджан!"], ["Long Live Azerbaijan!"])])
    assert check(clean, checks=(name,), model=fake_encoder) == ()


def test_help_on_alignment_check_names_every_check_and_its_options():
    """`help(result.check)` said only "see aligner.checks": a notebook user had no list of the checks to pass as
    `checks=`, nor the options."""
    documented = " ".join((aligner.Alignment.check.__doc__ or "").split())
    assert all(re.search(rf"(^|[ (,]){re.escape(name)}[,) ]", documented) for name in CHECKS), documented
    assert "CheckOptions" in documented and "low_confidence_below" in documented


def test_a_document_of_unknown_language_is_read_in_every_known_language():
    alignment = build(
        [(["20 января 2025 года погибли сто пятьдесят человек"], ["20 January 2025: 150 killed"])],
        source_language="ru",
        target_language=None,
    )
    assert [f for f in check(alignment) if f.check == "numbers"] == []


def test_a_document_below_the_translation_memory_gate_is_an_error_of_the_reports():
    alignment = dataclasses.replace(build([(["744 раненых"], ["744 wounded"])]), confidence=0.2)
    text = findings_text(alignment, check(alignment))
    assert text.splitlines()[0] == (
        "error   document       the document confidence is 0.200 (below 0.5), "
        "so the documents are probably not translations of each other"
    )
    assert text.splitlines()[-1].startswith(
        "1 error(s) (0 on beads, 1 on the document: below the gate), 0 warning(s) in 1 bead, document confidence 0.200"
    )
    document = json.loads(findings_json(alignment, check(alignment)))
    assert document["confidence"] == 0.2 and document["gate"].startswith("the document confidence is 0.200")
    assert document["errors"] == 1  # the document's own error, as the text report counts it


def seed_plain(path: object) -> list[str]:
    """The paragraphs of a seed document with digits and month names removed, so that the numbers check does not
    see a paragraph replaced by another (the date lines are gone)."""
    strip = r"[0-9]+(-[0-9]+)?(-е|-ю|th)?|января|январе|сентября|марте|January|September|March|г\."
    texts = [" ".join(re.sub(strip, "", unit.text).split()) for unit in aligner.read(path).paragraphs]
    return [text for text in texts if text]


@pytest.mark.model
def test_a_paragraph_replaced_by_another_on_the_subject_is_a_weak_match(seed_paths):
    """The seed translation with paragraph 8 ("Unity and determination ...") replaced by the 2026 statement's
    "The patriotism, unity, and spirit of resistance ...", digits and month names removed from both sides so
    that the numbers check does not see it (fresh-clone 6, finding 2)."""

    source, target = seed_plain(seed_paths["ru"]), seed_plain(seed_paths["en"])
    unit = next(k for k, text in enumerate(target) if text.startswith("Unity and determination"))
    target[unit] = next(text for text in seed_plain(seed_paths["en-2026"]) if text.startswith("The patriotism, unity"))
    alignment = aligner.align(source, target)
    replaced = next(k for k, bead in enumerate(alignment.beads) if bead.target == (unit,))
    assert [(f.check, f.bead) for f in alignment.check()] == [("weak", replaced)]


@pytest.mark.model
def test_a_paragraph_replaced_in_a_short_document_is_held_back_from_a_translation_memory(seed_paths, tmp_path):
    """The first six paragraphs of the seed pair (digits and month names removed, as above), the fifth English one
    ("In an attempt to put down ...") replaced by the 2026 statement's "The patriotism, unity ...": a confident pair
    (0.78) 6.3 robust z-scores out, a weak warning that went into the TMX (trial3 #2); its distance is 3.1 times the
    document's typical pair's, so it is an error now and the TMX leaves it out."""
    source, target = seed_plain(seed_paths["ru"])[:6], seed_plain(seed_paths["en"])[:6]
    assert target[4].startswith("In an attempt to put down")
    target[4] = next(text for text in seed_plain(seed_paths["en-2026"]) if text.startswith("The patriotism, unity"))
    alignment = aligner.align(source, target)
    replaced = next(k for k, bead in enumerate(alignment.beads) if bead.target == (4,))
    assert alignment.beads[replaced].confidence > 0.5
    findings = alignment.check()
    assert [(f.check, f.severity, f.bead) for f in findings] == [("weak", "error", replaced)]
    report = alignment.to_tmx(tmp_path / "short.tmx", findings=findings)
    assert (report.pairs_written, report.errors_left_out) == (len(alignment.pairs) - 1, 1)
    assert "The patriotism, unity" not in (tmp_path / "short.tmx").read_text(encoding="utf-8")


NOTICE_RU = [
    "Уважаемые родители!",
    "В пятницу, 14 ноября, занятия в школе закончатся в 12:30 из-за собрания педагогов.",
    "Продлёнка в этот день работать не будет. Просим забрать детей вовремя.",
    "Экскурсия в музей переносится на 21 ноября; сбор у школы в 9 утра.",
    "Администрация школы № 57",
]
NOTICE_EN = [
    "Dear parents,",
    "On Friday 14 November, lessons will end at 12:30 because of a staff meeting.",
    "There will be no after-school club that day. Please collect your children on time.",
    "The museum trip is postponed to 21 November; meet at the school at 9 am.",
    "The administration of School No. 57",
]


@pytest.mark.model
def test_a_paragraph_replaced_in_a_five_paragraph_notice_is_held_back_from_a_translation_memory(tmp_path):
    """Trial4 #1: a school notice whose third paragraph is replaced by another on the subject (the library closed)
    went into the TMX at 0.85 with no finding: with its salutation and signature it has three pairs the weak check
    counts. Now it is a weak error and the TMX leaves it out. The notice as translated has no error: its freest pair
    ("Продлёнка ..." / "There will be no after-school club ...", similarity 0.48 against a median of 0.82, 2.8 times
    the distance) is a weak warning, and the TMX keeps all five pairs."""
    translated = aligner.align(NOTICE_RU, NOTICE_EN)
    assert [(f.check, f.severity, f.bead) for f in translated.check()] == [("weak", "warning", 2)]
    assert translated.to_tmx(tmp_path / "translated.tmx").pairs_written == 5
    replaced = [*NOTICE_EN]
    replaced[2] = (
        "The school library will be closed on Monday for a book inventory; please return borrowed books by Friday."
    )
    alignment = aligner.align(NOTICE_RU, replaced)
    assert alignment.beads[2].target == (2,) and alignment.beads[2].confidence > 0.8
    findings = alignment.check()
    assert [(f.check, f.severity, f.bead) for f in findings] == [("weak", "error", 2)]
    report = alignment.to_tmx(tmp_path / "notice.tmx", findings=findings)
    assert (report.pairs_written, report.errors_left_out) == (4, 1)
    assert "library" not in (tmp_path / "notice.tmx").read_text(encoding="utf-8")


def test_a_time_is_one_item_of_the_evidence_and_a_converted_one_is_no_finding():
    """'9:00' was two numbers, 9 and 00, and 'в 20 часов' / 'at 8 pm' was "the source has 20 but the translation
    has 8": a translation into the 12-hour clock was left out of the translation memory."""
    assert (
        check(
            build(
                [
                    (
                        ["Приём с 8 до 20 часов, в субботу с 9:00 до 18:00."],
                        ["Open from 8 am to 8 pm, on Saturday from 9 am to 6 pm."],
                    )
                ]
            ),
            checks=("numbers",),
        )
        == ()
    )
    [finding] = check(build([(["Приём 12 марта с 9:00 до 18:00."], ["Open on 12 March from 10:00 to 18:00."])]))
    assert (finding.check, finding.severity) == ("numbers", "error")
    evidence = dict(finding.evidence)
    assert evidence["source"] == ("12", "марта", "9:00", "18:00")
    assert evidence["missing_in_target"] == ("9:00",) and evidence["extra_in_target"] == ("10:00",)
    assert finding.message == "Times differ: the source has 9:00 but the translation has 10:00 instead"
    [converted] = check(build([(["в 20 часов"], ["at 9 pm"])]), checks=("numbers",))
    assert converted.message == (
        "Times differ: the source has 20 часов (20:00) but the translation has 9 pm (21:00) instead"
    )


@pytest.mark.parametrize(
    "source, target, message",
    [
        ("Пришли 450 тыс. человек.", "540,000 people came.", "the source has 450 тыс. (450,000) but the translation"),
        (
            "Вырос на 1,5 млн.",
            "Rose by 15 million.",
            "has 1,5 млн. (1,500,000) but the translation has 15 million (15,",
        ),
        ("Пришли 450 тысяч человек.", "45,000 people came.", "the source has 450 тысяч (450,000) but"),
    ],
)
def test_a_number_with_a_word_that_multiplies_it_is_quoted_with_the_word_and_its_value(source, target, message):
    """The message said "the source has 450" of "450 тыс.", which the check reads as 450,000 (trial8 #9)."""
    [finding] = check(build([([source], [target])]), checks=("numbers",))
    assert message in finding.message


def test_a_notes_mark_facing_nothing_is_quoted_as_a_mark_in_a_warning():
    """'Humphry Davy, [2] Humboldt' against a translation without the note: the warning said "the source has 2 with no
    counterpart", a number the text does not have (trial8 #10)."""
    [finding] = check(
        build([(["Humphry Davy, [2] Humboldt called on him."], ["Humphry Davy, Humboldt lui rendaient visite."])]),
        checks=("numbers",),
    )
    assert finding.severity == "warning"
    assert finding.message == (
        "Numbers differ: the source has [2] (a note's mark?) with no counterpart on the other side"
    )


@pytest.mark.parametrize(
    "source, target, quoted",
    [
        ("Встреча в 20 часов.", "The meeting is at 9 pm.", "9 pm (21:00)"),
        ("Встреча в 20 часов.", "The meeting is at 9 PM. It ends late.", "9 PM (21:00)"),
        ("Встреча в 20 часов.", "The meeting is at 9 am.", "9 am (9:00)"),
        ("Встреча в 20 часов.", "The meeting is at 9 p.m.", "9 p.m. (21:00)"),  # the abbreviation's own point
    ],
)
def test_a_time_at_the_end_of_a_sentence_is_quoted_without_its_full_stop(source, target, quoted):
    """The message said "the translation has 9 pm. (21:00)": the sentence's full stop read as part of "pm"."""
    [finding] = check(build([([source], [target])]), checks=("numbers",))
    assert finding.message == f"Times differ: the source has 20 часов (20:00) but the translation has {quoted} instead"
    assert dict(finding.evidence)["extra_in_target"] == (quoted.partition(" (")[0],)
