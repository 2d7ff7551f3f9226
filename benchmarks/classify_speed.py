"""Speed of ``policylens.classify`` (default model), this tree against another commit, in one run.

    .venv/bin/python benchmarks/classify_speed.py                  # vs the commit before #13's classify work
    .venv/bin/python benchmarks/classify_speed.py --base main --rounds 3

Documents: the bundled seeds and ``policond2024/cleaned/*.html`` from ``../shared/corpora`` (read
in place, never copied), loaded and segmented once by this tree (cached as Parquet in ``--cache``,
outside the repository). Each version runs in its own process (``--base`` through a temporary
``git worktree`` on ``PYTHONPATH``); the versions alternate for ``--rounds`` rounds, so a change in
the machine's load affects both alike, and the best round counts. Only ``classify`` is timed,
after the default model is fitted, three ways:

* batch: every clause in one call; "cold" is the first call of the process (per-word caches
  empty), "warm" a second one;
* groups: one call per group of ``GROUP_DOCS`` policies, as ``analyze`` calls it;
* per document: one call per policy.

CPU seconds of the child process are reported (steadier than wall-clock time on a shared
machine), and the outputs of both versions are checked equal (``category``, ``categories`` and
``confidence`` on every row).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _base_tree  # noqa: E402
import _clauses  # noqa: E402

DEFAULT_BASE = "de00b4c"
#: documents per ``classify`` call in ``analyze`` (``analyze.GROUP_DOCS`` at the time of writing)
GROUP_DOCS = 32
WAYS = ("cold", "warm", "groups", "per_doc")


def clauses_table(cache: Path) -> pd.DataFrame:
    return _clauses.clauses_table(cache, _clauses.source_files((("policond2024", "cleaned"),)))


def child(table: Path, out: Path) -> None:
    """(In the child process) time the ways of calling ``classify``; write the batch output."""
    import policylens

    clauses = pd.read_parquet(table)
    policies = [g for _, g in clauses.groupby("policy", sort=False)]
    groups = [pd.concat(policies[i:i + GROUP_DOCS]) for i in range(0, len(policies), GROUP_DOCS)]
    policylens.classify(clauses.iloc[:1])  # fits the default model
    seconds = {}

    def timed(way, fn):
        t0 = time.process_time()
        result = fn()
        seconds[way] = time.process_time() - t0
        return result

    got = timed("cold", lambda: policylens.classify(clauses))
    timed("warm", lambda: policylens.classify(clauses))
    timed("groups", lambda: [policylens.classify(g) for g in groups])
    timed("per_doc", lambda: [policylens.classify(p) for p in policies])
    got[["category", "categories", "confidence"]].assign(categories=got["categories"].map(list)).to_parquet(out)
    print(json.dumps(seconds))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=DEFAULT_BASE, help="commit to compare with (default: %(default)s)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/classify_speed_clauses.parquet"))
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0

    clauses = clauses_table(args.cache)
    print(f"{len(clauses)} clauses of {clauses['policy'].nunique()} documents; base {args.base}")
    best = {"old": {}, "new": {}}
    with tempfile.TemporaryDirectory(prefix="classify-speed-") as tmp, _base_tree.base_tree(args.base) as old_tree:
        table = Path(tmp) / "clauses.parquet"
        clauses.to_parquet(table)
        for _ in range(max(1, args.rounds)):
            for name, tree in (("old", old_tree), ("new", _base_tree.ROOT)):
                out = Path(tmp) / f"{name}.parquet"
                seconds = json.loads(_base_tree.run_in(tree, [__file__, "--child", str(table), str(out)]).splitlines()[-1])
                for way, value in seconds.items():
                    best[name][way] = min(value, best[name].get(way, float("inf")))
        old, new = pd.read_parquet(Path(tmp) / "old.parquet"), pd.read_parquet(Path(tmp) / "new.parquet")
    for name in ("old", "new"):
        print(f"{name}: CPU seconds " + ", ".join(f"{way} {best[name][way]:.2f}" for way in WAYS))
    print("new / old CPU time: " + ", ".join(f"{way} {best['new'][way] / best['old'][way]:.2f}" for way in WAYS))
    equal = (old["category"].equals(new["category"]) and old["confidence"].equals(new["confidence"])
             and all(list(a) == list(b) for a, b in zip(old["categories"], new["categories"], strict=True)))
    print(f"equal outputs: {equal}")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
