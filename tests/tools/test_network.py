"""The family and safety network on the server: every rule of a saved state and a meeting, the
merge as a pure function, merged rows through real ingest from two tablets, the team figures on
hand-checked cases, and the network carried to the tablet by /api/prepare."""

import json
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofs_direct.platform.children import add_child, set_allocation
from sofs_direct.platform.invalid import DocumentInvalid
from sofs_direct.tools import network as network_kind
from sofs_direct.tools.network import meeting as network_meeting
from sofs_direct.tools.network import merge as network
from sofs_direct.tools.network.figures import figures as team_figures
from tests.conftest import child_ids
from tests.sync_helpers import StoreTablet, refused_and_kept
from tests.tablet_client import member
from tests.tablet_client import network as network_document
from tests.tablet_client import network_meeting as meeting_document

A = "00000000-0000-4000-8000-00000000000a"
B = "00000000-0000-4000-8000-00000000000b"
NET = "11111111-1111-4111-8111-111111111111"
CHILD = "22222222-2222-4222-8222-222222222222"


def t(minute: int) -> str:
    return f"2026-11-23T10:{minute:02d}:00.000Z"


def nain(**values):
    return member("m-nain", **({"name": "Nain", "relation": "grandmother"} | values))


def content(*members, removed=(), children=None):
    return network_document(CHILD, NET, members, removed, children)["content"]


@pytest.fixture(autouse=True)
def context(app):
    """Refusals are translated sentences, so checks run inside the app, as on upload."""
    with app.app_context():
        yield


def refused(content_, final=True, kind=network_kind) -> str:
    with pytest.raises(DocumentInvalid) as caught:
        kind.validate(content_, {}, final=final)
    return caught.value.reason


# --- validation ---------------------------------------------------------------------------------


def test_a_full_member_is_accepted():
    network_kind.validate(
        content(
            nain(
                contact="07700 900123\nafter 6pm",
                ring=1,
                angle=359,
                stamp=None,
                role="Walks",
                parent=False,
                parental_responsibility=False,
                informed="2026-01-02",
                willing=True,
                clear=None,
                child_view=["helps", "trusts"],
            )
        ),
        {},
    )


def test_five_hundred_people_are_refused_with_a_readable_message():
    people = [member(f"m-{n}", name=f"Person {n}", relation="friend") for n in range(500)]
    assert "A network can have at most 200 people" in refused(content(*people))
    network_kind.validate(content(*people[:200]), {})


@pytest.mark.parametrize("name", ["Siân Jones", "SIAN JONES", " sian  jones"])
def test_the_same_name_twice_is_refused_ignoring_case_and_accents(name):
    reason = refused(
        content(member("m-a", name="Sian Jones", relation="aunt"), member("m-b", name=name, relation="aunt"))
    )
    assert "Two people in the network are called" in reason


def test_a_missing_relation_is_refused_only_at_finalise():
    state = content(member("m-nain", name="Nain"))
    assert refused(state) == "Say how Nain is related to the child"
    assert refused(content(member("m-nain", name="Nain", relation="  "))) == "Say how Nain is related to the child"
    network_kind.validate(state, {}, final=False)


@pytest.mark.parametrize(
    "informed, words",
    [
        ((date.today() + timedelta(days=3)).isoformat(), "cannot be in the future"),
        ("1899-12-31", "cannot be before 1900"),
        ("2026-02-30", "must be a real date"),
        ("23/11/2026", "must be a real date"),
        (20261123, "must be a real date"),
    ],
)
def test_impossible_dates_are_refused(informed, words):
    assert words in refused(content(nain(informed=informed)))


@pytest.mark.parametrize(
    "values, words",
    [
        ({"name": "Nain\nJones"}, "must be on one line"),
        ({"name": "Nain\x1b[31m"}, "special characters"),
        ({"role": "x" * 501}, "500 characters or fewer"),
        ({"contact": "call\x00me"}, "special characters"),
        ({"ring": 5}, "ring 1 (closest) to 4"),
        ({"ring": True}, "ring 1 (closest) to 4"),
        ({"angle": 360}, "0 to 359"),
        ({"stamp": "not-a-stamp"}, "picture this server does not know"),
        ({"parent": None}, "yes or no"),
        ({"willing": "yes"}, "yes, no or not known"),
        ({"child_view": ["helps", "scares"]}, "helps, trusts, worries"),
        ({"child_view": ["helps", "helps"]}, "helps, trusts, worries"),
    ],
)
def test_hostile_or_wrong_values_are_refused(values, words):
    assert words in refused(content(nain(**values)))


