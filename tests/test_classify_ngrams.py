"""NgramTfidf (policylens.classify.ngrams): its own counting equals scikit-learn's TfidfVectorizer."""

from __future__ import annotations

import pickle
from collections import Counter
from itertools import chain

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from policylens.classify import ngrams
from policylens.classify.ngrams import NgramTfidf, Words, char_wb_ngrams


def _assert_same_csr(got, want):
    got, want = sp.csr_matrix(got), sp.csr_matrix(want)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got.indptr, want.indptr)
    np.testing.assert_array_equal(got.indices, want.indices)
    np.testing.assert_array_equal(got.data, want.data)  # bit for bit


#: (NgramTfidf parameters) -- the TfidfVectorizer twin is the same with sublinear_tf=True
_PARAMS = [
    {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 1},
    {"analyzer": "char_wb", "ngram_range": (2, 4)},
    {"analyzer": "char_wb", "ngram_range": (1, 1)},
    {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 2, "max_features": 5},
    {"analyzer": "word", "ngram_range": (1, 2)},
    {"analyzer": "word", "ngram_range": (1, 1)},
    {"analyzer": "word", "ngram_range": (2, 2)},
    {"analyzer": "word", "ngram_range": (1, 1), "token_pattern": r"(?u)\b[a-zA-Z]{2,}\b"},
]
_FIT_DOCS = ["ab abc. Abba cab", "b-a a\u017f cé", "cab cab ab", "ab-cab 2a a2 é_b", "Σας ΣΑΣ ab"]
# whitespace of several kinds, case that folds (final sigma, dotted I, long s), punctuation, NUL
_DOCS = st.lists(st.text(alphabet=st.sampled_from("abcAB é\u017f\t\n.-_2\0ΣİI\x1c\u00a0"), max_size=30),
                 min_size=1, max_size=8)


def _sklearn(params: dict) -> TfidfVectorizer:
    return TfidfVectorizer(sublinear_tf=True, **params).fit(_FIT_DOCS)


@pytest.mark.parametrize("params", _PARAMS)
@settings(max_examples=40, deadline=None)
@given(docs=_DOCS)
def test_transform_equals_tfidfvectorizer(params, docs):
    mine, theirs = NgramTfidf(**params).fit(_FIT_DOCS), _sklearn(params)
    assert mine.vocabulary_ == theirs.vocabulary_
    docs = docs + docs[:2]  # repeated documents
    want = theirs.transform(docs)
    _assert_same_csr(mine.transform(docs), want)
    _assert_same_csr(mine.transform(docs), want)  # again, from the words kept from the first call
    _assert_same_csr(mine.transform(Words(docs)), want)  # from a shared split


@pytest.mark.parametrize("limit", [0, 3])
def test_a_full_word_cache_changes_nothing(monkeypatch, limit):
    monkeypatch.setattr(ngrams, "WORD_CACHE_LIMIT", limit)
    docs = ["ab abc abba", "cab ab-c abc", "b a b a", "new words here ab"]
    for params in _PARAMS:
        mine = NgramTfidf(**params).fit(_FIT_DOCS)
        for _ in range(2):
            _assert_same_csr(mine.transform(docs), _sklearn(params).transform(docs))


def test_refitting_forgets_the_old_vocabulary():
    docs = ["ab abc abba cab", "cab ab abc"]
    for params in (_PARAMS[0], _PARAMS[4]):
        mine = NgramTfidf(**params).fit(_FIT_DOCS)
        mine.transform(docs)
        refit = ["abc cab abba zz", "zz ab"]
        mine.fit(refit)
        _assert_same_csr(mine.transform(docs), TfidfVectorizer(sublinear_tf=True, **params).fit(refit).transform(docs))


def test_counts_are_term_counts():
    mine = NgramTfidf(ngram_range=(1, 2)).fit(["we keep logs", "we share logs"])
    counts = mine.counts(["We keep logs; we keep logs.", "unknown"]).toarray()
    vocab = mine.vocabulary_
    assert counts[0, vocab["keep"]] == 2 and counts[0, vocab["logs we"] if "logs we" in vocab else vocab["we"]] == 2
    assert counts[1].sum() == 0


def test_empty_input_and_pickling():
    mine = NgramTfidf("char_wb", (2, 3)).fit(_FIT_DOCS)
    assert mine.transform([]).shape == (0, len(mine.vocabulary_))
    assert mine.transform(["", "   "]).nnz == 0
    again = pickle.loads(pickle.dumps(mine))
    _assert_same_csr(again.transform(["cab ab"]), mine.transform(["cab ab"]))


@pytest.mark.parametrize(("analyzer", "ngram_range"), [("word", (1, 3)), ("char", (2, 3)), ("word", (0, 1))])
def test_unsupported_settings_are_refused(analyzer, ngram_range):
    with pytest.raises(ValueError, match="analyzer|ngram_range"):
        NgramTfidf(analyzer, ngram_range)


@settings(max_examples=200, deadline=None)
@given(
    word=st.text(alphabet=st.sampled_from("ab\u017fé-.İ"), min_size=1, max_size=9),
    ngram_range=st.sampled_from([(3, 5), (2, 5), (1, 1), (1, 3), (4, 4), (2, 8)]),
)
def test_char_wb_ngrams_are_sklearns(word, ngram_range):
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=ngram_range, lowercase=False).build_analyzer()
    assert Counter(char_wb_ngrams(word, *ngram_range)) == Counter(analyzer(word))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("aB Σς\0\t\nİ."), max_size=12), max_size=6))
def test_words_are_each_distinct_document_lowercased_and_split(docs):
    split = Words(docs)
    distinct = list(dict.fromkeys(docs))
    assert split.n_distinct == len(distinct)
    per_doc = [doc.lower().split() for doc in distinct]
    assert [split.words[c] for c in split.codes] == list(chain.from_iterable(per_doc))
    assert split.doc_of.tolist() == [i for i, words in enumerate(per_doc) for _ in words]
    rows = range(len(docs)) if split.which is None else split.which
    assert [distinct[r] for r in rows] == list(docs)
