"""Format sniffing (aligner/readers/sniff.py): a file's first bytes say what it is, whatever its name says."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from aligner.errors import InputError
from aligner.readers.sniff import sniff_format

from .export_helpers import mixed_alignment


def sniff(path: Path, suffix: str | None = None) -> str | None:
    return sniff_format(path, path.read_bytes()[:1024], path.suffix if suffix is None else suffix)


def write_zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"%PDF-1.7\n...", ".pdf"),
        (b"<!DOCTYPE html><html><body>x</body></html>", ".html"),
        (b"  \n<HTML><p>x</p>", ".html"),
        (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', ".html"),
        (codecs.BOM_UTF16_LE + "<html><p>x</p>".encode("utf-16-le"), ".html"),
        (b"Plain text that mentions <html> later.", None),
        (b"", None),
    ],
)
def test_the_first_bytes_name_the_format(tmp_path, data, expected):
    path = tmp_path / "file.txt"
    path.write_bytes(data)
    assert sniff(path) == expected


@pytest.mark.parametrize(
    "members, expected",
    [
        ({"mimetype": "application/epub+zip", "META-INF/container.xml": "<x/>"}, ".epub"),
        ({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"}, ".odt"),
        ({"[Content_Types].xml": "<x/>", "word/document.xml": "<x/>"}, ".docx"),
    ],
)
def test_a_zip_document_is_known_by_its_contents_under_any_name(tmp_path, members, expected):
    assert sniff(write_zip(tmp_path / "saved-as.txt", members)) == expected


def test_other_zip_archives_are_refused_unless_named_as_a_zip_format(tmp_path):
    path = write_zip(tmp_path / "data.txt", {"data.csv": "a,b"})
    with pytest.raises(InputError, match=r"data\.txt: a ZIP archive that is not a \.docx, \.odt or \.epub document"):
        sniff(path)
    assert sniff(path, ".docx") is None  # named .docx: the .docx reader says what is wrong with it


def test_a_damaged_zip_is_refused_unless_named_as_a_zip_format(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    message = r"broken\.txt: a damaged ZIP archive: it cannot be opened \(truncated or corrupted\)$"
    with pytest.raises(InputError, match=message):
        sniff(path)
    assert sniff(path, ".epub") is None


@pytest.mark.parametrize(
    "data, advice",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, "save it as .docx"),
        (b"{\\rtf1\\ansi text}", "save it as .docx, .odt or plain text"),
    ],
)
def test_legacy_formats_are_refused_with_what_to_do(tmp_path, data, advice):
    path = tmp_path / "letter.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=f"letter.txt: .*{advice}"):
        sniff(path)


@pytest.mark.parametrize("name", ["pair.jsonl", "review.xlsx", "saved-as.txt"])
def test_an_alignment_of_aligners_own_is_refused_with_aligner_export(tmp_path, name):
    """A saved or corrected alignment (JSONL, or the review spreadsheet) given to `align` as a document: JSONL was
    read as text ("both in English"), the XLSX as "a ZIP archive that is not a .docx, .odt or .epub document"."""
    path = tmp_path / name
    alignment = mixed_alignment()
    alignment.to_xlsx(path, findings=()) if name.endswith(".xlsx") else alignment.to_jsonl(path)
    with pytest.raises(
        InputError, match=rf"{name}: an alignment .*: write it with `aligner export .*{name} -o pair\.tmx`"
    ):
        sniff(path)


def test_another_spreadsheet_is_refused_as_a_spreadsheet(tmp_path):
    path = write_zip(tmp_path / "prices.xlsx", {"[Content_Types].xml": "<x/>", "xl/workbook.xml": "<x/>"})
    with pytest.raises(InputError, match=r"prices\.xlsx: a spreadsheet, not a document"):
        sniff(path)
