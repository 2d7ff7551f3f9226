"""Which of many keywords occur in a text: one Aho-Corasick automaton (``pyahocorasick``).

Keywords are matched case-insensitively as plain substrings of the folded text (``fold``), with no
word-boundary test: a keyword "access" is found in "accessible" too. That keeps the answer a
superset of what a word-bounded search would give, which is what a prefilter needs (a rule whose
regex says ``\\baccess\\b`` is merely run once more and finds nothing); rules check boundaries
themselves. ``trie_regex`` is the regex twin for code that needs a single pattern (number words,
cue phrases) rather than a set of hits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

# characters that ``re.IGNORECASE`` matches to ASCII letters although ``str.lower`` does not map
# them there (dotted / dotless i, long s, Kelvin sign) are folded to those letters, and every
# whitespace character to a space, so that a keyword is found wherever a case-insensitive regex
# holding it (with ``\s`` for its spaces) can match
#: the ASCII whitespace other than the space (str.replace per character present is several
#: times faster than str.translate on ASCII text, which is most clauses)
_ASCII_SPACES = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k",
                       **{chr(c): " " for c in range(0x110000) if chr(c).isspace()}})


def fold(text: str) -> str:
    """``text`` lower-cased for keyword lookup.

    Case traps are folded to their ASCII letters and every whitespace character to a space.

    Parameters
    ----------
    text : str

    Returns
    -------
    folded : str

    Examples
    --------
    >>> fold("We SELL\tſtuff")
    'we sell stuff'
    """
    if not text.isascii():
        return text.translate(_FOLD).lower()
    low = text.lower()
    for ch in _ASCII_SPACES:
        if ch in low:
            low = low.replace(ch, " ")
    return low


class KeywordIndex:
    """A fixed set of keywords, each with a payload, found in one pass over a text.

    Parameters
    ----------
    keywords : iterable of (str, object)
        The (keyword, payload) pairs; a keyword may carry several payloads. Keywords are folded
        (``fold``); empty ones are an error.

    Examples
    --------
    >>> index = KeywordIndex([("delete", "erasure"), ("copy", "access"), ("erase", "erasure")])
    >>> sorted(index.payloads("You may ask us to DELETE or erase it."))
    ['erasure']
    >>> sorted(index.found("a copy, deleted"))
    ['copy', 'delete']
    """

    def __init__(self, keywords: Iterable[tuple[str, object]]) -> None:
        table: dict[str, list[object]] = {}
        for word, payload in keywords:
            key = fold(word)
            if not key:
                raise ValueError(f"empty keyword for {payload!r}")
            table.setdefault(key, [])
            if payload not in table[key]:
                table[key].append(payload)
        self.keywords: tuple[str, ...] = tuple(sorted(table))
        self._automaton = ahocorasick.Automaton()
        for key, payloads in table.items():
            self._automaton.add_word(key, (key, tuple(payloads)))
        if table:
            self._automaton.make_automaton()
        self._empty = not table

    def found(self, text: str) -> set[str]:
        """The keywords occurring in ``text`` (folded first).

        Parameters
        ----------
        text : str

        Returns
        -------
        keywords : set of str

        Examples
        --------
        >>> from policylens.text.keywords import KeywordIndex
        >>> sorted(KeywordIndex([("opt out", "choice"), ("sell", "sale")]).found("OPT OUT of a sale; we never sell."))
        ['opt out', 'sell']
        """
        if self._empty:
            return set()
        return {key for _end, (key, _p) in self._automaton.iter(fold(text))}

    def payloads(self, text: str) -> set[object]:
        """The payloads of every keyword occurring in ``text``.

        Parameters
        ----------
        text : str

        Returns
        -------
        payloads : set

        Examples
        --------
        >>> from policylens.text.keywords import KeywordIndex
        >>> index = KeywordIndex([("delete", "erasure"), ("erase", "erasure"), ("copy", "access")])
        >>> sorted(index.payloads("Ask us to erase or delete it."))
        ['erasure']
        """
        out: set[object] = set()
        if self._empty:
            return out
        seen: set[str] = set()
        for _end, (key, payloads) in self._automaton.iter(fold(text)):
            if key not in seen:
                seen.add(key)
                out.update(payloads)
        return out

    def __len__(self) -> int:
        return len(self.keywords)

    def __repr__(self) -> str:
        return f"KeywordIndex({len(self.keywords)} keywords)"


def trie_regex(words: Iterable[str], space: str = r"\s") -> str:
    """One regex source (no group) matching any of ``words``, longest alternative first.

    Built as a character trie so the engine tests one branch per character instead of trying
    every word in turn. A space in a word matches ``space`` (any one whitespace character by
    default; pass ``" "`` for a literal space).

    Parameters
    ----------
    words : iterable of str
    space : str, default=any one whitespace character
        The regex a space in a word stands for.

    Returns
    -------
    pattern : str

    Examples
    --------
    >>> rx = re.compile(trie_regex(["twenty", "twenty one", "two"]))
    >>> rx.match("twenty one").group(), rx.match("two").group()
    ('twenty one', 'two')
    >>> trie_regex([])
    ''
    """
    trie: dict = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted((c for c in node if c), key=lambda c: (-_depth(node[c]), c)):
            piece = space if ch == " " else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _depth(node: dict) -> int:
    return 1 + max((_depth(v) for k, v in node.items() if k), default=0)
