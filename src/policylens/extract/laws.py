"""Laws and regulations the policy cites (aspect ``law``).

Rules live in ``data/patterns_laws.yaml``: full names, acronyms (case-sensitive) and statute
numbers. Citations are not negatable: "COPPA applies to children under 13" and "we are not
subject to the CCPA" both cite the law. "UK GDPR" is ``uk_gdpr`` (not ``gdpr``); "UK/EU GDPR"
cites both.
"""

from __future__ import annotations

from policylens.extract import ClauseContext
from policylens.extract.rules import file_rules, rule_set
from policylens.schema import Finding

RULES_FILE = "patterns_laws.yaml"


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    """The laws one clause cites (aspect ``law``), offsets relative to ``ctx.text``.

    Parameters
    ----------
    ctx : ClauseContext

    Returns
    -------
    findings : list of Finding

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.laws import extract_clause
    >>> [(f.value, f.evidence) for f in extract_clause(ClauseContext("We comply with the UK GDPR and the CCPA."))]
    [('uk_gdpr', 'UK GDPR'), ('ccpa', 'CCPA')]
    """
    return rule_set().run(ctx, file_rules(RULES_FILE))
