"""The service's own settings — whether the child's voice may be recorded, and the words of the
explainer a worker shows a child at the start of a session — and each worker's own photo for it.

Main decision: a setting without a row has its default, held here in code (migration 0005), so a new
store is safe with no rows at all: audio recording is off until an admin switches it on, and the
explainer says the service's default words until an admin changes them. The explainer's defaults
are translatable strings, so the Welsh default is the Welsh catalogue's (i18n.py), not a second
copy to keep in step; an admin's own words for one language replace that language's five pages
and "reset to default" removes them again. The tablet is given all of it at every preparation
(sync.prepare) and keeps it encrypted with the rest, so the explainer works offline.

A worker's photo is re-encoded from its pixels alone (photos.clean_picture) and scaled to 400 px:
it is shown to children on a tablet, and where it was taken must not travel with it.
"""

import base64
import io
import json
import re

from ..platform.db import utcnow, write
from ..platform.i18n import _, _l

# The kinds before photos.py: photos imports tools (DocumentInvalid), whose kinds import photos.
from .phrases import written_in  # isort: skip
from ..paper.photos import check_photo, clean_picture, photo_type  # isort: skip

AUDIO_RECORDING = "audio_recording"
REQUIRE_PRF = "require_prf"
EXPLAINER = "explainer"
LANGUAGES = ("en", "cy")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}
PAGE_MAX = 500
WORKER = "%(worker)s"  # the one name the explainer's words may use: the worker's own
PLACEHOLDER = re.compile(r"%\([^)]*\)[a-z]?")
PHOTO_SIDE = 400
PHOTO_QUALITY = 85

# The explainer's pages, in order (docs/three-houses.md "What the tablet gets"): who the worker is,
# why they visit, what the houses are, that the child can stop at any time, who will see the houses.
DEFAULT_EXPLAINER = (
    _l("My name is %(worker)s. My job is to help make sure children are safe and happy."),
    _l("I have come to see you today because I want to know what you think, and how things are for you."),
    _l(
        "We will draw and talk about three houses: a House of Good Things, a House of Worries and a House of "
        "Dreams. There are no right or wrong answers."
    ),
    _l(
        "You can stop at any time. If you want a break, or you do not want to talk about something, tell me or "
        "press stop."
    ),
    _l(
        "At the end, you can tell me who you would like to see your houses. I will tell you who else will see "
        "them, and why."
    ),
)
PAGES = len(DEFAULT_EXPLAINER)


# --- settings -------------------------------------------------------------------------------------


def _stored(db, key: str):
    row = next(db.query("SELECT value FROM service_settings WHERE key = ?", [key]), None)
    return json.loads(row["value"]) if row else None


def _save(db, key: str, value, user_id: int | None) -> None:
    with write(db):
        if value is None:
            db.execute("DELETE FROM service_settings WHERE key = ?", [key])
        else:
            db.execute(
                "INSERT INTO service_settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by,"
                " updated_at = excluded.updated_at",
                [key, json.dumps(value, ensure_ascii=False), user_id, utcnow()],
            )


def audio_recording(db) -> bool:
    """Whether workers' tablets offer to record the child's voice (off unless an admin turned it on)."""
    return _stored(db, AUDIO_RECORDING) is True


def set_audio_recording(db, on: bool, user_id: int) -> None:
    _save(db, AUDIO_RECORDING, bool(on), user_id)


def require_prf(db) -> bool:
    """Whether tablets must unlock with their own hardware (WebAuthn PRF: fingerprint, face or screen
    lock), with no passcode to fall back on (docs/security.md). Off unless an admin turned it on."""
    return _stored(db, REQUIRE_PRF) is True


def set_require_prf(db, on: bool, user_id: int) -> None:
    _save(db, REQUIRE_PRF, bool(on), user_id)


