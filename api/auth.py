"""Authentication: who a request's credentials say it is (API key or JWT), or why not.

``Authorization: Bearer <credential>`` carries either an API key (``sgk_...``, see
:mod:`graph.keys`) or a JWT from the configured identity provider; ``X-API-Key`` carries a key
too. Nothing here logs or echoes a credential: messages name what is wrong, not the secret.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jwt

from graph import keys
from graph.access import AccountScope, Identity, IdentityKind, roles_named
from graph.client import GraphClient
from graph.errors import GraphError
from graph.keys import ApiKey

log = logging.getLogger("stakegraph")


class AuthenticationError(Exception):
    """The credentials are missing, malformed, unknown, expired or revoked (HTTP 401)."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        #: no credentials at all (RFC 6750: the challenge then carries no error code).
        self.missing = missing

    def challenge(self) -> str:
        """The ``WWW-Authenticate`` header of the 401."""
        if self.missing:
            return 'Bearer realm="stakegraph"'
        description = self.message.replace('"', "'")
        return (
            f'Bearer realm="stakegraph", error="invalid_token", error_description="{description}"'
        )


@dataclass(frozen=True, slots=True)
class JwtSettings:
    """How to verify bearer tokens of an identity provider (``JWT_*`` settings)."""

    issuer: str
    audience: str
    jwks_url: str | None = None
    jwks_file: Path | None = None
    algorithms: tuple[str, ...] = ("RS256", "ES256")
    roles_claim: str = "roles"
    #: claims that limit a token to some accounts (graph/scope.py): account ids, and a team
    #: member whose seats it follows; a token without them sees the whole portfolio.
    accounts_claim: str | None = None
    team_member_claim: str | None = None
    leeway_s: float = 30.0


