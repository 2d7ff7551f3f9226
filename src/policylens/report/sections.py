"""The report's sections, in order: the one list every renderer (HTML, Excel, CSV, terminal)
walks. To add a section, add a table to ``ComparisonReport`` (a cached property built by a pure
function) and one :class:`Section` here; renderers pick it up by its ``kind``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SECTIONS", "Section", "section"]


@dataclass(frozen=True)
class Section:
    """One table of the report.

    Parameters
    ----------
    key : str
        The report attribute holding the table (also the sheet / CSV file name and the HTML
        anchor).
    title : str
    kind : str, default="table"
        ``"matrix"`` (bool policy x id, one column per vocabulary id of ``aspect``; cells link to
        their evidence), ``"table"`` (a frame shown as is) or the name of a section with its own
        layout (``"policies"``, ``"retention"``, ``"children"``, ``"coverage"``, ``"findings"``).
    aspect : str, default=""
        The findings aspect behind a matrix.
    only_used : bool, default=False
        Show only the columns some policy has (long vocabularies such as laws).
    chart : str, default=""
        Name of the ``policylens.report.plotting`` function that draws it ('' for none).
    intro : str, default=""
    html : str, default=""
        For a section with its own HTML, ``"module:function"`` of a function ``frame -> str``
        returning an HTML fragment in which every piece of policy text is already escaped (it is
        inserted as is).

    Examples
    --------
    >>> from policylens.report.sections import SECTIONS
    >>> [s.key for s in SECTIONS][:3]
    ['policies', 'rights', 'transfers']
    >>> rights = SECTIONS[1]
    >>> rights.kind, rights.aspect, rights.chart
    ('matrix', 'right', 'matrix_heatmap')
    """

    key: str
    title: str
    kind: str = "table"
    aspect: str = ""
    only_used: bool = False
    chart: str = ""
    intro: str = ""
    html: str = ""


SECTIONS: list[Section] = [
    Section("policies", "Policies", "policies",
            intro="One column per policy; every fact links to the sentence that states it."),
    Section("rights", "User rights", "matrix", "right", chart="matrix_heatmap",
            intro="Rights each policy tells its users they have, or explains how to exercise."),
    Section("transfers", "Transfer mechanisms", "matrix", "transfer_mechanism",
            chart="matrix_heatmap",
            intro="Safeguards each policy names for sending personal data abroad."),
    Section("legal_bases", "Legal bases", "matrix", "legal_basis", chart="matrix_heatmap",
            intro="Lawful grounds for processing (GDPR Art. 6) each policy relies on."),
    Section("laws", "Laws cited", "matrix", "law", only_used=True, chart="matrix_heatmap",
            intro="Laws some policy cites (laws no policy cites are left out)."),
    Section("destinations", "Transfer destinations", "matrix", "transfer_destination",
            only_used=True, intro="Countries and regions each policy says data goes to."),
    Section("data_collected", "Personal data collected", "matrix", "data_collected",
            chart="matrix_heatmap", intro="Categories of personal data each policy says it collects."),
    Section("data_disclosed", "Personal data disclosed", "matrix", "data_disclosed", only_used=True,
            intro="Categories each policy says it discloses to others for a business purpose."),
    Section("data_sold_shared", "Personal data sold or shared", "matrix", "data_sold_shared",
            only_used=True, intro="Categories each policy says it sells or shares (CCPA sense)."),
    Section("ccpa_categories", "CCPA categories per context", "table",
            intro="The CCPA statutory categories collected, disclosed and sold/shared, side by side."),
    Section("purposes", "Purposes", "matrix", "purpose", chart="matrix_heatmap",
            intro="Why each policy says it processes personal data."),
    Section("recipients", "Recipients", "matrix", "recipient", chart="matrix_heatmap",
            intro="Kinds of recipient each policy says receive personal data."),
    Section("data_sources", "Sources of personal data", "matrix", "data_source",
            intro="Where each policy says personal data comes from."),
    Section("data_flows", "Data flows", "table",
            intro="A category tied to a purpose or recipient in one sentence, list item or table row."),
    Section("retention", "Retention periods", "retention", "retention", chart="retention_chart",
            intro="How long each policy says it keeps which data."),
    Section("children", "Children", "children", "child_age", chart="child_age_chart",
            intro="The minimum age each policy sets, other ages it mentions, and parental consent."),
    Section("coverage", "Taxonomy coverage", "coverage", chart="coverage_chart",
            intro="How many clauses of each policy fall in each category of the taxonomy."),
    Section("compliance", "Compliance checklist", "table", html="policylens.compliance.render:html_body",
            intro="GDPR / UK GDPR Art. 13-14 and CCPA/CPRA items per policy: status, citation, evidence, "
                  "and what was looked for when an item is missing."),
    Section("findings", "Findings", "findings",
            intro="Every extracted finding with the sentence it comes from."),
]


def section(key: str) -> Section:
    """The section with attribute ``key``.

    Parameters
    ----------
    key : str

    Returns
    -------
    section : Section

    Raises
    ------
    KeyError
        There is no such section.

    Examples
    --------
    >>> from policylens.report.sections import section
    >>> section("laws").only_used
    True
    """
    for entry in SECTIONS:
        if entry.key == key:
            return entry
    raise KeyError(key)
