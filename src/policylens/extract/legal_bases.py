"""Legal bases the policy relies on (aspect ``legal_basis``): consent, contract,
legal_obligation, legitimate_interests, vital_interests, public_task.

Rules live in ``data/patterns_legal_bases.yaml``. Explicit wording counts on its own; bare labels
("Consent", "Contract performance") only under a legal-bases lead-in/section/sentence. Consent in
a transfer sentence is the transfer derogation (``transfers``), "withdraw your consent" is the
right (``rights``); "we do not rely on consent" and "these bases are not applicable" are dropped.
"""

from __future__ import annotations

from policylens.extract import ClauseContext
from policylens.extract.rules import file_rules, rule_set
from policylens.schema import Finding

RULES_FILE = "patterns_legal_bases.yaml"


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    return rule_set().run(ctx, file_rules(RULES_FILE))
