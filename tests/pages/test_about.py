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
