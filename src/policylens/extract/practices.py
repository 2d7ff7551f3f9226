"""Data practices: which personal data a policy collects, discloses, sells or shares, for which
purposes, to which recipients and from which sources.

Aspects: ``data_collected``, ``data_disclosed``, ``data_sold_shared`` (value: a category id of
``vocab_practices.yaml``, ``data_category``: its CCPA statutory id), ``purpose``, ``recipient``,
``data_source``. Every finding has a ``polarity`` (``affirmed`` | ``denied``: "we do not collect
biometric data") and a ``scope`` when the statement names one (``children``, ``california``...).

How a mention becomes a finding: one pyahocorasick automaton holds every signal phrase of the
four vocabularies (plus stop phrases that consume words such as "legitimate interests");
leftmost-longest whole-word matches are the mentions. A mention counts only in a context: a
practice verb in its sentence (``cues`` of ``patterns_practices.yaml``), else the list lead-in or
table header, else the section heading (for list items, table rows and "Label: ..." lines). A
negation shortly before the verb makes the finding denied. CCPA disclosure tables (a category
column plus Collected / Disclosed / Sold-or-shared Yes/No columns) are read cell by cell against
their header. "The categories listed above" yields the value ``listed_categories`` (resolved per
policy by the report); "we do not sell personal information" the value ``personal_information``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

import ahocorasick

from policylens.extract import ClauseContext
from policylens.extract.practices_vocab import category_map, entries
from policylens.extract.rules import Rule, rule_set
from policylens.resources import load_data
from policylens.schema import Finding

RULES_FILE = "patterns_practices.yaml"

#: context kind -> findings aspect of a category mentioned in that context
CONTEXT_ASPECT = {"collect": "data_collected", "disclose": "data_disclosed", "sell": "data_sold_shared"}
ASPECTS = ("data_collected", "data_disclosed", "data_sold_shared", "purpose", "recipient", "data_source")
KIND_ASPECT = {"purpose": "purpose", "recipient": "recipient", "source": "data_source"}
#: value of a statement about personal information in general ("we do not sell personal information")
GENERIC = "personal_information"
#: value of a back-reference to the categories a policy lists elsewhere ("the categories above")
LISTED = "listed_categories"
AFFIRMED, DENIED = "affirmed", "denied"

#: categories that identify a device or a browsing session: personal data in law (GDPR recital
#: 30, CCPA 1798.140(v)) even where a policy calls them non-personal
_TECHNICAL = frozenset({"online_identifiers", "device_info", "usage_activity", "cookies_tracking"})
_VOCAB_KIND = {"categories": "category", "purposes": "purpose", "recipients": "recipient", "sources": "source"}
_CONTEXTS = ("collect", "disclose", "sell")
#: a sentence carving recipients out of a preceding denial ("This does not include trusted third
#: parties who assist us in operating our website")
_CARVE_OUT = re.compile(
    r"\W*(?:this|that|it|the above) (?:does not|doesn't|shall not) (?:include|apply to) ((?:[\w-]+ ){0,4}?"
    r"(?:third[- ]parties|parties|partners|service providers|providers|vendors|affiliates|companies|contractors))\b",
    re.IGNORECASE)
_EXCEPTIONS = re.compile(r"\b(?:except|other than|unless|only (?:as|with|to|when|if|in))\b", re.IGNORECASE)
_DENYING_LEAD_IN = re.compile(r"\b(?:do not|don't|never|will not|won't|does not|doesn't)\b[^.;]{0,30}:\s*$", re.IGNORECASE)
_DEFINES_US = re.compile(r"[(\[]\s*(?:collectively,?\s*)?[\"“”']?(?:we|us|our|the company)[\"“”']?\s*[,)]", re.IGNORECASE)
_LOCAL_NEGATION = re.compile(r"\b(?:not|no|never|excluding|except)\s+(?:\w+\s+)?$", re.IGNORECASE)
_LABEL = re.compile(r"^\s*[\w][\w /&,'’()-]{0,60}:\s")
_BACKREF = re.compile(
    r"\b(?:(?:categories|types|kinds|pieces)(?: of (?:personal )?(?:information|data))?|(?:personal )?(?:information|data))"
    r" (?:(?:we|that we) (?:collect|have collected) )?(?:listed|described|identified|set (?:forth|out)|mentioned|outlined|specified|detailed|referenced|noted|disclosed)"
    r" (?:above|earlier|previously|in (?:the )?(?:table|section|chart)s? above)"
    r"|\b(?:each|all|any) of the (?:above|categories (?:above|listed))|\beach (?:such )?category\b",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Mention:
    """A vocabulary phrase found in a text.

    Parameters
    ----------
    kind : {"category", "purpose", "recipient", "source"}
    id : str
        The vocabulary entry's id.
    start, end : int
        The phrase's span.

    Examples
    --------
    >>> from policylens.extract.practices import mentions
    >>> mentions("We collect your email address and share it with advertising partners.")
    [Mention(kind='category', id='contact', start=16, end=29), Mention(kind='recipient', id='advertisers', start=48, end=68)]
    """

    kind: str
    id: str
    start: int
    end: int


@cache
def _spec() -> dict:
    return load_data(RULES_FILE)


@cache
def _automaton() -> ahocorasick.Automaton:
    """One automaton over every signal phrase; a phrase's value lists (kind, id) pairs (a phrase
    may name entries of several vocabularies, e.g. "cookies" is a category and a source)."""
    payload: dict[str, list[tuple[str, str]]] = {}
    for vocab, kind in _VOCAB_KIND.items():
        for entry in entries(vocab):
            for signal in entry.signals:
                payload.setdefault(signal, []).append((kind, entry.id))
    for phrase in _spec()["stop_phrases"]:
        payload.setdefault(phrase.lower(), [])
    auto = ahocorasick.Automaton()
    for phrase, pairs in payload.items():
        auto.add_word(phrase, (len(phrase), tuple(pairs)))
    auto.make_automaton()
    return auto


@cache
def _self_cued() -> frozenset[str]:
    return frozenset(e.id for e in entries("purposes") if e.self_cued)


#: aspect of the cue rules in ``patterns_practices.yaml`` (read here, never reported)
CUE_ASPECT = "practice_cue"
#: the cue kinds a sentence is scanned for
CUE_KINDS = frozenset({"collect", "disclose", "sell", "use", "source"})


@cache
def _cue_rules() -> dict[str, Rule]:
    """Cue name (``collect``, ``negation``, ``rights``...) -> its rule in the shared rule set."""
    return {r.value: r for r in rule_set().file(RULES_FILE) if r.aspect == CUE_ASPECT}


def _cue(name: str, candidates: frozenset | None) -> re.Pattern[str] | None:
    """The regex of cue ``name``, or None when the keyword scan rules it out for this text
    (``candidates``: ``RuleSet.candidates`` of a text holding it; None: not scanned)."""
    rule = _cue_rules()[name]
    return rule.regex if candidates is None or rule in candidates else None


def _candidates(ctx: ClauseContext) -> frozenset:
    return ctx.candidates if ctx.candidates is not None else rule_set().candidates(ctx.text)


@cache
def _regex(path: tuple[str, ...]) -> re.Pattern[str]:
    node = _spec()
    for key in path:
        node = node[key]
    return re.compile(node["regex"] if isinstance(node, dict) else node, re.IGNORECASE)


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # a few characters lower-case to two ("İ"): keep offsets aligned
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def mentions(text: str) -> list[Mention]:
    """Leftmost-longest whole-word mentions of the practices vocabularies in ``text``.

    Parameters
    ----------
    text : str

    Returns
    -------
    mentions : list of Mention

    Examples
    --------
    >>> [(m.kind, m.id) for m in mentions("We collect your IP address and e-mail address.")]
    [('category', 'online_identifiers'), ('category', 'contact')]
    """
    low = _lower(text)
    hits = []
    n = len(low)
    for end, (length, pairs) in _automaton().iter(low):
        start = end - length + 1
        if start > 0 and (low[start - 1].isalnum() or low[start - 1] == "_"):
            continue
        if end + 1 < n and (low[end + 1].isalnum() or low[end + 1] == "_"):
            continue
        if start >= 4 and low[start - 4:start] == "non-":
            continue  # "non-precise location", "non-personalised ads": the opposite
        hits.append((start, -length, pairs))
    hits.sort()
    out: list[Mention] = []
    pos = 0
    for start, neg_len, pairs in hits:
        if start < pos:
            continue
        pos = start - neg_len
        for kind, eid in pairs:
            out.append(Mention(kind, eid, start, pos))
    return out


# --------------------------------------------------------------------------------------------
# context cues

_SENT_END = re.compile(r"[.!?;](?=\s)|\n")


def _sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    spans, s = [], lo
    for m in _SENT_END.finditer(text, lo, hi):
        if text[s:m.end()].strip():
            spans.append((s, m.end()))
        s = m.end()
    if text[s:hi].strip():
        spans.append((s, hi))
    return spans


@dataclass(frozen=True, slots=True)
class Cue:
    """A practice verb found in a sentence.

    Parameters
    ----------
    kind : {"collect", "disclose", "sell", "use", "source"}
    start, end : int
        The verb's span.
    negated : bool
        A negation just before it ("we do not sell").

    Examples
    --------
    >>> from policylens.extract.practices import cues
    >>> cues("We collect your email address and do not sell it.")
    [Cue(kind='collect', start=3, end=10, negated=False), Cue(kind='sell', start=41, end=45, negated=True)]
    """
    kind: str  # collect | disclose | sell | use | source
    start: int
    end: int
    negated: bool


def _negated(text: str, pos: int) -> bool:
    rule = _cue_rules()["negation"]
    left = text[max(0, pos - int(rule.extra["window"])):pos]
    cut = max(left.rfind("."), left.rfind(";"), left.rfind(":"), left.rfind("\n"), left.rfind(", but"),
              left.rfind(" but "), left.rfind(" however"))
    if cut >= 0:
        left = left[cut + 1:]
    if not rule.regex.search(left):
        return False
    return not _regex(("cues", "not_negation")).search(left)


def _conditional(sentence: str, pos: int) -> bool:
    """A condition ("if", "in the event", "should we") governs the verb at ``pos``: it stands in
    the same clause before it (no comma, semicolon or colon between). "If you live in
    California, we do not sell ..." is a statement; "if we sell your data" is not."""
    left = sentence[max(0, pos - 80):pos]
    cut = max(left.rfind(","), left.rfind(";"), left.rfind(":"))
    return bool(_regex(("cues", "conditional")).search(left[cut + 1:]))


