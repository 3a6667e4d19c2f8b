"""The child's one-minute feedback (sofs_direct/artefacts/feedback.py, docs/feedback.md) and its export
in the national shape (sofs_direct/exports/ssd.py, docs/standards.md): each kind asks the questions
that fit its sessions; the server refuses feedback it cannot read as a draft and keeps a finished one
for review; the record page shows the answers; the team manager's figures count each child's newest
answer with the children behind each figure, for their own team only, audited; and the export's rows,
from the CLI and from the team page, have the dataset's field names and types."""

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from sofs_direct.artefacts import audience as audiences
from sofs_direct.artefacts import contracts, feedback
from sofs_direct.artefacts.kinds import KINDS
from sofs_direct.artefacts.record_files import record_of
from sofs_direct.assessments import store
from sofs_direct.exports import ssd
from sofs_direct.exports.pack import gather, pack_pdf
from sofs_direct.exports.pack_import import import_json
from sofs_direct.exports.pack_json import pack_json
from sofs_direct.exports.pipeline import artefact_export
from sofs_direct.platform import accounts
from sofs_direct.platform.demo import DEMO_PASSWORD
from sofs_direct.platform.invalid import DocumentInvalid
from tests.conftest import signed_in
from tests.pages.test_records import Records
from tests.pdf_reader import pdf_text
from tests.sync_helpers import StoreTablet, refused_and_kept
from tests.tablet_client import house_person, picture_sort, safety_house, sort_card, word
from tests.tablet_client import three_houses as empty_three_houses

ROOT = Path(__file__).resolve().parents[2]
FIELDS = json.loads((ROOT / "tests" / "fixtures" / "ssd_fields.json").read_text(encoding="utf-8"))


@pytest.fixture
def records(app, db):
    with app.app_context():
        return Records(app, db)


def three_houses(child_id: str, **options) -> dict:
    """A Three Houses session with something in it (an empty one is kept for review)."""
    return empty_three_houses(child_id, houses={"good": {"words": [word("w1", "I like my bedroom")]}}, **options)


def a_safety_house(child_id: str, **options) -> dict:
    return safety_house(child_id, people=[house_person("p1", "Nain", "inside")], **options)


def a_picture_sort(child_id: str, **options) -> dict:
    return picture_sort(
        child_id, cards=[sort_card("k1", "School", "school")], moves=[("k1", "good", "drag")], **options
    )


def with_feedback(document: dict, answers: dict) -> dict:
    return {**document, "feedback": answers}


def test_one_contract_and_each_kind_asks_what_fits():
    assert contracts.feedback() == {"questions": list(feedback.QUESTIONS), "answers": list(feedback.ANSWERS)}
    assert set(feedback.QUESTION_WORDS) == set(feedback.QUESTIONS) == set(ssd.FIELD_OF_QUESTION)
    asked = {name: set(kind.FEEDBACK_QUESTIONS) for name, kind in KINDS.items()}
    for name, kind in KINDS.items():
        assert asked[name] <= set(feedback.QUESTIONS), name
        # Every piece of the child's own work asks the two questions every session can answer; the
        # worker's own records ask the child nothing.
        assert (asked[name] >= set(feedback.DIRECT_WORK_QUESTIONS)) == kind.DIRECT_WORK, name
        assert bool(asked[name]) == kind.DIRECT_WORK, name
    assert "VOCH003A" in asked["words_pictures"] and "VOCH005A" in asked["safety_house"]


def test_each_tool_on_the_tablet_reads_its_questions_from_the_contract():
    """The questions a kind asks are its contract's `feedback_questions`, which the server's kind
    holds (tests/artefacts/test_contract_files.py) and the tablet's tool reads: no second list."""
    for name, kind in KINDS.items():
        source = (ROOT / "static" / "js" / "tools" / name / "model.js").read_text(encoding="utf-8")
        if kind.FEEDBACK_QUESTIONS:
            assert "feedbackQuestions: LIMITS.feedback_questions" in source, name
        else:
            assert "feedbackQuestions" not in source, name


@pytest.mark.parametrize(
    "value, reason",
    [
        ("yes", "must be an object"),
        ({"VOCH009A": "yes"}, "does not ask"),
        ({"VOCH005A": "yes"}, "does not ask"),  # Three Houses does not ask about the plan
        ({"VOCH004A": "maybe"}, "must be null or one of"),
        ({"VOCH004A": True}, "must be null or one of"),
    ],
)
@pytest.mark.usefixtures("app_context")
def test_feedback_it_cannot_read_is_refused_in_a_sentence(value, reason):
    with pytest.raises(DocumentInvalid) as refused:
        feedback.check(value, KINDS["three_houses"].FEEDBACK_QUESTIONS)
    assert reason in str(refused.value.reason)


