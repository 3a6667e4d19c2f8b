"""What each audit row was about, so the manager's audit page says it in words, one row a page view.

`record_id`: the artefact or assessment the request's address named, NULL when it named only the child.
`page_id`: for a request a page makes by itself (its pictures, a drawing for its replay, the player's
requests for a recording), the audit row of the page view it was part of: the same sign-in's latest
view of the same child, if recent. NULL for a page view, a change or an export, and for such a request
made without a page before it (a picture's address opened on its own), which is then shown by itself.
Rows from before this migration keep NULL in both: they are shown one by one, as before.
"""

STATEMENTS = [
    "ALTER TABLE audit ADD COLUMN record_id TEXT",
    "ALTER TABLE audit ADD COLUMN page_id INTEGER",
    "CREATE INDEX audit_page ON audit(page_id)",
    # Finding the page view a picture belongs to: the sign-in's latest row about the child.
    "CREATE INDEX audit_sign_in ON audit(login_session_id, child_id, id)",
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
