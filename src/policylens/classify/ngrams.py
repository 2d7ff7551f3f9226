"""TF-IDF of word or ``char_wb`` n-grams: vocabulary learnt by scikit-learn, counting done here.

:class:`NgramTfidf` learns its vocabulary and idf weights with ``TfidfVectorizer.fit`` (public
``vocabulary_`` and ``idf_``) and counts n-grams itself, with the same analysis as scikit-learn
(lower-case, then word tokens of ``token_pattern`` or ``char_wb`` n-grams of each
whitespace-separated word padded with one space). A document's counts are sparse products:

* ``char_wb``: (documents x distinct words) @ (distinct words x n-grams). A word's n-gram columns
  are found once and kept (most words recur from one call to the next; keeping them, and the
  words' tokens, saves about a fifth of classify time, ~7 % of ``analyze``: classify_speed.py
  groups 1.95 -> 1.56 CPU s);
* ``word``: a word's tokens found once and kept; each token's column looked up in the
  vocabulary, each adjacent token pair's column found by a binary search of the vocabulary's
  bigrams as (left, right) token codes.

The weighting is scikit-learn's: ``1 + log(count)`` when ``sublinear_tf``, times ``idf_``, each
row L2-normalised. The result equals ``TfidfVectorizer.transform`` (tests/test_classify_ngrams.py
checks it bit for bit); counting this way is about 5x faster than ``TfidfVectorizer.transform``
on the policond2024 clauses (word and ``char_wb`` blocks: 1.5 s vs 7.8 s CPU).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

#: scikit-learn's default word token: two or more word characters
WORD_TOKENS = r"(?u)\b\w\w+\b"

#: distinct words whose ``char_wb`` columns are kept between calls (a few tens of MB at most)
WORD_CACHE_LIMIT = 200_000


class NgramTfidf:
    """Sublinear-tf TF-IDF of word or ``char_wb`` n-grams of lower-cased text.

    Parameters
    ----------
    analyzer : {"word", "char_wb"}
        Word tokens (``token_pattern``) and their n-grams, or character n-grams inside words.
    ngram_range : tuple of int
        Smallest and largest n. Word n-grams go up to 2.
    min_df : int or float
        Minimum document frequency of a kept n-gram (count, or fraction of the documents).
    max_features : int or None
        Keep only the most frequent n-grams.
    token_pattern : str
        Regular expression of a word token (``analyzer="word"``); it must not match whitespace.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Column of each n-gram.
    idf_ : ndarray of shape (n_features,)
        Inverse document frequency of each column (smoothed, as in scikit-learn).

    Examples
    --------
    >>> from policylens.classify.ngrams import NgramTfidf
    >>> tfidf = NgramTfidf(ngram_range=(1, 2)).fit(["we keep logs", "we share logs"])
    >>> sorted(tfidf.vocabulary_)
    ['keep', 'keep logs', 'logs', 'share', 'share logs', 'we', 'we keep', 'we share']
    >>> tfidf.transform(["We keep logs."]).nnz
    5
    """

    def __init__(
        self,
        analyzer: str = "word",
        ngram_range: tuple[int, int] = (1, 1),
        min_df: int | float = 1,
        max_features: int | None = None,
        token_pattern: str = WORD_TOKENS,
    ):
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"analyzer must be 'word' or 'char_wb', got {analyzer!r}")
        low, high = ngram_range
        if not 1 <= low <= high or (analyzer == "word" and high > 2):
            raise ValueError(f"unsupported ngram_range {ngram_range!r} for analyzer {analyzer!r}")
        self.analyzer = analyzer
        self.ngram_range = (int(low), int(high))
        self.min_df = min_df
        self.max_features = max_features
        self.token_pattern = token_pattern
        self._token = re.compile(token_pattern)
        self._columns: dict[str, np.ndarray] = {}  # char_wb: each word's n-gram columns
        self._word_tokens: dict[str, list[str]] = {}  # word: each word's tokens
        self._bigram_index: tuple[dict[str, int], np.ndarray, np.ndarray] | None = None

    def fit(self, docs: Sequence[str]) -> NgramTfidf:
        """Learn the vocabulary and idf weights of ``docs``.

        Parameters
        ----------
        docs : sequence of str
            Training documents.

        Returns
        -------
        self : NgramTfidf
            The fitted instance.

        Examples
        --------
        >>> NgramTfidf(analyzer="char_wb", ngram_range=(3, 3)).fit(["log"]).vocabulary_
        {' lo': 0, 'log': 1, 'og ': 2}
        """
        vectorizer = TfidfVectorizer(
            analyzer=self.analyzer, ngram_range=self.ngram_range, min_df=self.min_df,
            max_features=self.max_features, token_pattern=self.token_pattern, sublinear_tf=True,
        ).fit(docs)
        self.vocabulary_ = dict(vectorizer.vocabulary_)
        self.idf_ = np.asarray(vectorizer.idf_, dtype=np.float64)
        self._columns, self._word_tokens, self._bigram_index = {}, {}, None
        return self

    def transform(self, docs: Sequence[str] | Words) -> sp.csr_matrix:
        """The TF-IDF rows of ``docs`` (canonical CSR, float64).

        Parameters
        ----------
        docs : sequence of str, or Words
            Documents to featurise, or their :class:`Words` (shared by the vectorisers of one call).

        Returns
        -------
        X : scipy.sparse.csr_matrix of shape (len(docs), n_features)

        Examples
        --------
        >>> tfidf = NgramTfidf().fit(["we keep logs", "we share logs"])
        >>> X = tfidf.transform(["logs logs", "nothing known"])
        >>> X.shape, X[1].nnz
        ((2, 4), 0)
        """
        counts = self.counts(docs)
        np.log(counts.data, out=counts.data)
        counts.data += 1.0
        counts.data *= self.idf_[counts.indices]
        return normalize(counts, copy=False) if counts.shape[0] else counts

    def counts(self, docs: Sequence[str] | Words) -> sp.csr_matrix:
        """Term counts of ``docs`` in the fitted vocabulary (canonical CSR, float64).

        Parameters
        ----------
        docs : sequence of str, or Words
            Documents to count, or their :class:`Words`.

        Returns
        -------
        X : scipy.sparse.csr_matrix of shape (len(docs), n_features)

        Examples
        --------
        >>> NgramTfidf().fit(["a cookie is a file"]).counts(["Cookie, cookie!"]).toarray()
        array([[2., 0., 0.]])
        """
        words = docs if isinstance(docs, Words) else Words(docs)
        shape = (words.n_distinct, len(self.vocabulary_))
        if self.analyzer == "word":
            counts = self._word_counts(words.doc_of, words.codes, words.words, shape)
        else:
            counts = self._char_wb_counts(words.doc_of, words.codes, words.words, shape)
        return counts if words.which is None else counts[words.which]

    def _word_counts(self, doc_of: np.ndarray, codes: np.ndarray, words: list[str], shape: tuple[int, int]) -> sp.csr_matrix:
        """Counts of the word n-grams of the documents whose word occurrences are ``words[codes]``
        (document ``doc_of``)."""
        tokens = [self._tokens(word) for word in words]
        per_word = np.array([len(t) for t in tokens], dtype=np.int64)
        token_codes, distinct = pd.factorize(pd.Index(list(chain.from_iterable(tokens)), dtype=object))
        distinct = distinct.tolist()
        # the token sequence: each word occurrence's tokens, in order
        starts = np.cumsum(per_word) - per_word
        lengths = per_word[codes]
        first = np.repeat(starts[codes] - (np.cumsum(lengths) - lengths), lengths)
        sequence = token_codes[np.arange(int(lengths.sum())) + first]
        rows = np.repeat(doc_of, lengths)
        row_parts, col_parts = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
        low, high = self.ngram_range
        if low == 1:
            unigram = _lookup(self.vocabulary_, distinct)[sequence]
            row_parts.append(rows[unigram >= 0])
            col_parts.append(unigram[unigram >= 0])
        if high == 2 and len(sequence) > 1:
            # a bigram "a b" is in the vocabulary when its (code of a, code of b) pair is
            pair_tokens, pair_keys, pair_columns = self._bigrams()
            token_code = _lookup(pair_tokens, distinct)[sequence]
            left, right = token_code[:-1], token_code[1:]
            ok = (rows[1:] == rows[:-1]) & (left >= 0) & (right >= 0)
            keys = left[ok] * len(pair_tokens) + right[ok]
            at = np.minimum(np.searchsorted(pair_keys, keys), max(len(pair_keys) - 1, 0))
            hit = pair_keys[at] == keys if len(pair_keys) else np.zeros(len(keys), dtype=bool)
            row_parts.append(rows[:-1][ok][hit])
            col_parts.append(pair_columns[at[hit]])
        r, c = np.concatenate(row_parts), np.concatenate(col_parts)
        counts = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=shape)
        counts.sum_duplicates()  # canonical: sorted columns, one entry per cell
        return counts

    def _tokens(self, word: str) -> list[str]:
        """The tokens of one lower-cased word (kept between calls)."""
        tokens = self._word_tokens.get(word)
        if tokens is None:
            if len(self._word_tokens) > WORD_CACHE_LIMIT:
                self._word_tokens = {}
            tokens = self._word_tokens[word] = self._token.findall(word)
        return tokens

    def _bigrams(self) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        """(code of each token of a vocabulary bigram, sorted bigram keys left * n + right, their
        columns), made once per fit."""
        if self._bigram_index is None:
            tokens: dict[str, int] = {}
            pairs = []
            for feature, column in self.vocabulary_.items():
                left, space, right = feature.partition(" ")
                if space:
                    pairs.append((tokens.setdefault(left, len(tokens)), tokens.setdefault(right, len(tokens)), column))
            keys = np.array([a * len(tokens) + b for a, b, _ in pairs], dtype=np.int64)
            columns = np.array([c for _, _, c in pairs], dtype=np.int64)
            order = np.argsort(keys)
            self._bigram_index = (tokens, keys[order], columns[order])
        return self._bigram_index

    def _char_wb_counts(self, doc_of: np.ndarray, codes: np.ndarray, words: list[str], shape: tuple[int, int]) -> sp.csr_matrix:
        """(documents x distinct words) @ (distinct words x n-grams)."""
        if not words:
            return sp.csr_matrix(shape)
        doc_words = sp.csr_matrix((np.ones(len(codes)), (doc_of, codes)), shape=(shape[0], len(words)))
        columns = self._word_columns(words)
        word_indptr = np.zeros(len(columns) + 1, dtype=np.int64)
        np.cumsum([len(c) for c in columns], out=word_indptr[1:])
        word_grams = sp.csr_matrix(
            (np.ones(int(word_indptr[-1])), np.concatenate(columns), word_indptr), shape=(len(words), shape[1])
        )
        # Multiplied transposed, (n-grams x words) @ (words x documents): turning the product back
        # into rows lists each row's columns in order (a counting sort, cheaper than sorting them).
        counts = (word_grams.T.tocsr() @ doc_words.T.tocsr()).T.tocsr()
        counts.sum_duplicates()  # (already canonical: one positive entry per cell, columns sorted)
        return counts  # small integer counts: exact in float64

    def _word_columns(self, words: list[str]) -> list[np.ndarray]:
        """Each word's ``char_wb`` n-gram columns (one per occurrence of an n-gram in the vocabulary)."""
        if len(self._columns) + len(words) > WORD_CACHE_LIMIT:
            self._columns = {}
        known = self._columns  # (another thread may start a new cache: this call keeps its own)
        new = [word for word in words if word not in known]
        if new:
            grams = [char_wb_ngrams(word, *self.ngram_range) for word in new]
            columns = _lookup(self.vocabulary_, list(chain.from_iterable(grams)))
            ends = np.cumsum([len(g) for g in grams])
            for word, start, end in zip(new, ends - [len(g) for g in grams], ends, strict=True):
                found = columns[start:end]
                known[word] = found[found >= 0]
        return [known[word] for word in words]


