"""Pictures on pages: where an ``<img>`` loads a picture from the data, at the size the page needs;
and the project's own pictures, served at ``/beelden/``.

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
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import NotFound
from ..iris import IMAGE_SCHEMES, linkable

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
