"""Data practices against OPP-115: per-policy macro-F1 per attribute, raw and read-corrected.

Gold per policy: the values of "Personal Information Type", "Purpose" (First Party
Collection/Use and Third Party Sharing/Collection practices) and "Third Party Entity" (Third Party
Sharing/Collection) in the consolidation (threshold 0.75) of practices whose "Does/Does Not" is
"Does". Predicted: the OPP-115 values of the affirmed data_collected/data_disclosed/
data_sold_shared categories, purposes and recipients extracted from the policy's sanitized text
(segments joined by blank lines). Per-policy F1 (a policy with empty gold and empty prediction is
skipped), averaged over policies.

Which OPP-115 value stands for which policylens id (the ``opp115`` field of each entry of
``src/policylens/data/vocab_practices.yaml``; this table is what that file says, checked by
``mapping_table`` when run with ``--mapping``):

Personal Information Type
  Contact                       <- name, contact, contacts
  User profile                  <- account_credentials, inferences
  Personal identifier           <- government_id
  IP address and device IDs     <- online_identifiers
  Computer information          <- device_info
  Financial                     <- financial, purchases
  Demographic                   <- demographics, protected_traits
  Health                        <- health, genetic
  Location                      <- precise_location, coarse_location
  User online activities        <- usage_activity
  Cookies and tracking elements <- cookies_tracking
  Social media data             <- social_media
  Other                         <- biometric, audio_visual, message_content, user_content,
                                   professional, education, physical_records (left out, see below)
  Survey data                   <- no policylens category (kept in the gold: always a miss)
Purpose: provide_service/account_management/payments/support -> Basic service/feature;
  communications -> Basic + Additional service/feature; marketing -> Marketing;
  targeted_advertising -> Advertising; analytics, ai_training -> Analytics/Research;
  research_improvement -> Analytics/Research + Additional service/feature; personalisation ->
  Personalization/Customization; security_fraud -> Service operation and security;
  legal_compliance -> Legal requirement; business_transfer -> Merger/Acquisition.
Third Party Entity: affiliates -> Other part of company/affiliate; other_users -> Other users;
  public -> Public; every other recipient type -> Unnamed third party.

Left out on both sides (they name no type, or no type policylens can name): Unspecified, Other,
Generic personal information, Named third party (a company by name: policylens names recipient
types, not companies).

Known quirks of the labels (read, not assumed): annotators give types to data the policy calls
anonymous or aggregate (policylens extracts no practice from such data, by design), and attach
values to segments that only mention them (links to other sites, a merger "with another
company" as an affiliate). Reading-based corrections are in ``practices_opp115_corrections.csv``
(policy, attribute, value, verdict ``remove`` | ``add``, reason in our words -- no corpus text);
the corrected score applies them to the gold. Only the disagreements read are corrected
(policies 1017, 1028, 1034, 105, 1050, 1070, 1099, 1164, 1205, 1206); the others keep their raw
gold.

Usage::

    POLICYLENS_CORPORA=/work/shared/corpora PYTHONPATH=src python benchmarks/practices_opp115.py [--limit N] [--verbose] [--mapping]
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
CORRECTIONS = Path(__file__).with_name("practices_opp115_corrections.csv")
VOCABS = {"Personal Information Type": "categories", "Purpose": "purposes", "Third Party Entity": "recipients"}


def corrections(path: Path = CORRECTIONS) -> dict[str, list[tuple[str, str, str]]]:
    """Per policy: (attribute, canonical value, verdict) read corrections of the gold."""
    out: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["attribute"] not in ATTRIBUTES or row["verdict"] not in ("remove", "add"):
                raise SystemExit(f"{path.name}: bad row {row}")
            out[str(row["policy"])].append((row["attribute"], _canon(row["value"]), row["verdict"]))
    return out


def corrected(gold: dict[str, set[str]], fixes: list[tuple[str, str, str]]) -> dict[str, set[str]]:
    out = {name: set(values) for name, values in gold.items()}
    for name, value, verdict in fixes:
        values = out.setdefault(name, set())
        if verdict == "remove":
            values.discard(value)
        else:
            values.add(value)
    return out


def mapping_table() -> dict[str, dict[str, list[str]]]:
    """OPP-115 value -> the policylens ids that map to it, per attribute (from the vocabulary)."""
    table: dict[str, dict[str, list[str]]] = {}
    for name, vocab in VOCABS.items():
        rows: dict[str, list[str]] = defaultdict(list)
        for e in entries(vocab):
            for opp in e.opp115:
                rows[opp].append(e.id)
        table[name] = dict(rows)
    return table


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


def _f1(g: set[str], p: set[str]) -> float:
    return 2 * len(g & p) / (len(g) + len(p))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--mapping", action="store_true", help="print the OPP-115 value -> policylens ids table")
    args = ap.parse_args()
    if args.mapping:
        for name, rows in mapping_table().items():
            print(name)
            for opp, mapped in sorted(rows.items()):
                print(f"  {opp:30} <- {', '.join(mapped)}{'  (left out)' if opp in SKIP else ''}")
        return
    root = corpus_dir("opp115")
    segments = load_opp115()
    fixes = corrections()
    scores: dict[str, dict[str, list[float]]] = {"raw": {n: [] for n in ATTRIBUTES},
                                                 "corrected": {n: [] for n in ATTRIBUTES}}
    totals = {kind: {name: [0, 0, 0] for name in ATTRIBUTES} for kind in scores}
    policies = sorted(segments["policy"].unique())
    if args.limit:
        policies = policies[:args.limit]
    cons = root / "consolidation" / "threshold-0.75-overlap-similarity"
    for uid in policies:
        rows = segments[segments["policy"] == uid]
        text = "\n\n".join(rows["text"])
        csv_path = next(cons.glob(f"{uid}_*.csv"))
        raw = gold_values(csv_path)
        golds = {"raw": raw, "corrected": corrected(raw, fixes.get(str(uid), []))}
        pred = predicted(extract(segment(load_text(text, id=str(uid)))))
        for kind, gold in golds.items():
            for name in ATTRIBUTES:
                g, p = gold.get(name, set()), pred.get(name, set())
                if not g and not p:
                    continue
                tp = len(g & p)
                t = totals[kind][name]
                t[0], t[1], t[2] = t[0] + tp, t[1] + len(p - g), t[2] + len(g - p)
                scores[kind][name].append(_f1(g, p))
                if args.verbose and kind == "raw" and g != p:
                    print(f"{uid:5} {name[:20]:20} extra={sorted(p - g)} missed={sorted(g - p)}")
    n_fix = sum(len(v) for v in fixes.values())
    print(f"OPP-115 consolidation-0.75, {len(policies)} policies: per-policy macro-F1 (and micro P/R); "
          f"corrected = gold with {n_fix} read corrections ({CORRECTIONS.name})")
    for name in ATTRIBUTES:
        parts = []
        for kind in scores:
            vals = scores[kind][name]
            tp, fp, fn = totals[kind][name]
            macro = sum(vals) / len(vals) if vals else 0.0
            parts.append(f"{kind} macro-F1={macro:.3f} (P={tp / max(1, tp + fp):.3f} R={tp / max(1, tp + fn):.3f}, "
                         f"{len(vals)} policies)")
        print(f"  {name:26} " + "; ".join(parts))


if __name__ == "__main__":
    main()
