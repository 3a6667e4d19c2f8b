"""The About page: what the service is for and each tool with whose approach it is, for anyone."""

import html

from sofs_direct.artefacts.kinds import KINDS


def test_the_about_page_credits_every_tool_from_the_registry(app, client):
    with app.test_request_context():
        tools = [(str(kind.LABEL), str(kind.ABOUT)) for kind in KINDS.values()]
    page = html.unescape(client.get("/about").get_data(as_text=True))  # signed out: a leaflet, no child data
    for label, about in tools:
        assert f">{label}</dt>" in page and about in page
    assert "Sonja Parker" in page and "Nicki Weld and Maggie Greening" in page and "Andrew Turnell" in page


def test_the_about_page_is_in_welsh_too_and_linked_from_every_page(client):
    page = html.unescape(client.get("/about", headers={"Accept-Language": "cy"}).get_data(as_text=True))
    assert "Ynglŷn â SofS Direct" in page and "Sonja Parker biau dull y Tŷ Diogelwch" in page
    assert 'href="/about"' in client.get("/login").get_data(as_text=True)


def test_the_about_page_credits_openmoji_with_its_licence(client):
    """CC BY-SA 4.0 asks for the credit and the licence wherever the symbols are used (docs/symbols.md)."""
    page = html.unescape(client.get("/about").get_data(as_text=True))
    assert "All emojis designed by OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0" in page
    assert 'href="https://openmoji.org/"' in page
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in page
    assert 'href="/static/vendor/openmoji/LICENSE.txt"' in page
    with client.get("/static/vendor/openmoji/LICENSE.txt") as licence:
        assert licence.status_code == 200 and b"Attribution-ShareAlike 4.0" in licence.get_data()
    welsh = html.unescape(client.get("/about", headers={"Accept-Language": "cy"}).get_data(as_text=True))
    assert "Cynlluniwyd pob emoji gan OpenMoji" in welsh and "Trwydded: CC BY-SA 4.0" in welsh
