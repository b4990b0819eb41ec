"""The webhook rules that need no database: which URLs and addresses, backoff, flag keys."""

from __future__ import annotations

import ipaddress

import pytest

from graph.alerts import flag_key, raised
from graph.webhooks import address_allowed, backoff_seconds, url_problem
from scoring.results import RiskFlag
from scoring.vocabulary import Severity


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/stakegraph",
        "http://hooks.example.com:8080/in?x=1",
        "https://93.184.216.34/hook",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
    ],
)
def test_public_http_urls_are_accepted(url: str) -> None:
    assert url_problem(url, private=False) is None


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://hooks.example.com/x", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("https:///nohost", "needs a host"),
        ("https://user:pw@hooks.example.com/", "no credentials"),
        ("https://hooks.example.com/#frag", "no fragment"),
        ("http://hooks.example.com:99999/", "not a URL"),
        ("http://127.0.0.1:8000/", "not a public address"),
        ("http://localhost/", "loopback"),
        ("http://api.localhost/", "loopback"),
        ("http://10.1.2.3/", "not a public address"),
        ("http://192.168.0.10/", "not a public address"),
        ("http://169.254.169.254/latest/meta-data", "not a public address"),
        ("http://[::1]/", "not a public address"),
        ("http://[::ffff:127.0.0.1]/", "not a public address"),
        ("http://0.0.0.0/", "not a public address"),
        ("https://x.example/" + "a" * 2048, "at most"),
    ],
)
def test_other_urls_are_refused_with_a_reason(url: str, why: str) -> None:
    problem = url_problem(url, private=False)
    assert problem is not None and why in problem


def test_private_addresses_need_the_setting_but_unspecified_and_multicast_never_pass() -> None:
    assert url_problem("http://127.0.0.1:8000/", private=True) is None
    assert url_problem("http://localhost/", private=True) is None
    assert url_problem("http://10.1.2.3/", private=True) is None
    for never in ("0.0.0.0", "224.0.0.1", "::"):
        assert not address_allowed(ipaddress.ip_address(never), private=True)


def test_backoff_doubles_up_to_the_cap() -> None:
    assert [backoff_seconds(n, 10, 100) for n in range(1, 6)] == [10, 20, 40, 80, 100]


def _flag(code: str, *people: str) -> RiskFlag:
    return RiskFlag(code, Severity.HIGH, f"{code} message", people, ("evidence",))


def test_champion_left_is_keyed_per_person_and_other_flags_per_account() -> None:
    assert flag_key(_flag("CHAMPION_LEFT", "p-1")) == "CHAMPION_LEFT|p-1"
    assert flag_key(_flag("SINGLE_THREADED", "p-1")) == "SINGLE_THREADED"
    rows = raised(
        [_flag("CHAMPION_LEFT", "p-1"), _flag("CHAMPION_LEFT", "p-2"), _flag("NO_CHAMPION")]
    )
    assert [(r["key"], r["personId"]) for r in rows] == [
        ("CHAMPION_LEFT|p-1", "p-1"),
        ("CHAMPION_LEFT|p-2", "p-2"),
        ("NO_CHAMPION", None),
    ]
