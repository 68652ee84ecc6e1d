"""TMX 1.4: one <tu> per translation pair, for CAT tools (Trados, memoQ, OmegaT...).

Valid against the TMX 1.4 DTD. The header names the source language exactly as
the user gave it (full locales like "en-US" allowed) and carries the alignment
signature in `<prop type="x-signature">`. Each <tu> has the bead's confidence,
type, unit ids (0-based) and review status (auto, confirmed, edited) as `x-`
props, what its units are when they are no body text (`x-role`: footnote, endnote, note,
text box; each side's when the sides differ, "source: footnote; target: body text"), and the checks that found
something on it (`x-findings`, e.g. "weak", when the export is given findings), then one <tuv> per language. Segment
text is written as is: no added whitespace; characters XML 1.0 forbids are
dropped. No timestamps, unless SOURCE_DATE_EPOCH is set (then `creationdate`).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import SettingsError
from . import (
    ExportOptions,
    bead_role,
    drop_forbidden_characters,
    exported_indices,
    findings_by_bead,
    format_number,
    language_of,
)

if TYPE_CHECKING:
    from ..types import Alignment, Bead, Document

_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"}
)  # a raw CR would be read back as LF


def xml_text(text: str) -> str:
    """`text` made safe for XML character data or a quoted attribute value."""
    return drop_forbidden_characters(text).translate(_ESCAPES)


def preflight(source: Document, target: Document) -> tuple[str]:
    """SettingsError when a language is unknown or SOURCE_DATE_EPOCH is not a Unix time."""
    language_of(source, "source")
    language_of(target, "target")
    _creation_date()
    return ("",)


def render(alignment: Alignment, options: ExportOptions) -> dict[str, str]:
    """The TMX document (see the module docstring)."""
    source_lang = language_of(alignment.source, "source")
    language_of(alignment.target, "target")  # an unknown target language is refused before the header is made
    header_props = {
        "x-signature": alignment.signature,
        "x-document-confidence": format_number(alignment.confidence),
        "x-source-document": alignment.source.file_name,
        "x-target-document": alignment.target.file_name,
        "x-min-confidence": format_number(options.min_confidence),
    }
    lines_read = alignment.level == "paragraph" and (alignment.source.lines or alignment.target.lines)
    # TMX has no segment type for lines read one a line: "block", not "paragraph" (which a CAT tool may split)
    lines = header_lines(source_lang, "block" if lines_read else alignment.level, header_props)
    lines += translation_units(alignment, options)
    lines += FOOTER_LINES
    return {"": "\n".join(lines)}


FOOTER_LINES = ["  </body>", "</tmx>", ""]


def header_lines(source_lang: str, segtype: str, props: dict[str, str]) -> list[str]:
    """The lines from the XML declaration to `<body>`: the header with its attributes and `props`."""
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<tmx version="1.4">',
        f'  <header creationtool="aligner" creationtoolversion="{xml_text(__version__)}"'
        f' segtype="{segtype}" o-tmf="aligner" adminlang="en" srclang="{xml_text(source_lang)}"'
        f' datatype="plaintext"{_creation_date()}>',
        *(f'    <prop type="{name}">{xml_text(value)}</prop>' for name, value in props.items()),
        "  </header>",
        "  <body>",
    ]


def translation_units(alignment: Alignment, options: ExportOptions, document: str | None = None) -> list[str]:
    """The `<tu>` lines of the exported pairs; with `document`, each TU also carries it as `x-document`
    and its tuid is prefixed with it (a merged TMX of many documents)."""
    source_lang = language_of(alignment.source, "source")
    target_lang = language_of(alignment.target, "target")
    exported = exported_indices(alignment, options)
    views = findings_by_bead(alignment, options.findings)  # the findings each row of the review page shows
    lines: list[str] = []
    for number, bead in enumerate(alignment.beads):
        if number in exported:
            found = ",".join(sorted({view.finding.check for view in views.get(number, ())}))
            role = bead_role(alignment, bead)
            lines.extend(_unit(bead, number, source_lang, target_lang, document, found, role))
    return lines


def _unit(
    bead: Bead,
    number: int,
    source_lang: str,
    target_lang: str,
    document: str | None,
    findings: str,
    role: str | None,
) -> list[str]:
    props = {} if document is None else {"x-document": xml_text(document)}
    props |= {
        "x-confidence": format_number(bead.confidence),
        "x-bead-type": bead.kind,
        "x-source-ids": ",".join(map(str, bead.source)),
        "x-target-ids": ",".join(map(str, bead.target)),
        "x-status": bead.status,
    }
    if role:  # a note, a text box, a header... (`bead_role`)
        props["x-role"] = xml_text(role)
    if findings:  # the checks that found something on a pair that still goes in (a warning, or --keep-errors)
        props["x-findings"] = findings
    tuid = str(number) if document is None else f"{xml_text(document)}:{number}"
    return [
        f'    <tu tuid="{tuid}">',
        *(f'      <prop type="{name}">{value}</prop>' for name, value in props.items()),
        f'      <tuv xml:lang="{xml_text(source_lang)}"><seg>{xml_text(bead.source_text)}</seg></tuv>',
        f'      <tuv xml:lang="{xml_text(target_lang)}"><seg>{xml_text(bead.target_text)}</seg></tuv>',
        "    </tu>",
    ]


def _creation_date() -> str:
    """` creationdate="..."` from SOURCE_DATE_EPOCH (reproducible builds), else nothing."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return ""
    try:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(int(epoch)))
    except (ValueError, OverflowError, OSError) as error:
        raise SettingsError(f"SOURCE_DATE_EPOCH must be a Unix time in seconds, got {epoch!r}") from error
    if int(epoch) < 0 or len(stamp) != len("YYYYMMDDThhmmssZ"):  # TMX's date is four digits of year, from 1970 here
        raise SettingsError(f"SOURCE_DATE_EPOCH must be a Unix time in seconds from 1970 to 9999, got {epoch!r}")
    return f' creationdate="{stamp}"'
