"""The fast featurisation of ``policylens.classify`` gives the same numbers as the straightforward one."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

import policylens as pl
from policylens.taxonomy import keywords

cl = importlib.import_module("policylens.classify")

# Words the cue phrases are built from, mixed with near misses (inflections, glued words,
# case changes, punctuation, e-mail signs, Unicode letters that fold to ASCII ones).
_PHRASES = sorted({w for words in keywords().values() for w in words})
_PIECES = st.one_of(
    st.sampled_from(_PHRASES),
    st.sampled_from(_PHRASES).map(str.upper),
    st.sampled_from(_PHRASES).map(lambda w: w + "s"),
    st.sampled_from(_PHRASES).map(lambda w: "x" + w),
    # "\u017f" (long s) and "\u212a" (Kelvin sign) match "s" and "k" case-insensitively.
    st.sampled_from([w for w in _PHRASES if "s" in w or "k" in w]).map(
        lambda w: w.replace("s", "\u017f", 1).replace("k", "\u212a", 1)
    ),
    st.sampled_from([" ", "  ", "\n", ".", ",", "-", "@", "_", "'", "\u017f", "\u212a", "é", "İ", "do", "not"]),
    st.text(max_size=6),
)
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=5))
def test_lexicon_counts_equal_one_findall_per_category(texts):
    np.testing.assert_array_equal(cl.lexicon_counts(texts), cl._lexicon_counts_reference(texts))


def test_lexicon_counts_of_repeated_texts_are_repeated():
    texts = ["We share data with partners.", "", "We share data with partners.", "Cookies and cookies."]
    counts = cl.lexicon_counts(texts)
    np.testing.assert_array_equal(counts[0], counts[2])
    np.testing.assert_array_equal(counts, cl._lexicon_counts_reference(texts))


@pytest.mark.parametrize(
    "params",
    [
        {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 1, "sublinear_tf": True},
        {"analyzer": "char_wb", "ngram_range": (2, 4), "min_df": 1},
        {"ngram_range": (1, 2), "sublinear_tf": True},
    ],
)
@settings(max_examples=40, deadline=None)
@given(docs=st.lists(st.text(alphabet=st.sampled_from("abcAB é\u017f\t\n.-"), max_size=30), min_size=1, max_size=8))
def test_transform_equals_the_vectorizers_own(params, docs):
    vectorizer = TfidfVectorizer(**params).fit(["ab abc. Abba cab", "b-a a\u017f cé", "cab cab ab"])
    got = cl._transform(vectorizer, docs + docs[:2]).toarray()
    want = vectorizer.transform(docs + docs[:2]).toarray()
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-15)


def test_classify_equals_reference_mode_on_repeated_clauses():
    texts = [
        "We keep your data for two years.",
        "You may ask us to delete your data.",
        "We keep your data for two years.",
        "Contact privacy@example.org with questions.",
        "",
    ]
    fast = pl.classify(texts)
    with cl.reference_mode():
        slow = pl.classify(texts)
    assert fast["category"].tolist() == slow["category"].tolist()
    assert fast["categories"].tolist() == slow["categories"].tolist()
    np.testing.assert_allclose(fast["confidence"], slow["confidence"], rtol=0, atol=1e-12)
    assert fast.loc[0, "categories"] == fast.loc[2, "categories"]
