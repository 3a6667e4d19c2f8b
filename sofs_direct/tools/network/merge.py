"""The family and safety network on the server: merging saved states, the current network in
tables, and its history (docs/network.md; the team figures over those tables are figures.py).

Main decision: the order of changes is the order the server received them, never a tablet's clock.
A tablet's clock can be wrong or set on purpose (a change stamped 9999 would win for ever under
last-writer-wins by time), so `merge` is a pure function of the stored states in the order they
were received (received_at, then rowid): each change — a member's field as stamped {value, at, by},
or a removal {at, by} — ranks by the first state that contains it, and for each member and field the
highest-ranked change wins. A state carries the whole network as its tablet knew it, so the changes
it merely carried over from what the tablet was prepared with keep the rank they first had; only
what is new in it can win. This is a last-writer-wins register per field (Shapiro et al.,
"Conflict-free Replicated Data Types", 2011) whose "time" is the server's order of arrival. The
stamps' `at` is kept and shown (when a tablet says it was changed) but orders nothing. The states
themselves are never changed; after each new state `apply_state` merges *all* the network's stored
states again and rewrites its derived rows, in the transaction that stores the state, so the tables
are always the merge of what is stored and can be rebuilt at any time.

What the merge cannot decide is kept as a conflict, never dropped:
- `removed_and_changed`: a member removed on one tablet and changed later (first received after the
  removal) on a tablet whose state does not list that removal (it did not know). The later change
  wins (the member stays, as with any field); the worker is shown both. A state that lists the
  removal *and* still holds the member has seen it and kept them on purpose, which settles it.
- `possible_duplicate`: two members (not removed) with the same name, case- and accent-insensitive.
"""

import json

from ...platform.i18n import _
from . import FIELDS, same_name

FLAG_FIELDS = ("parent", "parental_responsibility", "willing", "clear")


# --- merging ------------------------------------------------------------------------------------


def _change(stamp: dict, value_key: str | None = "value") -> str:
    """One change, as a key: the same stamp carried in a later state is the same change."""
    return json.dumps([stamp["at"], stamp["by"], stamp.get(value_key) if value_key else None], sort_keys=True)


def merge(states: list[dict]) -> dict:
    """The merged network of saved states (each a `network` content), given in the order the server
    received them: members {id: {field: stamp}}, removed {id: stamp} for the members removed now, and
    the conflicts."""
    members: dict[str, dict] = {}
    # Each change's rank (the first state holding it) and whether that state lists a removal of the member.
    first: dict[tuple, tuple[int, bool]] = {}
    removals: dict[str, tuple[int, dict]] = {}
    seen_removals: set = set()
    for rank, state in enumerate(states):
        gone = {removal["id"] for removal in state["removed"]}
        for member in state["members"]:
            fields = members.setdefault(member["id"], {})
            for name, stamp in member["fields"].items():
                key = (member["id"], name, _change(stamp))
                if key not in first:  # new in this state, so later than every change seen before
                    first[key] = (rank, member["id"] in gone)
                    fields[name] = {"value": stamp["value"], "at": stamp["at"], "by": stamp["by"]}
        for removal in state["removed"]:
            key = (removal["id"], _change(removal, None))
            if key not in seen_removals:
                seen_removals.add(key)
                removals[removal["id"]] = (rank, {"at": removal["at"], "by": removal["by"]})
    changes_of: dict[str, list] = {}
    for (member_id, name, change), (rank, aware) in first.items():
        changes_of.setdefault(member_id, []).append((rank, name, aware, change))
    conflicts, removed = [], {}
    for member_id, (removal_rank, removal) in removals.items():
        later = [change for change in changes_of.get(member_id, []) if change[0] > removal_rank]
        if not later:
            removed[member_id] = removal  # nothing changed since: removed
            continue
        unaware = [change for change in later if not change[2]]
        if unaware:  # changed later on a tablet that never saw the removal: the worker must decide
            _, name, _, change = max(unaware)
            at, by, _ = json.loads(change)
            conflicts.append(
                {
                    "kind": "removed_and_changed",
                    "members": [member_id],
                    "removed": removal,
                    "changed": {"field": name, "at": at, "by": by},
                }
            )
    by_name: dict[str, list] = {}
    for member_id, fields in members.items():
        if member_id not in removed and "name" in fields:
            by_name.setdefault(same_name(fields["name"]["value"]), []).append(member_id)
    for ids in by_name.values():
        if len(ids) > 1:
            conflicts.append(
                {"kind": "possible_duplicate", "members": sorted(ids), "name": members[sorted(ids)[0]]["name"]["value"]}
            )
    conflicts.sort(key=lambda conflict: (conflict["kind"], conflict["members"]))
    return {"members": members, "removed": removed, "conflicts": conflicts}


# --- the current network in tables ----------------------------------------------------------------

