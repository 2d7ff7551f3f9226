"""The shared taxonomy of data practices (``data/taxonomy.yaml``), validated when loaded.

Every clause gets one primary category id from this file; ``to_opp115`` maps an id (or a
sub-category id) to the OPP-115 benchmark class so that the classifier can be scored on that corpus.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from policylens.errors import PolicyLensError
from policylens.resources import load_data

TAXONOMY_FILE = "taxonomy.yaml"

#: Top-level ids the rest of the library relies on (compare matrices, extractors, notebooks).
REQUIRED_IDS: tuple[str, ...] = (
    "introductory", "collection", "use", "legal_basis", "cookies_tracking", "sharing", "sale",
    "user_choice", "user_rights", "retention", "security", "international_transfer", "children",
    "regional", "policy_change", "do_not_track", "contact", "other",
)  # fmt: skip

#: The 12 classes of the OPP-115 majority split (``splits/majority/*.csv`` spelling).
OPP115_CLASSES: tuple[str, ...] = (
    "First Party Collection/Use",
    "Third Party Sharing/Collection",
    "User Access, Edit and Deletion",
    "Data Retention",
    "Data Security",
    "International and Specific Audiences",
    "Do Not Track",
    "Policy Change",
    "User Choice/Control",
    "Introductory/Generic",
    "Practice not covered",
    "Privacy contact information",
)

_REQUIRED_FIELDS = ("id", "label", "description", "opp115", "gdpr", "ccpa")


class TaxonomyError(PolicyLensError):
    """The taxonomy file is malformed; the message names the file, the entry and the problem."""


def _fail(source: str, where: str, problem: str) -> TaxonomyError:
    return TaxonomyError(f"{source}: {where}: {problem}")


def _check_text(value: Any, source: str, where: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, where, f"'{field}' must be a non-empty string, got {value!r}")
    return value


def _check_str_list(value: Any, source: str, where: str, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, where, f"'{field}' must be a list of non-empty strings, got {value!r}")
    return list(value)


def validate(data: Any, source: str = TAXONOMY_FILE) -> dict[str, Any]:
    """Check a parsed taxonomy and return it normalised.

    Raises :class:`TaxonomyError` naming ``source`` and the offending entry when: the root is not a
    mapping with an integer ``version`` and a ``categories`` list; an entry misses a field or has the
    wrong type; an id is not snake_case or is duplicated (sub-category ids included); an ``opp115``
    value is not one of the 12 benchmark classes; a required top-level id is missing.
    """
    if not isinstance(data, dict):
        raise _fail(source, "root", f"expected a mapping, got {type(data).__name__}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _fail(source, "root", f"'version' must be a positive integer, got {version!r}")
    entries = data.get("categories")
    if not isinstance(entries, list) or not entries:
        raise _fail(source, "root", "'categories' must be a non-empty list")
    seen: set[str] = set()
    categories = []
    for index, entry in enumerate(entries):
        where = f"categories[{index}]"
        if not isinstance(entry, dict):
            raise _fail(source, where, f"expected a mapping, got {type(entry).__name__}")
        where = f"category {entry.get('id', index)!r}"
        for field in _REQUIRED_FIELDS:
            if field not in entry:
                raise _fail(source, where, f"missing field '{field}'")
        cat_id = _check_id(entry["id"], source, where, seen)
        opp = _check_text(entry["opp115"], source, where, "opp115")
        if opp not in OPP115_CLASSES:
            raise _fail(source, where, f"'opp115' {opp!r} is not one of the 12 benchmark classes {OPP115_CLASSES}")
        subs = []
        for sub_index, sub in enumerate(entry.get("subcategories") or []):
            sub_where = f"{where} subcategories[{sub_index}]"
            if not isinstance(sub, dict):
                raise _fail(source, sub_where, "expected a mapping")
            subs.append(
                {
                    "id": _check_id(sub.get("id"), source, sub_where, seen),
                    "label": _check_text(sub.get("label"), source, sub_where, "label"),
                    "description": _check_text(sub.get("description"), source, sub_where, "description"),
                }
            )
        categories.append(
            {
                "id": cat_id,
                "label": _check_text(entry["label"], source, where, "label"),
                "description": _check_text(entry["description"], source, where, "description"),
                "opp115": opp,
                "gdpr": _check_str_list(entry["gdpr"], source, where, "gdpr"),
                "ccpa": _check_str_list(entry["ccpa"], source, where, "ccpa"),
                "keywords": [k.lower() for k in _check_str_list(entry.get("keywords", []), source, where, "keywords")],
                "subcategories": subs,
            }
        )
    missing = [r for r in REQUIRED_IDS if r not in {c["id"] for c in categories}]
    if missing:
        raise _fail(source, "categories", f"required top-level ids missing: {missing}")
    return {"version": version, "categories": categories}


def _check_id(value: Any, source: str, where: str, seen: set[str]) -> str:
    if not isinstance(value, str) or not value or not value.replace("_", "a").isalnum() or not value.islower():
        raise _fail(source, where, f"id must be a lowercase snake_case string, got {value!r}")
    if value in seen:
        raise _fail(source, where, f"duplicate id {value!r}")
    seen.add(value)
    return value


@cache
def load_taxonomy() -> dict[str, Any]:
    """The bundled taxonomy, validated once per process."""
    return validate(load_data(TAXONOMY_FILE), TAXONOMY_FILE)


def version() -> int:
    return load_taxonomy()["version"]


def categories() -> list[str]:
    """Top-level category ids in file order (the order used by matrices and charts)."""
    return [c["id"] for c in load_taxonomy()["categories"]]


def category(category_id: str) -> dict[str, Any]:
    """The entry of a top-level id, or of the parent of a sub-category id."""
    for entry in load_taxonomy()["categories"]:
        if entry["id"] == category_id or any(s["id"] == category_id for s in entry["subcategories"]):
            return entry
    raise KeyError(f"unknown taxonomy category {category_id!r}; known: {categories()}")


def parent(category_id: str) -> str:
    """The top-level id of ``category_id`` (itself when it is top-level)."""
    return category(category_id)["id"]


def to_opp115(category_id: str) -> str:
    """The OPP-115 benchmark class a category (or sub-category) id maps to."""
    return category(category_id)["opp115"]


def label(category_id: str) -> str:
    return category(category_id)["label"]


def keywords() -> dict[str, list[str]]:
    """Cue phrases per top-level id (lexicon features of the classifier)."""
    return {c["id"]: list(c["keywords"]) for c in load_taxonomy()["categories"]}


def taxonomy_frame(include_subcategories: bool = False) -> pd.DataFrame:
    """One row per category: ``id``, ``label``, ``description``, ``opp115``, ``gdpr``, ``ccpa``
    (provisions joined by '; '), ``parent`` ('' for top-level) and ``level`` (0 top, 1 sub)."""
    rows = []
    for c in load_taxonomy()["categories"]:
        provisions = {"gdpr": "; ".join(c["gdpr"]), "ccpa": "; ".join(c["ccpa"])}
        rows.append({"id": c["id"], "label": c["label"], "description": c["description"],
                     "opp115": c["opp115"], **provisions, "parent": "", "level": 0})
        if include_subcategories:
            for s in c["subcategories"]:
                rows.append({"id": s["id"], "label": s["label"], "description": s["description"],
                             "opp115": c["opp115"], **provisions, "parent": c["id"], "level": 1})
    frame = pd.DataFrame(rows, columns=["id", "label", "description", "opp115", "gdpr", "ccpa", "parent", "level"])
    return frame.astype({col: "string" for col in frame.columns if col != "level"})
