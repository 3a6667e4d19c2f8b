"""How a child takes part, on the practitioner's pages: the child's page says it in words (symbols,
switches, speed, keys, highlight), and "Change how <name> takes part" is a GOV.UK form for it. What
is stored is the same record the tablets save and carry (artefacts/access.py), so a manager or duty
worker can set a child up before a visit, and the tablet that carries the child next has it.

Main decision: the keys a child's switch sends are learnt on a tablet, by pressing the switch (a
page cannot know which keys a switch box sends); here they are shown, and can be put back to the
defaults (Enter selects, Space steps), never typed in. The form is audited like every request that
names the child (platform/audit.py: a POST is a "change").
"""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, ValidationError

from ..artefacts import access
from ..platform import audit
from ..platform.auth import role_required
from ..platform.db import get_db
from ..platform.i18n import _, _l
from ..platform.validation import choices

bp = Blueprint("child_access", __name__)

MODE_NAMES = {
    "off": _l("No switches"),
    "auto": _l("One switch: the highlight moves by itself (auto-scan) and the switch selects"),
    "two": _l("Two switches: one moves the highlight, the other selects"),
}
COLOUR_NAMES = {"black": _l("Black"), "blue": _l("Dark blue"), "red": _l("Red"), "purple": _l("Purple")}
SIZE_NAMES = dict(zip(access.SIZES, (_l("Wide"), _l("Wider"), _l("Widest")), strict=True))
KEY_NAMES = {
    " ": _l("Space"),
    "Enter": _l("Enter"),
    "ArrowUp": _l("Arrow up"),
    "ArrowDown": _l("Arrow down"),
    "ArrowLeft": _l("Arrow left"),
    "ArrowRight": _l("Arrow right"),
    "Backspace": _l("Backspace"),
}
RESET = "reset"


def key_names(keys: list[str]) -> str:
    """The keys as the worker reads them on the tablet (access.js, keyName): "Space, F2"."""
    return ", ".join(str(KEY_NAMES.get(key, key)) for key in keys)


def seconds(interval_ms: int) -> str:
    """Milliseconds as the worker types them: 2000 is "2", 500 is "0.5"."""
    return f"{interval_ms / 1000:g}"


def described(settings: dict | None) -> list[tuple[str, str]]:
    """The settings in words, as (what, how) rows for a summary list; the defaults when none are set."""
    settings = settings or access.defaults()
    which = settings["switch"]
    rows = [
        (
            _("Symbols"),
            _("On: a symbol beside the words, read aloud when tapped") if settings["symbols"] else _("Off"),
        ),
        (_("Switches"), str(MODE_NAMES[which["mode"]])),
    ]
    if which["mode"] == "auto":
        rows.append((_("Speed: seconds on each stop"), seconds(which["interval_ms"])))
    if which["mode"] != "off":
        highlight = f"{COLOUR_NAMES[which['highlight']['colour']]}, {SIZE_NAMES[which['highlight']['size']]}"
        rows += [*key_rows(which), (_("Highlight"), highlight)]
    return rows


def key_rows(which: dict) -> list[tuple[str, str]]:
    """The keys each switch sends, named as the tablet's screen names them (one switch: the second
    switch's keys select too)."""
    step = (
        _("Keys the step switch sends") if which["mode"] == "two" else _("Keys of a second switch (these select too)")
    )
    return [
        (_("Keys the select switch sends"), key_names(which["select_keys"])),
        (step, key_names(which["step_keys"])),
    ]


@bp.app_template_global()
def child_access_rows() -> list[tuple[str, str]]:
    """How the child this page is about takes part (children.py's hook has checked who may see it)."""
    return described(access.stored(get_db(), g.child["id"]))


class AccessForm(FlaskForm):
    symbols = RadioField(
        _l("Symbols"),
        choices=choices(
            [
                ("on", _l("Show a symbol beside the words on the child's screens, read aloud when tapped")),
                ("off", _l("No symbols")),
            ]
        ),
        validators=[DataRequired(_l("Choose whether the child sees symbols"))],
    )
    mode = RadioField(
        _l("Switches"),
        choices=choices(MODE_NAMES.items()),
        validators=[DataRequired(_l("Choose whether the child uses switches"))],
    )
    speed = StringField(
        _l("Speed: seconds on each stop"),
        description=_l("From 0.5 to 5 seconds. Slower gives the child more time to press."),
    )
    colour = RadioField(
        _l("Highlight colour"),
        choices=choices(COLOUR_NAMES.items()),
        validators=[DataRequired(_l("Choose a highlight colour"))],
    )
    size = RadioField(
        _l("Highlight size"),
        choices=choices((str(size), name) for size, name in SIZE_NAMES.items()),
        validators=[DataRequired(_l("Choose a highlight size"))],
    )
    keys = SelectMultipleField(
        _l("Change the keys"),
        choices=choices([(RESET, _l("Put the keys back to the defaults: Enter selects, Space steps"))]),
    )

    def validate_speed(self, field):
        typed = (field.data or "").strip().replace(",", ".")
        try:
            interval_ms = round(float(typed) * 10) * 100
        except (ValueError, OverflowError):
            interval_ms = None
        if interval_ms is None or not access.INTERVAL_MS["min"] <= interval_ms <= access.INTERVAL_MS["max"]:
            raise ValidationError(_("Choose a scanning speed from 0.5 to 5 seconds"))
        field.interval_ms = interval_ms


def _form_for(settings: dict) -> AccessForm:
    which = settings["switch"]
    return AccessForm(
        symbols="on" if settings["symbols"] else "off",
        mode=which["mode"],
        speed=seconds(which["interval_ms"]),
        colour=which["highlight"]["colour"],
        size=str(which["highlight"]["size"]),
    )


def _settings_from(form: AccessForm, before: dict) -> dict:
    """The form's answers over the settings before: the keys stay as the tablet learnt them, unless
    the worker put them back to the defaults."""
    keys = access.defaults()["switch"] if RESET in (form.keys.data or []) else before["switch"]
    return {
        "symbols": form.symbols.data == "on",
        "switch": {
            "mode": form.mode.data,
            "interval_ms": form.speed.interval_ms,
            "select_keys": keys["select_keys"],
            "step_keys": keys["step_keys"],
            "highlight": {"colour": form.colour.data, "size": int(form.size.data)},
        },
    }


@bp.route("/children/<uuid:child_id>/access", methods=["GET", "POST"])
@audit.described_as(view=_l("Viewed how %(child)s takes part"), change=_l("Changed how %(child)s takes part"))
@role_required("practitioner", "manager")
def change_access(child_id):
    db = get_db()
    before = access.stored(db, g.child["id"]) or access.defaults()
    form = _form_for(before) if request.method == "GET" else AccessForm()
    if form.validate_on_submit():
        settings = _settings_from(form, before)
        refused = access.problems(settings)
        if not refused:
            access.save(db, g.child["id"], settings, g.user["id"])
            flash(_("Saved how %(name)s takes part.", name=g.child["known_as"]), "success")
            return redirect(url_for("children.child_page", child_id=g.child["id"]) + "#takes-part", code=303)
        form.keys.errors = list(form.keys.errors) + refused  # keys a tablet learnt that the rules no longer allow
    return render_template(
        "children/access.html", child=g.child, form=form, keys=key_rows(before["switch"])
    ), 400 if request.method == "POST" else 200
