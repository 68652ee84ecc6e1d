"""Fit the confidence model on dev data only and write aligner/confidence.json.

    python benchmarks/fit_confidence.py --data ../shared/bench

Training examples are the beads the aligner itself predicts on every set of the
dev pool (Text+Berg dev, the WMT22 dev documents, MAC-Dev, TransRead, UDHR-multi;
Text+Berg dev and WMT22 dev also as paragraph-sized units), labelled correct when
the same bead is in the gold alignment, plus the beads it predicts when a dev
document is aligned with a different document or with its own translation in
reverse order (pairs labelled wrong, unpaired units right), so that confidence
also falls when the two texts are not translations. A pair bead and a unit left
unpaired get one logistic model each (scikit-learn), rescaled on the real
translations; a third model, on features of the whole alignment, says whether the
two documents translate each other at all (dev translations against the
non-translations above, and translations with their target in shuffled blocks: out
of order is not a translation a reader can use, see `features.displaced_share`).

Before the final fit on the whole pool, each family of dev sets is held out in
turn: the bead models are fitted on the other families (and on the
non-translations made from them) and their ECE and Brier score printed on the
held-out family, the figure to read for text unlike any of the dev pool.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_data import GoldDocument, folder, grouped, textberg, udhr, wmt22, wmt22_paragraphs
from sklearn.linear_model import LogisticRegression

from aligner import read
from aligner.confidence import (
    DOCUMENT_FEATURES,
    PAIR_FEATURES,
    PARAMETERS_FILE,
    SKIP_FEATURES,
    ConfidenceModel,
    LogisticModel,
    document_features,
)
from aligner.embed import CachedEncoder, USEEncoder
from aligner.evaluate import bead_correctness, brier_score, expected_calibration_error
from aligner.pipeline import Run, Settings, find_runs, score_run, unit_embeddings

UDHR_LANGUAGES = ("es", "tr", "et", "hr", "id", "sk")
ONE_TEXT_FAMILIES = {"UDHR-multi"}  # every document translates the same text (see `non_translations`)


def collect(pairs, encoder, settings):
    """Feature rows and correctness labels for pair beads and for unpaired units, from the stages before scoring."""
    pair_x, pair_y, skip_x, skip_y = [], [], [], []
    for source, target, gold in pairs:
        runs = find_runs(read(list(source)), read(list(target)), encoder, settings)
        beads = [(span, feats, _unit_ids(run, span)) for run in runs for span, feats in zip(run.spans, run.features)]
        if gold:
            correct = bead_correctness([ids for _, _, ids in beads], gold)
        else:  # not a translation: every pair is wrong, every unpaired unit rightly unpaired
            correct = [not (s and t) for (s, t), _, _ in beads]
        for ((s, t), feats, _), ok in zip(beads, correct):
            if s and t:
                pair_x.append([feats[name] for name in PAIR_FEATURES])
                pair_y.append(ok)
            else:
                skip_x.append([feats[name] for name in SKIP_FEATURES])
                skip_y.append(ok)
    return (
        np.array(pair_x).reshape(-1, len(PAIR_FEATURES)),
        np.array(pair_y, dtype=bool),
        np.array(skip_x).reshape(-1, len(SKIP_FEATURES)),
        np.array(skip_y, dtype=bool),
    )


def _unit_ids(run: Run, span) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(run.source_units[k].index for k in span[0]), tuple(run.target_units[k].index for k in span[1])


def document_rows(pairs, encoder, settings, model: ConfidenceModel) -> np.ndarray:
    """The document model's feature row for each document pair, its beads scored by the fitted bead models."""
    rows = []
    for source, target, _ in pairs:
        runs = find_runs(read(list(source)), read(list(target)), encoder, settings)
        rows.append(
            document_features([bead for run in runs for bead in score_run(run, model)], unit_embeddings(encoder, runs))
        )
    return np.array(rows).reshape(-1, len(DOCUMENT_FEATURES))


