"""What every benchmark measures for one gold document: encode each unit once, align, score.

Shared by accuracy.py, speed.py, scaling.py and tests/test_accuracy_regression.py so
that they all time and score the same way.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
from bench_data import GoldDocument, folder, textberg, udhr, wmt22

from aligner import Alignment, read
from aligner.embed import CachedEncoder, Encoder, USEEncoder, embed_states
from aligner.evaluate import (
    Counts,
    bead_correctness,
    brier_score,
    count,
    expected_calibration_error,
)
from aligner.export import write_atomically
from aligner.language import identify_language
from aligner.pipeline import Settings, align_documents

SETTINGS = Settings(level="paragraph")  # a pre-split list makes each line one unit
AnyEncoder = TypeVar("AnyEncoder", bound=Encoder)


@dataclass(frozen=True)
class BenchSet:
    """One gold set: how to load it and the languages of its two sides.

    Sets with the same `family` share documents (the WMT22 perturbed test, dev and
    all sets), so a document is aligned once and its run reused.
    """

    label: str
    family: str
    load: Callable[[Path], list[GoldDocument]]
    languages: tuple[str, str]


BENCH_SETS: dict[str, BenchSet] = {
    "textberg_test": BenchSet("Text+Berg de-fr test", "textberg", lambda d: textberg(d, "test"), ("de", "fr")),
    "textberg_dev": BenchSet("Text+Berg de-fr dev", "textberg", lambda d: textberg(d, "dev"), ("de", "fr")),
    "wmt22_perturbed_test": BenchSet(
        "WMT22 ru-en perturbed test", "wmt22_perturbed", lambda d: wmt22(d, "test"), ("ru", "en")
    ),
    "wmt22_perturbed_dev": BenchSet(
        "WMT22 ru-en perturbed dev", "wmt22_perturbed", lambda d: wmt22(d, "dev"), ("ru", "en")
    ),
    "wmt22_perturbed_all": BenchSet(
        "WMT22 ru-en perturbed all", "wmt22_perturbed", lambda d: wmt22(d, "all"), ("ru", "en")
    ),
    "wmt22_clean_all": BenchSet(
        "WMT22 ru-en clean all", "wmt22_clean", lambda d: wmt22(d, "all", perturbed=False), ("ru", "en")
    ),
    "mac_zhen_dev": BenchSet(
        "MAC-Dev zh-en (dev)", "mac", lambda d: folder(d / "mac_zhen" / "dev", "zh", "en"), ("zh", "en")
    ),
    "transread_enfr": BenchSet(
        "TransRead en-fr (dev)", "transread", lambda d: folder(d / "transread_enfr", "en", "fr"), ("en", "fr")
    ),
    **{
        f"udhr_{lang}": BenchSet(
            f"UDHR en-{lang} perturbed (dev)", f"udhr_{lang}", lambda d, lang=lang: udhr(d, lang), ("en", lang)
        )
        for lang in ("es", "tr", "et", "hr", "id", "sk")
    },
}
# The sets that hold test documents (Text+Berg test, the WMT22 documents not in wmt22_dev_docs.txt): reported,
# never tuned on, and never part of the regression floor
TEST_SETS = frozenset({"textberg_test", "wmt22_perturbed_test", "wmt22_perturbed_all", "wmt22_clean_all"})


@dataclass(frozen=True)
class DocumentRun:
    """One document aligned and scored; times in seconds."""

    name: str
    gold_beads: int
    counts: Counts
    confidences: tuple[float, ...]  # one per predicted bead
    correct: tuple[bool, ...]  # whether each predicted bead is strictly correct
    paired: tuple[bool, ...]  # whether each predicted bead is a pair (False: a 1-0 or 0-1 bead)
    encode_seconds: float  # wall time of encoding each distinct unit of both documents once
    align_seconds: float  # wall time of everything else, with the encodings cached
    # the part of encode_seconds that the align stage does again: USE's output network on every unit (the
    # aligner keeps states and runs the network itself), counted once in the end-to-end time
    finish_seconds: float
    encode_cpu_seconds: float  # the same as CPU time of this process (all threads): steadier on a busy machine
    align_cpu_seconds: float
    finish_cpu_seconds: float
    encoded_units: int


def warmed_up_encoder() -> USEEncoder:
    """The embedded USE encoder with its weights loaded, and the language identifier's model loaded: loads a
    process pays once (as a batch worker does), kept out of the timed encode and align stages."""
    return warmed_up(USEEncoder())


def warmed_up(encoder: AnyEncoder) -> AnyEncoder:
    """`encoder` with its weights loaded, and the language identifier's model loaded (see `warmed_up_encoder`)."""
    encoder.encode(["warm-up: load the weights before timing"])
    identify_language("warm-up: load the language identifier before timing")
    return encoder


