"""Who is asking: API keys (created, used, revoked, expired), JWTs, the request's log line."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import neo4j
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pydantic import SecretStr

from api.graph_access import open_graph
from api.settings import Settings
from graph.access import Role
from graph.client import GraphClient
from graph.errors import GraphUnavailableError
from tests.helpers import KeyFor, LoadGraph, count, serving
from tests.integration.small_graph import small_graph

ISSUER = "https://idp.example"
AUDIENCE = "stakegraph-api"

CREATE_KEY = """
mutation($roles: [Role!]!, $expiresAt: DateTime) {
  createApiKey(name: "crm sync", roles: $roles, owner: "ops@example.com", expiresAt: $expiresAt) {
    secret apiKey { prefix name owner roles lastUsedAt revokedAt }
    userErrors { field code message }
  }
}
"""
VIEWER = "{ viewer { kind subject name roles permissions } }"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def test_a_key_is_shown_once_stored_as_a_hash_and_works_until_revoked(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, graph: GraphClient
) -> None:
    created = (
        await client.post(
            "/graphql", json={"query": CREATE_KEY, "variables": {"roles": ["VIEWER"]}}
        )
    ).json()
    payload = created["data"]["createApiKey"]
    assert payload["userErrors"] == []
    secret, key = payload["secret"], payload["apiKey"]
    assert secret.startswith(f"sgk_{key['prefix']}_")
    assert key["roles"] == ["VIEWER"] and key["owner"] == "ops@example.com"
    # Neo4j holds the SHA-256, never the secret.
    stored = await graph.session().read(
        "MATCH (k:ApiKey {prefix: $p}) RETURN properties(k) AS props", {"p": key["prefix"]}
    )
    props = stored[0]["props"]
    assert secret not in json.dumps(props, default=str)
    assert props["hash"] == hashlib.sha256(secret.encode()).hexdigest()

    me = (await anonymous.post("/graphql", json={"query": VIEWER}, headers=bearer(secret))).json()
    assert me["data"]["viewer"] == {
        "kind": "API_KEY",
        "subject": key["prefix"],
        "name": "crm sync",
        "roles": ["VIEWER"],
        "permissions": ["READ"],
    }
    # X-API-Key works as well as the Authorization header.
    via_header = await anonymous.post(
        "/graphql", json={"query": VIEWER}, headers={"X-API-Key": secret}
    )
    assert via_header.json()["data"]["viewer"]["subject"] == key["prefix"]

    listed = (
        await client.post("/graphql", json={"query": "{ apiKeys { prefix lastUsedAt } }"})
    ).json()
    mine = next(k for k in listed["data"]["apiKeys"] if k["prefix"] == key["prefix"])
    assert mine["lastUsedAt"] is not None
    assert secret not in json.dumps(listed)

    revoked = (
        await client.post(
            "/graphql",
            json={
                "query": "mutation($p: String!) { revokeApiKey(prefix: $p) { apiKey { revokedAt } userErrors { code } } }",
                "variables": {"p": key["prefix"]},
            },
        )
    ).json()["data"]["revokeApiKey"]
    assert revoked["apiKey"]["revokedAt"] is not None
    refused = await anonymous.post("/graphql", json={"query": VIEWER}, headers=bearer(secret))
    assert refused.status_code == 401
    assert "revoked" in refused.json()["errors"][0]["message"]
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]
    assert (
        await count(graph, "MATCH (k:ApiKey {prefix: $p}) RETURN count(k) AS n", p=key["prefix"])
        == 1
    )


async def test_bad_keys_get_401_without_their_secret_echoed_or_logged(
    anonymous: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    guesses = [
        "sgk_00000000_" + "A" * 43,  # well formed, unknown
        "sgk_nothex00_secret",  # malformed
        "not-a-key-nor-a-jwt",
    ]
    for guess in guesses:
        response = await anonymous.post("/graphql", json={"query": VIEWER}, headers=bearer(guess))
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert guess not in response.text
        assert guess not in response.headers["www-authenticate"]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert all(guess not in logged for guess in guesses)
    wrong_scheme = await anonymous.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": "Basic dXNlcjpwYXNz"}
    )
    assert wrong_scheme.status_code == 401


async def test_a_key_past_its_expiry_gets_401(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, graph: GraphClient, settings: Settings
) -> None:
    soon = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    payload = (
        await client.post(
            "/graphql",
            json={"query": CREATE_KEY, "variables": {"roles": ["EDITOR"], "expiresAt": soon}},
        )
    ).json()["data"]["createApiKey"]
    secret = payload["secret"]
    assert (
        await anonymous.post("/graphql", json={"query": VIEWER}, headers=bearer(secret))
    ).status_code == 200
    past = (
        await client.post(
            "/graphql",
            json={
                "query": CREATE_KEY,
                "variables": {"roles": ["EDITOR"], "expiresAt": "2020-01-01T00:00:00Z"},
            },
        )
    ).json()["data"]["createApiKey"]
    assert past["secret"] is None
    assert past["userErrors"][0]["code"] == "INVALID_DATE_RANGE"
    # Time passes (moved in the store, since the key is cached for API_KEY_CACHE_SECONDS).
    await graph.session().write(
        "MATCH (k:ApiKey {prefix: $p}) SET k.expiresAt = datetime() - duration('PT1S')",
        {"p": payload["apiKey"]["prefix"]},
    )
    async with serving(settings, headers=bearer(secret)) as fresh:
        refused = await fresh.post("/graphql", json={"query": VIEWER})
    assert refused.status_code == 401
    assert "expired" in refused.json()["errors"][0]["message"]


async def test_each_request_logs_one_line_naming_its_caller(
    anonymous: httpx.AsyncClient, key_for: KeyFor, caplog: pytest.LogCaptureFixture
) -> None:
    secret = await key_for(Role.ANALYST, name="log line")
    prefix = secret.split("_")[1]
    caplog.set_level(logging.INFO, logger="stakegraph.access")
    await anonymous.post("/graphql", json={"query": "{ __typename }"}, headers=bearer(secret))
    await anonymous.post("/graphql", json={"query": "{ __typename }"})
    lines = [r.getMessage() for r in caplog.records if r.name == "stakegraph.access"]
    assert any(
        line.startswith("POST /graphql 200 ") and line.endswith(f"api_key:{prefix}[analyst]")
        for line in lines
    )
    assert any(line.startswith("POST /graphql 401 ") and line.endswith(" -") for line in lines)
    assert all(secret not in line for line in lines)


def test_authentication_cannot_be_off_on_an_address_others_reach() -> None:
    with pytest.raises(ValueError, match="loopback"):
        Settings(auth_required=False, host="0.0.0.0")
    assert not Settings(auth_required=False, host="127.0.0.1").auth_required


async def test_with_authentication_off_a_request_without_credentials_is_the_local_developer(
    settings: Settings, key_for: KeyFor
) -> None:
    async with serving(settings.model_copy(update={"auth_required": False})) as local:
        me = (await local.post("/graphql", json={"query": VIEWER})).json()["data"]["viewer"]
        assert me["kind"] == "LOCAL" and me["roles"] == ["ADMIN"]
        # A credential sent is still checked: a viewer key stays a viewer.
        secret = await key_for(Role.VIEWER)
        as_viewer = (
            await local.post("/graphql", json={"query": VIEWER}, headers=bearer(secret))
        ).json()
        assert as_viewer["data"]["viewer"]["roles"] == ["VIEWER"]
        assert (
            await local.post("/graphql", json={"query": VIEWER}, headers=bearer("sgk_bad"))
        ).status_code == 401


# --- JWTs from an identity provider --------------------------------------------------------


@pytest.fixture(scope="module")
def idp_keys() -> dict[str, Any]:
    return {
        "rsa": rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ec": ec.generate_private_key(ec.SECP256R1()),
        "stranger": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    }


@pytest.fixture(scope="module")
def jwks_file(idp_keys: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    keys = []
    for kid, algorithm in (
        ("rsa", jwt.algorithms.RSAAlgorithm),
        ("ec", jwt.algorithms.ECAlgorithm),
    ):
        jwk = json.loads(algorithm.to_jwk(idp_keys[kid].public_key()))
        keys.append({**jwk, "kid": kid, "use": "sig"})
    path = tmp_path_factory.mktemp("idp") / "jwks.json"
    path.write_text(json.dumps({"keys": keys}))
    return path


def token(key: Any, kid: str, algorithm: str = "RS256", **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": ISSUER, "aud": AUDIENCE, "sub": "u-123", "exp": now + 300, "iat": now}
    body.update(claims)
    return jwt.encode(body, key, algorithm=algorithm, headers={"kid": kid})


def trusting_the_idp(settings: Settings, jwks_file: Path, **claims: str) -> Settings:
    """``settings`` with the test identity provider's issuer, audience and keys."""
    jwt = {"jwt_issuer": ISSUER, "jwt_audience": AUDIENCE, "jwt_jwks_file": jwks_file}
    return settings.model_copy(update={**jwt, **claims})


