"""Plain-language wordings of the rights that a careful reader accepts (issue #12), and the
look-alikes that describe the company's own work. Every sentence is composed for the test."""

from __future__ import annotations

import pytest

from policylens.extract import ClauseContext
from policylens.extract.rights import extract_clause


def rights(text: str, section: str = "", lead_in: str = "") -> set[str]:
    found = extract_clause(ClauseContext(text=text, section=section, lead_in=lead_in))
    for f in found:
        assert text[f.start:f.end] == f.evidence
    return {f.value for f in found}


INFORMAL = [
    ("Whenever you like, you can look at the information we keep about you.", "access"),
    ("You may ask us what details we hold on you.", "access"),
    ("Users can request a summary of the personal data we store.", "access"),
    ("If you move to a competitor, you can take your information with you.", "portability"),
    ("You can ask us to pass your data to a different provider.", "portability"),
    ("This lets you obtain and reuse your data across services you choose.", "portability"),
    ("You can ask us to get rid of your account details.", "erasure"),
    ("You are entitled to ask that we forget about you.", "erasure"),
    ("You can fix errors in your profile information from the settings page.", "rectification"),
    ("If we have something wrong, you can ask us to put it right.", "rectification"),
    ("Customers may ask us to correct any mistakes.", "rectification"),
    ("While a complaint is open, you can ask us to pause processing.", "restriction"),
    ("You can say no to us processing your location for research.", "objection"),
    ("You can take back the permission you gave us whenever you want.", "withdraw_consent"),
    ("You may change your mind about giving us your consent.", "withdraw_consent"),
    ("You may ask that we restrict what is done with your records.", "restriction"),
    ("You may request that your account be closed or that we restrict access to its contents.", "restriction"),
    # the request named before the company's promise, and a grant worded from the company's side
    ("If you request, we will erase your account data within a month.", "erasure"),
    ("We will erase that record at once when you ask us to.", "erasure"),
    ("Our firm offers several ways of reviewing and, where needed, correcting your account details.",
     "rectification"),
]


# (item, its lead-in, the right)
INFORMAL_ITEMS = [
    ("not to let a computer make significant decisions about you;", "You have the right:", "automated_decision"),
    ("to change your mind and tell us to stop.", "You are entitled:", "withdraw_consent"),
]


@pytest.mark.parametrize(("text", "lead_in", "right"), INFORMAL_ITEMS)
def test_a_plain_wording_in_a_rights_list_is_found(text, lead_in, right):
    assert right in rights(text, lead_in=lead_in)


@pytest.mark.parametrize(("text", "right"), INFORMAL)
def test_a_plain_wording_of_a_right_is_found(text, right):
    assert right in rights(text)


LOOKALIKES = [
    # the company's own work, a purpose or a third party's access
    ("We use the data to detect fraud and fix errors in our service.", "rectification"),
    ("Our vendors help us clean mailing lists, for example to correct inaccuracies.", "rectification"),
    ("Support agents can see the data we hold about you when you call.", "access"),
    ("You can see the data we collect in the table below.", "access"),
    ("California residents can ask for a list of the data we have disclosed to marketers.", "access"),
    ("We will destroy your records when the retention period ends.", "erasure"),
    ("The regulation says when firms may collect or reuse your personal information.", "portability"),
    ("If we sell the business, we may hand your data to another company.", "portability"),
    # no agency, or a negation
    ("Advertisers pause the use of a campaign once its budget is spent.", "restriction"),
    ("You cannot take your data to another service.", "portability"),
    ("We erase your account data within a month of closure.", "erasure"),
    ("If you request or download our brochures, we need your email address and other information.", "portability"),
    ("Our robots make routing decisions about your parcels.", "automated_decision"),
    ("You can always change your mind about the colour theme.", "withdraw_consent"),
    # requests the company says it ignores are no right it offers
    ("Deletion requests from outside the country will be disregarded.", "erasure"),
]


@pytest.mark.parametrize(("text", "right"), LOOKALIKES)
def test_a_lookalike_is_no_right(text, right):
    assert right not in rights(text)


# gerunds: "help updating your details", "accessing, correcting and deleting your data"
GERUNDS = [
    ("You may contact our support desk for help updating your personal information.", {"rectification"}),
    ("Write to us if you need help erasing your personal data.", {"erasure"}),
    ("Members can ask about accessing, correcting and deleting their personal information.",
     {"access", "rectification", "erasure"}),
    ("You can ask for assistance exporting your personal data.", {"portability"}),
]


@pytest.mark.parametrize(("text", "expected"), GERUNDS)
def test_a_gerund_names_the_right_too(text, expected):
    assert expected <= rights(text)


GERUND_LOOKALIKES = [
    # accessing an account or its settings is a means, not the access right
    ("You can change your nickname by accessing your account settings.", "access"),
    # removing items from a list, and stripping identifiers, are no erasure of one's data
    ("You can tidy your page by removing saved items from your watchlist.", "erasure"),
    ("If you give permission, readings are pooled after removing any data that could identify you.", "erasure"),
    # opposing the erasure is a condition of the restriction right
    ("You may ask for restriction where you are opposing the erasure of your data.", "objection"),
]


@pytest.mark.parametrize(("text", "right"), GERUND_LOOKALIKES)
def test_a_gerund_lookalike_is_no_right(text, right):
    assert right not in rights(text)
