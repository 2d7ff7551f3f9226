"""Facts, children, retention and transfers: error classes found by the reading audit of 2024 app
policies (benchmarks/audit.py, issue #12 §3 e-i), on sentences composed for this file. Each test
names the class; each could fail (the extractor before the fix gave the opposite answer)."""

from __future__ import annotations

import pandas as pd
import pytest

import policylens as pl
from policylens.extract import extract_text
from policylens.extract.children import policy_min_age
from policylens.extract.facts import conflicts, policy_facts
from policylens.extract.numbers import find_durations
from policylens.pipeline import policy_row, run


def found(text: str, aspect: str, lead_in: str = "") -> list:
    return [f for f in extract_text(text, lead_in=lead_in) if f.aspect == aspect]


def values(text: str, aspect: str, lead_in: str = "") -> list[str]:
    return [f.value for f in found(text, aspect, lead_in)]


# --- shares_for_ads ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the user's own controls over the sharing
    "In your phone's settings you can also stop your advertising ID from being shared with advertisers.",
    "Your device lets you limit whether identifiers are shared with our advertising partners.",
    "You have the option to block your usage data from being disclosed to ad networks.",
    # de-identified data named before the verb
    "Anonymous reading statistics may also be shared with our advertisers.",
    # a hypothetical
    "To the extent that we disclose personal data for targeted advertising, a link below lets you object.",
    # opted out, a request to limit, non-personalised ads
    "Subscribers to the paid plan are automatically opted out of targeted advertising and the sharing of their data.",
    "We treat the signal as a request to limit the sale or sharing of personal information for targeted advertising.",
    "We share your app events with advertising partners to show you non-personalised ads only.",
    # the user's or other users' sharing, data received from ad networks
    "Information we receive from advertisers may be combined with the content you share with us.",
    "We receive data about you from advertising networks, data providers and other users who share it.",
    "We may receive information about you from service providers, partners with whom we have a business "
    "relationship (such as dealers, repairers, sponsors or licensors), retailers, content platforms, advertising "
    "networks and agencies, marketing companies, data providers, public sources, government agencies and other "
    "people who use the Services (for example when someone gives us your address to send you a gift, or shares "
    "a playlist with you).",
    # a review page reporting another document
    "However, the app's policy does say they share user data with third-party advertising networks.",
])
def test_controls_hypotheticals_and_anonymous_data_state_no_ad_sharing(text):
    assert values(text, "shares_for_ads") == []


def test_a_denial_of_sale_but_sharing_for_ads_is_sharing():
    text = "We do not sell this data, but may share it with third parties for cross-context behavioral advertising."
    assert values(text, "shares_for_ads") == ["true"]


@pytest.mark.parametrize("text", [
    "Some browsers let you tell websites not to share your information for cross-context behavioral advertising.",
    "Opt you out of the sharing of your personal data for cross-context behavioral advertising.",
    "This is also known as interest-based advertising, targeted advertising or sharing.",
    "In California the law identifies disclosing personal data for cross-context behavioral advertising as sharing.",
    "Advertising IDs, which are assigned by mobile operating systems and made available to advertising providers "
    "to measure apps;",
])
def test_browser_signals_opt_outs_and_definitions_state_no_ad_sharing(text):
    assert values(text, "shares_for_ads") == []


def test_a_denial_about_anyone_under_an_age_is_scoped_to_children():
    got = found("We do not engage in sharing or targeted advertising using personal data of anyone we know to be "
                "under the age of 18.", "shares_for_ads")
    assert [(f.value, f.scope) for f in got] == [("false", "children")]


def test_a_heading_states_no_ad_sharing():
    got = [f for f in extract_text("Sharing and Targeted Advertising", kind="heading") if f.aspect == "shares_for_ads"]
    assert got == []
    assert values("We share device identifiers with advertising partners for targeted advertising.",
                  "shares_for_ads") == ["true"]


def test_a_denial_about_teens_is_scoped_to_children():
    got = found("The app does not knowingly share personal information of teens for cross-context behavioral "
                "advertising where restricted by applicable law.", "shares_for_ads")
    assert [(f.value, f.scope) for f in got] == [("false", "children")]


def test_a_denial_then_however_shared_with_ad_partners_is_sharing():
    text = ("The Hub does not sell or share your data, however some device data is shared with our "
            "advertising partners to show personalised ads.")
    assert values(text, "shares_for_ads") == ["true"]


