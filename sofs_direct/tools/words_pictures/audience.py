"""What of a Words and Pictures version each audience may have: the children's additions follow
CHILDREN_SHARE (the storyboard itself is written to be shared with the family)."""

from ...artefacts.audience import allows
from ...platform.i18n import ngettext
from . import CHILDREN_SHARE
from .storyboard import has_additions


def for_audience(content: dict, audience: str | None) -> list[str]:
    if allows(CHILDREN_SHARE, audience):
        return []
    pages = [page for page in content["pages"] if has_additions(page)]
    for page in content["pages"]:
        page["children"] = None
    if not pages:
        return []
    return [ngettext("what the children added to %(num)s page", "what the children added to %(num)s pages", len(pages))]
