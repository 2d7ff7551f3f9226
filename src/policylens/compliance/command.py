"""``policylens check PATHS --regime gdpr|uk_gdpr|ccpa [--format table|json|junit]``.

Runs the pipeline over the given policies, prints the compliance checklist (citations, evidence,
what was looked for) and exits 1 when an item is missing - a missing item is always one the
policy must address (mandatory, or its condition holds) - so a company can gate its own policy
in CI. ``policylens.cli`` registers this command with :func:`add_parser`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from policylens.compliance.catalogue import REGIMES
from policylens.compliance.checklist import checklist
from policylens.compliance.render import to_json, to_junit, to_text


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Add the ``check`` subcommand to an argparse subparsers object."""
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


def run(args: argparse.Namespace) -> int:
    """Run ``check``; returns the exit status (0: nothing missing, 1: an item is missing)."""
    import pandas as pd

    from policylens.io import load_corpus
    from policylens.pipeline import policies_table, policy_row
    from policylens.pipeline import run as run_pipeline

    policies = load_corpus(args.paths)
    tables = []
    for policy, outcome in zip(policies, run_pipeline(policies), strict=True):
        if isinstance(outcome, BaseException):
            raise outcome
        clauses, findings = outcome
        row = policies_table([policy_row(policy, clauses, findings)]).set_index("policy")
        tables.append(checklist(clauses, findings, row, regimes=args.regime, as_of=args.as_of))
    table = pd.concat(tables, ignore_index=True)
    out = {"table": to_text, "json": to_json, "junit": to_junit}[args.format](table)
    sys.stdout.write(out + "\n")
    return 1 if (table["status"] == "missing").any() else 0
