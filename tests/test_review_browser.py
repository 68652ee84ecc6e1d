"""The HTML review in a real headless browser (Debian's chromium, driven by Playwright): opens from
file:// without touching the network, one row per bead, the filters, keyboard navigation, and the editor:
each action by key and button, undo/redo, edits kept across a reload, "Save corrections" read back."""

from __future__ import annotations

from dataclasses import replace

import pytest

import aligner
from aligner import Alignment

from .export_helpers import handmade_alignment, mixed_alignment
from .test_export_roles import noted_alignment


def _visible_indices(page) -> list[int]:
    return [
        int(i)
        for i in page.eval_on_selector_all(
            "tr.bead", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.index)"
        )
    ]


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
    alignment.to_html(path, findings=())
    page = open_review(path)
    assert _visible_indices(page) == list(range(7))

    page.select_option("#severity", "errors")  # without findings: the pairs below 0.5
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


def test_a_document_read_one_unit_per_line_shows_lines_not_paragraphs(open_review, tmp_path):
    alignment = _editable()
    alignment = replace(alignment, source=replace(alignment.source, lines=True))  # --src-units lines
    path = tmp_path / "lines.html"
    alignment.to_html(path, findings=())
    page = open_review(path)
    assert [label for _, _, label in _beads(page)] == ["line 1", "line 2 line 3", "line 4", "", "line 5", "line 6"]
    target_labels = page.eval_on_selector("tr.bead", "r => r.querySelectorAll('td.text')[1].textContent")
    assert target_labels.startswith("¶1")  # the target was read as paragraphs
    assert "aligned by line / paragraph." in page.inner_text("p.documents")
    assert page.errors == []


# ---- the editor ----


def _editable() -> Alignment:
    """Six paragraphs a side: a pair, a 2-2 bead, an omission next to an addition, two pairs."""
    source = [f"Исходный абзац номер {n}." for n in range(1, 7)]
    target = [f"Target paragraph number {n}." for n in range(1, 7)]
    return handmade_alignment(
        source,
        target,
        [
            ([0], [0], 0.95),
            ([1, 2], [1, 2], 0.6),
            ([3], [], 0.8),
            ([], [3], 0.7),
            ([4], [4], 0.9),
            ([5], [5], 0.92),
        ],
    )


def _beads(page) -> list[tuple[str, str, str]]:
    """(type, status, source unit labels) of every row, as the page shows them."""
    return [
        tuple(row)
        for row in page.eval_on_selector_all(
            "tr.bead",
            """rows => rows.map(r => [
        r.querySelector('td.kind').textContent, r.dataset.status,
        Array.from(r.querySelectorAll('td.text')[0].querySelectorAll('.uid')).map(u => u.textContent).join(' ')])""",
        )
    ]


def _kinds(page) -> list[str]:
    return [kind for kind, _, _ in _beads(page)]


def _go_to(page, number: int) -> None:
    page.click(f"tr.bead:nth-child({number}) td.n")


def test_each_editor_action_by_key_and_button_with_undo_and_redo(open_review, tmp_path):
    path = tmp_path / "edit.html"
    _editable().to_html(path, findings=())
    page = open_review(path)
    assert _kinds(page) == ["1-1", "2-2", "1-0", "0-1", "1-1", "1-1"]

    page.keyboard.press("j")
    page.keyboard.press("c")  # confirm bead 1
    assert _beads(page)[0] == ("1-1", "confirmed", "¶1")

    _go_to(page, 2)
    page.click("button[data-action=split]")  # default: after the first unit of each side
    assert _kinds(page) == ["1-1", "1-1", "1-1", "1-0", "0-1", "1-1", "1-1"]
    assert [status for _, status, _ in _beads(page)[1:3]] == ["edited", "edited"]
    page.keyboard.press("u")
    assert _kinds(page) == ["1-1", "2-2", "1-0", "0-1", "1-1", "1-1"]
    page.keyboard.press("r")
    assert _kinds(page) == ["1-1", "1-1", "1-1", "1-0", "0-1", "1-1", "1-1"]

    _go_to(page, 4)  # the omission: merged with the addition after it, they make a pair
    page.keyboard.press("n")
    assert _kinds(page) == ["1-1", "1-1", "1-1", "1-1", "1-1", "1-1"]
    assert _beads(page)[3] == ("1-1", "edited", "¶4")

    _go_to(page, 5)  # detach the target unit of bead 5: an omission and an addition
    page.click("tr.bead:nth-child(5) td.text:nth-of-type(5) .unit")
    page.keyboard.press("d")
    assert _kinds(page) == ["1-1", "1-1", "1-1", "1-1", "0-1", "1-0", "1-1"]

    _go_to(page, 5)  # the addition attached to the previous pair, then undone and attached to the next
    page.click("button[data-action=attach-previous]")
    assert _kinds(page) == ["1-1", "1-1", "1-1", "1-2", "1-0", "1-1"]
    page.keyboard.press("Control+z")
    _go_to(page, 5)
    page.keyboard.press("Shift+A")
    assert _kinds(page) == ["1-1", "1-1", "1-1", "1-1", "1-0", "1-2"]

    _go_to(page, 2)  # merge with the previous bead by key, with the next by button
    page.keyboard.press("p")
    assert _kinds(page)[:2] == ["2-2", "1-1"]
    page.click("button[data-action=merge-next]")
    assert _kinds(page)[:2] == ["3-3", "1-1"]
    page.keyboard.press("u")
    page.keyboard.press("u")
    assert _kinds(page) == ["1-1", "1-1", "1-1", "1-1", "1-0", "1-2"]
    assert page.errors == []


def test_split_at_a_picked_unit_and_refusals_say_why(open_review, tmp_path):
    path = tmp_path / "split.html"
    _editable().to_html(path, findings=())
    page = open_review(path)
    _go_to(page, 2)
    page.click("tr.bead:nth-child(2) td.text:nth-of-type(4) .unit:nth-child(2)")  # second source unit
    page.click("tr.bead:nth-child(2) td.text:nth-of-type(5) .unit:nth-child(1)")  # first target unit: cut at 0
    page.keyboard.press("s")
    # source splits before ¶3, target before ¶1: (¶2 | nothing) then (¶3 | ¶2 ¶3)
    assert _kinds(page) == ["1-1", "1-0", "1-2", "1-0", "0-1", "1-1", "1-1"]
    _go_to(page, 1)
    page.keyboard.press("s")
    assert "two or more units" in page.inner_text("#message")
    page.keyboard.press("a")
    assert "no counterpart" in page.inner_text("#message")
    assert _kinds(page) == ["1-1", "1-0", "1-2", "1-0", "0-1", "1-1", "1-1"]


