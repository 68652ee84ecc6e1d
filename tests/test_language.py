"""Offline language detection and the language tags users give on the command line."""

from __future__ import annotations

import pytest

from aligner import SettingsError
from aligner.language import check_language_tag, detect_language, same_language


@pytest.mark.parametrize("text, expected", [
    ("Да здравствует Азербайджан! Это было в 1990 году.", "ru"),
    ("Слава Україні, і це є наша земля.", "uk"),
    ("Қазақстан Республикасының Сыртқы істер министрлігі", "kk"),
    ("Azərbaycan Respublikası Xarici İşlər Nazirliyinin bəyanatı", "az"),
    ("Türkiye Cumhuriyeti Dışişleri Bakanlığı açıklaması", "tr"),
    ("Dzień dobry, jak się masz", "pl"),
    ("El niño está aquí con su madre", "es"),
    ("The statement of the Ministry of Foreign Affairs", "en"),
    ("Die Erklärung des Ministeriums für auswärtige Angelegenheiten", "de"),
    ("12345 678", None),
])
def test_detect_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("tag", ["ru", "en-US", "pt-BR", "zh-Hant-TW", "fil"])
def test_language_tags_pass_verbatim(tag):
    assert check_language_tag(tag, "--src-lang") == tag


@pytest.mark.parametrize("tag", ["Russian!", "e", "en US", "en--US", "<en>"])
def test_bad_language_tags_name_the_option(tag):
    with pytest.raises(SettingsError, match=f"--tgt-lang {tag!r} is not a language tag"):
        check_language_tag(tag, "--tgt-lang")


@pytest.mark.parametrize("first, second, expected", [
    ("en", "en-GB", True), ("EN-us", "en_GB", True), ("ru", "en", False), (None, "en", False), (None, None, False),
])
def test_same_language(first, second, expected):
    assert same_language(first, second) is expected
