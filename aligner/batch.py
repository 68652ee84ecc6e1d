"""Many document pairs at once: `align_many` and the engines that run pairs in parallel.

An engine maps one task (a picklable function of a pair and a `Job`) over the
pairs and yields each outcome as it finishes, keeping at most a few tasks per
worker in flight, so memory stays bounded however many pairs there are:

- in-process (`workers=1`): a plain loop;
- local processes (`workers=N`): a spawn-based process pool; a worker that dies
  (killed, out of memory) breaks the pool, which is restarted, and the pairs that
  were in flight are retried, each up to `MAX_ATTEMPTS` times;
- Dask (`client=`): a `distributed.Client` of an existing cluster, or of
  `local_dask_client()`; the scheduler reschedules the tasks of a lost worker
  itself (`distributed.scheduler.allowed-failures`).

A pair's own problem (missing, binary, empty or undecodable file, a reader
error) is caught inside the task and becomes that pair's error: the batch goes
on. Every worker process loads the model once, on its first pair
(`worker_encoder`), never once per pair. Pairs are independent and the
encoder's results do not depend on its thread count, so outcomes are the same
whatever the engine and the number of workers.
"""

from __future__ import annotations

import ast
import inspect
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from .embed import check_model_available, check_model_folder
from .errors import AlignerError, InputError, SettingsError, first_line, shown
from .language import UNTRANSLATED_COPY
from .paths import expand_home, normalised_path, same_file
from .progress import silenced
from .readers import READERS
from .types import DEFAULT_MAX_UNITS, LEVELS, UNITS, Alignment, Document, Level, Units

# Tasks in flight per worker: enough to keep each busy while the parent handles a result.
IN_FLIGHT_PER_WORKER = 2
# Times a pair is started on a worker that then dies before it is given up as failed.
PARENT_CHECK_SECONDS = 0.5  # how often a pool worker looks whether its parent is still there
MAX_ATTEMPTS = 3
# How a pair of two documents in the same language is told to go on: in a corpus, most often an untranslated copy.
UNTRANSLATED_COPY_ADVICE = f"{UNTRANSLATED_COPY}; --force aligns them anyway"

Outcome = TypeVar("Outcome")
JobOfTask = TypeVar("JobOfTask", bound="Job")  # a Job, or a subclass with fields of its own


@dataclass(frozen=True, slots=True)
class PairInput:
    """One document pair to align: a name (unique in the batch), and what `aligner.read` accepts per side."""

    name: str
    source: Path | str | Sequence[str] | Document
    target: Path | str | Sequence[str] | Document
    source_language: str | None = None
    target_language: str | None = None

    def __post_init__(self) -> None:
        if not self.name or self.name != self.name.strip():
            raise SettingsError(f"a pair needs a name without leading or trailing spaces, got {self.name!r}")
        from .language import check_language_tag

        # a tag that is no tag is the caller's mistake, said when the pair is made: it was each pair's failed row
        check_language_tag(self.source_language, f"pair {self.name}: source_language")
        check_language_tag(self.target_language, f"pair {self.name}: target_language")


@dataclass(frozen=True, slots=True)
class PairResult:
    """What `align_many` yields per pair: the alignment, or the error that stopped it (one line).

    `seconds` is the wall time of reading and aligning the pair on its worker;
    `attempts` is more than 1 when a worker died while holding the pair.
    """

    name: str
    alignment: Alignment | None
    error: str | None
    seconds: float
    attempts: int = 1

    @property
    def ok(self) -> bool:
        return self.alignment is not None


