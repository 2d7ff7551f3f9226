"""Data-practice tables of a findings table (pure functions; ``ComparisonReport`` exposes them).

- :func:`category_matrix`: policy x category bool matrix of the categories a policy says it
  collects, discloses (for a business purpose) or sells/shares, in the policylens scheme
  (``vocab_practices.yaml`` category ids) or the CCPA scheme (the 11 statutory ids + ``sensitive``).
- :func:`value_matrix`: policy x id bool matrix of purposes, recipients or sources.
- :func:`data_flows`: tidy table of category -> purpose / recipient links stated in one clause.

A cell is True when the policy affirms the practice somewhere (denials never set a cell; a
policy that states nothing, or only denials, has an all-False row). "The categories listed
above" (value ``listed_categories``) and a disclosure or sale of "personal information" in
general (value ``personal_information``, only when the policy names no category for that
context) stand for the categories the policy says it collects.
Disclosing or selling a category implies collecting it, so the collected matrix includes them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from policylens.extract.practices import AFFIRMED, GENERIC, LISTED
from policylens.extract.practices_vocab import CCPA_CATEGORIES, category_map, ids

CONTEXTS = {"collected": "data_collected", "disclosed": "data_disclosed", "sold_shared": "data_sold_shared"}
SCHEMES = ("policylens", "ccpa")
VALUE_ASPECTS = {"purposes": "purpose", "recipients": "recipient", "data_sources": "data_source"}
_VOCAB_OF = {"purpose": "purposes", "recipient": "recipients", "data_source": "sources"}

FLOW_COLUMNS = ["policy", "data_category", "context", "purpose", "recipient", "polarity", "clause_id", "evidence"]


def _affirmed(findings: pd.DataFrame, aspect: str) -> pd.DataFrame:
    f = findings[(findings["aspect"] == aspect) & (findings["polarity"] == AFFIRMED)]
    return f[["policy", "value"]]


def category_sets(findings: pd.DataFrame, context: str = "collected") -> dict[str, set[str]]:
    """For each policy, the policylens category ids it affirms for ``context``.

    Disclosing or selling a category implies collecting it; "the categories listed above" and
    "personal information" in general stand for the categories the policy says it collects.

    Parameters
    ----------
    findings : DataFrame
        With columns ``policy``, ``aspect``, ``value``, ``polarity``.
    context : {"collected", "disclosed", "sold_shared"}, default="collected"

    Returns
    -------
    sets : dict of str to set of str
        Only policies with an affirmed data-practice finding are keys.

    Raises
    ------
    ValueError
        An unknown ``context``.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.practices import category_sets
    >>> findings = pd.DataFrame({"policy": ["acme", "acme", "acme"],
    ...                          "aspect": ["data_collected", "data_disclosed", "data_collected"],
    ...                          "value": ["contact", "precise_location", "name"],
    ...                          "polarity": ["affirmed", "affirmed", "denied"]})
    >>> {policy: sorted(ids) for policy, ids in category_sets(findings).items()}
    {'acme': ['contact', 'precise_location']}
    >>> category_sets(findings, "disclosed")
    {'acme': {'precise_location'}}
    """
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {tuple(CONTEXTS)}, got {context!r}")
    known = category_map()
    sets: dict[str, dict[str, set[str]]] = {}
    for ctx, aspect in CONTEXTS.items():
        for policy, value in _affirmed(findings, aspect).itertuples(index=False):
            sets.setdefault(str(policy), {}).setdefault(ctx, set()).add(str(value))
    out: dict[str, set[str]] = {}
    for policy, by_ctx in sets.items():
        collected = {v for c in CONTEXTS for v in by_ctx.get(c, set()) if v in known}
        wanted = collected if context == "collected" else {v for v in by_ctx.get(context, set()) if v in known}
        stated = by_ctx.get(context, set())
        # "the categories above": all of them; "personal information" in general only when the
        # policy names no category for the context itself (a table row per category is finer)
        if context != "collected" and (LISTED in stated or (GENERIC in stated and not wanted)):
            wanted |= collected
        out[policy] = wanted
    return out


def category_matrix(findings: pd.DataFrame, policies: Sequence[str], context: str = "collected",
                    scheme: str = "policylens") -> pd.DataFrame:
    """Bool matrix policy x category for one context.

    Parameters
    ----------
    findings : DataFrame
    policies : sequence of str
        The policy ids, the rows in this order.
    context : {"collected", "disclosed", "sold_shared"}, default="collected"
    scheme : {"policylens", "ccpa"}, default="policylens"
        The category ids: ``vocab_practices.yaml``'s, or the 11 CCPA statutory ids +
        ``sensitive``.

    Returns
    -------
    matrix : DataFrame of bool

    Examples
    --------
    >>> f = pd.DataFrame({"policy": ["a", "a"], "aspect": ["data_collected", "data_sold_shared"],
    ...                   "value": ["precise_location", "personal_information"],
    ...                   "polarity": ["affirmed", "denied"]})
    >>> m = category_matrix(f, ["a", "b"], "collected", "ccpa")
    >>> m.loc["a", ["geolocation", "sensitive", "identifiers"]].tolist(), bool(m.loc["b"].any())
    ([True, True, False], False)
    """
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {SCHEMES}, got {scheme!r}")
    sets = category_sets(findings, context)
    cats = category_map()
    if scheme == "policylens":
        columns = ids("categories")
        rows = [[c in sets.get(p, set()) for c in columns] for p in policies]
    else:
        columns = [*CCPA_CATEGORIES, "sensitive"]
        rows = []
        for p in policies:
            got = sets.get(p, set())
            ccpa = {cats[c].ccpa for c in got}
            rows.append([c in ccpa for c in CCPA_CATEGORIES] + [any(cats[c].ccpa_sensitive for c in got)])
    frame = pd.DataFrame(rows, index=pd.Index(list(policies), name="policy"), columns=columns, dtype=bool)
    frame.columns.name = "data_category" if scheme == "policylens" else "ccpa_category"
    return frame


def ccpa_wide(findings: pd.DataFrame, policies: Sequence[str]) -> pd.DataFrame:
    """Policy x '<context>:<CCPA id>' bool matrix: the three CCPA-scheme matrices side by side.

    Parameters
    ----------
    findings : DataFrame
    policies : sequence of str

    Returns
    -------
    matrix : DataFrame of bool
        Columns ``collected:identifiers`` ... ``sold_shared:sensitive``.

    Examples
    --------
    >>> f = pd.DataFrame({"policy": ["a"], "aspect": ["data_collected"], "value": ["gps"],
    ...                   "polarity": ["affirmed"]})
    >>> ccpa_wide(f, ["a"]).shape
    (1, 36)
    """
    parts = []
    for context in CONTEXTS:
        m = category_matrix(findings, policies, context, "ccpa")
        parts.append(m.set_axis([f"{context}:{c}" for c in m.columns], axis=1))
    out = pd.concat(parts, axis=1)
    out.columns.name = "ccpa_category"
    return out


def value_matrix(findings: pd.DataFrame, policies: Sequence[str], aspect: str) -> pd.DataFrame:
    """Bool matrix policy x id of the affirmed ``purpose``, ``recipient`` or ``data_source`` values.

    Parameters
    ----------
    findings : DataFrame
    policies : sequence of str
    aspect : {"purpose", "recipient", "data_source"}

    Returns
    -------
    matrix : DataFrame of bool
        Every vocabulary id is a column, in vocabulary order.

    Examples
    --------
    >>> f = pd.DataFrame({"policy": ["a"], "aspect": ["purpose"], "value": ["ai_training"],
    ...                   "polarity": ["affirmed"]})
    >>> bool(value_matrix(f, ["a"], "purpose").loc["a", "ai_training"])
    True
    """
    columns = ids(_VOCAB_OF[aspect])
    got: dict[str, set[str]] = {}
    for policy, value in _affirmed(findings, aspect).itertuples(index=False):
        got.setdefault(str(policy), set()).add(str(value))
    rows = [[c in got.get(p, set()) for c in columns] for p in policies]
    frame = pd.DataFrame(rows, index=pd.Index(list(policies), name="policy"), columns=columns, dtype=bool)
    frame.columns.name = aspect
    return frame


def data_flows(findings: pd.DataFrame) -> pd.DataFrame:
    """One row per (category, purpose, recipient) a single clause states together.

    A clause (sentence, list item or table row) that names a data category in a context and a
    purpose and/or a recipient ties them; missing partners are <NA>.

    Parameters
    ----------
    findings : DataFrame

    Returns
    -------
    flows : DataFrame
        Columns :data:`FLOW_COLUMNS`.

    Examples
    --------
    >>> f = pd.DataFrame({"policy": ["a", "a"], "clause_id": [3, 3],
    ...     "aspect": ["data_disclosed", "recipient"], "value": ["precise_location", "advertisers"],
    ...     "polarity": ["affirmed", "affirmed"], "evidence": ["precise location", "advertisers"]})
    >>> data_flows(f)[["data_category", "recipient", "context"]].values.tolist()
    [['precise_location', 'advertisers', 'disclosed']]
    """
    if findings.empty:
        return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "clause_id" else "string") for c in FLOW_COLUMNS})
    context_of = {a: c for c, a in CONTEXTS.items()}
    f = findings[findings["aspect"].isin([*CONTEXTS.values(), "purpose", "recipient"])]
    rows = []
    for (policy, clause_id), g in f.groupby(["policy", "clause_id"], sort=False):
        cats = g[g["aspect"].isin(CONTEXTS.values()) & g["value"].isin(category_map())]
        if cats.empty:
            continue
        purposes = sorted(set(g.loc[g["aspect"] == "purpose", "value"]))
        recipients = sorted(set(g.loc[g["aspect"] == "recipient", "value"]))
        if not purposes and not recipients:
            continue
        purposes = purposes or [pd.NA]
        recipients = recipients or [pd.NA]
        seen = set()
        for r in cats.itertuples(index=False):
            for purpose in purposes:
                for recipient in recipients:
                    key = (r.value, r.aspect, purpose, recipient, r.polarity)
                    if key in seen:
                        continue
                    seen.add(key)
                    rows.append({"policy": policy, "data_category": r.value, "context": context_of[r.aspect],
                                 "purpose": purpose, "recipient": recipient, "polarity": r.polarity,
                                 "clause_id": clause_id, "evidence": r.evidence})
    out = pd.DataFrame(rows, columns=FLOW_COLUMNS)
    for c in FLOW_COLUMNS:
        out[c] = out[c].astype("Int64" if c == "clause_id" else "string")
    return out.reset_index(drop=True)
