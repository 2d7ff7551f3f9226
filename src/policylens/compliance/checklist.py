"""The compliance checklist: clauses + findings (+ policies) -> one row per (policy, regime,
requirement), with the status, the evidence that decides it and a note saying why.

Pure functions over the pipeline's tables; nothing here runs the pipeline or renders anything.

Status rules (per requirement of a catalogue, see ``data/requirements/*.yaml``):

- ``addressed``: some evidence the requirement lists was found (findings, data-practice
  aspects, cue rules, or clause categories at the catalogue's ``min_confidence``); the row cites
  the best piece (findings first, then practices, cue sentences, cue headings, categories;
  earliest in the policy within a kind).
- ``missing``: no evidence, and the requirement is mandatory or its condition holds; the note
  says what was looked for (and why the condition holds).
- ``not_applicable``: no evidence, and the condition is not established from the text; the note
  names the condition and how it is decided. (Unknown is not no: a row is never "missing"
  because of a condition the policy does not state.)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from policylens.compliance.catalogue import (
    REGIMES,
    Catalogue,
    Condition,
    Evidence,
    Requirement,
    catalogue,
)
from policylens.compliance.cues import find_cues
from policylens.errors import PolicyLensError

#: columns of :func:`checklist` -> (dtype, meaning)
COMPLIANCE_COLUMNS: dict[str, tuple[str, str]] = {
    "policy": ("string", "policy id"),
    "regime": ("string", "'gdpr' | 'uk_gdpr' | 'ccpa'"),
    "requirement": ("string", "requirement id of the regime's catalogue"),
    "citation": ("string", "article / section the requirement comes from"),
    "status": ("string", "'addressed' | 'missing' | 'not_applicable'"),
    "mandatory": ("boolean", "True: always required; False: required only when its condition holds"),
    "evidence": ("string", "the text that addresses the requirement (exactly policy.text[start:end]); '' otherwise"),
    "clause_id": ("Int64", "clause holding the evidence; <NA> when none"),
    "start": ("Int64", "offset of the evidence in the policy text; <NA> when none"),
    "end": ("Int64", "offset one past the evidence; <NA> when none"),
    "section": ("string", "section of the evidence clause"),
    "rule": ("string", "what produced the evidence: 'finding:<aspect>:<rule>', 'cue:<rule id>', 'category:<id>'"),
    "note": ("string", "addressed: how it was decided; missing: what was looked for; not_applicable: the condition and why it fails"),
    "title": ("string", "requirement title"),
}

STATUSES = ("addressed", "missing", "not_applicable")
# practice findings (policylens.extract.practices) are broad: the cue sentences written for a
# requirement are cited first
_TIERS = {"finding": 0, "practice": 3.5, "cue": 2, "heading": 3, "category": 4}
#: practice values that count as evidence ("sources" = sources other than the person: Art. 14)
_PRACTICE_VALUES = {"data_source": ("third_parties", "public_sources", "affiliates")}
#: practice aspects whose denied findings still address a requirement
_DENIAL_ANSWERS = frozenset({"data_sold_shared"})


@dataclass(frozen=True, slots=True)
class Hit:
    """One piece of evidence for a requirement.

    Parameters
    ----------
    tier : float
        Its rank: a finding (0) before a cue sentence (2), a heading (3), a practice finding
        (3.5) or a clause category (4).
    clause_id, start, end : int
        Where it is (offsets in the policy text).
    evidence : str
    section : str
    rule : str
        The finding's rule or the cue rule that found it.
    value : str, default=""

    Examples
    --------
    >>> from policylens.compliance.checklist import Hit
    >>> hits = [Hit(2, 4, 120, 150, "Contact our Data Protection Officer", "Contact", "dpo.contact"),
    ...         Hit(0, 1, 10, 30, "dpo@acme.example", "", "dpo.email")]
    >>> min(hits, key=lambda h: h.key).evidence
    'dpo@acme.example'
    """

    tier: float
    clause_id: int
    start: int
    end: int
    evidence: str
    section: str
    rule: str
    value: str = ""

    @property
    def key(self) -> tuple[int, int, int]:
        """The sort key of the evidence: (tier, start, end), best first.

        Examples
        --------
        >>> from policylens.compliance.checklist import Hit
        >>> Hit(2, 4, 120, 150, "Contact our Data Protection Officer", "Contact", "dpo.contact").key
        (2, 120, 150)
        """
        return (self.tier, self.start, self.end)


class _PolicyView:
    """One policy's findings, cue hits and clauses, indexed for evidence look-ups."""

    def __init__(self, policy: str, findings: pd.DataFrame, cue_hits: pd.DataFrame,
                 clauses: pd.DataFrame, last_updated: Any):
        self.policy = policy
        self.findings: dict[str, list[dict]] = {}
        for row in findings.to_dict("records"):
            self.findings.setdefault(str(row["aspect"]), []).append(row)
        self.cues: dict[str, list[Hit]] = {}
        for row in cue_hits.to_dict("records"):
            tier = _TIERS["heading"] if row["kind"] == "heading" else _TIERS["cue"]
            self.cues.setdefault(str(row["rule"]), []).append(Hit(
                tier, int(row["clause_id"]), int(row["start"]), int(row["end"]), str(row["evidence"]),
                str(row["section"] or ""), f"cue:{row['rule']}", str(row["value"] or "")))
        self.categories: dict[str, list[tuple[float, Hit]]] = {}
        if "category" in clauses.columns and len(clauses):
            conf = clauses["confidence"] if "confidence" in clauses.columns else pd.Series(1.0, index=clauses.index)
            for cat, confidence, cid, start, end, text, section, kind in zip(
                    clauses["category"], conf, clauses["clause_id"], clauses["start"], clauses["end"],
                    clauses["text"], clauses["section"], clauses["kind"], strict=True):
                if not isinstance(cat, str) or not cat or kind == "heading":
                    continue
                self.categories.setdefault(cat, []).append((float(confidence), Hit(
                    _TIERS["category"], int(cid), int(start), int(end), str(text), str(section or ""),
                    f"category:{cat}")))
        self.last_updated = last_updated
        #: clause id -> (its section and lead-in, its text): whom a piece of evidence is for
        self.context: dict[int, tuple[str, str]] = {}
        if len(clauses):
            lead = clauses["lead_in"] if "lead_in" in clauses.columns else pd.Series("", index=clauses.index)
            for cid, section, lead_in, text in zip(clauses["clause_id"], clauses["section"], lead,
                                                   clauses["text"], strict=True):
                self.context[int(cid)] = (f"{section or ''}\n{lead_in or ''}", str(text or ""))

    def finding_hits(self, aspect: str, values: Sequence[str], tier: str = "finding") -> list[Hit]:
        out = []
        for row in self.findings.get(aspect, []):
            if values and str(row["value"]) not in values:
                continue
            # "we do not collect biometric data" discloses no category, purpose or recipient; only
            # for sale/sharing does a denial answer the requirement ("none are sold or shared")
            if row.get("polarity") == "denied" and aspect not in _DENIAL_ANSWERS:
                continue
            # a named right ("Right to Object") is better evidence than an action phrase that
            # may sit in another right's explanation ("while we verify an objection")
            rank = _TIERS[tier] + (0 if ".named" in str(row["rule"]) or aspect != "right" else 0.5)
            out.append(Hit(rank, int(row["clause_id"]), int(row["start"]), int(row["end"]),
                           str(row["evidence"]), str(row["section"] or ""),
                           f"{tier}:{aspect}:{row['rule']}", str(row["value"])))
        return out

    def hits(self, evidence: Evidence, min_confidence: float) -> list[Hit]:
        out: list[Hit] = []
        for aspect, values in evidence.findings:
            out += self.finding_hits(aspect, values)
        for aspect in evidence.practices:
            out += self.finding_hits(aspect, _PRACTICE_VALUES.get(aspect, ()), tier="practice")
        for rid in evidence.cues:
            out += self.cues.get(rid, [])
        for cat in evidence.categories:
            out += [h for conf, h in self.categories.get(cat, []) if conf >= min_confidence]
        return out


