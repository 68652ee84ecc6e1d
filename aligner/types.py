"""The plain, immutable data that flows through the pipeline and that every exporter reads."""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

if TYPE_CHECKING:
    import pandas

Level = Literal["paragraph", "sentence"]
LEVELS: tuple[Level, ...] = ("paragraph", "sentence")

# What a file's units are: paragraphs (split into sentences), or lines kept as they are (`aligner.read`).
Units = Literal["paragraphs", "lines"]
UNITS: tuple[Units, ...] = ("paragraphs", "lines")

# The most units one side of a bead may have, by default: translators of novels and yearbooks join or split up to
# five or six sentences into one (the dev pool's gold has 1-5, 1-6, 2-4 and 3-3 beads).
DEFAULT_MAX_UNITS = 5

# How the texts of several units in one bead are joined for display and export.
UNIT_JOINERS: dict[Level, str] = {"paragraph": "\n", "sentence": " "}
# The names `aligner.read` gives a document that is no file: a str, a list of units, a list of lists of sentences.
UNNAMED = ("<text>", "<units>", "<sentences>")

# Who decided a bead: the aligner ("auto"), or a reviewer who confirmed it as it is or edited it.
Status = Literal["auto", "confirmed", "edited"]
STATUSES: tuple[Status, ...] = ("auto", "confirmed", "edited")

# What a paragraph is when it is no body text: a note or a text box, read after the paragraph that holds its mark or
# anchor ("note": a note its file does not say is a footnote or an endnote), or a page header or footer, read after
# the body.
Role = Literal["footnote", "endnote", "note", "text box", "header", "footer"]
ROLES: tuple[Role, ...] = ("footnote", "endnote", "note", "text box", "header", "footer")


@dataclass(frozen=True, slots=True)
class Unit:
    """One paragraph or sentence of a document.

    `text` is the unit as a reader sees it: markup removed, hard-wrapped lines
    joined, otherwise the document's own characters. It is what gets embedded
    and what every export writes.
    """

    index: int
    text: str
    paragraph: int  # index of the paragraph the unit belongs to (its own index for paragraphs)
    role: Role | None = None  # a note, a text box, a header... (a sentence: its paragraph's); None: body text

    def __post_init__(self) -> None:
        if self.index < 0 or self.paragraph < 0:
            raise ValueError(f"unit indices must be >= 0, got index={self.index}, paragraph={self.paragraph}")
        if self.role is not None and self.role not in ROLES:
            raise ValueError(f"unit {self.index}: role must be one of {', '.join(ROLES)} or None, got {self.role!r}")


