"""Describing one Words and Pictures version: its title, a page by its id, the drawings it names,
what the children added and who added it, the day it was saved, and the children's words for the
child's voice (voice.py).

Main decision: only what the children wrote on a page is their voice; the adults' text on the
storyboard is not theirs, however much it is about them.
"""

from ...platform.dates import long_date
from ...platform.i18n import _
from . import CHILDREN_SHARE


def voice_items(content: dict) -> list[dict]:
    """What the children wrote on the storyboard's pages, for voice.py (the adults' text is not theirs)."""
    return [
        {
            "item": f"children-{page['id']}",
            "place": page["id"],
            "text": page["children"]["text"],
            "by": "child",
            "share": CHILDREN_SHARE,
        }
        for page in content["pages"]
        if page["children"] and page["children"]["text"]
    ]


def title_of(content: dict) -> str:
    return content["title"] or _("Our words and pictures")


def page_of(content: dict, page_id: str) -> dict | None:
    return next((page for page in content["pages"] if page["id"] == page_id), None)


def drawing_names(content: dict) -> list[str]:
    """Every drawing part the storyboard names, page by page."""
    names = []
    for page in content["pages"]:
        names += [page["drawing"]] if page["drawing"] else []
        if page["children"] and page["children"]["drawing"]:
            names.append(page["children"]["drawing"])
    return names


def has_additions(page: dict) -> bool:
    """Whether the children added anything to the page (an empty addition is not shown)."""
    children = page["children"]
    return children is not None and bool(children["text"] or children["drawing"])


def version_day(document: dict) -> str:
    """The day the version was saved, in the UK ("23 November 2026")."""
    return long_date(document["created_at"])


def added_by(page: dict) -> str:
    name = page["children"]["name"]
    return _("Added by %(name)s", name=name) if name else _("Added by the children")
