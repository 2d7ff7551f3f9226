"""Child age thresholds and their roles (aspect ``child_age``).

Every age threshold a policy mentions ("under 13", "18 years of age or older", "between 13 and
16", "16+") becomes a finding with ``value`` = the age as text, ``number`` = the age and ``role``:

* ``minimum_age`` - the service's own minimum: "not intended for children under 13", "you must
  be at least 18", "we do not knowingly collect data from anyone under 16", "if you are under 18,
  do not use";
* ``legal_reference`` - an age a law sets: "COPPA ... children under 13", "the age of digital
  consent varies between 13 and 16 in EU member states", "we do not sell the data of consumers
  under 16 without affirmative authorisation" (CCPA opt-in);
* ``parental_consent`` - "users under 16 need their parent's consent";
* ``deletion_on_discovery`` - "if we learn we collected data from a child under 13, we delete it";
  also emitted without an age (``value`` "", ``number`` <NA>) when such a sentence names none;
* ``mention`` - an age with none of those cues (never counted as the service's minimum).

The role is that of the nearest cue before the age in its sentence (else the nearest after it:
"If you are under 18, do not use the Service"); a discovery cue before the age wins. A minimum
stated for one jurisdiction ("In Thailand, you must be at least 20") gets the rule suffix
``:scoped`` and ``policy_min_age`` prefers unscoped minimums. Ages in hypothetical offers ("if we ever decide to offer the
service to children under 13, we will ...") are not reported: that is not an offer. Patterns live
in ``data/patterns_children.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from policylens.extract import ClauseContext
from policylens.extract.common import required_literals, sentence_span
from policylens.extract.numbers import (
    GateSet,
    finditer_folded,
    folded,
    has_digit,
    literal_test,
    lower_twin,
    parse_number,
    shared_gate,
)
from policylens.resources import load_data
from policylens.schema import Finding

ASPECT = "child_age"
#: per clause, at most this many age phrases / discovery cues get a role (bounds the per-age
#: sentence work on hostile input; real clauses have a few)
MAX_CANDIDATES = 500
ROLES = ("minimum_age", "legal_reference", "parental_consent", "deletion_on_discovery", "mention")
_I = re.IGNORECASE


@dataclass(frozen=True)
class _Patterns:
    phrases: tuple[re.Pattern[str], ...]
    not_age_after: re.Pattern[str]
    child_cue: re.Pattern[str]
    section_cue: re.Pattern[str]
    child_word: re.Pattern[str]
    hypothetical: re.Pattern[str]
    discovery: re.Pattern[str]
    deletion: re.Pattern[str]
    cues: tuple[tuple[str, re.Pattern[str]], ...]
    min_age: int
    max_age: int
    scope: re.Pattern[str]


@cache
def patterns() -> _Patterns:
    d = load_data("patterns_children.yaml")
    words = sorted(d["age_words"], key=len, reverse=True)
    num = (r"(?:\(\s?\d{1,2}\s?\)|(?<![\d.,$£€])\d{1,2}(?![\d]|[.,]\d)|\b(?:"
           + "|".join(re.escape(w) for w in words) + r")\b)")
    cues = [("minimum_age", re.compile(p, _I)) for p in d["service"]]
    cues += [("legal_reference", re.compile(p, _I)) for p in d["legal_ci"]]
    cues.append(("legal_reference", re.compile(d["legal_cs"])))
    cues += [("parental_consent", re.compile(p, _I)) for p in d["parental"]]
    return _Patterns(
        phrases=tuple(re.compile(p.replace("{N}", num), _I) for p in d["age_phrases"]),
        not_age_after=re.compile(d["not_age_after"].lstrip("^"), _I),  # used with .match(pos)
        child_cue=re.compile(d["child_cue"], _I),
        section_cue=re.compile(d["section_cue"], _I),
        child_word=re.compile(d["child_word"], _I),
        hypothetical=re.compile(d["hypothetical"], _I),
        discovery=re.compile(d["discovery"], _I),
        deletion=re.compile(d["deletion"], _I),
        cues=tuple(cues),
        min_age=int(d["min_age"]),
        max_age=int(d["max_age"]),
        scope=re.compile(d["jurisdiction_scope_cs"]),
    )


@dataclass(frozen=True, slots=True)
class AgeMention:
    start: int
    end: int
    ages: tuple[int, ...]
    strong: bool  # the phrase itself says it is an age (under/over/of age/old/+)


_STRONG = re.compile(r"\b(?:age|aged|ages|old|under|over|younger|older|least|below|above)\b|\+",
                     _I)


_AGE_WORD = re.compile(r"\b(?:age|aged|ages|old)\b", _I)


@dataclass(frozen=True)
class _Gates:
    """Cheap tests, False only when a part of the extractor certainly finds nothing."""

    age_digits: re.Pattern[str]  # a digit token that can read as an age (or a non-ASCII digit)
    age_word_literals: Callable[[str], bool]  # an age word occurs in lower-cased text
    age_words: re.Pattern[str]  # an age word as a whole word, in lower-cased text
    phrases: GateSet  # per ``patterns().phrases`` entry
    phrase_twins: tuple[re.Pattern[str] | None, ...]  # ``numbers.lower_twin`` of each phrase
    discovery: tuple[Callable[[str, tuple[str, bool]], bool], ...]  # all must pass
    word_literals: Callable[[str, tuple[str, bool]], bool] | None  # an age word or child word can occur


@cache
def _gates() -> _Gates:
    p = patterns()
    d = load_data("patterns_children.yaml")
    # every age phrase holds an age token (``{N}``: one or two digits, maybe bracketed, or an age
    # word) and an age mention needs one whose value is in min_age..max_age. Two ASCII digits
    # read as their value; a non-ASCII decimal digit also parses, so any such digit passes.
    in_range = range(p.min_age, p.max_age + 1)
    child_words = required_literals(p.child_word)
    tokens = sorted({f"{v:0{w}d}" for v in in_range for w in (1, 2) if len(f"{v:0{w}d}") <= 2})
    words = sorted((w.lower() for w in d["age_words"] if parse_number(w) in in_range),
                   key=len, reverse=True)
    age_words = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
    return _Gates(
        age_digits=re.compile(r"(?<!\d)(?:" + "|".join(tokens) + r")(?!\d)|(?![0-9])\d"),
        age_word_literals=literal_test(words),
        age_words=age_words,
        phrases=GateSet(p.phrases),
        phrase_twins=tuple(lower_twin(rx) for rx in p.phrases),
        # deletion on discovery needs a discovery cue, a deletion verb and a child word
        discovery=tuple(shared_gate([rx]) for rx in (p.child_word, p.discovery, p.deletion)),
        # without a digit, an age needs ``age_words`` to match and discovery ``child_word``
        word_literals=None if child_words is None else shared_gate([p.child_word, age_words]),
    )


def _may_hold_age(text: str, fold: tuple[str, bool]) -> bool:
    """False only when ``text`` holds no age token in min_age..max_age (so no age mention)."""
    g = _gates()
    if has_digit(text) and g.age_digits.search(text):
        return True
    lower, trap = fold
    if trap:
        return True  # (the age words are matched case-insensitively)
    return g.age_word_literals(lower) and g.age_words.search(lower) is not None


def find_ages(text: str) -> list[AgeMention]:
    """Age phrases in ``text`` (non-overlapping, in order); ages outside min_age..max_age dropped."""
    p = patterns()
    found: list[tuple[int, int, re.Match[str]]] = []
    fold = folded(text)
    if not _may_hold_age(text, fold):
        return []  # no age token in range (most clauses): no phrase can yield an age
    gates = _gates()
    for rx, twin, can_match in zip(p.phrases, gates.phrase_twins, gates.phrases.may_match(text, fold),
                                   strict=True):
        if not can_match:
            continue
        # (spans only from here on: a twin's match holds lower-cased text)
        for m in finditer_folded(rx, twin, text, fold):
            found.append((m.start(), -m.end(), m))
    found.sort(key=lambda t: (t[0], t[1]))
    out: list[AgeMention] = []
    last_end = -1
    for start, neg_end, m in found:
        end = -neg_end
        if start < last_end:
            continue
        if p.not_age_after.match(text, end):
            continue
        ages = []
        for g in ("a1", "a2"):
            lo, hi = m.span(g) if g in m.re.groupindex else (-1, -1)
            tok = text[lo:hi] if lo >= 0 else None
            if tok:
                v = parse_number(tok)
                if v is not None and v.is_integer() and p.min_age <= v <= p.max_age:
                    ages.append(int(v))
        if not ages:
            continue
        ages = list(dict.fromkeys(ages))  # "eighteen (18)" is one age
        phrase = text[start:end]
        # "over 18 years" is a duration unless it says "of age"/"old"; it needs a child cue
        strong = bool(_STRONG.search(phrase)) and not (
            re.search(r"\byears?\b|\byrs?\b", phrase, _I) and not _AGE_WORD.search(phrase))
        out.append(AgeMention(start, end, tuple(ages), strong))
        last_end = end
    return out


def _role(text: str, s: int, e: int, age: AgeMention) -> str | None:
    """Role of ``age`` in the sentence text[s:e]; None when it must not be reported."""
    p = patterns()
    before = text[s:age.start]
    after = text[age.end:e]
    if p.hypothetical.search(before):
        return None
    if p.discovery.search(before):
        return "deletion_on_discovery"
    best_before: tuple[int, str] | None = None
    best_after: tuple[int, str] | None = None
    # cues are read up to the end of the age phrase, which may hold one ("the minimum age is 16")
    upto = text[s:age.end]
    for role, rx in p.cues:
        for m in rx.finditer(upto):
            if m.start() >= len(before):
                break
            if best_before is None or m.start() > best_before[0]:
                best_before = (m.start(), role)
        m = rx.search(after)
        if m and (best_after is None or m.start() < best_after[0]):
            best_after = (m.start(), role)
    if best_before is not None:
        return best_before[1]
    if best_after is not None:
        return best_after[1]
    return "mention"


@lru_cache(maxsize=4096)
def _in_section(section: str, lead_in: str) -> bool:
    # a pure function of two strings that repeat across a policy's clauses: cached
    p = patterns()
    return bool(p.section_cue.search(section) or p.section_cue.search(lead_in))


def clause_gate() -> tuple[int | None, Callable[[ClauseContext], bool]]:
    """(``opened`` bits, other test) outside which ``extract_clause`` finds nothing: an age word
    or child word's requirement, or a digit (see ``policylens.extract.extract``)."""
    return getattr(_gates().word_literals, "bit", None), _has_digit_in


