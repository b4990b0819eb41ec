"""Provision and run a real Neo4j 5.26 Community server from Maven Central, without Docker.

The official server jars (the tarball's ``lib/``) are resolved by ``scripts/neo4j/pom.xml`` with
``mvn dependency:copy-dependencies`` into ``.cache/neo4j/lib-<version>`` (git-ignored, reused).
Each *instance* (``dev`` for ``make run``, ``test`` for the test suite) has its own home under
``.cache/neo4j/<instance>`` with a generated loopback-only ``neo4j.conf``, a generated password,
its data and its logs. The JVM runs ``org.neo4j.server.CommunityEntryPoint`` (the class
``bin/neo4j`` starts) with the flags and the classpath ``bin/neo4j`` would use: ``lib/*`` and
the instance's ``plugins/*``. ``start(plugins=("apoc",))`` (``--plugin apoc``) puts the APOC core
plugin there, resolved by ``scripts/neo4j/apoc-pom.xml`` into ``.cache/neo4j/apoc-<version>``.

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
from typing import Annotated

import typer

NEO4J_VERSION = "5.26.12"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("STAKEGRAPH_CACHE", ROOT / ".cache")) / "neo4j"
POM = ROOT / "scripts" / "neo4j" / "pom.xml"
APOC_VERSION = "5.26.12"
APOC_POM = ROOT / "scripts" / "neo4j" / "apoc-pom.xml"
#: Plugins an instance can be started with: name -> (pom, version property, version).
PLUGINS = {"apoc": (APOC_POM, "apoc.version", APOC_VERSION)}
DEFAULT_PORTS = {"dev": 7687, "test": 17687}
READY_TIMEOUT_S = 120.0

# The JVM flags of the default neo4j.conf shipped with 5.26 (server.jvm.additional), which
# bin/neo4j passes to the JVM; heap flags are added from the instance's memory settings.
JVM_FLAGS: tuple[str, ...] = (
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


def _mvn_copy(pom: Path, prop: str, version: str, dest: Path, what: str, quiet: bool) -> None:
    """``mvn dependency:copy-dependencies`` of ``pom`` into ``dest`` (replaced whole)."""
    if shutil.which("mvn") is None:
        raise Neo4jError(f"`mvn` is not on PATH: it is needed to fetch the {what} jars")
    staging = dest.with_name(dest.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    started = time.monotonic()
    if not quiet:
        print(f"Fetching {what} {version} jars from Maven Central ...", file=sys.stderr, flush=True)
    cmd = [
        "mvn",
        "-q",
        "-B",
        "-f",
        str(pom),
        f"-D{prop}={version}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={staging}",
        "-DincludeScope=runtime",
        "-DexcludeTypes=pom",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Neo4jError(
            f"mvn could not fetch the {what} jars:\n" + (result.stdout + result.stderr)[-4000:]
        )
    if not any(staging.glob("*.jar")):
        raise Neo4jError(f"mvn finished but {staging} holds no jar")
    shutil.rmtree(dest, ignore_errors=True)
    staging.rename(dest)
    (dest / ".complete").write_text(version + "\n")
    if not quiet:
        count = len(list(dest.glob("*.jar")))
        print(
            f"Fetched {count} jars in {time.monotonic() - started:.1f} s",
            file=sys.stderr,
            flush=True,
        )


def fetch_jars(inst: Instance, *, quiet: bool = False) -> Path:
    """Resolve the server jars into the cache once; later calls return at once."""
    if (inst.lib / ".complete").exists():
        return inst.lib
    _mvn_copy(POM, "neo4j.version", NEO4J_VERSION, inst.lib, "Neo4j server", quiet)
    if not any(inst.lib.glob(f"neo4j-{NEO4J_VERSION}.jar")):
        raise Neo4jError(f"mvn finished but {inst.lib} holds no neo4j-{NEO4J_VERSION}.jar")
    return inst.lib


def _artifact(jar: str) -> str:
    """A jar's artifact without its version: ``commons-lang3-3.12.0.jar`` -> ``commons-lang3``."""
    match = re.fullmatch(r"(.+?)-\d[^-]*(-.+)?\.jar", jar)
    return match.group(1) if match else jar.removesuffix(".jar")


def fetch_plugin(name: str, lib: Path, *, quiet: bool = False) -> list[Path]:
    """Resolve a plugin's jars into the cache once; return those the server's ``lib/`` lacks.

    A dependency the server ships itself (commons-lang3, asm, slf4j ...) is left out: two
    versions of one library on a classpath load whichever comes first, class by class.
    """
    if name not in PLUGINS:
        raise Neo4jError(f"unknown plugin {name!r}; known: {', '.join(sorted(PLUGINS))}")
    pom, prop, version = PLUGINS[name]
    dest = CACHE / f"{name}-{version}"
    if not (dest / ".complete").exists():
        _mvn_copy(pom, prop, version, dest, name, quiet)
    shipped = {_artifact(jar.name) for jar in lib.glob("*.jar")}
    return sorted(jar for jar in dest.glob("*.jar") if _artifact(jar.name) not in shipped)


def _install_plugins(inst: Instance, plugins: tuple[str, ...], quiet: bool) -> None:
    """Put the jars of ``plugins`` in the instance's ``plugins/`` and take out those an earlier
    start put there that are not asked for now (a jar placed by hand stays)."""
    folder = inst.home / "plugins"
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / ".stakegraph-plugins"
    wanted = {
        jar.name: jar for name in plugins for jar in fetch_plugin(name, inst.lib, quiet=quiet)
    }
    placed = manifest.read_text().split() if manifest.exists() else []
    for stale in set(placed) - set(wanted):
        (folder / stale).unlink(missing_ok=True)
    for jar_name, source in wanted.items():
        if not (folder / jar_name).exists():
            shutil.copyfile(source, folder / jar_name)
    manifest.write_text("".join(f"{jar_name}\n" for jar_name in sorted(wanted)))


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
    plugins: tuple[str, ...] = (),
    quiet: bool = False,
) -> dict[str, str]:
    """Start the instance unless it already runs; return its connection settings.

    ``plugins`` (names of :data:`PLUGINS`) are placed in the instance's ``plugins/``, which
    is on the server's classpath as with ``bin/neo4j``; any other jar there is removed.
    """
    inst = instance(name)
    if inst.pid() is not None and bolt_answers(int(str(inst.state()["port"]))):
        running = inst.state()
        asked = (heap, pagecache, sorted(plugins))
        had = (running.get("heap"), running.get("pagecache"), running.get("plugins", []))
        if asked != had and not quiet:
            print(
                f"Neo4j instance {name} already runs with heap {had[0]}, page cache {had[1]} "
                f"and plugins {had[2]}; stop it first to change them",
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
    _install_plugins(inst, plugins, quiet)
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
        # As bin/neo4j: the server's jars, then the plugins (a plugin in plugins/ is loaded).
        "-cp",
        f"{lib}/*{os.pathsep}{inst.home / 'plugins'}/*",
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
                "plugins": sorted(plugins),
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
    plugin: Annotated[
        list[str] | None, typer.Option("--plugin", help="A plugin to load (apoc); repeatable.")
    ] = None,
) -> None:
    """Start an instance (idempotent) and print its connection settings as shell exports.

    Progress goes to stderr, so ``eval "$(python -m scripts.neo4jctl start)"`` works.
    """
    try:
        conn = start(
            instance_name, port=port, heap=heap, pagecache=pagecache, plugins=tuple(plugin or ())
        )
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
