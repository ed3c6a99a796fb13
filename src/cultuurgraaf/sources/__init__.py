"""Readers for source extracts: one per format, each yielding records with their place in the file.

A reader opens a :class:`LogicalSource` as a stream of raw records. ``accessor(reference)``
says how a reference (a CSV column, a JSONPath, an XPath) reads values from a record, and
``locator()`` where the current record sits (``line 12``, ``/rootObject/3/event``,
``/organisaties/organisatie[3]``), which lineage and validation reports point at.

Readers are registered by name and loaded lazily::

    >>> sorted(READERS)
    ['csv', 'json', 'jsonld', 'marc', 'ndjson', 'sparql', 'sparql-csv', 'sparql-json', 'sparql-tsv', 'sparql-xml', 'sql-query', \
'sql-table', 'tsv', 'xml']
"""

from __future__ import annotations

from .base import (LogicalSource, Record, Records, READERS, SourceLiteral, SourceNode, open_records, open_text,
                   read_records, text_of)

__all__ = ["LogicalSource", "Record", "Records", "READERS", "SourceLiteral", "SourceNode", "open_records", "open_text",
           "read_records", "text_of"]
