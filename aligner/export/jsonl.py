"""JSON Lines: every bead, one JSON object per line, after one metadata record.

The first line is the metadata record:
`{"record": "alignment", "signature": ..., "level": ..., "confidence": ..., "warnings": [...],
"source": {"name", "language", "units"}, "target": {...}}` (`warnings`: `Alignment.warnings`, e.g. a language
the encoder does not know, kept so that a review made from the file shows them too; `pair_similarity`:
`{"median", "spread"}` of the pairs' similarities as aligned, which the `weak` check measures against, kept so
that a reviewer's edits do not move the other beads' findings (absent with fewer than 5 pairs); a document read one unit
per line also has `"lines": true`, so that its units are called lines when the file is read back; a document with notes,
text boxes, headers or footers has `"roles"`, the ids of its units of each role, e.g. `{"footnote": [3, 9],
"text box": [6]}`: see `Unit.role`).
Each following line is a bead record: `{"record": "bead", "index": ...}` plus the
fields of `aligner.types.bead_record` (those of `Alignment.to_records()` but its role; source and target unit ids,
0-based; kind; confidence; similarity; source_text; target_text; status: auto, confirmed or
edited; notes, e.g. that a long unit was embedded in chunks), then the text of
each unit (`source_units`, `target_units`) and, at sentence level, the 0-based
paragraph of each unit (`source_paragraphs`, `target_paragraphs`): enough for
`aligner.load` to rebuild the alignment. 1-0/0-1 beads are included (one side's
ids empty) and so are pairs below `min_confidence`: filter on "confidence" when
reading. UTF-8, not ASCII-escaped; keys in a fixed order. The review page's
"Save corrections" writes the same schema.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..types import bead_record
from . import ExportOptions, units_by_role

if TYPE_CHECKING:
    from ..types import Alignment, Document, Level


def render(alignment: Alignment, options: ExportOptions) -> dict[str, str]:
    """The JSONL file (see the module docstring)."""
    lines = [json_line(metadata_record(alignment))]
    lines.extend(json_line(record) for record in bead_records(alignment))
    return {"": "\n".join(lines) + "\n"}


def json_line(record: dict[str, object]) -> str:
    """A record as one line of the file (the review page's "Save corrections" writes its beads the same way)."""
    return json.dumps(record, ensure_ascii=False)


def metadata_record(alignment: Alignment) -> dict[str, object]:
    """The first record: signature, level, document confidence, and both documents."""
    return {
        "record": "alignment",
        "signature": alignment.signature,
        "level": alignment.level,
        "confidence": alignment.confidence,
        "warnings": list(alignment.warnings),
        **_pair_similarity(alignment),
        "source": _document(alignment.source, alignment.level),
        "target": _document(alignment.target, alignment.level),
    }


def _pair_similarity(alignment: Alignment) -> dict[str, object]:
    from ..checks import pair_similarity

    kept = pair_similarity(alignment)
    return {} if kept is None else {"pair_similarity": {"median": kept[0], "spread": kept[1]}}


def bead_records(alignment: Alignment) -> list[dict[str, object]]:
    """One record per bead, with the texts (and, for sentences, the paragraphs) of its units."""
    sides = {"source": alignment.source.units(alignment.level), "target": alignment.target.units(alignment.level)}
    records = []
    for index, bead in enumerate(alignment.beads):
        units = {
            side: [sides[side][i] for i in ids] for side, ids in (("source", bead.source), ("target", bead.target))
        }
        record = {
            "record": "bead",
            "index": index,
            **bead_record(bead),
            "source_units": [unit.text for unit in units["source"]],
            "target_units": [unit.text for unit in units["target"]],
        }
        if alignment.level == "sentence":
            record["source_paragraphs"] = [unit.paragraph for unit in units["source"]]
            record["target_paragraphs"] = [unit.paragraph for unit in units["target"]]
        records.append(record)
    return records


def _document(document: Document, level: Level) -> dict[str, object]:
    record: dict[str, object] = {
        "name": document.file_name,
        "language": document.language,
        "units": len(document.units(level)),
    }
    if document.lines:
        record["lines"] = True
    roles = units_by_role(document, level)
    if roles:
        record["roles"] = roles
    return record
