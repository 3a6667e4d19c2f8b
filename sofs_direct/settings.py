"""Your own settings: the language you work in, your password, and the photo children see of you.

Main decision: the saved language is the user's default; the switch on every screen (i18n.py) only
overrides it for the current sign-in, so a worker can show one screen in Welsh to a child and carry
on in English.

A worker's photo (the explainer shows it to the child: "this is me") is theirs alone to set or
remove; it is cleaned of its metadata and scaled down when saved (service.py), and is shown back on
this page as a data: address, so no route ever serves one person's photo to another.
"""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import PasswordField, RadioField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from .artefacts import service
from .platform import accounts, audit
from .platform.auth import check_password, home_for, login_required, password_problem, role_required
from .platform.db import get_db
from .platform.i18n import _, _l
from .platform.invalid import DocumentInvalid
from .platform.validation import choices

bp = Blueprint("settings", __name__, url_prefix="/settings")

PHOTO_ENDPOINT = "settings.photo"
PHOTO_UPLOAD_MAX = 12 * 1024 * 1024  # a photo straight from a phone's camera; it is stored at 400 px
WORKER_ROLES = ("practitioner", "manager")


@bp.url_value_preprocessor
def allow_a_photo_upload(endpoint, _values):
    """The photo upload alone may be larger than the app's 1 MiB form limit (a per-request limit,
    Flask 3.1). It is set here because URL value preprocessors run before every before-request hook,
    and the app-wide CSRF hook reads the form (and so the limit) before any view."""
    if endpoint == PHOTO_ENDPOINT:
        request.max_content_length = PHOTO_UPLOAD_MAX


class LanguageForm(FlaskForm):
    language = RadioField(
        _l("Language you work in"),
        choices=choices([("en", "English"), ("cy", "Cymraeg")]),
        validators=[DataRequired(_l("Choose a language"))],
    )


class PhotoForm(FlaskForm):
    photo = FileField(
        _l("Upload a photo of yourself"),
        validators=[FileRequired(_l("Choose a photo to upload"))],
        description=_l("A JPEG, PNG or WebP picture. It is made smaller, and where and when it was taken is removed."),
    )


class ConfirmForm(FlaskForm):
    """A button-only form: the CSRF token is its only field."""


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password"))])
    new = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a new password"))])
    confirm = PasswordField(
        _l("Confirm new password"),
        validators=[
            DataRequired(_l("Enter the new password again")),
            EqualTo("new", message=_l("The passwords do not match")),
        ],
    )

    def validate_new(self, field):
        problem = password_problem(field.data or "")
        if problem:
            raise ValidationError(problem)
        if field.data == self.current.data:
            raise ValidationError(_("Choose a password different from your current one"))


@bp.route("", methods=["GET", "POST"])
@login_required
def index():
    form = LanguageForm(language=g.user["language"])
    if form.validate_on_submit():
        accounts.set_language(get_db(), g.user["id"], form.language.data)
        from flask import session

        session.pop("lang", None)  # the saved choice takes over from any on-screen switch
        flash(_("Language saved"), "success")
        return redirect(url_for("settings.index"), code=303)
    return _settings_page(form, PhotoForm(), 400 if request.method == "POST" else 200)


def _settings_page(form: LanguageForm, photo_form: PhotoForm, status: int):
    photo = service.worker_photo(get_db(), g.user["id"]) if g.user["role"] in WORKER_ROLES else None
    return render_template(
        "settings/index.html",
        form=form,
        photo_form=photo_form,
        confirm=ConfirmForm(),
        photo=service.photo_data_url(photo),
        takes_photo=g.user["role"] in WORKER_ROLES,
    ), status


@bp.post("/photo")
@role_required(*WORKER_ROLES)
def photo():
    db = get_db()
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            service.set_worker_photo(db, g.user["id"], form.photo.data.read())
        except DocumentInvalid as refusal:
            form.photo.errors.append(refusal.reason)
        else:
            audit.record(db, g.user["id"], g.login_session_id, "account", None, "own photo changed")
            flash(_("Photo saved. Tablets show it at their next preparation."), "success")
            return redirect(url_for("settings.index") + "#your-photo", code=303)
    return _settings_page(LanguageForm(formdata=None, language=g.user["language"]), form, 400)


@bp.post("/photo/remove")
@role_required(*WORKER_ROLES)
def remove_photo():
    db = get_db()
    if ConfirmForm().validate_on_submit() and service.remove_worker_photo(db, g.user["id"]):
        audit.record(db, g.user["id"], g.login_session_id, "account", None, "own photo removed")
        flash(_("Photo removed. Tablets stop showing it at their next preparation."), "success")
    return redirect(url_for("settings.index") + "#your-photo", code=303)


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    db = get_db()
    form = PasswordForm()
    if form.validate_on_submit():
        if not check_password(db, g.user, form.current.data):
            form.current.errors.append(_("Your current password is not right"))
        else:
            accounts.set_password(db, g.user["id"], form.new.data, must_change=False)
            audit.record(db, g.user["id"], g.login_session_id, "account", None, "password changed")
            flash(_("Password changed"), "success")
            return redirect(home_for(g.user), code=303)
    return render_template(
        "settings/password.html", form=form, must_change=bool(g.user["must_change_password"])
    ), 400 if request.method == "POST" else 200
