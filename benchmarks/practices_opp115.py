"""Data practices against OPP-115: per-policy macro-F1 per attribute.

Gold per policy: the values of "Personal Information Type", "Purpose" (First Party
Collection/Use and Third Party Sharing/Collection practices) and "Third Party Entity" (Third Party
Sharing/Collection) in the consolidation (threshold 0.75) of practices whose "Does/Does Not" is
"Does". Values that name no type (Unspecified, Other, Generic personal information, Named third
party) are left out. Predicted: the OPP-115 mapping (vocab_practices.yaml) of the affirmed
data_collected/data_disclosed/data_sold_shared categories, purposes and recipients extracted from
the policy's sanitized text (segments joined by blank lines). Per-policy F1 (a policy with empty
gold and empty prediction is skipped), averaged over policies.

Usage::

    PYTHONPATH=src python benchmarks/practices_opp115.py [--limit N] [--verbose]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

from policylens.config import corpus_dir
from policylens.datasets.opp115 import load_opp115
from policylens.extract import extract
from policylens.extract.practices_vocab import entries
from policylens.io import load_text
from policylens.segment import segment

ATTRIBUTES = {"Personal Information Type": ("data_collected", "data_disclosed", "data_sold_shared"),
              "Purpose": ("purpose",), "Third Party Entity": ("recipient",)}
CATEGORIES = {"First Party Collection/Use", "Third Party Sharing/Collection"}
SKIP = {"Unspecified", "Other", "Generic personal information", "Named third party"}


def _canon(value: str) -> str:
    return value.strip().lower()


def gold_values(csv_path: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for record in csv.reader(handle):
            if len(record) < 7 or record[5] not in CATEGORIES:
                continue
            attrs = json.loads(record[6])
            if attrs.get("Does/Does Not", {}).get("value", "Does") != "Does":
                continue
            for name in ATTRIBUTES:
                if name == "Third Party Entity" and record[5] != "Third Party Sharing/Collection":
                    continue
                value = attrs.get(name, {}).get("value")
                if value and value != "not-selected" and value not in SKIP:
                    out[name].add(_canon(value))
    return out


def predicted(findings) -> dict[str, set[str]]:
    maps = {
        "Personal Information Type": {e.id: e.opp115 for e in entries("categories")},
        "Purpose": {e.id: e.opp115 for e in entries("purposes")},
        "Third Party Entity": {e.id: e.opp115 for e in entries("recipients")},
    }
    out: dict[str, set[str]] = defaultdict(set)
    affirmed = findings[findings["polarity"] == "affirmed"]
    for name, aspects in ATTRIBUTES.items():
        for value in affirmed.loc[affirmed["aspect"].isin(aspects), "value"]:
            for opp in maps[name].get(value, ()):
                if opp not in SKIP:
                    out[name].add(_canon(opp))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    root = corpus_dir("opp115")
    segments = load_opp115()
    scores: dict[str, list[float]] = {name: [] for name in ATTRIBUTES}
    totals = {name: [0, 0, 0] for name in ATTRIBUTES}
    policies = sorted(segments["policy"].unique())
    if args.limit:
        policies = policies[:args.limit]
    cons = root / "consolidation" / "threshold-0.75-overlap-similarity"
    for uid in policies:
        rows = segments[segments["policy"] == uid]
        text = "\n\n".join(rows["text"])
        csv_path = next(cons.glob(f"{uid}_*.csv"))
        gold = gold_values(csv_path)
        pred = predicted(extract(segment(load_text(text, id=str(uid)))))
        for name in ATTRIBUTES:
            g, p = gold.get(name, set()), pred.get(name, set())
            if not g and not p:
                continue
            tp = len(g & p)
            t = totals[name]
            t[0], t[1], t[2] = t[0] + tp, t[1] + len(p - g), t[2] + len(g - p)
            scores[name].append(2 * tp / (len(g) + len(p)))
            if args.verbose and g != p:
                print(f"{uid:5} {name[:20]:20} extra={sorted(p - g)} missed={sorted(g - p)}")
    print(f"OPP-115 consolidation-0.75, {len(policies)} policies: per-policy macro-F1 (and micro P/R)")
    for name, vals in scores.items():
        tp, fp, fn = totals[name]
        macro = sum(vals) / len(vals) if vals else 0.0
        print(f"  {name:26} macro-F1={macro:.3f} over {len(vals)} policies; micro P={tp / max(1, tp + fp):.3f} "
              f"R={tp / max(1, tp + fn):.3f}")


if __name__ == "__main__":
    main()
