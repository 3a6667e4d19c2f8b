"""Real browser tests: Debian's chromium driven by Playwright against a real waitress server.

Tablet viewports with touch input, as practitioners use the app.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from sofs_direct.platform.demo import DEMO_PASSWORD
from tests.conftest import TABLET_VIEWPORTS, child_ids


def sign_in(page, server, username="demo.worker"):
    page.goto(server.url + "/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    page.wait_for_url(lambda url: not url.endswith("/login"))


@pytest.mark.parametrize("viewport", TABLET_VIEWPORTS.values(), ids=TABLET_VIEWPORTS.keys())
def test_sign_in_and_see_exactly_my_three_children(browser, live_server, viewport):
    context = browser.new_context(viewport=viewport, has_touch=True, locale="en-GB")
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server)
    expect(page).to_have_url(live_server.url + "/children")
    links = page.locator("a.app-caseload__link")
    expect(links).to_have_text(["Ava", "Maisie", "Tomos"])
    # GOV.UK Frontend's JavaScript started (the module ran under the strict CSP).
    expect(page.locator("body")).to_have_class(re.compile("govuk-frontend-supported"))
    # Nothing on the page is wider than the tablet screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.get_by_role("link", name="Tomos").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tomos")
    assert errors == [], errors
    context.close()


def test_search_filters_the_caseload_as_you_type(page, live_server):
    sign_in(page, live_server)
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.get_by_label("Search by name or case reference").fill("mai")
    expect(page.locator("a.app-caseload__link")).to_have_text(["Maisie"])
    searches = [r for r in requests if r.resource_type in ("xhr", "fetch")]
    assert searches and all(r.method == "POST" for r in searches)
    assert all("mai" not in r.url for r in requests)  # the term never goes in a URL


def test_another_workers_child_is_not_found(page, live_server, db):
    sign_in(page, live_server)
    expect(page).to_have_url(live_server.url + "/children")
    response = page.goto(f"{live_server.url}/children/{child_ids(db)['Leo']}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text("Leo")


def test_a_form_without_a_valid_csrf_token_is_refused(page, live_server):
    page.goto(live_server.url + "/login")
    # Tamper with the token as a cross-site form would have to.
    page.locator("#main-content input[name=csrf_token]").evaluate("input => input.value = 'forged'")
    page.get_by_label("Username").fill("demo.worker")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("This form has expired")
    page.goto(live_server.url + "/children")
    expect(page).to_have_url(live_server.url + "/login")


def test_an_idle_session_times_out(page, start_server):
    server = start_server(IDLE_TIMEOUT_SECONDS=2)
    sign_in(page, server)
    expect(page).to_have_url(server.url + "/children")
    time.sleep(2.5)
    page.reload()
    expect(page).to_have_url(server.url + "/login")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You were signed out because you were inactive")


def test_switch_to_welsh_and_back(page, live_server):
    sign_in(page, live_server)
    page.get_by_role("button", name="Cymraeg").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fy mhlant")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.locator("a.app-caseload__link")).to_have_count(3)  # same page, same children
    page.get_by_role("button", name="English").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("My children")


def test_welsh_is_remembered_when_saved_in_settings(page, live_server):
    sign_in(page, live_server)
    page.goto(live_server.url + "/settings")
    page.get_by_label("Cymraeg").check()
    page.get_by_role("button", name="Save language").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gosodiadau")
    page.get_by_role("button", name="Allgofnodi").tap()
    page.wait_for_url("**/login")
    sign_in(page, live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Fy mhlant")


def test_pages_have_no_inline_script_or_style_and_send_the_policy(page, live_server):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    response = page.goto(live_server.url + "/login")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    sign_in(page, live_server)
    page.goto(live_server.url + "/children")
    assert page.locator("script:not([src])").count() == 0
    assert page.locator("[style]").count() == 0
    assert violations == []


def test_manager_sees_the_team_and_the_audit(page, live_server, db):
    sign_in(page, live_server, "demo.worker")
    page.goto(f"{live_server.url}/children/{child_ids(db)['Maisie']}")
    page.get_by_role("button", name="Sign out").tap()
    page.wait_for_url("**/login")
    sign_in(page, live_server, "demo.manager")
    page.get_by_role("link", name="My team").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demo Team")
    page.get_by_role("link", name="Audit of the team's children").tap()
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Dana Worker")
    expect(first_row).to_contain_text("Maisie")
    expect(first_row).to_contain_text("Viewed")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page):
    """axe-core (vendored) run in the page, loaded from our own origin as the CSP requires: once per
    page, so a page that loaded it while online can still be checked once the server is stopped."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


def child_screen_report(page):
    """What breaks the rules for a child's screen (README, product standards): buttons under 64 CSS px,
    anything pressable within 48 px of the bottom edge (where hands rest), and a screen that scrolls."""
    return page.evaluate("""() => {
        const height = window.innerHeight;
        const small = [], low = [];
        for (const control of document.querySelectorAll('button, input, textarea, [tabindex="0"]')) {
            const box = control.getBoundingClientRect();
            if (!box.width || !box.height || control.closest('[hidden]')) continue;
            if (getComputedStyle(control).visibility === 'hidden') continue;
            const name = control.getAttribute('aria-label') || control.textContent.trim().slice(0, 30) || control.id;
            if (control.matches('button') && (box.width < 64 || box.height < 64) && !control.closest('.app-dialog'))
                small.push(name);
            if (box.bottom > height - 48) low.push(name);
        }
        return {small, low, scroll: document.scrollingElement.scrollHeight - height};
    }""")


@pytest.mark.parametrize(
    "username, paths",
    [
        (None, ["/login"]),
        ("demo.worker", ["/children", "/child:Maisie", "/settings", "/settings/password"]),
        ("demo.manager", ["/team", "/team/audit"]),
        ("demo.admin", ["/admin", "/admin/users/new", "/admin/children/new"]),
    ],
)
def test_practitioner_screens_meet_wcag_2_2_aa(page, live_server, db, username, paths):
    if username:
        sign_in(page, live_server, username)
    for path in paths:
        if path.startswith("/child:"):
            path = f"/children/{child_ids(db)[path.split(':')[1]]}"
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
        if path.startswith("/admin/users/new"):  # and the same form showing its errors
            with page.expect_navigation():
                page.get_by_role("button", name="Create account").tap()
            assert axe_violations(page) == [], path + " with errors"
