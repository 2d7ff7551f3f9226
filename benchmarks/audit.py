"""Reading audit of extracted findings on policond2024 (issue #12 §4).

Samples findings at random with a fixed seed, stratified across aspects, from ``extract`` over
every page of ``policond2024/cleaned`` (the real pipeline: load -> segment -> extract), prints each
with its clause for a reader to judge, stores verdicts in a labels file, and reports precision per
aspect. The labels file holds the page, the finding's offsets, aspect, value, rule and the verdict
-- never text (the corpus is research-only).

    .venv/bin/python benchmarks/audit.py show --n 240 --batch 0        # print batch 0 (20 findings)
    .venv/bin/python benchmarks/audit.py judge 0 "c c w d c ..."       # verdicts of batch 0, in order
    .venv/bin/python benchmarks/audit.py report                        # precision per aspect
    .venv/bin/python benchmarks/audit.py show --aspect right --n 60    # one aspect's sample only

Verdicts: ``c`` correct, ``w`` wrong, ``d`` debatable. Precision per aspect is correct / judged
(debatable counts against, "strict") and correct / (correct + wrong) ("lenient"). A label whose
finding no longer occurs in the current output is reported as stale, not counted.

The sample is drawn from the findings of the code being run: after rules change, labels of
findings still produced keep their verdicts, and new findings appear in the sample unlabelled.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import pickle
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from policylens import load
from policylens.config import corpus_dir
from policylens.extract import extract
from policylens.segment import segment

LABELS = Path(__file__).with_name("audit_labels.csv")
FIELDS = ("file", "start", "end", "aspect", "value", "rule", "verdict")
VERDICTS = {"c": "correct", "w": "wrong", "d": "debatable"}
BATCH = 20
#: aspects whose findings are mostly mechanical look-ups get fewer samples (see ``allocate``)
LIGHT = ("contact_email", "third_party_service", "law")


def all_findings(limit: int | None = None) -> tuple[pd.DataFrame, dict[str, tuple[str, pd.DataFrame]]]:
    """Findings of every policond2024 page (column ``file`` added) and per page (text, clauses)."""
    folder = corpus_dir("policond2024") / "cleaned"
    if not folder.is_dir():
        raise SystemExit(f"policond2024 not found at {folder} (set POLICYLENS_CORPORA)")
    frames, pages = [], {}
    for path in sorted(folder.glob("*.html"))[:limit]:
        try:
            policy = load(path, id=path.stem)
        except Exception as exc:  # noqa: BLE001 - a stub page is reported and skipped
            print(f"  skip {path.name}: {exc}", file=sys.stderr)
            continue
        clauses = segment(policy)
        found = extract(clauses)
        found.insert(0, "file", path.name)
        frames.append(found)
        pages[path.name] = (policy.text, clauses)
    return pd.concat(frames, ignore_index=True), pages


def allocate(counts: Counter, n: int) -> dict[str, int]:
    """Per-aspect sample sizes: an equal share of ``n`` per aspect (half for ``LIGHT`` ones), capped
    by what exists; what a small aspect cannot use goes to the others."""
    weights = {a: (0.5 if a in LIGHT else 1.0) for a in counts}
    quota = {a: 0 for a in counts}
    left = n
    while left > 0:
        open_ = [a for a in counts if quota[a] < counts[a]]
        if not open_:
            break
        total = sum(weights[a] for a in open_)
        given = 0
        for a in open_:
            share = max(1, math.floor(left * weights[a] / total))
            add = min(share, counts[a] - quota[a], left - given)
            quota[a] += add
            given += add
            if given >= left:
                break
        left -= given
        if given == 0:
            break
    return quota


def _draw_order(row, seed: int) -> str:  # noqa: ANN001
    """A finding's place in the random order: a hash of the seed and the finding's identity, so a
    finding keeps its place when the rest of the output changes (labels carry over)."""
    ident = f"{seed}|{row['file']}|{int(row['start'])}|{int(row['end'])}|{row['aspect']}|{row['value']}"
    return hashlib.sha1(ident.encode("utf-8")).hexdigest()


def sample(findings: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """A stratified random sample of ``n`` findings (fixed seed), ordered by aspect then draw."""
    counts = Counter(findings["aspect"])
    quota = allocate(counts, n)
    parts = []
    for aspect in sorted(counts):
        rows = findings[findings["aspect"] == aspect]
        order = sorted(range(len(rows)), key=lambda i: _draw_order(rows.iloc[i], seed))
        parts.append(rows.iloc[order[:quota[aspect]]])
    return pd.concat(parts, ignore_index=True)


def key(row) -> tuple:  # noqa: ANN001
    return (str(row["file"]), int(row["start"]), int(row["end"]), str(row["aspect"]), str(row["value"]))


def read_labels(path: Path = LABELS) -> dict[tuple, dict]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {(r["file"], int(r["start"]), int(r["end"]), r["aspect"], r["value"]): r
                for r in csv.DictReader(fh)}


def write_labels(labels: dict[tuple, dict], path: Path = LABELS) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        for k in sorted(labels):
            writer.writerow({f: labels[k][f] for f in FIELDS})


def _clip(text: str, width: int = 600) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width // 2] + " … " + text[-width // 2:]


def describe(row, pages: dict) -> str:  # noqa: ANN001
    """One finding for reading: what was found and the clause with the evidence marked."""
    text, clauses = pages[row["file"]]
    clause = clauses.iloc[int(row["clause_id"])]
    cs, ce = int(clause["start"]), int(clause["end"])
    s, e = int(row["start"]), int(row["end"])
    # long clauses: the evidence with up to 350 characters either side
    left, right = max(cs, s - 350), min(ce, e + 350)
    marked = ("… " if left > cs else "") + text[left:s] + "[[" + text[s:e] + "]]" + text[e:right] \
        + (" …" if right < ce else "")
    extras = [f"{c}={row[c]}" for c in ("number", "min_days", "max_days", "data_category", "condition", "role")
              if c in row and pd.notna(row[c]) and str(row[c]) != ""]
    lines = [f"{row['aspect']}={row['value']!s} ({row['rule']}) {' '.join(extras)}  [{row['file']} {s}:{e}]"]
    if clause["section"]:
        lines.append(f"   § {_clip(str(clause['section']), 160)}")
    if clause["lead_in"]:
        lines.append(f"   ↳ {_clip(str(clause['lead_in']), 200)}")
    lines.append(f"   {' '.join(marked.split())}")
    return "\n".join(lines)


def report(labels: dict[tuple, dict], current: set[tuple] | None) -> pd.DataFrame:
    rows = defaultdict(Counter)
    for k, lab in labels.items():
        if current is not None and k not in current:
            rows[lab["aspect"]]["stale"] += 1
            continue
        rows[lab["aspect"]][lab["verdict"]] += 1
    out = []
    for aspect, c in sorted(rows.items()):
        n = c["correct"] + c["wrong"] + c["debatable"]
        out.append({"aspect": aspect, "n": n, "correct": c["correct"], "wrong": c["wrong"],
                    "debatable": c["debatable"], "stale": c["stale"],
                    "precision_strict": round(c["correct"] / n, 3) if n else float("nan"),
                    "precision_lenient": round(c["correct"] / (c["correct"] + c["wrong"]), 3)
                    if c["correct"] + c["wrong"] else float("nan")})
    frame = pd.DataFrame(out)
    if len(frame):
        tot = frame[["n", "correct", "wrong", "debatable", "stale"]].sum()
        frame.loc[len(frame)] = {"aspect": "ALL", **tot.to_dict(),
                                 "precision_strict": round(tot["correct"] / tot["n"], 3) if tot["n"] else float("nan"),
                                 "precision_lenient": round(tot["correct"] / (tot["correct"] + tot["wrong"]), 3)
                                 if tot["correct"] + tot["wrong"] else float("nan")}
    return frame


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("show", "judge", "report", "counts"))
    ap.add_argument("batch", nargs="?", type=int, default=0)
    ap.add_argument("verdicts", nargs="?", default="", help="judge: one of c/w/d per finding of the batch")
    ap.add_argument("--n", type=int, default=240, help="sample size (stratified across aspects)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--limit", type=int, default=None, help="first N pages only")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--all", action="store_true", help="show: also findings already labelled")
    ap.add_argument("--aspect", action="append", default=[],
                    help="show/judge: sample only these aspects (same draw order as the stratified sample)")
    ap.add_argument("--cache", type=Path, default=None,
                    help="pickle of the extracted findings and pages (reused while judging batches; "
                         "written when missing; outside the repository)")
    args = ap.parse_args(argv)

    labels = read_labels(args.labels)
    if args.cache is not None and args.cache.exists():
        with args.cache.open("rb") as fh:
            findings, pages = pickle.load(fh)  # noqa: S301 - our own file, written below
    else:
        findings, pages = all_findings(args.limit)
        if args.cache is not None:
            with args.cache.open("wb") as fh:
                pickle.dump((findings, pages), fh)
    if args.command == "counts":
        print(findings["aspect"].value_counts().to_string())
        return 0
    if args.command == "report":
        # a label counts while its finding is still produced, by the same rule (a finding whose
        # rule or role changed is judged again; its old label is reported as stale)
        rules = {key(r): str(r["rule"]) for _, r in findings.iterrows()}
        current = {k for k, rule in rules.items() if k not in labels or labels[k]["rule"] == rule}
        print(report(labels, current).to_string(index=False))
        return 0
    if args.aspect:
        findings = findings[findings["aspect"].isin(args.aspect)]
    drawn = sample(findings, args.n, args.seed)
    batch = drawn.iloc[args.batch * BATCH:(args.batch + 1) * BATCH]
    if args.command == "show":
        print(f"sample of {len(drawn)} ({dict(Counter(drawn['aspect']))}); batch {args.batch}: "
              f"{len(batch)} findings; {sum(key(r) in labels for _, r in drawn.iterrows())} labelled\n")
        for i, (_, r) in enumerate(batch.iterrows()):
            if not args.all and key(r) in labels and labels[key(r)]["rule"] == str(r["rule"]):
                print(f"#{i} (labelled {labels[key(r)]['verdict']})\n")
                continue
            print(f"#{i} " + describe(r, pages) + "\n")
        return 0
    # verdicts for the findings `show` printed: the batch's unlabelled ones (all with --all)
    todo = [r for _, r in batch.iterrows()
            if args.all or not (key(r) in labels and labels[key(r)]["rule"] == str(r["rule"]))]
    verdicts = args.verdicts.split()
    if len(verdicts) != len(todo) or any(v not in VERDICTS for v in verdicts):
        ap.error(f"judge needs {len(todo)} verdicts from {sorted(VERDICTS)}, got {len(verdicts)}")
    for r, v in zip(todo, verdicts, strict=True):
        labels[key(r)] = {"file": r["file"], "start": int(r["start"]), "end": int(r["end"]),
                          "aspect": r["aspect"], "value": str(r["value"]), "rule": r["rule"],
                          "verdict": VERDICTS[v]}
    write_labels(labels, args.labels)
    print(f"{len(labels)} labels in {args.labels}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
