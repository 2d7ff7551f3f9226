"""Clause classification into the shared taxonomy.

- :mod:`.features`: the one featuriser (:class:`ClauseFeatures`) of clause records, built from
  :mod:`.ngrams` (word and ``char_wb`` TF-IDF), :mod:`.lexicon` (taxonomy cue phrases) and
  :mod:`.embedding` (word vectors for the ``"emb"`` member);
- :mod:`.estimator`: :class:`ClauseClassifier`, a multi-label scikit-learn estimator;
- :mod:`.model`: the bundled taxonomy model, fitted from the package's labelled clauses;
- :mod:`.frame`: :func:`classify` (clauses table in, categories added) and :func:`coverage`.
"""

from __future__ import annotations

from policylens.classify.estimator import ClauseClassifier
from policylens.classify.features import MEMBERS, ClauseFeatures
from policylens.classify.frame import classify, coverage
from policylens.classify.lexicon import lexicon_categories, lexicon_counts
from policylens.classify.model import DEFAULT_PARAMS, default_model, training_data

__all__ = [
    "DEFAULT_PARAMS",
    "MEMBERS",
    "ClauseClassifier",
    "ClauseFeatures",
    "classify",
    "coverage",
    "default_model",
    "lexicon_categories",
    "lexicon_counts",
    "training_data",
]
