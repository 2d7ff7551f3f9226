"""Legal bases the policy relies on (aspect ``legal_basis``): consent, contract,
legal_obligation, legitimate_interests, vital_interests, public_task.

Rules live in ``data/patterns_legal_bases.yaml``. Explicit wording counts on its own; bare labels
("Consent", "Contract performance") only under a legal-bases lead-in/section/sentence. Consent in
a transfer sentence is the transfer derogation (``transfers``), "withdraw your consent" is the
right (``rights``); "we do not rely on consent" and "these bases are not applicable" are dropped.
"""

from __future__ import annotations

from policylens.extract import ClauseContext
from policylens.extract.common import apply_rules, load_rules, rule_set_bits
from policylens.schema import Finding

RULES_FILE = "patterns_legal_bases.yaml"


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    contexts, rules = load_rules(RULES_FILE)
    return apply_rules(ctx.text, rules, contexts, "legal_basis", lead_in=ctx.lead_in, section=ctx.section)


def clause_gate() -> tuple[int | None, None]:
    """(``opened`` bits, other test) outside which ``extract_clause`` finds nothing (see
    ``policylens.extract.extract``)."""
    return rule_set_bits(load_rules(RULES_FILE)[1]), None
