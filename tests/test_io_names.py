"""The product a policy covers (policylens.io.names): read from the document, never from the
file name; unknown is None. Every document here is composed for the test."""

from __future__ import annotations

import io

import docx
import pytest
from fpdf import FPDF

import policylens as pl
from policylens.cli import render_text
from policylens.io.names import document_product, product_in_text, product_in_title
from policylens.resources import load_data

BODY = "We collect your e-mail address when you sign up, and we keep it while your account is open."
RULES = load_data("document_names.yaml")["statements"]


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_statement_rule_examples(rule):
    assert rule["examples"], rule["id"]
    for example in rule["examples"]:
        assert product_in_text(example["text"]) == example["product"], (rule["id"], example)
        if example["product"]:  # a positive example holds one of the rule's keywords
            assert any(k.lower() in example["text"].lower() for k in rule["keywords"]), example


def test_rule_ids_are_unique():
    ids = [r["id"] for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("title", "product"), [
    ("Acme Notes Privacy Policy | Pinecrest Labs Ltd", "Acme Notes"),
    ("Privacy Policy | Quillfeather", "Quillfeather"),
    ("Privacy Notice for the Orbit Budget App", "Orbit Budget"),
    ("Tallyho's Privacy Policy", "Tallyho"),
    ("Privacy Policy: Harborview", "Harborview"),
    ("Terms of Use, Privacy Policy, and Disclaimer | Saltmarsh Radio", "Saltmarsh Radio"),
    ("Privacy Policy (EU) - Driftwood Tickets", "Driftwood Tickets"),
    ("Internet Advertising Privacy Policy | Quillfeather.example", "Quillfeather.example"),
    # unknown stays unknown
    ("Privacy Policy", None),
    ("PRIVACY NOTICE", None),
    ("Privacy Policy | Pinecrest Labs Ltd", None),   # a legal entity: the organisation
    ("Privacy Policy – Last updated March 3, 2024", None),
    ("Privacy Notice for EU Residents", None),
    ("Privacy Center - Home", None),
    ("Privacy Policy - What We Do", None),
])
def test_product_in_title(title, product):
    assert product_in_title(title) == product


def test_a_statement_outranks_the_title_which_outranks_heading_and_site():
    statement = "This Privacy Policy applies to the Brightpath Tutor app. " + BODY
    assert document_product(text=statement, title="Privacy | Brightpath Inc.",
                            site="Brightpath") == "Brightpath Tutor"
    assert document_product(text=BODY, title="Orbit Budget Privacy Policy",
                            first_heading="Quillfeather Privacy", site="Harborview") == "Orbit Budget"
    assert document_product(text=BODY, title="Privacy Policy", first_heading="Quillfeather Privacy",
                            site="Harborview") == "Quillfeather"
    assert document_product(text=BODY, title="Privacy Policy", site="Harborview") == "Harborview"
    assert document_product(text=BODY, title="Privacy Policy", site="Harborview Ltd") is None


def test_statement_only_near_the_top():
    far = "\n\n".join([BODY] * 60) + "\n\nThis Privacy Policy applies to the Brightpath Tutor app."
    assert product_in_text(far) is None
    assert product_in_text("This Privacy Policy applies to the Brightpath Tutor app.\n\n" + BODY) \
        == "Brightpath Tutor"


def test_a_heading_that_asks_is_no_statement():
    text = "HOW DOES THIS PRIVACY POLICY APPLY TO OTHER SITES AND SERVICES?\n\n" + BODY
    assert product_in_text(text) is None
    text = "Where This Policy Applies\n\nThroughout this notice, we explain our practices."
    assert product_in_text(text) is None


# -- loading: every format reads the product from the document ------------------------------------

def test_html_title_site_name_and_heading(tmp_path):
    page = tmp_path / "1.html"
    page.write_text("<html><head><title>Privacy Policy | Lanternfish Maps</title>"
                    "<meta property='og:site_name' content='Lanternfish'></head>"
                    f"<body><h1>Privacy Policy</h1><p>{BODY}</p></body></html>", encoding="utf-8")
    assert pl.load(page).product == "Lanternfish Maps"
    page.write_text("<html><head><title>Privacy Policy</title>"
                    "<meta property='og:site_name' content='Lanternfish'></head>"
                    f"<body><h1>Privacy Policy</h1><p>{BODY}</p></body></html>", encoding="utf-8")
    assert pl.load(page).product == "Lanternfish"
    page.write_text(f"<html><body><h1>Driftwood Radio Privacy Notice</h1><p>{BODY}</p></body></html>",
                    encoding="utf-8")
    assert pl.load(page).product == "Driftwood Radio"


