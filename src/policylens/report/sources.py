"""Where a report's three base tables come from: the pipeline over in-memory policies, the
Parquet folder ``analyze`` wrote, or tables given in memory. Each source also holds the
``policies`` table in its documented shape (:func:`policies_frame`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from policylens.errors import PolicyLensError
from policylens.policy import Policy
from policylens.schema import (
    CLASSIFICATION_COLUMNS,
    CLAUSE_COLUMNS,
    FINDING_COLUMNS,
    POLICY_COLUMNS,
    coerce,
    empty_frame,
)


class PipelineSource:
    """Runs the pipeline over in-memory policies (once, on first use)."""

    def __init__(self, policies: Sequence[Policy], classifier: Any = None):
        self.policy_objects = list(policies)
        self.classifier = classifier

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.policy_objects]

    @cached_property
    def _tables(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        from policylens.pipeline import policies_table, policy_row, run

        rows, clause_frames, finding_frames = [], [], []
        outcomes = run(self.policy_objects, classifier=self.classifier)
        for policy, outcome in zip(self.policy_objects, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                raise outcome
            clauses, findings = outcome
            rows.append(policy_row(policy, clauses, findings))
            clause_frames.append(clauses)
            finding_frames.append(findings)
        return (policies_frame(policies_table(rows)), _concat(clause_frames, _clause_columns()),
                _concat(finding_frames, FINDING_COLUMNS))

    def policies(self) -> pd.DataFrame:
        return self._tables[0]

    def clauses(self) -> pd.DataFrame:
        return self._tables[1]

    def clause_categories(self) -> pd.DataFrame:
        return self._tables[1][["policy", "category"]]

    def findings(self) -> pd.DataFrame:
        return self._tables[2]


class ParquetSource:
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
        return policies_frame(frame)

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


class TableSource:
    """Tables given in memory (``ComparisonReport.from_tables``)."""

    def __init__(self, policies: pd.DataFrame | list[dict[str, Any]], clauses: pd.DataFrame,
                 findings: pd.DataFrame):
        from policylens.pipeline import policies_table

        if isinstance(policies, pd.DataFrame):
            table = policies.reset_index() if "policy" not in policies.columns else policies
        else:
            table = policies_table(list(policies))
        self._policies = policies_frame(table)
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


def policies_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The ``policies`` table indexed by policy id, from ``pipeline.policies_table`` (in memory)
    or from ``policies.parquet`` (the same frame, written by ``analyze``): documented columns and
    dtypes first, list columns as lists (Parquet gives arrays). No value is re-parsed: the facts
    are typed where they are decided (``policylens.extract.facts.policy_facts``)."""
    frame = coerce(table, POLICY_COLUMNS)
    for name, (dtype, _) in POLICY_COLUMNS.items():
        if dtype == "object":
            cells = frame[name].to_numpy(dtype=object, copy=True)
            for i, v in enumerate(cells):
                cells[i] = [] if v is None else v if isinstance(v, list | str) else list(v)
            frame[name] = pd.Series(cells, index=frame.index, dtype=object)
    return frame.set_index("policy")
