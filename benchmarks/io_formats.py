"""PDF readers compared on generated documents: pypdf's text extraction against pdfplumber's words
(which policylens.io.pdf uses), same run.

The documents are generated here with fpdf2 from text written here (a policy of ``--sections``
sections with sized and bold headings, bullet lists, a ruled table, running headers/footers and
hyphenated line ends). Reported per reader: seconds per document, and whether the output keeps
what policylens needs: headings as blocks, the table as tab-separated rows, joined hyphenation,
no running header/footer::

    PYTHONPATH=src python benchmarks/io_formats.py --sections 40 --repeat 3
"""

from __future__ import annotations

import argparse
import io
import sys
import time

from fpdf import FPDF

BODY = ("We collect your name and e-mail address when you open an account, and we use them to "
        "run the service you asked for. ")


class _Doc(FPDF):
    def header(self):
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, "Example Ltd - Privacy Notice", align="C")
        self.ln(8)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, f"Page {self.page_no()}", align="C")


def make(sections: int) -> bytes:
    doc = _Doc()
    doc.add_page()
    doc.set_font("Helvetica", "B", 20)
    doc.cell(0, 12, "Privacy Notice", new_x="LMARGIN", new_y="NEXT")
    for i in range(1, sections + 1):
        doc.set_font("Helvetica", "B", 14)
        doc.cell(0, 10, f"{i}. Section {i}", new_x="LMARGIN", new_y="NEXT")
        doc.set_font("Helvetica", "", 11)
        doc.multi_cell(0, 6, BODY * 4 + "Our partners are inter-\nnational.", new_x="LMARGIN", new_y="NEXT")
        doc.multi_cell(0, 6, "- Your name\n- Your postal address", new_x="LMARGIN", new_y="NEXT")
    with doc.table() as table:
        for row in [("Data", "Kept for"), ("Logs", "30 days")]:
            cells = table.row()
            for value in row:
                cells.cell(value)
    return bytes(doc.output())


def with_pypdf(raw: bytes) -> str:
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(raw)).pages)


def with_policylens(raw: bytes) -> str:
    from policylens.io.pdf import pdf_text

    return pdf_text(raw)[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sections", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    raw = make(args.sections)
    for name, fn in (("pypdf", with_pypdf), ("pdfplumber (policylens.io.pdf)", with_policylens)):
        fn(raw)  # imports and warm-up
        best = min(_time(fn, raw) for _ in range(args.repeat))
        text = fn(raw)
        checks = {
            "table row 'Data\\tKept for'": "Data\tKept for" in text,
            "hyphenation joined": "international" in text,
            "running header dropped": "Example Ltd - Privacy Notice" not in text,
            "page numbers dropped": "Page 2" not in text,
        }
        print(f"{name:32} {best:6.3f} s/document  " + "  ".join(f"{k}: {v}" for k, v in checks.items()))
    return 0


def _time(fn, raw: bytes) -> float:
    t0 = time.perf_counter()
    fn(raw)
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
