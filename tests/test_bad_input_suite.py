"""The standing bad-input suite: every kind of bad input, option and fault the CLI has met.

Each case asserts the exit code, the one-line message (`aligner: error: ...`), that nothing is
written (no output, no temporary `.part` file) and that an earlier output is untouched.
Add a case here for every new kind of bad input.
"""

from __future__ import annotations

import io
import os
import random
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from aligner import cli
from aligner.limits import MAX_FILE_BYTES, MAX_UNIT_CHARS, MAX_UNITS

from .handmade_pdf import encrypted_pdf

EARLIER = b"<earlier output: must stay as it is>\n"
# What zipfile, python-docx, lxml and pdfminer say of a broken document, which a message must not pass on
LIBRARY_WORDING = (
    "Package not found",
    "There is no item named",
    "File is not a zip file",
    "Bad CRC-32",
    "No /Root object",
    "Is this really a PDF",
    "Unexpected EOF",
    "expected, line",
    "PDFPasswordIncorrect",
    "Document is empty",
    "unclosed token",
    "no element found",
    "codec can't decode",
    "Expecting",
    "KeyError",
    "object has no attribute",
    "file is not a database",
)


@dataclass(frozen=True)
class Case:
    """`argv(inputs, out, seeds)` builds the arguments; `message` is a regex the one line must match."""

    name: str
    argv: Callable[[Path, Path, dict[str, Path]], list]
    message: str
    status: int = 2
    env: dict[str, str] = field(default_factory=dict)
    fault: str | None = None  # "disk-full": writing any file fails with ENOSPC


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read_only(path: Path, data: bytes) -> Path:
    write(path, data).chmod(0o444)
    return path


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def device(path: Path) -> Path:
    """A character device like /dev/null (a FIFO where making devices is not allowed): a test that goes
    wrong replaces this one, not the machine's /dev/null."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        os.mkfifo(path)
    return path


def zip_file(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


# bytes no format starts with (no NUL: not refused as binary before the reader sees them)
JUNK = bytes(range(1, 256)) * 12


def word_document(directory: Path) -> bytes:
    """The bytes of a small, valid .docx."""
    import docx

    document = docx.Document()
    document.add_paragraph("Заявление для прессы.")
    document.save(directory / "valid.docx")
    return (directory / "valid.docx").read_bytes()


def with_member(archive_bytes: bytes, name: str, data: bytes) -> bytes:
    """`archive_bytes`, a ZIP archive, with member `name` replaced by `data`."""
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member, content in members.items():
            target.writestr(member, data if member == name else content)
    return buffer.getvalue()


def corrupted_member(archive_bytes: bytes, name: str) -> bytes:
    """`archive_bytes` with the compressed data of member `name` overwritten: the archive opens, the part does not."""
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    damaged = bytearray(archive_bytes)
    damaged[start : start + min(info.compress_size, 200)] = b"\x00" * min(info.compress_size, 200)
    return bytes(damaged)


def sparse(path: Path, size: int) -> Path:
    with open(path, "wb") as stream:
        stream.truncate(size)
    return path


# The first bytes of a Compound File: what Word and Excel keep a password-protected .docx or .xlsx in
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def epub_without_chapters(path: Path) -> Path:
    """An EPUB whose package lists no document to read."""
    return zip_file(
        path,
        {
            "mimetype": "application/epub+zip",
            "META-INF/container.xml": '<container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
            "content.opf": '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><manifest/><spine/></package>',
        },
    )


EPUB_CONTAINER = (
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'
)
EPUB_PACKAGE = (
    '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><manifest>'
    '<item id="c1" href="chapter%201.xhtml" media-type="application/xhtml+xml"/></manifest>'
    '<spine><itemref idref="c1"/></spine></package>'
)


def epub_with_drm(path: Path) -> Path:
    """An EPUB whose chapter is encrypted, as a bookshop's DRM leaves it: META-INF/encryption.xml names it (the
    container's path, percent-encoded), its bytes are ciphertext."""
    return zip_file(
        path,
        {
            "mimetype": "application/epub+zip",
            "META-INF/container.xml": EPUB_CONTAINER,
            "META-INF/encryption.xml": '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod '
            'Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/><enc:CipherData>'
            '<enc:CipherReference URI="OEBPS/chapter%201.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>',
            "OEBPS/content.opf": EPUB_PACKAGE,
            "OEBPS/chapter 1.xhtml": bytes(random.Random(1).randrange(256) for _ in range(2000)).decode("latin-1"),
        },
    )


