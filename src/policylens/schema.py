"""The two tidy tables that carry everything between stages, and their documented columns.

``segment`` produces the *clauses* table; ``classify`` adds three columns to it; ``extract``
produces the *findings* table. ``compare`` and ``analyze`` only read these tables, so their column
names and dtypes are the contract between modules (and the Parquet schema of ``analyze``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

#: column -> (pandas dtype, meaning). Order is the column order of the table.
CLAUSE_COLUMNS: dict[str, tuple[str, str]] = {
    "policy": ("string", "policy id"),
    "clause_id": ("int64", "0-based position of the clause in its policy (document order)"),
    "section": ("string", "heading path, ' > '-joined, e.g. '10. Children > 10.1 Age'; '' before any heading"),
    "depth": ("int64", "number of headings in the path (0 before any heading)"),
    "kind": ("string", "heading | paragraph | item | sentence | table_row"),
    "lead_in": ("string", "for list items and table rows: the sentence that introduces the list; for a "
                "paragraph under a short label paragraph ('Retention period'): the label; else ''"),
    "text": ("string", "the clause text, exactly policy.text[start:end]"),
    "start": ("int64", "character offset of the clause in policy.text"),
    "end": ("int64", "character offset one past the clause's last character"),
}

#: added by ``classify``
CLASSIFICATION_COLUMNS: dict[str, tuple[str, str]] = {
    "category": ("string", "primary taxonomy category id"),
    "categories": ("object", "list of taxonomy category ids (multi-label), primary first"),
    "confidence": ("float64", "probability-like score of the primary category"),
}

FINDING_COLUMNS: dict[str, tuple[str, str]] = {
    "policy": ("string", "policy id"),
    "clause_id": ("int64", "clause the evidence lies in"),
    "aspect": ("string", "right | retention | child_age | transfer_mechanism | transfer_destination | "
               "legal_basis | law | last_updated | sells_data | shares_for_ads | breach_notice_hours | "
               "response_days | contact_email | has_dpo | third_party_service | data_collected | "
               "data_disclosed | data_sold_shared | purpose | recipient | data_source"),
    "value": ("string", "canonical id (e.g. 'erasure', 'scc', 'gdpr'), or a normalised value as text "
              "('13', '2025-07-02', 'true'); '' for qualitative retention"),
    "number": ("Float64", "numeric value when the finding has one (age, hours, days); else <NA>"),
    "min_days": ("Float64", "retention: lower bound in days (1 month = 30, 1 year = 365); else <NA>"),
    "max_days": ("Float64", "retention: upper bound in days; else <NA>"),
    "data_category": ("string", "retention: the data the period applies to, as the policy words it; else ''"),
    "data_category_id": ("string", "retention: data_category normalised to account | contact | usage_logs | "
                         "location | payment_transactions | communications | marketing | cookies_analytics | "
                         "backups | content | generic (policylens.extract.categories); '' when none"),
    "condition": ("string", "retention: trigger/condition ('after account closure', 'of inactivity'), "
                  "or the qualitative kind ('as_long_as_necessary', 'indefinitely', 'while_active'); else ''"),
    "role": ("string", "aspect-specific role, e.g. child_age: 'minimum_age' | 'legal_reference' | "
             "'parental_consent' | 'deletion_on_discovery'; sells_data / shares_for_ads: 'conflict' when "
             "the policy both affirms and denies it (every such statement is marked); else ''"),
    "section": ("string", "section of the evidence clause"),
    "start": ("int64", "offset of the evidence in policy.text"),
    "end": ("int64", "offset one past the evidence"),
    "evidence": ("string", "exactly policy.text[start:end]"),
    "rule": ("string", "id of the pattern/rule that produced the finding (an explanation)"),
    "guard": ("string", "what admitted the finding: the context and where it held ('sentence:agency', "
              "'lead_in:rights_scope', 'section:transfer'), the cue an aspect read ('cue', 'section'), "
              "or 'none' when the rule needs no context"),
    "polarity": ("string", "data practices: 'affirmed' or 'denied' ('we do not collect biometric data' "
                 "is a denied data_collected finding); else ''"),
    "scope": ("string", "data practices: what the statement is limited to, where it says so "
              "('children', 'california', 'eea_uk', 'us_states', 'employees'); sells_data / "
              "shares_for_ads denials: 'law' (a law's definition), 'children', 'sensitive_data', 'product', "
              "'data_category' "
              "(the scoping words in condition); else ''"),
}


#: columns of ``policies.parquet`` written by ``analyze`` and of ``report.policies`` (where
#: ``policy`` is the index); rows from ``policylens.pipeline.policy_row``, the table from
#: ``policylens.pipeline.policies_table``. column -> (pandas dtype, meaning).
#: The facts are typed as they are decided (``policylens.extract.facts.policy_facts``): booleans
#: are ``boolean`` (True / False / <NA> = the policy does not say; False only when the policy
#: says so), numbers ``Float64`` / ``Int64`` (<NA> = none stated), lists ``object`` columns of
#: ``list[str]`` (Parquet ``list<string>``; ``[]`` when none).
POLICY_COLUMNS: dict[str, tuple[str, str]] = {
    "policy": ("string", "policy id (the index of report.policies)"),
    "name": ("string", "display name of the policy"),
    "source": ("string", "the path the policy was loaded from ('' when built in memory)"),
    "format": ("string", "txt | md | html | pdf | docx"),
    "language": ("string", "ISO 639-1 code of the text's main language ('en', 'de'...); <NA> when "
                 "unknown (too little text)"),
    "organisation": ("string", "organisation that publishes the policy ('' when unknown)"),
    "product": ("string", "product or service the policy covers, read from the document (its "
                "title, first heading, site name or a statement such as 'This Privacy Policy applies "
                "to ...'), never from the file name; <NA> when unknown"),
    "sha256": ("string", "SHA-256 of the policy text (the text offsets refer to)"),
    "n_chars": ("int64", "characters in the policy text"),
    "n_clauses": ("int64", "clauses found by segment"),
    "n_findings": ("int64", "findings extracted"),
    "last_updated": ("string", "date the policy states it was last updated (YYYY-MM-DD); <NA> if none"),
    "sells_data": ("boolean", "says it sells personal data (True) or that it does not (False); "
                   "<NA> when it does not say"),
    "shares_for_ads": ("boolean", "shares data for cross-context behavioural advertising (True) or "
                       "says it does not (False); <NA> when unstated"),
    "breach_notice_hours": ("Float64", "promised breach notification deadline in hours; <NA> if none"),
    "response_days": ("Float64", "deadline to answer a rights request in days; <NA> if none"),
    "has_dpo": ("boolean", "names a data protection officer (True) or says none is appointed "
                "(False); <NA> when unstated"),
    "min_child_age": ("Int64", "the service's own minimum age; <NA> when the policy states none"),
    "contact_emails": ("object", "contact e-mail addresses (list of str, first appearance first)"),
    "third_party_services": ("object", "third-party services named, canonical ids (list of str), "
                             "e.g. ['google_analytics']"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One extracted fact.

    ``start``/``end`` are relative to the clause text when an extractor returns it; ``extract``
    shifts them into policy offsets and fills policy/clause/section. The fields are the
    columns of ``FINDING_COLUMNS`` that an extractor decides.

    Parameters
    ----------
    aspect, value : str
        What was found (``right`` / ``erasure``, ``retention`` / ``730`` ...).
    start, end : int
    evidence : str
        The matched span.
    rule : str, default=""
        The id of the rule that matched.
    number, min_days, max_days : float, default=None
    data_category, condition, data_category_id, role, guard, polarity, scope : str, default=""

    Examples
    --------
    >>> from policylens.schema import Finding
    >>> finding = Finding("right", "erasure", 16, 36, "erasure of your data")
    >>> finding.end - finding.start == len(finding.evidence)
    True
    """

    aspect: str
    value: str
    start: int
    end: int
    evidence: str
    rule: str = ""
    number: float | None = None
    min_days: float | None = None
    max_days: float | None = None
    data_category: str = ""
    condition: str = ""
    data_category_id: str = ""
    role: str = ""
    guard: str = ""
    polarity: str = ""
    scope: str = ""

    def as_dict(self) -> dict:
        # every field is a scalar, so a flat copy equals ``dataclasses.asdict`` (which recurses
        # and deep-copies, and cost ~10% of extraction); tests/test_schema.py checks the equality
        """The finding as a flat dict, one key per field (``dataclasses.asdict`` without its copies).

        Returns
        -------
        finding : dict

        Examples
        --------
        >>> from policylens.schema import Finding
        >>> row = Finding("retention", "730", 13, 20, "2 years", min_days=730.0, max_days=730.0).as_dict()
        >>> row["aspect"], row["max_days"], row["role"]
        ('retention', 730.0, '')
        """
        return {name: getattr(self, name) for name in FINDING_FIELDS}


