"""Assessments on the practitioner's pages: a child's assessments, one assessment's page (the direct
work attached, the worker's analysis beside each piece, the Signs of Safety mapping with the child's
own words placed into its columns, scaling), and the team manager's review. Thin views over
store.py, signs_of_safety.py and review.py, whose rules are in rules.py.

Main decision: each POST reads its form, calls one function of those modules, then redirects back
with a banner (POST/redirect/GET, so every form works without JavaScript); a refusal shows the page
again with a GOV.UK error summary and what was typed, 400 (409 when the assessment is no longer a
draft).
"""

from flask import Blueprint, abort, flash, g, render_template, request, url_for

from ..artefacts.sharing import describe_wish
from ..platform import audit, htmx
from ..platform.auth import role_required
from ..platform.db import get_db
from ..platform.i18n import _, _l
from ..records import pages as records
from . import review, signs_of_safety, store
from .rules import (
    ANALYSIS_MAX,
    COLUMNS,
    COMMENTS_MAX,
    ENTRY_MAX,
    NOTE_MAX,
    QUESTION_MAX,
    TYPES,
    AssessmentRefused,
    due_date,
    scaling_question_of,
    status_name,
    type_label,
)

bp = Blueprint("assessments", __name__)

ROLES = ("practitioner", "manager")
# Which element of the page each refusal's `field` points the error summary at.
DETAILS_FIELDS = {"type": "type", "due_on": "due-day", "case_reference": "case-reference"}
SCORE_FIELDS = {"person": "score-person", "role": "score-role", "score": "score-score", "note": "score-note"}


def _typed_details(form) -> dict:
    """The details form as typed, by element id (the date input's three boxes, as GOV.UK names them)."""
    return {
        "type": form.get("type", ""),
        "due-day": form.get("due-day", ""),
        "due-month": form.get("due-month", ""),
        "due-year": form.get("due-year", ""),
        "case-reference": form.get("case_reference", ""),
    }


def _assessment_or_404(assessment_id) -> dict:
    found = store.get(get_db(), g.child["id"], assessment_id)
    if found is None:
        abort(404)
    return found


def _back(assessment: dict, anchor: str = ""):
    return htmx.redirect(
        url_for("assessments.assessment_page", child_id=assessment["child_id"], assessment_id=assessment["id"]) + anchor
    )


def _refused(refused: AssessmentRefused, fields: dict[str, str], typed: dict) -> tuple[dict, int]:
    """The error summary's entry (element id → message) and the status: 409 for a state conflict."""
    if refused.field is None:  # the assessment is no longer a draft (or not submitted, for a review)
        return {"errors": {"assessment-status": refused.message}, "typed": typed}, 409
    element = fields.get(refused.field) or next(iter(fields.values()), "assessment-status")
    return {"errors": {element: refused.message}, "typed": typed}, 400


def _page_context(db, assessment: dict) -> dict:
    attached_work = store.attached(db, assessment["id"])
    attached_ids = {artefact["artefact_id"] for artefact in attached_work}
    for artefact in attached_work:
        artefact["unplaced"] = signs_of_safety.unplaced_words(db, assessment["id"], artefact["artefact_id"])
    scores = signs_of_safety.scores(db, assessment["id"])
    return {
        "child": g.child,
        "assessment": assessment,
        "attached": attached_work,
        "sources": {artefact["artefact_id"]: artefact for artefact in attached_work},
        "attachable": [
            record for record in records.for_child(db, assessment["child_id"]) if record["id"] not in attached_ids
        ],
        "mapping": signs_of_safety.mapping(db, assessment["id"]),
        "scores": scores,
        "offered_scores": signs_of_safety.offered_scores(attached_work, scores),
        "question": scaling_question_of(assessment),
        "reviews": review.reviews(db, assessment["id"]),
        "returned": review.returned_comments(db, assessment),
        "may_review": review.may_review(db, g.user, assessment),
        "editable": assessment["status"] == "draft",
        "types": TYPES,
        "columns": COLUMNS,
        "type_label": type_label,
        "status_name": status_name,
        "describe_wish": describe_wish,
        "limits": {
            "analysis": ANALYSIS_MAX,
            "entry": ENTRY_MAX,
            "question": QUESTION_MAX,
            "note": NOTE_MAX,
            "comments": COMMENTS_MAX,
        },
        "errors": {},
        "typed": {},
    }


