"""Moses parallel corpus: two plain-text files, `OUT.<src-lang>` and `OUT.<tgt-lang>`.

Line n of one file translates line n of the other (training data for MT tools).
Line breaks inside a pair (between its paragraphs, or typed in an edit) become
spaces so the files stay line-aligned. 1-0/0-1 beads and the pairs
`exported_pairs` leaves out are not written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import SettingsError
from . import ExportOptions, exported_pairs, language_of

if TYPE_CHECKING:
    from ..types import Alignment, Document


def one_line(text: str) -> str:
    """`text` on one line: every line boundary `str.splitlines` knows and runs of spaces -> one space."""
    return " ".join(text.split())


def preflight(source: Document, target: Document) -> tuple[str, str]:
    """The suffixes ".<src-lang>" and ".<tgt-lang>"; SettingsError when a language is unknown or both are one."""
    source_lang, target_lang = language_of(source, "source"), language_of(target, "target")
    if source_lang == target_lang:
        raise SettingsError(f"moses: both sides are {source_lang!r}, so OUT.{source_lang} would be written twice")
    return f".{source_lang}", f".{target_lang}"


def render(alignment: Alignment, options: ExportOptions) -> dict[str, str]:
    """The two files, keyed ".<src-lang>" and ".<tgt-lang>"."""
    source_suffix, target_suffix = preflight(alignment.source, alignment.target)
    pairs = exported_pairs(alignment, options)
    source_lines = "".join(one_line(bead.source_text) + "\n" for bead in pairs)
    target_lines = "".join(one_line(bead.target_text) + "\n" for bead in pairs)
    return {source_suffix: source_lines, target_suffix: target_lines}
