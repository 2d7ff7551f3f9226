"""Compliance checklists: does a policy disclose what GDPR / UK GDPR Art. 13-14 and CCPA/CPRA
require, with the article, the evidence sentence and, when something is missing, what was
searched.

- :func:`checklist`: clauses + findings (+ policies) -> one row per (policy, regime, requirement).
- :func:`scorecard`: the wide policy x requirement view with a score per policy.
- :func:`regimes_followed`: the regimes each policy says it follows (laws cited, audiences).
- :func:`catalogue`: the requirement catalogues (``data/requirements/*.yaml``).
"""

from policylens.compliance.catalogue import (
    CCPA_IDS,
    GDPR_IDS,
    REGIMES,
    Catalogue,
    Requirement,
    catalogue,
)
from policylens.compliance.checklist import (
    COMPLIANCE_COLUMNS,
    MARKS,
    REGIME_COLUMNS,
    STATUSES,
    checklist,
    regimes_followed,
    scorecard,
)
from policylens.compliance.cues import find_cues

__all__ = ["CCPA_IDS", "COMPLIANCE_COLUMNS", "GDPR_IDS", "MARKS", "REGIMES", "REGIME_COLUMNS",
           "STATUSES", "Catalogue", "Requirement", "catalogue", "checklist", "find_cues",
           "regimes_followed", "scorecard"]
