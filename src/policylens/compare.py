"""Compare policies: one call from a set of policies to matrices an analyst can read, chart and cite.

``compare(policies)`` returns a :class:`ComparisonReport`. Building it is cheap; the pipeline
(``policylens.pipeline.run_policy``) runs on the first access to a table and every derived table
is computed once and cached. ``open(out_dir)`` (or ``compare(out_dir)``) reads the Parquet tables
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

import html
import os
from collections.abc import Iterable, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from policylens.errors import CorpusError, PolicyLensError
from policylens.policy import Policy
from policylens.schema import (
    CLASSIFICATION_COLUMNS,
    CLAUSE_COLUMNS,
    FINDING_COLUMNS,
    POLICY_COLUMNS,
    coerce,
    empty_frame,
)

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

__all__ = ["POLICY_COLUMNS", "ComparisonReport", "compare", "open"]

#: matrix attribute -> findings aspect (and vocabulary aspect)
MATRIX_ASPECTS: dict[str, str] = {
    "rights": "right",
    "transfers": "transfer_mechanism",
    "legal_bases": "legal_basis",
    "laws": "law",
}

#: names accepted by ``evidence``/``diff`` for an aspect, mapped to the findings' aspect id
ASPECT_ALIASES: dict[str, str] = {
    **MATRIX_ASPECTS,
    "destinations": "transfer_destination",
    "children": "child_age",
    "child": "child_age",
    "retention": "retention",
}

#: per-policy facts that ``diff`` compares, in this order
DIFF_FACTS = ("last_updated", "sells_data", "shares_for_ads", "breach_notice_hours", "response_days",
              "has_dpo", "min_child_age", "third_party_services")

RETENTION_COLUMNS = ["policy", "data_category", "min_days", "max_days", "condition", "value",
                     "section", "clause_id", "start", "end", "evidence"]



# --------------------------------------------------------------------------------------------
# entry points


def compare(policies: Any = None, *, classifier: Any = None, errors: str = "raise") -> ComparisonReport:
    """Compare policies.

    ``policies``: ``None`` (the bundled policies), a folder, a file, a list of paths and/or
    :class:`~policylens.Policy` objects, or a folder written by ``policylens.analyze`` (it holds
    ``policies.parquet``; then this is ``open(folder)``). ``classifier`` is passed to
    ``classify`` (``None``: the bundled model); ``errors`` to ``load_corpus`` ("raise" | "skip").
    Nothing runs until a table is first used.
    """
    if isinstance(policies, str | os.PathLike):
        path = Path(policies)
        if path.is_dir() and _is_analysed(path):
            return open(path)
    loaded, skipped = _load_policies(policies, errors)
    report = ComparisonReport(loaded, classifier=classifier)
    report.skipped = skipped
    return report


def open(out_dir: str | os.PathLike) -> ComparisonReport:  # noqa: A001 - policylens.open(out_dir)
    """A report over the Parquet tables ``policylens.analyze`` wrote to ``out_dir``."""
    path = Path(out_dir)
    if not path.is_dir():
        raise PolicyLensError(f"{path}: not a folder")
    if not _is_analysed(path):
        raise PolicyLensError(f"{path}: no policies.parquet (not an analyze output folder)")
    return ComparisonReport(_ParquetSource(path))


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
        raise PolicyLensError("no policies to compare")
    seen: set[str] = set()
    for p in loaded:
        if p.id in seen:
            raise CorpusError(f"duplicate policy id {p.id!r}: give each policy a distinct id")
        seen.add(p.id)
    return list(loaded), list(getattr(loaded, "skipped", []))


# --------------------------------------------------------------------------------------------
# where the three base tables come from


class _PipelineSource:
    """Runs the pipeline over in-memory policies (once, on first use)."""

    def __init__(self, policies: Sequence[Policy], classifier: Any = None):
        self.policy_objects = list(policies)
        self.classifier = classifier

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.policy_objects]

    @cached_property
    def _tables(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        from policylens.pipeline import policy_row, run_policy

        rows, clause_frames, finding_frames = [], [], []
        for policy in self.policy_objects:
            clauses, findings = run_policy(policy, classifier=self.classifier)
            rows.append(policy_row(policy, clauses, findings))
            clause_frames.append(clauses)
            finding_frames.append(findings)
        return (_policies_frame(rows), _concat(clause_frames, _clause_columns()),
                _concat(finding_frames, FINDING_COLUMNS))

    def policies(self) -> pd.DataFrame:
        return self._tables[0]

    def clauses(self) -> pd.DataFrame:
        return self._tables[1]

    def clause_categories(self) -> pd.DataFrame:
        return self._tables[1][["policy", "category"]]

    def findings(self) -> pd.DataFrame:
        return self._tables[2]


class _ParquetSource:
    """Reads the tables ``analyze`` wrote (each file or partitioned folder read on first use)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.policy_objects: list[Policy] = []
        self.classifier = None

    @property
    def ids(self) -> list[str]:
        return list(self.policies().index)

    def _read(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        path = self.folder / f"{name}.parquet"
        if not path.exists():
            raise PolicyLensError(f"{path}: missing (analyze writes policies, clauses and findings)")
        try:
            return pd.read_parquet(path, columns=columns)
        except (OSError, ValueError) as exc:  # pyarrow errors derive from these
            raise PolicyLensError(f"{path}: cannot read Parquet ({exc})") from exc

    @cached_property
    def _policies(self) -> pd.DataFrame:
        frame = self._read("policies")
        if "policy" not in frame.columns:
            raise PolicyLensError(f"{self.folder / 'policies.parquet'}: no 'policy' column")
        return _policies_frame(frame.to_dict("records"))

    @cached_property
    def _clauses(self) -> pd.DataFrame:
        return coerce(self._read("clauses"), _clause_columns())

    @cached_property
    def _findings(self) -> pd.DataFrame:
        return coerce(self._read("findings"), FINDING_COLUMNS)

    def policies(self) -> pd.DataFrame:
        return self._policies

    def clauses(self) -> pd.DataFrame:
        return self._clauses

    def clause_categories(self) -> pd.DataFrame:
        # only two columns: a big corpus' clause texts stay on disk
        if "_clauses" in self.__dict__:
            return self._clauses[["policy", "category"]]
        return self._read("clauses", columns=["policy", "category"])

    def findings(self) -> pd.DataFrame:
        return self._findings


class _TableSource:
    """Tables given in memory (``ComparisonReport.from_tables``)."""

    def __init__(self, policies: pd.DataFrame | list[dict[str, Any]], clauses: pd.DataFrame,
                 findings: pd.DataFrame):
        if isinstance(policies, pd.DataFrame):
            policies = (policies.reset_index() if "policy" not in policies.columns else policies
                        ).to_dict("records")
        self._policies = _policies_frame(list(policies))
        self._clauses = coerce(clauses, _clause_columns()).reset_index(drop=True)
        self._findings = coerce(findings, FINDING_COLUMNS).reset_index(drop=True)
        self.policy_objects: list[Policy] = []
        self.classifier = None

    @property
    def ids(self) -> list[str]:
        return list(self._policies.index)

    def policies(self) -> pd.DataFrame:
        return self._policies

    def clauses(self) -> pd.DataFrame:
        return self._clauses

    def clause_categories(self) -> pd.DataFrame:
        return self._clauses[["policy", "category"]]

    def findings(self) -> pd.DataFrame:
        return self._findings


def _clause_columns() -> dict[str, tuple[str, str]]:
    return {**CLAUSE_COLUMNS, **CLASSIFICATION_COLUMNS}


def _concat(frames: list[pd.DataFrame], columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_frame(columns)
    return coerce(pd.concat(frames, ignore_index=True), columns)


def _policies_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The ``policies`` table from ``policy_row`` dicts: documented columns and dtypes first."""
    frame = pd.DataFrame(rows)
    if "policy" not in frame.columns:
        frame["policy"] = pd.Series(dtype="string")
    frame["policy"] = frame["policy"].astype("string")
    frame = frame.set_index("policy")
    columns = [c for c in POLICY_COLUMNS if c != "policy"]
    for name in columns:
        dtype = POLICY_COLUMNS[name][0]
        values = frame[name] if name in frame.columns else pd.Series(None, index=frame.index,
                                                                     dtype=object)
        frame[name] = _as_dtype(values, dtype)
    return frame[columns + [c for c in frame.columns if c not in POLICY_COLUMNS]]


def _as_dtype(series: pd.Series, dtype: str) -> pd.Series:
    if dtype == "boolean":
        return series.map(_tri_state).astype("boolean")
    if dtype == "string":
        return series.map(lambda v: ";".join(map(str, v)) if isinstance(v, list | tuple) else v
                          ).astype("string")
    if dtype in ("Int64", "Float64", "int64"):
        numbers = pd.to_numeric(series, errors="coerce")
        return numbers.fillna(0).astype(dtype) if dtype == "int64" else numbers.astype(dtype)
    return series.astype(dtype)


def _tri_state(value: Any) -> Any:
    if isinstance(value, str):
        return {"true": True, "yes": True, "false": False, "no": False}.get(value.strip().lower(), pd.NA)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return pd.NA
    return bool(value)


# --------------------------------------------------------------------------------------------
# the report


class ComparisonReport:
    """Comparison matrices, charts and exports for a set of policies (see the module docstring).

    Every table is computed on first access and cached; treat them as read-only (copy before
    modifying).
    """

    def __init__(self, source: Sequence[Policy] | _PipelineSource | _ParquetSource | _TableSource,
                 *, classifier: Any = None):
        if not isinstance(source, _PipelineSource | _ParquetSource | _TableSource):
            source = _PipelineSource(source, classifier=classifier)
        self._source = source
        #: files ``compare(..., errors="skip")`` could not load: (path, problem) pairs
        self.skipped: list[tuple[str, str]] = []

    @classmethod
    def from_tables(cls, policies: pd.DataFrame | list[dict[str, Any]], clauses: pd.DataFrame,
                    findings: pd.DataFrame) -> ComparisonReport:
        """A report over tables you already have: ``policies`` rows as ``policy_row`` returns
        them (a list of dicts, or a frame with a ``policy`` column or index), the clauses and the
        findings tables."""
        return cls(_TableSource(policies, clauses, findings))

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
        """Per-policy facts, index = policy id (columns: :data:`POLICY_COLUMNS`)."""
        return self._source.policies()

    @cached_property
    def clauses(self) -> pd.DataFrame:
        """Every clause (``schema.CLAUSE_COLUMNS`` + ``category``, ``categories``, ``confidence``)."""
        return self._source.clauses()

    @cached_property
    def findings(self) -> pd.DataFrame:
        """The tidy findings table (``schema.FINDING_COLUMNS``)."""
        return self._source.findings()

    @property
    def n_clauses(self) -> int:
        """Clauses over all policies (from the policies table: an analysed corpus' clause texts
        are not read just to count them)."""
        return int(self.policies["n_clauses"].sum())

    # -- matrices ------------------------------------------------------------------------------
    def _matrix(self, aspect: str, vocabulary_aspect: str | None = None) -> pd.DataFrame:
        from policylens.resources import vocabulary

        ids = vocabulary(vocabulary_aspect) if vocabulary_aspect else []
        return aspect_matrix(self.findings, aspect, ids, self.ids)

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

    # -- other views ---------------------------------------------------------------------------
    @cached_property
    def retention(self) -> pd.DataFrame:
        """One row per stated retention period: ``policy``, ``data_category``, ``min_days``,
        ``max_days`` (<NA> for qualitative periods), ``condition``, ``value``, ``section``,
        ``clause_id``, ``start``, ``end``, ``evidence``; in policy order then text order."""
        sub = self.findings.loc[self.findings["aspect"] == "retention", RETENTION_COLUMNS]
        return _in_policy_order(sub, self.ids).reset_index(drop=True)

    @cached_property
    def children(self) -> pd.DataFrame:
        """Per policy: ``min_age`` (the service's own minimum, nullable integer), ``ages_mentioned``
        (every age threshold stated, sorted list), ``laws`` (laws cited in the clauses that state
        an age), ``parental_consent`` (mentions parental consent), ``deletes_on_discovery``."""
        return children_table(self.findings, self.policies, self.ids)

    @cached_property
    def coverage(self) -> pd.DataFrame:
        """Policy x taxonomy category: number of clauses whose primary category it is (every
        taxonomy category present, in taxonomy order)."""
        return coverage_table(self._source.clause_categories(), self.ids)

    # -- evidence and differences --------------------------------------------------------------
    def evidence(self, policy: str, aspect: str, value: str | None = None) -> pd.DataFrame:
        """The findings behind a cell: ``aspect`` is a findings aspect (``right``, ``law``...) or a
        table name (``rights``, ``transfers``, ``children``...); ``value`` a column id (None: all).
        Columns: the findings columns plus ``clause`` (the whole clause text). ``aspect="category"``
        returns the clauses whose primary category is ``value``."""
        self._check_policy(policy)
        if aspect in ("category", "coverage"):
            sub = self.clauses[self.clauses["policy"] == policy]
            if value is not None:
                sub = sub[sub["category"] == value]
            return sub.reset_index(drop=True)
        aspect = ASPECT_ALIASES.get(aspect, aspect)
        found = self.findings
        mask = (found["policy"] == policy) & (found["aspect"] == aspect)
        if value is not None:
            mask &= found["value"] == value
        sub = found.loc[mask]
        clauses = self.clauses.loc[self.clauses["policy"] == policy, ["clause_id", "text"]]
        out = sub.merge(clauses.rename(columns={"text": "clause"}), on="clause_id", how="left")
        return out.sort_values(["start", "end"], kind="stable").reset_index(drop=True)

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
            if not _same(va, vb):
                rows.append(("fact", fact, _plain(va), _plain(vb)))
        for name, aspect in [*MATRIX_ASPECTS.items(), ("destinations", "transfer_destination")]:
            matrix = getattr(self, name)
            for col in matrix.columns:
                va, vb = bool(matrix.at[a, col]), bool(matrix.at[b, col])
                if va != vb:
                    rows.append((aspect, str(col), va, vb))
        kids = self.children
        for col in ("ages_mentioned", "parental_consent", "deletes_on_discovery"):
            va, vb = kids.at[a, col], kids.at[b, col]
            if not _same(va, vb):
                rows.append(("child_age", col, _plain(va), _plain(vb)))
        periods = {p: _retention_by_category(self.retention, p) for p in (a, b)}
        for category in sorted(set(periods[a]) | set(periods[b])):
            va, vb = periods[a].get(category, ""), periods[b].get(category, "")
            if va != vb:
                rows.append(("retention", category, va, vb))
        return pd.DataFrame(rows, columns=["aspect", "item", a, b])

    def _check_policy(self, policy: str) -> None:
        if policy not in self.ids:
            known = ", ".join(self.ids[:10]) + (" ..." if len(self.ids) > 10 else "")
            raise PolicyLensError(f"unknown policy {policy!r} (known: {known})")

    # -- display -------------------------------------------------------------------------------
    def styled(self, table: str, *, max_rows: int | None = None) -> Styler:
        """A pandas Styler for a table (``rights``, ``policies``...) with a fixed uuid (stable
        notebook output), escaped text and check marks for bool matrices."""
        frame = getattr(self, table)
        if not isinstance(frame, pd.DataFrame):
            raise PolicyLensError(f"{table!r} is not a table of the report")
        if max_rows is not None:
            frame = frame.head(max_rows)
        return style_table(frame, uuid=f"policylens-{table}")

    def __repr__(self) -> str:
        n = len(self.ids)
        shown = ", ".join(self.ids[:5]) + (", ..." if n > 5 else "")
        return (f"<ComparisonReport: {n} {'policy' if n == 1 else 'policies'} ({shown}); "
                f"{self.n_clauses:,} clauses, {len(self.findings):,} findings>")

    def _repr_html_(self) -> str:
        return summary_html(self)

    @cached_property
    def plot(self) -> PlotAccessor:
        """Charts: ``report.plot.rights()``, ``.transfers()``, ``.legal_bases()``, ``.laws()``,
        ``.retention()``, ``.children()``, ``.coverage()``; each takes ``ax=None`` and returns the
        Axes."""
        return PlotAccessor(self)

    # -- exports -------------------------------------------------------------------------------
    def to_html(self, path: str | os.PathLike) -> Path:
        """Write one self-contained HTML report (matrices, charts, evidence for every cell)."""
        from policylens.report import write_html

        return write_html(self, path)

    def to_excel(self, path: str | os.PathLike) -> Path:
        """Write a workbook: one sheet per table plus the findings (formula-like text neutralised)."""
        from policylens.report import write_excel

        return write_excel(self, path)

    def to_csv(self, folder: str | os.PathLike) -> list[Path]:
        """Write one CSV per table into ``folder`` (formula-like text neutralised)."""
        from policylens.report import write_csv

        return write_csv(self, folder)


class PlotAccessor:
    """``report.plot.<chart>(ax=None, **kwargs) -> Axes`` (see ``policylens.plotting``)."""

    def __init__(self, report: ComparisonReport):
        self._report = report

    def rights(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.plotting import rights_heatmap

        return rights_heatmap(self._report.rights, ax=ax, **kwargs)

    def transfers(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.plotting import transfers_heatmap

        return transfers_heatmap(self._report.transfers, ax=ax, **kwargs)

    def legal_bases(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.plotting import matrix_heatmap

        kwargs.setdefault("title", "Legal bases")
        return matrix_heatmap(self._report.legal_bases, ax=ax, **kwargs)

    def laws(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.plotting import matrix_heatmap

        kwargs.setdefault("title", "Laws cited")
        return matrix_heatmap(self._report.laws, ax=ax, **kwargs)

    def retention(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.plotting import retention_chart

        return retention_chart(self._report.retention, ax=ax, **kwargs)

    def children(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.plotting import child_age_chart

        return child_age_chart(self._report.children, ax=ax, **kwargs)

    def coverage(self, ax: Any = None, **kwargs: Any) -> Any:
        from policylens.plotting import coverage_chart

        return coverage_chart(self._report.coverage, ax=ax, **kwargs)


# --------------------------------------------------------------------------------------------
# table builders (pure functions over the base tables; also used by tests)


def aspect_matrix(findings: pd.DataFrame, aspect: str, ids: Sequence[str],
                  policies: Sequence[str]) -> pd.DataFrame:
    """Bool matrix: index = ``policies``, columns = ``ids`` then any other value of ``aspect``
    found (sorted), True where the policy has a finding with that value."""
    sub = findings.loc[(findings["aspect"] == aspect) & findings["value"].notna(), ["policy", "value"]]
    sub = sub[sub["value"] != ""]
    extra = sorted(set(sub["value"]) - set(ids))
    columns = pd.Index([*ids, *extra], name=aspect, dtype="object")
    index = pd.Index(list(policies), name="policy", dtype="string")
    present = set(zip(sub["policy"], sub["value"], strict=True))
    data = [[(p, c) in present for c in columns] for p in index]
    return pd.DataFrame(data, index=index, columns=columns, dtype=bool)


def children_table(findings: pd.DataFrame, policies: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    ages = findings[findings["aspect"] == "child_age"]
    age_clauses = set(zip(ages["policy"], ages["clause_id"], strict=True))
    laws = findings[findings["aspect"] == "law"]
    in_age_clause = [(p, c) in age_clauses for p, c in zip(laws["policy"], laws["clause_id"], strict=True)]
    laws = laws[pd.Series(in_age_clause, index=laws.index, dtype=bool)]
    rows = []
    for pid in ids:
        mine = ages[ages["policy"] == pid]
        numbers = sorted({int(n) for n in mine["number"].dropna()})
        rows.append({
            "policy": pid,
            "min_age": policies.at[pid, "min_child_age"] if pid in policies.index else pd.NA,
            "ages_mentioned": numbers,
            "laws": sorted(set(laws.loc[laws["policy"] == pid, "value"])),
            "parental_consent": bool((mine["role"] == "parental_consent").any()),
            "deletes_on_discovery": bool((mine["role"] == "deletion_on_discovery").any()),
        })
    frame = pd.DataFrame(rows, columns=["policy", "min_age", "ages_mentioned", "laws",
                                        "parental_consent", "deletes_on_discovery"])
    frame["min_age"] = pd.to_numeric(frame["min_age"], errors="coerce").astype("Int64")
    frame["parental_consent"] = frame["parental_consent"].astype(bool)
    frame["deletes_on_discovery"] = frame["deletes_on_discovery"].astype(bool)
    frame = frame.set_index("policy")
    frame.index = frame.index.astype("string")
    return frame


def taxonomy_categories() -> list[str]:
    """Taxonomy category ids in taxonomy order ([] until the taxonomy module exists)."""
    try:
        from policylens.taxonomy import categories
    except ImportError:
        return []
    return [c if isinstance(c, str) else getattr(c, "id", str(c)) for c in categories()]


def _parent(category: str) -> str:
    from policylens.taxonomy import parent

    try:
        return parent(category)
    except KeyError:
        return category


def coverage_table(clauses: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    known = taxonomy_categories()
    if "category" in clauses.columns:
        cats = clauses.loc[clauses["category"].notna(), ["policy", "category"]]
        cats = cats[cats["category"] != ""]
    else:
        cats = pd.DataFrame({"policy": [], "category": []})
    if len(cats) and known:
        # sub-category ids count for their top-level category
        cats = cats.assign(category=cats["category"].map(lambda c: c if c in known else _parent(c)))
    extra = sorted(set(cats["category"]) - set(known))
    counts = pd.crosstab(cats["policy"], cats["category"]) if len(cats) else pd.DataFrame()
    columns = pd.Index([*known, *extra], name="category", dtype="object")
    out = counts.reindex(index=list(ids), columns=columns, fill_value=0).fillna(0).astype("int64")
    out.index = pd.Index(list(ids), name="policy", dtype="string")
    return out


def _in_policy_order(frame: pd.DataFrame, ids: Sequence[str]) -> pd.DataFrame:
    order = {p: i for i, p in enumerate(ids)}
    key = frame["policy"].map(order)
    return frame.assign(_order=key).sort_values(["_order", "start", "end"], kind="stable").drop(
        columns="_order")


def format_days(days: Any) -> str:
    """Human-readable duration for a number of days (365 -> '1 year', 30 -> '1 month')."""
    if days is None or days is pd.NA or pd.isna(days):
        return ""
    days = float(days)
    # years and months only when exact (a stated "30 days" stays 30 days; 90 -> 3 months)
    if days >= 365 and (days / 365).is_integer():
        n = int(days / 365)
        return f"{n} year{'s' if n != 1 else ''}"
    if days >= 60 and (days / 30).is_integer():
        return f"{int(days / 30)} months"
    if days >= 1:
        return f"{days:g} day{'s' if days != 1 else ''}"
    return f"{days * 24:g} hours"


def format_period(min_days: Any, max_days: Any, condition: str = "") -> str:
    """'30 days', '1-2 years'... with the condition or the qualitative kind."""
    lo, hi = format_days(min_days), format_days(max_days)
    text = f"{lo} to {hi}" if lo and hi and lo != hi else hi or lo
    condition = condition if isinstance(condition, str) else ""
    return " ".join(part for part in (text, condition.replace("_", " ")) if part)


def _retention_by_category(retention: pd.DataFrame, policy: str) -> dict[str, str]:
    mine = retention[retention["policy"] == policy]
    out: dict[str, list[str]] = {}
    for category, lo, hi, cond in zip(mine["data_category"], mine["min_days"], mine["max_days"],
                                      mine["condition"], strict=True):
        key = (category if isinstance(category, str) and category else "(unspecified)").strip().lower()
        period = format_period(lo, hi, cond)
        if period and period not in out.setdefault(key, []):
            out[key].append(period)
    return {k: "; ".join(sorted(v)) for k, v in out.items()}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        return list(a) == list(b)
    na_a, na_b = a is pd.NA or a is None or (isinstance(a, float) and a != a), \
        b is pd.NA or b is None or (isinstance(b, float) and b != b)
    if na_a or na_b:
        return na_a and na_b
    return bool(a == b)


def _plain(value: Any) -> Any:
    """A plain Python value for the diff table (no numpy scalars; NA stays NA)."""
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "item"):
        return value.item()
    return value


# --------------------------------------------------------------------------------------------
# HTML display (notebooks)

CHECK, EMPTY = "\u2713", ""


def _cell_text(value: Any) -> str:
    if isinstance(value, bool):
        return CHECK if value else EMPTY
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "\u2013"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@cache
def _stable_styler() -> type[Styler]:
    from pandas.io.formats.style import Styler

    class StableStyler(Styler):
        """A Styler whose text repr names its table instead of a memory address, so stored
        notebook outputs do not change between runs."""

        def __repr__(self) -> str:
            rows, cols = self.data.shape
            return f"<Styler {self.uuid}: {rows} rows x {cols} columns>"

    return StableStyler


def style_table(frame: pd.DataFrame, uuid: str) -> Styler:
    """A Styler with a fixed uuid, every cell and label HTML-escaped, bools as check marks."""
    bool_matrix = len(frame.columns) > 0 and all(frame[c].dtype == bool for c in frame.columns)

    def fmt(value: Any) -> str:
        # escape here rather than via Styler(escape=) so that our own marks stay literal
        return html.escape(_cell_text(value))

    styler = _stable_styler()(frame, uuid=uuid).format(fmt).format_index(
        lambda v: html.escape(str(v)), axis=0).format_index(lambda v: html.escape(str(v)), axis=1)
    table_styles = [
        {"selector": "th", "props": "font-weight: 600; padding: 2px 6px;"},
        {"selector": "td", "props": "padding: 2px 6px; text-align: center;"},
    ]
    if bool_matrix:
        table_styles.append({"selector": "th.col_heading",
                             "props": "writing-mode: vertical-rl; transform: rotate(180deg);"})
        styler = styler.map(lambda v: "background-color: #cfe3f5;" if v is True else "")
    return styler.set_table_styles(table_styles)


SUMMARY_FACTS = ["name", "last_updated", "n_clauses", "sells_data", "shares_for_ads",
                 "breach_notice_hours", "response_days", "has_dpo", "min_child_age"]


def summary_html(report: ComparisonReport, *, max_rows: int = 20) -> str:
    """Compact notebook summary: counts, the facts table and the key matrices (all-False columns
    omitted and counted), at most ``max_rows`` policies."""
    n = len(report.ids)
    parts = [
        "<div class='policylens-report'>",
        f"<h3>policylens comparison: {n} {'policy' if n == 1 else 'policies'}, "
        f"{report.n_clauses:,} clauses, {len(report.findings):,} findings</h3>",
    ]
    if n > max_rows:
        parts.append(f"<p>First {max_rows} of {n} policies shown.</p>")
    facts = report.policies[SUMMARY_FACTS].head(max_rows)
    parts += ["<h4>Facts</h4>", style_table(facts, "policylens-summary-policies").to_html()]
    for name, title in (("rights", "Rights"), ("transfers", "Transfer mechanisms"),
                        ("legal_bases", "Legal bases"), ("laws", "Laws cited")):
        matrix = getattr(report, name).head(max_rows)
        used = matrix.loc[:, matrix.any(axis=0)] if len(matrix.columns) else matrix
        hidden = len(matrix.columns) - len(used.columns)
        note = (f" <small>({hidden} {'id' if hidden == 1 else 'ids'} found in no policy omitted)</small>"
                if hidden else "")
        parts.append(f"<h4>{title}{note}</h4>")
        if len(used.columns):
            parts.append(style_table(used, f"policylens-summary-{name}").to_html())
        else:
            parts.append("<p>None found.</p>")
    kids = report.children.head(max_rows)[["min_age", "ages_mentioned", "parental_consent"]]
    parts += ["<h4>Children</h4>", style_table(kids, "policylens-summary-children").to_html()]
    parts.append(
        "<p><small>Tables: <code>.policies .rights .transfers .legal_bases .laws .destinations "
        ".retention .children .coverage .clauses .findings</code>; evidence: "
        "<code>.evidence(policy, aspect, value)</code>; <code>.diff(a, b)</code>; charts: "
        "<code>.plot.*</code>; exports: <code>.to_html .to_excel .to_csv</code>.</small></p></div>")
    return "\n".join(parts)