def _show(assessment: dict, status: int = 200, **overrides):
    db = get_db()
    context = _page_context(db, assessment) | overrides
    return render_template("assessments/assessment.html", **context), status


def _change(assessment_id, change, done: str, fields: dict[str, str], typed: dict, anchor: str = ""):
    """Run one change of a draft: a banner and back to the page, or the page with the refusal."""
    db = get_db()
    assessment = _assessment_or_404(assessment_id)
    try:
        change(db, assessment)
    except AssessmentRefused as refused:
        context, status = _refused(refused, fields, typed)
        return _show(assessment, status, **context)
    flash(done, "success")
    return _back(assessment, anchor)


@bp.route("/children/<uuid:child_id>/assessments", methods=["GET", "POST"])
@audit.described_as(view=_l("Viewed %(child)s's assessments"), change=_l("Started an assessment for %(child)s"))
@role_required(*ROLES)
def child_assessments(child_id):
    db = get_db()
    form = request.form
    typed, errors, status = {}, {}, 200
    if request.method == "POST":
        typed = _typed_details(form)
        try:
            due_on = due_date(typed["due-day"], typed["due-month"], typed["due-year"])
            assessment_id = store.create(db, g.user, g.child["id"], typed["type"], due_on, typed["case-reference"])
        except AssessmentRefused as refused:
            errors, status = {DETAILS_FIELDS.get(refused.field, "type"): refused.message}, 400
        else:
            flash(
                _("Assessment started. Attach the direct work and place the child's words in the mapping."), "success"
            )
            return htmx.redirect(
                url_for("assessments.assessment_page", child_id=g.child["id"], assessment_id=assessment_id)
            )
    return render_template(
        "assessments/list.html",
        child=g.child,
        assessments=store.for_child(db, g.child["id"]),
        types=TYPES,
        type_label=type_label,
        status_name=status_name,
        errors=errors,
        typed=typed,
    ), status


