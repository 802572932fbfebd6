"""`cybercourse class init|enrol|list|remove|watch|import-local`: a training room on PostgreSQL."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from course.i18n import N_, _, current_locale, format_datetime
from course.printable import one_line
from course.progress.errors import StoreError
from course.progress.selection import is_class_server, store_target

ACTIONS = {
    "init": N_("create or upgrade the class database: tables, roles, row-level security (run it again safely)"),
    "enrol": N_("give a learner a login: prints what to hand them (URL and a ~/.pgpass line)"),
    "list": N_("the class's learners, whether they can log in, and their answers"),
    "remove": N_("take a learner's login away (their results stay unless --erase)"),
    "watch": N_("the room live: each learner's lesson or question, answers, score, who is offline"),
    "import-local": N_("add local progress files to the class (a second import adds nothing twice)"),
}


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "class",
        parents=[common],
        help=_("class mode: a training room on one PostgreSQL server (--store URL)"),
        description=_(
            "Class mode keeps every trainee's progress on one PostgreSQL server. Give the server with --store "
            "postgresql://USER@HOST/DATABASE (or $CYBERCOURSE_STORE); the password comes from ~/.pgpass or "
            "PGPASSWORD, never from the command line."
        ),
    )
    actions = parser.add_subparsers(title=_("actions"), metavar="ACTION", dest="class_action", required=True)
    for name, helptext in ACTIONS.items():
        action = actions.add_parser(name, parents=[common], help=_(helptext))
        if name in ("enrol", "remove"):
            action.add_argument("name", metavar="NAME", help=_("the learner's name"))
        if name == "enrol":
            action.add_argument("--role", help=_("the login role to create (default: from the name)"))
            action.add_argument(
                "--host", help=_("the server's address as the trainees' computers reach it (default: as in --store)")
            )
            action.add_argument(
                "--service", metavar="NAME", help=_("print a service-file entry called NAME instead of a .pgpass line")
            )
        if name == "remove":
            action.add_argument("--erase", action="store_true", help=_("also erase the learner's progress"))
        if name == "import-local":
            action.add_argument(
                "files", nargs="+", type=Path, metavar="FILE", help=_("progress files or folders holding one")
            )
        action.set_defaults(handler=HANDLERS[name])


def _target(args: argparse.Namespace) -> str:
    target = store_target(getattr(args, "store", None))
    if not is_class_server(target):
        raise StoreError(
            _(
                "class commands need the class server: add --store postgresql://USER@HOST/DATABASE (or set "
                "CYBERCOURSE_STORE)."
            )
        )
    assert target is not None
    return target


def _run(args: argparse.Namespace, body: Callable[[Any, str], int], check: bool = True) -> int:
    """Connect as the instructor and run `body(conn, shown target)`, every failure as one sentence."""
    from course.progress.selection import require_driver

    try:
        target = _target(args)
        require_driver()
        import psycopg

        from course.progress.postgres.connection import check_class, connect, redact

        where = redact(target)
        conn = connect(target)
    except StoreError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        return 1
    try:
        if check:
            check_class(conn, target)
        return body(conn, where)
    except StoreError as error:
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        return 1
    except ValueError as error:  # a name that cannot be used
        print(_("cybercourse: {error}").format(error=error), file=sys.stderr)
        return 1
    except psycopg.errors.InsufficientPrivilege:
        print(
            _(
                "cybercourse: the role {user} may not do this on {target}. Class setup needs a superuser or the "
                "database's owner with CREATEROLE; other class commands need the class's instructor role."
            ).format(user=conn.info.user, target=where),
            file=sys.stderr,
        )
        return 1
    except psycopg.OperationalError as error:
        from course.progress.postgres.connection import connection_error

        print(_("cybercourse: {error}").format(error=connection_error(target, error)), file=sys.stderr)
        return 1
    finally:
        conn.close()


def run_init(args: argparse.Namespace) -> int:
    def body(conn: Any, where: str) -> int:
        from course.progress.postgres.roles import class_roles, init_class

        before, now = init_class(conn, where)
        roles = class_roles(conn)
        if before == now:
            print(_("The class at {where} is up to date (schema {n}).").format(where=where, n=now))
        elif before == 0:
            print(_("The class at {where} is ready (schema {n}).").format(where=where, n=now))
        else:
            print(_("The class at {where} was upgraded from schema {a} to {b}.").format(where=where, a=before, b=now))
        print(
            _(
                "Instructors: grant them the role {instructor} (GRANT {instructor} TO name). Learners: "
                "cybercourse class enrol NAME --store URL."
            ).format(instructor=roles.instructor)
        )
        return 0

    return _run(args, body, check=False)


def run_enrol(args: argparse.Namespace) -> int:
    def body(conn: Any, where: str) -> int:
        from course.progress.postgres.roles import enrol

        done = enrol(conn, args.name, current_locale(), args.role)
        host = args.host or conn.info.host
        port, database = conn.info.port, conn.info.dbname
        print(_("Enrolled {name} as the role {role}.").format(name=one_line(done.name), role=done.role))
        if not args.host and (host.startswith("/") or host in ("localhost", "127.0.0.1", "::1")):
            print(_("Note: trainees on other computers need the server's address: add --host ADDRESS."))
        print(_("Hand this to the trainee (the password is shown only now):"))
        if args.service:
            print(_("1. Add to ~/.pg_service.conf (then chmod 600 ~/.pg_service.conf):"))
            print(f"   [{args.service}]\n   host={host}\n   port={port}\n   dbname={database}\n   user={done.role}")
            print(f"   password={done.password}")
            print(_("2. Start the course with:"))
            print(f"   cybercourse --store service={args.service}")
        else:
            print(_("1. Add this line to ~/.pgpass (then chmod 600 ~/.pgpass):"))
            print(f"   {host}:{port}:{database}:{done.role}:{done.password}")
            print(_("2. Start the course with:"))
            print(f"   cybercourse --store postgresql://{done.role}@{host}:{port}/{database}")
        return 0

    return _run(args, body)


def run_list(args: argparse.Namespace) -> int:
    def body(conn: Any, where: str) -> int:
        from course.printable import one_line, pad
        from course.progress.postgres.roles import learners

        found = learners(conn)
        if not found:
            print(_("No learners in the class at {where} yet.").format(where=where))
            return 0
        for learner in found:
            seen = format_datetime(learner["seen_at"], "short") if learner["seen_at"] else _("never connected")
            login = _("can log in") if learner["can_log_in"] else _("no login")
            answers = _("{n} answers").format(n=learner["answers"])
            # Two lines a learner: the details fit an 80-column terminal in both languages.
            print(f"{pad(one_line(learner['name'], 40), 40)}  {one_line(learner['role'], 36)}")
            print(f"    {login}, {answers}, {seen}")
        return 0

    return _run(args, body)


def run_remove(args: argparse.Namespace) -> int:
    def body(conn: Any, where: str) -> int:
        from course.progress.postgres.roles import remove

        role = remove(conn, args.name, args.erase)
        if args.erase:
            print(
                _("{name} can no longer log in (role {role} removed); their progress was erased.").format(
                    name=one_line(" ".join(args.name.split())), role=role
                )
            )
        else:
            print(
                _("{name} can no longer log in (role {role} removed); their results stay in the class.").format(
                    name=one_line(" ".join(args.name.split())), role=role
                )
            )
        return 0

    return _run(args, body)


def run_import(args: argparse.Namespace) -> int:
    def body(conn: Any, where: str) -> int:
        from course.progress.postgres.importing import Imported, import_file

        counts = Imported()
        for given in args.files:
            path = given / "progress.sqlite3" if given.is_dir() else given
            if not path.is_file():
                raise StoreError(_("no progress file at {path}").format(path=path))
            import_file(conn, path, counts)
        print(
            _(
                "Imported {learners} learners from {files} files into {where}: {attempts} new attempts, {answers} "
                "new answers; {already} were already in the class."
            ).format(
                learners=counts.learners,
                files=len(args.files),
                where=where,
                attempts=counts.attempts,
                answers=counts.answers,
                already=counts.already,
            )
        )
        return 0

    return _run(args, body)


def run_watch(args: argparse.Namespace) -> int:
    from course.commands.start import outline_for_watch

    def body(conn: Any, where: str) -> int:
        from course.progress.postgres.connection import connect
        from course.tui.room import RoomApp

        target = _target(args)
        outline, locales = outline_for_watch(args)
        RoomApp(lambda: connect(target), where, outline, locales).run()
        return 0

    return _run(args, body)


HANDLERS = {
    "init": run_init,
    "enrol": run_enrol,
    "list": run_list,
    "remove": run_remove,
    "watch": run_watch,
    "import-local": run_import,
}
