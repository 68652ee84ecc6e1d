"""Segment stage: sentences inside paragraphs, Russian by razdel, other languages by SRX rules."""

from __future__ import annotations

import pytest

import aligner
from aligner.cli import main
from aligner.segment import RuleSegmenter, build_document

SPLITS = [
    # Russian: abbreviations, initials, a sentence that starts with a number
    ("ru", "Это произошло в 1990 г. в Баку. Потом было тихо.", ["Это произошло в 1990 г. в Баку.", "Потом было тихо."]),
    ("ru", "Он приехал рано, т. е. до рассвета. Все спали.", ["Он приехал рано, т. е. до рассвета.", "Все спали."]),
    ("ru", "Стихи написал А. С. Пушкин. Их читают все.", ["Стихи написал А. С. Пушкин.", "Их читают все."]),
    (
        "ru",
        "Погибли многие. 150 человек были убиты, 744 ранены.",
        ["Погибли многие.", "150 человек были убиты, 744 ранены."],
    ),
    (
        "ru",
        "Это случилось ночью. 20 января 1990 г. войска вошли в Баку.",
        ["Это случилось ночью.", "20 января 1990 г. войска вошли в Баку."],
    ),
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


@pytest.mark.parametrize(
    "language, text, expected",
    [
        (None, "One sentence here. Another one there.", ["One sentence here.", "Another one there."]),
        ("fi", "Hän tuli kotiin. Sitten hän nukkui.", ["Hän tuli kotiin.", "Sitten hän nukkui."]),
        ("az", "Bu gün 20 Yanvardır. Xalq yas saxlayır.", ["Bu gün 20 Yanvardır.", "Xalq yas saxlayır."]),
    ],
)
def test_languages_without_their_own_rules_still_split(language, text, expected):
    assert RuleSegmenter().split(text, language) == expected


def test_rule_segmenter_is_a_segmenter():
    assert isinstance(RuleSegmenter(), aligner.Segmenter)


def test_sentences_point_at_their_paragraphs():
    document = aligner.read("First one. Second one.\n\nThird one.", language="en")
    assert [(unit.text, unit.paragraph) for unit in document.sentences] == [
        ("First one.", 0),
        ("Second one.", 0),
        ("Third one.", 1),
    ]
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


# Two or three sentences in each of the 16 languages of the embedded USE encoder (zh for both scripts).
ENCODER_LANGUAGES = [
    ("ar", "هذا جدار. إنه عال! من يأتي؟", ["هذا جدار.", "إنه عال!", "من يأتي؟"]),
    ("zh", "这是一堵墙。它很高！谁来了？", ["这是一堵墙。", "它很高！", "谁来了？"]),
    ("zh-TW", "這是一堵牆。它很高！", ["這是一堵牆。", "它很高！"]),
    ("ja", "これは壁です。高いです！誰が来ますか？", ["これは壁です。", "高いです！", "誰が来ますか？"]),
    ("ko", "이것은 벽입니다. 높습니다! 누가 옵니까?", ["이것은 벽입니다.", "높습니다!", "누가 옵니까?"]),
    ("th", "นี่คือกำแพง มันสูงมากเลย ใครมา", ["นี่คือกำแพง", "มันสูงมากเลย", "ใครมา"]),
    ("tr", "Bu bir duvar. Çok yüksek! Kim geliyor?", ["Bu bir duvar.", "Çok yüksek!", "Kim geliyor?"]),
    ("pl", "To jest ściana, np. z cegły. Jest wysoka!", ["To jest ściana, np. z cegły.", "Jest wysoka!"]),
    ("it", "Questo è un muro. È alto! Chi viene?", ["Questo è un muro.", "È alto!", "Chi viene?"]),
    ("nl", "Dit is een muur. Hij is hoog! Wie komt er?", ["Dit is een muur.", "Hij is hoog!", "Wie komt er?"]),
    ("pt", "Isto é uma parede. É alta! Quem vem?", ["Isto é uma parede.", "É alta!", "Quem vem?"]),
    ("es", "Esto es una pared. ¡Es alta! ¿Quién viene?", ["Esto es una pared.", "¡Es alta!", "¿Quién viene?"]),
    ("en", "This is a wall. It is high! Who comes?", ["This is a wall.", "It is high!", "Who comes?"]),
    ("fr", "C'est un mur. Il est haut ! Qui vient ?", ["C'est un mur.", "Il est haut !", "Qui vient ?"]),
    ("de", "Das ist eine Wand. Sie ist hoch! Wer kommt?", ["Das ist eine Wand.", "Sie ist hoch!", "Wer kommt?"]),
    ("ru", "Это стена. Она высокая! Кто идёт?", ["Это стена.", "Она высокая!", "Кто идёт?"]),
]


@pytest.mark.parametrize("language, text, expected", ENCODER_LANGUAGES, ids=[lang for lang, _, _ in ENCODER_LANGUAGES])
def test_every_language_of_the_embedded_encoder_is_split(language, text, expected):
    assert RuleSegmenter().split(text, language) == expected


@pytest.mark.parametrize(
    "language, text, expected",
    [
        # Text+Berg is tokenised: a space before every punctuation mark; the sentences keep their own characters.
        (
            "de",
            "Wir stiegen durch die Wand . Oben war es kalt ! Wer hätte das gedacht ?",
            ["Wir stiegen durch die Wand .", "Oben war es kalt !", "Wer hätte das gedacht ?"],
        ),
        (
            "de",
            "Er sagte : « Wir gehen » . Dann gingen wir ...  Es wurde Nacht .",
            ["Er sagte : « Wir gehen » .", "Dann gingen wir ...", "Es wurde Nacht ."],
        ),
        (
            "fr",
            "Le sommet est à 4000 m . Nous y sommes arrivés le 9 août .",
            ["Le sommet est à 4000 m .", "Nous y sommes arrivés le 9 août ."],
        ),
        ("ru", "Мы поднялись на стену . Было холодно !", ["Мы поднялись на стену .", "Было холодно !"]),
    ],
)
def test_punctuation_after_a_space_still_ends_a_sentence(language, text, expected):
    assert RuleSegmenter().split(text, language) == expected


def test_the_seed_german_symptom_of_the_issue_is_gone():
    text = " ".join(f"Das ist Satz Nummer {n} an der Wand ." for n in range(1, 21))
    assert len(RuleSegmenter().split(text, "de")) == 20


@pytest.mark.parametrize(
    "text, expected",
    [
        # a closing straight quote after a space goes with its sentence, an opening one with the next
        ("' Who is there? ' she asked. ' Nobody, ' he said.", ["' Who is there? ' she asked.", "' Nobody, ' he said."]),
        ('" I am late! " The rabbit ran. " Wait! "', ['" I am late! "', "The rabbit ran.", '" Wait! "']),
        # a closing quote of a quotation opened in an earlier paragraph: counted as opening, but no sentence alone
        (
            "You are old, Father William. Your hair is white. '",
            ["You are old, Father William.", "Your hair is white. '"],
        ),
        ("You are old. Your hair is white.\u00a0 '", ["You are old.", "Your hair is white.\u00a0 '"]),  # as written
        # a lower-case continuation is not a new sentence
        (
            "' I shall be late! ' (when she thought it over, it seemed odd).",
            ["' I shall be late! ' (when she thought it over, it seemed odd)."],
        ),
    ],
)
def test_quotes_and_lower_case_continuations(text, expected):
    assert RuleSegmenter().split(text, "en") == expected


# A number with a dot that ends no sentence: each of these was split after the number's dot.
NUMBERS_WITH_A_DOT = [
    # German ordinals before a capitalised noun, after a word that is no noun
    ("de", "Er kam als 3. Sieger ins Ziel. Dann fiel er um.", ["Er kam als 3. Sieger ins Ziel.", "Dann fiel er um."]),
    ("de", "Ihr 2. Roman erschien 1980. Er wurde verfilmt.", ["Ihr 2. Roman erschien 1980.", "Er wurde verfilmt."]),
    ("de", "Im 3. Akt stirbt der König.", ["Im 3. Akt stirbt der König."]),
    # Text+Berg dev (tokenised): an ordinal enumeration, and a list numbered inside a paragraph
    (
        "de",
        "beide stehen an der 8. und 9. Stelle der Rangliste .",
        ["beide stehen an der 8. und 9. Stelle der Rangliste ."],
    ),
    (
        "de",
        "Am 11. Juni wurden die ersten Lasten hingeschafft , am 13. , 15. und 17. Juni war der Pendelverkehr im "
        "vollen Gange .",
        [
            "Am 11. Juni wurden die ersten Lasten hingeschafft , am 13. , 15. und 17. Juni war der Pendelverkehr im "
            "vollen Gange ."
        ],
    ),
    (
        "de",
        "1. Die Expeditionen haben einen nepalischen Verbindungsoffizier mitzunehmen . 2. Dem Verbindungsoffizier "
        "sind von der Expedition monatlich 200.- indische Rupies zu zahlen .",
        [
            "1. Die Expeditionen haben einen nepalischen Verbindungsoffizier mitzunehmen .",
            "2. Dem Verbindungsoffizier sind von der Expedition monatlich 200.- indische Rupies zu zahlen .",
        ],
    ),
    (
        "fr",
        "1. Les expéditions doivent prendre un officier de liaison . 2. L' expédition payera à l' officier de "
        "liaison un salaire mensuel de 200 roupies indiennes .",
        [
            "1. Les expéditions doivent prendre un officier de liaison .",
            "2. L' expédition payera à l' officier de liaison un salaire mensuel de 200 roupies indiennes .",
        ],
    ),
    # Turkish ordinals, digits or Roman numerals, before a name (Turkish writes its other nouns in lower case)
    (
        "tr",
        "Türkiye 1. Dünya Savaşı'na Osmanlı olarak girdi. Sonra barış geldi.",
        ["Türkiye 1. Dünya Savaşı'na Osmanlı olarak girdi.", "Sonra barış geldi."],
    ),
    (
        "tr",
        "Türkiye II. Dünya Savaşı'na girmedi. Sonra NATO'ya girdi.",
        ["Türkiye II. Dünya Savaşı'na girmedi.", "Sonra NATO'ya girdi."],
    ),
    ("tr", "Ordu 19. Kolordu ile birleşti.", ["Ordu 19. Kolordu ile birleşti."]),
    ("tr", "Kral XIV. Louis idi. O çok yaşadı.", ["Kral XIV. Louis idi.", "O çok yaşadı."]),
    # a Roman numeral with its dot numbers what follows it: a heading, a ruler's name (tr, hu)
    ("en", "II. The Procedure", ["II. The Procedure"]),
    ("en", "The court met. IV. The Judgment", ["The court met.", "IV. The Judgment"]),
    ("de", "II. Das Verfahren", ["II. Das Verfahren"]),
    (
        "tr",
        "Şehirde eski bir kale vardır. II. Kılıçaslan burada yaşadı.",
        ["Şehirde eski bir kale vardır.", "II. Kılıçaslan burada yaşadı."],
    ),
    ("hu", "IV. Béla király volt. Aztán meghalt.", ["IV. Béla király volt.", "Aztán meghalt."]),
    # a list item or heading that is a paragraph of its own
    ("de", "12. Zwölfter Punkt der Liste", ["12. Zwölfter Punkt der Liste"]),
    ("de", "1. Einleitung", ["1. Einleitung"]),
    ("fr", "1. Introduction", ["1. Introduction"]),
    ("da", "1. Indledning", ["1. Indledning"]),
    ("tr", "1. Giriş", ["1. Giriş"]),
    # dates written with spaces: day. month. year (the Czech and Slovak standard form), Croatian years with a dot
    ("de", "Das Treffen ist am 12. 3. 1950 in Bern.", ["Das Treffen ist am 12. 3. 1950 in Bern."]),
    (
        "cs",
        "Karel Čapek se narodil 9. 1. 1890 v Malých Svatoňovicích.",
        ["Karel Čapek se narodil 9. 1. 1890 v Malých Svatoňovicích."],
    ),
    (
        "sk",
        "Milan Rastislav Štefánik sa narodil 21. 7. 1880 v Košariskách.",
        ["Milan Rastislav Štefánik sa narodil 21. 7. 1880 v Košariskách."],
    ),
    (
        "hr",
        "Nikola Tesla rođen je 10. srpnja 1856. u Smiljanu. Umro je 7. siječnja 1943. u New Yorku.",
        ["Nikola Tesla rođen je 10. srpnja 1856. u Smiljanu.", "Umro je 7. siječnja 1943. u New Yorku."],
    ),
]


@pytest.mark.parametrize(
    "language, text, expected", NUMBERS_WITH_A_DOT, ids=[f"{lang}-{text[:25]}" for lang, text, _ in NUMBERS_WITH_A_DOT]
)
def test_a_number_with_a_dot_that_ends_no_sentence_keeps_its_sentence(language, text, expected):
    assert RuleSegmenter().split(text, language) == expected


@pytest.mark.parametrize(
    "language, text, expected",
    [
        # a number a noun counts, or one before a word that opens sentences, may end a sentence
        (
            "de",
            "Das Buch endet auf Seite 12. Dann kommt der Anhang.",
            ["Das Buch endet auf Seite 12.", "Dann kommt der Anhang."],
        ),
        ("de", "Das steht auf S. 12. Kapitel 3 beginnt dort.", ["Das steht auf S. 12.", "Kapitel 3 beginnt dort."]),
        ("de", "Die Zahl ist 12. Sie ist gerade.", ["Die Zahl ist 12.", "Sie ist gerade."]),
        ("de", "Es geschah 1950. Danach war alles anders.", ["Es geschah 1950.", "Danach war alles anders."]),
        # tokenised: a space before the dot ends a sentence
        ("de", "Das ist Satz Nummer 12 . Zwölf Sätze sind es .", ["Das ist Satz Nummer 12 .", "Zwölf Sätze sind es ."]),
        # a list item after a number that ends a sentence
        ("de", "Die Zahl ist 12. 3. Die nächste Zahl folgt.", ["Die Zahl ist 12.", "3. Die nächste Zahl folgt."]),
        ("en", "It was page 12. Then it ended.", ["It was page 12.", "Then it ended."]),
        ("tr", "Bu bir duvar. 2. Duvar daha yüksek.", ["Bu bir duvar.", "2. Duvar daha yüksek."]),
        # Turkish: a number before a word that opens sentences (a pronoun, conjunction, adverb)
        ("tr", "Takımın puanı 12. Bu çok iyi bir sonuç.", ["Takımın puanı 12.", "Bu çok iyi bir sonuç."]),
        ("tr", "Sonuç 3. İşte bu yüzden kazandık.", ["Sonuç 3.", "İşte bu yüzden kazandık."]),
        # a ruler's Roman numeral after the name (de, en) ends a sentence before a pronoun
        ("de", "Es war Ludwig XIV. Er regierte lange.", ["Es war Ludwig XIV.", "Er regierte lange."]),
        ("en", "The king was Henry VIII. He married six times.", ["The king was Henry VIII.", "He married six times."]),
    ],
)
def test_a_number_with_a_dot_still_ends_a_sentence_where_it_should(language, text, expected):
    assert RuleSegmenter().split(text, language) == expected


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("da", "Han kom den 3. oktober. Så gik han.", ["Han kom den 3. oktober.", "Så gik han."]),
        ("no", "Han kom 3. oktober til Oslo. Så gikk han.", ["Han kom 3. oktober til Oslo.", "Så gikk han."]),
        ("fi", "Hän tuli 3. lokakuuta. Sitten hän lähti.", ["Hän tuli 3. lokakuuta.", "Sitten hän lähti."]),
        ("et", "Ta tuli 3. oktoobril. Siis ta läks.", ["Ta tuli 3. oktoobril.", "Siis ta läks."]),
        ("hu", "A 2. világháború után elment. Aztán meghalt.", ["A 2. világháború után elment.", "Aztán meghalt."]),
        ("cs", "Byla to 2. světová válka. Pak odešel.", ["Byla to 2. světová válka.", "Pak odešel."]),
        ("sk", "Bola to 2. svetová vojna. Potom odišiel.", ["Bola to 2. svetová vojna.", "Potom odišiel."]),
        ("hr", "Bio je to 2. svjetski rat. Onda je otišao.", ["Bio je to 2. svjetski rat.", "Onda je otišao."]),
        ("sl", "Bila je 2. svetovna vojna. Potem je odšel.", ["Bila je 2. svetovna vojna.", "Potem je odšel."]),
        ("pl", "Była to 2. wojna światowa. Potem odszedł.", ["Była to 2. wojna światowa.", "Potem odszedł."]),
        ("tr", "Osmanlı 19. yüzyılda zayıfladı. Sonra çöktü.", ["Osmanlı 19. yüzyılda zayıfladı.", "Sonra çöktü."]),
    ],
)
def test_an_ordinal_before_a_lower_case_noun_keeps_its_sentence(language, text, expected):
    """Languages that write ordinals as a number and a dot write the noun after one in lower case: the sentence goes
    on, and the one after it still starts."""
    assert RuleSegmenter().split(text, language) == expected


