"""Every child screen, and the worker's way round the tablet, with keys alone: Tab, Shift+Tab, Space,
Enter and the arrows, as a keyboard or a switch interface sends them (issue 16). After every key,
focus is on something shown (tests/tablet/keyboard.py): never fallen to <body> when a view changes,
never beneath the pause cover; the pause cover holds focus, and carrying on gives it back; focus
rings stand out from the paper and the button, selected or not. Drawing by keys is
tests/tablet/test_three_houses_tablet.py's; observation has no child screen.
"""

from playwright.sync_api import expect

from tests.tablet.keyboard import activate, assert_focus_held, assert_ring_contrast, focus_moves_to, press, tab_to
from tests.tablet.test_browser import sign_in
from tests.tablet.test_network_tablet import add_person
from tests.tablet.test_safety_house_tablet import start_safety_house
from tests.tablet.test_tablet import PIN
from tests.tablet.test_three_houses_tablet import record_session
from tests.tablet.test_words_pictures_tablet import start_words_pictures

# Counts what the save status's live region says, from now on.
COUNT_NEWS = """() => {
  window.saveNews = [];
  new MutationObserver(() => window.saveNews.push(document.querySelector('#save-news').textContent))
    .observe(document.querySelector('#save-news'), { childList: true, characterData: true, subtree: true });
}"""


def set_up_by_keys(page, server):
    """Set the tablet up, prepare and carry the children, lock and unlock: focus lands on each new
    screen's heading every time."""
    sign_in(page, server)
    page.goto(server.url + "/tablet/en")
    page.get_by_label("Name for this tablet").fill("Red case")
    page.locator("#screen-register").get_by_label("Choose a passcode").fill(PIN)
    page.locator("#screen-register").get_by_label("Enter the passcode again").fill(PIN)
    page.locator("#screen-register").get_by_label("Enter the passcode again").press("Enter")
    expect(page.locator("#screen-home")).to_be_visible()
    focus_moves_to(page, "Your visits")
    activate(page, "Prepare for visits")
    focus_moves_to(page, "Prepare for visits")
    expect(page.locator("#prepare-list input")).to_have_count(3)
    activate(page, "Carry these children")
    focus_moves_to(page, "Your visits")
    expect(page.locator("#notice")).to_contain_text("Children carried on this tablet: 3")
    activate(page, "Lock", backwards=True)
    focus_moves_to(page, "Unlock this tablet")
    assert press(page, "Tab")["tag"] == "input"
    page.keyboard.type(PIN)
    press(page, "Enter")
    focus_moves_to(page, "Your visits")


def hand_over(page):
    activate(page, "Hand to the child")
    expect(page.locator("#child-exit")).to_be_visible()
    return assert_focus_held(page, "handing over")


def take_back(page):
    """Back to the worker with keys: the PIN dialog, then focus in the worker's view."""
    activate(page, "Back to the worker")
    # The child's one-minute feedback comes first after a tool that asks it: skipped by keys.
    feedback = page.locator(".app-feedback")
    expect(page.locator("#pin-dialog[open], .app-feedback").first).to_be_visible()
    if feedback.is_visible():
        activate(page, "Skip the rest")
    expect(page.locator("#pin-dialog")).to_be_visible()
    page.keyboard.type(PIN)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Finish and send")).to_be_visible()
    return assert_focus_held(page, "taking the tablet back")


def pause_holds_focus(page):
    """Pause: only "Carry on" can take focus (Tab and Shift+Tab stay on it, "Back to the worker"
    beneath is inert and Enter never opens the PIN dialog); carrying on gives focus back to Pause."""
    activate(page, "Pause")
    focus_moves_to(page, "Carry on")
    for key in ("Tab", "Tab", "Shift+Tab", "Tab"):
        assert press(page, key, wrap=False)["name"] == "Carry on", key
    assert page.evaluate("document.querySelector('#child-exit').closest('[inert]') !== null")
    back = press(page, "Enter")
    assert back["name"] == "Pause" and not back["dialog"], back
    expect(page.locator(".app-pause-cover")).to_be_hidden()
    assert page.evaluate("document.querySelector('[inert]') === null")


