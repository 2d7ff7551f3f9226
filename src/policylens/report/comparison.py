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
    conflict_table,
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

#: how ``diff`` shows a fact a policy both affirms and denies
CONFLICTING = "conflicting"
#: per-policy facts that ``diff`` compares, in this order
DIFF_FACTS = ("last_updated", "sells_data", "shares_for_ads", "breach_notice_hours", "response_days",
              "has_dpo", "min_child_age", "third_party_services")


# --------------------------------------------------------------------------------------------
# entry points


def compare(policies: Any = None, *, classifier: Any = None, errors: str = "raise",
            regimes: Sequence[str] | str | None = None, as_of: Any = None) -> ComparisonReport:
    """Compare policies.

    Nothing runs until a table is first used; each table is then computed once and cached.

    Parameters
    ----------
    policies : None, str, path-like, Policy or list of them, default=None
        ``None`` (the bundled policies), a folder, a file, a list of paths and/or
        :class:`~policylens.Policy` objects, or a folder written by ``policylens.analyze`` (it
        holds ``policies.parquet``; then this is ``read_results(folder)``).
    classifier : ClauseClassifier, default=None
        Passed to ``classify`` (``None``: the bundled model).
    errors : {"raise", "skip"}, default="raise"
        Passed to ``load_corpus``: files that cannot be loaded raise, or are listed in
        ``report.skipped``.
    regimes : str or list of str, default=None
        What ``report.compliance`` checks: "gdpr", "uk_gdpr", "ccpa" (``None``: all).
    as_of : date, default=None
        The date "updated within 12 months" is judged at (``None``: today).

    Returns
    -------
    report : ComparisonReport

    Examples
    --------
    >>> import policylens as pl
    >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
    >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
    >>> report = pl.compare([acme, beta])
    >>> report
    <ComparisonReport: 2 policies (acme, beta); 3 clauses, 4 findings>
    >>> report.rights[["access", "erasure"]]
    right   access  erasure
    policy
    acme     False     True
    beta      True    False
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
    """A report over the Parquet tables ``policylens.analyze`` wrote to ``out_dir``.

    Parameters
    ----------
    out_dir : str or path-like
        A folder written by :func:`policylens.analyze` (it holds ``policies.parquet``).

    Returns
    -------
    report : ComparisonReport
        Its tables are read from the Parquet files; ``policy_objects`` is empty.

    Raises
    ------
    PolicyLensError
        ``out_dir`` is not a folder, or holds no ``policies.parquet``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import policylens as pl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
    >>> report = pl.read_results(folder / "out")
    >>> report.ids, bool(report.rights.at["acme", "erasure"])
    (['acme'], True)
    """
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

    Parameters
    ----------
    out_dir : str or path-like
        A folder written by :func:`policylens.analyze`.

    Returns
    -------
    report : ComparisonReport

    Examples
    --------
    >>> import pathlib, tempfile, warnings
    >>> import policylens as pl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data.")
    >>> summary = pl.analyze(folder / "acme.txt", folder / "out")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     report = pl.open(folder / "out")
    >>> caught[0].category.__name__, report.ids
    ('DeprecationWarning', ['acme'])
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
    modifying). Build one with :func:`compare`, :func:`read_results` or :meth:`from_tables`.

    Parameters
    ----------
    source : list of Policy, or a table source
        The policies to run the pipeline on, or a ``PipelineSource``, ``ParquetSource`` or
        ``TableSource`` (``policylens.report.sources``) that already holds the tables.
    classifier : ClauseClassifier, default=None
        The classifier the pipeline uses for a list of policies (``None``: the bundled model).

    Attributes
    ----------
    skipped : list of (str, str)
        Files ``compare(..., errors="skip")`` could not load: (path, problem) pairs.
    compliance_regimes : tuple of str
        The regimes ``compliance`` checks (see :meth:`set_compliance`).

    See Also
    --------
    compare : Build a report from files, folders or policies.

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.report import ComparisonReport
    >>> report = ComparisonReport([pl.load_text("You may request erasure of your data.", id="acme")])
    >>> report
    <ComparisonReport: 1 policy (acme); 1 clauses, 1 findings>
    >>> report.findings[["policy", "aspect", "value"]].values.tolist()
    [['acme', 'right', 'erasure']]
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
        """A report over tables you already have.

        Parameters
        ----------
        policies : DataFrame or list of dict
            Per-policy rows as ``policylens.pipeline.policy_row`` returns them (a list of dicts, or a
            frame with a ``policy`` column or index).
        clauses : DataFrame
            The classified clauses table of those policies.
        findings : DataFrame
            Their findings table.

        Returns
        -------
        report : ComparisonReport

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> again = pl.ComparisonReport.from_tables(report.policies.reset_index(), report.clauses,
        ...                                         report.findings)
        >>> again.rights.equals(report.rights)
        True
        """
        return cls(TableSource(policies, clauses, findings))

    # -- base tables -------------------------------------------------------------------------
    @property
    def policy_objects(self) -> list[Policy]:
        """The loaded :class:`Policy` objects (empty for a report opened from Parquet).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> [p.id for p in report.policy_objects]
        ['acme', 'beta']
        """
        return list(self._source.policy_objects)

    @cached_property
    def ids(self) -> list[str]:
        """Policy ids in input order (the index of every per-policy table).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.ids
        ['acme', 'beta']
        """
        return list(self._source.ids)

    @cached_property
    def policies(self) -> pd.DataFrame:
        """Per-policy facts, index = policy id.

        Columns: :data:`POLICY_COLUMNS`, then ``analysed``: False for a policy written in a language
        the rules do not read, whose empty findings mean "not analysed", not "no".

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.policies[["n_clauses", "n_findings", "language", "analysed"]]
                n_clauses  n_findings language  analysed
        policy
        acme            2           2       en      True
        beta            1           2       en      True
        """
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
        """Every clause (``schema.CLAUSE_COLUMNS`` + ``category``, ``categories``, ``confidence``).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.clauses[["policy", "clause_id", "kind", "category"]]
          policy  clause_id       kind     category
        0   acme          0   sentence  user_rights
        1   acme          1   sentence    retention
        2   beta          0  paragraph  user_rights
        >>> report.clauses.at[1, "text"]
        'We keep logs for 2 years.'
        """
        return self._source.clauses()

    @cached_property
    def findings(self) -> pd.DataFrame:
        """The tidy findings table (``schema.FINDING_COLUMNS``) plus ``context``.

        ``context`` is the sentence (clause text) each finding lies in, after ``evidence`` (the
        matched span).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.findings[["policy", "aspect", "value", "evidence"]]
          policy     aspect    value              evidence
        0   acme      right  erasure  erasure of your data
        1   acme  retention      730               2 years
        2   beta      right   access      access your data
        3   beta        law     gdpr                  GDPR
        """
        return findings_with_context(self._source.findings(), self._source.clauses())

    @property
    def _findings(self) -> pd.DataFrame:
        # the matrices need no clause text: a big analysed corpus' clauses stay on disk
        if "findings" in self.__dict__:
            return self.findings
        return self._source.findings()

    @cached_property
    def analysed(self) -> pd.Series:
        """Per policy: True when its language is English or unknown (the rules read English).

        A policy in another language is *not analysed*: its empty findings mean nothing.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.analysed.to_dict()
        {'acme': True, 'beta': True}
        """
        return self.policies["analysed"]

    @property
    def n_clauses(self) -> int:
        """Clauses over all policies.

        Read from the policies table: an analysed corpus' clause texts are not read just to count
        them.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.n_clauses
        3
        """
        return int(self.policies["n_clauses"].sum())

    # -- matrices ------------------------------------------------------------------------------
    def _matrix(self, aspect: str, vocabulary_aspect: str | None = None) -> pd.DataFrame:
        from policylens.resources import vocabulary

        ids = vocabulary(vocabulary_aspect) if vocabulary_aspect else []
        return aspect_matrix(self._findings, aspect, ids, self.ids)

    @cached_property
    def rights(self) -> pd.DataFrame:
        """Policy x right (bool): the policy tells users they have the right or how to use it.

        Every right of the vocabulary is a column, in vocabulary order.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.rights[["access", "erasure"]]
        right   access  erasure
        policy
        acme     False     True
        beta      True    False
        """
        return self._matrix("right", "right")

    @cached_property
    def transfers(self) -> pd.DataFrame:
        """Policy x transfer mechanism (bool).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> scc = pl.load_text("We transfer data abroad under standard contractual clauses.", id="scc")
        >>> pl.compare([acme, scc]).transfers["scc"].to_dict()
        {'acme': False, 'scc': True}
        """
        return self._matrix("transfer_mechanism", "transfer_mechanism")

    @cached_property
    def legal_bases(self) -> pd.DataFrame:
        """Policy x legal basis (bool).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> consent = pl.load_text("We process your data on the basis of your consent.", id="consent")
        >>> pl.compare([acme, consent]).legal_bases["consent"].to_dict()
        {'acme': False, 'consent': True}
        """
        return self._matrix("legal_basis", "legal_basis")

    @cached_property
    def laws(self) -> pd.DataFrame:
        """Policy x law cited (bool).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.laws["gdpr"].to_dict()
        {'acme': False, 'beta': True}
        """
        return self._matrix("law", "law")

    @cached_property
    def destinations(self) -> pd.DataFrame:
        """Policy x transfer destination named (bool; columns sorted, only those named).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> us = pl.load_text("We transfer data to the United States under standard contractual clauses.", id="us")
        >>> pl.compare([acme, us]).destinations
        transfer_destination     us
        policy
        acme                  False
        us                     True
        """
        return self._matrix("transfer_destination")

    # -- data practices (policylens.report.practices) -------------------------------------------
    def data_categories(self, context: str = "collected", scheme: str = "policylens") -> pd.DataFrame:
        """Policy x personal-data category (bool).

        A policy that states no category (or only denials) has an all-False row.

        Parameters
        ----------
        context : {"collected", "disclosed", "sold_shared"}, default="collected"
            The policy says it collects, discloses for a business purpose or sells/shares the data.
        scheme : {"policylens", "ccpa"}, default="policylens"
            ``"ccpa"``: the 11 CCPA statutory categories + ``sensitive``.

        Returns
        -------
        matrix : DataFrame of bool, index = policy id

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.data_categories()[["contact", "name"]]
        data_category  contact   name
        policy
        acme              True  False
        beta             False   True
        >>> report.data_categories("collected", scheme="ccpa")["identifiers"].to_dict()
        {'acme': True, 'beta': True}
        """
        from policylens.report.practices import category_matrix

        return category_matrix(self.findings, self.ids, context, scheme)

    @cached_property
    def data_collected(self) -> pd.DataFrame:
        """Policy x personal-data category collected (bool); ``data_categories("collected")``.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.data_collected[["contact", "name"]]
        data_category  contact   name
        policy
        acme              True  False
        beta             False   True
        """
        return self.data_categories("collected")

    @cached_property
    def data_disclosed(self) -> pd.DataFrame:
        """Policy x personal-data category disclosed for a business purpose (bool).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.data_disclosed["contact"].to_dict()
        {'acme': True, 'beta': False}
        """
        return self.data_categories("disclosed")

    @cached_property
    def data_sold_shared(self) -> pd.DataFrame:
        """Policy x personal-data category sold or shared (CCPA sense; bool).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> sells = pl.load_text("We sell your email address to data brokers.", id="sells")
        >>> pl.compare([beta, sells]).data_sold_shared["contact"].to_dict()
        {'beta': False, 'sells': True}
        """
        return self.data_categories("sold_shared")

    @cached_property
    def ccpa_categories(self) -> pd.DataFrame:
        """Policy x '<context>:<CCPA id>' (bool).

        The three CCPA-scheme matrices side by side (``collected:identifiers`` ...
        ``sold_shared:sensitive``).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.ccpa_categories[["collected:identifiers", "disclosed:identifiers"]]
        ccpa_category  collected:identifiers  disclosed:identifiers
        policy
        acme                            True                   True
        beta                            True                  False
        """
        from policylens.report.practices import ccpa_wide

        return ccpa_wide(self.findings, self.ids)

    @cached_property
    def purposes(self) -> pd.DataFrame:
        """Policy x purpose of processing stated (bool).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> fraud = pl.load_text("We use your IP address to prevent fraud.", id="fraud")
        >>> matrix = pl.compare([beta, fraud]).purposes
        >>> matrix.loc[:, matrix.any()]
        purpose  security_fraud
        policy
        beta              False
        fraud              True
        """
        from policylens.report.practices import value_matrix

        return value_matrix(self.findings, self.ids, "purpose")

    @cached_property
    def recipients(self) -> pd.DataFrame:
        """Policy x recipient type the policy says receives personal data (bool).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.recipients["advertisers"].to_dict()
        {'acme': True, 'beta': False}
        """
        from policylens.report.practices import value_matrix

        return value_matrix(self.findings, self.ids, "recipient")

    @cached_property
    def data_sources(self) -> pd.DataFrame:
        """Policy x source of personal data stated (bool).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> brokers = pl.load_text("We receive your email address from data brokers.", id="brokers")
        >>> matrix = pl.compare([beta, brokers]).data_sources
        >>> matrix.loc[:, matrix.any()]
        data_source  third_parties
        policy
        beta                 False
        brokers               True
        """
        from policylens.report.practices import value_matrix

        return value_matrix(self.findings, self.ids, "data_source")

    @cached_property
    def data_flows(self) -> pd.DataFrame:
        """Tidy table of data category -> purpose / recipient links stated in one clause.

        Columns: ``policy``, ``data_category``, ``context``, ``purpose``, ``recipient``,
        ``polarity``, ``clause_id``, ``evidence``.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.data_flows[["policy", "data_category", "context", "recipient"]]
          policy data_category    context    recipient
        0   acme       contact  collected  advertisers
        1   acme       contact  disclosed  advertisers
        """
        from policylens.report.practices import data_flows

        return data_flows(self.findings)

    # -- other views ---------------------------------------------------------------------------
    @cached_property
    def retention(self) -> pd.DataFrame:
        """One row per stated retention period, in policy order then text order.

        Columns: ``policy``, ``data_category``, ``min_days``, ``max_days`` (<NA> for qualitative
        periods), ``condition``, ``value``, ``section``, ``clause_id``, ``start``, ``end``,
        ``evidence``.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.retention[["policy", "data_category", "min_days", "max_days", "evidence"]]
          policy data_category  min_days  max_days evidence
        0   acme          logs     730.0     730.0  2 years
        """
        found = self._findings
        sub = found.loc[found["aspect"] == "retention", RETENTION_COLUMNS]
        return in_policy_order(sub, self.ids).reset_index(drop=True)

    @cached_property
    def children(self) -> pd.DataFrame:
        """Per-policy age thresholds for children.

        Columns: ``min_age`` (the service's own minimum, nullable integer), ``ages_mentioned``
        (every age threshold stated, sorted list), ``laws`` (laws cited in the clauses that state an
        age), ``parental_consent`` (mentions parental consent), ``deletes_on_discovery``.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> kids = pl.load_text("Our service is not directed to children under 13.", id="kids")
        >>> pl.compare([acme, kids]).children[["min_age", "ages_mentioned"]]
                min_age ages_mentioned
        policy
        acme       <NA>             []
        kids         13           [13]
        """
        return children_table(self._findings, self.policies, self.ids)

    @cached_property
    def coverage(self) -> pd.DataFrame:
        """Policy x taxonomy category: number of clauses whose primary category it is.

        Every taxonomy category is a column, in taxonomy order.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.coverage[["user_rights", "retention"]]
        category  user_rights  retention
        policy
        acme                1          1
        beta                1          0
        """
        return coverage_table(self._source.clause_categories(), self.ids)

    # -- evidence and differences --------------------------------------------------------------
    # -- compliance (policylens.compliance, #15) -----------------------------------------------
    def set_compliance(self, regimes: Sequence[str] | str | None = None, as_of: Any = None) -> None:
        """Choose what ``compliance`` checks; drops a cached checklist.

        Parameters
        ----------
        regimes : str or list of str, default=None
            The regimes to check ("gdpr", "uk_gdpr", "ccpa"; ``None``: all). An unknown regime
            raises now.
        as_of : date, default=None
            The date "updated within 12 months" is judged at (``None``: today).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.set_compliance("ccpa")
        >>> report.compliance_regimes, sorted(report.compliance["regime"].unique())
        (('ccpa',), ['ccpa'])
        """
        from policylens.compliance import REGIMES, catalogue

        chosen = [regimes] if isinstance(regimes, str) else list(regimes or REGIMES)
        for regime in chosen:
            catalogue(regime)  # a clear error for an unknown regime, now
        self.compliance_regimes, self.as_of = tuple(chosen), as_of
        self.__dict__.pop("compliance", None)

    @cached_property
    def compliance(self) -> pd.DataFrame:
        """The compliance checklist: one row per (policy, regime, requirement).

        Columns (``policylens.compliance.COMPLIANCE_COLUMNS``) include ``status``, ``citation``,
        ``evidence`` and ``note``.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> rows = report.compliance
        >>> rows.loc[(rows["policy"] == "beta") & (rows["requirement"] == "right_access"),
        ...          ["regime", "status"]].values.tolist()
        [['gdpr', 'addressed'], ['uk_gdpr', 'addressed']]
        """
        from policylens.compliance import checklist

        return checklist(self.clauses, self.findings, self.policies,
                         regimes=self.compliance_regimes, as_of=self.as_of)

    def scorecard(self, regime: str, *, styled: bool = False) -> pd.DataFrame | Styler:
        """Policy x requirement statuses of ``regime`` plus ``score``.

        Parameters
        ----------
        regime : str
            One of the regimes the report checks (``compliance_regimes``).
        styled : bool, default=False
            Return the \u2713 / \u2717 / \u2013 view as a pandas Styler (fixed uuid).

        Returns
        -------
        scorecard : DataFrame or Styler
            Index = policy id; one column per requirement, then ``score`` (share of applicable items
            addressed).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> card = report.scorecard("gdpr")
        >>> card.loc[:, ["right_access", "right_erasure"]]
        requirement right_access right_erasure
        policy
        acme             missing     addressed
        beta           addressed       missing
        """
        from policylens.compliance import scorecard
        from policylens.compliance.render import style_scorecard

        if regime not in self.compliance_regimes:
            raise PolicyLensError(f"regime {regime!r} not checked: compare(..., regimes=[...{regime!r}])")
        card = scorecard(self.compliance, regime)
        return style_scorecard(card, f"policylens-scorecard-{regime}") if styled else card

    @cached_property
    def regimes(self) -> pd.DataFrame:
        """Which regimes each policy says it follows: laws cited and audiences addressed.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> regimes = report.regimes
        >>> regimes.loc[regimes["follows"], ["policy", "regime", "laws"]]
          policy regime  laws
        3   beta   gdpr  gdpr
        """
        from policylens.compliance import regimes_followed

        return regimes_followed(self.clauses, self.findings, self.policies)

    @cached_property
    def conflicts(self) -> pd.DataFrame:
        """Facts a policy both affirms and denies, with both pieces of evidence.

        A policy that says it sells personal data (or shares it for cross-context advertising) and
        elsewhere that it does not is *conflicting*: ``policies`` reads the fact as True (the
        admission wins) and every statement of both sides carries ``role`` "conflict"
        (:func:`policylens.extract.facts.annotate_document`). One row per statement.

        Returns
        -------
        DataFrame
            ``policy``, ``fact`` (``sells_data`` | ``shares_for_ads``), ``says`` (True: affirms,
            False: denies), ``section``, ``evidence``, ``context``, ``start``, ``end``.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("In the past 12 months we have sold identifiers to data brokers. "
        ...                     "We do not sell your personal information.", id="acme")
        >>> report = pl.compare([acme])
        >>> report.conflicts[["policy", "fact", "says", "evidence"]]
          policy        fact   says                        evidence
        0   acme  sells_data   True                 sold identifiers
        1   acme  sells_data  False  sell your personal information
        """
        return conflict_table(self.findings)

    def evidence(self, policy: str, aspect: str, value: str | None = None) -> pd.DataFrame:
        """The findings behind a cell, with the sentence each lies in and the whole clause.

        An unknown aspect or value raises with the valid names and the closest one, rather than
        returning an empty table.

        Parameters
        ----------
        policy : str
            A policy id of the report.
        aspect : str
            A findings aspect id (``right``, ``transfer_mechanism``, ``legal_basis``, ``law``,
            ``transfer_destination``, ``retention``, ``child_age``, ``sells_data`` ...) or
            ``category`` (then the clauses whose primary category is ``value``).
        value : str, default=None
            An id of that aspect (``None``: all).

        Returns
        -------
        evidence : DataFrame
            The findings (``schema.FINDING_COLUMNS``) with ``context`` (the sentence) and ``clause``
            (the whole clause), in text order; for ``category``, the clauses.

        Raises
        ------
        PolicyLensError
            An unknown policy, aspect or value.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.evidence("acme", "right", "erasure")[["value", "evidence", "context"]]
             value              evidence                                context
        0  erasure  erasure of your data  You may request erasure of your data.
        >>> report.evidence("acme", "right", "erasure_")
        Traceback (most recent call last):
        ...
        policylens.errors.PolicyLensError: unknown right 'erasure_'; did you mean 'erasure'? (valid: ...)
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
        """What differs between policies ``a`` and ``b``, aspect by aspect.

        One row per fact, right, mechanism, legal basis, law, destination, data practice, age or
        retention data category where they differ. A fact the policy both affirms and denies
        (:attr:`conflicts`) reads ``"conflicting"``.

        Parameters
        ----------
        a, b : str
            Two different policy ids of the report.

        Returns
        -------
        diff : DataFrame
            Columns ``aspect``, ``item``, ``<a>``, ``<b>``.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> report.diff("acme", "beta")
              aspect     item     acme   beta
        0      right   access    False   True
        1      right  erasure     True  False
        2        law     gdpr    False   True
        3  retention     logs  2 years
        """
        self._check_policy(a)
        self._check_policy(b)
        if a == b:
            raise PolicyLensError(f"diff needs two different policies (got {a!r} twice)")
        rows: list[tuple[str, str, Any, Any]] = []
        found = conflict_table(self._findings)  # a fact said and denied reads "conflicting"
        conflicted = set(zip(found["policy"], found["fact"], strict=True))
        for fact in DIFF_FACTS:
            va, vb = (CONFLICTING if (p, fact) in conflicted else self.policies.at[p, fact]
                      for p in (a, b))
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
        """The report as plain data (dicts and frames) for renderers, which never see this object.

        Parameters
        ----------
        generated : str, default=None
            The generation date shown (``None``: now, in UTC).

        Returns
        -------
        summary : dict
            ``meta`` (generation date, policylens version, counts), ``inputs`` (per policy: id, name,
            product (None when unknown), file name, language, analysed), ``skipped`` (file name and reason per file not loaded),
            ``sections`` (:data:`policylens.report.sections.SECTIONS`), ``tables`` (section key ->
            frame), ``clauses`` (the clauses findings lie in) and ``vocabulary``.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> summary = report.summary(generated="2026-01-01")
        >>> sorted(summary)
        ['clauses', 'inputs', 'meta', 'sections', 'skipped', 'tables', 'vocabulary']
        >>> summary["meta"]["n_policies"], summary["inputs"][0]["policy"]
        (2, 'acme')
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
            product = policies.at[pid, "product"] if "product" in policies.columns else None
            inputs.append({
                "policy": pid,
                "name": str(name) if isinstance(name, str) and name.strip() else pid,
                "product": str(product) if isinstance(product, str) and product.strip() else None,
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
        """A pandas Styler for a table, for notebooks.

        Parameters
        ----------
        table : str
            The name of a table of the report (``rights``, ``policies`` ...).
        max_rows : int, default=None
            Show only the first rows.

        Returns
        -------
        styler : pandas.io.formats.style.Styler
            With a fixed uuid (stable notebook output), escaped text and check marks for bool
            matrices.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> html = report.styled("rights").to_html()
        >>> 'id="T_policylens-rights' in html
        True
        """
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
        """Charts: ``report.plot.rights()``, ``.transfers()``, ``.laws()`` ...

        Each chart takes ``ax=None`` and returns the Axes (see :class:`PlotAccessor`).

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.rights(ax=Figure().subplots())
        >>> ax.get_title()
        'User rights'
        """
        return PlotAccessor(self)

    # -- exports -------------------------------------------------------------------------------
    def to_html(self, path: str | os.PathLike) -> Path:
        """Write one self-contained HTML report (matrices, charts, evidence for every cell).

        Parameters
        ----------
        path : str or path-like
            The file to write.

        Returns
        -------
        path : Path
            The file written.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> import pathlib, tempfile
        >>> path = report.to_html(pathlib.Path(tempfile.mkdtemp()) / "report.html")
        >>> "erasure of your data" in path.read_text(encoding="utf-8")
        True
        """
        from policylens.report.html import write_html

        return write_html(self.summary(), path)

    def to_excel(self, path: str | os.PathLike) -> Path:
        """Write a workbook: one sheet per table plus the findings.

        Formula-like text is neutralised.

        Parameters
        ----------
        path : str or path-like
            The ``.xlsx`` file to write.

        Returns
        -------
        path : Path
            The file written.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> import pathlib, tempfile
        >>> import pandas as pd
        >>> path = report.to_excel(pathlib.Path(tempfile.mkdtemp()) / "report.xlsx")
        >>> "rights" in pd.ExcelFile(path).sheet_names
        True
        """
        from policylens.report.spreadsheet import write_excel

        return write_excel(self.summary(), path)

    def to_csv(self, folder: str | os.PathLike) -> list[Path]:
        """Write one CSV per table into ``folder``.

        Formula-like text is neutralised.

        Parameters
        ----------
        folder : str or path-like
            The folder to write into (created if needed).

        Returns
        -------
        paths : list of Path
            The files written.

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> import pathlib, tempfile
        >>> paths = report.to_csv(pathlib.Path(tempfile.mkdtemp()))
        >>> "rights.csv" in [p.name for p in paths]
        True
        """
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
    """Charts of a report: ``report.plot.<chart>(ax=None, **kwargs) -> Axes``.

    Each method draws one table of the report with a function of
    ``policylens.report.plotting``, on ``ax`` (default: a new pyplot figure), and returns the
    Axes; extra keyword arguments go to that function.

    Parameters
    ----------
    report : ComparisonReport

    Examples
    --------
    >>> import policylens as pl
    >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
    >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
    >>> report = pl.compare([acme, beta])
    >>> from matplotlib.figure import Figure
    >>> ax = report.plot.laws(ax=Figure().subplots())
    >>> ax.get_title(), [t.get_text() for t in ax.get_yticklabels()]
    ('Laws cited', ['acme', 'beta'])
    """

    def __init__(self, report: ComparisonReport):
        self._report = report

    def data_categories(self, context: str = "collected", scheme: str = "policylens", ax: Any = None,
                        **kwargs: Any) -> Any:
        """Category x policy heatmap of the personal data collected / disclosed / sold or shared.

        Parameters
        ----------
        context : {"collected", "disclosed", "sold_shared"}, default="collected"
        scheme : {"policylens", "ccpa"}, default="policylens"
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.data_categories("collected", ax=Figure().subplots())
        >>> ax.get_title()
        'Personal data collected (policylens)'
        """
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", f"Personal data {context.replace('_', ' or ')} ({scheme})")
        return matrix_heatmap(self._report.data_categories(context, scheme).T, ax=ax, **kwargs)

    def purposes(self, ax: Any = None, **kwargs: Any) -> Any:
        """Purpose x policy heatmap.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.purposes(ax=Figure().subplots())
        >>> ax.get_title()
        'Purposes of processing'
        """
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", "Purposes of processing")
        return matrix_heatmap(self._report.purposes.T, ax=ax, **kwargs)

    def recipients(self, ax: Any = None, **kwargs: Any) -> Any:
        """Recipient type x policy heatmap.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("We collect your email address and share it with advertising partners.", id="acme")
        >>> beta = pl.load_text("We collect your name.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.recipients(ax=Figure().subplots())
        >>> ax.get_title()
        'Recipients of personal data'
        """
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", "Recipients of personal data")
        return matrix_heatmap(self._report.recipients.T, ax=ax, **kwargs)

    def rights(self, ax: Any = None, **kwargs: Any) -> Any:
        """Policy x right heatmap (``plotting.rights_heatmap``).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.rights(ax=Figure().subplots())
        >>> ax.get_title()
        'User rights'
        """
        from policylens.report.plotting import rights_heatmap

        return rights_heatmap(self._report.rights, ax=ax, **kwargs)

    def transfers(self, ax: Any = None, **kwargs: Any) -> Any:
        """Policy x transfer mechanism heatmap (``plotting.transfers_heatmap``).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.transfers(ax=Figure().subplots())
        >>> ax.get_title()
        'International transfer mechanisms'
        """
        from policylens.report.plotting import transfers_heatmap

        return transfers_heatmap(self._report.transfers, ax=ax, **kwargs)

    def legal_bases(self, ax: Any = None, **kwargs: Any) -> Any:
        """Policy x legal basis heatmap.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.legal_bases(ax=Figure().subplots())
        >>> ax.get_title()
        'Legal bases'
        """
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", "Legal bases")
        return matrix_heatmap(self._report.legal_bases, ax=ax, **kwargs)

    def laws(self, ax: Any = None, **kwargs: Any) -> Any:
        """Policy x law cited heatmap.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.laws(ax=Figure().subplots())
        >>> ax.get_title()
        'Laws cited'
        """
        from policylens.report.plotting import matrix_heatmap

        kwargs.setdefault("title", "Laws cited")
        return matrix_heatmap(self._report.laws, ax=ax, **kwargs)

    def retention(self, ax: Any = None, **kwargs: Any) -> Any:
        """Retention periods on a log time axis (``plotting.retention_chart``).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.retention(ax=Figure().subplots())
        >>> ax.get_title()
        'Retention periods'
        """
        from policylens.report.plotting import retention_chart

        return retention_chart(self._report.retention, ax=ax, **kwargs)

    def children(self, ax: Any = None, **kwargs: Any) -> Any:
        """Age thresholds per policy (``plotting.child_age_chart``).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.children(ax=Figure().subplots())
        >>> ax.get_title()
        'Children: minimum age and ages mentioned'
        """
        from policylens.report.plotting import child_age_chart

        return child_age_chart(self._report.children, ax=ax, **kwargs)

    def coverage(self, ax: Any = None, **kwargs: Any) -> Any:
        """Clauses per taxonomy category and policy (``plotting.coverage_chart``).

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw (``None``: a new figure).
        **kwargs
            Passed to the plotting function.

        Returns
        -------
        ax : matplotlib Axes

        Examples
        --------
        >>> import policylens as pl
        >>> acme = pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme")
        >>> beta = pl.load_text("You have the right to access your data under the GDPR.", id="beta")
        >>> report = pl.compare([acme, beta])
        >>> from matplotlib.figure import Figure
        >>> ax = report.plot.coverage(ax=Figure().subplots())
        >>> ax.get_title()
        'Clauses per taxonomy category'
        """
        from policylens.report.plotting import coverage_chart

        return coverage_chart(self._report.coverage, ax=ax, **kwargs)

