"""Policies through every stage: segment -> classify -> extract, plus each one's summary row.

``run(policies)`` is the one way through the stages, for any number of policies: one policy is a
group of one. ``compare`` and ``analyze`` both call it, so a big corpus analysed in parallel gives
exactly the tables ``compare`` builds for a handful of policies.

A group's clauses are classified in one call and its findings built as one table: classification
has a per-call cost (featurising the call's distinct words, one cue-phrase scan, the sparse
products) that dominates for one policy's few hundred clauses, while every clause is scored and
read on its own, so a policy gets the same rows in any group. A document that makes a stage fail
costs only itself: the group is split in halves, down to that document (``isolated``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from policylens.policy import Policy

#: what one policy may raise without stopping the others (``analyze`` records it as a skip)
DOCUMENT_ERRORS = (Exception, RecursionError, MemoryError)

#: what ``run`` gives for one policy: its (clauses, findings), or the exception a stage raised
Outcome = tuple[pd.DataFrame, pd.DataFrame] | BaseException


def run(policies: Sequence[Policy], classifier: Any = None) -> list[Outcome]:
    """(clauses, findings) of each policy, or the exception a stage raised for it.

    ``classifier`` is a fitted ``ClauseClassifier`` (default: the bundled model). The tables of
    a policy do not depend on the others in the group; a policy whose stage fails gets the
    exception in its place and never costs the others theirs.

    Parameters
    ----------
    policies : sequence of Policy
    classifier : ClauseClassifier, default=None

    Returns
    -------
    outcomes : list of (DataFrame, DataFrame) or BaseException
        One per policy, in order: its classified clauses and its findings, or the exception.

    Examples
    --------
    >>> import policylens
    >>> from policylens.pipeline import run
    >>> policy = policylens.load_text("We keep your e-mail address for 2 years.", id="p")
    >>> [(clauses, findings)] = run([policy])
    >>> findings.loc[findings["aspect"] == "retention", "evidence"].tolist()
    ['2 years']
    """
    from policylens.segment import segment

    policies = list(policies)
    outcomes: list[Any] = [None] * len(policies)
    # findings are cut back into policies by id: a group holds each id once
    for group in _distinct_ids(range(len(policies)), [p.id for p in policies]):
        segmented = _each(segment, [policies[i] for i in group])
        ok = [i for i, o in zip(group, segmented, strict=True) if isinstance(o, pd.DataFrame)]
        for i, o in zip(group, segmented, strict=True):
            outcomes[i] = o
        classified = isolated(lambda frames: _classify(frames, classifier),
                              [outcomes[i] for i in ok])
        for i, o in zip(ok, classified, strict=True):
            outcomes[i] = o
        ok = [i for i in ok if isinstance(outcomes[i], pd.DataFrame)]
        found = isolated(_extract, [outcomes[i] for i in ok])
        for i, o in zip(ok, found, strict=True):
            outcomes[i] = o if isinstance(o, BaseException) else (outcomes[i], o)
    return outcomes


def isolated(stage: Callable[[list[Any]], list[Any]], items: list[Any]) -> list[Any]:
    """``stage(items)``, with a failing item isolated from the others.

    One result per item; when ``stage`` raises, each half of ``items`` runs on its own, down to
    the single items whose failure is their own (the exception in their place).

    Parameters
    ----------
    stage : callable
        ``stage(items) -> results``, one result per item.
    items : list

    Returns
    -------
    results : list
        One per item: its result, or the exception its stage raised.

    Examples
    --------
    >>> from policylens.pipeline import isolated
    >>> isolated(lambda xs: [1 / x for x in xs], [1, 0, 4])
    [1.0, ZeroDivisionError('division by zero'), 0.25]
    """
    if not items:
        return []
    try:
        out = list(stage(items))
    except DOCUMENT_ERRORS as exc:
        if len(items) == 1:
            return [exc]
        half = len(items) // 2
        return isolated(stage, items[:half]) + isolated(stage, items[half:])
    if len(out) != len(items):
        raise ValueError(f"a stage gave {len(out)} results for {len(items)} items")
    return out


def _distinct_ids(positions: Sequence[int], ids: list[str]) -> list[list[int]]:
    """``positions`` in order, cut into runs in which no id repeats."""
    groups: list[list[int]] = [[]]
    seen: set[str] = set()
    for i in positions:
        if ids[i] in seen:
            groups.append([])
            seen = set()
        groups[-1].append(i)
        seen.add(ids[i])
    return [g for g in groups if g]


def _each(stage: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """``stage(item)`` per item, or the exception it raised for that item."""
    out: list[Any] = []
    for item in items:
        try:
            out.append(stage(item))
        except DOCUMENT_ERRORS as exc:
            out.append(exc)
    return out


def _classify(frames: list[pd.DataFrame], classifier: Any) -> list[pd.DataFrame]:
    """Each clauses table with its classes, from one ``classify`` of their concatenation."""
    from policylens.classify import classify

    filled = [f for f in frames if len(f)]
    if not filled:  # (``classify`` of an empty table adds typed empty columns)
        return [classify(f, model=classifier) for f in frames]
    classified = classify(pd.concat(filled, ignore_index=True), model=classifier)
    out, start = [], 0
    for frame in frames:
        end = start + len(frame)
        out.append(classified.iloc[start:end].reset_index(drop=True))
        start = end
    return out


def _extract(frames: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """Each clauses table's findings, from one ``extract`` of their concatenation: findings come
    in clause order, so each table's rows are the run of its policy id (one id per table)."""
    from policylens.extract import extract
    from policylens.schema import FINDING_COLUMNS, empty_frame

    findings = extract(pd.concat(frames, ignore_index=True))
    if len(frames) == 1:
        return [findings]
    ids = [str(f["policy"].iloc[0]) if len(f) else None for f in frames]
    codes = pd.Categorical(findings["policy"], categories=[i for i in ids if i is not None]).codes
    if (codes < 0).any() or (np.diff(codes) < 0).any():
        raise ValueError("findings out of their tables' order (a table with several policy ids?)")
    bounds = np.searchsorted(codes, np.arange(len(ids) + 1))
    out, k = [], 0
    for pid in ids:
        lo, hi = (bounds[k], bounds[k + 1]) if pid is not None else (0, 0)
        k += pid is not None
        out.append(findings.iloc[lo:hi].reset_index(drop=True) if hi > lo
                   else empty_frame(FINDING_COLUMNS))
    return out


