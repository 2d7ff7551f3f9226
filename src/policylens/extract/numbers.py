"""Numbers and durations as policies write them, normalised to days.

Normalisation contract (issue 3): 1 hour = 1/24 day, 1 day = 1, 1 week = 7, 1 month = 30,
1 year = 365. A range ("12-24 months", "between 6 months and 2 years") gives its two ends as
``min_days``/``max_days``; a single bound ("up to 30 days", "at least six years", "for [1] year")
gives that number as both ends, the qualifier is kept separately (``Duration.qualifier``) for
callers that care. These unit factors are the documented contract, not a lexicon, so they live
here rather than in a data file.

Every pattern is anchored on a number token and uses bounded repetition only, so scanning is
linear in the text length (a 1 MB clause does not hang).

The end of the module holds the clause gates the retention, children and facts extractors share
(``folded``, ``has_digit``, ``literal_test``, ``literal_gate``, ``GateSet``): cheap exact tests
that let them skip the regexes on the many clauses that cannot yield a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from policylens.extract.common import lower_twin, required_literals, scan_gate  # noqa: F401 (lower_twin: re-exported)
from policylens.extract.literals import LiteralIndex
from policylens.text.keywords import trie_regex

#: days per unit (the issue's normalisation)
UNIT_DAYS: dict[str, float] = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}

_UNIT_ALIASES = {
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour",
    "day": "day", "days": "day",
    "week": "week", "weeks": "week", "wk": "week", "wks": "week",
    "month": "month", "months": "month", "mo": "month", "mos": "month",
    "year": "year", "years": "year", "yr": "year", "yrs": "year",
}

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SPECIAL = {"a": 1, "an": 1, "a single": 1, "single": 1, "a couple of": 2, "couple of": 2,
            "half a": 0.5, "one and a half": 1.5, "a dozen": 12, "dozen": 12, "hundred": 100,
            "one hundred": 100, "a hundred": 100}


@cache
def _word_values() -> dict[str, float]:
    values: dict[str, float] = {w: float(i) for i, w in enumerate(_ONES)}
    for tens, tv in _TENS.items():
        values[tens] = float(tv)
        for i in range(1, 10):
            for sep in ("-", " ", "–"):
                values[f"{tens}{sep}{_ONES[i]}"] = float(tv + i)
    values.update({k: float(v) for k, v in _SPECIAL.items()})
    return values


_DIGITS = r"\d{1,3}(?:,\d{3}){1,3}(?:\.\d{1,3})?|\d{1,6}(?:\.\d{1,3})?"


@cache
def _word_alt() -> str:
    # greedy optional tails make "twenty-four" win over "twenty", "a couple of" over "a"
    return trie_regex(sorted(_word_values()))


@cache
def number_pattern() -> str:
    """Regex source for one number token: digits, a number word, "[1]", "six (6)", "6 (six)"."""
    word = f"(?:{_word_alt()})"
    bracket = rf"[\[(](?:{_DIGITS})[\])]"
    return (rf"(?:{word}\s?{bracket}|(?:{_DIGITS})\s?\((?:{_word_alt()})\)|{bracket}|"
            rf"(?<![\w.,])(?:{_DIGITS})(?![\d.,]\d)|\b{word}\b)")


def parse_number(token: str) -> float | None:
    """The value of a number token ("12", "1,000", "six", "twenty-four", "[1]", "six (6)");
    None when it is not one."""
    t = " ".join(token.strip().lower().split())
    if not t:
        return None
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", t)
    if digits:
        try:
            return float(digits.group().replace(",", ""))
        except ValueError:
            return None
    t = t.replace("–", "-")
    values = _word_values()
    if t in values:
        return values[t]
    t2 = t.replace("-", " ")
    return values.get(t2)


_QUALIFIER = (r"up\s?to|no\s+(?:more|longer)\s+than|not\s+(?:more|longer)\s+than|"
              r"(?:a\s+)?maximum\s+(?:period\s+)?of|max\.?|at\s+(?:most|the\s+most|least)|"
              r"(?:a\s+)?minimum\s+(?:period\s+)?of|less\s+than|fewer\s+than|more\s+than|"
              r"longer\s+than|within|in\s+excess\s+of|approximately|approx\.|about|around|"
              r"roughly|some|between|from")
_UNIT = r"hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?"
_ADJ = r"(?:(?:consecutive|calendar|full|additional|further|subsequent|business|working|more)\s+)?"
_RANGE_SEP = r"\s?(?:-|–|—|to|and|or|through)\s?"


@cache
def duration_regex(mixed_units: bool = True) -> re.Pattern[str]:
    num = number_pattern()
    # mixed-unit ranges: "6 months to 2 years"
    u1 = rf"(?:\s?(?P<u1>{_UNIT})\b)?" if mixed_units else r"(?P<u1>(?!))?"
    return re.compile(
        # nothing starts inside a word: the look-behind rejects most positions at once, before
        # the hundreds of number-word alternatives are tried
        rf"(?<![A-Za-z])(?=[\[(0-9A-Za-z])"
        rf"(?:\b(?P<qual>{_QUALIFIER})\s+)?"
        rf"(?P<n1>{num})"
        rf"{u1}"
        rf"(?:(?P<sep>{_RANGE_SEP})(?P<n2>{num}))?"
        rf"(?:\s|-|\s-\s)?{_ADJ}(?P<unit>{_UNIT})\b",
        re.IGNORECASE,
    )


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration found in text; ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    min_days: float
    max_days: float
    unit: str
    qualifier: str = ""
    numbers: tuple[float, ...] = ()


def unit_days(unit: str) -> float | None:
    name = _UNIT_ALIASES.get(unit.lower().rstrip("."))
    return UNIT_DAYS.get(name) if name else None


def _duration_from_match(m: re.Match[str]) -> Duration | None:
    n1 = parse_number(m.group("n1"))
    factor = unit_days(m.group("unit"))
    if n1 is None or factor is None:
        return None
    u1 = m.group("u1")
    f1 = unit_days(u1) if u1 else factor
    n2 = parse_number(m.group("n2")) if m.group("n2") else None
    if u1 and n2 is None:
        # "6 months 2 years" is not a duration we understand; let the regex match the tail alone
        return None
    lo = n1 * (f1 or factor)
    hi = n2 * factor if n2 is not None else lo
    if n2 is None and u1 is None:
        hi = lo
    qual = " ".join((m.group("qual") or "").lower().split())
    start = m.start("qual") if m.group("qual") else m.start("n1")
    if qual in ("between", "from") and n2 is None:
        qual, start = "", m.start("n1")
    nums = (n1,) if n2 is None else (n1, n2)
    return Duration(start=start, end=m.end(), text=m.string[start:m.end()],
                    min_days=min(lo, hi), max_days=max(lo, hi), unit=_UNIT_ALIASES.get(
                        m.group("unit").lower(), m.group("unit").lower()),
                    qualifier=qual, numbers=nums)


_UNIT_HIT = re.compile(rf"(?:{_UNIT})\b", re.IGNORECASE)
# the same pattern for lower-cased text (see ``folded``): same matches, several times faster
_UNIT_HIT_LOWER = re.compile(rf"(?:{_UNIT})\b")
#: a duration ends at its unit and starts at most this many characters before it
_REACH = 100


def _regions(text: str) -> list[tuple[int, int]]:
    """Spans that can hold a duration: [unit - _REACH, unit end], overlapping ones merged. The
    full pattern (hundreds of number words) only runs there, so text without units is scanned
    once by a cheap pattern."""
    out: list[tuple[int, int]] = []
    fold = folded(text)
    lower, trap = fold
    if not may_hold_duration(text, fold):
        return out  # (most clauses: a few ``in`` tests, remembered)
    # without a case trap ``_UNIT_HIT`` on ``text`` and ``_UNIT_HIT_LOWER`` on ``lower`` match at
    # the same offsets (see ``folded``)
    hits = _UNIT_HIT.finditer(text) if trap else _UNIT_HIT_LOWER.finditer(lower)
    for u in hits:
        lo, hi = max(0, u.start() - _REACH), u.end()
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def may_hold_duration(text: str, fold: tuple[str, bool]) -> bool:
    """False only when ``find_durations(text)`` is empty for want of a unit word (``fold``:
    ``folded(text)``): exactly when ``_regions(text)`` is empty. Remembered for the last text
    (facts and durations both ask)."""
    last = _LAST_UNITS[0]
    if last[0] is text:
        return last[1]
    lower, trap = fold
    # (a unit's letters inside other words, "more", "today", pass the literal test: the unit
    # pattern itself decides, as ``_regions`` does)
    found = trap or (_unit_literals()(lower) and _UNIT_HIT_LOWER.search(lower) is not None)
    _LAST_UNITS[0] = (text, found)
    return found


_LAST_UNITS: list[tuple] = [(None, False)]  # (text, may_hold_duration(text)), replaced whole


@cache
def _unit_literals() -> Callable[[str], bool]:
    lits = required_literals(_UNIT_HIT_LOWER)
    return literal_test(lits) if lits is not None else lambda _text: True


def _find_durations(text: str) -> list[Duration]:
    out = []
    rx, simple = duration_regex(), duration_regex(mixed_units=False)
    for lo, hi in _regions(text):
        for m in rx.finditer(text, lo, hi):
            sep = (m.group("sep") or "").strip().lower()
            if m.group("u1") and (m.group("n2") is None or (
                    sep in ("and", "or") and (m.group("qual") or "").lower() != "between")):
                # "1 year and 6 months" adds up and "1 year or 6 months" is a choice; neither is
                # a range ("12 months months" none at all): read the durations on their own
                matches = list(simple.finditer(text, m.start(), m.end()))
            else:
                matches = [m]
            for mm in matches:
                d = _duration_from_match(mm)
                if d is not None:
                    out.append(d)
    return out


# the last text's durations: retention and facts both read the durations of every clause. One
# tuple replaced whole (no check-then-read of two slots), so threads sharing it stay correct.
_LAST_DURATIONS: list[tuple] = [(None, ())]


def find_durations(text: str) -> list[Duration]:
    """Every duration in ``text`` in order (non-overlapping)."""
    last = _LAST_DURATIONS[0]
    if last[0] is text:  # identity: the memo keeps ``text`` alive, so its id is not reused
        return list(last[1])
    found = _find_durations(text)
    _LAST_DURATIONS[0] = (text, tuple(found))
    return found


def parse_duration(text: str) -> tuple[float, float] | None:
    """(min_days, max_days) of a text that is one duration ("12-24 months", "[1] year")."""
    found = find_durations(text)
    if len(found) != 1:
        return None
    return found[0].min_days, found[0].max_days


# ---------------------------------------------------------------------------------------------
# Clause gates shared by the aspect modules (retention, children, facts).
#
# Almost every clause goes through every sub-extractor, yet few yield anything; a gate is a
# cheap test that is False only when a sub-extractor certainly finds nothing, so the expensive
# regexes run on the few clauses that pass and the findings stay identical.
#
# Case-insensitive gates run on the lower-cased clause. That is exact for patterns whose letters
# are ASCII: outside four "case traps" (dotted/dotless i, long s, Kelvin sign, which
# ``re.IGNORECASE`` matches to ASCII letters and one of which changes length when lower-cased)
# ``str.lower`` keeps every offset and keeps ``\w``/``\d``/``\s`` membership, and no other
# character lower-cases to an ASCII letter (checked over all code points in the tests). A clause
# holding a trap passes every case-insensitive gate (the slow path decides).

_CASE_TRAP = re.compile("[\u0130\u0131\u017f\u212a]")
_LAST_FOLD: list[tuple] = [(None, ("", False))]  # (text, folded(text)), replaced whole


def folded(text: str) -> tuple[str, bool]:
    """(``text.lower()``, whether ``text`` holds a case trap); remembered for the last text, as
    every aspect module asks for the same clause in turn."""
    last = _LAST_FOLD[0]
    if last[0] is text:  # identity: the memo keeps ``text`` alive, so its id is not reused
        return last[1]
    fold = (text.lower(), not text.isascii() and _CASE_TRAP.search(text) is not None)
    _LAST_FOLD[0] = (text, fold)
    return fold


_DIGIT = re.compile(r"\d")
_LAST_DIGIT: list[tuple] = [(None, False)]  # (text, has_digit(text)), replaced whole


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a decimal digit (``\\d``); remembered for the last text."""
    last = _LAST_DIGIT[0]
    if last[0] is text:
        return last[1]
    found = _DIGIT.search(text) is not None
    _LAST_DIGIT[0] = (text, found)
    return found


