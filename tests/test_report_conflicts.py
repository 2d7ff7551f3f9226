"""A policy that both says it sells (or shares for advertising) and says it does not reads
"conflicting" wherever the report shows the fact, with both statements as evidence (#16 §4).
The policies are composed for the test."""

from __future__ import annotations

import re

import pytest

import policylens as pl
from policylens.cli import render_text
from policylens.extract.facts import CONFLICT
from policylens.report.html import render_html
from policylens.report.notebook import summary_html
from policylens.report.tables import CONFLICT_ROLE

ADMITS = "In the preceding 12 months we have sold identifiers and browsing history to data brokers."
DENIES = "We do not sell your personal information."


@pytest.fixture(scope="module")
def report():
    return pl.compare([
        pl.load_text(f"{ADMITS}\n\n{DENIES}", id="both"),
        pl.load_text(DENIES, id="denies"),
        pl.load_text(ADMITS, id="admits"),
    ])


def test_the_report_role_is_the_fact_layers():
    assert CONFLICT_ROLE == CONFLICT


def test_conflicts_table_has_both_statements(report):
    table = report.conflicts
    assert set(table["policy"]) == {"both"}  # one side alone is no conflict
    assert sorted(table["says"].tolist()) == [False, True]
    assert set(table["fact"]) == {"sells_data"}
    texts = {p.id: p.text for p in report.policy_objects}
    for _, row in table.iterrows():  # evidence is exactly the policy text, inside its sentence
        assert texts[row["policy"]][row["start"]:row["end"]] == row["evidence"]
        assert row["evidence"] in row["context"]
    says_yes = table[table["says"]].iloc[0]
    says_no = table[~table["says"]].iloc[0]
    assert says_yes["context"] in ADMITS and says_no["context"] in DENIES


def test_policies_table_keeps_its_typed_fact(report):
    # the typed column stays boolean (the admission wins); conflicts are told apart by the table
    assert report.policies.at["both", "sells_data"] == True  # noqa: E712 - pandas boolean
    assert report.policies.at["denies", "sells_data"] == False  # noqa: E712
    assert report.policies.at["admits", "sells_data"] == True  # noqa: E712


def test_html_cell_reads_conflicting_and_links_both_sides(report):
    page = render_html(report.summary(generated="2026-01-01"))
    cells = re.findall(r'<td class="conflict"[^>]*>(.*?)</td>', page, re.S)
    assert len(cells) == 1  # only 'both', only sells_data
    links = re.findall(r'<a href="#([^"]+)">(says yes|says no)</a>', cells[0])
    assert [text for _, text in links] == ["says yes", "says no"]
    for anchor, text in links:  # each link lands on the quote of its own side
        quote = re.search(rf'<blockquote class="ev" id="{anchor}">(.*?)</blockquote>', page, re.S)
        assert quote is not None
        body = re.sub(r"<[^>]+>", "", quote.group(1))
        assert ("sold identifiers" in body) == (text == "says yes")
        assert ("do not sell" in body) == (text == "says no")
    assert "is conflicting" in page  # the section note names it
    # the single-sided policies keep plain yes / no
    assert page.count(">conflicting<") == 1


def test_terminal_and_notebook_read_conflicting(report):
    facts = render_text(report).split("Facts", 1)[1].split("User rights", 1)[0]
    rows = {line.split()[0]: line for line in facts.strip().splitlines()[1:]}
    assert "conflicting" in rows["both"]
    assert "conflicting" not in rows["denies"] and "conflicting" not in rows["admits"]
    html = summary_html(report.summary(generated="2026-01-01"))
    assert html.count("conflicting") == 1


def test_no_conflict_no_column_change():
    report = pl.compare([pl.load_text(DENIES, id="denies")])
    assert len(report.conflicts) == 0
    assert list(report.conflicts.columns) == ["policy", "fact", "says", "section", "evidence",
                                              "context", "start", "end"]
    assert "conflicting" not in render_text(report)


def test_diff_reads_conflicting(report):
    diff = report.diff("both", "admits")
    row = diff[(diff["aspect"] == "fact") & (diff["item"] == "sells_data")]
    assert row[["both", "admits"]].values.tolist() == [["conflicting", True]]
    diff = report.diff("denies", "admits")  # no conflict: plain booleans
    row = diff[(diff["aspect"] == "fact") & (diff["item"] == "sells_data")]
    assert row[["denies", "admits"]].values.tolist() == [[False, True]]
