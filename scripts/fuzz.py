"""Fuzzing: schemathesis in GraphQL mode generates documents for every root field (queries and
mutations) from the schema the API publishes, sends them as an admin, and checks that no answer
is a server error: no HTTP 5xx, every body a JSON object, no INTERNAL_ERROR, no resolver error
without a code.

    python -m scripts.fuzz                        # 120 cases per root field (~5,000 in all)
    python -m scripts.fuzz --examples 10 --seed 3

It starts its own Neo4j instance (``fuzz``, wiped before and after) with the demo loaded and
scored, and the API in a uvicorn process of its own on a free loopback port (stopped by its
PID), with the rate limit off (RATE_LIMIT_CAPACITY=0: the fuzzer is one caller sending
thousands of requests). The suite's short version (tests/integration/test_fuzz.py) runs the same
:func:`fuzz` on the in-process app through schemathesis' ASGI transport. Exit code 1 on any
server error; each is printed with the document and variables that caused it.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import hypothesis
import schemathesis.graphql
import typer
from hypothesis import HealthCheck, Phase
from schemathesis import Case as AnyCase
from schemathesis import GenerationMode
from schemathesis.core.result import Err
from schemathesis.core.transport import Response
from schemathesis.specs.graphql.schemas import GraphQLSchema

from api.demo_loader import load_demo
from api.settings import Settings
from graph import keys
from graph.access import Role
from graph.client import GraphClient
from graph.errors import ErrorCode
from scripts import neo4jctl
from scripts.harness import serve

Case = AnyCase[Any]

#: What an answer without errors counts as, and an error of the document itself without a code
#: (parse and validation errors carry GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED since
#: api/graphql_http.py; a pathless error without one still counts as the client's), which the
#: client must fix.
OK, INVALID_DOCUMENT = "OK", "INVALID_DOCUMENT"
#: Error codes that mean the server failed, not the request.
SERVER_FAILURES = frozenset({ErrorCode.INTERNAL_ERROR.value, "UNTYPED", "NOT_JSON"})


class Answer(Protocol):
    """An HTTP answer: schemathesis' or httpx's (scripts/hostile.py)."""

    @property
    def status_code(self) -> int: ...

    def json(self) -> Any: ...


def answer_codes(response: Answer) -> list[str]:
    """What an answer says: ``OK``, or each error's code (``INVALID_DOCUMENT`` for a document
    refused before it ran, ``UNTYPED`` for a resolver error without a code, ``NOT_JSON`` for a
    body that is no JSON object), prefixed by ``HTTP <status>`` when the status is 5xx."""
    codes = [f"HTTP {response.status_code}"] if response.status_code >= 500 else []
    try:
        body = response.json()
    except ValueError:
        return [*codes, "NOT_JSON"]
    if not isinstance(body, dict):
        return [*codes, "NOT_JSON"]
    errors = body.get("errors") or []
    if not errors:
        return [*codes, OK]
    for error in errors:
        code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) else None
        if code:
            codes.append(str(code))
        elif isinstance(error, dict) and "path" not in error:
            codes.append(INVALID_DOCUMENT)
        else:
            codes.append("UNTYPED")
    return codes


def is_server_error(codes: list[str]) -> bool:
    return any(c.startswith("HTTP 5") or c in SERVER_FAILURES for c in codes)


@dataclass
class Failure:
    operation: str
    codes: list[str]
    body: Any
    query: str
    variables: Any


@dataclass
class FuzzReport:
    cases: int = 0
    seconds: float = 0.0
    #: every code seen, counted once per answer that carried it.
    codes: Counter[str] = field(default_factory=Counter)
    per_operation: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    @property
    def server_errors(self) -> int:
        return len(self.failures)

    def lines(self) -> list[str]:
        out = [
            f"{self.cases} cases over {len(self.per_operation)} root fields in"
            f" {self.seconds:.0f} s; {self.server_errors} server errors",
            "codes: " + ", ".join(f"{k} {v}" for k, v in sorted(self.codes.items())),
        ]
        for failure in self.failures[:20]:
            out += [
                f"SERVER ERROR in {failure.operation}: {failure.codes}",
                f"  query: {failure.query}",
                f"  variables: {json.dumps(failure.variables, default=str)[:500]}",
                f"  answer: {json.dumps(failure.body, default=str)[:500]}",
            ]
        return out


def _operations(schema: GraphQLSchema) -> Iterator[Any]:
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise RuntimeError(f"schemathesis cannot use the schema: {result.err()}")
        yield result.ok()


def fuzz(
    schema: GraphQLSchema,
    headers: Mapping[str, str],
    *,
    examples: int,
    seed: int = 0,
    modes: tuple[GenerationMode, ...] = (GenerationMode.POSITIVE,),
    call: Callable[[Case], Response] | None = None,
    only: Callable[[str], bool] | None = None,
) -> FuzzReport:
    """Up to ``examples`` cases per root field and generation mode, reproducible for a
    ``seed``; ``call`` sends a case (default: ``case.call`` with ``headers``)."""
    report = FuzzReport()
    began = time.monotonic()
    send = call or (lambda case: case.call(headers=dict(headers), timeout=120))
    for operation in _operations(schema):
        label = str(operation.label)
        if only is not None and not only(label):
            continue
        for mode in modes:
            _cases(operation, mode, label, examples, seed, send, report)()
    report.seconds = time.monotonic() - began
    return report


def _cases(
    operation: Any,
    mode: GenerationMode,
    label: str,
    examples: int,
    seed: int,
    send: Callable[[Case], Response],
    report: FuzzReport,
) -> Callable[[], None]:
    """A hypothesis test sending ``examples`` cases of ``operation`` and recording them."""

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def one(case: Case) -> None:
        response = send(case)
        codes = answer_codes(response)
        report.cases += 1
        report.per_operation[label] = report.per_operation.get(label, 0) + 1
        report.codes.update(set(codes))
        if is_server_error(codes):
            try:
                body = response.json()
            except ValueError:
                body = response.content[:500].decode(errors="replace")
            report.failures.append(Failure(label, codes, body, _query(case), _variables(case)))

    result: Callable[[], None] = one
    return result


def _query(case: Case) -> str:
    body = case.body
    return str(body.get("query") if isinstance(body, dict) else body)


def _variables(case: Case) -> Any:
    body = case.body
    return body.get("variables") if isinstance(body, dict) else None


def main(
    examples: int = typer.Option(120, help="Cases per root field."),
    seed: int = typer.Option(0, help="The generation seed (the same seed, the same cases)."),
    negative: bool = typer.Option(False, help="Also generate documents that break the schema."),
    instance_name: str = typer.Option("fuzz", "--instance"),
) -> None:
    """Fuzz every root field through uvicorn on real Neo4j; exit 1 on any server error."""
    neo4jctl.wipe(instance_name)
    connection = neo4jctl.start(instance_name, heap="512m", pagecache="64m")
    try:
        secret = asyncio.run(prepare(connection, Role.ADMIN))
        with serve(connection, env={"RATE_LIMIT_CAPACITY": "0"}) as base_url:
            headers = {"Authorization": f"Bearer {secret}"}
            schema = schemathesis.graphql.from_url(f"{base_url}/graphql", headers=headers)
            modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if negative else None
            report = fuzz(
                schema,
                headers,
                examples=examples,
                seed=seed,
                modes=modes or (GenerationMode.POSITIVE,),
            )
    finally:
        neo4jctl.wipe(instance_name)
    for line in report.lines():
        print(line)
    raise typer.Exit(1 if report.server_errors else 0)


async def prepare(connection: dict[str, str], role: Role) -> str:
    """The demo, loaded and scored; a key with ``role`` (an admin's, so that mutations run,
    not only FORBIDDEN)."""
    settings = Settings(
        neo4j_uri=connection["NEO4J_URI"],
        neo4j_user=connection["NEO4J_USER"],
        neo4j_password=connection["NEO4J_PASSWORD"],
    )
    graph = GraphClient.connect(
        connection["NEO4J_URI"], connection["NEO4J_USER"], connection["NEO4J_PASSWORD"], "neo4j"
    )
    try:
        await graph.apply_schema()
        await load_demo(graph.session(), settings, date.today())
        issued = await keys.create_key(graph.session(), "fuzz", frozenset({role}))
    finally:
        await graph.close()
    return issued.secret


if __name__ == "__main__":
    typer.run(main)
