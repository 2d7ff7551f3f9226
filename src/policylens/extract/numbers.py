"""Numbers and durations as policies write them, normalised to days.

Normalisation contract (issue 3): 1 hour = 1/24 day, 1 day = 1, 1 week = 7, 1 month = 30,
1 year = 365. A range ("12-24 months", "between 6 months and 2 years") gives its two ends as
``min_days``/``max_days``; a single bound ("up to 30 days", "at least six years", "for [1] year")
gives that number as both ends, the qualifier is kept separately (``Duration.qualifier``) for
callers that care. These unit factors are the documented contract, not a lexicon, so they live
here rather than in a data file.

Every pattern is anchored on a number token and uses bounded repetition only, so scanning is
linear in the text length (a 1 MB clause does not hang).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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
    """Regex source for one number token: digits, a number word, "[1]", "six (6)", "6 (six)".

    Returns
    -------
    pattern : str
        A non-capturing group, to embed in larger patterns.

    Examples
    --------
    >>> import re
    >>> from policylens.extract.numbers import number_pattern
    >>> [m.group() for m in re.finditer(number_pattern(), "within thirty (30) days or 1,000 hours")]
    ['thirty (30)', '1,000']
    """
    word = f"(?:{_word_alt()})"
    bracket = rf"[\[(](?:{_DIGITS})[\])]"
    return (rf"(?:{word}\s?{bracket}|(?:{_DIGITS})\s?\((?:{_word_alt()})\)|{bracket}|"
            rf"(?<![\w.,])(?:{_DIGITS})(?![\d.,]\d)|\b{word}\b)")


def parse_number(token: str) -> float | None:
    """The value of a number token; None when it is not one.

    Parameters
    ----------
    token : str
        "12", "1,000", "six", "twenty-four", "[1]", "six (6)" ...

    Returns
    -------
    value : float or None

    Examples
    --------
    >>> from policylens.extract.numbers import parse_number
    >>> parse_number("twenty-four"), parse_number("1,000"), parse_number("six (6)"), parse_number("many")
    (24.0, 1000.0, 6.0, None)
    """
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
#: an upper bound's qualifier inside a range whose lower end has its own ("at least 5 and at most
#: 10 years", "a minimum of 6 and a maximum of 10 years": only the second number carries the unit)
_UPPER = (r"at\s+(?:most|the\s+most)|(?:a\s+)?maximum\s+(?:period\s+)?of|no\s+(?:more|longer)\s+than|"
          r"not\s+(?:more|longer)\s+than|up\s?to")
_LOWER = frozenset({"at least", "minimum of", "a minimum of", "minimum period of", "a minimum period of",
                    "more than", "longer than", "in excess of"})
_UNIT = r"hours?|hrs?|days?|weeks?|wks?|months?|mos?|years?|yrs?"
_ADJ = r"(?:(?:consecutive|calendar|full|additional|further|subsequent|business|working|more)\s+)?"
_RANGE_SEP = r"\s?(?:-|–|—|to|and|or|through)\s?"


@cache
def duration_regex(mixed_units: bool = True) -> re.Pattern[str]:
    """The compiled pattern of one duration: an optional qualifier, a number or a range, a unit.

    Named groups: ``qual`` (e.g. "up to"), ``n1``, ``u1`` (the first unit of a mixed-unit range
    such as "6 months to 2 years"), ``sep``, ``qual2`` (the upper bound's own qualifier: "at least
    5 and at most 10 years"), ``n2`` and ``unit``.

    Parameters
    ----------
    mixed_units : bool, default=True
        Also match ranges whose two ends have their own units.

    Returns
    -------
    pattern : re.Pattern

    Examples
    --------
    >>> from policylens.extract.numbers import duration_regex
    >>> match = duration_regex().search("We keep logs for up to 6 months.")
    >>> match.group("qual", "n1", "unit")
    ('up to', '6', 'months')
    """
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
        rf"(?:(?P<sep>{_RANGE_SEP})(?:(?P<qual2>{_UPPER})\s+)?(?P<n2>{num}))?"
        rf"(?:\s|-|\s-\s)?{_ADJ}(?P<unit>{_UNIT})\b",
        re.IGNORECASE,
    )


@dataclass(frozen=True, slots=True)
class Duration:
    """A duration found in text; ``text == source[start:end]``.

    Parameters
    ----------
    start, end : int
        Offsets in the searched text.
    text : str
    min_days, max_days : float
        The duration, or the ends of a range, in days.
    unit : str
        The canonical unit ("day", "month" ...).
    qualifier : str, default=""
        "up to", "at least", "within" ... (lower case).
    numbers : tuple of float
        The numbers as written.

    Examples
    --------
    >>> from policylens.extract.numbers import find_durations
    >>> find_durations("up to 6 months")
    [Duration(start=0, end=14, text='up to 6 months', min_days=180.0, max_days=180.0, unit='month', qualifier='up to', numbers=(6.0,))]
    """

    start: int
    end: int
    text: str
    min_days: float
    max_days: float
    unit: str
    qualifier: str = ""
    numbers: tuple[float, ...] = ()


def unit_days(unit: str) -> float | None:
    """Days in one ``unit`` ("months", "wks", "yr." ...); None for an unknown unit.

    Parameters
    ----------
    unit : str

    Returns
    -------
    days : float or None

    Examples
    --------
    >>> from policylens.extract.numbers import unit_days
    >>> unit_days("months"), unit_days("wks"), unit_days("fortnight")
    (30.0, 7.0, None)
    """
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
    if m.group("qual2"):
        if qual not in _LOWER or n2 is None:
            return None  # "up to 5 and at most 10 years" is no range we understand
        qual = "between"  # "at least 5 and at most 10 years": a range
    if qual in ("between", "from") and n2 is None:
        qual, start = "", m.start("n1")
    nums = (n1,) if n2 is None else (n1, n2)
    return Duration(start=start, end=m.end(), text=m.string[start:m.end()],
                    min_days=min(lo, hi), max_days=max(lo, hi), unit=_UNIT_ALIASES.get(
                        m.group("unit").lower(), m.group("unit").lower()),
                    qualifier=qual, numbers=nums)


_UNIT_HIT = re.compile(rf"(?:{_UNIT})\b", re.IGNORECASE)
#: a duration ends at its unit and starts at most this many characters before it
_REACH = 100


def _regions(text: str) -> list[tuple[int, int]]:
    """Spans that can hold a duration: [unit - _REACH, unit end], overlapping ones merged. The
    full pattern (hundreds of number words) only runs there, so text without units is scanned
    once by a cheap pattern."""
    out: list[tuple[int, int]] = []
    for u in _UNIT_HIT.finditer(text):
        lo, hi = max(0, u.start() - _REACH), u.end()
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


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
            elif m.group("qual2") and " ".join((m.group("qual") or "").lower().split()) not in _LOWER:
                # "no less than 2 and no more than 4 weeks": only the upper bound reads as a duration
                matches = list(rx.finditer(text, m.start("qual2"), m.end()))
            else:
                matches = [m]
            for mm in matches:
                d = _duration_from_match(mm)
                if d is not None:
                    out.append(d)
    return out


def find_durations(text: str) -> list[Duration]:
    """Every duration in ``text`` in order (non-overlapping).

    Parameters
    ----------
    text : str

    Returns
    -------
    durations : list of Duration

    Examples
    --------
    >>> [(d.text, d.min_days, d.max_days) for d in find_durations("kept 6-12 months, then 2 years")]
    [('6-12 months', 180.0, 360.0), ('2 years', 730.0, 730.0)]
    """
    return _find_durations(text)


def parse_duration(text: str) -> tuple[float, float] | None:
    """(min_days, max_days) of a text that is one duration; None otherwise.

    Parameters
    ----------
    text : str
        "12-24 months", "[1] year" ...

    Returns
    -------
    days : (float, float) or None
        None when ``text`` holds no duration, or more than one.

    Examples
    --------
    >>> from policylens.extract.numbers import parse_duration
    >>> parse_duration("12-24 months"), parse_duration("[1] year"), parse_duration("1 year or 2 years")
    ((360.0, 720.0), (365.0, 365.0), None)
    """
    found = find_durations(text)
    if len(found) != 1:
        return None
    return found[0].min_days, found[0].max_days
