"""Read stage: files -> paragraphs. `paragraphs` reads text, Markdown and .docx and picks the reader of a file by
its first bytes (`sniff`) or its extension; `html`, `pdf`, `epub` and `odt` read those formats; `lines` reads
pre-split text, one unit per line. `aligner.read` makes a Document of what they return.
"""

from .paragraphs import (
    READERS,
    Paragraph,
    ParagraphReader,
    check_is_file,
    clean_text,
    decode,
    read_paragraphs,
    read_paragraphs_with_roles,
    split_lines,
    split_paragraphs,
    text_hints,
    text_position,
    visible_text,
    without_layout_hints,
)

__all__ = [
    "READERS",
    "Paragraph",
    "ParagraphReader",
    "check_is_file",
    "clean_text",
    "decode",
    "read_paragraphs",
    "read_paragraphs_with_roles",
    "split_lines",
    "split_paragraphs",
    "text_hints",
    "text_position",
    "visible_text",
    "without_layout_hints",
]
