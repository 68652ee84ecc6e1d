"""`aligner batch`: align a corpus of document pairs into a folder of outputs.

OUT_DIR after a run:

    pairs/NAME.jsonl, pairs/NAME.tmx, ...   each pair in every format asked for (and its review page: .html)
    merged.tmx                              every pair's TUs, each with the pair's name as `x-document`
    merged.tsv                              with tsv: every pair's rows, after its name and languages
    merged.SRC-TGT.SRC, merged.SRC-TGT.TGT  with moses: the lines of every pair of languages SRC into TGT
    summary.tsv, summary.json               one row per pair: languages, confidence, beads, pairs left
                                            out of its TMX (an error finding, or below --min-confidence), check
                                            errors and warnings, the alignment's own warnings (too
                                            short to tell ...), seconds, status (aligned, failed, or
                                            refused: below the TM gate), the error message
    index.html                              every pair, worst first (pairs with an error finding before the
                                            others), linked to its review page (without html: `_linked`)
    .aligner-batch/NAME.json, NAME.tus      the state of each finished pair (its summary row, its TUs,
    .aligner-batch/NAME.jsonl, NAME.findings   its alignment as `--format jsonl` writes it, its check findings)
    .aligner-batch/lock                     held by the batch writing into OUT_DIR (one at a time)
    .aligner-batch/merged                   the merged files the last run wrote (a later one removes those it does
                                            not write: moses no longer asked for, a language pair gone)

Each pair's files are written atomically as soon as the pair is aligned, its
summary row last, so a summary row means the pair is complete; that of an earlier run is removed first, then its
files that this run does not write. `--resume` skips the pairs (aligned, or refused a translation memory) whose
state matches this run's alignment settings and inputs (`RenderJob.alignment_key`): their outputs are kept when this
run asks for the same ones (`RenderJob.export_key`) and they are all there, else written again by the workers from the
kept alignment and findings (`KeptPair`), without encoding anything (the same bytes as a run that aligns them: a
loaded alignment renders as the one it was saved from). The merged files are always rebuilt, in input order, from the
states (merged.tmx) and the pairs' own TSV and Moses files, so they are the same whatever the engine, the worker count
and the order pairs finished in, and hold what the pairs' files hold: no pair refused a translation memory or failed,
and each pair's left out as from its own files. Only the `seconds` column changes from run to run (a pair exported
again keeps the seconds it took to align).
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .batch import Job, PairInput, WorkerLost, align_task, document_name, run_tasks, worker_encoder
from .display import confidence_text
from .embed import model_name
from .embed_cache import checkpoint
from .errors import AlignerError, InputError, SettingsError, first_line
from .export import (
    EXPORTERS,
    ExportOptions,
    exported_indices,
    format_number,
    gate_reason,
    is_temporary,
    write_atomically,
)
from .paths import normalised_path
from .types import Alignment, Finding, Units

if TYPE_CHECKING:
    from .counterparts import Pairing

DEFAULT_FORMATS = ("jsonl", "tmx")
STATE_DIR = ".aligner-batch"
LOCK_FILE = "lock"  # in STATE_DIR: held by the batch writing into OUT_DIR
PAIRS_DIR = "pairs"
SUMMARY_COLUMNS = (
    "pair",
    "status",
    "source_language",
    "target_language",
    "confidence",
    "beads",
    "pairs",
    "left_out",
    "errors",
    "warnings",
    "document_warnings",
    "seconds",
    "source",
    "target",
    "message",
)
MERGED_TMX, MERGED_TSV = "merged.tmx", "merged.tsv"
MERGED_STATE = "merged"  # in STATE_DIR: the merged files the last run wrote, one a line
SUMMARY_FILES = ("summary.tsv", "summary.json", "index.html")  # rebuilt in OUT_DIR by every run, as the merged files
# A pair's state files, by suffix: one dot each, so that no pair's is another's (pair a's a.findings, a.findings's
# a.findings.json)
SUMMARY_ROW, TUS, ALIGNMENT, FINDINGS = ".json", ".tus", ".jsonl", ".findings"
_UNSAFE = re.compile(r"[^\w.-]+")


@dataclass(frozen=True, slots=True)
class RenderJob(Job):
    """A `Job` that also renders each pair: the per-pair formats and the export threshold; `force` also writes
    the translation memories of a pair below the gate (as `aligner align --force`)."""

    formats: tuple[str, ...] = DEFAULT_FORMATS
    min_confidence: float = 0.0
    keep_errors: bool = False
    distinct_languages: bool = True  # as `aligner align`: two documents in the same language are refused
    # The model as `key` names it, worked out once when the job is made (a folder's digest reads its files).
    model_label: str = field(default="", init=False, compare=False)

    def __post_init__(self) -> None:
        Job.__post_init__(self)
        unknown = [name for name in self.formats if name not in EXPORTERS]
        if unknown or not self.formats:
            raise SettingsError(f"--format {','.join(self.formats)}: choose from {', '.join(EXPORTERS)}")
        ExportOptions(min_confidence=self.min_confidence)  # validates it
        # a folder by its name and digest, as the signature: a model retrained into the same folder makes other
        # outputs, which --resume kept when the key named the folder's path only
        object.__setattr__(self, "model_label", "use" if self.model is None else model_name(self.model))

    @property
    def alignment_key(self) -> str:
        """What decides a pair's alignment and findings: a pair aligned with another is aligned again on --resume."""
        return (
            f"aligner {__version__}|level:{self.level}|max:{self.max_units}|model:{self.model_label}"
            f"|force:{self.force}|cache:{self.cache is not None}|units:{self.source_units},{self.target_units}"
            f"|notes:{self.notes}"
        )

    @property
    def export_key(self) -> str:
        """What decides a pair's outputs from its alignment and findings: another is written again on --resume."""
        return f"formats:{','.join(self.formats)}|min:{self.min_confidence}|keep-errors:{self.keep_errors}"


