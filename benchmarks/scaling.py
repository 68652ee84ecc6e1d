"""How alignment time and memory grow with document length (2k, 8k, 32k units per side).

    python benchmarks/scaling.py --data ../shared/bench [--sizes 10000 32000 100000] [--gap 1000 --gap-size 8000]
                                 [--json out.json]

Long documents are built by concatenating the bench documents (Text+Berg test and
dev, then all WMT22 perturbed documents, over and over) with their gold beads
shifted, so strict F1 at each size is printed as a sanity check. With --gap N, the
document of --gap-size units is also aligned with N consecutive units cut out of the
middle of its source side, and then of its target side (their counterparts become
1-0/0-1 beads of the gold), to show what a long passage present on one side only costs. The distinct
units are encoded once with the real USE encoder (timed and reported on its own),
saved as .npy (USE's additive states) in a temporary folder, and each size runs in
a fresh process that looks them up, so the numbers measure the aligner alone:
- time: wall and CPU seconds of `align_documents` (no tracing);
- memory: peak of tracemalloc (numpy buffers included) during a second, traced
  `align_documents`, and the process's max RSS (resource.getrusage) with the RSS
  it had before aligning.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import tracemalloc
from itertools import chain
from itertools import count as count_from
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_data import GoldDocument
from harness import BENCH_SETS, SETTINGS, Stopwatch, format_table, write_json_report

from aligner import Document, read
from aligner.embed import USEEncoder, embed_states
from aligner.evaluate import BeadIds, count
from aligner.language import identify_language

POOL_SETS = ("textberg_test", "textberg_dev", "wmt22_perturbed_all")
MIB = 2**20


class LookupEncoder:
    """USE with the additive state of every unit computed earlier and looked up.

    It leaves the aligner where encoding the units in this process would: the USE
    encoder it wraps (`encoder`, which the search's second look finds to join the
    states of a group's units, `USEEncoder.join_states`) holds the units' token ids.
    A text it was not given is encoded by USE there and then, and `finish` (USE's
    output network, which the aligner runs on groups of units) is the real one: both
    are part of the measured alignment work.
    """

    name = USEEncoder.name

    def __init__(self, texts: list[str], states: np.ndarray) -> None:
        self._row = {text: i for i, text in enumerate(texts)}
        self._states = states
        self._use = self.encoder = USEEncoder()
        self._use.finish(states[:1])  # load the weights and the language identifier now, not while timing
        identify_language("warm-up: load the language identifier before timing")
        tokenizer, memo = self._use._backend.sp, self._use._tokens
        for text in texts:  # the token memo as encoding the texts fills it (use_states.pooled_states)
            memo.put(text, tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True))

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.finish(self.encode_states(texts))

    def encode_states(self, texts: list[str]) -> np.ndarray:
        new = list(dict.fromkeys(text for text in texts if text not in self._row))
        if not new:
            return self._states[[self._row[text] for text in texts]]
        encoded = dict(zip(new, self._use.encode_states(new)))
        return np.stack([self._states[self._row[text]] if text in self._row else encoded[text] for text in texts])

    def finish(self, states: np.ndarray) -> np.ndarray:
        return self._use.finish(states)


def pool(data: Path) -> list[GoldDocument]:
    return [doc for name in POOL_SETS for doc in BENCH_SETS[name].load(data)]


def concatenated(docs: list[GoldDocument], size: int) -> tuple[Document, Document, list[BeadIds]]:
    """Documents in turn until the source side has `size` units: the list once in order, then again and again
    in seeded random orders, so that a long document does not repeat with one period (a periodic text lets a
    path shifted by one period pair identical content, and the gold would be ambiguous)."""
    rng = np.random.default_rng(0)
    passes = chain([docs], ([docs[k] for k in rng.permutation(len(docs))] for _ in count_from(1)))
    source: list[str] = []
    target: list[str] = []
    gold: list[BeadIds] = []
    for doc in chain.from_iterable(passes):
        if len(source) >= size:
            break
        gold += [(tuple(i + len(source) for i in s), tuple(j + len(target) for j in t)) for s, t in doc.gold]
        source += doc.source
        target += doc.target
    return read(source, language="mul"), read(target, language="mul"), gold


def with_gap(
    source: Document, target: Document, gold: list[BeadIds], side: str, length: int
) -> tuple[Document, Document, list[BeadIds]]:
    """The documents with `length` consecutive units cut from the middle of one side ("source" or "target"),
    and the gold beads that follow: the other side's counterparts of the cut units become unpaired."""
    units = [[u.text for u in source.paragraphs], [u.text for u in target.paragraphs]]
    cut_side = 0 if side == "source" else 1
    start = len(units[cut_side]) // 2 - length // 2
    cut = range(start, start + length)
    units[cut_side][start : start + length] = []

    def renumber(ids: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(k - length if k >= cut.stop else k for k in ids if k not in cut)

    new_gold: list[BeadIds] = []
    for bead in gold:
        kept, other = renumber(bead[cut_side]), bead[1 - cut_side]
        if kept or not other:
            new_gold.append((kept, other) if cut_side == 0 else (other, kept))
        else:  # every unit of this side was cut: the other side's units are left unpaired
            new_gold += [((), (k,)) if cut_side == 0 else ((k,), ()) for k in other]
    return read(units[0], language="mul"), read(units[1], language="mul"), new_gold


def encode_pool(data: Path, folder: Path) -> dict[str, float]:
    """Encode every distinct unit of the pool once with USE; save the texts and their states into `folder`."""
    texts = sorted(
        {
            unit.text
            for doc in pool(data)
            for side in (doc.source, doc.target)
            for unit in read(list(side), language="mul").paragraphs
        }
    )
    encoder = USEEncoder()
    encoder.encode(["warm-up: load the weights before timing"])
    with Stopwatch() as encoding:
        states = embed_states(encoder, texts)
        encoder.finish(states)  # part of encoding each unit once
    np.save(folder / "states.npy", states)
    (folder / "texts.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return {"units": len(texts), "seconds": encoding.wall, "cpu_seconds": encoding.cpu}


def current_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure_size(data: Path, folder: Path, size: int, gap: tuple[str, int] | None = None) -> dict[str, float]:
    """Runs in its own process, so max RSS belongs to this size alone. gap: (side, units) cut out, or None."""
    from aligner.pipeline import align_documents

    texts = json.loads((folder / "texts.json").read_text(encoding="utf-8"))
    encoder = LookupEncoder(texts, np.load(folder / "states.npy"))
    source, target, gold = concatenated(pool(data), size)
    if gap:
        source, target, gold = with_gap(source, target, gold, *gap)
    rss_before = current_rss_mib()
    with Stopwatch() as aligning:
        alignment = align_documents(source, target, encoder, SETTINGS)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    scores = count([(bead.source, bead.target) for bead in alignment.beads], gold).scores()
    del alignment
    tracemalloc.start()
    align_documents(source, target, encoder, SETTINGS)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "source_units": len(source.paragraphs),
        "target_units": len(target.paragraphs),
        "seconds": aligning.wall,
        "cpu_seconds": aligning.cpu,
        "tracemalloc_peak_mib": peak / MIB,
        "rss_before_mib": rss_before,
        "max_rss_mib": max_rss,
        "strict_f1": scores["strict_f1"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the bench folder (../shared/bench)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 32000, 100000])
    parser.add_argument(
        "--gap",
        type=int,
        default=0,
        help="also align the --gap-size document with this many units cut from either side",
    )
    parser.add_argument("--gap-size", type=int, default=8000)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--embeddings",
        type=Path,
        help="keep the pool's embeddings in this folder and reuse them on later runs "
        "(the encoder is then timed only on the run that fills it)",
    )
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)  # internal: one size, cached embeddings here
    parser.add_argument("--gap-side", help=argparse.SUPPRESS)  # internal: the worker cuts --gap units from this side
    args = parser.parse_args(argv)
    if args.worker:
        gap = (args.gap_side, args.gap) if args.gap_side else None
        print(json.dumps(measure_size(args.data, args.worker, args.sizes[0], gap)))
        return 0

    with tempfile.TemporaryDirectory(prefix="aligner-scaling-") as temporary:
        folder = args.embeddings or Path(temporary)
        encoding = None
        if not (folder / "states.npy").is_file():
            folder.mkdir(parents=True, exist_ok=True)
            encoding = encode_pool(args.data, folder)
        runs = [(str(size), size, []) for size in args.sizes]
        if args.gap:
            runs += [(f"{args.gap_size} intact", args.gap_size, [])]
            runs += [
                (f"{args.gap_size} {side} gap {args.gap}", args.gap_size, ["--gap", str(args.gap), "--gap-side", side])
                for side in ("source", "target")
            ]
        results = {}
        for label, size, extra in runs:
            worker = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--data",
                    str(args.data),
                    "--sizes",
                    str(size),
                    "--worker",
                    str(folder),
                    *extra,
                ],
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            results[label] = json.loads(worker.stdout.splitlines()[-1])
            print(f"  {label}: {results[label]['seconds']:.1f} s", file=sys.stderr, flush=True)

    if encoding:
        print(
            f"encoder (USE, measured separately): {encoding['units']} distinct units of the pool in "
            f"{encoding['seconds']:.1f} s wall / {encoding['cpu_seconds']:.1f} s CPU "
            f"({1000 * encoding['cpu_seconds'] / encoding['units']:.2f} ms CPU per unit)"
        )
    else:
        print(f"encoder: embeddings reused from {folder} (not timed on this run)")
    base = results[str(args.sizes[0])]
    header = [
        "run",
        "src units",
        "tgt units",
        "align s",
        "align cpu s",
        f"s / s({args.sizes[0]})",
        f"cpu / cpu({args.sizes[0]})",
        "tracemalloc peak MiB",
        "RSS before MiB",
        "max RSS MiB",
        "F1 strict",
    ]
    rows = [
        [
            label,
            r["source_units"],
            r["target_units"],
            r["seconds"],
            r["cpu_seconds"],
            r["seconds"] / base["seconds"],
            r["cpu_seconds"] / base["cpu_seconds"],
            r["tracemalloc_peak_mib"],
            r["rss_before_mib"],
            r["max_rss_mib"],
            r["strict_f1"],
        ]
        for label, r in results.items()
    ]
    print(format_table(header, rows))
    write_json_report(args.json, {"encoder": encoding, "runs": results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