def _best(hits: Iterable[Hit]) -> Hit | None:
    return min(hits, key=lambda h: h.key, default=None)


def _where(hit: Hit) -> str:
    return f"clause {hit.clause_id}" + (f" ({hit.section})" if hit.section else "")


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"


# --------------------------------------------------------------------------------------------
# dates


_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_period(value: Any) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of a stated date at its precision: '2023-08' -> Aug 1..31.

    Parameters
    ----------
    value : str or None
        A date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Returns
    -------
    period : (datetime.date, datetime.date) or None
        None when ``value`` is no date.

    Examples
    --------
    >>> date_period("2023-08")
    (datetime.date(2023, 8, 1), datetime.date(2023, 8, 31))
    >>> date_period("not a date") is None
    True
    """
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    m = _DATE.match(str(value).strip())
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(3):
            day = dt.date(year, int(m.group(2)), int(m.group(3)))
            return day, day
        if m.group(2):
            month = int(m.group(2))
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (clamped to the month's end).

    Parameters
    ----------
    day : datetime.date
    months : int

    Returns
    -------
    day : datetime.date

    Examples
    --------
    >>> import datetime as dt
    >>> from policylens.compliance.checklist import months_before
    >>> months_before(dt.date(2025, 3, 31), 1), months_before(dt.date(2025, 6, 30), 12)
    (datetime.date(2025, 2, 28), datetime.date(2024, 6, 30))
    """
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _as_date(as_of: Any) -> dt.date:
    if as_of is None:
        return dt.date.today()
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return pd.Timestamp(str(as_of)).date()
    except (ValueError, TypeError) as exc:
        raise PolicyLensError(f"as_of: not a date: {as_of!r}") from exc


