"""The audit trail: who viewed, changed or exported which child's data, when, from which session.

Main decision: auditing is done once, centrally, not remembered by each view. Any request whose URL
names a child (the `child_id` route argument, resolved and access-checked in children.py) is
recorded after it succeeds: GET and HEAD are a *view* (HEAD runs the same view and answers its
headers, a file's length among them), POST, PUT, PATCH and DELETE a *change*; a view that exports
sets `g.audit_action = "export"`. OPTIONS is not recorded: Flask answers it with the methods the
address allows, the same for every child, and reads nothing of the child (the access check has run,
so it tells no more than a 404 would). The table is append-only, enforced by triggers in the store
itself. Entries never contain the child's words or names: the endpoint, the id of the record the
address named (`record_id`), and the time.

Every request that reads the child's data has its row, pictures included; but the manager reads one
row a page view, not one per picture on it. A request a page makes by itself (declared with
`part_of_page`) keeps in `page_id` the row of the page view it belongs to: the same sign-in's latest
view of the same child, within PAGE_WINDOW. The manager's page lists only rows without a `page_id`,
each with what was folded into it, so a picture opened on its own still shows as a row of its own.
Each view says in words what it shows (`described_as`); team.py puts rows into sentences.
"""

import json
from datetime import UTC, datetime, timedelta

from flask import current_app, g, request

from .db import utcnow, write

ACTIONS = ("view", "change", "export", "account")
CHANGING_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Pictures load as the page is scrolled (loading="lazy"): as long as a sign-in stays open when idle.
PAGE_WINDOW = timedelta(minutes=30)
# The route arguments that name one record of the child: its row says which one.
RECORD_ARGUMENTS = ("artefact_id", "assessment_id")


def append(
    db,
    user_id,
    login_session_id,
    action: str,
    child_id: str | None,
    what: str,
    ip: str | None = None,
    record_id: str | None = None,
    page_id: int | None = None,
) -> None:
    """One audit row inside the caller's write transaction (an upload, a retention deletion), so the
    change and its audit row are stored together or not at all."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    db.execute(
        "INSERT INTO audit (at, user_id, login_session_id, action, child_id, what, ip, record_id, page_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [utcnow(), user_id, login_session_id, action, child_id, what, ip, record_id, page_id],
    )


def record(
    db,
    user_id,
    login_session_id,
    action: str,
    child_id: str | None,
    what: str,
    record_id: str | None = None,
    page_id: int | None = None,
) -> None:
    """One audit row in its own transaction (a request's view, change or export)."""
    with write(db):
        append(
            db,
            user_id,
            login_session_id,
            action,
            child_id,
            what,
            request.remote_addr if request else None,
            record_id,
            page_id,
        )


# --- what each view says it does ------------------------------------------------------------------


def described_as(view=None, change=None, export=None):
    """A view's words for the audit page, one per action it is audited as. Each may name
    %(child)s (the child's known-as name) and %(record)s (the record its address names, in words)."""

    def mark(function):
        function.audit_words = {"view": view, "change": change, "export": export}
        return function

    return mark


def part_of_page(on_its_own, note=None):
    """A request a page makes by itself (a picture on it): folded into the page's view. `on_its_own`
    are its words when no page view came before it; `note`, if given, is added to the page's row
    (playing a recording is worth saying, loading a picture is not)."""

    def mark(function):
        function.audit_words = {"view": on_its_own}
        function.audit_part_of_page = True
        function.audit_note = note
        return function

    return mark


def words_of(what: str, action: str):
    """The words a view gave for this action (None for a row that names no view, or a view without words)."""
    view = current_app.view_functions.get(what)
    return (getattr(view, "audit_words", None) or {}).get(action)


def note_of(what: str):
    return getattr(current_app.view_functions.get(what), "audit_note", None)


def is_part_of_page(endpoint: str | None) -> bool:
    return getattr(current_app.view_functions.get(endpoint), "audit_part_of_page", False)


# --- recording requests ---------------------------------------------------------------------------


def page_of(db, login_session_id, child_id: str, now: datetime) -> int | None:
    """The audit row of the page view a request belongs to: the sign-in's latest view of the child,
    if it is recent (that view's own page, when it was itself part of one)."""
    latest = next(
        db.query(
            "SELECT id, page_id, at FROM audit WHERE login_session_id = ? AND child_id = ? AND action = 'view'"
            " ORDER BY id DESC LIMIT 1",
            [login_session_id, child_id],
        ),
        None,
    )
    if latest is None or datetime.fromisoformat(latest["at"]) < now - PAGE_WINDOW:
        return None
    return latest["page_id"] or latest["id"]


def _record_child_request(response):
    child = g.get("child")
    if child is None or g.get("user") is None or response.status_code >= 400 or request.method == "OPTIONS":
        return response
    action = g.get("audit_action") or ("change" if request.method in CHANGING_METHODS else "view")
    from .db import get_db

    db = get_db()
    arguments = request.view_args or {}
    record_id = next((str(arguments[name]) for name in RECORD_ARGUMENTS if name in arguments), None)
    page_id = (
        page_of(db, g.login_session_id, child["id"], datetime.now(UTC))
        if action == "view" and is_part_of_page(request.endpoint)
        else None
    )
    record(db, g.user["id"], g.login_session_id, action, child["id"], request.endpoint or "", record_id, page_id)
    return response


# --- reading the trail ----------------------------------------------------------------------------


def entries_for_team(db, team_id: int, child_id: str | None = None, limit: int = 200) -> list[dict]:
    """Audit entries about the team's children, newest first, one a page view: the requests folded
    into a page's view are not entries of their own, and each entry lists the distinct `notes` (the
    `what` of each kind of request folded into it)."""
    sql = """
        SELECT audit.*, users.display_name AS user_name, users.username, children.known_as
        FROM audit
        JOIN children ON children.id = audit.child_id
        LEFT JOIN users ON users.id = audit.user_id
        WHERE children.team_id = ? AND audit.page_id IS NULL
    """
    params: list = [team_id]
    if child_id:
        sql += " AND audit.child_id = ?"
        params.append(child_id)
    sql += " ORDER BY audit.id DESC LIMIT ?"
    params.append(limit)
    entries = [dict(row, notes=[]) for row in db.query(sql, params)]
    by_id = {entry["id"]: entry for entry in entries}
    if by_id:
        for folded in db.query(
            "SELECT DISTINCT page_id, what FROM audit WHERE page_id IN (SELECT value FROM json_each(?)) ORDER BY what",
            [json.dumps(list(by_id))],
        ):
            by_id[folded["page_id"]]["notes"].append(folded["what"])
    return entries


def init_app(app):
    app.after_request(_record_child_request)
