"""How the children / retention / per-policy-fact extractors agree with external labels.

GoPPC-150 (development half, policies 1-75; labels say what a passage is *about*, not values):

* children (code 15): document level - a policy whose nodes carry 15 vs a policy where we find
  any ``child_age`` finding (and, stricter, a service minimum age); paragraph level - of the
  paragraphs labelled 15, how many yield an age, and of the paragraphs that yield an age, how many
  are labelled 15;
* retention (16.1 = storage time, 16 = storage details): document level - any retention finding
  (and stated periods only) vs any node labelled 16.1; paragraph level - precision of our retention
  findings against paragraphs labelled 16.1 (strict) or 16/16.1 (lenient), and recall on 16.1;
* DPO (codes 3, 3.x) vs ``has_dpo``; the XML's ``update_time`` vs ``last_updated``.

OPP-115 (optional, ``--opp``): segments whose consolidated (threshold 0.75) Data Retention practice
has a ``Retention Period`` of Stated Period / Indefinitely / Limited / Unspecified, against what we
extract from the segment (stated period, indefinitely, another qualitative period, nothing).

Each GoPPC node is one clause (``ClauseContext`` with the node's heading path as ``section``), so
findings map back to labelled paragraphs exactly.

    .venv/bin/python benchmarks/extract_eval_children_retention.py            # GoPPC only
    .venv/bin/python benchmarks/extract_eval_children_retention.py --opp      # + OPP-115
    .venv/bin/python benchmarks/extract_eval_children_retention.py --out /tmp/cr_eval

Corpora are research-only and never copied: found through ``policylens.config.corpus_dir``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from policylens.config import corpus_dir
from policylens.extract import ClauseContext, children, facts, retention
from policylens.extract.children import policy_min_age
from policylens.extract.facts import parse_date


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if tp and p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(f, 3)}


def _doc_scores(pred: dict[int, bool], gold: dict[int, bool]) -> dict[str, float]:
    tp = sum(pred[k] and gold[k] for k in gold)
    fp = sum(pred[k] and not gold[k] for k in gold)
    fn = sum(gold[k] and not pred[k] for k in gold)
    tn = sum(not pred[k] and not gold[k] for k in gold)
    out = _prf(tp, fp, fn)
    out["tn"] = tn
    out["accuracy"] = round((tp + tn) / len(gold), 3) if gold else float("nan")
    return out


# --- GoPPC-150 ---------------------------------------------------------------------------------

def goppc_nodes() -> pd.DataFrame:
    try:
        from policylens.datasets import load_goppc150
        return load_goppc150()
    except (ImportError, AttributeError):  # reader not there: parse the XML here
        return _parse_goppc_xml(corpus_dir("goppc150") / "GoPPC-150")


def _parse_goppc_xml(folder: Path) -> pd.DataFrame:
    from lxml import etree

    rows = []
    for path in sorted(folder.glob("*.xml"), key=lambda p: int(p.stem)):
        root = etree.parse(str(path), etree.XMLParser(recover=True, resolve_entities=False,
                                                      no_network=True)).getroot()
        update = (root.findtext("update_time") or "").strip()

        def visit(el, titles, path=path, update=update):
            for child in el:
                if child.tag == "title":
                    text = " ".join("".join(child.itertext()).split())
                    titles = [*titles, text]
                if child.tag in ("title", "paragraph"):
                    a = (child.get("category") or "").partition(";")[0]
                    rows.append({"policy": int(path.stem), "kind": child.tag,
                                 "section": " > ".join(titles),
                                 "text": "\n".join(" ".join(t.split()) for t in child.itertext()),
                                 "labels": [c.strip().rstrip(".") for c in a.split(",") if c.strip()],
                                 "update_time": update})
                elif child.tag == "segment":
                    visit(child, titles)

        visit(root, [])
    return pd.DataFrame(rows)


def run_goppc(nodes: pd.DataFrame) -> list[dict]:
    """Per node: labels and our retention / child_age / fact findings."""
    out = []
    for row in nodes.itertuples(index=False):
        ctx = ClauseContext(text=str(row.text), section=str(row.section or ""),
                            kind="heading" if row.kind == "title" else "paragraph")
        out.append({
            "policy": int(row.policy), "kind": row.kind, "labels": set(row.labels),
            "update_time": str(row.update_time or ""),
            "retention": retention.extract_clause(ctx),
            "child_age": children.extract_clause(ctx),
            "facts": facts.extract_clause(ctx),
        })
    return out


def _web_list_dates() -> dict[int, str]:
    """Policy number -> Update_time as written in Web_list.csv ("4-Feb-21", "Aug-19")."""
    path = corpus_dir("goppc150") / "Web_list.csv"
    if not path.exists():
        return {}
    out = {}
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        for row in csv.DictReader(fh):
            if (row.get("Number") or "").strip().isdigit() and (row.get("Update_time") or "").strip():
                out[int(row["Number"])] = row["Update_time"].strip()
    return out


def _norm_web(raw: str) -> tuple[str | None, str | None]:
    """(ISO day, ISO month) of a Web_list date: "4-Feb-21" or "Aug-19"."""
    parts = raw.split("-")
    if len(parts) == 2:  # "Aug-19": month only
        iso, _ = parse_date(f"1 {parts[0]} 20{parts[1]}")
        return None, (iso[:7] if iso else None)
    iso, _ = parse_date(raw)
    return (iso if iso and len(iso) == 10 else None), (iso[:7] if iso else None)


def _norm_update(raw: str) -> tuple[str | None, str | None]:
    """(ISO day, ISO month) of the XML's update_time ("2021/02/04", "2020/08")."""
    raw = raw.strip()
    parts = raw.replace("-", "/").split("/")
    try:
        if len(parts) >= 3:
            y, m, d = int(parts[0]), int(parts[1]), int(parts[2])
            return f"{y:04d}-{m:02d}-{d:02d}", f"{y:04d}-{m:02d}"
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return None, f"{y:04d}-{m:02d}"
    except ValueError:
        pass
    iso, _ = parse_date(raw)
    return (iso if iso and len(iso) == 10 else None), (iso[:7] if iso else None)


