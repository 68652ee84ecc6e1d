"""How an Alignment looks in a terminal (`repr`) and in Jupyter (`_repr_html_`)."""

from __future__ import annotations

import html
import math
import textwrap
import unicodedata
from typing import TYPE_CHECKING

import langcodes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from .types import Alignment, Document, Level

MAX_ROWS = 60
TEXT_WIDTH = 48


def aligned_units(alignment: Alignment) -> str:
    """What an alignment pairs, in a reader's words: its level ("paragraph", "sentence"), "line" for documents read
    one unit per line, "line / paragraph" when only the source was."""
    return " / ".join(
        dict.fromkeys(document.unit_name(alignment.level) for document in (alignment.source, alignment.target))
    )


def alignment_text(alignment: Alignment) -> str:
    """A plain-text table: ids, bead type, confidence, and the two texts side by side (shortened); and a last column,
    role, when a unit of either document is a note or a text box (`aligner.export.bead_role`). The alignment's
    warnings end it, a line each, as the CLI prints them."""
    from .export import bead_role, has_roles

    roles = has_roles(alignment)
    src, tgt = alignment.source, alignment.target
    lines = [
        f"Alignment({aligned_units(alignment)}: {_units_of(src, alignment.level)}, {_units_of(tgt, alignment.level)}, "
        f"{counted(len(alignment.beads), 'bead')}, confidence {confidence_text(alignment.confidence, 3)}; {IDS_NOTE})",
    ]
    header = f"{'source':>10}  {'target':<10} {'kind':>4} {'conf':>5}  {'source text':<{TEXT_WIDTH}}  target text"
    role_column = len(header) - len("target text") + TEXT_WIDTH  # the texts, padded to it before the role
    lines.append(f"{_padded(header, role_column)}  role" if roles else header)
    for bead in alignment.beads[:MAX_ROWS]:
        confidence = f"{confidence_text(bead.confidence) if bead.scored else UNSCORED_MARK:>5}"
        row = (
            f"{_ids(bead.source):>10}  {_ids(bead.target):<10} {bead.kind:>4} {confidence}  "
            f"{_padded(_short(bead.source_text), TEXT_WIDTH)}  {_short(bead.target_text)}"
        )
        role = bead_role(alignment, bead) if roles else None
        lines.append(f"{_padded(row, role_column)}  {role}" if role else row)
    if len(alignment.beads) > MAX_ROWS:
        lines.append(f"... {len(alignment.beads) - MAX_ROWS} more beads")
    if not all(bead.scored for bead in alignment.beads):
        lines.append(f"{UNSCORED_MARK}: {UNSCORED}")
    lines.extend(f"warning: {warning}" for warning in alignment.warnings)
    return "\n".join(lines)


def _units_of(document: Document, level: Level) -> str:
    """How many units of `level` a document has, in which language: "3 ru units", "1 unit in an unknown language"."""
    count = len(document.units(level))
    if document.language is None:
        return f"{counted(count, 'unit')} in an unknown language"
    return counted(count, f"{document.language} unit")


