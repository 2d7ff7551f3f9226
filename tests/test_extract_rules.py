"""The rule engine: every rule's own examples, its keywords, the prefilter and the guard column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.extract import ClauseContext, extract_text
from policylens.extract.rules import RuleSet, compile_file, rule_set, rules_files
from policylens.resources import vocabulary
from policylens.text.keywords import fold

RULES = rule_set().rules
_VOCAB_ASPECTS = ("right", "law", "legal_basis", "transfer_mechanism")


def _example(example: str | dict) -> ClauseContext:
    if isinstance(example, str):
        return ClauseContext(text=example)
    return ClauseContext(text=example["text"], lead_in=example.get("lead_in", ""),
                         section=example.get("section", ""))


#: rules files whose aspect module applies its own guards (in Python, from the file's other keys)
_MODULE_GUARDED = {"patterns_retention.yaml", "patterns_children.yaml", "patterns_facts.yaml"}


def _computed(rule) -> bool:
    """A rule whose value the aspect module computes ("{place}", "{days}") or whose guards the
    module applies: its examples run through ``extract_text``."""
    return "{" in rule.value or rule.source in _MODULE_GUARDED


#: rules files applied by a module outside extraction (their examples run through its matcher)
_APPLIED_ELSEWHERE = {"patterns_compliance.yaml"}


def _read(rule, ctx: ClauseContext) -> str:
    """The text a rule's regex and keywords read: the section for a compliance heading rule."""
    return ctx.section if "heading" in rule.extra else ctx.text


def _found_by(rule, ctx: ClauseContext) -> list:
    if rule.source in _APPLIED_ELSEWHERE:
        from policylens.compliance import cues

        span = cues.match(rule, ctx.text, section=ctx.section, lead_in=ctx.lead_in)
        return [span] if span else []
    if _computed(rule):
        prefix = rule.id
        return [f for f in extract_text(ctx.text, section=ctx.section, lead_in=ctx.lead_in)
                if f.aspect == rule.aspect and (f.rule == prefix or f.rule.startswith((prefix + ".", prefix + ":")))]
    return [f for f in rule_set().run(ctx, [rule]) if f.rule == rule.id and f.value == rule.value]


def _cases(positive: bool) -> list:
    return [pytest.param(r, ex, id=f"{r.aspect}:{r.id}:{i}")
            for r in RULES for i, ex in enumerate(r.positive if positive else r.negative)]


def test_rules_files_are_found():
    assert {"patterns_rights.yaml", "patterns_laws.yaml", "patterns_legal_bases.yaml", "patterns_transfers.yaml",
            "patterns_retention.yaml", "patterns_children.yaml", "patterns_facts.yaml"} <= set(rules_files())


@pytest.mark.parametrize("module", ["rights", "laws", "legal_bases", "transfers", "retention", "children", "facts"])
def test_every_aspect_module_declares_its_rules(module):
    import importlib

    rules = rule_set().file(importlib.import_module(f"policylens.extract.{module}").RULES_FILE)
    assert rules and all(r.keywords for r in rules)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.aspect}:{r.id}")
def test_every_rule_has_examples_and_an_explanation(rule):
    assert rule.positive, f"{rule.source}: {rule.id} has no positive example"
    assert rule.explain


@pytest.mark.parametrize("rule, example", _cases(True))
def test_positive_example_is_found_by_its_rule(rule, example):
    ctx = _example(example)
    assert _found_by(rule, ctx), f"{rule.id} did not find {rule.value!r} in {ctx.text!r}"


@pytest.mark.parametrize("rule, example", _cases(False))
def test_negative_example_is_not_found_by_its_rule(rule, example):
    ctx = _example(example)
    assert not _found_by(rule, ctx), f"{rule.id} wrongly found {rule.value!r} in {ctx.text!r}"


