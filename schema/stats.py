"""Reports a request's graph work in the response: its Cypher round trips, and the bookmark of
its writes.

Clients and tests read ``extensions.cypherRoundTrips`` to see that a request's queries do not
grow with the size of its result. After a write, ``extensions.bookmark`` (and the
:data:`BOOKMARK_HEADER` response header) holds the database's bookmark of it: a client that sends
it back in that request header reads its own write on any other API process, a cluster reader
included, which waits until it has caught up.
"""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension

#: The request and response header of a bookmark: comma-separated values, as Neo4j gave them.
BOOKMARK_HEADER = "Stakegraph-Bookmark"


def graph_report(context: object) -> dict[str, Any]:
    """``extensions``' entries of a request's graph work (also for a cache hit answered
    before GraphQL runs, api/graphql_route.py)."""
    graph = getattr(context, "graph", None)
    if graph is None:
        return {}
    results: dict[str, Any] = {"cypherRoundTrips": graph.stats.round_trips}
    if graph.written_bookmarks:
        bookmark = ",".join(graph.written_bookmarks)
        results["bookmark"] = bookmark
        response = getattr(context, "response", None)
        if response is not None:
            response.headers[BOOKMARK_HEADER] = bookmark
    return results


class QueryStatsExtension(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        return graph_report(self.execution_context.context)
