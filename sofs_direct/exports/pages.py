"""Exports for the case-management system: the page that chooses who a file is for and its format
and lists the files it makes (sizes, and whether pictures were reduced or the file split), their
downloads, and the import of an assessment from a JSON file. Thin views over pipeline.py, pack.py,
pack_json.py and pack_import.py.

Main decision: who a file is for and its format are not the child's data (an audience is one of
four words, a format one of three), so they may sit in the address (a query on the page, a path
for a download); ids are the only other thing an address carries. Every route names the child, so
children.py's hook has answered 404 for a child this user may not see, and an artefact or an
assessment that is not this child's is a 404 too. Downloads go through records.export_download,
audited as exports; the page only lists what a download will be. The files made for the page are
kept in the render cache (memory only), so a download does not make them again.

A Three Houses session's recordings of the child's voice are offered on the artefact's page as
downloads of their own, exactly as stored, and only those the child said this audience may hear (the
address of any other is a 404, as if it did not exist). They are for sharing in person, not
attachments: case-management systems take PDF, PNG or JPEG, and the PDF lists each recording with
the child's words at each marked moment.
"""

from flask import Blueprint, abort, flash, g, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField
from wtforms.validators import AnyOf, InputRequired

from ..artefacts.audience import AUDIENCE_NAMES, AUDIENCES, audience_name
from ..artefacts.export_files import ExportTooLarge, size_text
from ..artefacts.record_files import clip_sound, export_download, kind_label, record_of
from ..assessments import store
from ..assessments.rules import type_label
from ..platform import audit, htmx
from ..platform.auth import role_required
from ..platform.db import get_db
from ..platform.errors import render_error
from ..platform.i18n import _, _l, get_language
from ..platform.validation import choices
from . import pipeline
from .pack import gather, pack_pdf
from .pack_import import IMPORT_MAX_BYTES, ImportRefused, import_json
from .pack_json import pack_json

bp = Blueprint("exports", __name__)

ROLES = ("practitioner", "manager")
FORMAT_NAMES = {
    "pdf": _l("PDF (to attach to the case file or print)"),
    "png": _l("PNG pictures"),
    "json": _l("JSON (for a system that imports data)"),
}
ARTEFACT_FORMATS = ("pdf", "png")
PACK_FORMATS = ("pdf", "json")
CHOOSE_AUDIENCE = _l("Choose who the export is for")
CHOOSE_FORMAT = _l("Choose the format")


class ExportForm(FlaskForm):
    """Chosen on the page and sent as a query (GET): nothing changes, and no child data is in it."""

    class Meta:
        csrf = False

    # Checked here with our own sentences (WTForms' "Not a valid choice" is not in our catalogue).
    audience = RadioField(
        _l("Who is it for?"),
        choices=choices(AUDIENCE_NAMES.items()),
        validate_choice=False,
        validators=[InputRequired(CHOOSE_AUDIENCE), AnyOf(AUDIENCES, CHOOSE_AUDIENCE)],
    )
    file_type = RadioField(_l("Format"), validate_choice=False, validators=[InputRequired(CHOOSE_FORMAT)])


class ImportForm(FlaskForm):
    pack = FileField(
        _l("The JSON file"),
        description=_l(
            "A pack exported as JSON from SofS Direct, or a file made "
            "to the same schema by the case-management system. "
            "At most 1 MB."
        ),
        validators=[FileRequired(_l("Choose a JSON file to import"))],
    )


def _chosen(formats: tuple) -> ExportForm:
    form = ExportForm(formdata=request.args or None)
    form.file_type.choices = choices((key, FORMAT_NAMES[key]) for key in formats)
    form.file_type.validators = [*form.file_type.validators, AnyOf(formats, CHOOSE_FORMAT)]
    return form


def _page(template: str, form: ExportForm, key: tuple, make, **context):
    """The page: the form, and once a choice is made, the files it makes (or why it cannot)."""
    made, refused, status = None, None, 200
    if request.args:
        if form.validate():
            try:
                made = pipeline.listing(
                    key(form.audience.data, form.file_type.data), lambda: make(form.audience.data, form.file_type.data)
                )
            except ExportTooLarge as too_large:
                refused, status = too_large.message, 422
        else:
            status = 400
    return render_template(
        template,
        form=form,
        made=made,
        refused=refused,
        size_text=size_text,
        audience_name=audience_name,
        child=g.child,
        **context,
    ), status


def _download(key: tuple, make, part: int):
    try:
        listing = pipeline.listing(key, make)
        if not 1 <= part <= len(listing["files"]):
            abort(404)
        chosen = listing["files"][part - 1]
        data = pipeline.file_data(key, make, part - 1)
    except ExportTooLarge as too_large:
        return render_error(422, _("This cannot be exported within the limits"), too_large.message)
    return export_download(data, chosen["media_type"], chosen["name"])


def _download_link(endpoint: str, **ids):
    """The address of each part's download, for the choice made on the page."""
    return lambda part: url_for(
        endpoint,
        child_id=g.child["id"],
        audience=request.args["audience"],
        file_type=request.args["file_type"],
        part=part,
        **ids,
    )


