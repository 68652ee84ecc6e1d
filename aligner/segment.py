"""Segment stage: paragraph texts -> a Document of paragraphs and their sentences.

Russian goes to razdel (it knows 'г.', 'т. е.', initials); other languages to
the SRX rules of LanguageTool (choppa-srx). Line breaks inside a paragraph
(Markdown hard breaks) count as spaces: a title broken over two lines is one sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, runtime_checkable

from .language import base_language
from .types import Document, Unit


@runtime_checkable
class Segmenter(Protocol):
    """Anything that splits one line of text into sentences."""

    def split(self, text: str, language: str | None) -> list[str]: ...


class RuleSegmenter:
    """razdel for Russian, LanguageTool's SRX rules (choppa-srx) for every other language."""

    def split(self, text: str, language: str | None) -> list[str]:
        base = base_language(language) if language else ""
        if base == "ru":
            from razdel import sentenize

            pieces = [sentence.text for sentence in sentenize(text)]
        else:
            from choppa import SrxTextIterator

            pieces = list(SrxTextIterator(_srx_rules(), _srx_language(base), text))
        return [piece.strip() for piece in pieces if piece.strip()]


@lru_cache(maxsize=1)
def _srx_rules():
    from choppa import DEFAULT_SRX_RULESET, SrxDocument

    return SrxDocument(ruleset=DEFAULT_SRX_RULESET)


# LanguageTool's catch-all rules never split ordinary sentences; for the languages it has no rules
# of its own for (and an unknown language) it offers a "Generic" rule set, mapped from Lithuanian.
_CATCH_ALL_RULES = frozenset({"GeneralImportant", "Default"})
_GENERIC_RULES_LANGUAGE = "lt"


def _srx_language(base: str) -> str:
    """The language code to hand the SRX rules: `base` if they know it, else one with the generic rules."""
    rules = _srx_rules().get_language_rule_list(base or "und")
    return base if any(rule.name not in _CATCH_ALL_RULES for rule in rules) else _GENERIC_RULES_LANGUAGE


def build_document(
    paragraphs: Sequence[str],
    name: str,
    language: str | None,
    segmenter: Segmenter | None = None,
    language_confidence: float | None = None,
) -> Document:
    """Paragraph texts -> Document; with `segmenter=None` each paragraph is one sentence (pre-split input)."""
    paragraph_units = tuple(Unit(index, text, index) for index, text in enumerate(paragraphs))
    sentences: list[Unit] = []
    for paragraph in paragraph_units:
        if segmenter is None:
            pieces = [paragraph.text]
        else:
            pieces = segmenter.split(" ".join(paragraph.text.split()), language)
        for piece in pieces or [paragraph.text]:
            sentences.append(Unit(len(sentences), piece, paragraph.index))
    return Document(name=name, language=language, paragraphs=paragraph_units, sentences=tuple(sentences),
                    language_confidence=language_confidence)
