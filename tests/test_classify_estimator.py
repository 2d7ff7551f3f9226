"""ClauseClassifier (policylens.classify.estimator): scikit-learn's checks, the estimator contract, multi-label behaviour."""

from __future__ import annotations

import copy
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.estimator_checks import check_estimator, parametrize_with_checks

from policylens.classify import ClauseClassifier
from policylens.classify.estimator import _nb_ratio, ranked_labels

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
# The estimator declares string input (two_d_array=False), so check_estimator runs only the
# checks that need no numeric matrix (check_estimator_cloneable): they must all pass.
@parametrize_with_checks([ClauseClassifier()])
def test_sklearn_parametrized_checks(estimator, check):
    check(estimator)


def test_check_estimator_passes_with_the_declared_tags():
    results = check_estimator(ClauseClassifier(), on_fail=None)
    assert results and all(r["status"] == "passed" for r in results)


class _TaggedNumeric(ClauseClassifier):
    """ClauseClassifier claiming numeric input, so that check_estimator runs every check on it."""

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array, tags.input_tags.string = True, False
        return tags


_TEXT = "fits on a numeric matrix; ClauseClassifier reads clause text and says so (TypeError)"
#: Every check ClauseClassifier opts out of, with the reason, and the text test covering its point.
OPTED_OUT = {
    "check_fit_score_takes_y": f"{_TEXT}; text version: test_score_is_micro_f1",
    "check_estimators_overwrite_params": f"{_TEXT}; text version: test_fit_does_not_change_parameters",
    "check_dont_overwrite_parameters": f"{_TEXT}; text version: test_fit_does_not_change_parameters",
    "check_estimators_fit_returns_self": f"{_TEXT}; text version: test_fit_returns_self",
    "check_readonly_memmap_input": f"{_TEXT} (no memmap of text)",
    "check_n_features_in_after_fitting": f"{_TEXT} (no n_features_in_: the features are learnt from text)",
    "check_n_features_in": f"{_TEXT} (no n_features_in_: the features are learnt from text)",
    "check_positive_only_tag_during_fit": _TEXT,
    "check_estimators_dtypes": _TEXT,
    "check_sample_weights_pandas_series": f"{_TEXT}; text version: test_sample_weight_ones_change_nothing_and_weights_matter",
    "check_sample_weights_not_an_array": f"{_TEXT}; text version: test_sample_weight_ones_change_nothing_and_weights_matter",
    "check_sample_weights_list": f"{_TEXT}; text version: test_sample_weight_ones_change_nothing_and_weights_matter",
    "check_all_zero_sample_weights_error": f"{_TEXT}; text version: test_bad_sample_weight_raises",
    "check_sample_weights_shape": f"{_TEXT}; text version: test_bad_sample_weight_raises",
    "check_sample_weights_not_overwritten": _TEXT,
    "check_sample_weight_equivalence_on_dense_data": f"{_TEXT}; text version: test_sample_weight_ones_change_nothing_and_weights_matter",
    "check_complex_data": _TEXT,
    "check_dtype_object": _TEXT,
    "check_estimators_empty_data_messages": f"{_TEXT}; text version: test_bad_inputs_raise_clear_errors",
    "check_pipeline_consistency": _TEXT,
    "check_estimators_nan_inf": f"{_TEXT}; text version: test_missing_context_values_are_empty",
    "check_estimator_sparse_tag": f"{_TEXT} (sparse)",
    "check_estimator_sparse_array": f"{_TEXT} (sparse)",
    "check_estimator_sparse_matrix": f"{_TEXT} (sparse)",
    "check_estimators_pickle": f"{_TEXT}; text version: test_pickled_model_predicts_the_same",
    "check_f_contiguous_array_estimator": _TEXT,
    "check_classifier_data_not_an_array": _TEXT,
    "check_classifiers_one_label": f"{_TEXT}; text version: test_one_label_fits_and_is_always_predicted",
    "check_classifiers_one_label_sample_weights": f"{_TEXT}; text version: test_one_label_fits_and_is_always_predicted",
    "check_classifiers_classes": f"{_TEXT}; text version: test_classes_are_the_fitted_labels",
    "check_classifier_multioutput": f"{_TEXT}; text version: test_predict_indicator_matches_predict",
    "check_classifiers_train": f"{_TEXT}; text version: test_bad_inputs_raise_clear_errors",
    "check_classifiers_regression_target": f"{_TEXT}; text version: test_continuous_targets_are_rejected",
    "check_classifiers_multilabel_representation_invariance": _TEXT,
    "check_classifiers_multilabel_output_format_predict": f"{_TEXT} (predict returns label lists, not an indicator matrix; see predict_indicator)",
    "check_classifiers_multilabel_output_format_predict_proba": f"{_TEXT}; text version: test_predict_proba_shape_range_and_agreement",
    "check_classifiers_multilabel_output_format_decision_function": f"{_TEXT}; text version: test_labels_are_ranked_and_consistent_with_decision_function",
    "check_supervised_y_no_nan": _TEXT,
    "check_class_weight_classifiers": _TEXT,
    "check_decision_proba_consistency": f"{_TEXT}; text version: test_predict_proba_shape_range_and_agreement",
    "check_methods_sample_order_invariance": f"{_TEXT}; text version: test_predict_is_sample_order_and_subset_invariant",
    "check_methods_subset_invariance": f"{_TEXT}; text version: test_predict_is_sample_order_and_subset_invariant",
    "check_fit2d_1sample": _TEXT,
    "check_fit2d_1feature": _TEXT,
    "check_dict_unchanged": f"{_TEXT}; text version: test_predicting_changes_no_fitted_attribute",
    "check_fit_idempotent": f"{_TEXT}; text version: test_fit_is_deterministic",
    "check_fit_check_is_fitted": f"{_TEXT}; text version: test_unfitted_raises",
    "check_fit1d": _TEXT,
    "check_fit2d_predict1d": _TEXT,
    "check_requires_y_none": f"{_TEXT} (y is always required)",
}