#: the findings columns ``policy_facts`` reads, and ``policy`` (whose rows are this policy's)
FACT_COLUMNS = ("policy", "aspect", "value", "rule", "evidence", "number", "role", "scope")


def policy_row(policy: Policy, clauses: pd.DataFrame, findings: pd.DataFrame) -> dict[str, Any]:
    """The per-policy facts row (a row of ``compare().policies`` / ``policies.parquet``).

    Keys and types: ``policylens.schema.POLICY_COLUMNS``. Values are typed as they are decided
    (``policylens.extract.facts.policy_facts``): str, int, float, ``bool | None`` (None: the
    policy does not say), lists of str; no value is ever re-parsed. ``policies_table`` makes the
    table of such rows.

    Parameters
    ----------
    policy : Policy
    clauses : DataFrame
        Its classified clauses.
    findings : DataFrame
        Its findings.

    Returns
    -------
    row : dict

    Examples
    --------
    >>> import policylens
    >>> from policylens.pipeline import policy_row, run
    >>> policy = policylens.load_text("We do not sell your personal information.", id="p")
    >>> [tables] = run([policy])
    >>> row = policy_row(policy, *tables)
    >>> row["sells_data"], row["has_dpo"], row["contact_emails"]
    (False, None, [])
    """
    from policylens.extract.facts import policy_facts

    # only the columns the facts are read from (converting the others cost as much again)
    rows = records(findings[[c for c in FACT_COLUMNS if c in findings.columns]])
    if "policy" in findings.columns:
        pid = policy.id
        rows = [r for r in rows if r["policy"] == pid]  # NA (None) is nobody's, as in pandas
    facts: dict[str, Any] = policy_facts(rows)
    return {
        "policy": policy.id,
        "name": policy.name,
        "source": policy.source,
        "format": policy.format,
        "language": policy.language,
        "organisation": policy.organisation,
        "product": policy.product,
        "sha256": policy.sha256,
        "n_chars": len(policy.text),
        "n_clauses": len(clauses),
        "n_findings": len(rows),
        "last_updated": facts["last_updated"],
        "sells_data": facts["sells_data"],
        "shares_for_ads": facts["shares_for_ads"],
        "breach_notice_hours": facts["breach_notice_hours"],
        "response_days": facts["response_days"],
        "has_dpo": facts["has_dpo"],
        "min_child_age": facts["min_child_age"],
        "contact_emails": facts["contact_emails"],
        "third_party_services": facts["third_party_services"],
    }


def policies_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The ``policies`` table of ``policy_row`` dicts.

    ``POLICY_COLUMNS`` in order with their dtypes (a column ``policy``, one row per dict). Keys a
    row lacks are missing values, except the counts ``n_chars``, ``n_clauses`` and
    ``n_findings`` (``int64``), which every row gives.

    ``analyze`` writes this frame to Parquet; ``compare`` indexes it by ``policy``.

    Parameters
    ----------
    rows : list of dict
        ``policy_row`` dicts.

    Returns
    -------
    policies : DataFrame

    Examples
    --------
    >>> from policylens.pipeline import policies_table
    >>> counts = {"n_chars": 120, "n_clauses": 3, "n_findings": 2}
    >>> table = policies_table([{"policy": "p", **counts, "sells_data": None, "min_child_age": 13}])
    >>> table.loc[0, "min_child_age"], table["sells_data"].dtype.name
    (np.int64(13), 'boolean')
    """
    from policylens.schema import POLICY_COLUMNS

    columns = {}
    for name, (dtype, _) in POLICY_COLUMNS.items():
        values = [row.get(name) for row in rows]
        if dtype == "object":  # lists: one object per row (never spread into a 2-D array)
            cells = np.empty(len(values), dtype=object)
            for i, value in enumerate(values):
                cells[i] = [] if value is None else value
            columns[name] = pd.Series(cells, dtype=object)
        else:
            columns[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(columns)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts, every missing value as None.

    That is ``frame.to_dict("records")`` with NaN, ``pd.NA`` and None all None.

    Each column is converted once (``Series.to_numpy(dtype=object, na_value=None)``) instead of
    boxing value by value.

    Parameters
    ----------
    frame : DataFrame

    Returns
    -------
    records : list of dict

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.pipeline import records
    >>> records(pd.DataFrame({"value": pd.array(["13", None], dtype="string")}))
    [{'value': '13'}, {'value': None}]
    """
    names = frame.columns.tolist()
    if not names:
        return [{} for _ in range(len(frame))]
    columns = [frame.iloc[:, i].to_numpy(dtype=object, na_value=None).tolist()
               for i in range(len(names))]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