def _has_digit_in(ctx: ClauseContext) -> bool:
    return has_digit(ctx.text)


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    """child_age findings in one clause (offsets relative to ``ctx.text``)."""
    text = ctx.text
    if not text:
        return []
    p = patterns()
    fold = folded(text)
    lower, trap = fold
    g = _gates()
    if not (trap or g.word_literals is None or has_digit(text) or g.word_literals(text, fold)):
        # one scan for most clauses: without a digit an age needs an age word, and deletion on
        # discovery needs a child word
        return []
    ages = find_ages(text)[:MAX_CANDIDATES]
    discovery = all(gate(text, fold) for gate in g.discovery)
    if not ages and not discovery:
        return []  # most clauses
    in_section = _in_section(ctx.section or "", ctx.lead_in or "")
    out: list[Finding] = []
    sentences_with_age: set[int] = set()
    for age in ages:
        s, e = sentence_span(text, age.start)
        if not age.strong and not (in_section or p.child_cue.search(text[s:e])):
            continue
        role = _role(text, s, e, age)
        if role is None:
            continue
        sentences_with_age.add(s)
        rule = f"child_age:{role}"
        if role == "minimum_age" and p.scope.search(text[s:age.start].lstrip()):
            rule += ":scoped"
        for a in age.ages:
            out.append(Finding(aspect=ASPECT, value=str(a), start=age.start, end=age.end,
                               evidence=text[age.start:age.end], rule=rule,
                               number=float(a), role=role))
    # deletion on discovery without a stated age: "if we learn we collected a child's data, we delete it"
    for n, m in enumerate(p.discovery.finditer(text) if discovery else ()):
        if n >= MAX_CANDIDATES:
            break
        s, e = sentence_span(text, m.start())
        if s in sentences_with_age:
            continue
        sentence = text[s:e]
        if (p.child_cue.search(sentence) or in_section) and p.deletion.search(sentence) \
                and p.child_word.search(sentence) and not p.hypothetical.search(text[s:m.start()]):
            sentences_with_age.add(s)
            out.append(Finding(aspect=ASPECT, value="", start=m.start(), end=m.end(),
                               evidence=m.group(), rule="child_age:deletion_on_discovery",
                               role="deletion_on_discovery"))
    return sorted(out, key=lambda f: (f.start, f.end))


