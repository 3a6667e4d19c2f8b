"""The card sets a picture sort starts from: the built-in starter sets (contract.json, symbol ids
only, their words from the symbol catalogue in either language) and the team's own (the `card_sets`
table, migration 0010), made on the card sets page or saved from a tablet's sort ("save for my
team"), and carried to the team's tablets on "Prepare for visits" (the kinds' `for_team`).

Main decision: a team's set keeps each card's words exactly as they were written, with the symbol's
id and the language, as a sort does; a set is the team's, never a child's, so a child's own cards are
never saved into one, and a sort saves its set once however often it arrives (`from_artefact`).
Every read and write names the team: a set of another team is not found (the page's 404).
"""

import json
import uuid

from ...artefacts import symbols
from ...artefacts.fields import check_text, is_identifier
from ...artefacts.phrases import written_in
from ...platform.db import utcnow
from ...platform.i18n import _, _l
from ...platform.invalid import DocumentInvalid
from . import CARD_WORDS_MAX, CARDS_MAX, LANGUAGES, SET_NAME_MAX, STARTER_SETS, TEAM_SETS_MAX

STARTER_NAMES = {
    "home": _l("Home"),
    "school": _l("School"),
    "family": _l("Family"),
    "people": _l("People"),
    "feelings": _l("Feelings"),
    "bedtime": _l("What happens at bedtime"),
}


def starter_sets() -> list[dict]:
    """The built-in sets with their names and each card's words in both languages (the tablet shows
    the sort's language), leaving out any symbol the catalogue does not have."""
    made = []
    for starter in STARTER_SETS:
        names = {}
        for language in LANGUAGES:
            with written_in(language):
                names[language] = str(STARTER_NAMES[starter["id"]])
        made.append(
            {
                "id": starter["id"],
                "name": names,
                "cards": [
                    {
                        "symbol": symbol_id,
                        "words": {language: symbols.word(symbol_id, language) for language in LANGUAGES},
                    }
                    for symbol_id in starter["symbols"]
                    if symbols.symbol(symbol_id) is not None
                ],
            }
        )
    return made


def check_cards(cards, what) -> None:
    """A set's cards: 1 to CARDS_MAX of {"words", "symbol", "language"}, words on one line."""
    if not isinstance(cards, list) or not cards:
        raise DocumentInvalid(_("%(what)s has no cards", what=what))
    if len(cards) > CARDS_MAX:
        raise DocumentInvalid(
            _("A card set can have at most %(n)s cards (it has %(count)s)", n=CARDS_MAX, count=len(cards))
        )
    for number, card in enumerate(cards, start=1):
        if not isinstance(card, dict) or set(card) != {"words", "symbol", "language"}:
            raise DocumentInvalid(_("Card %(number)s of the set is not a card", number=number))
        check_text(card["words"], _("The words of card %(number)s", number=number), CARD_WORDS_MAX, one_line=True)
        if not card["words"].strip() and card["symbol"] is None:
            raise DocumentInvalid(_("Card %(number)s of the set has no words and no symbol", number=number))
        if card["symbol"] is not None and not is_identifier(card["symbol"]):
            raise DocumentInvalid(
                _("Card %(number)s of the set names a symbol by an id that is not one", number=number)
            )
        if card["language"] not in LANGUAGES:
            raise DocumentInvalid(_("Card %(number)s of the set must say the language of its words", number=number))


def _row(row: dict) -> dict:
    return {**row, "cards": json.loads(row["cards"])}


def team_sets(db, team_id: int) -> list[dict]:
    return [
        _row(row)
        for row in db.query(
            "SELECT * FROM card_sets WHERE team_id = ? ORDER BY name COLLATE NOCASE, made_at", [team_id]
        )
    ]


def team_set(db, team_id: int, set_id: str) -> dict | None:
    """One of the team's sets; None for an id of another team's set or of none at all."""
    rows = list(db.query("SELECT * FROM card_sets WHERE id = ? AND team_id = ?", [set_id, team_id]))
    return _row(rows[0]) if rows else None


def save_set(
    db, team_id: int, user_id, name: str, cards: list[dict], set_id: str | None = None, from_artefact: str | None = None
) -> str:
    """Make (set_id None) or change one of the team's sets, inside the caller's transaction; refuses
    with DocumentInvalid before writing anything."""
    check_text(name, _("The name of the card set"), SET_NAME_MAX, one_line=True, at_least=1)
    if not name.strip():
        raise DocumentInvalid(_("Give the card set a name"))
    check_cards(cards, _("The card set"))
    now = utcnow()
    if set_id is not None:
        db.execute(
            "UPDATE card_sets SET name = ?, cards = ?, changed_at = ? WHERE id = ? AND team_id = ?",
            [name, json.dumps(cards, ensure_ascii=False), now, set_id, team_id],
        )
        return set_id
    count = db.execute("SELECT COUNT(*) FROM card_sets WHERE team_id = ?", [team_id]).fetchone()[0]
    if count >= TEAM_SETS_MAX:
        raise DocumentInvalid(_("A team can keep at most %(n)s card sets: delete one first", n=TEAM_SETS_MAX))
    new_id = str(uuid.uuid4())
    db.execute(
        "INSERT INTO card_sets (id, team_id, name, cards, made_by, made_at, changed_at, from_artefact)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [new_id, team_id, name, json.dumps(cards, ensure_ascii=False), user_id, now, now, from_artefact],
    )
    return new_id


def delete_set(db, team_id: int, set_id: str) -> None:
    """Inside the caller's transaction (with its audit row)."""
    db.execute("DELETE FROM card_sets WHERE id = ? AND team_id = ?", [set_id, team_id])


def cards_for_team(content: dict) -> list[dict]:
    """The cards of a sort that may go into a team's set: the set's and the worker's, never the
    child's own (a child's card is the child's, not the team's)."""
    return [
        {"words": card["words"], "symbol": card["symbol"], "language": card["language"]}
        for card in content["cards"]
        if card["by"] != "child"
    ]


def on_stored(db, row: dict, document: dict) -> None:
    """A sort marked "save for my team" saves its set for the author's team, once (inside the
    transaction that stores the sort). A set that cannot be saved (no cards of the team's, the team
    full) leaves the sort stored: the child's work never waits on a set."""
    chosen = document["content"]["set"]
    if not chosen["save_for_team"]:
        return
    cards = cards_for_team(document["content"])
    team = db.execute("SELECT team_id FROM users WHERE id = ?", [row["author_id"]]).fetchone()
    already = db.execute("SELECT 1 FROM card_sets WHERE from_artefact = ?", [row["id"]]).fetchone()
    if team is None or team[0] is None or already or not cards:
        return
    try:
        save_set(db, team[0], row["author_id"], chosen["name"], cards, from_artefact=row["id"])
    except DocumentInvalid:
        return


def for_team(db, user) -> dict:
    """What a tablet carries for its worker's team: the starter sets and the team's own."""
    team_id = user["team_id"]
    return {
        "card_sets": {
            "starter": starter_sets(),
            "team": [
                {"id": found["id"], "name": found["name"], "cards": found["cards"]}
                for found in (team_sets(db, team_id) if team_id is not None else [])
            ],
        }
    }