@pytest.mark.parametrize(
    "values",
    [
        {"stamp": ["person-adult"]},
        {"stamp": {"id": "person-adult"}},
        {"stamp": []},
        {"child_view": [["helps"]]},
        {"child_view": [{"helps": True}]},
        {"child_view": ["helps", ["trusts", "worries"]]},
    ],
)
def test_a_value_of_the_wrong_shape_is_a_readable_refusal_on_upload_never_a_500(tablets, db, values):
    """A list or an object where a picture's id or a view's name belongs could not be looked up in a
    set: the upload failed with a TypeError (a 500). Now a draft is refused (422) with a reason in
    words, and a finished state is kept for review with the same reason, never merged."""
    refusal = refused_and_kept(
        tablets.tablets[0],
        network_document(tablets.children["Maisie"], NET, [nain(**values)]),
        tablets.app.config["PARTS_DIR"],
    )
    assert (refusal.status, refusal.error) == (422, "invalid_document") and "Nain" in refusal.message
    assert db["networks"].count == 0


def test_unknown_fields_parts_and_bad_ids_are_refused():
    assert "does not know: favourite" in refused(content(nain(favourite="tea")))
    extra = content(nain())
    extra["colour"] = "red"
    assert "does not know: colour" in refused(extra)
    with pytest.raises(DocumentInvalid, match="without any attached files"):
        network_kind.validate(content(nain()), {"photo-1": "image/jpeg"})
    assert "has an id" in refused(content(member("nain", name="Nain", relation="gran")))
    same_id = content(member("m-a", name="Nain", relation="gran"), member("m-a", name="Taid", relation="grandad"))
    assert "the same id" in refused(same_id)
    assert "which tablet" in refused(content(member("m-a", by="tablet", name="Nain", relation="gran")))
    assert "needs a name" in refused(content({"id": "m-a", "fields": {}}))
    assert "needs a name" in refused(content(member("m-a", name="   ", relation="gran")))
    assert "removal" in refused(content(removed=[{"id": "m-a", "at": "yesterday", "by": A}]))


def test_children_must_be_one_to_ten_distinct_ids():
    assert "1 to 10 children" in refused(content(children=[]) | {"children": []})
    assert "1 to 10 children" in refused(content() | {"children": [str(uuid.uuid4()) for _ in range(11)]})
    assert "named once" in refused(content() | {"children": [CHILD, CHILD]})
    assert "named once" in refused(content() | {"children": ["Maisie"]})
    assert "UUID" in refused(content() | {"network": "net-1"})


def meeting(**changes):
    document = meeting_document(
        CHILD,
        NET,
        attended=[
            {"member": "m-nain", "name": "Nain", "role": "grandmother"},
            {"member": None, "name": "Dana", "role": "social worker"},
        ],
        agreed=[{"rule": "Nain collects Maisie from school", "responsible": ["m-nain"]}],
        next_meeting="2030-01-10",
    )
    return document["content"] | changes


def test_a_network_meeting_is_checked():
    network_meeting.validate(meeting(), {})
    assert "next meeting must be after" in refused(meeting(next_meeting="2026-11-19"), kind=network_meeting)
    assert "cannot be in the future" in refused(meeting(date="2999-01-01"), kind=network_meeting)
    assert "5000 characters" in refused(meeting(notes="x" * 5001), kind=network_meeting)
    assert "at most 50 rules" in refused(meeting(agreed=[{"rule": "r", "responsible": []}] * 51), kind=network_meeting)
    blank_rule = meeting(agreed=[{"rule": " ", "responsible": []}])
    assert "Write rule 1" in refused(blank_rule, kind=network_meeting)
    network_meeting.validate(blank_rule, {}, final=False)
    guest = meeting(attended=[{"member": "Nain", "name": "Nain", "role": ""}])
    assert "someone in the network" in refused(guest, kind=network_meeting)


