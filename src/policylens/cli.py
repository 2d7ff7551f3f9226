"""Command line: ``policylens compare|segment|extract|analyze|check``.

``policylens compare [PATHS...] --out DIR`` prints the key matrices and writes the HTML report,
the workbook and CSVs (no paths: the bundled policies); ``policylens segment FILE`` and
``policylens extract FILE`` print tables; ``--format json`` prints JSON instead. Errors are one
line on stderr and a non-zero exit code (1: the input or the job failed, 2: bad usage).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from policylens.errors import PolicyLensError

DEFAULT_OUT = "policylens-report"
#: how wide a text column may get in terminal tables
TEXT_WIDTH = 70


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``policylens`` command line with ``argv`` (default: ``sys.argv[1:]``).

    Parameters
    ----------
    argv : sequence of str, default=None
        The arguments after the program name.

    Returns
    -------
    code : int
        0 on success; 1 when the input or the job failed (one line on stderr); 2 for bad usage
        or no command; 130 when interrupted.

    Examples
    --------
    >>> from policylens.cli import main
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data. We keep logs for 2 years.")
    >>> main(["segment", str(folder / "acme.txt")])
    clause_id kind     section text
    0         sentence         You may request erasure of your data.
    1         sentence         We keep logs for 2 years.
    2 clauses
    0
    >>> main(["segment", str(folder / "missing.txt")])  # the error goes to stderr
    1
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except PolicyLensError as exc:
        _error(str(exc))
        return 1
    except OSError as exc:  # e.g. the output folder cannot be written
        _error(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        return 1
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _error(message: str) -> None:
    print(f"policylens: error: {_clean(message, 500)}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``policylens`` with its subcommands.

    ``compare``, ``segment`` and ``extract`` are defined here, ``analyze`` by
    ``policylens.corpus`` and ``check`` by ``policylens.compliance.command``; each subcommand sets
    ``func``, the function :func:`main` calls with the parsed arguments.

    Returns
    -------
    parser : argparse.ArgumentParser

    Examples
    --------
    >>> from policylens.cli import build_parser
    >>> args = build_parser().parse_args(["extract", "policy.txt", "--format", "json"])
    >>> args.func.__name__, args.file, args.format
    ('cmd_extract', 'policy.txt', 'json')
    """
    from policylens import __version__

    parser = argparse.ArgumentParser(
        prog="policylens",
        description="Read privacy policies clause by clause: segment, classify, extract, compare.")
    parser.add_argument("--version", action="version", version=f"policylens {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format on stdout (default: text)")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("compare", parents=[common], help="compare policies and write the reports",
                       description="Compare policies (default: the bundled ones): print the key "
                                   "matrices and write report.html, policylens.xlsx and csv/.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="policy files or folders, or a folder written by 'policylens analyze'")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                   help=f"folder for the reports (default: {DEFAULT_OUT})")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first file that cannot be read (default: skip it, list it on "
                        "stderr and in the report, and compare the others)")
    p.add_argument("--skip-errors", action="store_true", help=argparse.SUPPRESS)  # now the default
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("segment", parents=[common], help="print the clauses of a policy")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_segment)

    p = sub.add_parser("extract", parents=[common], help="print the findings of a policy")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_extract)

    _add_analyze(sub, common)
    from policylens.compliance.command import add_parser as add_check  # owned by compliance (#15)

    add_check(sub)
    return parser


def _add_analyze(sub: Any, common: argparse.ArgumentParser) -> None:
    """``policylens analyze`` (``policylens.corpus``)."""
    from policylens.corpus import add_arguments, main_from_args

    help_text = "analyse a corpus into Parquet (streaming, parallel)"
    p = sub.add_parser("analyze", help=help_text)
    add_arguments(p)
    p.set_defaults(func=main_from_args)


def _unavailable(command: str) -> int:
    raise PolicyLensError(f"'{command}' is not available in this installation")


# --------------------------------------------------------------------------------------------
# commands


