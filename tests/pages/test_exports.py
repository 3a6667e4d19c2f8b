"""The export pages and downloads as a worker meets them: choose who the files are for and their
format, see the files with their sizes, download them (audited as exports, under neutral names);
import a JSON file as a new draft. Nobody who may not see the child gets any of it."""

import json
import re
import uuid

import pytest

from sofs_direct.artefacts import store
from sofs_direct.assessments import signs_of_safety
from sofs_direct.platform import accounts
from tests.conftest import DEMO_PASSWORD, csrf_token, signed_in
from tests.pages.test_packs import Casework
from tests.pdf_reader import pdf_text
from tests.tablet_client import member, multipart, network, network_meeting, observation, words_pictures
from tests.tools.test_consent import clip, consented, recording, sound_parts

LINK = re.compile(r'href="(/children/[^"]+/export/[^"]+)"')


def link_to(html: str, text: str) -> str:
    """The address of the one link on the page whose words begin with `text`."""
    [found] = re.findall(r'<a class="govuk-link" href="([^"]+)">' + re.escape(text), html)
    return found


@pytest.fixture
def work(app, db):
    """A synced Three Houses session attached to a draft assessment (test_packs.Casework)."""
    casework = Casework(app, db)
    casework.artefact_id = casework.session()
    casework.assessment_row = casework.assessment(casework.artefact_id)
    return casework


def artefact_url(work, child_id=None) -> str:
    return f"/children/{child_id or work.child_id}/records/{work.artefact_id}/export"


def pack_url(work, child_id=None) -> str:
    return f"/children/{child_id or work.child_id}/assessments/{work.assessment_row['id']}/export"


def audit(db) -> list[tuple]:
    return [(row["action"], row["what"]) for row in db.query("SELECT action, what FROM audit ORDER BY id")]


def test_the_page_lists_the_files_and_each_download_is_an_audited_export(app, db, work):
    client = signed_in(app, "demo.worker")
    page = client.get(artefact_url(work))
    assert page.status_code == 200 and "Who is it for?" in page.get_data(as_text=True)
    page = client.get(artefact_url(work) + "?audience=parents&file_type=pdf")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "three-houses-2026-11-23-parents.pdf" in html and " KB" in html
    assert "3 of the child&#39;s words" in html and "the drawing in the House of Worries" in html
    assert "Dad shouts" not in html
    [link] = LINK.findall(html)
    download = client.get(link)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"] == 'attachment; filename="three-houses-2026-11-23-parents.pdf"'
    text = pdf_text(download.data)
    assert "Nain's sheep are the best" in text and "Dad shouts at night" not in text
    assert audit(db)[-1] == ("export", "exports.artefact_download")
    assert ("view", "exports.artefact_page") in audit(db)


def test_a_pack_is_exported_as_json_for_the_conference(app, db, work):
    client = signed_in(app, "demo.manager")  # the worker's team manager may export too
    html = client.get(pack_url(work) + "?audience=conference&file_type=json").get_data(as_text=True)
    [link] = LINK.findall(html)
    download = client.get(link)
    document = json.loads(download.data)
    assert download.mimetype == "application/json" and document["audience"] == "conference"
    assert [e["text"] for e in document["mapping"]["working_well"]] == [
        "Nain's sheep are the best",
        "Swimming with Mum",
    ]
    assert "Dad shouts at night" not in download.get_data(as_text=True)
    assert audit(db)[-1] == ("export", "exports.pack_download")


@pytest.mark.parametrize(
    "query, message",
    [
        ("audience=everyone&file_type=pdf", "Choose who the export is for"),
        ("audience=parents&file_type=json", "Choose the format"),
        ("file_type=pdf", "Choose who the export is for"),
    ],
)
def test_a_choice_that_is_not_offered_is_a_400_with_an_error_summary(app, work, query, message):
    page = signed_in(app, "demo.worker").get(artefact_url(work) + "?" + query)
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "govuk-error-summary" in html and message in html


def test_a_download_for_an_audience_or_part_that_does_not_exist_is_a_404(app, work):
    client = signed_in(app, "demo.worker")
    for tail in ("everyone/pdf/1", "parents/json/1", "parents/pdf/2", "parents/pdf/0"):
        assert client.get(f"{artefact_url(work)}/{tail}").status_code == 404, tail
    assert client.get(f"{pack_url(work)}/parents/png/1").status_code == 404


