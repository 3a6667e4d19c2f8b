"""What the benchmarks share: percentiles, the one-line report of a figure against its baseline, and a
store migrated and seeded with the demo data, with the real password hashing."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project: sofs_direct

from sofs_direct import create_app  # noqa: E402
from sofs_direct.platform.db import connect, migrate  # noqa: E402
from sofs_direct.platform.demo import seed  # noqa: E402
from tests.conftest import base_config  # noqa: E402


def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name, samples_ms, baseline_ms, baseline_name):
    p50, p95 = percentile(samples_ms, 50), percentile(samples_ms, 95)
    b50 = percentile(baseline_ms, 50)
    print(
        f"  {name}: p50 {p50:.2f} ms, p95 {p95:.2f} ms  |  {baseline_name}: p50 {b50:.2f} ms  |  ratio p50 {p50 / b50:.1f}x"
    )


def seeded_app(directory, **overrides):
    path = Path(directory) / "bench.db"
    app = create_app(base_config(str(path), **{"PASSWORD_HASH_PROFILE": "standard", **overrides}))
    with app.app_context():
        db = connect(path)
        migrate(db)
        seed(db)
        db.close()
    return app
