"""Main-content extraction (policylens.io.boilerplate) on pages composed here."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policylens as pl
from policylens.io.boilerplate import widget_name
from policylens.io.html import html_to_text

SECTION = ("<h2>{title}</h2><p>We collect your name and e-mail address when you register. "
           "We keep them for as long as your account is open, and we delete them within thirty "
           "days after you close it.</p>")
POLICY = "<h1>Privacy Policy</h1>" + "".join(SECTION.format(title=t) for t in
                                              ("Data we collect", "How we use data", "Your rights"))
LINKS = "".join(f"<li><a href='/{i}'>Link {i}</a></li>" for i in range(8))

NOISE = {
    "skip links": "<a href='#main'>Skip to content</a>",
    "site header": "<header><a href='/'>Home</a><a href='/shop'>Shop</a><a href='/help'>Help</a></header>",
    "navigation": f"<div role='navigation'><ul>{LINKS}</ul></div>",
    "menu class": f"<div class='dropdownMegaMenu'><p>Our products make life easier.</p><ul>{LINKS}</ul></div>",
    "cookie banner": ("<div id='hs-eu-cookie-confirmation'><p>This website stores cookies on your "
                      "computer. We use them to improve your experience.</p><a>Accept</a></div>"),
    "chat widget": "<div class='livechat-frame'><p>Hi there! May I help you with something?</p></div>",
    "newsletter": "<form><h3>Sign up for our newsletter</h3><input name='email'><label>Email</label></form>",
    "promo": "<div class='promo-strip'>Free delivery for all orders above $60</div>",
    "store locator": f"<aside><h3>Find a store</h3><ul>{LINKS}</ul></aside>",
    "footer": f"<footer><ul>{LINKS}</ul><p>© 2024 Example Inc. All rights reserved.</p></footer>",
    "bare learn more": "<p><a href='/more'>Learn more</a></p>",
    "copyright line": "<div class='legal-line'>Copyright 2023 Example Inc.</div>",
}


def page(noise: str) -> str:
    return f"<html><body>{noise}<main>{POLICY}</main>{noise}</body></html>"


@pytest.mark.parametrize("kind", sorted(NOISE))
def test_boilerplate_is_dropped_and_every_section_kept(kind):
    clean = html_to_text(f"<main>{POLICY}</main>")[0]
    kept = html_to_text(page(NOISE[kind]), boilerplate="keep")[0]
    dropped = html_to_text(page(NOISE[kind]), boilerplate="drop")[0]
    assert kept != clean  # the noise is visible text...
    assert dropped == clean  # ...and main-content extraction removes exactly it


def test_without_main_element_the_body_is_used():
    noise = NOISE["site header"] + NOISE["footer"] + NOISE["cookie banner"]
    text = html_to_text(f"<body>{noise}<div class='content'>{POLICY}</div>{noise}</body>",
                        boilerplate="drop")[0]
    assert text == html_to_text(POLICY)[0]


def test_policy_split_over_two_articles_keeps_both():
    first = SECTION.format(title="Data we collect") * 3
    second = SECTION.format(title="Your rights")
    text = html_to_text(f"<main><article>{first}</article><article>{second}</article></main>",
                        boilerplate="drop")[0]
    assert "Data we collect" in text and "Your rights" in text


@pytest.mark.parametrize("ident", ["cookies", "sharing-of-personal-information", "social-media"])
def test_section_ids_that_are_heading_slugs_are_not_widgets(ident):
    title = ident.replace("-", " ").capitalize()
    section = SECTION.format(title=title)
    text = html_to_text(f"<main>{POLICY}<div id='{ident}'>{section}</div></main>", boilerplate="drop")[0]
    assert title in text


def test_a_policy_inside_a_cookie_named_wrapper_is_kept_when_it_is_the_page():
    text = html_to_text(f"<div class='cookie-policy-content'>{POLICY * 2}</div>"
                        f"<footer>{LINKS}</footer>", boilerplate="drop")[0]
    assert "Your rights" in text


def test_collapsed_accordion_sections_survive_extraction():
    panels = "".join(f"<h3><button aria-expanded='false'>{t}</button></h3>"
                     f"<div class='accordion-panel' hidden>{SECTION.format(title=t + ' details')}</div>"
                     for t in ("Access", "Deletion", "Opt-out"))
    text = html_to_text(page(NOISE["footer"]).replace(POLICY, POLICY + panels), boilerplate="drop")[0]
    for title in ("Access", "Deletion", "Opt-out", "Deletion details"):
        assert title in text


def test_cards_whose_links_carry_headings_are_not_menus():
    cards = "".join(f"<li><a href='/{t}'><h3>{t}</h3><p>Read how we handle {t}.</p></a></li>"
                    for t in ("Access", "Deletion", "Portability"))
    text = html_to_text(f"<main>{POLICY}<ul>{cards}</ul></main>", boilerplate="drop")[0]
    assert "Portability" in text


@pytest.mark.parametrize(
    ("name", "widget"),
    [("site-footer", True), ("dropdownMegaMenu", True), ("cookie-banner", True), ("sr-only", True),
     ("hs-eu-cookie-confirmation", True), ("entry-content", False), ("add-nav-spacing", False),
     ("js-stop-sidebar", False), ("wsite-not-footer", False), ("privacy-policy", False),
     ("cmp-text", False), ("menuLinksContainer", True)],
)
def test_widget_names(name, widget):
    assert widget_name(name) is widget


def test_load_drops_by_default_and_keeps_on_request(tmp_path):
    path = tmp_path / "1.html"
    path.write_text(f"<title>Privacy Policy | Example Inc</title>{page(NOISE['footer'])}", encoding="utf-8")
    dropped, kept = pl.load(path), pl.load(path, boilerplate="keep")
    assert "Link 3" not in dropped.text and "Link 3" in kept.text
    assert dropped.meta["boilerplate"] == "drop"
    assert dropped.name == "Privacy Policy | Example Inc" and dropped.organisation == "Example Inc"
    with pytest.raises(ValueError, match="boilerplate"):
        pl.load(path, boilerplate="maybe")


_PIECES = st.sampled_from([*NOISE.values(), SECTION.format(title="Alpha"), SECTION.format(title="Beta"),
                           "<main>", "</main>", "<div class='x'>", "</div>", "<ul>", "</ul>", "<p>Text.</p>"])


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_extraction_only_removes_text(markup):
    # main-content extraction never invents or reorders text: what it keeps is a subsequence of
    # the full page's visible text
    kept_text, _ = html_to_text(markup, boilerplate="keep")
    text, blocks = html_to_text(markup, boilerplate="drop")
    assert _subsequence("".join(text.split()), "".join(kept_text.split()))
    assert all(text[b.start:b.end].strip() for b in blocks)


# -- card pages and search overlays (#16) -----------------------------------------------------------

def _promo(title: str, cta: str = "Learn more", href: str = "/products/{slug}") -> str:
    slug = title.lower().replace(" ", "-")
    return (f"<li class='tile'><a class='tile-link' href='{href.format(slug=slug)}'>"
            f"<div class='tile-media'><img src='/{slug}.png' alt=''></div>"
            f"<div class='tile-body'><h3>{title}</h3><p>See how {title} helps growing teams plan "
            f"their week.</p><span class='cta'>{cta}</span></div></a></li>")


PROMO_TITLES = ("Team Planner", "Budget Tracker", "Shift Board")


def test_promo_cards_after_the_policy_go_with_their_title():
    cards = ("<section class='tiles-block'><header><h2>You may also like</h2></header>"
             f"<ul class='tiles'>{''.join(_promo(t) for t in PROMO_TITLES)}</ul></section>")
    clean = html_to_text(f"<main>{POLICY}</main>")[0]
    kept = html_to_text(f"<main>{POLICY}{cards}</main>", boilerplate="keep")[0]
    dropped = html_to_text(f"<main>{POLICY}{cards}</main>", boilerplate="drop")[0]
    assert "Budget Tracker" in kept and "You may also like" in kept
    assert dropped == clean


def test_one_promo_card_is_no_grid_and_document_tiles_stay():
    one = f"<ul class='tiles'>{_promo('Team Planner')}</ul>"
    assert "Team Planner" in html_to_text(f"<main>{POLICY}{one}</main>", boilerplate="drop")[0]
    downloads = "".join(_promo(t, cta="Download the summary", href="/files/{slug}.pdf")
                        for t in PROMO_TITLES)
    text = html_to_text(f"<main>{POLICY}<ul class='tiles'>{downloads}</ul></main>",
                        boilerplate="drop")[0]
    assert all(t in text for t in PROMO_TITLES)  # attachments of the page's own text


def test_section_cards_without_a_call_to_action_stay():
    # a policy's own index: each card is a heading and a description, nothing to sell
    cards = "".join(f"<li><a href='#{t.lower()}'><h3>{t}</h3><p>What we do with data about {t} "
                    f"and the choices you have.</p></a></li>" for t in ("Payments", "Location", "Contacts"))
    text = html_to_text(f"<main>{POLICY}<ul>{cards}</ul></main>", boilerplate="drop")[0]
    assert all(t in text for t in ("Payments", "Location", "Contacts"))


SEARCH_OVERLAY = (
    "<div class='q7a'><div class='q7b'><form action='/find/results' method='get'>"
    "<input name='q' aria-label='Search the site' placeholder='What are you looking for?'>"
    "<button type='submit'>Go</button></form></div>"
    "<div class='q7c'><p>Nothing matched your words.</p><p>Check the spelling of each word. "
    "Try a broader term. Pick one of the topics people often look for below.</p>"
    "<h4>Popular right now</h4><ul><li><a href='/t/1'>Gift cards</a></li>"
    "<li><a href='/t/2'>Opening hours</a></li><li><a href='/t/3'>Returns</a></li></ul></div></div>")


#: a policy of realistic length: a search panel is a small part of its page (SEARCH_SHARE)
LONG_POLICY = "<h1>Privacy Policy</h1>" + "".join(SECTION.format(title=f"Part {n}") for n in range(16))


@pytest.mark.parametrize("where", ["before", "inside"])
def test_a_search_overlay_goes_with_its_box(where):
    policy = f"<div class='q1'>{LONG_POLICY}</div>"
    body = (SEARCH_OVERLAY + policy if where == "before"
            else f"<div class='q0'>{SEARCH_OVERLAY}{policy}</div>")
    footer = f"<footer><ul>{LINKS}</ul></footer>"
    kept = html_to_text(f"<body>{body}{footer}</body>", boilerplate="keep")[0]
    dropped = html_to_text(f"<body>{body}{footer}</body>", boilerplate="drop")[0]
    assert "Nothing matched your words." in kept
    assert dropped == html_to_text(LONG_POLICY)[0]


def test_a_search_box_inside_a_policy_section_takes_no_section():
    # the box's ancestors stop at the section heading: the section stays
    section = ("<section><h2>Find an answer</h2><form role='search'><input type='search'></form>"
               + SECTION.format(title="Searching this notice") + "</section>")
    text = html_to_text(f"<main>{POLICY}{section}</main>", boilerplate="drop")[0]
    assert "Find an answer" in text and "Searching this notice" in text