@pytest.mark.usefixtures("app_context")
def test_every_answer_and_a_skip_are_taken():
    asked = KINDS["words_pictures"].FEEDBACK_QUESTIONS
    feedback.check({}, asked)
    for answer in (None, *feedback.ANSWERS):
        feedback.check(dict.fromkeys(asked, answer), asked)


def test_a_draft_is_refused_a_finished_one_kept_and_the_record_page_shows_it(app, db, records):
    maisie = records.children["Maisie"]
    with app.app_context():
        refusal = refused_and_kept(
            StoreTablet(db), with_feedback(three_houses(maisie), {"VOCH005A": "yes"}), app.config["PARTS_DIR"]
        )
    assert "does not ask: VOCH005A" in refusal.message
    artefact_id = records.sync(with_feedback(three_houses(maisie), {"VOCH004A": "a_bit", "VOCH006A": None}))
    page = signed_in(app, "demo.worker").get(f"/children/{maisie}/records/{artefact_id}").get_data(as_text=True)
    assert "app-child-feedback" in page
    assert "Do you agree with your worker?" in page and "A bit" in page
    assert "Not answered" in page
    older = records.sync(three_houses(maisie))
    page = signed_in(app, "demo.worker").get(f"/children/{maisie}/records/{older}").get_data(as_text=True)
    assert "app-child-feedback" not in page


ANSWERS = {"VOCH004A": "a_bit", "VOCH006A": "yes"}
AGREE, HELPED = "Do you agree with your worker? A bit", "Did writing or drawing on the tablet help you explain? Yes"


def flat(text: str) -> str:
    """A PDF's text with its lines joined: a long fact wraps anywhere."""
    return " ".join(text.split())


def test_every_export_for_the_professionals_has_the_answers_and_none_for_parents(app, db, records):
    """Each kind's own file (the Three Houses sheet, "My Safety House", "My picture sort") and the
    assessment pack (PDF and JSON) give the child's answers to the full record and the conference; the
    parents' and the network's files never have them, and a pack with them imports again."""
    maisie = records.children["Maisie"]
    sessions = [
        records.sync(with_feedback(maker(maisie, created_at=at(n + 1)), ANSWERS))
        for n, maker in enumerate((three_houses, a_safety_house, a_picture_sort))
    ]
    worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
    with app.test_request_context():
        child = next(db.query("SELECT * FROM children WHERE id = ?", [maisie]))
        for artefact_id in sessions:
            row, document = record_of(db, maisie, artefact_id)
            for audience in audiences.AUDIENCES:
                text = flat(pdf_text(artefact_export(db, worker, child, row, document, audience, "pdf").files[0].data))
                professional = audience in (audiences.RECORD, "conference")
                assert ("The child's feedback" in text) == professional, (row["kind"], audience)
                assert (AGREE in text and HELPED in text) == professional, (row["kind"], audience)
        assessment_id = store.create(db, worker, maisie, "single", date(2027, 3, 27), "LCS-1")
        for artefact_id in sessions:
            store.attach(db, worker, store.get(db, maisie, assessment_id), artefact_id)
        for audience in audiences.AUDIENCES:
            pack = gather(db, child, store.get(db, maisie, assessment_id), audience)
            professional = audience in (audiences.RECORD, "conference")
            assert (AGREE in flat(pdf_text(pack_pdf(db, worker, pack).files[0].data))) == professional, audience
            [as_json] = pack_json(db, worker, pack).files
            for artefact in json.loads(as_json.data)["artefacts"]:
                expected = [
                    {"code": "VOCH004A", "question": "Do you agree with your worker?", "answer": "a_bit"},
                    {
                        "code": "VOCH006A",
                        "question": "Did writing or drawing on the tablet help you explain?",
                        "answer": "yes",
                    },
                ]
                assert artefact["feedback"] == (expected if professional else None), audience
                assert "a_bit" not in json.dumps(artefact) or professional, audience
            if audience == "conference":
                imported = import_json(db, worker, child, as_json.data)
                assert store.get(db, maisie, imported)["status"] == "draft"


# --- demo data: 24 sessions -----------------------------------------------------------------------

ANSWER_CYCLE = [*feedback.ANSWERS, None]


def at(day: int) -> str:
    return f"2026-11-{day:02d}T10:00:00.000Z"


