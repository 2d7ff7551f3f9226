"""Gold expectations for retention, child ages and per-policy facts on the five bundled seeds.

Written by reading each seed: every expectation names the aspect, the normalised value and a
substring of the clause that proves it. The seeds run through the real pipeline
(``policylens.load`` -> ``policylens.segment`` -> ``policylens.extract``). Nothing in the
extractors is keyed to these texts; the same rules are exercised on other wordings in
tests/test_extract_retention.py, test_extract_children.py and test_extract_facts.py.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

import policylens
from policylens.config import bundled_policies_dir
from policylens.extract import extract
from policylens.extract.facts import policy_facts

SEEDS = {
    "imago_platform": "000_ebb05bfd8ee10af9.txt",
    "imaga": "001_e5a96dd1cf53a070.txt",
    "imaginella": "002_ab764c483b6d1d2e.txt",
    "imago_tech": "003_d0c82b5eb252173f.txt",
    "imagint": "004_0704a76617a30a9d.txt",
}


@cache
def _run(seed: str) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    policy = policylens.load(bundled_policies_dir() / SEEDS[seed])
    clauses = policylens.segment(policy)
    return clauses, extract(clauses), policy.text


def _with_clause(seed: str, aspect: str) -> pd.DataFrame:
    clauses, findings, text = _run(seed)
    f = findings[findings["aspect"] == aspect].copy()
    for start, end, ev in zip(f["start"], f["end"], f["evidence"], strict=True):
        assert text[start:end] == ev
    by_id = dict(zip(clauses["clause_id"], clauses["text"], strict=True))
    f["clause"] = [by_id[c] for c in f["clause_id"]]
    return f


def _match(seed, aspect, value, proof, **fields):
    f = _with_clause(seed, aspect)
    hits = f[(f["value"] == value) & f["clause"].str.contains(proof, regex=False)]
    for col, want in fields.items():
        if col in ("data_category", "condition"):
            hits = hits[hits[col].str.lower().str.contains(want.lower(), regex=False)]
        else:
            hits = hits[hits[col] == want]
    return hits


# --- retention -------------------------------------------------------------------------------
# (seed, value, proof in the clause, min_days, max_days, data_category contains, condition contains)
STATED = [
    ("imago_platform", "360-720", "Usage Data: Typically retained for 12-24 months", 360, 720,
     "Usage Data", ""),
    ("imaga", "420", "Google Analytics data may be retained for 14 months", 420, 420,
     "Google Analytics data", ""),
    ("imaga", "1825-2555", "financial or transaction records for 5-7 years", 1825, 2555,
     "financial or transaction records", ""),
    ("imaginella", "360", "For the life of your account + up to 12 months after closure", 360, 360,
     "Account information", "after closure"),
    ("imaginella", "30", "Prompt input & generated outputs (if stored) Up to 30 days", 30, 30,
     "Prompt input & generated outputs", ""),
    ("imaginella", "730", "Support requests and communications 2 years from last interaction",
     730, 730, "Support requests and communications", "from last interaction"),
    ("imaginella", "2190", "Billing & payment records 6 years", 2190, 2190,
     "Billing & payment records", ""),
    ("imaginella", "180", "Cookie preferences 6 months or until you change your selection", 180, 180,
     "Cookie preferences", "until you change your selection"),
    ("imaginella", "720", "Logs and analytics (anonymized/aggregated) Up to 24 months", 720, 720,
     "Logs and analytics", ""),
    ("imaginella", "720", "accounts that remain inactive for 24 consecutive months", 720, 720,
     "accounts", "inactivity"),
    ("imago_tech", "365", "Applications will normally be stored for [1] year", 365, 365,
     "Applications", "after the completion of the application process"),
]


@pytest.mark.parametrize(("seed", "value", "proof", "lo", "hi", "category", "condition"), STATED)
def test_seed_stated_retention(seed, value, proof, lo, hi, category, condition):
    hits = _match(seed, "retention", value, proof, data_category=category, condition=condition)
    assert len(hits) == 1, _with_clause(seed, "retention")[["value", "data_category", "clause"]]
    assert (hits["min_days"].iloc[0], hits["max_days"].iloc[0]) == (lo, hi)


@pytest.mark.parametrize("seed", list(SEEDS))
def test_seed_stated_retention_is_complete(seed):
    """No other stated periods: look-back windows ("In the past 12 months"), response deadlines
    ("within 45 days", "within one month", "an additional two months"), breach hours and ages
    are not retention."""
    f = _with_clause(seed, "retention")
    stated = sorted(f.loc[f["min_days"].notna(), "value"])
    assert stated == sorted(s[1] for s in STATED if s[0] == seed)


# (seed, qualitative id, proof in the clause, data_category contains)
QUALITATIVE = [
    ("imago_platform", "as_long_as_necessary",
     "We retain your personal information only as long as necessary", "personal information"),
    ("imago_platform", "while_active", "Account Data: Retained while your account is active",
     "Account Data"),
    ("imago_platform", "legal_requirement",
     "Content: Retained according to your settings and applicable legal requirements", "Content"),
    ("imago_platform", "legal_requirement",
     "Some data may be retained longer to comply with legal obligations", "data"),
    ("imaga", "as_long_as_necessary",
     "We will retain your personal information only for as long as necessary", "personal information"),
    ("imaga", "while_active", "for the duration of the contractual relationship", "your information"),
    ("imaginella", "as_long_as_necessary",
     "We retain your personal data only for as long as necessary", "personal data"),
    ("imaginella", "while_active", "For the life of your account", "Account information"),
    ("imaginella", "legal_requirement", "unless a longer retention period is required or permitted by law",
     "personal data"),
    ("imago_tech", "as_long_as_necessary",
     "We will only retain your personal data for as long as necessary", "personal data"),
    ("imago_tech", "as_long_as_necessary",
     "retain that data as long as we have a legitimate purpose or legal basis", "data"),
    ("imago_tech", "indefinitely", "we may use this information indefinitely", "Anonymized data"),
    ("imagint", "as_long_as_necessary", "We retain your information only as long as necessary",
     "your information"),
    ("imagint", "legal_requirement", "and comply with legal obligations", "your information"),
]


@pytest.mark.parametrize(("seed", "kind", "proof", "category"), QUALITATIVE)
def test_seed_qualitative_retention(seed, kind, proof, category):
    hits = _match(seed, "retention", kind, proof, condition=kind, data_category=category)
    assert len(hits) >= 1, _with_clause(seed, "retention")[["value", "data_category", "clause"]]
    assert hits["min_days"].isna().all() and hits["max_days"].isna().all()


# --- children --------------------------------------------------------------------------------
# (seed, age, role, proof in the clause)
AGES = [
    ("imago_platform", "13", "minimum_age", "Our Service is not intended for children under 13"),
    ("imago_platform", "13", "minimum_age",
     "We do not knowingly collect personal information from children under 13"),
    ("imago_platform", "13", "deletion_on_discovery",
     "If we become aware that we have collected personal information from a child under 13"),
    ("imaga", "18", "minimum_age",
     "We do not knowingly collect personal information from individuals under 18 years of age"),
    ("imaga", "18", "minimum_age", "If you are under 18, please do not use our Services"),
    ("imaga", "18", "deletion_on_discovery",
     "In the event we learn that we have inadvertently collected personal data from someone under 18"),
    ("imaga", "13", "legal_reference",
     "(COPPA) which imposes requirements on websites that knowingly collect data from children under 13"),
    ("imaga", "13", "minimum_age", "We do not knowingly collect or solicit information from anyone under 13"),
    ("imaga", "13", "legal_reference", "varies between 13 to 16 in EU member states"),
    ("imaga", "16", "legal_reference", "varies between 13 to 16 in EU member states"),
    ("imaga", "18", "minimum_age", "we do not target or knowingly serve anyone under 18"),
    ("imaga", "16", "minimum_age",
     "we do not knowingly collect information from persons under 16 years of age"),
    ("imaga", "16", "legal_reference",
     "We do not have actual knowledge that we sell or share the personal information of consumers under 16"),
    ("imaga", "16", "minimum_age", "in fact we do not knowingly collect information from individuals under 16"),
    ("imaginella", "18", "minimum_age",
     "intended for use only by individuals who are 18 years of age or older"),
    ("imaginella", "18", "minimum_age", "from anyone under the age of 18"),
    ("imaginella", "18", "minimum_age", "you confirm that you are at least 18 years old"),
    ("imaginella", "18", "deletion_on_discovery",
     "If we learn that we have inadvertently collected personal data from a minor under 18"),
    ("imaginella", "18", "minimum_age", "nor do we knowingly target individuals under 18"),
    ("imagint", "13", "minimum_age", "Our service is not intended for children under 13"),
    ("imagint", "13", "minimum_age", "We do not knowingly collect information from children under 13"),
    ("imagint", "13", "deletion_on_discovery",
     "If we become aware that we have collected information from a child under 13"),
]


@pytest.mark.parametrize(("seed", "age", "role", "proof"), AGES)
def test_seed_child_ages(seed, age, role, proof):
    hits = _match(seed, "child_age", age, proof, role=role)
    assert len(hits) >= 1, _with_clause(seed, "child_age")[["value", "role", "clause"]]


@pytest.mark.parametrize("seed", list(SEEDS))
def test_seed_child_ages_are_complete(seed):
    """Exactly the thresholds above: nothing from "If we ever decide to expand our Services to
    children" (not an offer) and no age in policies that state none (imago_tech)."""
    f = _with_clause(seed, "child_age")
    got = sorted(zip(f["value"], f["role"], strict=True))
    assert got == sorted((a[1], a[2]) for a in AGES if a[0] == seed)


