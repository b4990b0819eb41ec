"""``make run``: Neo4j (provisioned unless NEO4J_URI is set), demo data if empty, then the API.

Ctrl-C or SIGTERM stops the API (in-flight requests finish) and then the Neo4j this command
started (a server that was already running, or one given by NEO4J_URI, is left alone).
``STAKEGRAPH_RUN_INSTANCE`` names the local instance (default ``dev``).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from datetime import date
from types import FrameType

import uvicorn

from api.app import create_app
from api.cli_graph import CLI_QUERY_TIMEOUT_SECONDS, CLI_RETRY_SECONDS
from api.demo_loader import load_demo
from api.graph_access import open_graph
from api.logs import configure_logging
from api.settings import Settings
from graph import scores as stored
from graph.importer import count_nodes
from scripts import neo4jctl


async def load_demo_if_empty(settings: Settings) -> None:
    # Start-up work, not a request: the CLI's time limit, not a request's 30 s (a loaded
    # machine took longer than that to import the demo into a Neo4j just started).
    async with open_graph(
        settings, retry_s=CLI_RETRY_SECONDS, timeout_s=CLI_QUERY_TIMEOUT_SECONDS
    ) as graph:
        session = graph.session()
        if await count_nodes(session) == 0:
            # Demo dates move to today, so the scores read as they would in real use.
            summary = await load_demo(session, settings)
            print(
                f"Loaded demo data: {summary.accounts} accounts, {summary.people} people, "
                f"{summary.touchpoints} touchpoints",
                flush=True,
            )
        computed = await stored.recompute(session, None, date.today(), settings.scoring_config())
        print(f"Scores computed for {computed} accounts", flush=True)


def _port_taken(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


DEV_ORIGINS = [
    f"http://{host}:{port}" for host in ("localhost", "127.0.0.1") for port in (3000, 5173, 8080)
]


def _auth_note(settings: Settings) -> str:
    if settings.auth_required:
        return "Authentication is on: send Authorization: Bearer <key> (stakegraph keys create)."
    return (
        f"Authentication is off on {settings.host} (AUTH_REQUIRED=false): requests without "
        "credentials act as an admin. Keys and roles still apply to requests that send one: "
        "`stakegraph keys create --name me --role viewer`; AUTH_REQUIRED=true make run "
        "turns it on."
    )


class _Terminated(Exception):
    """SIGTERM arrived: unwind, so the finally clause stops what this command started."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def main() -> int:
    # uvicorn shuts down gracefully on SIGTERM and then raises the signal again: with the
    # default handler that killed the process before the Neo4j it started was stopped.
    signal.signal(signal.SIGTERM, _on_sigterm)
    instance = os.environ.get("STAKEGRAPH_RUN_INSTANCE", "dev")
    settings = Settings()
    # Say so before starting Neo4j and loading data, not after.
    if _port_taken(settings.host, settings.port):
        print(
            f"{settings.host}:{settings.port} is already in use; "
            f"choose another port, e.g. PORT={settings.port + 1} make run",
            file=sys.stderr,
        )
        return 1
    # The usual local origins of a frontend in development (Vite, Next.js, CRA), unless set.
    os.environ.setdefault("CORS_ORIGINS", json.dumps(DEV_ORIGINS))
    # On loopback, requests without credentials act as the local developer (an admin):
    # GraphiQL and a local frontend work with no set-up. Settings refuse it on other hosts.
    os.environ.setdefault("AUTH_REQUIRED", "false")
    # As many workers as the machine has cores, up to 4 (two cores serve 1.0-1.4x one).
    os.environ.setdefault("WORKERS", str(min(os.cpu_count() or 1, 4)))
    started_here = False
    try:
        if not os.environ.get("NEO4J_URI"):
            started_here = neo4jctl.instance(instance).pid() is None
            try:
                os.environ.update(neo4jctl.start(instance))
            except neo4jctl.Neo4jError as exc:
                print(str(exc), file=sys.stderr)
                return 1
        settings = Settings()
        configure_logging(settings.log_level)
        asyncio.run(load_demo_if_empty(settings))
        print(f"GraphiQL: http://{settings.host}:{settings.port}/graphql", flush=True)
        if settings.explorer:
            print(f"Explorer: http://{settings.host}:{settings.port}/explorer", flush=True)
        print(_auth_note(settings), flush=True)
        if settings.workers > 1:
            # Each worker builds the app from the environment (api/main.py), which holds the
            # Neo4j connection set above; uvicorn's supervisor stops them all on SIGTERM and
            # SIGINT, then returns here.
            print(f"{settings.workers} worker processes", flush=True)
            uvicorn.run(
                "api.main:app",
                host=settings.host,
                port=settings.port,
                workers=settings.workers,
                access_log=False,  # api/request_log.py writes each request's line
            )
        else:
            server = uvicorn.Server(
                uvicorn.Config(
                    create_app(settings),
                    host=settings.host,
                    port=settings.port,
                    access_log=False,
                )
            )
            server.run()
    except (_Terminated, KeyboardInterrupt):
        pass
    finally:
        if started_here:
            print("Stopping the Neo4j this command started ...", flush=True)
            neo4jctl.stop(instance)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