def cues(sentence: str, candidates: frozenset | None = None, kinds: frozenset[str] = CUE_KINDS) -> list[Cue]:
    """The practice cues of a sentence, in text order.

    Parameters
    ----------
    sentence : str
        One sentence.
    candidates : frozenset, default=None
        ``RuleSet.candidates`` of a text holding the sentence (its clause): a cue rule that is
        no candidate is not run. None: the sentence is scanned here.
    kinds : frozenset of str, default=CUE_KINDS
        The cue kinds wanted (default: all of ``CUE_KINDS``).

    Returns
    -------
    cues : list of Cue

    Examples
    --------
    >>> [(c.kind, c.negated) for c in cues("We do not sell your data.")]
    [('sell', True)]
    """
    if candidates is None:
        candidates = rule_set().candidates(sentence)
    found: list[Cue] = []
    sells = []
    sell = _cue("sell", candidates) if "sell" in kinds else None
    matches = list(sell.finditer(sentence)) if sell is not None else []
    if matches and not _regex(("cues", "hypothetical")).search(sentence) and \
            not _regex(("cues", "sell_exclude")).search(sentence):
        for m in matches:
            if _conditional(sentence, m.start()):
                continue  # "if we sell ...": no statement of practice
            sells.append((m.start(), m.end()))
            found.append(Cue("sell", m.start(), m.end(), _negated(sentence, m.start())))
    for kind in ("collect", "disclose", "use", "source"):
        regex = _cue(kind, candidates) if kind in kinds else None
        if regex is None:
            continue
        for m in regex.finditer(sentence):
            if kind == "disclose" and any(s <= m.start() < e for s, e in sells):
                continue  # "sell or share": one sale/sharing cue, not also a disclosure
            if kind == "disclose" and _regex(("cues", "user_action")).search(sentence[max(0, m.start() - 40):m.start()]):
                continue  # "you choose to share", "never share your password": not the business
            found.append(Cue(kind, m.start(), m.end(), _negated(sentence, m.start())))
    found.sort(key=lambda c: c.start)
    return found


