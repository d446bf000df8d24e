"""The layout at a phone's width (390 px) and a desktop's (1280 px): a compact navigation
(icons with labels, a menu on small screens), nothing wider than the screen, compact
invitation cards with the coach's reasons behind "why?", and a paged trust list.

Screenshots of every page at both widths are saved under test-artifacts/browser/
(layout-<width>-<page>.png) for people to look at (decision 0013)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from .community import CONNECTIONS, Community, build, log_in
from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 390, 1280
TRUST_PAGE_SIZE = 20


@pytest.fixture
def community() -> Community:
    return build()


def open_as_ada(browser: Browser, live_server, community: Community, width: int) -> Page:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 844 if width < 600 else 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, community.ada.email)
    return page


def pages(community: Community) -> list[tuple[str, str]]:
    return [
        ("home", "/"),
        ("search", "/search/?q=Engines"),
        ("profile", "/in/ben/"),
        ("invitations", "/invitations/"),
        ("messages", "/messages/"),
        ("conversation", community.conversation_url),
        ("trust", "/trust/"),
        ("notifications", "/notifications/"),
        ("people", "/people/"),
        ("connections", "/in/ada/connections/"),
        ("company", "/companies/engines-ltd/"),
        ("introductions", "/trust/introductions/"),
        ("sent", "/invitations/sent/"),
        ("compose", "/invitations/to/chidi/"),
        ("settings", "/accounts/settings/"),
    ]


def shoot(page: Page, name: str, *, full_page: bool = True) -> None:
    """Save a screenshot from the top of the page, so the sticky header sits where it belongs."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if full_page:
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def look(page: Page, width: int, name: str, url: str) -> list[str]:
    """Screenshot a page and say what does not fit."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    shoot(page, f"layout-{width}-{name}")
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth")
    if overflow > width:
        problems.append(f"{name} is {overflow}px wide on a {width}px screen")
    header = page.locator(".site-header").bounding_box()
    if header is None or header["height"] > 64:
        problems.append(f"{name}'s header is {header and header['height']}px high")
    return problems


# A tablet's portrait (menu) and landscape (icons, no brand name) widths are checked too.
@pytest.mark.parametrize("width", [PHONE, 768, 1024, DESKTOP])
def test_every_page_fits_the_screen_with_a_compact_header(browser, live_server, community, width):
    page = open_as_ada(browser, live_server, community, width)
    try:
        problems = [p for name, url in pages(community) for p in look(page, width, name, url)]
    finally:
        page.context.close()
    assert problems == []


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_pages_before_log_in_fit_the_screen(browser, live_server, width):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 844}
    )
    page = context.new_page()
    try:
        problems = [
            p
            for name, url in (("login", "/accounts/login/"), ("signup", "/signup/"))
            for p in look(page, width, name, url)
        ]
    finally:
        context.close()
    assert problems == []


def test_desktop_navigation_is_icons_with_labels(browser, live_server, community):
    page = open_as_ada(browser, live_server, community, DESKTOP)
    try:
        page.goto("/")
        nav = page.get_by_role("navigation", name="Main")
        for label in ("Home", "My network", "Trust", "Invitations", "Notifications"):
            link = nav.get_by_role("link", name=label, exact=False).first
            expect(link).to_be_visible()
            expect(link.locator("svg")).to_have_count(1)
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        box = nav.bounding_box()
        assert box is not None and box["height"] <= 72  # one row
    finally:
        page.context.close()


def test_phone_navigation_is_a_menu(browser, live_server, community):
    page = open_as_ada(browser, live_server, community, PHONE)
    try:
        page.goto("/")
        menu = page.get_by_role("button", name="Menu")
        expect(menu).to_be_visible()
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(page.get_by_role("link", name="Trust")).to_be_hidden()
        menu.click()
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(page.get_by_role("link", name="Trust")).to_be_visible()
        shoot(page, f"layout-{PHONE}-menu-open", full_page=False)
        page.get_by_role("link", name="Trust").click()
        expect(page).to_have_url("/trust/")
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_invitation_cards_keep_the_coach_reasons_behind_why(browser, live_server, community, width):
    page = open_as_ada(browser, live_server, community, width)
    try:
        page.goto("/invitations/")
        card = page.get_by_test_id("invitation-card").filter(has_text="Eve Adeyemi")
        expect(card).to_be_visible()
        expect(card.get_by_test_id("coach-pitch")).to_be_visible()  # the verdict stays
        reasons = card.locator(".coach-reasons")
        expect(reasons).to_be_hidden()
        card.locator("summary", has_text="Why?").click()
        expect(reasons).to_be_visible()
        shoot(page, f"layout-{width}-invitations-why-open")
    finally:
        page.context.close()


def test_the_trust_list_is_paged(browser, live_server, community):
    page = open_as_ada(browser, live_server, community, PHONE)
    try:
        page.goto("/trust/")
        expect(page.get_by_test_id("trust-row")).to_have_count(TRUST_PAGE_SIZE)
        pager = page.get_by_role("navigation", name="Pages")
        expect(pager).to_contain_text("Page 1 of 2")
        pager.get_by_role("link", name="Next").click()
        expect(page.get_by_test_id("trust-row")).to_have_count(CONNECTIONS - TRUST_PAGE_SIZE)
        expect(page).to_have_url("/trust/?network=all&sort=trust&page=2")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 4000
    finally:
        page.context.close()
