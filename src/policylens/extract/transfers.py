"""International transfers: mechanisms (aspect ``transfer_mechanism``) and destinations
(aspect ``transfer_destination``).

Rules and the country lexicon live in ``data/patterns_transfers.yaml``. Named instruments
(SCCs, IDTA/UK Addendum, BCRs, DPF, Privacy Shield, adequacy decisions) count on their own; generic
wording (consent, contract necessity, "appropriate safeguards") only in a transfer context, so the
consent derogation is told apart from consent as a legal basis.

``unspecified_safeguards`` is reported for a clause that promises safeguards without naming a
mechanism; a clause that names one, or that ends with ":" (its list names them), does not get
it. Per policy, :func:`mechanism_set` drops it when any named mechanism is present, which is the
"only appropriate safeguards are promised" reading.

Destinations are country/region ids (``us``, ``eu_eea``, ``uk``, ``india``, ...) named after a
destination cue ("to", "in", "such as") in a sentence about transferring, storing or processing
data, and not after an origin cue ("from", "outside", "based in", "if you are in").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from policylens.extract import ClauseContext
from policylens.extract.rules import Context, Rule, file_rules, rule_set, with_context
from policylens.resources import load_data
from policylens.schema import Finding
from policylens.text.sentences import sentence_around

RULES_FILE = "patterns_transfers.yaml"
UNSPECIFIED = "unspecified_safeguards"


@cache
def _destination_rule() -> Rule:
    return rule_set().rule("destination", "transfer_destination")


@cache
def _destination_rules() -> dict:
    spec = load_data(RULES_FILE)["destinations"]
    alternatives = []
    for place, names in spec["places"].items():
        alternatives.append(f"(?P<{place}>{'|'.join(names)})")
    return {
        # a name starting with a word character starts at a word boundary
        "places": re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE),
        "cue": re.compile(spec["cue_before"], re.IGNORECASE),
        "origin": re.compile(spec["origin_before"], re.IGNORECASE),
        "continuation": re.compile(spec["list_continuation"], re.IGNORECASE),
        "not_followed": re.compile(spec["not_followed_by"], re.IGNORECASE),
        "excludes": re.compile(spec["excludes"], re.IGNORECASE),
    }


# "is not transferred to", "never stored in": a negated verb before the place. (Not the shared
# negation cue list: "a country without an adequacy decision (such as the US)" names a destination.)
_NEG_DESTINATION = re.compile(r"\b(?:not|never|no longer)\b|n't\b", re.IGNORECASE)


def destinations(text: str) -> list[Finding]:
    """Countries/regions named as destinations of transfers in ``text``.

    Parameters
    ----------
    text : str

    Returns
    -------
    findings : list of Finding
        Aspect ``transfer_destination``; ``value`` is the country lexicon's id.

    Examples
    --------
    >>> from policylens.extract.transfers import destinations
    >>> [(f.value, f.evidence) for f in destinations("We transfer data to the United States and India.")]
    [('us', 'United States'), ('india', 'India')]
    """
    rules = _destination_rules()
    context = _destination_rule().regex
    found: list[Finding] = []
    prev_end, prev_ok, prev_sentence = -1, False, (-1, -1)
    for m in _places_in_context(text, context, rules["places"]):
        start, end = m.span()
        place = m.lastgroup or ""
        s, e = sentence_around(text, start, end)
        if rules["not_followed"].match(text, end):
            continue
        if _shouting(text[start:end], text[s:e]):
            continue  # "WRITE TO US" in an all-caps sentence is the pronoun, not the country
        left = text[max(s, start - 60):start]
        between = text[prev_end:start] if (s, e) == prev_sentence and prev_end >= 0 else None
        guard = "cue"
        if between is not None and len(between) <= 12 and rules["continuation"].search(between):
            ok, guard = prev_ok, "list"  # "to the US, Canada and India" / "outside the UK or the EEA"
        elif rules["origin"].search(left):
            ok = False
        else:
            ok = (bool(rules["cue"].search(left)) and bool(context.search(text, s, e))
                  and not rules["excludes"].search(text, s, e))
        if ok and _NEG_DESTINATION.search(left):
            ok = False
        prev_end, prev_ok, prev_sentence = end, ok, (s, e)
        if ok:
            found.append(Finding(aspect="transfer_destination", value=place, start=start, end=end,
                                 evidence=text[start:end], rule=f"destination.{place}", guard=guard))
    return found


def _places_in_context(text: str, context: re.Pattern[str], places: re.Pattern[str]) -> Iterable[re.Match[str]]:
    """``places.finditer(text)`` restricted to the sentences that hold the transfer ``context``
    (every destination needs it in its sentence, or follows one in the same sentence), in order."""
    windows: list[tuple[int, int]] = []
    for m in context.finditer(text):
        s, e = sentence_around(text, m.start(), m.end())
        if windows and s <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], e))
        elif not windows or e > windows[-1][1]:
            windows.append((s, e))
    for s, e in windows:
        yield from places.finditer(text, s, e)


def _shouting(name: str, sentence: str) -> bool:
    if not (name.isupper() and len(name) <= 3):
        return False
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.6


_URL = re.compile(r"(?:https?://|www\.)\S*$", re.IGNORECASE)


def _in_url(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside a web address ("https://example.org/dpf-notice"): a
    page's address names no mechanism the policy relies on."""
    return bool(_URL.search(text, max(0, start - 200), start)) and not text[start:end].isspace()


