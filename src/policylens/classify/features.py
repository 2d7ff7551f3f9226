"""The one featuriser of :class:`~policylens.classify.ClauseClassifier`, used by ``fit`` and ``predict``.

A clause is read as a human reader reads it: the clause, the heading path it sits under and, for
list items, the sentence that introduces the list (``lead_in``). :class:`ClauseFeatures` turns
such records into one sparse matrix per ensemble member:

``"joint"``
    word uni/bi-gram TF-IDF of the lead-in and clause (the "body"); optional ``char_wb``
    n-gram TF-IDF of the body; a separate word TF-IDF of the heading path (so "Retention" in a
    heading is a different signal from "retention" in a sentence), times ``section_weight``;
    ``log1p`` cue-phrase counts per taxonomy category in body and heading (:mod:`.lexicon`), times
    ``lexicon_weight``; optional LSA (TF-IDF + truncated SVD learnt from unlabelled policy text),
    L2-normalised, times ``lsa_weight``.
``"nb"``
    the body's word TF-IDF alone.
``"char"``
    ``char_wb`` TF-IDF of the body with its own n-gram range.
``"emb"``
    word vectors learnt from unlabelled text (:mod:`.embedding`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from policylens.classify.embedding import WordEmbedding
from policylens.classify.lexicon import lexicon_counts
from policylens.classify.ngrams import NgramTfidf, Words

#: A clause record as the featuriser sees it: (text, section, lead_in).
Record = tuple[str, str, str]

#: The per-label models ``ClauseClassifier(members=...)`` can average, each on its own features.
MEMBERS = ("joint", "nb", "char", "emb")

#: heading words: letters only (numbering like "3.1" is not a topic)
HEADING_TOKENS = r"(?u)\b[a-zA-Z]{2,}\b"


def as_records(X: Any) -> list[Record]:
    """Clause records from strings, mappings, rows or a clauses DataFrame.

    Mappings and rows have ``text`` (+ ``section``, ``lead_in``).

    Parameters
    ----------
    X : DataFrame with a ``text`` column, or iterable of str / mappings with a ``text`` key
        Missing ``section`` and ``lead_in`` are empty; missing values (None, NaN, NA) are empty.

    Returns
    -------
    list of (text, section, lead_in) tuples

    Examples
    --------
    >>> as_records(["We sell nothing.", {"text": "Two years.", "section": "Retention"}])
    [('We sell nothing.', '', ''), ('Two years.', 'Retention', '')]
    """
    if isinstance(X, pd.DataFrame):
        if "text" not in X.columns:
            raise ValueError("a DataFrame passed to the classifier needs a 'text' column")
        columns = [_strings(X[c]) if c in X.columns else [""] * len(X) for c in ("text", "section", "lead_in")]
        return list(zip(*columns, strict=True))
    if isinstance(X, str | bytes) or not isinstance(X, Iterable):
        raise TypeError(f"expected a list of clause texts (or records with a 'text' field), got {type(X).__name__}")
    records = []
    for item in X:
        if isinstance(item, str):
            records.append((str(item), "", ""))
        elif isinstance(item, Mapping | pd.Series):
            if "text" not in item:
                raise ValueError("a clause record needs a 'text' field")
            records.append((_clean(item["text"]), _clean(item.get("section", "")), _clean(item.get("lead_in", ""))))
        else:
            raise TypeError(f"clause must be a string or a record with 'text', got {type(item).__name__}")
    return records


def _strings(column: pd.Series) -> list[str]:
    values = column.tolist()
    return values if all(type(v) is str for v in values) else [_clean(v) for v in values]


def _clean(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


class ClauseFeatures:
    """Feature matrices of clause records, one per ensemble member (see the module docstring).

    Parameters
    ----------
    members : tuple of str
        Members of :data:`MEMBERS` to featurise for, in order.
    word_ngrams : tuple of int
        The n-gram range of the body word TF-IDF (up to bigrams).
    min_df : int or float
        Minimum document frequency of a body word n-gram.
    char_ngrams : tuple of int or None
        The n-gram range of the joint block's ``char_wb`` TF-IDF, or None for none.
    section_weight : float
        Weight of the heading TF-IDF block (0 disables it).
    lexicon_weight : float
        Weight of the ``log1p`` cue-phrase counts (0 disables them).
    lsa_components : int
        Dimensions of the LSA block (0 disables it).
    lsa_weight : float
        Weight of the L2-normalised LSA block.
    char_member_ngrams : tuple of int
        The n-gram range of the ``"char"`` member's ``char_wb`` TF-IDF.
    emb_dim, emb_window : int
        Size of the ``"emb"`` member's word vectors and their co-occurrence window.
    random_state : int or None
        Seed of the SVDs.

    Examples
    --------
    >>> records = [("We keep logs for a year.", "Retention", ""), ("We sell nothing.", "", "")]
    >>> features = ClauseFeatures(members=("joint", "nb")).fit(records)
    >>> [X.shape[0] for X in features.transform(records)]
    [2, 2]
    """

    def __init__(
        self,
        members: tuple[str, ...] = ("joint",),
        word_ngrams: tuple[int, int] = (1, 2),
        min_df: int | float = 1,
        char_ngrams: tuple[int, int] | None = None,
        section_weight: float = 1.0,
        lexicon_weight: float = 0.5,
        lsa_components: int = 0,
        lsa_weight: float = 0.5,
        char_member_ngrams: tuple[int, int] = (2, 5),
        emb_dim: int = 200,
        emb_window: int = 5,
        random_state: int | None = 0,
    ):
        self.members = tuple(members)
        self.word_ngrams = word_ngrams
        self.min_df = min_df
        self.char_ngrams = char_ngrams
        self.section_weight = section_weight
        self.lexicon_weight = lexicon_weight
        self.lsa_components = lsa_components
        self.lsa_weight = lsa_weight
        self.char_member_ngrams = char_member_ngrams
        self.emb_dim = emb_dim
        self.emb_window = emb_window
        self.random_state = random_state

    def fit(self, records: Sequence[Record], unlabeled: Sequence[str] | None = None) -> ClauseFeatures:
        """Learn vocabularies (and the LSA and word vectors) from ``records``.

        Parameters
        ----------
        records : sequence of (text, section, lead_in)
            Training clauses.
        unlabeled : sequence of str, optional
            In-domain text the LSA block and the ``"emb"`` word vectors are learnt from.

        Returns
        -------
        self : ClauseFeatures

        Examples
        --------
        >>> ClauseFeatures().fit([("We keep logs.", "", "")]).words_.vocabulary_["logs"]
        2
        """
        body = _body(records)
        self.words_ = NgramTfidf("word", self.word_ngrams, min_df=self.min_df).fit(body)
        self.chars_ = None
        if self.char_ngrams:
            self.chars_ = NgramTfidf("char_wb", self.char_ngrams, min_df=2, max_features=100_000).fit(body)
        self.headings_ = None
        sections = [section for _, section, _ in records if section.strip()]
        if self.section_weight and sections:
            try:
                self.headings_ = NgramTfidf("word", (1, 1), token_pattern=HEADING_TOKENS).fit(sections)
            except ValueError:  # headings without any word: no heading features
                self.headings_ = None
        self.lsa_vectorizer_ = self.lsa_ = None
        if self.lsa_components:
            self.lsa_vectorizer_ = TfidfVectorizer(sublinear_tf=True, min_df=3, stop_words="english")
            matrix = self.lsa_vectorizer_.fit_transform(list(unlabeled or []) + body)
            k = min(self.lsa_components, matrix.shape[1] - 1, matrix.shape[0] - 1)
            self.lsa_ = TruncatedSVD(max(k, 1), random_state=self.random_state).fit(matrix)
        self.char_member_ = None
        if "char" in self.members:
            self.char_member_ = NgramTfidf("char_wb", self.char_member_ngrams, min_df=2).fit(body)
        self.embedding_ = None
        if "emb" in self.members:  # learnt from the unlabelled text when given, else from the clauses
            self.embedding_ = WordEmbedding(self.emb_dim, self.emb_window, self.random_state).fit(
                list(unlabeled) if unlabeled else body, body
            )
        return self

    def transform(self, records: Sequence[Record]) -> list[sp.csr_matrix]:
        """One feature matrix per member, in ``members`` order.

        Parameters
        ----------
        records : sequence of (text, section, lead_in)

        Returns
        -------
        list of scipy.sparse.csr_matrix, each with ``len(records)`` rows

        Examples
        --------
        >>> features = ClauseFeatures().fit([("We keep logs.", "", ""), ("We sell data.", "", "")])
        >>> [X] = features.transform([("We keep data.", "", "")])
        >>> X.shape[0], X.shape[1] > len(features.words_.vocabulary_)  # + the cue-phrase block
        (1, True)
        """
        body = _body(records)
        split = Words(body)  # shared by the body's n-gram vectorisers
        words = self.words_.transform(split) if {"joint", "nb"} & set(self.members) else None
        out = []
        for member in self.members:
            if member == "joint":
                out.append(self._joint(records, body, split, words))
            elif member == "nb":
                out.append(words)
            elif member == "char":
                out.append(self.char_member_.transform(split))
            else:
                out.append(sp.csr_matrix(self.embedding_.transform(body)))
        return out

    def _joint(self, records: Sequence[Record], body: list[str], split: Words, words: sp.csr_matrix) -> sp.csr_matrix:
        sections = [section for _, section, _ in records]
        blocks = [words]
        if self.chars_ is not None:
            blocks.append(self.chars_.transform(split))
        if self.headings_ is not None:
            blocks.append(self.section_weight * self.headings_.transform(sections))
        if self.lexicon_weight:
            counts = np.hstack([lexicon_counts(body), lexicon_counts(sections)])
            blocks.append(sp.csr_matrix(self.lexicon_weight * np.log1p(counts)))
        if self.lsa_ is not None:
            dense = normalize(self.lsa_.transform(self.lsa_vectorizer_.transform(body)))
            blocks.append(sp.csr_matrix(self.lsa_weight * dense))
        return sp.hstack(blocks, format="csr")


def _body(records: Sequence[Record]) -> list[str]:
    """The lead-in and the clause, as one text."""
    return [f"{lead} {text}" if lead else text for text, _, lead in records]
