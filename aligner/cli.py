"""The command line: argument parsing and exit codes only; the work is done by the public API.

Exit codes: 0 success; 1 when `check` found errors, a translation memory was refused (the documents
look like no translation of each other) or `match` matched nothing; 2 bad input or bad options (one line
on stderr, found before the long work wherever it can be); 3 an internal error (one line; the traceback
with ALIGNER_DEBUG=1); 130 interrupted (Ctrl-C); 143 terminated (SIGTERM). Files are written atomically,
so an interrupted run leaves neither a partial output nor a temporary file.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .corrections import load
from .counterparts import DEFAULT_THRESHOLD, DEFAULT_TOP_K, documents_in, match, match_corpus
from .errors import AlignerError, EncodingGuessWarning, GateError, InputError, SettingsError, first_line
from .export import (
    DOCUMENT_GATE,
    EXPORTERS,
    STDOUT,
    Destination,
    ExportOptions,
    check_destination,
    check_gate,
    check_output_name,
    count_findings,
    export_all,
    exporter_for,
    gate_reason,
    plan_exports,
    write_atomically,
    write_stdout,
)
from .export.review import summary_text
from .language import check_document_languages, check_language_tag, unknown_language_message
from .paths import same_file
from .pipeline import align, read
from .readers import READERS
from .segment import RuleSegmenter, SrxFileError
from .types import LEVELS, UNITS, Alignment, Document, Units

if TYPE_CHECKING:
    from .batch_run import BatchSummary, RenderJob

STDOUT_FORMAT = "tsv"  # readable in a terminal and easy to pipe
FAILURES_SHOWN = 20  # failed pairs named below a batch's summary line; summary.tsv has the rest


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (`aligner: error: check: ...`) like every other error."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("aligner").strip()
        where = f"{command}: " if command else ""
        self.exit(2, f"aligner: error: {where}{message} (see {self.prog} --help)\n")


def _probability(text: str) -> float:
    """An option's value between 0 and 1 (a confidence), checked while parsing so the message names the option."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid float value: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aligner", description="Align a document with its translation.")
    parser.add_argument("--version", action="version", version=f"aligner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_align_command(commands)
    _add_export_command(commands)
    match_cmd = commands.add_parser(
        "match",
        help="find which CANDIDATE translates SRC (or pair two directories)",
        usage="aligner match [options] SRC CANDIDATE... | --corpus SRC_DIR TGT_DIR",
        description="Rank the candidates by the confidence that each translates SRC (those above --threshold), "
        "or pair the documents of two directories one-to-one (--corpus). A document in the same language as SRC "
        "(or, with --corpus, as the other document) is never taken for its translation.",
        epilog="Exit status: 0 when a translation (or, with --corpus, a pair) was found, 1 when none was, "
        f"2 on bad input, {_OTHER_EXITS}.",
    )
    match_cmd.add_argument("source", type=Path, metavar="SRC", help="the original document (SRC_DIR with --corpus)")
    match_cmd.add_argument(
        "candidates",
        type=Path,
        nargs="+",
        metavar="CANDIDATE",
        help="the documents that may translate it (TGT_DIR with --corpus)",
    )
    match_cmd.add_argument(
        "--corpus",
        action="store_true",
        help="pair the documents of SRC_DIR one-to-one with those of TGT_DIR; writes TSV",
    )
    match_cmd.add_argument("-o", "--output", type=Path, default=None, help="write the result here, not to stdout")
    match_cmd.add_argument(
        "--threshold",
        type=_probability,
        default=DEFAULT_THRESHOLD,
        help=f"the least confidence of a translation (default {DEFAULT_THRESHOLD})",
    )
    match_cmd.add_argument(
        "--top-k",
        type=int,
        default=DEFAULT_TOP_K,
        help=f"nearest candidates aligned per document (default {DEFAULT_TOP_K})",
    )
    match_cmd.add_argument(
        "--model",
        default=None,
        metavar="NAME_OR_PATH",
        help="a sentence-transformers model name or path (default: embedded USE multilingual)",
    )
    match_cmd.set_defaults(run=_run_match, parser=match_cmd)
    _add_check_command(commands)
    _add_batch_command(commands)
    return parser


_OTHER_EXITS = "3 on an internal error (ALIGNER_DEBUG=1 shows the traceback), 130 on Ctrl-C, 143 on SIGTERM"

_BATCH_EXAMPLES = """examples:
  aligner batch pairs.tsv -o out/                      rows: source<TAB>target[<TAB>name]
  aligner batch --pair-by name ru/ en/ -o out/ --format tmx,jsonl,html
  aligner batch --pair-by match ru/ en/ -o out/        pair the folders by counterpart search first
  aligner batch pairs.tsv -o out/ --format tsv,moses   training data: out/merged.tsv, out/merged.ru-en.ru ...
  aligner batch pairs.tsv -o out/ --resume             after an interruption: redo only what is missing
  aligner batch pairs.tsv -o out/ --units lines        files of one sentence per line (Vecalign/hunalign)
  aligner batch pairs.tsv -o out/ --scheduler tcp://10.0.0.5:8786   on a running Dask cluster

exit status: 0 when every pair aligned, 1 when some failed or were refused (see summary.tsv), 2 on bad arguments,
3 on an internal error, 130 on Ctrl-C and 143 on SIGTERM (run again with --resume)."""


def _add_batch_command(commands: argparse._SubParsersAction) -> None:
    from .batch_run import DEFAULT_FORMATS

    batch_cmd = commands.add_parser(
        "batch",
        help="align many document pairs (a manifest, or two folders) on every core or a Dask cluster",
        usage="aligner batch [options] MANIFEST.tsv -o OUT_DIR | --pair-by name|match SRC_DIR TGT_DIR -o OUT_DIR",
        description="Align every pair of a manifest (or of two folders) into OUT_DIR: each pair's files in "
        "OUT_DIR/pairs/, one merged.tmx (each TU names its pair in an x-document prop), with tsv a merged.tsv "
        "(each row names its pair), with moses merged.SRC-TGT.SRC and merged.SRC-TGT.TGT for each pair of languages, "
        "summary.tsv and summary.json, and index.html (worst pairs first). A pair that cannot "
        "be read or aligned becomes a failed row; the others go on.",
        epilog=_BATCH_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    batch_cmd.add_argument(
        "inputs",
        type=Path,
        nargs="+",
        metavar="MANIFEST | SRC_DIR TGT_DIR",
        help="a manifest (tab-separated source, target, optional name; paths relative to it), "
        "or two folders with --pair-by",
    )
    batch_cmd.add_argument("-o", "--output", type=Path, required=True, metavar="OUT_DIR", help="the output folder")
    batch_cmd.add_argument(
        "--pair-by",
        choices=("name", "match"),
        default=None,
        help="pair two folders: name (the same file name) or match (counterpart search)",
    )
    batch_cmd.add_argument(
        "--format",
        default=",".join(DEFAULT_FORMATS),
        metavar="LIST",
        help=f"formats of each pair's files, comma-separated, from {', '.join(EXPORTERS)} "
        f"(default {','.join(DEFAULT_FORMATS)}); html is the review page index.html links to "
        "(without it: the xlsx, else the jsonl)",
    )
    batch_cmd.add_argument(
        "--level",
        choices=LEVELS,
        default="paragraph",
        help="align paragraphs (default) or sentences inside aligned paragraphs",
    )
    batch_cmd.add_argument(
        "--model",
        default=None,
        metavar="NAME_OR_PATH",
        help="a sentence-transformers model name or path (default: embedded USE multilingual), loaded once per worker",
    )
    batch_cmd.add_argument(
        "--src-lang",
        metavar="LANG",
        default=None,
        help="language of every source document (ru, ru-RU), written verbatim into the TMX files; default: detected",
    )
    batch_cmd.add_argument(
        "--tgt-lang",
        metavar="LANG",
        default=None,
        help="language of every target document (en, en-US); default: detected",
    )
    batch_cmd.add_argument(
        "--min-confidence",
        type=_probability,
        default=0.0,
        metavar="X",
        help="also leave pairs with confidence below X (0-1) out of the TMX files, besides those with an error "
        "finding (default 0; as for `aligner align`)",
    )
    batch_cmd.add_argument(
        "--keep-errors",
        action="store_true",
        help="keep pairs with an error finding in the TMX files (as for `aligner align`)",
    )
    batch_cmd.add_argument(
        "--force",
        action="store_true",
        help=f"write the TMX of a pair even when its document confidence is below {DOCUMENT_GATE} "
        "(pairs with an error finding stay out of it: add --keep-errors), and align a pair whose two documents "
        "are in the same language",
    )
    batch_cmd.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes on this machine (default: one per core; 1: no subprocess)",
    )
    batch_cmd.add_argument(
        "--engine",
        choices=("processes", "dask"),
        default="processes",
        help="processes (default): a local process pool; dask: a local Dask cluster of N workers",
    )
    batch_cmd.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)",
    )
    batch_cmd.add_argument(
        "--resume",
        action="store_true",
        help="skip the pairs whose outputs a previous run with the same settings completed",
    )
    batch_cmd.add_argument(
        "--cache",
        type=Path,
        default=None,
        metavar="DIR",
        help="read and add embeddings in an on-disk cache shared by runs and workers",
    )
    _add_units_options(batch_cmd)
    batch_cmd.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print no summary on stderr (its line, the failed pairs, the pairs started again after a worker died)",
    )
    batch_cmd.set_defaults(run=_run_batch, parser=batch_cmd)


