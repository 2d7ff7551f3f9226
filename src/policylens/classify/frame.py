"""``classify``: the clause categories added to a clauses table; ``coverage``: policy x category counts."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from policylens.classify.estimator import ranked_labels
from policylens.classify.features import as_records
from policylens.classify.model import default_model
from policylens.schema import CLASSIFICATION_COLUMNS
from policylens.taxonomy import categories


def classify(clauses_or_texts: Any, model: Any = None) -> pd.DataFrame:
    """Add ``category`` (primary id), ``categories`` (ids, primary first) and ``confidence``.

    Every clause is scored on its own, so the clauses of many policies (a concatenation of
    ``segment`` tables) are classified in one call with the same result as one call per policy.

    Parameters
    ----------
    clauses_or_texts : DataFrame, or list of str or of mappings with ``text``
        The clauses table from ``segment()`` (``section`` and ``lead_in`` are used as context),
        one or many policies; or clause texts / records.
    model : ClauseClassifier, optional
        Any fitted classifier (default: the bundled taxonomy model, :func:`default_model`).

    Returns
    -------
    DataFrame
        For a table, a copy with the three columns added (same index); for a list, a frame with
        ``text``, ``section``, ``lead_in`` and the three columns, aligned with the input.

    Examples
    --------
    >>> import policylens as pl
    >>> out = pl.classify(["We never sell your data.", "We keep logs for a year."])
    >>> out["category"].tolist()
    ['sale', 'retention']
    """
    model = default_model() if model is None else model
    if isinstance(clauses_or_texts, pd.DataFrame):
        frame = clauses_or_texts.copy()
    else:
        records = as_records(clauses_or_texts)
        frame = pd.DataFrame(
            {name: pd.Series([r[i] for r in records], dtype="string") for i, name in enumerate(("text", "section", "lead_in"))}
        )
    if len(frame) == 0:
        frame["category"] = pd.Series(dtype=CLASSIFICATION_COLUMNS["category"][0])
        frame["categories"] = pd.Series(dtype="object")
        frame["confidence"] = pd.Series(dtype="float64")
        return frame
    scores = model.decision_function(frame)
    labels = ranked_labels(scores, model.decide(scores), model.classes_)
    lists = np.empty(len(labels), dtype=object)
    lists[:] = labels
    frame["category"] = pd.array([ls[0] for ls in labels], dtype="string")
    frame["categories"] = lists
    frame["confidence"] = np.asarray(1.0 / (1.0 + np.exp(-scores.max(axis=1))), dtype="float64")
    return frame


def coverage(classified: pd.DataFrame, multi: bool = True) -> pd.DataFrame:
    """Policy x category clause counts (every taxonomy category is a column, in taxonomy order).

    Parameters
    ----------
    classified : DataFrame
        Output of :func:`classify` with a ``policy`` column.
    multi : bool, default=True
        Count a clause under each of its ``categories``; False counts only its ``category``.

    Returns
    -------
    DataFrame
        Index ``policy``, one column per taxonomy category.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"policy": ["a", "a"], "category": ["sale", "contact"],
    ...                       "categories": [["sale"], ["contact", "sale"]]})
    >>> int(coverage(table).loc["a", "sale"]), int(coverage(table, multi=False).loc["a", "sale"])
    (2, 1)
    """
    column = "categories" if multi else "category"
    exploded = classified[["policy", column]].explode(column) if multi else classified[["policy", column]]
    table = pd.crosstab(exploded["policy"], exploded[column])
    return table.reindex(columns=categories(), fill_value=0).rename_axis(index="policy", columns="category")
