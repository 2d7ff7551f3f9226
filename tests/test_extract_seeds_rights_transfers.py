"""Per-seed gold for rights, transfer mechanisms/destinations, legal bases and laws.

Written by reading each bundled policy: for every id the policy states, a substring of the clause
that proves it. The test runs ``segment(load(path))`` and the four aspect modules, and checks
(1) every gold id is found in the clause holding its proof, and (2) per policy and aspect, the
ids found are exactly the gold ids (no extra findings).
"""

from __future__ import annotations

import pytest

import policylens as pl
from policylens.config import bundled_policies_dir
from policylens.extract import ClauseContext, laws, legal_bases, rights, transfers
from policylens.extract.transfers import mechanism_set
from policylens.io import manifest

MODULES = (rights, transfers, legal_bases, laws)

# policy id -> aspect -> value -> proof (a substring of the clause stating it)
GOLD: dict[str, dict[str, dict[str, str]]] = {
    "imago-platform": {
        "right": {
            "access": "Request a copy of your personal information",
            "portability": "Export your data in a portable format",
            "rectification": "Update or correct your personal information",
            "erasure": "Request deletion of your account and associated data",
            "opt_out_marketing": "Opt out of marketing communications",
            "withdraw_consent": "Withdraw consent where applicable",
            "restriction": "Request restriction of processing in certain circumstances",
            "objection": "Object to certain types of data processing",
        },
        "transfer_mechanism": {
            "scc": "Standard contractual clauses approved by relevant authorities",
            "adequacy": "Adequacy decisions for certain jurisdictions",
        },
        "transfer_destination": {},
        "legal_basis": {
            "consent": "Sending marketing communications (with your consent)",
            "legal_obligation": "Complying with legal obligations",
        },
        "law": {},
    },
    "imaga": {
        "right": {
            "access": "Right to Access: You have the right to request confirmation",
            "rectification": "Right to Rectification: You have the right to request that we correct",
            "erasure": "Right to Erasure: You can request that we delete your personal data",
            "restriction": "Right to Restrict Processing: You have the right to request that we restrict",
            "portability": "Right to Data Portability",
            "objection": "Right to Object: You have the right to object",
            "automated_decision": "Right to Not be Subject to Automated Decisions",
            "withdraw_consent": "Right to Withdraw Consent: Where we rely on your consent",
            "complaint": "you have the right to lodge a complaint with a data protection supervisory authority",
            "opt_out_marketing": "if you consented to receive marketing emails, you can opt-out later",
            "opt_out_sale_sharing": "Right to Opt-Out of Sale/Sharing",
            "limit_sensitive": "Right to Limit Use of Sensitive Personal Information",
            "non_discrimination": "Right of Non-Discrimination: We will not discriminate against you",
            "appeal": "If you need to appeal a decision we made",
        },
        "transfer_mechanism": {
            "scc": "we rely on Standard Contractual Clauses (SCCs)",
            "uk_idta": "the UK International Data Transfer Agreement",
            "consent": "such as your explicit consent for certain transfers",
            "contract_necessity": "transfers necessary for the performance of a contract with you",
            "supplementary_measures": "essentially equivalent level of protection",
            "adequacy": "ensuring the recipient jurisdiction has adequate protection",
            # clause-level: "we take steps to ensure appropriate safeguards are in place" names none
            "unspecified_safeguards": "we take steps to ensure appropriate safeguards are in place",
        },
        "transfer_destination": {
            "us": "(such as the United States or the UAE)",
            "uae": "accessed by our team in the UAE",
            "eu_eea": "processed on servers located in the EU",
            "portugal": "offices in different countries like the US, EU (Portugal), and UAE",
        },
        "legal_basis": {
            "contract": "Performance of a Contract: When we need to process your data",
            "legitimate_interests": "Legitimate Interests: We process certain data as necessary",
            "consent": "We rely on consent in specific situations",
            "legal_obligation": "to comply with a legal obligation to which we are subject",
        },
        "law": {
            "gdpr": "General Data Protection Regulation (GDPR)",
            "uk_gdpr": "and UK data protection law",
            "ccpa": "California Consumer Privacy Act (CCPA)",
            "vcdpa": "Virginia’s CDPA",
            "cpa_colorado": "Colorado’s CPA",
            "cal_shine_the_light": "California’s “Shine the Light” law (Civil Code §1798.83)",
            "coppa": "Children’s Online Privacy Protection Act (COPPA)",
            "uae_pdpl": "The UAE’s Personal Data Protection Law (PDPL)",
            "pipeda": "PIPEDA’s requirements for meaningful consent",
        },
    },
    "imaginella": {
        "right": {
            "access": "A copy of the personal data we hold about you",
            "rectification": "You have the right to correct or update any inaccurate",
            "erasure": "You may request the deletion of your personal data at any time",
            "restriction": "Right to Restrict Processing",
            "objection": "You can object to the processing of your personal data",
            "portability": "structured, commonly used, and machine-readable format",
            "withdraw_consent": "You can withdraw your consent at any time",
            "complaint": "You have the right to file a complaint with a data protection authority",
        },
        "transfer_mechanism": {
            "adequacy": "has deemed to provide an “adequate level of data protection”",
            "scc": "Standard Contractual Clauses (SCCs)",
            "uk_idta": "International Data Transfer Agreement (IDTA)",
            "supplementary_measures": "Supplementary measures (technical, contractual, or organizational)",
            "unspecified_safeguards": "we ensure that appropriate safeguards are in place to protect your privacy",
        },
        "transfer_destination": {
            "us": "(such as the United States)",
        },
        "legal_basis": {
            "consent": "We will request your explicit, informed consent before processing",
            "contract": "necessary to fulfill our contractual obligations to you",
            "legal_obligation": "Legal Obligation",
            "legitimate_interests": "where we have a legitimate business interest",
            "vital_interests": "to protect someone’s life, safety, or physical integrity",
        },
        "law": {
            "uk_gdpr": "in compliance with the UK GDPR, EU GDPR",
            "gdpr": "in compliance with the UK GDPR, EU GDPR",
            "pecr": "UK Privacy and Electronic Communications Regulations (PECR)",
            "eprivacy": "Article 5(3) of the ePrivacy Directive",
        },
    },
    "imago-technologies": {
        "right": {
            "access": "You have the right to access the information we have about you",
            "erasure": "or to request that we delete your personal data",
            "rectification": "request the personal data we store about you is deleted, modified, or exported",
            "portability": "exported for portability reasons",
            "withdraw_consent": "you may also withdraw your consent at any time",
            "opt_out_marketing": "opt out from our mailing list by using the unsubscribe link",
            # the postal address given is the Hong Kong privacy regulator's: a complaint route
            "complaint": "you may submit a written request to the Data Protection Directive’s postal address",
        },
        "transfer_mechanism": {
            "consent": "you are accepting to the transfer of data to any country",
        },
        "transfer_destination": {},
        "legal_basis": {
            "contract": "Such processing is based on the contract entered into",
            "legitimate_interests": "based on our legitimate interest in delivering our services",
            "legal_obligation": "to comply with statutory obligations to which Imago Technologies is subject",
            "consent": "If the processing is based on your consent",
        },
        "law": {
            "gdpr": "as well as the GDPR (“general data protection regulation”)",
            "hk_pdpo": "governed by Hong Kong’s Data Protection Directive",
        },
    },
    "imagint-labs": {
        "right": {
            "access": "Access your personal information",
            "rectification": "Correct inaccurate information",
            "erasure": "Delete your user and data",
            "portability": "Export your data",
            "opt_out_marketing": "Unsubscribe from marketing communications",
            "complaint": "You have the right to file a complaint with relevant data protection authorities",
        },
        "transfer_mechanism": {
            "unspecified_safeguards": "We ensure appropriate safeguards are in place.",
        },
        "transfer_destination": {},
        "legal_basis": {
            "consent": "- Consent",
            "contract": "- Contract performance",
            "legitimate_interests": "- Legitimate interests",
            "legal_obligation": "- Legal obligations",
        },
        "law": {
            "gdpr": "### 13.1 GDPR Compliance",
            "ccpa": "under the California Consumer Privacy Act",
        },
    },
}

