"""Data practices: classes of false findings seen in the policond2024 reading audit
(benchmarks/practices_audit.py), each pinned by sentences composed for these tests, with a
positive control next to each so a fix that silences everything fails."""

from __future__ import annotations

import pytest

from policylens.extract import ClauseContext
from policylens.extract.practices import extract_clause, mentions


def found(text: str, **kw) -> set[tuple[str, str, str]]:
    return {(f.aspect, f.value, f.polarity) for f in extract_clause(ClauseContext(text=text, **kw))}


def aspects(text: str, **kw) -> set[str]:
    return {a for a, _, _ in found(text, **kw)}


# ------------------------------------------------------------------ "provide ... to" needs a recipient


@pytest.mark.parametrize("text", [
    "Notices we provide by posting them to the website take effect once posted, and an email is effective when sent.",
    "When you submit ratings you provide your consent to any of the activities listed here.",
])
def test_provide_to_something_that_is_no_recipient_is_no_disclosure(text):
    assert "data_disclosed" not in aspects(text)


@pytest.mark.parametrize(("text", "value"), [
    ("We provide your postal address to our delivery partners.", "contact"),
    ("We may transfer your email address to a trusted third party that sends our newsletter.", "contact"),
    ("Your phone number may be provided to the police when they ask for it lawfully.", "contact"),
])
def test_provide_or_transfer_to_a_recipient_is_a_disclosure(text, value):
    assert ("data_disclosed", value, "affirmed") in found(text)


# ------------------------------------------------------------------ "shared" that is no disclosure by us


def test_local_shared_objects_are_no_sharing():
    assert "data_disclosed" not in aspects("Our partners place Local Shared Objects, much like cookies, to remember you.")


def test_information_shared_by_a_third_party_is_received_not_disclosed():
    got = found("your date of birth;", kind="item",
                lead_in="We may receive the following details shared by the social network:")
    assert ("data_collected", "demographics", "affirmed") in got
    assert "data_disclosed" not in {a for a, _, _ in got}


def test_information_shared_by_us_is_disclosed():
    assert ("data_disclosed", "contact", "affirmed") in found(
        "Email addresses shared by us with mailing vendors are deleted after each campaign.")


# ------------------------------------------------------------------ headings that name no disclosure


def test_responsible_disclosure_policy_is_about_security_reports():
    got = aspects("weak password rules;", kind="item", lead_in="Out of scope reports:",
                  section="Responsible Disclosure Policy > Out of scope")
    assert "data_disclosed" not in got


def test_disclosure_section_still_gives_items_their_context():
    got = found("Your email address.", kind="item", lead_in="Out of scope reports:",
                section="How we share information")
    assert ("data_disclosed", "contact", "affirmed") in got


def test_collection_use_and_disclosure_heading_lists_what_is_collected():
    got = found("Identifiers such as your name and email address;", kind="item",
                lead_in="Collection, Use, and Disclosure of Personal Information")
    assert ("data_collected", "contact", "affirmed") in got
    assert "data_disclosed" not in {a for a, _, _ in got}


# ------------------------------------------------------------------ tables


def test_a_bare_business_purpose_column_lists_purposes_not_disclosures():
    got = aspects("Location information\tTo deliver the service and show nearby offers", kind="table_row",
                  lead_in="Category\tBusiness purpose")
    assert "data_disclosed" not in got


def test_a_disclosed_for_a_business_purpose_column_still_answers_disclosure():
    got = found("Location information\tYes", kind="table_row",
                lead_in="Category\tDisclosed for a business purpose")
    assert ("data_disclosed", "coarse_location", "affirmed") in got


def test_a_social_network_id_is_data_not_a_recipient():
    got = found("Fraud checks with partners\tEmail address, social network ID and device model", kind="table_row",
                lead_in="When data may be disclosed\tDisclosed data")
    assert ("recipient", "social_networks", "affirmed") not in got
    assert [(m.kind, m.id) for m in mentions("your social network ID")] == [("category", "social_media")]


# ------------------------------------------------------------------ vocabulary


def test_advertisement_partners_are_advertisers():
    got = found("Advertisement partners, such as measurement firms.", kind="item",
                lead_in="We may share your information with:")
    assert ("recipient", "advertisers", "affirmed") in got
    assert ("recipient", "service_providers", "affirmed") not in got


def test_non_personalised_ads_are_no_targeted_advertising():
    assert "targeted_advertising" not in {v for a, v, _ in found(
        "We use your device type to show non-personalised ads to people who refused tracking.")}
    assert ("purpose", "targeted_advertising", "affirmed") in found(
        "We use your device type to show personalised ads.")


