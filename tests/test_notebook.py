"""examples/align_seed.ipynb runs top to bottom in a kernel of this interpreter and shows the seed tables."""

from __future__ import annotations

import json
import sys
from io import StringIO

import nbformat
import pandas
import pytest
from nbclient import NotebookClient

from .conftest import REPO_ROOT, SEEDS_DIR

pytestmark = [pytest.mark.notebook, pytest.mark.model]

NOTEBOOK = REPO_ROOT / "examples" / "align_seed.ipynb"
KERNEL_NAME = "aligner-tests"


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory):
    """A kernelspec for the running interpreter, so the notebook sees the same environment as the tests
    (on a fresh machine only .venv has aligner and ipykernel installed)."""
    root = tmp_path_factory.mktemp("jupyter")
    spec_dir = root / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "aligner tests",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory):
    """A shared data folder of another name than ../shared, holding the seeds, as `make SHARED=...` names one."""
    shared = tmp_path_factory.mktemp("data")
    (shared / "seeds").symlink_to(SEEDS_DIR)
    return shared


@pytest.fixture(scope="module")
def executed(kernel_dir, shared_dir, tmp_path_factory):
    # run where a user may copy it, outside the repository: ALIGNER_SHARED alone finds the seeds (fresh-clone 9)
    elsewhere = tmp_path_factory.mktemp("notebooks")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(kernel_dir))
        patch.setenv("ALIGNER_SHARED", str(shared_dir))  # as the Makefile sets it, and no ALIGNER_SEEDS
        patch.delenv("ALIGNER_SEEDS", raising=False)
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        client = NotebookClient(
            notebook, kernel_name=KERNEL_NAME, timeout=600, resources={"metadata": {"path": str(elsewhere)}}
        )
        client.execute()
    return notebook


def outputs(notebook, mime: str) -> list[str]:
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mime in data:
                found.append(data[mime])
            elif mime == "text/plain" and output.get("output_type") == "stream":
                found.append(output["text"])
    return found


def test_notebook_is_saved_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_notebook_runs_without_errors(executed):
    errors = [
        output for cell in executed.cells for output in cell.get("outputs", []) if output.get("output_type") == "error"
    ]
    assert not errors
    assert all(cell.get("execution_count") for cell in executed.cells if cell.cell_type == "code")


def test_notebook_prints_signature_and_confidence(executed, shared_dir):
    printed = "".join(outputs(executed, "text/plain"))
    assert f"seed documents: {shared_dir / 'seeds'}" in printed
    assert "use-multilingual-v3" in printed
    assert "document confidence:" in printed


def test_notebook_shows_the_expected_paragraph_table(executed):
    frames = [html for html in outputs(executed, "text/html") if 'class="dataframe' in html]
    assert frames, "no DataFrame shown"
    table = pandas.read_html(StringIO(frames[0]))[0]
    for column in ("source", "target", "kind", "confidence", "source_text", "target_text"):
        assert column in table.columns
    expected = [("(0,)", "(0, 1)")] + [(f"({k},)", f"({k + 1},)") for k in range(1, 10)]  # the beads' tuples
    assert list(zip(table["source"], table["target"])) == expected
    assert "Да здравствует Азербайджан!" in frames[0] and "Long Live Azerbaijan!" in frames[0]


def test_notebook_shows_the_html_displays(executed):
    displays = [html for html in outputs(executed, "text/html") if "aligner-alignment" in html]
    assert len(displays) == 2, "the paragraph and the sentence alignment"
    paragraph_html, sentence_html = displays
    assert "paragraph alignment" in paragraph_html and "sentence alignment" in sentence_html
    assert "unit ids count from 0" in paragraph_html
    assert "Long Live Azerbaijan!" in paragraph_html and "Long Live Azerbaijan!" in sentence_html
