"""Exporters: one registry of output formats, read by both `Alignment.to_*` and the CLI's `--format`.

Every format module has `render(alignment, options) -> dict[str, str]`: the
text of each file it writes, keyed by the suffix added to the destination
("" for the destination itself; Moses writes ".<lang>" files). A module may also
have `preflight(source, target) -> suffixes`, which says which files it will write
for two documents and raises SettingsError when it cannot write them (no language,
a bad SOURCE_DATE_EPOCH): the CLI calls it before aligning. `export_all()` renders
every output first, then writes them all atomically (temporary files in the same
directory, then renames), so an error never leaves a partial file, nor some
outputs written and others not.

The pair formats (TMX, TSV, Moses) hold translation pairs only: 1-0/0-1 beads,
pairs below `min_confidence` and pairs with an error finding (unless
`keep_errors`) are left out; a pair a reviewer confirmed is always written (an
edited one is filtered as the others: an edit is not an approval; a pair a reviewer
made or rewrote, which the aligner did not score, has confidence 0, so any `min_confidence`
above 0 leaves it out until it is confirmed). The
translation-memory formats (the pair formats and XLSX) refuse an alignment whose
document confidence is below `DOCUMENT_GATE` unless `force`.
JSONL holds every bead; the HTML review and XLSX show every bead and mark those
a pair format would leave out.
"""

from __future__ import annotations

import importlib
import os
import re
import stat
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar, cast

from ..display import confidence_text
from ..errors import GateError, InputError, SettingsError
from ..language import is_contrast_warning
from ..paths import file_on_the_path
from ..types import ExportReport

if TYPE_CHECKING:
    from ..types import Alignment, Bead, Document, Level, Role

STDOUT = "-"
# What `bead_role` calls the units that are no note or text box (`Unit.role` None) beside those that are.
BODY_TEXT = "body text"
# Everything outside XML 1.0's Char production (C0 controls but tab/LF/CR, surrogates, U+FFFE/U+FFFF);
# HTML forbids the same controls.
_FORBIDDEN_CHARACTERS = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Below this document confidence the two documents more likely do not translate each other.
DOCUMENT_GATE = 0.5


