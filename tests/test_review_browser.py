"""The HTML review in a real headless browser (Debian's chromium, driven by Playwright): opens from
file:// without touching the network, one row per bead, the low-confidence filter, keyboard navigation."""

from __future__ import annotations

from pathlib import Path

import pytest

from .export_helpers import mixed_alignment

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the review is tested in a real browser; install it with "
                    "`apt-get install -y --no-install-recommends chromium` (.ci/run does)")
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


def _visible_indices(page) -> list[int]:
    return [int(i) for i in page.eval_on_selector_all(
        "tr.bead", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.index)")]


def test_seed_review_opens_from_file_and_shows_every_bead(open_review, seed_alignment, tmp_path):
    path = tmp_path / "seed.html"
    seed_alignment.to_html(path)
    page = open_review(path)
    assert _visible_indices(page) == list(range(len(seed_alignment.beads)))
    assert page.inner_text("#shown") == f"{len(seed_alignment.beads)} of {len(seed_alignment.beads)} beads shown"
    assert page.errors == []
    assert all(url.startswith("file://") for url in page.requested), page.requested


def test_low_confidence_filter_hides_the_rest_and_keys_move_between_beads(open_review, tmp_path):
    alignment = mixed_alignment()  # confidences 0.95, 0.3, 0.9, 0.7, 0.05, 0.6, 0.88
    path = tmp_path / "mixed.html"
    alignment.to_html(path)
    page = open_review(path)
    assert _visible_indices(page) == list(range(7))

    page.click("#low-only")
    assert _visible_indices(page) == [1, 4]
    assert page.inner_text("#shown") == "2 of 7 beads shown"

    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.dataset.index") == "1"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.dataset.index") == "4"
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.dataset.index") == "1"

    page.keyboard.press("f")  # the filter key shows every bead again
    assert _visible_indices(page) == list(range(7))
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.dataset.index") == "2"
    assert page.errors == []
