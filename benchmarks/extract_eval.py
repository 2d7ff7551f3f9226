"""Document-level agreement of the extractors with GoPPC-150 and C3PA labels.

A policy is *predicted* to have id X (a right, a transfer mechanism, a legal basis) when any
finding with value X occurs anywhere in its text; it is *gold* for X when any node/span of it is
labelled with X's code (GoPPC: 4.x, 7/7.1, 10.x, 14.x; C3PA: the "Description of Right to ..."
labels). Precision/recall/F1 per id and their macro average (over ids with gold support) are
printed as Markdown tables and, with ``--out``, written as CSV.

Each document goes through the real pipeline: GoPPC XML is rendered to Markdown (titles as
headings, list items as "- " lines) and C3PA HTML is loaded as HTML, then ``segment`` and the
aspect modules run over the clauses.

    .venv/bin/python benchmarks/extract_eval.py                 # both corpora
    .venv/bin/python benchmarks/extract_eval.py --corpus goppc --limit 10
    .venv/bin/python benchmarks/extract_eval.py --out /tmp/extract_eval

Hooks for other aspects (children, retention): ``iter_goppc()`` / ``iter_c3pa()`` yield each
document's policy, clauses and labels; ``findings_for(clauses, modules)`` runs any aspect modules;
``document_scores(pred, gold, ids)`` scores per-policy sets. Extra evaluators can be registered in
``EVALUATORS`` (name -> callable(args) -> dict[str, DataFrame]) and are run by ``--extra name``.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pandas as pd

from policylens.config import corpus_dir
from policylens.extract import ClauseContext
from policylens.io import load, load_text
from policylens.policy import Policy
from policylens.resources import vocabulary
from policylens.schema import Finding
from policylens.segment import segment

MY_MODULES = ("rights", "transfers", "legal_bases", "laws")

#: name -> callable(args) returning {table name: DataFrame}; other aspects register here
EVALUATORS: dict[str, Callable[[argparse.Namespace], dict[str, pd.DataFrame]]] = {}


# --- running the extractors ----------------------------------------------------------------------

def findings_for(clauses: pd.DataFrame, modules: Sequence[str] = MY_MODULES) -> list[Finding]:
    """Findings of the given aspect modules over a clauses table (offsets relative to clauses)."""
    fns = [importlib.import_module(f"policylens.extract.{m}").extract_clause for m in modules]
    out: list[Finding] = []
    for text, section, lead_in, kind in zip(clauses["text"], clauses["section"], clauses["lead_in"],
                                            clauses["kind"], strict=True):
        ctx = ClauseContext(text=text, section=section or "", lead_in=lead_in or "", kind=kind)
        for fn in fns:
            out.extend(fn(ctx))
    return out


def values_by_aspect(findings: Iterable[Finding]) -> dict[str, set[str]]:
    got: dict[str, set[str]] = {}
    for f in findings:
        got.setdefault(f.aspect, set()).add(f.value)
    return got


# --- scoring ---------------------------------------------------------------------------------------

def document_scores(pred: dict, gold: dict, ids: Sequence[str]) -> pd.DataFrame:
    """Per id: support (gold policies), predicted, tp, fp, fn, precision, recall, f1; plus a
    macro-average row over ids with support > 0. ``pred``/``gold``: policy -> set of ids."""
    rows = []
    policies = sorted(gold, key=str)
    for x in ids:
        tp = sum(1 for p in policies if x in gold[p] and x in pred.get(p, set()))
        fp = sum(1 for p in policies if x not in gold[p] and x in pred.get(p, set()))
        fn = sum(1 for p in policies if x in gold[p] and x not in pred.get(p, set()))
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * prec * rec / (prec + rec) if tp else (0.0 if tp + fp + fn else float("nan"))
        rows.append({"id": x, "support": tp + fn, "predicted": tp + fp, "tp": tp, "fp": fp, "fn": fn,
                     "precision": prec, "recall": rec, "f1": f1})
    frame = pd.DataFrame(rows)
    scored = frame[frame["support"] > 0]
    macro = {"id": "MACRO (ids with support)", "support": int(scored["support"].sum()),
             "predicted": int(scored["predicted"].sum()), "tp": int(scored["tp"].sum()),
             "fp": int(scored["fp"].sum()), "fn": int(scored["fn"].sum()),
             "precision": scored["precision"].mean(), "recall": scored["recall"].mean(),
             "f1": scored["f1"].mean()}
    return pd.concat([frame, pd.DataFrame([macro])], ignore_index=True)


# --- GoPPC-150 ------------------------------------------------------------------------------------

def goppc_markdown(nodes: pd.DataFrame) -> str:
    """A policy's nodes as Markdown: titles become headings (depth -> level), items "- " lines."""
    parts = []
    for kind, depth, text in zip(nodes["kind"], nodes["depth"], nodes["text"], strict=True):
        if kind == "title":
            parts.append("#" * min(6, max(1, int(depth))) + " " + " ".join(str(text).split()))
        else:
            lines = str(text).split("\n")
            parts.append(lines[0] + "".join(f"\n- {line}" for line in lines[1:]))
    return "\n\n".join(p for p in parts if p.strip())


