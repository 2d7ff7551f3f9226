"""Segmentation: line shapes, heading paths, lead-ins, sentences, tables, invariants."""

from __future__ import annotations

import pytest
from helpers_invariants import assert_segmentation_invariants
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policylens as pl
from policylens.schema import CLAUSE_COLUMNS
from policylens.segment import split_sentences


def seg(text: str, fmt: str = "txt"):
    policy = pl.load_text(text, id="t", format=fmt)
    clauses = pl.segment(policy)
    assert_segmentation_invariants(policy.text, clauses)
    return clauses


def row(clauses, needle: str):
    hits = clauses[clauses["text"].str.contains(needle, regex=False)]
    assert len(hits) == 1, f"{needle!r} is in {len(hits)} clauses"
    return hits.iloc[0]


def test_columns_and_dtypes():
    clauses = seg("Privacy\n\n1. Data\n\nWe collect data. We keep it.")
    assert list(clauses.columns) == list(CLAUSE_COLUMNS)
    assert str(clauses["start"].dtype) == "int64" and str(clauses["clause_id"].dtype) == "int64"


@pytest.mark.parametrize(
    ("text", "needle", "section"),
    [
        ("# Policy\n\n## 6. Data Retention\n\nWe keep logs for 30 days.", "We keep", "6. Data Retention"),
        ("Policy\n\n5. Security\n\n5.1 Security Measures\n\nWe encrypt data.", "We encrypt",
         "5. Security > 5.1 Security Measures"),
        ("Intro text here.\n\nCookies and Tracking Technologies\n\nWe use cookies on the site.", "We use",
         "Cookies and Tracking Technologies"),
        ("Intro text here.\n\nYour Rights\n\nRight to Access:\nYou can ask for a copy.", "You can",
         "Your Rights > Right to Access"),
        ("Intro text here.\n\nCHILDREN'S PRIVACY\n\nWe do not serve kids.", "We do not",
         "CHILDREN'S PRIVACY"),
        ("Intro text here.\n\n**Sharing**\n\nWe share with vendors.", "We share", "Sharing"),
        ("Intro.\n\n10. Children's Privacy\n\n10.1 Age Restrictions\n\nYou must be 18.", "You must",
         "10. Children's Privacy > 10.1 Age Restrictions"),
        ("Intro.\n\nII. Scope\n\nA. Purposes\n\nWe use data.", "We use", "II. Scope > A. Purposes"),
    ],
)
def test_heading_forms(text, needle, section):
    assert row(seg(text), needle)["section"] == section


def test_implicit_headings_nest_under_numbered_and_close_at_next_number():
    text = ("Privacy Policy\n\n2. Information We Collect\n\nInformation You Provide to Us\n\n"
            "  • Name and email\n\n3. How We Use It\n\nWe use it to run the service.")
    clauses = seg(text)
    assert row(clauses, "Name and email")["section"] == "2. Information We Collect > Information You Provide to Us"
    assert row(clauses, "We use it")["section"] == "3. How We Use It"
    # the document title heads nothing
    assert row(clauses, "Privacy Policy")["kind"] == "heading"
    assert row(clauses, "We use it")["depth"] == 1


def test_label_with_value_and_lead_in_sentences_are_not_headings():
    clauses = seg("Contact Us\n\nEmail: privacy@example.com\nWe may contact you:\n- By email\n- By phone")
    assert row(clauses, "Email:")["kind"] == "paragraph"
    assert row(clauses, "We may contact you:")["kind"] == "paragraph"
    assert row(clauses, "By phone")["lead_in"] == "We may contact you:"


def test_lead_in_and_nested_items():
    text = ("We may share your information in the following limited circumstances:\n"
            "- With service providers:\n  - payment processors\n  - hosting companies\n- When required by law")
    clauses = seg(text)
    assert row(clauses, "With service providers")["lead_in"].startswith("We may share")
    assert row(clauses, "payment processors")["lead_in"] == "- With service providers:"
    assert row(clauses, "required by law")["lead_in"].startswith("We may share")
    assert set(clauses["kind"]) == {"paragraph", "item"}


