"""Words and Pictures: a storyboard of drawings and short texts that parents write with the worker,
for their children, to explain what happened and why the worker is involved, or to set out the
family's safety plan (Turnell and Essex's Words and Pictures, used in Signs of Safety). The schema
check of its artefact (docs/words-and-pictures.md) and its renders: a page's drawing, the booklet
as a PDF, and each panel of the booklet as a picture.

Main decision: every saved version is its own finalised artefact, and a later version names the one
it came from in `supersedes` (the platform's correction chain), so no version is ever overwritten;
this module checks one version's content, and records.py follows the chain. The check is field by
field against the doc — exact fields, types, limits — with each refusal naming the page by its
number as the family sees it ("page 3"), not by its id. Strings are stored exactly as entered: a
check only accepts or refuses, never tidies (the shared rules of artefacts/fields.py and validation.py).

The booklet is printed in the storyboard's own language (`language`), whatever the worker's screen
is set to: it is made for the children, and the doc says the language is the booklet's. Its words
are the family's exactly; the worker's version note and the agreed wording are not printed in it.
"""

import difflib
import re

from PIL import Image

from ...artefacts import contracts
from ...artefacts.fields import blank_page_drawing, check_person, check_text, exact_fields, is_identifier, is_whole
from ...artefacts.phrases import joined, person, written_in
from ...paper import booklets, ink, raster
from ...paper.drawing import drawing_image
from ...platform import folding
from ...platform.dates import long_date
from ...platform.i18n import _, _l
from ...platform.invalid import DocumentInvalid

LABEL = _l("Words and Pictures")
DIRECT_WORK = True  # read with the children, who add their own words and drawings (voice.py)
# A storyboard is written to be read to the children and shared with the family and the network:
# what a child adds to it while it is read with them is shared the same way (docs/words-and-pictures.md).
CHILDREN_SHARE = ["conference", "network", "parents"]
CONTRACT = contracts.load("words_pictures")  # the limits and choices the tablet reads too
PURPOSES = tuple(CONTRACT["purposes"])
PURPOSE_NAMES = {"explanation": _l("Words and Pictures explanation"),
                 "safety-plan": _l("Words and Pictures safety plan")}
LANGUAGES = tuple(CONTRACT["languages"])
HINTS = tuple(CONTRACT["hints"])
# The outline pages' names, as the tablet shows them (static/js/tools/words-pictures.js).
HINT_NAMES = {"family": _l("Our family"), "worries": _l("Who got worried"), "what-happened": _l("What happened"),
              "since": _l("Since then"), "next": _l("What happens next"),
              "who-to-tell": _l("Who the children can talk to"), "safety-plan": _l("The safety plan")}
LANGUAGE_NAMES = {"en": _l("English"), "cy": _l("Welsh")}

CONTENT_FIELDS = ("purpose", "title", "language", "pages", "agreed_words", "version")
PAGE_FIELDS = ("id", "hint", "text", "drawing", "children")
CHILDREN_FIELDS = ("name", "text", "drawing")
AGREED_FIELDS = ("term", "wording")
VERSION_FIELDS = ("number", "took_part", "agreed_by", "note", "read_to_children")

TITLE_MAX = CONTRACT["title_max"]
PAGES_MAX = CONTRACT["pages_max"]
TEXT_MAX = CONTRACT["text_max"]
CHILD_NAME_MAX = CONTRACT["child_name_max"]
AGREED_MAX = CONTRACT["agreed_max"]
AGREED_TEXT_MAX = CONTRACT["agreed_text_max"]
PEOPLE_MAX = CONTRACT["people_max"]
NOTE_MAX = CONTRACT["note_max"]
VERSION_MAX = CONTRACT["version_max"]  # a bound on the version number: no storyboard is saved this often

PAPERS = tuple(booklets.PAPERS)
PER_SHEET = (1, 2)
PAGE_PX = 600  # a page's drawing on the record page


# --- the schema check ---------------------------------------------------------------------------

def _drawing_part(name, expected: str, what, parts: dict[str, str], named: set) -> None:
    """A drawing named in the content: null, or the part `expected`, sent as a drawing."""
    if name is None:
        return
    if name != expected:
        raise DocumentInvalid(_("%(what)s must be named %(name)s", what=what, name=expected))
    if name not in parts:
        raise DocumentInvalid(_("%(what)s was not sent with the storyboard", what=what))
    if parts[name] != ink.MEDIA_TYPE:
        raise DocumentInvalid(_("The part %(name)s is not a drawing", name=name))
    named.add(name)


