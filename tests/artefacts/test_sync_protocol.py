"""The sync protocol as a whole, explored by Hypothesis: a model tablet against a real server through
a bad network, server restarts and tablet reloads.

Invariants, after every step: the tablet never deletes an outbox entry without a verified receipt;
anything it has deleted is stored exactly once with the hash it sent; nothing the server holds is
something the tablet did not finalise. At the end, back online, every finalised artefact is stored
exactly once with the same hash.
"""

import shutil

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from sofs_direct import create_app
from sofs_direct.platform.db import connect
from tests.conftest import LiveServer, base_config, child_ids
from tests.tablet_client import HttpTablet, make_upload, now_iso, observation, receipt_matches

WORDS = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)
NETWORK = st.sampled_from(["delivered", "request dropped", "response dropped", "sent twice"])


def test_every_finalised_artefact_arrives_exactly_once(seeded_template, tmp_path_factory):

    class TabletAgainstServer(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            folder = tmp_path_factory.mktemp("protocol")
            self.database = folder / "sofs.db"
            shutil.copy(seeded_template, self.database)
            self.config = base_config(str(self.database))
            self.server = LiveServer(create_app(self.config))
            self.db = connect(self.database)
            self.children = [child_ids(self.db)[name] for name in ("Maisie", "Tomos", "Ava")]
            self.tablet = HttpTablet(self.server.url).sign_in("demo.worker")
            # What the tablet keeps in IndexedDB: it survives a reload; nothing else does.
            self.persisted = {
                "cookie": self.tablet.cookie,
                "device": self.tablet.register("Model tablet"),
                "seq": 0,
                "drafts": {},
                "outbox": [],
            }
            self.online = True
            self.finalised = {}  # the truth: id -> payload_sha256 of every artefact the worker finished
            self.acknowledged = set()  # ids deleted from the outbox after a verified receipt

        # --- the worker -------------------------------------------------------------------------

        @rule(child=st.integers(0, 2), words=WORDS)
        def capture(self, child, words):
            self.persisted["seq"] += 1
            draft = {
                "id": None,
                "seq": self.persisted["seq"],
                "version": 0,
                "created_at": now_iso(),
                "document": observation(self.children[child], words),
            }
            upload = self._seal(draft, "draft")
            draft["id"] = upload.id
            self.persisted["drafts"][upload.id] = draft
            self._queue(upload)

        @precondition(lambda self: self.persisted["drafts"])
        @rule(data=st.data(), words=WORDS)
        def autosave(self, data, words):
            draft = self.persisted["drafts"][data.draw(st.sampled_from(sorted(self.persisted["drafts"])))]
            draft["document"]["content"]["text"] = words
            self._queue(self._seal(draft, "draft"))

        @precondition(lambda self: self.persisted["drafts"])
        @rule(data=st.data())
        def finalise(self, data):
            draft = self.persisted["drafts"].pop(data.draw(st.sampled_from(sorted(self.persisted["drafts"]))))
            upload = self._seal(draft, "finalised")
            self.finalised[upload.id] = upload.envelope["payload_sha256"]
            self._queue(upload)

        # --- the world ------------------------------------------------------------------------

        @rule()
        def go_offline(self):
            self.online = False

        @rule()
        def go_online(self):
            self.online = True

        @rule(network=NETWORK)
        def send_oldest(self, network):
            if not self.persisted["outbox"] or not self.online or network == "request dropped":
                return  # nothing reaches the server: the entry stays queued
            entry = self.persisted["outbox"][0]
            if self.tablet.csrf_token is None:
                self.tablet.refresh_session()  # fetched afresh before each sync run
            answers = [self.tablet.upload(entry) for _ in range(2 if network == "sent twice" else 1)]
            for status, _, answer in answers:
                assert status == 200, (status, answer)  # a well-behaved tablet is never refused
            if network == "response dropped":
                return  # delivered and stored, but the tablet never saw the receipt
            if all(receipt_matches(status, kind, answer, entry) for status, kind, answer in answers):
                self._delete_after_receipt(entry)

        @rule()
        def restart_server(self):
            self.tablet.close()
            self.server.stop()
            self.server = LiveServer(create_app(self.config))
            self._reconnect()

        @rule()
        def reload_tablet(self):
            """The page reloads: memory is gone (connection, token); IndexedDB is what remains."""
            self.tablet.close()
            self._reconnect()

        # --- the tablet's rules -------------------------------------------------------------

        def _reconnect(self):
            self.tablet = HttpTablet(self.server.url)
            self.tablet.cookie = self.persisted["cookie"]

        def _seal(self, draft, state):
            if state == "draft":
                draft["version"] += 1
            device = self.persisted["device"]
            return make_upload(
                device["server_key"],
                device["device_id"],
                draft["seq"],
                draft["document"],
                artefact_id=draft["id"],
                state=state,
                draft_version=draft["version"] if state == "draft" else None,
            )

        def _queue(self, upload):
            """One entry per artefact: a newer snapshot replaces the queued one, never a finalised one."""
            outbox = self.persisted["outbox"]
            queued = next((entry for entry in outbox if entry.id == upload.id), None)
            if queued is not None and queued.envelope["state"] == "finalised":
                return
            if queued is not None:
                outbox[outbox.index(queued)] = upload
            else:
                outbox.append(upload)

        def _delete_after_receipt(self, entry):
            self.persisted["outbox"].remove(entry)
            if entry.envelope["state"] == "finalised":
                self.acknowledged.add(entry.id)

        def _stored(self) -> dict:
            return {
                row["id"]: row["payload_sha256"] for row in self.db.query("SELECT id, payload_sha256 FROM artefacts")
            }

        # --- what must always hold --------------------------------------------------------------

        @invariant()
        def nothing_deleted_without_being_stored(self):
            stored = self._stored()
            for artefact_id in self.acknowledged:
                assert stored.get(artefact_id) == self.finalised[artefact_id]
            queued = {entry.id for entry in self.persisted["outbox"] if entry.envelope["state"] == "finalised"}
            for artefact_id in self.finalised:
                assert artefact_id in queued or artefact_id in self.acknowledged
                assert artefact_id not in queued or artefact_id not in self.acknowledged

        @invariant()
        def the_server_holds_only_what_was_finalised(self):
            for artefact_id, payload_sha256 in self._stored().items():
                assert self.finalised.get(artefact_id) == payload_sha256

        def teardown(self):
            try:
                self.online = True
                for _ in range(len(self.persisted["outbox"]) + 1):
                    self.send_oldest("delivered")
                assert self.persisted["outbox"] == []
                assert self._stored() == self.finalised
                assert self.db["artefacts"].count == len(self.finalised)
            finally:
                self.tablet.close()
                self.server.stop()
                self.db.close()

    run_state_machine_as_test(
        TabletAgainstServer,
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            database=None,
            # No shrinking: each step is real HTTP against a real server, and a failure's steps are printed.
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