def cmd_compare(args: argparse.Namespace) -> int:
    """``policylens compare``: print the key matrices and write the reports.

    Files that cannot be read are skipped and listed on stderr (``--strict``: the first one
    stops the run); policies not in English are named on stderr as not analysed.

    Parameters
    ----------
    args : argparse.Namespace
        ``paths`` (none: the bundled policies), ``out``, ``strict`` and ``format`` (``text``: the
        tables of :func:`render_text`; ``json``: :func:`report_json` plus the files written).

    Returns
    -------
    code : int
        0.

    Examples
    --------
    >>> from policylens.cli import build_parser, cmd_compare
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data. We keep logs for 2 years.")
    >>> args = build_parser().parse_args(["compare", str(folder / "acme.txt"), "--out", str(folder / "out")])
    >>> cmd_compare(args)
    policylens: 1 policy, 2 clauses, 2 findings
    ...
    html: .../out/report.html
    excel: .../out/policylens.xlsx
    csv: .../out/csv/ (... files)
    0
    """
    from policylens.errors import PolicyLoadError
    from policylens.report import compare

    try:
        report = compare(args.paths or None, errors="raise" if args.strict else "skip")
    except PolicyLoadError as exc:  # only with --strict: say why the run stopped, and how not to
        raise PolicyLoadError(exc.path, f"{exc.problem} (--strict stops at the first file that "
                              "cannot be read; without it, such files are skipped and listed)") from exc
    summary = report.summary()
    for item in summary["skipped"]:
        print(f"policylens: skipped {_clean(item['file'], 200)}: {_clean(item['reason'], 200)}",
              file=sys.stderr)
    if summary["skipped"]:
        print(f"policylens: {len(summary['skipped'])} file(s) skipped (listed above and in the report; "
              "--strict stops at the first instead)", file=sys.stderr)
    for item in summary["inputs"]:
        if not item["analysed"]:
            print(f"policylens: not analysed (language {_clean(item['language'], 8)}, only English "
                  f"is): {_clean(item['name'], 80)}", file=sys.stderr)
    written = write_reports(report, Path(args.out))
    if args.format == "json":
        _print_json({**report_json(report), "written": {k: [str(p) for p in v] if isinstance(v, list)
                                                         else str(v) for k, v in written.items()}})
    else:
        print(render_text(report))
        for what, where in written.items():
            shown = f"{where[0].parent}/ ({len(where)} files)" if isinstance(where, list) else where
            print(f"{what}: {shown}")
    return 0


def write_reports(report: Any, out: Path) -> dict[str, Any]:
    """Write report.html, policylens.xlsx (when openpyxl is installed) and csv/ under ``out``.

    Parameters
    ----------
    report : ComparisonReport
    out : Path
        Created if needed.

    Returns
    -------
    written : dict
        ``html`` and ``excel`` -> the file, ``csv`` -> the list of files.

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.cli import write_reports
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data. We keep logs for 2 years.")
    >>> written = write_reports(pl.compare(folder / "acme.txt"), folder / "out")
    >>> sorted(written), written["html"].name
    (['csv', 'excel', 'html'], 'report.html')
    """
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Any] = {"html": report.to_html(out / "report.html")}
    if importlib.util.find_spec("openpyxl") is not None:
        written["excel"] = report.to_excel(out / "policylens.xlsx")
    else:
        print("policylens: openpyxl is not installed: no workbook (pip install 'policylens[excel]')",
              file=sys.stderr)
    written["csv"] = report.to_csv(out / "csv")
    return written


