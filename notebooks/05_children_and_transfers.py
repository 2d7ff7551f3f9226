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
# (COPPA's 13, GDPR Art. 8's 13-16) is an age mentioned, not the policy's minimum. Parental
# consent and deletion on discovery read ✓ where the policy says so, ✗ where it says it does
# not, – where it is silent.

# %%
import pandas as pd

import policylens
from policylens.report.glossary import label
from policylens.report.notebook import style_table

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %%
report.styled("children")

# %%
ax = report.plot.children()

# %% [markdown]
# What the table says: a service open from 13 must deal with the GDPR's age of digital consent
# (up to 16 depending on the member state, Art. 8) and, for US users under 13, COPPA's verifiable
# parental consent; a service set at 18 avoids both. A policy that states no minimum age, or a
# minimum of 13 without any word on parental consent, leaves the analyst to check how the
# service keeps younger children out.

# %%
kids = report.children
style_table(pd.DataFrame({
    "minimum age": kids["min_age"],
    "under 16 allowed": kids["min_age"].map(lambda a: pd.NA if pd.isna(a) else bool(a < 16)).astype("boolean"),
    "parental consent": kids["parental_consent"],
    "laws cited where ages are stated": kids["laws"].map(lambda laws: [label("law", x) for x in laws]),
}), "nb05-kids")

# %% [markdown]
# The policies to check against COPPA and GDPR Art. 8 are those open below 16 without a word on
# parental consent, and those that state no minimum age:

# %%
open_young = [p for p in kids.index if pd.notna(kids.at[p, "min_age"]) and kids.at[p, "min_age"] < 16]
print("Open below 16:", ", ".join(f"{p} ({kids.at[p, 'min_age']})" for p in open_young) or "none")
print("  of those, silent on parental consent:",
      ", ".join(p for p in open_young if pd.isna(kids.at[p, "parental_consent"])) or "none")
print("No minimum age stated:", ", ".join(kids.index[kids["min_age"].isna()]) or "none")

# %% [markdown]
# Every age statement, with its role and the sentence it is in:

# %%
ages = report.findings[report.findings["aspect"] == "child_age"]
ages.assign(role=ages["role"].map(lambda r: label("child_role", r)))[
    ["policy", "value", "role", "context"]].reset_index(drop=True)

# %% [markdown]
# ## International transfers
# Transfer mechanisms each policy relies on (all canonical ids):

# %%
transfers = report.transfers.T.rename(index=lambda m: label("transfer_mechanism", m))
style_table(transfers, "nb05-transfers")

# %%
ax = report.plot.transfers()

# %% [markdown]
# A policy that transfers data out of the EEA must name the safeguard (GDPR Art. 13(1)(f)):
# standard contractual clauses, an adequacy decision, binding corporate rules. *Unnamed
# safeguards* ("appropriate safeguards" with no mechanism) and consent alone (a derogation of
# Art. 49, meant for occasional transfers) are the weak answers; a policy whose only mechanisms
# are those is the one to read closely.

# %%
strong = ["scc", "uk_idta", "adequacy", "bcr", "dpf"]
named = report.transfers.apply(
    lambda row: ", ".join(label("transfer_mechanism", m) for m in report.transfers.columns if row[m])
    or "–", axis=1)
pd.DataFrame({"mechanisms": named,
              "names a standard mechanism": report.transfers[strong].any(axis=1).map(
                  {True: "yes", False: "no"})})

# %%
weak = report.transfers.index[~report.transfers[strong].any(axis=1)]
print("Name no standard mechanism:",
      "; ".join(f"{p} ({named[p]})" for p in weak) or "none")

# %% [markdown]
# Destinations named (only those some policy names):

# %%
destinations = report.destinations.T.rename(index=lambda d: label("transfer_destination", d))
style_table(destinations, "nb05-destinations")

# %% [markdown]
# The evidence for standard contractual clauses:

# %%
scc = report.transfers["scc"]
pd.concat([report.evidence(p, "transfer_mechanism", "scc") for p in scc[scc].index])[
    ["policy", "section", "evidence"]].reset_index(drop=True)
