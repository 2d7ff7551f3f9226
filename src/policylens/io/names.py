"""The product or service a policy covers, read from the document itself.

:func:`document_product` looks, most specific first, at a statement near the top of the text
("This Privacy Policy applies to the Acme Notes app", 'Acme Ltd operates Acme Notes (the "App")'),
the document's title (HTML ``<title>``, the PDF or DOCX title property), its first heading and the
site name (``og:site_name``). A candidate counts only when it reads as a name (capitalised words or
a domain), is not made of generic words only ("the Services") and is not a legal entity ("Acme
Ltd" is the organisation). The file name is never used. Unknown is ``None``.

The word lists and statement patterns are data: ``policylens/data/document_names.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from policylens.resources import load_data

__all__ = ["document_product", "product_in_text", "product_in_title"]

_TITLE_SEPARATORS = re.compile(r"\s+[|–—·:»\-]+\s+|\s*[|–—·»]\s*")
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}*#,;:!?-–—"


@dataclass(frozen=True)
class _Rules:
    opening_chars: int
    max_chars: int
    document: frozenset[str]
    generic: frozenset[str]
    legal: frozenset[str]
    kinds: frozenset[str]
    audience: frozenset[str]
    places: frozenset[str]
    pronouns: frozenset[str]
    dates: frozenset[str]
    lead: frozenset[str]
    connectors: frozenset[str]
    #: (id, keywords, pattern): a pattern runs only on an opening holding one of its keywords
    statements: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...]


@cache
def _rules() -> _Rules:
    data = load_data("document_names.yaml")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data[key])

    return _Rules(
        opening_chars=int(data["opening_chars"]), max_chars=int(data["max_chars"]),
        document=words("document_words"), generic=words("generic_words"),
        legal=words("legal_suffixes"), kinds=words("kind_words"), audience=words("audience_words"), places=words("place_words"),
        pronouns=words("pronoun_words"),
        dates=words("date_words"), lead=words("lead_words"), connectors=words("name_connectors"),
        statements=tuple((s["id"], tuple(str(k).lower() for k in s["keywords"]),
                          re.compile(s["pattern"], re.IGNORECASE)) for s in data["statements"]))


def _key(token: str) -> str:
    """A token compared with the word lists: lower case, edge punctuation and possessive off."""
    token = token.strip(_EDGE_PUNCT).lower()
    for possessive in ("'s", "’s"):
        if token.endswith(possessive):
            token = token[: -len(possessive)]
    return token.rstrip(".")


def _name_like(token: str) -> bool:
    bare = token.strip(_EDGE_PUNCT)
    if not bare:
        return False
    return (any(ch.isupper() for ch in bare) or bare[0].isdigit()
            or _DOMAIN.match(bare.rstrip(".")) is not None)


def _valid(tokens: list[str], after: str = "") -> str | None:
    """The name ``tokens`` spell, or None when they spell no product name."""
    rules = _rules()
    keys = [_key(t) for t in tokens]
    if not tokens or all(k in rules.generic or k in rules.document or not k for k in keys):
        return None
    if all(k in rules.places or k in rules.connectors for k in keys):
        return None  # a place ("North America")
    if keys[-1] in rules.legal or any(k in rules.audience for k in keys) or _key(after) in rules.audience:
        return None  # a legal entity (the organisation), or an audience ("EU Residents")
    if any(k in rules.pronouns and not (len(t) > 1 and t.strip(_EDGE_PUNCT).isupper())
           for k, t in zip(keys, tokens, strict=True)):
        return None  # a phrase ("What We Do")
    if any(k in rules.dates or _YEAR.match(k) for k in keys):
        return None  # a date ("Last updated March 2024")
    name = " ".join(tokens).strip(_EDGE_PUNCT + " ")
    for possessive in ("'s", "’s"):
        name = name.removesuffix(possessive)
    return name if 0 < len(name) <= rules.max_chars else None


def _trim(tokens: list[str], drop: frozenset[str]) -> list[str]:
    """``tokens`` without the words of ``drop`` (and connectors) at either end."""
    rules = _rules()
    edge = drop | rules.connectors
    while tokens and (_key(tokens[0]) in edge or not _key(tokens[0])):
        tokens = tokens[1:]
    while tokens and (_key(tokens[-1]) in edge or not _key(tokens[-1])):
        tokens = tokens[:-1]
    return tokens


def _leading_name(phrase: str) -> str | None:
    """The name a phrase starts with, after lead words ("the", "your use of" ...): its run of
    capitalised words, up to a comma, without a trailing kind word ("app", "website")."""
    rules = _rules()
    tokens = phrase.split()
    while tokens and _key(tokens[0]) in rules.lead and not _name_like(tokens[0]):
        tokens = tokens[1:]
    run: list[str] = []
    after = ""
    for i, token in enumerate(tokens):
        if _name_like(token) or (run and _key(token) in rules.connectors):
            run.append(token)
            if token.endswith(","):  # a comma ends the name; ", Inc." makes it a legal entity
                after = tokens[i + 1] if i + 1 < len(tokens) else ""
                if _key(after) in rules.legal:
                    return None
                break
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            if _key(token) != token.strip(_EDGE_PUNCT).lower().rstrip(".") and not (
                    _name_like(following) and _key(following) not in rules.generic | rules.kinds):
                break  # a possessive ends the name ("Acme's platforms"), unless a name goes on
            continue
        after = tokens[i]
        break
    while run and _key(run[-1]) in rules.connectors:
        after = run.pop()
    return _valid(_trim(run, rules.kinds | rules.document), after)


def _trailing_name(phrase: str) -> str | None:
    """The name a phrase ends with ("... operates the Acme Notes mobile app" -> "Acme Notes")."""
    rules = _rules()
    tokens = phrase.split()
    while tokens and _key(tokens[-1]) in rules.kinds and not _name_like(tokens[-1]):
        tokens = tokens[:-1]  # "mobile application" after the name
    run: list[str] = []
    for token in reversed(tokens):
        if (_name_like(token) and not token.endswith(",")) or (run and _key(token) in rules.connectors):
            run.insert(0, token)
            continue
        break
    while run and _key(run[0]) in rules.connectors:
        run = run[1:]
    return _valid(_trim(run, rules.kinds | rules.document))


def product_in_text(text: str) -> str | None:
    """The product a statement near the top of ``text`` says the policy covers, or None.

    Parameters
    ----------
    text : str
        The policy text (only its opening is read).

    Returns
    -------
    product : str or None

    Examples
    --------
    >>> product_in_text("Welcome. This Privacy Policy applies to the Acme Notes app and our website.")
    'Acme Notes'
    >>> product_in_text('Pinecrest Ltd operates the Tallyho Planner application (the "App").')
    'Tallyho Planner'
    >>> product_in_text("This Privacy Policy applies to the Services.") is None
    True
    """
    rules = _rules()
    opening = text[: rules.opening_chars]
    lower = opening.lower()
    found: list[tuple[int, str]] = []
    for rule_id, keywords, pattern in rules.statements:
        if not any(k in lower for k in keywords):
            continue
        for match in pattern.finditer(opening):
            if opening[match.end():].lstrip()[:1] == "?":
                continue  # a question ("How does this policy apply to ...?") states nothing
            phrase = match.group("name")
            name = _trailing_name(phrase) if rule_id == "defined_term" else _leading_name(phrase)
            if name:
                found.append((match.start(), name))
                break
    return min(found)[1] if found else None


def product_in_title(title: str) -> str | None:
    """The product a title, heading or site name names, or None.

    Each part of a "Privacy Policy | Acme Notes"-style title loses the words that name the
    document ("Privacy Policy", "Help Center", "for", "of"); the first part left that reads as a
    name (and not as a legal entity) is the product.

    Parameters
    ----------
    title : str

    Returns
    -------
    product : str or None

    Examples
    --------
    >>> product_in_title("Acme Notes Privacy Policy | Pinecrest Labs Ltd")
    'Acme Notes'
    >>> product_in_title("Privacy Notice for the Orbit Budget App")
    'Orbit Budget'
    >>> product_in_title("Privacy Policy – Last updated March 3, 2024") is None
    True
    """
    rules = _rules()
    title = " ".join(title.lstrip("#").split())
    for part in _TITLE_SEPARATORS.split(title):
        tokens = _trim(part.split(), rules.document)
        if len(tokens) > 1:
            tokens = _trim(tokens, rules.kinds | rules.document)
        if tokens and all(_name_like(t) or _key(t) in rules.connectors for t in tokens):
            name = _valid(tokens)
            if name:
                return name
    return None


def document_product(*, text: str = "", title: str = "", first_heading: str = "",
                     site: str = "") -> str | None:
    """The product or service a policy covers, from the document itself; None when unknown.

    Parameters
    ----------
    text : str
        The policy text: a statement near its top ("This Privacy Policy applies to ...") comes
        first.
    title : str
        The document's title (HTML ``<title>``, PDF or DOCX title property).
    first_heading : str
        The first heading of the document.
    site : str
        The site name (``og:site_name``).

    Returns
    -------
    product : str or None

    Examples
    --------
    >>> document_product(text="Privacy Policy\\n\\nWe collect data.", title="Privacy Policy | Quillfeather")
    'Quillfeather'
    >>> document_product(text="This notice applies to the Lanternfish Maps app.", title="Privacy Policy | Lanternfish Inc.")
    'Lanternfish Maps'
    >>> document_product(text="We collect data.", title="Privacy Policy") is None
    True
    """
    for candidate in (product_in_text(text) if text else None, product_in_title(title),
                      product_in_title(first_heading), product_in_title(site)):
        if candidate:
            return candidate
    return None
