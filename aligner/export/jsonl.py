"""JSON Lines: every bead, one JSON object per line, after one metadata record.

The first line is the metadata record:
`{"record": "alignment", "signature": ..., "level": ..., "confidence": ...,
"source": {"name", "language", "units"}, "target": {...}}`.
Each following line is a bead record: `{"record": "bead", "index": ...}` plus the
fields of `Alignment.to_records()` (source and target unit ids, 0-based; kind;
confidence; similarity; source_text; target_text). 1-0/0-1 beads are included
(one side's ids empty) and so are pairs below `min_confidence`: filter on
"confidence" when reading. UTF-8, not ASCII-escaped; keys in a fixed order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from . import ExportOptions

if TYPE_CHECKING:
    from ..types import Alignment, Document, Level


def render(alignment: Alignment, options: ExportOptions) -> dict[str, str]:
    """The JSONL file (see the module docstring)."""
    metadata = {
        "record": "alignment",
        "signature": alignment.signature,
        "level": alignment.level,
        "confidence": alignment.confidence,
        "source": _document(alignment.source, alignment.level),
        "target": _document(alignment.target, alignment.level),
    }
    lines = [json.dumps(metadata, ensure_ascii=False)]
    for index, record in enumerate(alignment.to_records()):
        lines.append(json.dumps({"record": "bead", "index": index, **record}, ensure_ascii=False))
    return {"": "\n".join(lines) + "\n"}


def _document(document: Document, level: Level) -> dict[str, object]:
    return {"name": Path(document.name).name, "language": document.language, "units": len(document.units(level))}
