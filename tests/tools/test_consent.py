"""Consent and the child's voice in a Three Houses session: the parent's agreement, the child's own
assent and the recordings made with them are checked field by field (docs/three-houses.md), a
recording without both yeses is refused, every bad recording is refused through the real ingest with
nothing stored, and on the session's page the recordings play — seekable, audited, never cached —
for those who may see the child and nobody else."""

import copy
import json
import re
from pathlib import Path

import pytest

from sofs_direct.artefacts import voice
from sofs_direct.artefacts.envelope import IngestRefused
from sofs_direct.paper import ink, ink_decode
from sofs_direct.platform import accounts, devices
from sofs_direct.platform.invalid import DocumentInvalid
from sofs_direct.tools import three_houses
from sofs_direct.tools.three_houses.details import clip_details, consent_details
from tests.conftest import DEMO_PASSWORD, child_ids, signed_in
from tests.pdf_reader import pdf_text
from tests.sync_helpers import StoreTablet, refused_and_kept, scribble
from tests.tablet_client import DELETE, change, word
from tests.tablet_client import three_houses as document_of

FIXTURES = Path(__file__).parents[1] / "fixtures" / "audio"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())
CHILD = "6f1f8a3e-2c55-4c57-9b4e-0a4a3f3f0c11"
INK = ink.MEDIA_TYPE

PARENT = {
    "decision": "agreed",
    "name": "Kerry Smith",
    "relationship": "Mum",
    "signature": None,
    "typed_name": "Kerry Smith",
    "audio": True,
    "at": "2026-11-23T10:00:30.000Z",
}
ASSENT = {"assent": "given", "how": "nodded", "audio": True, "at": "2026-11-23T10:01:00.000Z"}
EXPLAINER = {"shown_at": "2026-11-23T10:00:10.000Z", "version": "standard", "language": "en"}
WORDS_SAID = "I don't like it when they shout"


def recording(name: str = "short.webm") -> tuple[str, int, bytes]:
    """(media type, the length the page measured, the bytes) of a real recording."""
    return MANIFEST[name]["media_type"], MANIFEST[name]["duration_ms"], (FIXTURES / name).read_bytes()


def clip(
    clip_id: str = "c1", name: str = "short.webm", house="worries", share=("conference", "parents"), moments=None
) -> dict:
    media_type, duration_ms, _data = recording(name)
    return {
        "id": clip_id,
        "part": f"audio-{clip_id}",
        "media_type": media_type,
        "house": house,
        "started_at": "2026-11-23T10:05:00.000Z",
        "duration_ms": duration_ms,
        "share": sorted(share) if isinstance(share, tuple) else share,
        "moments": [{"id": "m1", "at_ms": 1200, "text": WORDS_SAID, "at": "2026-11-23T10:05:02.000Z"}]
        if moments is None
        else moments,
    }


def consented(
    child_id: str = CHILD, clips=(), parent=PARENT, assent=ASSENT, explainer=EXPLAINER, houses=None, session=None
) -> dict:
    """A session as a tablet since issue 8 writes it: consent recorded, the session record agreeing."""
    agreement = (
        {"parental_agreement": parent["decision"], "agreement_by": f"{parent['name']} ({parent['relationship']})"}
        if parent
        else {}
    )
    document = document_of(
        child_id, houses=houses or {"good": {"words": [word("w1", "My cat")]}}, session={**agreement, **(session or {})}
    )
    document["content"]["consent"] = {
        "parent": copy.deepcopy(parent),
        "child": copy.deepcopy(assent),
        "explainer": copy.deepcopy(explainer),
    }
    document["content"]["clips"] = [copy.deepcopy(entry) for entry in clips]
    return document


def sound_parts(*clips, name: str | None = None) -> list[tuple]:
    return [(entry["part"], entry["media_type"], recording(name or _fixture_of(entry))[2]) for entry in clips]


def _fixture_of(entry: dict) -> str:
    return "short.mp4" if entry["media_type"] == "audio/mp4" else "short.webm"


def refused(content: dict, parts: dict, final: bool = True) -> str:
    with pytest.raises(DocumentInvalid) as caught:
        three_houses.validate(content, parts, final=final)
    return caught.value.reason


AUDIO_PART = {"audio-c1": "audio/webm"}