def shuffled_blocks(units: tuple[str, ...], block: int, seed: int) -> tuple[str, ...]:
    """The units cut into blocks of `block`, the blocks in a seeded random order."""
    blocks = [units[k : k + block] for k in range(0, len(units), block)]
    return tuple(unit for k in np.random.default_rng(seed).permutation(len(blocks)) for unit in blocks[k])


def concatenated(documents, seed: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple]:
    """The documents one after the other in a seeded random order, as one (source, target, gold) pair."""
    source, target, gold = [], [], []
    for k in np.random.default_rng(seed).permutation(len(documents)):
        doc = documents[k]
        gold += [(tuple(i + len(source) for i in s), tuple(j + len(target) for j in t)) for s, t in doc.gold]
        source += doc.source
        target += doc.target
    return tuple(source), tuple(target), tuple(gold)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    names: tuple[str, ...],
    x_real: np.ndarray | None = None,
    y_real: np.ndarray | None = None,
) -> LogisticModel:
    """Logistic regression on all examples, then rescaled (Platt) on the beads of real translations only.

    The first fit learns which features separate right from wrong, non-translations
    included; the rescaling makes the probabilities honest on real translations,
    where the confidence is read (and where ECE is measured).
    """
    mean, scale = x.mean(axis=0), np.maximum(x.std(axis=0), 1e-6)
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - mean) / scale, y)
    coef, intercept = model.coef_[0], float(model.intercept_[0])
    if y_real is not None and len(set(y_real)) == 2:
        logit = ((x_real - mean) / scale) @ coef + intercept
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(logit[:, None], y_real)
        slope, shift = float(platt.coef_[0][0]), float(platt.intercept_[0])
        coef, intercept = coef * slope, intercept * slope + shift
    return LogisticModel(
        names, tuple(float(c) for c in coef), intercept, tuple(float(v) for v in mean), tuple(float(v) for v in scale)
    )


def dev_families(data: Path) -> dict[str, list[GoldDocument]]:
    """The dev pool by family (a family is held out as a whole): sentences as given, and for Text+Berg dev and
    the WMT22 dev documents also paragraph-sized units (WMT22's real paragraphs, runs of 3 gold beads merged)."""
    tb, wmt = textberg(data, "dev"), wmt22(data, "dev")
    return {
        "Text+Berg dev": tb + [grouped(d, 3) for d in tb],
        "WMT22 dev": wmt + wmt22_paragraphs(data, "dev") + [grouped(d, 3) for d in wmt],
        "MAC-Dev": folder(data / "mac_zhen" / "dev", "zh", "en"),
        "TransRead": folder(data / "transread_enfr", "en", "fr"),
        "UDHR-multi": [doc for language in UDHR_LANGUAGES for doc in udhr(data, language)],
    }


def non_translations(docs: list[GoldDocument], one_text: bool = False) -> list[tuple]:
    """Every document against the target of the next one (another text), and against its own target in reverse
    order (same topic and words, but no unit in its place). Where the next one is the same text (Text+Berg dev
    and its paragraph-sized version; every document of a family that translates one text, `one_text`: UDHR-multi,
    one declaration in six languages), its target translates this source too, so it is taken in reverse order."""
    return [
        (a.source, b.target[::-1] if one_text or _text(a) == _text(b) else b.target, ())
        for a, b in zip(docs, docs[1:] + docs[:1])
    ] + [(d.source, d.target[::-1], ()) for d in docs if len(d.target) > 2]


def _text(doc: GoldDocument) -> str:
    """The document a gold document was made from (`grouped` names its versions "<name>/<beads per unit>")."""
    return doc.name.split("/")[0]


