"""Shared helpers for the aspect extractors (negation, modality, lexicon matching).

Append-only for the aspect modules: add a helper here when two aspects need it.
"""

from __future__ import annotations

import re
import re._constants as _sre_c  # the parsed-regex opcodes (stable since 3.11)
import re._parser as _sre_parser
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import NamedTuple

from policylens.extract.literals import LiteralIndex, trie_pattern
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
    # literals derived from ``regex`` (see ``required_literals``): the regex cannot match a text
    # that contains none of these strings; None = no usable literal. (``apply_rules`` now uses
    # the finer ``regex_requirement``; kept for callers that read them.)
    literals: tuple[str, ...] | None = None
    literals_ci: bool = True  # literals are lower-cased and checked in the lower-cased text


# --- case-insensitive regexes run on the lower-cased clause ----------------------------------
# ``re.IGNORECASE`` matching is several times slower than plain matching. A case-insensitive
# regex whose every character test is "case-closed" (ASCII letters written in lower case, other
# characters caseless; classes of such characters or of \w \d \s; no inline flag changes, no
# back-references) matches a trap-free text exactly where the same regex without the flag
# matches the lower-cased text (same offsets, same groups; see ``fold``).

_CLOSED_CATEGORIES = {getattr(_sre_c, f"CATEGORY_{n}") for n in
                      ("DIGIT", "NOT_DIGIT", "SPACE", "NOT_SPACE", "WORD", "NOT_WORD")}


def _closed_char(code: int) -> bool:
    ch = chr(code)
    if ch.isascii():
        return not ch.isupper()
    return not ch.isalpha() and ch.lower() == ch == ch.upper()


def _closed_range(lo: int, hi: int) -> bool:
    if ord("a") <= lo <= hi <= ord("z"):
        return True
    return all(_closed_char(c) and not chr(c).isalpha() for c in range(lo, hi + 1))


def _case_closed(items) -> bool:  # noqa: ANN001, C901 - one branch per regex opcode
    for op, av in items:
        if op in (_sre_c.LITERAL, _sre_c.NOT_LITERAL):
            if not _closed_char(av):
                return False
        elif op is _sre_c.IN:
            for iop, iav in av:
                ok = (iop is _sre_c.NEGATE or (iop is _sre_c.LITERAL and _closed_char(iav))
                      or (iop is _sre_c.RANGE and _closed_range(*iav))
                      or (iop is _sre_c.CATEGORY and iav in _CLOSED_CATEGORIES))
                if not ok:
                    return False
        elif op in (_sre_c.ANY, _sre_c.AT):
            continue
        elif op is _sre_c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags or not _case_closed(sub):
                return False
        elif op is _sre_c.BRANCH:
            if not all(_case_closed(b) for b in av[1]):
                return False
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, _sre_c.POSSESSIVE_REPEAT):
            if not _case_closed(av[2]):
                return False
        elif op is _sre_c.ATOMIC_GROUP:
            if not _case_closed(av):
                return False
        elif op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
            if not _case_closed(av[1]):
                return False
        else:
            return False  # back-references, conditionals, anything unforeseen
    return True