@dataclass(frozen=True, slots=True)
class Job:
    """The settings every task of a batch shares (picklable: it travels to the workers).

    `model` is None (the embedded USE encoder) or a sentence-transformers name or path;
    `cache` a directory for the on-disk embedding cache; `threads` the BLAS/encoder
    threads of each worker process (None: the encoder's default). `source_units` and
    `target_units` are how the files of each side are read (`aligner.read`'s `units`: "lines"
    for one unit per line), `notes` whether the footnotes and endnotes of .docx, .odt, .html and .epub files are
    (`aligner.read`'s `notes`). `force` aligns a pair whose given language its text contradicts
    (as `aligner.align`'s), and with `distinct_languages` one whose two documents are in the same language (as
    `aligner align`, which refuses them: a target folder may hold an untranslated copy of a source).
    """

    level: Level = "paragraph"
    model: str | None = None
    max_units: int = DEFAULT_MAX_UNITS
    cache: str | None = None
    threads: int | None = None
    source_units: Units = "paragraphs"
    target_units: Units = "paragraphs"
    notes: bool = True
    force: bool = False
    distinct_languages: bool = False

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise SettingsError(f"level must be one of {', '.join(LEVELS)}, got {shown(self.level)}")
        for name, units in (("source_units", self.source_units), ("target_units", self.target_units)):
            if units not in UNITS:
                raise SettingsError(f"{name} must be one of {', '.join(UNITS)}, got {shown(units)}")
        if not isinstance(self.notes, bool):
            raise SettingsError(f"notes must be True or False, got {shown(self.notes)}")
        if self.model is not None:
            check_model_folder(self.model)  # here, not in every worker: one error before the pairs start
        # A model folder and the cache from the root, as the pairs' files (`_with_absolute_paths`): a cluster's worker
        # runs in a folder of its own, where `--model labse` named no folder and `--cache cache` made another cache.
        if self.model is not None and expand_home(self.model).is_dir():
            object.__setattr__(self, "model", str(expand_home(self.model).absolute()))
        if self.cache is not None:
            from .embed_cache import check_cache

            cache = expand_home(self.cache)
            check_cache(cache)  # made here: a folder that cannot be one failed every pair
            object.__setattr__(self, "cache", str(cache.absolute()))


@dataclass(frozen=True, slots=True)
class WorkerLost:
    """The engine's outcome for a pair whose worker died `attempts` times while aligning it."""

    attempts: int

    @property
    def message(self) -> str:
        return f"the worker process died while aligning this pair ({self.attempts} attempts)"


def align_many(
    pairs: Iterable[PairInput | tuple],
    *,
    level: Level = "paragraph",
    model: str | Path | None = None,
    workers: int | None = None,
    client: Any = None,
    cache: str | Path | None = None,
    max_units: int = DEFAULT_MAX_UNITS,
    source_units: Units = "paragraphs",
    target_units: Units = "paragraphs",
    notes: bool = True,
    force: bool = False,
) -> Iterator[PairResult]:
    """Align every pair and yield a `PairResult` per pair as it finishes (not in input order).

    `pairs` holds `PairInput`s or `(source, target)` / `(source, target, name)` tuples
    (sources as for `aligner.align`; the name defaults to the source file's `document_name`, or
    `pair-<n>`); it is consumed lazily, and results are streamed, not collected.
    `workers`: processes on this machine (None: one per core; 1: in this process). The processes are started with
    multiprocessing's spawn (fork copies a process whose BLAS or torch threads may run: a child can deadlock), so each
    imports the calling script again: with more than one, a script must call this under
    `if __name__ == "__main__":`, and SettingsError says so when it does not.
    `client`: a `distributed.Client`; the pairs then run on its cluster and `workers`
    is ignored. `model` is a name or path (None: the embedded USE encoder), loaded once
    per worker (an instance is a SettingsError: it cannot travel to the workers; save it to a folder).
    `cache`: a directory of embeddings shared by runs and workers (see `aligner.embed_cache`).
    `source_units`/`target_units`: "lines" reads that side's files as one unit per line (as `aligner.read`);
    `notes=False` leaves out the footnotes and endnotes of .docx, .odt, .html and .epub files (as `aligner.read`).
    `force`: align a pair whose given language (`PairInput.source_language`) its text contradicts, which is
    otherwise its error (as `aligner.align`).
    """
    if model is not None and not isinstance(model, (str, Path)):  # str() of an instance was taken for a folder name
        raise SettingsError(
            f"align_many's model must be a name or a folder, which each worker loads, got {type(model).__name__}: "
            "save the model in a folder (model.save('folder')) and give the folder"
        )
    if model is not None:  # a Path is a folder: said here, before its str (`models/labse`) reads as a hub name
        check_model_available(model)
    job = Job(
        level=level,
        model=None if model is None else str(model),
        max_units=max_units,
        cache=None if cache is None else str(cache),
        source_units=source_units,
        target_units=target_units,
        notes=notes,
        force=force,
    )
    for pair, outcome, attempts in run_tasks(align_task, _pair_inputs(pairs), job, workers=workers, client=client):
        if isinstance(outcome, WorkerLost):
            yield PairResult(pair.name, None, outcome.message, 0.0, outcome.attempts)
        else:
            yield PairResult(outcome.name, outcome.alignment, outcome.error, outcome.seconds, attempts)
    if cache is not None:
        from .embed_cache import checkpoint

        checkpoint(Path(cache))


