"""Cue rules: requirement-specific sentences that no extractor aspect covers.

The rules are the ``compliance_cue`` rules of ``data/patterns_compliance.yaml``: rules of the shared
rule set (``policylens.extract.rules``), in its form (id, value, regex, keywords, explain, examples)
and behind its one keyword automaton (``RuleSet.candidates``). The file's header says how its keys
read; this module applies them. ``find_cues`` turns a clauses table into a tidy table of hits, each
naming its rule.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from policylens.errors import PolicyLensError
from policylens.extract.rules import Context, Rule, rule_set
from policylens.text.keywords import fold

RULES_FILE = "patterns_compliance.yaml"
ASPECT = "compliance_cue"

#: columns of :func:`find_cues`
CUE_COLUMNS: dict[str, str] = {
    "policy": "policy id",
    "clause_id": "clause holding the cue",
    "rule": "cue rule id (patterns_compliance.yaml)",
    "value": "the rule's tag ('' when it has none), e.g. a method to submit requests",
    "kind": "'text' (a pattern matched the clause) or 'heading' (the clause sits under a matching heading)",
    "start": "offset of the evidence in the policy text",
    "end": "offset one past the evidence",
    "evidence": "the matched text (the clause text for heading cues)",
    "section": "section of the clause",
}

# the sentence an ``excludes`` guard reads: up to '.', '!' or '?' before a space, or a line break
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


@cache
def rules() -> tuple[Rule, ...]:
    """The cue rules (``compliance_cue`` rules of ``data/patterns_compliance.yaml``), in file order (cached).

    Returns
    -------
    rules : tuple of Rule
        Rules of the shared rule set (``policylens.extract.rules.rule_set``).

    Examples
    --------
    >>> from policylens.compliance.cues import rules
    >>> {rule.aspect for rule in rules()}, {rule.source for rule in rules()}
    ({'compliance_cue'}, {'patterns_compliance.yaml'})
    """
    return rule_set().file(RULES_FILE)


@cache
def _split() -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """(text rules, heading rules), each in file order."""
    return (tuple(r for r in rules() if not _is_heading(r)), tuple(r for r in rules() if _is_heading(r)))


@cache
def _contexts() -> dict[str, Context]:
    contexts = rule_set().contexts[RULES_FILE]
    for c in contexts.values():
        if not set(c.where) <= {"clause", "lead_in", "section"}:
            raise PolicyLensError(f"{RULES_FILE}: context {c.name} looks at {c.where}: cues read the "
                                  "clause, lead_in and section only")
    return contexts


def rule(rule_id: str) -> Rule:
    """The cue rule ``rule_id``.

    Parameters
    ----------
    rule_id : str

    Returns
    -------
    rule : Rule

    Raises
    ------
    PolicyLensError
        No cue rule has that id.

    Examples
    --------
    >>> from policylens.compliance.cues import rule
    >>> rule("ccpa.gpc").aspect
    'compliance_cue'
    >>> rule("no.such.rule")
    Traceback (most recent call last):
    ...
    policylens.errors.PolicyLensError: unknown cue rule 'no.such.rule' (see patterns_compliance.yaml)
    """
    try:
        return rule_set().rule(rule_id, ASPECT)
    except KeyError:
        raise PolicyLensError(f"unknown cue rule {rule_id!r} (see {RULES_FILE})") from None


def rule_ids() -> list[str]:
    """The ids of the cue rules, in file order.

    Returns
    -------
    ids : list of str

    Examples
    --------
    >>> from policylens.compliance.cues import rule_ids
    >>> ids = rule_ids()
    >>> len(ids) == len(set(ids)), "contact.postal_address" in ids
    (True, True)
    """
    return [r.id for r in rules()]


def _is_heading(r: Rule) -> bool:
    return "heading" in r.extra


def _sentence(text: str, start: int, end: int) -> str:
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    return text[left:m.end() if m else len(text)]


def _has_words(r: Rule, text: str) -> bool:
    """The ``clause_words`` guard: ``text`` holds one of the rule's words (True when it has none)."""
    words = r.extra.get("clause_words")
    if not words:
        return True
    folded = fold(text)
    return any(fold(str(w)) in folded for w in words)


def _held(names, text: str, lead_in: str, section: str) -> bool:
    contexts = _contexts()
    return any(contexts[n].held("", text, lead_in, section) for n in names)


def match_text(r: Rule, text: str, section: str = "", lead_in: str = "",
               regexes: list[re.Pattern[str]] | None = None) -> tuple[int, int] | None:
    """The span of the first match of text rule ``r`` in ``text`` that its guards admit, else None.

    ``regexes``: the rule's regexes worth running (``Rule.live``), default all.

    Parameters
    ----------
    r : Rule
        A text rule.
    text : str
    section : str, default=""
        The clause's heading path (read by the rule's contexts).
    lead_in : str, default=""
    regexes : list of re.Pattern, default=None
        The rule's regexes worth running (``Rule.live``; ``None``: all).

    Returns
    -------
    span : (int, int) or None

    Examples
    --------
    >>> match_text(rule("ccpa.gpc"), "We honor Global Privacy Control signals.")
    (9, 31)
    """
    if r.needs and not _held(r.needs, text, lead_in, section):
        return None
    if not _has_words(r, text) or _held(r.extra.get("unless", ()), text, lead_in, section):
        return None
    for rx in r.regexes if regexes is None else regexes:
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            if r.excludes is not None and r.excludes.search(_sentence(text, m.start(), m.end())):
                continue
            return m.start(), m.end()
    return None


