"""Per-policy facts: dates, sale/sharing statements, deadlines, contacts, DPO, named services.

Clause-level findings (one aspect each):

* ``last_updated`` - ``value`` ISO date "YYYY-MM-DD" ("YYYY-MM" when the policy gives only a
  month) after a cue ("Last updated", "Effective date", "Revised on"). ``rule`` records the cue
  rank (``last_updated:1`` updated/revised, ``:2`` effective, ``:3`` "as of"/"dated"/"last
  reviewed") and, for numeric dates, how the day/month order was decided. A clause that is only
  a date counts under a heading that is only a cue ("Last Modified:" / "October 22, 2020", rule
  ``last_updated:<rank>:heading:<how>``) or right below the policy's title among its first
  clauses (``last_updated:2:header:<how>``). Never a date under another document's heading, in
  another document's sentence, or in running text that is not about a document. Order rule: "2025-07-02" is ISO; dotted
  dates ("02.07.2025") are day-first (the European convention: the dot is not used month-first);
  slashed and hyphenated numeric dates are day-first when the first number is > 12, month-first
  when the second is > 12, and otherwise *ambiguous*: month-first (US convention) in the finding,
  rule suffix ``:ambiguous``; ``policy_facts`` re-reads such a date day-first when the policy's
  laws are European only (GDPR/UK GDPR/PECR/ePrivacy cited, no US law).
* ``sells_data`` - "true"/"false" from a first-person statement that data is (not) sold. Not a
  statement: a right ("you may opt out of the sale"), a link title ("Do Not Sell My Personal
  Information"), a hypothetical ("if we sell our business"), a conditional negative ("we do not
  sell your data without your consent"), selling products/assets.
* ``shares_for_ads`` - "true"/"false": data shared/disclosed/made available for cross-context /
  targeted / behavioural advertising or with advertising partners, negated or not; rights
  ("opt out of sharing") are not statements.
* ``breach_notice_hours`` - hours (``number``) within which a breach is notified ("72 hours", "3 days"
  -> 72).
* ``response_days`` - days to answer a rights request ("within 30 days", "one month" -> 30);
  extensions ("an additional 45 days") are not deadlines; acknowledgements get ``role``
  "acknowledge", answers to an appeal ``role`` "appeal" (``policy_facts`` ignores both).
* ``contact_email`` - each e-mail address (lower-cased).
* ``has_dpo`` - "true" when a Data Protection Officer is named/contactable, "false" when the
  policy says none is appointed.

The findings' ``value`` is text (one column for every aspect); ``policy_facts`` turns them into
typed values once: ``bool | None`` (None = the policy does not say), numbers, lists.
* ``third_party_service`` - canonical id from ``data/third_party_services.yaml``.

``policy_facts(findings)`` aggregates them per policy (rules in its docstring). Patterns live in
``data/patterns_facts.yaml``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from policylens.extract import ClauseContext
from policylens.extract.children import finding_rows, policy_min_age
from policylens.extract.numbers import Duration, find_durations
from policylens.extract.rules import Rule, file_rules, negated_before, rule_set
from policylens.resources import load_data
from policylens.schema import Finding
from policylens.text.sentences import sentence_around

RULES_FILE = "patterns_facts.yaml"

_I = re.IGNORECASE
#: per clause and fact, at most this many candidates get sentence-level checks (bounds the work
#: on hostile input such as a 1 MB clause of repeated "we do not sell"; real clauses have a few)
MAX_CANDIDATES = 500

# ---------------------------------------------------------------------------------------------
# dates


def _date_body() -> str:
    """The date alternatives (named groups read by ``_date_from_match``)."""
    d = load_data("patterns_facts.yaml")["last_updated"]
    months = "|".join(sorted(d["months"], key=len, reverse=True))
    mon = rf"(?:{months})\b\.?"
    return (
        rf"(?P<mdy>(?P<m1>{mon})\s{{0,3}}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s{{1,3}}(?P<y1>\d{{4}}))"
        rf"|(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]{{1,3}}(?P<m2>{mon}),?[\s\-]{{1,3}}(?P<y2>\d{{4}}|\d{{2}}(?!\d)))"
        rf"|(?P<iso>(?P<y3>\d{{4}})[-/.](?P<m3>\d{{1,2}})[-/.](?P<d3>\d{{1,2}}))(?!\d)"
        rf"|(?P<num>(?P<a>\d{{1,2}})(?P<sep>[./\-])(?P<b>\d{{1,2}})(?P=sep)(?P<y4>\d{{4}}|\d{{2}}))(?!\d)"
        rf"|(?P<my>(?P<m6>{mon})(?:,\s{{0,3}}|\s{{1,3}})(?P<y6>\d{{4}}))"
    )


@cache
def _date_regex() -> re.Pattern[str]:
    d = load_data("patterns_facts.yaml")["last_updated"]
    cues = "|".join(f"(?P<c{c['rank']}>{c['pattern']})" for c in d["cues"])
    return re.compile(rf"(?:{cues}){d['gap']}(?P<date>{_date_body()})", _I)


@cache
def _date_only() -> re.Pattern[str]:
    """A clause that is nothing but a date ("October 10, 2022", "[3/27/2023]")."""
    return re.compile(rf"[\s\[(*_|\u200b]*(?P<date>{_date_body()})[\s\])*_|.\u200b]*", _I)


@cache
def _cue_only() -> re.Pattern[str]:
    """A heading that is nothing but a cue ("Last Modified:", "Effective date")."""
    d = load_data("patterns_facts.yaml")["last_updated"]
    cues = "|".join(f"(?P<c{c['rank']}>{c['pattern']})" for c in d["cues"])
    return re.compile(rf"[\s\[(*_|]*(?:{cues})[\s:,\-–—*_|)\]]*", _I)


@cache
def _months() -> dict[str, int]:
    return {k: int(v) for k, v in load_data("patterns_facts.yaml")["last_updated"]["months"].items()}


def _year(y: str) -> int:
    v = int(y)
    if len(y) == 2:
        v += 2000 if v < 70 else 1900
    return v


def _iso(y: int, m: int, d: int | None) -> str | None:
    try:
        if d is None:
            _dt.date(y, m, 1)
            return f"{y:04d}-{m:02d}"
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(text: str, day_first: bool | None = None) -> tuple[str | None, str]:
    """(ISO date, how) for a date written alone ("May 26, 2025", "02.07.2025", "2025-07-02").

    Parameters
    ----------
    text : str
    day_first : bool, default=None
        Overrides the default for ambiguous numeric dates (the module docstring gives the rule).

    Returns
    -------
    date : str or None
        ``YYYY-MM-DD``; None when ``text`` is no date.
    how : str
        "text" | "iso" | "dotted" | "day>12" | "month>12" | "ambiguous".

    Examples
    --------
    >>> from policylens.extract.facts import parse_date
    >>> parse_date("May 26, 2025"), parse_date("02.07.2025"), parse_date("13/04/2025")
    (('2025-05-26', 'text'), ('2025-07-02', 'dotted'), ('2025-04-13', 'day>12'))
    >>> parse_date("03/04/2025"), parse_date("03/04/2025", day_first=True)
    (('2025-03-04', 'ambiguous'), ('2025-04-03', 'ambiguous'))
    """
    m = _date_regex().search("updated " + text.strip())
    if not m:
        return None, ""
    return _date_from_match(m, day_first)


def _date_from_match(m: re.Match[str], day_first: bool | None = None) -> tuple[str | None, str]:
    months = _months()
    g = m.group
    if g("mdy"):
        return _iso(_year(g("y1")), months[g("m1").lower().rstrip(".")], int(g("d1"))), "text"
    if g("dmy"):
        return _iso(_year(g("y2")), months[g("m2").lower().rstrip(".")], int(g("d2"))), "text"
    if g("iso"):
        return _iso(int(g("y3")), int(g("m3")), int(g("d3"))), "iso"
    if g("num"):
        a, b, y = int(g("a")), int(g("b")), _year(g("y4"))
        if g("sep") == ".":
            how, df = "dotted", True
        elif a > 12:
            how, df = "day>12", True
        elif b > 12:
            how, df = "month>12", False
        else:
            how, df = "ambiguous", bool(day_first)
        return (_iso(y, b, a) if df else _iso(y, a, b)), how
    if g("my"):
        return _iso(_year(g("y6")), months[g("m6").lower().rstrip(".")], None), "text"
    return None, ""


_CUE_GUARDS = {1: "cue:updated", 2: "cue:effective", 3: "cue:as_of"}
_BARE_CUES = ("updated", "revised", "modified", "amended")


def _other_document_section(section: str) -> bool:
    """The innermost heading of ``section`` that names a document names another one ("Terms of
    Use" / "Cookie Declaration"); a heading naming the privacy document ends the walk."""
    g = _guards()
    for heading in reversed(section.split(" > ")):
        if g["this_document_heading"].search(heading):
            return False
        if g["other_document_section"].search(heading):
            return True
    return False


def _weak_part(ctx: ClauseContext, before: str) -> str:
    """Why an updated/effective date dates less than the policy: "page" ("Page last updated on
    ..."), "part" (a part for one jurisdiction or audience: a California supplement, "This
    section is effective as of ..."); "" when it dates the policy."""
    g = _guards()
    if g["page_before"].search(before):
        return "page"
    if g["scoped_part"].search(before) or (ctx.section and g["scoped_part"].search(ctx.section)):
        return "part"
    return ""


def _headed_date(ctx: ClauseContext) -> Finding | None:
    """A clause that is only a date, under a heading that is only a cue ("Last Modified:" then
    "October 22, 2020": rank of the cue), or among the policy's first clauses before any section
    heading or under its title ("PRIVACY POLICY" then "3/27/2023": rank 2, a header date)."""
    m = _date_only().fullmatch(ctx.text)
    if m is None:
        return None
    headings = ctx.section.split(" > ") if ctx.section else []
    if ctx.kind == "heading":
        headings = headings[:-1]  # the clause's own heading
    if _other_document_section(" > ".join(headings)):
        return None
    d = load_data("patterns_facts.yaml")["last_updated"]
    cue = _cue_only().fullmatch(headings[-1]) if headings else None
    if cue is not None:
        rank, how = next(r for r in (1, 2, 3) if cue.group(f"c{r}")), "heading"
    elif ctx.clause_id < int(d["header_clauses"]) and (not headings or any(
            _guards()["header_title"].search(h) for h in headings)):
        rank, how = 2, "header"  # before any section heading, or under the policy's title
    else:
        return None
    iso, read = _date_from_match(m)
    if not iso:
        return None
    weak = _weak_part(ctx, "") if rank < 3 else ""
    if weak:
        rank, how = 3, f"{how}:{weak}"
    s, e = m.span("date")
    return Finding(aspect="last_updated", value=iso, start=s, end=e, evidence=ctx.text[s:e],
                   rule=f"last_updated:{rank}:{how}:{read}", guard=_CUE_GUARDS[rank])


def _last_updated(ctx: ClauseContext) -> list[Finding]:
    out = []
    g = _guards()
    for m in _date_regex().finditer(ctx.text):
        rank = next(r for r in (1, 2, 3) if m.group(f"c{r}"))
        if _patterns().law_before.search(ctx.text, max(0, m.start() - 80), m.start()):
            continue  # "... Privacy Act (“XYZ”), effective July 1, 2024": the law's date
        s, _e = sentence_around(ctx.text, m.start())
        before = ctx.text[s:m.start()]
        if g["law_subject_before"].search(before) or g["other_document_before"].search(before):
            continue  # "The GDPR became effective as of ...", "Our Terms were last updated ..."
        if ctx.section and _other_document_section(ctx.section):
            continue  # a date under another document's heading on the same page
        about = ctx.text[s:_e]
        if rank == 3 and len(ctx.text) > 80 and not g["weak_cue_about"].search(about):
            continue  # "invite-only as of November 2023": a product's date, not the policy's
        if (rank == 1 and m.group("c1").lower().startswith(_BARE_CUES)
                and g["passive_before"].search(before) and not g["bare_cue_about"].search(about)):
            continue  # "Numbers were updated on May 18, 2022": a table's date, not the policy's
        iso, how = _date_from_match(m)
        if not iso:
            continue
        weak = _weak_part(ctx, before) if rank < 3 else ""
        if weak:
            rank, how = 3, f"{weak}:{how}"
        rule = f"last_updated:{rank}:{how}"
        out.append(Finding(aspect="last_updated", value=iso, start=m.start(), end=m.end(),
                           evidence=m.group(), rule=rule, guard=_CUE_GUARDS[rank]))
    if not out:
        headed = _headed_date(ctx)
        if headed is not None:
            out.append(headed)
    return out


# ---------------------------------------------------------------------------------------------
# patterns


@dataclass(frozen=True)
class _P:
    sell_verb: re.Pattern[str]
    sell_obj_after: re.Pattern[str]
    sell_obj_before: re.Pattern[str]
    sell_not_data: re.Pattern[str]
    sell_skip: re.Pattern[str]
    sell_link: re.Pattern[str]
    sell_descriptive: re.Pattern[str]
    sell_transaction: re.Pattern[str]
    sell_conditional: re.Pattern[str]
    sell_none_after: re.Pattern[str]
    sell_minor_scope: re.Pattern[str]
    sell_other_seller: re.Pattern[str]
    share_inbound: re.Pattern[str]
    breach_request: re.Pattern[str]
    law_before: re.Pattern[str]
    response_keep: re.Pattern[str]
    neg_lead_in: re.Pattern[str]
    ad: re.Pattern[str]
    share: re.Pattern[str]
    share_skip_before: re.Pattern[str]
    share_skip_sentence: re.Pattern[str]
    share_not_personal: re.Pattern[str]
    breach: re.Pattern[str]
    notify: re.Pattern[str]
    respond: re.Pattern[str]
    request: re.Pattern[str]
    acknowledge: re.Pattern[str]
    extension_before: re.Pattern[str]
    deadline_quals: frozenset[str]
    deadline_units: frozenset[str]
    email: re.Pattern[str]
    not_tld: frozenset[str]
    dpo: re.Pattern[str]
    dpo_cs: re.Pattern[str]
    dpo_negative: re.Pattern[str]
    dpo_negative_after: re.Pattern[str]
    negation_window: int


def _anchored(p: str) -> str:
    return p[1:] if p.startswith("^") else p


@cache
def _rules() -> dict[str, Rule]:
    """The file's rules by id (one per fact)."""
    return {r.id: r for r in file_rules(RULES_FILE)}


@cache
def _guards() -> dict[str, re.Pattern[str]]:
    """Guards against the error classes seen on unseen policies (deemed sales, scoped denials,
    other documents' dates, the user's own windows); see ``patterns_facts.yaml``."""
    d = load_data("patterns_facts.yaml")
    lu, sd, sa, rd = d["last_updated"], d["sells_data"], d["shares_for_ads"], d["response_days"]
    return {
        "deemed_sale": re.compile(sd["deemed_sale"], _I),
        "law_scope_after": re.compile(sd["law_scope_after"]),
        "not_statement": re.compile(sd["not_statement"], _I),
        "link_before": re.compile(sa["link_before"], _I),
        "opt_out_sentence": re.compile(sa["opt_out_sentence"], _I),
        "scope_sentence": re.compile(sa["scope_sentence"], _I),
        "user_control": re.compile(sa["user_control"], _I),
        "not_personal_before": re.compile(sa["not_personal_before"], _I),
        "contrast_between": re.compile(sa["contrast_between"], _I),
        "reported_before": re.compile(sa["reported_before"], _I),
        "other_sharer_before": re.compile(sa["other_sharer_before"], _I),
        "inbound_before": re.compile(sa["inbound_before"], _I),
        "platform_sharer_before": re.compile(sa["platform_sharer_before"], _I),
        "sell_conditional_before": re.compile(sd["conditional_before"], _I),
        "product_subject": re.compile(sd["product_subject"], _I),
        "category_subject": re.compile(sd["category_subject"], _I),
        "share_conditional_after": re.compile(_anchored(sa["conditional_after"]), _I),
        "admitted_sale": re.compile(sd["admitted_sale"], _I),
        "do_sell": re.compile(sd["do_sell"], _I),
        "dpo_in_address_before": re.compile(d["has_dpo"]["in_address_before"]),
        "dpo_in_address_after": re.compile(_anchored(d["has_dpo"]["in_address_after"])),
        "request_word": re.compile(rd["request_word"], _I),
        "user_deadline_before": re.compile(rd["user_deadline_before"], _I),
        "law_subject_before": re.compile(lu["law_subject_before"]),
        "other_document_before": re.compile(lu["other_document_before"], _I),
        "other_document_section": re.compile(lu["other_document_section"], _I),
        "this_document_heading": re.compile(lu["this_document_heading"], _I),
        "weak_cue_about": re.compile(lu["weak_cue_about"], _I),
        "bare_cue_about": re.compile(lu["bare_cue_about"], _I),
        "passive_before": re.compile(lu["passive_before"], _I),
        "page_before": re.compile(lu["page_before"], _I),
        "scoped_part": re.compile(lu["scoped_part"], _I),
        "header_title": re.compile(lu["header_title"], _I),
        "user_window_before": re.compile(rd["user_window_before"], _I),
        "appeal": re.compile(rd["appeal"], _I),
    }


@cache
def _patterns() -> _P:
    d = load_data(RULES_FILE)
    rules = _rules()
    s, a, b, r = d["sells_data"], d["shares_for_ads"], d["breach_notice"], d["response_days"]
    return _P(
        sell_verb=rules["sells_data"].regex,
        sell_obj_after=re.compile(_anchored(s["object_after"]), _I),
        sell_obj_before=re.compile(s["object_before"], _I),
        sell_not_data=re.compile(_anchored(s["not_data_after"]), _I),
        sell_skip=re.compile(s["skip_sentence"], _I),
        sell_link=re.compile(_anchored(s["link_title"]), _I),
        sell_descriptive=re.compile(s["descriptive_before"], _I),
        sell_transaction=re.compile(s["transaction"], _I),
        sell_conditional=re.compile(_anchored(s["conditional_after"]), _I),
        sell_none_after=re.compile(_anchored(s["none_after"]), _I),
        sell_minor_scope=re.compile(_anchored(s["minor_scope_after"]), _I),
        sell_other_seller=re.compile(s["other_seller_before"], _I),
        share_inbound=re.compile(_anchored(a["inbound_after"]), _I),
        breach_request=re.compile(b["request_sentence"], _I),
        law_before=re.compile(d["last_updated"]["law_before"], _I),
        response_keep=re.compile(r["keep"], _I),
        neg_lead_in=re.compile(s["negation_lead_in"], _I),
        ad=re.compile(a["ad"], _I),
        share=rules["shares_for_ads"].regex,
        share_skip_before=re.compile(a["skip_before"], _I),
        share_skip_sentence=re.compile(a["skip_sentence"], _I),
        share_not_personal=re.compile(_anchored(a["not_personal_after"]), _I),
        breach=re.compile(b["breach"], _I),
        notify=re.compile(b["notify"], _I),
        respond=re.compile(r["respond"], _I),
        request=re.compile(r["request"], _I),
        acknowledge=re.compile(r["acknowledge"], _I),
        extension_before=re.compile(r["extension_before"], _I),
        deadline_quals=frozenset(r["deadline_qualifiers"]),
        deadline_units=frozenset(r["units"]),
        email=rules["contact_email"].regex,
        not_tld=frozenset(d["contact_email"]["not_tld"]),
        dpo=rules["has_dpo"].regexes[0],
        dpo_cs=rules["has_dpo"].regexes[1],
        dpo_negative=re.compile(d["has_dpo"]["negative"], _I),
        dpo_negative_after=re.compile(_anchored(d["has_dpo"]["negative_after"]), _I),
        negation_window=int(d["third_party_service"]["negation_window"]),
    )


_ONLY_BULLET = re.compile(r"[\s•*\-–—·▪◦‣⁃\d.)]*")


def _clause_negated_by_lead_in(ctx: ClauseContext, pos: int, rx: re.Pattern[str]) -> bool:
    """A list item under "We Do Not:" that starts with the verb ("Sell your personal data")."""
    return bool(ctx.lead_in) and _ONLY_BULLET.fullmatch(ctx.text[:pos]) is not None \
        and bool(rx.search(ctx.lead_in))


# ---------------------------------------------------------------------------------------------
# sells_data / shares_for_ads


def _sells(ctx: ClauseContext) -> list[Finding]:
    p = _patterns()
    text = ctx.text
    out = []
    for n, m in enumerate(p.sell_verb.finditer(text)):
        if n >= MAX_CANDIDATES:
            break
        s, e = sentence_around(text, m.start())
        sentence = text[s:e]
        after = text[m.end():min(e, m.end() + 120)]
        if p.sell_skip.search(sentence) or p.sell_link.match(after) or _guards()["not_statement"].search(sentence):
            continue
        before = text[max(s, m.start() - 60):m.start()]
        if p.sell_not_data.match(after) or p.sell_transaction.search(sentence):
            continue
        if p.sell_descriptive.search(text[max(s, m.start() - 100):m.start()]):
            continue  # "the categories of personal information we have sold" (a right to know)
        obj = p.sell_obj_after.match(after)
        data_obj = bool(obj) or (
            m.group().lower() == "sold" and bool(p.sell_obj_before.search(before)))
        if not data_obj:
            continue
        guard = ("negation" if negated_before(text, m.start(), 50)
                 else "lead_in:negation" if _clause_negated_by_lead_in(ctx, m.start(), p.neg_lead_in) else "first_person")
        if guard == "first_person" and m.group().lower() == "sold" and p.sell_none_after.match(after):
            guard = "none_listed"  # "Categories of personal information sold: None"
        negated = guard != "first_person"
        g = _guards()
        if negated and (p.sell_conditional.match(text, m.end(), e) or g["sell_conditional_before"].search(text, s, m.start())):
            continue  # "we do not sell your data without your consent": not a plain no
        end = m.end() + obj.end() if obj else m.end()
        if negated and (p.sell_minor_scope.match(after) or p.sell_minor_scope.match(text, end, e)):
            continue  # "we do not sell the data of users under 16": says nothing about the rest
        if negated and g["admitted_sale"].search(text, s, e):
            continue  # "does not sell for money, but we do “sell” under state law": the admission stands
        if not negated and not re.search(r"\b(?:we|us|our|company|may|might|have|has)\b",
                                         before + text[m.start():m.end()], _I):
            continue  # an affirmative sale needs a first-person / modal subject
        if not negated and p.sell_other_seller.search(before):
            continue  # "opt out from certain third parties selling your data": not our sale
        value = "false" if negated else "true"
        # evidence: the verb and its data object ("sell, rent or share your personal data")
        scope, phrase = "", ""
        if negated:
            law = g["law_scope_after"].match(text, end, e)
            product = _product_subject(ctx, text[s:m.start()])
            category = g["category_subject"].search(text, s, m.start())
            if law:
                scope, phrase = "law", " ".join(law.group("scope").split())
            elif category:
                scope, phrase = "data_category", " ".join(category.group("scope").split())
            elif product:
                scope, phrase = "product", product
        out.append(Finding(aspect="sells_data", value=value, start=m.start(), end=end,
                           evidence=text[m.start():end],
                           rule=f"sells_data:{value}" + (":scoped" if scope else ""), guard=guard,
                           condition=phrase, scope=scope))
    for m in _guards()["do_sell"].finditer(text):
        # "we do “sell” your information as the law defines it": an emphatic admission
        if not any(f.value == "true" and f.start <= m.start() < f.end + 40 for f in out):
            out.append(Finding(aspect="sells_data", value="true", start=m.start(), end=m.end(),
                               evidence=m.group(), rule="sells_data:true:admitted", guard="sentence:do_sell"))
    for m in _guards()["deemed_sale"].finditer(text):
        # "we don't sell in the usual sense, but this may be considered a sale under state law"
        out.append(Finding(aspect="sells_data", value="true", start=m.start(), end=m.end(),
                           evidence=m.group(), rule="sells_data:true:deemed", guard="sentence:deemed_sale"))
    return out


def _product_subject(ctx: ClauseContext, before: str) -> str:
    """The product a denial speaks for when its subject is one ("The in-car app does not:"),
    else ''. The subject is the sentence before the verb, or the lead-in of a "does not:" list."""
    subject = ctx.lead_in if _ONLY_BULLET.fullmatch(before) and ctx.lead_in else before
    subject = re.split(r"\b(?:do|does|will|shall|would|can)\s*(?:not|n[’']t)\b|\bnever\b", subject, maxsplit=1, flags=_I)[0]
    if re.search(r"\b(?:we|us|our)\b", subject, _I):
        return ""
    m = _guards()["product_subject"].search(subject)
    return " ".join(subject.strip(" :;,-–—").split())[-80:] if m else ""


_TABLE_HEAD = re.compile(r"(?:to|with)\s+whom\b[^.;:]{0,120}$", _I)
_HEAD_DENIED = re.compile(r"[^.;:]{0,40}:\s*[^.;]{0,80}?\b(?:not|none|no|n/a)\b", _I)


def _shares_for_ads(ctx: ClauseContext) -> list[Finding]:
    p = _patterns()
    text = ctx.text
    out = []
    if ctx.kind == "heading":
        return out  # "Sales, Sharing, and Targeted Advertising Activities" titles what follows
    seen: set[int] = set()
    for n, m in enumerate(p.share.finditer(text)):
        if n >= MAX_CANDIDATES:
            break
        s, e = sentence_around(text, m.start())
        if s in seen:
            continue
        ad = p.ad.search(text, s, e)
        if not ad:
            continue
        g = _guards()
        if p.share_skip_sentence.search(text, s, e) or \
                p.share_skip_before.search(text[max(s, m.start() - 40):m.start()]) or \
                p.share_not_personal.match(text, m.end(), e) or \
                g["not_personal_before"].search(text, max(s, m.start() - 80), m.start()) or \
                p.share_inbound.match(text, m.end(), e) or g["user_control"].search(text, s, e) or \
                g["reported_before"].search(text, s, m.start()) or \
                g["other_sharer_before"].search(text, max(s, m.start() - 30), m.start()) or \
                g["platform_sharer_before"].search(text, max(s, m.start() - 80), m.start()) or \
                (ad.start() < m.start() and g["inbound_before"].search(text, max(0, ad.start() - 400), ad.start())):
            continue  # aggregate data, data shared *with us*, the user's own control, a report of another text
        if _TABLE_HEAD.search(text, s, m.start()) and _HEAD_DENIED.match(text, ad.end(), e):
            continue  # "Third parties to whom data is shared for targeted ads: it is not shared": read on
        if g["link_before"].search(text, max(s, m.start() - 30), m.start()):
            continue  # the "Do Not Sell or Share My Personal Information" link
        guard = ("negation" if negated_before(text, m.start(), 50)
                 else "lead_in:negation" if _clause_negated_by_lead_in(ctx, m.start(), p.neg_lead_in) else "sentence:ad")
        if guard == "negation" and _contrast_after_negation(text, max(s, m.start() - 50), m.start()):
            guard = "sentence:ad"  # "we do not sell it, but may share it for targeted ads": shared
        value = "true" if guard == "sentence:ad" else "false"
        if value == "false" and g["opt_out_sentence"].search(text, s, e):
            continue  # how to opt out is no denial
        if value == "false" and ad.start() > m.end() and g["contrast_between"].search(text, m.end(), ad.start()):
            continue  # "we do not share X, however certain data is shared with ad partners": read on
        if value == "false" and g["share_conditional_after"].match(text, m.end(), e):
            continue  # "we don't share it with advertisers unless you ask us to": no plain no
        scope = g["scope_sentence"].search(text, s, e) if value == "false" else None
        seen.add(s)
        lo, hi = min(m.start(), ad.start()), max(m.end(), ad.end())
        phrase = " ".join(scope.group("scope").split()) if scope else ""
        out.append(Finding(aspect="shares_for_ads", value=value, start=lo, end=hi,
                           evidence=text[lo:hi], rule=f"shares_for_ads:{value}" + (":scoped" if scope else ""),
                           guard=guard, condition=phrase, scope=_scope_kind(phrase) if scope else ""))
    return out


_NEGATION_CUE = re.compile(r"\b(?:not|never|no)\b|n[’']t\b", _I)


def _contrast_after_negation(text: str, lo: int, hi: int) -> bool:
    """Whether a contrast ("but", "however") follows the last negation cue in text[lo:hi]."""
    cues = list(_NEGATION_CUE.finditer(text, lo, hi))
    return bool(cues) and bool(_guards()["contrast_between"].search(text, cues[-1].end(), hi))


def _scope_kind(phrase: str) -> str:
    """The ``scope`` of a scoped denial: ``law`` (a law's definition or where a law restricts it),
    ``sensitive_data``, ``data_category`` (one row of a table), or ``children`` (ages, minors)."""
    low = phrase.lower()
    if "law" in low or "defined" in low:
        return "law"
    if "sensitive" in low:
        return "sensitive_data"
    if "law" not in low and re.search(r"\d", low):
        return "children"
    if "categor" in low or "type" in low or "kind" in low:
        return "data_category"
    return "children"


# ---------------------------------------------------------------------------------------------
# deadlines


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0").rstrip(".")


def _breach_hours(ctx: ClauseContext, durations: list[Duration]) -> list[Finding]:
    p = _patterns()
    text = ctx.text
    context = f"{ctx.section} {ctx.lead_in}"
    out = []
    for d in durations:
        if d.unit not in ("hour", "day"):
            continue
        s, e = sentence_around(text, d.start)
        sentence = text[s:e]
        if not (p.breach.search(sentence) or p.breach.search(context)):
            continue
        if not p.breach.search(sentence) and p.breach_request.search(sentence):
            continue  # "we will inform the requester within 30 days" under a Security heading
        piece_before = text[max(0, s - 80):s] if text[max(0, s - 3):s].strip().endswith(";") else ""
        if not (p.notify.search(sentence) or p.notify.search(piece_before)):
            continue
        hours = d.max_days * 24
        guard = ("sentence:breach" if p.breach.search(sentence)
                 else "section:breach" if p.breach.search(ctx.section) else "lead_in:breach")
        out.append(Finding(aspect="breach_notice_hours", value=_fmt(hours), start=d.start,
                           end=d.end, evidence=d.text, rule=f"breach_notice_hours:{d.unit}",
                           number=hours, guard=guard))
    return out


def _response_days(ctx: ClauseContext, durations: list[Duration]) -> list[Finding]:
    p = _patterns()
    text = ctx.text
    out = []
    for d in durations:
        if d.unit not in p.deadline_units:
            continue
        s, e = sentence_around(text, d.start)
        sentence = text[s:e]
        if p.breach.search(sentence) or not p.respond.search(sentence):
            continue
        if not (p.request.search(sentence) or p.request.search(ctx.lead_in or "")):
            continue
        if d.qualifier not in p.deadline_quals:
            continue
        if p.extension_before.search(text[max(s, d.start - 40):d.start]):
            continue  # "extended by an additional two months"
        before = text[s:d.start]
        if _guards()["user_deadline_before"].search(text, max(s, d.start - 120), d.start):
            continue  # "if you fail to verify within 45 days, we may deny it": the user's deadline
        appeal = bool(_guards()["appeal"].search(sentence))
        if appeal and _guards()["user_window_before"].search(before):
            continue  # "you may appeal within 45 days": the user's window, not our deadline
        ack = p.acknowledge.search(before)
        resp = None
        for m in p.respond.finditer(before):
            resp = m
        keep = None
        for m in p.response_keep.finditer(before):
            keep = m
        if keep is not None and (resp is None or keep.start() > resp.start()):
            continue  # the nearest verb before the period keeps data: retention, not a deadline
        role = "acknowledge" if ack and (resp is None or ack.start() > resp.start()) else ""
        if appeal and not _guards()["request_word"].search(sentence):
            role = "appeal"  # our answer to an appeal: no deadline for answering a request
        guard = "sentence:request" if p.request.search(sentence) else "lead_in:request"
        out.append(Finding(aspect="response_days", value=_fmt(d.max_days), start=d.start,
                           end=d.end, evidence=d.text, rule=f"response_days:{d.unit}" + (":appeal" if role == "appeal" else ""),
                           number=d.max_days, role=role, guard=guard))
    return out


# ---------------------------------------------------------------------------------------------
# contacts, DPO, services


def _emails(ctx: ClauseContext) -> list[Finding]:
    p = _patterns()
    out = []
    for m in p.email.finditer(ctx.text):
        addr = m.group().rstrip(".")
        if addr.rsplit(".", 1)[-1].lower() in p.not_tld:
            continue
        out.append(Finding(aspect="contact_email", value=addr.lower(), start=m.start(),
                           end=m.start() + len(addr), evidence=addr, rule="contact_email", guard="none"))
    return out


def _dpo(ctx: ClauseContext) -> list[Finding]:
    p = _patterns()
    text = ctx.text
    matches = sorted(list(p.dpo.finditer(text)) + list(p.dpo_cs.finditer(text)), key=lambda m: m.start())
    out = []
    last_end = -1
    for m in matches[:MAX_CANDIDATES]:
        if m.start() < last_end:
            continue  # "Data Protection Officer (DPO)" is one mention
        last_end = m.end() + 8
        if _guards()["dpo_in_address_before"].search(text, max(0, m.start() - 1), m.start()) or \
                _guards()["dpo_in_address_after"].match(text, m.end()):
            continue  # "dpo@example.com": a mailbox, not an appointment
        s, _e = sentence_around(text, m.start())
        neg = bool(p.dpo_negative.search(text[max(s, m.start() - 90):m.start()])
                   or p.dpo_negative_after.match(text, m.end()))
        value = "false" if neg else "true"
        out.append(Finding(aspect="has_dpo", value=value, start=m.start(), end=m.end(),
                           evidence=text[m.start():m.end()], rule=f"has_dpo:{value}",
                           guard="negation" if neg else "none"))
    return out


@cache
def _service_regexes() -> tuple[tuple[re.Pattern[str] | None, dict[str, str]], ...]:
    """(case-insensitive regex, name->id), (case-sensitive regex, name->id)."""
    data = load_data("third_party_services.yaml")["services"]
    out = []
    for key, flags in (("names", _I), ("names_cs", 0)):
        name_to_id = {}
        for svc in data:
            for name in svc.get(key) or []:
                name_to_id[name.lower() if flags else name] = svc["id"]
        if not name_to_id:
            out.append((None, {}))
            continue
        alt = "|".join(re.escape(n) for n in sorted(name_to_id, key=len, reverse=True))
        out.append((re.compile(rf"(?<![\w@])(?:{alt})(?![\w@]|\.\w)", flags), name_to_id))
    return tuple(out)


def service_lexicon() -> dict[str, list[str]]:
    """The third-party services' names by id (both case modes), for documentation/notebooks.

    Returns
    -------
    lexicon : dict of str to list of str

    Examples
    --------
    >>> from policylens.extract.facts import service_lexicon
    >>> service_lexicon()["google_analytics"][:3]
    ['Google Analytics', 'Google Analytics 4', 'GA4']
    """
    data = load_data("third_party_services.yaml")["services"]
    return {s["id"]: list(s.get("names") or []) + list(s.get("names_cs") or []) for s in data}


def _services(ctx: ClauseContext) -> list[Finding]:
    text = ctx.text
    p = _patterns()
    hits = []
    for rx, name_to_id in _service_regexes():
        if rx is None:
            continue
        for m in rx.finditer(text):
            key = m.group() if rx.flags & _I == 0 else m.group().lower()
            sid = name_to_id.get(key) or name_to_id.get(m.group().lower())
            if sid:
                hits.append((m.start(), -m.end(), sid, m))
    if not hits:
        return []
    hits.sort(key=lambda h: (h[0], h[1]))
    out = []
    last_end = -1
    for start, neg_end, sid, m in hits:
        if start < last_end:
            continue  # longest name at a position wins; overlapped shorter names are dropped
        last_end = -neg_end
        if negated_before(text, start, p.negation_window):
            continue
        out.append(Finding(aspect="third_party_service", value=sid, start=start, end=-neg_end,
                           evidence=m.group(), rule=f"third_party_service:{sid}", guard="none"))
    return out


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    """All per-policy-fact findings in one clause (offsets relative to ``ctx.text``).

    Parameters
    ----------
    ctx : ClauseContext

    Returns
    -------
    findings : list of Finding
        Aspects ``last_updated``, ``sells_data``, ``shares_for_ads``, ``breach_notice``,
        ``response_time``, ``contact_email``, ``dpo``, ``third_party_service`` ...

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.facts import extract_clause
    >>> found = extract_clause(ClauseContext("Last updated: May 26, 2025. We use Google Analytics. "
    ...                                      "We do not sell your personal information. Contact privacy@acme.example."))
    >>> [(f.aspect, f.value) for f in found]
    [('last_updated', '2025-05-26'), ('third_party_service', 'google_analytics'), ('sells_data', 'false'), ('contact_email', 'privacy@acme.example')]
    """
    text = ctx.text
    if not text:
        return []
    candidates = ctx.candidates if ctx.candidates is not None else rule_set().candidates(text)
    rules = _rules()
    if candidates.isdisjoint(rules.values()):
        return []  # most clauses
    found: list[Finding] = []
    if rules["last_updated"] in candidates:
        found += _last_updated(ctx)
    if rules["sells_data"] in candidates:
        found += _sells(ctx)
    if rules["shares_for_ads"] in candidates:
        found += _shares_for_ads(ctx)
    if rules["breach_notice_hours"] in candidates or rules["response_days"] in candidates:
        durations = find_durations(text)[:MAX_CANDIDATES]
        if durations:
            found += _breach_hours(ctx, durations) + _response_days(ctx, durations)
    if rules["contact_email"] in candidates:
        found += _emails(ctx)
    if rules["has_dpo"] in candidates:
        found += _dpo(ctx)
    if rules["third_party_service"] in candidates:
        found += _services(ctx)
    if len(found) > 1:
        found.sort(key=lambda f: (f.start, f.end, f.aspect))  # (stable, as ``sorted`` was)
    return found


# ---------------------------------------------------------------------------------------------
# per-policy aggregation

_EU_LAWS = frozenset({"gdpr", "uk_gdpr", "pecr", "eprivacy"})
_US_LAWS = frozenset({"ccpa", "coppa", "vcdpa", "cpa_colorado", "ctdpa", "ucpa",
                      "cal_shine_the_light"})


def _num(v: Any) -> float | None:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return v if v == v else None


#: aspects a policy answers yes/no; a statement of each polarity makes a conflict
STATED = ("sells_data", "shares_for_ads")
#: scopes of a denial that still answer for the whole policy (a law's definition of "sale")
_GENERAL_SCOPES = frozenset({"", "law"})
CONFLICT = "conflict"


def _decides(row: Any) -> bool:
    """Whether a sells_data/shares_for_ads statement answers for the whole policy: not one limited
    to children, sensitive data or one product ("unknown is not no" for the rest)."""
    scope = row.get("scope") if isinstance(row, dict) else getattr(row, "scope", "")
    return (scope if isinstance(scope, str) else "") in _GENERAL_SCOPES


def annotate_document(pairs: list[tuple[Any, Finding]]) -> list[tuple[Any, Finding]]:
    """Mark conflicts across a document's clauses.

    When a policy both says it sells (shares for ads) and says it does not, every such statement
    gets ``role`` "conflict", so each side's evidence shows the other exists.

    Parameters
    ----------
    pairs : list of (ClauseContext, Finding)
        The findings of one or more policies with their clauses.

    Returns
    -------
    pairs : list of (ClauseContext, Finding)
        The same pairs, conflicting statements with ``role`` "conflict" (``pairs`` itself when
        there is no conflict).

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.facts import annotate_document, extract_clause
    >>> clauses = [ClauseContext("We do not sell your personal information.", policy="acme", clause_id=0),
    ...            ClauseContext("We may sell your personal information to data brokers.", policy="acme",
    ...                          clause_id=1)]
    >>> pairs = [(ctx, f) for ctx in clauses for f in extract_clause(ctx)]
    >>> [(ctx.clause_id, f.aspect, f.value, f.role) for ctx, f in annotate_document(pairs)]
    [(0, 'sells_data', 'false', 'conflict'), (1, 'sells_data', 'true', 'conflict')]
    """
    groups: dict[tuple[str, str], dict[str, list[int]]] = {}
    for i, (ctx, f) in enumerate(pairs):
        if f.aspect in STATED and _decides(f):
            groups.setdefault((ctx.policy, f.aspect), {}).setdefault(f.value, []).append(i)
    marked = [i for by_value in groups.values() if "true" in by_value and "false" in by_value
              for i in by_value["true"] + by_value["false"]]
    if not marked:
        return pairs
    out = list(pairs)
    for i in marked:
        ctx, f = out[i]
        out[i] = (ctx, replace(f, role=CONFLICT))
    return out


def conflicts(findings: Any) -> list[str]:
    """Which of ``sells_data`` / ``shares_for_ads`` a policy both affirms and denies.

    These are statements that answer for the whole policy; their findings carry ``role``
    "conflict", so the evidence of each side is at hand.

    Parameters
    ----------
    findings : DataFrame or iterable of Finding

    Returns
    -------
    aspects : list of str

    Examples
    --------
    >>> from policylens.schema import Finding
    >>> conflicts([Finding("sells_data", "false", 0, 4, "sell"), Finding("sells_data", "true", 9, 13, "sell")])
    ['sells_data']
    """
    values: dict[str, set] = {}
    for r in finding_rows(findings):
        if r.get("aspect") in STATED and _decides(r):
            values.setdefault(r["aspect"], set()).add(r.get("value"))
    return [a for a in STATED if {"true", "false"} <= values.get(a, set())]


def _tri(values: Iterable[str]) -> bool | None:
    """Explicit "true" anywhere wins (a policy that admits selling in one place sells, whatever it
    denies elsewhere; both statements carry ``role`` "conflict"); else an explicit "false"; else
    None (the policy does not say)."""
    vals = set(values)
    if "true" in vals:
        return True
    if "false" in vals:
        return False
    return None


def policy_facts(findings: Any) -> dict[str, Any]:
    """One policy's facts from its findings.

    Keys and rules:

    * ``last_updated`` (str | None): among ``last_updated`` findings, the best cue rank (updated/
      revised before effective before "as of"), then the latest date. Ambiguous slashed dates are
      re-read day-first when the policy cites only European laws (``law`` findings).
    * ``sells_data`` / ``shares_for_ads`` (bool | None): any explicit "true" finding wins, else
      any explicit "false", else None (unknown: the policy does not say).
    * ``breach_notice_hours`` (float | None): the shortest stated notice.
    * ``response_days`` (float | None): the shortest deadline to answer a request (acknowledgements
      excluded) - the soonest the policy commits to.
    * ``contact_emails`` (list[str]): distinct addresses, in order of first appearance.
    * ``has_dpo`` (bool | None): False when a finding says no DPO is appointed, else True when a
      DPO is named/contactable, else None (unknown: the policy does not say).
    * ``min_child_age`` (int | None): ``children.policy_min_age``.
    * ``third_party_services`` (list[str]): distinct ids, in order of first appearance.

    Parameters
    ----------
    findings : DataFrame or iterable of Finding

    Returns
    -------
    facts : dict

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.facts import extract_clause
    >>> found = extract_clause(ClauseContext("Last updated: May 26, 2025. We use Google Analytics. "
    ...                                      "We do not sell your personal information. Contact privacy@acme.example."))
    >>> from policylens.extract.facts import policy_facts
    >>> facts = policy_facts(found)
    >>> facts["last_updated"], facts["sells_data"], facts["shares_for_ads"], facts["contact_emails"]
    ('2025-05-26', False, None, ['privacy@acme.example'])
    """
    rows = finding_rows(findings)
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r.get("aspect"), []).append(r)

    laws = {r.get("value") for r in by.get("law", [])}
    day_first = bool(laws & _EU_LAWS) and not (laws & _US_LAWS)
    dates = []
    for r in by.get("last_updated", []):
        rule = str(r.get("rule") or "")
        value = r.get("value")
        if rule.endswith(":ambiguous") and day_first:
            # the evidence holds the cue and the date as written: re-read it day-first
            value = parse_date(str(r.get("evidence") or ""), day_first=True)[0] or value
        rank = int(rule.split(":")[1]) if rule.count(":") >= 2 else 3
        if value:
            dates.append((rank, str(value)))
    last_updated = None
    if dates:
        # updated and effective dates (ranks 1-2) both date a version: the latest is the current
        # one ("Effective: Jan 1, 2006 / Updated: Feb 1, 2023"; "Last updated Nov 18, 2022 /
        # Effective Jan 1, 2023"); weak cues (rank 3) only when there is neither
        strong = [v for rank, v in dates if rank <= 2]
        last_updated = max(strong or [v for _, v in dates])

    def first_distinct(aspect: str) -> list[str]:
        seen: dict[str, None] = {}
        for r in by.get(aspect, []):
            if r.get("value"):
                seen.setdefault(str(r["value"]), None)
        return list(seen)

    def smallest(aspect: str, skip_roles: tuple[str, ...] = ()) -> float | None:
        nums = [_num(r.get("number")) for r in by.get(aspect, []) if r.get("role") not in skip_roles]
        nums = [n for n in nums if n is not None]
        return min(nums) if nums else None

    stated = {a: [r for r in by.get(a, []) if _decides(r)] for a in STATED}
    dpo_values = {r.get("value") for r in by.get("has_dpo", [])}
    has_dpo = False if "false" in dpo_values else True if "true" in dpo_values else None
    return {
        "last_updated": last_updated,
        "sells_data": _tri(r.get("value") for r in stated["sells_data"]),
        "shares_for_ads": _tri(r.get("value") for r in stated["shares_for_ads"]),
        "breach_notice_hours": smallest("breach_notice_hours"),
        "response_days": smallest("response_days", skip_roles=("acknowledge", "appeal")),
        "contact_emails": first_distinct("contact_email"),
        "has_dpo": has_dpo,
        "min_child_age": policy_min_age(rows),
        "third_party_services": first_distinct("third_party_service"),
    }