def every_export_url(work) -> list[tuple[str, str]]:
    return [
        ("GET", artefact_url(work)),
        ("GET", artefact_url(work) + "?audience=record&file_type=pdf"),
        ("GET", artefact_url(work) + "/record/pdf/1"),
        ("GET", pack_url(work)),
        ("GET", pack_url(work) + "?audience=record&file_type=json"),
        ("GET", pack_url(work) + "/record/json/1"),
        ("GET", f"/children/{work.child_id}/assessments/import"),
        ("POST", f"/children/{work.child_id}/assessments/import"),
    ]


@pytest.mark.parametrize("username", ["other.worker", "other.manager", "demo.admin"])
def test_nobody_who_may_not_see_the_child_gets_any_export_or_import(app, db, work, username):
    other_team = next(db.query("SELECT id FROM teams WHERE name = 'Other Team'"))["id"]
    with app.app_context():
        accounts.add_user(db, "other.manager", "Olive Other", "manager", other_team, DEMO_PASSWORD)
    client = signed_in(app, username)
    token = csrf_token(client, "/settings")
    for method, url in every_export_url(work):
        response = client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 404, (username, method, url)
    assert not [row for row in audit(db) if row[0] == "export"]


def test_another_childs_artefact_or_assessment_under_this_child_is_a_404(app, db, work):
    client = signed_in(app, "demo.worker")
    tomos = next(db.query("SELECT id FROM children WHERE known_as = 'Tomos'"))["id"]
    for url in (
        artefact_url(work, tomos),
        artefact_url(work, tomos) + "/record/pdf/1",
        pack_url(work, tomos),
        pack_url(work, tomos) + "/record/pdf/1",
    ):
        assert client.get(url).status_code == 404, url


def post_file(client, url, data: bytes, token=None):
    # The body is made here, in memory: the test client would spool a large one to a file it never closes.
    body, content_type = multipart(
        [("csrf_token", token if token is not None else csrf_token(client, url), None), ("pack", data, "pack.json")]
    )
    return client.post(url, data=body, content_type=content_type)


def test_a_json_file_is_imported_as_a_new_draft(app, db, work):
    client = signed_in(app, "demo.worker")
    exported = client.get(pack_url(work) + "/record/json/1")
    url = f"/children/{work.child_id}/assessments/import"
    assert 'type="file"' in client.get(url).get_data(as_text=True)
    before = db["assessments"].count
    response = post_file(client, url, exported.data)
    assert response.status_code == 303 and db["assessments"].count == before + 1
    new_id = response.headers["Location"].rsplit("/", 1)[1]
    assert new_id != work.assessment_row["id"]
    assert ("change", "exports.import_assessment") in audit(db)
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Nain&#39;s sheep are the best" in page.get_data(as_text=True)


