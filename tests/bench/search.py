"""Benchmark: searching 100,000 stored child's-words items (search.search) for one practitioner's
caseload (30 children) and for a manager's team (300 children), against a LIKE scan of the same rows
for the same children in the same run (issue 7; target p95 <= 50 ms).

The store is built directly: 2,000 children in 7 teams, 10 artefacts each, 5 words an artefact
(Welsh and English sentences with their accents), inserted into voice_items so the triggers index
them as ingest would. 200 queries of one or two words, mostly typed without accents, as workers do.
LIKE is the baseline a plain SQL search would use, and it cannot match "dwr" to "Dŵr": the number
of queries where it found fewer words than the full-text search is printed too. Run alone:
    .venv/bin/python tests/bench/search.py
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

from sofs_direct import create_app
from sofs_direct.platform.db import connect, migrate, utcnow, write  # noqa: E402
from sofs_direct.records import search  # noqa: E402
from tests.conftest import base_config  # noqa: E402

CHILDREN = 2000
TEAMS = 7
CASELOAD = 30
TEAM_SIZE = 300
ARTEFACTS_EACH = 10
WORDS_EACH = 5
QUERIES = 200

WELSH = [
    "dŵr",
    "tŷ",
    "ŵyn",
    "môr",
    "cae",
    "ysgol",
    "mam",
    "dad",
    "nain",
    "taid",
    "brawd",
    "chwaer",
    "ci",
    "cath",
    "bwyd",
    "gwely",
    "nos",
    "dydd",
    "hapus",
    "trist",
    "ofn",
    "cwtch",
    "hiraeth",
    "chwarae",
    "pêl-droed",
    "ffrind",
    "athrawes",
    "bws",
    "glaw",
    "haul",
    "eira",
    "teulu",
    "cartref",
    "cegin",
    "ystafell",
    "drws",
    "gweiddi",
    "crio",
    "chwerthin",
    "cysgu",
    "bwyta",
    "yfed",
    "caru",
    "hoffi",
    "casáu",
    "poeni",
    "gobeithio",
    "breuddwydio",
    "fferm",
    "ceffyl",
    "mynydd",
    "afon",
    "traeth",
    "siop",
    "parc",
    "caffi",
    "llyfr",
    "teledu",
    "gêm",
    "beic",
    "ysbyty",
    "meddyg",
    "heddlu",
    "gweithiwr",
    "cymdeithasol",
    "Siân",
    "Gwenllïan",
    "Dafydd",
    "Tomos",
    "Owain",
    "Elin",
    "Llŷr",
    "Ffion",
    "Rhys",
    "Ceri",
    "ŷd",
    "mêl",
    "tân",
    "gardd",
    "ôl",
    "côr",
    "llên",
]
ENGLISH = [
    "water",
    "house",
    "lambs",
    "sea",
    "field",
    "school",
    "mum",
    "dad",
    "nan",
    "grandad",
    "brother",
    "sister",
    "dog",
    "cat",
    "food",
    "bed",
    "night",
    "day",
    "happy",
    "sad",
    "scared",
    "cuddle",
    "football",
    "friend",
    "teacher",
    "bus",
    "rain",
    "sun",
    "snow",
    "family",
    "home",
    "kitchen",
    "room",
    "door",
    "shouting",
    "crying",
    "laughing",
    "sleeping",
    "eating",
    "drinking",
    "love",
    "like",
    "hate",
    "worry",
    "hope",
    "dream",
    "farm",
    "horse",
    "mountain",
    "river",
    "beach",
    "shop",
    "park",
    "café",
    "book",
    "television",
    "game",
    "bike",
    "hospital",
    "doctor",
    "police",
    "worker",
    "safe",
    "angry",
    "quiet",
    "loud",
    "birthday",
    "Christmas",
    "presents",
    "pizza",
    "chips",
    "garden",
    "swing",
    "trampoline",
    "homework",
    "phone",
    "tablet",
    "naïve",
    "façade",
    "fiancée",
    "rôle",
    "coöperate",
]
VOCABULARY = WELSH + ENGLISH
CONNECTIVES = ["a", "and", "the", "yn", "y", "yr", "i", "to", "my", "fy", "is", "mae"]


def sentence(rng: random.Random) -> str:
    words = [
        rng.choice(VOCABULARY) if rng.random() < 0.7 else rng.choice(CONNECTIVES) for _ in range(rng.randint(4, 12))
    ]
    return " ".join(words).capitalize() + rng.choice((".", "!", "?", ""))


def build(db, rng: random.Random) -> tuple[dict, dict]:
    """The store; returns (the practitioner, the manager) as users rows."""
    with write(db):
        teams = [
            db.execute("INSERT INTO teams (name, created_at) VALUES (?, ?)", [f"Team {n}", utcnow()]).lastrowid
            for n in range(TEAMS)
        ]
        workers = {}
        manager = db.execute(
            "INSERT INTO users (username, display_name, role, team_id, password_hash, created_at)"
            " VALUES ('bench.manager', 'Bench Manager', 'manager', ?, 'x', ?)",
            [teams[0], utcnow()],
        ).lastrowid
        device = str(uuid.uuid4())
        for n in range(CHILDREN):
            team = teams[0] if n < TEAM_SIZE else teams[1 + n % (TEAMS - 1)]
            worker_number = n // CASELOAD
            if worker_number not in workers:
                workers[worker_number] = db.execute(
                    "INSERT INTO users (username, display_name, role, team_id, password_hash, created_at)"
                    " VALUES (?, ?, 'practitioner', ?, 'x', ?)",
                    [f"bench.worker{worker_number}", f"Worker {worker_number}", team, utcnow()],
                ).lastrowid
                if worker_number == 0:
                    db.execute(
                        "INSERT INTO devices (id, user_id, name, secret_sha256, registered_at)"
                        " VALUES (?, ?, 'Bench tablet', 'x', ?)",
                        [device, workers[0], utcnow()],
                    )
            child = str(uuid.uuid4())
            db.execute(
                "INSERT INTO children (id, known_as, date_of_birth, team_id, created_at) VALUES (?, ?, ?, ?, ?)",
                [child, f"Child {n}", "2015-01-01", team, utcnow()],
            )
            db.execute(
                "INSERT INTO allocations (child_id, user_id, allocated_at) VALUES (?, ?, ?)",
                [child, workers[worker_number], utcnow()],
            )
            for a in range(ARTEFACTS_EACH):
                artefact = str(uuid.uuid4())
                day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(8, 17):02d}:00:00.000Z"
                db.execute(
                    "INSERT INTO artefacts (id, kind, child_id, author_id, device_id, device_seq, device_time,"
                    " received_at, payload_sha256, payload_length, sealed_sha256, envelope, sealed_payload, document)"
                    " VALUES (?, 'three_houses', ?, ?, ?, ?, ?, ?, 'x', 0, 'x', '{}', x'', '{}')",
                    [artefact, child, workers[0], device, n * ARTEFACTS_EACH + a + 1, day, day],
                )
                for w in range(WORDS_EACH):
                    share = rng.choice(('"ask"', "[]", '["conference", "parents"]', '["parents"]'))
                    db.execute(
                        "INSERT INTO voice_items (artefact_id, child_id, item, place, text, by, share, said_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            artefact,
                            child,
                            f"w{w}",
                            rng.choice(("good", "worries", "dreams")),
                            sentence(rng),
                            rng.choice(("child", "worker")),
                            share,
                            day,
                        ],
                    )
        db.execute("ANALYZE")
    practitioner = next(db.query("SELECT * FROM users WHERE id = ?", [workers[0]]))
    return practitioner, next(db.query("SELECT * FROM users WHERE id = ?", [manager]))


def queries(rng: random.Random) -> list[str]:
    """One or two words; three in four typed without their accents."""
    asked = []
    for _ in range(QUERIES):
        words = [rng.choice(VOCABULARY) for _ in range(rng.choice((1, 2)))]
        if rng.random() < 0.75:
            words = [search.fold(word) for word in words]
        asked.append(" ".join(words))
    return asked


LIKE_SQL = """
    SELECT voice_items.id FROM voice_items JOIN artefacts ON artefacts.id = voice_items.artefact_id
    WHERE voice_items.child_id IN (SELECT value FROM json_each(:children))
      AND artefacts.flag IS NULL AND {conditions}
    ORDER BY voice_items.said_at DESC, voice_items.id DESC LIMIT :limit
