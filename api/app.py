"""The FastAPI application: one Neo4j driver per process, GraphQL at /graphql, health probes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from api.auth import Authenticator, JwtVerifier, KeyVerifier
from api.body_limit import BodySizeLimit
from api.cypher_export import router as cypher_export_router
from api.deps import GraphDep, client_bookmarks, get_graph, graphql_identity, session_for
from api.explorer import EXPLORER_ASSETS_DIR, EXPLORER_ASSETS_PATH
from api.explorer import router as explorer_router
from api.export import router as export_router
from api.graph_access import open_graph
from api.graphql_route import GRAPHIQL_ASSETS_DIR, GRAPHIQL_ASSETS_PATH, GraphQLRoute
from api.persisted import PersistedOperations, load_manifest
from api.refusals import Refusal, answer_refusal
from api.request_log import RequestLog
from api.settings import Settings
from api.webhooks import DeliveryWorker
from schema import build_schema
from schema.context import Context
from schema.stats import BOOKMARK_HEADER
from schema.throttle import CostThrottle

log = logging.getLogger("stakegraph")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    config = settings.schema_config()

    throttle = (
        CostThrottle(settings.rate_limit_capacity, settings.rate_limit_restore_per_second)
        if settings.rate_limit_capacity
        else None
    )
    jwt_settings = settings.jwt_settings()
    # Read before the first request: a JWKS file that cannot be read stops the start.
    jwt_verifier = JwtVerifier(jwt_settings) if jwt_settings else None

    async def context_getter(request: Request) -> Context:
        # The graph and the identity come from the same functions the routes' dependencies
        # call, called directly: FastAPI resolves each declared dependency anew on every
        # request (inspecting it), a share of a small request's fixed cost.
        graph = await get_graph(request)
        identity = await graphql_identity(request)
        authenticator: Authenticator = request.app.state.authenticator
        return Context(
            graph=await session_for(graph, identity, client_bookmarks(request)),
            config=config,
            identity=identity,
            forget_key=authenticator.keys.forget,
            throttle=throttle,
        )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_graph(settings) as graph:
            app.state.graph = graph
            app.state.authenticator = Authenticator(
                KeyVerifier(graph, settings.api_key_cache_seconds),
                jwt_verifier,
                required=settings.auth_required,
            )
            if not settings.auth_required:
                log.warning(
                    "authentication is off (AUTH_REQUIRED=false): requests without credentials "
                    "on %s act as an admin",
                    settings.host,
                )
            # Webhook deliveries from Neo4j's outbox, beside the requests, never in their way.
            worker = DeliveryWorker(graph, settings.webhook_config())
            if settings.webhook_worker:
                worker.start()
            app.state.webhook_worker = worker
            try:
                yield
            finally:
                await worker.stop()

    off = {"tracing": False, "metrics": False, "logs": False}
    app = FastAPI(
        title="Stakegraph",
        version="0.1.0",
        lifespan=lifespan,
        telemetry=None if settings.telemetry else off,  # type: ignore[arg-type]
    )
    app.add_exception_handler(Refusal, answer_refusal)
    #: the request limits, for routes beside GraphQL (the analyst exports read the Cypher caps).
    app.state.schema_config = config
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    if settings.cors_origins:
        # A browser app on another origin: its preflight is answered, credentials included.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", BOOKMARK_HEADER],
            expose_headers=[BOOKMARK_HEADER],
            allow_credentials=True,
            max_age=600,
        )
    # Outermost: the line is written for requests any layer refused, too.
    app.add_middleware(RequestLog)
    persisted = PersistedOperations(
        load_manifest(settings.persisted_operations_file)
        if settings.persisted_operations_file
        else {},
        only=settings.persisted_operations_only,
        automatic=settings.persisted_queries,
    )
    schema = build_schema(config)
    #: the schema, for routes that answer from a GraphQL operation (the stakeholder-map sheet).
    app.state.schema = schema
    router = GraphQLRoute(
        schema,
        path="/graphql",
        persisted=persisted,
        request_timeout_s=settings.request_timeout_seconds,
        context_getter=context_getter,
        graphql_ide="graphiql" if settings.graphiql else None,
    )
    app.include_router(router)
    if settings.graphiql:
        # GraphiQL's scripts and styles, served here: the page needs no internet.
        app.mount(GRAPHIQL_ASSETS_PATH, StaticFiles(directory=GRAPHIQL_ASSETS_DIR))
    if settings.explorer:
        # The org-chart explorer: a page and its committed script; its data comes via /graphql.
        app.include_router(explorer_router)
        app.mount(EXPLORER_ASSETS_PATH, StaticFiles(directory=EXPLORER_ASSETS_DIR))
    app.include_router(export_router)
    app.include_router(cypher_export_router)

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
