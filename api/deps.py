"""Request dependencies shared by every route: the graph client and who is asking."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.client import GraphClient
from schema.context import Viewer

# Async, though they await nothing: FastAPI runs a plain ``def`` dependency in a worker thread,
# a hop that cost a sixth of a `{ __typename }` request.


async def get_graph(request: Request) -> GraphClient:
    graph: GraphClient = request.app.state.graph
    return graph


async def viewer_from(request: Request) -> Viewer:
    """Who is asking; authentication plugs in here (and only here)."""
    return Viewer()


GraphDep = Annotated[GraphClient, Depends(get_graph)]
ViewerDep = Annotated[Viewer, Depends(viewer_from)]
