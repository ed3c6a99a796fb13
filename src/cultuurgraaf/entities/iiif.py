"""A thing's pictures as a IIIF Presentation API 3.0 manifest, for image viewers (Mirador, the
Universal Viewer, ...): ``/iiif/{kind}/{ref}/manifest``, for every thing that has pictures.

The manifest says what the thing's page says, from the same :class:`~.describer.Entity`: its names
(``label``, every language the graph has), its description (``summary``, as plain text), its other
properties (``metadata``, named in Dutch, English and French), its licence (``requiredStatement``,
and ``rights`` where it is a Creative Commons licence or a RightsStatements.org statement, the only
values the specification allows there), its keepers (``provider``), its page and its RDF
(``homepage``, ``seeAlso``), a thumbnail, and one Canvas per picture. A picture that is a request
to a IIIF Image API service gets that service (``ImageService2`` or ``ImageService3``, see
:func:`~.pictures.image_service`), so that a viewer asks the keeper's server for tiles.

A Canvas must have a size. The project's own pictures give theirs (the file's header); a picture
on another server does not say its size without being fetched, which the server never does: its
Canvas is :data:`ASSUMED_SIZE` and says so in its own ``metadata``, where viewers show it.

Addresses in the manifest are this server's, as the request reached it (a viewer loads the pictures
from them); the thing's RDF names the manifest under the base IRI (:func:`~.pictures.manifest_iri`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..catalogue.provenance import licence_label
from ..errors import NotFound
from ..iris import IriScheme
from ..vocab import CRM, DCT
from .describer import Entity, Value
from .layout import DESCRIPTION_PREDICATES, LABEL_PREDICATES
from .pictures import IMAGES_PATH, THUMBNAIL, ImageService, image_service, media_type, picture_size, sized
from .plain import plain_text

#: The JSON-LD context of Presentation 3.0: the manifest names it; nothing here fetches it.
PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
#: The media type of a manifest, as the specification asks for it.
MEDIA_TYPE = f'application/ld+json;profile="{PRESENTATION_CONTEXT}"'
#: The size given to the Canvas of a picture whose size is not known here (width, height).
ASSUMED_SIZE = (1000, 1000)
#: The languages the manifest's own words (names of properties, notes) are given in.
LANGUAGES = ("nl", "en", "fr")
#: Licences ``rights`` may hold (Presentation 3.0, section 3.3), written with http as the specification does.
_RIGHTS = re.compile(r"https?://((?:creativecommons\.org/(?:licenses|publicdomain)|rightsstatements\.org/vocab)/.+)")
_WORDS = {
    "licence": {"nl": "Licentie", "en": "Licence", "fr": "Licence"},
    "picture": {"nl": "Afbeelding {n}", "en": "Picture {n}", "fr": "Image {n}"},
    "size": {"nl": "Afmetingen", "en": "Size", "fr": "Dimensions"},
    "assumed": {"nl": "niet gekend: het doek is {w} × {h} verondersteld",
                "en": "not known: the canvas assumes {w} × {h}",
                "fr": "inconnues : le canevas suppose {w} × {h}"},
    "page": {"nl": "Pagina van {name}", "en": "Page of {name}", "fr": "Page de {name}"},
    "rdf": {"nl": "{name} als RDF (Turtle)", "en": "{name} as RDF (Turtle)", "fr": "{name} en RDF (Turtle)"},
    "all": {"nl": "Beelden van {name}", "en": "Pictures of {name}", "fr": "Images de {name}"},
    "collected": {"nl": "Elk ding met afbeeldingen, als IIIF-manifest, per {n}.",
                  "en": "Every thing with pictures, as a IIIF manifest, {n} at a time.",
                  "fr": "Chaque chose avec des images, en manifeste IIIF, {n} à la fois."},
    "manifests": {"nl": "Manifesten {first} tot {last}", "en": "Manifests {first} to {last}",
                  "fr": "Manifestes {first} à {last}"},
}
#: Properties the manifest says elsewhere than in ``metadata``.
_NOT_METADATA = frozenset({*LABEL_PREDICATES, *DESCRIPTION_PREDICATES, DCT.license})


@dataclass(frozen=True)
class ManifestContext:
    """What a manifest needs besides the entity."""

    #: this server, as the request reached it (``http://127.0.0.1:8000``)
    url: str
    iris: IriScheme
    #: the project's pictures folder (``images`` in the project file)
    images: Path | None
    #: a term's name in one language, and the language it is in (None: the ontology has none in it)
    term_label: Callable[[str, str], tuple[str, str | None]]


def check_kind(kind: str, kinds: set[str]) -> None:
    """NotFound, naming the kinds there are, for a kind of thing neither the graph nor the ontology has."""
    if kind not in kinds:
        raise NotFound(f"there are no things of the kind '{kind}', so there is no IIIF manifest of one; "
                       f"the kinds are: {', '.join(sorted(kinds))}",
                       hint="a manifest is at /iiif/{kind}/{ref}/manifest for a thing at /id/{kind}/{ref}")


def manifest(entity: Entity, context: ManifestContext) -> dict:
    """The Presentation 3.0 manifest of an entity that has pictures (see the module's docstring);
    NotFound for one that has none."""
    parsed = context.iris.parse_thing(entity.iri)
    if not entity.images or parsed is None:
        raise NotFound(f"<{entity.iri}> ({entity.label}) has no pictures, so it has no IIIF manifest",
                       hint="a thing has a manifest when its page shows pictures (crm:P138i_has_representation)")
    kind, ref = parsed
    here = f"{context.url}/iiif/{kind}/{ref}"
    page = f"{context.url}/doc/{kind}/{ref}"
    names = _language_map([(text, language) for language, text in entity.labels.items()]) or {"none": [entity.label]}
    document: dict = {"@context": PRESENTATION_CONTEXT, "id": f"{here}/manifest", "type": "Manifest", "label": names}
    summary = _language_map([(plain_text(v.label), v.language) for p in DESCRIPTION_PREDICATES
                             for v in entity.values(p)])
    if summary:
        document["summary"] = summary
    metadata = [pair for p in entity.properties if p.iri not in _NOT_METADATA for pair in _metadata(p, context)]
    if metadata:
        document["metadata"] = metadata
    licence = entity.licence
    if licence:
        document["requiredStatement"] = {"label": words("licence"),
                                         "value": {"none": [f"{licence_label(licence) or licence} ({licence})"]}}
        rights = _RIGHTS.fullmatch(licence)
        if rights:
            document["rights"] = f"http://{rights[1]}"
    keepers = [v for v in entity.values(CRM.P50_has_current_keeper) if v.is_link]
    if keepers:
        document["provider"] = [_agent(v, context) for v in keepers]
    document["homepage"] = [{"id": page, "type": "Text", "label": words("page", name=entity.label),
                             "format": "text/html"}]
    document["seeAlso"] = [{"id": f"{page}.ttl", "type": "Dataset", "label": words("rdf", name=entity.label),
                            "format": "text/turtle"}]
    canvases = [_canvas(n, image.src, here, context) for n, image in enumerate(entity.images, start=1)]
    document["thumbnail"] = [_thumbnail(entity.images[0].src, context)]
    document["items"] = canvases
    return document


def _canvas(n: int, src: str, here: str, context: ManifestContext) -> dict:
    canvas_id = f"{here}/canvas/{n}"
    body = _image(src, context)
    size = picture_size(context.images, src, context.iris.base)
    canvas: dict = {"id": canvas_id, "type": "Canvas", "label": words("picture", n=n)}
    if size is None:
        width, height = ASSUMED_SIZE
        canvas["metadata"] = [{"label": words("size"), "value": words("assumed", w=width, h=height)}]
    else:
        width, height = size
        body.update(width=width, height=height)
    canvas.update(width=width, height=height)
    canvas["items"] = [{"id": f"{canvas_id}/inhoud", "type": "AnnotationPage", "items": [
        {"id": f"{canvas_id}/inhoud/1", "type": "Annotation", "motivation": "painting", "body": body,
         "target": canvas_id}]}]
    return canvas


def _image(src: str, context: ManifestContext) -> dict:
    """A picture as a content resource: on this server for the project's own, with its image service."""
    own = f"{context.iris.base}{IMAGES_PATH}"
    address = f"{context.url}{IMAGES_PATH}{src[len(own):]}" if src.startswith(own) else src
    resource = {"id": address, "type": "Image"}
    if (kind := media_type(address)) is not None:
        resource["format"] = kind
    service = image_service(src)
    if service is not None:
        resource["service"] = [_service(service)]
    return resource


def _service(service: ImageService) -> dict:
    """An Image API service as Presentation 3.0 writes it: version 2 keeps its own ``@id``/``@type``."""
    if service.version == 2:
        return {"@id": service.base, "@type": "ImageService2", "profile": "level0"}
    return {"id": service.base, "type": "ImageService3", "profile": "level0"}


def _thumbnail(src: str, context: ManifestContext) -> dict:
    """The first picture, no larger than a thumbnail where its server scales it (IIIF)."""
    service = image_service(src)
    if service is None:
        return _image(src, context)
    thumbnail = {"id": sized(src, THUMBNAIL), "type": "Image", "service": [_service(service)]}
    if (kind := media_type(thumbnail["id"])) is not None:
        thumbnail["format"] = kind
    return thumbnail


def _agent(keeper: Value, context: ManifestContext) -> dict:
    label = _language_map([(keeper.label, keeper.language)]) or {"none": [str(keeper.term)]}
    agent = {"id": str(keeper.term), "type": "Agent", "label": label}
    if keeper.href and keeper.href.startswith("/"):
        agent["homepage"] = [{"id": f"{context.url}{keeper.href}", "type": "Text", "label": label,
                              "format": "text/html"}]
    return agent


def _metadata(prop, context: ManifestContext) -> list[dict]:
    """One metadata pair for a property: its name in the manifest's languages, its values as text."""
    value = _language_map([(_text(v), None if v.details else v.language) for v in prop.values])
    if not value:
        return []
    label: dict[str, list[str]] = {}
    for language in LANGUAGES:
        text, found = context.term_label(prop.iri, language)
        label.setdefault(found or "none", [text])
    return [{"label": label, "value": value}]


def _text(value: Value) -> str:
    """A value as text: a literal's or a link's label; a node shown inline by its details."""
    if value.details:
        return "; ".join(f"{p.label}: {', '.join(_text(v) for v in p.values)}" for p in value.details)
    return plain_text(value.label)


def _language_map(texts: list[tuple[str, str | None]]) -> dict[str, list[str]]:
    """Texts keyed by their language (``none`` for none), each once, empty texts left out."""
    found: dict[str, list[str]] = {}
    for text, language in texts:
        if text and text not in found.setdefault(language or "none", []):
            found[language or "none"].append(text)
    return {language: texts for language, texts in found.items() if texts}


def words(key: str, **values) -> dict[str, list[str]]:
    """One of the manifests' own words in each of :data:`LANGUAGES`, as a language map."""
    return {language: [text.format(**values)] for language, text in _WORDS[key].items()}
