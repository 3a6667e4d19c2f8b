"""Retention: how long each kind of artefact is kept, what has passed its date, and deleting it
(docs/retention.md; `python app.py retention`).

Main decision: nothing is ever deleted on a timer. `due` only lists what has passed its date (ids,
kinds and dates, never the child's words); deleting happens when a person runs the command with
`--delete --confirm`, and deletes exactly what `due` lists. Each artefact goes in its own write
transaction with everything that names it — its words in search (voice_items and, by trigger,
voice_search), its links to assessments and the mapping entries copied from it (the child's words
must not outlive the artefact in a copy), its parts rows, its draft snapshots, its conflicting
copies, a network's merged tables rebuilt from the states that remain — and the audit row saying
so, so a crash leaves either all of it or none of it. Part files are removed only after that
commit, and only when no row still names them (files are named by their sealed hash and can be
shared), under the write lock: uploads write their files while holding it (ingest.py), so
no upload can be between writing a file and naming it while we look. A crash after the commit
leaves at worst a file nothing names, which every deleting run sweeps.

The built-in schedule keeps every kind until 7 years after the child's 18th birthday (their 25th
birthday) and draft snapshots for 1 year after they arrived; a service sets its own in a JSON file
(RETENTION_FILE). A malformed file is refused whole with a readable message, never half applied.
"""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..platform import audit
from ..platform.db import fsync_directory, utcnow, write
from . import voice
from .envelope import strict_json
from .kinds import KINDS, kind_of
from .store import part_path

STARTS = {
    "created": "it was made",  # the tablet's created_at: the day of the session
    "received": "the server received it",
    "eighteenth_birthday": "the child's 18th birthday",
}
YEARS_MAX = 150
DRAFTS = "drafts"
POLICY = "policy"  # an optional note in the file: which of the service's policies it implements
POLICY_MAX = 200
OPERATOR_MAX = 100

# Only files named the way store.write_part_file names them (and its temporary files) are ever
# swept; anything else in the folder is not ours to delete.
PART_FILE = re.compile(r"([0-9a-f]{2})/(\.?)([0-9a-f]{64})(\.[0-9a-f]{32}\.tmp)?")


class ScheduleInvalid(Exception):
    """The schedule file cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Rule:
    years: int
    start: str  # a key of STARTS

    def __str__(self) -> str:
        years = "1 year" if self.years == 1 else f"{self.years} years"
        return f"{years} after {STARTS[self.start]}"

    def due_on(self, made: str, received: str, date_of_birth: str) -> date:
        """The day this rule lets it go: on that day it is due (it was kept for the whole period)."""
        if self.start == "eighteenth_birthday":
            return add_years(date.fromisoformat(date_of_birth), 18 + self.years)
        # A document kept for review may not be readable (its `made` is then unknown): counted from
        # when it arrived, which is later, so nothing is deleted early.
        return add_years(date.fromisoformat((made or received) if self.start == "created" else received), self.years)


DEFAULT_RULE = Rule(7, "eighteenth_birthday")
DEFAULT_DRAFTS = Rule(1, "received")


@dataclass(frozen=True)
class Schedule:
    kinds: dict  # kind → Rule, for every kind
    drafts: Rule
    source: str = "the built-in schedule"
    policy: str = ""

    def rule_for(self, kind: str) -> Rule:
        return self.kinds.get(kind, DEFAULT_RULE)


def add_years(day: date, years: int) -> date:
    """The same day `years` later; a 29 February becomes 1 March in a year without one (the later of
    the two readings, so nothing is deleted a day early)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def default_schedule() -> Schedule:
    return Schedule(
        {name: Rule(kind.RETENTION["years"], kind.RETENTION["from"]) for name, kind in KINDS.items()}, DEFAULT_DRAFTS
    )


def _rule(value, name: str) -> Rule:
    if not isinstance(value, dict) or set(value) != {"years", "from"}:
        raise ScheduleInvalid(
            f'"{name}" must be an object with exactly "years" and "from", '
            'for example {"years": 7, "from": "eighteenth_birthday"}'
        )
    years = value["years"]
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= YEARS_MAX:
        raise ScheduleInvalid(f'"{name}": "years" must be a whole number from 1 to {YEARS_MAX}')
    if value["from"] not in STARTS:
        raise ScheduleInvalid(f'"{name}": "from" must be one of {", ".join(STARTS)}')
    return Rule(years, value["from"])


