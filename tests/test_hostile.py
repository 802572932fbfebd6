"""Hostile or broken content: refused with a position, in bounded time and memory; never a crash."""

from __future__ import annotations

import contextlib
import shutil
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


# -- loader edges: links out of the course, raw control bytes, UTF-16, directories that are not ----


def test_a_link_out_of_the_course_is_refused_and_never_read(course_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "private.yaml"
    outside.write_text("secret: the prosecutor's notes\n", "utf-8")
    (course_copy / "quizzes" / "notes.yaml").symlink_to(outside)
    result = load_course(course_copy)
    [problem] = result.problems
    assert problem.path.name == "notes.yaml" and problem.code == "outside_link"
    assert "notes.yaml is a link to" in problem.message and str(outside) in problem.message
    assert "secret" not in problem.format() and "prosecutor" not in problem.format()


def test_a_linked_file_that_was_referred_to_gives_one_problem(course_copy: Path, tmp_path: Path) -> None:
    quiz = course_copy / "quizzes" / "first-quiz.yaml"
    quiz.rename(tmp_path / "first-quiz.yaml")
    quiz.symlink_to(tmp_path / "first-quiz.yaml")
    [problem] = load_course(course_copy).problems  # not also "there is no quiz with id 'first-quiz'"
    assert problem.code == "outside_link"


def test_a_linked_directory_out_of_the_course_gives_one_problem(course_copy: Path, tmp_path: Path) -> None:
    (course_copy / "quizzes").rename(tmp_path / "elsewhere")
    (course_copy / "quizzes").symlink_to(tmp_path / "elsewhere")
    [problem] = load_course(course_copy).problems
    assert problem.path.name == "quizzes" and "quizzes is a link to" in problem.message


def test_links_inside_the_course_are_followed(course_copy: Path) -> None:
    shared = course_copy / "shared"
    shared.mkdir()
    quiz = course_copy / "quizzes" / "first-quiz.yaml"
    quiz.rename(shared / "first-quiz.yaml")
    quiz.symlink_to(Path("..") / "shared" / "first-quiz.yaml")
    result = load_course(course_copy)
    assert result.ok, [p.format() for p in result.problems]
    assert result.course is not None and "first-quiz" in result.course.quizzes


@pytest.mark.parametrize(("raw", "code"), [(b"\x1b[2J", "001B"), ("\u009b".encode(), "009B"), (b"\x7f", "007F")])
def test_a_raw_control_byte_is_reported_at_its_line_and_column(course_copy: Path, raw: bytes, code: str) -> None:
    lesson = course_copy / "lessons" / "first-lesson.yaml"
    text = lesson.read_bytes()
    marker = b"summary: {en: The first lesson.,"
    line = text[: text.index(marker)].count(b"\n") + 1
    lesson.write_bytes(text.replace(marker, "summary: {en: Thứ nhất ".encode() + raw + b" lesson.,"))
    [problem] = load_course(course_copy).problems
    assert (problem.line, problem.column) == (line, len("summary: {en: Thứ nhất ") + 1)
    assert f"U+{code}" in problem.message and "position" not in problem.message


@pytest.mark.parametrize(
    ("encoding", "iconv"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16LE"), ("utf-16-be", "UTF-16BE"), ("utf-32", "UTF-32")],
)
def test_a_utf16_file_is_named_as_such_with_the_way_to_convert_it(course_copy: Path, encoding: str, iconv: str) -> None:
    lesson = course_copy / "lessons" / "first-lesson.yaml"
    lesson.write_bytes(lesson.read_text("utf-8").encode(encoding))
    [problem] = load_course(course_copy).problems  # and no "there is no lesson with id" after it
    assert f"is {iconv[:6]} text" in problem.message and "NUL" not in problem.message
    assert f"iconv -f {iconv} -t UTF-8 first-lesson.yaml" in problem.message


def test_a_stray_nul_in_utf8_is_not_taken_for_utf16() -> None:
    with pytest.raises(YamlError) as info:
        parse_yaml(b"a\x00b: 1\nc: 2\n", Path("stray.yaml"))
    assert "NUL byte" in info.value.message


@pytest.mark.parametrize("directory", ["quizzes", "lessons/glossary", "lessons"])
def test_a_directory_that_is_a_file_is_said_once(course_copy: Path, directory: str) -> None:
    path = course_copy / directory
    shutil.rmtree(path)
    path.write_text("not a directory\n", "utf-8")
    [problem] = load_course(course_copy).problems  # not one "there is no quiz with id" per reference
    assert problem.path == path.resolve() and problem.code == "not_a_directory"
    assert f"{directory} is a file" in problem.message


def test_a_directory_that_cannot_be_read_is_said_once(course_copy: Path) -> None:
    quizzes = course_copy / "quizzes"
    shutil.rmtree(quizzes)
    quizzes.symlink_to("quizzes")  # a loop: reading it fails as an unreadable directory does
    [problem] = load_course(course_copy).problems
    assert problem.code == "unreadable_directory" and "cannot read the directory quizzes" in problem.message
