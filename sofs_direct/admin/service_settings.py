"""The service's own settings on the admin pages: whether workers may record the child's voice, whether
tablets must unlock with their own hardware, and the explainer's words in each language
(artefacts/service.py keeps them and their defaults).

Main decision: an admin's own words for a language replace that language's five pages whole, and
"reset" removes them, so the default (the translated catalogue's words) is never copied and drifts.
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..artefacts import service
from ..platform import audit
from ..platform.auth import role_required
from ..platform.db import get_db
from ..platform.i18n import _, _l
from ..platform.validation import PlainText, choices
from . import ConfirmForm, bp


def _switch(label, choices_in_order: dict, required: str) -> RadioField:
    """An on/off service setting as radios, in the order given (the safer or usual choice first)."""
    return RadioField(label, choices=choices(list(choices_in_order.items())), validators=[DataRequired(required)])


class AudioForm(FlaskForm):
    audio_recording = _switch(
        _l("Can workers record the child's voice?"),
        {
            "on": _l("Yes, with a parent's agreement and the child's own yes, recorded on the tablet first"),
            "off": _l("No"),
        },
        _l("Choose whether workers can record the child's voice"),
    )


class UnlockForm(FlaskForm):
    require_prf = _switch(
        _l("How can workers unlock their tablets?"),
        {
            "off": _l("With the tablet's own fingerprint, face or screen lock where it has one, else a passcode"),
            "on": _l("Only with the tablet's own fingerprint, face or screen lock"),
        },
        _l("Choose how workers can unlock their tablets"),
    )


def _switched(setter, on: bool, what: str, news: str):
    """Save an on/off setting, audit it (`what`), say so (`news`) and go back to the settings page."""
    db = get_db()
    setter(db, on, g.user["id"])
    audit.record(db, g.user["id"], g.login_session_id, "account", None, what)
    flash(news, "success")
    return redirect(url_for("admin.service_settings"), code=303)


def _page_rule(form, field):
    problem = service.page_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


def _page(label, description=None) -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        validators=[
            DataRequired(_l("Enter the words for this page")),
            Length(max=service.PAGE_MAX, message=_l("A page must be %(n)s characters or fewer", n=service.PAGE_MAX)),
            PlainText(multiline=True),
            _page_rule,
        ],
    )


class ExplainerForm(FlaskForm):
    """The explainer's five pages, in the order the child sees them (service.DEFAULT_EXPLAINER)."""

    who = _page(
        _l("Page 1: who the worker is"),
        _l("Write %(code)s where the worker's name goes; the tablet puts their name there.", code=service.WORKER),
    )
    why = _page(_l("Page 2: why they have come"))
    houses = _page(_l("Page 3: what the three houses are"))
    stop = _page(_l("Page 4: the child can stop at any time"))
    who_sees = _page(_l("Page 5: who will see their houses"))

    def pages(self) -> list[str]:
        return [self.who.data, self.why.data, self.houses.data, self.stop.data, self.who_sees.data]


def _service_page(audio_form: AudioForm | None = None, unlock_form: UnlockForm | None = None, status: int = 200):
    db = get_db()
    audio_form = audio_form or AudioForm(formdata=None, audio_recording="on" if service.audio_recording(db) else "off")
    unlock_form = unlock_form or UnlockForm(formdata=None, require_prf="on" if service.require_prf(db) else "off")
    return render_template(
        "admin/service.html",
        form=audio_form,
        unlock_form=unlock_form,
        explainer=service.explainer(db),
        custom=service.custom_languages(db),
        language_names=service.LANGUAGE_NAMES,
        confirm=ConfirmForm(),
    ), status


@bp.route("/service", methods=["GET", "POST"])
@role_required("admin")
def service_settings():
    db = get_db()
    form = AudioForm(audio_recording="on" if service.audio_recording(db) else "off")
    if form.validate_on_submit():
        on = form.audio_recording.data == "on"
        return _switched(
            service.set_audio_recording,
            on,
            f"recording the child's voice switched {'on' if on else 'off'}",
            _("Recording the child's voice is now on. Tablets change at their next preparation.")
            if on
            else _("Recording the child's voice is now off. Tablets change at their next preparation."),
        )
    return _service_page(form, status=400 if request.method == "POST" else 200)


@bp.post("/service/unlock")
@role_required("admin")
def tablet_unlock():
    """Whether tablets must unlock with their own hardware. It applies to tablets set up after the
    change: a tablet already set up keeps the protection it has (docs/security.md)."""
    form = UnlockForm()
    if not form.validate_on_submit():
        return _service_page(unlock_form=form, status=400)
    on = form.require_prf.data == "on"
    return _switched(
        service.set_require_prf,
        on,
        f"tablets {'must' if on else 'need not'} unlock with their own hardware",
        _("Tablets set up from now on must unlock with their own fingerprint, face or screen lock.")
        if on
        else _(
            "Tablets set up from now on can unlock with a passcode where they have no fingerprint, face or screen lock."
        ),
    )


def _explainer_language(language: str) -> str:
    if language not in service.LANGUAGES:
        abort(404)
    return language


@bp.route("/service/explainer/<language>", methods=["GET", "POST"])
@role_required("admin")
def explainer(language):
    db = get_db()
    language = _explainer_language(language)
    if request.method == "POST":
        form = ExplainerForm()
    else:
        form = ExplainerForm(
            data=dict(zip(("who", "why", "houses", "stop", "who_sees"), service.explainer(db)[language]))
        )
    if form.validate_on_submit():
        service.set_explainer(db, language, form.pages(), g.user["id"])
        audit.record(db, g.user["id"], g.login_session_id, "account", None, f"explainer words changed ({language})")
        flash(
            _(
                "The explainer's words in %(language)s are saved. Tablets change at their next preparation.",
                language=service.LANGUAGE_NAMES[language],
            ),
            "success",
        )
        return redirect(url_for("admin.service_settings"), code=303)
    return render_template(
        "admin/explainer.html",
        form=form,
        language=language,
        language_name=service.LANGUAGE_NAMES[language],
        page_max=service.PAGE_MAX,
    ), 400 if request.method == "POST" else 200


@bp.post("/service/explainer/<language>/reset")
@role_required("admin")
def reset_explainer(language):
    db = get_db()
    language = _explainer_language(language)
    if ConfirmForm().validate_on_submit():
        service.reset_explainer(db, language, g.user["id"])
        audit.record(db, g.user["id"], g.login_session_id, "account", None, f"explainer words reset ({language})")
        flash(
            _(
                "The explainer's words in %(language)s are back to the default.",
                language=service.LANGUAGE_NAMES[language],
            ),
            "success",
        )
    return redirect(url_for("admin.service_settings"), code=303)
