"""Building a policy's text block by block, with the offsets of each block.

Every structured reader (HTML, PDF, DOCX) produces the same layout: blocks separated by a blank
line, except that consecutive list items or table rows are separated by one newline. The
:class:`~policylens.policy.Block` offsets index the built text.
"""

from __future__ import annotations

from policylens.policy import Block


class TextBuilder:
    """Accumulates blocks of text and their offsets.

    Examples
    --------
    >>> builder = TextBuilder()
    >>> builder.add("Privacy", "heading", 1)
    >>> builder.add("Name", "item", 1)
    >>> builder.add("E-mail", "item", 1)
    >>> text, blocks = builder.result()
    >>> text
    'Privacy\\n\\nName\\nE-mail'
    >>> [(b.kind, text[b.start:b.end]) for b in blocks]
    [('heading', 'Privacy'), ('item', 'Name'), ('item', 'E-mail')]
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.blocks: list[Block] = []

    def add(self, text: str, kind: str, level: int = 0) -> None:
        r"""Append a block (nothing when ``text`` is blank).

        A blank line separates blocks, one newline consecutive list items or table rows.

        Parameters
        ----------
        text : str
        kind : {"heading", "paragraph", "item", "table_row"}
        level : int, default=0
            Heading level or list nesting depth.

        Examples
        --------
        >>> from policylens.io.blocks import TextBuilder
        >>> builder = TextBuilder()
        >>> builder.add("We collect:", "paragraph")
        >>> builder.add("   ", "paragraph")
        >>> builder.add("your name", "item", 1)
        >>> builder.result()[0]
        'We collect:\n\nyour name'
        """
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

    @property
    def last_kind(self) -> str | None:
        """Kind of the last block added, if any.

        Examples
        --------
        >>> from policylens.io.blocks import TextBuilder
        >>> builder = TextBuilder()
        >>> builder.last_kind is None
        True
        >>> builder.add("Your rights", "heading", 2)
        >>> builder.last_kind
        'heading'
        """
        return self.blocks[-1].kind if self.blocks else None

    def result(self) -> tuple[str, tuple[Block, ...]]:
        """The text built and its blocks, whose offsets index that text.

        Returns
        -------
        text : str
        blocks : tuple of Block

        Examples
        --------
        >>> from policylens.io.blocks import TextBuilder
        >>> builder = TextBuilder()
        >>> builder.add("Your rights", "heading", 2)
        >>> builder.add("You may ask for a copy.", "paragraph")
        >>> text, blocks = builder.result()
        >>> [(b.kind, b.level, text[b.start:b.end]) for b in blocks]
        [('heading', 2, 'Your rights'), ('paragraph', 0, 'You may ask for a copy.')]
        """
        return "".join(self.parts), tuple(self.blocks)