def test_three_houses_and_the_worker_screens_by_keys_alone(page, live_server):
    set_up_by_keys(page, live_server)
    activate(page, "Start: Three Houses")
    focus_moves_to(page, "Session details")

    # The houses: each "Name it" is named for its house.
    hand_over(page)
    focus_moves_to(page, "Choose a house to start")
    names = page.locator(".app-th__house .app-child-button").evaluate_all("(all) => all.map((b) => b.textContent)")
    assert names == ["Name it: House of Good Things", "Name it: House of Worries", "Name it: House of Dreams"]
    tab_to(page, "Name it: House of Good Things")
    assert_ring_contrast(page, "a child button")

    # A house opens with focus on its question; its words and back again.
    activate(page, "House of Worries")
    expect(page.locator(".app-th__surface")).to_be_visible()
    assert assert_focus_held(page)["tag"] == "p"  # the question, read aloud on request
    activate(page, "Words")
    tab_to(page, tag="textarea")
    page.keyboard.type("my dog")
    activate(page, "Keep these words")
    focus_moves_to(page, "House of Worries")
    expect(page.locator(".app-th__word")).to_have_text(["my dog"])
    activate(page, "Houses", backwards=True)
    expect(page.locator(".app-th__houses")).to_be_visible()

    # Naming a house: a chosen picture keeps focus, selected, with a ring that stands out; six
    # typed words are announced as saved once, not at every key.
    activate(page, "Name it: House of Dreams")
    chosen = activate(page, "Sun", key="Space")
    assert chosen["name"] == "Sun" and chosen["pressed"] == "true", chosen
    assert_ring_contrast(page, "a selected picture")
    assert press(page, "Tab")["name"] == "Cloud"
    assert_ring_contrast(page, "a picture not selected")
    expect(page.locator("#save-state")).to_contain_text("Saved on this tablet")
    page.evaluate(COUNT_NEWS)
    tab_to(page, tag="input")
    page.keyboard.type("the best house by the sea", delay=60)
    expect(page.locator("#save-state")).to_contain_text("Saved on this tablet", timeout=4000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.saveNews") == [page.locator("#save-state").inner_text()]
    activate(page, "Done")
    expect(page.locator(".app-th__houses")).to_be_visible()

    pause_holds_focus(page)

    # The story and the child's OK, turned and answered by keys.
    take_back(page)
    activate(page, "What happens today", backwards=True)
    hand_over(page)
    activate(page, "Next")
    focus_moves_to(page, "Next")
    for _page in range(3):
        press(page, "Enter")
    activate(page, "Done")
    expect(page.get_by_role("button", name="Yes, it's OK")).to_be_visible()
    answer = activate(page, "Yes, it's OK", key="Space")
    assert answer["name"] == "Yes, it's OK" and answer["pressed"] == "true", answer
    assert_ring_contrast(page, "the child's answer")
    activate(page, "To the houses")
    expect(page.locator(".app-th__houses")).to_be_visible()

    # Finish and send: back on the visits, focus on their heading.
    take_back(page)
    activate(page, "Session details", backwards=True)
    record_session(page)
    activate(page, "Finish and send", backwards=True)
    focus_moves_to(page, "Your visits")
    expect(page.locator("#notice")).to_contain_text("Finished.")


def test_the_other_tools_child_screens_by_keys_alone(page, live_server):
    set_up_by_keys(page, live_server)

    # Words and Pictures: the children's pages, turned by buttons and arrows, and their words.
    start_words_pictures(page)
    hand_over(page)
    expect(page.locator(".app-wp__where")).to_have_text("Page 1 of 7")
    activate(page, "Next")
    focus_moves_to(page, "Next")
    assert press(page, "ArrowRight")["name"] == "Next"
    expect(page.locator(".app-wp__where")).to_have_text("Page 3 of 7")
    assert press(page, "ArrowLeft")["name"] == "Back"
    activate(page, "My words")
    expect(page.get_by_role("button", name="Keep these words")).to_be_visible()
    activate(page, "The story", backwards=True)
    expect(page.locator(".app-wp__where")).to_have_text("Page 2 of 7")
    pause_holds_focus(page)
    take_back(page)
    activate(page, "Back to visits")
    focus_moves_to(page, "Your visits")

    # The network's child view: choose a person, mark them, move them, all by keys.
    page.locator(".app-carried__child", has_text="Maisie").get_by_role(
        "button", name="Start: Family and safety network"
    ).tap()
    add_person(page, "Nain", "Grandmother", "An older person")
    expect(page.locator(".app-nw-map__person", has_text="Nain")).to_be_visible()
    hand_over(page)
    activate(page, "Nain")
    focus_moves_to(page, "Nain")
    mark = activate(page, "Helps me", key="Space")
    assert mark["name"] == "Helps me" and mark["pressed"] == "true", mark
    assert_ring_contrast(page, "a network mark")
    activate(page, "Closer")
    focus_moves_to(page, "Nain")
    pause_holds_focus(page)
    take_back(page)
    activate(page, "Back to visits")

    # The Safety House: someone new put in the house, then along the path to the door.
    start_safety_house(page)
    assert hand_over(page)["shown"]
    activate(page, "Someone new")
    tab_to(page, tag="input")
    page.keyboard.type("Kai")
    activate(page, "Put in the house")
    expect(page.locator(".app-sh__person", has_text="Kai")).to_be_visible()
    activate(page, "The path")
    activate(page, "Closer to the door")
    focus_moves_to(page, "Closer to the door")
    assert press(page, "Enter")["name"] == "Closer to the door"
    expect(page.locator(".app-sh__number")).to_have_text("1")  # on the path at 0, then one step closer
    pause_holds_focus(page)
    take_back(page)
    activate(page, "Back to visits")

    # Sort the pictures: a card picked and put in a place, then moved again, by keys.
    page.locator(".app-carried__child", has_text="Maisie").get_by_role("button", name="Start: Sort the pictures").tap()
    page.get_by_role("group", name="Choose a board").get_by_label("Good, not sure, not good").check()
    page.get_by_role("group", name="Add the cards of a set").get_by_label("School", exact=True).check()
    page.get_by_role("button", name="Add these cards").tap()
    hand_over(page)
    assert activate(page, "School")["pressed"] == "true"
    activate(page, "Good")
    good = page.locator(".app-ps__place", has=page.locator(".app-ps__place-button", has_text="Good"))
    expect(good.locator(".app-ps__card--placed", has_text="School")).to_be_visible()
    activate(page, "School")
    activate(page, "Not sure")
    not_sure = page.locator(".app-ps__place", has=page.locator(".app-ps__place-button", has_text="Not sure"))
    expect(not_sure.locator(".app-ps__card--placed", has_text="School")).to_be_visible()
    assert_ring_contrast(page, "a place on the board")
    pause_holds_focus(page)
    take_back(page)
