"""What people see of the golden store: every page, picture and export the worker, their manager and
the admin reach for the store's children, opened on an app over a copy of the store with the clock
stopped. Shared by make_expected.py (which writes what is seen today) and tests/artefacts/test_golden.py
(which compares what is seen now with it).

Main decision: pages are found as in tests/artefacts/test_render_everything.py, by following the links and
pictures of the pages a person starts from (the children's pages, timelines with their filters,
the team's pages, the admin's), as far as they stay within the children's addresses; the export
pages for every audience and format are added for every record and assessment found, since their
links are made by a form. So the test needs no list of addresses, and a link that appears or
disappears is itself a difference. The crawl is in a fixed order, and the audit pages, which list
the views the crawl itself made, are opened last.

Only what legitimately changes from one run to the next is normalised: the CSRF token in forms and
in the page's meta tag (a fresh signed token each session). The clock is stopped rather than dates
normalised, for the app (ages, "today", a pack's made_at, audit times) and for fpdf2 (a PDF's
/CreationDate, and its /ID, which fpdf2 hashes from the date), so PDFs, PNGs and JSON compare byte
for byte.
"""

import hashlib
import html
import json
import os
import re
import shutil
import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORE = HERE / "store"
EXPECTED = HERE / "expected"
SECRET_KEY = "golden-store-secret-key"  # signs session cookies; no page shows it
SEEN_ON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # "now" for everyone looking at the store
PASSWORD = "sofs-demo"
# The settings that change what a page shows, at their defaults, whatever the developer's SOFS_* say.
PINNED = {
    "NETWORK_SIZE": 3,
    "VOICE_DAYS": 90,
    "CARRY_DAYS": 7,
    "EXPORT_MAX_BYTES": 2048 * 1024,
    "EXPORT_NAME_MAX": 80,
    "RETENTION_FILE": "",
    "TABLET_BUILD": "",
    "TABLET_IDLE_LOCK_SECONDS": 300,
    "TABLET_CAPTURE_RESERVE_MB": 50,
    "IDLE_TIMEOUT_SECONDS": 1800,
    "SESSION_LIFETIME_SECONDS": 12 * 3600,
}

LINK = re.compile(r'(?:href|src)="(/[^"]*)"')
RECORD = re.compile(r"^/children/[0-9a-f-]{36}/records/[0-9a-f-]{36}$")
ASSESSMENT = re.compile(r"^/children/[0-9a-f-]{36}/assessments/[0-9a-f-]{36}$")
SEARCHES = ("Nain", "shouts", "teddy", "bedroom", "puppy")
# Written out rather than imported (sofs_direct.artefacts.audience): the crawl leans on the code under test only
# through its pages, so moving a module does not change what is opened.
AUDIENCES = ("record", "conference", "parents", "network")
# A fresh signed token each session: the only part of a page that is not the store's.
CSRF = [
    (re.compile(r'(name="csrf_token"[^>]*? value=")[^"]*(")'), r"\1CSRF\2"),
    (re.compile(r'(<meta name="csrf-token" content=")[^"]*(")'), r"\1CSRF\2"),
]


def app_on(folder: Path, **overrides):
    """The app over the store in `folder` (sofs.db, parts/, key/server_key.pem): its own key as
    its instance folder, never the developer's instance/ (create_app reads SOFS_INSTANCE when it makes the app)."""
    from sofs_direct import create_app

    before = os.environ.get("SOFS_INSTANCE")
    os.environ["SOFS_INSTANCE"] = str(folder / "key")
    try:
        return create_app(
            {
                "DATABASE": str(folder / "sofs.db"),
                "PARTS_DIR": str(folder / "parts"),
                "SECRET_KEY": SECRET_KEY,
                "PASSWORD_HASH_PROFILE": "test",
                "LOGIN_LIMIT_PER_USERNAME": "1000 per minute",
                "LOGIN_LIMIT_PER_ADDRESS": "1000 per minute",
                **PINNED,
                **overrides,
            }
        )
    finally:
        if before is None:
            del os.environ["SOFS_INSTANCE"]
        else:
            os.environ["SOFS_INSTANCE"] = before


def copy_store(target: Path) -> Path:
    """A copy of the committed store to open (opening it writes: sessions, the audit trail), migrated
    as a deployment is before it serves (`app.py migrate`): today's pages may read a table added
    since the store was made (how a child takes part, 0011), which a migration only adds to."""
    from sofs_direct.platform.db import connect, migrate

    shutil.copytree(STORE, target)
    db = connect(target / "sofs.db")
    try:
        migrate(db)
    finally:
        db.close()
    return target