# Not slots=True: the sentences may be split on first use, and are then kept in the instance's __dict__.
@dataclass(frozen=True)
class Document:
    """A document split into paragraphs and sentences.

    `name` says where it came from (a path, or "<text>"), for messages and exports.
    `language` is a BCP 47 tag: as the user gave it ("en-US"), or as detected ("en"); None when
    it was not given and the text did not say clearly enough. `language_confidence` is the
    detector's probability for a detected language (for an unknown one: of its best guess, which
    was too low); None when the language was given. `segmentation` names how the paragraphs were split into
    sentences ("given" when they came split; see `aligner.segment`), for the signature of an alignment.
    `lines` is True for a document read one unit per line (`units="lines"`): its paragraphs and sentences are
    its lines, and every message, summary and export calls them lines (`unit_name`).

    `sentences` may be given as a function that makes them (see `aligner.segment.build_document`): it is
    called once, on the first use of `document.sentences`, so that a paragraph alignment never pays for
    sentence segmentation. Equality, hashing, `dataclasses.replace` and pickling see the sentences; `repr` is
    one line (name, language, how many units, the start of the text), not the whole text.
    """

    name: str
    language: str | None
    paragraphs: tuple[Unit, ...]
    sentences: tuple[Unit, ...]  # or, when made, a function that makes them (see above)
    language_confidence: float | None = None
    segmentation: str = "given"
    lines: bool = False

    def __post_init__(self) -> None:
        for expected, unit in enumerate(self.paragraphs):
            if unit.index != expected or unit.paragraph != expected:
                raise ValueError(f"{self.name}: paragraph {expected} has index {unit.index}/{unit.paragraph}")
        if self.language_confidence is not None and not 0.0 <= self.language_confidence <= 1.0:
            raise ValueError(f"{self.name}: language_confidence must be in [0, 1], got {self.language_confidence}")
        given = self.__dict__.pop("sentences")
        if callable(given):  # until first use, `sentences` is looked up on the class: _SentencesOnFirstUse
            self.__dict__["_split"] = given
        else:
            self.__dict__["sentences"] = self._checked_sentences(given)

    def _checked_sentences(self, sentences: Sequence[Unit]) -> tuple[Unit, ...]:
        for expected, unit in enumerate(sentences):
            if unit.index != expected:
                raise ValueError(f"{self.name}: sentence {expected} has index {unit.index}")
            if not 0 <= unit.paragraph < len(self.paragraphs):
                raise ValueError(f"{self.name}: sentence {expected} points at missing paragraph {unit.paragraph}")
            if unit.role != self.paragraphs[unit.paragraph].role:
                raise ValueError(f"{self.name}: sentence {expected} has role {unit.role!r}, its paragraph another")
        return tuple(sentences)

    def __repr__(self) -> str:
        from .display import counted

        split = "sentences" in self.__dict__
        sentences = counted(len(self.sentences), "sentence") if split else "sentences not split yet"
        start = self.paragraphs[0].text if self.paragraphs else ""
        start = start if len(start) <= 40 else start[:39] + "\u2026"
        paragraphs = len(self.paragraphs)
        units = counted(paragraphs, "line") if self.lines else f"{counted(paragraphs, 'paragraph')}, {sentences}"
        return f"Document({self.name!r}, {self.language!r}, {units}: {start!r})"

    def __getstate__(self) -> dict:
        """The sentences made before pickling, so that a segmenter never needs to be pickled."""
        _ = self.sentences
        return dict(self.__dict__)

    def message_name(self, side: str) -> str:
        """What a message calls the document: its `name`, or "the source"/"the target" (`side`) for a text or list
        given in memory, whose names (`UNNAMED`) would read as "<units> and <units> are both in English"."""
        return f"the {side}" if self.name in UNNAMED else self.name

    @property
    def file_name(self) -> str:
        """`name` without its folders: what a file made for someone else (a TMX, a report) says of the document, no
        local path in it."""
        return PurePath(self.name).name

    def unit_name(self, level: Level) -> str:
        """What the units of `level` are called for a reader: "line" in a document read one unit per line, else
        the level's own name ("paragraph", "sentence")."""
        return "line" if self.lines else level

    def units(self, level: Level) -> tuple[Unit, ...]:
        if level == "paragraph":
            return self.paragraphs
        if level == "sentence":
            return self.sentences
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")


class _SentencesOnFirstUse:
    """`Document.sentences` of a document whose sentences are not split yet: splits them (once) and keeps
    them in the instance, where later lookups find them first."""

    def __get__(self, document: Document | None, owner: type | None = None) -> object:
        if document is None:
            return self
        sentences = document._checked_sentences(document.__dict__["_split"]())
        document.__dict__["sentences"] = sentences
        del document.__dict__["_split"]
        return sentences