class BeadFinding(Protocol):
    """What the HTML review needs from a consistency-check finding to badge a bead (read-only: Finding is frozen)."""

    @property
    def bead(self) -> int: ...  # index into Alignment.beads
    @property
    def check(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def severity(self) -> str: ...  # "warning" or "error"
    @property
    def evidence(self) -> tuple[tuple[str, str | tuple[str, ...]], ...]: ...


AnyFinding = TypeVar("AnyFinding", bound=BeadFinding)


def translation_bead(finding: BeadFinding) -> int | None:
    """For a moved finding (on the source unit's bead), the bead of the unit's translation; else None."""
    if finding.check != "moved":
        return None
    other = dict(finding.evidence)["other_bead"]
    return int(other) if isinstance(other, str) else None


def finding_beads(finding: BeadFinding) -> tuple[int, ...]:
    """The beads `finding` is on: its own, and for a moved finding its translation's too (a pair there holds a unit
    paired with the wrong one, as the source unit's does)."""
    translation = translation_bead(finding)
    return (finding.bead,) if translation is None else (finding.bead, translation)


class FindingView(NamedTuple):
    """A finding as one bead's row shows it (review page, XLSX): on its own bead, or (moved) on the bead of the
    unit's translation, said from there (`checks.moved_at_translation`)."""

    finding: BeadFinding
    at_translation: bool

    @property
    def key(self) -> tuple[int, bool]:  # a finding need not be hashable
        return id(self.finding), self.at_translation


def findings_by_bead(alignment: Alignment, findings: Sequence[BeadFinding]) -> dict[int, list[FindingView]]:
    """The findings each bead's row shows. A moved finding is on the row of its translation too, said from there,
    unless that row has its own moved finding pointing back (two units swapped: each row's own finding names the
    other). SettingsError for a finding on a bead the alignment does not have."""
    by_bead: dict[int, list[FindingView]] = defaultdict(list)
    moved = {(finding.bead, translation_bead(finding)) for finding in findings if finding.check == "moved"}
    for finding in findings:
        if not 0 <= finding.bead < len(alignment.beads):
            raise SettingsError(
                f"finding {finding.message!r} points at bead {finding.bead}, "
                f"but the alignment has {len(alignment.beads)} beads"
            )
        by_bead[finding.bead].append(FindingView(finding, False))
        translation = translation_bead(finding)
        if translation is not None and (translation, finding.bead) not in moved:
            by_bead[translation].append(FindingView(finding, True))
    return by_bead


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Settings shared by the exporters.

    `min_confidence`: pairs below it are left out of the pair formats (and marked in the review).
    `review_threshold`: pairs below it (or below `min_confidence`, if higher) count as low confidence
    in the review and its summary. `findings` (from `aligner.check`): shown on their beads in the
    review and XLSX and named on the TMX's units (`x-findings`); pairs with an error finding are left out of the
    pair formats unless `keep_errors`.
    `force`: write a translation memory even when the document confidence is below `DOCUMENT_GATE`.
    """

    min_confidence: float = 0.0
    review_threshold: float = 0.5
    findings: tuple[BeadFinding, ...] = ()
    keep_errors: bool = False
    force: bool = False

    def __post_init__(self) -> None:
        for name in ("min_confidence", "review_threshold"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise SettingsError(f"{name} must be a number between 0 and 1, got {type(value).__name__} {value!r}")
            if not 0.0 <= value <= 1.0:
                raise SettingsError(f"{name} must be between 0 and 1, got {value}")

    @property
    def low_confidence(self) -> float:
        """Beads below this confidence need a reviewer's look."""
        return max(self.review_threshold, self.min_confidence)


@dataclass(frozen=True, slots=True)
class Exporter:
    """One output format: its name, the file extensions that select it, and the module that renders it."""

    name: str
    extensions: tuple[str, ...]
    module: str
    description: str
    pairs_only: bool  # writes translation pairs only and obeys min_confidence
    translation_memory: bool  # refused for an alignment below DOCUMENT_GATE unless forced
    binary: bool = False  # a file format, never written to stdout
    needs_languages: bool = False  # writes both documents' language tags

    def render(self, alignment: Alignment, options: ExportOptions) -> dict[str, str | bytes]:
        """The text of each file, keyed by the suffix added to the destination path."""
        return self._module().render(alignment, options)

    def preflight(self, source: Document, target: Document) -> tuple[str, ...]:
        """The suffixes of the files this format writes for two documents; SettingsError if it cannot."""
        check = getattr(self._module(), "preflight", None)
        return check(source, target) if check else ("",)

    def _module(self) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self.module}")


EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter(
            "tmx",
            (".tmx",),
            "tmx",
            "TMX 1.4 translation memory for CAT tools (pairs only)",
            True,
            True,
            needs_languages=True,
        ),
        Exporter(
            "tsv",
            (".tsv", ".tab"),
            "tsv",
            "tab-separated pairs: source, target, confidence, source ids, target ids, status",
            True,
            True,
        ),
        Exporter(
            "jsonl",
            (".jsonl", ".ndjson"),
            "jsonl",
            "one JSON record per bead (every bead), after a metadata record",
            False,
            False,
        ),
        Exporter(
            "moses",
            (),
            "moses",
            "two line-aligned plain-text files OUT.<src-lang> and OUT.<tgt-lang> (pairs only)",
            True,
            True,
            needs_languages=True,
        ),
        Exporter(
            "html",
            (".html", ".htm"),
            "html",
            "self-contained review and editor: findings, filters, beads side by side",
            False,
            False,
        ),
        Exporter(
            "xlsx",
            (".xlsx",),
            "xlsx",
            "bilingual spreadsheet, one row per bead, to edit and read back with `aligner export`",
            False,
            True,
            binary=True,
        ),
    )
}


