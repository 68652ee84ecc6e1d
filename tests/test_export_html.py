"""The HTML review as markup and data: self-contained, escaped, the data the editor reads, summary, signature.
How the page looks and behaves in a browser (rows, filters, the editor) is tested in test_review_browser.py."""

from __future__ import annotations

import dataclasses
import json

import pytest
from lxml import html as lxml_html

from aligner import SettingsError
from aligner.export import EXPORTERS, ExportOptions
from aligner.export.html import ACTIONS
from aligner.export.review import summarise, summary_text
from aligner.types import Finding

from .export_helpers import SIGNATURE, handmade_alignment, mixed_alignment, review_data


def _page(alignment, **options) -> str:
    return EXPORTERS["html"].render(alignment, ExportOptions(**options))[""]


@pytest.fixture(scope="module")
def mixed_page():
    return lxml_html.document_fromstring(_page(mixed_alignment(), min_confidence=0.2))


def _data(tmp_path, alignment, **options) -> dict:
    path = tmp_path / "review.html"
    path.write_text(_page(alignment, **options), encoding="utf-8")
    return review_data(path)


def test_the_page_is_self_contained(mixed_page):
    assert not mixed_page.xpath("//link | //script[@src] | //img | //iframe")
    text = lxml_html.tostring(mixed_page, encoding="unicode")
    assert "http://" not in text and "https://" not in text and "@import" not in text


def test_the_data_holds_every_unit_and_bead_with_its_status(tmp_path):
    alignment = mixed_alignment()
    data = _data(tmp_path, alignment)
    assert [text for text, _ in data["units"]["source"]][:2] == ["Один & два <три>", "Второй абзац\tс табуляцией"]
    assert [(b["s"], b["t"], b["c"], b["st"]) for b in data["beads"]] == [
        (list(b.source), list(b.target), b.confidence, b.status) for b in alignment.beads
    ]
    meta = json.loads(data["meta"])  # the first line of the saved corrections, as the jsonl exporter writes it
    assert meta["record"] == "alignment" and meta["signature"] == SIGNATURE
    assert data["key"].startswith(f"aligner-review|{SIGNATURE}|src.md|tgt.txt|")
    assert data["download"] == "src.tgt.corrected.jsonl"


def test_the_corrections_of_texts_given_from_python_download_under_the_sides_names(tmp_path):
    """Two lists aligned from Python (documents named "<units>") saved their corrections as
    "<units>.<units>.corrected.jsonl", which a browser makes "_units_._units_.corrected.jsonl"."""
    alignment = mixed_alignment()
    given = dataclasses.replace(
        alignment,
        source=dataclasses.replace(alignment.source, name="<units>"),
        target=dataclasses.replace(alignment.target, name="<text>"),
    )
    assert _data(tmp_path, given)["download"] == "source.target.corrected.jsonl"


def test_text_cannot_end_the_script_element_and_controls_are_escaped(tmp_path):
    alignment = mixed_alignment()
    page = _page(alignment)
    assert "<три>" not in page  # JSON inside <script> has "<" escaped, so no text can close the element
    assert "\x01" not in page and "\x0b" not in page
    units = _data(tmp_path, alignment)["units"]
    assert units["source"][0][0] == "Один & два <три>"  # the same text once the script reads it
    # controls too: the saved corrections keep them (the rows show the texts without them)
    assert units["source"][4][0] == "Back\\slash ]]> \x01ctl" and units["target"][3][0] == "Back\\slash ]]> \x0bctl"


def test_pairs_the_pair_formats_leave_out_are_marked_with_the_reason(tmp_path):
    findings = (Finding("numbers", "error", 0, "744 <> 774"),)
    data = _data(tmp_path, mixed_alignment(), min_confidence=0.2, findings=findings)
    assert {i: b["x"] for i, b in enumerate(data["beads"]) if "x" in b} == {
        0: "an error finding",
        4: "confidence < 0.2",
    }


def test_findings_are_attached_to_their_beads_with_evidence_numbered_from_1(tmp_path):
    findings = (
        Finding("numbers", "warning", 3, "744 <> 774", (("source", ("744",)), ("target", ("774",)))),
        Finding("inconsistent", "warning", 6, "again", (("other_bead", "0"),)),
    )
    data = _data(tmp_path, mixed_alignment(), findings=findings)
    assert [(i, b["f"]) for i, b in enumerate(data["beads"]) if "f" in b] == [(3, [0]), (6, [1])]
    assert data["findings"][0]["evidence"] == [["source", "744"], ["target", "774"]]
    assert data["findings"][1]["evidence"] == [["other bead", "1"]]  # bead 0 of the data is bead 1 on the page


