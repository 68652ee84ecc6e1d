"""Paths as people write them: `~` is the home folder, as a shell would have made it."""

from __future__ import annotations

import os
from pathlib import Path


def expand_home(path: str | os.PathLike[str]) -> Path:
    """`path` as a `Path`, a leading `~` (or `~user`) the home folder: a notebook or a script has no shell to expand
    `~/ru.md`. os.path's expanduser, not Path's, which raises RuntimeError for a name such as `~draft.txt` (the home
    of a user "draft"); os.path leaves such a name as it is."""
    return Path(os.path.expanduser(os.fsdecode(path)))
