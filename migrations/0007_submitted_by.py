"""Who submitted an assessment for review.

The manager's list of assessments waiting for review names the worker who sent it; that is not always
who started it (two workers may share a child). A new nullable column: assessments submitted before
this migration keep NULL, and the list falls back to who started them.
"""


def migrate(db):
    db.execute("ALTER TABLE assessments ADD COLUMN submitted_by INTEGER REFERENCES users(id)")
