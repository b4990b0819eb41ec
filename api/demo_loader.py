"""Loads the demo portfolio (``demo/portfolio.json``) the way an integration loads its data:
by running the ``importDataset`` mutation in-process, so it passes exactly the checks a client's
import passes.

The anchor account, Northwind Logistics, shows what Stakegraph is for: most of our access runs
through one champion (Priya Raman), a champion left two months ago for another client (Henrik
Olsen, now at Contoso: a lead), a senior blocker in Procurement, and no relationship at all in
HR, Legal or Marketing. ``demo/README.md`` tells the whole story and describes the file.

Every date in the file is written as of its ``anchorDate`` and moves by the days from the anchor to
the load day, so the scores read as they would in real use whatever day the demo is loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from api.settings import Settings
from graph.access import Identity, IdentityKind, Role
from graph.client import GraphSession
from schema import build_schema
from schema.context import Context

#: The demo's anchor account.
ANCHOR_ACCOUNT = "acc-northwind"
#: Input fields of ``DatasetInput`` that hold a date, and those that hold an instant.
DATE_FIELDS = frozenset(
    {
        "clientSince",
        "renewalDate",
        "since",
        "until",
        "date",
        "lastContact",
        "closeDate",
        "targetSetAt",
    }
)
DATETIME_FIELDS = frozenset({"manualStrengthSetAt"})

LOADER = Identity(
    kind=IdentityKind.LOCAL,
    subject="demo-loader",
    name="demo loader",
    roles=frozenset({Role.EDITOR}),
)
IMPORT_DEMO = """
mutation ImportDemo($input: DatasetInput!) {
  importDataset(input: $input) {
    accounts people teamMembers relationships touchpoints
    userErrors { field code message }
  }
}
"""


class DemoLoadError(RuntimeError):
    """``importDataset`` refused the demo portfolio (or failed)."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    accounts: int
    people: int
    team_members: int
    relationships: int
    touchpoints: int


def portfolio() -> dict[str, Any]:
    """``demo/portfolio.json`` as written: ``{"anchorDate": ..., "dataset": DatasetInput}``."""
    text = resources.files("demo").joinpath("portfolio.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def demo_input(today: date | None = None) -> dict[str, Any]:
    """The demo's ``DatasetInput`` (JSON, as a client sends it), its dates moved to ``today``."""
    document = portfolio()
    shift = (today or date.today()) - date.fromisoformat(document["anchorDate"])
    shifted: dict[str, Any] = _shifted(document["dataset"], shift)
    return shifted


def _shifted(value: Any, shift: timedelta, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _shifted(v, shift, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, shift, key) for v in value]
    if isinstance(value, str) and key in DATE_FIELDS:
        return (date.fromisoformat(value) + shift).isoformat()
    if isinstance(value, str) and key in DATETIME_FIELDS:
        return (datetime.fromisoformat(value) + shift).isoformat()
    return value


async def load_demo(
    graph: GraphSession, settings: Settings, today: date | None = None
) -> DemoSummary:
    """Import the demo portfolio as of ``today`` (default: the system date) with the app's
    ``importDataset``; raises :class:`DemoLoadError` listing its userErrors if it refuses."""
    day = today or date.today()
    config = settings.schema_config()
    result = await build_schema(config).execute(
        IMPORT_DEMO,
        variable_values={"input": demo_input(day)},
        context_value=Context(graph, config, LOADER, today=day),
    )
    if result.errors:
        raise DemoLoadError(
            "importDataset failed on the demo portfolio: "
            + "; ".join(error.message for error in result.errors)
        )
    if result.data is None:
        raise DemoLoadError("importDataset returned no data for the demo portfolio")
    payload = result.data["importDataset"]
    if payload["userErrors"]:
        problems = "\n".join(
            f"  {'.'.join(error['field'])}: {error['code']}: {error['message']}"
            for error in payload["userErrors"]
        )
        raise DemoLoadError(f"importDataset refused the demo portfolio:\n{problems}")
    return DemoSummary(
        accounts=payload["accounts"],
        people=payload["people"],
        team_members=payload["teamMembers"],
        relationships=payload["relationships"],
        touchpoints=payload["touchpoints"],
    )
