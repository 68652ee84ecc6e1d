"""Paths as the messages and the batch summary name them."""

from __future__ import annotations

import os
from pathlib import Path

from aligner.paths import normalised_path


def test_a_folder_dot_dot_is_left_out_and_the_path_made_absolute(tmp_path, monkeypatch):
    (tmp_path / "x").mkdir()
    assert normalised_path(tmp_path / "x" / ".." / "tr" / "ru.docx") == tmp_path / "tr" / "ru.docx"
    monkeypatch.chdir(tmp_path / "x")
    assert normalised_path(Path("../tr/ru.docx")) == Path(os.getcwd()).parent / "tr" / "ru.docx"
    assert normalised_path(Path("/../ru.docx")) == Path("/ru.docx")  # the root's parent is the root


def test_the_path_is_kept_from_a_dot_dot_that_would_name_another_file_without_it(tmp_path):
    """After a symbolic link `..` is the parent of the link's target, and after a name that is no folder it names no
    file: leaving `name/..` out would name another file (`tmp/tr/ru.docx`). No link is resolved."""
    (tmp_path / "real" / "sub").mkdir(parents=True)
    (tmp_path / "x").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real" / "sub")
    (tmp_path / "afile").write_text("text", encoding="utf-8")
    for name in ("link", "missing", "afile"):
        kept = tmp_path / "x" / ".." / name / ".." / "tr" / "ru.docx"
        assert normalised_path(kept) == tmp_path / name / ".." / "tr" / "ru.docx"
    assert normalised_path(tmp_path / "link" / "ru.docx") == tmp_path / "link" / "ru.docx"
