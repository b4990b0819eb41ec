"""Debian's ``chromium`` for the explorer's browser test, installed where it is missing.

:func:`ensure_chromium` finds the browser on PATH; if it is not there it runs
``apt-get update && apt-get install -y chromium`` (as root, where apt-get exists) and looks
again. When neither works it raises, saying why: the browser test then fails, never skips.
"""

from __future__ import annotations

import os
import shutil
import subprocess

#: The names Debian and Ubuntu give the browser's executable.
NAMES = ("chromium", "chromium-browser")


def find() -> str | None:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_chromium() -> str:
    """The chromium executable's path, installing Debian's package first when it is missing."""
    found = find()
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        raise RuntimeError(
            "chromium is not installed and cannot be installed here (needs apt-get as root): "
            "install Debian's `chromium` package for the explorer's browser test"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt, "update"], [apt, "install", "-y", "--no-install-recommends", "chromium"]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            raise RuntimeError(f"`{' '.join(command)}` failed:\n{done.stderr[-2000:]}")
    found = find()
    if found is None:
        raise RuntimeError("apt-get installed chromium, yet no chromium executable is on PATH")
    return found


def main() -> None:
    print(ensure_chromium())


if __name__ == "__main__":
    main()
