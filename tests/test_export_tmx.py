"""TMX export: DTD-valid, readable by a third-party TMX reader, pairs only, text kept exactly, deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from translate.storage.tmx import tmxfile

from aligner import Finding, SettingsError
from aligner.export import ExportOptions, export
from aligner.export.tmx import xml_text
from tests.conftest import TMX_DTD

from .export_helpers import SIGNATURE, handmade_alignment, mixed_alignment

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def dtd() -> etree.DTD:
    if not TMX_DTD.is_file():
        pytest.fail(f"the TMX DTD is missing: {TMX_DTD}")
    return etree.DTD(str(TMX_DTD))


def _tree(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False))


def _valid(dtd: etree.DTD, tree: etree._ElementTree) -> bool:
    return dtd.validate(tree) or pytest.fail(str(dtd.error_log.filter_from_errors()))


def _props(element: etree._Element) -> dict[str, str]:
    return {prop.get("type"): prop.text for prop in element.findall("prop")}


@pytest.fixture(scope="module")
def seed_tmx(seed_alignment, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tmx") / "seed.tmx"
    seed_alignment.to_tmx(path)
    return path


def test_seed_tmx_is_valid_against_the_dtd(seed_tmx, dtd):
    assert _valid(dtd, _tree(seed_tmx))


def test_seed_tmx_header_has_every_required_attribute_and_the_signature(seed_tmx, seed_alignment):
    header = _tree(seed_tmx).getroot().find("header")
    for attribute in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attribute), attribute
    assert header.get("segtype") == "paragraph"
    assert header.get("srclang") == "ru"
    assert header.get("creationdate") is None  # no run-dependent timestamp by default
    assert _props(header)["x-signature"] == seed_alignment.signature


def test_seed_tmx_has_one_tu_per_pair_with_its_text_confidence_ids_and_type(seed_tmx, seed_alignment):
    units = _tree(seed_tmx).getroot().find("body").findall("tu")
    assert len(units) == len(seed_alignment.pairs)
    for unit, bead in zip(units, seed_alignment.pairs):
        props = _props(unit)
        assert float(props["x-confidence"]) == bead.confidence
        assert props["x-bead-type"] == bead.kind
        assert props["x-source-ids"] == ",".join(map(str, bead.source))
        assert props["x-target-ids"] == ",".join(map(str, bead.target))
        tuvs = unit.findall("tuv")
        assert [tuv.get(XML_LANG) for tuv in tuvs] == ["ru", "en"]
        assert [tuv.find("seg").text for tuv in tuvs] == [bead.source_text, bead.target_text]


def test_seed_tmx_segments_hold_no_line_break_of_the_source_layout(seed_tmx, seed_alignment):
    """The Russian header is one bold Markdown block with two hard breaks: one line in its segment (a CAT tool's
    segment has none); a segment breaks a line only between the paragraphs of a many-paragraph side."""
    segments = [[seg.text for seg in tu.iter("seg")] for tu in _tree(seed_tmx).getroot().iter("tu")]
    assert segments[0][0] == (
        "Заявление Министерства иностранных дел Азербайджанской Республики по случаю 20 января – Дня всенародной "
        "скорби 20 января 2025 г."
    )
    for (source, target), bead in zip(segments, seed_alignment.pairs):
        assert (source.count("\n"), target.count("\n")) == (len(bead.source) - 1, len(bead.target) - 1)


def test_translate_toolkit_reads_back_every_pair_with_identical_text(seed_tmx, seed_alignment):
    store = tmxfile.parsestring(seed_tmx.read_bytes())
    read_back = [(unit.source, unit.target) for unit in store.units]
    assert read_back == [(bead.source_text, bead.target_text) for bead in seed_alignment.pairs]


def test_sentence_level_tmx_says_segtype_sentence(seed_sentence_alignment, tmp_path, dtd):
    path = tmp_path / "sentences.tmx"
    seed_sentence_alignment.to_tmx(path)
    tree = _tree(path)
    assert _valid(dtd, tree)
    assert tree.getroot().find("header").get("segtype") == "sentence"
    assert len(tree.getroot().find("body").findall("tu")) == len(seed_sentence_alignment.pairs)


def test_awkward_text_is_escaped_controls_dropped_and_gaps_left_out(tmp_path, dtd):
    alignment = mixed_alignment()
    path = tmp_path / "mixed.tmx"
    alignment.to_tmx(path, findings=())
    raw = path.read_text(encoding="utf-8")
    assert "\x01" not in raw and "\x0b" not in raw
    assert "<seg>Один &amp; два &lt;три&gt;</seg>" in raw  # escaped, no whitespace added inside <seg>
    tree = _tree(path)
    assert _valid(dtd, tree)
    segs = [[tuv.find("seg").text for tuv in tu.findall("tuv")] for tu in tree.getroot().iter("tu")]
    expected = [[b.source_text.replace("\x01", ""), b.target_text.replace("\x0b", "")] for b in alignment.pairs]
    assert segs == expected  # 1-0 and 0-1 beads are not translation units
    assert len(segs) == 5 and len(alignment.beads) == 7
    store = tmxfile.parsestring(path.read_bytes())
    assert [(u.source, u.target) for u in store.units] == [tuple(pair) for pair in expected]


def test_min_confidence_leaves_low_pairs_out(tmp_path):
    path = tmp_path / "kept.tmx"
    report = mixed_alignment().to_tmx(path, min_confidence=0.5, findings=())
    confidences = [float(_props(tu)["x-confidence"]) for tu in _tree(path).getroot().iter("tu")]
    assert confidences == [0.95, 0.7, 0.88]
    assert (report.pairs_written, report.pairs_left_out) == (3, 2)


def test_a_pair_with_findings_names_their_checks_and_one_with_an_error_stays_out(tmp_path, dtd):
    findings = (
        Finding("weak", "warning", 0, "A much weaker match than the rest of the document"),
        Finding("length", "warning", 0, "The translation is 1.7 times longer than usual"),
        Finding("numbers", "error", 3, "Numbers differ"),
    )
    path = tmp_path / "found.tmx"
    export(mixed_alignment(), path, "tmx", ExportOptions(findings=findings))
    tree = _tree(path)
    assert _valid(dtd, tree)
    props = {int(_props(tu)["x-source-ids"]): _props(tu) for tu in tree.getroot().iter("tu")}
    assert props[0]["x-findings"] == "length,weak"
    assert 3 not in props  # bead 3 (source unit 3) has an error: not a translation-memory pair
    assert all("x-findings" not in found for unit, found in props.items() if unit != 0)
    export(mixed_alignment(), path, "tmx", ExportOptions(findings=findings, keep_errors=True))
    kept = {int(_props(tu)["x-source-ids"]): _props(tu) for tu in _tree(path).getroot().iter("tu")}
    assert kept[3]["x-findings"] == "numbers"


def test_full_locales_go_verbatim_into_the_tmx(tmp_path, dtd):
    alignment = handmade_alignment(["Привет"], ["Hello"], [([0], [0], 0.9)], languages=("ru-RU", "en-US"))
    path = tmp_path / "locales.tmx"
    alignment.to_tmx(path)
    tree = _tree(path)
    assert _valid(dtd, tree)
    assert tree.getroot().find("header").get("srclang") == "ru-RU"
    assert [tuv.get(XML_LANG) for tuv in tree.getroot().iter("tuv")] == ["ru-RU", "en-US"]
    assert _props(tree.getroot().find("header"))["x-signature"] == SIGNATURE


def test_output_is_byte_identical_across_runs_and_creationdate_follows_source_date_epoch(tmp_path, monkeypatch):
    alignment = mixed_alignment()
    first, second, dated = tmp_path / "1.tmx", tmp_path / "2.tmx", tmp_path / "dated.tmx"
    alignment.to_tmx(first, findings=())
    alignment.to_tmx(second, findings=())
    assert first.read_bytes() == second.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1737331200")
    alignment.to_tmx(dated, findings=())
    assert _tree(dated).getroot().find("header").get("creationdate") == "20250120T000000Z"


@pytest.mark.parametrize("epoch", ["-5", "99999999999999", "253402300800"])
def test_a_source_date_epoch_no_tmx_date_can_hold_is_refused(epoch, tmp_path, monkeypatch):
    """99999999999999 wrote creationdate="31708431107T094639Z" (an 11-digit year) and -5 a date of 1969: TMX's
    dates are YYYYMMDDThhmmssZ, and SOURCE_DATE_EPOCH counts from 1970."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(
        SettingsError, match=rf"^SOURCE_DATE_EPOCH must be a Unix time in seconds from 1970 to 9999, got '{epoch}'$"
    ):
        mixed_alignment().to_tmx(tmp_path / "dated.tmx", findings=())
    assert not (tmp_path / "dated.tmx").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")  # the last second of 9999
    mixed_alignment().to_tmx(tmp_path / "dated.tmx", findings=())
    assert _tree(tmp_path / "dated.tmx").getroot().find("header").get("creationdate") == "99991231T235959Z"


def test_unknown_language_is_a_clear_error_and_writes_nothing(tmp_path):
    alignment = handmade_alignment(["12345"], ["12345"], [([0], [0], 0.9)], languages=(None, "en"))
    path = tmp_path / "nolang.tmx"
    with pytest.raises(
        SettingsError,
        match=r"src.md: the language could not be detected .*give source_language= to aligner.align \(--src-lang",
    ):
        alignment.to_tmx(path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a & b", "a &amp; b"),
        ("<seg>", "&lt;seg&gt;"),
        ('say "hi"', "say &quot;hi&quot;"),
        ("bell\x07 nul\x00 ok\ttab", "bell nul ok\ttab"),
        ("cr\r", "cr&#13;"),
        ("\ufffe\ud800x", "x"),
    ],
)
def test_xml_text(text, expected):
    assert xml_text(text) == expected
