"""Shared helpers for the aspect extractors (negation, modality, lexicon matching).

Append-only for the aspect modules: add a helper here when two aspects need it.
"""

from __future__ import annotations

import re
import re._constants as _sre_c  # the parsed-regex opcodes (stable since 3.11)
import re._parser as _sre_parser
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
    # prefilter derived from ``regex`` (see ``required_literals``): the regex cannot match a text
    # that contains none of these strings; None = no usable literal, always run the regex
    literals: tuple[str, ...] | None = None
    literals_ci: bool = True  # literals are lower-cased and checked in the lower-cased text


# --- literal prefilter -----------------------------------------------------------------------
# Running every rule's finditer over every clause dominated extraction time. Most rules need a
# fixed word ("portability", "standard contractual") that most clauses lack, so each rule gets a
# set of literal strings derived from its parsed regex such that every match contains at least
# one of them; a plain ``in`` test on the clause then skips the regex. The derivation is
# conservative (anything it does not understand contributes nothing), so results are unchanged.

_MAX_LITERALS = 64
# non-ASCII characters that ``re.IGNORECASE`` matches to ASCII letters (dotted/dotless i, long s,
# Kelvin sign): a text holding one of them bypasses the case-insensitive prefilter
_CASE_TRAPS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two required-literal sets (longer shortest literal, then fewer)."""
    if a is None:
        return b
    if b is None:
        return a
    ka = (min(map(len, a)), -len(a))
    kb = (min(map(len, b)), -len(b))
    return b if kb > ka else a


def _required(items, ci: bool, cap: int = _MAX_LITERALS) -> frozenset[str] | None:  # noqa: ANN001
    """A set of strings one of which every match of the parsed sequence ``items`` contains
    (``items``: a ``re._parser.SubPattern``; alternations of more than ``cap`` strings give up)."""
    best: frozenset[str] | None = None
    run: list[str] = []
    for op, av in items:
        if op is _sre_c.LITERAL and av < 128:
            run.append(chr(av).lower() if ci else chr(av))
            continue
        if run:
            best = _better(best, frozenset(("".join(run),)))
            run = []
        sub: frozenset[str] | None = None
        if op is _sre_c.SUBPATTERN:
            _group, add_flags, _del_flags, pattern = av
            if ci or not add_flags & re.IGNORECASE:  # a case-insensitive island breaks exact literals
                sub = _required(pattern, ci, cap)
        elif op is _sre_c.ATOMIC_GROUP:
            sub = _required(av, ci, cap)
        elif op is _sre_c.BRANCH:
            subs = [_required(branch, ci, cap) for branch in av[1]]
            if all(x is not None for x in subs):
                sub = frozenset().union(*subs)
                if len(sub) > cap:
                    sub = None
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, _sre_c.POSSESSIVE_REPEAT):
            low, _high, pattern = av
            if low >= 1:
                sub = _required(pattern, ci, cap)
        best = _better(best, sub)
    if run:
        best = _better(best, frozenset(("".join(run),)))
    return best


def required_literals(regex: re.Pattern[str], cap: int = _MAX_LITERALS) -> tuple[str, ...] | None:
    """Strings one of which every match of ``regex`` contains (lower-cased when the regex ignores
    case, ASCII only), or None when no such set could be derived."""
    ci = bool(regex.flags & re.IGNORECASE)
    found = _required(_sre_parser.parse(regex.pattern, regex.flags), ci, cap)
    return tuple(sorted(found)) if found else None


# regex id -> (regex, test, case-insensitive); identity-keyed because hashing a compiled pattern
# of hundreds of names on every call would cost more than the check saves
_GATES: dict[int, tuple[re.Pattern[str], object, bool]] = {}
#: up to this many literals one alternation search is faster than ``in`` tests; beyond, the
#: ``in`` tests win (measured on the corpora's clauses)
_ALTERNATION_MAX = 32


def _gate_test(literals: tuple[str, ...] | None):  # noqa: ANN202
    if literals is None:
        return None
    if len(literals) <= _ALTERNATION_MAX:
        return _alternation(literals).search  # plain strings only: linear
    return lambda text: any(lit in text for lit in literals)


def fold(text: str) -> tuple[str, bool]:
    """(lower-cased ``text``, whether it holds a case trap): ``may_match``'s per-text work, for
    callers that test several regexes against one text."""
    return text.lower(), any(c in text for c in _CASE_TRAPS)


def may_match(regex: re.Pattern[str], text: str, folded: tuple[str, bool] | None = None) -> bool:
    """False only when ``regex`` certainly has no match in ``text`` (none of its required
    literals occurs): a cheap test before ``finditer`` over long lexicon alternations.
    ``folded``: ``fold(text)``, when the caller already has it."""
    gate = _GATES.get(id(regex))
    if gate is None or gate[0] is not regex:
        gate = _GATES[id(regex)] = (regex, _gate_test(required_literals(regex, cap=100_000)),
                                    bool(regex.flags & re.IGNORECASE))
    _, test, ci = gate
    if test is None:
        return True
    if ci:
        lower, traps = folded or fold(text)
        if traps:
            return True
        return bool(test(lower))
    return bool(test(text))


# tuple id -> (tuple, case-insensitive test, case-sensitive test, some regex without literals)
_ANY_GATES: dict[int, tuple[tuple[re.Pattern[str], ...], object, object, bool]] = {}


def may_match_any(regexes: tuple[re.Pattern[str], ...], text: str,
                  folded: tuple[str, bool] | None = None) -> bool:
    """False only when none of ``regexes`` can match in ``text`` (one test for a whole list;
    ``regexes`` should be a long-lived tuple, the gate is cached by its identity)."""
    gate = _ANY_GATES.get(id(regexes))
    if gate is None or gate[0] is not regexes:
        found = [(required_literals(rx, cap=100_000), bool(rx.flags & re.IGNORECASE)) for rx in regexes]
        ci = tuple(sorted({lit for lits, c in found if c and lits for lit in lits}))
        cs = tuple(sorted({lit for lits, c in found if not c and lits for lit in lits}))
        gate = _ANY_GATES[id(regexes)] = (regexes, _gate_test(ci) if ci else None,
                                          _gate_test(cs) if cs else None,
                                          any(lits is None for lits, _ in found))
    _, test_ci, test_cs, always = gate
    if always:
        return True
    if test_cs is not None and test_cs(text):
        return True
    if test_ci is not None:
        lower, traps = folded or fold(text)
        return traps or bool(test_ci(lower))
    return False


@dataclass(frozen=True, slots=True)
class _Prefilter:
    """The literals of a rule set, looked up once per clause instead of once per rule."""

    rules: tuple[Rule, ...]
    literals_ci: tuple[str, ...]
    literals_cs: tuple[str, ...]
    by_literal_ci: dict[str, tuple[int, ...]]  # literal -> positions of the rules needing it
    by_literal_cs: dict[str, tuple[int, ...]]
    unfiltered: tuple[int, ...]  # rules without literals (always run)
    ci_rules: tuple[int, ...]  # rules with case-insensitive literals (all run on a "case trap")


def _alternation(literals: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(literals), key=lambda x: (-len(x), x))
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def _build_prefilter(rules: tuple[Rule, ...]) -> _Prefilter:
    ci = {lit for r in rules if r.literals is not None and r.literals_ci for lit in r.literals}
    cs = {lit for r in rules if r.literals is not None and not r.literals_ci for lit in r.literals}
    by_ci: dict[str, list[int]] = {}
    by_cs: dict[str, list[int]] = {}
    for i, r in enumerate(rules):
        for lit in r.literals or ():
            (by_ci if r.literals_ci else by_cs).setdefault(lit, []).append(i)
    # (one alternation of all literals as a first gate was measured slower than these ``in`` tests)
    return _Prefilter(rules, tuple(sorted(ci)), tuple(sorted(cs)),
                      {k: tuple(v) for k, v in by_ci.items()}, {k: tuple(v) for k, v in by_cs.items()},
                      tuple(i for i, r in enumerate(rules) if r.literals is None),
                      tuple(i for i, r in enumerate(rules) if r.literals is not None and r.literals_ci))


_PREFILTERS: dict[int, _Prefilter] = {}


def _prefilter(rules: tuple[Rule, ...]) -> _Prefilter:
    # keyed by identity: load_rules hands out the same cached tuple every time (kept alive here)
    pf = _PREFILTERS.get(id(rules))
    if pf is None or pf.rules is not rules:
        pf = _PREFILTERS[id(rules)] = _build_prefilter(rules)
    return pf


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
        regex = _compile(expand(p["regex"]), cs)
        rules.append(Rule(
            id=p["id"], value=str(p["value"]), regex=regex,
            explain=p.get("explain", ""), negatable=bool(p.get("negatable", True)),
            negation_window=int(p.get("negation_window", 40)), needs=needs,
            requires=_compile(p["requires"]) if p.get("requires") else None,
            excludes=_compile(p["excludes"]) if p.get("excludes") else None,
            excludes_left=_compile(p["excludes_left"] + r"\s*$") if p.get("excludes_left") else None,
            check_disclaimer=bool(p.get("check_disclaimer", True)),
            group=p.get("group"),
            literals=required_literals(regex), literals_ci=bool(regex.flags & re.IGNORECASE),
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
    rules = tuple(rules)
    pf = _prefilter(rules)
    lower = text.lower()
    traps = any(c in text for c in _CASE_TRAPS)  # case-insensitive literals are unreliable then
    # the rules (by position, so they run in file order) one of whose literals occurs
    selected = set(pf.unfiltered)
    if traps:
        selected.update(pf.ci_rules)
    else:
        for lit in pf.literals_ci:
            if lit in lower:
                selected.update(pf.by_literal_ci[lit])
    for lit in pf.literals_cs:
        if lit in text:
            selected.update(pf.by_literal_cs[lit])
    for i in sorted(selected):
        rule = rules[i]
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
