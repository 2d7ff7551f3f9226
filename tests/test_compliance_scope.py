"""Compliance error classes read on C3PA and GoPPC disagreements (sentences composed for these
tests): rights offered only to another jurisdiction's people, request metrics tables, the CCPA
right to correct described without naming a right, a data broker's database opt-out."""

from __future__ import annotations

import pandas as pd
import pytest

import policylens as pl
from policylens.compliance import catalogue, checklist


def _table(text: str = "", *, html: str = "", tmp_path=None, regimes=("gdpr", "ccpa")) -> pd.DataFrame:
    if html:
        path = tmp_path / "p.html"
        path.write_text(f"<html><body>{html}</body></html>", encoding="utf-8")
        policy = pl.load(path)
    else:
        policy = pl.Policy(id="p", text=text, format="markdown")
    clauses = pl.classify(pl.segment(policy))
    return checklist(clauses, pl.extract(clauses), regimes=regimes, as_of="2025-06-30")


def _row(table: pd.DataFrame, regime: str, requirement: str) -> pd.Series:
    rows = table[(table["regime"] == regime) & (table["requirement"] == requirement)]
    assert len(rows) == 1
    return rows.iloc[0]


# --- rights addressed to another jurisdiction's people -----------------------------------------

GDPR_SECTION = """# Privacy notice

Tallow Apps Ltd runs the Tallow planner.

## Your rights under the GDPR

You have the right to correct inaccurate personal data we hold about you.

## California residents

California residents may ask us which categories of personal information we collect.
"""

CALIFORNIA_SECTION = """# Privacy notice

Tallow Apps Ltd runs the Tallow planner.

## Your California privacy rights

You have the right to request access to the personal information we hold about you.

## Users in the EEA

If you are in the EEA, you may lodge a complaint with your supervisory authority.
"""


def test_a_gdpr_section_right_is_no_ccpa_right():
    table = _table(GDPR_SECTION)
    assert _row(table, "gdpr", "right_rectification")["status"] == "addressed"
    row = _row(table, "ccpa", "right_to_correct")
    assert row["status"] == "missing"
    assert "another jurisdiction" in row["note"]


def test_a_california_section_right_is_no_gdpr_right():
    table = _table(CALIFORNIA_SECTION)
    assert _row(table, "ccpa", "right_to_know")["status"] == "addressed"
    assert _row(table, "gdpr", "right_access")["status"] == "missing"


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Individuals in the EEA may ask us to correct inaccurate data about them.", "missing"),
    ("If you are located in the United Kingdom, you have the right to correct inaccurate data.", "missing"),
    ("Anyone, including those in the EEA, may ask us to correct inaccurate data about them.", "addressed"),
    ("California and EEA residents may ask us to correct inaccurate data about them.", "addressed"),
    ("You have the right to correct inaccurate personal information.", "addressed"),
])
def test_whom_a_sentence_addresses(sentence, expected):
    text = (f"# Privacy notice\n\n## Your choices\n\n{sentence}\n\n## California\n\n"
            "California residents may ask us which categories of personal information we collect.\n")
    table = _table(text, regimes=("ccpa",))
    assert _row(table, "ccpa", "right_to_correct")["status"] == expected


def test_a_policy_that_never_names_the_regimes_people_offers_its_rights_to_all():
    # no part for California consumers: the GDPR section's right is the only offer there is
    text = GDPR_SECTION.split("## California residents")[0]
    assert _row(_table(text, regimes=("ccpa",)), "ccpa", "right_to_correct")["status"] == "addressed"


def test_audience_is_data_with_examples():
    aud = catalogue("ccpa").audience
    assert aud.foreign("Privacy Policy > Virginia Consumer Privacy Rights")
    assert not aud.foreign("Privacy Policy > Your choices", "You may ask us to correct your data.")
    assert catalogue("gdpr").audience.foreign("Notice > Supplement for California residents")
    assert catalogue("uk_gdpr").audience is not None


# --- a request metrics table names rights without describing them -------------------------------

