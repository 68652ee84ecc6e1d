"""Paths as people write them: `~` is the home folder, as a shell would have made it."""

from __future__ import annotations

import os
from pathlib import Path


def expand_home(path: str | os.PathLike[str]) -> Path:
    """`path` as a `Path`, a leading `~` (or `~user`) the home folder: a notebook or a script has no shell to expand
    `~/ru.md`. os.path's expanduser, not Path's, which raises RuntimeError for a name such as `~draft.txt` (the home
    of a user "draft"); os.path leaves such a name as it is."""
    return Path(os.path.expanduser(os.fsdecode(path)))


def normalised_path(path: Path) -> Path:
    """`path` absolute, each `folder/..` in it left out (`/data/x/../tr/ru.docx` is `/data/tr/ru.docx`), as a person
    names a file. No link is resolved; after a symbolic link `..` is the parent of the link's target, and after a name
    that is no folder the path names no file, so there the path is kept as it is from that `..` on: it always names
    what it named."""
    parts = path.absolute().parts
    kept: list[str] = []
    for index, part in enumerate(parts):
        if part != "..":
            kept.append(part)
        elif len(kept) > 1:
            folder = Path(*kept)
            if folder.is_symlink() or not folder.is_dir():
                return Path(*kept, *parts[index:])
            kept.pop()
    return Path(*kept)


def file_on_the_path(path: Path) -> Path | None:
    """The first folder of `path` (nearest first) that is a file, None when none is: where the OS says only "Not a
    directory" (`en.docx/x`), the message names the file."""
    return next((parent for parent in path.parents if parent.is_file()), None)


def same_file(first: object, second: object) -> bool:
    """True when `first` and `second` are paths (str or PathLike) of one existing file: `ru.md` given as both the
    source and its translation. False for a missing file (reading it says so) and for what is no path (a text)."""
    if not (isinstance(first, (str, os.PathLike)) and isinstance(second, (str, os.PathLike))):
        return False
    try:
        return expand_home(first).samefile(expand_home(second))
    except (OSError, ValueError):  # no such file, or a text that is no file name (a NUL in it, too long)
        return False
