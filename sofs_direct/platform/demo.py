"""Demo data: two teams, four workers and fictional children, for trying the app and for tests.

Main decision: seeding only ever happens on an empty store (no users), so `make run` can call it
every time and never touches real data. Every name here is invented.
"""

from datetime import date

from . import accounts
from .children import add_child, set_allocation
from .db import is_empty

DEMO_PASSWORD = "sofs-demo"

# (known as, date of birth, case reference, preferred language)
DEMO_CHILDREN = [
    ("Maisie", date(2018, 3, 14), "LCS-104233", "en"),
    ("Tomos", date(2014, 9, 2), "LCS-104871", "cy"),
    ("Ava", date(2021, 6, 21), "LCS-105012", "en"),
]
OTHER_CHILD = ("Leo", date(2016, 11, 30), "LCS-203344", "en")


def seed(db) -> bool:
    """Create the demo data when the store is empty; returns whether it did."""
    if not is_empty(db):
        return False
    demo_team = accounts.add_team(db, "Demo Team")
    other_team = accounts.add_team(db, "Other Team")
    worker = accounts.add_user(db, "demo.worker", "Dana Worker", "practitioner", demo_team, DEMO_PASSWORD)
    accounts.add_user(db, "demo.manager", "Morgan Manager", "manager", demo_team, DEMO_PASSWORD)
    accounts.add_user(db, "demo.admin", "Alex Admin", "admin", None, DEMO_PASSWORD)
    other = accounts.add_user(db, "other.worker", "Owen Other", "practitioner", other_team, DEMO_PASSWORD)
    for known_as, born, reference, language in DEMO_CHILDREN:
        set_allocation(db, add_child(db, known_as, born, reference, language, demo_team), [worker])
    known_as, born, reference, language = OTHER_CHILD
    set_allocation(db, add_child(db, known_as, born, reference, language, other_team), [other])
    return True
