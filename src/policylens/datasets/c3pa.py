"""Reader for C3PA (Musa et al., EMNLP 2024): expert annotations of CCPA provisions.

Research-only corpus, never shipped: found through ``policylens.config.corpus_dir("c3pa")``.
``Annotations/<subset>/<n>.csv`` (``RANumb,Text,Label``) holds annotated spans copied from the
policy (no offsets); ``Htmls.tar.xz`` holds ``Htmls/<subset>/<n>.html``. The archive is extracted
once into a cache folder outside the repository (``$POLICYLENS_CACHE`` or
``~/.cache/policylens``), never next to the data or in the project tree.
"""

from __future__ import annotations

import hashlib
import os
import tarfile
from pathlib import Path

import pandas as pd

from policylens.config import corpus_dir
from policylens.errors import CorpusError

#: columns of :func:`load_c3pa`
COLUMNS: dict[str, str] = {
    "policy": "'<subset>/<n>', e.g. 'DB/17'",
    "subset": "'DB' (data brokers) or 'WS' (popular websites)",
    "number": "policy number n within the subset",
    "annotator": "annotator id (ra1..ra6)",
    "text": "annotated span as copied from the policy",
    "label": "provision label",
    "html_path": "path of the extracted policy HTML ('' when not extracted or missing)",
}

#: C3PA rights labels -> policylens right ids
LABEL_TO_RIGHT: dict[str, str] = {
    "Description of Right to Know PI Collected": "access",
    "Description of Right to Know PI sold / shared": "access",
    "Description of Right to Delete": "erasure",
    "Description of Right to Correct Information": "rectification",
    "Description of Right to Opt-out of sale of PI": "opt_out_sale_sharing",
    "Description of Right to Limit use of PI": "limit_sensitive",
    "Description of Right to Non-discrimination on exercising rights": "non_discrimination",
}


