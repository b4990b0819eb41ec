"""What the fault, load and fuzz scripts share: the API in a uvicorn process of its own on a
free loopback port (stopped by its PID), datasets as GraphQL input, and percentiles."""

from __future__ import annotations

import dataclasses
import enum
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from graph.dataset import Dataset, camel

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False


@dataclasses.dataclass(frozen=True)
class Server:
    """An API process started by :func:`serve_process`: its base URL and its PID."""

    url: str
    pid: int


@contextmanager
def serve(connection: Mapping[str, str], *, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """The API (``uvicorn api.main:app``) on a free loopback port, pointed at ``connection``;
    yields its base URL and stops it (by its PID) on the way out."""
    with serve_process(connection, env=env) as server:
        yield server.url


@contextmanager
def serve_process(
    connection: Mapping[str, str], *, env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """As :func:`serve`, yielding the process too (to watch its memory)."""
    port = free_port()
    environ = {
        **os.environ,
        **connection,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        **(env or {}),
    }
    # Closed in the finally below, after the process that writes it has stopped.
    log = tempfile.NamedTemporaryFile(prefix=f"stakegraph-api-{port}-", suffix=".log")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "api.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not _ready(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"the API did not become ready (exit code {proc.poll()}):\n"
                    + Path(log.name).read_text(errors="replace")[-3000:]
                )
            time.sleep(0.2)
        yield Server(f"http://127.0.0.1:{port}", proc.pid)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def rss_mib(pid: int) -> float:
    """The resident memory of a process, from /proc (0 where there is none)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _input_value(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A record names the optional fields its source left out (kept as stored on import).
        left_out = {"omitted", *getattr(value, "omitted", ())}
        return {
            camel(field.name): _input_value(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name not in left_out and getattr(value, field.name) is not None
        }
    if isinstance(value, tuple | list):
        return [_input_value(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_input_value(v) for v in value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def dataset_input(data: Dataset) -> dict[str, Any]:
    """A dataset as the ``DatasetInput`` of ``importDataset`` (JSON, as a client sends it)."""
    converted: dict[str, Any] = _input_value(data)
    return converted


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` in 0..1) of ``values``; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]