#: up to this many literals, ``in`` tests beat one trie-regex scan (measured on the corpora)
_IN_TESTS_MAX = 16


def minimal_literals(literals: Iterable[str]) -> tuple[str, ...]:
    """The literals none of which contains another one of them: some literal of ``literals``
    occurs in a text exactly when one of these does (a literal holding another implies it)."""
    out: list[str] = []
    for lit in sorted(set(literals), key=lambda x: (len(x), x)):
        if lit and not any(o in lit for o in out):
            out.append(lit)
    return tuple(out)


def literal_test(literals: Iterable[str]) -> Callable[[str], bool]:
    """``test(text)``: whether some of ``literals`` occurs in ``text`` (fastest form by size)."""
    lits = minimal_literals(literals)
    if not lits:
        return lambda _text: False
    if len(lits) > _IN_TESTS_MAX:
        return LiteralIndex(lits).search
    if len(lits) == 1:
        lit = lits[0]
        return lambda text: lit in text

    def test(text: str) -> bool:  # (a loop: measured faster than ``any`` over a generator)
        for lit in lits:  # noqa: SIM110
            if lit in text:
                return True
        return False

    return test


def literal_gate(regexes: Iterable[re.Pattern[str]]) -> Callable[[str, tuple[str, bool]], bool]:
    """``gate(text, folded(text))``: False only when none of ``regexes`` can match in ``text``
    (none of the literals ``common.required_literals`` derives from them occurs)."""
    ci: set[str] = set()
    cs: set[str] = set()
    for rx in regexes:
        lits = required_literals(rx, cap=100_000)
        if lits is None:
            return lambda _text, _fold: True
        (ci if rx.flags & re.IGNORECASE else cs).update(lits)
    test_ci, test_cs = literal_test(ci), literal_test(cs)
    if not cs:
        def gate(text: str, fold: tuple[str, bool]) -> bool:
            return fold[1] or test_ci(fold[0])
    elif not ci:
        def gate(text: str, fold: tuple[str, bool]) -> bool:
            return test_cs(text)
    else:
        def gate(text: str, fold: tuple[str, bool]) -> bool:
            return test_cs(text) or fold[1] or test_ci(fold[0])
    return gate


