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
An alignment's beads are then weighed by that probability (`confidence.in_document`),
taken at TRANSLATION_PRIOR instead of the fitting set's share of translations
(`prior_shift`). The pair and skip models also fit on each dev document with a few
target units replaced by a related text (`made_cases`: a pair far weaker than its
neighbours, which no dev translation shows), and their rescaling weighs
`relative_excess` on its own.

Before the final fit on the whole pool, each family of dev sets is held out in
turn: the three models are fitted on the other families (and on the
non-translations made from them) and the ECE and Brier score of the beads as an
alignment gives them printed on the held-out family, the figure to read for text
unlike any of the dev pool, with the share of the pairs of its non-translations
that still get 0.5 or more.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_data import (
    GoldDocument,
    folder,
    grouped,
    substituted,
    textberg,
    udhr,
    wmt22,
    wmt22_paragraphs,
)
from sklearn.linear_model import LogisticRegression

from aligner import read
from aligner.confidence import (
    DOCUMENT_FEATURES,
    PAIR_FEATURES,
    PARAMETERS_FILE,
    SKIP_FEATURES,
    ConfidenceModel,
    LogisticModel,
    document_confidence,
    document_features,
    in_document,
)
from aligner.embed import CachedEncoder, USEEncoder
from aligner.evaluate import bead_correctness, brier_score, expected_calibration_error
from aligner.pipeline import Run, Settings, find_runs, score_run, unit_embeddings
from aligner.types import Bead, UnitEmbeddings

UDHR_LANGUAGES = ("es", "tr", "et", "hr", "id", "sk")
ONE_TEXT_FAMILIES = {"UDHR-multi"}  # every document translates the same text (see `non_translations`)
# The share of translations among the document pairs people give the aligner, in place of the document model's
# fitting set's (about 0.4: more non-translations are made than there are dev translations). A bead's confidence is
# weighed by the probability of a translation at this prior (`confidence.in_document`); 0.8, not higher, so that
# a text that only shares the subject (the seeds' other statements, document confidence 0.04-0.07) gets pairs
# below 0.5; at 0.9 they kept 0.4-0.6 (dev figures in benchmarks/README.md).
TRANSLATION_PRIOR = 0.8


@dataclass(frozen=True)
class Example:
    """One document pair of the fitting data, aligned once: its family (held out as a whole), whether the two
    documents translate each other, its runs (the stages before scoring) and its gold beads (empty for a
    non-translation). `beads` says whether its beads are fitted on (the long and shuffled documents only teach
    the document model); `made`, whether it is one of the cases made to show what the dev pool lacks (units
    replaced by a related text: `made_cases`), whose beads are fitted on and rescaled on (translations) but
    kept out of the document model and of the calibration figures of the real documents."""

    family: str
    translation: bool
    runs: list[Run]
    gold: tuple
    beads: bool = True
    made: bool = False


def aligned(
    family: str, pairs, encoder, settings, translation: bool, beads: bool = True, made: bool = False
) -> list[Example]:
    return [
        Example(
            family,
            translation,
            find_runs(read(list(source)), read(list(target)), encoder, settings),
            gold,
            beads,
            made,
        )
        for source, target, gold in pairs
    ]


def made_cases(name: str, docs: list[GoldDocument], encoder, settings) -> list[Example]:
    """The family's documents with units replaced by a related text that does not translate them
    (`bench_data.substituted`): translations whose replaced pairs are wrong by their gold, the one kind of
    confident wrong pair the dev pool does not show by itself (a pair far weaker than its neighbours)."""
    pairs = [(d.source, d.target, d.gold) for d, _ in substituted(docs, name in ONE_TEXT_FAMILIES)]
    return aligned(name, pairs, encoder, settings, translation=True, made=True)


def bead_rows(example: Example) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows and correctness labels of an example's pair beads and unpaired units."""
    pair_x, pair_y, skip_x, skip_y = [], [], [], []
    spans = [span for run in example.runs for span in run.spans]
    features = [feats for run in example.runs for feats in run.features]
    ids = [_unit_ids(run, span) for run in example.runs for span in run.spans]
    for (s, t), feats, ok in zip(spans, features, correctness(example, ids)):
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


