"""A heading that names a right scopes the body under it (issue #12 §3c).

The body under a heading that is only the name of a right ("Deletion", "Access and Porting",
"Restriction of processing") often asks for the right without naming it again ("you can ask us
to ...", "you may request that we ..."). Such a request yields the heading's right, with the
request as evidence, the guard ``section:heading_<right>`` and the heading as the finding's
section. A heading alone (a table of contents), a heading about the company's own processing,
and a body sentence that names another right yield nothing from the heading. Every sentence here
is composed for the test.
"""

from __future__ import annotations

import pytest

import policylens as pl
from policylens.extract import ClauseContext
from policylens.extract.rights import extract_clause


def found(text: str, section: str, lead_in: str = "") -> dict[str, set[str]]:
    """right -> the guards that admitted it, for one clause."""
    out: dict[str, set[str]] = {}
    for f in extract_clause(ClauseContext(text=text, section=section, lead_in=lead_in)):
        assert text[f.start:f.end] == f.evidence
        out.setdefault(f.value, set()).add(f.guard)
    return out


# (body sentence, section path, the right the heading names)
SCOPED = [
    ("You can ask us to get rid of everything we hold about you.", "Your choices > Deletion", "erasure"),
    ("If you find a mistake, you may request that we put it right.", "Privacy > Correction", "rectification"),
    ("Submit a request through the form on our help page.", "3. Right to rectification", "rectification"),
    ("You can ask us for a list of what we keep on file about you.", "Access", "access"),
    ("While we look into a dispute, you can ask us to pause using your records.",
     "Your rights > Restriction of processing", "restriction"),
    ("Some of these rights can be exercised from the settings page.",
     "Residents > Restriction of or Objection to processing", "restriction"),
    ("Some of these rights can be exercised from the settings page.",
     "Residents > Restriction of or Objection to processing", "objection"),
    ("You can tell us at any moment that we should stop.", "(iv) Withdrawal of consent", "withdraw_consent"),
    ("You may request that we hand your records over to a new provider.", "Access and Porting.", "portability"),
    ("To exercise this right, write to our privacy team.", "B. Right to be forgotten", "erasure"),
    ("At your request we will send the file to you.", "How do I access my data?", "access"),
]


@pytest.mark.parametrize(("text", "section", "right"), SCOPED)
def test_a_request_under_a_heading_naming_a_right_yields_it(text, section, right):
    got = found(text, section)
    assert right in got, got
    assert f"section:heading_{right}" in got[right]


def test_a_usable_copy_under_a_porting_heading_is_portability():
    text = "Where the law requires it, we can hand over your records in an easily usable format."
    assert found(text, "Your rights > Access and Porting.") == {"portability": {"section:heading_portability"}}
    assert "portability" not in found(text, "Law enforcement requests")


# (body sentence, section path, the right that must not be found)
NOT_SCOPED = [
    # the heading is about the company's own processing, and the body asks for nothing
    ("We overwrite backups every thirty days.", "Deletion of data", "erasure"),
    ("You may ask us questions about how long we keep records.", "Deletion of data", "erasure"),
    ("We ask that you keep your contact details accurate.", "6. Data update", "rectification"),
    # a heading that is more than the name of a right
    ("You can ask us to explain how our security works.", "Security > Who can access your account", "access"),
    ("You can ask us to send the digest weekly.", "Updates to this policy", "rectification"),
    ("You can submit a request from the help page.", "Data retention and deletion schedule", "erasure"),
    ("Some of these rights can be exercised from the settings page.", "Your California rights", "restriction"),
    # a list item that became a heading ("...; and") is no heading of its own
    ("You can submit a request from the help page.", "Your rights > The right to correct your data; and",
     "rectification"),
    # the body names another right: that right's own rules decide
    ("You may also request that we remove your profile from our directory.", "Access and Correction", "access"),
    ("You may also request that we remove your profile from our directory.", "Access and Correction",
     "rectification"),
    ("You have the right to request that we disclose the categories of data we collected.",
     "Right to Know and Data Portability", "portability"),
    # a CPRA "Right of Restriction" is the limit on sensitive data, not the GDPR restriction
    ("You can ask us to limit how we use your sensitive personal information.", "Right of Restriction", "restriction"),
    ("You can submit a request from our web form.", "California Consumer Rights > Right of Restriction",
     "restriction"),
    # a cross-reference, and a procedure for an agent
    ("You can find further information about exercising your rights in our state notice.",
     "Access, Correction and Deletion", "erasure"),
    ("An authorised agent may submit a request on your behalf.", "Right to Delete", "erasure"),
    # no request: the user is asked nothing, or cannot ask
    ("You cannot ask us to undo a completed payment.", "Correction", "rectification"),
]


@pytest.mark.parametrize(("text", "section", "right"), NOT_SCOPED)
def test_no_right_from_the_heading_without_a_request_for_it(text, section, right):
    assert right not in found(text, section)


POLICY = """# Privacy notice

Contents

- Deletion
- Correction
- Restriction of processing

## How long we keep data

We keep order records for six years.

## Deletion of data

We overwrite backups every thirty days. You may ask us questions about how long we keep records.

## Your choices

### Correction

### Deletion

If something is no longer needed, you can ask us to get rid of it.
"""


def test_headings_scope_their_bodies_in_a_segmented_policy():
    policy = pl.load_text(POLICY, id="notice", format="md")
    findings = pl.extract(pl.segment(policy))
    rights = findings[findings["aspect"] == "right"]
    # the table of contents, the empty "Correction" heading and the retention section yield nothing
    assert set(rights["value"]) == {"erasure"}, rights[["value", "evidence", "section", "guard"]]
    row = rights.iloc[0]
    assert row["guard"] == "section:heading_erasure"
    assert row["section"].endswith("Your choices > Deletion")
    assert policy.text[row["start"]:row["end"]] == row["evidence"] == "can ask us to"
