"""Corpus discovery and names (policylens.io.corpus, policylens.io.loader.document_names)."""

from __future__ import annotations

import pytest

import policylens as pl
from policylens.io import discover
from policylens.io.corpus import natural_key
from policylens.io.loader import document_names

PAGE = "<title>{title}</title><h1>{heading}</h1><p>We collect your e-mail address to send receipts.</p>"


def test_folders_come_in_natural_order_and_files_in_input_order(tmp_path):
    for name in ("10.html", "2.html", "1.html", "b.txt"):
        (tmp_path / name).write_text("<p>We collect data.</p>" if name.endswith("html") else "We collect data.")
    assert [p.name for p in discover(tmp_path)] == ["1.html", "2.html", "10.html", "b.txt"]
    given = [tmp_path / "10.html", tmp_path / "1.html"]
    assert [p.name for p in discover(given)] == ["10.html", "1.html"]
    assert [p.id for p in pl.load_corpus(tmp_path)] == ["1", "2", "10", "b"]


@pytest.mark.parametrize(("names", "expected"), [
    (["a10", "a9", "a100"], ["a9", "a10", "a100"]),
    (["x/2/1.html", "x/10/1.html"], ["x/2/1.html", "x/10/1.html"]),
    (["B.txt", "a.txt"], ["a.txt", "B.txt"]),
])
def test_natural_key(names, expected):
    assert sorted(names, key=natural_key) == expected


@pytest.mark.parametrize(
    ("title", "site", "heading", "name", "organisation"),
    [
        ("Privacy Policy | Example Inc", "", "Privacy", "Privacy Policy | Example Inc", "Example Inc"),
        ("Example Inc - Privacy Notice", "", "Privacy", "Example Inc - Privacy Notice", "Example Inc"),
        ("Privacy Policy", "Example", "Privacy", "Privacy Policy", "Example"),
        ("", "", "Our Privacy Promise", "Our Privacy Promise", ""),
        ("Legal | Privacy", "", "x", "Legal | Privacy", ""),  # no part names an owner
    ],
)
def test_names_come_from_the_page_not_the_file(tmp_path, title, site, heading, name, organisation):
    meta = f"<meta property='og:site_name' content='{site}'>" if site else ""
    path = tmp_path / "1.html"
    path.write_text(meta + PAGE.format(title=title, heading=heading), encoding="utf-8")
    policy = pl.load(path)
    assert (policy.name, policy.organisation) == (name, organisation)
    assert policy.id == "1"


def test_given_name_wins_and_plain_text_uses_its_title_line(tmp_path):
    path = tmp_path / "2.txt"
    path.write_text("Example Privacy Notice\n\nWe collect your e-mail address.", encoding="utf-8")
    assert pl.load(path).name == "Example Privacy Notice"
    assert pl.load(path, name="Mine").name == "Mine"
    body = tmp_path / "3.txt"
    body.write_text("We collect your e-mail address to send receipts.", encoding="utf-8")
    assert pl.load(body).name == "3"  # no title line: the file name is all there is
    named = tmp_path / "acme-privacy.txt"
    named.write_text("Privacy Policy\n\nWe collect your e-mail address.", encoding="utf-8")
    assert pl.load(named).name == "acme-privacy"  # a file name a person wrote beats "Privacy Policy"


def test_document_names_examples():
    assert document_names("  Privacy  Notice ", "") == ("Privacy Notice", "")
    assert document_names("", "", "A Title\n\nBody text.") == ("A Title", "")
