"""The one place that reads YAML: safe loading, precise positions, clear refusals.

Parsing uses libyaml (`CSafeLoader`) to build the node tree; objects are then built
from the nodes here, which lets us refuse duplicate keys, tags and aliases with the
line and column of the offending text, and keep the node tree so that any later
problem (a pydantic error, a broken reference) can be pinned to `line:col`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from course.content.textfile import YamlError, decode, unacceptable
from course.i18n import _

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

# Limits that keep a hostile or broken file from exhausting memory or time, or from
# crashing the parser (libyaml composes nested collections recursively: a few hundred
# thousand nested brackets overflow the C stack). Documented in README.md.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_SCALAR_CHARS = 200_000
# Below these, nesting cannot be deep enough to endanger the parser, so the exact (slower)
# depth check is skipped; every real course file is far below them.
_SAFE_FLOW_DEPTH = 1_000
_SAFE_INDENT = 1_000
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INDENT = re.compile(rf"^[ ]{{{_SAFE_INDENT},}}", re.MULTILINE)
_COMPACT_RUN = re.compile(rf"(?:[-?][ \t]+){{{_SAFE_FLOW_DEPTH},}}")

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null": SafeConstructor.construct_yaml_null,
    "tag:yaml.org,2002:bool": SafeConstructor.construct_yaml_bool,
    "tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
    "tag:yaml.org,2002:float": SafeConstructor.construct_yaml_float,
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_constructor = SafeConstructor()


@dataclass
class YamlDocument:
    """A parsed file: its data, and its node tree for locating problems."""

    path: Path
    data: Any
    root: Node

    def locate(self, loc: Sequence[str | int], at_key: bool = False) -> tuple[int, int, str]:
        """Line, column (1-based) and readable field path of `loc` in this file.

        Walks as far down `loc` as the file goes: a missing field is reported at the
        mapping that should hold it. Elements that name a union member (pydantic puts the
        question `type` into error locations) are skipped. With `at_key`, the position is
        that of the last key rather than its value (for "unknown field" problems).
        """
        node = self.root
        key_mark = None
        shown: list[str | int] = []
        for part in loc:
            if isinstance(node, SequenceNode) and isinstance(part, int):
                if 0 <= part < len(node.value):
                    node = node.value[part]
                    shown.append(part)
                    continue
                shown.append(part)
                break
            if isinstance(node, MappingNode) and isinstance(part, str):
                pair = _mapping_pair(node, part)
                if pair is not None:
                    key_mark, node = pair[0].start_mark, pair[1]
                    shown.append(part)
                    continue
                type_node = _mapping_child(node, "type")
                if isinstance(type_node, ScalarNode) and type_node.value == part:
                    continue
                if part == "root":  # pydantic's name for a RootModel's value
                    continue
            shown.append(part)
            break
        mark = key_mark if at_key and key_mark is not None else node.start_mark
        return mark.line + 1, mark.column + 1, format_field_path(shown)


def format_field_path(parts: Sequence[str | int]) -> str:
    """`('questions', 2, 'answer')` -> `questions[2].answer`."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _mapping_pair(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _mapping_child(node: MappingNode, key: str) -> Node | None:
    pair = _mapping_pair(node, key)
    return pair[1] if pair else None


def read_yaml(path: Path) -> YamlDocument:
    """Read one course file; raises `YamlError` for anything that is not plain YAML data."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlError(
                _("file is {size} bytes; course files are limited to {limit} bytes, split it").format(
                    size=size, limit=MAX_FILE_BYTES
                )
            )
        raw = path.read_bytes()
    except OSError as error:
        raise YamlError(_("cannot read the file: {reason}").format(reason=error.strerror)) from None
    return parse_yaml(raw, path)


def parse_yaml(raw: bytes, path: Path) -> YamlDocument:
    text = decode(raw, path.name)
    if _may_nest_deeply(text):
        _check_depth(text)
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        raise _explain(error, text) from None
    except yaml.reader.ReaderError as error:
        raise unacceptable(error, text) from None
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        raise YamlError(str(error)) from None
    if root is None:
        raise YamlError(_("file is empty; it must hold a YAML mapping (see `cybercourse schema`)"))
    return YamlDocument(path, _Builder(text).build(root, 0), root)


def _may_nest_deeply(text: str) -> bool:
    """A cheap, conservative test: False means the nesting is certainly shallow."""
    depth = deepest = 0
    for bracket in _NOT_BRACKET.sub("", text):
        depth = depth + 1 if bracket in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest > _SAFE_FLOW_DEPTH or bool(_INDENT.search(text)) or bool(_COMPACT_RUN.search(text))


def _check_depth(text: str) -> None:
    """Walk the parser's events (no recursion) and refuse nesting deeper than MAX_DEPTH."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    raise YamlError(
                        _("nesting is deeper than {limit} levels").format(limit=MAX_DEPTH),
                        event.start_mark.line + 1,
                        event.start_mark.column + 1,
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.reader.ReaderError as error:
        raise unacceptable(error, text) from None
    except yaml.MarkedYAMLError as error:
        # Some libyaml versions refuse deep nesting themselves, in their own words, before
        # the events reach our limit: say it in ours, at the place our limit is crossed.
        too_deep = _too_deep_at(text)
        if too_deep is not None:
            raise YamlError(_("nesting is deeper than {limit} levels").format(limit=MAX_DEPTH), *too_deep) from None
        raise _explain(error, text) from None


