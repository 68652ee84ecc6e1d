"""Segment stage: sentences inside paragraphs, Russian by razdel, other languages by SRX rules."""

from __future__ import annotations

import pytest

import aligner
from aligner.segment import RuleSegmenter, build_document

SPLITS = [
    # Russian: abbreviations, initials, a sentence that starts with a number
    ("ru", "Это произошло в 1990 г. в Баку. Потом было тихо.",
     ["Это произошло в 1990 г. в Баку.", "Потом было тихо."]),
    ("ru", "Он приехал рано, т. е. до рассвета. Все спали.",
     ["Он приехал рано, т. е. до рассвета.", "Все спали."]),
    ("ru", "Стихи написал А. С. Пушкин. Их читают все.",
     ["Стихи написал А. С. Пушкин.", "Их читают все."]),
    ("ru", "Погибли многие. 150 человек были убиты, 744 ранены.",
     ["Погибли многие.", "150 человек были убиты, 744 ранены."]),
    ("ru", "Это случилось ночью. 20 января 1990 г. войска вошли в Баку.",
     ["Это случилось ночью.", "20 января 1990 г. войска вошли в Баку."]),
    # English
    ("en", "Use a heavy tool, e.g. a hammer. It works.", ["Use a heavy tool, e.g. a hammer.", "It works."]),
    ("en", "He lives at No. 5 Baker Street. It is old.", ["He lives at No. 5 Baker Street.", "It is old."]),
    ("en", "Prof. Smith arrived late. He spoke first.", ["Prof. Smith arrived late.", "He spoke first."]),
    ("en", "Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
    # German and French basics
    ("de", "Das ist z. B. ein Test. Er funktioniert gut.", ["Das ist z. B. ein Test.", "Er funktioniert gut."]),
    ("de", "Ich bin hier. Du bist dort.", ["Ich bin hier.", "Du bist dort."]),
    ("fr", "M. Dupont est arrivé. Il a parlé.", ["M. Dupont est arrivé.", "Il a parlé."]),
    ("fr", "Il est là. Elle est partie.", ["Il est là.", "Elle est partie."]),
]


@pytest.mark.parametrize("language, text, expected", SPLITS, ids=[text[:30] for _, text, _ in SPLITS])
def test_rule_segmenter_splits_sentences(language, text, expected):
    assert RuleSegmenter().split(text, language) == expected


@pytest.mark.parametrize("language", ["en-US", "en_GB", "EN", "ru-RU"])
def test_segmenter_accepts_locales(language):
    text = "Prof. Smith came. He left." if language.lower().startswith("en") else "А. С. Пушкин пришёл. Он ушёл."
    assert len(RuleSegmenter().split(text, language)) == 2


@pytest.mark.parametrize("language, text, expected", [
    (None, "One sentence here. Another one there.", ["One sentence here.", "Another one there."]),
    ("fi", "Hän tuli kotiin. Sitten hän nukkui.", ["Hän tuli kotiin.", "Sitten hän nukkui."]),
    ("az", "Bu gün 20 Yanvardır. Xalq yas saxlayır.", ["Bu gün 20 Yanvardır.", "Xalq yas saxlayır."]),
])
def test_languages_without_their_own_rules_still_split(language, text, expected):
    assert RuleSegmenter().split(text, language) == expected


def test_rule_segmenter_is_a_segmenter():
    assert isinstance(RuleSegmenter(), aligner.Segmenter)


def test_sentences_point_at_their_paragraphs():
    document = aligner.read("First one. Second one.\n\nThird one.", language="en")
    assert [(unit.text, unit.paragraph) for unit in document.sentences] == [
        ("First one.", 0), ("Second one.", 0), ("Third one.", 1)]
    assert [unit.index for unit in document.sentences] == [0, 1, 2]


def test_markdown_hard_break_does_not_end_a_sentence(seed_paths):
    header_sentences = [unit.text for unit in aligner.read(seed_paths["ru"]).sentences if unit.paragraph == 0]
    assert header_sentences == [
        "Заявление Министерства иностранных дел Азербайджанской Республики по случаю 20 января – "
        "Дня всенародной скорби 20 января 2025 г."
    ]


def test_russian_seed_paragraph_with_two_sentences(seed_paths):
    document = aligner.read(seed_paths["ru"])
    # Paragraph 4 of the seed holds two sentences; the second starts "В результате".
    sentences = [unit.text for unit in document.sentences if unit.paragraph == 4]
    assert len(sentences) == 2
    assert sentences[1].startswith("В результате военной агрессии 20 января")


def test_pre_split_lists_are_not_segmented():
    units = ["Prof. Smith came. He left.", "One. Two. Three."]
    document = aligner.read(units, language="en")
    assert [unit.text for unit in document.sentences] == units


def test_custom_segmenter_is_used():
    class SplitOnSemicolons:
        def split(self, text: str, language: str | None) -> list[str]:
            return [piece.strip() for piece in text.split(";")]

    document = aligner.read("a; b. c\n\nd", segmenter=SplitOnSemicolons())
    assert [(unit.text, unit.paragraph) for unit in document.sentences] == [("a", 0), ("b. c", 0), ("d", 1)]


def test_build_document_without_segmenter_keeps_paragraphs_as_sentences():
    document = build_document(["One. Two.", "Three."], "<units>", "en", segmenter=None)
    assert [unit.text for unit in document.sentences] == ["One. Two.", "Three."]
    assert [unit.paragraph for unit in document.paragraphs] == [0, 1]
