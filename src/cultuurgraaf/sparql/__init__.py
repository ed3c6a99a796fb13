"""Running SPARQL: the checks a query passes, where it runs, and the answer it gets.

- :mod:`.tokens`: a SPARQL text as tokens, which the checks read.
- :mod:`.checks`: a query's form and dataset, and the rules a public endpoint keeps (SERVICE,
  LOAD and updates only as allowed); :func:`run_query` for the command line.
- :mod:`.remote_calls`: finding SERVICE and LOAD, from the tokens or, where those could be
  misread, with a full parse.
- :mod:`.bounded`: the queries that cannot run long, which need no worker.
- :mod:`.jobs`: what a worker process does with a query or an update, within its limits.
- :mod:`.workers`: worker processes that the limits can stop, the fair line in which queries wait
  for them, and the writer for updates.
- :mod:`.remote_service`: the same interface when the store is a SPARQL server.
- :mod:`.service`: :class:`SparqlService`, which decides where a checked query runs.
- :mod:`.examples`: the example queries of a project's ``queries/``.

The names below are the package's public interface; import them from ``cultuurgraaf.sparql``.
"""

from ..errors import QueryBusy, QueryFailed, ServiceRefused, UpdateRefused
from .bounded import ROWS_HERE, is_bounded
from .checks import (CheckedQuery, Dataset, check_query, graph_iris, prepare_update, query_form, run_query, screen_query,
                     screen_update, with_using)
from .examples import examples, queries_folder
from .remote_calls import check_services, remote_calls
from .tokens import Token, tokens, unescape_codepoints
from .jobs import (Answer, QueryJob, UpdateJob, execute_query, execute_update, mark_truncated, record_changes,
                   truncation_message)
from .remote_service import RemoteQueryService
from .service import SparqlService
from .workers import RETRY_AFTER_S, QueryService, WorkerPool, execute_here

__all__ = [
    "ROWS_HERE", "RETRY_AFTER_S", "Answer", "CheckedQuery", "Dataset", "QueryBusy", "QueryFailed", "QueryJob",
    "QueryService", "RemoteQueryService", "ServiceRefused", "SparqlService", "Token", "UpdateJob", "UpdateRefused",
    "WorkerPool", "check_query", "check_services", "examples", "execute_here", "execute_query", "execute_update",
    "graph_iris", "is_bounded", "mark_truncated", "prepare_update", "queries_folder", "query_form", "record_changes",
    "remote_calls", "run_query", "screen_query", "screen_update", "tokens", "truncation_message",
    "unescape_codepoints", "with_using",
]
