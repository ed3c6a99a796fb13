"""An OAI-PMH 2.0 provider (http://www.openarchives.org/OAI/openarchivesprotocol.html) over the change log.

Its items are the entities of the project (``{base}/id/{kind}/{ref}``), named
``oai:{host of the base IRI}:{kind}/{ref}``; an item's datestamp is when a build last changed it
in any source, and it is deleted when every source that described it has dropped it (or
validation held it back): deletions are persistent, as the log keeps its tombstones. Every item is
in Dublin Core (``oai_dc``); heritage objects also in EDM and LIDO (``crosswalks.py``). Sets:
``source:{name}`` for the entities a source describes (or described), ``kind:{kind}`` per kind.
Lists come in pages of ``oai_page_size`` with a resumption token that holds where the list is
(the log only grows, so a token stays good across builds: what changed meanwhile comes later in
the list). Errors are the protocol's own, in an answer with status 200.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree

from ..config import Project
from ..errors import NotFound
from ..vocab import OAI, SCHEMA_LOCATIONS, XSI
from .changes import ChangeLog, Member
from .crosswalks import FORMATS, SCHEMA_LOCATION, RecordContext, formats_for

#: verb -> (required arguments, optional ones); a resumptionToken stands alone
VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset({"resumptionToken"})),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set", "resumptionToken"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set", "resumptionToken"})),
}
DAY, SECOND = "%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ"


class ProtocolError(Exception):
    """An OAI-PMH error condition: its code (``badArgument``, ``noRecordsMatch`` ...) and why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ListState:
    """Where a list is: what was asked, the last log position given, how many were given."""

    prefix: str
    set: str | None
    since: str
    until: str
    after: int = 0
    cursor: int = 0

    def token(self) -> str:
        data = json.dumps([self.prefix, self.set, self.since, self.until, self.after, self.cursor])
        return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")

    @classmethod
    def from_token(cls, token: str) -> "ListState":
        try:
            prefix, set_, since, until, after, cursor = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if not (isinstance(prefix, str) and isinstance(after, int) and isinstance(cursor, int)):
                raise ValueError(token)
            return cls(prefix, set_, since, until, after, cursor)
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise ProtocolError("badResumptionToken", f"the resumption token {token!r} is not one this "
                                "repository gave; start the list again without it") from None


