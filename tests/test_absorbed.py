"""The absorbed check with the embedded encoder on the seed pair, one sentence a unit: a Russian sentence deleted
whose translation the aligner puts into the pair beside it is named, in the report of `aligner check` and in the
TMX; a sentence split in two in the translation is not reported."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from lxml import etree

import aligner
from aligner.cli import main

from .test_export_tmx import TMX_DTD, _props, _tree, _valid

pytestmark = pytest.mark.model  # the embedded encoder, for real

DELETED = "Да здравствует Азербайджан!"  # the last Russian sentence; its translation: "Long Live Azerbaijan!"


def sentences(path: Path) -> list[str]:
    return [" ".join(sentence.text.split()) for sentence in aligner.read(path).sentences]


@pytest.fixture(scope="module")
def dropped(seed_paths) -> tuple[list[str], list[str]]:
    """The seed pair one sentence a unit, the last Russian sentence deleted."""
    russian, english = sentences(seed_paths["ru"]), sentences(seed_paths["en"])
    assert russian[-1] == DELETED and english[-1] == "Long Live Azerbaijan!"
    return russian[:-1], english


@pytest.fixture(scope="module")
def absorbing(dropped) -> aligner.Alignment:
    return aligner.align(*dropped)


def test_a_deleted_sentence_whose_translation_the_aligner_absorbed_is_named(absorbing):
    last = len(absorbing.target.paragraphs) - 1  # "Long Live Azerbaijan!"
    [bead] = [k for k, bead in enumerate(absorbing.beads) if last in bead.target]
    assert absorbing.beads[bead].source and absorbing.beads[bead].target == (last - 1, last)  # absorbed, as a 1-2
    [finding] = absorbing.check()
    assert (finding.check, finding.severity, finding.bead) == ("absorbed", "warning", bead)
    assert finding.message.startswith(f"Target paragraph {last + 1} may have no source text in this pair")
    assert dict(finding.evidence)["target_units"] == (str(last),)


def test_a_saved_alignment_read_back_gets_the_same_finding(absorbing, tmp_path):
    path = tmp_path / "absorbing.jsonl"
    absorbing.to_jsonl(path)
    loaded = aligner.load(path)
    assert loaded.embeddings is None  # the units and groups are encoded again
    assert [(f.check, f.bead, f.evidence[0]) for f in loaded.check()] == [
        (f.check, f.bead, f.evidence[0]) for f in absorbing.check()
    ]


def test_a_bead_a_reviewer_edited_is_not_checked(absorbing):
    [finding] = absorbing.check()
    beads = list(absorbing.beads)
    beads[finding.bead] = dataclasses.replace(beads[finding.bead], confidence=1.0, similarity=0.0, status="edited")
    assert dataclasses.replace(absorbing, beads=tuple(beads)).check() == ()


def test_a_sentence_split_in_two_in_the_translation_is_not_reported(seed_paths):
    """The translation of Russian paragraph 2 ("В День всенародной скорби ...") split at ", which" into two
    sentences: the aligner pairs both with it (a 1-2 bead), and each carries part of its meaning."""
    russian = [unit.text for unit in aligner.read(seed_paths["ru"]).paragraphs]
    english = [unit.text for unit in aligner.read(seed_paths["en"]).paragraphs]
    split = re.search(r", which ", english[3])
    assert split is not None and english[3].startswith("On 20 January")
    english[3:4] = [english[3][: split.start()] + ".", "This " + english[3][split.end() :]]
    alignment = aligner.align(russian, english)
    assert ((2,), (3, 4)) in [(bead.source, bead.target) for bead in alignment.beads]
    assert alignment.check() == ()


@pytest.fixture(scope="module")
def line_files(dropped, tmp_path_factory) -> tuple[str, str]:
    """The documents of `dropped` as plain-text files of one sentence a line."""
    folder = tmp_path_factory.mktemp("absorbed")
    paths = []
    for name, lines in zip(("ru.txt", "en.txt"), dropped):
        path = folder / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths[0], paths[1]


def test_aligner_check_prints_the_finding_as_a_warning(line_files, capsys):
    assert main(["check", "--units", "lines", *line_files]) == 0  # a warning: no error
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "warning absorbed       bead 11 [11:12-13]  Target line 13 may have no source text in this pair"
    )
    assert lines[1].startswith("0 error(s), 1 warning(s) in 11 beads")


def test_the_pair_goes_into_the_tmx_with_the_check_named(line_files, tmp_path, capsys):
    path = tmp_path / "absorbing.tmx"
    assert main(["align", "--units", "lines", *line_files, "-o", str(path)]) == 0
    tree = _tree(path)
    assert _valid(etree.DTD(str(TMX_DTD)), tree)
    props = {_props(tu)["x-target-ids"]: _props(tu) for tu in tree.getroot().iter("tu")}
    assert props["11,12"]["x-findings"] == "absorbed"
    assert [ids for ids, found in props.items() if "x-findings" in found] == ["11,12"]