def test_edits_survive_a_reload_and_save_downloads_jsonl_that_loads_back(open_review, tmp_path):
    path = tmp_path / "keep.html"
    alignment = _editable()
    alignment.to_html(path, findings=())
    page = open_review(path)
    _go_to(page, 3)
    page.keyboard.press("n")  # the omission and the addition paired
    _go_to(page, 1)
    page.keyboard.press("c")
    page.reload()
    assert _kinds(page) == ["1-1", "2-2", "1-1", "1-1", "1-1"]
    assert "restored" in page.inner_text("#message")
    page.keyboard.press("u")  # the undo history survives too
    assert _beads(page)[0][1] == "auto"
    page.keyboard.press("r")

    with page.expect_download() as download:
        page.keyboard.press("w")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "src.tgt.corrected.jsonl"
    corrected = aligner.load(saved)
    assert [(b.source, b.target, b.status) for b in corrected.beads] == [
        ((0,), (0,), "confirmed"),
        ((1, 2), (1, 2), "auto"),
        ((3,), (3,), "edited"),
        ((4,), (4,), "auto"),
        ((5,), (5,), "auto"),
    ]
    assert corrected.beads[2].source_text == "Исходный абзац номер 4." and not corrected.beads[2].scored
    assert corrected.beads[1] == alignment.beads[1] and corrected.signature == alignment.signature
    assert corrected.source.paragraphs == alignment.source.paragraphs


def _saved(page, path):
    with page.expect_download() as download:
        page.keyboard.press("w")
    download.value.save_as(path)
    return path.read_bytes()


def test_the_corrections_saved_from_an_unedited_page_are_the_bytes_of_the_jsonl_export(
    open_review, tmp_path, seed_sentence_alignment
):
    """The page writes what the `jsonl` exporter writes (', ' and ': ', keys in its order, UTF-8 unescaped, floats
    as Python's repr, notes, control characters), so that a diff of the two shows only the reviewer's edits."""
    alignment = mixed_alignment()  # XML specials, tabs, line breaks, backslashes, control characters
    awkward = [(1.0, 0.0), (0.0, -0.25), (3.2e-05, 1e-07), (0.1 + 0.2, 1e16), (0.5, 0.0001)]
    beads = [replace(bead, confidence=c, similarity=m) for bead, (c, m) in zip(alignment.beads, awkward)]
    beads[0] = replace(beads[0], notes=("embedded in 2 chunks of 512 tokens",), status="confirmed")
    alignment = replace(
        alignment, beads=(*beads, *alignment.beads[len(beads) :]), warnings=('«Эстонский» \\ "quoted"',)
    )
    pages = {}
    for name, each in (("mixed", alignment), ("sentences", seed_sentence_alignment)):
        page_path, exported = tmp_path / f"{name}.html", tmp_path / f"{name}.jsonl"
        each.to_html(page_path, findings=())
        each.to_jsonl(exported)
        pages[name] = page = open_review(page_path)
        assert _saved(page, tmp_path / f"{name}-saved.jsonl") == exported.read_bytes(), name
        assert page.errors == []
    shown = pages["mixed"].eval_on_selector_all("#bead-4 .unit", "units => units.map(u => u.lastChild.textContent)")
    assert shown == ["Back\\slash ]]> ctl", "Back\\slash ]]> ctl"]  # the rows show the texts without controls
    page = pages["sentences"]
    _go_to(page, 2)
    page.keyboard.press("n")  # an edit: the beads the page made are written as the exporter writes them too
    saved, again = tmp_path / "edited.jsonl", tmp_path / "again.jsonl"
    edited = _saved(page, saved)
    aligner.load(saved).to_jsonl(again)
    assert edited == again.read_bytes() and edited.count(b"\n") == len(seed_sentence_alignment.beads)


def test_the_count_of_changes_kept_in_the_browser_follows_every_edit(open_review, tmp_path):
    """fc6: it lagged one edit behind ("1 confirmed, ...; 0 change(s) kept" after the first confirm)."""
    path = tmp_path / "count.html"
    _editable().to_html(path, findings=())
    page = open_review(path)

    def status() -> str:
        return page.inner_text("#edit-status")

    def kept() -> int:  # what localStorage holds: the undo history the page would restore
        return page.evaluate("Object.keys(localStorage).map(k => JSON.parse(localStorage[k]).undo.length)")[0]

    assert status() == "0 confirmed, 0 edited of 6 beads; 0 change(s) kept in this browser"
    _go_to(page, 1)
    page.keyboard.press("c")
    assert status() == "1 confirmed, 0 edited of 6 beads; 1 change(s) kept in this browser" and kept() == 1
    _go_to(page, 3)
    page.keyboard.press("n")  # the omission and the addition paired
    assert status() == "1 confirmed, 1 edited of 5 beads; 2 change(s) kept in this browser" and kept() == 2
    page.keyboard.press("u")
    assert status() == "1 confirmed, 0 edited of 6 beads; 1 change(s) kept in this browser" and kept() == 1
    page.keyboard.press("r")
    assert status() == "1 confirmed, 1 edited of 5 beads; 2 change(s) kept in this browser" and kept() == 2
    page.reload()
    assert status() == "1 confirmed, 1 edited of 5 beads; 2 change(s) kept in this browser"
    assert page.errors == []


def test_a_page_for_another_alignment_does_not_pick_up_the_edits(browser, tmp_path):
    first, second, again = tmp_path / "a" / "keep.html", tmp_path / "b" / "keep.html", tmp_path / "c" / "keep.html"
    for path, alignment in ((first, _editable()), (second, mixed_alignment()), (again, _editable())):
        path.parent.mkdir()
        alignment.to_html(path, findings=())  # all with the same signature and file names
    context = browser.new_context()  # one browser profile, so one localStorage for every file:// page
    page = context.new_page()
    page.goto(first.resolve().as_uri())
    _go_to(page, 1)
    page.keyboard.press("c")
    page.goto(second.resolve().as_uri())
    assert [status for _, status, _ in _beads(page)] == ["auto"] * 7  # other texts: not restored
    page.goto(again.resolve().as_uri())
    assert _beads(page)[0][1] == "confirmed"  # the same alignment elsewhere: restored
    context.close()


@pytest.mark.model
def test_findings_filters_and_row_colours_in_the_check_page(open_review, tmp_path, seed_paths):
    # the case: a target that is not a translation of the source (document confidence below 0.1)
    from aligner.cli import main

    omissions = sum(
        1 for bead in aligner.align(seed_paths["ru"], seed_paths["en-2026"]).beads if bead.source and not bead.target
    )

    path = tmp_path / "check.html"
    assert main(["check", str(seed_paths["ru"]), str(seed_paths["en-2026"]), "-o", str(path)]) == 1
    page = open_review(path)
    beads = page.eval_on_selector_all(
        "tr.bead",
        "rows => rows.map(r => [r.dataset.worst, getComputedStyle(r.querySelector('td.text')).backgroundColor])",
    )
    errors = [colour for worst, colour in beads if worst == "error"]
    assert errors and all(colour == "rgb(251, 225, 225)" for colour in errors)  # red, not green
    total = len(beads)
    page.select_option("#severity", "errors")
    assert page.inner_text("#shown") == f"{len(errors)} of {total} beads shown"  # no more "0 of 9"
    page.select_option("#check", "omission")
    assert omissions and page.inner_text("#shown") == f"{omissions} of {total} beads shown"
    assert "has no translation" in page.inner_text("tr.bead:not([hidden]) .finding")
    page.select_option("#check", "any")
    page.select_option("#severity", "all")
    page.keyboard.press("f")
    assert page.input_value("#severity") == "errors"
    assert page.errors == []


