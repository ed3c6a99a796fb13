"""Pictures of the data: where an ``<img>`` loads one, at the size the page needs; the project's
own pictures, served at ``/beelden/``, and their sizes; and the IIIF image service behind a picture.

A IIIF Image API URL is asked for at the size the page shows: the keeper's image server scales it,
and a list of twenty thumbnails does not load twenty full-size scans. A IIIF image service (its
``info.json``, or its base) gets ``/full/!w,h/0/default.jpg``; a full Image API request keeps its
region, rotation, quality and format and gets the size. A picture at ``{base}/beelden/...`` is one
of the project's own (``images`` in the project file) and loads from this server, like the
``/doc/`` pages of things. Any other picture URL is used as it is, and only web addresses
become pictures at all (``IMAGE_SCHEMES`` in :mod:`cultuurgraaf.iris`).

>>> sized("https://iiif.example.org/iiif/2/kom/full/400,/0/default.jpg", 300)
'https://iiif.example.org/iiif/2/kom/full/!300,300/0/default.jpg'
>>> sized("https://iiif.example.org/iiif/3/kom/info.json", 96)
'https://iiif.example.org/iiif/3/kom/full/!96,96/0/default.jpg'
>>> sized("https://iiif.example.org/iiif/3/kom/square/max/90/gray.png", 96)
'https://iiif.example.org/iiif/3/kom/square/!96,96/90/gray.png'
>>> sized("https://museum.example.org/images/kom.jpg", 96)
'https://museum.example.org/images/kom.jpg'
>>> picture_src("https://data.cultuurgraaf.be/beelden/kom.svg", "https://data.cultuurgraaf.be", 96)
'/beelden/kom.svg'
>>> picture_src("javascript:alert(1)", "https://data.cultuurgraaf.be", 96) is None
True

A IIIF manifest names the image service behind a picture (its base) with the version of the Image
API it speaks, read from the URL: a size of ``full`` exists in version 2 only, ``max`` is
version 3's way (2.1 knows it too), and a ``/2/`` or ``/3/`` path segment before the identifier
says so where the request does not. Where nothing tells, version 2, the more widely served, is
assumed: a viewer reads the real version from the service's ``info.json`` before it asks for tiles.

>>> image_service("https://www.kenom.de/iiif/image/record_1/record_1_vs.jpg/full/full/0/default.jpg")
ImageService(base='https://www.kenom.de/iiif/image/record_1/record_1_vs.jpg', version=2, known=True)
>>> image_service("https://iiif.example.org/iiif/3/kom/full/max/0/default.jpg").version
3
>>> image_service("https://iiif.example.org/images/kom/info.json")
ImageService(base='https://iiif.example.org/images/kom', version=2, known=False)
>>> image_service("https://museum.example.org/images/kom.jpg") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import imagesize

from ..errors import NotFound
from ..iris import IMAGE_SCHEMES, IriScheme, linkable

#: The path under which the project's own pictures are served (and under its base IRI, named).
IMAGES_PATH = "/beelden/"
#: The kinds of picture files served from the project's folder, by suffix.
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".webp": "image/webp", ".gif": "image/gif"}
#: Pictures are data: nothing in one may run or load anything (an SVG could hold a script).
IMAGE_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
                 "X-Content-Type-Options": "nosniff"}
#: The sizes pages show pictures at (the longest side, in CSS pixels, twice for sharp screens).
THUMBNAIL = 192
PAGE = 800

_IIIF_REQUEST = re.compile(
    r"(?P<base>https?://.+?)/(?P<region>full|square|\d+,\d+,\d+,\d+|pct:[\d.]+,[\d.]+,[\d.]+,[\d.]+)"
    r"/(?P<size>full|max|\^?!?\d*,\d*|\^?pct:[\d.]+|\^?max)/(?P<rotation>!?\d+(?:\.\d+)?)"
    r"/(?P<quality>default|color|gray|bitonal|native)\.(?P<format>jpg|jpeg|png|gif|webp|tif|jp2)")


def sized(url: str, box: int) -> str:
    """The picture at ``url`` no larger than ``box`` × ``box``, where its server can scale it (IIIF)."""
    if url.endswith("/info.json"):
        return f"{url[:-len('/info.json')]}/full/!{box},{box}/0/default.jpg"
    request = _IIIF_REQUEST.fullmatch(url)
    if request is None:
        return url
    return (f"{request['base']}/{request['region']}/!{box},{box}/{request['rotation']}/"
            f"{request['quality']}.{request['format']}")


def picture_src(iri: str, base: str, box: int) -> str | None:
    """Where an ``<img>`` loads a picture of the data from: this server for the project's own, the
    picture's server otherwise (scaled to ``box``); None for an IRI that is no web address."""
    own = f"{base}{IMAGES_PATH}"
    if iri.startswith(own):
        return IMAGES_PATH + iri[len(own):]
    return sized(iri, box) if linkable(iri, IMAGE_SCHEMES) else None


