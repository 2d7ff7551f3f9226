"""``policylens check``: exit codes, table / JSON / JUnit output (the JUnit XML is parsed)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from policylens.cli import main
from policylens.compliance import CCPA_IDS, GDPR_IDS

COMPLETE_CCPA = """Privacy Policy
Last updated: May 1, 2025

Information we collect
We collect identifiers, such as your name and email address, directly from you when you register.

How we use information
We use your information to provide and improve the service.

Sharing
We disclose identifiers to our service providers for a business purpose. We do not sell or share your personal information.
We do not sell or share the personal information of consumers under 16 years of age.

Retention
We keep account data for as long as your account is open and delete it within 30 days after you close it.

Your California rights
You have the right to know what personal information we collect, the right to delete it, and the right to correct inaccurate personal information.
You have the right to opt out of the sale or sharing of your personal information.
You have the right to limit the use and disclosure of your sensitive personal information.
We will not discriminate against you for exercising your rights.
We do not offer financial incentives.

How to submit a request
To exercise your rights, email privacy@example.org or call us toll-free at 1-800-555-0100.
We will verify your identity before we act on your request. You may use an authorized agent to submit a request on your behalf.
We treat a Global Privacy Control signal as a request to opt out.

Contact
Questions? Contact us at privacy@example.org.
"""

SPARSE = "Privacy Policy\n\nWe collect your e-mail address to send you our newsletter.\n"


@pytest.fixture()
def files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(COMPLETE_CCPA, encoding="utf-8")
    sparse = tmp_path / "sparse.txt"
    sparse.write_text(SPARSE, encoding="utf-8")
    return good, sparse


def test_complete_policy_passes(files, capsys):
    good, _ = files
    code = main(["check", str(good), "--regime", "ccpa", "--as-of", "2025-06-01"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "\u2717" not in out
    assert "[1798.105; Regs \u00a7 7011(e)(2)]" in out  # citations are printed


def test_missing_items_exit_1_and_say_what_was_looked_for(files, capsys):
    _, sparse = files
    code = main(["check", str(sparse), "--regime", "gdpr"])
    out = capsys.readouterr().out
    assert code == 1
    assert "\u2717 complaint" in out
    assert "looked for the right to lodge a complaint" in out


def test_stale_date_fails_the_twelve_month_item(files, capsys):
    good, _ = files
    assert main(["check", str(good), "--regime", "ccpa", "--as-of", "2027-01-01"]) == 1
    assert "\u2717 updated_within_12_months" in capsys.readouterr().out


def test_json_output(files, capsys):
    good, sparse = files
    code = main(["check", str(good), str(sparse), "--regime", "ccpa", "--format", "json",
                 "--as-of", "2025-06-01"])
    rows = json.loads(capsys.readouterr().out)
    assert code == 1
    assert len(rows) == 2 * len(CCPA_IDS)
    by = {(r["policy"], r["requirement"]): r for r in rows}
    hit = by[("good", "authorized_agent")]
    assert hit["status"] == "addressed" and "authorized agent" in hit["evidence"]
    assert COMPLETE_CCPA[hit["start"]:hit["end"]] == hit["evidence"]
    miss = by[("sparse", "authorized_agent")]
    assert miss["status"] == "missing" and miss["clause_id"] is None and miss["note"]


def test_junit_output_parses(files, capsys):
    good, sparse = files
    code = main(["check", str(good), str(sparse), "--regime", "gdpr", "--regime", "uk_gdpr",
                 "--format", "junit"])
    root = ET.fromstring(capsys.readouterr().out)
    assert code == 1
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["good gdpr", "good uk_gdpr", "sparse gdpr", "sparse uk_gdpr"]
    assert int(root.get("tests")) == 4 * len(GDPR_IDS)
    sparse_gdpr = suites[2]
    failures = [c.get("name") for c in sparse_gdpr.findall("testcase") if c.find("failure") is not None]
    skipped = [c.get("name") for c in sparse_gdpr.findall("testcase") if c.find("skipped") is not None]
    assert "complaint" in failures and "dpo_contact" in skipped
    assert int(sparse_gdpr.get("failures")) == len(failures)
    assert int(root.get("failures")) == sum(int(s.get("failures")) for s in suites)


def test_regime_is_required_and_checked(files, capsys):
    good, _ = files
    with pytest.raises(SystemExit) as exc:
        main(["check", str(good)])
    assert exc.value.code == 2
    with pytest.raises(SystemExit):
        main(["check", str(good), "--regime", "hipaa"])


def test_unreadable_file_is_one_line_error(tmp_path, capsys):
    code = main(["check", str(tmp_path / "nope.txt"), "--regime", "ccpa"])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("policylens: error:") and "nope.txt" in err


def test_hostile_text_is_escaped_in_junit(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text('We are Evil Ltd ("we") <script>alert(1)</script> & co. \x1b[31m', encoding="utf-8")
    main(["check", str(bad), "--regime", "gdpr", "--format", "junit"])
    out = capsys.readouterr().out
    ET.fromstring(out)  # well-formed despite the markup and control characters
    assert "<script>" not in out
