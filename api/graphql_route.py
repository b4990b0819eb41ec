"""The GraphQL route: Strawberry's router, with request bodies checked before they are read.

Strawberry answers a body it cannot parse with 400, but a body that is valid JSON yet no
GraphQL request (``42``, ``"x"``, ``null``), or that is not UTF-8, ended in a 500; and a lone
surrogate (``"\\ud800"``) in a variable reached the Neo4j driver, which cannot encode it. Each is
the client's mistake: a 400 saying what is wrong.
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException
from strawberry.fastapi import GraphQLRouter

from schema.context import Context


def _has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


class GraphQLRoute(GraphQLRouter[Context, None]):
    def decode_json(self, data: str | bytes) -> object:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise HTTPException(400, "The request body is not UTF-8.") from exc
        value = json.loads(data)
        if not isinstance(value, dict | list):
            raise HTTPException(
                400, "The request body must be a JSON object: {query, variables, operationName}."
            )
        if _has_lone_surrogate(value):
            raise HTTPException(
                400,
                "The request holds text that is not valid Unicode (a lone surrogate such as "
                "\\ud800); send well-formed UTF-8.",
            )
        return value
