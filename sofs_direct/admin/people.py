"""The people an admin manages: teams, user accounts (roles, passwords, sign-in sessions, tablets)
and children with the workers allocated to them.

Main decision: every change is audited (accounts.py writes the trail); a child is shown to an admin
only by known-as name, case reference and team, enough to allocate, never their records.
"""

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..platform import accounts, audit, devices
from ..platform.auth import ROLES, end_all_login_sessions, password_problem, role_required
from ..platform.children import add_child, allocated_workers, set_allocation
from ..platform.db import get_db
from ..platform.i18n import _, _l
from ..platform.validation import PlainText, choices, date_of_birth_in_range
from . import ConfirmForm, bp

ROLE_LABELS = {"practitioner": _l("Practitioner"), "manager": _l("Team manager"), "admin": _l("Administrator")}
LANGUAGE_CHOICES = [("en", "English"), ("cy", "Cymraeg")]


def _password_rule(form, field):
    problem = password_problem(field.data or "")
    if problem:
        raise ValidationError(problem)


class TeamForm(FlaskForm):
    name = StringField(
        _l("Team name"), validators=[DataRequired(_l("Enter the team name")), Length(max=100), PlainText()]
    )


class UserForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(_l("Enter a username")),
            Length(min=3, max=50, message=_l("Username must be 3 to 50 characters")),
            Regexp(
                r"^[A-Za-z0-9._-]+$",
                message=_l("Username can only contain letters, numbers, dots, hyphens and underscores"),
            ),
        ],
    )
    display_name = StringField(
        _l("Full name"), validators=[DataRequired(_l("Enter the person's full name")), Length(max=100), PlainText()]
    )
    role = SelectField(_l("Role"), choices=choices((role, ROLE_LABELS[role]) for role in ROLES))
    team_id = SelectField(_l("Team"), coerce=int, validators=[Optional()])
    language = SelectField(_l("Language"), choices=choices(LANGUAGE_CHOICES))
    password = PasswordField(
        _l("Temporary password"), validators=[DataRequired(_l("Enter a temporary password")), _password_rule]
    )

    def validate_team_id(self, field):
        if self.role.data != "admin" and not field.data:
            raise ValidationError(_("Choose the team this person works in"))


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New temporary password"), validators=[DataRequired(_l("Enter a temporary password")), _password_rule]
    )


class ChildForm(FlaskForm):
    known_as = StringField(
        _l("Known as"),
        validators=[DataRequired(_l("Enter the name the child is known by")), Length(max=60), PlainText()],
    )
    date_of_birth = DateField(
        _l("Date of birth"), validators=[DataRequired(_l("Enter a real date of birth")), date_of_birth_in_range]
    )
    case_reference = StringField(
        _l("Case reference"),
        validators=[Length(max=40), PlainText()],
        description=_l("The child's ID in the case management system, for example LCS or Mosaic"),
    )
    preferred_language = SelectField(_l("Preferred language"), choices=choices(LANGUAGE_CHOICES))
    team_id = SelectField(_l("Team"), coerce=int, validators=[DataRequired(_l("Choose the team"))])


class AllocationForm(FlaskForm):
    workers = SelectMultipleField(
        _l("Allocated workers"), coerce=int, option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False)
    )


def _team_choices(db):
    return choices([(0, _("Choose a team"))] + [(team["id"], team["name"]) for team in accounts.teams(db)])


@bp.get("")
@role_required("admin")
def index():
    db = get_db()
    return render_template(
        "admin/index.html",
        teams=accounts.teams(db),
        users=accounts.users(db),
        children=accounts.children_with_allocation(db),
        role_labels=ROLE_LABELS,
        team_form=TeamForm(),
        confirm=ConfirmForm(),
    )