def correctness(example: Example, beads: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> list[bool]:
    """Whether each bead (unit ids) is right: as the gold has it, or in a non-translation every pair wrong and
    every unpaired unit rightly unpaired."""
    if example.translation:
        return bead_correctness(beads, example.gold)
    return [not (s and t) for s, t in beads]


def _unit_ids(run: Run, span) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(run.source_units[k].index for k in span[0]), tuple(run.target_units[k].index for k in span[1])


def scored_beads(example: Example, model: ConfidenceModel, encoder) -> tuple[list[Bead], UnitEmbeddings]:
    """The example's beads scored by the bead models (given a translation), and its units' embeddings."""
    return [bead for run in example.runs for bead in score_run(run, model)], unit_embeddings(encoder, example.runs)


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
    within: tuple[str, ...] = (),
    last: str | None = None,
) -> LogisticModel:
    """Logistic regression on all examples, then rescaled (Platt) on the beads of translations only.

    The first fit learns which features separate right from wrong, non-translations
    included; the rescaling makes the probabilities honest on translations, where the
    confidence is read (and where ECE is measured). The features named in `within` also
    enter the rescaling with a weight of their own: what tells a wrong pair from the right
    ones around it inside a translation, which the first fit, whose wrong pairs are mostly
    those of non-translations (as weak as their neighbours), does not learn.

    The feature named `last` enters neither: its weight is fitted after both, on the translations' beads, the rest
    of the model's logit held fixed (`_last_weight`). `number_support` is nonzero on one family only (UDHR et/hr/sk,
    where the embeddings lose contrast); in the first fit or the rescaling its translations' pairs would move the
    shared weights, slope and shift that every other family is read with (MAC-Dev held out: 0.036 -> 0.055).
    """
    if last is not None:
        return _fitted_last(x, y, names, x_real, y_real, within, last)
    mean, scale = x.mean(axis=0), np.maximum(x.std(axis=0), 1e-6)
    model = LogisticRegression(C=1.0, max_iter=1000).fit((x - mean) / scale, y)
    coef, intercept = model.coef_[0], float(model.intercept_[0])
    if y_real is not None and len(set(y_real)) == 2:
        columns = [names.index(name) for name in within]
        logit = ((x_real - mean) / scale) @ coef + intercept
        rows = np.column_stack([logit, (x_real[:, columns] - mean[columns]) / scale[columns]])
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(rows, y_real)
        slope, shift = float(platt.coef_[0][0]), float(platt.intercept_[0])
        coef, intercept = coef * slope, intercept * slope + shift
        coef[columns] += platt.coef_[0][1:]
    return LogisticModel(
        names, tuple(float(c) for c in coef), intercept, tuple(float(v) for v in mean), tuple(float(v) for v in scale)
    )


def _fitted_last(
    x: np.ndarray,
    y: np.ndarray,
    names: tuple[str, ...],
    x_real: np.ndarray,
    y_real: np.ndarray,
    within: tuple[str, ...],
    last: str,
) -> LogisticModel:
    """`fit` without the feature `last`, then the weight of `last` on the real beads, the rest held fixed."""
    column = names.index(last)
    rest = [k for k in range(len(names)) if k != column]
    model = fit(x[:, rest], y, tuple(names[k] for k in rest), x_real[:, rest], y_real, within)
    weight = _last_weight(model.logit(x_real[:, rest]), x_real[:, column], y_real.astype(float))
    mean, scale = float(x[:, column].mean()), max(float(x[:, column].std()), 1e-6)
    # the model reads (value - mean) / scale: weight * value = weight * scale * (value - mean) / scale + weight * mean
    return LogisticModel(
        names,
        (*model.coef[:column], weight * scale, *model.coef[column:]),
        model.intercept + weight * mean,
        (*model.mean[:column], mean, *model.mean[column:]),
        (*model.scale[:column], scale, *model.scale[column:]),
    )


def _last_weight(offset: np.ndarray, values: np.ndarray, y: np.ndarray) -> float:
    """The maximum-likelihood w of P(y) = sigmoid(offset + w * values), by Newton's method (0 where values are 0)."""
    weight = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(offset + weight * values)))
        curvature = float((p * (1.0 - p) * values * values).sum())
        if curvature <= 0.0:
            break
        step = float(((y - p) * values).sum()) / curvature
        weight += step
        if abs(step) < 1e-12:
            break
    return weight


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


def fit_model(examples: list[Example], encoder) -> ConfidenceModel:
    """The pair and skip models on the beads of the examples (logistic, rescaled on the real translations), the
    document model on their scored beads, and the prior shift from the share of translations it was fitted on."""
    rows = [(example, bead_rows(example)) for example in examples if example.beads]
    pair_x, pair_y, skip_x, skip_y = (np.concatenate(part) for part in zip(*(r for _, r in rows)))
    real_pair_x, real_pair_y, real_skip_x, real_skip_y = (
        np.concatenate(part) for part in zip(*(r for example, r in rows if example.translation))
    )
    beads = ConfidenceModel(
        pair=fit(
            pair_x, pair_y, PAIR_FEATURES, real_pair_x, real_pair_y, within=("relative_excess",), last="number_support"
        ),
        skip=fit(skip_x, skip_y, SKIP_FEATURES, real_skip_x, real_skip_y),
        document=None,
    )
    documents = [example for example in examples if not example.made]
    doc_x = np.array([document_features(*scored_beads(example, beads, encoder)) for example in documents])
    doc_y = np.array([example.translation for example in documents])
    share = float(doc_y.mean())
    prior_shift = math.log(TRANSLATION_PRIOR / (1 - TRANSLATION_PRIOR)) - math.log(share / (1 - share))
    return replace(beads, document=fit(doc_x, doc_y, DOCUMENT_FEATURES), prior_shift=prior_shift)


