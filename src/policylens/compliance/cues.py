"""Cue rules: requirement-specific sentences that no extractor aspect covers.

Rules live in ``data/requirements/cues.yaml`` (id, keywords, patterns, optional ``all`` /
``context`` / ``headings`` / ``not`` guards, examples). One Aho-Corasick automaton over every
rule's keywords is the prefilter: a rule's regexes run only on clauses holding one of its
keywords. ``find_cues`` turns a clauses table into a tidy table of hits, each naming its rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick
import pandas as pd

from policylens.errors import PolicyLensError
from policylens.resources import load_data

RULES_FILE = "requirements/cues.yaml"

#: columns of :func:`find_cues`
CUE_COLUMNS: dict[str, str] = {
    "policy": "policy id",
    "clause_id": "clause holding the cue",
    "rule": "cue rule id (cues.yaml)",
    "value": "the rule's tag ('' when it has none), e.g. a method to submit requests",
    "kind": "'text' (a pattern matched the clause) or 'heading' (the clause sits under a matching heading)",
    "start": "offset of the evidence in the policy text",
    "end": "offset one past the evidence",
    "evidence": "the matched text (the clause text for heading cues)",
    "section": "section of the clause",
}

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


@dataclass(frozen=True, slots=True)
class CueRule:
    id: str
    keywords: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    all: tuple[re.Pattern[str], ...] = ()
    context: re.Pattern[str] | None = None
    headings: re.Pattern[str] | None = None
    not_: re.Pattern[str] | None = None
    not_lead_in: re.Pattern[str] | None = None
    scope: str = "innermost"
    value: str = ""
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()


def _compile(rule_id: str, regex: str) -> re.Pattern[str]:
    try:
        return re.compile(regex, re.IGNORECASE)
    except re.error as exc:
        raise PolicyLensError(f"{RULES_FILE}: rule {rule_id!r}: bad regex ({exc})") from exc


def parse_rules(spec: dict) -> tuple[CueRule, ...]:
    """Cue rules from the parsed YAML (validated: ids unique, keywords present)."""
    rules, seen = [], set()
    for raw in spec.get("rules", []):
        rid = raw.get("id")
        if not rid or rid in seen:
            raise PolicyLensError(f"{RULES_FILE}: missing or duplicate rule id {rid!r}")
        seen.add(rid)
        keywords = tuple(str(k).lower() for k in raw.get("keywords", []))
        if not keywords:
            raise PolicyLensError(f"{RULES_FILE}: rule {rid!r} has no keywords")
        if not raw.get("patterns") and not raw.get("headings"):
            raise PolicyLensError(f"{RULES_FILE}: rule {rid!r} has neither patterns nor headings")
        examples = raw.get("examples") or {}
        rules.append(CueRule(
            id=rid, keywords=keywords,
            patterns=tuple(_compile(rid, p) for p in raw.get("patterns", [])),
            all=tuple(_compile(rid, p) for p in raw.get("all", [])),
            context=_compile(rid, raw["context"]) if raw.get("context") else None,
            headings=_compile(rid, raw["headings"]) if raw.get("headings") else None,
            not_=_compile(rid, raw["not"]) if raw.get("not") else None,
            not_lead_in=_compile(rid, raw["not_lead_in"]) if raw.get("not_lead_in") else None,
            scope=str(raw.get("scope", "innermost")),
            value=str(raw.get("value", "")),
            examples_match=tuple(examples.get("match") or ()),
            examples_no_match=tuple(examples.get("no_match") or ()),
        ))
    return tuple(rules)


@cache
def rules() -> tuple[CueRule, ...]:
    """The bundled cue rules (cached)."""
    return parse_rules(load_data(RULES_FILE))


@cache
def rule(rule_id: str) -> CueRule:
    for r in rules():
        if r.id == rule_id:
            return r
    raise PolicyLensError(f"unknown cue rule {rule_id!r} (see {RULES_FILE})")


@cache
def _automaton() -> ahocorasick.Automaton:
    """keyword -> indices of the rules that list it."""
    index: dict[str, list[int]] = {}
    for i, r in enumerate(rules()):
        for k in r.keywords:
            index.setdefault(k, []).append(i)
    automaton = ahocorasick.Automaton()
    for keyword, ids in index.items():
        automaton.add_word(keyword, tuple(ids))
    automaton.make_automaton()
    return automaton


def _candidates(lower: str) -> set[int]:
    found: set[int] = set()
    for _, ids in _automaton().iter(lower):
        found.update(ids)
    return found


def _sentence(text: str, start: int, end: int) -> str:
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    return text[left:m.end() if m else len(text)]


def match_text(r: CueRule, text: str, context: str = "", lead_in: str = "") -> tuple[int, int] | None:
    """The first span of ``text`` where rule ``r`` holds (its guards included), else None.

    ``context`` is the clause's section and lead-in, which the rule's ``context`` guard may
    match instead of the text.

    Examples
    --------
    >>> match_text(rule("ccpa.gpc"), "We honor Global Privacy Control signals.")
    (9, 31)
    """
    if r.context is not None and not (r.context.search(text) or r.context.search(context)):
        return None
    if r.not_lead_in is not None and lead_in and r.not_lead_in.search(lead_in):
        return None
    if any(not g.search(text) for g in r.all):
        return None
    for pattern in r.patterns:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            if r.not_ is not None and r.not_.search(_sentence(text, m.start(), m.end())):
                continue
            return m.start(), m.end()
    return None


def matches(rule_id: str, text: str, context: str = "") -> bool:
    """Whether cue rule ``rule_id`` holds in ``text`` (handy for tests and notebooks).

    Examples
    --------
    >>> matches("ccpa.authorized_agent", "An authorized agent may submit a request for you.")
    True
    """
    return match_text(rule(rule_id), text, context) is not None


def _innermost(section: str) -> str:
    return section.rsplit(" > ", 1)[-1] if section else ""


def _heading_rules(section: str) -> set[int]:
    """Indices of the heading rules that hold for a clause in ``section`` (the innermost heading,
    or any heading with ``scope: path``, matches ``headings``; no heading of the path matches
    ``not``; the whole path matches ``context``)."""
    heading = _innermost(section)
    out = set()
    all_rules = rules()
    for i in _candidates(section.lower()):
        r = all_rules[i]
        # ``scope: path``: any heading of the path may match (a sub-heading of "How we use
        # your information" is still about purposes); default: the innermost heading only
        headings = section.split(" > ") if r.scope == "path" else [heading]
        if r.headings is None or not any(r.headings.search(h) for h in headings):
            continue
        # ``not`` holds anywhere on the path: "Data retention > Deletion of your data" is the
        # company's schedule, not the user's right
        if r.not_ is not None and r.not_.search(section):
            continue
        if r.context is not None and not r.context.search(section):
            continue
        out.add(i)
    return out


def heading_matches(rule_id: str, section: str) -> bool:
    """Whether heading rule ``rule_id`` holds for a clause under ``section`` (a ' > '-joined path).

    Examples
    --------
    >>> heading_matches("rights.portability_heading", "Your rights > Data portability")
    True
    """
    index = [r.id for r in rules()].index(rule_id)
    return index in _heading_rules(section)


def find_cues(clauses: pd.DataFrame) -> pd.DataFrame:
    """Every cue hit in a clauses table (``schema.CLAUSE_COLUMNS``), columns :data:`CUE_COLUMNS`.

    A text rule yields at most one hit per clause (its first match); a heading rule yields the
    clauses (not headings themselves) whose innermost heading matches.

    Examples
    --------
    >>> import policylens as pl
    >>> clauses = pl.segment(pl.Policy(id="p", text="You can use an authorized agent."))
    >>> find_cues(clauses)["rule"].tolist()
    ['ccpa.authorized_agent']
    """
    all_rules = rules()
    rows: list[tuple] = []
    if len(clauses) == 0:
        return pd.DataFrame(columns=list(CUE_COLUMNS))
    heading_cache: dict[str, set[int]] = {}
    cols = [clauses[c].tolist() for c in ("policy", "clause_id", "text", "section", "lead_in",
                                           "kind", "start")]
    for policy, clause_id, text, section, lead_in, kind, start in zip(*cols, strict=True):
        text = text or ""
        section = section or ""
        lead_in = lead_in or ""
        if not text.strip():
            continue
        context = f"{section}\n{lead_in}"
        for i in sorted(_candidates(text.lower())):
            r = all_rules[i]
            if not r.patterns:
                continue
            span = match_text(r, text, context, lead_in)
            if span is not None:
                s, e = span
                rows.append((policy, clause_id, r.id, r.value, "text", start + s, start + e,
                             text[s:e], section))
        if kind == "heading":
            continue
        if not section:
            continue
        hits = heading_cache.get(section)
        if hits is None:
            hits = _heading_rules(section)
            heading_cache[section] = hits
        for i in sorted(hits):
            r = all_rules[i]
            rows.append((policy, clause_id, r.id, r.value, "heading", start, start + len(text),
                         text, section))
    frame = pd.DataFrame(rows, columns=list(CUE_COLUMNS))
    for name in ("policy", "rule", "value", "kind", "evidence", "section"):
        frame[name] = frame[name].astype("string")
    return frame.astype({"clause_id": "int64", "start": "int64", "end": "int64"})


def rule_ids() -> list[str]:
    return [r.id for r in rules()]


def examples() -> Iterable[tuple[str, str, bool]]:
    """(rule id, sentence, should match) for every example in the rules file."""
    for r in rules():
        for s in r.examples_match:
            yield r.id, s, True
        for s in r.examples_no_match:
            yield r.id, s, False
