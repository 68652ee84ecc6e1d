"""Language identification (py3langid), language tags (langcodes) and the language checks run before aligning."""

from __future__ import annotations

import html
import shutil
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aligner
from aligner import InputError, SettingsError
from aligner.cli import main
from aligner.embed import CachedEncoder, ModelEncoder
from aligner.embed_cache import DiskCachedEncoder
from aligner.export import DOCUMENT_GATE
from aligner.language import (
    FEATURE_BYTES,
    LABSE_LANGUAGES,
    LOW_CONTRAST,
    LOW_CONTRAST_DISTANCE,
    LOW_CONTRAST_UNITS,
    SHORT_DOCUMENT_UNITS,
    WidenedRows,
    _automaton,
    _identifier,
    check_document_languages,
    check_language_tag,
    contradiction,
    contrast_warnings,
    feature_arrays,
    identify_language,
    is_contrast_warning,
    language_name,
    language_warnings,
    locale_variants,
    model_languages,
    one_language_warning,
    same_language,
    short_document_warning,
    unknown_language_message,
)
from aligner.segment import build_document, document_of_sentences

from .export_helpers import mixed_alignment

ESTONIAN = (
    "Kõik inimesed sünnivad vabadena ja võrdsetena oma väärikuselt ja õigustelt. Neile on antud mõistus ja "
    "südametunnistus ja nende suhtumist üksteisesse peab kandma vendluse vaim."
)
SLOVAK = (
    "Všetci ľudia sa rodia slobodní a sebe rovní, čo sa týka ich dôstojnosti a práv. Sú obdarení rozumom a "
    "svedomím a majú spolu jednať v duchu bratstva."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Да здравствует Азербайджан! Это было в 1990 году.", "ru"),
        ("Слава Україні, і це є наша земля.", "uk"),
        ("Қазақстан Республикасының Сыртқы істер министрлігі", "kk"),
        ("Azərbaycan Respublikası Xarici İşlər Nazirliyinin bəyanatı", "az"),
        ("Türkiye Cumhuriyeti Dışişleri Bakanlığı açıklaması", "tr"),
        ("Dzień dobry, jak się masz", "pl"),
        ("El niño está aquí con su madre", "es"),
        ("The statement of the Ministry of Foreign Affairs", "en"),
        ("Die Erklärung des Ministeriums für auswärtige Angelegenheiten", "de"),
        (ESTONIAN, "et"),  # the hand-written detector said Portuguese for both
        (SLOVAK, "sk"),
        ("亚美尼亚武装部队对阿塞拜疆平民的袭击", "zh"),
    ],
)
def test_identify_language(text, expected):
    guess = identify_language(text)
    assert guess.language == expected and guess.confidence >= 0.8


@pytest.mark.parametrize("text", ["Long live Azerbaijan!", "20 January 2025", "Článok 1."])
def test_too_little_text_is_unknown_not_a_wrong_code(text):
    guess = identify_language(text)
    assert guess.language is None and guess.best is not None and guess.confidence < 0.8
    assert guess.describe().startswith("unknown (best guess ")


def test_text_without_letters_has_no_guess():
    assert identify_language("12345 678") == aligner.language.LanguageGuess(None, 0.0, None)


def test_close_languages_share_their_probability():
    croatian = (
        "Sva ljudska bića rađaju se slobodna i jednaka u dostojanstvu i pravima. Ona su obdarena razumom i "
        "sviješću pa jedna prema drugima trebaju postupati u duhu bratstva."
    )
    guess = identify_language(croatian)
    assert guess.language in {"hr", "bs"} and guess.confidence >= 0.8


def test_the_document_carries_the_detected_language_and_its_confidence():
    detected = aligner.read(ESTONIAN)
    assert detected.language == "et" and 0.8 <= detected.language_confidence <= 1.0
    unknown = aligner.read("Long live Azerbaijan!")
    assert unknown.language is None and unknown.language_confidence < 0.8
    given = aligner.read(ESTONIAN, language="et-EE")
    assert given.language == "et-EE" and given.language_confidence is None


@pytest.mark.parametrize(
    "tag", ["ru", "en-US", "pt-BR", "zh-Hant-TW", "fil", "sr-Latn", "en-us", "es-419", "iw", "en-US-x-twain"]
)
def test_language_tags_pass_verbatim(tag):
    assert check_language_tag(tag, "--src-lang") == tag


