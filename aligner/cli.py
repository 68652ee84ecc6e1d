"""The command line: argument parsing and exit codes only; the work is done by the public API.

Exit codes: 0 success, 1 `check` found errors, 2 bad input or bad options (one line on stderr).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .embed import CachedEncoder, resolve_encoder
from .errors import AlignerError, InputError, SettingsError
from .export import EXPORTERS, STDOUT, ExportOptions, check_destination, export, exporter_for, write_atomically
from .export.review import summary_text
from .language import check_language_tag, same_language
from .match import DEFAULT_THRESHOLD, DEFAULT_TOP_K, documents_in, match, match_corpus
from .pipeline import align, read
from .read import READERS
from .types import LEVELS

STDOUT_FORMAT = "tsv"  # readable in a terminal and easy to pipe


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aligner", description="Align a document with its translation.")
    parser.add_argument("--version", action="version", version=f"aligner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_align_command(commands)
    match_cmd = commands.add_parser(
        "match", help="find which CANDIDATE translates SRC (or pair two directories)",
        usage="aligner match [options] SRC CANDIDATE... | --corpus SRC_DIR TGT_DIR",
        description="Rank the candidates by the confidence that each translates SRC (those above --threshold), "
                    "or pair the documents of two directories one-to-one (--corpus).",
        epilog="Exit status: 0 when a translation (or, with --corpus, a pair) was found, 1 when none was, "
               "2 on bad input.")
    match_cmd.add_argument("source", type=Path, metavar="SRC", help="the original document (SRC_DIR with --corpus)")
    match_cmd.add_argument("candidates", type=Path, nargs="+", metavar="CANDIDATE",
                           help="the documents that may translate it (TGT_DIR with --corpus)")
    match_cmd.add_argument("--corpus", action="store_true",
                           help="pair the documents of SRC_DIR one-to-one with those of TGT_DIR; writes TSV")
    match_cmd.add_argument("-o", "--output", type=Path, default=None, help="write the result here, not to stdout")
    match_cmd.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                           help=f"the least confidence of a translation (default {DEFAULT_THRESHOLD})")
    match_cmd.add_argument("--top-k", type=int, default=DEFAULT_TOP_K,
                           help=f"nearest candidates aligned per document (default {DEFAULT_TOP_K})")
    match_cmd.add_argument("--model", default=None, metavar="NAME_OR_PATH",
                           help="a sentence-transformers model name or path (default: embedded USE multilingual)")
    match_cmd.set_defaults(run=_run_match)
    _add_check_command(commands)
    return parser


def _add_check_command(commands: argparse._SubParsersAction) -> None:
    check_cmd = commands.add_parser(
        "check", help="align SRC with TGT and report what looks wrong (numbers, omissions, untranslated text, ...)",
        description="Align SRC with its translation TGT and run the consistency checks: omissions and additions, "
                    "uncertain pairs, numbers and dates, untranslated text, length outliers, order, "
                    "inconsistent repetitions.",
        epilog="exit status: 0 when no error is found (warnings allowed), 1 when any error is found, "
               "2 on bad input or options.")
    check_cmd.add_argument("source", type=Path, metavar="SRC", help="the original document")
    check_cmd.add_argument("target", type=Path, metavar="TGT", help="its translation")
    check_cmd.add_argument("--format", choices=("text", "json", "html"), default="text",
                           help="text (default): one line per finding; json; html: the review page with the "
                                "findings as badges on their beads")
    check_cmd.add_argument("--level", choices=LEVELS, default="paragraph",
                           help="check paragraph pairs (default) or sentence pairs")
    check_cmd.add_argument("--src-lang", metavar="LANG", default=None, help="language of SRC; default: detected")
    check_cmd.add_argument("--tgt-lang", metavar="LANG", default=None, help="language of TGT; default: detected")
    check_cmd.add_argument("--model", default=None, metavar="NAME_OR_PATH",
                           help="a sentence-transformers model name or path (default: embedded USE multilingual)")
    check_cmd.add_argument("--min-confidence", type=float, default=None, metavar="X",
                           help="report pairs with confidence below X (0-1) as errors (default 0.5)")
    check_cmd.set_defaults(run=_run_check)


def _run_check(args: argparse.Namespace) -> int:
    from .checks import findings_json, findings_text

    source = read(args.source, check_language_tag(args.src_lang, "--src-lang"))
    target = read(args.target, check_language_tag(args.tgt_lang, "--tgt-lang"))
    encoder = CachedEncoder(resolve_encoder(args.model))  # loaded once, shared by alignment and checks
    result = align(source, target, level=args.level, model=encoder)
    options = {} if args.min_confidence is None else {"min_confidence": args.min_confidence}
    findings = result.check(model=encoder, **options)
    if args.format == "html":
        export(result, STDOUT, "html", ExportOptions(findings=findings))
    else:
        sys.stdout.write((findings_json if args.format == "json" else findings_text)(result, findings))
    return 1 if any(finding.severity == "error" for finding in findings) else 0


_ALIGN_EXAMPLES = """examples:
  aligner align ru.md en.txt -o pair.tmx                  translation memory for a CAT tool
  aligner align ru.md en.txt -o pair.tmx -o review.html   ... and a review page to open in a browser
  aligner align ru.docx en.docx --level sentence --src-lang ru-RU --tgt-lang en-US -o pair.tmx
  aligner align ru.html en.html | cut -f1,2               pairs as TSV on stdout
  aligner align ru.md en.txt --format moses -o corpus     corpus.ru + corpus.en, one pair per line

