"""Equality check of the compliance cue hits (``policylens.compliance.find_cues``) against a baseline.

    PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/cue_equality.py --save-baseline /tmp/cues_base.parquet
    PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/cue_equality.py --baseline /tmp/cues_base.parquet

Documents: the bundled seeds, ``policond2024/cleaned/*.html``, GoPPC-150 policies 1-75 and the
C3PA DB half, from ``../shared/corpora`` (read in place, never copied). They are segmented once
(cached as Parquet in ``--cache``, outside the repository); ``find_cues`` is timed. With
``--baseline`` the hits must be identical to the saved ones (same rows, same order, same values);
otherwise the rows only in one table are counted per rule and the first few are shown (offsets
and rule only).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _clauses  # noqa: E402


def _policies() -> list:
    from compliance_eval import goppc_policy

    import policylens as pl
    from policylens.datasets.c3pa import load_c3pa
    from policylens.datasets.goppc150 import load_goppc150

    out = [pl.load(p) for p in _clauses.source_files((("policond2024", "cleaned"),))]
    nodes = load_goppc150()
    nodes = nodes[nodes["policy"] <= 75]
    out += [goppc_policy(g) for _, g in nodes.groupby("policy", sort=True)]
    ann = load_c3pa(subsets=("DB",))
    for n in sorted(ann["number"].unique()):
        path = ann.loc[ann["number"] == n, "html_path"].iloc[0]
        if not path:
            continue
        try:
            p = pl.load(path)
        except Exception as exc:  # noqa: BLE001 - a broken page is reported, not fatal
            print(f"DB/{n}: {exc}", file=sys.stderr)
            continue
        p.id = f"DB/{n}"
        out.append(p)
    return out


def clauses_table(cache: Path) -> pd.DataFrame:
    import policylens as pl

    if not cache.exists():
        pd.concat([pl.segment(p) for p in _policies()], ignore_index=True).to_parquet(cache)
    return pd.read_parquet(cache)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cue_equality_clauses.parquet"))
    ap.add_argument("--baseline", type=Path, help="compare the hits with this saved table")
    ap.add_argument("--save-baseline", type=Path, help="write the hits here")
    args = ap.parse_args(argv)

    from policylens.compliance import find_cues

    clauses = clauses_table(args.cache)
    find_cues(clauses.head(50))  # warm up: imports, YAML, regex compilation
    t0 = time.perf_counter()
    hits = find_cues(clauses)
    print(f"find_cues: {clauses['policy'].nunique()} documents, {len(clauses)} clauses, {len(hits)} hits: "
          f"{time.perf_counter() - t0:.2f} s")
    if args.save_baseline:
        hits.to_parquet(args.save_baseline)
        print(f"baseline written to {args.save_baseline}")
    if args.baseline:
        base = pd.read_parquet(args.baseline)
        tmp = args.baseline.with_suffix(".current.parquet")
        hits.to_parquet(tmp)  # same round trip as the baseline
        now = pd.read_parquet(tmp)
        try:
            pd.testing.assert_frame_equal(base, now)
        except AssertionError:
            keys = list(base.columns)
            both = base.merge(now, on=keys, how="outer", indicator=True)
            for side, label in (("left_only", "only in the baseline"), ("right_only", "only now")):
                rows = both[both["_merge"] == side]
                print(f"{len(rows)} rows {label}: {rows['rule'].value_counts().to_dict()}")
                print(rows[["policy", "clause_id", "rule", "kind", "start", "end"]].head(20).to_string())
            print(f"DIFFERENT from the baseline ({len(base)} rows, now {len(now)})")
            return 1
        print(f"identical to the baseline: {len(base)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
