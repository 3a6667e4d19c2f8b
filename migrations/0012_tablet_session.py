"""The tablet's sending apart from the worker's session (issue 18, docs/security.md "The tablet's
sending and the worker's session").

- `devices.upload_token_sha256`: the SHA-256 of the device's upload credential, which may only send
  that device's work (`Authorization: Device <token>`). The token itself is shown once, to the tablet.
- `devices.session_key_sha256`: the SHA-256 of the key the tablet keeps under its local key and shows
  the server to prove the app is unlocked. A device with none (registered before this change) gets
  both at its next contact while unlocked; until then its sign-ins work as before.
- `login_sessions.tablet_proven_at`: when this sign-in was last proven unlocked (signing in, or the
  tablet app's proof); NULL once the app said it locked. A sign-in a registered tablet uses is locked
  when this is older than the service's tablet idle lock time.

Existing rows keep NULL: no device has a key yet, so no existing sign-in is locked by this change.
"""

STATEMENTS = [
    "ALTER TABLE devices ADD COLUMN upload_token_sha256 TEXT",
    "ALTER TABLE devices ADD COLUMN session_key_sha256 TEXT",
    "CREATE UNIQUE INDEX devices_upload_token ON devices(upload_token_sha256)",
    "ALTER TABLE login_sessions ADD COLUMN tablet_proven_at TEXT",
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
