"""Memory and time at the sizes README's "Limits" table quotes: documents of many units, one very long unit.

    python benchmarks/limits.py [--units 2500 5000 10000] [--unit-chars 100000 500000 2000000] [--json out.json]

Each row is one whole CLI run (`aligner align SRC TGT -o out.jsonl`, embedded USE encoder, paragraph
level) in a child process: its peak resident memory (ru_maxrss) and wall time. Documents are made of
the seed statements' sentences (distinct, each with a running number), one per paragraph, on both sides;
the long unit is a single English paragraph of that many characters facing a short Russian document.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import format_table, write_json_report

import aligner

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
ALIGNER = str(Path(sys.executable).with_name("aligner"))
MIB = 2**20


def run(source: Path, target: Path, out: Path) -> tuple[float, float]:
    """(peak RSS MiB, wall seconds) of one `aligner align` child process."""
    start = time.perf_counter()
    child = subprocess.Popen([ALIGNER, "align", str(source), str(target), "-q", "-o", str(out)])
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest child's so far
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"aligner exited {child.returncode} on {source}, {target}")
    return usage.ru_maxrss * 1024 / MIB, time.perf_counter() - start


def sentences(name: str) -> list[str]:
    return [unit.text for unit in aligner.read(SEEDS / name).sentences]


def many_units(folder: Path, n: int) -> tuple[Path, Path]:
    ru, en = sentences("ru-2025-statement.md"), sentences("en-2025-statement.txt")
    source, target = folder / f"ru-{n}.txt", folder / f"en-{n}.txt"
    source.write_text("\n\n".join(f"{ru[i % len(ru)]} ({i})" for i in range(n)) + "\n", encoding="utf-8")
    target.write_text("\n\n".join(f"{en[i % len(en)]} ({i})" for i in range(n)) + "\n", encoding="utf-8")
    return source, target


def long_unit(folder: Path, chars: int) -> tuple[Path, Path]:
    words = " ".join(sentences("en-2025-statement.txt")).split()
    rng = random.Random(chars)
    text = " ".join(rng.choice(words) for _ in range(chars // 4))[:chars]
    source, target = folder / "ru-short.txt", folder / f"en-long-{chars}.txt"
    source.write_text("Первый абзац.\n\nВторой абзац.\n", encoding="utf-8")
    target.write_text(text + "\n\nSecond paragraph.\n", encoding="utf-8")
    return source, target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, nargs="*", default=[2500, 5000, 10000])
    parser.add_argument("--unit-chars", type=int, nargs="*", default=[100_000, 500_000, 2_000_000])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        for n in sorted(args.units):
            rss, seconds = run(*many_units(folder, n), folder / "out.jsonl")
            rows.append(
                {"case": f"{n:,} paragraphs per side", "peak_rss_mib": round(rss), "seconds": round(seconds, 1)}
            )
        for chars in sorted(args.unit_chars):
            rss, seconds = run(*long_unit(folder, chars), folder / "out.jsonl")
            rows.append(
                {"case": f"one unit of {chars:,} characters", "peak_rss_mib": round(rss), "seconds": round(seconds, 1)}
            )
    print(
        format_table(["case", "peak RSS (MiB)", "wall s"], [[r["case"], r["peak_rss_mib"], r["seconds"]] for r in rows])
    )
    write_json_report(args.json, rows)


if __name__ == "__main__":
    main()
