"""The team's card sets page: see the built-in starter sets and the team's own, make a set from the
symbols and your own words, change one and delete one (GOV.UK Design System forms, CSRF on every
change, each change audited). Tablets carry the sets on their next "Prepare for visits".

Main decision: a set is the team's, so the page reads and writes only the signed-in worker's team's
sets; another team's set is a 404, as a child this worker may not see is. A card chosen from the
symbols is saved with the symbol's word in the set's language at the time (as a sort keeps its
cards), so a later change to the catalogue never changes a set someone made.
"""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField

from ...artefacts import symbols
from ...platform import audit
from ...platform.auth import role_required
from ...platform.db import get_db, write
from ...platform.i18n import _, _l
from ...platform.invalid import DocumentInvalid
from ...platform.validation import choices
from . import CARD_WORDS_MAX, CARDS_MAX, SET_NAME_MAX
from .sets import delete_set, save_set, starter_sets, team_set, team_sets
from .views import symbol_url

bp = Blueprint("card_sets", __name__, url_prefix="/card-sets")
ROLES = ("practitioner", "manager")


class CardSetForm(FlaskForm):
    name = StringField(_l("Name of the set"), description=_l("For example: Contact with Dad, or Moving house"))
    language = RadioField(
        _l("Language of the cards"), choices=choices([("en", "English"), ("cy", "Cymraeg")]), default="en"
    )
    symbols = SelectMultipleField(_l("Cards from the symbols"), validate_choice=False)
    own_words = TextAreaField(
        _l("Cards in your own words"),
        description=_l("One card a line. The child sees the words with no picture; read them aloud."),
    )


class ConfirmForm(FlaskForm):
    """A button-only form: the CSRF token is its only field."""


def _team_id() -> int:
    return g.user["team_id"]


def symbol_choices() -> list[dict]:
    """Every symbol, in the catalogue's order (its groups one after another)."""
    return symbols.SYMBOLS


def cards_of(form: CardSetForm) -> list[dict]:
    """The set's cards from the form: the chosen symbols (each with its word in the set's language,
    in the catalogue's order), then one card a line of the worker's own words."""
    language = form.language.data if form.language.data in ("en", "cy") else "en"
    chosen = set(form.symbols.data or [])
    unknown = chosen - symbols.SYMBOL_IDS
    if unknown:
        raise DocumentInvalid(_("A chosen symbol is not one this service has"))
    cards = [
        {"words": symbols.word(entry["id"], language), "symbol": entry["id"], "language": language}
        for entry in symbols.SYMBOLS
        if entry["id"] in chosen
    ]
    lines = [line.strip() for line in (form.own_words.data or "").splitlines()]
    too_long = [line for line in lines if len(line) > CARD_WORDS_MAX]
    if too_long:
        raise DocumentInvalid(
            _(
                "Each card's words must be %(n)s characters or fewer: “%(words)s…” is longer",
                n=CARD_WORDS_MAX,
                words=too_long[0][:30],
            )
        )
    cards += [{"words": line, "symbol": None, "language": language} for line in lines if line]
    if not cards:
        raise DocumentInvalid(_("Choose at least one symbol or write at least one card"))
    if len(cards) > CARDS_MAX:
        raise DocumentInvalid(
            _("A card set can have at most %(n)s cards (this has %(count)s)", n=CARDS_MAX, count=len(cards))
        )
    return cards


@bp.get("")
@role_required(*ROLES)
@audit.described_as(view=_l("Viewed the team's card sets"))
def index():
    return render_template(
        "picture_sort/sets.html",
        starters=starter_sets(),
        sets=team_sets(get_db(), _team_id()),
        confirm=ConfirmForm(),
        symbol_url=symbol_url,
    )


def _form_page(form: CardSetForm, found: dict | None, status: int = 200):
    return render_template(
        "picture_sort/set.html",
        form=form,
        found=found,
        symbol_list=symbol_choices(),
        name_max=SET_NAME_MAX,
    ), status


def _save(form: CardSetForm, found: dict | None):
    """Save the form's set, with its audit row, in one transaction; or the form again with why not."""
    if not form.validate_on_submit():
        return _form_page(form, found, 400)
    db = get_db()
    try:
        cards = cards_of(form)
        with write(db):
            set_id = save_set(db, _team_id(), g.user["id"], form.name.data or "", cards, found and found["id"])
            audit.append(
                db,
                g.user["id"],
                g.login_session_id,
                "change",
                None,
                request.endpoint,
                request.remote_addr,
            )
    except DocumentInvalid as refusal:
        form.name.errors = [*form.name.errors, refusal.reason]
        return _form_page(form, found, 400)
    flash(_("Card set saved. Tablets carry it at their next preparation for visits."), "success")
    return redirect(url_for("card_sets.index") + f"#set-{set_id}", code=303)


@bp.route("/new", methods=["GET", "POST"])
@role_required(*ROLES)
@audit.described_as(view=_l("Viewed the team's card sets"), change=_l("Made a card set for the team"))
def new():
    form = CardSetForm()
    if request.method == "GET":
        return _form_page(form, None)
    return _save(form, None)


@bp.route("/<uuid:set_id>", methods=["GET", "POST"])
@role_required(*ROLES)
@audit.described_as(view=_l("Viewed the team's card sets"), change=_l("Changed a card set of the team"))
def edit(set_id):
    found = team_set(get_db(), _team_id(), str(set_id))
    if found is None:
        abort(404)
    if request.method == "GET":
        language = found["cards"][0]["language"]
        form = CardSetForm(
            name=found["name"],
            language=language,
            symbols=[card["symbol"] for card in found["cards"] if card["symbol"]],
            own_words="\n".join(card["words"] for card in found["cards"] if not card["symbol"]),
        )
        return _form_page(form, found)
    return _save(CardSetForm(), found)


@bp.post("/<uuid:set_id>/delete")
@role_required(*ROLES)
@audit.described_as(change=_l("Deleted a card set of the team"))
def delete(set_id):
    db = get_db()
    found = team_set(db, _team_id(), str(set_id))
    if found is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with write(db):
        delete_set(db, _team_id(), found["id"])
        audit.append(db, g.user["id"], g.login_session_id, "change", None, request.endpoint, request.remote_addr)
    flash(_("Card set deleted. Tablets stop offering it at their next preparation for visits."), "success")
    return redirect(url_for("card_sets.index"), code=303)


BLUEPRINTS = (bp,)
