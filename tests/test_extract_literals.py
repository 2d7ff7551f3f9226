"""``LiteralIndex`` is exactly the set of ``in`` tests it replaces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.extract.literals import LiteralIndex

_ALPHABET = "abc. -"


@given(st.lists(st.text(_ALPHABET, min_size=1, max_size=5), max_size=25), st.text(_ALPHABET, max_size=60))
@settings(max_examples=400, deadline=None)
def test_present_equals_in_tests(literals: list[str], text: str) -> None:
    index = LiteralIndex(literals)
    expected = {lit for lit in literals if lit in text}
    assert index.present(text) == expected
    assert index.search(text) == bool(expected)


@given(st.lists(st.text(min_size=1, max_size=4), max_size=12), st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_present_equals_in_tests_any_unicode(literals: list[str], text: str) -> None:
    index = LiteralIndex(literals)
    assert index.present(text) == {lit for lit in literals if lit in text}


@pytest.mark.parametrize(("literals", "text", "expected"), [
    (["us", "user", "users", "use"], "our users", {"us", "use", "user", "users"}),
    (["uk", "ukraine"], "ukrain", {"uk"}),
    (["data", "personal data"], "personal data", {"data", "personal data"}),
    (["a.b", "a*b", "(x)"], "a*b and (x)", {"a*b", "(x)"}),
    ([], "anything", set()),
    (["x"], "", set()),
])
def test_cases(literals: list[str], text: str, expected: set[str]) -> None:
    assert LiteralIndex(literals).present(text) == expected


def test_positions_report_longest_at_each_start() -> None:
    index = LiteralIndex(["us", "users"])
    assert index.positions("users us") == [(0, "users"), (6, "us")]
