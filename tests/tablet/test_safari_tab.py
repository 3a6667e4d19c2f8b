"""A plain Safari tab on an iPad: nothing new is stored there, and the "Add to Home Screen" guide shows.

Safari may delete what a tab stores after 7 days without use; an app on the Home Screen is kept
(README, "What each browser promises"). Chromium plays an iPad here: Safari's user agent (iPadOS
asks for desktop sites, so it says "Macintosh"), touch, and navigator.maxTouchPoints and
navigator.standalone set before the app's scripts run, as an iPad's Safari has them.
"""

import re

from playwright.sync_api import expect

from tests.tablet.test_browser import axe_violations
from tests.tablet.test_tablet import PIN, open_tablet, prepare_all, start_observation, unlock

IPAD_SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15"
# What an iPad's Safari says of itself: in a tab (standalone false), or opened from the Home Screen.
AS_AN_IPAD = """Object.defineProperty(Navigator.prototype, "maxTouchPoints", { get: () => 5, configurable: true });
Object.defineProperty(Navigator.prototype, "standalone", { get: () => %s, configurable: true });"""
FROM_THE_HOME_SCREEN = """const answer = window.matchMedia.bind(window);
window.matchMedia = (query) => query === "(display-mode: standalone)" ? { matches: true, media: query } : answer(query);"""

# (user agent, touch points, navigator.standalone, display-mode standalone) -> a Safari tab whose
# storage may be deleted.
AGENTS = [
    (IPAD_SAFARI, 5, False, False, True),  # iPadOS Safari, asking for desktop sites (the default)
    (IPAD_SAFARI, 0, None, False, False),  # Safari on a Mac: no touch screen
    (
        "Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1",
        5,
        False,
        False,
        True,
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
        5,
        False,
        False,
        True,
    ),
    (
        "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
        5,
        None,
        False,
        True,
    ),
    (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15",
        5,
        None,
        False,
        True,
    ),
    (IPAD_SAFARI, 5, True, True, False),  # opened from the Home Screen
    (IPAD_SAFARI, 5, None, True, False),  # installed, said by display-mode only
    (
        "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        5,
        None,
        False,
        False,
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
        10,
        None,
        False,
        False,
    ),
]
SAFARI_TAB_OF = """async (agents) => {
  const { safariTab } = await import("/static/js/tablet/features.js");
  return agents.map(([userAgent, maxTouchPoints, standalone, displayStandalone]) => safariTab({
    navigator: { userAgent, maxTouchPoints, ...(standalone === null ? {} : { standalone }) },
    matchMedia: (query) => ({ matches: displayStandalone && query === "(display-mode: standalone)" }),
  }));
}"""


def pictures_shown(page):
    return page.locator("#screen-home-screen-guide img").evaluate_all(
        "(pictures) => pictures.map((picture) => picture.complete && picture.naturalWidth > 0)"
    )


def test_a_safari_tab_on_an_ipad_carries_nothing_and_shows_the_home_screen_guide(
    browser, browser_context_args, live_server
):
    context = browser.new_context(**browser_context_args, user_agent=IPAD_SAFARI)
    context.add_init_script(AS_AN_IPAD % "false")
    page = context.new_page()
    open_tablet(page, live_server)  # set-up and signing in work in a tab

    assert page.evaluate(SAFARI_TAB_OF, [agent[:4] for agent in AGENTS]) == [agent[4] for agent in AGENTS]

    expect(page.locator("#feature-notes")).to_contain_text("This is a Safari tab")
    page.get_by_role("button", name="Prepare for visits").tap()
    guide = page.locator("#screen-home-screen-guide")
    expect(guide.get_by_role("heading", name="Add SofS Direct to the Home Screen first")).to_be_visible()
    expect(guide).to_contain_text("after 7 days without use")
    expect(guide).to_contain_text("tap “Add to Home Screen”")
    assert pictures_shown(page) == [True, True, True]
    expect(guide.get_by_role("img", name=re.compile("The Share button"))).to_be_visible()
    expect(page.locator("#screen-prepare")).to_be_hidden()
    assert axe_violations(page) == []  # WCAG 2.2 AA, as every tablet screen
    guide.get_by_role("button", name="Back to visits").tap()
    expect(page.get_by_text("No children are carried on this tablet.")).to_be_visible()

    # The same guide in Welsh, from the language link.
    page.locator("#language-link").tap()
    expect(page.locator("#screen-unlock")).to_be_visible()
    page.locator("#pin").fill(PIN)
    page.locator("#unlock-form [type=submit]").tap()
    page.locator("[data-action=home-screen-guide]").tap()
    expect(guide.locator("h1")).to_have_text("Ychwanegwch SofS Direct at y Sgrin Gartref yn gyntaf")
    assert pictures_shown(page) == [True, True, True]

    # Opened from the Home Screen: the same tablet prepares for visits and starts work.
    context.add_init_script(AS_AN_IPAD % "true")
    context.add_init_script(FROM_THE_HOME_SCREEN)
    page.goto(live_server.url + "/tablet/en")
    unlock(page)
    expect(page.locator("#home-screen-offer")).to_be_hidden()
    prepare_all(page)
    start_observation(page)
    context.close()