class OaiProvider:
    """Answers OAI-PMH requests for one project's store; ``describe(iri)`` gives an entity for its records."""

    def __init__(self, project: Project, store, describe, kind_label):
        self.project = project
        self.store = store
        self.log = ChangeLog(store.path)
        self.describe = describe
        self.kind_label = kind_label
        self.host = urlsplit(project.base_iri).hostname or "localhost"

    # identifiers ------------------------------------------------------------------------------
    def identifier(self, entity: str) -> str:
        kind, ref = self.project.iris.parse_thing(entity)
        return f"oai:{self.host}:{kind}/{ref}"

    def entity(self, identifier: str) -> str | None:
        prefix = f"oai:{self.host}:"
        if not identifier.startswith(prefix) or "/" not in identifier[len(prefix):]:
            return None
        kind, _, ref = identifier[len(prefix):].partition("/")
        return self.project.iris.thing_for_path(kind, ref)

    # the answer -------------------------------------------------------------------------------
    def answer(self, arguments: list[tuple[str, str]], *, base_url: str) -> bytes:
        """The whole XML answer to a request with these (name, value) arguments."""
        root = etree.Element(_q("OAI-PMH"), nsmap={None: OAI.iri, "xsi": XSI.iri})
        root.set(SCHEMA_LOCATION, f"{OAI.iri} {SCHEMA_LOCATIONS[OAI.iri]}")
        etree.SubElement(root, _q("responseDate")).text = time.strftime(SECOND, time.gmtime())
        request = etree.SubElement(root, _q("request"))
        request.text = base_url
        try:
            verb, args = parse_request(arguments)
        except ProtocolError as error:
            _error(root, error)
            return _xml(root)
        request.set("verb", verb)
        for name, value in args.items():
            request.set(name, value)
        try:
            root.append(getattr(self, f"_{verb}")(args, base_url))
        except ProtocolError as error:
            _error(root, error)
        return _xml(root)

    def _Identify(self, args: dict, base_url: str) -> etree._Element:
        generation = self.store.current_generation()
        identify = etree.Element(_q("Identify"))
        earliest = self.log.earliest(generation) or time.strftime(SECOND, time.gmtime())
        for name, value in (("repositoryName", self.project.name), ("baseURL", base_url), ("protocolVersion", "2.0"),
                            ("adminEmail", self.project.feeds.admin_email or f"webmaster@{self.host}"),
                            ("earliestDatestamp", earliest), ("deletedRecord", "persistent"),
                            ("granularity", "YYYY-MM-DDThh:mm:ssZ")):
            etree.SubElement(identify, _q(name)).text = value
        return identify

    def _ListMetadataFormats(self, args: dict, base_url: str) -> etree._Element:
        formats = list(FORMATS.values())
        if "identifier" in args:
            records = self._records(args["identifier"])
            formats = formats_for(_latest(records).types)
        answer = etree.Element(_q("ListMetadataFormats"))
        for fmt in formats:
            element = etree.SubElement(answer, _q("metadataFormat"))
            for name, value in (("metadataPrefix", fmt.prefix), ("schema", fmt.schema),
                                ("metadataNamespace", fmt.namespace)):
                etree.SubElement(element, _q(name)).text = value
        return answer

    def _ListSets(self, args: dict, base_url: str) -> etree._Element:
        if "resumptionToken" in args:
            raise ProtocolError("badResumptionToken", "the list of sets comes whole, without resumption tokens")
        generation = self.store.current_generation()
        titles = {s.name: s.title for s in self.project.sources}
        answer = etree.Element(_q("ListSets"))
        sets = [(f"source:{name}", titles.get(name, name)) for name in self.log.sources(generation)]
        sets += [(f"kind:{kind}", self.kind_label(kind)) for kind in self.log.kinds(generation)]
        for spec, name in sets:
            element = etree.SubElement(answer, _q("set"))
            etree.SubElement(element, _q("setSpec")).text = spec
            etree.SubElement(element, _q("setName")).text = name
        return answer

    def _GetRecord(self, args: dict, base_url: str) -> etree._Element:
        records = self._records(args["identifier"])
        latest = _latest(records)
        prefix = args["metadataPrefix"]
        if prefix not in FORMATS:
            raise _unknown_format(prefix)
        if FORMATS[prefix] not in formats_for(latest.types):
            raise ProtocolError("cannotDisseminateFormat", f"{args['identifier']} is not available as {prefix}; "
                                "ListMetadataFormats with its identifier lists what it is available as")
        answer = etree.Element(_q("GetRecord"))
        record = self._record(latest, records, prefix, with_metadata=True)
        if record is None:
            raise ProtocolError("idDoesNotExist", f"{args['identifier']} was changed while it was read; ask again")
        answer.append(record)
        return answer

    def _ListIdentifiers(self, args: dict, base_url: str) -> etree._Element:
        return self._list("ListIdentifiers", args, with_metadata=False)

    def _ListRecords(self, args: dict, base_url: str) -> etree._Element:
        return self._list("ListRecords", args, with_metadata=True)

    # the parts --------------------------------------------------------------------------------
    def _records(self, identifier: str) -> list[Member]:
        entity = self.entity(identifier)
        records = self.log.per_source(entity, self.store.current_generation()) if entity else []
        if not records:
            raise ProtocolError("idDoesNotExist", f"this repository has no item {identifier!r}; its identifiers are "
                                f"oai:{self.host}:{{kind}}/{{ref}}, as ListIdentifiers gives them")
        return records

    def _list(self, verb: str, args: dict, *, with_metadata: bool) -> etree._Element:
        state = ListState.from_token(args["resumptionToken"]) if "resumptionToken" in args else \
            _new_list(args)
        if state.prefix not in FORMATS:
            raise _unknown_format(state.prefix)
        kind = source = None
        if state.set is not None:
            family, _, name = state.set.partition(":")
            if family not in ("source", "kind") or not name:
                raise ProtocolError("noRecordsMatch", f"there is no set {state.set!r}; ListSets lists them "
                                    "(source:{name} and kind:{kind})")
            kind, source = (name, None) if family == "kind" else (None, name)
        page = self.project.feeds.oai_page_size
        generation = self.store.current_generation()
        rows = self.log.latest(generation=generation, after=state.after, since=state.since, until=state.until,
                               kind=kind, source=source, types=FORMATS[state.prefix].types, limit=page + 1)
        if not rows:
            raise ProtocolError("noRecordsMatch", "no records match the arguments (metadataPrefix, set, from, until)")
        answer = etree.Element(_q(verb))
        for row in rows[:page]:
            records = self.log.per_source(row.entity, generation)
            if with_metadata:
                record = self._record(row, records, state.prefix, with_metadata=True)
                if record is not None:
                    answer.append(record)
            else:
                answer.append(self._header(row, records))
        if len(rows) > page or state.cursor:
            token = etree.SubElement(answer, _q("resumptionToken"), cursor=str(state.cursor))
            if len(rows) > page:
                token.text = ListState(state.prefix, state.set, state.since, state.until, rows[page - 1].seq,
                                       state.cursor + page).token()
        return answer

    def _header(self, latest: Member, records: list[Member]) -> etree._Element:
        header = etree.Element(_q("header"))
        if all(r.deleted for r in records):
            header.set("status", "deleted")
        etree.SubElement(header, _q("identifier")).text = self.identifier(latest.entity)
        etree.SubElement(header, _q("datestamp")).text = latest.at
        for record in records:
            etree.SubElement(header, _q("setSpec")).text = f"source:{record.source}"
        if latest.kind:
            etree.SubElement(header, _q("setSpec")).text = f"kind:{latest.kind}"
        return header

    def _record(self, latest: Member, records: list[Member], prefix: str, *, with_metadata: bool):
        header = self._header(latest, records)
        record = etree.Element(_q("record"))
        record.append(header)
        if header.get("status") == "deleted" or not with_metadata:
            return record
        try:
            entity = self.describe(latest.entity)
        except NotFound:
            return None
        live = next(r for r in records if not r.deleted)
        source = next((s for s in self.project.sources if s.name == live.source), None)
        context = RecordContext(page_url=self.project.iris.document_for(latest.entity) or latest.entity,
                                provider=self.project.name,
                                licence=(source.licence if source else None) or self.project.licence)
        etree.SubElement(record, _q("metadata")).append(FORMATS[prefix].write(entity, context))
        return record