# --------------------------------------------------------------------------------------------
# deciding one requirement


class _Decider:
    def __init__(self, view: _PolicyView, cat: Catalogue, as_of: dt.date):
        self.view, self.cat, self.as_of = view, cat, as_of
        self._done: dict[str, dict] = {}

    def _addresses_own(self) -> bool:
        """Whether some clause of the policy names the regime's own people or law."""
        if "_own" not in self._done:
            own = self.cat.audience.own if self.cat.audience is not None else None
            self._done["_own"] = {"v": own is not None and any(
                own.search(head) or own.search(text) for head, text in self.view.context.values())}
        return self._done["_own"]["v"]

    def condition(self, cond: Condition) -> Hit | None:
        """Evidence that the condition holds, or None (not established)."""
        hits = self.view.hits(cond.true_when, self.cat.min_confidence)
        for rid in cond.true_when.requirements:
            # the other requirement's evidence (not its status: that may depend on this condition)
            hits += self.view.hits(self.cat[rid].satisfied_by, self.cat.min_confidence)
        return _best(hits)

    def decide(self, req: Requirement) -> dict:
        if req.id not in self._done:
            self._done[req.id] = self._decide(req)
        return self._done[req.id]

    def _date_hit(self) -> Hit | None:
        stated = self.view.last_updated
        hits = self.view.finding_hits("last_updated", ())
        if stated is not None and stated is not pd.NA and not (isinstance(stated, float) and stated != stated):
            same = [h for h in hits if h.value == str(stated)]
            hits = same or hits
        return _best(hits)

    def _decide(self, req: Requirement) -> dict:
        row: dict[str, Any] = {"status": "missing", "evidence": "", "clause_id": pd.NA, "start": pd.NA,
                               "end": pd.NA, "section": "", "rule": "", "note": ""}
        hits = self.view.hits(req.satisfied_by, self.cat.min_confidence)
        foreign: list[Hit] = []
        if req.scoped and self.cat.audience is not None and self._addresses_own():
            # "UK/EEA individuals have the right to correct ..." is no CCPA right to correct, nor
            # is a California section's right to know a GDPR right of access -- in a policy with
            # a part for the regime's own people (one that never names them offers its rights to
            # whoever reads it: unknown is not no)
            aud = self.cat.audience
            foreign = [h for h in hits if aud.foreign(*self.view.context.get(h.clause_id, (h.section, "")))]
            if foreign:
                away = set(foreign)
                hits = [h for h in hits if h not in away]
        best = _best(hits)
        cond = self.cat.conditions[req.condition] if req.condition else None
        cond_hit = self.condition(cond) if cond is not None else None
        overruled = _best(self.view.hits(cond.false_when, self.cat.min_confidence)) if cond_hit else None
        note = ""
        if req.within_months is not None:
            best, note = self._within(req, best)
        elif req.min_distinct > 1:
            best, note = self._distinct(req, hits)
        if best is not None:
            row.update(status="addressed", evidence=best.evidence, clause_id=best.clause_id,
                       start=best.start, end=best.end, section=best.section, rule=best.rule)
            if not note:
                note = "found: " + best.rule
                if cond is not None and cond_hit is not None:
                    note += f"; applies: {cond.description} ({_where(cond_hit)})"
            row["note"] = note
            return row
        looked = f"looked for {req.note_missing}" if req.note_missing else "no evidence found"
        if foreign:
            first = _best(foreign)
            looked += (f"; found only for another jurisdiction's people or in a request metrics "
                       f"table ({_where(first)}: "
                       f"\u201c{_short(first.evidence)}\u201d)")
        if cond is None:
            row["note"] = "; ".join(p for p in (note, looked) if p)
        elif cond_hit is not None and overruled is not None:
            row.update(status="not_applicable",
                       note=f"condition {cond.id} overruled: {_where(cond_hit)} suggests {cond.description}, "
                            f"but {_where(overruled)} says otherwise (\u201c{_short(overruled.evidence)}\u201d)")
        elif cond_hit is not None:
            row["note"] = (f"{looked}; applies because {cond.description} ({_where(cond_hit)}: "
                           f"\u201c{_short(cond_hit.evidence)}\u201d)")
        else:
            row.update(status="not_applicable",
                       note=f"condition {cond.id} not established: {cond.description} "
                            f"(decided by {cond.decided_by}); nothing in the policy says so")
        return row

    def _distinct(self, req: Requirement, hits: list[Hit]) -> tuple[Hit | None, str]:
        first: dict[str, Hit] = {}
        for h in sorted(hits, key=lambda h: h.key):
            first.setdefault(h.value or h.rule, h)
        kinds = ", ".join(f"{k} ({_where(h)})" for k, h in first.items())
        if len(first) >= req.min_distinct:
            # cite the clause naming the most distinct methods (the "how to submit" sentence)
            per_clause: dict[int, set[str]] = {}
            for h in hits:
                per_clause.setdefault(h.clause_id, set()).add(h.value or h.rule)
            top = max(per_clause.values(), key=len)
            best = _best(h for h in hits if len(per_clause[h.clause_id]) == len(top))
            return best, f"{len(first)} methods: {kinds}"
        found = f"only {len(first)} distinct: {kinds}" if first else "none found"
        return None, f"needs {req.min_distinct} distinct; {found}"

    def _within(self, req: Requirement, best: Hit | None) -> tuple[Hit | None, str]:
        stated = self.view.last_updated
        hit = self._date_hit()
        value = stated if date_period(stated) is not None else (hit.value if hit is not None else None)
        period = date_period(value)
        if period is None:
            return None, "no last-updated or effective date stated"
        cutoff = months_before(self.as_of, int(req.within_months))
        # a partial date ("2023-08") counts as its latest day: the policy may have been updated then
        if period[1] >= cutoff:
            return hit, f"dated {value}; within {req.within_months} months of {self.as_of.isoformat()}"
        return None, (f"dated {value}, more than {req.within_months} months before "
                      f"{self.as_of.isoformat()} (cut-off {cutoff.isoformat()})")