def _introduces_list(text: str, end: int) -> bool:
    _, e = sentence_around(text, end, end)
    return text[end:e].rstrip().endswith(":")


@cache
def _mechanism_rules() -> tuple[dict[str, Context], tuple[Rule, ...]]:
    """The mechanism rules and their contexts, the ``international`` cue widened to every place of
    the destination lexicon ("with your consent we transfer data to Australia")."""
    rules = tuple(r for r in file_rules(RULES_FILE) if r.aspect == "transfer_mechanism")
    contexts = rule_set().contexts[RULES_FILE]
    if "international" in contexts:
        contexts = with_context(contexts, "international", _destination_rules()["places"].pattern)
    return contexts, rules


def mechanisms(ctx: ClauseContext, candidates: frozenset[Rule] | None = None) -> list[Finding]:
    """Transfer mechanisms named in a clause.

    Parameters
    ----------
    ctx : ClauseContext
    candidates : frozenset, default=None
        As ``RuleSet.run`` takes them.

    Returns
    -------
    findings : list of Finding
        Aspect ``transfer_mechanism``.

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.transfers import mechanisms
    >>> ctx = ClauseContext("We rely on standard contractual clauses for transfers outside the EEA.")
    >>> [(f.value, f.evidence) for f in mechanisms(ctx)]
    [('scc', 'standard contractual clauses')]
    """
    contexts, rules = _mechanism_rules()
    found = [f for f in rule_set().run(ctx, rules, contexts, candidates) if not _in_url(ctx.text, f.start, f.end)]
    named = any(f.value != UNSPECIFIED for f in found)
    return [f for f in found
            if f.value != UNSPECIFIED or not (named or _introduces_list(ctx.text, f.end))]


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    """Transfer mechanisms and destinations in one clause (offsets relative to ``ctx.text``).

    Parameters
    ----------
    ctx : ClauseContext

    Returns
    -------
    findings : list of Finding

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.transfers import extract_clause
    >>> ctx = ClauseContext("We transfer your data to the United States under standard contractual clauses.")
    >>> [(f.aspect, f.value) for f in extract_clause(ctx)]
    [('transfer_mechanism', 'scc'), ('transfer_destination', 'us')]
    """
    candidates = ctx.candidates if ctx.candidates is not None else rule_set().candidates(ctx.text)
    found = mechanisms(ctx, candidates)
    if _destination_rule() in candidates:
        found += destinations(ctx.text)
    return found


def mechanism_set(values: Iterable[str]) -> set[str]:
    """A policy's mechanisms from its finding values.

    ``unspecified_safeguards`` only when no named mechanism is found anywhere in the policy.

    Parameters
    ----------
    values : iterable of str
        The values of the policy's ``transfer_mechanism`` findings.

    Returns
    -------
    mechanisms : set of str

    Examples
    --------
    >>> from policylens.extract.transfers import mechanism_set
    >>> mechanism_set(["scc", "unspecified_safeguards"]), mechanism_set(["unspecified_safeguards"])
    ({'scc'}, {'unspecified_safeguards'})
    """
    got = set(values)
    if len(got) > 1:
        got.discard(UNSPECIFIED)
    return got


def destination_ids() -> list[str]:
    """Canonical ids of ``transfer_destination`` findings (the keys of the country lexicon).

    Returns
    -------
    ids : list of str

    Examples
    --------
    >>> from policylens.extract.transfers import destination_ids
    >>> destination_ids()[:3]
    ['us', 'eu_eea', 'uk']
    """
    return list(load_data(RULES_FILE)["destinations"]["places"])