@dataclass(frozen=True, slots=True)
class PairReport:
    """What a worker sends back for one pair: its summary row, its files (path in OUT_DIR -> content), its state
    files other than the summary row (suffix -> content: its TUs, alignment and findings; none for a failed pair), and
    whether it was exported from a kept state (`KeptPair`) rather than aligned."""

    record: dict[str, Any]
    files: dict[str, str | bytes]
    state: dict[str, str | bytes]
    exported: bool = False


@dataclass(frozen=True, slots=True)
class KeptPair(PairInput):
    """A pair an earlier run aligned with this run's settings, with the state it kept (its alignment as JSONL, its
    findings as JSON), sent to a worker to be exported again without aligning: a cluster's worker has no OUT_DIR."""

    alignment: str = ""
    findings: str = ""


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """How a batch went: document pairs aligned, refused a translation memory (below the gate), failed, and skipped
    because `--resume` found them aligned with the same settings, and how many of those were exported again (another
    `--format`, `--min-confidence` or `--keep-errors`, or an output missing); the translation pairs of the aligned
    documents, and how many of them were left out of the translation memories (an error finding, or below
    --min-confidence); how many files of an earlier run into the folder were removed, as this run does not write
    them (a format no longer asked for, the TMX of a pair now refused one, the files of a pair now failed, the merged
    Moses files of languages no pair has now); the merged files of translation pairs it wrote; each failed pair's name
    and message (as summary.tsv has it), in input order; and how many pairs this run started again because a worker
    process died holding them."""

    aligned: int
    refused: int
    failed: int
    resumed: int
    exported: int = 0
    pairs: int = 0
    left_out: int = 0
    removed: int = 0
    merged: tuple[str, ...] = ()  # the merged files of translation pairs written in OUT_DIR, merged.tmx first
    failures: tuple[tuple[str, str], ...] = ()
    retried: int = 0


def output_paths(name: str, formats: Sequence[str]) -> dict[str, str]:
    """The base path (in OUT_DIR) of each format's file for pair `name` (Moses adds `.<lang>` to its base)."""
    stem = f"{PAIRS_DIR}/{safe_name(name)}"
    return {fmt: stem + (EXPORTERS[fmt].extensions[0] if EXPORTERS[fmt].extensions else "") for fmt in formats}


def safe_name(name: str) -> str:
    """`name` as a file name: runs of characters other than letters, digits, `.`, `-`, `_` become `_`."""
    return _UNSAFE.sub("_", name).strip("._") or "pair"


def batch_task(pair: PairInput, job: RenderJob) -> PairReport:
    """On a worker: export a `KeptPair` again from its state, or align and render a pair (a kept pair too, when its
    state does not read back)."""
    if isinstance(pair, KeptPair):
        from .corrections import alignment_from_jsonl

        try:
            alignment = alignment_from_jsonl(pair.alignment, f"{STATE_DIR}/{safe_name(pair.name)}{ALIGNMENT}")
            findings = [Finding.from_dict(finding) for finding in json.loads(pair.findings)]
        except (AlignerError, ValueError, KeyError, TypeError, AttributeError):
            pass  # a state file edited or cut short: the pair is aligned again, as one without a state
        else:
            return replace(_exported(pair, job, alignment, findings, _record(pair, job, 0.0)), exported=True)
    return render_task(pair, job)


def render_task(pair: PairInput, job: RenderJob) -> PairReport:
    """On a worker: align the pair, run the checks, render every format and the merged TMX's TUs."""
    result = align_task(pair, job)
    record = _record(pair, job, result.seconds)
    if result.alignment is None:  # not result.ok
        return PairReport(record | {"message": result.error}, {}, {})
    alignment = result.alignment
    return _exported(pair, job, alignment, alignment.check(model=worker_encoder(job)), record)


def _exported(
    pair: PairInput, job: RenderJob, alignment: Alignment, findings: Sequence[Finding], record: dict[str, Any]
) -> PairReport:
    """The pair's report from its alignment and findings: every format, the merged TMX's TUs, the state files."""
    try:
        return _rendered(pair, job, alignment, tuple(findings), record)
    except AlignerError as error:  # e.g. a language neither given nor detectable, which TMX needs
        return PairReport(record | {"message": first_line(error)}, {}, {})


