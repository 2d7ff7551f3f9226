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

pd.set_option("display.max_colwidth", 90)
pd.set_option("display.width", 120)
report = policylens.compare()  # the five bundled policies

# %% [markdown]
# ## The policies

# %%
report.policies[["name", "organisation", "product", "format", "n_chars", "n_clauses", "last_updated"]]

# %% [markdown]
# ## What the clauses are
# Headings, sentences of paragraphs, list items (with the sentence that introduces their list)
# and table rows.

# %%
clauses = report.clauses
clauses.pivot_table(index="policy", columns="kind", values="clause_id", aggfunc="count",
                    fill_value=0).reindex(report.ids)

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
# `policy.text[start:end]` is the clause text, for every clause of every policy.

# %%
texts = {p.id: p.text for p in report.policy_objects}
all(texts[p][s:e] == t for p, s, e, t in
    zip(clauses["policy"], clauses["start"], clauses["end"], clauses["text"], strict=True))
