"""Product names read from real pages (policylens.io.names): judged verdicts on C3PA DB pages.

``benchmarks/names_labels.csv`` holds, per judged page, a short hash of the product policylens
derived when it was judged (``none`` for None), the verdict and a reason in the judge's words --
never the page's text or the name itself. Verdicts:

* ``right``: the name is the product, service or site the policy covers;
* ``wrong``: it is something else (a law, a place, a phrase, another company...);
* ``none_ok``: None, and the page names no product beyond its legal entity;
* ``missed``: None, though the page's title or opening names the product.

A page whose derived product changed since it was judged is reported as ``rejudge`` (its hash
differs) and left out of the scores; ``--show`` prints page, derivation and name for reading::

    PYTHONPATH=src python benchmarks/names.py            # scores on the judged pages
    PYTHONPATH=src python benchmarks/names.py --draw 40 --seed 5 --show   # a draw to judge

Precision = right / (right + wrong); coverage = named pages / judged pages.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import sys
import tempfile
from pathlib import Path

import policylens as pl
from policylens.io.names import product_in_text

sys.path.insert(0, str(Path(__file__).parent))
from boilerplate import c3pa_folder  # noqa: E402

LABELS = Path(__file__).with_name("names_labels.csv")


def product_hash(product: str | None) -> str:
    return "none" if product is None else hashlib.sha256(product.encode()).hexdigest()[:12]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draw", type=int, default=0, help="draw this many pages instead of the judged ones")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--show", action="store_true", help="print page, source and derived name")
    ap.add_argument("--tmp", type=Path, default=Path(tempfile.gettempdir()) / "policylens-c3pa")
    args = ap.parse_args(argv)
    folder = c3pa_folder(args.tmp)
    labels = {}
    if LABELS.exists():
        with LABELS.open(encoding="utf-8", newline="") as fh:
            labels = {int(r["page"]): r for r in csv.DictReader(fh)}
    if args.draw:
        pages = sorted(int(p.stem) for p in folder.glob("*.html"))
        pages = sorted(random.Random(args.seed).sample(pages, args.draw))
    else:
        pages = sorted(labels)
    counts: dict[str, int] = {}
    for page in pages:
        try:
            policy = pl.load(folder / f"{page}.html")
        except pl.PolicyLoadError as exc:
            print(f"{page}: {exc}")
            continue
        product = policy.product
        source = "text" if product is not None and product_in_text(policy.text) == product else \
            "title" if product is not None else "-"
        row = labels.get(page)
        verdict = "unjudged" if row is None else (
            row["verdict"] if row["product_sha"] == product_hash(product) else "rejudge")
        counts[verdict] = counts.get(verdict, 0) + 1
        if args.show:
            print(f"{page:5d} {product_hash(product):12} {source:5} {verdict:9} {product!r}")
    right, wrong = counts.get("right", 0), counts.get("wrong", 0)
    judged = sum(counts.get(v, 0) for v in ("right", "wrong", "none_ok", "missed"))
    print(f"pages {len(pages)}; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if judged:
        print(f"precision {right / max(right + wrong, 1):.3f} (right {right}, wrong {wrong}); "
              f"coverage {(right + wrong) / judged:.3f}; missed {counts.get('missed', 0)}, "
              f"none_ok {counts.get('none_ok', 0)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