# --------------------------------------------------------------------------------------------
# the table


def _policy_order(clauses: pd.DataFrame, findings: pd.DataFrame, policies: pd.DataFrame | None) -> list[str]:
    if policies is not None and len(policies.index):
        ids = policies.index if "policy" not in policies.columns else policies["policy"]
        return [str(p) for p in ids]
    seen: dict[str, None] = {}
    for p in list(clauses["policy"]) + list(findings["policy"]):
        seen.setdefault(str(p), None)
    return list(seen)


def _last_updated(policies: pd.DataFrame | None, policy: str) -> Any:
    if policies is None or "last_updated" not in policies.columns:
        return None
    frame = policies.set_index("policy") if "policy" in policies.columns else policies
    if policy not in frame.index:
        return None
    return frame.at[policy, "last_updated"]


def checklist(clauses: pd.DataFrame, findings: pd.DataFrame, policies: pd.DataFrame | None = None, *,
              regimes: Sequence[str] | str = REGIMES, as_of: Any = None,
              cue_hits: pd.DataFrame | None = None) -> pd.DataFrame:
    """The compliance checklist, one row per (policy, regime, requirement) (:data:`COMPLIANCE_COLUMNS`).

    Parameters
    ----------
    clauses, findings : DataFrame
        The pipeline's tables (``schema.CLAUSE_COLUMNS`` [+ classification], ``FINDING_COLUMNS``).
    policies : DataFrame, default=None
        Optional ``report.policies`` (its ``last_updated`` is the policy's own date).
    regimes : str or sequence of str, default=REGIMES
        Any of "gdpr", "uk_gdpr", "ccpa" (default: all three, in this order).
    as_of : date or str, default=None
        Date for ``updated_within_12_months`` (default: today).
    cue_hits : DataFrame, default=None
        ``find_cues(clauses)`` when already computed.

    Returns
    -------
    checklist : DataFrame

    Examples
    --------
    >>> import policylens as pl
    >>> policy = pl.Policy(id="p", text="You may lodge a complaint with a supervisory authority.")
    >>> clauses = pl.segment(policy)
    >>> table = checklist(clauses, pl.extract(clauses), regimes="gdpr")
    >>> table.set_index("requirement").at["complaint", "status"]
    'addressed'
    """
    regimes = [regimes] if isinstance(regimes, str) else list(regimes)
    catalogues = [catalogue(r) for r in regimes]
    as_of_day = _as_date(as_of)
    hits = find_cues(clauses) if cue_hits is None else cue_hits
    by_policy = {
        "clauses": dict(tuple(clauses.groupby("policy", sort=False))) if len(clauses) else {},
        "findings": dict(tuple(findings.groupby("policy", sort=False))) if len(findings) else {},
        "cues": dict(tuple(hits.groupby("policy", sort=False))) if len(hits) else {},
    }
    empty_clauses, empty_findings, empty_cues = clauses.iloc[:0], findings.iloc[:0], hits.iloc[:0]
    rows = []
    for policy in _policy_order(clauses, findings, policies):
        view = _PolicyView(policy, by_policy["findings"].get(policy, empty_findings),
                           by_policy["cues"].get(policy, empty_cues),
                           by_policy["clauses"].get(policy, empty_clauses), _last_updated(policies, policy))
        for cat in catalogues:
            decider = _Decider(view, cat, as_of_day)
            for req in cat.requirements:
                decided = decider.decide(req)
                rows.append({"policy": policy, "regime": cat.regime, "requirement": req.id,
                             "citation": req.citation, "mandatory": req.mandatory, **decided,
                             "title": req.title})
    return _frame(rows)


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COMPLIANCE_COLUMNS))
    for name, (dtype, _) in COMPLIANCE_COLUMNS.items():
        frame[name] = frame[name].astype(dtype)
    return frame


