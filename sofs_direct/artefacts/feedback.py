"""The child's one-minute feedback: the Standard Safeguarding Dataset's draft `ssd_voice_of_child`
questions (VOCH002A–VOCH006A), answered with faces at the end of a piece of direct work.

Main decision: like how the child communicated (communication.py), it is a field of the *document*,
beside `content`, checked by the platform, so no kind has to remember it; each kind only says which
questions fit its sessions (the Kind member FEEDBACK_QUESTIONS; docs/feedback.md says why each).
It is optional and never required of the child: a question shown and skipped is stored as null, one
not asked is absent, and a document without the field says nothing. The questions and answers are
one file the tablet reads too (static/js/tools/feedback.json), so the faces on screen and the
server's check cannot drift.
"""

from ..platform.i18n import _, _l
from ..platform.invalid import DocumentInvalid
from . import contracts

CONTRACT = contracts.feedback()
QUESTIONS = tuple(CONTRACT["questions"])
ANSWERS = tuple(CONTRACT["answers"])

# The questions, shortened from the dataset's `description`s, for the worker and the manager; the
# child hears the tablet's own child-friendly words (static/js/tablet/feedback.js).
QUESTION_WORDS = {
    "VOCH002A": _l("Has someone explained why people are worried, in a way you understand?"),
    "VOCH003A": _l("Does your Words and Pictures story help you understand what happened?"),
    "VOCH004A": _l("Do you agree with your worker?"),
    "VOCH005A": _l("Does the plan say what keeps you safe?"),
    "VOCH006A": _l("Did writing or drawing on the tablet help you explain?"),
}
ANSWER_NAMES = {"yes": _l("Yes"), "a_bit": _l("A bit"), "no": _l("No"), "dont_know": _l("Don't know")}
SKIPPED = "skipped"  # the figures' name for a question shown and not answered (stored as null)
SKIPPED_NAME = _l("Skipped")

# What every piece of direct work asks: whether the tablet helped the child explain, and whether they
# agree with their worker (docs/feedback.md).
DIRECT_WORK_QUESTIONS = ("VOCH004A", "VOCH006A")


def asked(questions) -> tuple[str, ...]:
    """A kind's questions in the order they are asked (the contract's), each once."""
    return tuple(code for code in QUESTIONS if code in set(questions))


def check(value, questions) -> None:
    """Refuse anything but {question: answer or null} for questions this kind asks (`questions`)."""
    if not isinstance(value, dict):
        raise DocumentInvalid(_("The child's feedback must be an object of questions and answers"))
    for code, answer in value.items():
        if code not in questions:
            raise DocumentInvalid(
                _("The child's feedback answers a question this tool does not ask: %(code)s", code=str(code)[:40])
            )
        if answer is not None and answer not in ANSWERS:
            raise DocumentInvalid(
                _("Each feedback answer must be null or one of: %(answers)s", answers=", ".join(ANSWERS))
            )


def of(document) -> dict | None:
    """The document's feedback, or None when it has none."""
    value = document.get("feedback") if isinstance(document, dict) else None
    return value if isinstance(value, dict) else None


def facts(document) -> list[tuple[str, str]]:
    """The child's answers, printed under "The child's feedback" with the piece of work (the record
    page; the text exports for the record and the conference)."""
    value = of(document)
    if not value:
        return []
    return [
        (str(QUESTION_WORDS[code]), str(ANSWER_NAMES[value[code]]) if value[code] else _("Not answered"))
        for code in QUESTIONS
        if code in value
    ]


def summary(document) -> list[tuple[str, str]]:
    """The child's answers as one fact, for a kind's own layout, whose facts stand under no heading of
    their own (the foot of the Three Houses sheet, "About this visit"), so the label says whose
    answers they are: ("The child's feedback", "Do you agree with your worker? A bit; …")."""
    answers = facts(document)
    if not answers:
        return []
    return [(_("The child's feedback"), "; ".join(f"{question} {answer}" for question, answer in answers))]


def as_json(document) -> list[dict] | None:
    """The answers for a JSON export, in the order asked: the dataset's code, the question in the
    worker's words, and the answer as stored (null: shown and skipped). None when there are none."""
    value = of(document)
    if value is None:
        return None
    return [
        {"code": code, "question": str(QUESTION_WORDS[code]), "answer": value[code]}
        for code in QUESTIONS
        if code in value
    ]
