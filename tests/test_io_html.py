"""HTML to visible text with structure (policylens.io.html): the visible-text rules, hidden
content, blocks and their offsets, and names taken from the page."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylens.io.html import html_text, html_to_text, ink, squash

PROSE = ("We keep your account details for as long as your account is open. After you close it, "
         "we delete them within thirty days. You may ask us for a copy at any time, and we answer "
         "within a month. ")


def kinds(markup: str, **kw) -> list[tuple[str, int, str]]:
    text, blocks = html_to_text(markup, **kw)
    return [(b.kind, b.level, text[b.start:b.end]) for b in blocks]


@pytest.mark.parametrize(
    "markup",
    [
        "<script>var x = 'secret';</script><p>Shown.</p>",
        "<style>.secret{}</style><p>Shown.</p>",
        "<nav><a>secret</a></nav><p>Shown.</p>",
        "<p>Shown.</p><noscript>secret</noscript>",
        "<template><p>secret</p></template><p>Shown.</p>",
        "<svg><text>secret</text></svg><p>Shown.</p>",
        "<p>Shown.</p><button>secret</button>",
        "<select><option>secret</option></select><p>Shown.</p>",
        "<p hidden>secret</p><p>Shown.</p>",
        "<div aria-hidden=\"true\">secret</div><p>Shown.</p>",
        "<div aria-hidden=TRUE>secret</div><p>Shown.</p>",
        "<h2 style=\"display: none\">secret</h2><p>Shown.</p>",
        "<h2 style=\"color:red;visibility:hidden\">secret</h2><p>Shown.</p>",
        "<head><title>secret</title></head><body><p>Shown.</p></body>",
        "<!-- secret --><p>Shown.</p>",
    ],
)
def test_invisible_content_is_dropped(markup):
    assert html_to_text(markup)[0] == "Shown."


@pytest.mark.parametrize("placeholder", ["None", "HTML Editor Component", "Loading...", "Close menu"])
@pytest.mark.parametrize("hide", ["style=\"display:none\"", "hidden", "aria-hidden=\"true\""])
def test_hidden_placeholder_never_becomes_a_heading(placeholder, hide):
    page = f"<h2 {hide}>{placeholder}</h2><h2>Your rights</h2><p>You may ask us to delete data.</p>"
    assert [k for k, _, t in kinds(page) if k == "heading"] == ["heading"]
    assert placeholder not in html_to_text(page)[0]


@pytest.mark.parametrize("hide", ["style=\"display:none\"", "hidden", "aria-hidden=\"true\"",
                                  "class=\"collapse\" style=\"display: none;\""])
def test_collapsed_accordion_panel_holding_policy_prose_is_kept(hide):
    page = (f"<h2><button>Your rights</button></h2><div {hide}><h3>Deletion</h3><p>{PROSE}</p>"
            f"<ul><li>Access</li><li>Erasure</li></ul></div><h2>Contact</h2><p>Write to us.</p>")
    text, blocks = html_to_text(page)
    assert PROSE.strip() in text
    assert ("heading", 2, "Your rights") in kinds(page)  # the accordion's <button> title is kept
    assert ("heading", 3, "Deletion") in kinds(page)
    assert ("item", 1, "Erasure") in kinds(page)


def test_structure_headings_lists_tables_bold_and_br():
    page = ("<h1>Privacy</h1><h4>Scope</h4><p><b>Data we hold</b></p><p>We collect your <b>name</b> "
            "&amp; e-mail.<br>And your IP.</p><ol><li>One<ul><li>Nested</li></ul></li><li>Two</li></ol>"
            "<table><tr><th>Data</th><th>Kept</th></tr><tr><td>Logs</td><td>30 days</td></tr></table>"
            "<pre>  a\n   b</pre>")
    got = kinds(page)
    assert got == [
        ("heading", 1, "Privacy"), ("heading", 4, "Scope"), ("heading", 7, "Data we hold"),
        ("paragraph", 0, "We collect your name & e-mail.\nAnd your IP."),
        ("item", 1, "One"), ("item", 2, "Nested"), ("item", 1, "Two"),
        ("table_row", 0, "Data\tKept"), ("table_row", 0, "Logs\t30 days"),
        ("paragraph", 0, "  a\n   b"),
    ]
    text = html_to_text(page)[0]
    assert "Nested\nTwo\n\nData\tKept\nLogs\t30 days" in text  # runs of items/rows: one newline


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>Truncated at the end", "Truncated at the end"),
        ("<table><tr><td>a<td>b<tr><td>c</table>", "a\tb\nc"),
        ("<p>a &amp b &bogus; &lt;</p>", "a & b &bogus; <"),
        ("<p>one\ntwo</p>", "one two"),
        ("<li>stray item", "stray item"),
        ("plain text, no tags", "plain text, no tags"),
    ],
)
def test_broken_markup_is_repaired_as_a_browser_would(markup, text):
    assert html_to_text(markup)[0] == text


def test_deep_nesting_does_not_recurse():
    page = "<div>" * 20000 + "<p>Deep.</p>" + "</div>" * 20000
    assert html_to_text(page)[0] == "Deep."


@pytest.mark.parametrize(
    ("markup", "title", "site", "first"),
    [
        ("<title> Acme | Privacy </title><meta property='og:site_name' content='Acme Inc'><h2>Notice</h2>",
         "Acme | Privacy", "Acme Inc", "Notice"),
        ("<p>No names here.</p>", "", "", ""),
        ("<h3 hidden>None</h3><h1>Privacy Policy</h1>", "", "", "Privacy Policy"),
    ],
)
def test_page_names(markup, title, site, first):
    page = html_text(markup)
    assert (page.title, page.site_name, page.first_heading) == (title, site, first)


def test_boilerplate_option_is_checked():
    with pytest.raises(ValueError, match="boilerplate"):
        html_to_text("<p>x</p>", boilerplate="maybe")


_PARTS = st.sampled_from([
    "<p>", "</p>", "<div class=x>", "</div>", "<h2>", "</h2>", "<ul>", "</ul>", "<li>", "</li>",
    "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<br>", "<b>", "</b>", "<pre>", "</pre>",
    "<script>", "</script>", "<span hidden>", "</span>", "<div style='display:none'>", "<!--", "-->",
    "&amp;", "&lt;", "<", ">", " ", "\n", "\t", "\xa0", "Word.", "Heading", "é", "x",
])
_MARKUP = st.lists(st.one_of(_PARTS, st.text(max_size=6)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MARKUP, st.sampled_from(["keep", "drop"]))
def test_blocks_index_the_text_in_order(markup, boilerplate):
    text, blocks = html_to_text(markup, boilerplate=boilerplate)
    position = 0
    for block in blocks:
        assert position <= block.start < block.end <= len(text)
        chunk = text[block.start:block.end]
        assert chunk.strip() and chunk == chunk.strip("\n")
        position = block.end
    # every character outside the blocks is a separator
    covered = set()
    for block in blocks:
        covered.update(range(block.start, block.end))
    assert all(text[i] == "\n" for i in range(len(text)) if i not in covered)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12),
                min_size=1, max_size=8))
def test_every_visible_word_is_kept(words):
    # plain paragraphs: every non-whitespace character of the visible text comes out, in order
    from html import escape

    page = "".join(f"<p>{escape(w)}</p>" for w in words)
    text = html_to_text(page)[0]
    assert "".join(text.split()) == "".join("".join(w.split()) for w in words)


@pytest.mark.parametrize("text", ["", "  a \t b\n", "\xa0x\u2028y", "no-space"])
def test_squash_and_ink(text):
    import re

    assert squash(text) == re.sub(r"\s+", " ", text).strip()
    assert ink(text) == len(re.sub(r"\s+", "", text))
