"""Rights error classes found by reading GoPPC and C3PA disagreements (issue #12 §3a-c, e): a
rights grant carried over ';' and ':' to later items, ', or' between conjuncts, objects such as
"certain information" or "their record", CCPA wordings of opt-out, non-discrimination and the
right to limit sensitive data, and the negatives each fix must not admit. Sentences composed
for these tests."""

from __future__ import annotations

import pytest

from policylens.extract import ClauseContext
from policylens.extract.rights import extract_clause
from policylens.extract.rules import period_start


def rights(text: str, section: str = "", lead_in: str = "") -> set[str]:
    return {f.value for f in extract_clause(ClauseContext(text=text, section=section, lead_in=lead_in))}


POSITIVES = [
    # §3c: the grant before ';' or ':' scopes every later item of the same full sentence
    ("Readers have the right to: obtain a copy of their data; seek correction of inaccurate or partial "
     "details; restrict processing of their data; and to withdraw consent at any time.",
     {"access", "rectification", "restriction", "withdraw_consent"}),
    ("The law may allow you to request that we: send your information to a different service provider; "
     "stop processing it for marketing.", {"portability"}),
    # §3a: ", or" between conjuncts that share one object
    ("Subscribers have the right to request access to, rectification of, or erasure of their personal data.",
     {"access", "rectification", "erasure"}),
    # wording of objects
    ("You may ask for a copy of certain personal information we keep about you.", {"access"}),
    ("You can correct any information that is out of date by writing to us.", {"rectification"}),
    ("Members may delete their record from the directory whenever they like.", {"erasure"}),
    ("You may ask us to transmit that copy to another data controller.", {"portability"}),
    ("You also have the right to contact your local data protection or privacy authority.", {"complaint"}),
    ("Where you agreed to a use based on consent, you may change your mind at any time.", {"withdraw_consent"}),
    ("Residents have the right to request that we disclose certain information to you about our collection "
     "of their data.", {"access"}),
    # CCPA wordings
    ("Shoppers may opt out of the “sale” of their details by pressing the link below.", {"opt_out_sale_sharing"}),
    ("People listed in our files may opt out from having their data rented or sold.", {"opt_out_sale_sharing"}),
    ("You may request that we not sell the data we hold about you.", {"opt_out_sale_sharing"}),
    ("Nobody will be treated in a discriminatory manner for exercising these choices about personal data.",
     {"non_discrimination"}),
    ("You keep a right against discrimination when exercising any of the rights above.", {"non_discrimination"}),
    ("You may ask us to restrict usage of your sensitive personal information.", {"limit_sensitive"}),
    ("Residents may opt out of certain uses of their sensitive data by email.", {"limit_sensitive"}),
    ("The right to exercise control over how we use sensitive information.", {"limit_sensitive"}),
    ("To make requests for the removal of personal information about your child, write to us.", {"erasure"}),
    ("You can also download a copy of your account data from the settings page.", {"portability"}),
    ("In the privacy centre you can see what kind of data we hold about you.", {"access"}),
    # the guards above leave the rights themselves in place
    ("You may ask for human review of an automated decision that affects you.", {"automated_decision"}),
    ("If we refuse your privacy request, you have the right to appeal our decision.", {"appeal"}),
    ("You can object to our processing of your data for research.", {"objection"}),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_reading_positives(text: str, expected: set[str]) -> None:
    assert expected <= rights(text)


NEGATIVES = [
    # a grant in an earlier full sentence does not reach past the full stop
    ("You have the right to complain. Our staff correct typing errors in the records; they also restrict "
     "access to the office.", {"rectification", "restriction"}),
    # the company's own right, before ':' and ';', grants the user nothing
    ("We have the right to: close accounts; update any of your contact details in your account for billing.",
     {"rectification"}),
    # cookies kept "until you delete them" state no right
    ("Some cookies stay on your device until you delete them, which helps us remember you.", {"erasure"}),
    # a company's own privacy office is no authority
    ("For questions you may contact the Privacy Office described below.", {"complaint"}),
    # restricting use of sensitive data is the CPRA right, not GDPR restriction or a sale opt-out
    ("You have the right to restrict usage of sensitive personal information.", {"restriction"}),
    ("Some states give residents the right to opt out of certain uses of their sensitive data.",
     {"opt_out_sale_sharing"}),
    # the company limiting its own use of sensitive data grants nothing
    ("We limit our use of sensitive personal information to what the service needs.", {"limit_sensitive"}),
    # precision classes of the policond2024 reading audit: the company's own access, a condition of
    # restriction, objecting to policy changes, a merger, advice to read, moderation appeals, a
    # heading naming automated decisions with no recourse
    ("We may access your information when you report a technical problem to us.", {"access"}),
    ("You may ask us to restrict processing if you oppose the erasure of the data.", {"objection"}),
    ("If you object to any of the changes to this notice, please stop using the app.", {"objection"}),
    ("If we merge with another business, your information may be transferred to another company.",
     {"portability"}),
    ("Please carefully review the information on the family settings page before you join.", {"access"}),
    ("Players whose accounts were banned by our moderators have the right to appeal.", {"appeal"}),
    ("Verification and automated decision-making: we first check your identity with an automated system.",
     {"automated_decision"}),
    # discrimination not tied to exercising privacy rights
    ("We do not discriminate in hiring, and applicants may exercise their rights.", {"non_discrimination"}),
]


@pytest.mark.parametrize(("text", "absent"), NEGATIVES)
def test_reading_negatives(text: str, absent: set[str]) -> None:
    assert not (absent & rights(text))


def test_period_start_reaches_back_over_semicolons_and_colons_only() -> None:
    text = "We keep logs. You may: (a) see them; (b) fix them."
    assert text[period_start(text, text.index("fix")):].startswith("You may:")
    # a numbered item marker is no full stop
    text = "Intro. You may: 1. see them; 2. fix them."
    assert text[period_start(text, text.index("fix")):].startswith("You may:")