def test_a_cell_heading_answered_by_a_denial_is_a_denial():
    denied = ("Recipients to whom this data is sold or shared for targeted advertising: this data is not "
              "sold or shared for targeted advertising.")
    assert values(denied, "shares_for_ads") == ["false"]
    named = "Recipients to whom this data is sold or shared for targeted advertising: advertising networks."
    assert values(named, "shares_for_ads") == ["true"]


def test_a_denial_for_one_category_of_a_table_is_scoped_to_it():
    text = ("Recipients to whom this data is sold or shared for targeted advertising: this category of data "
            "is not sold or shared for targeted advertising.")
    for aspect in ("shares_for_ads", "sells_data"):
        got = found(text, aspect)
        assert [(f.value, f.scope, f.condition) for f in got] == [("false", "data_category", "this category of data")]


def test_a_conditional_denial_of_ad_sharing_is_no_plain_no():
    text = "We don’t share information that identifies you with advertisers, such as your e-mail, unless you ask us to."
    assert values(text, "shares_for_ads") == []


def test_a_denial_where_a_law_restricts_it_is_scoped_to_that_law():
    got = found("The company doesn't share your personal information for cross-context behavioral "
                "advertising where restricted by applicable law.", "shares_for_ads")
    assert [(f.value, f.scope) for f in got] == [("false", "law")]
    assert "restricted by applicable law" in got[0].condition


def test_scoped_denials_carry_their_scope():
    got = found("For users under 18, we do not share personal data with advertising partners.", "shares_for_ads")
    assert [(f.value, f.scope) for f in got] == [("false", "children")]


# --- sells_data ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # a condition before the denial
    "Apart from what this notice describes, and unless you agree, the Club will not sell or lease your personal data.",
    # scoped to minors, with a comma inside the verb list, or "less than N"
    "We don't knowingly gather, sell, or share personal data of minors.",
    "We do not sell personal data of members we know are less than 16 years old.",
    "We do not sell or share personal information of students using our classroom edition.",
    # a right: asking us not to sell
    "If you live in California, you may ask us to tell you what we hold, to delete it, and not to sell your "
    "personal information.",
    # a denial "for cash" whose sentence admits a sale under the law
    "We do not sell your data for cash, but we do “sell” it as state law defines the word when ad partners use it.",
])
def test_conditional_minor_and_qualified_denials_are_no_plain_no(text):
    assert "false" not in values(text, "sells_data")


def test_an_emphatic_quoted_sale_is_a_sale():
    text = ("Although the company does not sell your personal information for money, we do “sell” and "
            "“share” it where applicable law defines those words more broadly.")
    assert values(text, "sells_data") == ["true"]
    assert values("We do sell aggregated market reports.", "sells_data") == []


def test_other_platforms_selling_data_is_no_sale_of_ours():
    assert values("Other platforms may sell your sensitive personal data for targeted advertising, but we don't.",
                  "sells_data") == []
    assert values("We may sell your personal data to marketing partners.", "sells_data") == ["true"]


def test_a_customer_list_sold_with_the_business_is_no_sale_of_data():
    text = "For example, if part of our business was sold, we may sell our customer list as part of that transaction."
    assert values(text, "sells_data") == []


def test_except_as_described_is_still_a_denial():
    assert values("Except as provided in this notice, we do not sell personal information of our users.",
                  "sells_data") == ["false"]
    assert values("We will not rent or sell your personal data, but we may share it with analytics providers.",
                  "sells_data") == ["false"]


def test_a_product_denial_is_scoped_to_the_product():
    for got in (found("Sell or share personal data for money or other valuable consideration;", "sells_data",
                      lead_in="The in-car app does not:"),
                found("The in-car app does not sell personal data.", "sells_data")):
        assert [(f.value, f.scope) for f in got] == [("false", "product")], got
        assert "in-car app" in got[0].condition
    got = found("Our app does not sell personal data.", "sells_data")
    assert [(f.value, f.scope) for f in got] == [("false", "")]


def test_a_scoped_denial_leaves_the_policy_fact_unknown():
    rows = [{"aspect": "shares_for_ads", "value": "false", "rule": "shares_for_ads:false:scoped", "scope": "children"},
            {"aspect": "sells_data", "value": "false", "rule": "sells_data:false:scoped", "scope": "product"}]
    facts = policy_facts(rows)
    assert facts["shares_for_ads"] is None and facts["sells_data"] is None
    law = [{"aspect": "sells_data", "value": "false", "rule": "sells_data:false:scoped", "scope": "law"}]
    assert policy_facts(law)["sells_data"] is False


