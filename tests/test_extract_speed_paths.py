"""The fast paths of the rule engine must give exactly what the plain paths give.

``apply_rules`` skips a rule when the shared literal scan shows its regex cannot match
(``regex_requirement``); ``transfers`` tries the places alternation only where a name's anchor
occurs (``start_anchor``). Each is compared here with the straightforward computation it replaces,
on generated texts built from the very words the rules look for (plus case traps and word-edge
punctuation), so that matches are frequent.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.extract import ClauseContext, common, laws, legal_bases, rights, transfers
from policylens.extract.common import (
    _WordStartIndex,
    apply_rules,
    fold,
    load_rules,
    regex_requirement,
    register_literals,
    scan_literals,
    start_anchor,
)
from policylens.resources import load_data

RULE_FILES = ["patterns_rights.yaml", "patterns_transfers.yaml", "patterns_legal_bases.yaml",
              "patterns_laws.yaml"]
ASPECT = {"patterns_rights.yaml": "right", "patterns_transfers.yaml": "transfer_mechanism",
          "patterns_legal_bases.yaml": "legal_basis", "patterns_laws.yaml": "law"}
RULES = [(name, rule) for name in RULE_FILES for rule in load_rules(name)[1]]
PLACE_NAMES = [n for names in load_data("patterns_transfers.yaml")["destinations"]["places"].values()
               for n in names]


def _vocabulary() -> list[str]:
    """Words and phrases of the rules' own literals (so generated texts hit the rules), in
    several casings, plus place names, glue words, punctuation and case traps."""
    words: set[str] = set()
    for _, rule in RULES:
        for conj in regex_requirement(rule.regex):
            for lits in conj:
                words.update(lit.strip() for lit, _ in lits)
    words = {w for w in words if w}
    out = sorted(words)
    out += [w.upper() for w in out[::7]] + [w.title() for w in out[::5]]
    out += ["United States", "US", "us", "U.S.", "EEA", "EU", "UK", "the UK", "Türkiye", "TÜRKIYE",
            "New Jersey", "Jersey", "China Sea", "PRC", "India", "Switzerland", "Swiss Confederation"]
    out += ["you", "we", "may", "can", "not", "to", "in", "the", "your", "data", "and", "or", "of",
            "transferred", "stored", "servers", "request", "right", "Your Rights", "such as"]
    out += [",", ".", ";", ":", "(", ")", "-", "/", "\n", "\n\n", "_", "'s", "’s", "1.", "(a)"]
    out += ["\u0130", "\u0131", "\u017f", "\u212a", "é", "ü", "ß"]  # case traps and other letters
    return out


VOCAB = _vocabulary()
_TEXTS = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=30).flatmap(
    lambda parts: st.lists(st.sampled_from(["", " ", "  ", "-", ""]), min_size=len(parts),
                           max_size=len(parts)).map(
        lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True))))


def _holds(dnf, text: str) -> bool:  # noqa: ANN001
    """``regex_requirement``'s meaning, checked the slow way on the lower-cased text."""
    lower = text.lower()

    def occurs(lit: str, at_word: bool) -> bool:
        if not at_word:
            return lit in lower
        return re.search(r"(?<!\w)" + re.escape(lit), lower) is not None

    return any(all(any(occurs(lit, w) for lit, w in lits) for lits in conj) for conj in dnf)


def _trap_free(text: str) -> bool:
    return not fold(text)[1]


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.sampled_from(RULES))
def test_requirement_holds_wherever_the_regex_matches(text, named_rule):
    _, rule = named_rule
    if rule.regex.search(text) and _trap_free(text):
        assert _holds(regex_requirement(rule.regex), text), (rule.id, text)


@pytest.mark.parametrize("name", RULE_FILES)
def test_requirement_holds_on_the_rules_own_examples(name, seed_clauses):
    texts = [t for clauses in seed_clauses.values() for t in clauses["text"]]
    checked = 0
    for rule in load_rules(name)[1]:
        dnf = regex_requirement(rule.regex)
        for text in texts:
            if rule.regex.search(text) and _trap_free(text):
                checked += 1
                assert _holds(dnf, text), (rule.id, text[:80])
    assert checked > 10


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"\bstandard contractual clauses\b", re.I, [{("standard contractual clauses", True)}]),
    # a prefix the parser moves out of the alternation is joined back to each branch
    (r"\b(?:CCPA|California Consumer Privacy Act)\b", 0,
     [{("ccpa", True), ("california consumer privacy act", True)}]),
    # a sequence needs all of its parts; literal text runs on into a group; a lookahead's text
    # counts too (here after a blank: at a word start)
    (r"\bdelete (?:your|the) (?=data)", re.I,
     [{("delete your", True), ("delete the", True)}, {("data", True)}]),
    # an optional part may be skipped: the next word still starts at a word boundary
    (r"\b(?:data )?portability\b", re.I, [{("portability", True)}]),
    # after a word character, a word is not at a word start
    (r"xportability", re.I, [{("xportability", False)}]),
    (r"\Wconsent", 0, [{("consent", True)}]),
    # re.ASCII's \W matches "é", a Unicode word character: no word start then
    (r"\Wconsent", re.A, [{("consent", False)}]),
    # a case-sensitive acronym is looked for lower-cased (weaker, still necessary)
    (r"\bGDPR\b", 0, [{("gdpr", True)}]),
])
def test_requirement_cases(pattern, flags, expected):
    (conj,) = regex_requirement(re.compile(pattern, flags))
    assert {frozenset(lits) for lits in conj} == {frozenset(e) for e in expected}


