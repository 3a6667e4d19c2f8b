"""The service's settings and the worker's own photo: recording the child's voice is off until an
admin turns it on, the explainer says the default words until an admin changes them (and can reset
them), a worker's photo is theirs to add and remove and is stored small and without its metadata,
and every tablet is given all of it when it prepares for visits."""

import io
import random

import pytest
from PIL import ExifTags, Image

from sofs_direct.artefacts import service
from tests.conftest import csrf_token, post_form, signed_in
from tests.tablet_client import multipart

ADMIN_PAGES = ["/admin/service", "/admin/service/explainer/en", "/admin/service/explainer/cy"]


def prepare(client) -> dict:
    response = client.get("/api/prepare")
    assert response.status_code == 200
    return response.get_json()


def camera_photo(size=(2400, 1800)) -> bytes:
    """A large JPEG as a phone takes it, with where it was taken in its EXIF."""
    exif = Image.Exif()
    exif[ExifTags.Base.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (51.0, 28.0, 40.0)}
    exif[ExifTags.Base.Model] = "Phone X"
    picture = Image.effect_noise(size, 60).convert("RGB")  # noise: a file too big for the 1 MiB form limit
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95, exif=exif)
    return buffer.getvalue()


def upload_photo(client, data: bytes, filename: str = "me.jpg"):
    """The form as a browser sends it (the body built here: the test client's own encoder keeps a
    large file in a temporary file it never closes)."""
    body, content_type = multipart([("csrf_token", post_form_token(client), None), ("photo", data, filename)])
    return client.post("/settings/photo", data=body, content_type=content_type)


def post_form_token(client) -> str:
    return csrf_token(client, "/settings")


# --- the settings themselves ----------------------------------------------------------------------


def test_a_new_store_has_recording_off_and_the_default_explainer(app, db):
    assert not service.audio_recording(db)
    with app.test_request_context():
        pages = service.explainer(db)
    assert set(pages) == {"en", "cy"} and all(len(language) == 5 for language in pages.values())
    assert pages["en"][0].startswith("My name is %(worker)s.")  # the placeholder the tablet fills in
    assert list(db.query("SELECT * FROM service_settings")) == []


@pytest.mark.usefixtures("app_context")
@pytest.mark.parametrize(
    "text, problem",
    [
        ("My name is %(worker)s.", None),
        ("50% of the time", None),
        ("100%", None),
        ("My name is %(name)s.", "The only code"),
        ("Hello %(worker)s and %(child)s", "The only code"),
    ],
)
def test_the_worker_is_the_only_name_a_page_can_use(text, problem):
    found = service.page_problem(text)
    assert (found is None) if problem is None else problem in found


# --- the admin screen ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["demo.worker", "demo.manager"])
def test_only_admins_have_the_service_screens(app, username):
    client = signed_in(app, username)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 404
    token = post_form_token(client)
    for path in ("/admin/service", "/admin/service/explainer/en", "/admin/service/explainer/en/reset"):
        assert client.post(path, data={"csrf_token": token, "audio_recording": "on"}).status_code == 404
    response = app.test_client().get("/admin/service")
    assert response.status_code == 303 and "/login" in response.headers["Location"]  # signed out: sign in first


def test_the_admin_turns_recording_on_and_tablets_are_told(app, as_user, db):
    admin = as_user("demo.admin")
    page = admin.get("/admin").get_data(as_text=True)
    assert 'href="/admin/service"' in page
    page = admin.get("/admin/service").get_data(as_text=True)
    assert 'value="off" checked' in page
    response = post_form(admin, "/admin/service", {"audio_recording": "on"})
    assert response.status_code == 303
    assert "Recording the child&#39;s voice is now on" in admin.get("/admin/service").get_data(as_text=True)
    assert service.audio_recording(db)
    audit = next(db.query("SELECT * FROM audit WHERE action = 'account' ORDER BY id DESC"))
    assert audit["what"] == "recording the child's voice switched on" and audit["child_id"] is None
    worker = signed_in(app, "demo.worker")
    assert prepare(worker)["service"]["audio_recording"] is True
    post_form(admin, "/admin/service", {"audio_recording": "off"})
    assert prepare(worker)["service"]["audio_recording"] is False