def fit_beads(real: list[tuple], unreal: list[tuple]) -> ConfidenceModel:
    """The pair and skip models fitted on the collected rows of real translations and of non-translations."""
    pair_x, pair_y, skip_x, skip_y = (np.concatenate(part) for part in zip(*real, *unreal))
    real_pair_x, real_pair_y, real_skip_x, real_skip_y = (np.concatenate(part) for part in zip(*real))
    return ConfidenceModel(
        pair=fit(pair_x, pair_y, PAIR_FEATURES, real_pair_x, real_pair_y),
        skip=fit(skip_x, skip_y, SKIP_FEATURES, real_skip_x, real_skip_y),
        document=None,
    )


def calibration_line(name: str, model: ConfidenceModel, rows: tuple) -> str:
    pair_x, pair_y, skip_x, skip_y = rows
    p_pair, p_skip = model.pair.probability(pair_x), model.skip.probability(skip_x)
    p, y = np.concatenate([p_pair, p_skip]), np.concatenate([pair_y, skip_y])
    return (
        f"{name:<14} | {len(pair_y):5d} pairs ECE {expected_calibration_error(p_pair, pair_y):.3f} "
        f"Brier {brier_score(p_pair, pair_y):.3f} | {len(skip_y):4d} unpaired ECE "
        f"{expected_calibration_error(p_skip, skip_y):.3f} Brier {brier_score(p_skip, skip_y):.3f} | "
        f"all ECE {expected_calibration_error(p, y):.3f} Brier {brier_score(p, y):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--out", type=Path, default=PARAMETERS_FILE)
    args = parser.parse_args()

    families = dev_families(args.data)
    encoder = CachedEncoder(USEEncoder())
    settings = Settings()
    real = {
        name: collect([(d.source, d.target, d.gold) for d in docs], encoder, settings)
        for name, docs in families.items()
    }
    unreal = {
        name: collect(non_translations(docs, name in ONE_TEXT_FAMILIES), encoder, settings)
        for name, docs in families.items()
    }

    print("bead models fitted without the family, scored on it (held out):")
    for held_out in families:
        model = fit_beads(
            [rows for name, rows in real.items() if name != held_out],
            [rows for name, rows in unreal.items() if name != held_out],
        )
        print(calibration_line(held_out, model, real[held_out]))

    beads = fit_beads(list(real.values()), list(unreal.values()))
    true_pairs = [(d.source, d.target, d.gold) for docs in families.values() for d in docs]
    false_pairs = [
        pair for name, docs in families.items() for pair in non_translations(docs, name in ONE_TEXT_FAMILIES)
    ]
    # the document model also learns that a translation out of order is not one: the dev documents long
    # enough to have ten blocks or more, and long documents (the WMT22 dev documents in a row, in
    # three seeded orders) intact and with their target in shuffled blocks
    long_documents = [concatenated(wmt22(args.data, "dev"), seed) for seed in range(3)]
    true_documents = true_pairs + long_documents
    out_of_order = [
        (source, shuffled_blocks(target, block, seed), ())
        for seed, (source, target, _) in enumerate(true_documents)
        if len(target) >= 100
        for block in (5, 10)
    ]
    doc_x = np.concatenate(
        [
            document_rows(true_documents, encoder, settings, beads),
            document_rows(false_pairs + out_of_order, encoder, settings, beads),
        ]
    )
    doc_y = np.array([True] * len(true_documents) + [False] * (len(false_pairs) + len(out_of_order)))
    model = ConfidenceModel(pair=beads.pair, skip=beads.skip, document=fit(doc_x, doc_y, DOCUMENT_FEATURES))
    print("the model fitted on the whole dev pool (in-sample):")
    for name, rows in real.items():
        print(calibration_line(name, model, rows))
    p = model.document.probability(doc_x)
    print(
        f"document: {len(doc_y)} pairs, {doc_y.mean():.3f} translations, Brier {brier_score(p, doc_y):.4f}, "
        f"ECE {expected_calibration_error(p, doc_y):.4f} (in-sample)"
    )
    parts = {"pair": model.pair, "skip": model.skip, "document": model.document}
    args.out.write_text(json.dumps({k: v.to_json() for k, v in parts.items()}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
