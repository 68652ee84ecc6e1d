"""The gold-bead scorer and the calibration measures, on hand-made beads with hand-computed answers.

The scoring rules are those of /work/shared/bench/README.md (Vecalign's scorer).
"""

from __future__ import annotations

import pytest

from aligner.evaluate import (
    Counts,
    absorbing_beads,
    bead_correctness,
    brier_score,
    count,
    expected_calibration_error,
    format_bead,
    parse_beads,
)

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2, 3)), ((), (4,))]


def test_exact_match_scores_one_everywhere():
    scores = count(GOLD, GOLD).scores()
    assert all(value == 1.0 for value in scores.values())


def test_parse_and_format_round_trip_the_bench_notation():
    lines = ["[0]:[0]", "[1, 2]:[1]", "[3]:[]", "[4]:[2, 3]", "[]:[4]", ""]
    assert parse_beads(lines) == GOLD
    assert [format_bead(bead) for bead in GOLD] == lines[:-1]


def test_partial_overlap_is_lax_but_not_strict_correct():
    # gold 2-1 [1, 2]:[1] predicted as 1-1 [1]:[1] plus a deletion [2]:[]
    predicted = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2, 3)), ((), (4,))]
    counts = count(predicted, GOLD)
    # precision over 6 predicted beads: strict 4 ([0]:[0], [3]:[], [4]:[2,3], []:[4]);
    # lax adds [1]:[1] (1 and 1 are linked in gold) but not the deletion [2]:[] -> 5
    assert (counts.predicted, counts.strict_precision_hits, counts.lax_precision_hits) == (6, 4, 5)
    # recall over the 3 gold pairs, against predicted pairs: strict 2; lax 3 ([1,2]:[1] meets [1]:[1])
    assert (counts.gold, counts.strict_recall_hits, counts.lax_recall_hits) == (3, 2, 3)
    scores = counts.scores()
    assert scores["strict_precision"] == pytest.approx(4 / 6)
    assert scores["strict_recall"] == pytest.approx(2 / 3)
    assert scores["lax_recall"] == 1.0
    assert scores["lax_f1"] == pytest.approx(2 * (5 / 6) / (5 / 6 + 1))


def test_gold_insertions_and_deletions_are_left_out_of_recall():
    # only the three gold pairs count for recall; missing the 1-0 and 0-1 beads costs no recall
    predicted = [((0,), (0,)), ((1, 2), (1,)), ((3, 4), (2, 3, 4))]
    counts = count(predicted, GOLD)
    assert counts.gold == 3
    assert counts.strict_recall_hits == 2
    assert counts.scores()["strict_recall"] == pytest.approx(2 / 3)


def test_predicted_one_to_zero_counts_in_precision_and_is_lax_correct_only_when_exact():
    gold = [((0,), (0,)), ((1,), (1,))]
    predicted = [((0,), (0,)), ((1,), ()), ((), (1,))]
    counts = count(predicted, gold)
    assert counts.predicted == 3
    assert (counts.strict_precision_hits, counts.lax_precision_hits) == (1, 1)
    # a wrong deletion leaves predicted pairs without [1]:[1]: recall 1/2
    assert (counts.strict_recall_hits, counts.lax_recall_hits, counts.gold) == (1, 1, 2)
    right_deletion = count([((0,), (0,)), ((1,), ())], [((0,), (0,)), ((1,), ())])
    assert (right_deletion.strict_precision_hits, right_deletion.lax_precision_hits) == (2, 2)


def test_lax_needs_source_and_target_overlap_within_one_gold_bead():
    gold = [((0,), (0,)), ((1,), (1,))]
    # source 0 is in gold bead 0, target 1 in gold bead 1: no single gold bead links them
    counts = count([((0,), (1,)), ((1,), (0,))], gold)
    assert counts.lax_precision_hits == 0
    assert counts.lax_recall_hits == 0


