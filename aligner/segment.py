"""Segment stage: paragraph texts -> a Document of paragraphs and their sentences.

Russian goes to razdel (it knows 'г.', 'т. е.', initials); other languages to
the SRX rules of LanguageTool (choppa-srx), or to the user's own SRX file. Line
breaks inside a paragraph (the readers leave none; a reviewer's edit may) count as
spaces: a title broken over two lines is one sentence.

The built-in splitters see the text with the spaces before sentence-ending
punctuation closed up (`Wand .` -> `Wand.`, the tokenised Text+Berg convention;
French `haut !`), and give back the text's own characters. Their split is then
corrected: a straight quote left alone at a boundary joins the sentence it opens
or closes, a piece of nothing but quotes and punctuation joins a sentence beside it, a piece that starts in
lower case (or with a comma) continues the sentence before, and a number with a dot that ends no sentence (a
list number or Roman numeral, a date, a German or Turkish ordinal: ordinals.py) joins the sentence it belongs to, as
does a name or number after a title or reference the rules do not know ("il sig. Rossi", "See Art. 5", and "S.p." |
"A." cut inside one word: abbreviations.py).
Thai writes no full stops: a space between two Thai words ends a sentence there.
Abbreviations the user adds never end a sentence.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Protocol, cast, runtime_checkable

from . import abbreviations, ordinals
from .errors import InputError, SettingsError, shown
from .language import base_language
from .limits import check_size
from .readers.paragraphs import check_is_file, clean_text
from .types import Document, Role, Unit

# Spaces before a run of sentence-ending punctuation that ends a word ("Wand ." "haut !" "so ...").
_SPACE_BEFORE_END = re.compile(r"(?<=\S)[ \t\u00a0\u202f]+(?=[.!?…]+(?:[\s\"'»”’)\]]|$))")
# Only straight quotes: which way a typographic one faces depends on the language (German »...«, „...“).
_STRAIGHT_QUOTES = ("'", '"')
# A straight quote that is a quotation mark, not an apostrophe (I've, dogs'): a space or an edge on one side.
_QUOTE_MARK = {quote: re.compile(rf"(?:(?<=\s)|^){quote}|{quote}(?=\s|$)") for quote in _STRAIGHT_QUOTES}
# The first word of a piece, after any opening quotes or brackets, and a dot or bracket after it ("b )" numbers a
# list item; "u Zagrebu" goes on).
_FIRST_WORD = re.compile(r"^[\"'«“‘„‹(\[¿¡\s]*([^\W\d_]+)(\s*[.)])?")
# A piece with nothing but quotes, brackets and end punctuation.
_BARE_MARKS = re.compile(r"[\"'«»“”‘’„‹›()\[\]「」『』《》（）.!?…。！？\s]+$")
_THAI_SPACE = re.compile(r"(?<=[\u0e00-\u0e7f])\s+(?=[\u0e00-\u0e7f])")


@runtime_checkable
class Segmenter(Protocol):
    """Anything that splits one line of text into sentences. A segmenter may also say what it is in an
    `identity` string (how it splits, so that two that split differently differ): it goes into the signature
    of alignments; without one, its class name does."""

    def split(self, text: str, language: str | None) -> list[str]: ...


def segmenter_identity(segmenter: Segmenter | None) -> str:
    """What goes into the signature for `segmenter` ("given" for None: the input came split)."""
    if segmenter is None:
        return "given"
    return str(getattr(segmenter, "identity", None) or type(segmenter).__qualname__)


class RuleSegmenter:
    """razdel for Russian, LanguageTool's SRX rules (choppa-srx) for every other language.

    `abbreviations` ("Bd.", "ca.", "Abb.") never end a sentence: the sentence goes
    on after them. `srx` is an SRX 2.0 file whose rules replace the built-in ones
    for every language (razdel included), with its own language map; they are
    applied as they are, without the corrections of the built-in rules below.
    """

    def __init__(self, abbreviations: Iterable[str] = (), srx: str | Path | None = None) -> None:
        if isinstance(abbreviations, str):  # it was read letter by letter: "Bd." became B, d and "."
            raise SettingsError(
                f"abbreviations must be a list of words, got the str {abbreviations!r}: write [{abbreviations!r}]"
            )
        self.abbreviations = frozenset(word.strip() for word in abbreviations if word.strip())
        self.srx = Path(srx) if srx is not None else None
        self._srx_document = _load_srx(self.srx) if self.srx is not None else None
        self._srx_digest = _digest(self.srx.read_bytes()) if self.srx is not None else None

    def split(self, text: str, language: str | None) -> list[str]:
        base = base_language(language) if language else ""
        if self._srx_document is not None:  # the user's rules, as they are
            from choppa import SrxTextIterator

            pieces = list(SrxTextIterator(self._srx_document, base or "und", text))
            return self._keep_abbreviations([piece.strip() for piece in pieces if piece.strip()])
        view, origin = _close_up(text)
        pieces, position = [], 0
        for piece in _split_view(view, base):
            start = view.index(piece, position)
            position = start + len(piece)
            pieces.append(text[origin[start] : origin[position - 1] + 1])
        if base == "th":
            pieces = [part for piece in pieces for part in _THAI_SPACE.split(piece)]
        pieces = _attach_quotes(text, [piece.strip() for piece in pieces if piece.strip()])
        pieces = _join_where(text, pieces, abbreviations.cut_inside_abbreviation, abutting=True)
        after_abbreviation = partial(abbreviations.goes_on_after_abbreviation, base)
        after_number = partial(ordinals.continues_after_number, base)
        for joins in (
            _joins_bare_marks,
            after_abbreviation,
            ordinals.numbers_the_next,
            _joins_continuation,
            after_number,
        ):
            pieces = _join_where(text, pieces, joins)
        return self._keep_abbreviations(pieces)

    def _keep_abbreviations(self, pieces: list[str]) -> list[str]:
        kept: list[str] = []
        for piece in pieces:
            if kept and kept[-1].rsplit(None, 1)[-1] in self.abbreviations:
                kept[-1] = f"{kept[-1]} {piece}"
            else:
                kept.append(piece)
        return kept

    @property
    def identity(self) -> str:
        """ "rules" for the built-in rules, "srx:" and a hash of the user's SRX file for theirs, plus a hash of
        the added abbreviations."""
        rules = f"srx:{self._srx_digest}" if self._srx_digest is not None else "rules"
        added = (
            f"+abbreviations:{_digest(chr(10).join(sorted(self.abbreviations)).encode())}" if self.abbreviations else ""
        )
        return rules + added

    def __repr__(self) -> str:
        return f"RuleSegmenter(abbreviations={sorted(self.abbreviations)!r}, srx={self.srx!r})"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def _split_view(text: str, base: str) -> list[str]:
    if base == "ru":
        from razdel import sentenize

        return [sentence.text for sentence in sentenize(text)]
    from choppa import SrxTextIterator

    return list(SrxTextIterator(_srx_rules(), _srx_language(base), text))


def _attach_quotes(text: str, pieces: list[str]) -> list[str]:
    """Move a quote that stands alone at a boundary to the sentence it belongs to.

    Splitters leave a closing quote written with a space before it (`late! ' (when`) at the start of
    the next sentence, and an opening one (`dialogues! " La belle`) at the end of the previous one.
    Straight quotes are told apart by counting: after an odd number of them a quote closes.
    """
    spans = _spans(text, pieces)

    def closes(quote: str, at: int) -> bool:
        return len(_QUOTE_MARK[quote].findall(text, 0, at)) % 2 == 1

    for before, after in itertools.pairwise(spans):
        first, last = after[0], before[1] - 1
        if (
            text[first] in _STRAIGHT_QUOTES
            and (first + 1 == after[1] or text[first + 1].isspace())
            and closes(text[first], first)
        ):
            before[1] = first + 1
            after[0] = first + 1
        elif (
            text[last] in _STRAIGHT_QUOTES
            and last > before[0]
            and text[last - 1].isspace()
            and not closes(text[last], last)
        ):
            before[1] = last
            after[0] = last
    return [text[start:end].strip() for start, end in spans if text[start:end].strip()]


def _join_where(text: str, pieces: list[str], joins: Callable[[str, str], bool], abutting: bool = False) -> list[str]:
    """`pieces` with each one that `joins(before, piece)` says belongs to the sentence before joined to it, as
    `text` has them; `abutting`: only where nothing stands between them in `text` (the splitter cut a word)."""
    joined: list[list[int]] = []
    for start, end in _spans(text, pieces):
        if (
            joined
            and (not abutting or joined[-1][1] == start)
            and joins(text[joined[-1][0] : joined[-1][1]], text[start:end])
        ):
            joined[-1][1] = end
        else:
            joined.append([start, end])
    return [text[start:end] for start, end in joined]


def _joins_bare_marks(before: str, piece: str) -> bool:
    """A piece of quotes, brackets and end punctuation alone (a closing quote that `_attach_quotes` could not tell
    from an opening one: `I am old. '` after a quotation opened in an earlier paragraph) goes on the sentence before,
    or, first in the paragraph, on the one after: it is no sentence to align."""
    return bool(_BARE_MARKS.match(piece) or _BARE_MARKS.match(before))


def _joins_continuation(before: str, piece: str) -> bool:
    """A piece that starts with a lower-case word (after any brackets or quotes; not a list item's letter, "b )"),
    or with a comma or semicolon and a space ("am 13. , 15. und 17. Juni"; ",Du" opens a quotation in OCR'd German)
    goes on the sentence before."""
    if piece.startswith((", ", "; ")):
        return True
    first = _FIRST_WORD.match(piece)
    return first is not None and first.group(1).islower() and not (len(first.group(1)) == 1 and first.group(2))


def _spans(text: str, pieces: list[str]) -> list[list[int]]:
    """[start, end] of each of `pieces` in `text`, where they stand in order."""
    spans, position = [], 0
    for piece in pieces:
        start = text.index(piece, position)
        position = start + len(piece)
        spans.append([start, position])
    return spans


def _close_up(text: str) -> tuple[str, list[int]]:
    """`text` without the spaces before sentence-ending punctuation, and each kept character's offset in `text`."""
    view: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _SPACE_BEFORE_END.finditer(text):
        view.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        position = match.end()
    view.append(text[position:])
    origin.extend(range(position, len(text)))
    return "".join(view), origin


def _load_srx(path: Path) -> Any:
    """The SRX document of `path`, every rule's patterns compiled (choppa compiles them on first use: a broken one
    stopped the alignment half-way with the regex library's words)."""
    from xml.sax import SAXParseException

    import regex  # type: ignore[import-untyped]
    from choppa import SrxDocument

    try:
        check_is_file(path)
    except InputError as error:  # said of the file as a document's would be: "rules.srx: no such file"
        raise SrxFileError(path, str(error).removeprefix(f"{path}: ")) from error
    try:
        document = SrxDocument(ruleset=path)
    except SAXParseException as error:
        column = (error.getColumnNumber() or 0) + 1  # expat counts from 0, an editor from 1
        raise SrxFileError(
            path,
            f"not an SRX file: not well-formed XML at line {error.getLineNumber()}, column {column} "
            "(damaged, cut short, or another format)",
        ) from error
    except regex.error as error:  # a <languagemap>'s pattern, compiled as it is read
        raise SrxFileError(path, f"the languagepattern {_bad_pattern(error)}") from error
    except AttributeError as error:  # choppa adds a rule to the language rule it is in: None outside one
        raise SrxFileError(path, "not an SRX 2.0 rule file: a <rule> outside a <languagerule>") from error
    except OSError as error:
        raise SrxFileError(path, f"cannot read the file ({error.strerror or error})") from error
    if not document.language_map_list:
        raise SrxFileError(path, "the SRX file has no language map")
    for language_map in document.language_map_list:
        if language_map.language_rule is None:
            raise SrxFileError(
                path,
                f"the <languagemap> of languagepattern {language_map.language_pattern.pattern!r} names a "
                "languagerulename that no <languagerule> has",
            )
        for number, rule in enumerate(language_map.language_rule.rules, start=1):
            for part, pattern in (("beforebreak", rule.before_pattern), ("afterbreak", rule.after_pattern)):
                try:
                    document.compile(pattern)
                except regex.error as error:
                    raise SrxFileError(
                        path,
                        f"rule {number} of the <languagerule> {language_map.language_rule.name!r}: "
                        f"its <{part}> {_bad_pattern(error)}",
                    ) from error
    return document


def _bad_pattern(error: Any) -> str:
    """`error`, a regex.error, said of the pattern it names: "'[a' is not a regular expression: ..."."""
    return f"{error.pattern!r} is not a valid regular expression: {error.msg} at position {error.pos}"


class SrxFileError(SettingsError):
    """An SRX file `RuleSegmenter` cannot use, named as its parameter is (`srx='rules.srx': no such file`);
    `path` and `problem` let the CLI name it by its option instead (`--srx rules.srx: no such file`)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"srx={str(path)!r}: {problem}")
        self.path = path
        self.problem = problem


@lru_cache(maxsize=1)
def _srx_rules() -> Any:
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
    lines: bool = False,
    roles: Sequence[Role | None] = (),
) -> Document:
    """Paragraph texts -> Document; with `segmenter=None` each paragraph is one sentence (pre-split input;
    `lines`: read one a line, see `Document.lines`). `roles`: each paragraph's (`Unit.role`), its sentences' too;
    none given, all are body text.

    With a segmenter the paragraphs are split into sentences on the first use of `Document.sentences`
    (a paragraph alignment never needs them); past `MAX_UNITS` sentences that use raises InputError.
    """
    roles = tuple(roles)
    paragraph_units = _paragraph_units(paragraphs, roles)
    if segmenter is None:
        sentences = _sentence_units([[text] for text in paragraphs], roles)
    else:  # Document calls this on the first use of its sentences
        sentences = cast("tuple[Unit, ...]", partial(_split_sentences, paragraphs, name, language, segmenter, roles))
    return Document(
        name, language, paragraph_units, sentences, language_confidence, segmenter_identity(segmenter), lines
    )


def _split_sentences(
    paragraphs: Sequence[str], name: str, language: str | None, segmenter: Segmenter, roles: Sequence[Role | None]
) -> tuple[Unit, ...]:
    sentences = _sentence_units([_pieces(segmenter, text, language) or [text] for text in paragraphs], roles)
    check_size(sentences, name, "sentences")
    return sentences


def _pieces(segmenter: Segmenter, text: str, language: str | None) -> list[str]:
    """The sentences `segmenter` splits a paragraph into, blank ones left out; SettingsError unless it gives str
    pieces: a str returned was taken piece by piece, one sentence per character, and blank pieces became units."""
    pieces: object = segmenter.split(clean_text(text), language)  # a user's: whatever it returns
    if isinstance(pieces, (str, bytes)) or not isinstance(pieces, Iterable):
        raise SettingsError(
            f"segmenter {segmenter_identity(segmenter)}: split(text, language) must return a list of str, "
            f"got {type(pieces).__name__}"
        )
    pieces = list(pieces)
    odd = next((piece for piece in pieces if not isinstance(piece, str)), None)
    if odd is not None:
        raise SettingsError(
            f"segmenter {segmenter_identity(segmenter)}: split(text, language) must return a list of str, "
            f"got a list holding {type(odd).__name__} {shown(odd)}"
        )
    return [piece for piece in pieces if piece.strip()]


def document_of_sentences(
    paragraphs: Sequence[Sequence[str]], name: str, language: str | None, language_confidence: float | None = None
) -> Document:
    """The sentences of each paragraph, already split -> Document; a paragraph's text is its sentences joined."""
    return Document(
        name,
        language,
        _paragraph_units([" ".join(sentences) for sentences in paragraphs]),
        _sentence_units(paragraphs),
        language_confidence,
        segmenter_identity(None),
    )


def _paragraph_units(texts: Sequence[str], roles: Sequence[Role | None] = ()) -> tuple[Unit, ...]:
    paragraphs = zip(texts, _each(roles, texts), strict=True)
    return tuple(Unit(index, text, index, role) for index, (text, role) in enumerate(paragraphs))


def _sentence_units(sentences: Sequence[Sequence[str]], roles: Sequence[Role | None] = ()) -> tuple[Unit, ...]:
    """The sentences of each paragraph in turn (of `roles`, none given: body text) -> sentence units numbered across
    the document, each of its paragraph's role."""
    pieces = [
        (paragraph, text, role)
        for paragraph, (texts, role) in enumerate(zip(sentences, _each(roles, sentences), strict=True))
        for text in texts
    ]
    return tuple(Unit(index, text, paragraph, role) for index, (paragraph, text, role) in enumerate(pieces))


def _each(roles: Sequence[Role | None], paragraphs: Sequence[object]) -> Sequence[Role | None]:
    """The role of each paragraph: `roles`, or None for each when none are given."""
    return roles or (None,) * len(paragraphs)
