"""The one featuriser (policylens.classify.features): clause records and their feature blocks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from policylens.classify.features import ClauseFeatures, as_records
from policylens.classify.lexicon import lexicon_categories

RECORDS = [
    ("We keep account data for two years.", "Data Retention", ""),
    ("Cloud hosting providers", "Sharing", "We share data with:"),
    ("Write to privacy@example.test with questions.", "Contact Us", ""),
    ("We never sell your personal information.", "", ""),
]


@pytest.mark.parametrize(
    ("X", "want"),
    [
        (["a", "b"], [("a", "", ""), ("b", "", "")]),
        ([{"text": "a", "section": "S"}], [("a", "S", "")]),
        ([pd.Series({"text": "a", "lead_in": "L"})], [("a", "", "L")]),
        (pd.DataFrame({"text": ["a", "b"], "lead_in": ["L", None]}), [("a", "", "L"), ("b", "", "")]),
        (pd.DataFrame({"text": pd.array(["a", None], dtype="string")}), [("a", "", ""), ("", "", "")]),
        ([np.str_("a")], [("a", "", "")]),
    ],
)
def test_as_records(X, want):
    assert as_records(X) == want


@pytest.mark.parametrize(
    ("X", "error", "message"),
    [
        ("a bare string", TypeError, "expected a list"),
        (3, TypeError, "expected a list"),
        ([1], TypeError, "clause must be a string"),
        ([{"body": "x"}], ValueError, "needs a 'text' field"),
        (pd.DataFrame({"body": ["x"]}), ValueError, "needs a 'text' column"),
    ],
)
def test_as_records_errors(X, error, message):
    with pytest.raises(error, match=message):
        as_records(X)


def test_joint_block_layout():
    features = ClauseFeatures(char_ngrams=(3, 4), section_weight=2.0, lexicon_weight=0.5).fit(RECORDS)
    [X] = features.transform(RECORDS)
    n_words, n_chars = len(features.words_.vocabulary_), len(features.chars_.vocabulary_)
    n_headings = len(features.headings_.vocabulary_)
    n_lexicon = len(lexicon_categories())
    assert X.shape == (4, n_words + n_chars + n_headings + 2 * n_lexicon)
    dense = X.toarray()
    np.testing.assert_array_equal(dense[:, :n_words], features.words_.transform([
        f"{lead} {text}" if lead else text for text, _, lead in RECORDS]).toarray())
    headings = dense[:, n_words + n_chars: n_words + n_chars + n_headings]
    np.testing.assert_allclose(np.linalg.norm(headings, axis=1), [2.0, 2.0, 2.0, 0.0])  # weighted unit rows
    lexicon = dense[:, -2 * n_lexicon:]
    assert lexicon[3, lexicon_categories().index("sale")] == pytest.approx(0.5 * np.log1p(1))


def test_lead_in_is_part_of_the_body():
    features = ClauseFeatures(section_weight=0, lexicon_weight=0).fit(RECORDS)
    [with_lead] = features.transform([("Cloud hosting providers", "", "We share data with:")])
    [without] = features.transform([("Cloud hosting providers", "", "")])
    assert with_lead[0, features.words_.vocabulary_["share"]] > 0 == without[0, features.words_.vocabulary_["share"]]


def test_blocks_can_be_switched_off():
    features = ClauseFeatures(section_weight=0, lexicon_weight=0).fit(RECORDS)
    assert features.headings_ is None and features.chars_ is None
    assert features.transform(RECORDS)[0].shape[1] == len(features.words_.vocabulary_)


def test_headings_without_words_give_no_heading_block():
    features = ClauseFeatures().fit([(text, "3.1", lead) for text, _, lead in RECORDS])
    assert features.headings_ is None


def test_one_matrix_per_member_in_order():
    features = ClauseFeatures(members=("char", "joint", "nb")).fit(RECORDS)
    char, joint, nb = features.transform(RECORDS)
    assert char.shape[1] == len(features.char_member_.vocabulary_)
    assert nb.shape[1] == len(features.words_.vocabulary_)
    assert joint.shape[1] > nb.shape[1]


def test_lsa_block_is_learnt_from_unlabelled_text():
    unlabeled = ["We may store and share information with vendors and partners."] * 6
    features = ClauseFeatures(lsa_components=3).fit(RECORDS, unlabeled)
    assert "vendors" in features.lsa_vectorizer_.vocabulary_
    assert features.transform(RECORDS)[0].shape[0] == 4


def test_no_records_give_empty_matrices():
    features = ClauseFeatures(members=("joint", "nb", "char"), char_ngrams=(3, 4)).fit(RECORDS)
    assert [X.shape[0] for X in features.transform([])] == [0, 0, 0]


def test_each_row_depends_on_its_record_alone():
    features = ClauseFeatures(char_ngrams=(3, 5)).fit(RECORDS)
    [together] = features.transform(RECORDS + RECORDS[:2])
    for i, record in enumerate(RECORDS + RECORDS[:2]):
        [alone] = features.transform([record])
        np.testing.assert_array_equal(together[i].toarray(), alone.toarray())
