"""Your own settings: the language you work in and your password.

Main decision: the saved language is the user's default; the switch on every screen (i18n.py) only
overrides it for the current sign-in, so a worker can show one screen in Welsh to a child and carry
on in English.
"""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField
from wtforms.validators import DataRequired, EqualTo, ValidationError

from . import accounts, audit
from .auth import check_password, home_for, login_required, password_problem
from .db import get_db
from .i18n import _, _l
from .validation import choices

bp = Blueprint("settings", __name__, url_prefix="/settings")


class LanguageForm(FlaskForm):
    language = RadioField(_l("Language you work in"), choices=choices([("en", "English"), ("cy", "Cymraeg")]),
                          validators=[DataRequired(_l("Choose a language"))])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password"))])
    new = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a new password"))])
    confirm = PasswordField(_l("Confirm new password"), validators=[
        DataRequired(_l("Enter the new password again")), EqualTo("new", message=_l("The passwords do not match"))])

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
    return render_template("settings/index.html", form=form), 400 if request.method == "POST" else 200


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
    return render_template("settings/password.html", form=form,
                           must_change=bool(g.user["must_change_password"])), 400 if request.method == "POST" else 200