# ------------------------------------------------------------------ no practice stated


def test_a_business_sale_lead_in_states_no_sale_of_data():
    got = aspects("the email address you signed up with", kind="item",
                  lead_in="If we sell our business, the data we hold may be part of the sale:")
    assert "data_sold_shared" not in got


def test_items_under_a_rights_lead_in_state_no_practice():
    got = aspects("We offer no discounts or different prices in exchange for selling personal information.",
                  kind="item", lead_in="You have the following rights under state law:")
    assert not got & {"data_sold_shared", "data_collected"}


@pytest.mark.parametrize("text", [
    "If your data is used for direct marketing, you can object to that at any time.",
    "State law permits you to request information about our disclosures to third parties for direct marketing.",
    "Users under 18 may request and obtain removal of the posts and photos they published.",
])
def test_rights_descriptions_state_no_purpose_or_practice(text):
    assert not aspects(text) & {"purpose", "data_collected", "data_disclosed"}


def test_a_licence_grant_is_no_sale():
    text = "You grant us a royalty-free licence to use, copy, sell and distribute your posts and photos."
    assert "data_sold_shared" not in aspects(text)
    assert ("data_sold_shared", "user_content", "affirmed") in found("We sell your posts to data brokers.")


def test_data_stored_locally_on_the_device_is_not_collected():
    assert "data_collected" not in aspects("Your browsing history is stored locally on your device.")
    assert ("data_collected", "usage_activity", "affirmed") in found(
        "Your browsing history is stored on our servers for a month.")


def test_turning_a_setting_off_is_a_choice_not_a_sale():
    got = aspects("For phones: turn Location Services off in the settings app.", kind="item",
                  lead_in="To stop this, follow the steps below:", section="Sale of data > Opting out")
    assert "data_sold_shared" not in got


# ------------------------------------------------------------------ second round (re-drawn audit)


def test_to_display_advertising_is_no_recipient_of_a_disclosure():
    text = "Partners that help us provide features within our apps or to display advertising use Local Shared Objects."
    assert "data_disclosed" not in aspects(text)


@pytest.mark.parametrize("text", [
    "Sale/Share of Personal Information",
    "Some partner tools are built into our app, such as sign-in and sharing of audio and video clips.",
])
def test_a_share_of_or_sharing_of_noun_states_no_disclosure(text):
    assert "data_disclosed" not in aspects(text)


def test_sharing_for_cross_context_advertising_far_from_the_verb_is_a_sale_or_sharing():
    got = found("In the last year we shared identifiers and browsing history with the following categories "
                "of third parties for purposes of cross-context behavioral advertising:")
    assert ("data_sold_shared", "online_identifiers", "affirmed") in got
    assert "data_disclosed" not in {a for a, _, _ in got}


def test_restricted_from_sharing_is_a_denial():
    got = found("The analytics vendor is restricted from sharing personal data with other service providers.")
    assert ("recipient", "service_providers", "affirmed") not in got


def test_additional_disclosures_heading_is_a_legal_notice_not_a_disclosure():
    got = aspects("If your account was compromised, change your password at once.",
                  section="Additional disclosures for residents of Ruritania > Keeping your password safe")
    assert "data_disclosed" not in got


def test_ballot_x_cell_answers_no():
    got = found("E. Biometric information\t✘", kind="table_row", lead_in="Category of Personal Information\tSold")
    assert ("data_sold_shared", "biometric", "denied") in got
    assert ("data_sold_shared", "biometric", "affirmed") not in got


@pytest.mark.parametrize("text", [
    "We may ask for more information to verify your identity before we fulfil your request.",
    "To provide or delete specific pieces of personal information we must verify your identity as the law requires.",
    "The law makes some companies publish metrics about the number of requests to delete personal information.",
])
def test_request_procedures_state_no_purpose_or_disclosure(text):
    assert not aspects(text) & {"purpose", "data_disclosed"}


def test_giving_permission_is_no_data_provided():
    got = found("We may store your precise location if you give us permission to do so.")
    assert ("data_source", "user_provided", "affirmed") not in got
    assert ("data_collected", "precise_location", "affirmed") in got


def test_if_you_do_not_want_cookies_is_a_choice():
    got = found("If you do not want cookies to be stored, your browser settings let you refuse them.")
    assert not {v for a, v, _ in got if a == "data_collected"} & {"cookies_tracking"}


def test_a_customer_support_center_names_no_purpose():
    got = found("Call recordings from our customer support centers.", kind="item",
                lead_in="Information we collect is used for the purposes described above.")
    assert ("purpose", "support", "affirmed") not in got


