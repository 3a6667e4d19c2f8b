"""A Three Houses session in a file for its audience: the "My Three Houses" sheet on its own, and
its section (facts, houses, words, recordings, consent) in an assessment pack; the recordings an
audience may hear, and the consent as the pack's JSON gives it.

Main decision: everything here works on the document already filtered for the audience
(audience.for_audience), so a house, a word or a recording the child did not want this audience to
have is not in it to draw.
"""

from ...artefacts import audience as audiences
from ...artefacts.export_layout import HOUSE_SIDE, Paged, as_jpeg, by_line, visit_facts
from ...artefacts.fields import written_by
from ...paper import audio, lettering, sheets
from ...platform.dates import long_date
from ...platform.i18n import _
from .details import (
    child_recording_answer,
    clip_about,
    clip_details,
    clip_place,
    consent_details,
    parent_recording_answer,
    session_details,
)
from .renders import house_image, picture_parts, sheet
from .session import child_order, clip_place_key, house_name, house_of, refusal_statement, refused_only

SHEET_PICTURE_PX = 600  # a house on the sheet, as the record page draws it


def export_name(content: dict) -> str:
    return "three-houses"


def export_details(work) -> list[tuple[str, str]]:
    """The session's facts; first, when a parent or carer did not agree, what that meant (also in the JSON)."""
    session = work.content["session"]
    statement = refusal_statement(work.content, bool(work.withheld))
    return [
        *([(_("What happened"), statement)] if statement else []),
        (_("When"), long_date(session["started_at"])),
        *session_details(session, work.author),
    ]


def _house_title(house: dict, theme: str) -> str:
    usual = house_name(house["key"], theme)
    return _("%(name)s (%(house)s)", name=house["name"], house=usual) if house["name"] else usual


def export_section(db, user, blocks, pictures, work, audience: str) -> None:
    content = work.content
    blocks.details(export_details(work))
    if not refused_only(content, bool(work.withheld)):  # a refusal alone: no empty houses
        _houses(blocks, pictures, work, audience)
    # The recordings this audience may hear (the others were taken out with their moments), and the
    # consent they were made with, as the session's sheet says them.
    if content.get("clips"):
        blocks.heading(_("Recordings of the child's voice"))
        blocks.details(clip_details(content, with_wishes=audiences.wish_audience(audience) is None))
    consent = consent_details(content)
    if consent:
        blocks.heading(_("Consent"))
        blocks.details(consent)


def _houses(blocks, pictures, work, audience: str) -> None:
    """Each house of a session: the pictures side by side, then each house's words."""
    content = work.content
    drawn = []
    for key in child_order(content):
        house = house_of(content, key)
        names = picture_parts(house)
        if names:

            def make(size_px, key=key, names=names):
                return house_image(work.document, key, {name: work.read(name) for name in names}, size_px)

            title = _house_title(house, content["theme"])
            drawn.append(
                (
                    pictures.add(
                        f"{work.number}/{key}", make, photo=not house["ink"], caption=title, place=key, work=work.number
                    ),
                    title,
                )
            )
    blocks.pictures(drawn, HOUSE_SIDE)
    for key in child_order(content):
        house = house_of(content, key)
        blocks.heading(_house_title(house, content["theme"]), lettering.HEADING)
        note = audiences.wish_note(house["share"], audience)
        if note:
            blocks.text(_("The drawing and the house's name: %(note)s", note=note), lettering.BY)
        for word in house["words"]:
            blocks.text(word["text"], lettering.WORDS, by_line(written_by(word["by"]), word["share"], audience))
        if not house["words"]:
            blocks.text(
                _("No words written down")
                if audiences.wish_audience(audience) is None
                else _("No words included here"),
                lettering.NOTE,
            )


def _sheet(work, known_as: str, audience: str, picture_px: int) -> sheets.Sheet:
    """The "My Three Houses" sheet of the filtered session, photos as JPEG, saying what was left out."""
    content = work.content
    names = {name for house in content["houses"] for name in picture_parts(house)}
    made = sheet(
        work.document,
        {name: work.read(name) for name in names},
        known_as,
        work.author,
        picture_px,
        with_wishes=audiences.wish_audience(audience) is None,
        withheld=bool(work.withheld),
    )
    for column, key in zip(made.columns, child_order(content)):
        house = house_of(content, key)
        if not house["ink"] and house["photos"]:
            column.picture = as_jpeg(column.picture)
    made.notice += audiences.notice(audience, work.withheld)
    made.details += visit_facts(work)
    if audiences.wish_audience(audience) is not None and not refused_only(content, bool(work.withheld)):
        for column in made.columns:  # true whether a house had no words or none this audience may see
            column.empty_note = _("No words included here")
    return made


def export_paged(db, user, work, known_as: str, audience: str, scale: float) -> Paged:
    """The session on its own is its sheet."""
    made = _sheet(work, known_as, audience, round(SHEET_PICTURE_PX * scale))
    return Paged(made.title, sheets.PAGE_WIDTH, sheets.PAGE_HEIGHT, sheets.sheet_pages(made))


def recordings(work) -> list[tuple[dict, str]]:
    """Each recording left in the filtered session, with what it is about."""
    return [(clip, clip_about(clip, theme=work.content["theme"])) for clip in work.content.get("clips") or []]


def clips_json(work, audience: str) -> list[dict]:
    """The recordings of the child's voice this audience may hear, with the words at each marked
    moment; never the sound (each is a download of its own on the artefact's export page)."""
    clips = [clip for clip in work.content.get("clips") or [] if audiences.allows(clip["share"], audience)]
    return [
        {
            "number": number,
            "clip_id": clip["id"],
            "place": clip_place_key(clip),
            "place_name": clip_place(clip, work.content["theme"]),
            "started_at": clip["started_at"],
            "duration_ms": clip["duration_ms"],
            "length": audio.clock(clip["duration_ms"]),
            "media_type": clip["media_type"],
            "share": clip["share"],
            "moments": [
                {"at_ms": moment["at_ms"], "time": audio.clock(moment["at_ms"]), "text": moment["text"]}
                for moment in clip["moments"]
            ],
        }
        for number, clip in enumerate(clips, start=1)
    ]


def consent_json(work) -> dict | None:
    """The consent recorded on the tablet (null before issue 8): the signature is said, not given."""
    consent = work.content.get("consent")
    if not consent:
        return None
    parent = consent["parent"] and {
        **{name: value for name, value in consent["parent"].items() if name != "signature"},
        "signed": consent["parent"]["signature"] is not None,
        "audio": parent_recording_answer(consent["parent"]),
    }
    # The answers about recording as the record page says them: null when not asked (older tablets
    # wrote false for that).
    child = consent["child"] and {**consent["child"], "audio": child_recording_answer(consent)}
    return {"parent": parent, "child": child, "explainer": consent["explainer"]}
