"""The guard of the `model` tier: where a test not marked `model` would use a real encoder model, it fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

REFUSAL = "a real encoder model was used by a test not marked `model`: mark it @pytest.mark.model"


class RealModelRefused(BaseException):
    """Not an Exception: code that records a pair's error and goes on (align_many, the CLI) must not swallow it."""


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise RealModelRefused(REFUSAL)


def refuse_models(set_attribute: Callable[[Any, str, Any], None]) -> None:
    """Replace the entry points of USE and sentence-transformers by a refusal (`set_attribute` is setattr or
    MonkeyPatch.setattr): encoding with USE, loading its weights or tokenizer, loading a sentence-transformers
    model by name or path (a test that builds one itself is marked by hand)."""
    from aligner import embed, use_cache

    set_attribute(embed.USEEncoder, "encode_states", _refuse)
    set_attribute(embed, "_load_sentence_transformer", _refuse)
    set_attribute(use_cache, "load_backend", _refuse)
    set_attribute(use_cache, "load_tokenizer", _refuse)
