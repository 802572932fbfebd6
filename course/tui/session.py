"""What every screen needs to know, handed down from the app: course, store, learner, clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.text import Text

from course.content import Course, LocalizedText
from course.i18n import current_locale
from course.progress import Profile, ProgressStore
from course.progress.store import utc_now


@dataclass
class Session:
    """The running course. Screens read it; only the app replaces its profile or language."""

    course: Course
    store: ProgressStore
    clock: Callable[[], dt.datetime] = utc_now
    seed: Callable[[], int] | None = None  # pinned in tests and snapshots; random otherwise
    profile: Profile | None = None
    locales: list[str] = field(default_factory=list)

    def text(self, value: LocalizedText | None, locale: str | None = None) -> str:
        """Content text in the interface language.

        A field not yet translated into that language is shown in the course's source
        language, marked with its code (`[EN] ...`) so that a trainee or a translator can
        see at once that it is a stand-in, and never as a blank.
        """
        if value is None:
            return ""
        wanted = locale or current_locale()
        if value.has(wanted):
            return value.root[wanted]
        source = self.course.source_locale
        fallback = value.get(source, source)
        shown = source if value.has(source) else next(iter(value.root), source)
        return f"[{shown.upper()}] {fallback}"

    def plain(self, value: LocalizedText | None, locale: str | None = None) -> Text:
        """Content text as a Rich Text: shown literally, never parsed as markup."""
        return Text(self.text(value, locale))

    @property
    def profile_id(self) -> int:
        assert self.profile is not None, "no learner chosen yet"
        return self.profile.id


def language_name(locale: str) -> str:
    """A locale's name in its own language: `vi` -> `Tiếng Việt`."""
    from babel import Locale

    try:
        name = Locale.parse(locale).get_display_name(locale) or locale
    except (ValueError, TypeError):
        return locale
    return name[:1].upper() + name[1:]
