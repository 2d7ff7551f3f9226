"""Reader for the OPP-115 corpus (Wilson et al., ACL 2016) and its standard 12-class split.

The corpus is research-only and never shipped: it is found through
``policylens.config.corpus_dir("opp115")`` (``POLICYLENS_CORPORA`` or ``../shared/corpora``).

Two views:

* :func:`load_opp115` reads ``sanitized_policies/`` (segments separated by ``|||``) and the practice
  CSVs, and labels each segment by majority vote of the annotators who worked on that policy. By
  default the votes come from the raw ``annotations/`` folder: that reproduces the label counts of the
  standard split (e.g. 31 Do Not Track and 203 contact segments over the three split files), whereas
  the ``consolidation/`` folders (``source="consolidation-0.75"`` or ``"consolidation-0.5"``) merge
  overlapping spans and give markedly fewer majority labels for the "Other" types. "Other" practices are split by their ``Other Type`` attribute into the three classes the
  benchmark uses (Introductory/Generic, Practice not covered, Privacy contact information); the residual
  "Other" type is not a benchmark class and is dropped.
* :func:`load_opp115_split` reads ``splits/majority/{train,validation,test}.csv`` (one row per
  (text, label), no header) and groups the rows into multi-label examples, keeping the mangled
  ``#NAME?`` texts as the published scores did.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd

from policylens.config import corpus_dir
from policylens.errors import CorpusError
from policylens.taxonomy import OPP115_CLASSES  # noqa: E402  (one definition, re-exported)

SPLITS = ("train", "validation", "test")

_OTHER_TYPES = {"Introductory/Generic", "Practice not covered", "Privacy contact information"}
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _root(path: str | Path | None) -> Path:
    root = Path(path) if path is not None else corpus_dir("opp115")
    if not root.is_dir():
        raise FileNotFoundError(
            f"OPP-115 not found at {root}; set POLICYLENS_CORPORA or pass path= (research-only corpus, not shipped)"
        )
    return root


def clean_segment(raw: str) -> str:
    """Segment HTML -> plain text: tags become spaces, entities are unescaped, whitespace collapses.

    Parameters
    ----------
    raw : str

    Returns
    -------
    text : str

    Examples
    --------
    >>> from policylens.datasets.opp115 import clean_segment
    >>> clean_segment("Privacy Policy <br> <br> <strong>We</strong> care &amp; protect. <br>")
    'Privacy Policy We care & protect.'
    """
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", raw))).strip()


def _benchmark_label(category: str, attributes: str) -> str | None:
    """The 12-class label of one consolidated practice (None for the residual 'Other' type)."""
    if category != "Other":
        return category
    try:
        value = json.loads(attributes)["Other Type"]["value"]
    except (ValueError, KeyError, TypeError):
        return None
    return value if value in _OTHER_TYPES else None


_SOURCES = {
    "annotations": "annotations",
    "consolidation-0.75": "consolidation/threshold-0.75-overlap-similarity",
    "consolidation-0.5": "consolidation/threshold-0.5-overlap-similarity",
}


def load_opp115(path: str | Path | None = None, source: str = "annotations") -> pd.DataFrame:
    """One row per segment of the 115 policies, with majority-vote labels.

    Parameters
    ----------
    path : str or Path, default=None
        The OPP-115 folder (``None``: ``config.corpus_dir("opp115")``).
    source : {"annotations", "consolidation-0.75", "consolidation-0.5"}, default="annotations"
        Where the votes come from (see the module docstring).

    Returns
    -------
    segments : DataFrame
        ``policy`` (filename UID, str), ``domain``, ``segment_id`` (0-based index into
        ``text.split("|||")``), ``text`` (plain text), ``labels`` (list of benchmark classes
        that a strict majority of the policy's annotators attached to the segment, in
        :data:`OPP115_CLASSES` order; may be empty), ``n_annotators`` (annotators who worked on
        the policy).

    Raises
    ------
    FileNotFoundError
        The corpus or its practice folder is missing.
    CorpusError
        No policy, or a policy without its practice file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from policylens.datasets.opp115 import load_opp115
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("sanitized_policies", "annotations"):
    ...     (root / name).mkdir()
    >>> _ = (root / "sanitized_policies" / "7_example.com.html").write_text(
    ...     "<p>We keep logs.</p>|||<p>Email us.</p>")
    >>> _ = (root / "annotations" / "7_example.com.csv").write_text(
    ...     "1,1,ann1,7,0,Data Retention,{}\\n"
    ...     "2,1,ann2,7,0,Data Retention,{}\\n"
    ...     "3,1,ann3,7,1,Data Security,{}\\n")
    >>> load_opp115(root)[["policy", "domain", "segment_id", "labels", "n_annotators"]].values.tolist()
    [['7', 'example.com', 0, ['Data Retention'], 3], ['7', 'example.com', 1, [], 3]]
    """
    if source not in _SOURCES:
        raise ValueError(f"source must be one of {sorted(_SOURCES)}, got {source!r}")
    root = _root(path)
    cons_dir = root / _SOURCES[source]
    if not cons_dir.is_dir():
        raise FileNotFoundError(f"{cons_dir}: practice folder missing")
    order = {label: i for i, label in enumerate(OPP115_CLASSES)}
    rows = []
    policies = sorted((root / "sanitized_policies").glob("*.html"))
    if not policies:
        raise CorpusError(f"{root / 'sanitized_policies'}: no policies")
    for html_file in policies:
        uid, _, domain = html_file.stem.partition("_")
        segments = html_file.read_text(encoding="utf-8", errors="replace").split("|||")
        cons_file = cons_dir / f"{html_file.stem}.csv"
        if not cons_file.is_file():
            raise CorpusError(f"{cons_file}: practice file missing for policy {uid}")
        votes: dict[tuple[int, str], set[str]] = defaultdict(set)
        annotators: set[str] = set()
        with cons_file.open(encoding="utf-8", newline="") as handle:
            for record in csv.reader(handle):
                if len(record) < 7:
                    continue
                annotator, segment, category, attributes = record[2], record[4], record[5], record[6]
                annotators.add(annotator)
                label = _benchmark_label(category, attributes)
                if label is not None:
                    votes[(int(segment), label)].add(annotator)
        n = len(annotators)
        for seg_id, raw in enumerate(segments):
            text = clean_segment(raw)
            if not text:
                continue
            labels = sorted(
                (lab for (sid, lab), who in votes.items() if sid == seg_id and 2 * len(who) > n),
                key=order.__getitem__,
            )
            rows.append((uid, domain, seg_id, text, labels, n))
    return pd.DataFrame(
        rows, columns=["policy", "domain", "segment_id", "text", "labels", "n_annotators"]
    ).astype({"policy": "string", "domain": "string", "text": "string"})


def load_opp115_split(split: str, path: str | Path | None = None) -> pd.DataFrame:
    """The standard majority-vote split as multi-label examples.

    Parameters
    ----------
    split : {"train", "validation", "test"}
    path : str or Path, default=None
        The OPP-115 folder (``None``: ``config.corpus_dir("opp115")``).

    Returns
    -------
    examples : DataFrame
        ``text`` (str, as in the split file) and ``labels`` (list of classes in
        :data:`OPP115_CLASSES` order). Rows keep the order of each text's first appearance.

    Raises
    ------
    FileNotFoundError
        The corpus or the split file is missing.
    CorpusError
        A row is not ``text,label`` or has an unknown label.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from policylens.datasets.opp115 import load_opp115_split
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "splits" / "majority").mkdir(parents=True)
    >>> _ = (root / "splits" / "majority" / "test.csv").write_text(
    ...     "We keep logs for a year.,Data Security\\n"
    ...     "We keep logs for a year.,Data Retention\\n"
    ...     "Contact us.,Privacy contact information\\n")
    >>> load_opp115_split("test", root).values.tolist()
    [['We keep logs for a year.', ['Data Retention', 'Data Security']], ['Contact us.', ['Privacy contact information']]]
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    file = _root(path) / "splits" / "majority" / f"{split}.csv"
    if not file.is_file():
        raise FileNotFoundError(f"{file}: split file missing")
    order = {label: i for i, label in enumerate(OPP115_CLASSES)}
    grouped: dict[str, set[str]] = {}
    with file.open(encoding="utf-8", newline="") as handle:
        for lineno, record in enumerate(csv.reader(handle), start=1):
            if len(record) != 2:
                raise CorpusError(f"{file}:{lineno}: expected 'text,label', got {len(record)} fields")
            text, label = record
            if label not in order:
                raise CorpusError(f"{file}:{lineno}: unknown label {label!r}")
            grouped.setdefault(text, set()).add(label)
    return pd.DataFrame(
        {
            "text": pd.Series(list(grouped), dtype="string"),
            "labels": [sorted(labels, key=order.__getitem__) for labels in grouped.values()],
        }
    )