Document.sentences = _SentencesOnFirstUse()  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Bead:
    """One step of an alignment: some source units paired with some target units.

    `source` and `target` are 0-based unit indices, consecutive and increasing;
    one of them is empty for a unit with no counterpart (a 1-0 or 0-1 bead).
    `confidence` is the probability that the bead is right: for a pair, that the
    texts translate each other; for a 1-0/0-1 bead, that the unit really has no
    counterpart. `similarity` is the raw cosine of the two sides' embeddings
    (0.0 for 1-0/0-1 beads). `status` says whether a reviewer confirmed or
    edited the bead (see `aligner.load`); a bead a reviewer made (merged, split, detached: units the aligner
    never paired so) or whose text a reviewer changed has confidence 0.0, not scored (`scored`): the aligner never
    measured it as it now is. A reviewer may confirm such a bead too (`reviewer_changed`).
    `notes` say what the reader should know about how the bead was made, e.g. that
    a unit too long for the encoder was embedded in chunks.
    """

    source: tuple[int, ...]
    target: tuple[int, ...]
    source_text: str
    target_text: str
    confidence: float
    similarity: float = 0.0
    status: Status = "auto"
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, got {self.status!r}")
        if not self.source and not self.target:
            raise ValueError("a bead needs at least one unit")
        for side in (self.source, self.target):
            if any(b != a + 1 for a, b in itertools.pairwise(side)):
                raise ValueError(f"bead units must be consecutive, got {side}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence}")

    @property
    def kind(self) -> str:
        """The bead type, e.g. "1-1", "2-1", "0-1"."""
        return f"{len(self.source)}-{len(self.target)}"

    @property
    def is_pair(self) -> bool:
        """True when both sides have units (a translation pair, not an omission/addition)."""
        return bool(self.source) and bool(self.target)

    @property
    def scored(self) -> bool:
        """False for a bead a reviewer made from units the aligner did not pair so, or whose text a reviewer
        changed: edited (or then confirmed), confidence 0.0, never computed. A TM export with a `min_confidence`
        above 0 leaves such a pair out until a reviewer confirms it."""
        return self.status == "auto" or self.confidence > 0.0

    @property
    def reviewer_changed(self) -> bool:
        """True when a reviewer changed the bead (its units or its text), confirmed since or not: its similarity
        and confidence are not the aligner's measure of it as it now is (an edited bead, a confirmed one not
        scored)."""
        return self.status == "edited" or not self.scored

    @property
    def confirmed(self) -> bool:
        """True when a reviewer confirmed the bead as it is: the pair formats write it whatever the checks found
        (an edit alone is not an approval)."""
        return self.status == "confirmed"


@dataclass(frozen=True, slots=True)
class UnitEmbeddings:
    """The embeddings the aligner used for the units of both documents at the alignment's level:
    float32[units, dim], rows L2-normalised, in document order (row k is unit k). `model` names the encoder."""

    model: str
    source: np.ndarray
    target: np.ndarray

    def __post_init__(self) -> None:
        """Read-only views: an Alignment is frozen, and an in-place edit of its embeddings (`x -= x.mean(0)` in a
        notebook) changed what its checks found."""
        import numpy as np

        for name in ("source", "target"):
            view = np.asarray(getattr(self, name)).view()
            view.flags.writeable = False
            object.__setattr__(self, name, view)

    def __reduce__(self) -> tuple[type[UnitEmbeddings], tuple[str, np.ndarray, np.ndarray]]:
        """Pickled (and copied) through `__init__`: pickle gives numpy arrays back writeable, so an alignment sent to a
        worker process or saved with pickle had embeddings a notebook could change in place again."""
        return UnitEmbeddings, (self.model, self.source, self.target)


