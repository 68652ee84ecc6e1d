"""Wrapped lines -> paragraph text: where a line ends a sentence, and words broken at a line-end hyphen.

Shared by the plain-text and Markdown reader (`paragraphs`) and the PDF reader (`pdf`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from ..language import detect_language

# A line that ends a sentence: final punctuation, then closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'»”’)\]]*$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HYPHENS = "-\u2010\u00ad"


class Hyphenation:
    """Whether a word broken at a line-end hyphen is one word ("inter-|national") or a compound ("well-|known").

    Evidence, strongest first: the document itself (the word written whole, or
    with its hyphen, elsewhere), then a spelling dictionary of the document's
    language (pyspellchecker: en, de, fr, es, it, pt, nl, ru, ar, ...). With no
    evidence for a word, the document's other broken words decide: a layout
    engine that hyphenates words does so often, one that does not (a browser,
    a word processor by default) breaks lines only at the hyphens of compounds.
    A soft hyphen (U+00AD) is always a hyphenation.

    `text` is the whole document; `wraps` its pairs of consecutive lines that may be one line wrapped. The
    document's words and its dictionary are read only when a word is broken.
    """

    def __init__(self, text: str, wraps: Iterable[tuple[str, str]]) -> None:
        self.text = text
        verdicts = [self._evidence(*broken) for left, right in wraps if (broken := _broken_word(left, right))]
        self.hyphenates = verdicts.count(True) > verdicts.count(False)

    def join(self, left: str, right: str) -> str:
        """Two wrapped lines -> one: joined with a space, or across a hyphen, keeping it or not."""
        return self.join_all([left, right])

    def join_all(self, lines: Sequence[str]) -> str:
        """Wrapped lines -> one, each joint as `join` makes it (in time linear in the text: a book's one block of
        wrapped lines, joined two at a time, took seconds)."""
        pieces: list[str] = []
        for left, right in itertools.pairwise(lines):
            drop_hyphen, separator = self._joint(left, right)
            pieces += [left[:-1] if drop_hyphen else left, separator]
        return "".join(pieces) + lines[-1] if lines else ""

    def _joint(self, left: str, right: str) -> tuple[bool, str]:
        """How `left` and the line after it join: whether the hyphen ending `left` goes, and what stands between."""
        broken = _broken_word(left, right)
        if broken is None:  # no word broken; still no space after a hyphen inside "19-20", "COVID-19"
            glued = left[-1:] in _HYPHENS and left[-2:-1].isalnum() and right[:1].isalnum()
            return False, "" if glued else " "
        if left.endswith("\u00ad"):
            return True, ""
        verdict = self._evidence(*broken)
        return (self.hyphenates if verdict is None else verdict), ""

    @cached_property
    def _vocabulary(self) -> Counter[str]:
        return Counter(word.lower() for word in _WORD.findall(self.text))

    @cached_property
    def _word_list(self) -> Any:
        return _dictionary(detect_language(self.text))

    def _evidence(self, head: str, tail: str) -> bool | None:
        """True: one word, drop the hyphen; False: a compound, keep it; None: nothing says."""
        whole, compound = (head + tail).lower(), f"{head}-{tail}".lower()
        if self._vocabulary[compound] or self._vocabulary[whole]:
            return self._vocabulary[whole] > self._vocabulary[compound]
        if self._word_list is not None:
            if whole in self._word_list:
                return True
            if head.lower() in self._word_list and tail.lower() in self._word_list:
                return False
        return None


def _broken_word(left: str, right: str) -> tuple[str, str] | None:
    """The two halves of a word broken at the hyphen that ends `left`, or None."""
    if not left or left[-1] not in _HYPHENS:
        return None
    head = re.search(r"[^\W\d_]+$", left[:-1])
    tail = re.match(r"[^\W\d_]+", right)
    return (head.group(), tail.group()) if head and tail else None


def _dictionary(language: str | None) -> Any:
    """The word list of pyspellchecker for `language`, or None (not installed, or no list for it)."""
    try:
        from spellchecker import SpellChecker
    except ImportError:
        return None
    try:
        return SpellChecker(language=language, distance=1).word_frequency if language else None
    except ValueError:  # no dictionary for this language
        return None
