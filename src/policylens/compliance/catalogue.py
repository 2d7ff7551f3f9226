"""Requirement catalogues (``data/requirements/{gdpr,ccpa}.yaml``) as typed records.

``catalogue("gdpr" | "uk_gdpr" | "ccpa")`` returns a :class:`Catalogue`: its requirements in
catalogue order and the conditions they refer to. UK GDPR is the GDPR catalogue with the
``uk_gdpr`` overrides (UK representative, ICO, IDTA) and "UK GDPR" citations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd

from policylens.errors import PolicyLensError
from policylens.resources import load_data

REGIMES = ("gdpr", "uk_gdpr", "ccpa")
_FILES = {"gdpr": "requirements/gdpr.yaml", "uk_gdpr": "requirements/gdpr.yaml",
          "ccpa": "requirements/ccpa.yaml"}

GDPR_IDS = ("controller_identity", "controller_contact", "representative", "dpo_contact", "purposes",
            "legal_basis", "legitimate_interests", "recipients", "transfers", "transfer_safeguards",
            "retention", "right_access", "right_rectification", "right_erasure", "right_restriction",
            "right_objection", "right_portability", "withdraw_consent", "complaint",
            "provision_requirement", "automated_decision", "data_categories", "data_sources")
CCPA_IDS = ("categories_collected", "categories_sources", "purposes", "categories_disclosed",
            "categories_sold_shared", "third_party_categories", "right_to_know", "right_to_delete",
            "right_to_correct", "right_to_opt_out", "right_to_limit", "non_discrimination",
            "methods_to_submit", "authorized_agent", "verification", "opt_out_preference_signal",
            "minors_opt_in", "retention_per_category", "financial_incentive", "updated_date",
            "updated_within_12_months", "contact")


@dataclass(frozen=True, slots=True)
class Evidence:
    """What counts as evidence: findings (aspect, values), practice aspects, cues, categories.

    Parameters
    ----------
    findings : tuple of (str, tuple of str)
        Findings aspects and the values that count (empty: any value).
    practices : tuple of str
        Data-practice aspects.
    cues : tuple of str
        Cue rule ids (``policylens.compliance.cues``).
    categories : tuple of str
        Clause categories.
    requirements : tuple of str
        For conditions only: other requirements addressed.

    Examples
    --------
    >>> from policylens.compliance.catalogue import catalogue
    >>> gdpr = catalogue("gdpr")
    >>> gdpr["right_erasure"].satisfied_by.findings
    (('right', ('erasure',)),)
    """

    findings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    practices: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()  # conditions only: other requirements addressed


@dataclass(frozen=True, slots=True)
class Condition:
    """When a requirement applies: what decides it, and the evidence that makes it true (or false).

    Parameters
    ----------
    id : str
    description : str
    decided_by : str
        In words: what the checklist reads to decide it.
    true_when : Evidence
    false_when : Evidence
        Evidence that overrides ``true_when`` (e.g. an EU establishment besides a US parent).

    Examples
    --------
    >>> from policylens.compliance.catalogue import catalogue
    >>> gdpr = catalogue("gdpr")
    >>> gdpr.conditions["controller_outside_eu"].false_when.cues
    ('establishment.eu',)
    """
    id: str
    description: str
    decided_by: str
    true_when: Evidence
    #: evidence that overrides ``true_when`` (e.g. an EU establishment besides a US parent)
    false_when: Evidence = Evidence()


@dataclass(frozen=True, slots=True)
class Requirement:
    """One item of a regime's catalogue: what the policy must say, and what counts as saying it.

    Parameters
    ----------
    id : str
    citation : str
    title : str
    description : str
    mandatory : bool
    condition : str or None
        The id of the :class:`Condition` under which it applies (``None``: always).
    satisfied_by : Evidence
    note_missing : str
        What was looked for, shown when the item is missing.
    min_distinct : int, default=1
        Distinct pieces of evidence needed.
    within_months : int, default=None
        For dates: how recent the date must be.
    scoped : bool, default=False
        Evidence addressed only to another jurisdiction's people does not count (see
        :class:`Audience`).

    Examples
    --------
    >>> from policylens.compliance.catalogue import catalogue
    >>> gdpr = catalogue("gdpr")
    >>> erasure = gdpr["right_erasure"]
    >>> erasure.title, erasure.mandatory, erasure.condition
    ('Right to erasure', True, None)
    """
    id: str
    citation: str
    title: str
    description: str
    mandatory: bool
    condition: str | None
    satisfied_by: Evidence
    note_missing: str
    min_distinct: int = 1
    within_months: int | None = None
    #: evidence addressed only to another jurisdiction's people does not count (``audience``)
    scoped: bool = False


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a regime's rights are for.

    Evidence whose section or lead-in names only ``other`` jurisdictions, or whose clause addresses
    their people (``other_in_text``), and that names none of ``own``, is addressed to someone else.

    Parameters
    ----------
    own : re.Pattern
        The regime's own jurisdictions and people.
    other : re.Pattern
        Other jurisdictions, as a section or lead-in names them.
    other_in_text : re.Pattern
        Other jurisdictions' people, as a clause addresses them.
    metrics : re.Pattern, default=None
        A table or list whose header / lead-in matches counts requests ("Request type | Number
        received | Number completed"): its rows name rights without describing them.

    Examples
    --------
    >>> from policylens.compliance.catalogue import catalogue
    >>> ccpa = catalogue("ccpa").audience
    >>> bool(ccpa.own.search("California residents")), ccpa.foreign("Your rights under the GDPR")
    (True, True)
    """

    own: re.Pattern[str]
    other: re.Pattern[str]
    other_in_text: re.Pattern[str]
    #: a table or list whose header / lead-in matches counts requests ("Request type | Number
    #: received | Number completed"): its rows name rights without describing them
    metrics: re.Pattern[str] | None = None

    def foreign(self, heading: str, text: str = "") -> bool:
        """Whether a clause is addressed only to people of other jurisdictions.

        The clause is under ``heading`` (section path, then a line with its lead-in), with
        ``text``; a row of a request metrics table, which names a right without describing it,
        counts too.

        Parameters
        ----------
        heading : str
            The clause's section path, then (after a newline) its lead-in.
        text : str, default=""
            The clause text.

        Returns
        -------
        foreign : bool

        Examples
        --------
        >>> aud = catalogue("ccpa").audience
        >>> aud.foreign("Your rights under the GDPR > Rectification")
        True
        >>> aud.foreign("Your rights", "Individuals in the EEA may ask us to correct their data.")
        True
        >>> aud.foreign("Your rights", "Anyone, including those in the EEA, may ask us to correct data.")
        False
        >>> aud.foreign("Your rights (California and the EEA)")
        False
        """
        if self.metrics is not None and self.metrics.search(heading.rsplit("\n", 1)[-1]):
            return True
        if self.own.search(heading) or self.own.search(text):
            return False
        return bool(self.other.search(heading) or self.other_in_text.search(text))


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The requirement catalogue of one regime (``data/requirements/*.yaml``).

    ``catalogue[requirement_id]`` gives a :class:`Requirement` (KeyError when there is none).

    Parameters
    ----------
    regime : str
    title : str
    version : int
    min_confidence : float
        The classifier confidence a clause category needs to count as evidence.
    requirements : tuple of Requirement
    conditions : dict of str to Condition
    audience : Audience, default=None
        Who the regime's rights are for (None: anyone).

    Examples
    --------
    >>> from policylens.compliance.catalogue import catalogue
    >>> gdpr = catalogue("gdpr")
    >>> gdpr.regime, gdpr.title
    ('gdpr', 'GDPR Art. 13-14 (information to be provided)')
    >>> gdpr["right_erasure"].citation
    'Art. 13(2)(b); Art. 14(2)(c); Art. 17'
    """
    regime: str
    title: str
    version: int
    min_confidence: float
    requirements: tuple[Requirement, ...]
    conditions: dict[str, Condition] = field(default_factory=dict)
    audience: Audience | None = None

    def __getitem__(self, requirement_id: str) -> Requirement:
        for r in self.requirements:
            if r.id == requirement_id:
                return r
        raise KeyError(requirement_id)

    @property
    def ids(self) -> list[str]:
        """The requirement ids, in catalogue order.

        Examples
        --------
        >>> from policylens.compliance.catalogue import catalogue
        >>> gdpr = catalogue("gdpr")
        >>> gdpr.ids[:3]
        ['controller_identity', 'controller_contact', 'representative']
        """
        return [r.id for r in self.requirements]

    def table(self) -> pd.DataFrame:
        """The catalogue as a table (requirement, citation, title, mandatory, condition, description).

        Returns
        -------
        table : DataFrame
            ``condition`` is the condition's description ('' for an item that always applies).

        Examples
        --------
        >>> from policylens.compliance.catalogue import catalogue
        >>> gdpr = catalogue("gdpr")
        >>> gdpr.table().set_index("requirement").at["representative", "condition"]
        'the controller is established outside the EU/EEA (Art. 27 applies to it)'
        """
        return pd.DataFrame([
            {"requirement": r.id, "citation": r.citation, "title": r.title, "mandatory": r.mandatory,
             "condition": "" if r.condition is None else self.conditions[r.condition].description,
             "description": r.description} for r in self.requirements])


def _evidence(raw: dict | None, where: str) -> Evidence:
    raw = raw or {}
    unknown = set(raw) - {"findings", "practices", "cues", "categories", "requirements"}
    if unknown:
        raise PolicyLensError(f"{where}: unknown evidence kind(s) {sorted(unknown)}")
    findings = tuple((str(f["aspect"]), tuple(str(v) for v in f.get("values", ())))
                     for f in raw.get("findings", []))
    return Evidence(findings=findings, practices=tuple(raw.get("practices", [])),
                    cues=tuple(raw.get("cues", [])), categories=tuple(raw.get("categories", [])),
                    requirements=tuple(raw.get("requirements", [])))


def _condition(cid: str, raw: dict, where: str) -> Condition:
    return Condition(id=cid, description=str(raw["description"]), decided_by=str(raw["decided_by"]),
                     true_when=_evidence(raw.get("true_when"), f"{where}: condition {cid}"),
                     false_when=_evidence(raw.get("false_when"), f"{where}: condition {cid}"))


def _requirement(raw: dict[str, Any], where: str, prefix: str = "") -> Requirement:
    rid = raw.get("id")
    if not rid:
        raise PolicyLensError(f"{where}: a requirement without an id")
    mandatory = bool(raw.get("mandatory", False))
    condition = raw.get("condition")
    if mandatory == bool(condition):
        raise PolicyLensError(f"{where}: requirement {rid!r} needs exactly one of mandatory: true / condition")
    return Requirement(
        id=rid, citation=prefix + str(raw["citation"]), title=str(raw["title"]),
        description=str(raw["description"]).strip(), mandatory=mandatory, condition=condition,
        satisfied_by=_evidence(raw.get("satisfied_by"), f"{where}: {rid}"),
        note_missing=str(raw.get("note_missing", "")), min_distinct=int(raw.get("min_distinct", 1)),
        within_months=raw.get("within_months"), scoped=bool(raw.get("scoped", False)))


def _audience(raw: dict | None, where: str) -> Audience | None:
    if not raw:
        return None
    try:
        return Audience(own=re.compile(raw["own"], re.IGNORECASE),
                        other=re.compile(raw["other"], re.IGNORECASE),
                        other_in_text=re.compile(raw["other_in_text"], re.IGNORECASE),
                        metrics=re.compile(raw["metrics"], re.IGNORECASE) if raw.get("metrics") else None)
    except (KeyError, re.error) as exc:
        raise PolicyLensError(f"{where}: audience needs regexes own, other and other_in_text ({exc})") from exc


@cache
def catalogue(regime: str) -> Catalogue:
    """The requirement catalogue of ``regime`` ("gdpr", "uk_gdpr" or "ccpa").

    Parameters
    ----------
    regime : {"gdpr", "uk_gdpr", "ccpa"}

    Returns
    -------
    catalogue : Catalogue

    Examples
    --------
    >>> catalogue("gdpr")["complaint"].citation
    'Art. 13(2)(d); Art. 14(2)(e); Art. 77'
    >>> catalogue("uk_gdpr")["representative"].condition
    'controller_outside_uk'
    """
    if regime not in _FILES:
        raise PolicyLensError(f"unknown regime {regime!r}: choose one of {', '.join(REGIMES)}")
    where = _FILES[regime]
    spec = load_data(where)
    conditions = {cid: _condition(cid, c, where) for cid, c in spec.get("conditions", {}).items()}
    raws = list(spec["requirements"])
    title, prefix = spec["title"], ""
    audience = spec.get("audience")
    if regime == "uk_gdpr":
        uk = spec["uk_gdpr"]
        title, prefix = uk["title"], uk.get("citation_prefix", "")
        audience = uk.get("audience", audience)
        conditions.update({cid: _condition(cid, c, where) for cid, c in uk.get("conditions", {}).items()})
        overrides = uk.get("overrides", {})
        raws = [{**r, **overrides.get(r["id"], {})} for r in raws]
    requirements = tuple(_requirement(r, where, prefix) for r in raws)
    ids = [r.id for r in requirements]
    if len(set(ids)) != len(ids):
        raise PolicyLensError(f"{where}: duplicate requirement ids")
    for r in requirements:
        if r.condition is not None and r.condition not in conditions:
            raise PolicyLensError(f"{where}: requirement {r.id!r} names unknown condition {r.condition!r}")
    return Catalogue(regime=regime, title=title, version=int(spec.get("version", 1)),
                     min_confidence=float(spec.get("min_confidence", 1.0)),
                     requirements=requirements, conditions=conditions,
                     audience=_audience(audience, where))