def image_file(folder: Path | None, name: str) -> Path:
    """The file of one of the project's pictures; NotFound for anything else (another folder, another kind)."""
    suffix = Path(name).suffix.lower()
    if folder is not None and suffix in IMAGE_TYPES and ".." not in Path(name).parts:
        path = (folder / name).resolve()
        if path.is_relative_to(folder.resolve()) and path.is_file():
            return path
    raise NotFound(f"there is no picture {IMAGES_PATH}{name}",
                   hint="the project's pictures are files of its images folder (project file: images)")


@dataclass(frozen=True)
class ImageService:
    """A IIIF Image API service: its base URL and the version of the API it speaks (``known``: read
    from the URL, not assumed)."""

    base: str
    version: int
    known: bool


_VERSION_SEGMENT = re.compile(r"/(?:iiif|image|images)/([23])/")


def image_service(url: str) -> ImageService | None:
    """The IIIF image service a picture URL is a request to (or the ``info.json`` of); None for any other URL."""
    if url.endswith("/info.json"):
        base, size = url[: -len("/info.json")], ""
    else:
        request = _IIIF_REQUEST.fullmatch(url)
        if request is None:
            return None
        base, size = request["base"], request["size"]
    segment = _VERSION_SEGMENT.search(base)
    if segment:
        return ImageService(base, int(segment[1]), True)
    if size.lstrip("^") == "full":
        return ImageService(base, 2, True)
    if size.lstrip("^") == "max":
        return ImageService(base, 3, True)
    return ImageService(base, 2, False)


def picture_size(folder: Path | None, iri: str, base: str) -> tuple[int, int] | None:
    """Width and height of one of the project's own pictures, read from its file's header; None
    for a picture elsewhere, or one whose size the file does not say."""
    own = f"{base}{IMAGES_PATH}"
    if not iri.startswith(own):
        return None
    try:
        width, height = imagesize.get(image_file(folder, iri[len(own):]))
    except (NotFound, OSError, ValueError):
        return None
    return (round(width), round(height)) if width > 0 and height > 0 else None


def media_type(url: str) -> str | None:
    """The media type a picture's URL names by its suffix (or its IIIF request's format), if it does.

    >>> media_type("https://iiif.example.org/iiif/2/kom/full/max/0/default.jpg"), media_type("/beelden/kom.svg")
    ('image/jpeg', 'image/svg+xml')
    """
    return IMAGE_TYPES.get(Path(url.split("?", 1)[0]).suffix.lower())


def manifest_path(kind: str, ref: str) -> str:
    """Where the manifest of the thing ``{base}/id/{kind}/{ref}`` is served.

    >>> manifest_path("erfgoedobject", "1915.0001")
    '/iiif/erfgoedobject/1915.0001/manifest'
    """
    return f"/iiif/{kind}/{ref}/manifest"


def manifest_iri(iris: IriScheme, iri: str) -> str | None:
    """The manifest of a thing, under the base IRI, as its RDF names it; None for an IRI of no thing."""
    parsed = iris.parse_thing(iri)
    return f"{iris.base}{manifest_path(*parsed)}" if parsed else None
