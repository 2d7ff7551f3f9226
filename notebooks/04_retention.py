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
# # 4. Retention
#
# Every stated retention period, normalised to days (1 month = 30 days, 1 year = 365 days), with
# the data it applies to and its condition. Qualitative periods ("as long as necessary") have no
# days.

# %%
import pandas as pd

import policylens

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %%
from policylens.report.formatting import format_period

retention = report.retention.assign(period=[
    format_period(lo, hi, c) for lo, hi, c in
    zip(report.retention["min_days"], report.retention["max_days"], report.retention["condition"],
        strict=True)])
retention[["policy", "data_category", "period", "min_days", "max_days"]]

# %% [markdown]
# ## Periods on one time axis
# One row per policy and data category; a bar from the shortest to the longest stated bound.

# %%
ax = report.plot.retention()

# %% [markdown]
# ## Per policy
# Number of stated periods, how many are qualitative, and the longest period with a length:

# %%
numeric = retention["max_days"].notna() | retention["min_days"].notna()
summary = retention.assign(numeric=numeric).groupby("policy", sort=False).agg(
    periods=("policy", "size"), qualitative=("numeric", lambda s: int((~s).sum())),
    longest_days=("max_days", "max"))
summary.reindex(report.ids)

# %% [markdown]
# ## Where a period comes from

# %%
longest = retention.loc[retention["max_days"].idxmax()]
longest[["policy", "data_category", "period", "section", "evidence", "start", "end"]].to_frame("longest period")
