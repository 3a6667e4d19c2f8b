"""A stopped clock for the golden store: every "now" the app takes (and fpdf2's, for a PDF's
/CreationDate and the /ID made from it) reads one moment that the caller sets.

Main decision: the app has no clock of its own to set (it calls `datetime.now`, `date.today` in a
dozen modules), and no time-freezing library is installed, so `stopped()` swaps the `datetime` and
`date` names in every loaded `sofs_direct` module and in `fpdf.fpdf` for subclasses whose `now()`
and `today()` read the moment. The subclasses pass `isinstance` for real dates, and every value
they hand out is a real `datetime` or `date`, so nothing else can tell. Modules are found by their
name rather than listed, so a module that the kinds-as-plugins work adds is stopped too; `cover()`
finds modules imported since (call it before each request).
"""

import datetime as real
import sys
from contextlib import contextmanager
from datetime import UTC

PATCHED_PACKAGES = ("sofs_direct", "fpdf.fpdf")


class _PassesForReal(type):
    """isinstance(real datetime, StoppedDatetime) is True, as code that checks types expects."""

    def __instancecheck__(cls, value):
        return isinstance(value, cls.real)

    def __subclasscheck__(cls, subclass):
        return issubclass(subclass, cls.real)


class Clock:
    def __init__(self, moment: real.datetime):
        self.moment = moment
        clock = self

        class StoppedDatetime(real.datetime, metaclass=_PassesForReal):
            real = real.datetime

            @classmethod
            def now(cls, tz=None):
                moment = clock.moment.astimezone(tz) if tz else clock.moment.astimezone().replace(tzinfo=None)
                return real.datetime.fromisoformat(moment.isoformat())

            @classmethod
            def utcnow(cls):
                return cls.now(UTC).replace(tzinfo=None)

            @classmethod
            def today(cls):
                return cls.now()

        class StoppedDate(real.date, metaclass=_PassesForReal):
            real = real.date

            @classmethod
            def today(cls):
                return clock.moment.astimezone().date()

        self.classes = {real.datetime: StoppedDatetime, real.date: StoppedDate}
        self.patched: list[tuple[dict, str, object]] = []

    def set(self, moment: real.datetime) -> None:
        self.moment = moment

    def cover(self) -> None:
        """Stop the clock in every module of the app (and fpdf2's) not stopped yet."""
        for name, module in list(sys.modules.items()):
            if module is None or not name.startswith(PATCHED_PACKAGES):
                continue
            namespace = vars(module)
            for attribute, value in list(namespace.items()):
                if isinstance(value, type) and value in self.classes:
                    self.patched.append((namespace, attribute, value))
                    namespace[attribute] = self.classes[value]

    def restore(self) -> None:
        for namespace, attribute, value in reversed(self.patched):
            namespace[attribute] = value
        self.patched.clear()


@contextmanager
def stopped(moment: real.datetime):
    """The app's clock stopped at `moment` (timezone-aware) until the block ends."""
    clock = Clock(moment)
    clock.cover()
    try:
        yield clock
    finally:
        clock.restore()
