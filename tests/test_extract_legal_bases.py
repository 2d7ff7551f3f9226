"""Legal bases (policylens.extract.legal_bases): explicit wording, labels under legal-bases
lead-ins, negation/disclaimers, and consent told apart from the transfer derogation and the right."""

from __future__ import annotations

import pytest

from policylens.extract import ClauseContext
from policylens.extract.legal_bases import RULES_FILE, extract_clause
from policylens.extract.rules import file_rules
from policylens.resources import vocabulary


def bases(text: str, section: str = "", lead_in: str = "") -> set[str]:
    fs = extract_clause(ClauseContext(text=text, section=section, lead_in=lead_in))
    for f in fs:
        assert f.aspect == "legal_basis"
        assert text[f.start:f.end] == f.evidence
    return {f.value for f in fs}


POSITIVES = [
    ("We only send the newsletter once you have opted in, i.e. on the basis of your consent "
     "(Art. 6(1)(a) GDPR).", "", "", {"consent"}),
    ("Location data is collected only with your prior opt-in consent.", "", "", {"consent"}),
    ("We will never share your contact details with sponsors without your express consent.", "", "",
     {"consent"}),
    ("Processing your order is necessary to perform our contract with you.", "", "", {"contract"}),
    ("We need this data to take steps at your request before entering into a contract.", "", "",
     {"contract"}),
    ("We keep invoices for ten years to comply with a legal obligation to which we are subject.",
     "", "", {"legal_obligation"}),
    ("Fraud screening relies on our legitimate interest in protecting our customers.", "", "",
     {"legitimate_interests"}),
    ("In an emergency we may share health details to protect the vital interests of you or another "
     "person.", "", "", {"vital_interests"}),
    ("Public bodies using our platform process data for a task carried out in the public interest.",
     "", "", {"public_task"}),
    ("We process this data pursuant to Art. 6(1)(f) GDPR.", "", "", {"legitimate_interests"}),
    ("The legal basis is Article 6 para. 1 lit. b GDPR.", "", "", {"contract"}),
    ("Much of our processing is needed to meet our contractual commitments to you.", "", "",
     {"contract"}),
    # labels under a legal-bases lead-in / section
    ("Consent", "", "Our lawful bases for processing are:", {"consent"}),
    ("Performance of a contract", "Legal basis", "", {"contract"}),
    ("Legal obligation:", "", "We rely on the following legal grounds:", {"legal_obligation"}),
    ("(c) Public interest", "Why we may process your data > Legal bases", "", {"public_task"}),
]


@pytest.mark.parametrize(("text", "section", "lead_in", "expected"), POSITIVES)
def test_bases_found(text, section, lead_in, expected):
    assert expected <= bases(text, section, lead_in)


NEGATIVES = [
    ("We do not rely on consent as a legal basis for analytics.", "", "", {"consent"}),
    ("You can withdraw your consent at any time.", "", "", {"consent"}),
    ("With your explicit consent we may transfer your data to countries without adequate protection.",
     "", "", {"consent"}),
    ("Vital interests and public task: these bases are not applicable to our service.", "", "",
     {"vital_interests", "public_task"}),
    # a bare label outside any legal-bases context is not a basis
    ("Consent", "Cookie banner", "", {"consent"}),
    ("Contract", "Contact us", "", {"contract"}),
    # "public interest" in a disclosure for law enforcement is not the public-task basis
    ("We may disclose data in the public interest to law enforcement.", "Legal bases", "",
     {"public_task"}),
]


@pytest.mark.parametrize(("text", "section", "lead_in", "absent"), NEGATIVES)
def test_bases_not_found(text, section, lead_in, absent):
    assert not (absent & bases(text, section, lead_in))


def test_rule_values_are_vocabulary():
    rules = [r for r in file_rules(RULES_FILE) if "{" not in r.value]
    assert {r.value for r in rules} <= set(vocabulary("legal_basis"))
    assert {r.value for r in rules} == set(vocabulary("legal_basis"))


# --- hardening on unseen policies (own wordings) ---------------------------------------------

@pytest.mark.parametrize(("text", "absent"), [
    # a product term that must comply with law is not a ground for processing personal data
    ("The voucher's expiry period must comply with statutory requirements.", {"legal_obligation"}),
    # the erasure right's description of consent-based processing is not the company's basis
    ("Erasure can be requested once you withdraw your consent on which the processing is based "
     "and no other ground for keeping the data exists.", {"consent"}),
])
def test_hardening_bases_not_found(text, absent):
    assert not (absent & bases(text))


@pytest.mark.parametrize(("text", "expected"), [
    ("We keep invoices to comply with our legal obligations under tax law.", {"legal_obligation"}),
    ("We rely on your consent, which you may withdraw at any time, to send newsletters.",
     {"consent"}),
])
def test_hardening_bases_found(text, expected):
    assert expected <= bases(text)