def _run_batch(args: argparse.Namespace) -> int:
    from contextlib import nullcontext
    from dataclasses import replace

    from .batch import PairInput, dask_client, local_dask_client
    from .batch_run import RenderJob, pairs_by_match, pairs_by_name, read_manifest, report_subfolders, run_batch

    job = RenderJob(
        level=args.level,
        model=args.model,
        cache=None if args.cache is None else str(args.cache),
        formats=tuple(name.strip() for name in args.format.split(",") if name.strip()),
        min_confidence=args.min_confidence,
        keep_errors=args.keep_errors,
        force=args.force,
        source_units=_side_units(args, "src"),
        target_units=_side_units(args, "tgt"),
        notes=not args.no_notes,
    )
    if args.workers is not None and args.workers < 1:
        raise SettingsError(f"--workers must be at least 1, got {args.workers}")
    source_language = check_language_tag(args.src_lang, "--src-lang")
    target_language = check_language_tag(args.tgt_lang, "--tgt-lang")
    if args.model is not None:  # once, here: not each pair failing in its worker after its own question to the hub
        from .embed import check_model_available

        check_model_available(args.model)
    if args.scheduler and args.workers is not None:
        raise SettingsError("--scheduler runs on an existing cluster: --workers does not apply")
    if not args.output.parent.is_dir():
        raise SettingsError(f"-o {args.output}: the folder {args.output.parent} does not exist")
    unpaired: list[tuple[PairInput, str]]
    if args.pair_by is None:
        if len(args.inputs) != 1:
            raise SettingsError("give one MANIFEST.tsv, or --pair-by name|match with SRC_DIR TGT_DIR")
        pairs, unpaired = read_manifest(args.inputs[0])
    elif len(args.inputs) != 2:
        raise SettingsError(f"--pair-by {args.pair_by} takes two folders: SRC_DIR TGT_DIR")
    elif args.inputs[0].is_dir() and args.inputs[1].is_dir() and args.inputs[0].samefile(args.inputs[1]):
        raise SettingsError(f"--pair-by {args.pair_by}: {args.inputs[0]} and {args.inputs[1]} are the same folder")
    elif any(args.output.is_dir() and folder.is_dir() and args.output.samefile(folder) for folder in args.inputs):
        # the merged files and the index would sit among the documents, and a later run would read them as such
        raise SettingsError(f"-o {args.output}: is an input folder, give another OUT_DIR")
    elif args.pair_by == "name":
        pairs, unpaired = pairs_by_name(*args.inputs)
    else:
        source_dir, target_dir = args.inputs
        pairs, unpaired = pairs_by_match(
            source_dir, target_dir, args.model, job.source_units, job.target_units, job.notes
        )
    if args.pair_by is not None:
        report_subfolders(args.inputs, args.pair_by, args.output)
    if source_language or target_language:
        pairs = [replace(pair, source_language=source_language, target_language=target_language) for pair in pairs]
    if args.scheduler:
        engine = dask_client(args.scheduler)
    elif args.engine == "dask":
        engine = local_dask_client(args.workers)
    else:
        engine = nullcontext()
    try:
        with engine as client:
            summary = run_batch(
                pairs, args.output, job, workers=args.workers, client=client, resume=args.resume, unpaired=unpaired
            )
    except (KeyboardInterrupt, Terminated) as stop:
        interrupted = isinstance(stop, KeyboardInterrupt)
        print(
            f"aligner: {'interrupted' if interrupted else 'terminated'}; the pairs finished so far are in "
            f"{args.output}: run the same command with --resume to do the rest",
            file=sys.stderr,
        )
        return 130 if interrupted else 143
    if not args.quiet:
        total = summary.aligned + summary.refused + summary.failed
        resumed = ""
        if summary.resumed:
            exported = f", {summary.exported} of them exported again without aligning" if summary.exported else ""
            resumed = f"; {summary.resumed} of the {total} kept from an earlier run (--resume){exported}"
        print(
            f"aligned {summary.aligned} of {total} pairs ({summary.refused} refused a translation memory, "
            f"{summary.failed} failed{resumed}): {args.output / 'summary.tsv'}, {args.output / 'index.html'}",
            file=sys.stderr,
        )
        _print_failures(summary, args.output / "summary.tsv")
        if summary.removed:
            print(
                f"removed {summary.removed} files of an earlier run into {args.output} that this run does not write "
                "(a format no longer in --format, the TMX of a pair now refused one, the files of a pair now failed, "
                "the merged moses files of languages no pair has now)",
                file=sys.stderr,
            )
    if summary.left_out:  # as `aligner align`'s, printed with -q too
        print(f"aligner: {_left_out_line(summary, job, args.output / 'index.html')}", file=sys.stderr)
    return 1 if summary.refused or summary.failed else 0


