"""`cybercourse schema`: JSON Schema of each content file, for completion in an editor."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from course.content import find_content_dir
from course.content.location import is_course_dir, manifest_locales
from course.content.models import Glossary, Lesson, Manifest, SourceList
from course.content.quizzes import Quiz
from course.content.schema import json_schema
from course.i18n import _

KINDS: dict[str, type[BaseModel]] = {
    "course": Manifest,
    "lesson": Lesson,
    "quiz": Quiz,
    "glossary": Glossary,
    "sources": SourceList,
}
WHERE = {
    "course": "lessons/course.yaml",
    "lesson": "lessons/*.yaml",
    "quiz": "quizzes/*.yaml",
    "glossary": "lessons/glossary/*.yaml",
    "sources": "lessons/sources.yaml",
}


def schema_for(kind: str, locales: list[str] | None = None) -> dict[str, Any]:
    """The schema of one kind of file, for a course shipping `locales` (the shipped course's by default)."""
    return json_schema(KINDS[kind], locales or ["vi", "en"])


def add_parser(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "schema",
        parents=[common],
        help=_("print the JSON Schema of the content files"),
        description=_(
            "Print the JSON Schema of one kind of content file, or write all of them to a "
            "directory. Point your editor's YAML support at them for completion and checks."
        ),
    )
    parser.add_argument("kind", nargs="?", choices=sorted(KINDS), help=_("which file kind"))
    parser.add_argument(
        "--output-dir", type=Path, metavar="DIR", help=_("write <kind>.schema.json for every kind into DIR")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = find_content_dir(getattr(args, "content", None))
    locales = manifest_locales(root)[0] if is_course_dir(root) else []
    if args.output_dir is not None:
        try:
            args.output_dir.mkdir(parents=True, exist_ok=True)
            for kind in KINDS:
                target = args.output_dir / f"{kind}.schema.json"
                target.write_text(json.dumps(schema_for(kind, locales), ensure_ascii=False, indent=2) + "\n", "utf-8")
        except OSError as error:
            print(
                _("cannot write to {path}: {reason}").format(path=args.output_dir, reason=error.strerror),
                file=sys.stderr,
            )
            return 1
        print(
            _(
                "Wrote {count} schemas to {path}. To use one in VS Code or any editor with the YAML language server, start a file with:"
            ).format(count=len(KINDS), path=args.output_dir)
        )
        for kind in KINDS:
            print(f"  {WHERE[kind]:26} # yaml-language-server: $schema={args.output_dir / (kind + '.schema.json')}")
        return 0
    if args.kind is None:
        payload: dict[str, Any] = {kind: schema_for(kind, locales) for kind in KINDS}
    else:
        payload = schema_for(args.kind, locales)
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0