def test_numbered_list_is_not_a_run_of_headings():
    clauses = seg("Contents\n1. Overview\n2. Data\n3. Rights\n\n1. Overview\n\nThis policy explains things.")
    kinds = clauses.set_index("text")["kind"].to_dict()
    assert kinds["2. Data"] == "item" and kinds["3. Rights"] == "item"
    assert row(clauses, "This policy")["section"] == "1. Overview"


def test_plain_text_table_rows_are_one_clause_each():
    text = ("Privacy Policy\n\nData Retention\n\nRetention Periods by Data Type:\nData Type Typical Retention Period\n"
            "Billing & payment records 6 years\nSupport tickets 2 years from last contact\n\nAfter that we delete.")
    clauses = seg(text)
    rows = clauses[clauses["kind"] == "table_row"]
    assert list(rows["text"]) == ["Data Type Typical Retention Period", "Billing & payment records 6 years",
                                  "Support tickets 2 years from last contact"]
    assert rows.iloc[1]["lead_in"] == "Data Type Typical Retention Period"
    assert rows.iloc[1]["section"] == "Data Retention > Retention Periods by Data Type"


def test_markdown_pipe_and_tab_tables():
    clauses = seg("| Data | Period |\n|---|---|\n| Logs | 30 days |\n\nName\tEmail\n")
    assert (clauses["kind"] == "table_row").sum() == 4


def test_html_structure(tmp_path):
    page = ("<h1>Privacy Policy</h1><h2>Sharing</h2><p>We may share data:</p><ul><li>with vendors</li>"
            "</ul><p><strong>Advertising</strong></p><p>We show ads. They are contextual.</p>"
            "<table><tr><td>Logs</td><td>30 days</td></tr><tr><td>Email</td><td>1 year</td></tr></table>")
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    policy = pl.load(path)
    clauses = pl.segment(policy)
    assert_segmentation_invariants(policy.text, clauses)
    assert row(clauses, "with vendors")["lead_in"] == "We may share data:"
    assert row(clauses, "They are contextual")["section"] == "Sharing > Advertising"
    assert row(clauses, "They are contextual")["kind"] == "sentence"
    assert row(clauses, "Email\t1 year")["kind"] == "table_row"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We collect data. We use it.", ["We collect data.", "We use it."]),
        ("We use e.g. cookies. Then more.", ["We use e.g. cookies.", "Then more."]),
        ("Imaga, Inc. is based in the U.S. and Portugal.", ["Imaga, Inc. is based in the U.S. and Portugal."]),
        ("Contact J. Smith today! Or not?  Fine.", ["Contact J. Smith today!", "Or not?", "Fine."]),
        ("Version 2.1 applies. \"Quoted.\" Next", ["Version 2.1 applies.", "\"Quoted.\"", "Next"]),
        ("no terminal punctuation at all", ["no terminal punctuation at all"]),
        ("see www.example.com. lower case stays", ["see www.example.com. lower case stays"]),
    ],
)
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_output_is_deterministic(seeds):
    policy = seeds["imaginella"]
    assert pl.segment(policy).equals(pl.segment(policy))


# --- property tests ---------------------------------------------------------------------------

_LINE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.sampled_from(["", "# Heading", "## 2.1 Sub", "1. Overview", "- item one", "  • bullet",
                     "Right to Access:", "ALL CAPS TITLE", "Data Type Period", "Logs 30 days",
                     "We collect data. We use it.", "| a | b |", "a\tb", "**Bold**", "i) roman",
                     "Last Updated: 02.07.2025", "Mr. Smith e.g. said so.", "   ", "\t"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=40), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_invariants_hold_on_generated_text(lines, newline):
    text = newline.join(lines)
    if not text.strip():
        return
    seg(text)


_HTML_PART = st.sampled_from(["<p>", "</p>", "<h2>", "</h2>", "<li>", "</li>", "<ul>", "</ul>", "<br>",
                              "<table>", "<tr>", "<td>", "</td>", "</tr>", "<b>", "</b>", "<script>",
                              "</script>", "<div hidden>", "</div>", "&amp;", "&#x27;", "<nav>", "</nav>"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_HTML_PART, st.text(max_size=30)), max_size=40))