# --- the merge ----------------------------------------------------------------------------------


def test_the_latest_received_change_of_each_field_wins_independently():
    first = content(member("m-nain", at=t(1), by=A, name="Nain", relation="grandmother", ring=1))
    second = content(member("m-nain", at=t(1), by=A, name="Nain", relation="grandmother", ring=1))
    second["members"][0]["fields"]["ring"] = {"value": 3, "at": t(0), "by": B}  # B's clock is behind: no matter
    third = content(member("m-nain", at=t(1), by=A, name="Nain", relation="grandmother", ring=1))
    third["members"][0]["fields"]["informed"] = {"value": "2026-11-20", "at": t(4), "by": A}
    merged = network.merge([first, second, third])
    fields = merged["members"]["m-nain"]
    # A prepared before B's state arrived: its ring 1 is carried over, not a change, so B's ring 3 stays.
    assert fields["ring"] == {"value": 3, "at": t(0), "by": B}
    assert fields["informed"]["value"] == "2026-11-20" and fields["name"]["by"] == A
    assert merged["removed"] == {} and merged["conflicts"] == []


def test_a_far_future_stamp_does_not_beat_a_later_received_state():
    """A tablet's clock orders nothing: a state stamped 9999 loses to the next state the server receives."""
    future = "9999-12-31T23:59:59.000Z"
    stolen = content(
        member("m-nain", at=future, by=A, name="Nain", relation="grandmother", ring=4),
        removed=[{"id": "m-tom", "at": future, "by": A}],
    )
    later = content(
        member("m-nain", at=t(1), by=B, name="Nain", relation="grandmother", ring=1),
        member("m-tom", at=t(1), by=B, name="Tom", relation="neighbour"),
    )
    merged = network.merge([stolen, later])
    assert merged["members"]["m-nain"]["ring"] == {"value": 1, "at": t(1), "by": B}
    # Tom was changed after the removal arrived, on a tablet that did not know of it: he stays, and
    # the worker is asked; the removal's 9999 stamp does not hide him.
    assert merged["removed"] == {}
    assert [conflict["kind"] for conflict in merged["conflicts"]] == ["removed_and_changed"]
    # The other way round, the later removal wins whatever its stamp says.
    merged = network.merge([later, content(removed=[{"id": "m-tom", "at": "2001-01-01T00:00:00.000Z", "by": A}])])
    assert merged["removed"] == {"m-tom": {"at": "2001-01-01T00:00:00.000Z", "by": A}} and merged["conflicts"] == []


def test_a_removal_after_every_change_removes_and_a_later_change_on_another_tablet_is_a_conflict():
    added = content(member("m-nain", at=t(1), by=A, name="Nain", relation="gran"))
    removed_on_a = content(removed=[{"id": "m-nain", "at": t(2), "by": A}])
    merged = network.merge([added, removed_on_a])
    assert merged["removed"] == {"m-nain": {"at": t(2), "by": A}} and merged["conflicts"] == []
    changed_on_b = content(member("m-nain", at=t(1), by=A, name="Nain", relation="gran"))
    changed_on_b["members"][0]["fields"]["informed"] = {"value": "2026-11-22", "at": t(3), "by": B}
    merged = network.merge([added, removed_on_a, changed_on_b])
    assert merged["removed"] == {}  # the later change wins, and the worker is shown both
    assert merged["conflicts"] == [
        {
            "kind": "removed_and_changed",
            "members": ["m-nain"],
            "removed": {"at": t(2), "by": A},
            "changed": {"field": "informed", "at": t(3), "by": B},
        }
    ]
    # A tablet that saw the removal and kept Nain on purpose settles it.
    kept = content(
        member("m-nain", at=t(4), by=A, name="Nain", relation="gran"), removed=[{"id": "m-nain", "at": t(2), "by": A}]
    )
    merged = network.merge([added, removed_on_a, kept])
    assert merged["removed"] == {} and merged["conflicts"] == []