@pytest.mark.parametrize("tag", ["Russian!", "e", "en US", "en--US", "<en>"])
def test_bad_language_tags_name_the_option(tag):
    with pytest.raises(SettingsError, match=f"--tgt-lang {tag!r} is not a language tag"):
        check_language_tag(tag, "--tgt-lang")


@pytest.mark.parametrize(
    "tag, message",
    [
        ("xx", "'xx' is not a registered language tag"),
        ("en-UU", "'en-UU' is not a registered language tag"),
        ("en_US", "'en_US' is not a language tag (did you mean 'en-US'?)"),
        ("en-UK", "'en-UK': UK is not a region code (did you mean 'en-GB'?)"),
        ("de-dd", "'de-dd': DD is not a region code (did you mean 'de-DE'?)"),
        ("en-XX", "'en-XX': XX is a private-use code, not a country or area"),
        ("en-ZZ", "'en-ZZ': ZZ is a private-use code"),
        ("fr-QM", "'fr-QM': QM is a private-use code"),
    ],
)
def test_unregistered_or_misspelt_tags(tag, message):
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        check_language_tag(tag, "--src-lang")


def test_the_api_validates_given_languages_before_reading():
    with pytest.raises(SettingsError, match="source_language 'xx'"):
        aligner.align("Привет.", "Hello.", source_language="xx")


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("en", "en-GB", True),
        ("EN-us", "en-GB", True),
        ("eng", "en", True),
        ("iw", "he", True),
        ("ru", "en", False),
        (None, "en", False),
        (None, None, False),
    ],
)
def test_same_language(first, second, expected):
    assert same_language(first, second) is expected


def test_language_names():
    assert [language_name(tag) for tag in ("et", "sk", "en-US", "xx")] == [
        "Estonian",
        "Slovak",
        "English (United States)",
        "xx",
    ]


def test_a_given_language_the_text_contradicts():
    russian = "Министерство иностранных дел Азербайджанской Республики выступило с заявлением о трагедии."
    assert contradiction("en", russian) == "given as English (en), but the text is in Russian (0.99)"
    assert contradiction("ru-RU", russian) is None
    assert contradiction("en", "Long live Azerbaijan!") is None  # too little text to contradict anything


def test_document_languages_checked_before_aligning():
    russian = build_document(["Министерство иностранных дел выступило с заявлением о трагедии."], "ru.txt", "en")
    english = build_document(
        ["The Ministry of Foreign Affairs made a statement on the tragedy."], "en.txt", "en", language_confidence=0.99
    )
    with pytest.raises(InputError, match=r"ru.txt: the language is given as English"):
        check_document_languages(russian, english)
    check_document_languages(russian, english, force=True)
    detected_twice = build_document(["The statement."], "a.txt", "en", language_confidence=0.9)
    with pytest.raises(InputError, match=r"a.txt and en.txt are both in English"):
        check_document_languages(detected_twice, english)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("en-GB", "en-US", True),
        ("pt-PT", "pt-BR", True),
        ("zh-Hans", "zh-Hant", True),
        ("en", "en-GB", False),  # one says no variant: the same language
        ("en-GB", "EN-gb", False),
        ("ru-RU", "en-US", False),
        (None, "en-US", False),
    ],
)
def test_locale_variants(first, second, expected):
    assert locale_variants(first, second) is expected


def test_two_variants_of_a_language_given_are_a_localisation_not_a_copy():
    """trial4 #3: en-GB -> en-US given on the command line was refused as two documents "both in English (United
    Kingdom) (en-GB)", with the advice to give the languages that were given."""
    british = build_document(["The colour of the programme was grey."], "gb.txt", "en-GB")
    american = build_document(["The color of the program was gray."], "us.txt", "en-US")
    check_document_languages(british, american)
    assert one_language_warning(british, american) == ()


class _Encoder:
    name = "some-encoder"
    languages = ("en", "ru")


def test_languages_outside_the_encoder_are_warned_about_by_name():
    documents = (build_document(["Tere."], "et.txt", "et-EE"), build_document(["Hello."], "en.txt", "en"))
    [warning] = language_warnings(_Encoder(), documents)
    assert warning.startswith("Estonian is not among the languages of the encoder some-encoder")
    assert "sentence-transformers/LaBSE" in warning
    assert language_warnings(_Encoder(), documents[1:]) == ()
    assert language_warnings(object(), documents) == ()  # an encoder that does not list its languages


