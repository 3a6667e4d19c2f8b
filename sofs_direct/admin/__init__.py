"""Administration: teams, user accounts, passwords, sessions, and which workers a child is allocated to
(people.py), and the service's own settings (service_settings.py). A blueprint package (as
microblog's app/<area>/): the routes of both modules are on this one blueprint, `admin`.

Main decision: an admin manages access, never content. Admin pages show a child's known-as name,
case reference and team — enough to allocate — and no admin route leads to the child's own page or
artefacts. Every account change is written to the audit trail; allocation changes name the child, so
the central audit hook records them as changes to that child. An admin can revoke a person's tablet
(a lost device): what it sends afterwards is kept aside for the team manager, never lost. The
service's own settings (artefacts/service.py: recording the child's voice, the explainer's words) are
an admin's too: they are the service's rules, not any child's content.
"""

from flask import Blueprint
from flask_wtf import FlaskForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


class ConfirmForm(FlaskForm):
    """A button-only form: the CSRF token is its only field."""


# The routes, on `bp` above (imported last: each module adds its routes to the blueprint).
from . import people, service_settings  # noqa: E402, F401
