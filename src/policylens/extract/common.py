"""Shared helpers for the aspect extractors (negation, modality, lexicon matching).

Append-only for the aspect modules: add a helper here when two aspects need it.
"""

from __future__ import annotations

import re

# A negation cue shortly before a match flips its meaning ("we do not sell", "never share").
_NEGATION = re.compile(
    r"\b(?:not|never|no|none|neither|nor|cannot|can't|don't|doesn't|won't|without)\b|n't\b",
    re.IGNORECASE,
)


def negated_before(text: str, pos: int, window: int = 40) -> bool:
    """True when a negation cue occurs in the ``window`` characters before ``pos`` in the same
    clause segment (stops at sentence/clause punctuation)."""
    left = text[max(0, pos - window):pos]
    cut = max(left.rfind(";"), left.rfind("."), left.rfind(":"))
    if cut >= 0:
        left = left[cut + 1:]
    return bool(_NEGATION.search(left))
