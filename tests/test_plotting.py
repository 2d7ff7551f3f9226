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
    assert "1 qualitative period" in ax.get_xlabel()  # in the axis label, where nothing overlaps it
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["alpha"]
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


def _overlaps(boxes) -> bool:
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_retention_tick_labels_never_overlap():
    # periods from a day to twenty years: every tick of TIME_TICKS is in range
    retention = pd.DataFrame({"policy": ["p", "p"], "data_category": ["a", "b"],
                              "min_days": [1.0, 7300.0], "max_days": [1.0, 7300.0],
                              "condition": ["", ""]})
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(9, 3))
    canvas = FigureCanvasAgg(fig)
    ax = plotting.retention_chart(retention, fig.add_subplot())
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    assert len(boxes) >= 4
    assert not _overlaps(boxes)
    texts = [t.get_text() for t in ax.get_xticklabels()]
    assert "2 years" not in texts and "1 year" in texts  # too close to '1 year': dropped


def test_overlap_check_sees_an_overlap():
    from matplotlib.transforms import Bbox

    assert _overlaps([Bbox([[0, 0], [10, 10]]), Bbox([[5, 5], [15, 15]])])
    assert not _overlaps([Bbox([[0, 0], [10, 10]]), Bbox([[11, 0], [15, 10]])])


@pytest.mark.parametrize("draw", ["rights", "children", "retention"])
def test_charts_have_legends(report, draw):
    fig = Figure()
    ax = {"rights": lambda a: plotting.rights_heatmap(report.rights, a),
          "children": lambda a: plotting.child_age_chart(report.children, a),
          "retention": lambda a: plotting.retention_chart(report.retention, a)}[draw](fig.add_subplot())
    legend = ax.get_legend()
    assert legend is not None and [t.get_text() for t in legend.get_texts()]