FINDING_FIELDS = tuple(f.name for f in fields(Finding))


def empty_frame(columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """An empty frame with a documented table's columns and dtypes.

    Parameters
    ----------
    columns : dict of str to (dtype, description)
        ``CLAUSE_COLUMNS``, ``FINDING_COLUMNS`` ...

    Returns
    -------
    frame : DataFrame

    Examples
    --------
    >>> from policylens.schema import FINDING_COLUMNS, empty_frame
    >>> frame = empty_frame(FINDING_COLUMNS)
    >>> len(frame), frame["aspect"].dtype.name, list(frame.columns) == list(FINDING_COLUMNS)
    (0, 'string', True)
    """
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, (dtype, _) in columns.items()})


def coerce(frame: pd.DataFrame, columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """Return ``frame`` with exactly the documented columns (extras kept after them) and dtypes.

    A missing column is added, full of missing values.

    Parameters
    ----------
    frame : DataFrame
    columns : dict of str to (dtype, description)

    Returns
    -------
    frame : DataFrame
        A copy.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.schema import coerce
    >>> columns = {"policy": ("string", "policy id"), "n_clauses": ("int64", "clauses")}
    >>> out = coerce(pd.DataFrame({"note": ["x"], "policy": ["acme"]}), {"policy": columns["policy"]})
    >>> list(out.columns), out["policy"].dtype.name
    (['policy', 'note'], 'string')
    """
    out = frame.copy()
    for name, (dtype, _) in columns.items():
        if name not in out.columns:
            out[name] = pd.Series(dtype=dtype, index=out.index)
        elif dtype != "object":
            out[name] = out[name].astype(dtype)
    ordered = list(columns) + [c for c in out.columns if c not in columns]
    return out[ordered]


def describe(columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """The documentation of a table as a DataFrame (column, dtype, meaning).

    Parameters
    ----------
    columns : dict of str to (dtype, description)

    Returns
    -------
    doc : DataFrame

    Examples
    --------
    >>> from policylens.schema import CLAUSE_COLUMNS, describe
    >>> describe(CLAUSE_COLUMNS)[["column", "dtype"]].head(3)
          column   dtype
    0     policy  string
    1  clause_id   int64
    2    section  string
    """
    return pd.DataFrame(
        [(name, dtype, meaning) for name, (dtype, meaning) in columns.items()],
        columns=["column", "dtype", "meaning"],
    )
