"""The HTML report of a comparison: one self-contained page.

Policy text is untrusted: every piece of it goes through ``html.escape`` (and a
Content-Security-Policy forbids scripts and remote content as a second line of defence).
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from policylens.compliance.render import html_body
from policylens.report.formatting import format_period, plain_value

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["esc", "render_html", "write_html"]

#: the bool matrices whose cells get evidence in the HTML report: attribute -> findings aspect
EVIDENCE_MATRICES = (("rights", "right"), ("transfers", "transfer_mechanism"),
                     ("legal_bases", "legal_basis"), ("laws", "law"),
                     ("destinations", "transfer_destination"))

#: quotes shown per matrix cell in the HTML report (the rest: ``report.evidence``)
MAX_QUOTES = 6

# --------------------------------------------------------------------------------------------
# HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;
 padding:0 1rem;color:#1d2430;line-height:1.45}
h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #d8dee6;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.85rem}
th,td{border:1px solid #d8dee6;padding:.2rem .45rem;vertical-align:top}
th{background:#f3f5f8;text-align:left}
table.matrix td{text-align:center;min-width:1.6rem}
table.matrix th.col{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
td.yes{background:#cfe3f5}td.yes a{text-decoration:none;color:#14456e;font-weight:600}
nav a{margin-right:.8rem}.scroll{overflow-x:auto;max-width:100%}
img.chart{max-width:100%;height:auto;display:block;margin:.6rem 0}
.ev{border-left:3px solid #2b6ca3;margin:.5rem 0 .9rem;padding:.1rem .8rem}
.ev .meta{color:#5b6673;font-size:.8rem}
.ev blockquote{margin:.2rem 0;white-space:pre-wrap}
mark{background:#ffe58a}
small{color:#5b6673}
"""

# no scripts, no remote anything: only inline styles and the embedded PNG charts
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def esc(value: Any) -> str:
    """HTML-escaped display text of any value (NA as an en dash)."""
    value = plain_value(value)
    if value is None:
        return "\u2013"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return html.escape(str(value), quote=True)