def lower_twin(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """``regex`` without ``re.IGNORECASE``, to run on ``fold(text)[0]`` of a trap-free text
    (same matches, offsets and groups as ``regex`` on ``text``); None when ``regex`` is
    case-sensitive or not case-closed (then run ``regex`` itself)."""
    if not regex.flags & re.IGNORECASE:
        return None
    if not _case_closed(_sre_parser.parse(regex.pattern, regex.flags)):
        return None
    return re.compile(regex.pattern, regex.flags & ~re.IGNORECASE)


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
#: up to this many literals one alternation search is used; beyond, one ``LiteralIndex`` scan
#: (6x faster than ``in`` tests at 400 literals, measured on the corpora's clauses)
_ALTERNATION_MAX = 32


def _alternation(literals: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted(set(literals), key=lambda x: (-len(x), x))
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def _gate_test(literals: tuple[str, ...] | None):  # noqa: ANN202
    if literals is None:
        return None
    if len(literals) <= _ALTERNATION_MAX:
        return _alternation(literals).search  # plain strings only: linear
    return LiteralIndex(literals).search


def fold(text: str) -> tuple[str, bool]:
    """(lower-cased ``text``, whether it holds a case trap): ``may_match``'s per-text work, for
    callers that test several regexes against one text."""
    # (an ASCII-only text holds no trap; ``isascii`` is O(1) on CPython)
    return text.lower(), not text.isascii() and any(c in text for c in _CASE_TRAPS)


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


# --- requirement trees: which literals a match needs, and in which combination ------------------
# ``required_literals`` keeps one set of literals per rule (one of them must occur). A rule such
# as "(correct|update|...) your (data|information)" then waits on "data", which most clauses
# hold. ``regex_requirement`` keeps every necessary literal with its logic (a sequence needs all
# of its parts, an alternation one of its branches; positive lookarounds count, as their text
# lies in the clause too), flattened to "any of these conjunctions" (DNF). A clause whose
# literals satisfy no conjunction cannot match, so the regex is skipped; anything the derivation
# does not understand adds no requirement, and dropping a requirement only weakens the test, so
# the findings never change. All literals are lower-cased and looked up in the lower-cased
# clause: for a case-sensitive regex that is a weaker but still necessary condition. A literal
# starting with a word character right after ``\b`` or after a non-word character is marked
# "at a word start": it must occur where a word starts, which a scan tests only after the
# non-word characters of the text (about one position in five).

#: literals shorter than this (after stripping blanks) occur almost everywhere: no requirement
_MIN_LITERAL = 3
#: an alternation of more literals than this is no useful requirement
_TREE_CAP = 256
#: at most this many conjunctions per rule; beyond, an alternation is merged into one set
_DNF_CAP = 32
# words nearly every clause holds: a literal set holding one is a poor first gate (speed only;
# the requirement itself is still checked)
_COMMON_WORDS = frozenset(("a", "an", "and", "any", "are", "as", "at", "be", "by", "data", "for",
    "from", "have", "how", "if", "in", "info", "information", "is", "it", "may", "of", "on", "or",
    "our", "personal", "that", "the", "their", "this", "to", "us", "use", "we", "what", "when",
    "which", "will", "with", "you", "your"))

#: (lower-cased literal, whether it must start at a word boundary)
LiteralKey = tuple[str, bool]
Requirement = tuple[tuple[frozenset[LiteralKey], ...], ...]
# a requirement is a tuple of conjunctions; a conjunction a tuple of literal sets (each: one of
# its literals must occur). ``()`` = impossible is never built; ``((),)`` = no requirement.
_FREE: Requirement = ((),)


def _set_strength(lits: frozenset[LiteralKey]) -> tuple[bool, bool, int, int]:
    """How good a first gate a literal set is (higher = better): rare-looking literals (its
    weakest one decides), then scannable at word starts only, then few literals."""
    weakest = min(0 if lit.strip() in _COMMON_WORDS else len(lit.strip()) for lit, _ in lits)
    return weakest > 0, all(at_word for _, at_word in lits), weakest, -len(lits)


def _best_set(conj: tuple[frozenset[LiteralKey], ...]) -> frozenset[LiteralKey]:
    return max(conj, key=_set_strength)


def _collapse(dnf: Requirement) -> Requirement:
    """A weaker one-conjunction form of ``dnf``: some conjunction holds only if a literal of the
    union of their first-gate sets occurs."""
    if len(dnf) <= 1:
        return dnf
    merged = frozenset().union(*(_best_set(c) for c in dnf))
    return _FREE if len(merged) > _TREE_CAP else ((merged,),)


def _and(a: Requirement, b: Requirement) -> Requirement:
    if a == _FREE:
        return b
    if b == _FREE:
        return a
    if len(a) * len(b) > _DNF_CAP:  # too many combinations: weaken the side with more
        a, b = (_collapse(a), b) if len(a) >= len(b) else (a, _collapse(b))
        if len(a) * len(b) > _DNF_CAP:
            a, b = _collapse(a), _collapse(b)
        if a == _FREE or b == _FREE:
            return b if a == _FREE else a
    return tuple(tuple(dict.fromkeys(x + y)) for x in a for y in b)


def _or(parts: list[Requirement]) -> Requirement:
    if any(p == _FREE for p in parts):
        return _FREE
    # conjunctions of one set are alternatives of literals: one set (exact)
    single: set[LiteralKey] = set()
    multi = []
    for p in parts:
        for conj in p:
            if len(conj) == 1:
                single |= conj[0]
            else:
                multi.append(conj)
    if len(single) > _TREE_CAP:
        return _FREE
    dnf = (((frozenset(single),),) if single else ()) + tuple(dict.fromkeys(multi))
    return dnf if len(dnf) <= _DNF_CAP else _collapse(dnf)


def _lit_req(run: list[str], at_word: bool) -> Requirement:
    lit = "".join(run)
    if not at_word and not _is_word(lit[0]):
        # " data": then "data" starts a word (a scan looks for those at word starts only)
        k = next((i for i, ch in enumerate(lit) if _is_word(ch)), len(lit))
        if len(lit[k:].strip()) >= _MIN_LITERAL:
            lit, at_word = lit[k:], True
    return ((frozenset(((lit, at_word),)),),) if len(lit.strip()) >= _MIN_LITERAL else _FREE


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _nonword_class(items, unicode: bool) -> bool:  # noqa: ANN001
    """Whether a character class (``IN`` items) holds only non-word characters (Unicode ones;
    ``unicode``: the class's ``\\w`` is Unicode too, not ``re.ASCII``'s)."""
    if items and items[0][0] is _sre_c.NEGATE:  # [^\w...]: everything but word characters and more
        return unicode and (_sre_c.CATEGORY, _sre_c.CATEGORY_WORD) in items[1:]
    for op, av in items:
        if op is _sre_c.LITERAL:
            if av >= 128 or _is_word(chr(av)):
                return False
        elif op is _sre_c.CATEGORY:
            if not (av is _sre_c.CATEGORY_SPACE or (unicode and av is _sre_c.CATEGORY_NOT_WORD)):
                return False
        else:
            return False
    return True


def _requirement(items, at_word: bool, after_nonword: bool, word_b: bool,  # noqa: ANN001, C901
                 prefix: str = "") -> tuple[Requirement, bool]:
    """(DNF requirement of the parsed sequence ``items`` (a ``re._parser.SubPattern``), whether
    the character before the end of any match of it is a non-word character).

    Where the sequence starts: ``at_word``: right after ``\\b``; ``after_nonword``: after a
    non-word character (or the start of the text). A literal starting there (a word-character
    literal after a non-word character) starts at a word boundary. ``word_b``: ``\\b`` means a
    Unicode word boundary (not ``re.ASCII``). ``prefix``: literal text right before the sequence
    (the parser moves a prefix shared by all branches out of an alternation: "c(?:cpa|alif)")."""
    req = _FREE
    run: list[str] = list(prefix)
    run_at_word = at_word
    if prefix:
        at_word, after_nonword = False, not _is_word(prefix[-1])
    for op, av in items:
        if op is _sre_c.LITERAL and av < 128:
            ch = chr(av).lower()
            if not run:  # (only word-character literals are looked for at word starts)
                run_at_word = (at_word or after_nonword) and _is_word(ch)
            run.append(ch)
            at_word, after_nonword = False, not _is_word(ch)
            continue
        if run and op in (_sre_c.BRANCH, _sre_c.SUBPATTERN):
            # the pending literal text continues into the group
            joined = "".join(run)
            run = []
            branches = av[1] if op is _sre_c.BRANCH else [av[3]]
            subs = [_requirement(b, run_at_word, False, word_b, joined) for b in branches]
            req = _and(req, _or([r for r, _ in subs]))
            at_word, after_nonword = False, all(end for _, end in subs)
            continue
        if run:
            req = _and(req, _lit_req(run, run_at_word))
            run = []
        sub = _FREE
        if op is _sre_c.AT:
            if av is _sre_c.AT_BOUNDARY and word_b:
                at_word = True
            elif av in (_sre_c.AT_BEGINNING, _sre_c.AT_BEGINNING_STRING):
                after_nonword = True  # the text start, or a line start after "\n"
            continue  # zero width: the position keeps its properties
        if op in (_sre_c.ASSERT, _sre_c.ASSERT_NOT):
            if op is _sre_c.ASSERT:  # positive lookahead/lookbehind: its text is in the clause too
                direction, pattern = av
                if direction == 1:
                    sub = _requirement(pattern, at_word, after_nonword, word_b)[0]
                else:
                    sub = _requirement(pattern, False, False, word_b)[0]
                req = _and(req, sub)
            continue
        if op is _sre_c.SUBPATTERN:
            sub, end = _requirement(av[3], at_word, after_nonword, word_b)
        elif op is _sre_c.ATOMIC_GROUP:
            sub, end = _requirement(av, at_word, after_nonword, word_b)
        elif op is _sre_c.BRANCH:
            subs = [_requirement(b, at_word, after_nonword, word_b) for b in av[1]]
            sub, end = _or([r for r, _ in subs]), all(e for _, e in subs)
        elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT, _sre_c.POSSESSIVE_REPEAT):
            low, _high, pattern = av
            first, end = _requirement(pattern, at_word, after_nonword, word_b)
            if low >= 1:  # the first repetition starts here
                sub = first
            else:  # skipped (a word boundary or a non-word character before), or taken
                end = end and (after_nonword or at_word)
        elif op is _sre_c.IN:
            end = _nonword_class(av, word_b)
        elif op is _sre_c.LITERAL:  # non-ASCII
            end = False
        else:
            end = False
        req = _and(req, sub)
        at_word, after_nonword = False, end
    if run:
        req = _and(req, _lit_req(run, run_at_word))
    return req, after_nonword


def regex_requirement(regex: re.Pattern[str]) -> Requirement:
    """Literal requirement of ``regex`` as "any of these conjunctions": every match lies in a
    text whose lower-cased form, for some conjunction, holds a literal of each of its sets (at
    a word boundary when so marked; texts with case traps aside). ``((),)`` when nothing is
    required."""
    parsed = _sre_parser.parse(regex.pattern, regex.flags)
    return _requirement(parsed, False, False, not regex.flags & re.ASCII)[0]


# --- one literal scan per clause, shared by every rule set ---------------------------------------
# Each rule set used to test its own literals on every clause; now the first-gate literals of
# every rule set (and the destination lexicon's, see ``transfers``) are found by one scan per
# clause text, which ``apply_rules`` for rights, transfers, legal bases and laws on the same
# clause reuse (a one-entry cache keyed by the text object). Word-start literals are looked for
# at word boundaries only; the few others by a full scan (``in`` tests while they are few).

class _WordStartIndex(LiteralIndex):
    """``LiteralIndex`` of literals starting with a word character whose ``present`` reports
    those that start a word (after a non-word character or at the text start, i.e. at a
    Unicode ``\\b``). The scan looks for a non-word character followed by a literal, so the
    regex engine skips the word characters (most of the text) in its fast prefix loop."""

    def __init__(self, literals: Iterable[str]) -> None:
        lits = set(literals)
        if not all(_is_word(lit[0]) for lit in lits):
            raise ValueError("word-start literals must start with a word character")
        super().__init__(lits)

    @cached_property
    def _each(self) -> re.Pattern[str] | None:
        if not self.literals:
            return None
        return re.compile(r"\W(?=(" + trie_pattern(self.literals) + "))")

    @cached_property
    def _any(self) -> re.Pattern[str] | None:
        if not self.literals:
            return None
        return re.compile(r"\W" + trie_pattern(self.literals))

    def search(self, text: str) -> bool:
        return super().search(" " + text)

    def present(self, text: str) -> set[str]:
        return super().present(" " + text)  # a non-word character before the text start

    def positions(self, text: str) -> list[tuple[int, str]]:
        # a match starts at the non-word character, one before the literal in the padded text
        return super().positions(" " + text)


#: up to this many anywhere-literals, plain ``in`` tests (C string search, ~50 ns each on a clause)
#: beat a full regex scan (~100 ns per character)
_IN_TESTS_MAX = 64


# prefix of an anywhere-literal's key (word-start literals start with a word character instead)
_ANY_KEY = "\x00"


class ClauseScan(NamedTuple):
    """One clause text's shared scan (see ``scan_literals``)."""

    lower: str  # the lower-cased text
    traps: bool  # it holds a case trap (lower-cased literals are unreliable then)
    at_word: set[str]  # registered word-start literals found at a word start (read only)
    anywhere: set[str]  # registered anywhere-literals found anywhere (read only)
    keys: set[str]  # both in one key space: ``at_word`` and ``_ANY_KEY + lit`` for ``anywhere``
    # bit of every registered requirement (a gate, or a rule set: see ``add_requirement``) some
    # conjunction of which holds in the text; every bit set when ``traps``
    opened: int


class _SharedScan:
    # Thread safety: registrations are serialised by a lock; the literal sets are replaced, never
    # mutated, before the version moves on, so a scan reads consistent sets without the lock (an
    # index built from newer sets than its version says is merely rebuilt once more).
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.at_word: frozenset[str] = frozenset()
        self.anywhere: frozenset[str] = frozenset()
        self.version = 0  # moves on with every registration (literals or requirements)
        self._literals_version = 0  # moves on when the literal sets change (the index is rebuilt)
        self._indexes: tuple[int, _WordStartIndex, LiteralIndex | tuple[str, ...]] | None = None
        # registered requirements: their entries (the bit of requirement i is ``1 << i``), the
        # same requirement registered again gets its first bit back
        self._requirements: tuple[_Entries, ...] = ()
        self._bits: dict[frozenset, int] = {}
        # (version, first-gate key -> ((requirement bit, other literal sets), ...))
        self._combined: tuple[int, dict[str, tuple[tuple[int, tuple[tuple[str, ...], ...]], ...]]] = (0, {})
        # (text, version, scan): one tuple, replaced at once (safe to read from several threads)
        self.last: tuple[str, int, ClauseScan] | None = None

    def register(self, literals: Iterable[LiteralKey]) -> None:
        pairs = list(literals)
        with self._lock:
            at_word = {lit for lit, w in pairs if w} - self.at_word
            anywhere = {lit for lit, w in pairs if not w} - self.anywhere
            if at_word or anywhere:
                self.at_word = self.at_word | at_word
                self.anywhere = self.anywhere | anywhere
                self._literals_version += 1
                self.version += 1

    def add_requirement(self, entries: _Entries) -> int:
        """The bit ``ClauseScan.opened`` sets for texts where ``entries`` (keyed like
        ``ClauseScan.keys``, their first-gate literals already registered) has a conjunction
        that holds."""
        key = frozenset(entries.items())
        with self._lock:
            bit = self._bits.get(key)
            if bit is None:
                bit = self._bits[key] = 1 << len(self._requirements)
                self._requirements = (*self._requirements, entries)
                self.version += 1
            return bit

    def _combined_entries(self, version: int) -> dict[str, tuple[tuple[int, tuple[tuple[str, ...], ...]], ...]]:
        combined = self._combined
        if combined[0] == version:
            return combined[1]
        by: dict[str, dict[tuple[int, tuple[tuple[str, ...], ...]], None]] = {}
        for i, entries in enumerate(self._requirements):
            for key, conjunctions in entries.items():
                for _rule_bit, rest in conjunctions:
                    by.setdefault(key, {})[(1 << i, rest)] = None  # (ordered, without repeats)
        table = {key: tuple(v) for key, v in by.items()}
        self._combined = (version, table)
        return table

    def scan(self, text: str) -> ClauseScan:
        last = self.last
        if last is not None and last[0] is text and last[1] == self.version:
            return last[2]
        version = self.version
        indexes = self._indexes
        if indexes is None or indexes[0] != self._literals_version:
            anywhere = tuple(sorted(self.anywhere))
            indexes = self._indexes = (self._literals_version, _WordStartIndex(self.at_word),
                                       anywhere if len(anywhere) <= _IN_TESTS_MAX else LiteralIndex(anywhere))
        combined = self._combined_entries(version)
        lower, traps = fold(text)
        other = indexes[2]
        at_word = indexes[1].present(lower)
        anywhere = ({lit for lit in other if lit in lower} if isinstance(other, tuple)
                    else other.present(lower))
        keys = at_word | {_ANY_KEY + lit for lit in anywhere} if anywhere else at_word
        opened = -1 if traps else _select(combined, keys, lower, 0)  # (every requirement at once)
        found = ClauseScan(lower, traps, at_word, anywhere, keys, opened)
        self.last = (text, version, found)
        return found


_SCAN = _SharedScan()


def register_literals(literals: Iterable[LiteralKey]) -> None:
    """Add (lower-cased literal, at a word start?) pairs to the shared per-clause scan."""
    _SCAN.register(literals)


def scan_literals(text: str) -> ClauseScan:
    """The shared scan of ``text``: its lower-cased form, whether it holds a case trap, and
    which registered literals occur (word-start ones at a word boundary). Cached for the last
    text object, so the modules reading one clause share one scan."""
    return _SCAN.scan(text)


# first-gate literal -> (rule bit, the other literal sets of the conjunction) per conjunction
_Entries = dict[str, tuple[tuple[int, tuple[tuple[str, ...], ...]], ...]]


@dataclass(frozen=True, slots=True)
class _Prefilter:
    """A rule set's requirements, evaluated against one shared literal scan per clause."""

    rules: tuple[Rule, ...]
    by_key: _Entries  # keyed by word-start literals and ``_ANY_KEY`` + anywhere-literals
    always: int  # rules without any requirement (always run)
    everything: int  # every rule (a clause with a case trap runs them all)
    bit: int  # ``ClauseScan.opened`` bit: some rule's requirement holds


def _requirement_entries(regexes: Iterable[re.Pattern[str]]) -> tuple[_Entries, int, int]:
    """(entries keyed like ``ClauseScan.keys``, bits of the regexes that require nothing, bits of
    all the regexes) for the ``i``-th regex at bit ``1 << i``."""
    by: dict[LiteralKey, list[tuple[int, tuple[tuple[str, ...], ...]]]] = {}
    always = n = 0
    for i, regex in enumerate(regexes):
        n = i + 1
        dnf = regex_requirement(regex)
        if any(not conj for conj in dnf):
            always |= 1 << i
            continue
        for conj in dnf:
            first = _best_set(conj)
            # the other sets by ``in`` tests (a word-start literal occurs anywhere too; scanning
            # for them as well was measured slower), the ones most likely to fail first
            rest = tuple(tuple(sorted({lit for lit, _ in s}))
                         for s in sorted((s for s in conj if s is not first), key=_set_strength,
                                         reverse=True))
            for key in first:
                by.setdefault(key, []).append((1 << i, rest))
    entries = {(lit if w else _ANY_KEY + lit): tuple(v) for (lit, w), v in by.items()}
    return entries, always, (1 << n) - 1


def _register(entries: _Entries) -> int:
    """Register ``entries``' first-gate literals and the requirement with the shared scan; its
    ``ClauseScan.opened`` bit."""
    register_literals((key[1:], False) if key.startswith(_ANY_KEY) else (key, True) for key in entries)
    return _SCAN.add_requirement(entries)


def _build_prefilter(rules: tuple[Rule, ...]) -> _Prefilter:
    entries, always, everything = _requirement_entries(rule.regex for rule in rules)
    return _Prefilter(rules, entries, always, everything, _register(entries))


_PREFILTERS: dict[int, _Prefilter] = {}


def _prefilter(rules: tuple[Rule, ...]) -> _Prefilter:
    # keyed by identity: load_rules hands out the same cached tuple every time (kept alive here)
    pf = _PREFILTERS.get(id(rules))
    if pf is None or pf.rules is not rules:
        pf = _PREFILTERS[id(rules)] = _build_prefilter(rules)
    return pf


def rule_set_bits(rules: tuple[Rule, ...]) -> int | None:
    """The ``ClauseScan.opened`` bit without which ``apply_rules(text, rules, ...)`` finds
    nothing (None when some rule requires no literal and so runs on every clause)."""
    pf = _prefilter(rules)
    return None if pf.always else pf.bit


def gate_bits(*parts: int | None) -> int | None:
    """The union of ``opened`` bits of the parts of a module (None when some part has none)."""
    out = 0
    for bit in parts:
        if bit is None:
            return None
        out |= bit
    return out


def _select(entries: _Entries, found: set[str], lower: str, selected: int) -> int:
    """``selected`` plus the rules one of whose conjunctions, keyed by a literal of ``found``,
    holds in ``lower``."""
    for lit in found & entries.keys():  # (C-level: iterates the smaller side)
        for bit, rest in entries[lit]:
            if selected & bit:
                continue
            for lits in rest:
                for other in lits:
                    if other in lower:
                        break
                else:
                    break  # no literal of this set: the conjunction fails
            else:
                selected |= bit
    return selected


def _candidates(pf: _Prefilter, text: str) -> int:
    """Bit mask of the rules of ``pf`` that may match in ``text``: some conjunction of the rule
    holds, its first-gate set by the shared scan, its other sets by ``in`` tests (reached only
    for the few conjunctions whose first gate passed)."""
    last = _SCAN.last  # (inlined cache hit of ``scan_literals``: called 4 times per clause)
    scan = last[2] if last is not None and last[0] is text and last[1] == _SCAN.version else _SCAN.scan(text)
    if scan.traps:  # case-insensitive literals are unreliable then
        return pf.everything
    if not scan.opened & pf.bit:
        return pf.always  # (most clauses: no rule's requirement holds)
    return _select(pf.by_key, scan.keys, scan.lower, pf.always)


def scan_gate(regexes: Iterable[re.Pattern[str]]) -> Callable[..., bool] | None:
    """``gate(text, fold=None)``: False only when none of ``regexes`` can match in ``text``, read off the
    shared per-clause literal scan (``scan_literals``) instead of a scan of its own; None when
    some regex requires no literal (no such gate exists).

    The scan holds the literals of every rule set and gate, so one trie scan per clause serves
    them all, and a requirement's word-start literals and conjunctions make the gate much more
    selective than "one of the literals occurs somewhere" (``numbers.literal_gate``)."""
    entries, always, _everything = _requirement_entries(regexes)
    if always:
        return None
    bit = _register(entries)

    def gate(text: str, _fold: object = None) -> bool:  # (``fold``: the ``numbers`` gate signature)
        last = _SCAN.last  # (inlined cache hit of ``scan_literals``, as in ``_candidates``)
        scan = last[2] if last is not None and last[0] is text and last[1] == _SCAN.version else _SCAN.scan(text)
        return scan.opened & bit != 0  # (all bits when the text holds a case trap)

    gate.bit = bit  # type: ignore[attr-defined]  # (callers may test several gates at once)
    return gate


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
    for where in context.where:
        if where == "sentence" or where == "clause":  # noqa: PLR1714
            place = sentence if where == "sentence" else text
            if place and context.regex.search(place):
                return True
        elif where == "lead_in" or where == "section":  # noqa: PLR1714
            place = lead_in if where == "lead_in" else section
            if place and _found_in(context.regex, place):
                return True
    return False


# (regex id, lead-in or section) -> (regex, whether it matches): the clauses of a list or a
# section share these, so each is searched once (the memo restarts past _HELD_LIMIT entries;
# keyed by the regex's identity, as ``_TWINS``)
_HELD: dict[tuple[int, str], tuple[re.Pattern[str], bool]] = {}
_HELD_LIMIT = 50_000


def _found_in(regex: re.Pattern[str], place: str) -> bool:
    key = (id(regex), place)
    entry = _HELD.get(key)
    if entry is None or entry[0] is not regex:
        if len(_HELD) >= _HELD_LIMIT:
            _HELD.clear()
        entry = _HELD[key] = (regex, regex.search(place) is not None)
    return entry[1]


def _context_memo(memo: dict[tuple[str, int, int], bool], context: Context, s: int, e: int,  # noqa: PLR0913
                  sentence: str, text: str, lead_in: str, section: str) -> bool:
    key = (context.name, s, e)
    held = memo.get(key)
    if held is None:
        held = memo[key] = context_holds(context, sentence, text, lead_in, section)
    return held


# keyed by identity: hashing a compiled pattern hashes its code (up to ~1.6 us for a rule's
# regex); the entry keeps the pattern alive, so its id is not reused
_TWINS: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}


