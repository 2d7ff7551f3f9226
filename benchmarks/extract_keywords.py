"""Are the rules' keywords conservative and selective on real policies?

For every rule (and every regex of a rule with per-regex keywords) over the clauses of the seeds,
policond2024 and OPP-115: the clauses where the regex matches, the clauses where the prefilter
makes it a candidate, and the violations (a match in a clause where it is no candidate; must be
0). The selectivity column (matching / candidate clauses) shows which keywords are worth
sharpening.

    PYTHONPATH=src .venv/bin/python benchmarks/extract_keywords.py [--limit N] [--top 25]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))


def table(texts: list[str]) -> pd.DataFrame:
    """One row per (rule, regex): matches, candidates, violations."""
    from policylens.extract.rules import rule_set

    rs = rule_set()
    cands = [rs.candidates(t) for t in texts]
    rows = []
    for rule in rs.rules:
        for i, rx in enumerate(rule.regexes):
            matches = candidates = violations = 0
            for text, found in zip(texts, cands, strict=True):
                live = rx in rule.live(found)
                candidates += live
                if rx.search(text):
                    matches += 1
                    violations += not live
            rows.append({"aspect": rule.aspect, "rule": rule.id, "regex": i, "matches": matches,
                         "candidates": candidates, "violations": violations,
                         "selectivity": matches / candidates if candidates else 1.0})
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N policy files only")
    ap.add_argument("--top", type=int, default=25, help="least selective rows to print")
    args = ap.parse_args(argv)
    from _clauses import source_files

    import policylens as pl

    files = source_files()[: args.limit] if args.limit else source_files()
    texts = [t for p in files for t in pl.segment(pl.load(p))["text"]]
    out = table(texts)
    print(f"{len(files)} policies, {len(texts)} clauses, {len(out)} rule regexes")
    print(f"violations (a match outside the candidates; must be 0): {int(out['violations'].sum())}")
    if out["violations"].any():
        print(out[out["violations"] > 0].to_string(index=False))
    print(out.sort_values("candidates", ascending=False).head(args.top).to_string(index=False))
    return 1 if out["violations"].any() else 0


if __name__ == "__main__":
    raise SystemExit(main())
