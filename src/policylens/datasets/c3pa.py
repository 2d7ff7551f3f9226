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
    """Where policylens caches derived files (outside the repository)."""
    env = os.environ.get("POLICYLENS_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "policylens"


def extract_htmls(path: str | Path | None = None, cache: str | Path | None = None) -> Path:
    """Extract ``Htmls.tar.xz`` once into the cache; return the folder holding ``Htmls/``.

    The cache folder is keyed by the archive's size and mtime, and extraction uses tarfile's
    ``data`` filter (no absolute paths, links out of the folder or device files).
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
    """All annotation rows of the C3PA copy at ``path`` (default: the corpora folder), one row
    per annotated span, columns :data:`COLUMNS`. With ``extract_html`` the policy HTMLs are
    extracted into the cache (once) and ``html_path`` points at them."""
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
    """Per policy, the right ids some span is labelled with (by at least ``min_annotators``)."""
    gold: dict[str, set[str]] = {str(p): set() for p in frame["policy"].unique()}
    rights = frame[frame["label"].isin(LABEL_TO_RIGHT)]
    counts = rights.assign(right=rights["label"].map(LABEL_TO_RIGHT)).groupby(
        ["policy", "right"])["annotator"].nunique()
    for (policy, right), n in counts.items():
        if n >= min_annotators:
            gold[str(policy)].add(right)
    return gold
