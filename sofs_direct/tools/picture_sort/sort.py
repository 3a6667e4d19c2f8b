"""Describing one picture sort, read the same way by the pages, the exports and the child's voice:
where each card ended (column by column, or along the path), what each place leans to, the changes
the child made on the way, the day it was done and the child's words.

Main decision: a place is named by the words the board showed, never by a word of ours: the child
chose "Happy", not "good"; what a place *means* for the mapping is its column's `leaning`, which the
worker chose with the board. On a path the lower half leans as its low end, the upper half as its
high end, and the middle as neither.
"""

from ...platform.dates import long_date
from ...platform.i18n import _
from . import LEANING_NAMES, MAPPING_COLUMNS, NOTES_PLACE, PATH


def done_at(content: dict) -> str:
    """When the work was done: this visit's start (records.done_at)."""
    return content["session"]["started_at"]


def sort_day(document: dict) -> str:
    return long_date(done_at(document["content"]))


def is_placed(item: dict) -> bool:
    return item["column"] is not None or item["number"] is not None


def path_leaning(board: dict, number: int) -> str:
    low, high = PATH
    middle = (low + high) / 2
    if number == middle:
        return "none"
    return board["columns"][0 if number < middle else 1]["leaning"]


def place_words(board: dict, item: dict) -> str:
    """Where a card is (or a move took it), in the board's own words: "Happy", "7 (Good)", "the tray"."""
    if item["column"] is not None:
        return next(column["words"] for column in board["columns"] if column["id"] == item["column"])
    if item["number"] is not None:
        return str(item["number"])
    return _("back to the tray")


def leaning_of(board: dict, card: dict) -> str:
    if card["column"] is not None:
        return next(column["leaning"] for column in board["columns"] if column["id"] == card["column"])
    return path_leaning(board, card["number"])


def card_words(card: dict) -> str:
    """A card as a page names it: its words, or that it is the child's own drawing."""
    if card["words"].strip():
        return card["words"]
    return _("The child's own drawing") if card["drawing"] else _("A card without words")


def placements(content: dict) -> list[dict]:
    """The board as the child left it: each column (or each number on the path that has a card) with
    its cards in the order they were placed, then the cards never sorted."""
    board, cards = content["board"], content["cards"]
    order = {card_id: index for index, card_id in enumerate(_last_moved(content["moves"]))}
    placed = sorted((card for card in cards if is_placed(card)), key=lambda card: order.get(card["id"], 0))
    if board["shape"] == "columns":
        places = [
            {
                "id": column["id"],
                "words": column["words"],
                "symbol": column["symbol"],
                "leaning": column["leaning"],
                "cards": [card for card in placed if card["column"] == column["id"]],
            }
            for column in board["columns"]
        ]
    else:
        numbers = sorted({card["number"] for card in placed}, reverse=True)
        places = [
            {
                "id": f"n{number}",
                "words": str(number),
                "symbol": None,
                "leaning": path_leaning(board, number),
                "cards": [card for card in placed if card["number"] == number],
            }
            for number in numbers
        ]
    return places + [
        {
            "id": "tray",
            "words": _("Not sorted"),
            "symbol": None,
            "leaning": None,
            "cards": [card for card in cards if not is_placed(card)],
        }
    ]


def _last_moved(moves: list[dict]) -> list[str]:
    """The cards in the order of their last moves (the order they came to rest)."""
    last: dict[str, int] = {}
    for index, move in enumerate(moves):
        last[move["card"]] = index
    return sorted(last, key=last.get)


def changes(content: dict) -> list[dict]:
    """Every time the child moved a card that was already on the board (a change of mind), in order:
    {"card", "before", "after", "at", "how"}. A card's first placing is not a change."""
    board = content["board"]
    cards = {card["id"]: card for card in content["cards"]}
    where: dict[str, dict] = {}
    found = []
    for move in content["moves"]:
        before = where.get(move["card"])
        if before is not None and is_placed(before):
            found.append(
                {
                    "card": card_words(cards[move["card"]]),
                    "before": place_words(board, before),
                    "after": place_words(board, move),
                    "at": move["at"],
                    "how": move["how"],
                }
            )
        where[move["card"]] = move
    return found


def voice_items(content: dict) -> list[dict]:
    """Each sorted card with its words as shown and where the child put it ("School — Happy"), placed
    by what its place leans to; then what the worker scribed the child saying, verbatim, as the
    worker's. Every item follows the sort's wish. A drawn card without words has no words to index."""
    board = content["board"]
    last_at = {move["card"]: move["at"] for move in content["moves"]}
    items = [
        {
            "item": f"card-{card['id']}",
            "place": leaning_of(board, card),
            "text": f"{card['words']} — {place_words(board, card)}",
            "by": "child",
            "share": content["share"],
            "at": last_at.get(card["id"], card["at"]),
        }
        for card in content["cards"]
        if is_placed(card) and card["words"].strip()
    ]
    return items + [
        {
            "item": f"note-{note['id']}",
            "place": NOTES_PLACE,
            "text": note["text"],
            "by": "worker",
            "share": content["share"],
            "at": note["at"],
        }
        for note in content["notes"]
        if note["noted"] == "said" and note["text"].strip()
    ]


def voice_place(place: str) -> tuple[str, str | None]:
    """A sorted card's place by its leaning (its mapping column), or the worker's notes (none);
    anything else, never stored, is named by nothing rather than breaking a page."""
    if place in MAPPING_COLUMNS:
        return str(LEANING_NAMES[place]), MAPPING_COLUMNS[place]
    if place == NOTES_PLACE:
        return _("What the child said during the picture sort"), None
    return "", None


def source_anchor(item: str, place: str | None) -> str:
    """Where on the record page a word taken into the mapping was said: its card, or its note."""
    return f"#{item}" if item.startswith(("card-", "note-")) else ""
