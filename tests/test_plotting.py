"""Charts: each takes ax=None, returns the Axes it drew on, never shows, copes with no data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from _comparison_tables import make_report, two_policies  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from policylens.report import plotting  # noqa: E402

CHARTS = ["rights", "transfers", "legal_bases", "laws", "retention", "children", "coverage"]


@pytest.fixture(scope="module")
def report():
    return make_report(two_policies())


@pytest.fixture(autouse=True)
def no_show(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("plotting must never call plt.show()")

    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


@pytest.mark.parametrize("chart", CHARTS)
def test_draws_on_the_given_axes(report, chart):
    ax = Figure().add_subplot()
    assert getattr(report.plot, chart)(ax=ax) is ax
    assert ax.get_title()


@pytest.mark.parametrize("chart", CHARTS)
def test_makes_its_own_figure_without_ax(report, chart):
    before = len(plt.get_fignums())
    ax = getattr(report.plot, chart)()
    assert ax.figure.number in plt.get_fignums()
    assert len(plt.get_fignums()) == before + 1


def test_heatmap_cells_are_the_matrix(report):
    ax = plotting.rights_heatmap(report.rights, Figure().add_subplot())
    image = ax.get_images()[0].get_array()
    assert np.array_equal(np.asarray(image, dtype=bool), report.rights.to_numpy())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["alpha", "beta"]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(report.rights.columns)


def test_heatmap_can_drop_ids_no_policy_has(report):
    ax = plotting.transfers_heatmap(report.transfers, Figure().add_subplot(), drop_empty=True)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["scc"]


def test_retention_chart_is_a_log_range_chart(report):
    ax = plotting.retention_chart(report.retention, Figure().add_subplot())
    assert ax.get_xscale() == "log"
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["alpha: server logs", "alpha: billing records"]
    # beta's "as long as necessary" has no length: counted in a note, not drawn
    notes = [t.get_text() for t in ax.texts]
    assert any("1 qualitative period" in n for n in notes)
    xs = sorted(x for line in ax.get_lines() for x in line.get_xdata())
    assert xs[0] == 30 and xs[-1] == 2190


def test_retention_range_draws_a_bar_between_bounds():
    retention = pd.DataFrame({"policy": ["p"], "data_category": ["backups"], "min_days": [360.0],
                              "max_days": [720.0], "condition": [""]})
    ax = plotting.retention_chart(retention, Figure().add_subplot())
    spans = [tuple(line.get_xdata()) for line in ax.get_lines()]
    assert (360.0, 720.0) in spans


def test_child_age_chart_marks_the_minimum(report):
    ax = plotting.child_age_chart(report.children, Figure().add_subplot())
    texts = [t.get_text() for t in ax.texts]
    assert "16+" in texts  # alpha's own minimum
    assert "no minimum age stated" in texts  # beta states none (13 is COPPA's)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["alpha", "beta"]


def test_coverage_chart_annotates_counts(report):
    ax = plotting.coverage_chart(report.coverage, Figure().add_subplot())
    numbers = sorted(int(t.get_text()) for t in ax.texts)
    counts = report.coverage.to_numpy()
    assert numbers == sorted(int(c) for c in counts.ravel() if c)


@pytest.mark.parametrize("fn, frame", [
    (plotting.rights_heatmap, pd.DataFrame(index=pd.Index([], name="policy"))),
    (plotting.retention_chart, pd.DataFrame(columns=["policy", "data_category", "min_days",
                                                     "max_days", "condition"])),
    (plotting.child_age_chart, pd.DataFrame(columns=["min_age", "ages_mentioned"])),
    (plotting.coverage_chart, pd.DataFrame()),
])
def test_no_data_is_not_an_error(fn, frame):
    ax = fn(frame, Figure().add_subplot())
    assert any("no" in t.get_text() or "nothing" in t.get_text() for t in ax.texts)


def test_long_labels_are_shortened():
    matrix = pd.DataFrame([[True]], index=pd.Index(["p" * 80], name="policy"), columns=["x"])
    ax = plotting.matrix_heatmap(matrix, Figure().add_subplot())
    assert len(ax.get_yticklabels()[0].get_text()) <= 32
