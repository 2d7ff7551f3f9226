"""HTML to text with structure: the visible text of a page plus the blocks its markup declares.

The standard library's tolerant ``html.parser`` is used (no network, no C build needed, and it
copes with truncated or broken markup). Script, style, navigation and other invisible content is
dropped; headings, paragraphs, list items and table rows become blocks whose offsets index the
returned text. Inline whitespace is collapsed as a browser would; ``<br>`` becomes a newline.

Speed: :class:`_FastTokenizer` drives the same parser with a tighter loop. Plain start tags
(``<p>``, ``<a href="x" class='y'>``, ``<br/>``) and end tags are recognised by one regular
expression each, written so that everything they match is tokenised by ``html.parser`` in exactly
the same way; anything else (comments, declarations, odd or broken tags) is handed to
``html.parser``'s own methods at that position. The events (and so the text and blocks) are those
of ``HTMLParser.feed(markup); close()``; ``html_to_text_reference`` keeps that slow path for the
tests that compare the two.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from html.parser import attrfind_tolerant as _ATTRFIND
from html.parser import endtagfind as _END_TAG
from html.parser import starttagopen as _STARTTAGOPEN
from html.parser import tagfind_tolerant as _TAGFIND

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
# Tags whose start or end does anything here (after the skip/hidden checks); inline tags such as
# <span>, <a>, <em> do nothing, and take the early return in the handlers.
_ACTIVE_START = frozenset({*_BLOCK, *_HEADINGS, *_BOLD, "br", "td", "th", "tr", "ul", "ol", "li",
                           "dt", "dd", "pre"})
_ACTIVE_END = frozenset({*_BLOCK, *_HEADINGS, *_BOLD, "td", "th", "tr", "table", "ul", "ol", "li",
                         "dt", "dd", "pre"})


def _squash(text: str) -> str:
    """Whitespace runs -> one space, ends trimmed (``re.sub(r"\\s+", " ", text).strip()``:
    ``str.split()`` splits on exactly the characters ``\\s`` matches, and is faster)."""
    return " ".join(text.split())


def _ink(text: str) -> int:
    """Number of non-whitespace characters."""
    return len("".join(text.split()))


# A start tag that html.parser reads in one obvious way: an ASCII name, then attributes with ASCII
# names, each separated by ASCII whitespace, with a quoted value or a bare value (no quote, '=',
# '<', '>', '`', '/' or whitespace of any kind, and followed by ASCII whitespace or '>'), then '>'
# or '/>'. Anything outside this shape takes html.parser's own path (see _FastTokenizer.run).
_START_TAG_BODY = (
    r"<([a-zA-Z][a-zA-Z0-9]*)"
    r"((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`/]+(?=[ \t\n\r\f>])))?)*)"
    r"[ \t\n\r\f]*(/?)>")
_START_TAG = re.compile(_START_TAG_BODY)
# The text up to the next '<' and the plain start tag (groups 2-4) or end tag (group 5, exactly
# html.parser's ``endtagfind``) there: one match per piece of text and tag.
_TEXT_THEN_TAG = re.compile(r"([^<]*)(?:" + _START_TAG_BODY + "|" + _END_TAG.pattern + ")")


class _FastTokenizer(HTMLParser):
    """``HTMLParser`` with :meth:`run`, equivalent to ``feed(markup); close()`` but faster.

    The events are the same, in the same order, except that text may arrive in different chunks
    (handlers must only concatenate it, as ``html.parser`` itself promises nothing about chunks).
    ``attributes`` builds a start tag's attribute list (exactly as ``html.parser`` does); a
    subclass that only looks at some attributes may skip the work when they cannot be present.
    """

    def attributes(self, rawdata: str, start: int, end: int) -> list[tuple[str, str | None]]:
        """Attributes of the start tag ``rawdata[start:end]`` (html.parser's own rules)."""
        attrs = []
        k = _TAGFIND.match(rawdata, start + 1).end()
        while k < end:
            m = _ATTRFIND.match(rawdata, k)
            if not m:
                break
            name, rest, value = m.group(1, 2, 3)
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value:
                value = unescape(value)
            attrs.append((name.lower(), value))
            k = m.end()
        return attrs

    def _start_tag(self, tag: str, attrs: list, self_closing: bool) -> None:
        """A start tag as html.parser reports it (``<x/>`` as start-end; CDATA mode after
        <script>/<style>)."""
        if self_closing:
            self.handle_startendtag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            if tag in self.CDATA_CONTENT_ELEMENTS:
                self.set_cdata_mode(tag)

    def run(self, markup: str) -> None:
        """Tokenise the whole of ``markup`` (as ``feed(markup)`` then ``close()``).

        This is ``HTMLParser.goahead`` with ``end=True`` (what ``close`` runs; ``feed`` stops
        early only to wait for more input, which never comes here), plus the two fast paths.
        """
        self.rawdata = rawdata = markup
        n = len(rawdata)
        i = 0
        find = rawdata.find
        startswith = rawdata.startswith
        start_tag = _START_TAG.match
        end_tag = _END_TAG.match
        text_then_tag = _TEXT_THEN_TAG.match
        handle_data = self.handle_data
        while i < n:
            if self.cdata_elem is None:
                m = text_then_tag(rawdata, i)
                if m is not None:  # the common case: text (maybe none), then a plain tag
                    j = m.end(1)
                    if i < j:
                        text = m.group(1)
                        handle_data(unescape(text) if "&" in text else text)
                    i = m.end()
                    tag = m.group(2)
                    if tag is None:
                        self.handle_endtag(m.group(5).lower())
                        continue
                    tag = tag.lower()
                    attrs = self.attributes(rawdata, j, i) if m.start(3) < m.end(3) else []
                    self._start_tag(tag, attrs, bool(m.group(4)))
                    continue
                j = find("<", i)
                if j < 0:
                    j = n
                if i < j:
                    text = rawdata[i:j]
                    handle_data(unescape(text) if "&" in text else text)  # (unescape's own test)
            else:
                m = self.interesting.search(rawdata, i)
                if m is None:
                    break  # an unclosed <script>/<style> swallows the rest, as in html.parser
                j = m.start()
                if i < j:
                    handle_data(rawdata[i:j])
            i = j
            if i == n:
                break
            # rawdata[i] == "<"
            if self.cdata_elem is None:
                m = start_tag(rawdata, i)
                if m is not None:
                    tag = m.group(1).lower()
                    end = m.end()
                    attrs = self.attributes(rawdata, i, end) if m.start(2) < m.end(2) else []
                    self._start_tag(tag, attrs, bool(m.group(3)))
                    i = end
                    continue
                m = end_tag(rawdata, i)
                if m is not None:
                    self.handle_endtag(m.group(1).lower())
                    i = m.end()
                    continue
            if _STARTTAGOPEN.match(rawdata, i):
                k = self.parse_starttag(i)
            elif startswith("</", i):
                k = self.parse_endtag(i)
            elif startswith("<!--", i):
                k = self.parse_comment(i)
            elif startswith("<?", i):
                k = self.parse_pi(i)
            elif startswith("<!", i):
                k = self.parse_html_declaration(i)
            elif i + 1 < n:
                handle_data("<")
                k = i + 1
            else:
                break
            if k < 0:  # an unterminated construct is text up to the next '>' (or '<')
                k = find(">", i + 1)
                if k < 0:
                    k = find("<", i + 1)
                    if k < 0:
                        k = i + 1
                else:
                    k += 1
                handle_data(unescape(rawdata[i:k]) if self.cdata_elem is None else rawdata[i:k])
            i = k
        if i < n and self.cdata_elem is None:
            handle_data(unescape(rawdata[i:n]))
        self.rawdata = ""


class _Extractor(_FastTokenizer):
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
        self.hidden_possible: bool | None = None  # does the page say "hidden" anywhere?

    def attributes(self, rawdata: str, start: int, end: int) -> list[tuple[str, str | None]]:
        # only `hidden` and `aria-hidden="true"` matter here: skip the parse when neither can be
        # (the whole page is checked once: most pages never say "hidden")
        if self.hidden_possible is None:
            self.hidden_possible = "hidden" in rawdata.lower()
        if not self.hidden_possible or "hidden" not in rawdata[start:end].lower():
            return []
        return super().attributes(rawdata, start, end)

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
        if not self.buf:  # nothing since the last block boundary (most calls)
            self.bold_chars = 0
            return
        raw = "".join(self.buf)
        self.buf = []
        bold_all = self.bold_chars and self.bold_chars >= _ink(raw)
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
        if "\n" not in raw:  # one line (no <br>): the same as the general case below
            return _squash(raw)
        lines = [_squash(line) for line in raw.split("\n")]
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
        if attrs and ("hidden" in dict(attrs) or ("aria-hidden", "true") in attrs):
            if tag not in _VOID:
                self.skip_depth = 1
                self.skip_stack = [tag]
            return
        if tag not in _ACTIVE_START:
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
        if tag not in _ACTIVE_END:
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
            self.bold_chars += _ink(data)

    def _end_cell(self) -> None:
        if self.cell is not None and self.row_cells is not None:
            self.row_cells.append(_squash("".join(self.cell)))
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        cells = [c for c in (self.row_cells or []) if c]
        self.row_cells = None
        if self.buf and "".join(self.buf).strip():  # stray text inside <tr> but outside cells
            cells.insert(0, _squash("".join(self.buf)))
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
    parser.run(markup)
    parser.close()
    return "".join(parser.parts), tuple(parser.blocks)


def html_to_text_reference(markup: str) -> tuple[str, tuple[Block, ...]]:
    """``html_to_text`` through ``HTMLParser.feed`` (the slow path the fast one must equal)."""
    parser = _Extractor()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts), tuple(parser.blocks)
