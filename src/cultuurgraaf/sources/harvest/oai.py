"""Harvesting an OAI-PMH endpoint: ListRecords, page by page with resumption tokens, from the last harvest on.

The first harvest asks for every record in the source's metadata format (``metadataPrefix``)
and set; each later one only for what changed since the last one began: ``from=`` the
``responseDate`` of that harvest's first answer, cut to the granularity the repository's Identify
gives (days, or seconds). From is inclusive, so a record changed that very second comes again,
which is harmless. Each answer is kept as it came, a file a page, and a record kept from an
earlier page is taken out of it when a later answer has it again (changed) or says it was deleted
(``<header status="deleted">``). Whether a repository reports deletions at all its Identify says
(``deletedRecord``: no, transient or persistent); where it does not promise to, the harvest says
so, and a record deleted there stays here until the source is harvested from the start
(``cultuurgraaf build --reharvest``).

>>> since("2024-05-02T10:11:12Z", "YYYY-MM-DD"), since("2024-05-02T10:11:12Z", "YYYY-MM-DDThh:mm:ssZ")
('2024-05-02', '2024-05-02T10:11:12Z')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from lxml import etree

from ...errors import HarvestError, Location
from ...vocab import OAI
from .folder import HarvestFolder
from .http import Answer, Client
from .report import HarvestReport

if TYPE_CHECKING:
    from ...config import HarvestConfig

NS = {"oai": OAI.iri}
#: the answer's records, in order: what a page file's items are, and what a rewrite keeps or drops
RECORDS = etree.XPath("/oai:OAI-PMH/oai:ListRecords/oai:record", namespaces=NS)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def since(response_date: str, granularity: str) -> str:
    """A ``from`` value in the repository's granularity."""
    return response_date[:10] if granularity == "YYYY-MM-DD" else response_date


def harvest_endpoint(config: "HarvestConfig", folder: HarvestFolder, state: dict, *, client: Client,
                     advance: Callable[[int], None], report: HarvestReport) -> None:
    """Bring ``state`` (and the folder's new page files) up to date with the endpoint."""
    base = config.url
    identify = _answer(client, base, {"verb": "Identify"}, page="Identify")
    granularity = _text(identify, "oai:Identify/oai:granularity") or "YYYY-MM-DD"
    policy = _text(identify, "oai:Identify/oai:deletedRecord") or "no"
    if policy != "persistent":
        report.notes.add(f"the repository keeps deleted records {'for a while' if policy == 'transient' else 'not'} "
                         f"(deletedRecord: {policy}): a record deleted there may stay here until --reharvest")
    params = {"verb": "ListRecords", "metadataPrefix": config.metadata_prefix}
    if config.set:
        params["set"] = config.set
    if state.get("response_date"):
        report.since = params["from"] = since(state["response_date"], granularity)
    # a record's version is where this harvest found it: harvest number, page, position
    harvest = state["harvested"] = state.get("harvested", 0) + 1
    records = state["records"]
    number, response_date = 0, ""
    while True:
        number += 1
        page = f"page {number} of the harvest"
        root = _answer(client, base, params, page=page)
        advance(1)
        report.asked += 1
        if number == 1:
            response_date = _text(root, "oai:responseDate")
        found = RECORDS(root.element)
        items = []
        for position, record in enumerate(found):
            identifier = _text(record, "oai:header/oai:identifier")
            header, metadata = record.find("oai:header", NS), record.find("oai:metadata", NS)
            kept = bool(identifier) and header.get("status") != "deleted" and metadata is not None and len(metadata)
            version = f"{harvest}.{number}.{position}"
            items.append([identifier, version if kept else None])  # an item of no version is left out of the file
            if not identifier:
                report.notes.add("records without an identifier in their header, not kept",
                                 f"{root.base} (record {position + 1})")
            elif header.get("status") == "deleted":
                report.deleted += records.pop(identifier, None) is not None
            elif not kept:
                report.notes.add("records without metadata (and not deleted), not kept: a version harvested "
                                 "before stays", identifier)
            else:
                report.new += 1
                records[identifier] = {"version": version, "datestamp": _text(record, "oai:header/oai:datestamp")}
        if found:
            folder.add(state, url=root.base, suffix=".xml", content=root.content, items=items)
        token = _text(root, "oai:ListRecords/oai:resumptionToken")
        if not token:
            break
        params = {"verb": "ListRecords", "resumptionToken": token}
    state["response_date"] = response_date or state.get("response_date")
    state["granularity"] = granularity


def rewrite_records(content: bytes, keep: list[bool]) -> bytes:
    """An answer with the kept records only (a record kept from it changed later, or was deleted)."""
    root = etree.fromstring(content, _PARSER)
    for record, kept in zip(RECORDS(root), keep):
        if not kept:
            record.getparent().remove(record)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


class _Root:
    """A parsed answer: its root element, the URL it came from, and its bytes."""

    def __init__(self, element, base: str, content: bytes):
        self.element, self.base, self.content = element, base, content


def _answer(client: Client, base: str, params: dict, *, page: str) -> _Root:
    """The parsed answer to an OAI-PMH request; an OAI-PMH error other than noRecordsMatch stops the harvest."""
    answer: Answer = client.get(base, params=params, page=page)
    try:
        element = etree.fromstring(answer.content, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise HarvestError(f"the answer is not well-formed XML: {exc.msg}",
                           location=Location(answer.url, line=exc.lineno, record=page)) from None
    if element.tag != f"{{{OAI.iri}}}OAI-PMH":
        raise HarvestError(f"the answer is not OAI-PMH: its root element is {element.tag}",
                           location=Location(answer.url, record=page),
                           hint="oai_pmh is the endpoint's base URL, which answers ?verb=Identify")
    for error in element.findall("oai:error", NS):
        code = error.get("code", "")
        if code != "noRecordsMatch":
            raise HarvestError(f"the repository answered the OAI-PMH error {code}: {(error.text or '').strip()}",
                               location=Location(answer.url, record=page), hint=_HINTS.get(code))
    return _Root(element, answer.url, answer.content)


def _text(node, path: str) -> str:
    element = node.element if isinstance(node, _Root) else node
    found = element.find(path, NS)
    return (found.text or "").strip() if found is not None else ""


_HINTS = {
    "cannotDisseminateFormat": "the endpoint lists the formats it gives at ?verb=ListMetadataFormats; "
                               "name one as metadata_prefix",
    "badResumptionToken": "the repository forgot where the harvest was; build again (what was harvested "
                          "before is kept, and the harvest starts again from it)",
    "noSetHierarchy": "the repository has no sets: leave set out",
    "badArgument": "check metadata_prefix and set",
}
