"""last_updated error classes (policylens.extract.facts): the policy's own updated / effective /
revised / modified date, never a date in a product paragraph, a table's date, a part for one
jurisdiction or another document on the same page. Sentences composed for these tests."""

from __future__ import annotations

import pytest

import policylens as pl
from policylens.extract import ClauseContext
from policylens.extract.facts import extract_clause, policy_facts


def _dates(text, section="", kind="paragraph", clause_id=0):
    ctx = ClauseContext(text=text, section=section, kind=kind, clause_id=clause_id)
    found = [f for f in extract_clause(ctx) if f.aspect == "last_updated"]
    for f in found:
        assert text[f.start:f.end] == f.evidence
    return [(f.value, f.rule) for f in found]


def _policy_date(tmp_path, body: str):
    path = tmp_path / "policy.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    clauses = pl.segment(pl.load(path))
    return policy_facts(pl.extract(clauses))["last_updated"]


# --- a cue heading, then a clause that is only the date ------------------------------------------

def test_date_under_a_cue_heading(tmp_path):
    body = ("<h1>Privacy Policy</h1><h3>Last modified:</h3><p>March 4, 2024</p>"
            "<p>Wavecrest Apps Ltd explains here how it handles personal data.</p>")
    assert _policy_date(tmp_path, body) == "2024-03-04"
    assert _dates("March 4, 2024", section="Kestrel notes > Last Modified") == [
        ("2024-03-04", "last_updated:1:heading:text")]


def test_header_date_below_the_title_only_near_the_top():
    assert _dates("[ 9/14/2023 ]", section="Privacy Notice", clause_id=2) == [
        ("2023-09-14", "last_updated:2:header:month>12")]
    assert _dates("9/14/2023", clause_id=1) == [("2023-09-14", "last_updated:2:header:month>12")]
    # far into the policy, or under a heading that is no title, a bare date dates nothing
    assert _dates("9/14/2023", section="Privacy Notice", clause_id=40) == []
    assert _dates("9/14/2023", section="Our history", clause_id=2) == []
    # a date in a sentence is no header
    assert _dates("We opened on 9/14/2023.", section="Privacy Notice", clause_id=2) == []


# --- another document on the same page -----------------------------------------------------------

@pytest.mark.parametrize(("section", "expected"), [
    ("Terms of Use, Privacy Policy and Disclaimer > Privacy Policy", ["2022-12-21"]),
    ("Terms & Conditions, Privacy Policy & Terms of Use", ["2022-12-21"]),   # a combined document
    ("Privacy Policy > Terms of Service", []),
    ("Cookie Declaration", []),
])
def test_the_innermost_heading_naming_a_document_decides(section, expected):
    got = _dates("Last Updated: December 21, 2022", section=section)
    assert [v for v, _ in got] == expected


def test_these_terms_is_this_document_but_our_terms_is_another():
    assert [v for v, _ in _dates("These terms were last updated on March 7, 2023.")] == ["2023-03-07"]
    assert _dates("Our Terms were last updated on March 7, 2023.") == []


# --- weaker dates: reviews, the web page, a part for one jurisdiction ---------------------------

def test_a_review_or_the_web_page_is_a_weak_date():
    assert _dates("Last reviewed on: June 15, 2020") == [("2020-06-15", "last_updated:3:text")]
    assert _dates("Page last updated on 02/13/2023") == [("2023-02-13", "last_updated:3:page:month>12")]


@pytest.mark.parametrize(("text", "section"), [
    ("Effective January 1, 2025", "Your Colorado Resident Privacy Rights (Effective January 1, 2025)"),
    ("This section is effective as of January 1, 2025.", "Your rights"),
    ("Last updated: January 1, 2025", "Supplemental Notice for California Residents"),
])
def test_a_part_for_one_jurisdiction_dates_that_part(text, section):
    assert [r for _, r in _dates(text, section=section)] == ["last_updated:3:part:text"]


def test_the_policy_date_outranks_a_later_state_section_date(tmp_path):
    body = ("<h1>Privacy Policy</h1><p>Last Updated: March 2, 2024</p>"
            "<p>Wavecrest Apps Ltd explains here how it handles personal data.</p>"
            "<h2>Your Oregon Resident Privacy Rights (Effective July 1, 2024)</h2>"
            "<p>Oregon residents may ask us to delete their data.</p>")
    assert _policy_date(tmp_path, body) == "2024-03-02"


def test_a_later_effective_date_is_the_current_version(tmp_path):
    body = ("<h1>Privacy Policy</h1><p>Last updated: November 3, 2024</p>"
            "<p>Effective date: January 1, 2025</p>"
            "<p>Wavecrest Apps Ltd explains here how it handles personal data.</p>")
    assert _policy_date(tmp_path, body) == "2025-01-01"
    body = ("<h1>Privacy Policy</h1><p>Effective date: Feb 1, 2009</p><p>Updated: May 5, 2024</p>"
            "<p>Wavecrest Apps Ltd explains here how it handles personal data.</p>")
    assert _policy_date(tmp_path, body) == "2024-05-05"


def test_weak_dates_only_when_nothing_stronger():
    def f(value, rule):
        return {"aspect": "last_updated", "value": value, "rule": rule, "evidence": value}
    assert policy_facts([f("2023-05-05", "last_updated:3:part:text")])["last_updated"] == "2023-05-05"
    assert policy_facts([f("2023-05-05", "last_updated:3:text"),
                         f("2022-01-01", "last_updated:1:text")])["last_updated"] == "2022-01-01"


# --- running text that dates something else ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "Numbers in the table were updated on May 18, 2024, to fix a rounding error.",
    "Our app was updated on May 18, 2024 with a new editor.",
    "Residents of Oregon gain these rights under the OCPA effective July 1, 2024.",
])
def test_a_product_or_table_or_law_date_is_not_the_policy_date(text):
    assert _dates(text) == []


@pytest.mark.parametrize(("text", "iso"), [
    ("This notice was updated on May 18, 2024.", "2024-05-18"),
    ("Effective date: 1/1/20, Revised date : 6/12/22", "2022-06-12"),
    ("Date of Posting: April, 2024", "2024-04"),
    ("Last Modified: April,2024", "2024-04"),
])
def test_framed_dates(text, iso):
    assert iso in [v for v, _ in _dates(text)]
