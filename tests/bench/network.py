"""Benchmark: the team figures (tools/network/figures.py) for a service of 2,000 allocated children, against
the same two counts done by one plain SQL scan in the same run (issue 6).

Rows are built directly in a temporary store (teams, workers, children, allocations, networks of
about 8 members each), as apply_state would leave them; siblings share a network. Run alone:
    .venv/bin/python tests/bench/network.py
"""

import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from sofs_direct.platform.db import connect, migrate, utcnow, write  # noqa: E402
from sofs_direct.tools.network import FIELDS  # noqa: E402
from sofs_direct.tools.network.figures import figures as team_figures  # noqa: E402

CHILDREN = 2000
WORKERS = 100
RUNS = 7
SIZE = 3

# The baseline: the team's two counts in one aggregate scan, no per-worker lists, no child names.
BASELINE_SQL = """
SELECT SUM(both_parents), SUM(ready) FROM (
    SELECT nc.child_id,
        MAX(parents > 0 AND not_told = 0) AS both_parents, MAX(ready >= :size) AS ready
    FROM (SELECT network_id,
              SUM(parent = 1 AND removed = 0) AS parents,
              SUM(parent = 1 AND removed = 0 AND informed IS NULL) AS not_told,
              SUM(COALESCE(parent, 0) = 0 AND removed = 0 AND informed IS NOT NULL AND willing = 1) AS ready
          FROM network_members GROUP BY network_id) m
    JOIN network_children nc ON nc.network_id = m.network_id
    WHERE nc.child_id IN (SELECT child_id FROM allocations a JOIN users u ON u.id = a.user_id WHERE u.team_id = :team)
    GROUP BY nc.child_id)
"""


def build(db, rng: random.Random) -> int:
    with write(db):
        team = db.execute("INSERT INTO teams (name, created_at) VALUES ('Bench team', ?)", [utcnow()]).lastrowid
        workers = [
            db.execute(
                "INSERT INTO users (username, display_name, role, team_id, password_hash, created_at)"
                " VALUES (?, ?, 'practitioner', ?, 'x', ?)",
                [f"worker{n}", f"Worker {n}", team, utcnow()],
            ).lastrowid
            for n in range(WORKERS)
        ]
        children = []
        for n in range(CHILDREN):
            child = str(uuid.uuid4())
            children.append(child)
            db.execute(
                "INSERT INTO children (id, known_as, date_of_birth, team_id, created_at) VALUES (?, ?, ?, ?, ?)",
                [child, f"Child {n}", "2015-01-01", team, utcnow()],
            )
            db.execute(
                "INSERT INTO allocations (child_id, user_id, allocated_at) VALUES (?, ?, ?)",
                [child, workers[n % WORKERS], utcnow()],
            )
        index = 0
        while index < CHILDREN:
            siblings = children[index : index + rng.choice((1, 1, 1, 2, 3))]
            index += len(siblings)
            if rng.random() < 0.1:
                continue  # no network yet
            net = str(uuid.uuid4())
            db.execute("INSERT INTO networks (id, states, updated_at) VALUES (?, 1, ?)", [net, utcnow()])
            for child in siblings:
                db.execute("INSERT INTO network_children (network_id, child_id) VALUES (?, ?)", [net, child])
            for m in range(rng.randint(6, 10)):
                values = {
                    "name": f"Person {m}",
                    "relation": "family",
                    "ring": rng.randint(1, 4),
                    "angle": 0,
                    "parent": int(m < 2),
                    "informed": "2026-11-01" if rng.random() < 0.7 else None,
                    "willing": rng.choice((1, 0, None)),
                }
                row = [values.get(field) for field in FIELDS]
                db.execute(
                    f"INSERT INTO network_members (network_id, member_id, {', '.join(FIELDS)}, removed, stamps)"
                    f" VALUES (?, ?, {', '.join('?' for _ in FIELDS)}, ?, ?)",
                    [net, f"m-{m}", *row, int(rng.random() < 0.05), json.dumps({})],
                )
        db.execute("ANALYZE")
    return team


def timed(function) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = connect(Path(folder) / "bench.db")
        migrate(db)
        team = build(db, random.Random(6))
        figures_time, figures = timed(lambda: team_figures(db, team, size=SIZE))
        baseline_time, counts = timed(lambda: tuple(db.execute(BASELINE_SQL, {"size": SIZE, "team": team}).fetchone()))
        assert counts == (figures["team"]["both_parents"]["count"], figures["team"]["network"]["count"]), counts
        print(
            f"team figures for {figures['team']['total']} allocated children, {len(figures['workers'])} workers:"
            f" both parents {counts[0]}, network of {SIZE} {counts[1]}"
        )
        print(
            f"figures.figures (per worker and team, with the children behind each figure): "
            f"{figures_time * 1000:.1f} ms (median of {RUNS})"
        )
        print(f"one plain SQL scan (the two team counts only): {baseline_time * 1000:.1f} ms")
        print(f"ratio: {figures_time / baseline_time:.2f}x")
        db.close()


if __name__ == "__main__":
    main()