@pytest.mark.parametrize(
    "language, suggested",
    [
        ("et", "sentence-transformers/LaBSE, trained on Estonian"),
        ("hr", "sentence-transformers/LaBSE, trained on Croatian"),
        ("tl", "sentence-transformers/LaBSE, trained on Filipino"),  # LaBSE's "tl", standardised as "fil"
        ("qu", "BAAI/bge-m3, trained on over 100 languages, may align it better if its model card lists Quechua"),
    ],
)
def test_the_suggested_model_is_one_that_covers_the_language(language, suggested):
    documents = (build_document(["Text."], "x.txt", language), build_document(["Hello."], "en.txt", "en"))
    [warning] = language_warnings(_Encoder(), documents)
    assert suggested in warning


def test_labse_by_name_or_local_folder_knows_its_languages_and_is_not_suggested_to_itself():
    for name in ("sentence-transformers/LaBSE", "/models/LaBSE/"):
        encoder = ModelEncoder(name)  # nothing is loaded before the first encode
        assert model_languages(name) == encoder.languages == LABSE_LANGUAGES and len(LABSE_LANGUAGES) == 109
    labse = ModelEncoder("sentence-transformers/LaBSE")
    for language in ("et", "hr", "id", "sk", "nb", "nn"):  # Norwegian is listed as "no"
        assert language_warnings(labse, (build_document(["Tekst."], "x.txt", language),)) == ()
    [warning] = language_warnings(labse, (build_document(["Text."], "x.txt", "qu"),))
    assert warning.startswith("Quechua is not among the languages of the encoder sentence-transformers/LaBSE")
    assert "BAAI/bge-m3" in warning and "--model sentence-transformers/LaBSE" not in warning
    assert ModelEncoder("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2").languages is None


def test_cached_encoders_keep_the_languages_of_the_encoder(tmp_path):
    documents = (build_document(["Tere."], "et.txt", "et"),)
    for cached in (CachedEncoder(_Encoder()), DiskCachedEncoder(_Encoder(), tmp_path)):
        assert language_warnings(cached, documents) == language_warnings(_Encoder(), documents) != ()


def test_warnings_are_kept_in_jsonl_and_read_back(tmp_path):
    alignment = replace(mixed_alignment(), warnings=("Estonian is not among the languages of the encoder x",))
    alignment.to_jsonl(tmp_path / "a.jsonl")
    assert aligner.load(tmp_path / "a.jsonl").warnings == alignment.warnings


def test_the_api_refuses_a_given_language_the_text_contradicts_unless_forced(fake_encoder):
    """As the CLI does: a Russian text given as English made a TMX labelled en->en."""
    russian = "Министерство иностранных дел Азербайджанской Республики выступило с заявлением о трагедии."
    english = "The Ministry of Foreign Affairs of the Republic of Azerbaijan made a statement on the tragedy."
    with pytest.raises(InputError) as refused:
        aligner.align(russian, english, model=fake_encoder, source_language="en", target_language="en-GB")
    assert str(refused.value) == (
        "the source: the language is given as English (en), but the text is in Russian (0.99): correct --src-lang "
        "(source_language= in Python), or give --force (force=True in Python) to use it anyway"
    )
    with pytest.raises(InputError, match=r"^the target: the language is given as Russian .*: correct --tgt-lang "):
        aligner.align(russian, english, model=fake_encoder, target_language="ru")
    assert fake_encoder.calls == []  # refused before anything is encoded
    result = aligner.align(
        russian, english, model=fake_encoder, source_language="en", target_language="en-GB", force=True
    )
    assert result.warnings[0] == "the source: the language is given as English (en), but the text is in Russian (0.99)"
    assert result.warnings[1] == COPY_WARNING.format("the source", "the target")
    assert result.warnings[2:] == short_document_warning((result.source, result.target), "paragraph")


COPY_WARNING = (
    "{} and {} are both in English (en): the target may be an untranslated copy of the source (a pair whose target "
    "is its source text is an untranslated error)"
)


