"""Rights the policy gives its users (aspect ``right``).

Rules live in ``data/patterns_rights.yaml``: *named* rights ("right to erasure", "right to know")
count on their own; *actions* ("delete your data", "a copy of your information") count only when
the user is the one who may ask (agency in the sentence) or the clause sits under a rights lead-in
or section ("You have the right to:" / "Your Rights > ..."). A sentence about the company deleting
data on its own schedule is therefore not the erasure right; negated or disclaimed mentions
("you cannot", "this right is not applicable") are dropped.
"""

from __future__ import annotations

from policylens.extract import ClauseContext
from policylens.extract.common import apply_rules, load_rules, rule_set_bits
from policylens.schema import Finding

RULES_FILE = "patterns_rights.yaml"


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    contexts, rules = load_rules(RULES_FILE)
    return apply_rules(ctx.text, rules, contexts, "right", lead_in=ctx.lead_in, section=ctx.section)


def clause_gate() -> tuple[int | None, None]:
    """(``opened`` bits, other test) outside which ``extract_clause`` finds nothing (see
    ``policylens.extract.extract``)."""
    return rule_set_bits(load_rules(RULES_FILE)[1]), None
