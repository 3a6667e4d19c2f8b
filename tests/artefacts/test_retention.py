"""Retention: the schedule, what is due, and the command that lists it and deletes it only when told
— with everything that names a deleted artefact gone too (its words in search, its links, the
mapping entries copied from it, drafts, a network's merged people), files removed only when nothing
else names them, an audit row for each deletion, and a readable refusal for a bad schedule file."""

import json
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sofs_direct import create_app
from sofs_direct.artefacts import retention
from sofs_direct.artefacts.oversight import sequence_gaps
from sofs_direct.assessments import signs_of_safety
from sofs_direct.assessments.store import attach, attached, create, get
from sofs_direct.platform.children import add_child, set_allocation
from sofs_direct.tools.network import merge as network
from tests import tablet_client
from tests.conftest import base_config
from tests.sync_helpers import StoreTablet, scribble, stored
from tests.tablet_client import member, three_houses, word, words_pictures
from tests.tablet_client import network as network_state

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.now(UTC).date()
INK = "application/vnd.sofs-direct.ink"
NETWORK_ID = "3b0c6a52-3f0e-4d5c-9a51-1c2d3e4f5a6b"


def made(days_ago: int) -> str:
    return f"{(TODAY - timedelta(days=days_ago)).isoformat()}T10:00:00.000Z"


class Store:
    """demo.worker's tablet, storing through the real ingest: Old (born 1995, so 7 years past their
    18th birthday under the built-in schedule) and Young (the demo's Maisie, born 2018)."""

    def __init__(self, app, db):
        self.app, self.db = app, db
        self.parts_dir = app.config["PARTS_DIR"]
        self.worker = next(db.query("SELECT * FROM users WHERE username = 'demo.worker'"))
        self.old = add_child(db, "Old", date(1995, 5, 1), "", "en", self.worker["team_id"])
        set_allocation(db, self.old, [self.worker["id"]])
        self.young = next(db.query("SELECT id FROM children WHERE known_as = 'Maisie'"))["id"]
        with app.app_context():
            self.tablet = StoreTablet(db, "demo.worker")

    def send(self, document, parts=(), **options) -> str:
        with self.app.app_context():
            upload = self.tablet.upload(document, parts, **options)
            assert self.tablet.ingest(upload, self.parts_dir).status == "stored"
        return upload.id

    def houses(self, child_id, *words, created_at=None, drawing=None, **options) -> str:
        house = {"words": list(words) or [word("w1", "Mum")], "ink": "ink-good"}
        document = three_houses(child_id, houses={"good": house}, created_at=created_at)
        return self.send(document, [("ink-good", INK, drawing or scribble())], **options)

    def files(self) -> set[str]:
        return set(stored(self.db, self.parts_dir)["part files"])

    def paths(self, artefact_id) -> set[str]:
        return {
            row["path"] for row in self.db.query("SELECT path FROM artefact_parts WHERE artefact_id = ?", [artefact_id])
        }


@pytest.fixture
def store(app, db):
    return Store(app, db)


@pytest.fixture
def cli(app):
    return app.test_cli_runner()


def count(db, sql, params=()) -> int:
    return next(db.query(f"SELECT COUNT(*) AS n FROM ({sql})", list(params)))["n"]


# --- the schedule ------------------------------------------------------------------------------------


def test_the_built_in_schedule_keeps_everything_until_the_25th_birthday(db, store):
    old = store.houses(store.old)
    store.houses(store.young)
    schedule = retention.default_schedule()
    assert str(schedule.rule_for("three_houses")) == "7 years after the child's 18th birthday"
    assert retention.due(db, schedule, date(2020, 4, 30)) == []  # the day before Old's 25th birthday
    assert retention.due(db, schedule, date(2020, 5, 1)) == [
        {
            "kind": "three_houses",
            "artefact_id": old,
            "child_id": store.old,
            "rule": "7 years after the child's 18th birthday",
            "due_on": "2020-05-01",
        }
    ]