def _rendered(
    pair: PairInput, job: RenderJob, alignment: Alignment, findings: tuple[Finding, ...], record: dict[str, Any]
) -> PairReport:
    from .export.tmx import translation_units

    severities = Counter(finding.severity for finding in findings)
    options = ExportOptions(
        min_confidence=job.min_confidence, findings=findings, keep_errors=job.keep_errors, force=job.force
    )
    reason = gate_reason(alignment)
    gated = reason is not None and not job.force  # as `aligner align`: no TM for such a pair
    rendered = {
        fmt: EXPORTERS[fmt].render(alignment, options)
        for fmt in job.formats
        if not (gated and EXPORTERS[fmt].translation_memory)
    }
    files: dict[str, str | bytes] = {
        base + suffix: content
        for fmt, base in output_paths(pair.name, job.formats).items()
        for suffix, content in rendered.get(fmt, {}).items()
    }
    tus = "" if gated else "\n".join(translation_units(alignment, options, document=pair.name))
    state = {
        TUS: tus,
        ALIGNMENT: (rendered.get("jsonl") or EXPORTERS["jsonl"].render(alignment, options))[""],  # rendered once
        FINDINGS: json.dumps([finding.to_dict() for finding in findings], ensure_ascii=False, indent=1) + "\n",
    }
    refusal = f"no translation memory written: {reason} (--force writes it)" if gated else ""
    return PairReport(
        record
        | {
            "status": "refused" if gated else "aligned",
            "message": refusal,
            "source_language": alignment.source.language,
            "target_language": alignment.target.language,
            "confidence": alignment.confidence,
            "beads": len(alignment.beads),
            "pairs": len(alignment.pairs),
            "left_out": 0 if gated else len(alignment.pairs) - len(exported_indices(alignment, options)),
            "errors": severities["error"],
            "warnings": severities["warning"],
            "document_warnings": list(alignment.warnings),
            "checks": dict(sorted(Counter(finding.check for finding in findings).items())),
            "units": len(alignment.source.units(job.level)) + len(alignment.target.units(job.level)),
            "signature": alignment.signature,
            "outputs": sorted(files),
        },
        files,
        state,
    )


def _record(pair: PairInput, job: RenderJob, seconds: float) -> dict[str, Any]:
    return {
        "pair": pair.name,
        "status": "failed",
        "source": _described(pair.source),
        "target": _described(pair.target),
        "source_language": None,
        "target_language": None,
        "confidence": None,
        "beads": 0,
        "pairs": 0,
        "left_out": 0,
        "errors": 0,
        "warnings": 0,
        "document_warnings": [],
        "checks": {},
        "units": 0,
        "seconds": round(seconds, 3),
        "attempts": 1,
        "message": "",
        "signature": "",
        "outputs": [],
        "job": job.alignment_key,
        "export": job.export_key,
        "inputs": _stamp(pair),
    }


def _described(side: object) -> str:
    """A side as the summary names it: a file from the root, without `folder/..` (as the workers got it:
    `run_tasks`), else its type."""
    return str(normalised_path(side)) if isinstance(side, Path) else f"<{type(side).__name__}>"


def _stamp(pair: PairInput) -> list:
    """Size and modification time of each input file, then the given languages if any: a changed input, or a pair
    given other languages, is aligned again on --resume."""
    stamp: list = [
        None if info is None else [info.st_size, info.st_mtime_ns]
        for info in map(_file_info, (pair.source, pair.target))
    ]
    if pair.source_language or pair.target_language:
        stamp.append([pair.source_language, pair.target_language])
    return stamp


def _file_info(side: object) -> os.stat_result | None:
    """The input file's `stat`; None for a side that is no file, or no longer one (reading it says why)."""
    try:
        return side.stat() if isinstance(side, Path) else None
    except OSError:
        return None


def pair_weight(pair: PairInput) -> int:
    """A pair's share of the batch's work on its bar, known before it runs: the bytes of its two input files, at least
    1 (a missing file fails at once). A bar of pairs ran fast through short documents, then stood still on a book."""
    return max(1, sum(info.st_size for info in map(_file_info, (pair.source, pair.target)) if info is not None))


def run_batch(
    pairs: Sequence[PairInput],
    out_dir: Path,
    job: RenderJob,
    *,
    workers: int | None = None,
    client: Any = None,
    resume: bool = False,
    unpaired: Sequence[tuple[PairInput, str]] = (),
) -> BatchSummary:
    """Align `pairs` into `out_dir` (see the module docstring) and rebuild the merged files.

    `unpaired` are documents that could not be paired, with the reason: failed rows of the summary.
    """
    everything = [*pairs, *(pair for pair, _ in unpaired)]
    _check_names(everything)
    for folder in (out_dir, out_dir / PAIRS_DIR, out_dir / STATE_DIR):
        if folder.exists() and not folder.is_dir():
            raise SettingsError(f"-o {out_dir}: {folder} is a file, not a folder: give another -o")
    try:
        (out_dir / PAIRS_DIR).mkdir(parents=True, exist_ok=True)
        (out_dir / STATE_DIR).mkdir(exist_ok=True)
    except OSError as error:  # a folder this user may not write in
        raise SettingsError(f"-o {out_dir}: cannot make the output folder ({error.strerror or error})") from error
    with _sole_batch_in(out_dir):  # a second batch into the folder would redo its pairs and remove its files
        _remove_temporaries(out_dir)
        removed = sum(
            _save(out_dir, pair, PairReport(_record(pair, job, 0.0) | {"message": reason}, {}, {}))
            for pair, reason in unpaired
        )
        # pairs an earlier run aligned with this run's settings: their outputs are kept, or exported again
        kept = {pair.name: record for pair in pairs if resume and (record := _kept_record(pair, job, out_dir))}
        outdated = {name for name, record in kept.items() if not _outputs_kept(job, out_dir, record)}
        todo = [pair for pair in pairs if pair.name not in kept or pair.name in outdated]
        tasks = _with_kept_states(todo, outdated, out_dir)
        not_aligned = exported = retried = 0
        weights = {pair.name: pair_weight(pair) for pair in todo}
        with _progress(sum(weights.values())) as bar:
            units, start = 0, time.perf_counter()
            for pair, report, attempts in run_tasks(batch_task, tasks, job, workers=workers, client=client):
                if isinstance(report, WorkerLost):
                    report = PairReport(_record(pair, job, 0.0) | {"message": report.message}, {}, {})
                if report.exported:  # as aligned then: its seconds and attempts are those of the earlier run
                    earlier = kept[pair.name]
                    report.record["seconds"], attempts = earlier["seconds"], earlier["attempts"]
                    exported += 1
                else:
                    units += report.record["units"]
                    retried += attempts > 1
                report.record["attempts"] = attempts
                removed += _save(out_dir, pair, report)
                not_aligned += report.record["status"] != "aligned"
                bar.set_postfix_str(bar_postfix(units, time.perf_counter() - start, not_aligned), refresh=False)
                bar.update(weights[pair.name])
        if job.cache is not None:
            checkpoint(Path(job.cache))
        records = [
            json.loads(state_file(out_dir, pair, SUMMARY_ROW).read_text(encoding="utf-8")) for pair in everything
        ]
        merged, removed_merged = _write_merged(out_dir, everything, records, job)
        statuses = Counter(record["status"] for record in records)
        aligned = [record for record in records if record["status"] == "aligned"]
        return BatchSummary(
            statuses["aligned"],
            statuses["refused"],
            statuses["failed"],
            resumed=len(pairs) - len(todo) + exported,
            exported=exported,
            pairs=sum(record["pairs"] for record in aligned),
            left_out=sum(record["left_out"] for record in aligned),
            removed=removed + removed_merged,
            merged=merged,
            failures=tuple(
                (record["pair"], _cell(record["message"])) for record in records if record["status"] == "failed"
            ),
            retried=retried,
        )


