"""Where the server's log lines go: the ``stakegraph`` loggers to stderr, one line each."""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging(level: str) -> None:
    """Send ``stakegraph`` and ``stakegraph.access`` (the request lines) to stderr at ``level``.

    For the server's entry points only (``api.main``, ``make run``); tests keep pytest's
    capture.
    """
    logger = logging.getLogger("stakegraph")
    if any(getattr(h, "_stakegraph", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._stakegraph = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