class Words:
    """Documents as their lower-cased whitespace-separated words, which is all either analysis needs.

    Neither analysis crosses whitespace (word tokens never match it, ``char_wb`` n-grams stay
    inside a word), so each distinct word is analysed once. Each distinct document is split once
    (headings repeat on every clause under them).

    Parameters
    ----------
    docs : sequence of str

    Attributes
    ----------
    which : ndarray or None
        Each document's row among the distinct documents (None when all are distinct).
    n_distinct : int
        Number of distinct documents.
    words : list of str
        The distinct words.
    codes, doc_of : ndarray
        Every word occurrence, in order: its index in ``words`` and its distinct document.

    Examples
    --------
    >>> split = Words(["We keep logs.", "we keep", "We keep logs."])
    >>> split.n_distinct, split.words, split.codes.tolist(), split.doc_of.tolist()
    (2, ['we', 'keep', 'logs.'], [0, 1, 2, 0, 1], [0, 0, 0, 1, 1])
    """

    def __init__(self, docs: Sequence[str]):
        which, distinct = pd.factorize(pd.Index(list(docs), dtype=object))
        self.which = None if len(distinct) == len(which) else which
        self.n_distinct = len(distinct)
        split = [doc.lower().split() for doc in distinct]
        codes, words = pd.factorize(pd.Index(list(chain.from_iterable(split)), dtype=object))
        self.codes, self.words = codes.astype(np.int64, copy=False), words.tolist()
        self.doc_of = np.repeat(np.arange(len(split)), [len(w) for w in split])


def char_wb_ngrams(word: str, low: int, high: int) -> list[str]:
    """The ``char_wb`` n-grams of one whitespace-free word, as scikit-learn makes them.

    The word is padded with a space either side; for each n from ``low`` to ``high`` every
    substring of length n is an n-gram, and once the padded word is no longer than n it is an
    n-gram itself, once, and larger n add nothing.

    Parameters
    ----------
    word : str
        One word (no whitespace).
    low, high : int
        The n-gram range.

    Returns
    -------
    list of str

    Examples
    --------
    >>> char_wb_ngrams("ad", 2, 5)
    [' a', 'ad', 'd ', ' ad', 'ad ', ' ad ']
    """
    padded = f" {word} "
    grams = []
    for n in range(low, high + 1):
        if len(padded) <= n:
            grams.append(padded)
            break
        grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


def _lookup(vocabulary: dict[str, int], keys: list[str]) -> np.ndarray:
    """``vocabulary[key]`` of each key, -1 for a key it lacks."""
    return np.fromiter(map(vocabulary.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