@pytest.fixture
def demo_sessions(app, db, records):
    """24 finished sessions of three kinds with feedback for the demo team's children, one of the
    other team's child, one session without feedback and one kept for review. Returns
    {"ids": [...], "newest": {child: {code: (answer, id)}}}."""
    children = [name for name in records.children if name != "Leo"]
    makers = [("three_houses", three_houses), ("safety_house", a_safety_house), ("picture_sort", a_picture_sort)]
    ids, newest = [], {}
    for n in range(24):
        name = children[n % len(children)]
        kind_name, maker = makers[n % len(makers)]
        kind = KINDS[kind_name]
        answers = {code: ANSWER_CYCLE[(n + i) % len(ANSWER_CYCLE)] for i, code in enumerate(kind.FEEDBACK_QUESTIONS)}
        document = with_feedback(maker(records.children[name], created_at=at(n + 1)), answers)
        with app.app_context():
            ids.append(records.tablet.store(document, app.config["PARTS_DIR"]))
        for code, answer in answers.items():
            newest.setdefault(name, {})[code] = (answer or feedback.SKIPPED, ids[-1])
    records.sync(three_houses(records.children["Maisie"], created_at=at(28)))  # no feedback: not counted
    with app.app_context():
        other = StoreTablet(db, "other.worker")
        leo = next(db.query("SELECT id FROM children WHERE known_as = 'Leo'"))["id"]
        other.store(with_feedback(three_houses(leo), {"VOCH004A": "no"}), app.config["PARTS_DIR"])
        refused_and_kept(
            StoreTablet(db),
            with_feedback(three_houses(records.children["Maisie"]), {"VOCH005A": "yes"}),
            app.config["PARTS_DIR"],
        )
    return {"ids": ids, "newest": newest}


def test_the_managers_figures_count_each_childs_newest_answer(app, db, demo_sessions):
    from sofs_direct.feedback_figures import feedback_figures

    team_id = next(db.query("SELECT team_id FROM users WHERE username = 'demo.manager'"))["team_id"]
    with app.app_context():
        figures = feedback_figures(db, team_id)
        assert "Leo" not in json.dumps(figures, default=str)
    for question in figures["team"]["questions"]:
        expected: dict = {}
        for name, answers in demo_sessions["newest"].items():
            if question["code"] in answers:
                expected.setdefault(answers[question["code"]][0], set()).add((name, answers[question["code"]][1]))
        for answer, figure in question["answers"].items():
            behind = {(child["known_as"], child["session"]) for child in figure["children"]}
            assert behind == expected.get(answer, set()), (question["code"], answer)
            assert figure["count"] == len(behind)
    [worker] = figures["workers"]
    assert worker["display_name"] == "Dana Worker" and worker["total"] == figures["team"]["total"]
    assert [question["answers"] for question in worker["questions"]] == [
        question["answers"] for question in figures["team"]["questions"]
    ]

    manager = signed_in(app, "demo.manager")
    page = manager.get("/team/feedback").get_data(as_text=True)
    assert 'id="feedback-team"' in page and "Did writing or drawing on the tablet help you explain?" in page
    newest = demo_sessions["ids"][-1]
    assert f"/records/{newest}" in page and "Leo" not in page
    audited = list(db.query("SELECT DISTINCT child_id FROM audit WHERE what = 'feedback figures'"))
    assert len(audited) == len(demo_sessions["newest"])
    audit_page = manager.get("/team/audit").get_data(as_text=True)
    assert "feedback in the team&#39;s figures" in audit_page
    assert signed_in(app, "demo.worker").get("/team/feedback").status_code in (403, 404)


def conforms(row: dict) -> list[str]:
    """What is wrong with an exported row, by the schema built from the dataset's field list: exactly
    its fields, in order; nvarchar text; nchar one character (SQL Server's nchar with no length) or
    empty; datetime an ISO date; a required field present."""
    fields = [field for table in FIELDS["tables"].values() for field in table["fields"]]
    problems = []
    if list(row) != [field["name"] for field in fields]:
        problems.append(f"fields {list(row)}")
    for field in fields:
        value = row.get(field["name"])
        if not isinstance(value, str):
            problems.append(f"{field['name']} is not text")
            continue
        if field["required"] and not value:
            problems.append(f"{field['name']} is required")
        kind = field["type"].lower()
        if kind == "nchar" and len(value) > 1:
            problems.append(f"{field['name']} {value!r} is longer than nchar(1)")
        if kind.startswith("nvarchar(") and len(value) > int(kind[9:-1]):
            problems.append(f"{field['name']} is too long")
        if kind == "datetime" and value:
            datetime.fromisoformat(value)
    return problems


