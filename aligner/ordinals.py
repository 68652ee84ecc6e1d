"""Numbers written with a dot that end no sentence: list numbers, Roman numerals, dates, German and Turkish ordinals.

Many languages write an ordinal as a number and a dot (German "am 3. Mai", "der 2. Weltkrieg"; Czech, Danish,
Finnish, Hungarian, Turkish...), and the SRX rules split after one when a capital follows. A lower-case word after
the dot continues the sentence anyway (segment.py joins it). What is left to tell apart:

- a piece that is only a number with its dot ("2.") numbers the sentence after it (a list item, "1. Einleitung");
  it is no sentence of its own;
- a date written with spaces ("am 12. 3. 1950", Hungarian "1950. 03. 12.") goes on: the number after the dot is
  followed by another number or a lower-case word;
- German writes every noun with a capital, so "den 3. Platz" and "Seite 12. Dann" look alike. pySBD never ends a
  German sentence after a number of one or two digits; LanguageTool's rules keep one before a month or a listed
  noun ("Platz", "Jahrhundert") and after an article or preposition. Here a number of one to three digits after a
  lower-case word or a word that opens sentences ("am", "der", "Ihr") is an ordinal when a capitalised word other
  than a sentence-opening one (an article, pronoun, preposition, conjunction, adverb or auxiliary: "Dann", "Die",
  "Er") follows it. After a noun ("Seite 12.", "S. 12.", "Punkt 3.") a number counts something and may end a
  sentence. Tokenised text ("12 .", a space before the dot) keeps its boundary: it marks a sentence end.
- Turkish writes its nouns in lower case, so a capital after an ordinal starts a name ("1. Dünya Savaşı",
  "II. Dünya Savaşı", "19. Kolordu"), and Turkish puts its verb last: of the 4,851 sentences of the Turkish Web
  Treebank one ends with a number. There a number with its dot, or a Roman numeral with its, is an ordinal when a
  capitalised word other than a sentence-opening one ("Bu", "Sonra", "İşte") follows it.
- A Roman numeral with its dot and nothing else ("II.", "IV.") numbers what follows it as "2." does: a heading
  ("II. The Procedure") or, in Turkish and Hungarian, a ruler ("II. Kılıçaslan", "IV. Béla"). After a name
  ("Ludwig XIV. Er regierte") it may end a sentence, as the SRX rules have it.
"""

from __future__ import annotations

import re

_ROMAN = r"(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_NUMBER_ALONE = re.compile(rf"^(?:\d{{1,3}}|{_ROMAN})\.$")
_ENDS_WITH_NUMBER = re.compile(r"(?:^|\s)\d{1,4}\.$")
# A number and its dot opening a piece, and the character after the spaces that follow them.
_STARTS_WITH_NUMBER = re.compile(r"^\d{1,2}\.\s*(.)")
# A number of one to three digits and its dot ending a piece, and the word before it (none at the start).
_ORDINAL_END = re.compile(r"(?:^|(\S+)\s)\d{1,3}\.$")
# A Turkish ordinal ending a piece: a number of one to three digits or a Roman numeral, and its dot.
_TURKISH_ORDINAL_END = re.compile(rf"(?:^|\s)(?:\d{{1,3}}|{_ROMAN})\.$")
_WORD = re.compile(r"[^\W\d_][\w-]*")
_ABBREVIATION = re.compile(r"[^\W\d_][\w-]*\.?")

# German words written with a capital only at the start of a sentence (never nouns): articles, pronouns,
# prepositions, conjunctions, adverbs, auxiliaries and modals, interjections. After "12." they open a sentence.
_GERMAN_SENTENCE_OPENERS = frozenset(
    """
    der die das dem den des ein eine einer eines einem einen kein keine keiner keines keinem keinen
    dieser diese dieses diesem diesen dies jener jene jenes jenem jenen jeder jede jedes jedem jeden
    mancher manche manches manchem manchen alle aller allen alles beide beiden einige einigen mehrere
    viele vielen wenige wenigen solche solcher solchen welcher welche welches welchem welchen
    derselbe dieselbe dasselbe denselben demselben derjenige diejenige dasjenige diejenigen
    mein meine meiner meines meinem meinen dein deine deiner deines deinem deinen
    sein seine seiner seines seinem seinen ihr ihre ihrer ihres ihrem ihren
    unser unsere unserer unseres unserem unseren euer eure eurer eures eurem euren
    ich du er sie es wir mich mir dich dir ihn ihm ihnen uns euch sich man jemand niemand nichts etwas
    wer was wen wem wessen dessen deren denen
    an am auf aus außer ausser bei beim bis durch für fürs gegen hinter im in ins mit nach neben ohne seit
    statt anstatt trotz über um unter von vom vor während wegen zu zum zur zwischen entlang gemäß laut dank
    innerhalb außerhalb ausserhalb oberhalb unterhalb jenseits gegenüber
    und oder aber denn doch sondern als wenn weil da dass daß ob obwohl obgleich bevor nachdem sobald
    solange seitdem falls damit indem sodass wie wo wohin woher warum weshalb wieso wann wozu womit wofür
    worauf sowie entweder weder sowohl zwar je desto umso
    dann danach darauf daraufhin dabei dafür dagegen daher damals dort dorthin hier heute gestern jetzt nun
    noch schon auch nur sogar immer nie niemals oft manchmal bald später zuerst zunächst endlich schließlich
    schliesslich trotzdem deshalb deswegen darum also so sonst außerdem ausserdem inzwischen mittlerweile
    plötzlich leider vielleicht natürlich allerdings jedoch dennoch ebenfalls ebenso genau gerade eben erst
    wieder weiter vorher nachher oben unten links rechts draußen draussen hinten vorn vorne überall sofort
    gleich kaum fast sehr ganz etwa ungefähr mehr weniger meist meistens anschließend anschliessend zudem
    ferner überhaupt eigentlich wirklich tatsächlich wohl jedenfalls immerhin übrigens einmal nochmals
    seither bisher bislang somit folglich stattdessen zugleich zusammen allein davon dazu darin darüber
    ja nein nicht bitte danke ach oh ah na tja
    ist sind war waren bin bist seid wäre wären hat haben hatte hatten hätte hätten habe wird werden wurde
    wurden würde würden kann können konnte konnten könnte könnten muss muß müssen musste mußte soll sollen
    sollte sollten will wollen wollte darf dürfen durfte mag möchte gibt gab geht ging kommt kam sei lass
    zwei drei vier fünf sechs sieben acht neun zehn zwölf
    """.split()
)