# The cost of the tablet's Argon2id passcode stretching (hash-wasm; docs/security.md), by the
# TABLET_KDF_PROFILE setting. A tablet keeps the parameters it was set up with in its own record, so a
# change here applies to tablets set up (or moved to a new passcode) after it. "production" is tuned
# with `make bench unlock` to unlock in at most 1.5 s on a mid-range tablet (4x CPU throttling);
# "test" is only for the test suite's speed.
KDF_PROFILES = {
    "production": {"algorithm": "argon2id", "memory_kib": 64 * 1024, "iterations": 2, "parallelism": 1},
    "test": {"algorithm": "argon2id", "memory_kib": 64, "iterations": 1, "parallelism": 1},
}


def unlock_policy(db, kdf_profile: str) -> dict:
    """How the service's tablets unlock: the passcode's Argon2id cost and whether only the tablet's own
    hardware may unlock it."""
    return {"kdf": dict(KDF_PROFILES[kdf_profile]), "require_prf": require_prf(db)}


def default_explainer(language: str) -> list[str]:
    """The service's default pages in `language` (the catalogue's translation of the English)."""
    with written_in(language):
        return [str(page) for page in DEFAULT_EXPLAINER]


def custom_languages(db) -> set[str]:
    """The languages whose explainer words an admin has changed from the default."""
    return set(_stored(db, EXPLAINER) or {}) & set(LANGUAGES)


def explainer(db) -> dict[str, list[str]]:
    """The explainer's pages for each language: an admin's words where they changed them, else the default."""
    custom = _stored(db, EXPLAINER) or {}
    return {
        language: list(custom[language]) if language in custom else default_explainer(language)
        for language in LANGUAGES
    }


def page_problem(text: str) -> str | None:
    """Why a page's words cannot be saved, or None. `%(worker)s` is the only name a page may use:
    the tablet puts the worker's name there, and any other `%` code would be shown to the child as is."""
    if any(code != WORKER for code in PLACEHOLDER.findall(text)):
        return _("The only code a page can use is %(code)s, for the worker's name", code=WORKER)
    return None


def set_explainer(db, language: str, pages: list[str], user_id: int) -> None:
    if language not in LANGUAGES or len(pages) != PAGES:
        raise ValueError(f"an explainer is {PAGES} pages in one of {LANGUAGES}")
    custom = _stored(db, EXPLAINER) or {}
    _save(db, EXPLAINER, {**custom, language: list(pages)}, user_id)


def reset_explainer(db, language: str, user_id: int) -> None:
    """Back to the default words for `language`."""
    custom = {key: value for key, value in (_stored(db, EXPLAINER) or {}).items() if key != language}
    _save(db, EXPLAINER, custom or None, user_id)


def for_tablet(db) -> dict:
    return {"audio_recording": audio_recording(db), "explainer": explainer(db)}


# --- the worker's photo ----------------------------------------------------------------------------


def worker_photo(db, user_id: int) -> bytes | None:
    row = next(db.query("SELECT photo FROM worker_photos WHERE user_id = ?", [user_id]), None)
    return row["photo"] if row else None


def clean_worker_photo(data: bytes) -> bytes:
    """The photo as a JPEG of at most 400 × 400 px with no metadata; DocumentInvalid (a sentence) if
    it is not a whole JPEG, PNG or WebP picture."""
    check_photo(data, photo_type(data))
    buffer = io.BytesIO()
    clean_picture(data, max_side=PHOTO_SIDE).save(buffer, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return buffer.getvalue()


def set_worker_photo(db, user_id: int, data: bytes) -> None:
    photo = clean_worker_photo(data)
    with write(db):
        db.execute(
            "INSERT INTO worker_photos (user_id, photo, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET photo = excluded.photo, updated_at = excluded.updated_at",
            [user_id, photo, utcnow()],
        )


def remove_worker_photo(db, user_id: int) -> bool:
    with write(db):
        return db.execute("DELETE FROM worker_photos WHERE user_id = ?", [user_id]).rowcount == 1


def photo_data_url(photo: bytes | None) -> str | None:
    return f"data:image/jpeg;base64,{base64.b64encode(photo).decode()}" if photo else None


def worker_for_tablet(db, user) -> dict:
    """Who the explainer introduces: the worker's name and, if they chose one, their photo."""
    return {"name": user["display_name"], "photo": photo_data_url(worker_photo(db, user["id"]))}