def cache_dir() -> Path:
    """Where policylens caches derived files (outside the repository).

    ``$POLICYLENS_CACHE`` when set, else ``~/.cache/policylens``.

    Returns
    -------
    path : Path

    Examples
    --------
    >>> import os
    >>> from unittest import mock
    >>> from policylens.datasets.c3pa import cache_dir
    >>> with mock.patch.dict(os.environ, {"POLICYLENS_CACHE": "/tmp/policylens-cache"}):
    ...     cache_dir().as_posix()
    '/tmp/policylens-cache'
    """
    env = os.environ.get("POLICYLENS_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "policylens"


def extract_htmls(path: str | Path | None = None, cache: str | Path | None = None) -> Path:
    """Extract ``Htmls.tar.xz`` once into the cache; return the folder holding ``Htmls/``.

    The cache folder is keyed by the archive's size and mtime, and extraction uses tarfile's
    ``data`` filter (no absolute paths, links out of the folder or device files). A copy that
    already has ``Htmls/`` next to the archive is used as is.

    Parameters
    ----------
    path : str or Path, default=None
        The C3PA folder (``None``: ``config.corpus_dir("c3pa")``).
    cache : str or Path, default=None
        Where to extract (``None``: under :func:`cache_dir`).

    Returns
    -------
    folder : Path

    Raises
    ------
    CorpusError
        There is neither ``Htmls/`` nor ``Htmls.tar.xz``.

    Examples
    --------
    >>> import io, pathlib, tarfile, tempfile
    >>> from policylens.datasets.c3pa import extract_htmls
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> page = b"<p>You may ask us to delete it.</p>"
    >>> with tarfile.open(base / "Htmls.tar.xz", "w:xz") as tar:
    ...     info = tarfile.TarInfo("Htmls/DB/1.html")
    ...     info.size = len(page)
    ...     tar.addfile(info, io.BytesIO(page))
    >>> folder = extract_htmls(base, cache=base / "cache")
    >>> (folder / "Htmls" / "DB" / "1.html").read_bytes() == page
    True
    """
    base = Path(path) if path is not None else corpus_dir("c3pa")
    archive = base / "Htmls.tar.xz"
    if (base / "Htmls").is_dir():
        return base
    if not archive.is_file():
        raise CorpusError(f"{archive} not found")
    stat = archive.stat()
    key = hashlib.sha256(f"{archive.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = Path(cache) if cache is not None else cache_dir() / "c3pa" / key
    done = target / ".extracted"
    if done.is_file():
        return target
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:xz") as tar:
        tar.extractall(target, filter="data")
    done.write_text(str(archive.resolve()), encoding="utf-8")
    return target


def load_c3pa(path: str | Path | None = None, *, subsets: tuple[str, ...] | None = None,
              extract_html: bool = True, cache: str | Path | None = None) -> pd.DataFrame:
    """All annotation rows of the C3PA copy at ``path``, one row per annotated span.

    Parameters
    ----------
    path : str or Path, default=None
        The C3PA folder (``None``: ``config.corpus_dir("c3pa")``), holding
        ``Annotations/<subset>/<n>.csv``.
    subsets : tuple of str, default=None
        Only these subsets ("DB", "WS"; ``None``: all).
    extract_html : bool, default=True
        Extract the policy HTMLs into the cache (once) and point ``html_path`` at them.
    cache : str or Path, default=None
        See :func:`extract_htmls`.

    Returns
    -------
    annotations : DataFrame
        Columns :data:`COLUMNS`.

    Raises
    ------
    CorpusError
        No annotations are found.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> (base / "Annotations" / "DB").mkdir(parents=True)
    >>> _ = (base / "Annotations" / "DB" / "1.csv").write_text(
    ...     "RANumb,Text,Label\\n"
    ...     "ra1,You may ask us to delete it.,Description of Right to Delete\\n"
    ...     "ra2,You may ask us to delete it.,Description of Right to Delete\\n"
    ...     "ra1,Email us.,Methods to submit requests\\n")
    >>> from policylens.datasets.c3pa import load_c3pa
    >>> frame = load_c3pa(base, extract_html=False)
    >>> frame[["policy", "annotator", "label"]].values.tolist()[0]
    ['DB/1', 'ra1', 'Description of Right to Delete']
    """
    base = Path(path) if path is not None else corpus_dir("c3pa")
    ann = base / "Annotations"
    if not ann.is_dir():
        raise CorpusError(f"no C3PA annotations under {base}")
    html_root = extract_htmls(base, cache) if extract_html else None
    frames = []
    for sub in sorted(p for p in ann.iterdir() if p.is_dir()):
        if subsets and sub.name not in subsets:
            continue
        for csv in sorted(sub.glob("*.csv"), key=lambda p: int(p.stem) if p.stem.isdigit() else 10**9):
            if not csv.stem.isdigit():
                continue
            f = pd.read_csv(csv, dtype=str, keep_default_na=False)
            f = f.rename(columns={"RANumb": "annotator", "Text": "text", "Label": "label"})
            f["subset"] = sub.name
            f["number"] = int(csv.stem)
            f["policy"] = f"{sub.name}/{csv.stem}"
            html = html_root / "Htmls" / sub.name / f"{csv.stem}.html" if html_root else None
            f["html_path"] = str(html) if html is not None and html.is_file() else ""
            frames.append(f)
    if not frames:
        raise CorpusError(f"no annotation CSVs under {ann}")
    frame = pd.concat(frames, ignore_index=True)[list(COLUMNS)]
    for col in ("policy", "subset", "annotator", "text", "label", "html_path"):
        frame[col] = frame[col].astype("string")
    return frame.astype({"number": "int64"})


def gold_rights(frame: pd.DataFrame, min_annotators: int = 1) -> dict[str, set[str]]:
    """Per policy, the right ids some span is labelled with (by at least ``min_annotators``).

    Parameters
    ----------
    frame : DataFrame
        :func:`load_c3pa`'s table.
    min_annotators : int, default=1
        Distinct annotators needed for a right.

    Returns
    -------
    gold : dict of str to set of str
        Every policy of ``frame`` is a key (an empty set when it has no right label).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> (base / "Annotations" / "DB").mkdir(parents=True)
    >>> _ = (base / "Annotations" / "DB" / "1.csv").write_text(
    ...     "RANumb,Text,Label\\n"
    ...     "ra1,You may ask us to delete it.,Description of Right to Delete\\n"
    ...     "ra2,You may ask us to delete it.,Description of Right to Delete\\n"
    ...     "ra1,Email us.,Methods to submit requests\\n")
    >>> from policylens.datasets.c3pa import gold_rights, load_c3pa
    >>> frame = load_c3pa(base, extract_html=False)
    >>> gold_rights(frame), gold_rights(frame, min_annotators=3)
    ({'DB/1': {'erasure'}}, {'DB/1': set()})
    """
    gold: dict[str, set[str]] = {str(p): set() for p in frame["policy"].unique()}
    rights = frame[frame["label"].isin(LABEL_TO_RIGHT)]
    counts = rights.assign(right=rights["label"].map(LABEL_TO_RIGHT)).groupby(
        ["policy", "right"])["annotator"].nunique()
    for (policy, right), n in counts.items():
        if n >= min_annotators:
            gold[str(policy)].add(right)
    return gold
