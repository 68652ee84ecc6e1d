"""The one exception family the library raises for bad input or bad settings."""

from dataclasses import fields
from numbers import Integral, Real


def first_line(error: BaseException) -> str:
    """The first line of an exception's message (its type name when it has none), for one-line errors."""
    message = str(error).strip()
    return message.splitlines()[0] if message else type(error).__name__


def shown(value: object, width: int = 80) -> str:
    """`repr(value)` for a one-line message: on one line, at most `width` characters (a SentenceTransformer's repr
    runs to five lines, a list of units to thousands of characters)."""
    text = " ".join(repr(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def check_number_fields(settings: object) -> None:
    """SettingsError naming the field when a field of the dataclass `settings` is not a number of its annotated type
    (an `int` field takes whole numbers, a `float` field any real number; a bool or a str is neither)."""
    for spec in fields(settings):  # type: ignore[arg-type]
        value = getattr(settings, spec.name)
        whole = spec.type in ("int", int)
        if isinstance(value, bool) or not isinstance(value, Integral if whole else Real):
            kind = "a whole number" if whole else "a number"
            raise SettingsError(f"{type(settings).__name__}.{spec.name} must be {kind}, got {shown(value)}")


class AlignerError(Exception):
    """A problem with the input or the settings, worded for the person who gave them.

    The message is one line and names the file (or argument) and the problem;
    the CLI prints it as is and exits with code 2.
    """


class InputError(AlignerError):
    """A document cannot be read: missing, empty, binary, undecodable, unsupported."""


class SettingsError(AlignerError):
    """An option has a value the library cannot use."""


class GateError(AlignerError):
    """An export refused because the alignment is not fit for a translation memory (the CLI exits 1)."""


class EncodingGuessWarning(UserWarning):
    """A text file's text may be misread: its legacy encoding was guessed on weak evidence (give the encoding to
    read it as it is), or the encoding given reads a valid UTF-8 file as mojibake (drop it). The CLI prints it as a
    warning."""
