"""What an analyst's read-only Cypher may do besides reading the graph.

A READ transaction already stops writes. These rules stop the rest of what a read can reach:
fetching URLs or files (LOAD CSV, a way into our network), server settings, other sessions'
transactions (SHOW/TERMINATE TRANSACTIONS) and procedures that act on the server. They are
checked on the query's plan (EXPLAIN), so nesting or spelling cannot hide an operator.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Read-only procedures that describe the graph.
ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
        "dbms.components",
    }
)
#: SHOW commands that describe the schema.
ALLOWED_COMMANDS = frozenset({"ShowIndexes", "ShowConstraints", "ShowFunctions", "ShowProcedures"})


def refusal(plan: Iterable[tuple[str, str]]) -> str | None:
    """Why a query whose plan has these (operator, details) steps is refused, or None."""
    for operator, details in plan:
        if operator == "LoadCSV":
            return "LOAD CSV is not available: analyst queries read the graph only"
        if operator == "ProcedureCall":
            name = details.split("(", 1)[0].strip()
            if name not in ALLOWED_PROCEDURES:
                return (
                    f"procedure {name} is not available to analyst queries "
                    f"(allowed: {', '.join(sorted(ALLOWED_PROCEDURES))})"
                )
        if operator.startswith(("Show", "Terminate")) and operator not in ALLOWED_COMMANDS:
            return f"{operator} is not available to analyst queries"
    return None
