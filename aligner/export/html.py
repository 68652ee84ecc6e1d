"""HTML review and editor: one self-contained page (inline CSS, JS and data; no network, works from file://).

A summary (units per side; beads by type, low-confidence pairs, omissions,
additions, pairs left out of a TM export and a histogram of pair confidences,
all recounted by the script after every edit; the document confidence and the
findings by check, as aligned), then every bead as a row: source and target side
by side, paragraph boundaries, bead type, confidence (for a 1-0/0-1 bead, the
probability that it has no counterpart, shown as such), 1-0/0-1 beads as gaps,
and the findings of the consistency checks (`ExportOptions.findings`) with their
evidence (a moved unit's on the row of its translation too, said from there); a row's colour is its worst finding; a
unit that is a note, a text box, a header or a footer is labelled so after its number ("footnote"). A pair an edit made keeps the
findings of its units, marked as found before the edit (a unit left without counterpart shows the omission
or addition `aligner check` will report), until it is confirmed (while one of them is an
error, it is counted and marked as left out of a TM export, as `aligner export` leaves it out). Filters by severity
and by check; j/k move between the visible beads. Beads and units are numbered
from 1. The rows are in chunks the browser lays out only near the viewport, so that an edit or a filter on a long
document costs the rows it changes.

The editor (`ACTIONS`: a button and a key each) confirms a bead, merges it with
its neighbour, splits a many-unit bead, detaches a unit as an omission/addition
and attaches an unpaired unit to a neighbouring pair; every edit keeps the beads
in document order with each unit in one bead, and can be undone. Edits are kept
in the browser's localStorage (keyed by signature, file names and a fingerprint of the texts) and "Save
corrections" downloads the alignment as JSONL (as the `jsonl` exporter writes it: saved before any edit, the same
bytes; each bead's `status` auto, confirmed or edited) for `aligner export`.
"""

from __future__ import annotations

import html
import json
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, get_args

from .. import __version__
from ..corrections import reworded
from ..display import aligned_units, confidence_text, text_direction
from ..types import UNIT_JOINERS, Severity
from . import (
    EXPORTERS,
    ExportOptions,
    FindingView,
    drop_forbidden_characters,
    findings_by_bead,
    gate_reason,
    has_roles,
    left_out_reasons,
    units_by_role,
)
from .review import ReviewSummary, summarise

if TYPE_CHECKING:
    from ..types import Alignment, Document, EvidenceValue

HIGH_CONFIDENCE = 0.9
HISTOGRAM_BINS = 10
# The summary figures the script counts over the current beads after every edit: id (sum-ID), label
SUMMARY_FIGURES = (
    ("beads", "beads"),
    ("low", "low-confidence pairs (&lt; {threshold})"),
    ("omissions", "omissions (1-0)"),
    ("additions", "additions (0-1)"),
    ("left-out", "pairs a translation-memory export leaves out"),
    ("warned", "pairs with a warning a translation-memory export takes"),
    ("confirmed-errors", "pairs confirmed despite an error (a TM export takes them)"),
)

_CSS = """
:root { --high: #c8efc8; --mid: #f6e7a8; --low: #f4b6b6; --line: #d0d0d0; --gap: #f3f3f3; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1400px; padding: 0 1.5em 3em; color: #222; }
h1 { font-size: 1.4em; margin: 1em 0 .2em; }
.documents { color: #555; margin-top: 0; }
#summary { display: flex; gap: 1em 3em; flex-wrap: wrap; align-items: flex-start; margin: 1em 0; }
#summary dl { display: grid; grid-template-columns: auto auto; gap: .2em 1em; margin: 0; }
#summary dt { color: #555; } #summary dd { margin: 0; font-weight: 600; }
#legend { font-size: .85em; color: #444; max-width: 70em; }
#histogram { margin: 1.2em 0 0; }
#histogram figcaption { color: #555; font-size: .85em; text-align: center; }
.bars { display: flex; align-items: flex-end; gap: 3px; height: 120px; border-bottom: 1px solid #888; }
.bar { width: 28px; height: 100%; display: flex; flex-direction: column; justify-content: flex-end;
       align-items: center; }
.bar .fill { width: 100%; background: #6a8fd0; min-height: 1px; }
.bar .count { font-size: .75em; color: #333; }
.bins { display: flex; gap: 3px; font-size: .7em; color: #666; }
.bins span { width: 28px; text-align: center; }
#gate { border-left: 4px solid #b00020; background: #fdecee; padding: .5em 1em; margin: .5em 0; }
#warnings { border-left: 4px solid #d08a00; background: #fff7e6; padding: .3em 1em; }
#warnings h2, #keys h2 { font-size: 1em; margin: .3em 0; }
#controls { position: sticky; top: 0; background: #fff; padding: .4em 0; border-bottom: 1px solid var(--line);
            z-index: 1; }
#controls .filters, #controls .toolbar { display: flex; gap: .6em 1.2em; align-items: center; flex-wrap: wrap;
                                         margin: .2em 0; }
#controls button { font: inherit; font-size: .9em; padding: .15em .5em; cursor: pointer; }
#current { font-weight: 600; min-width: 8em; }
#message { color: #7a3b00; min-height: 1.3em; font-size: .9em; }
#keys dl { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; font-size: .9em; }
#keys dd { margin: 0; }
kbd { border: 1px solid #bbb; border-radius: 3px; padding: 0 .3em; font-size: .85em; background: #f7f7f7; }
#beads { margin-top: .5em; }
#empty { padding: .8em 1em; background: #f3f3f3; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
.chunk { content-visibility: auto; }
col.n { width: 3em; } col.kind { width: 3.4em; } col.conf { width: 7em; } col.text { width: 31%; }
th, td { border-bottom: 1px solid var(--line); padding: .35em .5em; vertical-align: top; text-align: left; }
th { font-size: .85em; color: #555; }
td.n, td.kind, td.conf { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.text, td.notes { overflow-wrap: anywhere; }
td.text { text-align: start; }
.chip { border-radius: 3px; padding: 0 .35em; }
.chip.no-counterpart { background: #e4e4e4; color: #333; white-space: normal; display: inline-block;
                       font-size: .8em; line-height: 1.2; cursor: help; }
.badge.before { background: #fff; border: 1px dashed #888; color: #444; cursor: help; }
#summary h2 { font-size: .85em; color: #555; margin: 0 0 .3em; font-weight: 600; }
#summary p { font-size: .8em; color: #666; margin: .4em 0 0; max-width: 24em; }
.conf-high { background: var(--high); } .conf-mid { background: var(--mid); } .conf-low { background: var(--low); }
.chip.conf-held { background: #e4e4e4; color: #555; text-decoration: line-through; cursor: help; }
tr.worst-error > td { background: #fbe1e1; } tr.worst-error > td.n { box-shadow: inset 5px 0 #c62828; }
tr.worst-warning > td { background: #fff4d6; } tr.worst-warning > td.n { box-shadow: inset 5px 0 #d08a00; }
tr.status-confirmed > td { background: #e6f0fb; } tr.status-edited > td { background: #eee6fb; }
tr.status-confirmed > td.n, tr.status-edited > td.n { box-shadow: inset 5px 0 #3a6fc2; }
.unit[data-side] { cursor: pointer; }
.unit.picked { outline: 2px dashed #4a7bd0; background: #eef3fc; }
.finding { margin-bottom: .3em; font-size: .9em; }
.evidence { display: grid; grid-template-columns: max-content auto; gap: 0 .6em; margin: .1em 0 0 .5em;
            font-size: .85em; color: #444; }
.evidence dd { margin: 0; }
/* a long evidence text (a moved unit's translation: a whole paragraph) in three lines until clicked */
.evidence dd.long { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden;
                    cursor: zoom-in; }
.evidence dd.long.whole { display: block; cursor: zoom-out; }
.unit + .unit { border-top: 1px dashed #bbb; margin-top: .3em; padding-top: .3em; }
.uid { color: #888; font-size: .75em; margin-inline-end: .4em; }
td.gap { background: repeating-linear-gradient(45deg, var(--gap), var(--gap) 6px, #fff 6px, #fff 12px);
         color: #888; font-style: italic; }
tr.para-start > td { border-top: 2px solid #777; }
tr.bead:focus, tr.bead.current { outline: 3px solid #4a7bd0; outline-offset: -3px; }
.badge { display: inline-block; border-radius: 3px; padding: 0 .4em; margin: 0 .3em .2em 0; font-size: .8em;
         background: #e4e4e4; }
.badge.left-out { background: #555; color: #fff; }
.badge.sev-warning { background: #f6d58a; } .badge.sev-error { background: #e88; }
.badge.status { background: #3a6fc2; color: #fff; }
footer { margin-top: 2em; color: #666; font-size: .85em; }
footer code { word-break: break-all; }
/* a narrow window (or a zoom of 200%): the findings below the texts, whose column was a few letters wide */
@media screen and (max-width: 60em) {
  body { padding: 0 .5em 3em; }
  #beads table, #beads thead, #beads tbody { display: block; }
  #beads colgroup { display: none; }
  #beads tr { display: grid; grid-template-columns: 2.4em 2.8em 5.6em minmax(0, 1fr) minmax(0, 1fr); }
  #beads td.notes, #beads th:last-child { grid-column: 1 / -1; }
  #beads td.notes:empty { display: none; }
  tr.bead > td:not(:last-child) { border-bottom: 0; }
  tr.para-start > td.notes { border-top: 0; }
}
/* on paper: no editor, no toolbar over the rows of every page, every row laid out, no row cut across two pages */
@media print {
  #controls { position: static; border-bottom: 0; }
  #controls .toolbar, #message, #keys { display: none; }
  .chunk { content-visibility: visible; }
  tr.bead { break-inside: avoid; }
  tr.bead:focus, tr.bead.current { outline: none; }
  .evidence dd.long { display: block; }
}
"""