def command_rows(db) -> list[dict]:
    return list(db.query("SELECT * FROM audit WHERE what LIKE 'feedback exported%command line%' ORDER BY id"))


def test_the_export_has_the_datasets_fields_and_types(app, db, demo_sessions):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["export-ssd", "--since", "2026-11-01", "--format", "json", "--operator", "Jo Admin"])
    assert made.exit_code == 0, made.output
    rows = json.loads(made.output)["ssd_voice_of_child"]
    assert len(rows) == len(demo_sessions["ids"]) + 1  # and Leo's, of the other team: the CLI is every team's
    for row in rows:
        assert conforms(row) == [], row
    by_id = {row["voch_table_id"]: row for row in rows}
    first = by_id[demo_sessions["ids"][0]]  # Maisie's Three Houses: seen alone, every answer in turn
    assert first["voch_person_id"] == "LCS-104233"
    # Answered in the order the kind asks (its contract's feedback_questions): yes, a bit, no.
    assert first["voch_explained_worries"] == "Y" and first["voch_agree_worker"] == "P"
    assert first["voch_tablet_help_explain"] == "N" and first["voch_plan_safe"] == ""
    assert (first["cinv_cin_visit_seen"], first["cinv_cin_visit_seen_alone"]) == ("Y", "Y")
    assert first["cinv_cin_visit_date"] == "2026-11-01" and first["clar_cla_review_participation"] == ""
    later = runner.invoke(args=["export-ssd", "--since", "2026-11-20"]).output
    # The 20th to 24th of November, and Leo's, made today.
    assert len(list(csv.DictReader(io.StringIO(later)))) == len([n for n in range(24) if n + 1 >= 20]) + 1
    assert runner.invoke(args=["export-ssd", "--since", "yesterday"]).exit_code != 0
    assert runner.invoke(args=["export-ssd", "--since", "2026-11-01", "--operator", "Jo\nAdmin"]).exit_code != 0
    # Each run wrote one row for each child in its file (every team's: Leo's too), as an export by no
    # signed-in person, saying the run's facts and nothing of the child's; a refused run wrote none.
    audited = command_rows(db)
    first_run = [row for row in audited if "2026-11-01" in row["what"]]
    assert {row["child_id"] for row in first_run} == {
        next(db.query("SELECT child_id FROM artefacts WHERE id = ?", [row["voch_table_id"]]))["child_id"]
        for row in rows
    }
    assert len(first_run) == len(demo_sessions["newest"]) + 1
    assert len(audited) == len(first_run) + len({row["child_id"] for row in audited if "2026-11-20" in row["what"]})
    for row in first_run:
        assert (row["action"], row["user_id"], row["login_session_id"]) == ("export", None, None)
        assert row["what"] == (
            f"feedback exported in the national shape from the command line (work since 2026-11-01, {len(rows)} row(s),"
            " json; run by Jo Admin)"
        )
    assert "run by" not in next(row["what"] for row in audited if "2026-11-20" in row["what"])
    trail = signed_in(app, "demo.manager").get("/team/audit").get_data(as_text=True)
    assert "feedback in the national shape from the command line (work since 2026-11-01" in trail

    manager = signed_in(app, "demo.manager")
    download = manager.get("/team/feedback/ssd-voice-of-child.csv?since=2026-11-01")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    team_rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert {row["voch_table_id"] for row in team_rows} == set(demo_sessions["ids"])  # not Leo's
    assert all(conforms(row) == [] for row in team_rows)
    assert manager.get("/team/feedback/ssd-voice-of-child.json?since=2026-11-31").status_code == 400
    assert manager.get("/team/feedback/ssd-voice-of-child.xml").status_code == 404
    exported = list(db.query("SELECT child_id FROM audit WHERE what = 'feedback exported in the national shape'"))
    assert len(exported) == len(demo_sessions["newest"])  # one row for each child in the file


def test_another_teams_manager_sees_only_their_own(app, db, demo_sessions):
    other_team = next(db.query("SELECT team_id FROM users WHERE username = 'other.worker'"))["team_id"]
    with app.app_context():
        accounts.add_user(db, "other.manager", "Olive Other", "manager", other_team, DEMO_PASSWORD)
    manager = signed_in(app, "other.manager")
    page = manager.get("/team/feedback").get_data(as_text=True)
    assert "Leo" in page and "Maisie" not in page
    rows = list(
        csv.DictReader(io.StringIO(manager.get("/team/feedback/ssd-voice-of-child.csv").get_data(as_text=True)))
    )
    assert [row["voch_person_id"] for row in rows] == ["LCS-203344"]
