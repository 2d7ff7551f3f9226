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
    """Runs the pipeline over in-memory policies (once, on first use).

    Parameters
    ----------
    policies : sequence of Policy
        The policies, in the order of the report's rows.
    classifier : ClauseClassifier, default=None
        The classifier ``policylens.pipeline.run`` uses (``None``: the bundled model).

    Attributes
    ----------
    policy_objects : list of Policy
    classifier : ClauseClassifier or None

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.report.sources import PipelineSource
    >>> source = PipelineSource([pl.load_text("You may request erasure of your data.", id="acme"),
    ...                          pl.load_text("We keep logs for 2 years.", id="beta")])
    >>> source.ids
    ['acme', 'beta']
    >>> source.findings()[["policy", "aspect", "value"]].values.tolist()
    [['acme', 'right', 'erasure'], ['beta', 'retention', '730']]
    """

    def __init__(self, policies: Sequence[Policy], classifier: Any = None):
        self.policy_objects = list(policies)
        self.classifier = classifier

    @property
    def ids(self) -> list[str]:
        """Policy ids in input order.

        Returns
        -------
        ids : list of str

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.report.sources import PipelineSource
        >>> source = PipelineSource([pl.load_text("You may request erasure of your data.", id="acme"),
        ...                          pl.load_text("We keep logs for 2 years.", id="beta")])
        >>> source.ids
        ['acme', 'beta']
        """
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
        """The ``policies`` table, index = policy id (see :func:`policies_frame`).

        Returns
        -------
        policies : DataFrame

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.report.sources import PipelineSource
        >>> source = PipelineSource([pl.load_text("You may request erasure of your data.", id="acme"),
        ...                          pl.load_text("We keep logs for 2 years.", id="beta")])
        >>> source.policies()[["n_clauses", "n_findings"]]
                n_clauses  n_findings
        policy
        acme            1           1
        beta            1           1
        """
        return self._tables[0]

    def clauses(self) -> pd.DataFrame:
        """The classified clauses table (``schema.CLAUSE_COLUMNS`` + ``CLASSIFICATION_COLUMNS``).

        Returns
        -------
        clauses : DataFrame

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.report.sources import PipelineSource
        >>> source = PipelineSource([pl.load_text("You may request erasure of your data.", id="acme"),
        ...                          pl.load_text("We keep logs for 2 years.", id="beta")])
        >>> source.clauses()[["policy", "clause_id", "category"]].values.tolist()
        [['acme', 0, 'user_rights'], ['beta', 0, 'retention']]
        """
        return self._tables[1]

    def clause_categories(self) -> pd.DataFrame:
        """The ``policy`` and ``category`` columns of the clauses (all ``coverage`` needs).

        Returns
        -------
        clause_categories : DataFrame

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.report.sources import PipelineSource
        >>> source = PipelineSource([pl.load_text("You may request erasure of your data.", id="acme"),
        ...                          pl.load_text("We keep logs for 2 years.", id="beta")])
        >>> source.clause_categories().columns.tolist(), len(source.clause_categories())
        (['policy', 'category'], 2)
        """
        return self._tables[1][["policy", "category"]]

    def findings(self) -> pd.DataFrame:
        """The findings table (``schema.FINDING_COLUMNS``).

        Returns
        -------
        findings : DataFrame

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.report.sources import PipelineSource
        >>> source = PipelineSource([pl.load_text("You may request erasure of your data.", id="acme"),
        ...                          pl.load_text("We keep logs for 2 years.", id="beta")])
        >>> source.findings()[["policy", "aspect", "value", "evidence"]].values.tolist()
        [['acme', 'right', 'erasure', 'erasure of your data'], ['beta', 'retention', '730', '2 years']]
        """
        return self._tables[2]


