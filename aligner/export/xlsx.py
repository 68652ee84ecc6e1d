"""Bilingual XLSX: one row per bead, to review in Excel or LibreOffice and read back with `aligner.load`.

Sheet "beads": bead number, source and target unit numbers ("4", "4–6", as text), the two texts, confidence (three
decimals, more where they would round it up to a threshold), type ("2-1"), findings, status and similarity (the cosine
of the two sides' embeddings; every bead; beads and units numbered from 1), and, when a unit of either document is a
note, a text box, a header or a footer, a last column "role" (footnote, endnote, note, text box, header, footer; each
side's when the sides differ, "source: footnote; target: body text"; empty for body text: `bead_role`). The confidence
cell is coloured by confidence ("not scored", grey, for a bead a reviewer made or rewrote), the number and findings
cells by the worst finding; text wraps, the header row is frozen and has an autofilter. A reviewer may edit a text in
place (the bead becomes "edited", not scored: the aligner never measured that text), type the missing translation (or
source) into the empty side of a 1-0 (0-1) row (it becomes a unit of that side, the later ones numbered one up, and
the row an edited pair; of the role the row's role cell gives it, "footnote" or "target: text box": body text when the
cell is empty; the role cell of the other rows is not read back), and write in the status column:

| status | effect when read back |
|---|---|
| `auto` (or empty) | the bead as the aligner made it |
| `confirmed` (`confirm`, `ok`) | a reviewer checked the bead: it is always exported (with a text edit too) |
| `reject` | the pair is wrong: each of its units becomes an omission / addition, confirmed (reviewed: not counted) |
| `merge-up` / `merge-down` | one bead with the previous / next row's bead |
| `edited` | set when a text was changed (exported as an `auto` pair is: an edit is not an approval) |

Sheets "alignment" and "units" (hidden) hold the metadata and every unit's text (and role), so the
workbook reads back without the documents. Rows may be re-sorted: they are read in bead order.
The file is byte-identical for the same input (fixed timestamps, or SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ..display import NOT_SCORED, counted, decimals_keeping_sides, unit_numbers
from ..errors import InputError, SettingsError, shown
from . import (
    ExportOptions,
    bead_role,
    drop_forbidden_characters,
    findings_by_bead,
    has_roles,
    left_out_reasons,
    typed_unit_role,
)

if TYPE_CHECKING:
    from openpyxl import Workbook

    from ..corrections import ReadUnit
    from ..types import Alignment, Bead, Level, Role

COLUMNS = (
    "bead",
    "source units",
    "target units",
    "source",
    "target",
    "confidence",
    "kind",
    "findings",
    "status",
    "similarity",
)
WIDTHS = (7, 9, 9, 60, 60, 11, 6, 40, 11, 10, 12)  # and the role column's
STATUS_WORDS = {
    "": "auto",
    "auto": "auto",
    "confirmed": "confirmed",
    "confirm": "confirmed",
    "ok": "confirmed",
    "edited": "edited",
    "reject": "reject",
    "merge-up": "merge-up",
    "merge-down": "merge-down",
}
MAX_CELL = 32767  # characters in one XLSX cell
_FILLS = {
    "high": "C8EFC8",
    "mid": "F6E7A8",
    "low": "F4B6B6",
    "error": "EE8888",
    "warning": "F6D58A",
    "left-out": "DDDDDD",
}
_METADATA_KEYS = (
    "signature",
    "level",
    "confidence",
    "source name",
    "source language",
    "target name",
    "target language",
    "source lines",
    "target lines",
    "pair similarity median",
    "pair similarity spread",
)


def render(alignment: Alignment, options: ExportOptions) -> dict[str, bytes]:
    """The workbook (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment as CellAlignment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..checks import moved_at_translation

    findings = findings_by_bead(alignment, options.findings)
    left_out = left_out_reasons(alignment, options)
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # the active sheet of a new workbook
    sheet.title = "beads"
    roles = has_roles(alignment)
    header = [*COLUMNS[:3], _header(alignment, "source"), _header(alignment, "target"), *COLUMNS[5:]]
    header += ["role"] if roles else []
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    fill = {name: PatternFill("solid", start_color=colour) for name, colour in _FILLS.items()}
    wrap = CellAlignment(wrap_text=True, vertical="top")
    for index, bead in enumerate(alignment.beads):
        notes = "\n".join(
            f"{view.finding.severity}: {view.finding.check}: "
            + (moved_at_translation(alignment, view.finding) if view.at_translation else view.finding.message)
            for view in findings.get(index, ())
        )
        if index in left_out:
            notes = "\n".join(filter(None, [f"left out of a translation-memory export: {left_out[index]}", notes]))
        sheet.append(
            [
                index + 1,
                _numbers(bead.source),
                _numbers(bead.target),
                _cell(bead.source_text),
                _cell(bead.target_text),
                bead.confidence if bead.scored else NOT_SCORED,
                bead.kind,
                notes,
                bead.status,
                bead.similarity,
                *([bead_role(alignment, bead)] if roles else []),
            ]
        )
        row = sheet[index + 2]
        for cell in row:
            cell.alignment = wrap
        row[5].fill = fill[_band(bead.confidence, options) if bead.scored else "left-out"]
        row[5].number_format = _confidence_format(bead.confidence, options)
        for cell in (row[1], row[2], row[6]):  # kept text when edited: Excel and LibreOffice read "4-6" as 4 June
            cell.number_format = "@"
        worst = _worst([view.finding for view in findings.get(index, ())])
        if worst:
            row[0].fill = row[7].fill = fill[worst]
        elif index in left_out:
            row[0].fill = fill["left-out"]
    for column, width in enumerate(WIDTHS[: len(header)]):
        sheet.column_dimensions[chr(ord("A") + column)].width = width
    sheet.column_dimensions["J"].hidden = True
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(header) - 1)}{len(alignment.beads) + 1}"
    choices = DataValidation(
        type="list",
        formula1='"auto,confirmed,reject,merge-up,merge-down,edited"',
        allow_blank=True,
        showErrorMessage=False,
    )
    sheet.add_data_validation(choices)
    choices.add(f"I2:I{len(alignment.beads) + 1}")
    _hidden_sheets(workbook, alignment)
    _texts_not_formulas(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return {"": _reproducible(buffer.getvalue())}


def read_xlsx(path: Path) -> Alignment:
    """The alignment a (possibly edited) workbook of ours holds, with the reviewer's corrections applied."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from ..corrections import check_coverage, rebuild_document
    from ..readers.paragraphs import archive_errors
    from ..types import LEVELS, Alignment

    # SyntaxError: the XML parsers' errors (ElementTree's ParseError, lxml's XMLSyntaxError)
    with archive_errors(path, "an XLSX workbook", (SyntaxError,), (InvalidFileException,)):
        workbook = load_workbook(path, read_only=True, data_only=True)
    missing = {"beads", "alignment", "units"} - set(workbook.sheetnames)
    if missing:
        raise InputError(f"{path}: not an aligner workbook (no sheet {', '.join(sorted(missing))})")
    metadata = {str(key): value for key, value, *_ in _values(workbook["alignment"])}
    level = metadata.get("level")
    if level not in LEVELS:
        raise InputError(f"{path}: not an aligner workbook (level {level!r}, not one of {', '.join(LEVELS)})")
    level = cast("Level", level)
    units: dict[str, dict[int, ReadUnit]] = {"source": {}, "target": {}}
    for row_number, (side, number, paragraph, text, *role) in enumerate(_values(workbook["units"]), start=2):
        if side is None and number is None and paragraph is None and text is None:
            continue  # a row left empty, as at the end of a sheet saved again by a spreadsheet program
        if side not in units or not _whole_number(number) or not _whole_number(paragraph):
            raise InputError(
                f"{path}: sheet units, row {row_number}: not a unit as aligner writes it (side source or target, "
                f"unit and paragraph numbers), got {shown((side, number, paragraph))}: "
                "edit the beads sheet, not this one"
            )
        units[side][int(number) - 1] = (_text(text), int(paragraph) - 1, role[0] if role else None)
    rows = []
    header = next(workbook["beads"].iter_rows(max_row=1, values_only=True), ())
    has_role_column = header[len(COLUMNS) : len(COLUMNS) + 1] == ("role",)  # the workbook of a document with roles
    for number, row in enumerate(_values(workbook["beads"]), start=2):
        if row[0] is None:
            continue
        bead, source_ids, target_ids, source_text, target_text, confidence, _, _, status, similarity, role_cell = (
            list(row) + [None] * (len(COLUMNS) + 1)
        )[: len(COLUMNS) + 1]
        action = STATUS_WORDS.get(_text(status).strip().lower())
        if action is None:
            raise InputError(
                f"{path}: row {number}: unknown status {status!r} (use one of "
                f"{', '.join(word for word in STATUS_WORDS if word)})"
            )
        ids = (_ids(source_ids, path, number), _ids(target_ids, path, number))
        texts = (_text(source_text), _text(target_text))
        role_text = _text(role_cell) if has_role_column else ""
        if not _whole_number(bead):
            raise InputError(f"{path}: row {number}: the bead number must be a whole number, got {bead!r}")
        for side, side_ids, owner in (("source", ids[0], "the source"), ("target", ids[1], "the translation")):
            if beyond := [i for i in side_ids if i >= len(units[side])]:
                raise InputError(
                    f"{path}: row {number}: {side} unit {beyond[0] + 1} does not exist "
                    f"({owner} has {counted(len(units[side]), level)})"
                )
        rows.append(_Row(number, int(bead), ids, texts, confidence, similarity, action, role_text))
    rows, units = _with_typed_units(sorted(rows, key=lambda row: row.bead), units, path)
    documents = {
        side: rebuild_document(
            {
                "name": _metadata(metadata, f"{side} name", path),
                "language": _metadata(metadata, f"{side} language", path),
                "units": len(units[side]),
                "lines": metadata.get(f"{side} lines") is True,
            },
            units[side],
            level,
            path,
        )
        for side in units
    }
    confidence = _metadata(metadata, "confidence", path)
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)):
        raise InputError(f"{path}: sheet alignment: the confidence must be a number, got {confidence!r}")
    original = Alignment(
        documents["source"], documents["target"], level, (), float(confidence), _text(metadata.get("signature"))
    )
    try:
        beads = _corrected_beads(original, rows, path)
    except ValueError as error:  # e.g. unit numbers that make a bead's units non-consecutive
        raise InputError(f"{path}: {error}") from error
    median, spread = metadata.get("pair similarity median"), metadata.get("pair similarity spread")
    alignment = Alignment(
        original.source,
        original.target,
        level,
        tuple(beads),
        original.confidence,
        original.signature,
        pair_similarity=(
            (float(median), float(spread))
            if isinstance(median, (int, float)) and isinstance(spread, (int, float))
            else None
        ),
    )
    check_coverage(alignment, path)
    return alignment


def _metadata(metadata: dict[str, Any], key: str, path: Path) -> Any:
    """The value of `key` in the alignment sheet; InputError for a sheet without it."""
    if key not in metadata:
        raise InputError(f"{path}: not an aligner workbook (the sheet alignment has no row {key!r})")
    return metadata[key]


def _whole_number(value: object) -> bool:
    """Whether a cell holds a whole number: 3, 3.0 (a cell a spreadsheet program typed again) or the text "3"."""
    if isinstance(value, str):
        return value.strip().isdigit()
    return isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer()


def _values(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """The cell values of a sheet's rows below its header: whatever the workbook holds, checked where used."""
    return sheet.iter_rows(min_row=2, values_only=True)


class _Row(NamedTuple):
    """One row of the beads sheet as read: its number in the sheet (for messages) and the cells a reviewer edits."""

    number: int
    bead: int
    ids: tuple[tuple[int, ...], tuple[int, ...]]
    texts: tuple[str, str]
    confidence: Any
    similarity: Any
    action: str
    role: str  # the role cell ("" without one), which a unit typed into the row reads (`typed_unit_role`)
    typed: bool = False  # a text typed into the empty side of a 1-0/0-1 row made it a pair (`_with_typed_units`)


def _with_typed_units(
    rows: list[_Row], units: dict[str, dict[int, ReadUnit]], path: Path
) -> tuple[list[_Row], dict[str, dict[int, ReadUnit]]]:
    """The rows (in bead order) and units once a text a reviewer typed into the empty side of a 1-0 or 0-1 row is
    a unit of that side, the missing translation (or source): the row is a pair the reviewer made (`_Row.typed`),
    the unit goes where the row is, of the role the row's role cell gives it (`typed_unit_role`: body text when the
    cell is empty), and the side's later units are numbered one up (`_typed_in`)."""
    for k, side in enumerate(("source", "target")):
        typed: list[_Typed] = []
        next_unit = 0
        shifted = []
        for row in rows:
            ids, text = row.ids[k], row.texts[k].strip()
            if ids:
                next_unit = ids[-1] + 1
                ids = tuple(i + len(typed) for i in ids)
            elif text:
                if row.action == "reject":
                    raise InputError(
                        f"{path}: row {row.number}: a {side} text typed into a row marked reject, whose units stay "
                        "without counterpart: clear the text or the status"
                    )
                try:
                    role = typed_unit_role(row.role, side)
                except ValueError as error:
                    raise InputError(f"{path}: row {row.number}: {error}") from error
                ids = (next_unit + len(typed),)
                typed.append(_Typed(next_unit, text, role))
                row = row._replace(texts=_on_side(row.texts, k, text), typed=True)
            shifted.append(row._replace(ids=_on_side(row.ids, k, ids)))
        rows = shifted
        if typed:
            units = {**units, side: _typed_in(units[side], typed)}
    return rows, units


class _Typed(NamedTuple):
    """A unit a reviewer typed into an empty side of a row: the number, as read, of the side's unit it goes before."""

    before: int
    text: str
    role: Role | None


def _typed_in(read: dict[int, ReadUnit], typed: list[_Typed]) -> dict[int, ReadUnit]:
    """A side's units once the `typed` ones (in order) are in among those `read`, all numbered in order. A typed unit
    is in the paragraph of the unit before it when it has that unit's role, else in that of the unit after it when
    it has its role, else in a paragraph of its own, and the paragraphs are numbered again in order: a sentence has its
    paragraph's role (a body-text sentence typed after a footnote's is no sentence of the footnote). A paragraph
    alignment's units are their own paragraphs whatever this gives (`rebuild_document`)."""
    # each unit by its number: its text, a key its paragraph's units share (a read unit's: its paragraph), its role
    placed: dict[int, tuple[str, object, object]] = {
        i + sum(unit.before <= i for unit in typed): value for i, value in read.items()
    }
    for order, unit in enumerate(typed):
        at = unit.before + order
        neighbours = (placed.get(at - 1), placed.get(at + 1))  # the one after: None when typed too, placed next
        alike = next((neighbour for neighbour in neighbours if neighbour and neighbour[2] == unit.role), None)
        placed[at] = (unit.text, alike[1] if alike else ("typed", order), unit.role)
    renumbered: dict[int, ReadUnit] = {}
    paragraph, previous = -1, object()
    for i in sorted(placed):
        text, key, role = placed[i]
        if key != previous:
            paragraph, previous = paragraph + 1, key
        renumbered[i] = (text, paragraph, role)
    return renumbered


def _on_side(pair: tuple, k: int, value: Any) -> tuple:
    """`pair` (source, target) with side `k` (0: source, 1: target) replaced by `value`."""
    return (value, pair[1]) if k == 0 else (pair[0], value)


def _corrected_beads(original: Alignment, rows: list[_Row], path: Path) -> list[Bead]:
    """The beads the rows (in bead order) make once their statuses and text edits are applied."""
    from ..corrections import edited_bead, unpaired_beads
    from ..types import UNIT_JOINERS, Bead, Status

    beads: list[Bead] = []
    merge_next = False
    for row in rows:
        source, target = row.ids
        made = edited_bead(original, source, target, "auto")
        rewritten = row.typed or row.texts != (_cell(made.source_text), _cell(made.target_text))
        if row.action == "reject":
            beads.extend(unpaired_beads(original, made))
        elif merge_next or row.action == "merge-up":
            if not beads:
                raise InputError(f"{path}: the first bead cannot be merged up")
            previous = beads.pop()
            joiner = UNIT_JOINERS[original.level]
            joined_source, joined_target = (
                joiner.join(filter(None, pair)) for pair in zip((previous.source_text, previous.target_text), row.texts)
            )
            beads.append(
                edited_bead(
                    original, previous.source + source, previous.target + target, texts=(joined_source, joined_target)
                )
            )
        elif rewritten:
            # a text the reviewer wrote was never measured: not scored (`Bead.scored`), whatever the pair's was
            status: Status = "confirmed" if row.action == "confirmed" else "edited"
            beads.append(edited_bead(original, source, target, status, texts=row.texts))
        else:
            status = cast("Status", row.action if row.action in ("confirmed", "edited") else "auto")
            similarity = 0.0 if status == "edited" else float(row.similarity or 0.0)
            beads.append(
                Bead(source, target, made.source_text, made.target_text, _confidence(row, path), similarity, status)
            )
        merge_next = row.action == "merge-down"
    if merge_next:
        raise InputError(f"{path}: the last bead cannot be merged down")
    return beads


def _hidden_sheets(workbook: Workbook, alignment: Alignment) -> None:
    from ..checks import pair_similarity

    info = workbook.create_sheet("alignment")
    info.append(["key", "value"])
    values = (
        alignment.signature,
        alignment.level,
        alignment.confidence,
        alignment.source.file_name,
        alignment.source.language or "",
        alignment.target.file_name,
        alignment.target.language or "",
        alignment.source.lines,
        alignment.target.lines,
        *(pair_similarity(alignment) or ("", "")),
    )
    for key, value in zip(_METADATA_KEYS, values):
        info.append([key, value])
    units = workbook.create_sheet("units")
    units.append(["side", "unit", "paragraph", "text", *(["role"] if has_roles(alignment) else [])])
    for side, document in (("source", alignment.source), ("target", alignment.target)):
        for unit in document.units(alignment.level):
            role = [unit.role] if unit.role else []
            units.append([side, unit.index + 1, unit.paragraph + 1, _cell(unit.text), *role])
    info.sheet_state = units.sheet_state = "hidden"


def _texts_not_formulas(workbook: Workbook) -> None:
    """Every cell that openpyxl took for a formula, a text that starts with "=" ("=== Summary ===", "=1+1 is two"),
    written as the text it is: LibreOffice showed Err:509 in its place, and Excel would run it (=HYPERLINK(...))."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _numbers(ids: tuple[int, ...]) -> str:
    """Unit ids as the review page writes them, from 1: "4", "4–6" (an en dash: "4-6" had the form of the type
    column's "1-2"), "" for none."""
    return unit_numbers(ids).replace("-", "\u2013") if ids else ""


def _confidence_format(confidence: float, options: ExportOptions) -> str:
    """A confidence cell's number format: three decimals (two showed 0.995 as "1.00"), more where three would round it
    up to a threshold it is below (the high band's, the TM gate's, 1): 0.8999, in a cell coloured below 0.9, shows as
    0.8999, not "0.900" (two decimals said "0.90"; the review page cuts it to 0.89)."""
    from .html import HIGH_CONFIDENCE

    thresholds = (HIGH_CONFIDENCE, options.low_confidence, 1.0)
    return "0." + "0" * decimals_keeping_sides(confidence, thresholds, 3, shown=round)


def _header(alignment: Alignment, side: str) -> str:
    document = alignment.source if side == "source" else alignment.target
    return f"{side} ({document.language})" if document.language else side


def _band(confidence: float, options: ExportOptions) -> str:
    from .html import HIGH_CONFIDENCE

    return "high" if confidence >= HIGH_CONFIDENCE else "low" if confidence < options.low_confidence else "mid"


def _worst(findings: list) -> str | None:
    severities = {finding.severity for finding in findings}
    return "error" if "error" in severities else "warning" if severities else None


def _cell(text: str) -> str:
    text = drop_forbidden_characters(text).replace("\r", "")
    if len(text) > MAX_CELL:
        raise SettingsError(
            f"xlsx: a text of {len(text)} characters does not fit in a cell ({MAX_CELL} at most): "
            "align with --level sentence"
        )
    return text


def _confidence(row: _Row, path: Path) -> float:
    """The confidence a row's cell holds: 0.0 for a bead not scored (`NOT_SCORED`)."""
    if row.confidence == NOT_SCORED:
        return 0.0
    try:
        return float(row.confidence)
    except (TypeError, ValueError) as error:
        message = f"{path}: row {row.number}: the confidence must be a number, got {row.confidence!r}"
        raise InputError(message) from error


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _ids(value: object, path: Path, row: int) -> tuple[int, ...]:
    """ "4" or "4–6" (1-based, as written; "4-6" as an older workbook has it, or with any dash) -> 0-based ids (3,)
    or (3, 4, 5)."""
    text = _text(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    match = re.fullmatch(r"(\d+)(?:\s*[-\u2010-\u2015\u2212]\s*(\d+))?", text)
    if not text:
        return ()
    if not match:
        raise InputError(f"{path}: row {row}: unit numbers must look like 4 or 4\u20136, got {text!r}")
    first, last = int(match[1]), int(match[2] or match[1])
    return tuple(range(first - 1, last))


def _reproducible(workbook: bytes) -> bytes:
    """The workbook with fixed zip and document timestamps (SOURCE_DATE_EPOCH, else 2000-01-01)."""
    import time

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 946684800)
    stamp = time.gmtime(max(epoch, 315532800))  # zip cannot store dates before 1980
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + iso.encode(), data)
            target.writestr(zipfile.ZipInfo(info.filename, stamp[:6]), data, zipfile.ZIP_DEFLATED)
    return output.getvalue()
