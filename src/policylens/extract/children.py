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
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from policylens.extract import ClauseContext
from policylens.extract.numbers import parse_number
from policylens.extract.rules import Rule, file_rules, rule_set
from policylens.resources import load_data
from policylens.schema import Finding
from policylens.text.sentences import sentence_around

RULES_FILE = "patterns_children.yaml"
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
    feature: re.Pattern[str]
    general_use: re.Pattern[str]
    exclusion: re.Pattern[str]
    prohibition_lead_in: re.Pattern[str]
    if_you_are: re.Pattern[str]
    reported: re.Pattern[str]
    parental_override: re.Pattern[str]


@cache
def _rules() -> tuple[Rule, Rule]:
    """The age-phrase rule and the discovery rule."""
    ages, discovery = file_rules(RULES_FILE)
    return ages, discovery


@cache
def patterns() -> _Patterns:
    """The compiled age patterns of ``data/patterns_children.yaml`` (cached).

    Returns
    -------
    patterns : _Patterns
        ``min_age``/``max_age`` (the ages read), the age ``phrases``, ``cues`` (role, pattern)
        telling what an age is for, and the scope patterns.

    Examples
    --------
    >>> from policylens.extract.children import patterns
    >>> patterns().min_age < 13 < 18 < patterns().max_age
    True
    >>> sorted({role for role, _ in patterns().cues})
    ['legal_reference', 'minimum_age', 'parental_consent']
    """
    d = load_data(RULES_FILE)
    ages, discovery = _rules()
    cues = [("minimum_age", re.compile(p, _I)) for p in d["service"]]
    cues += [("legal_reference", re.compile(p, _I)) for p in d["legal_ci"]]
    cues.append(("legal_reference", re.compile(d["legal_cs"])))
    cues += [("parental_consent", re.compile(p, _I)) for p in d["parental"]]
    return _Patterns(
        phrases=ages.regexes,
        not_age_after=re.compile(d["not_age_after"].lstrip("^"), _I),  # used with .match(pos)
        child_cue=re.compile(d["child_cue"], _I),
        section_cue=re.compile(d["section_cue"], _I),
        child_word=re.compile(d["child_word"], _I),
        hypothetical=re.compile(d["hypothetical"], _I),
        discovery=discovery.regex,
        deletion=re.compile(d["deletion"], _I),
        cues=tuple(cues),
        min_age=int(d["min_age"]),
        max_age=int(d["max_age"]),
        scope=re.compile(d["jurisdiction_scope_cs"]),
        feature=re.compile(d["feature_scope"], _I),
        general_use=re.compile(d["general_use"], _I),
        exclusion=re.compile(d["discovery_exclusion"], _I),
        prohibition_lead_in=re.compile(d["prohibition_lead_in"], _I),
        if_you_are=re.compile(d["if_you_are_before"], _I),
        reported=re.compile(d["reported_before"], _I),
        parental_override=re.compile(d["parental_override"], _I),
    )


@dataclass(frozen=True, slots=True)
class AgeMention:
    """An age phrase found in a text.

    Parameters
    ----------
    start, end : int
        The phrase's span.
    ages : tuple of int
        The ages it states.
    strong : bool
        The phrase itself says it is an age (under / over / of age / old / +).

    Examples
    --------
    >>> from policylens.extract.children import find_ages
    >>> find_ages("Not for children under 13.")
    [AgeMention(start=17, end=25, ages=(13,), strong=True)]
    """
    start: int
    end: int
    ages: tuple[int, ...]
    strong: bool  # the phrase itself says it is an age (under/over/of age/old/+)


_STRONG = re.compile(r"\b(?:age|aged|ages|old|under|over|younger|older|least|below|above)\b|\+",
                     _I)


_AGE_WORD = re.compile(r"\b(?:age|aged|ages|old)\b", _I)


