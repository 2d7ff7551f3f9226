"""Data practices: vocabularies (data/vocab_practices.yaml), cues (patterns_practices.yaml) and
the extractor (policylens.extract.practices). Sentences here are composed for the tests."""

from __future__ import annotations

import copy
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.extract import ClauseContext
from policylens.extract.practices import (
    ASPECTS,
    GENERIC,
    LISTED,
    cues,
    extract_clause,
    mentions,
)
from policylens.extract.practices_vocab import (
    CCPA_CATEGORIES,
    VocabularyError,
    ccpa_of,
    entries,
    ids,
    parse,
)
from policylens.resources import load_data


def found(text: str, **kw) -> set[tuple[str, str, str]]:
    return {(f.aspect, f.value, f.polarity) for f in extract_clause(ClauseContext(text=text, **kw))}


# ------------------------------------------------------------------ vocabularies


def test_vocabulary_sizes_and_required_ids():
    assert 24 <= len(ids("categories")) <= 30
    assert "ai_training" in ids("purposes")
    for rid in ("service_providers", "affiliates", "advertisers", "data_brokers", "law_enforcement"):
        assert rid in ids("recipients")
    assert ids("sources") == ["user_provided", "automatic_device", "cookies_tracking", "third_parties",
                              "public_sources", "affiliates"]


def test_every_ccpa_category_has_a_policylens_category():
    assert {e.ccpa for e in entries("categories")} == set(CCPA_CATEGORIES)


@pytest.mark.parametrize(("category", "ccpa", "sensitive", "special"), [
    ("precise_location", "geolocation", True, False),
    ("coarse_location", "geolocation", False, False),
    ("health", "customer_records", True, True),
    ("biometric", "biometric", True, True),
    ("online_identifiers", "identifiers", False, False),
    ("usage_activity", "internet_activity", False, False),
])
def test_category_mappings(category, ccpa, sensitive, special):
    entry = next(e for e in entries("categories") if e.id == category)
    assert (entry.ccpa, entry.ccpa_sensitive, entry.gdpr_special) == (ccpa, sensitive, special)
    assert ccpa_of(category) == ccpa


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda v: v["categories"][0].update(ccpa="names"), "ccpa must be one of"),
    (lambda v: v["categories"][1].update(id=v["categories"][0]["id"]), "duplicate id"),
    (lambda v: v["purposes"][0].update(opp115=["Nope"]), "opp115 must list"),
    (lambda v: v["recipients"][0].pop("signals"), "missing 'signals'"),
    (lambda v: v["categories"][0].update(signals=["Name"]), "lower-case"),
    (lambda v: v.pop("sources"), "sources: missing"),
    (lambda v: v["categories"][0].update(gdpr_special="yes"), "gdpr_special must be"),
])
def test_vocabulary_validation_names_file_and_problem(mutate, message):
    spec = copy.deepcopy(load_data("vocab_practices.yaml"))
    mutate(spec)
    with pytest.raises(VocabularyError, match=re.escape(message)) as err:
        parse(spec)
    assert "vocab_practices.yaml" in str(err.value)


# ------------------------------------------------------------------ cues (examples in the YAML)


def _cue_examples():
    for kind, spec in load_data("patterns_practices.yaml")["cues"].items():
        for text in spec.get("examples", {}).get("match", []):
            yield kind, text, True
        for text in spec.get("examples", {}).get("no_match", []):
            yield kind, text, False


@pytest.mark.parametrize(("kind", "text", "should"), list(_cue_examples()))
def test_cue_examples(kind, text, should):
    spec = load_data("patterns_practices.yaml")["cues"][kind]
    assert bool(re.search(spec["regex"], text, re.IGNORECASE)) is should


def test_negated_cue():
    assert [(c.kind, c.negated) for c in cues("We never sell your data.")] == [("sell", True)]
    assert [(c.kind, c.negated) for c in cues("We sell your data.")] == [("sell", False)]


# ------------------------------------------------------------------ mentions


@pytest.mark.parametrize(("text", "expected"), [
    ("your IP address and e-mail address", [("category", "online_identifiers"), ("category", "contact")]),
    ("social security number", [("category", "government_id")]),  # not "security"
    ("our legitimate interests", []),  # a stop phrase, not "interests"
    ("precise geolocation", [("category", "precise_location")]),
    ("names", [("category", "name")]),
    ("surnames", []),  # whole words only
])
def test_mentions_leftmost_longest_whole_words(text, expected):
    assert [(m.kind, m.id) for m in mentions(text)] == expected


# ------------------------------------------------------------------ extraction


@pytest.mark.parametrize(("text", "expected"), [
    ("We do not collect biometric data from our users.", {("data_collected", "biometric", "denied")}),
    ("When you sign up we gather your phone number and postal address.",
     {("data_collected", "contact", "affirmed")}),
    ("We have never sold precise geolocation data.", {("data_sold_shared", "precise_location", "denied")}),
    ("Our company does not sell or share your personal information.",
     {("data_sold_shared", GENERIC, "denied")}),
    ("We disclose the categories of personal information described above to vendors.",
     {("data_disclosed", LISTED, "affirmed"), ("recipient", "service_providers", "affirmed")}),
])
def test_sentence_statements(text, expected):
    assert found(text) == expected


def test_sale_with_recipient_and_category():
    got = found("During the last year we sold inferences and browsing history to data brokers.")
    assert ("data_sold_shared", "inferences", "affirmed") in got
    assert ("data_sold_shared", "usage_activity", "affirmed") in got
    assert ("recipient", "data_brokers", "affirmed") in got
    assert not any(a == "data_disclosed" for a, _, _ in got)