def _check_page(page, number: int, parts: dict[str, str], named: set, seen: set) -> None:
    where = _("Page %(number)s", number=number)
    exact_fields(page, PAGE_FIELDS, where)
    if not is_identifier(page["id"]):
        raise DocumentInvalid(_("Page %(number)s has an id that is not 1 to 40 lowercase letters, digits or hyphens",
                                number=number))
    if page["id"] in seen:
        raise DocumentInvalid(_("Two pages have the same id, %(id)s", id=page["id"]))
    seen.add(page["id"])
    if page["hint"] not in HINTS:
        raise DocumentInvalid(_("Page %(number)s starts from an outline page this server does not know",
                                number=number))
    check_text(page["text"], _("The text of page %(number)s", number=number), TEXT_MAX)
    _drawing_part(page["drawing"], f"ink-{page['id']}", _("The drawing on page %(number)s", number=number),
                  parts, named)
    children = page["children"]
    if children is None:
        return
    exact_fields(children, CHILDREN_FIELDS, _("What the children added to page %(number)s", number=number))
    check_text(children["name"], _("The name of the child who added to page %(number)s", number=number),
          CHILD_NAME_MAX, one_line=True)
    check_text(children["text"], _("What the children wrote on page %(number)s", number=number), TEXT_MAX)
    _drawing_part(children["drawing"], f"kids-{page['id']}",
                  _("The children's drawing on page %(number)s", number=number), parts, named)


def _check_agreed_words(agreed) -> None:
    if not isinstance(agreed, list):
        raise DocumentInvalid(_("The agreed words must be a list"))
    if len(agreed) > AGREED_MAX:
        raise DocumentInvalid(_("A storyboard can have at most %(n)s agreed words (it has %(count)s)", n=AGREED_MAX,
                                count=len(agreed)))
    terms = set()
    for number, word in enumerate(agreed, start=1):
        exact_fields(word, AGREED_FIELDS, _("Agreed word %(number)s", number=number))
        check_text(word["term"], _("The term of agreed word %(number)s", number=number), AGREED_TEXT_MAX, one_line=True)
        check_text(word["wording"], _("The agreed wording of agreed word %(number)s", number=number), AGREED_TEXT_MAX,
              one_line=True)
        # Case-insensitive (the doc): "Depression" and "depression" are one term with one wording;
        # the tablet folds by the same rule (folding.same_term, docs/folding-and-matching.md).
        term = folding.same_term(word["term"])
        if term in terms:
            raise DocumentInvalid(_("The term %(term)s is in the agreed words twice", term=word["term"]))
        terms.add(term)


def _check_version(version, final: bool) -> None:
    exact_fields(version, VERSION_FIELDS, _("The version details"))
    if not is_whole(version["number"], 1, VERSION_MAX):
        raise DocumentInvalid(_("The version number must be a whole number from 1"))
    took_part, agreed_by = version["took_part"], version["agreed_by"]
    if not isinstance(took_part, list) or not isinstance(agreed_by, list):
        raise DocumentInvalid(_("Who took part and who agreed must each be a list of people"))
    if len(took_part) > PEOPLE_MAX:
        raise DocumentInvalid(_("At most %(n)s people can be recorded as taking part", n=PEOPLE_MAX))
    if len(agreed_by) > PEOPLE_MAX:
        raise DocumentInvalid(_("At most %(n)s people can be recorded as agreeing to it", n=PEOPLE_MAX))
    for number, entry in enumerate(took_part, start=1):
        check_person(entry, _("Person %(number)s who took part", number=number),
                      _("The name of person %(number)s who took part", number=number),
                      _("The role of person %(number)s who took part", number=number))
    for number, entry in enumerate(agreed_by, start=1):
        check_person(entry, _("Person %(number)s who agreed", number=number),
                      _("The name of person %(number)s who agreed", number=number),
                      _("The role of person %(number)s who agreed", number=number))
    check_text(version["note"], _("The note of what changed in this version"), NOTE_MAX)
    if not isinstance(version["read_to_children"], bool):
        raise DocumentInvalid(_("Whether this version was read to the children must be yes or no"))
    if not final:
        return
    if not took_part:
        raise DocumentInvalid(_("Record who took part in writing this version before saving it"))
    for number, entry in enumerate(took_part, start=1):
        if not entry["name"].strip():  # whoever reads it later must know whose words these are
            raise DocumentInvalid(_("Give the name of person %(number)s who took part, or remove them", number=number))


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    """Refuse, with DocumentInvalid, any content that is not a Words and Pictures storyboard
    (docs/words-and-pictures.md); `final` adds what saving a version needs."""
    exact_fields(content, CONTENT_FIELDS, _("The Words and Pictures storyboard"))
    if content["purpose"] not in PURPOSES:
        raise DocumentInvalid(_("The storyboard must be an explanation or a safety plan"))
    check_text(content["title"], _("The title"), TITLE_MAX, one_line=True)
    if content["language"] not in LANGUAGES:
        raise DocumentInvalid(_("The storyboard's language must be English (en) or Welsh (cy)"))
    pages = content["pages"]
    if not isinstance(pages, list):
        raise DocumentInvalid(_("The pages must be a list"))
    # Counted before any page is read: a storyboard of thousands of pages is refused at once.
    if len(pages) > PAGES_MAX:
        raise DocumentInvalid(_("A storyboard can have at most %(n)s pages (this one has %(count)s)", n=PAGES_MAX,
                                count=len(pages)))
    if not pages:
        raise DocumentInvalid(_("A storyboard needs at least one page"))
    named: set = set()
    seen: set = set()
    for number, page in enumerate(pages, start=1):
        _check_page(page, number, parts, named, seen)
    unused = sorted(set(parts) - named)
    if unused:
        raise DocumentInvalid(_("Parts were sent that the storyboard does not use: %(names)s",
                                names=", ".join(unused[:5])))
    _check_agreed_words(content["agreed_words"])
    _check_version(content["version"], final)
    if final and not any(page["text"].strip() or page["drawing"] for page in pages):
        raise DocumentInvalid(_("Nothing has been written or drawn on any page yet. "
                                "Add something before saving the version."))