def test_a_one_letter_word_in_lower_case_continues_a_sentence_but_a_list_letter_starts_one():
    assert RuleSegmenter().split("Rođen je 1950. u Zagrebu.", "hr") == ["Rođen je 1950. u Zagrebu."]
    assert RuleSegmenter().split("a ) Der erste Punkt . b ) Der zweite Punkt .", "de") == [
        "a ) Der erste Punkt .",
        "b ) Der zweite Punkt .",
    ]


def test_text_list_items_are_one_sentence_each(tmp_path):
    path = tmp_path / "liste.txt"
    path.write_text("Inhalt\n\n1. Einleitung\n2. Methoden\n3. Ergebnisse\n", encoding="utf-8")
    assert [unit.text for unit in aligner.read(path, language="de").sentences] == [
        "Inhalt",
        "1. Einleitung",
        "2. Methoden",
        "3. Ergebnisse",
    ]


def test_user_abbreviations_do_not_end_a_sentence():
    text = "Siehe Abb. 3 und Bd. 2. Das ist alles."
    assert RuleSegmenter().split(text, "de") == ["Siehe Abb.", "3 und Bd. 2.", "Das ist alles."]
    assert RuleSegmenter(abbreviations=["Abb.", "Bd."]).split(text, "de") == [
        "Siehe Abb. 3 und Bd. 2.",
        "Das ist alles.",
    ]


