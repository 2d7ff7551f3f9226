"""Retention data categories: a raw data phrase normalised to a small vocabulary.

``normalise_category("your account information") == "account"``; the ids and their patterns are
data in ``data/retention_categories.yaml`` (tried in order, first match wins; ``generic`` when none
matches). Retention findings carry the id in ``data_category`` and the phrase as written in
``data_category_raw``.
"""

from __future__ import annotations

import re
from functools import cache

from policylens.resources import load_data


@cache
def _fragment() -> re.Pattern[str]:
    return re.compile(load_data("retention_categories.yaml")["fragment"], re.IGNORECASE)


def is_fragment(raw: str) -> bool:
    """Whether a raw phrase is no noun phrase ("your", "etc", "have actively uploaded").

    Parameters
    ----------
    raw : str

    Returns
    -------
    fragment : bool

    Examples
    --------
    >>> from policylens.extract.categories import is_fragment
    >>> is_fragment("your"), is_fragment("account data")
    (True, False)
    """
    return _fragment().search(raw.strip()) is not None


@cache
def _categories() -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    data = load_data("retention_categories.yaml")["categories"]
    return tuple((c["id"], re.compile(c["pattern"], re.IGNORECASE) if c["pattern"] else None) for c in data)


def category_ids() -> list[str]:
    """The retention category ids, in the order they are tried (``generic`` last).

    Returns
    -------
    ids : list of str

    Examples
    --------
    >>> from policylens.extract.categories import category_ids
    >>> ids = category_ids()
    >>> ids[-1], "usage_logs" in ids
    ('generic', True)
    """
    return [cid for cid, _ in _categories()]


def normalise_category(raw: str) -> str:
    """The category id of a raw data phrase.

    ``''`` for an empty phrase or a fragment that is no noun phrase (``is_fragment``),
    ``'generic'`` when the phrase names no particular data.

    Parameters
    ----------
    raw : str
        A data phrase as written ("your account information").

    Returns
    -------
    category : str
        An id of :func:`category_ids`, or ``''``.

    Examples
    --------
    >>> normalise_category("Server logs")
    'usage_logs'
    >>> normalise_category("your personal information")
    'generic'
    >>> normalise_category("")
    ''
    """
    if not raw or not raw.strip() or is_fragment(raw):
        return ""
    for cid, rx in _categories():
        if rx is None or rx.search(raw):
            return cid
    return "generic"
