"""Number words and durations -> days (policylens.extract.numbers)."""

from __future__ import annotations

import pytest
from helpers_guard import hang_guard
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.extract.numbers import UNIT_DAYS, find_durations, parse_duration, parse_number


@pytest.mark.parametrize(("token", "value"), [
    ("12", 12), ("1,000", 1000), ("2.5", 2.5), ("six", 6), ("Twelve", 12), ("twenty-four", 24),
    ("twenty four", 24), ("thirty", 30), ("ninety-nine", 99), ("[1]", 1), ("(6)", 6),
    ("six (6)", 6), ("a", 1), ("an", 1), ("a couple of", 2), ("a dozen", 12), ("one hundred", 100),
])
def test_parse_number(token, value):
    assert parse_number(token) == value


@pytest.mark.parametrize("token", ["", "several", "few", "many", "abc", "twentyfour-ish"])
def test_parse_number_rejects(token):
    assert parse_number(token) is None


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("12-24 months", 360, 720),          # the examples
    ("up to 30 days", 30, 30),
    ("six years", 2190, 2190),
    ("[1] year", 365, 365),
    ("5-7 years", 1825, 2555),
    ("6 months to 2 years", 180, 730),    # mixed units
    ("between 3 and 9 weeks", 21, 63),
    ("twelve (12) months", 360, 360),
    ("three (3) years", 1095, 1095),
    ("a year", 365, 365),
    ("one month", 30, 30),
    ("thirty days", 30, 30),
    ("18 consecutive months", 540, 540),
    ("90-day", 90, 90),
    ("48 hours", 2, 2),
    ("2 weeks", 14, 14),
    ("1,095 days", 1095, 1095),
    ("ten to fifteen years", 3650, 5475),
    ("4 – 8 weeks", 28, 56),
    ("seven yrs", 2555, 2555),
])
def test_parse_duration(text, lo, hi):
    assert parse_duration(text) == (lo, hi)


@pytest.mark.parametrize("text", ["a few months", "several years", "some time", "the 12th month",
                                  "version 2", "12 apples", "months", ""])
def test_not_a_duration(text):
    assert parse_duration(text) is None


def test_find_durations_offsets_and_qualifier():
    text = "Logs are kept for up to 30 days; invoices for 7 years (or 10 years in Italy)."
    found = find_durations(text)
    assert [d.text for d in found] == ["up to 30 days", "7 years", "10 years"]
    assert found[0].qualifier == "up to"
    for d in found:
        assert text[d.start:d.end] == d.text


_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30, "year": 365,
          "years": 365}

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _words(n: int) -> str:
    if n < 20:
        return _WORDS[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_WORDS[ones]}" if ones else "")


@settings(deadline=None)  # the first call compiles the patterns
@given(st.integers(min_value=1, max_value=99999), st.sampled_from(sorted(_UNITS)))
def test_digits_times_unit(n, unit):
    assert parse_duration(f"{n} {unit}") == (n * _UNITS[unit], n * _UNITS[unit])


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=99))
def test_number_words_round_trip(n):
    assert parse_number(_words(n)) == n


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999),
       st.sampled_from(["-", " to ", "–", " and "]), st.sampled_from(sorted(_UNITS)))
def test_ranges_are_ordered(a, b, sep, unit):
    prefix = "between " if sep == " and " else ""
    lo, hi = parse_duration(f"{prefix}{a}{sep}{b} {unit}")
    assert lo == min(a, b) * _UNITS[unit] and hi == max(a, b) * _UNITS[unit]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 -–,.()[]ayearmonthdweksixtn")),
               max_size=120))
def test_find_durations_never_breaks(text):
    for d in find_durations(text):
        assert text[d.start:d.end] == d.text
        assert 0 <= d.min_days <= d.max_days
        assert d.unit in UNIT_DAYS




@pytest.mark.parametrize(("chunk", "size"), [
    ("1 ", 1_000_000), ("twenty-", 1_000_000), ("12 to ", 1_000_000), ("[1] ", 1_000_000),
    ("9" * 50, 1_000_000), ("1-2 months ", 300_000), ("up to a year or ", 300_000),
])
def test_long_adversarial_input_is_linear(chunk, size):
    text = chunk * (size // len(chunk))
    with hang_guard(60):
        find_durations(text)