def _print_failures(summary: BatchSummary, table: Path) -> None:
    """Below the batch's summary line: why each pair failed, the first `FAILURES_SHOWN` of them (summary.tsv has
    them all), and how many pairs were started again after their worker died (they had said only a count)."""
    for name, message in summary.failures[:FAILURES_SHOWN]:
        print(f"  {name}: {message}", file=sys.stderr)
    if len(summary.failures) > FAILURES_SHOWN:
        print(f"  ... and {len(summary.failures) - FAILURES_SHOWN} more in {table}", file=sys.stderr)
    if summary.retried:
        print(
            f"{summary.retried} pair(s) started again after the worker process aligning them died (attempts in "
            f"{table.with_name('summary.json')})",
            file=sys.stderr,
        )


def _left_out_line(summary: BatchSummary, job: RenderJob, index: Path) -> str:
    """'left 2 of 2016 pairs with an error finding out of merged.tmx, merged.tsv (and each pair's tmx and tsv) ...', as
    `aligner align` says it for a file, each format as --format names it."""
    if job.keep_errors:
        why = f"with confidence below {job.min_confidence}"
    elif job.min_confidence:
        why = f"with an error finding or confidence below {job.min_confidence}"
    else:
        why = "with an error finding"
    formats = [name for name in job.formats if EXPORTERS[name].pairs_only]  # an XLSX keeps them, marked
    also = f" (and each pair's {' and '.join(formats)})" if formats else ""
    return (
        f"left {summary.left_out} of {summary.pairs} pairs {why} out of {', '.join(summary.merged)}{also}; "
        f"{index} lists their documents first{'' if job.keep_errors else ', or --keep-errors'}"
    )


