"""Heading-aware clause segmentation with exact offsets.

``segment(policy)`` turns a :class:`~policylens.policy.Policy` into the clauses table
(``policylens.schema.CLAUSE_COLUMNS``): one row per heading, list item, table row, or sentence of
a paragraph, each with the heading path it falls under and, for list items and table rows, the
sentence that introduces them (``lead_in``).

How a reader's structure is recovered, in order:

1. *Lines.* Plain text and Markdown are read line by line; HTML comes with blocks declared by its
   markup (headings with levels, paragraphs, items, table rows), whose lines are read the same way.
2. *Line shapes.* Each line is a Markdown heading (``##``), a numbered heading ("6. Data
   Retention", "5.1 Security Measures"), a list item (bullets, "1.", "a)", "(iv)"), a table row
   (pipes, tabs, or a block of short rows under a Title-Case header line), an ALL-CAPS heading, a
   label heading ending in a colon ("Right to Access:"), a short title line without final
   punctuation that is followed by body text ("Cookies and Tracking Technologies"), or paragraph
   text. Wrapped lines continue the paragraph or item above them.
3. *Levels.* Explicit levels come from markup (``#`` count, numbering depth, ``<h2>``); implicit
   headings nest below the nearest explicit one (ALL-CAPS, then title lines, then labels). The
   document's own title (first line, or the only top-level heading) is not made a parent of
   everything else.
4. *Sentences.* Paragraphs are split into sentences by rules (terminal punctuation followed by
   an upper-case start, with abbreviations such as "e.g.", "Inc." and "U.S." kept whole).

Every regular expression here is linear (no nested quantifiers) and every pass is a single scan,
so hostile input (a 1 MB line, 200,000 bullets, 50,000 "Title:" lines) segments in seconds.
Invariants: ``policy.text[start:end] == text`` for every clause; every non-whitespace character
of ``policy.text`` is in exactly one clause; the output is deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from policylens.policy import Policy
from policylens.resources import load_data
from policylens.schema import CLAUSE_COLUMNS, empty_frame
from policylens.text.sentences import split_sentences

# --- line shapes -----------------------------------------------------------------------------
_MD_HEADING = re.compile(r"#{1,6}(?=\s)")
_BULLET = re.compile(r"(?:[-*+•·▪◦●○■□➢►▶✓✔➤→–—]|\(?(?:[a-z]|[ivxlcdm]{1,6})[.)]|\([0-9]{1,3}\))\s")
_NUMBERED = re.compile(r"(\d{1,3}(?:\.\d{1,3}){0,5})(\.|\))?\s+(?=\S)")
_LETTERED = re.compile(r"([IVX]{1,5}|[A-Z])[.)]\s+(?=\S)")
# a lower-case letter marker "g. " / "g) " (no brackets): an item only inside a run of items
_LOWER_LETTER = re.compile(r"([a-z])[.)]\s")
# "A • B • C": items separated by bullets inside one line
_INLINE_BULLET = re.compile(r"(?<=\S)\s+(?=[•▪●◦■]\s+\S)")
# a line that starts with a lower-case word (no capital inside: not "iOS", "eBay")
_LOWER_START = re.compile(r"[a-z][a-z'’-]*\b(?![’'-])")
_BOLD_LINE = re.compile(r"(\*\*|__)([^*_\n]{1,150})\1\s*:?\s*$")
_PIPE_ROW = re.compile(r"\|.*\|\s*$")
_TAB_CELLS = re.compile(r"\S\t+\S")
_URLISH = re.compile(r"@|https?://|www\.", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’&-]*")
_TERMINAL = ".!?;,"
_CLOSERS = "\"'”’)]*_"

_LEXICON = load_data("segment_lexicon.yaml")
_STOPWORDS = frozenset(_LEXICON["title_stopwords"])


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    hint: str  # '' (plain), 'heading', 'paragraph', 'item', 'table_row'
    level: int
    blank_before: bool


@dataclass(slots=True)
class _Unit:
    kind: str  # heading | paragraph | item | table_row
    start: int
    end: int
    level: int = 0  # heading level / item nesting
    title: bool = False
    header_row: bool = False


def _plain_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            lines.append(_Line(start, start + len(stripped), stripped, "", lead, blank))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return lines


def _block_lines(policy: Policy) -> list[_Line]:
    text = policy.text
    lines: list[_Line] = []
    for block in policy.blocks or ():
        if block.kind in ("heading", "item", "table_row"):
            chunk = text[block.start:block.end]
            stripped = chunk.strip()
            if stripped:
                start = block.start + (len(chunk) - len(chunk.lstrip()))
                lines.append(_Line(start, start + len(stripped), stripped, block.kind, block.level, True))
            continue
        first = True
        for line in _plain_lines(text[block.start:block.end]):
            line.start += block.start
            line.end += block.start
            line.hint = "paragraph"
            line.blank_before = first or line.blank_before
            first = False
            lines.append(line)
    return lines


def _cap_ratio(text: str) -> float:
    words = [w for w in _WORD.findall(text) if w.lower() not in _STOPWORDS]
    if not words:
        return 1.0 if text[:1].isupper() else 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def _core(text: str) -> str:
    """The line without Markdown emphasis marks and surrounding quotes/brackets."""
    return text.strip("*_ \t").rstrip(_CLOSERS)


def _title_like(text: str) -> bool:
    """Short, starts upper-case, no sentence punctuation at the end, not a URL/e-mail line."""
    if len(text) > 100:
        return False
    core = _core(text)
    if not core or core[-1] in _TERMINAL or core[-1] == ":":
        return False
    first = core.lstrip("\"'“‘(#*_ ")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if _URLISH.search(core) or not _WORD.search(core) or ": " in core:
        return False  # 'Last Updated: May 2, 2025' is a labelled value, not a title
    words = core.split()
    if len(words) > 14:
        return False
    # Two sentences on one line are body text, not a title.
    return ". " not in core or core.count(". ") == 1 and core[:4].rstrip(". ").isdigit()


def _label_like(text: str) -> bool:
    """'Right to Access:' - a short Title-Case label that heads the block below it."""
    core = text.strip("*_ \t")
    if not core.endswith(":") or len(core) > 80:
        return False
    body = core[:-1].rstrip("*_ ").rstrip(_CLOSERS)
    if not body or body[-1] in _TERMINAL or ": " in body:
        return False
    first = body.lstrip("\"'“‘(")[:1]
    if not first.isupper() or _URLISH.search(body):
        return False
    return len(body.split()) <= 10 and _cap_ratio(body) >= 0.6


def _caps_like(text: str) -> bool:
    """An ALL-CAPS line: 3+ letters, none lower-case, short, no final punctuation, not a URL."""
    core = _core(text).rstrip(":")
    # the cheap tests first: the letter scan below only ever sees short lines
    if len(core) > 100 or core[-1:] in _TERMINAL or len(core.split()) > 14:
        return False
    letters = [c for c in core if c.isalpha()]
    return len(letters) >= 3 and not any(c.islower() for c in letters) and not _URLISH.search(core)


def _numbered_heading(text: str) -> int:
    """Level of a numbered heading ('6. Data Retention' -> 1, '5.1 Security' -> 2), else 0."""
    m = _NUMBERED.match(text)
    if not m:
        m2 = _LETTERED.match(text)
        if m2 and _title_like(text[m2.end():]) and len(text[m2.end():].split()) <= 10:
            # 'II. Scope' (roman) outranks 'B. Sharing' (letter)
            return 1 if set(m2.group(1)) <= set("IVX") else 2
        return 0
    number, closer = m.group(1), m.group(2)
    if not closer and "." not in number:
        return 0  # '12 Main Street' is not a heading
    rest = text[m.end():]
    if not (_title_like(rest) or _label_like(rest)) or len(rest.split()) > 12:
        return 0
    return number.count(".") + 1


def _body_like(line: _Line | None) -> bool:
    """Could this line be the body under a heading (rather than another short line)?"""
    if line is None:
        return False
    t = line.text
    if _BULLET.match(t) or _MD_HEADING.match(t) or _numbered_heading(t) or line.hint in ("item", "heading"):
        return True
    if _label_like(t) or _caps_like(t):
        return True
    core = _core(t)
    return bool(core) and (core[-1] in ".!?;:" or len(core.split()) > 12)


def _classify_lines(lines: list[_Line]) -> list[_Unit]:
    units: list[_Unit] = []
    n = len(lines)
    i = 0
    first_content = True
    join_next = False  # the line continues the heading-shaped line above it
    while i < n:
        line = lines[i]
        t = line.text
        nxt = lines[i + 1] if i + 1 < n else None
        unit: _Unit | None = None
        if line.hint == "heading":
            # <h1>-<h6> are explicit levels; a bold-only paragraph (level 7) is a title line
            unit = _Unit("heading", line.start, line.end, level=line.level if line.level <= 6 else -2)
        elif line.hint == "item":
            unit = _Unit("item", line.start, line.end, level=max(1, line.level))
        elif line.hint == "table_row":
            unit = _Unit("table_row", line.start, line.end)
        elif m := _MD_HEADING.match(t):
            unit = _Unit("heading", line.start, line.end, level=len(m.group(0)))
        elif (level := _numbered_heading(t)) and not _is_list_run(lines, i):
            unit = _Unit("heading", line.start, line.end, level=level)
        elif _bullet_item(t, units) or _NUMBERED.match(t) and (_NUMBERED.match(t).group(2)):
            unit = _Unit("item", line.start, line.end, level=1 + line.level // 2 if not line.hint else 1)
        elif _PIPE_ROW.match(t) and t.startswith("|") or line.hint != "paragraph" and _TAB_CELLS.search(t):
            unit = _Unit("table_row", line.start, line.end)
        elif (rows := _plain_table_rows(lines, i)) > 0:
            units.append(_Unit("table_row", line.start, line.end, header_row=True))
            for row in lines[i + 1:i + 1 + rows]:
                units.append(_Unit("table_row", row.start, row.end))
            i += 1 + rows
            first_content = False
            continue
        elif _BOLD_LINE.match(t) and _title_like(_BOLD_LINE.match(t).group(2).rstrip(":")):
            unit = _Unit("heading", line.start, line.end, level=-2)
        elif _caps_like(t) and (first_content or _body_like(nxt)):
            unit = _Unit("heading", line.start, line.end, level=-1)
        elif _label_like(t) and nxt is not None:
            unit = _Unit("heading", line.start, line.end, level=-3)
        elif _title_like(t) and (first_content and line.hint != "paragraph" or _body_like(nxt)) \
                and not _after_label(units, lines, i):
            unit = _Unit("heading", line.start, line.end, level=-2)
        if join_next:
            join_next = False
            units[-1].end = line.end
            first_content = False
            i += 1
            continue
        if (unit.kind == "heading" if unit is not None else _title_like(t)) and _continued_heading(t, nxt):
            # "Right to lodge a complaint" / "with your supervisory authority": one sentence
            unit, join_next = None, True
        if unit is None:
            # Paragraph text; a wrapped line continues the paragraph or item above it.
            prev = units[-1] if units else None
            if (prev is not None and not line.blank_before and prev.kind in ("paragraph", "item")
                    and _continues(lines[i - 1].text, t, prev.kind, units)):
                prev.end = line.end
            else:
                units.append(_Unit("paragraph", line.start, line.end))
        else:
            if first_content and unit.kind == "heading" and not _NUMBERED.match(t):
                unit.title = True
            units.append(unit)
        first_content = False
        i += 1
    _resolve_title(units)
    return units


def _after_label(units: list[_Unit], lines: list[_Line], i: int) -> bool:
    """Is lines[i] the value under a short label paragraph ('Retention period' / '3 years')?"""
    return (i > 0 and bool(units) and units[-1].kind == "paragraph" and units[-1].start == lines[i - 1].start
            and units[-1].end == lines[i - 1].end and _short_label(lines[i - 1].text))


def _short_label(text: str) -> bool:
    """'Retention period', 'Data category:': a few Title-like words with no sentence end."""
    return (len(text.split()) <= 5 and text[:1].isalpha()
            and (_title_like(text) or _label_like(text) or text.endswith(":")))


def _split_inline_items(units: list[_Unit], text: str) -> list[_Unit]:
    """Paragraphs and items holding "A • B • C" become one item per bullet (a part before the
    first bullet that ends with ':' stays the paragraph that introduces them)."""
    out: list[_Unit] = []
    for unit in units:
        if unit.kind not in ("paragraph", "item") or "•" not in text[unit.start:unit.end]:
            out.append(unit)
            continue
        chunk = text[unit.start:unit.end]
        cuts = [m.end() for m in _INLINE_BULLET.finditer(chunk)]
        if not cuts:
            out.append(unit)
            continue
        bounds = [0, *cuts, len(chunk)]
        level = unit.level if unit.kind == "item" else 1
        for k, (s, e) in enumerate(zip(bounds, bounds[1:], strict=False)):
            piece = chunk[s:e].rstrip()
            start = unit.start + s + (len(piece) - len(piece.lstrip()))
            end = unit.start + s + len(piece)
            if end <= start:
                continue
            kind = "paragraph" if k == 0 and unit.kind == "paragraph" and piece.endswith(":") else "item"
            out.append(_Unit(kind, start, end, level=level if kind == "item" else 0))
    return out


def _continues(prev_text: str, text: str, kind: str, units: list[_Unit]) -> bool:
    """A line that starts lower-case after a line without final punctuation is a wrap."""
    end = prev_text.rstrip(_CLOSERS)[-1:]
    first = text[:1]
    if _bullet_item(text, units) or _MD_HEADING.match(text):
        return False
    return end not in ".!?:" and (first.islower() or (kind == "paragraph" and end in ",-–(&/"))


def _bullet_item(text: str, units: list[_Unit]) -> bool:
    """Does the line start with a list marker? A lower-case letter ("g. ...") is an item only as
    the first of a run ("a.", "i.") or after another item: alone in running text it is a
    paragraph that happens to start with a letter, and must not head the bullets below it."""
    if not _BULLET.match(text):
        return False
    m = _LOWER_LETTER.match(text)
    if m is None or m.group(1) in "ai":
        return True
    return bool(units) and units[-1].kind == "item"


def _continued_heading(text: str, nxt: _Line | None) -> bool:
    """A heading-shaped line (no final punctuation) whose next line starts with a lower-case word
    that is no list marker: the two are one sentence ("Right to lodge a complaint" / "with the
    supervisory authority ...")."""
    if nxt is None or nxt.hint in ("heading", "item", "table_row"):
        return False
    core = _core(text)
    if not core or core[-1] in _TERMINAL or core[-1] == ":":
        return False
    nt = nxt.text
    return bool(_LOWER_START.match(nt)) and not _BULLET.match(nt)


def _is_list_run(lines: list[_Line], i: int) -> bool:
    """Consecutive '1. ...', '2. ...' lines are a numbered list (or a table of contents)."""
    m = _NUMBERED.match(lines[i].text)
    if not m or "." in m.group(1):
        return False
    number = int(m.group(1))
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines):
            mj = _NUMBERED.match(lines[j].text)
            if mj and "." not in mj.group(1) and abs(int(mj.group(1)) - number) == 1 and (
                    j == i + 1 and not lines[j].blank_before or j == i - 1 and not lines[i].blank_before):
                return True
    return False


