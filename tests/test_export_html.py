"""The HTML review as markup: self-contained, escaped, one row per bead, summary, findings hook, signature."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from aligner import Alignment, Bead, Document, SettingsError, Unit
from aligner.export import EXPORTERS, ExportOptions
from aligner.export.review import summarise, summary_text
from aligner.types import Finding

from .export_helpers import SIGNATURE, mixed_alignment


def _page(alignment, **options) -> str:
    return EXPORTERS["html"].render(alignment, ExportOptions(**options))[""]


@pytest.fixture(scope="module")
def mixed_page():
    return lxml_html.document_fromstring(_page(mixed_alignment(), min_confidence=0.2))


def test_the_page_is_self_contained(mixed_page):
    assert not mixed_page.xpath("//link | //script[@src] | //img | //iframe")
    text = lxml_html.tostring(mixed_page, encoding="unicode")
    assert "http://" not in text and "https://" not in text and "@import" not in text


def test_one_row_per_bead_with_type_confidence_and_lang_on_every_text_cell(mixed_page):
    alignment = mixed_alignment()
    rows = mixed_page.xpath("//tr[contains(@class, 'bead')]")
    assert [int(row.get("data-index")) for row in rows] == list(range(len(alignment.beads)))
    for row, bead in zip(rows, alignment.beads):
        assert row.xpath("string(td[@class='kind'])") == bead.kind
        assert float(row.get("data-confidence")) == bead.confidence
        assert row.get("data-low") == ("1" if bead.confidence < 0.5 else "0")
        cells = row.xpath("td[contains(@class, 'text')]")
        assert [cell.get("lang") for cell in cells] == ["ru", "en"]


def test_gaps_are_shown_for_one_sided_beads(mixed_page):
    gaps = mixed_page.xpath("//td[contains(@class, 'gap')]")
    assert [(gap.getparent().get("data-index"), gap.get("lang")) for gap in gaps] == [("2", "en"), ("5", "ru")]


def test_text_is_escaped_and_controls_are_dropped():
    page = _page(mixed_alignment())
    assert "&lt;три&gt;" in page and "<три>" not in page
    assert "One &amp; two &lt;three&gt;" in page
    assert "\x01" not in page and "\x0b" not in page
    assert "Строка<br>с переносом" in page  # a line break inside a paragraph stays visible


def test_pairs_below_min_confidence_stay_in_the_review_marked(mixed_page):
    marked = mixed_page.xpath("//tr[contains(@class, 'left-out')]/@data-index")
    assert marked == ["4"]  # the only pair below 0.2 (confidence 0.05)


def test_summary_counts_and_histogram():
    summary = summarise(mixed_alignment(), ExportOptions())
    assert (summary.source_units, summary.target_units) == (6, 6)
    assert dict(summary.beads_by_kind) == {"1-1": 5, "1-0": 1, "0-1": 1}
    assert summary.histogram == (1, 0, 0, 1, 0, 0, 1, 1, 1, 2)
    assert summary.low_confidence == (1, 4)
    assert (summary.omissions, summary.additions) == ((2,), (5,))
    text = summary_text(mixed_alignment(), ExportOptions())
    assert "low confidence (< 0.50): 2" in text and "omissions (source with no translation): 1" in text
    assert "bead 2 (src 2 / tgt -, 1-0, 0.90): Пропущенный абзац" in text


def test_findings_become_badges_on_their_beads():
    findings = (Finding("numbers", "warning", 3, "744 <> 774"), Finding("numbers", "error", 3, "second"))
    page = lxml_html.document_fromstring(_page(mixed_alignment(), findings=findings))
    badges = page.xpath("//tr[@data-index='3']//span[contains(@class, 'finding')]")
    assert [badge.text for badge in badges] == ["744 <> 774", "second"]
    assert "sev-warning" in badges[0].get("class") and "sev-error" in badges[1].get("class")
    assert not page.xpath("//tr[@data-index!='3']//span[contains(@class, 'finding')]")


def test_a_finding_on_a_missing_bead_is_an_error():
    with pytest.raises(SettingsError, match="points at bead 7, but the alignment has 7 beads"):
        _page(mixed_alignment(), findings=(Finding("numbers", "warning", 7, "nowhere"),))


def test_signature_is_in_the_footer(mixed_page):
    assert SIGNATURE in mixed_page.xpath("string(//footer)")


def _sentence_document(name: str, language: str, paragraphs: list[list[str]]) -> Document:
    sentences = [(text, p) for p, paragraph in enumerate(paragraphs) for text in paragraph]
    return Document(name, language,
                    tuple(Unit(p, " ".join(paragraph), p) for p, paragraph in enumerate(paragraphs)),
                    tuple(Unit(i, text, p) for i, (text, p) in enumerate(sentences)))


def test_sentence_level_review_marks_paragraph_boundaries():
    source = _sentence_document("ru.md", "ru", [["Раз.", "Два."], ["Три."]])
    target = _sentence_document("en.txt", "en", [["One.", "Two."], ["Three."], ["Added."]])
    beads = tuple(Bead(s, t, " ".join(source.sentences[i].text for i in s),
                       " ".join(target.sentences[j].text for j in t), 0.9)
                  for s, t in [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((), (3,))])
    page = lxml_html.document_fromstring(_page(Alignment(source, target, "sentence", beads, 0.9)))
    rows = page.xpath("//tr[contains(@class, 'bead')]")
    assert [row.get("data-index") for row in rows if "para-start" in row.get("class").split()] == ["0", "2", "3"]
    assert "¶1 s2" in rows[2].xpath("string(td[contains(@class, 'text')])")
