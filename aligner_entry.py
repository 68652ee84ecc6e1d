"""The `aligner` command's entry point (pyproject.toml's console script): Ctrl-C and SIGTERM said in one line from
the command's first moment.

`aligner.cli` imports the whole package (numpy, the readers, the encoder's wrapper: about 1.6 s), and a signal
during an import gave Python's traceback (Ctrl-C) or ended the command without a word (SIGTERM). A module inside
the package could not help: importing it imports the package first. So this one, beside the package, holds only
what is needed to say the signal before the heavy imports; `aligner.cli.main_entry` says it from then on.
"""

from __future__ import annotations

import signal
import sys


class _Terminated(BaseException):
    """SIGTERM while the command is being imported."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from aligner.cli import main_entry

        main_entry()  # its own handler from its first line
    except KeyboardInterrupt:
        _stop("interrupted", 130)
    except _Terminated:
        _stop("terminated", 143)


def _stop(what: str, status: int) -> None:
    print(f"aligner: {what}", file=sys.stderr)  # as aligner.cli says it once it runs
    sys.exit(status)


if __name__ == "__main__":
    main()