def parse_request(arguments: list[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The verb and the other arguments of a request; badVerb or badArgument when they are not right.

    >>> parse_request([("verb", "ListSets")])
    ('ListSets', {})
    >>> parse_request([("verb", "GetRecord"), ("identifier", "x")])
    Traceback (most recent call last):
    ...
    cultuurgraaf.feeds.oai.ProtocolError: GetRecord needs metadataPrefix
    """
    names = [name for name, _ in arguments]
    verbs = [value for name, value in arguments if name == "verb"]
    if len(verbs) != 1 or verbs[0] not in VERBS:
        shown = "no verb" if not verbs else "the verb " + " and ".join(repr(v) for v in verbs)
        raise ProtocolError("badVerb", f"{shown}: OAI-PMH's verbs are {', '.join(VERBS)}")
    verb = verbs[0]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ProtocolError("badArgument", f"repeated argument: {', '.join(repeated)}")
    args = {name: value for name, value in arguments if name != "verb"}
    required, optional = VERBS[verb]
    unknown = sorted(set(args) - required - optional)
    if unknown:
        raise ProtocolError("badArgument", f"{verb} takes no argument {', '.join(unknown)} (it takes "
                            f"{', '.join(sorted(required | optional)) or 'none'})")
    if "resumptionToken" in args:
        if len(args) > 1:
            raise ProtocolError("badArgument", "a resumptionToken is the only argument besides the verb")
        return verb, args
    missing = sorted(required - set(args))
    if missing:
        raise ProtocolError("badArgument", f"{verb} needs {', '.join(missing)}")
    return verb, args


def _new_list(args: dict[str, str]) -> ListState:
    since, since_form = _date(args.get("from"), "from", end=False)
    until, until_form = _date(args.get("until"), "until", end=True)
    if since_form and until_form and since_form != until_form:
        raise ProtocolError("badArgument", "from and until must have the same granularity (both days or both seconds)")
    if since > until:
        raise ProtocolError("badArgument", f"from ({args['from']}) is later than until ({args['until']})")
    return ListState(args["metadataPrefix"], args.get("set"), since, until)


def _date(text: str | None, name: str, *, end: bool) -> tuple[str, str | None]:
    """A from/until argument as the log's timestamps, and its granularity."""
    if text is None:
        return ("9999-12-31T23:59:59Z" if end else ""), None
    for form in (DAY, SECOND):
        try:
            datetime.strptime(text, form)
        except ValueError:
            continue
        if form == DAY:
            return text + ("T23:59:59Z" if end else "T00:00:00Z"), form
        return text, form
    raise ProtocolError("badArgument", f"{name} must be a UTC date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ), "
                        f"not {text!r}")


def _latest(records: list[Member]) -> Member:
    return max(records, key=lambda r: r.seq)


def _unknown_format(prefix: str) -> ProtocolError:
    return ProtocolError("cannotDisseminateFormat", f"no metadata format {prefix!r} here; the formats are "
                         f"{', '.join(FORMATS)}")


def _error(root: etree._Element, error: ProtocolError) -> None:
    if error.code in ("badVerb", "badArgument"):
        request = root.find(_q("request"))
        for name in list(request.attrib):
            del request.attrib[name]
    etree.SubElement(root, _q("error"), code=error.code).text = error.message


def _q(name: str) -> str:
    return f"{{{OAI.iri}}}{name}"


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