class _RenamedOption(argparse.Action):
    """check's old name of --low-confidence-below: an error that gives the new one (not an alias: in align, export and
    batch --min-confidence is the filter on what goes into a TM)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        parser.error(
            "--min-confidence is --low-confidence-below in check (the confidence below which a pair is a "
            "low-confidence error); --min-confidence filters what align, export and batch write to a TM"
        )


def _add_check_command(commands: argparse._SubParsersAction) -> None:
    from .checks import CheckOptions

    check_cmd = commands.add_parser(
        "check",
        help="align SRC with TGT and report what looks wrong (numbers, omissions, untranslated text, ...)",
        usage="aligner check [options] SRC TGT | --alignment ALIGNMENT",
        description="Align SRC with its translation TGT (or read a saved, possibly corrected, alignment) and run "
        "the consistency checks: omissions and additions, uncertain pairs, numbers and dates, "
        "untranslated text, text in a third language, length outliers, weak matches, units absorbed into a pair, "
        "order, inconsistent repetitions.",
        epilog="exit status: 0 when no error is found (warnings allowed), 1 when any error is found or the documents "
        "look like no translation of each other (below the translation-memory gate: the report is written, but an "
        "XLSX one, which a CAT tool can import as a TM, only with --force; without, the report goes to standard "
        f"output as text), 2 on bad input or options, {_OTHER_EXITS}.",
    )
    check_cmd.add_argument("source", type=Path, nargs="?", metavar="SRC", help="the original document")
    check_cmd.add_argument("target", type=Path, nargs="?", metavar="TGT", help="its translation")
    check_cmd.add_argument(
        "--alignment",
        type=Path,
        default=None,
        metavar="ALIGNMENT",
        help="check this saved alignment (.jsonl, e.g. corrected in the review page, or .xlsx) "
        "instead of aligning SRC and TGT; it keeps its own level, languages, units and sentences, so the options "
        "for those are refused with it",
    )
    check_cmd.add_argument(
        "-o",
        "--output",
        default=STDOUT,
        metavar="FILE",
        help="write the report here (format from the extension: .txt, .json, .html, .xlsx); default: stdout",
    )
    check_cmd.add_argument(
        "--format",
        choices=tuple(CHECK_FORMATS),
        default=None,
        help="text (default): one line per finding; json; html: the review page with the "
        "findings on their beads; xlsx: the bilingual spreadsheet (needs -o)",
    )
    check_cmd.add_argument(
        "--level", choices=LEVELS, default=None, help="check paragraph pairs (default) or sentence pairs"
    )
    check_cmd.add_argument("--src-lang", metavar="LANG", default=None, help="language of SRC; default: detected")
    check_cmd.add_argument("--tgt-lang", metavar="LANG", default=None, help="language of TGT; default: detected")
    check_cmd.add_argument(
        "--force",
        action="store_true",
        help="check even when both documents are in the same language, or a given language contradicts the text; "
        "write an XLSX report even below the translation-memory gate (a CAT tool can import it as a TM)",
    )
    check_cmd.add_argument(
        "--model",
        default=None,
        metavar="NAME_OR_PATH",
        help="a sentence-transformers model name or path (default: embedded USE multilingual)",
    )
    check_cmd.add_argument(
        "--low-confidence-below",
        type=_probability,
        default=None,
        metavar="X",
        help=f"report a pair with confidence below X (0-1) as a low-confidence error (default "
        f"{CheckOptions().low_confidence_below}, as align, export and batch check: such a pair stays out of their "
        "translation memories unless --keep-errors)",
    )
    check_cmd.add_argument("--min-confidence", action=_RenamedOption, help=argparse.SUPPRESS)
    check_cmd.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print no report: the exit status alone says whether errors were found (1) or not (0); "
        "-o FILE is still written, and bad input or options are still named on stderr",
    )
    _add_reading_options(check_cmd)
    check_cmd.set_defaults(run=_run_check, parser=check_cmd)


# check's report formats: the text and JSON reports, or an exporter's file with the findings on their beads
CHECK_FORMATS = {
    "text": (".txt",),
    "json": (".json",),
    "html": EXPORTERS["html"].extensions,
    "xlsx": EXPORTERS["xlsx"].extensions,
}


def _add_reading_options(command: argparse.ArgumentParser) -> None:
    _add_units_options(command)
    for side in ("src", "tgt"):
        command.add_argument(
            f"--{side}-encoding",
            metavar="ENCODING",
            default=None,
            help=f"the encoding of a {side.upper()} text file (cp1251, koi8-r, latin-9 ...); default: UTF-8 or "
            "UTF-16 when it is, else guessed (preferring a reading in the language given)",
        )
    command.add_argument(
        "--srx",
        type=Path,
        default=None,
        metavar="FILE",
        help="split sentences with the rules of this SRX 2.0 file instead of the built-in ones",
    )
    command.add_argument(
        "--abbreviations",
        type=Path,
        default=None,
        metavar="FILE",
        help="a text file of abbreviations, one a line (Bd., ca.), that never end a sentence (UTF-8, UTF-16 or a "
        "legacy encoding, as documents)",
    )


def _add_units_options(command: argparse.ArgumentParser) -> None:
    """--units, --src-units, --tgt-units, --no-notes: of align and check, and of batch for every pair."""
    command.add_argument(
        "--units",
        choices=UNITS,
        default=None,
        help="paragraphs (default): read each document's paragraphs and split them into sentences; "
        "lines: plain-text files of one unit per line, kept as they are (blank lines ignored)",
    )
    command.add_argument("--src-units", choices=UNITS, default=None, help="--units for SRC only")
    command.add_argument("--tgt-units", choices=UNITS, default=None, help="--units for TGT only")
    command.add_argument(
        "--no-notes",
        action="store_true",
        default=None,  # None when not given: check --alignment tells it from a --no-notes that does not apply
        help="leave out the footnotes and endnotes of .docx, .odt, .html and .epub files (by default each note's "
        "paragraphs follow the paragraph that references it; text boxes, headers and footers stay)",
    )


def _side_units(args: argparse.Namespace, side: str) -> Units:
    """How one side's files are read: its own --src-units/--tgt-units, else --units."""
    units: Units = getattr(args, f"{side}_units") or args.units or "paragraphs"
    return units