def exporter_for(destination: str | os.PathLike[str], format: str | None = None) -> Exporter:
    """The exporter named `format`, or the one the destination's extension selects; SettingsError when the two
    disagree (JSONL in a file named .tmx would be imported by a CAT tool as a broken TMX)."""
    if str(destination) != STDOUT:
        check_output_name(destination)  # before its name's extension ('') is taken for a format's
    suffix = Path(destination).suffix.lower() if str(destination) != STDOUT else ""
    named = next((exporter for exporter in EXPORTERS.values() if suffix in exporter.extensions), None)
    if format is not None:
        if format not in EXPORTERS:
            raise SettingsError(f"unknown format {format!r} (choose from {', '.join(EXPORTERS)})")
        if named is not None and named.name != format:
            raise SettingsError(f"{destination}: the name says {named.name}, --format says {format}: rename the file")
        return EXPORTERS[format]
    if named is not None:
        return named
    if suffix == ".moses":  # the one format without an extension: its two files are named by their languages
        raise SettingsError(
            f"{destination}: Moses output is two files, {destination}.<src-lang> and {destination}.<tgt-lang>: "
            "give the format (--format moses) and the name they start with"
        )
    raise SettingsError(
        f"{destination}: cannot tell the output format from the extension {suffix!r} "
        f"(give a format: {', '.join(EXPORTERS)})"
    )


def export(
    alignment: Alignment,
    destination: str | os.PathLike[str],
    format: str | None = None,
    options: ExportOptions | None = None,
) -> ExportReport:
    """Write `alignment` to `destination` ("-" for stdout) in `format` (default: by extension)."""
    return export_all(alignment, [(destination, exporter_for(destination, format))], options)[0]


Destination = tuple[str | os.PathLike[str], Exporter]  # (path or STDOUT, format)


def export_all(
    alignment: Alignment, destinations: Sequence[Destination], options: ExportOptions | None = None
) -> list[ExportReport]:
    """Write `alignment` to every (destination, exporter): all of them, or, on an error, none of them."""
    options = options or ExportOptions()
    plan_exports(destinations, alignment.source, alignment.target, inputs=document_files(alignment))
    for destination, exporter in destinations:
        if exporter.translation_memory:
            check_gate(alignment, options, destination)
    _check_encodable(alignment)
    rendered = [(destination, exporter, exporter.render(alignment, options)) for destination, exporter in destinations]
    pairs = exported_pairs(alignment, options)
    below = {
        index: bead
        for index, bead in enumerate(alignment.beads)
        if bead.is_pair and not bead.confirmed and bead.confidence < options.min_confidence
    }
    unscored = {index for index, bead in below.items() if not bead.scored}
    with_errors = set() if options.keep_errors else error_beads(options.findings)
    files: dict[Path, str | bytes] = {}
    reports = []
    for destination, exporter, contents in rendered:
        counts = (
            (
                len(pairs),
                len(below),
                len(alignment.pairs) - len(pairs) - len(below),
                len(unscored),
                len(unscored & with_errors),
                len(below.keys() & with_errors),
            )
            if exporter.pairs_only
            else (len(alignment.pairs), 0, 0, 0, 0, 0)
        )
        paths = (
            {}
            if str(destination) == STDOUT
            else {suffix: Path(f"{os.fspath(destination)}{suffix}") for suffix in contents}
        )
        files.update({paths[suffix]: content for suffix, content in contents.items() if paths})
        reports.append(ExportReport(exporter.name, tuple(paths.values()), *counts))
    if files:
        write_atomically(files)
    for destination, _, contents in rendered:
        if str(destination) == STDOUT:
            write_stdout(cast(str, contents[""]))  # plan_exports keeps binary formats off stdout
    return reports


