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
        """Append a block (nothing when ``text`` is blank)."""
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
        """Kind of the last block added, if any."""
        return self.blocks[-1].kind if self.blocks else None

    def result(self) -> tuple[str, tuple[Block, ...]]:
        """``(text, blocks)``."""
        return "".join(self.parts), tuple(self.blocks)