@dataclass(frozen=True, slots=True)
class Alignment:
    """The result of aligning two documents: beads in document order, plus how sure we are.

    `confidence` is the probability that the two documents translate each other.
    `signature` names the settings, model and version that produced the result.
    `warnings` are notes about the whole alignment for the reviewer, shown in the review page and on stderr
    by the CLI (e.g. a language the encoder does not know).
    `embeddings` are the units' embeddings the alignment was made with, which the checks reuse; None for an
    alignment read back from a file. They take no part in equality and are written by no exporter.
    `pair_similarity` is the median and spread of the pairs' similarities as aligned, which the `weak` check
    measures a pair against; read back from a file that has it, so that a reviewer's edits to some beads do not
    move the others' findings (None: the checks take them from the beads; see `aligner.checks.pair_similarity`).
    """

    source: Document
    target: Document
    level: Level
    beads: tuple[Bead, ...]
    confidence: float
    signature: str = ""
    warnings: tuple[str, ...] = ()
    embeddings: UnitEmbeddings | None = field(default=None, compare=False, repr=False)
    pair_similarity: tuple[float, float] | None = field(default=None, compare=False, repr=False)
    # the findings of `check()` with its defaults, kept by the first writer that runs it: `to_tmx` then `to_xlsx` and
    # `to_html` checked a book three times (about 2 s each for 472 beads); `dataclasses.replace` starts without them
    _default_findings: tuple[Finding, ...] | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence}")

    @property
    def pairs(self) -> tuple[Bead, ...]:
        """The beads that pair source with target text (no 1-0/0-1)."""
        return tuple(bead for bead in self.beads if bead.is_pair)

    def to_records(self) -> list[dict]:
        """One plain dict per bead, the columns of `to_dataframe`: `bead_record`'s and a last one, "role", what the
        bead's units are as the TSV says it ("footnote", "body text, text box": `aligner.export.bead_role`), and
        "body text" for a bead of body text, whose TSV cell is empty, so that `role == "body text"` finds those beads.
        Every alignment has the same columns, notes or not: records of several documents go into one table."""
        from .export import BODY_TEXT, bead_role

        return [{**bead_record(bead), "role": bead_role(self, bead) or BODY_TEXT} for bead in self.beads]

    def to_dataframe(self) -> pandas.DataFrame:
        """A pandas DataFrame with one row per bead (needs the `pandas` extra): the columns of `to_records`, except
        that the unit ids and the notes are tuples, as in `Bead` (a list is no value pandas can hash: `drop_duplicates`,
        `merge` or `groupby` on the ids failed, and `frame.source[k] == bead.source` was False), and that a bead a
        reviewer made or rewrote, which the aligner never measured as it now is (`Bead.scored`: 0.0 in the records,
        the JSONL and the TMX), has NaN for its confidence and similarity, as pandas marks a missing value:
        `frame.confidence.mean()` and `frame[frame.confidence < 0.5]` leave it out, and the table says NaN, not 0.0."""
        try:
            import pandas
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe needs pandas: pip install 'aligner[pandas]'") from error
        records = self.to_records()
        for record, bead in zip(records, self.beads):
            record.update(source=bead.source, target=bead.target, notes=bead.notes)
            if not bead.scored:
                record["confidence"] = record["similarity"] = float("nan")
        return pandas.DataFrame.from_records(records, columns=[*_RECORD_COLUMNS, "role"])

    def __repr__(self) -> str:
        from .display import alignment_text

        return alignment_text(self)

    def _repr_html_(self) -> str:
        from .display import alignment_html

        return alignment_html(self)

    def check(self, **options: Any) -> tuple[Finding, ...]:
        """Consistency checks for translators, a tuple of `Finding` sorted by bead, errors first: omission,
        addition, moved, low-confidence, numbers, untranslated, language, length, weak, absorbed, order, inconsistent
        (see `aligner.checks`). `options` are the fields of `aligner.CheckOptions`: `checks=("numbers",)` runs some,
        `low_confidence_below=0.5` sets when a pair is an uncertain one. A finding's `bead` indexes `beads` (from 0);
        its `message` numbers units from 1, as people read them; `pandas.DataFrame([f.to_dict() for f in findings])`
        is a table of them."""
        from .checks import check

        return check(self, **options)

    def to_tmx(
        self,
        path: str | os.PathLike[str],
        *,
        min_confidence: float = 0.0,
        findings: Sequence[Finding] | None = None,
        keep_errors: bool = False,
        force: bool = False,
    ) -> ExportReport:
        """Write the pairs at or above `min_confidence` as a TMX 1.4 translation memory.

        Refused (`GateError`) when the document confidence is below 0.5, unless `force`; the same holds for
        every translation-memory format. The pairs with an error finding of the checks are left out (unless
        `keep_errors`) and the findings on the others named (`x-findings`), as `aligner align -o pair.tmx` does (the
        same bytes): `findings` not given (None) runs `alignment.check()`; give the findings of a `check()` of your
        own (other options, another `model=`) to use them, or `findings=()` for no check at all (every pair goes in).
        """
        return self._export(
            path, "tmx", min_confidence=min_confidence, findings=findings, keep_errors=keep_errors, force=force
        )

    def to_tsv(
        self,
        path: str | os.PathLike[str],
        *,
        min_confidence: float = 0.0,
        findings: Sequence[Finding] | None = None,
        keep_errors: bool = False,
        force: bool = False,
    ) -> ExportReport:
        """Write the pairs at or above `min_confidence` as TSV (source, target, confidence, ids, status); `findings`
        (None: `alignment.check()` runs) and `keep_errors` as for `to_tmx`."""
        return self._export(
            path, "tsv", min_confidence=min_confidence, findings=findings, keep_errors=keep_errors, force=force
        )

    def to_jsonl(self, path: str | os.PathLike[str]) -> ExportReport:
        """Write every bead as JSON Lines, after a metadata record (see `aligner.export.jsonl`)."""
        return self._export(path, "jsonl")

    def to_moses(
        self,
        path: str | os.PathLike[str],
        *,
        min_confidence: float = 0.0,
        findings: Sequence[Finding] | None = None,
        keep_errors: bool = False,
        force: bool = False,
    ) -> ExportReport:
        """Write the pairs at or above `min_confidence` as `path.<src-lang>` and `path.<tgt-lang>`; `findings` (None:
        `alignment.check()` runs) and `keep_errors` as for `to_tmx`."""
        return self._export(
            path, "moses", min_confidence=min_confidence, findings=findings, keep_errors=keep_errors, force=force
        )

    def to_xlsx(
        self, path: str | os.PathLike[str], *, findings: Sequence[Finding] | None = None, force: bool = False
    ) -> ExportReport:
        """Write the bilingual spreadsheet (every bead, with `findings`; None: `alignment.check()` runs, `()`: none) to
        edit and read back with `aligner.load`."""
        return self._export(path, "xlsx", findings=findings, force=force)

    def to_html(
        self,
        path: str | os.PathLike[str],
        *,
        min_confidence: float = 0.0,
        review_threshold: float = 0.5,
        findings: Sequence[Finding] | None = None,
    ) -> ExportReport:
        """Write the self-contained review and editor page, with `findings` shown on their beads (None:
        `alignment.check()` runs, as `aligner align -o review.html` does; `()`: none)."""
        return self._export(
            path, "html", min_confidence=min_confidence, review_threshold=review_threshold, findings=findings
        )

    def _checked(self) -> tuple[Finding, ...]:
        """`check()` with its defaults, run once for all of this alignment's writers."""
        findings = self._default_findings
        if findings is None:
            findings = self.check()
            object.__setattr__(self, "_default_findings", findings)
        return findings

    def _export(self, path: str | os.PathLike[str], format: str, **options: Any) -> ExportReport:
        from .export import ExportOptions, export
        from .paths import expand_home

        if "findings" in options:
            options["findings"] = (
                self._checked() if options["findings"] is None else _findings_argument(options["findings"])
            )
        # `~` the home folder, as for a document or a model: "~/pair.tmx" from a notebook was "the directory ~ does
        # not exist" (a shell expands it on the command line, and "-" is standard output as there)
        return export(self, expand_home(path), format, ExportOptions(**options))