@contextmanager
def _sole_batch_in(out_dir: Path) -> Iterator[None]:
    """Hold OUT_DIR's lock while the block runs: SettingsError when another batch holds it. Two batches into one
    folder (the same command started twice, on a cluster's login node) aligned every pair twice, and the second
    removed the first one's temporary files (`_remove_temporaries`), which then failed to write. The lock goes
    with the process, however it ends (`kill -9` too). Where there is no `flock` (Windows, some network file
    systems), there is no lock."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        lock = open(out_dir / STATE_DIR / LOCK_FILE, "a", encoding="utf-8")  # noqa: SIM115 (the with below closes it)
    except OSError as error:  # a state folder this user may not write in (a batch could not write its states)
        raise SettingsError(
            f"-o {out_dir}: cannot write in {out_dir / STATE_DIR} ({error.strerror or error})"
        ) from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SettingsError(
                f"-o {out_dir}: another aligner batch is writing into this folder; wait for it to end, or give "
                "another -o"
            ) from None
        except OSError:  # a file system without locks: go on as before
            pass
        yield


def _remove_temporaries(out_dir: Path) -> None:
    """The temporary files of a run killed while writing (`kill -9`, the OOM killer, a lost machine), which its own
    clean-up never ran for: hidden `.NAME.XXXXXXXX.part` files in `pairs/` and the state folder, and of the merged
    and summary files in OUT_DIR (which may hold files of other programs), that every later run and `--resume`
    kept."""
    for folder in (out_dir / PAIRS_DIR, out_dir / STATE_DIR):
        for path in folder.iterdir():
            if is_temporary(path.name) and path.is_file():
                path.unlink(missing_ok=True)
    for path in out_dir.iterdir():
        # "merged": the temporary of every merged.* file (".merged." starts its name), whatever its languages
        if any(is_temporary(path.name, of=name) for name in ("merged", *SUMMARY_FILES)) and path.is_file():
            path.unlink(missing_ok=True)


def state_file(out_dir: Path, pair: PairInput, suffix: str) -> Path:
    """The pair's state file of `suffix`: its summary row (`SUMMARY_ROW`, written last), its merged-TMX units
    (`TUS`), its alignment (`ALIGNMENT`) or its findings (`FINDINGS`)."""
    return out_dir / STATE_DIR / f"{safe_name(pair.name)}{suffix}"


def _file_key(name: str) -> str:
    """What a pair's output files are named by: two pairs with the same key would write the same files (lower case:
    the same folder on a case-insensitive file system)."""
    return safe_name(name).lower()


def _check_names(pairs: Sequence[PairInput]) -> None:
    seen: dict[str, PairInput] = {}
    for pair in pairs:
        file_name = _file_key(pair.name)
        if file_name in seen:
            first = seen[file_name]
            raise SettingsError(
                f"pairs {first.name!r} ({first.source}) and {pair.name!r} ({pair.source}) would write the same "
                "files: give them distinct names (a manifest, pairs.tsv: source<TAB>target<TAB>name)"
            )
        seen[file_name] = pair


def _kept_record(pair: PairInput, job: RenderJob, out_dir: Path) -> dict[str, Any] | None:
    """The pair's summary row of an earlier run when that run aligned it (or refused it a translation memory) with
    this run's alignment settings and inputs, and kept its state: --resume aligns it no more. None otherwise."""
    try:
        record = json.loads(state_file(out_dir, pair, SUMMARY_ROW).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kept = (
        # a refused pair is kept too: the same settings (--force among them) and inputs refuse it again
        record.get("status") in ("aligned", "refused")
        and record.get("job") == job.alignment_key
        and set(SUMMARY_COLUMNS) <= record.keys()  # a state of an older aligner may lack a column: redo the pair
        and record.get("inputs") == _stamp(pair)
        and all(state_file(out_dir, pair, suffix).is_file() for suffix in (TUS, ALIGNMENT, FINDINGS))
    )
    return record if kept else None


def _outputs_kept(job: RenderJob, out_dir: Path, record: dict[str, Any]) -> bool:
    """Whether a kept pair's outputs are those this run writes, all there (else they are exported again)."""
    outputs = record.get("outputs", ())
    return record.get("export") == job.export_key and all((out_dir / output).is_file() for output in outputs)


def _with_kept_states(pairs: Sequence[PairInput], kept: set[str], out_dir: Path) -> Iterator[PairInput]:
    """`pairs`, each named in `kept` as a `KeptPair` with its state (read as the engine asks for it: memory stays
    bounded), or as it is when the state cannot be read (it is then aligned again)."""
    for pair in pairs:
        if pair.name in kept:
            try:
                alignment, findings = (
                    state_file(out_dir, pair, suffix).read_text(encoding="utf-8") for suffix in (ALIGNMENT, FINDINGS)
                )
            except (OSError, UnicodeDecodeError):
                yield pair
                continue
            yield KeptPair(
                pair.name, pair.source, pair.target, pair.source_language, pair.target_language, alignment, findings
            )
        else:
            yield pair


def _save(out_dir: Path, pair: PairInput, report: PairReport) -> int:
    """The pair's outputs and state, its summary row renamed last: its presence means the pair is complete. The
    summary row of an earlier run is removed first, and the files of that run that this one does not write (a format
    no longer asked for, the TMX of a pair now refused one, every file of a pair now failed), so that `pairs/` holds
    what the summary lists: a run stopped in between leaves no summary row, and `--resume` aligns the pair again
    (the state files beside an earlier row may already be this run's). Returns how many of those files it removed."""
    record = state_file(out_dir, pair, SUMMARY_ROW)
    removed = 0
    if record.is_file():
        earlier = set(json.loads(record.read_text(encoding="utf-8")).get("outputs", ()))
        record.unlink()
        for stale in sorted(earlier - report.files.keys()):
            if (out_dir / stale).is_file():
                (out_dir / stale).unlink()
                removed += 1
    for suffix in {TUS, ALIGNMENT, FINDINGS} - report.state.keys():
        state_file(out_dir, pair, suffix).unlink(missing_ok=True)
    files: dict[Path, str | bytes] = {out_dir / path: text for path, text in report.files.items()}
    files.update((state_file(out_dir, pair, suffix), text) for suffix, text in report.state.items())
    files[record] = json.dumps(report.record, ensure_ascii=False, indent=1) + "\n"
    write_atomically(files)
    return removed


def _write_merged(
    out_dir: Path, pairs: Sequence[PairInput], records: list[dict[str, Any]], job: RenderJob
) -> tuple[tuple[str, ...], int]:
    """Write the merged and summary files, and remove the merged files of an earlier run that this one does not
    write; return the names of the merged files of translation pairs and how many files were removed."""
    aligned = [(pair, record) for pair, record in zip(pairs, records) if record["status"] == "aligned"]
    merged: dict[str, Iterable[str]] = {MERGED_TMX: _merged_tmx(out_dir, aligned, job.level)}
    if "tsv" in job.formats:
        merged[MERGED_TSV] = _merged_tsv(out_dir, aligned)
    if "moses" in job.formats:
        merged |= _merged_moses(out_dir, aligned)
    removed = _remove_earlier_merged(out_dir, merged.keys())
    summary_tsv, summary_json, index_html = (out_dir / name for name in SUMMARY_FILES)
    # the list of merged files last: renamed into place once they are
    write_atomically(
        {
            **{out_dir / name: content for name, content in merged.items()},
            summary_tsv: _summary_tsv(records),
            summary_json: _summary_json(records),
            index_html: _index_html(records),
            out_dir / STATE_DIR / MERGED_STATE: "".join(f"{name}\n" for name in merged),
        }
    )
    return tuple(merged), removed


def _remove_earlier_merged(out_dir: Path, written: Collection[str]) -> int:
    """Remove the merged files the last run wrote (`MERGED_STATE`) that this one does not; how many were there."""
    try:
        earlier = (out_dir / STATE_DIR / MERGED_STATE).read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:  # a folder of an older aligner, which wrote merged.tmx alone
        return 0
    removed = 0
    for name in earlier:
        stale = out_dir / name
        # only a merged file directly in OUT_DIR, which may hold other programs' files
        if name not in written and name.startswith("merged.") and Path(name).name == name and stale.is_file():
            stale.unlink()
            removed += 1
    return removed


def _merged_tmx(out_dir: Path, aligned: Sequence[tuple[PairInput, dict[str, Any]]], level: str) -> Iterator[str]:
    """The merged TMX, streamed pair by pair from the state files (never held whole in memory)."""
    from .export.tmx import FOOTER_LINES, header_lines

    languages = {record["source_language"] for _, record in aligned}
    props = {"x-documents": str(len(aligned))}
    if aligned:
        props["x-signature"] = aligned[0][1]["signature"]
    # TMX 1.4: srclang "*all*" when the documents have different source languages
    source_lang = languages.pop() if len(languages) == 1 else "*all*"
    yield "\n".join(header_lines(source_lang, level, props)) + "\n"
    for pair, _ in aligned:
        tus = state_file(out_dir, pair, TUS).read_text(encoding="utf-8")
        if tus:
            yield tus + "\n"
    yield "\n".join(FOOTER_LINES)


def _merged_tsv(out_dir: Path, aligned: Sequence[tuple[PairInput, dict[str, Any]]]) -> Iterator[str]:
    """merged.tsv, streamed pair by pair from the pairs' TSV files: each row after its pair's name and languages, and
    always a role column (a pair's own has one only when a unit of it has a role), so that every row has the same."""
    from .export.tsv import COLUMNS, escape

    yield "\t".join(("document", "source_language", "target_language", *COLUMNS, "role")) + "\n"
    for pair, record in aligned:
        # not splitlines: a field may hold a U+2028, which a TSV does not escape
        header, *rows = _pair_file(out_dir, pair, "tsv").split("\n")[:-1]
        no_role = "" if header.endswith("\trole") else "\t"
        document = "\t".join((escape(pair.name), record["source_language"], record["target_language"]))
        yield "".join(f"{document}\t{row}{no_role}\n" for row in rows)


def _merged_moses(out_dir: Path, aligned: Sequence[tuple[PairInput, dict[str, Any]]]) -> dict[str, Iterator[str]]:
    """The two merged Moses files of each pair of languages, in the order they first come: merged.SRC-TGT.SRC and
    merged.SRC-TGT.TGT (named by the pair of languages: a batch of ru into en and en into ru has two files of each
    language, and a script's file names do not change when a corpus gains another pair of languages)."""
    by_languages: dict[tuple[str, str], list[PairInput]] = {}
    for pair, record in aligned:
        by_languages.setdefault((record["source_language"], record["target_language"]), []).append(pair)
    return {
        f"merged.{source}-{target}.{language}": _merged_lines(out_dir, in_languages, language)
        for (source, target), in_languages in by_languages.items()
        for language in (source, target)
    }


def _merged_lines(out_dir: Path, pairs: Sequence[PairInput], language: str) -> Iterator[str]:
    """One side of a merged Moses file: each pair's file of `language`, streamed pair by pair."""
    for pair in pairs:
        yield _pair_file(out_dir, pair, "moses", f".{language}")


def _pair_file(out_dir: Path, pair: PairInput, format: str, suffix: str = "") -> str:
    """The text of the pair's file of `format` (Moses: of the language `suffix`)."""
    return (out_dir / (output_paths(pair.name, (format,))[format] + suffix)).read_text(encoding="utf-8")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, list):  # the alignment's warnings
        return " | ".join(_cell(item) for item in value)
    return " ".join(str(value).split())  # a tab or line break in a message must not break the row