def test_every_check_that_fails_on_numeric_input_is_listed_with_its_reason():
    """check_estimator on every check: the failures are exactly the opted-out ones, each for
    numeric input; every other check passes (or skips for a reason of scikit-learn's own)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(_TaggedNumeric(), on_fail=None)
    failed = {r["check_name"] for r in results if r["status"] == "failed"}
    assert failed == set(OPTED_OUT)
    passed = {r["check_name"] for r in results if r["status"] == "passed"}
    assert {"check_estimator_repr", "check_no_attributes_set_in_init", "check_get_params_invariance",
            "check_set_params", "check_estimators_unfitted", "check_parameters_default_constructible",
            "check_mixin_order", "check_do_not_raise_errors_in_init_or_set_params"} <= passed
    assert {r["status"] for r in results} <= {"passed", "failed", "skipped"}


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
    assert not hasattr(cloned, "coefs_")


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
    assert model.features_.lsa_ is not None and model.features_.chars_ is not None
    assert model.predict(["We retain logs for a year."])[0][0] == "retention"


@pytest.mark.parametrize(
    "members", [("nb",), ("char",), ("emb",), ("joint", "nb"), ("joint", "nb", "char"), ("joint", "nb", "char", "emb")]
)
def test_ensemble_members_fit_predict_and_tune_thresholds(members):
    model = ClauseClassifier(members=members, threshold="cv", cv=3).fit(TOY_TEXTS, TOY_LABELS)
    assert len(model.coefs_) == len(members) and all(coef.shape[0] == 3 for coef in model.coefs_)
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


def test_nb_ratio_is_the_smoothed_log_count_ratio():
    import scipy.sparse as sp

    X = sp.csr_matrix(np.array([[2.0, 0.0], [1.0, 0.0], [0.0, 3.0]]))
    ratio = _nb_ratio(X, np.array([1, 1, 0]))
    # feature 0 only in the label's rows, feature 1 only in the others'
    np.testing.assert_allclose(ratio, np.log([(4 / 5) / (1 / 5), (1 / 5) / (4 / 5)]))


def test_nb_member_weights_words_of_the_label_up():
    model = ClauseClassifier(members=("nb",), threshold=0.0).fit(TOY_TEXTS, TOY_LABELS)
    retention = list(model.classes_).index("retention")
    vocab = model.features_.words_.vocabulary_
    coef = model.coefs_[0][retention]
    assert coef[vocab["retained"]] > 0 > coef[vocab["share"]]


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


def test_continuous_targets_are_rejected():
    with pytest.raises(ValueError, match="continuous"):
        ClauseClassifier().fit(TOY_TEXTS[:2], [0.5, 1.5])


def test_one_label_fits_and_is_always_predicted():
    model = ClauseClassifier(threshold="cv", cv=3).fit(TOY_TEXTS, [["retention"]] * len(TOY_TEXTS))
    assert list(model.classes_) == ["retention"]
    assert model.predict(["anything", "We share data."]) == [["retention"], ["retention"]]


def test_pickled_model_predicts_the_same(toy_model):
    probe = ["We keep logs for a year.", "Vendors receive your email."]
    again = pickle.loads(pickle.dumps(toy_model))
    np.testing.assert_array_equal(again.decision_function(probe), toy_model.decision_function(probe))


def test_predicting_changes_no_fitted_attribute(toy_model):
    before = {k: copy.deepcopy(v) for k, v in vars(toy_model).items() if k.endswith("_") and k != "features_"}
    toy_model.predict(["We keep logs for a year.", "Partners receive data."])
    for name, value in before.items():
        after = getattr(toy_model, name)
        if isinstance(value, list):
            assert all(np.array_equal(a, b) for a, b in zip(value, after, strict=True)), name
        else:
            assert np.array_equal(value, after), name


def test_predict_indicator_matches_predict(toy_model):
    probe = ["We collect your email address and share it with our vendors.", "Logs are kept for ninety days."]
    indicator = toy_model.predict_indicator(probe)
    as_sets = [{c for c, on in zip(toy_model.classes_, row, strict=True) if on} for row in indicator]
    assert as_sets == [set(labels) for labels in toy_model.predict(probe)]


def test_missing_context_values_are_empty(toy_model):
    text = "Logs are kept for ninety days."
    frame = pd.DataFrame({"text": [text], "section": [None], "lead_in": [float("nan")]})
    np.testing.assert_array_equal(toy_model.decision_function(frame), toy_model.decision_function([text]))


def test_decision_function_of_no_clauses(toy_model):
    assert toy_model.decision_function([]).shape == (0, 3)
    assert toy_model.predict([]) == []


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda k: st.lists(st.lists(st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0, 2.0]), min_size=k, max_size=k),
                           min_size=1, max_size=12)
    ),
    st.integers(0, 2),
)
def test_ranked_labels_are_the_chosen_ones_best_first(rows, min_labels):
    scores = np.array(rows)
    chosen = ClauseClassifier(min_labels=min_labels).decide(scores)
    classes = np.array([f"label{i}" for i in range(scores.shape[1])], dtype=object)
    got = ranked_labels(scores, chosen, classes)
    for row, row_chosen, labels in zip(scores, chosen, got, strict=True):
        idx = np.flatnonzero(row_chosen)
        want = [classes[i] for i in idx[np.argsort(-row[idx], kind="stable")]]  # ties: column order
        assert labels == want
        assert len(labels) >= min(min_labels, scores.shape[1])
    assert len({id(labels) for labels in got}) == len(got)  # every row its own list