# --------------------------------------------------------------------------------------------
# regimes a policy says it follows

#: columns of :func:`regimes_followed`
REGIME_COLUMNS: dict[str, str] = {
    "policy": "policy id",
    "regime": "'gdpr' | 'uk_gdpr' | 'ccpa'",
    "follows": "True when the policy cites the law or addresses its audience",
    "laws": "law ids cited (findings aspect 'law'), ';'-joined",
    "audiences": "audience cue rules that matched (e.g. audience.california), ';'-joined",
    "clause_id": "clause of the first evidence; <NA> when none",
    "evidence": "first evidence text ('' when none)",
}

_REGIME_LAWS = {"gdpr": ("gdpr",), "uk_gdpr": ("uk_gdpr",), "ccpa": ("ccpa",)}
_REGIME_AUDIENCES = {"gdpr": ("audience.eu",), "uk_gdpr": ("audience.uk", "complaint.ico"),
                     "ccpa": ("audience.california",)}


def regimes_followed(clauses: pd.DataFrame, findings: pd.DataFrame, policies: pd.DataFrame | None = None,
                     *, cue_hits: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which regimes each policy says it follows: the laws it cites and the audiences it addresses.

    The audiences are EEA/EU, UK and California residents. One row per (policy, regime).

    Parameters
    ----------
    clauses, findings : DataFrame
        The pipeline's tables.
    policies : DataFrame, default=None
        ``report.policies``.
    cue_hits : DataFrame, default=None
        ``find_cues(clauses)`` when already computed.

    Returns
    -------
    regimes : DataFrame
        ``policy``, ``regime``, ``follows``, ``laws``, ``audiences``, ``clause_id``, ``evidence``.

    Examples
    --------
    >>> import policylens as pl
    >>> clauses = pl.segment(pl.Policy(id="p", text="California residents have rights under the CCPA."))
    >>> table = regimes_followed(clauses, pl.extract(clauses))
    >>> bool(table.set_index("regime").at["ccpa", "follows"])
    True
    """
    hits = find_cues(clauses) if cue_hits is None else cue_hits
    rows = []
    for policy in _policy_order(clauses, findings, policies):
        mine = findings[(findings["policy"] == policy) & (findings["aspect"] == "law")]
        cues = hits[hits["policy"] == policy]
        for regime in REGIMES:
            laws = mine[mine["value"].isin(_REGIME_LAWS[regime])]
            aud = cues[cues["rule"].isin(_REGIME_AUDIENCES[regime])]
            first = pd.concat([laws[["clause_id", "start", "evidence"]], aud[["clause_id", "start", "evidence"]]])
            first = first.sort_values("start").head(1)
            rows.append({"policy": policy, "regime": regime, "follows": bool(len(laws) or len(aud)),
                         "laws": ";".join(sorted(set(laws["value"]))),
                         "audiences": ";".join(sorted(set(aud["rule"]))),
                         "clause_id": int(first["clause_id"].iloc[0]) if len(first) else pd.NA,
                         "evidence": str(first["evidence"].iloc[0]) if len(first) else ""})
    frame = pd.DataFrame(rows, columns=list(REGIME_COLUMNS))
    return frame.astype({"policy": "string", "regime": "string", "follows": "bool", "laws": "string",
                         "audiences": "string", "clause_id": "Int64", "evidence": "string"})


# --------------------------------------------------------------------------------------------
# scorecards

MARKS = {"addressed": "\u2713", "missing": "\u2717", "not_applicable": "\u2013"}


def scorecard(table: pd.DataFrame, regime: str) -> pd.DataFrame:
    """Wide policy x requirement matrix of statuses for ``regime`` (catalogue order) plus ``score``.

    ``score`` is the share of applicable items (addressed + missing) that are addressed.

    Parameters
    ----------
    table : DataFrame
        The checklist.
    regime : str

    Returns
    -------
    scorecard : DataFrame
        Index = policy id.

    Examples
    --------
    >>> rows = pd.DataFrame({"policy": ["p", "p"], "regime": ["ccpa", "ccpa"],
    ...                      "requirement": ["right_to_delete", "verification"],
    ...                      "status": ["addressed", "missing"]})
    >>> float(scorecard(rows, "ccpa").loc["p", "score"])
    0.5
    """
    cat = catalogue(regime)
    mine = table[table["regime"] == regime]
    policies = list(dict.fromkeys(mine["policy"]))
    wide = mine.pivot(index="policy", columns="requirement", values="status")
    columns = [c for c in cat.ids if c in wide.columns]
    wide = wide.reindex(index=policies, columns=columns)
    applicable = wide.isin(["addressed", "missing"]).sum(axis=1)
    addressed = (wide == "addressed").sum(axis=1)
    wide["score"] = (addressed / applicable.where(applicable > 0)).astype("Float64").round(3)
    wide.index = pd.Index(policies, name="policy", dtype="string")
    wide.columns.name = "requirement"
    return wide