def _summary_tsv(records: list[dict[str, Any]]) -> str:
    rows = ["\t".join(SUMMARY_COLUMNS)]
    rows += ["\t".join(_cell(record[column]) for column in SUMMARY_COLUMNS) for record in records]
    return "\n".join(rows) + "\n"


def _summary_json(records: list[dict[str, Any]]) -> str:
    keep = (*SUMMARY_COLUMNS, "checks", "attempts", "outputs")
    statuses = Counter(record["status"] for record in records)
    summary = {
        "aligned": statuses["aligned"],
        "refused": statuses["refused"],
        "failed": statuses["failed"],
        "pairs": [{column: record[column] for column in keep} for record in records],
    }
    return json.dumps(summary, ensure_ascii=False, indent=1) + "\n"


def worst_first(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Failed and refused pairs first, then those with a check error (pairs left out of the TMX to review), each
    group by document confidence (lowest first), then most check errors, then name."""
    return sorted(
        records,
        key=lambda r: (r["status"] == "aligned", r["errors"] == 0, r["confidence"] or 0.0, -r["errors"], r["pair"]),
    )


_INDEX_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 1.5em 3em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #d0d0d0; padding: .3em .5em; text-align: left; vertical-align: top; }
td.n { font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.failed td { background: #f4b6b6; } tr.low td.conf { background: #f6e7a8; }
td.left { background: #f4b6b6; }
"""


def _message_cell(record: dict[str, Any]) -> str:
    """The pair's message, then a line per warning of its alignment (too short to tell, little contrast ...)."""
    lines = [record["message"]] if record["message"] else []
    lines += [f"warning: {warning}" for warning in record["document_warnings"]]
    return "<br>".join(map(html.escape, lines))


# What a pair's name in the index opens, best first: the review page, the spreadsheet (findings, every bead), the
# JSONL (every bead); else the first file of the pair.
LINKED_FIRST = (".html", ".xlsx", ".jsonl")


def _linked(outputs: Sequence[str]) -> str | None:
    """The output of a pair that its name in the index links to (None for a pair with none: failed)."""
    return next(
        (path for suffix in LINKED_FIRST for path in outputs if path.endswith(suffix)), next(iter(outputs), None)
    )


def _links_note(records: list[dict[str, Any]]) -> str:
    """The index's sentence saying what a pair's name opens (every pair of a run has the same formats)."""
    linked = next((link for record in records if (link := _linked(record["outputs"]))), None)
    if linked is None:
        return ""
    if linked.endswith(".html"):
        return " Each pair's name opens its review page."
    return (
        f" Each pair's name opens its pairs/NAME{Path(linked).suffix}: no review page was written (--format with html "
        "writes one per pair)."
    )


def _index_html(records: list[dict[str, Any]]) -> str:
    """The batch's index page: one row per pair, worst first, each linking its review page (or another output:
    `_linked`)."""
    rows = []
    for record in worst_first(records):
        review = _linked(record["outputs"])
        name = html.escape(record["pair"])
        link = f'<a href="{html.escape(review)}">{name}</a>' if review else name
        confidence = "" if record["confidence"] is None else confidence_text(record["confidence"], 3)
        languages = f"{record['source_language'] or '?'} → {record['target_language'] or '?'}"
        css = "failed" if record["status"] != "aligned" else ("low" if record["confidence"] < 0.5 else "")
        # blank only where there is no TMX to leave pairs out of (failed, refused): 0 is a count like the others
        left_out = "" if record["status"] != "aligned" else record["left_out"]
        rows.append(
            f'<tr class="{css}"><td>{link}</td><td>{record["status"]}</td><td>{html.escape(languages)}</td>'
            f'<td class="n conf">{confidence}</td><td class="n">{record["beads"]}</td>'
            f'<td class="n{" left" if left_out else ""}">{left_out}</td>'
            f'<td class="n">{record["errors"]}</td><td class="n">{record["warnings"]}</td>'
            f"<td>{_message_cell(record)}</td></tr>"
        )
    statuses = Counter(record["status"] for record in records)
    counts = f"{statuses['aligned']} aligned, {statuses['refused']} refused, {statuses['failed']} failed"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            '<head><meta charset="utf-8">',
            f"<title>aligner batch: {len(records)} pairs</title>",
            f"<style>{_INDEX_CSS}</style></head>",
            "<body>",
            f"<h1>{len(records)} document pairs: {counts}</h1>",
            "<p>Worst first: failed and refused pairs (refused: below the translation-memory gate, no TM written), "
            "then pairs with an error finding (their pairs with an error are left out of the TMX: review them), "
            "each by document confidence, lowest first. <em>left out</em>: pairs left out of the pair's TMX and "
            "merged.tmx (an error finding, or below --min-confidence); blank for a pair with no TMX (failed or "
            f"refused).{_links_note(records)}</p>",
            "<table><thead><tr><th>pair</th><th>status</th><th>languages</th><th>confidence</th><th>beads</th>"
            "<th>left out</th><th>errors</th><th>warnings</th><th>message</th></tr></thead><tbody>",
            *rows,
            "</tbody></table>",
            f"<footer><p>aligner {__version__}</p></footer>",
            "</body>",
            "</html>",
            "",
        ]
    )