"""


def like_scan(db, children: str, text: str) -> list[int]:
    """The baseline: each word as a LIKE '%word%' over the same children's rows."""
    words = search.words_of(text)
    conditions = " AND ".join(f"voice_items.text LIKE :w{n}" for n in range(len(words))) or "1"
    params = {"children": children, "limit": search.LIMIT, **{f"w{n}": f"%{word}%" for n, word in enumerate(words)}}
    return [row[0] for row in db.execute(LIKE_SQL.format(conditions=conditions), params).fetchall()]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(db, user, asked: list[str]) -> None:
    from sofs_direct.platform.children import visible_children

    children = json.dumps([child["id"] for child in visible_children(db, user)])
    ours, like, missed, found = [], [], 0, 0
    for text in asked:
        began = time.perf_counter()
        hits = search.search(db, user, text, search.LIMIT)
        ours.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        scanned = like_scan(db, children, text)
        like.append((time.perf_counter() - began) * 1000)
        found += len(hits)
        missed += len(scanned) < len(hits)
    (o50, o95), (l50, l95) = percentiles(ours), percentiles(like)
    print(f"  {user['role']} ({len(json.loads(children))} children), {len(asked)} queries, {found} words found:")
    print(
        f"    search.search: p50 {o50:.2f} ms, p95 {o95:.2f} ms (target p95 <= 50 ms: "
        f"{'met' if o95 <= 50 else 'NOT met'})  |  LIKE scan: p50 {l50:.2f} ms, p95 {l95:.2f} ms  |  "
        f"ratio p50 {o50 / l50:.2f}x, p95 {o95 / l95:.2f}x"
    )
    print(f"    queries where LIKE found fewer words (accents: 'dwr' is not 'Dŵr'): {missed} of {len(asked)}")


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        app = create_app(base_config(str(path)))
        with app.app_context():
            db = connect(path)
            migrate(db)
            began = time.perf_counter()
            practitioner, manager = build(db, rng)
            items = db["voice_items"].count
            built = time.perf_counter() - began
            print(f"  {items:,} words of {CHILDREN:,} children stored and indexed in {built:.1f} s")
            asked = queries(rng)
            for user in (practitioner, manager):
                search.search(db, user, "dwr")  # warm the page cache once, as a running server would be
                measure(db, user, asked)
            db.close()


if __name__ == "__main__":
    main()
