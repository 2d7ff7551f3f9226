"""The bundled taxonomy model (policylens.classify.model)."""

from __future__ import annotations

import pytest

import policylens as pl
from policylens.classify import DEFAULT_PARAMS, default_model, training_data
from policylens.classify import model as model_module
from policylens.taxonomy import categories


def test_training_data_covers_every_category_with_varied_clauses():
    data = training_data()
    assert len(data) >= 300
    assert not data["text"].duplicated().any()
    counts = data["labels"].explode().value_counts()
    assert set(counts.index) == set(categories())
    assert counts.min() >= 12


@pytest.mark.parametrize(
    ("clauses", "message"),
    [
        (["just a string"], r"clauses\[0\] must be a mapping"),
        ([{"text": "x", "labels": ["no_such_category"]}], r"clauses\[0\] has unknown or no labels"),
        ([{"text": "x"}], r"clauses\[0\] has unknown or no labels"),
    ],
)
def test_bad_training_entries_name_the_file_and_entry(monkeypatch, clauses, message):
    monkeypatch.setattr(model_module, "load_data", lambda name: {"clauses": clauses})
    with pytest.raises(ValueError, match=f"training_clauses.yaml: {message}"):
        training_data()


def test_default_model_is_cached_and_uses_taxonomy_ids():
    model = default_model()
    assert default_model() is model
    assert set(model.classes_) == set(categories())
    assert model.get_params()["char_ngrams"] == DEFAULT_PARAMS["char_ngrams"]


@pytest.mark.parametrize(
    ("text", "section", "expected"),
    [
        ("We will never sell your email address to anyone.", "", "sale"),
        ("Please write to our privacy officer at privacy@shop.test.", "", "contact"),
        ("Our app ignores browser do-not-track requests.", "", "do_not_track"),
        ("Nine months after your last order.", "How long we store data", "retention"),
    ],
)
def test_default_model_on_unseen_clauses(text, section, expected):
    frame = pl.classify([{"text": text, "section": section}])
    assert frame.loc[0, "category"] == expected
