"""What an analyst's read-only Cypher may do besides reading the graph.

A READ transaction already stops writes. These rules stop the rest of what a read can reach:
fetching URLs or files (LOAD CSV, a way into our network), server settings, other sessions'
transactions (SHOW/TERMINATE TRANSACTIONS) and procedures that act on the server. They are
checked on the query's plan (EXPLAIN), so nesting or spelling cannot hide an operator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: The longest analyst query accepted, in characters (the GraphQL field, the HTTP exports and the
#: CLI ask the same).
MAX_QUERY_CHARS = 20_000

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


def refusal(plan: Iterable[tuple[str, str]], query_type: str | None = "r") -> str | None:
    """Why a query whose plan has these (operator, details) steps is refused, or None.

    ``query_type`` is the server's verdict on the whole query (``r`` for read only); an
    administration command (SHOW USERS, SHOW DATABASES ...) is planned as one
    ``AdministrationCommand`` step on the system database, of type ``s``.
    """
    steps = list(plan)
    if any(operator == "AdministrationCommand" for operator, _ in steps):
        return (
            "administration commands (SHOW USERS, SHOW CURRENT USER, SHOW DATABASES ...) are "
            "not available to analyst queries"
        )
    for operator, details in steps:
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
    if query_type != "r":
        return "analyst queries read the graph only"
    return None


#: What the server is asked first, to check the plan; its syntax errors are located in it.
PLAN_PREFIX = "EXPLAIN "
_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")


def located(message: str) -> str:
    """A syntax error of the planned ``EXPLAIN <query>``, located in the analyst's query:
    positions on the first line and offsets move back by the prefix, and the echoed line and
    its caret lose it."""
    shift = len(PLAN_PREFIX)

    def position(match: re.Match[str]) -> str:
        line, column, offset = (int(g) for g in match.groups())
        if line == 1:
            column -= shift
        return f"(line {line}, column {column} (offset: {offset - shift}))"

    lines = _POSITION.sub(position, message).split("\n")
    for i, text in enumerate(lines):
        if text.startswith('"' + PLAN_PREFIX):
            lines[i] = '"' + text[len(PLAN_PREFIX) + 1 :]
            if i + 1 < len(lines) and lines[i + 1].strip() == "^":
                lines[i + 1] = lines[i + 1][shift:]
    return "\n".join(lines)


def timed_out(timeout_s: float) -> str:
    """What an analyst reads when a query ran past its time limit."""
    return (
        f"the query ran past the analyst time limit of {timeout_s:g} s (CYPHER_TIMEOUT_S) and "
        "was stopped; narrow it: start from an indexed property (an account's id, a person's "
        "name), add a LIMIT, or aggregate earlier"
    )
