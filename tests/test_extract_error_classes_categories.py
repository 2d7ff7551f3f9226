"""Retention data categories normalised to a small vocabulary (issue #12 §3h)."""

from __future__ import annotations

import pytest

from policylens.extract.categories import category_ids, is_fragment, normalise_category
from policylens.resources import load_data

_DATA = load_data("retention_categories.yaml")
_EXAMPLES = [(e, c["id"]) for c in _DATA["categories"] for e in c["examples"]]


def test_the_vocabulary_is_the_documented_one():
    assert set(category_ids()) == {"account", "contact", "usage_logs", "location", "payment_transactions",
                                   "communications", "marketing", "cookies_analytics", "backups", "content",
                                   "generic"}
    assert category_ids()[-1] == "generic"


@pytest.mark.parametrize(("phrase", "category"), _EXAMPLES)
def test_yaml_examples(phrase, category):
    assert normalise_category(phrase) == category


@pytest.mark.parametrize(("phrase", "category"), [
    ("your Personal Information", "generic"),
    ("the information we collect about you", "generic"),
    ("Customer billing details and receipts", "payment_transactions"),
    ("payment account details", "payment_transactions"),
    ("records of the chats you send to support", "communications"),
    ("your e-mail address", "contact"),
    ("GPS traces", "location"),
    ("information logged by Google Analytics", "cookies_analytics"),
    ("your profile", "account"),
    ("videos you post", "content"),
    ("copies held in our disaster recovery systems", "backups"),
])
def test_composed_phrases(phrase, category):
    assert normalise_category(phrase) == category


@pytest.mark.parametrize("phrase", _DATA["fragment_examples"] + ["", "  ", "of", "it goes to"])
def test_fragments_are_no_category(phrase):
    assert normalise_category(phrase) == ""
    if phrase.strip():
        assert is_fragment(phrase)


@pytest.mark.parametrize("phrase", ["account data", "logs", "your information", "Payment history"])
def test_noun_phrases_are_no_fragments(phrase):
    assert not is_fragment(phrase)
