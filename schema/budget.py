"""The cost budget of a request and the caller's rate limit, checked before it runs.

A request over ``MAX_QUERY_COST`` is refused (MAX_COST_EXCEEDED); one its caller's bucket
cannot pay is refused with HTTP 429 and ``Retry-After`` (RATE_LIMITED). Every response says
its cost in ``extensions.cost`` and the caller's bucket in ``RateLimit-*`` headers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionContext

from graph.errors import ErrorCode
from schema.config import SchemaConfig
from schema.context import Context
from schema.cost import CostRules, actual_cost, requested_cost
from schema.errors import request_error
from schema.throttle import CostThrottle, ThrottleState


def _headers(response: Any, state: ThrottleState) -> None:
    if response is None:
        return
    response.headers["RateLimit-Limit"] = str(state.maximum)
    response.headers["RateLimit-Remaining"] = str(max(state.available, 0))
    response.headers["RateLimit-Reset"] = str(state.seconds_until_full())


def cost_of(run: ExecutionContext, config: SchemaConfig) -> int:
    """The requested cost of the execution's operation under ``config``'s page sizes."""
    assert run.graphql_document is not None
    return requested_cost(
        run.schema._schema,
        run.graphql_document,
        run.operation_name,
        run.variables,
        CostRules(config.default_page_size, config.max_page_size),
    )


def charge_hit(context: Context, requested: int, actual: int) -> dict[str, Any] | None:
    """Charge a cache hit answered before GraphQL runs as :class:`CostLimit` charges its miss
    (the costs kept with the answer: the same document and variables cost the same); its
    ``extensions.cost``, or None when the caller's bucket cannot pay (then the whole path runs
    and words the refusal)."""
    config = context.config
    report: dict[str, Any] = {
        "requested": requested,
        "limit": config.max_query_cost,
        "actual": actual,
    }
    throttle = context.throttle
    if throttle is not None:
        caller = context.identity.rate_key
        if not throttle.take(caller, requested).allowed:
            return None
        state = throttle.settle(caller, requested, actual)
        _headers(context.response, state)
        report["throttle"] = _throttle(state)
    return report


class CostLimit(SchemaExtension):
    def __init__(self) -> None:
        super().__init__()
        self._cost: dict[str, Any] = {}

    def on_execute(self) -> Iterator[None]:
        run = self.execution_context
        context = run.context
        document = run.graphql_document
        if document is None or not isinstance(context, Context):
            yield
            return
        config = context.config
        requested = cost_of(run, config)
        self._cost = {"requested": requested, "limit": config.max_query_cost}
        if requested > config.max_query_cost:
            run.result = ExecutionResult(
                data=None,
                errors=[
                    request_error(
                        ErrorCode.MAX_COST_EXCEEDED,
                        f"the request may return {requested} objects; at most "
                        f"{config.max_query_cost} (ask for smaller pages: each connection's "
                        "`first` multiplies what is below it)",
                    )
                ],
            )
            yield
            return
        throttle: CostThrottle | None = context.throttle
        caller = context.identity.rate_key
        if throttle is not None:
            grant = throttle.take(caller, requested)
            if not grant.allowed:
                wait = grant.state.seconds_until(requested)
                if context.response is not None:
                    context.response.status_code = 429
                    context.response.headers["Retry-After"] = str(wait)
                _headers(context.response, grant.state)
                self._cost["throttle"] = _throttle(grant.state)
                run.result = ExecutionResult(
                    data=None,
                    errors=[
                        request_error(
                            ErrorCode.RATE_LIMITED,
                            f"this request costs {requested} and {max(grant.state.available, 0)} "
                            f"of {grant.state.maximum} are left; retry in {wait} s",
                        )
                    ],
                )
                yield
                return
        yield
        actual = actual_cost(run.result.data if run.result else None)
        self._cost["actual"] = actual
        if throttle is not None:
            state = throttle.settle(caller, requested, actual)
            _headers(context.response, state)
            self._cost["throttle"] = _throttle(state)

    def get_results(self) -> dict[str, Any]:
        return {"cost": self._cost} if self._cost else {}


def _throttle(state: ThrottleState) -> dict[str, Any]:
    return {
        "maximum": state.maximum,
        "available": state.available,
        "restorePerSecond": state.restore_per_s,
    }
