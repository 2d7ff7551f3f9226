"""Pure tables of a comparison: functions from the base tables (policies, clauses, findings) to
the matrices and views a report shows. No state, no rendering; the report object caches them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from policylens.report.formatting import format_period

#: matrix attribute -> findings aspect (and vocabulary aspect)
MATRIX_ASPECTS: dict[str, str] = {
    "rights": "right",
    "transfers": "transfer_mechanism",
    "legal_bases": "legal_basis",
    "laws": "law",
}

RETENTION_COLUMNS = ["policy", "data_category", "min_days", "max_days", "condition", "value",
                     "section", "clause_id", "start", "end", "evidence"]



def aspect_matrix(findings: pd.DataFrame, aspect: str, ids: Sequence[str],
                  policies: Sequence[str]) -> pd.DataFrame:
    """Bool matrix of one aspect: True where the policy has a finding with that value.

    Parameters
    ----------
    findings : DataFrame
        With columns ``policy``, ``aspect`` and ``value``.
    aspect : str
        The findings aspect (``right``, ``law`` ...).
    ids : sequence of str
        The vocabulary's ids, always columns, in this order.
    policies : sequence of str
        The policy ids, the rows in this order.

    Returns
    -------
    matrix : DataFrame of bool
        Index = ``policies``; columns = ``ids`` then any other value of ``aspect`` found (sorted).

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.tables import aspect_matrix
    >>> findings = pd.DataFrame({"policy": ["a", "a", "b"], "aspect": ["right", "law", "right"],
    ...                          "value": ["erasure", "gdpr", "portability"]})
    >>> aspect_matrix(findings, "right", ["access", "erasure"], ["a", "b"])
    right   access  erasure  portability
    policy
    a        False     True        False
    b        False    False         True
    """
    sub = findings.loc[(findings["aspect"] == aspect) & findings["value"].notna(), ["policy", "value"]]
    sub = sub[sub["value"] != ""]
    extra = sorted(set(sub["value"]) - set(ids))
    columns = pd.Index([*ids, *extra], name=aspect, dtype="object")
    index = pd.Index(list(policies), name="policy", dtype="string")
    present = set(zip(sub["policy"], sub["value"], strict=True))
    data = [[(p, c) in present for c in columns] for p in index]
    return pd.DataFrame(data, index=index, columns=columns, dtype=bool)


def children_table(findings: pd.DataFrame, policies: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Per-policy age thresholds and the duties stated for children.

    Parameters
    ----------
    findings : DataFrame
        The findings table (``child_age`` rows give ``number`` and ``role``; ``law`` rows in the
        same clause are the laws cited for an age).
    policies : DataFrame
        The policies table, index = policy id, with ``min_child_age``.
    ids : sequence of str
        The policy ids, the rows in this order.

    Returns
    -------
    children : DataFrame
        Index = policy id. ``min_age`` (nullable integer), ``ages_mentioned`` (sorted list),
        ``laws`` cited in the clauses that state an age, ``parental_consent`` and
        ``deletes_on_discovery`` (nullable booleans: True when the policy says so, <NA> when it
        does not: unknown, not no).

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.tables import children_table
    >>> findings = pd.DataFrame({"policy": ["a", "a", "a"], "clause_id": [3, 3, 4],
    ...                          "aspect": ["child_age", "law", "child_age"], "value": ["13", "coppa", "16"],
    ...                          "number": [13, None, 16], "role": ["minimum_age", None, "parental_consent"]})
    >>> policies = pd.DataFrame({"min_child_age": pd.array([13, None], dtype="Int64")}, index=["a", "b"])
    >>> children_table(findings, policies, ["a", "b"])
            min_age ages_mentioned     laws  parental_consent  deletes_on_discovery
    policy
    a            13       [13, 16]  [coppa]              True                  <NA>
    b          <NA>             []       []              <NA>                  <NA>
    """
    ages = findings[findings["aspect"] == "child_age"]
    age_clauses = set(zip(ages["policy"], ages["clause_id"], strict=True))
    laws = findings[findings["aspect"] == "law"]
    in_age_clause = [(p, c) in age_clauses for p, c in zip(laws["policy"], laws["clause_id"], strict=True)]
    laws = laws[pd.Series(in_age_clause, index=laws.index, dtype=bool)]
    rows = []
    for pid in ids:
        mine = ages[ages["policy"] == pid]
        numbers = sorted({int(n) for n in mine["number"].dropna()})
        rows.append({
            "policy": pid,
            "min_age": policies.at[pid, "min_child_age"] if pid in policies.index else pd.NA,
            "ages_mentioned": numbers,
            "laws": sorted(set(laws.loc[laws["policy"] == pid, "value"])),
            "parental_consent": True if (mine["role"] == "parental_consent").any() else pd.NA,
            "deletes_on_discovery": True if (mine["role"] == "deletion_on_discovery").any() else pd.NA,
        })
    frame = pd.DataFrame(rows, columns=["policy", "min_age", "ages_mentioned", "laws",
                                        "parental_consent", "deletes_on_discovery"])
    frame["min_age"] = pd.to_numeric(frame["min_age"], errors="coerce").astype("Int64")
    frame["parental_consent"] = frame["parental_consent"].astype("boolean")
    frame["deletes_on_discovery"] = frame["deletes_on_discovery"].astype("boolean")
    frame = frame.set_index("policy")
    frame.index = frame.index.astype("string")
    return frame


