"""The fast prediction path of ``policylens.classify`` gives the same numbers as the straightforward one.

Each fast piece is checked against its reference: the one-scan cue-phrase counts against one
``findall`` per category, the numpy term counts against the vectorizers' own ``transform``
(bit for bit), the fused scoring against the stacked feature matrix and each label's
``decision_function``, the vectorised label ranking against the per-row loop.
"""

from __future__ import annotations

import importlib
from collections import Counter
from itertools import chain

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

import policylens as pl
from policylens import config
from policylens.taxonomy import keywords

cl = importlib.import_module("policylens.classify")

# Words the cue phrases are built from, mixed with near misses (inflections, glued words,
# case changes, punctuation, e-mail signs, Unicode letters that fold to ASCII ones).
_PHRASES = sorted({w for words in keywords().values() for w in words})
_SEPARATORS = [" ", "  ", "\n", ".", ",", "-", "@", "_", "'", "(", ")", "\u2019", "\u201c", "\u00a0", "\t"]
_PIECES = st.one_of(
    st.sampled_from(_PHRASES),
    st.sampled_from(_PHRASES).map(str.upper),
    st.sampled_from(_PHRASES).map(lambda w: w + "s"),
    st.sampled_from(_PHRASES).map(lambda w: "x" + w),
    # "\u017f" (long s) and "\u212a" (Kelvin sign) match "s" and "k" case-insensitively.
    st.sampled_from([w for w in _PHRASES if "s" in w or "k" in w]).map(
        lambda w: w.replace("s", "\u017f", 1).replace("k", "\u212a", 1)
    ),
    st.sampled_from(_SEPARATORS + ["\u017f", "\u212a", "é", "İ", "do", "not", "\0"]),
    st.text(max_size=6),
)
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)
# Mostly "plain" texts (what the one-scan path counts): phrases and separators only.
_PLAIN_TEXTS = st.lists(
    st.one_of(st.sampled_from(_PHRASES), st.sampled_from(_PHRASES).map(str.title), st.sampled_from(_SEPARATORS)),
    max_size=16,
).map("".join)


# --- cue-phrase counts -----------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=5))
def test_lexicon_counts_equal_one_findall_per_category(texts):
    np.testing.assert_array_equal(cl.lexicon_counts(texts), cl._lexicon_counts_reference(texts))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PLAIN_TEXTS, _TEXTS), min_size=1, max_size=12))
def test_lexicon_counts_of_many_mostly_plain_texts_equal_the_reference(texts):
    np.testing.assert_array_equal(cl.lexicon_counts(texts), cl._lexicon_counts_reference(texts))


def test_lexicon_counts_of_repeated_texts_are_repeated():
    texts = ["We share data with partners.", "", "We share data with partners.", "Cookies and cookies."]
    counts = cl.lexicon_counts(texts)
    np.testing.assert_array_equal(counts[0], counts[2])
    np.testing.assert_array_equal(counts, cl._lexicon_counts_reference(texts))


@pytest.mark.parametrize(
    "texts",
    [
        ["We do not", "sell your data."],  # a phrase must not run from one text into the next
        ["contact us @", "@ the office"],
        ["privacy policy privacy policy", "Privacy Policy."],
        ["“Do Not Sell” my data", "opt-out / opt out"],
        ["Café cookies", "naïve third parties"],  # non-ASCII word characters: the other path
    ],
)
def test_lexicon_counts_of_texts_scanned_together(texts):
    counts = cl.lexicon_counts(texts)
    np.testing.assert_array_equal(counts, cl._lexicon_counts_reference(texts))
    for i, text in enumerate(texts):  # the same as each text counted alone
        np.testing.assert_array_equal(counts[i], cl.lexicon_counts([text])[0])


@pytest.mark.parametrize(
    ("char", "plain"),
    [("\u2019", True), ("\u201c", True), ("\u00a0", True), ("é", True), ("ß", True), ("Å", True),
     ("\u017f", False), ("\u212a", False), ("İ", False), ("ı", False)],
)
def test_plain_characters(char, plain):
    assert cl._plain_char(char) is plain


# --- term counts -----------------------------------------------------------------------------
def _assert_same_csr(got, want):
    got, want = sp.csr_matrix(got), sp.csr_matrix(want)
    assert got.shape == want.shape
    np.testing.assert_array_equal(got.indptr, want.indptr)
    np.testing.assert_array_equal(got.indices, want.indices)
    np.testing.assert_array_equal(got.data, want.data)  # bit for bit