def test_purposes_and_ai_training():
    got = found("We may use your messages to train our models and to prevent fraud.")
    assert ("purpose", "ai_training", "affirmed") in got
    assert ("purpose", "security_fraud", "affirmed") in got
    assert ("data_collected", "message_content", "affirmed") in got


def test_source_not_recipient_after_from():
    got = found("We obtain contact details from data brokers and public records.")
    assert ("recipient", "data_brokers", "affirmed") not in got
    assert ("data_source", "public_sources", "affirmed") in got
    assert ("data_collected", "contact", "affirmed") in got


def test_list_item_takes_its_lead_in():
    got = found("Device type, operating system and advertising ID", kind="item",
                lead_in="We automatically collect the following information:")
    assert ("data_collected", "device_info", "affirmed") in got
    assert ("data_collected", "online_identifiers", "affirmed") in got


def test_item_under_negative_lead_in_is_denied():
    got = found("health or genetic data", kind="item", lead_in="We never collect the following:")
    assert got == {("data_collected", "health", "denied"), ("data_collected", "genetic", "denied")}


def test_section_heading_gives_context_to_labels():
    got = found("Location: city-level location inferred from your connection", kind="paragraph",
                section="3. Information We Collect")
    assert ("data_collected", "coarse_location", "affirmed") in got


def test_no_context_no_finding():
    assert found("Cookies are small text files.") == set()
    assert found("Our office address is listed on the website.") == set()


def test_ccpa_table_row_yes_no_cells():
    header = "Category\tExamples\tCollected\tDisclosed for a business purpose\tSold or shared"
    got = found("Geolocation data\tcity and region derived from IP address\tYes\tYes\tNo",
                kind="table_row", lead_in=header)
    assert ("data_collected", "coarse_location", "affirmed") in got
    assert ("data_disclosed", "coarse_location", "affirmed") in got
    assert ("data_sold_shared", "coarse_location", "denied") in got


def test_ccpa_table_row_without_yes_no_lists_collection():
    got = found("Commercial information\trecords of products you bought", kind="table_row",
                lead_in="Category\tExamples")
    assert ("data_collected", "purchases", "affirmed") in got


def test_scope_children():
    fs = extract_clause(ClauseContext(text="We do not knowingly collect personal information from children under 13."))
    assert [(f.value, f.polarity, f.scope) for f in fs] == [(GENERIC, "denied", "children")]


def test_ccpa_column_filled():
    fs = extract_clause(ClauseContext(text="We collect your fingerprints."))
    assert [(f.value, f.data_category) for f in fs] == [("biometric", "biometric")]


_WORDS = st.sampled_from(["we", "collect", "share", "sell", "not", "your", "email address", "cookies",
                          "with", "advertisers", "for", "marketing", "never", "data", ".", ",", "\n",
                          "\t", "Yes", "No", "from", "third parties", "location", "İ", "ß"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_WORDS, max_size=30), st.sampled_from(["sentence", "item", "table_row"]))
def test_findings_are_exact_spans_with_known_aspects(words, kind):
    text = " ".join(words)
    for f in extract_clause(ClauseContext(text=text, kind=kind, lead_in="Category\tCollected")):
        assert text[f.start:f.end] == f.evidence
        assert f.aspect in ASPECTS
        assert f.polarity in ("affirmed", "denied")


def test_denying_lead_in_covers_generic_statements():
    got = found("Sell your personal data to data brokers;", kind="item", lead_in="We never:")
    assert ("data_sold_shared", GENERIC, "denied") in got
    assert all(p == "denied" for _, _, p in got)


def test_table_header_split_over_two_rows_reads_sale_columns():
    got = found("Geolocation data\tAdvertising networks\tNot shared.\tNot sold.", kind="table_row",
                lead_in="Category of Personal Information\tCategory of Recipients")
    assert ("data_disclosed", "coarse_location", "affirmed") in got
    assert ("data_sold_shared", "coarse_location", "denied") in got


def test_generic_disclosure_required_by_law_is_no_business_disclosure():
    got = found("We may disclose your personal information when required by law.")
    assert got == {("purpose", "legal_compliance", "affirmed")}
    assert ("data_disclosed", GENERIC, "affirmed") in found(
        "We share your personal information with our service providers.")


def test_rights_list_items_state_no_practice():
    assert found("The categories of personal information we sold about you.") == set()


@pytest.mark.parametrize("text", [
    "Please never share your password with anyone.",
    "Information you choose to share with other players is visible to them.",
    "You can instruct your browser to refuse all cookies.",
    "Under the CCPA, a sale is defined as making personal information available for value.",
])
def test_user_acts_advice_and_definitions_are_no_practice(text):
    assert not {a for a, _, _ in found(text)} & {"data_collected", "data_disclosed", "data_sold_shared"}


def test_items_under_an_exceptions_lead_in_are_affirmed():
    got = found("Analytics partners that help us measure usage.", kind="item",
                lead_in="We do not share information about you except as described below.")
    assert ("recipient", "analytics_providers", "affirmed") in got


def test_sale_column_naming_recipients_outweighs_a_not_shared_column():
    got = found("Commercial information\tService providers\tNot shared.\tData brokers", kind="table_row",
                lead_in="Category of Personal Information\tCategory of Recipients")
    assert ("data_sold_shared", "purchases", "affirmed") in got
    assert ("data_sold_shared", "purchases", "denied") not in got