STATES_SQL = """
    SELECT id, child_id, author_id, device_id, received_at, document FROM artefacts
    WHERE kind = 'network' AND flag IS NULL AND json_extract(document, '$.content.network') = ?
    ORDER BY received_at, rowid
"""


def states(db, network_id: str) -> list[dict]:
    """The network's stored, unflagged saved states in the order the server received them."""
    found = []
    for row in db.query(STATES_SQL, [network_id]):
        found.append({**row, "document": json.loads(row["document"])})
    return found


def belongs_to(db, network_id: str) -> list[str]:
    """The children a network is for now, as its stored, admitted states made it (never as a new
    state says): empty for a network no state of which is stored yet."""
    return [
        row["child_id"]
        for row in db.query(
            "SELECT child_id FROM network_children WHERE network_id = ? ORDER BY child_id", [network_id]
        )
    ]


def review_reason(db, author, network_id: str) -> str | None:
    """Why a state or meeting naming `network_id` must not join it: the network already belongs to
    children its author may not see. An id a tablet sends never grants access (issue 13: a state
    naming another child's network would have read that network into the sender's child, and taken
    it from the other child's record); a network belongs to the children it was created for. None
    when the network is new, or the author may see at least one child it belongs to."""
    from ...platform.children import child_visible_to

    children = belongs_to(db, network_id)
    if not children or any(child_visible_to(db, author, child) is not None for child in children):
        return None
    return _(
        "This names a safety network that belongs to children you do not work with, so it was not added "
        "to it. It is kept for your manager to review and is not shown in any child's record."
    )


def _children_of(db, latest: dict, network_id: str) -> list[str]:
    """The latest received state's children that its author may see: a tablet cannot attach a network
    (and so its people) to a child outside the worker's caseload. The document's child always counts:
    the platform checked it before storing. A child the network was already for, whom the author may
    not see, stays: a worker cannot take a network from a child they do not work with."""
    from ...platform.children import child_visible_to

    author = next(db.query("SELECT * FROM users WHERE id = ?", [latest["author_id"]]))
    document = latest["document"]
    named = [
        child
        for child in document["content"]["children"]
        if child == document["child_id"] or child_visible_to(db, author, child) is not None
    ]
    kept = [
        child
        for child in belongs_to(db, network_id)
        if child not in named and child_visible_to(db, author, child) is None
    ]
    return named + kept


def _column(field: str, stamp: dict | None):
    if stamp is None:
        return None
    if field == "child_view":
        return json.dumps(stamp["value"])
    if field in FLAG_FIELDS and stamp["value"] is not None:
        return int(stamp["value"])
    return stamp["value"]


def apply_state(db, row: dict, document: dict) -> dict:
    """Merge every stored state of the document's network again and rewrite its derived rows.

    Runs inside the caller's write transaction (the artefact's, via the kind's `on_stored`)."""
    network_id = document["content"]["network"]
    saved = states(db, network_id)
    merged = merge([state["document"]["content"] for state in saved])
    children = _children_of(db, saved[-1], network_id)
    db.execute("DELETE FROM network_children WHERE network_id = ?", [network_id])
    db.execute("DELETE FROM network_members WHERE network_id = ?", [network_id])
    db.execute("DELETE FROM network_conflicts WHERE network_id = ?", [network_id])
    db.execute(
        "INSERT INTO networks (id, states, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE"
        " SET states = excluded.states, updated_at = excluded.updated_at",
        [network_id, len(saved), row["received_at"]],
    )
    for child in children:
        db.execute("INSERT INTO network_children (network_id, child_id) VALUES (?, ?)", [network_id, child])
    for member_id, fields in merged["members"].items():
        if "name" not in fields:
            continue  # only ever seen removed: nothing to show
        removal = merged["removed"].get(member_id)
        db.execute(
            f"INSERT INTO network_members (network_id, member_id, {', '.join(FIELDS)}, removed, removed_at,"
            f" removed_by, stamps) VALUES ({', '.join('?' for _ in range(len(FIELDS) + 6))})",
            [
                network_id,
                member_id,
                *(_column(field, fields.get(field)) for field in FIELDS),
                int(removal is not None),
                removal and removal["at"],
                removal and removal["by"],
                json.dumps(fields, ensure_ascii=False),
            ],
        )
    for conflict in merged["conflicts"]:
        detail = {key: value for key, value in conflict.items() if key not in ("kind", "members")}
        db.execute(
            "INSERT INTO network_conflicts (network_id, kind, members, detail) VALUES (?, ?, ?, ?)",
            [network_id, conflict["kind"], json.dumps(conflict["members"]), json.dumps(detail, ensure_ascii=False)],
        )
    return merged