@pytest.fixture
async def with_idp(settings: Settings, jwks_file: Path) -> AsyncIterator[httpx.AsyncClient]:
    idp = trusting_the_idp(settings, jwks_file, jwt_roles_claim="realm_access.roles")
    async with serving(idp) as http:
        yield http


async def test_a_valid_token_is_its_subject_with_the_roles_of_its_claim(
    with_idp: httpx.AsyncClient, idp_keys: dict[str, Any]
) -> None:
    for kid, algorithm in (("rsa", "RS256"), ("ec", "ES256")):
        signed = token(
            idp_keys[kid], kid, algorithm, name="Ada", realm_access={"roles": ["editor", "unknown"]}
        )
        me = (
            await with_idp.post("/graphql", json={"query": VIEWER}, headers=bearer(signed))
        ).json()
        assert me["data"]["viewer"] == {
            "kind": "JWT",
            "subject": "u-123",
            "name": "Ada",
            "roles": ["EDITOR"],
            "permissions": ["READ", "WRITE"],
        }


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("expired", "expired"),
        ("audience", "audience"),
        ("issuer", "issuer"),
        ("stranger", "not valid"),
        ("hs256", "not valid"),
        ("no-sub", "not valid"),
    ],
)
async def test_a_bad_token_gets_401_saying_why(
    with_idp: httpx.AsyncClient, idp_keys: dict[str, Any], case: str, reason: str
) -> None:
    rsa_key = idp_keys["rsa"]
    signed = {
        "expired": lambda: token(rsa_key, "rsa", exp=int(time.time()) - 3600),
        "audience": lambda: token(rsa_key, "rsa", aud="another-api"),
        "issuer": lambda: token(rsa_key, "rsa", iss="https://evil.example"),
        "stranger": lambda: token(idp_keys["stranger"], "rsa"),
        # The public key used as an HMAC secret: the classic algorithm confusion.
        "hs256": lambda: jwt.encode(
            {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "exp": int(time.time()) + 60},
            "a-shared-secret-that-is-long-enough-for-hs256",
            algorithm="HS256",
            headers={"kid": "rsa"},
        ),
        "no-sub": lambda: token(rsa_key, "rsa", sub=None),
    }[case]()
    response = await with_idp.post("/graphql", json={"query": VIEWER}, headers=bearer(signed))
    assert response.status_code == 401
    assert reason in response.json()["errors"][0]["message"]
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