def parse_schedule(text: str, source: str = "the schedule file") -> Schedule:
    """A schedule from JSON: {"<kind>": rule, ..., "drafts": rule, "policy": "note"}. Kinds it does not
    name keep the built-in rule; an unknown kind, a duplicate key or a bad rule refuses the whole file."""
    try:
        found = strict_json(text)
    except (ValueError, RecursionError) as error:
        raise ScheduleInvalid(f"{source} is not valid JSON: {str(error)[:200]}") from None
    if not isinstance(found, dict):
        raise ScheduleInvalid(f"{source} must be a JSON object, one rule per kind")
    unknown = sorted(set(found) - set(KINDS) - {DRAFTS, POLICY})
    if unknown:
        raise ScheduleInvalid(
            f'{source}: "{unknown[0][:40]}" is not a kind of artefact this server knows '
            f'(the kinds: {", ".join(sorted(KINDS))}; and "{DRAFTS}")'
        )
    policy = found.get(POLICY, "")
    if not isinstance(policy, str) or len(policy) > POLICY_MAX:
        raise ScheduleInvalid(f'"{POLICY}" must be text of at most {POLICY_MAX} characters')
    kinds = default_schedule().kinds | {kind: _rule(rule, kind) for kind, rule in found.items() if kind in KINDS}
    drafts = _rule(found[DRAFTS], DRAFTS) if DRAFTS in found else DEFAULT_DRAFTS
    return Schedule(kinds, drafts, source, policy)


def load_schedule(path: str | None) -> Schedule:
    """The schedule in force: the file at `path`, or the built-in one when no file is set."""
    if not path:
        return default_schedule()
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScheduleInvalid(f"the schedule file {path} cannot be read: {error}") from None
    return parse_schedule(text, f"the schedule file {path}")


# --- what is due ------------------------------------------------------------------------------------

# Dates only: the document is read for its created_at and nothing else (the child's words stay put).
ARTEFACTS_SQL = """
SELECT artefacts.id AS artefact_id, artefacts.kind, artefacts.child_id,
       date(json_extract(artefacts.document, '$.created_at')) AS made, date(artefacts.received_at) AS received,
       children.date_of_birth
FROM artefacts JOIN children ON children.id = artefacts.child_id
"""
DRAFTS_SQL = """
SELECT draft_snapshots.id AS snapshot_id, draft_snapshots.artefact_id, draft_snapshots.draft_version,
       draft_snapshots.kind, draft_snapshots.child_id,
       date(json_extract(draft_snapshots.document, '$.created_at')) AS made,
       date(draft_snapshots.received_at) AS received, children.date_of_birth
FROM draft_snapshots JOIN children ON children.id = draft_snapshots.child_id
"""


def due(db, schedule: Schedule, today: date) -> list[dict]:
    """Everything past its retention date on `today`, soonest due first: for an artefact {kind,
    artefact_id, child_id, rule, due_on}, and for a draft snapshot whose artefact is not itself due
    the same plus {snapshot_id, draft_version} (an artefact's drafts go with it). Never the words."""
    found = []
    for row in db.query(ARTEFACTS_SQL):
        rule = schedule.rule_for(row["kind"])
        due_on = rule.due_on(row["made"], row["received"], row["date_of_birth"])
        if due_on <= today:
            found.append(
                {
                    "kind": row["kind"],
                    "artefact_id": row["artefact_id"],
                    "child_id": row["child_id"],
                    "rule": str(rule),
                    "due_on": due_on.isoformat(),
                }
            )
    going = {entry["artefact_id"] for entry in found}
    for row in db.query(DRAFTS_SQL):
        due_on = schedule.drafts.due_on(row["made"], row["received"], row["date_of_birth"])
        if due_on <= today and row["artefact_id"] not in going:
            found.append(
                {
                    "kind": row["kind"],
                    "artefact_id": row["artefact_id"],
                    "child_id": row["child_id"],
                    "rule": f"{DRAFTS}: {schedule.drafts}",
                    "due_on": due_on.isoformat(),
                    "snapshot_id": row["snapshot_id"],
                    "draft_version": row["draft_version"],
                }
            )
    found.sort(
        key=lambda entry: (entry["due_on"], entry["kind"], entry["artefact_id"], entry.get("draft_version") or 0)
    )
    return found