def iter_goppc(limit: int | None = None) -> Iterator[tuple[int, Policy, pd.DataFrame, pd.DataFrame]]:
    """(policy number, Policy, clauses, the policy's GoPPC nodes) per document."""
    from policylens.datasets.goppc150 import load_goppc150

    frame = load_goppc150()
    for i, (number, nodes) in enumerate(frame.groupby("policy", sort=True)):
        if limit is not None and i >= limit:
            break
        policy = load_text(goppc_markdown(nodes), id=f"goppc-{number}", format="md")
        yield int(number), policy, segment(policy), nodes


def eval_goppc(limit: int | None = None) -> dict[str, pd.DataFrame]:
    from policylens.datasets.goppc150 import gold_sets, load_goppc150

    frame = load_goppc150()
    if limit is not None:
        frame = frame[frame["policy"].isin(sorted(frame["policy"].unique())[:limit])]
    pred: dict[str, dict[int, set[str]]] = {a: {} for a in ("right", "transfer_mechanism", "legal_basis")}
    for number, _policy, clauses, _nodes in iter_goppc(limit):
        got = values_by_aspect(findings_for(clauses))
        for aspect in pred:
            pred[aspect][number] = got.get(aspect, set())
    gdpr_rights = ["access", "rectification", "erasure", "restriction", "portability", "objection",
                   "automated_decision", "withdraw_consent", "complaint"]
    mechanisms = ["scc", "bcr", "adequacy", "consent", "contract_necessity"]
    out = {
        "goppc_rights": document_scores(pred["right"], gold_sets(frame, "right"), gdpr_rights),
        "goppc_mechanisms": document_scores(pred["transfer_mechanism"],
                                            gold_sets(frame, "transfer_mechanism"), mechanisms),
        "goppc_legal_bases": document_scores(pred["legal_basis"], gold_sets(frame, "legal_basis"),
                                             vocabulary("legal_basis")),
    }
    # any safeguard-type mechanism (14.2*, 14.3*) vs any mechanism finding
    safeguard = {int(p): set() for p in frame["policy"].unique()}
    for p, labels in zip(frame["policy"], frame["labels"], strict=True):
        if any(c == "14.2" or c.startswith(("14.2.", "14.3")) for c in labels):
            safeguard[int(p)].add("any_safeguard")
    any_pred = {p: ({"any_safeguard"} if v else set()) for p, v in pred["transfer_mechanism"].items()}
    out["goppc_any_safeguard"] = document_scores(any_pred, safeguard, ["any_safeguard"])
    out["goppc_node_topicality"] = node_topicality(frame)
    return out


#: label families a finding's node should carry when the finding is on topic
FAMILIES = {"right": ("4", "6", "7"), "transfer_mechanism": ("14",), "legal_basis": ("10",)}


def node_topicality(frame: pd.DataFrame) -> pd.DataFrame:
    """Finding-level precision proxy, robust to GoPPC's sparse fine-grained codes: the extractors
    run on each GoPPC node (title/paragraph with its heading path) and each finding is checked
    against the node's labels (A or B): *exact* = the node carries the id's own code, *family* =
    it carries a code of the aspect's family (rights 4.x/6/7, transfers 14.x, bases 10.x)."""
    from policylens.datasets.goppc150 import CODE_TO_ID

    counts: dict[tuple[str, str], list[int]] = {}
    for text, section, a, b in zip(frame["text"], frame["section"], frame["labels"], frame["labels_b"],
                                   strict=True):
        codes = set(a) | set(b)
        ctx = ClauseContext(text=str(text), section=str(section))
        for module in ("rights", "transfers", "legal_bases"):
            fn = importlib.import_module(f"policylens.extract.{module}").extract_clause
            for f in fn(ctx):
                if f.aspect not in FAMILIES:
                    continue
                key = (f.aspect, f.value)
                exact = any(CODE_TO_ID.get(c) == key for c in codes)
                family = any(c == fam or c.startswith(fam + ".") for c in codes for fam in FAMILIES[f.aspect])
                row = counts.setdefault(key, [0, 0, 0])
                row[0] += 1
                row[1] += exact
                row[2] += family
    rows = [{"aspect": k[0], "id": k[1], "findings": n, "exact": e / n, "family": fam / n}
            for k, (n, e, fam) in sorted(counts.items())]
    return pd.DataFrame(rows)


