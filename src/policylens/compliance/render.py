"""Renderings of a compliance checklist: terminal text, JSON, JUnit XML, styled scorecards and
an HTML section. They take the checklist table (``checklist.COMPLIANCE_COLUMNS``) and never the
report object. Policy text is untrusted: HTML goes through ``html.escape`` and XML through
ElementTree's escaping.
"""

from __future__ import annotations

import html
import json
import xml.etree.ElementTree as ET
from functools import cache
from typing import TYPE_CHECKING, Any

import pandas as pd

from policylens.compliance.catalogue import catalogue
from policylens.compliance.checklist import MARKS, scorecard

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

#: background per status in styled scorecards
COLOURS = {"addressed": "#c8e6c9", "missing": "#ffcdd2", "not_applicable": "#eeeeee"}
_CONTROL = {**dict.fromkeys(range(32), " "), 127: " ", **dict.fromkeys(range(0x80, 0xA0), " ")}


def _clean(text: Any, width: int | None = None) -> str:
    """One line of text without control characters (policy text may hold any), cut to ``width``."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    out = " ".join(str(text).translate(_CONTROL).split())
    if width is not None and len(out) > width:
        out = out[: width - 1] + "\u2026"
    return out


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def to_text(table: pd.DataFrame, width: int = 90) -> str:
    """The checklist for a terminal.

    Per policy and regime, one line per requirement (mark, id, citation) and an indented line
    with the evidence (addressed) or the note.

    Parameters
    ----------
    table : DataFrame
        The checklist.
    width : int, default=90
        Longest evidence or note shown, in characters.

    Returns
    -------
    text : str

    Examples
    --------
    >>> rows = pd.DataFrame({"policy": ["p"], "regime": ["ccpa"], "requirement": ["verification"],
    ...     "citation": ["Regs 7060"], "status": ["missing"], "mandatory": [True], "evidence": [""],
    ...     "clause_id": [pd.NA], "note": ["looked for how requests are verified"]})
    >>> print(to_text(rows))
    p - ccpa: 0 of 1 applicable items addressed
      \u2717 verification  [Regs 7060]
          looked for how requests are verified
    """
    lines: list[str] = []
    for (policy, regime), rows in table.groupby(["policy", "regime"], sort=False):
        applicable = rows["status"].isin(["addressed", "missing"]).sum()
        addressed = (rows["status"] == "addressed").sum()
        lines.append(f"{_clean(policy)} - {regime}: {addressed} of {applicable} applicable items addressed")
        for row in rows.itertuples():
            lines.append(f"  {MARKS[row.status]} {row.requirement}  [{row.citation}]")
            if row.status == "addressed":
                where = f"clause {int(row.clause_id)}: " if not pd.isna(row.clause_id) else ""
                lines.append(f"      {where}\u201c{_clean(row.evidence, width)}\u201d")
            else:
                lines.append(f"      {_clean(row.note, width + 60)}")
    return "\n".join(lines)


def to_json(table: pd.DataFrame) -> str:
    """The checklist rows as a JSON array of objects (NA as null).

    Parameters
    ----------
    table : DataFrame
        The checklist (``COMPLIANCE_COLUMNS``).

    Returns
    -------
    json : str

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.compliance.command import check_policies
    >>> table = check_policies([pl.Policy(id="acme", text="You may request erasure of your data.")],
    ...                        regimes="gdpr", as_of="2025-06-30")
    >>> import json
    >>> from policylens.compliance.render import to_json
    >>> rows = json.loads(to_json(table))
    >>> erasure = next(r for r in rows if r["requirement"] == "right_erasure")
    >>> erasure["status"], erasure["evidence"], rows[0]["clause_id"]
    ('addressed', 'erasure of your data', None)
    """
    records = [{k: _plain(v) for k, v in row.items()} for row in table.to_dict("records")]
    return json.dumps(records, ensure_ascii=False, indent=1)


def to_junit(table: pd.DataFrame) -> str:
    """JUnit XML for CI: a testsuite per (policy, regime), a testcase per requirement.

    Missing items are failures (message: the note), not-applicable items are skipped,
    addressed items pass with their evidence in system-out.

    Parameters
    ----------
    table : DataFrame
        The checklist.

    Returns
    -------
    xml : str

    Examples
    --------
    >>> rows = pd.DataFrame({"policy": ["p"], "regime": ["gdpr"], "requirement": ["complaint"],
    ...     "citation": ["Art. 77"], "status": ["missing"], "mandatory": [True], "evidence": [""],
    ...     "clause_id": [pd.NA], "note": ["looked for a complaint right"]})
    >>> "<failure" in to_junit(rows)
    True
    """
    root = ET.Element("testsuites", name="policylens check")
    total = failures = skipped = 0
    for (policy, regime), rows in table.groupby(["policy", "regime"], sort=False):
        suite = ET.SubElement(root, "testsuite", name=f"{_clean(policy)} {regime}")
        n_fail = n_skip = 0
        for row in rows.itertuples():
            case = ET.SubElement(suite, "testcase", name=str(row.requirement),
                                 classname=f"{_clean(policy)}.{regime}")
            ET.SubElement(case, "properties")
            props = case.find("properties")
            ET.SubElement(props, "property", name="citation", value=_clean(row.citation))
            if row.status == "missing":
                n_fail += 1
                ET.SubElement(case, "failure", message=_clean(row.note, 500), type="missing").text = \
                    f"{row.requirement} [{_clean(row.citation)}]: {_clean(row.note)}"
            elif row.status == "not_applicable":
                n_skip += 1
                ET.SubElement(case, "skipped", message=_clean(row.note, 500))
            else:
                where = "" if pd.isna(row.clause_id) else f"clause {int(row.clause_id)}: "
                ET.SubElement(case, "system-out").text = where + _clean(row.evidence)
        suite.set("tests", str(len(rows)))
        suite.set("failures", str(n_fail))
        suite.set("skipped", str(n_skip))
        suite.set("errors", "0")
        total, failures, skipped = total + len(rows), failures + n_fail, skipped + n_skip
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("skipped", str(skipped))
    root.set("errors", "0")
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


# --------------------------------------------------------------------------------------------
# HTML


@cache
def _stable_styler() -> type[Styler]:
    from pandas.io.formats.style import Styler

    class ScorecardStyler(Styler):
        """A Styler whose text repr names its table (no memory address), so stored notebook
        outputs stay the same between runs."""

        def __repr__(self) -> str:
            rows, cols = self.data.shape
            return f"<Styler {self.uuid}: {rows} rows x {cols} columns>"

    return ScorecardStyler


def style_scorecard(card: pd.DataFrame, uuid: str = "policylens-scorecard") -> Styler:
    """The scorecard with ✓ / ✗ / – marks, coloured by status, a fixed uuid and every label escaped.

    Parameters
    ----------
    card : DataFrame
        ``scorecard(table, regime)``.
    uuid : str, default="policylens-scorecard"
        The Styler's uuid (stable HTML ids).

    Returns
    -------
    styler : pandas.io.formats.style.Styler

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.compliance.command import check_policies
    >>> table = check_policies([pl.Policy(id="acme", text="You may request erasure of your data.")],
    ...                        regimes="gdpr", as_of="2025-06-30")
    >>> from policylens.compliance import scorecard
    >>> from policylens.compliance.render import style_scorecard
    >>> styler = style_scorecard(scorecard(table, "gdpr"))
    >>> styler
    <Styler policylens-scorecard: 1 rows x 24 columns>
    >>> "✓" in styler.to_html()
    True
    """

    def fmt(value: Any) -> str:
        if isinstance(value, str) and value in MARKS:
            return MARKS[value]
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            return "\u2013"
        if isinstance(value, float):
            return f"{value:.0%}"
        return html.escape(str(value))

    def colour(value: Any) -> str:
        return f"background-color: {COLOURS[value]};" if isinstance(value, str) and value in COLOURS else ""

    styler = _stable_styler()(card, uuid=uuid).format(fmt).format_index(
        lambda v: html.escape(str(v)), axis=0).format_index(lambda v: html.escape(str(v)), axis=1)
    return styler.map(colour).set_table_styles([
        {"selector": "th", "props": "font-weight: 600; padding: 2px 6px;"},
        {"selector": "td", "props": "padding: 2px 6px; text-align: center;"},
        {"selector": "th.col_heading", "props": "writing-mode: vertical-rl; transform: rotate(180deg);"},
    ])


def html_body(table: pd.DataFrame, regimes: list[str] | None = None, *,
              uuid_prefix: str = "policylens-compliance") -> str:
    """The compliance section's content, as HTML.

    Per regime, the policies x requirements heatmap, then each policy's gaps (missing items)
    with their citations and what was looked for. Policy ids and notes are escaped.

    Parameters
    ----------
    table : DataFrame
        The checklist.
    regimes : list of str, default=None
        The regimes shown, in order (``None``: those of ``table``).
    uuid_prefix : str, default="policylens-compliance"
        Prefix of the heatmaps' Styler uuids.

    Returns
    -------
    html : str

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.compliance.command import check_policies
    >>> table = check_policies([pl.Policy(id="acme", text="You may request erasure of your data.")],
    ...                        regimes="gdpr", as_of="2025-06-30")
    >>> from policylens.compliance.render import html_body
    >>> html = html_body(table)
    >>> "<h3>GDPR Art. 13-14 (information to be provided)</h3>" in html, "<h4>acme: " in html
    (True, True)
    """
    regimes = regimes or list(dict.fromkeys(table["regime"]))
    parts = ["<p>\u2713 addressed &middot; \u2717 missing &middot; \u2013 not applicable; score = share "
             "of applicable items addressed.</p>"]
    for regime in regimes:
        mine = table[table["regime"] == regime]
        if not len(mine):
            continue
        parts.append(f"<h3>{html.escape(catalogue(regime).title)}</h3>")
        parts.append(style_scorecard(scorecard(table, regime), f"{uuid_prefix}-{regime}").to_html())
        for policy, rows in mine.groupby("policy", sort=False):
            gaps = rows[rows["status"] == "missing"]
            parts.append(f"<h4>{html.escape(str(policy))}: {len(gaps)} gap{'s' if len(gaps) != 1 else ''}</h4>")
            if len(gaps):
                parts.append("<ul>")
                for row in gaps.itertuples():
                    parts.append(f"<li><b>{html.escape(str(row.title or row.requirement))}</b> "
                                 f"<small>({html.escape(str(row.citation))})</small>: "
                                 f"{html.escape(_clean(row.note))}</li>")
                parts.append("</ul>")
    return "\n".join(parts)


def html_section(table: pd.DataFrame, regimes: list[str] | None = None, *,
                 uuid_prefix: str = "policylens-compliance") -> str:
    """:func:`html_body` in a ``<section>`` with a heading (for a standalone page).

    Parameters
    ----------
    table : DataFrame
    regimes : list of str, default=None
    uuid_prefix : str, default="policylens-compliance"

    Returns
    -------
    html : str

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.compliance.command import check_policies
    >>> table = check_policies([pl.Policy(id="acme", text="You may request erasure of your data.")],
    ...                        regimes="gdpr", as_of="2025-06-30")
    >>> from policylens.compliance.render import html_section
    >>> html_section(table).splitlines()[:2]
    ["<section class='policylens-compliance'>", '<h2>Compliance checklists</h2>']
    """
    return ("<section class='policylens-compliance'>\n<h2>Compliance checklists</h2>\n"
            + html_body(table, regimes, uuid_prefix=uuid_prefix) + "\n</section>")
