"""Every table of ``compare()`` and ``analyze()`` before and after a change, compared.

    .venv/bin/python benchmarks/identity.py                    # against the merge base with main
    .venv/bin/python benchmarks/identity.py --base de00b4c     # against any commit
    .venv/bin/python benchmarks/identity.py --corpora seeds    # only the bundled seeds

The base commit is checked out with ``git worktree`` into a temporary folder and this script runs
itself twice in fresh processes, once with ``PYTHONPATH`` = the base's ``src/`` and once with this
checkout's ``src/``. Each run writes every table to pickles:

* ``compare(paths)`` (in memory): policies, clauses, findings and every derived table;
* ``analyze(paths, out)`` (Parquet): the three tables as read back, the skipped files, and every
  table of ``compare(out)`` on that folder.

for the seeds (``data/policies``), policond2024 (``cleaned/*.html``) and OPP-115
(``sanitized_policies/*.html``) from ``../shared/corpora`` (research-only: read in place, nothing
is copied). The tables must be equal cell for cell and dtype for dtype, except for the deliberate
changes in ``DELIBERATE`` (each is applied to the base's tables and counted, so that the report
says how many cells each one changed). Exit status 1 when a table differs otherwise.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DERIVED = ("rights", "transfers", "legal_bases", "laws", "destinations", "retention", "children",
           "coverage")


# --------------------------------------------------------------------------- dumping (one side)


def corpus_files(name: str) -> list[str]:
    from policylens import config

    if name == "seeds":  # this checkout's copy on both sides (``source`` holds the path)
        return sorted(str(p) for p in (ROOT / "data" / "policies").glob("*.txt"))
    sub = {"policond2024": "cleaned", "opp115": "sanitized_policies"}[name]
    return sorted(str(p) for p in (config.corpus_dir(name) / sub).glob("*.html"))


def report_tables(report) -> dict[str, pd.DataFrame]:
    tables = {name: getattr(report, name) for name in ("policies", "clauses", "findings", *DERIVED)}
    return {name: frame.copy() for name, frame in tables.items()}


def dump(out: Path, corpora: list[str]) -> None:
    import policylens

    out.mkdir(parents=True, exist_ok=True)
    for name in corpora:
        files = corpus_files(name)
        if not files:
            print(f"{name}: no files, skipped", file=sys.stderr)
            continue
        tables = {f"compare.{k}": v for k, v in
                  report_tables(policylens.compare(files, errors="skip")).items()}
        with tempfile.TemporaryDirectory() as tmp:
            summary = policylens.analyze(files, Path(tmp) / "out")
            for table in ("policies", "clauses", "findings"):
                tables[f"parquet.{table}"] = pd.read_parquet(Path(tmp) / "out" / f"{table}.parquet")
            tables["analyze.skipped"] = summary.skipped.reset_index(drop=True)
            tables.update({f"analyzed.{k}": v for k, v in
                           report_tables(policylens.compare(Path(tmp) / "out")).items()})
        with open(out / f"{name}.pkl", "wb") as fh:
            pickle.dump(tables, fh)
        print(f"{name}: {len(files)} files, {len(tables)} tables", file=sys.stderr)


# --------------------------------------------------------------------------- deliberate changes


def _joined_to_list(value):
    """The base's ';'-joined list columns (``contact_emails``, ``third_party_services``)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        return [v for v in value.split(";") if v]
    return list(value)


def _listify(frame: pd.DataFrame, column: str) -> int:
    if column not in frame.columns or frame[column].dtype == object and all(
            isinstance(v, list) for v in frame[column]):
        return 0
    frame[column] = pd.Series([_joined_to_list(v) for v in frame[column]], index=frame.index,
                              dtype=object)
    return len(frame)


def _dpo_unknown(old: pd.DataFrame, new: pd.DataFrame) -> int:
    """``has_dpo`` was False when the policy says nothing; now <NA> (unknown is not no)."""
    if "has_dpo" not in old.columns or "has_dpo" not in new.columns or len(old) != len(new):
        return 0
    was_false = old["has_dpo"].astype("boolean").fillna(True).eq(False).to_numpy()
    now_na = new["has_dpo"].astype("boolean").isna().to_numpy()
    changed = was_false & now_na
    column = old["has_dpo"].astype("boolean")
    column[changed] = pd.NA
    old["has_dpo"] = column
    return int(changed.sum())


