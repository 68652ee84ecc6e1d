"""The on-disk embedding cache: states read back equal the encoder's, keyed by model and text, and
concurrent worker processes can fill one cache at once."""

from __future__ import annotations

import shutil
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pytest

from aligner.embed import ModelEncoder
from aligner.embed_cache import DATABASE, DiskCachedEncoder, check_cache, checkpoint
from aligner.errors import SettingsError

from .conftest import FakeEncoder

TEXTS = [f"unit number {k} of a boilerplate paragraph" for k in range(300)]


def _rows(directory: Path) -> int:
    with sqlite3.connect(directory / DATABASE) as db:
        return db.execute("SELECT COUNT(*) FROM states").fetchone()[0]


def _fill(directory: str, texts: list[str]) -> np.ndarray:
    """In a worker process: encode `texts` through the shared cache."""
    return DiskCachedEncoder(ModelEncoder(FakeEncoder(), name="fake"), Path(directory)).encode_states(texts)


def test_states_come_back_equal_and_are_encoded_once(tmp_path):
    fake = FakeEncoder()
    cached = DiskCachedEncoder(ModelEncoder(fake, name="fake"), tmp_path)
    first = cached.encode_states(TEXTS[:10] + TEXTS[:5])
    assert np.array_equal(first, ModelEncoder(FakeEncoder(), name="fake").encode_states(TEXTS[:10] + TEXTS[:5]))
    assert len(fake.encoded) == 10  # each distinct text once
    again = DiskCachedEncoder(ModelEncoder(fake, name="fake"), tmp_path).encode_states(TEXTS[:10])
    assert np.array_equal(again, first[:10]) and len(fake.encoded) == 10  # read back, not encoded
    assert _rows(tmp_path) == 10


def test_another_model_does_not_reuse_the_states(tmp_path):
    DiskCachedEncoder(ModelEncoder(FakeEncoder(), name="fake"), tmp_path).encode_states(TEXTS[:3])
    other = FakeEncoder()
    DiskCachedEncoder(ModelEncoder(other, name="another-model"), tmp_path).encode_states(TEXTS[:3])
    assert len(other.encoded) == 3 and _rows(tmp_path) == 6


@pytest.mark.slow
def test_concurrent_processes_fill_one_cache(tmp_path):
    halves = [TEXTS[:200], TEXTS[100:]]  # overlapping: both write texts 100-199
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        results = list(pool.map(_fill, [str(tmp_path)] * 2, halves))
    expected = ModelEncoder(FakeEncoder(), name="fake")
    for texts, states in zip(halves, results):
        assert np.array_equal(states, expected.encode_states(texts))
    assert _rows(tmp_path) == len(TEXTS)


class _LockedOnce:
    """A connection whose first switch to the write-ahead log is refused, as SQLite refuses one of two processes
    that open a new cache at the same moment."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.refused = 0

    def execute(self, sql: str, *args):
        if sql == "PRAGMA journal_mode = WAL" and not self.refused:
            self.refused += 1
            raise sqlite3.OperationalError("database is locked")
        return self.connection.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.connection, name)

    def __enter__(self):
        return self.connection.__enter__()

    def __exit__(self, *exc):
        return self.connection.__exit__(*exc)


def test_a_cache_opened_while_another_process_sets_it_up_waits_for_it(tmp_path, monkeypatch):
    opened: list[_LockedOnce] = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        opened.append(_LockedOnce(real_connect(*args, **kwargs)))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", connect)
    states = DiskCachedEncoder(ModelEncoder(FakeEncoder(), name="fake"), tmp_path).encode_states(TEXTS[:3])
    assert np.array_equal(states, ModelEncoder(FakeEncoder(), name="fake").encode_states(TEXTS[:3]))
    assert [connection.refused for connection in opened] == [1] and _rows(tmp_path) == 3


def test_an_unusable_cache_folder_is_a_settings_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(SettingsError, match="cannot use the embedding cache"):
        DiskCachedEncoder(ModelEncoder(FakeEncoder(), name="fake"), blocker / "cache").encode_states(["a"])


def test_a_cache_or_model_folder_whose_name_starts_with_a_tilde_is_that_folder(tmp_path, monkeypatch):
    """ "~cache" is no home folder: `Path.expanduser` raised RuntimeError "Could not determine home directory" for it
    (no user "cache"), for a cache and for a model folder ("~models/labse") alike."""
    import aligner

    monkeypatch.chdir(tmp_path)
    DiskCachedEncoder(ModelEncoder(FakeEncoder(), name="fake"), "~cache").encode_states(TEXTS[:3])
    assert _rows(tmp_path / "~cache") == 3
    with pytest.raises(SettingsError, match=r"^model ~models/labse: the folder .*/~models/labse does not exist$"):
        aligner.align(["Один."], ["One."], model="~models/labse")


def test_a_cache_under_the_home_folder_is_there_and_a_file_is_refused_before_any_pair(tmp_path, monkeypatch):
    """`align_many(cache="~/cache")` made a folder named "~" in the working directory; a cache that is a file failed
    every pair ("--cache ...: cannot use the embedding cache ([Errno 17] File exists")."""
    import aligner

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    DiskCachedEncoder(ModelEncoder(FakeEncoder(), name="fake"), Path("~/cache")).encode_states(TEXTS[:3])
    assert _rows(tmp_path / "home" / "cache") == 3 and not (tmp_path / "~").exists()
    checkpoint(Path("~/cache"))  # the end of a run: the states in states.sqlite itself, not only in its log
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(tmp_path / "home" / "cache" / DATABASE, copy / DATABASE)
    assert _rows(copy) == 3
    blocker = tmp_path / "states"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"^--cache .*states: not a folder"):
        list(aligner.align_many([(["Один."], ["One."])], workers=1, cache=blocker))


def test_a_damaged_cache_is_named_without_a_folder_and_its_dot_dot(tmp_path, monkeypatch):
    """ "--cache /data/x/../cache: the embedding cache is damaged (...): delete /data/x/../cache/states.sqlite": the
    file to delete is named as a person names it, from the root; a `..` after a symbolic link stays, as it names the
    parent of the link's target."""
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / DATABASE).write_bytes(b"not a database, " * 64)
    (tmp_path / "x").mkdir()
    elsewhere = tmp_path / "elsewhere" / "deep"
    elsewhere.mkdir(parents=True)
    (elsewhere.parent / "cache").mkdir()
    (elsewhere.parent / "cache" / DATABASE).write_bytes(b"not a database, " * 64)
    (tmp_path / "link").symlink_to(elsewhere)
    monkeypatch.chdir(tmp_path)
    for given, named in [
        (tmp_path / "x" / ".." / "cache", tmp_path / "cache"),
        (Path("x/../cache"), tmp_path / "cache"),
        (tmp_path / "link" / ".." / "cache", tmp_path / "link" / ".." / "cache"),
    ]:
        with pytest.raises(SettingsError) as refused:
            check_cache(given)
        assert str(refused.value) == (
            f"--cache {named}: the embedding cache is damaged ({DATABASE} is no SQLite database, or a broken one): "
            f"delete {named / DATABASE}, which the next run fills again"
        )
