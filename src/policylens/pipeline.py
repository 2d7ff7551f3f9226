"""One policy through every stage: segment -> classify -> extract, plus its one-row summary.

``compare`` and ``analyze`` both call ``run_policy`` so that a big corpus analysed in parallel
gives exactly the tables ``compare`` builds for a handful of policies.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from policylens.policy import Policy


def run_policy(policy: Policy, classifier: Any = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(clauses, findings) for one policy; ``classifier`` defaults to the bundled model."""
    from policylens.classify import classify
    from policylens.extract import extract
    from policylens.segment import segment

    clauses = segment(policy)
    clauses = classify(clauses, model=classifier)
    findings = extract(clauses)
    return clauses, findings


#: what one policy may raise without stopping the others (``analyze`` records it as a skip)
DOCUMENT_ERRORS = (Exception, RecursionError, MemoryError)

#: what ``run_policies`` gives for one policy: its (clauses, findings), or what a stage raised
Outcome = tuple[pd.DataFrame, pd.DataFrame] | BaseException


def run_policies(policies: Sequence[Policy], classifier: Any = None) -> list[Outcome]:
    """``run_policy`` of each policy (the same tables), classifying their clauses in one call.

    Classification has a per-call cost (featurising the call's distinct words, one cue-phrase
    scan, the sparse products) that dominates for one policy's few hundred clauses, and every
    clause is scored on its own, so scoring several policies' clauses together gives each the
    same numbers faster (``classify`` of their concatenation); findings likewise share one table
    (``extract.extract_many``). A policy whose stage fails gets the exception in its place and
    never costs the others theirs: when a shared call fails, each policy is run through that
    stage on its own again to find the one that fails.
    """
    from policylens.classify import classify
    from policylens.extract import extract, extract_many
    from policylens.segment import segment

    outcomes: list[Any] = _each(segment, policies)
    segmented = [i for i, o in enumerate(outcomes) if isinstance(o, pd.DataFrame)]
    classified = _shared_or_each(lambda frames: _split(classify(pd.concat(frames), model=classifier), frames),
                                 lambda frame: classify(frame, model=classifier),
                                 [outcomes[i] for i in segmented])
    for i, clauses in zip(segmented, classified, strict=True):
        outcomes[i] = clauses
    ok = [i for i in segmented if isinstance(outcomes[i], pd.DataFrame)]
    found = _shared_or_each(extract_many, extract, [outcomes[i] for i in ok])
    for i, findings in zip(ok, found, strict=True):
        outcomes[i] = findings if isinstance(findings, BaseException) else (outcomes[i], findings)
    return outcomes


def _split(together: pd.DataFrame, frames: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """``together`` (the frames' rows one after another) cut back into one frame per frame."""
    out, start = [], 0
    for frame in frames:
        out.append(together.iloc[start:start + len(frame)].copy())
        start += len(frame)
    return out


def _each(stage: Any, items: Sequence[Any]) -> list[Any]:
    """``stage(item)`` per item, or the exception it raised for that item."""
    out: list[Any] = []
    for item in items:
        try:
            out.append(stage(item))
        except DOCUMENT_ERRORS as exc:
            out.append(exc)
    return out


def _shared_or_each(shared: Any, stage: Any, items: list[Any]) -> list[Any]:
    """``shared(items)`` (one result per item); when it fails, ``stage`` per item (``_each``), so
    that only the item that fails loses its result."""
    try:
        return list(shared(items))
    except DOCUMENT_ERRORS:
        return _each(stage, items)


#: ``analyze`` runs several loaded policies at once through a pipeline's ``many`` when it has one
run_policy.many = run_policies  # type: ignore[attr-defined]


#: the findings columns ``policy_facts`` reads, and ``policy`` (whose rows are this policy's)
FACT_COLUMNS = ("policy", "aspect", "value", "rule", "evidence", "number", "role")


def policy_row(policy: Policy, clauses: pd.DataFrame, findings: pd.DataFrame) -> dict[str, Any]:
    """The per-policy facts row (a row of ``compare().policies`` / ``policies.parquet``).

    Keys and types: ``policylens.schema.POLICY_COLUMNS``. Values are typed as they are decided
    (``policylens.extract.facts.policy_facts``): str, int, float, ``bool | None`` (None: the
    policy does not say), lists of str; no value is ever re-parsed. ``policies_table`` makes the
    table of such rows.

    Examples
    --------
    >>> import policylens
    >>> from policylens.pipeline import policy_row, run_policy
    >>> policy = policylens.load_text("We do not sell your personal information.", id="p")
    >>> row = policy_row(policy, *run_policy(policy))
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
    """The ``policies`` table of ``policy_row`` dicts: ``POLICY_COLUMNS`` in order with their
    dtypes (a column ``policy``, one row per dict; keys a row lacks are missing values).

    ``analyze`` writes this frame to Parquet; ``compare`` indexes it by ``policy``.

    Examples
    --------
    >>> from policylens.pipeline import policies_table
    >>> table = policies_table([{"policy": "p", "sells_data": None, "min_child_age": 13}])
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
    """The rows of ``frame`` as dicts: ``frame.to_dict("records")`` with every missing value
    (NaN, ``pd.NA``, None) as None.

    Each column is converted once (``Series.to_numpy(dtype=object, na_value=None)``) instead of
    boxing value by value.

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
