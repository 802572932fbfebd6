"""What every screen needs to know, handed down from the app: course, store, learner, clock."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text

from course.content.outline import Outline
from course.i18n import current_locale
from course.printable import one_line
from course.progress import Profile, ProgressStore

if TYPE_CHECKING:
    from course.content import Course, LocalizedText


@dataclass
class Session:
    """The running course. Screens read it; only the app replaces its profile or language.

    `outline` is always there (the course map is drawn from it); `course`, the full
    content, may arrive a moment after the first frame (see CourseApp.full_course).
    """

    outline: Outline
    store: ProgressStore
    course: Course | None = None
    loader: Callable[[], Course] | None = None
    seed: Callable[[], int] | None = None  # pinned in tests and snapshots; random otherwise
    profile: Profile | None = None
    locales: list[str] = field(default_factory=list)
    notice: str | None = None  # shown once the app is up (e.g. a damaged progress file was replaced)
    show_learner: bool = True  # a preview's scratch learner is nobody's business
    language_chosen: bool = False  # `--lang` given: the learner's saved language does not replace it

    @property
    def content(self) -> Course:
        """The full course; screens that need it are opened only once it has loaded."""
        assert self.course is not None, "the full course is not loaded yet"
        return self.course

    def text(self, value: LocalizedText | Mapping[str, str] | None, locale: str | None = None) -> str:
        """Content text in the interface language.

        A field not yet translated into that language is shown in the course's source
        language, marked with its code (`[EN] ...`) so that a trainee or a translator can
        see at once that it is a stand-in, and never as a blank.
        """
        if value is None:
            return ""
        texts: Mapping[str, str] = value if isinstance(value, Mapping) else value.root
        wanted = locale or current_locale()
        if texts.get(wanted):
            return texts[wanted]
        source = self.outline.source_locale
        shown = source if texts.get(source) else next(iter(texts), source)
        return f"[{shown.upper()}] {texts.get(shown, '')}"

    def plain(self, value: LocalizedText | Mapping[str, str] | None, locale: str | None = None) -> Text:
        """Content text as a Rich Text: shown literally, never parsed as markup."""
        return Text(self.text(value, locale))

    @property
    def clock(self) -> Callable[[], dt.datetime]:
        """The app's one clock: the store's (leases, answers, review scheduling all read it)."""
        return self.store.clock

    @property
    def profile_id(self) -> int:
        assert self.profile is not None, "no learner chosen yet"
        return self.profile.id


# Names of common languages in themselves. They are on every screen (top bar, F2 key), and
# asking Babel for them would load its whole locale data (about 30 ms) before the first
# frame; any other language is named by Babel, once.
AUTONYMS = {
    "en": "English",
    "vi": "Tiếng Việt",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "pt": "Português",
    "ru": "Русский",
    "zh": "中文",
    "ja": "日本語",
    "ko": "한국어",
    "th": "ไทย",
    "km": "ខ្មែរ",
    "lo": "ລາວ",
    "id": "Indonesia",
    "ms": "Melayu",
}


@functools.cache
def language_name(locale: str) -> str:
    """A locale's name in its own language: `vi` -> `Tiếng Việt`."""
    if locale in AUTONYMS:
        return AUTONYMS[locale]
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(locale).get_display_name(locale) or locale
    except (ValueError, TypeError, UnknownLocaleError):  # a progress file may say anything
        return one_line(locale, 20)
    return name[:1].upper() + name[1:]