def _nearest(cs: list[Cue], pos: int) -> Cue:
    before = [c for c in cs if c.start <= pos]
    return before[-1] if before else cs[0]


def _fallback(ctx: ClauseContext) -> tuple[dict[str, bool], str]:
    """Contexts (kind -> negated) a clause gets from its lead-in, else its section, with the
    place they came from; empty when neither says."""
    return _fallback_of(ctx.lead_in, ctx.section)


@lru_cache(maxsize=2048)
def _fallback_of(lead_in: str, section: str) -> tuple[dict[str, bool], str]:
    # a pure function of two strings that repeat over a policy's clauses: cached (callers
    # only read the dict)
    lead = lead_in.split("\t")[0] if "\t" in lead_in else lead_in
    for where, text in (("lead_in", lead), ("section", section.rsplit(" > ", 1)[-1]),
                        ("section", section)):
        if not text:
            continue
        group = "lead_in" if where == "lead_in" else "section"
        out = {}
        excepted = False
        for kind in ("sell", "disclose", "collect", "use", "source"):
            pattern = _spec()[group].get(kind)
            if pattern is None:
                continue
            m = re.search(pattern, text, re.IGNORECASE)
            if m:
                # "we do not share ... except as described below": the list holds the exceptions
                # (disclosures); "we do not sell, rent or share ... except": still no sale
                excepted = excepted or (where == "lead_in" and bool(_EXCEPTIONS.search(text, m.end())))
                out[kind] = _negated(text, m.start()) and not (excepted and kind != "sell")
        if "sell" in out and "disclose" in out and not excepted and \
                re.search(r"\b(?:sell|sold|sale)s?,? (?:or|and(?:/or)?) (?:otherwise )?shar", text, re.I):
            del out["disclose"]
        if out and (set(out) & {"collect", "disclose", "sell"} or where == "section"):
            return out, where
    return {}, ""


@cache
def _scopes() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str]], ...]]:
    """Any scope at all (one search rules out most texts), then each scope in YAML order."""
    spec = _spec()["scopes"]
    each = tuple((name, re.compile(pattern, re.IGNORECASE)) for name, pattern in spec.items())
    return re.compile("|".join(f"(?:{p})" for p in spec.values()), re.IGNORECASE), each


@lru_cache(maxsize=4096)
def _scope_of(text: str) -> str:
    """The first scope (in YAML order) whose pattern occurs in ``text``; lead-ins and section
    paths repeat over a policy's clauses, hence the cache."""
    any_scope, each = _scopes()
    if not text or not any_scope.search(text):
        return ""
    return next((name for name, pattern in each if pattern.search(text)), "")


def _scope(*texts: str) -> str:
    for text in texts:
        found = _scope_of(text)
        if found:
            return found
    return ""


def _finding(aspect: str, m: Mention | None, value: str, negated: bool, rule: str, scope: str,
             text: str, span: tuple[int, int] | None = None) -> Finding:
    start, end = span if span is not None else (m.start, m.end)
    ccpa = category_map()[value].ccpa if value in category_map() and aspect in CONTEXT_ASPECT.values() else ""
    return Finding(aspect=aspect, value=value, start=start, end=end, evidence=text[start:end], rule=rule,
                   data_category=ccpa, polarity=DENIED if negated else AFFIRMED, scope=scope,
                   guard=_guard(rule))


def _guard(rule: str) -> str:
    """What admitted a finding, from its rule id: 'practices.lead_in.collect' -> 'lead_in:collect'
    (the place the practice cue held and the cue), 'practices.self_cued' -> 'none'."""
    parts = rule.split(".")
    if len(parts) < 3:
        return "none"
    return f"{parts[1]}:{parts[2]}"


# "Health and Wellness Product companies", "Operating Systems and Platforms": a category word
# naming a kind of company, not data
_NAMES_COMPANY = re.compile(
    r"(?:[ ]*(?:and|&|,|/)?[ ]*(?!(?:to|with|by|from|for|of|the|our|your|we|such|as|or|in|on|that|which)\b)"
    r"[a-z][\w-]*){0,5}[ ]+(?:companies|providers|platforms|agencies|institutions|organi[sz]ations|brokers|"
    r"resellers|vendors|industry|industries|sector|integrators|manufacturers|makers|operators|distributors|"
    r"retailers|dealers|sellers|assistants)\b", re.IGNORECASE)
#: the nouns _NAMES_COMPANY ends with: searched first, since the full pattern backtracks a lot
#: and almost never matches
_COMPANY_NOUN = re.compile(
    r"companies|providers|platforms|agencies|institutions|organi[sz]ations|brokers|resellers|vendors|"
    r"industry|industries|sector|integrators|manufacturers|makers|operators|distributors|retailers|dealers|sellers|"
    r"assistants",
    re.IGNORECASE)


_COLLECTS = re.compile(r"collect|gather|obtain|captur|record", re.IGNORECASE)


def _collector(contexts: dict, text: str, m: Mention) -> Cue | None:
    """The collection cue a recipient mention is the subject of ("our advertising partners may
    collect information about your visits"): third parties that collect through the service
    receive the data. None when the mention is no such subject."""
    cs = contexts.get("collect")
    if not isinstance(cs, list):
        return None
    for c in cs:
        if m.end <= c.start <= m.end + 50 and _COLLECTS.match(text, c.start, c.end) and \
                not re.search(r"[,;.]|\b(?:we|us|our|from|by)\b", text[m.end:c.start], re.IGNORECASE):
            return c
    return None


