"""Alerts and webhooks through GraphQL on the real Neo4j: a champion who leaves raises an alert
and a signed delivery to a local receiver, a failing receiver gets retries, a hanging one does
not hold up writes, and two API processes never deliver one event twice."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from api.settings import Settings
from api.webhooks import (
    ATTEMPT_HEADER,
    DELIVERY_HEADER,
    EVENT_HEADER,
    IDEMPOTENCY_HEADER,
    SIGNATURE_HEADER,
    verify,
)
from graph.access import Role
from graph.client import GraphClient
from tests.helpers import ERRORS, GraphQL, KeyFor, LoadGraph, serving
from tests.integration.small_graph import small_graph

SECRET = "test-webhook-secret-0123456789"

MOVE = (
    """
mutation($account: ID!) {
  upsertPerson(input: {id: "p-itdir", accountId: $account}) { person { personId } %s }
}
"""
    % ERRORS
)

CREATE = (
    """
mutation($url: String!, $codes: [RiskFlagCode!], $secret: String) {
  createWebhook(url: $url, codes: $codes, secret: $secret, description: "test") {
    webhook { webhookId url codes transitions active }
    secret
    %s
  }
}
"""
    % ERRORS
)

ALERTS = """
query($account: ID, $codes: [RiskFlagCode!]) {
  alerts(accountId: $account, codes: $codes) {
    totalCount
    edges { node { alertId accountId code transition personId person { name } message at } }
  }
}
"""

DELIVERIES = """
query($status: WebhookDeliveryStatus) {
  webhookDeliveries(status: $status, first: 100) {
    totalCount
    edges { node { deliveryId alertId webhookId status attempts lastStatusCode lastError } }
  }
}
"""


@dataclass
class Receiver:
    """A local HTTP receiver: records every request; fails the first ``fail_first`` with 500;
    while ``hold`` is set, keeps each request open until it is cleared."""

    fail_first: int = 0
    hold: threading.Event | None = None
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    waiting: int = 0
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def keys(self) -> list[str]:
        with self.lock:
            return [headers[IDEMPOTENCY_HEADER.lower()] for headers, _ in self.requests]


@contextmanager
def receiving(receiver: Receiver) -> Iterator[Receiver]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with receiver.lock:
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                failing = len(receiver.requests) <= receiver.fail_first
                receiver.waiting += 1
            if receiver.hold is not None:
                receiver.hold.wait(30)
            with receiver.lock:
                receiver.waiting -= 1
            self.send_response(500 if failing else 204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/stakegraph"
    try:
        yield receiver
    finally:
        if receiver.hold is not None:
            receiver.hold.set()
        server.shutdown()
        server.server_close()


def worker_settings(settings: Settings, **changes: Any) -> Settings:
    """The test's settings with a webhook worker that polls often and retries at once, and
    the loopback receiver allowed."""
    values = {
        "webhook_worker": True,
        "webhook_allow_private_urls": True,
        "webhook_poll_seconds": 0.02,
        "webhook_backoff_seconds": 0.05,
        "webhook_timeout_seconds": 5.0,
        **changes,
    }
    return settings.model_copy(update=values)


@asynccontextmanager
async def api(settings: Settings, key: str) -> AsyncIterator[GraphQL]:
    """A second API process (own driver, own delivery worker) with an admin's GraphQL."""
    async with serving(settings, {"Authorization": f"Bearer {key}"}) as http:
        yield _gql(http)


def _gql(http: httpx.AsyncClient) -> GraphQL:
    async def execute(
        query: str, variables: dict[str, Any] | None = None, *, allow_errors: bool = False
    ) -> dict[str, Any]:
        response = await http.post("/graphql", json={"query": query, "variables": variables})
        body: dict[str, Any] = response.json()
        assert allow_errors or "errors" not in body, body
        return body

    return execute


