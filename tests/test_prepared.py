"""Prepared copies in the user's cache (aligner.prepared): py3langid's model and the number words read from them are
what the packages give, each is built once, and an unwritable cache falls back to the packages' own loading."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner import language, number_words, prepared

TEXTS = ["Привет, мир!", "Hello world, this is an English sentence.", "Dies ist ein Satz.", "中文句子。", "", "1 2 3"]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path / "cache"))
    language._identifier.cache_clear()
    number_words._vocabulary.cache_clear()
    yield tmp_path / "cache"
    language._identifier.cache_clear()  # the next test's identifier from the user's cache again
    number_words._vocabulary.cache_clear()


def _packaged_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_the_prepared_language_model_is_the_packages(fresh_cache):
    identifier = language._identifier()
    assert [path.name.split("-")[0] for path in fresh_cache.iterdir()] == ["langid"]
    packaged = _packaged_identifier()
    assert isinstance(identifier.nb_ptc, np.memmap)
    for name in ("nb_ptc", "nb_pc"):
        assert np.array_equal(getattr(identifier, name), getattr(packaged, name)), name
    for name in ("nb_classes", "tk_nextmove", "tk_row", "tk_output"):
        value, expected = getattr(identifier, name), getattr(packaged, name)
        assert type(value) is type(expected) and value == expected, name
    for text in TEXTS:  # the aligner's scoring of its features against py3langid's own walk
        assert identifier.rank(text) == packaged.rank(text), text


def test_the_prepared_language_model_is_built_once(fresh_cache):
    language._identifier()
    folder = next(fresh_cache.iterdir())
    built = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    language._identifier.cache_clear()
    language._identifier()
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == built


def test_an_unwritable_cache_falls_back_to_the_packages_loading(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(blocker / "cache"))
    language._identifier.cache_clear()
    number_words._vocabulary.cache_clear()
    try:
        identifier = language._identifier()
        assert not isinstance(identifier.nb_ptc, np.memmap)
        assert [identifier.rank(text) for text in TEXTS] == [_packaged_identifier().rank(text) for text in TEXTS]
        assert number_words._vocabulary("ru").phrases == number_words._phrases("ru")
    finally:
        language._identifier.cache_clear()
        number_words._vocabulary.cache_clear()


@pytest.mark.parametrize("code", number_words.LANGUAGES)
def test_prepared_number_words_are_what_num2words_writes(fresh_cache, code):
    prepared_phrases = number_words._vocabulary(code).phrases  # builds the copy
    assert [path.name.rsplit("-", 1)[0] for path in fresh_cache.iterdir()] == [f"number-words-{code}"]
    number_words._vocabulary.cache_clear()
    assert number_words._vocabulary(code).phrases == prepared_phrases == number_words._phrases(code)


def test_number_words_of_other_code_are_prepared_anew(fresh_cache, monkeypatch, tmp_path):
    """The phrases are made by this module's code: a copy is keyed by its source as well as num2words' version."""
    number_words._vocabulary("en")
    edited = tmp_path / "number_words.py"
    edited.write_text(Path(number_words.__file__).read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(number_words, "__file__", str(edited))
    number_words._vocabulary.cache_clear()
    number_words._vocabulary("en")
    assert len(list(fresh_cache.iterdir())) == 2


def test_a_copy_is_built_in_a_temporary_folder_and_renamed(fresh_cache):
    seen = []

    def build(folder):
        seen.append(folder)
        (folder / "data").write_text("partial", encoding="utf-8")
        (folder / "done").write_text("", encoding="utf-8")

    folder = prepared.prepared_folder("thing", ["v1"], build, "done")
    assert folder is not None and folder.parent == fresh_cache and folder.name.startswith("thing-")
    assert seen[0] != folder and not seen[0].exists()  # built elsewhere, then moved into place
    assert prepared.prepared_folder("thing", ["v1"], build, "done") == folder and len(seen) == 1
    assert prepared.prepared_folder("thing", ["v2"], build, "done") != folder  # another stamp, another copy


def test_a_failed_build_leaves_nothing(fresh_cache):
    def build(folder):
        (folder / "data").write_text("partial", encoding="utf-8")
        raise OSError("disk full")

    assert prepared.prepared_folder("thing", ["v1"], build, "done") is None
    assert list(fresh_cache.iterdir()) == []