def _twin(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """``lower_twin(regex)``, remembered (rule regexes are few and live as long as the rules)."""
    entry = _TWINS.get(id(regex))
    if entry is None or entry[0] is not regex:
        entry = _TWINS[id(regex)] = (regex, lower_twin(regex))
    return entry[1]


def _search_folded(regex: re.Pattern[str], sentence: str, lower: str | None, s: int, e: int,  # noqa: PLR0913
                   memo: dict[tuple[int, int], str]) -> bool:
    """Whether ``regex`` matches in ``sentence`` (``text[s:e]``), by its twin in the lower-cased
    sentence when ``lower`` (the trap-free lower-cased text) is given and a twin exists."""
    twin = _twin(regex) if lower is not None else None
    if twin is None:
        return regex.search(sentence) is not None
    low = memo.get((s, e))
    if low is None:
        low = memo[s, e] = lower[s:e]
    return twin.search(low) is not None


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
    selected = _candidates(_prefilter(rules), text)
    if not selected:
        return found
    # case-insensitive regexes run as their lower-cased twins on the lower-cased text when it
    # holds no case trap: same matches, offsets and groups (see ``lower_twin``), several times faster
    last = _SCAN.last  # (the scan ``_candidates`` just read)
    scan = last[2] if last is not None and last[0] is text and last[1] == _SCAN.version else _SCAN.scan(text)
    lower = None if scan.traps else scan.lower
    lower_sentences: dict[tuple[int, int], str] = {}
    # per sentence (s, e): whether it is disclaimed / a context holds; several matches of one
    # clause often share a sentence, and these tests are pure
    disclaims: dict[tuple[int, int], bool] = {}
    holds: dict[tuple[str, int, int], bool] = {}
    for i, rule in enumerate(rules):  # in file order
        if not selected >> i & 1:
            continue
        twin = _twin(rule.regex) if lower is not None else None
        for m in rule.regex.finditer(text) if twin is None else twin.finditer(lower):
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
            if rule.check_disclaimer:
                said = disclaims.get((s, e))
                if said is None:
                    said = disclaims[s, e] = disclaimed(sentence)
                if said:
                    continue
            if rule.requires and not _search_folded(rule.requires, sentence, lower, s, e, lower_sentences):
                continue
            if rule.excludes and _search_folded(rule.excludes, sentence, lower, s, e, lower_sentences):
                continue
            if rule.needs and not any(_context_memo(holds, contexts[n], s, e, sentence, text, lead_in, section)
                                      for n in rule.needs):
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


# --- where a match can start --------------------------------------------------------------------

def _fixed_prefix(items, ci: bool, out: list[tuple[str | None, bool]]) -> bool:  # noqa: ANN001
    """Append one (char or None = any char, case-insensitive?) per character the parsed
    sequence ``items`` consumes from its start, while every element has width one (zero-width
    assertions are skipped). False once an element of another width stops the walk."""
    for op, av in items:
        if op is _sre_c.LITERAL:
            out.append((chr(av), ci))
        elif op in (_sre_c.IN, _sre_c.ANY, _sre_c.NOT_LITERAL):
            out.append((None, ci))
        elif op in (_sre_c.AT, _sre_c.ASSERT, _sre_c.ASSERT_NOT):
            continue
        elif op is _sre_c.SUBPATTERN:
            _group, add_flags, del_flags, pattern = av
            sub_ci = bool((ci or add_flags & re.IGNORECASE) and not del_flags & re.IGNORECASE)
            if not _fixed_prefix(pattern, sub_ci, out):
                return False
        else:
            return False
    return True


def start_anchor(pattern: str, flags: int = 0) -> tuple[str, int, bool] | None:
    """(literal, offset, case-sensitive) such that wherever ``pattern`` matches at position p,
    ``literal`` occurs at p + offset: in the text itself when case-sensitive, else in the
    lower-cased text (texts with case traps aside, see ``fold``). The longest run of ASCII
    literal characters at a fixed offset; None when there is none of two characters or more."""
    chars: list[tuple[str | None, bool]] = []
    _fixed_prefix(_sre_parser.parse(pattern, flags), bool(flags & re.IGNORECASE), chars)
    best: tuple[str, int, bool] | None = None
    i = 0
    while i < len(chars):
        j = i
        while j < len(chars) and chars[j][0] is not None and chars[j][0].isascii():
            j += 1
        if j - i >= 2 and (best is None or j - i > len(best[0])):
            run = chars[i:j]
            cs = not any(ci for _, ci in run)
            lit = "".join(c for c, _ in run)
            best = (lit if cs else lit.lower(), i, cs)
        i = j + 1
    return best


def negated_before_typographic(text: str, pos: int, window: int = 40) -> bool:
    """``negated_before`` that also reads typographic apostrophes ("don’t", "won’t"), which are
    common in policies pasted from word processors."""
    left = text[max(0, pos - window):pos].replace("’", "'").replace("‘", "'")
    return negated_before(left, len(left), window)
