"""The doors for other systems that the pages themselves open, as DCAT data services of the whole
graph in the catalogue: the IIIF manifests of the things with pictures, for image viewers
(``/iiif/collectie`` lists them all), and the schema.org JSON-LD every page embeds, for search engines.
The change feeds, OAI-PMH and the reconciliation service are described beside the sources they serve
(:mod:`.meta_graph`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef

from ..vocab import DCAT, DCT, EU, RDF

if TYPE_CHECKING:
    from .meta_graph import Names


@dataclass(frozen=True)
class Door:
    ref: str
    title: str
    description: str
    endpoint: str
    conforms_to: str


DOORS = (
    Door("iiif", "IIIF-manifesten van {name}",
         "Een IIIF Presentation 3.0-manifest voor elk ding met afbeeldingen (/iiif/{soort}/{ref}/manifest), voor "
         "beeldviewers zoals Mirador en de Universal Viewer; /iiif/collectie somt ze allemaal op.",
         "/iiif/collectie", "http://iiif.io/api/presentation/3.0/"),
    Door("schema-org", "schema.org in de pagina's van {name}",
         "Elke pagina van een ding bevat dat ding in schema.org JSON-LD, voor zoekmachines.",
         "/", "https://schema.org/"),
)


def describe_doors(g: Graph, names: Names, whole: URIRef, licence: URIRef | None) -> None:
    """Each door as a ``dcat:DataService`` of the catalogue that serves the whole graph."""
    for door in DOORS:
        service = names.thing("dataservice", door.ref)
        g.add((names.catalogue, URIRef(DCAT.service), service))
        g.add((service, URIRef(RDF.type), URIRef(DCAT.DataService)))
        g.add((service, URIRef(DCT.title), Literal(door.title.format(name=names.project.name), lang="nl")))
        g.add((service, URIRef(DCT.description), Literal(door.description, lang="nl")))
        g.add((service, URIRef(DCAT.endpointURL), names.url(door.endpoint)))
        g.add((service, URIRef(DCT.conformsTo), URIRef(door.conforms_to)))
        g.add((service, URIRef(DCT.accessRights), URIRef(EU["access-right/PUBLIC"])))
        g.add((service, URIRef(DCAT.servesDataset), whole))
        if licence:
            g.add((service, URIRef(DCT.license), licence))