@bp.get("/children/<uuid:child_id>/assessments/<uuid:assessment_id>")
@audit.described_as(view=_l("Viewed %(record)s"))
@role_required(*ROLES)
def assessment_page(child_id, assessment_id):
    return _show(_assessment_or_404(assessment_id))


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/details")
@audit.described_as(change=_l("Changed the details of %(record)s"))
@role_required(*ROLES)
def details(child_id, assessment_id):
    typed = _typed_details(request.form)

    def change(db, assessment):
        due_on = due_date(typed["due-day"], typed["due-month"], typed["due-year"])
        store.update_details(db, g.user, assessment, typed["type"], due_on, typed["case-reference"])

    return _change(assessment_id, change, _("Details saved"), DETAILS_FIELDS, typed, "#details")


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/attach")
@audit.described_as(change=_l("Attached direct work to %(record)s"))
@role_required(*ROLES)
def attach_work(child_id, assessment_id):
    artefact_id = request.form.get("artefact_id", "")
    return _change(
        assessment_id,
        lambda db, assessment: store.attach(db, g.user, assessment, artefact_id),
        _("Direct work attached"),
        {},
        {},
        "#attached",
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/detach")
@audit.described_as(change=_l("Took direct work off %(record)s"))
@role_required(*ROLES)
def detach_work(child_id, assessment_id):
    artefact_id = request.form.get("artefact_id", "")
    return _change(
        assessment_id,
        lambda db, assessment: store.detach(db, g.user, assessment, artefact_id),
        _("Direct work taken off this assessment, with the child's words placed from it"),
        {},
        {},
        "#attached",
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/analysis")
@audit.described_as(change=_l("Wrote the analysis in %(record)s"))
@role_required(*ROLES)
def analysis(child_id, assessment_id):
    artefact_id, text = request.form.get("artefact_id", ""), request.form.get("analysis", "")
    element = f"analysis-{artefact_id}"
    return _change(
        assessment_id,
        lambda db, assessment: store.set_analysis(db, g.user, assessment, artefact_id, text),
        _("Your analysis is saved"),
        {"analysis": element},
        {element: text},
        f"#work-{artefact_id}",
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/words")
@audit.described_as(change=_l("Put the child's words in the mapping of %(record)s"))
@role_required(*ROLES)
def place(child_id, assessment_id):
    form = request.form
    artefact_id, item, column = form.get("artefact_id", ""), form.get("item", ""), form.get("column", "")
    return _change(
        assessment_id,
        lambda db, assessment: signs_of_safety.place_words(db, g.user, assessment, artefact_id, item, column),
        _("The child's words are in the mapping"),
        {"column": f"column-{artefact_id}-{item}"},
        {},
        "#place-words",
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/entries")
@audit.described_as(change=_l("Added an entry to the mapping of %(record)s"))
@role_required(*ROLES)
def add_mapping_entry(child_id, assessment_id):
    column, text = request.form.get("column", ""), request.form.get("text", "")
    element = f"entry-{column}" if column in COLUMNS else f"entry-{next(iter(COLUMNS))}"
    return _change(
        assessment_id,
        lambda db, assessment: signs_of_safety.add_entry(db, g.user, assessment, column, text),
        _("Added to the mapping"),
        {"text": element, "column": element},
        {element: text},
        "#mapping",
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/entries/remove")
@audit.described_as(change=_l("Took an entry out of the mapping of %(record)s"))
@role_required(*ROLES)
def remove_mapping_entry(child_id, assessment_id):
    entry_id = request.form.get("entry_id", "")
    return _change(
        assessment_id,
        lambda db, assessment: signs_of_safety.remove_entry(db, g.user, assessment, entry_id),
        _("Taken out of the mapping"),
        {},
        {},
        "#mapping",
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/scaling")
@audit.described_as(change=_l("Changed the scaling question of %(record)s"))
@role_required(*ROLES)
def scaling(child_id, assessment_id):
    text = request.form.get("question", "")
    return _change(
        assessment_id,
        lambda db, assessment: signs_of_safety.set_scaling_question(db, g.user, assessment, text),
        _("Scaling question saved"),
        {"question": "scaling-question"},
        {"scaling-question": text},
        "#scaling",
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/scores")
@audit.described_as(change=_l("Added a number on the scale of %(record)s"))
@role_required(*ROLES)
def add_scaling_score(child_id, assessment_id):
    form = request.form
    typed = {element: form.get(name, "") for name, element in SCORE_FIELDS.items()}
    return _change(
        assessment_id,
        lambda db, assessment: signs_of_safety.add_score(
            db,
            g.user,
            assessment,
            typed["score-person"],
            typed["score-role"],
            typed["score-score"],
            typed["score-note"],
        ),
        _("Number added"),
        SCORE_FIELDS,
        typed,
        "#scaling",
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/scores/remove")
@audit.described_as(change=_l("Took a number off the scale of %(record)s"))
@role_required(*ROLES)
def remove_scaling_score(child_id, assessment_id):
    score_id = request.form.get("score_id", "")
    return _change(
        assessment_id,
        lambda db, assessment: signs_of_safety.remove_score(db, g.user, assessment, score_id),
        _("Number taken out"),
        {},
        {},
        "#scaling",
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/submit")
@audit.described_as(change=_l("Submitted %(record)s for review"))
@role_required(*ROLES)
def submit_for_review(child_id, assessment_id):
    return _change(
        assessment_id,
        lambda db, assessment: review.submit(db, g.user, assessment),
        _("Submitted for review. Your team manager will authorise it or return it with comments."),
        {},
        {},
    )


@bp.post("/children/<uuid:child_id>/assessments/<uuid:assessment_id>/review")
@audit.described_as(change=_l("Reviewed %(record)s"))
@role_required("manager")
def review_assessment(child_id, assessment_id):
    outcome, comments = request.form.get("outcome", ""), request.form.get("comments", "")
    done = _("Assessment authorised") if outcome == "authorised" else _("Assessment returned with your comments")
    return _change(
        assessment_id,
        lambda db, assessment: review.review(db, g.user, assessment, outcome, comments),
        done,
        {"comments": "review-comments", "outcome": "review-comments"},
        {"review-comments": comments},
    )


@bp.get("/team/reviews")
@role_required("manager")
def team_reviews():
    """The team's assessments waiting for review, and those reviewed lately: is the child's voice in each?"""
    found = review.for_team_review(get_db(), g.user["team_id"])
    return render_template(
        "assessments/team_reviews.html", waiting=found["waiting"], recent=found["recent"], type_label=type_label
    )
