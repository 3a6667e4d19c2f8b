"""The child's feedback and the session's participation facts in the national shape: rows of the
Standard Safeguarding Dataset's draft `ssd_voice_of_child` table (data-to-insight ssd-data-model;
the mapping, its source and what is left empty are in docs/standards.md), as CSV or JSON.

Main decision: one row per finalised, unflagged piece of direct work that carries the child's
feedback (feedback.py), identified by the artefact's id, with the child as the case-management
reference the service already holds. The dataset defines no codes for the answers (its fields are
`nchar`), so each answer is one letter (Y, P for "a bit", N, U for "don't know"); a question not
asked or skipped is empty. The participation columns come from the dataset's other tables, under
their own names (ssd_cin_visits: seen, seen alone; ssd_cla_reviews: participation), so a council's
loader can place each one; the review participation code stays empty, because nothing in the
product says a piece of work was made for a looked-after child's review.
"""

import csv
import io
import json

from ..artefacts import feedback
from ..artefacts.kinds import kind_of
from ..artefacts.voice import nothing_done_sql
from ..platform import audit
from ..platform.db import write

# Each question's field in ssd_voice_of_child (the YAML's `name` for its `item_ref`).
FIELD_OF_QUESTION = {
    "VOCH002A": "voch_explained_worries",
    "VOCH003A": "voch_story_help_understand",
    "VOCH004A": "voch_agree_worker",
    "VOCH005A": "voch_plan_safe",
    "VOCH006A": "voch_tablet_help_explain",
}
ANSWER_CODES = {"yes": "Y", "a_bit": "P", "no": "N", "dont_know": "U"}
VOICE_OF_CHILD_FIELDS = ("voch_table_id", "voch_person_id", *FIELD_OF_QUESTION.values())
# From ssd_cin_visits (the visit date, child seen, child seen alone) and ssd_cla_reviews.
PARTICIPATION_FIELDS = (
    "cinv_cin_visit_date",
    "cinv_cin_visit_seen",
    "cinv_cin_visit_seen_alone",
    "clar_cla_review_participation",
)
FIELDS = VOICE_OF_CHILD_FIELDS + PARTICIPATION_FIELDS

ROWS_SQL = """
SELECT artefacts.id, artefacts.kind, artefacts.document, children.case_reference,
    ({nothing_done}) AS nothing_done
FROM artefacts JOIN children ON children.id = artefacts.child_id
WHERE artefacts.flag IS NULL AND artefacts.state = 'finalised'
  AND json_type(artefacts.document, '$.feedback') = 'object'
  AND date(json_extract(artefacts.document, '$.created_at')) >= :since
  AND (:team IS NULL OR children.team_id = :team)
ORDER BY julianday(json_extract(artefacts.document, '$.created_at')), artefacts.id
"""


def _yes_no(value) -> str:
    return "" if value is None else ("Y" if value else "N")


def _seen_alone(content: dict):
    """A session's own record of whether the child was seen alone: the session details every tool
    that records them keeps as content["session"]["seen_alone"] (true, false or null)."""
    session = content.get("session") if isinstance(content, dict) else None
    return session.get("seen_alone") if isinstance(session, dict) else None


def row_of(artefact: dict) -> dict:
    document = json.loads(artefact["document"])
    answers = feedback.of(document) or {}
    row = {"voch_table_id": artefact["id"], "voch_person_id": artefact["case_reference"]}
    for code, field in FIELD_OF_QUESTION.items():
        row[field] = ANSWER_CODES.get(answers.get(code), "")
    seen = kind_of(artefact["kind"]).DIRECT_WORK and not artefact["nothing_done"]
    row["cinv_cin_visit_date"] = document["created_at"][:10]
    row["cinv_cin_visit_seen"] = "Y" if seen else ""
    row["cinv_cin_visit_seen_alone"] = _yes_no(_seen_alone(document["content"])) if seen else ""
    row["clar_cla_review_participation"] = ""
    return row


def rows(db, since: str, team_id: int | None = None) -> list[dict]:
    """The rows for work done on or after `since` (an ISO date), for one team or (None) every team."""
    sql = ROWS_SQL.format(nothing_done=nothing_done_sql())
    return [row_of(artefact) for artefact in db.query(sql, {"since": since, "team": team_id})]


def children_of(db, found: list[dict]) -> list[str]:
    """The children whose work is in the rows (each once, in no particular order): who an export's
    audit rows name."""
    ids = json.dumps([row["voch_table_id"] for row in found])
    return [
        row["child_id"]
        for row in db.query(
            "SELECT DISTINCT child_id FROM artefacts WHERE id IN (SELECT value FROM json_each(?))", [ids]
        )
    ]


# What the command's audit rows say (team.py WRITTEN_WORDS has its words); the run's facts follow in
# brackets, as a flag follows a stored row's words.
COMMAND_EXPORTED = "feedback exported in the national shape from the command line"


def audit_command(db, found: list[dict], since: str, file_format: str, operator: str | None) -> None:
    """The audit rows of one run of `app.py export-ssd`, written before the file is: one for each child
    in it, as the team page's export writes (so the child's own trail shows it to their team's
    manager), all in one transaction. No user, as for the retention command: it is run on the server,
    not by a signed-in person; the operator's name when given. The row says the run's facts (from
    which day, how many rows, the format) and nothing of the child's."""
    what = f"{COMMAND_EXPORTED} (work since {since}, {len(found)} row(s), {file_format}"
    what += f"; run by {operator})" if operator else ")"
    with write(db):
        for child_id in sorted(children_of(db, found)):
            audit.append(db, None, None, "export", child_id, what)


def as_csv(found: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(found)
    return out.getvalue()


def as_json(found: list[dict]) -> str:
    return json.dumps({"ssd_voice_of_child": found}, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"csv": (as_csv, "text/csv"), "json": (as_json, "application/json")}
