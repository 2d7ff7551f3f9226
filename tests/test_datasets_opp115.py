"""OPP-115 readers. Needs ../shared/corpora/opp115 (research-only, never shipped); skips without it.

Expected counts come from the corpus README (115 policies, 3,792 segments; the majority split has
2,185 / 550 / 697 unique texts) and its label_distribution.txt.
"""

from __future__ import annotations

import pytest

from policylens.config import corpus_dir
from policylens.datasets import load_opp115, load_opp115_split
from policylens.datasets.opp115 import OPP115_CLASSES, clean_segment
from policylens.taxonomy import OPP115_CLASSES as TAXONOMY_OPP115_CLASSES

OPP = corpus_dir("opp115")
needs_opp115 = pytest.mark.skipif(not OPP.is_dir(), reason=f"OPP-115 corpus not found at {OPP}")


def test_class_lists_agree():
    assert OPP115_CLASSES == TAXONOMY_OPP115_CLASSES
    assert len(OPP115_CLASSES) == 12


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Privacy Policy <br> <br> We care. <br>", "Privacy Policy We care."),
        ("<strong>Bold</strong>&amp;<em>it</em>", "Bold & it"),
        ("  \n ", ""),
    ],
)
def test_clean_segment(raw, clean):
    assert clean_segment(raw) == clean


def test_missing_corpus_raises_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="OPP-115 not found"):
        load_opp115(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="split must be one of"):
        load_opp115_split("dev", tmp_path)


@pytest.mark.corpora
@needs_opp115
@pytest.mark.parametrize(("split", "n_texts"), [("train", 2185), ("validation", 550), ("test", 697)])
def test_split_sizes_and_labels(split, n_texts):
    frame = load_opp115_split(split)
    assert list(frame.columns) == ["text", "labels"]
    assert len(frame) == n_texts
    assert frame["text"].is_unique
    assert frame["labels"].map(len).min() >= 1
    assert set(frame["labels"].explode()) == set(OPP115_CLASSES)
    order = {label: i for i, label in enumerate(OPP115_CLASSES)}
    assert all([order[x] for x in labels] == sorted(order[x] for x in labels) for labels in frame["labels"])


@pytest.mark.corpora
@needs_opp115
def test_split_keeps_mangled_texts():
    assert (load_opp115_split("train")["text"] == "#NAME?").sum() == 1


@pytest.mark.corpora
@needs_opp115
def test_split_label_counts_match_the_distribution_file():
    # label_distribution.txt counts (segment, label) rows before texts are grouped; Do Not Track
    # segments are never duplicated texts, so their count is exact: 22 / 6 / 3.
    counts = {s: load_opp115_split(s)["labels"].explode().value_counts() for s in ("train", "validation", "test")}
    assert [counts[s]["Do Not Track"] for s in ("train", "validation", "test")] == [22, 6, 3]


@pytest.mark.corpora
@needs_opp115
def test_load_opp115_segments_and_majority_labels():
    frame = load_opp115()
    assert list(frame.columns) == ["policy", "domain", "segment_id", "text", "labels", "n_annotators"]
    assert frame["policy"].nunique() == 115
    assert len(frame) == 3792
    assert (frame["n_annotators"] == 3).all()
    assert frame["labels"].explode().dropna().isin(OPP115_CLASSES).all()
    # majority vote over the raw annotations reproduces the split's Do Not Track total (22+6+3)
    # and its contact total (129+32+42)
    counts = frame["labels"].explode().value_counts()
    assert counts["Do Not Track"] == 31
    assert counts["Privacy contact information"] == 203


@pytest.mark.corpora
@needs_opp115
def test_consolidation_source_gives_fewer_majority_labels():
    raw = load_opp115()["labels"].map(len).sum()
    consolidated = load_opp115(source="consolidation-0.75")["labels"].map(len).sum()
    assert 0 < consolidated < raw
    with pytest.raises(ValueError, match="source must be one of"):
        load_opp115(source="threshold-1.0")
