"""Data-practice tables on a ComparisonReport (policylens.report.practices via compare)."""

from __future__ import annotations

import pandas as pd
import pytest

from policylens import compare
from policylens.extract.practices_vocab import CCPA_CATEGORIES, ids
from policylens.io import load_text
from policylens.report.practices import category_matrix, data_flows

A = """Information we collect

We collect your name, email address and precise location when you use the app.
We share precise location with advertising partners for targeted advertising.
We do not sell your personal information.
"""
B = """About us

We are a small bakery. We do not collect biometric data.
"""


@pytest.fixture(scope="module")
def report():
    return compare([load_text(A, id="a"), load_text(B, id="b")])


def test_ccpa_matrix_columns_and_rows(report):
    m = report.data_categories("collected", scheme="ccpa")
    assert list(m.columns) == [*CCPA_CATEGORIES, "sensitive"]
    assert m.loc["a", ["identifiers", "geolocation", "sensitive"]].tolist() == [True, True, True]
    assert not m.loc["b"].any()  # only a denial: all-False row
    assert m.dtypes.eq(bool).all()


def test_disclosed_and_sold_contexts(report):
    disclosed = report.data_categories("disclosed")
    assert list(disclosed.columns) == ids("categories")
    assert disclosed.loc["a", "precise_location"]
    assert not disclosed.loc["a", "name"]
    assert not report.data_categories("sold_shared", "ccpa").loc["a"].any()


def test_shortcuts(report):
    assert report.recipients.loc["a", "advertisers"]
    assert report.purposes.loc["a", "targeted_advertising"]
    assert report.data_collected.loc["a", "contact"]
    assert list(report.data_sources.columns) == ids("sources")


def test_flows_link_category_and_recipient(report):
    flows = report.data_flows
    row = flows[(flows["data_category"] == "precise_location") & (flows["recipient"] == "advertisers")]
    assert len(row) == 1 and row["purpose"].iloc[0] == "targeted_advertising"
    assert row["context"].iloc[0] == "disclosed"


def test_evidence_and_diff_cover_practices(report):
    ev = report.evidence("b", "data_collected", "biometric")
    assert ev["polarity"].tolist() == ["denied"]
    d = report.diff("a", "b")
    assert ("data_collected", "contact", True, False) in set(map(tuple, d.values.tolist()))


def test_bad_context_or_scheme():
    empty = pd.DataFrame({"policy": [], "aspect": [], "value": [], "polarity": []})
    with pytest.raises(ValueError, match="context"):
        category_matrix(empty, ["x"], "kept")
    with pytest.raises(ValueError, match="scheme"):
        category_matrix(empty, ["x"], "collected", "gdpr")
    assert data_flows(empty.assign(clause_id=[], evidence=[])).empty


def test_ccpa_categories_side_by_side(report):
    wide = report.ccpa_categories
    assert wide.shape == (2, 36)
    assert wide.loc["a", "collected:geolocation"] and wide.loc["a", "disclosed:geolocation"]
    assert not wide.loc["a", "sold_shared:geolocation"]


def test_plots_and_text(report):
    import matplotlib

    matplotlib.use("Agg")
    from policylens.cli import render_text

    ax = report.plot.data_categories("collected", "ccpa")
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["identifiers", "customer_records"]
    assert report.plot.recipients().get_title() == "Recipients of personal data"
    text = render_text(report)
    assert "Personal data sold or shared (CCPA categories)" in text
