"""Charts of a comparison (matplotlib). Every function takes ``ax=None`` and returns the Axes.

With ``ax=None`` a new figure is made with ``matplotlib.pyplot.subplots`` (so notebooks show it);
nothing here calls ``plt.show()``. Exports draw on ``matplotlib.figure.Figure`` objects they own
(no pyplot state), which works under the non-interactive Agg backend.

Inputs are the report's tables: ``report.rights`` / ``.transfers`` (bool matrices),
``report.retention``, ``report.children`` and ``report.coverage``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "child_age_chart",
    "coverage_chart",
    "matrix_heatmap",
    "retention_chart",
    "rights_heatmap",
    "transfers_heatmap",
]

#: ticks of the retention axis: (days, label)
TIME_TICKS = ((1, "1 day"), (7, "1 week"), (30, "1 month"), (90, "3 months"), (365, "1 year"),
              (730, "2 years"), (1825, "5 years"), (3650, "10 years"), (7300, "20 years"))
#: legal reference ages drawn on the children chart (COPPA 13, GDPR Art. 8 up to 16, majority 18)
REFERENCE_AGES = (13, 16, 18)
PRESENT, ABSENT = "#2b6ca3", "#eef1f4"
MAX_LABEL = 48


def _axes(ax: Axes | None, width: float, height: float) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return ax


def _short(label: Any, limit: int = MAX_LABEL) -> str:
    text = " ".join(str(label).split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _no_data(ax: Axes, title: str, message: str = "nothing found") -> Axes:
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def matrix_heatmap(matrix: pd.DataFrame, ax: Axes | None = None, *, title: str = "",
                   drop_empty: bool = False, legend: bool = True) -> Axes:
    """A bool policy x id matrix as a grid of filled (True) and pale (False) cells.

    Parameters
    ----------
    matrix : DataFrame of bool
        Policies as rows, ids as columns.
    ax : matplotlib Axes, default=None
        Where to draw (``None``: a new pyplot figure).
    title : str, default=""
    drop_empty : bool, default=False
        Leave out ids no policy has (keeps wide vocabularies readable).
    legend : bool, default=True
        Explain the two colours.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from policylens.report import plotting
    >>> rights = pd.DataFrame({"access": [True, False], "erasure": [True, True], "portability": [False, False]},
    ...                       index=["acme", "beta"])
    >>> ax = plotting.matrix_heatmap(rights, Figure().subplots(), title="Rights", drop_empty=True)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['access', 'erasure']
    """
    from matplotlib.colors import ListedColormap

    if drop_empty and len(matrix.columns):
        matrix = matrix.loc[:, matrix.any(axis=0)]
    n_rows, n_cols = matrix.shape
    ax = _axes(ax, max(5.0, 0.42 * n_cols + 2.5), max(2.2, 0.38 * n_rows + 1.6))
    if n_rows == 0 or n_cols == 0:
        return _no_data(ax, title)
    values = matrix.to_numpy(dtype=float)
    ax.imshow(values, cmap=ListedColormap([ABSENT, PRESENT]), vmin=0, vmax=1, aspect="auto",
              interpolation="nearest")
    ax.set_xticks(np.arange(n_cols), [_short(c, 28) for c in matrix.columns], rotation=45,
                  ha="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(n_rows), [_short(i, 32) for i in matrix.index])
    # white grid between cells
    ax.set_xticks(np.arange(-0.5, n_cols, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n_rows, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title)
    if legend:
        from matplotlib.patches import Patch

        ax.legend(handles=[Patch(facecolor=PRESENT, label="stated"),
                           Patch(facecolor=ABSENT, edgecolor="0.7", label="not stated")],
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return ax


def rights_heatmap(rights: pd.DataFrame, ax: Axes | None = None, *, title: str = "User rights",
                   drop_empty: bool = False) -> Axes:
    """Which rights each policy grants (``report.rights``), as :func:`matrix_heatmap`.

    Parameters
    ----------
    rights : DataFrame of bool
    ax : matplotlib Axes, default=None
        Where to draw (``None``: a new pyplot figure).
    title : str, default="User rights"
    drop_empty : bool, default=False

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from policylens.report import plotting
    >>> rights = pd.DataFrame({"access": [True, False], "erasure": [True, True], "portability": [False, False]},
    ...                       index=["acme", "beta"])
    >>> ax = plotting.rights_heatmap(rights, Figure().subplots())
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('User rights', ['acme', 'beta'])
    """
    return matrix_heatmap(rights, ax, title=title, drop_empty=drop_empty)


def transfers_heatmap(transfers: pd.DataFrame, ax: Axes | None = None, *,
                      title: str = "International transfer mechanisms",
                      drop_empty: bool = False) -> Axes:
    """Which transfer mechanisms each policy relies on (``report.transfers``).

    Parameters
    ----------
    transfers : DataFrame of bool
    ax : matplotlib Axes, default=None
        Where to draw (``None``: a new pyplot figure).
    title : str, default="International transfer mechanisms"
    drop_empty : bool, default=False

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from policylens.report import plotting
    >>> transfers = pd.DataFrame({"scc": [True, False], "adequacy": [False, False]}, index=["acme", "beta"])
    >>> ax = plotting.transfers_heatmap(transfers, Figure().subplots(), drop_empty=True)
    >>> ax.get_title(), [t.get_text() for t in ax.get_xticklabels()]
    ('International transfer mechanisms', ['scc'])
    """
    return matrix_heatmap(transfers, ax, title=title, drop_empty=drop_empty)


def retention_chart(retention: pd.DataFrame, ax: Axes | None = None, *,
                    title: str = "Retention periods", max_rows: int = 60) -> Axes:
    """Stated retention periods as ranges on a log time axis.

    One row per policy and data category (a dot when the period is a single value). Qualitative
    periods ("as long as necessary") have no length and are counted in the footnote, not drawn.

    Parameters
    ----------
    retention : DataFrame
        ``report.retention``.
    ax : matplotlib Axes, default=None
        Where to draw (``None``: a new pyplot figure).
    title : str, default="Retention periods"
    max_rows : int, default=60
        Rows drawn at most (the footnote says how many were left out).

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from policylens.report import plotting
    >>> retention = pd.DataFrame({"policy": ["acme", "acme", "beta"], "data_category": ["logs", "account data", ""],
    ...                           "min_days": [30, 365, None], "max_days": [90, 365, None]})
    >>> ax = plotting.retention_chart(retention, Figure().subplots())
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['acme: logs', 'acme: account data']
    """
    if len(retention):
        numeric = retention[retention["min_days"].notna() | retention["max_days"].notna()]
    else:
        numeric = retention
    qualitative = len(retention) - len(numeric)
    all_rows = retention_rows(numeric)
    rows = all_rows[:max_rows]
    ax = _axes(ax, 9.0, max(2.4, 0.3 * len(rows) + 1.6))
    handles = {}
    if not rows:
        ax = _no_data(ax, title, "no retention period with a length")
        if qualitative:
            ax.set_xlabel(_retention_note(qualitative, 0, 0, max_rows), fontsize=9)
    else:
        import matplotlib as mpl

        policies = list(dict.fromkeys(r[0] for r in rows))
        colours = mpl.colormaps["tab10"]
        for y, (policy, _label, lo, hi) in enumerate(rows):
            colour = colours(policies.index(policy) % 10)
            if hi > lo:
                ax.plot([lo, hi], [y, y], color=colour, linewidth=5, solid_capstyle="butt")
            (handles[policy],) = ax.plot([lo, hi], [y, y], "o", color=colour, markersize=5)
        ax.set_xscale("log")
        ax.set_yticks(range(len(rows)), [label for _, label, _, _ in rows])
        ax.invert_yaxis()
        lows = [r[2] for r in rows]
        highs = [r[3] for r in rows]
        left, right = min(lows) / 2, max(highs) * 2
        ticks = _spaced_ticks([(d, t) for d, t in TIME_TICKS if left <= d <= right]) \
            or [(lows[0], f"{lows[0]:g} days")]
        ax.set_xticks([d for d, _ in ticks], [t for _, t in ticks])
        ax.minorticks_off()
        ax.set_xlim(left, right)
        ax.grid(axis="x", color="0.88")
        ax.set_axisbelow(True)
        # the note goes in the axis label: as an annotation it collided with the label
        note = _retention_note(qualitative, len(rows), len(all_rows), max_rows)
        ax.set_xlabel("retention period (logarithmic scale)" + (f"\n{note}" if note else ""),
                      fontsize=9)
        ax.set_title(title)
        ax.legend(list(handles.values()), [_short(p, 32) for p in handles], title="policy",
                  loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8,
                  title_fontsize=8)
    return ax


def _retention_note(qualitative: int, shown: int, total: int, max_rows: int) -> str:
    notes = []
    if qualitative:
        notes.append(f"{qualitative} qualitative period{'s' if qualitative != 1 else ''} "
                     "(e.g. 'as long as necessary') not drawn")
    if shown < total:
        notes.append(f"first {max_rows} rows shown")
    return "; ".join(notes)


def _spaced_ticks(ticks: list[tuple[float, str]], min_ratio: float = 2.5) -> list[tuple[float, str]]:
    """Ticks at least ``min_ratio`` apart on the log axis, so that their labels never overlap
    (1 year and 2 years next to each other collide on a long axis): the later one is dropped."""
    kept: list[tuple[float, str]] = []
    for days, text in ticks:
        if not kept or days / kept[-1][0] >= min_ratio:
            kept.append((days, text))
    return kept


def retention_rows(numeric: pd.DataFrame) -> list[tuple[str, str, float, float]]:
    """The bars of :func:`retention_chart`: one per distinct period, in table order.

    Parameters
    ----------
    numeric : DataFrame
        Retention rows with a length: ``policy``, ``data_category``, ``min_days``, ``max_days``
        (one of the two may be missing).

    Returns
    -------
    rows : list of (str, str, float, float)
        (policy, label, low, high); days clipped to >= 0.5 so they fit a log axis.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.plotting import retention_rows
    >>> numeric = pd.DataFrame({"policy": ["acme", "acme"], "data_category": ["logs", ""],
    ...                         "min_days": [0.0, None], "max_days": [90.0, 30.0]})
    >>> retention_rows(numeric)
    [('acme', 'acme: logs', 0.5, 90.0), ('acme', 'acme: (data not named)', 30.0, 30.0)]
    """
    rows: list[tuple[str, str, float, float]] = []
    seen: set[tuple[str, str, float, float]] = set()
    if not len(numeric):
        return rows
    for policy, category, lo, hi in zip(numeric["policy"], numeric["data_category"],
                                        numeric["min_days"], numeric["max_days"], strict=True):
        lo = hi if pd.isna(lo) else lo
        hi = lo if pd.isna(hi) else hi
        lo, hi = max(float(min(lo, hi)), 0.5), max(float(max(lo, hi)), 0.5)
        what = category if isinstance(category, str) and category.strip() else "(data not named)"
        row = (str(policy), _short(f"{policy}: {what}"), lo, hi)
        if row not in seen:
            seen.add(row)
            rows.append(row)
    return rows


def child_age_chart(children: pd.DataFrame, ax: Axes | None = None, *,
                    title: str = "Children: minimum age and ages mentioned") -> Axes:
    """Age thresholds per policy.

    Its own minimum age (filled marker, labelled), every other age threshold it mentions (hollow
    markers), and reference lines at 13, 16 and 18.

    Parameters
    ----------
    children : DataFrame
        ``report.children``: ``min_age`` and ``ages_mentioned``, index = policy id.
    ax : matplotlib Axes, default=None
        Where to draw (``None``: a new pyplot figure).
    title : str, default="Children: minimum age and ages mentioned"

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from policylens.report import plotting
    >>> children = pd.DataFrame({"min_age": pd.array([13, None], dtype="Int64"),
    ...                          "ages_mentioned": [[13, 16], []]}, index=["acme", "beta"])
    >>> ax = plotting.child_age_chart(children, Figure().subplots())
    >>> ax.get_title()
    'Children: minimum age and ages mentioned'
    """
    n = len(children)
    ax = _axes(ax, 8.0, max(2.2, 0.42 * n + 1.4))
    if n == 0:
        return _no_data(ax, title)
    for age in REFERENCE_AGES:
        ax.axvline(age, color="0.8", linestyle="--", linewidth=1, zorder=0)
    oldest = max([21, *[a + 2 for ages in children["ages_mentioned"] for a in ages]])
    for y, (_, row) in enumerate(children.iterrows()):
        others = [a for a in row["ages_mentioned"] if pd.isna(row["min_age"]) or a != row["min_age"]]
        if others:
            ax.plot(others, [y] * len(others), "o", markerfacecolor="white", markeredgecolor="0.35",
                    markersize=7)
        if pd.notna(row["min_age"]):
            ax.plot([row["min_age"]], [y], "o", color=PRESENT, markersize=10)
            ax.annotate(f"{int(row['min_age'])}+", (row["min_age"], y), xytext=(7, 4),
                        textcoords="offset points", fontsize=9, color=PRESENT)
        else:
            ax.annotate("no minimum age stated", (0.5, y), va="center", fontsize=8, color="0.45")
    ax.set_yticks(range(n), [_short(p, 32) for p in children.index])
    ax.invert_yaxis()
    ax.set_xlim(0, oldest)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xticks(sorted({0, 5, 10, *REFERENCE_AGES, oldest - oldest % 5}))
    ax.set_xlabel("age (years)")
    ax.set_title(title)
    from matplotlib.lines import Line2D

    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", color=PRESENT, markersize=8,
                              label="minimum age"),
                       Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                              markeredgecolor="0.35", markersize=7, label="other age mentioned"),
                       Line2D([], [], color="0.8", linestyle="--", label="13 / 16 / 18")],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return ax


def coverage_chart(coverage: pd.DataFrame, ax: Axes | None = None, *,
                   title: str = "Clauses per taxonomy category", drop_empty: bool = True) -> Axes:
    """Policy x category clause counts as a heatmap.

    Colour = the category's share of the policy's clauses (so long and short policies compare),
    number = the count.

    Parameters
    ----------
    coverage : DataFrame of int
        ``report.coverage``.
    ax : matplotlib Axes, default=None
        Where to draw (``None``: a new pyplot figure).
    title : str, default="Clauses per taxonomy category"
    drop_empty : bool, default=True
        Leave out categories no policy has.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from matplotlib.figure import Figure
    >>> from policylens.report import plotting
    >>> coverage = pd.DataFrame({"retention": [2, 0], "children": [0, 1], "security": [0, 0]}, index=["acme", "beta"])
    >>> ax = plotting.coverage_chart(coverage, Figure().subplots())
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['retention', 'children']
    """
    if drop_empty and len(coverage.columns):
        coverage = coverage.loc[:, coverage.sum(axis=0) > 0]
    n_rows, n_cols = coverage.shape
    ax = _axes(ax, max(6.0, 0.5 * n_cols + 2.5), max(2.2, 0.42 * n_rows + 1.8))
    if n_rows == 0 or n_cols == 0:
        return _no_data(ax, title)
    counts = coverage.to_numpy(dtype=float)
    totals = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)
    image = ax.imshow(shares, cmap="Blues", vmin=0, vmax=max(float(shares.max()), 1e-9),
                      aspect="auto", interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, label="share of the policy's clauses", shrink=0.8)
    threshold = shares.max() * 0.6
    for i in range(n_rows):
        for j in range(n_cols):
            if counts[i, j]:
                ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center", fontsize=8,
                        color="white" if shares[i, j] > threshold else "0.15")
    ax.set_xticks(np.arange(n_cols), [_short(c, 28) for c in coverage.columns], rotation=45,
                  ha="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(n_rows), [_short(i, 32) for i in coverage.index])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(title)
    return ax
