"""neo4jctl's port check: a port whose last server left sockets in TIME_WAIT is free again."""

from __future__ import annotations

import socket

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