# --- §3g: a policy that both sells and says it does not ------------------------------------------

TWO_MINDS = ("Sharing. We do not sell your personal information.\n\n"
             "Partners. We may sell your personal information to data brokers.\n\n"
             "Kids. For users under 18, we do not share personal data with advertising partners.")


def test_selling_and_denying_it_is_a_conflict_with_both_pieces_of_evidence():
    policy = pl.load_text(TWO_MINDS, id="p")
    [tables] = run([policy])
    findings = tables[1]
    sells = findings[findings["aspect"] == "sells_data"]
    assert sorted(sells["value"]) == ["false", "true"]
    assert set(sells["role"]) == {"conflict"}
    for value in ("false", "true"):
        start, end = sells.loc[sells["value"] == value, ["start", "end"]].iloc[0]
        assert "sell" in policy.text[start:end]
    assert conflicts(findings) == ["sells_data"]
    # the policy's answer: it admits selling; the children-only denial of ad sharing decides nothing
    row = policy_row(policy, *tables)
    assert row["sells_data"] is True and row["shares_for_ads"] is None
    shares = findings[findings["aspect"] == "shares_for_ads"]
    assert list(shares["role"]) == [""] and list(shares["scope"]) == ["children"]


def test_no_conflict_when_the_statements_agree_or_one_is_scoped():
    policy = pl.load_text("We do not sell your personal information.\n\n"
                          "We do not sell your personal data to anyone.\n\n"
                          "The kids edition does not sell personal data.", id="q")
    [tables] = run([policy])
    findings = tables[1]
    assert conflicts(findings) == []
    assert set(findings.loc[findings["aspect"] == "sells_data", "role"]) == {""}
    assert conflicts(pd.DataFrame(columns=["aspect", "value", "scope"])) == []


# --- has_dpo -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Questions? Mail DPO@example.com.",
    "Send complaints to privacy.DPO@example.com and we will reply.",
    "Write to our Data Privacy Officer at the address below.",
])
def test_an_address_or_another_title_is_no_dpo_appointment(text):
    assert values(text, "has_dpo") == []


def test_a_named_dpo_still_counts():
    assert values("You can contact our Data Protection Officer (DPO) at dpo@example.com.", "has_dpo") == ["true"]


# --- response_days -------------------------------------------------------------------------------

def test_the_users_own_deadline_is_no_response_deadline():
    assert values("If you do not confirm your identity within 30 days, we may close your request.",
                  "response_days") == []


def test_our_answer_to_an_appeal_is_no_request_deadline():
    got = found("Once we receive your appeal, we will respond in writing within 60 days with our decision.",
                "response_days")
    assert [(f.value, f.role) for f in got] == [("60", "appeal")]
    rows = [f.as_dict() for f in got] + [
        f.as_dict() for f in found("We will respond to your request within 45 days.", "response_days")]
    assert policy_facts(rows)["response_days"] == 45
    assert policy_facts([f.as_dict() for f in got])["response_days"] is None


# --- child ages ----------------------------------------------------------------------------------

def test_the_upper_bound_of_an_age_range_is_no_minimum():
    text = ("We do not knowingly collect data from children under 13, though children between the ages "
            "of 13 and 18 may use parts of the Service with a guardian's permission.")
    got = found(text, "child_age")
    assert {int(f.number) for f in got if f.role == "minimum_age"} == {13}
    assert any(f.number == 18 and f.role == "mention" for f in got)


@pytest.mark.parametrize(("text", "age"), [
    ("We do not require or knowingly collect any information about children under the age of 13.", 13),
    ("If you are a child under 15, please do not attempt to register for the app or send us any personal data.", 15),
])
def test_more_minimum_age_wordings(text, age):
    assert {int(f.number) for f in found(text, "child_age") if f.role == "minimum_age"} == {age}


@pytest.mark.parametrize(("text", "lead_in", "age"), [
    ("WE DO NOT PROVIDE OUR SERVICES TO MINORS UNDER THE AGE OF 18 (OR THE AGE OF MAJORITY UNDER LOCAL LAW).", "", 18),
    ("The streaming service is for individuals who are 18 years of age or older and live in Canada.", "", 18),
    ("Open an account or use any feature of the app if you are under the age of 16;",
     "You agree that you will not:", 16),
    ("If a user identifies himself or herself as a child under 13 in the chat, we will not collect or store "
     "any data of that user.", "", 13),
])
def test_service_refusals_and_prohibited_items_are_minimum_ages(text, lead_in, age):
    got = found(text, "child_age", lead_in=lead_in)
    assert {int(f.number) for f in got if f.role == "minimum_age"} == {age}, got


