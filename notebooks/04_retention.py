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
from policylens.report.formatting import format_period
from policylens.report.notebook import style_table

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %%
retention = report.retention.assign(period=[
    format_period(lo, hi, c) for lo, hi, c in
    zip(report.retention["min_days"], report.retention["max_days"], report.retention["condition"],
        strict=True)])
style_table(retention[["policy", "data_category", "period", "evidence"]].set_index("policy"),
            "nb04-retention")

# %% [markdown]
# ## Periods on one time axis
# One row per policy and data category; a bar from the shortest to the longest stated bound.
# Qualitative periods have no length and are counted under the axis, not drawn.

# %%
ax = report.plot.retention()

# %% [markdown]
# ## Per policy: how concrete is it?
# The GDPR asks for "the period for which the personal data will be stored, or if that is not
# possible, the criteria used to determine that period" (Art. 13(2)(a)). "As long as necessary"
# is a criterion at best. The share of qualitative statements below says how far a reader can
# plan on what a policy promises: a policy whose every statement is qualitative gives its users
# no period at all.

# %%
numeric = retention["max_days"].notna() | retention["min_days"].notna()
per_policy = retention.assign(numeric=numeric).groupby("policy", sort=False).agg(
    periods=("policy", "size"), with_a_length=("numeric", "sum"),
    longest_days=("max_days", "max"))
per_policy = per_policy.reindex(report.ids)
per_policy["periods"] = per_policy["periods"].fillna(0).astype("Int64")
per_policy["with_a_length"] = per_policy["with_a_length"].fillna(0).astype("Int64")
per_policy["longest"] = per_policy.pop("longest_days").map(lambda d: format_period(d, d) or "–")
style_table(per_policy, "nb04-per-policy")

# %%
with_length, periods = int(per_policy["with_a_length"].sum()), int(per_policy["periods"].sum())
no_length = per_policy.index[per_policy["with_a_length"] == 0].tolist()
print(f"{with_length} of {periods} retention statements give a length; "
      f"policies with no period of any length: {', '.join(no_length) or 'none'}.")

# %% [markdown]
# ## Where the longest period comes from
# Check what the longest stated period applies to: financial or tax records kept for as long as
# accounting law requires are expected to be the longest; a long period for ordinary account or
# usage data would deserve a question.

# %%
longest = retention.loc[retention["max_days"].idxmax()]
longest[["policy", "data_category", "period", "section", "evidence"]].to_frame("longest period")
