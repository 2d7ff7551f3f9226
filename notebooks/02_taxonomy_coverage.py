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
from policylens.report.glossary import label
from policylens.report.notebook import style_table

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
# Counts depend on length; shares (per cent of each policy's clauses, below) show where each
# policy spends its words. A policy that
# gives most of its clauses to *sharing* or *security* and few to *user rights* tells its
# readers more about what happens to their data than about what they can do about it.

# %%
shares = report.coverage.div(report.coverage.sum(axis=1), axis=0)
shares.columns = [label("category", c) for c in shares.columns]
style_table((100 * shares).round(0).astype("Int64"), "nb02-shares")

# %% [markdown]
# ## Categories a policy does not cover
# Categories with no clause in a policy. A gap is a question for the analyst, not a verdict: a
# policy with no *Legal basis* clause names no lawful ground per purpose (GDPR Art. 13(1)(c)
# requires it of a controller that serves EU users); no *Children* clause means the policy is
# silent on minors; *Do Not Track* and *Regional disclosures* gaps matter only for the
# jurisdictions that ask for them (CalOPPA, US state laws).

# %%
coverage = report.coverage
pd.Series({policy: ", ".join(label("category", c) for c in coverage.columns
                             if coverage.at[policy, c] == 0) or "–"
           for policy in coverage.index}, name="categories with no clause").to_frame()

# %% [markdown]
# The categories some policy leaves without a clause, with how many policies do (the
# categories most policies skip say what the corpus as a whole is silent on; a gap in one
# policy only is the place to read first):

# %%
gaps = {label("category", c): [p for p in coverage.index if coverage.at[p, c] == 0]
        for c in coverage.columns}
for category, policies in sorted(gaps.items(), key=lambda kv: -len(kv[1])):
    if policies:
        print(f"{category}: no clause in {len(policies)} of {len(coverage)} policies "
              f"({', '.join(policies)})")

# %% [markdown]
# ## What a cell is made of
# The clauses behind a cell, e.g. the retention clauses of the second policy:

# %%
report.evidence(report.ids[1], "category", "retention")[["section", "text"]].head(5)
