"""Findings of an old checkout against this one, over the seeds, policond2024 and OPP-115.

Both sides extract from the same clauses (segmented once by this checkout), each in its own
process with its own ``PYTHONPATH``, so only the extraction code differs. Rows are compared on
every finding column except ``guard`` (new); the differing rows are printed per aspect.

    git worktree add --detach /tmp/base <commit>
    PYTHONPATH=src .venv/bin/python benchmarks/extract_equivalence.py --old /tmp/base/src
    ... --limit 40 --show 20 --out /tmp/diff.csv
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"
KEY = ["policy", "clause_id", "aspect", "value", "start", "end", "evidence", "rule", "number",
       "min_days", "max_days", "data_category", "condition", "role"]

_RUN = """
import sys, time, pandas as pd
from policylens.extract import extract
clauses = pd.read_parquet(sys.argv[1])
t = time.perf_counter()
out = [extract(g) for _, g in clauses.groupby("policy", sort=False)]
print(f"{time.perf_counter() - t:.2f}", file=sys.stderr)
pd.concat(out, ignore_index=True).to_parquet(sys.argv[2])
"""


def _clauses(limit: int | None, cache: Path) -> pd.DataFrame:
    sys.path.insert(0, str(HERE))
    from _clauses import source_files

    import policylens as pl

    files = source_files()
    if limit:
        files = files[:limit]
    frames = []
    for p in files:
        clauses = pl.segment(pl.load(p)).copy()
        clauses["policy"] = f"{p.parent.name}/{p.name}"  # (ids unique across corpora)
        frames.append(clauses)
    table = pd.concat(frames, ignore_index=True)
    table.to_parquet(cache)
    return table


def _extract(src: str, clauses: Path, out: Path) -> tuple[pd.DataFrame, float]:
    done = subprocess.run([sys.executable, "-c", _RUN, str(clauses), str(out)], env={"PYTHONPATH": src},
                          capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"extraction with {src} failed:\n{done.stderr}")
    return pd.read_parquet(out), float(done.stderr.strip().splitlines()[-1])


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[KEY].astype(object).where(frame[KEY].notna(), None)
    return out


def compare(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rows in only one of the tables (column ``side``: "old" / "new")."""
    a, b = _rows(old), _rows(new)
    merged = a.merge(b, how="outer", on=KEY, indicator=True)
    diff = merged[merged["_merge"] != "both"].copy()
    diff["side"] = diff["_merge"].map({"left_only": "old", "right_only": "new"})
    return diff.drop(columns="_merge").sort_values(["policy", "clause_id", "aspect", "start"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", required=True, help="src folder of the old checkout")
    ap.add_argument("--new", default=str(SRC), help="src folder of the new checkout (this one)")
    ap.add_argument("--limit", type=int, default=None, help="first N files only")
    ap.add_argument("--show", type=int, default=30, help="differing rows to print")
    ap.add_argument("--out", type=Path, default=None, help="write the differing rows as CSV")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "clauses.parquet"
        t = time.perf_counter()
        clauses = _clauses(args.limit, cache)
        print(f"{clauses['policy'].nunique()} policies, {len(clauses)} clauses "
              f"(segmented in {time.perf_counter() - t:.1f}s)")
        old, t_old = _extract(args.old, cache, Path(tmp) / "old.parquet")
        new, t_new = _extract(args.new, cache, Path(tmp) / "new.parquet")
    print(f"findings: old {len(old)} ({t_old:.1f}s), new {len(new)} ({t_new:.1f}s)")
    diff = compare(old, new)
    print(f"differing rows: {len(diff)}")
    if len(diff):
        print(diff.groupby(["aspect", "side"]).size().unstack(fill_value=0).to_string())
        with pd.option_context("display.width", 200, "display.max_colwidth", 60):
            print(diff.head(args.show)[["side", "policy", "aspect", "value", "rule", "evidence"]].to_string())
    if args.out:
        diff.to_csv(args.out, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
