"""Compliance checklist evaluation on the external corpora (research-only, never copied).

GoPPC-150 policies 1-75: each policy is rebuilt from its XML nodes (titles as headings,
paragraphs as paragraphs), run through the pipeline and the GDPR checklist; a requirement counts
as addressed in the gold when a node's label list (A) holds one of its concept codes
(:data:`GDPR_CODES`). Reading audit (``benchmarks/compliance_reading_goppc.csv``): policy,
requirement, verdict (addressed | missing | not_applicable), node index of the proof, and -- when
a second look revised the first reading -- ``corrected`` with a short ``reason`` (ids, verdicts
and own words only, never corpus text); both readings are scored.

C3PA DB: the CCPA checklist on each policy HTML against the annotators' labels (a policy has a
provision when any annotator labelled a span with it), corrected by reading where the labels are
wrong (``benchmarks/compliance_reading_c3pa.csv``: policy, requirement, verdict, reason; for
requirement ``last_updated`` the verdict is the policy's own ISO date, or ``none`` when the page
states no date of its own).

Usage::

    PYTHONPATH=src python benchmarks/compliance_eval.py goppc [--policies 1-75]
    PYTHONPATH=src python benchmarks/compliance_eval.py c3pa
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

import policylens as pl
from policylens.compliance import checklist
from policylens.compliance.command import check_policies
from policylens.policy import Block

HERE = Path(__file__).parent
READING_GOPPC = HERE / "compliance_reading_goppc.csv"
READING_C3PA = HERE / "compliance_reading_c3pa.csv"

#: GDPR requirement -> GoPPC concept codes whose presence means the policy addresses it
GDPR_CODES: dict[str, tuple[str, ...]] = {
    "controller_identity": ("1.1", "1.1.1"),
    "controller_contact": ("1.2", "1.2.1", "1.2.2", "1.2.3"),
    "representative": ("2", "2.1", "2.1.1", "2.2", "2.2.1", "2.2.2", "2.2.3"),
    "dpo_contact": ("3.2", "3.2.1", "3.2.2", "3.2.3"),
    "purposes": ("11",),
    "legal_basis": ("10", "10.1", "10.1.1", "10.1.2", "10.1.3", "10.2", "10.3", "10.4", "10.5", "10.6"),
    "legitimate_interests": ("10.3",),
    "recipients": ("17", "17.1"),
    "transfers": ("14", "14.1", "14.1.1", "14.1.2", "14.1.3", "14.1.4", "14.1.5", "14.1.6", "14.2",
                  "14.2.1", "14.2.2", "14.2.3", "14.2.4", "14.2.5", "14.3", "14.3.1", "14.3.2", "14.3.3"),
    "transfer_safeguards": ("14.1.1", "14.1.2", "14.1.3", "14.1.4", "14.1.5", "14.1.6", "14.2",
                            "14.2.1", "14.2.2", "14.2.3", "14.2.4", "14.2.5", "14.3", "14.3.1",
                            "14.3.2", "14.3.3"),
    "retention": ("16.1",),
    "right_access": ("4.2",),
    "right_rectification": ("4.3",),
    "right_erasure": ("4.4",),  # corpus practice: 4.4 = erasure
    "right_restriction": ("4.5",),  # and 4.5 = restriction
    "right_objection": ("4.6",),
    "right_portability": ("4.7",),
    "withdraw_consent": ("4.9",),
    "complaint": ("7", "7.1"),
    "provision_requirement": ("13",),
    "automated_decision": ("4.8",),
    "data_categories": ("8", "8.1", "8.1.1", "8.1.2", "8.2", "8.2.1"),
    "data_sources": ("9.3", "9.3.1", "9.3.2"),
}


def goppc_policy(rows: pd.DataFrame) -> pl.Policy:
    """A Policy from one GoPPC policy's nodes: titles become headings, paragraphs paragraphs."""
    parts, blocks, pos = [], [], 0
    for kind, depth, text in zip(rows["kind"], rows["depth"], rows["text"], strict=True):
        text = str(text).strip()
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        if kind == "title":
            blocks.append(Block("heading", pos, pos + len(text), level=min(int(depth) + 1, 6)))
        else:
            for line in text.split("\n"):
                start = pos + text.index(line) if line else pos
                blocks.append(Block("paragraph", start, start + len(line)))
        parts.append(text)
        pos += len(text)
    pid = f"goppc-{int(rows['policy'].iloc[0])}"
    blocks = [b for b in blocks if b.end > b.start]
    return pl.Policy(id=pid, text="".join(parts), name=pid, format="html", blocks=tuple(blocks))


