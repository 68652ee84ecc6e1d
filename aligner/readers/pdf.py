"""PDF -> paragraphs, rebuilt from the layout of the text layer (pdfminer.six).

A PDF has lines, not paragraphs. Per page, the lines are put in reading order
(top to bottom: single-column pages), running headers, footers and page numbers
are dropped (lines at the top or bottom of a page whose text, digits aside,
repeats at the same height on another page; lone page numbers), note markers
are dropped (`_without_note_markers`), and the rest are joined into paragraphs:

- a new paragraph starts after a vertical gap wider than the usual line spacing,
  at a first-line indent, or after a short line that ends a sentence or is
  followed by a list item's number or bullet (`2. `, `b) `, `• `);
- a short line that does not end a sentence (the next word would have fitted on
  it) is a line break inside the paragraph, a space as in the other readers;
- any other line break is a wrap: the lines are joined with a space, or without
  one across an end-of-line hyphen when the joined word is a word (see `wrapping.Hyphenation`).

Ligatures and other presentation forms (U+FB00-FDFF, U+FE70-FEFF) are replaced
by their letters (NFKC); everything else is only composed (NFC), so full-width
CJK punctuation and symbols such as "²" stay as they are. A space that takes no
room is no space (`_without_zero_width_spaces`).
"""

from __future__ import annotations

import itertools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError, first_line
from ..progress import progress
from .paragraphs import BEFORE_A_NOTE, LIST_ITEM_START, NOTE_MARKER, Paragraph, clean_text
from .wrapping import SENTENCE_END, Hyphenation

_PRESENTATION_FORMS = re.compile("[\ufb00-\ufdff\ufe70-\ufeff]+")
_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|p\.|seite|стр\.|страница|с\.)\s*)?\d{1,4}(?:\s*(?:/|of|из|von|sur)\s*\d{1,4})?\W*$", re.I
)
_DIGITS = re.compile(r"\d+")
_EDGE_LINES = 2  # how many lines at the top and at the bottom of a page may be running headers/footers


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of text on a page, in PDF points (y grows upwards)."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the most common character size on the line

    @property
    def char_width(self) -> float:
        return (self.x1 - self.x0) / max(len(self.text), 1)


def read_pdf(path: Path) -> list[Paragraph]:
    """A PDF file -> its paragraphs; InputError for a broken or encrypted file, or one with no text layer."""
    pages = _page_lines(path)
    if not any(pages):
        raise InputError(
            f"{path}: the PDF has no text layer (a scanned image?): run OCR on it first, e.g. with ocrmypdf"
        )
    undecodable = sum(line.text.count("(cid:") for page in pages for line in page)
    if undecodable > sum(len(line.text) for page in pages for line in page) // 20:
        raise InputError(
            f"{path}: the PDF's fonts have no Unicode map, so its text cannot be extracted; "
            "run OCR on it, or export it again with embedded Unicode fonts"
        )
    body = [line for page in _drop_running_lines(pages) for line in page]
    return [Paragraph(text) for text in _paragraphs(body)]