def test_a_leap_day_birthday_is_never_early():
    assert retention.add_years(date(2008, 2, 29), 25) == date(2033, 3, 1)
    assert retention.add_years(date(2008, 2, 29), 24) == date(2032, 2, 29)


def test_a_schedule_file_overrides_kinds_and_drafts(db, store):
    schedule = retention.parse_schedule(
        json.dumps(
            {
                "words_pictures": {"years": 2, "from": "created"},
                "drafts": {"years": 3, "from": "received"},
                "policy": "Demo Council records policy v4",
            }
        )
    )
    assert schedule.rule_for("three_houses") == retention.DEFAULT_RULE  # not named: the built-in rule
    recent = store.send(words_pictures(store.young, created_at=made(700)))
    older = store.send(words_pictures(store.young, created_at=made(800)))
    assert [entry["artefact_id"] for entry in retention.due(db, schedule, TODAY)] == [older]
    # A standalone draft: due 3 years after it arrived.
    draft = store.send(three_houses(store.young), state="draft", draft_version=1)
    later = TODAY + timedelta(days=3 * 366)
    found = {entry["artefact_id"]: entry for entry in retention.due(db, schedule, later)}
    assert found[draft]["draft_version"] == 1 and found[draft]["rule"] == "drafts: 3 years after the server received it"
    assert recent in found


@pytest.mark.parametrize(
    "text, message",
    [
        ("{", "is not valid JSON"),
        ("[]", "must be a JSON object"),
        ('{"three_house": {"years": 7, "from": "created"}}', '"three_house" is not a kind of artefact'),
        ('{"network": {"years": "7", "from": "created"}}', '"years" must be a whole number'),
        ('{"network": {"years": 7.5, "from": "created"}}', "not valid JSON: 7.5 is not a whole number"),
        ('{"network": {"years": 0, "from": "created"}}', '"years" must be a whole number from 1'),
        ('{"network": {"years": 7, "from": "birth"}}', '"from" must be one of created, received, eighteenth_birthday'),
        ('{"network": {"years": 7}}', 'exactly "years" and "from"'),
        ('{"network": {"years": 7, "from": "created"}, "network": {"years": 9, "from": "created"}}', "appears twice"),
    ],
)
def test_a_malformed_schedule_is_refused_whole(text, message):
    with pytest.raises(retention.ScheduleInvalid, match=message):
        retention.parse_schedule(text)


# --- the command ---------------------------------------------------------------------------------------


def test_listing_changes_nothing_and_delete_needs_confirm(db, store, cli):
    old = store.houses(store.old)
    before = stored(db, store.parts_dir)
    listed = cli.invoke(args=["retention"])
    assert listed.exit_code == 0, listed.output
    assert "Schedule: the built-in schedule." in listed.output
    assert "1 item(s) have passed their retention date" in listed.output
    line = next(line for line in listed.output.splitlines() if old in line)
    assert line.split() == ["three_houses", old, store.old, "2020-05-01"]
    assert "Mum" not in listed.output  # ids, kinds and dates, never the child's words
    refused = cli.invoke(args=["retention", "--delete"])
    assert refused.exit_code == 2 and "give both --delete and --confirm" in refused.output
    assert cli.invoke(args=["retention", "--confirm"]).exit_code == 2
    assert stored(db, store.parts_dir) == before


