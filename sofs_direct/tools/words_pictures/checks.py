"""The schema check of one Words and Pictures version (docs/words-and-pictures.md) and of the
drawings it names.

Main decision: the check is field by field against the doc — exact fields, types, limits — with
each refusal naming the page by its number as the family sees it ("page 3"), not by its id. Strings
are stored exactly as entered: a check only accepts or refuses, never tidies (the shared rules of
artefacts/fields.py and validation.py).
"""

from ...artefacts.fields import blank_page_drawing, check_person, check_text, exact_fields, is_identifier, is_whole
from ...paper import ink
from ...platform import folding
from ...platform.i18n import _
from ...platform.invalid import DocumentInvalid
from . import (
    AGREED_FIELDS,
    AGREED_MAX,
    AGREED_TEXT_MAX,
    CHILD_NAME_MAX,
    CHILDREN_FIELDS,
    CONTENT_FIELDS,
    HINTS,
    LANGUAGES,
    NOTE_MAX,
    PAGE_FIELDS,
    PAGES_MAX,
    PEOPLE_MAX,
    PURPOSES,
    TEXT_MAX,
    TITLE_MAX,
    VERSION_FIELDS,
    VERSION_MAX,
)


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
        raise DocumentInvalid(
            _("Page %(number)s has an id that is not 1 to 40 lowercase letters, digits or hyphens", number=number)
        )
    if page["id"] in seen:
        raise DocumentInvalid(_("Two pages have the same id, %(id)s", id=page["id"]))
    seen.add(page["id"])
    if page["hint"] not in HINTS:
        raise DocumentInvalid(_("Page %(number)s starts from an outline page this server does not know", number=number))
    check_text(page["text"], _("The text of page %(number)s", number=number), TEXT_MAX)
    _drawing_part(
        page["drawing"], f"ink-{page['id']}", _("The drawing on page %(number)s", number=number), parts, named
    )
    children = page["children"]
    if children is None:
        return
    exact_fields(children, CHILDREN_FIELDS, _("What the children added to page %(number)s", number=number))
    check_text(
        children["name"],
        _("The name of the child who added to page %(number)s", number=number),
        CHILD_NAME_MAX,
        one_line=True,
    )
    check_text(children["text"], _("What the children wrote on page %(number)s", number=number), TEXT_MAX)
    _drawing_part(
        children["drawing"],
        f"kids-{page['id']}",
        _("The children's drawing on page %(number)s", number=number),
        parts,
        named,
    )


def _check_agreed_words(agreed) -> None:
    if not isinstance(agreed, list):
        raise DocumentInvalid(_("The agreed words must be a list"))
    if len(agreed) > AGREED_MAX:
        raise DocumentInvalid(
            _("A storyboard can have at most %(n)s agreed words (it has %(count)s)", n=AGREED_MAX, count=len(agreed))
        )
    terms = set()
    for number, word in enumerate(agreed, start=1):
        exact_fields(word, AGREED_FIELDS, _("Agreed word %(number)s", number=number))
        check_text(word["term"], _("The term of agreed word %(number)s", number=number), AGREED_TEXT_MAX, one_line=True)
        check_text(
            word["wording"],
            _("The agreed wording of agreed word %(number)s", number=number),
            AGREED_TEXT_MAX,
            one_line=True,
        )
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
        check_person(
            entry,
            _("Person %(number)s who took part", number=number),
            _("The name of person %(number)s who took part", number=number),
            _("The role of person %(number)s who took part", number=number),
        )
    for number, entry in enumerate(agreed_by, start=1):
        check_person(
            entry,
            _("Person %(number)s who agreed", number=number),
            _("The name of person %(number)s who agreed", number=number),
            _("The role of person %(number)s who agreed", number=number),
        )
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
        raise DocumentInvalid(
            _("A storyboard can have at most %(n)s pages (this one has %(count)s)", n=PAGES_MAX, count=len(pages))
        )
    if not pages:
        raise DocumentInvalid(_("A storyboard needs at least one page"))
    named: set = set()
    seen: set = set()
    for number, page in enumerate(pages, start=1):
        _check_page(page, number, parts, named, seen)
    unused = sorted(set(parts) - named)
    if unused:
        raise DocumentInvalid(
            _("Parts were sent that the storyboard does not use: %(names)s", names=", ".join(unused[:5]))
        )
    _check_agreed_words(content["agreed_words"])
    _check_version(content["version"], final)
    if final and not any(page["text"].strip() or page["drawing"] for page in pages):
        raise DocumentInvalid(
            _("Nothing has been written or drawn on any page yet. Add something before saving the version.")
        )


def check_parts(content: dict, plain_parts: dict[str, bytes], final: bool = False) -> None:
    """Each drawing decodes under docs/ink.md on a blank page; with `final`, a version whose pages
    have no words must have something drawn in at least one of its drawings."""
    artwork = ink.load_artwork()
    drawn = False
    for number, page in enumerate(content["pages"], start=1):
        if page["drawing"] is not None:
            ops = blank_page_drawing(
                plain_parts[page["drawing"]], _("The drawing on page %(number)s", number=number), artwork
            )
            drawn = drawn or bool(ops)
        children = page["children"]
        if children is not None and children["drawing"] is not None:
            blank_page_drawing(
                plain_parts[children["drawing"]], _("The children's drawing on page %(number)s", number=number), artwork
            )
    if final and not drawn and not any(page["text"].strip() for page in content["pages"]):
        raise DocumentInvalid(
            _("Nothing has been written or drawn on any page yet. Add something before saving the version.")
        )