def test_sharing_functionality_is_a_feature_not_a_disclosure():
    assert "data_disclosed" not in aspects(
        "Our apps have sharing functionality that reads your contacts so you can send files to them.")


def test_non_precise_geolocation_is_not_precise_location():
    got = found("Non-precise geolocation information.\tCloud hosting vendors", kind="table_row",
                lead_in="Category\tCategories of recipients to whom disclosed")
    assert not {v for _, v, _ in got} & {"precise_location"}


def test_denial_about_personally_identifiable_information_is_generic():
    got = found("We do not sell, trade, or otherwise transfer to outside parties your personally identifiable information.")
    assert ("data_disclosed", "personal_information", "denied") in got


# ------------------------------------------------------------------ recall: forms read in OPP-115 disagreements


def test_users_providing_and_requested_information_are_collections():
    assert ("data_collected", "demographics", "affirmed") in found(
        "It is optional for the user to provide demographic information such as gender.")
    assert ("data_collected", "contact", "affirmed") in found(
        "From time to time our site requests information from users, typically a shipping address.")


def test_visit_details_are_usage_and_analysing_the_usage_is_analytics():
    got = found("We keep details of your visits, including traffic data and weblogs, to analyze the usage of our site.")
    assert ("data_collected", "usage_activity", "affirmed") in got
    assert ("purpose", "analytics", "affirmed") in got


def test_visible_to_other_users_and_made_public_are_disclosures():
    assert ("recipient", "other_users", "affirmed") in found("Your username and profile photo are visible to other users.")
    assert ("recipient", "public", "affirmed") in found("Comments you leave on a recipe are publicly visible.")


def test_operating_systems_as_products_are_no_data():
    assert "data_collected" not in aspects(
        "Advertising IDs are generated by operating systems for phones and can be accessed and used by apps.")
    assert ("data_collected", "device_info", "affirmed") in found("We collect your browser and operating system.")


def test_business_sales_in_other_words_are_business_transfers():
    assert ("purpose", "business_transfer", "affirmed") in found(
        "If our company is acquired by another company, your account data will pass to the buyer.")
    assert ("purpose", "business_transfer", "affirmed") in found(
        "We might sell certain assets, and customer records may be among the items transferred.")
    assert "business_transfer" not in {v for _, v, _ in found("Your browsing data is sold to data brokers.")}


def test_release_to_someone_is_a_disclosure_and_servers_record_collect():
    assert ("data_disclosed", "contact", "affirmed") in found(
        "We may release your account information, such as your email address, to the police.")
    assert "data_disclosed" not in aspects("Read the release notes before you update your phone number.")
    assert ("data_collected", "online_identifiers", "affirmed") in found(
        "Our web servers only record the visitor's IP address.")


def test_voice_assistants_are_devices_not_recordings():
    got = found("We may collect information from connected devices such as smart watches and voice assistants.")
    assert "audio_visual" not in {v for _, v, _ in got}
    assert ("data_collected", "audio_visual", "affirmed") in found("We collect voice recordings when you use the assistant.")


def test_a_defined_term_states_no_practice():
    assert found('"Shared Content" is the text, audio and photos you make available to third parties in the app.') == set()


def test_what_a_cookie_is_states_no_practice():
    assert found("Cookies are sent to your browser by a website and stored on your computer.",
                 section="Information sharing > Cookies") == set()
    assert ("data_collected", "cookies_tracking", "affirmed") in found("We use cookies to remember your settings.")


def test_a_disclosure_in_a_business_transaction_stands_for_no_category():
    got = found("In a prospective business transaction, we may disclose personal information under a confidentiality agreement.")
    assert ("data_disclosed", "personal_information", "affirmed") not in got


def test_a_definition_still_says_who_sees_the_defined_data():
    got = found('"Public posts" are the comments and ratings you publish, which are visible to other users.')
    assert ("recipient", "other_users", "affirmed") in got
    assert "data_collected" not in {a for a, _, _ in got}


def test_audio_as_a_channel_is_no_recording():
    got = found("Your name may be shown to family members on screen or read out via audio response on smart speakers, "
                "and we share it with them.")
    assert "audio_visual" not in {v for _, v, _ in got}


def test_an_ip_address_with_its_abbreviation_is_an_online_identifier():
    got = found("We collect your Internet Protocol (“IP”) address and device name.")
    assert ("data_collected", "online_identifiers", "affirmed") in got
    assert ("data_collected", "contact", "affirmed") not in got
