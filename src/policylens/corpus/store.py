"""The Parquet store of ``analyze``: one part file per table per batch, manifests as commit
markers, and resuming (what is already analysed with the same content is skipped)::

    out/policies.parquet/part-<run>-<batch>.parquet
    out/clauses.parquet/part-<run>-<batch>.parquet
    out/findings.parquet/part-<run>-<batch>.parquet
    out/_manifest/part-<run>-<batch>.json      # commit marker: documents, content hashes, skips

A batch is committed when its manifest is written (after its three part files, each written to a
hidden temporary name and renamed), so a run killed half-way leaves only complete, readable parts.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from policylens.schema import CLASSIFICATION_COLUMNS, CLAUSE_COLUMNS, FINDING_COLUMNS

TABLES = ("policies", "clauses", "findings")
MANIFEST_DIR = "_manifest"
CLAUSE_TABLE_COLUMNS = {**CLAUSE_COLUMNS, **CLASSIFICATION_COLUMNS}


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
    """The explicit pyarrow schema of a documented table (so empty parts keep their types).

    Parameters
    ----------
    columns : dict of str to (dtype, description)
        A documented table of ``policylens.schema`` (pandas dtype names; ``object`` columns hold
        lists of strings).

    Returns
    -------
    schema : pyarrow.Schema

    Examples
    --------
    >>> from policylens.corpus.store import arrow_schema
    >>> schema = arrow_schema({"policy": ("string", ""), "min_child_age": ("Int64", ""),
    ...                        "contact_emails": ("object", "")})
    >>> [str(t) for t in schema.types]
    ['string', 'int64', 'list<item: string>']
    """
    import pyarrow as pa

    return pa.schema([pa.field(name, _arrow_type(dtype)) for name, (dtype, _) in columns.items()])


def documented_policy_columns() -> dict[str, tuple[str, str]]:
    """The documented columns of ``policies.parquet`` (``policylens.schema.POLICY_COLUMNS``).

    Returns
    -------
    columns : dict of str to (dtype, description)
        A copy.

    Examples
    --------
    >>> from policylens.corpus.store import documented_policy_columns
    >>> columns = documented_policy_columns()
    >>> list(columns)[:3], columns["sells_data"][0]
    (['policy', 'name', 'source'], 'boolean')
    """
    from policylens.schema import POLICY_COLUMNS

    return dict(POLICY_COLUMNS)


def _to_arrow(frame: pd.DataFrame, columns: dict[str, tuple[str, str]]):
    import pyarrow as pa

    from policylens.schema import coerce

    if not _typed(frame, columns):  # (a frame the pipeline built is typed: no copy, no casts)
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


def file_sha256(path: str) -> str:
    """The SHA-256 of a file's bytes, in hex (what ``resume`` compares).

    Parameters
    ----------
    path : str

    Returns
    -------
    digest : str

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from policylens.corpus.store import file_sha256
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "empty.txt"
    >>> _ = path.write_bytes(b"")
    >>> file_sha256(str(path))
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _concat(frames: list[pd.DataFrame], columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    from policylens.schema import empty_frame

    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_frame(columns)
    return pd.concat(frames, ignore_index=True)


def write_part(out: Path, part: str, rows: list[dict], clause_frames: list[pd.DataFrame],
               finding_frames: list[pd.DataFrame]) -> None:
    """Write one batch's three part files (each atomically; empty batches too, typed).

    Parameters
    ----------
    out : Path
        The output folder; the parts go to ``<table>.parquet/<part>.parquet``.
    part : str
        The part's name (``part-<run>-<batch>``).
    rows : list of dict
        The batch's ``policy_row`` dicts.
    clause_frames, finding_frames : list of DataFrame
        The batch's clauses and findings tables, one per document.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> from policylens.corpus.store import write_part
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> write_part(out, "part-0", [], [], [])
    >>> sorted(p.name for p in out.iterdir())
    ['clauses.parquet', 'findings.parquet', 'policies.parquet']
    >>> pd.read_parquet(out / "findings.parquet")["aspect"].dtype.name, len(pd.read_parquet(out / "findings.parquet"))
    ('string', 0)
    """
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
    """The committed batches of an analysed folder, oldest first.

    A manifest cut mid-write is deleted: its batch was never committed.

    Parameters
    ----------
    out : str or path-like
        A folder written by ``analyze``.

    Returns
    -------
    manifests : list of dict
        ``part``, ``run``, ``documents`` (path, id, sha256, n_chars, n_clauses, n_findings) and
        ``skipped`` of each batch; ``[]`` when there is none.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import policylens as pl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
    >>> from policylens.corpus.store import read_manifests
    >>> [(doc["id"], doc["n_findings"]) for m in read_manifests(folder / "out") for doc in m["documents"]]
    [('acme', 1)]
    """
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


def write_manifest(out: Path, manifest: dict) -> None:
    """Commit a batch: write its manifest (atomically) after its part files.

    Parameters
    ----------
    out : Path
        The output folder.
    manifest : dict
        With at least ``part``; ``analyze`` also writes ``run``, ``documents`` and ``skipped``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from policylens.corpus.store import read_manifests, write_manifest
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> write_manifest(out, {"part": "part-0", "documents": [], "skipped": []})
    >>> read_manifests(out)
    [{'part': 'part-0', 'documents': [], 'skipped': []}]
    """
    folder = _manifest_dir(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{manifest['part']}.json"
    tmp = folder / f".{path.name}.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def clear(out: Path) -> None:
    """Forget a previous analysis in ``out`` (only the folders analyze owns).

    Parameters
    ----------
    out : Path

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import policylens as pl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
    >>> from policylens.corpus.store import clear
    >>> _ = (folder / "out" / "notes.txt").write_text("mine")
    >>> clear(folder / "out")
    >>> sorted(p.name for p in (folder / "out").iterdir())
    ['notes.txt']
    """
    import shutil

    for target in [_table_dir(out, t) for t in TABLES] + [_manifest_dir(out)]:
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def cleanup(out: Path) -> None:
    """Delete what an interrupted run left behind.

    Temporary files and the parts of batches that were never committed go; every table is left
    with at least one (possibly empty) part, so that it can be read.

    Parameters
    ----------
    out : Path

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from policylens.corpus.store import cleanup, write_part
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> write_part(out, "part-1", [], [], [])  # written, but no manifest commits it
    >>> cleanup(out)
    >>> sorted(p.name for p in (out / "findings.parquet").iterdir())
    ['part-empty.parquet']
    """
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
    write_manifest(out, manifest)


def _pa_strings(values: Iterable[str]):
    import pyarrow as pa

    return pa.array(sorted(values), type=pa.string())


def _key(path: str) -> str:
    return os.path.abspath(path)


def plan_resume(out: Path, paths: list[str]) -> tuple[list[str], list[dict]]:
    """What a ``resume=True`` run still has to analyse.

    The rows of documents whose content changed are dropped, so that their new analysis
    replaces them.

    Parameters
    ----------
    out : Path
        The output folder of earlier runs.
    paths : list of str
        The files of this run.

    Returns
    -------
    todo : list of str
        The paths to analyse: new files and changed ones.
    unchanged : list of dict
        The manifest entries of committed documents whose file has the same SHA-256.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import policylens as pl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
    >>> from policylens.corpus.store import plan_resume
    >>> _ = (folder / "beta.txt").write_text("We keep logs for 2 years.")
    >>> todo, unchanged = plan_resume(folder / "out", [str(folder / "acme.txt"), str(folder / "beta.txt")])
    >>> [pathlib.Path(p).name for p in todo], [d["id"] for d in unchanged]
    (['beta.txt'], ['acme'])
    """
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
            same = file_sha256(path) == doc["sha256"]
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