def test_a_bad_import_is_a_400_with_an_error_summary_and_nothing_is_written(app, db, work):
    client = signed_in(app, "demo.worker")
    url = f"/children/{work.child_id}/assessments/import"
    before = db["assessments"].count
    response = post_file(client, url, b'{"schema": "something else", "assessment": {}}')
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "govuk-error-summary" in html and "schema must be" in html
    response = client.post(url, data={"csrf_token": csrf_token(client, url)}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Choose a JSON file to import" in response.get_data(as_text=True)
    assert post_file(client, url, b"{}", token="").status_code == 400  # no CSRF token
    assert post_file(client, url, b" " * (1024 * 1024 + 1)).status_code == 413
    assert db["assessments"].count == before


def test_the_page_says_plainly_when_pictures_were_reduced_or_the_export_split(make_app, db, work):
    app = make_app(EXPORT_MAX_BYTES=60_000)  # the sheet's PNG is about twice that
    client = signed_in(app, "demo.worker")
    html = client.get(artefact_url(work) + "?audience=record&file_type=png").get_data(as_text=True)
    assert 'id="reduced"' in html and "within 59 KB" in html
    links = LINK.findall(html)
    assert ('id="split"' in html) == (len(links) > 1)
    assert all(len(client.get(link).data) <= 60_000 for link in links)
    tiny = signed_in(make_app(EXPORT_MAX_BYTES=2_000), "demo.worker")
    page = tiny.get(artefact_url(work) + "?audience=record&file_type=pdf")
    assert page.status_code == 422 and "cannot be exported within the limits" in page.get_data(as_text=True)
    assert tiny.get(artefact_url(work) + "/record/pdf/1").status_code == 422


def test_each_record_page_and_the_assessment_pages_link_to_their_export_or_import(app, work):
    network_id = str(uuid.uuid4())
    nain = member("m-nain", name="Nain Jones", relation="Grandmother", ring=1)
    network_state = work.store(network(work.child_id, network_id, members=[nain]))
    meeting = work.store(
        network_meeting(
            work.child_id, network_id, attended=[{"member": "m-nain", "name": "Nain Jones", "role": "Grandmother"}]
        )
    )
    storyboard = work.store(words_pictures(work.child_id))
    note = work.store(observation(work.child_id, "Maisie showed me her room."))
    client = signed_in(app, "demo.worker")
    child = f"/children/{work.child_id}"
    pages = {
        f"{child}/records/{work.artefact_id}": work.artefact_id,
        f"{child}/records/{storyboard}": storyboard,
        f"{child}/records/{note}": note,
        f"{child}/network/meetings/{meeting}": meeting,
        f"{child}/network": network_state,
    }
    for page, artefact_id in pages.items():
        html = client.get(page).get_data(as_text=True)
        export_page = link_to(html, "Export for the case file or to share")
        assert export_page == f"{child}/records/{artefact_id}/export", page
        assert "Who is it for?" in client.get(export_page).get_data(as_text=True), page
    html = client.get(f"{child}/assessments/{work.assessment_row['id']}").get_data(as_text=True)
    pack_page = client.get(link_to(html, "Export the assessment pack"))
    assert pack_page.status_code == 200 and "Who is it for?" in pack_page.get_data(as_text=True)
    import_page = client.get(
        link_to(client.get(f"{child}/assessments").get_data(as_text=True), "Import an assessment from a file")
    )
    assert import_page.status_code == 200 and 'type="file"' in import_page.get_data(as_text=True)


# --- recordings of the child's voice (issue 8) ------------------------------------------------------

KITE = "The purple kite hides under my bed"  # the words at the recording's one moment: in no other fixture
CONFERENCE_ONLY = [
    clip(share=("conference",), moments=[{"id": "m1", "at_ms": 1200, "text": KITE, "at": "2026-11-23T10:05:02.000Z"}])
]


@pytest.fixture
def recorded(app, db):
    """A session whose one recording the child said only the conference may hear, attached to an
    assessment with the words at its moment placed in the mapping."""
    casework = Casework(app, db)
    casework.artefact_id = casework.store(
        consented(casework.child_id, clips=CONFERENCE_ONLY), sound_parts(*CONFERENCE_ONLY)
    )
    assessment = casework.attached("conference", [casework.artefact_id])
    with app.app_context():
        signs_of_safety.place_words(db, casework.user, assessment, casework.artefact_id, "clip-c1-m1", "worried")
    casework.assessment_row = assessment
    return casework


def test_a_recording_is_in_the_files_only_of_the_audiences_the_child_said_may_hear_it(recorded, monkeypatch):
    parts_read = []
    read_part = store.read_part
    monkeypatch.setattr(
        store,
        "read_part",
        lambda db, artefact_id, name, parts_dir: (parts_read.append(name), read_part(db, artefact_id, name, parts_dir))[
            1
        ],
    )
    for audience in ("record", "conference", "parents", "network"):
        sheet = recorded.artefact(recorded.artefact_id, audience, "pdf")
        pack = recorded.pack(recorded.assessment_row, audience, "pdf")
        as_json = recorded.pack(recorded.assessment_row, audience, "json")
        texts = {
            "sheet": pdf_text(sheet.files[0].data),
            "pack": pdf_text(pack.files[0].data),
            "json": as_json.files[0].data.decode(),
        }
        document = json.loads(texts["json"])
        [artefact] = document["artefacts"]
        # The consent is the session's, printed for everyone (the parents' own record is theirs to see).
        assert artefact["consent"]["parent"] == {
            "decision": "agreed",
            "name": "Kerry Smith",
            "relationship": "Mum",
            "typed_name": "Kerry Smith",
            "signed": False,
            "audio": True,
            "at": "2026-11-23T10:00:30.000Z",
        }
        assert artefact["consent"]["child"]["how"] == "nodded"
        for name in ("sheet", "pack"):
            assert (
                "Agreed by Kerry Smith (Mum) at 10:00; typed their name: Kerry Smith; agreed to recording"
                in texts[name]
            ), (audience, name)
        if audience in ("record", "conference"):
            for name, text in texts.items():
                assert KITE in text, (audience, name)
            assert f"0:01 — {KITE}" in texts["sheet"] and f"0:01 — {KITE}" in texts["pack"]
            assert "House of Worries, started at 10:05, 0:03 long" in texts["pack"]
            [entry] = artefact["clips"]
            assert entry["moments"] == [{"at_ms": 1200, "time": "0:01", "text": KITE}]
            assert (entry["place"], entry["length"], entry["media_type"]) == ("worries", "0:03", "audio/webm")
            assert "data" not in entry  # never the sound itself
            assert [e["text"] for e in document["mapping"]["worried"]] == [KITE]
        else:
            for name, text in texts.items():
                assert KITE not in text and "purple kite" not in text, (audience, name)
            assert artefact["clips"] == [] and document["mapping"]["worried"] == []
            assert "1 recording of the child's voice" in " ".join(document["withheld"])
            assert "1 recording of the child" in texts["sheet"]
    assert "audio-c1" not in parts_read  # no file's maker ever opened the sound


def recording_url(work, audience: str, clip_id: str = "c1") -> str:
    return f"{artefact_url(work)}/{audience}/recording/{clip_id}"


def test_the_export_page_offers_a_recording_only_to_an_audience_that_may_hear_it(app, db, recorded):
    client = signed_in(app, "demo.worker")
    for audience in ("parents", "network"):
        html = client.get(artefact_url(recorded) + f"?audience={audience}&file_type=pdf").get_data(as_text=True)
        assert 'id="recordings"' not in html and "/recording/" not in html, audience
        assert client.get(recording_url(recorded, audience)).status_code == 404, audience
    exports_before = len([row for row in audit(db) if row[0] == "export"])
    assert exports_before == 0
    html = client.get(artefact_url(recorded) + "?audience=conference&file_type=pdf").get_data(as_text=True)
    recordings = html[html.index('id="recordings"') :]
    name = "three-houses-2026-11-23-conference-recording-1.webm"
    assert f'href="{recording_url(recorded, "conference")}"' in recordings and name in recordings
    assert "not attachments for the case-management system" in recordings and "for sharing in person" in recordings
    assert "Recording 1: House of Worries, started at 10:05, 0:03 long" in recordings
    download = client.get(recording_url(recorded, "conference"))
    assert download.status_code == 200 and download.data == recording()[2] and download.mimetype == "audio/webm"
    assert download.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert audit(db)[-1] == ("export", "exports.recording_download")
    assert client.get(recording_url(recorded, "record")).data == recording()[2]  # the full record has everything
    for url in (
        recording_url(recorded, "everyone"),
        recording_url(recorded, "conference", "c9"),
        f"/children/{recorded.child_id}/records/{recorded.artefact_id}/export/conference/recording/audio-c1",
    ):
        assert client.get(url).status_code == 404, url
    # Someone who may not see the child gets nothing, and a recording of another kind of artefact is no recording.
    assert signed_in(app, "other.worker").get(recording_url(recorded, "conference")).status_code == 404
    note = recorded.store(observation(recorded.child_id, "Visited at home."))
    assert client.get(f"/children/{recorded.child_id}/records/{note}/export/record/recording/c1").status_code == 404


def test_a_recordings_name_fits_the_limit(make_app, db, recorded):
    client = signed_in(make_app(EXPORT_NAME_MAX=40), "demo.worker")
    download = client.get(recording_url(recorded, "conference"))
    name = download.headers["Content-Disposition"].split('"')[1]
    assert len(name) <= 40 and name.endswith("-recording-1.webm") and download.data == recording()[2]
