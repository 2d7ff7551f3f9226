"""Rights extraction (policylens.extract.rights): named rights, actions with user agency, list
items under rights lead-ins, negation and the "company deletes data" trap."""

from __future__ import annotations

import pytest
from helpers_guard import hang_guard
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.extract import ClauseContext
from policylens.extract.rights import RULES_FILE, extract_clause
from policylens.extract.rules import file_rules
from policylens.resources import vocabulary


def rights(text: str, section: str = "", lead_in: str = "", kind: str = "sentence") -> set[str]:
    found = extract_clause(ClauseContext(text=text, section=section, lead_in=lead_in, kind=kind))
    for f in found:
        assert f.aspect == "right"
        assert text[f.start:f.end] == f.evidence
    return {f.value for f in found}




# (text, section, lead_in, expected rights that must all be found)
POSITIVES = [
    # GDPR wording, other phrasings than the seeds
    ("Data subjects may obtain from us confirmation as to whether or not personal data concerning them "
     "is being processed, and the right of access to that data.", "", "", {"access"}),
    ("You are entitled to receive a copy of the personal information we keep about you.", "", "", {"access"}),
    ("Should any of your details be wrong, you can ask us to rectify them by writing to our DPO; "
     "you may also request rectification of incomplete records.", "", "", {"rectification"}),
    ("You can have your personal data erased where it is no longer needed.", "Your rights", "", {"erasure"}),
    ("Members may ask us to erase their account at any time from the settings page.", "", "", {"erasure"}),
    ("You may request that we suspend the processing of your data while we check its accuracy.",
     "", "", {"restriction"}),
    ("Where processing is unlawful you can ask for restriction of processing instead of deletion.",
     "", "", {"restriction"}),
    ("You may receive the data you gave us in a machine-readable format and have it sent to another "
     "controller.", "", "", {"portability"}),
    ("You have the right to oppose processing carried out for profiling purposes.", "", "", {"objection"}),
    ("You can revoke your permission at any time in the app settings.", "", "", {"withdraw_consent"}),
    ("If you are unhappy with how we handle your data, you may complain to the Irish Data Protection "
     "Commission.", "", "", {"complaint"}),
    ("Individuals can also contact their local supervisory authority.", "", "", {"complaint"}),
    ("You may ask for human intervention and contest any decision taken by automated decision-making "
     "that significantly affects you.", "", "", {"automated_decision"}),
    # CCPA/CPRA and US state laws
    ("To submit a request to know, call our toll-free number 1-800-000-0000.", "", "", {"access"}),
    ("Click the “Do Not Sell or Share My Personal Information” link at the bottom of our homepage.",
     "", "", {"opt_out_sale_sharing"}),
    ("Consumers in Colorado may opt out of the processing of personal data for targeted advertising.",
     "", "", {"opt_out_sale_sharing"}),
    ("You may direct us to limit the use of your sensitive personal information to permitted purposes.",
     "", "", {"limit_sensitive"}),
    ("We won't discriminate against you for exercising any of your privacy rights.", "", "",
     {"non_discrimination"}),
    ("Non-Discrimination", "Your California Privacy Rights", "", {"non_discrimination"}),
    ("If we deny your request, you may appeal our decision by replying to our e-mail within 45 days.",
     "", "", {"appeal"}),
    ("You can unsubscribe from our newsletters by clicking the link in the footer.", "", "",
     {"opt_out_marketing"}),
    # list items: the right comes from the lead-in / section
    ("Delete your data", "", "You have the right to:", {"erasure"}),
    ("Obtain a copy of your information", "Privacy > Your choices", "", {"access"}),
    ("Fix incorrect details in your profile", "", "Under applicable law you may:", {"rectification"}),
    ("restrict, or object to certain uses of your personal information", "",
     "Depending on where you live, you may have the right to request access to, correct, delete,",
     {"restriction", "objection"}),
    ("Right to data portability", "Your Rights", "", {"portability"}),
]


@pytest.mark.parametrize(("text", "section", "lead_in", "expected"), POSITIVES)
def test_rights_found(text, section, lead_in, expected):
    assert expected <= rights(text, section, lead_in)


# (text, section, lead_in, rights that must NOT be found)
NEGATIVES = [
    # the company deleting data on its own schedule is not the erasure right
    ("We delete inactive accounts after two years.", "Data retention", "", {"erasure"}),
    ("Backups are erased automatically after 35 days.", "How long we keep data", "", {"erasure"}),
    ("If we learn that we collected information from a child, we will delete it promptly.",
     "Children", "", {"erasure"}),
    # reserving a right is not a user right
    ("We reserve the right to delete any content that violates these terms.", "", "", {"erasure"}),
    ("Acme reserves the right to amend this privacy notice at any time.", "", "", {"rectification"}),
    # negation
    ("You cannot request deletion of transaction records we must keep by law.", "", "", {"erasure"}),
    ("Users do not have the right to object to processing required by statute.", "", "", {"objection"}),
    ("It is not possible to opt out of service announcements.", "", "", {"opt_out_marketing"}),
    # security wording and cookie controls are not rights
    ("Access controls restrict access to your data to authorised staff.", "Security", "", {"access"}),
    ("You can block or delete cookies in your browser.", "Cookies", "", {"erasure"}),
    # an opt-out of sale is not a marketing opt-out, and vice versa
    ("You may opt out of the sale of your personal information.", "", "", {"opt_out_marketing"}),
    ("You may opt out of receiving promotional e-mails.", "", "", {"opt_out_sale_sharing"}),
    # discrimination outside privacy rights is not the CCPA right
    ("We do not discriminate on the basis of race or religion when hiring.", "Careers", "",
     {"non_discrimination"}),
    # "we do not sell" is a statement about selling, not an opt-out right
    ("We do not sell your personal information to anyone.", "", "", {"opt_out_sale_sharing"}),
    # disclaimed
    ("Right to restrict processing: this right is not applicable to our service.", "", "",
     {"restriction"}),
]


