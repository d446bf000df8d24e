"""The strict Content-Security-Policy in a real browser: every main page, the htmx
parts that load and swap after it, the admin and the API docs load without a
single violation (decision 0013)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect

from rapport.accounts.models import User

from .community import build, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber} on ${document.location.pathname}`);
});
"""


def watch(page: Page) -> list[str]:
    """Every CSP violation the page reports, from the event and from the console."""
    seen: list[str] = []
    page.expose_function("__cspViolation", lambda text: seen.append(text))
    page.add_init_script(REPORT)
    page.on(
        "console",
        lambda msg: (
            seen.append(f"console: {msg.text}") if "Content Security Policy" in msg.text else None
        ),
    )
    return seen


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    assert "script-src 'self'" in (response.header_value("content-security-policy") or "")
    page.wait_for_load_state("networkidle")


def test_the_check_catches_an_inline_script(page):
    """The watcher is not blind: a script the page adds inline is reported."""
    seen = watch(page)
    visit(page, "/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.x = 1'; document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert any("script-src" in v for v in seen), seen


def test_main_pages_load_without_a_violation(page):
    community = build()
    seen = watch(page)
    visit(page, "/accounts/login/")
    visit(page, "/signup/")
    log_in(page, community.ada.email)
    for url in (
        "/",
        "/search/?q=Engines",
        "/in/ben/",
        "/in/chidi/",
        "/in/ada/connections/",
        "/companies/engines-ltd/",
        "/people/",
        "/invitations/",
        "/invitations/sent/",
        "/invitations/standing/",
        "/invitations/to/chidi/",
        "/messages/",
        community.conversation_url,
        "/trust/",
        "/trust/introductions/",
        "/notifications/",
        "/accounts/settings/",
    ):
        visit(page, url)

    # The error page a mistyped address shows must pass as well.
    missing = page.goto("/no-such-page/")
    assert missing is not None and missing.status == 404
    assert "script-src 'self'" in (missing.header_value("content-security-policy") or "")
    page.wait_for_load_state("networkidle")

    # What htmx swaps in later must pass too: results as you type, the coach.
    visit(page, "/search/")
    page.locator("form.filters input").first.fill("Ben")
    expect(page.get_by_test_id("results")).to_contain_text("Ben Okafor")
    page.wait_for_load_state("networkidle")
    visit(page, "/invitations/to/chidi/")
    page.get_by_label("Personal note").fill("Chidi, we met at the ethics reading group.")
    expect(page.get_by_test_id("coach")).to_be_visible()
    page.wait_for_load_state("networkidle")

    # The confirmation that used to be an inline onsubmit still asks.
    visit(page, "/in/ben/")
    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer)
    page.get_by_test_id("more-actions").locator("summary").click()
    page.get_by_test_id("block-member").click()
    page.wait_for_timeout(300)
    assert asked and "Block Ben Okafor" in asked[0]
    expect(page).to_have_url("/in/ben/")  # dismissed: nothing was sent

    assert seen == []


def test_admin_and_api_docs_load_without_a_violation(page):
    operator = User.objects.create_superuser("op@example.com", "an operator password")
    seen = watch(page)
    page.goto("/admin/login/")
    page.get_by_label("Email").fill(operator.email)
    page.get_by_label("Password").fill("an operator password")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/admin/")
    for url in ("/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"):
        visit(page, url)
    visit(page, f"/admin/accounts/user/{operator.pk}/change/")

    visit(page, "/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Rapport API")
    page.locator(".opblock-summary").first.click()
    page.wait_for_load_state("networkidle")
    assert seen == []
