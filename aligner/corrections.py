"""A reviewed alignment read back: `load()` for the JSONL the review page saves (or `--format jsonl`
writes) and for a bilingual XLSX a reviewer edited; the beads a reviewer's corrections make.

A loaded alignment is checked like one the aligner made: beads in document order, every unit of
each side in exactly one bead (monotone, nothing skipped or repeated). Its documents hold the
units of its level (a sentence alignment's paragraphs are rebuilt from their sentences).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from .display import counted
from .errors import InputError
from .paths import expand_home
from .types import LEVELS, ROLES, STATUSES, UNIT_JOINERS, Alignment, Bead, Document, Level, Role, Status, Unit

# How a record comes to lack a field aligner writes, or to hold a value of the wrong kind
_NOT_AS_WRITTEN = " (edited by hand, or written by another program?)"
# A unit as read back: its text, its paragraph and its role (as the file has it: checked by `rebuild_document`).
ReadUnit = tuple[str, int, object]


def load(
    path: str | os.PathLike[str], *, source_language: str | None = None, target_language: str | None = None
) -> Alignment:
    """Read an alignment saved as JSONL (`--format jsonl`, the review page's "Save corrections")
    or as XLSX (`--format xlsx`, statuses and text edits applied: see `aligner.export.xlsx`).

    `source_language` and `target_language` are BCP 47 tags to write in place of the saved ones, as `align` writes
    the ones it is given: a locale of the same language ("ru-RU" for "ru", as a CAT project names it); another
    language is an InputError (align again with it), a tag that is none a SettingsError."""
    from .language import check_language_tag
    from .readers import check_is_file

    tags = (
        check_language_tag(source_language, "source_language"),
        check_language_tag(target_language, "target_language"),
    )
    path = expand_home(path)  # "~/pair.jsonl" from a notebook, as for a document
    check_is_file(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        alignment = _load_jsonl(path)
    elif suffix == ".xlsx":
        from .export.xlsx import read_xlsx

        alignment = read_xlsx(path)
    else:
        # LibreOffice saves an edited .xlsx as .ods unless told to keep the format
        resave = " (in LibreOffice: File > Save As > Excel 2007-365 (.xlsx))" if suffix == ".ods" else ""
        raise InputError(
            f"{path}: cannot load a {suffix or 'file without extension'}: give a .jsonl or .xlsx alignment{resave}"
        )
    return _retagged(alignment, tags, path)


def _retagged(alignment: Alignment, tags: tuple[str | None, str | None], path: Path) -> Alignment:
    """`alignment` with its documents' languages the `tags` given (None: as saved); InputError for a tag of another
    language than the saved one."""
    from .language import base_language, language_name

    documents = []
    for side, document, tag in (("source", alignment.source, tags[0]), ("target", alignment.target, tags[1])):
        if tag is None:
            documents.append(document)
            continue
        saved = document.language
        if saved is not None and base_language(saved) != base_language(tag):
            raise InputError(
                f"{path}: the {side} is in {language_name(saved)} ({saved}), not {language_name(tag)} ({tag}): give "
                f"a tag of {language_name(saved)} ({base_language(saved)}, with or without a region), or align again"
            )
        documents.append(dataclasses.replace(document, language=tag, language_confidence=None))
    return dataclasses.replace(alignment, source=documents[0], target=documents[1])


def _load_jsonl(path: Path) -> Alignment:
    from .readers import text_position

    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read the file ({error.strerror or error})") from error
    if not data.strip():
        raise InputError(f"{path}: the file holds only whitespace")
    if b"\x00" in data:
        raise InputError(f"{path}: not an aligner JSONL file: a binary file, not text")
    try:
        text = data.decode("utf-8-sig")  # a BOM: saved again by a Windows editor
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: not an aligner JSONL file: not valid UTF-8 at {text_position(data, error.start)}; "
            "aligner writes UTF-8: save it as UTF-8 again"
        ) from error
    return alignment_from_jsonl(text, path)


def alignment_from_jsonl(text: str, path: Path | str) -> Alignment:
    """The alignment a JSONL file's `text` holds (as `load` reads it); `path` names the file in the errors, which
    name the line and the field too, and say what is wrong."""
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(_Record(json.loads(line), path, number))
        except json.JSONDecodeError as error:
            raise InputError(
                f"{path}: not an aligner JSONL file: line {number} is not a JSON record (it goes wrong at "
                f"column {error.colno}): cut short, or edited by hand?"
            ) from error
    if not records or not isinstance(records[0].data, dict) or records[0].data.get("record") != "alignment":
        raise InputError(f'{path}: the first line must be the alignment record ({{"record": "alignment", ...}})')
    header, bead_records = records[0], records[1:]
    level = cast("Level", header.choice("level", LEVELS))
    headers = {side: header.record(side, 'of the document, such as {"name": "ru.txt", "units": 12}') for side in _SIDES}
    counts = {side: headers[side].whole("units") for side in _SIDES}
    read = [_read_bead(record) for record in bead_records]
    units: dict[str, dict[int, ReadUnit]] = {side: {} for side in _SIDES}
    line_of: dict[str, dict[int, int]] = {side: {} for side in _SIDES}  # the line of the bead that has each unit
    for record, (bead, texts, paragraphs) in zip(bead_records, read, strict=True):
        for side in _SIDES:
            for i, unit_text, paragraph in zip(getattr(bead, side), texts[side], paragraphs[side], strict=True):
                if i in line_of[side]:
                    raise record.error(
                        f'"{side}" has unit {i + 1}, which the bead on line {line_of[side][i]} has too '
                        "(every unit must be in exactly one bead)"
                    )
                if i >= counts[side]:
                    raise record.error(
                        f'"{side}" has unit {i + 1}, but {headers[side].text("name")} has {counts[side]} units '
                        f'(line {header.line}, "units" of "{side}")'
                    )
                line_of[side][i], units[side][i] = record.line, (unit_text, paragraph, None)
    for side in _SIDES:
        if missing := [i for i in range(counts[side]) if i not in units[side]]:
            raise InputError(
                f"{path}: {headers[side].text('name')} has {counts[side]} units (line {header.line}), but no bead has "
                f"unit {missing[0] + 1} (every unit must be in exactly one bead)"
            )
        _check_order(bead_records, [bead for bead, _, _ in read], side)
        if level == "sentence":
            _check_paragraphs(units[side], line_of[side], path, side)
        for role, ids in _roles(headers[side], counts[side]).items():
            for i in ids:
                text, paragraph, _ = units[side][i]
                units[side][i] = (text, paragraph, role)
    documents = {side: rebuild_document(_header_fields(headers[side]), units[side], level, path) for side in _SIDES}
    return Alignment(
        documents["source"],
        documents["target"],
        level,
        tuple(bead for bead, _, _ in read),
        header.number("confidence", share=True),
        header.text("signature", ""),
        tuple(header.texts("warnings", [])),
        pair_similarity=_pair_similarity(header),
    )


_SIDES = ("source", "target")
_REQUIRED = object()  # a field's default: the field must be there


class _Record:
    """A JSONL record (or a record inside one, `within`) and the line it is on: its fields read as the kind of value
    aligner writes them, an InputError naming the file, the line and the field when one is not."""

    def __init__(self, data: object, path: Path | str, line: int, within: str = "") -> None:
        self.data, self.path, self.line, self.within = data, path, line, within

    def error(self, problem: str) -> InputError:
        return InputError(f"{self.path}: line {self.line}: {problem}")

    def named(self, field: str) -> str:
        return f'"{field}" of "{self.within}"' if self.within else f'"{field}"'

    def wrong(self, field: str, should_be: str, value: object) -> InputError:
        return self.error(f"{self.named(field)} should be {should_be}, not {_as_written(value)}{_NOT_AS_WRITTEN}")

    def value(self, field: str, default: object = _REQUIRED) -> object:
        assert isinstance(self.data, dict)
        if field in self.data:
            return self.data[field]
        if default is _REQUIRED:
            where = f'"{self.within}" has' if self.within else "the record has"
            raise self.error(f'{where} no "{field}" field{_NOT_AS_WRITTEN}')
        return default

    def text(self, field: str, default: object = _REQUIRED) -> str:
        value = self.value(field, default)
        if not isinstance(value, str):
            raise self.wrong(field, "a text", value)
        return value

    def texts(self, field: str, default: object = _REQUIRED) -> list[str]:
        value = self.value(field, default)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.wrong(field, "a list of texts", value)
        return value

    def number(self, field: str, default: object = _REQUIRED, share: bool = False) -> float:
        """A number (a share from 0 to 1 with `share`, as a confidence is); as text too ("0.9"), as before."""
        value = self.value(field, default)
        try:
            number = float(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or number != number or (share and not 0.0 <= number <= 1.0):
            raise self.wrong(field, "a number from 0 to 1" if share else "a number", value)
        return number

    def whole(self, field: str) -> int:
        value = self.value(field)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.wrong(field, "a whole number", value)
        return value

    def numbers(self, field: str, what: str, default: object = _REQUIRED) -> tuple[int, ...]:
        value = self.value(field, default)
        if not isinstance(value, list) or not all(
            isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in value
        ):
            raise self.wrong(field, f"a list of {what} numbers from 0, such as [0, 1]", value)
        return tuple(value)

    def choice(self, field: str, choices: Sequence[str], default: object = _REQUIRED) -> str:
        value = self.value(field, default)
        if value not in choices:
            listed = ", ".join(f'"{choice}"' for choice in choices)
            raise self.wrong(
                field, " or ".join(listed.rsplit(", ", 1)) if len(choices) == 2 else f"one of {listed}", value
            )
        return str(value)

    def record(self, field: str, what: str) -> _Record:
        value = self.value(field)
        if not isinstance(value, dict):
            raise self.wrong(field, f"a record {what}", value)
        return _Record(value, self.path, self.line, field)


def _as_written(value: object, width: int = 80) -> str:
    """`value` as the JSONL file writes it ("high", 1.5, null), at most `width` characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"


def _read_bead(record: _Record) -> tuple[Bead, dict[str, list[str]], dict[str, tuple[int, ...]]]:
    """The bead of a bead record, with the texts and the paragraphs of its units on each side."""
    if not isinstance(record.data, dict) or record.data.get("record") != "bead":
        raise InputError(
            f'{record.path}: line {record.line} is not a bead record ({{"record": "bead", ...}}), but '
            f"{_as_written(record.data)}"
        )
    ids, texts, paragraphs = {}, {}, {}
    for side in _SIDES:
        ids[side] = record.numbers(side, "unit")
        texts[side] = record.texts(f"{side}_units")
        paragraphs[side] = record.numbers(f"{side}_paragraphs", "paragraph", list(ids[side]))
        if not len(ids[side]) == len(texts[side]) == len(paragraphs[side]):
            raise record.error(
                f'"{side}" has {counted(len(ids[side]), "unit")} but "{side}_units" {len(texts[side])} texts'
                + (
                    f' and "{side}_paragraphs" {len(paragraphs[side])} paragraphs'
                    if len(paragraphs[side]) != len(ids[side])
                    else ""
                )
                + " (one text for each unit)"
            )
        if any(b != a + 1 for a, b in itertools.pairwise(ids[side])):
            listed = " and ".join(str(i + 1) for i in ids[side])
            raise record.error(
                f'"{side}" has units {listed}, which do not follow each other (a bead\'s units are consecutive)'
            )
    if not ids["source"] and not ids["target"]:
        raise record.error('"source" and "target" are both empty (a bead has a unit on at least one side)')
    bead = Bead(
        ids["source"],
        ids["target"],
        record.text("source_text"),
        record.text("target_text"),
        record.number("confidence", share=True),
        record.number("similarity", 0.0),
        cast("Status", record.choice("status", STATUSES, "auto")),
        tuple(record.texts("notes", [])),
    )
    return bead, texts, paragraphs


def _check_order(records: Sequence[_Record], beads: Sequence[Bead], side: str) -> None:
    """InputError at the first bead whose units of `side` do not start where the bead before left off."""
    expected = 0
    for record, bead in zip(records, beads, strict=True):
        ids = getattr(bead, side)
        if ids and ids[0] != expected:
            raise record.error(
                f'"{side}" starts at unit {ids[0] + 1}, but unit {expected + 1} comes before it '
                "(beads follow the documents' order)"
            )
        expected += len(ids)


def _check_paragraphs(units: dict[int, ReadUnit], line_of: dict[int, int], path: Path | str, side: str) -> None:
    """InputError at the first sentence whose paragraph is neither the sentence before it's nor the next one."""
    previous = -1
    for i in range(len(units)):
        paragraph = units[i][1]
        if paragraph not in (previous, previous + 1):
            raise InputError(
                f'{path}: line {line_of[i]}: "{side}_paragraphs" puts unit {i + 1} in paragraph {paragraph + 1} after '
                f"paragraph {previous + 1} (a sentence is in the paragraph of the sentence before it, or the next one)"
            )
        previous = paragraph


def _roles(header: _Record, count: int) -> dict[Role, tuple[int, ...]]:
    """The ids of each role a document's header record gives (`"roles"`: {"footnote": [3, 9]})."""
    value = header.value("roles", {})
    if not isinstance(value, dict):
        raise header.wrong("roles", 'a record of the units of each role, such as {"footnote": [3, 9]}', value)
    roles = _Record(value, header.path, header.line, "roles")
    named = f'"roles" of "{header.within}"'
    read: dict[Role, tuple[int, ...]] = {}
    for role in value:
        if role not in ROLES:
            listed = ", ".join(f'"{known}"' for known in ROLES)
            raise header.error(f"{named} has the role {_as_written(role)}, not one of {listed}")
        read[role] = roles.numbers(role, "unit")
        if beyond := [i for i in read[role] if i >= count]:
            raise header.error(f"{named} has unit {beyond[0] + 1}, but {header.text('name')} has {count} units")
    return read


def _header_fields(header: _Record) -> dict:
    """A document's header record as `rebuild_document` reads it, each field of the kind aligner writes."""
    language = header.value("language", None)
    if language is not None:
        header.text("language")
    lines = header.value("lines", False)
    if not isinstance(lines, bool):
        raise header.wrong("lines", "true or false", lines)
    return {"name": header.text("name"), "units": header.whole("units"), "language": language, "lines": lines}


def _pair_similarity(header: _Record) -> tuple[float, float] | None:
    """The (median, spread) the alignment record keeps, None when it has none (a file from before they were kept)."""
    if header.value("pair_similarity", None) is None:
        return None
    kept = header.record("pair_similarity", 'of the pairs\' similarities, such as {"median": 0.8, "spread": 0.05}')
    return kept.number("median"), kept.number("spread")


def rebuild_document(header: dict, units: dict[int, ReadUnit], level: Level, path: Path | str) -> Document:
    """The Document of one side from its header record and its units {id: (text, paragraph, role)}; a sentence
    alignment's paragraphs of their sentences' role."""
    count = header["units"]
    if missing := [i for i in range(count) if i not in units]:
        raise InputError(
            f"{path}: {header['name']} has {count} units, but unit {missing[0] + 1} is missing "
            "(every unit must be in exactly one bead)"
        )
    ordered = [(units[i][0], units[i][1], _role(units[i][2], header["name"], i, path)) for i in range(count)]
    lines = bool(header.get("lines", False))
    if level == "paragraph":
        paragraphs = tuple(Unit(i, text, i, role) for i, (text, _, role) in enumerate(ordered))
        return Document(header["name"], header.get("language"), paragraphs, paragraphs, lines=lines)
    sentences = tuple(Unit(i, text, paragraph, role) for i, (text, paragraph, role) in enumerate(ordered))
    paragraph_count = max((s.paragraph for s in sentences), default=-1) + 1
    paragraphs = tuple(
        Unit(
            p,
            UNIT_JOINERS["sentence"].join(s.text for s in sentences if s.paragraph == p),
            p,
            next((s.role for s in sentences if s.paragraph == p), None),
        )
        for p in range(paragraph_count)
    )
    try:
        return Document(header["name"], header.get("language"), paragraphs, sentences, lines=lines)
    except ValueError as error:  # the sentences of a paragraph of several roles
        raise InputError(f"{path}: {error}") from error


def _role(role: object, name: str, unit: int, path: Path | str) -> Role | None:
    """A unit's role as read back; InputError for one that is none of `ROLES`."""
    if role is None or role in ROLES:
        return role
    raise InputError(f"{path}: {name}: unit {unit + 1} has the role {role!r}, not one of {', '.join(ROLES)}")


def check_coverage(alignment: Alignment, path: Path | str) -> None:
    """InputError unless the beads are in document order and cover every unit of both sides once."""
    for side in ("source", "target"):
        expected = 0
        for number, bead in enumerate(alignment.beads, start=1):
            ids = getattr(bead, side)
            if ids and ids[0] != expected:
                raise InputError(
                    f"{path}: bead {number} starts at {side} unit {ids[0] + 1}, expected unit "
                    f"{expected + 1} (beads must follow document order and cover every unit once)"
                )
            expected += len(ids)
        total = len(getattr(alignment, side).units(alignment.level))
        if expected != total:
            raise InputError(f"{path}: the beads cover {expected} of the {total} {side} units")


def edited_bead(
    alignment: Alignment,
    source: Sequence[int],
    target: Sequence[int],
    status: Status = "edited",
    texts: tuple[str, str] | None = None,
) -> Bead:
    """A bead a reviewer made from these units: their texts joined (or `texts`), confidence 0.0 (not scored:
    `Bead.scored`)."""
    joiner = UNIT_JOINERS[alignment.level]
    src_units, tgt_units = alignment.source.units(alignment.level), alignment.target.units(alignment.level)
    source_text, target_text = texts or (
        joiner.join(src_units[i].text for i in source),
        joiner.join(tgt_units[j].text for j in target),
    )
    return Bead(tuple(source), tuple(target), source_text, target_text, 0.0, 0.0, status)


def reworded(alignment: Alignment, bead: Bead) -> tuple[bool, bool]:
    """Whether a reviewer changed the text of each side of `bead` (source, target): it is not its units' text joined
    as a bead's is (`edited_bead`)."""
    units = edited_bead(alignment, bead.source, bead.target)
    return bead.source_text != units.source_text, bead.target_text != units.target_text


def unpaired_beads(alignment: Alignment, bead: Bead) -> list[Bead]:
    """The units of `bead`, each in its own 1-0 or 0-1 bead (a rejected pair), sources first: confirmed, since a
    reviewer looked at the pair and found it wrong (the omission or addition each is is shown, not counted)."""
    return [edited_bead(alignment, (i,), (), "confirmed") for i in bead.source] + [
        edited_bead(alignment, (), (j,), "confirmed") for j in bead.target
    ]