def align_task(pair: PairInput, job: Job) -> PairResult:
    """Read and align one pair on a worker; a problem with the pair becomes its error."""
    from .language import check_document_languages, check_given_languages
    from .pipeline import Settings, align_documents, read

    start = time.perf_counter()
    try:
        settings = Settings(level=job.level, max_units=job.max_units)
        if job.distinct_languages and same_file(pair.source, pair.target):
            raise InputError(f"{pair.source} and {pair.target} are the same file: give the translation as the target")
        source = read(pair.source, pair.source_language, units=job.source_units, notes=job.notes)
        target = read(pair.target, pair.target_language, units=job.target_units, notes=job.notes)
        if job.distinct_languages:
            check_document_languages(source, target, force=job.force, advice=UNTRANSLATED_COPY_ADVICE)
        else:
            check_given_languages(source, target, force=job.force)
        alignment = align_documents(source, target, worker_encoder(job), settings)
    except AlignerError as error:
        return PairResult(pair.name, None, first_line(error), time.perf_counter() - start)
    except Exception as error:  # a reader or library failing on odd input must not stop the other pairs
        return PairResult(pair.name, None, f"{type(error).__name__}: {first_line(error)}", time.perf_counter() - start)
    return PairResult(pair.name, alignment, None, time.perf_counter() - start)


_WORKER_ENCODERS: dict[tuple[str | None, str | None, int | None], Any] = {}


def worker_encoder(job: Job) -> Any:
    """The encoder of this worker process for `job`'s model and cache: loaded on first use, then reused."""
    key = (job.model, job.cache, job.threads)  # not a Job: making one checks its model and cache again
    if key not in _WORKER_ENCODERS:
        from .embed import USEEncoder, resolve_encoder

        if job.threads is not None:
            _limit_threads(job.threads)
        encoder = USEEncoder(threads=job.threads) if job.model is None else resolve_encoder(job.model)
        if job.cache is not None:
            from .embed_cache import DiskCachedEncoder

            encoder = DiskCachedEncoder(encoder, Path(job.cache))
        _WORKER_ENCODERS[key] = encoder
    return _WORKER_ENCODERS[key]