def plan_exports(
    destinations: Sequence[tuple[str | os.PathLike[str], Exporter | None]],
    source: Document,
    target: Document,
    inputs: Sequence[str | os.PathLike[str]] = (),
) -> None:
    """SettingsError unless every destination can be written for these documents: call it before long work.

    Checks each destination (see `check_destination`; exporter None: a plain text report), each
    format's own needs (languages, SOURCE_DATE_EPOCH), and that no two outputs, and no output and
    input, are the same file.
    """
    seen = {os.path.realpath(path): "an input" for path in inputs}
    if sum(str(destination) == STDOUT for destination, _ in destinations) > 1:
        raise SettingsError("-: stdout can take only one output")
    for destination, exporter in destinations:
        check_destination(destination, exporter, inputs)
        for suffix in exporter.preflight(source, target) if exporter else ("",):
            if str(destination) == STDOUT:
                continue
            path = f"{os.fspath(destination)}{suffix}"
            real = os.path.realpath(path)
            if real in seen:
                raise SettingsError(f"{path}: is {seen[real]}, cannot also be {_output_name(exporter)}")
            seen[real] = "another output"
            check_destination(path, exporter)


def _output_name(exporter: Exporter | None) -> str:
    return f"the {exporter.name} output" if exporter else "the report"


def document_files(alignment: Alignment) -> tuple[str, ...]:
    """The files the alignment's documents were read from (their names, where such a file exists), which no output
    may overwrite: from Python, `to_html(src.with_suffix(".html"))` of an HTML source replaced the source."""
    names = (alignment.source.name, alignment.target.name)
    return tuple(name for name in names if not name.startswith("<") and os.path.isfile(name))


def gate_reason(alignment: Alignment) -> str | None:
    """Why `alignment` must not go into a translation memory, or None when its document confidence passes."""
    if alignment.confidence >= DOCUMENT_GATE:
        return None
    reason = f"the document confidence is {confidence_text(alignment.confidence, 3)} (below {DOCUMENT_GATE}), "
    if any(map(is_contrast_warning, alignment.warnings)):
        return reason + (
            "so the documents are not translations of each other, or the encoder does not read their languages "
            "well (see the warning about its contrast): a multilingual model may tell"
        )
    return reason + "so the documents are probably not translations of each other"


def check_gate(alignment: Alignment, options: ExportOptions, destination: str | os.PathLike[str]) -> None:
    """GateError when `alignment` must not go into a translation memory (document confidence too low)."""
    reason = gate_reason(alignment)
    if reason and not options.force:
        # confirmations vouch for pairs, not for the documents being translations of each other
        reviewed = (
            "pairs a reviewer confirmed do not lift this gate: " if any(b.confirmed for b in alignment.beads) else ""
        )
        raise GateError(
            f"{destination}: not written: {reason}; {reviewed}check the pair, or override with --force "
            "(force=True in Python)"
        )


def check_output_name(destination: str | os.PathLike[str]) -> None:
    """SettingsError when `destination` names a folder (`-o out/`, or an existing directory), or a name longer than
    its folder allows (stat fails on it): outputs are files."""
    if str(destination).endswith(("/", os.sep)):
        raise SettingsError(f"{destination}: a folder (the name ends with /), give a file name")
    path = Path(destination)
    length, most = len(os.fsencode(path.name)), _name_max(path.parent)
    if length > most:
        raise SettingsError(f"{path}: the file name is {length} bytes long, more than the {most} its folder allows")
    if path.is_dir():
        raise SettingsError(f"{destination}: is a directory, give a file name")