def test_the_same_person_added_on_two_tablets_is_a_possible_duplicate():
    merged = network.merge(
        [
            content(member("m-a1", at=t(1), by=A, name="Siân", relation="aunt")),
            content(member("m-b1", at=t(1), by=B, name="sian", relation="aunt")),
        ]
    )
    assert set(merged["members"]) == {"m-a1", "m-b1"}  # both kept
    assert merged["conflicts"] == [{"kind": "possible_duplicate", "members": ["m-a1", "m-b1"], "name": "Siân"}]


STAMP = st.builds(lambda minute, by: (t(minute), by), st.integers(0, 5), st.sampled_from([A, B]))
STATE = st.builds(
    lambda people, gone: content(
        *[
            member(f"m-{who}", at=at, by=by, name=f"Person {who}", relation="friend", ring=ring)
            for who, ring, (at, by) in people
        ],
        removed=[{"id": f"m-{who}", "at": at, "by": by} for who, (at, by) in gone],
    ),
    st.lists(st.tuples(st.integers(0, 4), st.integers(1, 4), STAMP), unique_by=lambda p: p[0], max_size=5),
    st.lists(st.tuples(st.integers(0, 4), STAMP), unique_by=lambda p: p[0], max_size=2),
)


def _restamped(state: dict, times: dict) -> dict:
    """The same state with every stamp's `at` replaced through `times` (the same change, another clock)."""
    copy = json.loads(json.dumps(state))
    for person in copy["members"]:
        for stamp in person["fields"].values():
            stamp["at"] = times[stamp["at"]]
    for removal in copy["removed"]:
        removal["at"] = times[removal["at"]]
    return copy


CLOCKS = st.permutations([t(minute) for minute in range(6)]).map(
    lambda shuffled: dict(zip([t(minute) for minute in range(6)], shuffled))
)


@settings(max_examples=150, deadline=None)
@given(st.lists(STATE, min_size=1, max_size=6), CLOCKS)
def test_the_tablets_clocks_never_decide_what_wins(saved, times):
    """The same changes with their clocks scrambled merge to the same values and removals."""
    plain, scrambled = network.merge(saved), network.merge([_restamped(state, times) for state in saved])
    values = lambda merged: {
        (member_id, name): (stamp["value"], stamp["by"])  # noqa: E731
        for member_id, fields in merged["members"].items()
        for name, stamp in fields.items()
    }
    assert values(plain) == values(scrambled)
    assert set(plain["removed"]) == set(scrambled["removed"])
    kinds = lambda merged: [(c["kind"], c["members"]) for c in merged["conflicts"]]  # noqa: E731
    assert kinds(plain) == kinds(scrambled)


@settings(max_examples=150, deadline=None)
@given(st.lists(STATE, min_size=1, max_size=6), st.data())
def test_a_state_that_only_carries_what_was_already_received_changes_nothing(saved, data):
    """A tablet prepared earlier saves again without changing anything, or an old state is sent twice."""
    merged = network.merge(saved)
    resent = saved[data.draw(st.integers(0, len(saved) - 1))]
    assert network.merge(saved + [resent]) == merged
    prepared = network.for_tablet({"network": NET, "children": [CHILD], **merged})
    assert (
        network.merge(saved + [{key: prepared[key] for key in ("network", "children", "members", "removed")}]) == merged
    )


# --- through real ingest ------------------------------------------------------------------------


class Tablets:
    """One worker with two registered tablets, storing network states through the real ingest."""

    def __init__(self, app, db):
        self.app, self.db = app, db
        self.worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
        self.children = child_ids(db)
        self.tablets = [StoreTablet(db, "demo.worker", name) for name in ("Tablet A", "Tablet B")]

    def save(self, document, tablet=0):
        sender = self.tablets[tablet]
        return sender.ingest(sender.upload(document), Path(self.app.config["PARTS_DIR"]))


@pytest.fixture
def tablets(app, db):
    return Tablets(app, db)


