"""Hand-written expectations for clauses of the five bundled seed policies.

Each case names the policy (its file-name prefix), a substring that identifies the clause, and the
category a reader gives it after reading the clause with its heading. The default model never saw
these policies (it is trained only on the team-written clauses in data/training_clauses.yaml), so
this measures generalisation to unseen wording, not memorisation. Caveat: with the first version
of the training clauses 86 of the 88 cases passed; the two misses (identity verification read as
sharing, a survey read as a right) and two false Do Not Track labels led to ~65 more team-written
clauses of those generic kinds (no seed wording), so the seeds also served as a development check.

``also`` lists a second category a careful reader would also accept as primary, when the clause
genuinely concerns two practices (the reason is given in the comment); the assertion is then that
the primary category is one of the two AND that both appear among ``categories``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

import policylens
from policylens.classify import classify
from policylens.config import bundled_policies_dir

# (policy prefix, clause substring, expected category, also-acceptable category or None)
CASES: list[tuple[str, str, str, str | None]] = [
    # 000: "Imago Platform" policy (numbered sections, bullet lists)
    ("000", "Welcome to Imago Platform", "introductory", None),
    ("000", "Account Information: Name, email address, username", "collection", None),
    ("000", "Device Information: Device type, operating system", "collection", None),
    ("000", "Personalizing your experience", "use", None),  # under "How We Use > Service Provision"
    ("000", "Analyzing usage patterns to improve our services", "use", None),
    ("000", "We do not sell, trade, or rent your personal information", "sale", None),
    ("000", "Cloud hosting and storage providers", "sharing", None),  # lead-in: service providers who assist us
    ("000", "Court orders and subpoenas", "sharing", None),  # lead-in: "We may disclose information if required by law"
    ("000", "In the event of a merger, acquisition, or sale of assets", "sharing", None),
    ("000", "Encryption: Data is encrypted in transit and at rest", "security", None),
    ("000", "no system is 100% secure", "security", None),
    ("000", "Usage Data: Typically retained for 12-24 months", "retention", None),
    ("000", "Request a copy of your personal information", "user_rights", None),
    ("000", "Request deletion of your account and associated data", "user_rights", None),
    ("000", "Opt out of marketing communications", "user_choice", None),
    ("000", "Essential Cookies: Required for basic platform functionality", "cookies_tracking", None),
    ("000", "Standard contractual clauses approved by relevant authorities", "international_transfer", None),
    ("000", "Our Service is not intended for children under 13 years of age", "children", None),
    ("000", "We will notify you of material changes via email", "policy_change", None),
    ("000", "Email: privacy@imagoplatform.ai", "contact", None),
    ("000", "Data Protection Officer: dpo@imagoplatform.ai", "contact", None),
    # 001: "Imaga" policy (long sentences, EU/UK/UAE/US sections)
    ("001", "We respect your privacy and are committed to protecting your personal data", "introductory", None),
    ("001", "Automatically Collected Data: When you visit our website", "collection", None),
    ("001", "Performance of a Contract: When we need to process your data", "legal_basis", None),
    ("001", "Legitimate Interests: We process certain data as necessary", "legal_basis", None),
    ("001", "Analytics Cookies: We use analytics tools", "cookies_tracking", None),
    ("001", "Service Providers / Processors: We share personal data", "sharing", None),
    ("001", "We also have not sold any personal information in the past 12 months", "sale", None),
    ("001", "may be transferred to, stored in, or accessed from countries outside of your home country", "international_transfer", None),
    ("001", "no method of transmission over the Internet or electronic storage is 100% secure", "security", None),
    ("001", "we will notify you and the relevant supervisory authorities", "security", None),  # data breach notice
    ("001", "We will retain your personal information only for as long as necessary", "retention", None),
    ("001", "Analytics data is typically retained for a certain period", "retention", None),
    ("001", "Right to Rectification: You have the right to request that we correct", "user_rights", None),
    ("001", "Right to Data Portability: To the extent required by law", "user_rights", None),
    ("001", "we may need to verify your identity to ensure that we do not disclose data", "user_rights", None),
    ("001", "We do not knowingly collect personal information from individuals under 18", "children", None),
    ("001", "If you are a resident of California, you have specific privacy rights", "regional", None),
    # a California right, stated inside the California section: both readings are right
    ("001", "Right to Delete: You can request that we delete personal information", "user_rights", "regional"),
    ("001", "We may update this Privacy Policy from time to time to reflect changes in our practices, legal requirements", "policy_change", None),
    ("001", "You can also reach us via phone or mail at the contacts provided", "contact", None),
    # 002: "Itmex / Imaginella" policy (colon headings, retention table)
    ("002", "Email address and contact details", "collection", None),
    ("002", "IP address, device type, browser", "collection", None),
    ("002", "Detect fraudulent activity, bot usage", "use", None),
    ("002", "Sell your personal data to third parties;", "sale", None),
    ("002", "We process your data when it is necessary to fulfill our contractual obligations", "legal_basis", None),
    ("002", "Maintaining records for tax or accounting purposes", "legal_basis", None),  # lead-in: "legally required"
    ("002", "We use trusted third-party vendors", "sharing", None),
    ("002", "To comply with legal obligations, subpoenas, or lawful process", "sharing", None),  # "We may disclose ... to public authorities"
    ("002", "If data is transferred to a country without an adequacy decision", "international_transfer", None),
    ("002", "Support requests and communications 2 years from last interaction", "retention", None),
    ("002", "remain inactive for 24 consecutive months", "retention", None),
    ("002", "A copy of the personal data we hold about you", "user_rights", None),
    ("002", "structured, commonly used, and machine-readable format", "user_rights", None),
    ("002", "You have the right to file a complaint with a data protection authority", "user_rights", None),
    ("002", "We do not knowingly collect, store, or process personal data from anyone under the age of 18", "children", None),
    ("002", "All data is encrypted in transit using HTTPS", "security", None),
    ("002", "Role-based access and least-privilege principles", "security", None),
    ("002", "Changes in our services or features", "policy_change", None),  # lead-in: "We may update or revise this Privacy Policy"
    ("002", "Update the “Last Updated” date at the top of this page", "policy_change", None),
    # 003: "Imago Technologies" policy (older, prose)
    ("003", "Effective Date: May 24, 2020", "policy_change", None),
    ("003", "may collect additional information through the use of “cookies”", "cookies_tracking", None),
    ("003", "We may ask you to participate in a survey", "collection", None),
    ("003", "Contact and personal details: name, email, phone number, occupation", "collection", None),
    ("003", "Most mobile devices enable you to shut off location-based services", "user_choice", None),
    ("003", "We will only retain your personal data for as long as necessary", "retention", None),
    ("003", "We will never, ever provide or sell personal data", "sale", None),
    ("003", "You have the right to access the information we have about you", "user_rights", None),
    ("003", "Secure Sockets Layer (SSL) encryption", "security", None),
    # 004: "Imagint Labs" policy (Markdown headings)
    ("004", "Last updated: August 2, 2024", "policy_change", None),
    ("004", "This Privacy Policy explains how we collect, use, disclose, and safeguard", "introductory", None),
    ("004", "Browser type and version", "collection", None),
    ("004", "To process your requests and generate images", "use", None),
    ("004", "We may share information with trusted service providers who assist us in", "sharing", None),
    ("004", "Encryption of data in transit and at rest", "security", None),
    ("004", "We retain your information only as long as necessary", "retention", None),
    ("004", "Correct inaccurate information", "user_rights", None),
    ("004", "Unsubscribe from marketing communications", "user_choice", None),
    ("004", "Our service may contain links to third-party websites", "other", None),
    ("004", "We are not responsible for their privacy practices", "other", None),
    ("004", "Your information may be processed in countries other than your own", "international_transfer", None),
    ("004", "We do not knowingly collect information from children under 13", "children", None),
    ("004", "We will notify you of any material changes", "policy_change", None),
    ("004", "contact our Data Protection Officer at dpo@imagint.ai", "contact", None),
    ("004", "Contract performance", "legal_basis", None),  # lead-in: "For EU users, we process your data based on:"
    ("004", "For California residents, you have additional rights", "regional", None),
    ("004", "We will notify you within 72 hours of discovering a breach", "security", None),
    ("004", "You can manage your privacy settings through your user dashboard", "user_choice", None),
]


@cache
def classified_seeds() -> pd.DataFrame:
    frames = []
    for path in sorted(bundled_policies_dir().iterdir()):
        clauses = policylens.segment(policylens.load(path))
        clauses["prefix"] = path.name[:3]
        frames.append(classify(clauses))
    return pd.concat(frames, ignore_index=True)


def _clause(prefix: str, needle: str) -> pd.Series:
    seeds = classified_seeds()
    hits = seeds[(seeds["prefix"] == prefix) & seeds["text"].str.contains(needle, regex=False)]
    assert len(hits) >= 1, f"no clause of policy {prefix} contains {needle!r}"
    # a heading and the paragraph under it may both contain a short needle: take the longest
    return hits.loc[hits["text"].str.len().idxmax()]


def test_there_are_enough_cases_over_enough_categories():
    assert len(CASES) >= 60
    from policylens.taxonomy import categories

    expected = {c for _, _, c, _ in CASES}
    assert expected <= set(categories())
    # every taxonomy category has cases except do_not_track, which only one seed clause touches
    # (see test_do_not_track_only_where_a_signal_is_mentioned)
    assert set(categories()) - expected == {"do_not_track"}


@pytest.mark.parametrize(("prefix", "needle", "expected", "also"), CASES, ids=[f"{p}:{n[:40]}" for p, n, _, _ in CASES])
def test_seed_clause_category(prefix, needle, expected, also):
    row = _clause(prefix, needle)
    if also is None:
        assert row["category"] == expected, f"{row['text'][:120]!r} under {row['section']!r}: got {row['categories']}"
    else:
        assert row["category"] in (expected, also)
        assert {expected, also} <= set(row["categories"]), row["categories"]


def test_every_seed_clause_gets_a_known_category():
    from policylens.taxonomy import categories

    seeds = classified_seeds()
    assert seeds["category"].isin(categories()).all()
    assert seeds["categories"].map(len).min() >= 1
    assert (seeds["category"] == seeds["categories"].str[0]).all()
    assert seeds["confidence"].between(0, 1).all()


def test_do_not_track_only_where_a_signal_is_mentioned():
    # By reading: the only seed text about browser signals is policy 001's California opt-out item
    # ("You can also utilize browser-based opt-out signals like the Global Privacy Control (GPC) ...
    # we will treat it as a valid opt-out request"). That clause must carry do_not_track; no clause
    # that mentions neither DNT nor GPC may carry it.
    seeds = classified_seeds()
    mentions = seeds["text"].str.contains(r"do not track|do-not-track|global privacy control|\bGPC\b", case=False, regex=True)
    assert mentions.sum() == 1
    gpc = seeds[mentions].iloc[0]
    assert gpc["text"].startswith("– If you wish to opt out of the sharing")
    assert "do_not_track" in gpc["categories"]
    assert not seeds.loc[~mentions, "categories"].map(lambda labels: "do_not_track" in labels).any()