_JS = r"""
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('alignment-data').textContent);
  var units = data.units, findings = data.findings;
  var severity = document.getElementById('severity'), checkFilter = document.getElementById('check');
  var shown = document.getElementById('shown'), message = document.getElementById('message');
  var empty = document.getElementById('empty'), controls = document.getElementById('controls');
  var editStatus = document.getElementById('edit-status');
  var state = {beads: data.beads.slice(), undo: [], redo: []};
  // the selected bead (-1: none), and where the selection is in document order: the same bead, or the one that an
  // action or a filter hid, which j/k go on from
  var current = -1, anchor = -1, picked = {};

  // ---- the alignment: beads in document order, every unit of each side in exactly one bead ----
  function covers(beads) {
    var next = {s: 0, t: 0};
    var ok = beads.every(function (bead) {
      return ['s', 't'].every(function (side) {
        return bead[side].every(function (id) { return id === next[side]++; });
      }) && (bead.s.length + bead.t.length > 0);
    });
    return ok && next.s === units.source.length && next.t === units.target.length;
  }
  function made(s, t) { return {s: s, t: t, c: 0, m: 0, st: 'edited'}; }  // not scored: Bead.scored
  function apart(s, t) {  // each unit in its own bead, sources first (as corrections.unpaired_beads)
    return s.map(function (i) { return made([i], []); }).concat(t.map(function (j) { return made([], [j]); }));
  }
  function normalised(s, t) {  // a pair, or each unit of a one-sided group in its own bead
    return s.length && t.length ? [made(s, t)] : apart(s, t);
  }
  function isPair(bead) { return bead.s.length > 0 && bead.t.length > 0; }
  function text(bead, side) {
    if (bead.tx) { return bead.tx[side === 'source' ? 0 : 1]; }
    return bead[side === 'source' ? 's' : 't'].map(function (id) { return units[side][id][0]; }).join(data.joiner);
  }

  // ---- edits: each replaces `removed` beads at `at` by `added`; undo puts them back ----
  function change(at, count, added, note) {
    var op = {at: at, removed: state.beads.slice(at, at + count), added: added};
    apply(op, false);
    state.undo.push(op);
    state.redo = [];
    done(at, note);
  }
  function apply(op, backwards) {
    var out = backwards ? op.added : op.removed, into = backwards ? op.removed : op.added;
    picked = {};
    Array.prototype.splice.apply(state.beads, [op.at, out.length].concat(into));
    replaceRows(op.at, out.length, into);
  }
  function done(at, note) {
    state.unsaved = true;
    persist();
    showEdits();
    select(Math.min(at, state.beads.length - 1));
    say(note || '');
  }
  function needBead() {
    if (current < 0) { say('Select a bead first (click it, or j/k).'); return null; }
    return state.beads[current];
  }
  var actions = {
    confirm: function () {
      var bead = needBead(); if (!bead) { return; }
      var status = bead.st === 'confirmed' ? bead.was || 'auto' : 'confirmed';  // again: back to auto or edited
      var after = Object.assign({}, bead, {st: status, was: bead.st});
      change(current, 1, [after], status === 'confirmed' ? confirmedNote(after, current)
                                                         : 'Bead ' + (current + 1) + ' back to ' + status + '.');
    },
    reject: function () {  // as the spreadsheet's reject: the pair is wrong, each unit has no counterpart (reviewed)
      var bead = needBead(); if (!bead) { return; }
      if (!isPair(bead)) { say('Only a pair can be rejected: this unit has no counterpart already.'); return; }
      change(current, 1, apart(bead.s, bead.t).map(function (alone) {
        return Object.assign(alone, {st: 'confirmed', was: 'edited'});
      }), 'Bead ' + (current + 1) + ' rejected: its units have no counterpart, confirmed, out of a TM.');
    },
    'merge-previous': function () { merge(current - 1); },
    'merge-next': function () { merge(current); },
    split: function () {
      var bead = needBead(); if (!bead) { return; }
      if (bead.s.length < 2 && bead.t.length < 2) { say('Only a bead with two or more units on a side can be split.'); return; }
      var cut = {s: cutAt(bead, 's'), t: cutAt(bead, 't')};
      var first = normalised(bead.s.slice(0, cut.s), bead.t.slice(0, cut.t));
      var second = normalised(bead.s.slice(cut.s), bead.t.slice(cut.t));
      if (!first.length || !second.length) { say('Nothing to split there: pick the unit the second part starts with.'); return; }
      change(current, 1, first.concat(second), 'Bead ' + (current + 1) + ' split in ' + (first.length + second.length) + '.');
    },
    detach: function () {
      var bead = needBead(); if (!bead) { return; }
      if (!isPair(bead)) { say('This unit has no counterpart already.'); return; }
      var side = picked.s !== undefined ? 's' : picked.t !== undefined ? 't' : (bead.t.length > bead.s.length ? 't' : 's');
      var ids = bead[side], id = picked[side] !== undefined ? picked[side] : ids[ids.length - 1];
      if (id !== ids[0] && id !== ids[ids.length - 1]) { say('Only the first or last unit of a side can be detached: split first.'); return; }
      var rest = {s: bead.s, t: bead.t};
      rest[side] = ids.filter(function (other) { return other !== id; });
      var alone = side === 's' ? made([id], []) : made([], [id]);
      var remaining = normalised(rest.s, rest.t);
      change(current, 1, id === ids[0] ? [alone].concat(remaining) : remaining.concat([alone]),
             'Unit detached: it now has no counterpart.');
    },
    'attach-previous': function () { attach(-1); },
    'attach-next': function () { attach(1); },
    undo: function () {
      var op = state.undo.pop(); if (!op) { say('Nothing to undo.'); return; }
      apply(op, true); state.redo.push(op); done(op.at, 'Undone.');
    },
    redo: function () {
      var op = state.redo.pop(); if (!op) { say('Nothing to redo.'); return; }
      apply(op, false); state.undo.push(op); done(op.at, 'Redone.');
    },
    save: save
  };
  function confirmedNote(bead, index) {  // what the confirm lets into a TM: the pair, whatever its errors
    var errors = isPair(bead) && !data.gated ? beadFindings(bead).filter(function (f) { return f.severity === 'error'; }) : [];
    if (!errors.length) { return 'Bead ' + (index + 1) + ' confirmed.'; }
    return 'Bead ' + (index + 1) + ' confirmed: it goes into the translation memory despite ' + errors.length +
           (errors.length > 1 ? ' errors (' : ' error (') +
           errors.map(function (f) { return f.check + ': ' + shortened(f.message, 120); }).join('; ') + ').';
  }
  function cutAt(bead, side) {  // where the second part starts on this side: at the picked unit, else after one
    var at = bead[side].indexOf(picked[side]);
    return at >= 0 ? at : Math.min(1, bead[side].length);
  }
  function merge(first) {
    if (current < 0) { say('Select a bead first (click it, or j/k).'); return; }
    if (first < 0 || first + 1 >= state.beads.length) { say('There is no bead on that side to merge with.'); return; }
    var a = state.beads[first], b = state.beads[first + 1];
    var s = a.s.concat(b.s), t = a.t.concat(b.t);
    if (!s.length || !t.length) { say('Both beads are on one side only: there is nothing to pair.'); return; }
    change(first, 2, [made(s, t)], 'Beads ' + (first + 1) + ' and ' + (first + 2) + ' merged.');
  }
  function attach(step) {
    var bead = needBead(); if (!bead) { return; }
    if (isPair(bead)) { say('Attach is for a unit with no counterpart: detach or split a pair instead.'); return; }
    var side = bead.s.length ? 's' : 't';
    var at = current + step;
    while (at >= 0 && at < state.beads.length && !state.beads[at][side].length) { at += step; }
    var host = state.beads[at];
    if (!host || !isPair(host)) { say('There is no pair to attach this unit to on that side.'); return; }
    var joined = {s: host.s, t: host.t};
    joined[side] = step < 0 ? host[side].concat(bead[side]) : bead[side].concat(host[side]);
    var low = Math.min(at, current), high = Math.max(at, current);
    var between = state.beads.slice(low + 1, high);
    var added = step < 0 ? [made(joined.s, joined.t)].concat(between) : between.concat([made(joined.s, joined.t)]);
    change(low, high - low + 1, added, 'Unit attached to bead ' + (at + 1) + '.');
  }

  // ---- keeping edits across reloads, saving corrections ----
  function persist() {
    try { localStorage.setItem(data.key, JSON.stringify(state)); }
    catch (error) { say('Could not keep the edits in this browser: save the corrections now.'); }
  }
  function restore() {  // whether edits were restored
    var stored;
    try { stored = JSON.parse(localStorage.getItem(data.key) || 'null'); } catch (error) { stored = null; }
    if (stored && stored.beads && covers(stored.beads) && stored.undo && stored.redo) { state = stored; }
    return state.undo.length > 0;
  }
  // the filters and the selection, kept for a reload of this tab (not in localStorage: written at every key)
  function keepView() {
    try { sessionStorage.setItem(data.key, JSON.stringify([severity.value, checkFilter.value, anchor])); }
    catch (error) { /* a reload then shows every bead, none selected */ }
  }
  function keptView() {
    try { return JSON.parse(sessionStorage.getItem(data.key) || 'null'); } catch (error) { return null; }
  }
  function restoreView(view) {
    if (!view) { return; }
    [severity, checkFilter].forEach(function (select_, k) {
      if (select_.querySelector('option[value="' + CSS.escape(view[k]) + '"]')) { select_.value = view[k]; }
    });
    applyFilter();
    if (view[2] >= 0 && view[2] < trs.length) { select(view[2]); }
  }
  function records() {  // the `jsonl` exporter's lines, keys in its order
    var lines = [data.meta];
    state.beads.forEach(function (bead, index) {
      var record = {record: 'bead', index: index, source: bead.s, target: bead.t,
                    kind: bead.s.length + '-' + bead.t.length, confidence: new Float(bead.c),
                    similarity: new Float(bead.m), source_text: text(bead, 'source'),
                    target_text: text(bead, 'target'), status: bead.st, notes: bead.n || [],
                    source_units: bead.s.map(function (i) { return units.source[i][0]; }),
                    target_units: bead.t.map(function (j) { return units.target[j][0]; })};
      if (data.level === 'sentence') {
        record.source_paragraphs = bead.s.map(function (i) { return units.source[i][1]; });
        record.target_paragraphs = bead.t.map(function (j) { return units.target[j][1]; });
      }
      lines.push(dumps(record));
    });
    return lines.join('\n') + '\n';
  }
  // JSON as the `jsonl` exporter writes it (Python's json.dumps: ', ' and ': ', not ASCII-escaped), so that the
  // corrections saved from an unedited page are its very bytes
  function Float(value) { this.value = value; }  // a number Python writes as a float
  function dumps(value) {
    if (value instanceof Float) { return pythonFloat(value.value); }
    if (Array.isArray(value)) { return '[' + value.map(dumps).join(', ') + ']'; }
    if (value !== null && typeof value === 'object') {
      return '{' + Object.keys(value).map(function (key) { return JSON.stringify(key) + ': ' + dumps(value[key]); })
                                      .join(', ') + '}';
    }
    return JSON.stringify(value);
  }
  function pythonFloat(value) {  // repr: the shortest digits that read back (as JS's), 1.0, 0.0001, 1e-05, 1e+16
    var parts = value.toExponential().split('e'), exponent = Number(parts[1]);
    if (exponent < -4 || exponent >= 16) {
      var digits = String(Math.abs(exponent));
      return parts[0] + 'e' + (exponent < 0 ? '-' : '+') + (digits.length < 2 ? '0' : '') + digits;
    }
    var fixed = String(value);  // never in exponent form in this range
    return fixed.indexOf('.') < 0 ? fixed + '.0' : fixed;
  }
  function save() {
    var link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([records()], {type: 'application/x-ndjson'}));
    link.download = data.download;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    state.unsaved = false;
    persist();
    say('Saved ' + data.download + ': export it with `aligner export ' + data.download + ' -o pair.tmx`.');
  }

  // ---- the table ----
  function escape(value) {  // also without the characters HTML does not allow, as most C0 controls
    return String(value).replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
                        .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
                        .replace(/"/g, '&quot;').replace(/\n/g, '<br>');
  }
  function label(side, id) {
    if (data.lines[side]) { return 'line ' + (id + 1); }  // a document read one unit per line
    return data.level === 'paragraph' ? '\u00b6' + (id + 1) : '\u00b6' + (units[side][id][1] + 1) + ' s' + (id + 1);
  }
  function cell(bead, side, index) {
    // the language escaped too: an alignment loaded from a file (aligner.load) may hold any text there
    var key = side === 'source' ? 's' : 't', ids = bead[key], lang = escape(data.languages[side]);
    var textAttributes = ' lang="' + lang + '" dir="' + data.directions[side] + '"';
    if (!ids.length) { return '<td class="text gap" lang="' + lang + '"><span lang="en">no counterpart</span></td>'; }
    if (bead.tx) {
      return '<td class="text"' + textAttributes + '><div class="unit"><span class="uid" lang="en" dir="ltr">' +
             label(side, ids[0]) + (ids.length > 1 ? '\u2013' + label(side, ids[ids.length - 1]) : '') +
             ' (text edited)</span>' + escape(text(bead, side)) + '</div></td>';
    }
    return '<td class="text"' + textAttributes + '>' + ids.map(function (id) {
      var isPicked = index === current && picked[key] === id;
      return '<div class="unit' + (isPicked ? ' picked' : '') + '" data-side="' + key + '" data-id="' + id + '">' +
             '<span class="uid" lang="en" dir="ltr">' + label(side, id) + '</span>' + escape(units[side][id][0]) + '</div>';
    }).join('') + '</td>';
  }
  // the findings of a bead: the checks' own for a bead of the page's data; for a pair an edit made, those of
  // the beads its units were in before (found before the edit), less what the edit settles: an omission or
  // addition whose unit is now paired, an uncertain pair (as `aligner check` does for a reviewed bead). A unit an
  // edit left without counterpart has what `aligner check` will report on it, an omission or addition (an error
  // when it has words), not the findings of the pair it was in, which compared two sides
  var before = {s: {}, t: {}};
  data.beads.forEach(function (bead) {
    ['s', 't'].forEach(function (side) { bead[side].forEach(function (id) { before[side][id] = bead.f || []; }); });
  });
  function beadFindings(bead) {
    if (bead.f) { return bead.f.map(function (k) { return findings[k]; }); }
    if (!isPair(bead) && !scored(bead)) { return [unpaired(bead)]; }
    var seen = {}, found = [];
    ['s', 't'].forEach(function (side) {
      bead[side].forEach(function (id) {
        (before[side][id] || []).forEach(function (k) {
          var f = findings[k];
          if (seen[k] || f.check === 'low-confidence' || (isPair(bead) && /^(omission|addition)$/.test(f.check))) { return; }
          seen[k] = true;
          found.push(Object.assign({before: true}, f));
        });
      });
    });
    return found;
  }
  function unpaired(bead) {  // the omission or addition `aligner check` reports on a unit with no counterpart
    var side = bead.s.length ? 's' : 't', name = side === 's' ? 'source' : 'target', id = bead[side][0];
    var where = data.lines[name] ? 'line ' + (id + 1) : data.level === 'paragraph' ? 'paragraph ' + (id + 1) :
                'sentence ' + (id + 1) + ' (in paragraph ' + (units[name][id][1] + 1) + ')';
/*unit roles*/    var body = text(bead, name), snippet = shortened(body, 80);
    return {check: side === 's' ? 'omission' : 'addition', severity: /\p{L}{2}/u.test(body) ? 'error' : 'warning',
            after: true, evidence: [],
            message: side === 's' ? 'Source ' + where + ' has no translation: \u00ab' + snippet + '\u00bb'
                                  : 'Target ' + where + ' has no source text (added or duplicated?): \u00ab' + snippet + '\u00bb'};
  }
  function shortened(text, length) {  // on one line, cut to `length` characters with an ellipsis
    var line = text.replace(/\s+/g, ' ').trim();
    return line.length <= length ? line : line.slice(0, length - 1).replace(/\s+$/, '') + '\u2026';
  }
  function worst(bead) {
    var severities = beadFindings(bead).map(function (f) { return f.severity; });
    return severities.indexOf('error') >= 0 ? 'error' : severities.length ? 'warning' : '';
  }
  function needsReview(bead) {  // an edit is not a confirmation: an edited bead with an error is to review
    return bead.st !== 'confirmed' && (worst(bead) === 'error' || (scored(bead) && isPair(bead) && bead.c < data.threshold));
  }
  // why a TM export leaves a pair out ('' when it writes it), every reason as left_out_reasons: a confirmed pair is
  // always written; an edited one is filtered as the others (an edit is not an approval), by the findings it keeps
  function leftOut(bead) {
    if (!isPair(bead) || bead.st === 'confirmed') { return ''; }
    if (!scored(bead) && data.minConfidence > 0) {  // edited on this page too: an error found before the edit stays
      var error = bead.x ? bead.x.indexOf(errorReason) === 0 : hasError(bead);
      return (error ? errorReason + '; ' : '') + unscoredReason;
    }
    return bead.x || (hasError(bead) ? errorReason : '');
  }
  function hasError(bead) { return !data.keepErrors && worst(bead) === 'error'; }
  function scored(bead) { return bead.st === 'auto' || bead.c > 0; }  // as Bead.scored
  function exported(bead) { return isPair(bead) && !leftOut(bead); }
  // what a TM export takes that "errors to review" does not show: pairs with a warning no reviewer confirmed, and
  // pairs confirmed despite an error
  function warned(bead) { return bead.st !== 'confirmed' && worst(bead) === 'warning' && exported(bead); }
  function overridden(bead) { return bead.st === 'confirmed' && isPair(bead) && worst(bead) === 'error'; }
  var beforeTip = 'The checks found this on the units of this bead as aligned, before your edit. Check the ' +
                  'bead and confirm it (c); aligner check --alignment on the saved corrections checks it again.';
  var afterTip = 'Your edit left this unit without counterpart: aligner check --alignment on the saved corrections ' +
                 'reports it so. Confirm the bead (c) if the unit really has no counterpart.';
  var confirmedTip = 'You confirmed this bead: a TM export writes it whatever the checks find, and aligner check ' +
                     'shows this finding without counting it as an error.';
  var gapTip = 'Not a confidence that the row is right: the probability that this unit really has no counterpart ' +
               'in the other document (an omission or addition). Low: the aligner may have missed its counterpart.';
  var editedTip = 'An edit made this bead: the aligner did not score it (the saved corrections record ' +
                  'confidence 0), so a TM export with --min-confidence above 0 leaves it out, and any export leaves ' +
                  'it out while a check finds an error in it: confirm it (c) to write it.';
  var heldTip = 'The confidence is the alignment\'s: the probability that these units are counterparts, not that ' +
                'the translation is right. An error finding holds on this pair (see its findings): confirm it (c) ' +
                'if the pair is right as it is, or reject it (x).';
  var LONG_EVIDENCE = 200;  // characters of an evidence text shown in three lines until clicked
  var longTip = 'Click to show it whole (or in three lines again).';
  var unpairedTip = 'You left this unit without counterpart: the aligner did not score that (the saved ' +
                    'corrections record confidence 0).';
  var errorReason = 'an error finding';
  var unscoredReason = 'an edit the aligner did not score (confidence < ' + data.minConfidence +
                       '): confirm it';
  function confidence(bead) {  // a pair's calibrated confidence; a 1-0/0-1 bead's probability of no counterpart
    if (!scored(bead) && !isPair(bead)) {
      return '<span class="chip no-counterpart" title="' + unpairedTip + '">no\u00a0counterpart: your edit</span>';
    }
    if (!isPair(bead)) {
      return '<span class="chip no-counterpart" title="' + gapTip + '">no\u00a0counterpart ' + cutConfidence(bead.c) + '</span>';
    }
    if (!scored(bead)) {
      return '<span class="chip no-counterpart" title="' + editedTip + '">not scored</span>';
    }
    if (bead.st !== 'confirmed' && worst(bead) === 'error') {  // a green 0.98 beside a wrong number reads as "right"
      return '<span class="chip conf-held" title="' + heldTip + '">' + cutConfidence(bead.c) + '</span>';
    }
    var band = bead.c >= data.high ? 'high' : bead.c < data.threshold ? 'low' : 'mid';
    return '<span class="chip conf-' + band + '" title="the calibrated probability that this pair is aligned right">' +
           cutConfidence(bead.c) + '</span>';
  }
  function cutConfidence(c) {  // cut, not rounded, as the terminal shows it: 0.8997 is no "0.90" under "< 0.9"
    return (Math.floor(c * 100 + 1e-9) / 100).toFixed(2);
  }
  function row(bead, index) {
    var classes = ['bead'];
    if (bead.st !== 'confirmed' && worst(bead)) { classes.push('worst-' + worst(bead)); }
    else if (bead.st !== 'auto') { classes.push('status-' + bead.st); }
    if (isPair(bead) && !exported(bead)) { classes.push('left-out'); }
    var notes = [];
    if (bead.st !== 'auto') { notes.push('<span class="badge status">' + bead.st + '</span>'); }
    if (isPair(bead) && !exported(bead)) { notes.push('<span class="badge left-out">left out of a TM export: ' + escape(leftOut(bead)) + '</span>'); }
    beadFindings(bead).forEach(function (f) {
      notes.push('<div class="finding sev-' + f.severity + '"><span class="badge sev-' + f.severity + '">' +
                 f.severity + ' \u00b7 ' + escape(f.check) + '</span> ' +
                 (bead.st === 'confirmed' ? '<span class="badge status" title="' + confirmedTip + '">confirmed: not counted</span> ' : '') +
                 (f.before ? '<span class="badge before" title="' + beforeTip + '">found before the edit</span> ' : '') +
                 (f.after ? '<span class="badge before" title="' + afterTip + '">after the edit</span> ' : '') +
                 escape(f.message) +
                 (f.evidence.length ? '<dl class="evidence">' + f.evidence.map(function (e) {
                   return '<dt>' + escape(e[0]) + '</dt>' + (e[1].length > LONG_EVIDENCE ?
                     '<dd class="long" title="' + longTip + '">' : '<dd>') + escape(e[1]) + '</dd>';
                 }).join('') + '</dl>' : '') + '</div>');
    });
    return '<tr class="' + classes.join(' ') + '" id="bead-' + index + '" tabindex="-1" data-index="' + index +
           '" data-status="' + bead.st + '" data-worst="' + worst(bead) + '">' +
           '<td class="n">' + (index + 1) + '</td><td class="kind">' + bead.s.length + '-' + bead.t.length + '</td>' +
           '<td class="conf">' + confidence(bead) + '</td>' +
           cell(bead, 'source', index) + cell(bead, 'target', index) + '<td class="notes">' + notes.join('') + '</td></tr>';
  }
  function paragraphStarts() {  // sentence beads whose first sentence, on either side, opens a paragraph
    var starts = {}, last = {};
    state.beads.forEach(function (bead, index) {
      [['s', 'source'], ['t', 'target']].forEach(function (pair) {
        var ids = bead[pair[0]];
        if (!ids.length) { return; }
        if (units[pair[1]][ids[0]][1] !== last[pair[0]]) { starts[index] = true; }
        last[pair[0]] = units[pair[1]][ids[ids.length - 1]][1];
      });
    });
    return starts;
  }
  function visible(bead) {
    var mode = severity.value, check = checkFilter.value;
    if (check !== 'any' && !beadFindings(bead).some(function (f) { return f.check === check; })) { return false; }
    if (mode === 'errors') { return needsReview(bead); }
    if (mode === 'findings') { return needsReview(bead) || (bead.st !== 'confirmed' && worst(bead) !== ''); }
    if (mode === 'reviewed') { return bead.st !== 'auto'; }
    return true;
  }
  // The rows are in chunks, each a table in a block the browser lays out and paints only near the viewport
  // (content-visibility: auto): an edit or a filter costs the rows it touches, not a layout of every row of a long
  // document. The rows stay in the page, for find-in-page, printing and the keys.
  var CHUNK = 50;
  var holder = document.getElementById('rows'), columns = document.querySelector('#beads colgroup').outerHTML;
  var trs = [], currentRow = null, shownCount = 0;
  var template = document.createElement('template');
  function chunkOf(tr) { return tr.parentNode.parentNode.parentNode; }
  function replaceRows(at, count, beads) {  // the rows of beads at..at+count-1 by rows for `beads` (count >= 1): an
    var removed = trs.slice(at, at + count), chunks = [];  // edit touches only its own rows and the numbers after
    template.innerHTML = beads.map(function (bead, k) { return row(bead, at + k); }).join('');
    var added = Array.prototype.slice.call(template.content.children);
    removed[0].parentNode.insertBefore(template.content, removed[0]);
    removed.forEach(function (tr) {
      if (chunks.indexOf(chunkOf(tr)) < 0) { chunks.push(chunkOf(tr)); }
      if (!tr.hidden) { shownCount -= 1; }
      tr.remove();
    });
    Array.prototype.splice.apply(trs, [at, count].concat(added));
    if (count !== beads.length) {
      for (var i = at + beads.length; i < trs.length; i++) {
        trs[i].dataset.index = i;
        trs[i].id = 'bead-' + i;
        trs[i].firstChild.firstChild.data = i + 1;
      }
    }
    show(at, at + beads.length);
    chunks.forEach(function (chunk) { if (!chunk.querySelector('tr')) { chunk.remove(); } });
    fit(chunks.filter(function (chunk) { return chunk.isConnected; }));
    refresh();
  }
  function render() {  // every row, when the page opens
    var chunks = [];
    for (var start = 0; start < state.beads.length; start += CHUNK) {
      chunks.push('<div class="chunk"><table>' + columns + '<tbody>' + state.beads.slice(start, start + CHUNK).map(
        function (bead, k) { return row(bead, start + k); }).join('') + '</tbody></table></div>');
    }
    holder.innerHTML = chunks.join('');
    trs = Array.prototype.slice.call(holder.querySelectorAll('tr.bead'));
    applyFilter();
    refresh();
    showEdits();
  }
  function refresh() {  // what depends on every bead: paragraph boundaries, the counts
    if (data.level === 'sentence') {
      var starts = paragraphStarts();
      trs.forEach(function (tr, i) { tr.classList.toggle('para-start', !!starts[i]); });
    }
    showCount();
    summarise();
  }
  function show(from, to) {  // the filter on the rows from..to-1
    for (var i = from; i < to; i++) {
      var hide = !visible(state.beads[i]);
      if (trs[i].hidden !== hide) { trs[i].hidden = hide; }
      if (!hide) { shownCount += 1; }
    }
  }
  function estimate(bead) {  // a row's height in px, roughly: the lines of its longer side, and its findings
    var chars = Math.max(text(bead, 'source').length, text(bead, 'target').length);
    return 12 + 22 * Math.max(1, Math.ceil(chars / 55)) + 40 * beadFindings(bead).length;
  }
  function fit(chunks) {  // the size of a chunk the browser has not laid out yet: its rows shown; none: hidden
    chunks.forEach(function (chunk) {
      var rows = chunk.querySelector('tbody').rows, first = Number(rows[0].dataset.index), height = 0;
      for (var k = 0; k < rows.length; k++) { if (!rows[k].hidden) { height += estimate(state.beads[first + k]); } }
      chunk.hidden = !height;
      chunk.style.containIntrinsicSize = 'auto ' + height + 'px';
    });
  }
  function showEdits() {  // after the history changed (an edit runs refresh before it joins the undo list)
    var counts = {confirmed: 0, edited: 0};
    state.beads.forEach(function (bead) { if (bead.st in counts) { counts[bead.st] += 1; } });
    editStatus.textContent = counts.confirmed + ' confirmed, ' + counts.edited + ' edited of ' + state.beads.length +
                             ' beads; ' + state.undo.length + ' change(s) kept in this browser';
  }
  function figure(name, value) {  // a summary figure
    document.getElementById('sum-' + name).textContent = value;
  }
  function summarise() {  // the summary's figures and histogram (of computed confidences) over the current beads
    var kinds = {}, low = 0, omissions = 0, additions = 0, pairs = 0, leftOut = 0, bins = [];
    for (var b = 0; b < data.bins; b++) { bins.push(0); }
    state.beads.forEach(function (bead) {
      var kind = bead.s.length + '-' + bead.t.length;
      kinds[kind] = (kinds[kind] || 0) + 1;
      if (!bead.t.length) { omissions += 1; return; }
      if (!bead.s.length) { additions += 1; return; }
      pairs += 1;
      if (bead.st !== 'confirmed' && scored(bead) && bead.c < data.threshold) { low += 1; }
      if (!exported(bead)) { leftOut += 1; }
      if (scored(bead)) { bins[Math.min(Math.floor(bead.c * data.bins), data.bins - 1)] += 1; }
    });
    var order = Object.keys(kinds).sort(function (a, b) { return kinds[b] - kinds[a] || (a < b ? -1 : 1); });
    figure('beads', state.beads.length + ' (' + order.map(function (kind) { return kind + ' \u00d7' + kinds[kind]; }).join(', ') + ')');
    figure('low', low);
    figure('omissions', omissions);
    figure('additions', additions);
    // below the gate a TM export is refused: it leaves every pair out, and these only when forced
    figure('left-out', data.gated ? 'all ' + pairs + ' (below the gate); ' + leftOut + ' with --force' : leftOut);
    var taken = state.beads.filter(warned).length;
    figure('warned', data.gated ? 'none (below the gate); ' + taken + ' with --force' : taken);
    figure('confirmed-errors', state.beads.filter(overridden).length);
    var tallest = Math.max.apply(null, bins) || 1;
    document.querySelector('#histogram .bars').innerHTML = bins.map(function (count, low) {
      return '<div class="bar" title="' + (low / data.bins).toFixed(1) + '-' + ((low + 1) / data.bins).toFixed(1) + ': ' +
             count + ' pairs"><span class="count">' + (count || '') + '</span><div class="fill" style="height:' +
             (100 * count / tallest).toFixed(1) + '%"></div></div>';
    }).join('');
  }
  function applyFilter() {
    shownCount = 0;
    show(0, trs.length);
    fit(Array.prototype.slice.call(holder.children));
    showCount();
    keepView();
  }
  function showCount() {
    shown.textContent = shownCount + ' of ' + trs.length + ' beads shown';
    empty.hidden = shownCount > 0;
    if (!shownCount) { empty.textContent = emptyNote(); }
    if (current >= 0 && trs[current] && trs[current].hidden) { select(current); }
  }
  function emptyNote() {  // what an empty view does not show
    if (severity.value !== 'errors' || checkFilter.value !== 'any') { return 'No bead matches the filters.'; }
    var taken = [[warned, 'with a warning (shown under "errors and warnings")'],
                 [overridden, 'confirmed despite an error (shown under "confirmed or edited")']].map(function (kind) {
      var count = state.beads.filter(kind[0]).length;
      return count ? count + (count === 1 ? ' pair ' : ' pairs ') + kind[1] : '';
    }).filter(Boolean);
    return 'Nothing left to review.' + (taken.length ? (data.gated ? ' Forced, a translation-memory export would take ' :
           ' A translation-memory export takes ') + taken.join(' and ') + '.' : '');
  }
  function select(index) {  // a bead the filter hides is not selected: it stays the anchor of j/k
    if (currentRow) {
      currentRow.classList.remove('current');
      currentRow.removeAttribute('aria-selected');
      currentRow.removeAttribute('aria-current');
    }
    if (index !== anchor) { picked = {}; say(''); }  // a message about the bead left behind would be stale
    anchor = index;
    currentRow = trs[index] && !trs[index].hidden ? trs[index] : null;
    current = currentRow ? index : -1;
    keepView();
    if (currentRow) {
      currentRow.classList.add('current');
      currentRow.setAttribute('aria-selected', 'true');
      currentRow.setAttribute('aria-current', 'true');
      currentRow.focus({preventScroll: true});
      // clear of the sticky toolbar, whose height depends on the window's width (four lines in a narrow one)
      document.documentElement.style.scrollPaddingTop = controls.offsetHeight + 'px';
      currentRow.scrollIntoView({block: 'nearest'});
    }
    var said = current >= 0 ? 'bead ' + (current + 1) : 'no bead selected';
    [['s', 'source'], ['t', 'target']].forEach(function (side) {  // a picked unit is said, not only outlined
      if (current >= 0 && picked[side[0]] !== undefined) { said += ', ' + side[1] + ' ' + label(side[1], picked[side[0]]) + ' picked'; }
    });
    document.getElementById('current').textContent = said;
  }
  function pick(side, id) {
    picked[side] = picked[side] === id ? undefined : id;
    replaceRows(current, 1, [state.beads[current]]);
    select(current);
  }
  // to the next (previous) row shown after the anchor, shown or not; from none, to the first (last); at the end, stay
  function move(step) {
    var from = trs[anchor] ? anchor : step > 0 ? -1 : trs.length;
    for (var i = from + step; i >= 0 && i < trs.length; i += step) {
      if (!trs[i].hidden) { select(i); return; }
    }
    if (trs[from]) { select(from); }
  }
  function movePick(side, step) {
    if (current < 0) { return; }
    var ids = state.beads[current][side];
    if (!ids.length) { return; }
    var at = ids.indexOf(picked[side]);
    pick(side, ids[(at + step + ids.length + (at < 0 && step < 0 ? 1 : 0)) % ids.length]);
  }
  function say(text) { message.textContent = text; }

  holder.addEventListener('click', function (event) {
    var tr = event.target.closest('tr.bead');
    if (!tr) { return; }
    var long = event.target.closest('dd.long');
    if (long) { long.classList.toggle('whole'); }
    var index = Number(tr.dataset.index);
    if (index !== current) { select(index); }
    var unit = event.target.closest('.unit[data-side]');
    if (unit) { pick(unit.dataset.side, Number(unit.dataset.id)); }
  });
  document.querySelectorAll('button[data-action]').forEach(function (button) {
    button.addEventListener('click', function () { actions[button.dataset.action](); });
  });
  [severity, checkFilter].forEach(function (select_) {
    select_.addEventListener('change', function () { applyFilter(); select_.blur(); });
  });
  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.metaKey || /^(SELECT|INPUT|TEXTAREA)$/.test(event.target.tagName)) { return; }
    var key = event.key;
    if (event.ctrlKey) {
      if (key === 'z' || key === 'Z') { actions[event.shiftKey ? 'redo' : 'undo'](); }
      else if (key === 'y') { actions.redo(); }
      else { return; }
    } else if (key === 'j' || key === 'ArrowDown') { move(1); }
    else if (key === 'k' || key === 'ArrowUp') { move(-1); }
    else if (key === 'ArrowRight' || key === 'ArrowLeft') { movePick(event.shiftKey ? 't' : 's', key === 'ArrowRight' ? 1 : -1); }
    else if (key === 'f') { severity.value = severity.value === 'all' ? 'errors' : 'all'; applyFilter(); }
    else if (data.keys[key]) { actions[data.keys[key]](); }
    else { return; }
    event.preventDefault();
  });
  window.addEventListener('beforeunload', function (event) {  // edits are only in this browser until saved
    if (state.unsaved) { event.preventDefault(); event.returnValue = ''; }
  });
  var restored = restore(), view = keptView();  // read before the page's first filter keeps its own
  render();
  restoreView(view);
  if (restored) { say('Your edits from before were restored from this browser.'); }
})();
"""