def _run_check(args: argparse.Namespace) -> int:
    from .checks import check_options, findings_json, findings_text

    report_format = args.format or _check_format(args.output)
    check_destination(args.output, EXPORTERS.get(report_format), _input_files(args))
    options = {} if args.low_confidence_below is None else {"low_confidence_below": args.low_confidence_below}
    low_confidence_below = check_options(**options).low_confidence_below
    report = [(args.output, EXPORTERS.get(report_format))]
    if args.alignment is not None:
        if args.source is not None:
            raise SettingsError("give either SRC TGT or --alignment, not both")
        result = load(args.alignment)
        _refuse_aligning_options(args, result)
        plan_exports(report, result.source, result.target, inputs=(args.alignment,))
    elif args.source is None or args.target is None:
        raise SettingsError("check needs SRC and TGT, or --alignment ALIGNMENT")
    else:
        source, target = _read_pair(args)
        plan_exports(report, source, target, inputs=(args.source, args.target))
        result = align(source, target, level=args.level, model=args.model, force=args.force)
    if args.output != STDOUT and not args.quiet:  # a report on stdout holds the warnings itself
        _print_warnings(result)
    if not args.quiet:
        _warn_of_another_model(result, args.model)
    findings = result.check(model=args.model, **options)
    if report_format in EXPORTERS:
        try:
            if EXPORTERS[report_format].translation_memory:
                check_gate(result, ExportOptions(findings=findings, force=args.force), _shown(args.output))
        except GateError as refusal:  # an XLSX is a table a CAT tool imports: refused below the gate, as by align
            print(f"aligner: error: {refusal}{'' if args.quiet else '; the report follows as text'}", file=sys.stderr)
            if not args.quiet:
                write_stdout(findings_text(result, findings))
        else:
            # the review page and the XLSX mark as low-confidence the pairs this check reported as such
            shown = ExportOptions(findings=findings, force=True, review_threshold=low_confidence_below)
            export_all(result, [(args.output, EXPORTERS[report_format])], shown)
    else:
        text = (findings_json if report_format == "json" else findings_text)(result, findings)
        if args.output == STDOUT:
            if not args.quiet:
                write_stdout(text)
        else:
            write_atomically({Path(args.output): text})
    return 1 if gate_reason(result) or count_findings(result, findings).errors else 0


def _refuse_aligning_options(args: argparse.Namespace, saved: Alignment) -> None:
    """SettingsError for an option of `check` that applies only when aligning SRC with TGT, given with --alignment;
    a --level that is the saved alignment's own passes."""
    documents = (saved.source, saved.target)
    languages = ", ".join(document.language or "unknown" for document in documents)
    units = ", ".join("lines" if document.lines else "paragraphs" for document in documents)
    kept = {
        ("level",): f"level ({saved.level})",
        ("src_lang", "tgt_lang"): f"languages ({languages})",
        ("units", "src_units", "tgt_units"): f"units ({units})",
        ("no_notes",): "paragraphs, notes as read when it was aligned",
        ("srx", "abbreviations"): "sentences, as split when it was aligned",
        ("src_encoding", "tgt_encoding"): "texts, as read when it was aligned",
    }
    for names, what in kept.items():
        for name in names:
            value = getattr(args, name)
            if value is not None and not (name == "level" and value == saved.level):
                option = "--" + name.replace("_", "-") + ("" if value is True else f" {value}")  # a flag: no value
                raise SettingsError(f"{option} applies when aligning SRC TGT; {args.alignment} keeps its own {what}")


def _check_format(output: str) -> str:
    if output == STDOUT:
        return "text"
    check_output_name(output)
    suffix = Path(output).suffix.lower()
    for name, extensions in CHECK_FORMATS.items():
        if suffix in extensions:
            return name
    raise SettingsError(
        f"{output}: cannot tell the report format from the extension {suffix!r} "
        f"(give --format: {', '.join(CHECK_FORMATS)})"
    )


_ALIGN_EXAMPLES = """examples:
  aligner align ru.md en.txt -o pair.tmx                  translation memory for a CAT tool
  aligner align ru.md en.txt -o pair.tmx -o review.html   ... and a review page to open in a browser
  aligner align ru.docx en.docx --level sentence --src-lang ru-RU --tgt-lang en-US -o pair.tmx
  aligner align ru.html en.html | cut -f1,2               pairs as TSV on stdout
  aligner align ru.md en.txt --format moses -o corpus     corpus.ru + corpus.en, one pair per line
  aligner align ru.pdf en.epub --level sentence -o pair.tmx
  aligner align ru.txt en.txt --units lines -o pairs.tsv   one sentence per line (Vecalign/hunalign files)

exit status: 0 on success, 1 when a translation memory was refused (the documents look like no translation
of each other: see --force), 2 on bad input or options (one line on stderr), 3 on an internal error (one line;
ALIGNER_DEBUG=1 shows the traceback), 130 on Ctrl-C, 143 on SIGTERM."""


def _formats() -> str:
    return "\n".join(
        f"  {name:<6} {' '.join(e.extensions) or '(--format)':<14} {e.description}" for name, e in EXPORTERS.items()
    )