def test_alternatives_of_sequences_stay_apart():
    dnf = regex_requirement(re.compile(r"\bright to erasure\b|\berase (?:your|the) data\b", re.I))
    assert {frozenset(frozenset(lits) for lits in conj) for conj in dnf} == {
        frozenset({frozenset({("right to erasure", True)})}),
        frozenset({frozenset({("erase your", True), ("erase the", True)}),
                   frozenset({("data", True)})}),  # after a blank: a word start
    }


def test_no_requirement_when_nothing_is_literal():
    assert regex_requirement(re.compile(r"[a-z]+\d{2}")) == ((),)


# the plain paths: every rule runs (no literal prefilter); every regex runs as written (no twins)
_PLAIN_PATHS = {"every_rule": ("_candidates", lambda pf, _text: pf.everything),
                "no_twins": ("_twin", lambda _regex: None)}


@pytest.mark.parametrize("plain", sorted(_PLAIN_PATHS))
@settings(max_examples=300, deadline=None)
@given(text=_TEXTS, name=st.sampled_from(RULE_FILES))
def test_apply_rules_equals_the_plain_path(monkeypatch_module, plain, text, name):
    contexts, rules = load_rules(name)
    fast = apply_rules(text, rules, contexts, ASPECT[name], lead_in="You have the right to:",
                       section="Your rights")
    with monkeypatch_module.context() as m:
        m.setattr(common, *_PLAIN_PATHS[plain])
        slow = apply_rules(text, rules, contexts, ASPECT[name], lead_in="You have the right to:",
                           section="Your rights")
    assert fast == slow


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_place_matches_equal_finditer(text):
    places = transfers._destination_rules()["places"]
    fast = [(m.span(), m.lastgroup) for m in transfers._place_matches(text)]
    slow = [(m.span(), m.lastgroup) for m in places.finditer(text)]
    assert fast == slow


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.data())
def test_a_closed_context_gate_means_no_context_in_any_sentence(text, data):
    """``destinations`` stops when the transfer-context gate closes: the context regex must then
    match nowhere, not even searched within a sentence's bounds (``pos``/``endpos``)."""
    context = transfers._destination_rules()["context"]
    gate = transfers._context_gate()
    assert gate is not None
    if not gate(text):
        s = data.draw(st.integers(0, len(text)))
        e = data.draw(st.integers(s, len(text)))
        assert context.search(text) is None
        assert context.search(text, s, e) is None


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_destinations_equal_the_ungated_ones(monkeypatch_module, text):
    fast = transfers.destinations(text)
    with monkeypatch_module.context() as m:
        m.setattr(transfers, "_context_gate", lambda: None)
        slow = transfers.destinations(text)
    assert fast == slow


def test_destinations_gate_keeps_a_real_destination():
    text = "Your data is transferred to servers in the United States and India."
    assert transfers._context_gate()(text)
    assert [f.value for f in transfers.destinations(text)] == ["us", "india"]


@pytest.mark.parametrize("text", [
    "We store data in the US, the EEA and Türkiye.", "TÜRKIYE", "xTürkiye", "New Jersey and Jersey",
    "the South China Sea and China", "US.US_US-US", "u.s.a. U.S. USA us", "", "İstanbul, Turkey",
])
def test_place_matches_cases(text):
    places = transfers._destination_rules()["places"]
    assert [m.span() for m in transfers._place_matches(text)] == [m.span() for m in places.finditer(text)]


@pytest.mark.parametrize(("name", "expected"), [
    ("United States(?: of America)?", ("united states", 0, False)),
    ("(?-i:US)", ("US", 0, True)),
    ("Türkiye", ("rkiye", 2, False)),
    ("(?<!New )Jersey", ("jersey", 0, False)),
    ("China(?! Sea)", ("china", 0, False)),
    ("U\\.S\\.A\\.?", ("u.s.a", 0, False)),
    ("[A-Z]+", None),
])
def test_start_anchor(name, expected):
    assert start_anchor(name, re.IGNORECASE) == expected