# The editor's actions: name (the script's), key, button label, what it does. Buttons, keys and the
# key list in the page all come from here.
ACTIONS = (
    ("confirm", "c", "Confirm", "confirm the bead as it is (press again: back to auto)"),
    (
        "reject",
        "x",
        "Reject",
        "reject the pair: each of its units without counterpart, confirmed (as the spreadsheet's reject; out of a TM)",
    ),
    ("merge-previous", "p", "Merge \u2191", "merge with the previous bead"),
    ("merge-next", "n", "Merge \u2193", "merge with the next bead"),
    (
        "split",
        "s",
        "Split",
        "split a many-unit bead where the picked unit starts (default: after the first unit of each side)",
    ),
    ("detach", "d", "Detach", "detach the picked unit (the first or last of its side) as an omission/addition"),
    ("attach-previous", "a", "Attach \u2191", "attach an unpaired unit to the previous pair"),
    ("attach-next", "A", "Attach \u2193", "attach an unpaired unit to the next pair"),
    ("undo", "u", "Undo", "undo the last edit (also Ctrl+Z)"),
    ("redo", "r", "Redo", "redo (also Ctrl+Y)"),
    ("save", "w", "Save corrections", "download the corrected alignment as JSONL, for `aligner export`"),
)
NAVIGATION = (
    ("j / \u2193, k / \u2191", "next / previous bead shown"),
    ("\u2192 / \u2190", "pick a source unit of the bead (or click it)"),
    ("Shift+\u2192 / Shift+\u2190", "pick a target unit of the bead"),
    ("f", "show errors to review only / every bead"),
)
# Evidence whose values are bead or unit ids (0-based data): shown numbered from 1 like the rest of the page.
_ID_EVIDENCE = frozenset({"other_bead", "source_units", "target_units"})


