"""The bundled taxonomy model: fitted in-process from the package's own labelled clauses.

Nothing is unpickled: the model is re-fitted from ``data/training_clauses.yaml`` (plain data,
written and labelled by the team) on first use, in a second or two, and cached for the process.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from policylens.classify.estimator import ClauseClassifier
from policylens.resources import load_data
from policylens.taxonomy import categories

TRAINING_FILE = "training_clauses.yaml"

#: Parameters of the default (taxonomy) model, chosen by zero-shot macro-F1 on the OPP-115 validation
#: split (the seeds were only a sanity check). A fixed threshold: inner-CV thresholds on ~400 short
#: clauses were noisier than the logistic regressions' own boundary. It keeps the single "joint"
#: member (unlike the OPP-115 benchmark's three-member ensemble, see benchmarks/opp115.py): on the
#: validation split, zero-shot, ("joint", "nb") scored 0.632 / 0.666 and all three 0.632 / 0.669 vs
#: 0.637 / 0.663; ("joint", "char") 0.653 / 0.678 is a candidate not adopted, so the seed clauses'
#: categories that other modules build on stay as they are.
DEFAULT_PARAMS: dict[str, Any] = {"C": 3.0, "char_ngrams": (3, 5), "threshold": 0.0, "lexicon_weight": 0.5}


def training_data() -> pd.DataFrame:
    """The team-written labelled clauses shipped in ``data/training_clauses.yaml``.

    Returns
    -------
    DataFrame
        Columns ``text``, ``section``, ``lead_in``, ``labels`` (list of taxonomy ids, primary
        first) and ``source`` ('written' for clauses the team wrote; other values name where a
        clause came from).

    Raises
    ------
    ValueError
        When an entry is not a mapping or has no or unknown labels (the message names the file
        and the entry).

    Examples
    --------
    >>> data = training_data()
    >>> list(data.columns)
    ['text', 'section', 'lead_in', 'labels', 'source']
    """
    data = load_data(TRAINING_FILE)
    known = set(categories())
    rows = []
    for index, entry in enumerate(data["clauses"]):
        if not isinstance(entry, dict):
            raise ValueError(f"{TRAINING_FILE}: clauses[{index}] must be a mapping with 'text' and 'labels'")
        labels = entry.get("labels")
        if isinstance(labels, str):
            labels = [labels]
        if not labels or any(label not in known for label in labels):
            raise ValueError(f"{TRAINING_FILE}: clauses[{index}] has unknown or no labels {labels!r}")
        rows.append(
            {
                "text": entry["text"],
                "section": entry.get("section", ""),
                "lead_in": entry.get("lead_in", ""),
                "labels": list(labels),
                "source": entry.get("source", "written"),
            }
        )
    return pd.DataFrame(rows)


@cache
def default_model() -> ClauseClassifier:
    """The taxonomy classifier fitted on the shipped training clauses (cached per process).

    Returns
    -------
    ClauseClassifier
        Fitted with :data:`DEFAULT_PARAMS`; its classes are the taxonomy's top-level ids.

    Examples
    --------
    >>> model = default_model()
    >>> model is default_model(), "retention" in model.classes_
    (True, True)
    """
    data = training_data()
    return ClauseClassifier(**DEFAULT_PARAMS).fit(data[["text", "section", "lead_in"]], data["labels"].tolist())
