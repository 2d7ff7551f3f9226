"""The loaded policy: its text (that every offset refers to) and, for structured formats, the
blocks the markup declared (headings with levels, paragraphs, list items, table rows)."""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field

BLOCK_KINDS = ("heading", "paragraph", "item", "table_row")


@dataclass(frozen=True, slots=True)
class Block:
    """A structural block declared by markup (HTML/Markdown): ``text[start:end]`` of the policy.

    Parameters
    ----------
    kind : {"heading", "paragraph", "item", "table_row"}
    start, end : int
        Offsets in the policy text.
    level : int, default=0
        Heading level (1 = top) or list nesting depth for items.

    Examples
    --------
    >>> import policylens as pl
    >>> policy = pl.load_text("<h1>Your rights</h1><p>You may ask for a copy.</p>", id="acme", format="html")
    >>> [(b.kind, b.level, policy.text[b.start:b.end]) for b in policy.blocks]
    [('heading', 1, 'Your rights'), ('paragraph', 0, 'You may ask for a copy.')]
    """

    kind: str  # one of BLOCK_KINDS
    start: int
    end: int
    level: int = 0  # heading level (1 = top) or list nesting depth for items


@dataclass(slots=True)
class Policy:
    """A policy's text (what every offset indexes) with its names, format, blocks and language.

    Parameters
    ----------
    id : str
        The policy id (rows of every table carry it).
    text : str
        The text every offset indexes.
    name : str, default=""
        Display name.
    source : str, default=""
        The path it was loaded from (``"<id>"`` for text given in memory).
    format : {"txt", "md", "html", "pdf", "docx"}, default="txt"
    organisation, product : str, default=""
        Who publishes it and what it covers ('' when unknown).
    blocks : tuple of Block, default=None
        The structure the markup declared; None for plain text (structure is inferred).
    encoding : str, default="utf-8"
        The encoding the file was read with.
    meta : dict
        Other facts (``language_share``: the share of the classified text in ``language``).
    language : str, default=None
        ISO 639-1 code of the text's main language; None when unknown (too little text).

    Examples
    --------
    >>> policy = Policy(id="acme", text="We collect your e-mail address.", language="en")
    >>> policy.language, len(policy.text)
    ('en', 31)
    """

    id: str
    text: str
    name: str = ""
    source: str = ""
    format: str = "txt"  # txt | md | html | pdf | docx
    organisation: str = ""
    #: the product or service the policy covers, read from the document (a statement such as
    #: "This Privacy Policy applies to ...", the title, first heading or site name; see
    #: :mod:`policylens.io.names`), never from the file name; None when unknown
    product: str | None = None
    blocks: tuple[Block, ...] | None = None  # None: plain text, structure is inferred
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)
    #: ISO 639-1 code of the text's main language ("en", "de"...); None when unknown (too little
    #: text). ``meta["language_share"]`` is the share of the classified text in that language.
    language: str | None = None

    @property
    def sha256(self) -> str:
        """SHA-256 of the policy text (the text the offsets refer to), in hex.

        Examples
        --------
        >>> from policylens import Policy
        >>> Policy(id="empty", text="").sha256
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
        """
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def __repr__(self) -> str:
        return (f"Policy(id={self.id!r}, name={self.name!r}, format={self.format!r}, "
                f"language={self.language!r}, chars={len(self.text)}, source={self.source!r})")

    def _repr_html_(self) -> str:
        head = html.escape(self.text[:400])
        product = f" &middot; {html.escape(self.product)}" if self.product else ""
        return (f"<div><b>{html.escape(self.name or self.id)}</b>{product} "
                f"<code>{html.escape(self.id)}</code> &middot; {html.escape(self.format)} &middot; "
                f"{html.escape(self.language or 'language unknown')} &middot; "
                f"{len(self.text):,} characters &middot; <small>{html.escape(self.source)}</small>"
                f"<pre style='white-space:pre-wrap;max-height:8em;overflow:auto'>{head}"
                f"{'&hellip;' if len(self.text) > 400 else ''}</pre></div>")