# --- the document ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("app_context")
def test_a_consented_session_with_a_recording_passes():
    three_houses.validate(consented(clips=[clip()])["content"], AUDIO_PART)
    three_houses.validate(consented(clips=[clip(name="short.mp4")])["content"], {"audio-c1": "audio/mp4"})


@pytest.mark.usefixtures("app_context")
def test_sessions_from_before_consent_still_pass_but_not_half_of_it():
    before = document_of(CHILD, houses={"good": {"words": [word("w1", "My cat")]}})["content"]
    three_houses.validate(before, {})
    only_consent = consented()["content"]
    del only_consent["clips"]
    assert "is missing: clips" in refused(only_consent, {})


@pytest.mark.usefixtures("app_context")
def test_a_draft_may_leave_its_sound_on_the_tablet_but_a_finished_session_may_not():
    content = consented(clips=[clip()])["content"]
    three_houses.validate(content, {}, final=False)
    assert "sound of the recording c1 was not sent" in refused(content, {})


RECORDING_WITHOUT = {
    "a parent's decision": {"parent": None},
    "the parent's agreement": {"parent": {**PARENT, "decision": "refused", "audio": False}},
    "the parent's yes to recording": {"parent": {**PARENT, "audio": False}},
    "the child's answer": {"assent": None},
    "the child's assent": {"assent": {**ASSENT, "assent": "declined", "audio": False}},
    "the child's yes to recording": {"assent": {**ASSENT, "audio": False}},
    "the child's answer about recording": {"assent": {**ASSENT, "audio": None}},
    "the parent's answer about recording": {"parent": {**PARENT, "audio": None}},
}


@pytest.mark.usefixtures("app_context")
@pytest.mark.parametrize("missing", RECORDING_WITHOUT)
def test_a_recording_without_both_yeses_is_refused(missing):
    overrides = RECORDING_WITHOUT[missing]
    session = (
        {"parental_agreement": "not-needed", "agreement_by": ""} if overrides.get("parent", PARENT) is None else None
    )
    content = consented(clips=[clip()], session=session, **overrides)["content"]
    assert "does not show both a parent's agreement to recording and the child's own yes" in refused(
        content, AUDIO_PART
    )
    # The same consent without a recording is a valid record of what was decided.
    content["clips"] = []
    three_houses.validate(content, {})


NOT_ASKED = {  # (parent, child) as stored → what the record, the sheet and the exports say about recording
    "nobody asked yet": ({**PARENT, "audio": None}, {**ASSENT, "audio": None}, "Not asked", "Not asked"),
    "the child not asked": (PARENT, {**ASSENT, "audio": None}, "Yes", "Not asked"),
    "the child said no": (PARENT, {**ASSENT, "audio": False}, "Yes", "No"),
    # Tablets before issue 13 wrote false for a question never put: the service did not record (the
    # parent's false is then ambiguous and stays "No"), so the child was never asked.
    "an older tablet, recording off": ({**PARENT, "audio": False}, {**ASSENT, "audio": False}, "No", "Not asked"),
    "an older tablet, a refusal": (
        {**PARENT, "decision": "refused", "audio": False},
        {**ASSENT, "audio": False},
        "Not asked",
        "Not asked",
    ),
}


@pytest.mark.parametrize("case", NOT_ASKED)
def test_a_question_about_recording_never_put_reads_not_asked(app, db, case):
    parent, assent, parent_says, child_says = NOT_ASKED[case]
    child_id = child_ids(db)["Maisie"]
    document = consented(child_id, parent=parent, assent=assent)
    with app.app_context():
        three_houses.validate(document["content"], {})
        artefact_id = StoreTablet(db).store(document, app.config["PARTS_DIR"])
        details = dict(consent_details(document["content"]))
    page = signed_in(app, "demo.worker").get(f"/children/{child_id}/records/{artefact_id}").get_data(as_text=True)
    rows = dict(
        re.findall(
            r'<dt class="govuk-summary-list__key">([^<]+)</dt>\s*<dd class="govuk-summary-list__value">'
            r"([^<]+)</dd>",
            page,
        )
    )
    assert rows["Agreed to the child's voice being recorded"] == parent_says
    assert rows["Said yes to being recorded"] == child_says
    said = {
        "Yes": "said yes to recording",
        "No": "did not say yes to recording",
        "Not asked": "not asked about recording",
    }
    assert details["The child"].endswith(said[child_says])


