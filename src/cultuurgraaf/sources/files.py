"""Files the user names: inputs refused, with the reason, when they are not regular files;
outputs refused when their folder is not there; compressed inputs whose damage is an error.

A folder, a symbolic link that loops or leads nowhere, a named pipe (reading one waits for a
writer, forever if there is none), a socket or a device is not an extract, an RDF file or a
query: they are refused before anything opens them.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> check_input_file(folder)
Traceback (most recent call last):
...
cultuurgraaf.errors.SourceError: /...: the input is a folder, not a file
>>> (folder / "a").symlink_to(folder / "b"); (folder / "b").symlink_to(folder / "a")
>>> check_input_file(folder / "a")
Traceback (most recent call last):
...
cultuurgraaf.errors.SourceError: /.../a: the input is a symbolic link that leads back to itself
>>> check_output_file(folder / "missing" / "out.nq")
Traceback (most recent call last):
...
cultuurgraaf.errors.ArgumentError: /.../missing/out.nq: cannot write the output: the folder /.../missing does not exist
  hint: create the folder first, or name a file in a folder that exists
"""

from __future__ import annotations

import errno
import io
import lzma
import os
import stat
import zlib
from pathlib import Path
from typing import IO

from ..errors import ArgumentError, CultuurgraafError, Location, SourceError

_KINDS = ((stat.S_ISDIR, "a folder, not a file"), (stat.S_ISFIFO, "a named pipe, not a regular file"),
          (stat.S_ISSOCK, "a socket, not a regular file"), (stat.S_ISCHR, "a device, not a regular file"),
          (stat.S_ISBLK, "a device, not a regular file"))


def check_input_file(path: Path, *, what: str = "the input", error: type[CultuurgraafError] = SourceError,
                     hint: str | None = None) -> Path:
    """``path`` when it is a regular file that can be opened; otherwise ``error`` saying what it is."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise error(f"{what} {_why_not(path, exc)}", location=Location(str(path)), hint=hint) from None
    for test, kind in _KINDS:
        if test(mode):
            raise error(f"{what} is {kind}", location=Location(str(path)), hint=hint)
    if not os.access(path, os.R_OK):
        raise error(f"{what} cannot be read: permission denied", location=Location(str(path)), hint=hint)
    return path


def _why_not(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a symbolic link that leads back to itself"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"is a symbolic link to {os.readlink(path)}, which does not exist"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "does not exist"
    if exc.errno == errno.EACCES:
        return "cannot be read: permission denied"
    return f"cannot be read: {exc.strerror or exc}"


def check_output_file(path: Path) -> Path:
    """``path`` when a file can be written there: its folder exists and it is not itself a folder."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise ArgumentError("cannot write the output there: it is a folder", location=Location(str(path)),
                            hint="name a file in that folder")
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise ArgumentError(f"cannot write the output: the folder {folder} {what}", location=Location(str(path)),
                            hint="create the folder first, or name a file in a folder that exists")
    return path


#: What decompressors raise on damaged data: gzip and bz2 an OSError (gzip.BadGzipFile), zlib and
#: lzma their own, all of them EOFError when the data stops before its end.
DAMAGED = (OSError, EOFError, zlib.error, lzma.LZMAError)


class _Checked(io.RawIOBase):
    """A decompressing stream whose errors on damaged data name the file."""

    def __init__(self, inner: IO[bytes], path: Path, kind: str, error: type[CultuurgraafError]):
        self._inner, self._path, self._kind, self._error = inner, path, kind, error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        try:
            return self._inner.readinto(buffer)
        except DAMAGED as exc:
            raise damaged(self._path, self._kind, exc, self._error) from None

    def close(self) -> None:
        self._inner.close()
        super().close()


def checked(inner: IO[bytes], path: Path, kind: str, *, error: type[CultuurgraafError] = SourceError) -> IO[bytes]:
    """A decompressing stream (``kind``: gzip, bzip2, xz, zip, tar) that raises ``error`` naming
    ``path`` when the data is damaged or cut short, rather than the decompressor's own exception."""
    return io.BufferedReader(_Checked(inner, path, kind, error), 1 << 16)


def damaged(path: Path, kind: str, exc: BaseException, error: type[CultuurgraafError] = SourceError) -> CultuurgraafError:
    reason = "it ends before its compressed data does (cut short?)" if isinstance(exc, EOFError) else str(exc)
    return error(f"the file is not valid {kind} data: {reason}", location=Location(str(path)),
                 hint="decompress it by hand to check it, or export it again")
