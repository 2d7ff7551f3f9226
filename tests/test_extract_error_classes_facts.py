"""Children, facts, retention and transfers: error classes seen on unseen policies (issue #12 §3
e-i; issue #16 §4), on sentences composed for this file, through ``extract_text``."""

from __future__ import annotations

import pytest

from policylens.extract import extract_text
from policylens.extract.children import policy_min_age


def found(text: str, aspect: str, section: str = "", lead_in: str = "", kind: str = "sentence") -> list:
    return [f for f in extract_text(text, section=section, lead_in=lead_in, kind=kind) if f.aspect == aspect]


def min_ages(text: str, **ctx) -> set[int]:
    return {int(f.number) for f in found(text, "child_age", **ctx) if f.role == "minimum_age"}


# --- f. child ages ---------------------------------------------------------------------------

MINIMUM_AGE = [
    ("Our app is not designed for or directed at children under 14.", 14),
    ("We do not knowingly and intentionally collect data from anyone under 16.", 16),
    ("The services do not address anyone under the age of 13.", 13),
    ("Our platform does not address persons younger than 16.", 16),
    ("If we discover that we hold data of a user under 13, we close that account.", 13),
    ("If you are under 15, stop using the app and ask a parent to contact us.", 15),
    ("If you are younger than 16, please stop using the service now.", 16),
    ("The minimum age to create an account is 16.", 16),
    ("The minimum age to use this app is 13 years.", 13),
    # a sentence citing COPPA still sets the minimum age (#16 §4)
    ("In line with COPPA, we do not knowingly collect personal information from children under 13.", 13),
    ("As required by the Children's Online Privacy Protection Act, the service is not directed to "
     "children under 13.", 13),
]


@pytest.mark.parametrize(("text", "age"), MINIMUM_AGE)
def test_minimum_age_statements(text, age):
    assert policy_min_age(found(text, "child_age")) == age, found(text, "child_age")


def test_feature_scoped_restriction_is_not_the_minimum_age():
    purchases = found("You must be at least 18 to make purchases in the app.", "child_age")
    general = found("The app is not directed to children under 13.", "child_age")
    assert policy_min_age(purchases + general) == 13
    assert policy_min_age(found("Users under 18 may not buy virtual coins in the store.", "child_age")) is None


def test_a_discovery_sentence_that_shuts_the_user_out_sets_the_minimum_age():
    got = found("If we find out that a user is under 16, we will close that user's account.", "child_age")
    assert policy_min_age(got) == 16
    # deleting data collected by mistake alone reports deletion on discovery, not a minimum age
    got = found("If we learn that we collected data from a child under 13 without consent, we delete it.",
                "child_age")
    assert {f.role for f in got} == {"deletion_on_discovery"}


def test_mere_mentions_are_not_minimum_ages():
    assert not min_ages("Parents of teens aged 13 to 17 can read our family guide.")
    assert not min_ages("In California, residents under 18 may ask us to remove content they posted.")


# --- g. facts ------------------------------------------------------------------------------------

def values(text: str, aspect: str, **ctx) -> list[str]:
    return [f.value for f in found(text, aspect, **ctx)]


def test_merger_boilerplate_is_not_selling_data():
    for text in ("If we are involved in a merger, acquisition or sale of all or part of our assets, your "
                 "information may be sold or transferred as part of that transaction.",
                 "In the event of a bankruptcy, customer records may be sold to a buyer of our business."):
        assert "true" not in values(text, "sells_data"), text


def test_scoped_denials_stay_scoped():
    got = found("For users under 18, we do not share personal data with advertising partners.", "shares_for_ads")
    assert all(f.value != "false" or f.condition for f in got), got
    got = found("We do not sell the personal information of consumers under 16.", "sells_data")
    assert all(f.value != "false" or f.condition for f in got), got
    got = found("We do not share or sell the information of members we know to be children.", "sells_data")
    assert all(f.value != "false" or f.condition for f in got), got


@pytest.mark.parametrize("text", [
    "We do not sell data in the usual sense, but sharing it with ad partners may be considered a sale "
    "under state law.",
    "Although we don't sell your information for money, some disclosures to analytics partners count as "
    "a sale under California law.",
])
def test_a_sale_under_state_law_is_a_sale(text):
    assert "true" in values(text, "sells_data")