def odt_with_password(path: Path) -> Path:
    """An .odt as LibreOffice saves one with a password: the manifest gives content.xml encryption data, its bytes
    are ciphertext."""
    manifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    return zip_file(
        path,
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": f'<manifest:manifest xmlns:manifest="{manifest}" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" '
            'manifest:size="3120"><manifest:encryption-data '
            f'manifest:checksum-type="{manifest}#sha256-1k" manifest:checksum="c2hh"><manifest:algorithm '
            'manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
            'manifest:initialisation-vector="aXY="/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
            'manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="c2FsdA=="/>'
            "</manifest:encryption-data></manifest:file-entry></manifest:manifest>",
            "content.xml": bytes(random.Random(2).randrange(256) for _ in range(2000)).decode("latin-1"),
        },
    )


SRX_RULES = r"""<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" version="2.0">
  <header segmentsubflows="yes" cascade="no"/>
  <body>
    <languagerules>
      <languagerule languagerulename="Stops">
        <rule break="yes"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules><languagemap languagepattern=".*" languagerulename="Stops"/></maprules>
  </body>
</srx>"""


def with_srx(rules: str | bytes) -> Callable[[Path, Path, dict[str, Path]], list]:
    """align ru-2025 en-2025 --level sentence --srx RULES -o out/earlier.tmx"""
    return lambda d, out, s: [
        *align_with("--level", "sentence", "-o", "{out}/earlier.tmx")(d, out, s),
        "--srx",
        write(d / "rules.srx", rules),
    ]


ALIGNMENT_RECORD = (
    '{"record": "alignment", "level": "paragraph", "source": {"name": "ru.txt", "units": 1}, '
    '"target": {"name": "en.txt", "units": 1}, "confidence": 0.9}'
)
BEAD_RECORD = (
    '{"record": "bead", "source": [0], "target": [0], "source_units": ["Да."], "target_units": ["Yes."], '
    '"source_text": "Да.", "target_text": "Yes.", "confidence": 0.9}'
)


def exporting(name: str, data: bytes | str) -> Callable[[Path, Path, dict[str, Path]], list]:
    """export ALIGNMENT -o out/earlier.tmx, ALIGNMENT the file `name` of `data`"""
    return lambda d, out, s: ["export", write(d / name, data), "-o", out / "earlier.tmx"]


def bad_source(make: Callable[[Path], Path]) -> Callable[[Path, Path, dict[str, Path]], list]:
    """align BAD_SOURCE en-2025 -o out/earlier.tmx"""
    return lambda d, out, s: ["align", make(d), s["en"], "-o", out / "earlier.tmx"]


def align_with(*options: str) -> Callable[[Path, Path, dict[str, Path]], list]:
    """align ru-2025 en-2025 OPTIONS..., with {out} in an option replaced by the output directory"""
    return lambda d, out, s: ["align", s["ru"], s["en"], *(option.format(out=out) for option in options)]


def html(body: str) -> str:
    return f"<html><body>{body}</body></html>"