def _add_align_command(commands: argparse._SubParsersAction) -> None:
    inputs = ", ".join(ext for ext in READERS if ext)
    align_cmd = commands.add_parser(
        "align",
        help="align SRC with its translation TGT and write the pairs (TMX, TSV, JSONL, Moses, HTML, XLSX)",
        description=f"Align SRC with its translation TGT and write the result.\nInputs: {inputs}\n"
        "(text files in UTF-8, UTF-16 or a legacy encoding such as cp1251; the format is recognised "
        "by content when the name says otherwise).",
        epilog=f"formats (chosen by OUT's extension, or by --format):\n{_formats()}\n\n{_ALIGN_EXAMPLES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    align_cmd.add_argument("source", type=Path, metavar="SRC", help="the original document")
    align_cmd.add_argument("target", type=Path, metavar="TGT", help="its translation")
    _add_output_arguments(align_cmd)
    align_cmd.add_argument(
        "--level",
        choices=LEVELS,
        default="paragraph",
        help="align paragraphs (default) or sentences inside aligned paragraphs",
    )
    align_cmd.add_argument(
        "--src-lang",
        metavar="LANG",
        default=None,
        help="language of SRC, a code or a locale (ru, ru-RU), written verbatim into the TMX; default: detected",
    )
    align_cmd.add_argument(
        "--tgt-lang", metavar="LANG", default=None, help="language of TGT (en, en-US); default: detected"
    )
    align_cmd.add_argument(
        "--force",
        action="store_true",
        help="align even when both documents are in the same language or a given language "
        "contradicts the text, and write a translation memory even when the document "
        f"confidence is below {DOCUMENT_GATE} (pairs with an error finding stay out of it: add --keep-errors)",
    )
    align_cmd.add_argument(
        "--model",
        default=None,
        metavar="NAME_OR_PATH",
        help="a sentence-transformers model name or path (default: embedded USE multilingual)",
    )
    _add_reading_options(align_cmd)
    align_cmd.set_defaults(run=_run_align, parser=align_cmd)


def _shown(out: str | os.PathLike[str]) -> str:
    """An output as messages name it: '-' is the standard output."""
    return "standard output" if out == STDOUT else os.fspath(out)


def _run_align(args: argparse.Namespace) -> int:
    destinations = _destinations(args)
    source, target = _read_pair(args)
    if any(exporter.needs_languages for _, exporter in destinations):
        for document, side, option in ((source, "source", "--src-lang"), (target, "target", "--tgt-lang")):
            if not document.language:
                raise InputError(unknown_language_message(document, side, option))
    plan_exports(destinations, source, target, inputs=(args.source, args.target))
    result = align(source, target, level=args.level, model=args.model, force=args.force)
    return _write_outputs(result, destinations, args)


_EXPORT_EXAMPLES = """examples:
  aligner export ru.en.corrected.jsonl -o pair.tmx      the review page's saved corrections -> TMX
  aligner export edited.xlsx -o pair.tmx -o review.html  apply a spreadsheet's edits and statuses
  aligner export edited.xlsx --src-lang ru-RU --tgt-lang en-US -o pair.tmx   tagged with a CAT project's locales

exit status: 0 on success, 1 when a translation memory was refused (see --force), 2 on bad input, 3 on an
internal error (ALIGNER_DEBUG=1 shows the traceback), 130 on Ctrl-C, 143 on SIGTERM."""


def _add_export_command(commands: argparse._SubParsersAction) -> None:
    export_cmd = commands.add_parser(
        "export",
        help="write a saved or corrected alignment (JSONL, XLSX) in any format, without aligning again",
        description='Read an alignment saved as JSONL (`--format jsonl`, or "Save corrections" in the review page) '
        "or an edited XLSX, run the checks, and write it in the formats asked for.",
        epilog=f"formats (chosen by OUT's extension, or by --format):\n{_formats()}\n\n{_EXPORT_EXAMPLES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export_cmd.add_argument("alignment", type=Path, metavar="ALIGNMENT", help="a .jsonl or .xlsx alignment")
    _add_output_arguments(export_cmd)
    export_cmd.add_argument(
        "--model",
        default=None,
        metavar="NAME_OR_PATH",
        help="the encoder of the checks that compare units (weak, moved, absorbed, order; default: embedded USE "
        "multilingual): give the model the alignment was made with, else a pair a reviewer edited gets no weak check",
    )
    export_cmd.add_argument(
        "--force",
        action="store_true",
        help=f"write a translation memory even when the document confidence is below {DOCUMENT_GATE} "
        "(pairs with an error finding stay out of it: add --keep-errors)",
    )
    export_cmd.add_argument(
        "--src-lang",
        metavar="LANG",
        default=None,
        help="write the source's language as LANG (a locale of its language: ru-RU for ru, as a CAT project names "
        "it); default: the alignment's",
    )
    export_cmd.add_argument(
        "--tgt-lang", metavar="LANG", default=None, help="write the target's language as LANG (en-US for en)"
    )
    export_cmd.set_defaults(run=_run_export, parser=export_cmd)


def _run_export(args: argparse.Namespace) -> int:
    destinations = _destinations(args)
    languages = check_language_tag(args.src_lang, "--src-lang"), check_language_tag(args.tgt_lang, "--tgt-lang")
    result = load(args.alignment, source_language=languages[0], target_language=languages[1])
    plan_exports(destinations, result.source, result.target, inputs=(args.alignment,))
    return _write_outputs(result, destinations, args)


def _add_output_arguments(command: argparse.ArgumentParser) -> None:
    """The options of the commands that write alignments: outputs, format, what a translation memory keeps."""
    from .checks import CheckOptions

    command.add_argument(
        "-o",
        "--output",
        action="append",
        metavar="OUT",
        help="where to write; repeat for several outputs; '-' or none: stdout "
        f"(as {STDOUT_FORMAT} unless --format says otherwise)",
    )
    command.add_argument(
        "--format",
        choices=tuple(EXPORTERS),
        default=None,
        help="output format (default: from OUT's extension; see formats below)",
    )
    command.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print no summary on stderr (warnings and errors only); an output to stdout (-o -) prints none anyway",
    )
    command.add_argument(
        "--min-confidence",
        type=_probability,
        default=0.0,
        metavar="X",
        help="also leave pairs with confidence below X (0-1) out of tmx/tsv/moses, and say how many (default 0: "
        "none but those with an error finding, among them the low-confidence errors, pairs below "
        f"{CheckOptions().low_confidence_below}); the html review keeps and marks them, jsonl keeps every bead",
    )
    command.add_argument(
        "--keep-errors",
        action="store_true",
        help="keep pairs with an error finding (uncertain, untranslated, numbers that differ, ...) "
        "in tmx/tsv/moses; by default they are left out and counted on stderr",
    )


def _destinations(args: argparse.Namespace) -> list[Destination]:
    """The outputs and their exporters, and the export options, checked before any long work."""
    ExportOptions(min_confidence=args.min_confidence)
    outputs = args.output or [STDOUT]
    if outputs.count(STDOUT) > 1:
        raise SettingsError("-o -: stdout can take only one output")
    destinations = [
        (out, exporter_for(out, args.format or (STDOUT_FORMAT if out == STDOUT else None))) for out in outputs
    ]
    for out, exporter in destinations:
        check_destination(out, exporter, _input_files(args))
    return destinations


def _input_files(args: argparse.Namespace) -> list[Path]:
    """The files a command reads (SRC, TGT, ALIGNMENT, match's candidates), which no -o may name."""
    named = [getattr(args, name, None) for name in ("source", "target", "alignment")]
    return [path for path in [*named, *getattr(args, "candidates", ())] if path is not None]


def _write_outputs(result: Alignment, destinations: list[Destination], args: argparse.Namespace) -> int:
    """Check `result` (when a format shows or uses findings) and write every output not refused by the
    translation-memory gate, all of them or none; 1 if any was refused."""
    needs_findings = any(exporter.translation_memory or exporter.name == "html" for _, exporter in destinations)
    if needs_findings:
        _warn_of_another_model(result, args.model)
    findings = result.check(model=args.model) if needs_findings else ()
    options = ExportOptions(
        min_confidence=args.min_confidence, findings=findings, keep_errors=args.keep_errors, force=args.force
    )
    refused, accepted = [], []
    _print_warnings(result)
    for out, exporter in destinations:
        try:
            if exporter.translation_memory:
                check_gate(result, options, _shown(out))
            accepted.append((out, exporter))
        except GateError as error:
            refused.append(error)
    review = _review_shown(accepted)
    notes = []  # what the TMs leave out, said after the summary: the last lines, which do not scroll away (trial8 #8)
    for (out, exporter), report in zip(accepted, export_all(result, accepted, options)):
        if report.pairs_left_out > report.edited_left_out:
            errors = _with_errors_too(report.below_errors_left_out - report.edited_errors_left_out, review)
            notes.append(
                f"aligner: left {report.pairs_left_out - report.edited_left_out} of {len(result.pairs)} pairs with "
                f"confidence below {options.min_confidence} out of {_shown(out)} ({exporter.name}){errors}"
            )
        if report.edited_left_out:
            notes.append(
                f"aligner: left {report.edited_left_out} edited pair{'s' if report.edited_left_out > 1 else ''} out of "
                f"{_shown(out)} ({exporter.name}): pairs a reviewer made or rewrote are not scored, so "
                f"--min-confidence {options.min_confidence} holds them back: confirm them to include"
                f"{_with_errors_too(report.edited_errors_left_out, review)}"
            )
        if report.errors_left_out:
            notes.append(
                f"aligner: left {report.errors_left_out} of {len(result.pairs)} pairs with an error finding out "
                f"of {_shown(out)} ({exporter.name}); see them in {review}, or --keep-errors"
            )
        if exporter.translation_memory and result.pairs and not report.pairs_written:
            notes.append(f"aligner: warning: {_shown(out)} ({exporter.name}) holds no pair")
        if report.paths and not args.quiet:
            print(f"wrote {', '.join(map(str, report.paths))} ({exporter.name})", file=sys.stderr)
    if all(out != STDOUT for out, _ in destinations) and not args.quiet:
        print(summary_text(result, options), file=sys.stderr)
    for note in notes:
        print(note, file=sys.stderr)
    for refusal in refused:
        print(f"aligner: error: {refusal}", file=sys.stderr)
    return 1 if refused else 0


def _review_shown(destinations: list[Destination]) -> str:
    """Where the lines of pairs left out send a reviewer: the review page this run writes (else its spreadsheet),
    or the option that writes one."""
    files = [(out, exporter.name) for out, exporter in destinations if out != STDOUT]
    review = next((out for fmt in ("html", "xlsx") for out, name in files if name == fmt), None)
    return "a review page (add -o review.html)" if review is None else f"the review ({_shown(review)})"


def _with_errors_too(count: int, review: str) -> str:
    """What a line about pairs left out below --min-confidence adds for the `count` of them that have an error
    finding too, which a lower --min-confidence alone would not let in ('' for none)."""
    if not count:
        return ""
    return f"; {count} of them {'has' if count == 1 else 'have'} an error finding too: see {review}"


def _warn_of_another_model(result: Alignment, model: str | None) -> None:
    """Say which encoder the checks use when it is not the one `result` was aligned with (a saved alignment's, as
    its signature names it): its similarities are on another scale, so edited pairs get no weak check."""
    from .checks import alignment_model
    from .embed import is_local_model, resolve_encoder, same_model

    aligned_with, used = alignment_model(result), resolve_encoder(model).name
    if aligned_with is not None and not same_model(used, aligned_with):
        that_one = "--model with a folder of that model" if is_local_model(aligned_with) else f"--model {aligned_with}"
        how = "--model" if model is not None else f"the default; {that_one} to use that one"
        print(
            f"aligner: warning: the alignment was made with {aligned_with}; the checks encode with {used} ({how}), "
            "so a pair a reviewer edited gets no weak check",
            file=sys.stderr,
        )


def _read_pair(args: argparse.Namespace) -> tuple[Document, Document]:
    """The two documents of `align` and `check`, read with the reading options (units, sentence rules),
    their languages checked before any alignment."""
    abbreviations = [] if args.abbreviations is None else _read_abbreviations(args.abbreviations)
    try:
        segmenter = RuleSegmenter(abbreviations, args.srx)
    except SrxFileError as error:
        raise SettingsError(f"--srx {error.path}: {error.problem}") from error
    if same_file(args.source, args.target):
        raise InputError(f"{args.source} and {args.target} are the same file: give the translation as TGT")
    source_language = check_language_tag(args.src_lang, "--src-lang")
    target_language = check_language_tag(args.tgt_lang, "--tgt-lang")
    notes = not args.no_notes
    source = read(args.source, source_language, segmenter, _side_units(args, "src"), notes, args.src_encoding)
    target = read(args.target, target_language, segmenter, _side_units(args, "tgt"), notes, args.tgt_encoding)
    check_document_languages(source, target, force=args.force)
    return source, target


def _read_abbreviations(path: Path) -> list[str]:
    """The abbreviations of `--abbreviations FILE`, one a line, in any encoding a document may have (a BOM of
    Notepad's would stick to the first one, which then never matched)."""
    from .readers import decode

    try:
        data = path.read_bytes()
    except OSError as error:
        raise SettingsError(f"--abbreviations {path}: cannot read it ({error.strerror or error})") from error
    if not data.strip():
        return []
    try:
        text = decode(data, str(path))
    except InputError as error:
        raise SettingsError(f"--abbreviations {error}") from error
    return [line.strip() for line in text.splitlines() if line.strip()]


def _print_warnings(result: Alignment) -> None:
    for warning in result.warnings:
        print(f"aligner: warning: {warning}", file=sys.stderr)


def _run_match(args: argparse.Namespace) -> int:
    if args.output is not None:
        check_destination(args.output, inputs=_input_files(args))
    options = {"model": args.model, "threshold": args.threshold, "top_k": args.top_k}
    if args.corpus:
        if len(args.candidates) != 1:
            raise SettingsError("--corpus takes two directories: SRC_DIR TGT_DIR")
        source_dir, target_dir = args.source, args.candidates[0]
        if source_dir.is_dir() and target_dir.is_dir() and source_dir.samefile(target_dir):
            raise SettingsError(f"--corpus: {source_dir} and {target_dir} are the same folder")
        pairing = match_corpus(documents_in(args.source), documents_in(args.candidates[0]), **options)
        text, found = pairing.to_tsv(), bool(pairing.pairs)
    else:
        matches = match(args.source, args.candidates, **options)
        found = bool(matches)
        text = (
            "".join(f"{m.confidence:.4f}\t{m.name}\n" for m in matches)
            or f"no candidate translates {args.source} (confidence < {args.threshold} for all, or in its language; a "
            "translation with its paragraphs in another order scores low too: `aligner check` reports its moved "
            "paragraphs)\n"
        )
    if args.output is None:
        write_stdout(text)
    else:
        write_atomically({args.output: text})
        print(f"wrote {args.output}", file=sys.stderr)  # as align says where it wrote
    return 0 if found else 1


def main(argv: Sequence[str] | None = None) -> int:
    try:  # from the start: a signal while the parser is built is said in one line too
        return _run(argv)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)
    except Terminated:
        return _fail("terminated", 143)


