"""Compare policies: one call from a set of policies to matrices an analyst can read, chart and cite.

``compare(policies)`` returns a :class:`ComparisonReport`. Building it is cheap; the pipeline
(``policylens.pipeline.run``) runs on the first access to a table and every derived table
is computed once and cached. ``read_results(out_dir)`` (or ``compare(out_dir)``) reads the Parquet tables
written by ``policylens.analyze`` instead, so the same matrices and charts work on big corpora.

Tables (all tidy pandas DataFrames, documented in :data:`POLICY_COLUMNS` and ``policylens.schema``):

- ``policies``: index = policy id; one row of per-policy facts (``POLICY_COLUMNS``).
- ``clauses`` / ``findings``: the pipeline's tables (``schema.CLAUSE_COLUMNS`` + classification,
  ``schema.FINDING_COLUMNS``).
- ``rights``, ``transfers``, ``legal_bases``, ``laws``: bool matrices, index = policy id, one column
  per canonical id of ``policylens.resources.vocabulary(aspect)`` (all ids present, in vocabulary
  order); ids an extractor reports that the vocabulary lacks are appended so nothing vanishes.
- ``destinations``: bool matrix of transfer destinations (countries/regions) named by each policy.
- ``retention``: one row per stated period; ``children``: per-policy age thresholds;
  ``coverage``: policy x taxonomy category clause counts.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from policylens.errors import CorpusError, PolicyLensError
from policylens.policy import Policy
from policylens.report.sections import SECTIONS
from policylens.report.sources import ParquetSource, PipelineSource, TableSource
from policylens.report.tables import (
    MATRIX_ASPECTS,
    RETENTION_COLUMNS,
    analysed_mask,
    aspect_matrix,
    children_table,
    coverage_table,
    evidence_clauses,
    findings_with_context,
    in_policy_order,
    plain_python,
    retention_by_category,
    same_value,
)
from policylens.schema import FINDING_COLUMNS, POLICY_COLUMNS

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = ["POLICY_COLUMNS", "ComparisonReport", "compare", "open", "read_results"]

#: the findings' aspect ids as ``schema.FINDING_COLUMNS`` documents them (one spelling each)
DOCUMENTED_ASPECTS = tuple(a.strip() for a in FINDING_COLUMNS["aspect"][1].split("|"))

#: per-policy facts that ``diff`` compares, in this order
DIFF_FACTS = ("last_updated", "sells_data", "shares_for_ads", "breach_notice_hours", "response_days",
              "has_dpo", "min_child_age", "third_party_services")


# --------------------------------------------------------------------------------------------
# entry points


def compare(policies: Any = None, *, classifier: Any = None, errors: str = "raise",
            regimes: Sequence[str] | str | None = None, as_of: Any = None) -> ComparisonReport:
    """Compare policies.

    ``policies``: ``None`` (the bundled policies), a folder, a file, a list of paths and/or
    :class:`~policylens.Policy` objects, or a folder written by ``policylens.analyze`` (it holds
    ``policies.parquet``; then this is ``read_results(folder)``). ``classifier`` is passed to
    ``classify`` (``None``: the bundled model); ``errors`` to ``load_corpus`` ("raise" | "skip").
    ``regimes`` ("gdpr", "uk_gdpr", "ccpa"; default all) and ``as_of`` (default today) set what
    ``report.compliance`` checks. Nothing runs until a table is first used.
    """
    if isinstance(policies, str | os.PathLike):
        path = Path(policies)
        if path.is_dir() and _is_analysed(path):
            report = read_results(path)
            report.set_compliance(regimes, as_of)
            return report
    loaded, skipped = _load_policies(policies, errors)
    report = ComparisonReport(loaded, classifier=classifier)
    report.skipped = skipped
    report.set_compliance(regimes, as_of)
    return report


def read_results(out_dir: str | os.PathLike) -> ComparisonReport:
    """A report over the Parquet tables ``policylens.analyze`` wrote to ``out_dir``."""
    path = Path(out_dir)
    if not path.is_dir():
        raise PolicyLensError(f"{path}: not a folder")
    if not _is_analysed(path):
        raise PolicyLensError(f"{path}: no policies.parquet (not an analyze output folder)")
    return ComparisonReport(ParquetSource(path))


def open(out_dir: str | os.PathLike) -> ComparisonReport:  # noqa: A001 - the deprecated name
    """Deprecated: :func:`read_results` (``policylens.open`` shadows the builtin ``open``).

    Kept for one release; it warns with a ``DeprecationWarning`` and returns
    ``read_results(out_dir)``.
    """
    warnings.warn("policylens.open is deprecated and will be removed in the next release: "
                  "use policylens.read_results", DeprecationWarning, stacklevel=2)
    return read_results(out_dir)


def _is_analysed(path: Path) -> bool:
    return (path / "policies.parquet").exists()


def _load_policies(policies: Any, errors: str) -> tuple[list[Policy], list[tuple[str, str]]]:
    """(policies in the caller's order, skipped (path, problem) pairs)."""
    from policylens.io import load_corpus

    if policies is None:
        loaded = load_corpus(errors=errors)
    elif isinstance(policies, Policy | str | os.PathLike):
        loaded = load_corpus([policies], errors=errors)
    elif isinstance(policies, Iterable):
        items = list(policies)
        bad = [p for p in items if not isinstance(p, Policy | str | os.PathLike)]
        if bad:
            raise PolicyLensError(f"cannot compare a {type(bad[0]).__name__}: give paths or Policy objects")
        # the caller's own Policy objects are never renamed: duplicate ids are an error then
        given = any(isinstance(p, Policy) for p in items)
        loaded = load_corpus(items, errors=errors, duplicates="raise" if given else "rename")
    else:
        raise PolicyLensError(f"cannot compare a {type(policies).__name__}: give paths or Policy objects")
    if not loaded:
        skipped = list(getattr(loaded, "skipped", []))
        why = "; ".join(f"{path}: {problem}" for path, problem in skipped[:3])
        more = f" (and {len(skipped) - 3} more)" if len(skipped) > 3 else ""
        raise PolicyLensError(f"no policies to compare: every file was skipped: {why}{more}"
                              if skipped else "no policies to compare")
    seen: set[str] = set()
    for p in loaded:
        if p.id in seen:
            raise CorpusError(f"duplicate policy id {p.id!r}: give each policy a distinct id")
        seen.add(p.id)
    return list(loaded), list(getattr(loaded, "skipped", []))


# --------------------------------------------------------------------------------------------
# the report


class ComparisonReport:
    """Comparison matrices, charts and exports for a set of policies (see the module docstring).

    Every table is computed on first access and cached; treat them as read-only (copy before
    modifying).
    """

    def __init__(self, source: Sequence[Policy] | PipelineSource | ParquetSource | TableSource,
                 *, classifier: Any = None):
        if not isinstance(source, PipelineSource | ParquetSource | TableSource):
            source = PipelineSource(source, classifier=classifier)
        self._source = source
        #: files ``compare(..., errors="skip")`` could not load: (path, problem) pairs
        self.skipped: list[tuple[str, str]] = []
        self.set_compliance()

    @classmethod
    def from_tables(cls, policies: pd.DataFrame | list[dict[str, Any]], clauses: pd.DataFrame,
                    findings: pd.DataFrame) -> ComparisonReport:
        """A report over tables you already have: ``policies`` rows as ``policy_row`` returns
        them (a list of dicts, or a frame with a ``policy`` column or index), the clauses and the
        findings tables."""
        return cls(TableSource(policies, clauses, findings))

    # -- base tables -------------------------------------------------------------------------
    @property
    def policy_objects(self) -> list[Policy]:
        """The loaded :class:`Policy` objects (empty for a report opened from Parquet)."""
        return list(self._source.policy_objects)

    @cached_property
    def ids(self) -> list[str]:
        """Policy ids in input order (the index of every per-policy table)."""
        return list(self._source.ids)

    @cached_property
    def policies(self) -> pd.DataFrame:
        """Per-policy facts, index = policy id (columns: :data:`POLICY_COLUMNS`, then
        ``analysed``: False for a policy written in a language the rules do not read, whose
        empty findings mean "not analysed", not "no")."""
        frame = self._source.policies()
        objects = self._source.policy_objects
        if "language" not in frame.columns and objects:
            # Policy.language (policylens.io) until pipeline.policy_row writes the column
            language = {p.id: getattr(p, "language", None) for p in objects}
            frame = frame.assign(language=pd.array([language.get(i) for i in frame.index],
                                                   dtype="string"))
        return frame.assign(analysed=analysed_mask(frame))

    @cached_property
    def clauses(self) -> pd.DataFrame:
        """Every clause (``schema.CLAUSE_COLUMNS`` + ``category``, ``categories``, ``confidence``)."""
        return self._source.clauses()

    @cached_property
    def findings(self) -> pd.DataFrame:
        """The tidy findings table (``schema.FINDING_COLUMNS``) plus ``context``: the sentence
        (clause text) each finding lies in, after ``evidence`` (the matched span)."""
        return findings_with_context(self._source.findings(), self._source.clauses())

    @property
    def _findings(self) -> pd.DataFrame:
        # the matrices need no clause text: a big analysed corpus' clauses stay on disk
        if "findings" in self.__dict__:
            return self.findings
        return self._source.findings()

    @cached_property
    def analysed(self) -> pd.Series:
        """Per policy: True when its language is English or unknown (the rules read English);
        a policy in another language is *not analysed*: its empty findings mean nothing."""
        return self.policies["analysed"]

    @property
    def n_clauses(self) -> int:
        """Clauses over all policies (from the policies table: an analysed corpus' clause texts
        are not read just to count them)."""
        return int(self.policies["n_clauses"].sum())

    # -- matrices ------------------------------------------------------------------------------
    def _matrix(self, aspect: str, vocabulary_aspect: str | None = None) -> pd.DataFrame:
        from policylens.resources import vocabulary

        ids = vocabulary(vocabulary_aspect) if vocabulary_aspect else []
        return aspect_matrix(self._findings, aspect, ids, self.ids)

    @cached_property
    def rights(self) -> pd.DataFrame:
        """Policy x right (bool): the policy tells users they have the right or how to use it."""
        return self._matrix("right", "right")

    @cached_property
    def transfers(self) -> pd.DataFrame:
        """Policy x transfer mechanism (bool)."""
        return self._matrix("transfer_mechanism", "transfer_mechanism")

    @cached_property
    def legal_bases(self) -> pd.DataFrame:
        """Policy x legal basis (bool)."""
        return self._matrix("legal_basis", "legal_basis")

    @cached_property
    def laws(self) -> pd.DataFrame:
        """Policy x law cited (bool)."""
        return self._matrix("law", "law")

    @cached_property
    def destinations(self) -> pd.DataFrame:
        """Policy x transfer destination named (bool; columns sorted, only those named)."""
        return self._matrix("transfer_destination")

    # -- data practices (policylens.report.practices) -------------------------------------------
    def data_categories(self, context: str = "collected", scheme: str = "policylens") -> pd.DataFrame:
        """Policy x personal-data category (bool): the policy says it collects (``context=
        "collected"``), discloses for a business purpose (``"disclosed"``) or sells/shares
        (``"sold_shared"``) it. ``scheme="ccpa"``: the 11 CCPA statutory categories + ``sensitive``.
        A policy that states no category (or only denials) has an all-False row."""
        from policylens.report.practices import category_matrix

        return category_matrix(self.findings, self.ids, context, scheme)

    @cached_property
    def data_collected(self) -> pd.DataFrame:
        """Policy x personal-data category collected (bool); ``data_categories("collected")``."""
        return self.data_categories("collected")

    @cached_property
    def data_disclosed(self) -> pd.DataFrame:
        """Policy x personal-data category disclosed for a business purpose (bool)."""
        return self.data_categories("disclosed")

    @cached_property
    def data_sold_shared(self) -> pd.DataFrame:
        """Policy x personal-data category sold or shared (CCPA sense; bool)."""
        return self.data_categories("sold_shared")

    @cached_property
    def ccpa_categories(self) -> pd.DataFrame:
        """Policy x '<context>:<CCPA id>' (bool): the three CCPA-scheme matrices side by side
        (``collected:identifiers`` ... ``sold_shared:sensitive``)."""
        from policylens.report.practices import ccpa_wide

        return ccpa_wide(self.findings, self.ids)

    @cached_property
    def purposes(self) -> pd.DataFrame:
        """Policy x purpose of processing stated (bool)."""
        from policylens.report.practices import value_matrix

        return value_matrix(self.findings, self.ids, "purpose")

    @cached_property
    def recipients(self) -> pd.DataFrame:
        """Policy x recipient type the policy says receives personal data (bool)."""
        from policylens.report.practices import value_matrix

        return value_matrix(self.findings, self.ids, "recipient")

    @cached_property
    def data_sources(self) -> pd.DataFrame:
        """Policy x source of personal data stated (bool)."""
        from policylens.report.practices import value_matrix

        return value_matrix(self.findings, self.ids, "data_source")

    @cached_property
    def data_flows(self) -> pd.DataFrame:
        """Tidy table of data category -> purpose / recipient links stated in one clause:
        ``policy``, ``data_category``, ``context``, ``purpose``, ``recipient``, ``polarity``,
        ``clause_id``, ``evidence``."""
        from policylens.report.practices import data_flows

        return data_flows(self.findings)

    # -- other views ---------------------------------------------------------------------------
    @cached_property
    def retention(self) -> pd.DataFrame:
        """One row per stated retention period: ``policy``, ``data_category``, ``min_days``,
        ``max_days`` (<NA> for qualitative periods), ``condition``, ``value``, ``section``,
        ``clause_id``, ``start``, ``end``, ``evidence``; in policy order then text order."""
        found = self._findings
        sub = found.loc[found["aspect"] == "retention", RETENTION_COLUMNS]
        return in_policy_order(sub, self.ids).reset_index(drop=True)

    @cached_property
    def children(self) -> pd.DataFrame:
        """Per policy: ``min_age`` (the service's own minimum, nullable integer), ``ages_mentioned``
        (every age threshold stated, sorted list), ``laws`` (laws cited in the clauses that state
        an age), ``parental_consent`` (mentions parental consent), ``deletes_on_discovery``."""
        return children_table(self._findings, self.policies, self.ids)

    @cached_property
    def coverage(self) -> pd.DataFrame:
        """Policy x taxonomy category: number of clauses whose primary category it is (every
        taxonomy category present, in taxonomy order)."""
        return coverage_table(self._source.clause_categories(), self.ids)

    # -- evidence and differences --------------------------------------------------------------
    # -- compliance (policylens.compliance, #15) -----------------------------------------------
    def set_compliance(self, regimes: Sequence[str] | str | None = None, as_of: Any = None) -> None:
        """Which regimes ``compliance`` checks (default all) and the date ``as_of`` (default
        today) for "updated within 12 months"; drops a cached checklist."""
        from policylens.compliance import REGIMES, catalogue

        chosen = [regimes] if isinstance(regimes, str) else list(regimes or REGIMES)
        for regime in chosen:
            catalogue(regime)  # a clear error for an unknown regime, now
        self.compliance_regimes, self.as_of = tuple(chosen), as_of
        self.__dict__.pop("compliance", None)

    @cached_property
    def compliance(self) -> pd.DataFrame:
        """The compliance checklist: one row per (policy, regime, requirement) with status,
        citation, evidence and note (``policylens.compliance.COMPLIANCE_COLUMNS``)."""
        from policylens.compliance import checklist

        return checklist(self.clauses, self.findings, self.policies,
                         regimes=self.compliance_regimes, as_of=self.as_of)

    def scorecard(self, regime: str, *, styled: bool = False) -> pd.DataFrame | Styler:
        """Policy x requirement statuses of ``regime`` plus ``score`` (share of applicable items
        addressed); ``styled=True``: the \u2713 / \u2717 / \u2013 view (fixed Styler uuid)."""
        from policylens.compliance import scorecard
        from policylens.compliance.render import style_scorecard

        if regime not in self.compliance_regimes:
            raise PolicyLensError(f"regime {regime!r} not checked: compare(..., regimes=[...{regime!r}])")
        card = scorecard(self.compliance, regime)
        return style_scorecard(card, f"policylens-scorecard-{regime}") if styled else card

    @cached_property
    def regimes(self) -> pd.DataFrame:
        """Which regimes each policy says it follows: laws cited and audiences addressed."""
        from policylens.compliance import regimes_followed

        return regimes_followed(self.clauses, self.findings, self.policies)

    def evidence(self, policy: str, aspect: str, value: str | None = None) -> pd.DataFrame:
        """The findings behind a cell, with the sentence each lies in (``context``) and the whole
        clause (``clause``).

        ``aspect`` is a findings aspect id (``right``, ``transfer_mechanism``, ``legal_basis``,
        ``law``, ``transfer_destination``, ``retention``, ``child_age``, ``sells_data`` ...) or
        ``category`` (then the clauses whose primary category is ``value``); ``value`` an id of
        that aspect (None: all). An unknown aspect or value raises with the valid names and the
        closest one, rather than returning an empty table.

        Examples
        --------
        >>> report = compare()                                    # doctest: +SKIP
        >>> report.evidence(report.ids[0], "right", "erasure")    # doctest: +SKIP
        >>> report.evidence(report.ids[0], "right", "erasure_")   # doctest: +SKIP
        PolicyLensError: unknown right 'erasure_'; did you mean 'erasure'? (valid: access, ...)
        """
        self._check_policy(policy)
        aspect = self._check_aspect(aspect)
        if aspect == "category":
            if value is not None:
                self._check_value(aspect, value, self._categories())
            sub = self.clauses[self.clauses["policy"] == policy]
            if value is not None:
                sub = sub[sub["category"] == value]
            return sub.reset_index(drop=True)
        found = self.findings
        if value is not None:
            self._check_value(aspect, value, self._values(aspect))
        mask = (found["policy"] == policy) & (found["aspect"] == aspect)
        if value is not None:
            mask &= found["value"] == value
        sub = found.loc[mask]
        clauses = self.clauses.loc[self.clauses["policy"] == policy, ["clause_id", "text"]]
        out = sub.merge(clauses.rename(columns={"text": "clause"}), on="clause_id", how="left")
        return out.sort_values(["start", "end"], kind="stable").reset_index(drop=True)

    def _aspects(self) -> list[str]:
        from policylens.resources import load_data

        known = [*DOCUMENTED_ASPECTS, *load_data("vocabulary.yaml")["aspects"], "category"]
        known += [a for a in self._findings["aspect"].dropna().unique() if a not in known]
        return list(dict.fromkeys(known))

    def _check_aspect(self, aspect: str) -> str:
        known = self._aspects()
        if aspect not in known:
            raise PolicyLensError(f"unknown aspect {aspect!r}{_did_you_mean(aspect, known)} "
                                  f"(valid: {', '.join(known)})")
        return aspect

    def _values(self, aspect: str) -> list[str]:
        from policylens.resources import load_data

        vocab = list(load_data("vocabulary.yaml")["aspects"].get(aspect, []))
        found = self._findings
        seen = found.loc[found["aspect"] == aspect, "value"].dropna()
        return list(dict.fromkeys([*vocab, *(str(v) for v in seen)]))

    @staticmethod
    def _categories() -> list[str]:
        from policylens.taxonomy import load_taxonomy

        return [item["id"] for entry in load_taxonomy()["categories"]
                for item in (entry, *entry.get("subcategories", ()))]

    @staticmethod
    def _check_value(aspect: str, value: str, valid: list[str]) -> None:
        if not valid or value in valid:  # an aspect with no vocabulary and no finding: nothing to check
            return
        shown = ", ".join(valid[:30]) + (" ..." if len(valid) > 30 else "")
        raise PolicyLensError(f"unknown {aspect.replace('_', ' ')} {value!r}"
                              f"{_did_you_mean(value, valid)} (valid: {shown})")

    def diff(self, a: str, b: str) -> pd.DataFrame:
        """What differs between policies ``a`` and ``b``, aspect by aspect: one row per fact,
        right, mechanism, legal basis, law, destination, age or retention data category where they
        differ. Columns: ``aspect``, ``item``, ``<a>``, ``<b>``."""
        self._check_policy(a)
        self._check_policy(b)
        if a == b:
            raise PolicyLensError(f"diff needs two different policies (got {a!r} twice)")
        rows: list[tuple[str, str, Any, Any]] = []
        for fact in DIFF_FACTS:
            va, vb = self.policies.at[a, fact], self.policies.at[b, fact]
            if not same_value(va, vb):
                rows.append(("fact", fact, plain_python(va), plain_python(vb)))
        for name, aspect in [*MATRIX_ASPECTS.items(), ("destinations", "transfer_destination")]:
            matrix = getattr(self, name)
            for col in matrix.columns:
                va, vb = bool(matrix.at[a, col]), bool(matrix.at[b, col])
                if va != vb:
                    rows.append((aspect, str(col), va, vb))
        for name, aspect in (("data_collected", "data_collected"), ("data_disclosed", "data_disclosed"),
                             ("data_sold_shared", "data_sold_shared"), ("purposes", "purpose"),
                             ("recipients", "recipient"), ("data_sources", "data_source")):
            matrix = getattr(self, name)
            for col in matrix.columns:
                va, vb = bool(matrix.at[a, col]), bool(matrix.at[b, col])
                if va != vb:
                    rows.append((aspect, str(col), va, vb))
        kids = self.children
        for col in ("ages_mentioned", "parental_consent", "deletes_on_discovery"):
            va, vb = kids.at[a, col], kids.at[b, col]
            if not same_value(va, vb):
                rows.append(("child_age", col, plain_python(va), plain_python(vb)))
        periods = {p: retention_by_category(self.retention, p) for p in (a, b)}
        for category in sorted(set(periods[a]) | set(periods[b])):
            va, vb = periods[a].get(category, ""), periods[b].get(category, "")
            if va != vb:
                rows.append(("retention", category, va, vb))
        return pd.DataFrame(rows, columns=["aspect", "item", a, b])

    def _check_policy(self, policy: str) -> None:
        if policy not in self.ids:
            known = ", ".join(self.ids[:10]) + (" ..." if len(self.ids) > 10 else "")
            raise PolicyLensError(f"unknown policy {policy!r}{_did_you_mean(policy, self.ids)} "
                                  f"(known: {known})")

    # -- the plain summary renderers read ---------------------------------------------------------
    def summary(self, *, generated: str | None = None) -> dict[str, Any]:
        """The report as plain data (dicts and frames) for renderers, which never see this
        object: ``meta`` (generation date, policylens version, counts), ``inputs`` (per policy:
        id, name, file name, language, analysed), ``skipped`` (file name and reason per file not
        loaded), ``sections`` (:data:`policylens.report.sections.SECTIONS`), ``tables`` (section
        key -> frame), ``clauses`` (the clauses findings lie in) and ``vocabulary``.

        Examples
        --------
        >>> summary = compare().summary()          # doctest: +SKIP
        >>> sorted(summary)                        # doctest: +SKIP
        ['clauses', 'inputs', 'meta', 'sections', 'skipped', 'tables', 'vocabulary']
        """
        import datetime

        from policylens import __version__
        from policylens.resources import load_data

        policies = self.policies
        analysed = self.analysed
        inputs = []
        for pid in self.ids:
            name = policies.at[pid, "name"] if "name" in policies.columns else None
            source = policies.at[pid, "source"] if "source" in policies.columns else None
            language = policies.at[pid, "language"] if "language" in policies.columns else None
            inputs.append({
                "policy": pid,
                "name": str(name) if isinstance(name, str) and name.strip() else pid,
                "file": Path(str(source)).name if isinstance(source, str) and source else "",
                "language": str(language) if isinstance(language, str) and language else None,
                "analysed": bool(analysed.get(pid, True)),
            })
        tables = {s.key: getattr(self, s.key) for s in SECTIONS if hasattr(type(self), s.key)}
        return {
            "meta": {
                "generated": generated or datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "version": __version__,
                "n_policies": len(self.ids),
                "n_clauses": self.n_clauses,
                "n_findings": len(self._findings),
            },
            "inputs": inputs,
            "skipped": [_skipped_entry(item) for item in self.skipped],
            "sections": list(SECTIONS),
            "tables": tables,
            "clauses": evidence_clauses(self.findings, self.clauses),
            "vocabulary": {k: list(v) for k, v in load_data("vocabulary.yaml")["aspects"].items()},
        }

    # -- display -------------------------------------------------------------------------------
    def styled(self, table: str, *, max_rows: int | None = None) -> Styler:
        """A pandas Styler for a table (``rights``, ``policies``...) with a fixed uuid (stable
        notebook output), escaped text and check marks for bool matrices."""
        frame = getattr(self, table)
        if not isinstance(frame, pd.DataFrame):
            raise PolicyLensError(f"{table!r} is not a table of the report")
        if max_rows is not None:
            frame = frame.head(max_rows)
        from policylens.report.notebook import style_table

        return style_table(frame, uuid=f"policylens-{table}")

    def __repr__(self) -> str:
        n = len(self.ids)
        shown = ", ".join(self.ids[:5]) + (", ..." if n > 5 else "")
        return (f"<ComparisonReport: {n} {'policy' if n == 1 else 'policies'} ({shown}); "
                f"{self.n_clauses:,} clauses, {len(self._findings):,} findings>")

    def _repr_html_(self) -> str:
        from policylens.report.notebook import summary_html

        return summary_html(self.summary())

    @cached_property
    def plot(self) -> PlotAccessor:
        """Charts: ``report.plot.rights()``, ``.transfers()``, ``.legal_bases()``, ``.laws()``,
        ``.retention()``, ``.children()``, ``.coverage()``; each takes ``ax=None`` and returns the
        Axes."""
        return PlotAccessor(self)

    # -- exports -------------------------------------------------------------------------------
    def to_html(self, path: str | os.PathLike) -> Path:
        """Write one self-contained HTML report (matrices, charts, evidence for every cell)."""
        from policylens.report.html import write_html

        return write_html(self.summary(), path)

    def to_excel(self, path: str | os.PathLike) -> Path:
        """Write a workbook: one sheet per table plus the findings (formula-like text neutralised)."""
        from policylens.report.spreadsheet import write_excel

        return write_excel(self.summary(), path)

    def to_csv(self, folder: str | os.PathLike) -> list[Path]:
        """Write one CSV per table into ``folder`` (formula-like text neutralised)."""
        from policylens.report.spreadsheet import write_csv

        return write_csv(self.summary(), folder, clauses=self.clauses)


def _did_you_mean(value: str, valid: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(str(value), [str(v) for v in valid], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _skipped_entry(item: Any) -> dict[str, str]:
    """A skipped file as {file, reason}: the file's name (never a local absolute path)."""
    if isinstance(item, tuple | list) and len(item) == 2:
        path, reason = item
    else:
        path = getattr(item, "path", getattr(item, "file", item))
        reason = getattr(item, "reason", getattr(item, "problem", ""))
    name = Path(str(path)).name or str(path)
    return {"file": name, "reason": str(reason).replace(str(path), name)}


class PlotAccessor:
    """``report.plot.<chart>(ax=None, **kwargs) -> Axes`` (see ``policylens.report.plotting``)."""

    def __init__(self, report: ComparisonReport):
        self._report = report

    def data_categories(self, context: str = "collected", scheme: str = "policylens", ax: Any = None,
                        **kwargs: Any) -> Any:
        """Category x policy heatmap of the personal data collected / disclosed / sold or shared."""
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", f"Personal data {context.replace('_', ' or ')} ({scheme})")
        return matrix_heatmap(self._report.data_categories(context, scheme).T, ax=ax, **kwargs)

    def purposes(self, ax: Any = None, **kwargs: Any) -> Any:
        """Purpose x policy heatmap."""
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", "Purposes of processing")
        return matrix_heatmap(self._report.purposes.T, ax=ax, **kwargs)

    def recipients(self, ax: Any = None, **kwargs: Any) -> Any:
        """Recipient type x policy heatmap."""
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", "Recipients of personal data")
        return matrix_heatmap(self._report.recipients.T, ax=ax, **kwargs)

    def rights(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.report.plotting import rights_heatmap

        return rights_heatmap(self._report.rights, ax=ax, **kwargs)

    def transfers(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.report.plotting import transfers_heatmap

        return transfers_heatmap(self._report.transfers, ax=ax, **kwargs)

    def legal_bases(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", "Legal bases")
        return matrix_heatmap(self._report.legal_bases, ax=ax, **kwargs)

    def laws(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", "Laws cited")
        return matrix_heatmap(self._report.laws, ax=ax, **kwargs)

    def retention(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.report.plotting import retention_chart

        return retention_chart(self._report.retention, ax=ax, **kwargs)

    def children(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.report.plotting import child_age_chart

        return child_age_chart(self._report.children, ax=ax, **kwargs)

    def coverage(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.report.plotting import coverage_chart

        return coverage_chart(self._report.coverage, ax=ax, **kwargs)