def _plain_table_rows(lines: list[_Line], i: int) -> int:
    """Rows of a plain-text table headed by lines[i], or 0.

    A header is a short Title-Case line with no final punctuation ('Data Type Typical Retention
    Period'), introduced by a blank line or a line ending in ':', followed directly (no blank
    line) by two or more short rows that end at a blank line.
    """
    head = lines[i]
    if head.hint not in ("", "paragraph") or not _title_like(head.text) or len(head.text.split()) > 8:
        return 0
    if _cap_ratio(head.text) < 0.8 or len(head.text.split()) < 2:
        return 0
    introduced = i > 0 and lines[i - 1].text.endswith(":")
    if not head.blank_before and not introduced:
        return 0
    rows = 0
    unpunctuated = 0
    j = i + 1
    while j < len(lines) and not lines[j].blank_before and lines[j].hint in ("", "paragraph"):
        t = lines[j].text
        if len(t) > 200 or _BULLET.match(t) or _MD_HEADING.match(t) or t.endswith(":"):
            return 0
        rows += 1
        unpunctuated += _core(t)[-1:] not in ".!?"
        j += 1
    # Without a lead-in ending in ':', rows must look like cells (mostly no final punctuation).
    if rows < 2 or not introduced and unpunctuated * 2 <= rows:
        return 0
    return rows