def check_destination(
    destination: str | os.PathLike[str],
    exporter: Exporter | None = None,
    inputs: Sequence[str | os.PathLike[str]] = (),
) -> None:
    """SettingsError unless `exporter` (None: a plain text report) can write to `destination` and it is none of
    the `inputs`: call it before long work."""
    if str(destination) == STDOUT:
        if exporter is None:
            return
        if not exporter.extensions:
            raise SettingsError(f"{exporter.name} writes two files: give an output path prefix, not stdout")
        if exporter.binary:
            raise SettingsError(f"{exporter.name} is a binary format: give an output file, not stdout")
        if sys.stdout is None:
            raise SettingsError("-: stdout is closed")
        return
    check_output_name(destination)
    path = Path(destination)
    # before the permissions: a read-only input is to be kept, not made writable
    if any(os.path.realpath(path) == os.path.realpath(name) for name in inputs):
        raise SettingsError(f"{path}: is an input, cannot also be {_output_name(exporter)}")
    directory = path.parent
    if path.exists() and not path.is_file():
        raise SettingsError(f"{path}: not a regular file (a device, FIFO or socket): give a file name")
    if path.is_file() and (not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK)):
        raise SettingsError(f"{path}: the file is read-only: make it writable (chmod u+w) or give another name")
    if not directory.is_dir():
        if file := file_on_the_path(path):
            raise SettingsError(f"{path}: {file} is a file, not a folder")
        raise SettingsError(f"{path}: the directory {directory} does not exist")
    if not os.access(directory, os.W_OK):
        raise SettingsError(f"{path}: the directory {directory} is not writable")


def exported_indices(alignment: Alignment, options: ExportOptions) -> frozenset[int]:
    """Indices of the beads the pair formats write: translation pairs a reviewer confirmed, and the other pairs
    (edited ones too: an edit is not an approval) at or above `min_confidence` with no error finding on them
    (`error_beads`; or any, with `keep_errors`)."""
    left_out = left_out_reasons(alignment, options)
    return frozenset(index for index, bead in enumerate(alignment.beads) if bead.is_pair and index not in left_out)


def left_out_reasons(alignment: Alignment, options: ExportOptions) -> dict[int, str]:
    """Why the pair formats leave each pair out (`exported_indices`), by bead index: every reason, in one line and
    always in this order: an error finding (`error_beads`, unless `keep_errors`), then a confidence below
    `min_confidence`, which for a pair a reviewer made or rewrote is none the aligner measured (`Bead.scored`)."""
    with_errors = set() if options.keep_errors else error_beads(options.findings)
    reasons = {}
    for index, bead in enumerate(alignment.beads):
        if not bead.is_pair or bead.confirmed:
            continue
        why = ["an error finding"] if index in with_errors else []
        if bead.confidence < options.min_confidence:
            below = f"confidence < {options.min_confidence}"
            why.append(below if bead.scored else f"an edit the aligner did not score ({below}): confirm it")
        if why:
            reasons[index] = "; ".join(why)
    return reasons


def error_beads(findings: Iterable[BeadFinding]) -> set[int]:
    """The beads an error of `findings` is on (`finding_beads`): those a pair format leaves out."""
    return {index for finding in findings if finding.severity == "error" for index in finding_beads(finding)}


class FindingCounts(NamedTuple):
    """A report's findings that count, by severity, and those on beads a reviewer confirmed (`count_findings`)."""

    errors: int
    warnings: int
    on_confirmed: int

    def confirmed_note(self) -> str:
        """', 2 more on beads a reviewer confirmed' for a report's summary line ('' when there are none)."""
        return f", {self.on_confirmed} more on beads a reviewer confirmed" if self.on_confirmed else ""


def counted_findings(alignment: Alignment, findings: Iterable[AnyFinding]) -> tuple[AnyFinding, ...]:
    """The findings that count toward a report's errors and warnings and `aligner check`'s exit status: those on
    beads no reviewer confirmed. A confirmed pair goes into a translation memory whatever the checks find
    (`exported_indices`), so its findings are shown, marked, but not counted; an edited bead's are counted (an
    edit is not an approval)."""
    return tuple(finding for finding in findings if not alignment.beads[finding.bead].confirmed)


def count_findings(alignment: Alignment, findings: Sequence[AnyFinding]) -> FindingCounts:
    """How many of `findings` count (`counted_findings`), by severity, and how many are on confirmed beads."""
    counted = counted_findings(alignment, findings)
    errors = sum(finding.severity == "error" for finding in counted)
    return FindingCounts(errors, len(counted) - errors, len(findings) - len(counted))


