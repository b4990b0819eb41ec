"""Errors that escape resolvers reach clients with a code and without internals."""

from __future__ import annotations

import logging

import pytest
import strawberry
from graphql import GraphQLError
from neo4j import exceptions as neo4j_errors

from graph.client import _translate
from graph.errors import (
    GraphMemoryError,
    GraphTimeoutError,
    GraphUnavailableError,
    WriteUnconfirmedError,
)
from schema import StakegraphSchema
from schema.errors import ErrorCodes, deadline_error


@strawberry.type
class _Query:
    @strawberry.field
    def broken(self) -> int:
        raise KeyError("secret internal detail")

    @strawberry.field
    def down(self) -> int:
        raise GraphUnavailableError("Neo4j is unreachable: bolt://10.0.0.7:7687")

    @strawberry.field
    def slow(self) -> int:
        raise GraphTimeoutError("ran past the limit")

    @strawberry.field
    def refused(self) -> int:
        raise GraphQLError("limit must be 1..50", extensions={"code": "OUT_OF_RANGE"})

    @strawberry.field
    def fine(self) -> int:
        return 1


SCHEMA = StakegraphSchema(query=_Query, extensions=[ErrorCodes])


def _errors(query: str) -> dict[str, tuple[str, str]]:
    result = SCHEMA.execute_sync(query)
    assert result.errors
    return {
        str(e.path[0]) if e.path else "": (e.message, (e.extensions or {}).get("code", ""))
        for e in result.errors
    }


def test_unexpected_errors_are_masked_and_coded() -> None:
    errors = _errors("{ broken fine }")
    message, code = errors["broken"]
    assert code == "INTERNAL_ERROR" and "secret" not in message


def test_an_unreachable_graph_is_service_unavailable() -> None:
    message, code = _errors("{ down }")["down"]
    assert code == "SERVICE_UNAVAILABLE" and "10.0.0.7" not in message


def test_a_query_past_the_time_limit_is_timeout() -> None:
    message, code = _errors("{ slow }")["slow"]
    assert code == "TIMEOUT" and "ask for less" in message


def test_errors_raised_on_purpose_and_validation_errors_pass_unchanged() -> None:
    assert _errors("{ refused }")["refused"] == ("limit must be 1..50", "OUT_OF_RANGE")
    [(message, code)] = _errors("{ nosuchfield }").values()
    assert "nosuchfield" in message and code == ""


def test_each_error_is_logged_once_at_the_level_of_who_must_act(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    for query in ("{ broken }", "{ down }", "{ refused }", "{ nosuchfield }"):
        _errors(query)
    logged = [(r.levelname, r.getMessage(), r.exc_info is not None) for r in caplog.records]
    assert sorted(logged) == [
        ("ERROR", "GraphQL broken failed", True),
        ("INFO", "GraphQL refused refused: limit must be 1..50", False),
        (
            "INFO",
            "GraphQL request refused: Cannot query field 'nosuchfield' on type 'Query'.",
            False,
        ),
        ("WARNING", "GraphQL down: Neo4j is unreachable: bolt://10.0.0.7:7687", False),
    ]


async def test_a_malformed_global_id_is_the_clients_mistake() -> None:
    from base64 import b64encode
    from types import SimpleNamespace

    from api.settings import Settings
    from graph.access import LOCAL_DEVELOPER
    from schema import build_schema

    relay_schema = build_schema(Settings().schema_config())
    # An admin asks: the id, not the permission, is what is wrong.
    context = SimpleNamespace(identity=LOCAL_DEVELOPER)
    for bad in (b64encode(b"Foo:1").decode(), "acc-contoso"):
        result = await relay_schema.execute(
            '{ node(id: "%s") { id } }' % bad, context_value=context
        )
        assert result.errors is not None
        assert [(e.extensions or {}).get("code") for e in result.errors] == ["INVALID_ID"], bad


def test_every_error_code_is_documented() -> None:
    from graph.errors import ErrorCode
    from tests.helpers import ROOT

    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = [code.value for code in ErrorCode if f"`{code.value}`" not in documented]
    assert missing == []


def test_a_message_names_at_most_ten_values() -> None:
    from schema.errors import listing

    assert listing(["a", "b"]) == "a, b"
    many = [f"p-{i}" for i in range(10_000)]
    assert listing(many) == ", ".join(many[:10]) + " and 9990 more"


@strawberry.type
class _Writes:
    @strawberry.field
    def lost_commit(self) -> int | None:
        raise WriteUnconfirmedError("Neo4j went away during a commit", stored=None)

    @strawberry.field
    def stored_then_down(self) -> int | None:
        raise WriteUnconfirmedError("Neo4j is unreachable", stored=True)


def test_a_write_cut_off_by_an_outage_is_unconfirmed_not_failed() -> None:
    schema = StakegraphSchema(query=_Writes, extensions=[ErrorCodes])
    result = schema.execute_sync("{ lostCommit storedThenDown }")
    assert result.errors
    answers = {
        str((e.path or [""])[0]): (e.message, (e.extensions or {})["code"]) for e in result.errors
    }
    unknown, code = answers["lostCommit"]
    assert code == "WRITE_UNCONFIRMED" and "may or may not be stored" in unknown
    stored, code = answers["storedThenDown"]
    assert code == "WRITE_UNCONFIRMED" and stored.startswith("The write was stored")
    assert all("safe" in message for message, _ in answers.values())


def test_a_lost_commit_is_told_apart_from_an_unreachable_server() -> None:
    lost = _translate(neo4j_errors.IncompleteCommit("connection lost during COMMIT"))
    assert isinstance(lost, WriteUnconfirmedError) and lost.stored is None
    down = _translate(neo4j_errors.ServiceUnavailable("connection refused"))
    assert type(down) is GraphUnavailableError
    starting = _translate(
        neo4j_errors.TransientError._hydrate_neo4j(
            code="Neo.TransientError.General.DatabaseUnavailable", message="starting"
        )
    )
    assert type(starting) is GraphUnavailableError


@pytest.mark.parametrize(
    ("stored", "cut_off", "code", "says"),
    [
        (False, False, "TIMEOUT", "nothing was stored"),
        (True, False, "WRITE_UNCONFIRMED", "was stored"),
        (False, True, "WRITE_UNCONFIRMED", "may or may not"),
        (True, True, "WRITE_UNCONFIRMED", "was stored"),
    ],
)
def test_a_request_stopped_at_its_deadline_says_whether_a_write_may_be_stored(
    stored: bool, cut_off: bool, code: str, says: str
) -> None:
    error = deadline_error(2.5, stored=stored, write_cut_off=cut_off)
    assert error.extensions == {"code": code}
    assert says in error.message and "2.5 s" in error.message


def test_memory_and_lock_time_outs_are_told_apart_from_an_outage() -> None:
    for code in (
        "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        "Neo.TransientError.General.TransactionMemoryLimit",
    ):
        full = _translate(neo4j_errors.TransientError._hydrate_neo4j(code=code, message="full"))
        # Still SERVICE_UNAVAILABLE to a client, but a batch can be made smaller for it.
        assert isinstance(full, GraphMemoryError) and isinstance(full, GraphUnavailableError)
    queued = _translate(
        neo4j_errors.ClientError._hydrate_neo4j(
            code="Neo.ClientError.Transaction.LockClientStopped", message="terminated"
        )
    )
    assert isinstance(queued, GraphTimeoutError)
