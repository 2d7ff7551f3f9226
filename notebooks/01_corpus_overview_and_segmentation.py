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
# # 1. The corpus and its clauses
#
# `policylens.compare()` loads the five bundled policies, segments each into clauses (the
# smallest unit that states one practice), classifies and extracts. Every clause keeps its exact
# character offsets, so any number in the later notebooks can be traced back to the text.

# %%
import pandas as pd

import policylens
from policylens.report.notebook import style_table

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %% [markdown]
# ## The policies
# Who publishes each policy, how long it is, and the date it says it was last updated
# ("–" where the policy states no date: unknown, not missing data of ours).

# %%
facts = report.policies[["name", "organisation", "format", "n_chars", "n_clauses", "last_updated"]]
style_table(facts, "nb01-policies")

# %% [markdown]
# How to read it: when the policies differ widely in length, later counts are best compared as
# shares, not raw numbers. A policy whose last update predates a law's entry into force (the
# CPRA amendments took effect in 2023) cannot be expected to describe the rights that law added,
# so the oldest date is the first to check. What the table above says, computed:

# %%
lengths, dated = report.policies[["n_chars", "n_clauses"]], report.policies["last_updated"].dropna()
print(f"Lengths range from {lengths['n_chars'].min():,} to {lengths['n_chars'].max():,} characters "
      f"({lengths['n_clauses'].min()} to {lengths['n_clauses'].max()} clauses). "
      f"{len(dated)} of {len(report.ids)} policies state a last-updated date"
      + (f"; the oldest is {dated.min()} ({dated.idxmin()})." if len(dated) else "."))

# %% [markdown]
# The two oldest dates:

# %%
oldest = report.policies["last_updated"].dropna().sort_values()
pd.DataFrame({"last updated": oldest.values}, index=oldest.index).head(2)

# %% [markdown]
# ## What the clauses are
# Headings, sentences of paragraphs, list items (with the sentence that introduces their list)
# and table rows.

# %%
clauses = report.clauses
kinds = clauses.pivot_table(index="policy", columns="kind", values="clause_id", aggfunc="count",
                            fill_value=0).reindex(report.ids)
style_table(kinds, "nb01-kinds")

# %% [markdown]
# How to read it: a policy written largely as lists (`item` clauses) states its practices as
# short fragments whose meaning depends on the sentence that introduces them; that is why each
# item keeps its `lead_in`, and why evidence is always shown with its sentence. Each policy's
# most frequent kind of clause, and its table rows:

# %%
kind_shares = kinds.div(kinds.sum(axis=1), axis=0)
for policy, row in kind_shares.iterrows():
    rows = int(kinds.at[policy, "table_row"]) if "table_row" in kinds.columns else 0
    print(f"{policy}: mostly {row.idxmax()} ({row.max():.0%} of its clauses), {rows} table rows")

# %% [markdown]
# ## Sections
# Each clause carries its heading path. The top-level sections of the first policy:

# %%
first = report.ids[0]
mine = clauses[clauses["policy"] == first]
top = mine["section"].str.split(" > ").str[0]
top[top != ""].drop_duplicates().reset_index(drop=True).to_frame("section")

# %% [markdown]
# The first clauses of one section, with their offsets:

# %%
section = top[top != ""].iloc[3]
mine.loc[top == section, ["clause_id", "kind", "lead_in", "text", "start", "end"]].head(8)

# %% [markdown]
# ## Offsets are exact
# `policy.text[start:end]` is the clause text, for every clause of every policy: any finding in
# the later notebooks can be shown in its original sentence.

# %%
texts = {p.id: p.text for p in report.policy_objects}
all(texts[p][s:e] == t for p, s, e, t in
    zip(clauses["policy"], clauses["start"], clauses["end"], clauses["text"], strict=True))
