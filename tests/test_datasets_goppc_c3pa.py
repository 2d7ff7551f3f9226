"""Readers for GoPPC-150 and C3PA (policylens.datasets.goppc150 / .c3pa).

Synthetic files exercise the parsing rules everywhere; tests marked ``corpora`` read the real
corpora and skip when they are absent. No corpus text is copied here.
"""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest
from conftest import corpus_or_skip

from policylens.config import PROJECT_ROOT
from policylens.datasets.c3pa import COLUMNS as C3PA_COLUMNS
from policylens.datasets.c3pa import LABEL_TO_RIGHT, extract_htmls, gold_rights, load_c3pa
from policylens.datasets.goppc150 import CODE_TO_ID, gold_sets, load_goppc150, parse_policy
from policylens.datasets.goppc150 import COLUMNS as GOPPC_COLUMNS
from policylens.errors import CorpusError

# --- GoPPC-150: synthetic ------------------------------------------------------------------------

MALFORMED = """<?xml version='1.0' encoding='utf-8'?>
<policy>
  <url>https://example.org/privacy</url>
  <update_time>2021/01/01</update_time>
  <paragraph category="">Intro text.</paragraph>
  <segment>
    <title category="19;4,4.2" depth="2" tagname="h2">Your rights</title>
    <paragraph category="4.2,4.4.;4.2,4.4">You may: <list><item>see your data</item><item>erase it</item></list> Contact us.</paragraph>
    <segment>
      <title category="7;7" depth="3" tagname="h3">Complaints</title>
      <paragraph category="7">Complain to the authority.</b></paragraph>
    </segment>
  </segment>
</policy>
"""


@pytest.fixture()
def goppc_dir(tmp_path):
    folder = tmp_path / "GoPPC-150"
    folder.mkdir()
    (folder / "3.xml").write_text(MALFORMED, encoding="utf-8")
    return tmp_path


def test_parse_recovers_and_builds_paths(goppc_dir):
    rows = parse_policy(goppc_dir / "GoPPC-150" / "3.xml")
    kinds = [(r["kind"], r["section"]) for r in rows]
    assert kinds == [("paragraph", ""), ("title", "Your rights"), ("paragraph", "Your rights"),
                     ("title", "Your rights > Complaints"),
                     ("paragraph", "Your rights > Complaints")]
    rights_par = rows[2]
    assert rights_par["text"].split("\n") == ["You may:", "see your data", "erase it", "Contact us."]
    assert rights_par["labels"] == ["4.2", "4.4"]  # stray trailing dot dropped
    assert rows[1]["labels"] == ["19"] and rows[1]["labels_b"] == ["4", "4.2"]
    assert rows[4]["text"] == "Complain to the authority."  # mismatched </b> recovered
    assert all(r["policy"] == 3 and r["url"] == "https://example.org/privacy" for r in rows)


def test_load_goppc150_frame(goppc_dir):
    frame = load_goppc150(goppc_dir)
    assert list(frame.columns) == list(GOPPC_COLUMNS)
    assert frame["node"].tolist() == list(range(5))
    gold = gold_sets(frame, "right")
    assert gold == {3: {"access", "erasure", "complaint"}}  # 4.4 read as erasure (README caveat)


def test_load_goppc150_missing(tmp_path):
    with pytest.raises(CorpusError):
        load_goppc150(tmp_path)


def test_code_caveat_mapping():
    assert CODE_TO_ID["4.4"] == ("right", "erasure")
    assert CODE_TO_ID["4.5"] == ("right", "restriction")


# --- GoPPC-150: the real corpus ---------------------------------------------------------------------

@pytest.mark.corpora
def test_goppc150_corpus():
    corpus_or_skip("goppc150")
    frame = load_goppc150()
    assert frame["policy"].nunique() == 75  # development half 1-75
    assert set(frame["kind"]) == {"title", "paragraph"}
    # the malformed files of the development half parse with the recovering parser
    for number in (7, 23, 28, 38, 41, 46, 52, 62, 71):
        assert (frame["policy"] == number).sum() > 5
    # README caveat: paragraphs coded 4.4 alone are mostly about deletion
    only_44 = frame[frame["labels"].map(lambda ls: ls == ["4.4"])]
    about_deletion = only_44["text"].str.contains(r"delet|eras|remov|forgotten", case=False)
    assert len(only_44) > 20 and about_deletion.mean() > 0.7


# --- C3PA: synthetic -----------------------------------------------------------------------------

def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


@pytest.fixture()
def c3pa_dir(tmp_path):
    base = tmp_path / "c3pa"
    (base / "Annotations" / "DB").mkdir(parents=True)
    (base / "Annotations" / "DB" / "1.csv").write_text(
        "RANumb,Text,Label\n"
        'ra1,"You may ask us to delete it.",Description of Right to Delete\n'
        'ra2,"Delete requests go to privacy@x.",Description of Right to Delete\n'
        'ra1,"Know what we hold.",Description of Right to Know PI Collected\n'
        'ra1,"We collect names.",Categories of Personal Information Collected\n', encoding="utf-8")
    with tarfile.open(base / "Htmls.tar.xz", "w:xz") as tar:
        _add(tar, "Htmls/DB/1.html", b"<html><body><p>You may ask us to delete it.</p></body></html>")
    return base


def test_load_c3pa_extracts_into_cache(c3pa_dir, tmp_path):
    cache = tmp_path / "cache"
    frame = load_c3pa(c3pa_dir, cache=cache)
    assert list(frame.columns) == list(C3PA_COLUMNS)
    assert frame["policy"].unique().tolist() == ["DB/1"]
    html = frame["html_path"].iloc[0]
    assert html.startswith(str(cache)) and "delete it" in Path(html).read_text(encoding="utf-8")
    assert not (c3pa_dir / "Htmls").exists()  # nothing extracted next to the data
    assert gold_rights(frame) == {"DB/1": {"erasure", "access"}}
    assert gold_rights(frame, min_annotators=2) == {"DB/1": {"erasure"}}


def test_c3pa_archive_cannot_escape_cache(tmp_path):
    base = tmp_path / "evil"
    base.mkdir()
    with tarfile.open(base / "Htmls.tar.xz", "w:xz") as tar:
        _add(tar, "../escaped.html", b"x")
    with pytest.raises(tarfile.TarError):
        extract_htmls(base, cache=tmp_path / "cache")
    assert not (tmp_path / "escaped.html").exists()


def test_load_c3pa_missing(tmp_path):
    with pytest.raises(CorpusError):
        load_c3pa(tmp_path, extract_html=False)


# --- C3PA: the real corpus --------------------------------------------------------------------------

@pytest.mark.corpora
def test_c3pa_corpus():
    corpus_or_skip("c3pa")
    frame = load_c3pa()
    assert frame["policy"].nunique() == 230  # development half: the DB subset
    assert set(LABEL_TO_RIGHT) <= set(frame["label"])
    paths = frame["html_path"].unique()
    assert all(p for p in paths)
    # extracted outside the repository
    assert not any(str(p).startswith(str(PROJECT_ROOT)) for p in paths)
