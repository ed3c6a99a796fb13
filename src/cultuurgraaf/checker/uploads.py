"""An upload made safe to read: its name, its zip unpacked within bounds, its XML without entities.

An upload is one file, or a zip of several. Everything is written below one private folder
(``files/`` in the check's work folder) and nowhere else:

- a file name from the client is cut to its last part, without control characters
  (:func:`safe_name`); a zip member whose name would leave the folder (``../x``, ``/etc/x``,
  ``C:\\x``) or that is a symbolic link refuses the whole upload, naming the member;
- a zip holds at most :data:`MAX_MEMBERS` files and unpacks to at most ``max_unpacked_bytes``,
  counted while it is written, whatever its headers claim (a zip bomb stops at the limit);
- a compressed file (``.gz``, ``.bz2``, ``.xz``, a zip in the zip, a tar) is refused: the readers
  would unpack it without a bound, so the upload must hold the files themselves;
- every file that is XML (RDF/XML included) is refused when it declares an external entity or
  entities that would expand beyond the budget of :mod:`cultuurgraaf.store.xml_entities`.

>>> safe_name("C:\\\\Users\\\\an\\\\objecten.csv"), safe_name("../../etc/passwd"), safe_name("..")
('objecten.csv', 'passwd', 'upload')
"""

from __future__ import annotations

import shutil
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import InputTooLarge, Location, SourceError
from ..store.xml_entities import check_entities, file_chunks

#: the most files a zip may hold
MAX_MEMBERS = 1_000
#: folders of a zip that hold no export: macOS's resource forks (skipped, and the report says so)
SKIPPED_FOLDERS = ("__MACOSX/",)
COMPRESSED = (".gz", ".tgz", ".bz2", ".xz", ".txz", ".lzma", ".zip", ".tar", ".7z", ".rar")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Unpacked:
    """The files of an upload, by the names the uploader gave them, and what was left aside."""

    files: tuple[Path, ...]
    skipped: tuple[str, ...] = ()


def safe_name(name: str) -> str:
    """A client's file name as a name for a file in one folder: its last part, without control characters."""
    last = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in last if unicodedata.category(c)[0] != "C").strip()[:200]
    return cleaned if cleaned not in ("", ".", "..") else "upload"


def name_in(path: Path, root: Path) -> str:
    """A file as the uploader named it: its path below the upload's folder (``root``)."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).name


def unpack(upload: Path, into: Path, *, max_unpacked_bytes: int, max_members: int = MAX_MEMBERS) -> Unpacked:
    """The files of ``upload`` in ``into`` (a new folder): the upload itself, or the members of a zip."""
    into.mkdir(mode=0o700)
    if upload.stat().st_size == 0:
        raise SourceError("the upload is empty (0 bytes)", location=Location(upload.name),
                          hint="choose the export file itself")
    if zipfile.is_zipfile(upload):
        unpacked = _unzip(upload, into, max_unpacked_bytes=max_unpacked_bytes, max_members=max_members)
    else:
        _refuse_compressed(upload.name, upload.name)
        target = into / upload.name
        shutil.move(upload, target)
        unpacked = Unpacked((target,))
    for path in unpacked.files:
        if _is_xml(path):
            check_entities(file_chunks(lambda path=path: open(path, "rb")), where=str(path.relative_to(into)))
    return unpacked


def _unzip(upload: Path, into: Path, *, max_unpacked_bytes: int, max_members: int) -> Unpacked:
    where = Location(upload.name)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"the zip cannot be read: {exc}", location=where) from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        skipped = tuple(m.filename for m in members if m.filename.startswith(SKIPPED_FOLDERS))
        members = [m for m in members if not m.filename.startswith(SKIPPED_FOLDERS)]
        if not members:
            raise SourceError("the zip holds no files", location=where)
        if len(members) > max_members:
            raise InputTooLarge(f"the zip holds {len(members):,} files; the checker reads at most {max_members:,}",
                                location=where, hint="check the export in parts")
        targets = [_target(member, upload.name, into) for member in members]
        written = 0
        for member, target in zip(members, targets):
            try:
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                with archive.open(member) as source, open(target, "xb") as out:
                    while chunk := source.read(_CHUNK):
                        written += len(chunk)
                        if written > max_unpacked_bytes:
                            raise InputTooLarge(
                                f"the zip unpacks to more than {max_unpacked_bytes / 1_000_000:g} MB (at {member.filename})",
                                location=where, hint="check the export in parts, or zip fewer files at once")
                        out.write(chunk)
            except FileExistsError:
                raise SourceError(f"the zip holds '{member.filename}' twice, or a file and a folder of that name",
                                  location=where) from None
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
                raise SourceError(f"the zip member '{member.filename}' cannot be unpacked: {exc}",
                                  location=where) from None
    return Unpacked(tuple(targets), skipped)


def _target(member: zipfile.ZipInfo, archive: str, into: Path) -> Path:
    """Where a member goes: below ``into``, or the upload is refused."""
    name = member.filename
    where = Location(archive, record=f"member '{name}'")
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if not parts or name.startswith(("/", "\\")) or ":" in parts[0] or ".." in parts or "\0" in name:
        raise SourceError("a member of the zip would be written outside the folder it is unpacked in "
                          f"('{name}'); the upload is refused", location=where,
                          hint="zip the export's files with names relative to one folder")
    if stat.S_ISLNK(member.external_attr >> 16):
        raise SourceError(f"the zip member '{name}' is a symbolic link; the upload is refused", location=where,
                          hint="zip the files themselves")
    _refuse_compressed(name, archive)
    target = into.joinpath(*parts)
    if into.resolve() not in target.resolve().parents:
        raise SourceError(f"a member of the zip would be written outside its folder ('{name}')", location=where)
    return target


def _refuse_compressed(name: str, where: str) -> None:
    if name.lower().endswith(COMPRESSED):
        raise SourceError(f"'{name}' is compressed; the checker reads the files themselves, or one zip of them",
                          location=Location(where), hint="unpack it first, and upload the file or a zip of the files")


def _is_xml(path: Path) -> bool:
    """Whether the file starts as XML does (after a byte-order mark and blanks)."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")