def final_confidences(examples: list[Example], model: ConfidenceModel, encoder) -> tuple:
    """Confidence and correctness of every pair bead and every unpaired unit of the examples, as an alignment
    gives them (`in_document`), and the document confidences."""
    pair_p, pair_y, skip_p, skip_y, documents = [], [], [], [], []
    for example in examples:
        beads, embeddings = scored_beads(example, model, encoder)
        document = document_confidence(model, beads, embeddings)
        beads = in_document(model, beads, document)
        for bead, ok in zip(beads, correctness(example, [(b.source, b.target) for b in beads])):
            target_p, target_y = (pair_p, pair_y) if bead.source and bead.target else (skip_p, skip_y)
            target_p.append(bead.confidence)
            target_y.append(ok)
        documents.append(document)
    return np.array(pair_p), np.array(pair_y, dtype=bool), np.array(skip_p), np.array(skip_y, dtype=bool), documents


def calibration_line(name: str, examples: list[Example], model: ConfidenceModel, encoder) -> str:
    """ECE and Brier of the pair beads and unpaired units of the family's translations, and how many pairs of
    its non-translations get 0.5 or more."""
    translations = [e for e in examples if e.beads and e.translation and not e.made]
    p_pair, pair_y, p_skip, skip_y, _ = final_confidences(translations, model, encoder)
    unreal = final_confidences([e for e in examples if e.beads and not e.translation and not e.made], model, encoder)[0]
    made_p, made_y = final_confidences([e for e in examples if e.made], model, encoder)[:2]
    p, y = np.concatenate([p_pair, p_skip]), np.concatenate([pair_y, skip_y])
    return (
        f"{name:<14} | {len(pair_y):5d} pairs ECE {expected_calibration_error(p_pair, pair_y):.3f} "
        f"Brier {brier_score(p_pair, pair_y):.3f} | {len(skip_y):4d} unpaired ECE "
        f"{expected_calibration_error(p_skip, skip_y):.3f} Brier {brier_score(p_skip, skip_y):.3f} | "
        f"all ECE {expected_calibration_error(p, y):.3f} Brier {brier_score(p, y):.3f} | "
        f"non-translations: {int((unreal >= 0.5).sum())}/{len(unreal)} pairs >= 0.5 | "
        f"substituted: wrong {int((made_p[~made_y] >= 0.5).sum())}/{int((~made_y).sum())}, "
        f"right {int((made_p[made_y] >= 0.5).sum())}/{int(made_y.sum())} pairs >= 0.5"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--out", type=Path, default=PARAMETERS_FILE)
    args = parser.parse_args()

    families = dev_families(args.data)
    encoder = CachedEncoder(USEEncoder())
    settings = Settings()
    examples = []
    for name, docs in families.items():
        examples += aligned(name, [(d.source, d.target, d.gold) for d in docs], encoder, settings, translation=True)
        examples += aligned(
            name, non_translations(docs, name in ONE_TEXT_FAMILIES), encoder, settings, translation=False
        )
        examples += made_cases(name, docs, encoder, settings)
    # the document model also learns that a translation out of order is not one: the dev documents long
    # enough to have ten blocks or more, and long documents (the WMT22 dev documents in a row, in
    # three seeded orders) intact and with their target in shuffled blocks
    long_documents = [concatenated(wmt22(args.data, "dev"), seed) for seed in range(3)]
    examples += aligned("WMT22 dev", long_documents, encoder, settings, translation=True, beads=False)
    true_documents = [(name, (d.source, d.target)) for name, docs in families.items() for d in docs] + [
        ("WMT22 dev", (source, target)) for source, target, _ in long_documents
    ]
    for seed, (name, (source, target)) in enumerate(true_documents):
        if len(target) >= 100:
            shuffled = [(source, shuffled_blocks(target, block, seed), ()) for block in (5, 10)]
            examples += aligned(name, shuffled, encoder, settings, translation=False, beads=False)

    print("fitted without the family, scored on it (held out), as alignments give them (`in_document`):")
    for held_out in families:
        model = fit_model([e for e in examples if e.family != held_out], encoder)
        print(calibration_line(held_out, [e for e in examples if e.family == held_out], model, encoder))

    model = fit_model(examples, encoder)
    print("the model fitted on the whole dev pool (in-sample):")
    for name in families:
        print(calibration_line(name, [e for e in examples if e.family == name], model, encoder))
    real = [e for e in examples if not e.made]
    p, doc_y = np.array(final_confidences(real, model, encoder)[4]), np.array([e.translation for e in real])
    print(
        f"document: {len(doc_y)} pairs, {doc_y.mean():.3f} translations, Brier {brier_score(p, doc_y):.4f}, "
        f"ECE {expected_calibration_error(p, doc_y):.4f} (in-sample); prior shift {model.prior_shift:.3f}"
    )
    parts = {"pair": model.pair.to_json(), "skip": model.skip.to_json(), "document": model.document.to_json()}
    parts["prior_shift"] = model.prior_shift
    args.out.write_text(json.dumps(parts, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