SRX = """<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="no"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Semicolons">
        <rule break="yes"><beforebreak>;</beforebreak><afterbreak>\\s</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules><languagemap languagepattern=".*" languagerulename="Semicolons"/></maprules>
  </body>
</srx>"""


def test_an_srx_file_replaces_the_built_in_rules(tmp_path):
    path = tmp_path / "rules.srx"
    path.write_text(SRX, encoding="utf-8")
    segmenter = RuleSegmenter(srx=path)
    assert segmenter.split("One; two. Three; four", "en") == ["One;", "two. Three;", "four"]
    assert segmenter.split("Раз; два. Три", "ru") == ["Раз;", "два. Три"]  # razdel is replaced too


@pytest.mark.parametrize(
    "content, message",
    [(None, "no such file"), ("<srx", r"not an SRX file: not well-formed XML at line 1, column 1 \(damaged, ")],
)
def test_a_bad_srx_file_is_a_one_line_settings_error(tmp_path, content, message):
    path = tmp_path / "rules.srx"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(aligner.SettingsError, match=rf"^srx='[^']*rules\.srx': {message}"):
        RuleSegmenter(srx=path)
    with pytest.raises(aligner.SettingsError, match=rf"^srx='[^']*rules\.srx': {message}"):
        aligner.read("One. Two.", "en", aligner.RuleSegmenter(srx=str(path)))


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        ("<srx", "not an SRX file: not well-formed XML at line 1, column 1 (damaged, cut short, or another format)"),
        (SRX.replace('<languagemap languagepattern=".*" languagerulename="Semicolons"/>', ""), "no language map"),
    ],
)
def test_a_bad_srx_file_is_named_by_its_option_on_the_command_line(tmp_path, capsys, content, message):
    source, target, rules = tmp_path / "en.txt", tmp_path / "de.txt", tmp_path / "rules.srx"
    source.write_text("One. Two.", encoding="utf-8")
    target.write_text("Eins. Zwei.", encoding="utf-8")
    if content is not None:
        rules.write_text(content, encoding="utf-8")
    assert main(["align", str(source), str(target), "--srx", str(rules)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(f"aligner: error: --srx {rules}: ") and message in error, error


def test_a_segmenter_from_python_is_used_for_both_documents(fake_encoder):
    class EveryComma:
        def split(self, text: str, language: str | None) -> list[str]:
            return [piece.strip() for piece in text.split(",")]

    result = aligner.align(
        "a, b, c.",
        "d, e, f.",
        level="sentence",
        model=fake_encoder,
        segmenter=EveryComma(),
        source_language="en",
        target_language="fr",
    )
    assert [unit.text for unit in result.source.sentences] == ["a", "b", "c."]
    assert [unit.text for unit in result.target.sentences] == ["d", "e", "f."]


# --- sentences are split when first needed, not when read -----------------------------------------------


class CountingSegmenter:
    """Splits at full stops and counts the paragraphs it was asked to split."""

    def __init__(self) -> None:
        self.calls = 0

    def split(self, text: str, language: str | None) -> list[str]:
        self.calls += 1
        return [piece.strip() + "." for piece in text.split(".") if piece.strip()]


TWO_PARAGRAPHS = "One. Two.\n\nThree."
TWO_PARAGRAPHS_EN = "Uno. Dos.\n\nTres."


def test_reading_does_not_split_sentences_until_they_are_used():
    segmenter = CountingSegmenter()
    document = aligner.read(TWO_PARAGRAPHS, language="en", segmenter=segmenter)
    assert segmenter.calls == 0
    assert [(unit.text, unit.paragraph) for unit in document.sentences] == [("One.", 0), ("Two.", 0), ("Three.", 1)]
    assert segmenter.calls == 2
    assert document.sentences is document.sentences  # made once, then kept
    assert segmenter.calls == 2


def test_a_paragraph_alignment_never_splits_sentences(fake_encoder):
    segmenter = CountingSegmenter()
    alignment = aligner.align(
        TWO_PARAGRAPHS,
        TWO_PARAGRAPHS_EN,
        model=fake_encoder,
        segmenter=segmenter,
        source_language="en",
        target_language="es",
    )
    alignment.check()
    assert len(alignment.beads) >= 1 and segmenter.calls == 0
    sentence_alignment = aligner.align(
        TWO_PARAGRAPHS,
        TWO_PARAGRAPHS_EN,
        level="sentence",
        model=fake_encoder,
        segmenter=segmenter,
        source_language="en",
        target_language="es",
    )
    assert segmenter.calls == 4 and len(sentence_alignment.source.sentences) == 3


def test_a_lazily_split_document_compares_pickles_replaces_and_stays_frozen_like_an_eager_one():
    import dataclasses
    import pickle

    lazy = aligner.read(TWO_PARAGRAPHS, language="en", segmenter=CountingSegmenter())
    eager = aligner.Document(lazy.name, lazy.language, lazy.paragraphs, lazy.sentences, segmentation=lazy.segmentation)
    assert lazy == aligner.read(TWO_PARAGRAPHS, language="en", segmenter=CountingSegmenter()) == eager
    assert hash(lazy) == hash(eager) and repr(lazy) == repr(eager)
    assert lazy != aligner.read("One. Two. Three.", language="en", segmenter=CountingSegmenter())
    restored = pickle.loads(pickle.dumps(aligner.read(TWO_PARAGRAPHS, language="en", segmenter=CountingSegmenter())))
    assert restored == eager and restored.sentences == eager.sentences
    renamed = dataclasses.replace(
        aligner.read(TWO_PARAGRAPHS, language="en", segmenter=CountingSegmenter()), name="other"
    )
    assert renamed.name == "other" and renamed.sentences == eager.sentences
    with pytest.raises(dataclasses.FrozenInstanceError):
        lazy.sentences = ()  # type: ignore[misc]


def test_too_many_sentences_are_refused_when_the_sentences_are_made(monkeypatch):
    monkeypatch.setattr("aligner.limits.MAX_UNITS", 2)
    document = aligner.read(TWO_PARAGRAPHS, language="en", segmenter=CountingSegmenter())
    assert len(document.paragraphs) == 2
    with pytest.raises(aligner.InputError, match=r"<text>: 3 sentences, more than the 2 a document may have"):
        _ = document.sentences


class _Returns:
    """A segmenter of one's own that returns `value(text)`."""

    def __init__(self, value) -> None:
        self.value = value

    def split(self, text: str, language: str | None):
        return self.value(text)


def test_a_segmenter_of_ones_own_that_returns_a_str_or_blank_pieces():
    """A split() returning the text itself (a str) made a sentence of each character (2,723 of them for the seed's 12
    sentences), and a blank piece became a unit of its own, aligned as a sentence with nothing in it."""
    texts = ["Первое предложение. Второе предложение.", "Третье предложение."]
    for value in (lambda text: text, lambda text: [1, 2], lambda text: None):
        document = aligner.read("\n\n".join(texts), language="ru", segmenter=_Returns(value))
        with pytest.raises(aligner.SettingsError, match=r"^segmenter _Returns: split\(text, language\) must return"):
            _ = document.sentences
    blank = aligner.read("\n\n".join(texts), language="ru", segmenter=_Returns(lambda text: [text, "  ", ""]))
    assert [(unit.text, unit.paragraph) for unit in blank.sentences] == [(texts[0], 0), (texts[1], 1)]
    pieces = aligner.read("\n\n".join(texts), language="ru", segmenter=_Returns(lambda text: iter(text.split(". "))))
    assert len(pieces.sentences) == 3  # any iterable of str will do


class _Span:
    """A piece that is no str, with a repr of several lines (as an NLP library's span may have)."""

    def __repr__(self) -> str:
        return "Span(\n  start=0,\n  end=19,\n)"


def test_a_segmenter_returning_pieces_that_are_no_str_is_named_on_one_line():
    document = aligner.read("Первое предложение.", language="ru", segmenter=_Returns(lambda text: [_Span()]))
    with pytest.raises(aligner.SettingsError, match=r"got a list holding _Span Span\( start=0, end=19, \)$"):
        _ = document.sentences


# Legal and business abbreviations before a name or a number, then a sentence that must still start after them.
ABBREVIATIONS_BEFORE_A_NAME_OR_NUMBER = [
    ("it", "Il sig. Rossi ha firmato. Poi è uscito.", ["Il sig. Rossi ha firmato.", "Poi è uscito."]),
    ("it", "Il dott. Bianchi era presente. Poi è uscito.", ["Il dott. Bianchi era presente.", "Poi è uscito."]),
    (
        "it",
        "L'ing. Neri e il prof. Verdi firmano. Poi escono.",
        ["L'ing. Neri e il prof. Verdi firmano.", "Poi escono."],
    ),
    (
        "it",
        "L'avv. Neri e il sen. Gialli parlano. Poi escono.",
        ["L'avv. Neri e il sen. Gialli parlano.", "Poi escono."],
    ),
    (
        "it",
        "Ha firmato con la Soc. Alfa S.p.A. il 3 marzo. Poi è uscito.",
        ["Ha firmato con la Soc. Alfa S.p.A. il 3 marzo.", "Poi è uscito."],
    ),
    ("it", "La Delta S.A. ha firmato. Poi è uscita.", ["La Delta S.A. ha firmato.", "Poi è uscita."]),
    ("it", "Vedi Art. 5 e artt. 6 e 7. Poi basta.", ["Vedi Art. 5 e artt. 6 e 7.", "Poi basta."]),
    ("it", "Vedi cap. 3, pagg. 12-14 e fig. 2. Poi basta.", ["Vedi cap. 3, pagg. 12-14 e fig. 2.", "Poi basta."]),
    ("it", "Vedi nr. 5, vol. 2 e tab. 4. Poi basta.", ["Vedi nr. 5, vol. 2 e tab. 4.", "Poi basta."]),
    ("it", "Costa ca. 1.250 euro. Poi basta.", ["Costa ca. 1.250 euro.", "Poi basta."]),
    ("it", "Cfr. Rossi 2001 e vedi cfr. Bianchi. Poi basta.", ["Cfr. Rossi 2001 e vedi cfr. Bianchi.", "Poi basta."]),
    ("it", "Il D.Lgs. 196/2003 si applica. Poi basta.", ["Il D.Lgs. 196/2003 si applica.", "Poi basta."]),
    ("it", "Il D.P.R. 445 si applica. Poi basta.", ["Il D.P.R. 445 si applica.", "Poi basta."]),
    (
        "fr",
        "Voir l'art. 5, p. 12, et le chap. III. M. Dupont a signé.",
        ["Voir l'art. 5, p. 12, et le chap. III.", "M. Dupont a signé."],
    ),
    ("fr", "Voir art. 5 du code. Puis rien.", ["Voir art. 5 du code.", "Puis rien."]),
    ("fr", "Il coûte approx. 5 €. Puis rien.", ["Il coûte approx. 5 €.", "Puis rien."]),
    ("fr", "Voir p. ex. Dupont et cf. Durand. Puis rien.", ["Voir p. ex. Dupont et cf. Durand.", "Puis rien."]),
    ("fr", "La société Delta S.A. a signé. Puis rien.", ["La société Delta S.A. a signé.", "Puis rien."]),
    ("en", "See Art. 5, p. 12. Mr. Smith signed.", ["See Art. 5, p. 12.", "Mr. Smith signed."]),
    (
        "en",
        "The amount is approx. EUR 1,250 per month. It is due monthly.",
        ["The amount is approx. EUR 1,250 per month.", "It is due monthly."],
    ),
    (
        "en",
        "See Nos. 5 and 6, Chap. 3 and para. 4. It is short.",
        ["See Nos. 5 and 6, Chap. 3 and para. 4.", "It is short."],
    ),
    ("en", "See art. 5, Sec. 3 and Figs. 2-4. It is short.", ["See art. 5, Sec. 3 and Figs. 2-4.", "It is short."]),
    (
        "en",
        "Cf. Smith 2001, and Smith vs. Jones. It is short.",
        ["Cf. Smith 2001, and Smith vs. Jones.", "It is short."],
    ),
    ("pt", "Ver nº. 5 e cf. Silva 2001. Depois nada.", ["Ver nº. 5 e cf. Silva 2001.", "Depois nada."]),
    ("nl", "Zie Art. 5, hfdst. 3 en vol. 2. Dan niets.", ["Zie Art. 5, hfdst. 3 en vol. 2.", "Dan niets."]),
    (
        "ro",
        "Dr. Popescu și Prof. Ionescu au semnat. Apoi nimic.",
        ["Dr. Popescu și Prof. Ionescu au semnat.", "Apoi nimic."],
    ),
    ("ro", "Vezi cap. 3, alin. 2 și vol. 2. Apoi nimic.", ["Vezi cap. 3, alin. 2 și vol. 2.", "Apoi nimic."]),
    (
        "ro",
        "Costă cca. 1.250 sau aprox. 1.300 euro. Apoi nimic.",
        ["Costă cca. 1.250 sau aprox. 1.300 euro.", "Apoi nimic."],
    ),
    ("pl", "Zob. rozdz. 3 książki. Potem nic.", ["Zob. rozdz. 3 książki.", "Potem nic."]),
    ("cs", "Viz čl. 5, odst. 2, s. 12 a kap. 3. Pak nic.", ["Viz čl. 5, odst. 2, s. 12 a kap. 3.", "Pak nic."]),
    ("cs", "Ing. Novák a MUDr. Dvořák podepsali. Pak nic.", ["Ing. Novák a MUDr. Dvořák podepsali.", "Pak nic."]),
    ("ru", "Стоит прибл. 1 250 руб. Потом ничего.", ["Стоит прибл. 1 250 руб.", "Потом ничего."]),
]


@pytest.mark.parametrize(
    "language, text, expected",
    ABBREVIATIONS_BEFORE_A_NAME_OR_NUMBER,
    ids=[f"{language}-{text[:30]}" for language, text, _ in ABBREVIATIONS_BEFORE_A_NAME_OR_NUMBER],
)
def test_an_abbreviation_before_a_name_or_a_number_ends_no_sentence(language, text, expected):
    assert RuleSegmenter().split(text, language) == expected


@pytest.mark.parametrize(
    "language, text, expected",
    [
        # a word that is also an abbreviation ends a sentence before a word, not before a number
        ("en", "He said no. Then he left.", ["He said no.", "Then he left."]),
        ("en", "I love art. It consoles me.", ["I love art.", "It consoles me."]),
        ("en", "It was 5 EUR approx. Then it rose.", ["It was 5 EUR approx.", "Then it rose."]),
        ("fr", "J'aime l'art. Il me console.", ["J'aime l'art.", "Il me console."]),
        # a dot with no space after it is kept a boundary but between the letters of an abbreviation ("S.p.A.")
        ("en", "It ended.Then it rose.", ["It ended.", "Then it rose."]),
        # an article's heading inside its paragraph is a sentence of its own, as OmegaT's rules segment it
        (
            "fr",
            "Article 1. Les présentes conditions s'appliquent.",
            ["Article 1.", "Les présentes conditions s'appliquent."],
        ),
        ("fr", "Art. 1. Les présentes conditions s'appliquent.", ["Art. 1.", "Les présentes conditions s'appliquent."]),
        ("en", "Article 1. These terms apply to all orders.", ["Article 1.", "These terms apply to all orders."]),
    ],
)
def test_an_abbreviation_that_is_also_a_word_or_an_article_heading_still_ends_a_sentence(language, text, expected):
    assert RuleSegmenter().split(text, language) == expected
