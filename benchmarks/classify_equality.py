"""Old vs new ``policylens.classify``: the same clauses, the same categories?

    .venv/bin/python benchmarks/classify_equality.py                 # vs the commit before #13's classify work
    .venv/bin/python benchmarks/classify_equality.py --base main~3

The clauses of the bundled seeds, ``policond2024/cleaned/*.html`` and OPP-115
``sanitized_policies/*.html`` (from ``../shared/corpora``, read in place, never copied) are
segmented once by the current code and cached as Parquet outside the repository, plus the
segments of OPP-115's train and validation splits as clause texts. The same tables are then
classified with the default model by the current tree and by ``--base`` (a temporary
``git worktree``, run through ``PYTHONPATH``), each in its own process. Printed: rows whose
``category`` or ``categories`` differ (per source) and the largest ``confidence`` gap.
Exit status 1 when a label differs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _base_tree  # noqa: E402
import _clauses  # noqa: E402

#: the commit before the classifier became the ``classify/`` package (issue 13)
DEFAULT_BASE = "de00b4c"


def inputs(cache: Path) -> pd.DataFrame:
    """Clause tables of every source, one frame with a ``source`` column."""
    from policylens import config
    from policylens.datasets.opp115 import load_opp115_split

    sources = {"seeds": (), "policond2024": (("policond2024", "cleaned"),),
               "opp115 policies": (("opp115", "sanitized_policies"),)}
    frames = []
    for name, folders in sources.items():
        files = _clauses.source_files(folders)
        if folders:  # source_files() always starts with the seeds
            files = [f for f in files if f.parent != config.bundled_policies_dir()]
        if files:
            part = cache.with_name(f"{cache.stem}-{name.replace(' ', '-')}.parquet")
            frames.append(_clauses.clauses_table(part, files).assign(source=name))
    for split in ("train", "validation"):
        try:
            segments = load_opp115_split(split)
        except Exception as exc:  # corpora absent: the policies alone
            print(f"note: OPP-115 {split} split not read ({exc})")
            continue
        frames.append(pd.DataFrame({"text": segments["text"].astype("string"), "source": f"opp115 {split} segments"}))
    return pd.concat(frames, ignore_index=True)


def classify_to(table: Path, out: Path) -> None:
    """(In the child process) classify ``table`` with whichever policylens is on the path."""
    import policylens

    frame = pd.read_parquet(table)
    got = policylens.classify(frame.drop(columns="source"))
    got = got[["category", "categories", "confidence"]].assign(categories=got["categories"].map(list))
    got.to_parquet(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default=DEFAULT_BASE, help="commit to compare with (default: %(default)s)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/classify_equality_clauses.parquet"))
    ap.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        classify_to(*args.child)
        return 0

    with tempfile.TemporaryDirectory(prefix="classify-equality-") as tmp:
        table = Path(tmp) / "input.parquet"
        frame = inputs(args.cache)
        frame.to_parquet(table)
        outs = {}
        with _base_tree.base_tree(args.base) as old_tree:
            for name, tree in (("old", old_tree), ("new", _base_tree.ROOT)):
                outs[name] = Path(tmp) / f"{name}.parquet"
                _base_tree.run_in(tree, [__file__, "--child", str(table), str(outs[name])])
        old, new = pd.read_parquet(outs["old"]), pd.read_parquet(outs["new"])
    print(f"{len(frame)} clauses; base {args.base}")
    status = 0
    for source, rows in frame.groupby("source").groups.items():
        a, b = old.loc[rows], new.loc[rows]
        category = int((a["category"] != b["category"]).sum())
        categories = sum(list(x) != list(y) for x, y in zip(a["categories"], b["categories"], strict=True))
        gap = float(np.abs(a["confidence"].to_numpy() - b["confidence"].to_numpy()).max())
        print(f"{source}: {len(rows)} clauses, category differs on {category}, "
              f"categories on {categories}, confidence gap {gap:.3g}")
        status |= bool(category or categories)
    print("identical labels" if not status else "LABELS DIFFER")
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