@dataclass
class Seen:
    """One address as one person saw it."""

    who: str
    method: str
    url: str
    status: int
    media_type: str
    body: bytes

    @property
    def key(self) -> str:
        return f"{self.who} {self.method} {self.url}"

    @property
    def is_html(self) -> bool:
        return self.media_type == "text/html"

    def text(self) -> str:
        page = self.body.decode("utf-8")
        for pattern, replacement in CSRF:
            page = pattern.sub(replacement, page)
        return page

    def compared(self) -> bytes:
        """The bytes compared: the page normalised, anything else as it is."""
        return self.text().encode("utf-8") if self.is_html else self.body

    def entry(self) -> dict:
        compared = self.compared()
        return {
            "status": self.status,
            "type": self.media_type,
            "sha256": hashlib.sha256(compared).hexdigest(),
            "length": len(compared),
        }


class Person:
    def __init__(self, app, who: str, username: str, language: str | None = None):
        from tests.conftest import csrf_token, login

        self.who, self.client = who, app.test_client()
        response = login(self.client, username, PASSWORD)
        assert response.status_code == 302, (username, response.status_code)
        self.token = None
        if language:  # the switch on every screen: for this sign-in only
            response = self.client.post(
                "/language",
                data={"lang": language, "next": "/children", "csrf_token": csrf_token(self.client, "/children")},
            )
            assert response.status_code == 303, (language, response.status_code)

    def get(self, url: str) -> Seen:
        response = self.client.get(url)
        return Seen(self.who, "GET", url, response.status_code, response.mimetype, response.get_data())

    def search(self, words: str) -> Seen:
        from tests.conftest import csrf_token

        self.token = self.token or csrf_token(self.client, "/search")
        response = self.client.post("/search", data={"words": words, "csrf_token": self.token})
        return Seen(
            self.who, "POST", f"/search words={words}", response.status_code, response.mimetype, response.get_data()
        )


def fixed_id(name: str) -> str:
    """A version-4-shaped UUID drawn from a name: the same name, the same id, every time (the store's
    artefacts are named so; make_store.py)."""
    return str(uuid.UUID(bytes=hashlib.sha256(f"sofs-golden/{name}".encode()).digest()[:16], version=4))


# A second artefact of a kind that another shows in full: its exports for every audience would make
# the same pictures again at a second's cost each, so it is exported once, as the full record.
EXPORTED_ONCE = {fixed_id(name) for name in ("maisie/words-pictures/1", "maisie/network/1", "tomos/observation")}


def _exports(url: str) -> list[str]:
    """The export pages a form on a record's or an assessment's page leads to, for every choice."""
    from sofs_direct.artefacts.audience import AUDIENCES
    from sofs_direct.artefacts.audience import RECORD as FULL_RECORD

    formats = ("pdf", "png") if RECORD.match(url) else ("pdf", "json") if ASSESSMENT.match(url) else ()
    if url.rsplit("/", 1)[-1] in EXPORTED_ONCE:
        return [f"{url}/export?audience={FULL_RECORD}&file_type=pdf"]
    return [
        f"{url}/export?audience={audience}&file_type={file_type}" for audience in AUDIENCES for file_type in formats
    ]


def _full_record_pdf(url: str) -> list[str]:
    return [f"{url}/export?audience=record&file_type=pdf"] if RECORD.match(url) or ASSESSMENT.match(url) else []


def _crawl(
    person: Person,
    seeds: list[str],
    within: tuple[str, ...],
    seen: dict,
    clock,
    skip=lambda url: False,
    exports=_exports,
) -> None:
    """Open the seeds and every link and picture found on the pages reached, that starts with one
    of `within` and is not skipped, in the order found, and the export pages `exports` gives."""
    waiting = [url for url in seeds if (person.who, url) not in seen]
    queued = set(waiting)
    while waiting:
        url = waiting.pop(0)
        clock.cover()  # a module the app imported since is stopped too
        page = person.get(url)
        seen[(person.who, url)] = page
        found = [html.unescape(link).split("#", 1)[0] for link in LINK.findall(page.text())] if page.is_html else []
        for link in found + exports(url):
            if link.startswith(within) and not skip(link) and link not in queued and (person.who, link) not in seen:
                queued.add(link)
                waiting.append(link)


def _query(folder: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(folder / "sofs.db")) as db:
        return db.execute(sql).fetchall()