def cmd_segment(args: argparse.Namespace) -> int:
    """``policylens segment FILE``: print the clauses of a policy.

    Parameters
    ----------
    args : argparse.Namespace
        ``file`` and ``format`` (``text``: a table of clause id, kind, section and text;
        ``json``: every column of every clause).

    Returns
    -------
    code : int
        0.

    Examples
    --------
    >>> from policylens.cli import build_parser, cmd_segment
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data. We keep logs for 2 years.")
    >>> cmd_segment(build_parser().parse_args(["segment", str(folder / "acme.txt"), "--format", "json"]))
    [
      {
        "policy": "acme",
        "clause_id": 0,
        "section": "",
        "depth": 0,
        "kind": "sentence",
        "lead_in": "",
        "text": "You may request erasure of your data.",
        "start": 0,
        "end": 37
      },
    ...
    ]
    0
    """
    from policylens.io import load
    from policylens.segment import segment

    clauses = segment(load(args.file))
    if args.format == "json":
        _print_json(_records(clauses))
    else:
        view = clauses[["clause_id", "kind", "section", "text"]]
        print(_table(view, widths={"section": 30, "text": TEXT_WIDTH}))
        print(f"{len(clauses)} clauses")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    """``policylens extract FILE``: print the findings of a policy.

    The policy is segmented and its findings extracted (no classifier is needed).

    Parameters
    ----------
    args : argparse.Namespace
        ``file`` and ``format`` (``text``: a table of clause id, aspect, value, section and
        evidence; ``json``: every column of every finding).

    Returns
    -------
    code : int
        0.

    Examples
    --------
    >>> from policylens.cli import build_parser, cmd_extract
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "acme.txt").write_text("You may request erasure of your data. We keep logs for 2 years.")
    >>> cmd_extract(build_parser().parse_args(["extract", str(folder / "acme.txt")]))
    clause_id aspect    value   section evidence
    0         right     erasure         erasure of your data
    1         retention 730             2 years
    2 findings
    0
    """
    from policylens.extract import extract
    from policylens.io import load
    from policylens.segment import segment

    findings = extract(segment(load(args.file)))
    if args.format == "json":
        _print_json(_records(findings))
    else:
        view = findings[["clause_id", "aspect", "value", "section", "evidence"]]
        print(_table(view, widths={"section": 28, "evidence": 60, "value": 24}))
        print(f"{len(findings)} findings")
    return 0


# --------------------------------------------------------------------------------------------
# rendering