def write_html(report: Any, path: str | os.PathLike) -> Path:
    """Write the self-contained HTML report to ``path`` (parent folders created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")
    return path


def render_html(report: Any) -> str:
    """The HTML report as a string: facts, every matrix with its chart, retention, children,
    coverage, and the evidence (clause, section, offsets) behind every marked cell."""
    from policylens import __version__

    n = len(report.ids)
    sections = [
        ("policies", "Policies", _policies_section(report)),
        *[(attr, title, _matrix_section(report, attr, title))
          for attr, title in (("rights", "User rights"), ("transfers", "Transfer mechanisms"),
                              ("legal_bases", "Legal bases"), ("laws", "Laws cited"),
                              ("destinations", "Transfer destinations"))],
        ("retention", "Retention periods", _retention_section(report)),
        ("children", "Children", _children_section(report)),
        ("coverage", "Taxonomy coverage", _coverage_section(report)),
        ("compliance", "Compliance checklists", html_body(report.compliance)),
        ("evidence", "Evidence", _evidence_section(report)),
    ]
    nav = " ".join(f'<a href="#{key}">{html.escape(title)}</a>' for key, title, _ in sections)
    body = "\n".join(f'<section id="{key}">\n<h2>{html.escape(title)}</h2>\n{content}\n</section>'
                     for key, title, content in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Privacy policy comparison ({n} {'policy' if n == 1 else 'policies'})</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>Privacy policy comparison</h1>\n"
        f"<p><small>{n} {'policy' if n == 1 else 'policies'} &middot; {report.n_clauses:,} clauses "
        f"&middot; {len(report.findings):,} findings &middot; policylens {html.escape(__version__)}. "
        "Every marked cell links to the clause that supports it.</small></p>\n"
        f"<nav>{nav}</nav>\n{body}\n</body>\n</html>\n"
    )


def _table(frame: pd.DataFrame, *, cls: str = "", cell: Callable[[Any, Any, Any], str] | None = None) -> str:
    """An HTML table of ``frame`` (index as the first column); every label and value escaped.
    ``cell(index, column, value)`` may return the inner HTML of a cell (already escaped)."""
    index_name = frame.index.name or ""
    head = "".join(f'<th class="col">{esc(c)}</th>' for c in frame.columns)
    lines = ['<div class="scroll">', f'<table class="{cls}">' if cls else "<table>",
             f"<thead><tr><th>{esc(index_name)}</th>{head}</tr></thead><tbody>"]
    for idx, row in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        cells = []
        for col, value in zip(frame.columns, row, strict=True):
            inner = cell(idx, col, value) if cell else esc(value)
            klass = ' class="yes"' if value is True else ""
            cells.append(f"<td{klass}>{inner}</td>")
        lines.append(f"<tr><th>{esc(idx)}</th>{''.join(cells)}</tr>")
    lines.append("</tbody></table></div>")
    return "\n".join(lines)


def _figure_png(draw: Callable[[Any], Any], width: float, height: float) -> str:
    """Draw on a pyplot-free Figure and return an <img> with the PNG inlined as base64."""
    from matplotlib.figure import Figure

    fig: Figure = Figure(figsize=(width, height), layout="constrained")
    draw(fig.add_subplot())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img class="chart" alt="chart" src="data:image/png;base64,{data}">'


#: the columns of the policies table shown in the HTML report (the exports have all of them)
HTML_FACTS = ("name", "organisation", "product", "source", "last_updated", "n_clauses", "n_findings",
              "sells_data", "shares_for_ads", "breach_notice_hours", "response_days", "has_dpo",
              "min_child_age", "contact_emails", "third_party_services")


def _policies_section(report: Any) -> str:
    facts = report.policies[[c for c in HTML_FACTS if c in report.policies.columns]]
    if len(facts) <= 8:  # few policies: facts down, policies across reads best
        facts = facts.astype(object).T
        facts.index.name = "fact"
    return _table(facts, cls="facts")


def _anchor(attr: str, i: int, j: int) -> str:
    # ids from positions, never from policy text
    return f"ev-{attr}-{i}-{j}"


def _matrix_section(report: Any, attr: str, title: str) -> str:
    from policylens.report import plotting

    matrix: pd.DataFrame = getattr(report, attr)
    if not len(matrix.columns):
        return "<p>None named in any policy.</p>"
    rows = {p: i for i, p in enumerate(matrix.index)}
    cols = {c: j for j, c in enumerate(matrix.columns)}

    def cell(idx: Any, col: Any, value: Any) -> str:
        if value is True:
            return f'<a href="#{_anchor(attr, rows[idx], cols[col])}" title="evidence">\u2713</a>'
        return ""

    chart = _figure_png(lambda ax: plotting.matrix_heatmap(matrix, ax, title=title, drop_empty=True),
                        max(5.0, 0.42 * int(matrix.any(axis=0).sum()) + 3), 0.38 * len(matrix) + 2)
    return _table(matrix, cls="matrix", cell=cell) + "\n" + (chart if matrix.to_numpy().any() else "")


def _retention_section(report: Any) -> str:
    from policylens.report import plotting

    retention = report.retention
    if not len(retention):
        return "<p>No retention period found.</p>"
    rows = len(plotting._retention_rows(retention[retention["max_days"].notna() |
                                                  retention["min_days"].notna()]))
    chart = _figure_png(lambda ax: plotting.retention_chart(retention, ax), 9.5,
                        max(2.4, 0.3 * min(rows, 60) + 1.8)) if rows else ""
    view = pd.DataFrame({
        "policy": retention["policy"],
        "data": retention["data_category"],
        "period": [format_period(lo, hi, c) for lo, hi, c in
                   zip(retention["min_days"], retention["max_days"], retention["condition"], strict=True)],
        "min_days": retention["min_days"],
        "max_days": retention["max_days"],
        "section": retention["section"],
        "evidence": retention["evidence"],
        "offsets": [f"{s}\u2013{e}" for s, e in zip(retention["start"], retention["end"], strict=True)],
    }).set_index("policy")
    return chart + "\n" + _table(view)


def _children_section(report: Any) -> str:
    from policylens.report import plotting

    kids = report.children
    chart = _figure_png(lambda ax: plotting.child_age_chart(kids, ax), 8.5, 0.42 * len(kids) + 1.8)
    findings = report.findings[report.findings["aspect"] == "child_age"]
    detail = ""
    if len(findings):
        view = findings[["policy", "value", "role", "section", "evidence", "start", "end"]]
        detail = "<h3>Age statements</h3>\n" + _table(view.set_index("policy"))
    return chart + "\n" + _table(kids) + "\n" + detail


def _coverage_section(report: Any) -> str:
    from policylens.report import plotting

    coverage = report.coverage
    if not len(coverage.columns):
        return "<p>No clause categories (clauses were not classified).</p>"
    used = int((coverage.sum(axis=0) > 0).sum())
    chart = _figure_png(lambda ax: plotting.coverage_chart(coverage, ax), max(6.0, 0.5 * used + 3),
                        0.42 * len(coverage) + 2.2)
    return chart + "\n" + _table(coverage)


def _evidence_items(report: Any) -> Iterator[tuple[str, str, str, str, pd.DataFrame]]:
    """(anchor, policy, aspect, value, findings) for every marked matrix cell."""
    found = report.findings
    for attr, aspect in EVIDENCE_MATRICES:
        matrix: pd.DataFrame = getattr(report, attr)
        sub = found[found["aspect"] == aspect]
        groups = {key: g for key, g in sub.groupby(["policy", "value"], sort=False)}
        for i, policy in enumerate(matrix.index):
            for j, value in enumerate(matrix.columns):
                if matrix.iat[i, j]:
                    yield (_anchor(attr, i, j), policy, aspect, value,
                           groups.get((policy, value), sub.iloc[:0]))


def _evidence_section(report: Any) -> str:
    clauses = report.clauses
    by_clause = {(p, int(c)): (t, int(s), sec) for p, c, t, s, sec in zip(
        clauses["policy"], clauses["clause_id"], clauses["text"], clauses["start"], clauses["section"],
        strict=True)}
    parts = []
    for anchor, policy, aspect, value, rows in _evidence_items(report):
        parts.append(f'<div class="ev" id="{anchor}"><h3>{esc(policy)} &middot; {esc(aspect)} = '
                     f"{esc(value)}</h3>")
        seen: set[tuple[int, int]] = set()
        for clause_id, start, end, evidence, section, rule in zip(
                rows["clause_id"], rows["start"], rows["end"], rows["evidence"], rows["section"],
                rows["rule"], strict=True):
            if (int(start), int(end)) in seen:
                continue
            seen.add((int(start), int(end)))
            if len(seen) > MAX_QUOTES:
                continue
            parts.append(_quote(by_clause.get((policy, int(clause_id))), int(start), int(end),
                                evidence, section, int(clause_id), rule))
        if len(seen) > MAX_QUOTES:
            parts.append(f'<div class="meta">and {len(seen) - MAX_QUOTES} more: '
                         f"<code>report.evidence({esc(repr(str(policy)))}, {esc(repr(aspect))}, "
                         f"{esc(repr(str(value)))})</code></div>")
        parts.append("</div>")
    return "\n".join(parts) if parts else "<p>No marked cells.</p>"


def _quote(clause: tuple[str, int, str] | None, start: int, end: int, evidence: Any, section: Any,
           clause_id: int, rule: Any) -> str:
    """The clause with the evidence highlighted (each piece escaped), plus where it is."""
    evidence = evidence if isinstance(evidence, str) else ""
    if clause is not None:
        text, clause_start, _ = clause
        lo, hi = start - clause_start, end - clause_start
        if 0 <= lo <= hi <= len(text) and text[lo:hi] == evidence:
            body = (html.escape(text[:lo]) + "<mark>" + html.escape(text[lo:hi]) + "</mark>"
                    + html.escape(text[hi:]))
        else:
            body = "<mark>" + html.escape(evidence) + "</mark>"
    else:
        body = "<mark>" + html.escape(evidence) + "</mark>"
    where = f"section: {esc(section) if section else '(before any heading)'} &middot; clause {clause_id}"
    where += f" &middot; characters {start}\u2013{end}"
    if isinstance(rule, str) and rule:
        where += f" &middot; rule <code>{html.escape(rule)}</code>"
    return f'<blockquote>{body}</blockquote><div class="meta">{where}</div>'
