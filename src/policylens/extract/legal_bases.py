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
    """The legal bases one clause states (aspect ``legal_basis``), offsets relative to ``ctx.text``.

    Parameters
    ----------
    ctx : ClauseContext

    Returns
    -------
    findings : list of Finding

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.legal_bases import extract_clause
    >>> [(f.value, f.evidence) for f in extract_clause(ClauseContext("We process your data on the basis of your consent."))]
    [('consent', 'on the basis of your consent')]
    """
    return rule_set().run(ctx, file_rules(RULES_FILE))
