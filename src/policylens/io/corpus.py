"""Corpora: expanding files and folders into policy files, and loading many policies at once.

``load_corpus(None)`` loads the bundled seeds (``data/policies.csv``); a folder is searched
recursively for files of a supported format; bad files stop the load or are skipped with a reason.
"""

from __future__ import annotations

import csv
import glob
import os
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


def discover(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """Expand files, folders (recursively) and glob patterns into policy files.

    The one discovery of the library: ``load_corpus``, ``compare`` and ``analyze`` all use it.

    Parameters
    ----------
    paths : str, path-like or iterable of them
        Files, folders and glob patterns (``"policies/**/*.html"``).

    Returns
    -------
    files : list of Path
        Each argument's files in turn; a folder or glob gives its files with a suffix ``load``
        reads (``FORMATS``: .txt .md .html .htm .pdf .docx ...), hidden files and folders
        skipped, in natural order (``2.html`` before ``10.html``). A file named explicitly is
        kept whatever its suffix (``load`` then reports it), and so is a path that does not
        exist and matches no glob (a run lists it as skipped instead of dropping it silently).
        A file named twice is listed once.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("10.html", "2.html", "notes.csv", "sub/a.pdf", ".cache/b.txt"):
    ...     (folder / name).parent.mkdir(exist_ok=True)
    ...     _ = (folder / name).write_text("<p>x</p>")
    >>> [p.relative_to(folder).as_posix() for p in discover(folder)]
    ['2.html', '10.html', 'sub/a.pdf']
    >>> [p.name for p in discover([folder / "notes.csv", folder / "gone.txt", folder / "2.html"])]
    ['notes.csv', 'gone.txt', '2.html']
    >>> [p.name for p in discover(str(folder / "*.html"))]
    ['2.html', '10.html']
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    found: list[Path] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.abspath(p)
        if key not in seen:
            seen.add(key)
            found.append(p)

    for item in paths:
        p = Path(item)
        if p.is_dir():
            for f in _policy_files(p):
                add(f)
        elif p.exists() or not glob.has_magic(os.fspath(item)):
            add(p)
        else:
            matches = sorted(glob.glob(os.fspath(item), recursive=True), key=natural_key)
            for match in map(Path, matches):
                if match.is_dir():
                    for f in _policy_files(match):
                        add(f)
                elif _is_policy_file(match):
                    add(match)
    return found


def _is_policy_file(path: Path) -> bool:
    return path.suffix.lower() in FORMATS and not path.name.startswith(".")


def _policy_files(folder: Path) -> list[Path]:
    """A folder's policy files, recursively, in natural order; hidden files and folders
    (.git, .ipynb_checkpoints) skipped."""
    files = [f for f in folder.rglob("*") if f.is_file() and _is_policy_file(f)
             and not any(part.startswith(".") for part in f.relative_to(folder).parts)]
    return sorted(files, key=natural_key)


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
