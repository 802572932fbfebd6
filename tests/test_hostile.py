"""Hostile or broken content: refused with a position, in bounded time and memory; never a crash."""

from __future__ import annotations

import contextlib
import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content import load_course
from course.content.yamlfile import MAX_DEPTH, MAX_FILE_BYTES, MAX_SCALAR_CHARS, YamlError, parse_yaml

BILLION_LAUGHS = b"""
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

HOSTILE = {
    "alias bomb": (BILLION_LAUGHS, "anchors and aliases", 3),
    "deep flow nesting": (b"a: " + b"[" * 500_000 + b"]" * 500_000, "nesting is deeper than", 1),
    "deep block nesting": (b"".join(b" " * i + b"k:\n" for i in range(0, 4000, 2)), "nesting is deeper than", 65),
    "compact sequences": (b"- " * 400_000 + b"x", "nesting is deeper than", 1),
    "nesting just over the limit": (
        b"a: " + b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1),
        "nesting is deeper than",
        1,
    ),
    "enormous string": (b'a: "' + b"x" * (MAX_SCALAR_CHARS + 1) + b'"\n', "limited to", 1),
    "NUL byte": (b"a: 1\nb: \x00\n", "NUL byte", 2),
    "not UTF-8": (b"a: 1\nb: caf\xe9\n", "not valid UTF-8", 2),
    "arbitrary object": (b"a: !!python/object/apply:os.system [echo pwned]\n", "is not allowed", 1),
    "duplicate keys": (b"a: 1\nb: 2\na: 3\n", "duplicate key 'a'", 3),
    "merge key": (b"base: {x: 1}\nother:\n  <<: {x: 2}\n", "merge keys", 3),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_document_is_refused_quickly_and_cheaply(name: str) -> None:
    raw, words, line = HOSTILE[name]
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(YamlError) as info:
        parse_yaml(raw, Path("hostile.yaml"))
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert words in info.value.message
    assert info.value.line == line
    assert elapsed < 5.0, f"{name} took {elapsed:.1f} s"
    assert peak < 200 * 1024 * 1024, f"{name} used {peak / 2**20:.0f} MiB"


@pytest.mark.parametrize("name", sorted(n for n in HOSTILE if "nest" in n or "compact" in n))
def test_nesting_is_refused_in_our_words_whatever_the_parser_says(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A libyaml that refuses deep nesting itself (PyYAML 6.0.4 does, at some depth) must not
    change what the instructor reads: the parser is made to refuse at once, in other words."""
    import yaml

    def refuse(*_args: object, **_kwargs: object) -> None:
        mark = yaml.Mark("hostile.yaml", 0, 0, 0, None, 0)
        raise yaml.scanner.ScannerError("while scanning something", mark, "the library's own words", mark)

    monkeypatch.setattr(yaml, "parse", refuse)
    raw, words, line = HOSTILE[name]
    with pytest.raises(YamlError) as info:
        parse_yaml(raw, Path("hostile.yaml"))
    assert words in info.value.message and info.value.line == line


def test_deep_nesting_over_several_lines_is_placed_where_it_crosses_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    def refuse(*_args: object, **_kwargs: object) -> None:
        mark = yaml.Mark("hostile.yaml", 0, 0, 0, None, 0)
        raise yaml.scanner.ScannerError(None, None, "too deep", mark)

    monkeypatch.setattr(yaml, "parse", refuse)
    raw = ("a:\n" + "  [\n" * 40 + "  [" * 1000 + "\n").encode()
    with pytest.raises(YamlError) as info:
        parse_yaml(raw, Path("hostile.yaml"))
    assert "nesting is deeper than" in info.value.message
    assert (info.value.line, info.value.column) == (
        42,
        3 * (MAX_DEPTH - 40),
    )  # `a:` is level 1, so the 64th bracket is level 65


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(course_copy: Path) -> None:
    big = course_copy / "quizzes" / "huge.yaml"
    with big.open("wb") as handle:
        handle.seek(MAX_FILE_BYTES + 1)
        handle.write(b"\n")
    result = load_course(course_copy)
    [problem] = [p for p in result.problems if p.path.name == "huge.yaml"]
    assert problem.line == 1 and "limited to" in problem.message


def test_control_characters_in_content_are_refused(course_copy: Path) -> None:
    lesson = course_copy / "lessons" / "first-lesson.yaml"
    # YAML's own "\e" escape: a raw ESC would already be refused by the YAML reader.
    text = lesson.read_text("utf-8").replace(
        "summary: {en: The first lesson.,", 'summary: {en: "The first \\e[2J lesson.",'
    )
    lesson.write_text(text, "utf-8")
    result = load_course(course_copy)
    [problem] = result.problems
    assert problem.field == "summary" and "U+001B" in problem.message


# -- property-based: anything at all goes in, only our own problems come out -------------------

yaml_scalars = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
)
documents = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)


@given(st.binary(max_size=2000))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_bytes_only_ever_raise_yaml_error(raw: bytes) -> None:
    try:
        parse_yaml(raw, Path("fuzz.yaml"))
    except YamlError as error:
        assert error.line >= 1 and error.column >= 1


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_only_ever_raises_yaml_error(text: str) -> None:
    with contextlib.suppress(YamlError):
        parse_yaml(text.encode("utf-8"), Path("fuzz.yaml"))


@given(documents)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_generated_quiz_files_give_problems_not_exceptions(course_copy: Path, document: object) -> None:
    import yaml

    (course_copy / "quizzes" / "generated.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), "utf-8")
    result = load_course(course_copy)  # must not raise, whatever the document
    for problem in result.problems:
        assert problem.line >= 1 and problem.message