# --- per-policy facts ------------------------------------------------------------------------
# has_dpo None: imaga, imaginella and imago_tech never mention a data protection officer (read:
# no "DPO"/"protection officer" anywhere), so whether they have one is unknown, not no.
FACTS = {
    "imago_platform": {
        "last_updated": "2025-05-26", "sells_data": False, "shares_for_ads": None,
        "breach_notice_hours": None, "response_days": 30.0,
        "contact_emails": ["privacy@imagoplatform.ai", "dpo@imagoplatform.ai"], "has_dpo": True,
        "min_child_age": 13, "third_party_services": [],
    },
    "imaga": {
        "last_updated": "2025-09-11", "sells_data": False, "shares_for_ads": True,
        "breach_notice_hours": None, "response_days": 30.0, "contact_emails": ["welcome@imaga.co"],
        "has_dpo": None, "min_child_age": 18,
        "third_party_services": ["google_analytics", "recaptcha", "meta_pixel", "google_ads",
                                 "linkedin_insight_tag", "facebook", "linkedin"],
    },
    "imaginella": {
        "last_updated": "2025-07-02", "sells_data": False, "shares_for_ads": False,
        "breach_notice_hours": 72.0, "response_days": None,
        "contact_emails": ["assist@imaginella.ai", "connect@imaginella.ai"], "has_dpo": None,
        "min_child_age": 18, "third_party_services": [],
    },
    "imago_tech": {
        "last_updated": "2020-05-24", "sells_data": False, "shares_for_ads": None,
        "breach_notice_hours": None, "response_days": None,
        "contact_emails": ["support@imagotechs.com", "sales@imagotechs.com"], "has_dpo": None,
        "min_child_age": None,
        "third_party_services": ["google_analytics", "facebook", "instagram", "linkedin",
                                 "google_meet", "zoom", "microsoft_teams", "youtube",
                                 "microsoft_outlook", "salesforce", "rocket_chat"],
    },
    "imagint": {
        "last_updated": "2024-08-02", "sells_data": False, "shares_for_ads": None,
        "breach_notice_hours": 72.0, "response_days": None,
        "contact_emails": ["privacy@imagint.ai", "dpo@imagint.ai"], "has_dpo": True,
        "min_child_age": 13, "third_party_services": [],
    },
}


