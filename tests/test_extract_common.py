"""The literal prefilter must never skip a regex that would match (it only saves work)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.extract.common import load_rules, may_match, required_literals

RULE_FILES = ["patterns_rights.yaml", "patterns_transfers.yaml", "patterns_legal_bases.yaml",
              "patterns_laws.yaml"]
REGEXES = [rule.regex for name in RULE_FILES for rule in load_rules(name)[1]]

# words the rules care about, plus case traps that fold onto ASCII letters (İ ı ſ Kelvin sign)
_WORDS = st.sampled_from(["you", "have", "the", "right", "to", "access", "delete", "erasure", "object",
                          "standard", "contractual", "clauses", "GDPR", "CCPA", "consent", "withdraw",
                          "legitimate", "interests", "İ", "ı", "ſ", "\u212a", "Data", "Privacy",
                          "Framework", "U.S.", "EEA", "not", "request", "copy", "of", "your", "data"])


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"standard contractual clauses", re.IGNORECASE, ("standard contractual clauses",)),
        (r"(?:gdpr|ccpa)\b", re.IGNORECASE, ("ccpa", "gdpr")),
        (r"[a-z]+", 0, None),  # nothing literal is required
        (r"(?:right )?to erase", re.IGNORECASE, ("to erase",)),
    ],
)
def test_required_literals(pattern, flags, expected):
    assert required_literals(re.compile(pattern, flags)) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=25), st.sampled_from(REGEXES))
def test_prefilter_never_hides_a_match(words, regex):
    text = " ".join(words)
    if regex.search(text):
        assert may_match(regex, text)


def test_prefilter_skips_unrelated_text():
    regex = re.compile(r"standard contractual clauses", re.IGNORECASE)
    assert not may_match(regex, "We keep your e-mail address for a year.")
    assert may_match(regex, "We rely on Standard Contractual Clauses.")


def test_prefilter_keeps_every_real_match_in_the_seeds(seed_clauses):
    texts = [t for clauses in seed_clauses.values() for t in clauses["text"]]
    checked = 0
    for regex in REGEXES:
        for text in texts:
            if regex.search(text):
                checked += 1
                assert may_match(regex, text), (regex.pattern[:60], text[:80])
    assert checked > 100  # the seeds exercise the rules


# a long lexicon (the destination names): its gate is a ``LiteralIndex`` scan, not ``in`` tests
_PLACES = re.compile(r"(?<![\w.])(?:United States|U\.S\.|(?-i:US)|Canada|India|Japan|Brazil|Mexico|"
                     r"Israel|Taiwan|Vietnam|Malaysia|Thailand|Nigeria|Kenya|Egypt|Turkey|Russia|"
                     r"Ukraine|Serbia|Norway|Iceland|Ireland|Germany|France|Netherlands|Belgium|"
                     r"Luxembourg|Spain|Portugal|Italy|Poland|Sweden|Finland|Denmark|Austria|"
                     r"Romania|Bulgaria|Greece|Hungary|Estonia)(?!\w)", re.IGNORECASE)
_PLACE_WORDS = st.sampled_from(["we", "store", "data", "in", "the", "US", "us", "United", "States",
                                "Canada", "INDIA", "japanese", "Estonia", "U.S.", "ſpain", "İtaly",
                                "Ukraine", "Kelvin\u212a", "ireland's", "xFrance", "Greece,"])


def test_long_lexicon_gets_a_scan_gate():
    literals = required_literals(_PLACES, cap=100_000)
    assert literals is not None and len(literals) > 32


@settings(max_examples=300, deadline=None)
@given(st.lists(_PLACE_WORDS, min_size=1, max_size=12))
def test_long_lexicon_gate_is_exact(words):
    text = " ".join(words)
    literals = required_literals(_PLACES, cap=100_000)
    lower, traps = text.lower(), any(c in text for c in "\u0130\u0131\u017f\u212a")
    # exactly "some required literal occurs" (or a case trap), and never hides a match
    assert may_match(_PLACES, text) == (traps or any(lit in lower for lit in literals))
    if _PLACES.search(text):
        assert may_match(_PLACES, text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "Your rights", "You may:", "Cookies", "YOUR RIGHTS"]),
                          st.sampled_from(["", "You have the right to:", "We may share:", "rights"]),
                          st.text(max_size=30)), min_size=1, max_size=6),
       st.lists(st.sampled_from(["sentence", "clause", "lead_in", "section", "elsewhere"]), min_size=1,
                max_size=4))
def test_context_holds_equals_searching_every_place(calls, where):
    """``context_holds`` remembers lead-in and section results across calls; each answer must be
    the plain search of the places named in ``where``."""
    from policylens.extract.common import Context, context_holds

    context = Context("rights", re.compile(r"\bright", re.IGNORECASE), tuple(where))
    for section, lead_in, sentence in calls:
        places = {"sentence": sentence, "clause": sentence + " more", "lead_in": lead_in, "section": section}
        expected = any(context.regex.search(places[w]) for w in context.where if places.get(w))
        assert context_holds(context, sentence, sentence + " more", lead_in, section) == expected
