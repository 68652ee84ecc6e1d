"""Fit the confidence model on dev data only and write aligner/confidence.json.

    python benchmarks/fit_confidence.py --data ../shared/bench

Training examples are the beads the aligner itself predicts on the dev sets
(Text+Berg dev, the WMT22 dev documents, as sentences and as paragraph-sized units), labelled correct when the same bead
is in the gold alignment, plus the beads it predicts when a dev document is
aligned with a different document or with its own translation in reverse order
(pairs labelled wrong, unpaired units right), so that confidence
also falls when the two texts are not translations. A pair bead and a unit
left unpaired get one logistic model each (scikit-learn), rescaled on the real
translations; a third model, on features of the whole alignment, says whether
the two documents translate each other at all (dev translations against the
non-translations above, and translations with their target in shuffled blocks: out of order
is not a translation a reader can use, see `features.displaced_share`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_data import grouped, textberg, wmt22, wmt22_paragraphs
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
    return (np.array(pair_x).reshape(-1, len(PAIR_FEATURES)), np.array(pair_y, dtype=bool),
            np.array(skip_x).reshape(-1, len(SKIP_FEATURES)), np.array(skip_y, dtype=bool))


def _unit_ids(run: Run, span) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(run.source_units[k].index for k in span[0]), tuple(run.target_units[k].index for k in span[1])


def document_rows(pairs, encoder, settings, model: ConfidenceModel) -> np.ndarray:
    """The document model's feature row for each document pair, its beads scored by the fitted bead models."""
    rows = []
    for source, target, _ in pairs:
        runs = find_runs(read(list(source)), read(list(target)), encoder, settings)
        rows.append(document_features([bead for run in runs for bead in score_run(run, model)],
                                      unit_embeddings(encoder, runs)))
    return np.array(rows).reshape(-1, len(DOCUMENT_FEATURES))


def shuffled_blocks(units: tuple[str, ...], block: int, seed: int) -> tuple[str, ...]:
    """The units cut into blocks of `block`, the blocks in a seeded random order."""
    blocks = [units[k:k + block] for k in range(0, len(units), block)]
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


def fit(x: np.ndarray, y: np.ndarray, names: tuple[str, ...], x_real: np.ndarray | None = None,
        y_real: np.ndarray | None = None) -> LogisticModel:
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
    return LogisticModel(names, tuple(float(c) for c in coef), intercept,
                         tuple(float(v) for v in mean), tuple(float(v) for v in scale))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--out", type=Path, default=PARAMETERS_FILE)
    args = parser.parse_args()

    sentence_docs = textberg(args.data, "dev") + wmt22(args.data, "dev")
    # paragraph-sized units too: the real paragraphs of WMT22, and runs of 3 gold beads merged
    docs = sentence_docs + wmt22_paragraphs(args.data, "dev") + [grouped(d, 3) for d in sentence_docs]
    true_pairs = [(d.source, d.target, d.gold) for d in docs]
    # not translations: every document against the target of the next one (another text), and against
    # its own target in reverse order (same topic and words, but no unit in its place)
    false_pairs = [(a.source, b.target, ()) for a, b in zip(docs, docs[1:] + docs[:1])]
    false_pairs += [(d.source, d.target[::-1], ()) for d in docs if len(d.target) > 2]
    encoder = CachedEncoder(USEEncoder())
    settings = Settings()
    real = collect(true_pairs, encoder, settings)
    unreal = collect(false_pairs, encoder, settings)
    pair_x, pair_y, skip_x, skip_y = (np.concatenate([a, b]) for a, b in zip(real, unreal))
    beads = ConfidenceModel(pair=fit(pair_x, pair_y, PAIR_FEATURES, real[0], real[1]),
                            skip=fit(skip_x, skip_y, SKIP_FEATURES, real[2], real[3]), document=None)
    # the document model also learns that a translation out of order is not one: the dev documents long
    # enough to have ten blocks or more, and long documents (the WMT22 dev documents in a row, in
    # three seeded orders) intact and with their target in shuffled blocks
    long_documents = [concatenated(wmt22(args.data, "dev"), seed) for seed in range(3)]
    true_documents = true_pairs + long_documents
    out_of_order = [(source, shuffled_blocks(target, block, seed), ())
                    for seed, (source, target, _) in enumerate(true_documents) if len(target) >= 100
                    for block in (5, 10)]
    doc_x = np.concatenate([document_rows(true_documents, encoder, settings, beads),
                            document_rows(false_pairs + out_of_order, encoder, settings, beads)])
    doc_y = np.array([True] * len(true_documents) + [False] * (len(false_pairs) + len(out_of_order)))
    model = {"pair": beads.pair, "skip": beads.skip, "document": fit(doc_x, doc_y, DOCUMENT_FEATURES)}
    sentence_level = collect([(d.source, d.target, d.gold) for d in sentence_docs], encoder, settings)
    for name, x, y in (("pair", pair_x, pair_y), ("skip", skip_x, skip_y),
                       ("pair, dev sentences only", sentence_level[0], sentence_level[1]),
                       ("document", doc_x, doc_y)):
        p = model[name.split(",")[0]].probability(x)
        print(f"{name}: {len(y)} beads, {y.mean():.3f} correct, Brier {brier_score(p, y):.4f}, "
              f"ECE {expected_calibration_error(p, y):.4f} (dev, in-sample)")
    args.out.write_text(json.dumps({k: v.to_json() for k, v in model.items()}, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
