"""Notebook display of a comparison: pandas Stylers with stable ids and the compact summary that
``ComparisonReport._repr_html_`` shows. Renders plain tables; never imports the report object."""

from __future__ import annotations

import html
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = ["SUMMARY_FACTS", "style_table", "summary_html"]


CHECK, EMPTY = "\u2713", ""


def _cell_text(value: Any) -> str:
    if isinstance(value, bool):
        return CHECK if value else EMPTY
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "\u2013"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@cache
def _stable_styler() -> type[Styler]:
    from pandas.io.formats.style import Styler

    class StableStyler(Styler):
        """A Styler whose text repr names its table instead of a memory address, so stored
        notebook outputs do not change between runs."""

        def __repr__(self) -> str:
            rows, cols = self.data.shape
            return f"<Styler {self.uuid}: {rows} rows x {cols} columns>"

    return StableStyler


def style_table(frame: pd.DataFrame, uuid: str) -> Styler:
    """A Styler with a fixed uuid, every cell and label HTML-escaped, bools as check marks."""
    bool_matrix = len(frame.columns) > 0 and all(frame[c].dtype == bool for c in frame.columns)

    def fmt(value: Any) -> str:
        # escape here rather than via Styler(escape=) so that our own marks stay literal
        return html.escape(_cell_text(value))

    styler = _stable_styler()(frame, uuid=uuid).format(fmt).format_index(
        lambda v: html.escape(str(v)), axis=0).format_index(lambda v: html.escape(str(v)), axis=1)
    table_styles = [
        {"selector": "th", "props": "font-weight: 600; padding: 2px 6px;"},
        {"selector": "td", "props": "padding: 2px 6px; text-align: center;"},
    ]
    if bool_matrix:
        table_styles.append({"selector": "th.col_heading",
                             "props": "writing-mode: vertical-rl; transform: rotate(180deg);"})
        styler = styler.map(lambda v: "background-color: #cfe3f5;" if v is True else "")
    return styler.set_table_styles(table_styles)


SUMMARY_FACTS = ["name", "last_updated", "n_clauses", "sells_data", "shares_for_ads",
                 "breach_notice_hours", "response_days", "has_dpo", "min_child_age"]


def summary_html(report: Any, *, max_rows: int = 20) -> str:
    """Compact notebook summary: counts, the facts table and the key matrices (all-False columns
    omitted and counted), at most ``max_rows`` policies."""
    n = len(report.ids)
    parts = [
        "<div class='policylens-report'>",
        f"<h3>policylens comparison: {n} {'policy' if n == 1 else 'policies'}, "
        f"{report.n_clauses:,} clauses, {len(report.findings):,} findings</h3>",
    ]
    if n > max_rows:
        parts.append(f"<p>First {max_rows} of {n} policies shown.</p>")
    facts = report.policies[SUMMARY_FACTS].head(max_rows)
    parts += ["<h4>Facts</h4>", style_table(facts, "policylens-summary-policies").to_html()]
    for name, title in (("rights", "Rights"), ("transfers", "Transfer mechanisms"),
                        ("legal_bases", "Legal bases"), ("laws", "Laws cited")):
        matrix = getattr(report, name).head(max_rows)
        used = matrix.loc[:, matrix.any(axis=0)] if len(matrix.columns) else matrix
        hidden = len(matrix.columns) - len(used.columns)
        note = (f" <small>({hidden} {'id' if hidden == 1 else 'ids'} found in no policy omitted)</small>"
                if hidden else "")
        parts.append(f"<h4>{title}{note}</h4>")
        if len(used.columns):
            parts.append(style_table(used, f"policylens-summary-{name}").to_html())
        else:
            parts.append("<p>None found.</p>")
    kids = report.children.head(max_rows)[["min_age", "ages_mentioned", "parental_consent"]]
    parts += ["<h4>Children</h4>", style_table(kids, "policylens-summary-children").to_html()]
    parts.append(
        "<p><small>Tables: <code>.policies .rights .transfers .legal_bases .laws .destinations "
        ".retention .children .coverage .clauses .findings</code>; evidence: "
        "<code>.evidence(policy, aspect, value)</code>; <code>.diff(a, b)</code>; charts: "
        "<code>.plot.*</code>; exports: <code>.to_html .to_excel .to_csv</code>.</small></p></div>")
    return "\n".join(parts)