# tqdm's default less the rate, which the units a second say better (on 80 columns the default cut the postfix to
# "0 not aligne"), and less the counts: bytes of input files (`pair_weight`) mean nothing to a reader, and a million
# pairs' "30.0k/2.00G" cut the postfix again
BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| [{elapsed}<{remaining}{postfix}]"


def _progress(total: int) -> Any:
    """The batch's bar, counting the bytes of the pairs' input files (`pair_weight`)."""
    from .progress import progress

    return progress(total, "aligning pairs", unit="B", bar_format=BAR_FORMAT)


def bar_postfix(units: int, seconds: float, not_aligned: int) -> str:
    """What the batch's bar says after its counts: the units aligned a second, and the pairs not aligned so far."""
    return f"{units / max(seconds, 1e-9):.0f} units/s, {not_aligned} not aligned"


def read_manifest(path: Path) -> tuple[list[PairInput], list[tuple[PairInput, str]]]:
    """A manifest -> its pairs, and a first line that looks like a header of other words (`src<TAB>tgt`) with the
    reason, a failed row of the summary (as `pairs_by_name` gives a source with no counterpart). One pair a line:
    source, target and an optional name, tab-separated; paths relative to the manifest's folder; blank lines, `#`
    comments and a `source<TAB>target[<TAB>name]` header are skipped."""
    from .readers import decode

    if path.is_dir():
        raise SettingsError(f"{path}: a folder, not a manifest: give a manifest file, or two folders with --pair-by")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such manifest") from None
    except OSError as error:
        raise SettingsError(f"{path}: cannot read the manifest ({error.strerror or error})") from error
    try:  # in any encoding a document may have: Excel's "Unicode Text" is UTF-16, its "Text" Windows-1252
        lines = decode(data, str(path)).splitlines() if data.strip() else []
    except InputError as error:
        raise SettingsError(f"{path}: not a manifest: {str(error).removeprefix(f'{path}: ')}") from error
    pairs = []
    lines_by_file_name: dict[str, int] = {}
    first_row: tuple[str, ...] = ()  # the cells of line 1 when it is read as a pair
    for number, line in enumerate(lines, 1):
        cells = [cell.strip() for cell in line.split("\t")]
        if not line.strip() or line.startswith("#") or (number == 1 and cells[:2] == ["source", "target"]):
            continue
        if len(cells) not in (2, 3) or not all(cells[:2]):
            raise SettingsError(f"{path}:{number}: expected source<TAB>target[<TAB>name], got {line!r}")
        source, target = (path.parent / cell for cell in cells[:2])
        name = cells[2] if len(cells) == 3 and cells[2] else document_name(source)
        first = lines_by_file_name.setdefault(_file_key(name), number)
        if first != number:
            raise SettingsError(
                f"{path}:{number}: pair {name!r} would write the same files as the pair of line {first}: "
                "give them distinct names (third column)"
            )
        pairs.append(PairInput(name, source, target))
        first_row = tuple(cells) if number == 1 else first_row
    if not pairs:
        raise SettingsError(f"{path}: the manifest lists no pairs")
    if first_row and _looks_like_a_header(pairs):
        reason = (
            f"{path}:1: looks like a header {first_row}, and names no file: a header is source<TAB>target[<TAB>name]"
        )
        return pairs[1:], [(pairs[0], reason)]
    return pairs, []


