"""Laws and regulations the policy cites (aspect ``law``).

Rules live in ``data/patterns_laws.yaml``: full names, acronyms (case-sensitive) and statute
numbers. Citations are not negatable: "COPPA applies to children under 13" and "we are not
subject to the CCPA" both cite the law. "UK GDPR" is ``uk_gdpr`` (not ``gdpr``); "UK/EU GDPR"
cites both.
"""

from __future__ import annotations

from policylens.extract import ClauseContext
from policylens.extract.common import apply_rules, load_rules, rule_set_bits
from policylens.schema import Finding

RULES_FILE = "patterns_laws.yaml"


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    contexts, rules = load_rules(RULES_FILE)
    return apply_rules(ctx.text, rules, contexts, "law", lead_in=ctx.lead_in, section=ctx.section)


def clause_gate() -> tuple[int | None, None]:
    """(``opened`` bits, other test) outside which ``extract_clause`` finds nothing (see
    ``policylens.extract.extract``)."""
    return rule_set_bits(load_rules(RULES_FILE)[1]), None