@bp.post("/teams")
@role_required("admin")
def add_team():
    db = get_db()
    form = TeamForm()
    if form.validate_on_submit():
        if accounts.team_named(db, form.name.data):
            form.name.errors.append(_("A team with that name already exists"))
        else:
            accounts.add_team(db, form.name.data.strip())
            audit.record(db, g.user["id"], g.login_session_id, "account", None, "team added")
            flash(_("Team added"), "success")
            return redirect(url_for("admin.index"), code=303)
    return render_template(
        "admin/index.html",
        teams=accounts.teams(db),
        users=accounts.users(db),
        children=accounts.children_with_allocation(db),
        role_labels=ROLE_LABELS,
        team_form=form,
        confirm=ConfirmForm(),
    ), 400


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def new_user():
    db = get_db()
    form = UserForm()
    form.team_id.choices = _team_choices(db)
    if form.validate_on_submit():
        if accounts.find_username(db, form.username.data):
            form.username.errors.append(_("That username is already taken"))
        else:
            accounts.add_user(
                db,
                form.username.data,
                form.display_name.data.strip(),
                form.role.data,
                form.team_id.data or None,
                form.password.data,
                form.language.data,
                must_change_password=True,
            )
            audit.record(db, g.user["id"], g.login_session_id, "account", None, "user added")
            flash(
                _(
                    "Account created. Give the person their temporary password; they choose their own when they first sign in."
                ),
                "success",
            )
            return redirect(url_for("admin.index"), code=303)
    return render_template("admin/new_user.html", form=form), 400 if request.method == "POST" else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def user(user_id):
    db = get_db()
    person = accounts.get_user_or_404(db, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.reset_password(db, user_id, form.password.data)
        audit.record(db, g.user["id"], g.login_session_id, "account", None, f"password reset for user {user_id}")
        flash(
            _("Password reset and all their sessions ended. They choose a new password when they next sign in."),
            "success",
        )
        return redirect(url_for("admin.user", user_id=user_id), code=303)
    from ..platform.auth import active_login_sessions

    return render_template(
        "admin/user.html",
        person=person,
        form=form,
        confirm=ConfirmForm(),
        sessions=active_login_sessions(db, user_id),
        role_labels=ROLE_LABELS,
        team=accounts.team_of(db, person),
        devices=devices.for_user(db, user_id),
    ), 400 if request.method == "POST" else 200


@bp.post("/users/<int:user_id>/devices/<uuid:device_id>/revoke")
@role_required("admin")
def revoke_device(user_id, device_id):
    db = get_db()
    accounts.get_user_or_404(db, user_id)
    device = devices.get(db, str(device_id))
    if device is None or device["user_id"] != user_id:
        abort(404)
    if ConfirmForm().validate_on_submit() and devices.revoke(db, device["id"], g.user["id"]):
        audit.record(
            db, g.user["id"], g.login_session_id, "account", None, f"revoked device {device['id']} of user {user_id}"
        )
        flash(_("Tablet revoked. Anything it still sends is kept aside for the team manager to review."), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.post("/users/<int:user_id>/end-sessions")
@role_required("admin")
def end_sessions(user_id):
    db = get_db()
    accounts.get_user_or_404(db, user_id)
    if ConfirmForm().validate_on_submit():
        ended = end_all_login_sessions(db, user_id, "revoked")
        audit.record(
            db, g.user["id"], g.login_session_id, "account", None, f"ended {ended} session(s) of user {user_id}"
        )
        flash(_("Signed out everywhere. Sessions ended: %(count)s", count=ended), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.post("/users/<int:user_id>/active")
@role_required("admin")
def toggle_active(user_id):
    db = get_db()
    person = accounts.get_user_or_404(db, user_id)
    if ConfirmForm().validate_on_submit():
        if person["id"] == g.user["id"]:
            flash(_("You cannot deactivate your own account"), "error")
        else:
            accounts.set_active(db, user_id, not person["active"])
            audit.record(
                db,
                g.user["id"],
                g.login_session_id,
                "account",
                None,
                f"{'deactivated' if person['active'] else 'reactivated'} user {user_id}",
            )
            flash(_("Account deactivated") if person["active"] else _("Account reactivated"), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.route("/children/new", methods=["GET", "POST"])
@role_required("admin")
def new_child():
    db = get_db()
    form = ChildForm()
    form.team_id.choices = _team_choices(db)
    if form.validate_on_submit():
        child_id = add_child(
            db,
            form.known_as.data.strip(),
            form.date_of_birth.data,
            (form.case_reference.data or "").strip(),
            form.preferred_language.data,
            form.team_id.data,
        )
        audit.record(db, g.user["id"], g.login_session_id, "change", child_id, "child record added")
        flash(_("Child added. Now allocate them to a worker."), "success")
        return redirect(url_for("admin.allocation", child_id=child_id), code=303)
    return render_template("admin/new_child.html", form=form), 400 if request.method == "POST" else 200


@bp.route("/children/<uuid:child_id>/allocation", methods=["GET", "POST"])
@audit.described_as(view=_l("Viewed who is allocated to %(child)s"), change=_l("Changed who is allocated to %(child)s"))
@role_required("admin")
def allocation(child_id):
    db = get_db()
    child = g.child
    form = AllocationForm()
    candidates = accounts.allocatable_workers(db, child["team_id"])
    form.workers.choices = choices((worker["id"], worker["display_name"]) for worker in candidates)
    if request.method == "GET":
        form.workers.data = [worker["id"] for worker in allocated_workers(db, child["id"])]
    if form.validate_on_submit():
        set_allocation(db, child["id"], form.workers.data or [])
        flash(_("Allocation saved"), "success")
        return redirect(url_for("admin.index"), code=303)
    return render_template(
        "admin/allocation.html", child=child, form=form, team=accounts.team_of(db, child)
    ), 400 if request.method == "POST" else 200
