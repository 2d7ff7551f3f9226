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
from policylens.extract.common import Context, apply_rules, load_rules, may_match, sentence_bounds
from policylens.resources import load_data
from policylens.schema import Finding

RULES_FILE = "patterns_transfers.yaml"
UNSPECIFIED = "unspecified_safeguards"


@cache
def _destination_rules() -> dict:
    spec = load_data(RULES_FILE)["destinations"]
    alternatives = []
    for place, names in spec["places"].items():
        alternatives.append(f"(?P<{place}>{'|'.join(names)})")
    return {
        "places": re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE),
        "cue": re.compile(spec["cue_before"], re.IGNORECASE),
        "origin": re.compile(spec["origin_before"], re.IGNORECASE),
        "continuation": re.compile(spec["list_continuation"], re.IGNORECASE),
        "context": re.compile(spec["context"], re.IGNORECASE),
        "not_followed": re.compile(spec["not_followed_by"], re.IGNORECASE),
        "excludes": re.compile(spec["excludes"], re.IGNORECASE),
    }


# "is not transferred to", "never stored in": a negated verb before the place. (Not the shared
# negation cue list: "a country without an adequacy decision (such as the US)" names a destination.)
_NEG_DESTINATION = re.compile(r"\b(?:not|never|no longer)\b|n't\b", re.IGNORECASE)


def destinations(text: str) -> list[Finding]:
    """Countries/regions named as destinations of transfers in ``text``."""
    rules = _destination_rules()
    found: list[Finding] = []
    if not may_match(rules["places"], text):
        return found
    prev_end, prev_ok, prev_sentence = -1, False, (-1, -1)
    for m in rules["places"].finditer(text):
        start, end = m.span()
        place = m.lastgroup or ""
        s, e = sentence_bounds(text, start, end)
        if rules["not_followed"].match(text, end):
            continue
        if _shouting(text[start:end], text[s:e]):
            continue  # "WRITE TO US" in an all-caps sentence is the pronoun, not the country
        left = text[max(s, start - 60):start]
        between = text[prev_end:start] if (s, e) == prev_sentence and prev_end >= 0 else None
        if between is not None and len(between) <= 12 and rules["continuation"].search(between):
            ok = prev_ok  # "to the US, Canada and India" / "outside the UK or the EEA"
        elif rules["origin"].search(left):
            ok = False
        else:
            ok = (bool(rules["cue"].search(left)) and bool(rules["context"].search(text, s, e))
                  and not rules["excludes"].search(text, s, e))
        if ok and _NEG_DESTINATION.search(left):
            ok = False
        prev_end, prev_ok, prev_sentence = end, ok, (s, e)
        if ok:
            found.append(Finding(aspect="transfer_destination", value=place, start=start, end=end,
                                 evidence=text[start:end], rule=f"destination.{place}"))
    return found


def _shouting(name: str, sentence: str) -> bool:
    letters = [c for c in sentence if c.isalpha()]
    return (name.isupper() and len(name) <= 3 and len(letters) > 12
            and sum(c.isupper() for c in letters) / len(letters) > 0.6)


def _introduces_list(text: str, end: int) -> bool:
    _, e = sentence_bounds(text, end, end)
    return text[end:e].rstrip().endswith(":")


@cache
def _mechanism_rules() -> tuple[dict[str, Context], tuple]:
    """The rules file's contexts and rules, with the ``international`` cue widened to every place
    of the destination lexicon ("with your consent we transfer data to Australia")."""
    contexts, rules = load_rules(RULES_FILE)
    contexts = dict(contexts)
    base = contexts.get("international")
    if base is not None:
        places = _destination_rules()["places"].pattern
        contexts["international"] = Context(
            base.name, re.compile(f"(?:{base.regex.pattern})|{places}", re.IGNORECASE), base.where)
    return contexts, rules


def mechanisms(ctx: ClauseContext) -> list[Finding]:
    contexts, rules = _mechanism_rules()
    found = apply_rules(ctx.text, rules, contexts, "transfer_mechanism",
                        lead_in=ctx.lead_in, section=ctx.section)
    named = any(f.value != UNSPECIFIED for f in found)
    return [f for f in found
            if f.value != UNSPECIFIED or not (named or _introduces_list(ctx.text, f.end))]


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    return mechanisms(ctx) + destinations(ctx.text)


def mechanism_set(values: Iterable[str]) -> set[str]:
    """A policy's mechanisms from its finding values: ``unspecified_safeguards`` only when no
    named mechanism is found anywhere in the policy."""
    got = set(values)
    if len(got) > 1:
        got.discard(UNSPECIFIED)
    return got


def destination_ids() -> list[str]:
    """Canonical ids of ``transfer_destination`` findings (the keys of the country lexicon)."""
    return list(load_data(RULES_FILE)["destinations"]["places"])
