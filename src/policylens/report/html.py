"""The HTML report of a comparison: one self-contained page rendered by jinja2 from the plain
summary ``ComparisonReport.summary()`` returns (this module never sees the report object).

Policy text is untrusted: the template autoescapes every value (nothing is marked safe), and a
Content-Security-Policy forbids scripts and remote content as a second line of defence. Charts are
PNGs inlined as ``data:`` URIs, each with alt text that states what it shows.
"""

from __future__ import annotations

import base64
import io
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from policylens.report import plotting
from policylens.report.formatting import NO, UNKNOWN, YES, display, format_period, is_missing
from policylens.report.glossary import ASPECT_TITLES, label, term, terms
from policylens.report.tables import CONFLICT_ROLE

__all__ = ["render_html", "write_html"]

TEMPLATE = "report.html.j2"
#: no scripts, no remote anything: only inline styles and the embedded PNG charts
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
NOT_ANALYSED = "not analysed"
#: the columns of the policies table shown in the HTML report (the exports have all of them)
HTML_FACTS = ("name", "organisation", "product", "source", "language", "last_updated", "n_clauses",
              "n_findings", "sells_data", "shares_for_ads", "breach_notice_hours", "response_days",
              "has_dpo", "min_child_age", "contact_emails", "third_party_services")
#: facts that are read from the text (shown as "not analysed" for a policy in another language)
#: -> the findings aspect (and role) whose sentences support them
FACT_EVIDENCE: dict[str, tuple[str, str]] = {
    "last_updated": ("last_updated", ""),
    "sells_data": ("sells_data", ""),
    "shares_for_ads": ("shares_for_ads", ""),
    "breach_notice_hours": ("breach_notice_hours", ""),
    "response_days": ("response_days", ""),
    "has_dpo": ("has_dpo", ""),
    "min_child_age": ("child_age", "minimum_age"),
    "contact_emails": ("contact_email", ""),
    "third_party_services": ("third_party_service", ""),
}
#: a matrix with at most this many policies is drawn ids down, policies across (reads best)
TRANSPOSE_UP_TO = 12

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:80rem;
 padding:1rem 1.5rem 3rem;color:#1d2430;line-height:1.45}