def _limit_threads(threads: int) -> None:
    """Cap the BLAS threads of this process: N workers on N cores must not each start N threads."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)


def run_tasks(
    task: Callable[[PairInput, JobOfTask], Outcome],
    pairs: Iterable[PairInput],
    job: JobOfTask,
    *,
    workers: int | None = None,
    client: Any = None,
) -> Iterator[tuple[PairInput, Outcome | WorkerLost, int]]:
    """Run `task(pair, job)` for every pair on the chosen engine; yield (pair, outcome, attempts) as they finish.

    `task` must be a module-level function (it is pickled by reference) that catches
    the pair's own errors; the engine adds `WorkerLost` for a pair whose worker died
    `MAX_ATTEMPTS` times. Tasks run without progress bars (`progress.silenced`).
    """
    task = partial(_without_bars, task)
    pairs = map(_with_absolute_paths, pairs)
    if client is not None:
        return _run_dask(task, pairs, job, client)
    workers = (os.cpu_count() or 1) if workers is None else workers
    if not isinstance(workers, int) or isinstance(workers, bool):
        raise SettingsError(
            f"workers must be a whole number of processes (or None: one per core), got {shown(workers)}"
        )
    if workers < 1:
        raise SettingsError(f"workers must be at least 1, got {workers}")
    if workers == 1:
        return ((pair, task(pair, job), 1) for pair in pairs)
    _check_main_guard()
    threads = job.threads or max(1, (os.cpu_count() or 1) // workers)
    return _run_processes(task, pairs, _with_threads(job, threads), workers)


def _with_absolute_paths(pair: PairInput) -> PairInput:
    """`pair` with its files named from the root: a worker of a cluster (`--scheduler`) runs in a folder of its own,
    where the relative paths of a manifest named no file ("no such file" for every pair); without `folder/..`, as
    the summary and the messages name them. A text is left as it is."""

    def absolute(side: Any) -> Any:
        return normalised_path(Path(os.fsdecode(side))) if isinstance(side, os.PathLike) else side

    return replace(pair, source=absolute(pair.source), target=absolute(pair.target))


def _without_bars(task: Callable[[PairInput, JobOfTask], Outcome], pair: PairInput, job: JobOfTask) -> Outcome:
    _bars_on_a_thread_lock()
    with silenced():
        return task(pair, job)


_BARS_LOCK_SET = threading.Lock()  # taken for good by the first task of a worker process


def _bars_on_a_thread_lock() -> None:
    """In a worker process (a pool's, or a local Dask cluster's), tqdm's bars take a thread lock. By default they share
    a multiprocessing lock, a semaphore the batch's resource tracker is told of (a spawned worker shares its parent's
    tracker), made by the first bar, silenced or not; a worker that a signal to the whole process group ends (Ctrl-C,
    `timeout`, `docker stop`) cannot say it is gone, and the tracker warned of "leaked semaphore objects" on stderr
    after the batch's one line. A worker's bars are its own. The batch's own process (`workers=1`) keeps its tqdm as
    its caller set it."""
    if multiprocessing.parent_process() is not None and _BARS_LOCK_SET.acquire(blocking=False):
        from tqdm import tqdm

        tqdm.set_lock(threading.RLock())


def _check_main_guard() -> None:
    """SettingsError when this is called from the top level of a script outside `if __name__ == "__main__":`. Each
    worker process runs the script again on start (multiprocessing's spawn), starts a pool of its own there and
    fails, so every pair ended as a "dead worker" after 3 attempts, with hundreds of lines of tracebacks."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None:
        return  # an interactive session, a notebook, `python -c`: spawn does not run them again
    frame = inspect.currentframe()
    while frame is not None and not (frame.f_globals is vars(main) and frame.f_code.co_name == "<module>"):
        frame = frame.f_back
    if frame is None:
        return  # not called from the script's top-level code
    try:
        tree = ast.parse(Path(path).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return
    line = frame.f_lineno
    if not any(
        isinstance(node, ast.If) and _tests_main(node.test) and node.lineno <= line <= (node.end_lineno or line)
        for node in ast.walk(tree)
    ):
        raise SettingsError(
            f"{path}, line {line}: aligning in worker processes from a script needs the script's top-level code "
            'under `if __name__ == "__main__":` (each worker runs the script again on start); add it, or use workers=1'
        )


def _tests_main(test: ast.expr) -> bool:
    """`__name__ == "__main__"`, either way round, alone or within `and`."""
    return any(
        ast.unparse(node).replace(" ", "") in ("__name__=='__main__'", "'__main__'==__name__")
        for node in ast.walk(test)
        if isinstance(node, ast.Compare)
    )


def _with_threads(job: JobOfTask, threads: int) -> JobOfTask:
    return replace(job, threads=threads)  # keeps a subclass's own fields


def _run_processes(
    task: Callable[[PairInput, JobOfTask], Outcome], pairs: Iterable[PairInput], job: JobOfTask, workers: int
) -> Iterator[tuple[PairInput, Outcome | WorkerLost, int]]:
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context
    from queue import SimpleQueue

    waiting = ((pair, 1) for pair in pairs)  # (pair, attempt)
    retries: deque[tuple[PairInput, int]] = deque()
    while True:  # one pass per pool: a worker's death breaks the pool, and a new one takes the retries
        pool = ProcessPoolExecutor(
            workers, mp_context=get_context("spawn"), initializer=_start_worker, initargs=(os.getpid(),)
        )
        in_flight: dict[Any, tuple[PairInput, int]] = {}
        # Each future as it finishes: a queue's get, unlike `wait`, holds none of the futures' locks when a signal
        # raises in it, which the pool's thread then waited for forever, and the batch's exit with it.
        finished: SimpleQueue[Future[Outcome]] = SimpleQueue()
        try:
            while True:
                while len(in_flight) < IN_FLIGHT_PER_WORKER * workers:
                    item = retries.popleft() if retries else next(waiting, None)
                    if item is None:
                        break
                    with _signals_held():  # submit starts the workers
                        future = pool.submit(task, item[0], job)
                        future.add_done_callback(finished.put)
                    in_flight[future] = item
                if not in_flight:
                    pool.shutdown(wait=True)  # all done: let the workers exit before returning
                    return
                future = finished.get()
                if isinstance(future.exception(), BrokenProcessPool):
                    break
                pair, attempts = in_flight.pop(future)
                yield pair, future.result(), attempts
        except BaseException:
            # Ctrl-C, SIGTERM, or the caller stopped early: the pairs the workers hold are not awaited. Left running,
            # they aligned every pair already queued to them while the batch waited for them at exit, where a second
            # Ctrl-C printed a traceback (or, before they ignored it, left the batch waiting for them forever).
            for process in list((pool._processes or {}).values()):
                process.terminate()
            pool.shutdown(wait=True)
            raise
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        for future, (pair, attempts) in in_flight.items():  # the pool broke: what finished stays, the rest retries
            if future.done() and not future.cancelled() and future.exception() is None:
                yield pair, future.result(), attempts
            elif attempts >= MAX_ATTEMPTS:
                yield pair, WorkerLost(attempts), attempts
            else:
                retries.append((pair, attempts + 1))


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held while the block runs: raised when it ends, not lost. A signal to the process group
    (Ctrl-C, `timeout`) while a pool worker was being started was raised halfway through the start: the worker, left
    without its instructions, printed "EOFError: Ran out of input"; and one that got Ctrl-C while it imported, a
    KeyboardInterrupt traceback."""
    caught: list[int] = []
    handlers = {}
    if threading.current_thread() is threading.main_thread():  # where Python runs the handlers
        # not one a library set in C (None), which could not be put back
        handlers = {number: handler for number in _HELD_SIGNALS if (handler := signal.getsignal(number)) is not None}
        for number in handlers:
            signal.signal(number, lambda signum, frame: caught.append(signum))
    # Ctrl-C blocked, for the workers to inherit until `_start_worker` ignores it (SIGTERM ends one at once)
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") else None
    try:
        yield
    finally:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for signum in caught:
            signal.raise_signal(signum)  # to the handler it was meant for


_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _start_worker(parent: int) -> None:
    """In a pool worker, first: Ctrl-C ignored, as the batch alone stops the batch (it reaches the whole process
    group, and a worker printed its KeyboardInterrupt traceback, or took it for its pair's error and aligned the
    next); and exit when the process that started it is gone. A batch killed with SIGKILL (or by the OOM killer)
    cannot shut its pool down, and its workers, each holding an encoder, stayed alive under init."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by `_signals_held`: now ignored

    def watch() -> None:
        while os.getppid() == parent:  # a POSIX orphan is adopted by another process
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="aligner-parent-watch", daemon=True).start()


def _run_dask(
    task: Callable[[PairInput, JobOfTask], Outcome], pairs: Iterable[PairInput], job: JobOfTask, client: Any
) -> Iterator[tuple[PairInput, Outcome | WorkerLost, int]]:
    import dask
    from distributed import KilledWorker, as_completed

    job = job if job.threads else _with_threads(job, 1)  # Dask workers: one thread each, one process per core
    capacity = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))
    waiting = iter(pairs)
    names: dict[Any, PairInput] = {}

    def submit(pair: PairInput) -> Any:
        future = client.submit(task, pair, job, pure=False, key=f"aligner-pair-{pair.name}-{os.urandom(6).hex()}")
        names[future] = pair
        return future

    running = as_completed([submit(pair) for pair in islice(waiting, capacity)])
    try:
        for future in running:
            pair = names.pop(future)
            try:
                outcome, attempts = future.result(), 1
            except KilledWorker:  # the scheduler gave up: the pair's workers died more than allowed-failures times
                attempts = 1 + int(dask.config.get("distributed.scheduler.allowed-failures"))
                outcome = WorkerLost(attempts)
            future.release()
            for follower in islice(waiting, 1):
                running.add(submit(follower))
            yield pair, outcome, attempts
    finally:
        for future in names:
            future.cancel()