def test_python_aligns_two_documents_in_one_language_with_a_warning_the_cli_refuses_them(fake_encoder):
    """trial3 #1: `aligner.align(text, text)` gave no word that both were English, where `aligner align` refuses
    them; two versions of a text in one language are worth aligning, so Python says it in a warning, shown by repr
    and in a notebook as the other warnings."""
    english = "The Ministry made a statement on the tragedy.\n\nIt was adopted by the Parliament in March 1994."
    result = aligner.align(english, english, model=fake_encoder)
    assert result.warnings[0] == COPY_WARNING.format("the source", "the target")
    assert repr(result).splitlines()[-len(result.warnings) :] == [f"warning: {warning}" for warning in result.warnings]
    assert f"<strong>warning:</strong> {html.escape(result.warnings[0])}" in result._repr_html_()
    both = r"^the source and the target are both in English \(en\): give --src-lang/--tgt-lang "
    with pytest.raises(InputError, match=both):
        check_document_languages(result.source, result.target)
    russian = "Министерство иностранных дел выступило с заявлением о трагедии.\n\nЕго приняли в марте 1994 года."
    assert aligner.align(russian, english, model=fake_encoder).warnings == result.warnings[1:]  # too short to tell


@pytest.mark.model
def test_a_document_aligned_with_an_untranslated_copy_of_itself_is_warned_of_and_its_pairs_are_untranslated(
    seed_paths, tmp_path, capsys
):
    """trial3 #1: a document and its copy got 0.98, no warning, no finding, and every pair in the TMX; the CLI
    (with --force) and `align_many` say the same warning, the review page shows it."""
    english = seed_paths["en"]
    copy = tmp_path / "copy.txt"
    shutil.copy(english, copy)
    warning = COPY_WARNING.format(english, copy)
    result = aligner.align(english, copy)
    assert warning in result.warnings
    untranslated = {f.bead for f in result.check() if (f.check, f.severity) == ("untranslated", "error")}
    # no word in lower case: a date, a cry in title case (as a name would be)
    kept = {
        k for k, bead in enumerate(result.beads) if bead.source_text in ("20 January 2025", "Long Live Azerbaijan!")
    }
    assert len(kept) == 2 and untranslated == {k for k, bead in enumerate(result.beads) if bead.is_pair} - kept
    report = result.to_tmx(tmp_path / "python.tmx")
    assert (report.pairs_written, report.errors_left_out) == (2, len(untranslated))
    [many] = aligner.align_many([aligner.PairInput("copy", english, copy)], workers=1)
    assert many.alignment is not None and warning in many.alignment.warnings
    capsys.readouterr()
    outputs = [tmp_path / "cli.tmx", tmp_path / "review.html"]
    assert main(["align", str(english), str(copy), "--force", "-o", str(outputs[0]), "-o", str(outputs[1])]) == 0
    assert f"aligner: warning: {warning}\n" in capsys.readouterr().err
    assert html.escape(warning) in outputs[1].read_text("utf-8")
    assert outputs[0].read_bytes() == (tmp_path / "python.tmx").read_bytes()


def test_documents_too_short_to_tell_are_warned_about():
    documents = (build_document(["Текст."], "ru.txt", "ru"), build_document(["Text."], "en.txt", "en"))
    [warning] = short_document_warning(documents, "paragraph")
    assert warning.startswith("the documents are too short (1 paragraph a side) to tell from themselves")
    two = (
        document_of_sentences([["Первое.", "Второе."]], "ru.txt", "ru", None),
        document_of_sentences([["First.", "Second."]], "en.txt", "en", None),
    )
    assert "(2 sentences a side)" in short_document_warning(two, "sentence")[0]
    # fresh-clone 9: "1 paragraph a side" was said of a 1-paragraph source against an 11-paragraph target
    longer = build_document([f"Paragraph {k}." for k in range(11)], "en.txt", "en")
    assert "(1 source paragraph against 11)" in short_document_warning((documents[0], longer), "paragraph")[0]
    enough = build_document([f"Абзац {k}." for k in range(SHORT_DOCUMENT_UNITS)], "ru.txt", "ru")
    assert short_document_warning((enough, longer), "paragraph") == ()
    lines = tuple(replace(document, lines=True) for document in two)  # --units lines
    assert "(1 line a side)" in short_document_warning(lines, "paragraph")[0]
    assert "(1 unit a side)" in short_document_warning((lines[0], two[1]), "paragraph")[0]