def look(folder: Path) -> list[Seen]:
    """Everything the three people see of the store copied into `folder` (the worker also in
    Welsh), in the crawl's order."""
    from tests.golden.clock import stopped

    with stopped(SEEN_ON) as clock:
        app = app_on(folder)
        clock.cover()
        children = dict(_query(folder, "SELECT known_as, id FROM children"))
        reviews = [row[0] for row in _query(folder, "SELECT id FROM artefacts WHERE flag = 'needs_review' ORDER BY id")]
        # Leo is another team's child: no one here sees him (a 404 for all three is part of the picture).
        ours = [children[name] for name in ("Maisie", "Tomos", "Ava")]
        within = tuple(f"/children/{child}/" for child in ours) + tuple(f"/children/{child}" for child in ours)
        every_day = "from-day=1&from-month=1&from-year=1900&to-day=31&to-month=12&to-year=2100"
        kinds = ("three_houses", "words_pictures", "network", "network_meeting", "observation", "photos")

        def starts(child: str) -> list[str]:
            timeline = f"/children/{child}/timeline"
            return [
                f"/children/{child}",
                timeline,
                f"{timeline}?{every_day}",
                *(f"{timeline}?kind={kind}" for kind in kinds),
                f"/children/{child}/assessments",
                f"/children/{child}/network",
            ]

        seen: dict = {}
        people = [
            Person(app, "worker", "demo.worker"),
            Person(app, "manager", "demo.manager"),
            Person(app, "admin", "demo.admin"),
        ]
        worker, manager, admin = people
        _crawl(
            worker,
            [
                "/",
                "/children",
                "/children/voice",
                "/children/network",
                *(url for child in ours for url in starts(child)),
                f"/children/{children['Leo']}",
            ],
            within,
            seen,
            clock,
        )
        # The manager opens the pages; the files (pictures, recordings, exports) are the worker's
        # bytes again, as nothing in them names who asked, and making them twice would double the
        # test's time. Pages the worker never reached (the team's) are all opened.
        files = {url for (who, url), page in seen.items() if who == "worker" and not page.is_html}
        _crawl(
            manager,
            [
                "/",
                "/team",
                "/team/reviews",
                "/team/voice",
                "/team/network",
                *(f"/team/review/{artefact}" for artefact in reviews),
                *(url for child in ours for url in starts(child)),
            ],
            within + ("/team/review/",),
            seen,
            clock,
            skip=lambda url: url in files or "/export" in url,
            exports=lambda url: [],
        )
        # The worker again, in Welsh: every page, and each record's and the assessment's full record
        # as a PDF, where a kind's words without their Welsh would show (pictures and recordings
        # hold no words of the interface).
        welsh = Person(app, "worker-cy", "demo.worker", language="cy")
        _crawl(
            welsh,
            [url for child in ours for url in starts(child)],
            within,
            seen,
            clock,
            skip=lambda url: (
                (url in files and "/export/record/pdf/" not in url)
                or ("/export?" in url and not url.endswith("audience=record&file_type=pdf"))
            ),
            exports=_full_record_pdf,
        )
        _crawl(
            admin,
            ["/admin", *(f"/admin/children/{child}/allocation" for child in ours), f"/children/{children['Maisie']}"],
            ("/admin/children/", "/admin/users/"),
            seen,
            clock,
        )
        found = list(seen.values())
        for person in (worker, manager):
            found += [person.search(words) for words in SEARCHES]
        # Last: the trail of every view above, as the manager reads it.
        found += [manager.get("/team/audit"), manager.get(f"/team/children/{children['Maisie']}/audit")]
        return found


# --- the expected files -----------------------------------------------------------------------------


def page_file(key: str) -> str:
    """A page's file, named by who opened which address (so that a page added to the crawl renames
    no other), shortened and made unique with the start of its key's hash."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-")[:110]
    return f"pages/{slug}-{hashlib.sha256(key.encode()).hexdigest()[:8]}.html"


def write_expected(found: list[Seen]) -> None:
    shutil.rmtree(EXPECTED, ignore_errors=True)
    (EXPECTED / "pages").mkdir(parents=True)
    manifest = {}
    for page in found:
        entry = page.entry()
        if page.is_html:
            entry["page"] = page_file(page.key)
            (EXPECTED / entry["page"]).write_text(page.text(), encoding="utf-8")
        manifest[page.key] = entry
    (EXPECTED / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def read_expected() -> dict:
    return json.loads((EXPECTED / "manifest.json").read_text(encoding="utf-8"))
