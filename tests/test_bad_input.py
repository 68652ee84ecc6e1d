"""Bad input at library level: one-line AlignerError messages naming the file and the problem; empty sides."""

from __future__ import annotations

import codecs
import re

import pytest

import aligner

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"

# name -> (file bytes or None for "do not create", a regex the message must match)
BAD_FILES = {
    "missing": (None, r"no such file|not found|does not exist"),
    "empty": (b"", r"empty|no text"),
    "whitespace-only": (b"  \n\t\n \r\n   ", r"only whitespace"),
    "png-bytes": (PNG_BYTES, r"binary"),
    "nul-bytes": (b"some text\x00\x00\x00more\x00text", r"binary"),
    "control-bytes": (bytes(range(1, 9)) * 40, r"binary"),
    "bad-utf8-after-bom": (codecs.BOM_UTF8 + b"hello \xff\xfe\xc3\x28 world", r"undecodable|decode"),
    "truncated-utf16": (codecs.BOM_UTF16_LE + "hi".encode("utf-16-le") + b"x", r"undecodable|decode"),
}


def assert_one_line_naming(error: aligner.AlignerError, name: str, problem: str) -> None:
    message = str(error)
    assert "\n" not in message, f"message is not one line: {message!r}"
    assert name in message, f"message does not name {name}: {message!r}"
    assert re.search(problem, message, flags=re.IGNORECASE), f"{message!r} does not say {problem!r}"


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_a_one_line_input_error(tmp_path, case, fake_encoder):
    data, problem = BAD_FILES[case]
    path = tmp_path / f"{case}.txt"
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(aligner.InputError) as caught:
        aligner.align(path, ["A good target paragraph."], model=fake_encoder)
    assert_one_line_naming(caught.value, str(path), problem)


@pytest.mark.parametrize("case", ["missing", "empty", "png-bytes"])
def test_bad_target_file_is_reported_too(tmp_path, case, seed_paths, fake_encoder):
    data, problem = BAD_FILES[case]
    path = tmp_path / f"{case}.md"
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(aligner.AlignerError) as caught:
        aligner.align(seed_paths["ru"], path, model=fake_encoder)
    assert_one_line_naming(caught.value, str(path), problem)


def test_directory_is_a_one_line_input_error(tmp_path, fake_encoder):
    with pytest.raises(aligner.InputError) as caught:
        aligner.align(tmp_path, ["text"], model=fake_encoder)
    assert_one_line_naming(caught.value, str(tmp_path), r"directory")


def test_unsupported_file_type_names_the_file(tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(PNG_BYTES)
    with pytest.raises(aligner.InputError) as caught:
        aligner.read(path)
    assert_one_line_naming(caught.value, str(path), r"unsupported|binary|not text")


@pytest.mark.parametrize("text", ["", "   \n\n\t  "])
def test_empty_text_string_is_an_input_error(text):
    with pytest.raises(aligner.InputError) as caught:
        aligner.read(text)
    assert "\n" not in str(caught.value)


def test_input_errors_are_aligner_errors():
    assert issubclass(aligner.InputError, aligner.AlignerError)
    assert issubclass(aligner.SettingsError, aligner.AlignerError)


@pytest.mark.parametrize("source", [123, ["text", 5], b"bytes"])
def test_unreadable_source_types_are_input_errors(source):
    with pytest.raises(aligner.InputError) as caught:
        aligner.read(source)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "kwargs, argument",
    [
        (dict(level="word"), "level"),
        (dict(max_units=0), "max_units"),
        (dict(max_units=100), "max_units"),
    ],
)
def test_bad_settings_are_one_line_settings_errors(kwargs, argument, fake_encoder):
    with pytest.raises(aligner.SettingsError) as caught:
        aligner.align(["a"], ["b"], model=fake_encoder, **kwargs)
    assert argument in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            dict(source_language=5),
            r"^source_language must be a language tag such as 'ru' or 'en-US' \(a str\), got int$",
        ),
        (dict(target_language=("en",)), r"^target_language must be a language tag .* got tuple$"),
        (dict(max_units="3"), r"^max_units must be a whole number between 1 and 8, got '3'$"),
        (dict(max_units=2.5), r"^max_units must be a whole number between 1 and 8, got 2.5$"),
        (dict(segmenter="rules"), r"^segmenter must be an object with split\(text, language\), .* got str 'rules'$"),
        (dict(segmenter=5), r"^segmenter must be an object with split\(text, language\), .* got int 5$"),
    ],
)
def test_arguments_of_the_wrong_type_are_one_line_settings_errors(kwargs, message, fake_encoder):
    """A notebook's typo got Python's own error from deep inside: AttributeError 'int' object has no attribute 'lower'
    (source_language=5), TypeError 'str' object cannot be interpreted as an integer (segmenter="rules", at sentence
    level; at paragraph level it was taken without a word), '<=' not supported (max_units="3")."""
    with pytest.raises(aligner.SettingsError, match=message):
        aligner.align(["Один абзац."], ["One paragraph."], level="sentence", model=fake_encoder, **kwargs)


