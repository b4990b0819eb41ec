"""`make run` stops what it started: SIGTERM ends the API and then its Neo4j, leaving no process."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from scripts import neo4jctl
from tests.helpers import ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


def _workers(pid: int) -> set[int]:
    """The uvicorn worker processes of ``pid``: its children that multiprocessing spawned to
    serve (not its resource tracker, not the Neo4j it started), from /proc."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if int(fields[1]) == pid and b"spawn_main" in cmdline:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigterm_stops_the_api_and_the_neo4j_it_started() -> None:
    name = f"run-{os.getpid()}"
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "STAKEGRAPH_RUN_INSTANCE": name}
    keys = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "CORS_ORIGINS")
    for key in (*keys, "WORKERS"):
        env.pop(key, None)
    run = subprocess.Popen(
        [sys.executable, "-m", "scripts.run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    output: list[str] = []
    stdout = run.stdout
    assert stdout is not None

    def read() -> None:
        for line in stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + 240
        while not _healthy(port):
            assert run.poll() is None, "make run ended early:\n" + "".join(output)
            assert time.monotonic() < deadline, "make run did not serve:\n" + "".join(output)
            while not lines.empty():
                output.append(lines.get())
            time.sleep(0.5)
        neo4j_pid = neo4jctl.instance(name).pid()
        assert neo4j_pid is not None
        # make run lets a frontend in development (Vite on 5173) call the API.
        preflight = urllib.request.Request(
            f"http://127.0.0.1:{port}/graphql",
            method="OPTIONS",
            headers={
                "Origin": "http://localhost:5173",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        with urllib.request.urlopen(preflight, timeout=5) as answer:
            assert answer.headers["access-control-allow-origin"] == "http://localhost:5173"

        # Two cores or more: uvicorn workers, each a child process, all gone after SIGTERM.
        workers = _workers(run.pid)
        if (os.cpu_count() or 1) >= 2:
            assert "worker processes" in "".join(output)
            assert len(workers) >= 2
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=120) == 0
        assert not [pid for pid in workers if _alive(pid)]
        while not lines.empty():
            output.append(lines.get())
        assert "Stopping the Neo4j this command started" in "".join(output)
        assert neo4jctl.instance(name).pid() is None
        assert not _healthy(port)
    finally:
        if run.poll() is None:
            run.kill()
        neo4jctl.wipe(name)