def _role_labels(alignment: Alignment) -> str:
    """Style rules that label each unit that has a role ("footnote" after its number: `Unit.role`), none for a
    document without: the page's script and style are the same bytes for every alignment, so that a page without
    notes is the one it was before units had roles."""
    selectors: dict[str, list[str]] = {}
    for key, document in (("s", alignment.source), ("t", alignment.target)):
        for role, ids in units_by_role(document, alignment.level).items():
            selectors.setdefault(role, []).extend(f'.unit[data-side="{key}"][data-id="{i}"] .uid::after' for i in ids)
    if not selectors:
        return ""
    rules = [".uid::after { margin-inline-start: .4em; padding: 0 .3em; border-radius: 3px; background: #e4e4e4; }"]
    rules += [f'{", ".join(names)} {{ content: "{role}"; }}' for role, names in selectors.items()]
    return "\n".join(rules) + "\n"


# Where the script names the role of a unit an edit leaves without counterpart, as `aligner check` does ("Source
# footnote (paragraph 6) has no translation"): filled in for a document with roles only, as `_role_labels`.
_ROLE_HOOK = "/*unit roles*/"
_ROLE_JS = """    var role = (data.roles[name] || {})[id];
    if (role) { where = role + (data.lines[name] || data.level === 'paragraph' ? ' (' + where + ')' : ' ' + where); }
"""


