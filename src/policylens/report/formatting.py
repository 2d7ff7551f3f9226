"""Values as people write them: days as durations, lists joined, unknown as an en dash.

Pure functions over single values; every renderer (HTML, notebook, terminal, exports) uses them so
that a value reads the same everywhere.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["UNKNOWN", "display", "format_days", "format_period", "is_missing", "plain_value"]

#: how an unknown value (None / <NA> / NaN) reads
UNKNOWN = "\u2013"
#: marks of a tri-state value: yes, no
YES, NO = "\u2713", "\u2717"


def is_missing(value: Any) -> bool:
    """True for None, ``pd.NA`` and NaN (not for empty strings or lists).

    Parameters
    ----------
    value : object

    Returns
    -------
    missing : bool

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.formatting import is_missing
    >>> is_missing(None), is_missing(pd.NA), is_missing(float("nan")), is_missing(""), is_missing([])
    (True, True, True, False, False)
    """
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and value != value


def plain_value(value: Any) -> Any:
    """A cell value for exports: lists ';'-joined, NA -> None, numpy scalars -> Python scalars.

    Parameters
    ----------
    value : object

    Returns
    -------
    value : object

    Examples
    --------
    >>> plain_value(["a", "b"])
    'a; b'
    >>> plain_value(float("nan")) is None
    True
    """
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy arrays and scalars
        value = value.tolist()
        if isinstance(value, list):
            return "; ".join(str(v) for v in value)
    if is_missing(value):
        return None
    return value


def display(value: Any, *, yes: str = "yes", no: str = "no", unknown: str = UNKNOWN) -> str:
    """The text a person reads for a cell.

    Integers without '.0', lists comma-joined, booleans as ``yes``/``no``, unknown as
    ``unknown`` (an en dash).

    Parameters
    ----------
    value : object
    yes, no : str, default="yes", "no"
        The text of True and False.
    unknown : str, default="–"
        The text of a missing value or an empty list.

    Returns
    -------
    text : str

    Examples
    --------
    >>> display(30.0), display(["gdpr", "ccpa"]), display(None), display(True)
    ('30', 'gdpr, ccpa', '–', 'yes')
    """
    value = plain_value(value) if not isinstance(value, list | tuple | set) else value
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value) if value else unknown
    if value is None:
        return unknown
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def format_days(days: Any) -> str:
    """Human-readable duration for a number of days (365 -> '1 year', 30 -> '30 days').

    Parameters
    ----------
    days : float or None

    Returns
    -------
    text : str
        ``''`` for a missing value.

    Examples
    --------
    >>> format_days(365), format_days(90), format_days(30), format_days(0.5), format_days(None)
    ('1 year', '3 months', '30 days', '12 hours', '')
    """
    if is_missing(days) or pd.isna(days):
        return ""
    days = float(days)
    # years and months only when exact (a stated "30 days" stays 30 days; 90 -> 3 months)
    if days >= 365 and (days / 365).is_integer():
        n = int(days / 365)
        return f"{n} year{'s' if n != 1 else ''}"
    if days >= 60 and (days / 30).is_integer():
        return f"{int(days / 30)} months"
    if days >= 1:
        return f"{days:g} day{'s' if days != 1 else ''}"
    return f"{days * 24:g} hours"


def format_period(min_days: Any, max_days: Any, condition: str = "") -> str:
    """'30 days', '1 year to 2 years' ... followed by the condition or the qualitative kind.

    Parameters
    ----------
    min_days, max_days : float or None
    condition : str, default=""
        What the period runs from, or the qualitative kind (``as_long_as_necessary``).

    Returns
    -------
    text : str

    Examples
    --------
    >>> format_period(30, 30, "after account closure")
    '30 days after account closure'
    >>> format_period(None, None, "as_long_as_necessary")
    'as long as necessary'
    """
    lo, hi = format_days(min_days), format_days(max_days)
    text = f"{lo} to {hi}" if lo and hi and lo != hi else hi or lo
    condition = condition if isinstance(condition, str) else ""
    return " ".join(part for part in (text, condition.replace("_", " ")) if part)
