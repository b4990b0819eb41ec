"""The Neo4j launcher as users drive it: start (idempotent), status, stop, and a failed start.

Runs a second, small instance of its own so the session's server is not disturbed.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.client import GraphClient
from scripts import neo4jctl

ROOT = Path(__file__).resolve().parents[2]
NAME = f"ctl-{os.getpid()}"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("NEO4J_URI")),
    reason="NEO4J_URI points at an external server; the local launcher is not used",
)


def _ctl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts.neo4jctl", *args, "--instance", NAME],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture
def scratch_instance() -> Iterator[neo4jctl.Instance]:
    inst = neo4jctl.instance(NAME)
    yield inst
    neo4jctl.wipe(NAME)
    shutil.rmtree(inst.home, ignore_errors=True)


async def _logs_in(exports: dict[str, str]) -> bool:
    graph = GraphClient.connect(
        exports["NEO4J_URI"], exports["NEO4J_USER"], exports["NEO4J_PASSWORD"], "neo4j"
    )
    try:
        rows = await graph.session().read("RETURN 1 AS one", {})
        return rows == [{"one": 1}]
    finally:
        await graph.close()


async def _apoc_version(exports: dict[str, str]) -> str | None:
    """APOC's version as the server reports it; None when no such function is loaded."""
    graph = GraphClient.connect(
        exports["NEO4J_URI"], exports["NEO4J_USER"], exports["NEO4J_PASSWORD"], "neo4j"
    )
    try:
        rows = await graph.session().read(
            "SHOW FUNCTIONS YIELD name WHERE name = 'apoc.version' RETURN count(*) AS n", {}
        )
        if rows[0]["n"] == 0:
            return None
        version: str = (await graph.session().read("RETURN apoc.version() AS v", {}))[0]["v"]
        return version
    finally:
        await graph.close()


def _exports(stdout: str) -> dict[str, str]:
    lines = stdout.splitlines()
    # eval "$(... start)" must see nothing but exports: progress goes to stderr.
    assert lines and all(line.startswith("export ") for line in lines), stdout
    return dict(line.removeprefix("export ").split("=", 1) for line in lines)


def test_start_status_stop_lifecycle(scratch_instance: neo4jctl.Instance) -> None:
    # A password that begins with "-", as one generated password in 64 does (token_urlsafe).
    scratch_instance.home.mkdir(parents=True)
    scratch_instance.state_file.write_text(json.dumps({"password": "-starts-with-a-dash"}))
    first = _ctl("start", "--heap", "256m", "--pagecache", "64m")
    assert first.returncode == 0, first.stderr
    exports = _exports(first.stdout)
    assert exports["NEO4J_PASSWORD"] == "-starts-with-a-dash"
    assert asyncio.run(_logs_in(exports))
    port = int(exports["NEO4J_URI"].rsplit(":", 1)[1])
    assert exports["NEO4J_URI"].startswith("bolt://127.0.0.1:")
    assert neo4jctl.bolt_answers(port)
    assert "answers Bolt" in first.stderr
    # The stakegraph CLI reads these while the instance runs (see api.settings).
    connection = scratch_instance.connection_file.read_text().splitlines()
    assert dict(line.split("=", 1) for line in connection) == exports

    # Starting again reuses the running server: same settings, no second JVM.
    pid = scratch_instance.pid()
    began = time.monotonic()
    again = _ctl("start", "--heap", "256m", "--pagecache", "64m")
    assert again.returncode == 0, again.stderr
    assert _exports(again.stdout) == exports
    assert scratch_instance.pid() == pid
    assert time.monotonic() - began < neo4jctl.READY_TIMEOUT_S
    resized = _ctl("start", "--heap", "512m", "--pagecache", "64m")
    assert _exports(resized.stdout) == exports
    assert "already runs with heap 256m" in resized.stderr

    status = _ctl("status")
    assert status.returncode == 0
    assert f"pid {pid}" in status.stdout and "ready" in status.stdout
    assert asyncio.run(_apoc_version(exports)) is None

    # Killed (a crash), then started again: the same port, so an API that knows it finds the
    # server again; the killed server's sockets in TIME_WAIT do not push it elsewhere.
    assert pid is not None
    with socket.create_connection(("127.0.0.1", port)):  # a connection open when it dies
        os.kill(pid, signal.SIGKILL)
        gone_by = time.monotonic() + 30
        while scratch_instance.pid() is not None and time.monotonic() < gone_by:
            time.sleep(0.1)
    # Started again with a plugin: its jars in plugins/ are on the server's classpath, as
    # bin/neo4j puts them (only lib/* was, once).
    restarted = _ctl("start", "--heap", "256m", "--pagecache", "64m", "--plugin", "apoc")
    assert restarted.returncode == 0, restarted.stderr
    assert _exports(restarted.stdout) == exports
    assert scratch_instance.pid() not in (None, pid)
    assert asyncio.run(_apoc_version(exports)) == neo4jctl.APOC_VERSION
    # Only jars the server lacks: no second commons-lang3 beside lib/'s.
    placed = {jar.name for jar in (scratch_instance.home / "plugins").glob("*.jar")}
    assert f"apoc-core-{neo4jctl.APOC_VERSION}.jar" in placed
    assert not any(name.startswith("commons-lang3-") for name in placed)

    stopped = _ctl("stop")
    assert stopped.stdout.strip() == "stopped"
    assert scratch_instance.pid() is None
    assert not scratch_instance.connection_file.exists()
    assert not neo4jctl.bolt_answers(port)
    assert _ctl("stop").stdout.strip() == "not running"
    assert _ctl("status").returncode == 3


def test_a_malformed_size_is_refused_before_anything_starts(
    scratch_instance: neo4jctl.Instance,
) -> None:
    refused = _ctl("start", "--heap", "lots")
    assert refused.returncode == 2
    assert "not a size like 512m or 2g" in refused.stderr
    assert not scratch_instance.home.exists()


def test_a_failed_start_shows_the_log(scratch_instance: neo4jctl.Instance) -> None:
    # Well formed, but too small for the JVM: it exits at once.
    failed = _ctl("start", "--heap", "1k")
    assert failed.returncode == 1
    assert failed.stdout == ""
    # The JVM's own complaint reaches the user, from the console log.
    assert "exited with code" in failed.stderr
    assert "Error occurred during initialization of VM" in failed.stderr
    assert scratch_instance.pid() is None


def test_a_jar_name_gives_its_artifact() -> None:
    assert neo4jctl._artifact("commons-lang3-3.12.0.jar") == "commons-lang3"
    assert neo4jctl._artifact("apoc-core-5.26.12.jar") == "apoc-core"
    assert neo4jctl._artifact("neo4j-slf4j-provider-5.26.12.jar") == "neo4j-slf4j-provider"
    assert neo4jctl._artifact("netty-transport-4.1.118.Final-linux.jar") == "netty-transport"
