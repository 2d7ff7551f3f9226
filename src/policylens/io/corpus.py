"""Corpora: expanding files and folders into policy files, and loading many policies at once.

``load_corpus(None)`` loads the bundled seeds (``data/policies.csv``); a folder is searched
recursively for files of a supported format; bad files stop the load or are skipped with a reason.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from policylens import config
from policylens.errors import CorpusError, PolicyLoadError
from policylens.io.loader import FORMATS, load
from policylens.policy import Policy


def manifest() -> list[dict[str, str]]:
    """Rows of ``data/policies.csv``: the bundled policies' ids, names and files.

    Returns
    -------
    rows : list of dict
        ``id``, ``name``, ``organisation``, ``product``, ``source_file``.

    Examples
    --------
    >>> from policylens.io.corpus import manifest
    >>> rows = manifest()
    >>> len(rows), sorted(rows[0])
    (5, ['id', 'name', 'organisation', 'product', 'source_file'])
    """
    path = config.bundled_policies_dir().parent / "policies.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _bundled() -> list[Policy]:
    folder = config.bundled_policies_dir()
    out = []
    for row in manifest():
        policy = load(folder / row["source_file"], id=row["id"], name=row["name"])
        policy.organisation = row.get("organisation", "")
        policy.product = row.get("product") or None
        out.append(policy)
    return out


def natural_key(path: str | Path) -> tuple:
    """Sort key that orders numbers by value: "2.html" before "10.html", "a9" before "a10".

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    key : tuple
        The lower-cased path's text and number runs (numbers compared by value).

    Examples
    --------
    >>> sorted(["10.html", "2.html", "1.html"], key=natural_key)
    ['1.html', '2.html', '10.html']
    """
    parts = re.split(r"(\d+)", str(path).lower())
    return tuple((0, int(p), p) if p.isdigit() else (1, 0, p) for p in parts)


def discover(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Expand files and folders into policy files of a supported format.

    Files keep the order they are given in; a folder is searched recursively and its files come
    in natural order (``2.html`` before ``10.html``).

    Parameters
    ----------
    paths : str, Path or iterable of them

    Returns
    -------
    files : list of Path
        Folders give their files with a supported suffix; files named explicitly are kept
        whatever their suffix (``load`` then reports them).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("10.html", "2.html", "notes.csv"):
    ...     _ = (folder / name).write_text("<p>x</p>")
    >>> [p.name for p in discover(folder)]
    ['2.html', '10.html']
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    found: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found.extend(sorted((f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FORMATS),
                                key=natural_key))
        else:
            found.append(p)
    return found


def load_corpus(
    paths: str | Path | Iterable[str | Path | Policy] | None = None,
    *,
    errors: str = "raise",
    duplicates: str = "rename",
    report: list | None = None,
) -> list[Policy]:
    """Load many policies; ``None`` loads the five bundled seeds (``data/policies.csv``).

    Duplicate ids are renamed or refused; nothing is overwritten.

    Parameters
    ----------
    paths : str, Path, Policy or iterable of them, default=None
        A folder, a file or a list of files, folders and Policy objects.
    errors : {"raise", "skip"}, default="raise"
        ``"raise"`` stops at the first bad file; ``"skip"`` returns the good ones and records
        ``(path, problem)`` for each skipped file.
    duplicates : {"rename", "raise"}, default="rename"
        Duplicate ids get ``-2``, ``-3`` ... or raise :class:`CorpusError`.
    report : list, default=None
        When given, the skipped ``(path, problem)`` pairs are appended to it too.

    Returns
    -------
    policies : list of Policy
        Its ``skipped`` attribute lists the files skipped and why.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from policylens.io.corpus import load_corpus
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("We collect your name.")
    >>> _ = (folder / "acme.md").write_text("We sell nothing.")
    >>> _ = (folder / "empty.txt").write_text("")
    >>> policies = load_corpus(folder, errors="skip")
    >>> [p.id for p in policies], [pathlib.Path(path).name for path, _ in policies.skipped]
    (['acme', 'acme-2'], ['empty.txt'])
    """
    if errors not in ("raise", "skip"):
        raise ValueError("errors must be 'raise' or 'skip'")
    if duplicates not in ("rename", "raise"):
        raise ValueError("duplicates must be 'rename' or 'raise'")
    if paths is None:
        policies = _bundled()
        skipped: list[tuple[str, str]] = []
    else:
        items = [paths] if isinstance(paths, str | Path | Policy) else list(paths)
        policies, skipped = [], []
        for item in items:
            if isinstance(item, Policy):
                policies.append(item)
                continue
            targets = discover(item)
            if Path(item).is_dir() and not targets:
                problem = "folder holds no .txt, .md, .html, .pdf or .docx files"
                if errors == "raise":
                    raise PolicyLoadError(item, problem)
                skipped.append((str(item), problem))
            for target in targets:
                try:
                    policies.append(load(target))
                except PolicyLoadError as exc:
                    if errors == "raise":
                        raise
                    skipped.append((exc.path, exc.problem))
    seen: dict[str, int] = {}
    for policy in policies:
        if policy.id in seen:
            if duplicates == "raise":
                raise CorpusError(f"duplicate policy id {policy.id!r} ({policy.source})")
            seen[policy.id] += 1
            new_id = f"{policy.id}-{seen[policy.id]}"
            while new_id in seen:
                seen[policy.id] += 1
                new_id = f"{policy.id}-{seen[policy.id]}"
            policy.id = new_id
        seen.setdefault(policy.id, 1)
    if report is not None:
        report.extend(skipped)
    result = _PolicyList(policies)
    result.skipped = skipped
    return result


class _PolicyList(list):
    """A list of policies that also remembers which files were skipped and why."""

    skipped: list[tuple[str, str]]
