# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 6. The one-page comparison
#
# The report object shows a compact summary of the key matrices; `to_html`, `to_excel` and
# `to_csv` write the full report with the evidence for every cell.

# %%
import pandas as pd

import policylens

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %%
report

# %% [markdown]
# ## Laws cited and legal bases

# %%
report.styled("laws")

# %%
report.styled("legal_bases")

# %% [markdown]
# ## What differs between two policies
# Aspect by aspect (facts, rights, mechanisms, legal bases, laws, destinations, ages, retention):

# %%
report.diff(report.ids[1], report.ids[2])

# %% [markdown]
# ## Exports
# One self-contained HTML page (charts embedded, policy text escaped), a workbook (one sheet per
# table; formula-like text stays text) and CSV files.

# %%
import tempfile
from pathlib import Path

tmp = tempfile.TemporaryDirectory(prefix="policylens-")
out = Path(tmp.name)
report.to_html(out / "report.html")
report.to_excel(out / "report.xlsx")
report.to_csv(out / "csv")
sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())

# %%
tmp.cleanup()