def _new_column(name: str):
    """A column the base does not have: taken from the new table into the base's, at its place."""
    def change(old: pd.DataFrame, new: pd.DataFrame) -> int:
        if name in old.columns or name not in new.columns or len(old) != len(new):
            return 0
        old.insert(list(new.columns).index(name), name, new[name].to_numpy())
        old[name] = old[name].astype(new[name].dtype)
        return len(new)
    return change


#: (description, function(old table, new table) -> cells changed) per table-name suffix
DELIBERATE = {
    "policies": [
        ("language: new column (Policy.language, io)", _new_column("language")),
        ("contact_emails: ';'-joined string -> list of str",
         lambda old, new: _listify(old, "contact_emails")),
        ("third_party_services: ';'-joined string -> list of str",
         lambda old, new: _listify(old, "third_party_services")),
        ("has_dpo: False -> <NA> where no finding states it (unknown is not no)", _dpo_unknown),
    ],
}


# --------------------------------------------------------------------------- comparing


def _normalise_lists(frame: pd.DataFrame) -> pd.DataFrame:
    """Object cells holding arrays (Parquet lists) as lists, so frames compare cell by cell."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = pd.Series([v.tolist() if hasattr(v, "tolist") and not isinstance(v, str)
                                     else v for v in out[column]], index=out.index, dtype=object)
    return out


def compare_dumps(old_dir: Path, new_dir: Path) -> bool:
    ok = True
    for path in sorted(new_dir.glob("*.pkl")):
        with open(path, "rb") as fh:
            new = pickle.load(fh)
        base = old_dir / path.name
        if not base.exists():
            print(f"{path.stem}: no base dump")
            ok = False
            continue
        with open(base, "rb") as fh:
            old = pickle.load(fh)
        for name in sorted(set(old) | set(new)):
            if name not in old or name not in new:
                print(f"{path.stem} {name}: only in {'new' if name in new else 'base'}")
                ok = False
                continue
            a, b = _normalise_lists(old[name]), _normalise_lists(new[name])
            notes = []
            for suffix, changes in DELIBERATE.items():
                if name.endswith("." + suffix):
                    for what, change in changes:
                        n = change(a, b)
                        if n:
                            notes.append(f"{what} ({n} cells)")
            try:
                pd.testing.assert_frame_equal(a, b, check_exact=True)
            except AssertionError as exc:
                ok = False
                print(f"{path.stem} {name}: DIFFERS ({a.shape} vs {b.shape})\n  {str(exc)[:800]}")
                continue
            print(f"{path.stem} {name}: identical {b.shape}" + (f"; deliberate: {'; '.join(notes)}"
                                                                 if notes else ""))
        # the in-memory and Parquet paths give the same policies frame (new side)
        if "compare.policies" in new and "analyzed.policies" in new:
            try:
                pd.testing.assert_frame_equal(_normalise_lists(new["compare.policies"]),
                                              _normalise_lists(new["analyzed.policies"]),
                                              check_exact=True)
                print(f"{path.stem}: compare() and compare(analyze output) policies: identical")
            except AssertionError as exc:
                print(f"{path.stem}: compare() vs compare(analyze output) policies differ "
                      f"(informational): {str(exc)[:300]}")
    return ok


def run_side(src: Path, out: Path, corpora: list[str]) -> None:
    from policylens import config

    # the same corpora on both sides (the default path is relative to the checkout)
    env = dict(os.environ, PYTHONPATH=str(src), POLICYLENS_CORPORA=str(config.corpora_path()))
    subprocess.run([sys.executable, __file__, "--dump", str(out), "--corpora", ",".join(corpora)],
                   env=env, check=True, cwd=src.parent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default=None, help="base commit (default: merge base with main)")
    parser.add_argument("--corpora", default="seeds,policond2024,opp115")
    parser.add_argument("--dump", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    corpora = args.corpora.split(",")
    if args.dump:
        dump(Path(args.dump), corpora)
        return 0
    base = args.base or subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            print(f"base {base}: dumping", file=sys.stderr)
            run_side(tree / "src", Path(tmp) / "old", corpora)
            print("this checkout: dumping", file=sys.stderr)
            run_side(ROOT / "src", Path(tmp) / "new", corpora)
            ok = compare_dumps(Path(tmp) / "old", Path(tmp) / "new")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                           check=False, capture_output=True)
    print("IDENTICAL (apart from the deliberate changes listed)" if ok else "DIFFERENCES FOUND")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
