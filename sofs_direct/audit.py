"""The audit trail: who viewed, changed or exported which child's data, when, from which session.

Main decision: auditing is done once, centrally, not remembered by each view. Any request whose URL
names a child (the `child_id` route argument, resolved and access-checked in children.py) is
recorded after it succeeds: a GET is a *view*, any other method a *change*; a view that exports sets
`g.audit_action = "export"`. The table is append-only, enforced by triggers in the store itself.
Entries never contain the child's words or names — only ids and a short description of the action.
"""

from flask import g, request

from .db import utcnow, write

ACTIONS = ("view", "change", "export", "account")


def append(db, user_id, login_session_id, action: str, child_id: str | None, what: str, ip: str | None = None) -> None:
    """One audit row inside the caller's write transaction (an upload, a retention deletion), so the
    change and its audit row are stored together or not at all."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    db.execute(
        "INSERT INTO audit (at, user_id, login_session_id, action, child_id, what, ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [utcnow(), user_id, login_session_id, action, child_id, what, ip],
    )


def record(db, user_id, login_session_id, action: str, child_id: str | None, what: str) -> None:
    """One audit row in its own transaction (a request's view, change or export)."""
    with write(db):
        append(db, user_id, login_session_id, action, child_id, what, request.remote_addr if request else None)


def entries_for_team(db, team_id: int, child_id: str | None = None, limit: int = 200) -> list[dict]:
    """Audit entries about the team's children, newest first."""
    sql = """
        SELECT audit.*, users.display_name AS user_name, users.username, children.known_as
        FROM audit
        JOIN children ON children.id = audit.child_id
        LEFT JOIN users ON users.id = audit.user_id
        WHERE children.team_id = ?
    """
    params: list = [team_id]
    if child_id:
        sql += " AND audit.child_id = ?"
        params.append(child_id)
    sql += " ORDER BY audit.id DESC LIMIT ?"
    params.append(limit)
    return list(db.query(sql, params))


def _record_child_request(response):
    child = g.get("child")
    if child is None or g.get("user") is None or response.status_code >= 400:
        return response
    action = g.get("audit_action") or ("view" if request.method in ("GET", "HEAD") else "change")
    from .db import get_db

    # A view may say what it did in words ("played a recording"); otherwise the endpoint names it.
    record(get_db(), g.user["id"], g.login_session_id, action, child["id"], g.get("audit_what") or request.endpoint or "")
    return response


def init_app(app):
    app.after_request(_record_child_request)
