"""Labels and one-line descriptions of the ids a report shows, read from the package's data:
``data/glossary.yaml`` (rights, transfer mechanisms, legal bases, laws, facts, child roles,
places), ``data/taxonomy.yaml`` (clause categories) and ``data/vocab_practices.yaml`` (personal-data
categories, purposes, recipients, sources and the CCPA statutory categories: the label and
description each vocabulary entry carries). Data, not code: a new id gets its words in the YAML."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from policylens.resources import load_data

__all__ = ["Term", "describe", "label", "term", "terms"]

GLOSSARY_FILE = "glossary.yaml"
#: glossary aspects shown in the report's glossary section, in this order, with their titles
ASPECT_TITLES = {
    "fact": "Facts",
    "right": "User rights",
    "transfer_mechanism": "Transfer mechanisms",
    "legal_basis": "Legal bases",
    "law": "Laws",
    "child_role": "Children",
    "category": "Clause categories",
    "data_category": "Personal-data categories",
    "ccpa_category": "CCPA statutory categories",
    "purpose": "Purposes",
    "recipient": "Recipients",
    "data_source": "Sources of personal data",
}
#: findings aspects whose values are personal-data categories (they share the data_category terms)
CATEGORY_ASPECTS = ("data_collected", "data_disclosed", "data_sold_shared")


@dataclass(frozen=True, slots=True)
class Term:
    """One id: its aspect, label and one-line description ('' when none is written).

    Parameters
    ----------
    aspect : str
    id : str
    label : str
    description : str, default=""

    Examples
    --------
    >>> from policylens.report.glossary import term
    >>> term("law", "gdpr")
    Term(aspect='law', id='gdpr', label='GDPR', description='...')
    """

    aspect: str
    id: str
    label: str
    description: str = ""


@cache
def _table() -> dict[str, dict[str, Term]]:
    data = load_data(GLOSSARY_FILE)
    table: dict[str, dict[str, Term]] = {}
    for aspect, entries in data.items():
        if not isinstance(entries, dict):
            continue  # version
        table[aspect] = {str(key): Term(aspect, str(key), str(entry.get("label") or key),
                                        str(entry.get("description") or ""))
                         for key, entry in entries.items()}
    table["category"] = _categories()
    table["third_party_service"] = _services()
    table.update(_practices())
    return table


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else text


def _practices() -> dict[str, dict[str, Term]]:
    """Terms of the data-practice aspects, from the vocabulary entries' labels and descriptions,
    plus the two values that name no one category (a statement about personal information in
    general, a back-reference to the categories a policy lists elsewhere)."""
    from policylens.extract.practices import GENERIC, LISTED
    from policylens.extract.practices_vocab import entries

    spec = load_data("vocab_practices.yaml")
    out: dict[str, dict[str, Term]] = {}
    for vocab, aspect in (("categories", "data_category"), ("purposes", "purpose"),
                          ("recipients", "recipient"), ("sources", "data_source")):
        out[aspect] = {e.id: Term(aspect, e.id, e.label, _sentence(e.description)) for e in entries(vocab)}
    general = {
        GENERIC: ("Personal information (all)", "A statement about personal information in general, "
                  "e.g. that none is sold; it stands for every category the policy collects."),
        LISTED: ("The categories listed", "A back-reference to the categories the policy lists "
                 "elsewhere ('the categories above'), resolved per policy."),
    }
    out["data_category"].update({k: Term("data_category", k, lab, desc) for k, (lab, desc) in general.items()})
    out["ccpa_category"] = {
        k: Term("ccpa_category", k, str(v), f"CCPA statutory category (Cal. Civ. Code 1798.140(v)(1)): {v}.")
        for k, v in spec["ccpa_categories"].items()}
    out["ccpa_category"]["sensitive"] = Term(
        "ccpa_category", "sensitive", "Sensitive personal information",
        "CCPA sensitive personal information (Cal. Civ. Code 1798.140(ae)): any category flagged sensitive.")
    for aspect in CATEGORY_ASPECTS:
        out[aspect] = {k: Term(aspect, k, t.label, t.description) for k, t in out["data_category"].items()}
    return out


def _services() -> dict[str, Term]:
    """Third-party services: the first name a policy may use for each, and its kind."""
    out: dict[str, Term] = {}
    for entry in load_data("third_party_services.yaml")["services"]:
        names = [*entry.get("names", ()), *entry.get("names_cs", ())]
        kind = str(entry.get("kind", "")).replace("_", " ")
        out[entry["id"]] = Term("third_party_service", entry["id"], names[0] if names else entry["id"],
                                f"third-party service ({kind})" if kind else "third-party service")
    return out


def _categories() -> dict[str, Term]:
    from policylens.taxonomy import load_taxonomy

    out: dict[str, Term] = {}
    for entry in load_taxonomy()["categories"]:
        for item in (entry, *entry.get("subcategories", ())):
            out[item["id"]] = Term("category", item["id"], item.get("label", item["id"]),
                                   item.get("description", ""))
    return out


def _humanise(aspect: str, value: str) -> str:
    text = value.replace("_", " ").strip()
    if aspect == "transfer_destination":  # place names: every word capitalised
        return text.title() if text else value
    return text[:1].upper() + text[1:] if text else value


def terms(aspect: str) -> dict[str, Term]:
    """Every written term of ``aspect`` (``right``, ``law``, ``fact``, ``category`` ...), by id.

    Parameters
    ----------
    aspect : str

    Returns
    -------
    terms : dict of str to Term
        ``{}`` for an aspect with no written term.

    Examples
    --------
    >>> terms("right")["erasure"].label
    'Erasure'
    """
    return dict(_table().get(aspect, {}))


def term(aspect: str, value: str) -> Term:
    """The term of ``value``; an id with no entry gets a label made from the id itself.

    Parameters
    ----------
    aspect : str
        ``right``, ``law``, ``fact``, ``category`` ...
    value : str
        The id.

    Returns
    -------
    term : Term

    Examples
    --------
    >>> from policylens.report.glossary import term
    >>> term("right", "erasure").label, term("right", "do_not_track").label
    ('Erasure', 'Do not track')
    """
    found = _table().get(aspect, {}).get(str(value))
    return found or Term(aspect, str(value), _humanise(aspect, str(value)))


def label(aspect: str, value: str) -> str:
    """How people write ``value`` of ``aspect``.

    For example 'opt_out_sale_sharing' -> 'Opt out of sale/sharing'.

    Parameters
    ----------
    aspect, value : str

    Returns
    -------
    label : str
        The written label, else one made from the id.

    Examples
    --------
    >>> label("law", "hk_pdpo"), label("transfer_destination", "germany")
    ('Hong Kong PDPO', 'Germany')
    """
    return term(aspect, value).label


def describe(aspect: str, value: str) -> str:
    """The one-line description of ``value`` ('' when none is written).

    Parameters
    ----------
    aspect, value : str

    Returns
    -------
    description : str

    Examples
    --------
    >>> from policylens.report.glossary import describe
    >>> describe("right", "erasure") != "", describe("right", "no_such_right")
    (True, '')
    """
    return term(aspect, value).description
