"""Choosing the interface language: command-line flag, then the environment, then a default."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

# POSIX order of precedence for the messages category; LANGUAGE is GNU-only and
# deliberately not consulted, so behaviour matches what `locale` reports.
ENV_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def normalize_tag(value: str) -> str | None:
    """`vi_VN.UTF-8@euro` -> `vi_VN`, `en-us` -> `en_US`; `C`, `POSIX` and blanks -> None."""
    value = value.strip()
    if not value:
        return None
    value = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if value.upper() in {"C", "POSIX"} or not value:
        return None
    language, _, territory = value.partition("_")
    if not language.isalpha():
        return None
    tag = language.lower()
    if territory:
        tag += "_" + territory.upper()
    return tag


def match_locale(value: str, available: Iterable[str]) -> str | None:
    """The available locale that serves `value`: exact tag first, then its language alone."""
    tag = normalize_tag(value)
    if tag is None:
        return None
    by_lower = {a.lower(): a for a in available}
    if tag.lower() in by_lower:
        return by_lower[tag.lower()]
    language = tag.split("_", 1)[0]
    return by_lower.get(language)


def negotiate_locale(
    requested: str | None,
    environ: Mapping[str, str],
    available: Sequence[str],
    default: str,
) -> str:
    """Pick the interface locale.

    `requested` (the `--lang` flag) wins when it names an available locale; then the
    first of LC_ALL, LC_MESSAGES, LANG that names one; else `default` (the course's
    source locale). Values such as `C.UTF-8` say nothing about language and are skipped.
    """
    if requested:
        found = match_locale(requested, available)
        if found:
            return found
    for name in ENV_VARIABLES:
        found = match_locale(environ.get(name, ""), available)
        if found:
            return found
    return default
