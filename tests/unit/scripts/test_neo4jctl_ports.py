"""neo4jctl's port check: a port whose last server left sockets in TIME_WAIT is free again, and
one still held by a killed server's open connection is waited for, within a bound."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time

from scripts import neo4jctl


def test_a_port_in_time_wait_counts_as_free() -> None:
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        accepted, _ = listener.accept()
        assert not neo4jctl._port_free(port)  # a server listens
        # The server closes first, as a killed JVM's sockets do: its side waits in TIME_WAIT.
        accepted.close()
        client.recv(1)
        client.close()
    assert neo4jctl._port_free(port)


def _killed_server_remnant() -> tuple[int, socket.socket]:
    """A server (binding without SO_REUSEADDR) killed with -9 while a client holds its
    connection open, as an API's idle pooled connection to a killed JVM: the server's half of
    it waits in FIN-WAIT-2 and keeps the port from being bound."""
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    port = int(server.stdout.readline())
    client = socket.create_connection(("127.0.0.1", port))
    assert server.stdout.readline().strip() == "accepted"
    server.send_signal(signal.SIGKILL)
    server.wait()
    server.stdout.close()
    return port, client


SERVER = """
import socket, time
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
print(listener.getsockname()[1], flush=True)
connection, _ = listener.accept()
print("accepted", flush=True)
time.sleep(600)
"""


def test_a_killed_servers_connection_still_open_keeps_its_port_and_is_waited_for() -> None:
    port, client = _killed_server_remnant()
    try:
        assert not neo4jctl._port_free(port)
        assert not neo4jctl._listening(port)
        began = time.monotonic()
        # Bounded: the kernel holds such a port for a minute or more.
        assert not neo4jctl.wait_for_port(port, bound_s=1.0)
        assert time.monotonic() - began >= 1.0
    finally:
        client.close()


def test_a_port_held_without_a_server_is_waited_for_until_it_frees() -> None:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))  # bound, not listening: no server, yet the port is taken
    port = holder.getsockname()[1]
    assert not neo4jctl._port_free(port)
    releaser = threading.Timer(1.0, holder.close)
    releaser.start()
    try:
        assert neo4jctl.wait_for_port(port, bound_s=30)
    finally:
        releaser.join()
        holder.close()


def test_a_listening_server_is_not_waited_for() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        began = time.monotonic()
        assert not neo4jctl.wait_for_port(listener.getsockname()[1], bound_s=60)
        assert time.monotonic() - began < 10
