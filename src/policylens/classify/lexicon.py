"""Cue-phrase counts per taxonomy category (the ``keywords`` of ``data/taxonomy.yaml``).

A cue phrase occurs where the lower-cased text holds the lower-cased phrase with no word
character (``\\w``: a letter, digit or underscore) right before or right after it. Per category,
occurrences are counted as a left-to-right scan takes them: at each position the longest of the
category's phrases, and the next one only after its end (so "do not track" counts once, not also as
"track"). All phrases are found in one pass of an Aho-Corasick automaton (pyahocorasick).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import ahocorasick
import numpy as np
import pandas as pd

from policylens.taxonomy import keywords


def lexicon_categories() -> tuple[str, ...]:
    """The categories with cue phrases, in taxonomy order (the columns of :func:`lexicon_counts`).

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> "do_not_track" in lexicon_categories()
    True
    """
    return _automaton()[0]


@cache
def _automaton() -> tuple[tuple[str, ...], ahocorasick.Automaton]:
    """(categories with phrases, automaton: lower-cased phrase -> (its length, its categories))."""
    categories = tuple(cat for cat, words in keywords().items() if words)
    owners: dict[str, set[int]] = {}
    for j, cat in enumerate(categories):
        for word in keywords()[cat]:
            if word.strip() and "\n" not in word:
                owners.setdefault(word.lower(), set()).add(j)
    automaton = ahocorasick.Automaton()
    for phrase, cats in owners.items():
        automaton.add_word(phrase, (len(phrase), tuple(sorted(cats))))
    automaton.make_automaton()
    return categories, automaton


def lexicon_counts(texts: Sequence[str]) -> np.ndarray:
    """How many cue phrases of each category occur in each text.

    Parameters
    ----------
    texts : sequence of str
        Texts to scan.

    Returns
    -------
    counts : ndarray of shape (len(texts), len(lexicon_categories()))
        Float counts, columns in :func:`lexicon_categories` order.

    Examples
    --------
    >>> counts = lexicon_counts(["We honour Do Not Track signals.", "Nothing here."])
    >>> int(counts[0, lexicon_categories().index("do_not_track")]), int(counts[1].sum())
    (1, 0)
    """
    categories, automaton = _automaton()
    which, distinct = pd.factorize(pd.Index(list(texts), dtype=object))
    out = np.zeros((len(distinct), len(categories)))
    # All distinct texts lower-cased and scanned as one, "\n" between them: a non-word character,
    # as the start and end of a text are, and in no phrase, so no match spans two texts.
    lower = [text.lower() for text in distinct]
    big = "\n" + "\n".join(lower) + "\n"
    matches = []  # (start, -length, categories) of every phrase with no word character beside it
    for end, (length, cats) in automaton.iter(big):
        start = end - length + 1
        before, after = big[start - 1], big[end + 1]
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):  # no ``\w`` beside it
            matches.append((start, -length, cats))
    matches.sort()  # by start, the longest first
    last_end = [0] * len(categories)
    where, what = [], []
    for start, negative_length, cats in matches:
        for j in cats:
            if start >= last_end[j]:  # the category's previous occurrence is over
                last_end[j] = start - negative_length
                where.append(start)
                what.append(j)
    if where:
        text_starts = np.cumsum([1] + [len(t) + 1 for t in lower[:-1]])
        rows = np.searchsorted(text_starts, np.asarray(where), side="right") - 1
        np.add.at(out, (rows, np.asarray(what, dtype=np.intp)), 1)
    return out[which]