def test_a_metrics_table_row_is_no_description_of_the_right(tmp_path):
    html = ("<h1>Privacy Policy</h1><p>Tallow Apps Ltd does not sell personal information.</p>"
            "<h2>California request metrics</h2><table>"
            "<tr><th>Request type</th><th>Number received</th><th>Number completed</th></tr>"
            "<tr><td>Do Not Sell My Information</td><td>40</td><td>38</td></tr>"
            "<tr><td>Delete My Information</td><td>12</td><td>12</td></tr></table>")
    table = _table(html=html, tmp_path=tmp_path, regimes=("ccpa",))
    assert _row(table, "ccpa", "right_to_opt_out")["status"] == "missing"


# --- CCPA right to correct and opt-out as data brokers and small sites write them ---------------

@pytest.mark.parametrize("sentence", [
    "Members can view their own records and tell us about any inaccuracies they notice.",
    "If you think the details we hold on you are wrong or out of date, e-mail us at help@example.org.",
    "If you would like to update or correct any details you gave us, write to our office.",
])
def test_correction_described_without_naming_a_right(sentence):
    table = _table(f"# Privacy notice\n\n## Your choices\n\n{sentence}\n", regimes=("ccpa",))
    assert _row(table, "ccpa", "right_to_correct")["status"] == "addressed"


def test_a_company_service_fixing_addresses_is_no_right_to_correct():
    text = ("# Privacy notice\n\n## Our services\n\nOur data hygiene service helps clients replace "
            "incorrect or outdated postal addresses in their customer email lists.\n")
    assert _row(_table(text, regimes=("ccpa",)), "ccpa", "right_to_correct")["status"] == "missing"


@pytest.mark.parametrize("sentence", [
    "Consumers may opt out from having their records rented or sold by writing to us.",
    "You can opt out of our marketing database at any time through our privacy centre.",
])
def test_database_opt_out_is_the_opt_out_of_sale(sentence):
    table = _table(f"# Privacy notice\n\n## Your choices\n\n{sentence}\n", regimes=("ccpa",))
    assert _row(table, "ccpa", "right_to_opt_out")["status"] == "addressed"


def test_a_newsletter_opt_out_is_not():
    text = "# Privacy notice\n\n## Your choices\n\nYou can opt out of our newsletter at any time.\n"
    assert _row(_table(text, regimes=("ccpa",)), "ccpa", "right_to_opt_out")["status"] == "missing"


# --- GoPPC misses on big companies' policies ----------------------------------------------------

def test_a_third_partys_us_address_does_not_place_the_controller_outside_the_eu():
    text = ("# Privacy statement\n\nTallow GmbH runs the Tallow planner.\n\n## Cookies\n\n"
            "We use Example Analytics, a web analytics service provided by Example Inc., "
            "1 Main Street, Springfield, CA 94043, USA.\n")
    row = _row(_table(text, regimes=("gdpr",)), "gdpr", "representative")
    assert row["status"] == "not_applicable", row["note"]
    text += "\n## About us\n\nTallow Inc. is a Delaware corporation.\n"
    assert _row(_table(text, regimes=("gdpr",)), "gdpr", "representative")["status"] == "missing"


@pytest.mark.parametrize(("sentence", "requirement"), [
    ("This Privacy Notice describes how Quillon and Quillon Pro collect and process your personal "
     "information.", "controller_identity"),
    ("If you have questions about how we use your data, please contact our Customer Service.",
     "controller_contact"),
    ("Human beings and not robots will make the big decisions that affect you.", "automated_decision"),
])
def test_big_company_wording(sentence, requirement):
    table = _table(f"# Privacy notice\n\n## About this notice\n\n{sentence}\n", regimes=("gdpr",))
    assert _row(table, "gdpr", requirement)["status"] == "addressed"


def test_voluntary_surveys_say_nothing_about_providing_data():
    text = "# Privacy notice\n\n## Surveys\n\nWe may invite you to take part in surveys, which are always voluntary.\n"
    assert _row(_table(text, regimes=("gdpr",)), "gdpr", "provision_requirement")["status"] == "missing"
