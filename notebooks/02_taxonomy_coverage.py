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
# # 2. Taxonomy coverage
#
# Every clause lands in one shared taxonomy of data practices, so policies can be compared
# category by category. The taxonomy is data (`src/policylens/data/taxonomy.yaml`):

# %%
from policylens import taxonomy

taxonomy.taxonomy_frame()[["id", "label", "opp115"]]

# %%
import pandas as pd

import policylens

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %% [markdown]
# ## Clauses per category
# `report.coverage` counts, per policy, the clauses whose primary category each is.

# %%
report.styled("coverage")

# %% [markdown]
# Colour is the category's share of the policy's clauses (long and short policies compare),
# the number is the count.

# %%
ax = report.plot.coverage()

# %% [markdown]
# ## Categories a policy barely covers
# Categories with no clause in a policy, per policy:

# %%
coverage = report.coverage
{policy: [c for c in coverage.columns if coverage.at[policy, c] == 0] for policy in coverage.index}

# %% [markdown]
# ## What a cell is made of
# The clauses behind a cell, e.g. the retention clauses of the second policy:

# %%
report.evidence(report.ids[1], "category", "retention")[["section", "text"]].head(5)