def _show_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
    """A warning of the library's (a guessed encoding) as a line of the CLI's own, `aligner: warning: ...`."""
    print(f"aligner: warning: {message}", file=sys.stderr)


def _run(argv: Sequence[str] | None) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("default", EncodingGuessWarning)
        warnings.showwarning = _show_warning
        return _run_command(argv)


def _run_command(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    try:
        args, unknown = parser.parse_known_args(argv)
        if unknown:  # as parse_args, but named by the command whose help lists its options
            args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    except SystemExit as exit_:  # --help, --version, or a usage error (argparse exits 2): return, do not exit
        return exit_.code if isinstance(exit_.code, int) else 2
    try:
        return args.run(args)
    except GateError as error:
        return _fail(f"error: {error}", 1)
    except AlignerError as error:
        return _fail(f"error: {error}", 2)
    except BrokenPipeError:  # stdout closed early (e.g. piped into `head`): stop quietly
        _discard_stdout()
        return 0
    except MemoryError:
        return _fail("error: out of memory (README's Limits say what one run needs)", 3)
    except Exception as error:  # a bug: one line, not a traceback, unless asked for
        if os.environ.get("ALIGNER_DEBUG"):
            raise
        return _fail(
            f"internal error: {type(error).__name__}: {first_line(error)} "
            "(please report it; ALIGNER_DEBUG=1 shows the traceback)",
            3,
        )


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that `finally` blocks remove temporary files."""


def _fail(message: str, status: int) -> int:
    """Print `aligner: MESSAGE` as one line on stderr; drop what a broken stdout still holds."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OSError:
        _discard_stdout()
    print("aligner: " + message.replace("\r", "\\r").replace("\n", "\\n"), file=sys.stderr)
    return status


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main_entry() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())
