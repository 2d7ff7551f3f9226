"""``policylens check PATHS --regime gdpr|uk_gdpr|ccpa [--format table|json|junit]``.

Runs the pipeline over the given policies, prints the compliance checklist (citations, evidence,
what was looked for) and exits 1 when an item is missing - a missing item is always one the
policy must address (mandatory, or its condition holds) - so a company can gate its own policy
in CI. ``policylens.cli`` registers this command with :func:`add_parser`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

import pandas as pd

from policylens.compliance.catalogue import REGIMES
from policylens.compliance.checklist import checklist
from policylens.compliance.render import to_json, to_junit, to_text


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``check`` subcommand to an argparse subparsers object.

    Parameters
    ----------
    sub : argparse subparsers object
        What ``ArgumentParser.add_subparsers()`` returns.

    Returns
    -------
    parser : argparse.ArgumentParser
        The ``check`` parser; it sets ``func`` to :func:`run`.

    Examples
    --------
    >>> import argparse
    >>> from policylens.compliance.command import add_parser
    >>> parser = argparse.ArgumentParser(prog="policylens")
    >>> _ = add_parser(parser.add_subparsers())
    >>> args = parser.parse_args(["check", "policy.txt", "--regime", "gdpr", "--regime", "ccpa"])
    >>> args.paths, args.regime, args.format, args.func.__name__
    (['policy.txt'], ['gdpr', 'ccpa'], 'table', 'run')
    """
    p = sub.add_parser(
        "check", help="check policies against GDPR / UK GDPR / CCPA disclosure requirements",
        description="Print the compliance checklist of each policy (citation, status, evidence or "
                    "what was looked for). Exit status 1 when a required item is missing.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="policy files or folders")
    p.add_argument("--regime", required=True, choices=REGIMES, action="append",
                   help="regime to check (repeat for several)")
    p.add_argument("--format", choices=("table", "json", "junit"), default="table",
                   help="output on stdout (default: table)")
    p.add_argument("--as-of", default=None, metavar="YYYY-MM-DD",
                   help="date for 'updated within 12 months' (default: today)")
    p.set_defaults(func=run)
    return p


def check_policies(policies: Sequence[Any], regimes: Any = REGIMES, as_of: Any = None) -> pd.DataFrame:
    """The checklist of loaded policies.

    The pipeline runs over all of them, then ``checklist`` per policy with its own policies row
    (the one path for ``check`` and the benchmarks).

    A policy whose pipeline failed raises its exception: a checklist of a policy that was not
    read would report every item missing.

    Parameters
    ----------
    policies : sequence of Policy
    regimes : str or sequence of str, default=REGIMES
    as_of : date or str, default=None
        The date "updated within 12 months" is judged at (``None``: today).

    Returns
    -------
    checklist : DataFrame

    Examples
    --------
    >>> import policylens as pl
    >>> table = check_policies([pl.Policy(id="p", text="You may request erasure of your data.")],
    ...                        regimes="gdpr", as_of="2025-06-30")
    >>> table.set_index("requirement").at["right_erasure", "status"]
    'addressed'
    """
    from policylens.pipeline import policies_table, policy_row
    from policylens.pipeline import run as run_pipeline

    tables = []
    for policy, outcome in zip(policies, run_pipeline(list(policies)), strict=True):
        if isinstance(outcome, BaseException):
            raise outcome
        clauses, findings = outcome
        row = policies_table([policy_row(policy, clauses, findings)]).set_index("policy")
        tables.append(checklist(clauses, findings, row, regimes=regimes, as_of=as_of))
    return pd.concat(tables, ignore_index=True)


def run(args: argparse.Namespace) -> int:
    """Run ``check``: print the checklist of the policies in ``args.paths``.

    Parameters
    ----------
    args : argparse.Namespace
        As :func:`add_parser` defines them.

    Returns
    -------
    code : int
        0 when nothing is missing, 1 when an item is missing.

    Examples
    --------
    >>> import argparse, pathlib, tempfile
    >>> from policylens.compliance.command import add_parser, run
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "acme.txt"
    >>> _ = path.write_text("You may request erasure of your data.")
    >>> parser = argparse.ArgumentParser(prog="policylens")
    >>> _ = add_parser(parser.add_subparsers())
    >>> run(parser.parse_args(["check", str(path), "--regime", "gdpr", "--format", "json",
    ...                        "--as-of", "2025-06-30"]))
    [
     {
      "policy": "acme",
      "regime": "gdpr",
    ...
    1
    """
    from policylens.io import load_corpus

    table = check_policies(load_corpus(args.paths), regimes=args.regime, as_of=args.as_of)
    out = {"table": to_text, "json": to_json, "junit": to_junit}[args.format](table)
    sys.stdout.write(out + "\n")
    return 1 if (table["status"] == "missing").any() else 0