def test_two_tablets_editing_one_network_give_merged_rows_and_every_state_is_kept(tablets, db):
    maisie, ava = tablets.children["Maisie"], tablets.children["Ava"]
    net = str(uuid.uuid4())
    a, b = (tablet.device_id for tablet in tablets.tablets)
    start = network_document(
        maisie,
        net,
        [member("m-nain", at=t(1), by=a, name="Nain", relation="grandmother", ring=2)],
        children=[maisie, ava],
        created_at=t(1),
    )
    tablets.save(start, 0)
    on_a = network_document(
        maisie,
        net,
        [member("m-nain", at=t(1), by=a, name="Nain", relation="grandmother", ring=2)],
        children=[maisie, ava],
        created_at=t(3),
    )
    on_a["content"]["members"][0]["fields"]["ring"] = {"value": 1, "at": t(3), "by": a}
    on_b = network_document(
        ava,
        net,
        [
            member("m-nain", at=t(1), by=a, name="Nain", relation="grandmother", ring=2),
            member("m-tom", at=t(2), by=b, name="Tom", relation="neighbour", ring=4),
        ],
        children=[maisie, ava],
        created_at=t(2),
    )
    on_b["content"]["members"][0]["fields"]["informed"] = {"value": "2026-11-20", "at": t(2), "by": b}
    tablets.save(on_a, 0)
    tablets.save(on_b, 1)
    rows = {row["member_id"]: row for row in db.query("SELECT * FROM network_members WHERE network_id = ?", [net])}
    assert (rows["m-nain"]["ring"], rows["m-nain"]["informed"]) == (1, "2026-11-20")
    assert rows["m-tom"]["name"] == "Tom" and rows["m-tom"]["removed"] == 0
    assert network.for_child(db, ava)["network"] == network.for_child(db, maisie)["network"] == net
    history = network.history(db, net)
    # In the order the server received them (A's state first, though B's says it was saved earlier).
    assert [h["device_id"] for h in history] == [a, a, b] and [h["people"] for h in history] == [1, 1, 2]
    assert history[1]["moved"] == [{"name": "Nain", "from": 2, "to": 1}] and history[1]["added"] == []
    assert history[2]["informed"] == ["Nain"] and history[2]["added"] == ["Tom"] and history[2]["moved"] == []
    assert db["artefacts"].count_where("kind = 'network'") == 3


def test_the_state_received_last_decides_whatever_the_tablets_clocks_say(tablets, db):
    """A tablet whose clock is years ahead saved first; the state received after it wins, though
    its own clock says it was saved (and changed) earlier."""
    maisie, ava = tablets.children["Maisie"], tablets.children["Ava"]
    net = str(uuid.uuid4())
    a, b = (tablet.device_id for tablet in tablets.tablets)
    ahead = "2026-11-23T10:00:00.000Z"
    tablets.save(
        network_document(
            maisie,
            net,
            [member("m-nain", at=ahead, by=a, name="Nain", relation="gran", ring=4)],
            children=[maisie, ava],
            created_at=ahead,
        ),
        0,
    )
    behind = "2024-01-01T09:00:00.000Z"
    nain = member("m-nain", at=behind, by=b, name="Nain", relation="gran", ring=1)
    tablets.save(network_document(maisie, net, [nain], created_at=behind), 1)
    found = network.for_child(db, maisie)
    assert found["children"] == [maisie] and network.for_child(db, ava) is None
    assert found["members"]["m-nain"]["ring"]["value"] == 1
    assert [state["device_id"] for state in network.history(db, net)] == [a, b]


def test_a_refused_state_leaves_nothing_half_stored(tablets, db):
    maisie = tablets.children["Maisie"]
    people = [member(f"m-{n}", name=f"Person {n}", relation="friend") for n in range(500)]
    refusal = refused_and_kept(
        tablets.tablets[0], network_document(maisie, str(uuid.uuid4()), people), tablets.app.config["PARTS_DIR"]
    )
    assert refusal.status == 422 and "at most 200 people" in refusal.message
    # Kept for the manager, finished; never merged into a network.
    assert db["networks"].count == 0 and db["network_members"].count == 0


def test_a_network_cannot_reach_a_child_outside_the_caseload(tablets, db):
    maisie, leo = tablets.children["Maisie"], tablets.children["Leo"]
    net = str(uuid.uuid4())
    tablets.save(network_document(maisie, net, [nain()], children=[maisie, leo]))
    assert network.current(db, net)["children"] == [maisie]
    assert network.for_child(db, leo) is None


