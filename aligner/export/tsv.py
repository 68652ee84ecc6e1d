"""TSV: one translation pair per line, for spreadsheets and scripts.

Columns (with a header row): source, target, confidence, source_ids, target_ids, status; and role, when a unit of
either document is a note, a text box, a header or a footer (`bead_role`: footnote, endnote, note, text box, header,
footer; each side's when the sides differ, "source: footnote; target: body text"; empty for body text).
Ids are 0-based unit indices, comma-separated; status is auto, confirmed or edited. Inside text, backslash, tab,
newline and carriage return are written as `\\\\`, `\\t`, `\\n`, `\\r`, so every
pair is exactly one line. 1-0/0-1 beads and the pairs `exported_pairs` leaves out are not written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import ExportOptions, bead_role, exported_pairs, format_number, has_roles

if TYPE_CHECKING:
    from ..types import Alignment

COLUMNS = ("source", "target", "confidence", "source_ids", "target_ids", "status")
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def escape(text: str) -> str:
    """`text` with backslash, tab, newline and carriage return escaped (one TSV field)."""
    return text.translate(_ESCAPES)


def render(alignment: Alignment, options: ExportOptions) -> dict[str, str]:
    """The TSV file (see the module docstring)."""
    roles = has_roles(alignment)
    rows = ["\t".join((*COLUMNS, "role") if roles else COLUMNS)]
    for bead in exported_pairs(alignment, options):
        fields = [
            escape(bead.source_text),
            escape(bead.target_text),
            format_number(bead.confidence),
            ",".join(map(str, bead.source)),
            ",".join(map(str, bead.target)),
            bead.status,
        ]
        if roles:
            fields.append(bead_role(alignment, bead) or "")
        rows.append("\t".join(fields))
    return {"": "\n".join(rows) + "\n"}