def run(policies: list[pl.Policy], regimes, as_of=None) -> pd.DataFrame:
    return check_policies(policies, regimes=regimes, as_of=as_of)


def balanced_accuracy(pred: list[bool], gold: list[bool]) -> float | None:
    pos = [p for p, g in zip(pred, gold, strict=True) if g]
    neg = [p for p, g in zip(pred, gold, strict=True) if not g]
    if not pos or not neg:
        return None
    return (sum(pos) / len(pos) + sum(not p for p in neg) / len(neg)) / 2


def _parse_range(text: str) -> list[int]:
    out = []
    for part in text.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def read_audit(path: Path, corrected: bool = True) -> dict[tuple[str, str], str]:
    """(policy, requirement) -> verdict; with ``corrected`` a non-empty ``corrected`` column (a
    reading revised on a second look, with its ``reason``) replaces the first verdict."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {(r["policy"], r["requirement"]): (r.get("corrected") or r["verdict"]) if corrected
                else r["verdict"] for r in csv.DictReader(fh)}


def goppc(numbers: list[int], show: bool = False) -> pd.DataFrame:
    from policylens.datasets.goppc150 import load_goppc150

    nodes = load_goppc150()
    nodes = nodes[nodes["policy"].isin(numbers)]
    policies = [goppc_policy(g) for _, g in nodes.groupby("policy", sort=True)]
    table = run(policies, "gdpr")
    codes = {f"goppc-{p}": set(c for labels in g["labels"] for c in labels)
             for p, g in nodes.groupby("policy")}
    table["code_gold"] = [bool(codes[p] & set(GDPR_CODES[r])) for p, r in
                          zip(table["policy"], table["requirement"], strict=True)]
    audit = read_audit(READING_GOPPC)
    first = read_audit(READING_GOPPC, corrected=False)
    table["reading"] = [audit.get((p, r), "") for p, r in zip(table["policy"], table["requirement"], strict=True)]
    table["reading_first"] = [first.get((p, r), "") for p, r in
                              zip(table["policy"], table["requirement"], strict=True)]
    table["pred"] = table["status"] == "addressed"
    rows = []
    for req, g in table.groupby("requirement", sort=False):
        read = g[g["reading"] != ""]
        rows.append({
            "requirement": req, "n": len(g), "addressed_pred": int(g["pred"].sum()),
            "addressed_codes": int(g["code_gold"].sum()),
            "bacc_codes": balanced_accuracy(list(g["pred"]), list(g["code_gold"])),
            "n_read": len(read),
            "addressed_read": int((read["reading"] == "addressed").sum()),
            "bacc_read": balanced_accuracy(list(read["pred"]), list(read["reading"] == "addressed")),
        })
    out = pd.DataFrame(rows)
    for col, what in (("reading_first", "first reading"), ("reading", "reading, corrected")):
        read = table[table[col] != ""]
        if not len(read):
            continue
        pm, gm = read["status"] == "missing", read[col] == "missing"
        tp = int((pm & gm).sum())
        prec = tp / pm.sum() if pm.sum() else float("nan")
        rec = tp / gm.sum() if gm.sum() else float("nan")
        print(f"missing vs {what}: precision {prec:.3f} recall {rec:.3f} "
              f"(tp {tp}, predicted {int(pm.sum())}, read {int(gm.sum())}; {read['policy'].nunique()} policies)")
    return out, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", choices=("goppc", "c3pa"))
    parser.add_argument("--limit", type=int, default=None, help="c3pa: first N policies only")
    parser.add_argument("--policies", default="1-75")
    parser.add_argument("--dump", help="write the per-item table (ids, statuses, no text) to this CSV")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    if args.corpus == "goppc":
        summary, table = goppc(_parse_range(args.policies))
        print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        both = summary.dropna(subset=["bacc_codes"])
        print(f"mean balanced accuracy vs codes over {len(both)} items: {both['bacc_codes'].mean():.3f}")
        if args.dump:
            table[["policy", "requirement", "status", "clause_id", "code_gold", "reading"]].to_csv(args.dump, index=False)
    else:
        c3pa_main(args)
    return 0


# --------------------------------------------------------------------------------------------
# C3PA (DB half): the CCPA checklist against the annotators' labels

#: C3PA label -> CCPA requirement
C3PA_LABELS: dict[str, str] = {
    "Description of Right to Correct Information": "right_to_correct",
    "Description of Right to Opt-out of sale of PI": "right_to_opt_out",
    "Description of Right to Limit use of PI": "right_to_limit",
    "Description of Right to Non-discrimination on exercising rights": "non_discrimination",
    "Description of Right to Know PI Collected": "right_to_know",
    "Description of Right to Know PI sold / shared": "right_to_know",
    "Description of Right to Delete": "right_to_delete",
    "Categories of Personal Information Collected": "categories_collected",
    "Categories of Personal Information Shared / Disclosed": "categories_disclosed",
    "Categories of Personal Information Sold": "categories_sold_shared",
}
C3PA_TARGETS = ("right_to_correct", "right_to_opt_out", "right_to_limit", "non_discrimination", "updated_date")

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                       "august", "september", "october", "november", "december"], 1)}
_MON = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    for full, i in _MONTHS.items():
        if full.startswith(name[:3]):
            return i
    raise ValueError(name)


def dates_in(text: str) -> list[str]:
    """ISO dates (YYYY-MM-DD or YYYY-MM) written in ``text`` (US order for numeric dates).
    An independent reader of the gold spans, not policylens' extractor."""
    import re

    out: list[tuple[int, str]] = []
    low = text.lower()
    for m in re.finditer(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", low):
        out.append((m.start(), f"{m.group(3)}-{_month(m.group(1)):02d}-{int(m.group(2)):02d}"))
    for m in re.finditer(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(\d{4})", low):
        out.append((m.start(), f"{m.group(3)}-{_month(m.group(2)):02d}-{int(m.group(1)):02d}"))
    for m in re.finditer(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b", low):
        a, b = int(m.group(1)), int(m.group(2))
        if 1 <= a <= 12 and 1 <= b <= 31:
            out.append((m.start(), f"{m.group(3)}-{a:02d}-{b:02d}"))
    for m in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", low):
        out.append((m.start(), m.group(0)))
    taken = {p for p, _ in out}
    for m in re.finditer(_MON + r",?\s+(\d{4})\b", low):
        if not any(abs(m.start() - p) < 12 for p in taken):
            out.append((m.start(), f"{m.group(2)}-{_month(m.group(1)):02d}"))
    return [d for _, d in sorted(out)]


def c3pa(limit: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    from collections import Counter

    from policylens.datasets.c3pa import load_c3pa
    from policylens.io import load

    ann = load_c3pa(subsets=("DB",))
    numbers = sorted(ann["number"].unique())[:limit]
    policies, missing_html = [], []
    for n in numbers:
        path = ann.loc[ann["number"] == n, "html_path"].iloc[0]
        if not path:
            missing_html.append(n)
            continue
        try:
            p = load(path)
        except Exception as exc:  # noqa: BLE001 - a broken page is reported, not fatal
            print(f"DB/{n}: {exc}", file=sys.stderr)
            continue
        p.id = f"DB/{n}"
        policies.append(p)
    from policylens.pipeline import policies_table, policy_row
    from policylens.pipeline import run as run_pipeline

    tables, dates = [], {}
    for p, outcome in zip(policies, run_pipeline(policies), strict=True):
        if isinstance(outcome, BaseException):
            raise outcome
        clauses, findings = outcome
        row = policy_row(p, clauses, findings)
        dates[p.id] = row.get("last_updated")
        tables.append(checklist(clauses, findings, policies_table([row]).set_index("policy"),
                                regimes="ccpa", as_of="2023-10-31"))
    table = pd.concat(tables, ignore_index=True)
    gold: dict[tuple[str, str], bool] = {}
    gold_dates: dict[str, str] = {}
    for pid, g in ann.groupby("policy"):
        labels = set(g["label"])
        for label, req in C3PA_LABELS.items():
            gold[(pid, req)] = gold.get((pid, req), False) or label in labels
        spans = g.loc[g["label"] == "Updated Privacy Policy", "text"]
        found = Counter(d for s in spans for d in dates_in(s))
        gold[(pid, "updated_date")] = bool(found)
        if found:
            gold_dates[pid] = found.most_common(1)[0][0]
    audit = read_audit(READING_C3PA)
    table["label"] = [gold.get((p, r)) for p, r in zip(table["policy"], table["requirement"], strict=True)]
    table["reading"] = [audit.get((p, r), "") for p, r in zip(table["policy"], table["requirement"], strict=True)]
    table["gold"] = [(r == "addressed") if r else lbl for r, lbl in zip(table["reading"], table["label"], strict=True)]
    table["pred"] = table["status"] == "addressed"
    rows = []
    for req, g in table.groupby("requirement", sort=False):
        g = g[g["label"].notna()]
        if not len(g):
            continue
        rows.append({"requirement": req, "n": len(g), "pred": int(g["pred"].sum()),
                     "labels": int(g["label"].astype(bool).sum()), "corrected": int(g["gold"].astype(bool).sum()),
                     "bacc_labels": balanced_accuracy(list(g["pred"]), list(g["label"].astype(bool))),
                     "bacc_corrected": balanced_accuracy(list(g["pred"]), list(g["gold"].astype(bool)))})
    exact = [(pid, d, dates.get(pid)) for pid, d in gold_dates.items() if pid in dates]
    hits = sum(1 for _, d, got in exact if isinstance(got, str) and got == d)
    print(f"last_updated exact (labels): {hits}/{len(exact)} = {hits / max(len(exact), 1):.3f} "
          f"(policies whose labelled update span states a date)")
    # corrected by reading: requirement 'last_updated', verdict the policy's own ISO date, or
    # 'none' when the page states no date of its own (left out)
    fixed = [(pid, audit.get((pid, "last_updated"), d), got) for pid, d, got in exact]
    fixed = [(pid, d, got) for pid, d, got in fixed if d != "none"]
    hits = sum(1 for _, d, got in fixed if isinstance(got, str) and got == d)
    n_fix = sum(1 for pid, _, _ in exact if (pid, "last_updated") in audit)
    print(f"last_updated exact (corrected, {n_fix} read corrections): {hits}/{len(fixed)} = "
          f"{hits / max(len(fixed), 1):.3f}")
    if missing_html:
        print(f"no HTML for {len(missing_html)} policies", file=sys.stderr)
    return pd.DataFrame(rows), table


def c3pa_main(args) -> None:
    summary, table = c3pa(args.limit)
    print(summary.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if args.dump:
        table[["policy", "requirement", "status", "clause_id", "label", "reading"]].to_csv(args.dump, index=False)


if __name__ == "__main__":
    sys.exit(main())