def exported_pairs(alignment: Alignment, options: ExportOptions) -> tuple[Bead, ...]:
    """The beads the pair formats write, in document order."""
    kept = exported_indices(alignment, options)
    return tuple(bead for index, bead in enumerate(alignment.beads) if index in kept)


def units_by_role(document: Document, level: Level) -> dict[str, list[int]]:
    """The ids of the document's units of each role (`Unit.role`: notes, text boxes, headers...), roles in the order
    they first come, ids in order; {} for a document of body text only."""
    by_role: dict[str, list[int]] = {}
    for unit in document.units(level):
        if unit.role:
            by_role.setdefault(unit.role, []).append(unit.index)
    return by_role


def has_roles(alignment: Alignment) -> bool:
    """Whether a unit of either document has a role (`Unit.role`: a note, a header...): TSV and XLSX then have a
    role column, which a document without any does not."""
    return any(units_by_role(document, alignment.level) for document in (alignment.source, alignment.target))


def bead_role(alignment: Alignment, bead: Bead) -> str | None:
    """What the units of a bead are, as the TMX, TSV, XLSX and the notebook tables say it: the roles of a side's units
    in order, "body text" among them for body text; said once when every side that has units has the same roles
    ("footnote", or "body text, text box" for a paragraph joined with its text box on both sides), else side by side,
    so that a translator sees which side holds the note ("source: footnote; target: body text"); None for body
    text. `typed_unit_role` reads it back."""
    sides = (("source", alignment.source, bead.source), ("target", alignment.target, bead.target))
    roles = {
        side: tuple(dict.fromkeys(document.units(alignment.level)[i].role for i in ids))
        for side, document, ids in sides
        if ids
    }
    if set(roles.values()) == {(None,)}:
        return None
    said = {side: ", ".join(role or BODY_TEXT for role in side_roles) for side, side_roles in roles.items()}
    if len(set(said.values())) == 1:
        return next(iter(said.values()))
    return "; ".join(f"{side}: {text}" for side, text in said.items())


def typed_unit_role(text: str, side: str) -> Role | None:
    """The role of a unit a reviewer typed into the empty `side` ("source" or "target") of a bead whose role reads
    `text` (`bead_role`'s words, as the XLSX's role cell holds them): the side's own in "source: ...; target: ...",
    else the one the text names; None (body text) for "", "body text" or a side the text does not name. ValueError
    when that is not one role (one unit has one)."""
    from ..types import ROLES

    said = text.strip()
    if ":" in said:
        sides = {}
        for part in said.split(";"):
            name, _, roles = part.partition(":")
            if name.strip().lower() not in ("source", "target"):
                raise ValueError(f"the role {said!r} names no side in {part.strip()!r} (write source: or target:)")
            sides[name.strip().lower()] = roles
        said = sides.get(side, "").strip()
    role = said.lower()
    if role in ("", BODY_TEXT):
        return None
    if role not in ROLES:
        raise ValueError(
            f"the role {text.strip()!r} is not one for the {side} unit typed in: write one of {', '.join(ROLES)} "
            f"(for that unit alone: {side}: {ROLES[0]}), or nothing for body text"
        )
    return role


def _check_encodable(alignment: Alignment) -> None:
    """InputError when a bead's text holds a lone surrogate, which no UTF-8 file can hold."""
    for number, bead in enumerate(alignment.beads):
        for side, text in (("source", bead.source_text), ("target", bead.target_text)):
            surrogate = _SURROGATE.search(text)
            if surrogate:
                document = alignment.source if side == "source" else alignment.target
                raise InputError(
                    f"{document.name}: bead {number} ({side}) has a lone surrogate "
                    f"U+{ord(surrogate.group()):04X}, which UTF-8 cannot encode"
                )