def _emit(ms: list[Mention], contexts: dict[str, Cue | bool], text: str, rule: str, scope: str,
          sentence: tuple[int, int]) -> list[Finding]:
    """Findings of the mentions of one sentence/cell given its contexts (kind -> the cue, or a
    bool negated flag when the context comes from a lead-in/section/table)."""
    out: list[Finding] = []

    def neg(kind: str, pos: int) -> bool:
        c = contexts[kind]
        if isinstance(c, list):
            cue = _nearest(c, pos)
            # "we do not disclose ... except as follows: ... your name may be passed to ...": what
            # follows the exception is what is done
            return cue.negated and not (cue.end <= pos and _EXCEPTIONS.search(text, cue.end, pos))
        # a context from a lead-in/section/table: "(not precise location)" still denies locally
        return bool(c) or bool(_LOCAL_NEGATION.search(text, max(0, pos - 12), pos))

    for m in ms:
        if m.kind == "category":
            window_end = min(len(text), m.end + 80)
            if _COMPANY_NOUN.search(text, m.end, window_end) and _NAMES_COMPANY.match(text, m.end, window_end):
                continue
            for kind in _CONTEXTS:
                if kind in contexts:
                    out.append(_finding(CONTEXT_ASPECT[kind], m, m.id, neg(kind, m.start), f"{rule}.{kind}", scope, text))
        elif m.kind == "recipient":
            kinds = [k for k in ("sell", "disclose") if k in contexts]
            collector = _collector(contexts, text, m) if not kinds else None
            if not kinds and collector is None:
                continue
            if collector is not None:
                if _DEFINES_US.search(text, sentence[0], sentence[1]):
                    continue
                out.append(_finding("recipient", m, m.id, collector.negated, f"{rule}.collect", scope, text))
                continue
            if _DEFINES_US.search(text, sentence[0], sentence[1]):
                continue  # "X, its subsidiaries and affiliates ("we")": who speaks, not who receives
            left = text[max(sentence[0], m.start - 25):m.start].lower()
            if re.search(r"\bfrom\b(?![^,;]*\b(?:to|with)\b)", left):
                continue  # "we receive data from advertisers": a source, not a recipient
            if all(isinstance(contexts[k], bool) for k in kinds):
                # from a lead-in: "we do not sell or share ... except: <recipients>" -- the
                # recipients receive the excepted disclosures
                kinds.sort(key=lambda k: bool(contexts[k]))
            out.append(_finding("recipient", m, m.id, neg(kinds[0], m.start), f"{rule}.{kinds[0]}", scope, text))
        elif m.kind == "purpose":
            # a purpose needs a verb in its sentence or a "how we use" heading: "Usage analytics"
            # in a list of data collected names data, not a purpose
            kinds = [k for k in ("use", "collect", "disclose", "sell")
                     if k in contexts and (k == "use" or isinstance(contexts[k], list))]
            if kinds:
                out.append(_finding("purpose", m, m.id, neg(kinds[0], m.start), f"{rule}.{kinds[0]}", scope, text))
        elif m.kind == "source":
            kinds = [k for k in ("source", "collect") if k in contexts]
            if kinds:
                out.append(_finding("data_source", m, m.id, neg(kinds[0], m.start), f"{rule}.{kinds[0]}", scope, text))
    return out


def _generic(text: str, s: int, e: int, cs: list[Cue], ms: list[Mention], scope: str) -> list[Finding]:
    """Statements about personal information in general or about "the categories listed above"."""
    out = []
    sentence = text[s:e]
    back = _BACKREF.search(sentence)
    has_category = any(m.kind == "category" for m in ms)
    for kind in _CONTEXTS:
        kc = [c for c in cs if c.kind == kind]
        if not kc:
            continue
        if back and not has_category:
            c = _nearest(kc, back.start())
            out.append(_finding(CONTEXT_ASPECT[kind], None, LISTED, c.negated, f"practices.backref.{kind}", scope,
                                text, (s + back.start(), s + back.end())))
            continue
        if has_category:
            continue
        for c in kc:
            # "we do not sell personal information": a denial about all data; an affirmed sale or
            # disclosure of unnamed personal information is kept too (it stands for every
            # category the policy collects, see policylens.report.practices)
            if not c.negated and (kind == "collect" or (kind == "sell" and not re.match(
                    r"(?:sell|sold|rent|trade)", sentence[c.start:c.end], re.I))):
                continue
            if not c.negated and _regex(("cues", "legal_or_transfer")).search(sentence):
                continue
            if c.negated and kind != "sell" and (_EXCEPTIONS.search(sentence, c.end) or re.search(
                    r"\bin the following (?:circumstances|cases|ways)", sentence[c.end:], re.I)):
                continue  # "we do not share ... except / in the following circumstances:": no denial
            after = _regex(("cues", "statement_of_none")).search(sentence, c.end, min(len(sentence), c.end + 60))
            if after:
                out.append(_finding(CONTEXT_ASPECT[kind], None, GENERIC, c.negated, f"practices.generic.{kind}", scope,
                                    text, (s + c.start, s + after.end())))
                break
    return out


# --------------------------------------------------------------------------------------------
# statutory headings ("A. Identifiers", "Commercial information") and what they restrict


@cache
def _heads() -> tuple[re.Pattern[str], tuple[tuple[str, re.Pattern[str], str], ...]]:
    spec = _spec()["statutory_heads"]
    heads = tuple((ccpa, re.compile(h["regex"], re.IGNORECASE), h["category"]) for ccpa, h in spec["heads"].items())
    return re.compile(spec["enumerator"]), heads


def statutory_head(text: str) -> tuple[str, int, int, str] | None:
    """The statutory category name ``text`` starts with, if any.

    As (CCPA id or ``sensitive``, start, end, policylens category); None when ``text`` starts
    with none.

    Parameters
    ----------
    text : str

    Returns
    -------
    head : (str, int, int, str) or None

    Examples
    --------
    >>> statutory_head("B. Commercial information, such as purchases")[:3]
    ('commercial', 3, 25)
    """
    enumerator, heads = _heads()
    m = enumerator.match(text)
    off = m.end() if m else 0
    rest = text[off:off + 160]
    for ccpa, regex, category in heads:
        h = regex.match(rest)
        if h:
            return ccpa, off + h.start(), off + h.end(), category
    return None


