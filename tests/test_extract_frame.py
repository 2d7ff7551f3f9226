"""``extract.findings_frame`` builds the findings table column by column; it must be exactly the
frame the plain pandas route gives (rows of dicts -> ``pd.to_numeric`` -> ``schema.coerce``)."""

from __future__ import annotations

import importlib
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policylens
from policylens.config import bundled_policies_dir
from policylens.extract import ClauseContext, extract, findings_frame
from policylens.schema import FINDING_COLUMNS, Finding, coerce, empty_frame


def _reference(found: list[tuple[ClauseContext, Finding]]) -> pd.DataFrame:
    """The route ``extract`` took before: one dict per finding, then pandas' own conversions."""
    if not found:
        return empty_frame(FINDING_COLUMNS)
    rows = []
    for ctx, f in found:
        row = f.as_dict()
        row["start"] += ctx.start
        row["end"] += ctx.start
        row.update(policy=ctx.policy, clause_id=ctx.clause_id, section=ctx.section)
        rows.append(row)
    frame = pd.DataFrame(rows)
    for col in ("number", "min_days", "max_days"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return coerce(frame, FINDING_COLUMNS).reset_index(drop=True)


_TEXT = st.text(max_size=12)
_NUMBER = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**6, 10**6))
_FINDINGS = st.builds(Finding, aspect=_TEXT, value=_TEXT, start=st.integers(0, 500), end=st.integers(0, 500),
                      evidence=_TEXT, rule=_TEXT, number=_NUMBER, min_days=_NUMBER, max_days=_NUMBER,
                      data_category=_TEXT, condition=_TEXT, role=_TEXT)
_CONTEXTS = st.builds(ClauseContext, text=_TEXT, section=_TEXT, lead_in=_TEXT, start=st.integers(0, 10**6),
                      policy=_TEXT, clause_id=st.integers(0, 10**5))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_CONTEXTS, _FINDINGS), max_size=8))
def test_findings_frame_equals_the_pandas_route(found):
    pd.testing.assert_frame_equal(findings_frame(found), _reference(found), check_exact=True)


@pytest.mark.parametrize("numbers", [(None, None, None), (13.0, 30.0, 365.0), (float("nan"), None, 1),
                                     ("13", None, None), ("n/a", "7", None)])
def test_findings_frame_reads_numbers_as_to_numeric_does(numbers):
    f = Finding(aspect="child_age", value="13", start=0, end=2, evidence="13", number=numbers[0],
                min_days=numbers[1], max_days=numbers[2])
    found = [(ClauseContext(text="13", policy="p"), f)]
    frame = findings_frame(found)
    pd.testing.assert_frame_equal(frame, _reference(found), check_exact=True)
    assert str(frame["number"].dtype) == "Float64"
    expected = pd.to_numeric(pd.Series([numbers[0]], dtype=object), errors="coerce")[0]
    got = frame["number"][0]
    assert (got is pd.NA) if (expected is None or math.isnan(expected)) else got == expected


@pytest.mark.parametrize("name", ["000_ebb05bfd8ee10af9.txt", "003_d0c82b5eb252173f.txt"])
def test_extract_on_a_seed_equals_the_pandas_route(name):
    from policylens.extract import _contexts, extractors
    from policylens.extract.rules import rule_set

    clauses = policylens.segment(policylens.load(bundled_policies_dir() / name))
    found = [(ctx, f) for ctx in _contexts(clauses, rule_set()) for fn in extractors() for f in fn(ctx)]
    assert len(found) > 20
    pd.testing.assert_frame_equal(extract(clauses), _reference(found), check_exact=True)


def _every_module_on_every_clause(monkeypatch_context, clauses: pd.DataFrame) -> pd.DataFrame:
    extract_package = importlib.import_module("policylens.extract")  # (the package, not the function)
    plan = extract_package._plan
    with monkeypatch_context() as m:
        m.setattr(extract_package, "_plan", lambda: [(fn, None) for fn, _own in plan()])
        return extract(clauses)


_PIECES = st.sampled_from([
    "You have the right to", "delete", "access your data", "We retain", "for 30 days", "6 months",
    "children under 13", "kids", "if we learn", "we delete it", "GDPR", "CCPA", "Standard Contractual Clauses",
    "transferred to the United States", "servers in India", "we sell", "do not sell", "advertising partners",
    "share", "privacy@example.com", "Data Protection Officer", "Google Analytics", "Stripe", "legitimate interests",
    "consent", "Last updated: May 2, 2024", "more", "today", "the", "and", ".", ",", "\n", "\u0130", "\u017f", "",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(_PIECES, max_size=12).map(" ".join),
                          st.sampled_from(["", "Your Rights", "Data Retention", "Children", "International transfers"]),
                          st.sampled_from(["", "You may:", "We keep:", "We share data with:"])),
                min_size=1, max_size=6))
def test_extract_skips_only_modules_that_would_find_nothing(rows):
    """``extract`` calls a module only where one of its rules is a candidate; the findings must
    be those of calling every module on every clause."""
    clauses = pd.DataFrame({
        "policy": "p", "clause_id": range(len(rows)), "section": [r[1] for r in rows], "depth": 0,
        "kind": "sentence", "lead_in": [r[2] for r in rows], "text": [r[0] for r in rows],
        "start": 0, "end": [len(r[0]) for r in rows],
    })
    pd.testing.assert_frame_equal(extract(clauses), _every_module_on_every_clause(pytest.MonkeyPatch.context, clauses),
                                  check_exact=True)


@pytest.mark.parametrize("name", ["000_ebb05bfd8ee10af9.txt", "001_e5a96dd1cf53a070.txt",
                                  "002_ab764c483b6d1d2e.txt", "003_d0c82b5eb252173f.txt",
                                  "004_0704a76617a30a9d.txt"])
def test_extract_skipping_changes_nothing_on_the_seeds(name):
    from policylens.extract import _plan

    clauses = policylens.segment(policylens.load(bundled_policies_dir() / name))
    assert any(own is not None for _fn, own in _plan())  # (the skipping is really on)
    pd.testing.assert_frame_equal(extract(clauses), _every_module_on_every_clause(pytest.MonkeyPatch.context, clauses),
                                  check_exact=True)
