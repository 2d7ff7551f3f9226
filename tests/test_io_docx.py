"""DOCX loading (policylens.io.docx): fixtures are generated here with python-docx from text
written here."""

from __future__ import annotations

import io

import docx
import pytest

import policylens as pl
from policylens.errors import PolicyLoadError
from policylens.io.docx import docx_text


def make_docx(title: str = "", header: str = "Example Ltd - confidential") -> bytes:
    document = docx.Document()
    document.add_heading("Privacy Notice", level=0)
    document.add_heading("1. What we collect", level=1)
    document.add_paragraph("We collect your name and e-mail address when you open an account.")
    document.add_paragraph("Your name", style="List Bullet")
    document.add_paragraph("Your postal address", style="List Bullet 2")
    document.add_paragraph("Your order history", style="List Number")
    document.add_heading("1.1 Cookies", level=2)
    document.add_paragraph("We use cookies to keep you signed in.")
    label = document.add_paragraph()
    label.add_run("Your rights").bold = True
    document.add_paragraph("You may ask us for a copy of your data at any time.")
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([("Data", "Kept for"), ("Logs", "30 days"), ("Orders", "6 years")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("Contact us at privacy@example.com.")
    document.sections[0].header.paragraphs[0].text = header
    document.sections[0].footer.paragraphs[0].text = "Page 1"
    if title:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def parsed():
    return docx_text(make_docx(title="Example Ltd Privacy Notice"))


def test_structure_from_styles(parsed):
    text, blocks, title = parsed
    got = [(b.kind, b.level, text[b.start:b.end]) for b in blocks]
    assert got == [
        ("heading", 1, "Privacy Notice"),
        ("heading", 2, "1. What we collect"),
        ("paragraph", 0, "We collect your name and e-mail address when you open an account."),
        ("item", 1, "Your name"),
        ("item", 2, "Your postal address"),
        ("item", 1, "Your order history"),
        ("heading", 3, "1.1 Cookies"),
        ("paragraph", 0, "We use cookies to keep you signed in."),
        ("heading", 7, "Your rights"),
        ("paragraph", 0, "You may ask us for a copy of your data at any time."),
        ("table_row", 0, "Data\tKept for"),
        ("table_row", 0, "Logs\t30 days"),
        ("table_row", 0, "Orders\t6 years"),
        ("paragraph", 0, "Contact us at privacy@example.com."),
    ]
    assert title == "Example Ltd Privacy Notice"


def test_page_headers_and_footers_are_not_text(parsed):
    text, _, _ = parsed
    assert "confidential" not in text and "Page 1" not in text


def test_load_docx_end_to_end(tmp_path):
    path = tmp_path / "3.docx"
    path.write_bytes(make_docx())
    policy = pl.load(path)
    assert policy.format == "docx" and policy.name == "Privacy Notice" and policy.language == "en"
    clauses = pl.segment(policy)
    assert all(policy.text[s:e] == t for s, e, t in zip(clauses["start"], clauses["end"], clauses["text"], strict=True))
    rows = clauses[clauses["text"] == "Your name"]
    assert len(rows) == 1 and rows["section"].iloc[0].endswith("1. What we collect")


@pytest.mark.parametrize("data", [b"PK\x03\x04not a zip", b"PK\x03\x04" + bytes(300)])
def test_broken_docx_is_a_load_error(tmp_path, data):
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(PolicyLoadError, match="cannot read the Word document") as info:
        pl.load(path)
    assert info.value.path == str(path)


def test_empty_docx_is_a_load_error(tmp_path):
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    path = tmp_path / "empty.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(PolicyLoadError, match="no text"):
        pl.load(path)
