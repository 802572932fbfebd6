"""Building blocks shared by every content file: strict models, ids, localized text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from course.i18n import N_, _
from course.printable import unsafe_pattern

# Ids are the keys of the learner's progress, so they must survive being typed into a
# shell, a URL and a file name: lower-case ASCII, digits, dot, dash and underscore.
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
LOCALE_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2})?$"
LocaleCode = Annotated[str, Field(pattern=LOCALE_PATTERN)]
_LOCALE_RE = re.compile(LOCALE_PATTERN)


# Newline and tab are ordinary text; YAML never holds surrogates (the reader refuses them), and
# the JSON Schema's pattern for text is built from this (course/content/schema.py).
UNSAFE_CHARACTERS = unsafe_pattern(keep="\n\t", surrogates=False)


def check_safe_text(value: str) -> str:
    """Refuse control characters in text a trainee will see.

    They could rewrite the trainee's terminal (escape sequences) or silently reorder what is
    shown (bidirectional controls): the characters `printable` would show as `^[` or
    `<U+202E>`. Newline and tab are ordinary text.
    """
    found = UNSAFE_CHARACTERS.search(value)
    if found is not None:
        index = found.start()
        raise PydanticCustomError(
            "control_character",
            _(
                "the text contains the control character U+{code} at position {position}; remove it "
                "(control characters can rewrite a terminal's screen)"
            ),
            {"code": f"{ord(value[index]):04X}", "position": index + 1},
        )
    return value


SafeText = Annotated[str, AfterValidator(check_safe_text)]


def _iso_date(value: Any) -> Any:
    # The YAML reader keeps dates as text (no other field holds one); `as_of` reads them here.
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "date",
                _("'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-15"),
                {"value": value[:40]},
            ) from None
    return value


AsOf = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    Field(
        description=N_(
            "The date a dated statement (a count, a status) was last checked, as YYYY-MM-DD. "
            'The trainee sees "as of" that month; `validate` warns once it is older than the course allows.'
        )
    ),
]


class StrictModel(BaseModel):
    """Unknown fields are errors (a typo must not vanish) and values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class LocalizedText(RootModel[dict[str, str]]):
    """The same text in several languages: a mapping from locale code to text.

    Every locale the course ships must be present and non-empty; other locales are
    optional, so a translator can add a language field by field.
    """

    # Schemas are built on first validation, not at import: a start-up served from the
    # content cache never validates, so it never pays for them.
    model_config = ConfigDict(defer_build=True)

    root: dict[str, str] = Field(
        description=N_("Locale code (`vi`, `en`, ...) -> text in that language."),
        json_schema_extra={"propertyNames": {"pattern": LOCALE_PATTERN}},
    )

    @model_validator(mode="before")
    @classmethod
    def _normalize(cls, value: Any) -> Any:
        # Vietnamese typed with different input methods arrives composed or decomposed;
        # storing NFC makes comparison and searching reliable.
        if isinstance(value, dict):
            return {k: unicodedata.normalize("NFC", v).strip() if isinstance(v, str) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _check_locales(self, info: ValidationInfo) -> LocalizedText:
        for text in self.root.values():
            check_safe_text(text)
        bad = [k for k in self.root if not _LOCALE_RE.match(k)]
        if bad:
            raise PydanticCustomError(
                "locale_code",
                _("'{code}' is not a locale code; use codes such as vi, en or pt_BR"),
                {"code": bad[0]},
            )
        required = (info.context or {}).get("locales", ())
        missing = [loc for loc in required if not self.root.get(loc)]
        if missing:
            raise PydanticCustomError(
                "missing_locale",
                _("text for {missing} is missing or empty; every text needs {required}"),
                {"missing": ", ".join(missing), "required": ", ".join(required)},
            )
        # An empty optional locale means "not translated yet": treat it as absent.
        empty = [k for k, v in self.root.items() if not v]
        if empty:
            return LocalizedText({k: v for k, v in self.root.items() if v})
        return self

    def get(self, locale: str, fallback: str) -> str:
        """The text in `locale`, else in `fallback` (the course's source locale)."""
        return self.root.get(locale) or self.root.get(fallback) or next(iter(self.root.values()), "")

    def has(self, locale: str) -> bool:
        return bool(self.root.get(locale))

    def locales(self) -> set[str]:
        return set(self.root)