def test_embeddings_with_little_contrast_are_warned_about_naming_the_model_when_its_languages_are_unknown():
    documents = (build_document(["Текст."], "ru.txt", "ru"), build_document(["Text."], "en.txt", "en"))
    unknown = type("Unknown", (), {"name": "all-MiniLM-L6-v2"})()
    [warning] = contrast_warnings(unknown, documents, 0.70, 10, 0.3)
    assert warning.startswith(f"the encoder all-MiniLM-L6-v2 {LOW_CONTRAST} on these documents (typical pair ")
    assert "either they do not translate each other, or the model does not read Russian and English well" in warning
    assert "--model sentence-transformers/LaBSE" in warning
    assert is_contrast_warning(warning)
    assert contrast_warnings(unknown, documents, LOW_CONTRAST_DISTANCE, 10, 0.3) == ()  # contrast as usual
    assert contrast_warnings(unknown, documents, 0.70, LOW_CONTRAST_UNITS - 1, 0.3) == ()  # too short to measure it
    assert contrast_warnings(_Encoder(), documents, 0.70, 10, 0.3) == ()  # its languages are known
    # above the gate the document confidence says they translate each other: only the model is in doubt (trial7 D4)
    [confident] = contrast_warnings(unknown, documents, 0.77, 10, DOCUMENT_GATE + 0.484)
    assert "do not translate" not in confident and is_contrast_warning(confident)
    assert f"the document confidence ({DOCUMENT_GATE + 0.484:.3f}) says they translate each other" in confident
    assert "the model may not read Russian and English well" in confident and "may align them better" in confident


def test_align_many_fails_a_pair_whose_given_language_the_text_contradicts(tmp_path):
    source = tmp_path / "ru.txt"
    source.write_text("Министерство иностранных дел Азербайджанской Республики выступило с заявлением.", "utf-8")
    pair = aligner.PairInput("ru", source, ["The Ministry made a statement."], source_language="en")
    [result] = aligner.align_many([pair], workers=1)
    assert result.alignment is None and result.error.startswith(
        f"{source}: the language is given as English (en), but the text is in Russian"
    )


def feature_counts(text: bytes) -> dict[int, int]:
    """The identifier's `feature_arrays` of `text` as py3langid's byte walk (`visit_counts`) gives them."""
    features, counts = feature_arrays(_identifier(), text)
    return dict(zip(features.tolist(), counts.astype(np.int64).tolist()))


# The identifier counts its byte n-gram features with array operations (`feature_arrays`); py3langid
# walks the bytes one at a time. The two must agree exactly: same features, counts and order (the order of a
# float32 sum), so the same probabilities.
MIXED_SCRIPTS = [
    "",
    "a",
    "20 January 2025",
    ESTONIAN,
    SLOVAK,
    "Министерство иностранных дел выступило с заявлением. The Ministry made a statement.",
    "联合国大会通过了世界人权宣言。 日本語のテキストです。 한국어 문장입니다. مرحبا بالعالم",
    "Ünïcödé ﬁ ligatures, emoji 🙂, combining e\u0301 and NBSP\u00a0here",
]


