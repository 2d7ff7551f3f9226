"""Legal bases the policy relies on (aspect ``legal_basis``): consent, contract,
legal_obligation, legitimate_interests, vital_interests, public_task.

Rules live in ``data/patterns_legal_bases.yaml``. Explicit wording counts on its own; bare labels
("Consent", "Contract performance") only under a legal-bases lead-in/section/sentence. Consent in
a transfer sentence is the transfer derogation (``transfers``), "withdraw your consent" is the
right (``rights``); "we do not rely on consent" and "these bases are not applicable" are dropped,
and so are the bases a right's description names ("this right only applies where we rely on a
contract": ``right_description`` in the rules file).
"""

from __future__ import annotations

import re
from functools import cache

from policylens.extract import ClauseContext
from policylens.extract.rules import file_rules, rule_set
from policylens.resources import load_data
from policylens.schema import Finding
from policylens.text.sentences import sentence_around

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
    found = rule_set().run(ctx, file_rules(RULES_FILE))
    if not found:
        return found
    rx = _right_description()
    return [f for f in found if not rx.search(ctx.text[slice(*sentence_around(ctx.text, f.start))])]


@cache
def _right_description() -> re.Pattern[str]:
    """A sentence describing a user's right ("This right only applies where we rely on a
    contract"): the bases it names are the right's conditions, not bases the policy states."""
    return re.compile(load_data(RULES_FILE)["right_description"], re.IGNORECASE)