def _script(alignment: Alignment) -> str:
    """The page's script: the same bytes for every alignment of body text only (`_role_labels`)."""
    return _JS.replace(_ROLE_HOOK, _ROLE_JS if has_roles(alignment) else "")


def render(alignment: Alignment, options: ExportOptions) -> dict[str, str]:
    """The review page (see the module docstring)."""
    summary = summarise(alignment, options)
    src, tgt = alignment.source, alignment.target
    title = f"Alignment review: {src.file_name} / {tgt.file_name}"
    checks = sorted({finding.check for finding in options.findings})
    check_options = "".join(f'<option value="{_escape(name)}">{_escape(name)}</option>' for name in checks)
    buttons = "\n".join(
        f'<button type="button" data-action="{name}" title="{_escape(what)} ({key})">{label} <kbd>{key}</kbd></button>'
        for name, key, label, what in ACTIONS
    )
    keys = "".join(
        f"<dt><kbd>{_escape(key)}</kbd></dt><dd>{_escape(what)}</dd>"
        for key, what in NAVIGATION + tuple((key, what) for _, key, _, what in ACTIONS)
    )
    marks = [] if src.lines and tgt.lines else ["&para; paragraph", "s sentence"]
    unit_marks = ", ".join(marks + ["line: a line of its file"] * (src.lines or tgt.lines))
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_escape(title)}</title>
<style>{_CSS}{_role_labels(alignment)}</style>
</head>
<body>
<h1>Alignment review</h1>
<p class="documents">{_document_label(src)} &rarr; {_document_label(tgt)}, aligned by {aligned_units(alignment)}.
Beads and units are numbered from 1 ({unit_marks}).</p>
{_gate_banner(alignment)}
{_warnings(alignment)}
{_summary(alignment, summary, options)}
<p id="legend"><strong>Confidence</strong> of a pair: the calibrated probability that it is aligned right
(<span class="chip conf-high">&ge; {HIGH_CONFIDENCE:.2f}</span> <span class="chip conf-mid">&lt; {HIGH_CONFIDENCE:.2f}</span>
<span class="chip conf-low">&lt; {summary.threshold}</span>), its units each other's counterparts, not that the
translation is correct: while an error finding holds on the pair (a wrong number, an untranslated copy) it is grey and
struck, <span class="chip conf-held">0.98</span>. Of an omission or addition (1-0, 0-1):
<span class="chip no-counterpart">no&nbsp;counterpart 0.95</span> is the probability that the unit really has no
counterpart, not that the row is fine. An edit is not a confirmation: the findings of its units stay,
marked <span class="badge before">found before the edit</span>, until you confirm the bead.</p>
<p id="fix-text"><strong>To fix a text</strong> (a wrong number, a missing word): this page changes how the units
are paired, not their texts. Write the spreadsheet of the alignment (<code>aligner align SRC TGT -o review.xlsx</code>,
or <code>aligner export CORRECTED.jsonl -o review.xlsx</code> after saving your corrections here), edit the text in
Excel or LibreOffice, then <code>aligner export review.xlsx -o pair.tmx</code>.</p>
<div id="controls">
<div class="filters">
<label>show <select id="severity">
<option value="all">every bead</option>
<option value="errors">errors to review (and pairs at confidence &lt; {summary.threshold})</option>
<option value="findings">errors and warnings</option>
<option value="reviewed">confirmed or edited</option>
</select></label>
<label>check <select id="check"><option value="any">any</option>{check_options}</select></label>
<span id="shown"></span>
</div>
<div class="toolbar"><span id="current">no bead selected</span>
{buttons}
</div>
<div id="message" role="status"></div>
</div>
<div id="beads"><table>
<colgroup><col class="n"><col class="kind"><col class="conf"><col class="text"><col class="text"><col></colgroup>
<thead><tr><th>#</th><th>kind</th><th>confidence</th><th>{_escape(src.language or "source")}</th>
<th>{_escape(tgt.language or "target")}</th><th>findings</th></tr></thead>
</table><p id="empty" hidden></p><div id="rows"></div></div>
<noscript><p>The beads and the editor need JavaScript.</p></noscript>
<section id="keys"><h2>Keys</h2><dl>{keys}</dl>
<p id="edit-status"></p>
<p>Edits are kept in this browser (for this alignment and these file names) until you save them;
<code>aligner export CORRECTED.jsonl -o pair.tmx</code> writes the translation memory from the saved file.</p></section>
<footer>Signature: <code>{_escape(alignment.signature or "(none)")}</code><br>Written by aligner {__version__}.</footer>
<script type="application/json" id="alignment-data">{_data(alignment, options)}</script>
<script>{_script(alignment)}</script>
</body>
</html>
"""
    return {"": page}


def _data(alignment: Alignment, options: ExportOptions) -> str:
    """What the script needs, as JSON safe inside a <script> element."""
    from ..checks import moved_at_translation
    from .jsonl import json_line, metadata_record

    by_bead = findings_by_bead(alignment, options.findings)
    # each finding as a row shows it (a finding on two rows, moved, is listed once per way it is said)
    views = {view.key: view for index in sorted(by_bead) for view in by_bead[index]}
    shown = list(views.values())
    numbers = {key: number for number, key in enumerate(views)}
    left_out = left_out_reasons(alignment, options)
    joiner = UNIT_JOINERS[alignment.level]
    beads = []
    for index, bead in enumerate(alignment.beads):
        record: dict[str, object] = {
            "s": bead.source,
            "t": bead.target,
            "c": bead.confidence,
            "m": bead.similarity,
            "st": bead.status,
        }
        if any(reworded(alignment, bead)):
            record["tx"] = [bead.source_text, bead.target_text]
        if bead.notes:
            record["n"] = list(bead.notes)
        if index in by_bead:
            record["f"] = [numbers[view.key] for view in by_bead[index]]
        if index in left_out:
            record["x"] = left_out[index]
        beads.append(record)
    names = [  # a text or list given from Python is named "<text>"/"<units>": no file name ("_units_" in a browser)
        (Path(document.name).stem if not document.name.startswith("<") else "") or side
        for side, document in (("source", alignment.source), ("target", alignment.target))
    ]
    units = {
        side: [[unit.text, unit.paragraph] for unit in document.units(alignment.level)]
        for side, document in (("source", alignment.source), ("target", alignment.target))
    }
    # edits are kept per alignment: its signature and file names, and a fingerprint of the texts, so that the
    # page of a re-aligned or changed document does not pick up edits made to another
    fingerprint = f"{zlib.crc32(json.dumps(units, ensure_ascii=False).encode('utf-8')):08x}"
    data = {
        "meta": json_line(metadata_record(alignment)),
        "key": "aligner-review|"
        + "|".join((alignment.signature, alignment.source.file_name, alignment.target.file_name, fingerprint)),
        "download": f"{names[0]}.{names[1]}.corrected.jsonl",
        "level": alignment.level,
        "joiner": joiner,
        "lines": {"source": alignment.source.lines, "target": alignment.target.lines},
        "threshold": options.low_confidence,
        "gated": gate_reason(alignment) is not None and not options.force,
        "keepErrors": options.keep_errors,
        "minConfidence": options.min_confidence,
        "high": HIGH_CONFIDENCE,
        "bins": HISTOGRAM_BINS,
        "languages": {"source": alignment.source.language or "", "target": alignment.target.language or ""},
        "directions": {
            "source": text_direction(alignment.source.language),
            "target": text_direction(alignment.target.language),
        },
        "units": units,
        "beads": beads,
        "findings": [
            {
                "check": view.finding.check,
                "severity": view.finding.severity,
                "message": moved_at_translation(alignment, view.finding)
                if view.at_translation
                else view.finding.message,
                "evidence": [[name.replace("_", " "), _evidence(name, value)] for name, value in _shown_evidence(view)],
            }
            for view in shown
        ],
        "keys": {key: name for name, key, _, _ in ACTIONS},
    }
    if has_roles(alignment):  # by unit id, for `_ROLE_JS`; no key for body text only, whose page stays as it was
        data["roles"] = {
            side: {str(i): role for role, ids in units_by_role(document, alignment.level).items() for i in ids}
            for side, document in (("source", alignment.source), ("target", alignment.target))
        }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" inside a text must not end the element; U+2028/9 are fine in JSON but not in old JS
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _shown_evidence(view: FindingView) -> Iterator[tuple[str, EvidenceValue]]:
    """The evidence a row shows, less what the row says already: the unit's text, in its cell, and where the unit is,
    in the message ("Source footnote (paragraph 2) has no translation"); on the row of a moved unit's translation,
    the source unit's text, and the bead the finding is on as the other."""
    for name, value in view.finding.evidence:
        if not view.at_translation:
            if name not in ("text", "where"):
                yield name, value
        elif name == "text":
            yield "source_text", value
        elif name == "other_bead":
            yield name, str(view.finding.bead)
        elif name != "translation":
            yield name, value


