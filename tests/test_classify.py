"""ClauseClassifier's estimator contract, multi-label behaviour, and classify()'s frame."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import sklearn.utils.estimator_checks as sk_checks
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import parametrize_with_checks

from policylens.classify import (
    DEFAULT_PARAMS,
    ClauseClassifier,
    classify,
    classify_many,
    coverage,
    default_model,
    lexicon_counts,
    training_data,
)
from policylens.schema import CLASSIFICATION_COLUMNS, CLAUSE_COLUMNS
from policylens.taxonomy import categories

# A small, hand-made multi-label training set (team-written, like the shipped data).
TOY_TEXTS = [
    "We collect your name and email address when you register.",
    "We collect your device identifiers and IP address automatically.",
    "Information you provide, such as your postal address, is stored in our systems.",
    "We share your data with service providers who host our website.",
    "We disclose information to advertising partners and analytics vendors.",
    "Third parties such as payment processors receive your card details.",
    "We collect purchase data and share it with our shipping partners.",
    "Your email address is collected and disclosed to our email vendor.",
    "We keep your data for two years after you close your account.",
    "Logs are retained for ninety days and then deleted.",
    "We retain records for as long as the law requires.",
]
TOY_LABELS = [
    ["collection"], ["collection"], ["collection"],
    ["sharing"], ["sharing"], ["sharing"],
    ["collection", "sharing"], ["collection", "sharing"],
    ["retention"], ["retention"], ["retention"],
]  # fmt: skip


@pytest.fixture(scope="module")
def toy_model() -> ClauseClassifier:
    return ClauseClassifier(threshold=0.0, cv=3).fit(TOY_TEXTS, TOY_LABELS)


# --- scikit-learn's own checks ---------------------------------------------------------------
# The estimator declares string input (two_d_array=False), so parametrize_with_checks yields only
# check_estimator_cloneable and skips its numeric-matrix checks.
@parametrize_with_checks([ClauseClassifier()])
def test_sklearn_parametrized_checks(estimator, check):
    check(estimator)


#: API checks that do not depend on numeric input: run explicitly, all must pass.
APPLICABLE_CHECKS = [
    "check_estimator_cloneable",
    "check_estimator_repr",
    "check_no_attributes_set_in_init",
    "check_get_params_invariance",
    "check_set_params",
    "check_parameters_default_constructible",
    "check_estimators_unfitted",
    "check_estimator_tags_renamed",
    "check_valid_tag_types",
    "check_mixin_order",
    "check_do_not_raise_errors_in_init_or_set_params",
    "check_n_features_in_after_fitting",
]

#: Checks that fit on random float matrices: not applicable to a text classifier. They fail for
#: exactly that reason (TypeError on the numeric rows); text equivalents are tested below.
NUMERIC_INPUT_CHECKS = {
    "check_dont_overwrite_parameters": "test_fit_does_not_change_parameters",
    "check_fit_score_takes_y": "test_score_is_micro_f1",
    "check_estimators_fit_returns_self": "test_fit_returns_self",
    "check_estimators_overwrite_params": "test_fit_does_not_change_parameters",
    "check_readonly_memmap_input": "(no memmap for text)",
    "check_fit_check_is_fitted": "test_unfitted_raises",
    "check_requires_y_none": "(y is always required)",
}


@pytest.mark.parametrize("name", APPLICABLE_CHECKS)
def test_applicable_sklearn_api_checks(name):
    getattr(sk_checks, name)("ClauseClassifier", ClauseClassifier())


@pytest.mark.parametrize("name", sorted(NUMERIC_INPUT_CHECKS))
def test_numeric_checks_fail_only_because_input_is_numeric(name):
    with pytest.raises(TypeError, match="clause must be a string or a record"):
        getattr(sk_checks, name)("ClauseClassifier", ClauseClassifier())


def test_tags_declare_text_multilabel_input():
    tags = ClauseClassifier().__sklearn_tags__()
    assert tags.input_tags.string and not tags.input_tags.two_d_array
    assert tags.classifier_tags.multi_label


# --- text equivalents of the numeric checks --------------------------------------------------
def test_constructor_only_stores_parameters():
    model = ClauseClassifier(C=2.0, char_ngrams=(2, 4), threshold=0.3)
    assert model.get_params()["C"] == 2.0
    assert model.get_params()["char_ngrams"] == (2, 4)
    assert not [k for k in vars(model) if k.endswith("_")]


def test_fit_returns_self():
    model = ClauseClassifier(threshold=0.0)
    assert model.fit(TOY_TEXTS, TOY_LABELS) is model


def test_fit_does_not_change_parameters():
    model = ClauseClassifier(threshold="cv", cv=3, word_ngrams=(1, 2))
    before = copy.deepcopy(model.get_params())
    model.fit(TOY_TEXTS, TOY_LABELS)
    assert model.get_params() == before


def test_unfitted_raises():
    with pytest.raises(NotFittedError):
        ClauseClassifier().predict(["We collect your email."])


def test_clone_is_unfitted_with_same_params(toy_model):
    cloned = clone(toy_model)
    assert cloned.get_params() == toy_model.get_params()
    assert not hasattr(cloned, "models_")


def test_fit_is_deterministic():
    a = ClauseClassifier(cv=3).fit(TOY_TEXTS, TOY_LABELS)
    b = ClauseClassifier(cv=3).fit(TOY_TEXTS, TOY_LABELS)
    probe = ["We retain logs.", "We share data with partners.", "Your name is collected."]
    np.testing.assert_allclose(a.decision_function(probe), b.decision_function(probe))


def test_predict_is_sample_order_and_subset_invariant(toy_model):
    probe = ["We retain logs for a year.", "We share data with vendors.", "We collect your IP address.", "Hello."]
    full = toy_model.decision_function(probe)
    order = [2, 0, 3, 1]
    np.testing.assert_allclose(toy_model.decision_function([probe[i] for i in order]), full[order])
    np.testing.assert_allclose(toy_model.decision_function(probe[1:3]), full[1:3])


# --- multi-label behaviour -------------------------------------------------------------------
def test_classes_are_the_fitted_labels(toy_model):
    assert list(toy_model.classes_) == ["collection", "retention", "sharing"]


def test_predict_returns_label_lists(toy_model):
    predicted = toy_model.predict(["We keep backups for thirty days.", "We share your data with advertising partners."])
    assert isinstance(predicted, list) and all(isinstance(p, list) for p in predicted)
    assert predicted[0][0] == "retention"
    assert predicted[1][0] == "sharing"


def test_multilabel_clause_gets_both_labels(toy_model):
    [labels] = toy_model.predict(["We collect your email address and share it with our vendors."])
    assert set(labels) == {"collection", "sharing"}


def test_labels_are_ranked_and_consistent_with_decision_function(toy_model):
    probe = ["We collect your email address and share it with our vendors.", "Logs are kept for ninety days."]
    scores = toy_model.decision_function(probe)
    for row, labels in zip(scores, toy_model.predict(probe), strict=True):
        positive = {c for c, s in zip(toy_model.classes_, row, strict=True) if s > 0}
        top = toy_model.classes_[row.argmax()]
        assert set(labels) == positive | {top}
        assert labels[0] == top
        assert [row[list(toy_model.classes_).index(lab)] for lab in labels] == sorted(
            (row[list(toy_model.classes_).index(lab)] for lab in labels), reverse=True
        )


def test_predict_proba_shape_range_and_agreement(toy_model):
    probe = ["We collect your name.", "We keep records for seven years.", "Completely unrelated sentence about weather."]
    proba = toy_model.predict_proba(probe)
    assert proba.shape == (3, 3)
    assert ((proba > 0) & (proba < 1)).all()
    np.testing.assert_array_equal(proba > 0.5, toy_model.decision_function(probe) > 0)


@pytest.mark.parametrize("min_labels", [0, 1, 2])
def test_min_labels(min_labels):
    model = ClauseClassifier(threshold=5.0, min_labels=min_labels).fit(TOY_TEXTS, TOY_LABELS)
    # a threshold of 5 is above every margin, so only the forced top labels remain
    assert [len(p) for p in model.predict(["We collect data.", "Weather today."])] == [min_labels, min_labels]


def test_single_label_targets_give_a_1d_prediction():
    y = [labels[0] for labels in TOY_LABELS]
    model = ClauseClassifier(threshold=0.0).fit(TOY_TEXTS, y)
    predicted = model.predict(["We retain logs for a year.", "We share data with vendors."])
    assert isinstance(predicted, np.ndarray) and predicted.ndim == 1
    assert predicted.tolist() == ["retention", "sharing"]


def test_score_is_micro_f1(toy_model):
    perfect = toy_model.score(TOY_TEXTS, [toy_model.predict([t])[0] for t in TOY_TEXTS])
    assert perfect == pytest.approx(1.0)
    wrong = toy_model.score(["We retain logs for ninety days."], [["sharing"]])
    assert wrong == 0.0


def test_threshold_cv_tunes_one_threshold_per_label():
    model = ClauseClassifier(threshold="cv", cv=3).fit(TOY_TEXTS, TOY_LABELS)
    assert model.thresholds_.shape == (3,)
    assert ((model.thresholds_ >= -2) & (model.thresholds_ <= 2)).all()
    fixed = ClauseClassifier(threshold=0.25).fit(TOY_TEXTS, TOY_LABELS)
    np.testing.assert_array_equal(fixed.thresholds_, [0.25, 0.25, 0.25])


def test_label_present_everywhere_does_not_break_fit():
    model = ClauseClassifier(threshold="cv", cv=3).fit(TOY_TEXTS, [labels + ["policy"] for labels in TOY_LABELS])
    assert all("policy" in labels for labels in model.predict(["anything at all", "We keep logs."]))


def test_optional_feature_blocks_fit_and_predict():
    model = ClauseClassifier(char_ngrams=(2, 4), lsa_components=5, threshold=0.0)
    model.fit(TOY_TEXTS, TOY_LABELS, unlabeled_texts=["We may store and share information with vendors."] * 5)
    assert model.lsa_ is not None and model.char_vectorizer_ is not None
    assert model.predict(["We retain logs for a year."])[0][0] == "retention"


@pytest.mark.parametrize(
    "members", [("nb",), ("char",), ("emb",), ("joint", "nb"), ("joint", "nb", "char"), ("joint", "nb", "char", "emb")]
)
def test_ensemble_members_fit_predict_and_tune_thresholds(members):
    model = ClauseClassifier(members=members, threshold="cv", cv=3).fit(TOY_TEXTS, TOY_LABELS)
    assert len(model.models_) == len(members) and all(len(per_label) == 3 for per_label in model.models_)
    assert model.thresholds_.shape == (3,)
    assert model.predict(["We retain logs for a year."])[0][0] == "retention"
    proba = model.predict_proba(["We share your email address with advertising partners."])
    assert proba.shape == (1, 3) and ((proba > 0) & (proba < 1)).all()


def test_ensemble_score_is_logit_of_mean_member_probability():
    probe = ["We keep your data for two years.", "Vendors receive your card details."]
    members = ("joint", "nb", "char")
    ensemble = ClauseClassifier(members=members, threshold=0.0).fit(TOY_TEXTS, TOY_LABELS)
    singles = [ClauseClassifier(members=(m,), threshold=0.0).fit(TOY_TEXTS, TOY_LABELS) for m in members]
    mean = np.mean([s.predict_proba(probe) for s in singles], axis=0)
    np.testing.assert_allclose(ensemble.predict_proba(probe), mean, rtol=1e-9)


def test_nb_member_scales_features_by_log_count_ratio():
    model = ClauseClassifier(members=("nb",), threshold=0.0).fit(TOY_TEXTS, TOY_LABELS)
    retention = list(model.classes_).index("retention")
    ratio = model.models_[0][retention].ratio_
    vocab = model.word_vectorizer_.vocabulary_
    # "retained" only occurs in retention clauses, "share" never does
    assert ratio[vocab["retained"]] > 0 > ratio[vocab["share"]]


def test_sample_weight_ones_change_nothing_and_weights_matter():
    probe = ["We keep your email address.", "Vendors receive logs."]
    members = ("joint", "nb", "char")
    plain = ClauseClassifier(members=members, threshold="cv", cv=3).fit(TOY_TEXTS, TOY_LABELS)
    ones = ClauseClassifier(members=members, threshold="cv", cv=3).fit(
        TOY_TEXTS, TOY_LABELS, sample_weight=np.ones(len(TOY_TEXTS))
    )
    np.testing.assert_allclose(plain.decision_function(probe), ones.decision_function(probe))
    heavy = np.ones(len(TOY_TEXTS))
    heavy[8] = 50.0  # "We keep your data for two years ..." (retention)
    weighted = ClauseClassifier(members=members, threshold=0.0).fit(TOY_TEXTS, TOY_LABELS, sample_weight=heavy)
    unweighted = ClauseClassifier(members=members, threshold=0.0).fit(TOY_TEXTS, TOY_LABELS)
    retention = list(weighted.classes_).index("retention")
    # the heavily weighted clause is fitted more tightly: its own retention margin grows
    own = [TOY_TEXTS[8]]
    assert weighted.decision_function(own)[0, retention] > unweighted.decision_function(own)[0, retention]


@pytest.mark.parametrize("weights", [[1.0], [1.0] * 10 + [0.0], [1.0] * 10 + [float("nan")]])
def test_bad_sample_weight_raises(weights):
    with pytest.raises(ValueError, match="sample_weight"):
        ClauseClassifier().fit(TOY_TEXTS, TOY_LABELS, sample_weight=weights)


@pytest.mark.parametrize("members", [(), ("joint", "joint"), ("bert",)])
def test_bad_members_raise(members):
    with pytest.raises(ValueError, match="members must be distinct names"):
        ClauseClassifier(members=members).fit(TOY_TEXTS, TOY_LABELS)


# --- inputs and context ----------------------------------------------------------------------
def test_accepts_strings_dicts_series_and_frames(toy_model):
    text = "Logs are kept for ninety days."
    as_str = toy_model.decision_function([text])
    as_dict = toy_model.decision_function([{"text": text}])
    as_frame = toy_model.decision_function(pd.DataFrame({"text": [text]}))
    as_row = toy_model.decision_function([pd.Series({"text": text, "section": "", "lead_in": ""})])
    for other in (as_dict, as_frame, as_row):
        np.testing.assert_allclose(as_str, other)


def test_heading_and_lead_in_are_used_as_context():
    model = ClauseClassifier(threshold=0.0).fit(
        [
            {"text": "Two years.", "section": "Data Retention"},
            {"text": "We keep it for a while.", "section": "How Long We Keep Data"},
            {"text": "Payment processors.", "section": "Sharing Your Information"},
            {"text": "Hosting companies.", "section": "Who We Share Data With"},
        ],
        [["retention"], ["retention"], ["sharing"], ["sharing"]],
    )
    ambiguous = "Our partners, for six months."
    with_retention = model.predict([{"text": ambiguous, "section": "Retention > How Long We Keep Data"}])
    with_sharing = model.predict([{"text": ambiguous, "section": "Sharing > Who We Share Data With"}])
    assert with_retention[0][0] == "retention"
    assert with_sharing[0][0] == "sharing"
    lead_model = ClauseClassifier(threshold=0.0, section_weight=0).fit(TOY_TEXTS, TOY_LABELS)
    via_lead = lead_model.predict([{"text": "Ninety days.", "lead_in": "We retain logs and records for:"}])
    assert via_lead[0][0] == "retention"


@pytest.mark.parametrize(
    ("X", "y", "error", "message"),
    [
        ("a bare string", [["x"]], TypeError, "expected a list of clause texts"),
        ([1, 2], [["a"], ["b"]], TypeError, "clause must be a string"),
        (["one", "two"], [["a"]], ValueError, "2 clauses but y has 1"),
        ([], [], ValueError, "0 clauses"),
        (["", " "], [["a"], ["b"]], ValueError, "all clause texts are empty"),
        ([{"body": "no text"}], [["a"]], ValueError, "needs a 'text' field"),
        (pd.DataFrame({"body": ["x"]}), [["a"]], ValueError, "needs a 'text' column"),
        (["a", "b"], [["a"], "b"], ValueError, "mix label lists"),
    ],
)
def test_bad_inputs_raise_clear_errors(X, y, error, message):
    with pytest.raises(error, match=message):
        ClauseClassifier().fit(X, y)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=5))
def test_any_text_gets_at_least_one_known_label(toy_model, texts):
    predicted = toy_model.predict(texts)
    assert len(predicted) == len(texts)
    for labels in predicted:
        assert len(labels) >= 1 and set(labels) <= set(toy_model.classes_)
        assert len(set(labels)) == len(labels)


# --- lexicon ---------------------------------------------------------------------------------
def test_lexicon_counts_match_on_word_boundaries():
    counts = lexicon_counts(["Our website does not respond to Do Not Track signals.", "cookies cookie", "Undo nothing"])
    ids = categories()
    assert counts.shape == (3, len(ids))
    assert counts[0, ids.index("do_not_track")] >= 1
    assert counts[1, ids.index("cookies_tracking")] == 2
    assert counts[2].sum() == 0


# --- the default model and classify() --------------------------------------------------------
def test_training_data_covers_every_category_with_varied_clauses():
    data = training_data()
    assert len(data) >= 300
    assert not data["text"].duplicated().any()
    counts = data["labels"].explode().value_counts()
    assert set(counts.index) == set(categories())
    assert counts.min() >= 12


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
    frame = classify([{"text": text, "section": section}])
    assert frame.loc[0, "category"] == expected


def _clauses() -> pd.DataFrame:
    rows = [
        ("p1", 0, "", 0, "heading", "", "Data Retention"),
        ("p1", 1, "Data Retention", 1, "sentence", "", "We keep account data for two years after closure."),
        ("p1", 2, "Contact Us", 1, "paragraph", "", "Email privacy@example.test with questions."),
        ("p2", 0, "Sharing", 1, "item", "We share data with:", "Cloud hosting providers"),
    ]
    frame = pd.DataFrame(rows, columns=["policy", "clause_id", "section", "depth", "kind", "lead_in", "text"])
    frame["start"] = 0
    frame["end"] = frame["text"].str.len()
    return frame.astype({c: d for c, (d, _) in CLAUSE_COLUMNS.items()}).set_index(pd.Index([10, 11, 12, 13]))


def test_classify_adds_columns_to_a_clauses_frame():
    clauses = _clauses()
    out = classify(clauses)
    assert list(out.columns) == list(clauses.columns) + list(CLASSIFICATION_COLUMNS)
    assert out.index.tolist() == [10, 11, 12, 13]
    assert "category" not in clauses.columns  # input untouched
    assert str(out["category"].dtype) == "string"
    assert out["confidence"].dtype == "float64"
    assert out["category"].tolist() == ["retention", "retention", "contact", "sharing"]
    assert (out["category"] == out["categories"].str[0]).all()
    assert out["confidence"].between(0.5, 1).all()  # clear clauses: the primary label has a positive margin


def test_classify_list_of_strings_returns_aligned_frame():
    texts = ["We never sell data.", "Changes to this policy", "We keep logs for a year."]
    out = classify(texts)
    assert out["text"].tolist() == texts
    assert list(out.columns) == ["text", "section", "lead_in", *CLASSIFICATION_COLUMNS]
    assert out["category"].tolist() == ["sale", "policy_change", "retention"]


def test_classify_empty_inputs():
    empty = classify(_clauses().iloc[:0])
    assert len(empty) == 0 and set(CLASSIFICATION_COLUMNS) <= set(empty.columns)
    assert len(classify([])) == 0


def test_classify_with_a_custom_model(toy_model):
    out = classify(["We keep logs for ninety days."], model=toy_model)
    assert out.loc[0, "category"] == "retention"


def test_coverage_matrix():
    table = coverage(classify(_clauses()))
    assert list(table.columns) == categories()
    assert table.loc["p1", "retention"] == 2 and table.loc["p2", "sharing"] == 1
    assert table.loc["p1"].sum() >= 3
    primary = coverage(classify(_clauses()), multi=False)
    assert primary.to_numpy().sum() == 4


def test_emb_member_learns_word_vectors_from_unlabeled_text():
    unlabeled = [f"we purge and delete old records after {n} days" for n in ("ten", "thirty", "ninety")] * 4
    with_text = ClauseClassifier(members=("emb",), threshold=0.0).fit(TOY_TEXTS, TOY_LABELS, unlabeled_texts=unlabeled)
    without = ClauseClassifier(members=("emb",), threshold=0.0).fit(TOY_TEXTS, TOY_LABELS)
    assert "purge" in with_text.embedding_.weights_.vocabulary_
    assert "purge" not in without.embedding_.weights_.vocabulary_
    vectors = with_text.embedding_.vectors_
    assert np.allclose(np.linalg.norm(vectors[np.linalg.norm(vectors, axis=1) > 0], axis=1), 1.0)
    assert with_text.decision_function(["we purge records"]).shape == (1, len(with_text.classes_))


def _assert_frames_equal(got: list[pd.DataFrame], want: list[pd.DataFrame]) -> None:
    assert len(got) == len(want)
    for a, b in zip(got, want, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_classify_many_equals_classify_of_each_frame(seed_clauses):
    frames = list(seed_clauses.values())
    clauses = _clauses()
    # an empty table, one with a custom index, one without the context columns, repeated clauses
    frames += [clauses.iloc[:0], clauses, clauses[["text"]].copy(), frames[0]]
    _assert_frames_equal(classify_many(frames), [classify(f) for f in frames])
    assert all("category" not in f.columns for f in frames)  # inputs untouched


def test_classify_many_with_a_custom_model_and_no_frames(toy_model):
    frames = [pd.DataFrame({"text": ["We keep logs for ninety days."]}),
              pd.DataFrame({"text": ["We sell nothing.", "Delete your account any time."]})]
    _assert_frames_equal(classify_many(frames, model=toy_model), [classify(f, model=toy_model) for f in frames])
    assert classify_many([]) == []


@pytest.mark.parametrize("bad", [["We sell nothing."], [pd.DataFrame({"clause": ["x"]})]])
def test_classify_many_takes_only_clause_tables(bad):
    with pytest.raises(ValueError, match="clauses tables"):
        classify_many(bad)