def _looks_like_a_header(pairs: Sequence[PairInput]) -> bool:
    """Whether the first pair names two files of which neither exists, where the next pair's source does: a header in
    other words (`src<TAB>tgt`), which was a failed pair, "src: no such file"."""
    first, *others = pairs
    return (
        bool(others)
        and _file_info(first.source) is None
        and _file_info(first.target) is None
        and _file_info(others[0].source) is not None
    )


def pairs_by_name(source_dir: Path, target_dir: Path) -> tuple[list[PairInput], list[tuple[PairInput, str]]]:
    """Each document of `source_dir` with the document of `target_dir` of the same file name (or, failing
    that, the same `document_name`: without a document extension), and the sources with no such counterpart, with
    the reason (failed rows of the summary, as `pairs_by_match` gives them)."""
    from .counterparts import documents_in

    targets = documents_in(target_dir)
    by_name = {path.name: path for path in targets}
    names = Counter(document_name(path) for path in targets)
    by_document_name = {document_name(path): path for path in targets if names[document_name(path)] == 1}
    pairs, unpaired = [], []
    for source in documents_in(source_dir):
        name = document_name(source)
        target = by_name.get(source.name) or by_document_name.get(name)
        if target is None:
            reason = f"no document named {source.name} (or {name} with another extension) in {target_dir}"
            unpaired.append((PairInput(name, source, target_dir), f"{reason}; --pair-by match pairs by content"))
        else:
            pairs.append(PairInput(name, source, target))
    _report_unused_targets(targets, pairs, source_dir, target_dir)
    return pairs, unpaired


