"""Dates, numbers and percentages written the way the current locale writes them.

Babel is imported on first use, not at start-up: most commands never format a date.
"""

from __future__ import annotations

import datetime as dt

from course.i18n.state import current_locale


def format_date(value: dt.date, format: str = "medium") -> str:
    from babel import dates

    return dates.format_date(value, format=format, locale=current_locale())


def format_datetime(value: dt.datetime, format: str = "medium") -> str:
    from babel import dates

    return dates.format_datetime(value, format=format, locale=current_locale())


def format_number(value: float | int) -> str:
    from babel import numbers

    return numbers.format_decimal(value, locale=current_locale())


def format_percent(fraction: float, digits: int = 0) -> str:
    """`0.756` -> `76%` in English, `76 %` in Vietnamese."""
    from babel import numbers

    pattern = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
    return numbers.format_percent(fraction, format=pattern, locale=current_locale())


def decimal_symbol() -> str:
    """The decimal separator of the current locale (`,` in Vietnamese)."""
    from babel import numbers

    return numbers.get_decimal_symbol(current_locale())
