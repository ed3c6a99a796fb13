"""Readers for source extracts: one per format, each yielding records with their place in the file.

A reader takes a :class:`LogicalSource` and yields :class:`Record` objects. A record answers
``values(reference)`` with the strings a reference yields (a CSV column, a JSONPath, an XPath)
and knows its ``locator`` (``line 12``, ``/rootObject/3/event``, ``/organisaties/organisatie[3]``),
which lineage and validation reports point at.

Readers are registered by name and loaded lazily::

    >>> sorted(READERS)
    ['csv', 'json', 'ndjson', 'tsv', 'xml']
"""

from __future__ import annotations

from .base import LogicalSource, Record, READERS, read_records, open_text

__all__ = ["LogicalSource", "Record", "READERS", "read_records", "open_text"]