def heading_holds(r: Rule, section: str) -> bool:
    """Whether heading rule ``r`` holds for a clause under ``section`` (a ' > '-joined path).

    Its regex matches the innermost heading (``heading: path``: any heading of the path),
    ``excludes`` matches nowhere on the path and its ``needs`` and ``clause_words`` hold there.

    Parameters
    ----------
    r : Rule
        A heading rule.
    section : str

    Returns
    -------
    holds : bool

    Examples
    --------
    >>> from policylens.compliance.cues import heading_holds, rule
    >>> portability = rule("rights.portability_heading")
    >>> heading_holds(portability, "Your rights > Data portability"), heading_holds(portability, "Cookies")
    (True, False)
    """
    if not section or not _has_words(r, section):
        return False
    headings = section.split(" > ") if r.extra["heading"] == "path" else [section.rsplit(" > ", 1)[-1]]
    if not any(r.regex.search(h) for h in headings):
        return False
    if r.excludes is not None and r.excludes.search(section):
        return False
    return not r.needs or _held(r.needs, "", "", section)


def match(r: Rule, text: str, section: str = "", lead_in: str = "") -> tuple[int, int] | None:
    """The evidence span of rule ``r`` in a clause (a heading rule: the whole text), else None.

    Parameters
    ----------
    r : Rule
    text : str
        The clause text.
    section : str, default=""
        The clause's heading path.
    lead_in : str, default=""

    Returns
    -------
    span : (int, int) or None

    Examples
    --------
    >>> from policylens.compliance.cues import match, rule
    >>> match(rule("ccpa.gpc"), "We honor Global Privacy Control signals.")
    (9, 31)
    >>> match(rule("rights.portability_heading"), "You may get a copy.", section="Your rights > Data portability")
    (0, 19)
    """
    if _is_heading(r):
        return (0, len(text)) if heading_holds(r, section) and r in rule_set().candidates(section) else None
    return match_text(r, text, section, lead_in) if r in rule_set().candidates(text) else None


def matches(rule_id: str, text: str, section: str = "", lead_in: str = "") -> bool:
    """Whether cue rule ``rule_id`` holds in ``text`` (handy for tests and notebooks).

    Parameters
    ----------
    rule_id : str
    text : str
    section : str, default=""
    lead_in : str, default=""

    Returns
    -------
    holds : bool

    Examples
    --------
    >>> matches("ccpa.authorized_agent", "An authorized agent may submit a request for you.")
    True
    """
    return match(rule(rule_id), text, section, lead_in) is not None


def heading_matches(rule_id: str, section: str) -> bool:
    """Whether heading rule ``rule_id`` holds for a clause under ``section`` (a ' > '-joined path).

    Parameters
    ----------
    rule_id : str
    section : str

    Returns
    -------
    holds : bool

    Examples
    --------
    >>> heading_matches("rights.portability_heading", "Your rights > Data portability")
    True
    """
    r = rule(rule_id)
    return r in rule_set().candidates(section) and heading_holds(r, section)


def find_cues(clauses: pd.DataFrame) -> pd.DataFrame:
    """Every cue hit in a clauses table (``schema.CLAUSE_COLUMNS``), columns :data:`CUE_COLUMNS`.

    A text rule yields at most one hit per clause (its first admitted match); a heading rule
    yields the clauses (not headings themselves) whose heading matches.

    Parameters
    ----------
    clauses : DataFrame

    Returns
    -------
    hits : DataFrame

    Examples
    --------
    >>> import policylens as pl
    >>> clauses = pl.segment(pl.Policy(id="p", text="You can use an authorized agent."))
    >>> find_cues(clauses)["rule"].tolist()
    ['ccpa.authorized_agent']
    """
    if len(clauses) == 0:
        return pd.DataFrame(columns=list(CUE_COLUMNS))
    rs = rule_set()
    text_rules, heading_rules = _split()
    rows: list[tuple] = []
    heading_cache: dict[str, list[Rule]] = {}
    cols = [clauses[c].tolist() for c in ("policy", "clause_id", "text", "section", "lead_in",
                                           "kind", "start")]
    for policy, clause_id, text, section, lead_in, kind, start in zip(*cols, strict=True):
        text = text or ""
        section = section or ""
        lead_in = lead_in or ""
        if not text.strip():
            continue
        candidates = rs.candidates(text)
        for r in text_rules:
            if r not in candidates:
                continue
            span = match_text(r, text, section, lead_in, r.live(candidates))
            if span is not None:
                s, e = span
                rows.append((policy, clause_id, r.id, r.value, "text", start + s, start + e,
                             text[s:e], section))
        if kind == "heading" or not section:
            continue
        hits = heading_cache.get(section)
        if hits is None:
            in_section = rs.candidates(section)
            hits = heading_cache[section] = [r for r in heading_rules
                                             if r in in_section and heading_holds(r, section)]
        for r in hits:
            rows.append((policy, clause_id, r.id, r.value, "heading", start, start + len(text),
                         text, section))
    frame = pd.DataFrame(rows, columns=list(CUE_COLUMNS))
    for name in ("policy", "rule", "value", "kind", "evidence", "section"):
        frame[name] = frame[name].astype("string")
    return frame.astype({"clause_id": "int64", "start": "int64", "end": "int64"})