def test_any_sequence_of_edits_keeps_every_unit_in_one_bead_in_order(open_review, tmp_path):
    """A seeded random walk over the editor's keys: after every key the beads still cover each unit once, in
    document order, and undoing everything gives the alignment back."""
    import random

    path = tmp_path / "walk.html"
    _editable().to_html(path, findings=())
    page = open_review(path)
    keys = ["j", "k", "ArrowRight", "Shift+ArrowRight", "c", "p", "n", "s", "d", "a", "Shift+A", "u", "r"]
    randomness = random.Random(13)
    edits = 0
    for _ in range(80):
        page.keyboard.press(randomness.choice(keys))
        sides = page.eval_on_selector_all(
            "tr.bead",
            """rows => ['s', 't'].map(side => rows.flatMap(r =>
            Array.from(r.querySelectorAll('.unit[data-side=' + side + ']')).map(u => Number(u.dataset.id))))""",
        )
        assert sides == [list(range(6)), list(range(6))]
        numbers = page.eval_on_selector_all(
            "tr.bead", "rows => rows.map(r => [r.dataset.index, r.querySelector('td.n').textContent])"
        )
        assert numbers == [[str(i), str(i + 1)] for i in range(len(numbers))]  # rows renumbered after each edit
        edits = page.evaluate("""() => {
            const key = JSON.parse(document.getElementById('alignment-data').textContent).key;
            return (JSON.parse(localStorage.getItem(key)) || {undo: []}).undo.length; }""")
    assert edits > 0
    for _ in range(edits):
        page.keyboard.press("u")
    assert _kinds(page) == ["1-1", "2-2", "1-0", "0-1", "1-1", "1-1"]
    assert page.errors == []


@pytest.mark.model
def test_a_language_outside_the_encoder_is_warned_about_in_the_review_and_in_its_saved_corrections(
    open_review, tmp_path
):
    estonian = (
        "Kõik inimesed sünnivad vabadena ja võrdsetena oma väärikuselt ja õigustelt.\n\nNeile on antud "
        "mõistus ja südametunnistus ja nende suhtumist üksteisesse peab kandma vendluse vaim."
    )
    english = (
        "All human beings are born free and equal in dignity and rights.\n\nThey are endowed with reason "
        "and conscience and should act towards one another in a spirit of brotherhood."
    )
    alignment = aligner.align(estonian, english, source_language="et", target_language="en")
    warning, short = alignment.warnings  # two paragraphs a side: also too short to tell
    assert short.startswith("the documents are too short (2 paragraphs a side)")
    path = tmp_path / "et-en.html"
    alignment.to_html(path, findings=())
    page = open_review(path)
    section = page.locator("#warnings")
    assert section.is_visible()
    box = section.bounding_box()
    assert box is not None and box["y"] < page.viewport_size["height"]  # seen on opening, without scrolling
    assert "Estonian is not among the languages of the encoder" in section.inner_text()
    assert "sentence-transformers/LaBSE" in section.inner_text()

    with page.expect_download() as download:
        page.keyboard.press("w")  # save corrections: the warning travels with them
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    corrected = aligner.load(saved)
    assert corrected.warnings == (warning, short)
    again = tmp_path / "again.html"
    corrected.to_html(again, findings=())
    assert open_review(again).locator("#warnings li").all_inner_texts() == [warning, short]
    assert page.errors == []


# ---- the summary, findings after an edit, the confidence of a 1-0/0-1 bead ----


def _summary(page) -> dict[str, str]:
    figures = ("beads", "low", "omissions", "additions", "left-out")
    shown = {name: page.inner_text(f"#sum-{name}") for name in figures if page.is_visible(f"#sum-{name}")}
    shown["histogram"] = page.eval_on_selector_all(
        "#histogram .bar", "bars => bars.map(b => b.querySelector('.count').textContent || '0').join(' ')"
    )
    return shown


def test_the_summary_counts_the_current_beads_after_every_edit_undo_and_redo(open_review, tmp_path):
    path = tmp_path / "summary.html"
    _editable().to_html(path, min_confidence=0.725, findings=())  # the 2-2 bead at 0.6 is left out of a TM export
    page = open_review(path)
    as_aligned = {
        "beads": "6 (1-1 ×3, 0-1 ×1, 1-0 ×1, 2-2 ×1)",
        "low": "1",  # below max(review threshold 0.5, min confidence 0.725): the 2-2 bead
        "omissions": "1",
        "additions": "1",
        "left-out": "1",
        "histogram": "0 0 0 0 0 0 1 0 0 3",  # pairs only: 0.6, then 0.95, 0.9, 0.92
    }
    assert _summary(page) == as_aligned
    _go_to(page, 3)
    page.keyboard.press("n")  # the omission and the addition paired: a 1-1 bead the aligner did not score
    # left out of a TM export with --min-confidence 0.725: the 2-2 bead, and the pair the edit made until confirmed
    paired = {**as_aligned, "beads": "5 (1-1 ×4, 2-2 ×1)", "omissions": "0", "additions": "0", "left-out": "2"}
    assert _summary(page) == paired  # the histogram has no bar for a pair an edit made (not scored)
    assert "not scored" in page.inner_text("#bead-2 td.conf")
    assert "an edit the aligner did not score (confidence < 0.725)" in page.inner_text("#bead-2 .badge.left-out")
    _go_to(page, 2)
    page.keyboard.press("c")  # a confirmed pair is written, and no longer to review
    confirmed = {**paired, "low": "0", "left-out": "1"}
    assert _summary(page) == confirmed
    page.keyboard.press("u")
    page.keyboard.press("u")
    assert _summary(page) == as_aligned
    page.keyboard.press("r")
    assert _summary(page) == paired
    _go_to(page, 1)
    page.keyboard.press("d")  # the 0.95 pair detached: an omission and an addition, one bar less at 0.9
    detached = {**paired, "beads": "6 (1-1 ×3, 0-1 ×1, 1-0 ×1, 2-2 ×1)", "omissions": "1", "additions": "1"}
    detached["histogram"] = "0 0 0 0 0 0 1 0 0 2"
    assert _summary(page) == detached
    assert "As aligned, before your edits" in page.inner_text("#summary")
    assert page.errors == []


def test_the_count_of_pairs_left_out_shows_0_when_a_confirm_brings_it_there(open_review, tmp_path):
    """The row "pairs a translation-memory export leaves out" disappeared when a confirm brought it to 0, instead of
    saying 0 (fresh-clone trial 3, nit 15); a page with no pair left out says 0 too, as the other figures do."""
    path = tmp_path / "summary.html"
    _editable().to_html(path, min_confidence=0.725, findings=())  # the 2-2 bead at 0.6 is left out of a TM export
    page = open_review(path)
    label = "#sum-left-out"
    assert page.inner_text(label) == "1" and page.is_visible(label)
    _go_to(page, 2)
    page.keyboard.press("c")
    assert page.inner_text(label) == "0" and page.is_visible(label)
    assert page.is_visible("#now dt:has-text('pairs a translation-memory export leaves out')")
    _editable().to_html(path, findings=())
    page = open_review(path)
    assert page.inner_text(label) == "0" and page.is_visible(label)
    assert page.errors == []


