"""The glossary: every id the report shows has a label and a one-line description in the data."""

from __future__ import annotations

import pytest

from policylens.report.glossary import describe, label, term, terms
from policylens.resources import load_data, vocabulary
from policylens.schema import POLICY_COLUMNS

ASPECTS = list(load_data("vocabulary.yaml")["aspects"])


@pytest.mark.parametrize("aspect", ASPECTS)
def test_every_vocabulary_id_has_a_label_and_a_description(aspect):
    written = terms(aspect)
    missing = [v for v in vocabulary(aspect) if v not in written or not written[v].description]
    assert not missing, f"add to data/glossary.yaml under {aspect}: {missing}"


def test_glossary_has_no_id_the_vocabulary_lacks():
    for aspect in ASPECTS:
        assert set(terms(aspect)) <= set(vocabulary(aspect)), aspect


def test_every_policy_fact_has_a_label_and_a_description():
    facts = terms("fact")
    missing = [c for c in POLICY_COLUMNS if c not in ("policy", "format", "sha256", "n_chars")
               and (c not in facts or not facts[c].description)]
    assert not missing


@pytest.mark.parametrize("aspect, value, expected", [
    ("right", "opt_out_sale_sharing", "Opt out of sale/sharing"),
    ("transfer_mechanism", "unspecified_safeguards", "Unnamed safeguards"),
    ("law", "hk_pdpo", "Hong Kong PDPO"),
    ("transfer_destination", "us", "United States"),
    ("transfer_destination", "new_zealand", "New Zealand"),  # no entry: made from the id
    ("category", "user_rights", "User rights"),
])
def test_labels(aspect, value, expected):
    assert label(aspect, value) == expected


def test_unknown_id_has_no_description_but_a_label():
    assert describe("right", "no_such_right") == ""
    assert term("right", "no_such_right").label == "No such right"


def test_glossary_entries_have_only_a_label_and_a_description():
    # an unquoted comma in a YAML flow mapping silently cuts a description into extra keys
    for aspect, entries in load_data("glossary.yaml").items():
        if isinstance(entries, dict):
            for key, entry in entries.items():
                assert set(entry) <= {"label", "description"}, (aspect, key, entry)


@pytest.mark.parametrize(("aspect", "vocab"), [("data_category", "categories"), ("data_collected", "categories"),
                                               ("data_sold_shared", "categories"), ("purpose", "purposes"),
                                               ("recipient", "recipients"), ("data_source", "sources")])
def test_every_practice_id_has_a_label_and_a_description(aspect, vocab):
    from policylens.extract.practices_vocab import ids

    written = terms(aspect)
    missing = [v for v in ids(vocab) if v not in written or not written[v].description]
    assert not missing, (aspect, missing)


def test_practice_labels_come_from_the_vocabulary():
    from policylens.extract.practices import GENERIC, LISTED
    from policylens.extract.practices_vocab import CCPA_CATEGORIES

    assert label("purpose", "ai_training") == "AI training"
    assert label("data_disclosed", "precise_location") == "Precise location"
    assert describe("recipient", "data_brokers").endswith(".")
    assert {GENERIC, LISTED} <= set(terms("data_collected"))
    assert set(terms("ccpa_category")) == {*CCPA_CATEGORIES, "sensitive"}
