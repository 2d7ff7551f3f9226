"""analyze: streaming corpus analysis into Parquet, local processes and Dask, resume, robustness.

Corpora here are tiny (two short seeds plus a few hand-written files) so every test takes a few
seconds; throughput and memory are measured in benchmarks/throughput.py, never asserted here.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens import config
from policylens.corpus import (
    AnalyzeSummary,
    add_arguments,
    analyze,
    discover,
    main_from_args,
    privacy_share,
    read_manifests,
)
from policylens.corpus.store import CLAUSE_TABLE_COLUMNS, documented_policy_columns
from policylens.errors import PolicyLensError, PolicyLoadError
from policylens.io import make_id
from policylens.schema import CLASSIFICATION_COLUMNS, CLAUSE_COLUMNS, FINDING_COLUMNS

pytest.importorskip("pyarrow")



def _classifier_ready() -> bool:
    if importlib.util.find_spec("policylens.classify") is None:
        return False
    from policylens.classify import default_model

    try:
        default_model()
    except (OSError, ValueError, KeyError):  # its training data is not there yet
        return False
    return True


HAS_CLASSIFY = _classifier_ready()
#: the real pipeline once the classifier exists; until then segment + extract with a fixed label
#: (the engine's behaviour does not depend on what the stages compute)
PIPELINE = "policylens.pipeline:run" if HAS_CLASSIFY else f"{__name__}:segment_extract"

HTML_POLICY = """<!doctype html><html><head><title>Privacy</title></head><body>
<h1>Privacy Notice</h1>
<h2>1. What we collect</h2>
<p>We collect your name and e-mail address when you register.</p>
<h2>2. Your rights</h2>
<p>You may ask us to delete your personal data at any time.</p>
<ul><li>You can request a copy of your data.</li><li>You can object to marketing.</li></ul>
<h2>3. Retention</h2>
<p>We keep account data for 2 years after you close your account.</p>
</body></html>
"""


# --------------------------------------------------------------------------- helpers

def segment_extract(policies, classifier=None):
    """Stand-in pipeline (used only while policylens.classify is missing)."""
    from policylens.extract import extract
    from policylens.segment import segment

    out = []
    for policy in policies:
        clauses = segment(policy)
        clauses["category"] = pd.Series(["collection"] * len(clauses), dtype="string",
                                        index=clauses.index)
        clauses["categories"] = [["collection"] for _ in range(len(clauses))]
        clauses["confidence"] = 1.0
        out.append((clauses, extract(clauses)))
    return out


def _real_pipeline(policies, classifier=None):
    from policylens.corpus.batch import _resolve

    return _resolve(PIPELINE)(policies, classifier)


def one_at_a_time(policies, classifier=None):
    """The pipeline with every policy in a group of its own (the reference for grouping)."""
    return [_real_pipeline([policy], classifier)[0] for policy in policies]


def dies_on_marker(policies, classifier=None):
    """Kills its worker process (like the OOM killer would) on a policy whose text says so."""
    if any("KILL-THE-WORKER" in policy.text for policy in policies):
        os._exit(17)
    return _real_pipeline(policies, classifier)


def interrupt_on_marker(policies, classifier=None):
    """Simulates Ctrl-C / a kill in the middle of a run (BaseException: not a document error)."""
    if any("INTERRUPT-HERE" in policy.text for policy in policies):
        raise KeyboardInterrupt
    return _real_pipeline(policies, classifier)


def read(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{table}.parquet")


def canonical(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows in a fixed order (resumed runs append parts in run order)."""
    frame = frame.copy()
    if "categories" in frame.columns:
        frame["categories"] = frame["categories"].map(list)
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


APP_POLICY = """App Privacy Policy

1. Data we collect
We collect device identifiers and crash reports to keep the app working.

2. Sharing
We do not sell your personal information. We share usage data with analytics providers.

3. Contact
Write to privacy@example.org with any question. We answer requests within 30 days.
"""

MARKDOWN_POLICY = """# Newsletter privacy notice

## What we store
- your e-mail address
- the date you subscribed

## How long
We delete your e-mail address 6 months after you unsubscribe.

## Your rights
You have the right to access, rectify and erase your data, and to lodge a complaint with a
supervisory authority under the GDPR.
"""

