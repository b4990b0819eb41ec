"""TELEMETRY turns FastAPI's native OpenTelemetry on; off (the default), FastAPI does not look
for providers on each request."""

from __future__ import annotations

from api.app import create_app
from api.settings import Settings


def test_telemetry_is_off_unless_asked_for() -> None:
    off = create_app(Settings(telemetry=False))
    assert not off._native_telemetry.enabled()  # FastAPI's own switch
    on = create_app(Settings(telemetry=True))
    assert on._native_telemetry.config["tracing"] is True