def goppc_tables(rows: list[dict]) -> dict[str, pd.DataFrame]:
    policies = sorted({r["policy"] for r in rows})
    paragraphs = [r for r in rows if r["kind"] == "paragraph"]
    tables: dict[str, pd.DataFrame] = {}

    # ---- children
    gold15 = {p: False for p in policies}
    pred_any = {p: False for p in policies}
    pred_min = {p: False for p in policies}
    per_policy: dict[int, list] = {p: [] for p in policies}
    for r in rows:
        if "15" in r["labels"]:
            gold15[r["policy"]] = True
        if r["child_age"]:
            pred_any[r["policy"]] = True
            per_policy[r["policy"]].extend(r["child_age"])
    for p in policies:
        pred_min[p] = policy_min_age(per_policy[p]) is not None
    doc = pd.DataFrame([
        {"measure": "children: any child_age finding vs code 15", **_doc_scores(pred_any, gold15)},
        {"measure": "children: service min_age stated vs code 15", **_doc_scores(pred_min, gold15)},
    ])
    lab15 = [r for r in paragraphs if "15" in r["labels"]]
    with_age = [r for r in paragraphs if any(f.value for f in r["child_age"])]
    with_min = [r for r in paragraphs if any(f.role == "minimum_age" for f in r["child_age"])]
    para = pd.DataFrame([
        {"measure": "paragraphs labelled 15 that yield an age", "n": len(lab15),
         "hits": sum(any(f.value for f in r["child_age"]) for r in lab15)},
        {"measure": "paragraphs labelled 15 that yield any child_age finding", "n": len(lab15),
         "hits": sum(bool(r["child_age"]) for r in lab15)},
        {"measure": "paragraphs yielding an age that are labelled 15 (precision)",
         "n": len(with_age), "hits": sum("15" in r["labels"] for r in with_age)},
        {"measure": "paragraphs yielding a minimum_age that are labelled 15 (precision)",
         "n": len(with_min), "hits": sum("15" in r["labels"] for r in with_min)},
    ])
    ages = Counter(policy_min_age(per_policy[p]) for p in policies)
    roles = Counter(f.role for p in policies for f in per_policy[p])

    # ---- retention
    gold161 = {p: False for p in policies}
    gold16 = {p: False for p in policies}
    pred_ret = {p: False for p in policies}
    pred_stated = {p: False for p in policies}
    for r in rows:
        if "16.1" in r["labels"]:
            gold161[r["policy"]] = True
        if r["labels"] & {"16", "16.1"}:
            gold16[r["policy"]] = True
        if r["retention"]:
            pred_ret[r["policy"]] = True
        if any(f.min_days is not None for f in r["retention"]):
            pred_stated[r["policy"]] = True
    doc = pd.concat([doc, pd.DataFrame([
        {"measure": "retention: any retention finding vs code 16.1", **_doc_scores(pred_ret, gold161)},
        {"measure": "retention: any retention finding vs code 16/16.1", **_doc_scores(pred_ret, gold16)},
        {"measure": "retention: stated period vs code 16.1", **_doc_scores(pred_stated, gold161)},
    ])], ignore_index=True)
    with_ret = [r for r in paragraphs if r["retention"]]
    with_stated = [r for r in paragraphs if any(f.min_days is not None for f in r["retention"])]
    lab161 = [r for r in paragraphs if "16.1" in r["labels"]]
    para = pd.concat([para, pd.DataFrame([
        {"measure": "paragraphs with a retention finding labelled 16.1 (strict precision)",
         "n": len(with_ret), "hits": sum("16.1" in r["labels"] for r in with_ret)},
        {"measure": "paragraphs with a retention finding labelled 16 or 16.1 (lenient precision)",
         "n": len(with_ret), "hits": sum(bool(r["labels"] & {"16", "16.1"}) for r in with_ret)},
        {"measure": "paragraphs with a stated period labelled 16 or 16.1 (lenient precision)",
         "n": len(with_stated), "hits": sum(bool(r["labels"] & {"16", "16.1"}) for r in with_stated)},
        {"measure": "paragraphs labelled 16.1 with a retention finding (recall)",
         "n": len(lab161), "hits": sum(bool(r["retention"]) for r in lab161)},
        {"measure": "paragraphs labelled 16.1 with a stated period", "n": len(lab161),
         "hits": sum(any(f.min_days is not None for f in r["retention"]) for r in lab161)},
    ])], ignore_index=True)
    kinds = Counter(("stated" if f.min_days is not None else f.condition)
                    for r in rows for f in r["retention"])

    # ---- DPO and last_updated
    gold_dpo = {p: False for p in policies}
    pred_dpo = {p: False for p in policies}
    dates: dict[int, list] = {p: [] for p in policies}
    update = {}
    for r in rows:
        if r["labels"] & {"3", "3.1", "3.2", "3.2.1", "3.2.2", "3.2.3", "3.1.1"}:
            gold_dpo[r["policy"]] = True
        for f in r["facts"]:
            if f.aspect == "has_dpo" and f.value == "true":
                pred_dpo[r["policy"]] = True
            if f.aspect == "last_updated":
                dates[r["policy"]].append(f)
        update[r["policy"]] = r["update_time"]
    doc = pd.concat([doc, pd.DataFrame([
        {"measure": "has_dpo vs codes 3/3.x", **_doc_scores(pred_dpo, gold_dpo)},
    ])], ignore_index=True)
    n_gold = n_pred = exact = month = 0
    web = _web_list_dates()
    for p in policies:
        day, mon = _norm_web(web[p]) if p in web else _norm_update(update.get(p, ""))
        if not (day or mon):
            continue
        n_gold += 1
        if not dates[p]:
            continue
        n_pred += 1
        best = facts.policy_facts(dates[p])["last_updated"]
        if day and best == day:
            exact += 1
        if mon and best and best[:7] == mon:
            month += 1
    para = pd.concat([para, pd.DataFrame([
        {"measure": "policies with a known update date (Web_list.csv / XML) where we extract "
                    "last_updated", "n": n_gold,
         "hits": n_pred},
        {"measure": "... our last_updated equals the known date (day)", "n": n_pred, "hits": exact},
        {"measure": "... our last_updated in the same month as the known date", "n": n_pred,
         "hits": month},
    ])], ignore_index=True)
    para["rate"] = (para["hits"] / para["n"]).round(3)
    tables["goppc_document"] = doc
    tables["goppc_paragraph"] = para
    tables["goppc_min_age_distribution"] = pd.DataFrame(
        sorted(((str(k), v) for k, v in ages.items())), columns=["min_age", "policies"])
    tables["goppc_child_roles"] = pd.DataFrame(sorted(roles.items()), columns=["role", "findings"])
    tables["goppc_retention_kinds"] = pd.DataFrame(sorted(kinds.items()),
                                                   columns=["kind", "findings"])
    return tables