def check_parts(content: dict, plain_parts: dict[str, bytes], final: bool = False) -> None:
    """Each drawing decodes under docs/ink.md on a blank page; with `final`, a version whose pages
    have no words must have something drawn in at least one of its drawings."""
    artwork = ink.load_artwork()
    drawn = False
    for number, page in enumerate(content["pages"], start=1):
        if page["drawing"] is not None:
            ops = blank_page_drawing(plain_parts[page["drawing"]], _("The drawing on page %(number)s", number=number),
                                     artwork)
            drawn = drawn or bool(ops)
        children = page["children"]
        if children is not None and children["drawing"] is not None:
            blank_page_drawing(plain_parts[children["drawing"]],
                               _("The children's drawing on page %(number)s", number=number), artwork)
    if final and not drawn and not any(page["text"].strip() for page in content["pages"]):
        raise DocumentInvalid(_("Nothing has been written or drawn on any page yet. "
                                "Add something before saving the version."))


def voice_items(content: dict) -> list[dict]:
    """What the children wrote on the storyboard's pages, for voice.py (the adults' text is not theirs)."""
    return [{"item": f"children-{page['id']}", "place": page["id"], "text": page["children"]["text"], "by": "child",
             "share": CHILDREN_SHARE}
            for page in content["pages"] if page["children"] and page["children"]["text"]]


# --- describing a version -------------------------------------------------------------------------

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


# --- comparing two versions ---------------------------------------------------------------------