def test_a_network_belongs_to_its_children_and_an_id_sent_by_a_tablet_grants_nothing(tablets, db):
    """The kinds' review hook (called by artefacts.ingest): another worker's state or meeting naming
    Maisie's network has a readable reason; Maisie's own worker, her manager, and anyone starting a
    network of their own have none. What the new state says (its children) counts for nothing."""
    maisie, leo = tablets.children["Maisie"], child_ids(db)["Leo"]
    users = {row["username"]: row for row in db.query("SELECT * FROM users")}
    net = str(uuid.uuid4())
    tablets.save(network_document(maisie, net, [nain()]))
    stranger = member("m-x", name="Someone", relation="friend")
    taking = network_document(leo, net, [stranger], children=[leo, maisie])
    reason = network_kind.review_reason(db, users["other.worker"], taking)
    assert reason.startswith("This names a safety network that belongs to children you do not work with")
    meeting = meeting_document(leo, net, children=[leo, maisie])
    assert network_meeting.review_reason(db, users["other.worker"], meeting) == reason
    for username in ("demo.worker", "demo.manager"):
        assert network_kind.review_reason(db, users[username], network_document(maisie, net, [nain()])) is None
    assert (
        network_kind.review_reason(db, users["other.worker"], network_document(leo, str(uuid.uuid4()), [stranger]))
        is None
    )
    assert network_meeting.review_reason(db, users["other.worker"], meeting_document(leo, str(uuid.uuid4()))) is None


def test_a_worker_cannot_take_a_network_from_a_child_they_do_not_work_with(tablets, db):
    """Ava, who shares Maisie's network, is reallocated to another worker; his tablet saves the
    network for Ava alone. Ava's worker may edit it, but Maisie keeps it: he does not work with her."""
    maisie, ava = tablets.children["Maisie"], tablets.children["Ava"]
    net = str(uuid.uuid4())
    tablets.save(network_document(maisie, net, [nain()], children=[maisie, ava]))
    other = next(db.query("SELECT * FROM users WHERE username = 'other.worker'"))
    set_allocation(db, ava, [other["id"]])
    assert network_kind.review_reason(db, other, network_document(ava, net, [nain()])) is None
    theirs = StoreTablet(db, "other.worker", "Their tablet")
    theirs.ingest(theirs.upload(network_document(ava, net, [nain(ring=2)])), Path(tablets.app.config["PARTS_DIR"]))
    assert network.current(db, net)["children"] == sorted([maisie, ava])
    assert network.for_child(db, maisie)["members"]["m-nain"]["ring"]["value"] == 2


def test_prepare_carries_the_merged_network_for_the_tablet(tablets, client, db):
    maisie = tablets.children["Maisie"]
    net = str(uuid.uuid4())
    tablets.save(
        network_document(maisie, net, [nain(at=t(1)), member("m-tom", at=t(1), name="Tom", relation="friend")])
    )
    tablets.save(network_document(maisie, net, [nain(at=t(1))], removed=[{"id": "m-tom", "at": t(2), "by": A}]))
    from tests.conftest import login

    login(client, "demo.worker")
    carried = {child["known_as"]: child for child in client.get("/api/prepare").get_json()["children"]}
    assert carried["Ava"]["network"] is None
    carried_network = carried["Maisie"]["network"]
    assert carried_network["network"] == net and carried_network["children"] == [maisie]
    assert carried_network["members"] == [nain(at=t(1))]
    assert carried_network["removed"] == [{"id": "m-tom", "at": t(2), "by": A}]
    # Every kind's people around the child, for any tool to offer by name: Tom was removed.
    assert carried["Maisie"]["people"] == [{"id": "m-nain", "name": "Nain", "relation": "grandmother", "sticker": None}]
    assert carried["Ava"]["people"] == []
    network_kind.validate({key: carried_network[key] for key in ("network", "children", "members", "removed")}, {})