def taxonomy_categories() -> list[str]:
    """Taxonomy category ids in taxonomy order ([] until the taxonomy module exists).

    Returns
    -------
    categories : list of str

    Examples
    --------
    >>> from policylens.report.tables import taxonomy_categories
    >>> categories = taxonomy_categories()
    >>> categories[:3], "children" in categories
    (['introductory', 'collection', 'use'], True)
    """
    try:
        from policylens.taxonomy import categories
    except ImportError:
        return []
    return [c if isinstance(c, str) else getattr(c, "id", str(c)) for c in categories()]


def _parent(category: str) -> str:
    from policylens.taxonomy import parent

    try:
        return parent(category)
    except KeyError:
        return category


def coverage_table(clauses: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Policy x taxonomy category: number of clauses whose primary category it is.

    A sub-category id counts for its top-level category.

    Parameters
    ----------
    clauses : DataFrame
        With columns ``policy`` and ``category``.
    ids : sequence of str
        The policy ids, the rows in this order.

    Returns
    -------
    coverage : DataFrame of int64
        Every taxonomy category is a column, in taxonomy order, then any other category found.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.tables import coverage_table
    >>> clauses = pd.DataFrame({"policy": ["a", "a", "b"], "category": ["retention", "retention", "children"]})
    >>> coverage_table(clauses, ["a", "b"])[["retention", "children", "collection"]]
    category  retention  children  collection
    policy
    a                 2         0           0
    b                 0         1           0
    """
    known = taxonomy_categories()
    if "category" in clauses.columns:
        cats = clauses.loc[clauses["category"].notna(), ["policy", "category"]]
        cats = cats[cats["category"] != ""]
    else:
        cats = pd.DataFrame({"policy": [], "category": []})
    if len(cats) and known:
        # sub-category ids count for their top-level category
        cats = cats.assign(category=cats["category"].map(lambda c: c if c in known else _parent(c)))
    extra = sorted(set(cats["category"]) - set(known))
    counts = pd.crosstab(cats["policy"], cats["category"]) if len(cats) else pd.DataFrame()
    columns = pd.Index([*known, *extra], name="category", dtype="object")
    out = counts.reindex(index=list(ids), columns=columns, fill_value=0).fillna(0).astype("int64")
    out.index = pd.Index(list(ids), name="policy", dtype="string")
    return out


def in_policy_order(frame: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    """Rows sorted by the position of their policy in ``ids``, then by ``start`` and ``end``.

    Parameters
    ----------
    frame : DataFrame
        With columns ``policy``, ``start`` and ``end``.
    ids : sequence of str
        The policy ids in report order.

    Returns
    -------
    sorted : DataFrame
        The same rows (and index), stably sorted.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.tables import in_policy_order
    >>> frame = pd.DataFrame({"policy": ["a", "b", "a"], "start": [40, 0, 10], "end": [50, 5, 20]})
    >>> in_policy_order(frame, ["b", "a"])["start"].tolist()
    [0, 10, 40]
    """
    order = {p: i for i, p in enumerate(ids)}
    key = frame["policy"].map(order)
    return frame.assign(_order=key).sort_values(["_order", "start", "end"], kind="stable").drop(
        columns="_order")


def retention_by_category(retention: pd.DataFrame, policy: str) -> dict[str, str]:
    """One policy's retention periods as text, per data category.

    Parameters
    ----------
    retention : DataFrame
        ``report.retention``: ``policy``, ``data_category``, ``min_days``, ``max_days``,
        ``condition``.
    policy : str
        The policy id.

    Returns
    -------
    periods : dict of str to str
        Lower-cased data category (``(unspecified)`` when none) -> its distinct periods, sorted
        and joined with ``"; "``.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.tables import retention_by_category
    >>> retention = pd.DataFrame({"policy": ["a", "a", "a"], "data_category": ["Logs", "logs", ""],
    ...                           "min_days": [30, 730, None], "max_days": [30, 730, None],
    ...                           "condition": ["", "", "as long as necessary"]})
    >>> retention_by_category(retention, "a")
    {'logs': '2 years; 30 days', '(unspecified)': 'as long as necessary'}
    """
    mine = retention[retention["policy"] == policy]
    out: dict[str, list[str]] = {}
    for category, lo, hi, cond in zip(mine["data_category"], mine["min_days"], mine["max_days"],
                                      mine["condition"], strict=True):
        key = (category if isinstance(category, str) and category else "(unspecified)").strip().lower()
        period = format_period(lo, hi, cond)
        if period and period not in out.setdefault(key, []):
            out[key].append(period)
    return {k: "; ".join(sorted(v)) for k, v in out.items()}


def same_value(a: Any, b: Any) -> bool:
    """Whether two cells of the diff are the same, treating every missing value alike.

    Parameters
    ----------
    a, b : object
        Scalars, lists or missing values (``None``, ``pd.NA``, NaN).

    Returns
    -------
    same : bool

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.tables import same_value
    >>> same_value(None, pd.NA), same_value(13, pd.NA), same_value([13], (13,))
    (True, False, True)
    """
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        return list(a) == list(b)
    na_a, na_b = a is pd.NA or a is None or (isinstance(a, float) and a != a), \
        b is pd.NA or b is None or (isinstance(b, float) and b != b)
    if na_a or na_b:
        return na_a and na_b
    return bool(a == b)


def plain_python(value: Any) -> Any:
    """A plain Python value for the diff table (no numpy scalars; NA stays NA).

    Parameters
    ----------
    value : object

    Returns
    -------
    value : object
        A list for a list or tuple, the Python scalar for a numpy scalar, else ``value``.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from policylens.report.tables import plain_python
    >>> plain_python(np.int64(13)), plain_python(("gdpr",)), plain_python(pd.NA)
    (13, ['gdpr'], <NA>)
    """
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "item"):
        return value.item()
    return value



# --------------------------------------------------------------------------------------------
# evidence


def findings_with_context(findings: pd.DataFrame, clauses: pd.DataFrame) -> pd.DataFrame:
    """The findings table plus ``context``: the sentence (clause) each finding lies in.

    So the matched span is never read without its sentence. A finding whose clause is missing
    gets its own evidence as context.

    Parameters
    ----------
    findings : DataFrame
        With ``policy``, ``clause_id`` and ``evidence``.
    clauses : DataFrame
        With ``policy``, ``clause_id`` and ``text``.

    Returns
    -------
    findings : DataFrame
        A copy with ``context`` after ``evidence`` (``findings`` itself when it already has one).

    Examples
    --------
    >>> f = pd.DataFrame({"policy": ["p"], "clause_id": [0], "evidence": ["delete"]})
    >>> c = pd.DataFrame({"policy": ["p"], "clause_id": [0], "text": ["You may ask us to delete it."]})
    >>> findings_with_context(f, c)["context"].tolist()
    ['You may ask us to delete it.']
    """
    if "context" in findings.columns:
        return findings
    text = {(p, int(c)): t for p, c, t in zip(clauses["policy"], clauses["clause_id"], clauses["text"],
                                             strict=True)}
    context = [text.get((p, int(c)), e) for p, c, e in zip(findings["policy"], findings["clause_id"],
                                                           findings["evidence"], strict=True)]
    out = findings.copy()
    position = list(out.columns).index("evidence") + 1 if "evidence" in out.columns else len(out.columns)
    out.insert(position, "context", pd.array(context, dtype="string"))
    return out


def evidence_clauses(findings: pd.DataFrame, clauses: pd.DataFrame) -> pd.DataFrame:
    """The clauses some finding lies in: what an evidence section quotes, each once.

    Parameters
    ----------
    findings : DataFrame
        With columns ``policy`` and ``clause_id``.
    clauses : DataFrame
        With columns ``policy``, ``clause_id``, ``section``, ``text``, ``start``.

    Returns
    -------
    clauses : DataFrame
        ``policy``, ``clause_id``, ``section``, ``text``, ``start``, in the clauses' order.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.tables import evidence_clauses
    >>> clauses = pd.DataFrame({"policy": ["a", "a"], "clause_id": [0, 1], "section": ["", ""],
    ...                         "text": ["We sell nothing.", "You may ask for a copy."], "start": [0, 17]})
    >>> findings = pd.DataFrame({"policy": ["a", "a"], "clause_id": [1, 1]})
    >>> evidence_clauses(findings, clauses)["text"].tolist()
    ['You may ask for a copy.']
    """
    keys = set(zip(findings["policy"], findings["clause_id"].astype("int64"), strict=True))
    mask = [(p, int(c)) in keys for p, c in zip(clauses["policy"], clauses["clause_id"], strict=True)]
    columns = ["policy", "clause_id", "section", "text", "start"]
    return clauses.loc[pd.Series(mask, index=clauses.index, dtype=bool), columns].reset_index(drop=True)


def analysed_mask(policies: pd.DataFrame) -> pd.Series:
    """True for policies the English rules could analyse.

    Parameters
    ----------
    policies : DataFrame
        The policies table (its ``language`` column, if any, is read).

    Returns
    -------
    analysed : Series of bool
        True when there is no ``language`` column, the language is unknown, or English.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.tables import analysed_mask
    >>> policies = pd.DataFrame({"language": pd.array(["en", "de", None], dtype="string")},
    ...                         index=["a", "b", "c"])
    >>> analysed_mask(policies).tolist()
    [True, False, True]
    """
    if "language" not in policies.columns:
        return pd.Series(True, index=policies.index, dtype=bool)
    language = policies["language"].astype("string").str.lower()
    return (language.isna() | (language == "") | language.str.startswith("en")).fillna(True).astype(bool)


#: the findings role that marks both sides of a fact a policy affirms and denies (the value of
#: ``policylens.extract.facts.CONFLICT``, which sets it)
CONFLICT_ROLE = "conflict"


def conflict_table(findings: pd.DataFrame) -> pd.DataFrame:
    """The statements of facts a policy both affirms and denies (findings with ``role`` "conflict").

    Columns ``policy``, ``fact``, ``says`` (bool), ``section``, ``evidence``, ``context``,
    ``start``, ``end``, in findings order.

    Parameters
    ----------
    findings : DataFrame

    Returns
    -------
    conflicts : DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> findings = pd.DataFrame({"policy": ["a", "a", "a"], "aspect": ["sells_data", "sells_data", "right"],
    ...     "value": ["true", "false", "access"], "role": ["conflict", "conflict", ""],
    ...     "section": ["", "", ""], "evidence": ["sold", "do not sell", "access"],
    ...     "context": ["We sold it.", "We do not sell it.", "You may access it."],
    ...     "start": [0, 12, 31], "end": [4, 23, 37]})
    >>> conflict_table(findings)[["policy", "fact", "says", "evidence"]]
      policy        fact   says     evidence
    0      a  sells_data   True         sold
    1      a  sells_data  False  do not sell
    """
    columns = ["policy", "fact", "says", "section", "evidence", "context", "start", "end"]
    if not len(findings) or "role" not in findings.columns:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    rows = findings[(findings["role"] == CONFLICT_ROLE).fillna(False)]
    out = pd.DataFrame({
        "policy": rows["policy"].astype("string"),
        "fact": rows["aspect"].astype("string"),
        "says": rows["value"].eq("true").astype("boolean"),
        "section": rows["section"] if "section" in rows.columns else "",
        "evidence": rows["evidence"],
        "context": rows["context"] if "context" in rows.columns else rows["evidence"],
        "start": rows["start"],
        "end": rows["end"],
    })
    return out.reset_index(drop=True)[columns]
