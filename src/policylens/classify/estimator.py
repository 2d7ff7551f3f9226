"""``ClauseClassifier``: a multi-label scikit-learn estimator for clauses.

One balanced logistic regression per label (one-vs-rest) scores each label on the features of
:class:`~policylens.classify.features.ClauseFeatures`. Optionally (``members``) more per-label
models vote, each on its own view of the clause, and their probabilities are averaged (a small
ensemble is steadier than any one of them on OPP-115):

* ``"joint"``: all the feature blocks (words, characters, heading, cue phrases, LSA);
* ``"nb"``: NB-LR (Wang & Manning 2012): the word TF-IDF scaled, per label, by its log-count
  ratio between the label's clauses and the others, then a logistic regression;
* ``"char"``: character 2-5-grams (``char_wb``) alone;
* ``"emb"``: word vectors learnt at fit time from ``unlabeled_texts``.

Every member is linear in its features, so a member's scores for all labels are one product
``X @ coef.T + intercept``. A per-label threshold (tuned by inner cross-validation to maximise
that label's F1, or fixed) turns scores into labels, and every clause gets at least
``min_labels`` labels. ``decision_function`` returns the margin above the threshold, so a label
is predicted exactly when its score is > 0 (or it is among the top ``min_labels``);
``predict_proba`` is the logistic of that margin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from policylens.classify.features import MEMBERS, ClauseFeatures, as_records

#: the score of a label every training clause has (or none has): certain, but finite
CONSTANT_SCORE = 10.0


class ClauseClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label clause classifier: n-gram, heading and cue-phrase features, per-label logistic regressions.

    Input is clause text: a list of strings, of mappings with ``text`` (and optionally
    ``section``, the heading path, and ``lead_in``, the sentence introducing a list item), or the
    clauses DataFrame from :func:`policylens.segment`.

    Parameters
    ----------
    C : float, default=10.0
        Inverse regularisation strength of each label's logistic regression (``"joint"`` member).
    word_ngrams : tuple of int, default=(1, 2)
        The n-gram range of the clause word TF-IDF (up to bigrams).
    min_df : int or float, default=1
        Minimum document frequency of a word n-gram (count, or fraction of the clauses).
    char_ngrams : tuple of int or None, default=None
        The n-gram range of ``char_wb`` TF-IDF features in the joint block, or None for none.
    section_weight : float, default=1.0
        Weight of the heading TF-IDF block (0 disables heading features).
    lexicon_weight : float, default=0.5
        Weight of the ``log1p`` taxonomy cue-phrase counts (0 disables them).
    lsa_components : int, default=0
        Dimensions of the LSA block (0 disables it), learnt from ``unlabeled_texts`` passed to
        ``fit`` plus the training texts.
    lsa_weight : float, default=0.5
        Weight of the (L2-normalised) LSA block.
    class_weight : "balanced", dict or None, default="balanced"
        Passed to each logistic regression ("balanced" helps rare labels).
    threshold : "cv" or float, default="cv"
        "cv" tunes one threshold per label by inner cross-validation (maximising that label's
        F1); a number is used for every label (0 = the logistic regression's own boundary).
    cv : int, default=5
        Folds of the inner cross-validation.
    min_labels : int, default=1
        Every clause gets at least this many labels (the best-scoring ones).
    random_state : int or None, default=0
        Seed of the fold split and the SVDs.
    members : tuple of str, default=("joint",)
        The per-label models whose probabilities are averaged, from ``("joint", "nb", "char",
        "emb")``. ``("joint",)`` is the plain model.
    nb_C : float, default=10.0
        Inverse regularisation of the ``"nb"`` member.
    char_member_ngrams : tuple of int, default=(2, 5)
        The n-gram range of the ``"char"`` member's ``char_wb`` TF-IDF.
    char_C : float, default=10.0
        Inverse regularisation of the ``"char"`` member.
    emb_dim, emb_window : int, default=200, 5
        Size of the ``"emb"`` member's word vectors and the co-occurrence window (words either
        side) they are learnt from.
    emb_C : float, default=16.0
        Inverse regularisation of the ``"emb"`` member.

    Attributes
    ----------
    classes_ : ndarray of str
        The labels, in column order of ``decision_function``.
    features_ : ClauseFeatures
        The fitted featuriser (used by ``fit`` and every prediction).
    coefs_ : list of ndarray of shape (n_classes, n_member_features)
        Per member, each label's weights (a label constant in training has zero weights).
    intercepts_ : list of ndarray of shape (n_classes,)
        Per member, each label's intercept.
    thresholds_ : ndarray of shape (n_classes,)
        Per-label decision thresholds on the (combined) margin.
    multilabel_ : bool
        Whether ``y`` was a list of label lists (else one label per clause).

    See Also
    --------
    policylens.classify : Label a clauses table with the bundled model.

    Examples
    --------
    >>> from policylens import ClauseClassifier
    >>> texts = ["We keep logs for a year.", "We delete data after 30 days.",
    ...          "We share data with vendors.", "Partners receive your email."]
    >>> labels = [["retention"], ["retention"], ["sharing"], ["sharing"]]
    >>> model = ClauseClassifier(threshold=0.0).fit(texts, labels)
    >>> model.predict(["Logs are kept for two years."])
    [['retention']]
    >>> model.decision_function(["Vendors receive data."]).shape
    (1, 2)
    """

    def __init__(
        self,
        C: float = 10.0,
        word_ngrams: tuple[int, int] = (1, 2),
        min_df: int | float = 1,
        char_ngrams: tuple[int, int] | None = None,
        section_weight: float = 1.0,
        lexicon_weight: float = 0.5,
        lsa_components: int = 0,
        lsa_weight: float = 0.5,
        class_weight: str | dict | None = "balanced",
        threshold: str | float = "cv",
        cv: int = 5,
        min_labels: int = 1,
        random_state: int | None = 0,
        members: tuple[str, ...] = ("joint",),
        nb_C: float = 10.0,
        char_member_ngrams: tuple[int, int] = (2, 5),
        char_C: float = 10.0,
        emb_dim: int = 200,
        emb_window: int = 5,
        emb_C: float = 16.0,
    ):
        self.C = C
        self.word_ngrams = word_ngrams
        self.min_df = min_df
        self.char_ngrams = char_ngrams
        self.section_weight = section_weight
        self.lexicon_weight = lexicon_weight
        self.lsa_components = lsa_components
        self.lsa_weight = lsa_weight
        self.class_weight = class_weight
        self.threshold = threshold
        self.cv = cv
        self.min_labels = min_labels
        self.random_state = random_state
        self.members = members
        self.nb_C = nb_C
        self.char_member_ngrams = char_member_ngrams
        self.char_C = char_C
        self.emb_dim = emb_dim
        self.emb_window = emb_window
        self.emb_C = emb_C

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # Input is text (strings or clause records), not a numeric matrix (see
        # tests/test_classify_estimator.py for the checks this rules out and their text versions).
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.target_tags.single_output = False
        tags.target_tags.multi_output = True
        tags.classifier_tags.multi_label = True
        return tags

    # -- fitting --
    def fit(
        self, X: Any, y: Any, unlabeled_texts: Sequence[str] | None = None, sample_weight: Any = None
    ) -> ClauseClassifier:
        """Fit on clauses ``X`` and their labels ``y``.

        Parameters
        ----------
        X : list of str, list of mappings with ``text``, or clauses DataFrame
            Training clauses (``section`` and ``lead_in`` are used when present).
        y : list of label lists, or 1-D sequence of single labels
            Labels per clause (multi-label when lists).
        unlabeled_texts : sequence of str, optional
            In-domain text (e.g. paragraphs of unlabelled policies) the LSA block and the
            ``"emb"`` word vectors are learnt from.
        sample_weight : array-like of shape (n_clauses,), optional
            Positive weights for the logistic regressions (NB-LR's log-count ratios are
            computed from unweighted counts).

        Returns
        -------
        self : ClauseClassifier
            The fitted estimator.

        Examples
        --------
        >>> model = ClauseClassifier(threshold=0.0).fit(["We sell data.", "We keep logs."], ["sale", "retention"])
        >>> list(model.classes_)
        ['retention', 'sale']
        """
        records = as_records(X)
        members = tuple(self.members)
        if not members or any(m not in MEMBERS for m in members) or len(set(members)) != len(members):
            raise ValueError(f"members must be distinct names from {MEMBERS}, got {self.members!r}")
        labels, self.multilabel_ = _label_lists(y)
        if len(records) != len(labels):
            raise ValueError(f"X has {len(records)} clauses but y has {len(labels)} label lists")
        if not records:
            raise ValueError("cannot fit on 0 clauses")
        if not any(text.strip() for text, _, _ in records):
            raise ValueError("all clause texts are empty")
        weights = None
        if sample_weight is not None:
            weights = np.asarray(sample_weight, dtype=float)
            if weights.shape != (len(records),) or not np.isfinite(weights).all() or (weights <= 0).any():
                raise ValueError("sample_weight must hold one positive finite weight per clause")
        binarizer = MultiLabelBinarizer().fit(labels)
        self.classes_ = np.asarray(binarizer.classes_, dtype=object)
        Y = binarizer.transform(labels)
        self.features_ = ClauseFeatures(
            members, self.word_ngrams, self.min_df, self.char_ngrams, self.section_weight, self.lexicon_weight,
            self.lsa_components, self.lsa_weight, self.char_member_ngrams, self.emb_dim, self.emb_window,
            self.random_state,
        ).fit(records, unlabeled_texts)
        Xs = self.features_.transform(records)
        self.coefs_, self.intercepts_ = self._fit_members(Xs, Y, weights)
        self.thresholds_ = self._tune_thresholds(Xs, Y, weights)
        return self

    def _fit_members(
        self, Xs: list[sp.csr_matrix], Y: np.ndarray, weights: np.ndarray | None
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per member, each label's (weights, intercept)."""
        coefs, intercepts = [], []
        for member, X in zip(self.features_.members, Xs, strict=True):
            coef = np.zeros((Y.shape[1], X.shape[1]))
            intercept = np.zeros(Y.shape[1])
            for j in range(Y.shape[1]):
                column = Y[:, j]
                if column.min() == column.max():  # every clause has the label, or none
                    intercept[j] = CONSTANT_SCORE if column[0] else -CONSTANT_SCORE
                    continue
                scale = _nb_ratio(X, column) if member == "nb" else None
                model = self._new_model(member).fit(
                    X if scale is None else X @ sp.diags(scale), column, sample_weight=weights
                )
                # NB-LR scores (X * ratio) @ w + b, which is X @ (ratio * w) + b
                coef[j] = model.coef_[0] if scale is None else scale * model.coef_[0]
                intercept[j] = model.intercept_[0]
            coefs.append(coef)
            intercepts.append(intercept)
        return coefs, intercepts

    def _new_model(self, member: str) -> LogisticRegression:
        if member == "emb":  # dense features: lbfgs, as cross-validated (benchmarks/opp115.py)
            return LogisticRegression(C=self.emb_C, class_weight=self.class_weight, max_iter=3000)
        C = {"joint": self.C, "nb": self.nb_C, "char": self.char_C}[member]
        return LogisticRegression(C=C, solver="liblinear", class_weight=self.class_weight)

    def _tune_thresholds(self, Xs: list[sp.csr_matrix], Y: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
        n_labels = Y.shape[1]
        if self.threshold != "cv":
            return np.full(n_labels, float(self.threshold))
        n_splits = min(self.cv, Y.shape[0])
        if n_splits < 2:
            return np.zeros(n_labels)
        # Out-of-fold scores: the thresholds are chosen on clauses the scoring models did not see.
        # Features are not re-fitted per fold (vocabularies are unsupervised), which keeps it cheap.
        oof = np.zeros(Y.shape)
        folds = KFold(n_splits, shuffle=True, random_state=self.random_state)
        for train, test in folds.split(Y):
            coefs, intercepts = self._fit_members(
                [X[train] for X in Xs], Y[train], None if weights is None else weights[train]
            )
            oof[test] = _combine([X[test] @ c.T + b for X, c, b in zip(Xs, coefs, intercepts, strict=True)])
        grid = np.linspace(-2.0, 2.0, 41)
        thresholds = np.zeros(n_labels)
        for j in range(n_labels):
            truth = Y[:, j].astype(bool)
            if truth.all() or not truth.any():
                continue
            f1 = [_f1(truth, oof[:, j] > t) for t in grid]
            # Among near-best thresholds prefer the one closest to 0 (less overfitted to the folds).
            best = max(f1)
            thresholds[j] = min((t for t, f in zip(grid, f1, strict=True) if f >= best - 0.005), key=abs)
        return thresholds

    # -- prediction --
    def decision_function(self, X: Any) -> np.ndarray:
        """Margins above each label's threshold (> 0 means the label applies).

        Parameters
        ----------
        X : list of str, list of mappings with ``text``, or clauses DataFrame

        Returns
        -------
        scores : ndarray of shape (n_clauses, n_classes)

        Examples
        --------
        >>> model = ClauseClassifier(threshold=0.0).fit(["We sell data.", "We keep logs."], ["sale", "retention"])
        >>> bool(model.decision_function(["We keep logs for a year."])[0, 0] > 0)
        True
        """
        check_is_fitted(self, "coefs_")
        Xs = self.features_.transform(as_records(X))
        scores = _combine([X @ c.T + b for X, c, b in zip(Xs, self.coefs_, self.intercepts_, strict=True)])
        return scores - self.thresholds_

    def predict_proba(self, X: Any) -> np.ndarray:
        """Independent per-label probabilities (the logistic of the margin).

        Parameters
        ----------
        X : list of str, list of mappings with ``text``, or clauses DataFrame

        Returns
        -------
        proba : ndarray of shape (n_clauses, n_classes)

        Examples
        --------
        >>> model = ClauseClassifier(threshold=0.0).fit(["We sell data.", "We keep logs."], ["sale", "retention"])
        >>> model.predict_proba(["We keep logs."]).shape
        (1, 2)
        """
        return 1.0 / (1.0 + np.exp(-self.decision_function(X)))

    def decide(self, scores: np.ndarray) -> np.ndarray:
        """Which labels the margins ``scores`` give: those > 0, and at least the top ``min_labels``.

        Parameters
        ----------
        scores : ndarray of shape (n_clauses, n_classes)
            Margins from :meth:`decision_function`.

        Returns
        -------
        chosen : ndarray of bool, same shape

        Examples
        --------
        >>> ClauseClassifier(min_labels=1).decide(np.array([[-1.0, -0.5], [0.2, 0.3]])).tolist()
        [[False, True], [True, True]]
        """
        chosen = scores > 0
        k = min(self.min_labels, scores.shape[1])
        if k > 0 and scores.shape[0]:
            top = np.argsort(-scores, axis=1, kind="stable")[:, :k]
            np.put_along_axis(chosen, top, True, axis=1)
        return chosen

    def predict(self, X: Any) -> list[list[str]] | np.ndarray:
        """The labels of each clause, best first.

        Parameters
        ----------
        X : list of str, list of mappings with ``text``, or clauses DataFrame

        Returns
        -------
        list of list of str, or ndarray of str
            A label list per clause; a 1-D array of single labels when fitted on one label per clause.

        Examples
        --------
        >>> model = ClauseClassifier(threshold=0.0).fit(["We sell data.", "We keep logs."], ["sale", "retention"])
        >>> model.predict(["We keep logs for a year."]).tolist()
        ['retention']
        """
        scores = self.decision_function(X)
        if not self.multilabel_:
            return self.classes_[scores.argmax(axis=1)] if len(scores) else np.asarray([], dtype=object)
        return ranked_labels(scores, self.decide(scores), self.classes_)

    def predict_indicator(self, X: Any) -> np.ndarray:
        """0/1 matrix of the labels ``predict`` returns, columns in ``classes_`` order.

        Parameters
        ----------
        X : list of str, list of mappings with ``text``, or clauses DataFrame

        Returns
        -------
        ndarray of int of shape (n_clauses, n_classes)

        Examples
        --------
        >>> model = ClauseClassifier(threshold=0.0).fit(["We sell data.", "We keep logs."], ["sale", "retention"])
        >>> model.predict_indicator(["We sell data."]).tolist()
        [[0, 1]]
        """
        return self.decide(self.decision_function(X)).astype(int)

    def score(self, X: Any, y: Any, sample_weight: Any = None) -> float:
        """Micro-averaged F1 of the predicted label sets (accuracy when fitted single-label).

        Parameters
        ----------
        X : list of str, list of mappings with ``text``, or clauses DataFrame
        y : list of label lists, or 1-D sequence of single labels
        sample_weight : ignored
            Accepted for scikit-learn's API.

        Returns
        -------
        float

        Examples
        --------
        >>> model = ClauseClassifier(threshold=0.0).fit(["We sell data.", "We keep logs."], ["sale", "retention"])
        >>> model.score(["We sell data."], ["sale"])
        1.0
        """
        labels, _ = _label_lists(y)
        truth = MultiLabelBinarizer(classes=list(self.classes_)).fit_transform(labels)
        pred = self.predict_indicator(X)
        tp = float((truth & pred).sum())
        denom = truth.sum() + pred.sum()
        return float(2 * tp / denom) if denom else 1.0


def ranked_labels(scores: np.ndarray, chosen: np.ndarray, classes: np.ndarray) -> list[list[str]]:
    """Each row's chosen labels, highest score first (ties: ``classes`` order).

    Parameters
    ----------
    scores : ndarray of shape (n, n_classes)
    chosen : ndarray of bool, same shape
    classes : ndarray of str
        The label of each column.

    Returns
    -------
    list of list of str

    Examples
    --------
    >>> ranked_labels(np.array([[0.1, 0.9, -1.0]]), np.array([[True, True, False]]), np.array(["a", "b", "c"]))
    [['b', 'a']]
    """
    order = np.argsort(-scores, axis=1, kind="stable")
    keep = np.take_along_axis(chosen, order, axis=1)
    # the chosen labels first, in rank order (a stable sort of "not chosen")
    ranked = np.take_along_axis(order, np.argsort(~keep, axis=1, kind="stable"), axis=1)
    names = np.asarray([str(c) for c in classes], dtype=object)[ranked].tolist()
    return [row[:n] for row, n in zip(names, keep.sum(axis=1).tolist(), strict=True)]


def _label_lists(y: Any) -> tuple[list[list[str]], bool]:
    """(label lists, multilabel?) from a list of label lists or a 1-D sequence of single labels."""
    if isinstance(y, pd.Series):
        y = y.tolist()
    if isinstance(y, np.ndarray) and y.ndim != 1:
        raise ValueError("labels must be a list of label lists or a 1-D sequence of labels")
    items = list(y)
    if items and all(isinstance(v, list | tuple | set | frozenset | np.ndarray) for v in items):
        return [[str(v) for v in labels] for labels in items], True
    if any(isinstance(v, list | tuple | set | frozenset | np.ndarray) for v in items):
        raise ValueError("labels mix label lists and single labels")
    check_classification_targets(np.asarray(items))  # e.g. continuous values are no labels
    return [[str(v)] for v in items], False


def _nb_ratio(X: sp.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """NB-LR's smoothed log-count ratio: how much more of each feature the label's clauses carry."""
    y = np.asarray(y).astype(bool)
    p = alpha + np.asarray(X[y].sum(axis=0)).ravel()
    q = alpha + np.asarray(X[~y].sum(axis=0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))


def _combine(per_member: list[np.ndarray]) -> np.ndarray:
    """One member's margins, or the logit of the members' mean probability."""
    if len(per_member) == 1:
        return np.asarray(per_member[0])
    mean = np.mean([1.0 / (1.0 + np.exp(-s)) for s in per_member], axis=0)
    mean = np.clip(mean, 1e-12, 1 - 1e-12)
    return np.log(mean / (1.0 - mean))


def _f1(truth: np.ndarray, pred: np.ndarray) -> float:
    tp = float((truth & pred).sum())
    denom = truth.sum() + pred.sum()
    return 2 * tp / denom if denom else 0.0
