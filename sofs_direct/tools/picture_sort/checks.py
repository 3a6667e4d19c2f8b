"""The schema check of one picture sort (docs/picture-sort.md) and of the cards the child drew.

Main decision: the check is field by field against the doc — exact fields, types, limits — and each
refusal names the card, column, move or note at fault as the worker sees it ("Card 3, School",
"Move 12"), never by its id alone. The moves and the places are checked together: a card's place is
where its last move put it, so the record's final board and its changes can never disagree. Strings
are stored exactly as shown or typed (artefacts/fields.py): a check only accepts or refuses.
"""

from ...artefacts.fields import (
    blank_page_drawing,
    check_present,
    check_text,
    check_timestamp,
    counted,
    exact_fields,
    is_identifier,
    is_whole,
)
from ...artefacts.sharing import check_wish
from ...paper import ink
from ...platform.i18n import _
from ...platform.invalid import DocumentInvalid
from . import (
    BOARD_FIELDS,
    CARD_FIELDS,
    CARD_WORDS_MAX,
    CARDS_MAX,
    COLUMN_FIELDS,
    COLUMN_WORDS_MAX,
    COLUMNS,
    CONTENT_FIELDS,
    DRAWING_PREFIX,
    HOWS,
    LANGUAGES,
    LEANINGS,
    MAKERS,
    MOVE_FIELDS,
    MOVES_MAX,
    NOTE_FIELDS,
    NOTE_MAX,
    NOTED,
    NOTES_MAX,
    PATH,
    PRESENT_MAX,
    SESSION_FIELDS,
    SET_FIELDS,
    SET_NAME_MAX,
    SHAPES,
)


def _check_id(value, what, seen: set) -> None:
    if not is_identifier(value):
        raise DocumentInvalid(
            _("%(what)s has an id that is not 1 to 40 lowercase letters, digits or hyphens", what=what)
        )
    if value in seen:
        raise DocumentInvalid(_("%(what)s has the same id as another: %(id)s", what=what, id=value))
    seen.add(value)


def _check_symbol(value, what) -> None:
    """A symbol is named by its catalogue id; the words shown are stored beside it, so an id the
    catalogue drops later still leaves the card readable."""
    if value is not None and not is_identifier(value):
        raise DocumentInvalid(_("%(what)s names a symbol by an id that is not one", what=what))


def _check_session(session) -> None:
    exact_fields(session, SESSION_FIELDS, _("The visit's record"))
    check_timestamp(session["started_at"], _("When the visit started"))
    check_present(session["present"], PRESENT_MAX)


def _check_board(board, final: bool) -> dict:
    """The board's columns by id. A path has two: the words at its low end, then at its high end."""
    exact_fields(board, BOARD_FIELDS, _("The board"))
    if board["shape"] not in SHAPES:
        raise DocumentInvalid(_("The board must be columns or a path"))
    if not is_identifier(board["preset"]):
        raise DocumentInvalid(_("The board's starting choice has an id that is not one"))
    low, high = (2, 2) if board["shape"] == "path" else COLUMNS
    columns = board["columns"]
    if not isinstance(columns, list) or not low <= len(columns) <= high:
        if board["shape"] == "path":
            raise DocumentInvalid(_("A path has words at its two ends, and no other columns"))
        raise DocumentInvalid(_("A board has from %(low)s to %(high)s columns", low=low, high=high))
    seen: set = set()
    for number, column in enumerate(columns, start=1):
        what = _("Column %(number)s", number=number)
        exact_fields(column, COLUMN_FIELDS, what)
        _check_id(column["id"], what, seen)
        check_text(column["words"], _("The words of column %(number)s", number=number), COLUMN_WORDS_MAX, True)
        if final and not column["words"].strip():
            raise DocumentInvalid(_("Give column %(number)s its words", number=number))
        _check_symbol(column["symbol"], what)
        if column["leaning"] not in LEANINGS:
            raise DocumentInvalid(
                _("%(what)s must say what it means: good, not sure, not good or none of these", what=what)
            )
    return {column["id"]: column for column in columns}


def _check_set(chosen) -> None:
    exact_fields(chosen, SET_FIELDS, _("The card set"))
    if chosen["id"] is not None and not (isinstance(chosen["id"], str) and 1 <= len(chosen["id"]) <= 40):
        raise DocumentInvalid(_("The card set is named by an id that is not one"))
    check_text(chosen["name"], _("The name of the card set"), SET_NAME_MAX, one_line=True)
    if not isinstance(chosen["save_for_team"], bool):
        raise DocumentInvalid(_("Whether to save the card set for the team must be yes or no"))
    if chosen["save_for_team"] and not chosen["name"].strip():
        raise DocumentInvalid(_("Give the card set a name before saving it for the team"))


def _check_place(item, what, columns: dict, shape: str) -> None:
    """A place on the board: a column (columns), a number (a path), or neither (not placed)."""
    if item["column"] is not None and (shape != "columns" or item["column"] not in columns):
        raise DocumentInvalid(_("%(what)s is in a column the board does not have", what=what))
    if item["number"] is not None and (shape != "path" or not is_whole(item["number"], *PATH)):
        raise DocumentInvalid(
            _(
                "%(what)s must be on the path at a whole number from %(low)s to %(high)s",
                what=what,
                low=PATH[0],
                high=PATH[1],
            )
        )


def _card_what(card: dict, number: int):
    """A card as the worker sees it: "Card 3, School", or "Card 3" for one without words."""
    if isinstance(card.get("words"), str) and card["words"].strip():
        return _("Card %(number)s, %(words)s", number=number, words=card["words"][:CARD_WORDS_MAX])
    return _("Card %(number)s", number=number)