def bead_record(bead: Bead) -> dict:
    """A bead as a plain dict, ids and notes as lists: a row of `Alignment.to_records` and the fields of a JSONL bead
    record (which has no role: the JSONL's first record gives the units of each role)."""
    return {
        "source": list(bead.source),
        "target": list(bead.target),
        "kind": bead.kind,
        "confidence": bead.confidence,
        "similarity": bead.similarity,
        "source_text": bead.source_text,
        "target_text": bead.target_text,
        "status": bead.status,
        "notes": list(bead.notes),
    }


def _findings_argument(findings: object) -> tuple[Finding, ...]:
    """An export's `findings=` as given: Finding objects (`alignment.check()`); SettingsError otherwise."""
    from .errors import SettingsError, shown

    if isinstance(findings, (str, bytes)) or not hasattr(findings, "__iter__"):
        raise SettingsError(f"findings must be Finding objects, as alignment.check() gives, got {shown(findings)}")
    given = tuple(findings)
    if not all(isinstance(finding, Finding) for finding in given):
        raise SettingsError("findings must be Finding objects, as alignment.check() gives")
    return given


_RECORD_COLUMNS = (
    "source",
    "target",
    "kind",
    "confidence",
    "similarity",
    "source_text",
    "target_text",
    "status",
    "notes",
)


