"""Teams and user accounts as plain functions over the store, used by the admin screens and the CLI.

Main decision: a password reset also ends every session of that user and makes them choose a new
password at their next sign-in, so an admin never knows a password that is still in use.
"""

from flask import abort

from .auth import end_all_login_sessions, hash_password
from .db import utcnow, write


def teams(db) -> list[dict]:
    return list(db.query("SELECT * FROM teams ORDER BY name"))


def team_named(db, name: str) -> dict | None:
    return next(db.query("SELECT * FROM teams WHERE name = ? COLLATE NOCASE", [name.strip()]), None)


def add_team(db, name: str) -> int:
    with write(db):
        return db["teams"].insert({"name": name, "created_at": utcnow()}).last_pk


def team_of(db, record) -> dict | None:
    if not record["team_id"]:
        return None
    return db["teams"].get(record["team_id"])


def users(db) -> list[dict]:
    return list(
        db.query(
            "SELECT users.*, teams.name AS team_name FROM users LEFT JOIN teams ON teams.id = users.team_id"
            " ORDER BY users.active DESC, users.display_name"
        )
    )


def find_username(db, username: str) -> dict | None:
    return next(db.query("SELECT * FROM users WHERE username = ? COLLATE NOCASE", [username.strip()]), None)


def get_user_or_404(db, user_id: int) -> dict:
    person = next(db.query("SELECT * FROM users WHERE id = ?", [user_id]), None)
    if person is None:
        abort(404)
    return person


def add_user(
    db,
    username: str,
    display_name: str,
    role: str,
    team_id: int | None,
    password: str,
    language: str = "en",
    must_change_password: bool = False,
) -> int:
    with write(db):
        return (
            db["users"]
            .insert(
                {
                    "username": username.strip(),
                    "display_name": display_name,
                    "role": role,
                    "team_id": team_id,
                    "password_hash": hash_password(password),
                    "must_change_password": int(must_change_password),
                    "language": language,
                    "active": 1,
                    "created_at": utcnow(),
                }
            )
            .last_pk
        )


def set_password(db, user_id: int, password: str, must_change: bool) -> None:
    with write(db):
        db.execute(
            "UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?",
            [hash_password(password), int(must_change), user_id],
        )


def reset_password(db, user_id: int, temporary_password: str) -> None:
    set_password(db, user_id, temporary_password, must_change=True)
    end_all_login_sessions(db, user_id, "revoked")


def set_active(db, user_id: int, active: bool) -> None:
    with write(db):
        db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user_id])
    if not active:
        end_all_login_sessions(db, user_id, "revoked")


def set_language(db, user_id: int, language: str) -> None:
    with write(db):
        db.execute("UPDATE users SET language = ? WHERE id = ?", [language, user_id])


def allocatable_workers(db, team_id: int) -> list[dict]:
    return list(
        db.query(
            "SELECT * FROM users WHERE team_id = ? AND active = 1 AND role IN ('practitioner', 'manager')"
            " ORDER BY display_name",
            [team_id],
        )
    )


def children_with_allocation(db) -> list[dict]:
    """For the admin screen: the minimum to allocate — no dates of birth, no content."""
    return list(
        db.query(
            """
        SELECT children.id, children.known_as, children.case_reference, teams.name AS team_name,
               group_concat(users.display_name, ', ') AS workers
        FROM children JOIN teams ON teams.id = children.team_id
        LEFT JOIN allocations ON allocations.child_id = children.id
        LEFT JOIN users ON users.id = allocations.user_id
        GROUP BY children.id ORDER BY teams.name, children.known_as COLLATE NOCASE
        """
        )
    )
