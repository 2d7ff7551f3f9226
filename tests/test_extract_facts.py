"""Per-policy facts (policylens.extract.facts): dates, sale/sharing, deadlines, contacts, DPO,
third-party services, and their per-policy aggregation."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policylens
from policylens.config import bundled_policies_dir
from policylens.extract import ClauseContext
from policylens.extract.facts import extract_clause, parse_date, policy_facts, service_lexicon
from policylens.resources import load_data
from policylens.schema import Finding


def _facts(text, aspect, lead_in="", section=""):
    found = extract_clause(ClauseContext(text=text, lead_in=lead_in, section=section))
    for f in found:
        assert text[f.start:f.end] == f.evidence
    return [f for f in found if f.aspect == aspect]


def _values(text, aspect, lead_in=""):
    return [f.value for f in _facts(text, aspect, lead_in)]


# --- last_updated ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "iso"), [
    ("Last Updated: 14 January 2024", "2024-01-14"),
    ("Last revised on Sept. 3, 2022", "2022-09-03"),
    ("This Privacy Notice was last updated on the 1st of March 2021.", "2021-03-01"),
    ("Effective date: 2023-10-31", "2023-10-31"),
    ("Date of last revision: 15.04.2019", "2019-04-15"),     # dotted: day-first
    ("Updated: 11.12.2020", "2020-12-11"),                   # dotted, both <= 12: still day-first
    ("Last modified 31/01/2022", "2022-01-31"),              # slash, first > 12: day-first
    ("Effective as of 04/28/2021", "2021-04-28"),            # slash, second > 12: month-first
    ("Last updated: 03/04/2020", "2020-03-04"),              # ambiguous: month-first by default
    ("Version date: 6-Feb-23", "2023-02-06"),
    ("Last updated: June 2023", "2023-06"),                  # month only: reduced precision
    ("In effect since 2 May 2018", "2018-05-02"),
])
def test_last_updated(text, iso):
    assert _values(text, "last_updated") == [iso]


@pytest.mark.parametrize("text", [
    'We will update the "Last Updated" date at the top of this policy.',
    "You can update your profile on 12 occasions.",
    "Our office opened on March 3, 2010.",     # a date without an update cue
    "Last updated: 31/31/2020",                # not a date
])
def test_no_last_updated(text):
    assert _values(text, "last_updated") == []


def test_parse_date_day_first_override():
    assert parse_date("03/04/2020") == ("2020-03-04", "ambiguous")
    assert parse_date("03/04/2020", day_first=True) == ("2020-04-03", "ambiguous")
    assert parse_date("13/04/2020", day_first=False) == ("2020-04-13", "day>12")
    assert parse_date("nothing here") == (None, "")


# --- sells_data / shares_for_ads ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "lead_in", "expected"), [
    ("We never sell customer data to anyone.", "", ["false"]),
    ("Acme does not rent or sell your personal information.", "", ["false"]),
    ("No personal information has been sold by us in the last year.", "", ["false"]),
    ("• Sell or rent your contact details", "We will never:", ["false"]),
    ("Categories of personal information sold: None.", "", ["false"]),
    ("We may sell your information to our marketing partners.", "", ["true"]),
    ("Over the past 12 months we have sold identifiers and commercial information.", "", ["true"]),
    # traps: rights, link titles, hypotheticals, products, conditional negatives
    ('Use the "Do Not Sell or Share My Personal Information" link in the footer.', "", []),
    ("You have the right to opt out of the sale of your personal information.", "", []),
    ("If we sell all or part of our business, data may transfer to the buyer.", "", []),
    ("We sell products and services to businesses.", "", []),
    ("We will not sell your data unless you give your explicit consent.", "", []),
    ("We don’t sell your personal data.", "", ["false"]),   # typographic apostrophe
    ("You can ask for the categories of personal information we have sold about you.", "", []),
    ("In a merger, your personal information may be sold to the acquirer.", "", []),
    ("Submit a request to stop selling your information.", "", []),
])
def test_sells_data(text, lead_in, expected):
    assert _values(text, "sells_data", lead_in) == expected


@pytest.mark.parametrize(("text", "lead_in", "expected"), [
    ("We share device identifiers with advertising partners for interest-based advertising.", "",
     ["true"]),
    ("Our ad partners' pixels let third parties collect browsing data for targeted advertising.", "",
     []),  # no sharing verb from us: not a statement
    ("We allow third-party ad networks to collect data on our site for retargeting.", "", ["true"]),
    ("We do not share personal information for cross-context behavioral advertising.", "",
     ["false"]),
    ("• Disclose your data to advertisers", "We never:", ["false"]),
    ("You may opt out of the sharing of your personal information for targeted advertising.", "",
     []),
    ("California residents have the right to opt-out of sharing for behavioral advertising.", "",
     []),
])
def test_shares_for_ads(text, lead_in, expected):
    assert _values(text, "shares_for_ads", lead_in) == expected


# --- deadlines ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "section", "hours"), [
    ("We will tell affected users about a personal data breach within 48 hours.", "", [48]),
    ("Regulators are informed of security incidents no later than 3 days after discovery.", "",
     [72]),
    ("Report it to the authority within 72 hours.", "Security incident response", [72]),
    ("Backups are kept for 72 hours.", "", []),
    ("We respond to access requests within 30 days.", "", []),
])
def test_breach_notice_hours(text, section, hours):
    assert [f.number for f in _facts(text, "breach_notice_hours", section=section)] == hours


@pytest.mark.parametrize(("text", "days", "roles"), [
    ("We will answer your request within 21 days.", [21], [""]),
    ("Requests are normally fulfilled within one month.", [30], [""]),
    ("We will process verified consumer requests within 45 calendar days.", [45], [""]),
    ("We acknowledge requests within 10 business days and respond within 45 days.", [10, 45],
     ["acknowledge", ""]),
    ("We will reply to your email within 2 weeks.", [14], [""]),
    ("This period may be extended by a further two months where necessary for complex requests.",
     [], []),
    ("We keep support requests for 30 days.", [], []),
    ("We will notify you of a breach within 30 days.", [], []),
])
def test_response_days(text, days, roles):
    found = _facts(text, "response_days")
    assert [f.number for f in found] == days
    assert [f.role for f in found] == roles


# --- contacts, DPO, services ------------------------------------------------------------------

def test_contact_emails():
    text = "Write to Privacy.Team@Example.co.uk, or legal@acme.io. Logo: logo@2x.png"
    assert _values(text, "contact_email") == ["privacy.team@example.co.uk", "legal@acme.io"]


@pytest.mark.parametrize(("text", "expected"), [
    ("Our Data Protection Officer can be reached at dpo@acme.eu.", ["true"]),
    ("Contact our DPO by post.", ["true"]),
    ("You may write to our data protection officer (DPO) at any time.", ["true"]),
    ("We have not appointed a Data Protection Officer.", ["false"]),
    ("We are not required to designate a DPO.", ["false"]),
    ("Contact the data protection authority in your country.", []),
    ("The Data Protection Directive applied before 2018.", []),
])
def test_has_dpo(text, expected):
    assert _values(text, "has_dpo") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Payments are handled by Stripe and PayPal.", ["stripe", "paypal"]),
    ("We embed Hotjar and Mixpanel to study usage.", ["hotjar", "mixpanel"]),
    ("Our forms use hCaptcha rather than reCAPTCHA.", ["hcaptcha", "recaptcha"]),
    ("Support chats run on Intercom; errors go to Sentry.", ["intercom", "sentry"]),
    ("We host on Amazon Web Services and Microsoft Azure behind Cloudflare.",
     ["aws", "microsoft_azure", "cloudflare"]),
    ("Newsletters are sent with Mailchimp or SendGrid.", ["mailchimp", "sendgrid"]),
    ("We use the LinkedIn Insight Tag and the Meta Pixel.", ["linkedin_insight_tag", "meta_pixel"]),
    ("We do not use Google Analytics.", []),
    ("Pinch to zoom in on images; stripe patterns are decorative.", []),   # ordinary words
    ("Our intercom system and sentry posts are offline.", []),
])
def test_third_party_services(text, expected):
    assert _values(text, "third_party_service") == expected


def test_service_lexicon_ids_are_unique_and_cover_the_issue_list():
    ids = [s["id"] for s in load_data("third_party_services.yaml")["services"]]
    assert len(ids) == len(set(ids))
    for sid in ("google_analytics", "recaptcha", "meta_pixel", "linkedin_insight_tag", "salesforce",
                "zoom", "stripe", "paypal", "aws", "google_cloud", "microsoft_azure", "hotjar",
                "mixpanel", "intercom", "hubspot", "mailchimp", "sendgrid", "cloudflare", "sentry",
                "segment"):
        assert service_lexicon()[sid]


# --- policy_facts -----------------------------------------------------------------------------

def _f(aspect, value, rule="", number=None, role="", evidence="x"):
    return Finding(aspect=aspect, value=value, start=0, end=1, evidence=evidence, rule=rule,
                   number=number, role=role)


def test_policy_facts_rules():
    findings = [
        _f("last_updated", "2020-01-01", "last_updated:2:text"),
        _f("last_updated", "2019-05-05", "last_updated:1:text"),
        _f("last_updated", "2019-06-06", "last_updated:1:text"),
        _f("last_updated", "2021-03-03", "last_updated:3:part:text"),   # a supplement's date
        _f("sells_data", "false"), _f("sells_data", "true"),
        _f("shares_for_ads", "false"),
        _f("breach_notice_hours", "72", number=72.0), _f("breach_notice_hours", "48", number=48.0),
        _f("response_days", "10", number=10.0, role="acknowledge"),
        _f("response_days", "45", number=45.0), _f("response_days", "30", number=30.0),
        _f("contact_email", "b@x.io"), _f("contact_email", "a@x.io"), _f("contact_email", "b@x.io"),
        _f("has_dpo", "true"),
        _f("child_age", "13", number=13.0, role="minimum_age"),
        _f("child_age", "16", number=16.0, role="legal_reference"),
        _f("third_party_service", "zoom"), _f("third_party_service", "stripe"),
        _f("third_party_service", "zoom"),
    ]
    facts = policy_facts(findings)
    assert facts == {
        "last_updated": "2020-01-01",    # the latest updated/effective date; weak cues ignored
        "sells_data": True,              # any explicit sale wins
        "shares_for_ads": False,
        "breach_notice_hours": 48.0,
        "response_days": 30.0,           # acknowledgements excluded, soonest deadline
        "contact_emails": ["b@x.io", "a@x.io"],
        "has_dpo": True,
        "min_child_age": 13,
        "third_party_services": ["zoom", "stripe"],
    }
    # the same from a findings DataFrame
    frame = pd.DataFrame([f.as_dict() for f in findings])
    assert policy_facts(frame) == facts


def test_policy_facts_empty():
    assert policy_facts([]) == {
        "last_updated": None, "sells_data": None, "shares_for_ads": None,  # unknown, not no
        "breach_notice_hours": None, "response_days": None, "contact_emails": [],
        "has_dpo": None, "min_child_age": None, "third_party_services": [],
    }


@pytest.mark.parametrize(("laws", "expected"), [
    ([], "2025-02-07"),                   # no cue: month-first (US slashes)
    (["uk_gdpr"], "2025-07-02"),          # European laws only: day-first
    (["gdpr", "ccpa"], "2025-02-07"),     # a US law too: keep month-first
])
def test_ambiguous_slash_dates_follow_the_policys_laws(laws, expected):
    (date,) = _facts("Last updated: 02/07/2025", "last_updated")
    assert date.rule.endswith(":ambiguous")
    findings = [date] + [_f("law", law) for law in laws]
    assert policy_facts(findings)["last_updated"] == expected


def test_dpo_denied_anywhere_is_false():
    assert policy_facts([_f("has_dpo", "true"), _f("has_dpo", "false")])["has_dpo"] is False


@pytest.mark.parametrize(("values", "expected"), [
    ([], None), (["true"], True), (["false"], False), (["true", "true"], True)])
def test_dpo_is_unknown_unless_stated(values, expected):
    assert policy_facts([_f("has_dpo", v) for v in values])["has_dpo"] is expected


@pytest.mark.parametrize("aspect", ["sells_data", "shares_for_ads"])
@pytest.mark.parametrize(("values", "expected"), [
    ([], None), (["false"], False), (["true"], True), (["false", "true"], True)])
def test_tri_state_facts_are_bool_or_none(aspect, values, expected):
    assert policy_facts([_f(aspect, v) for v in values])[aspect] is expected


_TOKENS = ["we", "do", "not", "sell", "share", "keep", "retain", "data", "for", "up to", "12", "24",
           "months", "years", "-", "under", "13", "children", "age", "of", "Last updated:",
           "02.07.2025", "3/4/2021", "May", "5,", "2024", "within", "72", "hours", "breach",
           "respond", "request", "30", "days", "DPO", "a@b.io", "Stripe", "Zoom", "as long as",
           "necessary", "indefinitely", ".", ",", ";", "\n", "(", ")", "[1]", "year", "if", "learn"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40), st.sampled_from(["", "Data Retention",
                                                                         "Children"]))
def test_every_finding_points_at_its_evidence(tokens, section):
    from policylens.extract import children, retention

    text = " ".join(tokens)
    ctx = ClauseContext(text=text, section=section, lead_in="We keep:" if section else "")
    for module in (retention, children):
        for f in module.extract_clause(ctx):
            assert text[f.start:f.end] == f.evidence and f.start < f.end
    for f in extract_clause(ctx):
        assert text[f.start:f.end] == f.evidence and f.start < f.end
        if f.aspect in ("sells_data", "shares_for_ads", "has_dpo"):
            assert f.value in ("true", "false")


# --- hardening on unseen policies (own wordings) ---------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # a listed verb without a connector ("sell, rent, lease or trade")
    ("Per the statute's definitions, Northwind does not sell, rent, lease or trade your personal "
     "data.", ["false"]),
    # a denial limited to minors says nothing about everyone else
    ("We do not knowingly sell the personal data of consumers younger than 16.", []),
    ("We never sell or share personal information for targeted advertising of teenagers.", []),
    # someone else selling is not the company's sale
    ("You can also opt out from some ad partners selling your personal information.", []),
])
def test_hardening_sells_data(text, expected):
    assert _values(text, "sells_data") == expected


def test_hardening_sells_evidence_is_the_verb_and_its_object():
    (f,) = _facts("We don't sell or rent your personal information to anyone at all.", "sells_data")
    assert f.evidence == "sell or rent your personal information"


def test_hardening_shares_for_ads_inbound_is_not_our_sharing():
    assert _values("Advertising partners share details with us about purchases you make "
                   "elsewhere.", "shares_for_ads") == []


@pytest.mark.parametrize(("text", "section", "hours"), [
    # the notify verb sits before a ";" that splits the sentence
    ("Should an incident occur, we will alert; the regulator and the affected customers of the "
     "breach within 48 hours of discovery.", "", [48]),
    # a response deadline under a security heading is not a breach notice
    ("If more time is needed, we will tell the requester within 30 days why the request is "
     "delayed.", "Security of your data", []),
])
def test_hardening_breach_notice(text, section, hours):
    assert [f.number for f in _facts(text, "breach_notice_hours", section=section)] == hours


def test_hardening_keeping_period_is_not_a_response_deadline():
    text = ("When you email our help desk, we keep the conversation for up to 9 months unless we "
            "must retain it longer to comply with the law.")
    assert _facts(text, "response_days") == []


@pytest.mark.parametrize(("text", "iso"), [
    ("Quebec Privacy Modernisation Act (“Law 25”), effective September 22, 2023", []),
    ("Nevada Data Rule, effective 1 March 2024; Utah Statute, effective 2 April 2024", []),
    ("Notice effective: 4 February 2025", ["2025-02-04"]),
])
def test_hardening_law_dates_are_not_the_policy_date(text, iso):
    assert _values(text, "last_updated") == iso


class _Recording(dict):
    """A findings row that records which keys are read."""

    read: set[str] = set()

    def get(self, key, default=None):  # noqa: ANN001, ANN201
        _Recording.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):  # noqa: ANN001, ANN204
        _Recording.read.add(key)
        return super().__getitem__(key)


@pytest.mark.parametrize("name", ["000_ebb05bfd8ee10af9.txt", "001_e5a96dd1cf53a070.txt",
                                  "002_ab764c483b6d1d2e.txt", "003_d0c82b5eb252173f.txt",
                                  "004_0704a76617a30a9d.txt"])
def test_policy_facts_read_only_the_columns_policy_row_keeps(name):
    """``pipeline.policy_row`` converts only ``FACT_COLUMNS`` of the findings; ``policy_facts``
    must read nothing else, and the row must equal the one built from every column."""
    from policylens.pipeline import FACT_COLUMNS, policy_row, records

    policy = policylens.load(bundled_policies_dir() / name)
    clauses = policylens.segment(policy)
    findings = policylens.extract(clauses)
    _Recording.read = set()
    full = policy_facts([_Recording(r) for r in records(findings)])  # (dicts are read as they are)
    assert _Recording.read and _Recording.read <= set(FACT_COLUMNS)
    row = policy_row(policy, clauses, findings)
    assert row["sells_data"] is full["sells_data"]
    assert row["min_child_age"] == full["min_child_age"]
    assert row["contact_emails"] == full["contact_emails"]
    assert row["last_updated"] == full["last_updated"]
