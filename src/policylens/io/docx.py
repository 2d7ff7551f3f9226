"""Word (DOCX) to text with structure, through python-docx.

The body is read in document order, paragraphs and tables alike: paragraphs styled "Title" or
"Heading N" become headings (level 1 for the title, N below it), paragraphs bold from end to end
and short become headings below the styled ones (as in HTML), paragraphs styled as lists ("List
Bullet", "List Number 2"...) or starting with a bullet become list items, and every table row
becomes a ``table_row`` block with its cells joined by a tab. Page headers and footers live
outside the body and so never reach the text. The title is the document's ``Title`` property.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from policylens.errors import PolicyLoadError
from policylens.io.blocks import TextBuilder
from policylens.policy import Block

_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list(?:\s+(?:bullet|number|continue|paragraph))?(?:\s+(\d))?$", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[•◦▪●○■□‣⁃\-–*]|\(?(?:\d{1,3}|[a-z])[.)])\s+")


def _paragraph_block(paragraph) -> tuple[str, str, int]:
    """(text, kind, level) of a python-docx paragraph."""
    text = paragraph.text.replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(line for line in lines if line)
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower() == "title":
        return text, "heading", 1
    m = _HEADING_STYLE.match(style)
    if m:
        return text, "heading", min(int(m.group(1)) + 1, 6)
    m = _LIST_STYLE.match(style)
    if m and style.lower() != "list paragraph" or _BULLET.match(text):
        return text, "item", int(m.group(1)) if m and m.group(1) else 1
    if style.lower() == "list paragraph":
        return text, "item", 1
    runs = [run for run in paragraph.runs if run.text.strip()]
    if runs and all(run.bold for run in runs) and "\n" not in text and len(text) <= 120 \
            and text[-1:] not in ".,;":
        return text, "heading", 7
    return text, "paragraph", 0


def docx_text(raw: bytes, path: str | Path = "<docx>") -> tuple[str, tuple[Block, ...], str]:
    """``(text, blocks, title)`` of a DOCX file's bytes.

    Parameters
    ----------
    raw : bytes
        The file's bytes.
    path : str or Path, default="<docx>"
        The name error messages give.

    Returns
    -------
    text : str
    blocks : tuple of Block
        Headings, paragraphs, list items and table rows, as offsets in ``text``.
    title : str
        The document's title property ('' when none).

    Raises
    ------
    PolicyLoadError
        The file is not a readable Word document.

    Examples
    --------
    >>> import io, docx
    >>> document = docx.Document()
    >>> _ = document.add_heading("Privacy Notice", level=0)
    >>> _ = document.add_paragraph("We collect your e-mail address.")
    >>> buffer = io.BytesIO()
    >>> document.save(buffer)
    >>> text, blocks, title = docx_text(buffer.getvalue())
    >>> text
    'Privacy Notice\\n\\nWe collect your e-mail address.'
    >>> [(b.kind, b.level) for b in blocks]
    [('heading', 1), ('paragraph', 0)]
    """
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 - zipfile, lxml and python-docx raise many types
        raise PolicyLoadError(path, f"cannot read the Word document ({type(exc).__name__}: {exc})"[:300]) from None
    out = TextBuilder()
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text, kind, level = _paragraph_block(item)
            out.add(text, kind, level)
        elif isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                out.add("\t".join(cells), "table_row", 0)
    title = (document.core_properties.title or "").strip()
    text, blocks = out.result()
    return text, blocks, title