def _checked(audience: str, file_type: str, formats: tuple) -> None:
    if audience not in AUDIENCES or file_type not in formats:
        abort(404)


# --- one artefact ---------------------------------------------------------------------------------


def _artefact(artefact_id):
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id)

    def key(audience, file_type):
        return ("export", row["id"], audience, file_type, get_language(), g.child["known_as"], g.user["id"])

    def make(audience, file_type):
        return pipeline.artefact_export(db, g.user, g.child, row, document, audience, file_type)

    return row, document, key, make


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/export")
@audit.described_as(view=_l("Viewed the export of %(record)s"))
@role_required(*ROLES)
def artefact_page(child_id, artefact_id):
    row, document, key, make = _artefact(artefact_id)
    audience = request.args.get("audience")
    recordings = pipeline.recordings(get_db(), row, document, audience) if audience in AUDIENCES else []
    return _page(
        "exports/artefact.html",
        _chosen(ARTEFACT_FORMATS),
        key,
        make,
        record=row,
        label=kind_label(row["kind"]),
        recordings=recordings,
        recording_url=lambda recording: url_for(
            "exports.recording_download",
            child_id=g.child["id"],
            artefact_id=row["id"],
            audience=audience,
            clip_id=recording.clip["id"],
        ),
        download=_download_link("exports.artefact_download", artefact_id=row["id"]),
    )


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/export/<audience>/<file_type>/<int:part>")
@audit.described_as(export=_l("Exported %(record)s"))
@role_required(*ROLES)
def artefact_download(child_id, artefact_id, audience, file_type, part):
    _checked(audience, file_type, ARTEFACT_FORMATS)
    _row, _document, key, make = _artefact(artefact_id)
    return _download(key(audience, file_type), lambda: make(audience, file_type), part)


@bp.get("/children/<uuid:child_id>/records/<uuid:artefact_id>/export/<audience>/recording/<clip_id>")
@audit.described_as(export=_l("Exported a recording from %(record)s"))
@role_required(*ROLES)
def recording_download(child_id, artefact_id, audience, clip_id):
    """One recording of the child's voice, exactly as stored, for an audience the child said may hear it."""
    if audience not in AUDIENCES:
        abort(404)
    db = get_db()
    row, document = record_of(db, g.child["id"], artefact_id)
    chosen = next(
        (
            recording
            for recording in pipeline.recordings(db, row, document, audience)
            if recording.clip["id"] == clip_id
        ),
        None,
    )
    if chosen is None:  # no such recording, or one this audience may not hear: the same answer
        abort(404)
    return export_download(clip_sound(db, row, chosen.clip), chosen.clip["media_type"], chosen.name)


# --- an assessment pack ---------------------------------------------------------------------------


def _pack(assessment_id):
    db = get_db()
    assessment = store.get(db, g.child["id"], assessment_id)
    if assessment is None:
        abort(404)

    gathered = {}

    def pack_for(audience):
        if audience not in gathered:
            gathered[audience] = gather(db, g.child, assessment, audience)
        return gathered[audience]

    def key(audience, file_type):
        return ("pack", assessment["id"], audience, file_type, pack_for(audience).fingerprint(), g.user["id"])

    def make(audience, file_type):
        pack = pack_for(audience)
        return pack_pdf(db, g.user, pack) if file_type == "pdf" else pack_json(db, g.user, pack)

    return assessment, key, make


@bp.get("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/export")
@audit.described_as(view=_l("Viewed the export of %(record)s"))
@role_required(*ROLES)
def pack_page(child_id, assessment_id):
    assessment, key, make = _pack(assessment_id)
    return _page(
        "exports/pack.html",
        _chosen(PACK_FORMATS),
        key,
        make,
        assessment=assessment,
        type_label=type_label,
        download=_download_link("exports.pack_download", assessment_id=assessment["id"]),
    )


@bp.get("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/export/<audience>/<file_type>/<int:part>")
@audit.described_as(export=_l("Exported %(record)s"))
@role_required(*ROLES)
def pack_download(child_id, assessment_id, audience, file_type, part):
    _checked(audience, file_type, PACK_FORMATS)
    _assessment, key, make = _pack(assessment_id)
    return _download(key(audience, file_type), lambda: make(audience, file_type), part)


# --- importing --------------------------------------------------------------------------------------


@bp.route("/children/<uuid:child_id>/assessments/import", methods=["GET", "POST"])
@audit.described_as(
    view=_l("Opened the import of an assessment for %(child)s"), change=_l("Imported an assessment for %(child)s")
)
@role_required(*ROLES)
def import_assessment(child_id):
    form = ImportForm()
    status = 200
    if form.validate_on_submit():
        try:
            assessment_id = import_json(get_db(), g.user, g.child, form.pack.data.read(IMPORT_MAX_BYTES + 1))
        except ImportRefused as refused:
            form.pack.errors.append(refused.message)
        else:
            flash(_("Assessment imported as a new draft. Check it before you submit it for review."), "success")
            return htmx.redirect(
                url_for("assessments.assessment_page", child_id=g.child["id"], assessment_id=assessment_id)
            )
    if form.errors:
        status = 400
    return render_template("exports/import.html", form=form, child=g.child), status