def load_average() -> str:
    """The machine's 1, 5 and 15-minute load averages, for saying how busy it was during a timing."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


class Stopwatch:
    """Wall and process CPU time of a `with` block."""

    def __enter__(self) -> Stopwatch:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def run_document(
    doc: GoldDocument, languages: tuple[str, str], encoder: Encoder, settings: Settings = SETTINGS
) -> tuple[DocumentRun, Alignment]:
    """Encode the document pair once into a fresh cache (timed), then align with it (timed) and score.

    Encoding once is the states of every distinct unit and the output network on them (`finish`); the align
    stage runs the output network on the units' states itself, so the end-to-end time (what `align_documents`
    costs from nothing) is the states' time plus the align time (`summarise`).
    """
    source = read(list(doc.source), language=languages[0])
    target = read(list(doc.target), language=languages[1])
    texts = [unit.text for side in (source, target) for unit in side.units(settings.level)]
    cache = CachedEncoder(encoder)
    with Stopwatch() as encoding:
        states = embed_states(cache, texts)  # the same distinct, length-sorted batches the pipeline would encode
        with Stopwatch() as finishing:
            cache.finish(states)
    with Stopwatch() as aligning:
        alignment = align_documents(source, target, cache, settings)
    predicted = [(bead.source, bead.target) for bead in alignment.beads]
    run = DocumentRun(
        name=doc.name,
        gold_beads=len(doc.gold),
        counts=count(predicted, doc.gold),
        confidences=tuple(bead.confidence for bead in alignment.beads),
        correct=tuple(bead_correctness(predicted, doc.gold)),
        paired=tuple(bead.is_pair for bead in alignment.beads),
        encode_seconds=encoding.wall,
        align_seconds=aligning.wall,
        finish_seconds=finishing.wall,
        encode_cpu_seconds=encoding.cpu,
        align_cpu_seconds=aligning.cpu,
        finish_cpu_seconds=finishing.cpu,
        encoded_units=len(set(texts)),
    )
    return run, alignment


def summarise(runs: Sequence[DocumentRun]) -> dict[str, float | int]:
    """Micro-averaged scores, calibration and total times over documents."""
    counts = sum((run.counts for run in runs), Counts())
    confidences = np.array([p for run in runs for p in run.confidences])
    correct = np.array([y for run in runs for y in run.correct], dtype=bool)
    paired = np.array([x for run in runs for x in run.paired], dtype=bool)
    encode = sum(run.encode_seconds for run in runs)
    align = sum(run.align_seconds for run in runs)
    encode_cpu = sum(run.encode_cpu_seconds for run in runs)
    align_cpu = sum(run.align_cpu_seconds for run in runs)
    # end to end: the units' states, then the align stage (which runs the output network on them)
    end_to_end = encode - sum(run.finish_seconds for run in runs) + align
    end_to_end_cpu = encode_cpu - sum(run.finish_cpu_seconds for run in runs) + align_cpu
    return {
        "documents": len(runs),
        "gold_beads": sum(run.gold_beads for run in runs),
        "gold_pairs": counts.gold,
        "predicted_beads": counts.predicted,
        **counts.scores(),
        "brier": brier_score(confidences, correct),
        "ece": expected_calibration_error(confidences, correct, bins=10),
        **{
            f"{key}_{kind}": value
            for kind, beads in (("pairs", paired), ("unpaired", ~paired))
            for key, value in calibration(confidences[beads], correct[beads]).items()
        },
        "encoded_units": sum(run.encoded_units for run in runs),
        "encode_seconds": encode,
        "align_seconds": align,
        "end_to_end_seconds": end_to_end,
        "end_to_end_over_encode": end_to_end / encode if encode else 0.0,
        "encode_cpu_seconds": encode_cpu,
        "align_cpu_seconds": align_cpu,
        "end_to_end_cpu_seconds": end_to_end_cpu,
        "end_to_end_over_encode_cpu": end_to_end_cpu / encode_cpu if encode_cpu else 0.0,
    }


def calibration(confidences: np.ndarray, correct: np.ndarray) -> dict[str, float | int]:
    """Bead count, share correct, Brier score and ECE (10 equal-width bins) of one kind of bead."""
    return {
        "beads": len(correct),
        "correct": float(correct.mean()) if len(correct) else 0.0,
        "brier": brier_score(confidences, correct),
        "ece": expected_calibration_error(confidences, correct, bins=10),
    }


def scores(runs: Iterable[DocumentRun]) -> dict[str, float]:
    """Strict and lax P/R/F1 of the runs' summed counts (micro average)."""
    return sum((run.counts for run in runs), Counts()).scores()


def strict_f1(runs: Iterable[DocumentRun]) -> float:
    return scores(runs)["strict_f1"]


def write_json_atomically(path: Path, data: object) -> None:
    """Write `data` as indented JSON; the file is either the old or the complete new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically({path: json.dumps(data, indent=2, ensure_ascii=False) + "\n"})


def write_json_report(path: Path | None, data: object) -> None:
    """The figures as JSON to `path` (a benchmark's --json), when one is given, and say so."""
    if path is not None:
        write_json_atomically(path, data)
        print(f"wrote {path}")


def format_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain aligned text table; floats with three decimals."""
    cells = [[f"{v:.3f}" if isinstance(v, float) else str(v) for v in row] for row in rows]
    widths = [max(len(str(h)), *(len(row[i]) for row in cells)) for i, h in enumerate(header)]
    lines = [" | ".join(str(h).ljust(w) for h, w in zip(header, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))) for row in cells]
    return "\n".join(lines)
