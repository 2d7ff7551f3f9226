"""Spreadsheet exports of a comparison: an Excel workbook and CSV files.

Policy text is untrusted: a cell that begins like a formula (``= + - @``, tab, carriage return,
or their full-width forms) must not become one. Excel cells are written as text with Excel's
"quote prefix" flag (the text stays exactly as in the policy); CSV cells get a leading apostrophe.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from policylens.report.formatting import plain_value

__all__ = ["FORMULA_PREFIXES", "export_frame", "neutralise", "write_csv", "write_excel"]

#: first characters that make spreadsheet software read a cell as a formula (OWASP CSV
#: injection) plus their full-width forms, which some spreadsheet programs also accept
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

EXCEL_MAX_CHARS = 32_767  # Excel's cell limit
EXCEL_MAX_ROWS = 1_048_576
# characters XML 1.0 (and so xlsx) cannot hold; openpyxl refuses them
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --------------------------------------------------------------------------------------------
# cell values


def is_formula_like(text: str) -> bool:
    """Whether ``text`` begins like a spreadsheet formula (one of :data:`FORMULA_PREFIXES`).

    Parameters
    ----------
    text : str

    Returns
    -------
    formula_like : bool

    Examples
    --------
    >>> from policylens.report.spreadsheet import is_formula_like
    >>> is_formula_like('=HYPERLINK("http://x")'), is_formula_like("-1"), is_formula_like("GDPR")
    (True, True, False)
    """
    return text.startswith(FORMULA_PREFIXES)


def neutralise(text: str) -> str:
    """The text with a leading apostrophe when it begins like a formula (for CSV).

    Parameters
    ----------
    text : str

    Returns
    -------
    text : str

    Examples
    --------
    >>> from policylens.report.spreadsheet import neutralise
    >>> neutralise("=1+1"), neutralise("We sell nothing.")
    ("'=1+1", 'We sell nothing.')
    """
    return "'" + text if is_formula_like(text) else text


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A table ready for export: the index as the first column(s), plain values.

    Lists become ``"; "``-joined text and missing values None (``formatting.plain_value``).

    Parameters
    ----------
    frame : DataFrame

    Returns
    -------
    frame : DataFrame
        Of Python objects, with a fresh range index.

    Examples
    --------
    >>> import pandas as pd
    >>> from policylens.report.spreadsheet import export_frame
    >>> frame = pd.DataFrame({"laws": [["gdpr", "ccpa"]], "min_age": pd.array([None], dtype="Int64")},
    ...                      index=pd.Index(["acme"], name="policy"))
    >>> export_frame(frame).values.tolist()
    [['acme', 'gdpr; ccpa', None]]
    >>> export_frame(pd.DataFrame({"hours": [72.0, float("nan")], "name": ["a", None]})).values.tolist()
    [[72.0, 'a'], [None, None]]
    """
    out = frame.reset_index() if _has_named_index(frame) else frame.reset_index(drop=True)
    if not len(out.columns):
        return out
    # built column by column as object: DataFrame.map would infer dtypes again and turn the None
    # of a missing value back into NaN (written "nan" to CSV)
    columns = [pd.Series([plain_value(v) for v in out.iloc[:, i]], index=out.index, dtype=object)
               for i in range(len(out.columns))]
    plain = pd.concat(columns, axis=1) if columns else out
    plain.columns = out.columns
    return plain


def _has_named_index(frame: pd.DataFrame) -> bool:
    return any(name is not None for name in frame.index.names)


# --------------------------------------------------------------------------------------------
# CSV


def _tables(summary: Mapping[str, Any]) -> list[tuple[str, pd.DataFrame]]:
    """(name, frame) of every section table of ``summary``, in section order."""
    tables = summary["tables"]
    return [(s.key, tables[s.key]) for s in summary["sections"] if s.key in tables]


def inputs_frame(summary: Mapping[str, Any]) -> pd.DataFrame:
    """What went into the comparison: one row per input file, then one per skipped file.

    Parameters
    ----------
    summary : mapping
        ``ComparisonReport.summary()`` (its ``inputs`` and ``skipped``).

    Returns
    -------
    inputs : DataFrame
        ``policy``, ``name``, ``product`` (None when the document does not say), ``file``,
        ``language``, ``analysed``, ``skipped`` (the reason a file was skipped).

    Examples
    --------
    >>> from policylens.report.spreadsheet import inputs_frame
    >>> summary = {"inputs": [{"policy": "acme", "name": "Acme", "file": "acme.txt", "language": "en",
    ...                        "analysed": True}],
    ...            "skipped": [{"file": "logo.png", "reason": "not a text format"}]}
    >>> inputs_frame(summary)[["file", "analysed", "skipped"]]
           file analysed            skipped
    0  acme.txt     True               None
    1  logo.png    False  not a text format
    """
    rows = [{"policy": i["policy"], "name": i["name"], "product": i.get("product"), "file": i["file"],
             "language": i["language"], "analysed": i["analysed"], "skipped": None}
            for i in summary["inputs"]]
    rows += [{"policy": None, "name": None, "product": None, "file": s["file"], "language": None,
              "analysed": False, "skipped": s["reason"]} for s in summary.get("skipped", [])]
    # object columns: a missing name, product or language stays None (an empty cell), not NaN
    return pd.DataFrame(rows, columns=["policy", "name", "product", "file", "language", "analysed",
                                       "skipped"], dtype=object)