def report_subfolders(folders: Sequence[Path], pair_by: str, out_dir: Path) -> None:
    """Say on stderr which subfolders of each folder `--pair-by` leaves out (it pairs the documents directly in a
    folder, not those below it, and said nothing of them); an OUT_DIR made inside one is no such subfolder."""
    for folder in folders:
        skipped = sorted(
            path.name
            for path in folder.iterdir()
            if path.is_dir()
            and not path.name.startswith(".")
            and not out_dir.absolute().is_relative_to(path.absolute())
        )
        if skipped:
            names = ", ".join(skipped[:3]) + (", ..." if len(skipped) > 3 else "")
            print(
                f"aligner: --pair-by {pair_by} pairs the documents directly in {folder}, not those of its "
                f"{len(skipped)} subfolder(s) ({names}): run it on each subfolder, or list the pairs in a manifest",
                file=sys.stderr,
            )


def _report_unused_targets(
    targets: Sequence[Path], pairs: Sequence[PairInput], source_dir: Path, target_dir: Path
) -> None:
    """Say on stderr how many documents of `target_dir` no pair uses: they are left out of the batch."""
    unused = sorted(set(targets) - {pair.target for pair in pairs})
    if unused:
        print(
            f"aligner: {len(unused)} document(s) of {target_dir} have no counterpart in {source_dir}, "
            f"e.g. {unused[0].name}",
            file=sys.stderr,
        )


def pairs_by_match(
    source_dir: Path,
    target_dir: Path,
    model: str | None,
    source_units: Units = "paragraphs",
    target_units: Units = "paragraphs",
    notes: bool = True,
) -> tuple[list[PairInput], list[tuple[PairInput, str]]]:
    """Pairs found by counterpart search (`aligner.match_corpus`, in this process), and the sources left
    unpaired with the reason (unreadable, or no translation found). Unreadable targets are skipped. The
    documents are read with each side's `units`, and `notes`, as the batch then aligns them."""
    from .counterparts import documents_in, match_corpus
    from .pipeline import read

    readable: dict[str, list] = {"source": [], "target": []}
    unpaired = []
    for side, directory, units in (("source", source_dir, source_units), ("target", target_dir, target_units)):
        for path in documents_in(directory):
            try:
                readable[side].append((path, read(path, units=units, notes=notes)))
            except InputError as error:
                if side == "source":
                    unpaired.append((PairInput(document_name(path), path, target_dir), str(error)))
                else:
                    print(f"aligner: skipping {error}", file=sys.stderr)
    if not readable["source"] or not readable["target"]:
        raise InputError(f"{source_dir}, {target_dir}: no readable documents to match")
    pairing = match_corpus([doc for _, doc in readable["source"]], [doc for _, doc in readable["target"]], model=model)
    sources, targets = [path for path, _ in readable["source"]], [path for path, _ in readable["target"]]
    pairs = [PairInput(document_name(sources[p.source]), sources[p.source], targets[p.target]) for p in pairing.pairs]
    texts = [[unit.text for unit in doc.paragraphs] for _, doc in readable["source"]]
    unpaired += [
        (PairInput(document_name(sources[i]), sources[i], target_dir), _unmatched_reason(i, pairing, texts, target_dir))
        for i in pairing.unmatched_sources
    ]
    _report_unused_targets(targets, pairs, source_dir, target_dir)
    return pairs, unpaired


def _unmatched_reason(source: int, pairing: Pairing, texts: list[list[str]], target_dir: Path) -> str:
    """Why source `source` was left unpaired: a source of the same text (`texts`, each source's paragraphs) took
    the translation, each document being paired once; or none was found."""
    name = Path(pairing.source_names[source]).name
    twin = next((pair for pair in pairing.pairs if texts[pair.source] == texts[source]), None)
    if twin is None:
        return f"no translation of {name} found in {target_dir}"
    return (
        f"no translation of {name} left in {target_dir}: its match {Path(twin.target_name).name} went to "
        f"{Path(twin.source_name).name}, which has the same text (each document is paired once)"
    )
