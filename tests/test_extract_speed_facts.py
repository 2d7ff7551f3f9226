"""The clause gates of the retention, children and facts extractors change no finding.

Every gate is a cheap test that must be False only when its part of an extractor finds nothing.
Each test compares the gated extractor with the same extractor whose gates all pass (the
straightforward path: every regex runs on every clause), on generated clauses built from the
words the patterns look for, near misses and the Unicode characters that case-fold oddly.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policylens
from policylens.config import bundled_policies_dir
from policylens.extract import ClauseContext, children, common, facts, numbers, retention
from policylens.extract.common import required_literals
from policylens.resources import load_data

_TRAPS = "\u0130\u0131\u017f\u212a"  # İ ı ſ K: match ASCII letters under re.IGNORECASE


# ---------------------------------------------------------------------------------------------
# the "ungated" reference: every gate passes, so every regex runs (the code before the gates)

class _AllPass:
    """A ``numbers.GateSet`` stand-in that lets every regex run."""

    def __init__(self, n: int) -> None:
        self.n = n

    def may_match(self, _text: str, _fold: tuple[str, bool]) -> list[bool]:
        return [True] * self.n


def _yes(*_args: object) -> bool:
    return True


@contextmanager
def ungated():
    with pytest.MonkeyPatch.context() as mp:
        f = facts._gates()
        mp.setattr(facts, "_gates", lambda: facts._Gates(*(_yes for _ in range(len(f.__dataclass_fields__)))))
        mp.setattr(facts, "has_digit", _yes)
        mp.setattr(facts, "_twins", lambda: facts._Twins(dpo=None))
        mp.setattr(facts, "_service_starts", lambda: tuple(lambda _t: None for _ in facts._service_regexes()))
        c = children._gates()
        n_phrases = len(children.patterns().phrases)
        mp.setattr(children, "_gates", lambda: children._Gates(
            age_digits=re.compile(""), age_word_literals=_yes, age_words=re.compile(""),
            phrases=_AllPass(n_phrases), phrase_twins=(None,) * n_phrases, discovery=(),
            word_literals=None))
        mp.setattr(children, "_may_hold_age", _yes)
        assert c.word_literals is not None  # (the real gate exists, so this test tests something)
        n_qualitative = len(retention.patterns().qualitative)
        mp.setattr(retention, "_gates", lambda: retention._Gates(
            cue=_yes, qualitative=_yes, by_pattern=_AllPass(n_qualitative),
            twins=(None,) * n_qualitative))
        mp.setattr(numbers, "_unit_literals", lambda: _yes)
        mp.setattr(numbers, "_LAST_UNITS", [(None, False)])  # (no answer remembered from the gated run)
        # no memo either: the durations are found afresh for the reference
        for module in (retention, facts):
            mp.setattr(module, "find_durations", numbers._find_durations)
        yield


MODULES = (retention, children, facts)


def _gated_and_reference(ctx: ClauseContext) -> tuple[list, list]:
    gated = [fn.extract_clause(ctx) for fn in MODULES]
    with ungated():
        reference = [fn.extract_clause(ctx) for fn in MODULES]
    return gated, reference


# ---------------------------------------------------------------------------------------------
# generated clauses: per part of the extractors, the words its patterns look for (read from the
# data files where they are lexicons) mixed with near misses, digits, punctuation and case traps

def _age_phrase(cue: str, n: str) -> str:
    return f"{cue} {n}"


_AGE_TOKENS = st.one_of(st.integers(0, 30).map(str), st.sampled_from(["08", "09", "(13)", "1,18", "$13",
                                                                         "\u0661\u0663", "100"]),
                        st.sampled_from(load_data("patterns_children.yaml")["age_words"]))
_GROUPS = {
    "retention": [
        "We retain", "your personal data", "is kept", "stored", "we delete", "for 30 days",
        "for 6 months after closure", "up to two years", "a year", "12-24 months", "hours",
        "as long as necessary", "no longer than needed", "for a reasonable period", "indefinitely",
        "forever", "permanently delete", "is never deleted", "until you delete your account",
        "to comply with legal obligations", "as required by law", "while your account is active",
        "Usage Data:", "Billing records", "cookies expire after", "in the past 12 months",
        "every 12 months", "respond within", "you have the right to request", "Retention",
    ],
    "children": [
        "children", "child's", "minors", "kids", "teens", "underage", "parents", "if we learn",
        "if we discover", "we will delete it", "remove", "COPPA", "parental consent",
        "you must be at least", "not intended for", "years of age", "years old", "or older", "+",
        "between", "and", "if we ever decide to", "often", "content", "weight", "Thailand",
    ],
    "dates": [
        "Last updated:", "Effective date", "Revised on", "as of", "dated", "May 26, 2025",
        "26th of May 2025", "02.07.2025", "2025-07-02", "07/02/2025", "13/02/25", "March 2024",
        "Sept. 2023", "Jan 5, 1999", "31.12.1999", "1/1/99", "the Privacy Act", "effective",
        "version", "2024",
    ],
    "sells_shares": [
        "We do not sell", "we sell", "sell your personal information", "sold", "selling",
        "Do Not Sell My", "products", "merger", "without your consent", "share", "disclose",
        "make available", "targeted advertising", "advertising partners", "interest-based ads",
        "aggregated", "with us", "opt out of", "We Do Not:", "third parties", "well", "old",
    ],
    "deadlines": [
        "within 72 hours", "3 days", "breach", "security incident", "notify you", "inform",
        "respond to your request", "within one month", "within 30 days", "an additional 45 days",
        "acknowledge", "requests", "we keep", "no later than", "in", "weeks",
    ],
    "contacts": [
        "privacy@example.com", "a.b@c.io", "logo@2x.png", "x@y", "Data Protection Officer",
        "data protection officers", "data privacy officer", "DPO", "DPOs", "Dpo", "not appointed",
        "we have not appointed a", "is not required", "privacy", "protection",
    ],
    "services": [*(n for names in facts.service_lexicon().values() for n in names),
                 "Google", "Facebook/", "xhotjar", "Hotjar@", "hotjar.com", "do not use", "never"],
}
_COMMON = ["8", "08", "12", "21", "100", "mo", "demo", "Monday", "today", *_TRAPS, "\u0663", "’",
           "'", "(", ")", ".", ",", ";", ":", "\n", "\n\n", "-", "•", "@", "/", "é", "We", "not"]


def _pieces(group: str) -> st.SearchStrategy[str]:
    words = _GROUPS[group]
    return st.one_of(
        st.sampled_from(words), st.sampled_from(words), st.sampled_from(words),
        st.sampled_from(words).map(str.upper), st.sampled_from(words).map(str.lower),
        # a case trap inside a word the patterns need ("ſell", "Offıcer", "\u212aids")
        st.sampled_from([w for w in words if any(c in w for c in "iIsSkK")] or words).map(
            lambda w: w.replace("s", "\u017f", 1).replace("i", "\u0131", 1).replace("k", "\u212a", 1)),
        st.sampled_from(_COMMON),
        st.builds(_age_phrase, st.sampled_from(["under", "over", "aged", "at least", "age of", "between"]),
                  _AGE_TOKENS),
        st.text(max_size=3),
    )


def _clauses(group: str) -> st.SearchStrategy[str]:
    return st.tuples(st.lists(_pieces(group), min_size=1, max_size=14),
                     st.sampled_from([" ", " ", " ", "", ", ", "\n"])).map(lambda t: t[1].join(t[0]))


_SECTIONS = st.sampled_from(["", "Data Retention", "Children's Privacy", "Security", "Cookies",
                             "How long we keep your data", "Your rights"])
_LEAD_INS = st.sampled_from(["", "We keep the following data:", "We do not:", "Retention periods",
                             "These cookies do not store any personal data:", "Minors"])
_CLAUSES = st.one_of(*(_clauses(g) for g in _GROUPS))


@pytest.mark.parametrize("group", sorted(_GROUPS))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_gated_extractors_equal_the_ungated_ones(group, data):
    ctx = ClauseContext(text=data.draw(_clauses(group)), section=data.draw(_SECTIONS),
                        lead_in=data.draw(_LEAD_INS),
                        kind=data.draw(st.sampled_from(["sentence", "list_item", "table_row"])))
    gated, reference = _gated_and_reference(ctx)
    assert gated == reference


@pytest.mark.parametrize("text", [
    "Last updated: May 26, 2025. We retain your data for 30 days after closure.",
    "We do not knowingly collect data from children under 13; if we learn we have, we delete it.",
    "We use Google Analytics and Stripe, Inc. and never sell your personal information.",
    "Contact our Data Protection Officer (DPO) at dpo@example.com within 30 days.",
    "We share data with advertising partners for targeted advertising.",
    "We will notify you of a breach within 72 hours.",
    "We keep logs as long as necessary to comply with legal obligations.",
    # case traps: the lower-cased text differs, so the gates step aside
    "We \u017fell your data to GOOGLE ANALYTIC\u017f partners; users under thirteen are \u212aids.",
    "\u0130f we learn a child under 13 gave us data, we delete it.",
])
def test_gated_extractors_find_the_same_as_ungated_ones(text):
    gated, reference = _gated_and_reference(ClauseContext(text=text, section="Data Retention"))
    assert gated == reference
    assert any(gated)  # (each example yields something, so the comparison is not vacuous)


@pytest.mark.parametrize("name", ["000_ebb05bfd8ee10af9.txt", "001_e5a96dd1cf53a070.txt",
                                  "002_ab764c483b6d1d2e.txt", "003_d0c82b5eb252173f.txt",
                                  "004_0704a76617a30a9d.txt"])
def test_gates_change_nothing_on_the_seed_policies(name):
    clauses = policylens.segment(policylens.load(bundled_policies_dir() / name))
    contexts = [ClauseContext(text=r.text, section=r.section or "", lead_in=r.lead_in or "", kind=r.kind)
                for r in clauses.itertuples()]
    gated = [[fn.extract_clause(c) for fn in MODULES] for c in contexts]
    with ungated():
        reference = [[fn.extract_clause(c) for fn in MODULES] for c in contexts]
    assert gated == reference
    assert sum(len(f) for per_clause in gated for f in per_clause) > 0


# ---------------------------------------------------------------------------------------------
# the building blocks

def test_lower_casing_keeps_offsets_and_character_classes_outside_the_case_traps():
    """What ``numbers.folded`` relies on, checked over every code point: ``str.lower`` keeps the
    length and the ``\\w``/``\\d``/``\\s`` classes of every character except the traps, no other
    non-ASCII character lower-cases to ASCII, and the traps are exactly the non-ASCII characters
    that ``re.IGNORECASE`` matches to an ASCII letter."""
    word, digit, space = re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s")
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    folds_to_ascii = []
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if ascii_letter.fullmatch(ch) and not ch.isascii():
            folds_to_ascii.append(ch)
        if ch in _TRAPS:
            continue
        low = ch.lower()
        assert len(low) == 1, hex(cp)
        for rx in (word, digit, space):
            assert bool(rx.match(ch)) == bool(rx.match(low)), (hex(cp), rx.pattern)
        assert ch.isascii() or not low.isascii(), hex(cp)
    assert "".join(folds_to_ascii) == _TRAPS


@settings(max_examples=300, deadline=None)
@given(_CLAUSES)
def test_folded_flags_every_case_trap(text):
    lower, trap = numbers.folded(text)
    assert lower == text.lower()
    assert trap == any(c in text for c in _TRAPS)


@settings(max_examples=300, deadline=None)
@given(_CLAUSES)
def test_find_durations_remembers_the_last_text_only_by_identity(text):
    first = numbers.find_durations(text)
    first.append("mutated by the caller")  # the memo hands out copies
    again = numbers.find_durations(text)
    assert again == numbers._find_durations(text)
    assert numbers.find_durations(text + " ") == numbers._find_durations(text + " ")


@settings(max_examples=300, deadline=None)
@given(_CLAUSES)
def test_unit_regions_from_the_lower_cased_text_equal_the_case_insensitive_scan(text):
    expected = []
    for u in numbers._UNIT_HIT.finditer(text):
        lo, hi = max(0, u.start() - numbers._REACH), u.end()
        if expected and lo <= expected[-1][1]:
            expected[-1] = (expected[-1][0], hi)
        else:
            expected.append((lo, hi))
    assert numbers._regions(text) == expected


@pytest.mark.parametrize(("literals", "minimal"), [
    (["ell", "elling", "ells", "old"], ("ell", "old")),
    (["eight", "eighteen", "nine", "nineteen", "teen"], ("nine", "teen", "eight")),
    (["a", "ab", "b"], ("a", "b")),
    (["", "x"], ("x",)),
    ([], ()),
])
def test_minimal_literals(literals, minimal):
    assert numbers.minimal_literals(literals) == minimal


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdé ", min_size=1, max_size=4), max_size=30),
       st.text(alphabet="abcdé ", max_size=40))
def test_literal_test_equals_any_in(literals, text):
    assert numbers.literal_test(literals)(text) == any(lit in text for lit in literals)


_GATED_REGEXES = [
    facts._date_regex(), facts._patterns().sell_verb, facts._patterns().share, facts._patterns().ad,
    facts._patterns().email, facts._patterns().dpo, facts._patterns().dpo_cs, retention.patterns().cue,
    *(rx for _, rx in retention.patterns().qualitative), *children.patterns().phrases,
    children.patterns().child_word, children.patterns().discovery, children.patterns().deletion,
]


@settings(max_examples=300, deadline=None)
@given(_CLAUSES, st.sampled_from(_GATED_REGEXES))
def test_a_closed_gate_means_no_match(text, rx):
    fold = numbers.folded(text)
    if not numbers.literal_gate([rx])(text, fold):
        assert rx.search(text) is None
    if not numbers.GateSet([rx]).may_match(text, fold)[0]:
        assert rx.search(text) is None


@settings(max_examples=300, deadline=None)
@given(_CLAUSES, st.sampled_from(_GATED_REGEXES))
def test_a_closed_shared_gate_means_no_match(text, rx):
    """``numbers.shared_gate`` reads the shared literal scan (word starts, conjunctions): it
    must still never close on a text where the regex matches."""
    if not numbers.shared_gate([rx])(text, numbers.folded(text)):
        assert rx.search(text) is None


@pytest.mark.parametrize("rx", [r for r in _GATED_REGEXES if common.scan_gate([r]) is not None][:6])
def test_shared_gates_close_on_most_texts_and_open_on_matches(rx):
    """The shared gate is not "always open": it closes on a neutral text and opens on a match."""
    gate = numbers.shared_gate([rx])
    assert not gate("Thank you for reading this page.", numbers.folded("Thank you for reading this page."))
    for name in ("000_ebb05bfd8ee10af9.txt", "001_e5a96dd1cf53a070.txt", "002_ab764c483b6d1d2e.txt",
                 "003_d0c82b5eb252173f.txt", "004_0704a76617a30a9d.txt"):
        for clause in policylens.segment(policylens.load(bundled_policies_dir() / name)).text:
            if rx.search(clause):
                assert gate(clause, numbers.folded(clause))


def test_every_gated_regex_has_literals():
    """A regex without derivable literals would make its gate pass everything (correct, but slow)."""
    assert all(required_literals(rx, cap=100_000) for rx in _GATED_REGEXES)


@settings(max_examples=300, deadline=None)
@given(_CLAUSES)
def test_service_candidate_starts_give_the_regex_matches(text):
    for (rx, _ids), starts in zip(facts._service_regexes(), facts._service_starts(), strict=True):
        expected = [(m.start(), m.end()) for m in rx.finditer(text)]
        assert [(m.start(), m.end()) for m in facts._matches(rx, text, starts(text))] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("We use Hotjar and hotjar.com.", True),
    ("We use xhotjar.", False),  # a name only counts at a word start
    ("see user@hotjar", False),
    ("THE TRADE DESK", True),
    ("GOOGLE ANALYTIC\u017f", None),  # a case trap: no gate, the full regex decides
    ("Hotjar is used", True), ("(hotjar)", True), ("x_hotjar", False), ("9hotjar", False),
    ("“Hotjar”", True), ("é hotjar", True), ("éhotjar", False),  # non-ASCII texts: the look-behind
])
def test_service_starts_examples(text, expected):
    starts = facts._service_starts()[0](text)
    if expected is None:
        assert starts is None
    else:
        assert bool(starts) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("users under 13", True), ("aged 8", True), ("under 7", False), ("under 22", False),
    ("version 1.18", True),  # a digit token in range (the phrases decide it is no age)
    ("for 100 days", False), ("under thirteen", True), ("often content", False),
    ("under \u0661\u0663", True),  # Arabic-Indic digits parse too
])
def test_may_hold_age(text, expected):
    assert bool(children._may_hold_age(text, numbers.folded(text))) == expected


# every case-insensitive regex of the three extractors' data files that has a lower-cased twin
_TWINNED = [rx for rx in (
    *(rx for _, rx in retention.patterns().qualitative), *children.patterns().phrases,
    retention.patterns().cue, retention.patterns().section, children.patterns().discovery,
    children.patterns().hypothetical, children.patterns().child_cue, facts._patterns().sell_verb,
    facts._patterns().share, facts._patterns().ad, facts._patterns().dpo, facts._service_regexes()[0][0],
) if numbers.lower_twin(rx) is not None]


def test_the_extractors_patterns_have_lower_cased_twins():
    assert len(_TWINNED) >= 35  # (qualitative and age phrases are all twinned; hypothetical is not)
    assert numbers.lower_twin(children.patterns().hypothetical) is None  # (?-i:[A-Z]) inside


@settings(max_examples=400, deadline=None)
@given(_CLAUSES.filter(lambda t: not any(c in t for c in _TRAPS)), st.sampled_from(_TWINNED))
def test_a_lower_cased_twin_matches_where_the_regex_does(text, rx):
    twin = numbers.lower_twin(rx)
    assert [m.regs for m in twin.finditer(text.lower())] == [m.regs for m in rx.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(_CLAUSES, st.sampled_from(_TWINNED))
def test_finditer_folded_gives_the_regex_spans(text, rx):
    twin = numbers.lower_twin(rx)
    spans = [m.regs for m in numbers.finditer_folded(rx, twin, text, numbers.folded(text))]
    assert spans == [m.regs for m in rx.finditer(text)]


@pytest.mark.parametrize(("pattern", "flags", "twinned"), [
    (r"\bkeep(?:s|ing)?\b[^.;]{0,20}\d", re.IGNORECASE, True),
    (r"[a-z]+[\s,/]–’", re.IGNORECASE, True),
    (r"(?<![\w@])x(?![\w@]|\.\w)", re.IGNORECASE, True),
    (r"keep", 0, False),  # case-sensitive already
    (r"Keep", re.IGNORECASE, False),  # an upper-case letter
    (r"[A-Z]", re.IGNORECASE, False),
    (r"(?-i:k)eep", re.IGNORECASE, False),  # an inline flag change
    (r"(a)\1", re.IGNORECASE, False),  # a back-reference
    (r"café", re.IGNORECASE, False),  # a non-ASCII letter folds in other ways
    (r"[^ß]", re.IGNORECASE, False),
])
def test_lower_twin_only_for_case_closed_patterns(pattern, flags, twinned):
    assert (numbers.lower_twin(re.compile(pattern, flags)) is not None) == twinned


@settings(max_examples=300, deadline=None)
@given(_CLAUSES)
def test_no_duration_without_a_unit_word(text):
    if not numbers.may_hold_duration(text, numbers.folded(text)):
        assert numbers._find_durations(text) == []


def test_facts_first_gate_reads_the_scan():
    """``any_part`` is built from scan bits (not "always open"), and closes on a neutral clause."""
    g = facts._gates()
    neutral = "Thank you for reading this page."
    assert not g.any_part(neutral, numbers.folded(neutral))
    for text in ("We sell data.", "Write to dpo@example.com.", "We use Google Analytics.",
                 "Within 30 days.", "our Data Protection Officer"):
        assert g.any_part(text, numbers.folded(text))
