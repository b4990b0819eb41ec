"""Cypher for alert events (risk-flag transitions), webhooks and their delivery outbox."""

from __future__ import annotations

_EVENT_FIELDS = (
    ".id, .accountId, .accountName, .code, .transition, .personId, .personIds, .message, "
    ".evidence, .severity, .asOf, .at"
)

_ALERT_CONDITIONS = """($codes IS NULL OR e.code IN $codes)
  AND ($transitions IS NULL OR e.transition IN $transitions)
  AND ($since IS NULL OR e.at >= $since)
"""
#: Every account's events, or one account's: a statement of its own, since an
#: ``$accountId IS NULL OR`` condition keeps the planner off the (accountId, at) index, which
#: it seeks only with a condition on both properties (every event has its ``at``), and even then
#: would rather scan the index on ``at`` alone for the order unless told.
_ALERT_FILTER = "\nMATCH (e:AlertEvent)\nWHERE " + _ALERT_CONDITIONS
_ACCOUNT_ALERT_FILTER = (
    "\nMATCH (e:AlertEvent)\nWHERE e.accountId = $accountId AND e.at IS NOT NULL\n  AND "
    + _ALERT_CONDITIONS
)


def _newest_first(var: str, prop: str, match: str, after: bool) -> str:
    """``match`` (binding ``var``), newest first by the datetime ``prop``, ties by id
    descending, at most $limit; ``after``: after the key $after, [epochSeconds, nanosecond, id]
    (graph.keyset.ALERTS and DELIVERIES), which keeps Neo4j's full precision where a Python
    datetime would not. The bound on the instant alone is what the index on it seeks from; the
    tie rule is a CASE, as an OR would be planned as a union of two seeks that read the rest."""
    at, key = f"{var}.{prop}", f"{var}.id"
    head = (
        "WITH datetime({epochSeconds: $after[0], nanosecond: $after[1]}) AS afterAt\n"
        + match
        + f"  AND {at} <= afterAt AND CASE WHEN {at} = afterAt THEN {key} < $after[2]"
        " ELSE true END\n"
        if after
        else match + f"  AND {at} IS NOT NULL\n"
    )
    return (
        head
        + f"WITH {var} ORDER BY {at} DESC, {key} DESC LIMIT $limit\n"
        + f"RETURN collect([{at}.epochSeconds, {at}.nanosecond, {key}]) AS keys, "
    )


def _newest_first_page(var: str, at: str, where: str, shown: str, after: bool) -> str:
    """One page of ``var`` newest first by ``at`` (the first, or one after a key), its
    ``shown`` fields, and how many match ``where``."""
    return (
        "CALL () {"
        + where
        + f"RETURN count({var}) AS total }}\nCALL () {{\n"
        + _newest_first(var, at, where, after)
        + f"collect({var} {{"
        + shown
        + "}) AS page }\nRETURN total, page, keys"
    )


#: One page of alert events, newest first, and how many match; the first page, and one after
#: a key.
ALERTS_PAGE = _newest_first_page("e", "at", _ALERT_FILTER, _EVENT_FIELDS, after=False)
ALERTS_PAGE_AFTER = _newest_first_page("e", "at", _ALERT_FILTER, _EVENT_FIELDS, after=True)
#: The same for one account's events.
ACCOUNT_ALERTS_PAGE = _newest_first_page(
    "e", "at", _ACCOUNT_ALERT_FILTER, _EVENT_FIELDS, after=False
)
ACCOUNT_ALERTS_PAGE_AFTER = _newest_first_page(
    "e", "at", _ACCOUNT_ALERT_FILTER, _EVENT_FIELDS, after=True
)

#: What a webhook's record shows: everything but its secret.
_WEBHOOK_FIELDS = ".id, .url, .codes, .transitions, .description, .active, .createdAt"

CREATE_WEBHOOK = (
    """
CREATE (w:Webhook {id: randomUUID(), url: $url, codes: $codes, transitions: $transitions,
                   secret: $secret, description: $description, active: true,
                   createdAt: datetime()})
RETURN w {"""
    + _WEBHOOK_FIELDS
    + "} AS webhook"
)

WEBHOOKS = "MATCH (w:Webhook) RETURN w {" + _WEBHOOK_FIELDS + "} AS webhook ORDER BY w.createdAt"

