"""The section structure of each bundled seed as a reader sees it (written by reading the texts)."""

from __future__ import annotations

import pytest
from helpers_invariants import assert_segmentation_invariants

# Headings each seed must expose, in document order (a reader's table of contents).
EXPECTED_SECTIONS = {
    "imago-platform": [
        "1. Overview", "1. Overview > Key Points", "2. Information We Collect",
        "2. Information We Collect > Information You Provide to Us",
        "2. Information We Collect > Information We Collect Automatically",
        "3. How We Use Your Information > Service Provision",
        "4. Information Sharing and Disclosure > Business Transfers", "6. Data Retention",
        "7. Your Rights and Choices > Access and Portability",
        "7. Your Rights and Choices > Restriction and Objection",
        "8. Cookies and Tracking Technologies > Managing Cookies", "9. International Data Transfers",
        "10. Children's Privacy", "11. Changes to This Policy", "12. Contact Information",
    ],
    "imaga": [
        "Introduction", "Information We Collect", "How We Use Your Information",
        "Legal Bases for Processing (EU/UK Users)", "Cookies and Tracking Technologies",
        "How We Share and Disclose Information", "International Data Transfers", "Data Security",
        "Data Retention", "Your Rights", "Children’s Privacy", "California Privacy Rights",
        "Changes to this Privacy Policy", "Contact Us",
    ],
    "imaginella": [
        "What Data We Collect", "What Data We Collect > Information You Provide Directly",
        "How We Use Your Data > We Do Not", "Legal Bases for Processing > Legitimate Interests",
        "International Data Transfers > Standard Contractual Clauses (SCCs)",
        "International Data Transfers > International Data Transfer Agreement (IDTA)",
        "Cookies and Tracking Technologies", "Cookies and Tracking Technologies > Types of Cookies We Use",
        "Data Retention", "Data Retention > Retention Periods by Data Type",
        "Your Rights Under UK/EU GDPR", "Your Rights Under UK/EU GDPR > Right to Erasure (“Right to Be Forgotten”)",
        "Your Rights Under UK/EU GDPR > Right to Lodge a Complaint", "Children’s Privacy",
        "Children’s Privacy > No Use by Minors", "Data Security > Incident Response",
        "Changes to This Privacy Policy", "Contact Us", "Contact Us > Postal Address",
    ],
    "imago-technologies": [
        "IMAGO Technologies Role", "From our Platform", "From the App", "From Email messages",
        "From Surveys", "Automatic Information", "Information from Cookies",
    ],
    "imagint-labs": [
        "1. Introduction", "2. Information We Collect > 2.1 Personal Information",
        "4. Information Sharing > 4.1 We Do Not Sell Your Data", "5. Data Security > 5.2 Data Retention",
        "6. Your Rights > 6.1 Access and Control", "9. International Data Transfers > 9.1 Data Location",
        "10. Children's Privacy > 10.1 Age Restrictions", "12. Contact Information > 12.2 Data Protection Officer",
        "14. Data Breach Procedures > 14.2 Notification Timeline", "17. Governing Law > 17.2 Jurisdiction",
    ],
}

# (seed, substring of a clause, the section it must fall under, its kind)
CLAUSES_UNDER_HEADINGS = [
    ("imago-platform", "not intended for children under 13", "10. Children's Privacy", "sentence"),
    ("imago-platform", "Account Information: Name, email address", "2. Information We Collect > Information You Provide to Us", "item"),
    ("imago-platform", "privacy@imagoplatform.ai", "12. Contact Information", "paragraph"),
    ("imaga", "Standard Contractual Clauses", "International Data Transfers", None),
    ("imaginella", "Billing & payment records 6 years", "Data Retention > Retention Periods by Data Type", "table_row"),
    ("imaginella", "Strictly Necessary Required for core functionality", "Cookies and Tracking Technologies > Types of Cookies We Use", "table_row"),
    ("imaginella", "Sell your personal data to third parties", "How We Use Your Data > We Do Not", "item"),
    ("imaginella", "You have the right to file a complaint", "Your Rights Under UK/EU GDPR > Right to Lodge a Complaint", "paragraph"),
    ("imago-technologies", "your responses could contain Personal Information", "From Surveys", "paragraph"),
    ("imagint-labs", "Export your data", "6. Your Rights > 6.1 Access and Control", "item"),
    ("imagint-labs", "within 72 hours", "14. Data Breach Procedures > 14.2 Notification Timeline", None),
]

LEAD_INS = [
    ("imaginella", "Sell your personal data to third parties", "We Do Not:"),
    ("imaginella", "Billing & payment records 6 years", "Data Type Typical Retention Period"),
    ("imagint-labs", "Export your data", "You have the right to:"),
    ("imago-platform", "Providing, maintaining, and improving our platform", "Service Provision"),
]


@pytest.mark.parametrize("pid", sorted(EXPECTED_SECTIONS))
def test_seed_invariants(seeds, seed_clauses, pid):
    assert_segmentation_invariants(seeds[pid].text, seed_clauses[pid])


@pytest.mark.parametrize("pid", sorted(EXPECTED_SECTIONS))
def test_seed_sections_in_reading_order(seed_clauses, pid):
    headings = seed_clauses[pid].query("kind == 'heading'")["section"].tolist()
    positions = []
    for section in EXPECTED_SECTIONS[pid]:
        assert section in headings, f"{pid}: heading {section!r} not found"
        positions.append(headings.index(section))
    assert positions == sorted(positions)


@pytest.mark.parametrize(("pid", "needle", "section", "kind"), CLAUSES_UNDER_HEADINGS)
def test_clauses_fall_under_the_right_heading(seed_clauses, pid, needle, section, kind):
    clauses = seed_clauses[pid]
    hits = clauses[clauses["text"].str.contains(needle, regex=False)]
    assert len(hits) >= 1, f"{needle!r} not found in {pid}"
    hit = hits.iloc[0]
    assert hit["section"] == section
    if kind:
        assert hit["kind"] == kind


@pytest.mark.parametrize(("pid", "needle", "lead_in"), LEAD_INS)
def test_lead_ins(seed_clauses, pid, needle, lead_in):
    clauses = seed_clauses[pid]
    hit = clauses[clauses["text"].str.contains(needle, regex=False)].iloc[0]
    assert hit["lead_in"].strip() == lead_in


def test_last_updated_lines_are_not_headings(seed_clauses):
    for pid, clauses in seed_clauses.items():
        dated = clauses[clauses["text"].str.contains(r"(?i)(?:last updated|effective date)", regex=True)]
        assert (dated["kind"] != "heading").all(), pid