h1{margin:.4rem 0 .2rem}h2{margin-top:2.4rem;border-bottom:1px solid #d8dee6;padding-bottom:.2rem}
h3{margin:1.4rem 0 .4rem}
.meta,.intro,.note,figcaption,footer,.top{color:#4f5b68;font-size:.9rem}
.warn{background:#fff4d6;border-left:4px solid #d89b00;padding:.4rem .8rem;margin:.6rem 0}
.warn ul{margin:.2rem 0}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
.tablewrap{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;margin:.6rem 0;font-size:.85rem;max-width:100%}
th,td{border:1px solid #d8dee6;padding:.2rem .5rem;vertical-align:top;overflow-wrap:anywhere}
thead th{background:#f3f5f8;text-align:left}
tbody th{background:#fafbfc;text-align:left;font-weight:600;min-width:9rem}
table.matrix td{text-align:center;min-width:5rem}
td.yes{background:#cfe3f5}td.yes a{text-decoration:none;color:#14456e;font-weight:700}
td.na{color:#8a6d00;font-style:italic}
td.conflict{background:#fde2e1;color:#8a1c14;font-weight:600}td.conflict a{font-weight:400}
[title]{text-decoration-line:underline;text-decoration-style:dotted;text-decoration-color:#9aa6b2}
td[title],th[title]{text-decoration:none}
figure.chart{margin:.8rem 0}figure.chart img{max-width:100%;height:auto;display:block}
blockquote.ev{border-left:3px solid #2b6ca3;margin:.5rem 0 .8rem;padding:.1rem .8rem}
blockquote.ev p{margin:.2rem 0;white-space:pre-wrap}
.num{color:#4f5b68;font-size:.8rem}
mark{background:#ffe58a}
ul.ev-index{columns:2;font-size:.9rem}
dl.glossary{display:grid;grid-template-columns:minmax(12rem,22rem) 1fr;gap:.2rem 1rem;font-size:.9rem}
dl.glossary dt{font-weight:600}dl.glossary dd{margin:0}
code{font-size:.8rem;color:#4f5b68}
"""


# --------------------------------------------------------------------------------------------
# view model: plain cells the template renders (it escapes every string)


@dataclass
class Cell:
    """One table cell of the HTML view model (the template escapes every string).

    Parameters
    ----------
    text : str, default=""
        What the cell shows.
    title : str, default=""
        Its tooltip.
    href : str, default=""
        A link (an evidence anchor), or ``""``.
    cls : str, default=""
        CSS class.
    links : list of dict, default=[]
        Further links shown after the text, each ``{"text": ..., "href": ...}`` (both sides of a
        conflicting fact).

    Examples
    --------
    >>> from policylens.report.html import Cell
    >>> Cell("\u2713", title="Erasure", href="#q-0-3", cls="yes")
    Cell(text='✓', title='Erasure', href='#q-0-3', cls='yes', links=[])
    """
    text: str = ""
    title: str = ""
    href: str = ""
    cls: str = ""
    links: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Table:
    """One HTML table of the view model: a header row and body rows of :class:`Cell`.

    Parameters
    ----------
    header : list of Cell
    rows : list of list of Cell
    cls : str, default=""
        CSS class.
    caption : str, default=""

    Examples
    --------
    >>> from policylens.report.html import Cell, Table
    >>> table = Table([Cell("policy"), Cell("erasure")], [[Cell("acme"), Cell("yes")]])
    >>> [c.text for c in table.rows[0]]
    ['acme', 'yes']
    """
    header: list[Cell]
    rows: list[list[Cell]]
    cls: str = ""
    caption: str = ""


@dataclass
class Chart:
    """A chart of the view model: an embedded image with its alternative text.

    Parameters
    ----------
    src : str
        The image as a ``data:`` URI (the report is one self-contained file).
    alt : str
        Alternative text.
    caption : str
    width, height : int
        Size in pixels.

    Examples
    --------
    >>> from policylens.report.html import Chart
    >>> Chart("data:image/png;base64,...", "User rights per policy", "", 640, 240).width
    640
    """
    src: str
    alt: str
    caption: str
    width: int
    height: int


@dataclass
class SectionView:
    """One section of the HTML page: title, intro, notes, chart and tables.

    Parameters
    ----------
    key : str
        The report attribute of the section (its anchor).
    title : str
    intro : str, default=""
    notes : list of str
    chart : Chart, default=None
    tables : list of Table
    empty : str, default=""
        The text shown when the section has no rows.
    fragment : object, default=None
        An HTML fragment a section renders itself (``Section.html``), escaped by its renderer.

    Examples
    --------
    >>> from policylens.report.html import SectionView
    >>> view = SectionView("rights", "User rights", empty="No right found.")
    >>> view.tables, view.chart is None
    ([], True)
    """
    key: str
    title: str
    intro: str = ""
    notes: list[str] = field(default_factory=list)
    chart: Chart | None = None
    tables: list[Table] = field(default_factory=list)
    empty: str = ""
    #: an HTML fragment a section renders itself (``Section.html``), escaped by its renderer
    fragment: Any = None


class Evidence:
    """Anchors of the evidence section.

    Each supporting clause is quoted once per policy; a finding (policy, aspect, value) links to
    its quote, or to its index row when several sentences support it. Anchors are made from
    positions, never from policy text.

    Parameters
    ----------
    findings : DataFrame
        With columns ``policy``, ``aspect``, ``value``, ``role`` and ``clause_id``.
    clauses : DataFrame
        The quoted clauses (``policy``, ``clause_id``) in quote order.
    ids : sequence of str
        The policy ids in report order.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.html import Evidence
    >>> clauses = pd.DataFrame({"policy": ["acme", "acme"], "clause_id": [2, 5]})
    >>> findings = pd.DataFrame({"policy": ["acme", "acme", "acme"], "aspect": ["right", "right", "law"],
    ...                          "value": ["erasure", "erasure", "gdpr"], "role": [None, None, None],
    ...                          "clause_id": [2, 5, 5]})
    >>> evidence = Evidence(findings, clauses, ["acme"])
    >>> evidence.quote_number
    {('acme', 2): 1, ('acme', 5): 2}
    >>> evidence.link("acme", "law", "gdpr"), evidence.link("acme", "right", "erasure")
    ('#q-0-5', '#f-0-0')
    """

    def __init__(self, findings: pd.DataFrame, clauses: pd.DataFrame, ids: Sequence[str]):
        self.ids = list(ids)
        self.position = {p: i for i, p in enumerate(self.ids)}
        # quotes are numbered [1], [2] ... within each policy, in text order
        self.quote_number: dict[tuple[str, int], int] = {}
        counts: dict[str, int] = {}
        for policy, clause_id in zip(clauses["policy"], clauses["clause_id"], strict=True):
            key = (str(policy), int(clause_id))
            if key not in self.quote_number:
                counts[key[0]] = counts.get(key[0], 0) + 1
                self.quote_number[key] = counts[key[0]]
        self.clauses_of: dict[tuple[str, str, str], list[int]] = {}
        self.role_clauses: dict[tuple[str, str, str], list[int]] = {}
        for policy, aspect, value, role, clause_id in zip(
                findings["policy"], findings["aspect"], findings["value"], findings["role"],
                findings["clause_id"], strict=True):
            value = "" if is_missing(value) else str(value)
            for table, key in ((self.clauses_of, (policy, aspect, value)),
                               (self.role_clauses, (policy, aspect, "" if is_missing(role) else role))):
                found = table.setdefault(key, [])
                if int(clause_id) not in found:
                    found.append(int(clause_id))
        self.index_keys = {key: n for n, key in enumerate(self.clauses_of)}

    def quote_anchor(self, policy: str, clause_id: int) -> str:
        """The anchor of a quoted clause: ``q-<policy position>-<clause id>``.

        Parameters
        ----------
        policy : str
        clause_id : int

        Returns
        -------
        anchor : str

        Examples
        --------
        >>> import pandas as pd
        >>> from policylens.report.html import Evidence
        >>> clauses = pd.DataFrame({"policy": ["acme", "acme"], "clause_id": [2, 5]})
        >>> findings = pd.DataFrame({"policy": ["acme", "acme", "acme"], "aspect": ["right", "right", "law"],
        ...                          "value": ["erasure", "erasure", "gdpr"], "role": [None, None, None],
        ...                          "clause_id": [2, 5, 5]})
        >>> evidence = Evidence(findings, clauses, ["acme"])
        >>> evidence.quote_anchor("acme", 5)
        'q-0-5'
        """
        return f"q-{self.position[policy]}-{clause_id}"

    def index_anchor(self, policy: str, aspect: str, value: str) -> str:
        """The anchor of a finding's row in the evidence index: ``f-<policy position>-<n>``.

        Parameters
        ----------
        policy, aspect, value : str
            The finding.

        Returns
        -------
        anchor : str

        Examples
        --------
        >>> import pandas as pd
        >>> from policylens.report.html import Evidence
        >>> clauses = pd.DataFrame({"policy": ["acme", "acme"], "clause_id": [2, 5]})
        >>> findings = pd.DataFrame({"policy": ["acme", "acme", "acme"], "aspect": ["right", "right", "law"],
        ...                          "value": ["erasure", "erasure", "gdpr"], "role": [None, None, None],
        ...                          "clause_id": [2, 5, 5]})
        >>> evidence = Evidence(findings, clauses, ["acme"])
        >>> evidence.index_anchor("acme", "law", "gdpr")
        'f-0-1'
        """
        return f"f-{self.position[policy]}-{self.index_keys[(policy, aspect, value)]}"

    def link(self, policy: str, aspect: str, value: str) -> str:
        """The href of the evidence of a finding (``''`` when there is none).

        The quote when one clause supports the finding, its index row when several do.

        Parameters
        ----------
        policy, aspect, value : str
            The finding.

        Returns
        -------
        href : str

        Examples
        --------
        >>> import pandas as pd
        >>> from policylens.report.html import Evidence
        >>> clauses = pd.DataFrame({"policy": ["acme", "acme"], "clause_id": [2, 5]})
        >>> findings = pd.DataFrame({"policy": ["acme", "acme", "acme"], "aspect": ["right", "right", "law"],
        ...                          "value": ["erasure", "erasure", "gdpr"], "role": [None, None, None],
        ...                          "clause_id": [2, 5, 5]})
        >>> evidence = Evidence(findings, clauses, ["acme"])
        >>> evidence.link("acme", "law", "gdpr"), evidence.link("acme", "right", "access")
        ('#q-0-5', '')
        """
        clauses = self.clauses_of.get((policy, aspect, value))
        if not clauses:
            return ""
        if len(clauses) == 1:
            return "#" + self.quote_anchor(policy, clauses[0])
        return "#" + self.index_anchor(policy, aspect, value)

    def aspect_link(self, policy: str, aspect: str, role: str = "") -> str:
        """The href of the first sentence supporting any finding of ``aspect`` (and ``role``).

        Parameters
        ----------
        policy, aspect : str
        role : str, default=""
            Only findings with this role (``""``: any finding of the aspect).

        Returns
        -------
        href : str
            ``''`` when there is none.

        Examples
        --------
        >>> import pandas as pd
        >>> from policylens.report.html import Evidence
        >>> clauses = pd.DataFrame({"policy": ["acme", "acme"], "clause_id": [2, 5]})
        >>> findings = pd.DataFrame({"policy": ["acme", "acme", "acme"], "aspect": ["right", "right", "law"],
        ...                          "value": ["erasure", "erasure", "gdpr"], "role": [None, None, None],
        ...                          "clause_id": [2, 5, 5]})
        >>> evidence = Evidence(findings, clauses, ["acme"])
        >>> evidence.aspect_link("acme", "right"), evidence.aspect_link("acme", "child_age")
        ('#q-0-2', '')
        """
        if role:
            clauses = self.role_clauses.get((policy, aspect, role))
        else:
            clauses = next((c for (p, a, _), c in self.clauses_of.items()
                            if p == policy and a == aspect), None)
        return "#" + self.quote_anchor(policy, clauses[0]) if clauses else ""


# --------------------------------------------------------------------------------------------
# rendering


def write_html(summary: Mapping[str, Any], path: str | os.PathLike) -> Path:
    """Write the self-contained HTML report of ``summary`` to ``path`` (parent folders made).

    Parameters
    ----------
    summary : mapping
        ``ComparisonReport.summary()``.
    path : str or path-like

    Returns
    -------
    path : Path
        The file written.

    Examples
    --------
    >>> import policylens as pl
    >>> report = pl.compare([pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme"),
    ...                      pl.load_text("You have the right to access your data under the GDPR.", id="beta")])
    >>> import pathlib, tempfile
    >>> from policylens.report.html import write_html
    >>> path = write_html(report.summary(), pathlib.Path(tempfile.mkdtemp()) / "r.html")
    >>> path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(summary), encoding="utf-8")
    return path


@cache
def _environment() -> Any:
    import jinja2

    # the template is package data (policylens/data/templates); autoescape on for every value
    return jinja2.Environment(loader=jinja2.PackageLoader("policylens", "data/templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=False, lstrip_blocks=False)


def render_html(summary: Mapping[str, Any]) -> str:
    """The HTML report of ``summary`` as a string.

    A header with the inputs and skipped files, one section per table with its chart, the
    evidence quotes and the glossary. Every piece of policy text is escaped.

    Parameters
    ----------
    summary : mapping
        ``ComparisonReport.summary()``.

    Returns
    -------
    html : str

    Examples
    --------
    >>> import policylens as pl
    >>> report = pl.compare([pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme"),
    ...                      pl.load_text("You have the right to access your data under the GDPR.", id="beta")])
    >>> from policylens.report.html import render_html
    >>> page = render_html(report.summary())
    >>> '<mark title="Erasure (user rights)">erasure of your data</mark>' in page, 'id="rights"' in page
    (True, True)
    """
    tables: Mapping[str, pd.DataFrame] = summary["tables"]
    policies: pd.DataFrame = tables["policies"]
    ids = [str(p) for p in policies.index]
    names = {i["policy"]: i["name"] for i in summary["inputs"]}
    products = {i["policy"]: i.get("product") for i in summary["inputs"]}
    findings = tables["findings"]
    conflicts = {(str(p), str(a)) for p, a, r in zip(findings["policy"], findings["aspect"],
                                                      findings["role"], strict=True)
                 if not is_missing(r) and r == CONFLICT_ROLE}
    analysed = {i["policy"]: i["analysed"] for i in summary["inputs"]}
    evidence = Evidence(tables["findings"], summary["clauses"], ids)
    context = _Context(ids, names, analysed, evidence, summary.get("vocabulary", {}), products,
                       conflicts)
    sections = []
    for section in summary["sections"]:
        build = _own_html if section.html else _BUILDERS.get(section.kind)
        if build is None or section.key not in tables:
            continue
        view = SectionView(section.key, section.title, section.intro)
        build(view, section, tables[section.key], context, tables)
        sections.append(view)
    page = _environment().get_template(TEMPLATE).render(
        csp=CSP, css=CSS, meta=summary["meta"], inputs=summary["inputs"], skipped=summary["skipped"],
        not_analysed=[{"name": names[i["policy"]], "language": i["language"]}
                      for i in summary["inputs"] if not i["analysed"]],
        sections=sections,
        evidence=_evidence_view(tables["findings"], summary["clauses"], context),
        glossary=_glossary_view(summary.get("vocabulary", {})))
    return page


@dataclass
class _Context:
    ids: list[str]
    names: dict[str, str]
    analysed: dict[str, bool]
    evidence: Evidence
    vocabulary: Mapping[str, Sequence[str]]
    products: Mapping[str, str | None] = field(default_factory=dict)
    #: (policy, fact) pairs the policy both affirms and denies
    conflicts: set[tuple[str, str]] = field(default_factory=set)

    def policy_header(self) -> list[Cell]:
        return [Cell(self.names.get(p, p), title=f"policy id: {p}" + (
            f" \u00b7 product: {self.products[p]}" if self.products.get(p) else "")) for p in self.ids]


def _term_cell(aspect: str, value: Any) -> Cell:
    found = term(aspect, str(value))
    return Cell(found.label, title=found.description or f"{aspect}: {value}")


# -- policies -----------------------------------------------------------------------------------


def _fact_text(fact: str, value: Any) -> str:
    if fact == "source":
        return Path(str(value)).name if not is_missing(value) and str(value) else UNKNOWN
    if isinstance(value, str) and fact in ("contact_emails", "third_party_services"):
        value = [v.strip() for v in value.split(";") if v.strip()]
    if fact == "third_party_services" and isinstance(value, list | tuple):
        value = [label("third_party_service", v) for v in value]
    if fact == "breach_notice_hours" and not is_missing(value):
        return f"{display(value)} hours"
    if fact == "response_days" and not is_missing(value):
        return f"{display(value)} days"
    return display(value)


def _policies(view: SectionView, section: Any, frame: pd.DataFrame, ctx: _Context,
              tables: Mapping[str, pd.DataFrame]) -> None:
    facts = [f for f in HTML_FACTS if f in frame.columns and f != "name"]
    rows = []
    for fact in facts:
        row = [_term_cell("fact", fact)]
        for policy in ctx.ids:
            value = frame.at[policy, fact]
            if fact in FACT_EVIDENCE and not ctx.analysed.get(policy, True):
                row.append(Cell(NOT_ANALYSED, cls="na"))
                continue
            if (policy, fact) in ctx.conflicts:
                row.append(_conflict_cell(policy, fact, ctx))
                continue
            cell = Cell(_fact_text(fact, value))
            if fact in FACT_EVIDENCE and not is_missing(value) and value != "":
                cell.href = ctx.evidence.aspect_link(policy, *FACT_EVIDENCE[fact])
                if cell.href:
                    cell.title = "see the sentence that states it"
            row.append(cell)
        rows.append(row)
    view.tables.append(Table([Cell("fact"), *ctx.policy_header()], rows, cls="facts"))
    for policy, fact in sorted(ctx.conflicts, key=lambda pf: (ctx.ids.index(pf[0]), pf[1])):
        view.notes.append(f"{ctx.names.get(policy, policy)}: {label('fact', fact)} is conflicting: "
                          "the policy says so in one place and denies it in another (both "
                          "statements are linked from its cell and quoted under Evidence).")


def _conflict_cell(policy: str, fact: str, ctx: _Context) -> Cell:
    """A fact the policy both affirms and denies: "conflicting", with a link to each side."""
    links = [{"text": text, "href": href} for text, value in (("says yes", "true"), ("says no", "false"))
             if (href := ctx.evidence.link(policy, fact, value))]
    return Cell("conflicting", title="the policy both says so and denies it: read both statements",
                cls="conflict", links=links)


# -- bool matrices --------------------------------------------------------------------------------


def _matrix(view: SectionView, section: Any, frame: pd.DataFrame, ctx: _Context,
            tables: Mapping[str, pd.DataFrame]) -> None:
    used = frame.loc[:, frame.any(axis=0)] if len(frame.columns) else frame
    shown = used if section.only_used else frame
    hidden = len(frame.columns) - len(shown.columns)
    if not len(shown.columns):
        view.empty = "None found in any policy."
        return
    if hidden:
        view.notes.append(f"{hidden} {'id' if hidden == 1 else 'ids'} of the vocabulary found in no "
                          "policy left out (see the glossary).")
    aspect = section.aspect

    def cell(policy: str, value: str, present: bool) -> Cell:
        if not ctx.analysed.get(policy, True):
            return Cell(NOT_ANALYSED, cls="na")
        if present:
            return Cell(YES, href=ctx.evidence.link(policy, aspect, value), cls="yes",
                        title=f"{label(aspect, value)}: see the evidence")
        return Cell("", title="not stated")

    if len(ctx.ids) <= TRANSPOSE_UP_TO:
        rows = [[_term_cell(aspect, value), *[cell(p, str(value), bool(shown.at[p, value]))
                                              for p in ctx.ids]] for value in shown.columns]
        view.tables.append(Table([Cell(""), *ctx.policy_header()],
                                 rows, cls="matrix"))
    else:
        header = [Cell("policy"), *[_term_cell(aspect, v) for v in shown.columns]]
        rows = [[Cell(ctx.names.get(p, p)), *[cell(p, str(v), bool(shown.at[p, v])) for v in shown.columns]]
                for p in ctx.ids]
        view.tables.append(Table(header, rows, cls="matrix"))
    if used.to_numpy().any() and section.chart:
        n_used = len(used.columns)
        view.chart = _chart(lambda ax: plotting.matrix_heatmap(
            used.rename(columns=lambda v: label(aspect, v), index=ctx.names), ax,
            title=section.title, legend=True), max(5.0, 0.42 * n_used + 3.5), 0.38 * len(used) + 2.2,
            alt=_matrix_alt(section.title, used, ctx, aspect),
            caption=f"{section.title}: a filled cell means the policy states it.")


def _matrix_alt(title: str, used: pd.DataFrame, ctx: _Context, aspect: str) -> str:
    parts = []
    for policy in used.index:
        have = [label(aspect, v) for v in used.columns if used.at[policy, v]]
        parts.append(f"{ctx.names.get(policy, policy)}: {', '.join(have) if have else 'none'}")
    return f"Chart of {title.lower()} by policy. " + "; ".join(parts) + "."


# -- retention, children, coverage -------------------------------------------------------------


def _retention(view: SectionView, section: Any, frame: pd.DataFrame, ctx: _Context,
               tables: Mapping[str, pd.DataFrame]) -> None:
    if not len(frame):
        view.empty = "No retention period found."
        return
    rows = []
    for policy, category, lo, hi, cond, clause_id, text in zip(
            frame["policy"], frame["data_category"], frame["min_days"], frame["max_days"],
            frame["condition"], frame["clause_id"], frame["evidence"], strict=True):
        href = "#" + ctx.evidence.quote_anchor(policy, int(clause_id))
        data = category if isinstance(category, str) and category.strip() else "(data not named)"
        rows.append([Cell(ctx.names.get(policy, policy)), Cell(data),
                     Cell(format_period(lo, hi, cond) or UNKNOWN),
                     Cell(display(text), href=href, title="see the whole sentence")])
    view.tables.append(Table([Cell("policy"), Cell("data"), Cell("period"), Cell("stated as")], rows))
    numeric = frame[frame["min_days"].notna() | frame["max_days"].notna()]
    if len(numeric):
        labelled = frame.assign(policy=frame["policy"].map(lambda p: ctx.names.get(p, p)))
        n_rows = len(plotting.retention_rows(labelled[labelled["min_days"].notna()
                                                       | labelled["max_days"].notna()]))
        counts = numeric.groupby("policy", sort=False).size()
        alt = ("Chart of stated retention periods on a logarithmic time axis from days to years. "
               + "; ".join(f"{ctx.names.get(p, p)}: {n} period{'s' if n != 1 else ''} with a length"
                           for p, n in counts.items()) + ".")
        view.chart = _chart(lambda ax: plotting.retention_chart(labelled, ax), 10.5,
                            max(2.6, 0.32 * min(n_rows, 60) + 2.0), alt=alt,
                            caption="Each bar is a stated period (a dot when it is a single value); "
                                    "colours are policies.")


def _tri(value: Any) -> str:
    if is_missing(value):
        return UNKNOWN
    return YES if bool(value) else NO


def _children(view: SectionView, section: Any, frame: pd.DataFrame, ctx: _Context,
              tables: Mapping[str, pd.DataFrame]) -> None:
    rows = []
    for policy in ctx.ids:
        if not ctx.analysed.get(policy, True):
            rows.append([Cell(ctx.names.get(policy, policy)),
                         *[Cell(NOT_ANALYSED, cls="na") for _ in range(5)]])
            continue
        r = frame.loc[policy]
        min_age = r["min_age"]
        rows.append([
            Cell(ctx.names.get(policy, policy)),
            Cell(display(min_age), href=ctx.evidence.aspect_link(policy, "child_age", "minimum_age")
                 if not is_missing(min_age) else ""),
            Cell(display(list(r["ages_mentioned"]))),
            Cell(", ".join(label("law", v) for v in r["laws"]) or UNKNOWN),
            Cell(_tri(r["parental_consent"]),
                 href=ctx.evidence.aspect_link(policy, "child_age", "parental_consent")),
            Cell(_tri(r["deletes_on_discovery"]),
                 href=ctx.evidence.aspect_link(policy, "child_age", "deletion_on_discovery")),
        ])
    header = [Cell("policy"), _term_cell("child_role", "minimum_age"),
              Cell("ages mentioned", title="every age threshold the policy states"),
              Cell("laws cited", title="laws cited in the sentences that state an age"),
              _term_cell("child_role", "parental_consent"),
              _term_cell("child_role", "deletion_on_discovery")]
    view.notes.append(f"{YES} stated, {NO} denied, {UNKNOWN} not stated.")
    view.tables.append(Table(header, rows))
    analysed = frame.loc[[p for p in ctx.ids if ctx.analysed.get(p, True)]]
    if len(analysed):
        stated = [f"{ctx.names.get(p, p)}: " + (f"minimum age {int(a)}" if not is_missing(a)
                                                 else "no minimum age stated")
                  for p, a in zip(analysed.index, analysed["min_age"], strict=True)]
        view.chart = _chart(lambda ax: plotting.child_age_chart(analysed.rename(index=ctx.names), ax),
                            8.5, 0.45 * len(analysed) + 2.0,
                            alt="Chart of the minimum age per policy against the reference ages 13, "
                                "16 and 18. " + "; ".join(stated) + ".",
                            caption="Filled dot: the policy's own minimum age; hollow dots: other "
                                    "ages it mentions; dashed lines: ages 13 (COPPA), 16 (GDPR "
                                    "Art. 8) and 18.")


def _coverage(view: SectionView, section: Any, frame: pd.DataFrame, ctx: _Context,
              tables: Mapping[str, pd.DataFrame]) -> None:
    if not len(frame.columns) or not frame.to_numpy().any():
        view.empty = "No clause categories (clauses were not classified)."
        return
    used = frame.loc[:, frame.sum(axis=0) > 0]
    rows = [[_term_cell("category", c), *[Cell(display(int(used.at[p, c]))) for p in ctx.ids]]
            for c in used.columns]
    view.tables.append(Table([Cell("category"), *ctx.policy_header()], rows, cls="counts"))
    top = {ctx.names.get(p, p): label("category", used.loc[p].idxmax()) for p in used.index
           if used.loc[p].sum()}
    view.chart = _chart(lambda ax: plotting.coverage_chart(
        used.rename(columns=lambda c: label("category", c), index=ctx.names), ax),
        max(6.0, 0.5 * len(used.columns) + 3.5), 0.45 * len(used) + 2.6,
        alt="Chart of clauses per taxonomy category and policy. Largest category: "
            + "; ".join(f"{p}: {c}" for p, c in top.items()) + ".",
        caption="Numbers are clause counts; the shade is the category's share of the policy's clauses.")


def _table_section(view: SectionView, section: Any, frame: pd.DataFrame, ctx: _Context,
                   tables: Mapping[str, pd.DataFrame]) -> None:
    """A section added as a plain table (``Section(kind="table")``): index first, values as
    people write them."""
    if not len(frame):
        view.empty = "Nothing found."
        return
    index_name = frame.index.name or ""
    header = [Cell(str(index_name)), *[Cell(str(c)) for c in frame.columns]]
    rows = [[Cell(ctx.names.get(str(i), str(i))), *[Cell(display(v)) for v in row]]
            for i, row in zip(frame.index, frame.itertuples(index=False, name=None), strict=True)]
    view.tables.append(Table(header, rows))


def _own_html(view: SectionView, section: Any, frame: pd.DataFrame, ctx: _Context,
              tables: Mapping[str, pd.DataFrame]) -> None:
    """A section that renders its table itself (``Section.html = "module:function"``)."""
    import importlib

    from markupsafe import Markup

    module, _, name = section.html.partition(":")
    render = getattr(importlib.import_module(module), name)
    if not len(frame):
        view.empty = "Nothing to show."
        return
    # the section's renderer escapes every piece of policy text it writes (its contract)
    view.fragment = Markup(render(frame))


_BUILDERS: dict[str, Callable[..., None]] = {
    "policies": _policies,
    "matrix": _matrix,
    "retention": _retention,
    "children": _children,
    "coverage": _coverage,
    "table": _table_section,
}


# -- evidence and glossary -----------------------------------------------------------------------


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """``text`` cut into plain and marked pieces; overlapping spans merge into one mark whose
    title names every finding it supports."""
    spans = sorted((max(0, lo), min(len(text), hi), what) for lo, hi, what in spans if hi > lo)
    merged: list[list[Any]] = []
    for lo, hi, what in spans:
        if merged and lo < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
            if what not in merged[-1][2]:
                merged[-1][2].append(what)
        else:
            merged.append([lo, hi, [what]])
    out, pos = [], 0
    for lo, hi, whats in merged:
        if lo > pos:
            out.append({"text": text[pos:lo], "mark": False, "title": ""})
        out.append({"text": text[lo:hi], "mark": True, "title": "; ".join(whats)})
        pos = hi
    if pos < len(text):
        out.append({"text": text[pos:], "mark": False, "title": ""})
    return out


#: findings aspects that fill a policy fact (one-to-many: a fact lists the aspect's values)
FACT_OF_ASPECT = {aspect: fact for fact, (aspect, _) in FACT_EVIDENCE.items() if aspect != "child_age"}


def _finding_label(aspect: str, value: str, role: str, condition: str,
                   vocabulary: Mapping[str, Sequence[str]]) -> str:
    """How a finding reads in the evidence index: 'Erasure (user rights)', 'Sells data: no',
    'Minimum age: 13', 'Retention: as long as necessary'."""
    if aspect == "retention":
        return f"Retention: {condition.replace('_', ' ')}" if condition else "Retention period"
    if aspect == "child_age":
        if role in ("parental_consent", "deletion_on_discovery"):
            return label("child_role", role)
        return f"{label('child_role', role) if role else 'Age'}: {value}"
    if aspect in FACT_OF_ASPECT:
        shown = {"true": "yes", "false": "no"}.get(value, value)
        if aspect == "third_party_service":
            shown = label(aspect, value)
        return f"{label('fact', FACT_OF_ASPECT[aspect])}: {shown}" if shown else label(
            "fact", FACT_OF_ASPECT[aspect])
    if aspect == "transfer_destination":
        return f"{label(aspect, value)} (transfer destination)"
    group = ASPECT_TITLES.get(aspect, aspect.replace("_", " ")).lower()
    return f"{label(aspect, value)} ({group})" if value else group


def _evidence_view(findings: pd.DataFrame, clauses: pd.DataFrame, ctx: _Context) -> list[dict]:
    out = []
    by_clause = {(str(p), int(c)): (s, t, int(st)) for p, c, s, t, st in zip(
        clauses["policy"], clauses["clause_id"], clauses["section"], clauses["text"], clauses["start"],
        strict=True)}
    for index, policy in enumerate(ctx.ids):
        mine = findings[findings["policy"] == policy]
        name = ctx.names.get(policy, policy)
        if not ctx.analysed.get(policy, True):
            out.append({"index": index, "name": name, "product": ctx.products.get(policy),
                        "index_rows": [], "quotes": [],
                        "empty": "Not analysed (not written in English)."})
            continue
        spans: dict[int, list[tuple[int, int, str]]] = {}
        supports: dict[int, list[str]] = {}
        labels: dict[tuple[str, str], str] = {}
        for aspect, value, role, cond, clause_id, start, end in zip(
                mine["aspect"], mine["value"], mine["role"], mine["condition"], mine["clause_id"],
                mine["start"], mine["end"], strict=True):
            value = "" if is_missing(value) else str(value)
            text = _finding_label(aspect, value, "" if is_missing(role) else str(role),
                                  "" if is_missing(cond) else str(cond), ctx.vocabulary)
            labels.setdefault((aspect, value), text)
            clause = by_clause.get((policy, int(clause_id)))
            offset = clause[2] if clause else 0
            spans.setdefault(int(clause_id), []).append((int(start) - offset, int(end) - offset, text))
            if text not in supports.setdefault(int(clause_id), []):
                supports[int(clause_id)].append(text)
        quotes = []
        for clause_id in sorted(spans):
            clause = by_clause.get((policy, clause_id))
            if clause is None:
                continue
            section, text, _ = clause
            quotes.append({
                "anchor": ctx.evidence.quote_anchor(policy, clause_id),
                "number": ctx.evidence.quote_number[(policy, clause_id)],
                "segments": _segments(str(text), spans[clause_id]),
                "where": f"section: {section}" if isinstance(section, str) and section
                         else "before any heading",
                "supports": "; ".join(supports[clause_id]),
            })
        index_rows = []
        for (p, aspect, value), clause_ids in ctx.evidence.clauses_of.items():
            if p != policy:
                continue
            index_rows.append({
                "anchor": ctx.evidence.index_anchor(policy, aspect, value),
                "label": labels.get((aspect, value), value),
                "title": term(aspect, value).description,
                "links": [{"href": ctx.evidence.quote_anchor(policy, c),
                           "text": f"[{ctx.evidence.quote_number.get((policy, c), '?')}]"}
                          for c in clause_ids],
            })
        out.append({"index": index, "name": name, "product": ctx.products.get(policy),
                    "index_rows": index_rows, "quotes": quotes,
                    "empty": "No finding."})
    return out


def _glossary_view(vocabulary: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    groups = []
    for aspect, title in ASPECT_TITLES.items():
        written = terms(aspect)
        ids = list(vocabulary.get(aspect, ())) or list(written)
        ids += [i for i in written if i not in ids]
        groups.append({"title": title, "terms": [
            {"anchor": f"g-{aspect}-{n}", "id": i, "label": term(aspect, i).label,
             "description": term(aspect, i).description} for n, i in enumerate(ids)]})
    return groups


# -- charts ----------------------------------------------------------------------------------------


def _chart(draw: Callable[[Any], Any], width: float, height: float, *, alt: str,
           caption: str) -> Chart:
    """Draw on a pyplot-free Figure; the PNG is inlined as base64."""
    from matplotlib.figure import Figure

    dpi = 96
    fig = Figure(figsize=(width, height), layout="constrained")
    draw(fig.add_subplot())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return Chart(f"data:image/png;base64,{data}", alt, caption, int(width * dpi), int(height * dpi))