#: Deletes a webhook; its deliveries not yet made are cancelled (those made stay as the log).
DELETE_WEBHOOK = (
    """
MATCH (w:Webhook {id: $id})
WITH w, w {"""
    + _WEBHOOK_FIELDS
    + """} AS webhook
CALL (w) {
    MATCH (d:WebhookDelivery {webhookId: w.id})
    WHERE d.status = 'PENDING'
    SET d.status = 'CANCELLED', d.leaseUntil = null
    RETURN count(d) AS cancelled
}
DETACH DELETE w
RETURN webhook {.*, active: false} AS webhook, cancelled
"""
)

_DELIVERY_FIELDS = (
    ".id, .eventId, .webhookId, .status, .attempts, .createdAt, .nextAttemptAt, "
    ".lastAttemptAt, .lastStatusCode, .lastError, .deliveredAt"
)

_DELIVERY_FILTER = """
MATCH (d:WebhookDelivery)
WHERE ($webhookId IS NULL OR d.webhookId = $webhookId)
  AND ($status IS NULL OR d.status = $status)
  AND ($eventId IS NULL OR d.eventId = $eventId)
"""


#: One page of the delivery log, newest first, and how many match; the first page, and one
#: after a key.
DELIVERIES_PAGE = _newest_first_page(
    "d", "createdAt", _DELIVERY_FILTER, _DELIVERY_FIELDS, after=False
)
DELIVERIES_PAGE_AFTER = _newest_first_page(
    "d", "createdAt", _DELIVERY_FILTER, _DELIVERY_FIELDS, after=True
)

#: Deliveries due now, by Neo4j's clock (one clock for every worker), read without locks:
#: :data:`CLAIM_DELIVERIES` takes them. A lease that ran out (its worker died mid-delivery)
#: makes a delivery due again.
DUE_DELIVERIES = """
MATCH (d:WebhookDelivery)
WHERE d.status = 'PENDING' AND d.nextAttemptAt <= datetime()
  AND (d.leaseUntil IS NULL OR d.leaseUntil <= datetime())
RETURN d.id AS id ORDER BY d.nextAttemptAt, d.id LIMIT $limit
"""

#: Leases these deliveries to $owner for $leaseMs milliseconds, with what sending them needs. Two
#: workers may have read the same due delivery; the dummy property takes its write lock before
#: its status and lease are read (the Neo4j manual's idiom), so the later worker sees the
#: earlier one's lease and leaves it. Matched by id only: nothing of it was read before the lock.
CLAIM_DELIVERIES = (
    """
UNWIND $ids AS id
MATCH (d:WebhookDelivery {id: id})
SET d._claimLock = true
WITH d
REMOVE d._claimLock
WITH d
WHERE d.status = 'PENDING' AND (d.leaseUntil IS NULL OR d.leaseUntil <= datetime())
SET d.leaseOwner = $owner, d.leaseUntil = datetime() + duration({milliseconds: $leaseMs})
WITH d
MATCH (w:Webhook {id: d.webhookId}), (e:AlertEvent {id: d.eventId})
RETURN d.id AS id, d.attempts AS attempts, w.url AS url, w.secret AS secret,
       e {"""
    + _EVENT_FIELDS
    + """} AS event
"""
)

#: Records one attempt of a delivery this owner holds: delivered, to be retried in $delayMs
#: milliseconds, or given up (Neo4j's clock again). A worker whose lease was lost (it ran past
#: it and another took over) writes nothing.
FINISH_ATTEMPT = """
MATCH (d:WebhookDelivery {id: $id})
WHERE d.leaseOwner = $owner AND d.status = 'PENDING'
SET d.attempts = d.attempts + 1, d.lastAttemptAt = datetime(),
    d.lastStatusCode = $statusCode, d.lastError = $error,
    d.status = $status, d.nextAttemptAt = CASE WHEN $delayMs IS NULL THEN d.nextAttemptAt
                        ELSE datetime() + duration({milliseconds: $delayMs}) END,
    d.deliveredAt = CASE WHEN $status = 'DELIVERED' THEN datetime() END,
    d.leaseOwner = null, d.leaseUntil = null
RETURN d.id AS id
"""