@pytest.mark.parametrize("rule, example", _cases(True))
def test_positive_example_holds_a_keyword(rule, example):
    text = fold(_read(rule, _example(example)))
    assert any(fold(k) in text for k in rule.keywords), f"{rule.id}: no keyword in {text!r}"
    assert not rule.keywords_also or any(fold(k) in text for k in rule.keywords_also), rule.id
    assert rule in rule_set().candidates(_read(rule, _example(example)))


@pytest.mark.parametrize("rule", [r for r in RULES if r.aspect in _VOCAB_ASPECTS], ids=lambda r: r.id)
def test_rule_values_are_vocabulary(rule):
    assert rule.value in vocabulary(rule.aspect)


def test_rule_ids_are_unique_per_aspect():
    keys = [(r.aspect, r.id) for r in RULES]
    assert len(keys) == len(set(keys))


# --- the prefilter is conservative -----------------------------------------------------------

_WORDS = sorted({w for r in RULES if r.regexes for k in (*r.keywords, *r.keywords_also) for w in k.split()} |
                {"you", "may", "we", "your", "data", "the", "right", "to", "of", "in", "with", "not", "years",
                 "months", "thirteen", "children", "if", "for", "retain", "keep", "privacy@example.com"})
_PIECES = st.one_of(st.sampled_from(_WORDS), st.sampled_from([".", ",", ";", ":", "(1)", "6", "13", "16", "2024",
                                                             "\n", "\t", "@"]),
                    st.sampled_from(["\u0130", "\u0131", "\u017f", "\u212a", "É"]))


def _casing(word: str, how: int) -> str:
    return (word, word.upper(), word.title())[how]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, st.integers(0, 2), st.sampled_from([" ", "  ", "", "\n", "-"])), max_size=30))
def test_candidates_hold_every_rule_that_matches(parts):
    text = "".join(_casing(w, how) + sep for w, how, sep in parts)
    found = rule_set().candidates(text)
    for rule in RULES:
        for i, rx in enumerate(rule.regexes):
            if rx.search(text):
                assert rule in found, f"{rule.id} matches {text!r} but is no candidate"
                assert rx in rule.live(found), f"{rule.id} regex {i} matches {text!r} but is not live"


@pytest.mark.parametrize("rule, example", _cases(True))
def test_candidates_hold_the_rule_on_its_mangled_examples(rule, example):
    """Upper case, tabs for spaces and a long s for s: wherever the regex still matches, the
    rule is still a candidate."""
    text = _read(rule, _example(example))
    for variant in (text.upper(), text.replace(" ", "\t"), text.replace("s", "\u017f"), text.replace("i", "\u0131")):
        for rx in rule.regexes:
            if rx.search(variant):
                assert rx in rule.live(rule_set().candidates(variant)), (rule.id, variant)


# --- the file format -------------------------------------------------------------------------

def _spec(**rule) -> dict:
    base = {"id": "r", "value": "v", "regex": r"\bfoo\b", "keywords": ["foo"], "explain": "x"}
    return {"aspect": "right", "patterns": [{**base, **rule}]}


@pytest.mark.parametrize("rule, message", [
    ({"keywords": []}, "keywords"),
    ({"keywords": [" "]}, "keywords"),
    ({"needs": ["nowhere"]}, "unknown contexts"),
    ({"regex": "(unclosed"}, "regex"),
])
def test_bad_rules_are_named_in_the_error(rule, message):
    with pytest.raises(ValueError, match=rf"my_rules.yaml: rule r.*{message}"):
        compile_file(_spec(**rule), "my_rules.yaml")


def test_a_rule_without_aspect_is_an_error():
    spec = _spec()
    del spec["aspect"]
    with pytest.raises(ValueError, match="no aspect"):
        compile_file(spec, "f.yaml")


def test_duplicate_rule_ids_are_an_error():
    spec = _spec()
    spec["patterns"] *= 2
    with pytest.raises(ValueError, match="defined twice"):
        RuleSet({"f.yaml": spec})


def test_a_context_with_an_unknown_place_is_an_error():
    spec = _spec(needs=["c"])
    spec["contexts"] = {"c": {"regex": "x", "where": ["footer"]}}
    with pytest.raises(ValueError, match="unknown places"):
        compile_file(spec, "f.yaml")