def test_html_statement_in_the_text(tmp_path):
    page = tmp_path / "2.html"
    page.write_text("<title>Privacy Policy</title><h1>Privacy Policy</h1>"
                    "<p>This Privacy Policy applies to your use of the Orbit Budget mobile app.</p>"
                    f"<p>{BODY}</p>", encoding="utf-8")
    assert pl.load(page).product == "Orbit Budget"


def test_plain_text_and_markdown(tmp_path):
    md = tmp_path / "policy.md"
    md.write_text(f"# Tallyho Planner Privacy Policy\n\n{BODY}\n", encoding="utf-8")
    assert pl.load(md).product == "Tallyho Planner"
    txt = tmp_path / "3.txt"
    txt.write_text('Privacy Policy\n\nPinecrest Labs Ltd operates the Tallyho Planner application '
                   f'(the "App").\n\n{BODY}\n', encoding="utf-8")
    assert pl.load(txt).product == "Tallyho Planner"


def test_never_from_the_file_name(tmp_path):
    txt = tmp_path / "quillfeather-notes-privacy.txt"
    txt.write_text(f"Privacy Policy\n\n{BODY}\n", encoding="utf-8")
    policy = pl.load(txt)
    assert policy.name == "quillfeather-notes-privacy"  # a person's file name may name it...
    assert policy.product is None  # ...but never says what product it covers


def test_pdf_metadata_title(tmp_path):
    doc = FPDF()
    doc.set_title("Saltmarsh Radio Privacy Notice")
    doc.add_page()
    doc.set_font("Helvetica", "B", 16)
    doc.cell(0, 10, "Privacy Notice", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 11)
    doc.multi_cell(0, 6, BODY)
    path = tmp_path / "4.pdf"
    path.write_bytes(bytes(doc.output()))
    assert pl.load(path).product == "Saltmarsh Radio"


def test_docx_title_property_and_unknown(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Privacy Policy | Harborview Tickets"
    document.add_heading("Privacy Policy", level=1)
    document.add_paragraph(BODY)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "5.docx"
    path.write_bytes(buffer.getvalue())
    assert pl.load(path).product == "Harborview Tickets"
    document.core_properties.title = "Privacy Policy"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    assert pl.load(path).product is None


# -- shown where the report shows the policy ---------------------------------------------------

def _report():
    known = pl.load_text("<title>Lanternfish Maps Privacy Policy</title><h1>Privacy</h1>"
                         f"<p>{BODY} You may ask us to delete your data.</p>", id="lantern", format="html")
    unknown = pl.load_text(f"{BODY} You may ask us to delete your data.", id="plain")
    return pl.compare([known, unknown])


def test_policies_table_product_is_na_when_unknown():
    report = _report()
    assert report.policies.at["lantern", "product"] == "Lanternfish Maps"
    assert report.policies["product"].isna().tolist() == [False, True]
    assert [i["product"] for i in report.summary()["inputs"]] == ["Lanternfish Maps", None]


def test_html_report_and_terminal_show_the_product(tmp_path):
    report = _report()
    page = report.to_html(tmp_path / "r.html").read_text(encoding="utf-8")
    assert "(product: Lanternfish Maps)" in page  # the inputs list
    assert '<small class="product">&middot; Lanternfish Maps</small>' in page  # evidence heading
    assert page.count("Lanternfish Maps") >= 3  # + the policies table
    text = render_text(report)
    facts = text.split("Facts", 1)[1].split("User rights", 1)[0]
    assert "product" in facts and "Lanternfish Maps" in facts


def test_exports_list_the_product_with_the_inputs(tmp_path):
    import csv as csv_module

    import openpyxl

    report = _report()
    report.to_csv(tmp_path / "csv")
    with (tmp_path / "csv" / "inputs.csv").open(encoding="utf-8-sig", newline="") as fh:  # BOM for Excel
        rows = {r["policy"]: r for r in csv_module.DictReader(fh)}
    assert rows["lantern"]["product"] == "Lanternfish Maps" and rows["plain"]["product"] == ""
    book = openpyxl.load_workbook(report.to_excel(tmp_path / "r.xlsx"))
    sheet = book["inputs"]
    header = [c.value for c in sheet[1]]
    values = [row[header.index("product")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == ["Lanternfish Maps", None]
