"""Rights error classes found by the compliance helper on the C3PA DB half (issue #12): a row of a
CCPA request-metrics table, an app's permission scopes ("read, write, modify ... messages"), the
topic of a question ("questions about updating your details"), a notice announcing its own topics
("this notice describes the choices you have about access to and correction of ..."), the company
limiting its own use of sensitive data, and "seek correction of inaccurate data" as a rights item.
Each negative has a positive twin that the guard must leave alone. Sentences composed for these
tests."""

from __future__ import annotations

import pytest

from policylens.extract import ClauseContext
from policylens.extract.rights import extract_clause

METRICS_HEAD = "Type of request\tReceived\tFulfilled\tDenied\tMedian days to respond"


def rights(text: str, section: str = "", lead_in: str = "") -> set[str]:
    return {f.value for f in extract_clause(ClauseContext(text=text, section=section, lead_in=lead_in))}


@pytest.mark.parametrize(("text", "section", "lead_in", "absent"), [
    # a request-metrics table row counts requests; it offers nothing
    ("Do Not Sell My Personal Information\t1204\t1100\t104\t7", "Privacy request metrics", METRICS_HEAD,
     "opt_out_sale_sharing"),
    ("Do not sell or share my personal information: 1,204 received, 1,100 complied with, 104 denied.",
     "Annual report", "", "opt_out_sale_sharing"),
    ("Requests to Know\t410\t380\t30\t12", "Privacy request metrics", METRICS_HEAD, "access"),
    ("Limit the Use of My Sensitive Personal Information\t52\t50\t2\t6", "Privacy request metrics",
     METRICS_HEAD, "limit_sensitive"),
    # permission scopes of an app on the user's mailbox / drive
    ("only use this access to read, write, modify, or control the messages and settings of your mailbox to "
     "offer the mail client, and will not pass this mailbox data to others;", "Google user data",
     "With regard to the access to your Google data, we will:", "rectification"),
    ("The app asks permission to read, compose, send and permanently delete all the email in your account.",
     "", "", "erasure"),
    # the topic of a question, not an offer
    ("If you have any questions about viewing or updating your profile information, you can write to us "
     "at help@example.org.", "", "", "rectification"),
    ("If you have any questions about viewing or updating your profile information, you can write to us "
     "at help@example.org.", "", "", "access"),
    ("For questions regarding deleting your personal data, please contact our desk.", "", "", "erasure"),
    # a notice announcing the topics it covers
    ("This notice also describes certain choices you have regarding use, access to and correction of your "
     "data.", "", "", "rectification"),
    ("This notice also describes certain choices you have regarding use, access to and correction of your "
     "data.", "", "", "access"),
    ("Our privacy statement explains choices you may have about how we use your data, as well as rights you "
     "may have to access or correct such data.", "", "", "rectification"),
    # the company limiting its own processing of sensitive data
    ("Sensitive data: Examplecorp will limit its processing of sensitive personal data, as the law requires.",
     "How to exercise your rights", "You can read more in our notices.", "limit_sensitive"),
    ("The shop shall only restrict its use of sensitive personal information to order handling.",
     "Your choices", "", "limit_sensitive"),
])
def test_not_a_grant(text: str, section: str, lead_in: str, absent: str) -> None:
    assert absent not in rights(text, section, lead_in)


@pytest.mark.parametrize(("text", "section", "lead_in", "present"), [
    # the same words as a real offer
    ("You may opt out of the sale of your personal information with the Do Not Sell My Personal Information "
     "link.", "", "", "opt_out_sale_sharing"),
    ("You have the right to know what personal information we collect; we answer within 45 days.", "", "",
     "access"),
    ("You may read, update or delete your profile information at any time in the app.", "", "", "rectification"),
    ("You may read, update or delete your profile information at any time in the app.", "", "", "erasure"),
    ("If you have questions, you can ask us to correct your personal data.", "", "", "rectification"),
    ("If you have questions about your data, you can update your account information in the settings.", "", "",
     "rectification"),
    ("This notice describes your rights: you can access, correct and delete your personal data.", "", "",
     "rectification"),
    ("You can ask Examplecorp to limit its use of your sensitive personal information.", "", "",
     "limit_sensitive"),
    ("You can limit the use of your sensitive personal information.", "", "", "limit_sensitive"),
    # "seek correction" as a rights item or with the user's agency
    ("seek correction of inaccurate, out-of-date or partial personal data;", "Your rights",
     "Where the law allows, you may have the right to:", "rectification"),
    ("seek correction of inaccurate, out-of-date or partial personal data;", "",
     "Depending on where you live, you may have the right to:", "rectification"),
    ("You may seek correction of inaccurate personal data we hold about you.", "", "", "rectification"),
    ("Members can seek the correction of inaccurate personal information about them.", "", "", "rectification"),
])
def test_still_a_grant(text: str, section: str, lead_in: str, present: str) -> None:
    assert present in rights(text, section, lead_in)


def test_seek_correction_needs_a_rights_scope() -> None:
    # a bare item with no lead-in, heading or agency offers nothing
    assert "rectification" not in rights("seek correction of inaccurate, out-of-date or partial personal data;")


@pytest.mark.parametrize(("text", "section", "present"), [
    # a data broker's service to its business clients: their records, not a right of the person
    ("Our products include data hygiene services (helping clients to check, validate and correct the personal "
     "information they hold).", "Your rights under the CCPA > Public sources", False),
    ("We help our business customers validate and update the contact records they keep.",
     "Your privacy rights", False),
    ("You can update or correct the personal information we hold about you in your account.",
     "Your privacy rights", True),
])
def test_client_service_is_not_correction(text: str, section: str, present: bool) -> None:
    assert ("rectification" in rights(text, section)) is present