class _ModelLike:
    """A stand-in for a SentenceTransformer: it encodes, and its repr runs to several lines as that one's does."""

    def encode(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] for _ in texts]

    def __repr__(self) -> str:
        return "SentenceTransformer(\n  (0): Transformer({'max_seq_length': 256})\n  (1): Pooling({'dim': 384})\n)"


@pytest.mark.parametrize(
    "call",
    [
        lambda model: aligner.align(["Один."], ["One."], model),  # the model as the third argument, the level
        lambda model: aligner.align(["Один."], ["One."], settings=model),
        lambda model: aligner.align(["Один."], ["One."], segmenter=model),
        lambda model: aligner.align(["Один."], ["One."], max_units=model),
        lambda model: aligner.Settings(costs=model),
        lambda model: list(aligner.align_many([(["Один."], ["One."])], workers=model)),
        lambda model: aligner.check(aligner.align(["Один."], ["One."], model=model), low_confidence_below=model),
    ],
    ids=["level", "settings", "segmenter", "max_units", "costs", "workers", "check option"],
)
def test_a_model_given_in_the_wrong_place_is_a_one_line_settings_error(call):
    """The message held the model's repr: five lines for a SentenceTransformer, for `align(src, tgt, model)`."""
    with pytest.raises(aligner.SettingsError) as caught:
        call(_ModelLike())
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300 and "SentenceTransformer(" in message


def test_a_model_given_as_the_level_says_where_a_model_goes():
    with pytest.raises(aligner.SettingsError, match=r"got SentenceTransformer\(.*\(a model goes as model=, align's"):
        aligner.align(["Один."], ["One."], _ModelLike())
    with pytest.raises(aligner.SettingsError, match=r"got 'words'$"):  # a str has .encode too, and is no model
        aligner.align(["Один."], ["One."], "words")


def test_other_arguments_of_the_wrong_type_are_settings_errors(fake_encoder, tmp_path):
    with pytest.raises(aligner.SettingsError, match=r"^abbreviations must be a list of words, got the str 'Bd.'"):
        aligner.RuleSegmenter(abbreviations="Bd.")  # it was read letter by letter: B, d and "."
    with pytest.raises(aligner.SettingsError, match=r"^language must be a language tag .* got int$"):
        aligner.read("Один абзац.", language=7)
    alignment = aligner.align(["Один абзац."], ["One paragraph."], model=fake_encoder)
    with pytest.raises(
        aligner.SettingsError, match=r"^min_confidence must be a number between 0 and 1, got str '0.5'$"
    ):
        alignment.to_tsv(tmp_path / "pairs.tsv", min_confidence="0.5")
    for findings in ("numbers", 3, ["numbers"]):  # a raw TypeError from deep inside, or silently nothing
        with pytest.raises(aligner.SettingsError, match=r"^findings must be Finding objects, as alignment.check"):
            alignment.to_xlsx(tmp_path / "review.xlsx", findings=findings)
    assert not (tmp_path / "review.xlsx").exists()
    alignment.to_xlsx(tmp_path / "review.xlsx", findings=None)  # None: no findings, as the default ()
    with pytest.raises(aligner.SettingsError, match=r"^workers must be a whole number of processes .* got '2'$"):
        list(aligner.align_many([(["Один."], ["One."])], workers="2"))


# --- an empty side is an input error, not an alignment -------------------------------------------------------


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_an_empty_list_on_either_side_is_an_input_error_before_the_encoder(seed_paths, fake_encoder, level):
    # it was aligned: every unit of the other side unpaired, at document confidence 0.000
    with pytest.raises(aligner.InputError, match=r"^source: the list of units is empty: there is nothing to align$"):
        aligner.align([], seed_paths["en"], level=level, model=fake_encoder)
    with pytest.raises(aligner.InputError, match=r"^target: the list of units is empty"):
        aligner.align(["First unit.", "Second unit."], [], level=level, model=fake_encoder)
    assert fake_encoder.calls == []
