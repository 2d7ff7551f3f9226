"""Extraction: read comparable facts (rights, retention, ages, transfers, ...) out of clauses.

Each aspect module exposes ``RULES_FILE`` (its ``data/patterns_*.yaml``, see
``policylens.extract.rules``) and ``extract_clause(ctx: ClauseContext) -> list[Finding]``, a pure
function whose findings carry offsets relative to ``ctx.text``. ``extract`` scans each clause once
for the keywords of every rule (``RuleSet.candidates``), calls a module only when one of its
rules is a candidate, and returns the tidy findings table (``policylens.schema.FINDING_COLUMNS``)
with offsets shifted into the policy text, so ``policy.text[start:end] == evidence``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from policylens.schema import FINDING_COLUMNS, FINDING_FIELDS, Finding, empty_frame

if TYPE_CHECKING:
    from policylens.extract.rules import RuleSet

#: aspect modules, run in this order
MODULES = ("rights", "transfers", "legal_bases", "laws", "retention", "children", "facts", "practices")


@dataclass(frozen=True, slots=True)
class ClauseContext:
    """What a reader sees of a clause: its text, where it sits, and what introduces it.

    Parameters
    ----------
    text : str
    section : str, default=""
        The heading path.
    lead_in : str, default=""
        For items and table rows: the sentence that introduces them.
    kind : str, default="sentence"
    start : int, default=0
        Offset of the clause in the policy text.
    policy : str, default=""
    clause_id : int, default=0
    candidates : frozenset, default=None
        ``RuleSet.candidates(text)`` when the caller has scanned the clause (None: not yet).

    Examples
    --------
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.rights import extract_clause
    >>> ctx = ClauseContext("delete your data", section="Your rights", lead_in="You may ask us to:",
    ...                     kind="item")
    >>> [(f.aspect, f.value) for f in extract_clause(ctx)]
    [('right', 'erasure')]
    """

    text: str
    section: str = ""
    lead_in: str = ""
    kind: str = "sentence"
    start: int = 0  # offset of the clause in the policy text
    policy: str = ""
    clause_id: int = 0
    #: ``RuleSet.candidates(text)`` when the caller has scanned the clause (None: not yet)
    candidates: frozenset | None = None


def extractors() -> list[Callable[[ClauseContext], list[Finding]]]:
    """The ``extract_clause`` function of every aspect module, in :data:`MODULES` order.

    Returns
    -------
    functions : list of callable
        Each maps a :class:`ClauseContext` to its findings.

    Examples
    --------
    >>> from policylens.extract import extractors
    >>> [f.__module__ for f in extractors()][:3]
    ['policylens.extract.rights', 'policylens.extract.transfers', 'policylens.extract.legal_bases']
    """
    return [importlib.import_module(f"policylens.extract.{m}").extract_clause for m in MODULES]


def extract_text(text: str, section: str = "", lead_in: str = "", kind: str = "sentence") -> list[Finding]:
    """All findings in one piece of text (offsets relative to ``text``); handy in notebooks/tests.

    Parameters
    ----------
    text : str
    section : str, default=""
        The heading path the text sits under.
    lead_in : str, default=""
        The sentence that introduces it (for list items and table rows).
    kind : str, default="sentence"
        The clause kind (``sentence``, ``item``, ``table_row`` ...).

    Returns
    -------
    findings : list of Finding
        Of every aspect module, in ``MODULES`` order.

    Examples
    --------
    >>> [(f.aspect, f.value, f.guard) for f in extract_text("You may ask us to delete your data.")]
    [('right', 'erasure', 'sentence:agency')]
    """
    ctx = ClauseContext(text=text, section=section, lead_in=lead_in, kind=kind)
    return [f for fn in extractors() for f in fn(ctx)]


def _contexts(clauses: pd.DataFrame, rules: RuleSet) -> Iterable[ClauseContext]:
    cols = [clauses[c].tolist() for c in ("text", "section", "lead_in", "kind", "start", "policy", "clause_id")]
    for text, section, lead_in, kind, start, policy, clause_id in zip(*cols, strict=True):
        yield ClauseContext(text=text, section=section or "", lead_in=lead_in or "", kind=kind,
                            start=int(start), policy=policy, clause_id=int(clause_id),
                            candidates=rules.candidates(text))


def extract(clauses: pd.DataFrame) -> pd.DataFrame:
    """The findings table for a clauses table (from ``segment``, optionally ``classify``-ed).

    Parameters
    ----------
    clauses : DataFrame
        The clauses of one or more policies (``schema.CLAUSE_COLUMNS``).

    Returns
    -------
    findings : DataFrame
        One row per fact with its evidence (``schema.FINDING_COLUMNS``), offsets in the policy
        text: ``policy.text[start:end] == evidence``.

    Examples
    --------
    >>> import policylens as pl
    >>> policy = pl.load_text("You may ask us to delete your data. We keep logs for 2 years.", id="acme")
    >>> findings = pl.extract(pl.segment(policy))
    >>> findings[["clause_id", "aspect", "value", "evidence"]]
       clause_id     aspect    value     evidence
    0          0      right  erasure  delete your data
    1          1  retention      730      2 years
    >>> policy.text[findings.at[1, "start"]:findings.at[1, "end"]]
    '2 years'
    """
    if len(clauses) == 0:
        return empty_frame(FINDING_COLUMNS)
    return findings_frame(_found(clauses, _plan()))


def _found(clauses: pd.DataFrame, plan: list) -> list[tuple[ClauseContext, Finding]]:
    """(clause, finding) pairs of a clauses table, in clause and ``MODULES`` order (``plan``:
    ``_plan()``)."""
    from policylens.extract.rules import rule_set

    rules = rule_set()
    found: list[tuple[ClauseContext, Finding]] = []
    contexts = list(_contexts(clauses, rules))
    for ctx in contexts:
        hits = ctx.candidates
        for fn, own in plan:
            if own is None or not own.isdisjoint(hits):
                for f in fn(ctx):
                    found.append((ctx, f))
    found = _document_pass(contexts, found)
    for name in ANNOTATING_MODULES:
        found = importlib.import_module(f"policylens.extract.{name}").annotate_document(found)
    return found


#: modules with an ``extract_document(contexts) -> (pairs, clause_ids)`` reading across the
#: clauses of one policy (tables whose cells arrive as separate clauses); the module's findings
#: in the clause ids it returns are replaced by its pairs
DOCUMENT_MODULES = ("practices",)
#: modules with an ``annotate_document(pairs) -> pairs`` that re-reads the findings of whole
#: policies (``facts``: a policy that both affirms and denies a sale marks both as a conflict)
ANNOTATING_MODULES = ("facts",)


def _document_pass(contexts: list[ClauseContext], found: list[tuple[ClauseContext, Finding]]
                   ) -> list[tuple[ClauseContext, Finding]]:
    for name in DOCUMENT_MODULES:
        module = importlib.import_module(f"policylens.extract.{name}")
        by_policy: dict[str, list[ClauseContext]] = {}
        for ctx in contexts:
            by_policy.setdefault(ctx.policy, []).append(ctx)
        for policy, ctxs in by_policy.items():
            pairs, covered = module.extract_document(ctxs)
            if not covered and not pairs:
                continue
            aspects = set(module.ASPECTS)
            kept = [(c, f) for c, f in found
                    if not (c.policy == policy and c.clause_id in covered and f.aspect in aspects)]
            found = kept + list(pairs)
    return found


def _plan() -> list[tuple[Callable[[ClauseContext], list[Finding]], frozenset | None]]:
    """(``extract_clause``, the module's rules) per module, in ``MODULES`` order: a module finds
    nothing in a clause where none of its rules is a candidate (None: no rules, always called)."""
    from policylens.extract.rules import rule_set

    plan = []
    for name in MODULES:
        module = importlib.import_module(f"policylens.extract.{name}")
        own = () if name in UNGATED else rule_set().file(getattr(module, "RULES_FILE", ""))
        plan.append((module.extract_clause, frozenset(own) if own else None))
    return plan


#: modules called on every clause: their findings do not all come from their rules (practices
#: reads vocabulary mentions with its own automaton; its rules are the cues it checks them with)
UNGATED = ("practices",)


_FLOAT_COLUMNS = ("number", "min_days", "max_days")


def findings_frame(found: list[tuple[ClauseContext, Finding]]) -> pd.DataFrame:
    """The findings table of (clause, finding) pairs.

    The findings' offsets are relative to their clause's text; the table's are shifted into the
    policy text. ``FINDING_COLUMNS`` in order, with their dtypes: each column is built directly
    with its dtype, the same frame as ``coerce(pd.DataFrame(rows), FINDING_COLUMNS)`` with the
    numbers through ``pd.to_numeric(errors="coerce")``, without pandas' per-cell inference and
    casts.

    Parameters
    ----------
    found : list of (ClauseContext, Finding)

    Returns
    -------
    findings : DataFrame

    Examples
    --------
    >>> from policylens.extract import ClauseContext, findings_frame
    >>> from policylens.schema import Finding
    >>> ctx = ClauseContext("We keep logs for 2 years.", start=40, policy="acme", clause_id=3)
    >>> frame = findings_frame([(ctx, Finding("retention", "730", 17, 24, "2 years", max_days=730.0))])
    >>> frame[["policy", "clause_id", "start", "end", "max_days"]].values.tolist()
    [['acme', 3, 57, 64, 730.0]]
    """
    if not found:
        return empty_frame(FINDING_COLUMNS)
    n = len(found)
    columns: dict[str, list] = {
        "policy": [c.policy for c, _ in found],
        "clause_id": [c.clause_id for c, _ in found],
        "section": [c.section for c, _ in found],
        "start": [c.start + f.start for c, f in found],
        "end": [c.start + f.end for c, f in found],
    }
    for name in FINDING_FIELDS:
        if name not in columns:
            columns[name] = [getattr(f, name) for _, f in found]
    out = {}
    for name, (dtype, _) in FINDING_COLUMNS.items():
        values = columns[name]
        if dtype == "int64":
            out[name] = np.fromiter(values, dtype=np.int64, count=n)
        elif name in _FLOAT_COLUMNS:
            out[name] = _float_column(values, _dtype(dtype))
        else:
            out[name] = pd.array(values, dtype=_dtype(dtype))
    return pd.DataFrame(out, copy=False)


@cache
def _dtype(name: str) -> Any:
    """The pandas dtype a dtype string names, resolved once (the lookup costs more than the
    conversion of a document's few findings)."""
    return pd.api.types.pandas_dtype(name)


def _float_column(values: list, dtype: Any) -> pd.api.extensions.ExtensionArray:
    try:  # floats and None (every extractor's numbers): NaN marks the missing ones
        array = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    except (TypeError, ValueError):  # anything else: as pd.to_numeric(errors="coerce") reads it
        array = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(dtype=np.float64)
    return pd.array(array, dtype=dtype)
