"""Counterpart search (aligner.match / match_corpus / `aligner match`), with the real embedded encoder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import aligner
from aligner.cli import main
from aligner.counterparts import DEFAULT_THRESHOLD
from aligner.embed import CachedEncoder, USEEncoder
from tests.conftest import BENCH_DIR, SEEDS_DIR

SEEDS = SEEDS_DIR
WMT22 = BENCH_DIR / "wmt22_ruen"
RUSSIAN = SEEDS / "ru-2025-statement.md"
TRANSLATION = SEEDS / "en-2025-statement.txt"
OTHER_ENGLISH = [SEEDS / "en-2026-statement.md", SEEDS / "en-2023-statement.txt", SEEDS / "en-2021-press-release.txt"]
# The translation in the middle, so ranking cannot come from list order.
CANDIDATES = [OTHER_ENGLISH[0], OTHER_ENGLISH[1], TRANSLATION, OTHER_ENGLISH[2]]
SLICE_DOCS, SLICE_REMOVED = 20, 5


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(USEEncoder())


@pytest.fixture(scope="module")
def seed_matches(encoder) -> tuple[aligner.Match, ...]:
    return aligner.match(RUSSIAN, CANDIDATES, encoder, threshold=0.0)


@pytest.mark.model
def test_seed_translation_is_ranked_first_with_high_confidence(seed_matches):
    best = seed_matches[0]
    assert (best.index, best.name) == (2, str(TRANSLATION))
    assert best.confidence >= 0.9
    assert best.alignment.confidence == best.confidence


@pytest.mark.model
def test_seed_non_translations_get_low_confidence(seed_matches):
    others = {m.name: m.confidence for m in seed_matches[1:]}
    assert set(others) == {str(path) for path in OTHER_ENGLISH}
    assert all(confidence <= 0.3 for confidence in others.values()), others


@pytest.mark.model
def test_matches_are_ordered_by_confidence(seed_matches):
    confidences = [m.confidence for m in seed_matches]
    assert confidences == sorted(confidences, reverse=True)


@pytest.mark.model
def test_no_candidate_is_returned_without_the_translation(encoder):
    assert aligner.match(RUSSIAN, OTHER_ENGLISH, encoder) == ()


@pytest.mark.model
def test_default_threshold_returns_only_the_translation(encoder):
    assert [m.name for m in aligner.match(RUSSIAN, CANDIDATES, encoder)] == [str(TRANSLATION)]


@pytest.mark.model
def test_top_k_limits_rescoring_to_the_nearest_candidates(encoder):
    matches = aligner.match(RUSSIAN, CANDIDATES, encoder, threshold=0.0, top_k=1)
    assert [m.index for m in matches] == [2]


@pytest.mark.model
def test_a_candidate_in_the_source_language_is_never_its_translation(encoder, tmp_path):
    copy = tmp_path / "copy.md"
    copy.write_bytes(RUSSIAN.read_bytes())
    matches = aligner.match(RUSSIAN, [RUSSIAN, copy, *CANDIDATES], encoder, threshold=0.0)
    assert str(TRANSLATION) == matches[0].name
    assert {m.name for m in matches} == {str(path) for path in CANDIDATES}
    assert aligner.match(RUSSIAN, [RUSSIAN, copy], encoder, threshold=0.0) == ()


@pytest.mark.model
def test_corpus_never_pairs_documents_in_the_same_language(encoder):
    pairing = aligner.match_corpus([RUSSIAN], [RUSSIAN, TRANSLATION], encoder, threshold=0.0)
    assert [(p.source_name, p.target_name) for p in pairing.pairs] == [(str(RUSSIAN), str(TRANSLATION))]
    assert pairing.unmatched_targets == (0,)


def test_no_candidates_means_no_match(encoder):
    assert aligner.match(RUSSIAN, [], encoder) == ()


@pytest.mark.parametrize("options, word", [({"threshold": 1.5}, "threshold"), ({"top_k": 0}, "top_k")])
def test_bad_settings_are_rejected(encoder, options, word):
    with pytest.raises(aligner.SettingsError, match=word):
        aligner.match(RUSSIAN, CANDIDATES, encoder, **options)


def _wmt22_documents(side: str, names: list[str], prefix: str) -> list[aligner.Document]:
    return [
        replace(aligner.read((WMT22 / side / name).read_text(encoding="utf-8").splitlines()), name=prefix + name)
        for name in names
    ]


@pytest.fixture(scope="module")
def wmt22_slice(encoder):
    """The first 20 WMT22 documents against their shuffled English with 5 removed, and the pairing."""
    names = sorted(p.name for p in (WMT22 / "ru").iterdir())[:SLICE_DOCS]
    rng = np.random.default_rng(7)
    removed = set(rng.choice(names, size=SLICE_REMOVED, replace=False))
    kept = [names[k] for k in rng.permutation(len(names)) if names[k] not in removed]
    sources = _wmt22_documents("ru", names, "ru/")
    targets = _wmt22_documents("en", kept, "en/")
    return names, removed, aligner.match_corpus(sources, targets, encoder)


@pytest.mark.model
def test_corpus_pairs_every_present_translation(wmt22_slice):
    names, removed, pairing = wmt22_slice
    paired = {p.source_name: p.target_name for p in pairing.pairs}
    assert paired == {f"ru/{name}": f"en/{name}" for name in names if name not in removed}


@pytest.mark.model
def test_corpus_leaves_sources_without_translation_unmatched(wmt22_slice):
    _names, removed, pairing = wmt22_slice
    assert {pairing.source_names[i] for i in pairing.unmatched_sources} == {f"ru/{name}" for name in removed}
    assert pairing.unmatched_targets == ()


@pytest.mark.model
def test_corpus_pairing_is_one_to_one_and_above_threshold(wmt22_slice):
    _, _, pairing = wmt22_slice
    sources = [p.source for p in pairing.pairs]
    targets = [p.target for p in pairing.pairs]
    assert sources == sorted(set(sources)) and len(set(targets)) == len(targets)
    assert all(p.confidence >= DEFAULT_THRESHOLD for p in pairing.pairs)
    assert sorted(sources + list(pairing.unmatched_sources)) == list(range(len(pairing.source_names)))


def test_corpus_with_no_targets_leaves_everything_unmatched(encoder):
    pairing = aligner.match_corpus([RUSSIAN], [], encoder)
    assert (pairing.pairs, pairing.unmatched_sources, pairing.unmatched_targets) == ((), (0,), ())


@pytest.mark.model
def test_cli_match_prints_the_translation(capsys):
    assert main(["match", str(RUSSIAN), *map(str, CANDIDATES)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1] for line in lines] == [str(TRANSLATION)]


@pytest.mark.model
def test_cli_match_says_when_nothing_matches_and_exits_1(capsys):
    assert main(["match", str(RUSSIAN), *map(str, OTHER_ENGLISH)]) == 1
    assert capsys.readouterr().out.startswith(f"no candidate translates {RUSSIAN}")


@pytest.fixture(scope="module")
def corpus_dirs(tmp_path_factory) -> tuple[Path, Path]:
    """Four Russian documents (one segment per paragraph) and the English of three of them."""
    root = tmp_path_factory.mktemp("corpus")
    names = sorted(p.name for p in (WMT22 / "ru").iterdir())[:4]
    for side, kept in (("ru", names), ("en", names[1:])):
        (root / side).mkdir()
        for name in kept:
            lines = (WMT22 / side / name).read_text(encoding="utf-8").splitlines()
            (root / side / f"{name}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return root / "ru", root / "en"


@pytest.mark.model
def test_cli_corpus_writes_pairs_tsv(corpus_dirs, tmp_path, capsys):
    ru, en = corpus_dirs
    output = tmp_path / "pairs.tsv"
    assert main(["match", "--corpus", str(ru), str(en), "-o", str(output)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"wrote {output}"  # it printed nothing when it succeeded
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# aligner ") and lines[1] == "source\ttarget\tconfidence"
    rows = [line.split("\t") for line in lines[2:]]
    names = sorted(p.name for p in ru.iterdir())
    assert [(s, t) for s, t, _ in rows] == [(str(ru / n), str(en / n)) for n in names[1:]] + [(str(ru / names[0]), "")]
    assert [p.name for p in tmp_path.iterdir()] == ["pairs.tsv"]  # no temporary file left behind


@pytest.mark.model
def test_cli_corpus_output_is_deterministic(corpus_dirs, tmp_path):
    ru, en = corpus_dirs
    outputs = [tmp_path / "first.tsv", tmp_path / "second.tsv"]
    for output in outputs:
        assert main(["match", "--corpus", str(ru), str(en), "-o", str(output)]) == 0
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


@pytest.mark.parametrize(
    "argv_tail, message",
    [
        (["--corpus", "A", "B", "C"], "--corpus takes two directories"),
        (["--corpus", "/nonexistent/ru", str(SEEDS)], "/nonexistent/ru: not a directory"),
        (["--corpus", str(SEEDS), str(SEEDS), "-o", "/nonexistent/pairs.tsv"], "does not exist"),
    ],
)
def test_cli_match_errors_exit_2_with_one_line(capsys, argv_tail, message):
    assert main(["match", *argv_tail]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
