"""The compliance checklist on the report: report.compliance / scorecard / regimes, compare's
regimes= and as_of=, and the HTML / Excel / CSV exports (untrusted text stays inert)."""

from __future__ import annotations

import pandas as pd
import pytest
from lxml import html as lxml_html

import policylens as pl
from policylens.compliance import CCPA_IDS, COMPLIANCE_COLUMNS, GDPR_IDS
from policylens.compliance.render import html_section
from policylens.errors import PolicyLensError

HOSTILE = ('<script>alert(1)</script> Ltd ("we") is the controller. =HYPERLINK("http://x") '
           "You may lodge a complaint with a supervisory authority. Last updated: 2019-01-01.")


@pytest.fixture(scope="module")
def report():
    policies = [pl.Policy(id="<b>evil</b>", text=HOSTILE),
                pl.Policy(id="plain", text="We collect your e-mail address.")]
    return pl.compare(policies, regimes=["gdpr", "ccpa"], as_of="2020-06-01")


def test_compliance_table(report):
    table = report.compliance
    assert list(table.columns) == list(COMPLIANCE_COLUMNS)
    assert set(table["regime"]) == {"gdpr", "ccpa"}
    assert len(table) == 2 * (len(GDPR_IDS) + len(CCPA_IDS))
    evil = table[(table["policy"] == "<b>evil</b>") & (table["regime"] == "ccpa")].set_index("requirement")
    assert evil.at["updated_within_12_months", "status"] == "missing"  # 2019-01-01 vs 2020-06-01


def test_as_of_moves_the_twelve_months(report):
    later = pl.compare(report.policy_objects, regimes="ccpa", as_of="2019-06-01")
    row = later.compliance.set_index(["policy", "requirement"]).loc[("<b>evil</b>", "updated_within_12_months")]
    assert row["status"] == "addressed"


def test_scorecard_and_styled_view(report):
    card = report.scorecard("gdpr")
    assert list(card.index) == ["<b>evil</b>", "plain"]
    assert list(card.columns) == [*GDPR_IDS, "score"]
    styled = report.scorecard("gdpr", styled=True)
    assert repr(styled) == "<Styler policylens-scorecard-gdpr: 2 rows x 24 columns>"
    out = styled.to_html()
    assert "policylens-scorecard-gdpr" in out and "<b>evil</b>" not in out and "&lt;b&gt;evil" in out
    with pytest.raises(PolicyLensError, match="not checked"):
        report.scorecard("uk_gdpr")


def test_unknown_regime_fails_early():
    with pytest.raises(PolicyLensError, match="unknown regime"):
        pl.compare([pl.Policy(id="p", text="Hi.")], regimes=["hipaa"])


def test_regimes_table(report):
    table = report.regimes
    assert set(table["regime"]) == {"gdpr", "uk_gdpr", "ccpa"}
    assert table["follows"].dtype == bool


def test_html_section_is_escaped(report):
    page = html_section(report.compliance)
    doc = lxml_html.fromstring(page)
    assert not doc.xpath("//script") and not doc.xpath("//b[text()='evil']")
    assert "gaps" in page or "gap" in page


def test_exports_include_the_checklist(report, tmp_path):
    import openpyxl

    report.to_html(tmp_path / "r.html")
    doc = lxml_html.fromstring((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "compliance" in doc.xpath("//section/@id")
    assert not doc.xpath("//script")
    report.to_excel(tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["compliance"]
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("supervisory authority" in v for v in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    written = report.to_csv(tmp_path / "csv")
    csv = pd.read_csv(tmp_path / "csv" / "compliance.csv", encoding="utf-8-sig")
    assert any(p.name == "compliance.csv" for p in written)
    assert len(csv) == len(report.compliance)
