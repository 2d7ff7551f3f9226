"""Throughput and memory of ``policylens.analyze`` against a floor measured in the same run.

    .venv/bin/python benchmarks/throughput.py              # 1,500 documents (the reference run)
    .venv/bin/python benchmarks/throughput.py --quick      # 300 documents, smaller profile
    .venv/bin/python benchmarks/throughput.py --n-docs 5000 --keep

The corpus is built from real policies -- the bundled seeds, ``policond2024/cleaned/*.html`` and
OPP-115 ``sanitized_policies/*.html`` from ``../shared/corpora`` (research-only: copied to a
temporary folder outside the repository and deleted afterwards) -- repeated until it holds
``--n-docs`` files. Every phase runs in a fresh Python process while this one samples the resident
memory of that process and all its children (psutil), so the peaks are those of the phase alone:

1. floor: ``policylens.load`` + ``spacy.blank("en")`` with a sentencizer over the same texts;
2. ``analyze`` with one process, then with two (end-to-end wall time of the call, including
   starting workers and fitting the classifier);
3. the Dask engine (a LocalCluster on 127.0.0.1) on a subset, compared with the local engine;
4. a cProfile of ``analyze`` on a subset and a per-stage breakdown (load/segment/classify/extract);
   with ``--stage-timing`` also analyze's own time outside those stages (unprofiled).

Targets (the brief, issues 12-13): floor time / analyze time >= 0.45, two processes >= 1.5x one,
peak RSS < 1.5 GB,
Dask findings identical to local.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GB = 1024**3
#: environment of the phase processes (set in main: they import a snapshot of src/)
PHASE_ENV: dict[str, str] | None = None


# --------------------------------------------------------------------------- corpus


def source_files() -> list[Path]:
    from policylens import config

    sources = sorted(config.bundled_policies_dir().glob("*.txt"))
    for name, sub in (("policond2024", "cleaned"), ("opp115", "sanitized_policies")):
        folder = config.corpus_dir(name) / sub
        if folder.is_dir():
            sources += sorted(folder.glob("*.html"))
        else:
            print(f"note: {folder} not found; the corpus repeats fewer distinct policies")
    return sources


def build_corpus(folder: Path, n_docs: int) -> list[Path]:
    """``n_docs`` files cycling through the sources (unique names, so unique policy ids)."""
    sources = source_files()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n_docs):
        src = sources[i % len(sources)]
        dst = folder / f"{i:06d}_{src.stem[:40]}{src.suffix}"
        shutil.copyfile(src, dst)
        paths.append(dst)
    return paths


# --------------------------------------------------------------------------- phases (child side)


def phase_floor(corpus: Path) -> dict:
    import spacy

    from policylens import load
    from policylens.corpus import discover

    paths = discover(corpus)
    started = time.perf_counter()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10**9
    chars = sentences = 0
    for path in paths:
        text = load(path).text
        chars += len(text)
        sentences += sum(1 for _ in nlp(text).sents)
    return {"seconds": time.perf_counter() - started, "docs": len(paths), "chars": chars,
            "sentences": sentences, "cpu_seconds": cpu_seconds()}


def phase_analyze(corpus: Path, out: Path, n_process: int, engine: str, batch_size: int) -> dict:
    from policylens.corpus import analyze

    started = time.perf_counter()
    summary = analyze(corpus, out, n_process=n_process, engine=engine, batch_size=batch_size)
    seconds = time.perf_counter() - started
    return {**summary.as_dict(), "seconds": seconds, "docs": summary.n_analysed,
            "cpu_seconds": cpu_seconds(),
            "chars": summary.n_chars,
            "skipped_reasons": summary.skipped["reason"].value_counts().head(5).to_dict()}


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (the pool workers): on a shared machine
    cpu/wall shows how many cores the phase actually got."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def phase_profile(corpus: Path, out: Path, top: int, stats_file: Path, stage_timing: bool = False) -> dict:
    import cProfile
    import io
    import pstats

    # warm: build the classifier once outside the profile (it is built once per worker anyway)
    from policylens.classify import default_model
    from policylens.corpus import analyze, discover
    from policylens.pipeline import run
    default_model()
    profiler = cProfile.Profile()
    profiler.enable()
    analyze(corpus, out, n_process=1)
    profiler.disable()
    profiler.dump_stats(stats_file)
    report = {}
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats(key).print_stats(top)
        report[key] = buf.getvalue()
    # per stage, on the same documents
    from policylens import load
    from policylens.classify import classify
    from policylens.extract import extract
    from policylens.segment import segment

    stages = dict.fromkeys(("load", "segment", "classify", "extract", "run"), 0.0)
    for path in discover(corpus):
        t0 = time.perf_counter()
        try:
            policy = load(path)
        except Exception:  # noqa: BLE001 - broken files are the engine's business, not timed here
            continue
        t1 = time.perf_counter()
        clauses = segment(policy)
        t2 = time.perf_counter()
        clauses = classify(clauses)
        t3 = time.perf_counter()
        extract(clauses)
        t4 = time.perf_counter()
        run([policy])
        t5 = time.perf_counter()
        for name, dt in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            stages[name] += dt
    report["stages"] = stages
    if stage_timing:
        # the engine's own work: analyze (no profiler, warm) minus the stages it runs, timed
        # again right after on the same documents
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        analyze(corpus, out, n_process=1)
        report["analyze_seconds"] = time.perf_counter() - t0
    return report


def phase_dask_equal(corpus: Path, work: Path, n_process: int, batch_size: int) -> dict:
    import pandas as pd

    from policylens.corpus import analyze

    local = analyze(corpus, work / "dask-local", n_process=1, batch_size=batch_size)
    t0 = time.perf_counter()
    remote = analyze(corpus, work / "dask-remote", engine="dask", n_process=n_process,
                     batch_size=batch_size)
    seconds = time.perf_counter() - t0
    result = {"docs": remote.n_analysed, "seconds": seconds, "findings": remote.n_findings}
    for table in ("findings", "clauses", "policies"):
        a = pd.read_parquet(work / "dask-local" / f"{table}.parquet")
        b = pd.read_parquet(work / "dask-remote" / f"{table}.parquet")
        try:
            pd.testing.assert_frame_equal(a, b)
            result[f"{table}_equal"] = True
        except AssertionError as exc:
            result[f"{table}_equal"] = False
            result[f"{table}_diff"] = str(exc)[:500]
    result["local_findings"] = local.n_findings
    return result


# --------------------------------------------------------------------------- parent side


def run_phase(args: list[str], label: str) -> tuple[dict, dict]:
    """Run one phase in a fresh interpreter; sample RSS of it and its children every 50 ms."""
    import psutil

    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env=PHASE_ENV)
    peak = {"tree": 0, "single": 0}
    stop = threading.Event()

    def sample() -> None:
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss = []
                for p in procs:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        rss.append(p.memory_info().rss)
                peak["tree"] = max(peak["tree"], sum(rss))
                peak["single"] = max(peak["single"], max(rss, default=0))
            except psutil.NoSuchProcess:
                return
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        print(err[-4000:], file=sys.stderr)
        raise SystemExit(f"phase {label} failed (exit {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    return result, peak


def rate(result: dict) -> str:
    s = result["seconds"]
    return (f"{result['docs']:>6} docs in {s:7.1f} s  {result['docs'] / s:7.1f} docs/s  "
            f"{result['chars'] / s / 1e6:6.2f} M chars/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n-docs", type=int, default=None, help="documents in the corpus (1500)")
    parser.add_argument("--quick", action="store_true", help="300 documents, small subsets")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--dask-docs", type=int, default=None, help="subset for the Dask check")
    parser.add_argument("--profile-docs", type=int, default=None, help="subset for the profile")
    parser.add_argument("--top", type=int, default=25, help="profile entries to print")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--stage-timing", action="store_true",
                        help="also time analyze (unprofiled) on the profile subset and report its "
                             "overhead outside load/segment/classify/extract")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--workdir", default=None, help="temporary folder (default: system temp)")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        return child(args.phase)

    n_docs = args.n_docs or (300 if args.quick else 1500)
    dask_docs = args.dask_docs or (40 if args.quick else 120)
    profile_docs = args.profile_docs or (40 if args.quick else 150)
    from policylens.corpus import DEFAULT_BATCH_SIZE

    batch = args.batch_size or DEFAULT_BATCH_SIZE
    base = Path(tempfile.mkdtemp(prefix="policylens-bench-", dir=args.workdir))
    if ROOT in base.resolve().parents:
        raise SystemExit("the benchmark corpus must live outside the repository")
    try:
        # every phase (and its workers) imports the same snapshot of the code, even if the
        # working tree changes while the benchmark runs
        global PHASE_ENV
        from policylens import config

        shutil.copytree(ROOT / "src", base / "src", ignore=shutil.ignore_patterns("__pycache__"))
        PHASE_ENV = {**os.environ, "PYTHONPATH": str(base / "src"),
                     "POLICYLENS_CORPORA": str(config.corpora_path())}
        corpus = base / "corpus"
        paths = build_corpus(corpus, n_docs)
        size = sum(p.stat().st_size for p in paths)
        print(f"corpus: {n_docs} files, {size / 1e6:.1f} MB, {len(source_files())} distinct "
              f"sources, in {base}")
        for sub, k in (("dask", dask_docs), ("profile", profile_docs)):
            (base / sub).mkdir()
            for p in paths[:k]:
                os.link(p, base / sub / p.name)

        floor, floor_mem = run_phase(["floor", str(corpus)], "floor")
        print(f"floor (load + spacy.blank + sentencizer): {rate(floor)}  "
              f"peak RSS {floor_mem['tree'] / GB:.2f} GB")
        runs = {}
        for n in (1, 2):
            result, mem = run_phase(["analyze", str(corpus), str(base / f"out{n}"), str(n), "local",
                                     str(batch)], f"analyze-{n}")
            runs[n] = (result, mem)
            print(f"analyze n_process={n}:                  {rate(result)}  peak RSS "
                  f"{mem['tree'] / GB:.2f} GB (largest process {mem['single'] / GB:.2f} GB); "
                  f"{result['n_skipped']} skipped, {result['n_clauses']} clauses, "
                  f"{result['n_findings']} findings; CPU {result['cpu_seconds']:.0f} s "
                  f"(cores used: {result['cpu_seconds'] / result['seconds']:.2f})")
            if result["skipped_reasons"]:
                print(f"    skipped: {result['skipped_reasons']}")
        one, two = runs[1][0], runs[2][0]
        ratio = floor["seconds"] / one["seconds"]
        speedup = one["seconds"] / two["seconds"]
        peak = max(m["tree"] for _, m in runs.values())
        print(f"floor/analyze(1): {ratio:.2f} (target >= 0.45) "
              f"{'OK' if ratio >= 0.45 else 'MISSED'}; CPU-time ratio floor/analyze(1): "
              f"{floor['cpu_seconds'] / one['cpu_seconds']:.2f} (the same ratio, robust to a busy machine)")
        print(f"2 processes / 1 process speedup: {speedup:.2f}x (target >= 1.5) "
              f"{'OK' if speedup >= 1.5 else 'MISSED'}; CPU-time ratio 2/1: "
              f"{two['cpu_seconds'] / one['cpu_seconds']:.2f} (1.0 = no parallel overhead)")
        print(f"    machine load average during the run: {os.getloadavg()[0]:.1f} "
              f"(on {os.cpu_count()} CPUs; the speedup needs idle cores)")
        print(f"peak RSS of analyze (all processes): {peak / GB:.2f} GB (target < 1.5) "
              f"{'OK' if peak < 1.5 * GB else 'MISSED'}")
        identical = tables_identical(base / "out1", base / "out2")
        print(f"1-process and 2-process tables identical: {identical}")

        if not args.skip_dask:
            dask, dask_mem = run_phase(["dask", str(base / "dask"), str(base), "2", str(batch)],
                                       "dask")
            same = all(dask[f"{t}_equal"] for t in ("findings", "clauses", "policies"))
            print(f"dask engine (LocalCluster, 2 workers, 127.0.0.1) on {dask['docs']} docs: "
                  f"{dask['seconds']:.1f} s, {dask['findings']} findings; identical to local: {same}"
                  f"  peak RSS {dask_mem['tree'] / GB:.2f} GB")
            for t in ("findings", "clauses", "policies"):
                if not dask[f"{t}_equal"]:
                    print(f"    {t} differ: {dask[f'{t}_diff']}")

        stats_file = base / "analyze.prof"
        prof, _ = run_phase(["profile", str(base / "profile"), str(base / "out-profile"),
                             str(args.top), str(stats_file), str(int(args.stage_timing))], "profile")
        total = prof["stages"]["run"] + prof["stages"]["load"]
        print(f"\nper stage on {profile_docs} documents (s): " + ", ".join(
            f"{k} {v:.2f}" for k, v in prof["stages"].items()) + f"  (load+run {total:.2f})")
        if args.stage_timing:
            seconds = prof["analyze_seconds"]
            print(f"analyze (unprofiled) on the same documents: {seconds:.2f} s; outside "
                  f"load/segment/classify/extract: {seconds - total:.2f} s "
                  f"({(seconds - total) / profile_docs * 100:.2f} s per 100 documents)")
        print(f"\ncProfile of analyze(n_process=1) on {profile_docs} documents, by own time:")
        print(trim_stats(prof["tottime"]))
        print("by cumulative time:")
        print(trim_stats(prof["cumulative"]))
        if args.keep:
            print(f"kept {base} (profile: {stats_file})")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


def trim_stats(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith("ncalls")), 0)
    return "\n".join(lines[start:])


def tables_identical(a: Path, b: Path) -> bool:
    import pandas as pd

    for table in ("policies", "clauses", "findings"):
        x = pd.read_parquet(a / f"{table}.parquet")
        y = pd.read_parquet(b / f"{table}.parquet")
        try:
            pd.testing.assert_frame_equal(x, y)
        except AssertionError as exc:
            print(f"    {table} differ: {str(exc)[:300]}")
            return False
    return True


def child(phase: list[str]) -> int:
    import policylens

    assert os.environ.get("PYTHONPATH") is None or Path(policylens.__file__).is_relative_to(
        os.environ["PYTHONPATH"]), "the phase must run the snapshot of the code"
    name, *rest = phase
    if name == "floor":
        result = phase_floor(Path(rest[0]))
    elif name == "analyze":
        result = phase_analyze(Path(rest[0]), Path(rest[1]), int(rest[2]), rest[3], int(rest[4]))
    elif name == "dask":
        result = phase_dask_equal(Path(rest[0]), Path(rest[1]), int(rest[2]), int(rest[3]))
    elif name == "profile":
        result = phase_profile(Path(rest[0]), Path(rest[1]), int(rest[2]), Path(rest[3]),
                               len(rest) > 4 and rest[4] == "1")
    else:
        raise SystemExit(f"unknown phase {name}")
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
