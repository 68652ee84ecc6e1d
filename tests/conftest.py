"""Shared fixtures: the seed documents, a fast fake encoder, and the seed alignments (computed once)."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import numpy as np
import pytest

import aligner

REPO_ROOT = Path(__file__).resolve().parents[1]
# The seeds live next to the repository (`../shared/seeds`, as in the Makefile); ALIGNER_SEEDS overrides.
SEEDS_DIR = Path(os.environ.get("ALIGNER_SEEDS", REPO_ROOT.parent / "shared" / "seeds"))

SEED_FILES = {
    "ru": "ru-2025-statement.md",
    "en": "en-2025-statement.txt",
    "en-2026": "en-2026-statement.md",
    "en-2023": "en-2023-statement.txt",
    "en-2021": "en-2021-press-release.txt",
}
# The English texts about the same events that are not translations of the Russian statement.
NON_TRANSLATIONS = ("en-2026", "en-2023", "en-2021")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class FakeEncoder:
    """Deterministic stand-in for a sentence encoder: hashed character 3-grams -> L2-normalised vectors.

    Texts that share many 3-grams get similar vectors, so identical and near-identical
    texts align; it knows no languages. `calls` records every batch it was asked to encode.
    """

    name = "fake-char-3grams"

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for start in range(len(padded) - 2):
                vectors[row, zlib.crc32(padded[start:start + 3].encode("utf-8")) % self.dim] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    @property
    def encoded(self) -> list[str]:
        """Every text encoded so far, in call order."""
        return [text for batch in self.calls for text in batch]


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    """The five seed documents by short name ("ru", "en", "en-2026", "en-2023", "en-2021")."""
    paths = {key: SEEDS_DIR / name for key, name in SEED_FILES.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        pytest.fail(f"seed documents not found (set ALIGNER_SEEDS): {', '.join(missing)}")
    return paths


@pytest.fixture(scope="session")
def seed_alignment(seed_paths) -> aligner.Alignment:
    """The seed pair aligned paragraph by paragraph with the embedded encoder."""
    return aligner.align(seed_paths["ru"], seed_paths["en"])


@pytest.fixture(scope="session")
def seed_sentence_alignment(seed_paths) -> aligner.Alignment:
    """The seed pair aligned sentence by sentence with the embedded encoder."""
    return aligner.align(seed_paths["ru"], seed_paths["en"], level="sentence")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (the HTML review and the PDF inputs are tested in it)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the review is tested in a real browser; install it with "
                    "`apt-get install -y --no-install-recommends chromium` (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
