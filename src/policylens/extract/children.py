"""Extractor for this aspect (not yet implemented)."""

from __future__ import annotations

from policylens.extract import ClauseContext
from policylens.schema import Finding


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    return []