def _evidence(name: str, value: EvidenceValue) -> str:
    values = value if isinstance(value, tuple) else (value,)
    if name in _ID_EVIDENCE:
        values = tuple(str(int(v) + 1) if v.isdigit() else v for v in values)
    return ", ".join(values) if values else "none"


def _gate_banner(alignment: Alignment) -> str:
    """A banner at the top of the page when the alignment must not go into a translation memory."""
    reason = gate_reason(alignment)
    if reason is None:
        return ""
    refused = ", ".join(exporter.name for exporter in EXPORTERS.values() if exporter.translation_memory)
    languages = (
        " If a language is one the encoder does not know (see the warnings), a model that covers it may help."
        if alignment.warnings
        else ""
    )
    return (
        f'<section id="gate" role="alert"><strong>Not for a translation memory:</strong> {_escape(reason)}. '
        f"Check that these are the right two documents: an export to {refused} is refused unless forced "
        f"(<code>--force</code>).{languages}</section>"
    )


def _warnings(alignment: Alignment) -> str:
    if not alignment.warnings:
        return ""
    items = "".join(f"<li>{_escape(warning)}</li>" for warning in alignment.warnings)
    return f'<section id="warnings"><h2>Warnings</h2><ul>{items}</ul></section>'


def _summary(alignment: Alignment, summary: ReviewSummary, options: ExportOptions) -> str:
    """The summary: what the script counts over the current beads (`SUMMARY_FIGURES`, kept up to date after
    every edit), and what only the checks in Python know, shown as of the alignment before any edit."""
    units = "".join(
        f"<dt>{_escape(document.language or side)} {document.unit_name(alignment.level)}s</dt><dd>{count}</dd>"
        for side, document, count in (
            ("source", alignment.source, summary.source_units),
            ("target", alignment.target, summary.target_units),
        )
    )
    figures = "".join(
        f'<dt>{name.format(threshold=summary.threshold)}</dt><dd id="sum-{key}"></dd>' for key, name in SUMMARY_FIGURES
    )
    errors = sum(finding.severity == "error" for finding in options.findings)
    aligned = [
        ("document confidence", confidence_text(alignment.confidence, 3)),
        ("findings", f"{errors} error(s), {len(options.findings) - errors} warning(s)"),
    ]
    by_check = Counter((finding.check, finding.severity) for finding in options.findings)
    aligned.extend(  # a row a check: "1 error(s), 1 warning(s)" when it found both
        (
            f"&nbsp;&nbsp;{_escape(check)}",
            ", ".join(
                f"{by_check[check, severity]} {severity}(s)"
                for severity in get_args(Severity)
                if by_check[check, severity]
            ),
        )
        for check in sorted({check for check, _ in by_check})
    )
    as_aligned = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in aligned)
    bins = "".join(f"<span>{low / HISTOGRAM_BINS:.1f}</span>" for low in range(HISTOGRAM_BINS))
    return (
        f'<section id="summary">\n<div><h2>The beads now</h2><dl id="now">{units}{figures}</dl></div>\n'
        f'<figure id="histogram"><div class="bars"></div><div class="bins">{bins}</div>'
        "<figcaption>pairs by confidence, now (not the pairs you made)</figcaption></figure>\n"
        f'<div><h2>As aligned, before your edits</h2><dl id="as-aligned">{as_aligned}</dl>\n'
        "<p>Findings of the checks: after edits, <code>aligner check --alignment CORRECTED.jsonl</code> "
        "gives the current ones.</p></div>\n</section>"
    )


def _document_label(document: Document) -> str:
    return f"{_escape(document.file_name)} ({_escape(document.language or '?')})"


def _escape(text: str) -> str:
    return html.escape(drop_forbidden_characters(text), quote=True)