def test_below_the_gate_the_count_of_pairs_left_out_says_all_are(open_review, tmp_path):
    """Under the banner that refuses a TM export, "pairs a translation-memory export leaves out: 1" read as "the
    others go in" (trial7 D5): it says all are, and how many only when forced; a page written forced counts those."""
    from aligner.export import DOCUMENT_GATE, ExportOptions
    from aligner.export.html import render

    gated = replace(_editable(), confidence=DOCUMENT_GATE / 2)
    path = tmp_path / "gated.html"
    gated.to_html(path, min_confidence=0.725, findings=())
    page = open_review(path)
    assert page.is_visible("#gate")
    assert page.inner_text("#sum-left-out") == "all 4 (below the gate); 1 with --force"
    assert page.inner_text("#sum-warned") == "none (below the gate); 0 with --force"
    _go_to(page, 2)
    page.keyboard.press("c")  # confirmations do not lift the gate
    assert page.inner_text("#sum-left-out") == "all 4 (below the gate); 0 with --force"
    forced = render(gated, ExportOptions(min_confidence=0.725, findings=(), force=True))
    path.write_text(forced[""], encoding="utf-8")
    assert open_review(path).inner_text("#sum-left-out") == "1"
    assert page.errors == []


def test_a_pair_left_out_for_an_error_and_as_an_edit_is_badged_with_both_reasons(open_review, tmp_path):
    """An edited pair with an error finding, under min_confidence, was badged only as an edit the aligner did not
    score: the error is said too, first, for a pair edited before the page was written and for one edited on it."""
    from aligner.types import Finding

    alignment = _editable()
    edited = replace(alignment.beads[0], status="edited", confidence=0.0)
    findings = [
        Finding("numbers", "error", 0, "Numbers differ: 744 and 774"),
        Finding("numbers", "error", 4, "Numbers differ: 12 and 21"),
    ]
    path = tmp_path / "left-out.html"
    replace(alignment, beads=(edited, *alignment.beads[1:])).to_html(path, min_confidence=0.5, findings=findings)
    page = open_review(path)
    both = "left out of a TM export: an error finding; an edit the aligner did not score (confidence < 0.5): confirm it"
    assert page.inner_text("#bead-0 .badge.left-out") == both
    _go_to(page, 4)
    page.keyboard.press("Shift+A")  # the addition attached to the next pair, which has a numbers error: an edited pair
    assert page.inner_text("#bead-3 .badge.left-out") == both


def test_an_edit_keeps_the_findings_of_its_units_until_the_reviewer_confirms(open_review, tmp_path):
    from aligner.types import Finding

    findings = [
        Finding("low-confidence", "error", 1, "Uncertain pair"),
        Finding("addition", "error", 3, "Target paragraph 4 has no source text"),
        Finding("numbers", "error", 4, "Numbers differ: 744 and 774"),
    ]
    path = tmp_path / "findings.html"
    _editable().to_html(path, findings=findings)
    page = open_review(path)

    def notes(number: int) -> tuple[str, str, str]:
        row = f"tr.bead:nth-child({number})"
        return (
            page.get_attribute(row, "data-worst"),
            " | ".join(page.locator(f"{row} .finding").all_inner_texts()),
            page.get_attribute(row, "class"),
        )

    _go_to(page, 4)
    page.keyboard.press("Shift+A")  # the addition attached to the next pair, which has a numbers error
    assert _kinds(page) == ["1-1", "2-2", "1-0", "1-2", "1-1"]
    worst, text, classes = notes(4)
    assert worst == "error" and "worst-error" in classes
    assert text == "error · numbers found before the edit Numbers differ: 744 and 774"  # the addition is settled
    assert "left-out" in classes  # an edit is not an approval: the error keeps the pair out of a TM export
    page.select_option("#severity", "errors")
    assert 3 in _visible_indices(page)  # an edit is not a confirmation: still to review
    page.select_option("#severity", "all")

    _go_to(page, 4)
    page.keyboard.press("c")
    worst, text, classes = notes(4)
    assert "status-confirmed" in classes and "found before the edit" in text and "left-out" not in classes
    page.select_option("#severity", "errors")
    assert 3 not in _visible_indices(page)
    page.select_option("#severity", "all")
    _go_to(page, 4)
    page.keyboard.press("c")  # confirm again: back to edited, not to auto
    assert _beads(page)[3][1] == "edited" and "worst-error" in notes(4)[2] and "left-out" in notes(4)[2]

    _go_to(page, 2)
    page.keyboard.press("s")  # the uncertain 2-2 split: an uncertain pair's finding does not follow the edit
    assert notes(2)[1] == notes(3)[1] == ""
    page.keyboard.press("u")
    assert notes(2)[1] == "error · low-confidence Uncertain pair"  # its own finding, not marked
    assert page.errors == []


@pytest.mark.model
def test_a_detached_pair_shows_the_omission_and_addition_check_will_report(open_review, tmp_path):
    """After a detach, the two rows (1-0 and 0-1) show what `aligner check` reports on the saved corrections, not
    the numbers comparison of the pair they were (fresh-clone 8, finding 7)."""
    from aligner.types import Finding

    path = tmp_path / "detach.html"
    _editable().to_html(path, findings=[Finding("numbers", "error", 4, "Numbers differ: 744 and 774")])
    page = open_review(path)
    _go_to(page, 5)
    page.keyboard.press("d")
    assert _kinds(page) == ["1-1", "2-2", "1-0", "0-1", "1-0", "0-1", "1-1"]
    shown = [page.locator(f"tr.bead:nth-child({n}) .finding").all_inner_texts() for n in (5, 6)]
    assert all(len(texts) == 1 and "numbers" not in texts[0] for texts in shown)
    assert [page.get_attribute(f"tr.bead:nth-child({n})", "data-worst") for n in (5, 6)] == ["error", "error"]
    assert [page.inner_text(f"tr.bead:nth-child({n}) td.conf") for n in (5, 6)] == ["no\xa0counterpart: your edit"] * 2
    with page.expect_download() as download:
        page.keyboard.press("w")
    saved = tmp_path / "saved.jsonl"
    download.value.save_as(saved)
    reported = {f.bead: f for f in aligner.load(saved).check() if f.bead in (4, 5)}
    assert [f"{reported[b].severity} · {reported[b].check} after the edit {reported[b].message}" for b in (4, 5)] == [
        texts[0] for texts in shown
    ]
    assert page.errors == []


def test_an_omission_shows_the_probability_of_no_counterpart_not_a_green_confidence(open_review, tmp_path):
    path = tmp_path / "gaps.html"
    mixed_alignment().to_html(path, findings=())  # bead 3 is a 1-0 at 0.9, bead 6 a 0-1 at 0.6, bead 1 a pair at 0.95
    page = open_review(path)

    def badge(number: int) -> tuple[str, str, str]:
        chip = page.locator(f"tr.bead:nth-child({number}) td.conf .chip")
        return chip.inner_text(), chip.evaluate("c => getComputedStyle(c).backgroundColor"), chip.get_attribute("title")

    pair_text, green, _ = badge(1)
    assert pair_text == "0.95"
    for number, probability in ((3, "0.90"), (6, "0.60")):
        text, colour, title = badge(number)
        assert text == f"no\u00a0counterpart {probability}"
        assert colour != green and "really has no counterpart" in title and "Not a confidence" in title
    assert "no\u00a0counterpart 0.95 is the probability that the unit really has no counterpart" in page.inner_text(
        "#legend"
    )
    assert "pairs at confidence" in page.inner_text("#severity option[value=errors]")
    assert page.errors == []


