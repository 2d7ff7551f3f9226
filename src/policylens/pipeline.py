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
    """The per-policy facts row (``compare().policies`` / ``policies.parquet``)."""
    return {
        "policy": policy.id,
        "name": policy.name,
        "source": policy.source,
        "format": policy.format,
        "sha256": policy.sha256,
        "n_chars": len(policy.text),
        "n_clauses": len(clauses),
    }
