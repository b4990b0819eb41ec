"""examples/notebook/portfolio.py, run as an analyst would: a script against the API over HTTP."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from graph.access import Role
from scripts.harness import serve
from tests.helpers import ROOT, KeyFor


async def test_the_notebook_example_pulls_the_demo_into_pandas_and_plots_it(
    demo: None, key_for: KeyFor, neo4j_connection: dict[str, str], tmp_path: Path
) -> None:
    secret = await key_for(Role.VIEWER, name="notebook")
    plot = tmp_path / "portfolio.png"
    with serve(neo4j_connection) as base_url:
        run = await asyncio.to_thread(
            subprocess.run,
            [
                sys.executable,
                str(ROOT / "examples" / "notebook" / "portfolio.py"),
                "--account",
                "acc-northwind",
                "--out",
                str(plot),
            ],
            env={**os.environ, "STAKEGRAPH_URL": base_url, "STAKEGRAPH_API_KEY": secret},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert run.returncode == 0, run.stderr
    # Every demo account, and Northwind's people, came through the public API.
    assert "plot:" in run.stdout and "(7 accounts)" in run.stdout
    assert "Northwind" in run.stdout
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
