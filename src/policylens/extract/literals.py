"""Exact, fast "which of these strings occur in this text" for large literal sets.

``LiteralIndex(literals).present(text)`` equals ``{lit for lit in literals if lit in text}`` but
costs one C-level regex scan instead of one ``in`` test per literal: the literals are compiled into
a trie-shaped regex inside a lookahead, so a scan reports, at every position where some literal
starts, the *longest* literal starting there. Every shorter literal starting at the same position
is a prefix of that longest one, so adding each reported literal's known prefixes makes the answer
exact (overlaps included).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

_END = ""  # trie key marking "a literal ends here"


def _trie(literals: Iterable[str]) -> dict:
    root: dict = {}
    for lit in literals:
        node = root
        for ch in lit:
            node = node.setdefault(ch, {})
        node[_END] = True
    return root


def _trie_pattern(node: dict) -> str:
    """Regex for a trie node; greedy, so at a position it matches the longest literal."""
    children = [(ch, sub) for ch, sub in node.items() if ch != _END]
    if not children:
        return ""
    # group children that end right away (single characters) into one class
    singles = sorted(re.escape(ch) for ch, sub in children if len(sub) == 1 and _END in sub)
    branches = [re.escape(ch) + _trie_pattern(sub) for ch, sub in sorted(children)
                if not (len(sub) == 1 and _END in sub)]
    if singles:
        branches.append(singles[0] if len(singles) == 1 else "[" + "".join(singles) + "]")
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        # the literal may end here, but a longer one is tried first (greedy ``?``)
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body


def trie_pattern(literals: Iterable[str]) -> str:
    """A regex (no group) matching, at a position, the longest of ``literals`` starting there; ""
    for no literals. For callers that embed it in a larger scan (word starts, lookaheads)."""
    return _trie_pattern(_trie(lit for lit in literals if lit))


class LiteralIndex:
    """A fixed set of non-empty literals, searchable in one scan (case-sensitive: pass lower-cased
    text for lower-cased literals)."""

    def __init__(self, literals: Iterable[str]) -> None:
        lits = sorted({lit for lit in literals if lit})
        self.literals: tuple[str, ...] = tuple(lits)
        # longest-at-a-position literal -> every literal that is a prefix of it (itself included)
        self._prefixes: dict[str, frozenset[str]] = {}
        known = set(lits)
        for lit in lits:  # (each prefix looked up: linear in the literals' total length)
            self._prefixes[lit] = frozenset(lit[:k] for k in range(1, len(lit) + 1) if lit[:k] in known)

    @cached_property
    def _any(self) -> re.Pattern[str] | None:
        return re.compile(trie_pattern(self.literals)) if self.literals else None

    @cached_property
    def _each(self) -> re.Pattern[str] | None:
        if not self.literals:
            return None
        return re.compile("(?=(" + trie_pattern(self.literals) + "))")

    def search(self, text: str) -> bool:
        """Whether any literal occurs in ``text``."""
        return self._any is not None and self._any.search(text) is not None

    def present(self, text: str) -> set[str]:
        """The literals that occur in ``text`` (exactly ``{l for l in literals if l in text}``)."""
        if self._each is None:
            return set()
        found: set[str] = set()
        seen: set[str] = set()
        for longest in self._each.findall(text):
            if longest not in seen:
                seen.add(longest)
                found.update(self._prefixes[longest])
        return found

    def positions(self, text: str) -> list[tuple[int, str]]:
        """(start, longest literal starting there) for every position where a literal starts."""
        if self._each is None:
            return []
        return [(m.start(), m.group(1)) for m in self._each.finditer(text)]

    def __len__(self) -> int:
        return len(self.literals)

    def __repr__(self) -> str:
        return f"LiteralIndex({len(self.literals)} literals)"
