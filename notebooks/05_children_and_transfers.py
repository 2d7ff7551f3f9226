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
# # 5. Children and international transfers
#
# ## Age thresholds
# `min_age` is the service's own minimum age; a law's threshold that a policy only cites
# (COPPA's 13, GDPR Art. 8's 13-16) is an age mentioned, not the policy's minimum.

# %%
import pandas as pd

import policylens

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %%
report.children

# %%
ax = report.plot.children()

# %% [markdown]
# Policies for users from 13 versus from 18:

# %%
report.children["min_age"].value_counts(dropna=False).sort_index().to_frame("policies")

# %% [markdown]
# Every age statement, with its role and evidence:

# %%
ages = report.findings[report.findings["aspect"] == "child_age"]
ages[["policy", "value", "role", "section", "evidence"]].reset_index(drop=True)

# %% [markdown]
# ## International transfers
# Transfer mechanisms each policy relies on (all canonical ids):

# %%
report.styled("transfers")

# %%
ax = report.plot.transfers()

# %% [markdown]
# Destinations named:

# %%
report.destinations

# %% [markdown]
# The evidence for standard contractual clauses:

# %%
scc = report.transfers["scc"]
pd.concat([report.evidence(p, "transfers", "scc") for p in scc[scc].index])[
    ["policy", "section", "evidence"]].reset_index(drop=True)
