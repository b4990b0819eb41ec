"""Request dependencies shared by every route: the graph client and who is asking."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.auth import AuthenticationError, Authenticator, credential_of
from api.refusals import Refusal
from graph import scope
from graph.access import LOCAL_DEVELOPER, Identity, IdentityKind, Permission
from graph.client import GraphClient, GraphSession
from graph.errors import ErrorCode, GraphError, InvalidBookmarkError
from schema.permissions import roles_with
from schema.stats import BOOKMARK_HEADER

# Async, though some await nothing: FastAPI runs a plain ``def`` dependency in a worker
# thread, a hop that cost a sixth of a `{ __typename }` request.

#: Who asks for GraphiQL's page (a GET without a query): the page holds no data, and its
#: requests carry their own credentials.
PAGE_VISITOR = Identity(
    kind=IdentityKind.LOCAL, subject="page", name="page visitor", roles=frozenset()
)


async def get_graph(request: Request) -> GraphClient:
    graph: GraphClient = request.app.state.graph
    return graph


async def identity_of(request: Request) -> Identity:
    """Who is asking, from the request's credentials; 401 when they are missing or bad.

    Without credentials: the local developer when authentication is off (loopback only,
    see ``AUTH_REQUIRED``), else 401.
    """
    return await _identity(request, page_visit=False)


async def graphql_identity(request: Request) -> Identity:
    """As :func:`identity_of`; and a GET without a query (GraphiQL's page) needs none."""
    return await _identity(request, page_visit=True)


async def _identity(request: Request, *, page_visit: bool) -> Identity:
    authenticator: Authenticator = request.app.state.authenticator
    try:
        credential = credential_of(
            request.headers.get("authorization"), request.headers.get("x-api-key")
        )
        if credential is not None:
            identity = await authenticator.identify(credential)
        elif not authenticator.required:
            identity = LOCAL_DEVELOPER
        elif (
            page_visit
            and request.method == "GET"
            and not ({"query", "extensions"} & set(request.query_params))
        ):
            identity = PAGE_VISITOR
        else:
            raise AuthenticationError(
                "this API needs credentials: Authorization: Bearer <API key or token>",
                missing=True,
            )
    except AuthenticationError as exc:
        raise Refusal(
            401, ErrorCode.UNAUTHENTICATED, exc.message, {"WWW-Authenticate": exc.challenge()}
        ) from None
    except GraphError as exc:
        # The key store is Neo4j: while it is down, a key not in the cache cannot be checked.
        raise Refusal(
            503,
            ErrorCode.SERVICE_UNAVAILABLE,
            "the graph database is unavailable, so the API key cannot be checked; retry shortly",
            {"Retry-After": "1"},
        ) from exc
    request.state.identity = identity
    return identity


IdentityDep = Annotated[Identity, Depends(identity_of)]
GraphQLIdentityDep = Annotated[Identity, Depends(graphql_identity)]


def needs(permission: Permission) -> object:
    """A route dependency: the caller's identity, if it has ``permission`` (else 403)."""

    async def check(identity: IdentityDep) -> Identity:
        if not identity.may(permission):
            raise Refusal(
                403,
                ErrorCode.FORBIDDEN,
                f"this needs the permission {permission} (roles: {roles_with(permission)})",
                extensions={"permission": permission},
            )
        return identity

    return Depends(check)


GraphDep = Annotated[GraphClient, Depends(get_graph)]


#: Bounds of a client's bookmark header: Neo4j's bookmarks are some 30-100 characters each.
MAX_BOOKMARKS, MAX_BOOKMARK_CHARS = 16, 1000
BAD_BOOKMARK = (
    f"{BOOKMARK_HEADER} holds no bookmark this database gave (at most {MAX_BOOKMARKS}, "
    f"comma-separated, of at most {MAX_BOOKMARK_CHARS} characters): send back the value of a "
    "response's extensions.bookmark, or none"
)


def client_bookmarks(request: Request) -> tuple[str, ...]:
    """The bookmarks the client passed on in :data:`BOOKMARK_HEADER` (none when absent)."""
    given = request.headers.get(BOOKMARK_HEADER)
    if not given:
        return ()
    values = tuple(v.strip() for v in given.split(",") if v.strip())
    if len(values) > MAX_BOOKMARKS or any(len(v) > MAX_BOOKMARK_CHARS for v in values):
        raise Refusal(400, ErrorCode.INVALID_BOOKMARK, BAD_BOOKMARK)
    return values


async def session_for(
    graph: GraphClient, identity: Identity, bookmarks: tuple[str, ...] = ()
) -> GraphSession:
    """A graph session that sees what ``identity`` may: for an account-scoped caller, only the
    accounts of its scope (resolved now, once per request; graph/scope.py), once the database
    has caught up with ``bookmarks``."""
    session = graph.session()
    session.bookmarks = bookmarks
    if identity.scope is not None:
        try:
            session.visible = await scope.visible_accounts(session, identity.scope)
        except InvalidBookmarkError as exc:
            raise Refusal(400, ErrorCode.INVALID_BOOKMARK, BAD_BOOKMARK) from exc
        except GraphError as exc:
            raise Refusal(
                503,
                ErrorCode.SERVICE_UNAVAILABLE,
                "the graph database is unavailable, so the key's accounts cannot be read; "
                "retry shortly",
                {"Retry-After": "1"},
            ) from exc
    return session
