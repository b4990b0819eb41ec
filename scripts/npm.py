"""npm packages a part of the project pins (a package.json and package-lock.json of its own),
installed by the project itself when they are missing or their lock file changed."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

#: Written in node_modules after a successful ``npm ci``: the lock file's digest it installed.
STAMP_NAME = ".stakegraph-installed"


def ensure_packages(directory: Path, needed_by: str) -> None:
    """``npm ci`` in ``directory`` unless its node_modules holds this lock file's packages."""
    digest = hashlib.sha256((directory / "package-lock.json").read_bytes()).hexdigest()
    stamp = directory / "node_modules" / STAMP_NAME
    if stamp.is_file() and stamp.read_text() == digest:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm not found: {needed_by} needs Node 20 and npm on PATH")
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=directory,
        check=True,
        capture_output=True,
        text=True,
    )
    stamp.write_text(digest)
