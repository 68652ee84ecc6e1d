"""aligner: align a document with its translation, paragraph by paragraph and sentence by sentence.

>>> import aligner
>>> result = aligner.align(ru_text, en_text)          # doctest: +SKIP
>>> [(b.source, b.target, b.confidence) for b in result.beads]  # doctest: +SKIP
"""

from importlib.metadata import version as _version

__version__ = _version("aligner")  # the one version source is pyproject.toml

from .batch import PairInput, PairResult, align_many  # noqa: E402
from .checks import CheckOptions, check  # noqa: E402
from .corrections import load  # noqa: E402
from .costs import CostParams  # noqa: E402
from .counterparts import DocumentPair, Match, Pairing, match, match_corpus  # noqa: E402
from .embed import CachedEncoder, Encoder, Model, ModelEncoder, StateEncoder, USEEncoder  # noqa: E402
from .embed_cache import DiskCachedEncoder  # noqa: E402
from .errors import AlignerError, GateError, InputError, SettingsError  # noqa: E402
from .export import ExportOptions, ExportReport  # noqa: E402
from .pipeline import Settings, align, read  # noqa: E402
from .search import SearchParams  # noqa: E402
from .segment import RuleSegmenter, Segmenter  # noqa: E402
from .types import Alignment, Bead, Document, Finding, Level, Unit, UnitEmbeddings  # noqa: E402

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
    "RuleSegmenter",
    "SearchParams",
    "Segmenter",
    "Settings",
    "SettingsError",
    "StateEncoder",
    "USEEncoder",
    "Unit",
    "UnitEmbeddings",
    "align",
    "align_many",
    "check",
    "load",
    "match",
    "match_corpus",
    "read",
]
