"""Segmentation error classes seen on unseen policies (issue #12 §3d), on composed texts.

Each case is checked against the segmentation invariants (offsets reproduce the clause, every
non-whitespace character lands in exactly one clause) as well as the expected shape.
"""

from __future__ import annotations

import pytest
from helpers_invariants import assert_segmentation_invariants
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policylens as pl


def seg(text: str, fmt: str = "txt"):
    policy = pl.load_text(text, id="t", format=fmt)
    clauses = pl.segment(policy)
    assert_segmentation_invariants(policy.text, clauses)
    return clauses


def row(clauses, needle: str):
    hits = clauses[clauses["text"].str.contains(needle, regex=False)]
    assert len(hits) == 1, f"{needle!r} is in {len(hits)} clauses"
    return hits.iloc[0]


# --- a heading-shaped line followed by a lower-case continuation is one sentence -----------------

@pytest.mark.parametrize(
    ("text", "head", "tail"),
    [
        ("Intro paragraph here.\n\nRight to lodge a complaint\n\nwith the data protection authority "
         "of your country.\n\nMore text follows.", "Right to lodge a complaint", "with the data protection"),
        ("Intro paragraph here.\n\nRIGHT TO OBJECT\nto the processing of your data for marketing.\n\nEnd.",
         "RIGHT TO OBJECT", "to the processing of your data"),
        ("# Policy\n\n## Right to have your data erased\n\nif it is no longer needed for its purpose.",
         "Right to have your data erased", "if it is no longer needed"),
    ],
)
def test_heading_with_lower_case_continuation_is_one_sentence(text, head, tail):
    clauses = seg(text)
    clause = row(clauses, head)
    assert tail in clause["text"]
    assert clause["kind"] in ("paragraph", "sentence")


def test_heading_with_lower_case_continuation_in_html(tmp_path):
    page = ("<h1>Privacy</h1><p>Intro text.</p><h3>Right to lodge a complaint</h3>"
            "<p>with a supervisory authority in the country where you live.</p><h3>Contact</h3><p>Write to us.</p>")
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    policy = pl.load(path)
    clauses = pl.segment(policy)
    assert_segmentation_invariants(policy.text, clauses)
    assert "with a supervisory authority" in row(clauses, "Right to lodge a complaint")["text"]
    assert row(clauses, "Write to us")["section"].endswith("Contact")


@pytest.mark.parametrize(
    "body",
    ["iOS users can turn tracking off in the settings.", "We collect data when you register.",
     "- a list item under the heading", "eBay sellers see this section."],
)
def test_heading_before_capitalised_or_listed_body_stays_a_heading(body):
    clauses = seg(f"Intro paragraph here.\n\nDevice Settings\n\n{body}\n\nEnd of text.")
    assert row(clauses, "Device Settings")["kind"] == "heading"
    assert row(clauses, body.lstrip("- ")[:20])["section"] == "Device Settings"


# --- a lettered paragraph in running text is no list ---------------------------------------------

def test_lone_lettered_paragraph_is_not_an_item_and_does_not_head_bullets():
    text = ("We describe our practices below.\n\ng. Security. We protect what we hold with encryption.\n\n"
            "We may share data with:\n  - hosting companies\n  - payment processors\n\nMore text.")
    clauses = seg(text)
    assert row(clauses, "g. Security")["kind"] != "item"
    assert row(clauses, "hosting companies")["lead_in"] == "We may share data with:"


def test_lettered_paragraph_continuing_a_run_is_still_an_item():
    clauses = seg("We use data to:\na. run the service\nb. answer questions\nc. keep accounts safe\n\nEnd.")
    for needle in ("run the service", "answer questions", "keep accounts safe"):
        assert row(clauses, needle)["kind"] == "item"
        assert row(clauses, needle)["lead_in"] == "We use data to:"


def test_lone_lettered_paragraph_does_not_capture_deeper_bullets():
    text = ("Our purposes are listed in this part.\n\nh. Analytics help us improve.\n"
            "    - measuring page views\n    - fixing crashes")
    clauses = seg(text)
    assert row(clauses, "measuring page views")["lead_in"] != row(clauses, "h. Analytics")["text"] or \
        row(clauses, "h. Analytics")["kind"] != "item"
    assert row(clauses, "h. Analytics")["kind"] != "item"


# --- inline bullets split items ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "items", "lead"),
    [
        ("This notice covers people who:\nvisit our web shop • use our mobile app • call our help desk",
         ["visit our web shop", "use our mobile app", "call our help desk"], "This notice covers people who:"),
        ("It applies to the following groups: • shoppers • newsletter readers • job applicants",
         ["shoppers", "newsletter readers", "job applicants"], "It applies to the following groups:"),
        ("- Visitors • Customers • Suppliers", ["Visitors", "Customers", "Suppliers"], ""),
    ],
)
def test_inline_bullets_split_items(text, items, lead):
    clauses = seg(text)
    for item in items:
        clause = row(clauses, item)
        assert clause["kind"] == "item"
        assert clause["text"].strip("-• ") == item
        if lead:
            assert clause["lead_in"] == lead


def test_a_bullet_inside_a_word_or_alone_does_not_split():
    clauses = seg("Our brand name is Foo•Bar and it is great.")
    assert len(clauses) == 1


def test_bundled_imago_audience_list_is_five_items(seeds):
    policy = seeds["imago-technologies"]
    clauses = pl.segment(policy)
    assert_segmentation_invariants(policy.text, clauses)
    lead = row(clauses, "For that reason, we have created this Privacy Policy")["text"]
    items = clauses[clauses["lead_in"] == lead]
    assert len(items) == 5
    assert set(items["kind"]) == {"item"}


# --- a short label paragraph gives context to the value below it ---------------------------------

@pytest.mark.parametrize(
    ("label", "value"),
    [("Retention period", "3 years after the account is closed"),
     ("Retention Period", "Until you delete your account"),
     ("How long we keep it:", "24 months")],
)
def test_short_label_paragraph_is_lead_in_of_the_value(label, value):
    text = f"Data we hold\n\nWe hold account data.\n\n{label}\n\n{value}\n\nThe next paragraph is a sentence."
    clauses = seg(text)
    assert row(clauses, value)["lead_in"] == label
    assert row(clauses, "The next paragraph")["lead_in"] == ""


def test_long_paragraph_is_no_label():
    clauses = seg("Intro.\n\nWe keep what we collect for as long as the law asks us to do so.\n\nThen we delete it.")
    assert row(clauses, "Then we delete")["lead_in"] == ""


# --- invariants on texts mixing these shapes -----------------------------------------------------

_PIECES = st.sampled_from([
    "Right to object", "with your authority.", "g. A lettered line.", "a. first", "b. second",
    "x • y • z", "Retention period", "3 years", "- bullet", "  - nested", "", "Plain sentence. Another.",
    "• lead • trail", "# Heading", "iOS users", "Label:", "•", " • ", "h) item",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=14).filter(lambda p: "".join(p).strip()),
       st.sampled_from(["\n", "\n\n"]))
def test_invariants_hold_on_error_class_shapes(pieces, newline):
    seg(newline.join(pieces))


@pytest.mark.parametrize("text", [
    "We comply with the EU-U.S. Data Privacy Framework and the Swiss-U.S. Data Privacy Framework.",
    "Transfers rely on the UK Extension to the EU-U.S. DPF as certified.",
])
def test_abbreviation_after_a_hyphen_does_not_end_a_sentence(text):
    from policylens.segment import split_sentences

    assert [text[s:e] for s, e in split_sentences(text)] == [text]
