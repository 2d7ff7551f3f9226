"""Loading: formats, encodings, line endings, bad input, corpora and ids."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policylens as pl
from policylens.errors import CorpusError, PolicyLoadError
from policylens.io import decode, loader, make_id

TEXT = "Privacy Policy\n\nWe collect your e-mail address. We never sell it.\n"


def write(tmp_path, name: str, data: bytes | str):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_bundled_corpus_has_five_seeds_with_manifest_ids():
    policies = pl.load_corpus()
    assert [p.id for p in policies] == [
        "imago-platform", "imaga", "imaginella", "imago-technologies", "imagint-labs"]
    assert all(p.text and p.format == "txt" and p.source.endswith(".txt") for p in policies)
    assert policies[2].organisation == "Itmex Solutions LTD"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # BOM + little-endian on this platform
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        ("Caf\u00e9 \u201cquoted\u201d policy".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected(tmp_path, data, encoding):
    policy = pl.load(write(tmp_path, "p.txt", data))
    assert policy.encoding == encoding
    assert "\ufeff" not in policy.text
    assert policy.text.strip().startswith(("Privacy", "Caf\u00e9"))


def test_cp1252_smart_quotes_survive(tmp_path):
    policy = pl.load(write(tmp_path, "p.txt", "We \u201cnever\u201d sell \u2013 ever.".encode("cp1252")))
    assert policy.text == "We \u201cnever\u201d sell \u2013 ever."


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_are_normalised_without_losing_characters(tmp_path, newline):
    body = newline.join(["Title", "", "First line.", "Second line."])
    policy = pl.load(write(tmp_path, "p.txt", body))
    assert policy.text == "Title\n\nFirst line.\nSecond line."


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\t \n", "only whitespace"),
        ("doc.pdf", b"%PDF-1.7\n...", "cannot read the PDF"),
        ("doc.txt", b"%PDF-1.4 binary", "give it a .pdf extension"),
        ("img.png", b"\x89PNG\r\n\x1a\nxxxx", "PNG image"),
        ("a.docx", b"PK\x03\x04rest", "cannot read the Word document"),
        ("a.txt", b"PK\x03\x04rest", "ZIP-based"),
        ("bin.txt", b"abc\x00\x01\x02def", "NUL bytes"),
        ("ctl.txt", bytes(range(1, 32)) * 20, "control characters"),
        ("p.json", b'{"a": 1}', "unsupported format '.json'"),
        ("only.html", b"<html><script>x()</script><style>p{}</style></html>", "no text"),
    ],
)
def test_bad_input_raises_clear_error_naming_file(tmp_path, name, data, problem):
    path = write(tmp_path, name, data)
    with pytest.raises(PolicyLoadError) as info:
        pl.load(path)
    assert problem in str(info.value)
    assert str(path) in str(info.value)
    assert info.value.path == str(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(PolicyLoadError, match="file not found"):
        pl.load(tmp_path / "nope.txt")
    with pytest.raises(PolicyLoadError, match="is a folder"):
        pl.load(tmp_path)


def test_size_limit_is_configurable(tmp_path, monkeypatch):
    path = write(tmp_path, "big.txt", "x" * 2000)
    with pytest.raises(PolicyLoadError, match="too large"):
        pl.load(path, max_bytes=1000)
    monkeypatch.setenv("POLICYLENS_MAX_BYTES", "100")
    with pytest.raises(PolicyLoadError, match="the limit is 100"):
        pl.load(path)
    assert len(pl.load(path, max_bytes=10_000).text) == 2000


def test_undecodable_utf16_is_reported(tmp_path):
    path = write(tmp_path, "bad.txt", b"\xff\xfe" + b"\x00\xd8")  # lone surrogate
    with pytest.raises(PolicyLoadError, match="undecodable utf-16"):
        pl.load(path)


def test_markdown_keeps_characters(tmp_path):
    md = "# Privacy\n\n## 1. Data\n\n- **Email** address\n"
    policy = pl.load(write(tmp_path, "p.md", md))
    assert policy.format == "md" and policy.text == md.rstrip("\n") + "\n"


def test_html_drops_noise_and_declares_blocks(tmp_path):
    page = """<!doctype html><html><head><title>T</title><style>.x{}</style></head><body>
    <nav><a href="/">Home</a> <a href="/about">About</a></nav>
    <script>var secret = "do not show";</script>
    <h1>Privacy Policy</h1><h2>1. Data We Collect</h2>
    <p>We collect your <b>name</b> &amp; e-mail.<br>And your IP address.</p>
    <ul><li>Name</li><li>Email<ul><li>work email</li></ul></li></ul>
    <table><tr><th>Data</th><th>Retention</th></tr><tr><td>Logs</td><td>30 days</td></tr></table>
    <p hidden>invisible</p><div aria-hidden="true">also invisible</div>
    <p>Truncated at the end"""
    policy = pl.load(write(tmp_path, "p.html", page))
    text = policy.text
    assert "secret" not in text and "Home" not in text and ".x{}" not in text
    assert "invisible" not in text
    assert "We collect your name & e-mail.\nAnd your IP address." in text
    assert "Logs\t30 days" in text and text.endswith("Truncated at the end")
    kinds = [(b.kind, b.level, text[b.start:b.end]) for b in policy.blocks]
    assert ("heading", 1, "Privacy Policy") in kinds
    assert ("heading", 2, "1. Data We Collect") in kinds
    assert ("item", 2, "work email") in kinds
    assert ("table_row", 0, "Data\tRetention") in kinds


def test_extensionless_html_is_sniffed(tmp_path):
    policy = pl.load(write(tmp_path, "policy", "<html><body><p>We collect data.</p></body></html>"))
    assert policy.format == "html" and policy.text == "We collect data."


def test_load_corpus_skip_reports_every_bad_file(tmp_path):
    write(tmp_path, "a.txt", TEXT)
    write(tmp_path, "b.txt", b"")
    write(tmp_path, "c.html", b"<p>Hello policy.</p>")
    write(tmp_path, "d.txt", b"\x00\x00\x00")
    write(tmp_path, "ignored.csv", b"x,y")
    with pytest.raises(PolicyLoadError, match="b.txt: file is empty"):
        pl.load_corpus(tmp_path)
    report: list = []
    policies = pl.load_corpus(tmp_path, errors="skip", report=report)
    assert [p.id for p in policies] == ["a", "c"]
    assert sorted(p for p, _ in policies.skipped) == sorted([str(tmp_path / "b.txt"), str(tmp_path / "d.txt")])
    assert report == policies.skipped
    assert all(problem for _, problem in report)


def test_duplicate_ids_are_renamed_or_refused(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    a = write(tmp_path / "x", "policy.txt", TEXT)
    b = write(tmp_path / "y", "policy.txt", TEXT)
    policies = pl.load_corpus([a, b])
    assert [p.id for p in policies] == ["policy", "policy-2"]
    with pytest.raises(CorpusError, match="duplicate policy id 'policy'"):
        pl.load_corpus([a, b], duplicates="raise")


def test_make_id_is_short_and_readable():
    assert make_id("002_Imaginella Privacy (UK)") == "002-imaginella-privacy-uk"
    assert make_id("***") == "policy"


def test_decode_rejects_binary_magic():
    with pytest.raises(PolicyLoadError, match="gzip"):
        decode(b"\x1f\x8b\x08\x00", "x.txt")


def test_policy_repr_html_escapes_text():
    policy = pl.load_text("<script>alert(1)</script> We collect data.", id="evil")
    assert "<script>" not in policy._repr_html_()
    assert "&lt;script&gt;" in policy._repr_html_()


def test_html_source_newlines_are_spaces_but_br_breaks_lines():
    policy = pl.load_text("<p>In Thailand, you\nmust be at least 20.<br/>Next line.</p>", id="h", format="html")
    assert policy.text == "In Thailand, you must be at least 20.\nNext line."


def _looks_binary_reference(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls / len(sample) > 0.05


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7f), max_size=200), st.integers(0, 9000))
def test_looks_binary_equals_reference(text, pad):
    for sample in (text, "a" * pad + text, text * 50):
        assert loader._looks_binary(sample) == _looks_binary_reference(sample)