def test_a_confidence_just_below_the_threshold_is_not_shown_as_the_threshold(open_review, tmp_path):
    """A pair at 0.8997 had a yellow "0.90" chip beside the legend's green "≥ 0.90" and yellow "< 0.90"."""
    path = tmp_path / "cut.html"
    alignment = handmade_alignment(["Один.", "Два."], ["One.", "Two."], [((0,), (0,), 0.8997), ((1,), (), 0.9996)])
    alignment.to_html(path, findings=())
    page = open_review(path)
    assert page.inner_text("tr.bead:nth-child(1) td.conf .chip") == "0.89"
    assert page.inner_text("tr.bead:nth-child(2) td.conf .chip") == "no\u00a0counterpart 0.99"
    assert page.errors == []


def test_a_right_to_left_text_is_laid_out_right_to_left_from_the_right_edge(open_review, tmp_path):
    """An Arabic paragraph had no `dir`: its full stop and closing bracket were drawn at its start, on the right,
    and its lines started at the left of the cell. Its number stays "¶1", not "1¶"."""
    source = ["اليوم هو يوم الحداد الوطني (20 يناير).", "نحن نتذكر الضحايا كل عام."]
    target = ["Today is the National Mourning Day (20 January).", "We remember the victims every year."]
    path = tmp_path / "rtl.html"
    handmade_alignment(source, target, [((0,), (0,), 0.95), ((1,), (1,), 0.9)], languages=("ar", "en")).to_html(
        path, findings=()
    )
    page = open_review(path)
    layout = page.eval_on_selector_all(
        "tr.bead td.text",
        """cells => cells.map(cell => {
             const text = cell.querySelector('.unit'), box = cell.getBoundingClientRect();
             const range = document.createRange();
             range.selectNodeContents(text.lastChild);
             const line = range.getBoundingClientRect();
             return [getComputedStyle(cell).direction, Math.round(box.right - line.right),
                     Math.round(line.left - box.left), getComputedStyle(text.querySelector('.uid')).direction];
           })""",
    )
    assert [direction for direction, *_ in layout] == ["rtl", "ltr", "rtl", "ltr"]
    arabic, english = layout[0::2], layout[1::2]
    assert all(right_gap < left_gap for _, right_gap, left_gap, _ in arabic)  # set from the right edge
    assert all(left_gap < right_gap for _, right_gap, left_gap, _ in english)
    assert [number_direction for *_, number_direction in layout] == ["ltr"] * 4
    assert page.errors == []


def test_a_language_that_is_no_tag_in_a_loaded_alignment_cannot_add_markup_to_the_rows(open_review, tmp_path):
    """The rows put the documents' languages into their cells' lang="..." unescaped: a JSONL whose language was
    'en" onmouseover="...' (aligner.load does not check it) gave every text cell an event handler."""
    crafted = 'en" onmouseover="document.title=1" data-x="'
    alignment = handmade_alignment(["Один.", "Два."], ["One.", "Two."], [((0,), (0,), 0.9), ((1,), (1,), 0.9)])
    alignment = replace(alignment, target=replace(alignment.target, language=crafted))
    path = tmp_path / "crafted.html"
    alignment.to_html(path, findings=())
    page = open_review(path)
    languages = page.eval_on_selector_all("tr.bead td.text", "cells => cells.map(cell => cell.getAttribute('lang'))")
    assert languages == ["ru", crafted, "ru", crafted]
    assert page.eval_on_selector_all("[onmouseover]", "found => found.length") == 0
    assert page.errors == []


def test_a_finding_on_a_confirmed_bead_says_it_is_not_counted_and_the_page_says_how_to_fix_a_text(
    open_review, tmp_path
):
    """fc6: `check` counted a confirmed bead's error while `export` wrote the pair; the page could not fix a text."""
    from aligner.types import Finding

    alignment = _editable()
    beads = list(alignment.beads)
    beads[4] = replace(beads[4], status="confirmed")
    path = tmp_path / "confirmed.html"
    replace(alignment, beads=tuple(beads)).to_html(
        path, findings=[Finding("numbers", "error", 4, "Numbers differ: 744 and 774")]
    )
    page = open_review(path)
    assert page.inner_text("tr.bead:nth-child(5) .finding").startswith("error · numbers confirmed: not counted ")
    _go_to(page, 5)
    page.keyboard.press("c")  # back to auto: counted again
    assert "not counted" not in page.inner_text("tr.bead:nth-child(5) .finding")
    assert page.is_visible("#fix-text") and "aligner export review.xlsx -o pair.tmx" in page.inner_text("#fix-text")
    assert page.errors == []


def _findings(page, row: str) -> list[tuple[str, dict[str, str]]]:
    """(text before the evidence, {evidence name: value}) of each finding the row shows."""
    return [
        (text, dict(evidence))
        for text, evidence in page.eval_on_selector_all(
            f"{row} .finding",
            """findings => findings.map(f => [
              Array.from(f.childNodes).filter(n => n.tagName !== 'DL').map(n => n.textContent).join('').trim(),
              Array.from(f.querySelectorAll('.evidence dt')).map(dt => [dt.textContent, dt.nextSibling.textContent])
            ])""",
        )
    ]


def test_paragraphs_swapped_far_apart_show_each_row_its_own_moved_finding_both_left_out(
    open_review, tmp_path, fake_encoder
):
    """Each row shows the finding of its own source unit, which names the other bead; not also its partner's, whose
    evidence would be this row's own text and this row as the other bead."""
    from tests.test_checks import APPLES, BOOKS, swapped_alignment

    alignment = swapped_alignment()
    path = tmp_path / "swapped.html"
    alignment.to_html(path, findings=alignment.check(checks=("moved",), model=fake_encoder))
    page = open_review(path)
    for row, (source, target), translation in (("#bead-0", (1, 4), APPLES), ("#bead-3", (4, 1), BOOKS)):
        [(text, evidence)] = _findings(page, row)
        assert text == (
            f"error · moved Source paragraph {source} is translated by target paragraph {target} (bead {target}), "
            "out of order: paragraphs swapped or moved in the translation"
        )
        assert (evidence["translation"], evidence["other bead"]) == (translation, str(target))
        assert page.inner_text(f"{row} .badge.left-out") == "left out of a TM export: an error finding"
    assert page.locator("#bead-1 .finding").count() == 0
    assert page.errors == []


def test_a_long_evidence_text_shows_in_three_lines_until_clicked(open_review, tmp_path):
    """A moved unit's translation, another translation of an inconsistent source: a whole paragraph, which in the
    narrow findings column made one row several screens tall (fresh-clone 12)."""
    from aligner.types import Finding

    paragraph = " ".join(f"Sentence {n} of another translation of the same paragraph." for n in range(1, 40))
    path = tmp_path / "long-evidence.html"
    evidence = (("other translation", paragraph), ("other_bead", "4"))
    _editable().to_html(path, findings=[Finding("inconsistent", "warning", 0, "Translated otherwise", evidence)])
    page = open_review(path)
    assert _findings(page, "#bead-0")[0][1]["other translation"] == paragraph  # all of it in the page (find, print)
    long = page.locator("#bead-0 dd.long")
    assert long.count() == 1 and page.locator("#bead-0 dd:not(.long)").inner_text() == "5"
    clamped = long.evaluate("dd => dd.getBoundingClientRect().height")
    line = long.evaluate("dd => parseFloat(getComputedStyle(dd).lineHeight)")
    assert clamped <= 3.5 * line
    long.click()
    assert long.evaluate("dd => dd.getBoundingClientRect().height") > 5 * clamped
    long.click()
    assert long.evaluate("dd => dd.getBoundingClientRect().height") == clamped
    assert page.errors == []