def test_invariants_hold_on_generated_html(parts):
    markup = "".join(parts)
    try:
        policy = pl.load_text(markup, id="h", format="html")
    except pl.PolicyLoadError:
        return  # nothing visible
    assert_segmentation_invariants(policy.text, pl.segment(policy))


# --- hostile input: each must segment (linear-time rules; timings live in benchmarks/) ----------

@pytest.mark.parametrize(
    "text",
    [
        "word " * 200_000,  # a 1 MB line without punctuation
        "\n".join(["- item"] * 200_000),
        "x" + " " * 1_000_000 + "y",
        "\n".join(["Title:"] * 50_000),
        "\n".join(["1. Heading"] * 20_000),
        "(" * 100_000,
        "a. " * 100_000,
    ],
    ids=["1MB-line", "200k-bullets", "1M-spaces", "50k-labels", "20k-numbered", "parens", "a-dots"],
)
def test_hostile_inputs_segment_completely(text):
    policy = pl.load_text(text, id="hostile")
    clauses = pl.segment(policy)
    covered = sum(len(t.replace(" ", "").replace("\n", "")) for t in clauses["text"])
    assert covered == len(text.replace(" ", "").replace("\n", ""))


# --- fast paths against straightforward references ----------------------------------------------

def _caps_like_reference(text: str) -> bool:
    from policylens.segment import _TERMINAL, _URLISH, _core

    core = _core(text).rstrip(":")
    letters = [c for c in core if c.isalpha()]
    return (len(letters) >= 3 and len(core) <= 100 and all(not c.islower() for c in letters)
            and core[-1:] not in _TERMINAL and len(core.split()) <= 14 and not _URLISH.search(core))


_CAPS_LINE = st.one_of(
    st.text(alphabet="ABCabc ÉéΣß123.:;*_'\"()@/ ⅰⓐ", max_size=220),
    st.sampled_from(["CHILDREN'S PRIVACY", "YOUR RIGHTS:", "**DATA RETENTION**", "A B", "ABC.",
                     "WWW.EXAMPLE.COM", "X" * 101, "X " * 15, "* " * 150 + "ABC", "_" * 150 + "ABC" + "_" * 60,
                     "ÉTÉ ÇA VA", "ⅰⅱⅲ ABC", "ABⓐC"]),
)


@settings(max_examples=500, deadline=None)
@given(_CAPS_LINE)
def test_caps_like_equals_reference(text):
    from policylens.segment import _caps_like

    assert _caps_like(text) == _caps_like_reference(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=8), st.integers(0, 9), st.sampled_from(["heading", "item"]),
                          st.text(max_size=8), st.integers(0, 50), st.integers(0, 50)), max_size=12),
       st.text(min_size=60, max_size=60))
def test_clause_frame_equals_coerced_row_frame(rows, text):
    import pandas as pd

    from policylens.schema import coerce
    from policylens.segment import _clause_frame

    rows = [(s, d, k, lead, a, a + b // 5) for s, d, k, lead, a, b in rows]
    fast = _clause_frame("pid", text, *([list(col) for col in zip(*rows, strict=True)] if rows else [[]] * 6))
    slow = coerce(pd.DataFrame([("pid", i, s, d, k, lead, text[a:e], a, e)
                                for i, (s, d, k, lead, a, e) in enumerate(rows)],
                               columns=list(CLAUSE_COLUMNS)), CLAUSE_COLUMNS)
    assert fast.equals(slow)
    assert list(fast.dtypes) == list(slow.dtypes) and fast.index.equals(slow.index)
