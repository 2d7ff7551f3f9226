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
from policylens.extract.rules import file_rules, rule_set
from policylens.schema import Finding

RULES_FILE = "patterns_rights.yaml"


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    """The user rights one clause states (aspect ``right``), offsets relative to ``ctx.text``.

    Parameters
    ----------
    ctx : ClauseContext

    Returns
    -------
    findings : list of Finding
        ``guard`` names what admitted each (e.g. ``sentence:agency``: "you may" in the sentence).

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.rights import extract_clause
    >>> [(f.value, f.evidence) for f in extract_clause(ClauseContext("You may ask us to delete your data."))]
    [('erasure', 'delete your data')]
    >>> extract_clause(ClauseContext("We delete your data after a year."))
    []
    """
    return rule_set().run(ctx, file_rules(RULES_FILE))
