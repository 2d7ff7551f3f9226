"""Speed of ``policylens.classify`` (default model) alone, and an equality check against a baseline.

    .venv/bin/python benchmarks/classify_speed.py --save-baseline /tmp/classify_baseline.parquet
    .venv/bin/python benchmarks/classify_speed.py --baseline /tmp/classify_baseline.parquet

Documents: the bundled seeds and ``policond2024/cleaned/*.html`` from ``../shared/corpora`` (read
in place, never copied). They are loaded and segmented once (cached as Parquet in ``--cache``,
outside the repository); only ``pl.classify(clauses)`` is timed (best of ``--repeat`` runs, after
the default model is fitted). With ``--baseline`` the outputs must match the saved ones: same
``category`` and ``categories`` on every row, ``confidence`` within 1e-12.

``--reference`` also times the straightforward implementation in the same run (one
``re.findall`` per category per text, every row featurised even when repeated, the vectorisers'
own ``transform``) and checks the fast path against it: a ratio measured in one run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _clauses  # noqa: E402

COLUMNS = ["category", "categories", "confidence"]


def source_files() -> list[Path]:
    return _clauses.source_files((("policond2024", "cleaned"),))


def clauses_table(cache: Path) -> pd.DataFrame:
    return _clauses.clauses_table(cache, source_files())


def differences(got: pd.DataFrame, want: pd.DataFrame) -> list[str]:
    """Human-readable differences between two classified tables (empty when equal)."""
    if len(got) != len(want):
        return [f"{len(got)} rows vs {len(want)}"]
    problems = []
    cat = got["category"].astype(str).to_numpy() != want["category"].astype(str).to_numpy()
    if cat.any():
        problems.append(f"category differs on {int(cat.sum())} rows, first at {int(np.flatnonzero(cat)[0])}")
    cats = [list(a) != list(b) for a, b in zip(got["categories"], want["categories"], strict=True)]
    if any(cats):
        problems.append(f"categories differ on {sum(cats)} rows")
    gap = np.abs(got["confidence"].to_numpy(float) - want["confidence"].to_numpy(float))
    if gap.size and gap.max() > 1e-12:
        problems.append(f"confidence differs by up to {gap.max():.3g}")
    return problems


def timed(fn, repeat: int) -> tuple[float, pd.DataFrame]:
    best, out = float("inf"), None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/classify_speed_clauses.parquet"))
    ap.add_argument("--baseline", type=Path, help="compare the outputs with this saved table")
    ap.add_argument("--save-baseline", type=Path, help="write the outputs here")
    ap.add_argument("--reference", action="store_true", help="also time the unoptimised path")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)

    import policylens as pl
    cl = importlib.import_module("policylens.classify")

    clauses = clauses_table(args.cache)
    n_docs = clauses["policy"].nunique()
    cl.default_model()  # fitted once per process, not part of the timing
    seconds, out = timed(lambda: pl.classify(clauses), args.repeat)
    print(f"classify: {len(clauses)} clauses of {n_docs} documents in {seconds:.2f} s "
          f"({len(clauses) / seconds:.0f} clauses/s)")
    status = 0
    if args.reference:
        with cl.reference_mode():
            ref_seconds, ref = timed(lambda: pl.classify(clauses), 1)
        problems = differences(out, ref)
        print(f"reference (unoptimised) path: {ref_seconds:.2f} s; speed-up x{ref_seconds / seconds:.1f}; "
              f"equal: {not problems}")
        for p in problems:
            print("  ", p)
        status |= bool(problems)
    if args.save_baseline:
        out[COLUMNS].assign(categories=out["categories"].map(list)).to_parquet(args.save_baseline)
        print(f"saved {args.save_baseline}")
    if args.baseline:
        problems = differences(out, pd.read_parquet(args.baseline))
        print(f"equal to baseline {args.baseline}: {not problems}")
        for p in problems:
            print("  ", p)
        status |= bool(problems)
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