@pytest.fixture(scope="module")
def plain_identifier():
    """py3langid's own identifier, as it comes."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@pytest.mark.parametrize("text", MIXED_SCRIPTS)
def test_features_and_ranking_are_py3langids_own(text, plain_identifier):
    from py3langid.langid import visit_counts

    plain, ours = plain_identifier, _identifier()
    encoded = plain._encode(text)
    walked = visit_counts(plain.tk_nextmove, plain._rowbase, plain.tk_output, encoded) or {}
    assert list(feature_counts(encoded).items()) == list(walked.items())
    assert ours.rank(text) == plain.rank(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64) | st.text(max_size=64).map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_feature_counts_equal_the_byte_walk_on_any_bytes(data):
    from py3langid.langid import visit_counts

    ours = _identifier()
    walked = visit_counts(ours.tk_nextmove, ours._rowbase, ours.tk_output, data) or {}
    assert list(feature_counts(data).items()) == list(walked.items())


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_the_ranking_is_py3langids_own_on_any_text(plain_identifier, text):
    assert _identifier().rank(text) == plain_identifier.rank(text)


def test_widened_rows_are_the_float16_rows_as_float32_whenever_they_are_read():
    table = np.random.default_rng(0).normal(size=(50, 7)).astype(np.float16)
    table[3, :2] = [np.inf, -0.0]
    widened = WidenedRows(table)
    for rows in ([4, 9, 3], [3, 0, 49], [9]):  # rows read again come from the first conversion
        assert np.array_equal(widened[np.array(rows)], table[rows].astype(np.float32))
        assert widened[np.array(rows)].dtype == np.float32


@pytest.mark.slow
def test_the_tokenizer_forgets_where_it_started_after_feature_bytes():
    """What `feature_arrays` rests on, proved on the model: from any state and from the start state, the same
    FEATURE_BYTES bytes lead to the same state (every pair of states that one byte string reaches from two
    starts, followed byte by byte until no pair differs). Fewer bytes are not enough."""
    moves, row_starts, _ = _automaton(_identifier())
    moves = moves.astype(np.int64)
    everywhere, start = np.arange(len(row_starts)), np.zeros(len(row_starts), dtype=np.int64)
    pairs = (everywhere, start)
    differing = []
    for _ in range(FEATURE_BYTES):
        # states with the same transitions (one row) go on alike: one pair of rows stands for all its pairs
        codes = np.unique(row_starts[pairs[0]] * len(moves) + row_starts[pairs[1]])
        rows = [codes // len(moves), codes % len(moves)]
        keep = rows[0] != rows[1]
        first, second = (moves[(side[keep][:, None] + np.arange(256)).ravel()] for side in rows)
        pairs = (first[first != second], second[first != second])
        differing.append(len(pairs[0]))
    assert differing[-1] == 0 and differing[-2] > 0, differing


def test_a_text_too_short_to_tell_stays_unknown_and_its_error_names_its_script_and_likeliest_languages():
    """fc9 L15: `aligner.align("Привет, мир. Как дела?", ...)` has no language, and TMX then needs --src-lang. Its
    script alone does not tell (Cyrillic is Russian, Ukrainian, Bulgarian, Serbian, Kazakh ...): it stays unknown, and
    the error says what the text could be."""
    russian, english = aligner.read("Привет, мир. Как дела?"), aligner.read("Hello, world. How are you?")
    assert russian.language is None and english.language is None
    message = unknown_language_message(russian, "source", "--src-lang")
    assert message.startswith("the source: the language could not be detected (too little or too mixed text; Cyrillic ")
    assert "script, most likely Russian (0.27), Macedonian (0.23), Bulgarian (0.22), Serbian (0.16) or " in message
    assert message.endswith("Ukrainian (0.05)): give --src-lang")
    assert "Latin script, most likely English (0.73) or " in unknown_language_message(english, "target", "--tgt-lang")
    # no short list holds it
    spread = unknown_language_message(aligner.read("Long live Azerbaijan!"), "target", "--tgt-lang")
    assert "; Latin script, best guess " in spread and "most likely" not in spread
    digits = unknown_language_message(aligner.read(["2025"]), "target", "--tgt-lang")
    assert digits == (
        "the target: the language could not be detected (unknown (no words), too little or too mixed text): "
        "give --tgt-lang"
    )


@pytest.mark.model
def test_messages_name_documents_given_in_memory_the_source_and_the_target(tmp_path):
    """Two lists, an array, sentences: "<sentences> and <units> are both in English" (trial7 D6)."""
    english = ["The committee met on Monday.", "It approved the budget.", "The vote was unanimous."]
    for source in ([[unit] for unit in english], np.array(english, dtype=object)):
        result = aligner.align(source, english[::-1], level="sentence")
        assert result.warnings[0].startswith("the source and the target are both in English (en): the target may")
        assert "<" not in " ".join(result.warnings)
    with pytest.raises(InputError, match=r"^the target: the language is given as German \(de\), but the text is in"):
        aligner.align(english, english, target_language="de")
    warned = aligner.align(english, english, target_language="de", force=True).warnings
    assert any(warning.startswith("the target: the language is given as German") for warning in warned)
    files = (build_document(english, "a.txt", "en"), build_document(english, "<units>", "en"))
    assert one_language_warning(*files)[0].startswith("a.txt and the target are both in English")
    with pytest.raises(SettingsError, match=r"^the source: the language could not be detected"):
        aligner.align(["2025", "2026", "2027"], english, force=True).to_tmx(tmp_path / "pair.tmx")