@pytest.mark.parametrize("name", PLACE_NAMES)
def test_every_place_name_has_an_anchor(name):
    lit, offset, case_sensitive = start_anchor(name, re.IGNORECASE)
    rx = re.compile(name, re.IGNORECASE)
    samples = {m.group(0) for m in re.finditer(rx, "x " + name.replace("\\", "") + " y")}
    assert samples
    for sample in samples:
        hay = sample if case_sensitive else sample.lower()
        assert hay[offset:offset + len(lit)] == lit


_ALPHA = "ab _.-é\u212a"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text("abé_", min_size=1, max_size=4), max_size=12), st.text(_ALPHA, max_size=40))
def test_word_start_index_equals_reference(literals, text):
    literals = [lit for lit in literals if common._is_word(lit[0])]
    index = _WordStartIndex(literals)
    expected = {lit for lit in literals if re.search(r"(?<!\w)" + re.escape(lit), text)}
    assert index.present(text) == expected
    assert index.search(text) == bool(expected)
    assert sorted({p for p, _ in index.positions(text)}) == sorted(
        {m.start() for lit in literals for m in re.finditer(r"(?<!\w)(?=" + re.escape(lit) + ")", text)})


def test_word_start_index_rejects_non_word_literals():
    with pytest.raises(ValueError, match="word character"):
        _WordStartIndex([" of"])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_fold_equals_reference(text):
    assert fold(text) == (text.lower(), any(c in text for c in "\u0130\u0131\u017f\u212a"))


def test_shared_scan_is_per_text_and_sees_new_literals():
    text = "Zyxwv is a qqqliteral here."
    first = scan_literals(text)
    assert "zyxwv" not in first.at_word and "qqqliteral" not in first.anywhere
    register_literals([("zyxwv", True), ("qqqliteral", False), ("yxwv", True)])
    again = scan_literals(text)  # same text object: the cache must notice the new literals
    assert "zyxwv" in again.at_word and "qqqliteral" in again.anywhere
    assert "yxwv" not in again.at_word  # inside a word, not at its start
    other = scan_literals("nothing to see")
    assert not {"zyxwv", "qqqliteral"} & (other.at_word | other.anywhere)
    assert scan_literals(text) == again


@settings(max_examples=150, deadline=None)
@given(_TEXTS)
def test_modules_agree_whether_called_alone_or_in_sequence(text):
    """The per-text scan cache must not leak between texts: each module alone on a fresh copy
    gives what the sequence over one shared text object gives."""
    ctx = ClauseContext(text=text, section="Your rights", lead_in="")
    mods = (rights, transfers, legal_bases, laws)
    together = [m.extract_clause(ctx) for m in mods]
    scan_literals("something else entirely")  # reset the cache
    alone = [m.extract_clause(ClauseContext(text="".join(list(text)), section="Your rights"))
             for m in mods]
    assert together == alone


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_opened_bits_equal_each_requirement_on_its_own(text):
    """``ClauseScan.opened`` evaluates every registered requirement in one pass; each bit must
    be what that requirement's own ``_select`` says (all bits when the text holds a case trap)."""
    for name in RULE_FILES:
        common._prefilter(load_rules(name)[1])  # (registered, as in a real run)
    scan = scan_literals(text)
    if scan.traps:
        assert scan.opened == -1
        return
    requirements = common._SCAN._requirements
    assert len(requirements) >= len(RULE_FILES)
    for i, entries in enumerate(requirements):
        alone = common._select(entries, scan.keys, scan.lower, 0) != 0
        assert bool(scan.opened & (1 << i)) == alone


def test_a_requirement_registered_again_keeps_its_bit():
    rx = re.compile(r"\bzqxjv(?:ing|ed)\b.*\bwombat", re.IGNORECASE)
    first, second = common.scan_gate([rx]), common.scan_gate([rx])
    n = len(common._SCAN._requirements)
    assert first.bit == second.bit
    common.scan_gate([rx])
    assert len(common._SCAN._requirements) == n
    assert first("We were zqxjving a Wombat.") and not first("We were zqxjving a koala.")
    assert not first("zqxjv wombat")  # (the word must be followed by "ing" or "ed")


def test_rule_regexes_mostly_have_twins():
    """The twin path must actually be taken (else the test above compares a path with itself)."""
    regexes = [rule.regex for rule in load_rules("patterns_rights.yaml")[1]]
    assert sum(common._twin(rx) is not None for rx in regexes) > len(regexes) // 2
