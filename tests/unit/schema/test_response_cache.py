"""The response cache's pure parts: which operations it keeps, and its bounds."""

from __future__ import annotations

from graphql import parse

from schema.response_cache import Entry, ResponseStore, cacheable


def _entry(size: int) -> Entry:
    return Entry(("acc-1",), ("v1",), b"x" * size)


def test_only_queries_of_the_account_graph_are_cacheable() -> None:
    assert cacheable(parse('{ account(id: "a") { name } }'), None)
    assert cacheable(
        parse("query A { accounts { totalCount } portfolioSummary { accounts } }"), "A"
    )
    assert cacheable(parse("query { ...F } fragment F on Query { people { totalCount } }"), None)
    assert not cacheable(
        parse('mutation { upsertAccount(input: {name: "x"}) { userErrors { code } } }'), None
    )
    assert not cacheable(parse('{ cypher(query: "RETURN 1") { rows } }'), None)
    # One root field outside the list spoils the whole operation.
    assert not cacheable(parse('{ account(id: "a") { name } apiKeys { prefix } }'), None)
    assert not cacheable(parse("{ ... on Query { viewer { name } } }"), None)
    # The operation asked for, of several.
    both = parse("query A { accounts { totalCount } } query B { webhooks { id } }")
    assert cacheable(both, "A") and not cacheable(both, "B")
    assert not cacheable(parse("query { ...F } fragment F on Query { ...F }"), None)


def test_the_store_keeps_to_its_entry_and_byte_bounds_least_recent_out() -> None:
    store = ResponseStore(max_entries=2, max_bytes=100)
    store.put("a", _entry(10))
    store.put("b", _entry(10))
    assert store.get("a") is not None  # now the most recent
    store.put("c", _entry(10))
    assert store.get("b") is None and store.get("a") is not None and len(store) == 2
    store.put("d", _entry(85))  # 10 + 10 + 85 > 100: the least recent go
    assert store.bytes <= 100 and store.get("d") is not None
    assert not store.put("e", _entry(101))  # alone over the bound: not kept
    assert store.get("e") is None
    store.drop("d")
    assert store.bytes == sum(len(e.body) for k in ("a", "c") if (e := store.get(k)))


def test_the_counters() -> None:
    store = ResponseStore(max_entries=10, max_bytes=1000)
    assert store.counters()["hitRate"] == 0.0
    store.hits, store.misses = 3, 1
    assert store.counters()["hitRate"] == 0.75
