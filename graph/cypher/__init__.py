"""All Cypher of Stakegraph, as named and parameterised constants.

User input only ever reaches Cypher as parameters; no module builds a query by formatting user
input into its text.
"""

from __future__ import annotations

from collections.abc import Mapping


def stored_fields(
    var: str, props: Mapping[str, str], defaults: Mapping[str, str] | None = None
) -> str:
    """The map-projection entries ``field: var.property`` of an entity's stored fields
    (``graph.dataset.*_PROPS``), with a Cypher default where ``defaults`` gives one."""
    defaults = defaults or {}
    return ", ".join(
        f"{name}: coalesce({var}.{prop}, {defaults[name]})"
        if name in defaults
        else f"{name}: {var}.{prop}"
        for name, prop in props.items()
    )
