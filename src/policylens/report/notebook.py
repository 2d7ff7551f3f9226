"""Notebook display of a comparison: pandas Stylers with stable ids and the compact summary that
``ComparisonReport._repr_html_`` shows. Renders plain tables; never imports the report object."""

from __future__ import annotations

import html
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from policylens.report.formatting import NO, UNKNOWN, YES, display, is_missing
from policylens.report.tables import conflict_table

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = ["SUMMARY_FACTS", "style_table", "summary_html"]


def _bool_text(value: Any) -> str:
    """A bool matrix cell: a check mark where stated, blank elsewhere (a matrix says what the
    policy states; a blank is 'not stated', not 'no')."""
    return YES if value is True or value == True else ""  # noqa: E712 - numpy bools


def _tri_text(value: Any) -> str:
    """A tri-state (nullable boolean) cell: ✓ yes, ✗ no, – unknown."""
    if is_missing(value):
        return UNKNOWN
    return YES if bool(value) else NO


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
    """A Styler with a fixed uuid, every cell and label HTML-escaped, values as people write them.

    Bool matrix cells become check marks, tri-state columns ✓ / ✗ / –, unknown –.

    Parameters
    ----------
    frame : DataFrame
    uuid : str
        The Styler's uuid (stable HTML ids in notebook outputs).

    Returns
    -------
    styler : pandas.io.formats.style.Styler

    Examples
    --------
    >>> frame = pd.DataFrame({"consent": pd.array([True, False, None], dtype="boolean")})
    >>> "\u2717" in style_table(frame, "demo").to_html()
    True
    """
    bool_matrix = len(frame.columns) > 0 and all(frame[c].dtype == bool for c in frame.columns)
    # escape here rather than via Styler(escape=) so that our own marks stay literal
    formatters = {}
    for column in frame.columns:
        dtype = str(frame[column].dtype)
        if dtype == "bool":
            text = _bool_text
        elif dtype == "boolean":
            text = _tri_text
        else:
            text = display
        formatters[column] = (lambda v, t=text: html.escape(t(v)))
    styler = _stable_styler()(frame, uuid=uuid).format(formatters).format_index(
        lambda v: html.escape(str(v)), axis=0).format_index(lambda v: html.escape(str(v)), axis=1)
    table_styles = [
        {"selector": "th", "props": "font-weight: 600; padding: 2px 6px;"},
        {"selector": "td", "props": "padding: 2px 6px; text-align: center;"},
    ]
    if bool_matrix:
        table_styles.append({"selector": "th.col_heading",
                             "props": "writing-mode: vertical-rl; transform: rotate(180deg);"})
        styler = styler.map(lambda v: "background-color: #cfe3f5;" if v else "")
    return styler.set_table_styles(table_styles)


SUMMARY_FACTS = ["name", "product", "last_updated", "n_clauses", "sells_data", "shares_for_ads",
                 "breach_notice_hours", "response_days", "has_dpo", "min_child_age"]


def summary_html(summary: Mapping[str, Any], *, max_rows: int = 20) -> str:
    """Compact notebook summary of ``ComparisonReport.summary()``.

    Counts, policies not analysed, the facts table and the key matrices (ids found in no policy
    omitted and counted), at most ``max_rows`` policies. ``ComparisonReport._repr_html_`` shows it.

    Parameters
    ----------
    summary : mapping
        ``ComparisonReport.summary()``.
    max_rows : int, default=20
        Policies shown at most.

    Returns
    -------
    html : str

    Examples
    --------
    >>> import policylens as pl
    >>> report = pl.compare([pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme"),
    ...                      pl.load_text("You have the right to access your data under the GDPR.", id="beta")])
    >>> from policylens.report.notebook import summary_html
    >>> html = summary_html(report.summary())
    >>> html.splitlines()[1]
    '<h3>policylens comparison: 2 policies, 3 clauses, 4 findings</h3>'
    """
    meta, tables = summary["meta"], summary["tables"]
    n = meta["n_policies"]
    parts = [
        "<div class='policylens-report'>",
        f"<h3>policylens comparison: {n} {'policy' if n == 1 else 'policies'}, "
        f"{meta['n_clauses']:,} clauses, {meta['n_findings']:,} findings</h3>",
    ]
    skipped = summary.get("skipped", [])
    if skipped:
        parts.append(f"<p>Skipped {len(skipped)} file{'s' if len(skipped) != 1 else ''}: "
                     + "; ".join(html.escape(f"{s['file']} ({s['reason']})") for s in skipped)
                     + "</p>")
    foreign = [i for i in summary["inputs"] if not i["analysed"]]
    if foreign:
        parts.append("<p><b>Not analysed</b> (only English policies are): "
                     + ", ".join(html.escape(f"{i['policy']} ({i['language']})") for i in foreign)
                     + "; their empty findings mean &ldquo;not analysed&rdquo;, not &ldquo;no&rdquo;.</p>")
    if n > max_rows:
        parts.append(f"<p>First {max_rows} of {n} policies shown.</p>")
    policies = tables["policies"]
    facts = policies[[c for c in SUMMARY_FACTS if c in policies.columns]].head(max_rows)
    conflicts = conflict_table(tables["findings"])
    for policy, fact in set(zip(conflicts["policy"], conflicts["fact"], strict=True)):
        if policy in facts.index and fact in facts.columns:  # affirmed and denied: both sides
            facts = facts.astype(object)
            facts.at[policy, fact] = "conflicting"
    parts += ["<h4>Facts</h4>", style_table(facts, "policylens-summary-policies").to_html()]
    for name, title in (("rights", "Rights"), ("transfers", "Transfer mechanisms"),
                        ("legal_bases", "Legal bases"), ("laws", "Laws cited")):
        matrix = tables[name].head(max_rows)
        used = matrix.loc[:, matrix.any(axis=0)] if len(matrix.columns) else matrix
        hidden = len(matrix.columns) - len(used.columns)
        note = (f" <small>({hidden} {'id' if hidden == 1 else 'ids'} found in no policy omitted)</small>"
                if hidden else "")
        parts.append(f"<h4>{title}{note}</h4>")
        if len(used.columns):
            parts.append(style_table(used, f"policylens-summary-{name}").to_html())
        else:
            parts.append("<p>None found.</p>")
    kids = tables["children"].head(max_rows)[["min_age", "ages_mentioned", "parental_consent"]]
    parts += ["<h4>Children</h4>", style_table(kids, "policylens-summary-children").to_html(),
              f"<p><small>{YES} stated, {NO} denied, {UNKNOWN} not stated.</small></p>"]
    parts.append(
        "<p><small>Tables: <code>.policies .rights .transfers .legal_bases .laws .destinations "
        ".retention .children .coverage .clauses .findings</code>; evidence: "
        "<code>.evidence(policy, aspect, value)</code>; <code>.diff(a, b)</code>; charts: "
        "<code>.plot.*</code>; exports: <code>.to_html .to_excel .to_csv</code>.</small></p></div>")
    return "\n".join(parts)
