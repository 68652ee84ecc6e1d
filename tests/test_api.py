"""The public surface: what `import aligner` offers, its version, and no module hidden behind a function."""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
import os
import pkgutil
import re
import shutil
import subprocess
import sys
import tomllib
import typing
import zipfile

import pytest

import aligner
from tests.conftest import REPO_ROOT


def test_every_name_in_all_is_importable_from_the_package():
    missing = [name for name in aligner.__all__ if not hasattr(aligner, name)]
    assert missing == []
    assert sorted(set(aligner.__all__)) == sorted(aligner.__all__), "a name is listed twice"


def test_the_types_of_the_public_data_fields_are_public():
    """`Unit.role` is a `Role` (a note, a text box...), `Bead.status` a `Status`, `Finding.severity` a `Severity`, as
    `Alignment.level` is a `Level`: a notebook or a type checker had `aligner.Level` only."""
    named = {}
    for name in aligner.__all__:
        value = getattr(aligner, name)
        if dataclasses.is_dataclass(value):
            module = sys.modules[value.__module__]
            for field in dataclasses.fields(value):
                for word in re.findall(r"[A-Za-z_]\w*", str(field.type)):
                    if typing.get_origin(getattr(module, word, None)) is typing.Literal:
                        named[word] = getattr(module, word)
    assert sorted(named) == ["Level", "Role", "Severity", "Status"]
    assert [name for name, alias in sorted(named.items()) if getattr(aligner, name, None) is not alias] == []
    assert set(named) <= set(aligner.__all__)


def test_the_annotations_of_the_public_api_resolve_to_public_names():
    """trial6 #8: `typing.get_type_hints(Alignment.to_tmx)` raised NameError ('os', an import for type checkers only),
    which stops sphinx-autodoc-typehints and typeguard, and `help(aligner.align)` showed `source: 'Source'`, a name
    `aligner` did not have. `to_dataframe` returns a pandas DataFrame, pandas being an optional extra."""
    unresolved = []
    for name in aligner.__all__:
        value = getattr(aligner, name)
        members = [m for _, m in inspect.getmembers(value, inspect.isfunction)] if inspect.isclass(value) else []
        for function in [value, *members] if inspect.isfunction(value) or members else []:
            try:
                typing.get_type_hints(function)
            except NameError as error:
                unresolved.append(f"{function.__qualname__}: {error}")
    assert unresolved == ["Alignment.to_dataframe: name 'pandas' is not defined"]
    for function in (aligner.align, aligner.read, aligner.align_many):
        words = {word for value in function.__annotations__.values() for word in re.findall(r"\b[A-Z]\w*", value)}
        assert words - set(aligner.__all__) <= {"None", "Path", "Any", "Iterable", "Iterator"}


def test_no_submodule_is_shadowed_by_a_function_of_the_same_name():
    modules = {info.name for info in pkgutil.iter_modules(aligner.__path__)}
    functions = {name for name, value in vars(aligner).items() if inspect.isfunction(value)}
    assert modules & functions == set()
    assert importlib.util.find_spec("aligner.read") is None
    assert importlib.util.find_spec("aligner.match") is None
    assert inspect.isfunction(aligner.read) and inspect.isfunction(aligner.match)


def test_the_version_comes_from_pyproject_only():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert aligner.__version__ == pyproject["project"]["version"]
    sources = [
        path.name
        for path in (REPO_ROOT / "aligner").rglob("*.py")
        if pyproject["project"]["version"] in path.read_text(encoding="utf-8")
    ]
    assert sources == [], "the version is written in the package too"


def test_the_package_says_it_is_typed():
    assert (REPO_ROOT / "aligner" / "py.typed").is_file()
    package_data = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "py.typed" in package_data["package-data"]["aligner"]


@pytest.mark.slow
def test_an_editable_install_builds_without_a_warning_and_puts_the_project_on_the_path(tmp_path):
    """`pip install -e .` (make install) printed setuptools' "Editable installation ... folders in your working
    directory with the same name as your package ... may take precedence": it installed an import hook, which a
    folder named aligner beside a script wins over."""
    project = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "aligner", project / "aligner", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, project / name)
    built = subprocess.run(
        [sys.executable, "-c", "import sys, setuptools.build_meta as b; print(b.build_editable(sys.argv[1]))", "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    assert "Warning" not in built.stderr and "InformationOnly" not in built.stderr, built.stderr[-2000:]
    with zipfile.ZipFile(project / built.stdout.split()[-1]) as wheel:
        [path_file] = [name for name in wheel.namelist() if name.endswith(".pth")]
        assert wheel.read(path_file).decode().split() == [str(project.resolve())]


def test_a_script_beside_a_folder_named_aligner_imports_the_package(tmp_path):
    """README: a script kept in the folder that holds the clone, itself named aligner/, imported that folder
    ("module 'aligner' has no attribute 'align'") under an editable install."""
    (tmp_path / "aligner").mkdir()
    script = tmp_path / "script.py"
    script.write_text("import aligner\nprint(aligner.align.__module__)\n", encoding="utf-8")
    installed = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}  # the tests' has the clone
    completed = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, env=installed, capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.split() == ["aligner.pipeline"]


def test_the_changelog_has_an_unreleased_section_and_the_current_version():
    headings = [
        line for line in (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines() if line.startswith("## ")
    ]
    assert headings[0] == "## [Unreleased]"
    assert any(heading.startswith(f"## [{aligner.__version__}]") for heading in headings)


def test_align_documents_its_keywords_and_checks_the_type_of_settings():
    """fc6: the language keywords were found only with inspect.signature; settings="x" was an AttributeError."""
    documented = aligner.align.__doc__ or ""
    for name in inspect.signature(aligner.align).parameters:
        assert f"`{name}`" in documented, name
    with pytest.raises(aligner.SettingsError, match=r"settings must be an aligner\.Settings, got str 'x'"):
        aligner.align("Привет, мир.", "Hello, world.", settings="x")


def test_make_says_it_is_installing_before_its_quiet_pip_runs(tmp_path):
    """`make demo` installed for about 90 s with `pip --quiet` and printed nothing (trial7 D9)."""
    import shutil
    import subprocess

    shutil.copy(REPO_ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").touch()
    dry_run = subprocess.run(
        ["make", "-n", "install"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    first_pip = next(number for number, line in enumerate(dry_run) if "pip install" in line)
    assert any(line.startswith("echo ") and "installing" in line for line in dry_run[:first_pip]), dry_run
