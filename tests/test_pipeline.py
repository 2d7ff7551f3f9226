"""pipeline: one policy through every stage (run_policy) and several at once (run_policies)."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

import policylens as pl
from policylens.extract import ClauseContext
from policylens.pipeline import policy_row, run_policies, run_policy

# the modules (``policylens.classify`` / ``policylens.extract`` as attributes are the functions)
classify_module = importlib.import_module("policylens.classify")
extract_module = importlib.import_module("policylens.extract")
segment_module = importlib.import_module("policylens.segment")
rights_module = importlib.import_module("policylens.extract.rights")

VICTIM_MARK = "You may delete your data, crash reports included."  # (a clause the rights module reads)


@pytest.fixture(scope="module")
def policies(seeds) -> list[pl.Policy]:
    """The five seeds with two small written policies between them, one the victim below."""
    written = [pl.load_text("Privacy notice\n\nWe keep your e-mail address for 2 years.", id="tiny"),
               pl.load_text(f"App privacy\n\nWe collect crash reports. {VICTIM_MARK}", id="victim")]
    seeds = list(seeds.values())
    return seeds[:2] + written[:1] + seeds[2:4] + written[1:] + seeds[4:]


def _assert_same(outcome, expected) -> None:
    assert not isinstance(outcome, BaseException), outcome
    for got, want in zip(outcome, expected, strict=True):
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_run_policies_gives_each_policy_the_tables_of_run_policy(policies):
    outcomes = run_policies(policies)
    assert len(outcomes) == len(policies)
    for policy, outcome in zip(policies, outcomes, strict=True):
        expected = run_policy(policy)
        _assert_same(outcome, expected)
        assert policy_row(policy, *outcome) == policy_row(policy, *expected)
    assert run_policies([]) == []


def _fails_on_victim(real):
    def stage(frame_or_policy, *args, **kwargs):
        if isinstance(frame_or_policy, pl.Policy | ClauseContext):
            text = frame_or_policy.text
        else:
            text = " ".join(frame_or_policy["text"])
        if VICTIM_MARK in text:
            raise RuntimeError("stage exploded")
        return real(frame_or_policy, *args, **kwargs)
    return stage


def _group_fails(frames, model=None):
    raise MemoryError("group too big")


@pytest.mark.parametrize("patches", [
    [(segment_module, "segment")],
    [(classify_module, "classify")],  # the shared call (all frames) fails, then the victim's own
    [(extract_module, "extract_many"), (extract_module, "extract")],  # likewise
    [(rights_module, "extract_clause")],  # deep inside: the shared call fails, then the victim's own
], ids=["segment", "classify", "extract", "extractor"])
def test_a_failing_stage_costs_only_its_policy(policies, monkeypatch, patches):
    expected = {p.id: run_policy(p) for p in policies if p.id != "victim"}
    for module, name in patches:
        real = getattr(module, name)
        monkeypatch.setattr(module, name, _group_fails if name.endswith("_many") else _fails_on_victim(real))
    outcomes = run_policies(policies)
    for policy, outcome in zip(policies, outcomes, strict=True):
        if policy.id == "victim":
            assert isinstance(outcome, RuntimeError) and str(outcome) == "stage exploded"
        else:
            _assert_same(outcome, expected[policy.id])


def _fails_on_groups(real):
    def stage(frame, *args, **kwargs):
        if frame["policy"].nunique() > 1:
            raise MemoryError("group too big")
        return real(frame, *args, **kwargs)
    return stage


@pytest.mark.parametrize("module, name", [(classify_module, "classify"), (extract_module, "extract_many")])
def test_when_a_shared_call_fails_each_policy_runs_that_stage_alone(policies, monkeypatch, module, name):
    failing = _fails_on_groups(getattr(module, name)) if name == "classify" else _group_fails
    monkeypatch.setattr(module, name, failing)
    for policy, outcome in zip(policies, run_policies(policies), strict=True):
        _assert_same(outcome, run_policy(policy))


def test_run_policy_advertises_its_batched_variant():
    assert run_policy.many is run_policies