async def until(check: Any, *, what: str, timeout_s: float = 20.0) -> Any:
    """Wait until ``check()`` (sync or async) is truthy; fails the test after ``timeout_s``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while True:
        value = check()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.02)


async def _baseline(gql: GraphQL) -> None:
    # The loaded graph has no stored scores: this first scoring is the baseline (no alerts).
    await gql("mutation { recomputeScores { accounts } }")
    assert (await gql(ALERTS))["data"]["alerts"]["totalCount"] == 0


async def _register(gql: GraphQL, url: str, codes: list[str] | None = None) -> str:
    created = (await gql(CREATE, {"url": url, "codes": codes, "secret": SECRET}))["data"]
    assert created["createWebhook"]["userErrors"] == []
    assert created["createWebhook"]["secret"] == SECRET
    return str(created["createWebhook"]["webhook"]["webhookId"])


async def _deliveries(gql: GraphQL, status: str | None = None) -> list[dict[str, Any]]:
    body = await gql(DELIVERIES, {"status": status})
    return [e["node"] for e in body["data"]["webhookDeliveries"]["edges"]]


async def test_a_champion_who_leaves_raises_an_alert_and_one_signed_delivery(
    gql: GraphQL, graph_loaded: None, settings: Settings, key_for: KeyFor
) -> None:
    await _baseline(gql)
    with receiving(Receiver()) as receiver:
        async with api(worker_settings(settings), await key_for(Role.ADMIN)) as second:
            hook = await _register(second, receiver.url, ["CHAMPION_LEFT"])
            for _ in range(2):  # the CRM retries its update: no second alert
                moved = await second(MOVE, {"account": "acc-tailspin"})
                assert moved["data"]["upsertPerson"]["userErrors"] == []

            found = await gql(ALERTS, {"account": "acc-contoso", "codes": ["CHAMPION_LEFT"]})
            alerts = [e["node"] for e in found["data"]["alerts"]["edges"]]
            # Hana Gone's CHAMPION_LEFT was in the baseline; Dan Director's is new.
            assert [(a["transition"], a["personId"], a["person"]["name"]) for a in alerts] == [
                ("APPEARED", "p-itdir", "Dan Director")
            ]
            alert = alerts[0]
            assert "Dan Director" in alert["message"]

            delivered = await until(
                lambda: _deliveries(gql, "DELIVERED"), what="the delivery to be recorded"
            )
            assert [(d["alertId"], d["webhookId"], d["attempts"]) for d in delivered] == [
                (alert["alertId"], hook, 1)
            ]
            assert delivered[0]["lastStatusCode"] == 204

    # Exactly one request, signed with the endpoint's secret over its timestamp and body.
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    assert verify(SECRET, headers[SIGNATURE_HEADER.lower()], body)
    assert not verify("another-secret-0123456789", headers[SIGNATURE_HEADER.lower()], body)
    assert not verify(SECRET, headers[SIGNATURE_HEADER.lower()], body + b" ")
    payload = json.loads(body)
    assert payload["id"] == alert["alertId"] == headers[IDEMPOTENCY_HEADER.lower()]
    assert headers[EVENT_HEADER.lower()] == alert["alertId"]
    assert headers[DELIVERY_HEADER.lower()] == delivered[0]["deliveryId"]
    assert payload["type"] == "risk_flag.appeared"
    assert payload["data"]["accountId"] == "acc-contoso"
    assert payload["data"]["code"] == "CHAMPION_LEFT"
    assert payload["data"]["personId"] == "p-itdir"


async def test_a_failing_receiver_gets_retries_with_the_same_idempotency_key(
    gql: GraphQL, graph_loaded: None, settings: Settings, key_for: KeyFor
) -> None:
    await _baseline(gql)
    with receiving(Receiver(fail_first=2)) as receiver:
        async with api(worker_settings(settings), await key_for(Role.ADMIN)) as second:
            await _register(second, receiver.url, ["CHAMPION_LEFT"])
            await second(MOVE, {"account": "acc-tailspin"})
            delivered = await until(
                lambda: _deliveries(gql, "DELIVERED"), what="the third attempt to succeed"
            )
    assert [(d["attempts"], d["lastStatusCode"], d["lastError"]) for d in delivered] == [
        (3, 204, None)
    ]
    assert len(receiver.requests) == 3
    assert len(set(receiver.keys())) == 1
    assert [h[ATTEMPT_HEADER.lower()] for h, _ in receiver.requests] == ["1", "2", "3"]
    assert len({h[DELIVERY_HEADER.lower()] for h, _ in receiver.requests}) == 1


async def test_a_receiver_that_gives_up_marks_the_delivery_failed(
    gql: GraphQL, graph_loaded: None, settings: Settings, key_for: KeyFor
) -> None:
    await _baseline(gql)
    with receiving(Receiver(fail_first=100)) as receiver:
        changes = {"webhook_max_attempts": 2}
        async with api(worker_settings(settings, **changes), await key_for(Role.ADMIN)) as second:
            await _register(second, receiver.url, ["CHAMPION_LEFT"])
            await second(MOVE, {"account": "acc-tailspin"})
            failed = await until(lambda: _deliveries(gql, "FAILED"), what="the delivery to fail")
    assert [(d["attempts"], d["lastStatusCode"], d["lastError"]) for d in failed] == [
        (2, 500, "HTTP 500")
    ]
    assert len(receiver.requests) == 2


async def test_a_hanging_receiver_does_not_hold_up_writes(
    gql: GraphQL, graph_loaded: None, settings: Settings, key_for: KeyFor
) -> None:
    await _baseline(gql)
    with receiving(Receiver(hold=threading.Event())) as receiver:
        async with api(worker_settings(settings), await key_for(Role.ADMIN)) as second:
            await _register(second, receiver.url)
            await second(MOVE, {"account": "acc-tailspin"})
            await until(lambda: receiver.waiting > 0, what="the receiver to hold a delivery")
            # While the receiver holds the worker's request open, writes and reads go on.
            moved = await second(MOVE, {"account": "acc-contoso"})
            assert moved["data"]["upsertPerson"]["userErrors"] == []
            assert (await second(ALERTS))["data"]["alerts"]["totalCount"] >= 2
            assert receiver.waiting > 0
            assert receiver.hold is not None
            receiver.hold.set()


async def test_two_api_processes_never_deliver_one_event_twice(
    gql: GraphQL, graph_loaded: None, settings: Settings, key_for: KeyFor
) -> None:
    await _baseline(gql)
    key = await key_for(Role.ADMIN)
    with receiving(Receiver()) as receiver:
        async with (
            api(worker_settings(settings), key) as one,
            api(worker_settings(settings), key) as two,
        ):
            await _register(one, receiver.url)  # every code
            # The champion moves back and forth: each move raises or clears flags at both
            # accounts, a batch of events both workers race for.
            for i in range(6):
                writer = one if i % 2 else two
                moved = await writer(
                    MOVE, {"account": "acc-tailspin" if i % 2 == 0 else "acc-contoso"}
                )
                assert moved["data"]["upsertPerson"]["userErrors"] == []
            events = int((await gql(ALERTS, {}))["data"]["alerts"]["totalCount"])
            assert events >= 6

            async def settled() -> bool:
                done = await _deliveries(gql, "DELIVERED")
                return len(done) == events

            await until(settled, what="every event to be delivered")
    keys = receiver.keys()
    assert len(keys) == events
    assert len(set(keys)) == events, "an event was delivered twice"


async def test_refreshes_at_once_record_each_transition_once(
    gql: GraphQL, graph_loaded: None, graph: GraphClient
) -> None:
    await _baseline(gql)
    # As if the stored scoring had seen no flags at Contoso: the next one raises them all.
    await graph.session().write("MATCH (a:Account {id: 'acc-contoso'}) SET a.riskFlagKeys = []")
    recompute = 'mutation { recomputeScores(accountIds: ["acc-contoso"]) { accounts } }'
    await asyncio.gather(*(gql(recompute) for _ in range(8)))
    found = (await gql(ALERTS, {"account": "acc-contoso"}))["data"]["alerts"]["edges"]
    raised = [(e["node"]["code"], e["node"]["personId"]) for e in found]
    assert raised and all(e["node"]["transition"] == "APPEARED" for e in found)
    assert len(raised) == len(set(raised)), "a transition was recorded twice"
    assert ("CHAMPION_LEFT", "p-left") in raised


WEBHOOKS = "{ webhooks { webhookId url codes transitions description active } }"
DELETE = (
    """
