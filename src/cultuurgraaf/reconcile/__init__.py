"""The reconciliation service: the W3C Reconciliation API (version 0.2, as OpenRefine speaks it) over
the graph's search index and linking keys, for people who match a spreadsheet's names and authority
ids to the graph's things (docs/reconciliation.md).

- :mod:`.service`: :class:`ReconciliationService`, the manifest, suggestions, previews, types and properties.
- :mod:`.requests`: reading the queries and extension requests a client sends.
- :mod:`.matching`: the candidates of one query; :mod:`.scoring`: their scores and the match decision.
- :mod:`.extend`: the values of properties of reconciled things.

The names below are the package's public interface; import them from ``cultuurgraaf.reconcile``.
"""

from .extend import extend
from .requests import ExtendRequest, PropertyValue, Query, read_extend, read_queries
from .scoring import name_score
from .service import ReconciliationService

__all__ = ["ExtendRequest", "PropertyValue", "Query", "ReconciliationService", "extend", "name_score",
           "read_extend", "read_queries"]
