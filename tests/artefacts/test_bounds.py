"""What is stored must always display (issue #13, §3): every time, day and count a kind accepts is
bounded to what its pages can show. A session started at 0001-01-01T00:00:00+14:00, a word dated
9999-12-31T23:59:59-14:00 or a storyboard version saved then was accepted, and made the child's
page, timeline, record, sheet and search fail for good (no page can turn such a time into UK time).
"""

import pytest

from sofs_direct.artefacts.envelope import IngestRefused
from sofs_direct.artefacts.fields import is_timestamp
from sofs_direct.platform.invalid import DocumentInvalid
from sofs_direct.tools import network, observation
from sofs_direct.tools.network import meeting as network_meeting
from tests.conftest import child_ids
from tests.sync_helpers import NOTHING, StoreTablet, photo, stored
from tests.tablet_client import member, three_houses, word, words_pictures

NEVER_SHOWN = ("0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00")


@pytest.mark.parametrize(
    "written, accepted",
    [
        ("2026-11-23T10:02:03.000Z", True),
        ("2026-11-23T10:02:03+01:00", True),
        ("2026-11-23T10:02:03.123456789Z", True),
        ("1900-01-01T00:00:00.000Z", True),
        ("1899-12-31T12:00:00.000-12:00", True),  # 1900 in UTC and in the UK
        ("2100-12-31T23:59:59.999Z", True),
        ("2101-01-01T13:59:59.999+14:00", True),
        ("1899-12-31T23:59:59.999Z", False),
        ("2101-01-01T00:00:00.000Z", False),
        *((time, False) for time in NEVER_SHOWN),
        ("2026-02-29T10:00:00Z", False),
        ("2026-11-23T24:00:00Z", False),
        ("2026-11-23T10:02:03", False),
        ("2026-11-23 10:02:03Z", False),
        ("2026-11-23T10:02Z", False),
        ("20261123T100203Z", False),
        ("2026-11-23T10:02:03+24:00", False),
        ("٢٠٢٦-11-23T10:02:03Z", False),
        (20261123, False),
    ],
)
def test_a_time_is_accepted_only_as_the_tablet_writes_it_and_in_years_every_page_shows(written, accepted):
    assert is_timestamp(written) is accepted


@pytest.fixture
def tablet(app, db):
    with app.app_context():
        yield StoreTablet(db, "demo.worker", "Bounds tablet")


def refused(app, db, tablet, document, parts=(), state="draft") -> IngestRefused:
    """The upload refused (as a draft, which the server may still refuse), and nothing kept."""
    with app.app_context():
        upload = tablet.upload(document, parts, state=state, draft_version=1 if state == "draft" else None)
        with pytest.raises(IngestRefused) as caught:
            tablet.ingest(upload, app.config["PARTS_DIR"])
        assert stored(db, app.config["PARTS_DIR"]) == {**NOTHING, "part files": []}
    return caught.value


@pytest.mark.parametrize("time", NEVER_SHOWN)
def test_a_session_a_word_and_a_version_dated_where_no_page_can_show_them_are_refused(app, db, tablet, time):
    maisie = child_ids(db)["Maisie"]
    session = three_houses(maisie, session={"started_at": time})
    spoken = three_houses(maisie, houses={"worries": {"words": [word("w1", "I hide", at=time)]}})
    version = words_pictures(maisie, created_at=time)
    for document, reason in (
        (session, "When the session started"),
        (spoken, "was written down"),
        (version, "created_at"),
    ):
        refusal = refused(app, db, tablet, document)
        assert (refusal.status, refusal.error) == (422, "invalid_document"), document
        assert reason in refusal.message, refusal.message


def test_a_tablet_clock_no_page_can_show_is_refused_in_the_envelope(app, db, tablet):
    with app.app_context():
        upload = tablet.upload(three_houses(child_ids(db)["Maisie"], houses={"good": {"words": [word("w1", "Hi")]}}))
        upload.envelope["device_time"] = NEVER_SHOWN[1]
        with pytest.raises(IngestRefused) as caught:
            tablet.ingest(upload, app.config["PARTS_DIR"])
    assert (caught.value.status, caught.value.field) == (400, "device_time")


@pytest.mark.usefixtures("app_context")
def test_counts_and_days_are_bounded_to_what_the_tablet_makes():
    """As many photos as the tablet takes; a next meeting by 2100; a saved network has someone in it,
    a saved meeting someone who came and someone responsible for each rule; a meeting not dated yet
    is a draft the server keeps (the tablet saves one as soon as it is started)."""
    photos = [f"photo-{number}" for number in range(1, 8)]
    with pytest.raises(DocumentInvalid, match="at most 6 photos"):
        observation.validate({"text": "Seen", "photos": photos}, dict.fromkeys(photos, "image/jpeg"))
    observation.validate({"text": "Seen", "photos": photos[:6]}, dict.fromkeys(photos[:6], "image/jpeg"))

    ids = {"network": "5f0c7a7e-2f4e-4c55-9a43-9d1f4f2c0b11", "children": ["1d6e2b8a-0f0c-4a55-8a43-9d1f4f2c0b12"]}
    meeting = {
        **ids,
        "date": "2026-11-20",
        "attended": [{"member": None, "name": "Nain", "role": ""}],
        "agreed": [{"rule": "Nain collects Maisie", "responsible": ["Nain"]}],
        "next_meeting": "2100-12-31",
        "notes": "",
    }
    network_meeting.validate(meeting, {})
    nobody_responsible = [{"rule": "Nain collects Maisie", "responsible": []}]
    for change, reason in (
        ({"next_meeting": "2101-01-01"}, "after 2100"),
        ({"next_meeting": "9999-12-31"}, "after 2100"),
        ({"attended": []}, "who came"),
        ({"agreed": nobody_responsible}, "responsible for rule 1"),
        ({"date": ""}, "real date"),
    ):
        with pytest.raises(DocumentInvalid, match=reason):
            network_meeting.validate({**meeting, **change}, {})
    network_meeting.validate(
        {**meeting, "date": "", "attended": [], "agreed": [{"rule": "", "responsible": []}]}, {}, final=False
    )

    state = {**ids, "members": [], "removed": []}
    with pytest.raises(DocumentInvalid, match="at least one person"):
        network.validate(state, {})
    network.validate(state, {}, final=False)
    network.validate({**state, "members": [member("m-1", name="Nain", relation="grandmother")]}, {})


def test_an_observation_with_photos_at_the_limit_is_stored(app, db, tablet):
    from tests.tablet_client import observation as observation_document

    names = [f"photo-{number}" for number in range(1, 7)]
    with app.app_context():
        tablet.store(
            observation_document(child_ids(db)["Maisie"], "Six photos", photos=names),
            app.config["PARTS_DIR"],
            [(name, "image/jpeg", photo()) for name in names],
        )
