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

Label corrections: GoPPC and C3PA right labels are sometimes wrong or incomplete (a right
mentioned only as a heading, in another sense, or not labelled at all). Corrections made by reading
the policy live in ``rights_label_corrections.csv`` (corpus, policy, right, verdict ``present`` /
``absent``, a short reason in our own words -- never corpus text); the rights tables are printed
raw and ``*_corrected``. ``--disagreements`` lists every false positive (with the findings' rule,
guard and evidence) and false negative (with the labelled nodes/spans) for reading; ``--right``
restricts that list to some rights.

    .venv/bin/python benchmarks/extract_eval.py --corpus goppc --limit 75 --disagreements
    .venv/bin/python benchmarks/extract_eval.py --corpus c3pa --disagreements --right limit_sensitive

Hooks for other aspects (children, retention): ``iter_goppc()`` / ``iter_c3pa()`` yield each
document's policy, clauses and labels; ``findings_for(clauses, modules)`` runs any aspect modules;
``document_scores(pred, gold, ids)`` scores per-policy sets. Extra evaluators can be registered in
``EVALUATORS`` (name -> callable(args) -> dict[str, DataFrame]) and are run by ``--extra name``.
"""

from __future__ import annotations

import argparse
import csv
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
    return findings_with_clauses(clauses, modules)[0]


def findings_with_clauses(clauses: pd.DataFrame, modules: Sequence[str] = MY_MODULES
                          ) -> tuple[list[Finding], list[int]]:
    """``findings_for`` and, per finding, the row number of its clause."""
    fns = [importlib.import_module(f"policylens.extract.{m}").extract_clause for m in modules]
    out: list[Finding] = []
    ids: list[int] = []
    for i, (text, section, lead_in, kind) in enumerate(zip(clauses["text"], clauses["section"], clauses["lead_in"],
                                                           clauses["kind"], strict=True)):
        ctx = ClauseContext(text=text, section=section or "", lead_in=lead_in or "", kind=kind)
        for fn in fns:
            found = fn(ctx)
            out.extend(found)
            ids.extend([i] * len(found))
    return out, ids


def values_by_aspect(findings: Iterable[Finding]) -> dict[str, set[str]]:
    got: dict[str, set[str]] = {}
    for f in findings:
        got.setdefault(f.aspect, set()).add(f.value)
    return got


# --- label corrections -----------------------------------------------------------------------------

CORRECTIONS = Path(__file__).with_name("rights_label_corrections.csv")
CORRECTION_FIELDS = ("corpus", "policy", "right", "verdict", "reason")


def read_corrections(corpus: str, path: Path = CORRECTIONS) -> dict[str, dict[str, str]]:
    """policy -> {right: 'present' | 'absent'} of one corpus ('goppc' | 'c3pa')."""
    out: dict[str, dict[str, str]] = {}
    if not path.exists():
        return out
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["corpus"] != corpus:
                continue
            if row["verdict"] not in ("present", "absent"):
                raise ValueError(f"{path}: bad verdict {row['verdict']!r} for {row['policy']} {row['right']}")
            out.setdefault(row["policy"], {})[row["right"]] = row["verdict"]
    return out


def corrected(gold: dict, corrections: dict[str, dict[str, str]]) -> dict:
    """``gold`` (policy -> set of ids) with the reading corrections applied (keys matched as str)."""
    out = {}
    for policy, ids in gold.items():
        fix = corrections.get(str(policy), {})
        out[policy] = ({i for i in ids if fix.get(i) != "absent"}
                       | {i for i, v in fix.items() if v == "present"})
    return out


# --- disagreements --------------------------------------------------------------------------------

def _one_line(text: str, width: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width] + " …"


def disagreements(pred: dict, gold: dict, ids: Sequence[str], evidence: dict, gold_evidence: dict,
                  only: Sequence[str] = ()) -> list[str]:
    """Printable lines, one block per (policy, id) false positive or negative: a false positive
    shows the findings behind it (rule, guard, evidence, its sentence), a false negative the
    labelled text. ``evidence``: policy -> id -> [lines]; ``gold_evidence`` likewise."""
    lines = []
    for x in ids:
        if only and x not in only:
            continue
        for p in sorted(gold, key=str):
            got, want = x in pred.get(p, set()), x in gold[p]
            if got == want:
                continue
            lines.append(f"{'FP' if got else 'FN'} {x} policy {p}")
            source = evidence if got else gold_evidence
            lines += [f"    {line}" for line in source.get(p, {}).get(x, [])[:6]]
    return lines


def finding_lines(findings: Iterable[Finding], clauses: pd.DataFrame, clause_ids: Sequence[int]) -> dict:
    """id -> lines describing each finding (rule, guard, section, evidence in its clause)."""
    out: dict[str, list[str]] = {}
    for f, cid in zip(findings, clause_ids, strict=True):
        clause = clauses.iloc[cid]
        text = str(clause["text"])
        left, right = max(0, f.start - 160), min(len(text), f.end + 160)
        marked = text[left:f.start] + "[[" + text[f.start:f.end] + "]]" + text[f.end:right]
        where = " > ".join(x for x in (str(clause["section"] or "")[-80:], str(clause["lead_in"] or "")[:80]) if x)
        out.setdefault(f.value, []).append(f"{f.rule} ({f.guard}) §{where}§ {_one_line(marked, 400)}")
    return out


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


def eval_goppc(limit: int | None = None, show: Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """Tables of GoPPC policies 1..limit; ``show`` (rights, empty = all) prints the disagreements."""
    from policylens.datasets.goppc150 import CODE_TO_ID, gold_sets, load_goppc150

    frame = load_goppc150()
    if limit is not None:
        frame = frame[frame["policy"].isin(sorted(frame["policy"].unique())[:limit])]
    pred: dict[str, dict[int, set[str]]] = {a: {} for a in ("right", "transfer_mechanism", "legal_basis")}
    evidence: dict[int, dict[str, list[str]]] = {}
    gold_evidence: dict[int, dict[str, list[str]]] = {}
    for number, _policy, clauses, nodes in iter_goppc(limit):
        found, clause_ids = findings_with_clauses(clauses)
        got = values_by_aspect(found)
        for aspect in pred:
            pred[aspect][number] = got.get(aspect, set())
        if show is not None:
            rights = [(f, c) for f, c in zip(found, clause_ids, strict=True) if f.aspect == "right"]
            evidence[number] = finding_lines([f for f, _ in rights], clauses, [c for _, c in rights])
            for node, section, text, labels in zip(nodes["node"], nodes["section"], nodes["text"], nodes["labels"],
                                                   strict=True):
                for code in labels:
                    hit = CODE_TO_ID.get(code)
                    if hit and hit[0] == "right":
                        gold_evidence.setdefault(number, {}).setdefault(hit[1], []).append(
                            f"node {node} [{code}] §{str(section)[-80:]}§ {_one_line(text)}")
    gdpr_rights = ["access", "rectification", "erasure", "restriction", "portability", "objection",
                   "automated_decision", "withdraw_consent", "complaint"]
    mechanisms = ["scc", "bcr", "adequacy", "consent", "contract_necessity"]
    gold_rights = gold_sets(frame, "right")
    gold_fixed = corrected(gold_rights, read_corrections("goppc"))
    if show is not None:
        print("\n".join(disagreements(pred["right"], gold_fixed, gdpr_rights, evidence, gold_evidence, show)))
    out = {
        "goppc_rights": document_scores(pred["right"], gold_rights, gdpr_rights),
        "goppc_rights_corrected": document_scores(pred["right"], gold_fixed, gdpr_rights),
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


def eval_c3pa(limit: int | None = None, min_annotators: int = 1,
              show: Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """Tables of the C3PA policies; ``show`` (rights, empty = all) prints the disagreements."""
    from policylens.datasets.c3pa import LABEL_TO_RIGHT, gold_rights, load_c3pa

    frame = load_c3pa()
    gold_all = gold_rights(frame, min_annotators=min_annotators)
    pred: dict[str, set[str]] = {}
    gold: dict[str, set[str]] = {}
    gold_found: dict[str, set[str]] = {}
    evidence: dict[str, dict[str, list[str]]] = {}
    gold_evidence: dict[str, dict[str, list[str]]] = {}
    for key, policy, clauses, rows in iter_c3pa(limit):
        found, clause_ids = findings_with_clauses(clauses, ("rights",))
        pred[key] = values_by_aspect(found).get("right", set())
        gold[key] = gold_all[key]
        gold_found[key] = gold_in_text(rows, policy.text, min_annotators)
        if show is not None:
            evidence[key] = finding_lines(found, clauses, clause_ids)
            norm = _norm(policy.text)
            for ann, span, label in zip(rows["annotator"], rows["text"], rows["label"], strict=True):
                if label in LABEL_TO_RIGHT:
                    where = "in page" if _norm(span)[:80] in norm else "NOT in page"
                    gold_evidence.setdefault(key, {}).setdefault(LABEL_TO_RIGHT[label], []).append(
                        f"{ann} ({where}) {_one_line(span)}")
    ids = list(dict.fromkeys(LABEL_TO_RIGHT.values()))
    fixed = corrected(gold, read_corrections("c3pa"))
    if show is not None:
        print("\n".join(disagreements(pred, fixed, ids, evidence, gold_evidence, show)))
    # Second table: precision against "labelled anywhere", recall only over rights whose labelled
    # span is present in the crawled HTML (so pages that changed since annotation don't count).
    recall_view = document_scores(pred, gold_found, ids)
    return {"c3pa_rights": document_scores(pred, gold, ids),
            "c3pa_rights_corrected": document_scores(pred, fixed, ids),
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
    ap.add_argument("--disagreements", action="store_true",
                    help="print each right's false positives/negatives against the corrected labels")
    ap.add_argument("--right", action="append", default=[], help="with --disagreements: only these rights")
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
            tables.update(eval_goppc(args.limit, args.right if args.disagreements else None))
    if args.corpus in ("c3pa", "both"):
        if not corpus_dir("c3pa").is_dir():
            print("C3PA not found (POLICYLENS_CORPORA); skipped", file=sys.stderr)
        else:
            tables.update(eval_c3pa(args.limit, args.min_annotators, args.right if args.disagreements else None))
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