def test_a_review_page_reporting_another_documents_age_states_none():
    assert found("The app's terms say they allow chat with other users, but not for children under 13.",
                 "child_age") == []


def test_under_n_without_a_parents_permission_is_parental_consent():
    got = found("If you are under the age of 18, you may not use our apps without permission from a parent or "
                "legal guardian.", "child_age")
    assert [(f.value, f.role) for f in got] == [("18", "parental_consent")]


def test_actual_knowledge_then_closing_the_account_is_a_minimum_age():
    got = found("If we have actual knowledge that you are under the age of 13, we will stop providing the "
                "service to you and delete your account.", "child_age")
    assert [(f.value, f.role) for f in got] == [("13", "minimum_age")]


@pytest.mark.parametrize(("text", "suffix"), [
    ("If you are a resident of the Province of Quebec, you are only permitted to use the app if you are at least 14 "
     "years old.",
     ":scoped"),
    ("If using the photo filter feature, you confirm that you are at least 18 years old.", ":feature"),
])
def test_province_and_feature_minimums_do_not_set_the_policy_minimum(text, suffix):
    got = [f for f in found(text, "child_age") if f.role == "minimum_age"]
    assert got and all(f.rule.endswith(suffix) for f in got), got
    assert policy_min_age([f for f in got if f.rule.endswith(":feature")]) is None


def test_a_parent_asked_to_have_the_childs_account_terminated_states_a_minimum_age():
    got = found("If you are the parent of a child under 13 who has set up an account, please contact us to have "
                "that child's account terminated and the data deleted.", "child_age")
    assert [(f.value, f.role) for f in got] == [("13", "minimum_age")]
    got = found("If you are the parent of a child under 13 who sent us data, contact us and we will delete it.",
                "child_age")
    assert [(f.value, f.role) for f in got] == [("13", "deletion_on_discovery")]


def test_in_the_case_we_discover_is_deletion_on_discovery():
    got = found("In the case we discover that a child under 13 has sent us personal data, we erase it at once.",
                "child_age")
    assert [(f.value, f.role) for f in got] == [("13", "deletion_on_discovery")]


def test_consent_of_the_holder_of_parental_responsibility_is_parental_consent():
    text = ("If you are under 16 years of age, we will ask for your consent or the consent of the holder of "
            "parental responsibility before we process your data.")
    assert [(f.value, f.role) for f in found(text, "child_age")] == [("16", "parental_consent")]


# --- retention -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Moderators remove abusive posts within 48 hours of a report.",
    "We take down infringing material within 2 days of a valid notice.",
    "Visitor counts, which are not personal data, are stored indefinitely.",
])
def test_moderation_windows_and_non_personal_data_are_no_retention(text):
    assert values(text, "retention") == []


@pytest.mark.parametrize("text", [
    "Erasure: to ask that the Studio remove or delete your data, for example when it is no longer necessary.",
    "The app's terms say exam recordings may be kept indefinitely for research.",
])
def test_a_right_label_or_a_report_of_another_document_is_no_retention(text):
    assert values(text, "retention") == []


def test_our_own_policy_stating_a_period_still_counts():
    assert values("As our policy states, we keep chat logs for 30 days.", "retention") == ["30"]


def test_anonymised_data_kept_indefinitely_is_still_reported():
    assert "indefinitely" in values("Anonymised usage data may be kept indefinitely for research.", "retention")


# --- transfers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Transfers are covered by the Standard Contractual Clauses, including the UK Addendum for transfers of UK data.",
    "We transfer data to partners certified under the EU-U.S. Data Privacy Framework and its UK Extension.",
])
def test_an_instrument_named_after_a_place_is_no_destination(text):
    assert values(text, "transfer_destination") == []


def test_with_respect_to_a_place_is_no_destination():
    text = ("We sign the contract terms with each recipient (with respect to the UK, we also sign an "
            "appendix) before we transfer data.")
    assert values(text, "transfer_destination") == []


