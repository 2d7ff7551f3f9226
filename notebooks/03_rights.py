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
# # 3. User rights
#
# A right counts when the policy tells users they have it or how to exercise it. Columns are the
# canonical ids of `policylens.resources.vocabulary("right")`, all of them, in that order.

# %%
import pandas as pd

import policylens

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %%
report.styled("rights")

# %%
ax = report.plot.rights()

# %% [markdown]
# ## How many policies grant each right

# %%
report.rights.sum().sort_values(ascending=False).to_frame("policies")

# %% [markdown]
# ## The evidence behind a cell
# Section, offsets and the exact words for "the first policy grants erasure":

# %%
report.evidence(report.ids[0], "rights", "erasure")[["section", "evidence", "start", "end"]]

# %% [markdown]
# ## Two policies side by side
# Rights one policy grants and the other does not:

# %%
diff = report.diff(report.ids[0], report.ids[1])
diff[diff["aspect"] == "right"].reset_index(drop=True)