def _page_lines(path: Path) -> list[list[_Line]]:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfexceptions import PDFException
        from pdfminer.pdfpage import PDFPage, PDFTextExtractionNotAllowed
        from pdfminer.psexceptions import PSException
    except ImportError as error:
        raise InputError(f"{path}: reading PDF needs pdfminer.six: pip install 'aligner[formats]'") from error
    pages: list[list[_Line]] = []
    try:
        with path.open("rb") as file:
            total = sum(1 for _ in PDFPage.get_pages(file))
        with progress(total, f"reading {path.name}") as bar:
            bar.unit = "page"
            for number, page in enumerate(extract_pages(str(path), laparams=LAParams())):
                bar.update()
                pages.append(_reading_order(_text_lines(page, number)))
    except (PDFPasswordIncorrect, PDFEncryptionError, PDFTextExtractionNotAllowed) as error:
        raise InputError(f"{path}: the PDF is encrypted or forbids text extraction ({first_line(error)})") from error
    except (PDFException, PSException, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: {_damage(path)}") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error
    return pages


def _damage(path: Path) -> str:
    """What is wrong with a PDF pdfminer cannot parse, in a user's words (pdfminer's: "No /Root object!")."""
    with path.open("rb") as file:
        if not file.read(1024).lstrip().startswith(b"%PDF-"):
            return f"not a PDF (damaged, or another format renamed {path.suffix})"
    return "a damaged PDF: its structure cannot be read (truncated, or written wrongly)"


def _text_lines(page: Any, number: int) -> list[_Line]:
    """The non-empty text lines of a pdfminer page, normalised, in pdfminer's order."""
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    lines = []
    for box in page:
        for line in box if isinstance(box, LTTextContainer) else ():
            if not isinstance(line, LTTextLine):
                continue
            sizes = Counter(round(char.size, 1) for char in line if isinstance(char, LTChar))
            size = sizes.most_common(1)[0][0] if sizes else line.height
            text = _normalise(_without_note_markers(line, size))
            if text:
                lines.append(_Line(number, text, line.x0, line.x1, line.y1, line.y0, size))
    return lines


def _without_note_markers(line: Any, size: float) -> str:
    """A line's text without its note markers: a run of characters set smaller than the line and raised above it
    that reads as a marker ('1', '[2]', '*') and comes first on the line or after punctuation or a space ('Day.¹'),
    as the HTML reader drops '<sup>1</sup>'; raised after a letter it is an exponent ('km²') and stays."""
    from pdfminer.layout import LTChar

    def raised(item: Any) -> bool:
        return isinstance(item, LTChar) and item.size < 0.9 * size and item.y0 > line.y0 + 0.2 * size

    text = ""
    for is_raised, run in itertools.groupby(_without_zero_width_spaces(line), key=raised):
        piece = "".join(item.get_text() for item in run)
        if not (is_raised and NOTE_MARKER.match(piece) and BEFORE_A_NOTE.search(text)):
            text += piece
    return text


def _without_zero_width_spaces(line: Any) -> list[Any]:
    """A line's characters less the spaces that take no room (the next character starts where the space does): a
    browser's PDF draws a soft hyphen, zero width space or word joiner that breaks no line as a space of no width,
    which read as one split the word ("con tract")."""
    from pdfminer.layout import LTChar

    items = list(line)
    return [
        item
        for item, following in itertools.zip_longest(items, items[1:])
        if not (
            isinstance(item, LTChar)
            and item.get_text() == " "
            and isinstance(following, LTChar)
            and following.x0 - item.x0 < 0.05 * item.size
        )
    ]


def _normalise(text: str) -> str:
    text = _PRESENTATION_FORMS.sub(lambda match: unicodedata.normalize("NFKC", match.group()), text)
    return clean_text(unicodedata.normalize("NFC", text))


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Top to bottom; pieces of one visual line (same height, pdfminer may cut at wide gaps) joined left to right."""
    merged: list[_Line] = []
    for line in sorted(lines, key=lambda line: (-line.top, line.x0)):
        last = merged[-1] if merged else None
        if last is not None and _same_row(last, line):
            left, right = sorted((last, line), key=lambda piece: piece.x0)
            merged[-1] = _Line(
                line.page,
                f"{left.text} {right.text}",
                left.x0,
                max(left.x1, right.x1),
                max(left.top, right.top),
                min(left.bottom, right.bottom),
                max(left.size, right.size),
            )
        else:
            merged.append(line)
    return merged


def _same_row(a: _Line, b: _Line) -> bool:
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    return overlap > 0.5 * min(a.top - a.bottom, b.top - b.bottom)


def _drop_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without their running headers, footers and page numbers."""

    def key(line: _Line) -> tuple[str, int]:
        return _DIGITS.sub("#", line.text.lower()), round(line.top / 4)

    def edges(page: list[_Line]) -> list[_Line]:
        return page[:_EDGE_LINES] + page[_EDGE_LINES:][-_EDGE_LINES:]

    pages_with = Counter(k for page in pages for k in {key(line) for line in edges(page)})
    return [
        [
            line
            for line in page
            if not (line in edges(page) and (pages_with[key(line)] > 1 or _PAGE_NUMBER.match(line.text)))
        ]
        for page in pages
    ]


def _paragraphs(lines: list[_Line]) -> list[str]:
    if not lines:
        return []
    spacing = _usual_spacing(lines)
    pages = sorted({line.page for line in lines})
    left_margin = {
        page: Counter(round(line.x0) for line in lines if line.page == page).most_common(1)[0][0] for page in pages
    }
    right_margin = {
        page: _right_margin([line for line in lines if line.page == page], left_margin[page]) for page in pages
    }
    hyphenation = Hyphenation(
        " ".join(line.text for line in lines), ((a.text, b.text) for a, b in itertools.pairwise(lines))
    )
    paragraphs = [lines[0].text]
    for previous, line in itertools.pairwise(lines):
        short = previous.x1 + _first_word_width(line) < right_margin[previous.page] - previous.char_width
        if _starts_paragraph(previous, line, spacing, left_margin[line.page]) or (
            short and (SENTENCE_END.search(previous.text) or LIST_ITEM_START.match(line.text))
        ):
            paragraphs.append(line.text)
        elif short:
            paragraphs[-1] += " " + line.text
        else:
            paragraphs[-1] = hyphenation.join(paragraphs[-1], line.text)
    return paragraphs


def _right_margin(page: list[_Line], left_margin: float) -> float:
    """Where the longest lines end; lines that start at the left margin, as an indented first line may overhang."""
    flush = [line.x1 for line in page if abs(line.x0 - left_margin) < line.char_width]
    return max(flush or [line.x1 for line in page])


def _usual_spacing(lines: list[_Line]) -> float:
    """The median distance between consecutive baselines on a page, in font sizes."""
    ratios = [
        (a.bottom - b.bottom) / a.size
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.bottom > b.bottom and a.size > 0
    ]
    return statistics.median(ratios) if ratios else 1.2


def _starts_paragraph(previous: _Line, line: _Line, spacing: float, left_margin: float) -> bool:
    size = max(previous.size, line.size)
    if previous.page == line.page and previous.bottom - line.bottom > (spacing + 0.4) * size:
        return True  # a gap wider than the usual line spacing
    if abs(line.size - previous.size) > 0.15 * size:
        return True  # a heading, or body text after one
    # A first-line indent; a line indented as much as the one above it continues a block quote.
    continues_block = previous.page == line.page and abs(previous.x0 - line.x0) < line.char_width / 2
    return line.x0 - left_margin > line.char_width and not continues_block


def _first_word_width(line: _Line) -> float:
    return len(line.text.split(" ", 1)[0]) * line.char_width
