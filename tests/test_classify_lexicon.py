"""Cue-phrase counts (policylens.classify.lexicon) against one regular expression per category."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.classify.lexicon import lexicon_categories, lexicon_counts
from policylens.taxonomy import categories, keywords

_PHRASES = sorted({w for words in keywords().values() for w in words})


def _regex_counts(texts: list[str]) -> np.ndarray:
    """The definition, one category at a time: longest phrase first, no word character beside it,
    matches not overlapping (what ``findall`` counts), on the lower-cased text."""
    out = np.zeros((len(texts), len(lexicon_categories())))
    for j, cat in enumerate(lexicon_categories()):
        alternatives = sorted((re.escape(w.lower()) for w in keywords()[cat]), key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
        for i, text in enumerate(texts):
            out[i, j] = len(pattern.findall(text.lower()))
    return out


_SEPARATORS = [" ", "  ", "\n", ".", ",", "-", "@", "_", "'", "(", ")", "\u2019", "\u201c", "\u00a0", "\t"]
_PIECES = st.one_of(
    st.sampled_from(_PHRASES),
    st.sampled_from(_PHRASES).map(str.upper),
    st.sampled_from(_PHRASES).map(lambda w: w + "s"),
    st.sampled_from(_PHRASES).map(lambda w: "x" + w),
    st.sampled_from(_SEPARATORS + ["é", "do", "not", "\0", "Σ"]),
    st.text(max_size=6),
)
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, min_size=0, max_size=6))
def test_counts_equal_one_regex_per_category(texts):
    np.testing.assert_array_equal(lexicon_counts(texts), _regex_counts(texts))


@pytest.mark.parametrize(
    "texts",
    [
        ["We do not", "sell your data."],  # a phrase must not run from one text into the next
        ["contact us @", "@ the office"],
        ["privacy policy privacy policy", "Privacy Policy."],
        ["“Do Not Sell” my data", "opt-out / opt out"],
        ["Café cookies", "naïve third parties", "Cookies\nand cookies"],
        ["same text", "same text", ""],
    ],
)
def test_texts_counted_together_as_each_alone(texts):
    counts = lexicon_counts(texts)
    np.testing.assert_array_equal(counts, _regex_counts(texts))
    for i, text in enumerate(texts):
        np.testing.assert_array_equal(counts[i], lexicon_counts([text])[0])


def test_counts_on_word_boundaries():
    counts = lexicon_counts(["Our website does not respond to Do Not Track signals.", "cookies cookie", "Undo nothing"])
    ids = list(lexicon_categories())
    assert counts.shape == (3, len(ids))
    assert counts[0, ids.index("do_not_track")] >= 1
    assert counts[1, ids.index("cookies_tracking")] == 2
    assert counts[2].sum() == 0


def test_columns_are_the_taxonomy_categories_with_phrases():
    assert list(lexicon_categories()) == [c for c in categories() if keywords()[c]]