def _clean(text: Any, width: int | None = None) -> str:
    """Terminal-safe text: control characters (incl. ANSI escapes) replaced, whitespace folded,
    cut to ``width``."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in " \t\n" else "\ufffd"
                   for ch in str(text))
    text = " ".join(text.split())
    if width is not None and len(text) > width:
        text = text[: width - 1] + "\u2026"
    return text


def _marks() -> tuple[str, str]:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return ("\u2713", "\u00b7") if encoding.startswith("utf") else ("x", ".")


def _display(value: Any) -> str:
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "-"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(frame: pd.DataFrame, widths: dict[str, int] | None = None, default_width: int = 40) -> str:
    """A plain-text table, every cell cleaned and cut (policy text is untrusted)."""
    widths = widths or {}
    view = frame.astype(object).map(_display)
    for col in view.columns:
        view[col] = view[col].map(lambda v, c=col: _clean(v, widths.get(str(c), default_width)))
    view.index = [_clean(i, 32) for i in view.index]
    view.columns = [_clean(c, 32) for c in view.columns]
    if not len(view):
        return "(none)"
    for col in view.columns:  # pad to the column width: text reads best left-aligned
        width = max(len(col), *(len(v) for v in view[col]))
        view[col] = [v.ljust(width) for v in view[col]]
    return view.to_string(index=frame.index.name is not None, justify="left")


def matrix_text(matrix: pd.DataFrame) -> str:
    """A bool matrix as terminal text, with marks.

    Ids found in no policy are listed, not drawn; with eight policies or fewer it is transposed
    (ids down, policies across) to fit a terminal. The marks are ✓ and · on a UTF-8 stdout,
    ``x`` and ``.`` otherwise (as under doctest).

    Parameters
    ----------
    matrix : DataFrame of bool
        Policies as rows, ids as columns.

    Returns
    -------
    text : str

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.cli import matrix_text
    >>> rights = pd.DataFrame({"access": [True, False], "erasure": [True, True], "portability": [False, False]},
    ...                       index=["acme", "beta"])
    >>> print(matrix_text(rights))
            acme beta
    access     x    .
    erasure    x    x
      not found in any policy: portability
    """
    yes, no = _marks()
    used = matrix.loc[:, matrix.any(axis=0)] if len(matrix.columns) else matrix
    if not len(used.columns):
        return "  (none found)"
    view = used.T if len(used) <= 8 else used
    text = view.map(lambda v: yes if v else no)
    text.index = [_clean(i, 32) for i in text.index]
    text.columns = [_clean(c, 24) for c in text.columns]
    out = text.to_string()
    hidden = [str(c) for c in matrix.columns if c not in used.columns]
    if hidden:
        more = f" and {len(hidden) - 8} more" if len(hidden) > 8 else ""
        out += f"\n  not found in any policy: {', '.join(hidden[:8])}{more}"
    return out


#: the facts printed for each policy
SUMMARY_FACTS = ["name", "product", "last_updated", "n_clauses", "sells_data", "shares_for_ads",
                 "breach_notice_hours", "response_days", "has_dpo", "min_child_age"]


def render_text(report: Any) -> str:
    """The terminal summary of a report: counts, the facts, the matrices, children, retention.

    Parameters
    ----------
    report : ComparisonReport

    Returns
    -------
    text : str

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.cli import render_text
    >>> report = pl.compare([pl.load_text("You may request erasure of your data.", id="acme")])
    >>> print(render_text(report))
    policylens: 1 policy, 1 clauses, 1 findings
    <BLANKLINE>
    Facts
    ...
    User rights
            acme
    erasure    x
      not found in any policy: access, ...
    """
    n = len(report.ids)
    facts = report.policies[[c for c in SUMMARY_FACTS if c in report.policies.columns]].copy()
    foreign = ~report.analysed
    if foreign.any():  # a policy in another language is not analysed: its blanks mean nothing
        facts = facts.astype(object)
        facts.loc[foreign, [c for c in facts.columns if c not in ("name", "product", "n_clauses")]] = \
            "not analysed"
    conflicted = report.conflicts  # a fact the policy both affirms and denies reads "conflicting"
    for policy, fact in set(zip(conflicted["policy"], conflicted["fact"], strict=True)):
        if fact in facts.columns and policy in facts.index:
            facts = facts.astype(object)
            facts.at[policy, fact] = "conflicting"
    parts = [f"policylens: {n} {'policy' if n == 1 else 'policies'}, {report.n_clauses:,} clauses, "
             f"{len(report.findings):,} findings", "", "Facts",
             _table(facts, widths={"name": 30, "product": 30})]
    for attr, title in (("rights", "User rights"), ("transfers", "Transfer mechanisms"),
                        ("legal_bases", "Legal bases"), ("laws", "Laws cited")):
        parts += ["", title, matrix_text(getattr(report, attr))]
    for context, title in (("collected", "Personal data collected (CCPA categories)"),
                           ("disclosed", "Personal data disclosed (CCPA categories)"),
                           ("sold_shared", "Personal data sold or shared (CCPA categories)")):
        parts += ["", title, matrix_text(report.data_categories(context, "ccpa"))]
    for attr, title in (("purposes", "Purposes"), ("recipients", "Recipients")):
        parts += ["", title, matrix_text(getattr(report, attr))]
    kids = report.children[["min_age", "ages_mentioned", "laws", "parental_consent"]]
    parts += ["", "Children", _table(kids)]
    retention = report.retention
    if len(retention):
        counts = retention.groupby("policy", sort=False).size()
        parts += ["", "Retention periods stated: " + ", ".join(f"{_clean(p, 32)} {c}"
                                                               for p, c in counts.items())]
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# JSON


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    from policylens.report.spreadsheet import export_frame

    return export_frame(frame).to_dict("records")


def report_json(report: Any) -> dict[str, Any]:
    """The key tables as plain JSON-able data (matrices as policy -> list of ids).

    Parameters
    ----------
    report : ComparisonReport

    Returns
    -------
    data : dict
        ``policies``, ``children``, ``retention``, ``coverage``: lists of row dicts; ``rights``,
        ``transfers``, ``legal_bases``, ``laws``, ``destinations`` and the data-practice
        matrices: policy -> the ids that are True.

    Examples
    --------
    >>> import policylens as pl
    >>> from policylens.cli import report_json
    >>> report = pl.compare([pl.load_text("You may request erasure of your data.", id="acme")])
    >>> data = report_json(report)
    >>> data["rights"], data["laws"], data["policies"][0]["n_findings"]
    ({'acme': ['erasure']}, {'acme': []}, 1)
    """
    out: dict[str, Any] = {"policies": _records(report.policies)}
    for attr in ("rights", "transfers", "legal_bases", "laws", "destinations", "data_collected",
                 "data_disclosed", "data_sold_shared", "ccpa_categories", "purposes", "recipients",
                 "data_sources"):
        matrix = getattr(report, attr)
        out[attr] = {str(p): [str(c) for c in matrix.columns if matrix.at[p, c]] for p in matrix.index}
    out["children"] = _records(report.children)
    out["retention"] = _records(report.retention)
    out["coverage"] = _records(report.coverage)
    return out


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
