"""Shared fixtures: the seed documents, a fast fake encoder, and the seed alignments (computed once)."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import numpy as np
import pytest

import aligner
from tests.model_guard import refuse_models

REPO_ROOT = Path(__file__).resolve().parents[1]
MODEL_GUARD = REPO_ROOT / "tests" / "model_guard"  # its sitecustomize.py guards the processes a test starts
# The data the tests read lives next to the repository (`../shared`, or ALIGNER_SHARED, which the Makefile sets
# from SHARED): the seed documents (ALIGNER_SEEDS overrides), the gold-aligned bench sets (ALIGNER_BENCH
# overrides) and the TMX 1.4b DTD.
SHARED_DIR = Path(os.environ.get("ALIGNER_SHARED", REPO_ROOT.parent / "shared"))
SEEDS_DIR = Path(os.environ.get("ALIGNER_SEEDS", SHARED_DIR / "seeds"))
BENCH_DIR = Path(os.environ.get("ALIGNER_BENCH", SHARED_DIR / "bench"))
TMX_DTD = SHARED_DIR / "tmx" / "tmx14.dtd"

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
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


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
                vectors[row, zlib.crc32(padded[start : start + 3].encode("utf-8")) % self.dim] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    @property
    def encoded(self) -> list[str]:
        """Every text encoded so far, in call order."""
        return [text for batch in self.calls for text in batch]


# Test tiers (markers registered in pyproject.toml): a test that takes one of these fixtures is marked for it.
MARKS_BY_FIXTURE = {
    "seed_alignment": "model",
    "seed_sentence_alignment": "model",
    "use_encoder": "model",
    "minilm": "model",
    "browser": "browser",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture in getattr(item, "fixturenames", ()):
            if fixture in MARKS_BY_FIXTURE:
                item.add_marker(MARKS_BY_FIXTURE[fixture])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """A test not marked `model` fails where it (its fixtures, or a Python process it starts) would use a real
    encoder model, so the markers stay true and `make test-fast` never loads one."""
    if item.get_closest_marker("model") is not None:
        return (yield)
    with pytest.MonkeyPatch.context() as patch:
        refuse_models(patch.setattr)
        patch.setenv("ALIGNER_TEST_REFUSE_MODELS", "1")
        patch.setenv(
            "PYTHONPATH",
            os.pathsep.join(filter(None, [str(MODEL_GUARD), str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        )
        return (yield)


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
        pytest.fail(
            f"{CHROMIUM} is missing: the review is tested in a real browser; install it with "
            "`apt-get install -y --no-install-recommends chromium` (.ci/run does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_review(browser):
    """Open a review file in a fresh page; records page errors and every URL the page requested."""
    pages = []

    def open_file(path: Path):
        page = browser.new_page()
        page.errors, page.requested = [], []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on("request", lambda request: page.requested.append(request.url))
        page.goto(path.resolve().as_uri())
        pages.append(page)
        return page

    yield open_file
    for page in pages:
        page.close()