CASES = [
    # --- input files that cannot be read
    Case("missing file", bad_source(lambda d: d / "nope.txt"), r"nope\.txt: no such file$"),
    Case(
        "standard input for a document",
        lambda d, out, s: ["align", "-", s["en"], "-o", out / "earlier.tmx"],
        r"^aligner: error: -: no such file: a document is read from its file, not from standard input$",
    ),
    Case(
        "broken symlink",
        bad_source(lambda d: (d / "link.txt").symlink_to(d / "gone.txt") or d / "link.txt"),
        r"link\.txt: no such file$",
    ),
    Case("directory", bad_source(lambda d: d), r": is a directory, not a file$"),
    Case(  # the OS said "Not a directory" (trial8 #10)
        "a file taken for a folder",
        bad_source(lambda d: write(d / "en.docx", b"PK") / "x"),
        r"en\.docx/x: no such file: .*en\.docx is a file, not a folder$",
    ),
    Case("device /dev/zero", bad_source(lambda d: Path("/dev/zero")), r"/dev/zero: not a regular file"),
    Case("FIFO", bad_source(lambda d: fifo(d / "pipe.txt")), r"pipe\.txt: not a regular file"),
    Case(
        "file over the size limit",
        bad_source(lambda d: sparse(d / "huge.txt", MAX_FILE_BYTES + 1)),
        r"huge\.txt: the file is [\d,]+ bytes, more than the [\d,]+ an input may have",
    ),
    Case("empty file", bad_source(lambda d: write(d / "empty.txt", b"")), r"empty\.txt: the file is empty$"),
    Case(
        "whitespace only",
        bad_source(lambda d: write(d / "blank.txt", b" \n\t\r\n ")),
        r"blank\.txt: the file holds only whitespace",
    ),
    Case(
        "PNG bytes",
        bad_source(lambda d: write(d / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")),
        r"image\.txt: binary file \(contains NUL bytes\)",
    ),
    Case(
        "control bytes", bad_source(lambda d: write(d / "ctl.txt", bytes(range(1, 9)) * 40)), r"ctl\.txt: binary file"
    ),
    Case(
        "stray byte in UTF-8",
        bad_source(lambda d: write(d / "stray.txt", "Дата – 20 января.\n".encode() + b"\xff")),
        r"stray\.txt: not valid UTF-8 at line 2, column 1 \(byte offset 30\): byte 0xff",
    ),
    Case(
        "bad UTF-8 after a BOM",
        bad_source(lambda d: write(d / "bom.txt", b"\xef\xbb\xbfhello \xff\xfe world")),
        r"bom\.txt: undecodable bytes for utf-8-sig at byte \d+",
    ),
    Case(
        "truncated UTF-16",
        bad_source(lambda d: write(d / "u16.txt", b"\xff\xfeh\x00i\x00x")),
        r"u16\.txt: undecodable bytes for utf-16",
    ),
    Case(
        "unsupported extension",
        bad_source(lambda d: write(d / "table.xyz", b"\x00\x01\x02\x03" * 64)),
        r"table\.xyz: unsupported file type '\.xyz'",
    ),
    # --- broken documents: said in a user's words, not the reading library's (`test_broken_documents_...`)
    Case(
        "corrupt .docx",
        bad_source(lambda d: write(d / "broken.docx", b"PK\x03\x04 not a zip")),
        r"broken\.docx: not a Word document: not a ZIP archive \(damaged, truncated, or another format renamed "
        r"\.docx\)$",
    ),
    Case(
        "random bytes named .docx",
        bad_source(lambda d: write(d / "junk.docx", JUNK)),
        r"junk\.docx: not a Word document: not a ZIP archive \(damaged, truncated, or another format renamed \.docx\)$",
    ),
    Case(
        "truncated .docx",
        bad_source(lambda d: write(d / "trunc.docx", word_document(d)[:-400])),
        r"trunc\.docx: not a Word document: not a ZIP archive \(damaged, truncated, or another format renamed "
        r"\.docx\)$",
    ),
    Case(
        ".docx without a document",
        bad_source(lambda d: zip_file(d / "empty.docx", {"readme.txt": "no word"})),
        r"empty\.docx: not a Word document: a ZIP archive without the parts of a Word document$",
    ),
    Case(
        ".docx whose text is damaged XML",
        bad_source(lambda d: write(d / "xml.docx", with_member(word_document(d), "word/document.xml", b"<w:document"))),
        r"xml\.docx: a Word document, damaged: a part of it is not well-formed XML$",
    ),
    Case(
        ".docx with a corrupted part",
        bad_source(lambda d: write(d / "crc.docx", corrupted_member(word_document(d), "word/document.xml"))),
        r"crc\.docx: a Word document, damaged: a part of its ZIP archive cannot be unpacked "
        r"\(truncated or corrupted\)$",
    ),
    Case(
        "random bytes named .odt",
        bad_source(lambda d: write(d / "junk.odt", JUNK)),
        r"junk\.odt: not an OpenDocument text: not a ZIP archive \(damaged, truncated, or another format renamed "
        r"\.odt\)$",
    ),
    Case(
        "random bytes named .epub",
        bad_source(lambda d: write(d / "junk.epub", JUNK)),
        r"junk\.epub: not an EPUB book: not a ZIP archive \(damaged, truncated, or another format renamed \.epub\)$",
    ),
    Case(
        "random bytes named .pdf",
        bad_source(lambda d: write(d / "junk.pdf", JUNK)),
        r"junk\.pdf: not a PDF \(damaged, or another format renamed \.pdf\)$",
    ),
    Case(
        "truncated PDF",
        bad_source(lambda d: write(d / "trunc.pdf", b"%PDF-1.4\n1 0 obj\n<<")),
        r"trunc\.pdf: a damaged PDF: its structure cannot be read \(truncated, or written wrongly\)$",
    ),
    Case(
        "password-protected PDF",
        bad_source(lambda d: write(d / "locked.pdf", encrypted_pdf("Statement on the visit.", "secret", "secret"))),
        r"locked\.pdf: the PDF is password-protected: open it with its password, save a copy without one "
        r"\(or print it to PDF\) and give that copy$",
    ),
    Case("zero-byte PDF", bad_source(lambda d: write(d / "zero.pdf", b"")), r"zero\.pdf: the file is empty$"),
    Case("zero-byte .docx", bad_source(lambda d: write(d / "zero.docx", b"")), r"zero\.docx: the file is empty$"),
    Case(
        "password-protected .docx",
        bad_source(lambda d: write(d / "locked.docx", COMPOUND_FILE)),
        r"locked\.docx: a password-protected \(encrypted\) \.docx, or a Word 97-2003 file named \.docx: "
        r"save it without a password, as \.docx$",
    ),
    Case(
        "EPUB without chapters",
        bad_source(lambda d: epub_without_chapters(d / "empty.epub")),
        r"empty\.epub: the document has no text$",
    ),
    Case(
        "EPUB with DRM",
        bad_source(lambda d: epub_with_drm(d / "bought.epub")),
        r"bought\.epub: an EPUB book with DRM: its chapters are encrypted, so their text cannot be read; give a copy "
        r"without DRM$",
    ),
    Case(
        ".odt with a password",
        bad_source(lambda d: odt_with_password(d / "locked.odt")),
        r"locked\.odt: an OpenDocument text protected by a password: open it with its password and save a copy "
        r"without one \(Save As, Save with password unchecked\)$",
    ),
    Case(
        "HTML of only a comment",
        bad_source(lambda d: write(d / "comment.html", "<!-- the text goes here -->")),
        r"comment\.html: the document has no text$",
    ),
    Case(
        "HTML with no text",
        bad_source(lambda d: write(d / "script.html", html("<script>var x = 1;</script>"))),
        r"script\.html: the document has no text",
    ),
    Case(
        "HTML nested too deep",
        bad_source(lambda d: write(d / "deep.html", html("<p>a</p>" + "<div>" * 3000))),
        r"deep\.html: HTML that cannot be read to the end: line 1: Excessive depth in document",
    ),
    Case(
        "unit over the limit",
        bad_source(lambda d: write(d / "long.txt", "a" * (MAX_UNIT_CHARS + 1))),
        r"long\.txt: paragraph 0 has [\d,]+ characters, more than the [\d,]+ a unit may have",
    ),
    Case(
        "too many paragraphs",
        bad_source(lambda d: write(d / "many.txt", "a\n\n" * (MAX_UNITS + 1))),
        r"many\.txt: [\d,]+ paragraphs, more than the [\d,]+ a document may have",
    ),
    Case(
        "bad target file",
        lambda d, out, s: ["align", s["ru"], write(d / "t.txt", b"\x00\x01\x02"), "-o", out / "earlier.tmx"],
        r"t\.txt: binary file",
    ),
    # --- segmentation rules (--srx)
    Case("SRX: empty file", with_srx(""), r"--srx .*rules\.srx: the file is empty$"),
    Case(
        "SRX: a directory",
        lambda d, out, s: ["align", s["ru"], s["en"], "--level", "sentence", "--srx", d, "-o", out / "earlier.tmx"],
        r"--srx .*in: is a directory, not a file$",
    ),
    Case(
        "SRX: not well-formed",
        with_srx(SRX_RULES[:200]),
        r"--srx .*rules\.srx: not an SRX file: not well-formed XML at line 6, column \d+ "
        r"\(damaged, cut short, or another format\)$",
    ),
    Case(
        "SRX: a pattern that is no regular expression",
        with_srx(SRX_RULES.replace("<beforebreak>\\.", "<beforebreak>[.")),
        r"--srx .*rules\.srx: rule 1 of the <languagerule> 'Stops': its <beforebreak> '\[\.' is not a valid "
        r"regular expression: unterminated character set at position 2$",
    ),
    Case(
        "SRX: a language pattern that is no regular expression",
        with_srx(SRX_RULES.replace('languagepattern=".*"', 'languagepattern="(.*"')),
        r"--srx .*rules\.srx: the languagepattern '\(\.\*' is not a valid regular expression: missing \) "
        r"at position 3$",
    ),
    Case(
        "SRX: a map to a rule not defined",
        with_srx(SRX_RULES.replace('languagerulename="Stops"/>', 'languagerulename="Stop"/>')),
        r"--srx .*rules\.srx: the <languagemap> of languagepattern '\.\*' names a languagerulename that no "
        r"<languagerule> has$",
    ),
    Case(
        "SRX: a rule outside a language rule",
        with_srx(SRX_RULES.replace('<languagerule languagerulename="Stops">', "").replace("</languagerule>", "")),
        r"--srx .*rules\.srx: not an SRX 2\.0 rule file: a <rule> outside a <languagerule>$",
    ),
    # --- alignments read back (export, check --alignment): the JSONL of --format jsonl and of the review page
    Case("JSONL: empty", exporting("pair.jsonl", ""), r"pair\.jsonl: the file is empty$"),
    Case(
        "JSONL: a directory",
        lambda d, out, s: ["export", (d / "pair.jsonl").mkdir() or d / "pair.jsonl", "-o", out / "earlier.tmx"],
        r"pair\.jsonl: is a directory, not a file$",
    ),
    Case(
        "JSONL: cut short",
        exporting("pair.jsonl", ALIGNMENT_RECORD + "\n" + BEAD_RECORD[:60]),
        r"pair\.jsonl: not an aligner JSONL file: line 2 is not a JSON record \(it goes wrong at column 50\): "
        r"cut short, or edited by hand\?$",
    ),
    Case(
        "JSONL: saved again in Windows-1252",
        exporting(
            "pair.jsonl", (ALIGNMENT_RECORD + "\n" + BEAD_RECORD.replace("Yes", "Café")).encode("cp1252", "replace")
        ),
        r"pair\.jsonl: not an aligner JSONL file: not valid UTF-8 at line 2, column 96 \(byte offset 244\); "
        r"aligner writes UTF-8: save it as UTF-8 again$",
    ),
    Case(
        "JSONL: binary",
        exporting("pair.jsonl", COMPOUND_FILE),
        r"pair\.jsonl: not an aligner JSONL file: a binary file, not text$",
    ),
    Case(
        "JSONL: a field missing",
        exporting("pair.jsonl", ALIGNMENT_RECORD + "\n" + BEAD_RECORD.replace('"source_text": "Да.", ', "")),
        r'pair\.jsonl: line 2: the record has no "source_text" field \(edited by hand, or written by another '
        r"program\?\)$",
    ),
    Case(
        "JSONL: a confidence that is no number",
        exporting(
            "pair.jsonl", ALIGNMENT_RECORD + "\n" + BEAD_RECORD.replace('"confidence": 0.9', '"confidence": "high"')
        ),
        r'pair\.jsonl: line 2: "confidence" should be a number from 0 to 1, not "high" \(edited by hand, or written '
        r"by another program\?\)$",
    ),
    Case(
        "JSONL: a side that is no record",
        exporting("pair.jsonl", ALIGNMENT_RECORD.replace('{"name": "ru.txt", "units": 1}', "3") + "\n" + BEAD_RECORD),
        r'pair\.jsonl: line 1: "source" should be a record of the document, such as '
        r'\{"name": "ru\.txt", "units": 12\}, not 3 \(edited by hand, or written by another program\?\)$',
    ),
    Case(
        "XLSX: password-protected",
        exporting("pair.xlsx", COMPOUND_FILE),
        r"pair\.xlsx: an XLSX workbook protected by a password, or an Office 97-2003 file named \.xlsx: "
        r"save it without a password, as \.xlsx$",
    ),
    Case("XLSX: empty", exporting("pair.xlsx", b""), r"pair\.xlsx: the file is empty$"),
    # --- batch manifests
    Case(
        "batch: a folder for the manifest",
        lambda d, out, s: ["batch", d, "-o", out / "batch"],
        r"in: a folder, not a manifest: give a manifest file, or two folders with --pair-by$",
    ),
    Case(
        "batch: a binary manifest",
        lambda d, out, s: ["batch", write(d / "pairs.tsv", COMPOUND_FILE), "-o", out / "batch"],
        r"pairs\.tsv: not a manifest: binary file \(contains NUL bytes\), not text$",
    ),
    Case(
        "batch: a damaged embedding cache",
        lambda d, out, s: [
            "batch",
            write(d / "pairs.tsv", f"{s['ru']}\t{s['en']}\n"),
            "--cache",
            (d / "cache").mkdir() or write(d / "cache" / "states.sqlite", JUNK).parent,
            "-o",
            out / "batch",
        ],
        r"--cache .*cache: the embedding cache is damaged \(states\.sqlite is no SQLite database, or a broken one\): "
        r"delete .*cache/states\.sqlite, which the next run fills again$",
    ),
    # --- options
    Case(
        "usage: missing TGT", lambda d, out, s: ["align", s["ru"]], r"align: the following arguments are required: TGT"
    ),
    Case("usage: unknown option", align_with("--colour"), r"unrecognized arguments: --colour"),
    Case("usage: unknown level", align_with("--level", "word"), r"argument --level: invalid choice: 'word'"),
    Case("usage: unknown format", align_with("--format", "docx"), r"argument --format: invalid choice: 'docx'"),
    Case(
        "format against the file's name",
        align_with("--format", "jsonl", "-o", "{out}/pair.tmx"),
        r"pair\.tmx: the name says tmx, --format says jsonl: rename the file$",
    ),
    Case(
        "usage: confidence not a number",
        align_with("--min-confidence", "high"),
        r"argument --min-confidence: invalid float value: 'high'",
    ),
    Case(
        "confidence above 1",
        align_with("--min-confidence", "5", "-o", "{out}/earlier.tmx"),
        r"argument --min-confidence: must be between 0 and 1, got 5\.0 \(see aligner align --help\)$",
    ),
    Case(
        "confidence below 0",
        align_with("--min-confidence", "-0.5", "-o", "{out}/earlier.tmx"),
        r"argument --min-confidence: must be between 0 and 1, got -0\.5 \(see aligner align --help\)$",
    ),
    Case(
        "bad language tag",
        align_with("--src-lang", "Russian!", "-o", "{out}/earlier.tmx"),
        r"--src-lang 'Russian!' is not a language tag",
    ),
    Case(
        "same language",
        lambda d, out, s: ["align", s["en-2026"], s["en"], "-o", out / "earlier.tmx"],
        r"are both in English \(en\): give --src-lang/--tgt-lang",
    ),
    Case(
        "unknown model",
        align_with("--model", "no-such-owner/no-such-model", "-o", "{out}/earlier.tmx"),
        r"model no-such-owner/no-such-model: no such folder, not in the Hugging Face cache",
    ),
    Case(
        "model that is no name",
        align_with("--model", "./missing/model dir", "-o", "{out}/earlier.tmx"),
        r"model \./missing/model dir: the folder /.*/missing/model dir does not exist$",
    ),
    # --- outputs
    Case("output extension unknown", align_with("-o", "{out}/pair.ods"), r"pair\.ods: cannot tell the output format"),
    Case(
        "output named .moses",
        align_with("-o", "{out}/pair.moses"),
        r"pair\.moses: Moses output is two files, .*pair\.moses\.<src-lang> and .*: give the format \(--format moses\)",
    ),
    Case("binary format to stdout", align_with("--format", "xlsx"), r"xlsx is a binary format: give an output file"),
    Case(
        "output directory missing",
        align_with("-o", "{out}/missing/pair.tmx"),
        r"pair\.tmx: the directory .*missing does not exist",
    ),
    Case(
        "output under a file taken for a folder",
        lambda d, out, s: ["align", s["ru"], s["en"], "-o", Path(s["en"]) / "pair.tmx"],
        r"pair\.tmx: .*en-2025-statement\.txt is a file, not a folder$",
    ),
    Case("output is a directory", align_with("-o", "{out}", "--format", "tmx"), r": is a directory, give a file name"),
    Case("output is a directory, no --format", align_with("-o", "{out}"), r"out: is a directory, give a file name"),
    Case(
        "output a folder that does not exist",
        align_with("-o", "{out}/new/"),
        r"new/: a folder \(the name ends with /\), give a file name",
    ),
    Case(
        "output is read-only",
        lambda d, out, s: ["align", s["ru"], s["en"], "-o", (out / "earlier.tmx").chmod(0o444) or out / "earlier.tmx"],
        r"earlier\.tmx: the file is read-only: make it writable \(chmod u\+w\) or give another name$",
    ),
    Case(
        "output is a device",
        lambda d, out, s: ["align", s["ru"], s["en"], "-o", device(d / "null"), "--format", "tsv"],
        r"null: not a regular file",
    ),
    Case(
        "output is a FIFO",
        lambda d, out, s: ["align", s["ru"], s["en"], "-o", fifo(out / "pipe.tsv")],
        r"pipe\.tsv: not a regular file",
    ),
    Case(
        "output is an input",
        lambda d, out, s: [
            "align",
            write(out / "ru.md", s["ru"].read_bytes()),
            s["en"],
            "-o",
            out / "ru.md",
            "--format",
            "tsv",
        ],
        r"ru\.md: is an input, cannot also be the tsv output",
    ),
    *(
        Case(
            f"{command}: output is a read-only input",
            lambda d, out, s, argv=argv: argv(read_only(out / "ru.md", s["ru"].read_bytes()), s),
            rf"ru\.md: is an input, cannot also be the {what}$",  # not advice to make the input writable
        )
        for command, argv, what in [
            ("align", lambda ru, s: ["align", ru, s["en"], "--format", "tmx", "-o", ru], "tmx output"),
            ("check", lambda ru, s: ["check", ru, s["en"], "-o", ru, "--format", "text"], "report"),
            ("match", lambda ru, s: ["match", s["en"], ru, "-o", ru], "report"),
            ("export", lambda ru, s: ["export", ru, "-o", ru, "--format", "tsv"], "tsv output"),
        ]
    ),
    Case(
        "check: report onto an input",
        lambda d, out, s: [
            "check",
            write(out / "ru.md", s["ru"].read_bytes()),
            s["en"],
            "-o",
            out / "ru.md",
            "--format",
            "text",
        ],
        r"ru\.md: is an input, cannot also be the report",
    ),
    Case(
        "check: report onto a directory",
        lambda d, out, s: ["check", s["ru"], s["en"], "-o", out],
        r"out: is a directory, give a file name",
    ),
    Case(
        "the same file twice",
        lambda d, out, s: ["align", s["ru"], s["ru"].parent / ".." / s["ru"].parent.name / s["ru"].name],
        r"ru-2025-statement\.md and .*ru-2025-statement\.md are the same file: give the translation as TGT$",
    ),
    Case(
        "check: the same file twice",
        lambda d, out, s: ["check", s["ru"], s["ru"]],
        r"are the same file: give the translation as TGT$",
    ),
    Case(
        "one output twice",
        align_with("-o", "{out}/earlier.tmx", "-o", "{out}/earlier.tmx"),
        r"earlier\.tmx: is another output, cannot also be the tmx output",
    ),
    Case("stdout twice", align_with("-o", "-", "-o", "-"), r"-: stdout can take only one output"),
    Case("moses to stdout", align_with("--format", "moses"), r"moses writes two files: give an output path prefix"),
    Case(
        "moses with one language",
        lambda d, out, s: ["align", s["en-2026"], s["en"], "--force", "--format", "moses", "-o", out / "corpus"],
        r"moses: both sides are 'en'",
    ),
    Case(
        "undetectable language for TMX",
        lambda d, out, s: ["align", s["ru"], write(d / "digits.txt", "2025\n\n2026"), "-o", out / "earlier.tmx"],
        r"digits\.txt: the language could not be detected \(.*\): give --tgt-lang$",
    ),
    Case(
        "bad SOURCE_DATE_EPOCH",
        align_with("-o", "{out}/earlier.tmx"),
        r"SOURCE_DATE_EPOCH must be a Unix time in seconds, got 'tomorrow'",
        env={"SOURCE_DATE_EPOCH": "tomorrow"},
    ),
    # --- faults while writing
    Case(
        "disk full",
        align_with("-o", "{out}/earlier.tmx", "-o", "{out}/pair.jsonl"),
        r"(earlier\.tmx|pair\.jsonl): cannot write \(No space left on device\)",
        fault="disk-full",
    ),
    # --- check and match
    Case("check: missing file", lambda d, out, s: ["check", s["ru"], d / "nope.md"], r"nope\.md: no such file$"),
    Case(
        "check: confidence above 1",
        lambda d, out, s: ["check", s["ru"], s["en"], "--low-confidence-below", "5"],
        r"argument --low-confidence-below: must be between 0 and 1, got 5\.0 \(see aligner check --help\)$",
    ),
    Case(
        "check: bad language tag",
        lambda d, out, s: ["check", s["ru"], s["en"], "--tgt-lang", "en_US!"],
        r"--tgt-lang 'en_US!' is not a language tag",
    ),
    Case(
        "match: threshold above 1",
        lambda d, out, s: ["match", s["ru"], s["en"], "--threshold", "2"],
        r"argument --threshold: must be between 0 and 1, got 2\.0 \(see aligner match --help\)$",
    ),
    Case(
        "match: top-k 0",
        lambda d, out, s: ["match", s["ru"], s["en"], "--top-k", "0"],
        r"top_k must be at least 1, got 0$",
    ),
    Case(
        "match: output onto a device",
        lambda d, out, s: ["match", s["ru"], s["en"], "-o", device(d / "null")],
        r"null: not a regular file",
    ),
    Case(
        "match: the same corpus folder twice",
        lambda d, out, s: ["match", "--corpus", s["ru"].parent, s["ru"].parent / ".." / s["ru"].parent.name],
        r"--corpus: .*seeds and .*seeds are the same folder$",
    ),
    Case(
        "match: corpus of files",
        lambda d, out, s: ["match", "--corpus", s["ru"], s["en"]],
        r"ru-2025-statement\.md: not a directory$",
    ),
]


def listing(directory: Path) -> dict[str, bytes | None]:
    return {
        str(path.relative_to(directory)): path.read_bytes() if path.is_file() else None
        for path in sorted(directory.rglob("*"))
    }


# The cases that get as far as the encoder (a model to load, an output written after aligning); the others
# are refused before any model is loaded.
REACHING_THE_ENCODER = {"unknown model", "model that is no name", "disk full"}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(case, id=case.name, marks=[pytest.mark.model] if case.name in REACHING_THE_ENCODER else [])
        for case in CASES
    ],
)
def test_bad_input(case: Case, tmp_path, seed_paths, capsys, monkeypatch):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    write(out / "earlier.tmx", EARLIER)
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    argv = [str(arg) for arg in case.argv(inputs, out, seed_paths)]
    before = listing(out)
    if case.fault == "disk-full":

        def disk_full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(tempfile, "mkstemp", disk_full)
    status = cli.main(argv)
    captured = capsys.readouterr()
    assert status == case.status
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("aligner: error: ")
    assert re.search(case.message, lines[0]), lines[0]
    assert not [words for words in LIBRARY_WORDING if words in lines[0]], lines[0]
    assert captured.out == ""
    assert listing(out) == before  # nothing new, no .part file, the earlier output untouched
    assert (out / "earlier.tmx").read_bytes() == EARLIER


def test_the_suite_has_at_least_40_kinds():
    assert len({case.name for case in CASES}) == len(CASES) >= 40