def describe(entry: dict) -> str:
    """ "<kind> <id>" or "draft 3 of <kind> <id>": what an audit row names."""
    what = f"{entry['kind']} {entry['artefact_id']}"
    return f"draft {entry['draft_version']} of {what}" if "snapshot_id" in entry else what


def listing(entries: list[dict], schedule: Schedule) -> str:
    """What the command prints: the schedule in force, then a table (kind, id, child id, due since)."""
    lines = [f"Schedule: {schedule.source}" + (f" ({schedule.policy})" if schedule.policy else "") + "."]
    if not entries:
        lines.append("Nothing has passed its retention date.")
        return "\n".join(lines)
    lines.append(
        f"{len(entries)} item(s) have passed their retention date. Deleting an artefact also deletes"
        " its drafts, its words in search, its links to assessments and the mapping entries taken from it."
    )
    rows = [("kind", "id", "child id", "due since")] + [
        (
            entry["kind"] + (f" (draft {entry['draft_version']})" if "snapshot_id" in entry else ""),
            entry["artefact_id"],
            entry["child_id"],
            entry["due_on"],
        )
        for entry in entries
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths + [0])).rstrip() for row in rows]
    return "\n".join(lines)


def operator_ok(name: str) -> bool:
    """An operator's name for the audit trail: one line of ordinary text."""
    return 0 < len(name.strip()) <= OPERATOR_MAX and name.isprintable()


# --- deleting -----------------------------------------------------------------------------------------


def _conflict_paths(db, where: str, params: list, table: str = "artefact_conflicts") -> set[str]:
    """The part files a copy kept aside names (its envelope lists its parts by sealed hash): a
    conflicting copy, or (`table="unmatched_uploads"`) an upload for a child this server does not have."""
    return {
        part_path(row["sealed"])
        for row in db.query(
            "SELECT json_extract(part.value, '$.sealed_sha256') AS sealed"
            f" FROM {table}, json_each({table}.envelope, '$.parts') AS part WHERE {where}",
            params,
        )
        if isinstance(row["sealed"], str)
    }


def named_paths(db) -> set[str]:
    """Every part file some row names: what a sweep keeps and what a backup copies."""
    named = {
        row["path"] for row in db.query("SELECT path FROM artefact_parts UNION SELECT path FROM draft_snapshot_parts")
    }
    return named | _conflict_paths(db, "1", []) | _conflict_paths(db, "1", [], "unmatched_uploads")


def still_named(db, paths: set[str]) -> set[str]:
    """Those of `paths` a stored row still names: a finalised artefact's part, a draft snapshot's
    part, or a part of a copy kept aside (a conflicting copy, an upload for a child this server does
    not have: a sweep once deleted those, though their rows were kept for the manager)."""
    return named_paths(db) & paths


def remove_unnamed(db, parts_dir, paths: set[str]) -> int:
    """Delete those of `paths` no row names, holding the write lock (see the module's docstring)."""
    removed = 0
    if not paths:
        return removed
    with write(db):
        for relative in sorted(paths - still_named(db, paths)):
            target = Path(parts_dir) / relative
            if target.is_file():
                target.unlink()
                fsync_directory(target.parent)
                removed += 1
    return removed


def sweep(db, parts_dir) -> int:
    """Remove part files (and temporary files) that no row names: left by a crash after a deletion's
    commit, or by an upload that failed after writing its file. Returns how many.

    Only when the folder is this store's: if the store names not one file in it (a store pointed at
    another store's folder, or an empty one), nothing in it can be proved an orphan of this store."""
    root = Path(parts_dir)
    ours = set()
    for path in root.glob("??/*") if root.is_dir() else ():
        relative = path.relative_to(root).as_posix()
        match = PART_FILE.fullmatch(relative)
        if match and match.group(1) == match.group(3)[:2] and path.is_file():
            ours.add(relative)
    if not still_named(db, ours):
        return 0
    return remove_unnamed(db, parts_dir, ours)


def _audit(db, child_id: str, entry: dict, operator: str | None) -> None:
    """The audit row, in the deleting transaction (audit.record opens its own, which cannot nest).
    No user: the command is run on the server, not by a signed-in person; the operator's name if given."""
    what = f"deleted under the retention schedule: {describe(entry)} ({entry['rule']})"
    if operator:
        what += f"; run by {operator}"
    audit.append(db, None, None, "change", child_id, what)


