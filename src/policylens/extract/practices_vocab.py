"""Vocabularies of data practices (``data/vocab_practices.yaml``), loaded once and validated.

Four vocabularies: personal-data ``categories`` (each mapped to one CCPA statutory category,
CCPA-sensitive and GDPR-special flags and an OPP-115 "Personal Information Type"), ``purposes``
(OPP-115 Purpose values, CCPA business purposes), ``recipients`` (OPP-115 Third Party Entity)
and ``sources``. Every entry has an id, a label, a description and ``signals``: the lower-case
words and phrases that name it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from policylens.errors import PolicyLensError
from policylens.resources import load_data

VOCAB_FILE = "vocab_practices.yaml"

#: the statutory categories of Cal. Civ. Code 1798.140(v)(1), in statute order
CCPA_CATEGORIES = ("identifiers", "customer_records", "protected_classifications", "commercial",
                   "biometric", "internet_activity", "geolocation", "sensory", "professional",
                   "education", "inferences")

OPP115_TYPES = ("Computer information", "Contact", "Cookies and tracking elements", "Demographic",
                "Financial", "Health", "IP address and device IDs", "Location", "Personal identifier",
                "Social media data", "Survey data", "User online activities", "User profile", "Other")
OPP115_PURPOSES = ("Additional service/feature", "Advertising", "Analytics/Research",
                   "Basic service/feature", "Legal requirement", "Marketing", "Merger/Acquisition",
                   "Personalization/Customization", "Service operation and security", "Other")
OPP115_ENTITIES = ("Named third party", "Other part of company/affiliate", "Other users", "Public",
                   "Unnamed third party", "Other")
CCPA_BUSINESS_PURPOSES = ("auditing", "security_integrity", "debugging", "transient_use",
                          "performing_services", "advertising_marketing", "internal_research",
                          "quality_improvement")

VOCABULARIES = ("categories", "purposes", "recipients", "sources")


class VocabularyError(PolicyLensError):
    """A practices vocabulary file is malformed (names the file and the entry).

    Examples
    --------
    >>> from policylens.errors import PolicyLensError
    >>> from policylens.extract.practices_vocab import VocabularyError
    >>> issubclass(VocabularyError, PolicyLensError)
    True
    """


@dataclass(frozen=True, slots=True)
class Entry:
    """One vocabulary entry.

    Parameters
    ----------
    id, label, description : str
    signals : tuple of str
        The phrases that name it in a policy.
    ccpa : str, default=""
        Categories: the CCPA statutory category id.
    ccpa_sensitive : bool, default=False
    gdpr_special : bool, default=False
        Categories: sensitive personal information (CCPA) / special category data (GDPR Art. 9).
    opp115 : tuple of str
    ccpa_purposes : tuple of str
        Purposes: the CCPA business purposes.
    self_cued : bool, default=False
        Counts without a practice verb around it (e.g. "merger").

    Examples
    --------
    >>> from policylens.extract.practices_vocab import category_map
    >>> contact = category_map()["contact"]
    >>> contact.label, contact.ccpa, contact.signals[:2]
    ('Contact details', 'identifiers', ('email', 'email address'))
    """

    id: str
    label: str
    description: str
    signals: tuple[str, ...]
    ccpa: str = ""  # categories: statutory category id
    ccpa_sensitive: bool = False
    gdpr_special: bool = False
    opp115: tuple[str, ...] = ()
    ccpa_purposes: tuple[str, ...] = ()  # purposes: CCPA business purposes
    self_cued: bool = False  # counts without a practice verb around it (e.g. "merger")


def _fail(where: str, problem: str) -> VocabularyError:
    return VocabularyError(f"{VOCAB_FILE}: {where}: {problem}")


def parse(spec: dict) -> dict[str, tuple[Entry, ...]]:
    """Validate a parsed vocabulary file and return its entries per vocabulary.

    Parameters
    ----------
    spec : dict
        The parsed ``vocab_practices.yaml``.

    Returns
    -------
    vocabularies : dict of str to tuple of Entry

    Raises
    ------
    VocabularyError
        A malformed file (the message names the entry).

    Examples
    --------
    >>> vocab = parse(load_data(VOCAB_FILE))
    >>> [e.ccpa for e in vocab["categories"] if e.id == "precise_location"]
    ['geolocation']
    """
    if not isinstance(spec, dict):
        raise _fail("top level", "expected a mapping")
    out: dict[str, tuple[Entry, ...]] = {}
    for name in VOCABULARIES:
        rows = spec.get(name)
        if not isinstance(rows, list) or not rows:
            raise _fail(name, "missing or empty list")
        seen: set[str] = set()
        entries = []
        for i, row in enumerate(rows):
            where = f"{name}[{i}]"
            if not isinstance(row, dict):
                raise _fail(where, "expected a mapping")
            for key in ("id", "label", "description", "signals"):
                if not row.get(key):
                    raise _fail(where, f"missing {key!r}")
            rid = str(row["id"])
            if rid in seen:
                raise _fail(where, f"duplicate id {rid!r}")
            seen.add(rid)
            signals = tuple(str(s) for s in row["signals"])
            bad = [s for s in signals if s != s.lower() or s != s.strip() or not s]
            if bad:
                raise _fail(f"{where} ({rid})", f"signals must be lower-case and trimmed: {bad}")
            kwargs: dict = {}
            if name == "categories":
                if row.get("ccpa") not in CCPA_CATEGORIES:
                    raise _fail(f"{where} ({rid})", f"ccpa must be one of {CCPA_CATEGORIES}, got {row.get('ccpa')!r}")
                for flag in ("ccpa_sensitive", "gdpr_special"):
                    if not isinstance(row.get(flag), bool):
                        raise _fail(f"{where} ({rid})", f"{flag} must be true or false")
                if row.get("opp115") not in OPP115_TYPES:
                    raise _fail(f"{where} ({rid})", f"opp115 must be one of {OPP115_TYPES}")
                kwargs = {"ccpa": row["ccpa"], "ccpa_sensitive": row["ccpa_sensitive"],
                          "gdpr_special": row["gdpr_special"], "opp115": (row["opp115"],)}
            elif name == "purposes":
                opp = tuple(row.get("opp115") or ())
                ccpa = tuple(row.get("ccpa") or ())
                if not opp or any(v not in OPP115_PURPOSES for v in opp):
                    raise _fail(f"{where} ({rid})", f"opp115 must list values of {OPP115_PURPOSES}")
                if any(v not in CCPA_BUSINESS_PURPOSES for v in ccpa):
                    raise _fail(f"{where} ({rid})", f"ccpa must list values of {CCPA_BUSINESS_PURPOSES}")
                kwargs = {"opp115": opp, "ccpa_purposes": ccpa}
            elif name == "recipients":
                opp = tuple(row.get("opp115") or ())
                if not opp or any(v not in OPP115_ENTITIES for v in opp):
                    raise _fail(f"{where} ({rid})", f"opp115 must list values of {OPP115_ENTITIES}")
                kwargs = {"opp115": opp}
            entries.append(Entry(id=rid, label=str(row["label"]), description=str(row["description"]),
                                 signals=signals, self_cued=bool(row.get("self_cued", False)), **kwargs))
        out[name] = tuple(entries)
    return out


@cache
def vocabularies() -> dict[str, tuple[Entry, ...]]:
    """The package's practices vocabularies (validated once per process).

    Examples
    --------
    >>> "ai_training" in [e.id for e in vocabularies()["purposes"]]
    True
    """
    return parse(load_data(VOCAB_FILE))


def entries(name: str) -> tuple[Entry, ...]:
    """The entries of one vocabulary (``categories``, ``purposes``, ``recipients``, ``sources``).

    Parameters
    ----------
    name : str

    Returns
    -------
    entries : tuple of Entry
        In file order.

    Raises
    ------
    KeyError
        An unknown vocabulary.

    Examples
    --------
    >>> from policylens.extract.practices_vocab import entries
    >>> [entry.id for entry in entries("recipients")][:3]
    ['service_providers', 'affiliates', 'advertisers']
    """
    if name not in VOCABULARIES:
        raise KeyError(f"unknown practices vocabulary {name!r}; expected one of {VOCABULARIES}")
    return vocabularies()[name]


def ids(name: str) -> list[str]:
    """The ids of one vocabulary, in file order.

    Parameters
    ----------
    name : str

    Returns
    -------
    ids : list of str

    Examples
    --------
    >>> ids("sources")[:2]
    ['user_provided', 'automatic_device']
    """
    return [e.id for e in entries(name)]


@cache
def category_map() -> dict[str, Entry]:
    """Each category id with its entry (cached).

    Returns
    -------
    categories : dict of str to Entry

    Examples
    --------
    >>> from policylens.extract.practices_vocab import category_map
    >>> len(category_map()), category_map()["precise_location"].label
    (26, 'Precise location')
    """
    return {e.id: e for e in entries("categories")}


def ccpa_of(category: str) -> str:
    """The CCPA statutory category id of a policylens category id.

    Parameters
    ----------
    category : str

    Returns
    -------
    ccpa : str

    Raises
    ------
    KeyError
        An unknown category id.

    Examples
    --------
    >>> from policylens.extract.practices_vocab import ccpa_of
    >>> ccpa_of("contact"), ccpa_of("precise_location")
    ('identifiers', 'geolocation')
    """
    return category_map()[category].ccpa