def glossary_frame() -> pd.DataFrame:
    """Every written term: ``aspect``, ``id``, ``label``, ``description``.

    Returns
    -------
    glossary : DataFrame

    Examples
    --------
    >>> from policylens.report.spreadsheet import glossary_frame
    >>> glossary = glossary_frame()
    >>> glossary.columns.tolist()
    ['aspect', 'id', 'label', 'description']
    >>> glossary.set_index(["aspect", "id"]).at[("right", "erasure"), "label"]
    'Erasure'
    """
    from policylens.report.glossary import ASPECT_TITLES, terms

    rows = [(t.aspect, t.id, t.label, t.description) for aspect in ASPECT_TITLES
            for t in terms(aspect).values()]
    return pd.DataFrame(rows, columns=["aspect", "id", "label", "description"])


def write_csv(summary: Mapping[str, Any], folder: str | os.PathLike, *,
              clauses: pd.DataFrame | None = None) -> list[Path]:
    """One ``<table>.csv`` per section table of ``summary``, plus ``inputs.csv``.

    UTF-8 with BOM so spreadsheet programs detect the encoding; formula-like text gets a leading
    apostrophe.

    Parameters
    ----------
    summary : mapping
        ``ComparisonReport.summary()``.
    folder : str or path-like
        Created if needed.
    clauses : DataFrame, default=None
        Also written, as ``clauses.csv``, when given.

    Returns
    -------
    paths : list of Path
        The files written.

    Examples
    --------
    >>> import policylens as pl
    >>> report = pl.compare([pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme"),
    ...                      pl.load_text("You have the right to access your data under the GDPR.", id="beta")])
    >>> import pathlib, tempfile
    >>> from policylens.report.spreadsheet import write_csv
    >>> paths = write_csv(report.summary(), pathlib.Path(tempfile.mkdtemp()))
    >>> rights = next(p for p in paths if p.name == "rights.csv")
    >>> rights.read_text(encoding="utf-8-sig").splitlines()[0].split(",")[:3]
    ['policy', 'access', 'rectification']
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    frames = [*_tables(summary), ("inputs", inputs_frame(summary))]
    if clauses is not None:
        frames.append(("clauses", clauses))
    for name, table in frames:
        path = out / f"{name}.csv"
        frame = export_frame(table)
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([_csv_cell(c) for c in frame.columns])
            for row in frame.itertuples(index=False, name=None):
                writer.writerow([_csv_cell(v) for v in row])
        written.append(path)
    return written


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return value


# --------------------------------------------------------------------------------------------
# Excel


def write_excel(summary: Mapping[str, Any], path: str | os.PathLike) -> Path:
    """A workbook of ``summary``: one sheet per section table, then the inputs and the glossary.

    The section tables are the policies, the matrices, retention, children, coverage and the
    findings with their sentences. Text is written as text, never as a formula.

    Parameters
    ----------
    summary : mapping
        ``ComparisonReport.summary()``.
    path : str or path-like
        The ``.xlsx`` file (parent folders made).

    Returns
    -------
    path : Path

    Raises
    ------
    PolicyLensError
        openpyxl (the ``excel`` extra) is not installed.

    Examples
    --------
    >>> import policylens as pl
    >>> report = pl.compare([pl.load_text("You may request erasure of your data. We keep logs for 2 years.", id="acme"),
    ...                      pl.load_text("You have the right to access your data under the GDPR.", id="beta")])
    >>> import pathlib, tempfile
    >>> import pandas as pd
    >>> from policylens.report.spreadsheet import write_excel
    >>> path = write_excel(report.summary(), pathlib.Path(tempfile.mkdtemp()) / "report.xlsx")
    >>> sheets = pd.ExcelFile(path).sheet_names
    >>> sheets[:2], sheets[-2:]
    (['policies', 'rights'], ['inputs', 'glossary'])
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError as exc:  # optional extra
        from policylens.errors import PolicyLensError

        raise PolicyLensError("to_excel needs openpyxl: pip install 'policylens[excel]'") from exc

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for name, table in [*_tables(summary), ("inputs", inputs_frame(summary)),
                        ("glossary", glossary_frame())]:
        frame = export_frame(table)
        sheet = workbook.create_sheet(title=name[:31])
        header = [str(c) for c in frame.columns]
        rows = list(frame.itertuples(index=False, name=None))
        truncated = len(rows) > EXCEL_MAX_ROWS - 2
        rows = rows[: EXCEL_MAX_ROWS - 2]
        for j, title in enumerate(header, start=1):
            _set_cell(sheet.cell(row=1, column=j), title).font = bold
        for i, row in enumerate(rows, start=2):
            for j, value in enumerate(row, start=1):
                _set_cell(sheet.cell(row=i, column=j), value)
        if truncated:
            _set_cell(sheet.cell(row=len(rows) + 2, column=1),
                      "(truncated: more rows than a worksheet holds; see the CSV export)")
        sheet.freeze_panes = "B2" if _has_named_index(table) else "A2"
        if header:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 1)}"
        for j, title in enumerate(header, start=1):
            longest = max([len(title), *(len(str(r[j - 1])) for r in rows[:200] if r[j - 1] is not None)])
            sheet.column_dimensions[get_column_letter(j)].width = min(max(longest + 2, 6), 60)
            if longest > 60:
                for cell in sheet[get_column_letter(j)][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)
    return path


def _set_cell(cell: Any, value: Any) -> Any:
    """Write ``value``; strings always stay strings (never formulas) and stay visible as is."""
    if isinstance(value, str):
        text = _ILLEGAL_XML.sub("\ufffd", value)
        if len(text) > EXCEL_MAX_CHARS:
            text = text[: EXCEL_MAX_CHARS - 1] + "\u2026"
        cell.value = text
        # openpyxl turns a leading '=' into a formula: force a text cell, and set Excel's
        # quote-prefix flag so that editing the cell in Excel keeps it text too.
        cell.data_type = "s"
        if is_formula_like(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell
