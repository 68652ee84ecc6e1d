"""Fuzz run: the property tests of tests/test_properties.py on many random examples each.

    python benchmarks/fuzz.py [--examples 500] [--json out.json]

Readers (bytes decoding, file readers, paragraph splitting), `align`, `check` and every exporter on
arbitrary Unicode (lone surrogates, controls, number tokens). Prints, per property, the examples tried
and the failures (a failure: anything but a well-formed result or an AlignerError), with the first
falsifying example's error. Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=500, help="examples per property (default 500)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    os.environ["ALIGNER_FUZZ_EXAMPLES"] = str(args.examples)  # read when the properties are imported

    from harness import format_table, write_json_report

    from aligner.errors import first_line
    from tests import test_properties as properties

    rows = []
    for name in sorted(vars(properties)):
        test = getattr(properties, name)
        if not (name.startswith("test_") and callable(test)):
            continue
        before = dict(properties.EXAMPLES)
        start = time.perf_counter()
        try:
            test()
            failures, first = 0, ""
        except BaseException as error:
            group = getattr(error, "exceptions", None)
            failures, first = (len(group) if group else 1), f"{type(error).__name__}: {first_line(error)}"
        tried = {
            key: count - before.get(key, 0) for key, count in properties.EXAMPLES.items() if count != before.get(key, 0)
        }
        rows.append(
            {
                "property": name.removeprefix("test_"),
                "examples": sum(tried.values()),
                "by": tried,
                "failures": failures,
                "seconds": round(time.perf_counter() - start, 1),
                "first_failure": first,
            }
        )
    print(
        format_table(
            ["property", "examples tried", "failures", "seconds"],
            [[r["property"], r["examples"], r["failures"], r["seconds"]] for r in rows],
        )
    )
    print(f"total: {sum(r['examples'] for r in rows)} examples, {sum(r['failures'] for r in rows)} failures")
    for row in rows:
        if row["failures"]:
            print(f"{row['property']}: {row['first_failure']}")
    write_json_report(args.json, {"examples_per_property": args.examples, "properties": rows})
    return 1 if any(r["failures"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
