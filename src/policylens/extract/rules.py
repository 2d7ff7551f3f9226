"""Extraction rules as data, behind one keyword prefilter.

Every rule is an entry of a ``data/patterns_<aspect>.yaml`` file::

    aspect: right                  # the aspect of the file's rules (a rule may override it)
    contexts:                      # named cues and where to look for them
      agency: {regex: '\\byou (?:may|can)\\b', where: [sentence]}
                                   # places: sentence, clause, lead_in, section, and period (the
                                   # sentence reaching back over ';' and ':' to the last full stop,
                                   # so "You have the right to: ...; (iii) correction" carries)
    macros:                        # <<NAME>> in any regex of the file (rules, guards, contexts)
                                   # stands for the text given here
      DATA: '(?:data|information)'
    patterns:
      - id: erasure.verb           # reported as the finding's ``rule``
        value: erasure             # the finding's ``value`` ("{...}": computed by the module)
        regex: '\\bdelete your <<DATA>>\\b'   # or a list of regexes, tried in turn; an item
                                   # {regex: ..., keywords: [...]} has keywords of its own
        keywords: [delete]         # at least one occurs (case-insensitive) wherever regex matches
        keywords_also: [...]       # optional second set: one of these must occur too
        explain: deleting one's data, when the user may ask for it
        # guards (all optional):
        needs: [agency]            # any-of context names; the match counts only when one holds
        negatable: true            # a negation just before the match drops it (default true)
        negation_window: 40        # characters looked back for it
        requires: '\\bdata\\b'     # must match in the sentence of the match
        excludes: '\\bwe delete\\b' # must not match in the sentence
        excludes_left: 'reserve the' # must not end just before the match
        check_disclaimer: true     # drop a match whose sentence says it is "not applicable"
        case_sensitive: false      # regex case (keywords are always case-insensitive)
        group: name                # named group giving the evidence (default: whole match)
        examples:                  # sentences the test suite runs through this rule
          positive: ["You may ask us to delete your data."]
          negative: ["We delete your data after a year."]

A rule may take its keywords from a lexicon instead (``keywords_from: {file: x.yaml, list: items,
fields: [names]}``: every name of every item), and then needs no regex: its aspect module matches
the lexicon itself. Aspects whose values are computed (durations, dates, ages) declare rules whose
regex is what their module scans for, so that the keywords gate them like any other rule.

Every ``patterns_*.yaml`` with a ``patterns`` list joins the shared rule set (``rule_set()``); a
new aspect only adds its file. One ``pyahocorasick`` automaton holds every rule's keywords: one scan
of a clause (``RuleSet.candidates``) tells which rules are worth running. Keywords are matched as
substrings of the case-folded text (``policylens.text.keywords``), without a word-boundary test,
so the candidates are a superset of the rules that can match; a test checks every rule's
keywords against its positive examples and ``benchmarks/extract_keywords.py`` against the corpora.

``RuleSet.run`` applies a set of rules to a clause: each regex match that passes its guards is a
``Finding`` whose ``rule`` is the rule id and whose ``guard`` names what admitted it: the context
that held and where (``"sentence:agency"``, ``"lead_in:rights_scope"``, ``"section:transfer"``),
or ``"none"`` for a rule that needs no context. Every regex must be linear-time: no nested
quantifiers, bounded gaps only (``[^.;]{0,60}``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from policylens.resources import load_data
from policylens.schema import Finding
from policylens.text.keywords import KeywordIndex
from policylens.text.sentences import sentence_around

if TYPE_CHECKING:
    from policylens.extract import ClauseContext

# A negation cue shortly before a match flips its meaning ("we do not sell", "never share").
_NEGATION = re.compile(r"\b(?:not|never|no|none|neither|nor|cannot|without)\b|n['’]t\b", re.IGNORECASE)

# "this right is not applicable", "these bases do not apply": the clause disclaims what it names.
_DISCLAIMER = re.compile(
    r"\b(?:(?:is|are|be)\s+(?:likely\s+|currently\s+)?not\s+(?:applicable|relevant)"
    r"|(?:does|do)\s+not\s+(?:currently\s+)?apply|(?:doesn't|don't)\s+apply|inapplicable)\b",
    re.IGNORECASE,
)

#: places a context may be looked for
PLACES = ("sentence", "clause", "lead_in", "section", "period")

# the end of a full sentence: '.', '!' or '?' before a space, not after a one-character list
# marker ("1.", "b.", "(ii).")
_FULL_STOP = re.compile(r"(?<![\s(][\w])(?<!^\w)[.!?](?=\s)")
_PERIOD_REACH = 400


def period_start(text: str, start: int) -> int:
    """Where the full sentence around ``start`` begins.

    That is after the last full stop before it (at most ``_PERIOD_REACH`` characters back), so
    a lead-in before ';' or ':' belongs to it.

    Parameters
    ----------
    text : str
    start : int

    Returns
    -------
    offset : int

    Examples
    --------
    >>> text = "Hi. You have the right to: access; correction of data."
    >>> text[period_start(text, text.index("correction")):]
    'You have the right to: access; correction of data.'
    """
    lo = max(0, start - _PERIOD_REACH)
    last = lo
    for m in _FULL_STOP.finditer(text, lo, start):
        last = m.end()
    while last < start and text[last].isspace():
        last += 1
    return last
_RULE_KEYS = frozenset({"id", "value", "regex", "keywords", "keywords_also", "keywords_from", "explain", "needs", "negatable",
                        "negation_window", "requires", "excludes", "excludes_left", "check_disclaimer",
                        "case_sensitive", "group", "examples", "aspect"})


# a negation's scope ends where a conditional or a new clause starts (a comma or conjunction
# before a new subject: "if we are not entitled to keep it, you can have it deleted"), not inside
# a list of verbs ("we do not share, sell or rent"); "not limited to" and "not only"
# negate nothing that follows
_NEGATION_SCOPE_END = re.compile(
    r"[;:.]|\b(?:if|unless|where|whereas|while|when|except)\b"
    r"|(?:,|\b(?:but|and|or|so))\s+(?:then\s+)?(?:you|we|they|users?|it|he|she|i|customers?|the\s+user)\b",
    re.IGNORECASE)
_NOT_A_NEGATION = re.compile(r"\bnot\s+(?:be\s+)?limited\s+to\b|\bnot\s+only\b", re.IGNORECASE)


def negated_before(text: str, pos: int, window: int = 40) -> bool:
    """Whether a negation cue occurs in the ``window`` characters before ``pos``.

    Only in the same clause segment: the look-back stops at ``;``, ``.``, ``:``, at a
    conditional ("if", "where", "unless") and at a comma or conjunction before a new subject
    (", you can"). "not limited to", "not only" are no negation. Typographic apostrophes
    ("don’t") count.

    Parameters
    ----------
    text : str
    pos : int
    window : int, default=40

    Returns
    -------
    negated : bool

    Examples
    --------
    >>> negated_before("We do not sell your data.", 10)
    True
    >>> negated_before("Not here. We sell your data.", 13)
    False
    """
    left = text[max(0, pos - window):pos]
    cut = -1
    for m in _NEGATION_SCOPE_END.finditer(left):
        cut = m.end()
    if cut >= 0:
        left = left[cut:]
    left = _NOT_A_NEGATION.sub(" ", left)
    return bool(_NEGATION.search(left))


def disclaimed(sentence: str) -> bool:
    """Whether ``sentence`` says what it names does not apply.

    Parameters
    ----------
    sentence : str

    Returns
    -------
    disclaimed : bool

    Examples
    --------
    >>> disclaimed("These legal bases are not applicable to you.")
    True
    """
    return bool(_DISCLAIMER.search(sentence))


@dataclass(frozen=True, eq=False, slots=True)
class Context:
    r"""A named cue: ``regex`` looked for in the places listed (``PLACES``).

    Parameters
    ----------
    name : str
    regex : re.Pattern
    where : tuple of str
        Places, tried in this order: ``sentence``, ``clause``, ``lead_in``, ``section``,
        ``period``.

    Examples
    --------
    >>> from policylens.extract.rules import RuleSet
    >>> spec = {"aspect": "right",
    ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
    ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
    ...                       "keywords": ["delete"], "needs": ["agency"],
    ...                       "examples": {"positive": ["You may ask us to delete your data."],
    ...                                    "negative": ["We delete your data after a year."]}}]}
    >>> rules = RuleSet({"rights.yaml": spec})
    >>> agency = rules.contexts["rights.yaml"]["agency"]
    >>> agency.name, agency.where
    ('agency', ('sentence', 'lead_in'))
    """

    name: str
    regex: re.Pattern[str]
    where: tuple[str, ...]

    def held(self, sentence: str, clause: str, lead_in: str, section: str, period: str = "") -> str:
        r"""The first place of ``where`` in which the cue occurs, "" when none.

        Parameters
        ----------
        sentence, clause, lead_in, section : str
            The texts of the places around a match.
        period : str, default=""
            The sentence reaching back over ';' and ':' to the last full stop.

        Returns
        -------
        place : str

        Examples
        --------
        >>> from policylens.extract.rules import RuleSet
        >>> spec = {"aspect": "right",
        ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
        ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
        ...                       "keywords": ["delete"], "needs": ["agency"],
        ...                       "examples": {"positive": ["You may ask us to delete your data."],
        ...                                    "negative": ["We delete your data after a year."]}}]}
        >>> rules = RuleSet({"rights.yaml": spec})
        >>> agency = rules.contexts["rights.yaml"]["agency"]
        >>> agency.held("delete your data", "delete your data", "You may ask us to:", "")
        'lead_in'
        >>> agency.held("We delete your data.", "We delete your data.", "", "")
        ''
        """
        for place in self.where:
            if place == "sentence":
                if sentence and self.regex.search(sentence):
                    return place
            elif place == "period":
                if period and self.regex.search(period):
                    return place
            elif place == "clause":
                if clause and self.regex.search(clause):
                    return place
            elif _held_in(self, lead_in if place == "lead_in" else section):
                return place
        return ""


@lru_cache(maxsize=65536)
def _held_in(context: Context, text: str) -> bool:
    # a list's items share their lead-in and a section's clauses its path: each is searched once
    return bool(text) and context.regex.search(text) is not None


@dataclass(frozen=True, eq=False, slots=True)
class Rule:
    r"""One rule of a rules file (see the module docstring for the keys).

    Parameters
    ----------
    id : str
        Reported as each finding's ``rule``.
    aspect, value : str
        The findings' aspect and value ("{...}": computed by the aspect module).
    regex : re.Pattern or None
        The first of ``regexes`` (None: a lexicon rule without regex).
    keywords : tuple of str
        At least one occurs wherever a regex matches (the prefilter's keys).
    source : str, default=""
        The rules file.
    regexes : tuple of re.Pattern
    regex_keywords : tuple of tuple of str
        Per regex, its own keywords (a regex runs only where one occurs); () when the rule's
        serve.
    keywords_also : tuple of str
        A second keyword set, one of which must occur too; () when the keywords alone decide.
    explain : str, default=""
    negatable : bool, default=True
    negation_window : int, default=40
    needs : tuple of str
        Context names; the match counts only when one holds.
    requires, excludes, excludes_left : re.Pattern or None
        Must match in the sentence / must not / must not end just before the match.
    check_disclaimer : bool, default=True
    group : str or None
        The named group giving the evidence (None: the whole match).
    positive, negative : tuple of str
        The rule's examples (the test suite runs them).
    extra : mapping
        Other keys of the rule, for the aspect module.

    Examples
    --------
    >>> from policylens.extract.rules import RuleSet
    >>> spec = {"aspect": "right",
    ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
    ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
    ...                       "keywords": ["delete"], "needs": ["agency"],
    ...                       "examples": {"positive": ["You may ask us to delete your data."],
    ...                                    "negative": ["We delete your data after a year."]}}]}
    >>> rules = RuleSet({"rights.yaml": spec})
    >>> rule = rules.rule("erasure.verb")
    >>> rule.aspect, rule.value, rule.keywords, rule.needs, rule.source
    ('right', 'erasure', ('delete',), ('agency',), 'rights.yaml')
    """

    id: str
    aspect: str
    value: str
    regex: re.Pattern[str] | None  # the first of ``regexes`` (None: a lexicon rule without regex)
    keywords: tuple[str, ...]
    source: str = ""  # the rules file
    regexes: tuple[re.Pattern[str], ...] = ()
    #: per regex, its own keywords (a regex runs only where one occurs); () when the rule's serve
    regex_keywords: tuple[tuple[str, ...], ...] = ()
    #: a second keyword set, one of which must occur too (every regex of the rule needs one of
    #: them, e.g. an age's digits or number words); () when the keywords alone decide
    keywords_also: tuple[str, ...] = ()

    def live(self, candidates: frozenset) -> list[re.Pattern[str]]:
        r"""The regexes of the rule worth running, given ``RuleSet.candidates`` of the text.

        Parameters
        ----------
        candidates : frozenset
            ``RuleSet.candidates(text)``.

        Returns
        -------
        regexes : list of re.Pattern
            Empty when none of the rule's keywords occurs.

        Examples
        --------
        >>> from policylens.extract.rules import RuleSet
        >>> spec = {"aspect": "right",
        ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
        ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
        ...                       "keywords": ["delete"], "needs": ["agency"],
        ...                       "examples": {"positive": ["You may ask us to delete your data."],
        ...                                    "negative": ["We delete your data after a year."]}}]}
        >>> rules = RuleSet({"rights.yaml": spec})
        >>> rule = rules.rule("erasure.verb")
        >>> [rx.pattern for rx in rule.live(rules.candidates("Please DELETE your data."))]
        ['\\bdelete your data\\b']
        >>> rule.live(rules.candidates("We keep your data."))
        []
        """
        if not self.regex_keywords:
            return list(self.regexes) if self in candidates else []
        return [rx for i, rx in enumerate(self.regexes) if (self, i) in candidates]
    explain: str = ""
    negatable: bool = True
    negation_window: int = 40
    needs: tuple[str, ...] = ()
    requires: re.Pattern[str] | None = None
    excludes: re.Pattern[str] | None = None
    excludes_left: re.Pattern[str] | None = None
    check_disclaimer: bool = True
    group: str | None = None
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    extra: Mapping[str, object] = field(default_factory=dict)  # other keys, for the aspect module


@dataclass(frozen=True, slots=True)
class _Also:
    """Payload of a ``keywords_also`` keyword in the automaton: one of the rule's second set
    occurs."""

    rule: Rule


def _compile(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)


def compile_file(spec: Mapping, source: str = "") -> tuple[dict[str, Context], tuple[Rule, ...]]:
    """Contexts and rules of one parsed rules file.

    Parameters
    ----------
    spec : mapping
        A parsed rules file (see the module docstring).
    source : str, default=""
        Its name, given in error messages and in each rule's ``source``.

    Returns
    -------
    contexts : dict of str to Context
    rules : tuple of Rule

    Raises
    ------
    ValueError
        A rule with unknown contexts, no keywords, no aspect or a bad regex.

    Examples
    --------
    >>> spec = {"aspect": "law", "patterns": [{"id": "gdpr", "value": "gdpr", "regex": r"\\bGDPR\\b",
    ...         "keywords": ["gdpr"], "case_sensitive": True, "negatable": False}]}
    >>> contexts, rules = compile_file(spec)
    >>> rules[0].value, rules[0].keywords
    ('gdpr', ('gdpr',))
    """
    macros = dict(spec.get("macros") or {})

    def expand(regex: str) -> str:
        for name, value in macros.items():
            regex = regex.replace(f"<<{name}>>", value)
        unknown = re.search(r"<<\w+>>", regex)
        if unknown:
            raise ValueError(f"{source}: unknown macro {unknown.group(0)}")
        return regex

    contexts = {
        name: Context(name, _compile(expand(c["regex"]), c.get("case_sensitive", False)),
                      tuple(c.get("where", ("sentence",))))
        for name, c in (spec.get("contexts") or {}).items()
    }
    for c in contexts.values():
        bad = [w for w in c.where if w not in PLACES]
        if bad:
            raise ValueError(f"{source}: context {c.name}: unknown places {bad}")

    rules = []
    for p in spec.get("patterns") or ():
        rid = p.get("id", "?")
        where = f"{source}: rule {rid}"
        needs = tuple(p.get("needs") or ())
        unknown = [n for n in needs if n not in contexts]
        if unknown:
            raise ValueError(f"{where}: unknown contexts {unknown}")
        sources = p.get("regex")
        sources = [sources] if isinstance(sources, (str, dict)) else list(sources or ())
        own = tuple(tuple(str(k) for k in src.get("keywords") or ()) for src in sources if isinstance(src, dict))
        if own and (len(own) != len(sources) or not all(own)):
            raise ValueError(f"{where}: every regex item needs its own keywords, or none does")
        keywords = tuple(str(k) for k in p.get("keywords") or ()) + _lexicon_keywords(p.get("keywords_from"), where)
        keywords += tuple(k for ks in own for k in ks if k not in keywords)
        if not keywords or not all(k.strip() for k in keywords):
            raise ValueError(f"{where}: needs non-empty keywords")
        aspect = p.get("aspect") or spec.get("aspect")
        if not aspect:
            raise ValueError(f"{where}: no aspect (set `aspect:` in the file or the rule)")
        examples = p.get("examples") or {}
        if not sources and not p.get("keywords_from"):
            raise ValueError(f"{where}: bad or missing regex: none given")
        try:
            regexes = tuple(_compile(expand(r["regex"] if isinstance(r, dict) else r), bool(p.get("case_sensitive", False)))
                            for r in sources)
        except re.error as exc:
            raise ValueError(f"{where}: bad or missing regex: {exc}") from None
        rules.append(Rule(
            id=rid, aspect=aspect, value=str(p["value"]), regex=regexes[0] if regexes else None,
            keywords=keywords, source=source, regexes=regexes, regex_keywords=own,
            keywords_also=tuple(str(k) for k in p.get("keywords_also") or ()),
            explain=p.get("explain", ""), negatable=bool(p.get("negatable", True)),
            negation_window=int(p.get("negation_window", 40)), needs=needs,
            requires=_compile(expand(p["requires"])) if p.get("requires") else None,
            excludes=_compile(expand(p["excludes"])) if p.get("excludes") else None,
            excludes_left=_compile(expand(p["excludes_left"]) + r"\s*$") if p.get("excludes_left") else None,
            check_disclaimer=bool(p.get("check_disclaimer", True)), group=p.get("group"),
            positive=tuple(examples.get("positive") or ()), negative=tuple(examples.get("negative") or ()),
            extra={k: v for k, v in p.items() if k not in _RULE_KEYS},
        ))
    return contexts, tuple(rules)


def _lexicon_keywords(spec: Mapping | None, where: str) -> tuple[str, ...]:
    """Keywords named by a ``keywords_from`` entry: every ``fields`` value of every item of
    ``load_data(file)[list]``."""
    if not spec:
        return ()
    try:
        items = load_data(spec["file"])[spec["list"]]
        return tuple(str(name) for item in items for key in spec["fields"] for name in item.get(key) or ())
    except (KeyError, TypeError, FileNotFoundError) as exc:
        raise ValueError(f"{where}: bad keywords_from {dict(spec)}: {exc}") from None


class RuleSet:
    """Rules of several files behind one keyword automaton.

    Parameters
    ----------
    specs : mapping of str to mapping
        Rules file name -> parsed YAML (see the module docstring).

    Examples
    --------
    >>> spec = {"aspect": "law", "patterns": [
    ...     {"id": "coppa", "value": "coppa", "regex": r"\\bCOPPA\\b", "keywords": ["coppa"],
    ...      "negatable": False}]}
    >>> rs = RuleSet({"laws.yaml": spec})
    >>> [r.id for r in rs.candidates("We follow COPPA.")]
    ['coppa']
    >>> [f.value for f in rs.run_text("We follow COPPA.", rs.rules)]
    ['coppa']
    """

    def __init__(self, specs: Mapping[str, Mapping]) -> None:
        self.contexts: dict[str, dict[str, Context]] = {}
        rules: list[Rule] = []
        seen: set[tuple[str, str]] = set()
        for source, spec in specs.items():
            contexts, file_rules = compile_file(spec, source)
            self.contexts[source] = contexts
            for rule in file_rules:
                if (rule.aspect, rule.id) in seen:
                    raise ValueError(f"{source}: rule {rule.id} of aspect {rule.aspect} is defined twice")
                seen.add((rule.aspect, rule.id))
            rules += file_rules
        self.rules: tuple[Rule, ...] = tuple(rules)
        # payload: a rule, or (rule, i) for its i-th regex when regexes have keywords of their own
        pairs: list[tuple[str, object]] = []
        for rule in self.rules:
            if rule.regex_keywords:
                pairs += [(k, (rule, i)) for i, ks in enumerate(rule.regex_keywords) for k in ks]
            else:
                pairs += [(k, rule) for k in rule.keywords]
        pairs += [(k, _Also(rule)) for rule in self.rules for k in rule.keywords_also]
        self._index = KeywordIndex(pairs)
        self._also = tuple(r for r in self.rules if r.keywords_also)

    def file(self, source: str) -> tuple[Rule, ...]:
        r"""The rules of one file, in file order.

        Parameters
        ----------
        source : str
            The rules file name.

        Returns
        -------
        rules : tuple of Rule
            Empty for a file the set does not hold.

        Examples
        --------
        >>> from policylens.extract.rules import RuleSet
        >>> spec = {"aspect": "right",
        ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
        ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
        ...                       "keywords": ["delete"], "needs": ["agency"],
        ...                       "examples": {"positive": ["You may ask us to delete your data."],
        ...                                    "negative": ["We delete your data after a year."]}}]}
        >>> rules = RuleSet({"rights.yaml": spec})
        >>> [rule.id for rule in rules.file("rights.yaml")], rules.file("laws.yaml")
        (['erasure.verb'], ())
        """
        return tuple(r for r in self.rules if r.source == source)

    def rule(self, rule_id: str, aspect: str | None = None) -> Rule:
        r"""The rule with this id (and aspect, when ids repeat across aspects).

        Parameters
        ----------
        rule_id : str
        aspect : str, default=None

        Returns
        -------
        rule : Rule

        Raises
        ------
        KeyError
            No rule, or several, have this id.

        Examples
        --------
        >>> from policylens.extract.rules import RuleSet
        >>> spec = {"aspect": "right",
        ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
        ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
        ...                       "keywords": ["delete"], "needs": ["agency"],
        ...                       "examples": {"positive": ["You may ask us to delete your data."],
        ...                                    "negative": ["We delete your data after a year."]}}]}
        >>> rules = RuleSet({"rights.yaml": spec})
        >>> rules.rule("erasure.verb", "right").value
        'erasure'
        >>> rules.rule("access.verb")
        Traceback (most recent call last):
        ...
        KeyError: "0 rules named 'access.verb'"
        """
        found = [r for r in self.rules if r.id == rule_id and (aspect is None or r.aspect == aspect)]
        if len(found) != 1:
            raise KeyError(f"{len(found)} rules named {rule_id!r}" + (f" in {aspect}" if aspect else ""))
        return found[0]

    def candidates(self, text: str) -> frozenset:
        """The rules one of whose keywords occurs in ``text`` (one automaton scan).

        Every rule that can match is among them. For a rule whose regexes have keywords of their
        own, ``(rule, i)`` is in the set too for each of its regexes worth running (``Rule.live``).

        Parameters
        ----------
        text : str

        Returns
        -------
        candidates : frozenset

        Examples
        --------
        >>> rs = rule_set()
        >>> found = rs.candidates("You may request erasure under the GDPR.")
        >>> sorted({r.aspect for r in found if isinstance(r, Rule)} & {"law", "right"})
        ['law', 'right']
        """
        found = self._index.payloads(text)
        out = found | {p[0] for p in found if type(p) is tuple}
        for rule in self._also:
            if _Also(rule) in found:
                out.discard(_Also(rule))
            elif rule in out:  # none of its second keywords: no regex of the rule can match
                out -= {rule, *((rule, i) for i in range(len(rule.regexes)))}
        return frozenset(out)

    def run(self, ctx: ClauseContext, rules: Sequence[Rule], contexts: Mapping[str, Context] | None = None,
            candidates: frozenset[Rule] | None = None) -> list[Finding]:
        r"""Findings of ``rules`` (of one file, in file order) in one clause.

        A match survives when it is not negated just before it (``negatable``), the sentence does
        not disclaim it, ``excludes_left`` does not end just before it, ``requires`` matches in the
        sentence and ``excludes`` does not, and any of its ``needs`` contexts holds. Overlapping
        matches of one value are reported once, with the longest evidence (ties: the rule listed
        first).

        Parameters
        ----------
        ctx : ClauseContext
            The clause.
        rules : sequence of Rule
        contexts : mapping of str to Context, default=None
            The file's contexts (``None``: those of the first rule's file).
        candidates : frozenset, default=None
            ``self.candidates(ctx.text)`` when the caller has it (``None``: ``ctx.candidates``, else
            computed).

        Returns
        -------
        findings : list of Finding
            Offsets relative to ``ctx.text``; ``guard`` names what admitted each match.

        Examples
        --------
        >>> from policylens.extract.rules import RuleSet
        >>> spec = {"aspect": "right",
        ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
        ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
        ...                       "keywords": ["delete"], "needs": ["agency"],
        ...                       "examples": {"positive": ["You may ask us to delete your data."],
        ...                                    "negative": ["We delete your data after a year."]}}]}
        >>> rules = RuleSet({"rights.yaml": spec})
        >>> from policylens.extract import ClauseContext
        >>> found = rules.run(ClauseContext("You may ask us to delete your data."), rules.rules)
        >>> [(f.value, f.evidence, f.start, f.guard) for f in found]
        [('erasure', 'delete your data', 18, 'sentence:agency')]
        >>> rules.run(ClauseContext("You may not ask us to delete your data."), rules.rules)
        []
        """
        if not rules:
            return []
        if candidates is None:
            candidates = ctx.candidates if ctx.candidates is not None else self.candidates(ctx.text)
        if contexts is None:
            contexts = self.contexts.get(rules[0].source, {})
        return _apply(ctx, [(r, r.live(candidates)) for r in rules
                            if r in candidates and _may_hold(r, contexts, ctx.lead_in, ctx.section)], contexts)

    def run_text(self, text: str, rules: Sequence[Rule], lead_in: str = "", section: str = "") -> list[Finding]:
        r"""``run`` on a bare text (handy in tests and notebooks).

        Parameters
        ----------
        text : str
        rules : sequence of Rule
        lead_in, section : str, default=""
            What introduces the text, and its heading path.

        Returns
        -------
        findings : list of Finding

        Examples
        --------
        >>> from policylens.extract.rules import RuleSet
        >>> spec = {"aspect": "right",
        ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
        ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
        ...                       "keywords": ["delete"], "needs": ["agency"],
        ...                       "examples": {"positive": ["You may ask us to delete your data."],
        ...                                    "negative": ["We delete your data after a year."]}}]}
        >>> rules = RuleSet({"rights.yaml": spec})
        >>> [f.guard for f in rules.run_text("delete your data", rules.rules, lead_in="You can ask us to:")]
        ['lead_in:agency']
        >>> rules.run_text("We delete your data after a year.", rules.rules)
        []
        """
        from policylens.extract import ClauseContext

        return self.run(ClauseContext(text=text, lead_in=lead_in, section=section), rules)


#: places that do not depend on where in the clause a match is
_OUTER_PLACES = frozenset({"lead_in", "section"})


def _may_hold(rule: Rule, contexts: Mapping[str, Context], lead_in: str, section: str) -> bool:
    """False when every context ``rule`` needs looks only at the lead-in and section and none
    holds there: then no match of the rule can count, and its regexes need not run."""
    if not rule.needs:
        return True
    for name in rule.needs:
        context = contexts[name]
        if not _OUTER_PLACES.issuperset(context.where) or context.held("", "", lead_in, section):
            return True
    return False


def _apply(ctx: ClauseContext, rules: list[tuple[Rule, list[re.Pattern[str]]]],
           contexts: Mapping[str, Context]) -> list[Finding]:
    text = ctx.text
    candidates: list[Finding] = []
    sentences: dict[tuple[int, int], tuple[int, int]] = {}
    disclaims: dict[tuple[int, int], bool] = {}
    holds: dict[tuple[str, int, int], str] = {}
    # rules sharing a regex (one request pattern under several headings) scan the clause once
    scanned: dict[re.Pattern[str], list[re.Match[str]]] = {}

    def matches(rx: re.Pattern[str]) -> list[re.Match[str]]:
        found = scanned.get(rx)
        if found is None:
            found = scanned[rx] = list(rx.finditer(text))
        return found

    for rule, regexes in rules:
        for m in (m for rx in regexes for m in matches(rx)):
            g = rule.group if rule.group and m.group(rule.group) is not None else 0
            start, end = m.start(g), m.end(g)
            if end <= start:
                continue
            if rule.negatable and negated_before(text, m.start(), rule.negation_window):
                continue
            if rule.excludes_left and rule.excludes_left.search(text, max(0, m.start() - 60), m.start()):
                continue
            key = (m.start(), m.end())
            s, e = sentences.get(key) or sentences.setdefault(key, sentence_around(text, m.start(), m.end()))
            sentence = text[s:e]
            if rule.check_disclaimer:
                said = disclaims.get((s, e))
                if said is None:
                    said = disclaims[s, e] = disclaimed(sentence)
                if said:
                    continue
            if rule.requires and not rule.requires.search(sentence):
                continue
            if rule.excludes and rule.excludes.search(sentence):
                continue
            guard = "none"
            if rule.needs:
                guard = ""
                for name in rule.needs:
                    hkey = (name, s, e)
                    place = holds.get(hkey)
                    if place is None:
                        context = contexts[name]
                        period = text[period_start(text, s):e] if "period" in context.where else ""
                        place = holds[hkey] = context.held(sentence, text, ctx.lead_in, ctx.section, period)
                    if place:
                        guard = f"{place}:{name}"
                        break
                if not guard:
                    continue
            candidates.append(Finding(aspect=rule.aspect, value=rule.value, start=start, end=end,
                                      evidence=text[start:end], rule=rule.id, guard=guard))
    # overlapping matches of one value: keep the longest evidence (then the earliest rule)
    candidates.sort(key=lambda f: f.start - f.end)
    found: list[Finding] = []
    # per value, the kept spans (never overlapping) as sorted starts and their ends: a candidate
    # overlaps one only if it overlaps its neighbour by start (log time, not a scan of all kept)
    taken: dict[str, tuple[list[int], list[int]]] = {}
    for f in candidates:
        starts, ends = taken.setdefault(f.value, ([], []))
        i = bisect.bisect_left(starts, f.end)  # kept spans starting before f ends: starts[:i]
        if i and ends[i - 1] > f.start:
            continue
        starts.insert(i, f.start)
        ends.insert(i, f.end)
        found.append(f)
    found.sort(key=lambda f: (f.start, f.end, f.value))
    return found


def rules_files() -> tuple[str, ...]:
    """Names of the package's rules files (``data/patterns_*.yaml`` holding a ``patterns`` list).

    Returns
    -------
    names : tuple of str
        Sorted.

    Examples
    --------
    >>> from policylens.extract.rules import rules_files
    >>> {"patterns_laws.yaml", "patterns_rights.yaml"} <= set(rules_files())
    True
    """
    folder = resources.files("policylens").joinpath("data")
    names = sorted(p.name for p in folder.iterdir() if p.name.startswith("patterns_") and p.name.endswith(".yaml"))
    return tuple(n for n in names if isinstance(load_data(n), Mapping) and load_data(n).get("patterns"))


@cache
def rule_set() -> RuleSet:
    """The shared rule set: every rules file of the package (cached for the process).

    Returns
    -------
    rules : RuleSet

    Examples
    --------
    >>> from policylens.extract.rules import rule_set, rules_files
    >>> rule_set() is rule_set()
    True
    >>> {rule.aspect for rule in rule_set().file("patterns_laws.yaml")}
    {'law'}
    """
    return RuleSet({name: load_data(name) for name in rules_files()})


def file_rules(source: str) -> tuple[Rule, ...]:
    """The rules of one package rules file (``rule_set().file(source)``), cached.

    Parameters
    ----------
    source : str
        A rules file name (``patterns_laws.yaml`` ...).

    Returns
    -------
    rules : tuple of Rule

    Raises
    ------
    ValueError
        The package has no rule in that file.

    Examples
    --------
    >>> from policylens.extract.rules import file_rules, rule_set
    >>> file_rules("patterns_laws.yaml") == rule_set().file("patterns_laws.yaml")
    True
    >>> file_rules("patterns_colours.yaml")
    Traceback (most recent call last):
    ...
    ValueError: no rules in patterns_colours.yaml
    """
    return _file_rules(source)


@cache
def _file_rules(source: str) -> tuple[Rule, ...]:
    rules = rule_set().file(source)
    if not rules:
        raise ValueError(f"no rules in {source}")
    return rules


def with_context(contexts: Mapping[str, Context], name: str, extra: str) -> dict[str, Context]:
    r"""``contexts`` with context ``name``'s regex widened by the alternative ``extra``.

    Parameters
    ----------
    contexts : mapping of str to Context
    name : str
    extra : str
        A regex, tried as an alternative to the context's own.

    Returns
    -------
    contexts : dict of str to Context
        A new dict; ``contexts`` is not changed.

    Examples
    --------
    >>> from policylens.extract.rules import RuleSet
    >>> spec = {"aspect": "right",
    ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
    ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
    ...                       "keywords": ["delete"], "needs": ["agency"],
    ...                       "examples": {"positive": ["You may ask us to delete your data."],
    ...                                    "negative": ["We delete your data after a year."]}}]}
    >>> rules = RuleSet({"rights.yaml": spec})
    >>> from policylens.extract import ClauseContext
    >>> from policylens.extract.rules import with_context
    >>> wider = with_context(rules.contexts["rights.yaml"], "agency", r"\bplease\b")
    >>> ctx = ClauseContext("Please delete your data.")
    >>> rules.run(ctx, rules.rules), [f.guard for f in rules.run(ctx, rules.rules, wider)]
    ([], ['sentence:agency'])
    """
    out = dict(contexts)
    base = out[name]
    out[name] = replace(base, regex=re.compile(f"(?:{base.regex.pattern})|{extra}", base.regex.flags))
    return out


def examples(rules: Iterable[Rule]) -> list[tuple[Rule, str, bool]]:
    r"""(rule, sentence, positive?) for every example of ``rules`` (the test suite runs them).

    Parameters
    ----------
    rules : iterable of Rule

    Returns
    -------
    examples : list of (Rule, str, bool)
        The positive examples first.

    Examples
    --------
    >>> from policylens.extract.rules import RuleSet
    >>> spec = {"aspect": "right",
    ...         "contexts": {"agency": {"regex": r"\byou (?:may|can)\b", "where": ["sentence", "lead_in"]}},
    ...         "patterns": [{"id": "erasure.verb", "value": "erasure", "regex": r"\bdelete your data\b",
    ...                       "keywords": ["delete"], "needs": ["agency"],
    ...                       "examples": {"positive": ["You may ask us to delete your data."],
    ...                                    "negative": ["We delete your data after a year."]}}]}
    >>> rules = RuleSet({"rights.yaml": spec})
    >>> from policylens.extract.rules import examples
    >>> [(rule.id, sentence, positive) for rule, sentence, positive in examples(rules.rules)]
    [('erasure.verb', 'You may ask us to delete your data.', True), ('erasure.verb', 'We delete your data after a year.', False)]
    """
    return [(r, s, True) for r in rules for s in r.positive] + [(r, s, False) for r in rules for s in r.negative]
