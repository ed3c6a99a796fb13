"""Full-text search and browse lists, over an index written beside each store generation.

- :mod:`.lookup`: :class:`SearchIndex`, the searches and lists the pages ask for;
  :mod:`.results`: what they answer.
- :mod:`.index`: building the SQLite FTS5 index of one generation, whole or from an older one's.
- :mod:`.things`: what it reads of each thing from the store, and which things a change touches.
- :mod:`.update`: updating a copy of an older index, row by touched row.
- :mod:`.generations`: which generation gets its index when, and from which older one.

The names below are the package's public interface; import them from ``cultuurgraaf.search``.
"""

from .generations import (build_whole, changes_before, index_generation, index_path, index_ready, place_index,
                          read_changes, reusable, whole_index)
from .index import Changes, IndexOutcome, Reuse, build_index
from .things import FACET_NAMES, FACETS, sort_key
from .lookup import PER_PAGE, SearchIndex
from .results import FacetCounts, FacetValue, Hit, Results, match_expression

__all__ = [
    "FACETS", "FACET_NAMES", "PER_PAGE", "Changes", "FacetCounts", "FacetValue", "Hit", "IndexOutcome", "Results", "Reuse",
    "SearchIndex", "build_index", "build_whole", "changes_before", "index_generation", "index_path", "index_ready",
    "match_expression", "place_index", "read_changes", "reusable", "sort_key", "whole_index",
]
