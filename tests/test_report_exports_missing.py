"""Exports write a missing value as an empty cell, never as the text 'nan' (pandas re-infers a
column's dtype when values are mapped; the export must keep None)."""

from __future__ import annotations

import csv

import openpyxl

import policylens as pl


def test_csv_and_excel_write_missing_values_empty(tmp_path):
    report = pl.compare([
        pl.load_text("We notify you of a breach within 72 hours. You may ask us to delete your data.", id="a"),
        pl.load_text("You may ask us to delete your data.", id="b"),
    ])
    assert report.policies["breach_notice_hours"].isna().tolist() == [False, True]
    paths = report.to_csv(tmp_path / "csv")
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                assert "nan" not in row and "<NA>" not in row and "None" not in row, (path.name, row)
    with (tmp_path / "csv" / "policies.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = {r["policy"]: r for r in csv.DictReader(fh)}
    assert float(rows["a"]["breach_notice_hours"]) == 72 and rows["b"]["breach_notice_hours"] == ""
    book = openpyxl.load_workbook(report.to_excel(tmp_path / "r.xlsx"))
    sheet = book["policies"]
    header = [c.value for c in sheet[1]]
    column = header.index("breach_notice_hours")
    assert [r[column] for r in sheet.iter_rows(min_row=2, values_only=True)] == [72, None]