def find_ages(text: str, candidates: frozenset | None = None) -> list[AgeMention]:
    """Age phrases in ``text`` (non-overlapping, in order); ages outside min_age..max_age dropped.

    Parameters
    ----------
    text : str
    candidates : frozenset, default=None
        ``RuleSet.candidates(text)`` when the caller has it (only the phrases whose keywords
        occur are tried).

    Returns
    -------
    ages : list of AgeMention

    Examples
    --------
    >>> from policylens.extract.children import find_ages
    >>> text = "We do not serve children under 13 or anyone under the age of 16."
    >>> [(text[a.start:a.end], a.ages) for a in find_ages(text)]
    [('under 13', (13,)), ('under the age of 16', (16,))]
    """
    p = patterns()
    found: list[tuple[int, int, re.Match[str]]] = []
    phrases = p.phrases if candidates is None else _rules()[0].live(candidates)
    for rx in phrases:
        for m in rx.finditer(text):
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


_PARENTHETICAL = re.compile(r"\([^()]{0,200}\)")


def _role(text: str, s: int, e: int, age: AgeMention) -> str | None:
    """Role of ``age`` in the sentence text[s:e]; None when it must not be reported."""
    p = patterns()
    before = text[s:age.start]
    after = text[age.end:e]
    if p.hypothetical.search(before) or p.reported.search(before):
        return None  # a hypothetical offer, or a report of what another document says
    if p.discovery.search(before):
        # "if we discover that a user is under 13, we close the account": the service is not for
        # them (a minimum age); "..., we delete the data" alone reports deletion on discovery
        return "minimum_age" if p.exclusion.search(after) else "deletion_on_discovery"
    best_before: tuple[int, str] | None = None
    best_after: tuple[int, str] | None = None
    # cues are read up to the end of the age phrase, which may hold one ("the minimum age is 16");
    # a parenthetical aside ("(as defined by COPPA)") holds no cue for the age after it
    upto = _PARENTHETICAL.sub(lambda m: " " * len(m.group()), text[s:age.end])
    for role, rx in p.cues:
        for m in rx.finditer(upto):
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


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    """The ``child_age`` findings in one clause (offsets relative to ``ctx.text``).

    Parameters
    ----------
    ctx : ClauseContext

    Returns
    -------
    findings : list of Finding
        ``value`` and ``number``: the age; ``role``: what the age is for (``minimum_age``,
        ``parental_consent`` ...).

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.children import extract_clause
    >>> found = extract_clause(ClauseContext("You must be at least 18 years old to use the service. "
    ...                                      "We do not knowingly collect data from children under 13."))
    >>> [(f.value, f.role, f.evidence) for f in found]
    [('18', 'minimum_age', 'at least 18 years old'), ('13', 'minimum_age', 'under 13')]
    """
    text = ctx.text
    if not text:
        return []
    p = patterns()
    candidates = ctx.candidates if ctx.candidates is not None else rule_set().candidates(text)
    age_rule, discovery_rule = _rules()
    ages = find_ages(text, candidates)[:MAX_CANDIDATES] if age_rule in candidates else []
    discovery = discovery_rule in candidates
    if not ages and not discovery:
        return []  # most clauses
    section_guard = "section:children" if _in_section(ctx.section or "", ctx.lead_in or "") else ""
    out: list[Finding] = []
    sentences_with_age: set[int] = set()
    for age in ages:
        s, e = sentence_around(text, age.start)
        guard = "phrase" if age.strong else "sentence:child_cue" if p.child_cue.search(text[s:e]) else section_guard
        if not guard:
            continue
        role = _role(text, s, e, age)
        if role is None:
            continue
        if role == "mention" and ctx.lead_in and p.prohibition_lead_in.search(ctx.lead_in) \
                and p.if_you_are.search(text, s, age.start):
            role = "minimum_age"  # "you shall not: ... use the Service if you are under 18;"
        if role == "minimum_age" and p.parental_override.search(text, age.end, e):
            role = "parental_consent"  # "... you may not use it without permission from a parent"
        sentences_with_age.add(s)
        rule = f"child_age:{role}"
        if role == "minimum_age" and p.scope.search(text[s:age.start].lstrip()):
            rule += ":scoped"
        elif role == "minimum_age" and p.feature.search(text[s:e]) and not p.general_use.search(text[s:e]):
            rule += ":feature"
        for n, a in enumerate(age.ages):
            # a range's upper bound is no minimum ("children between 13 and 18 may use it with a
            # guardian": the minimum is 13)
            upper = n > 0 and role == "minimum_age" and a > min(age.ages)
            out.append(Finding(aspect=ASPECT, value=str(a), start=age.start, end=age.end,
                               evidence=text[age.start:age.end], rule="child_age:mention" if upper else rule,
                               number=float(a), role="mention" if upper else role, guard=guard))
    # deletion on discovery without a stated age: "if we learn we collected a child's data, we delete it"
    for n, m in enumerate(p.discovery.finditer(text) if discovery else ()):
        if n >= MAX_CANDIDATES:
            break
        s, e = sentence_around(text, m.start())
        if s in sentences_with_age:
            continue
        sentence = text[s:e]
        guard = "sentence:child_cue" if p.child_cue.search(sentence) else section_guard
        if guard and p.deletion.search(sentence) \
                and p.child_word.search(sentence) and not p.hypothetical.search(text[s:m.start()]):
            sentences_with_age.add(s)
            out.append(Finding(aspect=ASPECT, value="", start=m.start(), end=m.end(),
                               evidence=m.group(), rule=discovery_rule.id,
                               role="deletion_on_discovery", guard=guard))
    return sorted(out, key=lambda f: (f.start, f.end))


def finding_rows(findings: Any) -> list[dict]:
    """Findings as dicts to read (callers never modify them).

    Parameters
    ----------
    findings : DataFrame or iterable of Finding or dict
        A findings DataFrame (its records), findings (``Finding.as_dict()``) or dicts (as they
        are, not copied).

    Returns
    -------
    rows : list of dict

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.children import extract_clause, finding_rows
    >>> rows = finding_rows(extract_clause(ClauseContext("Users must be 16 or older.")))
    >>> [(row["value"], row["role"], row["evidence"]) for row in rows]
    [('16', 'minimum_age', '16 or older')]
    """
    if hasattr(findings, "to_dict"):
        return findings.to_dict("records")
    return [f if isinstance(f, dict) else f.as_dict() if hasattr(f, "as_dict") else dict(f) for f in findings]


def policy_min_age(findings: Any) -> int | None:
    """The service's own minimum age: the highest ``minimum_age`` threshold among the findings.

    Minimums stated for one jurisdiction ("In Thailand, you must be at least 20"; rule suffix
    ``:scoped``) count only when the policy states no general one. A minimum for one feature
    ("you must be 18 to make purchases", rule suffix ``:feature``) never counts.

    The highest wins because a policy that says both "not directed to children under 13" and
    "you must be 18 to open an account" lets nobody under 18 use the service.

    Parameters
    ----------
    findings : DataFrame or iterable of Finding
        One policy's findings.

    Returns
    -------
    age : int or None
        None when the policy states none.

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.children import extract_clause, policy_min_age
    >>> policy_min_age(extract_clause(ClauseContext("You must be at least 18 years old to use the service. "
    ...                                             "We do not knowingly collect data from children under 13.")))
    18
    >>> policy_min_age([]) is None
    True
    """
    ranked: dict[int, list[int]] = {0: [], 1: []}
    for r in finding_rows(findings):
        if r.get("aspect") != ASPECT or r.get("role") != "minimum_age":
            continue
        rule = str(r.get("rule") or "")
        if rule.endswith(":feature"):
            continue  # a minimum for one feature (purchases) is not the service's
        v = r.get("number")
        try:
            v = float(v)
        except (TypeError, ValueError):
            continue
        if v == v:  # not NaN
            ranked[1 if rule.endswith(":scoped") else 0].append(int(v))
    for rank in (0, 1):
        if ranked[rank]:
            return max(ranked[rank])
    return None
