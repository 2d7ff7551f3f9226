"""Shared helpers for the aspect extractors (negation, modality, lexicon matching).

Append-only for the aspect modules: add a helper here when two aspects need it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from policylens.resources import load_data
from policylens.schema import Finding

# A negation cue shortly before a match flips its meaning ("we do not sell", "never share").
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|neither|nor|cannot|without)\b|n['’]t\b",
    re.IGNORECASE,
)


def negated_before(text: str, pos: int, window: int = 40) -> bool:
    """True when a negation cue occurs in the ``window`` characters before ``pos`` in the same
    clause segment (stops at sentence/clause punctuation)."""
    left = text[max(0, pos - window):pos]
    cut = max(left.rfind(";"), left.rfind("."), left.rfind(":"))
    if cut >= 0:
        left = left[cut + 1:]
    return bool(_NEGATION.search(left))


# --- appended for retention/children/facts (sentence windows) ---------------------------------
# A sentence ends at . ! ? followed by space + an opening capital/quote/bracket, at ';', at a
# blank line or at a line break before a bullet / numbered item. "e.g., x" and "U.S. users" do
# not end one (lower case / comma follows), nor does a single line break: HTML and wrapped text
# break lines inside sentences ("In Japan, you must\nbe at least 18").
_SENTENCE_END = re.compile(
    r"[.!?][\"'”’)\]]?\s+(?=[\"'“‘(\[]?[A-Z0-9•·\-–])|;\s|\n[ \t]*\n"
    r"|\n(?=[ \t]*(?:[•·▪◦*\-–]|\d{1,2}[.)]\s))")


def sentence_span(text: str, pos: int, max_back: int = 400, max_ahead: int = 400) -> tuple[int, int]:
    """(start, end) of the sentence around ``pos`` in ``text``, looking at most ``max_back`` /
    ``max_ahead`` characters either way (bounded, so linear over many calls on long clauses)."""
    lo = max(0, pos - max_back)
    start = lo
    for m in _SENTENCE_END.finditer(text, lo, pos):
        start = m.end()
    hi = min(len(text), pos + max_ahead)
    m = _SENTENCE_END.search(text, pos, hi)
    end = m.start() + 1 if m else hi
    return start, min(end, len(text))


# ---------------------------------------------------------------------------------------------
# Rule engine shared by the lexicon-driven aspects (rights, transfers, legal bases, laws).
#
# A rules file (``patterns_<aspect>.yaml``) holds ``contexts`` (named cue regexes and where to
# look for them: the sentence around a match, the clause lead-in, the section path) and
# ``patterns`` (id, value, regex, explanation, plus optional guards). Every regex must be
# linear-time: no nested quantifiers, bounded gaps only (``[^.;]{0,60}``).
# ---------------------------------------------------------------------------------------------

#: how far a sentence may reach around a match (keeps the work per match bounded on 1 MB clauses)
SENTENCE_REACH = 400

# A sentence ends at . ! ? ; followed by whitespace, or at a line break (list items, table rows).
_SENT_END = re.compile(r"[.!?;](?=\s)|\n")

# "this right is not applicable", "these bases do not apply": the clause disclaims what it names.
_DISCLAIMER = re.compile(
    r"\b(?:(?:is|are|be)\s+(?:likely\s+|currently\s+)?not\s+(?:applicable|relevant)"
    r"|(?:does|do)\s+not\s+(?:currently\s+)?apply|(?:doesn't|don't)\s+apply|inapplicable)\b",
    re.IGNORECASE,
)


def sentence_bounds(text: str, start: int, end: int, reach: int = SENTENCE_REACH) -> tuple[int, int]:
    """(s, e): the sentence of ``text`` containing ``text[start:end]``, at most ``reach``
    characters on either side of the match."""
    lo = max(0, start - reach)
    s = lo
    for m in _SENT_END.finditer(text, lo, start):
        s = m.end()
    m = _SENT_END.search(text, end, min(len(text), end + reach))
    e = m.end() if m else min(len(text), end + reach)
    return s, e


def disclaimed(sentence: str) -> bool:
    """True when the sentence says what it names does not apply ("these bases are not applicable")."""
    return bool(_DISCLAIMER.search(sentence))


@dataclass(frozen=True, slots=True)
class Context:
    """A named cue: ``regex`` looked for in the places listed (sentence, lead_in, section, clause)."""

    name: str
    regex: re.Pattern[str]
    where: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern of a rules file (see module comment)."""

    id: str
    value: str
    regex: re.Pattern[str]
    explain: str = ""
    negatable: bool = True
    negation_window: int = 40
    needs: tuple[str, ...] = ()  # any-of context names; empty = no context needed
    requires: re.Pattern[str] | None = None  # must match in the sentence
    excludes: re.Pattern[str] | None = None  # must not match in the sentence
    excludes_left: re.Pattern[str] | None = None  # must not match just before the match
    check_disclaimer: bool = True
    group: str | None = None  # named group giving the evidence span (default: whole match)


