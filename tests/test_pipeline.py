"""pipeline: policies through every stage in groups (run); one policy is a group of one."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

import policylens as pl
from policylens.extract import ClauseContext
from policylens.pipeline import isolated, policy_row, run

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


def _alone(policy):
    [outcome] = run([policy])
    return outcome


def _assert_same(outcome, expected) -> None:
    assert not isinstance(outcome, BaseException), outcome
    for got, want in zip(outcome, expected, strict=True):
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_a_group_gives_each_policy_the_tables_it_gets_alone(policies):
    outcomes = run(policies)
    assert len(outcomes) == len(policies)
    for policy, outcome in zip(policies, outcomes, strict=True):
        expected = _alone(policy)
        _assert_same(outcome, expected)
        assert policy_row(policy, *outcome) == policy_row(policy, *expected)
        assert set(outcome[0]["policy"]) == {policy.id}
        assert set(outcome[1]["policy"]) <= {policy.id}
    assert run([]) == []


def test_alone_equals_the_stages_called_by_hand(seeds):
    policy = next(iter(seeds.values()))
    clauses = classify_module.classify(segment_module.segment(policy))
    _assert_same(_alone(policy), (clauses, extract_module.extract(clauses)))


def test_policies_sharing_an_id_are_not_mixed_up():
    a = pl.load_text("We keep your e-mail address for 2 years.", id="same")
    b = pl.load_text("You may delete your data. We keep logs for 30 days.", id="same")
    for outcome, policy in zip(run([a, b, a]), [a, b, a], strict=True):
        _assert_same(outcome, _alone(policy))


def test_a_policy_without_clauses_gets_typed_empty_tables(policies):
    empty = pl.Policy(id="blank", text="   \n\n  ")
    outcomes = run([policies[0], empty])
    _assert_same(outcomes[1], _alone(empty))
    assert len(outcomes[1][0]) == 0 and len(outcomes[1][1]) == 0


def test_isolated_splits_a_failing_group_down_to_the_failing_items():
    calls = []

    def stage(xs):
        calls.append(list(xs))
        return [10 // x for x in xs]

    out = isolated(stage, [1, 2, 0, 5, 10])
    assert out[:2] + out[3:] == [10, 5, 2, 1] and isinstance(out[2], ZeroDivisionError)
    assert calls == [[1, 2, 0, 5, 10], [1, 2], [0, 5, 10], [0], [5, 10]]  # halves, down to [0]
    assert isolated(stage, []) == []


def test_isolated_refuses_a_stage_that_loses_results():
    with pytest.raises(ValueError, match="2 results for 3"):
        isolated(lambda xs: xs[:2], [1, 2, 3])


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


@pytest.mark.parametrize(("module", "name"), [
    (segment_module, "segment"),
    (classify_module, "classify"),  # the group's call fails, then the halves', down to the victim
    (extract_module, "extract"),  # likewise
    (rights_module, "extract_clause"),  # deep inside
])
def test_a_failing_stage_costs_only_its_policy(policies, monkeypatch, module, name):
    expected = {p.id: _alone(p) for p in policies if p.id != "victim"}
    monkeypatch.setattr(module, name, _fails_on_victim(getattr(module, name)))
    outcomes = run(policies)
    for policy, outcome in zip(policies, outcomes, strict=True):
        if policy.id == "victim":
            assert isinstance(outcome, RuntimeError) and str(outcome) == "stage exploded"
        else:
            _assert_same(outcome, expected[policy.id])


@pytest.mark.parametrize(("module", "name"), [(classify_module, "classify"),
                                              (extract_module, "extract")])
def test_a_stage_failing_on_any_group_still_gives_each_policy_its_tables(policies, monkeypatch,
                                                                         module, name):
    real = getattr(module, name)

    def fails_on_groups(frame, *args, **kwargs):
        if frame["policy"].nunique() > 1:
            raise MemoryError("group too big")
        return real(frame, *args, **kwargs)

    expected = [_alone(p) for p in policies]
    monkeypatch.setattr(module, name, fails_on_groups)
    for outcome, want in zip(run(policies), expected, strict=True):
        _assert_same(outcome, want)


def test_policy_row_carries_the_policys_language():
    policy = pl.load_text("We collect your e-mail address and keep it for two years. You may ask "
                          "us to delete it at any time by writing to our privacy team.", id="en")
    [(clauses, findings)] = run([policy])
    row = policy_row(policy, clauses, findings)
    assert row["language"] == policy.language == "en"
    unknown = pl.Policy(id="short", text="Hi.")
    assert policy_row(unknown, *run([unknown])[0])["language"] is None  # unknown, not English
    from policylens.pipeline import policies_table

    table = policies_table([row, policy_row(unknown, *run([unknown])[0])])
    assert table["language"].dtype == "string"
    assert table["language"].tolist()[0] == "en" and table["language"].isna().tolist() == [False, True]
