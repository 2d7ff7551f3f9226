"""PDF loading (policylens.io.pdf): fixtures are generated here with fpdf2 from text written here."""

from __future__ import annotations

import pytest
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

import policylens as pl
from policylens.errors import PolicyLoadError
from policylens.io.pdf import pdf_text

BODY = ("We collect your name and e-mail address when you open an account, and we use them to "
        "run the service you asked for. ")


class _Doc(FPDF):
    running_header = "Example Ltd - Privacy Notice"

    def header(self):
        if self.running_header:
            self.set_font("Helvetica", "", 8)
            self.cell(0, 6, self.running_header, align="C")
            self.ln(8)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def make_pdf(*, sections: int = 4, title: str = "", header: str | None = "Example Ltd - Privacy Notice",
             extra=None) -> bytes:
    doc = _Doc()
    doc.running_header = header
    if title:
        doc.set_title(title)
    doc.alias_nb_pages()
    doc.add_page()
    doc.set_font("Helvetica", "B", 20)
    doc.cell(0, 12, "Privacy Notice", new_x="LMARGIN", new_y="NEXT")
    for i in range(1, sections + 1):
        doc.set_font("Helvetica", "B", 14)
        doc.cell(0, 10, f"{i}. Section {i}", new_x="LMARGIN", new_y="NEXT")
        doc.set_font("Helvetica", "", 11)
        doc.multi_cell(0, 6, BODY * 5)
        doc.ln(3)
        doc.multi_cell(0, 6, "- Your name\n- Your postal address")
        doc.ln(3)
    if extra:
        extra(doc)
    return bytes(doc.output())


def _hyphens_and_table(doc: FPDF) -> None:
    doc.set_font("Helvetica", "B", 11)
    doc.cell(0, 8, "Retention", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 11)
    doc.multi_cell(0, 6, "This word is hyphen-\nated across lines and this one is inter-\nnational.")
    doc.ln(2)
    with doc.table() as table:
        for row in [("Data", "Kept for"), ("Logs", "30 days"), ("Orders", "6 years")]:
            cells = table.row()
            for value in row:
                cells.cell(value)


@pytest.fixture(scope="module")
def policy_pdf() -> bytes:
    return make_pdf(extra=_hyphens_and_table)


def blocks_of(text, blocks):
    return [(b.kind, b.level, text[b.start:b.end]) for b in blocks]


def test_headings_by_size_and_weight(policy_pdf):
    text, blocks, _ = pdf_text(policy_pdf)
    got = blocks_of(text, blocks)
    assert got[0] == ("heading", 1, "Privacy Notice")
    assert ("heading", 2, "1. Section 1") in got and ("heading", 2, "4. Section 4") in got
    assert ("heading", 7, "Retention") in got  # bold at body size: below the sized headings


def test_lists_tables_and_paragraphs(policy_pdf):
    text, blocks, _ = pdf_text(policy_pdf)
    got = blocks_of(text, blocks)
    assert got.count(("item", 1, "- Your name")) == 4
    assert ("table_row", 0, "Data\tKept for") in got and ("table_row", 0, "Orders\t6 years") in got
    paragraphs = [t for k, _, t in got if k == "paragraph"]
    assert (BODY * 5).strip() in paragraphs  # wrapped lines joined into one paragraph


def test_hyphenated_words_are_joined(policy_pdf):
    text, _, _ = pdf_text(policy_pdf)
    assert "This word is hyphenated across lines and this one is international." in text


def test_running_headers_footers_and_page_numbers_are_dropped(policy_pdf):
    text, _, _ = pdf_text(policy_pdf)
    assert "Example Ltd - Privacy Notice" not in text
    assert "Page 1 of" not in text and "Page 2 of" not in text


def test_a_paragraph_across_a_page_break_is_one_block():
    def long_paragraph(doc: FPDF) -> None:
        doc.set_font("Helvetica", "", 11)
        doc.multi_cell(0, 6, BODY * 40)

    text, blocks, _ = pdf_text(make_pdf(sections=1, extra=long_paragraph))
    assert (BODY * 40).strip() in [text[b.start:b.end] for b in blocks]


def test_scanned_pdf_without_text_is_refused_naming_the_file(tmp_path):
    doc = FPDF()
    doc.add_page()
    doc.rect(20, 20, 100, 50, style="F")  # an image-like page: drawing, no text
    path = tmp_path / "scan.pdf"
    path.write_bytes(bytes(doc.output()))
    with pytest.raises(PolicyLoadError, match="no text layer") as info:
        pl.load(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize("data", [b"%PDF-1.7\nbroken", b"%PDF-1.4\n" + bytes(range(256)) * 4])
def test_broken_pdf_is_a_load_error(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(PolicyLoadError, match="cannot read the PDF"):
        pl.load(path)


def test_load_pdf_end_to_end(tmp_path, policy_pdf):
    path = tmp_path / "7.pdf"
    path.write_bytes(make_pdf(title="Example Ltd Privacy Notice"))
    policy = pl.load(path)
    assert policy.format == "pdf" and policy.name == "Example Ltd Privacy Notice"
    assert policy.language == "en"
    clauses = pl.segment(policy)
    assert (clauses["text"] == [policy.text[s:e] for s, e in zip(clauses["start"], clauses["end"], strict=True)]).all()
    assert "1. Section 1" in set(clauses["section"])
    extensionless = tmp_path / "policy"
    extensionless.write_bytes(policy_pdf)
    assert pl.load(extensionless).format == "pdf"


def test_name_falls_back_to_the_first_heading(tmp_path, policy_pdf):
    path = tmp_path / "1.pdf"
    path.write_bytes(policy_pdf)
    assert pl.load(path).name == "Privacy Notice"


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(["heading", "para", "item"]), min_size=1, max_size=8))
def test_block_offsets_index_the_text(shape):
    def body(doc: FPDF) -> None:
        for i, kind in enumerate(shape):
            if kind == "heading":
                doc.set_font("Helvetica", "B", 16)
                doc.cell(0, 10, f"Heading {i}", new_x="LMARGIN", new_y="NEXT")
            elif kind == "item":
                doc.set_font("Helvetica", "", 11)
                doc.multi_cell(0, 6, f"- item {i}")
            else:
                doc.set_font("Helvetica", "", 11)
                doc.multi_cell(0, 6, f"Paragraph {i}. " + BODY)
            doc.ln(4)

    text, blocks, _ = pdf_text(make_pdf(sections=0, header=None, extra=body))
    position = 0
    for block in blocks:
        assert position <= block.start < block.end <= len(text)
        assert text[block.start:block.end].strip()
        position = block.end
    for i, kind in enumerate(shape):
        assert (f"Heading {i}" if kind == "heading" else f"item {i}" if kind == "item" else f"Paragraph {i}.") in text