def test_a_small_rule_set_runs_with_its_guards():
    spec = {"aspect": "right", "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
            "patterns": [{"id": "erase", "value": "erasure", "regex": r"\bdelete your data\b", "keywords": ["delete"],
                          "needs": ["agency"], "explain": "x"}]}
    rs = RuleSet({"t.yaml": spec})
    (rule,) = rs.rules
    assert [f.guard for f in rs.run_text("You may ask us to delete your data.", [rule])] == ["sentence:agency"]
    assert [f.guard for f in rs.run_text("Delete your data.", [rule], lead_in="You can:")] == ["lead_in:agency"]
    assert rs.run_text("We delete your data.", [rule]) == []
    assert rs.run_text("You may not delete your data.", [rule]) == []  # negated
    assert rs.candidates("nothing here") == frozenset()


# --- every finding explains itself ----------------------------------------------------------

@pytest.mark.parametrize("text, lead_in, section, expected", [
    ("You may ask us to delete your data.", "", "", ("erasure", "sentence:agency")),
    ("Delete your personal data.", "You have the right to:", "", ("erasure", "lead_in:rights_scope")),
    ("Correct your personal data.", "", "Your Rights", ("rectification", "section:rights_scope")),
    ("You have the right to be forgotten.", "", "", ("erasure", "none")),
])
def test_findings_name_the_guard_that_admitted_them(text, lead_in, section, expected):
    found = [(f.value, f.guard) for f in extract_text(text, section=section, lead_in=lead_in) if f.aspect == "right"]
    assert expected in found


def test_every_finding_of_a_seed_has_a_rule_and_a_guard(seed_clauses):
    from policylens.extract import extract

    findings = extract(next(iter(seed_clauses.values())))
    assert len(findings) > 10
    assert (findings["rule"] != "").all()
    assert (findings["guard"] != "").all(), findings[findings["guard"] == ""][["aspect", "rule"]]


def test_a_lexicon_rule_takes_its_keywords_from_the_lexicon():
    rule = rule_set().rule("third_party_service")
    assert rule.regex is None and "google analytics" in {fold(k) for k in rule.keywords}
    assert rule in rule_set().candidates("We use GOOGLE ANALYTICS.")


def test_bad_keywords_from_is_named_in_the_error():
    spec = {"aspect": "x", "patterns": [{"id": "r", "value": "v", "explain": "x",
                                         "keywords_from": {"file": "vocabulary.yaml", "list": "nope", "fields": ["a"]}}]}
    with pytest.raises(ValueError, match="f.yaml: rule r: bad keywords_from"):
        compile_file(spec, "f.yaml")


# --- no private APIs -------------------------------------------------------------------------

_PRIVATE = re.compile(r"re\._parser|sre_parse|sre_compile|re\._constants|_sparsetools|maybe_box_native|\._tfidf")


def test_no_private_api_in_the_extraction_engine():
    """(extract/, text/ and segment; other packages are checked by their owners' tests)"""
    src = Path(__file__).resolve().parents[1] / "src" / "policylens"
    files = [*(src / "extract").rglob("*.py"), *(src / "text").rglob("*.py"), src / "segment.py"]
    hits = [f"{p}:{i}" for p in files for i, line in enumerate(p.read_text().splitlines(), 1)
            if _PRIVATE.search(line)]
    assert hits == []


def test_keywords_also_is_a_second_required_set():
    spec = {"aspect": "law", "patterns": [{"id": "age", "value": "age", "regex": r"\bunder \d+", "keywords": ["under"],
                                           "keywords_also": list("0123456789"), "explain": "x"}]}
    rs = RuleSet({"ages.yaml": spec})
    [rule] = rs.rules
    assert rule in rs.candidates("Not for children under 13.")
    assert rs.candidates("We are under no obligation.") == frozenset()  # the first set alone is not enough
    assert rs.candidates("Since 2020 we store data.") == frozenset()  # nor the second alone
