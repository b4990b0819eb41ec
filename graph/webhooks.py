"""Webhooks: endpoints an admin registers, and the outbox of their deliveries in Neo4j.

The score refresh writes a pending ``WebhookDelivery`` per alert event and endpoint that
wants it, in the transaction that records the event (graph/cypher/scores.py). A worker in each
API process (api/webhooks.py) claims due deliveries with a lease, sends them and records each
attempt here, so several processes never send one delivery at once and a process that dies
mid-delivery leaves it to another once its lease runs out (at least once).
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from graph.client import GraphSession, Row
from graph.cypher import alerts as cypher
from graph.errors import ErrorCode, NotFoundError, Subject, WriteRejectedError
from graph.reads import Page, paged
from scoring.vocabulary import AlertTransition

MAX_URL_LENGTH = 2048
MAX_DESCRIPTION_LENGTH = 200
MIN_SECRET_LENGTH = 16
MAX_SECRET_LENGTH = 200
SECRET_START = "whsec_"
SCHEMES = frozenset({"http", "https"})


class DeliveryStatus(StrEnum):
    """Where a delivery stands: due or being retried, received, given up, or cancelled (its
    webhook was deleted first)."""

    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True, slots=True)
class Webhook:
    id: str
    url: str
    codes: tuple[str, ...]
    transitions: tuple[str, ...]
    description: str | None
    active: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class CreatedWebhook:
    """A new webhook and, this once, its signing secret."""

    webhook: Webhook
    secret: str


@dataclass(frozen=True, slots=True)
class Claimed:
    """A delivery this worker holds a lease on, with what sending it needs."""

    id: str
    attempts: int
    url: str
    secret: str
    event: Row


def address_allowed(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address, *, private: bool
) -> bool:
    """Whether a delivery may connect to ``address``: a public one, or with ``private`` any
    but the unspecified and multicast addresses (loopback, RFC 1918, link-local, as a test's or
    an on-premises receiver needs)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_unspecified or address.is_multicast:
        return False
    return private or address.is_global


def url_problem(url: str, *, private: bool) -> str | None:
    """Why ``url`` cannot be a webhook endpoint, or None. Host names are resolved (and their
    addresses checked the same way) when delivering, not here."""
    if len(url) > MAX_URL_LENGTH:
        return f"at most {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 (a port that is no number raises here)
    except ValueError as exc:
        return f"not a URL: {exc}"
    if parts.scheme not in SCHEMES:
        return "only http and https URLs"
    if not host:
        return "the URL needs a host"
    if parts.username is not None or parts.password is not None:
        return "no credentials in the URL (the signature authenticates us)"
    if parts.fragment:
        return "no fragment in the URL"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if not private and (host == "localhost" or host.endswith(".localhost")):
            return "a loopback host (WEBHOOK_ALLOW_PRIVATE_URLS allows it)"
        return None
    if not address_allowed(address, private=private):
        return f"{address} is not a public address (WEBHOOK_ALLOW_PRIVATE_URLS allows private ones)"
    return None


def backoff_seconds(attempts: int, base: float, cap: float) -> float:
    """The wait before the next attempt after ``attempts`` failed ones: doubling from
    ``base``, at most ``cap``."""
    return float(min(cap, base * 2 ** max(0, attempts - 1)))


def _webhook(record: dict[str, Any]) -> Webhook:
    return Webhook(
        id=record["id"],
        url=record["url"],
        codes=tuple(record.get("codes") or ()),
        transitions=tuple(record.get("transitions") or ()),
        description=record.get("description"),
        active=bool(record.get("active")),
        created_at=record["createdAt"],
    )


