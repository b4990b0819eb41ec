"""`make run` refuses a taken API port before it starts Neo4j or loads anything."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from tests.helpers import ROOT


def test_a_taken_port_is_reported_before_anything_starts() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        # An external NEO4J_URI that nothing listens on: had the run gone past the port check,
        # it would have failed differently (and much later).
        env = {
            **os.environ,
            "PORT": str(port),
            "HOST": "127.0.0.1",
            "NEO4J_URI": "bolt://127.0.0.1:9",
        }
        done = subprocess.run(
            [sys.executable, "-m", "scripts.run"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert f"127.0.0.1:{port} is already in use" in done.stderr
    assert f"PORT={port + 1} make run" in done.stderr
    assert "Loaded demo data" not in done.stdout
