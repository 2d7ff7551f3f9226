"""Child age thresholds and their roles (policylens.extract.children)."""

from __future__ import annotations

import pytest

from policylens.extract import ClauseContext, extract_text
from policylens.extract.children import extract_clause, find_ages, policy_min_age
from policylens.schema import Finding


def _ages(text, section="", lead_in=""):
    found = extract_clause(ClauseContext(text=text, section=section, lead_in=lead_in))
    for f in found:
        assert text[f.start:f.end] == f.evidence
        assert f.aspect == "child_age"
    return [(f.value, f.role) for f in found]


CASES = [
    # the service's own minimum (wordings written for these tests)
    ("You must be 16 or older to create an account.", [("16", "minimum_age")]),
    ("The App is not directed to children under the age of thirteen.", [("13", "minimum_age")]),
    ("Our platform is intended solely for users aged 21 and over.", [("21", "minimum_age")]),
    ("We don't knowingly gather personal data from persons younger than 14.",
     [("14", "minimum_age")]),
    ("If you are under 17, please do not register for the Service.", [("17", "minimum_age")]),
    ("By signing up you represent that you are at least sixteen (16) years old.",
     [("16", "minimum_age")]),
    ("Access is restricted to adults over 18.", [("18", "minimum_age")]),
    ("Persons below 15 may not use our forums.", [("15", "minimum_age")]),
    ("If you are a minor under 14, you cannot have an account with us.", [("14", "minimum_age")]),
    ("If you're younger than 17, do not sign up.", [("17", "minimum_age")]),
    ("Nobody below the age of 15 should send us personal details.", [("15", "minimum_age")]),
    ("We have no intention to market to kids; we do not intend to collect data from anyone "
     "under 12.", [("12", "minimum_age")]),
    ("Our store does not deliberately gather details from shoppers under 16.",
     [("16", "minimum_age")]),
    ("Members are only permitted to register when aged 19 or over.", [("19", "minimum_age")]),
    ("This forum is not for use by people under 18.", [("18", "minimum_age")]),
    ("The game is not targeted at children under (12) years of age.", [("12", "minimum_age")]),
    ("If you are under 15 your guardian can change these settings for you.", [("15", "mention")]),
    # legal references
    ("COPPA protects the personal information of children under 13.", [("13", "legal_reference")]),
    ("Under Article 8 GDPR, member states may set the digital age of consent between 13 and 16.",
     [("13", "legal_reference"), ("16", "legal_reference")]),
    ("We will not sell the personal information of consumers under 16 without affirmative "
     "authorization.", [("16", "legal_reference")]),
    ("In some countries the law requires that users under 14 have extra protection.",
     [("14", "legal_reference")]),
    # parental consent
    ("Teenagers aged 13 to 15 need the consent of a parent to join.",
     [("13", "parental_consent"), ("15", "parental_consent")]),
    ("Where a user is under 16, we ask for verifiable parental consent.",
     [("16", "parental_consent")]),
    # deletion on discovery
    ("Should we discover that a child under 12 has given us data, we will erase it.",
     [("12", "deletion_on_discovery")]),
    ("If we learn we have collected information from a child, we will delete that information.",
     [("", "deletion_on_discovery")]),
    # hypothetical offers are not offers (and not a minimum either)
    ("If we ever decide to offer the Service to children under 13, we will first obtain parental "
     "consent.", []),
    ("Should we decide to launch a kids' edition for users under 10, this policy will change.", []),
    # not ages
    ("We keep logs for 13 months.", []),
    ("Over 16 employees handle support requests.", []),
    ("Our company has operated for over 18 years.", []),
    ("Prices start at under 15 dollars.", []),
    ("A teen mode exists.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_age_roles(text, expected):
    assert _ages(text) == expected


def test_a_bare_age_needs_a_child_context():
    # "18 years" alone could be anything; with a child cue or a children section it is an age
    assert _ages("Minors aged 18 years are treated as adults here.")[0][0] == "18"
    assert _ages("We have been around for 18 years.") == []


def test_unclear_ages_are_mentions_and_do_not_count():
    found = extract_text("Users under 13 see a simplified layout.")
    ages = [f for f in found if f.aspect == "child_age"]
    assert [(f.value, f.role) for f in ages] == [("13", "mention")]
    assert policy_min_age(ages) is None


def test_find_ages_handles_written_and_bracketed_ages():
    text = "children under thirteen (13), anyone 18+ and those aged between 13 and 16"
    assert [m.ages for m in find_ages(text)] == [(13,), (18,), (13, 16)]


def _f(role, age):
    return Finding(aspect="child_age", value=str(age), start=0, end=1, evidence="x",
                   number=float(age), role=role)


@pytest.mark.parametrize(("findings", "expected"), [
    ([], None),
    ([_f("legal_reference", 13)], None),
    ([_f("minimum_age", 13)], 13),
    ([_f("minimum_age", 13), _f("minimum_age", 18), _f("legal_reference", 16)], 18),
    ([_f("deletion_on_discovery", 13), _f("parental_consent", 16)], None),
])
def test_policy_min_age(findings, expected):
    assert policy_min_age(findings) == expected


def test_policy_min_age_reads_a_findings_frame():
    import pandas as pd

    frame = pd.DataFrame([f.as_dict() for f in (_f("minimum_age", 16), _f("mention", 21))])
    assert policy_min_age(frame) == 16


def test_jurisdiction_scoped_minimums_yield_to_a_general_one():
    text = ("As a rule you must be at least 16 to use the app. In Ruritania, you must\n"
            "be at least 19 to use the app.")
    found = extract_clause(ClauseContext(text=text))
    assert [(f.value, f.rule) for f in found] == [("16", "child_age:minimum_age"),
                                                  ("19", "child_age:minimum_age:scoped")]
    assert policy_min_age(found) == 16
    assert policy_min_age(found[1:]) == 19  # only a scoped minimum: it is still the minimum


# --- hardening on unseen policies (own wordings) ---------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # "not old enough" after the age states the service's own limit
    ("Players younger than 15 years old are not old enough to join the league.",
     [("15", "minimum_age")]),
    # a representation made by the visitors (third person, "to us"), even in capitals
    ("EACH VISITOR REPRESENTS TO US THAT THEY ARE 14 YEARS OF AGE OR OLDER.",
     [("14", "minimum_age")]),
    ("Every member warrants that he or she is at least 17.", [("17", "minimum_age")]),
])
def test_hardening_minimum_age_wordings(text, expected):
    assert _ages(text) == expected