CONSENT_RULES = {
    "consent unknown field": (change("consent.witness", "x"), "consent record has fields"),
    "decision unknown": (change("consent.parent.decision", "maybe"), "decision must be agreed or refused"),
    "parent name blank": (change("consent.parent.name", "  "), "Record the name of the parent"),
    "parent name too long": (change("consent.parent.name", "n" * 81), "80 characters or fewer"),
    "relationship on two lines": (change("consent.parent.relationship", "Mum\nDad"), "on one line"),
    "relationship too long": (change("consent.parent.relationship", "r" * 61), "60 characters or fewer"),
    "no signature or typed name": (change("consent.parent.typed_name", ""), "needs a signature or their typed name"),
    "signature misnamed": (change("consent.parent.signature", "ink-good"), "must be named signature-parent"),
    "signature not sent": (change("consent.parent.signature", "signature-parent"), "signature was not sent"),
    "audio yes after a refusal": (
        lambda v: (
            v["consent"]["parent"].update(decision="refused"),
            v["session"].update(parental_agreement="refused"),
        ),
        "yes only when they agreed",
    ),
    "audio not a boolean": (change("consent.parent.audio", 1), "must be yes, no or not asked"),
    "child audio not a boolean": (change("consent.child.audio", "yes"), "must be yes, no or not asked"),
    "decided without a zone": (change("consent.parent.at", "2026-11-23T10:00"), "When the parent decided"),
    "session says otherwise": (
        change("session.parental_agreement", "not-needed"),
        "must be the parent's decision on the consent screen",
    ),
    "session names someone else": (
        change("session.agreement_by", "Kerry Smith, mother"),
        "must be the parent's name and relationship",
    ),
    "assent unknown": (change("consent.child.assent", "maybe"), "given or declined"),
    "assent how unknown": (change("consent.child.how", "wrote"), "spoken, nodded or tapped"),
    "assent missing field": (change("consent.child.at", DELETE), "The child's assent is missing: at"),
    "child audio yes after declining": (
        lambda v: v["consent"]["child"].update(assent="declined"),
        "yes only when they gave their assent",
    ),
    "explainer version unknown": (change("consent.explainer.version", "short"), "standard or the young"),
    "explainer language unknown": (change("consent.explainer.language", "fr"), "English (en) or Welsh (cy)"),
    "clips not a list": (change("clips", {}), "recordings must be a list"),
    "21 clips": (change("clips", [clip(f"c{n}") for n in range(21)]), "at most 20"),
    "clip id capitals": (change("clips.0.id", "C1"), "1 to 34 lowercase letters"),
    "clip id too long for its part name": (change("clips.0.id", "c" * 35), "1 to 34 lowercase letters"),
    "clip ids repeated": (change("clips", [clip(), clip()]), "Two recordings have the same id, c1"),
    "part misnamed": (change("clips.0.part", "sound-c1"), "must be the part audio-c1"),
    "media type not audio": (change("clips.0.media_type", "video/webm"), "audio/webm or audio/mp4"),
    "part sent as another type": (change("clips.0.media_type", "audio/mp4"), "was not sent as audio/mp4"),
    "house unknown": (change("clips.0.house", "garden"), "belong to a house or to the whole session"),
    "three hours": (change("clips.0.duration_ms", 3 * 60 * 60 * 1000), "from a moment to 60 minutes"),
    "no length": (change("clips.0.duration_ms", 0), "from a moment to 60 minutes"),
    "length as text": (change("clips.0.duration_ms", "3000"), "from a moment to 60 minutes"),
    "clip wish unknown": (change("clips.0.share", ["school"]), "sharing wish for the recording c1"),
    "moments not a list": (change("clips.0.moments", "m1"), "must be a list"),
    "201 moments": (
        change("clips.0.moments", [{"id": f"m{n}", "at_ms": 0, "text": "x", "at": PARENT["at"]} for n in range(201)]),
        "at most 200",
    ),
    "moment after the end": (change("clips.0.moments.0.at_ms", 10**6), "time within the recording c1"),
    "moment ids repeated": (
        lambda v: v["clips"][0]["moments"].append(dict(v["clips"][0]["moments"][0])),
        "needs its own id",
    ),
    "moment text empty": (change("clips.0.moments.0.text", ""), "is empty"),
    "moment text too long": (change("clips.0.moments.0.text", "a" * 5001), "5000 characters or fewer"),
    "moment text control code": (change("clips.0.moments.0.text", "a\x07"), "control codes"),
    "part not named": (change("clips", []), "does not use: audio-c1"),
}


