"""Dates and times as people read them: the day and the clock time in the UK, in the page's language.

Main decision: every date and time on a page, a PDF or a PNG goes through these few helpers, which
format with Babel's CLDR data in the interface language (en-GB or Welsh), never with strftime or by
hand, so a Welsh page never shows an English month. The work happens in the UK, so an instant (a
stored timestamp, UTC or with its offset) is shown as a UK clock showed it then (Europe/London,
summer time included): a session at half past midnight in summer is on the day the family remembers.
A stored day (YYYY-MM-DD: a date of birth, a due date) is a calendar day and is never shifted.

Whatever is stored must display: an instant so near the ends of the calendar that the UK's clock
cannot show it (0001-01-01T00:00:00+14:00) is shown as it was written rather than breaking the page.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_month_names

from .i18n import _, get_language

LOCAL_TIME = ZoneInfo("Europe/London")
BABEL_LOCALES = {"en": "en_GB", "cy": "cy"}


def babel_locale() -> str:
    return BABEL_LOCALES.get(get_language(), "en_GB")


def _is_day(value) -> bool:
    """A calendar day (a `date`, or YYYY-MM-DD), not an instant."""
    if isinstance(value, str):
        return len(value) == 10
    return isinstance(value, date) and not isinstance(value, datetime)


def local_moment(value: str | datetime) -> datetime:
    """The instant as a UK clock showed it. A day alone counts from its start; a time without an
    offset (never stored, but possible in old data) is taken as UTC, the one format the store writes."""
    if _is_day(value):
        return datetime.combine(date.fromisoformat(str(value)), time(), LOCAL_TIME)
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(LOCAL_TIME)
    except OverflowError:  # the UK's clock cannot show it: as written
        return moment


def local_day(value: str | date | datetime) -> date:
    """The day something happened, in the UK; a stored day is that day."""
    if _is_day(value):
        return value if isinstance(value, date) else date.fromisoformat(value)
    return local_moment(value).date()


def long_date(value: str | date | datetime) -> str:
    """ "4 March 2019" / "4 Mawrth 2019": the GOV.UK date style, the day in the UK, in the page's language."""
    return format_date(local_day(value), format="long", locale=babel_locale())


def time_of_day(value: str | datetime) -> str:
    """ "10:02": when something happened, as a UK clock showed it (24-hour, as the locale writes it)."""
    return format_time(local_moment(value).time(), format="short", locale=babel_locale())


def date_and_time(value: str | datetime) -> str:
    """ "23 November 2026 at 10:02": a day and a clock time, both in the UK."""
    return _("%(day)s at %(time)s", day=long_date(value), time=time_of_day(value))


def month_names(language: str) -> dict[str, str]:
    """Each month's name in `language` by its English name, for the tablet's catalogue: a browser
    whose Intl lacks the language (Debian's Chromium has no Welsh) names months from it instead."""
    english = get_month_names("wide", locale="en_GB")
    local = get_month_names("wide", locale=BABEL_LOCALES.get(language, "en_GB"))
    return {english[month]: local[month] for month in range(1, 13) if local[month] != english[month]}


def init_app(app):
    for helper in (long_date, time_of_day, date_and_time):
        app.add_template_filter(helper, helper.__name__)
