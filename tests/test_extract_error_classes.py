"""Rights: the error classes seen on unseen policies (issue #12 §3 a, b, c, e; issue #16 §4).

Every sentence here was composed for this file (none is copied from a policy or corpus). Each case
goes through the public API ``policylens.extract.extract_text`` with the clause's context
(section heading path, list lead-in, clause kind), as a reader of the policy would see it.
"""

from __future__ import annotations

import pytest

from policylens.extract import extract_text


def rights(text: str, section: str = "", lead_in: str = "", kind: str = "sentence") -> set[str]:
    return {f.value for f in extract_text(text, section=section, lead_in=lead_in, kind=kind)
            if f.aspect == "right"}


def check(text: str, expected: set[str], context: dict | None = None) -> None:
    got = rights(text, **(context or {}))
    assert expected <= got, f"missing {sorted(expected - got)} in {text!r} (found {sorted(got)})"


def check_not(text: str, forbidden: set[str], context: dict | None = None) -> None:
    got = rights(text, **(context or {}))
    assert not forbidden & got, f"{sorted(forbidden & got)} wrongly found in {text!r}"


# --- a. coordination -----------------------------------------------------------------------------

COORDINATION = [
    # serial commas, and/or, slashes, adverbs
    ("You may access, correct, update and/or permanently delete the records we keep about you.",
     {"access", "rectification", "erasure"}),
    ("Members can view/modify/delete their profile data from the settings page.",
     {"access", "rectification", "erasure"}),
    ("You can review, amend, or irrevocably erase the details stored in your account.",
     {"access", "rectification", "erasure"}),
    # verbs the rules do not list inside the enumeration
    ("You can access, print, correct or erase your personal data at any time.",
     {"access", "rectification", "erasure"}),
    ("Customers may see, annotate, fix or remove the information held in their file.",
     {"rectification", "erasure"}),
    # one shared object / "of"-phrase / "right to"-head over every conjunct
    ("You have the right to access, rectification, and erasure of your personal data.",
     {"access", "rectification", "erasure"}),
    ("Every user enjoys a right of access, rectification, restriction, opposition and erasure "
     "regarding the data we process.", {"access", "rectification", "restriction", "objection", "erasure"}),
    ("You are entitled to have your information rectified or erased.", {"rectification", "erasure"}),
    ("In your profile you can modify / delete the data you entered.", {"rectification", "erasure"}),
    ("You may request access to, and rectification or erasure of, the personal data concerning you.",
     {"access", "rectification", "erasure"}),
    ("You hold the rights of access and of rectification with respect to your data.",
     {"access", "rectification"}),
]


@pytest.mark.parametrize(("text", "expected"), COORDINATION)
def test_coordination(text, expected):
    check(text, expected)


# --- b. wording --------------------------------------------------------------------------------

WORDING = [
    # pronoun objects
    ("If your address is out of date, you can ask us to correct it.", {"rectification"}),
    ("Where your records are no longer needed, you may ask us to erase them.", {"erasure"}),
    # causatives
    ("You can have your data corrected whenever it is inaccurate.", {"rectification"}),
    ("You may have your personal information deleted by writing to our support team.", {"erasure"}),
    # passive requests
    ("You may request that the processing of your data is restricted while we check a complaint.",
     {"restriction"}),
    ("You can require that inaccurate details about you be rectified.", {"rectification"}),
    # possessives
    ("You can ask to restrict the Company's use of your personal data.", {"restriction"}),
    # portability
    ("You can ask us to transmit your data to another controller.", {"portability"}),
    ("You may obtain a portable copy of the information you gave us.", {"portability"}),
    ("You have the right to port your account data to a different provider.", {"portability"}),
    ("You can ask for the data you provided to be sent directly to another organisation.", {"portability"}),
    # automated decisions
    ("You can ask for human review of a decision made about you by automatic processing.",
     {"automated_decision"}),
    ("You may contest any decision that was reached about you solely by automated means.",
     {"automated_decision"}),
    # restriction
    ("You can ask us to limit the use of your personal data while a dispute is resolved.", {"restriction"}),
    ("You may limit the ways we use your information.", {"restriction"}),
    ("You can place restrictions on how we process your data.", {"restriction"}),
    # objection
    ("You may raise an objection to our processing of your data for analytics.", {"objection"}),
    ("You can challenge our processing of your personal information on grounds relating to your situation.",
     {"objection"}),
    ("You can ask that we stop processing your data for research purposes.", {"objection"}),
    # withdrawal of consent as "agreement" / "revoke"
    ("You can revoke your agreement to this processing at any time.", {"withdraw_consent"}),
    ("Where you gave us your agreement, you may withdraw that agreement whenever you like.",
     {"withdraw_consent"}),
    ("Any permission you granted can be revoked at any time in the app settings.", {"withdraw_consent"}),
    # CCPA non-discrimination with adverbs or plurals
    ("We will not unlawfully discriminate against you because you exercised your privacy rights.",
     {"non_discrimination"}),
    ("If you use your rights under the CCPA you will still receive equal services and prices.",
     {"non_discrimination"}),
    # right to know as disclosure of our collection
    ("You may ask us to disclose information about our collection and use of your personal information "
     "over the past 12 months.", {"access"}),
    # limit_sensitive needs "sensitive" and a user cue
    ("You have the right to limit the use and disclosure of your sensitive personal information.",
     {"limit_sensitive"}),
    ("California residents can ask us to limit how we use their sensitive personal information.",
     {"limit_sensitive"}),
    ("You have the right to request that we limit the use of your sensitive personal information.",
     {"limit_sensitive"}),
]