def shared_gate(regexes: Iterable[re.Pattern[str]]) -> Callable[[str, tuple[str, bool]], bool]:
    """``literal_gate`` read off the shared per-clause literal scan (``common.scan_gate``): same
    contract, more selective, no scan of its own; ``literal_gate`` itself when some regex has no
    literal requirement."""
    regexes = list(regexes)
    gate = scan_gate(regexes)
    return literal_gate(regexes) if gate is None else gate


class GateSet:
    """Per-regex gates for a list of regexes: ``may_match(text, folded(text))[i]`` is False only
    when ``regexes[i]`` cannot match (a few ``in`` tests each: measured faster than one
    ``LiteralIndex.present`` scan for the short literal sets of single patterns)."""

    def __init__(self, regexes: Iterable[re.Pattern[str]]) -> None:
        # per regex: (test of its literals, case-insensitive) or None when it has no literal
        self._tests: list[tuple[Callable[[str], bool], bool] | None] = []
        for rx in regexes:
            lits = required_literals(rx, cap=100_000)
            self._tests.append(None if lits is None
                               else (literal_test(lits), bool(rx.flags & re.IGNORECASE)))

    def may_match(self, text: str, fold: tuple[str, bool]) -> list[bool]:
        lower, trap = fold
        return [True if t is None else (trap or t[0](lower)) if t[1] else t[0](text)
                for t in self._tests]


def finditer_folded(regex: re.Pattern[str], twin: re.Pattern[str] | None, text: str,
                    fold: tuple[str, bool]) -> Iterable[re.Match[str]]:
    """``regex.finditer(text)`` as match spans: the twin's matches on the lower-cased text when
    it can stand in (read evidence with ``text[m.start():m.end()]``, not ``m.group()``)."""
    if twin is not None and not fold[1]:
        return twin.finditer(fold[0])
    return regex.finditer(text)
