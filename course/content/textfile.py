"""Bytes to text for course files: UTF-8 only, and what else a file holds named at its `line:col`.

A UTF-16 or UTF-32 file (Windows editors save them) is named as such with the way to convert
it; a NUL byte, invalid UTF-8 or a control character the YAML reader refuses is placed
where it is, so the instructor can find it.
"""

from __future__ import annotations

import yaml

from course.i18n import _


class YamlError(Exception):
    """A file that cannot be read as course YAML, with the 1-based position of the cause."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


# Byte order marks, longest first (a UTF-32LE mark begins like a UTF-16LE one).
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32LE"),
    (b"\x00\x00\xfe\xff", "UTF-32BE"),
    (b"\xff\xfe", "UTF-16LE"),
    (b"\xfe\xff", "UTF-16BE"),
)


def wide_encoding(raw: bytes) -> tuple[str, str] | None:
    """(`UTF-16`, `UTF-16LE`)-style family and exact name when `raw` is UTF-16 or UTF-32 text.

    By its byte order mark; else as the YAML specification (§5.2) detects it (a YAML file
    begins with an ASCII character, so its zero bytes show the encoding), when the zero bytes
    of the first few hundred bytes keep that pattern: a UTF-8 file with a stray NUL is not
    taken for UTF-16.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name[:6], name[:6]  # iconv reads the mark itself
    sample = raw[:512]
    if len(sample) < 2:
        return None

    def zeros(start: int, step: int) -> float:
        part = sample[start::step]
        return part.count(0) / len(part) if part else 0.0

    head = sample[:4]
    if len(head) == 4 and head[3] and head[:3] == b"\x00\x00\x00" and min(zeros(i, 4) for i in (0, 1, 2)) > 0.9:
        return "UTF-32", "UTF-32BE"
    if len(head) == 4 and head[0] and head[1:] == b"\x00\x00\x00" and min(zeros(i, 4) for i in (1, 2, 3)) > 0.9:
        return "UTF-32", "UTF-32LE"
    if head[0] == 0 and head[1] and zeros(0, 2) > 0.25:
        return "UTF-16", "UTF-16BE"
    if head[0] and head[1] == 0 and zeros(1, 2) > 0.25:
        return "UTF-16", "UTF-16LE"
    return None


def decode(raw: bytes, name: str) -> str:
    wide = wide_encoding(raw)
    if wide is not None:
        family, exact = wide
        raise YamlError(
            _(
                "file is {encoding} text; course files are UTF-8: save it as UTF-8 in your editor, or convert "
                "it with `iconv -f {exact} -t UTF-8 {name} > converted.yaml` and put converted.yaml in its place"
            ).format(encoding=family, exact=exact, name=name)
        )
    if b"\x00" in raw:
        line, column = _byte_position(raw, raw.index(b"\x00"))
        raise YamlError(_("file contains a NUL byte; save it as UTF-8 text"), line, column)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        raise YamlError(
            _("file is not valid UTF-8 (byte 0x{byte:02x}); save it with UTF-8 encoding").format(byte=raw[error.start]),
            line,
            column,
        ) from None
    return text


def unacceptable(error: yaml.reader.ReaderError, text: str) -> YamlError:
    """The YAML reader refuses a character (ESC, C1, ...): say which, at its `line:col`.

    The reader gives an offset whose unit depends on the parser (bytes in libyaml), so the
    character is looked up instead: the first one of it in the text is the one it stopped at.
    """
    character = chr(error.character) if isinstance(error.character, int) else str(error.character)
    index = text.find(character)
    line, column = (1, 1) if index < 0 else _text_position(text, index)
    code = f"{ord(character):04X}"
    if ord(character) < 0xA0:
        message = _(
            "the file contains the control character U+{code}, which course files may not hold; "
            "remove it (control characters can rewrite a terminal's screen)"
        ).format(code=code)
    else:  # a surrogate or a non-character (U+FFFE, U+FFFF)
        message = _("the file contains the character U+{code}, which YAML files may not hold; remove it").format(
            code=code
        )
    return YamlError(message, line, column)


def _text_position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column
