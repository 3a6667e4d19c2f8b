"""Comparing two versions of a Words and Pictures storyboard: their pages side by side, matched by
page id, with the words that changed.

Main decision: a text is compared word by word with the spaces and line breaks as words too, so
both versions' texts are kept exactly (the family's words are never tidied, even in a comparison).
"""

import difflib
import re

TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The change from `before` to `after` word by word, as ("equal" | "delete" | "insert", text)
    pieces: the "equal" and "delete" pieces join back into `before`, the "equal" and "insert"
    pieces into `after`. Spaces and line breaks are tokens too, so both texts are kept exactly."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    pieces = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if operation == "equal":
            pieces.append(("equal", "".join(old[old_start:old_end])))
            continue
        if old_end > old_start:
            pieces.append(("delete", "".join(old[old_start:old_end])))
        if new_end > new_start:
            pieces.append(("insert", "".join(new[new_start:new_end])))
    return pieces


def _additions(page: dict | None) -> dict:
    return (page or {}).get("children") or {"name": "", "text": "", "drawing": None}


def compare(older: dict, newer: dict, older_hashes: dict | None = None, newer_hashes: dict | None = None) -> list[dict]:
    """Two versions' pages side by side, matched by page id (ids are kept when pages move), in the
    newer version's order with each removed page where it used to be. Each row: `id`, `status`
    ("added", "removed", "moved", "changed" or "same"), `changed` (a page in both versions whose
    words or drawings differ, moved or not), `old`/`new` (the page or None), their
    numbers, and word-level diffs of the text and of the children's text. `*_hashes` map part
    names to their sha256, to tell whether a drawing changed."""
    old_pages, new_pages = older["pages"], newer["pages"]
    old_ids, new_ids = [page["id"] for page in old_pages], [page["id"] for page in new_pages]
    old_number = {page_id: number for number, page_id in enumerate(old_ids, start=1)}
    new_number = {page_id: number for number, page_id in enumerate(new_ids, start=1)}
    older_hashes, newer_hashes = older_hashes or {}, newer_hashes or {}

    def drawn(hashes: dict, name):
        """What identifies a drawing's content: its hash (its name when the hash is not known)."""
        return hashes.get(name, name) if name else None

    def row(page_id, status):
        old = old_pages[old_number[page_id] - 1] if page_id in old_number else None
        new = new_pages[new_number[page_id] - 1] if page_id in new_number else None
        old_kids, new_kids = _additions(old), _additions(new)
        changed = (
            old is not None
            and new is not None
            and (
                old["text"] != new["text"]
                or old_kids["text"] != new_kids["text"]
                or old_kids["name"] != new_kids["name"]
                or drawn(older_hashes, old["drawing"]) != drawn(newer_hashes, new["drawing"])
                or drawn(older_hashes, old_kids["drawing"]) != drawn(newer_hashes, new_kids["drawing"])
            )
        )
        if status is None:
            status = "changed" if changed else "same"
        return {
            "id": page_id,
            "status": status,
            "changed": changed,
            "old": old,
            "new": new,
            "old_number": old_number.get(page_id),
            "new_number": new_number.get(page_id),
            "text": word_diff(old["text"] if old else "", new["text"] if new else ""),
            "children_text": word_diff(old_kids["text"], new_kids["text"]),
        }

    rows = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
        None, old_ids, new_ids, autojunk=False
    ).get_opcodes():
        if operation == "equal":
            rows += [row(page_id, None) for page_id in old_ids[old_start:old_end]]
            continue
        # A page in both versions but out of the common order has moved: shown once, where it is now.
        rows += [row(page_id, "removed") for page_id in old_ids[old_start:old_end] if page_id not in new_number]
        rows += [row(page_id, "moved" if page_id in old_number else "added") for page_id in new_ids[new_start:new_end]]
    return rows