def test_delete_removes_the_artefact_and_everything_that_names_it(app, db, store, cli):
    old = store.houses(store.old, word("w1", "Dŵr poeth"), word("w2", "Nain's farm"))
    kept = store.houses(store.young, word("w1", "Dŵr oer"))
    with app.app_context():
        assessment_id = create(db, store.worker, store.old, "single", "2026-12-01", "")
        assessment = get(db, store.old, assessment_id)
        attach(db, store.worker, assessment, old)
        signs_of_safety.place_words(db, store.worker, assessment, old, "w1", "working_well")
        signs_of_safety.add_entry(db, store.worker, assessment, "worried", "The worker's own entry")
    old_files = store.paths(old)
    assert old_files <= store.files()

    result = cli.invoke(args=["retention", "--delete", "--confirm", "--operator", "Jo Admin"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 item(s) and 1 part file(s)" in result.output
    assert count(db, "SELECT 1 FROM artefacts WHERE id = ?", [old]) == 0
    assert count(db, "SELECT 1 FROM artefact_parts WHERE artefact_id = ?", [old]) == 0
    assert count(db, "SELECT 1 FROM voice_items WHERE artefact_id = ?", [old]) == 0
    # Search no longer finds the child's words; the kept child's still are.
    assert [
        row["text"]
        for row in db.query(
            "SELECT voice_items.text FROM voice_search JOIN voice_items ON voice_items.id = voice_search.rowid"
            " WHERE voice_search MATCH 'dwr'"
        )
    ] == ["Dŵr oer"]
    # The assessment stays, without the link or the words copied from the artefact.
    assert attached(db, assessment_id) == []
    assert [entry["text"] for column in signs_of_safety.mapping(db, assessment_id).values() for entry in column] == [
        "The worker's own entry"
    ]
    assert not old_files & store.files() and store.paths(kept) <= store.files()
    entry = next(db.query("SELECT * FROM audit WHERE what LIKE 'deleted under the retention schedule:%'"))
    assert entry["what"] == (
        f"deleted under the retention schedule: three_houses {old} "
        "(7 years after the child's 18th birthday); run by Jo Admin"
    )
    assert (entry["action"], entry["child_id"], entry["user_id"]) == ("change", store.old, None)
    # The audit trail is still append-only.
    with pytest.raises(Exception, match="append-only"):
        db.execute("DELETE FROM audit WHERE id = ?", [entry["id"]])
    # Run again: nothing more is due and nothing changes.
    again = cli.invoke(args=["retention", "--delete", "--confirm"])
    assert "Nothing has passed its retention date." in again.output and "Deleted 0 item(s)" in again.output


def test_drafts_go_with_their_artefact_and_alone_after_their_own_period(db, store):
    document = three_houses(store.old, houses={"good": {"words": [word("w1", "Mum")], "ink": "ink-good"}})
    draft_drawing = scribble(7)
    artefact = str(uuid.uuid4())
    store.send(document, [("ink-good", INK, draft_drawing)], artefact_id=artefact, state="draft", draft_version=1)
    store.send(document, [("ink-good", INK, scribble())], artefact_id=artefact)
    lonely = store.send(three_houses(store.young), state="draft", draft_version=1)
    draft_file = next(
        db.query(
            "SELECT path FROM draft_snapshot_parts JOIN draft_snapshots"
            " ON draft_snapshots.id = snapshot_id WHERE artefact_id = ?",
            [artefact],
        )
    )["path"]
    later = TODAY + timedelta(days=400)
    entries = retention.due(db, retention.default_schedule(), later)
    assert [(entry["artefact_id"], "snapshot_id" in entry) for entry in entries] == [(artefact, False), (lonely, True)]
    done = retention.delete_due(db, entries, store.parts_dir)
    assert done["deleted"] == 2
    assert count(db, "SELECT 1 FROM draft_snapshots") == 0 and count(db, "SELECT 1 FROM draft_snapshot_parts") == 0
    assert draft_file not in store.files()
    assert {
        row["what"].split(": ", 1)[1] for row in db.query("SELECT what FROM audit WHERE what LIKE 'deleted under%'")
    } == {
        f"three_houses {artefact} (7 years after the child's 18th birthday)",
        f"draft 1 of three_houses {lonely} (drafts: 1 year after the server received it)",
    }
    # What was deleted had arrived: the team page must not report its numbers as never received.
    store.houses(store.young)  # the tablet's latest number, above the deleted ones
    assert sequence_gaps(db, store.worker["team_id"]) == []


def test_a_file_another_artefact_still_names_is_kept(db, store, monkeypatch):
    """Files are named by their sealed bytes: two uploads sealed with the same key and IV share one."""
    drawing = scribble(3)
    old, kept = str(uuid.uuid4()), str(uuid.uuid4())  # before the patch: uuid4 reads os.urandom too
    monkeypatch.setattr(tablet_client.AESGCM, "generate_key", staticmethod(lambda bit_length: b"k" * 32))
    monkeypatch.setattr(tablet_client.os, "urandom", lambda n: b"i" * n)
    store.houses(store.old, drawing=drawing, artefact_id=old)
    store.houses(store.young, drawing=drawing, artefact_id=kept)
    monkeypatch.undo()
    shared = store.paths(old)
    assert shared == store.paths(kept)
    retention.delete_due(db, retention.due(db, retention.default_schedule(), TODAY), store.parts_dir)
    assert count(db, "SELECT 1 FROM artefacts WHERE id = ?", [old]) == 0
    assert shared <= store.files()  # still Maisie's drawing
    with store.app.app_context():
        from sofs_direct.artefacts.store import read_part

        assert read_part(db, kept, "ink-good", store.parts_dir) == drawing


def test_a_network_is_merged_again_from_the_states_that_remain(db, store):
    schedule = retention.parse_schedule('{"network": {"years": 1, "from": "created"}}')
    store.send(
        network_state(
            store.young,
            NETWORK_ID,
            [member("m-nain", name="Nain", relation="grandmother", ring=1)],
            children=[store.young],
            created_at=made(500),
        )
    )
    store.send(
        network_state(
            store.young,
            NETWORK_ID,
            [member("m-taid", name="Taid", relation="grandfather", ring=2, at=made(10))],
            children=[store.young],
            created_at=made(10),
        )
    )
    assert sorted(network.current(db, NETWORK_ID)["members"]) == ["m-nain", "m-taid"]
    entries = retention.due(db, schedule, TODAY)
    assert [entry["kind"] for entry in entries] == ["network"]
    retention.delete_due(db, entries, store.parts_dir)
    merged = network.current(db, NETWORK_ID)
    assert sorted(merged["members"]) == ["m-taid"] and merged["states"] == 1
    # The last state going takes the network's merged rows with it.
    retention.delete_due(db, retention.due(db, schedule, TODAY + timedelta(days=400)), store.parts_dir)
    assert network.current(db, NETWORK_ID) is None
    for table in ("network_children", "network_members", "network_conflicts"):
        assert count(db, f"SELECT 1 FROM {table} WHERE network_id = ?", [NETWORK_ID]) == 0


def test_a_crash_leaves_the_store_whole(db, store, monkeypatch):
    old = store.houses(store.old, word("w1", "Dŵr"))
    store.houses(store.young)  # kept: the folder provably holds this store's files
    entries = retention.due(db, retention.default_schedule(), TODAY)
    before = stored(db, store.parts_dir)

    def power_cut(*args):
        raise RuntimeError("power cut")

    # Mid-transaction (after the deletes, before the audit row): nothing deleted.
    monkeypatch.setattr(retention, "_audit", power_cut)
    with pytest.raises(RuntimeError):
        retention.delete_due(db, entries, store.parts_dir)
    monkeypatch.undo()
    assert (
        stored(db, store.parts_dir) == before
        and count(db, "SELECT 1 FROM voice_items WHERE artefact_id = ?", [old]) == 1
    )
    # After the commit, before the files: the rows are gone, the file is left, and the next
    # deleting run removes it (it can prove nothing names it).
    leftover = retention.delete_artefact(db, entries[0])
    assert leftover and leftover <= store.files()
    file = Path(store.parts_dir) / next(iter(leftover))
    temporary = file.with_name(f".{file.name}.{'b' * 32}.tmp")  # as write_part_file names one mid-write
    temporary.write_bytes(b"half-written")
    stranger = Path(store.parts_dir) / "notes.txt"
    stranger.write_text("not ours")
    assert retention.delete_due(db, [], store.parts_dir) == {"deleted": 0, "files": 2}
    assert not leftover & store.files() and not temporary.exists() and stranger.exists()


def test_a_store_never_sweeps_a_folder_that_is_not_its_own(db, store, tmp_path):
    store.houses(store.young)
    empty = tmp_path / "empty.db"
    other = create_app(base_config(str(empty), PARTS_DIR=store.parts_dir))
    with other.app_context():
        from sofs_direct.platform.db import connect, migrate

        fresh = connect(empty)
        migrate(fresh)
        assert retention.sweep(fresh, store.parts_dir) == 0
        fresh.close()
    assert store.paths(next(db.query("SELECT id FROM artefacts"))["id"]) <= store.files()


def test_a_bad_schedule_file_stops_the_command_with_a_message(make_app, tmp_path, db, store):
    store.houses(store.old)
    before = stored(db, store.parts_dir)
    bad = tmp_path / "retention.json"
    bad.write_text('{"three_house": {"years": 7, "from": "eighteenth_birthday"}}')
    for path, message in (
        (bad, '"three_house" is not a kind of artefact'),
        (tmp_path / "missing.json", "cannot be read"),
    ):
        result = (
            make_app(RETENTION_FILE=str(path)).test_cli_runner().invoke(args=["retention", "--delete", "--confirm"])
        )
        assert result.exit_code == 2 and message in result.output, result.output
        assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert stored(db, store.parts_dir) == before
    good = tmp_path / "good.json"
    good.write_text('{"three_houses": {"years": 30, "from": "eighteenth_birthday"}, "policy": "Demo Council v4"}')
    listed = make_app(RETENTION_FILE=str(good)).test_cli_runner().invoke(args=["retention"])
    assert listed.exit_code == 0 and "(Demo Council v4)" in listed.output and "Nothing has passed" in listed.output


def test_app_py_retention_with_a_bad_file(database, tmp_path):
    bad = tmp_path / "retention.json"
    bad.write_text("{not json")
    env = {
        "SOFS_DATABASE": database,
        "SOFS_INSTANCE": str(tmp_path / "instance"),
        "PATH": "/usr/bin:/bin",
        "SOFS_RETENTION_FILE": str(bad),
    }
    result = subprocess.run([sys.executable, "app.py", "retention"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "is not valid JSON" in result.stderr and "Traceback" not in result.stderr
    del env["SOFS_RETENTION_FILE"]
    result = subprocess.run([sys.executable, "app.py", "retention"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0 and "Nothing has passed its retention date." in result.stdout


def test_a_sweep_keeps_the_drawings_of_work_kept_aside_for_an_unknown_child(app, db, store):
    """An upload for a child this server does not have is kept, sealed, for the manager: a retention
    run's sweep must not take its drawing from under its row (it once did)."""
    ghost = str(uuid.uuid4())
    with app.app_context():
        house = {"words": [word("w1", "Mum")], "ink": "ink-good"}
        upload = store.tablet.upload(three_houses(ghost, houses={"good": house}), [("ink-good", INK, scribble())])
        assert store.tablet.ingest(upload, store.parts_dir).status == "stored"
    store.houses(store.young, drawing=scribble(4))  # the folder is this store's: the sweep runs
    before = store.files()
    retention.delete_due(db, retention.due(db, retention.default_schedule(), TODAY), store.parts_dir)
    assert store.files() == before
    assert retention.named_paths(db) == before


def test_a_part_swept_between_its_early_write_and_its_commit_is_written_again(app, db, store, monkeypatch):
    """Part files are written before the upload takes the write lock (store.write_parts_ahead); a
    retention sweep that runs in between finds them named by nothing yet and removes them. The upload
    must still store its drawing whole."""
    from sofs_direct.artefacts import ingest as ingesting
    from sofs_direct.artefacts.store import read_part

    ahead = ingesting.write_parts_ahead

    def swept_right_after(parts_dir, opened):
        ahead(parts_dir, opened)
        for path in Path(parts_dir).rglob("*"):
            if path.is_file():
                path.unlink()

    monkeypatch.setattr(ingesting, "write_parts_ahead", swept_right_after)
    drawing = scribble(7)
    artefact = store.houses(store.young, drawing=drawing)
    with app.app_context():
        assert read_part(db, artefact, "ink-good", store.parts_dir) == drawing
