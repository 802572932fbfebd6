"""Dates, numbers and percentages written the way the current locale writes them.

Babel is imported on first use, not at start-up: most commands never format a date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
import json
import math

from course.files import write_atomically
from course.i18n.catalogs import cache_dir
from course.i18n.state import N_, current_locale, gettext_in, ngettext
from course.i18n.state import gettext_ as _


def format_date(value: dt.date, format: str = "medium") -> str:
    from babel import dates

    return dates.format_date(value, format=format, locale=current_locale())


def format_month(value: dt.date, locale: str | None = None) -> str:
    """A month and year: `January 2026`, `1/2026` in Vietnamese (read after the word "tháng").

    The Babel skeleton is itself a translatable string, so each language picks the form
    that fits its sentence ("As of {month}" / "Tính đến tháng {month}").
    """
    from babel import dates

    locale = locale or current_locale()
    return dates.format_skeleton(gettext_in(locale, N_("yMMMM")), value, locale=locale)


def as_of(value: dt.date, locale: str | None = None) -> str:
    """`As of January 2026`: when a dated statement was last checked, in `locale` (default: the interface's)."""
    locale = locale or current_locale()
    return gettext_in(locale, N_("As of {month}")).format(month=format_month(value, locale))


def format_datetime(value: dt.datetime, format: str = "medium") -> str:
    from babel import dates

    return dates.format_datetime(value, format=format, locale=current_locale())


def format_wait(seconds: float) -> str:
    """How long until something happens: `in 9 minutes`, `in 3 hours`, `in 12 days`.

    Catalog phrases rather than Babel's `format_timedelta`: the course map shows one on its
    first frame, before Babel's locale data is loaded.
    """
    if seconds < 60:
        return _("in less than a minute")
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return ngettext("in {n} minute", "in {n} minutes", minutes).format(n=minutes)
    hours = round(seconds / 3600)
    if hours < 24:
        return ngettext("in {n} hour", "in {n} hours", hours).format(n=hours)
    days = round(seconds / 86400)
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


def format_number(value: float | int, grouping: bool = True) -> str:
    """`12345.5` -> `12,345.5` in English, `12.345,5` in Vietnamese; `grouping=False` for years
    and article numbers (`2001`, `2001,5`)."""
    from babel import numbers

    return numbers.format_decimal(value, locale=current_locale(), group_separator=grouping)


def format_percent(fraction: float, digits: int = 0) -> str:
    """`0.756` -> `76%` in English, `76 %` in Vietnamese.

    Whole percentages from 0 to 100 (the course map shows several on its first frame) come
    from a small per-locale table that Babel fills once and the cache keeps: loading
    Babel's locale data costs more than the rest of drawing that frame.
    """
    if digits == 0 and math.isfinite(fraction):
        # Rounded as Babel rounds: the decimal value of the float's shortest repr, half to even.
        exact = decimal.Decimal(str(fraction)) * 100
        whole = int(exact.quantize(decimal.Decimal(1), decimal.ROUND_HALF_EVEN))
        if exact >= 0 and whole <= 100:  # Babel writes -0.4% as "-0%"
            return _percent_table(current_locale())[whole]
    return _babel_percent(fraction, digits, current_locale())


def _babel_percent(fraction: float | decimal.Decimal, digits: int, locale: str) -> str:
    from babel import numbers

    pattern = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
    return numbers.format_percent(fraction, format=pattern, locale=locale)


@functools.cache
def _percent_table(locale: str) -> list[str]:
    """`0%` ... `100%` in `locale`, from the cache or from Babel (then cached)."""
    import babel

    path = cache_dir() / "numbers" / f"percent-{babel.__version__}-{locale}.json"
    try:
        table = json.loads(path.read_text("utf-8"))
        if isinstance(table, list) and len(table) == 101 and all(isinstance(x, str) for x in table):
            return table
    except (OSError, ValueError):
        pass  # no table yet, or a damaged one: Babel makes it again
    table = [_babel_percent(decimal.Decimal(n) / 100, 0, locale) for n in range(101)]
    with contextlib.suppress(OSError):  # an unwritable cache costs time, never correctness
        write_atomically(path, json.dumps(table, ensure_ascii=False))
    return table


def decimal_symbol() -> str:
    """The decimal separator of the current locale (`,` in Vietnamese)."""
    from babel import numbers

    return numbers.get_decimal_symbol(current_locale())