def language_of(document: Document, side: str) -> str:
    """The language tag of the "source" or "target" document; SettingsError when unknown."""
    from ..language import unknown_language_message

    if not document.language:
        option = "source_language=" if side == "source" else "target_language="
        flag = "--src-lang" if side == "source" else "--tgt-lang"
        raise SettingsError(unknown_language_message(document, side, f"{option} to aligner.align ({flag} in the CLI)"))
    return document.language


def drop_forbidden_characters(text: str) -> str:
    """`text` without the characters XML 1.0 (and HTML) do not allow, such as most C0 controls."""
    return _FORBIDDEN_CHARACTERS.sub("", text)


def format_number(value: float) -> str:
    """A float as the shortest text that reads back to the same float (so exports round-trip)."""
    return repr(float(value))


def write_atomically(files: Mapping[Path, str | bytes | Iterable[str]]) -> None:
    """Write every file (text as UTF-8, or bytes, or text in pieces) to a temporary sibling first, then
    rename them all into place, in the order given.

    A symbolic link is written through (the file it points at is replaced; the link stays).
    """
    temporaries: list[tuple[str, Path]] = []
    current = next(iter(files))
    try:
        for current, content in files.items():
            target = Path(os.path.realpath(current))
            handle, temporary = tempfile.mkstemp(
                prefix=_temporary_prefix(target.name), suffix=".part", dir=target.parent
            )
            temporaries.append((temporary, target))
            pieces = [content] if isinstance(content, (str, bytes)) else content
            with os.fdopen(handle, "wb") as stream:
                for piece in pieces:
                    stream.write(piece if isinstance(piece, bytes) else piece.encode("utf-8"))
            os.chmod(temporary, _mode_for(target))
        for temporary, target in temporaries:
            os.replace(temporary, target)
    except OSError as error:
        raise SettingsError(f"{current}: cannot write ({error.strerror or error})") from error
    except UnicodeEncodeError as error:
        raise InputError(
            f"{current}: the text has a character UTF-8 cannot encode (U+{ord(error.object[error.start]):04X})"
        ) from error
    finally:
        for temporary, _ in temporaries:
            if os.path.exists(temporary):
                os.unlink(temporary)


# Of a temporary sibling's name, what is the output's name: with the dot before it and mkstemp's random part and
# ".part" after it, it stays within the 255 bytes a file name may have, whatever the output's name.
_TEMPORARY_NAME_BYTES = 200


# A temporary sibling's whole name: ".NAME." + mkstemp's 8 random characters + ".part".
_TEMPORARY_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.part", re.S)


def is_temporary(name: str, of: str | None = None) -> bool:
    """True for the name of a temporary sibling `write_atomically` makes (and leaves when killed while writing),
    of the output named `of` if given."""
    return _TEMPORARY_NAME.fullmatch(name) is not None and (of is None or name.startswith(_temporary_prefix(of)))


def _temporary_prefix(name: str) -> str:
    """ ".NAME." for `name`'s temporary sibling, NAME cut to _TEMPORARY_NAME_BYTES (a valid name of 255 bytes gave
    a temporary name too long for the folder)."""
    while len(os.fsencode(name)) > _TEMPORARY_NAME_BYTES:
        name = name[:-1]
    return f".{name}."


def _name_max(directory: Path) -> int:
    """The most bytes a file name may have in `directory` (255 on the usual file systems)."""
    try:
        return os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no pathconf (Windows), or the file system will not say
        return 255


def _mode_for(target: Path) -> int:
    """The permissions of a file written to `target`: those of the file it replaces (a TM made private stays
    private), else an ordinary new file's (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode) & 0o777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_stdout(text: str) -> None:
    """Write `text` to stdout as UTF-8; SettingsError when stdout is closed or full (BrokenPipeError passes)."""
    if sys.stdout is None:
        raise SettingsError("-: stdout is closed")
    buffer = getattr(sys.stdout, "buffer", None)
    try:
        if buffer is None:  # e.g. a notebook's stream
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise SettingsError(f"-: cannot write to stdout ({error.strerror or error})") from error