# --- C3PA -----------------------------------------------------------------------------------------

def iter_c3pa(limit: int | None = None) -> Iterator[tuple[str, Policy, pd.DataFrame, pd.DataFrame]]:
    """(policy key 'DB/n', Policy, clauses, the policy's annotation rows) per document."""
    from policylens.datasets.c3pa import load_c3pa

    frame = load_c3pa()
    for i, (key, rows) in enumerate(frame.groupby("policy", sort=False)):
        if limit is not None and i >= limit:
            break
        html = rows["html_path"].iloc[0]
        if not html:
            continue
        try:
            policy = load(html, id=str(key).replace("/", "-"))
        except Exception as exc:  # noqa: BLE001 - a broken page is reported and skipped
            print(f"  skip {key}: {exc}", file=sys.stderr)
            continue
        yield str(key), policy, segment(policy), rows


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def gold_in_text(rows: pd.DataFrame, text: str, min_annotators: int = 1) -> set[str]:
    """Rights whose labelled spans actually occur in the crawled page text (the annotations were
    made on page versions that do not always match ``Htmls``): first 80 normalised characters."""
    from policylens.datasets.c3pa import LABEL_TO_RIGHT

    norm = _norm(text)
    hits: dict[str, set[str]] = {}
    for ann, span, label in zip(rows["annotator"], rows["text"], rows["label"], strict=True):
        right = LABEL_TO_RIGHT.get(label)
        probe = _norm(span)[:80]
        if right and probe and probe in norm:
            hits.setdefault(right, set()).add(ann)
    return {r for r, anns in hits.items() if len(anns) >= min_annotators}


def eval_c3pa(limit: int | None = None, min_annotators: int = 1) -> dict[str, pd.DataFrame]:
    from policylens.datasets.c3pa import LABEL_TO_RIGHT, gold_rights, load_c3pa

    frame = load_c3pa()
    gold_all = gold_rights(frame, min_annotators=min_annotators)
    pred: dict[str, set[str]] = {}
    gold: dict[str, set[str]] = {}
    gold_found: dict[str, set[str]] = {}
    for key, policy, clauses, rows in iter_c3pa(limit):
        pred[key] = values_by_aspect(findings_for(clauses, ("rights",))).get("right", set())
        gold[key] = gold_all[key]
        gold_found[key] = gold_in_text(rows, policy.text, min_annotators)
    ids = list(dict.fromkeys(LABEL_TO_RIGHT.values()))
    # Second table: precision against "labelled anywhere", recall only over rights whose labelled
    # span is present in the crawled HTML (so pages that changed since annotation don't count).
    recall_view = document_scores(pred, gold_found, ids)
    return {"c3pa_rights": document_scores(pred, gold, ids),
            "c3pa_rights_span_in_page": recall_view}


# --- CLI ------------------------------------------------------------------------------------------

def _markdown(frame: pd.DataFrame) -> str:
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in frame.itertuples(index=False):
        cells = [f"{v:.2f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", choices=("goppc", "c3pa", "both"), default="both")
    ap.add_argument("--limit", type=int, default=None, help="first N policies of each corpus")
    ap.add_argument("--min-annotators", type=int, default=1,
                    help="C3PA: a right is gold when at least this many annotators labelled it")
    ap.add_argument("--extra", action="append", default=[],
                    help=f"also run a registered evaluator ({', '.join(sorted(EVALUATORS)) or 'none yet'})")
    ap.add_argument("--out", type=Path, default=None, help="folder for CSV tables")
    args = ap.parse_args(argv)
    unknown = [name for name in args.extra if name not in EVALUATORS]
    if unknown:
        ap.error(f"unknown evaluator(s) {unknown}; registered: {sorted(EVALUATORS)}")

    tables: dict[str, pd.DataFrame] = {}
    t0 = time.perf_counter()
    if args.corpus in ("goppc", "both"):
        if not corpus_dir("goppc150").is_dir():
            print("GoPPC-150 not found (POLICYLENS_CORPORA); skipped", file=sys.stderr)
        else:
            tables.update(eval_goppc(args.limit))
    if args.corpus in ("c3pa", "both"):
        if not corpus_dir("c3pa").is_dir():
            print("C3PA not found (POLICYLENS_CORPORA); skipped", file=sys.stderr)
        else:
            tables.update(eval_c3pa(args.limit, args.min_annotators))
    for name in args.extra:
        tables.update(EVALUATORS[name](args))
    for name, table in tables.items():
        print(f"\n## {name}\n")
        print(_markdown(table))
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            table.to_csv(args.out / f"{name}.csv", index=False)
    print(f"\n({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