class ParquetSource:
    """Reads the tables ``analyze`` wrote (each file or partitioned folder read on first use).

    Parameters
    ----------
    folder : Path
        A folder written by :func:`policylens.analyze`.

    Raises
    ------
    PolicyLensError
        On first use, when a table is missing or cannot be read as Parquet.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import policylens as pl
    >>> from policylens.report.sources import ParquetSource
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
    >>> source = ParquetSource(folder / "out")
    >>> source.ids, source.policy_objects
    (['acme'], [])
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.policy_objects: list[Policy] = []
        self.classifier = None

    @property
    def ids(self) -> list[str]:
        """Policy ids in input order.

        Returns
        -------
        ids : list of str

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import policylens as pl
        >>> from policylens.report.sources import ParquetSource
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
        >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
        >>> source = ParquetSource(folder / "out")
        >>> source.ids
        ['acme']
        """
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
        """The ``policies`` table, index = policy id (see :func:`policies_frame`).

        Returns
        -------
        policies : DataFrame

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import policylens as pl
        >>> from policylens.report.sources import ParquetSource
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
        >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
        >>> source = ParquetSource(folder / "out")
        >>> source.policies()[["n_clauses", "n_findings"]]
                n_clauses  n_findings
        policy
        acme            1           1
        """
        return self._policies

    def clauses(self) -> pd.DataFrame:
        """The classified clauses table (``schema.CLAUSE_COLUMNS`` + ``CLASSIFICATION_COLUMNS``).

        Returns
        -------
        clauses : DataFrame

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import policylens as pl
        >>> from policylens.report.sources import ParquetSource
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
        >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
        >>> source = ParquetSource(folder / "out")
        >>> source.clauses()[["policy", "clause_id", "category"]].values.tolist()
        [['acme', 0, 'user_rights']]
        """
        return self._clauses

    def clause_categories(self) -> pd.DataFrame:
        # only two columns: a big corpus' clause texts stay on disk
        """The ``policy`` and ``category`` columns of the clauses (all ``coverage`` needs).

        Only these two columns are read while the clauses table has not been loaded: a big corpus'
        clause texts stay on disk.

        Returns
        -------
        clause_categories : DataFrame

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import policylens as pl
        >>> from policylens.report.sources import ParquetSource
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
        >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
        >>> source = ParquetSource(folder / "out")
        >>> source.clause_categories()
          policy     category
        0   acme  user_rights
        """
        if "_clauses" in self.__dict__:
            return self._clauses[["policy", "category"]]
        return self._read("clauses", columns=["policy", "category"])

    def findings(self) -> pd.DataFrame:
        """The findings table (``schema.FINDING_COLUMNS``).

        Returns
        -------
        findings : DataFrame

        Examples
        --------
        >>> import pathlib, tempfile
        >>> import policylens as pl
        >>> from policylens.report.sources import ParquetSource
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
        >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
        >>> source = ParquetSource(folder / "out")
        >>> source.findings()[["policy", "aspect", "value", "evidence"]].values.tolist()
        [['acme', 'right', 'erasure', 'erasure of your data']]
        """
        return self._findings


class TableSource:
    """Tables given in memory (``ComparisonReport.from_tables``).

    Parameters
    ----------
    policies : DataFrame or list of dict
        Rows as ``policylens.pipeline.policy_row`` returns them, or a frame with a ``policy``
        column or index.
    clauses : DataFrame
        The classified clauses table.
    findings : DataFrame
        The findings table.

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.pipeline import policy_row, run
    >>> from policylens.report.sources import TableSource
    >>> policy = pl.load_text("You may request erasure of your data.", id="acme")
    >>> [(clauses, findings)] = run([policy])
    >>> source = TableSource([policy_row(policy, clauses, findings)], clauses, findings)
    >>> source.ids, source.findings()["value"].tolist()
    (['acme'], ['erasure'])
    """

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
        """Policy ids in input order.

        Returns
        -------
        ids : list of str

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.pipeline import policy_row, run
        >>> from policylens.report.sources import TableSource
        >>> policy = pl.load_text("You may request erasure of your data.", id="acme")
        >>> [(clauses, findings)] = run([policy])
        >>> source = TableSource([policy_row(policy, clauses, findings)], clauses, findings)
        >>> source.ids
        ['acme']
        """
        return list(self._policies.index)

    def policies(self) -> pd.DataFrame:
        """The ``policies`` table, index = policy id (see :func:`policies_frame`).

        Returns
        -------
        policies : DataFrame

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.pipeline import policy_row, run
        >>> from policylens.report.sources import TableSource
        >>> policy = pl.load_text("You may request erasure of your data.", id="acme")
        >>> [(clauses, findings)] = run([policy])
        >>> source = TableSource([policy_row(policy, clauses, findings)], clauses, findings)
        >>> source.policies()[["n_clauses", "n_findings"]]
                n_clauses  n_findings
        policy
        acme            1           1
        """
        return self._policies

    def clauses(self) -> pd.DataFrame:
        """The classified clauses table (``schema.CLAUSE_COLUMNS`` + ``CLASSIFICATION_COLUMNS``).

        Returns
        -------
        clauses : DataFrame

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.pipeline import policy_row, run
        >>> from policylens.report.sources import TableSource
        >>> policy = pl.load_text("You may request erasure of your data.", id="acme")
        >>> [(clauses, findings)] = run([policy])
        >>> source = TableSource([policy_row(policy, clauses, findings)], clauses, findings)
        >>> source.clauses()[["policy", "clause_id", "category"]].values.tolist()
        [['acme', 0, 'user_rights']]
        """
        return self._clauses

    def clause_categories(self) -> pd.DataFrame:
        """The ``policy`` and ``category`` columns of the clauses (all ``coverage`` needs).

        Returns
        -------
        clause_categories : DataFrame

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.pipeline import policy_row, run
        >>> from policylens.report.sources import TableSource
        >>> policy = pl.load_text("You may request erasure of your data.", id="acme")
        >>> [(clauses, findings)] = run([policy])
        >>> source = TableSource([policy_row(policy, clauses, findings)], clauses, findings)
        >>> source.clause_categories().columns.tolist(), len(source.clause_categories())
        (['policy', 'category'], 1)
        """
        return self._clauses[["policy", "category"]]

    def findings(self) -> pd.DataFrame:
        """The findings table (``schema.FINDING_COLUMNS``).

        Returns
        -------
        findings : DataFrame

        Examples
        --------
        >>> import policylens as pl
        >>> from policylens.pipeline import policy_row, run
        >>> from policylens.report.sources import TableSource
        >>> policy = pl.load_text("You may request erasure of your data.", id="acme")
        >>> [(clauses, findings)] = run([policy])
        >>> source = TableSource([policy_row(policy, clauses, findings)], clauses, findings)
        >>> source.findings()[["policy", "aspect", "value", "evidence"]].values.tolist()
        [['acme', 'right', 'erasure', 'erasure of your data']]
        """
        return self._findings


def _clause_columns() -> dict[str, tuple[str, str]]:
    return {**CLAUSE_COLUMNS, **CLASSIFICATION_COLUMNS}


def _concat(frames: list[pd.DataFrame], columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_frame(columns)
    return coerce(pd.concat(frames, ignore_index=True), columns)


def policies_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The ``policies`` table indexed by policy id, documented columns and dtypes first.

    The input is ``pipeline.policies_table``'s frame (in memory) or ``policies.parquet`` (the
    same frame, written by ``analyze``); list columns become lists (Parquet gives arrays). No
    value is re-parsed: the facts are typed where they are decided
    (``policylens.extract.facts.policy_facts``).

    Parameters
    ----------
    table : DataFrame
        With a ``policy`` column.

    Returns
    -------
    policies : DataFrame
        Index = policy id; the columns of ``schema.POLICY_COLUMNS`` with their dtypes.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from policylens.report.sources import policies_frame
    >>> table = pd.DataFrame({"policy": ["acme"], "contact_emails": [np.array(["privacy@acme.example"], dtype=object)],
    ...                       "third_party_services": [np.array([], dtype=object)]})
    >>> frame = policies_frame(table)
    >>> frame.at["acme", "contact_emails"], frame["sells_data"].dtype.name
    (['privacy@acme.example'], 'boolean')
    """
    frame = coerce(table, POLICY_COLUMNS)
    for name, (dtype, _) in POLICY_COLUMNS.items():
        if dtype == "object":
            cells = frame[name].to_numpy(dtype=object, copy=True)
            for i, v in enumerate(cells):
                cells[i] = [] if v is None else v if isinstance(v, list | str) else list(v)
            frame[name] = pd.Series(cells, index=frame.index, dtype=object)
    return frame.set_index("policy")
