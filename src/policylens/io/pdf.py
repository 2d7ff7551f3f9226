"""PDF to text with structure, through pdfplumber.

pdfplumber (on pdfminer.six) gives every word with its font, size and position, and finds ruled
tables; pypdf's text extraction is faster but has neither, so headings and tables would be lost
(``benchmarks/io_formats.py`` times both). From the words:

- *lines* are words sharing a baseline; lines inside a table's box become the table's rows
  (cells joined by a tab);
- *page furniture* goes: a line in the top or bottom margin that repeats on at least half of the
  pages (digits ignored, so "Page 3 of 9" repeats) or that is only a page number;
- *headings* are lines set larger than the body text (levels by size), or bold short lines
  without final punctuation;
- *list items* start with a bullet or a number/letter marker; their wrapped lines join them;
- *paragraphs* are runs of body lines without a wide vertical gap; a word hyphenated at a line
  end ("inter-" / "national") is joined.

Offsets index the extracted text. A PDF whose pages hold no text (a scan) raises
:class:`~policylens.errors.PolicyLoadError` naming the file.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from policylens.errors import PolicyLoadError
from policylens.io.blocks import TextBuilder
from policylens.policy import Block

#: top/bottom share of the page where running headers and footers live
MARGIN = 0.09
#: a margin line on at least this share of the pages is a running header/footer
REPEAT_SHARE = 0.5
#: a line this much larger than the body text is a heading
HEADING_SCALE = 1.12
_BULLET = re.compile(r"^(?:[•◦▪▫●○■□‣⁃∙·\-–—*]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)])\s+")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$", re.IGNORECASE)
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_HYPHEN_END = re.compile(r"[A-Za-zÀ-ÿ]-$")


@dataclass(slots=True)
class _Line:
    page: int
    top: float
    bottom: float
    x0: float
    text: str
    size: float
    bold: bool
    table: int = -1  # index of the table (per page) the line belongs to, -1 if none


def _lines(words: list[dict], page: int) -> list[_Line]:
    """Words grouped into lines (same baseline within a fraction of the font size)."""
    lines: list[_Line] = []
    current: list[dict] = []
    for word in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
        if current and abs(word["bottom"] - current[-1]["bottom"]) > 0.4 * max(word["size"], 1):
            lines.append(_make_line(current, page))
            current = []
        current.append(word)
    if current:
        lines.append(_make_line(current, page))
    return lines


def _make_line(words: list[dict], page: int) -> _Line:
    words = sorted(words, key=lambda w: w["x0"])
    sizes = Counter()
    for w in words:
        sizes[round(w["size"], 1)] += len(w["text"])
    return _Line(page=page, top=min(w["top"] for w in words), bottom=max(w["bottom"] for w in words),
                 x0=words[0]["x0"], text=" ".join(w["text"] for w in words),
                 size=sizes.most_common(1)[0][0],
                 bold=all(_BOLD.search(w.get("fontname") or "") for w in words))


def _furniture(pages: list[list[_Line]], heights: list[float]) -> set[tuple[int, int]]:
    """(page, line index) of running headers, footers and page numbers."""
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", " ".join(text.lower().split()))

    in_margin: list[list[tuple[int, str]]] = []
    counts: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        found = [(i, key(line.text)) for i, line in enumerate(lines)
                 if line.bottom <= MARGIN * height or line.top >= (1 - MARGIN) * height]
        in_margin.append(found)
        counts.update({k for _, k in found})
    doomed: set[tuple[int, int]] = set()
    many = len(pages) >= 2
    for page, found in enumerate(in_margin):
        for i, k in found:
            line = pages[page][i]
            if _PAGE_NUMBER.match(line.text.strip()) or (many and counts[k] >= max(2, REPEAT_SHARE * len(pages))):
                doomed.add((page, i))
    return doomed


def _join(previous: str, line: str) -> str:
    """Append a wrapped line, joining a word hyphenated at the line end."""
    if _HYPHEN_END.search(previous) and line[:1].islower():
        return previous[:-1] + line
    return f"{previous} {line}"


def _heading_levels(lines: list[_Line], body: float) -> dict[float, int]:
    sizes = sorted({line.size for line in lines if line.size >= body * HEADING_SCALE}, reverse=True)
    return {size: min(i + 1, 6) for i, size in enumerate(sizes)}


def _is_bold_heading(line: _Line) -> bool:
    text = line.text.strip()
    return line.bold and len(text) <= 120 and text[-1:] not in ".,;" and not _BULLET.match(text)


def pdf_text(raw: bytes, path: str | Path = "<pdf>") -> tuple[str, tuple[Block, ...], str]:
    """``(text, blocks, title)`` of a PDF file's bytes.

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    path : str or Path, default="<pdf>"
        The name error messages give.

    Returns
    -------
    text : str
    blocks : tuple of Block
    title : str
        The document's title property ('' when none).

    Raises
    ------
    PolicyLoadError
        The PDF cannot be parsed (broken, encrypted) or has no text layer (scanned pages).

    Examples
    --------
    >>> from fpdf import FPDF
    >>> doc = FPDF()
    >>> doc.add_page()
    >>> doc.set_font("Helvetica", "B", 18)
    >>> _ = doc.cell(0, 10, "Privacy Notice", new_x="LMARGIN", new_y="NEXT")
    >>> doc.set_font("Helvetica", "", 11)
    >>> _ = doc.multi_cell(0, 6, "We collect your e-mail address.")
    >>> text, blocks, title = pdf_text(bytes(doc.output()))
    >>> text
    'Privacy Notice\\n\\nWe collect your e-mail address.'
    >>> [b.kind for b in blocks]
    ['heading', 'paragraph']
    """
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types for broken files
        raise PolicyLoadError(path, f"cannot read the PDF ({type(exc).__name__}: {exc})"[:300]) from None
    try:
        title = str((pdf.metadata or {}).get("Title") or "").strip()
        pages: list[list[_Line]] = []
        tables: list[list[list[str]]] = []
        heights: list[float] = []
        for number, page in enumerate(pdf.pages):
            words = page.extract_words(extra_attrs=["fontname", "size"], use_text_flow=False)
            # ruled tables need drawn lines or boxes: a page without any has none to find
            found = page.find_tables() if (page.lines or page.rects or page.edges) else []
            lines = _lines(words, number)
            for t_index, table in enumerate(found):
                x0, top, x1, bottom = table.bbox
                for line in lines:
                    if top - 1 <= line.top and line.bottom <= bottom + 1 and line.x0 >= x0 - 1:
                        line.table = len(tables) + t_index
            tables.extend([[" ".join((cell or "").split()) for cell in row] for row in t.extract()]
                          for t in found)
            pages.append(lines)
            heights.append(float(page.height))
    except PolicyLoadError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise PolicyLoadError(path, f"cannot read the PDF ({type(exc).__name__}: {exc})"[:300]) from None
    finally:
        pdf.close()
    if not any(line.text.strip() for lines in pages for line in lines):
        raise PolicyLoadError(path, "the PDF has no text layer (scanned pages?): run OCR on it first")
    doomed = _furniture(pages, heights)
    body_lines = [line for p, lines in enumerate(pages) for i, line in enumerate(lines)
                  if (p, i) not in doomed]
    weights: Counter[float] = Counter()
    for line in body_lines:
        if line.table < 0:
            weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0] if weights else 0.0
    levels = _heading_levels([ln for ln in body_lines if ln.table < 0], body)
    out = TextBuilder()
    para: list[str] = []
    para_kind = ("paragraph", 0)
    last: _Line | None = None
    emitted_tables: set[int] = set()

    def flush() -> None:
        nonlocal para
        if para:
            text = para[0]
            for line in para[1:]:
                text = _join(text, line)
            out.add(text, *para_kind)
        para = []

    for line in body_lines:
        text = " ".join(line.text.split())
        if line.table >= 0:
            flush()
            if line.table not in emitted_tables:
                emitted_tables.add(line.table)
                for row in tables[line.table]:
                    out.add("\t".join(cell for cell in row if cell), "table_row", 0)
            last = line
            continue
        gap = (line.top - last.bottom) if last is not None and last.page == line.page else 0.0
        if line.size in levels or (_is_bold_heading(line) and line.size >= body):
            level = levels.get(line.size, 7)
            if para and para_kind[0] == "heading" and para_kind[1] == level and gap < line.size:
                para.append(text)  # a heading wrapped over two lines
            else:
                flush()
                para, para_kind = [text], ("heading", level)
        elif _BULLET.match(text):
            flush()
            para, para_kind = [text], ("item", 1)
        elif para and para_kind[0] != "heading" and gap <= 0.9 * max(line.size, 1) and (
                para_kind[0] != "item" or line.x0 > (last.x0 if last else 0) - 1):
            para.append(text)  # a wrapped line of the same paragraph or item
        else:
            flush()
            para, para_kind = [text], ("paragraph", 0)
        last = line
    flush()
    text, blocks = out.result()
    return text, blocks, title
