"""Word vectors learnt at fit time from unlabelled policy text, for the ``"emb"`` ensemble member.

Positive PMI over a co-occurrence window, reduced by truncated SVD (Levy & Goldberg 2014): in-domain
co-occurrence lets "purge" sit near "delete" although no labelled clause says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.extmath import randomized_svd

_EMB_TOKEN = r"(?u)\b[a-z][a-z]+\b"


class WordEmbedding:
    """Word vectors from positive PMI + truncated SVD over a co-occurrence window.

    As in Levy & Goldberg (2014), learnt from unlabelled text; a clause is the L2-normalised
    TF-IDF-weighted mean of its words' vectors next to their (normalised) element-wise maximum.

    Parameters
    ----------
    dim : int
        Size of a word vector.
    window : int
        Words either side that count as co-occurring.
    random_state : int or None
        Seed of the SVD.
    min_df : int
        Minimum document frequency of a word (1 when there are fewer than ``50 * min_df`` texts).

    Examples
    --------
    >>> texts = ["we delete and purge old records", "we purge logs and delete backups"] * 3
    >>> emb = WordEmbedding(dim=4, window=2).fit(texts, texts)
    >>> emb.transform(["we purge records"]).shape
    (1, 8)
    """

    def __init__(self, dim: int = 200, window: int = 5, random_state: int | None = 0, min_df: int = 5):
        self.dim, self.window, self.random_state, self.min_df = dim, window, random_state, min_df

    def fit(self, texts: Sequence[str], weighting_texts: Sequence[str]) -> WordEmbedding:
        """Learn the word vectors from ``texts`` and the TF-IDF weights from ``weighting_texts``.

        Parameters
        ----------
        texts : sequence of str
            Unlabelled text.
        weighting_texts : sequence of str
            The texts whose document frequencies weigh a clause's words (the training clauses).

        Returns
        -------
        self : WordEmbedding

        Examples
        --------
        >>> WordEmbedding(dim=2).fit(["a cookie is a file", "a file"] * 2, ["a file"]).vectors_.shape
        (3, 2)
        """
        min_df = self.min_df if len(texts) >= 50 * self.min_df else 1
        counter = CountVectorizer(token_pattern=_EMB_TOKEN, min_df=min_df, max_features=30_000).fit(texts)
        vocabulary = counter.vocabulary_
        token = re.compile(_EMB_TOKEN)
        rows, cols = [], []
        for text in texts:
            ids = np.fromiter((vocabulary[w] for w in token.findall(text.lower()) if w in vocabulary), dtype=np.int64)
            for d in range(1, self.window + 1):
                if len(ids) > d:
                    rows.append(ids[:-d])
                    cols.append(ids[d:])
        n = len(vocabulary)
        if rows:
            r, c = np.concatenate(rows), np.concatenate(cols)
            pairs = sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n)).tocsr()
        else:
            pairs = sp.csr_matrix((n, n))
        pairs = (pairs + pairs.T).tocoo()
        word_sum = np.asarray(pairs.sum(axis=1)).ravel()
        context = np.asarray(pairs.sum(axis=0)).ravel() ** 0.75  # smoothed context distribution
        with np.errstate(divide="ignore"):
            pmi = np.log(pairs.data * context.sum() / (word_sum[pairs.row] * context[pairs.col]))
        keep = pmi > 0
        ppmi = sp.csr_matrix((pmi[keep], (pairs.row[keep], pairs.col[keep])), shape=(n, n))
        k = max(1, min(self.dim, n - 1))
        if ppmi.nnz:
            u, s, _ = randomized_svd(ppmi, k, random_state=self.random_state)
            self.vectors_ = normalize(u * np.sqrt(s))
        else:
            self.vectors_ = np.zeros((n, k))
        self.weights_ = TfidfVectorizer(vocabulary=vocabulary, token_pattern=_EMB_TOKEN, sublinear_tf=True).fit(
            weighting_texts
        )
        return self

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), 2 * dim): the weighted mean and the element-wise maximum of the words' vectors.

        Parameters
        ----------
        texts : sequence of str

        Returns
        -------
        ndarray

        Examples
        --------
        >>> emb = WordEmbedding(dim=2).fit(["a cookie is a file", "a file"] * 2, ["a file"])
        >>> emb.transform(["unknown words"]).tolist()
        [[0.0, 0.0, 0.0, 0.0]]
        """
        weights = self.weights_.transform(texts).tocsr()
        mean = normalize(weights @ self.vectors_)
        peak = np.zeros_like(mean)
        for i in range(weights.shape[0]):
            idx = weights.indices[weights.indptr[i] : weights.indptr[i + 1]]
            if len(idx):
                peak[i] = self.vectors_[idx].max(axis=0)
        return np.hstack([mean, normalize(peak)])


