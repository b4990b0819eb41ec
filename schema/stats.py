"""Reports the Cypher round trips of a request in the response's ``extensions``.

Clients and tests read ``extensions.cypherRoundTrips`` to see that a request's queries do not
grow with the size of its result.
"""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension


class QueryStatsExtension(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        graph = getattr(context, "graph", None)
        if graph is None:
            return {}
        return {"cypherRoundTrips": graph.stats.round_trips}
