"""Reading a multipart form with one file, the file written straight into a folder the caller owns.

The framework's own form reader keeps a large file in the system's temporary folder; the export
checker must write an upload only into its private work folder. So the body is parsed here with
python-multipart's streaming parser, part by part: the one file part is written to
``folder/<its name, made safe>`` as it comes, the text fields (a few, short) are kept. A form
with another field, two files, no file, or a field longer than :data:`MAX_FIELD_BYTES` is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from ..checker.uploads import safe_name
from ..errors import BadParameter, BodyTooLarge, Location
from .errors import UnsupportedMedia

#: the longest text field
MAX_FIELD_BYTES = 1_000


@dataclass
class UploadForm:
    """The form as read: the file's name in the folder, and the text fields."""

    file: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


class _Parts:
    """The parser's callbacks: each part's headers, then its data to the file or to a field."""

    def __init__(self, folder: Path, *, file_field: str, text_fields: tuple[str, ...], max_file_bytes: int):
        self.folder = folder
        self.file_field, self.text_fields, self.max_file_bytes = file_field, text_fields, max_file_bytes
        self.form = UploadForm()
        self._header, self._value = b"", b""
        self._headers: dict[bytes, bytes] = {}
        self._name: str | None = None
        self._out: IO[bytes] | None = None
        self._text = bytearray()
        self._written = 0

    def callbacks(self) -> dict:
        return {"on_part_begin": self.begin, "on_header_field": self.header_field,
                "on_header_value": self.header_value, "on_header_end": self.header_end,
                "on_headers_finished": self.headers_finished, "on_part_data": self.data, "on_part_end": self.end}

    def begin(self) -> None:
        self._headers, self._name, self._text = {}, None, bytearray()

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._header += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def header_end(self) -> None:
        self._headers[self._header.lower()] = self._value
        self._header, self._value = b"", b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        known = (self.file_field, *self.text_fields)
        if name not in known:
            raise BadParameter(f"the form has a field '{name}' that the checker does not take (it takes: "
                               f"{', '.join(known)})", location=Location(record=name or None))
        self._name = name
        if name == self.file_field:
            if self.form.file is not None:
                raise BadParameter("the form sends two files; send one (a zip, for several)",
                                   location=Location(record=name))
            filename = options.get(b"filename", b"").decode("utf-8", "replace")
            if not filename:
                raise BadParameter("choose a file to check", location=Location(record=name))
            self.form.file = safe_name(filename)
            self._out = open(self.folder / self.form.file, "xb")

    def data(self, data: bytes, start: int, end: int) -> None:
        if self._out is not None and self._name == self.file_field:
            self._written += end - start
            if self._written > self.max_file_bytes:
                raise BodyTooLarge(f"the file is larger than the {self.max_file_bytes / 1_000_000:g} MB the checker "
                                    "takes", location=Location(self.form.file),
                                    hint="check the export in parts ([server] max_upload_mb sets the limit)")
            self._out.write(data[start:end])
        else:
            self._text += data[start:end]
            if len(self._text) > MAX_FIELD_BYTES:
                raise BadParameter(f"the field '{self._name}' is longer than {MAX_FIELD_BYTES} bytes",
                                   location=Location(record=self._name))

    def end(self) -> None:
        if self._name == self.file_field and self._out is not None:
            self._out.close()
            self._out = None
        elif self._name is not None:
            self.form.fields[self._name] = self._text.decode("utf-8", "replace").strip()

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


async def read_upload_form(request: Request, folder: Path, *, file_field: str, text_fields: tuple[str, ...],
                           max_file_bytes: int) -> UploadForm:
    """The multipart form of ``request``: its file written into ``folder``, its text fields read."""
    media, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if media != b"multipart/form-data" or not boundary:
        raise UnsupportedMedia(request.headers.get("content-type", ""), ("multipart/form-data",))
    parts = _Parts(folder, file_field=file_field, text_fields=text_fields, max_file_bytes=max_file_bytes)
    parser = MultipartParser(boundary, parts.callbacks())
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        raise BadParameter(f"the form cannot be read as multipart/form-data: {exc}") from None
    finally:
        parts.close()
    if parts.form.file is None:
        raise BadParameter(f"the form sends no file; send the export as the field '{file_field}'",
                           location=Location(record=file_field))
    return parts.form
