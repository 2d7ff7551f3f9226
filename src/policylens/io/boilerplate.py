"""Main content of a web page: the policy without the site around it.

Pages as they are published carry menus, "Skip to" links, cookie banners, chat widgets, promo
banners, newsletter forms, social links and long footers. Left in, they become clauses (and
footer items inherit the last real section). :func:`main_content` finds the policy's own part of
a parsed page with rules over the DOM, in this order:

1. *Landmarks* go: ``header``, ``footer``, ``aside`` and ``form`` outside the page's ``main`` /
   ``article``; ``role`` navigation, banner, contentinfo, complementary, search, dialog; and
   elements whose ``id``/``class`` name a cookie banner, consent manager, modal, chat widget,
   newsletter box, breadcrumb, menu, social or share bar -- unless the element holds most of the
   page's text (a policy inside ``<div class="cookie-policy">`` stays). A *search panel* goes
   with its search box: the largest element around a search box (``input[type=search]``,
   ``role=search``, a form whose action or an input whose name or label says "search") that
   holds no ``h1``-``h3`` heading and at most :data:`SEARCH_SHARE` of the page's text (its
   suggestions, "no results" messages and trending links are not the page's content).
2. *Main*: the deepest ``main`` / ``[role=main]`` / ``article`` element that still holds at least
   :data:`MAIN_SHARE` of the page's visible text becomes the root.
3. *Link lists* go: lists, paragraphs and table rows whose text is mostly link text
   (:data:`LINK_DENSITY`), and bare calls to action ("Learn more", "Read more"). So do *promo
   cards*: a list of at least two tiles that are each one link wrapping a heading, a teaser
   and a call to action of its own ("Learn more", "Explore the product") and leading to another
   page, with the title of the block they fill; cards made of a heading and a description only
   (a policy's own index of its sections) and cards that download a document (an attachment of
   the page's text) stay.

The rules were chosen by measuring clause precision on labelled real pages
(``benchmarks/boilerplate.py``, labels in ``benchmarks/boilerplate_labels.csv``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: a main/article element must hold this share of the page's text to become the root
MAIN_SHARE = 0.5
#: a list, row or paragraph whose text is at least this share link text is navigation
LINK_DENSITY = 0.7
#: a menu-, footer- or sidebar-named element with this much text in at least PROSE_SENTENCES
#: sentences, and little of it link text, holds content (accordion menus holding a policy)
PROSE_INK = 300
PROSE_SENTENCES = 3
#: a block needs this many links to be a menu
MIN_LINKS = 3
#: a landmark or named widget holding more than this share of the page's text is kept
MAX_WIDGET_SHARE = 0.3
#: a search box's panel holds at most this share of the page's text
SEARCH_SHARE = 0.1
#: a block around promo cards goes with them when its other text is at most this long (a title)
CARD_TITLE_INK = 120

_LANDMARKS = "header, footer, aside"
_ROLES = ("[role=navigation], [role=banner], [role=contentinfo], [role=complementary], "
          "[role=search], [role=dialog], [role=alertdialog], [role=menu], [role=menubar]")
#: words of an element's id/class that name a widget which is never policy text
WIDGET_WORDS = frozenset({
    "cookie", "cookies", "consent", "onetrust", "cookiebot", "modal", "popup", "overlay",
    "chat", "chatbot", "livechat", "intercom", "newsletter", "subscribe", "subscription",
    "breadcrumb", "breadcrumbs", "navbar", "nav", "navigation", "menu", "megamenu", "submenu",
    "social", "share", "sharing", "skip", "skiplink", "sidebar", "related", "comment", "comments",
    "promo", "footer", "masthead", "topbar", "toolbar", "offcanvas", "hamburger", "search", "login",
    "signup"})
#: widget words that name a widget wherever they stand in a class (``hs-eu-cookie-confirmation``)
STRONG_WIDGET_WORDS = frozenset({"cookie", "cookies", "consent", "onetrust", "cookiebot",
                                 "chatbot", "livechat", "newsletter", "breadcrumb", "breadcrumbs",
                                 "megamenu", "offcanvas", "modal", "popup"})
#: the widget words an ``id`` may use: ids are often anchor slugs of section titles
#: ("sharing-of-personal-information", "cookies"), so only words no section is titled with count
ID_WIDGET_WORDS = frozenset({"footer", "navbar", "nav", "navigation", "menu", "megamenu", "submenu",
                             "sidebar", "breadcrumb", "breadcrumbs", "masthead", "topbar", "toolbar",
                             "offcanvas", "hamburger", "skiplink", "modal", "popup", "overlay",
                             "chatbot", "livechat", "intercom", "newsletter", "onetrust",
                             "cookiebot", "consent", "cookie"})
#: adjacent word pairs of the same kind (screen-reader-only helpers)
WIDGET_PAIRS = frozenset({("sr", "only"), ("visually", "hidden"), ("screen", "reader")})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_NAME_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\s+(?:©\s*)?\d{4}|all rights reserved", re.IGNORECASE)
#: a block this short that holds a copyright notice is the site's, not the policy's
COPYRIGHT_CHARS = 200
_CTA = re.compile(r"^(?:learn|read|see|find out|view|show|click here|more|discover|explore|"
                  r"get|book|request|download|sign up|subscribe|contact us|back to top|"
                  r"go to top|scroll to top|skip to|jump to)\b.{0,30}$", re.IGNORECASE)
_SKIP_LINK = re.compile(r"^(?:skip|jump) to\b", re.IGNORECASE)
_LINK_BLOCKS = "ul, ol, dl, p, tr, div, section, table"
_SENTENCE = re.compile(r"[a-z][.!?;:]['\"”’)]?(?:\s|$)")


def _ink(text: str) -> int:
    # characters other than spaces and newlines (the text is joined with spaces): for ratios and
    # thresholds, not an exact count, and much faster than splitting large texts
    return len(text) - text.count(" ") - text.count("\n")


class _Links:
    """Link characters and links under every element, from one look at each link and its
    ancestors (asking every block for its links would cost time quadratic in depth)."""

    def __init__(self, root: LexborNode) -> None:
        self.link_ink: dict[int, int] = {}
        self.links: dict[int, int] = {}
        top = root.mem_id
        for anchor in root.css("a"):
            ink = _text_ink(anchor)
            node = anchor
            while node is not None:
                key = node.mem_id
                self.link_ink[key] = self.link_ink.get(key, 0) + ink
                self.links[key] = self.links.get(key, 0) + 1
                if key == top:
                    break
                node = node.parent

    def of(self, node: LexborNode) -> tuple[int, int]:
        """(link ink, links) under ``node``."""
        key = node.mem_id
        return self.link_ink.get(key, 0), self.links.get(key, 0)


def _text_ink(node: LexborNode) -> int:
    return _ink(node.text(deep=True, separator=" "))


def _inside(node: LexborNode, tags: frozenset[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


@lru_cache(maxsize=8192)
def widget_kind(name: str, words_: frozenset[str] = WIDGET_WORDS) -> str:
    """Which kind of widget an id/class string names, if any.

    ``"strong"`` (a cookie banner, chat, newsletter: never policy text), ``"weak"`` (a menu,
    footer, sidebar: policy text when it holds prose, as accordion menus do), or ``""``.

    Each class is split into words at dashes, underscores and camelCase humps; it names a widget
    when any word is one of :data:`STRONG_WIDGET_WORDS` (strong), when its first or last word is
    one of :data:`WIDGET_WORDS` (``site-footer``, ``menu-item``: weak), or when it holds a
    screen-reader pair (``sr-only``: strong). Modifiers and script hooks (``add-nav-spacing``,
    ``js-stop-sidebar``, ``has-nav``) do not count.

    Parameters
    ----------
    name : str
        An element's ``id`` or ``class`` attribute.
    words_ : frozenset of str, default=WIDGET_WORDS
        The words that name a weak widget.

    Returns
    -------
    kind : {"strong", "weak", ""}

    Examples
    --------
    >>> widget_kind("hs-eu-cookie-confirmation"), widget_kind("dropdownMegaMenu"), widget_kind("site-footer")
    ('strong', 'weak', 'weak')
    >>> widget_kind("entry-content"), widget_kind("add-nav-spacing js-stop-sidebar"), widget_kind("wsite-not-footer")
    ('', '', '')
    """
    kind = ""
    for cls in name.split():
        if cls.lower().startswith(("js-", "js_", "has-", "is-", "no-", "not-")):
            continue
        words = [w.lower() for w in _NAME_WORDS.findall(cls)]
        if not words:
            continue
        if any(pair in WIDGET_PAIRS for pair in zip(words, words[1:], strict=False)):
            return "strong"
        if any(w in STRONG_WIDGET_WORDS and w in words_ for w in words):
            return "strong"
        if words[-1] in words_ and (len(words) < 2 or words[-2] not in ("not", "no", "non")) or words[0] in words_:
            kind = "weak"
    return kind


def widget_name(name: str, words_: frozenset[str] = WIDGET_WORDS) -> bool:
    """Whether an id/class string names a widget of any kind (see :func:`widget_kind`).

    Parameters
    ----------
    name : str
        An element's ``id`` or ``class`` attribute.
    words_ : frozenset of str, default=WIDGET_WORDS

    Returns
    -------
    widget : bool

    Examples
    --------
    >>> widget_name("dropdownMegaMenu"), widget_name("site-footer"), widget_name("entry-content")
    (True, True, False)
    >>> widget_name("hero add-nav-spacing js-stop-sidebar"), widget_name("wsite-not-footer")
    (False, False)
    """
    return widget_kind(name, words_) != ""


def holds_prose(node: LexborNode) -> bool:
    """Whether ``node`` holds running text.

    That is :data:`PROSE_INK` characters, :data:`PROSE_SENTENCES` sentences and little link
    text. An accordion "menu" holding a policy's sections does; a menu of links does not.

    Parameters
    ----------
    node : selectolax LexborNode

    Returns
    -------
    prose : bool

    Examples
    --------
    >>> holds_prose(LexborHTMLParser("<ul><li><a>About</a></li><li><a>Jobs</a></li></ul>").body)
    False
    """
    text = node.text(deep=True, separator=" ")
    ink = _ink(text)
    if ink < PROSE_INK or len(_SENTENCE.findall(text)) < PROSE_SENTENCES:
        return False
    return sum(_text_ink(a) for a in node.css("a")) < 0.3 * ink


def _widget(node: LexborNode) -> str:
    """``"strong"``, ``"weak"`` or ``""``: see :func:`widget_kind` (ids count only with the words
    of :data:`ID_WIDGET_WORDS`, and not when they are the slug of the element's own heading)."""
    if node.tag in _HEADING_TAGS:
        return ""  # a heading is content; a widget's title goes with the widget around it
    attrs = node.attributes
    kind = widget_kind(attrs.get("class") or "")
    if kind == "strong":
        return kind
    ident = attrs.get("id") or ""
    if ident and not _names_own_heading(node, ident):
        id_kind = widget_kind(ident, ID_WIDGET_WORDS)
        if id_kind:
            return "strong" if "strong" in (kind, id_kind) else "weak"
    return kind


def _names_own_heading(node: LexborNode, ident: str) -> bool:
    """Is ``ident`` the anchor slug of the element's first heading (``id="cookies"`` on the
    section headed "7. Cookies")? Then the element is a section of the text, not a widget."""
    heading = node.css_first("h1, h2, h3, h4, h5, h6")
    if heading is None:
        return False
    words = {w.lower() for w in _NAME_WORDS.findall(ident) if not w.isdigit()}
    title = {w.lower() for w in _NAME_WORDS.findall(heading.text(deep=True))}
    return bool(words) and words <= title


def _drop(nodes: list[LexborNode]) -> None:
    # unlink (not destroy): nodes found inside an unlinked one stay valid
    for node in nodes:
        node.remove()


def drop_landmarks(root: LexborNode, total: int) -> None:
    """Remove page landmarks and named widgets (step 1 of :func:`main_content`) from ``root``.

    ``total`` is the page's visible text in non-whitespace characters; an element holding more
    than :data:`MAX_WIDGET_SHARE` of it is kept whatever its name.

    Parameters
    ----------
    root : selectolax LexborNode
        Changed in place.
    total : int
        The page's visible non-whitespace characters.

    Examples
    --------
    >>> tree = LexborHTMLParser("<header>Menu</header><p>We collect data.</p><footer>(c)</footer>")
    >>> drop_landmarks(tree.body, 100)
    >>> tree.body.text()
    'We collect data.'
    """
    limit = MAX_WIDGET_SHARE * total
    doomed: list[LexborNode] = search_panels(root, total)
    content = frozenset({"main", "article"})
    for node in root.css(_LANDMARKS):
        if not _inside(node, content) and _text_ink(node) <= limit:
            doomed.append(node)
    for node in root.css(_ROLES):
        if _text_ink(node) <= limit and not holds_prose(node):
            doomed.append(node)
    for node in root.css("form"):
        if _text_ink(node) <= limit:
            doomed.append(node)
    for node in root.css("[id], [class]"):
        if node.tag in ("html", "body", "main", "article"):
            continue
        kind = _widget(node)
        if kind and _text_ink(node) <= limit and (kind == "strong" or not holds_prose(node)):
            doomed.append(node)
    _drop(doomed)


_SEARCH_BOXES = ("input[type=search], [role=search], [role=searchbox], form[action*=search i], "
                 "input[name*=search i], input[aria-label*=search i], input[placeholder*=search i]")
_PANEL_STOP = frozenset({"html", "body", "main", "article"})


def search_panels(root: LexborNode, total: int) -> list[LexborNode]:
    """The panels around the page's search boxes (part of step 1 of :func:`main_content`).

    For each search box, the largest ancestor that is not ``body``/``main``/``article``, holds no
    ``h1``-``h3`` heading and holds at most :data:`SEARCH_SHARE` of the page's ``total`` text:
    the box with its suggestions, "no results" messages and trending links.

    Parameters
    ----------
    root : selectolax LexborNode
    total : int
        The page's visible non-whitespace characters.

    Returns
    -------
    panels : list of selectolax LexborNode

    Examples
    --------
    >>> tree = LexborHTMLParser("<div class='u1'><div class='u2'><form action='/search'><input>"
    ...     "</form></div><div class='u3'><p>No results. Try other words.</p></div></div>"
    ...     "<div><h1>Privacy</h1><p>We collect your e-mail address to send receipts.</p></div>")
    >>> [node.attributes["class"] for node in search_panels(tree.body, total=400)]
    ['u1']
    """
    limit = SEARCH_SHARE * total
    panels: dict[int, LexborNode] = {}
    for box in root.css(_SEARCH_BOXES):
        panel, node = None, box
        while node is not None and node.tag not in _PANEL_STOP and node.mem_id != root.mem_id:
            if _text_ink(node) > limit or node.css_first("h1, h2, h3") is not None:
                break
            panel, node = node, node.parent
        if panel is not None:
            panels[panel.mem_id] = panel
    return list(panels.values())


def choose_root(tree: LexborHTMLParser, total: int) -> LexborNode | None:
    """The element holding the page's main text, else the body (step 2 of :func:`main_content`).

    That is the ``main`` / ``[role=main]`` / ``article`` holding at least :data:`MAIN_SHARE` of
    the page's text (the one holding most; the deepest of equals). The largest wins so that a
    policy split over several articles is not cut to one of them.

    Parameters
    ----------
    tree : selectolax LexborHTMLParser
    total : int
        The page's visible non-whitespace characters.

    Returns
    -------
    root : selectolax LexborNode or None
        None only when the tree has neither a body nor a root.

    Examples
    --------
    >>> tree = LexborHTMLParser("<div>Menu</div><main><p>We collect your e-mail.</p></main>")
    >>> choose_root(tree, 25).tag
    'main'
    """
    best, best_key = tree.body or tree.root, None
    for node in tree.css("main, [role=main], article"):
        ink = _text_ink(node)
        if not total or ink < MAIN_SHARE * total:
            continue
        depth = 0
        parent = node.parent
        while parent is not None:
            depth += 1
            parent = parent.parent
        key = (ink, depth)
        if best_key is None or key > best_key:
            best, best_key = node, key
    return best


def _titled_links(node: LexborNode) -> bool:
    # links that carry headings are cards or accordion titles, not a menu
    return node.css_first("a h1, a h2, a h3, a h4, a h5, a h6") is not None


_DOCUMENT_FILES = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt")


def _is_cta(node: LexborNode) -> bool:
    text = " ".join(node.text(deep=True, separator=" ").split())
    return bool(text) and len(text) <= 40 and _CTA.match(text) is not None


def _promo_card(link: LexborNode) -> bool:
    """Is ``link`` a tile: one link wrapping a heading, a teaser and a call to action of its own,
    leading to another page (a tile that downloads a document is an attachment of the page's
    own text: "Download our fact sheet")?"""
    href = (link.attributes.get("href") or "").split("?", 1)[0].split("#", 1)[0].lower()
    if href.endswith(_DOCUMENT_FILES):
        return False
    heading = link.css_first("h2, h3, h4, h5, h6")
    if heading is None:
        return False
    ctas = [n for n in link.css("span, div, p, footer, strong, em, button")
            if n.tag not in _HEADING_TAGS and _is_cta(n) and n.css_first("h2, h3, h4, h5, h6") is None]
    if not ctas:
        return False
    words = " ".join(link.text(deep=True, separator=" ").split())
    title = " ".join(heading.text(deep=True, separator=" ").split())
    rest = words.replace(title, "", 1)
    for cta in ctas:
        rest = rest.replace(" ".join(cta.text(deep=True, separator=" ").split()), "", 1)
    return len(rest.split()) >= 3  # a teaser besides title and call to action


def promo_cards(root: LexborNode) -> list[LexborNode]:
    """Blocks of promo cards (part of step 3 of :func:`main_content`).

    A list holding at least two :func:`_promo_card` tiles that fill it, with the block around it
    when that adds only a title.

    Parameters
    ----------
    root : selectolax LexborNode

    Returns
    -------
    blocks : list of selectolax LexborNode

    Examples
    --------
    >>> card = ("<li><a href='/{0}'><h3>{0}</h3><p>Our guide to {0} for busy teams.</p>"
    ...         "<span>Learn more</span></a></li>")
    >>> tree = LexborHTMLParser("<main><h1>Privacy</h1><p>We collect your e-mail address.</p>"
    ...     "<section id='more'><h2>More from us</h2><ul>" + card.format("Pricing") +
    ...     card.format("Webinars") + "</ul></section></main>")
    >>> [node.attributes.get("id") for node in promo_cards(tree.body)]
    ['more']
    """
    lists: dict[int, tuple[LexborNode, int]] = {}
    for link in root.css("a"):
        if not _promo_card(link):
            continue
        tile = link.parent if link.parent is not None and link.parent.tag == "li" else link
        block = tile.parent
        if block is None:
            continue
        found = lists.get(block.mem_id)
        lists[block.mem_id] = (block, (found[1] if found else 0) + _text_ink(tile))
    out = []
    for block, card_ink in lists.values():
        ink = _text_ink(block)
        if card_ink < 2 or card_ink < 0.8 * ink or block.mem_id == root.mem_id:
            continue
        if sum(1 for a in block.css("a") if _promo_card(a)) < 2:
            continue
        node = block
        while (node.parent is not None and node.parent.tag not in _PANEL_STOP
               and node.parent.mem_id != root.mem_id
               and _text_ink(node.parent) - _text_ink(node) <= CARD_TITLE_INK):
            node = node.parent
        out.append(node)
    return out


def drop_link_lists(root: LexborNode, total: int) -> None:
    """Remove blocks that are mostly links, and bare calls to action (step 3).

    Parameters
    ----------
    root : selectolax LexborNode
        Changed in place.
    total : int
        The page's visible non-whitespace characters.

    Examples
    --------
    >>> tree = LexborHTMLParser('<ul><li><a href=/a>About</a></li><li><a href=/b>Jobs</a></li>'
    ...                         '<li><a href=/c>Blog</a></li></ul>'
    ...                         '<p>We share data with <a href=/p>partners</a> we trust.</p>')
    >>> drop_link_lists(tree.body, 100)
    >>> tree.body.text()
    'We share data with partners we trust.'
    """
    doomed: list[LexborNode] = promo_cards(root)
    limit = MAX_WIDGET_SHARE * total
    measured = _Links(root)
    for node in root.css(_LINK_BLOCKS):
        link_ink, links = measured.of(node)
        if links < MIN_LINKS:
            continue  # one or two links are a reference or a title, not a menu
        ink = _text_ink(node)
        if not ink or ink > limit:
            continue
        if link_ink >= LINK_DENSITY * ink and not _titled_links(node):
            doomed.append(node)
    for node in root.css("a"):
        text = " ".join(node.text(deep=True, separator=" ").split())
        if _SKIP_LINK.match(text):
            doomed.append(node)  # "Skip to content" is never content, wherever it stands
        elif text and _CTA.match(text) and not _inside(node, _HEADING_TAGS):
            parent = node.parent
            # a bare call to action: the link is the whole of its block
            if parent is not None and " ".join(parent.text(deep=True, separator=" ").split()) == text:
                doomed.append(parent if parent.tag in ("p", "li", "div", "span") else node)
    whole = root.text(deep=True, separator=" ")
    lower = whole.lower()  # plain substring tests: the pattern is slow over a whole page
    if "©" not in whole and "(c)" not in lower and "copyright" not in lower and "rights reserved" not in lower:
        _drop(doomed)
        return
    for node in root.css("p, li, td, span, small, div, address"):
        # the element whose own text carries the notice, when its whole text is short
        own = node.text(deep=False)
        if not own or ("©" not in own and "right" not in own.lower() and "(c)" not in own.lower()):
            continue  # (a cheap test before the regular expression)
        if not _COPYRIGHT.search(own):
            continue
        text = node.text(deep=True, separator=" ")
        if len(text) <= COPYRIGHT_CHARS * 2 and _ink(text) <= COPYRIGHT_CHARS:
            doomed.append(node)
    _drop(doomed)


def main_content(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the page's main content, with boilerplate removed from it.

    ``tree`` is changed in place (landmarks, widgets and link lists are unlinked).

    Parameters
    ----------
    tree : selectolax LexborHTMLParser
        Changed in place.

    Returns
    -------
    root : selectolax LexborNode or None

    Examples
    --------
    >>> from policylens.io.html import html_to_text
    >>> page = ("<nav>Home</nav><div class='cookie-banner'>We use cookies. <a>Accept</a></div>"
    ...         "<main><h1>Privacy</h1><p>We collect your e-mail address.</p>"
    ...         "<p><a href='/x'>Learn more</a></p></main>"
    ...         "<footer><ul><li><a>About</a></li><li><a>Careers</a></li></ul></footer>")
    >>> html_to_text(page, boilerplate="drop")[0]
    'Privacy\\n\\nWe collect your e-mail address.'
    """
    body = tree.body or tree.root
    if body is None:
        return None
    total = _text_ink(body)
    drop_landmarks(body, total)
    root = choose_root(tree, _text_ink(body))
    if root is not None:
        drop_link_lists(root, total)
    return root