# Turkish words written with a capital only at the start of a sentence (never names): pronouns and their cases,
# demonstratives, quantifiers, conjunctions, adverbs, question words, interjections. After "12." they open one.
_TURKISH_SENTENCE_OPENERS = frozenset(
    """
    ben beni bana bende benden benim sen seni sana sende senden senin o onu ona onda ondan onun onlar onları onlara
    onlarda onlardan onların biz bizi bize bizde bizden bizim siz sizi size sizde sizden sizin kendi kendisi kendileri
    bu bunu buna bunda bundan bunun bunlar bunları bunlara bunların şu şunu şuna şunda şundan şunun şunlar öyle böyle
    şöyle burada orada şurada buradan oradan herkes hepsi hepimiz her hiç hiçbir hiçbiri bir biri birisi birkaç birçok
    bazı bazıları tüm bütün diğer başka kimse hangi hangisi ne neden niçin niye nasıl nerede nereye nereden kim kimi
    kime kimin kaç ama fakat ancak lakin ve veya ya yahut yoksa ile hem çünkü zira eğer şayet madem oysa halbuki ki
    de da ise yani hatta üstelik ayrıca sonra önce daha şimdi artık bugün dün yarın hemen henüz hâlâ hala yine gene
    hep bile sadece yalnız yalnızca belki elbette tabii evet hayır işte nitekim böylece dolayısıyla sonuçta sonunda
    kısacası örneğin mesela aslında gerçekten özellikle genellikle çok en pek az ilk son ardından
    """.split()
)


def numbers_the_next(before: str, piece: str) -> bool:
    """`before` is a number or a Roman numeral with its dot and nothing else ("2." split off "2. Die Expedition",
    "1. Einleitung", "II. The Procedure"): it numbers `piece`, the sentence after it."""
    return bool(_NUMBER_ALONE.match(before))


def continues_after_number(language: str, before: str, piece: str) -> bool:
    """`piece` goes on the sentence that `before` ends with a number and its dot: it is the rest of a date ("am 12."
    + "3. 1950 in Bern."), or in German (`language` "de") the noun or name an ordinal goes with ("den 3." + "Platz"),
    or in Turkish ("tr") the name ("Türkiye 1." + "Dünya Savaşı'na girdi.")."""
    return (
        _continues_date(before, piece)
        or (language == "de" and _continues_german_ordinal(before, piece))
        or (language == "tr" and _continues_turkish_ordinal(before, piece))
    )


def _continues_date(before: str, piece: str) -> bool:
    rest = _STARTS_WITH_NUMBER.match(piece)
    return bool(_ENDS_WITH_NUMBER.search(before) and rest and (rest.group(1).isdigit() or rest.group(1).islower()))


def _continues_german_ordinal(before: str, piece: str) -> bool:
    ordinal = _ORDINAL_END.search(before)
    first = _WORD.match(piece)
    if ordinal is None or first is None or not first.group()[0].isupper():
        return False
    return not _counts(ordinal.group(1) or "") and first.group().lower() not in _GERMAN_SENTENCE_OPENERS


def _continues_turkish_ordinal(before: str, piece: str) -> bool:
    first = _WORD.match(piece)
    return bool(
        _TURKISH_ORDINAL_END.search(before)
        and first
        and first.group()[0].isupper()
        and _turkish_lower(first.group()) not in _TURKISH_SENTENCE_OPENERS
    )


def _turkish_lower(word: str) -> str:
    """`word` in lower case as Turkish writes it: "I" -> "ı", "İ" -> "i" (str.lower gives "i" and "i̇")."""
    return word.replace("I", "ı").replace("İ", "i").lower()


def _counts(word: str) -> bool:
    """`word` before a number is a noun or its abbreviation that the number counts ("Seite 12", "S. 12")."""
    return bool(_ABBREVIATION.fullmatch(word)) and word[0].isupper() and word.lower() not in _GERMAN_SENTENCE_OPENERS