async def test_a_token_without_a_known_role_reads_nothing(
    with_idp: httpx.AsyncClient, idp_keys: dict[str, Any]
) -> None:
    signed = token(idp_keys["rsa"], "rsa", realm_access={"roles": ["superuser"]})
    body = (
        await with_idp.post(
            "/graphql", json={"query": "{ accounts { totalCount } }"}, headers=bearer(signed)
        )
    ).json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "permission": "READ"}


# --- least privilege toward Neo4j ----------------------------------------------------------


async def test_analyst_cypher_runs_as_its_own_neo4j_user(
    settings: Settings, key_for: KeyFor
) -> None:
    password = "analyst-password-123"
    admin = neo4j.AsyncGraphDatabase.driver(
        settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value())
    )
    async with admin:
        await admin.execute_query(
            "CREATE OR REPLACE USER stakegraph_analyst SET PASSWORD $pw CHANGE NOT REQUIRED",
            {"pw": password},
            database_="system",
        )
    query = {"query": '{ cypher(query: "RETURN 1 AS one") { rows } }'}
    headers = bearer(await key_for(Role.ANALYST))
    for given, works in ((password, True), ("a-wrong-password", False)):
        analyst_user = settings.model_copy(
            update={
                "cypher_neo4j_user": "stakegraph_analyst",
                "cypher_neo4j_password": SecretStr(given),
            }
        )
        async with serving(analyst_user, headers) as http:
            body = (await http.post("/graphql", json=query)).json()
            # the API's own queries keep the API's user
            assert (
                "errors"
                not in (
                    await http.post("/graphql", json={"query": "{ accounts { totalCount } }"})
                ).json()
            )
        if works:
            assert body["data"]["cypher"]["rows"] == [[1]]
        else:
            assert body["data"] is None
            assert given not in json.dumps(body)


