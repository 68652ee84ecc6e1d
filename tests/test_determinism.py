"""Byte-identical outputs whatever the machine's core count: encoder and BLAS thread counts, hash seed, working
directory.

OpenBLAS splits some products between as many threads as the machine has cores, and with some of its
kernels (e.g. Haswell's) that changes the last bits of a sum; the aligner runs its BLAS work on one
thread, so a 1-core and a 4-core machine write the same bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from threadpoolctl import threadpool_limits

import aligner
from aligner.embed import USEEncoder
from aligner.export import EXPORTERS

pytestmark = pytest.mark.model

ALIGNER = str(Path(sys.executable).with_name("aligner"))


def rendered(result: aligner.Alignment) -> dict[str, dict[str, str | bytes]]:
    """Every format's files, as an export would write them."""
    options = aligner.export.ExportOptions(findings=result.check(), force=True)
    return {name: exporter.render(result, options) for name, exporter in EXPORTERS.items()}


@pytest.mark.parametrize("level", ["paragraph", "sentence"])
def test_encoder_and_blas_thread_counts_do_not_change_a_byte(seed_paths, level):
    outputs = {}
    states = {}
    for threads in (1, 2, 4):
        encoder = USEEncoder(threads=threads)
        with threadpool_limits(threads):  # as many BLAS threads as a machine with that many cores would use
            result = aligner.align(seed_paths["ru"], seed_paths["en"], level=level, model=encoder)
            outputs[threads] = rendered(result)
            states[threads] = encoder.encode_states([unit.text for unit in result.source.units(level)])
    assert outputs[2] == outputs[1] and outputs[4] == outputs[1]
    assert states[2].tobytes() == states[1].tobytes() and states[4].tobytes() == states[1].tobytes()


def test_hash_seed_and_working_directory_do_not_change_a_byte(seed_paths, tmp_path):
    runs = {}
    for seed, directory in (("0", "first"), ("1", "second/nested"), ("4242", "third")):
        cwd = tmp_path / directory
        cwd.mkdir(parents=True)
        out = cwd / "out"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [
                ALIGNER,
                "align",
                str(seed_paths["ru"]),
                str(seed_paths["en"]),
                "-q",
                "-o",
                "out/pair.tmx",
                "-o",
                "out/pair.jsonl",
                "-o",
                "out/pair.html",
                "-o",
                "out/pair.tsv",
            ],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        check = subprocess.run(
            [ALIGNER, "check", str(seed_paths["ru"]), str(seed_paths["en-2026"]), "--format", "json"],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        runs[seed] = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
        runs[seed]["check.json"] = check.stdout.encode()
    first, *others = runs.values()
    assert sorted(first) == ["check.json", "pair.html", "pair.jsonl", "pair.tmx", "pair.tsv"]
    for other in others:
        assert other == first
