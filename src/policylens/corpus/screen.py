"""The not-a-policy screen: does an analysed text read like a privacy policy at all?

Error pages, "enable JavaScript" walls and empty shells are analysed like any text; ``analyze``
skips them (stage ``not_a_policy``) when too little of their text is about data practices.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: the taxonomy's catch-all category: text that is not about data practices
OTHER_CATEGORY = "other"
#: a document with less than this share of its text in clauses holding a data-practice cue phrase
#: is skipped as "not a policy" (see ``not_a_policy``; 0 keeps every text)
DEFAULT_MIN_POLICY_SHARE = 0.03
#: classifier confidence above which a clause counts as clearly about a data practice
CONFIDENT = 0.5


def privacy_share(clauses: pd.DataFrame, min_confidence: float = 0.0) -> float:
    """Share of a policy's clause text the classifier puts in a data-practice category.

    Parameters
    ----------
    clauses : DataFrame
        With ``text`` and, when classified, ``category`` and ``confidence``.
    min_confidence : float, default=0.0
        Count only clauses classified with at least this confidence.

    Returns
    -------
    share : float
        Characters of the clauses not in ``other``, over all; 1.0 when the clauses carry no
        ``category``, 0.0 when they have no text.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.corpus.screen import privacy_share
    >>> clauses = pd.DataFrame({"text": ["We keep logs for 2 years.", "Home | About | Blog"],
    ...                         "category": ["retention", "other"], "confidence": [0.9, 0.8]})
    >>> round(privacy_share(clauses), 3), privacy_share(clauses, min_confidence=0.95)
    (0.568, 0.0)
    """
    if "category" not in clauses.columns:
        return 1.0
    lengths = _lengths(clauses["text"])
    total = float(lengths.sum())
    if total == 0:
        return 0.0
    about = (clauses["category"] != OTHER_CATEGORY).to_numpy(dtype=bool, na_value=False)
    if min_confidence > 0 and "confidence" in clauses.columns:
        about = about & (clauses["confidence"].to_numpy(dtype="float64") >= min_confidence)
    return float(lengths[about].sum()) / total


def _lengths(texts: pd.Series) -> np.ndarray:
    """Characters per text as float64 (NaN where a text is missing)."""
    return texts.str.len().astype("float64").to_numpy()


def cue_share(clauses: pd.DataFrame) -> float:
    """Share of the clause text in clauses holding at least one taxonomy cue phrase.

    The cue phrases are the ``keywords`` of ``data/taxonomy.yaml``, as counted by
    ``classify.lexicon_counts``.

    Parameters
    ----------
    clauses : DataFrame
        With ``text``.

    Returns
    -------
    share : float
        0.0 when there is no text.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.corpus.screen import cue_share
    >>> cue_share(pd.DataFrame({"text": ["We retain your data.", "Page not found"]}))
    0.5882352941176471
    """
    from policylens.classify import lexicon_counts

    texts = clauses["text"].astype(str).tolist()
    lengths = _lengths(clauses["text"])
    if not texts or lengths.sum() == 0:
        return 0.0
    has_cue = lexicon_counts(texts).sum(axis=1) > 0
    return float(lengths[has_cue].sum() / lengths.sum())


def _reaches_cue_share(clauses: pd.DataFrame, min_share: float, chunk: int = 16) -> bool:
    """``cue_share(clauses) >= min_share``, usually decided from the few longest clauses.

    Clause lengths are whole numbers, so every partial sum of them is exact and can only grow
    toward the full one: once the longest clauses with a cue reach the share, the full share does
    too. False means "not shown here" (the full ``cue_share`` decides)."""
    from policylens.classify import lexicon_counts

    lengths = _lengths(clauses["text"])
    total = lengths.sum()
    if not total > 0:  # empty, or a missing text (NaN): leave it to cue_share
        return False
    texts = clauses["text"].astype(str).tolist()
    order = np.argsort(-lengths, kind="stable")
    reached = 0.0
    for k in range(0, len(order), chunk):
        picked = order[k:k + chunk]
        has_cue = lexicon_counts([texts[i] for i in picked]).sum(axis=1) > 0
        reached += lengths[picked][has_cue].sum()
        if reached / total >= min_share:
            return True
    return False


def not_a_policy(clauses: pd.DataFrame, min_policy_share: float) -> str | None:
    """Why a text does not read like a privacy policy, or None.

    Cheap test first: when at least half the text is confidently classified into data-practice
    categories it is a policy. Otherwise the share of text with any data-practice cue phrase
    decides (error pages, "enable JavaScript" walls and empty shells have none). Measured on the
    295 real policies of OPP-115 + policond2024: the lowest cue share was 0.067 (a page of
    navigation links around a short policy), while a "page not found" text scores 0.

    Parameters
    ----------
    clauses : DataFrame
        The policy's classified clauses.
    min_policy_share : float
        The least share of text with a cue phrase; 0 accepts every text.

    Returns
    -------
    reason : str or None

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.corpus.screen import not_a_policy
    >>> error_page = pd.DataFrame({"text": ["404", "Page not found"], "category": ["other", "other"],
    ...                            "confidence": [0.9, 0.9]})
    >>> not_a_policy(error_page, 0.03)
    'does not read like a privacy policy: 0% of its text has a data-practice cue phrase (min_policy_share=0.03)'
    >>> not_a_policy(error_page, 0) is None
    True
    """
    if min_policy_share <= 0 or privacy_share(clauses, CONFIDENT) >= 0.5:
        return None
    if _reaches_cue_share(clauses, min_policy_share):
        return None  # what the full share below would say, from the longest clauses only
    share = cue_share(clauses)
    if share >= min_policy_share:
        return None
    return (f"does not read like a privacy policy: {share:.0%} of its text has a data-practice "
            f"cue phrase (min_policy_share={min_policy_share:g})")


class NotAPolicy(Exception):
    """The text was analysed but does not read like a privacy policy.

    ``process_batch`` records it as a skip with stage ``not_a_policy``.

    Examples
    --------
    >>> from policylens.corpus.screen import NotAPolicy
    >>> str(NotAPolicy("does not read like a privacy policy"))
    'does not read like a privacy policy'
    """
