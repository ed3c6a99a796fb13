"""Servers on 127.0.0.1 that publish real samples as the sector's servers do, for the harvest tests.

- :class:`StreamServer` publishes members (those of ../shared/samples/coghent-ldes) as a Linked
  Data Event Stream, the way the server that published the Ghent museums' stream did
  (adlib2eventstream, whose stream that sample was harvested from): the stream's URL redirects to
  its latest page; a page holds the members generated from its time on, in ``@included``, each
  saying it is a member of the stream with ``memberOf`` (a reverse ``tree:member``), and relates to
  the pages before and after it. Unlike that server, a full page says ``Cache-Control: immutable``
  (a line its code has, commented out), the latest page has an ETag, and the stream says how
  versions and deletions are told (``ldes:versionOfPath`` and the rest).
- :class:`OaiServer` is an OAI-PMH 2.0 repository of records (LIDO from
  ../shared/samples/lido-various): Identify, and ListRecords in pages with resumption tokens,
  ``from`` by datestamp, deleted records as headers with ``status="deleted"``.

Both build their answers when asked, from records a test may change between harvests; both log
what they were asked (path and query, in order) and can be made busy: the next ``busy`` requests
are answered ``503`` with ``Retry-After: 1``, and ``broken`` pages are answered with a body that
does not parse.

Run as a module from ``tests/``, it serves the Ghent sample as a stream on port 8765, and the
LIDO samples as a repository on port 8766, until stopped (docs/add-a-source.md#harvesting):
``cd tests && python -m support.harvest_servers``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from lxml import etree

LIDO = "http://www.lido-schema.org"
OAI = "http://www.openarchives.org/OAI/2.0/"
DELETE = "https://www.w3.org/ns/activitystreams#Delete"
STREAM_PATH = "/dmg/objecten"


class SampleServer:
    """An HTTP server in a thread; subclasses answer ``(path, query, headers)`` with ``(status, headers, body)``."""

    def __init__(self, port: int = 0):
        self.log: list[str] = []
        self.busy = 0
        self.broken: set[str] = set()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def answer(self, path: str, query: dict[str, str], headers) -> tuple[int, dict, bytes]:
        raise NotImplementedError

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
                server.log.append(self.path)
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                if server.busy:
                    server.busy -= 1
                    status, headers, body = 503, {"Retry-After": "1"}, b"busy"
                else:
                    status, headers, body = server.answer(parts.path, query, self.headers)
                    if self.path in server.broken:
                        body = body[: len(body) // 2]
                self.send_response(status)
                for name, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        return Handler


class StreamServer(SampleServer):
    """Members (JSON-LD documents with ``prov:generatedAtTime``) as an event stream of pages of ``size``."""

    def __init__(self, members: Iterable[dict], *, size: int = 50, port: int = 0):
        super().__init__(port)
        self.members = list(members)
        self.size = size
        self.stream = self.url + STREAM_PATH
        self.collection = self.url + "/id/dataset/dmg-objecten"

    def page_url(self, time: str) -> str:
        return f"{self.stream}?generatedAtTime={time}"

    def pages(self) -> list[list[dict]]:
        ordered = sorted(self.members, key=lambda member: member["prov:generatedAtTime"])
        return [ordered[start:start + self.size] for start in range(0, len(ordered), self.size)]

    def page_paths(self) -> list[str]:
        """The path and query of each page, as the log has them, first page first."""
        return [urlsplit(self.page_url(page[0]["prov:generatedAtTime"]))._replace(scheme="", netloc="").geturl()
                for page in self.pages()]

    def answer(self, path, query, headers):
        pages = self.pages()
        if path != STREAM_PATH or not pages:
            return 404, {}, b"not found"
        if "generatedAtTime" not in query:
            return 302, {"Location": self.page_url(pages[-1][0]["prov:generatedAtTime"])}, b""
        times = [page[0]["prov:generatedAtTime"] for page in pages]
        if query["generatedAtTime"] not in times:
            return 404, {}, b"not found"
        number = times.index(query["generatedAtTime"])
        body = json.dumps(self._page(pages, times, number), ensure_ascii=False).encode("utf-8")
        if number < len(pages) - 1:
            return 200, {"Content-Type": "application/ld+json", "Cache-Control": "public, max-age=31536000, immutable"}, body
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "application/ld+json", "Cache-Control": "no-cache", "ETag": etag}, body

    def _page(self, pages: list[list[dict]], times: list[str], number: int) -> dict:
        relations = []
        if number > 0:
            relations.append({"@type": "tree:LessThanRelation", "tree:node": self.page_url(times[number - 1]),
                              "tree:path": "prov:generatedAtTime", "tree:value": times[number]})
        if number < len(pages) - 1:
            relations.append({"@type": "tree:GreaterThanOrEqualToRelation", "tree:node": self.page_url(times[number + 1]),
                              "tree:path": "prov:generatedAtTime", "tree:value": times[number + 1]})
        return {
            "@context": {
                "prov": "http://www.w3.org/ns/prov#", "tree": "https://w3id.org/tree#",
                "ldes": "https://w3id.org/ldes#", "dcterms": "http://purl.org/dc/terms/",
                "tree:member": {"@type": "@id"}, "memberOf": {"@reverse": "tree:member", "@type": "@id"},
                "tree:node": {"@type": "@id"}, "tree:view": {"@type": "@id"}, "tree:path": {"@type": "@id"},
                "ldes:versionOfPath": {"@type": "@id"}, "ldes:timestampPath": {"@type": "@id"},
                "ldes:versionDeletePath": {"@type": "@id"}, "ldes:versionDeleteObject": {"@type": "@id"},
            },
            "@id": self.page_url(times[number]),
            "@type": "tree:Node",
            "dcterms:isPartOf": {
                "@id": self.collection, "@type": "ldes:EventStream", "tree:view": self.stream,
                "ldes:versionOfPath": "dcterms:isVersionOf", "ldes:timestampPath": "prov:generatedAtTime",
                "ldes:versionDeletePath": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                "ldes:versionDeleteObject": DELETE,
            },
            "tree:relation": relations,
            "@included": [{**member, "memberOf": self.collection} for member in pages[number]],
        }


def tombstone(entity: str, time: str, context: list) -> dict:
    """A member that says ``entity`` was deleted at ``time`` (as the stream's delete path and object tell)."""
    return {"@context": context, "@id": f"{entity}/{time}", "@type": DELETE,
            "http://purl.org/dc/terms/isVersionOf": {"@id": entity}, "prov:generatedAtTime": time}


class OaiRecord:
    """A record of the repository: its identifier, datestamp and metadata (None once deleted)."""

    def __init__(self, identifier: str, datestamp: str, metadata: bytes | None):
        self.identifier, self.datestamp, self.metadata = identifier, datestamp, metadata


class OaiServer(SampleServer):
    """Records as an OAI-PMH repository answering ``size`` records a page, at the time ``now``."""

    def __init__(self, records: Iterable[OaiRecord], *, prefix: str = "lido", size: int = 10,
                 now: str = "2024-05-01T10:00:00Z", port: int = 0):
        super().__init__(port)
        self.records = list(records)
        self.prefix, self.size, self.now = prefix, size, now
        self.base = self.url + "/oai"

    def answer(self, path, query, headers):
        if path != "/oai":
            return 404, {}, b"not found"
        verb = query.get("verb")
        if verb == "Identify":
            body = ("<Identify><repositoryName>LIDO samples</repositoryName>"
                    f"<baseURL>{self.base}</baseURL><protocolVersion>2.0</protocolVersion>"
                    "<adminEmail>test@example.org</adminEmail><earliestDatestamp>2000-01-01T00:00:00Z</earliestDatestamp>"
                    "<deletedRecord>persistent</deletedRecord><granularity>YYYY-MM-DDThh:mm:ssZ</granularity></Identify>")
        elif verb == "ListRecords":
            body = self._list(query)
        else:
            body = '<error code="badVerb">unknown verb</error>'
        text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="{OAI}"><responseDate>{self.now}</responseDate>'
                f'<request verb="{verb or ""}">{self.base}</request>{body}</OAI-PMH>')
        return 200, {"Content-Type": "text/xml; charset=utf-8"}, text.encode("utf-8")

    def _list(self, query: dict) -> str:
        if "resumptionToken" in query:
            offset, _, since = query["resumptionToken"].partition("|")
            start, prefix = int(offset), self.prefix
        else:
            start, since, prefix = 0, query.get("from", ""), query.get("metadataPrefix")
        if prefix != self.prefix:
            return f'<error code="cannotDisseminateFormat">only {self.prefix}</error>'
        chosen = [r for r in self.records if r.datestamp >= since]
        if not chosen:
            return '<error code="noRecordsMatch">no records</error>'
        page = chosen[start:start + self.size]
        items = "".join(self._record(record) for record in page)
        following = start + self.size
        token = (f'<resumptionToken completeListSize="{len(chosen)}" cursor="{start}">{following}|{since}'
                 "</resumptionToken>" if following < len(chosen) else
                 f'<resumptionToken completeListSize="{len(chosen)}" cursor="{start}"/>' if start else "")
        return f"<ListRecords>{items}{token}</ListRecords>"

    def _record(self, record: OaiRecord) -> str:
        status = ' status="deleted"' if record.metadata is None else ""
        header = (f"<header{status}><identifier>{record.identifier}</identifier>"
                  f"<datestamp>{record.datestamp}</datestamp></header>")
        metadata = f"<metadata>{record.metadata.decode('utf-8')}</metadata>" if record.metadata is not None else ""
        return f"<record>{header}{metadata}</record>"


def lido_records(folder: Path, *, datestamp: str = "2024-04-01T00:00:00Z") -> list[OaiRecord]:
    """Every lido:lido record of the files in ``folder``, each a record of its own (in file order)."""
    records = []
    for path in sorted(folder.glob("*.xml")):
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        for number, element in enumerate(tree.iter(f"{{{LIDO}}}lido"), 1):
            records.append(OaiRecord(f"oai:lido-various:{path.stem}:{number}", datestamp,
                                     etree.tostring(element, encoding="utf-8")))
    return records


def ghent_members(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


if __name__ == "__main__":
    from .paths import SHARED

    samples = SHARED / "samples"
    with StreamServer(ghent_members(samples / "coghent-ldes" / "dmg_objects.ndjson"), port=8765) as stream, \
            OaiServer(lido_records(samples / "lido-various"), port=8766) as repository:
        print(f"stream: {stream.stream}\nOAI-PMH: {repository.base}", flush=True)
        threading.Event().wait()