# --- OPP-115 -----------------------------------------------------------------------------------

def opp_retention_table() -> pd.DataFrame:
    from policylens.datasets.opp115 import clean_segment

    base = corpus_dir("opp115")
    cons = base / "consolidation" / "threshold-0.75-overlap-similarity"
    counts: Counter = Counter()
    for path in sorted(cons.glob("*.csv")):
        html_path = base / "sanitized_policies" / (path.stem + ".html")
        if not html_path.exists():
            continue
        segments = html_path.read_text(encoding="utf-8", errors="replace").split("|||")
        labels: dict[int, set[str]] = {}
        with path.open(newline="", encoding="utf-8", errors="replace") as fh:
            for row in csv.reader(fh):
                if len(row) < 7 or row[5] != "Data Retention":
                    continue
                try:
                    attrs = json.loads(row[6])
                except json.JSONDecodeError:
                    continue
                period = (attrs.get("Retention Period") or {}).get("value")
                if period and period != "not-selected":
                    labels.setdefault(int(row[4]), set()).add(period)
        for seg_id, periods in labels.items():
            if seg_id >= len(segments):
                continue
            text = clean_segment(segments[seg_id])
            found = retention.extract_clause(ClauseContext(text=text, kind="paragraph"))
            if any(f.min_days is not None for f in found):
                ours = "stated period"
            elif any(f.condition == "indefinitely" for f in found):
                ours = "indefinitely"
            elif found:
                ours = "other qualitative"
            else:
                ours = "nothing"
            for period in periods:
                counts[(period, ours)] += 1
    table = pd.Series(counts).unstack(fill_value=0) if counts else pd.DataFrame()
    if len(table):
        table.index.name = "OPP-115 Retention Period"
        table.columns.name = "we extract"
        table = table.reindex(columns=["stated period", "indefinitely", "other qualitative",
                                       "nothing"], fill_value=0)
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--opp", action="store_true", help="also score OPP-115 Retention Period")
    ap.add_argument("--out", type=Path, help="write each table as CSV into this folder")
    args = ap.parse_args(argv)
    if not corpus_dir("goppc150").is_dir():
        print(f"GoPPC-150 not found at {corpus_dir('goppc150')} (set POLICYLENS_CORPORA)")
        return 2
    t0 = time.perf_counter()
    nodes = goppc_nodes()
    rows = run_goppc(nodes)
    tables = goppc_tables(rows)
    print(f"GoPPC-150: {nodes['policy'].nunique()} policies, {len(nodes)} nodes, "
          f"{time.perf_counter() - t0:.1f}s\n")
    if args.opp and corpus_dir("opp115").is_dir():
        tables["opp115_retention_period"] = opp_retention_table()
    for name, table in tables.items():
        print(f"## {name}\n")
        print(table.to_string(index=name == "opp115_retention_period"))
        print()
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            table.to_csv(args.out / f"{name}.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