def _resolve_title(units: list[_Unit]) -> None:
    """The first heading is the document title only if nothing later outranks or equals it."""
    if not units or not units[0].title:
        return
    head = units[0]
    if head.level > 0 and any(u.kind == "heading" and 0 < u.level <= head.level for u in units[1:]):
        head.title = False


# --- assembly ----------------------------------------------------------------------------------

def _clean_heading(text: str) -> str:
    t = text.strip()
    t = t.lstrip("#").strip()
    t = t.strip("*_").strip()
    if t.endswith(":"):
        t = t[:-1].rstrip("*_ ").rstrip()
    return " ".join(t.split())


def segment(policy: Policy) -> pd.DataFrame:
    r"""The clauses table of one policy.

    Every non-whitespace character of the policy text is in exactly one clause, and
    ``policy.text[start:end] == text`` for every clause.

    Parameters
    ----------
    policy : Policy

    Returns
    -------
    clauses : DataFrame
        Columns ``policylens.schema.CLAUSE_COLUMNS``.

    Examples
    --------
    >>> import policylens as pl
    >>> policy = pl.load_text("1. Your rights\n\nYou may ask for a copy. You may ask us to delete it.\n\n"
    ...                       "2. Retention\n\nWe keep logs for 2 years.", id="acme")
    >>> clauses = pl.segment(policy)
    >>> clauses[["clause_id", "kind", "section", "text"]]
       clause_id       kind         section                          text
    0          0    heading  1. Your rights                1. Your rights
    1          1   sentence  1. Your rights       You may ask for a copy.
    2          2   sentence  1. Your rights  You may ask us to delete it.
    3          3    heading    2. Retention                  2. Retention
    4          4  paragraph    2. Retention     We keep logs for 2 years.
    >>> all(policy.text[s:e] == t for s, e, t in zip(clauses["start"], clauses["end"], clauses["text"]))
    True
    """
    text = policy.text
    lines = _block_lines(policy) if policy.blocks is not None else _plain_lines(text)
    units = _split_inline_items(_classify_lines(lines), text)

    # one list per column (built straight into typed arrays below, no per-row tuples)
    sections: list[str] = []
    depths: list[int] = []
    kinds: list[str] = []
    leads: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    stack: list[tuple[int, str]] = []  # (level, heading text)
    section = ""  # " > ".join of the stack's headings, rebuilt only when the stack changes
    last_lead = ""  # the last non-item clause: what introduces a following list
    item_leads: dict[int, str] = {}
    table_header = ""
    label = ""  # a short label paragraph just above: the lead-in of the next paragraph

    def add(kind: str, start: int, end: int, lead_in: str = "") -> None:
        sections.append(section)
        depths.append(len(stack))
        kinds.append(kind)
        leads.append(lead_in)
        starts.append(start)
        ends.append(end)

    for unit in units:
        kind = unit.kind
        if kind == "heading":
            heading = _clean_heading(text[unit.start:unit.end])
            if unit.title:
                sections.append(heading)
                depths.append(1)
                kinds.append("heading")
                leads.append("")
                starts.append(unit.start)
                ends.append(unit.end)
                last_lead = text[unit.start:unit.end]
                continue
            if unit.level > 0:
                level = unit.level  # explicit: 1..6; it closes every implicit heading below it
            else:
                # implicit headings nest below the nearest explicit heading still open:
                # ALL-CAPS at base+7, title lines at base+8, labels at base+9
                base = max((lvl for lvl, _ in stack if lvl <= 6), default=0)
                level = base + 6 - unit.level
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading))
            section = " > ".join(h for _, h in stack)
            add("heading", unit.start, unit.end)
            last_lead = text[unit.start:unit.end]
            item_leads = {}
            table_header = ""
        elif kind == "item":
            lead = last_lead
            for lvl in range(unit.level - 1, 0, -1):
                if lvl in item_leads:
                    lead = item_leads[lvl]
                    break
            add("item", unit.start, unit.end, lead)
            item_leads = {k: v for k, v in item_leads.items() if k < unit.level}
            item_leads[unit.level] = text[unit.start:unit.end]
        elif kind == "table_row":
            if unit.header_row or not table_header:
                add("table_row", unit.start, unit.end, last_lead)
                table_header = text[unit.start:unit.end]
            else:
                add("table_row", unit.start, unit.end, table_header)
        else:
            spans = split_sentences(text[unit.start:unit.end], unit.start)
            kind = "paragraph" if len(spans) == 1 else "sentence"
            for s, e in spans:
                add(kind, s, e, label)
            label = ""
            if spans:
                last_lead = text[spans[-1][0]:spans[-1][1]]
                if len(spans) == 1 and not leads[-1] and _short_label(last_lead):
                    label = last_lead  # "Retention period" names what the next paragraph states
            item_leads = {}
            table_header = ""
            continue
        label = ""
    if not starts:
        return empty_frame(CLAUSE_COLUMNS)
    return _clause_frame(policy.id, text, sections, depths, kinds, leads, starts, ends)


def _clause_frame(pid: str, text: str, sections: list[str], depths: list[int], kinds: list[str],
                  leads: list[str], starts: list[int], ends: list[int]) -> pd.DataFrame:
    """The clauses table from its columns, each built directly with its documented dtype (the
    same frame as ``coerce(pd.DataFrame(rows), CLAUSE_COLUMNS)``, without the per-cell casts)."""
    n = len(starts)
    columns = {
        "policy": [pid] * n,
        "clause_id": range(n),
        "section": sections,
        "depth": depths,
        "kind": kinds,
        "lead_in": leads,
        "text": [text[s:e] for s, e in zip(starts, ends, strict=True)],
        "start": starts,
        "end": ends,
    }
    return pd.DataFrame({
        name: pd.array(columns[name], dtype="string") if dtype == "string"
        else np.fromiter(columns[name], dtype=np.int64, count=n)
        for name, (dtype, _) in CLAUSE_COLUMNS.items()
    })