def _too_deep_at(text: str) -> tuple[int, int] | None:
    """Where nesting first goes past MAX_DEPTH, read from the text itself (no parser).

    Counts open brackets, and the indentation levels (with `- ` and `? ` prefixes) of block
    collections; quotes and comments are not parsed, which is enough to place a refusal.
    """
    indents: list[int] = []
    flow = 0  # brackets still open, across lines
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if not flow:  # indentation means structure only outside brackets
            while indents and indents[-1] >= indent:
                indents.pop()
            if stripped[0] not in "[{":  # a key or an item opens a level; a bracket counts below
                indents.append(indent)
            prefix = re.match(r"(?:[-?][ \t]+)*", stripped)
            compact = prefix.group(0).count("-") + prefix.group(0).count("?") if prefix else 0
            if len(indents) + compact > MAX_DEPTH:
                return number, indent + 1
        for column, char in enumerate(line, start=1):
            if char in "[{":
                flow += 1
                if len(indents) + flow > MAX_DEPTH:
                    return number, column
            elif char in "]}":
                flow = max(0, flow - 1)
    return None


def _explain(error: yaml.MarkedYAMLError, text: str) -> YamlError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or ""
    context = error.context or ""
    if "tab" in problem or ("cannot start any token" in problem and _char_at(text, line, column) == "\t"):
        return YamlError(_("a tab character is used for indentation; YAML indents with spaces"), line, column)
    if "quoted scalar" in context and "end of stream" in problem and error.context_mark:
        start = error.context_mark
        return YamlError(_("a quote opened here is never closed"), start.line + 1, start.column + 1)
    if "flow" in context and "did not find expected" in problem and error.context_mark:
        start = error.context_mark
        bracket = "{" if "mapping" in context else "["
        return YamlError(
            _("the '{bracket}' opened here is not closed, or a ',' is missing inside it").format(bracket=bracket),
            start.line + 1,
            start.column + 1,
        )
    if "single document" in context:
        return YamlError(_("file holds more than one YAML document (`---`); keep one per file"), line, column)
    return YamlError(
        _("YAML syntax error: {detail}; check indentation, quotes and colons here").format(
            detail=f"{context}: {problem}" if context else problem
        ),
        line,
        column,
    )


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


class _Builder:
    """Turns a node tree into plain Python data, refusing what course files never need."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._seen: set[int] = set()

    def build(self, node: Node, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise YamlError(_("nesting is deeper than {limit} levels").format(limit=MAX_DEPTH), *_pos(node))
        if id(node) in self._seen:
            raise YamlError(
                _("anchors and aliases (&name, *name) are not allowed in course files; write the value out"),
                *self._first_alias(node),
            )
        tag = node.tag
        if isinstance(node, ScalarNode):
            if len(node.value) > MAX_SCALAR_CHARS:
                raise YamlError(
                    _("a text of {size} characters; a single text is limited to {limit} characters").format(
                        size=len(node.value), limit=MAX_SCALAR_CHARS
                    ),
                    *_pos(node),
                )
            if tag in (_STR, _TIMESTAMP):  # dates stay text: no field holds a date
                return node.value
            construct = _SCALAR_TAGS.get(tag)
            if construct is None:
                raise _tag_error(node)
            return construct(_constructor, node)
        self._seen.add(id(node))
        if isinstance(node, SequenceNode):
            if tag != _SEQ:
                raise _tag_error(node)
            return [self.build(child, depth + 1) for child in node.value]
        if isinstance(node, MappingNode):
            if tag != _MAP:
                raise _tag_error(node)
            return self._mapping(node, depth)
        raise _tag_error(node)  # pragma: no cover

    def _first_alias(self, node: Node) -> tuple[int, int]:
        # libyaml hands back the anchored node for an alias; find the alias itself.
        for event in yaml.parse(self._text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
                return event.start_mark.line + 1, event.start_mark.column + 1
        return _pos(node)  # pragma: no cover

    def _mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(_("merge keys (<<) are not allowed in course files"), *_pos(key_node))
            if not isinstance(key_node, ScalarNode):
                raise YamlError(_("a mapping key must be plain text"), *_pos(key_node))
            key = self.build(key_node, depth + 1)
            if key in result:
                raise YamlError(
                    _("duplicate key '{key}': it already appears in this mapping at line {line}").format(
                        key=key, line=_first_line(node, key_node)
                    ),
                    *_pos(key_node),
                )
            result[key] = self.build(value_node, depth + 1)
        return result


def _first_line(node: MappingNode, duplicate: Node) -> int:
    for key_node, _value in node.value:
        if key_node is not duplicate and isinstance(key_node, ScalarNode) and key_node.value == duplicate.value:
            return int(key_node.start_mark.line) + 1
    return 0  # pragma: no cover


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _tag_error(node: Node) -> YamlError:
    return YamlError(
        _(
            "the tag '{tag}' is not allowed; course files hold only text, numbers, true/false, lists and mappings"
        ).format(tag=node.tag),
        *_pos(node),
    )
