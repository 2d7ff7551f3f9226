"""HTML to text with structure: the visible text of a page plus the blocks its markup declares.

The standard library's tolerant ``html.parser`` is used (no network, no C build needed, and it
copes with truncated or broken markup). Script, style, navigation and other invisible content is
dropped; headings, paragraphs, list items and table rows become blocks whose offsets index the
returned text. Inline whitespace is collapsed as a browser would; ``<br>`` becomes a newline.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from policylens.policy import Block

# Content that is never policy text.
_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "head", "iframe", "object",
         "canvas", "select", "button", "math"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Tags whose start or end closes the current block of inline text.
_BLOCK = {"p", "div", "section", "article", "main", "aside", "header", "footer", "blockquote",
          "pre", "ul", "ol", "dl", "dt", "dd", "li", "table", "thead", "tbody", "tfoot", "tr",
          "td", "th", "caption", "form", "fieldset", "legend", "figure", "figcaption", "address",
          "details", "summary", "body", "html", "center", "hr", *_HEADINGS}
_BOLD = {"b", "strong"}
_WS = re.compile(r"\s+")


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []  # pieces of the output text
        self.length = 0
        self.blocks: list[Block] = []
        self.skip_depth = 0
        self.skip_stack: list[str] = []
        self.list_depth = 0
        self.heading_level = 0
        self.in_item = 0
        self.row_cells: list[str] | None = None
        self.cell: list[str] | None = None
        self.buf: list[str] = []  # inline text of the current block
        self.bold_depth = 0
        self.bold_chars = 0
        self.pre_depth = 0

    # --- output ----------------------------------------------------------------------------
    def _emit_block(self, text: str, kind: str, level: int) -> None:
        if not text.strip():
            return
        if self.parts:
            sep = "\n" if kind in ("item", "table_row") and self.blocks and \
                self.blocks[-1].kind == kind else "\n\n"
            self.parts.append(sep)
            self.length += len(sep)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.blocks.append(Block(kind=kind, start=start, end=self.length, level=level))

    def _flush(self) -> None:
        if self.cell is not None:  # inside a table cell: text goes to the cell
            return
        raw = "".join(self.buf)
        self.buf = []
        bold_all = self.bold_chars and self.bold_chars >= len(_WS.sub("", raw))
        self.bold_chars = 0
        text = self._clean(raw)
        if not text:
            return
        if self.heading_level:
            self._emit_block(text, "heading", self.heading_level)
        elif self.in_item:
            self._emit_block(text, "item", self.list_depth)
        elif bold_all and "\n" not in text and len(text) <= 120:
            # A paragraph that is bold from end to end reads as a heading below h6.
            self._emit_block(text, "heading", 7)
        else:
            self._emit_block(text, "paragraph", 0)

    def _clean(self, raw: str) -> str:
        if self.pre_depth:
            return raw.strip("\n")
        lines = [_WS.sub(" ", line).strip() for line in raw.split("\n")]
        return "\n".join(line for line in lines if line)

    # --- parser callbacks ------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs) -> None:
        if self.skip_depth:
            if tag in _SKIP and tag not in _VOID:
                self.skip_depth += 1
                self.skip_stack.append(tag)
            return
        if tag in _SKIP:
            self.skip_depth = 1
            self.skip_stack = [tag]
            return
        if "hidden" in dict(attrs) or ("aria-hidden", "true") in attrs:
            if tag not in _VOID:
                self.skip_depth = 1
                self.skip_stack = [tag]
            return
        if tag == "br":
            (self.cell if self.cell is not None else self.buf).append("\n")
            return
        if tag in ("td", "th") and self.row_cells is not None:
            self._end_cell()  # an unclosed previous cell ends here
            self.cell = []
            return
        if tag == "tr" and self.row_cells is not None:
            self._end_row()  # unclosed or nested row: emit what we have, never drop it
        if tag in _BLOCK:
            self._flush()
        if tag in _HEADINGS:
            self.heading_level = _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self.list_depth += 1
        elif tag in ("li", "dt", "dd"):
            self.in_item += 1
        elif tag == "tr":
            self.row_cells = []
        elif tag == "pre":
            self.pre_depth += 1
        elif tag in _BOLD:
            self.bold_depth += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" and not self.skip_depth:
            (self.cell if self.cell is not None else self.buf).append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            if tag in self.skip_stack:
                # close up to the matching tag (tolerates unclosed inner tags)
                while self.skip_stack:
                    self.skip_depth -= 1
                    if self.skip_stack.pop() == tag:
                        break
                if not self.skip_stack:
                    self.skip_depth = 0
            return
        if tag in ("td", "th") and self.cell is not None:
            self._end_cell()
            return
        if tag == "tr" and self.row_cells is not None:
            self._end_row()
            return
        if tag == "table" and self.row_cells is not None:
            self._end_row()
        if tag in _BLOCK:
            self._flush()
        if tag in _HEADINGS:
            self.heading_level = 0
        elif tag in ("ul", "ol"):
            self.list_depth = max(0, self.list_depth - 1)
        elif tag in ("li", "dt", "dd"):
            self.in_item = max(0, self.in_item - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in _BOLD:
            self.bold_depth = max(0, self.bold_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if not self.pre_depth:
            # a newline in the markup is just whitespace; only <br> breaks a line
            data = data.replace("\n", " ")
        if self.cell is not None:
            self.cell.append(data)
            return
        self.buf.append(data)
        if self.bold_depth:
            self.bold_chars += len(_WS.sub("", data))

    def _end_cell(self) -> None:
        if self.cell is not None and self.row_cells is not None:
            self.row_cells.append(_WS.sub(" ", "".join(self.cell)).strip())
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        cells = [c for c in (self.row_cells or []) if c]
        self.row_cells = None
        if self.buf and "".join(self.buf).strip():  # stray text inside <tr> but outside cells
            cells.insert(0, _WS.sub(" ", "".join(self.buf)).strip())
            self.buf = []
        if cells:
            self._emit_block("\t".join(cells), "table_row", 0)

    def close(self) -> None:
        super().close()
        if self.row_cells is not None:
            self._end_row()
        self._flush()


def html_to_text(markup: str) -> tuple[str, tuple[Block, ...]]:
    """(visible text, blocks) of an HTML document or fragment."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts), tuple(parser.blocks)
