"""The npm tools of clients/ (relay-compiler, relay-runtime, graphql-codegen, tsc, GraphiQL).

``python -m scripts.clients`` (``make clients``) installs them with ``npm ci`` from the
committed package-lock.json; the test suite calls :func:`ensure_installed` itself, so a fresh
clone needs no manual step. Node 20 and npm must be on PATH; the API never needs them (the
GraphiQL assets it serves are committed under api/static/graphiql/, see :data:`GRAPHIQL_ASSETS`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from scripts.npm import ensure_packages

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = ROOT / "clients"
NODE_MODULES = CLIENTS / "node_modules"

#: The GraphiQL page's assets: where each committed file is copied from (the pinned packages
#: of clients/package.json) to api/static/graphiql/.
GRAPHIQL_DIR = ROOT / "api" / "static" / "graphiql"
GRAPHIQL_ASSETS = {
    "graphiql.min.js": "graphiql/graphiql.min.js",
    "graphiql.min.css": "graphiql/graphiql.min.css",
    "react.production.min.js": "react/umd/react.production.min.js",
    "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
}


def ensure_installed() -> None:
    """``npm ci`` in clients/ unless node_modules already holds this lock file's packages."""
    ensure_packages(CLIENTS, "the client tests")


def tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run an installed npm tool (node_modules/.bin/NAME) in clients/; never raises on failure:
    the caller reads returncode and output."""
    return subprocess.run(
        [str(NODE_MODULES / ".bin" / name), *args],
        cwd=CLIENTS,
        capture_output=True,
        text=True,
        timeout=300,
    )


def node(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    node_bin = shutil.which("node")
    if node_bin is None:
        raise RuntimeError("node not found: the client tests need Node 20 on PATH")
    return subprocess.run(
        [node_bin, script, *args], cwd=CLIENTS, capture_output=True, text=True, timeout=300
    )


def vendor_graphiql() -> None:
    """Copy the GraphiQL assets from the installed packages into api/static/graphiql/."""
    ensure_installed()
    GRAPHIQL_DIR.mkdir(parents=True, exist_ok=True)
    for target, source in GRAPHIQL_ASSETS.items():
        shutil.copyfile(NODE_MODULES / source, GRAPHIQL_DIR / target)


def main() -> None:
    ensure_installed()
    print(f"npm packages of {CLIENTS} installed")


if __name__ == "__main__":
    main()
