"""compare(): the report's tables, evidence, diff and display, on hand-made tables and on the
bundled policies through the real pipeline."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from _comparison_tables import Spec, build, hostile_policy, make_report, two_policies

import policylens
from policylens.errors import CorpusError, PolicyLensError
from policylens.policy import Policy
from policylens.report import ComparisonReport, compare
from policylens.report.formatting import format_days, format_period
from policylens.report.tables import MATRIX_ASPECTS, aspect_matrix
from policylens.resources import vocabulary
from policylens.schema import POLICY_COLUMNS


@pytest.fixture(scope="module")
def report() -> ComparisonReport:
    return make_report(two_policies())


# ---------------------------------------------------------------------------- matrices


@pytest.mark.parametrize("attr, aspect", list(MATRIX_ASPECTS.items()))
def test_matrix_has_every_canonical_id_in_vocabulary_order(report, attr, aspect):
    matrix = getattr(report, attr)
    assert list(matrix.columns[: len(vocabulary(aspect))]) == vocabulary(aspect)
    assert list(matrix.index) == ["alpha", "beta"]
    assert all(str(dtype) == "bool" for dtype in matrix.dtypes)


@pytest.mark.parametrize("attr, policy, expected", [
    ("rights", "alpha", {"access", "erasure"}),
    ("rights", "beta", {"access"}),
    ("laws", "alpha", {"gdpr"}),
    ("laws", "beta", {"coppa"}),
    ("transfers", "alpha", set()),
    ("transfers", "beta", {"scc"}),
    ("legal_bases", "beta", set()),
    ("destinations", "beta", {"united_states"}),
    ("destinations", "alpha", set()),
])
def test_matrix_cells_follow_the_findings(report, attr, policy, expected):
    row = getattr(report, attr).loc[policy]
    assert set(row[row].index) == expected


def test_matrix_keeps_ids_outside_the_vocabulary():
    findings = pd.DataFrame({"policy": ["p", "p", "q"], "aspect": ["right", "right", "right"],
                             "value": ["access", "brand_new_right", ""]})
    matrix = aspect_matrix(findings, "right", vocabulary("right"), ["p", "q"])
    assert list(matrix.columns) == [*vocabulary("right"), "brand_new_right"]
    assert matrix.loc["p", "brand_new_right"] and not matrix.loc["q"].any()


def test_policy_without_findings_still_has_a_row():
    specs = [*two_policies(), Spec(id="empty", lines=["Nothing to see here."])]
    report = make_report(specs)
    for attr in (*MATRIX_ASPECTS, "children", "coverage", "policies"):
        assert list(getattr(report, attr).index) == ["alpha", "beta", "empty"]
    assert not report.rights.loc["empty"].any()
    assert pd.isna(report.children.loc["empty", "min_age"])


# ---------------------------------------------------------------------------- other tables


def test_policies_table_columns_and_dtypes(report):
    policies = report.policies
    assert policies.index.name == "policy"
    expected = [c for c in POLICY_COLUMNS if c != "policy"]
    assert list(policies.columns[: len(expected)]) == expected
    for name in expected:
        assert str(policies[name].dtype) == POLICY_COLUMNS[name][0], name
    assert policies.loc["alpha", "n_clauses"] == 8
    assert policies.loc["alpha", "n_findings"] == 6
    assert policies.loc["beta", "sells_data"]
    assert not policies.loc["alpha", "sells_data"]
    assert pd.isna(policies.loc["alpha", "shares_for_ads"])
    assert policies.loc["beta", "breach_notice_hours"] == 72


def test_retention_one_row_per_period_in_text_order(report):
    retention = report.retention
    assert list(retention.columns[:5]) == ["policy", "data_category", "min_days", "max_days", "condition"]
    assert list(retention["policy"]) == ["alpha", "alpha", "beta"]
    assert list(retention["data_category"]) == ["server logs", "billing records", ""]
    assert retention["max_days"].tolist()[:2] == [30, 2190]
    assert pd.isna(retention["max_days"].iloc[2])
    assert retention["condition"].iloc[2] == "as_long_as_necessary"


def test_children_table(report):
    kids = report.children
    assert str(kids["min_age"].dtype) == "Int64"
    assert kids.loc["alpha", "min_age"] == 16
    assert pd.isna(kids.loc["beta", "min_age"])  # COPPA's 13 is a legal reference, not beta's own
    assert kids.loc["beta", "ages_mentioned"] == [13]
    assert kids.loc["beta", "laws"] == ["coppa"]
    assert kids.loc["alpha", "laws"] == []  # GDPR is cited, but not where ages are stated
    # tri-state: beta says so; alpha does not say (unknown, not 'no')
    assert str(kids["parental_consent"].dtype) == "boolean"
    assert bool(kids.loc["beta", "parental_consent"])
    assert pd.isna(kids.loc["alpha", "parental_consent"])
    assert pd.isna(kids.loc["beta", "deletes_on_discovery"])


def test_coverage_counts_primary_categories(report):
    coverage = report.coverage
    assert coverage.loc["alpha", "retention"] == 2
    assert coverage.loc["beta", "international_transfer"] == 1
    assert (coverage.sum(axis=1) == report.policies["n_clauses"]).all()
    categories = policylens.taxonomy.categories()
    assert list(coverage.columns[: len(categories)]) == categories


# ---------------------------------------------------------------------------- evidence, diff


def test_evidence_points_at_the_clause(report):
    ev = report.evidence("alpha", "right", "erasure")
    assert len(ev) == 1
    row = ev.iloc[0]
    assert row["evidence"] == "ask us to delete it"
    # the sentence it lies in comes with the span
    assert row["context"] == "You can ask for a copy of your data and ask us to delete it."
    assert row["section"] == "Your rights"
    assert row["evidence"] in row["clause"]
    spec = two_policies()[0]
    assert spec.text[row["start"]:row["end"]] == row["evidence"]


def test_evidence_without_value_returns_every_finding_of_the_aspect(report):
    assert set(report.evidence("alpha", "right")["value"]) == {"access", "erasure"}


@pytest.mark.parametrize("aspect, value, message", [
    ("rights", "erasure", "unknown aspect 'rights'; did you mean 'right'?"),
    ("right", "erasur", "unknown right 'erasur'; did you mean 'erasure'?"),
    ("transfer_mechanism", "sccs", "did you mean 'scc'?"),
    ("law", "gdpr2", "did you mean 'gdpr'?"),
    ("category", "retension", "did you mean 'retention'?"),
    ("right", "xyzzy", r"unknown right 'xyzzy' \(valid: access, rectification, erasure"),
])
def test_evidence_refuses_unknown_names_with_a_close_match(report, aspect, value, message):
    with pytest.raises(PolicyLensError, match=message):
        report.evidence("alpha", aspect, value)


def test_evidence_of_a_valid_id_the_policy_lacks_is_empty(report):
    # 'appeal' is a right of the vocabulary that alpha does not grant: an empty table, no error
    assert report.evidence("alpha", "right", "appeal").empty


def test_findings_carry_their_sentence(report):
    findings = report.findings
    columns = list(findings.columns)
    assert columns.index("context") == columns.index("evidence") + 1
    for evidence, context in zip(findings["evidence"], findings["context"], strict=True):
        assert evidence in context


def test_evidence_for_categories(report):
    clauses = report.evidence("alpha", "category", "retention")
    assert len(clauses) == 2 and set(clauses["category"]) == {"retention"}


def test_evidence_unknown_policy_is_a_clear_error(report):
    with pytest.raises(PolicyLensError, match="unknown policy 'gamma'"):
        report.evidence("gamma", "right")


def test_diff(report):
    diff = report.diff("alpha", "beta")
    assert list(diff.columns) == ["aspect", "item", "alpha", "beta"]
    rows = {(a, i): (x, y) for a, i, x, y in diff.itertuples(index=False)}
    assert rows[("right", "erasure")] == (True, False)
    assert rows[("transfer_mechanism", "scc")] == (False, True)
    assert rows[("fact", "sells_data")] == (False, True)
    assert rows[("fact", "min_child_age")][0] == 16
    assert ("right", "access") not in rows  # both grant it
    assert rows[("retention", "server logs")] == ("30 days", "")


def test_diff_needs_two_policies(report):
    with pytest.raises(PolicyLensError):
        report.diff("alpha", "alpha")


@pytest.mark.parametrize("days, text", [(30, "30 days"), (1, "1 day"), (365, "1 year"),
                                         (2190, "6 years"), (90, "3 months"), (0.5, "12 hours"),
                                         (None, "")])
def test_format_days(days, text):
    assert format_days(days) == text


def test_format_period():
    assert format_period(360, 720) == "12 months to 24 months"  # 1 month = 30 days
    assert format_period(365, 730) == "1 year to 2 years"
    assert format_period(None, None, "as_long_as_necessary") == "as long as necessary"


# ---------------------------------------------------------------------------- display


def test_repr(report):
    assert repr(report) == "<ComparisonReport: 2 policies (alpha, beta); 14 clauses, 13 findings>"


def test_repr_html_is_stable_and_shows_the_key_matrices(report):
    html = report._repr_html_()
    assert html == make_report(two_policies())._repr_html_()
    assert "at 0x" not in html
    for title in ("Rights", "Transfer mechanisms", "Laws cited", "Children"):
        assert title in html
    # uuids are fixed, so stored notebook outputs do not change between runs
    assert re.findall(r'id="T_([\w-]+?)_row0_col0"', html)[0].startswith("policylens-")


def test_repr_html_escapes_policy_text():
    report = make_report([hostile_policy()])
    html = report._repr_html_()
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=" in html


def test_styled_has_fixed_uuid(report):
    assert "T_policylens-rights" in report.styled("rights").to_html()
    assert repr(report.styled("rights")) == "<Styler policylens-rights: 2 rows x 14 columns>"
    with pytest.raises(PolicyLensError):
        report.styled("diff")


# ---------------------------------------------------------------------------- inputs


def test_compare_is_lazy(monkeypatch):
    calls = []
    monkeypatch.setattr("policylens.pipeline.run", lambda *a, **k: calls.append(a))
    report = compare([Policy(id="x", text="Some text.")])
    assert calls == [] and report.ids == ["x"]


def test_compare_rejects_duplicate_policy_ids():
    with pytest.raises(CorpusError, match="duplicate"):
        compare([Policy(id="x", text="a"), Policy(id="x", text="b")])


@pytest.mark.parametrize("bad", [[], 42, [3.5]])
def test_compare_rejects_bad_input(bad):
    with pytest.raises(PolicyLensError):
        compare(bad)


def test_compare_missing_file_names_it(tmp_path):
    with pytest.raises(PolicyLensError, match="nope.txt"):
        compare([tmp_path / "nope.txt"])


def test_compare_skips_bad_files_and_reports_them(tmp_path):
    (tmp_path / "good.txt").write_text("We keep your data for 30 days.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    report = compare(tmp_path, errors="skip")
    assert report.ids == ["good"]
    assert [p.endswith("empty.txt") for p, _ in report.skipped] == [True]


def test_compare_keeps_the_callers_order(tmp_path):
    for name in ("b", "a"):
        (tmp_path / f"{name}.txt").write_text(f"Policy {name}.\n", encoding="utf-8")
    given = Policy(id="mine", text="My own policy.")
    report = compare([tmp_path / "b.txt", given, tmp_path / "a.txt"])
    assert report.ids == ["b", "mine", "a"]


def test_open_reads_an_analysed_folder(tmp_path, report):
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    out.mkdir()
    report.policies.reset_index().to_parquet(out / "policies.parquet")
    report.clauses.to_parquet(out / "clauses.parquet")
    report.findings.to_parquet(out / "findings.parquet")
    from policylens.report import read_results

    with pytest.warns(DeprecationWarning, match="read_results"):
        old_name = policylens.open(out)
    for again in (read_results(out), old_name, policylens.read_results(out), compare(out)):
        pd.testing.assert_frame_equal(again.rights, report.rights)
        pd.testing.assert_frame_equal(again.children, report.children)
        pd.testing.assert_frame_equal(again.retention, report.retention)
        pd.testing.assert_frame_equal(again.policies, report.policies)
        assert again.evidence("alpha", "right", "erasure")["evidence"].tolist() == ["ask us to delete it"]


def test_open_refuses_a_folder_without_tables(tmp_path):
    from policylens.report import read_results

    with pytest.raises(PolicyLensError, match="policies.parquet"):
        read_results(tmp_path)


def test_build_helper_offsets_are_exact():
    for spec in two_policies() + [hostile_policy()]:
        policy, clauses, findings = build(spec)
        for text, start, end in zip(clauses["text"], clauses["start"], clauses["end"], strict=True):
            assert policy.text[start:end] == text
        for ev, start, end in zip(findings["evidence"], findings["start"], findings["end"], strict=True):
            assert policy.text[start:end] == ev


# ---------------------------------------------------------------------------- real pipeline


@pytest.fixture(scope="module")
def seeds() -> ComparisonReport:
    pytest.importorskip("policylens.classify", reason="the classifier (issue 6) is not in this tree")
    return compare()


def test_package_exposes_compare_and_open():
    import importlib

    module = importlib.import_module("policylens.report")
    assert callable(policylens.compare) and policylens.compare is module.compare
    assert policylens.open is module.open and policylens.read_results is module.read_results
    with pytest.warns(DeprecationWarning, match="policylens.open is deprecated"), \
            pytest.raises(PolicyLensError, match="not a folder"):
        policylens.open("no/such/folder")  # the alias warns, then does what read_results does


def test_seeds_every_marked_cell_has_exact_evidence(seeds):
    texts = {p.id: p.text for p in seeds.policy_objects}
    assert len(texts) == 5
    for attr, aspect in [*MATRIX_ASPECTS.items(), ("destinations", "transfer_destination")]:
        matrix = getattr(seeds, attr)
        for policy in matrix.index:
            for value in matrix.columns[matrix.loc[policy].to_numpy()]:
                ev = seeds.evidence(policy, aspect, value)
                assert len(ev), (attr, policy, value)
                for start, end, text in zip(ev["start"], ev["end"], ev["evidence"], strict=True):
                    assert texts[policy][start:end] == text


def test_seeds_tables_agree(seeds):
    assert list(seeds.policies.index) == seeds.ids == [p.id for p in seeds.policy_objects]
    assert seeds.policies["n_clauses"].tolist() == \
        seeds.clauses.groupby("policy", sort=False).size().reindex(seeds.ids).tolist()
    assert (seeds.coverage.sum(axis=1) == seeds.policies["n_clauses"]).all()
    assert seeds.children["min_age"].astype("Float64").equals(seeds.policies["min_child_age"].astype("Float64"))
    assert set(seeds.retention["policy"]) <= set(seeds.ids)
    assert seeds.findings["policy"].isin(seeds.ids).all()


def test_seeds_diff_is_symmetric(seeds):
    a, b = seeds.ids[:2]
    ab, ba = seeds.diff(a, b), seeds.diff(b, a)
    assert ab[["aspect", "item"]].equals(ba[["aspect", "item"]])
    assert ab[a].tolist() == ba[a].tolist()


def test_open_an_analyze_folder_gives_the_same_tables(tmp_path):
    """analyze writes what compare computes: the same policies, matrices and retention."""
    pytest.importorskip("pyarrow")
    pytest.importorskip("policylens.classify", reason="the classifier (issue 6) is not in this tree")
    from policylens.config import bundled_policies_dir
    from policylens.corpus import analyze

    folder = bundled_policies_dir()
    direct = compare(folder)
    analyze(folder, tmp_path / "out")
    opened = compare(tmp_path / "out")
    order = direct.ids
    assert sorted(opened.ids) == sorted(order)
    for attr in ("rights", "transfers", "legal_bases", "laws", "children", "coverage"):
        pd.testing.assert_frame_equal(getattr(opened, attr).loc[order], getattr(direct, attr),
                                      check_names=False, obj=attr)
    facts = [c for c in POLICY_COLUMNS if c not in ("policy", "source")]
    pd.testing.assert_frame_equal(opened.policies.loc[order, facts], direct.policies[facts])
    key = ["policy", "start", "end", "data_category"]
    pd.testing.assert_frame_equal(
        opened.retention.sort_values(key).reset_index(drop=True),
        direct.retention.sort_values(key).reset_index(drop=True))


def test_policy_row_is_typed():
    from policylens.pipeline import policy_row

    spec = Spec(id="facts", name="Facts Co", lines=[
        "Last updated: 2 July 2025.",
        "We do not sell your personal information.",
        "Write to privacy@facts.example with questions.",
        "You must be 16 or older to use the service."],
        findings=[("last_updated", "2025-07-02", "2 July 2025", {}),
                  ("sells_data", "false", "do not sell your personal information", {}),
                  ("contact_email", "privacy@facts.example", "privacy@facts.example", {}),
                  ("child_age", "16", "16 or older", dict(number=16.0, role="minimum_age"))])
    policy, clauses, findings = build(spec)
    row = policy_row(policy, clauses, findings)
    assert set(row) == set(POLICY_COLUMNS)
    assert row["policy"] == "facts" and row["name"] == "Facts Co"
    assert row["n_clauses"] == 4 and row["n_findings"] == 4 and row["n_chars"] == len(policy.text)
    assert row["last_updated"] == "2025-07-02"
    assert row["sells_data"] is False
    assert row["shares_for_ads"] is None  # not stated
    assert row["min_child_age"] == 16
    assert row["contact_emails"] == ["privacy@facts.example"]
    assert row["has_dpo"] is None  # not stated: unknown, not False
    assert row["third_party_services"] == []
    for name, value in row.items():  # typed as documented: never "true"/"false" strings
        dtype = POLICY_COLUMNS[name][0]
        allowed = {"string": str, "int64": int, "Int64": int, "Float64": float, "boolean": bool,
                   "object": list}[dtype]
        assert value is None or type(value) is allowed, (name, value)


def test_policies_carry_the_language_of_in_memory_policies():
    english = Policy(id="en1", text="Privacy Policy\n\nWe keep your e-mail address for 30 days.\n",
                     language="en")
    german = Policy(id="de1", text="Datenschutz\n\nWir speichern Ihre Daten dreißig Tage.\n",
                    language="de")
    report = ComparisonReport([english, german])
    assert report.policies["language"].tolist() == ["en", "de"]
    assert report.policies["analysed"].tolist() == [True, False]
    assert [i["analysed"] for i in report.summary()["inputs"]] == [True, False]