mutation($id: ID!) { deleteWebhook(webhookId: $id) { webhook { url active } cancelledDeliveries %s } }
"""
    % ERRORS
)


async def test_webhooks_are_registered_listed_and_deleted_by_admins(
    gql: GraphQL, graph_loaded: None
) -> None:
    await _baseline(gql)
    # The suite's API has the default policy: no loopback, no private ranges, http(s) only.
    for url in ("http://127.0.0.1:9/x", "http://169.254.169.254/", "ftp://hooks.example.com/"):
        refused = (await gql(CREATE, {"url": url}))["data"]["createWebhook"]
        assert refused["webhook"] is None and refused["secret"] is None
        assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [("INVALID", ["url"])]
    short = await gql(CREATE, {"url": "https://hooks.example.com/a", "secret": "short"})
    assert short["data"]["createWebhook"]["userErrors"][0]["code"] == "OUT_OF_RANGE"

    created = (await gql(CREATE, {"url": "https://hooks.example.com/a"}))["data"]["createWebhook"]
    assert created["userErrors"] == [] and created["secret"].startswith("whsec_")
    hook = created["webhook"]
    assert hook["codes"] == [] and hook["transitions"] == ["APPEARED", "CLEARED"]
    listed = (await gql(WEBHOOKS))["data"]["webhooks"]
    assert listed == [{**hook, "description": "test"}]
    assert created["secret"] not in json.dumps(listed)

    # No worker runs in the suite's API: the delivery of the next alert waits in the outbox,
    # and deleting the webhook cancels it.
    await gql(MOVE, {"account": "acc-tailspin"})
    pending = await _deliveries(gql, "PENDING")
    assert pending and all(d["webhookId"] == hook["webhookId"] for d in pending)
    deleted = (await gql(DELETE, {"id": hook["webhookId"]}))["data"]["deleteWebhook"]
    assert deleted["cancelledDeliveries"] == len(pending) and deleted["webhook"]["active"] is False
    assert await _deliveries(gql, "PENDING") == []
    assert len(await _deliveries(gql, "CANCELLED")) == len(pending)
    again = (await gql(DELETE, {"id": hook["webhookId"]}))["data"]["deleteWebhook"]
    assert again["userErrors"][0]["code"] == "NOT_FOUND"


SCORES = """query($id: ID!) { account(id: $id) { scores { breadth { value } } } }"""
RECOMPUTE = "mutation { recomputeScores { accounts } }"


async def test_a_score_that_moves_past_its_threshold_is_an_alert_and_back_clears_it(
    settings: Settings, key_for: KeyFor, load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    headers = {"Authorization": f"Bearer {await key_for(Role.ADMIN)}"}

    async def breadth(http: httpx.AsyncClient) -> float:
        body = (
            await http.post("/graphql", json={"query": SCORES, "variables": {"id": "acc-contoso"}})
        ).json()
        return float(body["data"]["account"]["scores"]["breadth"]["value"])

    async def alerts(http: httpx.AsyncClient) -> list[tuple[str, str]]:
        variables = {"account": "acc-contoso", "codes": ["BREADTH_BELOW_THRESHOLD"]}
        body = (await http.post("/graphql", json={"query": ALERTS, "variables": variables})).json()
        return [
            (e["node"]["code"], e["node"]["transition"]) for e in body["data"]["alerts"]["edges"]
        ]

    async with serving(settings, headers) as plain:
        await plain.post("/graphql", json={"query": RECOMPUTE})  # the baseline: stored flags
        before = await breadth(plain)
    level = before - 0.01  # just under today's breadth: not past it yet
    watched = settings.model_copy(
        update={"scoring": json.dumps({"thresholds": {"breadth_below": level}})}
    )
    async with serving(watched, headers) as http:
        await http.post("/graphql", json={"query": RECOMPUTE})
        assert await alerts(http) == []
        # The IT director, our one thread there, moves to Fabrikam: breadth falls past it.
        moved = await http.post(
            "/graphql", json={"query": MOVE, "variables": {"account": "acc-fabrikam"}}
        )
        assert moved.json()["data"]["upsertPerson"]["userErrors"] == []
        assert await breadth(http) < level
        assert await alerts(http) == [("BREADTH_BELOW_THRESHOLD", "APPEARED")]
    lowered = settings.model_copy(
        update={"scoring": json.dumps({"thresholds": {"breadth_below": 0}})}
    )
    async with serving(lowered, headers) as http:
        await http.post("/graphql", json={"query": RECOMPUTE})
        assert await alerts(http) == [
            ("BREADTH_BELOW_THRESHOLD", "CLEARED"),
            ("BREADTH_BELOW_THRESHOLD", "APPEARED"),
        ]
