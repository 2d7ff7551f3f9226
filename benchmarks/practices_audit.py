"""Reading audit of the data-practice findings on policond2024 (issue #14).

The same procedure as ``benchmarks/audit.py`` (whose sampling, display and report functions this
reuses), restricted to the aspects data_collected, data_disclosed, data_sold_shared, purpose,
recipient and data_source, with its own labels file (page, offsets, aspect, value, rule, verdict:
never text). Precision per aspect = correct / judged.

    export POLICYLENS_CORPORA=/work/shared/corpora C=--cache=/tmp/practices_audit.pkl
    PYTHONPATH=src:benchmarks python benchmarks/practices_audit.py show $C > /tmp/audit.txt  # unjudged, all batches
    PYTHONPATH=src:benchmarks python benchmarks/practices_audit.py judge 0 "c c w d ..." $C  # batch 0's unjudged
    PYTHONPATH=src:benchmarks python benchmarks/practices_audit.py judge -1 "c c ...|c w ...|..." $C  # every batch
    PYTHONPATH=src:benchmarks python benchmarks/practices_audit.py report $C
    PYTHONPATH=src:benchmarks python benchmarks/practices_audit.py prune $C  # drop labels no finding matches

A label is keyed by page, offsets, aspect, value and polarity; after rules change, findings new to
the draw are shown for judging and the others keep their verdicts. ``--cache`` (outside the
repository) holds one extraction run: delete it after changing the code.
"""

from __future__ import annotations

import argparse
import csv
import pickle
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from audit import (  # noqa: E402 - the sibling benchmark script
    BATCH,
    VERDICTS,
    all_findings,
    describe,
    key,
    report,
    sample,
)
from audit import FIELDS as AUDIT_FIELDS  # noqa: E402

from policylens.extract.practices import ASPECTS  # noqa: E402

LABELS = Path(__file__).with_name("practices_audit_labels.csv")


FIELDS = (*AUDIT_FIELDS, "polarity")


def pkey(row) -> tuple:  # noqa: ANN001
    """A finding's identity for its label: the audit key plus its polarity (a finding whose
    polarity flips is judged again)."""
    return (*key(row), str(row["polarity"]))


def read_plabels(path: Path = LABELS) -> dict[tuple, dict]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {(r["file"], int(r["start"]), int(r["end"]), r["aspect"], r["value"], r["polarity"]): r
                for r in csv.DictReader(fh)}


def write_plabels(labels: dict[tuple, dict], path: Path = LABELS) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        for k in sorted(labels):
            writer.writerow({f: labels[k][f] for f in FIELDS})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("show", "judge", "report", "counts", "prune"))
    ap.add_argument("batch", nargs="?", type=int, default=-1)
    ap.add_argument("verdicts", nargs="?", default="")
    ap.add_argument("--n", type=int, default=180)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--all", action="store_true", help="show/judge: also findings already labelled")
    ap.add_argument("--cache", type=Path, default=None,
                    help="pickle of the extracted findings and pages (reused while judging batches; "
                         "written when missing; keep it outside the repository)")
    args = ap.parse_args()
    labels = read_plabels(LABELS)
    if args.cache is not None and args.cache.exists():
        with args.cache.open("rb") as fh:
            findings, pages = pickle.load(fh)  # noqa: S301 - our own file, written below
    else:
        findings, pages = all_findings()
        if args.cache is not None:
            with args.cache.open("wb") as fh:
                pickle.dump((findings, pages), fh)
    findings = findings[findings["aspect"].isin(ASPECTS)].reset_index(drop=True)
    if args.command == "counts":
        print(findings["aspect"].value_counts().to_string())
        return 0
    current = {pkey(r) for _, r in findings.iterrows()}
    if args.command == "prune":
        # drop labels whose finding is no longer produced (e.g. after offsets changed upstream)
        kept = {k: v for k, v in labels.items() if k in current}
        write_plabels(kept, LABELS)
        print(f"pruned {len(labels) - len(kept)} stale labels; {len(kept)} kept")
        return 0
    drawn = sample(findings, args.n, args.seed)
    if args.command == "report":
        # the drawn sample (seed, n) is the measure; labels of findings outside it (earlier draws
        # whose findings are still produced) are reported too; a label whose finding is no longer
        # produced (or whose polarity changed) is stale, not counted
        in_draw = {pkey(r) for _, r in drawn.iterrows()}
        print(f"drawn sample (seed {args.seed}, n {len(drawn)}; {len(in_draw - set(labels))} not yet judged):")
        print(report({k: v for k, v in labels.items() if k in in_draw}, None).to_string(index=False))
        print("\nall labels of findings still produced (drawn or not):")
        print(report(labels, current).to_string(index=False))
        return 0
    batches = range(0, (len(drawn) + BATCH - 1) // BATCH) if args.batch < 0 else [args.batch]

    def todo(b: int) -> list:
        batch = drawn.iloc[b * BATCH:(b + 1) * BATCH]
        return [r for _, r in batch.iterrows() if args.all or pkey(r) not in labels]

    if args.command == "show":
        print(f"sample of {len(drawn)} ({dict(Counter(drawn['aspect']))}); "
              f"{sum(pkey(r) in labels for _, r in drawn.iterrows())} labelled\n")
        for b in batches:
            print(f"===== batch {b}: {len(todo(b))} to judge")
            for i, r in enumerate(todo(b)):
                print(f"[{i}] <{r['polarity']}{' ' + r['scope'] if r['scope'] else ''}> {describe(r, pages)}\n")
        return 0
    # judge B "v v v ..." (one batch) or judge -1 "v v ...|v v ...|..." (every batch, in order):
    # one verdict per finding `show` printed (the unlabelled ones; all with --all)
    groups = args.verdicts.split("|") if args.batch < 0 else [args.verdicts]
    pairs = []
    for b, text in zip(batches, groups, strict=True):
        rows, verdicts = todo(b), text.split()
        if len(verdicts) != len(rows) or any(v not in VERDICTS for v in verdicts):
            raise SystemExit(f"batch {b}: need {len(rows)} verdicts out of {sorted(VERDICTS)}")
        pairs += list(zip(rows, verdicts, strict=True))
    for r, v in pairs:
        labels[pkey(r)] = {"file": r["file"], "start": int(r["start"]), "end": int(r["end"]),
                           "aspect": r["aspect"], "value": r["value"], "rule": r["rule"],
                           "polarity": r["polarity"], "verdict": VERDICTS[v]}
    write_plabels(labels, LABELS)
    print(f"{len(labels)} labels in {LABELS.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