def finding_rows(findings: Any) -> list[dict]:
    """Findings as dicts to read (callers never modify them): a findings DataFrame's records,
    ``Finding.as_dict()`` of findings, and dicts as they are (not copied)."""
    if hasattr(findings, "to_dict"):
        return findings.to_dict("records")
    return [f if isinstance(f, dict) else f.as_dict() if hasattr(f, "as_dict") else dict(f) for f in findings]


def policy_min_age(findings: Any) -> int | None:
    """The service's own minimum age: the highest ``minimum_age`` threshold among the findings
    (a findings DataFrame or an iterable of ``Finding``); None when the policy states none.
    Minimums stated for one jurisdiction ("In Thailand, you must be at least 20"; rule suffix
    ``:scoped``) count only when the policy states no general one.

    The highest wins because a policy that says both "not directed to children under 13" and
    "you must be 18 to open an account" lets nobody under 18 use the service."""
    ages: list[tuple[bool, int]] = []
    for r in finding_rows(findings):
        if r.get("aspect") != ASPECT or r.get("role") != "minimum_age":
            continue
        v = r.get("number")
        try:
            v = float(v)
        except (TypeError, ValueError):
            continue
        if v == v:  # not NaN
            ages.append((str(r.get("rule") or "").endswith(":scoped"), int(v)))
    unscoped = [a for scoped, a in ages if not scoped]
    if unscoped:
        return max(unscoped)
    return max((a for _s, a in ages), default=None)