@pytest.mark.usefixtures("app_context")
def test_a_sessions_recordings_last_an_hour_at_most_in_all():
    """Each may last 60 minutes, but one session's sound must fit one upload."""
    content = consented(clips=[dict(clip("c1"), duration_ms=40 * 60_000), dict(clip("c2"), duration_ms=40 * 60_000)])
    reason = refused(content["content"], {"audio-c1": "audio/webm", "audio-c2": "audio/webm"})
    assert reason == "The recordings of one session can last 60 minutes in all"


@pytest.mark.usefixtures("app_context")
@pytest.mark.parametrize("name", CONSENT_RULES)
def test_every_consent_and_recording_rule_is_refused_with_a_readable_sentence(name):
    spoil, message = CONSENT_RULES[name]
    content = consented(clips=[clip()])["content"]
    spoil(content)
    reason = refused(content, AUDIO_PART)
    assert message in reason, reason
    assert len(reason) < 300


@pytest.mark.usefixtures("app_context")
def test_the_longest_name_and_relationship_fit_the_session_record():
    parent = {**PARENT, "name": "N" * 80, "relationship": "R" * 60}
    three_houses.validate(consented(parent=parent)["content"], {})


@pytest.mark.usefixtures("app_context")
def test_moment_words_are_stored_exactly_as_typed():
    text = "line one\nline two\t<b>{{ 7 * 7 }}</b> ❤️"
    content = consented(clips=[clip(moments=[{"id": "m1", "at_ms": 0, "text": text, "at": PARENT["at"]}])])["content"]
    snapshot = copy.deepcopy(content)
    three_houses.validate(content, AUDIO_PART)
    assert content == snapshot


@pytest.mark.usefixtures("app_context")
def test_the_signature_must_be_a_drawing_on_a_blank_page_with_a_mark_on_it():
    parent = {**PARENT, "signature": "signature-parent", "typed_name": ""}
    content = consented(parent=parent)["content"]
    three_houses.validate(content, {"signature-parent": INK})
    stroke = ink_decode.decode(scribble())[0]
    three_houses.check_parts(content, {"signature-parent": ink.encode([stroke])})
    with pytest.raises(DocumentInvalid, match="colours a part of a blank page"):
        three_houses.check_parts(content, {"signature-parent": scribble()})  # a fill: no blank page has regions
    with pytest.raises(DocumentInvalid, match="signature is empty"):
        three_houses.check_parts(content, {"signature-parent": ink.encode([stroke, {"op": "clear", "t": 5}])})


@pytest.mark.usefixtures("app_context")
def test_moments_are_the_childs_words_for_search_and_the_mapping():
    content = consented(clips=[clip(), clip("c2", house=None, share="ask")])["content"]
    items = [entry for entry in three_houses.voice_items(content) if entry["item"].startswith("clip-")]
    assert items == [
        {
            "item": "clip-c1-m1",
            "place": "worries",
            "text": WORDS_SAID,
            "by": "worker",
            "share": ["conference", "parents"],
            "at": "2026-11-23T10:05:02.000Z",
        },
        {
            "item": "clip-c2-m1",
            "place": "session",
            "text": WORDS_SAID,
            "by": "worker",
            "share": "ask",
            "at": "2026-11-23T10:05:02.000Z",
        },
    ]


# --- through the real ingest ----------------------------------------------------------------------


@pytest.fixture
def tablet(app, db):
    with app.app_context():
        yield StoreTablet(db)


def ingest_refusal(tablet, app, document, parts) -> IngestRefused:
    return refused_and_kept(tablet, document, app.config["PARTS_DIR"], parts)


def test_a_recording_is_stored_with_its_moments_indexed(app, db, tablet):
    children = child_ids(db)
    entries = [clip(), clip("c2", name="short.mp4", house=None)]
    artefact_id = tablet.store(
        consented(children["Maisie"], clips=entries), app.config["PARTS_DIR"], sound_parts(*entries)
    )
    parts = {
        row["name"]: row["media_type"]
        for row in db.query("SELECT name, media_type FROM artefact_parts WHERE artefact_id = ?", [artefact_id])
    }
    assert parts == {"audio-c1": "audio/webm", "audio-c2": "audio/mp4"}
    texts = {entry["item"]: entry["text"] for entry in voice.items_for_artefact(db, artefact_id)}
    assert texts["clip-c1-m1"] == texts["clip-c2-m1"] == WORDS_SAID