async def test_a_token_can_be_limited_to_accounts_by_a_claim(
    settings: Settings, jwks_file: Path, idp_keys: dict[str, Any], load_graph: LoadGraph
) -> None:
    await load_graph(small_graph())
    idp = trusting_the_idp(settings, jwks_file, jwt_accounts_claim="stakegraph.accounts")
    query = {"query": "{ accounts { totalCount } viewer { scope { accountIds } } }"}
    async with serving(idp) as http:
        limited = token(
            idp_keys["rsa"], "rsa", roles=["viewer"], stakegraph={"accounts": ["acc-fabrikam"]}
        )
        body = (await http.post("/graphql", json=query, headers=bearer(limited))).json()
        assert body["data"]["accounts"]["totalCount"] == 1
        assert body["data"]["viewer"]["scope"] == {"accountIds": ["acc-fabrikam"]}
        whole = token(idp_keys["rsa"], "rsa", roles=["viewer"])
        body = (await http.post("/graphql", json=query, headers=bearer(whole))).json()
        assert body["data"]["accounts"]["totalCount"] == 3
        assert body["data"]["viewer"]["scope"] is None
        # A claim of the wrong shape limits to nothing, not to everything.
        odd = token(idp_keys["rsa"], "rsa", roles=["viewer"], stakegraph={"accounts": "all"})
        body = (await http.post("/graphql", json=query, headers=bearer(odd))).json()
        assert body["data"]["accounts"]["totalCount"] == 0


async def test_the_neo4j_password_reaches_no_error_and_no_log(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "a-wrong-password-that-must-not-leak"
    caplog.set_level(logging.DEBUG)
    # Another user than the suite's: failed logins lock a Neo4j user for a while.
    bad = settings.model_copy(
        update={
            "neo4j_user": "stakegraph_nobody",
            "neo4j_password": SecretStr(wrong),
            "neo4j_connect_attempts": 1,
        }
    )
    assert wrong not in repr(bad) and wrong not in str(bad.model_dump())
    with pytest.raises(GraphUnavailableError) as refused:
        async with open_graph(bad):
            pass
    assert "credentials" in str(refused.value)
    assert wrong not in str(refused.value)
    assert all(wrong not in record.getMessage() for record in caplog.records)