def _claim(claims: dict[str, Any], path: str) -> object:
    """A claim by dotted path (Keycloak puts roles at ``realm_access.roles``)."""
    value: object = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class JwtVerifier:
    """Checks a token's signature against the provider's keys, then issuer, audience, expiry."""

    def __init__(self, settings: JwtSettings) -> None:
        self._settings = settings
        self._remote = (
            jwt.PyJWKClient(settings.jwks_url, cache_keys=True, lifespan=300)
            if settings.jwks_url
            else None
        )
        self._local = (
            jwt.PyJWKSet.from_json(settings.jwks_file.read_text())
            if settings.jwks_file is not None
            else None
        )

    async def _signing_key(self, token: str) -> Any:
        if self._remote is not None:
            # PyJWKClient fetches (and caches) the key set with blocking urllib.
            return await asyncio.to_thread(self._remote.get_signing_key_from_jwt, token)
        assert self._local is not None
        kid = jwt.get_unverified_header(token).get("kid")
        for key in self._local.keys:
            if kid is None or key.key_id == kid:
                return key
        raise jwt.InvalidTokenError("no key of the identity provider matches the token's kid")

    async def identify(self, token: str) -> Identity:
        settings = self._settings
        try:
            signing_key = await self._signing_key(token)
            claims = jwt.decode(
                token,
                signing_key,
                algorithms=list(settings.algorithms),
                audience=settings.audience,
                issuer=settings.issuer,
                leeway=settings.leeway_s,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthenticationError("the token has expired") from exc
        except jwt.InvalidAudienceError as exc:
            raise AuthenticationError("the token is not for this API (audience)") from exc
        except jwt.InvalidIssuerError as exc:
            raise AuthenticationError("the token is from another issuer") from exc
        except jwt.PyJWKClientError as exc:
            raise AuthenticationError("the identity provider's keys cannot be read") from exc
        except jwt.PyJWTError as exc:
            raise AuthenticationError("the token is not valid") from exc
        subject = str(claims["sub"])
        name = claims.get("name") or claims.get("email") or subject
        expires = datetime.fromtimestamp(int(claims["exp"]), UTC)
        return Identity(
            kind=IdentityKind.JWT,
            subject=subject,
            name=str(name),
            roles=roles_named(_claim(claims, settings.roles_claim)),
            expires_at=expires,
            scope=self._scope(claims),
        )

    def _scope(self, claims: dict[str, Any]) -> AccountScope | None:
        settings = self._settings
        accounts = _claim(claims, settings.accounts_claim) if settings.accounts_claim else None
        seat_holder = (
            _claim(claims, settings.team_member_claim) if settings.team_member_claim else None
        )
        if accounts is None and seat_holder is None:
            return None
        ids = [a for a in accounts if isinstance(a, str)] if isinstance(accounts, list) else []
        # A claim of the wrong shape limits to nothing rather than to everything.
        return AccountScope(frozenset(ids), seat_holder if isinstance(seat_holder, str) else None)


#: How many verified keys one process remembers.
KEY_CACHE_SIZE = 10_000
#: A key's last-used time is written at most this often (a write per request would double
#: the cost of a read).
MARK_USED_EVERY_S = 60.0


class KeyVerifier:
    """API keys checked against Neo4j, remembered for ``cache_s`` seconds.

    A key revoked through this process stops working at once (:meth:`forget`); through another
    process, within ``cache_s``. While Neo4j is down, a key verified before is trusted until
    it can be checked again; one never seen gets 503.
    """

    def __init__(self, graph: GraphClient, cache_s: float) -> None:
        self._graph = graph
        self._cache_s = cache_s
        self._verified: OrderedDict[str, tuple[ApiKey, float]] = OrderedDict()
        self._marked: dict[str, float] = {}

    def forget(self, prefix: str) -> None:
        for digest in [d for d, (key, _) in self._verified.items() if key.prefix == prefix]:
            del self._verified[digest]

    async def identify(self, secret: str) -> Identity:
        digest = keys.key_hash(secret)
        now = time.monotonic()
        cached = self._verified.get(digest)
        if cached is not None and now - cached[1] < self._cache_s:
            key = cached[0]
            self._verified.move_to_end(digest)
        else:
            try:
                found = await keys.key_for(self._graph.session(), secret)
            except GraphError:
                if cached is None:
                    raise
                # Neo4j is down: a key verified before goes on (every read and write of the
                # request needs Neo4j too, and fails typed), checked again once it is back.
                found = cached[0]
            else:
                if found is None:
                    raise AuthenticationError("the API key is not valid")
                self._verified[digest] = (found, now)
                if len(self._verified) > KEY_CACHE_SIZE:
                    self._verified.popitem(last=False)
            key = found
        if key.revoked_at is not None:
            raise AuthenticationError("the API key has been revoked")
        if not key.usable(datetime.now(UTC)):
            raise AuthenticationError("the API key has expired")
        if now - self._marked.get(key.prefix, -MARK_USED_EVERY_S) >= MARK_USED_EVERY_S:
            self._marked[key.prefix] = now
            try:
                await keys.mark_used(self._graph.session(), key.prefix)
            except GraphError as exc:
                # Bookkeeping: the request goes on (and meets the outage, if it is one).
                log.warning("could not record the use of key %s: %s", key.prefix, exc)
        return Identity(
            kind=IdentityKind.API_KEY,
            subject=key.prefix,
            name=key.name,
            roles=key.roles,
            expires_at=key.expires_at,
            scope=key.scope,
        )


class Authenticator:
    """Turns a request's credential into an :class:`Identity`.

    ``required`` False (``AUTH_REQUIRED=false``, loopback only) lets requests without
    credentials in as the local developer; credentials sent are checked all the same.
    """

    def __init__(
        self, keys_: KeyVerifier, jwt_verifier: JwtVerifier | None, *, required: bool
    ) -> None:
        self.keys = keys_
        self._jwt = jwt_verifier
        self.required = required

    async def identify(self, credential: str) -> Identity:
        if keys.looks_like_key(credential):
            return await self.keys.identify(credential)
        if self._jwt is None:
            raise AuthenticationError(
                "not an API key of this server (no identity provider is configured for JWTs)"
            )
        return await self._jwt.identify(credential)


def credential_of(authorization: str | None, api_key: str | None) -> str | None:
    """The credential a request carries, from ``Authorization: Bearer`` or ``X-API-Key``."""
    if api_key:
        return api_key.strip()
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise AuthenticationError("use the Authorization scheme Bearer")
    return value.strip()
