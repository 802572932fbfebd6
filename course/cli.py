"""The `cybercourse` command: one entry point; subcommands call the layers below."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from course import __version__
from course.i18n import _, locales_dir, match_locale, negotiate_locale, set_locale, set_locales_dir
from course.i18n.catalogs import catalog_locales
from course.printable import PrintableStream


def _peek(argv: Sequence[str], flag: str) -> str | None:
    """The value of `flag` in argv, read before the parser exists (its help is translated)."""
    for i, arg in enumerate(argv):
        if arg == flag and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(flag + "="):
            return arg.split("=", 1)[1]
    return None


def _course_locales(argv: Sequence[str]) -> tuple[list[str], str]:
    """The locales the course ships and its source locale, read cheaply.

    From the content cache's outline when there is one (no YAML, no pydantic), else from
    course.yaml itself.
    """
    from course.content.cache import content_key, read_outline
    from course.content.location import find_content_dir, manifest_locales

    content = _peek(argv, "--content")
    root = find_content_dir(Path(content) if content else None)
    try:
        outline = read_outline(content_key(root))
    except OSError:
        outline = None
    if outline is not None:
        return list(outline.locales), outline.source_locale
    return manifest_locales(root)


def choose_locale(argv: Sequence[str], environ: dict[str, str] | os._Environ[str]) -> tuple[str, str | None]:
    """The interface locale, and an error message when `--lang` names one we do not have."""
    course_locales, source = _course_locales(argv)
    available = sorted(set(course_locales) | set(catalog_locales(locales_dir())) | {"en"})
    # For export and import, --lang names the language of the question file, not of the messages.
    requested = None if _command(argv) in CONTENT_LANGUAGE_COMMANDS else _peek(argv, "--lang")
    error = None
    if requested and match_locale(requested, available) is None:
        error = requested
    locale = negotiate_locale(requested, environ, available, source if source in available else "en")
    return locale, error


VALUED_OPTIONS = ("--content", "--lang", "--data-dir", "--store")
CONTENT_LANGUAGE_COMMANDS = ("export", "import")


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand named in argv, if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in VALUED_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _wants_a_command(argv: Sequence[str]) -> bool:
    """Whether argv names a subcommand or asks for help (the full parser is needed then)."""
    return _command(argv) is not None or any(arg in ("-h", "--help", "--version") for arg in argv)


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=_(
            "course directory holding lessons/ and quizzes/ (default: the current directory "
            "if it holds a course, else the course shipped with the program)"
        ),
    )
    common.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=_("where learners' progress is kept (default: $CYBERCOURSE_DATA_DIR, else the user data directory)"),
    )
    common.add_argument(
        "--store",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=_(
            "where progress is kept: a class server (postgresql://USER@HOST/DATABASE or service=NAME; the "
            "password comes from ~/.pgpass or PGPASSWORD) or a progress file (default: $CYBERCOURSE_STORE, "
            "else the progress file in the data directory)"
        ),
    )
    common.add_argument(
        "--lang",
        metavar="LOCALE",
        default=argparse.SUPPRESS,
        help=_("interface language, e.g. vi or en (default: from LC_ALL, LC_MESSAGES, LANG)"),
    )
    return common


# The module of each subcommand, in the order `--help` lists them. A command imports only
# its own module: the others pull in what it does not need (pydantic, Babel, the Moodle
# readers), which cost a short command such as `validate` about 0.1 s at every run.
COMMAND_MODULES = {
    "validate": "validate",
    "schema": "schema",
    "stats": "stats",
    "new": "authoring",
    "preview": "authoring",
    "report": "classroom",
    "analysis": "classroom",
    "class": "class_mode",
    "export": "exchange",
    "import": "exchange",
    "progress": "progress",
    "review": "review",
    "i18n": "i18n",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser, with every subcommand, or only `command`'s when it is a known one."""
    import importlib

    wanted = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else list(dict.fromkeys(COMMAND_MODULES.values()))
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="cybercourse",
        parents=[common],
        description=_(
            "A bilingual course on the international cybercrime treaties: the Budapest "
            "Convention and the UN Convention against Cybercrime (Hanoi Convention)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"cybercourse {__version__}")
    subparsers = parser.add_subparsers(title=_("commands"), metavar="COMMAND")
    for name in wanted:
        importlib.import_module(f"course.commands.{name}").add_parser(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Every command writes through streams that show control characters instead of sending
    # them: names and answers in a progress file, or quoted from a content or Moodle file,
    # must never drive the terminal (course/printable.py).
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(stdout), PrintableStream(stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if os.environ.get("CYBERCOURSE_LOCALES_DIR"):
        # A translator can preview catalogs kept outside the installed package.
        set_locales_dir(Path(os.environ["CYBERCOURSE_LOCALES_DIR"]))
    locale, unknown = choose_locale(args_list, os.environ)
    set_locale(locale)
    if unknown is not None:
        print(
            _("cybercourse: language '{lang}' is not available; choose one of: {choices}").format(
                lang=unknown, choices=", ".join(sorted(set(catalog_locales(locales_dir())) | {"en"}))
            ),
            file=sys.stderr,
        )
        return 2
    if _wants_a_command(args_list):
        args = build_parser(_command(args_list)).parse_args(args_list)
    else:
        # Starting the course: the instructors' commands need not even be imported.
        args = argparse.ArgumentParser(prog="cybercourse", parents=[common_options()]).parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        from course.commands.start import run as start_course

        handler = start_course
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `cybercourse schema | head`
        return 0
