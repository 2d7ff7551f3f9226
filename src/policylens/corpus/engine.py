"""Corpus scale: stream load -> segment -> classify -> extract over many files into Parquet.

``analyze(paths, out)`` cuts the list of files into batches of *paths* (never texts, so inter-process
traffic stays tiny). Each batch is handled by one top-level function, :func:`process_batch`, that
loads and analyses its documents with ``policylens.pipeline.run`` -- the same function
``compare`` uses, so the tables are the same -- and writes one part file per table. The loaded
documents go through the pipeline a group at a time (at most ``GROUP_DOCS`` documents /
``GROUP_CHARS`` characters), which classifies a group's clauses in one call and builds one
findings table for it: the same rows as one document at a time, faster::

    out/policies.parquet/part-<run>-<batch>.parquet
    out/clauses.parquet/part-<run>-<batch>.parquet
    out/findings.parquet/part-<run>-<batch>.parquet
    out/_manifest/part-<run>-<batch>.json      # commit marker: documents, content hashes, skips

``pd.read_parquet(out / "findings.parquet")`` reads a folder of parts. The same batch function runs
in the calling process (``n_process=1``), in a pool of spawned processes (``engine="local"``,
``n_process>1``) or on a Dask cluster (``engine="dask"``), so every engine writes the same rows.

Memory stays flat: at most a few batches are in flight, and results go to disk as soon as a batch
is done. A batch is committed when its manifest is written (after its three part files, each written
to a hidden temporary name and renamed), so a run killed half-way leaves only complete, readable
parts; ``resume=True`` deletes uncommitted leftovers and skips every document whose content hash
(sha256 of the file's bytes) is unchanged, re-analysing changed ones and dropping their old rows.

A failure in one document (unloadable file, exception in a stage, even a worker process dying) is
recorded in the summary's ``skipped`` table with its reason and never loses other documents; so is
a text that does not read like a privacy policy (an error page, an empty shell: ``not_a_policy``).
The calling process holds only the list of paths and the running counts.
"""

from __future__ import annotations

import argparse
import html
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from policylens.corpus.batch import (
    DEFAULT_PIPELINE,
    BatchResult,
    Task,
    failed,
    init_worker,
    process_batch,
)
from policylens.corpus.screen import DEFAULT_MIN_POLICY_SHARE
from policylens.corpus.store import cleanup, clear, plan_resume, write_manifest
from policylens.errors import PolicyLensError, PolicyLoadError
from policylens.io.corpus import discover

DEFAULT_BATCH_SIZE = 32
WORKER_DIED = ("the worker process died while analysing this document "
               "(out of memory, or a crash in native code)")


# --------------------------------------------------------------------------- policy ids


def _policy_ids(paths: list[str]) -> list[str | None]:
    """Forced policy ids for files whose default id (``load``'s, from the file name) is already
    taken by an earlier file: ``-2``, ``-3``... like ``load_corpus``; ``None`` keeps the default."""
    from policylens.io import make_id

    counts: dict[str, int] = {}
    taken: set[str] = set()
    forced: list[str | None] = []
    for path in paths:
        pid = make_id(Path(path).stem)
        if pid not in taken:
            taken.add(pid)
            counts.setdefault(pid, 1)
            forced.append(None)
            continue
        while True:
            counts[pid] += 1
            candidate = f"{pid}-{counts[pid]}"
            if candidate not in taken:
                break
        taken.add(candidate)
        forced.append(candidate)
    return forced


# --------------------------------------------------------------------------- engines


def _batches(paths: list[str], ids: list[str | None], size: int, out: Path, run: str,
             **options: Any) -> Iterator[Task]:
    for n, start in enumerate(range(0, len(paths), size)):
        yield Task(f"part-{run}-{n:06d}", tuple(paths[start:start + size]),
                   tuple(ids[start:start + size]), str(out), **options)


def _run_serial(tasks: Iterable[Task]) -> Iterator[BatchResult]:
    for task in tasks:
        try:
            yield process_batch(task)
        except Exception as exc:  # writing the part failed: the whole batch is lost, say so
            yield failed(task, "write", f"{type(exc).__name__}: {exc}")


def _outcome(future: Any, died: type[BaseException]) -> tuple[str, Any]:
    """("ok", result) | ("died", None) when the worker itself died | ("error", message)."""
    try:
        return "ok", future.result()
    except died:
        return "died", None
    except Exception as exc:
        return "error", f"{type(exc).__name__}: {exc}"


