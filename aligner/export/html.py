"""HTML review: one self-contained page (inline CSS and JS, no network) to check an alignment.

A summary (units per side, beads by type, document confidence, a histogram of
bead confidences), then every bead as a row: source and target side by side,
paragraph boundaries, bead type, colour-coded confidence, 1-0/0-1 beads as gaps.
The "low confidence only" filter (key f) hides the other rows; j/k or the arrow
keys move between the visible beads. Findings of consistency checks
(`ExportOptions.findings`: objects with `bead`, `message`, `severity`) appear as
badges on their beads. The alignment signature is in the footer.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..errors import SettingsError
from . import BeadFinding, ExportOptions, drop_forbidden_characters, is_exported
from .review import HISTOGRAM_BINS, ReviewSummary, summarise

if TYPE_CHECKING:
    from ..types import Alignment, Bead, Document, Unit

HIGH_CONFIDENCE = 0.9

_CSS = """
:root { --high: #c8efc8; --mid: #f6e7a8; --low: #f4b6b6; --line: #d0d0d0; --gap: #f3f3f3; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 0 1.5em 3em; color: #222; }
h1 { font-size: 1.4em; margin: 1em 0 .2em; }
.documents { color: #555; margin-top: 0; }
#summary { display: flex; gap: 3em; flex-wrap: wrap; align-items: flex-end; margin: 1em 0; }
#summary dl { display: grid; grid-template-columns: auto auto; gap: .2em 1em; margin: 0; }
#summary dt { color: #555; } #summary dd { margin: 0; font-weight: 600; }
#histogram figcaption { color: #555; font-size: .85em; text-align: center; }
.bars { display: flex; align-items: flex-end; gap: 3px; height: 120px; border-bottom: 1px solid #888; }
.bar { width: 28px; height: 100%; display: flex; flex-direction: column; justify-content: flex-end;
       align-items: center; }
.bar .fill { width: 100%; background: #6a8fd0; min-height: 1px; }
.bar .count { font-size: .75em; color: #333; }
.bins { display: flex; gap: 3px; font-size: .7em; color: #666; }
.bins span { width: 28px; text-align: center; }
#controls { position: sticky; top: 0; background: #fff; padding: .5em 0; border-bottom: 1px solid var(--line);
            display: flex; gap: 2em; align-items: center; z-index: 1; }
#controls .keys { color: #666; font-size: .85em; }
kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 .3em; font-size: .85em; background: #f7f7f7; }
table { border-collapse: collapse; width: 100%; margin-top: .5em; }
th, td { border-bottom: 1px solid var(--line); padding: .35em .5em; vertical-align: top; text-align: left; }
th { font-size: .85em; color: #555; }
td.n, td.kind, td.conf { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.text { width: 40%; }
td.notes { min-width: 10em; }
.conf-high { background: var(--high); } .conf-mid { background: var(--mid); } .conf-low { background: var(--low); }
.unit + .unit { border-top: 1px dashed #bbb; margin-top: .3em; padding-top: .3em; }
.uid { color: #888; font-size: .75em; margin-right: .4em; }
td.gap { background: repeating-linear-gradient(45deg, var(--gap), var(--gap) 6px, #fff 6px, #fff 12px);
         color: #888; font-style: italic; }
tr.para-start > td { border-top: 2px solid #777; }
tr.bead:focus, tr.bead.current { outline: 3px solid #4a7bd0; outline-offset: -3px; }
.badge { display: inline-block; border-radius: 3px; padding: 0 .4em; margin: 0 .3em .2em 0; font-size: .8em;
         background: #e4e4e4; }
.badge.left-out { background: #555; color: #fff; }
.badge.sev-warning { background: #f6d58a; } .badge.sev-error { background: #e88; } .badge.sev-info { background: #cde; }
footer { margin-top: 2em; color: #666; font-size: .85em; }
footer code { word-break: break-all; }
"""

_JS = """
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.bead'));
  var filter = document.getElementById('low-only');
  var shown = document.getElementById('shown');
  var current = null;
  function visibleRows() { return rows.filter(function (row) { return !row.hidden; }); }
  function applyFilter() {
    rows.forEach(function (row) { row.hidden = filter.checked && row.dataset.low !== '1'; });
    shown.textContent = visibleRows().length + ' of ' + rows.length + ' beads shown';
    if (current && current.hidden) { select(null); }
  }
  function select(row) {
    if (current) { current.classList.remove('current'); }
    current = row;
    if (row) { row.classList.add('current'); row.focus({preventScroll: true}); row.scrollIntoView({block: 'nearest'}); }
  }
  function move(step) {
    var visible = visibleRows();
    if (!visible.length) { return; }
    var at = visible.indexOf(current);
    var next = at < 0 ? (step > 0 ? 0 : visible.length - 1) : Math.min(Math.max(at + step, 0), visible.length - 1);
    select(visible[next]);
  }
  filter.addEventListener('change', applyFilter);
  rows.forEach(function (row) { row.addEventListener('click', function () { select(row); }); });
  document.addEventListener('keydown', function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key;
    if (key === 'j' || key === 'ArrowDown') { move(1); }
    else if (key === 'k' || key === 'ArrowUp') { move(-1); }
    else if (key === 'f') { filter.checked = !filter.checked; applyFilter(); }
    else { return; }
    event.preventDefault();
  });
  applyFilter();
})();
"""


def render(alignment: Alignment, options: ExportOptions) -> dict[str, str]:
    """The review page (see the module docstring)."""
    summary = summarise(alignment, options)
    findings = _findings_by_bead(alignment, options)
    src, tgt = alignment.source, alignment.target
    title = f"Alignment review: {Path(src.name).name} / {Path(tgt.name).name}"
    starts = _paragraph_starts(alignment) if alignment.level == "sentence" else set()
    rows = [_row(alignment, index, bead, index in starts, options, findings.get(index, []))
            for index, bead in enumerate(alignment.beads)]
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Alignment review</h1>
<p class="documents">{_document_label(src)} &rarr; {_document_label(tgt)}, aligned by {alignment.level}</p>
{_summary(alignment, summary, options)}
<div id="controls">
<label><input type="checkbox" id="low-only"> low confidence only (&lt; {summary.threshold:.2f})</label>
<span class="keys"><kbd>j</kbd>/<kbd>k</kbd> or <kbd>&darr;</kbd>/<kbd>&uarr;</kbd> next/previous bead,
<kbd>f</kbd> toggle the filter</span>
<span id="shown"></span>
</div>
<table id="beads">
<thead><tr><th>#</th><th>type</th><th>confidence</th><th>{_escape(src.language or "source")}</th>
<th>{_escape(tgt.language or "target")}</th><th>notes</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<footer>Signature: <code>{_escape(alignment.signature or "(none)")}</code><br>Written by aligner {__version__}.</footer>
<script>{_JS}</script>
</body>
</html>
"""
    return {"": page}


def _summary(alignment: Alignment, summary: ReviewSummary, options: ExportOptions) -> str:
    kinds = ", ".join(f"{kind} &times;{count}" for kind, count in summary.beads_by_kind)
    items = [
        (f"{_escape(alignment.source.language or 'source')} {alignment.level}s", str(summary.source_units)),
        (f"{_escape(alignment.target.language or 'target')} {alignment.level}s", str(summary.target_units)),
        ("beads", f"{len(alignment.beads)} ({kinds})"),
        ("document confidence", f"{alignment.confidence:.3f}"),
        (f"low confidence (&lt; {summary.threshold:.2f})", str(len(summary.low_confidence))),
        ("omissions (1-0)", str(len(summary.omissions))),
        ("additions (0-1)", str(len(summary.additions))),
    ]
    if options.min_confidence > 0:
        left_out = sum(1 for bead in alignment.pairs if not is_exported(bead, options.min_confidence))
        items.append((f"pairs not exported (&lt; {options.min_confidence:.2f})", str(left_out)))
    rows = "\n".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in items)
    tallest = max(summary.histogram) or 1
    bars = "".join(
        f'<div class="bar" title="{low / HISTOGRAM_BINS:.1f}-{(low + 1) / HISTOGRAM_BINS:.1f}: {count} beads">'
        f'<span class="count">{count or ""}</span>'
        f'<div class="fill" style="height:{100 * count / tallest:.1f}%"></div></div>'
        for low, count in enumerate(summary.histogram)
    )
    bins = "".join(f"<span>{low / HISTOGRAM_BINS:.1f}</span>" for low in range(HISTOGRAM_BINS))
    return (f'<section id="summary">\n<dl>\n{rows}\n</dl>\n'
            f'<figure id="histogram"><div class="bars">{bars}</div><div class="bins">{bins}</div>'
            f"<figcaption>beads by confidence</figcaption></figure>\n</section>")


def _row(alignment: Alignment, index: int, bead: Bead, starts_paragraph: bool, options: ExportOptions,
         findings: list[BeadFinding]) -> str:
    classes = ["bead", "para-start"] if starts_paragraph else ["bead"]
    low = bead.confidence < options.low_confidence
    badges = []
    if bead.is_pair and not is_exported(bead, options.min_confidence):
        classes.append("left-out")
        badges.append(f'<span class="badge left-out">not exported (&lt; {options.min_confidence:.2f})</span>')
    badges.extend(
        f'<span class="badge finding sev-{_css_word(finding.severity)}" title="{_escape(finding.severity)}">'
        f"{_escape(finding.message)}</span>"
        for finding in findings
    )
    band = "high" if bead.confidence >= HIGH_CONFIDENCE else "low" if low else "mid"
    return (
        f'<tr class="{" ".join(classes)}" id="bead-{index}" tabindex="-1" data-index="{index}" '
        f'data-confidence="{bead.confidence!r}" data-low="{int(low)}">'
        f'<td class="n">{index}</td><td class="kind">{bead.kind}</td>'
        f'<td class="conf conf-{band}">{bead.confidence:.2f}</td>'
        f"{_cell(alignment.source, bead.source, alignment)}{_cell(alignment.target, bead.target, alignment)}"
        f'<td class="notes">{"".join(badges)}</td></tr>'
    )


def _cell(document: Document, ids: tuple[int, ...], alignment: Alignment) -> str:
    lang = _escape(document.language or "")
    if not ids:
        return f'<td class="text gap" lang="{lang}"><span lang="en">no counterpart</span></td>'
    units = document.units(alignment.level)
    return f'<td class="text" lang="{lang}">{"".join(_unit(units[i], alignment) for i in ids)}</td>'


def _unit(unit: Unit, alignment: Alignment) -> str:
    label = f"¶{unit.index}" if alignment.level == "paragraph" else f"¶{unit.paragraph} s{unit.index}"
    text = _escape(unit.text).replace("\n", "<br>")
    return f'<div class="unit"><span class="uid" lang="en">{label}</span>{text}</div>'


def _paragraph_starts(alignment: Alignment) -> set[int]:
    """Indices of the sentence beads whose first sentence, on either side, opens a paragraph."""
    starts: set[int] = set()
    last_paragraph: dict[str, int] = {}
    for index, bead in enumerate(alignment.beads):
        for side, document, ids in (("source", alignment.source, bead.source),
                                    ("target", alignment.target, bead.target)):
            if ids:
                units = document.sentences
                if units[ids[0]].paragraph != last_paragraph.get(side):
                    starts.add(index)
                last_paragraph[side] = units[ids[-1]].paragraph
    return starts


def _findings_by_bead(alignment: Alignment, options: ExportOptions) -> dict[int, list[BeadFinding]]:
    by_bead: dict[int, list[BeadFinding]] = defaultdict(list)
    for finding in options.findings:
        if not 0 <= finding.bead < len(alignment.beads):
            raise SettingsError(f"finding {finding.message!r} points at bead {finding.bead}, "
                                f"but the alignment has {len(alignment.beads)} beads")
        by_bead[finding.bead].append(finding)
    return by_bead


def _document_label(document: Document) -> str:
    return f"{_escape(Path(document.name).name)} ({_escape(document.language or '?')})"


def _css_word(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", text.lower()) or "none"


def _escape(text: str) -> str:
    return html.escape(drop_forbidden_characters(text), quote=True)
