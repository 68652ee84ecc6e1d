"""PDF -> paragraphs, rebuilt from the layout of the text layer (pdfminer.six).

A PDF has lines, not paragraphs. Per page, the lines are put in reading order
(top to bottom: single-column pages), running headers, footers and page numbers
are dropped (lines at the top or bottom of a page whose text, digits aside,
repeats at the same height on another page; lone page numbers), note markers
are dropped (`_without_note_markers`), and the rest are joined into paragraphs
by what the document's own layout shows (`_Layout`):

- a new paragraph starts after a vertical gap wider than the usual space between
  lines, at a first-line indent, at a drawn bullet or a numbered item whose text
  lines up with the item above's, or after a short line (its next line's first
  word would have fitted on it; in justified text, one that stops before the
  right margin) that ends a sentence or is followed by a list item (`2. `, `• `);
- in a document that starts its paragraphs with neither a gap nor an indent
  (paragraphs set close together, one-line paragraphs, a list, a dialogue), a
  short line followed by one that opens a sentence (a capital, a digit, a dash)
  ends a paragraph too, and where no line wraps mid-sentence, any line does;
- a centred line under a centred one goes on with it (a title);
- any other short line is a line break inside the paragraph, a space as in the other readers;
- any other line break is a wrap: the lines are joined with a space, or without
  one across an end-of-line hyphen when the joined word is a word (see `wrapping.Hyphenation`).

Ligatures and other presentation forms (U+FB00-FDFF, U+FE70-FEFF) are replaced
by their letters (NFKC); everything else is only composed (NFC), so full-width
CJK punctuation and symbols such as "²" stay as they are. A space that takes no
room is no space (`_without_zero_width_spaces`).
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..progress import progress
from .paragraphs import BEFORE_A_NOTE, LIST_ITEM_START, NOTE_MARKER, NUMBERED_ITEM_START, Paragraph, clean_text
from .wrapping import SENTENCE_END, Hyphenation

_PRESENTATION_FORMS = re.compile("[\ufb00-\ufdff\ufe70-\ufeff]+")
_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|p\.|seite|стр\.|страница|с\.)\s*)?\d{1,4}(?:\s*(?:/|of|из|von|sur)\s*\d{1,4})?\W*$", re.I
)
_DIGITS = re.compile(r"\d+")
# A sentence's end where a paragraph may end (a line ending in a colon or a semicolon is often a list's).
_ENDS_SENTENCE = re.compile(r"[.!?…。！？][\"'»”’)\]]*$")
_MID_SENTENCE_END = re.compile(r"[,\-\u2010\u2013\u2014]$")  # a comma, hyphen or dash: the sentence goes on
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
    first_word: float  # the width of its first word: whether that would have fitted at the end of the line before
    hang: float  # where the text after its list marker starts ("1. Text"), where the item's next lines start; or x0
    page_width: float
    bullet: bool = False  # a bullet drawn before it (a browser draws a list's discs, not a character)

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
        from pdfminer.pdfpage import PDFPage
        from pdfminer.psexceptions import PSException
    except ImportError as error:
        raise InputError(f"{path}: reading PDF needs pdfminer.six: pip install 'aligner[formats]'") from error
    pages: list[list[_Line]] = []
    try:
        with _quiet_pdfminer():
            with path.open("rb") as file:
                total = sum(1 for _ in PDFPage.get_pages(file))
            with progress(total, f"reading {path.name}") as bar:
                bar.unit = "page"
                for number, page in enumerate(extract_pages(str(path), laparams=LAParams())):
                    bar.update()
                    pages.append(_with_bullets(_reading_order(_text_lines(page, number)), _drawn_dots(page)))
    except PDFPasswordIncorrect as error:
        raise InputError(
            f"{path}: the PDF is password-protected: open it with its password, save a copy without one "
            "(or print it to PDF) and give that copy"
        ) from error
    except PDFEncryptionError as error:  # an encryption method or revision pdfminer does not implement
        raise InputError(
            f"{path}: the PDF is encrypted in a way that cannot be read here: save a copy without encryption "
            "(or print it to PDF) and give that copy"
        ) from error
    except (PDFException, PSException, ValueError, KeyError, TypeError) as error:
        raise InputError(f"{path}: {_damage(path)}") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error
    return pages


@contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer's warnings held back while it reads: about what it works around in a PDF, in its own words (a PDF
    whose permissions say its text is not to be copied, which it reads as a PDF reader shows it; a colour it cannot
    set), which Python printed on stderr with no logging set up, once per page or per opening. They say nothing a
    user can act on; what keeps the text from being read is said by the reader (no text layer, no Unicode map)."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


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
                words = _word_extents(line)
                first_word = words[0][1] - words[0][0] if words else line.width
                hang = words[1][0] if len(words) > 1 and NUMBERED_ITEM_START.match(text) else line.x0
                lines.append(
                    _Line(number, text, line.x0, line.x1, line.y1, line.y0, size, first_word, hang, page.width)
                )
    return lines


def _word_extents(line: Any) -> list[tuple[float, float]]:
    """(left, right) of a pdfminer line's first two words."""
    from pdfminer.layout import LTChar

    words: list[tuple[float, float]] = []
    in_word = False
    for item in line:
        if not isinstance(item, LTChar) or item.get_text().isspace():
            in_word = False
        elif in_word:
            words[-1] = (words[-1][0], item.x1)
        elif len(words) == 2:
            break
        else:
            words.append((item.x0, item.x1))
            in_word = True
    return words


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


