"""Reading a file to import: a regular file, within the size a course file may have, or a clear refusal."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from course.content.yamlfile import MAX_FILE_BYTES
from course.exchange.neutral import ExchangeError
from course.i18n import _


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def read_regular_file(path: Path) -> bytes:
    """The bytes of `path`, refused (ExchangeError) unless it is a regular file of at most MAX_FILE_BYTES.

    Opened without blocking and checked on the open file, so a pipe cannot hang the import and
    a device (`/dev/zero`) cannot fill the memory, even if the path is swapped in between.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ExchangeError(_("cannot read {path}: {reason}").format(path=path, reason=error.strerror)) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise ExchangeError(
                _("{path} is {kind}, not a file; give the file itself").format(path=path, kind=_kind(info.st_mode))
            )
        if info.st_size > MAX_FILE_BYTES:
            raise ExchangeError(
                _(
                    "{path} is {size} bytes; a file to import may be at most {limit} bytes (the limit of a course file). Split it."
                ).format(path=path, size=info.st_size, limit=MAX_FILE_BYTES)
            )
        chunks, total = [], 0
        while chunk := os.read(handle, 1 << 20):
            total += len(chunk)
            if total > MAX_FILE_BYTES:  # grew while being read
                raise ExchangeError(
                    _("{path} is over {limit} bytes; a file to import may be at most that. Split it.").format(
                        path=path, limit=MAX_FILE_BYTES
                    )
                )
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise ExchangeError(_("cannot read {path}: {reason}").format(path=path, reason=error.strerror)) from None
    finally:
        os.close(handle)
