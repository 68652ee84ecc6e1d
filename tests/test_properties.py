"""Property tests on arbitrary Unicode (surrogates, controls, number tokens): readers, align, check, exporters.

Every property: the code either gives a well-formed result or raises an AlignerError, never anything
else. Bounded for the test suite (40 fixed examples each); `benchmarks/fuzz.py` runs the same
properties on many more random examples.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import aligner
from aligner.export import EXPORTERS, ExportOptions, export
from aligner.export.tsv import COLUMNS as TSV_COLUMNS
from aligner.readers import decode, read_paragraphs, split_paragraphs

from .conftest import FakeEncoder

# The suite runs a fixed, small sample; benchmarks/fuzz.py sets ALIGNER_FUZZ_EXAMPLES for a long random run.
_FUZZ_EXAMPLES = os.environ.get("ALIGNER_FUZZ_EXAMPLES")
bounded = settings(
    max_examples=int(_FUZZ_EXAMPLES or 40),
    derandomize=not _FUZZ_EXAMPLES,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Words a translator's text is made of, and the number forms the numbers check reads.
NUMBER_TOKENS = [
    "1 000",
    "1,000",
    "3,5",
    "3.5",
    "80-е",
    "1980s",
    "'90s",
    "20.01.1990",
    "1990-01-20",
    "19-20",
    "с 19 на 20",
    "35-ю",
    "35th",
    "G7",
    "XIV",
    "²",
    "٣",
    "5 тыс.",
    "1,5 млн",
    "2 million",
    "0",
    "-7",
    "12:30",
    "4.45",
    "марте",
    "March",
    "четыре",
    "four",
    "1e10",
    "999999999999999999999",
]
WORDS = ["Заявление", "министерства", "the", "statement", "und", "день", "Day", ".", ",", "!", "?", "—", "«", "»"]
# Any code point, lone surrogates and controls included.
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
# Lone surrogates (only Python strings can hold them), C0/C1 controls, and characters XML forbids.
ODD_CHARACTERS = [
    "\ud800",
    "\udbff",
    "\udc80",
    "\udfff",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\r",
    "\t",
    "\x0b",
    "\U0010ffff",
    "]]>",
    "&",
    "<",
]
TOKEN = st.one_of(
    st.sampled_from(NUMBER_TOKENS),
    st.sampled_from(WORDS),
    st.sampled_from(ODD_CHARACTERS),
    st.text(ANY_CHARACTER, min_size=1, max_size=6),
)
TEXT = st.lists(TOKEN, max_size=12).map(" ".join) | st.text(ANY_CHARACTER, max_size=40)
UNITS = st.lists(TEXT, max_size=6)
LANGUAGE = st.sampled_from([None, "ru", "en", "de", "en-US", "zh"])
ENCODER = FakeEncoder(dim=64)

EXAMPLES: dict[str, int] = {}  # examples tried per property, read by benchmarks/fuzz.py


def tried(name: str) -> None:
    EXAMPLES[name] = EXAMPLES.get(name, 0) + 1


@bounded
@given(
    data=st.binary(max_size=400) | TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    encoding=st.sampled_from([None, "utf-16-le", "utf-16-be", "cp1251"]),
)
def test_decode_gives_text_or_an_input_error(data, encoding):
    tried("decode")
    if encoding:
        data = data.decode("utf-8", "replace").encode(encoding, "replace")
    try:
        text = decode(data, "f.txt")
    except aligner.InputError as error:
        assert str(error).startswith("f.txt: ") and "\n" not in str(error)
        return
    assert "\r" not in text and "\x00" not in text


@bounded
@given(text=TEXT, markdown=st.booleans())
def test_split_paragraphs_never_fails_and_keeps_no_blank_paragraph(text, markdown):
    tried("split_paragraphs")
    for paragraph in split_paragraphs(text, markdown=markdown):
        assert paragraph.strip() and "\n\n" not in paragraph


@bounded
@given(
    data=st.binary(max_size=300) | TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    suffix=st.sampled_from([".txt", ".md", ".html", ".docx"]),
)
def test_file_readers_give_paragraphs_or_an_input_error(data, suffix):
    """Random bytes are often a legacy encoding guessed on weak evidence: the EncodingGuessWarning that says so is
    expected, and checked as a message; any other warning is passed on (the test summary printed two of these)."""
    tried("read_paragraphs")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"doc{suffix}"
        path.write_bytes(data)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                paragraphs = read_paragraphs(path)
            except aligner.InputError as error:
                assert str(error).startswith(f"{path}: ") and "\n" not in str(error)
                paragraphs = None
        for warning in caught:
            if warning.category is aligner.EncodingGuessWarning:
                assert str(warning.message).startswith(f"{path}: the encoding is a guess: read as ")
                assert "\n" not in str(warning.message)
            else:
                warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    assert paragraphs is None or (paragraphs and all(isinstance(p, str) and p.strip() for p in paragraphs))


def aligned(source, target, level, source_language, target_language) -> aligner.Alignment | None:
    """The alignment, or None when the input is rejected with an InputError (lone surrogates, empty units)."""
    try:
        return aligner.align(
            source, target, level=level, model=ENCODER, source_language=source_language, target_language=target_language
        )
    except aligner.InputError as error:
        assert "\n" not in str(error)
        return None


@bounded
@given(
    source=UNITS | TEXT,
    target=UNITS | TEXT,
    level=st.sampled_from(["paragraph", "sentence"]),
    source_language=LANGUAGE,
    target_language=LANGUAGE,
)
def test_align_covers_every_unit_once_in_order(source, target, level, source_language, target_language):
    tried("align")
    result = aligned(source, target, level, source_language, target_language)
    if result is None:
        return
    source_ids = [i for bead in result.beads for i in bead.source]
    target_ids = [j for bead in result.beads for j in bead.target]
    assert source_ids == list(range(len(result.source.units(level))))
    assert target_ids == list(range(len(result.target.units(level))))
    assert all(0.0 <= bead.confidence <= 1.0 for bead in result.beads) and 0.0 <= result.confidence <= 1.0


@bounded
@given(source=UNITS, target=UNITS, source_language=LANGUAGE, target_language=LANGUAGE)
def test_check_gives_findings_on_existing_beads(source, target, source_language, target_language):
    tried("check")
    result = aligned(source, target, "paragraph", source_language, target_language)
    if result is None:
        return
    for finding in result.check(model=ENCODER):
        assert 0 <= finding.bead < len(result.beads) and finding.message and "\n" not in finding.message


@bounded
@given(
    source=UNITS,
    target=UNITS,
    source_language=LANGUAGE,
    target_language=LANGUAGE,
    format=st.sampled_from(sorted(EXPORTERS)),
    min_confidence=st.sampled_from([0.0, 0.5, 1.0]),
)
def test_every_exporter_writes_a_well_formed_file_or_raises_an_aligner_error(
    source, target, source_language, target_language, format, min_confidence
):
    tried(f"export {format}")
    result = aligned(source, target, "paragraph", source_language, target_language)
    if result is None:
        return
    with tempfile.TemporaryDirectory() as directory:
        destination = Path(directory) / f"out.{format}"
        try:
            report = export(result, destination, format, ExportOptions(min_confidence=min_confidence))
        except aligner.AlignerError as error:
            assert "\n" not in str(error)
            assert not any(Path(directory).iterdir())  # nothing half-written
            return
        if EXPORTERS[format].binary:
            with zipfile.ZipFile(report.paths[0]) as workbook:  # an XLSX is a zip of XML parts
                assert workbook.testzip() is None and "xl/workbook.xml" in workbook.namelist()
            return
        texts = [path.read_text(encoding="utf-8") for path in report.paths]
    _assert_well_formed(format, texts, report.pairs_written, len(result.beads))


def _assert_well_formed(format: str, texts: list[str], pairs: int, beads: int) -> None:
    """Each format read back as its readers read it (lines end at "\n" only)."""
    lines = [text.split("\n")[:-1] for text in texts]
    if format == "tmx":
        assert len(etree.fromstring(texts[0].encode("utf-8")).findall("body/tu")) == pairs
    elif format == "jsonl":
        records = [json.loads(line) for line in lines[0]]
        assert records[0]["record"] == "alignment" and len(records) == beads + 1
    elif format == "tsv":
        assert len(lines[0]) == pairs + 1 and all(line.count("\t") == len(TSV_COLUMNS) - 1 for line in lines[0])
    elif format == "moses":
        assert [len(file_lines) for file_lines in lines] == [pairs, pairs]
    elif format == "html":
        assert etree.fromstring(texts[0].encode("utf-8"), etree.HTMLParser()).find(".//body") is not None