def current(db, network_id: str) -> dict | None:
    """The merged network from the tables: {network, children, states, updated_at, members
    {id: {field: {value, at, by}}}, removed {id: {at, by}}, conflicts, people (the member rows,
    by ring then name, with `removed`)}; None when no state of it is stored."""
    network = next(db.query("SELECT * FROM networks WHERE id = ?", [network_id]), None)
    if network is None:
        return None
    people = list(
        db.query(
            "SELECT * FROM network_members WHERE network_id = ?"
            " ORDER BY removed, ring IS NULL, ring, name COLLATE NOCASE, member_id",
            [network_id],
        )
    )
    for person in people:
        person["child_view"] = json.loads(person["child_view"]) if person["child_view"] else []
        for field in FLAG_FIELDS:
            person[field] = None if person[field] is None else bool(person[field])
        person["removed"] = bool(person["removed"])
    conflicts = [
        {"kind": conflict["kind"], "members": json.loads(conflict["members"]), **json.loads(conflict["detail"])}
        for conflict in db.query("SELECT * FROM network_conflicts WHERE network_id = ? ORDER BY id", [network_id])
    ]
    return {
        "network": network_id,
        "states": network["states"],
        "updated_at": network["updated_at"],
        "children": [
            row["child_id"]
            for row in db.query(
                "SELECT child_id FROM network_children WHERE network_id = ? ORDER BY child_id", [network_id]
            )
        ],
        "members": {person["member_id"]: json.loads(person.pop("stamps")) for person in people},
        "removed": {
            person["member_id"]: {"at": person["removed_at"], "by": person["removed_by"]}
            for person in people
            if person["removed"]
        },
        "conflicts": conflicts,
        "people": people,
    }


def for_child(db, child_id: str) -> dict | None:
    """The merged network of a child (the one saved most recently, if a tablet started two), or None."""
    row = next(
        db.query(
            "SELECT networks.id FROM network_children JOIN networks ON networks.id = network_id"
            " WHERE child_id = ? ORDER BY updated_at DESC, networks.id LIMIT 1",
            [child_id],
        ),
        None,
    )
    return current(db, row["id"]) if row else None


def for_tablet(network: dict | None) -> dict | None:
    """The merged network as the tablet edits it: shaped like a `network` content (members that are
    not removed, each field with its stamp; the removals), plus the conflicts to show."""
    if network is None:
        return None
    return {
        "network": network["network"],
        "children": network["children"],
        "members": [
            {"id": member_id, "fields": fields}
            for member_id, fields in network["members"].items()
            if member_id not in network["removed"]
        ],
        "removed": [{"id": member_id, **removal} for member_id, removal in network["removed"].items()],
        "conflicts": network["conflicts"],
    }


# --- history ------------------------------------------------------------------------------------


def present(merged: dict) -> dict[str, dict]:
    """The merged members not removed, by id (each a name and its other fields' stamps)."""
    return {
        member_id: fields
        for member_id, fields in merged["members"].items()
        if member_id not in merged["removed"] and "name" in fields
    }


def field_value(fields: dict, field: str):
    """A member's field as last merged, or None when it was never given."""
    return fields[field]["value"] if field in fields else None


def history(db, network_id: str) -> list[dict]:
    """Every saved state, oldest first, with how the merged network changed when it arrived: who was
    added, removed, moved to another ring, and newly told the danger statement (`informed`), and how
    many people it then had (`people`), of whom how many were informed and willing (`ready`)."""
    saved = states(db, network_id)
    authors = {row["id"]: row["display_name"] for row in db.query("SELECT id, display_name FROM users")}
    before: dict[str, dict] = {}
    result = []
    for number in range(1, len(saved) + 1):
        state = saved[number - 1]
        now = present(merge([earlier["document"]["content"] for earlier in saved[:number]]))
        result.append(
            {
                "artefact_id": state["id"],
                "child_id": state["child_id"],
                "author": authors.get(state["author_id"], ""),
                "device_id": state["device_id"],
                "created_at": state["document"]["created_at"],
                "received_at": state["received_at"],
                "people": len(now),
                # How it grew: people told the danger statement and the worries, and willing.
                "ready": sum(
                    1
                    for fields in now.values()
                    if field_value(fields, "informed") and field_value(fields, "willing") is True
                ),
                "added": [field_value(now[m], "name") for m in now if m not in before],
                "removed": [field_value(before[m], "name") for m in before if m not in now],
                "moved": [
                    {
                        "name": field_value(now[m], "name"),
                        "from": field_value(before[m], "ring"),
                        "to": field_value(now[m], "ring"),
                    }
                    for m in now
                    if m in before and field_value(now[m], "ring") != field_value(before[m], "ring")
                ],
                "informed": [
                    field_value(now[m], "name")
                    for m in now
                    if field_value(now[m], "informed") and not (m in before and field_value(before[m], "informed"))
                ],
            }
        )
        before = now
    return result
