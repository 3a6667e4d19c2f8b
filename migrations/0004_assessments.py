"""From the visit to the assessment: the child's words indexed for search, assessments with the
artefacts attached to them, the Signs of Safety mapping, scaling, and the manager's reviews.

Plain SQL, like 0001–0003. `voice_items` is derived (the child's words of every finalised, unflagged
artefact, taken from its stored document by the kind's `voice_items(content)`), so it is filled here
from what is already stored and can always be rebuilt (voice.rebuild). Its full-text index is an
FTS5 external-content table over it with `remove_diacritics 2`, so "dwr" finds "Dŵr" (Welsh words are
often typed without their accents); triggers keep the index in step inside the same transaction.

An assessment's rows name artefacts by id with foreign keys: an artefact attached to an assessment is
never silently lost. A mapping entry taken from the child's words keeps the words exactly as stored
(`text`) and where they came from (`source_artefact_id`, `source_item`), so the mapping reads the
same however it is exported, and the link back to the artefact always resolves.
"""

STATEMENTS = [
    """
    CREATE TABLE voice_items (
        id INTEGER PRIMARY KEY,
        artefact_id TEXT NOT NULL REFERENCES artefacts(id),
        child_id TEXT NOT NULL REFERENCES children(id),
        item TEXT NOT NULL,
        place TEXT NOT NULL,
        text TEXT NOT NULL,
        by TEXT NOT NULL CHECK (by IN ('child', 'worker')),
        share TEXT NOT NULL,
        said_at TEXT NOT NULL,
        UNIQUE (artefact_id, item)
    )
    """,
    "CREATE INDEX voice_items_child ON voice_items(child_id, said_at)",
    """
    CREATE VIRTUAL TABLE voice_search USING fts5(
        text, content='voice_items', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER voice_items_indexed AFTER INSERT ON voice_items BEGIN
        INSERT INTO voice_search(rowid, text) VALUES (new.id, new.text);
    END
    """,
    """
    CREATE TRIGGER voice_items_unindexed AFTER DELETE ON voice_items BEGIN
        INSERT INTO voice_search(voice_search, rowid, text) VALUES ('delete', old.id, old.text);
    END
    """,
    """
    CREATE TRIGGER voice_items_no_update BEFORE UPDATE ON voice_items
    BEGIN SELECT RAISE(ABORT, 'the child''s words are never rewritten'); END
    """,
    """
    CREATE TABLE assessments (
        id TEXT PRIMARY KEY,
        child_id TEXT NOT NULL REFERENCES children(id),
        type TEXT NOT NULL CHECK (type IN ('single', 'conference', 'child_in_need', 'looked_after', 'court')),
        due_on TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'authorised')),
        case_reference TEXT NOT NULL DEFAULT '',
        scaling_question TEXT NOT NULL DEFAULT '',
        created_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        submitted_at TEXT,
        authorised_at TEXT,
        authorised_by INTEGER REFERENCES users(id)
    )
    """,
    "CREATE INDEX assessments_child ON assessments(child_id, created_at)",
    "CREATE INDEX assessments_status ON assessments(status, updated_at)",
    """
    CREATE TABLE assessment_artefacts (
        assessment_id TEXT NOT NULL REFERENCES assessments(id),
        artefact_id TEXT NOT NULL REFERENCES artefacts(id),
        position INTEGER NOT NULL,
        analysis TEXT NOT NULL DEFAULT '',
        attached_by INTEGER NOT NULL REFERENCES users(id),
        attached_at TEXT NOT NULL,
        PRIMARY KEY (assessment_id, artefact_id)
    )
    """,
    "CREATE INDEX assessment_artefacts_artefact ON assessment_artefacts(artefact_id)",
    """
    CREATE TABLE mapping_entries (
        id INTEGER PRIMARY KEY,
        assessment_id TEXT NOT NULL REFERENCES assessments(id),
        column_key TEXT NOT NULL CHECK (column_key IN ('worried', 'working_well', 'needs_to_happen')),
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        source_artefact_id TEXT REFERENCES artefacts(id),
        source_item TEXT,
        added_by INTEGER NOT NULL REFERENCES users(id),
        added_at TEXT NOT NULL,
        CHECK ((source_artefact_id IS NULL) = (source_item IS NULL))
    )
    """,
    "CREATE INDEX mapping_entries_assessment ON mapping_entries(assessment_id, column_key, position)",
    "CREATE INDEX mapping_entries_source ON mapping_entries(source_artefact_id) WHERE source_artefact_id IS NOT NULL",
    """
    CREATE TABLE scaling_scores (
        id INTEGER PRIMARY KEY,
        assessment_id TEXT NOT NULL REFERENCES assessments(id),
        person TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
        note TEXT NOT NULL DEFAULT '',
        added_by INTEGER NOT NULL REFERENCES users(id),
        added_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX scaling_scores_assessment ON scaling_scores(assessment_id)",
    """
    CREATE TABLE assessment_reviews (
        id INTEGER PRIMARY KEY,
        assessment_id TEXT NOT NULL REFERENCES assessments(id),
        reviewer_id INTEGER NOT NULL REFERENCES users(id),
        at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('returned', 'authorised')),
        comments TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX assessment_reviews_assessment ON assessment_reviews(assessment_id, at)",
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
    # Imported here, not at the top: the migration runner loads this file by path.
    from sofs_direct.artefacts import voice

    voice.rebuild(db)
