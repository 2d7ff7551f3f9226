"""Unit tests of policylens.compliance: catalogues, cue rules, the checklist's decisions."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policylens as pl
from policylens.compliance import (
    CCPA_IDS,
    COMPLIANCE_COLUMNS,
    GDPR_IDS,
    STATUSES,
    catalogue,
    checklist,
    find_cues,
    regimes_followed,
    scorecard,
)
from policylens.compliance import cues as cue_rules
from policylens.compliance.checklist import date_period, months_before
from policylens.errors import PolicyLensError


def run(text: str, regimes=("gdpr", "uk_gdpr", "ccpa"), as_of="2025-06-30", policy_id="p") -> pd.DataFrame:
    policy = pl.Policy(id=policy_id, text=text)
    clauses = pl.classify(pl.segment(policy))
    findings = pl.extract(clauses)
    return checklist(clauses, findings, regimes=regimes, as_of=as_of)


def status(table: pd.DataFrame, regime: str, requirement: str) -> str:
    row = table[(table["regime"] == regime) & (table["requirement"] == requirement)]
    assert len(row) == 1
    return row["status"].iloc[0]


# -------------------------------------------------------------------------- catalogues


def test_catalogue_ids_are_exactly_the_issue_ids():
    assert tuple(catalogue("gdpr").ids) == GDPR_IDS
    assert tuple(catalogue("uk_gdpr").ids) == GDPR_IDS
    assert tuple(catalogue("ccpa").ids) == CCPA_IDS


@pytest.mark.parametrize("regime", ["gdpr", "uk_gdpr", "ccpa"])
def test_catalogue_entries_are_complete(regime):
    cat = catalogue(regime)
    known_cues = set(cue_rules.rule_ids())
    for req in cat.requirements:
        assert req.citation and req.title and req.description and req.note_missing
        assert req.mandatory or req.condition in cat.conditions
        ev = req.satisfied_by
        assert ev.findings or ev.practices or ev.cues or ev.categories
        assert set(ev.cues) <= known_cues, req.id
    for cond in cat.conditions.values():
        assert set(cond.true_when.cues) <= known_cues
        assert cond.description and cond.decided_by


def test_uk_gdpr_adds_uk_wording():
    uk, eu = catalogue("uk_gdpr"), catalogue("gdpr")
    assert uk["complaint"].citation.startswith("UK GDPR ")
    assert "complaint.ico" in uk["complaint"].satisfied_by.cues
    assert "complaint.ico" not in eu["complaint"].satisfied_by.cues
    assert uk["representative"].satisfied_by.cues == ("representative.uk",)
    assert "IDTA" in uk["transfer_safeguards"].description


def test_unknown_regime_is_a_clear_error():
    with pytest.raises(PolicyLensError, match="unknown regime 'hipaa'"):
        catalogue("hipaa")


# -------------------------------------------------------------------------- cue rules


def test_cue_rules_are_rules_of_the_shared_rule_set():
    """Their examples run in tests/test_extract_rules.py, their keywords in the one automaton."""
    from policylens.extract.rules import rule_set

    assert set(cue_rules.rule_ids()) == {r.id for r in rule_set().file(cue_rules.RULES_FILE)}
    assert cue_rules.rule("ccpa.gpc") in rule_set().candidates("We honour the Global Privacy Control.")


@pytest.mark.parametrize(("rule", "text", "section", "lead_in", "expected"), [
    ("recipients.share_with", "We share order details with our delivery partners.", "", "", True),
    ("recipients.share_with", "share order details with our delivery partners", "", "We never:", False),  # unless
    ("method.email", "Write to help@example.org.", "", "", False),  # needs: no request named
    ("method.email", "Write to help@example.org.", "Your rights", "", True),  # ... the section names one
    ("ccpa.disclosed_business_purpose", "We share your information with our couriers.", "", "", False),  # clause_words
    ("ccpa.disclosed_business_purpose", "We disclose your information to our couriers.", "", "", True),
    ("dpo.mentioned", "We are not required to appoint a data protection officer.", "", "", False),  # excludes
])
def test_cue_rule_guards(rule, text, section, lead_in, expected):
    assert cue_rules.matches(rule, text, section=section, lead_in=lead_in) is expected


def test_a_cue_rule_yields_its_first_admitted_match_in_regex_order():
    text = "+44 20 7946 0000 is our London line; call 1-800-555-0199 in the US."
    s, e = cue_rules.match(cue_rules.rule("contact.phone"), text)
    assert text[s:e] == "call 1-800-555-0199"  # the first regex's match, though the second's comes earlier


@pytest.mark.parametrize(("rule", "section", "expected"), [
    ("rights.access_heading", "Your rights > Accessing and updating your information", True),
    ("rights.access_heading", "Security > Who can access your data", False),
    ("rights.erasure_heading", "Your rights > Deleting your account", True),
    ("rights.erasure_heading", "Data retention > Deletion of your data", False),
    ("rights.portability_heading", "Data portability", True),
    ("purposes.heading", "3. How we use your information > 3.1 Service", True),
    ("purposes.heading", "3. Cookies > 3.1 Types", False),
    ("data_sources.heading", "Information we receive from third parties", True),
])
def test_heading_rules(rule, section, expected):
    assert cue_rules.heading_matches(rule, section) is expected


def test_find_cues_offsets_point_into_the_policy():
    text = "Intro.\n\nYou can use an authorized agent. We honor Global Privacy Control."
    clauses = pl.segment(pl.Policy(id="p", text=text))
    hits = find_cues(clauses)
    assert {"ccpa.authorized_agent", "ccpa.gpc"} <= set(hits["rule"])
    for start, end, evidence in zip(hits["start"], hits["end"], hits["evidence"], strict=True):
        assert text[start:end] == evidence


def test_negated_lead_in_is_not_a_recipient():
    text = "We will never:\n\n- share your data with advertisers;\n- rent it to brokers."
    clauses = pl.segment(pl.Policy(id="p", text=text))
    assert "recipients.share_with" not in set(find_cues(clauses)["rule"])


# -------------------------------------------------------------------------- decisions

POLICY = """Privacy Notice

Last updated: 3 March 2025

Harbourline Ltd ("we", "us") is the controller of your personal data. Harbourline Ltd is registered in England and Wales.

What we collect
We collect your name, e-mail address and billing details when you subscribe.

How we use it
We use your details to deliver the newsletter and to bill you. Our legal basis is the contract with you, and for analytics our legitimate interest in improving the service.

Sharing
We share billing data with our payment processor.

Retention
We keep subscriber records for two years after you unsubscribe.

Your rights
You may request access to your data, ask us to correct or delete it, and object to processing. You may lodge a complaint with the Information Commissioner's Office (ICO).

Contact
Write to privacy@harbourline.example or call us on +44 20 7946 0000.
"""


@pytest.fixture(scope="module")
def decided():
    return run(POLICY)


def test_columns_and_dtypes(decided):
    assert list(decided.columns) == list(COMPLIANCE_COLUMNS)
    assert set(decided["status"]) <= set(STATUSES)
    assert len(decided) == len(GDPR_IDS) * 2 + len(CCPA_IDS)


def test_addressed_rows_cite_the_policy_text(decided):
    addressed = decided[decided["status"] == "addressed"]
    assert len(addressed) > 20
    for row in addressed.itertuples():
        assert POLICY[int(row.start):int(row.end)] == row.evidence
        assert row.rule and row.note


@pytest.mark.parametrize(("regime", "requirement", "expected"), [
    ("gdpr", "controller_identity", "addressed"),
    ("gdpr", "controller_contact", "addressed"),
    ("gdpr", "legitimate_interests", "addressed"),
    ("gdpr", "retention", "addressed"),
    ("gdpr", "right_access", "addressed"),
    ("gdpr", "right_objection", "addressed"),
    ("gdpr", "complaint", "addressed"),
    ("uk_gdpr", "complaint", "addressed"),
    # not stated anywhere
    ("gdpr", "right_portability", "missing"),
    ("gdpr", "automated_decision", "missing"),
    ("gdpr", "provision_requirement", "missing"),
    # established in the UK: outside the EU (GDPR Art. 27 applies) but not outside the UK
    ("gdpr", "representative", "missing"),
    ("uk_gdpr", "representative", "not_applicable"),
    # no DPO, no consent, no other sources: the conditions are not established
    ("gdpr", "dpo_contact", "not_applicable"),
    ("gdpr", "withdraw_consent", "not_applicable"),
    ("gdpr", "data_sources", "not_applicable"),
    ("ccpa", "methods_to_submit", "addressed"),
    ("ccpa", "authorized_agent", "missing"),
    ("ccpa", "updated_date", "addressed"),
    ("ccpa", "updated_within_12_months", "addressed"),
])
def test_decisions(decided, regime, requirement, expected):
    assert status(decided, regime, requirement) == expected


def test_notes_say_what_was_looked_for_and_why(decided):
    rows = decided.set_index(["regime", "requirement"])
    assert rows.loc[("gdpr", "automated_decision"), "note"].startswith("looked for")
    assert "applies because" in rows.loc[("gdpr", "representative"), "note"]
    assert "registered in England" in rows.loc[("gdpr", "representative"), "note"]
    na = rows.loc[("gdpr", "dpo_contact"), "note"]
    assert na.startswith("condition has_dpo not established")


def test_twelve_months_uses_as_of():
    later = run(POLICY, regimes="ccpa", as_of="2026-06-30")
    assert status(later, "ccpa", "updated_within_12_months") == "missing"
    assert "more than 12 months" in later.set_index("requirement").at["updated_within_12_months", "note"]
    assert status(later, "ccpa", "updated_date") == "addressed"


def test_no_date_means_both_date_items_missing():
    table = run("We collect your e-mail address.", regimes="ccpa")
    assert status(table, "ccpa", "updated_date") == "missing"
    assert status(table, "ccpa", "updated_within_12_months") == "missing"


def test_partial_dates_keep_their_precision():
    assert date_period("2023-08") == (dt.date(2023, 8, 1), dt.date(2023, 8, 31))
    assert date_period("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert date_period("2024-02-30") is None
    assert months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)


def test_a_denial_addresses_automated_decisions():
    table = run("We do not make decisions based solely on automated processing.", regimes="gdpr")
    assert status(table, "gdpr", "automated_decision") == "addressed"


def test_a_denied_practice_is_no_disclosure_but_a_denied_sale_is():
    table = run("We do not collect biometric information or health data.", regimes="ccpa")
    addressed = table[table["status"] == "addressed"]
    # (the clause category "collection" may still answer it: that fallback reads no polarity)
    assert not addressed["rule"].str.startswith("practice:").any()
    sale = run("We never sell or share your personal information.", regimes="ccpa")
    assert status(sale, "ccpa", "categories_sold_shared") == "addressed"


def test_one_method_is_not_enough():
    table = run("To exercise your rights, email privacy@example.org.", regimes="ccpa")
    assert status(table, "ccpa", "methods_to_submit") == "missing"
    note = table.set_index("requirement").at["methods_to_submit", "note"]
    assert "only 1 distinct: email" in note
    two = run("To exercise your rights, email privacy@example.org or call us toll-free at "
              "1-800-555-0100.", regimes="ccpa")
    assert status(two, "ccpa", "methods_to_submit") == "addressed"


def test_sale_of_minors_applies_only_when_selling_or_sharing():
    quiet = run("We collect your e-mail address.", regimes="ccpa")
    assert status(quiet, "ccpa", "minors_opt_in") == "not_applicable"
    sells = run("We sell your personal information to data brokers.", regimes="ccpa")
    assert status(sells, "ccpa", "minors_opt_in") == "missing"


def test_empty_tables_give_no_rows():
    clauses = pl.segment(pl.Policy(id="p", text="Hello."))
    out = checklist(clauses.iloc[:0], pl.extract(clauses).iloc[:0], regimes="gdpr")
    assert list(out.columns) == list(COMPLIANCE_COLUMNS) and len(out) == 0


def test_bad_as_of_is_a_clear_error():
    clauses = pl.segment(pl.Policy(id="p", text="Hello."))
    with pytest.raises(PolicyLensError, match="as_of"):
        checklist(clauses, pl.extract(clauses), as_of="yesterday-ish")


# -------------------------------------------------------------------------- views


def test_scorecard_counts_only_applicable_items(decided):
    card = scorecard(decided, "gdpr")
    assert list(card.columns) == [*GDPR_IDS, "score"]
    row = decided[decided["regime"] == "gdpr"]
    applicable = row["status"].isin(["addressed", "missing"]).sum()
    expected = round((row["status"] == "addressed").sum() / applicable, 3)
    assert card.loc["p", "score"] == pytest.approx(expected)


def test_regimes_followed():
    text = ("This notice applies to California residents under the CCPA. "
            "Users in the European Economic Area have rights under the GDPR.")
    clauses = pl.segment(pl.Policy(id="p", text=text))
    table = regimes_followed(clauses, pl.extract(clauses)).set_index("regime")
    assert table.at["ccpa", "follows"] and table.at["gdpr", "follows"]
    assert not table.at["uk_gdpr", "follows"]
    assert "ccpa" in table.at["ccpa", "laws"]


# -------------------------------------------------------------------------- invariants

SENTENCES = st.sampled_from([
    "We collect your name and e-mail address.", "You may request a copy of your data.",
    "We do not sell your personal information.", "Contact us at help@example.org.",
    "We keep logs for 30 days.", "You can lodge a complaint with a supervisory authority.",
    "Our DPO can be reached at dpo@example.org.", "Last updated: 2024-05.", "Random words here.",
])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SENTENCES, min_size=1, max_size=6))
def test_every_row_is_well_formed(sentences):
    text = "\n\n".join(sentences)
    table = run(text)
    assert len(table) == len(GDPR_IDS) * 2 + len(CCPA_IDS)
    for row in table.itertuples():
        assert row.status in STATUSES and row.note
        if row.status == "addressed":
            assert text[int(row.start):int(row.end)] == row.evidence
        else:
            assert row.evidence == "" and pd.isna(row.clause_id)
        if row.status == "not_applicable":
            assert not row.mandatory
