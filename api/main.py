"""ASGI entry point for uvicorn: ``uvicorn api.main:app`` (settings from the environment)."""

from __future__ import annotations

from api.app import create_app
from api.logs import configure_logging
from api.settings import Settings

settings = Settings()
configure_logging(settings.log_level)
app = create_app(settings)
