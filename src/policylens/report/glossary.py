"""Labels and one-line descriptions of the ids a report shows, read from the package's data:
``data/glossary.yaml`` (rights, transfer mechanisms, legal bases, laws, facts, child roles,
places) and ``data/taxonomy.yaml`` (clause categories). Data, not code: a new id gets its words
in the YAML."""

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
}


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
    return table


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
    """How people write ``value`` of ``aspect``: 'opt_out_sale_sharing' -> 'Opt out of
    sale/sharing'.

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
