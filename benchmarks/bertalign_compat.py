"""Bertalign 2.0.1 (PyPI) run with our USE encoder, for the speed comparison; benchmark-only.

Bertalign is an optional install (see benchmarks/README.md), never a project
dependency. Two adaptations, neither touching its algorithm:
- its wheel says Python >= 3.12 only because `bertalign/aligner.py` declares one
  type alias with the 3.12 `type X = ...` statement (used in annotations only); on
  3.11 that module is compiled with the statement turned into a plain assignment;
- its `Encoder` loads LaBSE from the Hugging Face hub, so a subclass hands its
  unchanged `transform` (every window of 1..max_align-1 consecutive sentences)
  to `aligner.embed.USEEncoder` instead. No model is downloaded.

When Bertalign is not installed, `bertalign_encoding_workload` times what its
run time is dominated by (encoding every window of 1..4 consecutive units of
both sides), re-implemented here and labelled as such by the callers.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from aligner.embed import Encoder

WINDOWS = 4  # Bertalign's default max_align=5 embeds windows of 1..4 sentences


def load_bertalign() -> ModuleType | None:
    """`bertalign.aligner` (holding the `Bertalign` class), or None when Bertalign is not installed."""
    package_spec = importlib.util.find_spec("bertalign")
    if package_spec is None:
        return None
    if sys.version_info >= (3, 12):
        return importlib.import_module("bertalign.aligner")
    if "bertalign.aligner" in sys.modules:
        return sys.modules["bertalign.aligner"]
    # Register the package without running its __init__ (which imports the 3.12-only module).
    package = importlib.util.module_from_spec(package_spec)
    sys.modules["bertalign"] = package
    module_spec = importlib.util.find_spec("bertalign.aligner")
    source = Path(module_spec.origin).read_text(encoding="utf-8")
    source = source.replace("\ntype SplitterFn = ", "\nSplitterFn = ", 1)
    module = importlib.util.module_from_spec(module_spec)
    sys.modules["bertalign.aligner"] = module
    exec(compile(source, module_spec.origin, "exec"), module.__dict__)
    return module


def bertalign_version() -> str:
    from importlib.metadata import version

    return version("bertalign")


def bertalign_encoder(encoder: Encoder):
    """A `bertalign.encoder.Encoder` whose model is `encoder` (its window logic unchanged)."""
    from bertalign.encoder import Encoder as BertalignEncoder

    class WindowEncoder(BertalignEncoder):
        def __init__(self) -> None:  # no SentenceTransformer: nothing is loaded or downloaded
            self.model = encoder
            self.model_name = encoder.name

    return WindowEncoder()


def run_bertalign(aligner_module: ModuleType, source: Sequence[str], target: Sequence[str], encoder) -> tuple:
    """Bertalign with its default settings on pre-split lines: (aligner instance after construction, beads).

    Construction detects languages and encodes the windows; `align_sents` runs its two DP passes.
    """
    instance = aligner_module.Bertalign("\n".join(source), "\n".join(target), is_split=True, model=encoder)
    return instance, instance.align_sents()


def bertalign_encoding_workload(source: Sequence[str], target: Sequence[str], encoder: Encoder) -> int:
    """Encode every window of 1..WINDOWS consecutive units of both sides, as Bertalign does; returns the count.

    A re-implementation of Bertalign's encoding workload only (not its alignment),
    for timing when Bertalign itself is not installed.
    """
    texts = []
    for lines in (source, target):
        lines = [line.strip() or "BLANK_LINE" for line in lines]
        for width in range(1, WINDOWS + 1):
            texts += ["PAD"] * min(width - 1, len(lines))
            texts += [" ".join(lines[i : i + width]) for i in range(len(lines) - width + 1)]
    encoder.encode(texts)
    return len(texts)
