"""Retention periods: how long each kind of data is kept (aspect ``retention``).

Two kinds of finding:

* **stated periods** - a duration (``policylens.extract.numbers``) in a retention sentence:
  ``value`` = the days as text ("420", "360-720"), ``number`` = ``max_days``, ``min_days`` /
  ``max_days`` (1 month = 30, 1 year = 365; "up to 30 days" -> 30/30), ``condition`` = the trigger
  text that follows ("after closure", "from last interaction", "of inactivity");
* **qualitative periods** - ``value`` = ``condition`` = ``as_long_as_necessary`` | ``indefinitely`` |
  ``while_active`` | ``legal_requirement``, days <NA>.

``data_category`` is what the period applies to: a list item's / table row's label ("Usage Data:",
"Billing & payment records 6 years"), the subject of a passive ("Applications will be stored for")
or the object of an active verb ("we keep your messages for"), else the same read from the lead-in.

A duration is a retention period when its sentence has a retention cue (retain, keep, store, delete,
...) or the clause's section / lead-in is about retention (tables), and it is none of: a look-back
window ("in the past 12 months"), a frequency ("every 12 months"), an age ("13 years of age"), a
deadline to respond / notify a breach, a cookie's own lifetime. Patterns live in
``data/patterns_retention.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from policylens.extract import ClauseContext
from policylens.extract.categories import normalise_category
from policylens.extract.numbers import Duration, find_durations, unit_days
from policylens.extract.rules import Rule, file_rules, negated_before, rule_set
from policylens.resources import load_data
from policylens.schema import Finding
from policylens.text.sentences import sentence_around

RULES_FILE = "patterns_retention.yaml"
ASPECT = "retention"
#: per clause, at most this many candidate durations / qualitative matches are examined: a real
#: clause has a handful; the cap bounds the per-candidate sentence work on hostile input (a 1 MB
#: "clause" of repeated durations) so extraction stays linear.
MAX_CANDIDATES = 500
QUALITATIVE = ("as_long_as_necessary", "indefinitely", "while_active", "legal_requirement")

_I = re.IGNORECASE


@dataclass(frozen=True)
class _Patterns:
    cue: re.Pattern[str]
    section: re.Pattern[str]
    lead_in_cue: re.Pattern[str]
    before_reject: tuple[re.Pattern[str], ...]
    after_reject: tuple[re.Pattern[str], ...]
    not_context: re.Pattern[str]
    not_personal: re.Pattern[str]
    changed: re.Pattern[str]
    not_condition: re.Pattern[str]
    reported: re.Pattern[str]
    rights_context: re.Pattern[str]
    cookie_lifetime: re.Pattern[str]
    cookie_retained: re.Pattern[str]
    conditions: tuple[re.Pattern[str], ...]
    inactivity_before: re.Pattern[str]
    active: re.Pattern[str]
    passive: re.Pattern[str]
    not_category: re.Pattern[str]
    legal_near_cue: re.Pattern[str]
    legal_near: int
    cookie_word: re.Pattern[str]
    delete_near: re.Pattern[str]


@cache
def patterns() -> _Patterns:
    """The compiled retention patterns of ``data/patterns_retention.yaml`` (cached).

    Returns
    -------
    patterns : _Patterns
        ``cue`` (a retention verb or noun), ``section`` (a retention heading), the reject and
        context patterns, ``conditions`` (what a period runs from) ...

    Examples
    --------
    >>> from policylens.extract.retention import patterns
    >>> bool(patterns().cue.search("We retain your data.")), bool(patterns().cue.search("We sell nothing."))
    (True, False)
    """
    d = load_data("patterns_retention.yaml")
    return _Patterns(
        cue=re.compile(d["cue"], _I),
        section=re.compile(d["section_cue"], _I),
        lead_in_cue=re.compile(d["lead_in_cue"], _I),
        before_reject=tuple(re.compile(p, _I) for p in d["before_reject"].values()),
        after_reject=tuple(re.compile(p, _I) for p in d["after_reject"].values()),
        not_context=re.compile(d["not_retention_context"], _I),
        not_personal=re.compile(d["not_personal_before"], _I),
        changed=re.compile(d["changed_before"], _I),
        not_condition=re.compile(d["not_condition"], _I),
        reported=re.compile(d["reported_before"], _I),
        rights_context=re.compile(d["rights_context"], _I),
        cookie_lifetime=re.compile(d["cookie_lifetime"], _I),
        cookie_retained=re.compile(d["cookie_retained"], _I),
        conditions=tuple(re.compile(p, _I) for p in d["conditions"]),
        inactivity_before=re.compile(d["inactivity_before"], _I),
        active=re.compile(d["active_verbs"], _I),
        passive=re.compile(d["passive_verbs"], _I),
        not_category=re.compile(d["not_category"], _I),
        legal_near_cue=re.compile(d["legal_near_cue"], _I),
        legal_near=int(d["legal_near"]),
        cookie_word=re.compile(d["cookie_word"], _I),
        delete_near=re.compile(d["delete_near"], _I),
    )


def format_days(x: float) -> str:
    """Days as compact text: 30.0 -> "30", 1/24 -> "0.042".

    Parameters
    ----------
    x : float

    Returns
    -------
    text : str

    Examples
    --------
    >>> from policylens.extract.retention import format_days
    >>> format_days(30.0), format_days(1 / 24), format_days(182.5)
    ('30', '0.042', '182.5')
    """
    return str(int(x)) if float(x).is_integer() else f"{x:.3f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------------------------------------
# data category

@dataclass(frozen=True)
class _CategoryPatterns:
    """``data_category`` of ``patterns_retention.yaml`` (comments there)."""

    example_before: re.Pattern[str]
    aux_tail: re.Pattern[str]
    boundary: re.Pattern[str]
    object_lead: re.Pattern[str]
    object_stop: re.Pattern[str]
    label: re.Pattern[str]
    row_stop: re.Pattern[str]
    has_verbish: re.Pattern[str]
    parenthetical: re.Pattern[str]
    bullet: re.Pattern[str]
    lead_determiners: re.Pattern[str]
    lead_verb: re.Pattern[str]
    tail_cut: re.Pattern[str]
    has_letter: re.Pattern[str]
    bad_start: re.Pattern[str]
    bad_any: re.Pattern[str]
    generic: re.Pattern[str]


@cache
def _category() -> _CategoryPatterns:
    d = load_data("patterns_retention.yaml")["data_category"]
    return _CategoryPatterns(**{key.removesuffix("_cs"): re.compile(rx, 0 if key.endswith("_cs") else _I)
                                for key, rx in d.items()})


def generic_category(category: str) -> bool:
    """Whether ``category`` names no particular data ("your information").

    A lead-in may then name a better one (see :func:`data_category`).

    Parameters
    ----------
    category : str

    Returns
    -------
    generic : bool

    Examples
    --------
    >>> from policylens.extract.retention import generic_category
    >>> generic_category("your information"), generic_category("server logs")
    (True, False)
    """
    return _category().generic.match(category) is not None


def _last_match(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    last = None
    for m in rx.finditer(text):
        last = m
    return last


def _mask_parens(s: str) -> str:
    """Blank out short parentheticals (keep offsets) so "(if stored)" stops nothing."""
    return _category().parenthetical.sub(lambda m: " " * len(m.group()), s)


def _clean_category(raw: str) -> str:
    c = _category()
    s = c.bullet.sub("", raw).strip(" \t\n-–—:,.;\"“”'")
    s = c.lead_determiners.sub("", s).strip()
    s = " ".join(s.split())
    s = c.lead_verb.sub("", s)
    s = c.tail_cut.sub(" ", s).strip(" ,;:-–—")
    s = c.tail_cut.sub(" ", s).strip(" ,;:-–—")  # "x (y) will" needs two passes
    if not s or len(s) > 80 or not c.has_letter.search(s):
        return ""
    if patterns().not_category.match(s) or c.bad_start.match(s) or c.bad_any.search(s):
        return ""
    return s


def _subject_before(before: str) -> str:
    """The noun phrase ending ``before`` (after auxiliaries are dropped): the passive subject."""
    c = _category()
    head = c.aux_tail.sub("", before)
    if head != before or before.endswith(" "):
        head = head.rstrip()
    masked = _mask_parens(head)
    cut = 0
    for m in c.boundary.finditer(masked):
        cut = m.end()
    np = head[cut:]
    words = np.split()
    return _clean_category(" ".join(words[-8:]))


def _category_from(text: str, start: int, pos: int) -> str:
    """Category for a period at ``pos`` whose sentence starts at ``start`` in ``text``."""
    p = patterns()
    c = _category()
    before = text[start:pos]
    masked = _mask_parens(before)
    # 1. "<np> for <duration>" right after an "e.g.," / "such as" / bracket: the nearest category
    m = c.example_before.search(before)
    if m and not c.has_verbish.search(m.group(1)) and not p.active.search(m.group(1)):
        cat = _clean_category(m.group(1))
        if cat:
            return cat
    # 2. passive: the subject of the last "retained/kept/stored" before the period
    last = _last_match(p.passive, masked)
    if last is not None:
        cat = _subject_before(before[:last.start()])
        if cat:
            return cat
    # 3. active: the object of the last "retain/keep/store"
    last = _last_match(p.active, masked)
    if last is not None:
        lead = c.object_lead.match(masked[last.end():])
        skip = lead.end() if lead else 0
        tail = masked[last.end() + skip:]
        stop = c.object_stop.search(tail)
        obj = before[last.end() + skip: last.end() + skip + (stop.start() if stop else len(tail))]
        cat = _clean_category(obj)
        if cat:
            return cat
    # 4. a label: "Usage Data: typically retained ..." / "- Account Data - retained ..."
    m = c.label.match(masked)
    if m and not c.has_verbish.search(m.group(1)):
        cat = _clean_category(before[m.start(1):m.end(1)])
        if cat:
            return cat
    # 5. a bare row / item: "Billing & payment records 6 years (...)"
    if len(before.strip()) <= 100 and not c.has_verbish.search(masked) \
            and not p.active.search(masked) and not p.passive.search(masked):
        stop = c.row_stop.search(masked)
        cat = _clean_category(before[: stop.start()] if stop else before)
        if cat:
            return cat
    return ""


def data_category(ctx: ClauseContext, sent_start: int, pos: int) -> str:
    """What the period at ``pos`` applies to.

    The clause text is read first, then the lead-in; a generic "your information" in the clause
    yields to a specific category named by the lead-in.

    Parameters
    ----------
    ctx : ClauseContext
    sent_start : int
        Start of the period's sentence in ``ctx.text``.
    pos : int
        Start of the period.

    Returns
    -------
    category : str
        The phrase as written ("" when none).

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.retention import data_category
    >>> ctx = ClauseContext("We keep server logs for 90 days.")
    >>> data_category(ctx, 0, ctx.text.index("90"))
    'server logs'
    >>> data_category(ClauseContext("for 90 days", lead_in="We keep server logs:", kind="item"), 0, 4)
    'server logs'
    """
    cat = _category_from(ctx.text, sent_start, pos)
    if cat and not generic_category(cat):
        return cat
    if ctx.lead_in:
        lead = ctx.lead_in
        from_lead = _category_from(lead, 0, len(lead))
        if from_lead and not (cat and generic_category(from_lead)):
            return from_lead
    return cat


# ---------------------------------------------------------------------------------------------
# stated periods

def _condition(text: str, d: Duration, sent_end: int) -> tuple[str, int]:
    """(condition text, its end offset) right after the duration, or ("", d.end)."""
    p = patterns()
    window = text[d.end:min(sent_end, d.end + 160)]
    for rx in p.conditions:
        m = rx.search(window)
        if m and m.group("cond").strip():
            cond = " ".join(m.group("cond").split()).rstrip(" ,.;")
            if p.not_condition.match(cond):
                return "", d.end
            return cond, d.end + m.end("cond")
    return "", d.end


def _category_fields(ctx: ClauseContext, sent_start: int, pos: int) -> dict[str, str]:
    """``data_category`` (the phrase as written) and ``data_category_id`` (its normalised id) of
    a finding at ``pos``; a phrase that is no noun phrase gives neither."""
    raw = data_category(ctx, sent_start, pos)
    cid = normalise_category(raw)
    if not cid or cid == "generic" and not generic_category(raw):
        # no phrase, a fragment, or words naming no known data ("send us"): the words just before
        # the period name the retained object ("Support chats you send us are stored for ...")
        near = normalise_category(ctx.text[max(sent_start, pos - 80):pos])
        if near not in ("", "generic"):
            return {"data_category": raw if cid else "", "data_category_id": near}
    return {"data_category": raw if cid else "", "data_category_id": cid}


def is_retention_duration(ctx: ClauseContext, d: Duration, in_section: str, changed: bool = False) -> str:
    """What makes a duration found in ``ctx.text`` a retention period.

    Parameters
    ----------
    ctx : ClauseContext
    d : Duration
        A duration of ``ctx.text`` (``numbers.find_durations``).
    in_section : str
        The guard a retention section or lead-in gives ("" when none).
    changed : bool, default=False
        ``d`` is the new period of a change ("extended from 5 to 7 years"), which the look-back
        guards (extensions) do not reject.

    Returns
    -------
    guard : str
        "sentence:cue" (a retention cue in its sentence) or ``in_section``; "" when the duration
        is no retention period.

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.numbers import find_durations
    >>> from policylens.extract.retention import is_retention_duration
    >>> kept, offer = "We keep server logs for 90 days.", "The offer lasts 90 days."
    >>> is_retention_duration(ClauseContext(kept), find_durations(kept)[0], "")
    'sentence:cue'
    >>> is_retention_duration(ClauseContext(offer), find_durations(offer)[0], "")
    ''
    """
    p = patterns()
    text = ctx.text
    s, e = sentence_around(text, d.start)
    near_before = text[max(s, d.start - 40):d.start]
    if not changed and any(rx.search(near_before) for rx in p.before_reject):
        return ""
    near_after = text[d.end:d.end + 30]
    if any(rx.search(near_after) for rx in p.after_reject):
        return ""
    sentence = text[s:e]
    if p.not_context.search(sentence) or p.rights_context.search(sentence) or p.reported.search(text, s, d.start):
        return ""
    # a table row is read with its header (the lead-in): a column of "average response time"
    # or cookie "expiry" values holds no retention periods, whatever the row's label says
    if ctx.kind == "table_row" and ctx.lead_in and (
            p.not_context.search(ctx.lead_in) or p.cookie_lifetime.search(ctx.lead_in)):
        return ""
    guard = "sentence:cue" if p.cue.search(sentence) else in_section
    if not guard:
        return ""
    # a cookie table's durations are cookie lifetimes: judged by the innermost heading only, as
    # plain-text segmentation can leave a "Cookies" heading over the rest of a policy
    heading = (ctx.section or "").rsplit(" > ", 1)[-1]
    cookie_context = p.cookie_lifetime.search(sentence) or (
        p.cookie_word.search(heading) and not p.section.search(heading)
        and not (p.passive.search(sentence) or p.active.search(sentence)))
    return "" if cookie_context and not p.cookie_retained.search(sentence) else guard


def _affirmed(rx: re.Pattern[str], text: str) -> bool:
    """Whether ``rx`` matches ``text`` at least once without a negation just before it: a lead-in
    "These cookies do not store any personal data:" introduces no retention items."""
    return any(not negated_before(text, m.start(), 30) for m in rx.finditer(text))


@lru_cache(maxsize=4096)
def _in_section(section: str, lead: str) -> str:
    """"section:retention" / "lead_in:retention" when the clause's section / lead-in is about
    retention, else "" (a pure function of two strings that repeat across a policy: cached)."""
    p = patterns()
    if p.section.search(section):
        return "section:retention"
    if _affirmed(p.section, lead) or _affirmed(p.lead_in_cue, lead):
        return "lead_in:retention"
    return ""


def _new_period(text: str, d: Duration) -> tuple[Duration, bool]:
    """A period changed "from N to M <unit>" ("extended from 5 to 7 years") read as its new value
    M (with the evidence unchanged); any other duration as it is."""
    if d.qualifier != "from" or len(d.numbers) != 2 or not patterns().changed.search(text, max(0, d.start - 70), d.start):
        return d, False
    days = d.numbers[1] * (unit_days(d.unit) or 0)
    return replace(d, min_days=days, max_days=days, qualifier="changed to"), True


def _stated(ctx: ClauseContext, in_section: str) -> list[Finding]:
    text = ctx.text
    out = []
    for d in find_durations(text)[:MAX_CANDIDATES]:
        d, changed = _new_period(text, d)
        guard = is_retention_duration(ctx, d, in_section, changed=changed)
        if not guard:
            continue
        s, e = sentence_around(text, d.start)
        cond, end = _condition(text, d, e)
        if not cond and patterns().inactivity_before.search(text[max(s, d.start - 60):d.start]):
            cond = "of inactivity"
        value = (format_days(d.min_days) if d.min_days == d.max_days
                 else f"{format_days(d.min_days)}-{format_days(d.max_days)}")
        out.append(Finding(
            aspect=ASPECT, value=value, start=d.start, end=end, evidence=text[d.start:end],
            rule=f"retention:period:{d.unit}", number=d.max_days, min_days=d.min_days,
            max_days=d.max_days, condition=cond, guard=guard, **_category_fields(ctx, s, d.start),
        ))
    return out


# ---------------------------------------------------------------------------------------------
# qualitative periods

@cache
def _rules() -> tuple[Rule, tuple[Rule, ...]]:
    """The stated-period rule and the qualitative rules (value = the kind), in file order."""
    rules = file_rules(RULES_FILE)
    return rules[0], rules[1:]


def _qualitative(ctx: ClauseContext, in_section: str, candidates: frozenset[Rule]) -> list[Finding]:
    p = patterns()
    text = ctx.text
    out: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    examined = 0
    for rule in _rules()[1]:
        if rule not in candidates:
            continue  # (most rules: none of their keywords occurs)
        kind = rule.value
        for m in (m for rx in rule.live(candidates) for m in rx.finditer(text)):
            examined += 1
            if examined > MAX_CANDIDATES:
                break
            s, e = sentence_around(text, m.start())
            if (kind, s) in seen:
                continue
            sentence = text[s:e]
            guard = "sentence:cue" if p.cue.search(sentence) else in_section
            if not guard:
                continue
            if kind == "indefinitely" and (
                    p.delete_near.match(text, m.end() + 1)
                    or p.delete_near.search(text[max(s, m.start() - 25):m.start()])):
                continue  # "permanently delete" is the opposite of keeping forever
            if kind == "indefinitely" and p.not_personal.search(text, s, m.start()):
                continue  # anonymised / aggregate data kept forever is no personal data kept
            if p.rights_context.search(sentence) or p.reported.search(text, s, m.start()):
                continue  # "you may ask us to delete it when it is no longer necessary": a right
            if kind == "legal_requirement" and not in_section and not p.legal_near_cue.search(
                    text, max(s, m.start() - p.legal_near), m.start()):
                continue  # "we process data to comply with legal obligations": a purpose
            if not text[m.start():m.end()].lower().startswith("longer") \
                    and negated_before(text, m.start(), 30):
                continue  # "we do not keep it indefinitely" ("not ... longer than necessary" is kept)
            seen.add((kind, s))
            out.append(Finding(
                aspect=ASPECT, value=kind, start=m.start(), end=m.end(), evidence=text[m.start():m.end()],
                rule=rule.id, condition=kind, guard=guard, **_category_fields(ctx, s, m.start()),
            ))
    return out


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    """Retention findings in one clause (offsets relative to ``ctx.text``), in text order.

    Stated periods carry ``min_days``/``max_days``; qualitative ones ("as long as your account
    is active") have the kind as ``value`` and ``condition`` and no days.

    Parameters
    ----------
    ctx : ClauseContext

    Returns
    -------
    findings : list of Finding

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.retention import extract_clause
    >>> found = extract_clause(ClauseContext("We keep server logs for 90 days. We retain account data "
    ...                                      "for as long as your account is active."))
    >>> [(f.value, f.data_category_id, f.max_days) for f in found]
    [('90', 'usage_logs', 90.0), ('while_active', 'account', None)]
    """
    text = ctx.text
    if not text:
        return []
    candidates = ctx.candidates if ctx.candidates is not None else rule_set().candidates(text)
    period, qualitative = _rules()
    if period not in candidates and candidates.isdisjoint(qualitative):
        return []
    # every finding needs a retention cue in its sentence or a retention section / lead-in
    in_section = _in_section(ctx.section or "", ctx.lead_in or "")
    if not in_section and patterns().cue.search(text) is None:
        return []
    found = (_stated(ctx, in_section) if period in candidates else []) + _qualitative(ctx, in_section, candidates)
    return sorted(found, key=lambda f: (f.start, f.end))
