"""The one sentence splitter: ``segment`` cuts paragraphs with it, ``extract`` reads the sentence
around a match with it.

A sentence ends at a run of ``.``/``!``/``?`` (and closing quotes or brackets) followed by
whitespace and an opening capital, digit, quote, bracket or bullet; a full stop after an
abbreviation or an initial ("e.g.", "Art.", "J. Smith") ends none. Lower case after a full stop
("U.S. users", "etc. and") continues the sentence.

``sentence_around`` additionally stops at the clause breaks a clause's text may still hold, which
``segment`` has already cut into clauses of their own: ``;``, a blank line, and a line break before
a bullet or numbered item. A single line break does not end a sentence (HTML and wrapped text
break lines inside sentences: "In Japan, you must\\nbe at least 18").
"""

from __future__ import annotations

import re

from policylens.resources import load_data

_TERMINAL = r"[.!?]+[\"'”’)\]]*"
_START = r"[\"'“‘(\[]?[A-Z0-9•\-*]"
_SENT_END = re.compile(_TERMINAL + r"(?=\s)")
_NEXT_START = re.compile(r"\s+(" + _START + ")")
# a sentence end (decided with ``_is_abbreviation``) or a clause break (group ``brk``)
_BOUNDARY = re.compile(_TERMINAL + r"(?=\s+" + _START + r")|(?P<brk>;(?=\s)|\n[ \t]*\n"
                       r"|\n(?=[ \t]*(?:[•·▪◦*\-–]|\d{1,2}[.)]\s)))")
_ABBREVIATIONS = frozenset(load_data("segment_lexicon.yaml")["abbreviations"])

#: how far ``sentence_around`` looks either way from a match (keeps the work per match bounded
#: on 1 MB clauses)
REACH = 400


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` (shifted by ``offset``), whitespace-trimmed.

    They cover every non-whitespace character. Linear time.

    Parameters
    ----------
    text : str
    offset : int, default=0
        Added to every span (the text's position in a larger one).

    Returns
    -------
    spans : list of (int, int)

    Examples
    --------
    >>> text = "We keep data, e.g. logs. You may ask U.S. staff. Done!"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['We keep data, e.g. logs.', 'You may ask U.S. staff.', 'Done!']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _SENT_END.finditer(text):
        end = m.end()
        if end <= start:
            continue
        nxt = _NEXT_START.match(text, end)
        if not nxt:
            continue
        if _abbreviation_dot(text, m):
            continue
        spans.append((start, end))
        start = nxt.start(1)
    if start < n:
        spans.append((start, n))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        stripped = chunk.strip()
        if stripped:
            s2 = s + (len(chunk) - len(chunk.lstrip()))
            out.append((offset + s2, offset + s2 + len(stripped)))
    return out


def _abbreviation_dot(text: str, m: re.Match[str]) -> bool:
    """Whether the terminal run ``m`` is one full stop after an abbreviation or an initial."""
    return text[m.start()] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, m.start())


def _is_abbreviation(text: str, dot: int) -> bool:
    window = text[max(0, dot - 12):dot]
    word = window.split()[-1] if window.split() else ""
    word = word.lstrip("(\"'“‘[").lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: 'J. Smith', 'U. S.'
    if word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS:
        return True
    # "EU-U.S. Data Privacy Framework", "Swiss-U.S.": the abbreviation after a hyphen or slash
    tail = re.split(r"[-/–]", word)[-1]
    return tail != word and (tail in _ABBREVIATIONS or tail.rstrip(".") in _ABBREVIATIONS)


def _ends(m: re.Match[str], text: str) -> bool:
    return m.group("brk") is not None or not _abbreviation_dot(text, m)


def sentence_around(text: str, start: int, end: int | None = None, reach: int = REACH) -> tuple[int, int]:
    """(s, e): the sentence of ``text`` holding ``text[start:end]``, whitespace-trimmed.

    ``end`` defaults to ``start``. It looks at most ``reach`` characters either way (bounded,
    so linear over many calls on long clauses). A boundary inside ``text[start:end]`` is
    ignored.

    Parameters
    ----------
    text : str
    start : int
    end : int, default=None
    reach : int, default=REACH
        How far to look for a boundary, either way.

    Returns
    -------
    span : (int, int)

    Examples
    --------
    >>> text = "Hello there. We keep logs; we delete them after 30 days. Bye."
    >>> s, e = sentence_around(text, text.index("logs"))
    >>> text[s:e]
    'We keep logs;'
    >>> s, e = sentence_around(text, text.index("30"))
    >>> text[s:e]
    'we delete them after 30 days.'
    """
    end = start if end is None else end
    n = len(text)
    lo = max(0, start - reach)
    s = lo
    # (the look-ahead of a sentence end may reach past ``start``: scan a little beyond it)
    for m in _BOUNDARY.finditer(text, lo, min(n, start + 8)):
        if m.end() > start:
            break
        if _ends(m, text):
            s = m.end()
    hi = min(n, end + reach)
    e = hi
    for m in _BOUNDARY.finditer(text, end, min(n, hi + 8)):
        if m.start() >= hi:
            break
        if _ends(m, text):
            e = m.end() if m.group("brk") is None or text[m.start()] == ";" else m.start()
            break
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
