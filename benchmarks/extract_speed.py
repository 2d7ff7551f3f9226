"""Speed of ``policylens.extract`` alone, and an equality check of its findings against a baseline.

    .venv/bin/python benchmarks/extract_speed.py --save-baseline /tmp/extract_baseline.parquet
    .venv/bin/python benchmarks/extract_speed.py --baseline /tmp/extract_baseline.parquet
    .venv/bin/python benchmarks/extract_speed.py --baseline /tmp/extract_baseline.parquet \
        --aspects right,law --per-module
    # an older tree, timed in the same way (git worktree add /tmp/old REV):
    PYTHONPATH=/tmp/old/src .venv/bin/python benchmarks/extract_speed.py --per-document

Documents: the bundled seeds, ``policond2024/cleaned/*.html`` and OPP-115
``sanitized_policies/*.html`` from ``../shared/corpora`` (read in place, never copied). They are
loaded and segmented once (cached as Parquet in ``--cache``, outside the repository); only
``pl.extract`` is timed (best of ``--repeat`` runs). With ``--baseline`` the findings must be
identical to the saved ones: same rows, same order, same values (``--aspects``: only the rows of
those aspects, in their order). ``--per-document`` also times ``extract`` called once per document
(as ``analyze`` calls it, so the per-call work counts). ``--per-module`` adds one pass timing each aspect module on every
clause in ``extract``'s order (modules reading one clause share its literal scan, so the first
module that scans a clause is charged for it). ``--per-rule`` lists the rules whose regexes cost
most, with the clauses they ran on and their matches.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _clauses  # noqa: E402


def source_files() -> list[Path]:
    return _clauses.source_files()


def clauses_table(cache: Path) -> pd.DataFrame:
    return _clauses.clauses_table(cache, source_files())


def per_module_times(clauses: pd.DataFrame) -> dict[str, float]:
    """Seconds spent in each aspect module's ``extract_clause`` over all clauses (one pass)."""
    import importlib

    from policylens.extract import MODULES, _contexts
    from policylens.extract.rules import rule_set

    fns = [importlib.import_module(f"policylens.extract.{m}").extract_clause for m in MODULES]
    spent = [0.0] * len(fns)
    clock = time.perf_counter
    for ctx in _contexts(clauses, rule_set()):
        for i, fn in enumerate(fns):
            t0 = clock()
            fn(ctx)
            spent[i] += clock() - t0
    return dict(zip(MODULES, spent, strict=True))


def per_rule_times(clauses: pd.DataFrame, top: int = 25) -> list[tuple[str, float, int, int]]:
    """(rule, seconds of regex time, clauses it ran on, matches) of the costliest rules: each
    rule's live regexes run over every clause where the keyword scan makes them candidates
    (whole clauses; practices runs its cues per sentence, so its numbers are an upper bound)."""
    from policylens.extract.rules import rule_set

    rules = rule_set()
    cost: dict[str, list] = {}
    clock = time.process_time
    for text in clauses["text"].tolist():
        found = rules.candidates(text)
        for rule in rules.rules:
            live = rule.live(found)
            if not live:
                continue
            t0 = clock()
            n = sum(1 for rx in live for _ in rx.finditer(text))
            entry = cost.setdefault(f"{rule.source}:{rule.id}", [0.0, 0, 0])
            entry[0] += clock() - t0
            entry[1] += 1
            entry[2] += n
    ranked = sorted(cost.items(), key=lambda kv: -kv[1][0])[:top]
    return [(name, seconds, runs, hits) for name, (seconds, runs, hits) in ranked]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/extract_speed_clauses.parquet"))
    ap.add_argument("--baseline", type=Path, help="compare the findings with this saved table")
    ap.add_argument("--save-baseline", type=Path, help="write the findings here")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--aspects", help="comma-separated aspects: compare only their rows with the baseline")
    ap.add_argument("--per-module", action="store_true", help="also time each aspect module")
    ap.add_argument("--per-rule", action="store_true",
                    help="also list the rules whose regexes cost most (CPU s, clauses run on, matches): "
                         "a rule run on many clauses for few matches needs sharper keywords")
    ap.add_argument("--per-document", action="store_true",
                    help="also time extract called once per document, as analyze calls it")
    args = ap.parse_args(argv)

    import policylens as pl

    clauses = clauses_table(args.cache)
    n_docs = clauses["policy"].nunique()
    pl.extract(clauses.head(50))  # warm up: imports, YAML, regex compilation
    best = float("inf")
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        findings = pl.extract(clauses)
        best = min(best, time.perf_counter() - t0)
    print(f"extract: {n_docs} documents, {len(clauses)} clauses, {len(findings)} findings: "
          f"{best:.2f} s, {n_docs / best:.1f} docs/s")
    if args.per_document:
        docs = [group for _, group in clauses.groupby("policy", sort=False)]
        best_doc = float("inf")
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            for doc in docs:
                pl.extract(doc)
            best_doc = min(best_doc, time.perf_counter() - t0)
        print(f"extract once per document: {best_doc:.2f} s, {n_docs / best_doc:.1f} docs/s")
    if args.per_module:
        for module, seconds in per_module_times(clauses).items():
            print(f"  {module:12s} {seconds:6.2f} s")
    if args.per_rule:
        for name, seconds, runs, hits in per_rule_times(clauses):
            print(f"  {seconds:6.3f} s  {runs:6d} clauses  {hits:6d} matches  {name}")
    if args.save_baseline:
        findings.to_parquet(args.save_baseline)
        print(f"baseline written to {args.save_baseline}")
    if args.baseline:
        base = pd.read_parquet(args.baseline)
        tmp = args.baseline.with_suffix(".current.parquet")
        findings.to_parquet(tmp)  # same round trip as the baseline
        now = pd.read_parquet(tmp)
        if args.aspects:
            wanted = [a.strip() for a in args.aspects.split(",") if a.strip()]
            base = base[base["aspect"].isin(wanted)].reset_index(drop=True)
            now = now[now["aspect"].isin(wanted)].reset_index(drop=True)
        try:
            pd.testing.assert_frame_equal(now, base, check_exact=True)
        except AssertionError as exc:
            print("findings DIFFER from the baseline:", str(exc)[:2000])
            return 1
        print(f"findings identical to the baseline ({len(base)} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