def test_the_check_filter_lists_the_checks_found_and_the_summary_counts_findings():
    findings = (
        Finding("numbers", "error", 3, "a"),
        Finding("numbers", "error", 1, "b"),
        Finding("length", "warning", 1, "c"),
    )
    page = lxml_html.document_fromstring(_page(mixed_alignment(), findings=findings))
    assert page.xpath("//select[@id='check']/option/@value") == ["any", "length", "numbers"]
    summary = page.xpath("string(//section[@id='summary'])")
    assert "2 error(s), 1 warning(s)" in summary and "2 error(s)" in summary


def test_a_check_with_errors_and_warnings_is_one_row_of_the_findings_with_both_counts():
    """ "order 1 error(s)" and "order 1 warning(s)" were two rows (trial7 D9)."""
    findings = (
        Finding("order", "warning", 3, "a"),
        Finding("order", "error", 1, "b"),
        Finding("length", "warning", 1, "c"),
    )
    page = lxml_html.document_fromstring(_page(mixed_alignment(), findings=findings))
    rows = [
        (term.text_content().strip(), term.getnext().text_content())
        for term in page.xpath("//section[@id='summary']//dt")
        if term.text_content().strip() in ("order", "length")
    ]
    assert rows == [("length", "1 warning(s)"), ("order", "1 error(s), 1 warning(s)")]


def test_every_action_has_a_button_and_a_key_listed_in_the_page(mixed_page):
    buttons = {button.get("data-action"): button.xpath("string(kbd)") for button in mixed_page.xpath("//button")}
    assert buttons == {name: key for name, key, _, _ in ACTIONS}
    listed = mixed_page.xpath("//section[@id='keys']//dt/kbd/text()")
    assert all(key in listed for _, key, _, _ in ACTIONS)
    assert len({key for _, key, _, _ in ACTIONS}) == len(ACTIONS)


def test_the_page_says_once_that_it_counts_from_1(mixed_page):
    assert mixed_page.xpath("string(//p[@class='documents'])").count("numbered from 1") == 1


def test_summary_counts():  # the page's figures and histogram, counted in the browser: test_review_browser.py
    summary = summarise(mixed_alignment(), ExportOptions())
    assert (summary.source_units, summary.target_units) == (6, 6)
    assert dict(summary.beads_by_kind) == {"1-1": 5, "1-0": 1, "0-1": 1}
    assert summary.low_confidence == (1, 4)
    assert summarise(mixed_alignment(), ExportOptions(review_threshold=0.95)).low_confidence == (1, 3, 4, 6)  # pairs
    assert (summary.omissions, summary.additions) == ((2,), (5,))
    text = summary_text(mixed_alignment(), ExportOptions())
    assert "low-confidence pairs (< 0.5): 2" in text and "omissions (source with no translation): 1" in text
    assert "bead 3 (src 3 / tgt -, 1-0, 0.90): Пропущенный абзац" in text  # bead index 2, unit 2: from 1
    assert "numbered from 1" in text


def test_the_summary_shortens_text_without_spaces_to_its_first_characters():
    """Chinese writes no spaces: a sentence of it is one "word", and the summary showed it, and a finding quoting it,
    as "…" alone."""
    chinese = (
        "不提防三闷儿的娘从后面摸上来，抄起一条沉甸甸的拔秧凳，给了我后腰一下，正砸在我的旧伤上，登时我就背过去了。"
    )
    alignment = handmade_alignment(
        [chinese, "我醒过来时。"], ["I woke up."], [([0], [], 0.9), ([1], [0], 0.95)], ("zh", "en")
    )
    finding = Finding("omission", "error", 0, f"Source paragraph 1 has no translation: «{chinese}»")
    lines = summary_text(alignment, ExportOptions(findings=(finding,))).splitlines()
    [listed] = [line for line in lines if line.startswith("  bead 1 (")]
    [reported] = [line for line in lines if line.startswith("  bead 1: error omission")]
    assert f": {chinese[:20]}" in listed
    assert f"«{chinese[:20]}" in reported


