"""The command line: argument parsing and exit codes only; the work is done by the public API.

Exit codes: 0 success, 2 bad input or bad options (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import AlignerError
from .pipeline import align
from .types import LEVELS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aligner", description="Align a document with its translation.")
    parser.add_argument("--version", action="version", version=f"aligner {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    align_cmd = commands.add_parser("align", help="align SRC with its translation TGT and print the pairs")
    align_cmd.add_argument("source", type=Path, metavar="SRC", help="the original document (.txt, .md)")
    align_cmd.add_argument("target", type=Path, metavar="TGT", help="its translation")
    align_cmd.add_argument("--level", choices=LEVELS, default="paragraph",
                           help="align paragraphs (default) or sentences inside aligned paragraphs")
    align_cmd.add_argument("--model", default=None, metavar="NAME_OR_PATH",
                           help="a sentence-transformers model name or path (default: embedded USE multilingual)")
    align_cmd.set_defaults(run=_run_align)
    return parser


def _run_align(args: argparse.Namespace) -> int:
    result = align(args.source, args.target, level=args.level, model=args.model)
    print(repr(result))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except AlignerError as error:
        print(f"aligner: error: {error}", file=sys.stderr)
        return 2


def main_entry() -> None:
    sys.exit(main())
