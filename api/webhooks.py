"""The webhook delivery worker: signs and sends what the outbox in Neo4j holds.

One worker runs in each API process (started and stopped by the app's lifespan). Each pass
leases up to ``batch_size`` due deliveries (graph/webhooks.py), sends them at once and records
each attempt; a failure is retried with exponential backoff. Deliveries are at least once: a
worker that dies after sending but before recording leaves the delivery to another once the
lease runs out, and the receiver tells the repeat by its ``Idempotency-Key`` (the event's id).

The worker calls nothing but the registered URLs: no proxies from the environment, no
redirects followed, and each host name is resolved and every address checked before
connecting to the checked address itself, so a name that resolves to a loopback or private
address (or changes to one after the check) is refused unless WEBHOOK_ALLOW_PRIVATE_URLS.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import ipaddress
import logging
import os
import secrets
import socket
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import orjson

from graph import webhooks as outbox
from graph.client import GraphClient, Row
from graph.errors import GraphError
from graph.webhooks import Claimed, DeliveryStatus

log = logging.getLogger("stakegraph")

SIGNATURE_HEADER = "Stakegraph-Signature"
TIMESTAMP_HEADER = "Stakegraph-Timestamp"
EVENT_HEADER = "Stakegraph-Event-Id"
DELIVERY_HEADER = "Stakegraph-Delivery-Id"
ATTEMPT_HEADER = "Stakegraph-Attempt"
IDEMPOTENCY_HEADER = "Idempotency-Key"
USER_AGENT = "Stakegraph-Webhooks/1"
#: a receiver should refuse signatures older than this (a replay).
SIGNATURE_TOLERANCE_SECONDS = 300
MAX_ERROR_LENGTH = 500


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """The worker's settings (api/settings.py has the defaults and their meaning)."""

    poll_s: float
    timeout_s: float
    lease_s: float
    max_attempts: int
    backoff_s: float
    backoff_max_s: float
    batch_size: int
    allow_private: bool


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: HMAC-SHA256 of ``<timestamp>.<body>`` (as Stripe)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    now: float | None = None,
    tolerance_s: int = SIGNATURE_TOLERANCE_SECONDS,
) -> bool:
    """Whether ``header`` signs ``body`` with ``secret`` within ``tolerance_s`` of ``now``:
    what a receiver checks (docs/alerts.md has it for receivers in other languages)."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance_s:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, fields.get("v1", ""))


def event_body(event: Row) -> bytes:
    """The JSON a receiver gets for an alert event: the same bytes on every attempt."""
    payload: dict[str, Any] = {
        "id": event["id"],
        "type": f"risk_flag.{str(event['transition']).lower()}",
        "createdAt": event["at"],
        "data": {
            "accountId": event["accountId"],
            "accountName": event["accountName"],
            "code": event["code"],
            "transition": event["transition"],
            "personId": event["personId"],
            "personIds": event["personIds"] or [],
            "severity": event["severity"],
            "message": event["message"],
            "evidence": event["evidence"] or [],
            "asOf": event["asOf"],
        },
    }
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)


class AddressRefusedError(Exception):
    """The endpoint's host resolves to an address deliveries may not reach."""


async def pinned_request(
    url: str, *, allow_private: bool
) -> tuple[httpx.URL, dict[str, str], dict[str, Any]]:
    """The URL to connect to (the host's checked address), the Host header and the request
    extensions (TLS server name) for a delivery to ``url``."""
    target = httpx.URL(url)
    host = target.host
    port = target.port or (443 if target.scheme == "https" else 80)
    try:
        literal: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except OSError as exc:
            raise AddressRefusedError(f"{host} does not resolve: {exc}") from exc
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    refused = [a for a in addresses if not outbox.address_allowed(a, private=allow_private)]
    if not addresses or refused:
        raise AddressRefusedError(
            f"{host} resolves to {refused[0] if refused else 'nothing'}, not a public address"
        )
    # Connect to the address checked, not to whatever the name resolves to next.
    netloc = target.netloc.decode("ascii")
    extensions: dict[str, Any] = {}
    if literal is None and target.scheme == "https":
        extensions["sni_hostname"] = host  # TLS still checks the certificate for the name
    return target.copy_with(host=str(addresses[0])), {"Host": netloc}, extensions


