"""The sign-in throttle's counts in the store (issue 19), so every worker process counts the same
failed attempts: with a count per process, each extra process gave an attacker as many guesses again.

- `throttle_counts`: one row per throttled key (a username or a client address, per limit), named by
  the SHA-256 of the key so no attempted username or address is kept in clear; `count` failed
  attempts in the window that ends at `expires_at` (seconds since the epoch). Expired rows are
  removed by the next failed attempt (platform/throttle.py).
"""

STATEMENTS = [
    "CREATE TABLE throttle_counts (key_sha256 TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL)",
    "CREATE INDEX throttle_counts_expiry ON throttle_counts(expires_at)",
]


def migrate(db):
    for statement in STATEMENTS:
        db.execute(statement)
