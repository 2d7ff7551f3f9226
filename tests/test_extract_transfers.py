"""Transfer mechanisms and destinations (policylens.extract.transfers)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.extract import ClauseContext, extract_text
from policylens.extract.rules import file_rules
from policylens.extract.transfers import (
    RULES_FILE,
    destination_ids,
    destinations,
    extract_clause,
    mechanism_set,
)
from policylens.resources import vocabulary


def found(text: str, section: str = "", lead_in: str = "") -> tuple[set[str], set[str]]:
    """(mechanisms, destinations) of one clause; checks evidence offsets on the way."""
    fs = extract_clause(ClauseContext(text=text, section=section, lead_in=lead_in))
    for f in fs:
        assert text[f.start:f.end] == f.evidence
    mech = {f.value for f in fs if f.aspect == "transfer_mechanism"}
    dest = {f.value for f in fs if f.aspect == "transfer_destination"}
    return mech, dest


MECHANISMS = [
    ("Where we move data out of the EEA we use the European Commission's model clauses.", {"scc"}),
    ("Transfers are covered by the 2021 standard data protection clauses.", {"scc"}),
    ("For transfers from Britain we sign the UK Addendum to the EU SCCs.", {"uk_idta", "scc"}),
    ("We rely on the International Data Transfer Addendum issued by the ICO.", {"uk_idta"}),
    ("Our group companies are bound by Binding Corporate Rules approved by the CNIL.", {"bcr"}),
    ("Acme Inc. participates in and has certified its compliance with the EU-U.S. Data Privacy "
     "Framework.", {"dpf"}),
    ("Acme complies with the EU-U.S. and Swiss-U.S. Privacy Shield Frameworks.", {"privacy_shield"}),
    ("Some recipients are in countries covered by an adequacy decision of the European Commission.",
     {"adequacy"}),
    ("Japan has been recognised by the European Commission as providing an adequate level of data "
     "protection, so transfers there need no further safeguards.", {"adequacy"}),
    ("Where no other mechanism is available, we will ask for your explicit consent to the transfer.",
     {"consent"}),
    ("A transfer may also take place where it is necessary for the performance of a contract between "
     "you and us.", {"contract_necessity"}),
    ("Following Schrems II we carry out transfer impact assessments before any international transfer.",
     {"supplementary_measures"}),
    ("We make sure that any international transfer of your data is subject to suitable safeguards.",
     {"unspecified_safeguards"}),
]


@pytest.mark.parametrize(("text", "expected"), MECHANISMS)
def test_mechanisms_found(text, expected):
    assert expected <= found(text, section="Where we send your data > International transfers")[0]


MECHANISM_NEGATIVES = [
    # consent as a legal basis is not a transfer mechanism
    ("We process your e-mail address on the basis of your consent.", {"consent"}),
    ("You can withdraw your consent to marketing at any time.", {"consent"}),
    # a contract legal basis without a transfer is not the transfer derogation
    ("Processing is necessary for the performance of a contract with you.", {"contract_necessity"}),
    # M&A "transfers" are not international transfers
    ("In a merger, your data may be transferred to the acquirer with appropriate safeguards.",
     {"unspecified_safeguards"}),
    ("If we sell the business, we will obtain your consent before transferring your account.",
     {"consent"}),
    # a country without an adequacy decision: the sentence denies adequacy
    ("Where the recipient country does not benefit from an adequacy decision, we sign contracts.",
     {"adequacy"}),
    # security safeguards are not transfer safeguards
    ("We use appropriate safeguards such as encryption to protect your account.",
     {"unspecified_safeguards"}),
    # a named mechanism in the same clause: the safeguards are specified
    ("Transfers are protected by appropriate safeguards, namely standard contractual clauses.",
     {"unspecified_safeguards"}),
    # Privacy Shield is its own id, never "dpf"; and a disowned framework is not a mechanism
    ("Acme complies with the EU-U.S. Privacy Shield Framework.", {"dpf"}),
    ("Since July 2020 we no longer rely on the Privacy Shield for transfers.", {"privacy_shield"}),
    # a lead-in whose list names the mechanisms
    ("When we transfer data abroad we use appropriate safeguards, including:", {"unspecified_safeguards"}),
]


@pytest.mark.parametrize(("text", "absent"), MECHANISM_NEGATIVES)
def test_mechanisms_not_found(text, absent):
    assert not (absent & found(text)[0])


DESTINATIONS = [
    ("Your information may be transferred to India and the Philippines for customer support.",
     {"india", "philippines"}),
    ("Our servers are located in Ireland and Germany.", {"ireland", "germany"}),
    ("We transfer personal data from the EEA to the United States and Canada.", {"us", "canada"}),
    ("Data may be stored on servers in Singapore.", {"singapore"}),
    ("Our support staff in South Africa may access your tickets.", {"south_africa"}),
    ("Personal data is processed in countries such as Brazil, Mexico or Japan.",
     {"brazil", "mexico", "japan"}),
]


@pytest.mark.parametrize(("text", "expected"), DESTINATIONS)
def test_destinations_found(text, expected):
    assert found(text)[1] == expected


DESTINATION_NEGATIVES = [
    "We are headquartered in Canada and incorporated in Delaware.",  # company seat, no transfer
    "If you live in the UK, the ICO is your supervisory authority.",  # origin/jurisdiction
    "We do not transfer personal data outside the EEA.",  # outside = origin
    "Your data will never be stored in China.",  # negated
    "This notice applies to users in Brazil who use our app.",  # origin, no transfer
    "We comply with US law and Brazil's data protection rules when storing data.",  # laws, not places
    "IF YOU HAVE QUESTIONS ABOUT DATA TRANSFERS, WRITE TO US.",  # the pronoun in capitals
]


@pytest.mark.parametrize("text", DESTINATION_NEGATIVES)
def test_destinations_not_found(text):
    assert found(text)[1] == set()


@pytest.mark.parametrize(("text", "expected"), DESTINATIONS)
def test_destinations_same_on_the_fallback_path(text, expected):
    # a case trap (dotless i) far from the names sends ``destinations`` through the plain
    # alternation scan instead of the anchor lookup: the findings must not change
    padded = text + " " * 300 + "Bıg."
    fast = [(f.value, f.start, f.end) for f in destinations(text)]
    slow = [(f.value, f.start, f.end) for f in destinations(padded)]
    assert fast == slow
    assert {value for value, _, _ in fast} == expected


def test_destination_list_inherits_origin():
    # "from the UK or the EEA" are origins; "to Australia" is the destination
    got = {f.value for f in destinations("We transfer data from the UK or the EEA to Australia.")}
    assert got == {"australia"}


def test_mechanism_set_drops_unspecified_when_named():
    assert mechanism_set(["unspecified_safeguards", "scc"]) == {"scc"}
    assert mechanism_set(["unspecified_safeguards"]) == {"unspecified_safeguards"}
    assert mechanism_set([]) == set()


def test_consent_roles_are_distinguished():
    """One clause, three consents: transfer derogation, legal basis, right to withdraw."""
    text = ("We process newsletter data based on your consent, which you may withdraw at any time; "
            "with your explicit consent we may also transfer data to Australia.")
    fs = extract_text(text)
    aspects = {(f.aspect, f.value) for f in fs}
    assert ("transfer_mechanism", "consent") in aspects
    assert ("legal_basis", "consent") in aspects
    assert ("right", "withdraw_consent") in aspects


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["transfer ", "to the ", "US", "EU", "from ", "UK", "India", ", ",
                                  " or ", "(", ")", "SCCs", "appropriate safeguards", ":", ". ",
                                  "not ", "stored in ", "consent to the transfer", "\n"]),
                max_size=40).map("".join))
def test_evidence_offsets_hold(text):
    for f in extract_clause(ClauseContext(text=text, section="International transfers")):
        assert text[f.start:f.end] == f.evidence and f.start < f.end


def test_rule_values_are_vocabulary():
    rules = [r for r in file_rules(RULES_FILE) if "{" not in r.value]
    assert {r.value for r in rules} <= set(vocabulary("transfer_mechanism"))
    assert len({r.id for r in rules}) == len(rules)


def test_destination_ids_are_lowercase_ids():
    ids = destination_ids()
    assert {"us", "eu_eea", "uk", "india"} <= set(ids)
    assert all(i == i.lower() and " " not in i for i in ids) and len(ids) == len(set(ids))


# --- hardening on unseen policies (own wordings) ---------------------------------------------

@pytest.mark.parametrize(("text", "expected", "absent"), [
    # the UK Extension is part of the DPF, not the UK IDTA
    ("Acme participates in the EU-U.S. DPF and its UK Extension for data from Britain.", {"dpf"},
     {"uk_idta"}),
    ("We rely on the UK International Data Transfer Addendum for transfers from Britain.",
     {"uk_idta"}, set()),
])
def test_hardening_mechanisms(text, expected, absent):
    mech, _ = found(text)
    assert expected <= mech
    assert not (absent & mech)


@pytest.mark.parametrize("text", [
    # where the people are, not where the data goes
    "This supplement covers persons located in the European Union, Iceland and Norway.",
    "These terms apply to customers that are located in Switzerland or the United Kingdom (UK).",
])
def test_hardening_origin_is_not_a_destination(text):
    assert found(text)[1] == set()


@pytest.mark.parametrize(("text", "expected"), [
    # "to us in <country>" and a longer gap between a hosting noun and "in"
    ("When you sign up, you transfer your details to us in Canada.", {"canada"}),
    ("Every server that powers the site and its backups is hosted in Ireland.", {"ireland"}),
    ("Candidate files are kept in a central database in Japan.", {"japan"}),
])
def test_hardening_destination_cues(text, expected):
    assert expected <= found(text)[1]