def test_the_row_of_a_moved_units_translation_says_which_of_its_units_came_from_where(
    open_review, tmp_path, fake_encoder
):
    from tests.test_checks import MOVED, moved_alignment

    alignment = moved_alignment()  # source paragraph 1 left unpaired at bead 1, its translation added at bead 4
    path = tmp_path / "moved.html"
    alignment.to_html(path, findings=alignment.check(model=fake_encoder))
    page = open_review(path)
    [(text, evidence)] = _findings(page, "#bead-0")
    assert text.startswith("error · moved Source paragraph 1 is translated by target paragraph 3 (bead 4), out of")
    assert (evidence["translation"], evidence["other bead"]) == (MOVED, "4")
    [(text, evidence)] = _findings(page, "#bead-3")
    assert text == (
        "error · moved Target paragraph 3 translates source paragraph 1 (bead 1), out of order: the paragraph was "
        "moved in the translation, not added"
    )
    assert (evidence["source text"], evidence["other bead"]) == (MOVED, "1") and "translation" not in evidence
    assert [page.get_attribute(row, "data-worst") for row in ("#bead-0", "#bead-3")] == ["error", "error"]
    assert page.errors == []


# ---- a long document: the rows are in chunks the browser lays out only near the viewport ----


def _long(beads: int) -> Alignment:
    source = [f"Абзац номер {n} длинного документа." for n in range(1, beads + 1)]
    target = [f"Paragraph number {n} of a long document." for n in range(1, beads + 1)]
    return handmade_alignment(source, target, [([i], [i], 0.9) for i in range(beads)])


def _numbers(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "tr.bead", "rows => rows.map(r => [r.id, r.dataset.index, r.querySelector('td.n').textContent])"
    )


def _rendered(page, index: int) -> bool:  # False while its chunk is skipped (content-visibility)
    return page.evaluate(f"document.getElementById('bead-{index}').checkVisibility({{contentVisibilityAuto: true}})")


def test_a_merge_far_up_a_long_page_renumbers_every_row_after_it_and_leaves_them_in_place(open_review, tmp_path):
    path = tmp_path / "long.html"
    _long(260).to_html(path, findings=())
    page = open_review(path)
    assert not _rendered(page, 250)  # far from the viewport: not laid out
    page.evaluate("document.getElementById('bead-250').dataset.mark = 'kept'")
    _go_to(page, 2)
    page.keyboard.press("n")  # beads 2 and 3 merged: every row after them one number up
    assert _numbers(page) == [[f"bead-{i}", str(i), str(i + 1)] for i in range(259)]
    assert page.get_attribute("#bead-249", "data-mark") == "kept"  # the same row, renumbered, not made again
    assert not _rendered(page, 249)
    assert _kinds(page) == ["1-1", "2-2"] + ["1-1"] * 257
    page.keyboard.press("s")
    page.keyboard.press("u")
    page.keyboard.press("u")
    assert _numbers(page) == [[f"bead-{i}", str(i), str(i + 1)] for i in range(260)]
    page.keyboard.press("r")
    _go_to(page, 2)
    page.keyboard.press("u")
    sides = page.eval_on_selector_all(
        "tr.bead", "rows => rows.map(r => Array.from(r.querySelectorAll('.unit')).map(u => u.dataset.id))"
    )
    assert sides == [[str(i), str(i)] for i in range(260)]
    assert page.errors == []


def test_the_filters_and_the_keys_on_a_long_page(open_review, tmp_path):
    from aligner.types import Finding

    flagged = [3, 120, 121, 255]
    path = tmp_path / "long.html"
    _long(260).to_html(path, findings=[Finding("numbers", "error", i, "Numbers differ") for i in flagged])
    page = open_review(path)
    page.keyboard.press("f")
    assert _visible_indices(page) == flagged and page.inner_text("#shown") == "4 of 260 beads shown"
    for index in flagged:  # j goes through the rows shown, however far, and shows each
        page.keyboard.press("j")
        assert page.evaluate("document.activeElement.id") == f"bead-{index}"
        box = page.locator(f"#bead-{index}").bounding_box()
        assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    page.keyboard.press("c")  # confirmed: no longer to review
    assert _visible_indices(page) == flagged[:-1] and page.inner_text("#shown") == "3 of 260 beads shown"
    page.select_option("#check", "numbers")
    page.select_option("#severity", "all")
    assert _visible_indices(page) == flagged
    page.select_option("#check", "any")
    assert _visible_indices(page) == list(range(260)) and page.inner_text("#shown") == "260 of 260 beads shown"
    assert page.errors == []


def test_a_long_page_is_found_in_and_printed_whole(open_review, tmp_path):
    import io

    from pdfminer.high_level import extract_text

    path = tmp_path / "long.html"
    _long(260).to_html(path, findings=())
    page = open_review(path)
    assert not _rendered(page, 230)
    printed = " ".join(extract_text(io.BytesIO(page.pdf())).split())
    assert [n for n in range(1, 261) if f"Paragraph number {n} of a long document." not in printed] == []
    # on paper the editor stays out: its sticky toolbar had been printed over the rows
    assert "Save corrections" not in printed and "Merge" not in printed and "Keys" not in printed
    assert page.evaluate("window.find('Paragraph number 231 of')")  # find-in-page reaches a row not laid out
    assert page.evaluate("window.getSelection().anchorNode.parentElement.closest('tr').id") == "bead-230"
    assert page.errors == []


def test_a_note_and_a_text_box_are_labelled_on_their_rows_and_their_roles_saved_with_the_corrections(
    open_review, tmp_path
):
    alignment = noted_alignment()
    path, exported = tmp_path / "notes.html", tmp_path / "notes.jsonl"
    alignment.to_html(path, findings=())
    alignment.to_jsonl(exported)
    page = open_review(path)
    labels = page.eval_on_selector_all(
        ".unit[data-side]",
        "units => units.map(u => getComputedStyle(u.querySelector('.uid'), '::after').content)",
    )
    assert labels == ["none", "none", '"footnote"', '"footnote"', "none", '"text box"', "none", '"text box"']
    assert _saved(page, tmp_path / "saved.jsonl") == exported.read_bytes()
    _go_to(page, 2)
    page.keyboard.press("n")  # merged with the next bead: its units keep their roles
    edited = tmp_path / "edited.jsonl"
    _saved(page, edited)
    loaded = aligner.load(edited)
    assert [bead.source for bead in loaded.beads] == [(0,), (1, 2, 3)]
    assert [unit.role for unit in loaded.source.paragraphs] == [None, "footnote", None, "text box"]
    assert page.errors == []


