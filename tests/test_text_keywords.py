"""The one keyword index (pyahocorasick) and the trie regex helper."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.text.keywords import KeywordIndex, fold, trie_regex

_ALPHABET = st.sampled_from(list("abcAB .\t\n") + ["\u0130", "\u0131", "\u017f", "\u212a", "é"])
_KEYWORDS = st.lists(st.text(alphabet="abc .", min_size=1, max_size=4).filter(str.strip), max_size=8)


@settings(max_examples=300, deadline=None)
@given(_KEYWORDS, st.text(alphabet=_ALPHABET, max_size=40))
def test_found_equals_substring_tests_on_the_folded_text(keywords, text):
    index = KeywordIndex((k, i) for i, k in enumerate(keywords))
    assert index.found(text) == {fold(k) for k in keywords if fold(k) in fold(text)}


@settings(max_examples=200, deadline=None)
@given(_KEYWORDS, st.text(alphabet=_ALPHABET, max_size=40))
def test_payloads_are_those_of_the_found_keywords(keywords, text):
    index = KeywordIndex((k, i) for i, k in enumerate(keywords))
    assert index.payloads(text) == {i for i, k in enumerate(keywords) if fold(k) in fold(text)}


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["sell", "is", "kit", "a b"]), st.text(alphabet=_ALPHABET, max_size=30))
def test_a_case_insensitive_regex_match_implies_the_keyword(keyword, text):
    """The prefilter's promise: where ``re.IGNORECASE`` (and ``\\s`` for a space) matches, the
    folded keyword occurs in the folded text."""
    rx = re.compile(re.escape(keyword).replace("\\ ", "\\s"), re.IGNORECASE)
    if rx.search(text):
        assert KeywordIndex([(keyword, 0)]).found(text) == {fold(keyword)}


@pytest.mark.parametrize("text, expected", [
    ("We SELL", "we sell"), ("\u0130NFO", "info"), ("ſell\tit", "sell it"), ("a\u2028b", "a b"), ("", ""),
])
def test_fold(text, expected):
    assert fold(text) == expected


def test_empty_index_and_empty_keyword():
    assert KeywordIndex([]).found("anything") == set()
    with pytest.raises(ValueError, match="empty keyword"):
        KeywordIndex([("", 1)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab c", min_size=1, max_size=5), min_size=1, max_size=8),
       st.text(alphabet="ab c", max_size=12))
def test_trie_regex_matches_the_longest_word_at_a_position(words, text):
    rx = re.compile(trie_regex(words, space=" "))
    m = rx.match(text)
    longest = max((w for w in words if text.startswith(w)), key=len, default=None)
    assert (m.group() if m else None) == longest


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_fold_of_ascii_text_is_lower_case_with_every_whitespace_a_space(text):
    assert fold(text) == "".join(" " if c.isspace() else c for c in text).lower()
