"""Webhook signatures and the address a delivery connects to."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, date, datetime

import pytest

from api.webhooks import AddressRefusedError, event_body, pinned_request, sign, verify

EVENT = {
    "id": "evt-1",
    "transition": "APPEARED",
    "at": datetime(2026, 3, 1, 12, 0, tzinfo=UTC),
    "accountId": "acc-1",
    "accountName": "Contoso",
    "code": "CHAMPION_LEFT",
    "personId": "p-1",
    "personIds": ["p-1"],
    "severity": "HIGH",
    "message": "Champion left.",
    "evidence": ["employment ended 2026-02-28"],
    "asOf": date(2026, 3, 1),
}


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    body = event_body(EVENT)
    header = sign("s3cret-s3cret-s3cret", 1_772_366_400, body)
    expected = hmac.new(b"s3cret-s3cret-s3cret", b"1772366400." + body, hashlib.sha256)
    assert header == f"t=1772366400,v1={expected.hexdigest()}"
    assert verify("s3cret-s3cret-s3cret", header, body, now=1_772_366_400 + 10)


def test_verify_refuses_other_secrets_bodies_stale_timestamps_and_garbage() -> None:
    body = event_body(EVENT)
    header = sign("s3cret-s3cret-s3cret", 1_000_000, body)
    assert not verify("other-secret-000000", header, body, now=1_000_000)
    assert not verify("s3cret-s3cret-s3cret", header, body + b"x", now=1_000_000)
    assert not verify("s3cret-s3cret-s3cret", header, body, now=1_000_000 + 301)  # a replay
    for garbage in ("", "t=x,v1=y", "v1=abc", "t=1000000"):
        assert not verify("s3cret-s3cret-s3cret", garbage, body, now=1_000_000)


def test_the_body_is_the_same_bytes_on_every_attempt() -> None:
    body = event_body(EVENT)
    assert body == event_body(dict(reversed(list(EVENT.items()))))
    assert b'"type":"risk_flag.appeared"' in body and b'"asOf":"2026-03-01"' in body


async def test_a_delivery_connects_to_the_checked_address_with_the_original_host() -> None:
    url, headers, extensions = await pinned_request(
        "http://127.0.0.1:8080/hook?x=1", allow_private=True
    )
    assert str(url) == "http://127.0.0.1:8080/hook?x=1"
    assert headers == {"Host": "127.0.0.1:8080"} and extensions == {}
    url, headers, extensions = await pinned_request("https://localhost:8443/h", allow_private=True)
    assert url.host in {"127.0.0.1", "::1"} and headers == {"Host": "localhost:8443"}
    assert extensions == {"sni_hostname": "localhost"}


async def test_a_name_that_resolves_to_a_private_address_is_refused() -> None:
    with pytest.raises(AddressRefusedError, match="not a public address"):
        await pinned_request("https://localhost/h", allow_private=False)
    with pytest.raises(AddressRefusedError):
        await pinned_request("http://10.0.0.1/h", allow_private=False)


def test_the_receivers_check_in_docs_alerts_md_accepts_our_signature() -> None:
    import re
    import time
    from typing import Any

    from tests.helpers import ROOT

    doc = (ROOT / "docs" / "alerts.md").read_text()
    snippet = re.search(r"```python\n(.*?)```", doc, flags=re.S)
    assert snippet
    scope: dict[str, Any] = {}
    exec(snippet.group(1), scope)  # the documented code, as a receiver would paste it
    body = event_body(EVENT)
    header = sign("s3cret-s3cret-s3cret", int(time.time()), body)
    assert scope["verify"]("s3cret-s3cret-s3cret", header, body)
    assert not scope["verify"]("s3cret-s3cret-s3cret", header, body + b" ")
    assert not scope["verify"]("other-secret-000000", header, body)