def _spoiled(data: bytes) -> bytes:
    spoiled = bytearray(data)
    spoiled[200:260] = b"\xff" * 60
    return bytes(spoiled)


BAD_RECORDINGS = {
    # name: (how the clip is spoiled, the part's bytes, what the refusal says)
    "cut off": (lambda entry: None, lambda data: data[:-5], "incomplete or damaged"),
    "damaged": (lambda entry: None, _spoiled, "damaged"),
    "a video posing as audio": (
        lambda entry: entry.update(duration_ms=MANIFEST["video.webm"]["duration_ms"]),
        lambda data: (FIXTURES / "video.webm").read_bytes(),
        "It is a video",
    ),
    "half the length it claims": (
        lambda entry: entry.update(duration_ms=entry["duration_ms"] * 2),
        lambda data: data,
        "part of it may be missing",
    ),
    "three hours long": (
        lambda entry: entry.update(duration_ms=3 * 60 * 60 * 1000),
        lambda data: data,
        "must last from a moment to 60 minutes",
    ),
    "without sound": (lambda entry: None, lambda data: data[: data.index(b"\x1f\x43\xb6\x75")], "no sound in it"),
    "a photo posing as audio": (lambda entry: None, lambda data: b"\xff\xd8\xff\xe0" + data[4:], "does not look like"),
}


@pytest.mark.parametrize("name", BAD_RECORDINGS)
def test_a_bad_recording_is_refused_with_its_reason_and_nothing_is_stored(app, db, tablet, name):
    spoil_clip, spoil_bytes, message = BAD_RECORDINGS[name]
    entry = clip()
    spoil_clip(entry)
    parts = [("audio-c1", "audio/webm", spoil_bytes(recording()[2]))]
    refusal = ingest_refusal(tablet, app, consented(child_ids(db)["Maisie"], clips=[entry]), parts)
    assert refusal.status == 422 and refusal.error in ("bad_part", "invalid_document")
    assert message in refusal.message, refusal.message


def test_an_empty_recording_file_is_refused_as_a_draft_and_kept_when_finished(app, db, tablet):
    refusal = ingest_refusal(
        tablet, app, consented(child_ids(db)["Maisie"], clips=[clip()]), [("audio-c1", "audio/webm", b"")]
    )
    assert (refusal.status, refusal.error) == (422, "bad_part") and "does not look like audio/webm" in refusal.message


def test_a_recording_without_assent_is_refused_through_the_ingest(app, db, tablet):
    entry = clip()
    document = consented(child_ids(db)["Maisie"], clips=[entry], assent={**ASSENT, "audio": False})
    refusal = ingest_refusal(tablet, app, document, sound_parts(entry))
    assert (refusal.status, refusal.error) == (422, "invalid_document")
    assert "the child's own yes" in refusal.message


def test_a_recording_from_a_revoked_tablet_is_kept_aside_not_shown(app, db, tablet):
    entry = clip()
    admin = next(db.query("SELECT id FROM users WHERE username = 'demo.admin'"))["id"]
    devices.revoke(db, tablet.device_id, admin)
    upload = tablet.upload(consented(child_ids(db)["Maisie"], clips=[entry]), sound_parts(entry))
    receipt = tablet.ingest(upload, app.config["PARTS_DIR"])
    assert receipt.status == "quarantined"
    row = next(db.query("SELECT flag FROM artefacts WHERE id = ?", [upload.id]))
    assert row["flag"] == "quarantined"
    assert next(db.query("SELECT COUNT(*) AS n FROM artefact_parts WHERE artefact_id = ?", [upload.id]))["n"] == 1
    assert voice.items_for_artefact(db, upload.id) == []  # out of the record: not searchable either


# --- the session's page ----------------------------------------------------------------------------


def signature() -> bytes:
    """A real drawn signature: one pen stroke on a blank page."""
    return ink.encode([ink_decode.decode(scribble())[0]])


