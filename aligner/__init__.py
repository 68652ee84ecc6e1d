"""aligner: align a document with its translation, paragraph by paragraph and sentence by sentence.

>>> import aligner
>>> result = aligner.align(ru_text, en_text)          # doctest: +SKIP
>>> [(b.source, b.target, b.confidence) for b in result.beads]  # doctest: +SKIP
"""

__version__ = "0.1.0"

from .batch import PairInput, PairResult, align_many  # noqa: E402
from .checks import check  # noqa: E402
from .corrections import load  # noqa: E402
from .costs import CostParams  # noqa: E402
from .embed import Encoder, ModelEncoder, USEEncoder  # noqa: E402
from .errors import AlignerError, GateError, InputError, SettingsError  # noqa: E402
from .match import DocumentPair, Match, Pairing, match, match_corpus  # noqa: E402
from .pipeline import Settings, align, read  # noqa: E402
from .search import SearchParams  # noqa: E402
from .segment import RuleSegmenter, Segmenter  # noqa: E402
from .types import Alignment, Bead, Document, Finding, Unit, UnitEmbeddings  # noqa: E402

__all__ = [
    "AlignerError",
    "Alignment",
    "Bead",
    "CostParams",
    "Document",
    "DocumentPair",
    "Encoder",
    "Finding",
    "GateError",
    "InputError",
    "Match",
    "ModelEncoder",
    "PairInput",
    "PairResult",
    "Pairing",
    "RuleSegmenter",
    "SearchParams",
    "Segmenter",
    "Settings",
    "SettingsError",
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
