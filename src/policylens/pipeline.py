"""One policy through every stage: segment -> classify -> extract, plus its one-row summary.

``compare`` and ``analyze`` both call ``run_policy`` so that a big corpus analysed in parallel
gives exactly the tables ``compare`` builds for a handful of policies.
"""

from __future__ import annotations

from typing import Any

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


def policy_row(policy: Policy, clauses: pd.DataFrame, findings: pd.DataFrame) -> dict[str, Any]:
    """The per-policy facts row (``compare().policies`` / ``policies.parquet``).

    Columns and dtypes: ``policylens.compare.POLICY_COLUMNS``. Values are Parquet-friendly
    scalars: str, int, float, bool or None (unknown); lists are ';'-joined strings. The facts come
    from ``policylens.extract.facts.policy_facts(findings)`` so every caller agrees on them.
    """
    from policylens.extract.facts import policy_facts

    mine = findings[findings["policy"] == policy.id] if "policy" in findings.columns else findings
    facts: dict[str, Any] = policy_facts(mine)

    def tri(value: Any) -> bool | None:
        # "true"/"false"/"unknown", bools or None -> True / False / None
        if isinstance(value, str):
            return {"true": True, "yes": True, "false": False, "no": False}.get(value.strip().lower())
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            return None
        return bool(value)

    def number(value: Any) -> float | None:
        try:
            out = float(value)
        except (TypeError, ValueError):
            return None
        return None if out != out else out

    def joined(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return ";".join(dict.fromkeys(str(v) for v in value))

    age = number(facts.get("min_child_age"))
    updated = facts.get("last_updated")
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
        "n_findings": len(mine),
        "last_updated": str(updated) if updated else None,
        "sells_data": tri(facts.get("sells_data")),
        "shares_for_ads": tri(facts.get("shares_for_ads")),
        "breach_notice_hours": number(facts.get("breach_notice_hours")),
        "response_days": number(facts.get("response_days")),
        "has_dpo": tri(facts.get("has_dpo")),
        "min_child_age": None if age is None else int(age),
        "contact_emails": joined(facts.get("contact_emails")),
        "third_party_services": joined(facts.get("third_party_services")),
    }
