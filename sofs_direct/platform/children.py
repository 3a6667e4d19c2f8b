"""Children, allocations and the access rule: who may see which child.

Main decision: the access rule lives in one function, `child_visible_to`, and is applied to every
route that names a child, centrally: a before-request hook resolves any `child_id` route argument
before the view runs and answers 404 when the user may not see that child — the same answer as for a
child that does not exist, so the URL space reveals nothing. A route added later is covered without
remembering to call anything (tests/platform/test_children.py enumerates the routes to prove it).

The rule: a practitioner sees the children allocated to them; a team manager sees the children of
their team (and any allocated to them); an admin manages accounts and allocations but sees no child
content (admin pages that name a child use the narrower `record_visible_to_admin`).
"""

import uuid
from datetime import date

from flask import Blueprint, abort, g, render_template, request
from flask_wtf import FlaskForm
from wtforms import SearchField
from wtforms.validators import Length

from . import audit, htmx
from .auth import login_required, role_required
from .db import get_db, utcnow, write
from .i18n import _l
from .validation import PlainText

bp = Blueprint("children", __name__)

_VISIBLE_SQL = """
    (
        EXISTS (SELECT 1 FROM allocations a WHERE a.child_id = children.id AND a.user_id = :user_id)
        OR (:role = 'manager' AND children.team_id = :team_id)
    )
"""


def _rule_params(user) -> dict:
    return {"user_id": user["id"], "role": user["role"], "team_id": user["team_id"]}


def visible_children(db, user) -> list[dict]:
    """The children this user may see, by known-as name."""
    if user["role"] == "admin":
        return []
    return list(
        db.query(
            f"SELECT * FROM children WHERE {_VISIBLE_SQL} ORDER BY known_as COLLATE NOCASE, id", _rule_params(user)
        )
    )


def child_visible_to(db, user, child_id: str) -> dict | None:
    if user is None or user["role"] == "admin":
        return None
    params = _rule_params(user) | {"child_id": child_id}
    return next(db.query(f"SELECT * FROM children WHERE id = :child_id AND {_VISIBLE_SQL}", params), None)


def record_visible_to_admin(db, user, child_id: str) -> dict | None:
    """Admins see a child's record (name, reference, allocation) to manage it, never its content."""
    if user is None or user["role"] != "admin":
        return None
    return next(db.query("SELECT * FROM children WHERE id = ?", [child_id]), None)


def search_children(children: list[dict], query: str) -> list[dict]:
    """Match known-as name or case reference, ignoring case (Unicode-aware, unlike SQLite's LIKE)."""
    needle = query.strip().casefold()
    if not needle:
        return children
    return [c for c in children if needle in c["known_as"].casefold() or needle in c["case_reference"].casefold()]


def allocated_workers(db, child_id: str) -> list[dict]:
    return list(
        db.query(
            "SELECT users.* FROM allocations JOIN users ON users.id = allocations.user_id"
            " WHERE allocations.child_id = ? ORDER BY users.display_name",
            [child_id],
        )
    )


def age_on(date_of_birth: str, today: date | None = None) -> int:
    born = date.fromisoformat(date_of_birth)
    today = today or date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def add_child(
    db, known_as: str, date_of_birth: date, case_reference: str, preferred_language: str, team_id: int
) -> str:
    child_id = str(uuid.uuid4())
    with write(db):
        db["children"].insert(
            {
                "id": child_id,
                "known_as": known_as,
                "date_of_birth": date_of_birth.isoformat(),
                "case_reference": case_reference,
                "preferred_language": preferred_language,
                "team_id": team_id,
                "created_at": utcnow(),
            }
        )
    return child_id


def set_allocation(db, child_id: str, user_ids: list[int]) -> None:
    """Replace the child's allocated workers with `user_ids` in one transaction."""
    with write(db):
        db.execute("DELETE FROM allocations WHERE child_id = ?", [child_id])
        for user_id in user_ids:
            db.execute(
                "INSERT INTO allocations (child_id, user_id, allocated_at) VALUES (?, ?, ?)",
                [child_id, user_id, utcnow()],
            )


def resolve_child():
    """Runs before every view: a `child_id` in the URL must be a child this user may see, or 404.

    A before_request hook (after auth.load_user), not a URL value preprocessor: those run before
    the user is known."""
    values = request.view_args
    endpoint = request.endpoint
    if not values or "child_id" not in values:
        return
    child_id = str(values["child_id"])
    try:
        uuid.UUID(child_id)
    except ValueError:
        abort(404)
    if g.get("user") is None:
        return  # the view's login_required sends them to sign in; nothing is read
    db = get_db()
    if endpoint and endpoint.startswith("admin."):
        child = record_visible_to_admin(db, g.user, child_id)
    else:
        child = child_visible_to(db, g.user, child_id)
    if child is None:
        abort(404)
    g.child = child
    values["child_id"] = child_id


# --- views -----------------------------------------------------------------------------------


class SearchForm(FlaskForm):
    query = SearchField(_l("Search by name or case reference"), validators=[Length(max=100), PlainText()])


@bp.route("/children", methods=["GET", "POST"])
@role_required("practitioner", "manager")
def caseload():
    """My children. The search term is POSTed, never put in the URL: it may be a child's name."""
    form = SearchForm()
    children = visible_children(get_db(), g.user)
    if request.method == "POST" and form.validate_on_submit():
        children = search_children(children, form.query.data or "")
    elif request.method == "POST":
        children = []
    context = {"form": form, "children": children, "age_on": age_on}
    if htmx.wants_fragment():
        return render_template("children/_caseload_results.html", **context)
    return render_template("children/caseload.html", **context)


@bp.get("/children/<uuid:child_id>")
@audit.described_as(view=_l("Viewed %(child)s's page"))
@login_required
def child_page(child_id):
    db = get_db()
    return render_template(
        "children/child.html",
        child=g.child,
        age=age_on(g.child["date_of_birth"]),
        workers=allocated_workers(db, g.child["id"]),
    )


def init_app(app):
    app.before_request(resolve_child)
