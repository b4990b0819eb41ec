"""The FastAPI application: one Neo4j driver per process, GraphQL at /graphql, health probes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api.body_limit import BodySizeLimit
from api.deps import GraphDep, ViewerDep
from api.export import router as export_router
from api.graph_access import open_graph
from api.graphql_route import GRAPHIQL_ASSETS_DIR, GRAPHIQL_ASSETS_PATH, GraphQLRoute
from api.settings import Settings
from schema import build_schema
from schema.context import Context


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    config = settings.schema_config()

    async def context_getter(graph: GraphDep, viewer: ViewerDep) -> Context:
        return Context(graph=graph.session(), config=config, viewer=viewer)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_graph(settings) as graph:
            app.state.graph = graph
            yield

    app = FastAPI(title="Stakegraph", version="0.1.0", lifespan=lifespan)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    if settings.cors_origins:
        # A browser app on another origin: its preflight is answered, credentials included.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type"],
            allow_credentials=True,
            max_age=600,
        )
    router = GraphQLRoute(
        build_schema(config),
        context_getter=context_getter,
        graphql_ide="graphiql" if settings.graphiql else None,
    )
    app.include_router(router, prefix="/graphql")
    if settings.graphiql:
        # GraphiQL's scripts and styles, served here: the page needs no internet.
        app.mount(GRAPHIQL_ASSETS_PATH, StaticFiles(directory=GRAPHIQL_ASSETS_DIR))
    app.include_router(export_router)

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        """Liveness: the process serves requests."""
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"])
    async def readyz(graph: GraphDep) -> JSONResponse:
        """Readiness: Neo4j answers a query now."""
        if await graph.ping():
            return JSONResponse({"status": "ready", "neo4j": "up"})
        return JSONResponse({"status": "unavailable", "neo4j": "down"}, status_code=503)

    return app
