"""Readers for the formats that need a library or an archive: PDF, EPUB, ODT; and format sniffing.

Each reader takes a path and returns the document's paragraphs, as the readers of `aligner.read` do.
"""