def _supervise(tasks: Iterable[Task], submit: Callable[[Task], Any], wait_first: Callable,
               outcome: Callable[[Any], tuple[str, Any]], limit: int,
               restart: Callable[[], None] | None = None) -> Iterator[BatchResult]:
    """The scheduling loop shared by the process-pool and Dask engines.

    At most ``limit`` batches are in flight (memory stays flat). A batch whose worker died is
    re-run one document at a time, alone, so that the document that kills its worker is found and
    skipped while all the others are analysed. ``restart`` is given for process pools, where one
    dying worker breaks every batch in flight (they are collected, then the pool is restarted).
    """
    pending = iter(tasks)
    suspects: deque[Task] = deque()
    in_flight: dict[Any, tuple[Task, bool]] = {}
    exhausted = False
    while True:
        if suspects:
            if not in_flight:
                task = suspects.popleft()
                in_flight[submit(task)] = (task, True)
        else:
            while not exhausted and len(in_flight) < limit:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                in_flight[submit(task)] = (task, False)
        if not in_flight:
            if exhausted and not suspects:
                return
            continue
        done = list(wait_first(list(in_flight)))
        broken = False
        while done:
            for future in done:
                task, alone = in_flight.pop(future)
                status, value = outcome(future)
                if status == "ok":
                    yield value
                elif status == "error":
                    yield failed(task, "batch", value)
                else:  # its worker died
                    broken = True
                    if alone:
                        yield failed(task, "worker", WORKER_DIED)
                    else:
                        suspects.extend(task.split())
            # a broken pool fails every batch in flight: collect them all before restarting
            done = list(wait_first(list(in_flight))) if broken and restart and in_flight else []
        if broken and restart is not None:
            restart()


def _run_processes(tasks: Iterable[Task], n_process: int, pipeline: str,
                   classifier: str | None) -> Iterator[BatchResult]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # spawn: workers start clean (no inherited threads/locks) and behave the same on every OS
    context = multiprocessing.get_context("spawn")
    state: dict[str, Any] = {}

    def start() -> None:
        state["pool"] = ProcessPoolExecutor(n_process, mp_context=context, initializer=init_worker,
                                            initargs=(pipeline, classifier))

    def restart() -> None:
        state["pool"].shutdown(wait=True, cancel_futures=True)
        start()

    def outcome(future) -> tuple[str, Any]:
        return _outcome(future, BrokenProcessPool)

    start()
    try:
        yield from _supervise(
            tasks, lambda t: state["pool"].submit(process_batch, t),
            lambda fs: wait(fs, return_when=FIRST_COMPLETED).done, outcome, 2 * n_process, restart)
    finally:
        state["pool"].shutdown(wait=True, cancel_futures=True)