@pytest.fixture
def recorded(app, db):
    """(child id, artefact id) of Maisie's session with two recordings and a drawn signature."""
    entries = [clip(), clip("c2", name="short.mp4", house=None, moments=[])]
    document = consented(child_ids(db)["Maisie"], clips=entries, parent={**PARENT, "signature": "signature-parent"})
    with app.app_context():
        artefact_id = StoreTablet(db).store(
            document, app.config["PARTS_DIR"], sound_parts(*entries) + [("signature-parent", INK, signature())]
        )
    return child_ids(db)["Maisie"], artefact_id


def clip_url(child_id: str, artefact_id: str, clip_id: str = "c1") -> str:
    return f"/children/{child_id}/records/{artefact_id}/clips/{clip_id}"


def plays(db, child_id: str) -> int:
    return next(
        db.query(
            "SELECT COUNT(*) AS n FROM audit WHERE action = 'view' AND child_id = ? AND what = ?",
            [child_id, "records.play_clip"],
        )
    )["n"]


def test_the_page_shows_the_consent_and_the_recordings_with_their_moments(app, recorded):
    child_id, artefact_id = recorded
    page = signed_in(app, "demo.worker").get(f"/children/{child_id}/records/{artefact_id}").get_data(as_text=True)
    consent = page[page.index('id="consent"') :]
    for fact in (
        "Agreed",
        "Kerry Smith",
        "Mum",
        "Typed name: Kerry Smith",
        "nodded",
        "at 10:00",
        f'src="/children/{child_id}/records/{artefact_id}/signature.png"',
    ):
        assert fact in consent, fact
    assert "the standard story in English at 10:00" in consent
    recordings = page[page.index('id="recordings"') : page.index('id="consent"')]
    assert f'src="{clip_url(child_id, artefact_id)}"' in recordings and 'preload="none"' in recordings
    assert f'src="{clip_url(child_id, artefact_id, "c2")}"' in recordings
    assert "Recording 1: House of Worries" in recordings and "Recording 2: The whole session" in recordings
    assert "I don&#39;t like it when they shout" in recordings  # escaped, exactly as typed
    assert 'data-seek-ms="1200"' in recordings and "At 0:01" in recordings
    assert "Parents and conference" in recordings  # who the child said may hear it
    assert "js/records/clips.js" in page and " on" + "click" not in page  # no inline handlers (CSP)


def test_a_session_from_before_consent_shows_neither(app, db):
    child_id = child_ids(db)["Maisie"]
    with app.app_context():
        artefact_id = StoreTablet(db).store(
            document_of(child_id, houses={"good": {"words": [word("w1", "Cat")]}}), app.config["PARTS_DIR"]
        )
    worker = signed_in(app, "demo.worker")
    page = worker.get(f"/children/{child_id}/records/{artefact_id}").get_data(as_text=True)
    assert 'id="consent"' not in page and 'id="recordings"' not in page and "clips.js" not in page
    assert worker.get(clip_url(child_id, artefact_id)).status_code == 404
    assert worker.get(f"/children/{child_id}/records/{artefact_id}/signature.png").status_code == 404


