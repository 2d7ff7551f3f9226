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
    """The taxonomy file is malformed; the message names the file, the entry and the problem.

    Examples
    --------
    >>> from policylens.taxonomy import TaxonomyError, validate
    >>> try:
    ...     validate({"version": 1, "categories": [{"id": "Retention"}]}, "mine.yaml")
    ... except TaxonomyError as error:
    ...     print(error)
    mine.yaml: category 'Retention': missing field 'label'
    """


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

    Parameters
    ----------
    data : object
        The parsed YAML.
    source : str, default="taxonomy.yaml"
        The file name the error messages give.

    Returns
    -------
    taxonomy : dict
        ``version`` and ``categories`` (each with ``keywords`` lower-cased and ``subcategories``
        a list, possibly empty).

    Raises
    ------
    TaxonomyError
        Naming ``source`` and the offending entry, when: the root is not a mapping with an integer
        ``version`` and a ``categories`` list; an entry misses a field or has the wrong type; an id
        is not snake_case or is duplicated (sub-category ids included); an ``opp115`` value is not
        one of the 12 benchmark classes; a required top-level id is missing.

    Examples
    --------
    >>> from policylens.taxonomy import TaxonomyError, load_taxonomy, validate
    >>> validate(load_taxonomy())["version"]
    1
    >>> broken = {"version": 1, "categories": [{**load_taxonomy()["categories"][0], "opp115": "Misc"}]}
    >>> validate(broken, "mine.yaml")
    Traceback (most recent call last):
    ...
    policylens.taxonomy.TaxonomyError: mine.yaml: category 'introductory': 'opp115' 'Misc' is not one of the 12 benchmark classes ...
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
    """The bundled taxonomy (``data/taxonomy.yaml``), validated once per process.

    Returns
    -------
    taxonomy : dict
        As :func:`validate` returns it; shared: do not modify.

    Examples
    --------
    >>> from policylens.taxonomy import load_taxonomy
    >>> retention = next(c for c in load_taxonomy()["categories"] if c["id"] == "retention")
    >>> retention["opp115"], retention["gdpr"][0]
    ('Data Retention', 'Art. 5(1)(e) storage limitation')
    """
    return validate(load_data(TAXONOMY_FILE), TAXONOMY_FILE)


def version() -> int:
    """The version number of the bundled taxonomy.

    Returns
    -------
    version : int

    Examples
    --------
    >>> from policylens import taxonomy
    >>> taxonomy.version()
    1
    """
    return load_taxonomy()["version"]


def categories() -> list[str]:
    """Top-level category ids in file order (the order used by matrices and charts).

    Returns
    -------
    ids : list of str

    Examples
    --------
    >>> from policylens.taxonomy import categories
    >>> categories()[:4]
    ['introductory', 'collection', 'use', 'legal_basis']
    """
    return [c["id"] for c in load_taxonomy()["categories"]]


def category(category_id: str) -> dict[str, Any]:
    """The entry of a top-level id, or of the parent of a sub-category id.

    Parameters
    ----------
    category_id : str

    Returns
    -------
    entry : dict
        ``id``, ``label``, ``description``, ``opp115``, ``gdpr``, ``ccpa``, ``keywords``,
        ``subcategories``.

    Raises
    ------
    KeyError
        An unknown id (the message lists the known top-level ids).

    Examples
    --------
    >>> from policylens.taxonomy import category
    >>> category("marketing_use")["id"], category("marketing_use")["label"]
    ('use', 'Purposes of use')
    """
    for entry in load_taxonomy()["categories"]:
        if entry["id"] == category_id or any(s["id"] == category_id for s in entry["subcategories"]):
            return entry
    raise KeyError(f"unknown taxonomy category {category_id!r}; known: {categories()}")


def parent(category_id: str) -> str:
    """The top-level id of ``category_id`` (itself when it is top-level).

    Parameters
    ----------
    category_id : str

    Returns
    -------
    parent : str

    Examples
    --------
    >>> from policylens.taxonomy import parent
    >>> parent("service_providers"), parent("sharing")
    ('sharing', 'sharing')
    """
    return category(category_id)["id"]


def to_opp115(category_id: str) -> str:
    """The OPP-115 benchmark class a category (or sub-category) id maps to.

    Parameters
    ----------
    category_id : str

    Returns
    -------
    opp115 : str
        One of :data:`OPP115_CLASSES`.

    Examples
    --------
    >>> from policylens.taxonomy import to_opp115
    >>> to_opp115("retention"), to_opp115("analytics_cookies")
    ('Data Retention', 'First Party Collection/Use')
    """
    return category(category_id)["opp115"]


def label(category_id: str) -> str:
    """The label people read for a category (or sub-category) id: its top-level entry's label.

    Parameters
    ----------
    category_id : str

    Returns
    -------
    label : str

    Examples
    --------
    >>> from policylens.taxonomy import label
    >>> label("retention")
    'Data retention'
    """
    return category(category_id)["label"]


def keywords() -> dict[str, list[str]]:
    """Cue phrases per top-level id (lexicon features of the classifier), lower-cased.

    Returns
    -------
    keywords : dict of str to list of str

    Examples
    --------
    >>> from policylens.taxonomy import keywords
    >>> keywords()["retention"][:4]
    ['retain', 'retention', 'keep', 'kept']
    """
    return {c["id"]: list(c["keywords"]) for c in load_taxonomy()["categories"]}


def taxonomy_frame(include_subcategories: bool = False) -> pd.DataFrame:
    """The taxonomy as a table, one row per category.

    Parameters
    ----------
    include_subcategories : bool, default=False
        Also one row per sub-category, after its parent.

    Returns
    -------
    taxonomy : DataFrame
        ``id``, ``label``, ``description``, ``opp115``, ``gdpr``, ``ccpa`` (provisions joined by
        '; '), ``parent`` ('' for top-level) and ``level`` (0 top, 1 sub).

    Examples
    --------
    >>> from policylens.taxonomy import taxonomy_frame
    >>> taxonomy_frame(include_subcategories=True)[["id", "parent", "level"]].head(3)
                 id        parent  level
    0  introductory                    0
    1         scope  introductory      1
    2   definitions  introductory      1
    """
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