@pytest.mark.parametrize(("text", "expected"), WORDING)
def test_wording(text, expected):
    check(text, expected)


NOT_RIGHTS = [
    # limit_sensitive without "sensitive" or without a user cue
    ("Under the Privacy Shield principles, individuals have the right to limit the use of their data.",
     {"limit_sensitive"}),
    ("Under federal banking law, you have the right to limit only some but not all sharing.",
     {"limit_sensitive"}),
    ("We limit our use of sensitive personal information to what the service needs.", {"limit_sensitive"}),
    # industry ad-choice tools are not a CCPA sale/sharing opt-out
    ("You can opt out of interest-based ads from participating companies through the Digital "
     "Advertising Alliance at its consumer choice page.", {"opt_out_sale_sharing"}),
    ("Visit the NAI opt-out tool to opt out of targeted advertising by NAI member companies.",
     {"opt_out_sale_sharing"}),
    ("The DAA's WebChoices tool lets you opt out of tailored advertising from its members.",
     {"opt_out_sale_sharing"}),
    # the company's right, not the user's
    ("We have the right to delete any account that breaks these rules.", {"erasure"}),
    ("We reserve the right to remove content and to delete accounts at our discretion.", {"erasure"}),
    ("The company also has the right to correct obvious errors in prices.", {"rectification"}),
    # non-grants (#16 §4)
    ("The right to data portability is not applicable to the data we process.", {"portability"}),
    ("This right is not applicable where processing is based on legitimate interests: the right to object.",
     {"objection"}),
    ("We use automated decision-making for marketing purposes, such as choosing which offers to show.",
     {"automated_decision"}),
    ("Our fraud systems rely on automated decision-making to flag unusual payments.", {"automated_decision"}),
    # other opt-outs and permissions
    ("You have the right to opt out of this arbitration provision within 30 days of accepting these terms.",
     {"opt_out_sale_sharing"}),
    ("You can enable or disable access to your camera at any time through your device settings.", {"access"}),
    ("If you earlier allowed us to access your contacts, you can stop sharing them in the app.", {"access"}),
    ("To change your advertising choices, view our notice of the right to opt out.", {"access"}),
    # limiting the processing of sensitive data is the CPRA right, not GDPR restriction
    ("Under some state laws, you may have the right to limit the processing of your sensitive personal data.",
     {"restriction"}),
]


@pytest.mark.parametrize(("text", "forbidden"), NOT_RIGHTS)
def test_not_user_rights(text, forbidden):
    check_not(text, forbidden)


def test_industry_tool_next_to_a_real_sale_opt_out_keeps_the_real_one():
    text = ("You can opt out of the sale or sharing of your personal information by clicking "
            "the Do Not Sell or Share My Personal Information link.")
    check(text, {"opt_out_sale_sharing"})


# --- c. scope of the user cue ------------------------------------------------------------------

SCOPE = [
    # an introducing clause carries across semicolons and numbered sub-clauses
    ("You have the right to: (i) obtain a copy of your data; (ii) restriction of processing; "
     "(iii) correction of inaccurate data.", {"access", "restriction", "rectification"}, {}),
    ("(iii) correction of inaccurate or incomplete data;", {"rectification"},
     {"lead_in": "Subject to applicable law, you have the right to:", "kind": "item"}),
    ("erasure of data that is no longer needed.", {"erasure"},
     {"lead_in": "Subject to applicable law, you have the right to:", "kind": "item"}),
    # grants worded from the company's side
    ("We allow you to correct your account details at any time.", {"rectification"}, {}),
    ("We enable you to delete your account from the app settings.", {"erasure"}, {}),
    ("We offer you the option to export your data in a machine-readable format.", {"portability"}, {}),
    # a heading that names a right scopes the body under it
    ("If any detail we hold turns out to be wrong, we will fix it once you tell us.", {"rectification"},
     {"section": "Your Rights > Right to rectification"}),
    ("Send an email to the address below and we will remove your data from our systems.", {"erasure"},
     {"section": "Your privacy rights > Right to erasure"}),
]


@pytest.mark.parametrize(("text", "expected", "context"), SCOPE)
def test_scope_of_the_user_cue(text, expected, context):
    check(text, expected, context)


def test_a_heading_scopes_only_the_right_it_names():
    # the body under "Right to rectification" does not become an erasure grant
    check_not("We will fix wrong details once you tell us.", {"erasure", "access"},
              {"section": "Your Rights > Right to rectification"})


# --- e. guards that are too broad -----------------------------------------------------------------

GUARDS = [
    # negation scope stops at commas, conjunctions and conditionals
    ("If we are not entitled to keep using it, you can ask to have your data deleted.", {"erasure"}),
    ("We do not sell your data, and you can ask us to delete your account at any time.", {"erasure"}),
    ("You cannot change your username, but you can correct your other profile details.", {"rectification"}),
    ("Where we no longer need your data, you may request its erasure.", {"erasure"}),
    # "including but not limited to" is not a negation
    ("You have rights, including but not limited to access to and deletion of your personal data.",
     {"access", "erasure"}),
    ("You may exercise rights including, but not limited to, the right to object to processing.",
     {"objection"}),
]


@pytest.mark.parametrize(("text", "expected"), GUARDS)
def test_guards_are_not_too_broad(text, expected):
    check(text, expected)


GUARDS_STILL_NEGATE = [
    ("You cannot delete your transaction history.", {"erasure"}),
    ("Users are not able to export their data.", {"portability"}),
]


@pytest.mark.parametrize(("text", "forbidden"), GUARDS_STILL_NEGATE)
def test_a_real_negation_still_negates(text, forbidden):
    check_not(text, forbidden)
