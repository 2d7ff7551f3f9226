"""The command line: compare/segment/extract in text and JSON, errors as one line + exit code."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest
from _comparison_tables import hostile_policy, make_report, two_policies

from policylens.cli import main

# the module whose ``compare`` the CLI calls (``policylens.compare`` itself is the function)
COMPARE_MODULE = importlib.import_module("policylens.report")

POLICY = """Privacy Policy

Your Rights

You have the right to access and delete your personal data.

Data Retention

We keep server logs for 30 days.
"""


@pytest.fixture
def policy_file(tmp_path):
    path = tmp_path / "acme.txt"
    path.write_text(POLICY, encoding="utf-8")
    return path


@pytest.fixture
def fake_compare(monkeypatch):
    """compare() replaced by a hand-made report (the pipeline itself is tested elsewhere)."""
    seen = []

    def fake(paths=None, **kwargs):
        seen.append((paths, kwargs))
        return make_report([*two_policies(), hostile_policy()])

    monkeypatch.setattr(COMPARE_MODULE, "compare", fake)
    return seen


def test_compare_prints_matrices_and_writes_reports(fake_compare, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["compare", "a.txt", "b.txt", "--out", str(out)]) == 0
    assert fake_compare == [(["a.txt", "b.txt"], {"errors": "skip"})]
    text = capsys.readouterr().out
    for title in ("Facts", "User rights", "Transfer mechanisms", "Laws cited", "Children"):
        assert title in text
    assert "erasure" in text and "alpha" in text
    assert (out / "report.html").is_file()
    assert (out / "policylens.xlsx").is_file()
    assert (out / "csv" / "rights.csv").is_file()


def test_compare_without_paths_means_the_bundled_policies(fake_compare, tmp_path):
    assert main(["compare", "--out", str(tmp_path), "--strict"]) == 0
    assert fake_compare == [(None, {"errors": "raise"})]


def test_compare_json(fake_compare, tmp_path, capsys):
    assert main(["compare", "--format", "json", "--out", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["rights"] == {"alpha": ["access", "erasure"], "beta": ["access"], "hostile": ["access"]}
    assert data["transfers"]["beta"] == ["scc"]
    assert [p["policy"] for p in data["policies"]] == ["alpha", "beta", "hostile"]
    assert {r["policy"]: r["min_age"] for r in data["children"]}["alpha"] == 16
    assert data["written"]["html"].endswith("report.html")


def test_terminal_output_has_no_control_characters(fake_compare, tmp_path, capsys, monkeypatch):
    from _comparison_tables import Spec

    evil = Spec(id="evil", name="\x1b[2J\x1b]0;owned\x07Evil", lines=["Hi."])
    monkeypatch.setattr(COMPARE_MODULE, "compare", lambda *a, **k: make_report([evil]))
    assert main(["compare", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Evil" in out


def test_compare_flags_policies_it_could_not_analyse(tmp_path, capsys, monkeypatch):
    from _comparison_tables import Spec

    german = Spec(id="german", name="Deutsche GmbH", lines=["Wir speichern Ihre Daten."],
                  facts={"language": "de"})

    def fake(*args, **kwargs):
        report = make_report([*two_policies(), german])
        report.skipped = [(str(tmp_path / "secret" / "scan.pdf"),
                           f"{tmp_path / 'secret' / 'scan.pdf'}: no text layer")]
        return report

    monkeypatch.setattr(COMPARE_MODULE, "compare", fake)
    assert main(["compare", "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "not analysed (language de" in captured.err and "Deutsche GmbH" in captured.err
    assert "skipped scan.pdf: scan.pdf: no text layer" in captured.err
    assert str(tmp_path / "secret") not in captured.err
    german_row = next(line for line in captured.out.splitlines() if line.startswith("german"))
    assert "not analysed" in german_row
    alpha_row = next(line for line in captured.out.splitlines() if line.startswith("alpha"))
    assert "not analysed" not in alpha_row and " no " in f" {alpha_row} "  # sells_data False


def test_segment_text_and_json(policy_file, capsys):
    assert main(["segment", str(policy_file)]) == 0
    text = capsys.readouterr().out
    assert "Your Rights" in text and "clauses" in text
    assert main(["segment", str(policy_file), "--format", "json"]) == 0
    clauses = json.loads(capsys.readouterr().out)
    assert clauses and {"policy", "clause_id", "section", "text", "start", "end"} <= set(clauses[0])
    for clause in clauses:
        assert POLICY[clause["start"]:clause["end"]] == clause["text"]


def test_extract_text_and_json(policy_file, capsys):
    assert main(["extract", str(policy_file), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    rights = {f["value"] for f in findings if f["aspect"] == "right"}
    assert {"access", "erasure"} <= rights
    for f in findings:
        assert POLICY[f["start"]:f["end"]] == f["evidence"]
    assert main(["extract", str(policy_file)]) == 0
    assert "erasure" in capsys.readouterr().out


@pytest.mark.parametrize("argv, fragment", [
    (["segment", "missing.txt"], "missing.txt: file not found"),
    (["extract", "missing.txt"], "missing.txt: file not found"),
    (["compare", "missing.txt"], "missing.txt"),
])
def test_errors_are_one_line_and_exit_1(argv, fragment, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policylens: error:") and fragment in lines[0]
    assert captured.out == ""


def test_empty_file_is_an_error(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["segment", str(empty)]) == 1
    assert "empty" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["segment"])
    assert exc.value.code == 2
    assert main([]) == 2


def test_analyze_is_wired():
    from policylens.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["analyze", "x", "--out", "y"])
    assert callable(args.func)


def test_python_dash_m(policy_file):
    done = subprocess.run([sys.executable, "-m", "policylens", "segment", str(policy_file),
                           "--format", "json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["policy"] == "acme"
    bad = subprocess.run([sys.executable, "-m", "policylens", "segment", str(policy_file) + ".nope"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


# --- folders with a file that cannot be read ------------------------------------------------------

@pytest.fixture
def folder_with_a_broken_file(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "acme.txt").write_text(POLICY, encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"")  # empty: cannot be loaded
    (folder / "zeta.txt").write_text(POLICY.replace("30 days", "90 days"), encoding="utf-8")
    return folder


def test_compare_skips_a_broken_file_and_lists_it(folder_with_a_broken_file, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["compare", str(folder_with_a_broken_file), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    skipped = [line for line in captured.err.splitlines() if line.startswith("policylens: skipped")]
    assert len(skipped) == 1 and "broken.txt" in skipped[0] and "empty" in skipped[0].lower()
    assert "--strict" in captured.err
    assert "acme" in captured.out and "zeta" in captured.out  # the others are compared
    assert (out / "report.html").is_file()


def test_compare_report_exposes_the_skipped_files(folder_with_a_broken_file):
    from policylens.report import compare

    report = compare(folder_with_a_broken_file, errors="skip")
    assert [p.rsplit("/", 1)[-1] for p, _ in report.skipped] == ["broken.txt"]
    assert report.ids == ["acme", "zeta"]


def test_compare_strict_stops_at_the_first_broken_file_and_says_why(folder_with_a_broken_file,
                                                                    tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["compare", str(folder_with_a_broken_file), "--out", str(out), "--strict"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.txt" in err and "--strict" in err
    assert not out.exists()


def test_compare_of_a_single_broken_file_names_it(tmp_path, capsys):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"")
    assert main(["compare", str(broken), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "broken.txt" in err and "no policies to compare" in err