@pytest.mark.parametrize(("text", "section", "lead_in", "absent"), NEGATIVES)
def test_rights_not_found(text, section, lead_in, absent):
    assert not (absent & rights(text, section, lead_in))


def test_rule_ids_and_values_are_vocabulary():
    rules = [r for r in file_rules(RULES_FILE) if "{" not in r.value]
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert {r.value for r in rules} <= set(vocabulary("right"))


def test_rule_is_reported():
    found = extract_clause(ClauseContext(text="You have the right to erasure."))
    assert [(f.value, f.rule) for f in found] == [("erasure", "erasure.named")]


def test_offsets_relative_to_clause():
    text = "Intro. You can ask us to delete your personal data."
    (f,) = extract_clause(ClauseContext(text=text))
    assert text[f.start:f.end] == f.evidence == "delete your personal data"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["right to ", "delete your data", "you may ", "object to processing",
                                  "withdraw consent", "not ", ".", "; ", "\n", "a", " ", "erasure",
                                  "we reserve the ", ":", "(", "request "]),
                max_size=60).map("".join))
def test_evidence_always_matches_text(text):
    for f in extract_clause(ClauseContext(text=text, lead_in="You have the right to:")):
        assert text[f.start:f.end] == f.evidence
        assert 0 <= f.start < f.end <= len(text)


def test_large_clause_is_linear():
    # a 1 MB clause of near-misses must not hang the regexes (guard, not a timing measurement)
    chunk = "you may request that we delete your " + "very " * 40 + "old right to " * 10 + "\n"
    text = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    with hang_guard(60):
        extract_clause(ClauseContext(text=text))


# --- hardening on unseen policies: each case paraphrases a wording class met in real policies ---

HARDENING_POSITIVES = [
    # the regulator may be named only in the heading over the sentence
    ("Residents of the EEA may file a complaint with a", "Privacy > Supervisory Authority", "",
     {"complaint"}),
    # "raise a concern" with an authority is the complaint right
    ("Should you be unhappy with our answer, you may raise a concern with the Dutch data "
     "protection regulator.", "", "", {"complaint"}),
    # contacting an agency / commissioner directly
    ("You may also turn directly to the Belgian Data Protection Agency.", "", "", {"complaint"}),
    ("Customers can contact the Office of the Information and Privacy Commissioner of Alberta.",
     "", "", {"complaint"}),
    # "Objection to processing" as a label, and a line break inside "object to / processing"
    ("Objection to processing of your data", "Your rights", "", {"objection"}),
    ("Ask us to limit or object to\nprocessing of your data.", "Your rights", "", {"objection"}),
    # consent that "can be withdrawn", or a rights item that starts with the verb
    ("Where we process data on that footing, such consent can be revoked whenever you wish.", "",
     "", {"withdraw_consent"}),
    ("- Withdraw your consent (where it is what we rely on).", "", "", {"withdraw_consent"}),
    ("Users may revoke any permissions granted to the app, e.g. to the photo library.", "", "",
     {"withdraw_consent"}),
    # the automated-decision right as a rights item without "right"
    ("Not be subject to decisions taken solely by algorithms", "Rights you hold", "",
     {"automated_decision"}),
]


@pytest.mark.parametrize(("text", "section", "lead_in", "expected"), HARDENING_POSITIVES)
def test_hardening_rights_found(text, section, lead_in, expected):
    assert expected <= rights(text, section, lead_in)


HARDENING_NEGATIVES = [
    # a licence to use a product is not the access right
    ("Buying a pass grants you a personal, revocable right to access and use the Orbit Music "
     "app for one year.", "", "", {"access"}),
    # other people having access to your data is not your access right
    ("Once you make a board public, other members of the community may have access to your data.",
     "", "", {"access"}),
    ("If you share your login with a friend, the friend and any third parties they invite will "
     "have access to your account data.", "", "", {"access"}),
    # a pointer to where regulators' addresses are listed is not an instruction to complain
    ("Contact details for supervisory authorities across Europe can be found online.", "", "",
     {"complaint"}),
    # a practice statement outside any rights context is not the automated-decision right
    ("Customers will not be subject to automated decisions about credit.", "Payments", "",
     {"automated_decision"}),
    ("Consent to this feature cannot be withdrawn once the export has started.", "", "",
     {"withdraw_consent"}),
]


@pytest.mark.parametrize(("text", "section", "lead_in", "absent"), HARDENING_NEGATIVES)
def test_hardening_rights_not_found(text, section, lead_in, absent):
    assert not (absent & rights(text, section, lead_in))