KIDS_POLICY = """<html><body><h1>Kids Games Privacy</h1>
<p>Our games are not directed to children under 13. If we learn that we collected personal
information from a child under 13 without parental consent, we delete it.</p>
<h2>Transfers</h2><p>Data may be transferred to the United States under standard contractual
clauses.</p></body></html>
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Six small policies: the two shortest bundled seeds and four hand-written ones (txt, md,
    html), one in a sub-folder."""
    folder = tmp_path / "corpus"
    (folder / "web").mkdir(parents=True)
    seeds = sorted(config.bundled_policies_dir().glob("*.txt"), key=lambda p: p.stat().st_size)
    for seed in seeds[:2]:
        shutil.copy(seed, folder / seed.name)
    (folder / "web" / "shop.html").write_text(HTML_POLICY, encoding="utf-8")
    (folder / "app.txt").write_text(APP_POLICY, encoding="utf-8")
    (folder / "newsletter.md").write_text(MARKDOWN_POLICY, encoding="utf-8")
    (folder / "kids.html").write_text(KIDS_POLICY, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- discover

def test_discover_expands_folders_and_globs(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a" / ".git").mkdir()
    for name in ("a/one.txt", "a/b/two.HTML", "a/b/three.md", "a/four.htm", "a/skip.pdf",
                 "a/skip.json", ".hidden/five.txt", "a/.six.txt", "a/.git/seven.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in discover(tmp_path / "a")]
    # every format load reads (PDF too), natural order of the paths, hidden files skipped
    assert found == ["a/b/three.md", "a/b/two.HTML", "a/four.htm", "a/one.txt", "a/skip.pdf"]
    globbed = discover(str(tmp_path / "a" / "**" / "*.md"))
    assert [Path(p).name for p in globbed] == ["three.md"]


def test_discover_is_the_one_discovery():
    from policylens.io import discover as io_discover

    assert discover is io_discover  # analyze and load_corpus find the same files


def test_discover_keeps_explicit_files_and_missing_paths_once(tmp_path: Path):
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF-1.4")
    missing = tmp_path / "gone.txt"
    found = discover([odd, str(missing), odd, tmp_path / "notes.pdf"])
    assert found == [odd, missing]


# --------------------------------------------------------------------------- tables

def test_tables_have_the_documented_columns_and_types(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    summary = analyze(corpus, out, pipeline=PIPELINE)
    assert summary.n_files == 6 and summary.n_analysed == 6 and summary.n_skipped == 0
    clauses, findings, policies = read(out, "clauses"), read(out, "findings"), read(out, "policies")
    assert list(clauses.columns) == list(CLAUSE_COLUMNS) + list(CLASSIFICATION_COLUMNS)
    assert list(findings.columns) == list(FINDING_COLUMNS)
    assert list(policies.columns) == list(documented_policy_columns())
    for frame, columns in ((clauses, CLAUSE_TABLE_COLUMNS), (findings, FINDING_COLUMNS)):
        for name, (dtype, _) in columns.items():
            if dtype != "object":
                assert str(frame[name].dtype) == dtype, name
    assert all(len(c) >= 1 and all(isinstance(x, str) for x in c) for c in clauses["categories"])
    assert len(clauses) == summary.n_clauses and len(findings) == summary.n_findings
    assert sorted(policies["policy"]) == sorted(clauses["policy"].unique())
    assert set(findings["policy"]) <= set(policies["policy"])
    # the evidence is exactly the policy text at the offsets (checked on the HTML policy's clauses)
    shop = clauses[clauses["policy"] == "shop"]
    assert not shop.empty and (shop["end"] > shop["start"]).all()


def test_empty_run_writes_readable_typed_tables(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    summary = analyze([empty], out, pipeline=PIPELINE)
    assert summary.n_analysed == 0 and summary.n_skipped == 1
    findings = read(out, "findings")
    assert findings.empty and list(findings.columns) == list(FINDING_COLUMNS)
    assert str(findings["number"].dtype) == "Float64"
    assert list(read(out, "clauses").columns) == list(CLAUSE_TABLE_COLUMNS)
    assert list(read(out, "policies").columns) == list(documented_policy_columns())


def test_colliding_file_names_get_distinct_ids(tmp_path: Path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "privacy.html").write_text(HTML_POLICY, encoding="utf-8")
    out = tmp_path / "out"
    analyze(tmp_path, out, pipeline=PIPELINE)
    assert sorted(read(out, "policies")["policy"]) == ["privacy", "privacy-2"]
    assert sorted(read(out, "findings")["policy"].unique()) == ["privacy", "privacy-2"]


# --------------------------------------------------------------------------- engines

def test_one_and_two_processes_give_identical_tables(corpus: Path, tmp_path: Path):
    # one process: a single batch; two: one-document batches (balanced) -- same rows, same order
    one = analyze(corpus, tmp_path / "one", n_process=1, pipeline=PIPELINE)
    two = analyze(corpus, tmp_path / "two", n_process=2, pipeline=PIPELINE)
    assert len(list((tmp_path / "one" / "findings.parquet").glob("*.parquet"))) == 1
    assert len(list((tmp_path / "two" / "findings.parquet").glob("*.parquet"))) == 6
    assert (one.n_analysed, one.n_clauses, one.n_findings) == (two.n_analysed, two.n_clauses,
                                                                two.n_findings)
    for table in ("policies", "clauses", "findings"):
        pd.testing.assert_frame_equal(read(tmp_path / "one", table), read(tmp_path / "two", table))


def test_dask_gives_the_same_findings_as_local(corpus: Path, tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    local = analyze(corpus, tmp_path / "local", batch_size=2, pipeline=PIPELINE)
    # in-process workers talk over inproc:// (no network); the default engine cluster uses tcp
    # on 127.0.0.1 (checked in benchmarks/throughput.py)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = analyze(corpus, tmp_path / "dask", engine="dask", client=client, batch_size=2,
                         pipeline=PIPELINE)
    assert remote.engine == "dask" and remote.n_analysed == local.n_analysed == 6
    for table in ("findings", "clauses", "policies"):
        pd.testing.assert_frame_equal(read(tmp_path / "local", table), read(tmp_path / "dask", table))


@pytest.mark.parametrize(("n_docs", "batch_size", "workers", "expected"), [
    (10_000, 32, 2, 32),  # big corpus: the requested size
    (6, 32, 2, 1),        # small corpus: four batches per worker at least
    (100, 32, 2, 13),
    (0, 32, 2, 1),
])
def test_balanced_batch_size(n_docs, batch_size, workers, expected):
    from policylens.corpus.engine import _balanced_batch_size

    assert _balanced_batch_size(n_docs, batch_size, workers) == expected


# --------------------------------------------------------------------------- resume

def test_resume_skips_unchanged_and_reanalyses_changed(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = analyze(corpus, out, batch_size=2, pipeline=PIPELINE)
    assert first.n_analysed == 6
    changed = corpus / "web" / "shop.html"
    changed.write_text(HTML_POLICY.replace("2 years", "90 days"), encoding="utf-8")
    (corpus / "web" / "new.html").write_text(HTML_POLICY, encoding="utf-8")
    again = analyze(corpus, out, batch_size=2, resume=True, pipeline=PIPELINE)
    assert (again.n_unchanged, again.n_analysed, again.n_skipped) == (5, 2, 0)
    fresh = analyze(corpus, tmp_path / "fresh", batch_size=2, pipeline=PIPELINE)
    assert fresh.n_analysed == 7
    keys = {"policies": ["policy"], "clauses": ["policy", "clause_id"],
            "findings": ["policy", "clause_id", "start", "end", "aspect", "value", "rule"]}
    for table, by in keys.items():
        pd.testing.assert_frame_equal(canonical(read(out, table), by),
                                      canonical(read(tmp_path / "fresh", table), by))
    shop = read(out, "clauses").query("policy == 'shop'")
    assert shop["text"].str.contains("90 days").any() and not shop["text"].str.contains("2 years").any()
    # nothing left to do: a third run analyses nothing
    third = analyze(corpus, out, resume=True, pipeline=PIPELINE)
    assert (third.n_unchanged, third.n_analysed) == (7, 0)


def test_interrupted_run_leaves_readable_parts_and_resumes(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    stopper = corpus / "zz-stop.txt"  # sorted last: the batches before it are committed
    stopper.write_text("Privacy policy. We collect e-mail addresses. INTERRUPT-HERE", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        analyze(corpus, out, batch_size=2, pipeline=f"{__name__}:interrupt_on_marker")
    done = read(out, "policies")
    assert 0 < len(done) < 7  # some batches committed, not all
    assert set(read(out, "findings")["policy"]) <= set(done["policy"])
    # leftovers of a killed worker: a temporary file and a part without a manifest
    (out / "findings.parquet" / ".part-x.parquet.123.tmp").write_bytes(b"partial")
    shutil.copy(next((out / "clauses.parquet").glob("part-*.parquet")),
                out / "clauses.parquet" / "part-99999999T000000000000-000000.parquet")
    stopper.write_text("Privacy policy. We collect e-mail addresses.", encoding="utf-8")
    resumed = analyze(corpus, out, batch_size=2, resume=True, pipeline=PIPELINE)
    assert resumed.n_unchanged == len(done) and resumed.n_analysed == 7 - len(done)
    assert not list((out / "findings.parquet").glob(".*.tmp"))
    fresh = analyze(corpus, tmp_path / "fresh", batch_size=2, pipeline=PIPELINE)
    assert fresh.n_analysed == 7
    for table, by in (("policies", ["policy"]), ("clauses", ["policy", "clause_id"])):
        pd.testing.assert_frame_equal(canonical(read(out, table), by),
                                      canonical(read(tmp_path / "fresh", table), by))
    assert len(read_manifests(out)) >= 4


# --------------------------------------------------------------------------- robustness

def test_broken_files_are_listed_with_reasons_and_do_not_stop_the_run(corpus: Path, tmp_path: Path,
                                                                      monkeypatch):
    broken = corpus / "broken"
    broken.mkdir()
    (broken / "empty.txt").write_bytes(b"")
    (broken / "blank.md").write_text("   \n\n  ", encoding="utf-8")
    (broken / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    (broken / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (broken / "big.txt").write_text("Privacy policy. " * 8000, encoding="utf-8")  # 128,000 bytes
    (broken / "truncated.html").write_text(HTML_POLICY[: HTML_POLICY.index("<h2>2.")] + "<p>We keep",
                                           encoding="utf-8")
    (broken / "markup-only.html").write_text("<html><body><script>x()</script></body></html>",
                                             encoding="utf-8")
    spreadsheet = tmp_path / "table.xlsx"
    spreadsheet.write_bytes(b"PK\x03\x04 not a policy")
    monkeypatch.setenv("POLICYLENS_MAX_BYTES", "60000")  # above every corpus file, below big.txt
    out = tmp_path / "out"
    summary = analyze([corpus, spreadsheet, tmp_path / "missing.txt"], out, batch_size=3,
                      pipeline=PIPELINE)
    reasons = {Path(p).name: r for p, r in zip(summary.skipped["path"], summary.skipped["reason"],
                                               strict=True)}
    assert set(reasons) == {"empty.txt", "blank.md", "binary.txt", "image.html", "big.txt",
                            "markup-only.html", "table.xlsx", "missing.txt"}
    assert "empty" in reasons["empty.txt"] and "whitespace" in reasons["blank.md"]
    assert "binary" in reasons["binary.txt"] and "PNG" in reasons["image.html"]
    assert "too large" in reasons["big.txt"] and "not found" in reasons["missing.txt"]
    assert "unsupported" in reasons["table.xlsx"] or "ZIP" in reasons["table.xlsx"]
    assert set(summary.skipped["stage"]) == {"load"}
    # the six policies and the truncated page (its text is still a readable policy)
    assert summary.n_analysed == 7
    assert "truncated" in set(read(out, "policies")["policy"])
    assert "big" not in set(read(out, "policies")["policy"])


NOT_A_POLICY = """Page not found

Sorry, the page you are looking for does not exist. It may have moved.
Go back to the home page or search the site.

Home | About | Blog | Careers
"""


@pytest.mark.skipif(not HAS_CLASSIFY, reason="needs the classifier to judge what a text is about")
def test_a_text_that_is_not_a_policy_is_skipped_with_its_reason(corpus: Path, tmp_path: Path):
    (corpus / "missing-page.html").write_text(f"<html><body><pre>{NOT_A_POLICY}</pre></body></html>",
                                              encoding="utf-8")
    summary = analyze(corpus, tmp_path / "out", pipeline=PIPELINE)
    assert summary.skipped["path"].tolist() == [str(corpus / "missing-page.html")]
    assert summary.skipped["stage"][0] == "not_a_policy"
    assert "does not read like a privacy policy: 0%" in summary.skipped["reason"][0]
    assert summary.n_analysed == 6  # every real policy of the corpus is kept
    kept = analyze(corpus, tmp_path / "all", min_policy_share=0, pipeline=PIPELINE)
    assert kept.n_analysed == 7 and kept.n_skipped == 0


def test_privacy_share_weighs_clauses_by_length():
    clauses = pd.DataFrame({"text": ["a" * 30, "b" * 10, "c" * 60],
                            "category": ["other", "retention", "security"],
                            "confidence": [0.9, 0.9, 0.2]})
    assert privacy_share(clauses) == pytest.approx(0.7)
    assert privacy_share(clauses, min_confidence=0.5) == pytest.approx(0.1)
    assert privacy_share(clauses.iloc[:0]) == 0.0
    assert privacy_share(clauses[["text"]]) == 1.0


def test_max_bytes_parameter(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Privacy policy. We collect your e-mail address. " * 10,
                                    encoding="utf-8")
    summary = analyze(tmp_path / "a.txt", tmp_path / "out", max_bytes=100, pipeline=PIPELINE)
    assert summary.n_analysed == 0 and "too large" in summary.skipped["reason"][0]


def test_a_crashing_document_is_skipped_and_the_others_are_written(corpus: Path, tmp_path: Path,
                                                                   monkeypatch):
    import policylens.pipeline as pipeline_module

    real = pipeline_module.run
    victim = corpus / "app.txt"
    groups = []

    def crashing(policies, classifier=None):  # fails as a whole on any group holding the victim
        groups.append(len(policies))
        if any(Path(policy.source) == victim for policy in policies):
            raise RuntimeError("regex exploded")
        return _real_pipeline(policies, classifier) if PIPELINE != "policylens.pipeline:run" \
            else real(policies, classifier)

    monkeypatch.setattr(pipeline_module, "run", crashing)
    out = tmp_path / "out"
    summary = analyze(corpus, out, batch_size=4)
    assert summary.skipped["path"].tolist() == [str(victim)]
    assert summary.skipped["stage"][0] == "analyse"
    assert summary.skipped["reason"][0] == "RuntimeError: regex exploded"
    policies = read(out, "policies")
    assert len(policies) == 5 and "app" not in set(policies["policy"])
    assert set(read(out, "clauses")["policy"]) == set(policies["policy"])
    assert max(groups) == 4 and groups.count(1) >= 1  # a batch's group, split down to the victim


@pytest.mark.slow  # three pool start-ups (about 4 s each on a busy 2-core machine)
def test_a_worker_dying_loses_only_its_document(corpus: Path, tmp_path: Path):
    killer = corpus / "killer.txt"
    killer.write_text("Privacy policy.\n\nKILL-THE-WORKER when analysing this.", encoding="utf-8")
    out = tmp_path / "out"
    summary = analyze(corpus, out, n_process=2, batch_size=3,
                      pipeline=f"{__name__}:dies_on_marker")
    assert summary.skipped["path"].tolist() == [str(killer)]
    assert summary.skipped["stage"][0] == "worker"
    assert summary.n_analysed == 6
    expected = {make_id(p.stem) for p in corpus.rglob("*.*")} - {"killer"}
    assert set(read(out, "policies")["policy"]) == expected and len(expected) == 6


def test_errors_raise_stops_at_the_first_bad_file(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(PolicyLoadError, match="empty"):
        analyze(tmp_path, tmp_path / "out", errors="raise", pipeline=PIPELINE)


def test_bad_arguments_are_rejected(tmp_path: Path):
    for kwargs in ({"engine": "spark"}, {"errors": "ignore"}, {"n_process": 0}, {"batch_size": 0}):
        with pytest.raises(ValueError):
            analyze(tmp_path, tmp_path / "out", **kwargs)


# --------------------------------------------------------------------------- summary, progress, CLI

def test_summary_reports_and_escapes(tmp_path: Path):
    bad = tmp_path / "<b>bad.txt"
    bad.write_bytes(b"")
    summary = analyze(tmp_path, tmp_path / "out", pipeline=PIPELINE)
    assert isinstance(summary, AnalyzeSummary) and summary.n_skipped == 1
    page = summary._repr_html_()
    assert "&lt;b&gt;bad.txt" in page and "<b>bad" not in page
    assert "1 skipped" in repr(summary) and "file is empty" in repr(summary)
    assert summary.as_dict()["n_skipped"] == 1 and summary.seconds > 0


def test_progress_bar_shows_documents(corpus: Path, tmp_path: Path, capsys):
    pytest.importorskip("tqdm")
    analyze(corpus, tmp_path / "out", progress=True, pipeline=PIPELINE)
    err = capsys.readouterr().err
    assert "6/6" in err and "doc" in err


def test_cli_subcommand(corpus: Path, tmp_path: Path, capsys):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args([str(corpus), "--out", str(tmp_path / "out"), "--batch-size", "4",
                              "--no-progress"])
    if not HAS_CLASSIFY:
        pytest.skip("the CLI runs the real pipeline: policylens.classify is missing")
    assert main_from_args(args) == 0
    assert "6 analysed" in capsys.readouterr().out
    (corpus / "empty.txt").write_bytes(b"")
    args = parser.parse_args([str(corpus), "--out", str(tmp_path / "out"), "--resume", "--no-progress"])
    assert main_from_args(args) == 1
    assert "6 unchanged" in capsys.readouterr().out


# --- fast paths of the engine's own work, against straightforward references ---------------------

def _same_records(fast: list[dict], slow: list[dict]) -> None:
    """Equal row for row, key for key, value for value and *type* for type (NaN equals NaN)."""
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert list(a) == list(b)
        for key in a:
            x, y = a[key], b[key]
            assert type(x) is type(y), (key, x, y)
            assert x is y or x == y or (x != x and y != y), (key, x, y)


_MAYBE = st.one_of(st.none(), st.text(max_size=5))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 8), st.data())
def test_records_equal_to_dict_records_with_none_for_missing(n, data):
    from policylens.pipeline import records

    def column(values_strategy):
        return data.draw(st.lists(values_strategy, min_size=n, max_size=n))

    frame = pd.DataFrame({
        "policy": pd.array(column(st.sampled_from(["a", "b", None])), dtype="string"),
        "clause_id": pd.array(column(st.integers(-5, 5)), dtype="int64"),
        "value": pd.array(column(_MAYBE), dtype="string"),
        "plain_str": pd.Series(column(st.one_of(st.none(), st.text(max_size=3))), dtype="str"),
        "number": pd.array(column(st.one_of(st.none(), st.floats(width=32))), dtype="Float64"),
        "count": pd.array(column(st.one_of(st.none(), st.integers(-9, 9))), dtype="Int64"),
        "flag": pd.array(column(st.one_of(st.none(), st.booleans())), dtype="boolean"),
        "real": pd.array(column(st.floats(allow_infinity=False)), dtype="float64"),
        "yes": pd.array(column(st.booleans()), dtype="bool"),
        "obj": pd.Series(column(st.one_of(st.none(), st.integers(), st.text(max_size=2),
                                          st.lists(st.text(max_size=2), max_size=2))), dtype=object),
    })
    _same_records(records(frame), _none_for_missing(frame.to_dict("records")))
    _same_records(records(frame.iloc[:, :0]), frame.iloc[:, :0].to_dict("records"))
    dated = frame.assign(when=pd.Timestamp("2025-01-02"), cat=pd.Categorical(["x"] * n))
    _same_records(records(dated), _none_for_missing(dated.to_dict("records")))


def _none_for_missing(rows: list[dict]) -> list[dict]:
    """``to_dict("records")`` rows with NaN / NA / None as None (what ``records`` promises)."""
    def missing(v):
        return v is None or v is pd.NA or (isinstance(v, float) and v != v)
    return [{k: None if missing(v) else v for k, v in row.items()} for row in rows]


def test_policy_row_keeps_only_the_policys_findings_like_a_boolean_mask(monkeypatch):
    import policylens as pl
    import policylens.pipeline as pipeline_module
    from policylens.extract.facts import policy_facts

    policy = pl.load_corpus()[0]
    [(clauses, findings)] = pipeline_module.run([policy])
    assert len(findings) > 3
    # another policy's rows and a missing id are not this policy's findings
    mixed = pd.concat([findings, findings.head(3).assign(policy="someone-else"),
                       findings.head(2).assign(policy=pd.NA)], ignore_index=True)
    row = pipeline_module.policy_row(policy, clauses, mixed)
    mine = mixed[mixed["policy"] == policy.id]
    assert row["n_findings"] == len(findings) == len(mine)
    seen = []
    monkeypatch.setattr(importlib.import_module("policylens.extract.facts"), "policy_facts",
                        lambda rows: seen.append(rows) or policy_facts(rows))
    pipeline_module.policy_row(policy, clauses, mixed)
    # (only the columns the facts are read from: see test_extract_facts for that contract)
    _same_records(seen[0], mine[list(pipeline_module.FACT_COLUMNS)].to_dict("records"))
    # and the row itself is the one the DataFrame path gives
    monkeypatch.setattr(pipeline_module, "records", lambda frame: frame.to_dict("records"))
    assert pipeline_module.policy_row(policy, clauses, mixed) == row


def _privacy_share_reference(clauses: pd.DataFrame, min_confidence: float = 0.0) -> float:
    if "category" not in clauses.columns:
        return 1.0
    lengths = clauses["text"].str.len().astype("float64").to_numpy()
    total = float(lengths.sum())
    if total == 0:
        return 0.0
    about = (clauses["category"] != "other").to_numpy(dtype=bool, na_value=False)
    if min_confidence > 0 and "confidence" in clauses.columns:
        about = about & (clauses["confidence"].to_numpy(dtype="float64") >= min_confidence)
    return float(lengths[about].sum()) / total


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.text(max_size=12)),
                          st.one_of(st.none(), st.sampled_from(["other", "retention", "security"])),
                          st.floats(0, 1)), max_size=12),
       st.sampled_from(["string", "str", object]), st.sampled_from([0.0, 0.5]))
def test_privacy_share_equals_reference(rows, dtype, min_confidence):
    clauses = pd.DataFrame({"text": pd.Series([r[0] for r in rows], dtype=dtype),
                            "category": pd.Series([r[1] for r in rows], dtype=dtype),
                            "confidence": pd.Series([r[2] for r in rows], dtype="float64")})
    fast, slow = privacy_share(clauses, min_confidence), _privacy_share_reference(clauses, min_confidence)
    assert fast == slow or (fast != fast and slow != slow)


def _not_a_policy_reference(clauses: pd.DataFrame, min_policy_share: float) -> str | None:
    from policylens.corpus.screen import CONFIDENT, cue_share

    if min_policy_share <= 0 or privacy_share(clauses, CONFIDENT) >= 0.5:
        return None
    share = cue_share(clauses)
    if share >= min_policy_share:
        return None
    return (f"does not read like a privacy policy: {share:.0%} of its text has a data-practice "
            f"cue phrase (min_policy_share={min_policy_share:g})")


_CUE_TEXTS = st.lists(st.one_of(
    st.sampled_from(["We collect your personal data.", "cookies", "Home | About", "Page not found.",
                     "You may delete your account.", "We retain logs for 30 days.", "x" * 300,
                     "Contact us at privacy@example.com", "Sorry, nothing here.", ""]),
    st.text(alphabet="abc de.", max_size=40)), min_size=0, max_size=40)


@settings(max_examples=120, deadline=None)
@given(_CUE_TEXTS, st.sampled_from([0.0, 0.01, 0.03, 0.2, 0.5, 0.9, 1.0]), st.integers(1, 5))
def test_not_a_policy_equals_reference(texts, min_share, chunk):
    from policylens.corpus.screen import _reaches_cue_share, cue_share, not_a_policy

    clauses = pd.DataFrame({"text": pd.array(texts, dtype="string"),
                            "category": pd.array(["other"] * len(texts), dtype="string"),
                            "confidence": [0.9] * len(texts)})
    assert not_a_policy(clauses, min_share) == _not_a_policy_reference(clauses, min_share)
    if _reaches_cue_share(clauses, min_share, chunk=chunk):  # never claims more than the full share
        assert cue_share(clauses) >= min_share


def _to_arrow_reference(frame: pd.DataFrame, columns: dict):
    import pyarrow as pa

    from policylens.corpus import arrow_schema
    from policylens.schema import coerce

    frame = coerce(frame, columns)[list(columns)]
    if "categories" in columns:
        frame = frame.assign(categories=pd.Series([
            [str(c) for c in v] if isinstance(v, list | tuple) or hasattr(v, "__array__") else []
            for v in frame["categories"].tolist()], index=frame.index, dtype=object))
    return pa.Table.from_pandas(frame, schema=arrow_schema(columns), preserve_index=False)


@pytest.mark.parametrize("variant", ["typed", "object_text", "reordered", "tuple_categories",
                                     "non_str_categories", "missing_categories", "extra_column"])
def test_to_arrow_equals_reference(variant):
    from policylens.corpus.store import _to_arrow

    n = 4
    frame = pd.DataFrame({
        "policy": pd.array(["p"] * n, dtype="string"), "clause_id": range(n),
        "section": pd.array(["", "A", "A > B", None], dtype="string"), "depth": [0, 1, 2, 2],
        "kind": pd.array(["heading", "sentence", "item", "paragraph"], dtype="string"),
        "lead_in": pd.array([""] * n, dtype="string"),
        "text": pd.array(["T", "We collect.", "email", "x"], dtype="string"),
        "start": [0, 2, 14, 20], "end": [1, 13, 19, 21],
        "category": pd.array(["other", "collection", "collection", None], dtype="string"),
        "categories": pd.Series([["other"], ["collection", "sharing"], [], ["x"]], dtype=object),
        "confidence": [0.5, 0.9, 0.7, 0.1],
    })
    if variant == "object_text":
        frame["text"] = frame["text"].astype(object)
    elif variant == "reordered":
        frame = frame[list(frame.columns)[::-1]]
    elif variant == "tuple_categories":
        frame["categories"] = pd.Series([("other",), ["a"], [], ["x"]], dtype=object)
    elif variant == "non_str_categories":
        frame["categories"] = pd.Series([[1], ["a"], [], ["x"]], dtype=object)
    elif variant == "missing_categories":
        frame["categories"] = pd.Series([None, ["a"], float("nan"), ["x"]], dtype=object)
    elif variant == "extra_column":
        frame["extra"] = 1
    fast, slow = _to_arrow(frame, CLAUSE_TABLE_COLUMNS), _to_arrow_reference(frame, CLAUSE_TABLE_COLUMNS)
    assert fast.equals(slow, check_metadata=True)


# --------------------------------------------------------------------------- grouped documents

@pytest.mark.skipif(not HAS_CLASSIFY, reason="needs the real pipeline")
def test_grouping_documents_changes_no_row(corpus: Path, tmp_path: Path, monkeypatch):
    """The pipeline runs a batch's documents in groups; the tables are those of one document at
    a time, whatever the group size, and skipped files keep their order."""
    analyze_module = importlib.import_module("policylens.corpus.batch")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "zz-empty.md").write_bytes(b"")
    tables = {}
    for size in (1, 2, 32):
        monkeypatch.setattr(analyze_module, "GROUP_DOCS", size)
        out = tmp_path / f"group-{size}"
        summary = analyze(corpus, out, batch_size=5, pipeline=PIPELINE)
        assert summary.skipped["path"].tolist() == [str(corpus / "empty.txt"), str(corpus / "zz-empty.md")]
        tables[size] = {t: read(out, t) for t in ("policies", "clauses", "findings")}
    out = tmp_path / "plain"
    analyze(corpus, out, batch_size=5, pipeline=f"{__name__}:one_at_a_time")
    for name in ("policies", "clauses", "findings"):
        for size in tables:
            pd.testing.assert_frame_equal(tables[size][name], read(out, name), check_exact=True)


@pytest.mark.skipif(not HAS_CLASSIFY, reason="needs the real pipeline")
def test_a_stage_crashing_inside_a_group_loses_only_its_document(corpus: Path, tmp_path: Path,
                                                                 monkeypatch):
    facts = importlib.import_module("policylens.extract.facts")
    real = facts.extract_clause

    def crashing(ctx):  # one module fails on one clause (an e-mail address) of one document
        if "privacy@example.org" in ctx.text:
            raise RuntimeError("regex exploded")
        return real(ctx)

    monkeypatch.setattr(facts, "extract_clause", crashing)
    out = tmp_path / "out"
    summary = analyze(corpus, out, batch_size=6, pipeline=PIPELINE)
    assert summary.skipped["path"].tolist() == [str(corpus / "app.txt")]
    assert summary.skipped["stage"].tolist() == ["analyse"]
    assert summary.skipped["reason"].tolist() == ["RuntimeError: regex exploded"]
    assert summary.n_analysed == 5 and "app" not in set(read(out, "policies")["policy"])


def fails_on_groups(policies, classifier=None):
    """A pipeline that fails as a whole on every group of more than one document."""
    if len(policies) > 1:
        raise RuntimeError("the group failed as a whole")
    return _real_pipeline(policies, classifier)


def test_a_pipeline_failing_on_a_group_loses_no_document(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    summary = analyze(corpus, out, pipeline=f"{__name__}:fails_on_groups")
    assert summary.n_analysed == 6 and summary.n_skipped == 0
    plain = tmp_path / "plain"
    analyze(corpus, plain, pipeline=f"{__name__}:_real_pipeline")
    pd.testing.assert_frame_equal(read(out, "findings"), read(plain, "findings"), check_exact=True)


# --------------------------------------------------------------------------- classifier factories

FACTORY_CALLS: list[int] = []


def counting_default_model():
    """A classifier factory (``"module:function"``): the bundled model, counting its calls."""
    from policylens.classify import default_model

    FACTORY_CALLS.append(1)
    return default_model()


@pytest.mark.skipif(not HAS_CLASSIFY, reason="needs the real pipeline")
def test_a_classifier_factory_is_built_once_per_worker(corpus: Path, tmp_path: Path):
    FACTORY_CALLS.clear()
    summary = analyze(corpus, tmp_path / "out", batch_size=2, pipeline=PIPELINE,
                      classifier=f"{__name__}:counting_default_model")
    assert summary.n_analysed == 6 and FACTORY_CALLS == [1]  # three batches, one model
    analyze(corpus, tmp_path / "plain", batch_size=2, pipeline=PIPELINE)
    for name in ("clauses", "findings"):
        pd.testing.assert_frame_equal(read(tmp_path / "out", name), read(tmp_path / "plain", name),
                                      check_exact=True)


def test_a_classifier_that_is_no_factory_spec_is_a_clear_error(corpus: Path, tmp_path: Path):
    with pytest.raises(PolicyLensError, match="'module:function'"):
        analyze(corpus, tmp_path / "out", classifier="models/saved.pkl")