def test_a_confidence_just_below_a_threshold_is_not_shown_as_the_threshold():
    """0.8997 was listed as "0.90" among the "low-confidence pairs (< 0.9)", and a document at 0.4996 as "0.500
    (below 0.5)": a confidence is shown cut, not rounded."""
    alignment = handmade_alignment(["Один.", "Два."], ["One.", "Two."], [([0], [0], 0.8997), ([1], [1], 0.95)])
    text = summary_text(dataclasses.replace(alignment, confidence=0.4996), ExportOptions(min_confidence=0.9))
    assert "low-confidence pairs (< 0.9): 1\n  bead 1 (src 1 / tgt 1, 1-1, 0.89): " in text
    assert "document confidence 0.499 " in text and "the document confidence is 0.499 (below 0.5)" in text


def test_a_confidence_is_shown_with_the_decimals_that_keep_it_on_its_side_of_min_confidence():
    """With --min-confidence 0.985, a pair at 0.9829 (left out) and one at 0.9855 (kept) were both shown "0.98"
    (fresh-clone trial 3, nit 11): the kept one is shown "0.985", with three decimals as the XLSX would; two are
    enough for the other, and for every threshold of two decimals."""
    alignment = handmade_alignment(
        ["Один.", "Два.", "Три."], ["One.", "Two.", "Three."], [([0], [0], 0.9829), ([1], [1], 0.9855), ([2], [2], 0.9)]
    )
    weak = tuple(Finding("weak", "warning", index, "A much weaker match") for index in (1, 2))
    lines = summary_text(alignment, ExportOptions(min_confidence=0.985, findings=weak)).splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("  bead") and ", 1-1, " in line] == [
        "  bead 1 (src 1 / tgt 1, 1-1, 0.98)",  # low-confidence pairs (< 0.985)
        "  bead 3 (src 3 / tgt 3, 1-1, 0.90)",
        "  bead 2 (src 2 / tgt 2, 1-1, 0.985)",  # pairs that may be of another text (weak)
        "  bead 3 (src 3 / tgt 3, 1-1, 0.90)",
    ]


def test_thresholds_are_shown_as_given():
    """--min-confidence 0.999 was shown as "< 1.00", 0.725 as "< 0.72"."""
    assert "low-confidence pairs (< 0.725): 3" in summary_text(mixed_alignment(), ExportOptions(min_confidence=0.725))
    page = lxml_html.document_fromstring(_page(mixed_alignment(), min_confidence=0.999))
    assert page.xpath("string(//p[@id='legend']/span[@class='chip conf-low'])") == "< 0.999"
    assert "confidence < 0.999)" in page.xpath("string(//select[@id='severity']/option[@value='errors'])")
    assert "low-confidence pairs (< 0.999)" in page.xpath("string(//dl[@id='now'])")


def test_a_finding_on_a_missing_bead_is_an_error():
    with pytest.raises(SettingsError, match="points at bead 7, but the alignment has 7 beads"):
        _page(mixed_alignment(), findings=(Finding("numbers", "warning", 7, "nowhere"),))


def test_alignment_warnings_are_listed():
    from dataclasses import replace

    page = lxml_html.document_fromstring(_page(replace(mixed_alignment(), warnings=("--src-lang en looks wrong",))))
    assert page.xpath("//section[@id='warnings']//li/text()") == ["--src-lang en looks wrong"]


def test_signature_is_in_the_footer(mixed_page):
    assert SIGNATURE in mixed_page.xpath("string(//footer)")


@pytest.mark.parametrize("confidence", [0.49, 0.5])
def test_a_document_below_the_gate_gets_a_banner_and_a_line_in_the_text_summary(confidence):
    from dataclasses import replace

    alignment = replace(mixed_alignment(), confidence=confidence)
    page = lxml_html.document_fromstring(_page(alignment))
    banner = page.xpath("string(//section[@id='gate'])")
    text = summary_text(alignment, ExportOptions())
    if confidence < 0.5:
        assert "Not for a translation memory: the document confidence is 0.490 (below 0.5)" in banner
        assert "an export to tmx, tsv, moses, xlsx is refused" in banner and "--force" in banner
        assert "see the warnings" not in banner
        assert "not for a translation memory: the document confidence is 0.490" in text
    else:
        assert not page.xpath("//section[@id='gate']") and "not for a translation memory" not in text


def test_the_banner_of_a_document_with_warnings_points_at_them():
    from dataclasses import replace

    alignment = replace(mixed_alignment(), confidence=0.2, warnings=("et is not a language of the encoder",))
    page = lxml_html.document_fromstring(_page(alignment))
    assert "see the warnings" in page.xpath("string(//section[@id='gate'])")
