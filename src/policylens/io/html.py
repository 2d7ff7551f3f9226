"""HTML to text with structure: the visible text of a page plus the blocks its markup declares.

The page is parsed by Lexbor (through ``selectolax``), an HTML5 parser: broken or truncated markup
is repaired the way a browser repairs it. Script, style, navigation and other invisible content is
dropped; headings, paragraphs, list items and table rows become blocks whose offsets index the
returned text. Inline whitespace is collapsed as a browser would; ``<br>`` becomes a newline.

Hidden content (``hidden``, ``aria-hidden="true"``, inline ``display:none`` /
``visibility:hidden``) is dropped when it is short (a placeholder, an icon label, a hidden editor
widget) but kept when it holds prose: collapsed accordion panels often hold a policy's own sections.

With ``boilerplate="drop"`` the page's main content is found first
(:mod:`policylens.io.boilerplate`): menus, banners, footers, cookie notices and link lists go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from policylens.io.blocks import TextBuilder
from policylens.policy import Block

# Content that is never policy text.
SKIP_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "iframe", "object", "canvas",
             "select", "button", "math", "textarea", "head")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Tags whose start or end closes the current block of inline text.
_BLOCK = frozenset({"p", "div", "section", "article", "main", "aside", "header", "footer",
                    "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "li", "table", "thead",
                    "tbody", "tfoot", "tr", "td", "th", "caption", "form", "fieldset", "legend",
                    "figure", "figcaption", "address", "details", "summary", "body", "html",
                    "center", "hr", *_HEADINGS})
_BOLD = frozenset({"b", "strong"})
_ITEMS = frozenset({"li", "dt", "dd"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)]?(?:\s|$)|[。！？]")
#: hidden content with at least this many characters of prose is kept (see module docstring)
HIDDEN_PROSE_CHARS = 150
_HEADING_BUTTONS = ", ".join(f"{h} button" for h in _HEADINGS)


def squash(text: str) -> str:
    """Whitespace runs become one space and the ends are trimmed.

    Parameters
    ----------
    text : str

    Returns
    -------
    text : str

    Examples
    --------
    >>> squash("  a \\t b\\n")
    'a b'
    """
    return " ".join(text.split())


def ink(text: str) -> int:
    """Number of non-whitespace characters.

    Parameters
    ----------
    text : str

    Returns
    -------
    count : int

    Examples
    --------
    >>> ink(" a b\\n c ")
    3
    """
    return len("".join(text.split()))


def is_hidden(node: LexborNode) -> bool:
    """Whether the element's own markup hides it.

    By ``hidden``, ``aria-hidden="true"``, inline ``display:none`` or ``visibility:hidden``.

    Parameters
    ----------
    node : selectolax LexborNode

    Returns
    -------
    hidden : bool

    Examples
    --------
    >>> from selectolax.lexbor import LexborHTMLParser
    >>> is_hidden(LexborHTMLParser('<p style="display: none">x</p>').css_first("p"))
    True
    """
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs or (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = attrs.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def holds_prose(node: LexborNode, min_chars: int = HIDDEN_PROSE_CHARS) -> bool:
    """Whether ``node`` holds policy-like prose: ``min_chars`` visible characters and sentence ends.

    A hidden placeholder ("None", "HTML Editor Component") does not; a collapsed accordion
    panel holding a section of the policy does.

    Parameters
    ----------
    node : selectolax LexborNode
    min_chars : int, default=HIDDEN_PROSE_CHARS

    Returns
    -------
    prose : bool

    Examples
    --------
    >>> from selectolax.lexbor import LexborHTMLParser
    >>> holds_prose(LexborHTMLParser("<div>None</div>").css_first("div"))
    False
    """
    text = node.text(deep=True, separator=" ")
    return ink(text) >= min_chars and len(_SENTENCE_END.findall(text)) >= 2


def drop_invisible(tree: LexborHTMLParser) -> None:
    """Remove never-visible elements (:data:`SKIP_TAGS`) and short hidden ones from ``tree``.

    Parameters
    ----------
    tree : selectolax LexborHTMLParser
        Changed in place.

    Examples
    --------
    >>> tree = LexborHTMLParser('<p>Hi<script>x()</script><span hidden>None</span></p>')
    >>> drop_invisible(tree)
    >>> tree.body.text()
    'Hi'
    """
    # an accordion's section title is often a <button> inside the heading: keep its text
    for node in tree.css(_HEADING_BUTTONS):
        node.unwrap()
    tree.strip_tags(list(SKIP_TAGS))
    # unlink (not destroy) so that nodes found inside an unlinked one stay valid
    for node in tree.css("[hidden], [aria-hidden], [style]"):
        if is_hidden(node) and not holds_prose(node):
            node.remove()


@dataclass(frozen=True, slots=True)
class HtmlText:
    r"""The visible text of a page, its blocks, and the names the page gives itself.

    Parameters
    ----------
    text : str
        The visible text.
    blocks : tuple of Block
        Headings, paragraphs, list items and table rows, as offsets in ``text``.
    title : str, default=""
        The page's ``<title>``.
    site_name : str, default=""
        The site name its metadata gives (``og:site_name`` ...).
    first_heading : str, default=""

    Examples
    --------
    >>> from policylens.io.html import html_text
    >>> page = html_text("<title>Acme | Privacy</title><h1>Privacy Policy</h1><p>We collect data.</p>")
    >>> page.text, page.title, page.first_heading
    ('Privacy Policy\n\nWe collect data.', 'Acme | Privacy', 'Privacy Policy')
    """

    text: str
    blocks: tuple[Block, ...]
    title: str = ""
    site_name: str = ""
    first_heading: str = ""


def drop_noscript(markup: str) -> str:
    """``markup`` without its ``<noscript>`` elements.

    Browsers run scripts, so they never show ``<noscript>`` content; an HTML5 parser with
    scripting off would instead move escaped markup found there into the page body.

    Parameters
    ----------
    markup : str

    Returns
    -------
    markup : str

    Examples
    --------
    >>> drop_noscript("a<noscript>&lt;img&gt;</NOSCRIPT >b")
    'ab'
    """
    lower = markup.lower()
    if "<noscript" not in lower:
        return markup
    out, pos = [], 0
    while True:
        start = lower.find("<noscript", pos)
        if start < 0:
            break
        end = lower.find("</noscript", start)
        close = lower.find(">", end) if end >= 0 else -1
        out.append(markup[pos:start])
        if close < 0:  # unclosed: it runs to the end, as in a browser
            pos = len(markup)
            break
        pos = close + 1
    out.append(markup[pos:])
    return "".join(out)


def page_names(tree: LexborHTMLParser) -> tuple[str, str]:
    """``(<title>, og:site_name)`` of a parsed page (``""`` when absent).

    Parameters
    ----------
    tree : selectolax LexborHTMLParser

    Returns
    -------
    title : str
    site_name : str

    Examples
    --------
    >>> page_names(LexborHTMLParser("<title> Acme  Privacy </title><p>x</p>"))
    ('Acme Privacy', '')
    """
    title = tree.css_first("title")
    site = tree.css_first('meta[property="og:site_name"], meta[name="og:site_name"], '
                          'meta[name="application-name"]')
    return (squash(title.text()) if title is not None else "",
            squash(site.attributes.get("content") or "") if site is not None else "")


class _Writer:
    """Turns a DOM walk (start, text, end events) into text and blocks."""

    def __init__(self) -> None:
        self.out = TextBuilder()
        self.list_depth = 0
        self.heading_level = 0
        self.in_item = 0
        self.row_cells: list[str] | None = None
        self.cell: list[str] | None = None
        self.buf: list[str] = []  # inline text of the current block
        self.bold_depth = 0
        self.bold_chars = 0
        self.pre_depth = 0

    def emit(self, text: str, kind: str, level: int) -> None:
        self.out.add(text, kind, level)

    def flush(self) -> None:
        if self.cell is not None:  # inside a table cell: text goes to the cell
            return
        if not self.buf:
            self.bold_chars = 0
            return
        raw = "".join(self.buf)
        self.buf = []
        bold_all = self.bold_chars and self.bold_chars >= ink(raw)
        self.bold_chars = 0
        text = self.clean(raw)
        if not text:
            return
        if self.heading_level:
            self.emit(text, "heading", self.heading_level)
        elif self.in_item:
            self.emit(text, "item", self.list_depth)
        elif bold_all and "\n" not in text and len(text) <= 120:
            # A paragraph that is bold from end to end reads as a heading below h6.
            self.emit(text, "heading", 7)
        else:
            self.emit(text, "paragraph", 0)

    def clean(self, raw: str) -> str:
        if self.pre_depth:
            return raw.strip("\n")
        if "\n" not in raw:
            return squash(raw)
        lines = [squash(line) for line in raw.split("\n")]
        return "\n".join(line for line in lines if line)

    # --- events ----------------------------------------------------------------------------
    def start(self, tag: str) -> None:
        if tag == "br":
            (self.cell if self.cell is not None else self.buf).append("\n")
            return
        if tag in ("td", "th") and self.row_cells is not None:
            self.end_cell()  # an unclosed previous cell ends here
            self.cell = []
            return
        if tag == "tr" and self.row_cells is not None:
            self.end_row()  # nested row: emit what we have, never drop it
        if tag in _BLOCK:
            self.flush()
        if tag in _HEADINGS:
            self.heading_level = _HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self.list_depth += 1
        elif tag in _ITEMS:
            self.in_item += 1
        elif tag == "tr":
            self.row_cells = []
        elif tag == "pre":
            self.pre_depth += 1
        elif tag in _BOLD:
            self.bold_depth += 1

    def end(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.end_cell()
            return
        if tag == "tr" and self.row_cells is not None:
            self.end_row()
            return
        if tag == "table" and self.row_cells is not None:
            self.end_row()
        if tag in _BLOCK:
            self.flush()
        if tag in _HEADINGS:
            self.heading_level = 0
        elif tag in ("ul", "ol"):
            self.list_depth = max(0, self.list_depth - 1)
        elif tag in _ITEMS:
            self.in_item = max(0, self.in_item - 1)
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        elif tag in _BOLD:
            self.bold_depth = max(0, self.bold_depth - 1)

    def data(self, data: str) -> None:
        if not self.pre_depth:
            # a newline in the markup is just whitespace; only <br> breaks a line
            data = data.replace("\n", " ")
        if self.cell is not None:
            self.cell.append(data)
            return
        self.buf.append(data)
        if self.bold_depth:
            self.bold_chars += ink(data)

    def end_cell(self) -> None:
        if self.cell is not None and self.row_cells is not None:
            self.row_cells.append(squash("".join(self.cell)))
        self.cell = None

    def end_row(self) -> None:
        self.end_cell()
        cells = [c for c in (self.row_cells or []) if c]
        self.row_cells = None
        if self.buf and "".join(self.buf).strip():  # stray text inside <tr> but outside cells
            cells.insert(0, squash("".join(self.buf)))
            self.buf = []
        if cells:
            self.emit("\t".join(cells), "table_row", 0)

    def close(self) -> tuple[str, tuple[Block, ...]]:
        if self.row_cells is not None:
            self.end_row()
        self.flush()
        return self.out.result()


def _walk(root: LexborNode | None, writer: _Writer) -> None:
    """Feed ``writer`` the start, text and end events of ``root``'s subtree, in document order
    (iteratively: a page of 50,000 unclosed ``<div>`` s nests deeper than Python recurses)."""
    if root is None:
        return
    stack: list[tuple[LexborNode, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        if not entering:
            writer.end(node.tag)
            continue
        if node.is_text_node:
            writer.data(node.text_content or "")
            continue
        if not node.is_element_node:
            continue  # comments, doctype
        tag = node.tag
        writer.start(tag)
        if tag == "br":
            continue
        stack.append((node, False))
        children = []
        child = node.first_child
        while child is not None:
            children.append((child, True))
            child = child.next
        stack.extend(reversed(children))


def html_text(markup: str, *, boilerplate: str = "keep") -> HtmlText:
    """The visible text of an HTML page with its blocks and names.

    Parameters
    ----------
    markup : str
        An HTML document or fragment (decoded).
    boilerplate : {"keep", "drop"}
        ``"drop"`` keeps only the page's main content (see :mod:`policylens.io.boilerplate`);
        ``"keep"`` keeps every visible block (for pages that are already clean).

    Returns
    -------
    HtmlText
        ``text``, ``blocks`` (offsets into ``text``), ``title``, ``site_name``, ``first_heading``.

    Examples
    --------
    >>> page = html_text("<title>Acme</title><h1>Privacy</h1><p>We collect <b>e-mail</b>.</p>")
    >>> page.text
    'Privacy\\n\\nWe collect e-mail.'
    >>> [(b.kind, b.level) for b in page.blocks]
    [('heading', 1), ('paragraph', 0)]
    >>> page.title
    'Acme'
    """
    if boilerplate not in ("keep", "drop"):
        raise ValueError("boilerplate must be 'keep' or 'drop'")
    tree = LexborHTMLParser(drop_noscript(markup))
    title, site = page_names(tree)
    drop_invisible(tree)
    root = tree.root
    if boilerplate == "drop":
        from policylens.io.boilerplate import main_content

        root = main_content(tree)
    writer = _Writer()
    _walk(root, writer)
    text, blocks = writer.close()
    first = next((squash(text[b.start:b.end]) for b in blocks if b.kind == "heading"), "")
    return HtmlText(text, blocks, title, site, first)


def html_to_text(markup: str, *, boilerplate: str = "keep") -> tuple[str, tuple[Block, ...]]:
    """``(visible text, blocks)`` of an HTML document or fragment (see :func:`html_text`).

    Parameters
    ----------
    markup : str
    boilerplate : {"keep", "drop"}, default="keep"
        Keep the whole page, or only its main content (see ``policylens.io.boilerplate``).

    Returns
    -------
    text : str
    blocks : tuple of Block

    Examples
    --------
    >>> html_to_text("<ul><li>Name</li><li>E-mail</li></ul>")[0]
    'Name\\nE-mail'
    """
    page = html_text(markup, boilerplate=boilerplate)
    return page.text, page.blocks