def _restrict(ms: list[Mention], head: tuple[str, int, int, str] | None, base: int = 0) -> list[Mention]:
    """Mentions of a row headed by a statutory category: categories of that statutory category
    only (the heading itself stands for its category when no example does)."""
    if head is None:
        return ms
    ccpa, hs, he, rep = head
    cats = category_map()
    if ccpa == "sensitive":
        keep = [m for m in ms if m.kind != "category" or cats[m.id].ccpa_sensitive]
        return keep
    keep = [m for m in ms if m.kind != "category" or cats[m.id].ccpa == ccpa]
    if not any(m.kind == "category" and m.start < base + he and m.end > base + hs for m in keep):
        keep = [m for m in keep if not (m.kind == "category" and m.start < base + he and m.end > base + hs)]
        keep.append(Mention("category", rep, base + hs, base + he))
        keep.sort(key=lambda m: m.start)
    return keep


# --------------------------------------------------------------------------------------------
# CCPA tables


_UNHEADED = "\x00"


def _cells(text: str) -> list[tuple[int, int]]:
    spans, s = [], 0
    for i, ch in enumerate(text):
        if ch == "\t":
            spans.append((s, i))
            s = i + 1
    spans.append((s, len(text)))
    return spans


def _table_row(ctx: ClauseContext, ms: list[Mention], scope: str) -> list[Finding] | None:
    """Findings of a table row read against its header (the row's lead-in); None when the row
    does not line up with a tab-separated header."""
    header = ctx.lead_in.split("\t")
    cells = _cells(ctx.text)
    tspec = _spec()["table"]
    if 2 <= len(header) < len(cells) and re.search(tspec["category_column"], header[0], re.I):
        # a header split over two rows: the columns past the first row's are the sale/sharing
        # columns of a CCPA table (they follow the disclosure column)
        header = header + [_UNHEADED] * (len(cells) - len(header))
    if 2 <= len(cells) < len(header):
        # trailing empty cells dropped by the page ("J. Education information | NO"): the cells
        # present line up with the first columns
        cells = cells + [(len(ctx.text), len(ctx.text))] * (len(header) - len(cells))
    if len(header) < 2 or len(header) != len(cells):
        return None
    yes, no = re.compile(tspec["yes_cell"], re.I), re.compile(tspec["no_cell"], re.I)
    contexts: dict[str, bool] = {}
    context_cols: set[int] = set()
    for j, (a, b) in enumerate(cells):
        cell = ctx.text[a:b]
        head = header[j]
        if head == _UNHEADED:
            if re.match(r"\s*not (?:sold|shared|sold or shared)\b", cell, re.I) or no.match(cell):
                contexts.setdefault("sell", True)
            elif cell.strip():
                contexts["sell"] = False  # "Not shared." | "<recipients>": sold to them
            context_cols.add(j)
            continue
        for kind in ("sell", "disclose", "collect"):
            if re.search(tspec[kind], head, re.I):
                if yes.match(cell):
                    contexts.setdefault(kind, False)
                elif no.match(cell):
                    contexts.setdefault(kind, True)
                elif kind != "collect" and cell.strip() and j > 0:
                    # "Categories of recipients to whom disclosed": a named recipient = disclosed;
                    # "Not sold." / "Not shared." in that cell answer the sale column
                    contexts.setdefault(kind, False)
                    if re.search(r"\bnot (?:sold|shared)\b", cell, re.I) and kind != "sell":
                        contexts.setdefault("sell", True)
                context_cols.add(j)
                break
    if not contexts:
        # a category table without Yes/No columns: its header, the lead-in of the table or the
        # section says what it lists; a bare "Category | Examples" table lists what is collected
        for kind in ("sell", "disclose", "collect"):
            if re.search(_spec()["lead_in"][kind], " ".join(header), re.I):
                contexts[kind] = False
                break
        if not contexts:
            fb, _ = _fallback(ClauseContext(text="", section=ctx.section))
            contexts = {k: v for k, v in fb.items() if k in _CONTEXTS} or {"collect": False}
    head = statutory_head(ctx.text[cells[0][0]:cells[0][1]])
    if head is not None:
        row_end = cells[1][1] if len(cells) > 1 else cells[0][1]
        ms = _restrict([m for m in ms if m.start < row_end], head) + [m for m in ms if m.start >= row_end]
    out: list[Finding] = []
    for j, (a, b) in enumerate(cells):
        in_cell = [m for m in ms if a <= m.start < b]
        if not in_cell:
            continue
        if j in context_cols:  # recipients/purposes named in a disclosure column
            kind = "sell" if header[j] == _UNHEADED else next(
                k for k in ("sell", "disclose", "collect") if re.search(tspec[k], header[j], re.I))
            sub = {kind: contexts.get(kind, False), "use": False}
            out += _emit([m for m in in_cell if m.kind != "category"], sub, ctx.text, "practices.table", scope, (a, b))
            continue
        purpose_col = re.search(r"\bpurpose|\bwhy\b|\buse\b", header[j], re.I)
        sub = dict(contexts)
        if purpose_col:
            sub = {"use": False}
        elif re.search(r"\bsource", header[j], re.I):
            sub = {"source": False}
        elif re.search(r"\brecipient|\bthird part|\bdisclos|\bshared with", header[j], re.I):
            sub = {"disclose": False}
        else:
            sub.setdefault("use", False)
        out += _emit(in_cell, sub, ctx.text, "practices.table", scope, (a, b))
    return out


# --------------------------------------------------------------------------------------------


