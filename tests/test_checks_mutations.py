"""The consistency checks on the seed pair (no false alarm) and on single-defect mutations of it.

The mutations are built from the real English seed text and aligned with the embedded encoder
(benchmarks/checks_mutations.py defines them and prints the same table).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import aligner
from aligner.readers import read_paragraphs
from benchmarks.checks_mutations import CaseResult, precision_recall, run_suite, seed_mutations
from tests.conftest import BENCH_DIR, SEEDS_DIR


@pytest.fixture(scope="module")
def results() -> list[CaseResult]:
    return run_suite(SEEDS_DIR, "paragraph")


def test_seed_pair_has_no_finding_at_paragraph_or_sentence_level(seed_alignment, seed_sentence_alignment):
    assert seed_alignment.check() == ()
    assert seed_sentence_alignment.check() == ()


def test_suite_covers_every_defect_class_with_at_least_twenty_cases():
    mutations = seed_mutations(read_paragraphs(SEEDS_DIR / "ru-2025-statement.md"))
    assert len(mutations) >= 20
    assert {m.kind for m in mutations} >= {
        "number changed",
        "month changed",
        "paragraph deleted",
        "paragraph duplicated",
        "left untranslated",
        "sentence cut",
        "paragraphs swapped",
        "paragraph moved",
    }


@pytest.mark.model
def test_every_defect_is_reported_as_an_error_on_its_bead(results):
    missed = [r.name for r in results if r.kind != "none" and not r.found]
    assert missed == []


@pytest.mark.model
def test_no_error_lands_anywhere_else(results):
    stray = [(r.name, r.messages) for r in results if r.errors != r.errors_on_defect]
    assert stray == []


@pytest.mark.model
def test_precision_and_recall_are_perfect(results):
    assert precision_recall(results) == (1.0, 1.0)


# The English seed's paragraphs (0-based) in the order of the fresh-clone trial's files: paragraph 3 moved near the
# end, and the body paragraphs shuffled (title and date kept). Russian paragraph i is translated by English i + 1.
MOVED_ORDER = [0, 1, 2, 4, 5, 6, 7, 8, 9, 3, 10]
SHUFFLED_ORDER = [0, 1, 7, 8, 9, 6, 5, 2, 10, 3, 4]
# Paragraphs 3 and 7 swapped (fresh-clone trial): the aligner pairs each with the other's source, at 0.81 and 0.80.
SWAPPED_APART_ORDER = [0, 1, 2, 7, 4, 5, 6, 3, 8, 9, 10]
# Paragraphs 2 and 6 swapped (3 and 7 counted from 1) in the English, and the mirrored case: the Russian paragraphs
# they translate, 1 and 5, swapped. Either way the aligner leaves one paragraph unpaired on each side and pairs the
# other two with each other: a wrong pair, at a confidence of 0.67 (0.63 for the Russian swap), so no low-confidence
# error.
SWAPPED_UNPAIRED_ORDERS = {"en": [0, 1, 6, 3, 4, 5, 2, 7, 8, 9, 10], "ru": [0, 5, 2, 3, 4, 1, 6, 7, 8, 9]}

# English paragraphs 7 and 10 (0-based) swapped and 5 deleted (trial8 #3's defects on the seed): the aligner joins the
# moved paragraph 10 to Russian 5's pair (a 1-2 pair with an absorbed warning only) and leaves Russian 9, which it
# translates, unpaired.
SWAPPED_AND_DELETED_ORDER = [0, 1, 2, 3, 4, 6, 10, 8, 9, 7]


def _reordered_paths(tmp_path, order: list[int], side: str = "en") -> tuple[Path, Path]:
    """The Russian and the English seed files, those of `side` ("en" or "ru") with its paragraphs in `order`
    (written to `<side>-reordered.<ext>` in `tmp_path`)."""
    paths = {"ru": SEEDS_DIR / "ru-2025-statement.md", "en": SEEDS_DIR / "en-2025-statement.txt"}
    paragraphs = read_paragraphs(paths[side])
    paths[side] = tmp_path / f"{side}-reordered{paths[side].suffix}"
    paths[side].write_text("\n\n".join(paragraphs[i] for i in order) + "\n", encoding="utf-8")
    return paths["ru"], paths["en"]


def _reordered(tmp_path, order: list[int], side: str = "en") -> aligner.Alignment:
    return aligner.align(*_reordered_paths(tmp_path, order, side))


def _moved_units(findings) -> list[tuple[int, int]]:
    return [
        (int(dict(f.evidence)["source_units"][0]), int(dict(f.evidence)["target_units"][0]))
        for f in findings
        if f.check == "moved"
    ]


@pytest.mark.model
def test_a_paragraph_moved_in_the_translation_is_one_moved_finding_not_an_omission_and_an_addition(tmp_path):
    alignment = _reordered(tmp_path, MOVED_ORDER)
    [finding] = alignment.check()
    assert (finding.check, finding.severity) == ("moved", "error")
    assert finding.message.startswith("Source paragraph 3 is translated by target paragraph 10 (bead 10), out of order")
    evidence = dict(finding.evidence)
    assert float(evidence["similarity"]) - float(evidence["next_best_similarity"]) >= 0.1
    assert alignment.beads[finding.bead].source == (2,) and alignment.beads[int(evidence["other_bead"])].target == (9,)


@pytest.mark.model
def test_shuffled_paragraphs_are_each_found_where_they_went(tmp_path):
    findings = _reordered(tmp_path, SHUFFLED_ORDER).check()
    assert not {"omission", "addition"} & {f.check for f in findings}
    moved = _moved_units(findings)
    assert moved and all(SHUFFLED_ORDER[target] == source + 1 for source, target in moved)
    assert [source for source, _ in moved] == [1, 2, 3, 4, 5]  # every paragraph the aligner left unpaired


@pytest.mark.model
def test_paragraphs_swapped_far_apart_are_moved_errors_on_both_pairs_and_stay_out_of_the_tmx(tmp_path):
    from lxml import etree

    from aligner.cli import main

    alignment = _reordered(tmp_path, SWAPPED_APART_ORDER)
    swapped = [index for index, bead in enumerate(alignment.beads) if bead.source in ((2,), (6,))]
    assert [alignment.beads[index].target for index in swapped] == [(3,), (7,)]  # each paired with the wrong one
    findings = alignment.check()
    moved = [f for f in findings if f.check == "moved"]
    assert [(f.severity, f.bead, dict(f.evidence)["other_bead"]) for f in moved] == [
        ("error", swapped[0], str(swapped[1])),
        ("error", swapped[1], str(swapped[0])),
    ]
    assert _moved_units(findings) == [(2, 7), (6, 3)]
    assert moved[0].message == (
        f"Source paragraph 3 is translated by target paragraph 8 (bead {swapped[1] + 1}), out of order: paragraphs "
        "swapped or moved in the translation"
    )
    ru, en, tmx = SEEDS_DIR / "ru-2025-statement.md", tmp_path / "en-reordered.txt", tmp_path / "pair.tmx"
    assert main(["check", str(ru), str(en)]) == 1
    assert main(["align", str(ru), str(en), "-o", str(tmx)]) == 0
    written = {prop.text for prop in etree.parse(str(tmx)).iter("prop") if prop.get("type") == "x-source-ids"}
    assert written == {str(bead.source[0]) for bead in alignment.pairs} - {"2", "6"}


@pytest.mark.model
@pytest.mark.parametrize("side", ["en", "ru"])
def test_a_swap_left_as_an_unpaired_unit_on_each_side_and_a_wrong_pair_is_two_moved_errors(tmp_path, side):
    """Both units of the wrong pair clearly translate the unpaired units: each unpaired unit's finding is a moved
    error (no omission, no addition), the wrong pair stays out of the TMX, and its row of the review says both."""
    from lxml import etree

    from aligner.cli import main
    from tests.export_helpers import review_data

    ru, en = _reordered_paths(tmp_path, SWAPPED_UNPAIRED_ORDERS[side], side)
    alignment = aligner.align(ru, en)
    # the unpaired source unit, the wrong pair, the unpaired target unit
    omitted_source, (wrong_source, wrong_target), added_target = {"en": (1, (5, 6), 2), "ru": (5, (1, 2), 6)}[side]
    beads = alignment.beads
    [omitted] = [index for index, bead in enumerate(beads) if bead.source == (omitted_source,)]
    [wrong] = [index for index, bead in enumerate(beads) if bead.source == (wrong_source,)]
    [added] = [index for index, bead in enumerate(beads) if bead.target == (added_target,)]
    assert (beads[omitted].target, beads[wrong].target, beads[added].source) == ((), (wrong_target,), ())
    findings = alignment.check()
    assert not {"omission", "addition", "low-confidence"} & {f.check for f in findings}
    moved = [f for f in findings if f.check == "moved"]
    assert sorted((f.severity, f.bead, dict(f.evidence)["other_bead"]) for f in moved) == sorted(
        [("error", omitted, str(wrong)), ("error", wrong, str(added))]
    )
    assert _moved_units(findings) == [(1, 6), (5, 2)]  # whichever side was swapped
    assert all(f.message.endswith("out of order: paragraphs swapped or moved in the translation") for f in moved)

    tmx, review = tmp_path / "pair.tmx", tmp_path / "review.html"
    assert main(["align", str(ru), str(en), "-o", str(tmx)]) == 0
    written = {prop.text for prop in etree.parse(str(tmx)).iter("prop") if prop.get("type") == "x-source-ids"}
    assert written == {str(bead.source[0]) for bead in alignment.pairs} - {str(wrong_source)}
    assert main(["check", str(ru), str(en), "-o", str(review)]) == 1
    data = review_data(review)
    shown = [data["findings"][number] for number in data["beads"][wrong]["f"]]
    assert data["beads"][wrong]["x"] == "an error finding"
    assert sorted(f["message"].split(" (bead")[0] for f in shown if f["check"] == "moved") == [
        f"Source paragraph {wrong_source + 1} is translated by target paragraph {added_target + 1}",
        f"Target paragraph {wrong_target + 1} translates source paragraph {omitted_source + 1}",
    ]


@pytest.mark.model
def test_a_swap_put_right_in_the_spreadsheet_goes_into_the_tmx(tmp_path):
    """The route the README gives a reviewer: exchange the two target cells of the workbook, then export."""
    from lxml import etree
    from openpyxl import load_workbook

    from aligner.cli import main

    alignment = _reordered(tmp_path, SWAPPED_APART_ORDER)
    workbook_path, tmx = tmp_path / "review.xlsx", tmp_path / "pair.tmx"
    alignment.to_xlsx(workbook_path, findings=alignment.check())
    workbook = load_workbook(workbook_path)
    sheet = workbook["beads"]
    rows = [row for row in sheet.iter_rows(min_row=2) if row[1].value in (3, "3", 7, "7")]  # source paragraphs 3, 7
    assert len(rows) == 2
    rows[0][4].value, rows[1][4].value = rows[1][4].value, rows[0][4].value
    workbook.save(workbook_path)
    assert main(["check", "--alignment", str(workbook_path)]) == 0
    assert main(["export", str(workbook_path), "-o", str(tmx)]) == 0
    written = {prop.text for prop in etree.parse(str(tmx)).iter("prop") if prop.get("type") == "x-source-ids"}
    assert written == {str(bead.source[0]) for bead in alignment.pairs}


@pytest.mark.model
def test_a_swap_left_unpaired_put_right_in_the_spreadsheet_goes_into_the_tmx(tmp_path):
    """README's route for that form: exchange the target cells of the wrong pair and of the 0-1 row, and merge the
    1-0 row (just below the 0-1 row here) up into it."""
    from lxml import etree
    from openpyxl import load_workbook

    from aligner.cli import main

    alignment = _reordered(tmp_path, SWAPPED_UNPAIRED_ORDERS["en"])
    workbook_path, tmx = tmp_path / "review.xlsx", tmp_path / "pair.tmx"
    alignment.to_xlsx(workbook_path, findings=alignment.check())
    workbook = load_workbook(workbook_path)
    rows = {row[0].value: row for row in workbook["beads"].iter_rows(min_row=2)}  # by bead number, from 1
    kinds = [bead.kind for bead in alignment.beads]
    added, omitted = kinds.index("0-1") + 1, kinds.index("1-0") + 1
    [wrong] = [index + 1 for index, bead in enumerate(alignment.beads) if bead.source == (5,)]
    assert omitted == added + 1
    rows[added][4].value, rows[wrong][4].value = rows[wrong][4].value, rows[added][4].value
    rows[omitted][8].value = "merge-up"
    workbook.save(workbook_path)
    assert main(["check", "--alignment", str(workbook_path)]) == 0
    assert main(["export", str(workbook_path), "-o", str(tmx)]) == 0
    written = {prop.text for prop in etree.parse(str(tmx)).iter("prop") if prop.get("type") == "x-source-ids"}
    assert written == {str(i) for i in range(len(alignment.source.paragraphs))}


@pytest.mark.model
def test_a_swap_and_a_deletion_leave_no_wrong_many_unit_pair_in_the_tmx(tmp_path):
    """trial8 #3: the end unit of a many-unit pair whose translation (or source) is an unpaired unit elsewhere is a
    moved error with it: the pair that holds the misplaced unit stays out of the TMX, and the unpaired unit is not an
    omission ("has no translation") but moved."""
    from lxml import etree

    from aligner.cli import main

    ru, en = _reordered_paths(tmp_path, SWAPPED_AND_DELETED_ORDER)
    alignment = aligner.align(ru, en)
    beads = alignment.beads
    [joined] = [index for index, bead in enumerate(beads) if bead.target == (5, 6)]  # target 6 translates source 9
    [unpaired] = [index for index, bead in enumerate(beads) if bead.source == (9,)]
    assert (beads[joined].source, beads[unpaired].target) == ((5,), ())
    findings = alignment.check()
    assert (9, 6) in _moved_units(findings)
    [moved] = [f for f in findings if f.check == "moved" and dict(f.evidence)["source_units"] == ("9",)]
    assert (moved.severity, moved.bead, dict(moved.evidence)["other_bead"]) == ("error", unpaired, str(joined))
    assert not [f for f in findings if f.bead == unpaired and f.check == "omission"]
    tmx = tmp_path / "pair.tmx"
    assert main(["align", str(ru), str(en), "-o", str(tmx)]) == 0
    written = {prop.text for prop in etree.parse(str(tmx)).iter("prop") if prop.get("type") == "x-source-ids"}
    assert "5" not in written  # the 1-2 pair
    assert len(written) == len(alignment.pairs) - 1


@pytest.mark.model
def test_a_swap_and_a_deletion_in_a_wmt22_document_are_moved_not_an_absorbed_warning_and_an_addition(tmp_path):
    """trial8 #3's repro: WMT22 dev kommersant.51696 one segment a paragraph, English 4 and 5 swapped (counted from 1)
    and 7 deleted. The aligner pairs Russian 5 and 6 with English 6 and leaves target 4 (English 5), Russian 5's
    translation, unpaired: a moved error on the 2-1 pair (was an absorbed warning, the pair in the TMX at 0.50), no
    addition."""
    from aligner.cli import main

    russian = (BENCH_DIR / "wmt22_ruen" / "ru" / "kommersant.51696").read_text(encoding="utf-8").splitlines()
    english = (BENCH_DIR / "wmt22_ruen" / "en" / "kommersant.51696").read_text(encoding="utf-8").splitlines()
    english = [*english[:3], english[4], english[3], english[5], *english[7:]]
    ru, en = tmp_path / "ru.txt", tmp_path / "en.txt"
    ru.write_text("\n\n".join(russian) + "\n", encoding="utf-8")
    en.write_text("\n\n".join(english) + "\n", encoding="utf-8")
    alignment = aligner.align(ru, en)
    [joined] = [index for index, bead in enumerate(alignment.beads) if bead.source == (4, 5)]
    [added] = [index for index, bead in enumerate(alignment.beads) if bead.target == (3,)]
    assert not alignment.beads[added].source
    findings = alignment.check()
    assert [(f.severity, f.bead, dict(f.evidence)["other_bead"]) for f in findings if f.check == "moved"] == [
        ("error", joined, str(added))
    ]
    assert _moved_units(findings) == [(4, 3)]
    assert "addition" not in {f.check for f in findings}
    assert main(["align", str(ru), str(en), "-o", str(tmp_path / "pair.tmx")]) == 0
    assert "Многие манифестанты" not in (tmp_path / "pair.tmx").read_text(encoding="utf-8")


@pytest.mark.model
def test_a_moved_unit_at_the_near_end_of_the_pair_beside_its_counterpart_is_moved(tmp_path):
    """WMT22 dev sobesednik.ru.10973 one segment a paragraph, English 26 and 27 swapped and 29 deleted (from 1): the
    aligner pairs Russian 26 with English 27 and 26 in that order and leaves Russian 27, which English 27 translates,
    unpaired right after the pair. No pair lies between the two, but pairing them crosses the rest of the pair: a
    moved error (was an absorbed warning on the other target unit, the pair in the TMX, and an omission)."""
    doc = "sobesednik.ru.10973"
    russian = (BENCH_DIR / "wmt22_ruen" / "ru" / doc).read_text(encoding="utf-8").splitlines()
    english = (BENCH_DIR / "wmt22_ruen" / "en" / doc).read_text(encoding="utf-8").splitlines()
    english = [*english[:25], english[26], english[25], english[27], *english[29:]]
    alignment = aligner.align("\n\n".join(russian), "\n\n".join(english), source_language="ru", target_language="en")
    [joined] = [index for index, bead in enumerate(alignment.beads) if bead.target == (25, 26)]
    [unpaired] = [index for index, bead in enumerate(alignment.beads) if bead.source == (26,)]
    assert (alignment.beads[joined].source, alignment.beads[unpaired].target, unpaired) == ((25,), (), joined + 1)
    findings = alignment.check()
    assert [(f.severity, f.bead, dict(f.evidence)["other_bead"]) for f in findings if f.check == "moved"] == [
        ("error", unpaired, str(joined))
    ]
    assert _moved_units(findings) == [(26, 25)]
    assert not [f for f in findings if f.bead == unpaired and f.check == "omission"]
