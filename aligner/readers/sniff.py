"""Which format a file is in, from its first bytes: a name can lie (a .docx saved as .txt, HTML as .txt)."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from ..errors import InputError

_ZIP_MIMETYPES = {
    "application/epub+zip": ".epub",
    "application/vnd.oasis.opendocument.text": ".odt",
}
# Formats recognised only to be refused with a message that says what to do.
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: legacy Office, and Office's encrypted documents
_REFUSED = {
    COMPOUND_FILE: "a Word 97-2003 (.doc) or other legacy Office file: save it as .docx",
    b"{\\rtf": "an RTF file: save it as .docx, .odt or plain text",
}
_ZIP_FORMATS = frozenset({".docx", *_ZIP_MIMETYPES.values()})
_HTML_STARTS = ("<!doctype html", "<html", "<head", "<body")
# aligner's own saved alignment (JSONL) and review spreadsheet, given to `align` for a document
_ALIGNMENT_START = '{"record": "alignment"'
_ALIGNMENT_ADVICE = "write it with `aligner export {0} -o pair.tmx`, or check it with `aligner check --alignment {0}`"
# TMX and XLIFF, whatever their name: bilingual files of segments, which a `.txt` name would read as one paragraph
_BILINGUAL_STARTS = ("<!doctype tmx", "<tmx", "<xliff")


def sniff_format(path: Path, head: bytes, suffix: str) -> str | None:
    """The extension of the format `head` (the file's first bytes) is in, e.g. ".pdf"; None for plain text.

    InputError for formats that are recognised but not read (legacy .doc, RTF, other ZIP archives);
    a ZIP archive named as one of the ZIP formats (`suffix`) is left to that format's reader to judge.
    """
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path, named_zip=suffix in _ZIP_FORMATS)
    if head.startswith(COMPOUND_FILE) and suffix == ".docx":  # Word keeps a password-protected .docx in a Compound File
        raise InputError(
            f"{path}: a password-protected (encrypted) .docx, or a Word 97-2003 file named .docx: "
            "save it without a password, as .docx"
        )
    for magic, what in _REFUSED.items():
        if head.startswith(magic):
            raise InputError(f"{path}: {what}")
    text = _text_start(head).lstrip().lower()
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2 :].lstrip()
    if text.startswith(_BILINGUAL_STARTS):
        raise InputError(f"{path}: a translation memory or XLIFF file, not a document: align the documents it holds")
    if text.startswith(_ALIGNMENT_START):
        raise InputError(
            f"{path}: an alignment saved by aligner (JSONL), not a document: {_ALIGNMENT_ADVICE.format(path)}"
        )
    return ".html" if text.startswith(_HTML_STARTS) else None


def _zip_format(path: Path, named_zip: bool) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
            workbook = archive.read("xl/workbook.xml") if "xl/workbook.xml" in names else None
    except (zipfile.BadZipFile, OSError) as error:
        if named_zip:
            return None
        raise InputError(f"{path}: a damaged ZIP archive: it cannot be opened (truncated or corrupted)") from error
    if mimetype in _ZIP_MIMETYPES:
        return _ZIP_MIMETYPES[mimetype]
    if "word/document.xml" in names:
        return ".docx"
    if workbook is not None and b'name="alignment"' in workbook:  # the sheet of the alignment's record
        raise InputError(f"{path}: an alignment aligner wrote (XLSX), not a document: {_ALIGNMENT_ADVICE.format(path)}")
    if workbook is not None and not named_zip:
        raise InputError(f"{path}: a spreadsheet, not a document: save its text as .docx, .odt or plain text")
    if named_zip:
        return None
    raise InputError(f"{path}: a ZIP archive that is not a .docx, .odt or .epub document")


def _text_start(head: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "ignore")
    return head.decode("latin-1")