class DeliveryWorker:
    """Polls the outbox and sends due deliveries until stopped."""

    def __init__(self, graph: GraphClient, config: WebhookConfig) -> None:
        self._graph = graph
        self._config = config
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        # No proxies or other settings from the environment, no redirects: only the URL.
        self._http = httpx.AsyncClient(
            timeout=config.timeout_s, follow_redirects=False, trust_env=False
        )

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="webhook-worker")

    async def stop(self) -> None:
        """Stop polling; a delivery in flight is abandoned (its lease runs out and it is sent
        again, by this or another process: at least once)."""
        self._stopping.set()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._http.aclose()

    async def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                sent = await self.run_once()
            except GraphError as exc:
                log.warning("webhook worker: Neo4j: %s", exc)
                sent = 0
            except Exception:  # a bug must not end deliveries for the process's life
                log.exception("webhook worker pass failed")
                sent = 0
            if sent < self._config.batch_size:  # a full batch: more may be due now
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self._config.poll_s)

    async def run_once(self) -> int:
        """One pass: lease due deliveries and attempt each; returns how many."""
        claimed = await outbox.claim(
            self._graph.session(),
            self.owner,
            timedelta(seconds=self._config.lease_s),
            self._config.batch_size,
        )
        await asyncio.gather(*(self._attempt(c) for c in claimed))
        return len(claimed)

    async def _send(self, delivery: Claimed, attempt: int) -> int:
        body = event_body(delivery.event)
        timestamp = int(time.time())
        url, host, extensions = await pinned_request(
            delivery.url, allow_private=self._config.allow_private
        )
        headers = {
            **host,
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            SIGNATURE_HEADER: sign(delivery.secret, timestamp, body),
            TIMESTAMP_HEADER: str(timestamp),
            EVENT_HEADER: str(delivery.event["id"]),
            IDEMPOTENCY_HEADER: str(delivery.event["id"]),
            DELIVERY_HEADER: delivery.id,
            ATTEMPT_HEADER: str(attempt),
        }
        # The whole exchange within the timeout (httpx's applies per read), body unread.
        async with asyncio.timeout(self._config.timeout_s):
            request = self._http.build_request(
                "POST", url, content=body, headers=headers, extensions=extensions
            )
            response = await self._http.send(request, stream=True)
            await response.aclose()
        return response.status_code

    async def _attempt(self, delivery: Claimed) -> None:
        cfg = self._config
        attempt = delivery.attempts + 1
        code: int | None = None
        error: str | None = None
        try:
            code = await self._send(delivery, attempt)
            if not 200 <= code < 300:
                error = f"HTTP {code}"
        except AddressRefusedError as exc:
            error = str(exc)
        except TimeoutError:
            error = f"no answer within {cfg.timeout_s:g} s"
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"
        if error is None:
            status, retry_in = DeliveryStatus.DELIVERED, None
        elif attempt >= cfg.max_attempts:
            status, retry_in = DeliveryStatus.FAILED, None
        else:
            status = DeliveryStatus.PENDING
            retry_in = timedelta(
                seconds=outbox.backoff_seconds(attempt, cfg.backoff_s, cfg.backoff_max_s)
            )
        recorded = await outbox.finish_attempt(
            self._graph.session(),
            delivery.id,
            self.owner,
            status=status,
            status_code=code,
            error=None if error is None else error[:MAX_ERROR_LENGTH],
            retry_in=retry_in,
        )
        log.info(
            "webhook delivery %s (event %s) attempt %d: %s%s",
            delivery.id,
            delivery.event["id"],
            attempt,
            status,
            f" ({error})" if error else "",
        )
        if not recorded:
            log.warning(
                "webhook delivery %s: lease lost before the attempt was recorded", delivery.id
            )