def test_a_network_meeting_is_stored_through_ingest(tablets, db):
    maisie = tablets.children["Maisie"]
    tablets.save(
        meeting_document(
            maisie,
            str(uuid.uuid4()),
            attended=[{"member": None, "name": "Nain", "role": ""}],
            agreed=[{"rule": "Nain stays over", "responsible": ["Nain"]}],
        )
    )
    assert db["artefacts"].count_where("kind = 'network_meeting'") == 1 and db["networks"].count == 0


# --- the team figures ---------------------------------------------------------------------------


def person(member_id, parent=False, informed="2026-11-01", willing=True, **values):
    return member(
        member_id,
        name=values.pop("name", member_id),
        relation="family",
        parent=parent,
        informed=informed,
        willing=willing,
        **values,
    )


def helpers(count, informed="2026-11-01", willing=True, prefix="h"):
    return [person(f"m-{prefix}{n}", informed=informed, willing=willing) for n in range(count)]


def test_team_figures_on_hand_checked_children(tablets, db, app):
    worker = tablets.worker
    team = worker["team_id"]
    other = next(db.query("SELECT * FROM users WHERE username = 'demo.manager'"))
    kids = {
        name: add_child(db, name, date(2019, 1, 1), "", "en", team)
        for name in (
            "Both",
            "OneParent",
            "ParentNotTold",
            "NoNetwork",
            "SisA",
            "SisB",
            "ExactlyN",
            "NMinus1",
            "RemovedOne",
        )
    }
    for name, child in kids.items():
        set_allocation(db, child, [worker["id"]] + ([other["id"]] if name in ("SisA", "Both") else []))
    save = lambda child, people, removed=(), children=None: tablets.save(  # noqa: E731
        network_document(
            kids[child], str(uuid.uuid4()), people, removed, [kids[c] for c in children] if children else None
        )
    )
    save("Both", [person("m-mum", parent=True), person("m-dad", parent=True)] + helpers(3))
    save("OneParent", [person("m-mum", parent=True)] + helpers(2) + [person("m-x", informed=None)])
    save(
        "ParentNotTold",
        [person("m-mum", parent=True), person("m-dad", parent=True, informed=None)] + helpers(3, willing=None),
    )
    save("SisA", [person("m-mum", parent=True)] + helpers(3), children=["SisA", "SisB"])
    save("ExactlyN", helpers(3))
    save("NMinus1", helpers(2) + [person("m-parent", parent=True)])
    save("RemovedOne", helpers(3), removed=[{"id": "m-h2", "at": "2030-01-01T00:00:00.000Z", "by": A}])
    demo = {tablets.children[name] for name in ("Maisie", "Tomos", "Ava")}

    figures = team_figures(db, team, size=3)
    whole_team = figures["team"]
    behind = lambda figure: {c["known_as"] for c in figure["children"]}  # noqa: E731
    # NMinus1's one parent is informed: counts for parents, and a parent never counts towards N.
    assert behind(whole_team["both_parents"]) == {"Both", "OneParent", "SisA", "SisB", "NMinus1"}
    assert behind(whole_team["network"]) == {"Both", "SisA", "SisB", "ExactlyN"}
    assert whole_team["total"] == len(kids) + len(demo)
    assert whole_team["network"]["share"] == pytest.approx(4 / 12)
    by_worker = {w["display_name"]: w for w in figures["workers"]}
    assert by_worker["Morgan Manager"]["total"] == 2
    assert behind(by_worker["Morgan Manager"]["network"]) == {"Both", "SisA"}
    assert by_worker["Dana Worker"]["both_parents"]["count"] == 5
    # The size is a setting: with 2, the network of two informed, willing non-parents counts too.
    assert behind(team_figures(db, [worker["id"]], size=2)["team"]["network"]) == {
        "Both",
        "OneParent",
        "SisA",
        "SisB",
        "ExactlyN",
        "NMinus1",
        "RemovedOne",
    }
    assert team_figures(db, [], size=3)["team"] == {
        "total": 0,
        "children": [],
        "both_parents": {"count": 0, "share": None, "children": []},
        "network": {"count": 0, "share": None, "children": []},
    }
    assert app.config["NETWORK_SIZE"] == 3
