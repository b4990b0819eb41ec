"""scripts/chromium.py: the browser is found, installed with apt-get as root, or refused with
a reason (the browser test then fails, never skips)."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Any

import pytest

from scripts import chromium


def test_a_chromium_on_path_is_used_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/opt/{name}")
    monkeypatch.setattr(subprocess, "run", pytest.fail)
    assert chromium.ensure_chromium() == "/opt/chromium"


def test_without_apt_get_or_root_it_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="install Debian's `chromium` package"):
        chromium.ensure_chromium()
    monkeypatch.setattr(
        shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None
    )
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(RuntimeError, match="needs apt-get as root"):
        chromium.ensure_chromium()


def test_as_root_it_runs_apt_get_and_looks_again(monkeypatch: pytest.MonkeyPatch) -> None:
    installed: list[list[str]] = []

    def which(name: str) -> str | None:
        if name == "apt-get":
            return "/usr/bin/apt-get"
        return "/usr/bin/chromium" if name == "chromium" and len(installed) == 2 else None

    def run(command: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        installed.append(command)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(shutil, "which", which)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(subprocess, "run", run)
    assert chromium.ensure_chromium() == "/usr/bin/chromium"
    assert [c[1] for c in installed] == ["update", "install"]
    assert "chromium" in installed[1]


def test_a_failed_install_reports_apt_gets_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None
    )
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(
        subprocess,
        "run",
        lambda command, **_: subprocess.CompletedProcess(command, 100, "", "E: no network"),
    )
    with pytest.raises(RuntimeError, match="E: no network"):
        chromium.ensure_chromium()