def extract_clause(ctx: ClauseContext) -> list[Finding]:
    """Data-practice findings of one clause (offsets relative to ``ctx.text``).

    Parameters
    ----------
    ctx : ClauseContext

    Returns
    -------
    findings : list of Finding
        Aspects ``data_collected``, ``data_disclosed``, ``data_sold_shared``, ``purpose``,
        ``recipient``, ``data_source``; ``polarity`` affirmed or denied.

    Examples
    --------
    >>> [(f.aspect, f.value, f.polarity) for f in extract_clause(ClauseContext(
    ...     "We do not collect biometric data."))]
    [('data_collected', 'biometric', 'denied')]
    """
    text = ctx.text
    low = text.lower()
    ms = mentions(text)
    if not ms and not any(w in low for w in ("sell", "sold", "sale", "not", "never", "above", "each")):
        return []
    if ctx.kind == "table_row" and "\t" in text and "\t" in ctx.lead_in:
        found = _table_row(ctx, ms, _scope(ctx.lead_in, ctx.section))
        if found is not None:
            return _dedupe(found)
    ms = _restrict(ms, statutory_head(text))
    out: list[Finding] = []
    labelled = ctx.kind in ("item", "table_row") or bool(_LABEL.match(text)) or len(text) < 120
    if ctx.lead_in and (_cue_rules()["rights"].regex.search(ctx.lead_in) or
                        _regex(("cues", "no_practice_lead_in")).search(ctx.lead_in)):
        # items of a rights description ("you may request: the categories we sold"), of what
        # personal information excludes, of what users must not do
        return []
    recipient_items = ctx.kind == "item" and bool(_regex(("cues", "recipient_list")).search(ctx.lead_in))
    # items under "We do not:" / "We never:" deny what they say
    denied_items = ctx.kind == "item" and bool(_DENYING_LEAD_IN.search(ctx.lead_in))
    fallback: tuple[dict[str, bool], str] | None = None
    candidates = _candidates(ctx)
    rights, not_personal, choices = (_cue(name, candidates) for name in ("rights", "not_personal", "choices"))
    prev: tuple[int, int] | None = None
    for s, e in _sentences(text, 0, len(text)):
        before, prev = prev, (s, e)
        sentence = text[s:e]
        sm = [m for m in ms if s <= m.start < e]
        if rights is not None and rights.search(sentence):
            continue  # a right described: no practice stated
        defining = bool(_regex(("cues", "definition")).match(sentence))
        if defining:
            # a term defined ('"Share Data" is data such as audio ...', 'Cookies are small files'):
            # the data it names are examples, not practices; who sees it still is one
            # ('"Public activities" are actions visible to other users')
            sm = [m for m in sm if m.kind not in ("category", "source")]
        unnamed = not_personal.search(sentence) if not_personal is not None else None
        if unnamed:
            # de-identified or aggregate data is not personal; data a policy only calls
            # "non-personal" or "anonymous" still counts when it is technical data the law treats
            # as personal (IP addresses, device identifiers, browsing data, cookies)
            if not _regex(("cues", "called_non_personal")).match(unnamed.group(0)):
                continue
            sm = [m for m in sm if m.kind == "category" and m.id in _TECHNICAL]
            if not sm:
                continue
        choice = choices is not None and choices.search(sentence) is not None
        if choice:  # the user's controls, not a collection (nor its source)
            sm = [m for m in sm if m.kind not in ("category", "source")]
        cs = [Cue(c.kind, c.start + s, c.end + s, c.negated)
              for c in cues(sentence, candidates, _kinds_needed(sentence, sm, candidates))]
        if recipient_items:
            sm = [m for m in sm if m.kind != "category"]
        generic = [] if choice or defining or ctx.kind == "heading" else _generic(
            text, s, e, [Cue(c.kind, c.start - s, c.end - s, c.negated) for c in cs], sm, "")
        # the scope is looked for only where something may be reported (most sentences: nothing)
        scope = _scope(sentence, ctx.lead_in, ctx.section) if generic or sm else ""
        if scope:
            generic = [replace(f, scope=scope) for f in generic]
        if denied_items:  # "We do not: - sell your personal data"
            generic = [replace(f, polarity=DENIED, rule="practices.lead_in_denied", guard="lead_in:denied")
                       for f in generic]
        carve = _CARVE_OUT.match(sentence)
        if carve and not denied_items:
            # "[We do not transfer your data to outside parties.] This does not include trusted
            # third parties who assist us ...": those parties receive personal information
            out.append(_finding("data_disclosed", None, GENERIC, False, "practices.carve_out.disclose",
                                scope, text, (s + carve.start(1), s + carve.end())))
        out += generic
        if not sm:
            continue
        contexts: dict[str, list[Cue] | bool] = {}
        if carve and not denied_items:
            contexts["disclose"] = False
        for c in cs:
            contexts.setdefault(c.kind, []).append(c)
        rule = "practices.sentence"
        if not set(contexts) & {"collect", "disclose", "sell"} and before is not None and \
                _regex(("cues", "continuation")).match(sentence):
            # "We keep log files. Included in these are the date and your IP address.": a sentence
            # continuing the previous one's list takes its practice
            for c in cues(text[before[0]:before[1]], None, frozenset({"collect", "disclose", "sell"})):
                contexts.setdefault(c.kind, c.negated)
            if set(contexts) & {"collect", "disclose", "sell"}:
                rule = "practices.previous"
        if not set(contexts) & {"collect", "disclose", "sell"} and labelled:
            if fallback is None:
                fallback = _fallback(ctx)
            fb, where = fallback
            if fb:
                for kind, negated in fb.items():
                    contexts.setdefault(kind, negated)
                rule = f"practices.{where}"
        if not contexts and any(m.kind == "purpose" and m.id in _self_cued() for m in sm):
            contexts = {"use": False}
            rule = "practices.self_cued"
        if contexts and denied_items:
            contexts = {k: True for k in contexts}
            rule = "practices.lead_in_denied"
        if contexts:
            out += _emit(sm, contexts, text, rule, scope, (s, e))
    return _dedupe(out)


def _kinds_needed(sentence: str, sm: list[Mention], candidates: frozenset) -> frozenset[str]:
    """The cue kinds that can change the findings of a sentence with mentions ``sm``: every
    mention reads collect / disclose / sell cues; only purposes read ``use`` and only sources
    ``source``, unless a self-cued purpose is there (it counts when no cue of any kind is).
    Without mentions only ``_generic`` reads cues, where an affirmed collection counts only
    with a back-reference, so ``collect`` is needed only there or where a negation can occur."""
    if not sm:
        if _cue("negation", candidates) is None and not _BACKREF.search(sentence):
            return frozenset({"disclose", "sell"})
        return frozenset({"collect", "disclose", "sell"})
    if any(m.kind == "purpose" and m.id in _self_cued() for m in sm):
        return CUE_KINDS
    kinds = {"collect", "disclose", "sell"}
    kinds.update(_MENTION_CUE.get(m.kind, "") for m in sm)
    kinds.discard("")
    return frozenset(kinds)


