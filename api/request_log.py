"""One log line per HTTP request: method, path, status, time and who asked (no secrets)."""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.access import Identity

log = logging.getLogger("stakegraph.access")


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            # identity_of (api/deps.py) leaves the identity in the request's state.
            identity = scope.get("state", {}).get("identity")
            who = identity.describe() if isinstance(identity, Identity) else "-"
            log.info(
                "%s %s %d %.1f ms %s",
                scope["method"],
                scope["path"],
                status,
                (time.perf_counter() - started) * 1000,
                who,
            )