#: the policy-level reading of mechanisms ("only appropriate safeguards" -> unspecified)
POLICY_MECHANISMS = {
    "imago-platform": {"scc", "adequacy"},
    "imaga": {"scc", "uk_idta", "consent", "contract_necessity", "supplementary_measures", "adequacy"},
    "imaginella": {"adequacy", "scc", "uk_idta", "supplementary_measures"},
    "imago-technologies": {"consent"},
    "imagint-labs": {"unspecified_safeguards"},
}


@pytest.fixture(scope="module")
def seed_findings() -> dict[str, tuple[object, object, list[tuple[int, object]]]]:
    """policy id -> (policy, clauses, [(clause_id, finding), ...]) through load -> segment."""
    out = {}
    folder = bundled_policies_dir()
    for row in manifest():
        policy = pl.load(folder / row["source_file"], id=row["id"])
        clauses = pl.segment(policy)
        found = []
        for r in clauses.itertuples():
            ctx = ClauseContext(text=r.text, section=r.section, lead_in=r.lead_in, kind=r.kind,
                                start=r.start, policy=policy.id, clause_id=r.clause_id)
            for module in MODULES:
                found.extend((r.clause_id, f) for f in module.extract_clause(ctx))
        out[policy.id] = (policy, clauses, found)
    return out