_VECTORIZER_PARAMS = [
    {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 1, "sublinear_tf": True},
    {"analyzer": "char_wb", "ngram_range": (2, 4), "min_df": 1},
    {"analyzer": "char_wb", "ngram_range": (1, 1), "norm": "l1", "use_idf": False},
    {"ngram_range": (1, 2), "sublinear_tf": True},
    {"ngram_range": (1, 1)},
    {"ngram_range": (2, 2), "norm": None},
    {"sublinear_tf": True, "token_pattern": r"(?u)\b[a-zA-Z]{2,}\b"},
    {"ngram_range": (1, 3)},  # not a fast path: the vectorizer's own transform
    {"stop_words": ["ab"]},  # not a fast path either
]
_FIT_DOCS = ["ab abc. Abba cab", "b-a a\u017f cé", "cab cab ab", "ab-cab 2a a2 é_b"]
_DOCS = st.lists(st.text(alphabet=st.sampled_from("abcAB é\u017f\t\n.-_2\0"), max_size=30), min_size=1, max_size=8)


@pytest.mark.parametrize("params", _VECTORIZER_PARAMS)
@settings(max_examples=40, deadline=None)
@given(docs=_DOCS)
def test_transform_equals_the_vectorizers_own(params, docs):
    vectorizer = TfidfVectorizer(**params).fit(_FIT_DOCS)
    docs = docs + docs[:2]
    want = vectorizer.transform(docs)
    _assert_same_csr(cl._transform(vectorizer, docs), want)
    _assert_same_csr(cl._transform(vectorizer, docs), want)  # again, from the kept per-word columns


@pytest.mark.parametrize("limit", [0, 3])
def test_transform_with_a_full_word_cache_is_unchanged(monkeypatch, limit):
    monkeypatch.setattr(cl, "_WORD_CACHE_LIMIT", limit)
    docs = ["ab abc abba", "cab ab-c abc", "b a b a", "new words here ab"]
    for params in _VECTORIZER_PARAMS[:4]:
        vectorizer = TfidfVectorizer(**params).fit(_FIT_DOCS)
        for _ in range(2):
            _assert_same_csr(cl._transform(vectorizer, docs), vectorizer.transform(docs))


def test_refitting_a_vectorizer_drops_what_was_derived_from_its_vocabulary():
    docs = ["ab abc abba cab", "cab ab abc"]
    for params in (_VECTORIZER_PARAMS[0], _VECTORIZER_PARAMS[3]):
        vectorizer = TfidfVectorizer(**params).fit(_FIT_DOCS)
        _assert_same_csr(cl._transform(vectorizer, docs), vectorizer.transform(docs))
        vectorizer.fit(["abc cab abba zz", "zz ab"])
        _assert_same_csr(cl._transform(vectorizer, docs), vectorizer.transform(docs))


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text(alphabet=st.sampled_from("ab\u017fé-.İ"), min_size=1, max_size=9), max_size=6),
    ngrams=st.sampled_from([(3, 5), (2, 5), (1, 1), (1, 3), (4, 4), (2, 8)]),
)
def test_char_wb_ngrams_are_sklearns(words, ngrams):
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=ngrams)
    grams, owner = cl._char_wb_ngrams_of(words, *ngrams)
    assert len(grams) == len(owner)
    for i, word in enumerate(words):
        mine = Counter(g for g, o in zip(grams, owner, strict=True) if o == i)
        assert mine == Counter(vectorizer._char_wb_ngrams(word))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("aB Σς\0\t\nİ."), max_size=12), max_size=6))
def test_split_equals_splitting_each_document(docs):
    split = cl._Split(docs)
    per_doc = [doc.lower().split() for doc in docs]
    assert [split.words[c] for c in split.codes] == list(chain.from_iterable(per_doc))
    assert split.indptr.tolist() == np.cumsum([0] + [len(w) for w in per_doc]).tolist()
    assert len(set(split.words)) == len(split.words)