def test_a_detached_footnote_is_said_to_be_a_footnote_as_check_says_it(open_review, tmp_path):
    """The omission and addition the page shows after a detach name the footnote's role with the words `aligner
    check` reports on the saved corrections."""
    path = tmp_path / "note.html"
    noted_alignment().to_html(path, findings=())  # bead 2 pairs the footnotes
    page = open_review(path)
    _go_to(page, 2)
    page.keyboard.press("d")
    shown = [page.locator(f"tr.bead:nth-child({n}) .finding").all_inner_texts() for n in (2, 3)]
    assert all(len(texts) == 1 for texts in shown)
    with page.expect_download() as download:
        page.keyboard.press("w")
    saved = tmp_path / "saved.jsonl"
    download.value.save_as(saved)
    reported = {f.bead: f for f in aligner.load(saved).check(checks=("omission", "addition")) if f.bead in (1, 2)}
    assert "Source footnote (paragraph 2) has no translation" in reported[1].message
    assert [f"{reported[b].severity} · {reported[b].check} after the edit {reported[b].message}" for b in (1, 2)] == [
        texts[0] for texts in shown
    ]
    assert page.errors == []


def test_an_omitted_footnote_s_row_says_where_it_is_once(open_review, tmp_path):
    """The finding read "Source footnote (paragraph 2) has no translation: «...»" and then "where footnote (paragraph
    2)" under it."""
    from aligner.checks import check

    from .test_check_roles import omitted_note

    alignment = omitted_note()
    path = tmp_path / "omitted.html"
    alignment.to_html(path, findings=check(alignment, checks=("omission",)))
    page = open_review(path)
    shown = page.inner_text("tr.bead:nth-child(2) .finding")
    assert "Source footnote (paragraph 2) has no translation" in shown
    assert shown.count("paragraph 2") == 1
    assert page.errors == []


# ---- reviewing under a filter: the keys go on from where the bead was, what a confirm lets in, reject ----


def _flagged(tmp_path, name: str = "flagged.html") -> tuple[Alignment, object]:
    """`_editable` with an error on beads 1, 5 and 6 (0-based 0, 4, 5) and an uncertain 2-2 (bead 2)."""
    from aligner.types import Finding

    findings = [
        Finding("numbers", "error", 0, "Numbers differ: the source has 150 but the translation has 105 instead"),
        Finding("low-confidence", "error", 1, "Uncertain pair"),
        Finding("numbers", "error", 4, "Numbers differ: 744 and 774"),
        Finding("length", "error", 5, "The translation is much shorter"),
    ]
    alignment = _editable()
    path = tmp_path / name
    alignment.to_html(path, findings=findings)
    return alignment, path


def _at(page) -> str | None:
    return page.evaluate("document.activeElement.dataset.index")


def test_j_and_k_after_a_confirm_hides_the_bead_go_on_from_where_it_was(open_review, tmp_path):
    """trial9 #2: under "errors to review", a confirm hid the bead and j then went back to the first bead shown
    (a reviewer's rhythm c, j, c, j confirmed a pair left out on purpose); the header still named the hidden bead
    and the message "Bead 5 confirmed." stayed after the selection moved on."""
    _, path = _flagged(tmp_path)
    page = open_review(path)
    page.keyboard.press("f")
    assert _visible_indices(page) == [0, 1, 4, 5]
    _go_to(page, 5)
    page.keyboard.press("c")
    assert _visible_indices(page) == [0, 1, 5]
    assert page.inner_text("#current") == "no bead selected"  # not "bead 5", which the filter hides
    page.keyboard.press("j")
    assert _at(page) == "5" and page.inner_text("#current") == "bead 6"
    assert page.inner_text("#message") == ""
    page.keyboard.press("u")  # bead 5 shown again, selected by the undo
    assert _at(page) == "4"
    page.keyboard.press("c")
    page.keyboard.press("k")
    assert _at(page) == "1"
    assert page.errors == []


def test_j_after_an_edit_by_button_hides_the_bead_goes_to_the_next_bead_shown(open_review, tmp_path):
    _, path = _flagged(tmp_path)
    page = open_review(path)
    page.select_option("#severity", "errors")
    _go_to(page, 2)
    page.click("button[data-action=split]")  # the uncertain pair's finding does not follow the edit: both hidden
    assert _visible_indices(page) == [0, 5, 6]
    page.keyboard.press("j")
    assert _at(page) == "5"  # the next error after the split pairs, not bead 1
    assert page.errors == []


def test_a_confirm_over_an_error_says_the_pair_goes_into_the_tm_and_the_summary_counts_it(open_review, tmp_path):
    """trial9 #3: c on a pair with a wrong number said only "Bead 5 confirmed." and the pair left the errors view."""
    _, path = _flagged(tmp_path)
    page = open_review(path)
    assert page.inner_text("#sum-confirmed-errors") == "0"
    _go_to(page, 1)
    page.keyboard.press("c")
    assert page.inner_text("#message") == (
        "Bead 1 confirmed: it goes into the translation memory despite 1 error (numbers: Numbers differ: the source "
        "has 150 but the translation has 105 instead)."
    )
    assert page.inner_text("#sum-confirmed-errors") == "1"
    page.select_option("#severity", "reviewed")  # still found: among the confirmed
    assert _visible_indices(page) == [0]
    page.select_option("#severity", "all")
    _go_to(page, 5)
    page.keyboard.press("c")
    assert page.inner_text("#sum-confirmed-errors") == "2"
    _go_to(page, 1)
    page.keyboard.press("c")  # back to auto
    assert page.inner_text("#message") == "Bead 1 back to auto." and page.inner_text("#sum-confirmed-errors") == "1"
    _go_to(page, 3)  # an omission: no pair goes into a TM
    page.keyboard.press("c")
    assert page.inner_text("#message") == "Bead 3 confirmed."
    assert page.errors == []


def test_reject_takes_a_pair_apart_into_confirmed_units_that_check_does_not_count_and_export_leaves_out(
    open_review, tmp_path
):
    """trial9 #4: the page had no reject; the spreadsheet's (each unit its own 1-0/0-1 bead, confirmed) is key x."""
    from aligner.checks import check
    from aligner.export import count_findings

    alignment, path = _flagged(tmp_path)
    page = open_review(path)
    _go_to(page, 5)
    page.keyboard.press("x")
    assert _beads(page)[4:7] == [("1-0", "confirmed", "¶5"), ("0-1", "confirmed", ""), ("1-1", "auto", "¶6")]
    assert page.inner_text("#message") == "Bead 5 rejected: its units have no counterpart, confirmed, out of a TM."
    assert "confirmed: not counted" in page.inner_text("#bead-4 .finding")
    page.keyboard.press("u")
    assert _kinds(page) == ["1-1", "2-2", "1-0", "0-1", "1-1", "1-1"]
    page.keyboard.press("r")
    _go_to(page, 3)
    page.click("button[data-action=reject]")
    assert "Only a pair can be rejected" in page.inner_text("#message")
    saved = tmp_path / "saved.jsonl"
    _saved(page, saved)
    corrected = aligner.load(saved)
    rejected = [((4,), (), "confirmed"), ((), (4,), "confirmed")]
    assert [(b.source, b.target, b.status) for b in corrected.beads[4:6]] == rejected
    found = check(corrected, checks=("omission", "addition"))
    assert {f.bead for f in found} >= {4, 5} and count_findings(corrected, found).errors == 2  # the original 1-0/0-1
    tmx = tmp_path / "saved.tmx"
    corrected.to_tmx(tmx, findings=found, force=True)
    assert alignment.beads[4].target_text not in tmx.read_text(encoding="utf-8")
    assert page.errors == []


