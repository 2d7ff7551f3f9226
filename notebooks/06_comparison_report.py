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
# # 6. The one-page comparison
#
# The report object shows a compact summary of the key matrices; `to_html`, `to_excel` and
# `to_csv` write the full report with the evidence for every cell.

# %%
import pandas as pd

import policylens
from policylens.report.glossary import label
from policylens.report.notebook import style_table

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %%
report

# %% [markdown]
# Read the summary top down: the facts say who sells or shares data for advertising (– means
# the policy does not say, which is not "no"), the matrices which rights, safeguards, legal
# bases and laws each policy names. The *Children* table shows ✓ where a policy states parental
# consent and – where it is silent.

# %% [markdown]
# ## Laws cited and legal bases
# Which laws a policy cites says whose users it writes for: a policy citing only the GDPR
# addresses Europeans; one citing US state laws (CCPA, VCDPA, Colorado) addresses Americans and
# should then state the US rights (see notebook 3). A policy that cites no law at all still
# has to meet the laws of its users' countries. Laws cited per policy:

# %%
print(report.laws.sum(axis=1).to_string())

# %%
laws = report.laws.loc[:, report.laws.any()].T.rename(index=lambda law: label("law", law))
style_table(laws, "nb06-laws")

# %% [markdown]
# Legal bases: a basis nearly every policy names tells little; *legitimate interests* is the
# basis to look at, because it is where a user's right to object (notebook 3) applies. Policies
# naming each basis:

# %%
print(report.legal_bases.sum().rename(index=lambda b: label("legal_basis", b)).to_string())

# %%
bases = report.legal_bases.T.rename(index=lambda b: label("legal_basis", b))
style_table(bases, "nb06-bases")

# %% [markdown]
# ## What differs between two policies
# Aspect by aspect (facts, rights, mechanisms, legal bases, laws, destinations, ages, retention):

# %%
diff = report.diff(report.ids[1], report.ids[2])
diff = diff.assign(item=[label(a, i) if a in ("right", "transfer_mechanism", "legal_basis", "law",
                                               "transfer_destination") else
                         label("fact", i) if a == "fact" else i
                         for a, i in zip(diff["aspect"], diff["item"], strict=True)])
style_table(diff.set_index(["aspect", "item"]), "nb06-diff")

# %% [markdown]
# ## Exports
# One self-contained HTML page (charts embedded, policy text escaped, a glossary of every id),
# a workbook (one sheet per table, the findings with their sentences; formula-like text stays
# text) and CSV files.

# %%
import tempfile
from pathlib import Path

tmp = tempfile.TemporaryDirectory(prefix="policylens-")
out = Path(tmp.name)
report.to_html(out / "report.html")
report.to_excel(out / "report.xlsx")
report.to_csv(out / "csv")
sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())

# %%
tmp.cleanup()
