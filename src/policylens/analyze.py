"""Corpus scale: stream load -> segment -> classify -> extract over many files into Parquet.

``analyze(paths, out)`` cuts the list of files into batches of *paths* (never texts, so inter-process
traffic stays tiny). Each batch is handled by one top-level function, :func:`process_batch`, that
loads and analyses its documents with ``policylens.pipeline.run_policy`` -- the same function
``compare`` uses, so the tables are the same -- and writes one part file per table. The loaded
documents go through the pipeline a group at a time (``run_policy.many`` =
``pipeline.run_policies``, at most ``GROUP_DOCS`` documents / ``GROUP_CHARS`` characters), which
classifies a group's clauses in one call and builds one findings table for it: the same rows as
one document at a time, about 15% faster on one core::

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
import glob
import hashlib
import html
import importlib
import json
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from policylens.errors import PolicyLensError, PolicyLoadError
from policylens.pipeline import DOCUMENT_ERRORS
from policylens.schema import CLASSIFICATION_COLUMNS, CLAUSE_COLUMNS, FINDING_COLUMNS

#: file suffixes ``discover`` collects from folders and globs
POLICY_SUFFIXES = (".txt", ".md", ".html", ".htm")
TABLES = ("policies", "clauses", "findings")
MANIFEST_DIR = "_manifest"
DEFAULT_BATCH_SIZE = 32
DEFAULT_PIPELINE = "policylens.pipeline:run_policy"
#: the taxonomy's catch-all category: text that is not about data practices
OTHER_CATEGORY = "other"
#: a document with less than this share of its text in clauses holding a data-practice cue phrase
#: is skipped as "not a policy" (see ``not_a_policy``; 0 keeps every text)
DEFAULT_MIN_POLICY_SHARE = 0.03
#: classifier confidence above which a clause counts as clearly about a data practice
CONFIDENT = 0.5
WORKER_DIED = ("the worker process died while analysing this document "
               "(out of memory, or a crash in native code)")

CLAUSE_TABLE_COLUMNS = {**CLAUSE_COLUMNS, **CLASSIFICATION_COLUMNS}


# --------------------------------------------------------------------------- discovery


def discover(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[str]:
    """Expand files, folders (recursively) and glob patterns into a sorted-per-argument,
    de-duplicated list of policy files (``.txt .md .html .htm``).

    A file named explicitly is kept whatever its suffix (``load`` then reports it if it is
    unsupported); a path that does not exist and matches no glob is kept too, so the run lists
    it as skipped instead of silently dropping it.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    seen: set[str] = set()
    found: list[str] = []

    def add(p: str) -> None:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            found.append(p)

    for raw in paths:
        item = os.fspath(raw)
        if os.path.isdir(item):
            for p in _walk(item):
                add(p)
        elif os.path.exists(item):
            add(item)
        elif glob.has_magic(item):
            for match in sorted(glob.glob(item, recursive=True)):
                if os.path.isdir(match):
                    for p in _walk(match):
                        add(p)
                elif _is_policy_file(match):
                    add(match)
        else:
            add(item)
    return found


def _is_policy_file(path: str) -> bool:
    name = os.path.basename(path)
    return not name.startswith(".") and name.lower().endswith(POLICY_SUFFIXES)


