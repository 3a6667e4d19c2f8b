"""Fixtures shared by the sync tests that speak HTTP to a live server."""

import pytest

from tests.tablet_client import HttpTablet


@pytest.fixture
def tablets(live_server):
    """Signed-in, registered HttpTablets on the live server, closed after the test."""
    opened = []

    def open_tablet(username="demo.worker", register=True):
        tablet = HttpTablet(live_server.url).sign_in(username)
        if register:
            tablet.register()
        opened.append(tablet)
        return tablet

    yield open_tablet
    for tablet in opened:
        tablet.close()