def _compile(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)


def compile_rules(spec: Mapping) -> tuple[dict[str, Context], tuple[Rule, ...]]:
    """Contexts and rules of a parsed rules file."""
    contexts = {
        name: Context(name, _compile(c["regex"], c.get("case_sensitive", False)),
                      tuple(c.get("where", ("sentence",))))
        for name, c in (spec.get("contexts") or {}).items()
    }
    macros = dict(spec.get("macros") or {})

    def expand(regex: str) -> str:
        # ``<<NAME>>`` in a regex stands for ``macros[NAME]`` (shared sub-patterns, written once)
        for name, value in macros.items():
            regex = regex.replace(f"<<{name}>>", value)
        return regex

    rules = []
    for p in spec.get("patterns") or ():
        cs = bool(p.get("case_sensitive", False))
        needs = tuple(p.get("needs") or ())
        unknown = [n for n in needs if n not in contexts]
        if unknown:
            raise ValueError(f"pattern {p['id']}: unknown contexts {unknown}")
        rules.append(Rule(
            id=p["id"], value=str(p["value"]), regex=_compile(expand(p["regex"]), cs),
            explain=p.get("explain", ""), negatable=bool(p.get("negatable", True)),
            negation_window=int(p.get("negation_window", 40)), needs=needs,
            requires=_compile(p["requires"]) if p.get("requires") else None,
            excludes=_compile(p["excludes"]) if p.get("excludes") else None,
            excludes_left=_compile(p["excludes_left"] + r"\s*$") if p.get("excludes_left") else None,
            check_disclaimer=bool(p.get("check_disclaimer", True)),
            group=p.get("group"),
        ))
    return contexts, tuple(rules)


@cache
def load_rules(name: str) -> tuple[dict[str, Context], tuple[Rule, ...]]:
    """Compiled contexts and rules of ``policylens/data/<name>`` (cached)."""
    return compile_rules(load_data(name))


def context_holds(context: Context, sentence: str, text: str, lead_in: str, section: str) -> bool:
    places = {"sentence": sentence, "clause": text, "lead_in": lead_in, "section": section}
    return any(context.regex.search(places[w]) for w in context.where if places.get(w))


def apply_rules(text: str, rules: Iterable[Rule], contexts: Mapping[str, Context], aspect: str,
                lead_in: str = "", section: str = "") -> list[Finding]:
    """Run ``rules`` over ``text``; one finding per surviving match, offsets relative to ``text``.

    A match survives when it is not negated just before it (``negatable``), the sentence does not
    disclaim it, any-of its ``needs`` contexts holds, ``requires`` matches in the sentence and
    ``excludes`` does not. Overlapping matches of the same value are reported once, with the
    longest evidence (ties: the rule listed first).
    """
    found: list[Finding] = []
    candidates: list[Finding] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    for rule in rules:
        for m in rule.regex.finditer(text):
            g = rule.group if rule.group and m.group(rule.group) is not None else 0
            start, end = m.start(g), m.end(g)
            if end <= start:
                continue
            s, e = sentence_bounds(text, m.start(), m.end())
            sentence = text[s:e]
            if rule.negatable and negated_before(text, m.start(), rule.negation_window):
                continue
            if rule.excludes_left and rule.excludes_left.search(text, max(0, m.start() - 60), m.start()):
                continue
            if rule.check_disclaimer and disclaimed(sentence):
                continue
            if rule.requires and not rule.requires.search(sentence):
                continue
            if rule.excludes and rule.excludes.search(sentence):
                continue
            if rule.needs and not any(
                context_holds(contexts[n], sentence, text, lead_in, section) for n in rule.needs
            ):
                continue
            candidates.append(Finding(aspect=aspect, value=rule.value, start=start, end=end,
                                      evidence=text[start:end], rule=rule.id))
    # overlapping matches of one value: keep the longest evidence (then the earliest rule)
    candidates.sort(key=lambda f: f.start - f.end)
    for f in candidates:
        spans = taken.setdefault(f.value, [])
        if any(a < f.end and f.start < b for a, b in spans):
            continue
        spans.append((f.start, f.end))
        found.append(f)
    found.sort(key=lambda f: (f.start, f.end, f.value))
    return found


def negated_before_typographic(text: str, pos: int, window: int = 40) -> bool:
    """``negated_before`` that also reads typographic apostrophes ("don’t", "won’t"), which are
    common in policies pasted from word processors."""
    left = text[max(0, pos - window):pos].replace("’", "'").replace("‘", "'")
    return negated_before(left, len(left), window)
