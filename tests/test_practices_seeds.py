"""Gold for the five seed policies, written by reading them: the personal-data categories each
says it collects, the purposes it states and the recipient types it names, each with words of
the clause that proves it. The extractor must reach F1 >= 0.95 per aspect over the seeds."""

from __future__ import annotations

import re

import pytest

from policylens.extract import extract

# seed -> aspect -> value -> words of the proving clause (as they stand in the seed)
GOLD: dict[str, dict[str, dict[str, str]]] = {
    "imago-platform": {
        "data_collected": {
            "name": "Account Information: Name, email address, username",
            "contact": "Name, email address, username, and password",
            "account_credentials": "username, and password when you create an account",
            "user_content": "other content you upload or create on our platform",
            "message_content": "Communications: Messages you send to us",
            "financial": "Billing details and payment method information",
            "usage_activity": "Log Data: Server logs including access times, pages viewed",
            "device_info": "Device Information: Device type, operating system, browser type",
            "online_identifiers": "browser type, and IP address",
            "coarse_location": "General location information based on IP address",
            "cookies_tracking": "We use cookies and similar technologies",
            "audio_visual": "Content: Images, text, and other content you upload",
        },
        "purpose": {
            "provide_service": "Providing, maintaining, and improving our platform",
            "personalisation": "Personalizing your experience",
            "communications": "Sending you service-related notifications",
            "support": "Responding to your inquiries and support requests",
            "marketing": "Sending marketing communications (with your consent)",
            "security_fraud": "Protecting against fraud, abuse, and security threats",
            "legal_compliance": "Complying with legal obligations",
            "analytics": "Analyzing usage patterns to improve our services",
            "research_improvement": "Conducting research and development",
            "targeted_advertising": "Used for advertising and marketing purposes",
            "business_transfer": "In the event of a merger, acquisition, or sale of assets",
        },
        "recipient": {
            "service_providers": "trusted third-party service providers who assist us",
            "payment_processors": "Payment processing services",
        },
    },
    "imaga": {
        "data_collected": {
            "name": "personal information such as your name, company name",
            "contact": "phone number, email address, and other contact details",
            "professional": "your name, company name",
            "message_content": "the content of messages or inquiries",
            "online_identifiers": "This may include your IP address",
            "device_info": "browser type and version, device identifiers, operating system",
            "usage_activity": "pages viewed, the dates/times of access",
            "cookies_tracking": "We use cookies, pixel tags, and similar technologies to collect",
            "coarse_location": "we may infer general location",
            "social_media": "we could receive basic profile information from those platforms",
            "physical_records": "Customer Records Information: e.g., contact details",
        },
        "purpose": {
            "provide_service": "To operate, maintain and provide you with the features",
            "account_management": "to create and manage your account",
            "support": "Communications and Support",
            "communications": "We may also send you administrative or account-related messages",
            "marketing": "send you updates, newsletters or promotional materials",
            "targeted_advertising": "for the purposes of analytics and targeted advertising",
            "personalisation": "These technologies help remember your preferences",
            "analytics": "to measure how users interact with our site",
            "research_improvement": "to improve our existing products/services and to develop new features",
            "security_fraud": "This includes efforts to prevent fraud, abuse",
            "legal_compliance": "to comply with our legal obligations",
            "business_transfer": "merger, acquisition, reorganization, sale of assets",
        },
        "recipient": {
            "service_providers": "We share personal data with trusted third-party companies",
            "advertisers": "we allow certain third-party advertising partners",
            "analytics_providers": "analytics services (e.g., Google Analytics)",
            "affiliates": "We may share data with our subsidiaries, affiliates",
            "acquirers": "transferred to the successor entity or new owner",
            "law_enforcement": "such as courts, law enforcement agencies, regulators",
            "professional_advisers": "regulators, or outside counsel",
            "social_networks": "advertising networks or social media platforms that display our ads",
        },
    },
    "imaginella": {
        "data_collected": {
            "contact": "Email address and contact details",
            "user_content": "Prompts or uploads submitted via the platform",
            "message_content": "Customer support messages or inquiries",
            "online_identifiers": "IP address, device type, browser",
            "device_info": "Timezone, language settings",
            "usage_activity": "Usage activity and interaction logs",
            "cookies_tracking": "Cookies and similar technologies",
        },
        "purpose": {
            "provide_service": "We use your data to provide core functionality",
            "account_management": "manage your account",
            "support": "to respond to support tickets, diagnose technical issues",
            "communications": "To notify you about critical updates",
            "security_fraud": "Detect fraudulent activity, bot usage",
            "analytics": "We analyze usage patterns and system behavior",
            "research_improvement": "identify areas for improvement",
            "legal_compliance": "To comply with legal obligations, subpoenas",
            "business_transfer": "In the event of a merger, acquisition, restructuring, or sale of assets",
        },
        "recipient": {
            "service_providers": "We use trusted third-party vendors",
            "analytics_providers": "Analytics tools (to understand feature usage",
            "payment_processors": "Payment processors (to securely handle financial transactions)",
            "law_enforcement": "disclose your personal data to public authorities, courts, or regulators",
            "acquirers": "may be transferred to a successor entity",
        },
    },
    "imago-technologies": {
        "data_collected": {
            "usage_activity": "we collect app usage data",
            "coarse_location": "we may receive information about your location",
            "device_info": "your computer type (MAC or Windows), mobile device type",
            "online_identifiers": "your Internet Protocol (IP) Address",
            "contact": "Contact and personal details: name, email, phone number",
            "name": "Contact and personal details: name",
            "professional": "name, email, phone number, occupation",
            "account_credentials": "Credentials: passwords",
            "demographics": "Demographic information: your geographic location",
            "financial": "such as a credit card number and the security code",
            "contacts": "to manage or access contacts",
            "audio_visual": "if you choose to store a personal image",
            "cookies_tracking": "may collect additional information through the use of “cookies”",
            "inferences": "occasional information about your interests and preferences",
            "message_content": "Provide us feedback",
        },
        "purpose": {
            "provide_service": "To enable you to use our services",
            "personalisation": "other personalized content based on your location",
            "support": "Customer support: we might use data to diagnose and fix",
            "communications": "in order to send notifications or information pertaining to the services",
            "research_improvement": "Improving our products and services",
            "marketing": "Relevant sales and marketing communications",
            "legal_compliance": "to comply with statutory obligations",
            "analytics": "These technologies are used in analyzing trends",
            "payments": "payment processing, credit checks",
            "business_transfer": "In the event of a re-organization, merger, or sale",
        },
        "recipient": {
            "service_providers": "shares personal data with companies who provide essential services",
            "law_enforcement": "requests from public and governmental authorities",
            "other_users": "may be shared with other users of the service",
        },
    },
    "imagint-labs": {
        "data_collected": {
            "contact": "Email address",
            "name": "Name (if provided)",
            "usage_activity": "Usage data and preferences",
            "online_identifiers": "IP address",
            "device_info": "Browser type and version",
            "user_content": "Text prompts you provide",
            "cookies_tracking": "We use cookies for:",
        },
        "purpose": {
            "provide_service": "To provide and maintain our AI image generation service",
            "research_improvement": "To improve our service quality and performance",
            "communications": "To send you service-related notifications",
            "support": "To respond to your inquiries and support requests",
            "analytics": "To analyze usage patterns and improve our service",
            "security_fraud": "To ensure service security and prevent abuse",
            "payments": "Processing payments",
            "legal_compliance": "if required by law",
        },
        "recipient": {
            "service_providers": "We may share information with trusted service providers",
        },
    },
}

ASPECTS = ("data_collected", "purpose", "recipient")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("seed", sorted(GOLD))
def test_gold_proofs_are_in_the_seed(seeds, seed):
    text = _norm(seeds[seed].text)
    for aspect in ASPECTS:
        for value, proof in GOLD[seed][aspect].items():
            assert _norm(proof) in text, (seed, aspect, value)


@pytest.fixture(scope="module")
def found(seed_clauses):
    out = {}
    for seed, clauses in seed_clauses.items():
        f = extract(clauses)
        f = f[f["polarity"] == "affirmed"]
        out[seed] = {a: set(f.loc[f["aspect"] == a, "value"]) for a in ASPECTS}
    return out


@pytest.mark.parametrize("aspect", ASPECTS)
def test_seed_f1(found, aspect):
    tp = fp = fn = 0
    errors = []
    for seed, gold in GOLD.items():
        want, got = set(gold[aspect]), found[seed][aspect] - {"personal_information", "listed_categories"}
        tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
        if got != want:
            errors.append((seed, sorted(got - want), sorted(want - got)))
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.95, (aspect, round(f1, 3), errors)
