"""Every relative link of the project's Markdown files names a file that exists, and a heading of it that exists.

The README links into docs/ and benchmarks/README.md by GitHub's heading anchors: a heading renamed in one file
breaks a link in another without any other test noticing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

MARKDOWN_FILES = [
    REPO_ROOT / "README.md",
    REPO_ROOT / "ARCHITECTURE.md",
    REPO_ROOT / "CHANGELOG.md",
    *sorted((REPO_ROOT / "docs").glob("*.md")),
    REPO_ROOT / "benchmarks" / "README.md",
]
FENCED_BLOCK = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
LINK_TARGET = re.compile(r"\]\(([^)\s]+)\)")


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation but '-' and '_' dropped, spaces as '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def heading_anchors(path: Path) -> set[str]:
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    text = FENCED_BLOCK.sub("", path.read_text(encoding="utf-8"))
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE):
        anchor = github_anchor(heading)
        repeats = seen.get(anchor, 0)
        seen[anchor] = repeats + 1
        anchors.add(anchor if repeats == 0 else f"{anchor}-{repeats}")  # GitHub numbers a repeated heading
    return anchors


def broken_links(path: Path) -> list[str]:
    broken = []
    text = FENCED_BLOCK.sub("", path.read_text(encoding="utf-8"))
    for target in LINK_TARGET.findall(text):
        if re.match(r"[a-z]+:", target):  # https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        destination = (path.parent / file_part).resolve() if file_part else path
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in heading_anchors(destination):
            broken.append(f"{target}: no such heading")
    return broken


def test_github_anchor_matches_githubs_ids():
    gate = "The gate: what goes into a translation memory"
    assert github_anchor(gate) == "the-gate-what-goes-into-a-translation-memory"
    assert github_anchor("What `align` accepts") == "what-align-accepts"
    assert github_anchor("review_editor.py — the review page's editor") == "review_editorpy--the-review-pages-editor"


def test_a_link_to_a_missing_heading_is_found(tmp_path):
    (tmp_path / "other.md").write_text("# Real heading\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "[a](other.md#real-heading) [b](other.md#gone) [c](missing.md) [d](#here)\n\n## Here\n", encoding="utf-8"
    )
    assert broken_links(page) == ["other.md#gone: no such heading", "missing.md: no such file"]


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda path: str(path.relative_to(REPO_ROOT)))
def test_every_relative_link_resolves(path):
    assert broken_links(path) == []
