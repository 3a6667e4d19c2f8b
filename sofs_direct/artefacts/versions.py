"""Versions: a kind whose work is kept as a chain of versions (a storyboard, a Safety House) joins its
artefacts by `supersedes`, the platform's correction chain (docs/sync.md). One way to find the chains,
for every such kind.

Main decision: a chain is every artefact linked by `supersedes` either way, through any number of
links (a union-find over the ids shown), so two tablets that both carried on from one version give
one chain with a fork, never two; an artefact naming one not shown (held for review, deleted) starts
its own chain.
"""

import json


def chains_of(rows, kind: str, order) -> dict[str, list[dict]]:
    """Each `kind` row's chain of versions, by the row's id, sorted by `order(row)`; each row with
    its document parsed as `parsed`. Rows of other kinds are left out."""
    shown = {
        row["id"]: {**row, "parsed": row.get("parsed") or json.loads(row["document"])}
        for row in rows
        if row["kind"] == kind
    }
    group = {artefact_id: artefact_id for artefact_id in shown}

    def root(artefact_id):
        while group[artefact_id] != artefact_id:
            group[artefact_id] = group[group[artefact_id]]
            artefact_id = group[artefact_id]
        return artefact_id

    for artefact_id, row in shown.items():
        earlier = row["parsed"]["supersedes"]
        if earlier in shown:
            group[root(artefact_id)] = root(earlier)
    members: dict[str, list[dict]] = {}
    for artefact_id, row in shown.items():
        members.setdefault(root(artefact_id), []).append(row)
    for versions in members.values():
        versions.sort(key=order)
    return {artefact_id: members[root(artefact_id)] for artefact_id in shown}
