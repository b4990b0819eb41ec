"""Checks through a driver of their own, made for each check: no pool shared with anything, no
retry, one explicit transaction. They time what a restarted Neo4j answers phase by phase,
apart from everything the API adds (scripts/recovery.py)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j import exceptions as neo4j_errors

from graph.cypher.probes import DATABASES, MARK, RETURN_1
from graph.errors import GraphError


class BareCheckError(GraphError):
    """A check found the server not answering (yet); ``code`` names how: the last part of
    Neo4j's status code, or the driver's error class."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@asynccontextmanager
async def _fresh(connection: Mapping[str, str], timeout_s: float) -> AsyncIterator[AsyncDriver]:
    driver = AsyncGraphDatabase.driver(
        connection["NEO4J_URI"],
        auth=(connection["NEO4J_USER"], connection["NEO4J_PASSWORD"]),
        connection_timeout=timeout_s,
        max_transaction_retry_time=0,
        notifications_min_severity="OFF",
    )
    try:
        yield driver
    except neo4j_errors.Neo4jError as exc:
        raise BareCheckError((exc.code or type(exc).__name__).rsplit(".", 1)[-1], str(exc)) from exc
    except neo4j_errors.DriverError as exc:
        raise BareCheckError(type(exc).__name__, str(exc)) from exc
    finally:
        await driver.close()


async def database_online(
    connection: Mapping[str, str], database: str = "neo4j", *, timeout_s: float
) -> bool:
    """Whether ``SHOW DATABASES`` says ``database`` is online."""
    async with (
        _fresh(connection, timeout_s) as driver,
        driver.session(database="system") as session,
    ):
        result = await session.run(DATABASES)
        rows = [record async for record in result]
    return any(r["name"] == database and r["currentStatus"] == "online" for r in rows)


async def return_1(
    connection: Mapping[str, str], database: str = "neo4j", *, timeout_s: float
) -> bool:
    """Whether ``RETURN 1`` answers (an auto-commit run)."""
    async with (
        _fresh(connection, timeout_s) as driver,
        driver.session(database=database) as session,
    ):
        result = await session.run(RETURN_1)
        await result.consume()
    return True


async def write(
    connection: Mapping[str, str], database: str = "neo4j", *, timeout_s: float
) -> bool:
    """Whether a one-node write commits, in an explicit transaction (never retried)."""
    async with (
        _fresh(connection, timeout_s) as driver,
        driver.session(database=database) as session,
    ):
        tx = await session.begin_transaction()
        try:
            result = await tx.run(MARK, {"id": f"mark-{time.time_ns()}"})
            await result.consume()
            await tx.commit()
        finally:
            if not tx.closed():
                await tx.close()
    return True