@contextmanager
def local_dask_client(workers: int | None = None) -> Iterator[Any]:
    """A `distributed.Client` of a local Dask cluster: `workers` processes (default one per core), one thread each."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise SettingsError("the Dask engine needs dask[distributed]: pip install 'dask[distributed]'") from error
    workers = workers or os.cpu_count() or 1
    # The worker's statistical profiler samples the aligning thread's (deep, pure-Python) stack every 10 ms
    # for a dashboard nobody opens here; measured on the batch benchmark, it costs a good share of the time.
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        with _ctrl_c_ignored():  # by the worker processes started now, which inherit it
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
        log = logging.getLogger("distributed")
        level = log.level
        try:
            with cluster, Client(cluster) as client:
                client.run(_quiet_worker_logs)
                try:
                    yield client
                except KeyboardInterrupt:
                    # the cancelled tasks and the closing cluster log: the caller says it was interrupted
                    log.setLevel(logging.CRITICAL)
                    raise
        finally:
            log.setLevel(level)


def _quiet_worker_logs() -> None:
    """On a worker of our local cluster: no log of its own. An interrupted batch cancels the running tasks and closes
    the scheduler under the workers, and each logged that (a warning per task, an error with its traceback per
    missed heartbeat); the batch reports every pair's outcome itself, and a pair's error comes back with it."""
    logging.getLogger("distributed").setLevel(logging.CRITICAL)


@contextmanager
def _ctrl_c_ignored() -> Iterator[None]:
    """SIGINT ignored while the block runs, for the processes it starts (a spawned Python keeps an ignored SIGINT):
    Ctrl-C in a terminal reaches the whole process group, and a Dask worker that raised KeyboardInterrupt printed
    its traceback; so this process alone stops the batch and closes the cluster."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def dask_client(address: str) -> Any:
    """A `distributed.Client` connected to the scheduler at `address`; SettingsError when it cannot connect."""
    try:
        from distributed import Client
    except ImportError as error:
        raise SettingsError("--scheduler needs dask[distributed]: pip install 'dask[distributed]'") from error
    try:
        return Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as error:
        raise SettingsError(f"--scheduler {address}: cannot connect ({first_line(error)})") from error


def _pair_inputs(pairs: Iterable[PairInput | tuple]) -> Iterator[PairInput]:
    seen: set[str] = set()
    for number, pair in enumerate(pairs):
        if not isinstance(pair, PairInput):
            if not isinstance(pair, tuple) or len(pair) not in (2, 3):
                raise SettingsError(
                    f"pair {number}: give a PairInput or a (source, target[, name]) tuple, got {type(pair).__name__}"
                )
            source, target, *name = pair
            pair = PairInput(name[0] if name else _default_name(source, number), source, target)
        if pair.name in seen:
            raise SettingsError(f"pair {number}: the name {pair.name!r} is already used by another pair")
        seen.add(pair.name)
        yield pair


def _default_name(source: object, number: int) -> str:
    from .pipeline import as_path

    source = as_path(source)
    return document_name(source) if isinstance(source, Path) and source.stem else f"pair-{number}"


def document_name(path: Path) -> str:
    """A document's name for its pair: the file name without the extension of a format the readers know
    ('report.docx' -> 'report'), else the whole file name ('argumenti.ru.30852': not a document extension)."""
    return path.stem if path.suffix and path.suffix.lower() in READERS else path.name
