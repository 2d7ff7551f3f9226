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
# A right counts when the policy tells users they have it or how to exercise it. Rows are the
# canonical ids of `policylens.resources.vocabulary("right")`, all of them, in that order; a
# blank cell means the policy does not state the right (which is not the same as denying it).

# %%
import pandas as pd

import policylens
from policylens.report.glossary import describe, label
from policylens.report.notebook import style_table

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %%
rights = report.rights.T.rename(index=lambda r: label("right", r))
style_table(rights, "nb03-rights")

# %%
ax = report.plot.rights()

# %% [markdown]
# ## How many policies state each right
# A right every policy states is the corpus' baseline; a right few state usually belongs to one
# law: the CCPA/CPRA rights (opt out of sale or sharing, limit sensitive data use,
# non-discrimination, appeal) are expected only where a policy addresses Californian (or other
# US state) residents, so their absence elsewhere is no gap.

# %%
counts = report.rights.sum().rename(index=lambda r: label("right", r))
counts.sort_values(ascending=False).to_frame("policies stating it")

# %%
print("Stated by every policy:", ", ".join(counts.index[counts == len(report.ids)]) or "none")
print("Stated by no policy:", ", ".join(counts.index[counts == 0]) or "none")

# %% [markdown]
# ## Which policies lack restriction and objection
# Under the GDPR a controller must tell data subjects about *every* right of Articles 15-22
# (Art. 13(2)(b)), including restriction (Art. 18) and objection (Art. 21). Objection matters
# most where a policy relies on legitimate interests or does direct marketing: there the right
# to object is the user's main lever. A policy that cites the GDPR but states neither right is
# the first candidate for a closer reading.

# %%
gdpr_rights = ["access", "rectification", "erasure", "restriction", "portability", "objection",
               "complaint"]
missing = report.rights[gdpr_rights].apply(lambda row: [label("right", r) for r in gdpr_rights
                                                        if not row[r]], axis=1)
yes_no = {True: "yes", False: "no"}
pd.DataFrame({
    "cites the GDPR": report.laws["gdpr"].map(yes_no),
    "relies on legitimate interests": report.legal_bases["legitimate_interests"].map(yes_no),
    "GDPR rights not stated": missing.map(lambda m: ", ".join(m) or "–"),
})

# %% [markdown]
# The rows to read first are those that cite the GDPR and rely on legitimate interests but state
# neither restriction nor objection: exactly the case where the right to object matters most.

# %%
first_to_read = [p for p in report.ids if report.laws.at[p, "gdpr"]
                 and report.legal_bases.at[p, "legitimate_interests"]
                 and not report.rights.loc[p, ["restriction", "objection"]].any()]
print("Cite the GDPR, rely on legitimate interests, state neither restriction nor objection:",
      ", ".join(first_to_read) or "none")

# %% [markdown]
# What the missing rights are, in the words of the glossary:

# %%
pd.Series({label("right", r): describe("right", r) for r in ("restriction", "objection")},
          name="meaning").to_frame()

# %% [markdown]
# ## The evidence behind a cell
# Section, the exact words, and the sentence they stand in, for "the first policy states
# erasure":

# %%
report.evidence(report.ids[0], "right", "erasure")[["section", "evidence", "context"]]

# %% [markdown]
# ## Two policies side by side
# Rights one policy states and the other does not:

# %%
diff = report.diff(report.ids[0], report.ids[1])
rights_diff = diff[diff["aspect"] == "right"].reset_index(drop=True)
rights_diff["item"] = rights_diff["item"].map(lambda r: label("right", r))
style_table(rights_diff.drop(columns="aspect").set_index("item"), "nb03-diff")
