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
# # 8. Compliance checklists: GDPR / UK GDPR Art. 13-14 and CCPA/CPRA
#
# Does each policy disclose what the law requires? `report.compliance` answers per
# (policy, regime, requirement): **addressed** (with the sentence that proves it),
# **missing** (with what was looked for) or **not applicable** (with the condition that failed).
# The requirement catalogues are data (`policylens/data/requirements/*.yaml`). `as_of` is fixed
# here so that "updated within 12 months" does not change with the calendar.

# %%
import pandas as pd

import policylens
from policylens.compliance import catalogue

pd.set_option("display.max_colwidth", 80)
pd.set_option("display.width", 140)
report = policylens.compare(regimes=["gdpr", "uk_gdpr", "ccpa"], as_of="2025-12-01")

# %% [markdown]
# ## The GDPR catalogue
# Each requirement has its article, and is either mandatory or applies under a condition.

# %%
catalogue("gdpr").table()[["requirement", "citation", "mandatory", "condition"]]

# %% [markdown]
# ## Scorecards
# ✓ addressed, ✗ missing, – not applicable; the score is the share of applicable items addressed.

# %%
report.scorecard("gdpr", styled=True)

# %%
report.scorecard("ccpa", styled=True)

# %% [markdown]
# ## Which regimes each policy says it follows
# From the laws it cites and the audiences it addresses (EEA, UK, California residents).

# %%
report.regimes.pivot(index="policy", columns="regime", values="follows").loc[report.ids]

# %% [markdown]
# ## One policy's gaps, with citations and what was searched

# %%
rows = report.compliance
gaps = rows[(rows["policy"] == "imagint-labs") & (rows["status"] == "missing")]
gaps[["regime", "requirement", "citation", "note"]]

# %% [markdown]
# ## The evidence behind addressed items
# `evidence` is exactly `policy.text[start:end]`; `rule` names what found it.

# %%
done = rows[(rows["policy"] == "imaga") & (rows["regime"] == "ccpa") & (rows["status"] == "addressed")]
done[["requirement", "clause_id", "evidence", "rule"]].head(8)

# %% [markdown]
# ## Not applicable: the condition and why
# E.g. no data protection officer named, or the controller's establishment outside the EU not stated.

# %%
na = rows[(rows["regime"] == "gdpr") & (rows["status"] == "not_applicable")]
na[["policy", "requirement", "note"]].head(6)

# %% [markdown]
# ## In CI
# `policylens check PATHS --regime gdpr|uk_gdpr|ccpa [--format table|json|junit]` prints the
# same checklist and exits 1 when a required item is missing.