def _run_dask(tasks: Iterable[Task], n_process: int, pipeline: str, classifier: str | None,
              client: Any = None, scheduler: str | None = None) -> Iterator[BatchResult]:
    try:
        from distributed import Client, LocalCluster, wait
        from distributed.scheduler import KilledWorker
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise PolicyLensError("engine='dask' needs dask.distributed: pip install 'policylens[dask]'") from exc

    owned: list[Any] = []
    if client is None:
        if scheduler is not None:
            client = Client(scheduler)
        else:
            # loopback only: the cluster is private to this run
            cluster = LocalCluster(n_workers=n_process, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            owned.append(cluster)
            client = Client(cluster)
        owned.insert(0, client)

    def outcome(future) -> tuple[str, Any]:
        return _outcome(future, KilledWorker)

    try:
        client.run(init_worker, pipeline, classifier)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        yield from _supervise(
            tasks, lambda t: client.submit(process_batch, t, pure=False, key=f"policylens-{t.part}"),
            lambda fs: wait(fs, return_when="FIRST_COMPLETED").done, outcome, 2 * n_workers)
    finally:
        for thing in owned:
            thing.close()


# --------------------------------------------------------------------------- analyze


@dataclass
class AnalyzeSummary:
    """What ``analyze`` did: counts, every skipped file with its reason, and the time it took.

    Parameters
    ----------
    out : Path
    engine : str
    n_process : int
    n_files, n_analysed, n_unchanged, n_clauses, n_findings, n_chars : int, default=0
        ``n_unchanged`` counts files a ``resume=True`` run found already analysed with the same
        content.
    seconds : float, default=0.0
    skipped : DataFrame
        Columns ``path``, ``stage`` and ``reason``; ``stage`` is ``load`` (the file could not be
        loaded: missing, empty, binary, too large, unsupported), ``not_a_policy``, ``analyse`` (a
        stage raised), ``worker`` (the worker process died on this document), ``batch``/``write``
        (the batch could not be run or written).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import policylens as pl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> summary = pl.analyze([folder / "acme.txt", folder / "gone.txt"], folder / "out")
    >>> summary.n_files, summary.n_analysed, summary.n_skipped
    (2, 1, 1)
    >>> summary.skipped[["stage", "reason"]].values.tolist()
    [['load', 'file not found']]
    """

    out: Path
    engine: str
    n_process: int
    n_files: int = 0
    n_analysed: int = 0
    n_unchanged: int = 0
    n_clauses: int = 0
    n_findings: int = 0
    n_chars: int = 0
    seconds: float = 0.0
    skipped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        {c: pd.Series(dtype="string") for c in ("path", "stage", "reason")}))

    @property
    def n_skipped(self) -> int:
        """The number of files skipped (rows of ``skipped``).

        Examples
        --------
        >>> import pathlib
        >>> from policylens.corpus.engine import AnalyzeSummary
        >>> AnalyzeSummary(out=pathlib.Path("out"), engine="local", n_process=1).n_skipped
        0
        """
        return len(self.skipped)

    @property
    def docs_per_second(self) -> float:
        """Documents analysed per second of the run (0.0 before any time was measured).

        Examples
        --------
        >>> import pathlib
        >>> from policylens.corpus.engine import AnalyzeSummary
        >>> AnalyzeSummary(out=pathlib.Path("out"), engine="local", n_process=1, n_analysed=30,
        ...                seconds=2.0).docs_per_second
        15.0
        """
        return self.n_analysed / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The counts as a plain dict (JSON-able), without the skipped table.

        Returns
        -------
        summary : dict

        Examples
        --------
        >>> import pathlib
        >>> from policylens.corpus.engine import AnalyzeSummary
        >>> AnalyzeSummary(out=pathlib.Path("out"), engine="local", n_process=2, n_files=3, n_analysed=3,
        ...                seconds=1.5).as_dict()
        {'out': 'out', 'engine': 'local', 'n_process': 2, 'n_files': 3, 'n_analysed': 3, 'n_unchanged': 0, 'n_skipped': 0, 'n_clauses': 0, 'n_findings': 0, 'n_chars': 0, 'seconds': 1.5, 'docs_per_second': 2.0}
        """
        return {"out": str(self.out), "engine": self.engine, "n_process": self.n_process,
                "n_files": self.n_files, "n_analysed": self.n_analysed,
                "n_unchanged": self.n_unchanged, "n_skipped": self.n_skipped,
                "n_clauses": self.n_clauses, "n_findings": self.n_findings,
                "n_chars": self.n_chars, "seconds": round(self.seconds, 3),
                "docs_per_second": round(self.docs_per_second, 2)}

    def __repr__(self) -> str:
        lines = [f"AnalyzeSummary({self.n_files} files -> {self.out}: {self.n_analysed} analysed, "
                 f"{self.n_unchanged} unchanged, {self.n_skipped} skipped; {self.n_clauses} clauses, "
                 f"{self.n_findings} findings; {self.seconds:.1f} s, {self.docs_per_second:.1f} docs/s, "
                 f"engine={self.engine}, n_process={self.n_process})"]
        for row in self.skipped.head(20).itertuples(index=False):
            lines.append(f"  skipped {row.path}: [{row.stage}] {row.reason}")
        if self.n_skipped > 20:
            lines.append(f"  ... and {self.n_skipped - 20} more (see .skipped)")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        stats = "".join(f"<tr><th style='text-align:left'>{e(k)}</th><td>{e(str(v))}</td></tr>"
                        for k, v in self.as_dict().items())
        skipped = "".join(f"<tr><td><code>{e(str(r.path))}</code></td><td>{e(str(r.stage))}</td>"
                          f"<td>{e(str(r.reason))}</td></tr>"
                          for r in self.skipped.head(100).itertuples(index=False))
        more = (f"<p>&hellip; {self.n_skipped - 100} more skipped (see <code>.skipped</code>)</p>"
                if self.n_skipped > 100 else "")
        table = (f"<table><tr><th>path</th><th>stage</th><th>reason</th></tr>{skipped}</table>{more}"
                 if self.n_skipped else "<p>No file was skipped.</p>")
        return f"<div><b>policylens.analyze</b><table>{stats}</table>{table}</div>"


def analyze(paths: str | os.PathLike | Iterable[str | os.PathLike], out: str | os.PathLike, *,
            engine: str = "local", n_process: int = 1, batch_size: int = DEFAULT_BATCH_SIZE,
            progress: bool = False, errors: str = "skip", resume: bool = False,
            client: Any = None, scheduler: str | None = None, max_bytes: int | None = None,
            classifier: str | None = None,
            min_policy_share: float = DEFAULT_MIN_POLICY_SHARE,
            pipeline: str = DEFAULT_PIPELINE) -> AnalyzeSummary:
    """Analyse every policy file under ``paths`` into Parquet tables in ``out``.

    Parameters
    ----------
    paths : str, path-like or iterable of them
        Files, folders (searched recursively for .txt/.md/.html/.htm) or glob patterns.
    out : str or path-like
        Output folder; gets ``policies.parquet``, ``clauses.parquet``, ``findings.parquet``
        (folders of part files, read with ``pd.read_parquet``) and ``_manifest/``.
    engine : {"local", "dask"}, default="local"
        This machine, or a dask.distributed cluster.
    n_process : int, default=1
        Local worker processes (1 = in this process); for ``"dask"`` without
        ``client``/``scheduler``, the number of LocalCluster worker processes.
    batch_size : int, default=32
        Documents per batch (one part file per table per batch).
    progress : bool, default=False
        Show a tqdm progress bar (documents, rate).
    errors : {"skip", "raise"}, default="skip"
        Record failing files in ``summary.skipped``, or raise on the first.
    resume : bool, default=False
        Keep what ``out`` already holds and analyse only new or changed files (same sha256 of
        the file's bytes); otherwise ``out``'s tables are replaced.
    client : distributed.Client, default=None
    scheduler : str, default=None
        A client or a scheduler address (``engine="dask"``). Workers write the part files, so
        ``out`` must be a folder they can all reach.
    max_bytes : int, default=None
        Largest file accepted (default: ``POLICYLENS_MAX_BYTES`` or the loader's).
    classifier : str, default=None
        ``"module:function"`` of a factory returning a fitted classifier, called once per
        worker (default: the bundled model).
    min_policy_share : float, default=0.03
        Skip (stage ``not_a_policy``) documents where less than this share of the text has a
        data-practice cue phrase (see ``not_a_policy``); 0 keeps every text.
    pipeline : str, default="policylens.pipeline:run"
        ``"module:function"`` run on each group of loaded policies as
        ``fn(policies, classifier) -> [(clauses, findings) or the exception, ...]``, one outcome
        per policy.

    Returns
    -------
    summary : AnalyzeSummary

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> import policylens as pl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> _ = (folder / "error.html").write_text("<p>404 - page not found</p>")
    >>> summary = pl.analyze(folder, folder / "out")
    >>> summary.n_analysed, summary.skipped["stage"].tolist()
    (1, ['not_a_policy'])
    >>> pd.read_parquet(folder / "out" / "findings.parquet")[["policy", "aspect", "value"]].values.tolist()
    [['acme', 'right', 'erasure']]
    >>> pl.analyze(folder, folder / "out", resume=True).n_unchanged
    1
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    if errors not in ("skip", "raise"):
        raise ValueError(f"errors must be 'skip' or 'raise', not {errors!r}")
    if n_process < 1 or batch_size < 1:
        raise ValueError("n_process and batch_size must be >= 1")
    started = time.perf_counter()
    out = Path(out)
    files = [os.fspath(p) for p in discover(paths)]
    summary = AnalyzeSummary(out=out, engine=engine, n_process=n_process, n_files=len(files))
    out.mkdir(parents=True, exist_ok=True)
    # only the few renamed ids are kept (a million-file corpus is a million paths already)
    forced = {p: i for p, i in zip(files, _policy_ids(files), strict=True) if i is not None}
    if resume:
        cleanup(out)
        todo, unchanged = plan_resume(out, files)
        summary.n_unchanged = len(unchanged)
    else:
        clear(out)
        todo = files
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    options = {"pipeline": pipeline, "classifier": classifier,
               "max_bytes": max_bytes, "min_policy_share": float(min_policy_share)}
    parallel = engine == "dask" or n_process > 1
    size = _balanced_batch_size(len(todo), batch_size, n_process) if parallel else batch_size
    tasks = _batches(todo, [forced.get(p) for p in todo], size, out, run, **options)
    if engine == "dask":
        results = _run_dask(tasks, n_process, pipeline, options["classifier"], client, scheduler)
    elif n_process > 1 and len(todo) > 1:
        results = _run_processes(tasks, n_process, pipeline, options["classifier"])
    else:
        results = _run_serial(tasks)
    skipped: list[dict] = []
    bar = _progress_bar(len(todo), progress)
    try:
        for result in results:
            write_manifest(out, {"part": result.part, "run": run, "documents": result.documents,
                                  "skipped": result.skipped})
            for doc in result.documents:
                summary.n_analysed += 1
                summary.n_clauses += doc["n_clauses"]
                summary.n_findings += doc["n_findings"]
                summary.n_chars += doc["n_chars"]
            setup = [s for s in result.skipped if s["stage"] == "setup"]
            if setup:
                raise PolicyLensError(f"cannot run the pipeline {pipeline!r}: {setup[0]['reason']}")
            skipped.extend(result.skipped)
            if bar is not None:
                bar.update(len(result.documents) + len(result.skipped))
                if skipped:
                    bar.set_postfix(skipped=len(skipped), refresh=False)
            if errors == "raise" and result.skipped:
                first = result.skipped[0]
                if first["stage"] == "load":
                    raise PolicyLoadError(first["path"], first["reason"])
                raise PolicyLensError(f"{first['path']}: [{first['stage']}] {first['reason']}")
    finally:
        if bar is not None:
            bar.close()
        close = getattr(results, "close", None)
        if close is not None:
            close()
        cleanup(out)
    if skipped:
        summary.skipped = pd.DataFrame(skipped, columns=["path", "stage", "reason"]).astype("string")
    summary.seconds = time.perf_counter() - started
    return summary


def _balanced_batch_size(n_docs: int, batch_size: int, n_workers: int) -> int:
    """Smaller batches when a small corpus would otherwise leave workers idle (at least four
    batches per worker); the rows and their order do not depend on the batch size."""
    return max(1, min(batch_size, -(-n_docs // (4 * max(1, n_workers)))))


def _progress_bar(total: int, enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # the bar is a nicety: analyse without it
        return None
    return tqdm(total=total, unit="doc", desc="analyze", smoothing=0.1)


# --------------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``policylens analyze`` to ``parser``.

    Parameters
    ----------
    parser : argparse.ArgumentParser

    Examples
    --------
    >>> import argparse
    >>> from policylens.corpus.engine import add_arguments
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> args = parser.parse_args(["corpus/", "--out", "tables", "--processes", "2"])
    >>> args.paths, args.out, args.processes, args.min_policy_share
    (['corpus/'], 'tables', 2, 0.03)
    """
    parser.add_argument("paths", nargs="+", help="policy files, folders or glob patterns")
    parser.add_argument("--out", required=True, help="output folder for the Parquet tables")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--processes", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument("--resume", action="store_true",
                        help="keep the tables in --out and analyse only new or changed files")
    parser.add_argument("--scheduler", default=None, help="dask scheduler address (engine dask)")
    parser.add_argument("--max-bytes", type=int, default=None, help="largest file accepted")
    parser.add_argument("--min-policy-share", type=float, default=DEFAULT_MIN_POLICY_SHARE,
                        help="skip texts with less than this share of data-practice wording "
                             f"(default {DEFAULT_MIN_POLICY_SHARE}; 0 keeps every text)")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")


def main_from_args(args: argparse.Namespace) -> int:
    """Run ``policylens analyze`` and print its summary.

    Parameters
    ----------
    args : argparse.Namespace
        As :func:`add_arguments` defines them.

    Returns
    -------
    code : int
        0 when every file was analysed, 1 when some were skipped.

    Examples
    --------
    >>> import argparse, pathlib, tempfile
    >>> from policylens.corpus.engine import add_arguments, main_from_args
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> parser = argparse.ArgumentParser()
    >>> add_arguments(parser)
    >>> main_from_args(parser.parse_args([str(folder), "--out", str(folder / "out"), "--no-progress"]))
    AnalyzeSummary(1 files -> ...: 1 analysed, 0 unchanged, 0 skipped; 1 clauses, 1 findings; ...)
    0
    """
    import sys

    summary = analyze(args.paths, args.out, engine=args.engine, n_process=args.processes,
                      batch_size=args.batch_size, progress=not args.no_progress,
                      resume=args.resume, scheduler=args.scheduler, max_bytes=args.max_bytes,
                      min_policy_share=args.min_policy_share)
    print(repr(summary), file=sys.stdout)
    return 0 if summary.n_skipped == 0 else 1
