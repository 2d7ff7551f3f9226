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
# # 7. Data practices: what is collected, why, and who receives it
#
# The findings aspects `data_collected`, `data_disclosed` and `data_sold_shared` name personal-data
# categories (`vocab_practices.yaml`, each mapped to one CCPA statutory category); `purpose`,
# `recipient` and `data_source` the why, the who and the where from. Every finding carries a
# `polarity`: "we do not collect biometric data" is a *denied* collection, never a collection.

# %%
import pandas as pd

import policylens
from policylens.extract.practices_vocab import entries

pd.set_option("display.max_colwidth", 80)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %% [markdown]
# ## The vocabulary
# 25+ categories, each with its CCPA statutory category, whether it is CCPA sensitive personal
# information and whether it is a GDPR special category:

# %%
pd.DataFrame([(e.id, e.label, e.ccpa, e.ccpa_sensitive, e.gdpr_special) for e in entries("categories")],
             columns=["id", "label", "ccpa", "ccpa_sensitive", "gdpr_special"])

# %% [markdown]
# ## Categories per policy
# Collected, in the CCPA scheme (the 11 statutory categories plus `sensitive`). A policy that
# names no category has an all-False row.

# %%
report.data_categories("collected", scheme="ccpa")

# %% [markdown]
# The finer policylens categories, as a category x policy chart:

# %%
ax = report.plot.data_categories("collected", drop_empty=True)

# %% [markdown]
# Disclosed for a business purpose, and sold or shared (CCPA sense):

# %%
report.data_categories("disclosed", scheme="ccpa")

# %%
report.data_categories("sold_shared", scheme="ccpa")

# %% [markdown]
# Statements about selling or sharing, with their polarity (a denial is a finding too):

# %%
sold = report.findings[report.findings["aspect"] == "data_sold_shared"]
sold[["policy", "value", "polarity", "scope", "evidence"]].reset_index(drop=True)

# %% [markdown]
# ## Purposes and recipients

# %%
ax = report.plot.purposes()

# %%
ax = report.plot.recipients()

# %% [markdown]
# ## Links: which data goes to whom, for what
# `data_flows` ties a category to a purpose and/or a recipient stated in the same clause.

# %%
flows = report.data_flows
flows[flows["recipient"].notna()][["policy", "data_category", "context", "recipient", "polarity",
                                  "evidence"]].reset_index(drop=True)

# %% [markdown]
# ## Evidence and denials
# Every cell can be traced to its clause; denied findings show what a policy rules out:

# %%
denied = report.findings[(report.findings["polarity"] == "denied")
                         & report.findings["aspect"].isin(["data_collected", "recipient"])]
denied[["policy", "aspect", "value", "scope", "evidence"]].reset_index(drop=True)

# %%
report.evidence("imaga", "data_collected", "coarse_location")[["value", "polarity", "rule", "evidence"]]
