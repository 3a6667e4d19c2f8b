"""What a team manager watches over: uploads that never arrived, and uploads kept out of the record.

Main decision: the manager is shown where work is missing or waiting, never the work itself. A gap is
a run of a tablet's sequence numbers below the highest received that never arrived — counting as
arrived an artefact, a draft snapshot, a draft discarded on the tablet, an upload for a child this
server does not have, and a number retired when its artefact was deleted under the retention
schedule. The flagged list names the author, the device, the kind, when it arrived and, for needs
review, why: never the child's words or name.

A tablet at risk holds work it has not sent (its last report, devices.py) and has not been heard from
for more than `AT_RISK_AFTER`: until it connects, that work is only on the tablet, and is lost with it.
"""

from datetime import UTC, datetime, timedelta

AT_RISK_AFTER = timedelta(days=2)


def sequence_gaps(db, team_id: int) -> list[dict]:
    """For the team's workers' devices: each run of sequence numbers below the highest received that
    never arrived (as finalised artefact or draft snapshot), with the device's last contact."""
    return list(
        db.query(
            """
        WITH team_devices AS (
            SELECT devices.id, devices.name, devices.last_seen_at, devices.revoked_at, users.display_name
            FROM devices JOIN users ON users.id = devices.user_id WHERE users.team_id = :team
        ), received AS (
            SELECT device_id, device_seq FROM artefacts WHERE device_id IN (SELECT id FROM team_devices)
            UNION
            SELECT device_id, device_seq FROM draft_snapshots WHERE device_id IN (SELECT id FROM team_devices)
            UNION  -- arrived, then deleted under the retention schedule (migration 0006): not a gap
            SELECT device_id, device_seq FROM retired_sequences WHERE device_id IN (SELECT id FROM team_devices)
            UNION  -- a draft discarded on the tablet, and uploads for a child the server does not have (0008)
            SELECT device_id, device_seq FROM discarded_drafts WHERE device_id IN (SELECT id FROM team_devices)
            UNION
            SELECT device_id, device_seq FROM unmatched_uploads WHERE device_id IN (SELECT id FROM team_devices)
        ), runs AS (
            SELECT device_id, device_seq,
                   LAG(device_seq, 1, 0) OVER (PARTITION BY device_id ORDER BY device_seq) AS previous
            FROM received
        )
        SELECT team_devices.id AS device_id, team_devices.name AS device_name, team_devices.display_name AS person,
               team_devices.last_seen_at, team_devices.revoked_at,
               runs.previous + 1 AS first_missing, runs.device_seq - 1 AS last_missing
        FROM runs JOIN team_devices ON team_devices.id = runs.device_id
        WHERE runs.device_seq - runs.previous > 1
        ORDER BY team_devices.display_name, team_devices.id, first_missing
        LIMIT 500
        """,
            {"team": team_id},
        )
    )


def flagged_for_team(db, team_id: int, limit: int = 200) -> list[dict]:
    """What a manager must review: quarantined, not-allocated and needs-review uploads, uploads for a
    child this server does not have (to the author's team), and conflicting copies.

    Shown to the manager of the child's team and of the author's team. Never the child's words or name:
    the author, the device, the kind, when it arrived and, for needs review, why (the checks' sentence
    names fields and houses, never quotes the child)."""
    return list(
        db.query(
            """
        SELECT * FROM (
            SELECT artefacts.flag AS reason, artefacts.id AS artefact_id, 'finalised' AS state, NULL AS draft_version,
                   artefacts.kind, artefacts.received_at, authors.display_name AS author, devices.name AS device_name,
                   artefacts.device_id, artefacts.review_reason, children.team_id AS child_team
            FROM artefacts JOIN users AS authors ON authors.id = artefacts.author_id
            JOIN devices ON devices.id = artefacts.device_id JOIN children ON children.id = artefacts.child_id
            WHERE artefacts.flag IS NOT NULL AND (children.team_id = :team OR authors.team_id = :team)
            UNION ALL
            SELECT snapshots.flag, snapshots.artefact_id, 'draft', snapshots.draft_version, snapshots.kind,
                   snapshots.received_at, authors.display_name, devices.name, snapshots.device_id, NULL,
                   children.team_id
            FROM draft_snapshots AS snapshots JOIN users AS authors ON authors.id = snapshots.author_id
            JOIN devices ON devices.id = snapshots.device_id JOIN children ON children.id = snapshots.child_id
            WHERE snapshots.flag IS NOT NULL AND (children.team_id = :team OR authors.team_id = :team)
            UNION ALL
            SELECT 'conflict', conflicts.artefact_id, CASE WHEN conflicts.draft_version IS NULL THEN 'finalised'
                   ELSE 'draft' END, conflicts.draft_version, conflicts.kind, conflicts.received_at,
                   authors.display_name, devices.name, conflicts.device_id, NULL, children.team_id
            FROM artefact_conflicts AS conflicts JOIN users AS authors ON authors.id = conflicts.user_id
            JOIN devices ON devices.id = conflicts.device_id JOIN children ON children.id = conflicts.child_id
            WHERE children.team_id = :team OR authors.team_id = :team
            UNION ALL
            SELECT 'unknown_child', unmatched.artefact_id, CASE WHEN unmatched.draft_version IS NULL THEN 'finalised'
                   ELSE 'draft' END, unmatched.draft_version, unmatched.kind, unmatched.received_at,
                   authors.display_name, devices.name, unmatched.device_id, unmatched.review_reason, NULL
            FROM unmatched_uploads AS unmatched JOIN users AS authors ON authors.id = unmatched.author_id
            JOIN devices ON devices.id = unmatched.device_id
            WHERE authors.team_id = :team
        ) ORDER BY received_at DESC, artefact_id LIMIT :limit
        """,
            {"team": team_id, "limit": limit},
        )
    )


def tablets_at_risk(db, team_id: int, now: datetime | None = None) -> list[dict]:
    """The team's workers' tablets that last reported unsent work and were last seen more than
    `AT_RISK_AFTER` ago, longest unseen first: the person, the tablet, how many items, since when."""
    before = ((now or datetime.now(UTC)) - AT_RISK_AFTER).isoformat(timespec="seconds")
    return list(
        db.query(
            """
        SELECT devices.id AS device_id, devices.name AS device_name, users.display_name AS person,
               devices.unsent_count, devices.oldest_unsent_at, devices.last_seen_at, devices.revoked_at
        FROM devices JOIN users ON users.id = devices.user_id
        WHERE users.team_id = ? AND devices.unsent_count > 0 AND devices.last_seen_at < ?
        ORDER BY devices.last_seen_at, users.display_name, devices.id
        LIMIT 500
        """,
            [team_id, before],
        )
    )