def test_a_recording_is_served_whole_or_in_ranges_and_never_cached(app, db, recorded):
    child_id, artefact_id = recorded
    worker = signed_in(app, "demo.worker")
    original = recording()[2]
    size = len(original)
    whole = worker.get(clip_url(child_id, artefact_id))
    assert whole.status_code == 200 and whole.data == original and whole.mimetype == "audio/webm"
    assert whole.headers["Accept-Ranges"] == "bytes" and whole.headers["Cache-Control"] == "no-store"
    first = worker.get(clip_url(child_id, artefact_id), headers={"Range": "bytes=0-99"})
    assert first.status_code == 206 and first.data == original[:100]
    assert first.headers["Content-Range"] == f"bytes 0-99/{size}" and first.headers["Cache-Control"] == "no-store"
    rest = worker.get(clip_url(child_id, artefact_id), headers={"Range": "bytes=100-"})
    assert rest.status_code == 206 and first.data + rest.data == original
    tail = worker.get(clip_url(child_id, artefact_id), headers={"Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.data == original[-10:]
    beyond = worker.get(clip_url(child_id, artefact_id), headers={"Range": f"bytes={size}-"})
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{size}"
    assert beyond.headers["Cache-Control"] == "no-store" and not beyond.data
    mp4 = worker.get(clip_url(child_id, artefact_id, "c2"))
    assert mp4.mimetype == "audio/mp4" and mp4.data == recording("short.mp4")[2]


def test_every_request_to_play_is_audited(app, db, recorded):
    child_id, artefact_id = recorded
    worker = signed_in(app, "demo.worker")
    before = plays(db, child_id)
    worker.get(clip_url(child_id, artefact_id))
    worker.get(clip_url(child_id, artefact_id), headers={"Range": "bytes=0-99"})
    assert plays(db, child_id) == before + 2
    row = next(db.query("SELECT * FROM audit WHERE what = 'records.play_clip' ORDER BY id DESC"))
    assert row["user_id"] == next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]


def test_nobody_who_may_not_see_the_child_can_play_it(app, db, recorded):
    child_id, artefact_id = recorded
    other_team = next(db.query("SELECT id FROM teams WHERE name = 'Other Team'"))["id"]
    with app.app_context():
        accounts.add_user(db, "other.manager", "Olwen Other", "manager", other_team, DEMO_PASSWORD)
    paths = [
        clip_url(child_id, artefact_id),
        f"/children/{child_id}/records/{artefact_id}/signature.png",
        f"/children/{child_id}/records/{artefact_id}",
    ]
    for username in ("other.manager", "other.worker", "demo.admin"):
        outsider = signed_in(app, username)
        assert [outsider.get(path).status_code for path in paths] == [404, 404, 404], username
    manager = signed_in(app, "demo.manager")
    assert [manager.get(path).status_code for path in paths] == [200, 200, 200]
    assert manager.get(clip_url(child_id, artefact_id, "c9")).status_code == 404
    # The right artefact named under another of the worker's children is not found either.
    assert manager.get(clip_url(child_ids(db)["Tomos"], artefact_id)).status_code == 404


def test_the_sheet_lists_the_consent_and_each_recordings_moments(app, db, recorded):
    child_id, artefact_id = recorded
    with app.app_context():
        document = json.loads(next(db.query("SELECT document FROM artefacts WHERE id = ?", [artefact_id]))["document"])
        consent = dict(consent_details(document["content"]))
        recordings = clip_details(document["content"], with_wishes=True)
    assert consent["Parent or carer"] == ("Agreed by Kerry Smith (Mum) at 10:00; signed; agreed to recording")
    assert consent["The child"] == "Yes, happy to take part (nodded); said yes to recording"
    assert recordings == [
        ("Recording 1", "House of Worries, started at 10:05, 0:03 long; shared with: Parents and conference"),
        ("Recording 1", f"0:01 — {WORDS_SAID}"),
        ("Recording 2", "The whole session, started at 10:05, 0:03 long; shared with: Parents and conference"),
    ]
    sheet = signed_in(app, "demo.worker").get(f"/children/{child_id}/records/{artefact_id}/sheet.pdf")
    assert sheet.status_code == 200 and f"Recording 1: 0:01 — {WORDS_SAID}" in pdf_text(sheet.data)


def test_a_moment_plays_the_recording_from_there_in_the_browser(page, start_server, app, db):
    """The real player over the real server: the seek button fetches the recording in ranges and plays
    from the marked moment, even in a WebM that MediaRecorder wrote without any index."""
    from tests.tablet.test_browser import axe_violations, sign_in

    child_id = child_ids(db)["Maisie"]
    entry = clip(
        name="minute.webm", moments=[{"id": "m1", "at_ms": 42000, "text": WORDS_SAID, "at": "2026-11-23T10:06:00.000Z"}]
    )
    with app.app_context():
        artefact_id = StoreTablet(db).store(
            consented(child_id, clips=[entry]), app.config["PARTS_DIR"], sound_parts(entry, name="minute.webm")
        )
    server = start_server()
    problems, ranges = [], []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: ranges.append(response.status) if "/clips/" in response.url else None)
    sign_in(page, server)
    page.goto(f"{server.url}/children/{child_id}/records/{artefact_id}")
    assert axe_violations(page) == []
    assert ranges == []  # preload="none": nothing is fetched until the worker asks
    page.get_by_role("button", name="Play from 0:42 in recording 1").tap()
    page.wait_for_function(
        "() => { const p = document.querySelector('[data-clip-player]'); return p.currentTime >= 42 && !p.paused; }",
        timeout=15000,
    )
    assert 206 in ranges and problems == []
    # Each request the player made is audited (Playwright does not report every media request).
    assert plays(db, child_id) >= len(ranges) >= 1