CASES = [(pid, aspect, value, proof)
         for pid, aspects in GOLD.items()
         for aspect, values in aspects.items()
         for value, proof in values.items()]


@pytest.mark.parametrize(("pid", "aspect", "value", "proof"), CASES)
def test_gold_found_in_proving_clause(seed_findings, pid, aspect, value, proof):
    policy, clauses, found = seed_findings[pid]
    assert proof in policy.text, "the proof must be a substring of the seed"
    holding = set(clauses.loc[clauses["text"].str.contains(proof, regex=False), "clause_id"])
    if not holding:  # the proof spans two clauses: take the clauses it overlaps
        at = policy.text.index(proof)
        holding = set(clauses.loc[(clauses["start"] < at + len(proof)) & (clauses["end"] > at),
                                  "clause_id"])
    assert holding
    hits = [f for cid, f in found if cid in holding and f.aspect == aspect and f.value == value]
    assert hits, f"{pid}: no {aspect}={value} in the clause with {proof!r}"


@pytest.mark.parametrize("pid", sorted(GOLD))
@pytest.mark.parametrize("aspect", ["right", "transfer_mechanism", "transfer_destination",
                                    "legal_basis", "law"])
def test_no_extra_ids(seed_findings, pid, aspect):
    _, _, found = seed_findings[pid]
    got = {f.value for _, f in found if f.aspect == aspect}
    assert got == set(GOLD[pid][aspect])


@pytest.mark.parametrize("pid", sorted(POLICY_MECHANISMS))
def test_policy_level_mechanisms(seed_findings, pid):
    _, _, found = seed_findings[pid]
    values = [f.value for _, f in found if f.aspect == "transfer_mechanism"]
    assert mechanism_set(values) == POLICY_MECHANISMS[pid]


def test_evidence_offsets_in_policy_text(seed_findings):
    for policy, clauses, found in seed_findings.values():
        starts = dict(zip(clauses["clause_id"], clauses["start"], strict=True))
        for cid, f in found:
            s = starts[cid] + f.start
            assert policy.text[s:s + (f.end - f.start)] == f.evidence