def _retire_numbers(db, where: str, params) -> None:
    """Keep the tablet sequence numbers of what is deleted, so the team page does not report them as
    never arrived (migration 0006)."""
    db.execute(
        "INSERT OR IGNORE INTO retired_sequences (device_id, device_seq, retired_at)"
        f" SELECT device_id, device_seq, ? FROM ({where})",
        [utcnow(), *params],
    )


def delete_artefact(db, entry: dict, operator: str | None = None) -> set[str] | None:
    """Delete one artefact and everything that names it, in one transaction; returns the part files
    it named (to remove once nothing else does), or None when it was already gone."""
    artefact_id = entry["artefact_id"]
    with write(db):
        row = next(
            db.query(
                "SELECT kind, child_id, json_extract(document, '$.content.network') AS network_id"
                " FROM artefacts WHERE id = ?",
                [artefact_id],
            ),
            None,
        )
        if row is None:
            return None
        snapshots = "SELECT id FROM draft_snapshots WHERE artefact_id = :id"
        params = {"id": artefact_id}
        paths = {
            r["path"]
            for r in db.query(
                "SELECT path FROM artefact_parts WHERE artefact_id = :id"
                f" UNION SELECT path FROM draft_snapshot_parts WHERE snapshot_id IN ({snapshots})",
                params,
            )
        }
        paths |= _conflict_paths(db, "artefact_conflicts.artefact_id = ?", [artefact_id])
        voice.forget(db, artefact_id)
        _retire_numbers(
            db,
            "SELECT device_id, device_seq FROM artefacts WHERE id = ?"
            " UNION SELECT device_id, device_seq FROM draft_snapshots WHERE artefact_id = ?",
            [artefact_id, artefact_id],
        )
        for statement in (
            "DELETE FROM mapping_entries WHERE source_artefact_id = :id",
            "DELETE FROM assessment_artefacts WHERE artefact_id = :id",
            "DELETE FROM artefact_parts WHERE artefact_id = :id",
            f"DELETE FROM draft_snapshot_parts WHERE snapshot_id IN ({snapshots})",
            "DELETE FROM draft_snapshots WHERE artefact_id = :id",
            "DELETE FROM artefact_conflicts WHERE artefact_id = :id",
            "DELETE FROM artefacts WHERE id = :id",
        ):
            db.execute(statement, params)
        kind_of(row["kind"]).on_deleted(db, row)  # a kind's derived tables, rebuilt from what remains
        _audit(db, row["child_id"], entry, operator)
    return paths


def delete_draft(db, entry: dict, operator: str | None = None) -> set[str] | None:
    """Delete one draft snapshot, its parts rows and the conflicting copies of that draft version."""
    with write(db):
        row = next(
            db.query(
                "SELECT artefact_id, draft_version, child_id FROM draft_snapshots WHERE id = ?", [entry["snapshot_id"]]
            ),
            None,
        )
        if row is None:
            return None
        paths = {
            r["path"]
            for r in db.query("SELECT path FROM draft_snapshot_parts WHERE snapshot_id = ?", [entry["snapshot_id"]])
        }
        same_version = "artefact_conflicts.artefact_id = ? AND artefact_conflicts.draft_version = ?"
        paths |= _conflict_paths(db, same_version, [row["artefact_id"], row["draft_version"]])
        _retire_numbers(db, "SELECT device_id, device_seq FROM draft_snapshots WHERE id = ?", [entry["snapshot_id"]])
        db.execute("DELETE FROM draft_snapshot_parts WHERE snapshot_id = ?", [entry["snapshot_id"]])
        db.execute(f"DELETE FROM artefact_conflicts WHERE {same_version}", [row["artefact_id"], row["draft_version"]])
        db.execute("DELETE FROM draft_snapshots WHERE id = ?", [entry["snapshot_id"]])
        _audit(db, row["child_id"], entry, operator)
    return paths


def delete_due(db, entries: list[dict], parts_dir, operator: str | None = None) -> dict:
    """Delete each listed entry (as `due` returned them), then the files nothing names any more.
    Returns {deleted, files}: how many entries were deleted and how many files removed."""
    deleted = files = 0
    for entry in entries:
        paths = (delete_draft if "snapshot_id" in entry else delete_artefact)(db, entry, operator)
        if paths is None:
            continue  # already gone (another run): nothing to do, nothing to audit
        deleted += 1
        files += remove_unnamed(db, parts_dir, paths)
    files += sweep(db, parts_dir)
    return {"deleted": deleted, "files": files}
