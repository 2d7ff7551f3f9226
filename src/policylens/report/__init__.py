"""The comparison report: the report object, pure tables, formatting, exports and charts.

- :mod:`~policylens.report.comparison`: ``compare()``, ``read_results()`` and
  :class:`ComparisonReport` (the object; its tables are cached views of three base tables);
- :mod:`~policylens.report.sources`: where the base tables come from (pipeline, Parquet, memory);
- :mod:`~policylens.report.tables`: pure functions base tables -> matrices and views;
- :mod:`~policylens.report.sections`: the ordered list of sections every renderer walks;
- :mod:`~policylens.report.formatting`: values as people write them;
- renderers, which take plain tables and never import the report object:
  :mod:`~policylens.report.html`, :mod:`~policylens.report.spreadsheet` (Excel, CSV),
  :mod:`~policylens.report.notebook` (``_repr_html_``, Stylers), :mod:`~policylens.report.plotting`.
"""

from __future__ import annotations

from policylens.report.comparison import ComparisonReport, compare, open, read_results  # noqa: A004

__all__ = ["ComparisonReport", "compare", "open", "read_results"]