@pytest.mark.parametrize("seed", list(SEEDS))
def test_seed_policy_facts(seed):
    assert policy_facts(_run(seed)[1]) == FACTS[seed]


# (seed, aspect, value, proof in the clause)
FACT_EVIDENCE = [
    ("imago_platform", "last_updated", "2025-05-26", "Last Updated: May 26, 2025"),
    ("imago_platform", "sells_data", "false", "we never sell your personal data"),
    ("imago_platform", "sells_data", "false", "We do not sell, trade, or rent your personal information"),
    ("imago_platform", "response_days", "30", "We will respond to your inquiry within 30 days of receipt"),
    ("imago_platform", "has_dpo", "true", "Data Protection Officer: dpo@imagoplatform.ai"),
    ("imago_platform", "contact_email", "privacy@imagoplatform.ai", "Email: privacy@imagoplatform.ai"),
    ("imaga", "last_updated", "2025-09-11", "Last Updated: September 11, 2025"),
    ("imaga", "sells_data", "false", "We do not sell your personal information to third parties"),
    ("imaga", "sells_data", "false", "We also have not sold any personal information in the past 12 months"),
    ("imaga", "shares_for_ads", "true",
     "we treat our use of third-party advertising cookies as a potential “sharing” of personal information"),
    ("imaga", "response_days", "45", "We aim to respond within 45 days of receiving a verifiable request"),
    ("imaga", "response_days", "30", "generally within one month for EU/UK requests"),
    ("imaga", "third_party_service", "meta_pixel", "the Facebook/Meta Pixel, Google Ads tags"),
    ("imaga", "third_party_service", "linkedin_insight_tag", "LinkedIn Insight Tag"),
    ("imaga", "third_party_service", "recaptcha", "we use Google reCAPTCHA on our forms"),
    ("imaginella", "last_updated", "2025-07-02", "Last Updated: 02.07.2025"),
    ("imaginella", "sells_data", "false", "Sell your personal data to third parties"),
    ("imaginella", "shares_for_ads", "false", "Share your personal information with advertisers or ad networks"),
    ("imaginella", "breach_notice_hours", "72", "within 72 hours where required"),
    ("imago_tech", "last_updated", "2020-05-24", "Effective Date: May 24, 2020"),
    ("imago_tech", "sells_data", "false", "We will never, ever provide or sell personal data"),
    ("imago_tech", "third_party_service", "zoom", "Zoom to manage Zoom service interoperability"),
    ("imago_tech", "third_party_service", "salesforce", "Salesforce to manage clients and processes"),
    ("imago_tech", "third_party_service", "microsoft_teams", "Microsoft to manage MS Teams service"),
    ("imagint", "last_updated", "2024-08-02", "Last updated: August 2, 2024"),
    ("imagint", "breach_notice_hours", "72", "We will notify you within 72 hours of discovering a breach"),
    ("imagint", "has_dpo", "true", "contact our Data Protection Officer at dpo@imagint.ai"),
    ("imagint", "sells_data", "false", "We do not sell, trade, or rent your personal information"),
]


@pytest.mark.parametrize(("seed", "aspect", "value", "proof"), FACT_EVIDENCE)
def test_seed_fact_evidence(seed, aspect, value, proof):
    hits = _match(seed, aspect, value, proof)
    assert len(hits) >= 1, _with_clause(seed, aspect)[["value", "clause"]]


@pytest.mark.parametrize(("seed", "proof"), [
    ("imaga", "up to an additional 45 days"),
    ("imaga", "which may be extended by an additional two months"),
    ("imaga", "In the past 12 months, we have collected"),
    ("imaga", "In the preceding 12 months, we have disclosed"),
])
def test_seed_durations_that_are_neither_deadlines_nor_retention(seed, proof):
    _clauses, findings, text = _run(seed)
    start = text.index(proof)
    end = start + len(proof)
    inside = findings[(findings["start"] >= start) & (findings["end"] <= end)]
    assert not inside["aspect"].isin(["response_days", "retention", "breach_notice_hours"]).any()
