"""Laws cited (policylens.extract.laws)."""

from __future__ import annotations

import pytest

from policylens.extract import ClauseContext
from policylens.extract.laws import RULES_FILE, extract_clause
from policylens.extract.rules import file_rules
from policylens.resources import vocabulary


def laws(text: str) -> set[str]:
    fs = extract_clause(ClauseContext(text=text))
    for f in fs:
        assert f.aspect == "law"
        assert text[f.start:f.end] == f.evidence
    return {f.value for f in fs}


CASES = [
    ("This notice is provided under Regulation (EU) 2016/679.", {"gdpr"}),
    ("Our processing complies with the UK GDPR and the Data Protection Act 2018.", {"uk_gdpr"}),
    ("Rights under the UK/EU GDPR are described below.", {"uk_gdpr", "gdpr"}),
    ("COPPA applies to children under 13.", {"coppa"}),  # a legal reference still cites the law
    ("California residents have rights under the CPRA.", {"ccpa"}),
    ("See Cal. Civ. Code § 1798.100 for details.", {"ccpa"}),
    ("Under Civil Code Section 1798.83, you may ask which third parties received your data.",
     {"cal_shine_the_light"}),
    ("Cookies are set in line with PECR and the e-Privacy Directive.", {"pecr", "eprivacy"}),
    ("Canadian users are protected by the Personal Information Protection and Electronic Documents Act.",
     {"pipeda"}),
    ("Brazilian users have rights under the Lei Geral de Proteção de Dados (LGPD).", {"lgpd"}),
    ("We comply with Federal Decree-Law No. 45 of 2021 on the Protection of Personal Data.",
     {"uae_pdpl"}),
    ("Hong Kong users are protected by the Personal Data (Privacy) Ordinance (Cap. 486).", {"hk_pdpo"}),
    ("Residents of Virginia (VCDPA), Colorado (Colorado Privacy Act), Connecticut (CTDPA) and Utah "
     "(UCPA) have similar rights.", {"vcdpa", "cpa_colorado", "ctdpa", "ucpa"}),
    ("Chinese users: we process data in accordance with the PIPL.", {"pipl"}),
    ("Japanese users: we comply with the Act on the Protection of Personal Information.", {"appi"}),
    ("South African users have rights under POPIA.", {"popia"}),
    ("We follow the Australian Privacy Principles in the Privacy Act 1988.", {"australia_privacy_act"}),
    ("Nevada residents may opt out of sales under NRS 603A.", {"nevada_sb220"}),
    ("Texas residents have rights under the Texas Data Privacy and Security Act.", {"tdpsa"}),
    ("Oregon residents may exercise rights under the Oregon Consumer Privacy Act.", {"ocpa_oregon"}),
    ("Our Swiss users are covered by the revised Federal Act on Data Protection (revFADP).",
     {"swiss_fadp"}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_laws_found(text, expected):
    assert laws(text) == expected


NEGATIVES = [
    ("Contact us at gdpr@example.com with questions.", {"gdpr"}),  # acronyms are case-sensitive
    ("Contact us to learn more.", {"gdpr", "ccpa", "coppa"}),
    ("Our CPA firm audits the accounts every year.", {"cpa_colorado"}),  # CPA without Colorado
    ("We comply with the UK GDPR.", {"gdpr"}),  # UK GDPR is not the EU GDPR
    ("The California Online Privacy Protection Act requires this notice.", {"ccpa"}),
    ("The PDPL of Saudi Arabia applies to our Riyadh office.", {"uae_pdpl"}),
]


@pytest.mark.parametrize(("text", "absent"), NEGATIVES)
def test_laws_not_found(text, absent):
    assert not (absent & laws(text))


def test_vocabulary_extended_by_appending():
    ids = vocabulary("law")
    first = ["gdpr", "uk_gdpr", "ccpa", "coppa", "pecr", "eprivacy", "pipeda", "lgpd", "uae_pdpl",
             "hk_pdpo", "vcdpa", "cpa_colorado", "ctdpa", "ucpa", "cal_shine_the_light"]
    assert ids[:len(first)] == first
    assert len(ids) == len(set(ids))
    rules = [r for r in file_rules(RULES_FILE) if "{" not in r.value]
    assert {r.value for r in rules} == set(ids)
