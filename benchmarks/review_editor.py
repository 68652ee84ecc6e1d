"""How fast the review page opens and how long an edit takes in its editor, in Debian's chromium, for
synthetic paragraph alignments of several sizes (1-1 beads); prints a table, writes JSON.

    python benchmarks/review_editor.py [--sizes 500 5000] [--repeats 5] [--json editor.json]

"open" is the time from navigation until the rows are on the page. Each key is timed inside the page:
the keydown handler (the edit, the rows it replaces, the filter, localStorage) plus the layout it forces;
the median of the repeats. Each edit is followed by its undo and redo (timed after a merge, the edit that
renumbers the rows after it) and an undo; "filter" is `f`, from every bead to the errors to review (one bead
in 50 has a low-confidence error), "unfilter" the `f` back to every bead.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import format_table, write_json_report

from aligner import Alignment, Bead, Finding
from aligner.segment import build_document

CHROMIUM = "/usr/bin/chromium"
ACTIONS = (("merge-next", "n"), ("confirm", "c"), ("detach", "d"))
COLUMNS = ("merge-next", "undo", "redo", "confirm", "detach", "filter", "unfilter")
_TIMED_KEY = """(key) => { const start = performance.now();
    document.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));
    document.body.offsetHeight; return performance.now() - start; }"""


def synthetic(beads: int) -> Alignment:
    source = [
        f"Предложение номер {i}: обычный абзац средней длины для проверки скорости страницы." for i in range(beads)
    ]
    target = [f"Sentence number {i}: an ordinary paragraph of middling length to time the page." for i in range(beads)]
    return Alignment(
        build_document(source, "src.txt", "ru"),
        build_document(target, "tgt.txt", "en"),
        "paragraph",
        tuple(Bead((i,), (i,), source[i], target[i], 0.9, 0.8) for i in range(beads)),
        0.99,
        "bench",
    )


def findings(beads: int) -> list[Finding]:
    return [Finding("low-confidence", "error", i, "Uncertain pair") for i in range(0, beads, 50)]


def measure(page, path: Path, repeats: int) -> dict[str, float]:
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("tr.bead")
    figures = {"open_seconds": time.perf_counter() - start}
    times: dict[str, list[float]] = {name: [] for name in COLUMNS}
    page.click("tr.bead:nth-child(10) td.n")
    for name, key in ACTIONS:
        for _ in range(repeats):
            times[name].append(page.evaluate(_TIMED_KEY, key))
            undo, redo = page.evaluate(_TIMED_KEY, "u"), page.evaluate(_TIMED_KEY, "r")
            if name == "merge-next":
                times["undo"].append(undo)
                times["redo"].append(redo)
            page.evaluate(_TIMED_KEY, "u")
            page.click("tr.bead:nth-child(10) td.n")
    for _ in range(repeats):
        times["filter"].append(page.evaluate(_TIMED_KEY, "f"))
        times["unfilter"].append(page.evaluate(_TIMED_KEY, "f"))
    return {**figures, **{f"{name}_ms": statistics.median(values) for name, values in times.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory() as directory, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for size in args.sizes:
            path = Path(directory) / f"review-{size}.html"
            synthetic(size).to_html(path, findings=findings(size))
            page = browser.new_page()
            results.append({"beads": size, **measure(page, path, args.repeats)})
            page.close()
        browser.close()
    header = ["beads", "open s", *(f"{name} ms" for name in COLUMNS)]
    print(
        format_table(header, [[r["beads"], r["open_seconds"], *(r[f"{name}_ms"] for name in COLUMNS)] for r in results])
    )
    write_json_report(args.json, results)


if __name__ == "__main__":
    main()