# --- scores and labels -----------------------------------------------------------------------
@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), widths=st.lists(st.integers(0, 7), min_size=1, max_size=4))
def test_accumulate_adds_like_the_stacked_matrix_product(seed, widths):
    rng = np.random.default_rng(seed)
    rows = int(rng.integers(0, 6))
    blocks = [sp.random(rows, w, density=0.5, format="csr", random_state=rng) for w in widths]
    weights = rng.normal(size=(sum(widths), 3))
    sums = np.zeros((rows, 3))
    offset = 0
    for block in blocks:
        offset = cl._accumulate(sums, block, weights, offset)
    assert offset == sum(widths)
    stacked = sp.hstack(blocks, format="csr") if sum(widths) else sp.csr_matrix((rows, 0))
    for j in range(3):  # one label's model: csr @ weight vector, from zero
        np.testing.assert_array_equal(sums[:, j], stacked @ np.ascontiguousarray(weights[:, j]))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda k: st.lists(st.lists(st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0, 2.0]), min_size=k, max_size=k),
                           min_size=1, max_size=12)
    ),
    st.integers(0, 2),
)
def test_ranked_labels_equal_the_per_row_ranking(rows, min_labels):
    scores = np.array(rows)
    model = cl.ClauseClassifier(min_labels=min_labels)
    chosen = model._decide(scores)
    classes = np.array([f"label{i}" for i in range(scores.shape[1])], dtype=object)
    got = cl._ranked_labels(scores, chosen, classes)
    assert got == cl._ranked_labels_reference(scores, chosen, classes)
    assert len({id(labels) for labels in got}) == len(got)  # every row its own list


_TRAIN = cl.training_data().iloc[::3]
_UNLABELED = [t for t in cl.training_data()["text"].iloc[1::3]]


@pytest.mark.parametrize(
    "params",
    [
        cl.DEFAULT_PARAMS,
        {**cl.DEFAULT_PARAMS, "members": ("joint", "nb", "char")},
        {**cl.DEFAULT_PARAMS, "members": ("char", "joint")},
        {"threshold": 0.0, "char_ngrams": None, "section_weight": 0.0},
        {"threshold": 0.0, "lexicon_weight": 0.0, "lsa_components": 5},
        {"threshold": 0.0, "members": ("nb",)},
    ],
)
def test_decision_function_equals_the_reference_path(params):
    model = cl.ClauseClassifier(**params).fit(
        _TRAIN[["text", "section", "lead_in"]], _TRAIN["labels"].tolist(), unlabeled_texts=_UNLABELED
    )
    texts = cl.training_data().iloc[1::4]
    clauses = pd.concat([texts, texts.iloc[:5]])[["text", "section", "lead_in"]]
    clauses = pd.concat([clauses, pd.DataFrame({"text": ["", "Cookies: é ſ", "We sell nothing."],
                                                "section": ["", "Privacy Policy", ""], "lead_in": ["", "", "Note:"]})])
    fast = model.decision_function(clauses)
    with cl.reference_mode():
        slow = model.decision_function(clauses)
    np.testing.assert_array_equal(fast, slow)  # bit for bit


def test_a_refit_model_scores_with_its_new_weights():
    model = cl.ClauseClassifier(threshold=0.0).fit(_TRAIN[["text", "section", "lead_in"]], _TRAIN["labels"].tolist())
    texts = cl.training_data()["text"].iloc[1::5].tolist()
    model.decision_function(texts)
    other = cl.training_data().iloc[1::3]
    model.fit(other[["text", "section", "lead_in"]], other["labels"].tolist())
    fast = model.decision_function(texts)
    with cl.reference_mode():
        np.testing.assert_array_equal(fast, model.decision_function(texts))


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
    np.testing.assert_array_equal(fast["confidence"], slow["confidence"])
    assert fast.loc[0, "categories"] == fast.loc[2, "categories"]


def test_classify_per_document_equals_classify_at_once():
    clauses = pd.concat(
        [pl.segment(pl.load(p)) for p in sorted(config.bundled_policies_dir().glob("*.txt"))], ignore_index=True
    )
    at_once = pl.classify(clauses)
    one_by_one = pd.concat([pl.classify(group) for _, group in clauses.groupby("policy", sort=False)])
    pd.testing.assert_frame_equal(one_by_one.loc[at_once.index], at_once)
    with cl.reference_mode():
        slow = pl.classify(clauses)
    pd.testing.assert_frame_equal(at_once, slow)
