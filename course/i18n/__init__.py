"""Which language the interface speaks: negotiation, gettext catalogs, Babel formats.

Imports nothing from Textual (see tests/test_layers.py).
"""

from course.i18n.formatting import (
    as_of,
    decimal_symbol,
    format_date,
    format_datetime,
    format_month,
    format_number,
    format_percent,
    format_wait,
)
from course.i18n.negotiation import match_locale, negotiate_locale, normalize_tag
from course.i18n.state import N_, current_locale, gettext_in, locales_dir, ngettext, set_locale, set_locales_dir
from course.i18n.state import gettext_ as _

__all__ = [
    "N_",
    "_",
    "as_of",
    "current_locale",
    "decimal_symbol",
    "format_date",
    "format_datetime",
    "format_month",
    "format_number",
    "format_percent",
    "format_wait",
    "gettext_in",
    "locales_dir",
    "match_locale",
    "negotiate_locale",
    "ngettext",
    "normalize_tag",
    "set_locale",
    "set_locales_dir",
]