def _checked(
    url: str,
    transitions: Sequence[str],
    secret: str | None,
    description: str | None,
    private: bool,
) -> None:
    problem = url_problem(url, private=private)
    if problem:
        raise WriteRejectedError(ErrorCode.INVALID, problem, Subject("url"))
    if not transitions:
        raise WriteRejectedError(
            ErrorCode.REQUIRED, "name the transitions wanted", Subject("transitions")
        )
    if secret is not None and not MIN_SECRET_LENGTH <= len(secret) <= MAX_SECRET_LENGTH:
        raise WriteRejectedError(
            ErrorCode.OUT_OF_RANGE,
            f"a secret has {MIN_SECRET_LENGTH} to {MAX_SECRET_LENGTH} characters",
            Subject("secret"),
        )
    if description is not None and len(description) > MAX_DESCRIPTION_LENGTH:
        raise WriteRejectedError(
            ErrorCode.TOO_LONG,
            f"at most {MAX_DESCRIPTION_LENGTH} characters",
            Subject("description"),
        )


async def create_webhook(
    session: GraphSession,
    url: str,
    *,
    codes: Sequence[str] = (),
    transitions: Sequence[str] = tuple(AlertTransition),
    secret: str | None = None,
    description: str | None = None,
    allow_private: bool = False,
) -> CreatedWebhook:
    """Register an endpoint for events of ``codes`` (all when empty); without a ``secret``
    one is made. Deliveries start with the next events, not past ones."""
    url = url.strip()
    _checked(url, transitions, secret, description, allow_private)
    secret = secret or SECRET_START + secrets.token_urlsafe(32)
    rows = await session.write(
        cypher.CREATE_WEBHOOK,
        {
            "url": url,
            "codes": sorted(set(codes)),
            "transitions": sorted(set(transitions)),
            "secret": secret,
            "description": description,
        },
    )
    return CreatedWebhook(webhook=_webhook(rows[0]["webhook"]), secret=secret)


async def list_webhooks(session: GraphSession) -> list[Webhook]:
    return [_webhook(row["webhook"]) for row in await session.read(cypher.WEBHOOKS)]


async def delete_webhook(session: GraphSession, webhook_id: str) -> tuple[Webhook, int]:
    """Delete a webhook; returns it and how many of its pending deliveries were cancelled."""
    rows = await session.write(cypher.DELETE_WEBHOOK, {"id": webhook_id})
    if not rows:
        raise NotFoundError("webhook", webhook_id, Subject("id"))
    return _webhook(rows[0]["webhook"]), int(rows[0]["cancelled"])


async def deliveries_page(
    session: GraphSession,
    *,
    webhook_id: str | None,
    status: str | None,
    event_id: str | None,
    after: Sequence[Any] | None,
    limit: int,
) -> Page:
    """One page of the delivery log, newest first, after the key ``after``
    (graph.keyset.DELIVERIES; one round trip)."""
    return await paged(
        session,
        cypher.DELIVERIES_PAGE if after is None else cypher.DELIVERIES_PAGE_AFTER,
        {"webhookId": webhook_id, "status": status, "eventId": event_id},
        after,
        limit,
    )


def _ms(delta: timedelta) -> int:
    return int(delta.total_seconds() * 1000)


async def claim(session: GraphSession, owner: str, lease: timedelta, limit: int) -> list[Claimed]:
    """Lease up to ``limit`` due deliveries to ``owner`` (two round trips)."""
    due = await session.read(cypher.DUE_DELIVERIES, {"limit": limit})
    if not due:
        return []
    rows = await session.write(
        cypher.CLAIM_DELIVERIES,
        {"ids": [r["id"] for r in due], "owner": owner, "leaseMs": _ms(lease)},
    )
    return [
        Claimed(
            id=r["id"],
            attempts=int(r["attempts"]),
            url=r["url"],
            secret=r["secret"],
            event=r["event"],
        )
        for r in rows
    ]


async def finish_attempt(
    session: GraphSession,
    delivery_id: str,
    owner: str,
    *,
    status: DeliveryStatus,
    status_code: int | None,
    error: str | None,
    retry_in: timedelta | None,
) -> bool:
    """Record an attempt of a delivery ``owner`` holds; False when its lease was lost."""
    rows = await session.write(
        cypher.FINISH_ATTEMPT,
        {
            "id": delivery_id,
            "owner": owner,
            "status": status.value,
            "statusCode": status_code,
            "error": error,
            "delayMs": None if retry_in is None else _ms(retry_in),
        },
    )
    return bool(rows)