def _check_card(card, number: int, seen: set, columns: dict, shape: str, parts: dict, final: bool) -> None:
    what = _("Card %(number)s", number=number)
    exact_fields(card, CARD_FIELDS, what)
    _check_id(card["id"], what, seen)
    check_text(card["words"], _("The words of card %(number)s", number=number), CARD_WORDS_MAX, one_line=True)
    what = _card_what(card, number)
    _check_symbol(card["symbol"], what)
    if card["language"] not in LANGUAGES:
        raise DocumentInvalid(_("%(what)s must say the language of its words: en or cy", what=what))
    if card["by"] not in MAKERS:
        raise DocumentInvalid(_("%(what)s must say where it came from: a set, the worker or the child", what=what))
    if card["drawing"] is not None:
        if card["by"] != "child":
            raise DocumentInvalid(_("%(what)s has a drawing, but only the child's own cards are drawn", what=what))
        if card["drawing"] != DRAWING_PREFIX + card["id"]:
            raise DocumentInvalid(
                _("%(what)s must name its drawing %(name)s", what=what, name=DRAWING_PREFIX + card["id"])
            )
        if parts.get(card["drawing"]) != ink.MEDIA_TYPE:
            raise DocumentInvalid(_("The drawing of %(what)s was not sent with the sort", what=what))
    if final and not card["words"].strip() and card["symbol"] is None and card["drawing"] is None:
        raise DocumentInvalid(_("Card %(number)s has no words, symbol or drawing: take it out", number=number))
    _check_place(card, what, columns, shape)
    check_timestamp(card["at"], _("When %(what)s was added", what=what))


def _check_moves(moves: list, cards: list, columns: dict, shape: str) -> None:
    """Each move takes a card to a place (or back to the tray); a card's place is its last move's."""
    ids = {card["id"] for card in cards}
    last: dict = {}
    for number, move in enumerate(moves, start=1):
        what = _("Move %(number)s", number=number)
        exact_fields(move, MOVE_FIELDS, what)
        if move["card"] not in ids:
            raise DocumentInvalid(_("%(what)s moves a card the sort does not have", what=what))
        _check_place(move, what, columns, shape)
        if move["how"] not in HOWS:
            raise DocumentInvalid(_("%(what)s must say how it was made: by dragging or with the buttons", what=what))
        check_timestamp(move["at"], _("When %(what)s was made", what=what))
        last[move["card"]] = (move["column"], move["number"])
    for number, card in enumerate(cards, start=1):
        if last.get(card["id"], (None, None)) != (card["column"], card["number"]):
            raise DocumentInvalid(_("%(what)s is not where its last move put it", what=_card_what(card, number)))


def _check_note(note, number: int, seen: set) -> None:
    what = _("Note %(number)s", number=number)
    exact_fields(note, NOTE_FIELDS, what)
    _check_id(note["id"], what, seen)
    check_text(note["text"], _("The words of note %(number)s", number=number), NOTE_MAX)
    if note["noted"] not in NOTED:
        raise DocumentInvalid(_("%(what)s must say whether the child said it or did it", what=what))
    check_timestamp(note["at"], _("When %(what)s was written", what=what))


def validate(content: dict, parts: dict[str, str], final: bool = True) -> None:
    """Refuse, with DocumentInvalid, any content that is not a picture sort (docs/picture-sort.md);
    `final` adds what finishing a sort needs."""
    exact_fields(content, CONTENT_FIELDS, _("The picture sort"))
    _check_session(content["session"])
    if content["language"] not in LANGUAGES:
        raise DocumentInvalid(_("The sort's language must be en or cy"))
    columns = _check_board(content["board"], final)
    shape = content["board"]["shape"]
    _check_set(content["set"])
    cards = counted(
        content["cards"], CARDS_MAX, _("The cards"), _("A sort can have at most %(n)s cards (it has %(count)s)")
    )
    moves = counted(
        content["moves"], MOVES_MAX, _("The moves"), _("A sort can keep at most %(n)s moves (it has %(count)s)")
    )
    notes = counted(
        content["notes"], NOTES_MAX, _("The notes"), _("A sort can have at most %(n)s notes (it has %(count)s)")
    )
    seen: set = set()
    for number, card in enumerate(cards, start=1):
        _check_card(card, number, seen, columns, shape, parts, final)
    drawn = {card["drawing"] for card in cards if card["drawing"]}
    unused = sorted(set(parts) - drawn)
    if unused:
        raise DocumentInvalid(_("Parts were sent that the sort does not use: %(names)s", names=", ".join(unused[:5])))
    _check_moves(moves, cards, columns, shape)
    seen = set()
    for number, note in enumerate(notes, start=1):
        _check_note(note, number, seen)
    check_wish(content["share"], _("the picture sort"))
    if final and not any(card["column"] is not None or card["number"] is not None for card in cards):
        raise DocumentInvalid(_("No card has been sorted yet. Sort at least one card before finishing."))


def check_parts(content: dict, plain_parts: dict[str, bytes], final: bool = True) -> None:
    """Each drawn card decodes under docs/ink.md as a drawing on a blank page, within the budget."""
    artwork = ink.load_artwork()
    for number, card in enumerate(content["cards"], start=1):
        if card["drawing"] is not None:
            blank_page_drawing(
                plain_parts[card["drawing"]], _("The drawing of card %(number)s", number=number), artwork
            )