def alignment_html(alignment: Alignment) -> str:
    """An HTML table for notebooks, every text escaped: a pair's confidence colour-coded, a 1-0/0-1 bead's in grey as
    what it is, the probability that its unit has no counterpart (the red of an uncertain pair said "missed"); and a
    last column, role, when a unit of either document is a note or a text box (`aligner.export.bead_role`); the
    alignment's warnings in its caption."""
    from .export import bead_role, has_roles

    roles = has_roles(alignment)
    rows = []
    source_cell, target_cell = (
        _text_cell_attributes(document.language) for document in (alignment.source, alignment.target)
    )
    for bead in alignment.beads[: MAX_ROWS * 10]:
        if not bead.scored:
            confidence = f'<td style="background:{GREY}" title="{UNSCORED}">{NOT_SCORED}</td>'
        elif not bead.is_pair:
            shown = confidence_text(bead.confidence)
            confidence = f'<td style="background:{GREY}" title="{NO_COUNTERPART}">no&nbsp;counterpart {shown}</td>'
        else:
            confidence = f'<td style="background:{_colour(bead.confidence)}">{confidence_text(bead.confidence)}</td>'
        rows.append(
            "<tr>"
            f"<td>{_ids(bead.source)}</td><td>{_ids(bead.target)}</td><td>{bead.kind}</td>{confidence}"
            f"<td {source_cell}>{_cell(bead.source_text)}</td><td {target_cell}>{_cell(bead.target_text)}</td>"
            + (f"<td>{html.escape(bead_role(alignment, bead) or '')}</td>" if roles else "")
            + "</tr>"
        )
    hidden = len(alignment.beads) - len(rows)
    caption = (
        f"{aligned_units(alignment)} alignment, {counted(len(alignment.beads), 'bead')}, "
        f"document confidence {confidence_text(alignment.confidence, 3)}"
        + (f" ({hidden} beads not shown)" if hidden else "")
    ) + f"; {IDS_NOTE}"
    return (
        '<table class="aligner-alignment">'
        f"<caption>{html.escape(caption)}"
        + "".join(f"<br><strong>warning:</strong> {html.escape(warning)}" for warning in alignment.warnings)
        + "</caption>"
        "<thead><tr><th>source</th><th>target</th><th>kind</th><th>confidence</th>"
        f'<th style="{TEXT_ALIGN}">source text</th><th style="{TEXT_ALIGN}">target text</th>'
        + ("<th>role</th>" if roles else "")
        + "</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


# What the confidence of a 1-0/0-1 bead is, for a reader who would take it for a pair's: the review page says the same.
NO_COUNTERPART = (
    "not a confidence that the row is right: the probability that this unit really has no counterpart in the other "
    "document (an omission or addition); low: the aligner may have missed its counterpart"
)
# The background of a confidence that is no pair's calibrated probability (not scored, no counterpart).
GREY = "#e4e4e4"

# What the views a person reads show for the confidence of a bead a reviewer made or rewrote (`Bead.scored`), 0.0 in
# the data: the words (review summary, XLSX cell, notebook table), the mark where a column is narrow (repr), and why.
NOT_SCORED = "not scored"
UNSCORED_MARK = "n/s"
UNSCORED = f"{NOT_SCORED}: a bead a reviewer made or rewrote, which the aligner never measured as it now is"
# Said once in every view a person reads (terminal, review page, spreadsheet); data (JSONL, ids) counts from 0.
NUMBERING_NOTE = "beads and units are numbered from 1"
# What the repr and notebook tables say of their ids, which are Python's (Alignment.beads, Bead.source).
IDS_NOTE = "unit ids count from 0, as in Python (the CLI and the review page count from 1)"


def counted(count: int, noun: str) -> str:
    """'1 bead', '10 beads'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def unit_numbers(ids: tuple[int, ...]) -> str:
    """Unit ids as a reader counts them, from 1: "4", "4-6", or "-" for none."""
    if not ids:
        return "-"
    return str(ids[0] + 1) if len(ids) == 1 else f"{ids[0] + 1}-{ids[-1] + 1}"


# Jupyter's CSS right-aligns every table cell, which leaves a paragraph's lines ragged on the left; "start" is the
# left of a left-to-right text and the right of a right-to-left one.
TEXT_ALIGN = "text-align:start"

# ISO 15924 scripts written right to left, among those langcodes gives as a language's likely script.
RIGHT_TO_LEFT_SCRIPTS = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi"})


def text_direction(language: str | None) -> str:
    """The HTML `dir` of a text in `language` (a BCP 47 tag): "rtl" for a language written right to left (Arabic,
    Hebrew, Persian, Urdu, Dhivehi...), "ltr" for another, "auto" (each text's first letters decide) when the
    language is not known. Without it, a right-to-left sentence in a left-to-right page ends on the wrong side:
    its final full stop and a closing bracket are drawn where it starts."""
    if not language:
        return "auto"
    try:
        script = langcodes.Language.get(language).maximize().script
    except ValueError:  # not a tag langcodes reads (an alignment read back from a file may hold anything)
        return "auto"
    return "rtl" if script in RIGHT_TO_LEFT_SCRIPTS else "ltr"


def _text_cell_attributes(language: str | None) -> str:
    return f'lang="{html.escape(language or "")}" dir="{text_direction(language)}" style="{TEXT_ALIGN}"'


def _ids(ids: tuple[int, ...]) -> str:
    return ",".join(map(str, ids)) if ids else "-"


def confidence_text(confidence: float, decimals: int = 2) -> str:
    """A confidence as a reader sees it: cut to `decimals`, not rounded, so that one below a threshold never reads as
    the threshold (0.8997 was listed as "0.90" among the "low-confidence pairs (< 0.9)")."""
    return f"{cut(confidence, decimals):.{decimals}f}"


def cut(confidence: float, decimals: int) -> float:
    """`confidence` cut (not rounded) to `decimals`."""
    scale = 10**decimals
    return math.floor(confidence * scale + 1e-9) / scale  # 1e-9: 0.29 * 100 is 28.999...


def decimals_keeping_sides(
    confidence: float,
    thresholds: Iterable[float],
    least: int,
    shown: Callable[[float, int], float] = cut,
) -> int:
    """The fewest decimals, `least` or more, at which `confidence` as `shown` (cut, or rounded as a spreadsheet shows
    it) is on the side of every threshold that it is on: beside --min-confidence 0.985, 0.9855 is "0.985" (two
    decimals cut it to "0.98", as 0.9829 below it), and 0.8999 in an XLSX cell coloured below 0.9 "0.8999"."""
    thresholds = tuple(thresholds)
    return next(
        places
        for places in range(least, 17)
        if all((shown(confidence, places) >= threshold) == (confidence >= threshold) for threshold in thresholds)
    )


def _short(text: str) -> str:
    """`text` shortened to TEXT_WIDTH columns of a terminal, where a Chinese, Japanese or Korean character takes two."""
    if not text:
        return "—"
    short = shortened(text, TEXT_WIDTH)
    if columns(short) <= TEXT_WIDTH:
        return short
    kept, width = [], 0
    for character in short:
        width += columns(character)
        if width > TEXT_WIDTH - 1:
            break
        kept.append(character)
    return "".join(kept).rstrip() + "…"


def columns(text: str) -> int:
    """How many columns of a terminal `text` takes: two for a wide character (Chinese, Japanese, Korean), none for a
    combining mark."""
    return sum(
        0 if unicodedata.combining(character) else 2 if unicodedata.east_asian_width(character) in "WF" else 1
        for character in text
    )


def _padded(text: str, width: int) -> str:
    """`text` and spaces to `width` columns (`str.ljust` counts characters: a column of Chinese text pushed the next
    one out by as many columns as it had characters)."""
    return text + " " * max(width - columns(text), 0)


def shortened(text: str, width: int) -> str:
    """`text` on one line in at most `width` characters, cut after a word, with "…" where it was cut; inside a word
    when the words that fit would leave less than half the width (Chinese, Japanese and Thai write no spaces:
    cut after a word, a paragraph of them was shortened to "…" alone)."""
    flat = " ".join(text.split())
    short = textwrap.shorten(flat, width, placeholder="…")
    if len(flat) <= width or len(short) > width // 2:
        return short
    return flat[: width - 1].rstrip() + "…"


# The most characters of one text the notebook table shows: a paragraph of a PDF read without breaks (100,000
# characters) filled the output and the saved notebook; the whole text is the bead's (`bead.source_text`).
CELL_CHARS = 2_000


def _cell(text: str) -> str:
    if not text:
        return "<i>(none)</i>"
    shown = html.escape(text[:CELL_CHARS]).replace("\n", "<br>")
    if len(text) > CELL_CHARS:
        shown += f"… <i>({len(text) - CELL_CHARS:,} more characters)</i>"
    return shown


def _colour(confidence: float) -> str:
    if confidence >= 0.9:
        return "#c8efc8"
    if confidence >= 0.5:
        return "#f6e7a8"
    return "#f4b6b6"
