"""A reviewed alignment read back: `load()` for the JSONL the review page saves (or `--format jsonl`
writes) and for a bilingual XLSX a reviewer edited; the beads a reviewer's corrections make.

A loaded alignment is checked like one the aligner made: beads in document order, every unit of
each side in exactly one bead (monotone, nothing skipped or repeated). Its documents hold the
units of its level (a sentence alignment's paragraphs are rebuilt from their sentences).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError
from .paths import expand_home
from .types import LEVELS, ROLES, UNIT_JOINERS, Alignment, Bead, Document, Level, Role, Status, Unit

# How a record comes to lack a field aligner writes, or to hold a value of the wrong kind
_NOT_AS_WRITTEN = " (edited by hand, or written by another program?)"
# A unit as read back: its text, its paragraph and its role (as the file has it: checked by `rebuild_document`).
ReadUnit = tuple[str, int, object]


def load(path: str | os.PathLike[str]) -> Alignment:
    """Read an alignment saved as JSONL (`--format jsonl`, the review page's "Save corrections")
    or as XLSX (`--format xlsx`, statuses and text edits applied: see `aligner.export.xlsx`)."""
    from .readers import check_is_file

    path = expand_home(path)  # "~/pair.jsonl" from a notebook, as for a document
    check_is_file(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return _load_jsonl(path)
    if suffix == ".xlsx":
        from .export.xlsx import read_xlsx

        return read_xlsx(path)
    raise InputError(f"{path}: cannot load a {suffix or 'file without extension'}: give a .jsonl or .xlsx alignment")


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
    """The alignment a JSONL file's `text` holds (as `load` reads it); `path` names the file in the errors."""
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise InputError(
                f"{path}: not an aligner JSONL file: line {number} is not a JSON record (it goes wrong at "
                f"column {error.colno}): cut short, or edited by hand?"
            ) from error
    if not records or not isinstance(records[0], dict) or records[0].get("record") != "alignment":
        raise InputError(f'{path}: the first line must be the alignment record ({{"record": "alignment", ...}})')
    metadata, beads = records[0], records[1:]
    record_line = 1  # the line of the record a field is read from, for a KeyError or TypeError
    try:
        level = metadata["level"]
        if level not in LEVELS:
            raise InputError(f"{path}: level must be one of {', '.join(LEVELS)}, got {level!r}")
        units: dict[str, dict[int, ReadUnit]] = {side: {} for side in ("source", "target")}
        for record_line, record in enumerate(beads, start=2):
            if record.get("record") != "bead":
                raise InputError(f"{path}: line {record_line} is not a bead record")
            for side in units:
                ids, texts = record[side], record[f"{side}_units"]
                paragraphs = record.get(f"{side}_paragraphs", ids)
                if not len(ids) == len(texts) == len(paragraphs):
                    raise InputError(
                        f"{path}: line {record_line}: {side} has {len(ids)} ids but {len(texts)} unit texts"
                    )
                units[side].update({i: (text, paragraph, None) for i, text, paragraph in zip(ids, texts, paragraphs)})
        record_line = 1
        for side in units:
            for role, ids in dict(metadata[side].get("roles", {})).items():
                for i in ids:
                    if i in units[side]:  # one no bead holds: rebuild_document says the beads miss it
                        text, paragraph, _ = units[side][i]
                        units[side][i] = (text, paragraph, role)
        documents = {side: rebuild_document(metadata[side], units[side], level, path) for side in units}
        read_beads = []
        for number, r in enumerate(beads, start=2):
            record_line = number
            read_beads.append(
                Bead(
                    tuple(r["source"]),
                    tuple(r["target"]),
                    r["source_text"],
                    r["target_text"],
                    _number(r["confidence"]),
                    _number(r.get("similarity", 0.0)),
                    r.get("status", "auto"),
                    tuple(str(note) for note in r.get("notes", ())),
                )
            )
        record_line = 1
        alignment = Alignment(
            documents["source"],
            documents["target"],
            level,
            tuple(read_beads),
            _number(metadata["confidence"]),
            metadata.get("signature", ""),
            tuple(str(warning) for warning in metadata.get("warnings", ())),
            pair_similarity=_pair_similarity(metadata.get("pair_similarity")),
        )
    except KeyError as error:
        raise InputError(
            f'{path}: line {record_line}: the record has no "{error.args[0]}" field{_NOT_AS_WRITTEN}'
        ) from error
    except (TypeError, AttributeError) as error:
        raise InputError(
            f"{path}: line {record_line}: a field of the record holds the wrong kind of value{_NOT_AS_WRITTEN}"
        ) from error
    except ValueError as error:
        raise InputError(f"{path}: {error}") from error
    check_coverage(alignment, path)
    return alignment


def _pair_similarity(record: object) -> tuple[float, float] | None:
    """The (median, spread) a metadata record keeps, None when it has none (a file from before they were kept)."""
    if record is None:
        return None
    if not isinstance(record, dict):
        raise TypeError(f"pair_similarity must be an object, got {record!r}")
    return _number(record["median"]), _number(record["spread"])


def _number(value: object) -> float:
    """`value` as a float; TypeError for one that is none ("high": float's ValueError says it in Python's words)."""
    try:
        return float(value)  # type: ignore[arg-type]
    except ValueError as error:
        raise TypeError(f"not a number: {value!r}") from error


def rebuild_document(header: dict, units: dict[int, ReadUnit], level: Level, path: Path | str) -> Document:
    """The Document of one side from its header record and its units {id: (text, paragraph, role)}; a sentence
    alignment's paragraphs of their sentences' role."""
    count = header["units"]
    if sorted(units) != list(range(count)):
        raise InputError(
            f"{path}: {header['name']} has {count} units but the beads cover {len(units)} "
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
    """The units of `bead`, each in its own 1-0 or 0-1 bead (a rejected pair), sources first."""
    return [edited_bead(alignment, (i,), ()) for i in bead.source] + [
        edited_bead(alignment, (), (j,)) for j in bead.target
    ]
