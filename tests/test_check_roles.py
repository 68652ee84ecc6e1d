"""A unit that is a note, a text box, a header or a footer (`Unit.role`) is named so where a check says where it
is ("Source footnote (paragraph 2) has no translation"), in the check and on the review page; body text is said
as it always was, and its review page is the same bytes."""

from __future__ import annotations

import json
import re

import pytest

from aligner import Alignment, Bead
from aligner.checks import check
from aligner.segment import build_document
from aligner.types import UNIT_JOINERS, Level

SOURCE = ["Первый абзац со сноской.", "Текст сноски.", "Второй абзац."]
TARGET = ["The first paragraph with a note.", "The second paragraph."]
ROLES = [None, "footnote", None]


def omitted_note(level: Level = "paragraph", roles: list | None = ROLES) -> Alignment:
    """Paragraph 2 of the source (a footnote unless `roles` is None) has no translation."""
    source = build_document(SOURCE, "src.docx", "ru", roles=roles or ())
    target = build_document(TARGET, "tgt.docx", "en")
    joiner = UNIT_JOINERS[level]
    beads = (
        Bead((0,), (0,), SOURCE[0], TARGET[0], 0.9, 0.8),
        Bead((1,), (), SOURCE[1], "", 0.9, 0.0),
        Bead((2,), (1,), joiner.join(SOURCE[2:]), TARGET[1], 0.9, 0.8),
    )
    return Alignment(source, target, level, beads, 0.9, f"aligner test|level:{level}")


def _omission(alignment: Alignment):
    (finding,) = check(alignment, checks=("omission",))
    return finding


@pytest.mark.parametrize(
    "level, where",
    [("paragraph", "footnote (paragraph 2)"), ("sentence", "footnote sentence 2 (in paragraph 2)")],
)
def test_an_omitted_footnote_is_said_to_be_a_footnote(level, where):
    finding = _omission(omitted_note(level))
    assert finding.message == f"Source {where} has no translation: «Текст сноски.»"
    assert dict(finding.evidence)["where"] == where


def test_an_added_text_box_is_said_to_be_a_text_box():
    alignment = omitted_note(roles=None)
    flipped = Alignment(
        alignment.target,
        build_document(SOURCE, "src.docx", "ru", roles=[None, "text box", None]),
        "paragraph",
        tuple(Bead(b.target, b.source, b.target_text, b.source_text, b.confidence, 0.8) for b in alignment.beads),
        0.9,
        "aligner test|level:paragraph",
    )
    (finding,) = check(flipped, checks=("addition",))
    assert finding.message.startswith("Target text box (paragraph 2) has no source text")


@pytest.mark.parametrize("level, where", [("paragraph", "paragraph 2"), ("sentence", "sentence 2 (in paragraph 2)")])
def test_omitted_body_text_is_said_as_before(level, where):
    finding = _omission(omitted_note(level, roles=None))
    assert finding.message == f"Source {where} has no translation: «Текст сноски.»"
    assert dict(finding.evidence)["where"] == where


def _page_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="alignment-data">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_review_page_names_roles_only_for_a_document_that_has_them(tmp_path):
    noted, body = omitted_note(), omitted_note(roles=None)
    noted.to_html(tmp_path / "noted.html", findings=check(noted, checks=("omission",)))
    body.to_html(tmp_path / "body.html", findings=check(body, checks=("omission",)))
    noted_page = (tmp_path / "noted.html").read_text(encoding="utf-8")
    body_page = (tmp_path / "body.html").read_text(encoding="utf-8")
    assert _page_data(noted_page)["roles"] == {"source": {"1": "footnote"}, "target": {}}
    assert "roles" not in _page_data(body_page)
    # the script of a page of body text only is the one it was: no role code, and no mark where it would go
    body_script = body_page.rsplit("<script>", 1)[1]
    assert "role" not in body_script.split("function unpaired", 1)[1].split("function worst", 1)[0]
    assert "/*" not in body_script.split("function unpaired", 1)[1].split("function worst", 1)[0]
    assert "data.roles" in noted_page.rsplit("<script>", 1)[1]


@pytest.mark.parametrize("roles", [ROLES, None])
def test_the_review_page_says_where_an_omitted_unit_is_once(roles, tmp_path):
    """The page showed "Source footnote (paragraph 2) has no translation: «Текст сноски.»" and under it the evidence
    "where footnote (paragraph 2)"; the row shows the text, the message says where."""
    alignment = omitted_note(roles=roles)
    alignment.to_html(tmp_path / "review.html", findings=check(alignment, checks=("omission",)))
    (finding,) = _page_data((tmp_path / "review.html").read_text(encoding="utf-8"))["findings"]
    where = "footnote (paragraph 2)" if roles else "paragraph 2"
    assert finding["message"] == f"Source {where} has no translation: «Текст сноски.»"
    assert finding["evidence"] == []
