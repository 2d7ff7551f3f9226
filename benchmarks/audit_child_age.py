"""Minimum child age on GoPPC-150 policies 1-75 against ages read from the policies.

GoPPC labels say which passages are about children (code 15), not the age. The gold in
``goppc_child_age_gold.csv`` was written by reading each policy's children passages: the
service's own minimum age (the highest general threshold under which the service is not for /
not open to / does not knowingly collect from people; a threshold for one feature such as
purchases is not it). Where a reader could defend two answers, both are accepted (``13|16``); an
empty alternative means "states none" is acceptable too. Only policy numbers, ages and a short
note are stored, never text.

Each policy goes through the real pipeline (GoPPC XML rendered to Markdown as in
``extract_eval.py`` -> ``segment`` -> ``extract`` -> ``policy_min_age``).

    .venv/bin/python benchmarks/audit_child_age.py            # summary + disagreements
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from pathlib import Path

from extract_eval import iter_goppc

from policylens.extract import extract
from policylens.extract.children import policy_min_age

GOLD = Path(__file__).with_name("goppc_child_age_gold.csv")


def read_gold(path: Path = GOLD) -> dict[int, set[int | None]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return {int(r["policy"]): {int(a) if a else None for a in r["min_age"].split("|")}
                for r in csv.DictReader(fh)}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=75)
    args = ap.parse_args(argv)
    gold = read_gold()
    stated = exact = none_ok = none_n = 0
    wrong = []
    for number, _policy, clauses, _nodes in iter_goppc(args.limit):
        if number not in gold:
            continue
        pred = policy_min_age(extract(clauses))
        ok = pred in gold[number]
        if any(a is not None for a in gold[number]):
            stated += 1
            exact += ok
        else:
            none_n += 1
            none_ok += ok
        if not ok:
            wrong.append((number, pred, sorted(gold[number], key=lambda a: -1 if a is None else a)))
    print(f"policies stating a minimum age: {stated}; exact: {exact} ({exact / stated:.3f})")
    print(f"policies stating none: {none_n}; no age extracted: {none_ok} ({none_ok / none_n:.3f})")
    for number, pred, accepted in wrong:
        print(f"  policy {number}: extracted {pred}, accepted {accepted}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
