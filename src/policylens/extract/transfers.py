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
from collections.abc import Callable, Iterable
from functools import cache

from policylens.extract import ClauseContext
from policylens.extract.common import (
    Context,
    apply_rules,
    gate_bits,
    load_rules,
    register_literals,
    rule_set_bits,
    scan_gate,
    scan_literals,
    sentence_bounds,
    start_anchor,
)
from policylens.resources import load_data
from policylens.schema import Finding

RULES_FILE = "patterns_transfers.yaml"
UNSPECIFIED = "unspecified_safeguards"

# the places regex starts with this lookbehind, so a name starting with a word character
# starts at a word boundary
_PLACE_START = r"(?<![\w.])"
_WORD_CHAR = re.compile(r"\w")


@cache
def _destination_rules() -> dict:
    spec = load_data(RULES_FILE)["destinations"]
    alternatives = []
    for place, names in spec["places"].items():
        alternatives.append(f"(?P<{place}>{'|'.join(names)})")
    return {
        "places": re.compile(_PLACE_START + "(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE),
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


@cache
def _place_anchors() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]],
                              dict[str, tuple[int, ...]]] | None:
    """For every name of the destination lexicon, a literal at a fixed offset from where the
    name starts (see ``start_anchor``), as three maps literal -> offsets: lower-cased ones at a
    word start, other lower-cased ones, case-sensitive ones. None when some name has none (then
    every clause runs the full alternation). The lower-cased ones join the shared scan."""
    maps: tuple[dict[str, tuple[int, ...]], ...] = ({}, {}, {})
    for names in load_data(RULES_FILE)["destinations"]["places"].values():
        for name in names:
            anchor = start_anchor(name, re.IGNORECASE)
            if anchor is None:
                return None
            lit, offset, case_sensitive = anchor
            at_word = offset == 0 and bool(_WORD_CHAR.match(lit))
            target = maps[2] if case_sensitive else maps[0] if at_word else maps[1]
            if offset not in target.get(lit, ()):
                target[lit] = (*target.get(lit, ()), offset)
    register_literals([(lit, True) for lit in maps[0]] + [(lit, False) for lit in maps[1]])
    return maps


def _find_all(hay: str, lit: str, offsets: Iterable[int], starts: set[int]) -> None:
    """Add ``i - offset`` to ``starts`` for every occurrence ``i`` of ``lit`` in ``hay``."""
    i = hay.find(lit)
    while i >= 0:
        for offset in offsets:
            if i >= offset:
                starts.add(i - offset)
        i = hay.find(lit, i + 1)


def _place_matches(text: str) -> Iterable[re.Match[str]]:
    """``places.finditer(text)``, without running the long alternation at every position: the
    places regex can only match where a name's anchor says a name starts, so only those
    positions are tried, left to right, each at or after the end of the previous match (the
    leftmost-first, non-overlapping order ``finditer`` produces)."""
    places = _destination_rules()["places"]
    anchors = _place_anchors()
    if anchors is None:
        yield from places.finditer(text)
        return
    scan = scan_literals(text)
    if scan.traps:  # lower-cased offsets and letters are unreliable then
        yield from places.finditer(text)
        return
    at_word, anywhere, exact = anchors
    starts: set[int] = set()
    for lit, offsets in exact.items():
        if lit in text:
            _find_all(text, lit, offsets, starts)
    for found, table in ((scan.at_word, at_word), (scan.anywhere, anywhere)):
        for lit in found & table.keys():
            _find_all(scan.lower, lit, table[lit], starts)
    pos = 0
    for start in sorted(starts):
        if start < pos:
            continue
        m = places.match(text, start)
        if m is not None:  # a place name is never empty, so the next search starts at its end
            yield m
            pos = m.end()


@cache
def _context_gate() -> Callable[..., bool] | None:
    return scan_gate([_destination_rules()["context"]])


def destinations(text: str) -> list[Finding]:
    """Countries/regions named as destinations of transfers in ``text``."""
    rules = _destination_rules()
    found: list[Finding] = []
    # every destination needs the transfer context in its sentence (a continuation, in the
    # sentence of an earlier one): most clauses hold none of its literals and stop here
    gate = _context_gate()
    if gate is not None and not gate(text):
        return found
    prev_end, prev_ok, prev_sentence = -1, False, (-1, -1)
    for m in _place_matches(text):
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
    if not (name.isupper() and len(name) <= 3):
        return False
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) / len(letters) > 0.6


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


def clause_gate() -> tuple[int | None, None]:
    """(``opened`` bits, other test) outside which ``extract_clause`` finds nothing: a mechanism
    rule's requirement or the destinations' transfer context (see ``policylens.extract.extract``)."""
    context = _context_gate()
    return gate_bits(rule_set_bits(_mechanism_rules()[1]), getattr(context, "bit", None)), None


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
