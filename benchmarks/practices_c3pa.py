"""Data practices against C3PA (DB half): CCPA categories per context vs a reading, and agreement
with C3PA's labelled spans.

1. Micro-F1 of ``report.data_categories(context, scheme="ccpa")`` (the 11 statutory ids) against
   ``benchmarks/practices_c3pa_gold.yaml`` (categories per context written by reading the policy).
2. Span agreement: the share of the data_collected / data_disclosed / data_sold_shared findings
   whose clause lies inside a span C3PA's annotators labelled "Categories of Personal Information
   Collected" / "Shared / Disclosed" / "Sold" (any annotator), over all annotated DB policies
   read (``--spans N`` policies, default the gold ones).

Usage::

    PYTHONPATH=src python benchmarks/practices_c3pa.py [--verbose] [--spans 40]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

from policylens.datasets.c3pa import load_c3pa
from policylens.extract import extract
from policylens.extract.practices_vocab import CCPA_CATEGORIES
from policylens.io import load
from policylens.report.practices import category_matrix
from policylens.segment import segment

GOLD = Path(__file__).with_name("practices_c3pa_gold.yaml")
CONTEXTS = ("collected", "disclosed", "sold_shared")
LABELS = {"data_collected": "Categories of Personal Information Collected",
          "data_disclosed": "Categories of Personal Information Shared / Disclosed",
          "data_sold_shared": "Categories of Personal Information Sold"}


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def analyse(html_path: str, pid: str):
    policy = load(html_path)
    clauses = segment(policy).assign(policy=pid)
    return clauses, extract(clauses)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--spans", type=int, default=0, help="policies for the span agreement (0: the gold ones)")
    args = ap.parse_args()
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    frame = load_c3pa(subsets=("DB",))
    paths = frame.drop_duplicates("number").set_index("number")["html_path"].to_dict()
    tp = fp = fn = 0
    per_context = {c: [0, 0, 0] for c in CONTEXTS}
    cache = {}
    for number, contexts in gold["policies"].items():
        pid = f"DB/{number}"
        clauses, findings = analyse(paths[number], pid)
        cache[number] = (clauses, findings)
        for context in CONTEXTS:
            got_row = category_matrix(findings, [pid], context, "ccpa").loc[pid]
            got = {c for c in CCPA_CATEGORIES if got_row[c]}
            want = set(contexts[context])
            t, p, n = len(got & want), len(got - want), len(want - got)
            tp, fp, fn = tp + t, fp + p, fn + n
            pc = per_context[context]
            pc[0], pc[1], pc[2] = pc[0] + t, pc[1] + p, pc[2] + n
            if args.verbose and (got - want or want - got):
                print(f"{pid:6} {context:11} extra={sorted(got - want)} missed={sorted(want - got)}")
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"C3PA DB reading ({len(gold['policies'])} policies, 11 CCPA ids x 3 contexts): "
          f"micro P={prec:.3f} R={rec:.3f} F1={f1:.3f} (tp={tp} fp={fp} fn={fn})")
    for context, (t, p, n) in per_context.items():
        pr = t / (t + p) if t + p else 0.0
        rc = t / (t + n) if t + n else 0.0
        f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
        print(f"  {context:11} P={pr:.3f} R={rc:.3f} F1={f:.3f}")

    numbers = list(gold["policies"]) if not args.spans else sorted(paths)[:args.spans]
    inside = {a: [0, 0] for a in LABELS}
    for number in numbers:
        if number in cache:
            clauses, findings = cache[number]
        else:
            clauses, findings = analyse(paths[number], f"DB/{number}")
        spans = frame[frame["number"] == number]
        texts = clauses.set_index("clause_id")["text"]
        for aspect, label in LABELS.items():
            blob = " ".join(_norm(t) for t in spans.loc[spans["label"] == label, "text"])
            for clause_id in findings.loc[findings["aspect"] == aspect, "clause_id"]:
                inside[aspect][1] += 1
                inside[aspect][0] += _norm(texts[clause_id])[:200] in blob
    print(f"span agreement over {len(numbers)} policies (findings whose clause lies in a span with the context's label):")
    for aspect, (k, n) in inside.items():
        print(f"  {aspect:17} {k}/{n} = {k / n if n else 0:.3f}")


if __name__ == "__main__":
    main()
