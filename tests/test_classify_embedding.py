"""Word vectors of the "emb" member (policylens.classify.embedding)."""

from __future__ import annotations

import numpy as np

from policylens.classify import ClauseClassifier
from policylens.classify.embedding import WordEmbedding

TEXTS = ["We keep your data for two years.", "Logs are retained for ninety days.",
         "We share data with vendors.", "Partners receive your email address."]
LABELS = [["retention"], ["retention"], ["sharing"], ["sharing"]]
UNLABELED = [f"we purge and delete old records after {n} days" for n in ("ten", "thirty", "ninety")] * 4


def test_vectors_are_learnt_from_unlabeled_text():
    with_text = ClauseClassifier(members=("emb",), threshold=0.0).fit(TEXTS, LABELS, unlabeled_texts=UNLABELED)
    without = ClauseClassifier(members=("emb",), threshold=0.0).fit(TEXTS, LABELS)
    assert "purge" in with_text.features_.embedding_.weights_.vocabulary_
    assert "purge" not in without.features_.embedding_.weights_.vocabulary_
    vectors = with_text.features_.embedding_.vectors_
    assert np.allclose(np.linalg.norm(vectors[np.linalg.norm(vectors, axis=1) > 0], axis=1), 1.0)
    assert with_text.decision_function(["we purge records"]).shape == (1, 2)


def test_words_that_co_occur_get_close_vectors():
    texts = ["purge delete records", "delete purge logs", "share vendors partners", "vendors share partners"] * 10
    emb = WordEmbedding(dim=2, window=2).fit(texts, texts)
    vocab = emb.weights_.vocabulary_
    v = emb.vectors_
    assert v[vocab["purge"]] @ v[vocab["delete"]] > v[vocab["purge"]] @ v[vocab["vendors"]]


def test_unknown_words_give_zero_vectors():
    emb = WordEmbedding(dim=2).fit(["a cookie is a file", "a file"] * 2, ["a file"])
    assert emb.transform(["zzz yyy"]).tolist() == [[0.0, 0.0, 0.0, 0.0]]
