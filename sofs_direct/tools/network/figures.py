"""The safety and resilience challenge in figures, for each worker and the team (docs/network.md):
how many of their allocated children have work involving both parents, and a network of N informed,
willing people who are not parents around them.

Main decision: SQL aggregates over the network's derived tables (merge.apply_state keeps them the
merge of what is stored), one query for every worker and child, so the team page costs the same
whatever the number of networks; each figure names the children behind it.
"""

# Per allocation (worker, child): whether the work involves both parents, and whether N informed,
# willing people who are not parents stand around the child. A child in two networks (two tablets
# each started one) counts when either network qualifies.
FIGURES_SQL = """
WITH chosen AS (
    SELECT allocations.user_id, allocations.child_id FROM allocations
    JOIN users ON users.id = allocations.user_id
    WHERE {who}
),
per_network AS (
    SELECT nc.child_id,
        SUM(m.parent = 1 AND m.removed = 0) AS parents,
        SUM(m.parent = 1 AND m.removed = 0 AND m.informed IS NULL) AS parents_not_told,
        SUM(COALESCE(m.parent, 0) = 0 AND m.removed = 0 AND m.informed IS NOT NULL AND m.willing = 1) AS ready
    FROM network_children nc
    LEFT JOIN network_members m ON m.network_id = nc.network_id
    WHERE nc.child_id IN (SELECT child_id FROM chosen)
    GROUP BY nc.child_id, nc.network_id
),
per_child AS (
    SELECT child_id, MAX(parents > 0 AND parents_not_told = 0) AS both_parents, MAX(ready >= :size) AS network
    FROM per_network GROUP BY child_id
)
SELECT chosen.user_id, users.display_name, children.id AS child_id, children.known_as,
    COALESCE(per_child.both_parents, 0) AS both_parents, COALESCE(per_child.network, 0) AS network
FROM chosen
JOIN users ON users.id = chosen.user_id
JOIN children ON children.id = chosen.child_id
LEFT JOIN per_child ON per_child.child_id = chosen.child_id
ORDER BY users.display_name, users.id, children.known_as COLLATE NOCASE, children.id
"""


def _figure(children: list[dict], key: str) -> dict:
    behind = [{"id": child["child_id"], "known_as": child["known_as"]} for child in children if child[key]]
    return {"count": len(behind), "share": len(behind) / len(children) if children else None, "children": behind}


def _summary(children: list[dict]) -> dict:
    return {
        "total": len(children),
        "children": [{"id": child["child_id"], "known_as": child["known_as"]} for child in children],
        "both_parents": _figure(children, "both_parents"),
        "network": _figure(children, "network"),
    }


def figures(db, user_ids_or_team, size: int = 3) -> dict:
    """The safety and resilience challenge for each worker and the team (docs/network.md).

    `user_ids_or_team`: a team id (int: every worker of the team) or a list of user ids. Returns
    {size, workers: [{user_id, display_name, total, children, both_parents, network}], team: {...}},
    each figure {count, share (None with no children), children [{id, known_as}]}."""
    if isinstance(user_ids_or_team, int) and not isinstance(user_ids_or_team, bool):
        who, params = "users.team_id = :team", {"team": user_ids_or_team}
    else:
        ids = [int(user_id) for user_id in user_ids_or_team]
        who = f"users.id IN ({', '.join(f':u{n}' for n in range(len(ids)))})" if ids else "0"
        params = {f"u{n}": user_id for n, user_id in enumerate(ids)}
    rows = list(db.query(FIGURES_SQL.format(who=who), {**params, "size": size}))
    workers: dict[int, dict] = {}
    team: dict[str, dict] = {}
    for row in rows:
        workers.setdefault(
            row["user_id"], {"user_id": row["user_id"], "display_name": row["display_name"], "rows": []}
        )["rows"].append(row)
        team.setdefault(row["child_id"], row)
    team_children = sorted(team.values(), key=lambda row: (row["known_as"].casefold(), row["child_id"]))
    return {
        "size": size,
        "workers": [
            {"user_id": worker["user_id"], "display_name": worker["display_name"], **_summary(worker["rows"])}
            for worker in workers.values()
        ],
        "team": _summary(team_children),
    }