def _drawn_dots(page: Any) -> list[tuple[float, float, float, float]]:
    """(x0, x1, y0, y1) of the small shapes drawn on a page, as wide as high (a list's discs and squares; not a
    rule, an underline or a table's border)."""
    from pdfminer.layout import LTCurve

    return [
        (shape.x0, shape.x1, shape.y0, shape.y1)
        for shape in page
        if isinstance(shape, LTCurve)
        and 1 < shape.width < 8
        and 1 < shape.height < 8
        and 0.5 < shape.width / shape.height < 2
    ]


def _with_bullets(lines: list[_Line], dots: list[tuple[float, float, float, float]]) -> list[_Line]:
    """Lines with a drawn dot just before their first character, at the height of their text, marked as bullets."""

    def bulleted(line: _Line) -> bool:
        return any(
            x1 <= line.x0 < x1 + 2 * line.size and line.bottom < (y0 + y1) / 2 < line.top for _, x1, y0, y1 in dots
        )

    return [dataclasses.replace(line, bullet=True) if bulleted(line) else line for line in lines]


def _reading_order(lines: list[_Line]) -> list[_Line]:
    """Top to bottom; pieces of one visual line (same height, pdfminer may cut at wide gaps) joined left to right."""
    merged: list[_Line] = []
    for line in sorted(lines, key=lambda line: (-line.top, line.x0)):
        last = merged[-1] if merged else None
        if last is not None and _same_row(last, line):
            left, right = sorted((last, line), key=lambda piece: piece.x0)
            marker_alone = left.hang == left.x0 and NUMBERED_ITEM_START.match(f"{left.text} ") and " " not in left.text
            merged[-1] = _Line(
                line.page,
                f"{left.text} {right.text}",
                left.x0,
                max(left.x1, right.x1),
                max(left.top, right.top),
                min(left.bottom, right.bottom),
                max(left.size, right.size),
                left.first_word,
                right.x0 if marker_alone else left.hang,
                left.page_width,
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


@dataclass(frozen=True, slots=True)
class _Layout:
    """What a document's pages show of how it sets its paragraphs."""

    spacing: float  # the usual space between two lines (one's bottom to the next one's top), in font sizes
    left: dict[int, float]  # each page's left margin
    right: dict[int, float]  # each page's right margin
    justified: bool = False  # its wrapped lines end at the right margin
    wraps: bool = True  # a line of it wraps in the middle of a sentence (the next one starts lowercase)
    marks_paragraphs: bool = True  # it starts a paragraph with a gap or an indent, not on a new line alone

    @classmethod
    def of(cls, lines: list[_Line]) -> _Layout:
        pages = {page: list(on_page) for page, on_page in itertools.groupby(lines, key=lambda line: line.page)}
        left: dict[int, float] = {
            page: Counter(round(line.x0) for line in on_page).most_common(1)[0][0] for page, on_page in pages.items()
        }
        # the column is the body text's: a browser's header and footer, set small in the page's margins, run wider
        body = Counter(round(line.size) for line in lines).most_common(1)[0][0]
        in_column = {
            page: [line for line in on_page if abs(line.size - body) <= 0.15 * body] or on_page
            for page, on_page in pages.items()
        }
        longest = {page: _right_margin(in_column[page], left[page]) for page, on_page in pages.items()}
        wraps = [  # lines that certainly wrapped: the sentence goes on, lowercase, on the next one
            (previous, line)
            for previous, line in itertools.pairwise(lines)
            if previous.page == line.page and _continues_sentence(line) and not SENTENCE_END.search(previous.text)
        ]
        at_margin = sum(abs(longest[previous.page] - previous.x1) < 0.1 * previous.size for previous, _ in wraps)
        justified = len(wraps) >= 3 and at_margin >= 0.8 * len(wraps)
        right = longest
        if not justified:
            # On a page of few or short lines the longest one may end well before the margin; the margins on both
            # sides of a page are most often the same, unless a word that wrapped would have fitted there.
            room = dict.fromkeys(pages, math.inf)
            for previous, line in wraps:
                room[line.page] = min(room[line.page], previous.x1 + line.first_word)
            mirrored = {page: on_page[0].page_width - left[page] for page, on_page in pages.items()}
            right = {page: mirrored[page] if x < mirrored[page] <= room[page] else x for page, x in longest.items()}
        layout = cls(_usual_spacing(lines), left, right, justified, wraps=bool(wraps))
        return dataclasses.replace(
            layout, wraps=layout.wraps or layout.mostly_full(lines), marks_paragraphs=layout.shows_marks(lines)
        )

    def mostly_full(self, lines: list[_Line]) -> bool:
        """Whether most lines run to the right margin without ending a sentence: running text that wraps, though no
        wrapped sentence goes on in lower case (a short German page, its wraps before nouns), not a list."""
        pairs = [(previous, line) for previous, line in itertools.pairwise(lines) if previous.page == line.page]
        full = sum(not (self.short(previous, line) or SENTENCE_END.search(previous.text)) for previous, line in pairs)
        return full >= 2 and 2 * full >= len(pairs)

    def shows_marks(self, lines: list[_Line]) -> bool:
        """Whether most of the short lines that end a sentence before a line that opens one, where a paragraph
        most likely ends, are followed by a gap or an indent (a document of one-line paragraphs, a list, a
        dialogue, or paragraphs set with no space between them shows none)."""
        ends = [
            self.gap(previous, line) or self.indented(previous, line)
            for previous, line in itertools.pairwise(lines)
            if previous.page == line.page
            and self.short(previous, line)
            and _ENDS_SENTENCE.search(previous.text)
            and _opens_sentence(line)
        ]
        return 2 * sum(ends) > len(ends)

    def short(self, previous: _Line, line: _Line) -> bool:
        """Whether `previous` was not wrapped: the first word of `line` would have fitted at its end, or, justified,
        it does not reach the right margin."""
        right = self.right[previous.page]
        if self.centred(previous):
            return previous.x1 - previous.x0 + line.first_word < right - self.left[previous.page] - 0.3 * previous.size
        if self.justified and previous.x1 < right - 0.1 * previous.size:
            return True
        return previous.x1 + line.first_word < right - 0.3 * previous.size

    def centred(self, line: _Line) -> bool:
        """Whether a line is centred on the column (a title's), not flush left."""
        left, right = self.left[line.page], self.right[line.page]
        return line.x0 - left > 0.05 * line.size and abs(line.x0 + line.x1 - left - right) < 0.5 * line.size

    def never_wraps(self, previous: _Line) -> bool:
        """Whether the document is one whose lines never wrap mid-sentence and that marks no paragraph (a list, a
        programme, a dialogue), where a line ending near the right margin is no wrap either, unless it ends in a
        comma, a hyphen or a dash."""
        return not (self.marks_paragraphs or self.wraps or _MID_SENTENCE_END.search(previous.text))

    def gap(self, previous: _Line, line: _Line) -> bool:
        """A vertical gap wider than the usual space between lines (not the distance between baselines, which a
        superscript widens as much as a space after a paragraph of a quarter line does)."""
        size = max(previous.size, line.size)
        return previous.page == line.page and previous.bottom - line.top > (self.spacing + 0.15) * size

    def indented(self, previous: _Line, line: _Line) -> bool:
        """A first-line indent; a line indented as much as the wrapped one above it continues a block quote, one
        where the text after the list marker above it starts continues that list item, and a centred one under a
        centred one continues a title."""
        if previous.page == line.page and (
            (previous.hang > previous.x0 and abs(previous.hang - line.x0) < line.char_width / 2)
            or (abs(previous.x0 - line.x0) < line.char_width / 2 and not self.short(previous, line))
            or (self.centred(previous) and self.centred(line))
        ):
            return False
        return line.x0 - self.left[line.page] > line.char_width

    def starts_paragraph(self, previous: _Line, line: _Line) -> bool:
        size = max(previous.size, line.size)
        if self.gap(previous, line) or line.bullet or self.indented(previous, line) or _next_item(previous, line):
            return True
        if abs(line.size - previous.size) > 0.15 * size:
            return True  # a heading, or body text after one
        if not (self.short(previous, line) or self.never_wraps(previous)):
            return False
        if SENTENCE_END.search(previous.text) or LIST_ITEM_START.match(line.text):
            return True
        return not self.marks_paragraphs and _opens_sentence(line)


def _paragraphs(lines: list[_Line]) -> list[str]:
    if not lines:
        return []
    layout = _Layout.of(lines)
    hyphenation = Hyphenation(
        " ".join(line.text for line in lines), ((a.text, b.text) for a, b in itertools.pairwise(lines))
    )
    paragraphs = [lines[0].text]
    for previous, line in itertools.pairwise(lines):
        if layout.starts_paragraph(previous, line):
            paragraphs.append(line.text)
        elif layout.short(previous, line):
            paragraphs[-1] += " " + line.text
        else:
            paragraphs[-1] = hyphenation.join(paragraphs[-1], line.text)
    return paragraphs


def _next_item(previous: _Line, line: _Line) -> bool:
    """Whether `line` is a list item whose text starts where the item above's does (its first line's or a wrapped
    line's): a numbered list, whatever the line above ends like (a wrapped line may start "1990. " by chance)."""
    return line.hang > line.x0 and any(
        abs(line.hang - x) < line.char_width / 2 for x in (previous.x0, previous.hang) if x > line.x0
    )


def _opens_sentence(line: _Line) -> bool:
    """Whether a line starts as a sentence does: its first letter a capital, or a digit, a list marker or a dash
    first (a lowercase word continues the sentence of the line before; a script without capitals tells nothing)."""
    first = _first_letter(line)
    return first.isupper() or first.isdigit() or bool(LIST_ITEM_START.match(line.text))


def _continues_sentence(line: _Line) -> bool:
    return _first_letter(line).islower()


def _first_letter(line: _Line) -> str:
    return next((char for char in line.text if char.isalnum()), "")


def _right_margin(page: list[_Line], left_margin: float) -> float:
    """Where the longest lines end; lines that start at the left margin, as an indented first line may overhang."""
    flush = [line.x1 for line in page if abs(line.x0 - left_margin) < line.char_width]
    return max(flush or [line.x1 for line in page])


def _usual_spacing(lines: list[_Line]) -> float:
    """The space between consecutive lines on a page, in font sizes, that a quarter of them have or less (not the
    median: most lines of a document of one-line paragraphs are followed by a paragraph's space)."""
    ratios = [
        (a.bottom - b.top) / a.size
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.bottom > b.bottom and a.size > 0
    ]
    return statistics.quantiles(ratios, n=4)[0] if len(ratios) > 1 else 0.2
