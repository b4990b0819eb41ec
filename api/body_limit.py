"""A cap on request bodies: a larger one is answered 413 before it is read whole.

Without it a 20 MB body was read and parsed (+60 MB of memory) only to be refused later. The
cap holds for a declared ``Content-Length`` and for a body streamed without one.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.refusals import body
from graph.errors import ErrorCode


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """ASGI middleware refusing request bodies over ``max_bytes`` with 413."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _refusal(self) -> JSONResponse:
        return JSONResponse(
            body(
                ErrorCode.REQUEST_TOO_LARGE,
                f"The request body is larger than {self.max_bytes} bytes (MAX_REQUEST_BYTES).",
            ),
            status_code=413,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                response = JSONResponse(
                    body(ErrorCode.INVALID, "Content-Length is not a number."), status_code=400
                )
                await response(scope, receive, send)
                return
            if int(declared) > self.max_bytes:
                await self._refusal()(scope, receive, send)
                return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except _TooLarge:
            if not started:
                await self._refusal()(scope, receive, send)