exit status: 0 on success, 2 on bad input or options (one line on stderr)."""


def _add_align_command(commands: argparse._SubParsersAction) -> None:
    formats = "\n".join(f"  {name:<6} {' '.join(e.extensions) or '(--format)':<14} {e.description}"
                        for name, e in EXPORTERS.items())
    inputs = ", ".join(ext for ext in READERS if ext)
    align_cmd = commands.add_parser(
        "align", help="align SRC with its translation TGT and write the pairs (TMX, TSV, JSONL, Moses, HTML)",
        description=f"Align SRC with its translation TGT and write the result.\nInputs: {inputs}\n"
                    "(text files in UTF-8, UTF-16 or a legacy encoding such as cp1251).",
        epilog=f"formats (chosen by OUT's extension, or by --format):\n{formats}\n\n{_ALIGN_EXAMPLES}",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    align_cmd.add_argument("source", type=Path, metavar="SRC", help="the original document")
    align_cmd.add_argument("target", type=Path, metavar="TGT", help="its translation")
    align_cmd.add_argument("-o", "--output", action="append", metavar="OUT",
                           help="where to write; repeat for several outputs; '-' or none: stdout "
                                f"(as {STDOUT_FORMAT} unless --format says otherwise)")
    align_cmd.add_argument("--format", choices=tuple(EXPORTERS), default=None,
                           help="output format (default: from OUT's extension; see formats below)")
    align_cmd.add_argument("--level", choices=LEVELS, default="paragraph",
                           help="align paragraphs (default) or sentences inside aligned paragraphs")
    align_cmd.add_argument("--src-lang", metavar="LANG", default=None,
                           help="language of SRC, a code or a locale (ru, ru-RU), written verbatim into the TMX; "
                                "default: detected")
    align_cmd.add_argument("--tgt-lang", metavar="LANG", default=None,
                           help="language of TGT (en, en-US); default: detected")
    align_cmd.add_argument("--force", action="store_true",
                           help="align even when both documents are in the same language")
    align_cmd.add_argument("--model", default=None, metavar="NAME_OR_PATH",
                           help="a sentence-transformers model name or path (default: embedded USE multilingual)")
    align_cmd.add_argument("--min-confidence", type=float, default=0.0, metavar="X",
                           help="leave pairs with confidence below X (0-1) out of tmx/tsv/moses and say how many; "
                                "the html review keeps and marks them, jsonl keeps every bead (default 0)")
    align_cmd.add_argument("-q", "--quiet", action="store_true",
                           help="print no summary on stderr (warnings and errors only)")
    align_cmd.set_defaults(run=_run_align)


def _run_align(args: argparse.Namespace) -> int:
    options = ExportOptions(min_confidence=args.min_confidence)
    outputs = args.output or [STDOUT]
    if outputs.count(STDOUT) > 1:
        raise SettingsError("-o -: stdout can take only one output")
    exporters = [exporter_for(out, args.format or (STDOUT_FORMAT if out == STDOUT else None)) for out in outputs]
    for out, exporter in zip(outputs, exporters):
        check_destination(out, exporter)
    source = read(args.source, check_language_tag(args.src_lang, "--src-lang"))
    target = read(args.target, check_language_tag(args.tgt_lang, "--tgt-lang"))
    if same_language(source.language, target.language) and not args.force:
        raise InputError(f"{args.source} and {args.target} are both in {source.language!r}: give --src-lang/"
                         "--tgt-lang if detection is wrong, or --force to align them anyway")
    result = align(source, target, level=args.level, model=args.model)
    for out, exporter in zip(outputs, exporters):
        report = export(result, out, exporter.name, options)
        if report.pairs_left_out:
            print(f"aligner: left {report.pairs_left_out} of {len(result.pairs)} pairs with confidence below "
                  f"{options.min_confidence} out of {out} ({exporter.name})", file=sys.stderr)
        if report.paths and not args.quiet:
            print(f"wrote {', '.join(map(str, report.paths))} ({exporter.name})", file=sys.stderr)
    if STDOUT not in outputs and not args.quiet:
        print(summary_text(result, options), file=sys.stderr)
    return 0


def _run_match(args: argparse.Namespace) -> int:
    if args.output is not None and not args.output.parent.is_dir():
        raise SettingsError(f"--output {args.output}: the directory {args.output.parent} does not exist")
    options = {"model": args.model, "threshold": args.threshold, "top_k": args.top_k}
    if args.corpus:
        if len(args.candidates) != 1:
            raise SettingsError("--corpus takes two directories: SRC_DIR TGT_DIR")
        pairing = match_corpus(documents_in(args.source), documents_in(args.candidates[0]), **options)
        text, found = pairing.to_tsv(), bool(pairing.pairs)
    else:
        matches = match(args.source, args.candidates, **options)
        found = bool(matches)
        text = "".join(f"{m.confidence:.4f}\t{m.name}\n" for m in matches) or \
            f"no candidate translates {args.source} (confidence < {args.threshold} for all)\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_atomically({args.output: text})
    return 0 if found else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or a usage error (argparse exits 2): return, do not exit
        return exit_.code if isinstance(exit_.code, int) else 2
    try:
        return args.run(args)
    except AlignerError as error:
        print(f"aligner: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # stdout closed early (e.g. piped into `head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        return 0


def main_entry() -> None:
    sys.exit(main())
