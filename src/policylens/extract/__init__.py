"""Extraction: read comparable facts (rights, retention, ages, transfers, ...) out of clauses.

Each aspect module exposes ``extract_clause(ctx: ClauseContext) -> list[Finding]``, a pure function
whose findings carry offsets relative to ``ctx.text``. ``extract`` runs every module over the
clauses table and returns the tidy findings table (``policylens.schema.FINDING_COLUMNS``) with
offsets shifted into the policy text, so ``policy.text[start:end] == evidence``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from policylens.schema import FINDING_COLUMNS, Finding, coerce, empty_frame

#: aspect modules, run in this order
MODULES = ("rights", "transfers", "legal_bases", "laws", "retention", "children", "facts")


@dataclass(frozen=True, slots=True)
class ClauseContext:
    """What a reader sees of a clause: its text, where it sits, and what introduces it."""

    text: str
    section: str = ""
    lead_in: str = ""
    kind: str = "sentence"
    start: int = 0  # offset of the clause in the policy text
    policy: str = ""
    clause_id: int = 0


def extractors() -> list[Callable[[ClauseContext], list[Finding]]]:
    return [importlib.import_module(f"policylens.extract.{m}").extract_clause for m in MODULES]


def extract_text(text: str, section: str = "", lead_in: str = "", kind: str = "sentence") -> list[Finding]:
    """All findings in one piece of text (offsets relative to ``text``); handy in notebooks/tests."""
    ctx = ClauseContext(text=text, section=section, lead_in=lead_in, kind=kind)
    return [f for fn in extractors() for f in fn(ctx)]


def _contexts(clauses: pd.DataFrame) -> Iterable[ClauseContext]:
    cols = [clauses[c].tolist() for c in ("text", "section", "lead_in", "kind", "start", "policy", "clause_id")]
    for text, section, lead_in, kind, start, policy, clause_id in zip(*cols, strict=True):
        yield ClauseContext(text=text, section=section or "", lead_in=lead_in or "", kind=kind,
                            start=int(start), policy=policy, clause_id=int(clause_id))


def extract(clauses: pd.DataFrame) -> pd.DataFrame:
    """The findings table for a clauses table (from ``segment``, optionally ``classify``-ed)."""
    if len(clauses) == 0:
        return empty_frame(FINDING_COLUMNS)
    fns = extractors()
    rows = []
    for ctx in _contexts(clauses):
        for fn in fns:
            for f in fn(ctx):
                row = f.as_dict()
                row["start"] += ctx.start
                row["end"] += ctx.start
                row.update(policy=ctx.policy, clause_id=ctx.clause_id, section=ctx.section)
                rows.append(row)
    if not rows:
        return empty_frame(FINDING_COLUMNS)
    frame = pd.DataFrame(rows)
    for col in ("number", "min_days", "max_days"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return coerce(frame, FINDING_COLUMNS).reset_index(drop=True)