@pytest.mark.parametrize("text", [
    "In the preceding 12 months, we have sold or shared the following categories of personal "
    "information: identifiers and internet activity.",
    "During the last twelve months we shared the following categories with third parties for "
    "cross-context behavioral advertising: device identifiers.",
])
def test_sold_or_shared_in_the_last_12_months_is_a_sale(text):
    assert "true" in values(text, "sells_data") + values(text, "shares_for_ads")


def test_a_right_not_to_have_data_sold_is_no_denial():
    for text in ("You may direct us not to sell or share your personal information.",
                 "We understand that you may want to make sure your personal information is not sold.",
                 "You have the right to choose not to have your personal information sold."):
        assert values(text, "sells_data") == [], text


def test_a_denial_under_one_law_keeps_its_scope():
    got = found("We do not sell personal information as defined under Nevada law.", "sells_data")
    assert got and all(f.value == "false" for f in got)
    assert all("nevada" in f.condition.lower() for f in got), got


@pytest.mark.parametrize(("text", "date"), [
    ("Last updated: March 3, 2024", "2024-03-03"),
    ("This notice was revised on 12 January 2023.", "2023-01-12"),
    ("Effective: August 2023", "2023-08"),
    ("Date of last modification: 2022-11-30", "2022-11-30"),
])
def test_last_updated_from_a_framed_date(text, date):
    assert values(text, "last_updated") == [date]


@pytest.mark.parametrize("text", [
    "Version 2.0 of the app launched on May 5, 2023 with a new editor.",
    "The feature was introduced on 4 June 2021 for all premium users.",
    "Our Terms of Service were last updated on January 1, 2020.",
    "The Cookie Policy, last revised 3 March 2021, explains the cookies we set.",
    "If you join our forum (open to subscribers only as of March 2022), your posts are visible to other members.",
    "If you live in California, as of January 2020 you have rights under the California Consumer Privacy Act.",
])
def test_last_updated_not_from_other_dates(text):
    assert values(text, "last_updated") == []


def test_response_days_is_never_an_appeal_window():
    assert values("You may appeal our decision within 45 days of receiving it.", "response_days") == []
    assert values("If we decline your request, you may write to privacy@example.com within 30 days after our "
                  "reply to start an appeal.", "response_days") == []
    assert values("We will respond to your appeal within 60 days.", "response_days") == ["60"]
    assert values("We will respond to your request within 45 days.", "response_days") == ["45"]


# --- i. transfers -------------------------------------------------------------------------------

def mechanisms(text: str) -> set[str]:
    return {f.value for f in found(text, "transfer_mechanism")}


@pytest.mark.parametrize(("text", "mechanism"), [
    ("The European Commission has found that the country provides an adequate level of data protection.",
     "adequacy"),
    ("We only transfer to countries the European Commission has determined to offer adequate protection.",
     "adequacy"),
    ("Recipients abroad ensure the same level of protection as in the EEA.", "adequacy"),
    ("We rely on standard contractual arrangements approved by the Commission.", "scc"),
    ("Such transfers are covered by standard data protection clauses adopted by the European Commission.",
     "scc"),
])
def test_transfer_mechanism_paraphrases(text, mechanism):
    assert mechanism in mechanisms(text)


def test_a_law_acronym_in_an_email_address_is_no_law():
    got = [f.value for f in extract_text("Write to ccpa@example.com or gdpr@example.com with questions.") if f.aspect == "law"]
    assert got == []
    got = [f.value for f in extract_text("Your rights under the CCPA and the GDPR are listed below.") if f.aspect == "law"]
    assert set(got) == {"ccpa", "gdpr"}


def test_a_right_not_to_have_data_shared_for_ads_is_no_denial():
    text = ("You may have the right to direct us not to share your personal data with third parties for "
            "targeted advertising.")
    assert values(text, "shares_for_ads") == []


@pytest.mark.parametrize("text", [
    "This notice applies to people who use our app while located in the European Economic Area, when we transfer data.",
    "If you live in a country of the European Union, you may complain about transfers to your regulator.",
    "Some countries offer adequate protection according to EEA standards, so we may transfer data there.",
])
def test_where_users_live_is_no_transfer_destination(text):
    assert [f for f in found(text, "transfer_destination")] == []
