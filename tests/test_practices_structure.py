"""Data practices: conditions, lead-ins that state no practice, tables laid out in ways the
clause reader alone cannot see (short rows, a header on one line, categories the policy names
itself), and third parties that collect. Sentences and tables composed for these tests."""

from __future__ import annotations

import pytest

from policylens.extract import ClauseContext
from policylens.extract.practices import extract_clause, extract_document


def found(text: str, **kw) -> set[tuple[str, str, str]]:
    return {(f.aspect, f.value, f.polarity) for f in extract_clause(ClauseContext(text=text, **kw))}


def document(rows: list[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    """Findings extract_document reads from (kind, text, lead_in) clauses in order."""
    ctxs = [ClauseContext(text, lead_in=lead, kind=kind, clause_id=i) for i, (kind, text, lead) in enumerate(rows)]
    pairs, _ = extract_document(ctxs)
    return {(f.aspect, f.value, f.polarity) for _, f in pairs}


# ------------------------------------------------------------------ conditions


def test_a_condition_on_the_reader_does_not_void_a_sale_statement():
    assert ("data_sold_shared", "personal_information", "denied") in found(
        "If you live in a state with such a law, we do not sell your personal information.")


def test_a_condition_on_the_sale_itself_states_no_practice():
    assert not {a for a, _, _ in found("If we sell your personal information, we will tell you first.")} & {
        "data_sold_shared"}


# ------------------------------------------------------------------ lead-ins whose items state no practice


@pytest.mark.parametrize("lead_in", [
    "Information excluded from the statute's scope, such as:",
    "Personal information does not include:",
    "By using the app, you agree that you shall not:",
])
def test_items_of_exclusions_and_user_duties_state_no_practice(lead_in):
    assert found("Medical records covered by other laws, and cookies or tracking pixels.", kind="item",
                 lead_in=lead_in) == set()


def test_choices_name_no_source_and_no_general_statement():
    got = found("If you do not want cookies to be stored, your browser settings let you refuse them.")
    assert not {a for a, _, _ in got} & {"data_collected", "data_source"}


def test_a_heading_states_no_general_practice():
    assert found("Sale or Sharing of Personal Information", kind="heading") == set()


# ------------------------------------------------------------------ exceptions


def test_exceptions_to_a_no_sale_no_sharing_lead_in_are_disclosures_not_sales():
    got = found("Vendors that send our e-mail newsletters and voice messages for us.", kind="item",
                lead_in="We do not rent, sell, or share personal information except as described below:")
    assert ("recipient", "service_providers", "affirmed") in got
    assert not {(a, p) for a, _, p in got} & {("data_sold_shared", "affirmed")}


# ------------------------------------------------------------------ tables


def test_a_row_shorter_than_its_header_answers_the_columns_it_has():
    got = found("J. Education information\tNO", kind="table_row", lead_in="Category\tCollected\tBusiness purpose")
    assert ("data_collected", "education", "denied") in got
    assert ("data_collected", "education", "affirmed") not in got


def test_a_header_on_one_line_gives_the_yes_no_columns_their_kinds():
    got = document([
        ("paragraph", "Category Shared for a Business Purpose Sold for Money", ""),
        ("table_row", "Location data\tYes\tNo", "Category Shared for a Business Purpose Sold for Money"),
        ("table_row", "Browsing history\tYes\tYes", "Location data\tYes\tNo"),
    ])
    assert ("data_disclosed", "coarse_location", "affirmed") in got
    assert ("data_sold_shared", "coarse_location", "denied") in got
    assert ("data_sold_shared", "usage_activity", "affirmed") in got


def test_a_category_the_policy_names_itself_resolves_to_its_definition():
    got = document([
        ("item", "2.1. Member Data. We process the data in your member profile (\u201cmember data\u201d), "
                 "such as your name and postal address.", "What we process"),
        ("table_row", "Member Data\tYes", "Category\tDisclosed to vendors"),
    ])
    assert ("data_disclosed", "name", "affirmed") in got
    assert ("data_disclosed", "contact", "affirmed") in got


def test_an_undefined_custom_name_yields_nothing():
    assert document([("table_row", "Member Data\tYes", "Category\tDisclosed to vendors")]) == set()


# ------------------------------------------------------------------ third parties that collect


def test_third_parties_collecting_through_the_service_receive_data():
    got = found("Our advertising partners may collect information about your visits with cookies.")
    assert ("recipient", "advertisers", "affirmed") in got


def test_data_collected_from_third_parties_names_no_recipient():
    got = found("We collect information about you from advertising partners.")
    assert not {a for a, _, _ in got} & {"recipient"}


# ------------------------------------------------------------------ "non-personal" technical data


def test_technical_data_a_policy_calls_non_personal_is_still_collected():
    got = found("We automatically collect non-personal information such as your IP address and browser type.")
    assert ("data_collected", "online_identifiers", "affirmed") in got
    assert ("data_collected", "device_info", "affirmed") in got


def test_aggregated_or_anonymous_non_technical_data_is_not_personal():
    assert found("We share aggregated statistics about device types with our partners.") == set()
    assert not {a for a, _, _ in found("We collect anonymous information such as your age and gender.")} & {
        "data_collected"}


def test_a_sold_or_shared_lead_in_is_a_sale_not_also_a_disclosure():
    got = found("Browsing history on our sites;", kind="item",
                lead_in="In the past year we have sold or shared the following categories to advertising vendors:")
    assert ("data_sold_shared", "usage_activity", "affirmed") in got
    assert "data_disclosed" not in {a for a, _, _ in got}


def test_laws_defining_sale_state_no_sale():
    assert "data_sold_shared" not in {a for a, _, _ in found(
        "Some state laws define the terms sell and sale broadly to include sharing personal data for value.")}


def test_items_of_a_licence_grant_state_no_purpose():
    got = found("The right to show your posts in promotion and advertising for our apps.", kind="item",
                lead_in="By accepting these terms, you let us use your posts as follows:")
    assert got == set()


def test_what_follows_an_exception_to_a_denial_is_done():
    got = found("We do not disclose what you enter to anyone, except as follows: if you sign a petition, "
                "your name may be sent to the officials it is addressed to.")
    assert ("data_disclosed", "name", "affirmed") in got
    assert ("data_disclosed", "name", "denied") not in got
    assert ("data_disclosed", "name", "denied") in found("We do not disclose your name to anyone.")


def test_a_general_no_sharing_with_exceptions_is_no_denial_of_sharing():
    got = found("We do not share your personal information with others except in the following circumstances:")
    assert ("data_disclosed", "personal_information", "denied") not in got
    assert ("data_disclosed", "personal_information", "denied") in found(
        "We do not share your personal information with others.")


def test_a_carve_out_from_a_denial_is_a_disclosure_to_those_parties():
    got = found("This does not include trusted third parties who help us run our website, "
                "provided they keep the information confidential.")
    assert ("data_disclosed", "personal_information", "affirmed") in got
    assert found("This does not include information that is public.") == set()


# ------------------------------------------------------------------ sentences continuing a list


def test_a_continuation_sentence_takes_the_previous_practice():
    got = found("We also keep standard log files from our servers. Included in these log files are the date "
                "and your IP address.")
    assert ("data_collected", "online_identifiers", "affirmed") in got
    got = found("We never sell data about you. This data may include your precise location.")
    assert ("data_sold_shared", "precise_location", "denied") in got


def test_a_sentence_without_continuation_takes_nothing():
    got = found("We keep standard log files from our servers. Your IP address is public.")
    assert ("data_collected", "online_identifiers", "affirmed") not in got


def test_a_continuation_clause_takes_the_practice_of_the_clause_before():
    got = document([
        ("sentence", "When you visit the site, our servers automatically collect certain information.", ""),
        ("sentence", "This information may include IP addresses, browser type and referring pages.", ""),
    ])
    assert ("data_collected", "online_identifiers", "affirmed") in got
    assert ("data_collected", "device_info", "affirmed") in got
    assert document([
        ("sentence", "Our site has many pages about gardening.", ""),
        ("sentence", "This information may include IP addresses, browser type and referring pages.", ""),
    ]) == set()