def test_a_replaced_privacy_shield_is_no_mechanism():
    assert values("A new framework is expected to replace the EU-U.S. Privacy Shield next year.",
                  "transfer_mechanism") == []
    assert values("We transfer data to the US under the Privacy Shield.", "transfer_mechanism") == ["privacy_shield"]


def test_being_located_in_regions_such_as_the_eu_is_no_destination():
    text = "If you are located in certain regions, including the European Union, you may have more rights over transfers."
    assert values(text, "transfer_destination") == []


def test_a_countrys_state_and_federal_law_is_no_destination():
    got = found("Data collected by us is hosted in the United States of America and is subject to U.S. state and "
                "federal law.", "transfer_destination")
    assert [f.evidence for f in got] == ["United States of America"]


def test_a_destination_list_still_counts():
    assert values("We transfer your data to the United States and the UK.", "transfer_destination") == ["us", "uk"]


def test_consent_in_a_portability_right_is_no_transfer_mechanism():
    text = "Where processing is based on your consent, you have a right to transfer a copy of your data in a portable format."
    assert values(text, "transfer_mechanism", lead_in="If EEA law applies to you, you have these rights:") == []


def test_a_mechanism_inside_a_web_address_is_not_named():
    assert values("For transfer details see https://example.org/annex-dpf?tab=2 for more.", "transfer_mechanism") == []
    assert values("We transfer data under the EU-U.S. Data Privacy Framework (see www.example.gov/dpf).",
                  "transfer_mechanism") == ["dpf"]


# --- §3h: ranges whose first number has no unit, changed periods -----------------------------------

def retention(text: str) -> list[tuple[float, float]]:
    return [(f.min_days, f.max_days) for f in found(text, "retention")]


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("We keep signed contracts for at least 5 and at most 10 years.", 5 * 365, 10 * 365),
    ("Payroll records are retained for a minimum of 6 and a maximum of 10 years.", 6 * 365, 10 * 365),
    ("Support chats are stored for at least 3 and up to 6 months.", 90, 180),
])
def test_a_range_where_only_the_second_number_has_the_unit(text, lo, hi):
    assert retention(text) == [(lo, hi)]


@pytest.mark.parametrize(("text", "days"), [
    ("The retention period for call recordings was extended from 5 to 7 years.", 7 * 365),
    ("We shortened the storage period of chat logs from 24 to 12 months.", 360),
])
def test_a_changed_period_is_its_new_value(text, days):
    assert retention(text) == [(days, days)]


def test_a_following_clause_is_no_condition():
    got = found("For attribution we keep your data for three months, after that we delete it.", "retention")
    assert [(f.max_days, f.condition) for f in got] == [(90, "")]
    got = found("We keep your data for three months after the end of your subscription.", "retention")
    assert [(f.max_days, f.condition) for f in got] == [(90, "after the end of your subscription")]


def test_ranges_and_extensions_still_read_as_before():
    assert retention("We keep logs from 6 to 12 months.") == [(180, 360)]
    assert retention("We may extend this period by 30 days if needed.") == []
    assert [(d.text, d.min_days) for d in find_durations("no less than 2 and no more than 4 weeks")] == [
        ("no more than 4 weeks", 28)]


# --- legal bases ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Right to object: in some cases (for example where data is processed on the basis of legitimate "
    "interests) you may object to that processing.",
    "Please note that this right only applies to data you gave us with your consent or where we used it "
    "to perform a contract with you.",
    "This right exists where we rely on a legitimate interest as the legal basis for our processing.",
    "Right to withdraw consent: you may withdraw it at any time where we collect data on the basis of your consent.",
    "You have the right to the erasure of your data unless we have a legitimate interest in keeping it.",
])
def test_bases_a_right_depends_on_are_no_stated_basis(text):
    assert values(text, "legal_basis") == []


def test_stated_bases_still_count():
    # the seeds read "if the processing is based on your consent, you may withdraw it" as a consent basis
    assert values("If the processing of your data is based on your consent, you can withdraw that consent at any time.",
                  "legal_basis") == ["consent"]
    assert values("We process your data on the basis of our legitimate interests in keeping the service secure.",
                  "legal_basis") == ["legitimate_interests"]
    assert values("We may use your data to comply with legal obligations to which we are subject and to protect "
                  "our copyright and trademarks.", "legal_basis") == ["legal_obligation"]
    assert values("Takedown notices must meet the statutory requirements imposed by the copyright law under which "
                  "they are sent.", "legal_basis") == []
