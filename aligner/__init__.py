"""aligner: align a document with its translation, paragraph by paragraph and sentence by sentence.

>>> import aligner
>>> result = aligner.align(ru_text, en_text)          # doctest: +SKIP
>>> [(b.source, b.target, b.confidence) for b in result.beads]  # doctest: +SKIP
"""

from importlib.metadata import version as _version

__version__ = _version("aligner")  # the one version source is pyproject.toml

from .batch import PairInput, PairResult, align_many
from .checks import CheckOptions, check
from .corrections import load
from .costs import CostParams
from .counterparts import DocumentPair, Match, Pairing, match, match_corpus
from .embed import CachedEncoder, Encoder, Model, ModelEncoder, StateEncoder, USEEncoder
from .embed_cache import DiskCachedEncoder
from .errors import AlignerError, EncodingGuessWarning, GateError, InputError, SettingsError
from .export import ExportOptions, ExportReport
from .pipeline import Settings, Source, align, read
from .search import SearchParams
from .segment import RuleSegmenter, Segmenter
from .types import Alignment, Bead, Document, Finding, Level, Role, Severity, Status, Unit, UnitEmbeddings, Units

__all__ = [
    "AlignerError",
    "Alignment",
    "Bead",
    "CachedEncoder",
    "CheckOptions",
    "CostParams",
    "DiskCachedEncoder",
    "Document",
    "DocumentPair",
    "Encoder",
    "EncodingGuessWarning",
    "ExportOptions",
    "ExportReport",
    "Finding",
    "GateError",
    "InputError",
    "Level",
    "Match",
    "Model",
    "ModelEncoder",
    "PairInput",
    "PairResult",
    "Pairing",
    "Role",
    "RuleSegmenter",
    "SearchParams",
    "Segmenter",
    "Settings",
    "SettingsError",
    "Severity",
    "Source",
    "StateEncoder",
    "Status",
    "USEEncoder",
    "Unit",
    "UnitEmbeddings",
    "Units",
    "align",
    "align_many",
    "check",
    "load",
    "match",
    "match_corpus",
    "read",
]
