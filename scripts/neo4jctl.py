"""Provision and run a real Neo4j 5.26 Community server from Maven Central, without Docker.

The official server jars (the tarball's ``lib/``) are resolved by ``scripts/neo4j/pom.xml`` with
``mvn dependency:copy-dependencies`` into ``.cache/neo4j/lib-<version>`` (git-ignored, reused).
Each *instance* (``dev`` for ``make run``, ``test`` for the test suite) has its own home under
``.cache/neo4j/<instance>`` with a generated loopback-only ``neo4j.conf``, a generated password,
its data and its logs. The JVM runs ``org.neo4j.server.CommunityEntryPoint`` (the class
``bin/neo4j`` starts) with the flags ``bin/neo4j`` would use.

    python -m scripts.neo4jctl start --instance dev     # idempotent; prints connection settings
    python -m scripts.neo4jctl status --instance dev
    python -m scripts.neo4jctl stop --instance dev
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import typer

NEO4J_VERSION = "5.26.12"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("STAKEGRAPH_CACHE", ROOT / ".cache")) / "neo4j"
POM = ROOT / "scripts" / "neo4j" / "pom.xml"
DEFAULT_PORTS = {"dev": 7687, "test": 17687}
READY_TIMEOUT_S = 120.0

# The JVM flags of the default neo4j.conf shipped with 5.26 (server.jvm.additional), which
# bin/neo4j passes to the JVM; heap flags are added from the instance's memory settings.
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
)

app = typer.Typer(add_completion=False, help="Run a local Neo4j 5.26 Community server.")


class Neo4jError(RuntimeError):
    """The local server could not be provisioned or started."""


@dataclass(frozen=True)
class Instance:
    name: str
    home: Path
    lib: Path

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def state_file(self) -> Path:
        return self.home / "instance.json"

    @property
    def connection_file(self) -> Path:
        """The connection settings as ``KEY=value`` lines, there while the instance runs."""
        return self.home / "connection.env"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    def state(self) -> dict[str, object]:
        if not self.state_file.exists():
            return {}
        loaded: dict[str, object] = json.loads(self.state_file.read_text())
        return loaded

    def pid(self) -> int | None:
        pid = self.state().get("pid")
        if isinstance(pid, int) and _alive(pid):
            return pid
        return None

    def connection(self) -> dict[str, str]:
        state = self.state()
        return {
            "NEO4J_URI": f"bolt://127.0.0.1:{state['port']}",
            "NEO4J_USER": "neo4j",
            "NEO4J_PASSWORD": str(state["password"]),
            "NEO4J_DATABASE": "neo4j",
        }


def instance(name: str) -> Instance:
    return Instance(name=name, home=CACHE / name, lib=CACHE / f"lib-{NEO4J_VERSION}")


def _write_private(path: Path, text: str) -> None:
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); treat it as gone.
    with contextlib.suppress(FileNotFoundError):
        if Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z":
            return False
    return True


def _port_free(port: int) -> bool:
    """Whether a server could listen on the port now. With SO_REUSEADDR, as the JVM binds:
    the sockets a killed server leaves in TIME_WAIT do not count, so a restarted instance keeps
    its port (and an API that knows it finds it again)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _listening(port: int) -> bool:
    """Whether a server accepts connections on the port (not merely remnants of one)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _remnant_bound_s() -> float:
    """How long the kernel may keep the sockets a killed server leaves behind: its half of a
    connection the client still holds waits in FIN-WAIT-2 for up to ``tcp_fin_timeout``, and
    once the client closes it, in TIME-WAIT for 60 s (Linux's fixed TCP_TIMEWAIT_LEN)."""
    try:
        fin_timeout = float(Path("/proc/sys/net/ipv4/tcp_fin_timeout").read_text())
    except (OSError, ValueError):
        fin_timeout = 60.0
    return fin_timeout + 60.0 + 5.0


def wait_for_port(port: int, bound_s: float, *, poll_s: float = 0.25) -> bool:
    """Whether the port is, or becomes within ``bound_s``, free to listen on. A killed JVM's
    connections that a client still holds open (an API's idle pooled connection) keep the port
    taken until the client closes them or the kernel drops them; a server listening there is
    not waited for."""
    deadline = time.monotonic() + bound_s
    while not _port_free(port):
        if _listening(port) or time.monotonic() >= deadline:
            return False
        time.sleep(poll_s)
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def bolt_answers(port: int, timeout: float = 1.0) -> bool:
    """True when something on the port completes a Bolt handshake (not just a TCP accept)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            # Magic preamble, then four proposed versions: 5.x (range), 4.4, none, none.
            sock.sendall(
                bytes.fromhex("6060B017")
                + bytes.fromhex("00080805")
                + bytes.fromhex("00000404")
                + bytes(8)
            )
            reply = sock.recv(4)
    except OSError:
        return False
    return len(reply) == 4 and reply != bytes(4)


def fetch_jars(inst: Instance, *, quiet: bool = False) -> Path:
    """Resolve the server jars into the cache once; later calls return at once."""
    marker = inst.lib / ".complete"
    if marker.exists():
        return inst.lib
    if shutil.which("mvn") is None:
        raise Neo4jError("`mvn` is not on PATH: it is needed to fetch the Neo4j jars")
    staging = inst.lib.with_name(inst.lib.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    started = time.monotonic()
    if not quiet:
        print(
            f"Fetching Neo4j {NEO4J_VERSION} server jars from Maven Central ...",
            file=sys.stderr,
            flush=True,
        )
    cmd = [
        "mvn",
        "-q",
        "-B",
        "-f",
        str(POM),
        f"-Dneo4j.version={NEO4J_VERSION}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={staging}",
        "-DincludeScope=runtime",
        "-DexcludeTypes=pom",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Neo4jError(
            "mvn could not fetch the Neo4j jars:\n" + (result.stdout + result.stderr)[-4000:]
        )
    if not any(staging.glob(f"neo4j-{NEO4J_VERSION}.jar")):
        raise Neo4jError(f"mvn finished but {staging} holds no neo4j-{NEO4J_VERSION}.jar")
    shutil.rmtree(inst.lib, ignore_errors=True)
    staging.rename(inst.lib)
    marker.write_text(NEO4J_VERSION + "\n")
    if not quiet:
        count = len(list(inst.lib.glob("*.jar")))
        print(
            f"Fetched {count} jars in {time.monotonic() - started:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    return inst.lib


def _write_config(inst: Instance, port: int, heap: str, pagecache: str) -> None:
    for sub in ("conf", "data", "logs", "run", "plugins", "import"):
        (inst.home / sub).mkdir(parents=True, exist_ok=True)
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.tls_level": "DISABLED",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        "server.memory.heap.initial_size": heap,
        "server.memory.heap.max_size": heap,
        "server.memory.pagecache.size": pagecache,
        "server.directories.data": str(inst.home / "data"),
        "server.directories.logs": str(inst.log_dir),
        "server.directories.run": str(inst.home / "run"),
        "server.directories.plugins": str(inst.home / "plugins"),
        "server.directories.import": str(inst.home / "import"),
        "dbms.usage_report.enabled": "false",
        "db.tx_log.rotation.retention_policy": "2 files",
        "server.jvm.additional": None,
    }
    lines = ["# Generated by scripts/neo4jctl.py; edits are overwritten at the next start."]
    for key, value in settings.items():
        if value is None:
            lines.extend(f"server.jvm.additional={flag}" for flag in JVM_FLAGS)
        else:
            lines.append(f"{key}={value}")
    (inst.conf_dir / "neo4j.conf").write_text("\n".join(lines) + "\n")


def _env(inst: Instance) -> dict[str, str]:
    env = dict(os.environ)
    env["NEO4J_HOME"] = str(inst.home)
    env["NEO4J_CONF"] = str(inst.conf_dir)
    return env


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"({path} does not exist)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def start(
    name: str,
    *,
    port: int | None = None,
    heap: str = "1g",
    pagecache: str = "512m",
    quiet: bool = False,
) -> dict[str, str]:
    """Start the instance unless it already runs; return its connection settings."""
    inst = instance(name)
    if inst.pid() is not None and bolt_answers(int(str(inst.state()["port"]))):
        running = inst.state()
        if (running.get("heap"), running.get("pagecache")) != (heap, pagecache) and not quiet:
            print(
                f"Neo4j instance {name} already runs with heap {running.get('heap')} and page "
                f"cache {running.get('pagecache')}; stop it first to change them",
                file=sys.stderr,
            )
        return inst.connection()
    java = shutil.which("java")
    if java is None:
        raise Neo4jError("`java` (JDK 17) is not on PATH")
    lib = fetch_jars(inst, quiet=quiet)
    previous = inst.state()
    if port is None:
        # Only dev and test have a well-known port; any other instance (a second checkout, a
        # scratch instance) takes a free one, so parallel instances never contend for 7687.
        wanted = previous.get("port", DEFAULT_PORTS.get(name))
        # The port it had before, so clients that know it find it again: waited for while
        # only remnants of the last run hold it (after a kill -9), never while a server does.
        port = _free_port()
        if wanted is not None:
            bound = _remnant_bound_s()
            if not quiet and not _port_free(int(str(wanted))) and not _listening(int(str(wanted))):
                print(
                    f"Port {wanted} is still held by connections of the last run; waiting up"
                    f" to {bound:.0f} s for it",
                    file=sys.stderr,
                    flush=True,
                )
            if wait_for_port(int(str(wanted)), bound):
                port = int(str(wanted))
    elif not _port_free(port):
        raise Neo4jError(f"port {port} is taken; choose another with --port")
    password = str(previous.get("password") or secrets.token_urlsafe(18))
    _write_config(inst, port, heap, pagecache)
    if not (inst.home / "data" / "dbms").exists():
        result = subprocess.run(
            # "--": a password may begin with "-" (one generated password in 64 does), which
            # the tool would otherwise read as an option.
            [java, "-cp", f"{lib}/*", ADMIN_TOOL, "dbms", "set-initial-password", "--", password],
            env=_env(inst),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise Neo4jError(
                f"set-initial-password failed (exit code {result.returncode}):\n"
                + result.stdout
                + result.stderr
            )
    console = inst.log_dir / "console.log"
    cmd = [
        java,
        *JVM_FLAGS,
        f"-Xms{heap}",
        f"-Xmx{heap}",
        "-cp",
        f"{lib}/*",
        ENTRY_POINT,
        f"--home-dir={inst.home}",
        f"--config-dir={inst.conf_dir}",
    ]
    started = time.monotonic()
    with console.open("ab") as out:
        proc = subprocess.Popen(
            cmd,
            env=_env(inst),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in the terminal goes to us; we stop it ourselves.
            cwd=inst.home,
        )
    # Both hold the password: created readable by the owner only.
    _write_private(
        inst.state_file,
        json.dumps(
            {
                "pid": proc.pid,
                "port": port,
                "password": password,
                "version": NEO4J_VERSION,
                "heap": heap,
                "pagecache": pagecache,
            }
        ),
    )
    _write_private(
        inst.connection_file,
        "".join(f"{key}={value}\n" for key, value in inst.connection().items()),
    )
    while time.monotonic() - started < READY_TIMEOUT_S:
        if proc.poll() is not None:
            raise Neo4jError(
                f"Neo4j exited with code {proc.returncode} during start.\n"
                f"--- {console} ---\n{_tail(console)}\n"
                f"--- {inst.log_dir / 'neo4j.log'} ---\n{_tail(inst.log_dir / 'neo4j.log')}"
            )
        if bolt_answers(port):
            if not quiet:
                elapsed = time.monotonic() - started
                print(
                    f"Neo4j {NEO4J_VERSION} answers Bolt on 127.0.0.1:{port} "
                    f"after {elapsed:.1f} s (instance {name})",
                    file=sys.stderr,
                    flush=True,
                )
            return inst.connection()
        time.sleep(0.25)
    stop(name)
    raise Neo4jError(
        f"Neo4j did not answer Bolt within {READY_TIMEOUT_S:.0f} s.\n"
        f"--- {inst.log_dir / 'neo4j.log'} ---\n{_tail(inst.log_dir / 'neo4j.log')}"
    )


def stop(name: str, *, timeout: float = 60.0) -> bool:
    """Stop the instance if it runs; True when it was running."""
    inst = instance(name)
    inst.connection_file.unlink(missing_ok=True)
    pid = inst.pid()
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        if not _alive(pid):
            return True
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    return True


def wipe(name: str) -> None:
    """Stop the instance and delete its data (the jar cache stays)."""
    stop(name)
    shutil.rmtree(instance(name).home, ignore_errors=True)


@app.command("fetch")
def fetch_cmd() -> None:
    """Fetch the server jars into the cache (skipped when present)."""
    print(fetch_jars(instance("dev")))


def _memory_size(value: str) -> str:
    if not re.fullmatch(r"[1-9][0-9]*[kmg]", value):
        raise typer.BadParameter(f"{value!r} is not a size like 512m or 2g")
    return value


@app.command("start")
def start_cmd(
    instance_name: str = typer.Option("dev", "--instance"),
    port: int | None = typer.Option(None, "--port"),
    heap: str = typer.Option("1g", callback=_memory_size, help="JVM heap, e.g. 1g"),
    pagecache: str = typer.Option("512m", callback=_memory_size, help="Page cache, e.g. 512m"),
) -> None:
    """Start an instance (idempotent) and print its connection settings as shell exports.

    Progress goes to stderr, so ``eval "$(python -m scripts.neo4jctl start)"`` works.
    """
    try:
        conn = start(instance_name, port=port, heap=heap, pagecache=pagecache)
    except Neo4jError as exc:
        print(str(exc), file=sys.stderr)
        raise typer.Exit(1) from exc
    for key, value in conn.items():
        print(f"export {key}={value}")


@app.command("stop")
def stop_cmd(instance_name: str = typer.Option("dev", "--instance")) -> None:
    """Stop an instance (nothing to do when it is not running)."""
    print("stopped" if stop(instance_name) else "not running")


@app.command("status")
def status_cmd(instance_name: str = typer.Option("dev", "--instance")) -> None:
    """Say whether an instance runs, where, and where its logs are."""
    inst = instance(instance_name)
    pid = inst.pid()
    if pid is None:
        print(f"{instance_name}: not running (logs: {inst.log_dir})")
        raise typer.Exit(3)
    port = int(str(inst.state()["port"]))
    ready = "ready" if bolt_answers(port) else "starting"
    print(
        f"{instance_name}: running, pid {pid}, bolt://127.0.0.1:{port}, {ready} "
        f"(logs: {inst.log_dir})"
    )


@app.command("wipe")
def wipe_cmd(instance_name: str = typer.Option("dev", "--instance")) -> None:
    """Stop an instance and delete its data."""
    wipe(instance_name)


if __name__ == "__main__":
    app()