#: the extra cue kind a mention kind reads (purposes read ``use``, sources ``source``)
_MENTION_CUE = {"purpose": "use", "source": "source"}


def _dedupe(found: Iterable[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in found:
        key = (f.aspect, f.value, f.start, f.end, f.polarity)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


# --------------------------------------------------------------------------------------------
# tables whose cells arrive as separate clauses ("Category" / "Examples" / "Collected", then
# "A. Identifiers" / "A real name, ..." / "Yes"): read across clauses of one policy


_MAX_HEADER_CELL = 90
_MAX_ROW_CLAUSES = 8


def _column_kind(text: str) -> str | None:
    tspec = _spec()["table"]
    for kind in ("sell", "disclose", "collect"):
        if re.search(tspec[kind], text, re.IGNORECASE):
            return kind
    return None


def _header_at(contexts: list[ClauseContext], i: int) -> tuple[list[str], int] | None:
    """The Yes/No column kinds of a header run of short clauses starting at ``i`` and the index
    after it; None when no header starts there."""
    tspec = _spec()["table"]
    cols: list[str] = []
    has_category = False
    j = i
    while j < len(contexts) and j - i < 6:
        text = contexts[j].text.strip()
        if len(text) > _MAX_HEADER_CELL or statutory_head(text) is not None:
            break
        kind = _column_kind(text)
        if kind is None and (re.match(tspec["yes_cell"], text, re.I) or re.match(tspec["no_cell"], text, re.I)):
            break
        if kind is not None:
            cols.append(kind)
        elif re.search(tspec["category_column"], text, re.I) or re.search(r"\bexamples?\b", text, re.I):
            has_category = True
        else:
            break
        j += 1
    if cols and has_category and j - i >= 2:
        return cols, j
    return None


def extract_document(contexts: list[ClauseContext]) -> tuple[list[tuple[ClauseContext, Finding]], set[int]]:
    """Findings of CCPA tables laid out one cell per clause, and the clause ids they cover.

    The contexts are one policy's clauses (document order); the per-clause findings of the
    clauses covered are replaced by these.

    Parameters
    ----------
    contexts : list of ClauseContext
        One policy's clauses, in document order.

    Returns
    -------
    pairs : list of (ClauseContext, Finding)
    clause_ids : set of int

    Examples
    --------
    >>> cells = ["Category", "Examples", "Collected", "A. Identifiers", "Name, IP address", "Yes",
    ...          "B. Biometric information", "fingerprints", "No"]
    >>> found, covered = extract_document([ClauseContext(t, clause_id=i) for i, t in enumerate(cells)])
    >>> sorted({(f.value, f.polarity) for _, f in found})
    [('biometric', 'denied'), ('name', 'affirmed'), ('online_identifiers', 'affirmed')]
    """
    tspec = _spec()["table"]
    yes, no = re.compile(tspec["yes_cell"], re.I), re.compile(tspec["no_cell"], re.I)
    found: list[tuple[ClauseContext, Finding]] = []
    covered: set[int] = set()
    i, n = 0, len(contexts)
    while i < n:
        text = contexts[i].text
        if len(text) > _MAX_HEADER_CELL or not re.search(tspec["category_column"], text, re.I):
            i += 1
            continue
        header = _header_at(contexts, i)
        if header is None:
            i += 1
            continue
        cols, k = header
        rows: list[tuple[list[int], list[bool]]] = []
        row: tuple[list[int], list[bool]] | None = None
        misses = 0
        while k < n and misses <= 2:
            t = contexts[k].text.strip()
            cell_yes, cell_no = bool(yes.match(t)), bool(no.match(t))
            if cell_yes or cell_no:
                if row is not None:
                    row[1].append(cell_no)
                    if len(row[1]) == len(cols):
                        rows.append(row)
                        row = None
                k += 1
                continue
            if statutory_head(t) is not None or (row is None and mentions(t[:60]) and len(t) < 120):
                row = ([k], [])
                misses = 0
            elif row is not None and not row[1] and len(row[0]) < _MAX_ROW_CLAUSES:
                row[0].append(k)
            else:
                misses += 1
            k += 1
        for clause_ids, answers in rows:
            head = statutory_head(contexts[clause_ids[0]].text)
            for pos, c in enumerate(clause_ids):
                ctx = contexts[c]
                ms = mentions(ctx.text)
                ms = _restrict(ms, head if pos == 0 else None) if head is not None and pos == 0 else ms
                if head is not None and pos > 0:
                    ms = _restrict(ms, (head[0], -1, -1, head[3]))
                    ms = [m for m in ms if m.start >= 0]
                scope = _scope(ctx.section)
                for kind, denied in zip(cols, answers, strict=True):
                    for m in ms:
                        if m.kind == "category":
                            found.append((ctx, _finding(CONTEXT_ASPECT[kind], m, m.id, denied,
                                                        f"practices.line_table.{kind}", scope, ctx.text)))
            covered.update(contexts[c].clause_id for c in range(clause_ids[0], clause_ids[-1] + len(answers) + 1)
                           if c < n)
        if rows:
            covered.update(contexts[c].clause_id for c in range(i, min(k, n)))
            i = k
        else:
            i += 1
    more, more_covered = _named_or_spaced_rows(contexts, covered)
    cont, cont_covered = _continuations(contexts, covered | more_covered)
    return found + more + cont, covered | more_covered | cont_covered


def _continuations(contexts: list[ClauseContext], covered: set[int]) -> tuple[
        list[tuple[ClauseContext, Finding]], set[int]]:
    """Clauses that go on listing what the clause before them named ("We automatically collect
    certain information." / "This information may include IP addresses, browser type ..."):
    read as items under it, when that gives them a collect / disclose / sell practice."""
    found: list[tuple[ClauseContext, Finding]] = []
    done: set[int] = set()
    for i in range(1, len(contexts)):
        ctx, before = contexts[i], contexts[i - 1]
        if ctx.kind not in ("sentence", "paragraph") or ctx.clause_id in covered or before.section != ctx.section \
                or before.kind == "table_row" or not _regex(("cues", "continuation")).match(ctx.text):
            continue
        plain = extract_clause(ctx)
        if any(f.aspect in CONTEXT_ASPECT.values() for f in plain):
            continue  # its own sentence says the practice
        as_item = extract_clause(replace(ctx, kind="item", lead_in=before.text))
        if not any(f.aspect in CONTEXT_ASPECT.values() for f in as_item):
            continue
        found += [(ctx, replace(f, rule=f.rule.replace("practices.lead_in", "practices.previous"),
                                guard=f.guard.replace("lead_in:", "previous:")))
                  for f in as_item]
        done.add(ctx.clause_id)
    return found, done


# --------------------------------------------------------------------------------------------
# tab tables whose header row arrived as one line of text ("Category Information is Disclosed
# for a Business Purpose Information is Disclosed for Valuable Consideration") and rows that name
# a category the policy defined itself ("Profile Data. We process ... your name, address ...")

_DEF_LABEL = re.compile(
    r"^\W*(?:\d+(?:\.\d+)*\.?\s*|[A-Za-z][.)]\s+)?([A-Z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,3} (?:Data|Information))"
    r"\s*[.:–—-]\s")
_DEF_QUOTE = re.compile(r"\(\s*(?:collectively,?\s*|hereinafter,?\s*)?[\"“”']([^\"“”'()]{3,40})[\"“”']\s*\)")
_COLUMN_TITLES = {"sell": "Sold", "disclose": "Disclosed", "collect": "Collected"}


def _label_key(text: str) -> str:
    return " ".join(re.sub(r"^[\W\d]*(?:[A-Za-z][.)]\s+)?", "", text).strip(" .:;").lower().split())


def _definitions(contexts: list[ClauseContext]) -> dict[str, frozenset[str]]:
    """Names a policy gives its own categories of data -> the categories its definition lists:
    '1.1.3. Profile Data. We may process ... (“profile data”). The profile data may include your
    name, address ...' -> {'profile data': {name, contact}}."""
    out: dict[str, set[str]] = {}
    for ctx in contexts:
        text = ctx.text
        if ctx.kind == "table_row" or ("data" not in text.lower() and "information" not in text.lower()):
            continue
        labels = []
        m = _DEF_LABEL.match(text)
        if m:
            labels.append(m.group(1))
        labels += [q.group(1) for q in _DEF_QUOTE.finditer(text)]
        if not labels:
            continue
        cats = {mm.id for mm in mentions(text) if mm.kind == "category"}
        if not cats:
            continue
        for label in labels:
            key = _label_key(label)
            if len(key) >= 4 and key.split()[-1] in ("data", "information"):
                out.setdefault(key, set()).update(cats)
    return {k: frozenset(v) for k, v in out.items()}


def _spaced_header(lead: str, row: str) -> str | None:
    """A tab header for a row whose header arrived as one line: the Yes/No columns' kinds in the
    order their titles appear (titles closest together merged until there is one per column)."""
    tspec = _spec()["table"]
    cells = row.split("\t")
    yes, no = re.compile(tspec["yes_cell"], re.I), re.compile(tspec["no_cell"], re.I)
    if len(cells) < 2 or len(lead) > 240 or not all(yes.match(c) or no.match(c) for c in cells[1:]) or \
            not re.search(tspec["category_column"], lead, re.I):
        return None
    hits = sorted((m.start(), kind) for kind in ("sell", "disclose", "collect")
                  for m in re.finditer(tspec[kind], lead, re.I))
    groups = [[h] for h in hits]
    while len(groups) > len(cells) - 1:
        k = min(range(len(groups) - 1), key=lambda i: groups[i + 1][0][0] - groups[i][-1][0])
        groups[k] += groups.pop(k + 1)
    if len(groups) != len(cells) - 1:
        return None
    order = {"sell": 0, "disclose": 1, "collect": 2}
    kinds = [min((kind for _, kind in g), key=order.__getitem__) for g in groups]
    return "\t".join(["Category", *(_COLUMN_TITLES[k] for k in kinds)])


def _named_or_spaced_rows(contexts: list[ClauseContext], covered: set[int]) -> tuple[
        list[tuple[ClauseContext, Finding]], set[int]]:
    defs: dict[str, frozenset[str]] | None = None
    spaced: dict[str, str] = {}  # first data row -> the header made for it
    found: list[tuple[ClauseContext, Finding]] = []
    done: set[int] = set()
    for ctx in contexts:
        if ctx.kind != "table_row" or "\t" not in ctx.text or ctx.clause_id in covered:
            continue
        lead = ctx.lead_in
        if "\t" not in lead:
            header = _spaced_header(lead, ctx.text)
            if header is None:
                continue
            spaced[ctx.text] = lead = header
        elif lead in spaced:  # later rows take the first data row as their lead-in
            lead = spaced[lead]
        cells = _cells(ctx.text)
        a, b = cells[0]
        ms = mentions(ctx.text)
        if defs is None:
            defs = _definitions(contexts)
        # a row naming a category the policy defined stands for what the definition lists
        # ("Usage Data" = IP address, location, pages viewed ...), besides what its words name
        cats = defs.get(_label_key(ctx.text[a:b]), frozenset()) - {
            m.id for m in ms if m.kind == "category" and a <= m.start < b}
        named = bool(cats)
        if named:
            ms = sorted([*ms, *(Mention("category", c, a, b) for c in sorted(cats))], key=lambda m: m.start)
        if lead == ctx.lead_in and not named:
            continue  # the clause reads as is (extract_clause)
        got = _table_row(replace(ctx, lead_in=lead), ms, _scope(lead, ctx.section))
        if got is None:
            continue
        found += [(ctx, f) for f in _dedupe(got)]
        done.add(ctx.clause_id)
    return found, done