TOKEN = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The change from `before` to `after` word by word, as ("equal" | "delete" | "insert", text)
    pieces: the "equal" and "delete" pieces join back into `before`, the "equal" and "insert"
    pieces into `after`. Spaces and line breaks are tokens too, so both texts are kept exactly."""
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    pieces = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
            None, old, new, autojunk=False).get_opcodes():
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
        changed = old is not None and new is not None and (
            old["text"] != new["text"] or old_kids["text"] != new_kids["text"] or old_kids["name"] != new_kids["name"]
            or drawn(older_hashes, old["drawing"]) != drawn(newer_hashes, new["drawing"])
            or drawn(older_hashes, old_kids["drawing"]) != drawn(newer_hashes, new_kids["drawing"]))
        if status is None:
            status = "changed" if changed else "same"
        return {"id": page_id, "status": status, "changed": changed, "old": old, "new": new,
                "old_number": old_number.get(page_id), "new_number": new_number.get(page_id),
                "text": word_diff(old["text"] if old else "", new["text"] if new else ""),
                "children_text": word_diff(old_kids["text"], new_kids["text"])}

    rows = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
            None, old_ids, new_ids, autojunk=False).get_opcodes():
        if operation == "equal":
            rows += [row(page_id, None) for page_id in old_ids[old_start:old_end]]
            continue
        # A page in both versions but out of the common order has moved: shown once, where it is now.
        rows += [row(page_id, "removed") for page_id in old_ids[old_start:old_end] if page_id not in new_number]
        rows += [row(page_id, "moved" if page_id in old_number else "added") for page_id in new_ids[new_start:new_end]]
    return rows


# --- renders ------------------------------------------------------------------------------------

def booklet(document: dict, paper: str = "A4", per_sheet: int = 1, known_as: str = "") -> booklets.Booklet:
    """The booklet, laid out for `paper` and `per_sheet`: the cover (title, who made it for whom,
    the version and who agreed to it), then one panel a page, numbered, with the children's
    additions in a box marked as theirs. Call inside `written_in(content["language"])`."""
    content = document["content"]
    version = content["version"]
    makers = joined([entry["name"] for entry in version["took_part"] if entry["name"].strip()])
    made = (_("Made by %(makers)s for %(child)s", makers=makers, child=known_as) if makers and known_as
            else _("Made by %(makers)s", makers=makers) if makers
            else _("Made for %(child)s", child=known_as) if known_as else "")
    agreed = joined([person(entry) for entry in version["agreed_by"]])
    details = [str(PURPOSE_NAMES[content["purpose"]]), made,
               _("Version %(number)s, %(day)s", number=version["number"], day=version_day(document)),
               _("Agreed by %(people)s", people=agreed) if agreed else _("Not agreed yet")]
    panels = [booklets.Panel(title=title_of(content), details=[detail for detail in details if detail])]
    total = len(content["pages"])
    for number, page in enumerate(content["pages"], start=1):
        panel = booklets.Panel(picture=page["drawing"], text=page["text"],
                          footer=_("Page %(page)s of %(total)s", page=number, total=total))
        if has_additions(page):
            panel.box_heading = added_by(page)
            panel.box_picture = page["children"]["drawing"]
            panel.box_text = page["children"]["text"]
        panels.append(panel)
    return booklets.Booklet(title=str(PURPOSE_NAMES[content["purpose"]]), panels=panels, paper=paper, per_sheet=per_sheet)


def _pictures(parts: dict[str, bytes]):
    def draw(name: str, size_px: int) -> Image.Image:
        return drawing_image(parts[name], size_px)

    return draw


def _checked(paper: str, per_sheet: int) -> None:
    if paper not in PAPERS or per_sheet not in PER_SHEET:
        raise ValueError(f"a booklet is A4 or A5, one or two panels a sheet, not {paper!r} × {per_sheet!r}")


def booklet_pdf(document: dict, parts: dict[str, bytes], paper: str = "A4", per_sheet: int = 1,
                known_as: str = "") -> bytes:
    """The booklet as a PDF: `parts` holds (at least) every drawing the storyboard names."""
    _checked(paper, per_sheet)
    with written_in(document["content"]["language"]):
        return booklets.booklet_pdf(booklet(document, paper, per_sheet, known_as), _pictures(parts))


def booklet_images(document: dict, parts: dict[str, bytes], paper: str = "A4", known_as: str = "",
                   width_px: int = 1240, panels=None) -> list[Image.Image]:
    """One picture a panel — the cover (panel 0), then each page — as printed one to a sheet of
    `paper`; `panels` picks some by number, and only their drawings are then needed in `parts`."""
    _checked(paper, 1)
    with written_in(document["content"]["language"]):
        return booklets.booklet_images(booklet(document, paper, 1, known_as), _pictures(parts), width_px, panels)


# --- the Kind interface (sofs_direct/artefacts/kinds.py) ------------------------------------------------------
# Named last: the modules below read this module's names.
NAME = "words_pictures"
SLUG = "words-and-pictures"
RECORD_WORDS = None  # "Words and Pictures of <day>"
NOTHING_DONE_SQL = ""
RETENTION = {"years": 7, "from": "eighteenth_birthday"}
from ...artefacts.kinds import NO_BLUEPRINTS as BLUEPRINTS  # noqa: E402, F401
from ...artefacts.kinds import no_clips as clips_json
from ...artefacts.kinds import no_consent as consent_json  # noqa: E402, F401
from ...artefacts.kinds import no_photos as photo_names  # noqa: E402, F401
from ...artefacts.kinds import no_recordings as recordings
from ...artefacts.kinds import no_review_reason as review_reason  # noqa: E402, F401
from ...artefacts.kinds import no_thumbnail as thumbnail
from ...artefacts.kinds import no_voice_place as voice_place
from ...artefacts.kinds import nothing_for_visits as for_visit  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_deleted as on_deleted  # noqa: E402, F401
from ...artefacts.kinds import nothing_on_stored as on_stored
from ...artefacts.kinds import when_saved as done_at
from .audience import for_audience  # noqa: E402, F401
from .export import export_details, export_name, export_paged, export_section  # noqa: E402, F401
from .views import RECORD_TEMPLATE, list_entry, record_context, source_anchor, timeline_entries  # noqa: E402, F401