def _walk(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # skip .git, .ipynb_checkpoints
        for name in sorted(files):
            if _is_policy_file(name):
                yield os.path.join(root, name)


# --------------------------------------------------------------------------- parquet schemas


def _arrow_type(dtype: str):
    import pyarrow as pa

    return {
        "string": pa.string(),
        "int64": pa.int64(),
        "Int64": pa.int64(),
        "float64": pa.float64(),
        "Float64": pa.float64(),
        "bool": pa.bool_(),
        "boolean": pa.bool_(),
        "object": pa.list_(pa.string()),  # object columns hold lists of ids (categories, facts)
    }[dtype]


def arrow_schema(columns: dict[str, tuple[str, str]]):
    """The explicit pyarrow schema of a documented table (so empty parts keep their types)."""
    import pyarrow as pa

    return pa.schema([pa.field(name, _arrow_type(dtype)) for name, (dtype, _) in columns.items()])


def documented_policy_columns() -> dict[str, tuple[str, str]]:
    """The documented columns of ``policies.parquet`` (``policylens.schema.POLICY_COLUMNS``)."""
    from policylens.schema import POLICY_COLUMNS

    return dict(POLICY_COLUMNS)


def _to_arrow(frame: pd.DataFrame, columns: dict[str, tuple[str, str]]):
    import pyarrow as pa

    from policylens.schema import coerce

    if not _typed(frame, columns):  # (a frame run_policy built is typed: no copy, no casts)
        frame = coerce(frame, columns)[list(columns)]
    if "categories" in columns:
        values = frame["categories"].tolist()
        if not _string_lists(values):
            # lists, tuples or arrays of ids -> plain lists (NaN/None -> empty list)
            frame = frame.assign(categories=pd.Series([
                [str(c) for c in v] if isinstance(v, list | tuple) or hasattr(v, "__array__") else []
                for v in values], index=frame.index, dtype=object))
    return pa.Table.from_pandas(frame, schema=arrow_schema(columns), preserve_index=False)


def _typed(frame: pd.DataFrame, columns: dict[str, tuple[str, str]]) -> bool:
    """Has ``frame`` exactly the documented columns, in order, with their dtypes (so that
    ``coerce(frame, columns)[list(columns)]`` would only copy it)?"""
    if list(frame.columns) != list(columns):
        return False
    return all(dtype == "object" or frame.dtypes.iloc[i] == pd.api.types.pandas_dtype(dtype)
               for i, (dtype, _) in enumerate(columns.values()))


def _string_lists(values: list) -> bool:
    """Is every value a list of str (what the ``categories`` conversion would rebuild as is)?"""
    return all(type(v) is list for v in values) and all(type(c) is str for v in values for c in v)


def _write_atomic(table, path: Path) -> None:
    """Write to a hidden temporary name (ignored by Parquet readers), then rename."""
    import pyarrow.parquet as pq

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


# --------------------------------------------------------------------------- the batch function


@dataclass(frozen=True)
class Task:
    """A batch: paths (and policy ids to force where file names collide), plus run options."""

    part: str
    paths: tuple[str, ...]
    ids: tuple[str | None, ...]
    out: str
    pipeline: str = DEFAULT_PIPELINE
    classifier: str | None = None
    max_bytes: int | None = None
    min_policy_share: float = 0.0

    def split(self) -> list[Task]:
        """One task per document (to isolate a document that kills its worker)."""
        return [replace(self, part=f"{self.part}-{i:03d}", paths=(p,), ids=(d,))
                for i, (p, d) in enumerate(zip(self.paths, self.ids, strict=True))]


@dataclass
class BatchResult:
    """What a batch sends back: small bookkeeping only (the tables are already on disk)."""

    part: str
    documents: list[dict] = field(default_factory=list)  # path, id, sha256, n_chars, n_clauses, n_findings
    skipped: list[dict] = field(default_factory=list)  # path, stage, reason
    seconds: float = 0.0


_WORKER_STATE: dict[str, Any] = {}


def _resolve(spec: str) -> Callable:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _worker_classifier(spec: str | None) -> Any:
    """The classifier, built once per process (``None``: the bundled model, loaded once)."""
    key = f"classifier:{spec}"
    if key not in _WORKER_STATE:
        _WORKER_STATE[key] = _load_classifier(spec)
    return _WORKER_STATE[key]


def _load_classifier(spec: str | None) -> Any:
    try:
        classify = importlib.import_module("policylens.classify")
    except ImportError:  # no classifier available: run_policy decides what None means
        return None
    if spec is None:
        for name in ("default_model", "default_classifier"):
            if hasattr(classify, name):
                return getattr(classify, name)()
        return None
    for name in ("load_classifier", "load_model", "load"):
        if hasattr(classify, name):
            return getattr(classify, name)(spec)
    if hasattr(classify, "ClauseClassifier") and hasattr(classify.ClauseClassifier, "load"):
        return classify.ClauseClassifier.load(spec)
    raise PolicyLensError(f"{spec}: policylens.classify has no way to load a saved classifier")


def init_worker(pipeline: str = DEFAULT_PIPELINE, classifier: str | None = None) -> None:
    """Warm a worker: import the stages and build the classifier once. Failures are left for
    ``process_batch`` to report (an initializer that raises would look like a dying worker)."""
    try:
        _resolve(pipeline)
        _worker_classifier(classifier)
    except Exception:  # noqa: S110 - reported by the first batch, with its reason
        pass


def _load(path: str, policy_id: str | None, max_bytes: int | None):
    from policylens.io import load

    return load(path, id=policy_id, max_bytes=max_bytes)


def _file_sha256(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def privacy_share(clauses: pd.DataFrame, min_confidence: float = 0.0) -> float:
    """Share of a policy's clause text the classifier puts in a data-practice category (not
    ``other``) with at least ``min_confidence``; 1.0 when the clauses carry no ``category``."""
    if "category" not in clauses.columns:
        return 1.0
    lengths = _lengths(clauses["text"])
    total = float(lengths.sum())
    if total == 0:
        return 0.0
    about = _differs(clauses["category"], OTHER_CATEGORY)
    if min_confidence > 0 and "confidence" in clauses.columns:
        about = about & (clauses["confidence"].to_numpy(dtype="float64") >= min_confidence)
    return float(lengths[about].sum()) / total


def _arrow_strings(series: pd.Series):
    """The Arrow array behind an Arrow-backed ``"string"`` column (missing = ``pd.NA``, whose
    comparisons are missing too), else None (e.g. pandas' ``str`` dtype, where missing is NaN)."""
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and dtype.na_value is pd.NA:
        import pyarrow as pa

        return pa.chunked_array(pa.array(series.array))
    return None


def _lengths(texts: pd.Series):
    """``texts.str.len().astype("float64").to_numpy()`` (NaN where missing), straight from the
    Arrow array when there is one (the same ``utf8_length`` pandas calls, without the wrapping)."""
    arrow = _arrow_strings(texts)
    if arrow is None:
        return texts.str.len().astype("float64").to_numpy()
    import pyarrow.compute as pc

    return pc.utf8_length(arrow).to_numpy().astype("float64")


def _differs(values: pd.Series, other: str):
    """``(values != other).to_numpy(dtype=bool, na_value=False)``, by Arrow when possible."""
    arrow = _arrow_strings(values)
    if arrow is None:
        return (values != other).to_numpy(dtype=bool, na_value=False)
    import pyarrow.compute as pc

    return pc.not_equal(arrow, other).fill_null(False).to_numpy()


def cue_share(clauses: pd.DataFrame) -> float:
    """Share of the clause text in clauses holding at least one taxonomy cue phrase
    (``keywords`` of ``data/taxonomy.yaml``, as counted by ``classify.lexicon_counts``)."""
    from policylens.classify import lexicon_counts

    texts = clauses["text"].astype(str).tolist()
    lengths = _lengths(clauses["text"])
    if not texts or lengths.sum() == 0:
        return 0.0
    has_cue = lexicon_counts(texts).sum(axis=1) > 0
    return float(lengths[has_cue].sum() / lengths.sum())


def _reaches_cue_share(clauses: pd.DataFrame, min_share: float, chunk: int = 16) -> bool:
    """``cue_share(clauses) >= min_share``, usually decided from the few longest clauses.

    Clause lengths are whole numbers, so every partial sum of them is exact and can only grow
    toward the full one: once the longest clauses with a cue reach the share, the full share does
    too. False means "not shown here" (the full ``cue_share`` decides)."""
    from policylens.classify import lexicon_counts

    lengths = _lengths(clauses["text"])
    total = lengths.sum()
    if not total > 0:  # empty, or a missing text (NaN): leave it to cue_share
        return False
    texts = clauses["text"].astype(str).tolist()
    order = np.argsort(-lengths, kind="stable")
    reached = 0.0
    for k in range(0, len(order), chunk):
        picked = order[k:k + chunk]
        has_cue = lexicon_counts([texts[i] for i in picked]).sum(axis=1) > 0
        reached += lengths[picked][has_cue].sum()
        if reached / total >= min_share:
            return True
    return False


def not_a_policy(clauses: pd.DataFrame, min_policy_share: float) -> str | None:
    """Why a text does not read like a privacy policy, or None.

    Cheap test first: when at least half the text is confidently classified into data-practice
    categories it is a policy. Otherwise the share of text with any data-practice cue phrase
    decides (error pages, "enable JavaScript" walls and empty shells have none). Measured on the
    295 real policies of OPP-115 + policond2024: the lowest cue share was 0.067 (a page of
    navigation links around a short policy), while a "page not found" text scores 0.
    """
    if min_policy_share <= 0 or privacy_share(clauses, CONFIDENT) >= 0.5:
        return None
    if _reaches_cue_share(clauses, min_policy_share):
        return None  # what the full share below would say, from the longest clauses only
    share = cue_share(clauses)
    if share >= min_policy_share:
        return None
    return (f"does not read like a privacy policy: {share:.0%} of its text has a data-practice "
            f"cue phrase (min_policy_share={min_policy_share:g})")


class NotAPolicy(Exception):
    """The text was analysed but does not read like a privacy policy."""


def finish_policy(policy, path: str, tables: tuple[pd.DataFrame, pd.DataFrame],
                  min_policy_share: float = 0.0):
    """(policy row, clauses, findings, file sha256, characters) from a policy's pipeline tables;
    raises NotAPolicy when less than ``min_policy_share`` of its text is about data practices."""
    from policylens.pipeline import policy_row

    clauses, findings = tables
    problem = not_a_policy(clauses, min_policy_share)
    if problem:
        raise NotAPolicy(problem)
    row = policy_row(policy, clauses, findings)
    return row, clauses, findings, _file_sha256(path), len(policy.text)


#: ``process_batch`` hands a pipeline with a ``many`` variant (``pipeline.run_policies``) the
#: loaded policies of a batch in groups of at most this many documents and characters: the
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


def _run_many(run: Callable, policies: list, classifier: Any) -> Iterator | None:
    """The outcomes of the pipeline's ``many`` variant over ``policies`` (one per policy), or
    None when it has none or it fails as a whole (then each policy is run on its own)."""
    many = getattr(run, "many", None)
    if many is None:
        return None
    try:
        outcomes = list(many(policies, classifier))
    except DOCUMENT_ERRORS:
        return None
    return iter(outcomes) if len(outcomes) == len(policies) else None


def process_batch(task: Task) -> BatchResult:
    """Analyse one batch of files and write its three part files; never raises for a document."""
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
                return _failed(task, "setup", f"{type(exc).__name__}: {exc}"[:500])
        run, classifier = stages if stages is not None else (None, None)
        outcomes = _run_many(run, loaded, classifier) if loaded else None
        for path, policy in group:
            if isinstance(policy, PolicyLoadError):
                result.skipped.append({"path": path, "stage": "load", "reason": policy.problem})
                continue
            try:
                tables = run(policy, classifier) if outcomes is None else next(outcomes)
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


def _concat(frames: list[pd.DataFrame], columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    from policylens.schema import empty_frame

    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_frame(columns)
    return pd.concat(frames, ignore_index=True)


def write_part(out: Path, part: str, rows: list[dict], clause_frames: list[pd.DataFrame],
               finding_frames: list[pd.DataFrame]) -> None:
    """Write one batch's three part files (each atomically; empty batches too, typed)."""
    from policylens.pipeline import policies_table

    policies = policies_table(rows)
    for name, frame, columns in (
        ("clauses", _concat(clause_frames, CLAUSE_TABLE_COLUMNS), CLAUSE_TABLE_COLUMNS),
        ("findings", _concat(finding_frames, FINDING_COLUMNS), FINDING_COLUMNS),
        ("policies", policies, documented_policy_columns()),
    ):
        folder = out / f"{name}.parquet"
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomic(_to_arrow(frame, columns), folder / f"{part}.parquet")


def _table_columns(name: str) -> dict[str, tuple[str, str]]:
    return {"clauses": CLAUSE_TABLE_COLUMNS, "findings": FINDING_COLUMNS,
            "policies": documented_policy_columns()}[name]


# --------------------------------------------------------------------------- the out folder


def _table_dir(out: Path, name: str) -> Path:
    return out / f"{name}.parquet"


def _manifest_dir(out: Path) -> Path:
    return out / MANIFEST_DIR


def read_manifests(out: str | os.PathLike) -> list[dict]:
    """The committed batches of an analysed folder, oldest first."""
    folder = _manifest_dir(Path(out))
    if not folder.is_dir():
        return []
    manifests = []
    for path in sorted(folder.glob("part-*.json")):
        try:
            manifests.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):  # a manifest cut mid-write: its batch is not committed
            path.unlink(missing_ok=True)
    return manifests


def _write_manifest(out: Path, manifest: dict) -> None:
    folder = _manifest_dir(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{manifest['part']}.json"
    tmp = folder / f".{path.name}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _clear(out: Path) -> None:
    """Forget a previous analysis in ``out`` (only the folders analyze owns)."""
    import shutil

    for target in [_table_dir(out, t) for t in TABLES] + [_manifest_dir(out)]:
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def _cleanup(out: Path) -> None:
    """Delete what an interrupted run left behind: temporary files and parts of batches that
    were never committed; make sure every table has at least one (possibly empty) part."""
    committed = {m["part"] for m in read_manifests(out)}
    for name in TABLES:
        folder = _table_dir(out, name)
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            temporary = path.name.startswith(".") and path.name.endswith(".tmp")
            uncommitted = (path.suffix == ".parquet" and path.stem != "part-empty"
                           and path.stem not in committed)
            if temporary or uncommitted:
                path.unlink(missing_ok=True)
    from policylens.schema import empty_frame

    for name in TABLES:
        folder = _table_dir(out, name)
        folder.mkdir(parents=True, exist_ok=True)
        real = [p for p in folder.glob("part-*.parquet") if p.stem != "part-empty"]
        if real:
            (folder / "part-empty.parquet").unlink(missing_ok=True)
        elif not (folder / "part-empty.parquet").exists():  # nothing analysed: still readable
            columns = _table_columns(name)
            _write_atomic(_to_arrow(empty_frame(columns), columns), folder / "part-empty.parquet")


def _drop_documents(out: Path, part: str, ids: set[str], paths: set[str]) -> None:
    """Remove documents from a committed batch: rows first, then the manifest entries."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    for name in TABLES:
        path = _table_dir(out, name) / f"{part}.parquet"
        if not path.exists():
            continue
        table = pq.read_table(path)
        keep = pc.invert(pc.is_in(table["policy"], value_set=_pa_strings(ids)))
        _write_atomic(table.filter(keep), path)
    manifest_path = _manifest_dir(out) / f"{part}.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if _key(d["path"]) not in paths]
    _write_manifest(out, manifest)


def _pa_strings(values: Iterable[str]):
    import pyarrow as pa

    return pa.array(sorted(values), type=pa.string())


def _key(path: str) -> str:
    return os.path.abspath(path)


def _plan_resume(out: Path, paths: list[str]) -> tuple[list[str], list[dict]]:
    """(paths to analyse, committed documents that are unchanged); drops the rows of documents
    whose content changed so that their new analysis replaces them."""
    done: dict[str, tuple[dict, str]] = {}
    stale: dict[str, tuple[set[str], set[str]]] = {}

    def mark_stale(doc: dict, part: str) -> None:
        ids, keys = stale.setdefault(part, (set(), set()))
        ids.add(doc["id"])
        keys.add(_key(doc["path"]))

    for manifest in read_manifests(out):
        for doc in manifest.get("documents", []):
            key = _key(doc["path"])
            if key in done:  # analysed twice (should not happen): the newest wins
                mark_stale(*done[key])
            done[key] = (doc, manifest["part"])
    todo, unchanged = [], []
    for path in paths:
        entry = done.get(_key(path))
        if entry is None:
            todo.append(path)
            continue
        doc, part = entry
        try:
            same = _file_sha256(path) == doc["sha256"]
        except OSError:
            same = False
        if same:
            unchanged.append(doc)
        else:
            mark_stale(doc, part)
            todo.append(path)
    for part, (ids, keys) in stale.items():
        _drop_documents(out, part, ids, keys)
    return todo, unchanged


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


def _failed(task: Task, stage: str, reason: str) -> BatchResult:
    return BatchResult(task.part, skipped=[{"path": p, "stage": stage, "reason": reason}
                                           for p in task.paths])


def _run_serial(tasks: Iterable[Task]) -> Iterator[BatchResult]:
    for task in tasks:
        try:
            yield process_batch(task)
        except Exception as exc:  # writing the part failed: the whole batch is lost, say so
            yield _failed(task, "write", f"{type(exc).__name__}: {exc}")


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
                    yield _failed(task, "batch", value)
                else:  # its worker died
                    broken = True
                    if alone:
                        yield _failed(task, "worker", WORKER_DIED)
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

    ``skipped`` has columns ``path``, ``stage`` and ``reason``; ``stage`` is ``load`` (the file
    could not be loaded: missing, empty, binary, too large, unsupported), ``not_a_policy``,
    ``analyse`` (a stage raised), ``worker`` (the worker process died on this document),
    ``batch``/``write`` (the batch could not be run or written). ``n_unchanged`` counts files a
    ``resume=True`` run found already analysed with the same content.
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
        return len(self.skipped)

    @property
    def docs_per_second(self) -> float:
        return self.n_analysed / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
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
            classifier: str | os.PathLike | None = None,
            min_policy_share: float = DEFAULT_MIN_POLICY_SHARE,
            pipeline: str = DEFAULT_PIPELINE) -> AnalyzeSummary:
    """Analyse every policy file under ``paths`` into Parquet tables in ``out``.

    Args:
        paths: files, folders (searched recursively for .txt/.md/.html/.htm) or glob patterns.
        out: output folder; gets ``policies.parquet``, ``clauses.parquet``, ``findings.parquet``
            (folders of part files, read with ``pd.read_parquet``) and ``_manifest/``.
        engine: ``"local"`` (this machine) or ``"dask"`` (a dask.distributed cluster).
        n_process: local worker processes (1 = in this process); for ``"dask"`` without
            ``client``/``scheduler``, the number of LocalCluster worker processes.
        batch_size: documents per batch (one part file per table per batch).
        progress: show a tqdm progress bar (documents, rate).
        errors: ``"skip"`` (record failing files in ``summary.skipped``) or ``"raise"``.
        resume: keep what ``out`` already holds and analyse only new or changed files
            (same sha256 of the file's bytes); otherwise ``out``'s tables are replaced.
        client, scheduler: a ``distributed.Client`` or a scheduler address (``engine="dask"``).
            Workers write the part files, so ``out`` must be a folder they can all reach.
        max_bytes: largest file accepted (default: ``POLICYLENS_MAX_BYTES`` or the loader's).
        classifier: path of a saved classifier (default: the bundled model), loaded once per worker.
        min_policy_share: skip (stage ``not_a_policy``) documents where less than this share of
            the text has a data-practice cue phrase (see ``not_a_policy``); 0 keeps every text.
        pipeline: ``"module:function"`` run on each loaded policy as ``fn(policy, classifier) ->
            (clauses, findings)`` (default: ``policylens.pipeline.run_policy``).

    Returns:
        An :class:`AnalyzeSummary`.
    """
    if engine not in ("local", "dask"):
        raise ValueError(f"engine must be 'local' or 'dask', not {engine!r}")
    if errors not in ("skip", "raise"):
        raise ValueError(f"errors must be 'skip' or 'raise', not {errors!r}")
    if n_process < 1 or batch_size < 1:
        raise ValueError("n_process and batch_size must be >= 1")
    started = time.perf_counter()
    out = Path(out)
    files = discover(paths)
    summary = AnalyzeSummary(out=out, engine=engine, n_process=n_process, n_files=len(files))
    out.mkdir(parents=True, exist_ok=True)
    # only the few renamed ids are kept (a million-file corpus is a million paths already)
    forced = {p: i for p, i in zip(files, _policy_ids(files), strict=True) if i is not None}
    if resume:
        _cleanup(out)
        todo, unchanged = _plan_resume(out, files)
        summary.n_unchanged = len(unchanged)
    else:
        _clear(out)
        todo = files
    run = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    options = {"pipeline": pipeline, "classifier": None if classifier is None else str(classifier),
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
            _write_manifest(out, {"part": result.part, "run": run, "documents": result.documents,
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
        _cleanup(out)
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
    """Arguments of ``policylens analyze``."""
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
    """Run ``policylens analyze``; 0 when every file was analysed, 1 when some were skipped."""
    import sys

    summary = analyze(args.paths, args.out, engine=args.engine, n_process=args.processes,
                      batch_size=args.batch_size, progress=not args.no_progress,
                      resume=args.resume, scheduler=args.scheduler, max_bytes=args.max_bytes,
                      min_policy_share=args.min_policy_share)
    print(repr(summary), file=sys.stdout)
    return 0 if summary.n_skipped == 0 else 1