def test_an_empty_errors_view_says_nothing_is_left_and_what_a_tm_export_still_takes(open_review, tmp_path):
    """trial9 #1, #8a: a pair of another text at 0.97 with a weak warning only went into the TMX, and "errors to
    review" showed an empty table ("0 of 10 beads shown") and the summary nothing about it."""
    from aligner.types import Finding

    findings = [
        Finding("weak", "warning", 0, "May be of another text"),
        Finding("numbers", "error", 4, "Numbers differ: 744 and 774"),
        Finding("omission", "error", 2, "Source paragraph 4 has no translation"),
        Finding("addition", "error", 3, "Target paragraph 4 has no source text"),
    ]
    path = tmp_path / "warned.html"
    _editable().to_html(path, findings=findings)
    page = open_review(path)
    assert page.inner_text("#sum-warned") == "1"
    assert not page.is_visible("#empty")
    page.keyboard.press("f")
    for number in (3, 4, 5):
        page.click(f"tr.bead:nth-child({number}) td.n")
        page.keyboard.press("c")
    assert _visible_indices(page) == [] and page.is_visible("#empty")
    assert page.inner_text("#empty") == (
        'Nothing left to review. A translation-memory export takes 1 pair with a warning (shown under "errors and '
        'warnings") and 1 pair confirmed despite an error (shown under "confirmed or edited").'
    )
    page.select_option("#severity", "findings")
    assert _visible_indices(page) == [0] and not page.is_visible("#empty")
    page.select_option("#severity", "errors")
    page.select_option("#check", "weak")  # a warning: not among the errors
    assert page.inner_text("#empty") == "No bead matches the filters."
    page.select_option("#check", "any")
    page.select_option("#severity", "all")
    _go_to(page, 1)
    page.keyboard.press("c")  # a confirmed pair is reviewed: no longer counted as a warning let in
    assert page.inner_text("#sum-warned") == "0"
    assert page.errors == []


def test_the_confidence_of_a_pair_with_an_error_is_not_a_green_right(open_review, tmp_path):
    """trial9 #6: an untranslated copy and a wrong number showed a green 0.98 beside their red findings, and the legend
    called it the probability that the pair is right."""
    from aligner.types import Finding

    alignment = handmade_alignment(
        ["Один.", "Два 150."], ["One.", "Two 105."], [((0,), (0,), 0.98), ((1,), (1,), 0.98)]
    )
    path = tmp_path / "held.html"
    alignment.to_html(path, findings=[Finding("numbers", "error", 1, "Numbers differ: 150 and 105")])
    page = open_review(path)

    def chip(number: int) -> tuple[str, str, str, str]:
        chip = page.locator(f"tr.bead:nth-child({number}) td.conf .chip")
        style = "c => [getComputedStyle(c).backgroundColor, getComputedStyle(c).textDecorationLine]"
        return (chip.inner_text(), *chip.evaluate(style), chip.get_attribute("title"))

    text, green, plain, _ = chip(1)
    assert (text, plain) == ("0.98", "none")
    text, colour, decoration, title = chip(2)
    assert text == "0.98" and colour != green and decoration == "line-through"
    assert "the alignment's" in title and "not that the translation is right" in title and "error finding" in title
    legend = page.inner_text("#legend")
    assert "aligned right" in legend and "not that the translation is correct" in legend
    assert page.locator("#legend .chip.conf-held").count() == 1
    _go_to(page, 2)
    page.keyboard.press("c")  # confirmed: the reviewer overrode the error
    assert chip(2)[1] == green
    assert page.errors == []


def test_a_narrow_window_puts_the_findings_below_the_texts_and_keeps_the_selected_row_clear_of_the_toolbar(
    browser, tmp_path
):
    """trial9 #7: at 683 px (1366 px at 200% zoom) the findings column was one letter wide, and the toolbar, wrapped
    to four lines, covered the selected row."""
    from aligner.types import Finding

    path = tmp_path / "narrow.html"
    findings = [
        Finding("numbers", "error", i, "Numbers differ: the source has 150 but the translation has 105")
        for i in range(0, 60, 3)
    ]
    _long(60).to_html(path, findings=findings)
    page = browser.new_page(viewport={"width": 683, "height": 450})
    page.goto(path.resolve().as_uri())
    cells = page.eval_on_selector(
        "#bead-30",
        """row => [row.querySelector('td.notes').getBoundingClientRect(),
                   row.querySelectorAll('td.text')[1].getBoundingClientRect()].map(b => [b.width, b.top, b.bottom])""",
    )
    (width, top, _), (_, _, text_bottom) = cells
    assert width >= 200 or top >= text_bottom - 1
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.click("#bead-40 td.n")
    for _ in range(12):
        page.keyboard.press("k")
        row_top, toolbar_bottom = page.evaluate(
            """[document.activeElement.getBoundingClientRect().top,
                document.getElementById('controls').getBoundingClientRect().bottom]"""
        )
        assert row_top >= toolbar_bottom - 1, page.evaluate("document.activeElement.id")
    page.close()


def test_a_reload_keeps_the_filter_and_the_selection_and_the_selected_row_and_unit_are_said(open_review, tmp_path):
    """trial9 #8e, #9: a reload reset the filter and the selection (the edits came back); a picked unit was only a
    dashed outline, and no row carried a selected state."""
    _, path = _flagged(tmp_path)
    page = open_review(path)
    page.select_option("#severity", "errors")
    _go_to(page, 5)
    assert page.eval_on_selector_all("tr[aria-selected=true][aria-current=true]", "rows => rows.map(r => r.id)") == [
        "bead-4"
    ]
    page.keyboard.press("j")
    assert page.eval_on_selector_all("tr[aria-current], tr[aria-selected]", "rows => rows.map(r => r.id)") == ["bead-5"]
    page.keyboard.press("Shift+ArrowRight")
    assert page.inner_text("#current") == "bead 6, target ¶6 picked"
    page.keyboard.press("ArrowRight")
    assert page.inner_text("#current") == "bead 6, source ¶6 picked, target ¶6 picked"
    page.reload()
    assert page.input_value("#severity") == "errors" and _visible_indices(page) == [0, 1, 4, 5]
    assert _at(page) == "5" and page.inner_text("#current") == "bead 6"
    page.keyboard.press("k")
    assert _at(page) == "4"
    assert page.errors == []


def test_leaving_the_page_asks_first_only_while_edits_are_unsaved(open_review, tmp_path):
    """trial9 #10: edits live in localStorage until saved (lost in a private window), and nothing asked on closing."""
    _, path = _flagged(tmp_path)
    page = open_review(path)

    def asks() -> bool:  # what the browser does on closing the tab: a cancelled beforeunload asks the user
        return page.evaluate(
            "() => { const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e);"
            " return e.defaultPrevented; }"
        )

    assert not asks()
    _go_to(page, 1)
    page.keyboard.press("c")
    assert asks()
    _saved(page, tmp_path / "saved.jsonl")
    assert not asks()
    page.keyboard.press("u")  # an undo is an edit not saved either
    assert asks()
    page.reload()
    assert asks()  # still unsaved after a reload
    assert page.errors == []
