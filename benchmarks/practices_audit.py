"""Reading audit of the data-practice findings on policond2024 (issue #14).

The same procedure as ``benchmarks/audit.py`` (whose sampling, display and report functions this
reuses), restricted to the aspects data_collected, data_disclosed, data_sold_shared, purpose,
recipient and data_source, with its own labels file (page, offsets, aspect, value, rule, verdict:
never text). Precision per aspect = correct / judged.

    PYTHONPATH=src python benchmarks/practices_audit.py show --n 180 > /tmp/audit.txt  # all batches
    PYTHONPATH=src python benchmarks/practices_audit.py judge 0 "c c w d ..."          # batch of 20
    PYTHONPATH=src python benchmarks/practices_audit.py judge -1 "c c ...|c w ...|..."  # all batches
    PYTHONPATH=src python benchmarks/practices_audit.py report
"""

from __future__ import annotations

import argparse
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
    read_labels,
    report,
    sample,
    write_labels,
)

from policylens.extract.practices import ASPECTS  # noqa: E402

LABELS = Path(__file__).with_name("practices_audit_labels.csv")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=("show", "judge", "report", "counts"))
    ap.add_argument("batch", nargs="?", type=int, default=-1)
    ap.add_argument("verdicts", nargs="?", default="")
    ap.add_argument("--n", type=int, default=180)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    labels = read_labels(LABELS)
    findings, pages = all_findings()
    findings = findings[findings["aspect"].isin(ASPECTS)].reset_index(drop=True)
    if args.command == "counts":
        print(findings["aspect"].value_counts().to_string())
        return 0
    if args.command == "report":
        current = {key(r) for _, r in findings.iterrows()}
        print(report(labels, current).to_string(index=False))
        return 0
    drawn = sample(findings, args.n, args.seed)
    batches = range(0, (len(drawn) + BATCH - 1) // BATCH) if args.batch < 0 else [args.batch]
    if args.command == "show":
        print(f"sample of {len(drawn)} ({dict(Counter(drawn['aspect']))})\n")
        for b in batches:
            print(f"===== batch {b}")
            for i, (_, r) in enumerate(drawn.iloc[b * BATCH:(b + 1) * BATCH].iterrows()):
                print(f"[{i}] <{r['polarity']}{' ' + r['scope'] if r['scope'] else ''}> {describe(r, pages)}\n")
        return 0
    # judge B "v v v ..." (one batch) or judge -1 "v v ...|v v ...|..." (every batch, in order)
    groups = args.verdicts.split("|") if args.batch < 0 else [args.verdicts]
    pairs = []
    for b, text in zip(batches, groups, strict=True):
        batch = drawn.iloc[b * BATCH:(b + 1) * BATCH]
        verdicts = text.split()
        if len(verdicts) != len(batch) or any(v not in VERDICTS for v in verdicts):
            raise SystemExit(f"batch {b}: need {len(batch)} verdicts out of {sorted(VERDICTS)}")
        pairs += list(zip((r for _, r in batch.iterrows()), verdicts, strict=True))
    for r, v in pairs:
        labels[key(r)] = {"file": r["file"], "start": int(r["start"]), "end": int(r["end"]),
                          "aspect": r["aspect"], "value": r["value"], "rule": r["rule"],
                          "verdict": VERDICTS[v]}
    write_labels(labels, LABELS)
    print(f"{len(labels)} labels in {LABELS.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
