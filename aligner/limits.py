"""The sizes the aligner accepts, in one place: README's "Limits" table quotes them.

Past a limit the reader raises InputError naming the file and the limit, before any
model is loaded; below them memory stays bounded (see `benchmarks/limits.py`).
"""

MAX_FILE_BYTES = 64 * 2**20  # one input file, before decoding
MAX_UNIT_CHARS = 2_000_000  # one paragraph (or pre-split unit)
MAX_UNITS = 200_000  # paragraphs, and sentences, of one document
# What the encoder sees of one text at a time: a longer unit is embedded in chunks of at most this many
# characters, cut at spaces, whose additive states are summed, so memory stays bounded (the bead says so).
ENCODER_CHUNK_CHARS = 10_000
