"""The shared taxonomy: the bundled file is valid, malformed files fail with clear errors."""

from __future__ import annotations

import copy

import pytest

from policylens import taxonomy
from policylens.resources import load_data
from policylens.taxonomy import OPP115_CLASSES, REQUIRED_IDS, TaxonomyError, validate


@pytest.fixture()
def raw() -> dict:
    return copy.deepcopy(load_data(taxonomy.TAXONOMY_FILE))


def test_bundled_taxonomy_has_the_required_ids_in_order():
    assert taxonomy.categories() == list(REQUIRED_IDS)


def test_version_is_positive_int():
    assert isinstance(taxonomy.version(), int) and taxonomy.version() >= 1


@pytest.mark.parametrize(
    ("category_id", "opp115"),
    [
        ("introductory", "Introductory/Generic"),
        ("collection", "First Party Collection/Use"),
        ("use", "First Party Collection/Use"),
        ("cookies_tracking", "First Party Collection/Use"),
        ("sharing", "Third Party Sharing/Collection"),
        ("sale", "Third Party Sharing/Collection"),
        ("user_choice", "User Choice/Control"),
        ("user_rights", "User Access, Edit and Deletion"),
        ("retention", "Data Retention"),
        ("security", "Data Security"),
        ("children", "International and Specific Audiences"),
        ("regional", "International and Specific Audiences"),
        ("policy_change", "Policy Change"),
        ("do_not_track", "Do Not Track"),
        ("contact", "Privacy contact information"),
        ("other", "Practice not covered"),
    ],
)
def test_to_opp115(category_id, opp115):
    assert taxonomy.to_opp115(category_id) == opp115


def test_every_category_maps_to_a_benchmark_class_and_all_but_none_are_reached():
    mapped = {taxonomy.to_opp115(c) for c in taxonomy.categories()}
    assert mapped <= set(OPP115_CLASSES)
    # every one of the 12 benchmark classes is reachable from some taxonomy category
    assert mapped == set(OPP115_CLASSES)


def test_subcategory_maps_like_its_parent():
    frame = taxonomy.taxonomy_frame(include_subcategories=True)
    subs = frame[frame["level"] == 1]
    assert len(subs) > 0
    for row in subs.itertuples():
        assert taxonomy.parent(row.id) == row.parent
        assert taxonomy.to_opp115(row.id) == taxonomy.to_opp115(row.parent)


def test_unknown_id_raises_keyerror_naming_it():
    with pytest.raises(KeyError, match="nonexistent_category"):
        taxonomy.to_opp115("nonexistent_category")


def test_taxonomy_frame_columns_and_rows():
    frame = taxonomy.taxonomy_frame()
    assert list(frame.columns) == ["id", "label", "description", "opp115", "gdpr", "ccpa", "parent", "level"]
    assert frame["id"].tolist() == list(REQUIRED_IDS)
    assert frame["label"].str.len().min() > 0
    assert frame["description"].str.len().min() > 0
    # GDPR-only and CCPA-only categories exist, so provisions are per category, not boilerplate
    assert (frame.set_index("id").loc["legal_basis", "ccpa"]) == ""
    assert "1798.120" in frame.set_index("id").loc["sale", "ccpa"]
    assert "Art. 17" in frame.set_index("id").loc["user_rights", "gdpr"]


def test_keywords_are_lowercase_and_cover_every_category():
    kw = taxonomy.keywords()
    assert set(kw) == set(REQUIRED_IDS)
    for words in kw.values():
        assert words and all(w == w.lower() for w in words)


def test_validate_accepts_the_bundled_file(raw):
    assert [c["id"] for c in validate(raw)["categories"]] == list(REQUIRED_IDS)


def _drop_field(data, field):
    del data["categories"][3][field]


def _bad_opp(data):
    data["categories"][0]["opp115"] = "Other"


def _duplicate(data):
    data["categories"][2]["id"] = data["categories"][1]["id"]


def _missing_required(data):
    data["categories"] = [c for c in data["categories"] if c["id"] != "do_not_track"]


def _bad_id(data):
    data["categories"][0]["id"] = "Intro Ductory"


def _gdpr_not_list(data):
    data["categories"][0]["gdpr"] = "Art. 13"


def _empty_label(data):
    data["categories"][5]["label"] = "  "


def _no_version(data):
    del data["version"]


def _duplicate_sub(data):
    data["categories"][1]["subcategories"][0]["id"] = "use"


def _entry_not_mapping(data):
    data["categories"][4] = "sharing"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: _drop_field(d, "description"), r"category 'legal_basis': missing field 'description'"),
        (lambda d: _drop_field(d, "opp115"), r"missing field 'opp115'"),
        (_bad_opp, r"'opp115' 'Other' is not one of the 12 benchmark classes"),
        (_duplicate, r"duplicate id 'collection'"),
        (_missing_required, r"required top-level ids missing: \['do_not_track'\]"),
        (_bad_id, r"lowercase snake_case"),
        (_gdpr_not_list, r"'gdpr' must be a list of non-empty strings"),
        (_empty_label, r"'label' must be a non-empty string"),
        (_no_version, r"'version' must be a positive integer"),
        (_duplicate_sub, r"duplicate id 'use'"),
        (_entry_not_mapping, r"categories\[4\]: expected a mapping"),
    ],
)
def test_validation_errors_name_file_entry_and_problem(raw, mutate, message):
    mutate(raw)
    with pytest.raises(TaxonomyError, match=message) as info:
        validate(raw, source="broken.yaml")
    assert str(info.value).startswith("broken.yaml: ")


@pytest.mark.parametrize("root", [None, [], "text", 3])
def test_validation_rejects_non_mapping_root(root):
    with pytest.raises(TaxonomyError, match="root"):
        validate(root)


def test_taxonomy_error_is_a_policylens_error():
    from policylens.errors import PolicyLensError

    assert issubclass(TaxonomyError, PolicyLensError)
