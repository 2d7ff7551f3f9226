"""classify() and coverage() (policylens.classify.frame): the clauses table in, categories added."""

from __future__ import annotations

import pandas as pd
import pytest

from policylens.classify import ClauseClassifier, classify, coverage
from policylens.schema import CLASSIFICATION_COLUMNS, CLAUSE_COLUMNS
from policylens.taxonomy import categories


def _clauses() -> pd.DataFrame:
    rows = [
        ("p1", 0, "", 0, "heading", "", "Data Retention"),
        ("p1", 1, "Data Retention", 1, "sentence", "", "We keep account data for two years after closure."),
        ("p1", 2, "Contact Us", 1, "paragraph", "", "Email privacy@example.test with questions."),
        ("p2", 0, "Sharing", 1, "item", "We share data with:", "Cloud hosting providers"),
    ]
    frame = pd.DataFrame(rows, columns=["policy", "clause_id", "section", "depth", "kind", "lead_in", "text"])
    frame["start"] = 0
    frame["end"] = frame["text"].str.len()
    return frame.astype({c: d for c, (d, _) in CLAUSE_COLUMNS.items()}).set_index(pd.Index([10, 11, 12, 13]))


@pytest.fixture(scope="module")
def toy_model() -> ClauseClassifier:
    texts = ["We keep logs for ninety days.", "Records are retained for a year.",
             "We share data with vendors.", "Partners receive your email."]
    return ClauseClassifier(threshold=0.0).fit(texts, [["retention"], ["retention"], ["sharing"], ["sharing"]])


def test_classify_adds_columns_to_a_clauses_frame():
    clauses = _clauses()
    out = classify(clauses)
    assert list(out.columns) == list(clauses.columns) + list(CLASSIFICATION_COLUMNS)
    assert out.index.tolist() == [10, 11, 12, 13]
    assert "category" not in clauses.columns  # input untouched
    assert str(out["category"].dtype) == "string"
    assert out["confidence"].dtype == "float64"
    assert out["category"].tolist() == ["retention", "retention", "contact", "sharing"]
    assert (out["category"] == out["categories"].str[0]).all()
    assert out["confidence"].between(0.5, 1).all()  # clear clauses: the primary label has a positive margin


def test_classify_list_of_strings_returns_aligned_frame():
    texts = ["We never sell data.", "Changes to this policy", "We keep logs for a year."]
    out = classify(texts)
    assert out["text"].tolist() == texts
    assert list(out.columns) == ["text", "section", "lead_in", *CLASSIFICATION_COLUMNS]
    assert out["category"].tolist() == ["sale", "policy_change", "retention"]


def test_classify_empty_inputs():
    empty = classify(_clauses().iloc[:0])
    assert len(empty) == 0 and set(CLASSIFICATION_COLUMNS) <= set(empty.columns)
    assert len(classify([])) == 0


def test_classify_with_a_custom_model(toy_model):
    out = classify(["We keep logs for ninety days."], model=toy_model)
    assert out.loc[0, "category"] == "retention"


def test_many_policies_in_one_call_equal_one_call_each(seed_clauses):
    frames = [*seed_clauses.values(), _clauses(), _clauses()[["text"]].copy()]
    together = classify(pd.concat(frames))
    start = 0
    for frame in frames:
        part = together.iloc[start:start + len(frame)]
        columns = ["text", *CLASSIFICATION_COLUMNS]  # (concat turns a column missing somewhere to float)
        pd.testing.assert_frame_equal(part[columns], classify(frame)[columns], check_exact=True)
        start += len(frame)


def test_repeated_clauses_get_equal_rows():
    out = classify(["We keep your data for two years.", "Ask us to delete your data.", "We keep your data for two years."])
    assert out.loc[0, "categories"] == out.loc[2, "categories"]
    assert out.loc[0, "categories"] is not out.loc[2, "categories"]  # every row its own list
    assert out.loc[0, "confidence"] == out.loc[2, "confidence"]


def test_coverage_matrix():
    table = coverage(classify(_clauses()))
    assert list(table.columns) == categories()
    assert table.loc["p1", "retention"] == 2 and table.loc["p2", "sharing"] == 1
    assert table.loc["p1"].sum() >= 3
    primary = coverage(classify(_clauses()), multi=False)
    assert primary.to_numpy().sum() == 4
