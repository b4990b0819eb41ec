"""The GraphQL route: Strawberry's router, with request bodies checked before they are read,
and a GraphiQL page whose scripts and styles this API serves itself.

Strawberry answers a body it cannot parse with 400, but a body that is valid JSON yet no
GraphQL request (``42``, ``"x"``, ``null``), or that is not UTF-8, ended in a 500; and a lone
surrogate (``"\\ud800"``) in a variable reached the Neo4j driver, which cannot encode it. Each is
the client's mistake: a 400 saying what is wrong.

Strawberry's own GraphiQL page loads React and GraphiQL from a CDN, so it is blank without
internet; :meth:`GraphQLRoute.render_graphql_ide` serves ``api/graphiql.html`` instead, whose
assets are the committed copies in ``api/static/graphiql/`` (``make graphiql`` refreshes them
from the npm packages pinned in clients/package.json), mounted by api/app.py at
:data:`GRAPHIQL_ASSETS_PATH`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
from cross_web import HTTPException
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from graphql import GraphQLError
from starlette.routing import Route
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.types import ExecutionResult

from api import refusals
from api.graphql_http import (
    GRAPHQL_RESPONSE,
    JSON,
    code_request_errors,
    is_request_error,
    request_error_status,
    response_media_type,
)
from api.persisted import DOCUMENT_ID_KEYS, PersistedOperations, PersistedRefusal
from graph.errors import ErrorCode
from schema.context import Context
from schema.errors import deadline_error
from schema.response_cache import ResponseCache

log = logging.getLogger("stakegraph")

HERE = Path(__file__).resolve().parent
#: The committed GraphiQL assets, and the URL path api/app.py serves them at.
GRAPHIQL_ASSETS_DIR = HERE / "static" / "graphiql"
GRAPHIQL_ASSETS_PATH = "/graphiql-assets"
GRAPHIQL_PAGE = (HERE / "graphiql.html").read_text(encoding="utf-8")
#: The deepest nesting of a JSON body that is decoded (orjson's limit; deeper is a 400).
JSON_MAX_DEPTH = 1024


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


def _with_document_id(item: object) -> object:
    """A request naming its document by ``documentId`` or ``doc_id`` names it the APQ way."""
    if isinstance(item, dict):
        for key in DOCUMENT_ID_KEYS:
            if isinstance(item.get(key), str):
                extensions = item.get("extensions")
                extensions = dict(extensions) if isinstance(extensions, dict) else {}
                extensions["persistedQuery"] = {"version": 1, "sha256Hash": item[key]}
                item = {**item, "extensions": extensions}
                break
    return item


#: Seconds a request runs before its client is watched for a disconnect.
WATCH_CLIENT_AFTER_S = 0.5


class _ClientWatch:
    """Cancels a request's task once its client has closed the connection, from when
    :meth:`start` is called (the request's body has been read by then, so the server's next
    message is ``http.disconnect``: sent once the client is gone, or once the response is
    complete, when nobody waits for it any more)."""

    def __init__(self, request: Request, work: asyncio.Task[Any]) -> None:
        self.request = request
        self.work = work
        self.watcher: asyncio.Task[None] | None = None
        #: whether the watch cancelled the work; and whether the work is over (then it
        #: must not be cancelled: what comes next is the response).
        self.fired = False
        self.finished = False

    def start(self) -> None:
        self.watcher = asyncio.ensure_future(self._watch())

    async def _watch(self) -> None:
        while (await self.request.receive())["type"] != "http.disconnect":
            pass
        if not self.finished:
            self.fired = True
            self.work.cancel()

    async def stop(self) -> None:
        if self.watcher is not None and not self.watcher.done():
            self.watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.watcher


async def _single_operation(request: Request) -> dict[str, Any] | None:
    """The request's one operation as a GraphQL request's fields (``variables`` and
    ``extensions`` decoded), a persisted id named the APQ way; None for a batch, a body that
    is not JSON, or JSON that is no object."""
    try:
        if request.method == "GET":
            data: Any = dict(request.query_params)
            for key in ("variables", "extensions"):
                if isinstance(data.get(key), str):
                    data[key] = orjson.loads(data[key])
        elif request.headers.get("content-type", "").partition(";")[0].strip().lower() == JSON:
            data = orjson.loads(await request.body())
        else:
            return None
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    named = _with_document_id(data)
    assert isinstance(named, dict)
    return named


class GraphQLRoute(GraphQLRouter[Context, None]):
    def __init__(
        self,
        *args: Any,
        persisted: PersistedOperations,
        request_timeout_s: float,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.persisted = persisted
        #: the deadline of a whole request (every operation of a batch together).
        self.request_timeout_s = request_timeout_s
        self._serve_directly(kwargs.get("path", ""), kwargs["context_getter"])

    def _serve_directly(
        self, path: str, context_getter: Callable[[Request], Awaitable[Context]]
    ) -> None:
        """Answer GET and POST with a plain Starlette route in place of the router's two
        FastAPI routes: FastAPI solves an endpoint's dependencies (the request, a sub-response,
        the context, the root value) anew on every request, about a tenth of a small request's
        time in the profile, and the context getter needs only the request.

        A POST whose answer the response cache holds, fresh, is answered before GraphQL runs
        (:meth:`_answer_hit`), once the caller is authenticated and its scope resolved."""
        cache: ResponseCache | None = getattr(self.schema, "response_cache", None)

        async def endpoint(request: Request) -> Response:
            sub_response = Response()
            del sub_response.headers["content-length"]
            sub_response.status_code = None  # type: ignore[assignment]
            context = await context_getter(request)
            context.request = request
            context.response = sub_response
            if cache is not None:
                hit = await self._answer_hit(request, context, cache, sub_response)
                if hit is not None:
                    return hit
            # No await between setting it and ``run`` reading it: requests do not mix.
            self.temporal_response = sub_response
            try:
                return await self.run(request=request, context=context, root_value=None)
            except HTTPException as exc:
                # The body every GraphQL client reads, with a code, as other refusals.
                return JSONResponse(
                    refusals.body(ErrorCode.INVALID_REQUEST, exc.reason),
                    status_code=exc.status_code,
                )

        self.routes[:] = [
            route
            for route in self.routes
            if not (isinstance(route, APIRoute) and route.path == path)
        ]
        self.routes.append(Route(path, endpoint, methods=["GET", "POST"]))

    async def _answer_hit(
        self, request: Request, context: Context, cache: ResponseCache, sub_response: Response
    ) -> Response | None:
        """The response of a cache hit, without Strawberry: parsing, validation, the
        extensions and re-encoding the answer are most of a hit's time otherwise. For a single
        operation by GET or by a JSON POST, named by its text or by a persisted id (Relay's
        ``doc_id``, ``documentId``, APQ's hash); None for anything else (a batch, another
        body), or when nothing fresh is kept, and the request takes the whole path, which
        also words every refusal."""
        data = await _single_operation(request)
        if data is None:
            return None
        query, variables, operation, extensions = (
            data.get("query"),
            data.get("variables"),
            data.get("operationName"),
            data.get("extensions"),
        )
        if (
            not isinstance(query, str | None)
            or not isinstance(variables, dict | None)
            or not isinstance(operation, str | None)
            or not isinstance(extensions, dict | None)
        ):
            return None
        document = self.persisted.document(query, PersistedOperations.requested_id(extensions))
        if not isinstance(document, str):
            return None
        try:
            async with asyncio.timeout(self.request_timeout_s):
                body = await cache.serve_hit(document, operation, variables, context)
        except TimeoutError:
            late = self._deadline_result(context)
            self._media(request, sub_response, late)
            return self.create_response(await self.process_result(request, late), sub_response)
        if body is None:
            return None
        response = Response(body, media_type=response_media_type(request.headers.get("accept")))
        response.headers.raw.extend(sub_response.headers.raw)  # the rate limit's
        return response

    def _deadline_result(self, context: Context) -> ExecutionResult:
        graph = context.graph
        error = deadline_error(
            self.request_timeout_s, stored=graph.stored, write_cut_off=graph.write_cut_off
        )
        return ExecutionResult(data=None, errors=[error])

    @staticmethod
    def _media(request: Any, sub_response: Any, result: Any) -> None:
        """Set the response's media type (and a request error's status) by ``Accept``."""
        if response_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE:
            # Read by create_response; a batch's items share the type and keep 200.
            sub_response.headers["content-type"] = GRAPHQL_RESPONSE
            if (
                isinstance(result, ExecutionResult)
                and is_request_error(result)
                and not sub_response.status_code
            ):
                sub_response.status_code = request_error_status(result.errors or [])

    async def execute_operation(
        self,
        request: Any,
        request_adapter: Any,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Any,
    ) -> Any:
        """The operation (or batch) within the request's deadline, and only while its client
        is there: past the deadline, or once the client has gone, its work is cancelled, which
        closes its Neo4j connections, so the server stops their transactions too.

        The work runs in the request's own task; the client is watched only once the work has
        run for :data:`WATCH_CLIENT_AFTER_S` (a task per request and ``asyncio.wait`` were a
        tenth of a small request's time in the profile, and a request that answers sooner
        has nothing to stop)."""
        current = asyncio.current_task()
        assert current is not None  # a coroutine of the server's request task
        watch = _ClientWatch(request, current)
        handle = asyncio.get_running_loop().call_later(WATCH_CLIENT_AFTER_S, watch.start)
        try:
            async with asyncio.timeout(self.request_timeout_s):
                result = await super().execute_operation(
                    request=request,
                    request_adapter=request_adapter,
                    request_data=request_data,
                    context=context,
                    root_value=root_value,
                    sub_response=sub_response,
                )
        except TimeoutError:
            result = self._late(request_data, context)
        except asyncio.CancelledError:
            # Ours only when the watch cancelled it; the server shutting down is not.
            if not watch.fired or current.uncancel() > 0:
                raise
            log.info("client went away; its request's work was stopped")
            result = self._late(request_data, context)
        finally:
            watch.finished = True  # no await since the work ended: the watch cannot fire
            handle.cancel()
            await watch.stop()
        self._media(request, sub_response, result)
        return result

    def _late(
        self, request_data: GraphQLRequestData | list[GraphQLRequestData], context: Context
    ) -> ExecutionResult | list[ExecutionResult]:
        if isinstance(request_data, list):
            return [self._deadline_result(context) for _ in request_data]
        return self._deadline_result(context)

    def should_render_graphql_ide(self, request: Any) -> bool:
        # A GET naming a persisted query by its hash (APQ) is a request, not a page visit.
        return bool(
            super().should_render_graphql_ide(request)
            and request.query_params.get("extensions") is None
        )

    async def execute_single(
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        document = self.persisted.document(
            request_data.query, PersistedOperations.requested_id(request_data.extensions)
        )
        if isinstance(document, PersistedRefusal):
            return ExecutionResult(
                data=None,
                errors=[GraphQLError(document.message, extensions={"code": document.code})],
            )
        request_data.query = document
        result = await super().execute_single(
            request=request,
            request_adapter=request_adapter,
            sub_response=sub_response,
            context=context,
            root_value=root_value,
            request_data=request_data,
        )
        code_request_errors(result)
        return result

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        body = process_result(result)
        if is_request_error(result) and (
            response_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE
        ):
            # A request error has no data entry (application/json keeps `data: null`, which
            # clients written before the spec read).
            return {key: value for key, value in body.items() if key != "data"}  # type: ignore[return-value]
        return body

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        media_type = sub_response.headers.get("content-type", JSON)
        if "content-type" in sub_response.headers:
            del sub_response.headers["content-type"]
        response = Response(
            self.encode_json(response_data),
            media_type=media_type,
            status_code=sub_response.status_code or 200,
        )
        response.headers.raw.extend(sub_response.headers.raw)
        return response

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        # Relative to where the app is mounted (root_path), so a reverse proxy's prefix holds.
        assets = request.scope.get("root_path", "") + GRAPHIQL_ASSETS_PATH
        return HTMLResponse(GRAPHIQL_PAGE.replace("{{assets}}", assets))

    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json.dumps on a large org chart, same JSON.
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        try:
            # The usual body, fast: orjson refuses what the checks below refuse (bodies that
            # are not UTF-8, lone surrogates), so what it accepts needs no walk for them.
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            return self._decode_checked(data)  # the slow path words each refusal
        if isinstance(value, dict):
            return _with_document_id(value)
        if isinstance(value, list):
            return [_with_document_id(item) for item in value]
        return self._decode_checked(data)

    def _decode_checked(self, data: str | bytes) -> object:
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise HTTPException(400, "The request body is not UTF-8.") from exc
        try:
            value = json.loads(data)
        except RecursionError as exc:
            # orjson stops at this depth; json would recurse until Python's own limit.
            raise HTTPException(
                400,
                f"The request's JSON nests arrays and objects deeper than {JSON_MAX_DEPTH} levels.",
            ) from exc
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
        if isinstance(value, list):
            return [_with_document_id(item) for item in value]
        return _with_document_id(value)