Severity = Literal["error", "warning"]
EvidenceValue = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What an export wrote. A pair left out is counted once, in `pairs_left_out` when it is below `min_confidence`
    (whatever its findings), else in `errors_left_out`: every pair left out is `pairs_left_out + errors_left_out`, and
    `pairs_written` plus both is every pair of the alignment. A format that writes every bead (JSONL, HTML, XLSX)
    leaves none out.

    - `format`, `paths`: the format's name and the files written (empty for stdout).
    - `pairs_written`: the pairs in the files.
    - `pairs_left_out`: the pairs left out for a confidence below `min_confidence` only, not the total;
      `below_errors_left_out` of them have an error finding too; `edited_left_out` of them are pairs a reviewer made
      or rewrote, which the aligner did not score (`Bead.scored`: confidence 0), and `edited_errors_left_out` of those
      have an error finding too.
    - `errors_left_out`: the pairs at or above `min_confidence` left out for an error finding (none with
      `keep_errors`).
    """

    format: str
    paths: tuple[Path, ...]
    pairs_written: int
    pairs_left_out: int  # below min_confidence: not every pair left out (+ errors_left_out)
    errors_left_out: int = 0
    edited_left_out: int = 0
    edited_errors_left_out: int = 0
    below_errors_left_out: int = 0


@dataclass(frozen=True, slots=True)
class Finding:
    """Something in an alignment that looks wrong to a consistency check, pointed at one bead.

    `check` names the check (e.g. "numbers"), `bead` is a 0-based index into `Alignment.beads`
    (the JSON report's `bead_index`; people read it as `bead + 1`, the report's `bead_number`),
    `message` says what is wrong in words a translator understands (numbering units from 1), and `evidence`
    holds what the check saw, as (name, value) pairs, e.g. (("source", ("150", "744")), ("target", ("150", "774"))).
    """

    check: str
    severity: Severity
    bead: int
    message: str
    evidence: tuple[tuple[str, EvidenceValue], ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in ("error", "warning"):
            raise ValueError(f"severity must be 'error' or 'warning', got {self.severity!r}")
        if self.bead < 0:
            raise ValueError(f"bead must be an index >= 0, got {self.bead}")

    def __str__(self) -> str:
        """One line to read, `print(*alignment.check(), sep="\n")`: "error numbers at beads[3]: Numbers differ: ..."
        (the bead as Python indexes it, the units in the message as people count them, from 1); `repr` is the data."""
        return f"{self.severity} {self.check} at beads[{self.bead}]: {self.message}"

    def to_dict(self) -> dict:
        """A plain dict for JSON: the bead as `bead_index` (0-based, as `bead`) and `bead_number` (from 1, as the text
        report and the messages count), evidence as a mapping, tuples as lists."""
        return {
            "check": self.check,
            "severity": self.severity,
            "bead_index": self.bead,
            "bead_number": self.bead + 1,
            "message": self.message,
            "evidence": {name: list(value) if isinstance(value, tuple) else value for name, value in self.evidence},
        }

    @classmethod
    def from_dict(cls, record: dict) -> Finding:
        """The finding `to_dict` gave, e.g. read back from JSON (its lists as tuples; `bead_number` is not read)."""
        evidence = tuple(
            (name, tuple(value) if isinstance(value, list) else value) for name, value in record["evidence"].items()
        )
        return cls(record["check"], record["severity"], record["bead_index"], record["message"], evidence)
