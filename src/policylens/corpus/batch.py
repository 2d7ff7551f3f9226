"""The batch function: load and analyse a batch of files, write its part files.

``process_batch(task)`` is top-level (picklable) so that the same function runs in the calling
process, in spawned worker processes and on Dask workers. A batch's loaded documents go through
``policylens.pipeline.run`` a group at a time; nothing a document does costs the others theirs.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from policylens.corpus.screen import NotAPolicy, not_a_policy
from policylens.corpus.store import file_sha256, write_part
from policylens.errors import PolicyLensError, PolicyLoadError
from policylens.pipeline import DOCUMENT_ERRORS, isolated

DEFAULT_PIPELINE = "policylens.pipeline:run"


@dataclass(frozen=True)
class Task:
    """A batch: paths (and policy ids to force where file names collide), plus run options.

    Parameters
    ----------
    part : str
        The name of the batch's part files.
    paths : tuple of str
    ids : tuple of str or None
        One per path: the policy id to give it (None: from the file name).
    out : str
        The output folder.
    pipeline : str, default="policylens.pipeline:run"
    classifier : str, default=None
    max_bytes : int, default=None
    min_policy_share : float, default=0.0
        As for :func:`policylens.analyze`.

    Examples
    --------
    >>> from policylens.corpus.batch import Task
    >>> task = Task("part-0", ("a.txt", "b.txt"), (None, "b-2"), "out")
    >>> task.pipeline, task.min_policy_share
    ('policylens.pipeline:run', 0.0)
    """

    part: str
    paths: tuple[str, ...]
    ids: tuple[str | None, ...]
    out: str
    pipeline: str = DEFAULT_PIPELINE
    classifier: str | None = None
    max_bytes: int | None = None
    min_policy_share: float = 0.0

    def split(self) -> list[Task]:
        """One task per document (to isolate a document that kills its worker).

        Returns
        -------
        tasks : list of Task
            Named ``<part>-000``, ``<part>-001`` ...

        Examples
        --------
        >>> from policylens.corpus.batch import Task
        >>> [(t.part, t.paths, t.ids) for t in Task("part-0", ("a.txt", "b.txt"), (None, "b-2"), "out").split()]
        [('part-0-000', ('a.txt',), (None,)), ('part-0-001', ('b.txt',), ('b-2',))]
        """
        return [replace(self, part=f"{self.part}-{i:03d}", paths=(p,), ids=(d,))
                for i, (p, d) in enumerate(zip(self.paths, self.ids, strict=True))]


@dataclass
class BatchResult:
    """What a batch sends back: small bookkeeping only (the tables are already on disk).

    Parameters
    ----------
    part : str
    documents : list of dict
        Per analysed document: ``path``, ``id``, ``sha256``, ``n_chars``, ``n_clauses``,
        ``n_findings``.
    skipped : list of dict
        Per skipped document: ``path``, ``stage``, ``reason``.
    seconds : float, default=0.0

    Examples
    --------
    >>> from policylens.corpus.batch import BatchResult
    >>> BatchResult("part-0", skipped=[{"path": "a.txt", "stage": "load", "reason": "file not found"}])
    BatchResult(part='part-0', documents=[], skipped=[{'path': 'a.txt', 'stage': 'load', 'reason': 'file not found'}], seconds=0.0)
    """

    part: str
    documents: list[dict] = field(default_factory=list)  # path, id, sha256, n_chars, n_clauses, n_findings
    skipped: list[dict] = field(default_factory=list)  # path, stage, reason
    seconds: float = 0.0


_WORKER_STATE: dict[str, Any] = {}


def _resolve(spec: str) -> Callable:
    """The function a ``"module:function"`` spec names."""
    module, sep, name = spec.partition(":")
    if not sep or not module or not name:
        raise PolicyLensError(f"{spec!r}: give a function as 'module:function'")
    return getattr(importlib.import_module(module), name)


def _worker_classifier(spec: str | None) -> Any:
    """The classifier, built once per process: the bundled model (``None``), or what the
    ``"module:function"`` factory ``spec`` returns (models are built by code, never unpickled
    from outside the package)."""
    key = f"classifier:{spec}"
    if key not in _WORKER_STATE:
        if spec is None:
            from policylens.classify import default_model

            _WORKER_STATE[key] = default_model()
        else:
            _WORKER_STATE[key] = _resolve(spec)()
    return _WORKER_STATE[key]


def init_worker(pipeline: str = DEFAULT_PIPELINE, classifier: str | None = None) -> None:
    """Warm a worker: import the stages and build the classifier once.

    Failures are left for ``process_batch`` to report (an initializer that raises would look
    like a dying worker).

    Parameters
    ----------
    pipeline : str, default="policylens.pipeline:run"
        ``"module:function"`` of the pipeline.
    classifier : str, default=None
        ``"module:function"`` of a classifier factory (None: the bundled model).

    Examples
    --------
    >>> from policylens.corpus.batch import init_worker
    >>> init_worker()                        # builds the bundled model in this process
    >>> init_worker("no_such_module:run")    # raises nothing: the first batch reports it
    """
    try:
        _resolve(pipeline)
        _worker_classifier(classifier)
    except Exception:  # noqa: S110 - reported by the first batch, with its reason
        pass


def _load(path: str, policy_id: str | None, max_bytes: int | None):
    from policylens.io import load

    return load(path, id=policy_id, max_bytes=max_bytes)


def finish_policy(policy, path: str, tables: tuple[pd.DataFrame, pd.DataFrame],
                  min_policy_share: float = 0.0):
    """The row and tables ``process_batch`` writes for one analysed policy.

    Parameters
    ----------
    policy : Policy
    path : str
        The file it was loaded from (hashed for ``resume``).
    tables : (DataFrame, DataFrame)
        Its clauses and findings from the pipeline.
    min_policy_share : float, default=0.0
        See :func:`policylens.corpus.screen.not_a_policy`.

    Returns
    -------
    row : dict
        ``pipeline.policy_row``.
    clauses, findings : DataFrame
    sha256 : str
        Of the file's bytes.
    n_chars : int
        Characters of the policy text.

    Raises
    ------
    NotAPolicy
        Less than ``min_policy_share`` of its text is about data practices.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import policylens as pl
    >>> from policylens.corpus.batch import finish_policy
    >>> from policylens.pipeline import run
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acme.txt"
    >>> _ = path.write_text("You may request erasure of your data.")
    >>> policy = pl.load(path)
    >>> row, clauses, findings, sha, n_chars = finish_policy(policy, str(path), run([policy])[0])
    >>> row["policy"], row["n_findings"], n_chars
    ('acme', 1, 37)
    """
    from policylens.pipeline import policy_row

    clauses, findings = tables
    problem = not_a_policy(clauses, min_policy_share)
    if problem:
        raise NotAPolicy(problem)
    row = policy_row(policy, clauses, findings)
    return row, clauses, findings, file_sha256(path), len(policy.text)


#: ``process_batch`` hands the pipeline the loaded policies of a batch in groups of at most this
#: many documents and characters: the
#: grouping shares classification's per-call cost, the limits bound the texts held at once
GROUP_DOCS = 32
GROUP_CHARS = 4_000_000


def _groups(task: Task) -> Iterator[list[tuple[str, Any]]]:
    """The task's documents in order as (path, loaded policy or the PolicyLoadError), in groups
    of at most GROUP_DOCS loaded documents and GROUP_CHARS characters."""
    group: list[tuple[str, Any]] = []
    docs = chars = 0
    for path, policy_id in zip(task.paths, task.ids, strict=True):
        try:
            policy = _load(path, policy_id, task.max_bytes)
        except PolicyLoadError as exc:
            group.append((path, exc))
            continue
        if docs and (docs >= GROUP_DOCS or chars + len(policy.text) > GROUP_CHARS):
            yield group
            group, docs, chars = [], 0, 0
        group.append((path, policy))
        docs, chars = docs + 1, chars + len(policy.text)
    if group:
        yield group


def process_batch(task: Task) -> BatchResult:
    """Analyse one batch of files and write its three part files; never raises for a document.

    Parameters
    ----------
    task : Task

    Returns
    -------
    result : BatchResult
        The documents analysed and skipped; the tables are in ``task.out``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from policylens.corpus.batch import Task, process_batch
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> task = Task("part-0", (str(folder / "acme.txt"), str(folder / "gone.txt")), (None, None), str(folder))
    >>> result = process_batch(task)
    >>> [d["id"] for d in result.documents], [s["reason"] for s in result.skipped]
    (['acme'], ['file not found'])
    >>> (folder / "findings.parquet" / "part-0.parquet").exists()
    True
    """
    import pyarrow as pa  # noqa: F401  (fail early, before any document, if pyarrow is missing)

    started = time.perf_counter()
    result = BatchResult(task.part)
    stages: tuple[Callable, Any] | None = None
    rows: list[dict] = []
    clause_frames: list[pd.DataFrame] = []
    finding_frames: list[pd.DataFrame] = []
    for group in _groups(task):
        loaded = [policy for _, policy in group if not isinstance(policy, PolicyLoadError)]
        if loaded and stages is None:  # built on the first loadable document (cached per process)
            try:
                stages = (_resolve(task.pipeline), _worker_classifier(task.classifier))
            except Exception as exc:  # the set-up is broken: every document would fail alike
                return failed(task, "setup", f"{type(exc).__name__}: {exc}"[:500])
        run, classifier = stages if stages is not None else (None, None)
        # a pipeline that fails as a whole costs only the documents it fails on (``isolated``)
        outcomes = iter(isolated(lambda policies, run=run, model=classifier: run(policies, model),
                                 loaded))
        for path, policy in group:
            if isinstance(policy, PolicyLoadError):
                result.skipped.append({"path": path, "stage": "load", "reason": policy.problem})
                continue
            try:
                tables = next(outcomes)
                if isinstance(tables, BaseException):
                    raise tables
                row, clauses, findings, sha, n_chars = finish_policy(
                    policy, path, tables, task.min_policy_share)
            except NotAPolicy as exc:
                result.skipped.append({"path": path, "stage": "not_a_policy", "reason": str(exc)})
                continue
            except DOCUMENT_ERRORS as exc:  # one document never stops the batch
                reason = f"{type(exc).__name__}: {exc}".strip()
                result.skipped.append({"path": path, "stage": "analyse", "reason": reason[:500]})
                continue
            rows.append(row)
            clause_frames.append(clauses)
            finding_frames.append(findings)
            result.documents.append({"path": path, "id": str(row.get("policy", policy.id)),
                                     "sha256": sha, "n_chars": n_chars,
                                     "n_clauses": len(clauses), "n_findings": len(findings)})
    write_part(Path(task.out), task.part, rows, clause_frames, finding_frames)
    result.seconds = time.perf_counter() - started
    return result


def failed(task: Task, stage: str, reason: str) -> BatchResult:
    """A result that skips every document of ``task`` at ``stage`` for ``reason``.

    Parameters
    ----------
    task : Task
    stage : str
    reason : str

    Returns
    -------
    result : BatchResult

    Examples
    --------
    >>> from policylens.corpus.batch import Task, failed
    >>> failed(Task("part-0", ("a.txt", "b.txt"), (None, None), "out"), "worker", "died").skipped[1]
    {'path': 'b.txt', 'stage': 'worker', 'reason': 'died'}
    """
    return BatchResult(task.part, skipped=[{"path": p, "stage": stage, "reason": reason}
                                           for p in task.paths])