def test_counts_are_summed_over_documents_before_dividing():
    perfect = count([((0,), (0,))], [((0,), (0,))])  # 1 of 1
    poor = count(
        [((0, 1), (0,)), ((2,), (1,)), ((3,), (2,))], [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]
    )  # precision 2 of 3, recall 2 of 3
    total = perfect + poor
    assert total == Counts(3, 4, 4, 3, 4, 4)
    scores = total.scores()
    assert scores["strict_precision"] == pytest.approx(3 / 4)  # micro: (1 + 2) / (1 + 3), not mean(1, 2/3)
    assert scores["strict_recall"] == pytest.approx(3 / 4)
    assert scores["strict_f1"] == pytest.approx(3 / 4)


def test_empty_counts_score_zero_instead_of_dividing_by_zero():
    assert Counts().scores()["strict_f1"] == 0.0


def test_bead_correctness_is_strict_and_covers_every_predicted_bead():
    predicted = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), ()), ((4,), (2, 3)), ((), (4,))]
    assert bead_correctness(predicted, GOLD) == [True, False, False, True, True, True]


def test_brier_score_by_hand():
    # (0.9-1)^2 + (0.2-0)^2 + (0.6-0)^2 + (1-1)^2 = 0.01 + 0.04 + 0.36 + 0 = 0.41; / 4
    assert brier_score([0.9, 0.2, 0.6, 1.0], [True, False, False, True]) == pytest.approx(0.1025)
    assert brier_score([1.0, 0.0], [True, False]) == 0.0
    assert brier_score([0.0, 1.0], [True, False]) == 1.0


def test_expected_calibration_error_by_hand():
    probabilities = [0.05, 0.15, 0.95, 0.95, 0.55]
    outcomes = [False, True, True, False, True]
    # bins [0, .1): |0.05 - 0| = 0.05; [.1, .2): |0.15 - 1| = 0.85; [.5, .6): |0.55 - 1| = 0.45;
    # [.9, 1]: two items, |0.95 - 0.5| = 0.45 each -> (0.05 + 0.85 + 0.45 + 2 * 0.45) / 5
    assert expected_calibration_error(probabilities, outcomes) == pytest.approx(2.25 / 5)


def test_expected_calibration_error_is_zero_when_each_bin_is_calibrated():
    # 0.25 bin: one of four right; 1.0 sits in the last bin and is always right
    probabilities = [0.25] * 4 + [1.0] * 3
    outcomes = [True, False, False, False] + [True] * 3
    assert expected_calibration_error(probabilities, outcomes) == pytest.approx(0.0)


def test_expected_calibration_error_bin_count_changes_the_grouping():
    probabilities = [0.1, 0.4]
    outcomes = [False, True]
    # one bin: |0.25 - 0.5| = 0.25; ten bins: (0.1 + 0.6) / 2 = 0.35
    assert expected_calibration_error(probabilities, outcomes, bins=1) == pytest.approx(0.25)
    assert expected_calibration_error(probabilities, outcomes, bins=10) == pytest.approx(0.35)


@pytest.mark.parametrize("function", [brier_score, expected_calibration_error])
def test_calibration_measures_reject_mismatched_or_out_of_range_input(function):
    with pytest.raises(ValueError, match="one length"):
        function([0.5, 0.5], [True])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        function([1.5], [True])


def test_calibration_measures_of_nothing_are_zero():
    assert brier_score([], []) == 0.0
    assert expected_calibration_error([], []) == 0.0
    assert expected_calibration_error([0.3], [False]) == pytest.approx(0.3)


def test_absorbing_beads_are_the_pairs_that_hold_a_unit_the_gold_leaves_unpaired():
    gold = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((), (2,)), ((3, 4), (3,))]
    predicted = [
        ((0, 1), (0,)),  # absorbed source 1
        ((2,), (1, 2)),  # absorbed target 2
        ((3,), (3,)),
        ((4,), ()),
    ]  # wrong, but absorbs nothing: 4 has a counterpart
    assert absorbing_beads(predicted, gold) == [0, 1]
    assert absorbing_beads(gold, gold) == []  # the gold's own 1-0/0-1 beads are not pairs