def test_a_choice_must_be_made(as_user):
    response = post_form(as_user("demo.admin"), "/admin/service", {"audio_recording": "maybe"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)


def _explainer_form(pages) -> dict:
    return dict(zip(("who", "why", "houses", "stop", "who_sees"), pages))


WELSH = [
    "Fy enw i yw %(worker)s.",
    "Dw i yma i wrando arnat ti.",
    "Tri thŷ: da, pryderon a breuddwydion.",
    "Cei di stopio unrhyw bryd.",
    "Byddwn ni'n dweud pwy fydd yn gweld dy dai di.",
]


def test_the_admin_changes_the_welsh_words_and_resets_them(app, as_user, db):
    admin = as_user("demo.admin")
    form = admin.get("/admin/service/explainer/cy").get_data(as_text=True)
    assert form.count("<textarea") == 5 and "%(worker)s" in form
    response = post_form(admin, "/admin/service/explainer/cy", _explainer_form(WELSH))
    assert response.status_code == 303
    page = admin.get("/admin/service").get_data(as_text=True)
    assert "Dw i yma i wrando arnat ti." in page and "Reset the words in Cymraeg to the default" in page
    worker = signed_in(app, "demo.worker")
    explainer = prepare(worker)["service"]["explainer"]
    assert explainer["cy"] == WELSH
    assert explainer["en"][0].startswith("My name is %(worker)s.")  # English untouched
    assert post_form(admin, "/admin/service/explainer/cy/reset", {}, page="/admin/service").status_code == 303
    assert prepare(worker)["service"]["explainer"]["cy"] != WELSH
    assert list(db.query("SELECT * FROM service_settings WHERE key = 'explainer'")) == []
    whats = [row["what"] for row in db.query("SELECT what FROM audit WHERE what LIKE 'explainer%' ORDER BY id")]
    assert whats == ["explainer words changed (cy)", "explainer words reset (cy)"]


@pytest.mark.parametrize(
    "page, message",
    [
        ("   ", "Enter the words for this page"),
        ("a" * (service.PAGE_MAX + 1), f"{service.PAGE_MAX} characters or fewer"),
        ("Hello %(child)s", "The only code a page can use is %(worker)s"),
        ("bell\x07", "control codes"),
    ],
)
def test_bad_words_are_refused_on_the_form_and_nothing_changes(as_user, db, page, message):
    admin = as_user("demo.admin")
    pages = ["Fine words."] * 5
    pages[2] = page
    response = post_form(admin, "/admin/service/explainer/en", _explainer_form(pages))
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "govuk-error-summary" in body
    assert message.replace("'", "&#39;") in body
    assert list(db.query("SELECT * FROM service_settings")) == []


def test_an_unknown_language_is_not_found(as_user):
    assert as_user("demo.admin").get("/admin/service/explainer/fr").status_code == 404


# --- the worker's photo ----------------------------------------------------------------------------


def test_a_worker_adds_a_photo_from_their_phone_and_it_is_stored_small_and_clean(app, as_user, db):
    worker = as_user("demo.worker")
    original = camera_photo()
    assert len(original) > app.config["MAX_CONTENT_LENGTH"]  # larger than any other form may send
    response = upload_photo(worker, original)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    user_id = next(db.query("SELECT id FROM users WHERE username = 'demo.worker'"))["id"]
    stored = service.worker_photo(db, user_id)
    with Image.open(io.BytesIO(stored)) as picture:
        assert picture.format == "JPEG" and max(picture.size) == 400
        assert not picture.getexif() and "exif" not in picture.info
    page = worker.get("/settings").get_data(as_text=True)
    assert "data:image/jpeg;base64," in page and "Remove your photo" in page
    tablet = prepare(worker)["worker"]
    assert tablet["name"] == "Dana Worker" and tablet["photo"] == service.photo_data_url(stored)
    # Nobody else is given it.
    assert prepare(signed_in(app, "demo.manager"))["worker"] == {"name": "Morgan Manager", "photo": None}
    response = post_form(worker, "/settings/photo/remove", {}, page="/settings")
    assert response.status_code == 303
    assert service.worker_photo(db, user_id) is None and prepare(worker)["worker"]["photo"] is None
    whats = [row["what"] for row in db.query("SELECT what FROM audit WHERE user_id = ? ORDER BY id", [user_id])]
    assert "own photo changed" in whats and "own photo removed" in whats


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.7 not a picture", "must be a JPEG, PNG or WebP picture"),
        (camera_photo((300, 200))[:-400], "incomplete or damaged"),
        (camera_photo((5000, 100)), "at most 4096"),
    ],
)
def test_a_file_that_is_not_a_whole_photo_is_refused_on_the_form(as_user, db, data, message):
    worker = as_user("demo.worker")
    response = upload_photo(worker, data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "govuk-error-summary" in body and message in body
    assert list(db.query("SELECT * FROM worker_photos")) == []


def test_no_file_chosen_is_refused_and_a_huge_file_is_too_large(as_user):
    worker = as_user("demo.worker")
    body, content_type = multipart([("csrf_token", post_form_token(worker), None)])
    response = worker.post("/settings/photo", data=body, content_type=content_type)
    assert response.status_code == 400 and "Choose a photo to upload" in response.get_data(as_text=True)
    huge = random.Random(1).randbytes(13 * 1024 * 1024)
    assert upload_photo(worker, huge).status_code == 413


def test_admins_have_no_photo(as_user):
    admin = as_user("demo.admin")
    assert "Your photo for children" not in admin.get("/settings").get_data(as_text=True)
    assert upload_photo(admin, camera_photo((40, 30))).status_code == 404


def test_the_service_screens_and_the_photo_meet_wcag_2_2_aa(page, live_server):
    from tests.tablet.test_browser import axe_violations, sign_in

    sign_in(page, live_server, "demo.admin")
    page.goto(f"{live_server.url}/admin/service")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Change the words in Cymraeg").click()
    page.get_by_label("Page 2: why they have come").fill("")
    page.get_by_role("button", name="Save the words").click()
    assert page.locator(".govuk-error-summary").is_visible() and axe_violations(page) == []
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login")
    sign_in(page, live_server, "demo.worker")
    page.goto(f"{live_server.url}/settings")
    page.get_by_label("Upload a photo of yourself").set_input_files(
        files=[{"name": "me.jpg", "mimeType": "image/jpeg", "buffer": camera_photo((900, 700))}]
    )
    page.get_by_role("button", name="Upload photo").click()
    assert page.get_by_role("img", name="Your photo, as children see it").is_visible()
    assert axe_violations(page) == []


def test_an_admin_requires_tablets_to_unlock_with_their_own_authenticator(as_user, db):
    """The setting is audited, a choice that is neither is refused with a readable message, and it
    is in the policy every tablet's next contact carries (the session check, as at registration:
    tests/platform/test_devices.py)."""
    assert service.KDF_PROFILES["production"]["memory_kib"] >= 64 * 1024  # the floor
    admin = as_user("demo.admin")
    page = admin.get("/admin/service").get_data(as_text=True)
    assert "Unlocking tablets" in page and 'value="off" checked' in page
    assert post_form(admin, "/admin/service/unlock", {"require_prf": "sometimes"}, "/admin/service").status_code == 400
    refused = post_form(admin, "/admin/service/unlock", {}, "/admin/service")
    assert refused.status_code == 400
    assert "Choose how workers can unlock their tablets" in refused.get_data(as_text=True)
    assert not service.require_prf(db)
    saved = post_form(admin, "/admin/service/unlock", {"require_prf": "on"}, "/admin/service")
    assert saved.status_code == 303 and service.require_prf(db)
    assert "must unlock with their own fingerprint" in admin.get("/admin/service").get_data(as_text=True)
    audit = next(db.query("SELECT what FROM audit WHERE action = 'account' ORDER BY id DESC LIMIT 1"))
    assert audit["what"] == "tablets must unlock with their own hardware"
    assert service.unlock_policy(db, "test")["require_prf"] is True  # what every tablet's next contact carries
